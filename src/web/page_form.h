/* page_form.h — HTML forms for records of any entity, driven by the descriptors of model.c.
 *
 * One function writes the labelled inputs of an entity's fields (text, dates, numbers, enum
 * and reference selects, yes/no checkboxes, list fields as "a;b" text), another reads a POSTed
 * form back into a record for access_add or access_edit.  A form's values travel as one
 * string per field (form_values), so the same page can be shown empty, filled from a stored
 * record, or again as the user sent it with the error next to the field it names.  Nothing
 * here writes: the access layer decides and validates, and its message is what is shown. */
#ifndef GVI_WEB_PAGE_FORM_H
#define GVI_WEB_PAGE_FORM_H
#include "page.h"

/* The raw text of each field of an entity, as a form shows or sent it (NULL: empty). */
struct form_values {
	const struct entity *en;
	char **v;   /* per field of en, malloc'd */
};

void form_values_init(struct form_values *fv, const struct entity *en);
void form_values_release(struct form_values *fv);
/* Fills fv from a stored record as the access layer hands it out (references as keys or ids,
 * lists as "a;b" text). */
void form_values_from_record(struct form_values *fv, const struct record *r);
/* Fills fv from the POSTed form: the field f is read from the form field prefix+f->name.  A
 * yes/no field is shown as a checkbox, so its absence means "no". */
void form_values_from_post(struct form_values *fv, const struct web_request *rq,
			   const char *prefix);

/* Is field f one a form offers to the acting user?  Not derived fields, and a secret field
 * (the personnummer) only to roles that may see it. */
int form_field_offered(const struct web_request *rq, const struct entity *en, const struct field *f);

/* The error shown next to a field: its field (NULL: for the whole form) and the message. */
struct form_error {
	const struct field *field;
	const char *prefix;     /* the input names' prefix of the row the error belongs to */
	char msg[2100];
};

/* Writes the labelled inputs of the fields offered (form_field_offered), named prefix+field,
 * with the values of fv.  `edit`: a secret field is left empty ("leave empty to keep").
 * `skip` (NULL-terminated, may be NULL) names fields not to write (e.g. a row's incident).
 * err, when it names a field of this prefix, is shown next to that input (aria-describedby).
 * Returns 0, or -1 with e set when a reference list could not be read. */
int form_fields(struct web_request *rq, struct buf *b, const struct form_values *fv,
		const char *prefix, int edit, const char *const *skip, const struct form_error *err,
		struct err *e);
/* The value of one field as an input (select, checkbox, text…) with id and name prefix+name,
 * without a label; for tables of rows.  `label_id`: the id of the element labelling it (a
 * column header), or NULL. */
int form_input(struct web_request *rq, struct buf *b, const struct field *f, const char *prefix,
	       const char *value, int invalid, const char *label_id, struct err *e);

/* Sets the fields of r from fv: for a new record the non-empty ones, for an edit every offered
 * field the form sent (an empty value clears it; a secret field only when one is given; a
 * field absent from the form stays as it is — but a yes/no checkbox absent means "no").  Returns 0, or -1
 * with err naming the field and the model's message. */
int form_to_record(const struct web_request *rq, const struct form_values *fv, struct record *r,
		   int edit, const char *const *skip, struct form_error *err);
/* Fills err from a message of the access layer: the field it names, when it names one of en's
 * ("until (…) is before since", "place: too long"), else the whole form. */
void form_error_from(struct form_error *err, const struct entity *en, const char *prefix,
		     const char *msg);

/* Where a reference to a record of entity `ref` with display value v links to: the person,
 * group and incident pages, or the generic /r/ENTITY/ID page; NULL when the role may not read
 * it.  Appends the escaped href to b and returns 1, or 0 (nothing appended). */
int form_ref_href(const struct web_request *rq, struct buf *b, const char *ref, const char *v);

/* How a reference value is shown: an incident type by its Swedish name (label_sv) on Swedish
 * pages, anything else as it is.  out (at least 256 bytes) may hold the text returned. */
const char *form_ref_label(struct web_request *rq, const struct field *f, const char *v,
			   char *out, size_t n);

#endif
