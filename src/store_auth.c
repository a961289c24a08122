/* store_auth.c — reading accounts with their password hash, and setting it (see store_auth.h).
 *
 * Kept apart from store_record.c on purpose: the generic record code is driven by model.c and
 * must never learn of the hash column. */
#include "store_auth.h"

#include <stdio.h>
#include <string.h>

static void copy_text(char *out, size_t n, const unsigned char *s)
{
	snprintf(out, n, "%s", s ? (const char *)s : "");
}

int store_auth_account(struct store *s, const char *name, struct store_account *out, struct err *e)
{
	static const char sql[] =
		"SELECT u.id, u.name, u.role, u.agency_id, g.name, u.disabled, u.password_hash "
		"FROM account u JOIN agency g ON g.id = u.agency_id WHERE u.name = ?";
	sqlite3_stmt *st = store_prepare_static(s, sql, e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : store_error(s, rc, "reading users", e);
	}
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	copy_text(out->name, sizeof out->name, sqlite3_column_text(st, 1));
	copy_text(out->role, sizeof out->role, sqlite3_column_text(st, 2));
	out->agency_id = sqlite3_column_int64(st, 3);
	copy_text(out->agency, sizeof out->agency, sqlite3_column_text(st, 4));
	out->disabled = sqlite3_column_int(st, 5);
	copy_text(out->hash, sizeof out->hash, sqlite3_column_text(st, 6));
	sqlite3_reset(st);
	return 1;
}

int store_auth_set_hash(struct store *s, int64_t id, const char *hash, struct err *e)
{
	static const char sql[] = "UPDATE account SET password_hash = ? WHERE id = ?";
	sqlite3_stmt *st = store_prepare_static(s, sql, e);
	if (!st)
		return -1;
	if (hash)
		sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 1);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, "setting the password", e);
	return sqlite3_changes(store_db(s)) == 1 ? 0 : err_set(e, "no user with id %lld", (long long)id);
}
