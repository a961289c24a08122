/* report.c — the steering-group report as printable HTML in Swedish (see report.h).
 *
 * The page is written straight to the stream; every piece of data text goes through
 * svg_escape (XML escaping, valid for HTML text and attribute values), and the charts are
 * chart.c's SVG inlined without their XML declaration.  The interpretation of each estimate
 * is generated from its interval, so the words never claim more than the numbers. */
#include "eval/report.h"
#include "analysis/svg.h"
#include "eval/chart.h"
#include "eval/its.h"
#include "eval/series.h"
#include "eval/synth.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct outcome_label {
	const char *name, *label;
};

static const struct outcome_label kpis[] = {
	{ "shootings", "Skjutningar" }, { "explosions", "Sprängningar" }, { "killed", "Döda" },
	{ "injured", "Skadade" }, { "gmi", "Gruppkopplade händelser" },
	{ "serious", "Grova våldsbrott totalt" },
};

static const char *label_of(const char *outcome)
{
	for (size_t i = 0; i < sizeof kpis / sizeof kpis[0]; i++)
		if (!strcmp(kpis[i].name, outcome))
			return kpis[i].label;
	return outcome;
}

static void h(FILE *out, const char *s) { svg_escape(out, s ? s : ""); }

/* A number with a decimal comma, as Swedish readers expect. */
static void num(FILE *out, double v, int decimals)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%.*f", decimals, v);
	for (char *p = buf; *p; p++)
		if (*p == '.')
			*p = ',';
	fputs(buf, out);
}

static void month_sv(FILE *out, int m)
{
	static const char *const names[] = { "januari", "februari", "mars", "april", "maj", "juni",
		"juli", "augusti", "september", "oktober", "november", "december" };
	fprintf(out, "%s %d", names[m % 12], m / 12);
}

/* Sum over months [from, to] of the pooled series (all areas), or NAN when a month is missing. */
static double pooled_sum(const struct series_set *s, int from, int to)
{
	double sum = 0;
	if (!s->Y)
		return NAN;
	for (int m = from; m <= to; m++) {
		int t = m - s->first;
		if (t < 0 || t >= s->T)
			return NAN;
		for (int u = 0; u < s->nareas; u++) {
			double v = s->Y[(size_t)u * (size_t)s->T + (size_t)t];
			if (isnan(v))
				return NAN;
			sum += v;
		}
	}
	return sum;
}

/* "minskade med 32 % (95 % konfidensintervall 12–47 %)" and a judgement, from a rate ratio. */
static void interpret_rr(FILE *out, const char *what, double rr, double lo, double hi)
{
	h(out, what);
	if (rr < 1) {
		fputs(" minskade med ", out);
		num(out, 100 * (1 - rr), 0);
		fputs(" % (95 % konfidensintervall: ", out);
	} else {
		fputs(" ökade med ", out);
		num(out, 100 * (rr - 1), 0);
		fputs(" % (95 % konfidensintervall: ", out);
	}
	fputs("kvot ", out);
	num(out, lo, 2);
	fputs("–", out);
	num(out, hi, 2);
	fputs("). ", out);
	if (hi < 1)
		fputs("<strong>Minskningen är statistiskt säkerställd</strong> (hela intervallet ligger under 1).", out);
	else if (lo > 1)
		fputs("<strong>Ökningen är statistiskt säkerställd</strong> (hela intervallet ligger över 1).", out);
	else
		fputs("Förändringen <strong>kan inte skiljas från slumpmässig variation</strong>: intervallet "
		      "rymmer både en minskning och en ökning.", out);
}

static int inline_chart(FILE *out, const char *id, const char *title, const char *desc,
			const struct chart_panel *p, int n, struct err *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return err_set(e, "out of memory");
	int rc = chart_svg(mem, id, title, desc, p, n, e);
	fclose(mem);
	if (!rc) {
		const char *svg = strstr(buf, "<svg");
		fputs("<figure>", out);
		fputs(svg ? svg : "", out);
		fputs("</figure>\n", out);
	}
	free(buf);
	return rc;
}

const char eval_report_css[] =
	"body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#111;line-height:1.45}"
	"h1{font-size:1.6em;margin-bottom:0}h2{font-size:1.25em;border-bottom:1px solid #999;margin-top:1.6em}"
	".meta{color:#444}table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.3em .5em;"
	"text-align:right}th:first-child,td:first-child{text-align:left}figure{margin:1em 0}svg{width:100%;height:auto}"
	".caveat{font-size:.92em}"
	"@page{size:A4;margin:18mm}@media print{body{margin:0;max-width:none}h2{break-after:avoid}"
	"figure,table{break-inside:avoid}}";

int eval_report_html(struct access *a, const struct report_options *o, FILE *out, struct err *e)
{
	int n = (int)(sizeof kpis / sizeof kpis[0]), len = o->to - o->from + 1;
	if (len < 1)
		return err_set(e, "the report's period is empty");
	if (o->nareas < 1)
		return err_set(e, "the report needs at least one area");
	struct series_set s[sizeof kpis / sizeof kpis[0]];
	memset(s, 0, sizeof s);
	struct series_set ev = { 0 }, cmp = { 0 };
	struct its_result its = { 0 };
	struct synth_result syn = { 0 };
	int rc = -1;
	for (int k = 0; k < n; k++) {
		/* An outcome with no series for these areas is shown as missing, not refused. */
		struct series_request rq = { kpis[k].name, o->areas, o->nareas, o->from - len, o->to, 0 };
		struct err ek = { 0 };
		if (series_load(a, &rq, &s[k], &ek))
			memset(&s[k], 0, sizeof s[k]);
	}
	char programme[256];
	access_programme(a, programme, sizeof programme);

	fputs("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Lägesrapport till styrgruppen – ", out);
	h(out, programme);
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>Lägesrapport till styrgruppen</h1>\n<p class=\"meta\">", eval_report_css);
	h(out, programme);
	fputs(" · ", out);
	for (int i = 0; i < o->nareas; i++) {
		fputs(i ? ", " : "", out);
		h(out, o->areas[i]);
	}
	fputs(" · period ", out);
	month_sv(out, o->from);
	fputs(" – ", out);
	month_sv(out, o->to);
	fputs(" · ", out);
	h(out, o->date);
	fputs("</p>\n</header>\n<main>\n<h2>Nyckeltal</h2>\n<p>Antal under perioden jämfört med lika lång "
	      "period närmast före (", out);
	month_sv(out, o->from - len);
	fputs(" – ", out);
	month_sv(out, o->from - 1);
	fputs(").</p>\n<table>\n<thead><tr><th scope=\"col\">Utfall</th><th scope=\"col\">Perioden</th>"
	      "<th scope=\"col\">Perioden före</th><th scope=\"col\">Förändring</th></tr></thead>\n<tbody>\n", out);
	for (int k = 0; k < n; k++) {
		double now = pooled_sum(&s[k], o->from, o->to), before = pooled_sum(&s[k], o->from - len, o->from - 1);
		fputs("<tr><td>", out);
		h(out, kpis[k].label);
		fputs("</td><td>", out);
		if (isnan(now))
			fputs("uppgift saknas", out);
		else
			num(out, now, 0);
		fputs("</td><td>", out);
		if (isnan(before))
			fputs("uppgift saknas", out);
		else
			num(out, before, 0);
		fputs("</td><td>", out);
		if (isnan(now) || isnan(before) || before == 0) {
			fputs("–", out);
		} else {
			fputs(now >= before ? "+" : "−", out);
			num(out, fabs(100 * (now - before) / before), 0);
			fputs(" %", out);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
	if (s[0].undated)
		fprintf(out, "<p>%ld händelse(r) daterade endast till år är inte med i månadsräkningen.</p>\n", s[0].undated);

	/* The evaluated outcome over all months the data cover, with the evaluation. */
	struct series_request rq = { o->outcome, o->areas, o->nareas, -1, o->to, 0 };
	if (series_load(a, &rq, &ev, e))
		goto out;
	fputs("<h2>Utveckling</h2>\n", out);
	const char *olabel = label_of(o->outcome);
	char (*mbuf)[8] = calloc((size_t)ev.T, sizeof *mbuf);
	const char **lab = calloc((size_t)ev.T, sizeof *lab);
	double *total = calloc((size_t)ev.T, sizeof *total);
	if (!mbuf || !lab || !total) {
		free(mbuf);
		free(lab);
		free(total);
		err_set(e, "out of memory");
		goto out;
	}
	chart_month_labels(ev.first, ev.T, mbuf, lab);
	for (int t = 0; t < ev.T; t++) {
		for (int u = 0; u < ev.nareas; u++)
			total[t] += ev.Y[(size_t)u * (size_t)ev.T + (size_t)t];
	}
	int t0 = o->intervention >= 0 ? o->intervention - ev.first : -1;
	struct chart_line line = { olabel, total, CHART_SOLID, 0 };
	struct chart_panel p = { olabel, "antal per månad", ev.T, lab, &line, 1, NULL, 0, t0,
				 "insatsen startar", 0 };
	if (inline_chart(out, "trend", olabel, "Antal per månad i programmets områden", &p, 1, e))
		goto free_chart;

	fputs("<h2>Utvärdering</h2>\n", out);
	if (o->intervention < 0) {
		fputs("<p>Ingen startmånad för insatsen är angiven, så ingen effektutvärdering görs i den här "
		      "rapporten.</p>\n", out);
	} else if (t0 < 3 || t0 > ev.T - 2) {
		fputs("<p>Det finns för få månader före eller efter insatsens start för en effektutvärdering.</p>\n", out);
	} else {
		int *t0s = malloc((size_t)ev.nareas * sizeof *t0s);
		const char **names = malloc((size_t)ev.nareas * sizeof *names);
		if (!t0s || !names) {
			free(t0s);
			free(names);
			err_set(e, "out of memory");
			goto free_chart;
		}
		for (int u = 0; u < ev.nareas; u++) {
			t0s[u] = t0;
			names[u] = ev.area[u];
		}
		struct its_panel ip = { ev.nareas, ev.T, ev.Y, t0s, names, ev.first % 12 + 1, 12 };
		long miss = series_first_missing(&ev);
		/* Month effects first; with sparse counts a calendar month may have no event at all,
		 * then one pair of harmonics, then no seasonality. */
		static const struct { enum its_season season; int harmonics; const char *words; } seasons[] = {
			{ ITS_SEASON_MONTHS, 0, "månadseffekter" },
			{ ITS_SEASON_HARMONICS, 1, "en årlig säsongsvåg" },
			{ ITS_SEASON_NONE, 0, "utan säsong" },
		};
		int fit = 0, si = 0;
		for (; miss < 0 && !fit && si < 3; si++) {
			err_clear(e);
			fit = !its_fit(&ip, seasons[si].season, seasons[si].harmonics, GLM_POISSON, &its, e);
		}
		si = fit ? si - 1 : 0;
		if (fit && its.ct_p < 0.05) {
			struct its_result nb;
			struct err enb = { 0 };
			if (!its_fit(&ip, seasons[si].season, seasons[si].harmonics, GLM_NEGBIN, &nb, &enb)) {
				its_result_release(&its);
				its = nb;
			}
		}
		fputs("<h3>Avbruten tidsserie</h3>\n", out);
		if (!fit) {
			fputs("<p>Tidsserieanalysen kunde inte göras: ", out);
			h(out, miss >= 0 ? "det saknas månader i serien" : e->msg);
			fputs(".</p>\n", out);
			err_clear(e);
		} else {
			const struct its_coef *lv = &its.coef[its.level], *sl = &its.coef[its.slope];
			fputs("<p>", out);
			interpret_rr(out, olabel, lv->rr, lv->lo, lv->hi);
			fputs(" Det gäller nivån direkt när insatsen startade, jämfört med vad trenden och säsongen "
			      "före start förutsade.</p>\n<p>Trenden efter start: per månad ", out);
			fputs(sl->rr < 1 ? "minskade antalet med ytterligare " : "ökade antalet med ytterligare ", out);
			num(out, 100 * fabs(sl->rr - 1), 1);
			fputs(" % (kvot ", out);
			num(out, sl->lo, 3);
			fputs("–", out);
			num(out, sl->hi, 3);
			fputs(sl->hi < 1 || sl->lo > 1 ? "; statistiskt säkerställt)." : "; kan inte skiljas från slumpen).", out);
			fprintf(out, "</p>\n<p class=\"caveat\">Modell: %s-regression med trend och %s. "
				"Överspridning (Cameron–Trivedi) p = ", its.fit.family == GLM_NEGBIN ?
				"negativ binomial" : "Poisson", seasons[si].words);
			num(out, its.ct_p, 3);
			fputs(its.fit.family == GLM_NEGBIN ? ", därför negativ binomialmodell.</p>\n" : ".</p>\n", out);
			if (ev.nareas == 1) {
				struct chart_line l3[] = {
					{ "observerat", ev.Y, CHART_DOTS, 0 },
					{ "skattat", its.fit.mu, CHART_SOLID, 4 },
					{ "utan insatsen (kontrafaktiskt)", its.counterfactual, CHART_DASHED, 1 },
				};
				struct chart_panel p2 = { "Tidsserie med kontrafaktisk utveckling", "antal per månad",
							  ev.T, lab, l3, 3, NULL, 0, t0, "insatsen startar", 0 };
				if (inline_chart(out, "its", "Avbruten tidsserie", "Observerat, skattat och utan insatsen",
						 &p2, 1, e))
					goto free_its;
			}
		}
		if (o->ncompare > 0 && ev.nareas == 1) {
			const char *all[1 + 512];
			int na = 0;
			all[na++] = o->areas[0];
			for (int i = 0; i < o->ncompare && na < 513; i++)
				all[na++] = o->compare[i];
			struct series_request rc2 = { o->outcome, all, na, ev.first, o->to, 0 };
			fputs("<h3>Syntetisk kontroll</h3>\n", out);
			struct err e2 = { 0 };
			int ok = !series_load(a, &rc2, &cmp, &e2);
			if (ok && series_first_missing(&cmp) >= 0) {
				ok = 0;
				err_set(&e2, "det saknas månader i jämförelseområdenas serier");
			}
			int loaded = ok;
			int *donors = ok ? malloc((size_t)na * sizeof *donors) : NULL;
			const char **cn = ok ? malloc((size_t)na * sizeof *cn) : NULL;
			if (ok && (!donors || !cn)) {
				ok = 0;
				err_set(&e2, "out of memory");
			}
			if (ok) {
				for (int i = 0; i < na; i++) {
					donors[i] = i + 1;
					cn[i] = cmp.area[i];
				}
				struct synth_panel sp = { cmp.nareas, cmp.T, cmp.Y, cn, t0, 0, NULL, 0, 0 };
				ok = !synth_run(&sp, 0, donors, na - 1, 1, 2, &syn, &e2);
			}
			if (!ok) {
				fputs("<p>Den syntetiska kontrollen kunde inte göras: ", out);
				h(out, e2.msg);
				fputs(".</p>\n", out);
			} else {
				fputs("<p>Den syntetiska kontrollen är ett viktat genomsnitt av jämförelseområdena som "
				      "följer programområdet så nära som möjligt före start: ", out);
				int first = 1;
				for (int j = 0; j < syn.J; j++)
					if (syn.w[j] >= 0.005) {
						fputs(first ? "" : ", ", out);
						h(out, cmp.area[donors[j]]);
						fputs(" ", out);
						num(out, syn.w[j], 2);
						first = 0;
					}
				fputs(". Efter start var skillnaden i genomsnitt ", out);
				num(out, syn.effect, 2);
				fputs(" per månad (placebointervall ", out);
				num(out, syn.effect_lo, 2);
				fputs(" till ", out);
				num(out, syn.effect_hi, 2);
				fprintf(out, "). Bland %d områden hade programområdet rang %d i avvikelse efter start "
					"(p = ", syn.J + 1, syn.rank);
				num(out, syn.p, 3);
				fputs(syn.p <= 0.1 ? "): avvikelsen är ovanligt stor jämfört med områden utan insatsen.</p>\n"
						   : "): avvikelsen är inte ovanlig jämfört med områden utan insatsen.</p>\n", out);
			}
			if (loaded) {
				/* Difference-in-differences against the same comparison areas. */
				fputs("<h3>Skillnad-i-skillnader</h3>\n", out);
				int *t0d = malloc((size_t)cmp.nareas * sizeof *t0d);
				struct its_result dr;
				struct err e3 = { 0 };
				int dok = t0d != NULL;
				if (dok) {
					for (int u = 0; u < cmp.nareas; u++)
						t0d[u] = u ? -1 : t0;
					struct its_panel dp = { cmp.nareas, cmp.T, cmp.Y, t0d, NULL, cmp.first % 12 + 1, 12 };
					dok = !did_fit(&dp, GLM_POISSON, 0, 0, &dr, &e3);
				}
				if (!dok) {
					fputs("<p>Skillnad-i-skillnader kunde inte göras: ", out);
					h(out, t0d ? e3.msg : "out of memory");
					fputs(".</p>\n", out);
				} else {
					const struct its_coef *att = &dr.coef[dr.att];
					fputs("<p>Jämfört med jämförelseområdena under samma månader: ", out);
					interpret_rr(out, olabel, att->rr, att->lo, att->hi);
					fputs("</p>\n", out);
					if (dr.pretrend_df) {
						fputs("<p class=\"caveat\">Test av parallella trender före start: p = ", out);
						num(out, dr.pretrend_p, 3);
						fputs(dr.pretrend_p < 0.05 ? ". Trenderna skilde sig redan före start, så "
									     "skattningen är osäker.</p>\n"
									   : ". Inga tecken på olika trender före start.</p>\n", out);
					}
					its_result_release(&dr);
				}
				free(t0d);
			}
			free(donors);
			free(cn);
		}
	free_its:
		free(t0s);
		free(names);
	}
	if (!err_isset(e)) {
		fputs("<h2>Att tänka på</h2>\n<ul class=\"caveat\">\n"
		      "<li>Ingen av metoderna bevisar orsakssamband. Tidsserieanalysen förutsätter att trenden "
		      "före start hade fortsatt; annat som ändrades samtidigt (polisinsatser, konflikter som "
		      "tar slut) räknas som insatsens effekt.</li>\n"
		      "<li>Små tal varierar mycket av en slump: några händelser mer eller mindre ändrar "
		      "procentsatserna kraftigt. Läs intervallen, inte bara punktskattningarna.</li>\n"
		      "<li>Den syntetiska kontrollen förutsätter att jämförelseområdena inte påverkats av "
		      "insatsen och att anpassningen före start är god.</li>\n"
		      "<li>Uppgifterna är antal per område och månad ur registret; händelser som inte "
		      "registrerats eller bara daterats till år saknas.</li>\n"
		      "<li>Metoderna beskrivs i docs/evaluation.md.</li>\n</ul>\n", out);
		fputs("</main>\n</body>\n</html>\n", out);
		rc = ferror(out) ? err_set(e, "could not write the report") : 0;
	}
free_chart:
	free(mbuf);
	free(lab);
	free(total);
out:
	for (int k = 0; k < n; k++)
		series_release(&s[k]);
	series_release(&ev);
	series_release(&cmp);
	its_result_release(&its);
	synth_result_release(&syn);
	return rc;
}
