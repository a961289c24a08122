/* page_case.c — "Ärenden": the response cases at /cases and one case at /cases/{id}, with the
 * forms of its steps (assign, record an action, the group was told why, close) and the
 * proposed custom notifications, each "Planera samtal" a planned notification.
 *
 * Every step is a POST that calls the same workflow function as `gvi case`, so the order of
 * the steps, the audit and the refusals are the CLI's; a refusal is answered 409 with the
 * reason and nothing written.  The action form carries the number of actions the case had when
 * the form was shown, so a form sent twice records one action, not two. */
#include "date.h"
#include "html.h"
#include "page.h"
#include "recfmt.h"
#include "web/page_workflow.h"
#include "workflow/wf.h"
#include "workflow/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *status_sv(const char *s)
{
	return !strcmp(s, "open") ? "öppet" : !strcmp(s, "acting") ? "åtgärd vidtagen"
	       : !strcmp(s, "told") ? "gruppen informerad" : !strcmp(s, "closed") ? "avslutat" : s;
}

void wfpage_refused_step(struct web_request *rq, struct web_response *rs, const struct err *e)
{
	page_error(rq, rs, 409, "Steget registrerades inte", e->msg);
}

void wfpage_rows_table(struct buf *b, const char *caption, const struct wf_rows *rows,
		       const char *const *columns, const char *link_prefix)
{
	if (!rows->n) {
		html_raw_trusted(b, "<p>Inga.</p>\n");
		return;
	}
	html_printf(b, "<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">Nr</th>", caption);
	for (int k = 0; columns[k]; k++)
		html_printf(b, "<th scope=\"col\">%s</th>", page_field_sv(model_field(rows->v[0].e, columns[k])));
	html_raw_trusted(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < rows->n; i++) {
		const struct record *r = &rows->v[i];
		if (link_prefix)
			html_printf(b, "<tr><th scope=\"row\"><a href=\"%s%lld\">%lld</a></th>", link_prefix,
				    (long long)r->id, (long long)r->id);
		else
			html_printf(b, "<tr><th scope=\"row\">%lld</th>", (long long)r->id);
		for (int k = 0; columns[k]; k++) {
			const struct field *f = model_field(r->e, columns[k]);
			const char *v = wf_get(r, columns[k]);
			if (f->type == F_LIST) {
				char *text = recfmt_list_text(r, model_field_index(r->e, f));
				html_printf(b, "<td>%s</td>", text);
				free(text);
			} else if (!strcmp(columns[k], "status") && !strcmp(r->e->name, "response-case"))
				html_printf(b, "<td>%s</td>", status_sv(v));
			else
				html_printf(b, "<td>%s</td>", page_value_sv(f, v));
		}
		html_raw_trusted(b, "</tr>\n");
	}
	html_raw_trusted(b, "</tbody>\n</table>\n");
}

static void options(struct web_request *rq, struct buf *b, const char *entity, const char *key);

void page_cases(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = model_entity("response-case");
	if (!access_may_read(rq->a, en)) {
		page_refused(rq, rs, NULL);
		return;
	}
	struct err e = { 0 };
	struct wf_rows rows;
	struct store_query q = { .descending = 1 };
	if (wf_list(rq->a, "response-case", &q, &rows, &e)) {
		page_failed(rq, rs, "cases", &e);
		return;
	}
	char now[DATETIME_LEN];
	wf_now(now);
	struct wf_rows open = { 0 }, overdue = { 0 }, done = { 0 };
	for (size_t i = 0; i < rows.n; i++) {
		struct wf_rows *to = workflow_case_overdue(&rows.v[i], now) ? &overdue
				     : strcmp(wf_get(&rows.v[i], "status"), "closed") ? &open : &done;
		struct record *v = realloc(to->v, (to->n + 1) * sizeof *v);
		if (!v)
			abort();
		to->v = v;
		to->v[to->n++] = rows.v[i];
	}
	free(rows.v);
	page_begin(rq, rs, "Ärenden", "/cases");
	struct buf *b = &rs->body;
	static const char *const cols[] = { "group", "incidents", "level", "status", "opened", "due", "assignee",
		"first_action", NULL };
	html_raw_trusted(b, "<h1>Ärenden</h1>\n<p>Ett åtgärdsärende öppnas när grovt våld registreras som utfört av en "
			 "grupp. Första åtgärden ska vidtas före tidsgränsen.</p>\n");
	if (access_may_read(rq->a, model_entity("group-involvement")) && strcmp(rq->who->role, "probation")) {
		/* The way in: violence attributed to a group (a perpetrating group involvement). */
		html_raw_trusted(b, "<form method=\"post\" action=\"/cases/attribute\">\n");
		page_csrf_field(b, rq);
		html_raw_trusted(b, "<fieldset><legend>Grupp som låg bakom en händelse</legend>\n"
				 "<label for=\"incident\">Händelse (nummer)</label>\n<input id=\"incident\" name=\"incident\" "
				 "inputmode=\"numeric\" required>\n<label for=\"group\">Grupp</label>\n<select id=\"group\" name=\"group\">");
		options(rq, b, "group", "name");
		html_raw_trusted(b, "</select>\n<label for=\"confidence\">Säkerhet</label>\n<select id=\"confidence\" "
				 "name=\"confidence\"><option value=\"confirmed\">bekräftad</option><option value=\"probable\" "
				 "selected>trolig</option><option value=\"possible\">möjlig</option></select>\n"
				 "<button type=\"submit\">Registrera</button>\n</fieldset>\n</form>\n");
	}
	html_printf(b, "<h2 id=\"overdue\">Försenade (%zu)</h2>\n", overdue.n);
	wfpage_rows_table(b, "Försenade ärenden", &overdue, cols, "/cases/");
	html_printf(b, "<h2 id=\"open\">Pågående (%zu)</h2>\n", open.n);
	wfpage_rows_table(b, "Pågående ärenden", &open, cols, "/cases/");
	html_printf(b, "<h2 id=\"closed\">Avslutade (%zu)</h2>\n", done.n);
	wfpage_rows_table(b, "Avslutade ärenden", &done, cols, "/cases/");
	page_end(rs);
	wf_rows_release(&open);
	wf_rows_release(&overdue);
	wf_rows_release(&done);
}

static int case_param(struct web_request *rq, struct web_response *rs, int64_t *id)
{
	char *end;
	long long v = strtoll(rq->params[0], &end, 10);
	if (*end || v <= 0) {
		page_error(rq, rs, 404, "Ärendet finns inte", "Det finns inget sådant ärende.");
		return -1;
	}
	*id = v;
	return 0;
}

static void options(struct web_request *rq, struct buf *b, const char *entity, const char *key)
{
	struct wf_rows rows;
	struct err e = { 0 };
	if (wf_list(rq->a, entity, NULL, &rows, &e))
		return;
	for (size_t i = 0; i < rows.n; i++)
		html_printf(b, "<option value=\"%s\">%s</option>", wf_get(&rows.v[i], key), wf_get(&rows.v[i], key));
	wf_rows_release(&rows);
}

void page_case(struct web_request *rq, struct web_response *rs)
{
	int64_t id;
	if (case_param(rq, rs, &id))
		return;
	if (!access_may_read(rq->a, model_entity("response-case"))) {
		page_refused(rq, rs, NULL);
		return;
	}
	struct err e = { 0 };
	struct record c;
	int found = workflow_record(rq->a, "response-case", id, &c, &e);
	if (found != 1) {
		record_release(&c);
		if (found == 0)
			page_error(rq, rs, 404, "Ärendet finns inte", "Det finns inget sådant ärende.");
		else
			page_failed(rq, rs, "case", &e);
		return;
	}
	/* A role that may not read enforcement (probation) sees the case without its actions. */
	int sees_actions = access_may_read(rq->a, model_entity("enforcement"));
	long actions = sees_actions ? workflow_case_actions(rq->a, id, &e) : 0;
	json_t *prop = NULL;
	if (actions < 0 || workflow_case_proposals(rq->a, id, &prop, &e)) {
		record_release(&c);
		page_failed(rq, rs, "case", &e);
		return;
	}
	char title[96], now[DATETIME_LEN], actions_text[24];
	wf_now(now);
	snprintf(actions_text, sizeof actions_text, "%ld", actions);
	snprintf(title, sizeof title, "Ärende %lld", (long long)id);
	page_begin(rq, rs, title, "/cases");
	struct buf *b = &rs->body;
	const char *status = wf_get(&c, "status");
	html_printf(b, "<h1>Ärende %lld: %s</h1>\n", (long long)id, wf_get(&c, "group"));
	html_printf(b, "<dl>\n<dt>Status</dt><dd id=\"case-status\">%s</dd>\n<dt>Nivå</dt><dd>%s</dd>\n"
		    "<dt>Händelser</dt><dd>", status_sv(status), wf_get(&c, "level"));
	const struct record_list *l = &c.lists[model_field_index(c.e, model_field(c.e, "incidents"))];
	for (size_t k = 0; k < l->n; k++)
		html_printf(b, "%s<a href=\"/incidents/%s\">%s</a>", k ? ", " : "", l->item[k][0], l->item[k][0]);
	html_printf(b, "</dd>\n<dt>Öppnat</dt><dd>%s</dd>\n<dt>Första åtgärd senast</dt><dd>%s%s</dd>\n"
		    "<dt>Ansvarig</dt><dd>%s</dd>\n<dt>Första åtgärd</dt><dd>%s</dd>\n"
		    "<dt>Gruppen informerad</dt><dd>%s</dd>\n<dt>Avslutat</dt><dd>%s</dd>\n"
		    "<dt>Åtgärder</dt><dd id=\"case-actions\">%s</dd>\n</dl>\n",
		    wf_get(&c, "opened"), wf_get(&c, "due"), workflow_case_overdue(&c, now) ? " (försenad)" : "",
		    wf_get(&c, "assignee"), wf_get(&c, "first_action"), wf_get(&c, "told"), wf_get(&c, "closed"),
		    sees_actions ? actions_text : "Visas inte för din roll");
	int writable = access_may_read(rq->a, model_entity("enforcement")) &&
		       strcmp(rq->who->role, "probation") && strcmp(status, "closed");
	if (writable) {
		html_raw_trusted(b, "<h2 id=\"steps\">Nästa steg</h2>\n");
		if (!strcmp(status, "open") || !strcmp(status, "acting")) {
			html_printf(b, "<form method=\"post\" action=\"/cases/%lld/act\">\n", (long long)id);
			page_csrf_field(b, rq);
			html_printf(b, "<input type=\"hidden\" name=\"actions\" value=\"%ld\">\n", actions);
			html_raw_trusted(b, "<fieldset><legend>Registrera åtgärd</legend>\n"
					 "<label for=\"lever\">Påtryckningsmedel</label>\n<select id=\"lever\" name=\"lever\">");
			options(rq, b, "lever", "name");
			html_raw_trusted(b, "</select>\n<label for=\"agency\">Aktör</label>\n<select id=\"agency\" name=\"agency\">");
			options(rq, b, "agency", "name");
			char today[DATE_LEN];
			date_today(today);
			html_printf(b, "</select>\n<label for=\"date\">Datum</label>\n<input id=\"date\" name=\"date\" "
				    "type=\"date\" value=\"%s\">\n<button type=\"submit\">Registrera åtgärd</button>\n"
				    "</fieldset>\n</form>\n", today);
		}
		if (!strcmp(status, "acting")) {
			html_printf(b, "<form method=\"post\" action=\"/cases/%lld/told\">\n", (long long)id);
			page_csrf_field(b, rq);
			html_raw_trusted(b, "<button type=\"submit\">Gruppen har fått veta varför</button>\n</form>\n");
		}
		if (!strcmp(status, "told")) {
			html_printf(b, "<form method=\"post\" action=\"/cases/%lld/close\">\n", (long long)id);
			page_csrf_field(b, rq);
			html_raw_trusted(b, "<button type=\"submit\">Avsluta ärendet</button>\n</form>\n");
		}
		html_printf(b, "<form method=\"post\" action=\"/cases/%lld/assign\">\n", (long long)id);
		page_csrf_field(b, rq);
		html_raw_trusted(b, "<label for=\"user\">Ansvarig</label>\n<select id=\"user\" name=\"user\">");
		options(rq, b, "user", "name");
		html_raw_trusted(b, "</select>\n<button type=\"submit\">Tilldela</button>\n</form>\n");
	}
	html_raw_trusted(b, "<h2 id=\"proposals\">Förslag: individuella samtal (förebygga hämnd)</h2>\n");
	const char *source = json_string_value(json_object_get(prop, "source"));
	html_printf(b, "<p>Källa: %s.</p>\n", !strcmp(source, "analysis") ? "hämndanalysen"
		    : !strcmp(source, "relations") ? "grupprelationerna (ingen utsatt grupp registrerad)" : "inga förslag");
	size_t i;
	json_t *x;
	if (json_array_size(json_object_get(prop, "groups"))) {
		html_raw_trusted(b, "<ul>\n");
		json_array_foreach(json_object_get(prop, "groups"), i, x)
			html_printf(b, "<li>Grupp %s: %s</li>\n", json_string_value(json_object_get(x, "group")),
				    json_string_value(json_object_get(x, "why")));
		html_raw_trusted(b, "</ul>\n");
	}
	int may_plan = access_may_read(rq->a, model_entity("notification")) && !strcmp(rq->who->role, "coordinator");
	if (json_array_size(json_object_get(prop, "persons"))) {
		html_raw_trusted(b, "<table>\n<caption>Personer med förhöjd risk</caption>\n<thead><tr>"
				 "<th scope=\"col\">Kod</th><th scope=\"col\">Varför</th><th scope=\"col\">Samtal</th>"
				 "</tr></thead>\n<tbody>\n");
		json_array_foreach(json_object_get(prop, "persons"), i, x) {
			const char *code = json_string_value(json_object_get(x, "code"));
			html_printf(b, "<tr><th scope=\"row\"><a href=\"/persons/%s\">%s</a></th><td>%s</td><td>", code, code,
				    json_string_value(json_object_get(x, "why")));
			if (may_plan) {
				html_printf(b, "<form method=\"post\" action=\"/cases/%lld/plan\">", (long long)id);
				page_csrf_field(b, rq);
				html_printf(b, "<input type=\"hidden\" name=\"person\" value=\"%s\">"
					    "<button type=\"submit\">Planera samtal med %s</button></form>", code, code);
			}
			html_raw_trusted(b, "</td></tr>\n");
		}
		html_raw_trusted(b, "</tbody>\n</table>\n");
	}
	json_decref(prop);
	/* levers by agency, and the case's tasks */
	struct wf_rows levers = { 0 }, tasks = { 0 };
	char idtext[32];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	html_raw_trusted(b, "<h2 id=\"levers\">Påtryckningsmedel</h2>\n");
	if (!wf_list(rq->a, "lever", NULL, &levers, &e)) {
		html_raw_trusted(b, "<ul>\n");
		for (size_t k = 0; k < levers.n; k++) {
			const struct record *r = &levers.v[k];
			const struct record_list *al = &r->lists[model_field_index(r->e, model_field(r->e, "agencies"))];
			html_printf(b, "<li><strong>%s</strong>: %s (", wf_get(r, "name"), wf_get(r, "description"));
			if (!al->n)
				html_raw_trusted(b, "alla aktörer");
			for (size_t j = 0; j < al->n; j++)
				html_printf(b, "%s%s", j ? ", " : "", al->item[j][0]);
			html_raw_trusted(b, ")</li>\n");
		}
		html_raw_trusted(b, "</ul>\n");
	}
	html_raw_trusted(b, "<h2 id=\"tasks\">Uppgifter</h2>\n");
	if (access_may_read(rq->a, model_entity("task")) && !wf_where(rq->a, "task", "case", idtext, &tasks, &e)) {
		static const char *const cols[] = { "title", "assignee", "due", "status", NULL };
		wfpage_rows_table(b, "Ärendets uppgifter", &tasks, cols, NULL);
	}
	wf_rows_release(&levers);
	wf_rows_release(&tasks);
	page_end(rs);
	record_release(&c);
}

void page_case_step(struct web_request *rq, struct web_response *rs)
{
	int64_t id;
	if (case_param(rq, rs, &id))
		return;
	const char *step = rq->params[1];
	struct err e = { 0 };
	int rc;
	const char *date = web_form_get(rq->form, "date");
	if (date && !*date)
		date = NULL;
	if (!strcmp(step, "act")) {
		const char *n = web_form_get(rq->form, "actions");
		char *end = NULL;
		long expect = n ? strtol(n, &end, 10) : -1;
		if (!n || *end || expect < 0) {
			page_error(rq, rs, 400, "Felaktig förfrågan", "Formuläret saknar antalet åtgärder.");
			return;
		}
		rc = workflow_case_act(rq->a, id, web_form_get(rq->form, "lever") ? web_form_get(rq->form, "lever") : "",
				       web_form_get(rq->form, "agency") ? web_form_get(rq->form, "agency") : "", date,
				       expect, NULL, &e);
	} else if (!strcmp(step, "told")) {
		rc = workflow_case_told(rq->a, id, date, &e);
	} else if (!strcmp(step, "close")) {
		rc = workflow_case_close(rq->a, id, date, &e);
	} else if (!strcmp(step, "assign")) {
		const char *u = web_form_get(rq->form, "user");
		rc = workflow_case_assign(rq->a, id, u ? u : "", &e);
	} else if (!strcmp(step, "plan")) {
		const char *p = web_form_get(rq->form, "person");
		struct record n;
		record_init(&n, model_entity("notification"));
		char today[DATE_LEN];
		date_today(today);
		rc = record_set(&n, "person", p ? p : "", &e) || record_set(&n, "planned", today, &e) ||
		     access_add(rq->a, &n, &e) ? -1 : 0;
		if (!rc) {
			char to[64];
			snprintf(to, sizeof to, "/notify/%lld", (long long)n.id);
			record_release(&n);
			web_redirect(rs, to);
			return;
		}
		record_release(&n);
	} else {
		page_error(rq, rs, 404, "Sidan finns inte", "Det finns inget sådant steg.");
		return;
	}
	if (rc) {
		wfpage_refused_step(rq, rs, &e);
		return;
	}
	char to[64];
	snprintf(to, sizeof to, "/cases/%lld", (long long)id);
	web_redirect(rs, to);
}

/* POST /cases/attribute: records that a group was behind an incident (perpetrating), which
 * opens or escalates its case in the same transaction; then shows the case. */
void page_case_attribute(struct web_request *rq, struct web_response *rs)
{
	struct err e = { 0 };
	struct record gi;
	record_init(&gi, model_entity("group-involvement"));
	const char *inc = web_form_get(rq->form, "incident"), *grp = web_form_get(rq->form, "group"),
		   *conf = web_form_get(rq->form, "confidence");
	int rc = record_set(&gi, "incident", inc ? inc : "", &e) || record_set(&gi, "group", grp ? grp : "", &e) ||
		 record_set(&gi, "side", "perpetrating", &e) || record_set(&gi, "confidence", conf ? conf : "", &e) ||
		 access_add(rq->a, &gi, &e) ? -1 : 0;
	if (rc == STORE_DUPLICATE || rc) {
		if (rc == STORE_DUPLICATE || strstr(e.msg, "duplicate")) {
			err_clear(&e);
			err_set(&e, "Gruppen är redan registrerad som förövare vid händelsen: inget registrerades två gånger.");
		}
		record_release(&gi);
		wfpage_refused_step(rq, rs, &e);
		return;
	}
	record_release(&gi);
	/* the group's newest case that is not closed, if the incident opened or escalated one */
	struct wf_rows cases;
	char to[64] = "/cases";
	if (!wf_where(rq->a, "response-case", "group", grp, &cases, &e)) {
		for (size_t i = 0; i < cases.n; i++)
			if (strcmp(wf_get(&cases.v[i], "status"), "closed"))
				snprintf(to, sizeof to, "/cases/%lld", (long long)cases.v[i].id);
		wf_rows_release(&cases);
	}
	web_redirect(rs, to);
}
