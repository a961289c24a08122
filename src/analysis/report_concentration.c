/* report_concentration.c — `gvi analyze concentration`: how much of the serious violence the
 * few account for — the premise of GVI measured on the repository's own data.
 *
 * Only incidents whose type counts as serious violence are read.  Each person (or group) gets
 * a count: the serious incidents in which the person is recorded as a suspect (the group as
 * perpetrating, at any confidence — an attribution counts whole, and the output says so).
 * Units are ranked by that count (ties: severity sum, then code or name), and for the top
 * 1 %, 5 % and 10 % — ceil(p × N) units, so at least one — we report the share of all serious
 * incidents in which at least one of them is involved.  N is either the units with any
 * involvement (any role or side) in a serious incident, or every unit in the register.  The
 * concentration curve gives, at every 5 % of the involved units, the share of all suspect
 * involvements (and of incidents) the top units hold; the Gini coefficient summarises it.
 * The one choice that matters: shares are of *all* serious incidents, including those with
 * no known suspect, so they are never flattered by leaving the unsolved ones out. */
#include "analysis/analyze.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const int top_percents[] = { 1, 5, 10 };
#define NTOP (sizeof top_percents / sizeof top_percents[0])

struct unit {
	int count;          /* serious incidents as suspect / perpetrating */
	double weighted;    /* groups: the count weighted by confidence (a tie-break only) */
	int severity;       /* severity sum over those incidents */
	int involved;       /* any involvement in a serious incident */
	const char *name;   /* code or group name */
};

struct conc {
	int groups;                 /* 0 persons, 1 groups */
	struct dataset ds;
	int nunits, ninvolved;      /* register size, units with any serious involvement */
	struct unit *u;
	int *order;                 /* units in ranking order */
	int *rank;                  /* rank of unit (inverse of order) */
	int *first_rank;            /* per incident: best rank among its suspects, nunits if none */
	long total;                 /* sum of counts: suspect involvements */
	int with_suspect;           /* serious incidents with at least one suspect / perpetrator */
};

static const struct conc *sort_conc;

static int cmp_units(const void *a, const void *b)
{
	const struct unit *x = &sort_conc->u[*(const int *)a], *y = &sort_conc->u[*(const int *)b];
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->weighted != y->weighted)
		return x->weighted > y->weighted ? -1 : 1;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if (x->involved != y->involved)
		return x->involved > y->involved ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void conc_release(struct conc *c)
{
	free(c->u);
	free(c->order);
	free(c->rank);
	free(c->first_rank);
	dataset_release(&c->ds);
}

/* Marks (incident, unit) pairs once: a suspect recorded twice in one incident counts once. */
static int cmp_pair(const void *a, const void *b)
{
	const int *x = a, *y = b;
	return x[0] != y[0] ? (x[0] < y[0] ? -1 : 1) : (x[1] < y[1] ? -1 : x[1] > y[1]);
}

static int conc_build(struct analyze_ctx *ctx, int groups, struct conc *c, struct err *e)
{
	static const char *const need_persons[] = { "person", "incident", "involvement", NULL };
	static const char *const need_groups[] = { "group", "incident", "group-involvement", NULL };
	memset(c, 0, sizeof *c);
	c->groups = groups;
	for (const char *const *n = groups ? need_groups : need_persons; *n; n++)
		if (!access_may_read(ctx->a, model_entity(*n)))
			return err_set(e, "refused: user %s (role %s) may not read %s records, so the "
				       "concentration of violence among %s cannot be measured",
				       access_actor(ctx->a)->name, access_actor(ctx->a)->role, *n,
				       groups ? "groups" : "persons");
	struct ds_filter f = ctx->filter;
	f.serious_only = 1;
	if (dataset_load(ctx->a, &f, &c->ds, e))
		return -1;
	const struct dataset *ds = &c->ds;
	c->nunits = groups ? ds->ngroups : ds->npersons;
	c->u = calloc((size_t)c->nunits + 1, sizeof *c->u);
	c->order = malloc(((size_t)c->nunits + 1) * sizeof *c->order);
	c->rank = malloc(((size_t)c->nunits + 1) * sizeof *c->rank);
	c->first_rank = malloc(((size_t)ds->nincidents + 1) * sizeof *c->first_rank);
	size_t n = groups ? ds->ngroup_involvements : ds->ninvolvements;
	int (*pairs)[2] = malloc((n + 1) * sizeof *pairs);   /* (incident, unit) as suspect */
	if (!c->u || !c->order || !c->rank || !c->first_rank || !pairs)
		abort();
	for (int i = 0; i < c->nunits; i++)
		c->u[i].name = groups ? ds->groups[i].name : ds->persons[i].code;
	size_t np = 0;
	for (size_t i = 0; i < n; i++) {
		int inc, unit, culprit;
		if (groups) {
			const struct ds_group_involvement *g = &ds->group_involvements[i];
			inc = g->incident, unit = g->group, culprit = g->side == DS_PERPETRATING;
			if (culprit)
				c->u[unit].weighted += g->confidence;
		} else {
			const struct ds_involvement *v = &ds->involvements[i];
			inc = v->incident, unit = v->person, culprit = v->role == DS_SUSPECT;
		}
		c->u[unit].involved = 1;
		if (culprit) {
			pairs[np][0] = inc;
			pairs[np][1] = unit;
			np++;
		}
	}
	qsort(pairs, np, sizeof *pairs, cmp_pair);
	size_t k = 0;
	for (size_t i = 0; i < np; i++)
		if (!k || cmp_pair(pairs[k - 1], pairs[i]))
			memcpy(pairs[k++], pairs[i], sizeof pairs[i]);
	np = k;
	for (size_t i = 0; i < np; i++) {
		struct unit *x = &c->u[pairs[i][1]];
		x->count++;
		x->severity += ds->incidents[pairs[i][0]].severity;
		c->total++;
	}
	for (int i = 0; i < c->nunits; i++) {
		c->order[i] = i;
		c->ninvolved += c->u[i].involved;
	}
	sort_conc = c;
	qsort(c->order, (size_t)c->nunits, sizeof *c->order, cmp_units);
	for (int i = 0; i < c->nunits; i++)
		c->rank[c->order[i]] = i;
	for (int i = 0; i < ds->nincidents; i++)
		c->first_rank[i] = c->nunits;   /* "no suspect" ranks after everyone */
	for (size_t i = 0; i < np; i++) {
		int *fr = &c->first_rank[pairs[i][0]];
		if (c->rank[pairs[i][1]] < *fr)
			*fr = c->rank[pairs[i][1]];
	}
	for (int i = 0; i < ds->nincidents; i++)
		c->with_suspect += c->first_rank[i] < c->nunits;
	free(pairs);
	return 0;
}

/* The serious incidents in which at least one of the top k units is involved. */
static int covered(const struct conc *c, int k)
{
	int n = 0;
	for (int i = 0; i < c->ds.nincidents; i++)
		n += c->first_rank[i] < k;
	return n;
}

/* Suspect involvements held by the top k units. */
static long held(const struct conc *c, int k)
{
	long n = 0;
	for (int i = 0; i < k && i < c->nunits; i++)
		n += c->u[c->order[i]].count;
	return n;
}

static int top_k(int percent, int n)
{
	return (int)(((long)percent * n + 99) / 100);
}

/* Gini coefficient of the counts of the top n units of the ranking (the rest are 0 anyway
 * when n is the register): (2 Σ i·x_(i)) / (n Σ x) − (n + 1) / n, x ascending, i from 1.
 * NAN when nobody has a count. */
static double gini(const struct conc *c, int n)
{
	double sum = 0, weighted = 0;
	for (int i = 0; i < n; i++) {
		double x = c->u[c->order[n - 1 - i]].count;   /* ascending */
		sum += x;
		weighted += (i + 1) * x;
	}
	if (!n || sum == 0)
		return NAN;
	return 2 * weighted / (n * sum) - (double)(n + 1) / n;
}

static double share(double a, double b)
{
	return b > 0 ? a / b : NAN;
}

static json_t *real_or_null(double x)
{
	return isnan(x) ? json_null() : json_real(x);
}

/* "61 %", or "0.4 %" for the small ones, or "–" when undefined. */
static const char *pct(double x, char *buf, size_t n)
{
	if (isnan(x))
		snprintf(buf, n, "–");
	else if (x > 0 && x < 0.01)
		snprintf(buf, n, "%.1f %%", 100 * x);
	else
		snprintf(buf, n, "%.0f %%", 100 * x);
	return buf;
}

#define CURVE_STEPS 20   /* every 5 % */

static json_t *conc_json(const struct conc *c, const char *counting)
{
	const struct dataset *ds = &c->ds;
	int S = ds->nincidents;
	json_t *o = json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:I}", "by", c->groups ? "groups" : "persons",
		"counting", counting, "serious_incidents", S, "incidents_with_known_culprit", c->with_suspect,
		"involved", c->ninvolved, "register", c->nunits, "culprit_involvements", (json_int_t)c->total);
	json_t *period = json_pack("{s:s}", "today", ds->today);
	json_object_set_new(o, "period", period);
	for (int base = 0; base < 2; base++) {
		int N = base ? c->nunits : c->ninvolved;
		json_t *arr = json_array();
		for (size_t t = 0; t < NTOP; t++) {
			int k = top_k(top_percents[t], N), cov = covered(c, k);
			json_t *x = json_pack("{s:i, s:i, s:i, s:i}", "percent", top_percents[t], "units", k,
					      "of", N, "incidents", cov);
			json_object_set_new(x, "share", real_or_null(share(cov, S)));
			json_object_set_new(x, "involvement_share", real_or_null(share((double)held(c, k), (double)c->total)));
			json_array_append_new(arr, x);
		}
		json_object_set_new(o, base ? "top_of_register" : "top_of_involved", arr);
	}
	json_object_set_new(o, "gini", real_or_null(gini(c, c->ninvolved)));
	json_object_set_new(o, "gini_register", real_or_null(gini(c, c->nunits)));
	json_t *curve = json_array();
	for (int s = 0; s <= CURVE_STEPS; s++) {
		int k = top_k(s * 5, c->ninvolved);
		json_t *x = json_pack("{s:i, s:i}", "top_percent", s * 5, "units", k);
		json_object_set_new(x, "units_share", real_or_null(share(k, c->ninvolved)));
		json_object_set_new(x, "involvement_share", real_or_null(share((double)held(c, k), (double)c->total)));
		json_object_set_new(x, "incident_share", real_or_null(share(covered(c, k), S)));
		json_array_append_new(curve, x);
	}
	json_object_set_new(o, "curve", curve);
	json_t *leaders = json_array();
	int k10 = top_k(10, c->ninvolved);
	for (int i = 0; i < k10; i++) {
		const struct unit *u = &c->u[c->order[i]];
		json_array_append_new(leaders, json_pack("{s:i, s:s, s:i, s:i}", "rank", i + 1,
			c->groups ? "group" : "code", u->name, "serious_incidents", u->count,
			"severity", u->severity));
	}
	json_object_set_new(o, "top_10_percent", leaders);
	if (*ds->missing)
		json_object_set_new(o, "not_visible_to_role", json_string(ds->missing));
	return o;
}

static struct table *curve_table(const struct conc *c, int text)
{
	static const char *const heads[] = { "top_percent", "units", "units_share", "involvement_share",
		"incident_share" };
	struct table *t = table_new(5, heads);
	table_set_kind(t, 0, COL_INT);
	table_set_kind(t, 1, COL_INT);
	for (int i = 2; i < 5; i++)
		table_set_kind(t, (size_t)i, COL_REAL);
	for (int s = 0; s <= CURVE_STEPS; s++) {
		int k = top_k(s * 5, c->ninvolved);
		double v[3] = { share(k, c->ninvolved), share((double)held(c, k), (double)c->total),
				share(covered(c, k), c->ds.nincidents) };
		char b[5][32];
		const char *cells[5];
		snprintf(b[0], 32, "%d", s * 5);
		snprintf(b[1], 32, "%d", k);
		cells[0] = b[0];
		cells[1] = b[1];
		for (int i = 0; i < 3; i++) {
			snprintf(b[2 + i], 32, text ? "%.3f" : "%.15g", v[i]);
			cells[2 + i] = isnan(v[i]) ? NULL : b[2 + i];
		}
		table_add_row(t, cells);
	}
	return t;
}

static void conc_text(const struct conc *c, const char *counting, long top)
{
	const struct dataset *ds = &c->ds;
	const char *units = c->groups ? "groups" : "persons";
	const char *verb = c->groups ? "were recorded perpetrating" : "were suspects in";
	int S = ds->nincidents;
	char p1[32], p2[32];
	printf("Serious violence: %d serious incident%s", S, S == 1 ? "" : "s");
	if (c->ds.nincidents)
		printf(" from %.10s to %.10s", ds->incidents[0].day, ds->incidents[S - 1].occurred);
	printf("; %d with a known %s.\n", c->with_suspect, c->groups ? "perpetrating group" : "suspect");
	printf("%d %s with an involvement in a serious incident (any %s); %d in the register.\n",
	       c->ninvolved, units, c->groups ? "side" : "role", c->nunits);
	printf("Counting: %s.\n\n", counting);
	if (!S) {
		printf("No serious incidents in the period: nothing to measure.\n");
		return;
	}
	for (size_t t = 0; t < NTOP; t++) {
		int k = top_k(top_percents[t], c->ninvolved), cov = covered(c, k);
		printf("The top %d %% of %s (%d of %d) %s %s of serious incidents (%d of %d).\n",
		       top_percents[t], units, k, c->ninvolved, verb, pct(share(cov, S), p1, sizeof p1), cov, S);
	}
	putchar('\n');
	for (size_t t = 0; t < NTOP; t++) {
		int k = top_k(top_percents[t], c->nunits), cov = covered(c, k);
		printf("Of all %d %s in the register, the top %d %% (%d) %s %s of serious incidents "
		       "(%d of %d).\n", c->nunits, units, top_percents[t], k, verb,
		       pct(share(cov, S), p1, sizeof p1), cov, S);
	}
	if (c->with_suspect < S)
		printf("\n%d serious incident%s ha%s no known %s, so no share can exceed %s.\n",
		       S - c->with_suspect, S - c->with_suspect == 1 ? "" : "s",
		       S - c->with_suspect == 1 ? "s" : "ve", c->groups ? "perpetrating group" : "suspect",
		       pct(share(c->with_suspect, S), p2, sizeof p2));
	double g = gini(c, c->ninvolved);
	if (!isnan(g))
		printf("\nGini coefficient of serious incidents per %s: %.2f among the involved, %.2f "
		       "over the register (0 = evenly spread, 1 = all on one).\n",
		       c->groups ? "group" : "person", g, gini(c, c->nunits));

	int k10 = top_k(10, c->ninvolved);
	int rows = top && top < k10 ? (int)top : k10;
	printf("\nThe top 10 %% of %s%s:\n", units, rows < k10 ? " (first rows; --top N for more)" : "");
	static const char *const heads[] = { "rank", "unit", "serious_incidents", "severity" };
	const char *h2[] = { heads[0], c->groups ? "group" : "code", heads[2], heads[3] };
	struct table *t = table_new(4, h2);
	table_set_kind(t, 0, COL_INT);
	table_set_kind(t, 2, COL_INT);
	table_set_kind(t, 3, COL_INT);
	for (int i = 0; i < rows; i++) {
		const struct unit *u = &c->u[c->order[i]];
		char b[3][16];
		snprintf(b[0], 16, "%d", i + 1);
		snprintf(b[1], 16, "%d", u->count);
		snprintf(b[2], 16, "%d", u->severity);
		const char *cells[] = { b[0], u->name, b[1], b[2] };
		table_add_row(t, cells);
	}
	table_print(t, stdout, TABLE_TEXT);
	table_free(t);
	printf("\nConcentration curve (top %% of the %d involved %s → share of %s):\n", c->ninvolved,
	       units, c->groups ? "perpetrating attributions and of incidents" : "suspect involvements and of incidents");
	t = curve_table(c, 1);
	table_print(t, stdout, TABLE_TEXT);
	table_free(t);
}

int analyze_concentration(struct analyze_ctx *ctx)
{
	int groups = 0;
	int n = ctx->argc;
	for (int i = 0; i < n; i++) {
		const char *v = cli_opt(n, ctx->argv, &i, "by");
		if (!v || (strcmp(v, "persons") && strcmp(v, "groups")))
			return analyze_usage(ctx, "gvi analyze concentration [--by persons|groups] [--from DATE] "
					 "[--to DATE] [--area NAME] [--top N]");
		groups = !strcmp(v, "groups");
	}
	struct err e = { 0 };
	struct conc c;
	if (conc_build(ctx, groups, &c, &e))
		return analyze_fail(ctx, &e);
	analyze_note_missing(ctx, &c.ds);
	const char *counting = groups
		? "a group counts for the serious incidents where it is recorded perpetrating, each "
		  "attribution whole whatever its confidence (confirmed, probable or possible)"
		: "a person counts for the serious incidents where the person is recorded as a suspect";
	if (ctx->cli->fmt == TABLE_JSON) {
		json_t *o = conc_json(&c, counting);
		json_t *period = json_object_get(o, "period");
		json_object_set_new(period, "from", ctx->filter.from ? json_string(ctx->filter.from) : json_null());
		json_object_set_new(period, "to", ctx->filter.to ? json_string(ctx->filter.to) : json_null());
		json_object_set_new(period, "area", ctx->filter.area ? json_string(ctx->filter.area) : json_null());
		json_dumpf(o, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		fputc('\n', ctx->out);
		json_decref(o);
	} else if (ctx->cli->fmt == TABLE_CSV) {
		struct table *t = curve_table(&c, 0);
		table_print(t, ctx->out, TABLE_CSV);
		table_free(t);
	} else {
		conc_text(&c, counting, ctx->top);
	}
	conc_release(&c);
	return 0;
}
