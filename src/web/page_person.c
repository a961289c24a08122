/* page_person.c — "Personer": the list at /persons and one person's record at /persons/CODE.
 *
 * The list shows only the pseudonymous code, the age band and the area — never a name or a
 * personnummer — paginated, with a search by name, alias or code that the access layer runs
 * (store_query.search), a filter by area, sorting by code, area or review date and a CSV export
 * of the same three columns.  The record page is access_show, so it is audited as a read
 * exactly as `gvi person show` is, and shows what the role may see (the personnummer only to
 * roles that may), then the person's timeline (page_timeline.c).  A role that may not read
 * persons is refused with a 403 page. */
#include "html.h"
#include "page.h"
#include "policy.h"
#include "page_form.h"
#include "recfmt.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEARCH_MAX 200

/* The columns of the list and of its CSV: the code, the age band and the area — never a
 * name or a personnummer. */
struct list_ctx {
	struct web_request *rq;
	struct buf rows;
	long n;
	struct table *csv;
};

static int list_row(void *p, const struct record *r)
{
	struct list_ctx *c = p;
	const struct field *band = model_field(r->e, "age_band");
	const char *code = record_get(r, "code");
	if (c->csv) {
		const char *cells[3] = { code, record_get(r, "age_band"), record_get(r, "area") };
		table_add_row(c->csv, cells);
		return 0;
	}
	if (++c->n > PAGE_ROWS)
		return 0;   /* one more than a page: there is a next page */
	html_raw_trusted(&c->rows, "<tr><th scope=\"row\"><a href=\"/persons/");
	html_url_part(&c->rows, code);
	html_printf(&c->rows, "\">%s</a></th><td>%s</td><td>%s</td></tr>\n", code,
		    page_value(c->rq, band, record_get(r, "age_band")), record_get(r, "area"));
	return 0;
}

void page_persons(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = model_entity("person");
	if (!access_may_read(rq->a, en)) {
		page_refused(rq, rs, "persons.refused");
		return;
	}
	long page;
	int csv;
	if (page_list_args(rq, rs, &page, &csv))
		return;
	char search[SEARCH_MAX + 1] = "", sort[16] = "code", area[256] = "";
	if (web_query(rq, "q", search, sizeof search) < 0 || web_query(rq, "sort", sort, sizeof sort) < 0 ||
	    web_query(rq, "area", area, sizeof area) < 0) {
		page_bad_request(rq, rs, "bad.query");
		return;
	}
	if (!*sort)
		strcpy(sort, "code");
	if (strcmp(sort, "code") && strcmp(sort, "area") && strcmp(sort, "review")) {
		page_bad_request(rq, rs, "bad.person_sort");
		return;
	}
	struct err e = { 0 };
	int64_t aid;
	if (*area && access_find(rq->a, model_entity("area"), area, &aid, &e)) {
		page_bad_request(rq, rs, "bad.unknown_area");
		return;
	}
	struct record where;
	record_init(&where, en);
	struct list_ctx c = { rq, BUF_INIT, 0, NULL };
	struct store_query q = { .search = *search ? search : NULL, .order_field = sort, .where = &where };
	if (csv) {
		static const char *const headers[] = { "code", "age_band", "area" };
		c.csv = table_new(3, headers);
	} else {
		q.limit = PAGE_ROWS + 1;
		q.offset = (page - 1) * PAGE_ROWS;
	}
	int rc = (*area && record_set(&where, "area", area, &e)) ||
		 access_list(rq->a, en, &q, list_row, &c, &e);
	record_release(&where);
	if (rc) {
		page_failed(rq, rs, "persons", &e);
		goto out;
	}
	if (csv) {
		page_csv_file(rs, c.csv, "persons");
		goto out;
	}
	struct buf query = BUF_INIT;
	const char *args[][2] = { { "q", search }, { "area", area }, { "sort", sort } };
	page_query_string(&query, args, sizeof args / sizeof args[0]);
	const char *title = i18n(rq, "nav.persons");
	page_begin(rq, rs, title, "/persons");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n<form method=\"get\" action=\"/persons\" role=\"search\">\n"
		    "<p><label for=\"q\">%s</label>\n"
		    "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\">\n"
		    "<label for=\"area\">%s</label>\n", title, i18n(rq, "persons.search"), search,
		    i18n(rq, "field.area"));
	rc = form_input(rq, b, model_field(en, "area"), "", area, 0, NULL, &e);
	html_printf(b, "\n<label for=\"sort\">%s</label>\n<select id=\"sort\" name=\"sort\">",
		    i18n(rq, "group.sort"));
	static const char *const sorts[] = { "code", "area", "review" };
	for (size_t i = 0; i < 3; i++)
		html_printf(b, "<option value=\"%s\"%s>%s</option>", sorts[i],
			    !strcmp(sort, sorts[i]) ? " selected" : "", i18n_named(rq, "field.", sorts[i]));
	html_printf(b, "</select>\n<button type=\"submit\">%s</button></p>\n</form>\n",
		    i18n(rq, "persons.search_button"));
	if (c.n == 0) {
		html_printf(b, "<p>%s</p>\n", i18n(rq, *search || *area ? "persons.no_match" : "persons.none"));
	} else {
		html_printf(b, "<table>\n<caption>%s %ld</caption>\n<thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", i18n(rq, "persons.caption"),
			    page, i18n(rq, "field.code"), i18n(rq, "field.age_band"), i18n(rq, "field.area"));
		html_append(b, &c.rows);
		html_raw_trusted(b, "</tbody>\n</table>\n");
	}
	page_list_footer(rq, b, "/persons", &query, page, c.n > PAGE_ROWS);
	page_end(rs);
	buf_release(&query);
	if (rc)
		page_failed(rq, rs, "persons", &e);
out:
	buf_release(&c.rows);
	table_free(c.csv);
}

struct show_ctx {
	struct web_request *rq;
	struct buf rows;
	int n;
};

static int show_row(void *p, const struct record *r)
{
	struct show_ctx *c = p;
	c->n++;
	for (size_t i = 0; i < r->e->nfields; i++) {
		const struct field *f = &r->e->fields[i];
		char *list = f->type == F_LIST ? recfmt_list_text(r, i) : NULL;
		const char *v = list ? list : page_value(c->rq, f, r->v[i]);
		char pnr[16];
		if (f->type == F_PNR && r->v[i] && strlen(r->v[i]) == 12) {
			/* shown as people write it: YYYYMMDD-NNNN */
			snprintf(pnr, sizeof pnr, "%.8s-%.4s", r->v[i], r->v[i] + 8);
			v = pnr;
		}
		html_printf(&c->rows, "<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n",
			    page_field(c->rq, f), v);
		free(list);
	}
	return 0;
}

static int found_id(void *p, const struct record *r)
{
	*(int64_t *)p = r->id;
	return 0;
}

void page_person(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = model_entity("person");
	if (!access_may_read(rq->a, en)) {
		page_refused(rq, rs, "persons.refused");
		return;
	}
	const char *code = rq->params[0];
	int64_t id = 0;
	struct err e = { 0 };
	/* Only a person's code names them here (never a name typed into an address, which would
	 * then stand in logs and browser histories): found by an exact match on the code. */
	struct record where;
	record_init(&where, en);
	struct store_query q = { .where = &where, .limit = 1 };
	int rc = record_set(&where, "code", code, &e) || access_list(rq->a, en, &q, found_id, &id, &e);
	record_release(&where);
	if (rc || !id) {
		page_error(rq, rs, 404, i18n(rq, "persons.not_found_title"), i18n(rq, "persons.not_found"));
		return;
	}
	struct show_ctx c = { rq, BUF_INIT, 0 };
	if (access_show(rq->a, en, id, show_row, &c, &e) || c.n != 1) {
		buf_release(&c.rows);
		page_failed(rq, rs, "person", &e);
		return;
	}
	/* Then everything else the role may see about the person, as one timeline, read in one
	 * snapshot (one read lock for its dozens of statements, not one each). */
	struct buf timeline = BUF_INIT;
	int failed = access_snapshot_begin(rq->a, &e) || page_timeline(rq, &timeline, code, &e);
	access_snapshot_end(rq->a);
	if (failed) {
		buf_release(&c.rows);
		buf_release(&timeline);
		page_failed(rq, rs, "person timeline", &e);
		return;
	}
	char title[160];
	snprintf(title, sizeof title, "%s %s", i18n(rq, "one.person"), code);
	page_begin(rq, rs, title, "/persons");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", title, i18n(rq, "person.logged"));
	if (policy_allows(rq->who->role, en, POLICY_WRITE)) {
		html_raw_trusted(b, "<p><a class=\"button\" href=\"/r/person/");
		html_url_part(b, code);
		html_printf(b, "/edit\">%s</a></p>\n", i18n(rq, "record.edit"));
	}
	html_raw_trusted(b, "<table class=\"record\">\n<tbody>\n");
	html_append(b, &c.rows);
	html_raw_trusted(b, "</tbody>\n</table>\n");
	html_append(b, &timeline);
	html_printf(b, "<p><a href=\"/persons\">%s</a></p>\n", i18n(rq, "person.back"));
	page_end(rs);
	buf_release(&c.rows);
	buf_release(&timeline);
}
