/* page_audit.c — "Granskningslogg": the audit log at /audit, for the administrator, and
 * the check of its hash chain at /audit/verify.
 *
 * Read with access_audit_each, which refuses every role but the admin's; the page asks the
 * policy first only to answer such a role with a 403 page rather than an error.  Newest
 * first, paginated, filtered by user, entity, action and purpose of access, exportable as CSV with the columns
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
	char *at, *user, *role, *action, *entity, *detail, *purpose;
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
					 dup(a->action), dup(a->entity), dup(a->detail),
					 dup(a->purpose) };
	return 0;
}

static void entries_release(struct entries *es)
{
	for (size_t i = 0; i < es->n; i++) {
		struct entry *x = &es->v[i];
		free(x->at), free(x->user), free(x->role), free(x->action), free(x->entity),
			free(x->detail), free(x->purpose);
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
	char user[ARG_MAX] = "", entity[ARG_MAX] = "", action[ARG_MAX] = "", purpose[128] = "";
	if (web_query(rq, "user", user, sizeof user) < 0 ||
	    web_query(rq, "entity", entity, sizeof entity) < 0 ||
	    web_query(rq, "action", action, sizeof action) < 0 ||
	    web_query(rq, "purpose", purpose, sizeof purpose) < 0) {
		page_bad_request(rq, rs, "bad.query");
		return;
	}
	struct audit_query q = { .user = *user ? user : NULL, .entity = *entity ? entity : NULL,
				 .action = *action ? action : NULL,
				 .limit = csv ? 0 : page * PAGE_ROWS + 1,
				 .purpose = *purpose ? purpose : NULL };
	struct entries es = { 0 };
	struct err e = { 0 };
	if (access_audit_each(rq->a, &q, keep, &es, &e)) {
		entries_release(&es);
		page_failed(rq, rs, "audit", &e);
		return;
	}
	if (csv) {
		const char *headers[] = { "id", "at", "user", "role", "action", "entity", "record",
			"detail", "purpose" };
		struct table *t = table_new(9, headers);
		for (size_t i = es.n; i-- > 0;) {
			struct entry *x = &es.v[i];
			char id[24], record[24] = "";
			snprintf(id, sizeof id, "%lld", x->id);
			if (x->record)
				snprintf(record, sizeof record, "%lld", x->record);
			const char *cells[] = { id, x->at, x->user, x->role, x->action, x->entity,
				record, x->detail, x->purpose };
			table_add_row(t, cells);
		}
		page_csv_file(rs, t, "audit");
		table_free(t);
		entries_release(&es);
		return;
	}
	struct buf query = BUF_INIT;
	const char *args[][2] = { { "user", user }, { "entity", entity }, { "action", action },
				  { "purpose", purpose } };
	page_query_string(&query, args, sizeof args / sizeof args[0]);
	const char *title = i18n(rq, "nav.audit");
	page_begin(rq, rs, title, "/audit");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n<form method=\"get\" action=\"/audit\">\n<p>", title);
	text_input(b, "user", i18n(rq, "audit.user"), user);
	text_input(b, "entity", i18n(rq, "audit.entity"), entity);
	text_input(b, "action", i18n(rq, "audit.action"), action);
	text_input(b, "purpose", i18n(rq, "audit.purpose"), purpose);
	html_printf(b, "<button type=\"submit\">%s</button></p>\n</form>\n", i18n(rq, "common.filter"));
	html_printf(b, "<p><a href=\"/audit/verify\">%s</a></p>\n", i18n(rq, "audit.verify_link"));
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
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    i18n(rq, "audit.caption"), page, i18n(rq, "audit.at"), i18n(rq, "audit.user"),
			    i18n(rq, "audit.role"), i18n(rq, "audit.action"), i18n(rq, "audit.entity"),
			    i18n(rq, "audit.record"), i18n(rq, "audit.purpose"), i18n(rq, "audit.detail"));
		size_t newest = es.n - 1 - skip;
		for (size_t k = 0; k < PAGE_ROWS && k <= newest; k++) {
			struct entry *x = &es.v[newest - k];
			html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td>"
				    "<td>%s</td><td>", x->at, x->user, i18n_named(rq, "role.", x->role),
				    x->action, x->entity);
			if (x->record)
				html_printf(b, "%lld", x->record);
			html_printf(b, "</td><td>%s</td><td><code>%s</code></td></tr>\n", x->purpose,
				    x->detail);
		}
		html_raw_trusted(b, "</tbody>\n</table>\n");
	}
	page_list_footer(rq, b, "/audit", &query, page, more);
	page_end(rs);
	buf_release(&query);
	entries_release(&es);
}

/* /audit/verify: walks the hash chain as `gvi audit verify` does (access_audit_verify, admin
 * only) and shows the number of entries, the head (id and hash, to be written down outside
 * the repository) and, when the chain is broken, its first broken entry.  ?expect=HASH asks,
 * as --expect does, whether a head written down earlier is still in the chain. */
/* The catalogue's wording of each way the chain breaks (audit.h, enum audit_break). */
static const char *const why_key[] = { "verify.intact", "verify.why_unlinked", "verify.why_deleted",
	"verify.why_out_of_chain", "verify.why_changed" };

void page_audit_verify(struct web_request *rq, struct web_response *rs)
{
	if (!policy_reads_audit(rq->who->role)) {
		page_refused(rq, rs, "audit.refused");
		return;
	}
	char expect[AUDIT_HASH_HEX + 1] = "";
	int got = web_query(rq, "expect", expect, sizeof expect);
	size_t n = strlen(expect);
	if (got < 0 || (n && (n != AUDIT_HASH_HEX - 1 || strspn(expect, "0123456789abcdef") != n))) {
		page_bad_request(rq, rs, "verify.bad_expect");
		return;
	}
	struct audit_check ck;
	struct err e = { 0 };
	if (access_audit_verify(rq->a, *expect ? expect : NULL, &ck, &e)) {
		page_failed(rq, rs, "audit verify", &e);
		return;
	}
	const char *title = i18n(rq, "verify.title");
	page_begin(rq, rs, title, "/audit");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", title, i18n(rq, "verify.intro"));
	if (ck.bad_id)
		html_printf(b, "<p class=\"message\" role=\"alert\" id=\"verify-result\"><strong>%s</strong></p>\n",
			    i18n(rq, "verify.broken"));
	else
		html_printf(b, "<p id=\"verify-result\"><strong>%s</strong></p>\n", i18n(rq, "verify.intact"));
	html_printf(b, "<table class=\"record\">\n<tbody>\n<tr><th scope=\"row\">%s</th><td id=\"verify-entries\">"
		    "%lld</td></tr>\n<tr><th scope=\"row\">%s</th><td id=\"verify-head-id\">%lld</td></tr>\n"
		    "<tr><th scope=\"row\">%s</th><td><code id=\"verify-head\">%s</code></td></tr>\n",
		    i18n(rq, ck.bad_id ? "verify.entries_before" : "verify.entries"), (long long)ck.entries,
		    i18n(rq, "verify.head_id"), (long long)ck.head_id, i18n(rq, "verify.head"), ck.head);
	if (ck.bad_id)
		html_printf(b, "<tr><th scope=\"row\">%s</th><td id=\"verify-bad-id\">%lld</td></tr>\n"
			    "<tr><th scope=\"row\">%s</th><td id=\"verify-problem\">%s</td></tr>\n",
			    i18n(rq, "verify.bad_id"), (long long)ck.bad_id, i18n(rq, "verify.problem"),
			    i18n(rq, why_key[ck.why]));
	html_raw_trusted(b, "</tbody>\n</table>\n");
	if (*expect) {
		if (ck.expect_id)
			html_printf(b, "<p id=\"verify-expect\">%s %lld.</p>\n", i18n(rq, "verify.expect_found"),
				    (long long)ck.expect_id);
		else
			html_printf(b, "<p class=\"message\" role=\"alert\" id=\"verify-expect\">%s</p>\n",
				    i18n(rq, "verify.expect_missing"));
	}
	html_printf(b, "<form method=\"get\" action=\"/audit/verify\">\n<p><label for=\"expect\">%s</label>\n"
		    "<input id=\"expect\" name=\"expect\" size=\"64\" value=\"%s\">\n"
		    "<button type=\"submit\">%s</button></p>\n</form>\n<p><a href=\"/audit\">%s</a></p>\n",
		    i18n(rq, "verify.expect"), expect, i18n(rq, "verify.run"), i18n(rq, "verify.back"));
	page_end(rs);
}
