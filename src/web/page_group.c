/* page_group.c — "Grupper": the list at /groups and one group at /groups/{id or name}.
 *
 * The list is the group audit at a glance: name, aliases, areas, status and — for roles that
 * may read memberships — the number of current members, counted in one pass over the open
 * memberships rather than one query per group.  Sortable (?sort=name|status), filtered by
 * status, paginated and exportable as CSV (the columns of `gvi export group`).  The detail
 * page shows the group, then its members, relations, incidents and enforcement, each only if
 * the role may read that entity.  Everything is read through the access layer. */
#include "html.h"
#include "page.h"
#include "policy.h"
#include "recfmt.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct group_row {
	char *name, *aliases, *areas, *status;
	long members;
};

struct list_ctx {
	struct group_row rows[PAGE_ROWS];
	long n;           /* rows seen: PAGE_ROWS + 1 means there is a next page */
	struct table *csv;
};

static int list_row(void *p, const struct record *r)
{
	struct list_ctx *c = p;
	if (c->csv) {
		recfmt_add(c->csv, r, TABLE_CSV, 0);
		return 0;
	}
	if (c->n++ >= PAGE_ROWS)
		return 0;
	struct group_row *g = &c->rows[c->n - 1];
	g->name = strdup(record_get(r, "name"));
	g->aliases = recfmt_list_text(r, model_field_index(r->e, model_field(r->e, "aliases")));
	g->areas = recfmt_list_text(r, model_field_index(r->e, model_field(r->e, "areas")));
	const char *s = record_get(r, "status");
	g->status = s ? strdup(s) : NULL;
	return 0;
}

static int count_member(void *p, const struct record *r)
{
	struct list_ctx *c = p;
	const char *group = record_get(r, "group");
	for (long i = 0; group && i < c->n && i < PAGE_ROWS; i++)
		if (c->rows[i].name && !strcmp(c->rows[i].name, group))
			c->rows[i].members++;
	return 0;
}

static void option(struct buf *b, const char *value, const char *current, const char *label)
{
	html_printf(b, "<option value=\"%s\"%s>%s</option>", value,
		    !strcmp(value, current) ? " selected" : "", label);
}

void page_groups(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = model_entity("group");
	if (!access_may_read(rq->a, en)) {
		page_refused(rq, rs, NULL);
		return;
	}
	long page;
	int csv;
	if (page_list_args(rq, rs, &page, &csv))
		return;
	char status[32] = "", sort[16] = "name";
	if (web_query(rq, "status", status, sizeof status) < 0 ||
	    web_query(rq, "sort", sort, sizeof sort) < 0) {
		page_bad_request(rq, rs, "bad.query");
		return;
	}
	if (!*sort)
		strcpy(sort, "name");
	if (strcmp(sort, "name") && strcmp(sort, "status")) {
		page_bad_request(rq, rs, "bad.sort");
		return;
	}
	const struct field *fstatus = model_field(en, "status");
	if (*status && model_choice(fstatus, status) < 0) {
		page_bad_request(rq, rs, "bad.status");
		return;
	}
	struct err e = { 0 };
	struct record where;
	record_init(&where, en);
	if (*status)
		record_set(&where, "status", status, &e);
	static struct list_ctx zero;
	struct list_ctx *c = calloc(1, sizeof *c);
	if (!c) {
		record_release(&where);
		rs->body.failed = 1;
		return;
	}
	*c = zero;
	struct store_query q = { .where = &where, .order_field = sort };
	if (csv) {
		c->csv = recfmt_table(en, TABLE_CSV, 0);
	} else {
		q.limit = PAGE_ROWS + 1;
		q.offset = (page - 1) * PAGE_ROWS;
	}
	int rc = access_list(rq->a, en, &q, list_row, c, &e);
	record_release(&where);
	const struct entity *ms = model_entity("membership");
	int counted = !csv && access_may_read(rq->a, ms);
	if (!rc && counted && c->n) {
		/* Current members: memberships without an end date. */
		struct record open;
		record_init(&open, ms);
		open.given[model_field_index(ms, model_field(ms, "until"))] = 1;
		struct store_query mq = { .where = &open };
		rc = access_list(rq->a, ms, &mq, count_member, c, &e);
		record_release(&open);
	}
	if (rc) {
		page_failed(rq, rs, "groups", &e);
	} else if (csv) {
		page_csv_file(rs, c->csv, "groups");
	} else {
		struct buf query = BUF_INIT;
		if (*status) {
			html_raw_trusted(&query, "status=");
			html_url_part(&query, status);
			html_raw_trusted(&query, "&amp;");
		}
		html_printf(&query, "sort=%s&amp;", sort);

		const char *title = i18n(rq, "nav.groups");
		page_begin(rq, rs, title, "/groups");
		struct buf *b = &rs->body;
		html_printf(b, "<h1>%s</h1>\n", title);
		if (policy_allows(rq->who->role, en, POLICY_WRITE))
			html_printf(b, "<p><a class=\"button\" href=\"/r/group/new\">%s</a></p>\n",
				    i18n(rq, "record.new"));
		html_printf(b, "<form method=\"get\" action=\"/groups\">\n<p>"
			    "<label for=\"status\">%s</label>\n<select id=\"status\" name=\"status\">",
			    page_field(rq, fstatus));
		option(b, "", status, i18n(rq, "common.all"));
		for (int i = 0; fstatus->choices[i]; i++)
			option(b, fstatus->choices[i], status, i18n_named(rq, "val.", fstatus->choices[i]));
		html_printf(b, "</select>\n<label for=\"sort\">%s</label>\n<select id=\"sort\" name=\"sort\">",
			    i18n(rq, "group.sort"));
		option(b, "name", sort, i18n(rq, "field.name"));
		option(b, "status", sort, i18n(rq, "field.status"));
		html_printf(b, "</select>\n<button type=\"submit\">%s</button></p>\n</form>\n",
			    i18n(rq, "common.filter"));
		if (c->n == 0) {
			html_printf(b, "<p>%s</p>\n", i18n(rq, "group.empty"));
		} else {
			html_printf(b, "<table>\n<caption>%s %ld</caption>\n<thead><tr>"
				    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
				    i18n(rq, "group.caption"), page, i18n(rq, "field.name"),
				    i18n(rq, "field.aliases"), i18n(rq, "field.areas"),
				    i18n(rq, "field.status"));
			if (counted)
				html_printf(b, "<th scope=\"col\" class=\"num\">%s</th>",
					    i18n(rq, "field.members"));
			html_raw_trusted(b, "</tr></thead>\n<tbody>\n");
			for (long i = 0; i < c->n && i < PAGE_ROWS; i++) {
				struct group_row *g = &c->rows[i];
				html_raw_trusted(b, "<tr><th scope=\"row\"><a href=\"/groups/");
				html_url_part(b, g->name);
				html_printf(b, "\">%s</a></th><td>%s</td><td>%s</td><td>%s</td>", g->name,
					    g->aliases, g->areas, page_value(rq, fstatus, g->status));
				if (counted)
					html_printf(b, "<td class=\"num\">%ld</td>", g->members);
				html_raw_trusted(b, "</tr>\n");
			}
			html_raw_trusted(b, "</tbody>\n</table>\n");
		}
		page_list_footer(rq, b, "/groups", &query, page, c->n > PAGE_ROWS);
		page_end(rs);
		buf_release(&query);
	}
	for (long i = 0; i < c->n && i < PAGE_ROWS; i++) {
		free(c->rows[i].name);
		free(c->rows[i].aliases);
		free(c->rows[i].areas);
		free(c->rows[i].status);
	}
	table_free(c->csv);
	free(c);
}

static int group_name(void *p, const struct record *r)
{
	snprintf(p, 512, "%s", record_get(r, "name"));
	return 0;
}

void page_group(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = model_entity("group");
	if (!access_may_read(rq->a, en)) {
		page_refused(rq, rs, NULL);
		return;
	}
	struct err e = { 0 };
	int64_t id = 0;
	char name[512] = "";
	struct store_query q = { .limit = 1 };
	if (access_find(rq->a, en, rq->params[0], &id, &e) ||
	    (q.id = id, access_list(rq->a, en, &q, group_name, name, &e)) || !*name) {
		page_error(rq, rs, 404, i18n(rq, "group.not_found_title"), i18n(rq, "group.not_found"));
		return;
	}
	struct buf body = BUF_INIT;
	static const char *const by_group[] = { "group", NULL };
	static const char *const by_either[] = { "group_a", "group_b", NULL };
	static const char *const members[] = { "person", "level", "since", "until", "basis", NULL };
	static const char *const relations[] = { PAGE_OTHER_GROUP, "kind", "since", "until",
		"intensity", NULL };
	static const char *const incidents[] = { "incident", "side", "confidence", NULL };
	static const char *const enforcement[] = { "lever", "agency", "decided", "started",
		"completed", "told", "outcome", NULL };
	/* References are given by the name, the group's key, which the access layer resolves
	 * before ids (a group could be named like another group's id). */
	int rc = page_record(rq, &body, en, id, &e) ||
		 page_related(rq, &body, "members", "membership", by_group, name, members, &e) ||
		 page_related(rq, &body, "relations", "relation", by_either, name, relations, &e) ||
		 page_related(rq, &body, "incidents", "group-involvement", by_group, name, incidents, &e) ||
		 page_related(rq, &body, "enforcement", "enforcement", by_group, name, enforcement, &e);
	if (rc) {
		buf_release(&body);
		page_failed(rq, rs, "group", &e);
		return;
	}
	char title[600];
	snprintf(title, sizeof title, "%s %s", i18n(rq, "group.title"), name);
	page_begin(rq, rs, title, "/groups");
	html_printf(&rs->body, "<h1>%s</h1>\n", title);
	if (policy_allows(rq->who->role, en, POLICY_WRITE))
		html_printf(&rs->body, "<p><a class=\"button\" href=\"/r/group/%lld/edit\">%s</a></p>\n",
			    (long long)id, i18n(rq, "record.edit"));
	html_append(&rs->body, &body);
	html_printf(&rs->body, "<p><a href=\"/groups\">%s</a></p>\n", i18n(rq, "nav.groups"));
	page_end(rs);
	buf_release(&body);
}
