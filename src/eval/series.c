/* series.c — outcome series per area and month (see series.h).
 *
 * Everything is read through the access layer as the acting user: the area table and the
 * external series with access_list, the incidents only as counts per area and month
 * (access_incident_months).  No incident record ever reaches this file. */
#include "eval/series.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const series_outcomes[] = { "incidents", "serious", "shootings", "explosions",
	"killed", "injured", "gmi", NULL };

int series_month_parse(const char *text, int *month, struct err *e)
{
	int y, m, n = 0;
	if (!text || sscanf(text, "%4d-%2d%n", &y, &m, &n) != 2 || n != 7 || m < 1 || m > 12 ||
	    y < 1800 || y > 2200 || (text[7] && (text[7] != '-' || strlen(text) != 10)))
		return err_set(e, "\"%s\" is not a month: expected YYYY-MM (or YYYY-MM-DD)",
			       text ? text : "");
	*month = y * 12 + (m - 1);
	return 0;
}

void series_month_text(int month, char out[8])
{
	unsigned y = (unsigned)(month < 0 ? 0 : month / 12) % 10000u, m = (unsigned)(month < 0 ? 0 : month % 12) + 1;
	snprintf(out, 8, "%04u-%02u", y, m % 13u);
}

struct area_row {
	char name[SERIES_AREA], parent[SERIES_AREA];
};

struct loader {
	const struct series_request *rq;
	int outcome;                 /* index in series_outcomes, or -1 */
	struct area_row *areas;
	size_t nareas, cap;
	/* incident cells: (requested area index, month, value) */
	struct cell { int area, month; double v; } *cells;
	size_t ncells, ccap;
	int repo_first, repo_last;   /* months the repository covers */
	int ext_first, ext_last;
	int failed;
	char bad_period[64];
	char (*ext_names)[SERIES_AREA];
	size_t next, ext_cap;
};

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? 2 * *cap : 64;
	void *q = realloc(*p, c * size);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

static int on_area(void *p, const struct record *r)
{
	struct loader *l = p;
	if (grow((void **)&l->areas, &l->cap, l->nareas, sizeof *l->areas))
		return l->failed = 1;
	struct area_row *a = &l->areas[l->nareas++];
	const char *parent = record_get(r, "parent");
	snprintf(a->name, sizeof a->name, "%s", record_get(r, "name"));
	snprintf(a->parent, sizeof a->parent, "%s", parent ? parent : "");
	return 0;
}

static const char *parent_of(const struct loader *l, const char *name)
{
	for (size_t i = 0; i < l->nareas; i++)
		if (!strcmp(l->areas[i].name, name))
			return l->areas[i].parent;
	return NULL;
}

static int in_repository(const struct loader *l, const char *name)
{
	return parent_of(l, name) != NULL;
}

static int add_cell(struct loader *l, int area, int month, double v)
{
	if (grow((void **)&l->cells, &l->ccap, l->ncells, sizeof *l->cells))
		return l->failed = 1;
	l->cells[l->ncells++] = (struct cell){ area, month, v };
	return 0;
}

static int on_month(void *p, const struct access_month_count *c)
{
	struct loader *l = p;
	int month;
	struct err ignore = { 0 };
	if (series_month_parse(c->month, &month, &ignore))
		return 0;
	if (l->repo_first < 0 || month < l->repo_first)
		l->repo_first = month;
	if (month > l->repo_last)
		l->repo_last = month;
	const long v[] = { c->incidents, c->serious, c->shootings, c->explosions, c->killed,
			   c->injured, c->gmi };
	if (l->outcome < 0)
		return 0;
	/* the incident's area and each area above it, if requested */
	const char *area = c->area;
	for (int depth = 0; area && *area && depth < 16; depth++) {
		for (int i = 0; i < l->rq->nareas; i++)
			if (!strcmp(l->rq->areas[i], area) && !(l->rq->external_only) &&
			    add_cell(l, i, month, (double)v[l->outcome]))
				return 1;
		area = parent_of(l, area);
	}
	return 0;
}

static int on_external(void *p, const struct record *r)
{
	struct loader *l = p;
	const char *outcome = record_get(r, "outcome"), *area = record_get(r, "area");
	if (!outcome || strcmp(outcome, l->rq->outcome) || !area)
		return 0;
	for (int i = 0; i < l->rq->nareas; i++) {
		if (strcmp(l->rq->areas[i], area))
			continue;
		if (!l->rq->external_only && in_repository(l, area))
			continue;
		int month;
		struct err e = { 0 };
		const char *period = record_get(r, "period");
		if (series_month_parse(period, &month, &e) || (period && strlen(period) != 7)) {
			snprintf(l->bad_period, sizeof l->bad_period, "%.48s", period ? period : "");
			return l->failed = 2;
		}
		if (l->ext_first < 0 || month < l->ext_first)
			l->ext_first = month;
		if (month > l->ext_last)
			l->ext_last = month;
		if (add_cell(l, i, month, atof(record_get(r, "value"))))
			return 1;
	}
	return 0;
}

long series_first_missing(const struct series_set *s)
{
	for (long i = 0; i < (long)s->nareas * s->T; i++)
		if (isnan(s->Y[i]))
			return i;
	return -1;
}

int series_load(struct access *a, const struct series_request *rq, struct series_set *out,
		struct err *e)
{
	memset(out, 0, sizeof *out);
	struct loader l = { rq, -1, NULL, 0, 0, NULL, 0, 0, -1, -1, -1, -1, 0, "", NULL, 0, 0 };
	for (int i = 0; series_outcomes[i]; i++)
		if (!strcmp(series_outcomes[i], rq->outcome))
			l.outcome = i;
	int rc = -1;
	if (rq->nareas < 1)
		return err_set(e, "no area: give --area NAME");
	if (access_list(a, model_entity("area"), NULL, on_area, &l, e) ||
	    access_incident_months(a, on_month, &l, &out->undated, e) ||
	    access_list(a, model_entity("external-series"), NULL, on_external, &l, e))
		goto out;
	if (l.failed == 2) {
		err_set(e, "external series of \"%s\": period \"%s\" is not a month (YYYY-MM); the "
			"evaluation works on monthly series", rq->outcome, l.bad_period);
		goto out;
	}
	if (l.failed) {
		err_set(e, "out of memory");
		goto out;
	}
	int any_repo = 0, any_ext = 0;
	for (int i = 0; i < rq->nareas; i++) {
		int repo = !rq->external_only && in_repository(&l, rq->areas[i]);
		int ext = 0;
		for (size_t c = 0; c < l.ncells && !repo && !ext; c++)
			ext = l.cells[c].area == i;
		if (repo && l.outcome < 0) {
			char list[160] = "";
			for (int k = 0; series_outcomes[k]; k++)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "",
					 series_outcomes[k]);
			err_set(e, "no outcome \"%s\" for %s: counted from incidents are %s", rq->outcome,
				rq->areas[i], list);
			goto out;
		}
		if (!repo && !ext) {
			err_set(e, "no area \"%s\": it is neither an area of the programme nor in the "
				"external series of \"%s\" (gvi import external-series FILE)", rq->areas[i],
				rq->outcome);
			goto out;
		}
		any_repo |= repo;
		any_ext |= !repo;
	}
	int from = rq->from, to = rq->to;
	if (from < 0) {
		from = any_repo ? l.repo_first : l.ext_first;
		if (any_repo && any_ext && l.ext_first >= 0 && l.ext_first < from)
			from = l.ext_first;
	}
	if (to < 0) {
		to = any_repo ? l.repo_last : l.ext_last;
		if (any_repo && any_ext && l.ext_last > to)
			to = l.ext_last;
	}
	if (from < 0 || to < 0) {
		err_set(e, "there are no dated incidents or series values to evaluate");
		goto out;
	}
	if (to < from) {
		char f[8], t[8];
		series_month_text(from, f);
		series_month_text(to, t);
		err_set(e, "the period %s to %s is empty", f, t);
		goto out;
	}
	out->nareas = rq->nareas;
	out->T = to - from + 1;
	out->first = from;
	out->area = calloc((size_t)rq->nareas, sizeof *out->area);
	out->external = calloc((size_t)rq->nareas, 1);
	out->Y = malloc((size_t)rq->nareas * (size_t)out->T * sizeof *out->Y);
	if (!out->area || !out->external || !out->Y) {
		err_set(e, "out of memory");
		goto out;
	}
	for (int i = 0; i < rq->nareas; i++) {
		snprintf(out->area[i], sizeof out->area[i], "%s", rq->areas[i]);
		int repo = !rq->external_only && in_repository(&l, rq->areas[i]);
		out->external[i] = !repo;
		for (int t = 0; t < out->T; t++) {
			int m = from + t;
			out->Y[(size_t)i * (size_t)out->T + (size_t)t] =
				repo && m >= l.repo_first && m <= l.repo_last ? 0 : NAN;
		}
	}
	for (size_t c = 0; c < l.ncells; c++) {
		int t = l.cells[c].month - from;
		if (t < 0 || t >= out->T)
			continue;
		double *y = &out->Y[(size_t)l.cells[c].area * (size_t)out->T + (size_t)t];
		*y = isnan(*y) ? l.cells[c].v : *y + l.cells[c].v;
	}
	rc = 0;
out:
	if (rc)
		series_release(out);
	free(l.areas);
	free(l.cells);
	return rc;
}

struct ext_names {
	const char *outcome;
	char (*names)[SERIES_AREA];
	size_t n, cap;
	int failed;
};

static int on_ext_name(void *p, const struct record *r)
{
	struct ext_names *x = p;
	const char *outcome = record_get(r, "outcome"), *area = record_get(r, "area");
	if (!outcome || !area || strcmp(outcome, x->outcome))
		return 0;
	for (size_t i = 0; i < x->n; i++)
		if (!strcmp(x->names[i], area))
			return 0;
	if (grow((void **)&x->names, &x->cap, x->n, sizeof *x->names))
		return x->failed = 1;
	snprintf(x->names[x->n++], SERIES_AREA, "%s", area);
	return 0;
}

static int cmp_name(const void *a, const void *b) { return strcmp(a, b); }

int series_external_areas(struct access *a, const char *outcome, char (**names)[SERIES_AREA],
			  int *n, struct err *e)
{
	struct ext_names x = { outcome, NULL, 0, 0, 0 };
	if (access_list(a, model_entity("external-series"), NULL, on_ext_name, &x, e) || x.failed) {
		free(x.names);
		return x.failed ? err_set(e, "out of memory") : -1;
	}
	if (x.n)
		qsort(x.names, x.n, sizeof *x.names, cmp_name);
	*names = x.names;
	*n = (int)x.n;
	return 0;
}

void series_release(struct series_set *s)
{
	if (!s)
		return;
	free(s->area);
	free(s->external);
	free(s->Y);
	memset(s, 0, sizeof *s);
}
