/* page_audit.c — "Granskningslogg": the audit log at /audit, for the administrator.
 *
 * Read with access_audit_each, which refuses every role but the admin's; the page asks the
 * policy first only to answer such a role with a 403 page rather than an error.  Newest
 * first, paginated, filtered by user, entity and action, exportable as CSV with the columns
 * of `gvi audit --csv`.  The log's reader gives the newest N entries oldest first, so a page
 * asks for the newest page × 50 + 1 and shows them reversed. */
#include "html.h"
#include "page.h"
#include "policy.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARG_MAX 64

struct entry {
	long long id, record;
	char *at, *user, *role, *action, *entity, *detail;
};

struct entries {
	struct entry *v;
	size_t n, cap;
};

static char *dup(const char *s)
{
	return strdup(s ? s : "");
}

static int keep(void *p, const struct audit_entry *a)
{
	struct entries *es = p;
	if (es->n == es->cap) {
		size_t cap = es->cap ? 2 * es->cap : 64;
		struct entry *v = realloc(es->v, cap * sizeof *v);
		if (!v)
			return -1;
		es->v = v;
		es->cap = cap;
	}
	es->v[es->n++] = (struct entry){ a->id, a->record_id, dup(a->at), dup(a->user), dup(a->role),
					 dup(a->action), dup(a->entity), dup(a->detail) };
	return 0;
}

static void entries_release(struct entries *es)
{
	for (size_t i = 0; i < es->n; i++) {
		struct entry *x = &es->v[i];
		free(x->at), free(x->user), free(x->role), free(x->action), free(x->entity),
			free(x->detail);
	}
	free(es->v);
}

static void text_input(struct buf *b, const char *name, const char *label, const char *value)
{
	html_printf(b, "<label for=\"%s\">%s</label>\n<input id=\"%s\" name=\"%s\" value=\"%s\">\n",
		    name, label, name, name, value);
}

void page_audit(struct web_request *rq, struct web_response *rs)
{
	if (!policy_reads_audit(rq->who->role)) {
		page_refused(rq, rs, "audit.refused");
		return;
	}
	long page;
	int csv;
	if (page_list_args(rq, rs, &page, &csv))
		return;
	char user[ARG_MAX] = "", entity[ARG_MAX] = "", action[ARG_MAX] = "";
	if (web_query(rq, "user", user, sizeof user) < 0 ||
	    web_query(rq, "entity", entity, sizeof entity) < 0 ||
	    web_query(rq, "action", action, sizeof action) < 0) {
		page_bad_request(rq, rs, "bad.query");
		return;
	}
	struct audit_query q = { .user = *user ? user : NULL, .entity = *entity ? entity : NULL,
				 .action = *action ? action : NULL,
				 .limit = csv ? 0 : page * PAGE_ROWS + 1 };
	struct entries es = { 0 };
	struct err e = { 0 };
	if (access_audit_each(rq->a, &q, keep, &es, &e)) {
		entries_release(&es);
		page_failed(rq, rs, "audit", &e);
		return;
	}
	if (csv) {
		const char *headers[] = { "id", "at", "user", "role", "action", "entity", "record",
			"detail" };
		struct table *t = table_new(8, headers);
		for (size_t i = es.n; i-- > 0;) {
			struct entry *x = &es.v[i];
			char id[24], record[24] = "";
			snprintf(id, sizeof id, "%lld", x->id);
			if (x->record)
				snprintf(record, sizeof record, "%lld", x->record);
			const char *cells[] = { id, x->at, x->user, x->role, x->action, x->entity,
				record, x->detail };
			table_add_row(t, cells);
		}
		page_csv_file(rs, t, "audit");
		table_free(t);
		entries_release(&es);
		return;
	}
	struct buf query = BUF_INIT;
	const char *args[][2] = { { "user", user }, { "entity", entity }, { "action", action } };
	page_query_string(&query, args, sizeof args / sizeof args[0]);
	const char *title = i18n(rq, "nav.audit");
	page_begin(rq, rs, title, "/audit");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n<form method=\"get\" action=\"/audit\">\n<p>", title);
	text_input(b, "user", i18n(rq, "audit.user"), user);
	text_input(b, "entity", i18n(rq, "audit.entity"), entity);
	text_input(b, "action", i18n(rq, "audit.action"), action);
	html_printf(b, "<button type=\"submit\">%s</button></p>\n</form>\n", i18n(rq, "common.filter"));
	/* es holds the newest page × 50 (+ 1) oldest first: this page is the slice counted
	 * from the newest end. */
	size_t skip = (size_t)(page - 1) * PAGE_ROWS;
	int more = es.n > (size_t)page * PAGE_ROWS;
	if (es.n <= skip) {
		html_printf(b, "<p>%s</p>\n", i18n(rq, "audit.empty"));
	} else {
		html_printf(b, "<table>\n<caption>%s %ld</caption>\n<thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    i18n(rq, "audit.caption"), page, i18n(rq, "audit.at"), i18n(rq, "audit.user"),
			    i18n(rq, "audit.role"), i18n(rq, "audit.action"), i18n(rq, "audit.entity"),
			    i18n(rq, "audit.record"), i18n(rq, "audit.detail"));
		size_t newest = es.n - 1 - skip;
		for (size_t k = 0; k < PAGE_ROWS && k <= newest; k++) {
			struct entry *x = &es.v[newest - k];
			html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td>"
				    "<td>%s</td><td>", x->at, x->user, i18n_named(rq, "role.", x->role),
				    x->action, x->entity);
			if (x->record)
				html_printf(b, "%lld", x->record);
			html_printf(b, "</td><td><code>%s</code></td></tr>\n", x->detail);
		}
		html_raw_trusted(b, "</tbody>\n</table>\n");
	}
	page_list_footer(rq, b, "/audit", &query, page, more);
	page_end(rs);
	buf_release(&query);
	entries_release(&es);
}
