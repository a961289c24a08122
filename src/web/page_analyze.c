/* page_analyze.c — /analys: the overview of the analyses (concentration of serious violence
 * with its curve, the group ranking with each score's explanation), and what every analysis
 * page shares (see page_analyze.h): turning the query into the command's options, running
 * the analysis through the cache, the sub-navigation and the filter form.
 *
 * The pages show the JSON of `gvi --json analyze …` for the same user; they never compute a
 * number themselves, so the command line is their oracle (tests/cli/t55-analyze-pages.sh). */
#include "page_analyze.h"
#include "analysis_cache.h"
#include "date.h"
#include "html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void analyze_args_init(struct analyze_args *x, const char *analysis)
{
	memset(x, 0, sizeof *x);
	buf_init(&x->query);
	x->argv[x->argc++] = analysis;
}

void analyze_args_release(struct analyze_args *x)
{
	buf_release(&x->query);
}

void analyze_args_add(struct analyze_args *x, const char *name, const char *value)
{
	if (x->argc + 2 > ANALYZE_MAX_ARGS || x->nstore + 2 > ANALYZE_MAX_ARGS)
		return;   /* the pages pass far fewer */
	snprintf(x->store[x->nstore], sizeof x->store[0], "--%s", name);
	x->argv[x->argc++] = x->store[x->nstore++];
	if (value) {
		snprintf(x->store[x->nstore], sizeof x->store[0], "%s", value);
		x->argv[x->argc++] = x->store[x->nstore++];
	}
}

int analyze_query(struct web_request *rq, struct web_response *rs, struct analyze_args *x,
		  const char *name, const char *option, char *out, size_t n)
{
	int r = web_query(rq, name, out, n);
	if (r < 0) {
		page_bad_request(rq, rs, "bad.query");
		return -1;
	}
	if (r == 0)
		out[0] = '\0';
	if (*out) {
		const char *pair[1][2] = { { name, out } };
		page_query_string(&x->query, pair, 1);
		if (option)
			analyze_args_add(x, option, out);
	}
	return 0;
}

int analyze_filters(struct web_request *rq, struct web_response *rs, struct analyze_args *x,
		    char from[11], char to[11], char area[128])
{
	char f[32], t[32];
	if (analyze_query(rq, rs, x, "from", NULL, f, sizeof f) ||
	    analyze_query(rq, rs, x, "to", NULL, t, sizeof t) ||
	    analyze_query(rq, rs, x, "area", "area", area, 128))
		return -1;
	struct err e = { 0 };
	from[0] = to[0] = '\0';
	if ((*f && (strlen(f) != 10 || date_parse(f, from, &e))) ||
	    (*t && (strlen(t) != 10 || date_parse(t, to, &e)))) {
		page_bad_request(rq, rs, "bad.date");
		return -1;
	}
	if (*from && *to && strcmp(from, to) > 0) {
		page_bad_request(rq, rs, "bad.order");
		return -1;
	}
	if (*from)
		analyze_args_add(x, "from", from);
	if (*to)
		analyze_args_add(x, "to", to);
	return 0;
}

/* Answers the failure of a run: a refusal 403, an unknown record 404, else 400, each with
 * the analysis's own message (which names what was wrong and never holds personal data). */
static void run_failed(struct web_request *rq, struct web_response *rs, const struct err *e)
{
	if (!strncmp(e->msg, "refused:", 8))
		page_error(rq, rs, 403, i18n(rq, "common.denied"), e->msg);
	else if (!strncmp(e->msg, "no person with code", 19) || !strncmp(e->msg, "no group named", 14))
		page_error(rq, rs, 404, i18n(rq, "ana.not_found"), e->msg);
	else
		page_error(rq, rs, 400, i18n(rq, "bad.title"), e->msg);
}

int analyze_run_json(struct web_request *rq, struct analyze_args *x, json_t **out, struct err *e)
{
	struct buf text = BUF_INIT;
	int cached = 0;
	*out = NULL;
	if (analysis_cache_run(rq, TABLE_JSON, x->argc, x->argv, &text, &cached, e)) {
		buf_release(&text);
		return -1;
	}
	json_error_t je;
	*out = json_loadb(text.s, text.len, 0, &je);
	buf_release(&text);
	if (!*out)
		return err_set(e, "the analysis's output could not be read: %s", je.text);
	return 0;
}

json_t *analyze_page_json(struct web_request *rq, struct web_response *rs, struct analyze_args *x)
{
	struct err e = { 0 };
	json_t *j;
	if (!analyze_run_json(rq, x, &j, &e))
		return j;
	if (!strncmp(e.msg, "the analysis's output", 21))
		page_failed(rq, rs, "analysis", &e);
	else
		run_failed(rq, rs, &e);
	return NULL;
}

static const struct {
	const char *path, *key;
} subnav[] = {
	{ "/analys", "ana.nav.overview" },
	{ "/analys/personer", "ana.nav.persons" },
	{ "/analys/risk", "ana.nav.risk" },
	{ "/analys/vedergallning", "ana.nav.retaliation" },
	{ "/analys/natverk", "ana.nav.network" },
};

void analyze_subnav(struct web_request *rq, struct buf *b, const char *current)
{
	html_printf(b, "<nav aria-label=\"%s\" class=\"subnav\"><ul>", i18n(rq, "ana.title"));
	for (size_t i = 0; i < sizeof subnav / sizeof subnav[0]; i++) {
		html_printf(b, "<li><a href=\"%s\"", subnav[i].path);
		if (current && !strcmp(current, subnav[i].path))
			html_raw_trusted(b, " aria-current=\"page\"");
		html_printf(b, ">%s</a></li>", i18n(rq, subnav[i].key));
	}
	html_raw_trusted(b, "</ul></nav>\n");
}

void analyze_form_input(struct buf *b, const char *name, const char *label, const char *value,
			const char *type)
{
	html_printf(b, "<label for=\"f-%s\">%s</label> <input id=\"f-%s\" name=\"%s\" type=\"%s\" value=\"%s\">\n",
		    name, label, name, name, type, value);
}

void analyze_form_begin(struct web_request *rq, struct buf *b, const char *action,
			const char *from, const char *to, const char *area)
{
	html_printf(b, "<form method=\"get\" action=\"%s\" class=\"filters\">\n<fieldset><legend>%s</legend>\n",
		    action, i18n(rq, "ana.filter"));
	analyze_form_input(b, "from", i18n(rq, "ana.from"), from, "date");
	analyze_form_input(b, "to", i18n(rq, "ana.to"), to, "date");
	analyze_form_input(b, "area", i18n(rq, "ana.area"), area, "text");
}

void analyze_form_end(struct web_request *rq, struct buf *b)
{
	html_printf(b, "<button type=\"submit\">%s</button>\n</fieldset>\n</form>\n", i18n(rq, "ana.show"));
}

const char *analyze_cell(json_t *v, int digits, char *buf, size_t n)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		snprintf(buf, n, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, n, "%.*g", digits, json_real_value(v));
	else if (json_is_true(v))
		snprintf(buf, n, "%s", "ja");
	else if (json_is_false(v))
		snprintf(buf, n, "%s", "nej");
	else
		snprintf(buf, n, "%s", "–");
	return buf;
}

void analyze_hidden_note(struct web_request *rq, struct buf *b, long n)
{
	html_raw_trusted(b, "<p class=\"hidden-records\">");
	if (n == 1)
		html_printf(b, "%s", i18n(rq, "ana.hidden.one"));
	else
		html_printf(b, "%ld %s", n, i18n(rq, "ana.hidden.many"));
	html_raw_trusted(b, "</p>\n");
}

/* ---- /analys ---- */

/* The concentration curve as a small SVG: share of suspect involvements (and of serious
 * incidents) held by the top x % of the involved persons.  Classes style it (gvi.css). */
static void curve_svg(struct web_request *rq, struct buf *b, json_t *curve)
{
	const int W = 360, H = 240, L = 40, B = 30;
	html_printf(b, "<figure><svg class=\"curve\" viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"curve-t\">"
		    "<title id=\"curve-t\">%s</title>", W, H, i18n(rq, "ana.conc.curve"));
	html_printf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", L, H - B, W - 10, H - B);
	html_printf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", L, 10, L, H - B);
	html_printf(b, "<line class=\"even\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", L, H - B, W - 10, 10);
	static const char *const series[] = { "involvement_share", "incident_share" };
	for (int s = 0; s < 2; s++) {
		html_printf(b, "<polyline class=\"s%d\" points=\"", s);
		size_t i;
		json_t *pt;
		json_array_foreach(curve, i, pt) {
			double x = json_number_value(json_object_get(pt, "top_percent")) / 100.0;
			double y = json_number_value(json_object_get(pt, series[s]));
			html_printf(b, "%d,%d ", L + (int)(x * (W - 10 - L) + 0.5), (H - B) - (int)(y * (H - B - 10) + 0.5));
		}
		html_raw_trusted(b, "\"/>");
	}
	html_printf(b, "<text x=\"%d\" y=\"%d\">0</text><text x=\"%d\" y=\"%d\">100 %%</text>", L - 10, H - 10, W - 50, H - 10);
	html_printf(b, "<text x=\"2\" y=\"%d\">100 %%</text>", 20);
	html_printf(b, "</svg><figcaption><span class=\"key s0\">—</span> %s; <span class=\"key s1\">—</span> %s</figcaption></figure>\n",
		    i18n(rq, "ana.conc.involvements"), i18n(rq, "ana.conc.incidents"));
}

static void concentration_section(struct web_request *rq, struct buf *b, json_t *c)
{
	char n1[32];
	html_printf(b, "<section aria-labelledby=\"conc\"><h2 id=\"conc\">%s</h2>\n", i18n(rq, "ana.concentration"));
	long S = (long)json_integer_value(json_object_get(c, "serious_incidents"));
	html_printf(b, "<p>%s: %ld. %s: %lld.</p>\n<ul class=\"conc\">", i18n(rq, "ana.conc.serious"), S,
		    i18n(rq, "ana.conc.involved"), (long long)json_integer_value(json_object_get(c, "involved")));
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(c, "top_of_involved"), i, t) {
		snprintf(n1, sizeof n1, "%.0f %%", 100 * json_number_value(json_object_get(t, "share")));
		html_printf(b, "<li data-percent=\"%lld\">%s %lld %% (%lld %s %lld): %s (%lld %s %ld)</li>",
			    (long long)json_integer_value(json_object_get(t, "percent")), i18n(rq, "ana.conc.top"),
			    (long long)json_integer_value(json_object_get(t, "percent")),
			    (long long)json_integer_value(json_object_get(t, "units")), i18n(rq, "ana.of"),
			    (long long)json_integer_value(json_object_get(t, "of")), n1,
			    (long long)json_integer_value(json_object_get(t, "incidents")), i18n(rq, "ana.of"), S);
	}
	html_raw_trusted(b, "</ul>\n");
	char g[32];
	html_printf(b, "<p>%s: %s</p>\n", i18n(rq, "ana.gini"), analyze_cell(json_object_get(c, "gini"), 3, g, sizeof g));
	curve_svg(rq, b, json_object_get(c, "curve"));
	html_raw_trusted(b, "</section>\n");
}

static void group_explanation(struct web_request *rq, struct buf *b, json_t *group)
{
	json_t *ex = json_object_get(group, "explanation");
	html_printf(b, "<details><summary>%s</summary>\n<table class=\"explanation\"><thead><tr>", i18n(rq, "ana.explain"));
	static const char *const cols[] = { "incident", "occurred", "type", "severity", "confidence_weight",
		"age_days", "decay", "contribution" };
	for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
		html_printf(b, "<th scope=\"col\">%s</th>", i18n_named(rq, "ana.col.", cols[k]));
	html_raw_trusted(b, "</tr></thead><tbody>\n");
	size_t i;
	json_t *c;
	json_array_foreach(ex, i, c) {
		html_raw_trusted(b, "<tr>");
		for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
			char cell[64];
			const char *v = analyze_cell(json_object_get(c, cols[k]), 4, cell, sizeof cell);
			if (k == 0)
				html_printf(b, "<td><a href=\"/incidents/%s\">%s</a></td>", v, v);
			else
				html_printf(b, "<td>%s</td>", k == 2 ? i18n_named(rq, "val.", v) : v);
		}
		html_raw_trusted(b, "</tr>\n");
	}
	html_raw_trusted(b, "</tbody></table></details>");
}

static void groups_section(struct web_request *rq, struct buf *b, json_t *gr)
{
	html_printf(b, "<section aria-labelledby=\"groups\"><h2 id=\"groups\">%s</h2>\n<p>%s</p>\n",
		    i18n(rq, "ana.groups"), i18n(rq, "ana.groups.how"));
	html_raw_trusted(b, "<table class=\"ranking\"><thead><tr>");
	static const char *const cols[] = { "rank", "group", "score", "incidents", "serious", "members" };
	for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
		html_printf(b, "<th scope=\"col\">%s</th>", i18n_named(rq, "ana.col.", cols[k]));
	html_printf(b, "<th scope=\"col\">%s</th></tr></thead><tbody>\n", i18n(rq, "ana.explain"));
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(gr, "groups"), i, g) {
		html_raw_trusted(b, "<tr>");
		for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
			char cell[64];
			const char *v = analyze_cell(json_object_get(g, cols[k]), 4, cell, sizeof cell);
			if (k == 1) {
				html_raw_trusted(b, "<th scope=\"row\"><a href=\"/groups/");
				html_url_part(b, v);
				html_printf(b, "\">%s</a></th>", v);
			} else {
				html_printf(b, "<td class=\"%s\">%s</td>", cols[k], v);
			}
		}
		html_raw_trusted(b, "<td>");
		group_explanation(rq, b, g);
		html_raw_trusted(b, "</td></tr>\n");
	}
	html_raw_trusted(b, "</tbody></table></section>\n");
}

/* A section the role is refused: its heading and the analysis's reason. */
static void refused_section(struct web_request *rq, struct buf *b, const char *key, const struct err *e)
{
	html_printf(b, "<section><h2>%s</h2>\n<p class=\"refused\">%s</p></section>\n", i18n(rq, key), e->msg);
}

/* The group ranking shows the first 50 groups (`gvi --csv analyze groups --top 0` has all):
 * each carries its whole explanation, and a national register has 2,000 groups. */
#define GROUPS_SHOWN "50"

void page_analyze(struct web_request *rq, struct web_response *rs)
{
	struct analyze_args conc, groups;
	char from[11], to[11], area[128];
	analyze_args_init(&conc, "concentration");
	analyze_args_init(&groups, "groups");
	json_t *c = NULL, *g = NULL;
	struct err ec = { 0 }, eg = { 0 };
	if (analyze_filters(rq, rs, &conc, from, to, area) || analyze_filters(rq, rs, &groups, from, to, area))
		goto out;
	analyze_args_add(&groups, "top", GROUPS_SHOWN);
	/* A section the role may not see says so (the other analyses may still be open to it);
	 * any other failure fails the page. */
	if ((analyze_run_json(rq, &conc, &c, &ec) && strncmp(ec.msg, "refused:", 8)) ||
	    (analyze_run_json(rq, &groups, &g, &eg) && strncmp(eg.msg, "refused:", 8))) {
		run_failed(rq, rs, *ec.msg && strncmp(ec.msg, "refused:", 8) ? &ec : &eg);
		goto out;
	}
	if (!c && !g && !access_may_read(rq->a, model_entity("person"))) {   /* no analysis for this role */
		run_failed(rq, rs, &ec);
		goto out;
	}
	page_begin(rq, rs, i18n(rq, "ana.title"), "/analys");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n", i18n(rq, "ana.title"));
	analyze_subnav(rq, b, "/analys");
	analyze_form_begin(rq, b, "/analys", from, to, area);
	analyze_form_end(rq, b);
	if (c)
		concentration_section(rq, b, c);
	else
		refused_section(rq, b, "ana.concentration", &ec);
	if (g)
		groups_section(rq, b, g);
	else
		refused_section(rq, b, "ana.groups", &eg);
	page_end(rs);
out:
	json_decref(c);
	json_decref(g);
	analyze_args_release(&conc);
	analyze_args_release(&groups);
}
