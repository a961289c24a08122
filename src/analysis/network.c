/* network.c — building the person and group networks with their evidence (see network.h). */
#include "analysis/network.h"

#include <stdlib.h>
#include <string.h>

struct builder {
	struct net_evidence *ev;
	size_t n, cap;
};

static void add(struct builder *b, int u, int v, enum net_reason reason, int64_t ref, double w)
{
	if (u == v)
		return;
	if (u > v) {
		int t = u;
		u = v;
		v = t;
	}
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 1024;
		b->ev = realloc(b->ev, b->cap * sizeof *b->ev);
		if (!b->ev)
			abort();
	}
	b->ev[b->n++] = (struct net_evidence){ u, v, reason, ref, w };
}

static int cmp_evidence(const void *a, const void *b)
{
	const struct net_evidence *x = a, *y = b;
	if (x->u != y->u)
		return x->u < y->u ? -1 : 1;
	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	if (x->reason != y->reason)
		return x->reason < y->reason ? -1 : 1;
	return x->ref < y->ref ? -1 : x->ref > y->ref;
}

/* Sorts the evidence, drops exact repeats (a person twice in one incident, in two roles)
 * and builds the graph from it. */
static int finish(struct builder *b, int n, struct network *out, struct err *e)
{
	if (b->n)   /* qsort of NULL, 0 is undefined */
		qsort(b->ev, b->n, sizeof *b->ev, cmp_evidence);
	size_t k = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (k && !cmp_evidence(&b->ev[k - 1], &b->ev[i]))
			continue;
		b->ev[k++] = b->ev[i];
	}
	b->n = k;
	int *from = malloc((k + 1) * sizeof *from), *to = malloc((k + 1) * sizeof *to);
	double *w = malloc((k + 1) * sizeof *w);
	if (!from || !to || !w)
		abort();
	for (size_t i = 0; i < k; i++) {
		from[i] = b->ev[i].u;
		to[i] = b->ev[i].v;
		w[i] = b->ev[i].weight;
	}
	int rc = graph_from_edges(&out->g, n, (int64_t)k, from, to, w);
	free(from);
	free(to);
	free(w);
	out->evidence = b->ev;
	out->nevidence = k;
	if (rc)
		return err_set(e, "out of memory building the network");
	return 0;
}

static int cmp_int_pair(const void *a, const void *b)
{
	const int *x = a, *y = b;
	return x[0] != y[0] ? (x[0] < y[0] ? -1 : 1) : (x[1] < y[1] ? -1 : x[1] > y[1]);
}

int network_persons(const struct dataset *ds, const char *from, const char *to, struct network *out,
		    struct err *e)
{
	memset(out, 0, sizeof *out);
	struct builder b = { 0 };
	/* co-involvement: persons grouped by incident */
	size_t n = ds->ninvolvements;
	int (*pairs)[2] = malloc((n + 1) * sizeof *pairs);
	if (!pairs)
		abort();
	for (size_t i = 0; i < n; i++) {
		pairs[i][0] = ds->involvements[i].incident;
		pairs[i][1] = ds->involvements[i].person;
	}
	qsort(pairs, n, sizeof *pairs, cmp_int_pair);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && pairs[j][0] == pairs[i][0])
			j++;
		for (size_t x = i; x < j; x++)
			for (size_t y = x + 1; y < j; y++)
				if (pairs[x][1] != pairs[y][1])
					add(&b, pairs[x][1], pairs[y][1], NET_CO_INVOLVEMENT,
					    ds->incidents[pairs[i][0]].id, 1.0);
		i = j;
	}
	/* shared group: members whose memberships overlap the period */
	size_t m = ds->nmemberships;
	int (*mem)[2] = malloc((m + 1) * sizeof *mem);
	if (!mem)
		abort();
	size_t k = 0;
	for (size_t i = 0; i < m; i++) {
		const struct ds_membership *x = &ds->memberships[i];
		if (from && *x->until && strcmp(x->until, from) < 0)
			continue;
		if (to && *x->since && strcmp(x->since, to) > 0)
			continue;
		mem[k][0] = x->group;
		mem[k][1] = x->person;
		k++;
	}
	qsort(mem, k, sizeof *mem, cmp_int_pair);
	for (size_t i = 0; i < k;) {
		size_t j = i;
		while (j < k && mem[j][0] == mem[i][0])
			j++;
		for (size_t x = i; x < j; x++)
			for (size_t y = x + 1; y < j; y++)
				if (mem[x][1] != mem[y][1])
					add(&b, mem[x][1], mem[y][1], NET_SHARED_GROUP, ds->groups[mem[i][0]].id, 1.0);
		i = j;
	}
	free(pairs);
	free(mem);
	for (size_t i = 0; i < ds->nties; i++)
		add(&b, ds->ties[i].a, ds->ties[i].b, NET_TIE, ds->ties[i].id, ds->ties[i].weight);
	/* A person in a group twice (two memberships) gives one shared-group evidence only:
	 * finish() drops the repeat. */
	return finish(&b, ds->npersons, out, e);
}

int network_groups(const struct dataset *ds, struct network *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct builder b = { 0 };
	/* incidents between groups: perpetrating × victimised attributions of one incident,
	 * taken incident by incident (attributions sorted by incident) */
	size_t n = ds->ngroup_involvements;
	size_t *byinc = dataset_group_involvements_by_incident(ds);
	const struct ds_group_involvement *gi = ds->group_involvements;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && gi[byinc[j]].incident == gi[byinc[i]].incident)
			j++;
		for (size_t x = i; x < j; x++)
			for (size_t y = i; y < j; y++) {
				const struct ds_group_involvement *p = &gi[byinc[x]];
				const struct ds_group_involvement *v = &gi[byinc[y]];
				if (p->side == DS_PERPETRATING && v->side == DS_VICTIMISED && v->group != p->group)
					add(&b, p->group, v->group, NET_INCIDENT_BETWEEN,
					    ds->incidents[p->incident].id, p->confidence * v->confidence);
			}
		i = j;
	}
	free(byinc);
	for (size_t i = 0; i < ds->nrelations; i++)
		if (!*ds->relations[i].until && ds->relations[i].kind != DS_NEUTRAL)
			add(&b, ds->relations[i].a, ds->relations[i].b, NET_RELATION, ds->relations[i].id,
			    0.0);   /* a relation alone draws the edge but adds no weight */
	if (finish(&b, ds->ngroups, out, e))
		return -1;
	/* The relation kind of each half-edge, for pictures and the ranking. */
	out->relation_kind = malloc((size_t)(2 * out->g.m + 1) * sizeof *out->relation_kind);
	if (!out->relation_kind)
		abort();
	for (int64_t h = 0; h < 2 * out->g.m; h++)
		out->relation_kind[h] = -1;
	for (size_t r = 0; r < ds->nrelations; r++) {
		const struct ds_relation *x = &ds->relations[r];
		if (*x->until || x->a == x->b)
			continue;
		for (int side = 0; side < 2; side++) {
			int u = side ? x->b : x->a, v = side ? x->a : x->b;
			for (int64_t h = out->g.offset[u]; h < out->g.offset[u + 1]; h++)
				if (out->g.adj[h] == v)
					out->relation_kind[h] = (int)x->kind;
		}
	}
	return 0;
}

void network_release(struct network *n)
{
	graph_release(&n->g);
	free(n->evidence);
	free(n->relation_kind);
	memset(n, 0, sizeof *n);
}

const struct net_evidence *network_edge_evidence(const struct network *n, int u, int v, size_t *count)
{
	if (u > v) {
		int t = u;
		u = v;
		v = t;
	}
	size_t lo = 0, hi = n->nevidence;
	while (lo < hi) {   /* first evidence of (u, v) */
		size_t mid = (lo + hi) / 2;
		const struct net_evidence *x = &n->evidence[mid];
		if (x->u < u || (x->u == u && x->v < v))
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < n->nevidence && n->evidence[end].u == u && n->evidence[end].v == v)
		end++;
	*count = end - lo;
	return n->evidence + lo;
}

const char *network_reason_name(enum net_reason r)
{
	static const char *const names[] = { "co_involvement", "shared_group", "tie",
		"incident_between", "relation" };
	return names[r];
}
