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

/* ---- the hash chain (see audit.c and docs/audit.md) ---- */
#define AUDIT_HASH_HEX 65   /* 64 hex digits of BLAKE2b-256 and a NUL */
/* The hash of the entry on which `row` (a statement over SELECT * FROM audit) is positioned,
 * linked to prev_hex: the chain's one canonical serialisation.  detail_hex: the digest of the
 * entry's detail kept in its link (version 2), or NULL for a link of version 1. */
void audit_hash_entry(const char *prev_hex, sqlite3_stmt *row, const char *detail_hex,
		      char out[AUDIT_HASH_HEX]);
/* The digest of the detail of the entry on `row` (row NULL: of a NULL detail). */
void audit_hash_detail(sqlite3_stmt *row, char out[AUDIT_HASH_HEX]);
/* Chains the entries of a repository made before the chain existed: if the audit log has
 * entries and the chain none, links them all, in id order, in one write transaction (its own
 * unless the caller has one open).  A chain of version-1 links (from before schema migration
 * 10) is rewritten to version 2 the same way if it verifies, and left as it is if not.
 * Called on every open; does nothing otherwise. */
int audit_chain_start(struct store *s, struct err *e);
struct audit_check {
	int64_t entries;        /* entries verified */
	int64_t redacted;       /* of which redacted by retention (detail = AUDIT_REDACTED) */
	int64_t head_id;        /* the last good entry */
	int64_t bad_id;         /* 0 = the chain is intact; else the first broken entry */
	char problem[256];      /* what is wrong with it */
	char head[AUDIT_HASH_HEX];   /* the hash of the last good link */
	int64_t expect_id;      /* the entry whose hash is `expect` (0: not in the chain) */
	enum audit_break {      /* what `problem` says, for interfaces that word it themselves */
		AUDIT_INTACT, AUDIT_UNLINKED, AUDIT_DELETED, AUDIT_OUT_OF_CHAIN, AUDIT_CHANGED
	} why;
};
/* Walks the whole chain in one read transaction.  Returns 0 when it could be read (out says
 * whether it is intact), -1 on an error reading it.  With `expect` (a head written down
 * earlier), out->expect_id says where that hash is in the chain. */
int audit_verify(struct store *s, const char *expect, struct audit_check *out, struct err *e);

struct audit_entry {
	int64_t id;
	const char *at, *user, *role, *action, *entity, *detail;
	int64_t record_id;   /* 0 = none */
	const char *purpose; /* the purpose of access given, or NULL (none, or before purposes) */
};
struct audit_query {
	const char *user, *entity, *action, *since, *until;
	int64_t record_id;
	int64_t person_id;   /* entries about this person (and records that name them) */
	long limit;
	const char *purpose; /* entries made for this purpose of access */
};
typedef int (*audit_fn)(void *ctx, const struct audit_entry *a);
int audit_each(struct store *s, const struct audit_query *q, audit_fn fn, void *ctx, struct err *e);

/* The detail that replaces a removed record's values in its earlier add, edit and delete
 * entries (retention).  The only change the audit log accepts (schema migration 9); the hash
 * chain keeps the replaced detail's digest, so the entry still verifies (migration 11). */
#define AUDIT_REDACTED "{\"redacted\":\"retention\"}"
/* Replaces the detail of every add, edit and delete entry of record id of `entity` by
 * AUDIT_REDACTED: who did what and when stays, the values go.  Returns how many, or -1. */
long audit_redact(struct store *s, const char *entity, int64_t record_id, struct err *e);

#endif
