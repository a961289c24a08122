/* page_callin.c — a call-in's invitation list and the marking of attendance.
 *
 * On a call-in's page (/r/callin/ID) the invitees follow the call-in itself: person, how they
 * were invited, status and attendance.  For roles that may write invitations each invitee is
 * one small form with two large buttons, "Närvarande" and "Inte närvarande" (and the status),
 * meant for a tablet at the door: one tap marks one person and comes back to the list at that
 * person.  POST /r/callin/ID/attendance changes that one invitation through access_edit, so
 * the policy and the audit are the CLI's. */
#include "html.h"
#include "page.h"
#include "page_form.h"
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct invitees {
	struct web_request *rq;
	struct buf rows;
	int64_t callin;
	int writable;
	long n;
};

static int invitee_row(void *p, const struct record *r)
{
	struct invitees *c = p;
	struct web_request *rq = c->rq;
	struct buf *b = &c->rows;
	const struct entity *en = r->e;
	const char *person = record_get(r, "person");
	const char *attended = record_get(r, "attended");
	c->n++;
	html_printf(b, "<li class=\"invitee\" id=\"inv-%lld\"><p class=\"invitee-name\"><strong>", (long long)r->id);
	struct buf href = BUF_INIT;
	if (form_ref_href(rq, &href, "person", person)) {
		html_raw_trusted(b, "<a href=\"");
		html_append(b, &href);
		html_printf(b, "\">%s</a>", person);
	} else {
		html_printf(b, "%s", person);
	}
	buf_release(&href);
	html_printf(b, "</strong> · %s: %s · %s: %s · %s: <span class=\"attended\">%s</span></p>\n",
		    page_field(rq, model_field(en, "channel")),
		    page_value(rq, model_field(en, "channel"), record_get(r, "channel")),
		    page_field(rq, model_field(en, "status")),
		    page_value(rq, model_field(en, "status"), record_get(r, "status")),
		    page_field(rq, model_field(en, "attended")),
		    attended ? page_value(rq, model_field(en, "attended"), attended)
			     : i18n(rq, "callin.not_marked"));
	if (c->writable) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "i%lld-", (long long)r->id);
		html_printf(b, "<form method=\"post\" action=\"/r/callin/%lld/attendance\" class=\"attend\">",
			    (long long)c->callin);
		page_csrf_field(b, rq);
		html_printf(b, "<input type=\"hidden\" name=\"invitation\" value=\"%lld\">"
			    "<label for=\"%sstatus\">%s (%s)</label>", (long long)r->id, prefix,
			    page_field(rq, model_field(en, "status")), person);
		struct err e = { 0 };
		form_input(rq, b, model_field(en, "status"), prefix, record_get(r, "status"), 0, NULL, &e);
		html_printf(b, "<button type=\"submit\" name=\"attended\" value=\"yes\" class=\"big\">%s</button>"
			    "<button type=\"submit\" name=\"attended\" value=\"no\" class=\"big secondary\">%s</button>"
			    "</form>\n", i18n(rq, "callin.came"), i18n(rq, "callin.did_not_come"));
	}
	html_raw_trusted(b, "</li>\n");
	return 0;
}

int page_callin_attendance(struct web_request *rq, struct buf *b, int64_t id, struct err *e)
{
	const struct entity *inv = model_entity("invitation");
	html_printf(b, "<section aria-labelledby=\"invitees\">\n<h2 id=\"invitees\">%s</h2>\n",
		    i18n(rq, "callin.invitees"));
	if (!access_may_read(rq->a, inv)) {
		html_printf(b, "<p>%s</p>\n</section>\n", i18n(rq, "common.not_shown"));
		return 0;
	}
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	struct invitees c = { rq, BUF_INIT, id, policy_allows(rq->who->role, inv, POLICY_WRITE), 0 };
	struct record where;
	record_init(&where, inv);
	struct store_query q = { .where = &where, .order_field = "person" };
	int rc = record_set(&where, "callin", idtext, e) || access_list(rq->a, inv, &q, invitee_row, &c, e);
	record_release(&where);
	if (!rc) {
		if (c.n == 0)
			html_printf(b, "<p>%s</p>\n", i18n(rq, "callin.no_invitees"));
		else
			html_printf(b, "<p>%s: %ld</p>\n<ul class=\"invitees\">\n", i18n(rq, "callin.count"), c.n);
		html_append(b, &c.rows);
		if (c.n)
			html_raw_trusted(b, "</ul>\n");
		if (c.writable)
			html_printf(b, "<p><a class=\"button\" href=\"/r/invitation/new?callin=%lld\">%s</a></p>\n",
				    (long long)id, i18n(rq, "callin.invite"));
	}
	html_raw_trusted(b, "</section>\n");
	buf_release(&c.rows);
	return rc ? -1 : 0;
}

static int callin_of(void *p, const struct record *r)
{
	const char *c = record_get(r, "callin");
	snprintf(p, 24, "%s", c ? c : "");
	return 0;
}

void page_callin_mark(struct web_request *rq, struct web_response *rs)
{
	const struct entity *inv = model_entity("invitation");
	if (!access_may_read(rq->a, inv) || !policy_allows(rq->who->role, inv, POLICY_WRITE)) {
		page_refused(rq, rs, "record.refused_write");
		return;
	}
	const char *callin = rq->params[0];
	const char *invitation = web_form_get(rq->form, "invitation");
	const char *attended = web_form_get(rq->form, "attended");
	char prefix[40], name[64], of[24] = "";
	long long iid = invitation ? strtoll(invitation, NULL, 10) : 0;
	snprintf(prefix, sizeof prefix, "i%lld-", iid);
	snprintf(name, sizeof name, "%sstatus", prefix);
	const char *status = web_form_get(rq->form, name);
	struct err e = { 0 };
	struct store_query q = { .id = iid, .limit = 1 };
	/* The invitation must be one of this call-in's. */
	if (iid <= 0 || access_list(rq->a, inv, &q, callin_of, of, &e) || strcmp(of, callin)) {
		page_bad_request(rq, rs, "bad.invitation");
		return;
	}
	struct record r;
	record_init(&r, inv);
	r.id = iid;
	int rc = (attended && record_set(&r, "attended", attended, &e)) ||
		 (status && *status && record_set(&r, "status", status, &e));
	if (!rc)
		rc = access_edit(rq->a, &r, &e);
	record_release(&r);
	if (rc) {
		page_error(rq, rs, !strncmp(e.msg, "refused:", 8) ? 403 : 400, i18n(rq, "bad.title"), e.msg);
		return;
	}
	char location[128];
	snprintf(location, sizeof location, "/r/callin/%s#inv-%lld", callin, iid);
	web_redirect(rs, location);
}
