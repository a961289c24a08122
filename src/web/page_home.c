/* page_home.c — "Översikt", the dashboard at /: what `gvi status` shows, as a page.
 *
 * The same questions as cmd_status.c, asked of the access layer the same way: counts of
 * everything (aggregates, which every role may see), then — for roles that may read them —
 * the latest incidents, follow-ups of custom notifications due within two weeks or overdue,
 * and memberships past their review date.  A section the role may not read says so.
 *
 * Cheap, as the page every user lands on (bench/http): all its statements read one snapshot
 * (so the counts and lists also agree), the counts are one statement, and the lists leave
 * out the list fields they do not show. */
#include "date.h"
#include "html.h"
#include "page.h"
#include "page_form.h"
#include "policy.h"
#include "web/page_workflow.h"

#include <stdio.h>
#include <string.h>

struct section {
	struct web_request *rq;
	const char *title;
	const char *entity;
	const char *columns[6];
	struct store_query q;
	struct buf rows;
	long n;
};

static int add_row(void *p, const struct record *r)
{
	struct section *s = p;
	html_raw_trusted(&s->rows, "<tr>");
	for (size_t k = 0; s->columns[k]; k++) {
		const struct field *f = model_field(r->e, s->columns[k]);
		const char *v = record_get(r, s->columns[k]);
		char label[256];
		/* An incident's type by its Swedish name ("skjutning", not "shooting"); a reference
		 * links to its page where the role may read it. */
		struct buf href = BUF_INIT;
		if (k == 0 && !strcmp(s->entity, "incident")) {   /* the incident itself */
			html_printf(&s->rows, "<td><a href=\"/incidents/%lld\">%s</a></td>", (long long)r->id,
				    page_value(s->rq, f, v));
		} else if (f->type == F_REF && v && form_ref_href(s->rq, &href, f->ref, v)) {
			html_raw_trusted(&s->rows, "<td><a href=\"");
			html_append(&s->rows, &href);
			html_printf(&s->rows, "\">%s</a></td>", form_ref_label(s->rq, f, v, label, sizeof label));
		} else if (f->type == F_REF) {
			html_printf(&s->rows, "<td>%s</td>", form_ref_label(s->rq, f, v, label, sizeof label));
		} else {
			html_printf(&s->rows, "<td>%s</td>", page_value(s->rq, f, v));
		}
		buf_release(&href);
	}
	html_raw_trusted(&s->rows, "</tr>\n");
	s->n++;
	return 0;
}

void page_home(struct web_request *rq, struct web_response *rs)
{
	struct err e = { 0 };
	char today[DATE_LEN], soon[DATE_LEN];
	date_today(today);
	date_add_days(today, 15, soon);

	const char *title = i18n(rq, "nav.home");
	page_begin(rq, rs, title, "/");
	int snapshot = access_snapshot_begin(rq->a, &e) == 0;
	if (!snapshot)
		goto fail;
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n<p>%s: %s</p>\n", title, i18n(rq, "home.today"), today);
	if (access_may_read(rq->a, model_entity("incident")) &&
	    policy_allows(rq->who->role, model_entity("incident"), POLICY_WRITE))
		html_printf(b, "<p><a class=\"button\" href=\"/incidents/new\">%s</a></p>\n",
			    i18n(rq, "incident.new"));

	static const char *const order[] = { "group", "person", "membership", "relation", "incident",
		"involvement", "notification", "callin", "invitation", "enforcement", "referral", NULL };
	html_printf(b, "<section aria-labelledby=\"counts\">\n<h2 id=\"counts\">%s</h2>\n"
		    "<table>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\" class=\"num\">%s</th></tr></thead>\n<tbody>\n",
		    i18n(rq, "home.counts"), i18n(rq, "home.what"), i18n(rq, "home.count"));
	enum { NCOUNTS = sizeof order / sizeof order[0] - 1 };
	const struct entity *counted[NCOUNTS];
	long counts[NCOUNTS];
	for (int i = 0; i < NCOUNTS; i++)
		counted[i] = model_entity(order[i]);
	if (access_counts(rq->a, counted, NCOUNTS, counts, &e))
		goto fail;
	for (int i = 0; i < NCOUNTS; i++)
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">%ld</td></tr>\n",
			    i18n_named(rq, "entity.", counted[i]->name), counts[i]);
	html_raw_trusted(b, "</tbody>\n</table>\n</section>\n");

	struct record open_membership;
	record_init(&open_membership, model_entity("membership"));
	open_membership.given[model_field_index(open_membership.e,
						model_field(open_membership.e, "until"))] = 1;
	struct section sections[] = {
		{ rq, i18n(rq, "home.latest"), "incident", { "occurred", "type", "area", "place", "gmi", NULL },
		  { .order_field = "occurred", .descending = 1, .limit = 5, .without_lists = 1 } },
		{ rq, i18n(rq, "home.followups"), "notification",
		  { "follow_up", "person", "status", "follow_up_owner", NULL },
		  { .before_field = "follow_up", .before = soon, .order_field = "follow_up", .limit = 10,
		    .without_lists = 1 } },
		{ rq, i18n(rq, "home.reviews"), "membership",
		  { "review", "person", "group", "level", NULL },
		  { .before_field = "review", .before = today, .where = &open_membership,
		    .order_field = "review", .limit = 10, .without_lists = 1 } },
	};
	size_t nsec = sizeof sections / sizeof sections[0];
	for (size_t i = 0; i < nsec; i++)
		buf_init(&sections[i].rows);
	int rc = 0;
	for (size_t i = 0; i < nsec && !rc; i++) {
		struct section *s = &sections[i];
		const struct entity *en = model_entity(s->entity);
		html_printf(b, "<section aria-labelledby=\"sec%zu\">\n<h2 id=\"sec%zu\">%s</h2>\n", i, i,
			    s->title);
		if (!access_may_read(rq->a, en)) {
			html_printf(b, "<p>%s</p>\n</section>\n", i18n(rq, "common.not_shown"));
			continue;
		}
		rc = access_list(rq->a, en, &s->q, add_row, s, &e);
		if (!rc && s->n == 0) {
			html_printf(b, "<p>%s</p>\n", i18n(rq, "common.none"));
		} else if (!rc) {
			html_raw_trusted(b, "<table>\n<thead><tr>");
			for (size_t k = 0; s->columns[k]; k++)
				html_printf(b, "<th scope=\"col\">%s</th>",
					    page_field(rq, model_field(en, s->columns[k])));
			html_raw_trusted(b, "</tr></thead>\n<tbody>\n");
			html_append(b, &s->rows);
			html_raw_trusted(b, "</tbody>\n</table>\n");
		}
		html_raw_trusted(b, "</section>\n");
	}
	for (size_t i = 0; i < nsec; i++)
		buf_release(&sections[i].rows);
	record_release(&open_membership);
	if (rc)
		goto fail;
	access_snapshot_end(rq->a);
	page_kpi_block(rq, b);
	page_end(rs);
	return;
fail:
	access_snapshot_end(rq->a);
	fprintf(stderr, "gvi serve: dashboard: %s\n", e.msg);
	page_error(rq, rs, 500, i18n(rq, "common.error"), i18n(rq, "home.error"));
}
