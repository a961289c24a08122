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

/* purpose: the purpose of access the user gave (a name from the purpose list), or NULL. */
int audit_append(struct store *s, const char *user, const char *role, const char *purpose,
		 const char *action, const char *entity, int64_t record_id, const char *detail,
		 struct err *e);

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

#endif
