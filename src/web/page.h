/* page.h — the layout every HTML page shares, and the pages for errors.
 *
 * A page is page_begin (doctype, head, skip link, a header saying who is logged in and as
 * what, the navigation with only the links the role may use, <main>), the page's own content
 * with exactly one h1, and page_end.  Swedish is the interface language (lang="sv"), with the
 * words of the glossary. */
#ifndef GVI_WEB_PAGE_H
#define GVI_WEB_PAGE_H
#include "i18n.h"
#include "web.h"

struct table;

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
/* The same in the request's language (i18n.h): a field's label; a value, with yes/no and
 * the choices of enum fields translated. */
const char *page_field(const struct web_request *rq, const struct field *f);
const char *page_value(const struct web_request *rq, const struct field *f, const char *v);

/* Error pages whose message is the catalogue's text for key: 400, 403 (NULL: a general
 * refusal) and 500 (which also writes what failed and e's message to the server's log). */
void page_bad_request(struct web_request *rq, struct web_response *rs, const char *key);
void page_refused(struct web_request *rq, struct web_response *rs, const char *key);
void page_failed(struct web_request *rq, struct web_response *rs, const char *what,
		 const struct err *e);

/* ---- what every list page shares ---- */
#define PAGE_ROWS 50
#define PAGE_MAX 100000
/* Reads ?page= (1..PAGE_MAX, default 1) and ?format= ("csv" or absent).  Returns 0, or -1
 * after answering 400 in rs. */
int page_list_args(struct web_request *rq, struct web_response *rs, long *page, int *csv);
/* The previous/next links (when there are such pages) and the "Exportera CSV" link of a list
 * at path; query holds the list's other arguments, escaped, each ending in "&amp;". */
void page_list_footer(const struct web_request *rq, struct buf *b, const char *path,
		      const struct buf *query, long page, int more);
/* Replaces rs with the CSV text of t (text/csv, header row first). */
void page_csv(struct web_response *rs, const struct table *t);
/* The same, sent as a download: Content-Disposition: attachment; filename="NAME.csv" (name is
 * the program's own, [a-z-]). */
void page_csv_file(struct web_response *rs, const struct table *t, const char *name);

/* ---- detail pages ---- */
/* A section (h2 and a table) of the records of `entity` whose field where_fields[i] (any of
 * them, NULL-terminated) is `value` (a reference as the access layer resolves it), with the
 * given columns: fields of the entity, or PAGE_OTHER_GROUP for a relation's other group.
 * References to persons, groups and incidents become links where the role may read them.  A
 * role that may not read the entity gets "not shown to your role".  anchor: the h2's id.
 * Returns 0, or -1 with e set. */
#define PAGE_OTHER_GROUP "-other-group"
int page_related(struct web_request *rq, struct buf *b, const char *anchor, const char *entity,
		 const char *const *where_fields, const char *value, const char *const *columns,
		 struct err *e);
/* Record id of en as a table of label and value, read with access_show (so audited as a read
 * when it is personal).  Returns 0, or -1 (e set, or the record was not there). */
int page_record(struct web_request *rq, struct buf *b, const struct entity *en, int64_t id,
		struct err *e);

/* The handlers of the group, incident, audit-log and language pages.  (Declared here, not
 * in web.h, while web.h is being changed for the API; they belong there in time.) */
void page_groups(struct web_request *rq, struct web_response *rs);
void page_group(struct web_request *rq, struct web_response *rs);
void page_incidents(struct web_request *rq, struct web_response *rs);
void page_incident(struct web_request *rq, struct web_response *rs);
void page_audit(struct web_request *rq, struct web_response *rs);
void page_audit_verify(struct web_request *rq, struct web_response *rs);
/* A person's access register and registerutdrag (page_register.c). */
void page_person_register(struct web_request *rq, struct web_response *rs);
void page_person_extract(struct web_request *rq, struct web_response *rs);
void page_evaluate(struct web_request *rq, struct web_response *rs);          /* page_evaluate.c: /utvardering */
void page_evaluate_report(struct web_request *rq, struct web_response *rs);   /* /utvardering/rapport */
void page_lang(struct web_request *rq, struct web_response *rs);

/* The generic pages of every entity under /r/ (page_entity.c), the incident entry form with
 * involvements (page_incident_form.c), a call-in's invitations and attendance
 * (page_callin.c), the favicon (static.c). */
void page_entities(struct web_request *rq, struct web_response *rs);
void page_entity_list(struct web_request *rq, struct web_response *rs);
void page_entity_show(struct web_request *rq, struct web_response *rs);
void page_entity_new(struct web_request *rq, struct web_response *rs);
void page_entity_add(struct web_request *rq, struct web_response *rs);
void page_entity_edit(struct web_request *rq, struct web_response *rs);
void page_entity_save(struct web_request *rq, struct web_response *rs);
void page_entity_remove_form(struct web_request *rq, struct web_response *rs);
void page_entity_remove(struct web_request *rq, struct web_response *rs);
void page_incident_form(struct web_request *rq, struct web_response *rs);
void page_incident_add(struct web_request *rq, struct web_response *rs);
void page_callin_mark(struct web_request *rq, struct web_response *rs);
void web_favicon(struct web_request *rq, struct web_response *rs);
/* The invitation list of call-in id with a form per invitee to mark attendance (for roles
 * that may write invitations), appended to b.  Returns 0, or -1 with e set. */
int page_callin_attendance(struct web_request *rq, struct buf *b, int64_t id, struct err *e);
/* A person's timeline (page_timeline.c): every record the role may read that names the
 * person `code`, newest first, as a section appended to b.  Returns 0, or -1 with e set. */
int page_timeline(struct web_request *rq, struct buf *b, const char *code, struct err *e);

/* Appends "name=value&amp;" for each pair with a non-empty value (URL-encoded, HTML-escaped):
 * the filter part of pagination links. */
void page_query_string(struct buf *q, const char *const args[][2], size_t n);

#endif
