/* record.h — one record of an entity, in transit between the CLI or a CSV file and the store.
 *
 * Values are held as normalised strings, one per field of the entity's descriptor (NULL =
 * empty).  A list field holds items, each with one string per sub-field.  `given` marks the
 * fields a user supplied, so an edit changes only those.  Reference fields hold what the user
 * wrote (a name, code or id) until the access layer resolves them to ids. */
#ifndef GVI_RECORD_H
#define GVI_RECORD_H
#include <stdint.h>
#include "err.h"
#include "model.h"

struct record_list {
	size_t n;
	char ***item;      /* item[i][j]: value of sub-field j of item i */
};

struct record {
	const struct entity *e;
	int64_t id;                  /* 0 until stored (or when given for import) */
	char **v;                    /* per field; NULL = no value */
	unsigned char *given;        /* per field: supplied by the user */
	struct record_list *lists;   /* per field; only F_LIST entries are used */
};

void record_init(struct record *r, const struct entity *e);
void record_release(struct record *r);
/* Empties values and lists but keeps the allocation (for the import loop). */
void record_clear(struct record *r);

/* Validates and normalises `raw` for field `name` and stores it; "" clears the field.  For a
 * list field `raw` is a whole list ("a;b", items' sub-fields separated by "|") and replaces
 * the list.  On error e says what was wrong with the value (the caller adds where). */
int record_set(struct record *r, const char *name, const char *raw, struct err *e);
int record_set_field(struct record *r, const struct field *f, const char *raw, struct err *e);
/* Appends the items of a whole list text ("a;b") to a list field. */
int record_append_list(struct record *r, const struct field *f, const char *raw, struct err *e);
/* Appends one list item ("a|b") to a list field. */
int record_add_item(struct record *r, const struct field *f, const char *raw, struct err *e);
/* Stores an already normalised value without checks (store loads, resolved references). */
void record_put(struct record *r, size_t field_index, const char *value);
void record_put_item(struct record *r, size_t field_index, const char *const *values);

const char *record_get(const struct record *r, const char *name);
const char *record_at(const struct record *r, size_t field_index);

/* Validates one raw value for a field, writing the normal form to *out (malloc'd; NULL for an
 * empty value).  References are only trimmed here. */
int value_normalise(const struct field *f, const char *raw, char **out, struct err *e);

#endif
