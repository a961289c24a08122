/* report_persons.c — `gvi analyze persons`, `explain` and `network`: the person metrics, one
 * person's scores with the records behind them, and the networks' edges with evidence.
 *
 * A person's violence counts come from involvements in the period: as suspect and as victim,
 * in serious incidents, and the severity sum of the incidents where the person is a suspect
 * (the taxonomy's severity weights); "last" is the person's most recent incident.  The
 * network metrics are those of metrics.h over the person network of network.h. */
#include "analysis/analyze.h"
#include "analysis/metrics.h"
#include "analysis/network.h"
#include "buf.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Betweenness costs one search per source vertex, each O(n + m).  It is exact while the
 * whole job stays under BETWEENNESS_WORK steps (a few seconds on two cores); above that it is
 * estimated from as many sampled sources as that budget allows (at least 100, at most 2,000),
 * with a standard error per person. */
#define BETWEENNESS_WORK 5e8

static void betweenness_plan(const struct graph *g, int *exact_limit, int *sources)
{
	double per_source = (double)g->n + 2.0 * (double)g->m + 1;
	double fits = BETWEENNESS_WORK / per_source;
	*exact_limit = fits >= g->n ? g->n : 0;
	*sources = fits < 100 ? 100 : fits > 2000 ? 2000 : (int)fits;
}

/* Full precision for machines (the oracle tests compare to 1e-9), four digits for people. */
static const char *real_format = "%.17g";

struct person_violence {
	int suspect, victim, witness, serious;
	double severity;        /* sum of severities as suspect */
	char last[DATETIME_LEN];
};

struct person_report {
	struct dataset ds;
	struct network net;
	struct metrics m;
	struct person_violence *pv;
};

static void person_report_release(struct person_report *r)
{
	metrics_release(&r->m);
	network_release(&r->net);
	dataset_release(&r->ds);
	free(r->pv);
}

static const struct ds_involvement *involvement_sort_base;

static int cmp_involvement(const void *a, const void *b)
{
	const struct ds_involvement *x = &involvement_sort_base[*(const size_t *)a];
	const struct ds_involvement *y = &involvement_sort_base[*(const size_t *)b];
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	if (x->incident != y->incident)
		return x->incident < y->incident ? -1 : 1;
	return x->role < y->role ? -1 : x->role > y->role;
}

static int refuse_without(struct analyze_ctx *ctx, const char *entity, const char *what, struct err *e)
{
	if (access_may_read(ctx->a, model_entity(entity)))
		return 0;
	return err_set(e, "refused: user %s (role %s) may not read %s records, so there is no %s to "
		       "analyse", access_actor(ctx->a)->name, access_actor(ctx->a)->role, entity, what);
}

/* GVI_TIMING=1 prints how long each phase took to stderr (for bench/analyze). */
static void phase(const char *name)
{
	static struct timespec last;
	static int on = -1;
	if (on < 0)
		on = getenv("GVI_TIMING") != NULL;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (on && name)
		fprintf(stderr, "timing: %-10s %.3f s\n", name,
			(double)(now.tv_sec - last.tv_sec) + (double)(now.tv_nsec - last.tv_nsec) / 1e9);
	last = now;
}

static int person_report_build(struct analyze_ctx *ctx, struct person_report *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	real_format = ctx->cli->fmt == TABLE_TEXT ? "%.4g" : "%.17g";
	if (refuse_without(ctx, "person", "person network", e))
		return -1;
	phase(NULL);
	/* Scores may rest on records the role may not read where the policy says so; explain
	 * then counts them without showing them. */
	struct ds_filter f = ctx->filter;
	f.count_unreadable = 1;
	if (dataset_load(ctx->a, &f, &r->ds, e))
		return -1;
	phase("load");
	int exact_limit = 0, sources = 0;
	if (!network_persons(&r->ds, ctx->filter.from, ctx->filter.to, &r->net, e))
		betweenness_plan(&r->net.g, &exact_limit, &sources);
	phase("network");
	if (!r->net.g.offset || metrics_compute(&r->net.g, exact_limit, sources, &r->m, e)) {
		person_report_release(r);
		return -1;
	}
	phase("metrics");
	r->pv = calloc((size_t)r->ds.npersons + 1, sizeof *r->pv);
	if (!r->pv)
		abort();
	/* Involvements by person and incident, so an incident counts once towards "serious"
	 * even when the person had two roles in it. */
	size_t n = r->ds.ninvolvements;
	size_t *order = malloc((n + 1) * sizeof *order);
	if (!order)
		abort();
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	involvement_sort_base = r->ds.involvements;
	if (n)
		qsort(order, n, sizeof *order, cmp_involvement);
	for (size_t k = 0; k < n; k++) {
		const struct ds_involvement *v = &r->ds.involvements[order[k]];
		const struct ds_involvement *prev = k ? &r->ds.involvements[order[k - 1]] : NULL;
		const struct ds_incident *inc = &r->ds.incidents[v->incident];
		struct person_violence *p = &r->pv[v->person];
		p->suspect += v->role == DS_SUSPECT;
		p->victim += v->role == DS_VICTIM;
		p->witness += v->role == DS_WITNESS;
		if (!prev || prev->person != v->person || prev->incident != v->incident)
			p->serious += inc->serious;
		if (v->role == DS_SUSPECT)
			p->severity += inc->severity;
		if (strcmp(inc->occurred, p->last) > 0)
			snprintf(p->last, sizeof p->last, "%s", inc->occurred);
	}
	free(order);
	return 0;
}

static const char *age_band(const char *birth, const char *today)
{
	if (!*birth)
		return NULL;
	int age = date_age(birth, today);
	return age < 0 ? NULL : age < 18 ? "under 18" : age < 21 ? "under 21" : "adult";
}

/* ---- persons ---- */

static const char *const person_columns[] = { "code", "age_band", "suspect", "victim", "serious",
	"severity", "last", "degree", "strength", "betweenness", "betweenness_se", "eigenvector",
	"coreness", "community" };
#define NPERSON_COLUMNS (sizeof person_columns / sizeof person_columns[0])

static const struct report_person_ctx {
	const struct person_report *r;
	const char *sort;
} *sort_ctx;

static double sort_key(const struct person_report *r, int v, const char *sort)
{
	if (!strcmp(sort, "betweenness"))
		return r->m.betweenness[v];
	if (!strcmp(sort, "eigenvector"))
		return r->m.eigenvector[v];
	if (!strcmp(sort, "degree"))
		return r->m.degree[v];
	if (!strcmp(sort, "strength"))
		return r->m.strength[v];
	if (!strcmp(sort, "coreness"))
		return r->m.coreness[v];
	if (!strcmp(sort, "victim"))
		return r->pv[v].victim;
	if (!strcmp(sort, "suspect"))
		return r->pv[v].suspect;
	return r->pv[v].severity;
}

static int cmp_persons(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	const struct person_report *r = sort_ctx->r;
	double kx = sort_key(r, x, sort_ctx->sort), ky = sort_key(r, y, sort_ctx->sort);
	if (kx != ky)
		return kx > ky ? -1 : 1;
	if (r->m.betweenness[x] != r->m.betweenness[y])
		return r->m.betweenness[x] > r->m.betweenness[y] ? -1 : 1;
	return strcmp(r->ds.persons[x].code, r->ds.persons[y].code);
}

static void person_cells(const struct person_report *r, int v, char buf[][32], const char **cells)
{
	const struct person_violence *p = &r->pv[v];
	cells[0] = r->ds.persons[v].code;
	cells[1] = age_band(r->ds.persons[v].birth, r->ds.today);
	snprintf(buf[2], 32, "%d", p->suspect);
	snprintf(buf[3], 32, "%d", p->victim);
	snprintf(buf[4], 32, "%d", p->serious);
	snprintf(buf[5], 32, "%g", p->severity);
	/* when the incidents are only counted for this role, their dates are not shown either */
	cells[6] = *p->last && !(r->ds.unseen & (DS_UNSEEN_INCIDENT | DS_UNSEEN_INVOLVEMENT)) ? p->last : NULL;
	snprintf(buf[7], 32, "%g", r->m.degree[v]);
	snprintf(buf[8], 32, real_format, r->m.strength[v]);
	snprintf(buf[9], 32, real_format, r->m.betweenness[v]);
	snprintf(buf[10], 32, real_format, r->m.betweenness_se[v]);
	snprintf(buf[11], 32, real_format, r->m.eigenvector[v]);
	snprintf(buf[12], 32, "%d", r->m.coreness[v]);
	snprintf(buf[13], 32, "%d", r->m.community[v]);
	for (int i = 2; i < (int)NPERSON_COLUMNS; i++)
		if (i != 6)
			cells[i] = buf[i];
	if (r->m.betweenness_exact)
		cells[10] = NULL;
}

static struct table *person_table(void)
{
	struct table *t = table_new(NPERSON_COLUMNS, person_columns);
	for (size_t i = 2; i < NPERSON_COLUMNS; i++)
		if (i != 6)
			table_set_kind(t, i, i == 2 || i == 3 || i == 4 || i == 7 || i == 12 || i == 13 ? COL_INT : COL_REAL);
	return t;
}


int analyze_persons(struct analyze_ctx *ctx)
{
	const char *sort = "severity";
	int supervised = 0;
	int n = ctx->argc;
	ctx->argc = 0;
	for (int i = 0; i < n; i++) {
		const char *v = NULL;
		if (!strcmp(ctx->argv[i], "--supervised"))
			supervised = 1;
		else if ((v = cli_opt(n, ctx->argv, &i, "sort")))
			sort = v;
		else
			return analyze_usage(ctx, "gvi analyze persons [--sort severity|suspect|victim|betweenness|"
					 "eigenvector|degree|strength|coreness] [--supervised] [--top N]");
	}
	struct err e = { 0 };
	if (supervised && !access_may_read(ctx->a, model_entity("supervision"))) {
		err_set(&e, "refused: user %s (role %s) may not read supervision records, so --supervised "
			"cannot be used", access_actor(ctx->a)->name, access_actor(ctx->a)->role);
		return analyze_fail(ctx, &e);
	}
	struct person_report r;
	if (person_report_build(ctx, &r, &e))
		return analyze_fail(ctx, &e);
	analyze_note_missing(ctx, &r.ds);
	int *order = malloc(((size_t)r.ds.npersons + 1) * sizeof *order);
	int kept = 0;
	for (int v = 0; v < r.ds.npersons; v++)
		if (!supervised || r.ds.persons[v].supervised)
			order[kept++] = v;
	struct report_person_ctx sc = { &r, sort };
	sort_ctx = &sc;
	qsort(order, (size_t)kept, sizeof *order, cmp_persons);
	struct table *t = person_table();
	long rows = ctx->top && ctx->top < kept ? ctx->top : kept;
	for (long i = 0; i < rows; i++) {
		char buf[NPERSON_COLUMNS][32];
		const char *cells[NPERSON_COLUMNS];
		person_cells(&r, order[i], buf, cells);
		table_add_row(t, cells);
	}
	table_print(t, ctx->out, ctx->cli->fmt);
	if (ctx->cli->fmt == TABLE_TEXT) {
		printf("\n%d persons, %lld ties in the person network; %d communities (modularity %.3f); "
		       "betweenness %s.\n", r.ds.npersons, (long long)r.net.g.m, r.m.ncommunities,
		       r.m.modularity, r.m.betweenness_exact || !r.ds.npersons ? "exact"
		       : "estimated from sampled sources (see betweenness_se)");
	}
	table_free(t);
	free(order);
	person_report_release(&r);
	return 0;
}

/* ---- explain ---- */

/* The evidence the viewer may see; *hidden counts the rest. */
static json_t *evidence_json(const struct dataset *ds, const struct net_evidence *ev, size_t n, long *hidden)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		if (dataset_reason_unseen(ds, (int)ev[i].reason)) {
			++*hidden;
			continue;
		}
		json_t *o = json_pack("{s:s, s:I, s:f}", "reason", network_reason_name(ev[i].reason),
				      "record", (json_int_t)ev[i].ref, "weight", ev[i].weight);
		if (ev[i].reason == NET_SHARED_GROUP)
			for (int g = 0; g < ds->ngroups; g++)
				if (ds->groups[g].id == ev[i].ref)
					json_object_set_new(o, "group", json_string(ds->groups[g].name));
		json_array_append_new(arr, o);
	}
	return arr;
}

int analyze_explain(struct analyze_ctx *ctx)
{
	if (ctx->argc != 1)
		return analyze_usage(ctx, "gvi analyze explain PERSON-CODE");
	const char *code = ctx->argv[0];
	struct err e = { 0 };
	struct person_report r;
	if (person_report_build(ctx, &r, &e))
		return analyze_fail(ctx, &e);
	int v = dataset_person(&r.ds, code);
	if (v < 0) {
		person_report_release(&r);
		err_set(&e, "no person with code %s that your role may read", code);
		return analyze_fail(ctx, &e);
	}
	char buf[NPERSON_COLUMNS][32];
	const char *cells[NPERSON_COLUMNS];
	person_cells(&r, v, buf, cells);
	json_t *out = json_object(), *person = json_object();
	for (size_t i = 0; i < NPERSON_COLUMNS; i++) {
		json_t *val = json_null();
		if (cells[i] && (i <= 1 || i == 6))
			val = json_string(cells[i]);
		else if (cells[i] && (i == 2 || i == 3 || i == 4 || i == 7 || i == 12 || i == 13))
			val = json_integer(strtoll(cells[i], NULL, 10));
		else if (cells[i])
			val = json_real(strtod(cells[i], NULL));
		json_object_set_new(person, person_columns[i], val);
	}
	json_object_set_new(out, "person", person);
	json_object_set_new(out, "how", json_pack("{s:s, s:s, s:s, s:s}",
		"network", "edges: co-involvement in an incident (1 per incident), membership of the same group in the period (1 per group), recorded ties (their weight)",
		"betweenness", r.m.betweenness_exact ? "exact, hop counts" : "estimated from sampled sources, hop counts",
		"eigenvector", "weighted eigenvector centrality, maximum 1",
		"severity", "sum of the severity weights of incidents where the person is a suspect"));
	/* A neighbour whose every piece of evidence the role may not see is not named (the tie
	 * itself would tell what the records say); it and each hidden record are counted. */
	json_t *neighbours = json_array();
	long hidden_records = 0, hidden_neighbours = 0, hidden_involvements = 0;
	for (int64_t h = r.net.g.offset[v]; h < r.net.g.offset[v + 1]; h++) {
		int u = r.net.g.adj[h];
		size_t n;
		const struct net_evidence *ev = network_edge_evidence(&r.net, v, u, &n);
		json_t *evj = evidence_json(&r.ds, ev, n, &hidden_records);
		if (!json_array_size(evj)) {
			hidden_neighbours++;
			json_decref(evj);
			continue;
		}
		json_array_append_new(neighbours, json_pack("{s:s, s:f, s:o}", "code", r.ds.persons[u].code,
			"weight", r.net.g.w[h], "evidence", evj));
	}
	json_object_set_new(out, "neighbours", neighbours);
	json_t *incidents = json_array();
	static const char *const roles[] = { "suspect", "victim", "witness", "other" };
	for (size_t i = 0; i < r.ds.ninvolvements; i++) {
		const struct ds_involvement *x = &r.ds.involvements[i];
		if (x->person != v)
			continue;
		if (r.ds.unseen & (DS_UNSEEN_INCIDENT | DS_UNSEEN_INVOLVEMENT)) {
			hidden_involvements++;
			continue;
		}
		const struct ds_incident *inc = &r.ds.incidents[x->incident];
		json_array_append_new(incidents, json_pack("{s:I, s:s, s:s, s:s, s:i, s:b}", "incident",
			(json_int_t)inc->id, "occurred", inc->occurred, "type", inc->type, "role", roles[x->role],
			"severity", inc->severity, "serious", inc->serious));
	}
	json_object_set_new(out, "involvements", incidents);
	/* What the role may not see, counted: records behind the neighbours' edges (and the
	 * neighbours they alone connect), and involvements. */
	json_object_set_new(out, "hidden_records", json_integer(hidden_records + hidden_involvements));
	json_object_set_new(out, "hidden_neighbours", json_integer(hidden_neighbours));
	json_object_set_new(out, "hidden_evidence", json_integer(hidden_records));
	json_object_set_new(out, "hidden_involvements", json_integer(hidden_involvements));
	if (*r.ds.missing)
		json_object_set_new(out, "not_visible_to_role", json_string(r.ds.missing));
	if (ctx->cli->fmt == TABLE_JSON) {
		json_dumpf(out, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
		fputc('\n', ctx->out);
	} else {
		struct table *t = person_table();
		table_add_row(t, cells);
		table_print_record(t, stdout, TABLE_TEXT);
		table_free(t);
		printf("\nNeighbours in the person network (weight: evidence):\n");
		size_t i;
		json_t *nb;
		json_array_foreach(neighbours, i, nb) {
			printf("  %-10s %5g:", json_string_value(json_object_get(nb, "code")),
			       json_real_value(json_object_get(nb, "weight")));
			size_t j;
			json_t *ev;
			json_array_foreach(json_object_get(nb, "evidence"), j, ev) {
				const char *group = json_string_value(json_object_get(ev, "group"));
				printf(" %s %lld%s%s%s", json_string_value(json_object_get(ev, "reason")),
				       (long long)json_integer_value(json_object_get(ev, "record")),
				       group ? " (" : "", group ? group : "", group ? ")" : "");
			}
			putchar('\n');
		}
		printf("\nInvolvements:\n");
		json_t *x;
		json_array_foreach(incidents, i, x)
			printf("  incident %-6lld %-16s %-20s %-8s severity %lld\n",
			       (long long)json_integer_value(json_object_get(x, "incident")),
			       json_string_value(json_object_get(x, "occurred")),
			       json_string_value(json_object_get(x, "type")),
			       json_string_value(json_object_get(x, "role")),
			       (long long)json_integer_value(json_object_get(x, "severity")));
		if (*r.ds.missing)
			printf("\nNot visible to your role, so not counted: %s\n", r.ds.missing);
		if (hidden_records + hidden_involvements)
			printf("\n%ld record%s behind these scores your role may not see (counted, not shown)%s.\n",
			       hidden_records + hidden_involvements, hidden_records + hidden_involvements == 1 ? "" : "s",
			       hidden_neighbours ? "; neighbours connected only by them are not named" : "");
	}
	json_decref(out);
	person_report_release(&r);
	return 0;
}

/* ---- network ---- */

int analyze_network(struct analyze_ctx *ctx)
{
	int groups = 0;
	int n = ctx->argc;
	for (int i = 0; i < n; i++) {
		const char *v = cli_opt(n, ctx->argv, &i, "of");
		if (!v || (strcmp(v, "persons") && strcmp(v, "groups")))
			return analyze_usage(ctx, "gvi analyze network [--of persons|groups]");
		groups = !strcmp(v, "groups");
	}
	struct err e = { 0 };
	struct dataset ds;
	struct network net;
	if (refuse_without(ctx, groups ? "group" : "person", groups ? "group network" : "person network", &e) ||
	    dataset_load(ctx->a, &ctx->filter, &ds, &e))
		return analyze_fail(ctx, &e);
	analyze_note_missing(ctx, &ds);
	if ((groups ? network_groups(&ds, &net, &e) : network_persons(&ds, ctx->filter.from, ctx->filter.to, &net, &e))) {
		dataset_release(&ds);
		return analyze_fail(ctx, &e);
	}
	const char *headers[] = { "source", "target", "weight", "evidence" };
	struct table *t = table_new(4, headers);
	table_set_kind(t, 2, COL_REAL);
	for (int u = 0; u < net.g.n; u++)
		for (int64_t h = net.g.offset[u]; h < net.g.offset[u + 1]; h++) {
			int v = net.g.adj[h];
			if (v < u)
				continue;
			size_t cnt;
			const struct net_evidence *ev = network_edge_evidence(&net, u, v, &cnt);
			struct buf b = BUF_INIT;
			for (size_t k = 0; k < cnt; k++)
				buf_addf(&b, "%s%s:%lld", k ? ";" : "", network_reason_name(ev[k].reason), (long long)ev[k].ref);
			char w[32];
			snprintf(w, sizeof w, "%.17g", net.g.w[h]);
			const char *cells[] = { groups ? ds.groups[u].name : ds.persons[u].code,
				groups ? ds.groups[v].name : ds.persons[v].code, w, b.s };
			table_add_row(t, cells);
			buf_release(&b);
		}
	table_print(t, ctx->out, ctx->cli->fmt);
	table_free(t);
	network_release(&net);
	dataset_release(&ds);
	return 0;
}
