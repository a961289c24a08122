/* report_groups.c — `gvi analyze groups`: groups ranked by the violence attributable to them,
 * the list the enforcement partners act on, and every score's incidents (--explain, --json).
 *
 * A group's score sums, over the incidents of the period where the group is recorded on the
 * perpetrating side, severity × confidence weight × 0.5^(age / half-life): the taxonomy's
 * severity, the attribution's confidence (confirmed 1, probable 0.7, possible 0.3) and a
 * recency decay that halves an incident's weight every half-life days (365 by default), age
 * counted from the incident's first possible day to today.  The design choice that matters:
 * the score is a plain sum of per-incident contributions, so it explains itself exactly — the
 * explanation lists each contribution and they add up to the score. */
#include "analysis/analyze.h"
#include "buf.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_HALF_LIFE 365.0

struct contribution {
	int gi;                 /* index into ds.group_involvements */
	long age;               /* days, never negative */
	double decay, value;
};

struct group_row {
	int g;
	double score;
	int incidents, serious, killed, injured;
	int involved, gmi;      /* incidents with the group on any side, and of them GMI */
	int members;            /* -1: memberships not visible to the role */
	struct contribution *contrib;
	size_t ncontrib;
	int *conflicts;         /* groups in a current conflict relation with this one */
	size_t nconflicts;
};

struct group_report {
	struct dataset ds;
	const struct ds_filter *filter;
	double half_life;
	struct group_row *rows;     /* one per group, in ranking order after group_report_build */
};

static void group_report_release(struct group_report *r)
{
	for (int g = 0; r->rows && g < r->ds.ngroups; g++) {
		free(r->rows[g].contrib);
		free(r->rows[g].conflicts);
	}
	free(r->rows);
	dataset_release(&r->ds);
}

static const char *confidence_name(double w)
{
	return w >= 1.0 ? "confirmed" : w >= 0.7 ? "probable" : "possible";
}

/* Is relation x in force on day? */
static int relation_on(const struct ds_relation *x, const char *day)
{
	return (!*x->since || strcmp(x->since, day) <= 0) && (!*x->until || strcmp(x->until, day) >= 0);
}

static int cmp_int_pair(const void *a, const void *b)
{
	const int *x = a, *y = b;
	return x[0] != y[0] ? (x[0] < y[0] ? -1 : 1) : (x[1] < y[1] ? -1 : x[1] > y[1]);
}

static int cmp_rows(const void *a, const void *b)
{
	const struct group_row *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->serious != y->serious)
		return x->serious > y->serious ? -1 : 1;
	return x->g < y->g ? -1 : x->g > y->g;
}

static const struct dataset *name_ds;   /* for cmp_conflict_names */

static int cmp_conflict_names(const void *a, const void *b)
{
	return strcmp(name_ds->groups[*(const int *)a].name, name_ds->groups[*(const int *)b].name);
}

/* Refuses unless the role may read every one of the entities the analysis rests on. */
static int require(struct analyze_ctx *ctx, const char *const *names, const char *why, struct err *e)
{
	for (; *names; names++)
		if (!access_may_read(ctx->a, model_entity(*names)))
			return err_set(e, "refused: user %s (role %s) may not read %s records, so %s",
				       access_actor(ctx->a)->name, access_actor(ctx->a)->role, *names, why);
	return 0;
}

static int group_report_build(struct analyze_ctx *ctx, double half_life, struct group_report *r,
			      struct err *e)
{
	static const char *const needs[] = { "group", "incident", "group-involvement", NULL };
	memset(r, 0, sizeof *r);
	r->half_life = half_life;
	r->filter = &ctx->filter;
	if (require(ctx, needs, "there is no violence to attribute to groups", e))
		return -1;
	if (dataset_load(ctx->a, &ctx->filter, &r->ds, e))
		return -1;
	struct dataset *ds = &r->ds;
	r->rows = calloc((size_t)ds->ngroups + 1, sizeof *r->rows);
	if (!r->rows)
		abort();
	for (int g = 0; g < ds->ngroups; g++)
		r->rows[g].g = g;

	/* Contributions, in incident order (the dataset keeps incidents sorted by time). */
	size_t n = ds->ngroup_involvements;
	size_t *byinc = dataset_group_involvements_by_incident(ds);
	for (size_t k = 0; k < n; k++) {
		const struct ds_group_involvement *gi = &ds->group_involvements[byinc[k]];
		const struct ds_incident *inc = &ds->incidents[gi->incident];
		struct group_row *row = &r->rows[gi->group];
		/* any side: one count per incident even when the group is on both sides */
		int seen = 0;
		for (size_t j = k; j-- > 0 && ds->group_involvements[byinc[j]].incident == gi->incident;)
			seen |= ds->group_involvements[byinc[j]].group == gi->group;
		if (!seen) {
			row->involved++;
			row->gmi += inc->gmi != 0;
		}
		if (gi->side != DS_PERPETRATING)
			continue;
		long age = date_diff_days(inc->day, ds->today);
		if (age < 0)
			age = 0;   /* dated after today: counts as today's */
		double decay = pow(0.5, (double)age / half_life);
		if (!(row->ncontrib & (row->ncontrib + 1)) || !row->contrib) {
			/* capacity: grows at 1, 3, 7, 15, … contributions */
			row->contrib = realloc(row->contrib, (2 * row->ncontrib + 2) * sizeof *row->contrib);
			if (!row->contrib)
				abort();
		}
		struct contribution *c = &row->contrib[row->ncontrib++];
		c->gi = (int)byinc[k];
		c->age = age;
		c->decay = decay;
		c->value = inc->severity * gi->confidence * decay;
		row->score += c->value;
		row->incidents++;
		row->serious += inc->serious != 0;
		row->killed += inc->killed;
		row->injured += inc->injured;
	}
	free(byinc);

	/* Current members and current conflicts, as of today. */
	int members_visible = access_may_read(ctx->a, model_entity("membership"));
	for (int g = 0; g < ds->ngroups; g++)
		r->rows[g].members = members_visible ? 0 : -1;
	/* distinct persons per group: memberships sorted by (group, person) */
	size_t nm = ds->nmemberships;
	int (*mp)[2] = malloc((nm + 1) * sizeof *mp);
	if (!mp)
		abort();
	size_t cur = 0;
	for (size_t i = 0; i < nm; i++)
		if (dataset_membership_on(&ds->memberships[i], ds->today)) {
			mp[cur][0] = ds->memberships[i].group;
			mp[cur][1] = ds->memberships[i].person;
			cur++;
		}
	qsort(mp, cur, sizeof *mp, cmp_int_pair);
	for (size_t i = 0; i < cur; i++)
		if (!i || cmp_int_pair(mp[i - 1], mp[i]))
			r->rows[mp[i][0]].members++;
	free(mp);
	for (size_t i = 0; i < ds->nrelations; i++) {
		const struct ds_relation *x = &ds->relations[i];
		if (x->kind != DS_CONFLICT || x->a == x->b || !relation_on(x, ds->today))
			continue;
		for (int side = 0; side < 2; side++) {
			struct group_row *row = &r->rows[side ? x->b : x->a];
			int other = side ? x->a : x->b, dup = 0;
			for (size_t j = 0; j < row->nconflicts; j++)
				dup |= row->conflicts[j] == other;
			if (dup)
				continue;
			row->conflicts = realloc(row->conflicts, (row->nconflicts + 1) * sizeof *row->conflicts);
			if (!row->conflicts)
				abort();
			row->conflicts[row->nconflicts++] = other;
		}
	}
	name_ds = ds;
	for (int g = 0; g < ds->ngroups; g++)
		if (r->rows[g].nconflicts > 1)
			qsort(r->rows[g].conflicts, r->rows[g].nconflicts, sizeof (int), cmp_conflict_names);
	qsort(r->rows, (size_t)ds->ngroups, sizeof *r->rows, cmp_rows);
	return 0;
}

/* ---- output ---- */

static const char *const group_columns[] = { "rank", "group", "status", "score", "incidents",
	"serious", "killed", "injured", "gmi_share", "members", "conflicts" };
#define NGROUP_COLUMNS (sizeof group_columns / sizeof group_columns[0])

static struct table *group_table(void)
{
	struct table *t = table_new(NGROUP_COLUMNS, group_columns);
	for (size_t i = 0; i < NGROUP_COLUMNS; i++)
		if (i == 0 || (i >= 4 && i <= 7) || i == 9)
			table_set_kind(t, i, COL_INT);
	table_set_kind(t, 3, COL_REAL);
	table_set_kind(t, 8, COL_REAL);
	return t;
}

/* The row's cells; buf holds the formatted numbers, conflicts the joined names. */
static void group_cells(const struct group_report *r, int rank, const struct group_row *row,
			int text, char buf[][32], struct buf *conflicts, const char **cells)
{
	const struct ds_group *g = &r->ds.groups[row->g];
	snprintf(buf[0], 32, "%d", rank);
	snprintf(buf[3], 32, text ? "%.2f" : "%.15g", row->score);
	snprintf(buf[4], 32, "%d", row->incidents);
	snprintf(buf[5], 32, "%d", row->serious);
	snprintf(buf[6], 32, "%d", row->killed);
	snprintf(buf[7], 32, "%d", row->injured);
	snprintf(buf[8], 32, text ? "%.2f" : "%.15g", row->involved ? (double)row->gmi / row->involved : 0);
	snprintf(buf[9], 32, "%d", row->members);
	for (size_t j = 0; j < row->nconflicts; j++)
		buf_addf(conflicts, "%s%s", j ? "; " : "", r->ds.groups[row->conflicts[j]].name);
	for (size_t i = 0; i < NGROUP_COLUMNS; i++)
		cells[i] = buf[i];
	cells[1] = g->name;
	cells[2] = *g->status ? g->status : NULL;
	cells[8] = row->involved ? buf[8] : NULL;
	cells[9] = row->members < 0 ? (text ? "not visible" : NULL) : buf[9];
	cells[10] = conflicts->s;
}

static json_t *explanation_json(const struct group_report *r, const struct group_row *row)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < row->ncontrib; i++) {
		const struct contribution *c = &row->contrib[i];
		const struct ds_group_involvement *gi = &r->ds.group_involvements[c->gi];
		const struct ds_incident *inc = &r->ds.incidents[gi->incident];
		json_array_append_new(arr, json_pack("{s:I, s:I, s:s, s:s, s:i, s:b, s:s, s:f, s:I, s:f, s:f}",
			"incident", (json_int_t)inc->id, "group_involvement", (json_int_t)gi->id,
			"occurred", inc->occurred, "type", inc->type, "severity", inc->severity,
			"serious", inc->serious, "confidence", confidence_name(gi->confidence),
			"confidence_weight", gi->confidence, "age_days", (json_int_t)c->age,
			"decay", c->decay, "contribution", c->value));
	}
	return arr;
}

static json_t *group_json(const struct group_report *r, int rank, const struct group_row *row)
{
	const struct ds_group *g = &r->ds.groups[row->g];
	json_t *conflicts = json_array();
	for (size_t j = 0; j < row->nconflicts; j++)
		json_array_append_new(conflicts, json_string(r->ds.groups[row->conflicts[j]].name));
	json_t *o = json_pack("{s:i, s:s, s:s, s:f, s:i, s:i, s:i, s:i, s:i, s:i}", "rank", rank,
		"group", g->name, "status", g->status, "score", row->score, "incidents", row->incidents,
		"serious", row->serious, "killed", row->killed, "injured", row->injured,
		"involved_incidents", row->involved, "gmi_incidents", row->gmi);
	json_object_set_new(o, "gmi_share", row->involved ? json_real((double)row->gmi / row->involved)
							  : json_null());
	json_object_set_new(o, "members", row->members < 0 ? json_null() : json_integer(row->members));
	json_object_set_new(o, "conflicts", conflicts);
	json_object_set_new(o, "explanation", explanation_json(r, row));
	return o;
}

static json_t *opt_string(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *parameters_json(const struct group_report *r)
{
	json_t *p = json_pack("{s:s, s:o, s:o, s:o, s:f, s:s, s:{s:f, s:f, s:f}, s:s, s:s, s:s}",
		"today", r->ds.today, "from", opt_string(r->filter->from), "to", opt_string(r->filter->to),
		"area", opt_string(r->filter->area), "half_life_days", r->half_life,
		"score", "sum over the incidents where the group is recorded perpetrating of severity × confidence_weight × 0.5^(age_days / half_life_days)",
		"confidence_weights", "confirmed", 1.0, "probable", 0.7, "possible", 0.3,
		"age_days", "days from the incident's first possible day to today (0 if after today)",
		"gmi_share", "of the incidents the group is involved in on any side, the share where a group member was involved",
		"members", "persons with a membership current today");
	if (*r->ds.missing)
		json_object_set_new(p, "not_visible_to_role", json_string(r->ds.missing));
	return p;
}

static void print_json(const struct analyze_ctx *ctx, json_t *o)
{
	json_dumpf(o, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	fputc('\n', ctx->out);
	json_decref(o);
}

/* --explain GROUP as text: the row, then every contribution and their sum. */
static void explain_text(const struct group_report *r, int rank, const struct group_row *row)
{
	char buf[NGROUP_COLUMNS][32];
	const char *cells[NGROUP_COLUMNS];
	struct buf conflicts = BUF_INIT;
	struct table *t = group_table();
	group_cells(r, rank, row, 1, buf, &conflicts, cells);
	table_add_row(t, cells);
	table_print_record(t, stdout, TABLE_TEXT);
	table_free(t);
	buf_release(&conflicts);

	printf("\nscore = Σ severity × confidence × 0.5^(age / %g days), over the %zu incident%s where "
	       "%s is recorded perpetrating (today %s):\n\n", r->half_life, row->ncontrib,
	       row->ncontrib == 1 ? "" : "s", r->ds.groups[row->g].name, r->ds.today);
	static const char *const heads[] = { "incident", "occurred", "type", "severity", "confidence",
		"age_days", "decay", "contribution" };
	t = table_new(8, heads);
	table_set_kind(t, 0, COL_INT);
	table_set_kind(t, 3, COL_INT);
	table_set_kind(t, 4, COL_TEXT);
	table_set_kind(t, 5, COL_INT);
	table_set_kind(t, 6, COL_REAL);
	table_set_kind(t, 7, COL_REAL);
	double sum = 0;
	for (size_t i = 0; i < row->ncontrib; i++) {
		const struct contribution *c = &row->contrib[i];
		const struct ds_group_involvement *gi = &r->ds.group_involvements[c->gi];
		const struct ds_incident *inc = &r->ds.incidents[gi->incident];
		char id[24], sev[16], conf[32], age[24], decay[32], value[32];
		snprintf(id, sizeof id, "%lld", (long long)inc->id);
		snprintf(sev, sizeof sev, "%d", inc->severity);
		snprintf(conf, sizeof conf, "%s (%g)", confidence_name(gi->confidence), gi->confidence);
		snprintf(age, sizeof age, "%ld", c->age);
		snprintf(decay, sizeof decay, "%.4f", c->decay);
		snprintf(value, sizeof value, "%.4f", c->value);
		const char *cells2[] = { id, inc->occurred, inc->type, sev, conf, age, decay, value };
		table_add_row(t, cells2);
		sum += c->value;
	}
	table_print(t, stdout, TABLE_TEXT);
	table_free(t);
	printf("\nSum of the contributions: %.4f (the score).\n", sum);
	if (*r->ds.missing)
		printf("Not visible to your role, so not counted: %s\n", r->ds.missing);
}

static const char usage_text[] = "gvi analyze groups [--half-life DAYS] [--explain GROUP] [--top N] "
				 "[--from DATE] [--to DATE] [--area NAME]";

int analyze_groups(struct analyze_ctx *ctx)
{
	double half_life = DEFAULT_HALF_LIFE;
	const char *explain = NULL;
	int n = ctx->argc;
	for (int i = 0; i < n; i++) {
		const char *v;
		if ((v = cli_opt(n, ctx->argv, &i, "half-life"))) {
			char *end;
			half_life = strtod(v, &end);
			if (end == v || *end || !(half_life > 0) || !isfinite(half_life))
				return analyze_usage(ctx, "--half-life: expected a positive number of days, got \"%s\"", v);
		} else if ((v = cli_opt(n, ctx->argv, &i, "explain"))) {
			explain = v;
		} else {
			return analyze_usage(ctx, "%s (unexpected \"%s\")", usage_text, ctx->argv[i]);
		}
	}
	struct err e = { 0 };
	struct group_report r;
	if (group_report_build(ctx, half_life, &r, &e))
		return analyze_fail(ctx, &e);
	analyze_note_missing(ctx, &r.ds);
	int ngroups = r.ds.ngroups;
	if (explain) {
		int found = -1;
		for (int k = 0; k < ngroups; k++)
			if (!strcmp(r.ds.groups[r.rows[k].g].name, explain))
				found = k;
		if (found < 0) {
			group_report_release(&r);
			err_set(&e, "no group named \"%s\" that your role may read; see gvi group list", explain);
			return analyze_fail(ctx, &e);
		}
		if (ctx->cli->fmt == TABLE_JSON) {
			json_t *o = json_object();
			json_object_set_new(o, "parameters", parameters_json(&r));
			json_object_set_new(o, "group", group_json(&r, found + 1, &r.rows[found]));
			print_json(ctx, o);
		} else if (ctx->cli->fmt == TABLE_CSV) {
			/* the contributions as CSV: the explanation is the table here */
			json_t *ex = explanation_json(&r, &r.rows[found]);
			static const char *const heads[] = { "incident", "group_involvement", "occurred",
				"type", "severity", "serious", "confidence", "confidence_weight", "age_days",
				"decay", "contribution" };
			struct table *t = table_new(11, heads);
			size_t i;
			json_t *c;
			json_array_foreach(ex, i, c) {
				char cell[11][64];
				const char *cells[11];
				for (size_t k = 0; k < 11; k++) {
					json_t *v = json_object_get(c, heads[k]);
					if (json_is_string(v))
						snprintf(cell[k], sizeof cell[k], "%s", json_string_value(v));
					else if (json_is_integer(v))
						snprintf(cell[k], sizeof cell[k], "%lld", (long long)json_integer_value(v));
					else if (json_is_real(v))
						snprintf(cell[k], sizeof cell[k], "%.15g", json_real_value(v));
					else
						snprintf(cell[k], sizeof cell[k], "%d", json_is_true(v));
					cells[k] = cell[k];
				}
				table_add_row(t, cells);
			}
			table_print(t, ctx->out, TABLE_CSV);
			table_free(t);
			json_decref(ex);
		} else {
			explain_text(&r, found + 1, &r.rows[found]);
		}
		group_report_release(&r);
		return 0;
	}
	long rows = ctx->top && ctx->top < ngroups ? ctx->top : ngroups;
	if (ctx->cli->fmt == TABLE_JSON) {
		json_t *o = json_object(), *arr = json_array();
		json_object_set_new(o, "parameters", parameters_json(&r));
		for (long k = 0; k < rows; k++)
			json_array_append_new(arr, group_json(&r, (int)k + 1, &r.rows[k]));
		json_object_set_new(o, "groups", arr);
		print_json(ctx, o);
	} else {
		int text = ctx->cli->fmt == TABLE_TEXT;
		struct table *t = group_table();
		for (long k = 0; k < rows; k++) {
			char buf[NGROUP_COLUMNS][32];
			const char *cells[NGROUP_COLUMNS];
			struct buf conflicts = BUF_INIT;
			group_cells(&r, (int)k + 1, &r.rows[k], text, buf, &conflicts, cells);
			table_add_row(t, cells);
			buf_release(&conflicts);
		}
		table_print(t, ctx->out, ctx->cli->fmt);
		table_free(t);
		if (text)
			printf("\nscore = Σ severity × confidence (confirmed 1, probable 0.7, possible 0.3) × "
			       "0.5^(age / %g days) over the incidents where the group is recorded "
			       "perpetrating; today %s.  gvi analyze groups --explain GROUP lists the "
			       "incidents behind a score.\n", half_life, r.ds.today);
	}
	group_report_release(&r);
	return 0;
}
