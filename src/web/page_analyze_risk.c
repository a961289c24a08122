/* page_analyze_risk.c — /analys/risk, victimisation risk from network exposure (`gvi analyze
 * risk`), and /analys/vedergallning, the retaliation watch (`gvi analyze retaliation`).
 *
 * The risk page shows the out-of-sample evaluation first (the contagion model against the
 * baseline and a random list, never hidden when poor), then the current list, each person's
 * probability with its explanation expandable: the baseline, how prior victimisations and
 * suspect involvements multiply it, and every neighbour's victimisation that adds exposure
 * (distance, tie weight, decay, contribution).  Terms whose records the role may not read
 * are counted, not shown. */
#include "page_analyze.h"
#include "html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cellf(struct buf *b, json_t *v, int digits)
{
	char cell[64];
	html_printf(b, "%s", analyze_cell(v, digits, cell, sizeof cell));
}

static void evaluation(struct web_request *rq, struct buf *b, json_t *ev)
{
	html_printf(b, "<section aria-labelledby=\"eval\"><h2 id=\"eval\">%s</h2>\n", i18n(rq, "ana.risk.eval"));
	const char *np = json_string_value(json_object_get(ev, "not_possible"));
	if (np) {
		html_printf(b, "<p>%s: %s</p></section>\n", i18n(rq, "ana.not_possible"), np);
		return;
	}
	html_printf(b, "<p>%s %s; k = ", i18n(rq, "ana.risk.test_from"), json_string_value(json_object_get(ev, "test_from")));
	cellf(b, json_object_get(ev, "k"), 4);
	html_raw_trusted(b, "</p>\n<table class=\"evaluation\"><thead><tr>");
	static const char *const cols[] = { "model", "hits", "precision", "recall" };
	for (size_t k = 0; k < 4; k++)
		html_printf(b, "<th scope=\"col\">%s</th>", i18n_named(rq, "ana.col.", cols[k]));
	html_raw_trusted(b, "</tr></thead><tbody>\n");
	static const char *const models[] = { "distance2", "contagion", "baseline" };
	for (int m = 0; m < 3; m++) {
		json_t *r = json_object_get(ev, models[m]);
		if (!r)
			continue;   /* no distance-2 model with --distance off */
		html_printf(b, "<tr class=\"%s\"><th scope=\"row\">%s</th><td>", models[m], i18n_named(rq, "ana.model.", models[m]));
		cellf(b, json_object_get(r, "hits"), 4);
		html_raw_trusted(b, "</td><td>");
		cellf(b, json_object_get(r, "precision"), 3);
		html_raw_trusted(b, "</td><td>");
		cellf(b, json_object_get(r, "recall"), 3);
		html_raw_trusted(b, "</td></tr>\n");
	}
	html_printf(b, "<tr class=\"random\"><th scope=\"row\">%s</th><td>–</td><td>", i18n(rq, "ana.model.random"));
	cellf(b, json_object_get(ev, "random_precision"), 3);
	html_raw_trusted(b, "</td><td>–</td></tr>\n</tbody></table>\n");
	html_printf(b, "<p>%s: ", i18n(rq, "ana.risk.lr"));
	cellf(b, json_object_get(ev, "lr_stat"), 4);
	html_raw_trusted(b, " (p ≈ ");
	cellf(b, json_object_get(ev, "lr_p"), 3);
	html_raw_trusted(b, ")</p>\n");
	if (json_object_get(ev, "lr_distance2_stat")) {
		html_printf(b, "<p>%s: ", i18n(rq, "ana.risk.lr2"));
		cellf(b, json_object_get(ev, "lr_distance2_stat"), 4);
		html_raw_trusted(b, " (p ≈ ");
		cellf(b, json_object_get(ev, "lr_distance2_p"), 3);
		html_raw_trusted(b, ")</p>\n");
	}
	html_raw_trusted(b, "</section>\n");
}

static void explanation(struct web_request *rq, struct buf *b, json_t *x)
{
	html_printf(b, "<details><summary>%s</summary>\n<dl class=\"explanation\">", i18n(rq, "ana.explain"));
	static const char *const keys[] = { "intensity", "baseline", "prior_victimisations",
		"factor_prior_victimisations", "prior_suspect", "factor_prior_suspect", "exposure" };
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		html_printf(b, "<dt>%s</dt><dd class=\"%s\">", i18n_named(rq, "ana.col.", keys[k]), keys[k]);
		cellf(b, json_object_get(x, keys[k]), 6);
		html_raw_trusted(b, "</dd>");
	}
	html_raw_trusted(b, "</dl>\n");
	json_t *terms = json_object_get(x, "terms");
	if (json_array_size(terms)) {
		html_raw_trusted(b, "<table class=\"terms\"><thead><tr>");
		static const char *const cols[] = { "neighbour", "distance", "via", "victimised_in_period_from",
			"tie_weight", "decay", "contribution" };
		for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
			html_printf(b, "<th scope=\"col\">%s</th>", i18n_named(rq, "ana.col.", cols[k]));
		html_raw_trusted(b, "</tr></thead><tbody>\n");
		size_t i;
		json_t *t;
		json_array_foreach(terms, i, t) {
			html_raw_trusted(b, "<tr>");
			for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
				html_raw_trusted(b, "<td>");
				cellf(b, json_object_get(t, cols[k]), 4);
				html_raw_trusted(b, "</td>");
			}
			html_raw_trusted(b, "</tr>\n");
		}
		html_raw_trusted(b, "</tbody></table>\n");
	}
	long hidden = (long)json_integer_value(json_object_get(x, "hidden_records"));
	if (json_integer_value(json_object_get(x, "hidden_terms"))) {
		analyze_hidden_note(rq, b, hidden);
		html_printf(b, "<p>%s: ", i18n(rq, "ana.hidden.contribution"));
		cellf(b, json_object_get(x, "hidden_contribution"), 6);
		html_raw_trusted(b, "</p>\n");
	}
	html_raw_trusted(b, "</details>");
}

void page_analyze_risk(struct web_request *rq, struct web_response *rs)
{
	struct analyze_args x;
	char from[11], to[11], area[128], top[16];
	json_t *j = NULL;
	analyze_args_init(&x, "risk");
	if (analyze_filters(rq, rs, &x, from, to, area) ||
	    analyze_query(rq, rs, &x, "top", NULL, top, sizeof top))
		goto out;
	char *end;
	long ntop = *top ? strtol(top, &end, 10) : 50;
	if (*top && (*end || ntop < 1 || ntop > 100000)) {
		page_bad_request(rq, rs, "ana.bad.option");
		goto out;
	}
	char n[24];
	snprintf(n, sizeof n, "%ld", ntop);
	analyze_args_add(&x, "top", n);
	if (!(j = analyze_page_json(rq, rs, &x)))
		goto out;
	page_begin(rq, rs, i18n(rq, "ana.nav.risk"), "/analys");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n", i18n(rq, "ana.nav.risk"));
	analyze_subnav(rq, b, "/analys/risk");
	analyze_form_begin(rq, b, "/analys/risk", from, to, area);
	analyze_form_input(b, "top", i18n(rq, "ana.top"), top, "number");
	analyze_form_end(rq, b);
	html_printf(b, "<p>%s</p>\n", i18n(rq, "ana.risk.how"));
	evaluation(rq, b, json_object_get(j, "evaluation"));
	json_t *cur = json_object_get(j, "current");
	html_printf(b, "<section aria-labelledby=\"list\"><h2 id=\"list\">%s</h2>\n", i18n(rq, "ana.risk.list"));
	const char *np = json_string_value(json_object_get(cur, "not_possible"));
	if (np) {
		html_printf(b, "<p>%s: %s</p>", i18n(rq, "ana.not_possible"), np);
	} else {
		json_t *fit = json_object_get(cur, "fit");
		html_printf(b, "<p>%s: α = ", i18n(rq, "ana.risk.fit"));
		cellf(b, json_object_get(fit, "alpha"), 4);
		html_printf(b, ", τ = ");
		cellf(b, json_object_get(fit, "tau_days"), 4);
		html_printf(b, " %s, θ = ", i18n(rq, "ana.days"));
		cellf(b, json_object_get(fit, "distance2_factor"), 3);
		html_raw_trusted(b, "</p>\n<table class=\"ranking risk\"><thead><tr>");
		html_printf(b, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
			    i18n(rq, "ana.col.code"), i18n(rq, "ana.col.probability_horizon"), i18n(rq, "ana.explain"));
		size_t i;
		json_t *p;
		json_array_foreach(json_object_get(cur, "persons"), i, p) {
			const char *code = json_string_value(json_object_get(p, "code"));
			html_raw_trusted(b, "<tr><th scope=\"row\"><a href=\"/analys/personer/");
			html_url_part(b, code);
			html_printf(b, "\">%s</a></th><td class=\"probability\">", code);
			cellf(b, json_object_get(p, "probability_horizon"), 4);
			html_raw_trusted(b, "</td><td>");
			explanation(rq, b, p);
			html_raw_trusted(b, "</td></tr>\n");
		}
		html_raw_trusted(b, "</tbody></table>\n");
	}
	html_raw_trusted(b, "</section>\n");
	page_end(rs);
out:
	json_decref(j);
	analyze_args_release(&x);
}

/* ---- /analys/vedergallning ---- */

void page_analyze_retaliation(struct web_request *rq, struct web_response *rs)
{
	struct analyze_args x;
	char from[11], to[11], area[128], since[16], incident[24], window[16];
	json_t *j = NULL;
	analyze_args_init(&x, "retaliation");
	if (analyze_filters(rq, rs, &x, from, to, area) ||
	    analyze_query(rq, rs, &x, "since", "since", since, sizeof since) ||
	    analyze_query(rq, rs, &x, "incident", "incident", incident, sizeof incident) ||
	    analyze_query(rq, rs, &x, "window", "window", window, sizeof window))
		goto out;
	analyze_args_add(&x, "top", "0");
	if (!(j = analyze_page_json(rq, rs, &x)))
		goto out;
	page_begin(rq, rs, i18n(rq, "ana.nav.retaliation"), "/analys");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n", i18n(rq, "ana.nav.retaliation"));
	analyze_subnav(rq, b, "/analys/vedergallning");
	analyze_form_begin(rq, b, "/analys/vedergallning", from, to, area);
	analyze_form_input(b, "since", i18n(rq, "ana.since"), since, "date");
	analyze_form_input(b, "incident", i18n(rq, "ana.col.incident"), incident, "text");
	analyze_form_input(b, "window", i18n(rq, "ana.window"), window, "number");
	analyze_form_end(rq, b);
	html_printf(b, "<p>%s</p>\n", i18n(rq, "ana.retaliation.how"));
	size_t i;
	json_t *inc;
	json_t *incidents = json_object_get(j, "incidents");
	if (!json_array_size(incidents))
		html_printf(b, "<p>%s</p>\n", i18n(rq, "ana.retaliation.none"));
	json_array_foreach(incidents, i, inc) {
		long long id = (long long)json_integer_value(json_object_get(inc, "incident"));
		html_printf(b, "<section class=\"watch\" id=\"incident-%lld\"><h2>%s <a href=\"/incidents/%lld\">%lld</a> — %s, %s</h2>\n",
			    id, i18n(rq, "ana.col.incident"), id, id, json_string_value(json_object_get(inc, "occurred")),
			    i18n_named(rq, "val.", json_string_value(json_object_get(inc, "type"))));
		html_printf(b, "<p>%s %s.</p>\n<h3>%s</h3><ul>", i18n(rq, "ana.watch_until"),
			    json_string_value(json_object_get(inc, "watch_until")), i18n(rq, "ana.target_groups"));
		size_t k;
		json_t *g;
		json_array_foreach(json_object_get(inc, "target_groups"), k, g)
			html_printf(b, "<li>%s (%s %s)</li>", json_string_value(json_object_get(g, "group")),
				    i18n(rq, "ana.in_conflict_with"), json_string_value(json_object_get(g, "in_conflict_with")));
		html_printf(b, "</ul>\n<table class=\"ranking watch\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
			    i18n(rq, "ana.col.rank"), i18n(rq, "ana.col.code"), i18n(rq, "ana.col.score"),
			    i18n(rq, "ana.col.distance"), i18n(rq, "ana.col.notification"), i18n(rq, "ana.explain"));
		json_t *p;
		json_array_foreach(json_object_get(inc, "persons"), k, p) {
			const char *code = json_string_value(json_object_get(p, "code"));
			html_raw_trusted(b, "<tr><td>");
			cellf(b, json_object_get(p, "rank"), 4);
			html_raw_trusted(b, "</td><th scope=\"row\"><a href=\"/analys/personer/");
			html_url_part(b, code);
			html_printf(b, "\">%s</a></th><td class=\"score\">", code);
			cellf(b, json_object_get(p, "score"), 4);
			html_raw_trusted(b, "</td><td>");
			cellf(b, json_object_get(p, "distance"), 4);
			html_raw_trusted(b, "</td><td>");
			cellf(b, json_object_get(p, "notification"), 4);
			html_printf(b, "</td><td><details><summary>%s</summary><p>%s</p></details></td></tr>\n",
				    i18n(rq, "ana.explain"), json_string_value(json_object_get(p, "reason")));
		}
		html_raw_trusted(b, "</tbody></table></section>\n");
	}
	page_end(rs);
out:
	json_decref(j);
	analyze_args_release(&x);
}
