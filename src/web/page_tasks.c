/* page_tasks.c — "Mina uppgifter" at /tasks: the user's open tasks with a "Klar" button each,
 * the other open tasks the user may see, and the calendar feed: a key made on request (shown
 * once) and /calendar/USER.SECRET.ics, which answers without a session — the key is the
 * credential — with the same iCalendar text as `gvi tasks ics`. */
#include "date.h"
#include "html.h"
#include "page.h"
#include "web/page_workflow.h"
#include "workflow/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void task_rows(struct web_request *rq, struct buf *b, const struct wf_rows *rows, int mine)
{
	char today[DATE_LEN];
	date_today(today);
	html_printf(b, "<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">Uppgift</th>"
		    "<th scope=\"col\">Senast</th><th scope=\"col\">Typ</th><th scope=\"col\">Person</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", mine ? "Mina öppna uppgifter" : "Andras öppna uppgifter",
		    mine ? "Markera" : "Ansvarig");
	for (size_t i = 0; i < rows->n; i++) {
		const struct record *t = &rows->v[i];
		const char *due = wf_get(t, "due");
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s%s</td><td>%s</td><td>", wf_get(t, "title"), due,
			    strcmp(due, today) < 0 ? " (försenad)" : "", page_value_sv(model_field(t->e, "kind"), wf_get(t, "kind")));
		if (*wf_get(t, "person"))
			html_printf(b, "<a href=\"/persons/%s\">%s</a>", wf_get(t, "person"), wf_get(t, "person"));
		if (*wf_get(t, "case"))
			html_printf(b, " <a href=\"/cases/%s\">ärende %s</a>", wf_get(t, "case"), wf_get(t, "case"));
		if (*wf_get(t, "notification"))
			html_printf(b, " <a href=\"/notify/%s\">samtal %s</a>", wf_get(t, "notification"), wf_get(t, "notification"));
		html_raw_trusted(b, "</td><td>");
		if (mine) {
			html_printf(b, "<form method=\"post\" action=\"/tasks/%lld/done\">", (long long)t->id);
			page_csrf_field(b, rq);
			html_printf(b, "<button type=\"submit\">Klar: %s</button></form>", wf_get(t, "title"));
		} else {
			html_text(b, wf_get(t, "assignee"));
		}
		html_raw_trusted(b, "</td></tr>\n");
	}
	html_raw_trusted(b, "</tbody>\n</table>\n");
}

void page_tasks(struct web_request *rq, struct web_response *rs)
{
	if (!access_may_read(rq->a, model_entity("task"))) {
		page_refused(rq, rs, NULL);
		return;
	}
	struct err e = { 0 };
	struct wf_rows all;
	struct store_query q = { .order_field = "due" };
	if (wf_list(rq->a, "task", &q, &all, &e)) {
		page_failed(rq, rs, "tasks", &e);
		return;
	}
	struct wf_rows mine = { 0 }, others = { 0 };
	for (size_t i = 0; i < all.n; i++) {
		if (strcmp(wf_get(&all.v[i], "status"), "open")) {
			record_release(&all.v[i]);
			continue;
		}
		struct wf_rows *to = !strcmp(wf_get(&all.v[i], "assignee"), rq->who->name) ? &mine : &others;
		struct record *v = realloc(to->v, (to->n + 1) * sizeof *v);
		if (!v)
			abort();
		to->v = v;
		to->v[to->n++] = all.v[i];
	}
	free(all.v);
	page_begin(rq, rs, "Mina uppgifter", "/tasks");
	struct buf *b = &rs->body;
	html_raw_trusted(b, "<h1>Mina uppgifter</h1>\n");
	if (mine.n)
		task_rows(rq, b, &mine, 1);
	else
		html_raw_trusted(b, "<p id=\"no-tasks\">Du har inga öppna uppgifter.</p>\n");
	html_raw_trusted(b, "<h2 id=\"others\">Andras uppgifter</h2>\n");
	if (others.n)
		task_rows(rq, b, &others, 0);
	else
		html_raw_trusted(b, "<p>Inga.</p>\n");
	/* The steps waiting to be taken: planned notifications and coming call-ins. */
	char today[DATE_LEN];
	date_today(today);
	struct wf_rows rows;
	if (access_may_read(rq->a, model_entity("notification"))) {
		html_raw_trusted(b, "<h2 id=\"planned\">Planerade individuella samtal</h2>\n");
		struct store_query nq = { .order_field = "planned" };
		if (!wf_list(rq->a, "notification", &nq, &rows, &e)) {
			int any = 0;
			for (size_t i = 0; i < rows.n; i++)
				if (!strcmp(wf_get(&rows.v[i], "status"), "planned")) {
					if (!any++)
						html_raw_trusted(b, "<ul>\n");
					html_printf(b, "<li><a href=\"/notify/%lld\">Samtal %lld</a> med %s, planerat %s</li>\n",
						    (long long)rows.v[i].id, (long long)rows.v[i].id,
						    wf_get(&rows.v[i], "person"), wf_get(&rows.v[i], "planned"));
				}
			html_raw_trusted(b, any ? "</ul>\n" : "<p>Inga.</p>\n");
			wf_rows_release(&rows);
		}
	}
	if (access_may_read(rq->a, model_entity("invitation"))) {
		html_raw_trusted(b, "<h2 id=\"callins\">Kommande call-in</h2>\n");
		struct store_query cq = { .order_field = "held" };
		if (!wf_list(rq->a, "callin", &cq, &rows, &e)) {
			int any = 0;
			for (size_t i = 0; i < rows.n; i++)
				if (strcmp(wf_get(&rows.v[i], "held"), today) >= 0) {
					if (!any++)
						html_raw_trusted(b, "<ul>\n");
					html_printf(b, "<li><a href=\"/invite/%lld\">Call-in %s</a> %s</li>\n", (long long)rows.v[i].id,
						    wf_get(&rows.v[i], "held"), wf_get(&rows.v[i], "venue"));
				}
			html_raw_trusted(b, any ? "</ul>\n" : "<p>Inga.</p>\n");
			wf_rows_release(&rows);
		}
	}
	html_raw_trusted(b, "<h2 id=\"calendar\">Kalender</h2>\n<p>Prenumerera på dina uppgifter, ärendens "
			 "tidsgränser och kommande call-in i din kalender (iCalendar). Adressen innehåller en "
			 "hemlig nyckel; en ny nyckel gör den gamla ogiltig.</p>\n<form method=\"post\" action=\"/tasks/key\">\n");
	page_csrf_field(b, rq);
	html_raw_trusted(b, "<button type=\"submit\">Skapa kalenderadress</button>\n</form>\n");
	page_end(rs);
	wf_rows_release(&mine);
	wf_rows_release(&others);
}

void page_task_done(struct web_request *rq, struct web_response *rs)
{
	struct err e = { 0 };
	char *end;
	long long id = strtoll(rq->params[0], &end, 10);
	if (*end || id <= 0) {
		page_error(rq, rs, 404, "Uppgiften finns inte", "Det finns ingen sådan uppgift.");
		return;
	}
	if (workflow_task_done(rq->a, id, NULL, &e)) {
		wfpage_refused_step(rq, rs, &e);
		return;
	}
	web_redirect(rs, "/tasks");
}

void page_task_key(struct web_request *rq, struct web_response *rs)
{
	struct err e = { 0 };
	char key[256];
	if (workflow_calendar_key_new(rq->a, rq->who->name, key, sizeof key, &e)) {
		wfpage_refused_step(rq, rs, &e);
		return;
	}
	page_begin(rq, rs, "Kalenderadress", "/tasks");
	html_printf(&rs->body, "<h1>Kalenderadress</h1>\n<p>Lägg till den här adressen som prenumeration i din "
		    "kalender. Den visas bara nu.</p>\n<p><code id=\"calendar-url\">/calendar/%s.ics</code></p>\n"
		    "<p><a href=\"/tasks\">Tillbaka till uppgifterna</a></p>\n", key);
	page_end(rs);
}

void page_calendar(struct web_request *rq, struct web_response *rs)
{
	char key[256];
	const char *p = rq->params[0];
	size_t n = strlen(p);
	struct err e = { 0 };
	struct access *a = NULL;
	int rc = 1;
	if (n > 4 && n < sizeof key && !strcmp(p + n - 4, ".ics")) {
		snprintf(key, sizeof key, "%.*s", (int)(n - 4), p);
		rc = workflow_calendar_open(rq->server->repo, key, &a, &e);
	}
	buf_reset(&rs->body);
	rs->type = "text/plain; charset=utf-8";
	if (rc) {
		if (rc < 0)
			fprintf(stderr, "gvi serve: calendar: %s\n", e.msg);
		rs->status = rc < 0 ? 500 : 404;
		buf_adds(&rs->body, rc < 0 ? "error\n" : "not found\n");
		return;
	}
	if (workflow_ics(a, &rs->body, &e)) {
		fprintf(stderr, "gvi serve: calendar: %s\n", e.msg);
		buf_reset(&rs->body);
		rs->status = 500;
		buf_adds(&rs->body, "error\n");
	} else {
		rs->status = 200;
		rs->type = "text/calendar; charset=utf-8";
	}
	access_close(a);
}
