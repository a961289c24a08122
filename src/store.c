/* store.c — opening, creating and migrating the SQLite repository (see store.h).
 *
 * The one design choice that matters: nothing is written to a file until it has been proved
 * to be a gvi repository of a version this gvi understands, because the journal-mode change
 * to WAL itself writes the file.  So open reads application_id and user_version first. */
#include "store.h"
#include "audit.h"
#include "schema.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STMT_CACHE 128

struct cached_stmt {
	sqlite3_stmt *stmt;     /* found again by its SQL text */
	uint64_t hash;          /* of that text: compared first (listings share long prefixes) */
	const char *kept;       /* store_prepare_static: the caller's lasting pointer */
};

struct store {
	sqlite3 *db;
	int busy_ms;            /* how long busy_wait waits in all */
	int restart_after;      /* WAL frames before wal_checkpoint tries a RESTART again */
	char *path;
	int in_tx;
	int in_read;            /* store_read_begin's snapshot is open */
	size_t ncached;
	struct cached_stmt cache[STMT_CACHE];
};

sqlite3 *store_db(struct store *s) { return s->db; }
const char *store_path(const struct store *s) { return s->path; }
int store_in_transaction(struct store *s) { return s->in_tx; }

int store_error(struct store *s, int rc, const char *what, struct err *e)
{
	const char *msg = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	int prim = rc & 0xff;
	const char *path = s ? s->path : "repository";
	int oserr = s && s->db ? sqlite3_system_errno(s->db) : 0;
	if (prim == SQLITE_IOERR && (oserr == ENOSPC || oserr == EFBIG || oserr == EDQUOT))
		prim = SQLITE_FULL;
	switch (prim) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(e, "%s: %s: the repository is locked by another writer; try again when it is done",
			       path, what);
	case SQLITE_FULL:
		return err_set(e, "%s: %s: the disk is full (or the file size limit was reached); "
			       "nothing was changed", path, what);
	case SQLITE_READONLY:
		return err_set(e, "%s: %s: the repository is read-only", path, what);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return err_set(e, "%s: not a gvi repository, or it is damaged (%s)", path, msg);
	case SQLITE_IOERR:
		if (rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC || rc == SQLITE_IOERR_TRUNCATE)
			return err_set(e, "%s: %s: writing to the disk failed (is the disk full, or a file "
				       "size limit reached?); nothing was changed", path, what);
		return err_set(e, "%s: %s: input/output error (%s)", path, what, msg);
	default:
		return err_set(e, "%s: %s: %s", path, what, msg);
	}
}

/* Waits for another connection's write to end: polls every 20 us for the first 2 ms, then
 * every 200 us, up to *limit ms.  (SQLite's own busy_timeout sleeps 1, 2, 5, 10 … ms, which
 * in the web server left a worker thread — and its connections — idle far longer than a
 * short audit write takes.) */
static int busy_wait(void *limit, int tries)
{
	long waited_us = tries < 100 ? tries * 20L : 2000L + (tries - 100) * 200L;
	if (waited_us >= *(int *)limit * 1000L)
		return 0;
	usleep(tries < 100 ? 20 : 200);
	return 1;
}

/* SQLite's automatic checkpoint, with one change: its PASSIVE checkpoint never waits for a
 * reader, so under constant reads (the web server: every audited view commits) some reader
 * always holds an older snapshot, the log is never wholly copied back and never starts
 * over, and grows by every commit (150 MB in 5 s of bench/http).  Past WAL_RESTART_FRAMES a
 * RESTART checkpoint waits — at most WAL_RESTART_WAIT_MS — for those readers to move on, so
 * that the next commit writes the log from its start again (and, when a long reader makes
 * it give up, not again for another WAL_RESTART_FRAMES: each commit would wait). */
#define WAL_CHECKPOINT_FRAMES 1000   /* SQLite's default wal_autocheckpoint */
#define WAL_RESTART_FRAMES 4000
#define WAL_RESTART_WAIT_MS 20
static int wal_checkpoint(void *p, sqlite3 *db, const char *name, int frames)
{
	struct store *s = p;
	if (frames < WAL_CHECKPOINT_FRAMES)
		return SQLITE_OK;
	if (frames < WAL_RESTART_FRAMES || frames < s->restart_after) {
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		return SQLITE_OK;
	}
	int limit = s->busy_ms;
	s->busy_ms = WAL_RESTART_WAIT_MS;
	int rc = sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
	s->busy_ms = limit;
	s->restart_after = rc == SQLITE_OK ? 0 : frames + WAL_RESTART_FRAMES;
	return SQLITE_OK;
}

static int open_db(struct store **out, const char *path, int flags, struct err *e)
{
	struct store *s = calloc(1, sizeof *s);
	if (!s)
		return err_set(e, "out of memory");
	s->path = strdup(path);
	/* A connection is used by one thread at a time (the server will give each thread its
	 * own), so SQLite's per-call mutexes are not needed. */
	int rc = sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		if (rc == SQLITE_CANTOPEN)
			err_set(e, "%s: cannot open the repository (%s); create one with `gvi init %s`",
				path, strerror(errno ? errno : ENOENT), path);
		else
			store_error(s, rc, "opening", e);
		store_close(s);
		return -1;
	}
	sqlite3_extended_result_codes(s->db, 1);
	/* How long a writer waits for another to finish; GVI_BUSY_TIMEOUT (ms) overrides. */
	const char *busy = getenv("GVI_BUSY_TIMEOUT");
	s->busy_ms = busy && *busy ? atoi(busy) : 5000;
	sqlite3_busy_handler(s->db, busy_wait, &s->busy_ms);
	sqlite3_wal_hook(s->db, wal_checkpoint, s);
	*out = s;
	return 0;
}

static int pragma_int(struct store *s, const char *sql, int *value, struct err *e)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*value = sqlite3_column_int(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK || rc == SQLITE_DONE ? 0 : store_error(s, rc, "reading the header", e);
}

static int configure(struct store *s, struct err *e)
{
	/* A large page cache (allocated only as used) keeps the indexes of a big import in
	 * memory; memory-mapped reads spare a copy per page; a second sorter thread halves the
	 * time to build an index after a bulk load. */
	return store_exec(s, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
			  "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144; "
			  "PRAGMA mmap_size=1073741824; PRAGMA threads=2;", e);
}

static int migrate(struct store *s, int from, struct err *e)
{
	if (from >= schema_version)
		return 0;
	if (store_begin(s, e))
		return -1;
	for (int v = from; v < schema_version; v++)
		if (store_exec(s, schema_migrations[v], e))
			goto fail;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", schema_version);
	if (store_exec(s, sql, e))
		goto fail;
	return store_commit(s, e);
fail:
	store_rollback(s);
	return -1;
}

int store_create(struct store **out, const char *path, struct err *e)
{
	struct stat st;
	if (stat(path, &st) == 0)
		return err_set(e, "%s: already exists; gvi init will not overwrite a file", path);
	struct store *s;
	if (open_db(&s, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, e))
		return -1;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA application_id=%d", SCHEMA_APPLICATION_ID);
	if (store_exec(s, sql, e) || configure(s, e) || migrate(s, 0, e)) {
		store_close(s);
		remove(path);
		return -1;
	}
	*out = s;
	return 0;
}

int store_open(struct store **out, const char *path, int writable, struct err *e)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return err_set(e, "%s: no such repository; create one with `gvi init %s` or name one with --repo",
			       path, path);
	if (!S_ISREG(st.st_mode))
		return err_set(e, "%s: not a gvi repository (not a regular file)", path);
	struct store *s;
	if (open_db(&s, path, SQLITE_OPEN_READWRITE, e))
		return -1;
	int app = 0, version = 0;
	if (pragma_int(s, "PRAGMA application_id", &app, e) ||
	    pragma_int(s, "PRAGMA user_version", &version, e))
		goto fail;
	if (app != SCHEMA_APPLICATION_ID) {
		err_set(e, "%s: not a gvi repository; it was left unchanged", path);
		goto fail;
	}
	if (version > schema_version) {
		err_set(e, "%s: made by a newer gvi (repository version %d, this gvi knows up to %d); "
			"upgrade gvi to use it", path, version, schema_version);
		goto fail;
	}
	if (configure(s, e))
		goto fail;
	/* An older repository is brought forward on any open, reading ones included: the
	 * migration is one transaction, so it lands whole or not at all. */
	(void)writable;
	if (version < schema_version && migrate(s, version, e))
		goto fail;
	/* A repository from before the audit log's hash chain gets its entries chained now. */
	if (audit_chain_start(s, e))
		goto fail;
	*out = s;
	return 0;
fail:
	store_close(s);
	return -1;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ncached; i++)
		sqlite3_finalize(s->cache[i].stmt);
	if (s->db)
		sqlite3_close(s->db);
	free(s->path);
	free(s);
}

int store_exec(struct store *s, const char *sql, struct err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
	sqlite3_free(msg);
	return rc == SQLITE_OK ? 0 : store_error(s, rc, "writing", e);
}

/* Runs one of the transaction statements, prepared once per connection (sqlite3_exec would
 * parse it on every request's audit write). */
static int exec_kept(struct store *s, const char *sql)
{
	struct err ignore = { 0 };
	sqlite3_stmt *st = store_prepare_static(s, sql, &ignore);
	if (!st)
		return sqlite3_errcode(s->db) != SQLITE_OK ? sqlite3_errcode(s->db) : SQLITE_ERROR;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int store_begin(struct store *s, struct err *e)
{
	if (s->in_tx || s->in_read)
		return err_set(e, "internal error: nested transaction");
	int rc = exec_kept(s, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return store_error(s, rc, "starting a write", e);
	s->in_tx = 1;
	return 0;
}

int store_read_begin(struct store *s, struct err *e)
{
	if (s->in_tx || s->in_read)
		return err_set(e, "internal error: nested transaction");
	int rc = exec_kept(s, "BEGIN");
	if (rc != SQLITE_OK)
		return store_error(s, rc, "starting to read", e);
	s->in_read = 1;
	return 0;
}

void store_read_end(struct store *s)
{
	if (!s->in_read)
		return;
	if (sqlite3_get_autocommit(s->db) == 0 && exec_kept(s, "COMMIT") != SQLITE_OK)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_read = 0;
}

int store_commit(struct store *s, struct err *e)
{
	int rc = exec_kept(s, "COMMIT");
	if (rc != SQLITE_OK) {
		store_error(s, rc, "committing", e);
		store_rollback(s);
		return -1;
	}
	s->in_tx = 0;
	return 0;
}

void store_rollback(struct store *s)
{
	if (sqlite3_get_autocommit(s->db) == 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = 0;
}

static sqlite3_stmt *prepare(struct store *s, const char *sql, const char *kept, struct err *e);

/* FNV-1a over the SQL text. */
static uint64_t sql_hash(const char *sql)
{
	uint64_t h = 14695981039346656037u;
	for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return h;
}

sqlite3_stmt *store_prepare_static(struct store *s, const char *sql, struct err *e)
{
	for (size_t i = 0; i < s->ncached; i++) {
		if (s->cache[i].kept == sql) {
			sqlite3_reset(s->cache[i].stmt);
			sqlite3_clear_bindings(s->cache[i].stmt);
			return s->cache[i].stmt;
		}
	}
	return prepare(s, sql, sql, e);
}

sqlite3_stmt *store_prepare(struct store *s, const char *sql, struct err *e)
{
	return prepare(s, sql, NULL, e);
}

sqlite3_stmt *store_prepare_idle(struct store *s, const char *sql, int *cached, struct err *e)
{
	uint64_t h = sql_hash(sql);
	for (size_t i = 0; i < s->ncached; i++) {
		sqlite3_stmt *st = s->cache[i].stmt;
		if (s->cache[i].hash == h && !s->cache[i].kept && !sqlite3_stmt_busy(st) &&
		    !strcmp(sqlite3_sql(st), sql)) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			*cached = 1;
			return st;
		}
	}
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		store_error(s, rc, "preparing a statement", e);
		return NULL;
	}
	*cached = s->ncached < STMT_CACHE;
	if (*cached) {
		s->cache[s->ncached].stmt = st;
		s->cache[s->ncached].hash = h;
		s->cache[s->ncached].kept = NULL;
		s->ncached++;
	}
	return st;
}

static sqlite3_stmt *prepare(struct store *s, const char *sql, const char *kept, struct err *e)
{
	uint64_t h = sql_hash(sql);
	for (size_t i = 0; i < s->ncached; i++) {
		if (s->cache[i].hash == h && !strcmp(sqlite3_sql(s->cache[i].stmt), sql)) {
			sqlite3_reset(s->cache[i].stmt);
			sqlite3_clear_bindings(s->cache[i].stmt);
			if (kept)
				s->cache[i].kept = kept;
			return s->cache[i].stmt;
		}
	}
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		store_error(s, rc, "preparing a statement", e);
		return NULL;
	}
	if (s->ncached == STMT_CACHE) {   /* evict the oldest not in use (a listing's may be) */
		size_t old = 0;
		while (old + 1 < STMT_CACHE && sqlite3_stmt_busy(s->cache[old].stmt))
			old++;
		sqlite3_finalize(s->cache[old].stmt);
		memmove(s->cache + old, s->cache + old + 1, (STMT_CACHE - 1 - old) * sizeof s->cache[0]);
		s->ncached--;
	}
	s->cache[s->ncached].stmt = st;
	s->cache[s->ncached].hash = h;
	s->cache[s->ncached].kept = kept;
	s->ncached++;
	return st;
}

int store_meta_set(struct store *s, const char *key, const char *value, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "INSERT INTO meta(key, value) VALUES (?, ?) "
					 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, "writing meta", e);
}

int store_meta_get(struct store *s, const char *key, char *out, size_t n, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT value FROM meta WHERE key = ?", e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, "reading meta", e);
}

int store_data_version(struct store *s, int64_t *out, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "PRAGMA data_version", e);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store_error(s, rc, "reading the data version", e);
}

/* ---- deferred index builds for bulk loads ---- */

struct store_indexes {
	char *table;
	size_t n;
	char **name, **sql;
};

void store_indexes_free(struct store_indexes *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; i < ix->n; i++) {
		free(ix->name[i]);
		free(ix->sql[i]);
	}
	free(ix->name);
	free(ix->sql);
	free(ix->table);
	free(ix);
}

int store_indexes_defer(struct store *s, const char *table, struct store_indexes **out, struct err *e)
{
	*out = NULL;
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT 1 FROM \"%s\" LIMIT 1", table);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_error(s, rc, "reading", e);
	int empty = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	if (!empty)
		return 0;
	rc = sqlite3_prepare_v2(s->db, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
				"AND tbl_name = ? AND sql IS NOT NULL ORDER BY name", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_error(s, rc, "reading the schema", e);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	struct store_indexes *ix = calloc(1, sizeof *ix);
	if (!ix || !(ix->table = strdup(table)))
		abort();
	while (sqlite3_step(st) == SQLITE_ROW) {
		char **names = realloc(ix->name, (ix->n + 1) * sizeof *ix->name);
		char **sqls = names ? realloc(ix->sql, (ix->n + 1) * sizeof *ix->sql) : NULL;
		if (!sqls)
			abort();
		ix->name = names;
		ix->sql = sqls;
		ix->name[ix->n] = strdup((const char *)sqlite3_column_text(st, 0));
		ix->sql[ix->n] = strdup((const char *)sqlite3_column_text(st, 1));
		ix->n++;
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < ix->n; i++) {
		snprintf(sql, sizeof sql, "DROP INDEX \"%s\"", ix->name[i]);
		if (store_exec(s, sql, e)) {
			store_indexes_free(ix);
			return -1;
		}
	}
	if (ix->n)
		*out = ix;
	else
		store_indexes_free(ix);
	return 0;
}

/* After the unique index `create_sql` failed to build: the highest id among the rows that share
 * its columns (the later duplicate); cols gets the column list. */
static int64_t duplicate_id(struct store *s, const char *table, const char *create_sql, char *cols,
			    size_t n)
{
	const char *open = strchr(create_sql, '('), *close = strrchr(create_sql, ')');
	if (!open || !close || close < open)
		return 0;
	snprintf(cols, n, "%.*s", (int)(close - open - 1), open + 1);
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT max(id) FROM \"%s\" GROUP BY %s HAVING count(*) > 1 "
		 "ORDER BY 1 LIMIT 1", table, cols);
	sqlite3_stmt *st;
	int64_t id = 0;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

int store_indexes_restore(struct store *s, struct store_indexes *ix, int64_t *dup_id, struct err *e)
{
	*dup_id = 0;
	int rc = 0;
	for (size_t i = 0; ix && i < ix->n && !rc; i++) {
		int sr = sqlite3_exec(s->db, ix->sql[i], NULL, NULL, NULL);
		if (sr == SQLITE_OK)
			continue;
		if (sr == SQLITE_CONSTRAINT_UNIQUE) {
			char cols[256];
			*dup_id = duplicate_id(s, ix->table, ix->sql[i], cols, sizeof cols);
			err_set(e, "duplicate: another row has the same %s", cols);
			rc = STORE_DUPLICATE;
		} else {
			rc = store_error(s, sr, "building an index", e);
		}
	}
	store_indexes_free(ix);
	return rc;
}
