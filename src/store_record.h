/* store_record.h — reading and writing records of any entity, SQL generated from model.c.
 *
 * These functions do no access control and no auditing: only access.c calls them (the
 * access-policy and audit layer); nothing else in gvi may.  Values in records passed in are
 * normalised and references resolved to ids.  Records handed out by store_record_each carry
 * display values: references as the referred record's key (a name, a person's code) or id,
 * derived fields filled in. */
#ifndef GVI_STORE_RECORD_H
#define GVI_STORE_RECORD_H
#include <stdint.h>
#include "record.h"
#include "store.h"

/* The SQL column of a field: its name, or name_id for a reference. */
void store_column(const struct field *f, char *out, size_t n);

/* Inserts r (r->id 0 → a new id is assigned into r->id; otherwise that id is used).
 * Returns 0, STORE_DUPLICATE or -1. */
int store_record_insert(struct store *s, struct record *r, struct err *e);
/* Bulk appends.  Between store_bulk_begin and store_bulk_end, new records of a keyless entity
 * without list fields (incident, involvement, …) whose table was empty at the start are
 * gathered and written STORE_BULK_ROWS at a time in one multi-row INSERT: store_record_insert
 * then assigns the id SQLite would (one more than the largest) and returns at once.  A row
 * that fails when its group is written is found by writing that group row by row:
 * store_bulk_flush and store_bulk_end then return STORE_BULK_FAILED and the failing record's
 * id in *failed_id, with e saying why.  Other entities, records with an explicit id and
 * tables that were not empty are written as usual. */
#define STORE_BULK_ROWS 64
#define STORE_BULK_FAILED (-3)
int store_bulk_begin(struct store *s, const struct entity *en, struct err *e);
int store_bulk_end(struct store *s, int64_t *failed_id, struct err *e);
/* The id of the record whose write failed (after STORE_BULK_FAILED from an insert). */
int64_t store_bulk_failed_id(void);
/* Drops the buffered rows without writing them (the transaction is being rolled back). */
void store_bulk_discard(struct store *s);

/* Updates the fields marked given in r, for record r->id. */
int store_record_update(struct store *s, const struct record *r, struct err *e);
int store_record_delete(struct store *s, const struct entity *en, int64_t id, struct err *e);
/* Deletes every record of en whose reference field f names record id (their list items go
 * with them).  Returns how many, or -1. */
long store_record_delete_by_ref(struct store *s, const struct entity *en, const struct field *f,
				int64_t id, struct err *e);
/* The ids of the records of en whose reference field f names record id, into *ids (malloc'd,
 * the caller frees).  Returns how many, or -1. */
long store_record_ids_by_ref(struct store *s, const struct entity *en, const struct field *f,
			     int64_t id, int64_t **ids, struct err *e);
/* Loads the stored values (references as ids) of record id into out, which must be
 * initialised for entity en.  Returns 1 found, 0 not found, -1 error. */
int store_record_load(struct store *s, const struct entity *en, int64_t id, struct record *out,
		      struct err *e);

/* Finds the id of a record of `target` named by `raw`: its key (name, person code), its id,
 * or an unambiguous name.  Returns 0 with *id, or -1 with a message. */
int store_ref_find(struct store *s, const struct entity *target, const char *raw, int64_t *id,
		   struct err *e);
/* The same, saying how the record was found. */
enum store_ref_how { STORE_REF_BY_KEY, STORE_REF_BY_ID, STORE_REF_BY_NAME };
int store_ref_find_how(struct store *s, const struct entity *target, const char *raw, int64_t *id,
		       enum store_ref_how *how, struct err *e);
/* How many records of each entity refer to record id of `target`; writes a description such
 * as "4 memberships, 1 incident" into out (empty if none). Returns the total. */
long store_ref_count(struct store *s, const struct entity *target, int64_t id, char *out, size_t n,
		     struct err *e);

/* All ids of en's table as a bitmap (bit i set = id i exists); *nbits is one more than the
 * highest id.  For bulk imports that name many records of a keyless entity by id.  The
 * caller frees *bits. */
int store_record_ids(struct store *s, const struct entity *en, unsigned char **bits, int64_t *nbits,
		     struct err *e);

struct store_query {
	int64_t id;                  /* one record only, if non-zero */
	const char *search;          /* name, alias, code or key contains this (case-insensitive) */
	const struct record *where;  /* fields marked given must equal (references as ids) */
	const char *before_field;    /* with `before`: that field's value sorts before it */
	const char *before;          /*   (dates: earlier than; e.g. review before today) */
	const char *after_field;     /* with `after`: that field's value sorts at or after it */
	const char *after;           /*   (dates: on or after; the start of a period) */
	int descending;              /* newest (highest id, or latest `order_field`) first */
	const char *order_field;     /* order by this field, then id */
	long limit;                  /* 0 = no limit */
	long offset;
	int without_lists;           /* list fields left empty (for a listing that shows none) */
};

typedef int (*store_row_fn)(void *ctx, const struct record *r);
/* Calls fn for each matching record in id order; fn returning non-zero stops (and is
 * returned). */
int store_record_each(struct store *s, const struct entity *en, const struct store_query *q,
		      store_row_fn fn, void *ctx, struct err *e);
long store_record_count(struct store *s, const struct entity *en, struct err *e);
/* The number of records of each of ens[0..n-1] into out[], in one statement (one snapshot).
 * Returns 0 or -1. */
int store_record_counts(struct store *s, const struct entity *const *ens, size_t n, long *out,
			struct err *e);

/* Checks every entity's table has every column model.c names (a bug guard: schema.c and
 * model.c must agree). */
int store_check_schema(struct store *s, struct err *e);

#endif
