/* page_notify.c — the person-level workflows as pages: a custom notification at /notify/{id}
 * (the preparation sheet filtered by the viewer's role, the delivery form with the checklist
 * of the four core messages, the printable letter), and a call-in at /invite/{callin}
 * (invitees from the supervision priority list, letters, agenda, attendance registration in
 * the room — large buttons for a tablet — and the follow-ups).  Every step calls the workflow
 * function `gvi notify` / `gvi invite` calls; a refused step answers 409 with the reason. */
#include "date.h"
#include "html.h"
#include "page.h"
#include "web/page_workflow.h"
#include "workflow/letter.h"
#include "workflow/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int id_param(struct web_request *rq, struct web_response *rs, int k, int64_t *id)
{
	char *end;
	long long v = strtoll(rq->params[k], &end, 10);
	if (*end || v <= 0) {
		page_error(rq, rs, 404, "Sidan finns inte", "Det finns ingen sådan post.");
		return -1;
	}
	*id = v;
	return 0;
}

/* letter_page: the printable letter for the record whose id is path parameter k, made by
 * make (letter_notification or letter_invitation) for a role that may read the entity. */
typedef int letter_maker(struct access *a, int64_t id, int linked, struct buf *out, struct err *e);
static void letter_page(struct web_request *rq, struct web_response *rs, int k, const char *entity,
			letter_maker *make)
{
	int64_t id;
	if (id_param(rq, rs, k, &id))
		return;
	if (!access_may_read(rq->a, model_entity(entity))) {
		page_refused(rq, rs, NULL);
		return;
	}
	struct err e = { 0 };
	struct buf letter = BUF_INIT;
	if (make(rq->a, id, 1, &letter, &e)) {
		buf_release(&letter);
		page_error(rq, rs, 404, "Brevet kunde inte skapas", e.msg);
		return;
	}
	buf_reset(&rs->body);
	html_append(&rs->body, &letter);
	rs->status = 200;
	rs->type = "text/html; charset=utf-8";
	buf_release(&letter);
}

void page_letter_css(struct web_request *rq, struct web_response *rs)
{
	(void)rq;
	rs->status = 200;
	rs->type = "text/css; charset=utf-8";
	buf_adds(&rs->body, letter_css);
}

/* ---- custom notifications ---- */

void page_notify(struct web_request *rq, struct web_response *rs)
{
	int64_t id;
	if (id_param(rq, rs, 0, &id))
		return;
	if (!access_may_read(rq->a, model_entity("notification"))) {
		page_refused(rq, rs, NULL);
		return;
	}
	struct err e = { 0 };
	struct record n;
	int found = workflow_record(rq->a, "notification", id, &n, &e);
	struct buf sheet = BUF_INIT;
	if (found != 1 || letter_sheet(rq->a, id, &sheet, 0, &e)) {
		record_release(&n);
		buf_release(&sheet);
		if (found == 0)
			page_error(rq, rs, 404, "Samtalet finns inte", "Det finns inget sådant individuellt samtal.");
		else
			page_failed(rq, rs, "notify", &e);
		return;
	}
	char title[64];
	snprintf(title, sizeof title, "Individuellt samtal %lld", (long long)id);
	page_begin(rq, rs, title, NULL);
	struct buf *b = &rs->body;
	const char *status = wf_get(&n, "status");
	html_printf(b, "<h1>%s</h1>\n<p>Status: <strong id=\"notify-status\">%s</strong>%s%s</p>\n", title,
		    page_value_sv(model_field(n.e, "status"), status), *wf_get(&n, "held") ? ", hölls " : "",
		    wf_get(&n, "held"));
	html_raw_trusted(b, "<section aria-labelledby=\"prep\">\n<h2 id=\"prep\">Förberedelse</h2>\n");
	html_append(b, &sheet);
	html_raw_trusted(b, "</section>\n");
	if (!strcmp(status, "planned") && !strcmp(rq->who->role, "coordinator")) {
		char today[DATE_LEN];
		date_today(today);
		html_printf(b, "<section aria-labelledby=\"deliver\">\n<h2 id=\"deliver\">Genomförande</h2>\n"
			    "<form method=\"post\" action=\"/notify/%lld/deliver\">\n", (long long)id);
		page_csrf_field(b, rq);
		html_raw_trusted(b, "<fieldset><legend>Budskapet som framfördes</legend>\n");
		for (int k = 0; k < 4; k++)
			html_printf(b, "<p><input type=\"checkbox\" id=\"%s\" name=\"%s\" value=\"1\">\n"
				    "<label for=\"%s\">%s</label></p>\n", workflow_message_fields[k],
				    workflow_message_fields[k], workflow_message_fields[k], workflow_messages_sv[k]);
		html_printf(b, "</fieldset>\n<p><label for=\"held\">Datum</label>\n<input id=\"held\" name=\"held\" "
			    "type=\"date\" value=\"%s\"></p>\n<p><label for=\"deliverers\">Deltagare (användarnamn, "
			    "separerade med ;)</label>\n<input id=\"deliverers\" name=\"deliverers\" value=\"%s\"></p>\n"
			    "<p><label for=\"response\">Personens svar</label>\n<input id=\"response\" name=\"response\"></p>\n"
			    "<p><label for=\"support\">Erbjudet stöd</label>\n<input id=\"support\" name=\"support\"></p>\n"
			    "<p><button type=\"submit\">Registrera genomfört samtal</button></p>\n</form>\n</section>\n",
			    today, rq->who->name);
	}
	html_printf(b, "<p><a href=\"/notify/%lld/letter\">Brev att lämna över (utskrift)</a></p>\n", (long long)id);
	page_end(rs);
	record_release(&n);
	buf_release(&sheet);
}

void page_notify_deliver(struct web_request *rq, struct web_response *rs)
{
	int64_t id;
	if (id_param(rq, rs, 0, &id))
		return;
	static const char *const words[4] = { "die", "kill", "consequences", "help" };
	char messages[64] = "";
	size_t len = 0;
	for (int k = 0; k < 4; k++)
		if (web_form_get(rq->form, workflow_message_fields[k]))
			len += (size_t)snprintf(messages + len, sizeof messages - len, "%s%s", len ? "," : "", words[k]);
	struct err e = { 0 };
	if (!len) {
		err_set(&e, "Kryssa i vilka av budskapets fyra delar som framfördes.");
		wfpage_refused_step(rq, rs, &e);
		return;
	}
	const char *held = web_form_get(rq->form, "held");
	const char *who = web_form_get(rq->form, "deliverers");
	if (workflow_notification_deliver(rq->a, id, held && *held ? held : NULL, messages, who,
					  web_form_get(rq->form, "response"), web_form_get(rq->form, "support"), &e)) {
		wfpage_refused_step(rq, rs, &e);
		return;
	}
	char to[64];
	snprintf(to, sizeof to, "/notify/%lld", (long long)id);
	web_redirect(rs, to);
}

void page_notify_letter(struct web_request *rq, struct web_response *rs)
{
	letter_page(rq, rs, 0, "notification", letter_notification);
}

/* ---- call-ins ---- */

void page_invite(struct web_request *rq, struct web_response *rs)
{
	int64_t id;
	if (id_param(rq, rs, 0, &id))
		return;
	if (!access_may_read(rq->a, model_entity("invitation"))) {
		page_refused(rq, rs, NULL);
		return;
	}
	struct err e = { 0 };
	struct record c;
	struct wf_rows invs = { 0 }, tasks = { 0 };
	char idtext[32];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	int found = workflow_record(rq->a, "callin", id, &c, &e);
	if (found != 1 || wf_where(rq->a, "invitation", "callin", idtext, &invs, &e) ||
	    (access_may_read(rq->a, model_entity("task")) && wf_where(rq->a, "task", "callin", idtext, &tasks, &e))) {
		record_release(&c);
		wf_rows_release(&invs);
		if (found == 0)
			page_error(rq, rs, 404, "Call-in finns inte", "Det finns inget sådant call-in.");
		else
			page_failed(rq, rs, "invite", &e);
		return;
	}
	char title[96];
	snprintf(title, sizeof title, "Call-in %s", wf_get(&c, "held"));
	page_begin(rq, rs, title, NULL);
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s%s%s</h1>\n", title, *wf_get(&c, "venue") ? ", " : "", wf_get(&c, "venue"));
	/* agenda */
	html_raw_trusted(b, "<h2 id=\"agenda\">Dagordning</h2>\n<ol>\n");
	static const char *const parts[][2] = { { "law", "Rättsväsendet" }, { "community", "Lokalsamhällets moraliska röst" },
		{ "services", "Stöd och hjälp" } };
	const struct record_list *l = &c.lists[model_field_index(c.e, model_field(c.e, "speakers"))];
	for (int p = 0; p < 3; p++) {
		html_printf(b, "<li>%s: ", parts[p][1]);
		int any = 0;
		for (size_t k = 0; k < l->n; k++)
			if (l->item[k][1] && !strncmp(l->item[k][1], parts[p][0], strlen(parts[p][0])))
				html_printf(b, "%s%s", any++ ? ", " : "", l->item[k][0]);
		if (!any)
			html_raw_trusted(b, "ingen talare angiven");
		html_raw_trusted(b, "</li>\n");
	}
	html_raw_trusted(b, "</ol>\n<ul>\n");
	for (int k = 0; k < 4; k++)
		html_printf(b, "<li>%s</li>\n", workflow_messages_sv[k]);
	html_raw_trusted(b, "</ul>\n");
	/* invitees and attendance */
	int writes = !strcmp(rq->who->role, "coordinator") || !strcmp(rq->who->role, "probation");
	html_printf(b, "<h2 id=\"invitees\">Inbjudna (%zu)</h2>\n", invs.n);
	if (!invs.n)
		html_raw_trusted(b, "<p>Inga inbjudna ännu.</p>\n");
	else {
		html_raw_trusted(b, "<table>\n<caption>Inbjudna och närvaro</caption>\n<thead><tr><th scope=\"col\">Person</th>"
				 "<th scope=\"col\">Status</th><th scope=\"col\">Närvaro</th><th scope=\"col\">Brev</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < invs.n; i++) {
			const struct record *v = &invs.v[i];
			int came = !strcmp(wf_get(v, "attended"), "1");
			html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>", wf_get(v, "person"),
				    page_value_sv(model_field(v->e, "status"), wf_get(v, "status")));
			if (came)
				html_raw_trusted(b, "<strong>Närvarande</strong>");
			else if (writes) {
				html_printf(b, "<form method=\"post\" action=\"/invite/%lld/attend\">", (long long)id);
				page_csrf_field(b, rq);
				html_printf(b, "<input type=\"hidden\" name=\"invitation\" value=\"%lld\">"
					    "<button type=\"submit\" class=\"big\">Närvarande: %s</button></form>",
					    (long long)v->id, wf_get(v, "person"));
			} else
				html_raw_trusted(b, "–");
			html_printf(b, "</td><td><a href=\"/invite/%lld/letter/%lld\">Inbjudan</a></td></tr>\n", (long long)id,
				    (long long)v->id);
		}
		html_raw_trusted(b, "</tbody>\n</table>\n");
	}
	if (writes) {
		html_printf(b, "<h2 id=\"add\">Bjud in</h2>\n<form method=\"post\" action=\"/invite/%lld/add\">\n", (long long)id);
		page_csrf_field(b, rq);
		html_raw_trusted(b, "<p><input type=\"checkbox\" id=\"supervised\" name=\"supervised\" value=\"1\">\n"
				 "<label for=\"supervised\">Alla under Kriminalvårdens övervakning (prioriteringslistan)</label></p>\n"
				 "<p><label for=\"codes\">Eller personkoder, separerade med mellanslag</label>\n"
				 "<input id=\"codes\" name=\"codes\"></p>\n<p><button type=\"submit\">Bjud in</button></p>\n</form>\n");
	}
	html_raw_trusted(b, "<h2 id=\"followups\">Uppföljning</h2>\n");
	static const char *const cols[] = { "title", "person", "assignee", "due", "status", NULL };
	wfpage_rows_table(b, "Uppföljning efter call-in", &tasks, cols, NULL);
	page_end(rs);
	record_release(&c);
	wf_rows_release(&invs);
	wf_rows_release(&tasks);
}

/* The persons under supervision today (Kriminalvården's list), as codes into codes[]. */
static int supervised(struct web_request *rq, char codes[][32], size_t max, size_t *n, struct err *e)
{
	struct wf_rows rows;
	char today[DATE_LEN];
	date_today(today);
	if (wf_list(rq->a, "supervision", NULL, &rows, e))
		return -1;
	for (size_t i = 0; i < rows.n && *n < max; i++) {
		const struct record *s = &rows.v[i];
		if (strcmp(wf_get(s, "since"), today) > 0 || (*wf_get(s, "until") && strcmp(wf_get(s, "until"), today) < 0))
			continue;
		int dup = 0;
		for (size_t k = 0; k < *n; k++)
			dup |= !strcmp(codes[k], wf_get(s, "person"));
		if (!dup)
			snprintf(codes[(*n)++], 32, "%s", wf_get(s, "person"));
	}
	wf_rows_release(&rows);
	return 0;
}

void page_invite_add(struct web_request *rq, struct web_response *rs)
{
	int64_t id;
	if (id_param(rq, rs, 0, &id))
		return;
	struct err e = { 0 };
	char codes[256][32];
	size_t n = 0;
	int rc = 0;
	if (web_form_get(rq->form, "supervised"))
		rc = supervised(rq, codes, 256, &n, &e);
	const char *typed = web_form_get(rq->form, "codes");
	char copy[4096];
	snprintf(copy, sizeof copy, "%s", typed ? typed : "");
	for (char *save = NULL, *w = strtok_r(copy, " ,;\t", &save); w && n < 256; w = strtok_r(NULL, " ,;\t", &save))
		snprintf(codes[n++], 32, "%s", w);
	if (!rc && !n)
		rc = err_set(&e, "Ingen att bjuda in: kryssa i listan eller skriv personkoder.");
	char callin[32];
	snprintf(callin, sizeof callin, "%lld", (long long)id);
	if (!rc)
		rc = access_begin(rq->a, 0, &e);
	for (size_t i = 0; i < n && !rc; i++) {
		struct record r;
		record_init(&r, model_entity("invitation"));
		rc = record_set(&r, "callin", callin, &e) || record_set(&r, "person", codes[i], &e) ? -1 : 0;
		if (!rc && (rc = access_add(rq->a, &r, &e)) == STORE_DUPLICATE) {
			err_clear(&e);
			err_set(&e, "%s är redan inbjuden: ingen bjöds in (listan skickades inte två gånger)", codes[i]);
		}
		record_release(&r);
	}
	if (n && rc)
		access_rollback(rq->a);
	else if (!rc)
		rc = access_commit(rq->a, &e);
	if (rc) {
		wfpage_refused_step(rq, rs, &e);
		return;
	}
	char to[64];
	snprintf(to, sizeof to, "/invite/%lld", (long long)id);
	web_redirect(rs, to);
}

void page_invite_attend(struct web_request *rq, struct web_response *rs)
{
	int64_t id;
	if (id_param(rq, rs, 0, &id))
		return;
	const char *inv = web_form_get(rq->form, "invitation");
	char *end = NULL;
	long long v = inv ? strtoll(inv, &end, 10) : 0;
	struct err e = { 0 };
	if (!inv || *end || v <= 0) {
		page_error(rq, rs, 400, "Felaktig förfrågan", "Formuläret saknar inbjudan.");
		return;
	}
	if (workflow_invitation_attend(rq->a, v, &e)) {
		wfpage_refused_step(rq, rs, &e);
		return;
	}
	char to[64];
	snprintf(to, sizeof to, "/invite/%lld", (long long)id);
	web_redirect(rs, to);
}

void page_invite_letter(struct web_request *rq, struct web_response *rs)
{
	letter_page(rq, rs, 1, "invitation", letter_invitation);
}
