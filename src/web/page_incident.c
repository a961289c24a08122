/* page_incident.c — "Händelser": the list at /incidents and one incident at /incidents/{id}.
 *
 * The list is the incident review, newest first, filtered by area, type and period
 * (?area=&type=&from=&to=, dates YYYY-MM-DD, both ends included), paginated and exportable as
 * CSV.  The period's end is a bound the access layer applies (occurred before the day after
 * `to`); its start is applied while reading newest first, which stops at the first older
 * incident.  An incident recorded only to the month ("2026-03") counts as before every day of
 * that month.  The detail page is access_show — audited as a read — with the involved persons
 * and groups and the GMI marker. */
#include "date.h"
#include "html.h"
#include "page.h"
#include "page_form.h"
#include "policy.h"
#include "recfmt.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STOP 2   /* a row callback's "no more rows wanted" */

struct list_ctx {
	struct web_request *rq;
	const char *from;
	long skip, n;      /* rows to skip (earlier pages), rows kept */
	struct buf rows;
	struct table *csv;
};

static int list_row(void *p, const struct record *r)
{
	struct list_ctx *c = p;
	const char *occurred = record_get(r, "occurred");
	if (*c->from && (!occurred || strcmp(occurred, c->from) < 0))
		return STOP;   /* newest first: every later row is older still */
	if (c->csv) {
		recfmt_add(c->csv, r, TABLE_CSV, 0);
		return 0;
	}
	if (c->skip > 0) {
		c->skip--;
		return 0;
	}
	if (++c->n > PAGE_ROWS)
		return STOP;   /* one more than a page: there is a next page */
	struct buf *b = &c->rows;
	html_printf(b, "<tr><th scope=\"row\"><a href=\"/incidents/%lld\">%s</a></th>",
		    (long long)r->id, occurred);
	static const char *const cols[] = { "type", "area", "place", "gmi", NULL };
	for (int k = 0; cols[k]; k++) {
		const struct field *f = model_field(r->e, cols[k]);
		char label[256];   /* the type by its Swedish name */
		html_printf(b, "<td>%s</td>", f->type == F_REF
			    ? form_ref_label(c->rq, f, record_get(r, cols[k]), label, sizeof label)
			    : page_value(c->rq, f, record_get(r, cols[k])));
	}
	html_raw_trusted(b, "</tr>\n");
	return 0;
}

struct choices {
	struct buf *b;
	const char *current;
};

static int choice_row(void *p, const struct record *r)
{
	struct choices *c = p;
	const char *name = record_get(r, "name");
	const char *label = record_get(r, "label_sv");
	html_printf(c->b, "<option value=\"%s\"%s>%s</option>", name,
		    !strcmp(name, c->current) ? " selected" : "", label ? label : name);
	return 0;
}

/* A labelled <select> of the records of a configuration entity (areas, incident types). */
static int select_of(struct web_request *rq, struct buf *b, const char *id, const char *entity,
		     const char *label, const char *current, struct err *e)
{
	html_printf(b, "<label for=\"%s\">%s</label>\n<select id=\"%s\" name=\"%s\">"
		    "<option value=\"\">%s</option>", id, label, id, id, i18n(rq, "common.all"));
	struct choices c = { b, current };
	struct store_query q = { .order_field = "name" };
	const struct entity *en = model_entity(entity);
	int rc = access_may_read(rq->a, en) ? access_list(rq->a, en, &q, choice_row, &c, e) : 0;
	html_raw_trusted(b, "</select>\n");
	return rc;
}

/* Reads an optional date argument into out; -1 after answering 400. */
static int date_arg(struct web_request *rq, struct web_response *rs, const char *name,
		    char out[DATE_LEN])
{
	char raw[32] = "";
	struct err e = { 0 };
	int r = web_query(rq, name, raw, sizeof raw);
	out[0] = '\0';
	if (r < 0 || (*raw && date_parse(raw, out, &e))) {
		page_bad_request(rq, rs, "bad.date");
		return -1;
	}
	return 0;
}

void page_incidents(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = model_entity("incident");
	if (!access_may_read(rq->a, en)) {
		page_refused(rq, rs, NULL);
		return;
	}
	long page;
	int csv;
	char area[256] = "", type[256] = "", from[DATE_LEN], to[DATE_LEN], until[DATE_LEN] = "";
	if (page_list_args(rq, rs, &page, &csv) || date_arg(rq, rs, "from", from) ||
	    date_arg(rq, rs, "to", to))
		return;
	if (web_query(rq, "area", area, sizeof area) < 0 ||
	    web_query(rq, "type", type, sizeof type) < 0) {
		page_bad_request(rq, rs, "bad.query");
		return;
	}
	if (*from && *to && strcmp(from, to) > 0) {
		page_bad_request(rq, rs, "bad.order");
		return;
	}
	struct err e = { 0 };
	int64_t id;
	if (*area && access_find(rq->a, model_entity("area"), area, &id, &e)) {
		page_bad_request(rq, rs, "bad.unknown_area");
		return;
	}
	if (*type && access_find(rq->a, model_entity("incident-type"), type, &id, &e)) {
		page_bad_request(rq, rs, "bad.unknown_type");
		return;
	}
	if (*to)
		date_add_days(to, 1, until);
	struct record where;
	record_init(&where, en);
	int rc = (*area && record_set(&where, "area", area, &e)) ||
		 (*type && record_set(&where, "type", type, &e));
	struct list_ctx c = { rq, from, csv ? 0 : (page - 1) * PAGE_ROWS, 0, BUF_INIT, NULL };
	if (csv)
		c.csv = recfmt_table(en, TABLE_CSV, 0);
	struct store_query q = { .where = &where, .order_field = "occurred", .descending = 1,
				 .before_field = *until ? "occurred" : NULL,
				 .before = *until ? until : NULL };
	if (!rc) {
		rc = access_list(rq->a, en, &q, list_row, &c, &e);
		if (rc == STOP)
			rc = 0;
	}
	record_release(&where);
	if (rc) {
		page_failed(rq, rs, "incidents", &e);
		goto out;
	}
	if (csv) {
		page_csv_file(rs, c.csv, "incidents");
		goto out;
	}
	struct buf query = BUF_INIT;
	const char *args[][2] = { { "area", area }, { "type", type }, { "from", from }, { "to", to } };
	page_query_string(&query, args, sizeof args / sizeof args[0]);
	const char *title = i18n(rq, "nav.incidents");
	page_begin(rq, rs, title, "/incidents");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n", title);
	if (policy_allows(rq->who->role, en, POLICY_WRITE))
		html_printf(b, "<p><a class=\"button\" href=\"/incidents/new\">%s</a></p>\n",
			    i18n(rq, "incident.new"));
	html_raw_trusted(b, "<form method=\"get\" action=\"/incidents\">\n<p>");
	rc = select_of(rq, b, "area", "area", i18n(rq, "field.area"), area, &e) ||
	     select_of(rq, b, "type", "incident-type", i18n(rq, "field.type"), type, &e);
	html_printf(b, "<label for=\"from\">%s</label>\n"
		    "<input id=\"from\" name=\"from\" type=\"date\" value=\"%s\">\n"
		    "<label for=\"to\">%s</label>\n"
		    "<input id=\"to\" name=\"to\" type=\"date\" value=\"%s\">\n"
		    "<button type=\"submit\">%s</button></p>\n</form>\n",
		    i18n(rq, "incident.from"), from, i18n(rq, "incident.to"), to,
		    i18n(rq, "common.filter"));
	if (c.n == 0) {
		html_printf(b, "<p>%s</p>\n", i18n(rq, "incident.empty"));
	} else {
		html_printf(b, "<table>\n<caption>%s %ld</caption>\n<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    i18n(rq, "incident.caption"), page, i18n(rq, "field.occurred"),
			    i18n(rq, "field.type"), i18n(rq, "field.area"), i18n(rq, "field.place"),
			    i18n(rq, "field.gmi"));
		html_append(b, &c.rows);
		html_raw_trusted(b, "</tbody>\n</table>\n");
	}
	page_list_footer(rq, b, "/incidents", &query, page, c.n > PAGE_ROWS);
	page_end(rs);
	buf_release(&query);
	if (rc)
		page_failed(rq, rs, "incidents", &e);
out:
	buf_release(&c.rows);
	table_free(c.csv);
}

static int gmi_of(void *p, const struct record *r)
{
	const char *g = record_get(r, "gmi");
	*(int *)p = g && !strcmp(g, "1") ? 1 : 0;
	return 0;
}

void page_incident(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = model_entity("incident");
	if (!access_may_read(rq->a, en)) {
		page_refused(rq, rs, NULL);
		return;
	}
	const char *ref = rq->params[0];
	int64_t id = 0;
	int gmi = -1;
	struct err e = { 0 };
	size_t len = strspn(ref, "0123456789");
	if (!ref[len] && len > 0 && len < 18)
		id = strtoll(ref, NULL, 10);
	struct store_query q = { .id = id, .limit = 1 };
	if (!id || access_list(rq->a, en, &q, gmi_of, &gmi, &e) || gmi < 0) {
		page_error(rq, rs, 404, i18n(rq, "incident.not_found_title"),
			   i18n(rq, "incident.not_found"));
		return;
	}
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	struct buf body = BUF_INIT;
	html_printf(&body, "<p class=\"gmi%s\"><strong>%s</strong></p>\n<p>%s</p>\n",
		    gmi ? " yes" : "", i18n(rq, gmi ? "incident.gmi_yes" : "incident.gmi_no"),
		    i18n(rq, "incident.logged"));
	static const char *const by_incident[] = { "incident", NULL };
	static const char *const persons[] = { "person", "role", NULL };
	static const char *const groups[] = { "group", "side", "confidence", NULL };
	int rc = page_record(rq, &body, en, id, &e) ||
		 page_related(rq, &body, "persons", "involvement", by_incident, idtext, persons, &e) ||
		 page_related(rq, &body, "groups", "group-involvement", by_incident, idtext, groups, &e);
	if (rc) {
		buf_release(&body);
		page_failed(rq, rs, "incident", &e);
		return;
	}
	char title[64];
	snprintf(title, sizeof title, "%s %lld", i18n(rq, "incident.title"), (long long)id);
	page_begin(rq, rs, title, "/incidents");
	html_printf(&rs->body, "<h1>%s</h1>\n", title);
	if (policy_allows(rq->who->role, en, POLICY_WRITE))
		html_printf(&rs->body, "<p><a class=\"button\" href=\"/r/incident/%lld/edit\">%s</a></p>\n",
			    (long long)id, i18n(rq, "record.edit"));
	html_append(&rs->body, &body);
	html_printf(&rs->body, "<p><a href=\"/incidents\">%s</a></p>\n", i18n(rq, "nav.incidents"));
	page_end(rs);
	buf_release(&body);
}
