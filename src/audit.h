/* audit.h — the audit log: who read or changed what, and when.
 *
 * Append-only: the store's triggers refuse UPDATE and DELETE on it, and gvi has no command
 * that changes it.  Only access.c writes it.  `detail` is JSON: for an add the new values, for
 * an edit {"field": [old, new]} of the changed fields, for an import the file, row count and
 * id range. */
#ifndef GVI_AUDIT_H
#define GVI_AUDIT_H
#include <stdint.h>
#include "err.h"
#include "store.h"

int audit_append(struct store *s, const char *user, const char *role, const char *action,
		 const char *entity, int64_t record_id, const char *detail, struct err *e);

struct audit_entry {
	int64_t id;
	const char *at, *user, *role, *action, *entity, *detail;
	int64_t record_id;   /* 0 = none */
};
struct audit_query {
	const char *user, *entity, *action, *since, *until;
	int64_t record_id;
	long limit;
};
typedef int (*audit_fn)(void *ctx, const struct audit_entry *a);
int audit_each(struct store *s, const struct audit_query *q, audit_fn fn, void *ctx, struct err *e);

/* The detail that replaces a removed record's values in its earlier add, edit and delete
 * entries (retention).  The only change the audit log accepts (schema migration 6). */
#define AUDIT_REDACTED "{\"redacted\":\"retention\"}"
/* Replaces the detail of every add, edit and delete entry of record id of `entity` by
 * AUDIT_REDACTED: who did what and when stays, the values go.  Returns how many, or -1. */
long audit_redact(struct store *s, const char *entity, int64_t record_id, struct err *e);

#endif
