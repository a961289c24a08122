/* access.h — the access-policy and audit layer: the only way to the data.
 *
 * The CLI commands (and later the web handlers and the analyses) open an access handle as a
 * named user and do everything through it.  Each call checks policy.c for the user's role,
 * resolves references, fills defaults, validates the rules of the model, writes inside a
 * transaction and appends to the audit log in that same transaction: a write and its audit
 * entry land together or not at all.  Reading a full personal record (show) is audited too. */
#ifndef GVI_ACCESS_H
#define GVI_ACCESS_H
#include <stdint.h>
#include "audit.h"
#include "record.h"
#include "store_record.h"

struct actor {
	int64_t id;
	char name[128];
	char role[32];
	int64_t agency_id;
	char agency[256];
};

struct access;

/* Opens the repository at `path` as user `user` (must exist and not be disabled). */
int access_open(struct access **out, const char *path, const char *user, int writable, struct err *e);
/* Creates a new repository with its first admin user (and that user's agency) and the
 * default configuration lists, all audited as done by that admin. */
int access_init(const char *path, const char *admin, const char *agency, const char *programme,
		struct err *e);
void access_close(struct access *a);   /* accepts NULL; rolls back an open batch */
const struct actor *access_actor(const struct access *a);
const char *access_path(const struct access *a);
/* The programme's name as given to gvi init. */
void access_programme(struct access *a, char *out, size_t n);

/* A batch: every write until access_commit lands as one transaction.  With `bulk`, writes are
 * not audited one by one; the caller appends one summary entry (access_audit_bulk). */
int access_begin(struct access *a, int bulk, struct err *e);
int access_commit(struct access *a, struct err *e);
void access_rollback(struct access *a);
int access_audit_bulk(struct access *a, const char *action, const struct entity *en,
		      const char *detail_json, struct err *e);

/* Within a bulk batch, before adding many records of en: if its table is empty, its indexes
 * are built once at access_bulk_entity_end instead of row by row.  End returns
 * STORE_DUPLICATE with *dup_id (the later of two rows the unique index refuses) and e set. */
int access_bulk_entity_begin(struct access *a, const struct entity *en, struct err *e);
int access_bulk_entity_end(struct access *a, int64_t *dup_id, struct err *e);
/* New records of a keyless entity are written in groups during such a batch; when a group
 * fails, access_add (or access_bulk_entity_end) returns STORE_BULK_FAILED and this is the id
 * of the record that failed — an earlier one than the record just added. */
int64_t access_bulk_failed_id(const struct access *a);

/* Adds r; on success r->id is the new id and r holds the stored values. */
int access_add(struct access *a, struct record *r, struct err *e);
/* Like access_add, for imports: a record whose id or key is already taken by an identical
 * record is skipped (*skipped = 1) rather than refused; a differing one is refused naming the
 * first differing field. */
int access_merge(struct access *a, struct record *r, int *skipped, struct err *e);
/* Changes the given fields of record r->id. */
int access_edit(struct access *a, struct record *r, struct err *e);
/* Deletes the record named by ref (id or key); refused while others refer to it. */
int access_delete(struct access *a, const struct entity *en, const char *ref, struct err *e);
/* Ends a record (membership, relation: sets until; group: status dissolved and last seen). */
int access_end(struct access *a, const struct entity *en, const char *ref, const char *date,
	       struct err *e);
/* May the acting user read records of en? (For interfaces that leave out what they may not
 * show; every read still checks for itself.) */
int access_may_read(const struct access *a, const struct entity *en);
/* Resolves a reference (id, key or unambiguous name) to an id, if the user may read it. */
int access_find(struct access *a, const struct entity *en, const char *ref, int64_t *id,
		struct err *e);

/* Lists records (secret fields blanked); `where` may hold unresolved references. */
int access_list(struct access *a, const struct entity *en, struct store_query *q, store_row_fn fn,
		void *ctx, struct err *e);
/* One full record, audited as a read when it holds personal data. */
int access_show(struct access *a, const struct entity *en, int64_t id, store_row_fn fn, void *ctx,
		struct err *e);
/* Like access_list for a whole-entity export, audited as one "export" entry. */
int access_export(struct access *a, const struct entity *en, store_row_fn fn, void *ctx,
		  struct err *e);
/* How many records (aggregate: any role may count). */
long access_count(struct access *a, const struct entity *en, struct err *e);
/* ---- for the workflow (src/workflow): the consequences of a permitted write ----
 * A write the workflow makes because of the user's own write (a case opened by a group
 * involvement, a follow-up task): no role check of its own, audited as the acting user's with
 * "workflow": why in the detail.  Inside a hook it joins the write's transaction. */
int access_workflow_add(struct access *a, struct record *r, const char *why, struct err *e);
int access_workflow_edit(struct access *a, struct record *r, const char *why, struct err *e);
/* A workflow setting (meta "workflow.NAME"), or fallback when unset or not a number. */
long access_setting(struct access *a, const char *name, long fallback);
/* Sets one (admin or coordinator), audited. */
int access_setting_set(struct access *a, const char *name, long value, struct err *e);
/* The calendar feed's key of `user`: only its hash is stored (admin, or the user for themself;
 * audited); get reads the acting user's hash ("" when none; returns 0 or -1). */
int access_calendar_key_set(struct access *a, const char *user, const char *hash, struct err *e);
int access_calendar_key_get(struct access *a, char *hash, size_t n, struct err *e);
/* Reads the audit log (admin only). */
int access_audit_each(struct access *a, const struct audit_query *q, audit_fn fn, void *ctx,
		      struct err *e);
#endif
