/* page.h — the layout every HTML page shares, and the pages for errors.
 *
 * A page is page_begin (doctype, head, skip link, a header saying who is logged in and as
 * what, the navigation with only the links the role may use, <main>), the page's own content
 * with exactly one h1, and page_end.  Swedish is the interface language (lang="sv"), with the
 * words of the glossary. */
#ifndef GVI_WEB_PAGE_H
#define GVI_WEB_PAGE_H
#include "web.h"

/* Starts an HTML page in rs (status 200, text/html) titled `title`; `current` is the path of
 * the navigation entry to mark as the current page (or NULL). */
void page_begin(struct web_request *rq, struct web_response *rs, const char *title,
		const char *current);
void page_end(struct web_response *rs);
/* A whole page for an error: status, an h1 `title` and one paragraph `message`. */
void page_error(struct web_request *rq, struct web_response *rs, int status, const char *title,
		const char *message);
/* The hidden CSRF field every form of a logged-in page carries. */
void page_csrf_field(struct buf *b, const struct web_request *rq);
/* Swedish names for people: of a role, an entity (plural, for headings), a field. */
const char *page_role_sv(const char *role);
const char *page_entity_plural_sv(const struct entity *en);
const char *page_field_sv(const struct field *f);
/* A value for people: yes/no as ja/nej, age bands in Swedish, "" for none. */
const char *page_value_sv(const struct field *f, const char *v);

#endif
