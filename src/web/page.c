/* page.c — the shared layout, error pages, labels and the parts every list page shares
 * (see page.h).
 *
 * The navigation is a table of {path, label key, entity}: an entry is shown only when the
 * acting user may read its entity, asked of the access layer (for the audit log: of the
 * policy), so a link never leads to a refusal.  Every text comes from the catalogue (i18n.c)
 * in the language of the `lang` cookie. */
#include "page.h"
#include "html.h"
#include "page_form.h"
#include "policy.h"
#include "recfmt.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUDIT_NAV "-audit"   /* not an entity: shown to roles that read the audit log */
#define ANALYSIS_NAV "-analysis"   /* roles whose analyses may rest on the incident review */
#define EVALUATION_NAV "-evaluation"   /* roles that may have counts of incidents (every role) */

static const struct nav_entry {
	const char *path, *label, *entity;   /* entity NULL: for every logged-in user */
} nav[] = {
	{ "/", "nav.home", NULL },
	{ "/groups", "nav.groups", "group" },
	{ "/persons", "nav.persons", "person" },
	{ "/incidents", "nav.incidents", "incident" },
	{ "/r/notification", "nav.notifications", "notification" },
	{ "/r/callin", "nav.callins", "callin" },
	{ "/r/enforcement", "nav.enforcement", "enforcement" },
	{ "/r/referral", "nav.referrals", "referral" },
	{ "/cases", "nav.cases", "response-case" },
	{ "/tasks", "nav.tasks", "task" },
	{ "/kpi", "nav.kpi", NULL },
	{ "/r", "nav.records", NULL },
	{ "/audit", "nav.audit", AUDIT_NAV },
	{ "/analys", "nav.analysis", ANALYSIS_NAV },
	{ "/utvardering", "nav.evaluation", EVALUATION_NAV },
};

static int nav_shown(const struct web_request *rq, const struct nav_entry *n)
{
	if (!n->entity)
		return 1;
	if (!strcmp(n->entity, AUDIT_NAV))
		return policy_reads_audit(rq->who->role);
	if (!strcmp(n->entity, EVALUATION_NAV))
		return policy_reads_aggregates(rq->who->role, model_entity("incident"));
	if (!strcmp(n->entity, ANALYSIS_NAV))
		return access_may_read(rq->a, model_entity("incident")) ||
		       policy_counts_unreadable(rq->who->role, model_entity("incident"));
	return access_may_read(rq->a, model_entity(n->entity));
}

void page_begin(struct web_request *rq, struct web_response *rs, const char *title,
		const char *current)
{
	struct buf *b = &rs->body;
	rs->status = 200;
	rs->type = "text/html; charset=utf-8";
	enum i18n_lang lang = i18n_lang(rq);
	rs->lang = (int)lang;
	char programme[256] = "";
	if (rq->a)
		access_programme(rq->a, programme, sizeof programme);
	html_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>%s · gvi</title>\n<link rel=\"stylesheet\" href=\"/static/gvi.css\">\n"
		    "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
		    "</head>\n<body>\n<a class=\"skip\" href=\"#main\">%s</a>\n"
		    "<header class=\"site\">\n<p class=\"brand\"><a href=\"/\">gvi</a>",
		    i18n_code(lang), title, i18n_get(lang, "layout.skip"));
	if (*programme)
		html_printf(b, " <span class=\"programme\">%s</span>", programme);
	html_raw_trusted(b, "</p>\n");
	/* The switch to the other language, coming back to this page (its path only). */
	html_printf(b, "<p class=\"lang\"><a href=\"/lang?to=%s&amp;back=",
		    lang == I18N_EN ? "sv" : "en");
	html_url_part(b, rq->path ? rq->path : "/");
	html_printf(b, "\" lang=\"%s\">%s</a></p>\n", lang == I18N_EN ? "sv" : "en",
		    i18n_get(lang, "layout.lang_switch"));
	if (rq->who) {
		html_printf(b, "<div class=\"who\"><p>%s <strong>%s</strong> (%s, %s)</p>\n",
			    i18n_get(lang, "layout.logged_in_as"), rq->who->name,
			    i18n_named(rq, "role.", rq->who->role), rq->who->agency);
		if (rq->purpose)   /* the session's purpose of access, and where to change it */
			html_printf(b, "<p>%s: <a href=\"/purpose\">%s</a></p>\n",
				    i18n_get(lang, "layout.purpose"), rq->purpose);
		html_raw_trusted(b, "<form method=\"post\" action=\"/logout\">");
		page_csrf_field(b, rq);
		html_printf(b, "<button type=\"submit\">%s</button></form></div>\n",
			    i18n_get(lang, "layout.logout"));
	}
	html_raw_trusted(b, "</header>\n");
	if (rq->who) {
		html_printf(b, "<nav aria-label=\"%s\">\n<ul>\n", i18n_get(lang, "layout.menu"));
		for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
			if (!nav_shown(rq, &nav[i]))
				continue;
			int here = current && !strcmp(current, nav[i].path);
			html_printf(b, "<li><a href=\"%s\"", nav[i].path);
			if (here)
				html_raw_trusted(b, " aria-current=\"page\"");
			html_printf(b, ">%s</a></li>\n", i18n_get(lang, nav[i].label));
		}
		html_raw_trusted(b, "</ul>\n</nav>\n");
	}
	html_raw_trusted(b, "<main id=\"main\" tabindex=\"-1\">\n");
}

void page_end(struct web_response *rs)
{
	/* In the language page_begin chose (kept in the response: page_end has no request). */
	html_printf(&rs->body, "</main>\n<footer><p>%s</p></footer>\n</body>\n</html>\n",
		    i18n_get(rs->lang == I18N_EN ? I18N_EN : I18N_SV, "layout.footer"));
}

void page_error(struct web_request *rq, struct web_response *rs, int status, const char *title,
		const char *message)
{
	buf_reset(&rs->body);
	page_begin(rq, rs, title, NULL);
	rs->status = status;
	html_printf(&rs->body, "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/\">%s</a></p>\n",
		    title, message, i18n(rq, "common.back_home"));
	page_end(rs);
}

void page_csrf_field(struct buf *b, const struct web_request *rq)
{
	html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", rq->csrf ? rq->csrf : "");
}

const char *page_role_sv(const char *role)
{
	return i18n_named_sv("role.", role);
}

const char *page_entity_plural_sv(const struct entity *en)
{
	const char *s = i18n_named_sv("entity.", en->name);
	return s == en->name ? en->title_sv : s;
}

const char *page_field_sv(const struct field *f)
{
	return i18n_named_sv("field.", f->name);
}

const char *page_field(const struct web_request *rq, const struct field *f)
{
	return i18n_named(rq, "field.", f->name);
}

const char *page_value_sv(const struct field *f, const char *v)
{
	if (!v)
		return "";
	if (f->type == F_BOOL)
		return !strcmp(v, "1") ? "ja" : "nej";
	if (!strcmp(f->name, "age_band")) {
		if (!strcmp(v, "under 18"))
			return "under 18 år";
		if (!strcmp(v, "under 21"))
			return "under 21 år";
		if (!strcmp(v, "adult"))
			return "vuxen";
	}
	return v;
}

const char *page_value(const struct web_request *rq, const struct field *f, const char *v)
{
	if (!v)
		return "";
	if (f->type == F_BOOL)
		return i18n(rq, !strcmp(v, "1") ? "val.yes" : "val.no");
	if (f->type == F_ENUM)
		return i18n_named(rq, "val.", v);
	return i18n_lang(rq) == I18N_SV ? page_value_sv(f, v) : v;
}

void page_bad_request(struct web_request *rq, struct web_response *rs, const char *key)
{
	page_error(rq, rs, 400, i18n(rq, "bad.title"), i18n(rq, key));
}

void page_refused(struct web_request *rq, struct web_response *rs, const char *key)
{
	page_error(rq, rs, 403, i18n(rq, "common.denied"), i18n(rq, key ? key : "common.refused"));
}

void page_failed(struct web_request *rq, struct web_response *rs, const char *what,
		 const struct err *e)
{
	fprintf(stderr, "gvi serve: %s: %s\n", what, e->msg);
	page_error(rq, rs, 500, i18n(rq, "common.error"), i18n(rq, "common.error_text"));
}

int page_list_args(struct web_request *rq, struct web_response *rs, long *page, int *csv)
{
	char text[16] = "1", format[8] = "";
	int rp = web_query(rq, "page", text, sizeof text);
	int rf = web_query(rq, "format", format, sizeof format);
	if (rf < 0 || (rf > 0 && *format && strcmp(format, "csv"))) {
		page_bad_request(rq, rs, "bad.format");
		return -1;
	}
	char *end;
	long n = strtol(text, &end, 10);
	if (rp < 0 || end == text || *end || n < 1 || n > PAGE_MAX) {
		page_bad_request(rq, rs, "bad.page");
		return -1;
	}
	*page = n;
	*csv = rf > 0 && !strcmp(format, "csv");
	return 0;
}

/* A link to page n of path with the list's query (already escaped, ending in "&amp;"). */
static void pager_link(struct buf *b, const char *path, const struct buf *query, long n,
		       const char *rel, const char *label)
{
	html_printf(b, "<a href=\"%s?", path);
	html_append(b, query);
	html_printf(b, "page=%ld\" rel=\"%s\">%s</a> ", n, rel, label);
}

void page_list_footer(const struct web_request *rq, struct buf *b, const char *path,
		      const struct buf *query, long page, int more)
{
	if (page > 1 || more) {
		html_printf(b, "<nav aria-label=\"%s\" class=\"pages\"><p>", i18n(rq, "common.pages"));
		if (page > 1)
			pager_link(b, path, query, page - 1, "prev", i18n(rq, "common.prev"));
		if (more)
			pager_link(b, path, query, page + 1, "next", i18n(rq, "common.next"));
		html_raw_trusted(b, "</p></nav>\n");
	}
	html_printf(b, "<p class=\"export\"><a href=\"%s?", path);
	html_append(b, query);
	html_printf(b, "format=csv\" download>%s</a></p>\n", i18n(rq, "common.csv"));
}

void page_csv_file(struct web_response *rs, const struct table *t, const char *name)
{
	page_csv(rs, t);
	snprintf(rs->disposition, sizeof rs->disposition, "attachment; filename=\"%s.csv\"", name);
}

void page_csv(struct web_response *rs, const struct table *t)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int bad = !f;
	if (f) {
		bad = table_print(t, f, TABLE_CSV) != 0;
		bad |= fclose(f) != 0;
	}
	buf_reset(&rs->body);
	if (bad)
		rs->body.failed = 1;   /* the server answers 500 */
	else
		buf_add(&rs->body, text, len);
	free(text);
	rs->status = 200;
	rs->type = "text/csv; charset=utf-8";
}

/* ---- related records on a detail page ---- */

struct related {
	struct web_request *rq;
	const struct entity *en;
	const char *const *columns;
	const char *self;
	struct buf rows;
	long n;
};

/* Writes value v of field f as a cell; a reference to a person, group or incident is a link
 * when the role may read what it names. */
static void related_cell(struct related *c, const struct field *f, const char *v)
{
	struct buf *b = &c->rows;
	static const char *const linked[][2] = {
		{ "person", "/persons/" }, { "group", "/groups/" }, { "incident", "/incidents/" },
	};
	if (f->type == F_REF && v) {
		for (size_t i = 0; i < sizeof linked / sizeof linked[0]; i++) {
			if (strcmp(f->ref, linked[i][0]) ||
			    !access_may_read(c->rq->a, model_entity(f->ref)))
				continue;
			html_printf(b, "<td><a href=\"%s", linked[i][1]);
			html_url_part(b, v);
			html_printf(b, "\">%s</a></td>", v);
			return;
		}
	}
	html_printf(b, "<td>%s</td>", page_value(c->rq, f, v));
}

static int related_row(void *p, const struct record *r)
{
	struct related *c = p;
	html_raw_trusted(&c->rows, "<tr>");
	for (size_t k = 0; c->columns[k]; k++) {
		const char *col = c->columns[k];
		if (!strcmp(col, PAGE_OTHER_GROUP)) {
			/* A relation seen from one of its groups: the other one. */
			const char *a = record_get(r, "group_a"), *o = record_get(r, "group_b");
			if (c->self && o && !strcmp(o, c->self))
				o = a;
			related_cell(c, model_field(r->e, "group_a"), o);
			continue;
		}
		const struct field *f = model_field(r->e, col);
		if (f->type == F_LIST) {
			char *list = recfmt_list_text(r, model_field_index(r->e, f));
			html_printf(&c->rows, "<td>%s</td>", list);
			free(list);
		} else {
			related_cell(c, f, record_get(r, col));
		}
	}
	html_raw_trusted(&c->rows, "</tr>\n");
	c->n++;
	return 0;
}

int page_related(struct web_request *rq, struct buf *b, const char *anchor, const char *entity,
		 const char *const *where_fields, const char *value, const char *const *columns,
		 struct err *e)
{
	const struct entity *en = model_entity(entity);
	html_printf(b, "<section aria-labelledby=\"%s\">\n<h2 id=\"%s\">%s</h2>\n", anchor, anchor,
		    i18n_named(rq, "entity.", entity));
	if (!access_may_read(rq->a, en)) {
		html_printf(b, "<p>%s</p>\n</section>\n", i18n(rq, "common.not_shown"));
		return 0;
	}
	struct related c = { rq, en, columns, value, BUF_INIT, 0 };
	int rc = 0;
	for (size_t i = 0; where_fields[i] && !rc; i++) {
		struct record where;
		record_init(&where, en);
		struct store_query q = { .where = &where };
		rc = record_set(&where, where_fields[i], value, e) ||
		     access_list(rq->a, en, &q, related_row, &c, e);
		record_release(&where);
	}
	if (!rc && c.n == 0) {
		html_printf(b, "<p>%s</p>\n", i18n(rq, "common.none"));
	} else if (!rc) {
		html_printf(b, "<table>\n<caption>%s</caption>\n<thead><tr>",
			    i18n_named(rq, "entity.", entity));
		for (size_t k = 0; columns[k]; k++)
			html_printf(b, "<th scope=\"col\">%s</th>", !strcmp(columns[k], PAGE_OTHER_GROUP)
				    ? i18n(rq, "field.other_group")
				    : page_field(rq, model_field(en, columns[k])));
		html_raw_trusted(b, "</tr></thead>\n<tbody>\n");
		html_append(b, &c.rows);
		html_raw_trusted(b, "</tbody>\n</table>\n");
	}
	html_raw_trusted(b, "</section>\n");
	buf_release(&c.rows);
	return rc ? -1 : 0;
}

/* ---- one record as a table of label and value ---- */

struct record_rows {
	struct web_request *rq;
	struct buf *b;
	int n;
};

static int record_row(void *p, const struct record *r)
{
	struct record_rows *c = p;
	c->n++;
	for (size_t i = 0; i < r->e->nfields; i++) {
		const struct field *f = &r->e->fields[i];
		char *list = f->type == F_LIST ? recfmt_list_text(r, i) : NULL;
		char label[256];   /* an incident type by its Swedish name */
		const char *v = f->type == F_REF ? form_ref_label(c->rq, f, r->v[i], label, sizeof label)
						 : page_value(c->rq, f, r->v[i]);
		html_printf(c->b, "<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n", page_field(c->rq, f),
			    list ? list : v);
		free(list);
	}
	return 0;
}

int page_record(struct web_request *rq, struct buf *b, const struct entity *en, int64_t id,
		struct err *e)
{
	struct record_rows c = { rq, b, 0 };
	html_raw_trusted(b, "<table class=\"record\">\n<tbody>\n");
	int rc = access_show(rq->a, en, id, record_row, &c, e);
	html_raw_trusted(b, "</tbody>\n</table>\n");
	return rc || c.n != 1 ? -1 : 0;
}

void page_query_string(struct buf *q, const char *const args[][2], size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!*args[i][1])
			continue;
		html_printf(q, "%s=", args[i][0]);
		html_url_part(q, args[i][1]);
		html_raw_trusted(q, "&amp;");
	}
}
