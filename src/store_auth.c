/* store_auth.c — reading accounts with their password hash, and setting it; the API's bearer
 * tokens (see store_auth.h).
 *
 * Kept apart from store_record.c on purpose: the generic record code is driven by model.c and
 * must never learn of the hash column or the token table. */
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

/* ---- bearer tokens ---- */

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

int store_auth_token_add(struct store *s, int64_t account_id, const char *hash, const char *created,
			 const char *expires, const char *note, int64_t *id, struct err *e)
{
	static const char sql[] = "INSERT INTO api_token (hash, account_id, created, expires, note) "
				  "VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *st = store_prepare_static(s, sql, e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, account_id);
	sqlite3_bind_text(st, 3, created, -1, SQLITE_TRANSIENT);
	bind_text_or_null(st, 4, expires);
	bind_text_or_null(st, 5, note);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, "adding a token", e);
	*id = sqlite3_last_insert_rowid(store_db(s));
	return 0;
}

int store_auth_token_set_hash(struct store *s, int64_t id, const char *hash, struct err *e)
{
	static const char sql[] = "UPDATE api_token SET hash = ? WHERE id = ?";
	sqlite3_stmt *st = store_prepare_static(s, sql, e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, "storing a token", e);
	return sqlite3_changes(store_db(s)) == 1 ? 0 : err_set(e, "no token with id %lld", (long long)id);
}

#define TOKEN_SELECT \
	"SELECT t.id, t.hash, t.account_id, u.name, t.created, t.expires, t.note, t.revoked " \
	"FROM api_token t JOIN account u ON u.id = t.account_id "

static void token_row(sqlite3_stmt *st, struct store_token *out)
{
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	copy_text(out->hash, sizeof out->hash, sqlite3_column_text(st, 1));
	out->account_id = sqlite3_column_int64(st, 2);
	copy_text(out->user, sizeof out->user, sqlite3_column_text(st, 3));
	copy_text(out->created, sizeof out->created, sqlite3_column_text(st, 4));
	copy_text(out->expires, sizeof out->expires, sqlite3_column_text(st, 5));
	copy_text(out->note, sizeof out->note, sqlite3_column_text(st, 6));
	copy_text(out->revoked, sizeof out->revoked, sqlite3_column_text(st, 7));
}

int store_auth_token_get(struct store *s, int64_t id, struct store_token *out, struct err *e)
{
	static const char sql[] = TOKEN_SELECT "WHERE t.id = ?";
	sqlite3_stmt *st = store_prepare_static(s, sql, e);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		token_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, "reading tokens", e);
}

int store_auth_token_each(struct store *s, int (*fn)(void *ctx, const struct store_token *t),
			  void *ctx, struct err *e)
{
	static const char sql[] = TOKEN_SELECT "ORDER BY t.id";
	sqlite3_stmt *st = store_prepare_static(s, sql, e);
	if (!st)
		return -1;
	int rc, out = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_token t;
		token_row(st, &t);
		if ((out = fn(ctx, &t)))
			break;
	}
	if (!out && rc != SQLITE_DONE)
		out = store_error(s, rc, "reading tokens", e);
	sqlite3_reset(st);
	return out;
}

int store_auth_token_revoke(struct store *s, int64_t id, const char *when, struct err *e)
{
	static const char sql[] = "UPDATE api_token SET revoked = ? WHERE id = ? AND revoked IS NULL";
	sqlite3_stmt *st = store_prepare_static(s, sql, e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, when, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, "revoking a token", e);
	return sqlite3_changes(store_db(s)) == 1 ? 0 : err_set(e, "no token %lld that is not already revoked",
							     (long long)id);
}
