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
/* The purpose of access (ändamål) the acting user gives, a name from the `purpose` list: it
 * is written into every audit entry of the handle from then on, and reading or writing
 * personal records is refused without one.  NULL or "" clears it.  -1 (e set) when there is
 * no such purpose; the purpose is then unchanged. */
int access_set_purpose(struct access *a, const char *purpose, struct err *e);
const char *access_purpose(const struct access *a);   /* NULL when none is given */
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
/* For an analysis: lists the records of an entity the user may NOT read but whose records the
 * policy lets analyses count for the user's role (policy_counts_unreadable), so a score can
 * rest on them while its explanation says only that they exist.  The caller must never show
 * their contents.  Refused for any other entity. */
int access_list_unreadable(struct access *a, const struct entity *en, store_row_fn fn, void *ctx,
			   struct err *e);
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
/* How many records (aggregate: any role may count, policy_reads_aggregates); -1 refused. */
long access_count(struct access *a, const struct entity *en, struct err *e);
/* The counts of ens[0..n-1] into out[] in one statement; refused (-1) if the role may count
 * any of them not. */
int access_counts(struct access *a, const struct entity *const *ens, size_t n, long *out,
		  struct err *e);
/* A read-only page's statements in one snapshot (one read lock instead of one per
 * statement): between these, no write (an audited read included) may be made through a. */
int access_snapshot_begin(struct access *a, struct err *e);
void access_snapshot_end(struct access *a);
/* A number that changes whenever another connection has committed to the repository since
 * this handle last asked (SQLite's data_version): what a cache of results computed from the
 * data is keyed by.  Reveals nothing of the data, so any user may ask. */
int access_data_version(struct access *a, int64_t *out, struct err *e);
/* Incident counts per area and month, an aggregate for the evaluation (eval/series.c): for
 * each (area, month) with at least one confirmed incident dated to the month, the number of
 * incidents, serious ones, shootings, explosions, killed, injured and incidents with a group
 * member involved (gmi).  Allowed to the roles policy_reads_aggregates admits, including
 * those that may not read incidents (evaluators); no incident, person or place is handed
 * out, and the read is audited as one "aggregate" entry.  *undated counts the incidents
 * dated only to a year.  Cells come in area, then month order; fn returning non-zero
 * stops. */
struct access_month_count {
	const char *area;      /* "" when the incident has no area */
	char month[8];         /* YYYY-MM */
	long incidents, serious, shootings, explosions, killed, injured, gmi;
};
typedef int (*access_month_fn)(void *ctx, const struct access_month_count *c);
int access_incident_months(struct access *a, access_month_fn fn, void *ctx, long *undated,
			   struct err *e);
/* ---- review and retention (gallring; docs/privacy.md) ---- */

/* Opens the repository as gvi itself, for the daily retention run of `gvi serve`: audited as
 * user "gvi", role "system", and allowed nothing but access_retention_run. */
int access_open_system(struct access **out, const char *path, struct err *e);

struct retention_item {
	const struct entity *en;
	int64_t id;
	const char *rule;      /* "review" or the name of the retention setting applied */
	long dependents;       /* records removed with it (a person's memberships, …) */
};
typedef int (*retention_fn)(void *ctx, const struct retention_item *it);
/* Removes, in one transaction, every person, membership and tie whose review date is more
 * than retention.grace_days past, with everything that refers to a removed person, and every
 * record a retention rule (retention.ENTITY[.AGENCY_KIND] = months after the last entry)
 * says is due.  Each removal is audited as action "retention" with its entity, id, rule and
 * dependents' counts, never its content.  Calls fn for each (may be NULL).  With dry_run
 * nothing is kept (the transaction is rolled back).  Admin, coordinator or the system. */
int access_retention_run(struct access *a, int dry_run, retention_fn fn, void *ctx, long *removed,
			 struct err *e);

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
/* Walks the audit log's hash chain (admin only); see audit_verify. */
int access_audit_verify(struct access *a, const char *expect, struct audit_check *out,
			struct err *e);
/* Resolves a person for the audit (register, --person): roles that may not read persons must
 * give a code or id, not a name. */
int access_audit_person(struct access *a, const char *ref, int64_t *id, struct err *e);
/* The same for an address (the web's /persons/CODE/register and /extract): only a person's
 * code names them there, never an id or a name, which would then stand in logs and browser
 * histories.  -1 with e set when the role may not, or no person has that code. */
int access_audit_person_code(struct access *a, const char *code, int64_t *id, struct err *e);
/* A person's access register: every audit entry about them or records that name them, values
 * hidden as for the admin (admin, coordinator).  Itself audited ("register"). */
int access_audit_register(struct access *a, int64_t person_id, audit_fn fn, void *ctx,
			  struct err *e);
/* A person's extract (registerutdrag; coordinator): audited as one "extract" entry, then fn
 * gets the person's full record (section "person"), every record naming them (section = its
 * entity), the groups, incidents, call-ins and enforcement actions those name (section
 * "context"), and afn, if given, the access register. */
typedef int (*access_extract_fn)(void *ctx, const char *section, const struct record *r);
int access_extract(struct access *a, int64_t person_id, access_extract_fn fn, audit_fn afn,
		   void *ctx, struct err *e);
/* A consistent copy of the repository into the new file dest (admin), audited as "backup"
 * (file_named: the name to log) before the copy is made, so the copy holds its own entry. */
int access_backup(struct access *a, const char *dest, const char *file_named, int encrypted,
		  struct err *e);
/* Checks a repository about to be restored (a copy at path) as `user`, who must be an admin
 * in it: its audit chain must verify; then logs a "restore" entry in it, from `from`. */
int access_restore_check(const char *path, const char *user, const char *from, struct err *e);
#endif
