/* page_kpi.c — "Nyckeltal" at /kpi (the programme's performance measures for a period, the
 * same computation as `gvi kpi`) and the dashboard's block of them for the last 12 months.
 * A measure the role may not read is shown as such, never computed from less. */
#include "date.h"
#include "html.h"
#include "page.h"
#include "web/page_workflow.h"
#include "workflow/workflow.h"

#include <stdio.h>
#include <string.h>

static void num(struct buf *b, json_t *v)
{
	if (json_is_integer(v))
		html_printf(b, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v)) {
		char t[32];
		snprintf(t, sizeof t, "%.1f", json_real_value(v));
		html_text(b, t);
	} else
		html_raw_trusted(b, "–");
}

static void share(struct buf *b, json_t *v)
{
	if (!json_is_number(v)) {
		html_raw_trusted(b, "–");
		return;
	}
	char t[32];
	snprintf(t, sizeof t, "%.0f %%", 100.0 * json_number_value(v));
	html_text(b, t);
}

/* "PART av WHOLE (SHARE)", from the members of one measure. */
static void part_of(struct buf *b, json_t *m, const char *part, const char *whole,
		    const char *share_key)
{
	num(b, json_object_get(m, part));
	html_raw_trusted(b, " av ");
	num(b, json_object_get(m, whole));
	html_raw_trusted(b, " (");
	share(b, json_object_get(m, share_key));
	html_raw_trusted(b, ")");
}

static int hidden(struct buf *b, json_t *m)
{
	if (!json_is_object(m) || !json_object_get(m, "not_visible"))
		return 0;
	html_raw_trusted(b, "Visas inte för din roll");
	return 1;
}

static void row(struct buf *b, const char *id, const char *label)
{
	html_printf(b, "<tr id=\"%s\"><th scope=\"row\">%s</th><td class=\"num\">", id, label);
}

/* The summary table of k into b. */
static void summary(struct buf *b, json_t *k)
{
	json_t *m;
	html_raw_trusted(b, "<table>\n<caption>Nyckeltal</caption>\n<thead><tr><th scope=\"col\">Mått</th>"
			 "<th scope=\"col\" class=\"num\">Värde</th></tr></thead>\n<tbody>\n");
	m = json_object_get(k, "first_action");
	row(b, "kpi-first-action", "Dagar från händelse till första åtgärd (median)");
	if (!hidden(b, m))
		num(b, json_object_get(m, "median_days"));
	html_raw_trusted(b, "</td></tr>\n");
	row(b, "kpi-without-action", "Grova gruppkopplade händelser utan åtgärd");
	if (!hidden(b, m))
		num(b, json_object_get(m, "incidents_without_action"));
	html_raw_trusted(b, "</td></tr>\n");
	m = json_object_get(k, "consequences");
	row(b, "kpi-consequences", "Våldsamma grupper som mött konsekvenser");
	if (!hidden(b, m))
		part_of(b, m, "met_consequences", "violent_groups", "share");
	html_raw_trusted(b, "</td></tr>\n");
	m = json_object_get(k, "notifications_held");
	row(b, "kpi-notifications", "Genomförda individuella samtal");
	if (!hidden(b, m))
		num(b, m);
	html_raw_trusted(b, "</td></tr>\n");
	m = json_object_get(k, "callin_attendance");
	row(b, "kpi-attendance", "Närvaro vid call-in");
	if (!hidden(b, m))
		part_of(b, m, "attended", "invited", "rate");
	html_raw_trusted(b, "</td></tr>\n");
	m = json_object_get(k, "referrals");
	row(b, "kpi-referrals", "Remisser: gjorda / accepterade / slutförda");
	if (!hidden(b, m)) {
		num(b, json_object_get(m, "made"));
		html_raw_trusted(b, " / ");
		num(b, json_object_get(m, "accepted"));
		html_raw_trusted(b, " / ");
		num(b, json_object_get(m, "completed"));
	}
	html_raw_trusted(b, "</td></tr>\n");
	m = json_object_get(k, "repeat_victimisation");
	row(b, "kpi-repeat", "Utsatta igen efter samtal");
	if (!hidden(b, m)) {
		num(b, json_object_get(m, "victimised_after"));
		html_raw_trusted(b, " av ");
		num(b, json_object_get(m, "notified"));
	}
	html_raw_trusted(b, "</td></tr>\n</tbody>\n</table>\n");
}

void page_kpi_block(struct web_request *rq, struct buf *b)
{
	char today[DATE_LEN], from[DATE_LEN];
	date_today(today);
	date_add_months(today, -12, from);
	struct err e = { 0 };
	json_t *k = NULL;
	html_raw_trusted(b, "<section aria-labelledby=\"kpi\">\n<h2 id=\"kpi\">Nyckeltal, senaste 12 månaderna</h2>\n");
	if (access_may_read(rq->a, model_entity("response-case"))) {
		struct wf_rows cases;
		if (!wf_list(rq->a, "response-case", NULL, &cases, &e)) {
			char now[DATETIME_LEN];
			wf_now(now);
			long open = 0, overdue = 0;
			for (size_t i = 0; i < cases.n; i++) {
				open += strcmp(wf_get(&cases.v[i], "status"), "closed") != 0;
				overdue += workflow_case_overdue(&cases.v[i], now);
			}
			html_printf(b, "<p><a href=\"/cases\">Ärenden</a>: <span id=\"cases-open\">%ld</span> pågående, "
				    "<span id=\"cases-overdue\">%ld</span> försenade.</p>\n", open, overdue);
			wf_rows_release(&cases);
		}
	}
	if (workflow_kpi(rq->a, from, today, &k, &e)) {
		fprintf(stderr, "gvi serve: dashboard kpi: %s\n", e.msg);
		html_raw_trusted(b, "<p>Nyckeltalen kunde inte visas just nu.</p>\n");
	} else {
		summary(b, k);
		html_raw_trusted(b, "<p><a href=\"/kpi\">Alla nyckeltal</a></p>\n");
	}
	html_raw_trusted(b, "</section>\n");
	json_decref(k);
}

void page_kpi(struct web_request *rq, struct web_response *rs)
{
	char from[DATE_LEN] = "", to[DATE_LEN] = "", raw[32];
	struct err e = { 0 };
	int r1 = web_query(rq, "from", raw, sizeof raw);
	if (r1 == 1 && *raw && date_parse(raw, from, &e))
		r1 = -1;
	int r2 = r1 < 0 ? -1 : web_query(rq, "to", raw, sizeof raw);
	if (r2 == 1 && *raw && date_parse(raw, to, &e))
		r2 = -1;
	if (r1 < 0 || r2 < 0) {
		page_bad_request(rq, rs, "bad.date");
		return;
	}
	if (*from && *to && strcmp(from, to) > 0) {
		page_bad_request(rq, rs, "bad.order");
		return;
	}
	json_t *k = NULL;
	if (workflow_kpi(rq->a, from, to, &k, &e)) {
		page_failed(rq, rs, "kpi", &e);
		return;
	}
	page_begin(rq, rs, "Nyckeltal", "/kpi");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>Nyckeltal</h1>\n<form method=\"get\" action=\"/kpi\">\n<p><label for=\"from\">Från</label>\n"
		    "<input id=\"from\" name=\"from\" type=\"date\" value=\"%s\">\n<label for=\"to\">Till</label>\n"
		    "<input id=\"to\" name=\"to\" type=\"date\" value=\"%s\">\n<button type=\"submit\">Visa</button></p>\n"
		    "</form>\n", from, to);
	summary(b, k);
	json_t *m = json_object_get(k, "gmi_per_month");
	html_raw_trusted(b, "<h2 id=\"months\">Gruppkopplade dödsfall och skjutningar per månad</h2>\n");
	if (hidden(b, m)) {
		html_raw_trusted(b, "\n");
	} else if (!json_array_size(m)) {
		html_raw_trusted(b, "<p>Inga.</p>\n");
	} else {
		html_raw_trusted(b, "<table>\n<caption>Per månad</caption>\n<thead><tr><th scope=\"col\">Månad</th>"
				 "<th scope=\"col\" class=\"num\">Dödligt våld</th><th scope=\"col\" class=\"num\">Skjutningar</th>"
				 "</tr></thead>\n<tbody>\n");
		size_t i;
		json_t *x;
		json_array_foreach(m, i, x) {
			html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">", json_string_value(json_object_get(x, "month")));
			num(b, json_object_get(x, "homicides"));
			html_raw_trusted(b, "</td><td class=\"num\">");
			num(b, json_object_get(x, "shootings"));
			html_raw_trusted(b, "</td></tr>\n");
		}
		html_raw_trusted(b, "</tbody>\n</table>\n");
	}
	html_raw_trusted(b, "<p>Definitionerna står i docs/workflow.md; samma tal ger <code>gvi kpi</code>.</p>\n");
	page_end(rs);
	json_decref(k);
}
