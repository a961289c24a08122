/* page_entity.c — the generic pages of every entity, under /r/: the index, lists, records and
 * the forms that add and edit them.
 *
 * Nothing here is written per entity: the columns, filters, inputs and the sections of
 * records that refer to a record all follow the descriptors of model.c, and every read and
 * write is the access layer's (access_list, access_show — audited —, access_add, access_edit),
 * so the role decides what a page offers exactly as it decides for the CLI.
 *
 *   GET  /r                        the entities the role may read
 *   GET  /r/ENTITY                 list: ?q= search, a filter per enum and reference field,
 *                                  ?from=&to= on its first date, ?sort=FIELD&dir=desc,
 *                                  ?page=, ?format=csv (a download)
 *   GET  /r/ENTITY/new, POST /r/ENTITY            a new record
 *   GET  /r/ENTITY/REF             one record (REF: id or key), then what refers to it
 *   GET  /r/ENTITY/REF/edit, POST /r/ENTITY/REF/edit   change it
 *   GET  /r/ENTITY/REF/delete, POST the same     end it (membership, group…) or delete it
 *
 * A write that the access layer refuses shows the form again, as sent, with its message next
 * to the field it names; nothing is stored.  A write that succeeds redirects (303) to the
 * record, so a reload never sends it twice. */
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

#define COLUMNS_MAX 24
#define SEARCH_MAX 200

/* ---- which fields a list shows ---- */

/* A list's columns: every field but lists, secrets and long texts.  A person is listed by
 * their code, never by name (personal entities whose key gvi makes up). */
static size_t list_columns(const struct entity *en, const struct field *cols[COLUMNS_MAX])
{
	size_t n = 0;
	const struct field *key = model_key(en);
	for (const struct field *f = en->fields; f->name && n < COLUMNS_MAX; f++) {
		if (f->type == F_LIST || (f->flags & FF_SECRET) || !strcmp(f->name, "notes") ||
		    !strcmp(f->name, "description"))
			continue;
		if (model_is_personal(en) && key && (key->flags & FF_AUTO) && !strcmp(f->name, "name"))
			continue;
		cols[n++] = f;
	}
	return n;
}

static int filterable(const struct field *f)
{
	return f->type == F_ENUM || f->type == F_REF;
}

/* The entity of the path, or NULL after answering 404 or 403.  `write`: the role must also
 * be allowed to write it (asked of the policy to decide what a page offers; the access layer
 * checks again on every write). */
static const struct entity *entity_of(struct web_request *rq, struct web_response *rs, int write)
{
	const struct entity *en = model_entity(rq->params[0]);
	if (!en) {
		page_error(rq, rs, 404, i18n(rq, "record.no_entity_title"), i18n(rq, "record.no_entity"));
		return NULL;
	}
	if (!access_may_read(rq->a, en)) {
		page_refused(rq, rs, NULL);
		return NULL;
	}
	if (write && !policy_allows(rq->who->role, en, POLICY_WRITE)) {
		page_refused(rq, rs, "record.refused_write");
		return NULL;
	}
	return en;
}

static int ended(const struct entity *en);

static int may_write(const struct web_request *rq, const struct entity *en)
{
	return policy_allows(rq->who->role, en, POLICY_WRITE);
}

/* One cell: a reference as a link where the role may read it, a yes/no or enum translated,
 * an incident type by its Swedish name. */
static void value_cell(struct web_request *rq, struct buf *b, const struct field *f, const char *v)
{
	if (f->type == F_REF && v) {
		struct buf href = BUF_INIT;
		char label[256];
		const char *shown = form_ref_label(rq, f, v, label, sizeof label);
		if (form_ref_href(rq, &href, f->ref, v)) {
			html_raw_trusted(b, "<a href=\"");
			html_append(b, &href);
			html_printf(b, "\">%s</a>", shown);
		} else {
			html_printf(b, "%s", shown);
		}
		buf_release(&href);
		return;
	}
	html_printf(b, "%s", page_value(rq, f, v));
}

/* ---- GET /r ---- */

void page_entities(struct web_request *rq, struct web_response *rs)
{
	const char *title = i18n(rq, "nav.records");
	page_begin(rq, rs, title, "/r");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n<ul class=\"entities\">\n", title,
		    i18n(rq, "record.index_intro"));
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *en = model_entities[i];
		if (!access_may_read(rq->a, en))
			continue;
		html_printf(b, "<li><a href=\"/r/%s\">%s</a>", en->name, i18n_named(rq, "entity.", en->name));
		if (may_write(rq, en))
			html_printf(b, " · <a href=\"/r/%s/new\">%s</a>", en->name, i18n(rq, "record.new"));
		html_raw_trusted(b, "</li>\n");
	}
	html_raw_trusted(b, "</ul>\n");
	page_end(rs);
}

/* ---- GET /r/ENTITY ---- */

struct list_ctx {
	struct web_request *rq;
	const struct field **cols;
	size_t ncols;
	const struct field *key;
	struct buf rows;
	long n;
	struct table *csv;
};

/* The field a list's period (?from=&to=) applies to: the entity's first date. */
static const struct field *period_field(const struct entity *en)
{
	for (const struct field *f = en->fields; f->name; f++)
		if ((f->type == F_DATE || f->type == F_DATETIME) && !(f->flags & FF_DERIVED))
			return f;
	return NULL;
}

/* The path segment naming record r: its key, or its id. */
static const char *record_ref(const struct record *r, const struct field *key, char idtext[24])
{
	snprintf(idtext, 24, "%lld", (long long)r->id);
	const char *k = key ? record_get(r, key->name) : NULL;
	return k ? k : idtext;
}

static int list_row(void *p, const struct record *r)
{
	struct list_ctx *c = p;
	char idtext[24];
	if (c->csv) {
		const char *cells[COLUMNS_MAX + 1];
		cells[0] = idtext;
		snprintf(idtext, sizeof idtext, "%lld", (long long)r->id);
		for (size_t k = 0; k < c->ncols; k++)
			cells[k + 1] = r->v[model_field_index(r->e, c->cols[k])];
		table_add_row(c->csv, cells);
		return 0;
	}
	if (++c->n > PAGE_ROWS)
		return 0;   /* one more than a page: there is a next page */
	struct buf *b = &c->rows;
	html_printf(b, "<tr><th scope=\"row\"><a href=\"/r/%s/", r->e->name);
	html_url_part(b, record_ref(r, c->key, idtext));
	html_printf(b, "\">%lld</a></th>", (long long)r->id);
	for (size_t k = 0; k < c->ncols; k++) {
		html_raw_trusted(b, "<td>");
		value_cell(c->rq, b, c->cols[k], r->v[model_field_index(r->e, c->cols[k])]);
		html_raw_trusted(b, "</td>");
	}
	html_raw_trusted(b, "</tr>\n");
	return 0;
}

/* A column header that sorts by it (and the other way round when it already does). */
static void sort_header(struct web_request *rq, struct buf *b, const char *path,
			const struct buf *filters, const char *name, const char *label,
			const char *sort, int desc)
{
	int here = !strcmp(sort, name);
	html_printf(b, "<th scope=\"col\"%s><a href=\"%s?", here ? (desc ? " aria-sort=\"descending\""
								       : " aria-sort=\"ascending\"") : "", path);
	html_append(b, filters);
	html_printf(b, "sort=%s%s\">%s%s</a></th>", name, here && !desc ? "&amp;dir=desc" : "", label,
		    here ? (desc ? " ↓" : " ↑") : "");
	(void)rq;
}

void page_entity_list(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = entity_of(rq, rs, 0);
	if (!en)
		return;
	long page;
	int csv;
	if (page_list_args(rq, rs, &page, &csv))
		return;
	const struct field *cols[COLUMNS_MAX];
	size_t ncols = list_columns(en, cols);
	char search[SEARCH_MAX + 1] = "", sort[64] = "id", dir[8] = "";
	if (web_query(rq, "q", search, sizeof search) < 0 || web_query(rq, "sort", sort, sizeof sort) < 0 ||
	    web_query(rq, "dir", dir, sizeof dir) < 0) {
		page_bad_request(rq, rs, "bad.query");
		return;
	}
	if (!*sort)
		strcpy(sort, "id");
	int sortable = !strcmp(sort, "id");
	for (size_t k = 0; k < ncols; k++)
		sortable |= !strcmp(sort, cols[k]->name) && !(cols[k]->flags & FF_DERIVED);
	if (!sortable || (*dir && strcmp(dir, "desc") && strcmp(dir, "asc"))) {
		page_bad_request(rq, rs, "bad.record_sort");
		return;
	}
	int desc = !strcmp(dir, "desc");
	/* The period: both ends included, as on the incident list (a value kept only to the
	 * month, "2026-03", counts as before every day of it). */
	const struct field *period = period_field(en);
	char from[DATE_LEN] = "", to[DATE_LEN] = "", until[DATE_LEN] = "";
	if (period) {
		char raw[2][32] = { "", "" };
		struct err de = { 0 };
		if (web_query(rq, "from", raw[0], sizeof raw[0]) < 0 ||
		    web_query(rq, "to", raw[1], sizeof raw[1]) < 0 ||
		    (*raw[0] && date_parse(raw[0], from, &de)) || (*raw[1] && date_parse(raw[1], to, &de))) {
			page_bad_request(rq, rs, "bad.date");
			return;
		}
		if (*from && *to && strcmp(from, to) > 0) {
			page_bad_request(rq, rs, "bad.order");
			return;
		}
		if (*to)
			date_add_days(to, 1, until);
	}

	/* Filters: ?FIELD=VALUE for each enum and reference field. */
	struct err e = { 0 };
	struct record where;
	record_init(&where, en);
	struct buf filters = BUF_INIT;
	struct form_values fv;
	form_values_init(&fv, en);
	int bad = 0;
	for (size_t i = 0; i < en->nfields && !bad; i++) {
		const struct field *f = &en->fields[i];
		char v[256];
		int got = filterable(f) ? web_query(rq, f->name, v, sizeof v) : 0;
		if (got < 0) {
			bad = 1;
			page_bad_request(rq, rs, "bad.query");
		} else if (got > 0 && *v) {
			int64_t id;
			if (f->type == F_ENUM && model_choice(f, v) < 0) {
				bad = 1;
				page_bad_request(rq, rs, "bad.record_choice");
			} else if (f->type == F_REF && access_find(rq->a, model_entity(f->ref), v, &id, &e)) {
				bad = 1;
				page_bad_request(rq, rs, "bad.record_ref");
			} else if (record_set_field(&where, f, v, &e)) {
				bad = 1;
				page_bad_request(rq, rs, "bad.query");
			} else {
				fv.v[i] = strdup(v);
				const char *arg[1][2] = { { f->name, v } };
				page_query_string(&filters, arg, 1);
			}
		}
	}
	if (bad)
		goto out;
	const char *sargs[3][2] = { { "q", search }, { "from", from }, { "to", to } };
	page_query_string(&filters, sargs, 3);

	struct list_ctx c = { rq, cols, ncols, model_key(en), BUF_INIT, 0, NULL };
	struct store_query q = { .where = &where, .search = *search ? search : NULL,
				 .order_field = strcmp(sort, "id") ? sort : NULL, .descending = desc,
				 .before_field = *until ? period->name : NULL, .before = *until ? until : NULL,
				 .after_field = *from ? period->name : NULL, .after = *from ? from : NULL };
	if (csv) {
		const char *headers[COLUMNS_MAX + 1] = { "id" };
		for (size_t k = 0; k < ncols; k++)
			headers[k + 1] = cols[k]->name;
		c.csv = table_new(ncols + 1, headers);
	} else {
		q.limit = PAGE_ROWS + 1;
		q.offset = (page - 1) * PAGE_ROWS;
	}
	if (access_list(rq->a, en, &q, list_row, &c, &e)) {
		page_failed(rq, rs, "records", &e);
	} else if (csv) {
		page_csv_file(rs, c.csv, en->name);
	} else {
		char path[96];
		snprintf(path, sizeof path, "/r/%s", en->name);
		const char *title = i18n_named(rq, "entity.", en->name);
		page_begin(rq, rs, title, path);
		struct buf *b = &rs->body;
		html_printf(b, "<h1>%s</h1>\n", title);
		if (may_write(rq, en))
			html_printf(b, "<p><a class=\"button\" href=\"/r/%s/new\">%s</a></p>\n", en->name,
				    i18n(rq, "record.new"));
		html_printf(b, "<form method=\"get\" action=\"%s\" class=\"filters\">\n"
			    "<div class=\"field\"><label for=\"q\">%s</label>"
			    "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\"></div>\n",
			    path, i18n(rq, "record.search"), search);
		if (period)
			html_printf(b, "<div class=\"field\"><label for=\"from\">%s (%s)</label>"
				    "<input id=\"from\" name=\"from\" type=\"date\" value=\"%s\"></div>\n"
				    "<div class=\"field\"><label for=\"to\">%s (%s)</label>"
				    "<input id=\"to\" name=\"to\" type=\"date\" value=\"%s\"></div>\n",
				    page_field(rq, period), i18n(rq, "record.from"), from,
				    page_field(rq, period), i18n(rq, "record.to"), to);
		int rc = 0;
		for (size_t i = 0; i < en->nfields && !rc; i++) {
			const struct field *f = &en->fields[i];
			if (!filterable(f))
				continue;
			html_printf(b, "<div class=\"field\"><label for=\"%s\">%s</label>", f->name,
				    page_field(rq, f));
			rc = form_input(rq, b, f, "", fv.v[i], 0, NULL, &e);
			html_raw_trusted(b, "</div>\n");
		}
		html_printf(b, "<input type=\"hidden\" name=\"sort\" value=\"%s\">"
			    "<input type=\"hidden\" name=\"dir\" value=\"%s\">\n"
			    "<p><button type=\"submit\">%s</button></p>\n</form>\n",
			    sort, desc ? "desc" : "", i18n(rq, "common.filter"));
		if (c.n == 0) {
			html_printf(b, "<p>%s</p>\n", i18n(rq, "record.empty"));
		} else {
			html_printf(b, "<table>\n<caption>%s, %s %ld</caption>\n<thead><tr>", title,
				    i18n(rq, "record.page"), page);
			sort_header(rq, b, path, &filters, "id", i18n(rq, "record.id"), sort, desc);
			for (size_t k = 0; k < ncols; k++) {
				if (cols[k]->flags & FF_DERIVED)
					html_printf(b, "<th scope=\"col\">%s</th>", page_field(rq, cols[k]));
				else
					sort_header(rq, b, path, &filters, cols[k]->name,
						    page_field(rq, cols[k]), sort, desc);
			}
			html_raw_trusted(b, "</tr></thead>\n<tbody>\n");
			html_append(b, &c.rows);
			html_raw_trusted(b, "</tbody>\n</table>\n");
		}
		struct buf query = BUF_INIT;
		html_append(&query, &filters);
		html_printf(&query, "sort=%s&amp;", sort);
		if (desc)
			html_raw_trusted(&query, "dir=desc&amp;");
		page_list_footer(rq, b, path, &query, page, c.n > PAGE_ROWS);
		page_end(rs);
		buf_release(&query);
		if (rc)
			page_failed(rq, rs, "records", &e);
	}
	buf_release(&c.rows);
	table_free(c.csv);
out:
	form_values_release(&fv);
	buf_release(&filters);
	record_release(&where);
}

/* ---- one record ---- */

static int found_id(void *p, const struct record *r)
{
	*(int64_t *)p = r->id;
	return 0;
}

/* The id of the record named by ref: its id, or exactly its key (never a name: a person is
 * named in an address only by their code).  0 when there is none. */
static int64_t find_record(struct web_request *rq, const struct entity *en, const char *ref,
			   struct err *e)
{
	int64_t id = 0;
	struct store_query q = { .limit = 1 };
	size_t digits = strspn(ref, "0123456789");
	const struct field *key = model_key(en);
	if (!ref[digits] && digits > 0 && digits <= 15) {
		q.id = strtoll(ref, NULL, 10);
		if (access_list(rq->a, en, &q, found_id, &id, e))
			return 0;
	}
	if (!id && key) {
		struct record where;
		record_init(&where, en);
		q.id = 0;
		q.where = &where;
		if (!record_set_field(&where, key, ref, e))
			access_list(rq->a, en, &q, found_id, &id, e);
		record_release(&where);
	}
	return id;
}

static void record_not_found(struct web_request *rq, struct web_response *rs)
{
	page_error(rq, rs, 404, i18n(rq, "record.not_found_title"), i18n(rq, "record.not_found"));
}

/* The entity of the address /r/ENTITY/REF and, in *id, the record REF names; NULL when the
 * page has been answered already (the entity refused, or 404 for no such record). */
static const struct entity *addressed_record(struct web_request *rq, struct web_response *rs,
					     int write, int64_t *id, struct err *e)
{
	const struct entity *en = entity_of(rq, rs, write);
	if (!en)
		return NULL;
	*id = find_record(rq, en, rq->params[1], e);
	if (!*id) {
		record_not_found(rq, rs);
		return NULL;
	}
	return en;
}

struct show_ctx {
	struct web_request *rq;
	struct buf *b;
	struct form_values *fv;   /* or NULL */
	char ref[256];            /* the record's key, or its id */
	int n;
};

static int show_row(void *p, const struct record *r)
{
	struct show_ctx *c = p;
	c->n++;
	char idtext[24];
	const struct field *key = model_key(r->e);
	snprintf(c->ref, sizeof c->ref, "%s", record_ref(r, key, idtext));
	if (c->fv)
		form_values_from_record(c->fv, r);
	if (!c->b)
		return 0;
	html_printf(c->b, "<table class=\"record\">\n<tbody>\n<tr><th scope=\"row\">%s</th><td>%lld</td></tr>\n",
		    i18n(c->rq, "record.id"), (long long)r->id);
	for (size_t i = 0; i < r->e->nfields; i++) {
		const struct field *f = &r->e->fields[i];
		html_printf(c->b, "<tr><th scope=\"row\">%s</th><td>", page_field(c->rq, f));
		if (f->type == F_LIST) {
			char *list = recfmt_list_text(r, i);
			html_printf(c->b, "%s", list);
			free(list);
		} else if (f->type == F_PNR && r->v[i] && strlen(r->v[i]) == 12) {
			char pnr[16];
			snprintf(pnr, sizeof pnr, "%.8s-%.4s", r->v[i], r->v[i] + 8);
			html_printf(c->b, "%s", pnr);
		} else {
			value_cell(c->rq, c->b, f, r->v[i]);
		}
		html_raw_trusted(c->b, "</td></tr>\n");
	}
	html_raw_trusted(c->b, "</tbody>\n</table>\n");
	return 0;
}

/* Sections of the records that refer to this one (a call-in's invitations, a person's
 * memberships…), one per entity the role may read that has a reference to en. */
static int referring(struct web_request *rq, struct buf *b, const struct entity *en,
		     const char *ref, struct err *e)
{
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *other = model_entities[i];
		const char *where[4] = { 0 };
		size_t nw = 0;
		for (const struct field *f = other->fields; f->name && nw < 3; f++)
			if (f->type == F_REF && !strcmp(f->ref, en->name) && strcmp(f->name, "owner"))
				where[nw++] = f->name;
		if (!nw || !access_may_read(rq->a, other))
			continue;
		if (!strcmp(en->name, "callin") && !strcmp(other->name, "invitation"))
			continue;   /* shown above as the attendance list (page_callin.c) */
		const struct field *cols[COLUMNS_MAX];
		size_t n = list_columns(other, cols);
		const char *names[COLUMNS_MAX + 1];
		size_t k = 0;
		for (size_t j = 0; j < n; j++) {
			int is_where = 0;
			for (size_t w = 0; w < nw; w++)
				is_where |= !strcmp(cols[j]->name, where[w]);
			if (!is_where || nw > 1)
				names[k++] = cols[j]->name;
		}
		names[k] = NULL;
		char anchor[64];
		snprintf(anchor, sizeof anchor, "ref-%s", other->name);
		if (page_related(rq, b, anchor, other->name, where, ref, names, e))
			return -1;
	}
	return 0;
}

void page_entity_show(struct web_request *rq, struct web_response *rs)
{
	struct err e = { 0 };
	int64_t id;
	const struct entity *en = addressed_record(rq, rs, 0, &id, &e);
	if (!en)
		return;
	struct buf body = BUF_INIT;
	struct show_ctx c = { rq, &body, NULL, "", 0 };
	int rc = access_show(rq->a, en, id, show_row, &c, &e);
	if (!rc && c.n != 1)
		rc = err_set(&e, "record %lld vanished", (long long)id);
	if (!rc && may_write(rq, en)) {
		html_printf(&body, "<p><a class=\"button\" href=\"/r/%s/", en->name);
		html_url_part(&body, c.ref);
		html_printf(&body, "/edit\">%s</a> <a class=\"button\" href=\"/r/%s/", i18n(rq, "record.edit"),
			    en->name);
		html_url_part(&body, c.ref);
		html_printf(&body, "/delete\">%s</a></p>\n",
			    i18n(rq, ended(en) ? "record.end" : "record.delete"));
	}
	if (!rc && !strcmp(en->name, "callin"))
		rc = page_callin_attendance(rq, &body, id, &e);
	if (!rc)
		rc = referring(rq, &body, en, c.ref, &e);
	if (rc) {
		buf_release(&body);
		page_failed(rq, rs, "record", &e);
		return;
	}
	char title[400], path[96];
	snprintf(title, sizeof title, "%s %s", i18n_named(rq, "one.", en->name), c.ref);
	snprintf(path, sizeof path, "/r/%s", en->name);
	page_begin(rq, rs, title, path);
	html_printf(&rs->body, "<h1>%s</h1>\n", title);
	if (model_is_personal(en))
		html_printf(&rs->body, "<p>%s</p>\n", i18n(rq, "record.logged"));
	html_append(&rs->body, &body);
	html_printf(&rs->body, "<p><a href=\"%s\">%s</a></p>\n", path, i18n_named(rq, "entity.", en->name));
	page_end(rs);
	buf_release(&body);
}

/* ---- the forms ---- */

/* The page of a form for a new record (id 0) or record id (ref its key or id). */
static void form_page(struct web_request *rq, struct web_response *rs, const struct entity *en,
		      const char *ref, const struct form_values *fv, const struct form_error *err,
		      int status)
{
	struct err e = { 0 };
	char title[400], path[96], action[400];
	snprintf(path, sizeof path, "/r/%s", en->name);
	if (ref)
		snprintf(title, sizeof title, "%s %s %s", i18n(rq, "record.edit"),
			 i18n_named(rq, "one.", en->name), ref);
	else
		snprintf(title, sizeof title, "%s: %s", i18n(rq, "record.new"),
			 i18n_named(rq, "one.", en->name));
	struct buf form = BUF_INIT;
	if (err && !err->field)
		html_printf(&form, "<div class=\"message\" role=\"alert\" id=\"form-error\"><p>%s</p></div>\n",
			    err->msg);
	else if (err)
		html_printf(&form, "<div class=\"message\" role=\"alert\"><p>%s <a href=\"#%s%s\">%s</a></p></div>\n",
			    i18n(rq, "form.error_at"), err->prefix ? err->prefix : "", err->field->name,
			    page_field(rq, err->field));
	struct buf act = BUF_INIT;
	html_printf(&act, "/r/%s", en->name);
	if (ref) {
		html_raw_trusted(&act, "/");
		html_url_part(&act, ref);
		html_raw_trusted(&act, "/edit");
	}
	snprintf(action, sizeof action, "%s", act.s);
	buf_release(&act);
	html_printf(&form, "<form method=\"post\" action=\"");
	html_raw_trusted(&form, action);   /* escaped and URL-encoded above */
	html_raw_trusted(&form, "\" class=\"record-form\" novalidate>\n");
	page_csrf_field(&form, rq);
	int rc = form_fields(rq, &form, fv, "", ref != NULL, NULL, err, &e);
	html_printf(&form, "<p><button type=\"submit\">%s</button></p>\n</form>\n",
		    i18n(rq, ref ? "form.save" : "form.add"));
	if (rc) {
		buf_release(&form);
		page_failed(rq, rs, "form", &e);
		return;
	}
	page_begin(rq, rs, title, path);
	rs->status = status;
	html_printf(&rs->body, "<h1>%s</h1>\n<p>%s</p>\n", title, i18n(rq, "form.intro"));
	html_append(&rs->body, &form);
	html_printf(&rs->body, "<p><a href=\"%s\">%s</a></p>\n", path, i18n_named(rq, "entity.", en->name));
	page_end(rs);
	buf_release(&form);
}

void page_entity_new(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = entity_of(rq, rs, 1);
	if (!en)
		return;
	struct form_values fv;
	form_values_init(&fv, en);
	/* Defaults the model states are shown (status "planned", a group "active"); a reference
	 * may be preset from the address (?person=CODE from a person's page). */
	for (size_t i = 0; i < en->nfields; i++) {
		const struct field *f = &en->fields[i];
		char v[256];
		if (f->type == F_REF && web_query(rq, f->name, v, sizeof v) > 0)
			fv.v[i] = strdup(v);
		else if (f->def)
			fv.v[i] = strdup(f->def);
	}
	form_page(rq, rs, en, NULL, &fv, NULL, 200);
	form_values_release(&fv);
}

/* The status of a refused write: 409 for a taken key, 403 for the policy, else 400. */
static int refused_status(int rc, const struct err *e)
{
	if (rc == STORE_DUPLICATE)
		return 409;
	return !strncmp(e->msg, "refused:", 8) ? 403 : 400;
}

/* write_form: the posted form as a new record (id 0) or as record id (ref its key or id),
 * through access_add or access_edit; then to the record's page, or the form again with the
 * error at its field and the status refused_status gives. */
static void write_form(struct web_request *rq, struct web_response *rs, const struct entity *en,
		       int64_t id, const char *ref)
{
	struct form_values fv;
	form_values_init(&fv, en);
	form_values_from_post(&fv, rq, "");
	struct record r;
	record_init(&r, en);
	r.id = id;
	struct form_error err = { .prefix = "" };
	struct err e = { 0 };
	int status = 400;
	if (!form_to_record(rq, &fv, &r, id != 0, NULL, &err)) {
		int rc = id ? access_edit(rq->a, &r, &e) : access_add(rq->a, &r, &e);
		if (!rc) {
			char location[128];
			snprintf(location, sizeof location, "/r/%s/%lld", en->name, (long long)(id ? id : r.id));
			web_redirect(rs, location);
			goto out;
		}
		status = refused_status(rc, &e);
		form_error_from(&err, en, "", e.msg);
	}
	form_page(rq, rs, en, ref, &fv, &err, status);
out:
	record_release(&r);
	form_values_release(&fv);
}

void page_entity_add(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = entity_of(rq, rs, 1);
	if (en)
		write_form(rq, rs, en, 0, NULL);
}

void page_entity_edit(struct web_request *rq, struct web_response *rs)
{
	struct err e = { 0 };
	int64_t id;
	const struct entity *en = addressed_record(rq, rs, 1, &id, &e);
	if (!en)
		return;
	struct form_values fv;
	form_values_init(&fv, en);
	struct show_ctx c = { rq, NULL, &fv, "", 0 };
	if (access_show(rq->a, en, id, show_row, &c, &e) || c.n != 1)
		page_failed(rq, rs, "record", &e);
	else
		form_page(rq, rs, en, c.ref, &fv, NULL, 200);
	form_values_release(&fv);
}

void page_entity_save(struct web_request *rq, struct web_response *rs)
{
	struct err e = { 0 };
	int64_t id;
	const struct entity *en = addressed_record(rq, rs, 1, &id, &e);
	if (!en)
		return;
	write_form(rq, rs, en, id, rq->params[1]);
}

/* ---- ending and deleting ----
 *
 * GET /r/ENTITY/REF/delete asks first (no script: a page with one POST button); an entity that
 * is ended rather than deleted (a membership, a group) asks for the end date instead.  The
 * POST is access_end or access_delete — refused, with the access layer's message and nothing
 * changed, while other records still refer to the record. */

static int ended(const struct entity *en)
{
	return (en->flags & EF_NODELETE) != 0;
}

/* The key of record id (or its id), for access_end/access_delete, which name records so. */
static int key_row(void *p, const struct record *r)
{
	char idtext[24];
	snprintf(p, 256, "%s", record_ref(r, model_key(r->e), idtext));
	return 0;
}

void page_entity_remove_form(struct web_request *rq, struct web_response *rs)
{
	struct err e = { 0 };
	int64_t id;
	const struct entity *en = addressed_record(rq, rs, 1, &id, &e);
	if (!en)
		return;
	char ref[256] = "", title[400], today[DATE_LEN];
	struct store_query q = { .id = id, .limit = 1 };
	if (access_list(rq->a, en, &q, key_row, ref, &e) || !*ref) {
		record_not_found(rq, rs);
		return;
	}
	date_today(today);
	snprintf(title, sizeof title, "%s: %s %s", i18n(rq, ended(en) ? "record.end" : "record.delete"),
		 i18n_named(rq, "one.", en->name), ref);
	page_begin(rq, rs, title, NULL);
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n<form method=\"post\" action=\"/r/%s/", title,
		    i18n(rq, ended(en) ? "record.end_intro" : "record.delete_intro"), en->name);
	html_url_part(b, ref);
	html_raw_trusted(b, "/delete\">");
	page_csrf_field(b, rq);
	if (ended(en) && en->end_field)
		html_printf(b, "<div class=\"field\"><label for=\"date\">%s</label>"
			    "<input type=\"date\" id=\"date\" name=\"date\" value=\"%s\"></div>\n",
			    i18n(rq, "record.end_date"), today);
	html_printf(b, "<p><button type=\"submit\">%s</button> <a href=\"/r/%s/",
		    i18n(rq, ended(en) ? "record.end" : "record.delete"), en->name);
	html_url_part(b, ref);
	html_printf(b, "\">%s</a></p>\n</form>\n", i18n(rq, "record.cancel"));
	page_end(rs);
}

void page_entity_remove(struct web_request *rq, struct web_response *rs)
{
	struct err e = { 0 };
	int64_t id;
	const struct entity *en = addressed_record(rq, rs, 1, &id, &e);
	if (!en)
		return;
	char ref[256] = "";
	struct store_query q = { .id = id, .limit = 1 };
	if (access_list(rq->a, en, &q, key_row, ref, &e) || !*ref) {
		record_not_found(rq, rs);
		return;
	}
	const char *date = web_form_get(rq->form, "date");
	int rc = ended(en) ? access_end(rq->a, en, ref, date && *date ? date : NULL, &e)
			   : access_delete(rq->a, en, ref, &e);
	if (rc) {
		page_error(rq, rs, !strncmp(e.msg, "refused:", 8) ? 403 : 400,
			   i18n(rq, ended(en) ? "record.not_ended" : "record.not_deleted"), e.msg);
		return;
	}
	char location[128];
	if (ended(en))
		snprintf(location, sizeof location, "/r/%s/%lld", en->name, (long long)id);
	else
		snprintf(location, sizeof location, "/r/%s", en->name);
	web_redirect(rs, location);
}
