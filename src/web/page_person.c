/* page_person.c — "Personer": the list at /persons and one person's record at /persons/CODE.
 *
 * The list shows only the pseudonymous code, the age band and the area — never a name or a
 * personnummer — paginated, with a search by name, alias or code that the access layer runs
 * (store_query.search).  The record page is access_show, so it is audited as a read exactly as
 * `gvi person show` is, and shows what the role may see (the personnummer only to roles that
 * may).  A role that may not read persons is refused with a 403 page. */
#include "html.h"
#include "page.h"
#include "policy.h"
#include "recfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE 50
#define SEARCH_MAX 200

static const char refused[] = "Din roll får inte läsa personuppgifter. Kontakta programmets "
			      "samordnare om du behöver tillgång.";

struct list_ctx {
	struct buf rows;
	long n;
};

static int list_row(void *p, const struct record *r)
{
	struct list_ctx *c = p;
	if (++c->n > PAGE_SIZE)
		return 0;   /* one more than a page: there is a next page */
	const struct field *band = model_field(r->e, "age_band");
	const char *code = record_get(r, "code");
	html_raw_trusted(&c->rows, "<tr><th scope=\"row\"><a href=\"/persons/");
	html_url_part(&c->rows, code);
	html_printf(&c->rows, "\">%s</a></th><td>%s</td><td>%s</td></tr>\n", code,
		    page_value_sv(band, record_get(r, "age_band")), record_get(r, "area"));
	return 0;
}

static void page_link(struct buf *b, const char *search, long page, const char *rel,
		      const char *label)
{
	html_raw_trusted(b, "<a href=\"/persons?");
	if (*search) {
		html_raw_trusted(b, "q=");
		html_url_part(b, search);
		html_raw_trusted(b, "&amp;");
	}
	html_printf(b, "page=%ld\" rel=\"%s\">%s</a>", page, rel, label);
}

void page_persons(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = model_entity("person");
	if (!access_may_read(rq->a, en)) {
		page_error(rq, rs, 403, "Åtkomst nekad", refused);
		return;
	}
	char search[SEARCH_MAX + 1] = "", pagetext[16] = "1";
	if (web_query(rq, "q", search, sizeof search) < 0 ||
	    web_query(rq, "page", pagetext, sizeof pagetext) < 0) {
		page_error(rq, rs, 400, "Felaktig förfrågan", "Sökningen kunde inte läsas.");
		return;
	}
	char *end;
	long page = strtol(pagetext, &end, 10);
	if (*end || page < 1 || page > 1000000)
		page = 1;
	struct list_ctx c = { BUF_INIT, 0 };
	struct err e = { 0 };
	struct store_query q = { .search = *search ? search : NULL, .order_field = "code",
				 .limit = PAGE_SIZE + 1, .offset = (page - 1) * PAGE_SIZE };
	if (access_list(rq->a, en, &q, list_row, &c, &e)) {
		buf_release(&c.rows);
		fprintf(stderr, "gvi serve: persons: %s\n", e.msg);
		page_error(rq, rs, 500, "Tekniskt fel", "Personerna kunde inte visas just nu.");
		return;
	}
	page_begin(rq, rs, "Personer", "/persons");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>Personer</h1>\n<form method=\"get\" action=\"/persons\" role=\"search\">\n"
		    "<p><label for=\"q\">Sök på namn, alias eller kod</label>\n"
		    "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\">\n"
		    "<button type=\"submit\">Sök</button></p>\n</form>\n", search);
	if (c.n == 0) {
		html_raw_trusted(b, *search ? "<p>Ingen person matchar sökningen.</p>\n"
					    : "<p>Inga personer är registrerade.</p>\n");
	} else {
		html_printf(b, "<table>\n<caption>Personer, sida %ld</caption>\n<thead><tr>"
			    "<th scope=\"col\">Kod</th><th scope=\"col\">Åldersgrupp</th>"
			    "<th scope=\"col\">Område</th></tr></thead>\n<tbody>\n", page);
		html_append(b, &c.rows);
		html_raw_trusted(b, "</tbody>\n</table>\n");
	}
	if (page > 1 || c.n > PAGE_SIZE) {
		html_raw_trusted(b, "<nav aria-label=\"Sidor\" class=\"pages\"><p>");
		if (page > 1)
			page_link(b, search, page - 1, "prev", "Föregående sida");
		if (c.n > PAGE_SIZE)
			page_link(b, search, page + 1, "next", "Nästa sida");
		html_raw_trusted(b, "</p></nav>\n");
	}
	page_end(rs);
	buf_release(&c.rows);
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
		page_error(rq, rs, 403, "Åtkomst nekad", refused);
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
		page_error(rq, rs, 404, "Personen finns inte", "Det finns ingen person med den koden.");
		return;
	}
	struct show_ctx c = { rq, BUF_INIT, 0 };
	if (access_show(rq->a, en, id, show_row, &c, &e) || c.n != 1) {
		buf_release(&c.rows);
		fprintf(stderr, "gvi serve: person: %s\n", e.msg);
		page_error(rq, rs, 500, "Tekniskt fel", "Personen kunde inte visas just nu.");
		return;
	}
	/* Then everything else the role may see about the person, as one timeline. */
	struct buf timeline = BUF_INIT;
	if (page_timeline(rq, &timeline, code, &e)) {
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
