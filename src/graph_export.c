/* graph_export.c — the GVI network as GraphML or GEXF 1.3 (see graph_export.h).
 *
 * The whole graph is read through the access layer into compact arrays first and written
 * afterwards, so a refusal or a read error never leaves half a file, and the output is
 * deterministic: nodes by id (persons, then groups), then edges by kind — memberships and
 * relations in record-id order, co-involvement by person pair.  Records name their references
 * by key (a person's code, a group's name), so the node lists become sorted maps code → id
 * and name → id.  Co-involvement is found by sorting, not with a matrix: (incident, person)
 * pairs sorted by incident give each incident's persons, each two of them make one
 * (smaller id, larger id) pair, and sorting the pairs and counting runs gives the weights —
 * O(n log n) in the involvements, seconds at national scale.
 *
 * Only current ties are drawn: memberships and relations whose `until` is empty.  A person is
 * labelled by the pseudonymous code only; no name, alias or personnummer is ever copied out of
 * the records.  The reads are whole-entity exports (access_export), so exporting the network
 * leaves one audit entry per personal entity read, as `gvi export person` does. */
#include "graph_export.h"
#include "date.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct person_node {
	int64_t id;
	char *code;       /* the label; NULL only if the store has none */
	char *age_band;
	char *area;
};

struct group_node {
	int64_t id;
	char *name;
	char *status;
};

/* key → id: a person's code or a group's name (the strings belong to the nodes). */
struct key_id {
	const char *key;
	int64_t id;
};

struct edge {
	char stype, ttype;    /* 'p' person or 'g' group */
	int64_t s, t;
	const char *kind;     /* static: "membership", a relation kind or "co-involvement" */
	const char *level;    /* membership level (static, from the model's choices) or NULL */
	long intensity;       /* relation intensity; 0 = not recorded */
	long weight;
};

struct pair {
	int64_t a, b;
};

struct graph {
	struct person_node *persons;
	size_t npersons, apersons;
	struct group_node *groups;
	size_t ngroups, agroups;
	struct key_id *codes, *names;   /* sorted by key */
	size_t ncodes, nnames;
	struct edge *edges;
	size_t nedges, aedges;
	struct pair *inv;               /* (incident, person) while counting co-involvement */
	size_t ninv, ainv;
	int oom;
};

#define KIND_MEMBERSHIP "membership"
#define KIND_COINVOLVED "co-involvement"

/* ---- collecting ---- */

/* Returns arr with room for element n, grown (and *alloc updated) if needed; NULL when out
 * of memory, arr then still being valid. */
static void *grow(void *arr, size_t *alloc, size_t n, size_t size)
{
	if (n < *alloc)
		return arr;
	size_t na = *alloc ? *alloc * 2 : 256;
	void *p = reallocarray(arr, na, size);
	if (p)
		*alloc = na;
	return p;
}

/* strdup of a value that may be NULL; sets g->oom on failure. */
static char *dup_value(struct graph *g, const char *s)
{
	if (!s)
		return NULL;
	char *p = strdup(s);
	if (!p)
		g->oom = 1;
	return p;
}

/* The model's static copy of an enum value (NULL if it is none of the choices). */
static const char *choice(const struct record *r, const char *name)
{
	const char *v = record_get(r, name);
	const struct field *f = model_field(r->e, name);
	int i = v && f ? model_choice(f, v) : -1;
	return i >= 0 ? f->choices[i] : NULL;
}

static int add_person(void *p, const struct record *r)
{
	struct graph *g = p;
	struct person_node *arr = grow(g->persons, &g->apersons, g->npersons, sizeof *arr);
	if (!arr) {
		g->oom = 1;
		return -1;
	}
	g->persons = arr;
	struct person_node *n = &arr[g->npersons++];
	n->id = r->id;
	n->code = dup_value(g, record_get(r, "code"));
	n->age_band = dup_value(g, record_get(r, "age_band"));
	n->area = dup_value(g, record_get(r, "area"));
	return g->oom ? -1 : 0;
}

static int add_group(void *p, const struct record *r)
{
	struct graph *g = p;
	struct group_node *arr = grow(g->groups, &g->agroups, g->ngroups, sizeof *arr);
	if (!arr) {
		g->oom = 1;
		return -1;
	}
	g->groups = arr;
	struct group_node *n = &arr[g->ngroups++];
	n->id = r->id;
	n->name = dup_value(g, record_get(r, "name"));
	n->status = dup_value(g, record_get(r, "status"));
	return g->oom ? -1 : 0;
}

/* qsort, safe for an empty (NULL) array. */
static void sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

static int cmp_key(const void *x, const void *y)
{
	const struct key_id *a = x, *b = y;
	return strcmp(a->key, b->key);
}

static int cmp_person(const void *x, const void *y)
{
	const struct person_node *a = x, *b = y;
	return (a->id > b->id) - (a->id < b->id);
}

static int cmp_group(const void *x, const void *y)
{
	const struct group_node *a = x, *b = y;
	return (a->id > b->id) - (a->id < b->id);
}

/* Sorts the nodes by id and builds the code → id and name → id maps from them. */
static int build_maps(struct graph *g)
{
	sort(g->persons, g->npersons, sizeof *g->persons, cmp_person);
	sort(g->groups, g->ngroups, sizeof *g->groups, cmp_group);
	g->codes = calloc(g->npersons ? g->npersons : 1, sizeof *g->codes);
	g->names = calloc(g->ngroups ? g->ngroups : 1, sizeof *g->names);
	if (!g->codes || !g->names)
		return -1;
	for (size_t i = 0; i < g->npersons; i++)
		if (g->persons[i].code)
			g->codes[g->ncodes++] = (struct key_id){ g->persons[i].code, g->persons[i].id };
	for (size_t i = 0; i < g->ngroups; i++)
		if (g->groups[i].name)
			g->names[g->nnames++] = (struct key_id){ g->groups[i].name, g->groups[i].id };
	sort(g->codes, g->ncodes, sizeof *g->codes, cmp_key);
	sort(g->names, g->nnames, sizeof *g->names, cmp_key);
	return 0;
}

/* The id a key maps to, or 0 when it names no node (a reference this role cannot see). */
static int64_t lookup(const struct key_id *map, size_t n, const char *key)
{
	if (!key || !n)
		return 0;
	struct key_id probe = { key, 0 };
	const struct key_id *hit = bsearch(&probe, map, n, sizeof *map, cmp_key);
	return hit ? hit->id : 0;
}

static struct edge *new_edge(struct graph *g)
{
	struct edge *arr = grow(g->edges, &g->aedges, g->nedges, sizeof *arr);
	if (!arr) {
		g->oom = 1;
		return NULL;
	}
	g->edges = arr;
	struct edge *ed = &arr[g->nedges++];
	*ed = (struct edge){ .weight = 1 };
	return ed;
}

static int add_membership(void *p, const struct record *r)
{
	struct graph *g = p;
	if (record_get(r, "until"))
		return 0;   /* ended */
	int64_t person = lookup(g->codes, g->ncodes, record_get(r, "person"));
	int64_t group = lookup(g->names, g->nnames, record_get(r, "group"));
	if (!person || !group)
		return 0;
	struct edge *ed = new_edge(g);
	if (!ed)
		return -1;
	ed->stype = 'p', ed->s = person;
	ed->ttype = 'g', ed->t = group;
	ed->kind = KIND_MEMBERSHIP;
	ed->level = choice(r, "level");
	return 0;
}

static int add_relation(void *p, const struct record *r)
{
	struct graph *g = p;
	if (record_get(r, "until"))
		return 0;   /* ended */
	int64_t a = lookup(g->names, g->nnames, record_get(r, "group_a"));
	int64_t b = lookup(g->names, g->nnames, record_get(r, "group_b"));
	const char *kind = choice(r, "kind");
	if (!a || !b || !kind)
		return 0;
	struct edge *ed = new_edge(g);
	if (!ed)
		return -1;
	ed->stype = 'g', ed->s = a;
	ed->ttype = 'g', ed->t = b;
	ed->kind = kind;
	const char *intensity = record_get(r, "intensity");
	ed->intensity = intensity ? strtol(intensity, NULL, 10) : 0;
	return 0;
}

static int add_involvement(void *p, const struct record *r)
{
	struct graph *g = p;
	const char *incident = record_get(r, "incident");   /* shown as the incident's id */
	int64_t person = lookup(g->codes, g->ncodes, record_get(r, "person"));
	long long inc = incident ? strtoll(incident, NULL, 10) : 0;
	if (!person || inc <= 0)
		return 0;
	struct pair *arr = grow(g->inv, &g->ainv, g->ninv, sizeof *arr);
	if (!arr) {
		g->oom = 1;
		return -1;
	}
	g->inv = arr;
	arr[g->ninv++] = (struct pair){ inc, person };
	return 0;
}

static int cmp_pair(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;
	if (a->a != b->a)
		return (a->a > b->a) - (a->a < b->a);
	return (a->b > b->b) - (a->b < b->b);
}

/* Turns the (incident, person) list into weighted person–person edges; frees the list. */
static int co_involvement(struct graph *g)
{
	sort(g->inv, g->ninv, sizeof *g->inv, cmp_pair);
	struct pair *pairs = NULL;
	size_t npairs = 0, apairs = 0;
	for (size_t i = 0; i < g->ninv;) {
		size_t end = i;
		while (end < g->ninv && g->inv[end].a == g->inv[i].a)
			end++;
		/* inv[i..end) is one incident, sorted by person; a person involved twice (two
		 * roles) counts once: skip repeats on both sides of the pair. */
		for (size_t x = i; x < end; x++) {
			if (x > i && g->inv[x].b == g->inv[x - 1].b)
				continue;
			for (size_t y = x + 1; y < end; y++) {
				if (g->inv[y].b == g->inv[y - 1].b)
					continue;
				struct pair *arr = grow(pairs, &apairs, npairs, sizeof *arr);
				if (!arr) {
					free(pairs);
					return -1;
				}
				pairs = arr;
				pairs[npairs++] = (struct pair){ g->inv[x].b, g->inv[y].b };
			}
		}
		i = end;
	}
	free(g->inv);
	g->inv = NULL;
	g->ninv = g->ainv = 0;
	sort(pairs, npairs, sizeof *pairs, cmp_pair);
	for (size_t i = 0; i < npairs;) {
		size_t end = i;
		while (end < npairs && !cmp_pair(&pairs[end], &pairs[i]))
			end++;
		struct edge *ed = new_edge(g);
		if (!ed) {
			free(pairs);
			return -1;
		}
		ed->stype = 'p', ed->s = pairs[i].a;
		ed->ttype = 'p', ed->t = pairs[i].b;
		ed->kind = KIND_COINVOLVED;
		ed->weight = (long)(end - i);
		i = end;
	}
	free(pairs);
	return 0;
}

static void graph_release(struct graph *g)
{
	for (size_t i = 0; i < g->npersons; i++) {
		free(g->persons[i].code);
		free(g->persons[i].age_band);
		free(g->persons[i].area);
	}
	for (size_t i = 0; i < g->ngroups; i++) {
		free(g->groups[i].name);
		free(g->groups[i].status);
	}
	free(g->persons);
	free(g->groups);
	free(g->codes);
	free(g->names);
	free(g->edges);
	free(g->inv);
}

/* Reads every record of entity `name` into fn.  Returns 0; 1 when the acting role may not
 * read that entity (nothing was read); -1 with e set on any other failure. */
static int read_entity(struct access *a, const char *name, store_row_fn fn, struct graph *g,
		       struct err *e)
{
	struct err mine = { 0 };
	int rc = access_export(a, model_entity(name), fn, g, &mine);
	if (g->oom)
		return err_set(e, "out of memory building the network (reading %s records)", name);
	if (!rc)
		return 0;
	if (!strncmp(mine.msg, "refused", 7))
		return 1;
	if (!err_isset(&mine))
		return err_set(e, "reading %s records for the network failed", name);
	err_set(e, "%s", mine.msg);
	e->code = mine.code;
	return -1;
}

/* ---- writing ---- */

/* Writes s as XML character data or attribute value: the five markup characters as entities,
 * tab, newline and carriage return as character references (attribute normalisation would
 * otherwise turn them into spaces), and every code point XML 1.0 forbids — other C0 controls,
 * surrogates, U+FFFE, U+FFFF — and every byte that is not valid UTF-8 as U+FFFD. */
static void xml_text(FILE *out, const char *s)
{
	static const char repl[] = "\xEF\xBF\xBD";
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		if (c < 0x80) {
			switch (c) {
			case '&': fputs("&amp;", out); break;
			case '<': fputs("&lt;", out); break;
			case '>': fputs("&gt;", out); break;
			case '"': fputs("&quot;", out); break;
			case '\'': fputs("&apos;", out); break;
			case '\t': case '\n': case '\r': fprintf(out, "&#%u;", c); break;
			default:
				if (c < 0x20)
					fputs(repl, out);
				else
					fputc((int)c, out);
			}
			p++;
			continue;
		}
		/* A multi-byte sequence: its length, the smallest code point it may encode
		 * (no overlong forms), then the continuation bytes. */
		size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? (c < 0xF0 ? 3 : 0) : c >= 0xC2 ? 2 : 0;
		uint32_t cp = n == 4 ? c & 0x07 : n == 3 ? c & 0x0F : c & 0x1F;
		size_t k = 1;
		for (; n && k < n && (p[k] & 0xC0) == 0x80; k++)
			cp = cp << 6 | (p[k] & 0x3F);
		int ok = n && k == n && !(n == 3 && cp < 0x800) && !(n == 4 && cp < 0x10000) &&
			 cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0xFFFE && cp != 0xFFFF;
		if (ok) {
			fwrite(p, 1, n, out);
			p += n;
		} else {
			fputs(repl, out);
			p++;   /* resynchronise on the next byte */
		}
	}
}

static void node_id(FILE *out, char type, int64_t id)
{
	fprintf(out, "%c%lld", type, (long long)id);
}

/* GraphML: keys for every attribute (distinct ids for node and edge "kind"), then nodes and
 * edges, all undirected. */
static void graphml_data(FILE *out, const char *indent, const char *key, const char *value)
{
	if (!value)
		return;
	fprintf(out, "%s<data key=\"%s\">", indent, key);
	xml_text(out, value);
	fputs("</data>\n", out);
}

static void write_graphml(FILE *out, const struct graph *g, const char *programme)
{
	static const struct { const char *id, *for_, *name, *type; } keys[] = {
		{ "n_label", "node", "label", "string" },
		{ "n_kind", "node", "kind", "string" },
		{ "n_code", "node", "code", "string" },
		{ "n_age_band", "node", "age_band", "string" },
		{ "n_area", "node", "area", "string" },
		{ "n_status", "node", "status", "string" },
		{ "e_kind", "edge", "kind", "string" },
		{ "e_level", "edge", "level", "string" },
		{ "e_intensity", "edge", "intensity", "int" },
		{ "e_weight", "edge", "weight", "double" },
	};
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
	      "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
	      "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
	      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n", out);
	fputs("  <desc>Network of ", out);
	xml_text(out, programme);
	fputs(", persons labelled by pseudonymous code</desc>\n", out);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		fprintf(out, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
			keys[i].id, keys[i].for_, keys[i].name, keys[i].type);
	fputs("  <graph id=\"gvi\" edgedefault=\"undirected\">\n", out);
	for (size_t i = 0; i < g->npersons; i++) {
		const struct person_node *n = &g->persons[i];
		char fallback[32];
		snprintf(fallback, sizeof fallback, "p%lld", (long long)n->id);
		fputs("    <node id=\"", out);
		node_id(out, 'p', n->id);
		fputs("\">\n", out);
		graphml_data(out, "      ", "n_label", n->code ? n->code : fallback);
		graphml_data(out, "      ", "n_kind", "person");
		graphml_data(out, "      ", "n_code", n->code);
		graphml_data(out, "      ", "n_age_band", n->age_band);
		graphml_data(out, "      ", "n_area", n->area);
		fputs("    </node>\n", out);
	}
	for (size_t i = 0; i < g->ngroups; i++) {
		const struct group_node *n = &g->groups[i];
		fputs("    <node id=\"", out);
		node_id(out, 'g', n->id);
		fputs("\">\n", out);
		graphml_data(out, "      ", "n_label", n->name);
		graphml_data(out, "      ", "n_kind", "group");
		graphml_data(out, "      ", "n_status", n->status);
		fputs("    </node>\n", out);
	}
	for (size_t i = 0; i < g->nedges; i++) {
		const struct edge *ed = &g->edges[i];
		char num[32];
		fprintf(out, "    <edge id=\"e%zu\" source=\"", i + 1);
		node_id(out, ed->stype, ed->s);
		fputs("\" target=\"", out);
		node_id(out, ed->ttype, ed->t);
		fputs("\">\n", out);
		graphml_data(out, "      ", "e_kind", ed->kind);
		graphml_data(out, "      ", "e_level", ed->level);
		if (ed->intensity) {
			snprintf(num, sizeof num, "%ld", ed->intensity);
			graphml_data(out, "      ", "e_intensity", num);
		}
		snprintf(num, sizeof num, "%ld", ed->weight);
		graphml_data(out, "      ", "e_weight", num);
		fputs("    </edge>\n", out);
	}
	fputs("  </graph>\n</graphml>\n", out);
}

/* GEXF 1.3: declared attributes per class, nodes with label, edges with weight. */
static void gexf_value(FILE *out, const char *key, const char *value)
{
	if (!value)
		return;
	fprintf(out, "          <attvalue for=\"%s\" value=\"", key);
	xml_text(out, value);
	fputs("\"/>\n", out);
}

static void write_gexf(FILE *out, const struct graph *g, const char *programme)
{
	char today[DATE_LEN];
	date_today(today);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<gexf xmlns=\"http://gexf.net/1.3\"\n"
	      "      xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
	      "      xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\"\n"
	      "      version=\"1.3\">\n", out);
	fprintf(out, "  <meta lastmodifieddate=\"%s\">\n    <creator>gvi</creator>\n"
		"    <description>Network of ", today);
	xml_text(out, programme);
	fputs(", persons labelled by pseudonymous code</description>\n  </meta>\n", out);
	fputs("  <graph defaultedgetype=\"undirected\" mode=\"static\">\n"
	      "    <attributes class=\"node\" mode=\"static\">\n"
	      "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n"
	      "      <attribute id=\"code\" title=\"code\" type=\"string\"/>\n"
	      "      <attribute id=\"age_band\" title=\"age_band\" type=\"string\"/>\n"
	      "      <attribute id=\"area\" title=\"area\" type=\"string\"/>\n"
	      "      <attribute id=\"status\" title=\"status\" type=\"string\"/>\n"
	      "    </attributes>\n"
	      "    <attributes class=\"edge\" mode=\"static\">\n"
	      "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n"
	      "      <attribute id=\"level\" title=\"level\" type=\"string\"/>\n"
	      "      <attribute id=\"intensity\" title=\"intensity\" type=\"integer\"/>\n"
	      "    </attributes>\n"
	      "    <nodes>\n", out);
	for (size_t i = 0; i < g->npersons; i++) {
		const struct person_node *n = &g->persons[i];
		fputs("      <node id=\"", out);
		node_id(out, 'p', n->id);
		fputs("\" label=\"", out);
		if (n->code)
			xml_text(out, n->code);
		else
			node_id(out, 'p', n->id);
		fputs("\">\n        <attvalues>\n", out);
		gexf_value(out, "kind", "person");
		gexf_value(out, "code", n->code);
		gexf_value(out, "age_band", n->age_band);
		gexf_value(out, "area", n->area);
		fputs("        </attvalues>\n      </node>\n", out);
	}
	for (size_t i = 0; i < g->ngroups; i++) {
		const struct group_node *n = &g->groups[i];
		fputs("      <node id=\"", out);
		node_id(out, 'g', n->id);
		fputs("\" label=\"", out);
		if (n->name)
			xml_text(out, n->name);
		else
			node_id(out, 'g', n->id);
		fputs("\">\n        <attvalues>\n", out);
		gexf_value(out, "kind", "group");
		gexf_value(out, "status", n->status);
		fputs("        </attvalues>\n      </node>\n", out);
	}
	fputs("    </nodes>\n    <edges>\n", out);
	for (size_t i = 0; i < g->nedges; i++) {
		const struct edge *ed = &g->edges[i];
		fprintf(out, "      <edge id=\"e%zu\" source=\"", i + 1);
		node_id(out, ed->stype, ed->s);
		fputs("\" target=\"", out);
		node_id(out, ed->ttype, ed->t);
		fprintf(out, "\" weight=\"%ld\">\n        <attvalues>\n", ed->weight);
		gexf_value(out, "kind", ed->kind);
		gexf_value(out, "level", ed->level);
		if (ed->intensity) {
			char num[32];
			snprintf(num, sizeof num, "%ld", ed->intensity);
			gexf_value(out, "intensity", num);
		}
		fputs("        </attvalues>\n      </edge>\n", out);
	}
	fputs("    </edges>\n  </graph>\n</gexf>\n", out);
}

/* ---- the export ---- */

int graph_export(struct access *a, FILE *out, const char *format, struct err *e)
{
	int graphml = !strcmp(format, "graphml");
	if (!graphml && strcmp(format, "gexf"))
		return err_set(e, "unknown graph format \"%s\": use graphml or gexf", format);
	struct graph g = { 0 };
	int rc = -1;
	int no_persons = read_entity(a, "person", add_person, &g, e);
	if (no_persons < 0)
		goto out;
	int no_groups = read_entity(a, "group", add_group, &g, e);
	if (no_groups < 0)
		goto out;
	if (no_persons && no_groups) {
		const struct actor *who = access_actor(a);
		err_set(e, "refused: user %s (role %s) may not read person or group records, so "
			"there is no network to export", who->name, who->role);
		goto out;
	}
	if (build_maps(&g)) {
		err_set(e, "out of memory building the network");
		goto out;
	}
	/* Edges only between nodes this role can see; an unreadable entity is left out. */
	if (!no_persons && !no_groups &&
	    read_entity(a, "membership", add_membership, &g, e) < 0)
		goto out;
	if (!no_groups && read_entity(a, "relation", add_relation, &g, e) < 0)
		goto out;
	if (!no_persons) {
		if (read_entity(a, "involvement", add_involvement, &g, e) < 0)
			goto out;
		if (co_involvement(&g)) {
			err_set(e, "out of memory counting co-involvement");
			goto out;
		}
	}
	char programme[256];
	access_programme(a, programme, sizeof programme);
	if (graphml)
		write_graphml(out, &g, programme);
	else
		write_gexf(out, &g, programme);
	if (ferror(out)) {
		err_set(e, "writing the network failed: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	graph_release(&g);
	return rc;
}
