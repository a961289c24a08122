/* page_register.c — a person's access register at /persons/CODE/register and their
 * registerutdrag at /persons/CODE/extract, for the data-protection officer (admin) and the
 * coordinator.
 *
 * Both are the CLI's, through the same calls of the access layer: the register is
 * access_audit_register (`gvi audit register`: admin and coordinator, audited as
 * "register"), the extract access_extract (`gvi extract`: the coordinator, audited as one
 * "extract" entry).  Only a person's code names them in the address (access_audit_person_code).
 * The policy is asked first only to answer a role that may not with a 403 page rather than an
 * error.  The extract is one page meant to be printed: the stylesheet's print rules leave the
 * header and navigation out. */
#include "html.h"
#include "page.h"
#include "policy.h"
#include "recfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The register's table: one row per audit entry, oldest first, values hidden (the access
 * layer has replaced them with the names of the fields written). */
struct register_ctx {
	struct web_request *rq;
	struct buf rows;
	long n;
};

static int register_row(void *p, const struct audit_entry *a)
{
	struct register_ctx *c = p;
	c->n++;
	html_printf(&c->rows, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
		    "<td>", a->at, a->user, i18n_named(c->rq, "role.", a->role), a->action,
		    i18n_named(c->rq, "one.", a->entity));
	if (a->record_id)
		html_printf(&c->rows, "%lld", (long long)a->record_id);
	html_printf(&c->rows, "</td><td class=\"purpose\">%s</td><td><code>%s</code></td></tr>\n",
		    a->purpose, a->detail);
	return 0;
}

static void register_table(struct web_request *rq, struct buf *b, const struct register_ctx *c)
{
	if (!c->n) {
		html_printf(b, "<p>%s</p>\n", i18n(rq, "audit.empty"));
		return;
	}
	html_printf(b, "<table id=\"register\">\n<caption>%s</caption>\n<thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    i18n(rq, "register.caption"), i18n(rq, "audit.at"), i18n(rq, "audit.user"),
		    i18n(rq, "audit.role"), i18n(rq, "audit.action"), i18n(rq, "audit.entity"),
		    i18n(rq, "audit.record"), i18n(rq, "audit.purpose"), i18n(rq, "audit.detail"));
	html_append(b, &c->rows);
	html_raw_trusted(b, "</tbody>\n</table>\n");
}

/* The person of the address, for a role the page's own check has admitted: 0, or -1 after
 * answering 404 (no person has that code). */
static int find_person(struct web_request *rq, struct web_response *rs, int64_t *id)
{
	struct err e = { 0 };
	if (access_audit_person_code(rq->a, rq->params[0], id, &e)) {
		page_error(rq, rs, 404, i18n(rq, "persons.not_found_title"), i18n(rq, "persons.not_found"));
		return -1;
	}
	return 0;
}

void page_person_register(struct web_request *rq, struct web_response *rs)
{
	if (!policy_reads_register(rq->who->role)) {
		page_refused(rq, rs, "register.refused");
		return;
	}
	int64_t id;
	if (find_person(rq, rs, &id))
		return;
	struct register_ctx c = { rq, BUF_INIT, 0 };
	struct err e = { 0 };
	if (access_audit_register(rq->a, id, register_row, &c, &e)) {
		buf_release(&c.rows);
		page_failed(rq, rs, "access register", &e);
		return;
	}
	const char *code = rq->params[0];
	char title[200];
	snprintf(title, sizeof title, "%s %s", i18n(rq, "register.title"), code);
	page_begin(rq, rs, title, NULL);
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", title, i18n(rq, "register.intro"));
	register_table(rq, b, &c);
	if (policy_extracts(rq->who->role)) {
		html_raw_trusted(b, "<p><a href=\"/persons/");
		html_url_part(b, code);
		html_printf(b, "/extract\">%s</a></p>\n", i18n(rq, "extract.link"));
	}
	page_end(rs);
	buf_release(&c.rows);
}

/* The extract's records, section by section in the order access_extract hands them out
 * (the person, then each entity naming them, then the context): a heading where the section
 * changes, a table of label and value per record. */
struct extract_ctx {
	struct web_request *rq;
	struct buf html;
	char section[64];
	long records;
	struct register_ctx reg;
};

static int extract_record(void *p, const char *section, const struct record *r)
{
	struct extract_ctx *x = p;
	struct buf *b = &x->html;
	if (strcmp(section, x->section)) {
		snprintf(x->section, sizeof x->section, "%s", section);
		if (!strcmp(section, "person"))
			html_printf(b, "<h2>%s</h2>\n", i18n(x->rq, "extract.person"));
		else if (!strcmp(section, "context"))
			html_printf(b, "<h2>%s</h2>\n", i18n(x->rq, "extract.context"));
		else
			html_printf(b, "<h2>%s</h2>\n", i18n_named(x->rq, "entity.", section));
	}
	x->records++;
	html_printf(b, "<table class=\"record\">\n<caption>%s %lld</caption>\n<tbody>\n",
		    i18n_named(x->rq, "one.", r->e->name), (long long)r->id);
	for (size_t i = 0; i < r->e->nfields; i++) {
		const struct field *f = &r->e->fields[i];
		char *list = f->type == F_LIST ? recfmt_list_text(r, i) : NULL;
		const char *v = list ? list : page_value(x->rq, f, r->v[i]);
		char pnr[16];
		if (f->type == F_PNR && r->v[i] && strlen(r->v[i]) == 12) {
			snprintf(pnr, sizeof pnr, "%.8s-%.4s", r->v[i], r->v[i] + 8);
			v = pnr;
		}
		if (v && *v)
			html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n",
				    page_field(x->rq, f), v);
		free(list);
	}
	html_raw_trusted(b, "</tbody>\n</table>\n");
	return 0;
}

static int extract_access(void *p, const struct audit_entry *a)
{
	struct extract_ctx *x = p;
	return register_row(&x->reg, a);
}

void page_person_extract(struct web_request *rq, struct web_response *rs)
{
	if (!policy_extracts(rq->who->role)) {
		page_refused(rq, rs, "extract.refused");
		return;
	}
	int64_t id;
	if (find_person(rq, rs, &id))
		return;
	struct extract_ctx x = { .rq = rq, .html = BUF_INIT, .reg = { rq, BUF_INIT, 0 } };
	struct err e = { 0 };
	/* x is the context of both callbacks: the register's rows go to x.reg. */
	if (access_extract(rq->a, id, extract_record, extract_access, &x, &e)) {
		buf_release(&x.html);
		buf_release(&x.reg.rows);
		page_failed(rq, rs, "extract", &e);
		return;
	}
	const char *code = rq->params[0];
	char title[200];
	snprintf(title, sizeof title, "%s %s", i18n(rq, "extract.title"), code);
	page_begin(rq, rs, title, NULL);
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", title, i18n(rq, "extract.intro"));
	html_append(b, &x.html);
	html_printf(b, "<h2>%s</h2>\n", i18n(rq, "extract.register"));
	register_table(rq, b, &x.reg);
	page_end(rs);
	buf_release(&x.html);
	buf_release(&x.reg.rows);
}
