/* cmd_evaluate.c — `gvi evaluate series|its|did|synth`: did violence fall because of GVI?
 *
 * The command gathers the outcome series (eval/series.c, through the access layer: counts per
 * area and month only), runs one method of src/eval/ and prints its estimates as text or JSON
 * (--json), and draws its chart with --svg FILE.  The methods, their formulas and what each
 * diagnostic means are in docs/evaluation.md. */
#include "cli.h"
#include "date.h"
#include "eval/chart.h"
#include "eval/its.h"
#include "eval/report.h"
#include "eval/research.h"
#include "eval/series.h"
#include "eval/synth.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_AREAS 512

struct opts {
	const char *method;
	char *areas_buf, *compare_buf, *interv_buf;
	const char *areas[MAX_AREAS];
	int nareas;
	const char *compare[MAX_AREAS];
	int ncompare;
	int compare_external;
	int interv[MAX_AREAS];
	int ninterv;
	const char *outcome;
	int from, to;
	enum glm_family family;
	enum its_season season;
	int harmonics;
	int leads, lags;
	int placebos, threads, conformal;
	int external_only;
	const char *svg;
	const char *html;
	const char *output, *key_file, *coarsen;
	char *pred_buf;
	const char *pred[16];
	int npred;
};

static const char usage_text[] =
	"usage: gvi evaluate METHOD --area A[,B] [options]\n\n"
	"Methods:\n"
	"  series   the monthly outcome series of the areas (and --compare areas)\n"
	"  its      interrupted time series: segmented Poisson or negative-binomial regression\n"
	"  did      difference-in-differences against --compare areas, with an event study\n"
	"  synth    synthetic control from --compare areas, with placebo inference\n"
	"  report   the steering-group report in Swedish as printable HTML (--html FILE,\n"
	"           --from and --to the reporting period; --intervention and --compare for\n"
	"           the evaluation in it)\n"
	"  export   the pseudonymised research export for external evaluators: --output DIR,\n"
	"           the export key in --key-file FILE or $GVI_EXPORT_KEY, --coarsen\n"
	"           day|month|quarter|year (default day)\n\n"
	"Options:\n"
	"  --area A[,B]             the area(s) of the programme (or of the external series)\n"
	"  --outcome O              incidents, serious, shootings (default), explosions, killed,\n"
	"                           injured, gmi, or any outcome of the external series\n"
	"  --from YYYY-MM --to YYYY-MM   the period (default: what the data cover)\n"
	"  --intervention YYYY-MM[,..]   the first month of the programme, one for all areas or\n"
	"                           one per area (its, did, synth)\n"
	"  --compare C,D|external   comparison areas (did, synth); external = every area with an\n"
	"                           external series of the outcome\n"
	"  --family poisson|negbin  the count model of its and did (default poisson)\n"
	"  --season months|none|harmonics[:K]   seasonality of its (default months)\n"
	"  --leads N --lags N       the event-study window of did (default up to 12)\n"
	"  --no-placebos            synth without placebo-in-space inference\n"
	"  --conformal              synth: conformal 95 %% intervals for each month's effect\n"
	"  --threads N              synth placebo threads (default 2)\n"
	"  --predictors P,Q         synth: match the pre-period means of these outcomes (and of\n"
	"                           the outcome) with optimised weights, as Synth does\n"
	"  --external               take every area from the external series\n"
	"  --svg FILE               draw the chart as SVG\n"
	"  --html FILE              where the report goes\n"
	"  --json                   estimates as JSON\n\n"
	"See docs/evaluation.md for the methods and how to read them.\n";

static int split_list(char *buf, const char **out, int max, const char *opt, int *count)
{
	int n = 0;
	for (char *s = buf, *tok; (tok = strsep(&s, ","));) {
		while (*tok == ' ')
			tok++;
		if (!*tok)
			continue;
		if (n == max)
			return cli_usage("%s: at most %d names", opt, max);
		out[n++] = tok;
	}
	if (!n)
		return cli_usage("%s: no names given", opt);
	*count = n;
	return 0;
}

static int parse_int(const char *v, const char *opt, int min, int *out)
{
	char *end;
	long x = strtol(v, &end, 10);
	if (!*v || *end || x < min || x > 100000)
		return cli_usage("%s: expected a whole number of at least %d, got \"%s\"", opt, min, v);
	*out = (int)x;
	return 0;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	o->outcome = "shootings";
	o->from = o->to = -1;
	o->family = GLM_POISSON;
	o->season = ITS_SEASON_MONTHS;
	o->placebos = 1;
	o->threads = 2;
	for (int i = 2; i < argc; i++) {
		const char *v;
		struct err e = { 0 };
		if ((v = cli_opt(argc, argv, &i, "area"))) {
			free(o->areas_buf);
			o->areas_buf = strdup(v);
			if (split_list(o->areas_buf, o->areas, MAX_AREAS, "--area", &o->nareas))
				return 2;
		} else if ((v = cli_opt(argc, argv, &i, "compare"))) {
			if (!strcmp(v, "external")) {
				o->compare_external = 1;
				continue;
			}
			free(o->compare_buf);
			o->compare_buf = strdup(v);
			if (split_list(o->compare_buf, o->compare, MAX_AREAS, "--compare", &o->ncompare))
				return 2;
		} else if ((v = cli_opt(argc, argv, &i, "intervention"))) {
			free(o->interv_buf);
			o->interv_buf = strdup(v);
			const char *parts[MAX_AREAS] = { 0 };
			if (split_list(o->interv_buf, parts, MAX_AREAS, "--intervention", &o->ninterv))
				return 2;
			for (int k = 0; k < o->ninterv; k++)
				if (series_month_parse(parts[k], &o->interv[k], &e))
					return cli_usage("--intervention: %s", e.msg);
		} else if ((v = cli_opt(argc, argv, &i, "outcome"))) {
			o->outcome = v;
		} else if ((v = cli_opt(argc, argv, &i, "from"))) {
			if (series_month_parse(v, &o->from, &e))
				return cli_usage("--from: %s", e.msg);
		} else if ((v = cli_opt(argc, argv, &i, "to"))) {
			if (series_month_parse(v, &o->to, &e))
				return cli_usage("--to: %s", e.msg);
		} else if ((v = cli_opt(argc, argv, &i, "family"))) {
			if (!strcmp(v, "poisson"))
				o->family = GLM_POISSON;
			else if (!strcmp(v, "negbin"))
				o->family = GLM_NEGBIN;
			else
				return cli_usage("--family: poisson or negbin, not \"%s\"", v);
		} else if ((v = cli_opt(argc, argv, &i, "season"))) {
			if (!strcmp(v, "months")) {
				o->season = ITS_SEASON_MONTHS;
			} else if (!strcmp(v, "none")) {
				o->season = ITS_SEASON_NONE;
			} else if (!strncmp(v, "harmonics", 9)) {
				o->season = ITS_SEASON_HARMONICS;
				o->harmonics = 2;
				if (v[9] == ':' && parse_int(v + 10, "--season harmonics:K", 1, &o->harmonics))
					return 2;
				if (v[9] && v[9] != ':')
					return cli_usage("--season: months, none or harmonics[:K], not \"%s\"", v);
			} else {
				return cli_usage("--season: months, none or harmonics[:K], not \"%s\"", v);
			}
		} else if ((v = cli_opt(argc, argv, &i, "leads"))) {
			if (parse_int(v, "--leads", 1, &o->leads))
				return 2;
		} else if ((v = cli_opt(argc, argv, &i, "lags"))) {
			if (parse_int(v, "--lags", 1, &o->lags))
				return 2;
		} else if ((v = cli_opt(argc, argv, &i, "threads"))) {
			if (parse_int(v, "--threads", 1, &o->threads))
				return 2;
		} else if ((v = cli_opt(argc, argv, &i, "svg"))) {
			o->svg = v;
		} else if ((v = cli_opt(argc, argv, &i, "html"))) {
			o->html = v;
		} else if ((v = cli_opt(argc, argv, &i, "output"))) {
			o->output = v;
		} else if ((v = cli_opt(argc, argv, &i, "key-file"))) {
			o->key_file = v;
		} else if ((v = cli_opt(argc, argv, &i, "coarsen"))) {
			o->coarsen = v;
		} else if ((v = cli_opt(argc, argv, &i, "predictors"))) {
			free(o->pred_buf);
			o->pred_buf = strdup(v);
			if (split_list(o->pred_buf, o->pred, 16, "--predictors", &o->npred))
				return 2;
		} else if (!strcmp(argv[i], "--conformal")) {
			o->conformal = 1;
		} else if (!strcmp(argv[i], "--no-placebos")) {
			o->placebos = 0;
		} else if (!strcmp(argv[i], "--external")) {
			o->external_only = 1;
		} else {
			return cli_usage("gvi evaluate %s: unknown option \"%s\" (see gvi evaluate --help)",
					 o->method, argv[i]);
		}
	}
	if (!o->nareas && strcmp(o->method, "export"))
		return cli_usage("gvi evaluate %s: give --area NAME", o->method);
	if (o->ninterv > 1 && o->ninterv != o->nareas)
		return cli_usage("--intervention: give one month for all areas or one per area (%d areas, "
				 "%d months)", o->nareas, o->ninterv);
	return 0;
}

static void opts_release(struct opts *o)
{
	free(o->areas_buf);
	free(o->compare_buf);
	free(o->interv_buf);
	free(o->pred_buf);
}

/* ---- output helpers ------------------------------------------------------------------------ */

static json_t *coef_json(const struct its_coef *c)
{
	return json_pack("{s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:f}", "name", c->name, "estimate", c->beta,
			 "se", c->se, "z", c->z, "p", c->p, "rate_ratio", c->rr, "ci_low", c->lo,
			 "ci_high", c->hi);
}

static void coef_text(const struct its_coef *c)
{
	printf("  %-28s %10.5f %9.5f %8.3f %7.4f   %7.3f [%.3f, %.3f]\n", c->name, c->beta, c->se, c->z,
	       c->p, c->rr, c->lo, c->hi);
}

static void coef_header(void)
{
	printf("  %-28s %10s %9s %8s %7s   %s\n", "term", "estimate", "se", "z", "p", "rate ratio [95% CI]");
}

static int print_json(json_t *j)
{
	if (!j)
		return cli_usage("out of memory");
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	json_decref(j);
	if (!s)
		return cli_usage("out of memory");
	printf("%s\n", s);
	free(s);
	return 0;
}

/* Tick labels for the series' months (chart_month_labels); NULL when out of memory. */
static const char **month_labels(const struct series_set *s, char (*buf)[8])
{
	const char **lab = calloc((size_t)s->T, sizeof *lab);
	if (lab)
		chart_month_labels(s->first, s->T, buf, lab);
	return lab;
}

static int write_svg(const char *path, const char *title, const char *desc,
		     const struct chart_panel *panels, int n)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		struct err e = { 0 };
		err_set(&e, "%s: cannot write the chart", path);
		return cli_fail(&e);
	}
	struct err e = { 0 };
	int rc = chart_svg(f, NULL, title, desc, panels, n, &e);
	if (fclose(f) && !rc)
		rc = err_set(&e, "%s: cannot write the chart", path);
	return rc ? cli_fail(&e) : 0;
}

static int missing_fail(const struct series_set *s)
{
	long i = series_first_missing(s);
	if (i < 0)
		return 0;
	char m[8];
	series_month_text(s->first + (int)(i % s->T), m);
	struct err e = { 0 };
	err_set(&e, "%s has no value for %s (%s): %s", s->area[i / s->T], m,
		s->external[i / s->T] ? "missing from the external series"
				      : "outside the months the repository's incidents cover",
		"give every month a value (0 when nothing happened) or choose --from/--to inside the data");
	return cli_fail(&e);
}

/* Intervention periods per area (index into the series), from --intervention. */
static int periods_of(const struct opts *o, const struct series_set *s, int n, int *t0)
{
	if (!o->ninterv)
		return cli_usage("gvi evaluate %s: give --intervention YYYY-MM", o->method);
	for (int i = 0; i < n; i++) {
		int m = o->interv[o->ninterv == 1 ? 0 : i];
		t0[i] = m - s->first;
		if (t0[i] <= 0 || t0[i] >= s->T) {
			char a[8], b[8], c[8];
			series_month_text(m, a);
			series_month_text(s->first, b);
			series_month_text(s->first + s->T - 1, c);
			struct err e = { 0 };
			err_set(&e, "the intervention %s of %s is not inside the period %s to %s, with months "
				"on both sides", a, s->area[i], b, c);
			return cli_fail(&e);
		}
	}
	return 0;
}

/* ---- series -------------------------------------------------------------------------------- */

static int run_series(struct cli *c, const struct opts *o, const struct series_set *s)
{
	if (c->fmt == TABLE_JSON) {
		json_t *rows = json_array();
		for (int i = 0; i < s->nareas; i++)
			for (int t = 0; t < s->T; t++) {
				char m[8];
				series_month_text(s->first + t, m);
				double v = s->Y[(size_t)i * (size_t)s->T + (size_t)t];
				json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:o, s:s}", "area", s->area[i],
					"period", m, "outcome", o->outcome, "value", isnan(v) ? json_null() : json_real(v),
					"source", s->external[i] ? "external" : "incidents"));
			}
		return print_json(json_pack("{s:s, s:i, s:o}", "outcome", o->outcome, "undated_incidents",
					    (int)s->undated, "series", rows));
	}
	if (c->fmt == TABLE_CSV)
		printf("area,period,outcome,value\n");
	for (int i = 0; i < s->nareas; i++)
		for (int t = 0; t < s->T; t++) {
			char m[8];
			series_month_text(s->first + t, m);
			double v = s->Y[(size_t)i * (size_t)s->T + (size_t)t];
			if (c->fmt == TABLE_CSV) {
				csv_write_field(stdout, s->area[i], ',');
				printf(",%s,", m);
				csv_write_field(stdout, o->outcome, ',');
				if (!isnan(v))
					printf(",%.10g\n", v);
				else
					printf(",\n");
			} else if (isnan(v)) {
				printf("%-24s %s  (missing)\n", s->area[i], m);
			} else {
				printf("%-24s %s %8.10g\n", s->area[i], m, v);
			}
		}
	if (s->undated && c->fmt == TABLE_TEXT)
		fprintf(stderr, "note: %ld incident(s) dated only to a year are not counted\n", s->undated);
	if (o->svg) {
		char (*buf)[8] = calloc((size_t)s->T, sizeof *buf);
		const char **lab = buf ? month_labels(s, buf) : NULL;
		struct chart_line *lines = calloc((size_t)s->nareas, sizeof *lines);
		if (!lab || !lines) {
			free(buf);
			free(lab);
			free(lines);
			return cli_usage("out of memory");
		}
		for (int i = 0; i < s->nareas; i++)
			lines[i] = (struct chart_line){ s->area[i], s->Y + (size_t)i * (size_t)s->T, CHART_SOLID, i % 7 };
		int t0 = o->ninterv ? o->interv[0] - s->first : -1;
		struct chart_panel p = { o->outcome, "per månad", s->T, lab, lines, s->nareas, NULL, 0, t0,
					 "insats", 0 };
		int rc = write_svg(o->svg, "Utfall per månad", "Månadsvisa antal per område", &p, 1);
		free(buf);
		free(lab);
		free(lines);
		return rc;
	}
	return 0;
}

/* ---- interrupted time series --------------------------------------------------------------- */

static json_t *its_json(const struct its_result *r)
{
	json_t *coefs = json_array();
	for (int j = 0; j < r->k; j++)
		json_array_append_new(coefs, coef_json(&r->coef[j]));
	json_t *j = json_pack("{s:o, s:o, s:o}", "coefficients", coefs, "level_change",
			      coef_json(&r->coef[r->level]), "slope_change", coef_json(&r->coef[r->slope]));
	json_object_set_new(j, "loglik", json_real(r->fit.loglik));
	json_object_set_new(j, "deviance", json_real(r->fit.deviance));
	json_object_set_new(j, "pearson_chi2", json_real(r->fit.pearson_chi2));
	json_object_set_new(j, "df_resid", json_integer(r->fit.df_resid));
	if (r->fit.family == GLM_NEGBIN) {
		json_object_set_new(j, "alpha", json_real(r->fit.alpha));
		json_object_set_new(j, "alpha_se", json_real(r->fit.alpha_se));
	}
	json_object_set_new(j, "overdispersion", json_pack("{s:s, s:f, s:f, s:f, s:f}", "test",
		"Cameron-Trivedi (Poisson fit)", "alpha", r->ct_alpha, "t", r->ct_t, "p", r->ct_p,
		"pearson_chi2_per_df", r->pearson_ratio));
	return j;
}

static void its_text(const struct its_result *r)
{
	coef_header();
	for (int j = 0; j < r->k; j++)
		coef_text(&r->coef[j]);
	printf("  log-likelihood %.4f, deviance %.4f, df %d", r->fit.loglik, r->fit.deviance, r->fit.df_resid);
	if (r->fit.family == GLM_NEGBIN)
		printf(", alpha %.5f (se %.5f)", r->fit.alpha, r->fit.alpha_se);
	printf("\n  overdispersion: Pearson chi2/df %.3f; Cameron-Trivedi alpha %.4f, t %.3f, p %.4f%s\n",
	       r->pearson_ratio, r->ct_alpha, r->ct_t, r->ct_p,
	       r->ct_p < 0.05 && r->fit.family == GLM_POISSON ? " -> overdispersed: use --family negbin" : "");
}

static const char *family_name(enum glm_family f) { return f == GLM_NEGBIN ? "negbin" : "poisson"; }

static int run_its(struct cli *c, const struct opts *o, const struct series_set *s)
{
	int *t0 = calloc((size_t)s->nareas, sizeof *t0);
	if (!t0)
		return cli_usage("out of memory");
	int rc = periods_of(o, s, s->nareas, t0);
	struct its_result pooled = { 0 }, *per = NULL;
	json_t *out = NULL;
	if (rc)
		goto out;
	const char **names = calloc((size_t)s->nareas, sizeof *names);
	if (!names) {
		rc = cli_usage("out of memory");
		goto out;
	}
	for (int i = 0; i < s->nareas; i++)
		names[i] = s->area[i];
	struct its_panel p = { s->nareas, s->T, s->Y, t0, names, s->first % 12 + 1, 12 };
	struct err e = { 0 };
	if (its_fit(&p, o->season, o->harmonics, o->family, &pooled, &e)) {
		free(names);
		rc = cli_fail(&e);
		goto out;
	}
	per = calloc((size_t)s->nareas, sizeof *per);
	if (s->nareas > 1) {
		for (int i = 0; i < s->nareas; i++) {
			struct its_panel one = { 1, s->T, s->Y + (size_t)i * (size_t)s->T, t0 + i, names + i,
						 s->first % 12 + 1, 12 };
			if (its_fit(&one, o->season, o->harmonics, o->family, &per[i], &e)) {
				err_prefix(&e, "%s: ", s->area[i]);
				free(names);
				rc = cli_fail(&e);
				goto out;
			}
		}
	}
	free(names);
	char f[8], l[8];
	series_month_text(s->first, f);
	series_month_text(s->first + s->T - 1, l);
	if (c->fmt == TABLE_JSON) {
		out = its_json(&pooled);
		json_object_set_new(out, "method", json_string("its"));
		json_object_set_new(out, "outcome", json_string(o->outcome));
		json_object_set_new(out, "family", json_string(family_name(o->family)));
		json_object_set_new(out, "from", json_string(f));
		json_object_set_new(out, "to", json_string(l));
		json_t *areas = json_array(), *rows = json_array();
		for (int i = 0; i < s->nareas; i++) {
			char m[8];
			series_month_text(s->first + t0[i], m);
			json_t *a = json_pack("{s:s, s:s}", "area", s->area[i], "intervention", m);
			if (s->nareas > 1)
				json_object_set_new(a, "fit", its_json(&per[i]));
			json_array_append_new(areas, a);
			for (int t = 0; t < s->T; t++) {
				size_t k = (size_t)i * (size_t)s->T + (size_t)t;
				series_month_text(s->first + t, m);
				json_array_append_new(rows, json_pack("{s:s, s:s, s:f, s:f, s:f}", "area", s->area[i],
					"period", m, "observed", s->Y[k], "fitted", pooled.fit.mu[k],
					"counterfactual", pooled.counterfactual[k]));
			}
		}
		json_object_set_new(out, "areas", areas);
		json_object_set_new(out, "series", rows);
		rc = print_json(out);
	} else {
		printf("Interrupted time series, %s %s to %s, %s regression%s\n", o->outcome, f, l,
		       family_name(o->family), s->nareas > 1 ? " (pooled over the areas)" : "");
		its_text(&pooled);
		const struct its_coef *lv = &pooled.coef[pooled.level], *sl = &pooled.coef[pooled.slope];
		printf("\n  level change at the intervention: rate ratio %.3f [%.3f, %.3f], p %.4f\n", lv->rr,
		       lv->lo, lv->hi, lv->p);
		printf("  trend change per month: rate ratio %.4f [%.4f, %.4f], p %.4f\n", sl->rr, sl->lo,
		       sl->hi, sl->p);
		for (int i = 0; s->nareas > 1 && i < s->nareas; i++) {
			printf("\n%s alone:\n", s->area[i]);
			its_text(&per[i]);
		}
	}
	if (o->svg) {
		int n = s->nareas;
		struct chart_panel *panels = calloc((size_t)n, sizeof *panels);
		struct chart_line *lines = calloc((size_t)n * 3, sizeof *lines);
		char (*buf)[8] = calloc((size_t)s->T, sizeof *buf);
		const char **lab = buf ? month_labels(s, buf) : NULL;
		if (!panels || !lines || !lab) {
			free(panels);
			free(lines);
			free(buf);
			free(lab);
			rc = cli_usage("out of memory");
			goto out;
		}
		for (int i = 0; i < n; i++) {
			size_t k = (size_t)i * (size_t)s->T;
			lines[3 * i] = (struct chart_line){ "observerat", s->Y + k, CHART_DOTS, 0 };
			lines[3 * i + 1] = (struct chart_line){ "skattat", pooled.fit.mu + k, CHART_SOLID, 4 };
			lines[3 * i + 2] = (struct chart_line){ "utan insatsen (kontrafaktiskt)",
								pooled.counterfactual + k, CHART_DASHED, 1 };
			panels[i] = (struct chart_panel){ s->area[i], o->outcome, s->T, lab, lines + 3 * i, 3,
							  NULL, 0, t0[i], "insats", 0 };
		}
		int src = write_svg(o->svg, "Avbruten tidsserie", "Observerade antal, skattad modell och "
				    "kontrafaktisk utveckling utan insatsen", panels, n);
		if (!rc)
			rc = src;
		free(panels);
		free(lines);
		free(buf);
		free(lab);
	}
out:
	its_result_release(&pooled);
	for (int i = 0; per && i < s->nareas; i++)
		its_result_release(&per[i]);
	free(per);
	free(t0);
	return rc;
}

/* ---- comparison areas ---------------------------------------------------------------------- */

/* Loads the treated areas followed by the comparison areas as one series set. */
static int load_with_compare(struct access *a, struct opts *o, struct series_set *s,
			     char (**extnames)[SERIES_AREA])
{
	struct err e = { 0 };
	const char *all[2 * MAX_AREAS];
	int n = 0;
	for (int i = 0; i < o->nareas; i++)
		all[n++] = o->areas[i];
	if (o->compare_external) {
		int ne;
		if (series_external_areas(a, o->outcome, extnames, &ne, &e))
			return cli_fail(&e);
		for (int i = 0; i < ne && n < 2 * MAX_AREAS; i++) {
			int treated = 0;
			for (int j = 0; j < o->nareas; j++)
				treated |= !strcmp(o->areas[j], (*extnames)[i]);
			if (!treated)
				all[n++] = (*extnames)[i];
		}
	}
	for (int i = 0; i < o->ncompare && n < 2 * MAX_AREAS; i++) {
		for (int j = 0; j < o->nareas; j++)
			if (!strcmp(o->compare[i], o->areas[j])) {
				struct err ce = { 0 };
				err_set(&ce, "%s is both a treated and a comparison area", o->areas[j]);
				return cli_fail(&ce);
			}
		all[n++] = o->compare[i];
	}
	if (n == o->nareas)
		return cli_usage("gvi evaluate %s: give comparison areas with --compare C,D or --compare "
				 "external", o->method);
	struct series_request rq = { o->outcome, all, n, o->from, o->to, o->external_only };
	if (series_load(a, &rq, s, &e))
		return cli_fail(&e);
	return missing_fail(s);
}

/* ---- difference-in-differences ------------------------------------------------------------- */

static int run_did(struct cli *c, const struct opts *o, const struct series_set *s)
{
	int *t0 = malloc((size_t)s->nareas * sizeof *t0);
	const char **names = calloc((size_t)s->nareas, sizeof *names);
	struct its_result r = { 0 };
	int rc = 0;
	if (!t0 || !names) {
		rc = cli_usage("out of memory");
		goto out;
	}
	if ((rc = periods_of(o, s, o->nareas, t0)))
		goto out;
	for (int i = 0; i < s->nareas; i++) {
		names[i] = s->area[i];
		if (i >= o->nareas)
			t0[i] = -1;
	}
	struct its_panel p = { s->nareas, s->T, s->Y, t0, names, s->first % 12 + 1, 12 };
	struct err e = { 0 };
	if (did_fit(&p, o->family, o->leads, o->lags, &r, &e)) {
		rc = cli_fail(&e);
		goto out;
	}
	const struct its_coef *att = &r.coef[r.att];
	if (c->fmt == TABLE_JSON) {
		json_t *ev = json_array(), *pu = json_array(), *cmp = json_array(), *tr = json_array();
		for (int i = 0; i < r.nevent; i++) {
			json_t *x = coef_json(&r.event[i]);
			json_object_set_new(x, "event_time", json_integer(r.event_time[i]));
			json_array_append_new(ev, x);
		}
		for (int i = 0; i < r.nper_unit; i++) {
			json_t *x = coef_json(&r.per_unit[i]);
			json_object_set_new(x, "area", json_string(s->area[r.per_unit_index[i]]));
			json_array_append_new(pu, x);
		}
		for (int i = 0; i < s->nareas; i++)
			json_array_append_new(i < o->nareas ? tr : cmp, json_string(s->area[i]));
		json_t *coefs = json_array();
		for (int j = 0; j < r.k; j++)
			json_array_append_new(coefs, coef_json(&r.coef[j]));
		json_t *j = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "method", "did",
			"outcome", o->outcome, "family", family_name(o->family), "treated", tr,
			"comparison", cmp, "effect", coef_json(att), "per_area", pu, "event_study", ev,
			"coefficients", coefs);
		if (r.event_note[0])
			json_object_set_new(j, "event_study_note", json_string(r.event_note));
		json_object_set_new(j, "left_out", json_pack("{s:i, s:i}", "months_without_events",
			r.dropped_periods, "comparison_areas_without_events", r.dropped_units));
		json_object_set_new(j, "pretrend", json_pack("{s:s, s:f, s:i, s:f}", "test",
			"joint Wald test of the leads", "chi2", r.pretrend_chi2, "df", r.pretrend_df, "p",
			r.pretrend_p));
		json_object_set_new(j, "overdispersion", json_pack("{s:s, s:f, s:f, s:f, s:f}", "test",
			"Cameron-Trivedi (Poisson fit)", "alpha", r.ct_alpha, "t", r.ct_t, "p", r.ct_p,
			"pearson_chi2_per_df", r.pearson_ratio));
		if (o->family == GLM_NEGBIN)
			json_object_set_new(j, "alpha", json_real(r.fit.alpha));
		rc = print_json(j);
	} else {
		printf("Difference-in-differences, %s, %s regression with area and month fixed effects\n",
		       o->outcome, family_name(o->family));
		printf("  treated: ");
		for (int i = 0; i < o->nareas; i++)
			printf("%s%s", i ? ", " : "", s->area[i]);
		printf("\n  comparison: %d area(s)\n", s->nareas - o->nareas);
		if (r.dropped_periods || r.dropped_units)
			printf("  left out: %d month(s) without any event, %d comparison area(s) without any "
			       "event (their fixed effects are minus infinity)\n", r.dropped_periods, r.dropped_units);
		printf("  effect: rate ratio %.3f [%.3f, %.3f], p %.4f\n", att->rr, att->lo, att->hi, att->p);
		for (int i = 0; i < r.nper_unit; i++)
			printf("  %s: rate ratio %.3f [%.3f, %.3f], p %.4f\n", s->area[r.per_unit_index[i]],
			       r.per_unit[i].rr, r.per_unit[i].lo, r.per_unit[i].hi, r.per_unit[i].p);
		if (r.event_note[0])
			printf("\nEvent study not estimable: %s\n", r.event_note);
		else
			printf("\nEvent study (months relative to the intervention; -1 is the reference):\n");
		if (r.nevent)
			coef_header();
		for (int i = 0; i < r.nevent; i++)
			coef_text(&r.event[i]);
		if (r.pretrend_df)
			printf("  pre-trend test (leads jointly 0): chi2 %.3f, df %d, p %.4f%s\n", r.pretrend_chi2,
			       r.pretrend_df, r.pretrend_p, r.pretrend_p < 0.05 ? " -> the trends differed before" : "");
		printf("  overdispersion: Pearson chi2/df %.3f; Cameron-Trivedi alpha %.4f, p %.4f\n",
		       r.pearson_ratio, r.ct_alpha, r.ct_p);
	}
	if (o->svg && !r.nevent) {
		struct err ne = { 0 };
		err_set(&ne, "no event study to draw: %s", r.event_note);
		if (!rc)
			rc = cli_fail(&ne);
	} else if (o->svg) {
		int n = r.nevent + 1;   /* with the reference period at 0 */
		double *b = calloc((size_t)n, sizeof *b), *lo = calloc((size_t)n, sizeof *lo),
		       *hi = calloc((size_t)n, sizeof *hi);
		const char **lab = calloc((size_t)n, sizeof *lab);
		char (*buf)[8] = calloc((size_t)n, sizeof *buf);
		if (!b || !lo || !hi || !lab || !buf) {
			rc = cli_usage("out of memory");
		} else {
			int k = 0, ref = -1;
			double z = glm_z(0.95);
			for (int i = 0; i <= r.nevent; i++) {
				if (ref < 0 && (i == r.nevent || r.event_time[i] >= 0)) {
					snprintf(buf[k], 8, "-1");   /* the reference period */
					lab[k] = buf[k];
					b[k] = lo[k] = hi[k] = 0;
					ref = k++;
				}
				if (i == r.nevent)
					break;
				snprintf(buf[k], 8, "%+d", r.event_time[i]);
				lab[k] = buf[k];
				b[k] = r.event[i].beta;
				lo[k] = b[k] - z * r.event[i].se;
				hi[k] = b[k] + z * r.event[i].se;
				k++;
			}
			struct chart_line line = { "skattad effekt (log rate ratio)", b, CHART_SOLID, 4 };
			struct chart_band band = { "95 % konfidensintervall", lo, hi, 2 };
			struct chart_panel p2 = { "Händelsestudie", "log rate ratio", n, lab, &line, 1, &band, 1,
						  ref, "referens (-1)", 1 };
			int src = write_svg(o->svg, "Difference-in-differences", "Skattad effekt per månad "
					    "före och efter insatsen jämfört med jämförelseområdena", &p2, 1);
			if (!rc)
				rc = src;
		}
		free(b);
		free(lo);
		free(hi);
		free(lab);
		free(buf);
	}
out:
	its_result_release(&r);
	free(t0);
	free(names);
	return rc;
}

/* ---- synthetic control --------------------------------------------------------------------- */

/* Predictors for the synthetic control of a treated area starting at t0: the pre-period mean
 * of the outcome and of each --predictors outcome, per unit (k x units, row i = predictor i).
 * pred holds the loaded series of the predictor outcomes over the same areas and months. */
static double *predictors_for(const struct series_set *s, const struct series_set *pred, int npred,
			      int t0)
{
	int k = npred + 1, U = s->nareas;
	double *P = malloc((size_t)k * (size_t)U * sizeof *P);
	if (!P)
		return NULL;
	for (int i = 0; i < k; i++) {
		const struct series_set *x = i == 0 ? s : &pred[i - 1];
		for (int u = 0; u < U; u++) {
			double m = 0;
			for (int t = 0; t < t0; t++)
				m += x->Y[(size_t)u * (size_t)x->T + (size_t)t];
			P[(size_t)i * (size_t)U + (size_t)u] = m / t0;
		}
	}
	return P;
}

static int run_synth(struct cli *c, const struct opts *o, const struct series_set *s,
		     struct access *acc)
{
	int *t0 = malloc((size_t)s->nareas * sizeof *t0);
	const char **names = calloc((size_t)s->nareas, sizeof *names);
	int J = s->nareas - o->nareas;
	int *donors = malloc(((size_t)J + 1) * sizeof *donors);
	struct synth_result *res = calloc((size_t)o->nareas, sizeof *res);
	json_t *areas = NULL;
	int rc = 0, done = 0;
	if (!t0 || !names || !donors || !res) {
		rc = cli_usage("out of memory");
		goto out;
	}
	if ((rc = periods_of(o, s, o->nareas, t0)))
		goto out;
	for (int i = 0; i < s->nareas; i++)
		names[i] = s->area[i];
	for (int j = 0; j < J; j++)
		donors[j] = o->nareas + j;
	struct series_set pred[16];
	memset(pred, 0, sizeof pred);
	double *conf_lo[MAX_AREAS] = { 0 }, *conf_hi[MAX_AREAS] = { 0 };
	int npred = 0;
	for (; npred < o->npred; npred++) {
		const char *const *an = names;
		struct series_request rq = { o->pred[npred], an, s->nareas, s->first, s->first + s->T - 1,
					     o->external_only };
		struct err e = { 0 };
		if (series_load(acc, &rq, &pred[npred], &e)) {
			err_prefix(&e, "--predictors %s: ", o->pred[npred]);
			rc = cli_fail(&e);
			goto out_pred;
		}
		if ((rc = missing_fail(&pred[npred])))
			goto out_pred;
	}
	double pooled = 0;
	for (int i = 0; i < o->nareas; i++) {
		double *P = npred ? predictors_for(s, pred, npred, t0[i]) : NULL;
		if (npred && !P) {
			rc = cli_usage("out of memory");
			goto out_pred;
		}
		struct synth_panel p = { s->nareas, s->T, s->Y, names, t0[i], npred ? npred + 1 : 0, P, 0, 0 };
		struct err e = { 0 };
		int failed = synth_run(&p, i, donors, J, o->placebos, o->threads, &res[i], &e);
		free(P);
		if (failed) {
			rc = cli_fail(&e);
			goto out_pred;
		}
		done = i + 1;
		pooled += res[i].effect / o->nareas;
		if (o->conformal) {
			conf_lo[i] = malloc((size_t)s->T * sizeof(double));
			conf_hi[i] = malloc((size_t)s->T * sizeof(double));
			if (!conf_lo[i] || !conf_hi[i]) {
				rc = cli_usage("out of memory");
				goto out_pred;
			}
			struct synth_panel cp = { s->nareas, s->T, s->Y, names, t0[i], 0, NULL, 0, 0 };
			if (synth_conformal(&cp, i, donors, J, 0.95, conf_lo[i], conf_hi[i], &e)) {
				rc = cli_fail(&e);
				goto out_pred;
			}
		}
	}
	double pooled_p = 0, pooled_lo = 0, pooled_hi = 0;
	int have_pooled = 0;
	if (o->nareas > 1 && o->placebos) {
		struct err e = { 0 };
		if (synth_pooled(res, o->nareas, &pooled, &pooled_p, &pooled_lo, &pooled_hi, &e)) {
			rc = cli_fail(&e);
			goto out_pred;
		}
		have_pooled = 1;
	}
	if (c->fmt == TABLE_JSON) {
		areas = json_array();
		for (int i = 0; i < o->nareas; i++) {
			const struct synth_result *r = &res[i];
			json_t *w = json_array(), *gap = json_array(), *pl = json_array();
			for (int j = 0; j < J; j++)
				if (r->w[j] > 0)
					json_array_append_new(w, json_pack("{s:s, s:f}", "area", s->area[donors[j]],
									    "weight", r->w[j]));
			for (int t = 0; t < s->T; t++) {
				char m[8];
				series_month_text(s->first + t, m);
				json_t *g = json_pack("{s:s, s:f, s:f, s:f}", "period", m, "observed",
					s->Y[(size_t)i * (size_t)s->T + (size_t)t], "synthetic", r->synthetic[t], "gap",
					r->gap[t]);
				if (r->lo && t >= r->T0) {
					json_object_set_new(g, "ci_low", json_real(r->lo[t]));
					json_object_set_new(g, "ci_high", json_real(r->hi[t]));
				}
				if (conf_lo[i] && t >= r->T0) {
					json_object_set_new(g, "conformal_low", isfinite(conf_lo[i][t]) ?
							    json_real(conf_lo[i][t]) : json_null());
					json_object_set_new(g, "conformal_high", isfinite(conf_hi[i][t]) ?
							    json_real(conf_hi[i][t]) : json_null());
				}
				json_array_append_new(gap, g);
			}
			for (int d = 0; d < r->nplacebo; d++)
				json_array_append_new(pl, json_pack("{s:s, s:f, s:f}", "area", s->area[donors[d]],
					"rmspe_pre", r->placebo_rmspe_pre[d], "ratio", r->placebo_ratio[d]));
			char m[8];
			series_month_text(s->first + t0[i], m);
			json_t *a = json_pack("{s:s, s:s, s:o, s:f, s:f, s:f, s:f}", "area", s->area[i],
				"intervention", m, "weights", w, "rmspe_pre", r->rmspe_pre, "rmspe_post",
				r->rmspe_post, "ratio", r->ratio, "effect", r->effect);
			if (r->v) {
				json_t *pv = json_array();
				for (int k = 0; k <= npred; k++)
					json_array_append_new(pv, json_pack("{s:s, s:f}", "predictor",
						k ? o->pred[k - 1] : o->outcome, "weight", r->v[k]));
				json_object_set_new(a, "predictor_weights", pv);
			}
			if (r->nplacebo) {
				json_object_set_new(a, "rank", json_integer(r->rank));
				json_object_set_new(a, "p", json_real(r->p));
				json_object_set_new(a, "effect_ci_low", json_real(r->effect_lo));
				json_object_set_new(a, "effect_ci_high", json_real(r->effect_hi));
				json_object_set_new(a, "placebos", pl);
			} else {
				json_decref(pl);
			}
			if (r->time_T0 >= 0) {
				series_month_text(s->first + r->time_T0, m);
				json_object_set_new(a, "placebo_in_time", json_pack("{s:s, s:f, s:f}", "intervention", m,
					"ratio", r->time_ratio, "effect", r->time_effect));
			}
			json_object_set_new(a, "series", gap);
			json_array_append_new(areas, a);
		}
		json_t *j = json_pack("{s:s, s:s, s:i, s:o, s:f}", "method", "synth", "outcome", o->outcome,
				      "donors", J, "areas", areas, "pooled_effect", pooled);
		areas = NULL;
		if (have_pooled)
			json_object_set_new(j, "pooled", json_pack("{s:f, s:f, s:f, s:f}", "effect", pooled,
				"p", pooled_p, "ci_low", pooled_lo, "ci_high", pooled_hi));
		rc = print_json(j);
	} else {
		for (int i = 0; i < o->nareas; i++) {
			const struct synth_result *r = &res[i];
			printf("%sSynthetic control for %s, %s, %d comparison area(s)\n", i ? "\n" : "", s->area[i],
			       o->outcome, J);
			printf("  weights:");
			for (int j = 0; j < J; j++)
				if (r->w[j] >= 0.0005)
					printf(" %s %.4f;", s->area[donors[j]], r->w[j]);
			printf("\n  RMSPE before %.4f, after %.4f, ratio %.3f\n", r->rmspe_pre, r->rmspe_post, r->ratio);
			printf("  mean gap after the intervention: %.4f per month", r->effect);
			if (r->nplacebo)
				printf(" [%.4f, %.4f] (placebo interval)\n  placebo in space: ratio rank %d of %d, p %.4f\n",
				       r->effect_lo, r->effect_hi, r->rank, r->nplacebo + 1, r->p);
			else
				printf("\n");
			if (r->time_T0 >= 0) {
				char m[8];
				series_month_text(s->first + r->time_T0, m);
				printf("  placebo in time (intervention moved to %s): mean gap %.4f, ratio %.3f\n", m,
				       r->time_effect, r->time_ratio);
			}
			if (conf_lo[i]) {
				int excl = 0;
				for (int t = r->T0; t < s->T; t++)
					excl += conf_hi[i][t] < 0 || conf_lo[i][t] > 0;
				printf("  conformal 95%% intervals exclude no effect in %d of %d months after the start "
				       "(per month in --json)\n", excl, s->T - r->T0);
			}
		}
		if (o->nareas > 1)
			printf("\npooled: mean gap after the intervention over the %d areas %.4f per month\n",
			       o->nareas, pooled);
		if (have_pooled)
			printf("  [%.4f, %.4f] (placebo interval), p %.4f (mean ratio against every combination "
			       "of placebos)\n", pooled_lo, pooled_hi, pooled_p);
	}
	if (o->svg) {
		int n = o->nareas;
		struct chart_panel *panels = calloc(2 * (size_t)n, sizeof *panels);
		struct chart_line *lines = calloc((size_t)n * (3 + (size_t)J), sizeof *lines);
		struct chart_band *bands = calloc((size_t)n, sizeof *bands);
		char (*buf)[8] = calloc((size_t)s->T, sizeof *buf);
		const char **lab = buf ? month_labels(s, buf) : NULL;
		if (!panels || !lines || !bands || !lab) {
			rc = cli_usage("out of memory");
		} else {
			struct chart_line *l = lines;
			for (int i = 0; i < n; i++) {
				const struct synth_result *r = &res[i];
				struct chart_line *first = l;
				*l++ = (struct chart_line){ s->area[i], s->Y + (size_t)i * (size_t)s->T, CHART_SOLID, 0 };
				*l++ = (struct chart_line){ "syntetisk kontroll", r->synthetic, CHART_DASHED, 1 };
				panels[2 * i] = (struct chart_panel){ s->area[i], o->outcome, s->T, lab, first, 2, NULL,
								      0, t0[i], "insats", 0 };
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
				panels[2 * i + 1] = (struct chart_panel){ "Skillnad mot syntetisk kontroll", o->outcome,
					s->T, lab, g, (int)(l - g), bands + i, nb, t0[i], "insats", 1 };
			}
			int src = write_svg(o->svg, "Syntetisk kontroll", "Området mot sin syntetiska kontroll, "
					    "skillnaden och placeboområdenas skillnader", panels, 2 * n);
			if (!rc)
				rc = src;
		}
		free(panels);
		free(lines);
		free(bands);
		free(buf);
		free(lab);
	}
out_pred:
	for (int k = 0; k < npred; k++)
		series_release(&pred[k]);
	for (int i = 0; i < o->nareas; i++) {
		free(conf_lo[i]);
		free(conf_hi[i]);
	}
out:
	json_decref(areas);
	for (int i = 0; i < done; i++)
		synth_result_release(&res[i]);
	free(res);
	free(t0);
	free(names);
	free(donors);
	return rc;
}

/* ---- the steering-group report ------------------------------------------------------------- */

static int run_report(struct access *a, const struct opts *o)
{
	if (!o->html)
		return cli_usage("gvi evaluate report: give --html FILE");
	if (o->from < 0 || o->to < 0)
		return cli_usage("gvi evaluate report: give the reporting period with --from YYYY-MM --to YYYY-MM");
	if (o->ninterv > 1)
		return cli_usage("gvi evaluate report: one --intervention month for the programme");
	char today[DATE_LEN];
	date_today(today);
	struct report_options ro = { o->areas, o->nareas, o->compare, o->ncompare, o->outcome, o->from,
				     o->to, o->ninterv ? o->interv[0] : -1, today };
	FILE *f = fopen(o->html, "w");
	struct err e = { 0 };
	if (!f) {
		err_set(&e, "%s: cannot write the report", o->html);
		return cli_fail(&e);
	}
	int rc = eval_report_html(a, &ro, f, &e);
	if (fclose(f) && !rc)
		rc = err_set(&e, "%s: cannot write the report", o->html);
	if (rc) {
		remove(o->html);
		return cli_fail(&e);
	}
	return 0;
}

/* ---- the research export ------------------------------------------------------------------- */

static int run_export(struct access *a, const struct opts *o)
{
	if (!o->output)
		return cli_usage("gvi evaluate export: give --output DIR");
	enum research_coarsen c = RESEARCH_DAY;
	if (o->coarsen) {
		if (!strcmp(o->coarsen, "month"))
			c = RESEARCH_MONTH;
		else if (!strcmp(o->coarsen, "quarter"))
			c = RESEARCH_QUARTER;
		else if (!strcmp(o->coarsen, "year"))
			c = RESEARCH_YEAR;
		else if (strcmp(o->coarsen, "day"))
			return cli_usage("--coarsen: day, month, quarter or year, not \"%s\"", o->coarsen);
	}
	char key[512] = "";
	struct err e = { 0 };
	if (o->key_file) {
		FILE *f = fopen(o->key_file, "r");
		if (!f || !fgets(key, sizeof key, f)) {
			if (f)
				fclose(f);
			err_set(&e, "%s: cannot read the export key", o->key_file);
			return cli_fail(&e);
		}
		fclose(f);
		key[strcspn(key, "\r\n")] = '\0';
	} else if (getenv("GVI_EXPORT_KEY")) {
		snprintf(key, sizeof key, "%s", getenv("GVI_EXPORT_KEY"));
	} else {
		return cli_usage("gvi evaluate export: give the export key with --key-file FILE or $GVI_EXPORT_KEY");
	}
	int rc = research_export(a, key, c, o->output, &e);
	memset(key, 0, sizeof key);
	if (rc)
		return cli_fail(&e);
	printf("research export written to %s (see %s/README.txt)\n", o->output, o->output);
	return 0;
}

/* ---- the command --------------------------------------------------------------------------- */

int cmd_evaluate(struct cli *c, int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	static const char *const methods[] = { "series", "its", "did", "synth", "report", "export", NULL };
	int m = -1;
	for (int i = 0; methods[i]; i++)
		if (!strcmp(methods[i], argv[1]))
			m = i;
	if (m < 0)
		return cli_usage("gvi evaluate: no method \"%s\" (series, its, did, synth, report, export)", argv[1]);
	struct opts o = { 0 };
	o.method = argv[1];
	int rc = parse_opts(argc, argv, &o);
	struct access *a = NULL;
	struct series_set s = { 0 };
	char (*extnames)[SERIES_AREA] = NULL;
	if (rc || (rc = cli_open(c, &a, 0)))
		goto out;
	if (m == 4 || m == 5) {
		rc = m == 4 ? run_report(a, &o) : run_export(a, &o);
		goto out;
	}
	if (m == 2 || m == 3) {
		if ((rc = load_with_compare(a, &o, &s, &extnames)))
			goto out;
	} else {
		struct err e = { 0 };
		struct series_request rq = { o.outcome, o.areas, o.nareas, o.from, o.to, o.external_only };
		if (series_load(a, &rq, &s, &e)) {
			rc = cli_fail(&e);
			goto out;
		}
		if (m == 1 && (rc = missing_fail(&s)))
			goto out;
	}
	switch (m) {
	case 0: rc = run_series(c, &o, &s); break;
	case 1: rc = run_its(c, &o, &s); break;
	case 2: rc = run_did(c, &o, &s); break;
	default: rc = run_synth(c, &o, &s, a); break;
	}
out:
	series_release(&s);
	free(extnames);
	access_close(a);
	opts_release(&o);
	return rc;
}
