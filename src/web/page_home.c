/* page_home.c — "Översikt", the dashboard at /: what `gvi status` shows, as a page.
 *
 * The same questions as cmd_status.c, asked of the access layer the same way: counts of
 * everything (aggregates, which every role may see), then — for roles that may read them —
 * the latest incidents, follow-ups of custom notifications due within two weeks or overdue,
 * and memberships past their review date.  A section the role may not read says so. */
#include "date.h"
#include "html.h"
#include "page.h"
#include "web/page_workflow.h"

#include <stdio.h>
#include <string.h>

struct section {
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
		html_printf(&s->rows, "<td>%s</td>", page_value_sv(f, record_get(r, s->columns[k])));
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

	page_begin(rq, rs, "Översikt", "/");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>Översikt</h1>\n<p>Dagens datum: %s</p>\n", today);

	static const char *const order[] = { "group", "person", "membership", "relation", "incident",
		"involvement", "notification", "callin", "invitation", "enforcement", "referral", NULL };
	html_raw_trusted(b, "<section aria-labelledby=\"counts\">\n<h2 id=\"counts\">Antal</h2>\n"
			 "<table>\n<thead><tr><th scope=\"col\">Uppgifter</th>"
			 "<th scope=\"col\" class=\"num\">Antal</th></tr></thead>\n<tbody>\n");
	for (int i = 0; order[i]; i++) {
		const struct entity *en = model_entity(order[i]);
		long n = access_count(rq->a, en, &e);
		if (n < 0)
			goto fail;
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">%ld</td></tr>\n",
			    page_entity_plural_sv(en), n);
	}
	html_raw_trusted(b, "</tbody>\n</table>\n</section>\n");

	struct record open_membership;
	record_init(&open_membership, model_entity("membership"));
	open_membership.given[model_field_index(open_membership.e,
						model_field(open_membership.e, "until"))] = 1;
	struct section sections[] = {
		{ "Senaste händelser", "incident", { "occurred", "type", "area", "place", "gmi", NULL },
		  { .order_field = "occurred", .descending = 1, .limit = 5 } },
		{ "Uppföljningar inom två veckor eller försenade", "notification",
		  { "follow_up", "person", "status", "follow_up_owner", NULL },
		  { .before_field = "follow_up", .before = soon, .order_field = "follow_up", .limit = 10 } },
		{ "Medlemskap som passerat omprövningsdatum", "membership",
		  { "review", "person", "group", "level", NULL },
		  { .before_field = "review", .before = today, .where = &open_membership,
		    .order_field = "review", .limit = 10 } },
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
			html_raw_trusted(b, "<p>Visas inte för din roll.</p>\n</section>\n");
			continue;
		}
		rc = access_list(rq->a, en, &s->q, add_row, s, &e);
		if (!rc && s->n == 0) {
			html_raw_trusted(b, "<p>Inga.</p>\n");
		} else if (!rc) {
			html_raw_trusted(b, "<table>\n<thead><tr>");
			for (size_t k = 0; s->columns[k]; k++)
				html_printf(b, "<th scope=\"col\">%s</th>",
					    page_field_sv(model_field(en, s->columns[k])));
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
	page_kpi_block(rq, b);
	page_end(rs);
	return;
fail:
	fprintf(stderr, "gvi serve: dashboard: %s\n", e.msg);
	page_error(rq, rs, 500, "Tekniskt fel", "Översikten kunde inte visas just nu.");
}
