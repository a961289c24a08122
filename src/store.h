/* store.h — the SQLite repository: opening, creating, migrating, transactions, statements.
 *
 * A repository is one SQLite file in WAL mode with foreign keys on and a busy timeout.  Its
 * PRAGMA application_id marks it as gvi's and PRAGMA user_version says how many migrations
 * (schema.c) it has; an older one is migrated forward on open for writing, a newer one is
 * refused, and a file that is not a gvi repository is refused before anything is written to
 * it.  SQL errors are turned into messages for people (locked, disk full, constraint). */
#ifndef GVI_STORE_H
#define GVI_STORE_H
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include "err.h"

struct store;

/* Creates a new repository at path (refused if the file exists). */
int store_create(struct store **out, const char *path, struct err *e);
/* Opens an existing repository, migrating an older schema forward (`writable` is kept for
 * a future read-only mode). */
int store_open(struct store **out, const char *path, int writable, struct err *e);
void store_close(struct store *s);   /* accepts NULL */
sqlite3 *store_db(struct store *s);
const char *store_path(const struct store *s);

/* BEGIN IMMEDIATE (a writer takes the lock at once, so a locked repository is reported
 * before any work is done) / COMMIT / ROLLBACK.  Nested begin is an error (a bug). */
int store_begin(struct store *s, struct err *e);
int store_commit(struct store *s, struct err *e);
void store_rollback(struct store *s);
/* BEGIN (deferred) / COMMIT of a read transaction: the statements between read one snapshot,
 * and each does not take and drop SQLite's read lock itself.  No write may start inside. */
int store_read_begin(struct store *s, struct err *e);
void store_read_end(struct store *s);   /* does nothing if none is open */
int store_in_transaction(struct store *s);

/* A prepared statement for `sql`, cached on the store for its lifetime (reset and with
 * bindings cleared on each call).  NULL with e set on a bad statement. */
sqlite3_stmt *store_prepare(struct store *s, const char *sql, struct err *e);
/* The same for SQL text that lives as long as the process (a literal, or generated once and
 * kept): found again by its pointer, without comparing text — the import's hot path. */
sqlite3_stmt *store_prepare_static(struct store *s, const char *sql, struct err *e);
/* For a statement that stays active while its caller runs other statements (a listing whose
 * callback reads): a cached one for `sql` that is not in use, else a new one, cached when
 * there is room.  *cached says which: the caller then resets it (sqlite3_reset) when done,
 * or finalizes an uncached one.  Saves the SQL parser on every page of the web server. */
sqlite3_stmt *store_prepare_idle(struct store *s, const char *sql, int *cached, struct err *e);
/* Runs one or more statements without results. */
int store_exec(struct store *s, const char *sql, struct err *e);
/* Turns an SQLite result code into a message ("repository is locked by another writer",
 * "disk full", "a group with that name already exists" …), prefixed by `what`. Returns -1. */
int store_error(struct store *s, int rc, const char *what, struct err *e);

/* Returned when a unique key or an id is already taken. */
#define STORE_DUPLICATE (-2)

/* Bulk loading: the named indexes of an EMPTY table are dropped (their definitions kept) and
 * built again, once, by store_indexes_restore — much faster than keeping them up to date row
 * by row.  Only inside a transaction, so a failure rolls the drop back too.  *out is NULL
 * when nothing was deferred (table not empty, or no named indexes). */
struct store_indexes;
int store_indexes_defer(struct store *s, const char *table, struct store_indexes **out,
			struct err *e);
/* Rebuilds them and frees ix.  On a unique index that the new rows violate, returns
 * STORE_DUPLICATE with *dup_id the highest id among the duplicates and e naming the columns. */
int store_indexes_restore(struct store *s, struct store_indexes *ix, int64_t *dup_id,
			  struct err *e);
/* Forgets deferred indexes without rebuilding (after a rollback has brought them back). */
void store_indexes_free(struct store_indexes *ix);

/* The meta table (key → value): "programme", "created". */
int store_meta_set(struct store *s, const char *key, const char *value, struct err *e);
/* Copies the value into out (size n); returns 1 found, 0 absent, -1 error. */
int store_meta_get(struct store *s, const char *key, char *out, size_t n, struct err *e);

/* PRAGMA data_version: a number that changes whenever another connection (of this process
 * or another) has committed to the repository since this connection last asked.  Returns 0
 * and *out, or -1. */
int store_data_version(struct store *s, int64_t *out, struct err *e);

#endif
