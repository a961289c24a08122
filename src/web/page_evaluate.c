/* page_evaluate.c — /utvardering: the effect evaluation in the web UI (interrupted time
 * series, difference-in-differences, synthetic control), and /utvardering/rapport, the
 * steering-group report as a printable page.
 *
 * The page calls the same engine as `gvi evaluate` (src/eval/: series_load, its_fit, did_fit,
 * synth_run) with the same defaults, as the logged-in user through the access layer: the
 * series are counts per area and month (access_incident_months), which every role may have,
 * so the page is open to exactly the roles the command is, and a refusal is the access
 * layer's own.  It shows the estimates with their 95 % intervals, the diagnostics, a plain
 * interpretation and the engine's SVG chart inline; every figure carries its exact value in
 * data-v so tests/cli/t73-evaluate-pages.sh compares it with `gvi --json evaluate`.  Bad
 * input (dates, areas, too short a period) shows the engine's message with 400. */
#include "page.h"
#include "eval/chart.h"
#include "eval/its.h"
#include "eval/report.h"
#include "eval/series.h"
#include "eval/synth.h"
#include "date.h"
#include "html.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVAL_MAX_AREAS 64
#define EVAL_FIELD 1024

/* The evaluation runs one at a time (synth_run starts its own placebo threads). */
static pthread_mutex_t eval_lock = PTHREAD_MUTEX_INITIALIZER;

struct eval_form {
	char area[EVAL_FIELD], compare[EVAL_FIELD], interv[EVAL_FIELD];
	char outcome[128], from[32], to[32], method[16], family[16], external[8], leads[16], lags[16];
	/* parsed */
	char area_buf[EVAL_FIELD], compare_buf[EVAL_FIELD], interv_buf[EVAL_FIELD];
	const char *areas[EVAL_MAX_AREAS], *compares[EVAL_MAX_AREAS];
	int nareas, ncompare, compare_external;
	int interv_m[EVAL_MAX_AREAS], ninterv;
	int from_m, to_m;
	int nleads, nlags;   /* the event window of did, 0 = as far as the data allow (at most 12) */
	enum glm_family fam;
};

/* A 400 page with the engine's (or the parser's) own message. */
static void bad_input(struct web_request *rq, struct web_response *rs, const char *msg)
{
	if (!strncmp(msg, "refused:", 8))
		page_error(rq, rs, 403, i18n(rq, "common.denied"), msg);
	else
		page_error(rq, rs, 400, i18n(rq, "bad.title"), msg);
}

static int split(char *buf, const char **out, int max)
{
	int n = 0;
	for (char *s = buf, *tok; (tok = strsep(&s, ","));) {
		while (*tok == ' ')
			tok++;
		size_t len = strlen(tok);
		while (len && tok[len - 1] == ' ')
			tok[--len] = '\0';
		if (!*tok)
			continue;
		if (n == max)
			return -1;
		out[n++] = tok;
	}
	return n;
}

/* Reads and checks the query.  Returns 0, or -1 with msg set (the parameter named). */
static int read_form(struct web_request *rq, struct eval_form *f, char *msg, size_t n)
{
	static const struct {
		const char *name;
		size_t off, size;
	} fields[] = {
		{ "area", offsetof(struct eval_form, area), EVAL_FIELD },
		{ "compare", offsetof(struct eval_form, compare), EVAL_FIELD },
		{ "intervention", offsetof(struct eval_form, interv), EVAL_FIELD },
		{ "outcome", offsetof(struct eval_form, outcome), 128 },
		{ "from", offsetof(struct eval_form, from), 32 },
		{ "to", offsetof(struct eval_form, to), 32 },
		{ "method", offsetof(struct eval_form, method), 16 },
		{ "family", offsetof(struct eval_form, family), 16 },
		{ "external", offsetof(struct eval_form, external), 8 },
		{ "leads", offsetof(struct eval_form, leads), 16 },
		{ "lags", offsetof(struct eval_form, lags), 16 },
	};
	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		char *out = (char *)f + fields[i].off;
		int r = web_query(rq, fields[i].name, out, fields[i].size);
		if (r < 0) {
			snprintf(msg, n, "%s: the parameter could not be read (too long or malformed)", fields[i].name);
			return -1;
		}
		if (r == 0)
			out[0] = '\0';
	}
	if (!f->outcome[0])
		snprintf(f->outcome, sizeof f->outcome, "shootings");
	f->from_m = f->to_m = -1;
	struct err e = { 0 };
	if (*f->from && series_month_parse(f->from, &f->from_m, &e))
		return snprintf(msg, n, "from: %s", e.msg), -1;
	if (*f->to && series_month_parse(f->to, &f->to_m, &e))
		return snprintf(msg, n, "to: %s", e.msg), -1;
	if (f->from_m >= 0 && f->to_m >= 0 && f->from_m > f->to_m)
		return snprintf(msg, n, "from: %s is after to: %s", f->from, f->to), -1;
	memcpy(f->area_buf, f->area, sizeof f->area_buf);
	memcpy(f->compare_buf, f->compare, sizeof f->compare_buf);
	memcpy(f->interv_buf, f->interv, sizeof f->interv_buf);
	if ((f->nareas = split(f->area_buf, f->areas, EVAL_MAX_AREAS)) < 0)
		return snprintf(msg, n, "area: at most %d areas", EVAL_MAX_AREAS), -1;
	if (!strcmp(f->compare, "external")) {
		f->compare_external = 1;
	} else if ((f->ncompare = split(f->compare_buf, f->compares, EVAL_MAX_AREAS)) < 0) {
		return snprintf(msg, n, "compare: at most %d areas", EVAL_MAX_AREAS), -1;
	}
	const char *parts[EVAL_MAX_AREAS];
	if ((f->ninterv = split(f->interv_buf, parts, EVAL_MAX_AREAS)) < 0)
		return snprintf(msg, n, "intervention: at most %d months", EVAL_MAX_AREAS), -1;
	for (int i = 0; i < f->ninterv; i++)
		if (series_month_parse(parts[i], &f->interv_m[i], &e))
			return snprintf(msg, n, "intervention: %s", e.msg), -1;
	if (f->ninterv > 1 && f->ninterv != f->nareas)
		return snprintf(msg, n, "intervention: give one month for all areas or one per area (%d areas, %d months)",
				f->nareas, f->ninterv), -1;
	if (!*f->family || !strcmp(f->family, "poisson"))
		f->fam = GLM_POISSON;
	else if (!strcmp(f->family, "negbin"))
		f->fam = GLM_NEGBIN;
	else
		return snprintf(msg, n, "family: poisson or negbin, not \"%s\"", f->family), -1;
	const char *wn[2] = { "leads", "lags" };
	const char *wv[2] = { f->leads, f->lags };
	int *wo[2] = { &f->nleads, &f->nlags };
	for (int i = 0; i < 2; i++) {
		char *end;
		long x = strtol(wv[i], &end, 10);
		if (*wv[i] && (*end || x < 1 || x > 100000))
			return snprintf(msg, n, "%s: expected a whole number of at least 1, got \"%s\"", wn[i], wv[i]), -1;
		*wo[i] = *wv[i] ? (int)x : 0;
	}
	if (*f->method && strcmp(f->method, "its") && strcmp(f->method, "did") && strcmp(f->method, "synth"))
		return snprintf(msg, n, "method: its, did or synth, not \"%s\"", f->method), -1;
	if (*f->method && !f->nareas)
		return snprintf(msg, n, "area: give the area(s) of the programme"), -1;
	if (*f->method && !f->ninterv)
		return snprintf(msg, n, "intervention: give the programme's first month (YYYY-MM)"), -1;
	return 0;
}

/* ---- numbers ---- */

/* A figure: the text rounded with a decimal comma (Swedish) or point, the exact value in
 * data-v for the tests. */
static void fig(struct web_request *rq, struct buf *b, double v, int decimals)
{
	char exact[40], shown[40];
	snprintf(exact, sizeof exact, "%.17g", v);
	if (!isfinite(v)) {
		html_printf(b, "<span class=\"fig\" data-v=\"%s\">–</span>", exact);
		return;
	}
	snprintf(shown, sizeof shown, "%.*f", decimals, v);
	if (!strcmp(i18n(rq, "eval.decimal"), ","))
		for (char *p = shown; *p; p++)
			if (*p == '.')
				*p = ',';
	html_printf(b, "<span class=\"fig\" data-v=\"%s\">%s</span>", exact, shown);
}

/* "Nivån minskade med 32 % (95 % konfidensintervall för kvoten 0,55–0,88). …" */
static void interpret_rr(struct web_request *rq, struct buf *b, const char *what, const char *id,
			 const struct its_coef *c)
{
	html_printf(b, "<p class=\"interpretation\" id=\"%s\">%s ", id, what);
	html_printf(b, "%s ", i18n(rq, c->rr < 1 ? "eval.fell" : "eval.rose"));
	fig(rq, b, 100 * fabs(1 - c->rr), 0);
	html_printf(b, " %% (%s ", i18n(rq, "eval.ci_ratio"));
	fig(rq, b, c->lo, 2);
	html_raw_trusted(b, "–");
	fig(rq, b, c->hi, 2);
	html_printf(b, "). <strong>%s</strong></p>\n",
		    i18n(rq, c->hi < 1 ? "eval.sig.down" : c->lo > 1 ? "eval.sig.up" : "eval.sig.none"));
}

static void coef_row(struct web_request *rq, struct buf *b, const struct its_coef *c, const char *label)
{
	html_printf(b, "<tr data-term=\"%s\"><th scope=\"row\">%s</th><td>", c->name, label ? label : c->name);
	fig(rq, b, c->rr, 3);
	html_raw_trusted(b, "</td><td>");
	fig(rq, b, c->lo, 3);
	html_raw_trusted(b, "–");
	fig(rq, b, c->hi, 3);
	html_raw_trusted(b, "</td><td>");
	fig(rq, b, c->p, 4);
	html_raw_trusted(b, "</td></tr>\n");
}

static void coef_head(struct web_request *rq, struct buf *b, const char *cls)
{
	html_printf(b, "<table class=\"%s\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n", cls,
		    i18n(rq, "eval.term"), i18n(rq, "eval.rr"), i18n(rq, "eval.ci"), i18n(rq, "eval.p"));
}

/* The chart as inline SVG (the engine's own escaped markup). */
static int chart(struct buf *b, const char *id, const char *title, const char *desc,
		 const struct chart_panel *p, int n, struct err *e)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return err_set(e, "out of memory");
	int rc = chart_svg(mem, id, title, desc, p, n, e);
	fclose(mem);
	if (!rc) {
		const char *svg = strstr(text, "<svg");
		buf_adds(b, "<figure class=\"eval-chart\">");
		buf_adds(b, svg ? svg : "");
		buf_adds(b, "</figure>\n");
	}
	free(text);
	return rc;
}

static const char **month_labels(const struct series_set *s, char (**buf)[8])
{
	*buf = calloc((size_t)s->T, sizeof **buf);
	const char **lab = calloc((size_t)s->T, sizeof *lab);
	if (!*buf || !lab) {
		free(*buf);
		free(lab);
		*buf = NULL;
		return NULL;
	}
	chart_month_labels(s->first, s->T, *buf, lab);
	return lab;
}

/* Intervention periods per area, as the command's periods_of. */
static int periods(const struct eval_form *f, const struct series_set *s, int n, int *t0, struct err *e)
{
	for (int i = 0; i < n; i++) {
		int m = f->interv_m[f->ninterv == 1 ? 0 : i];
		t0[i] = m - s->first;
		if (t0[i] <= 0 || t0[i] >= s->T) {
			char a[8], c1[8], c2[8];
			series_month_text(m, a);
			series_month_text(s->first, c1);
			series_month_text(s->first + s->T - 1, c2);
			return err_set(e, "the intervention %s of %s is not inside the period %s to %s, with months "
				       "on both sides", a, s->area[i], c1, c2);
		}
	}
	return 0;
}

static int missing(const struct series_set *s, struct err *e)
{
	long i = series_first_missing(s);
	if (i < 0)
		return 0;
	char m[8];
	series_month_text(s->first + (int)(i % s->T), m);
	return err_set(e, "%s has no value for %s (%s): %s", s->area[i / s->T], m,
		       s->external[i / s->T] ? "missing from the external series"
					     : "outside the months the repository's incidents cover",
		       "give every month a value (0 when nothing happened) or choose from/to inside the data");
}

/* The treated areas followed by the comparison areas, as the command's load_with_compare. */
static int load(struct access *a, const struct eval_form *f, int with_compare, struct series_set *s,
		struct err *e)
{
	const char *all[2 * EVAL_MAX_AREAS + 512];
	char (*ext)[SERIES_AREA] = NULL;
	int n = 0, rc = -1;
	for (int i = 0; i < f->nareas; i++)
		all[n++] = f->areas[i];
	if (with_compare) {
		if (f->compare_external) {
			int ne;
			if (series_external_areas(a, f->outcome, &ext, &ne, e))
				return -1;
			for (int i = 0; i < ne && n < (int)(sizeof all / sizeof all[0]); i++) {
				int treated = 0;
				for (int j = 0; j < f->nareas; j++)
					treated |= !strcmp(f->areas[j], ext[i]);
				if (!treated)
					all[n++] = ext[i];
			}
		}
		for (int i = 0; i < f->ncompare; i++) {
			for (int j = 0; j < f->nareas; j++)
				if (!strcmp(f->compares[i], f->areas[j])) {
					err_set(e, "%s is both a treated and a comparison area", f->areas[j]);
					goto out;
				}
			all[n++] = f->compares[i];
		}
		if (n == f->nareas) {
			err_set(e, "compare: give comparison areas (C,D) or \"external\"");
			goto out;
		}
	}
	struct series_request req = { f->outcome, all, n, f->from_m, f->to_m, !strcmp(f->external, "1") };
	if (series_load(a, &req, s, e))
		goto out;
	rc = missing(s, e);
out:
	free(ext);
	return rc;
}

/* ---- the methods ---- */

static void its_diagnostics(struct web_request *rq, struct buf *b, const struct its_result *r)
{
	html_printf(b, "<h3>%s</h3>\n<dl class=\"diagnostics\"><dt>%s</dt><dd id=\"pearson\">", i18n(rq, "eval.diagnostics"),
		    i18n(rq, "eval.pearson"));
	fig(rq, b, r->pearson_ratio, 3);
	html_printf(b, "</dd><dt>%s</dt><dd id=\"ct\">α ", i18n(rq, "eval.ct"));
	fig(rq, b, r->ct_alpha, 4);
	html_raw_trusted(b, ", p ");
	fig(rq, b, r->ct_p, 4);
	html_raw_trusted(b, "</dd>");
	if (r->fit.family == GLM_NEGBIN) {
		html_printf(b, "<dt>%s</dt><dd id=\"alpha\">", i18n(rq, "eval.alpha"));
		fig(rq, b, r->fit.alpha, 4);
		html_raw_trusted(b, "</dd>");
	}
	html_raw_trusted(b, "</dl>\n");
	if (r->ct_p < 0.05 && r->fit.family == GLM_POISSON)
		html_printf(b, "<p class=\"warning\">%s</p>\n", i18n(rq, "eval.overdispersed"));
}

static int run_its(struct web_request *rq, struct buf *b, const struct eval_form *f, const struct series_set *s,
		   struct err *e)
{
	int *t0 = calloc((size_t)s->nareas, sizeof *t0);
	const char **names = calloc((size_t)s->nareas, sizeof *names);
	struct its_result r = { 0 };
	int rc = -1;
	if (!t0 || !names) {
		err_set(e, "out of memory");
		goto out;
	}
	if (periods(f, s, s->nareas, t0, e))
		goto out;
	for (int i = 0; i < s->nareas; i++)
		names[i] = s->area[i];
	struct its_panel p = { s->nareas, s->T, s->Y, t0, names, s->first % 12 + 1, 12 };
	if (its_fit(&p, ITS_SEASON_MONTHS, 0, f->fam, &r, e))
		goto out;
	html_printf(b, "<section aria-labelledby=\"res\" class=\"eval-result\" data-method=\"its\"><h2 id=\"res\">%s</h2>\n",
		    i18n(rq, "eval.its"));
	html_printf(b, "<h3>%s</h3>\n", i18n(rq, "eval.interpretation"));
	interpret_rr(rq, b, i18n(rq, "eval.level.what"), "interp-level", &r.coef[r.level]);
	interpret_rr(rq, b, i18n(rq, "eval.slope.what"), "interp-slope", &r.coef[r.slope]);
	html_printf(b, "<h3>%s</h3>\n", i18n(rq, "eval.estimates"));
	coef_head(rq, b, "estimates");
	coef_row(rq, b, &r.coef[r.level], i18n(rq, "eval.level"));
	coef_row(rq, b, &r.coef[r.slope], i18n(rq, "eval.slope"));
	html_raw_trusted(b, "</tbody></table>\n");
	its_diagnostics(rq, b, &r);
	html_printf(b, "<details><summary>%s</summary>\n", i18n(rq, "eval.all_terms"));
	coef_head(rq, b, "coefficients");
	for (int j = 0; j < r.k; j++)
		coef_row(rq, b, &r.coef[j], NULL);
	html_raw_trusted(b, "</tbody></table></details>\n");
	char (*buf)[8] = NULL;
	const char **lab = month_labels(s, &buf);
	struct chart_panel *panels = calloc((size_t)s->nareas, sizeof *panels);
	struct chart_line *lines = calloc((size_t)s->nareas * 3, sizeof *lines);
	if (!lab || !panels || !lines) {
		err_set(e, "out of memory");
	} else {
		for (int i = 0; i < s->nareas; i++) {
			size_t k = (size_t)i * (size_t)s->T;
			lines[3 * i] = (struct chart_line){ "observerat", s->Y + k, CHART_DOTS, 0 };
			lines[3 * i + 1] = (struct chart_line){ "skattat", r.fit.mu + k, CHART_SOLID, 4 };
			lines[3 * i + 2] = (struct chart_line){ "utan insatsen (kontrafaktiskt)", r.counterfactual + k,
								CHART_DASHED, 1 };
			panels[i] = (struct chart_panel){ s->area[i], f->outcome, s->T, lab, lines + 3 * i, 3, NULL, 0,
							  t0[i], "insats", 0 };
		}
		rc = chart(b, "its-chart", "Avbruten tidsserie", "Observerade antal, skattad modell och "
			   "kontrafaktisk utveckling utan insatsen", panels, s->nareas, e);
	}
	free(panels);
	free(lines);
	free(buf);
	free(lab);
	html_raw_trusted(b, "</section>\n");
out:
	its_result_release(&r);
	free(t0);
	free(names);
	return rc;
}

static int run_did(struct web_request *rq, struct buf *b, const struct eval_form *f, const struct series_set *s,
		   struct err *e)
{
	int *t0 = malloc((size_t)s->nareas * sizeof *t0);
	const char **names = calloc((size_t)s->nareas, sizeof *names);
	struct its_result r = { 0 };
	int rc = -1;
	if (!t0 || !names) {
		err_set(e, "out of memory");
		goto out;
	}
	if (periods(f, s, f->nareas, t0, e))
		goto out;
	for (int i = 0; i < s->nareas; i++) {
		names[i] = s->area[i];
		if (i >= f->nareas)
			t0[i] = -1;
	}
	struct its_panel p = { s->nareas, s->T, s->Y, t0, names, s->first % 12 + 1, 12 };
	if (did_fit(&p, f->fam, f->nleads, f->nlags, &r, e))
		goto out;
	html_printf(b, "<section aria-labelledby=\"res\" class=\"eval-result\" data-method=\"did\"><h2 id=\"res\">%s</h2>\n",
		    i18n(rq, "eval.did"));
	html_printf(b, "<p>%s: %d</p>\n", i18n(rq, "eval.compare_n"), s->nareas - f->nareas);
	html_printf(b, "<h3>%s</h3>\n", i18n(rq, "eval.interpretation"));
	interpret_rr(rq, b, i18n(rq, "eval.did.what"), "interp-did", &r.coef[r.att]);
	html_printf(b, "<h3>%s</h3>\n", i18n(rq, "eval.estimates"));
	coef_head(rq, b, "estimates");
	coef_row(rq, b, &r.coef[r.att], i18n(rq, "eval.effect"));
	for (int i = 0; i < r.nper_unit; i++)
		coef_row(rq, b, &r.per_unit[i], s->area[r.per_unit_index[i]]);
	html_raw_trusted(b, "</tbody></table>\n");
	html_printf(b, "<h3>%s</h3>\n<dl class=\"diagnostics\">", i18n(rq, "eval.diagnostics"));
	if (r.pretrend_df) {
		html_printf(b, "<dt>%s</dt><dd id=\"pretrend\">χ² ", i18n(rq, "eval.pretrend"));
		fig(rq, b, r.pretrend_chi2, 3);
		html_printf(b, ", df %d, p ", r.pretrend_df);
		fig(rq, b, r.pretrend_p, 4);
		html_raw_trusted(b, "</dd>");
	}
	html_printf(b, "<dt>%s</dt><dd id=\"left-out\">%d, %d</dd>", i18n(rq, "eval.left_out"), r.dropped_periods,
		    r.dropped_units);
	html_printf(b, "<dt>%s</dt><dd id=\"pearson\">", i18n(rq, "eval.pearson"));
	fig(rq, b, r.pearson_ratio, 3);
	html_raw_trusted(b, "</dd></dl>\n");
	if (r.pretrend_df && r.pretrend_p < 0.05)
		html_printf(b, "<p class=\"warning\">%s</p>\n", i18n(rq, "eval.pretrend.warn"));
	if (r.event_note[0])
		html_printf(b, "<p class=\"warning\" id=\"event-note\">%s %s</p>\n", i18n(rq, "eval.no_event"), r.event_note);
	rc = 0;
	if (r.nevent) {
		int n = r.nevent + 1;
		double *bb = calloc((size_t)n, sizeof *bb), *lo = calloc((size_t)n, sizeof *lo),
		       *hi = calloc((size_t)n, sizeof *hi);
		const char **lab = calloc((size_t)n, sizeof *lab);
		char (*lb)[8] = calloc((size_t)n, sizeof *lb);
		if (!bb || !lo || !hi || !lab || !lb) {
			rc = err_set(e, "out of memory");
		} else {
			int k = 0, ref = -1;
			double z = glm_z(0.95);
			for (int i = 0; i <= r.nevent; i++) {
				if (ref < 0 && (i == r.nevent || r.event_time[i] >= 0)) {
					snprintf(lb[k], 8, "-1");
					lab[k] = lb[k];
					bb[k] = lo[k] = hi[k] = 0;
					ref = k++;
				}
				if (i == r.nevent)
					break;
				snprintf(lb[k], 8, "%+d", r.event_time[i]);
				lab[k] = lb[k];
				bb[k] = r.event[i].beta;
				lo[k] = bb[k] - z * r.event[i].se;
				hi[k] = bb[k] + z * r.event[i].se;
				k++;
			}
			struct chart_line line = { "skattad effekt (log rate ratio)", bb, CHART_SOLID, 4 };
			struct chart_band band = { "95 % konfidensintervall", lo, hi, 2 };
			struct chart_panel p2 = { "Händelsestudie", "log rate ratio", n, lab, &line, 1, &band, 1, ref,
						  "referens (-1)", 1 };
			rc = chart(b, "did-chart", "Difference-in-differences", "Skattad effekt per månad före och "
				   "efter insatsen jämfört med jämförelseområdena", &p2, 1, e);
		}
		free(bb);
		free(lo);
		free(hi);
		free(lab);
		free(lb);
	}
	html_raw_trusted(b, "</section>\n");
out:
	its_result_release(&r);
	free(t0);
	free(names);
	return rc;
}

static void synth_interpret(struct web_request *rq, struct buf *b, const struct synth_result *r, const char *area)
{
	html_printf(b, "<p class=\"interpretation\" id=\"interp-synth\">%s %s %s ", i18n(rq, "eval.synth.after"), area,
		    i18n(rq, "eval.synth.avg"));
	fig(rq, b, fabs(r->effect), 2);
	html_printf(b, " %s", i18n(rq, r->effect < 0 ? "eval.synth.below" : "eval.synth.above"));
	if (r->nplacebo) {
		html_printf(b, " (%s ", i18n(rq, "eval.placebo_interval"));
		fig(rq, b, r->effect_lo, 2);
		html_raw_trusted(b, " – ");
		fig(rq, b, r->effect_hi, 2);
		html_printf(b, "). %s %d %s %d (p ", i18n(rq, "eval.rank"), r->rank, i18n(rq, "eval.of"), r->nplacebo + 1);
		fig(rq, b, r->p, 3);
		html_printf(b, "). <strong>%s</strong>", i18n(rq, r->p <= 0.05 ? "eval.synth.sig" : "eval.synth.nosig"));
	} else {
		html_raw_trusted(b, ".");
	}
	html_raw_trusted(b, "</p>\n");
}

static int run_synth(struct web_request *rq, struct buf *b, const struct eval_form *f, const struct series_set *s,
		     struct err *e)
{
	int n = f->nareas, J = s->nareas - n;
	int *t0 = malloc((size_t)s->nareas * sizeof *t0);
	const char **names = calloc((size_t)s->nareas, sizeof *names);
	int *donors = malloc(((size_t)J + 1) * sizeof *donors);
	struct synth_result *res = calloc((size_t)n, sizeof *res);
	int rc = -1, done = 0;
	if (!t0 || !names || !donors || !res) {
		err_set(e, "out of memory");
		goto out;
	}
	if (periods(f, s, n, t0, e))
		goto out;
	for (int i = 0; i < s->nareas; i++)
		names[i] = s->area[i];
	for (int j = 0; j < J; j++)
		donors[j] = n + j;
	for (int i = 0; i < n; i++) {
		struct synth_panel p = { s->nareas, s->T, s->Y, names, t0[i], 0, NULL, 0, 0 };
		if (synth_run(&p, i, donors, J, 1, 2, &res[i], e))
			goto out;
		done = i + 1;
	}
	double pooled = 0, pp = 0, plo = 0, phi = 0;
	for (int i = 0; i < n; i++)
		pooled += res[i].effect / n;
	if (n > 1 && synth_pooled(res, n, &pooled, &pp, &plo, &phi, e))
		goto out;
	html_printf(b, "<section aria-labelledby=\"res\" class=\"eval-result\" data-method=\"synth\"><h2 id=\"res\">%s</h2>\n",
		    i18n(rq, "eval.synth"));
	html_printf(b, "<p>%s: %d</p>\n", i18n(rq, "eval.compare_n"), J);
	for (int i = 0; i < n; i++) {
		const struct synth_result *r = &res[i];
		html_printf(b, "<section class=\"synth-area\" data-area=\"%s\"><h3>%s</h3>\n", s->area[i], s->area[i]);
		synth_interpret(rq, b, r, s->area[i]);
		html_printf(b, "<table class=\"weights\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead><tbody>\n", i18n(rq, "eval.weights"), i18n(rq, "ana.area"),
			    i18n(rq, "eval.weight"));
		for (int j = 0; j < J; j++)
			if (r->w[j] > 0) {
				html_printf(b, "<tr data-area=\"%s\"><th scope=\"row\">%s</th><td>", s->area[donors[j]],
					    s->area[donors[j]]);
				fig(rq, b, r->w[j], 3);
				html_raw_trusted(b, "</td></tr>\n");
			}
		html_printf(b, "</tbody></table>\n<h4>%s</h4>\n<dl class=\"diagnostics\"><dt>%s</dt><dd id=\"rmspe-%d\">",
			    i18n(rq, "eval.diagnostics"), i18n(rq, "eval.rmspe"), i);
		fig(rq, b, r->rmspe_pre, 3);
		html_raw_trusted(b, " / ");
		fig(rq, b, r->rmspe_post, 3);
		html_raw_trusted(b, " (");
		fig(rq, b, r->ratio, 3);
		html_raw_trusted(b, ")</dd>");
		if (r->time_T0 >= 0) {
			char m[8];
			series_month_text(s->first + r->time_T0, m);
			html_printf(b, "<dt>%s (%s)</dt><dd id=\"in-time-%d\">", i18n(rq, "eval.placebo_time"), m, i);
			fig(rq, b, r->time_effect, 3);
			html_raw_trusted(b, ", ");
			fig(rq, b, r->time_ratio, 3);
			html_raw_trusted(b, "</dd>");
		}
		html_raw_trusted(b, "</dl></section>\n");
	}
	if (n > 1) {
		html_printf(b, "<p id=\"pooled\">%s ", i18n(rq, "eval.pooled"));
		fig(rq, b, pooled, 3);
		html_printf(b, " (%s ", i18n(rq, "eval.placebo_interval"));
		fig(rq, b, plo, 3);
		html_raw_trusted(b, " – ");
		fig(rq, b, phi, 3);
		html_raw_trusted(b, ", p ");
		fig(rq, b, pp, 3);
		html_raw_trusted(b, ")</p>\n");
	}
	char (*buf)[8] = NULL;
	const char **lab = month_labels(s, &buf);
	struct chart_panel *panels = calloc(2 * (size_t)n, sizeof *panels);
	struct chart_line *lines = calloc((size_t)n * (3 + (size_t)J), sizeof *lines);
	struct chart_band *bands = calloc((size_t)n, sizeof *bands);
	if (!lab || !panels || !lines || !bands) {
		err_set(e, "out of memory");
	} else {
		struct chart_line *l = lines;
		for (int i = 0; i < n; i++) {
			const struct synth_result *r = &res[i];
			struct chart_line *first = l;
			*l++ = (struct chart_line){ s->area[i], s->Y + (size_t)i * (size_t)s->T, CHART_SOLID, 0 };
			*l++ = (struct chart_line){ "syntetisk kontroll", r->synthetic, CHART_DASHED, 1 };
			panels[2 * i] = (struct chart_panel){ s->area[i], f->outcome, s->T, lab, first, 2, NULL, 0, t0[i],
							      "insats", 0 };
			struct chart_line *g = l;
			for (int d = 0; d < r->nplacebo; d++)
				*l++ = (struct chart_line){ d ? NULL : "placebo (jämförelseområden)",
							    r->placebo_gap + (size_t)d * (size_t)s->T, CHART_THIN, 7 };
			*l++ = (struct chart_line){ "skillnad (gap)", r->gap, CHART_SOLID, 0 };
			int nb = 0;
			if (r->lo) {
				bands[i] = (struct chart_band){ "95 % placebointervall", r->lo, r->hi, 2 };
				nb = 1;
			}
			panels[2 * i + 1] = (struct chart_panel){ "Skillnad mot syntetisk kontroll", f->outcome, s->T, lab,
								  g, (int)(l - g), bands + i, nb, t0[i], "insats", 1 };
		}
		rc = chart(b, "synth-chart", "Syntetisk kontroll", "Området mot sin syntetiska kontroll, skillnaden "
			   "och placeboområdenas skillnader", panels, 2 * n, e);
	}
	free(panels);
	free(lines);
	free(bands);
	free(buf);
	free(lab);
	html_raw_trusted(b, "</section>\n");
out:
	for (int i = 0; i < done; i++)
		synth_result_release(&res[i]);
	free(res);
	free(t0);
	free(names);
	free(donors);
	return rc;
}

/* ---- the form ---- */

static void input(struct buf *b, const char *name, const char *label, const char *value, const char *type,
		  const char *hint)
{
	html_printf(b, "<p><label for=\"f-%s\">%s</label> <input id=\"f-%s\" name=\"%s\" type=\"%s\" value=\"%s\"",
		    name, label, name, name, type, value);
	if (!strcmp(type, "month"))
		html_raw_trusted(b, " placeholder=\"ÅÅÅÅ-MM\" pattern=\"[0-9]{4}-[0-9]{2}\"");
	if (hint)
		html_printf(b, " aria-describedby=\"h-%s\"> <span class=\"hint\" id=\"h-%s\">%s</span></p>\n", name, name, hint);
	else
		html_raw_trusted(b, "></p>\n");
}

static void select_field(struct web_request *rq, struct buf *b, const char *name, const char *label,
			 const char *value, const char *const *opts, const char *prefix)
{
	html_printf(b, "<p><label for=\"f-%s\">%s</label> <select id=\"f-%s\" name=\"%s\">", name, label, name, name);
	for (int i = 0; opts[i]; i++) {
		char key[64];
		snprintf(key, sizeof key, "%s%s", prefix, opts[i]);
		html_printf(b, "<option value=\"%s\"%s>%s</option>", opts[i], !strcmp(value, opts[i]) ? " selected" : "",
			    i18n(rq, key));
	}
	html_raw_trusted(b, "</select></p>\n");
}

static void eval_form(struct web_request *rq, struct buf *b, const struct eval_form *f, const char *action,
		      int report)
{
	html_printf(b, "<form method=\"get\" action=\"%s\" class=\"filters eval-form\">\n<fieldset><legend>%s</legend>\n",
		    action, i18n(rq, report ? "eval.report.choose" : "eval.choose"));
	input(b, "area", i18n(rq, "eval.areas"), f->area, "text", i18n(rq, "eval.areas.hint"));
	html_printf(b, "<p><label for=\"f-outcome\">%s</label> <input id=\"f-outcome\" name=\"outcome\" type=\"text\" "
		    "list=\"outcomes\" value=\"%s\"><datalist id=\"outcomes\">", i18n(rq, "eval.outcome"), f->outcome);
	for (int i = 0; series_outcomes[i]; i++)
		html_printf(b, "<option value=\"%s\">", series_outcomes[i]);
	html_raw_trusted(b, "</datalist></p>\n");
	input(b, "from", i18n(rq, report ? "eval.report.from" : "eval.from"), f->from, "month", NULL);
	input(b, "to", i18n(rq, report ? "eval.report.to" : "eval.to"), f->to, "month", NULL);
	input(b, "intervention", i18n(rq, "eval.intervention"), f->interv, "text", i18n(rq, "eval.intervention.hint"));
	input(b, "compare", i18n(rq, "eval.compare"), f->compare, "text", i18n(rq, "eval.compare.hint"));
	if (!report) {
		static const char *const methods[] = { "its", "did", "synth", NULL };
		static const char *const families[] = { "poisson", "negbin", NULL };
		select_field(rq, b, "method", i18n(rq, "eval.method"), *f->method ? f->method : "its", methods, "eval.m.");
		select_field(rq, b, "family", i18n(rq, "eval.family"), *f->family ? f->family : "poisson", families,
			     "eval.fam.");
		input(b, "leads", i18n(rq, "eval.leads"), f->leads, "number", NULL);
		input(b, "lags", i18n(rq, "eval.lags"), f->lags, "number", NULL);
		html_printf(b, "<p><input id=\"f-external\" name=\"external\" type=\"checkbox\" value=\"1\"%s> "
			    "<label for=\"f-external\" class=\"inline\">%s</label></p>\n",
			    !strcmp(f->external, "1") ? " checked" : "", i18n(rq, "eval.external"));
	}
	html_printf(b, "<button type=\"submit\">%s</button>\n</fieldset>\n</form>\n",
		    i18n(rq, report ? "eval.report.make" : "eval.run"));
}

static void subnav(struct web_request *rq, struct buf *b, int report)
{
	html_printf(b, "<nav aria-label=\"%s\" class=\"subnav\"><ul><li><a href=\"/utvardering\"%s>%s</a></li>"
		    "<li><a href=\"/utvardering/rapport\"%s>%s</a></li></ul></nav>\n", i18n(rq, "eval.title"),
		    report ? "" : " aria-current=\"page\"", i18n(rq, "eval.nav.methods"),
		    report ? " aria-current=\"page\"" : "", i18n(rq, "eval.nav.report"));
}

/* ---- /utvardering ---- */

/* form_or_answer: the request's evaluation form (the caller frees it), or NULL when the page
 * has been answered already: 400 naming the bad parameter, or a failure for what (out of
 * memory). */
static struct eval_form *form_or_answer(struct web_request *rq, struct web_response *rs, const char *what)
{
	struct eval_form *f = calloc(1, sizeof *f);
	char msg[4096];
	if (!f) {
		struct err e = { 0 };
		err_set(&e, "out of memory");
		page_failed(rq, rs, what, &e);
		return NULL;
	}
	if (read_form(rq, f, msg, sizeof msg)) {
		bad_input(rq, rs, msg);
		free(f);
		return NULL;
	}
	return f;
}

void page_evaluate(struct web_request *rq, struct web_response *rs)
{
	struct eval_form *f = form_or_answer(rq, rs, "evaluation");
	if (!f)
		return;
	struct buf res = BUF_INIT;
	struct err e = { 0 };
	int failed = 0;
	if (*f->method) {
		struct series_set s = { 0 };
		pthread_mutex_lock(&eval_lock);
		int with_compare = strcmp(f->method, "its") != 0;
		failed = load(rq->a, f, with_compare, &s, &e);
		if (!failed) {
			if (!strcmp(f->method, "its"))
				failed = run_its(rq, &res, f, &s, &e);
			else if (!strcmp(f->method, "did"))
				failed = run_did(rq, &res, f, &s, &e);
			else
				failed = run_synth(rq, &res, f, &s, &e);
		}
		pthread_mutex_unlock(&eval_lock);
		series_release(&s);
	}
	if (failed) {
		bad_input(rq, rs, e.msg);
	} else {
		page_begin(rq, rs, i18n(rq, "eval.title"), "/utvardering");
		struct buf *b = &rs->body;
		html_printf(b, "<h1>%s</h1>\n", i18n(rq, "eval.title"));
		subnav(rq, b, 0);
		html_printf(b, "<p>%s</p>\n", i18n(rq, "eval.intro"));
		eval_form(rq, b, f, "/utvardering", 0);
		buf_add(b, res.s, res.len);   /* written with html_printf and the engine's escaped SVG */
		if (*f->method)
			html_printf(b, "<p class=\"eval-caveat\">%s</p>\n", i18n(rq, "eval.caveat"));
		page_end(rs);
	}
	buf_release(&res);
	free(f);
}

/* ---- /utvardering/rapport ---- */

void page_evaluate_report(struct web_request *rq, struct web_response *rs)
{
	struct eval_form *f = form_or_answer(rq, rs, "evaluation report");
	if (!f)
		return;
	if (!*f->area && !*f->from && !*f->to) {   /* the form */
		page_begin(rq, rs, i18n(rq, "eval.report.title"), "/utvardering");
		struct buf *b = &rs->body;
		html_printf(b, "<h1>%s</h1>\n", i18n(rq, "eval.report.title"));
		subnav(rq, b, 1);
		html_printf(b, "<p>%s</p>\n", i18n(rq, "eval.report.intro"));
		eval_form(rq, b, f, "/utvardering/rapport", 1);
		page_end(rs);
		goto out;
	}
	if (!f->nareas) {
		bad_input(rq, rs, "area: give the area(s) of the programme");
		goto out;
	}
	if (f->from_m < 0 || f->to_m < 0) {
		bad_input(rq, rs, "from, to: give the reporting period (YYYY-MM)");
		goto out;
	}
	if (f->ninterv > 1) {
		bad_input(rq, rs, "intervention: one month for the programme");
		goto out;
	}
	if (f->compare_external) {
		bad_input(rq, rs, "compare: the report takes named comparison areas (C,D)");
		goto out;
	}
	char today[DATE_LEN];
	date_today(today);
	struct report_options ro = { f->areas, f->nareas, f->compares, f->ncompare, f->outcome, f->from_m, f->to_m,
				     f->ninterv ? f->interv_m[0] : -1, today };
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	struct err e = { 0 };
	int rc;
	if (!mem) {
		rc = err_set(&e, "out of memory");
	} else {
		pthread_mutex_lock(&eval_lock);
		rc = eval_report_html(rq->a, &ro, mem, &e);
		pthread_mutex_unlock(&eval_lock);
		fclose(mem);
	}
	if (rc) {
		bad_input(rq, rs, e.msg);
	} else {
		/* The report as `gvi evaluate report --html` writes it, but its stylesheet from
		 * /static/rapport.css (the Content-Security-Policy refuses inline <style>). */
		const char *st = strstr(text, "<style>"), *en = st ? strstr(st, "</style>") : NULL;
		rs->status = 200;
		rs->type = "text/html; charset=utf-8";
		if (st && en) {
			buf_add(&rs->body, text, (size_t)(st - text));
			buf_adds(&rs->body, "<link rel=\"stylesheet\" href=\"/static/rapport.css\">");
			buf_adds(&rs->body, en + strlen("</style>"));
		} else {
			buf_add(&rs->body, text, len);
		}
	}
	free(text);
out:
	free(f);
}
