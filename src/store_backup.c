/* store_backup.c — consistent copies of a repository and their restoring (see
 * store_backup.h).
 *
 * The design choice that matters: sqlite3_backup_step(-1) copies every page in one step, so
 * the copy holds one read transaction on the source for its whole run: it is consistent
 * however many writers work meanwhile, and in WAL mode they are not blocked by it. */
#include "store_backup.h"
#include "schema.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void store_remove_files(const char *path)
{
	static const char *const sides[] = { "", "-wal", "-shm", "-journal" };
	char p[4096];
	for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
		snprintf(p, sizeof p, "%s%s", path, sides[i]);
		unlink(p);
	}
}

int store_temp_beside(const char *near, char *out, size_t n, struct err *e)
{
	char copy[4096];
	snprintf(copy, sizeof copy, "%s", near);
	snprintf(out, n, "%s/.gvi-tmp-XXXXXX", dirname(copy));
	int fd = mkstemp(out);
	if (fd < 0)
		return err_set(e, "%s: cannot make a temporary file beside it (%s)", near, strerror(errno));
	close(fd);
	return 0;
}

/* Copies everything of src into dst (both open) in one step. */
static int copy_db(sqlite3 *dst, sqlite3 *src, const char *what, struct err *e)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b)
		return err_set(e, "%s: %s", what, sqlite3_errmsg(dst));
	int rc = sqlite3_backup_step(b, -1);
	int fin = sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return err_set(e, "%s: %s", what, rc == SQLITE_BUSY || rc == SQLITE_LOCKED ?
			       "the repository is locked by another writer; try again when it is done" :
			       sqlite3_errstr(rc));
	if (fin != SQLITE_OK)
		return err_set(e, "%s: %s", what, sqlite3_errstr(fin));
	return 0;
}

int store_backup(struct store *s, const char *dest, struct err *e)
{
	struct stat st;
	if (stat(dest, &st) == 0)
		return err_set(e, "%s: already exists; a backup never overwrites a file", dest);
	char tmp[4096];
	if (store_temp_beside(dest, tmp, sizeof tmp, e))
		return -1;
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, "%s: cannot write the backup (%s)", dest, sqlite3_errstr(rc));
		goto fail;
	}
	if (copy_db(db, store_db(s), dest, e))
		goto fail;
	/* The copy is a self-contained file: no WAL beside it. */
	char *msg = NULL;
	if (sqlite3_exec(db, "PRAGMA journal_mode=DELETE", NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, "%s: %s", dest, msg ? msg : "cannot finish the backup");
		sqlite3_free(msg);
		goto fail;
	}
	sqlite3_close(db);
	db = NULL;
	if (link(tmp, dest) != 0) {
		err_set(e, "%s: cannot create the backup (%s)", dest, strerror(errno));
		goto fail;
	}
	store_remove_files(tmp);
	return 0;
fail:
	sqlite3_close(db);
	store_remove_files(tmp);
	return -1;
}

int store_check_file(const char *path, struct err *e)
{
	sqlite3 *db = NULL;
	/* Read-only and immutable: checking must not leave a WAL or change a byte.  The path is
	 * percent-encoded where a URI would read it otherwise. */
	char uri[3 * 4096 + 32];
	size_t k = (size_t)snprintf(uri, sizeof uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p && k + 4 < sizeof uri - 32; p++)
		k += *p == '%' || *p == '?' || *p == '#' || *p < 0x21 ?
		     (size_t)snprintf(uri + k, 4, "%%%02X", *p) : (uri[k] = (char)*p, 1);
	snprintf(uri + k, sizeof uri - k, "?mode=ro&immutable=1");
	int rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	int ret = -1;
	sqlite3_stmt *st = NULL;
	if (rc != SQLITE_OK) {
		err_set(e, "%s: cannot open it (%s)", path, sqlite3_errstr(rc));
		goto out;
	}
	int app = 0, version = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		err_set(e, "%s: not a gvi repository, or it is damaged (%s)", path, sqlite3_errmsg(db));
		goto out;
	}
	app = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (app != SCHEMA_APPLICATION_ID) {
		err_set(e, "%s: not a gvi repository", path);
		goto out;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (version > schema_version) {
		err_set(e, "%s: made by a newer gvi (repository version %d, this gvi knows up to %d)",
			path, version, schema_version);
		goto out;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		err_set(e, "%s: damaged (%s)", path, sqlite3_errmsg(db));
		goto out;
	}
	const char *verdict = (const char *)sqlite3_column_text(st, 0);
	if (!verdict || strcmp(verdict, "ok")) {
		err_set(e, "%s: damaged: the integrity check says %s", path, verdict ? verdict : "nothing");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ret;
}

int store_replace(const char *target, const char *src, struct err *e)
{
	struct store *t = NULL;
	sqlite3 *from = NULL;
	if (store_open(&t, target, 1, e))
		return -1;
	int ret = -1;
	int rc = sqlite3_open_v2(src, &from, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, "%s: %s", src, sqlite3_errstr(rc));
		goto out;
	}
	ret = copy_db(store_db(t), from, target, e);
out:
	sqlite3_close(from);
	store_close(t);
	return ret;
}

int store_copy_file(const char *src, const char *dest, struct err *e)
{
	sqlite3 *from = NULL, *to = NULL;
	int ret = -1;
	int rc = sqlite3_open_v2(src, &from, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, "%s: %s", src, sqlite3_errstr(rc));
		goto out;
	}
	rc = sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, "%s: %s", dest, sqlite3_errstr(rc));
		goto out;
	}
	ret = copy_db(to, from, dest, e);
out:
	sqlite3_close(from);
	sqlite3_close(to);
	return ret;
}
