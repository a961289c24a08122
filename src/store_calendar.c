/* store_calendar.c — reading and writing the calendar-feed key hash (see store_calendar.h).
 * Kept apart from store_record.c so the generic record code never learns of the column. */
#include "store_calendar.h"

#include <stdio.h>

int store_calendar_set(struct store *s, int64_t account_id, const char *hash, struct err *e)
{
	static const char sql[] = "UPDATE account SET calendar_key = ? WHERE id = ?";
	sqlite3_stmt *st = store_prepare_static(s, sql, e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, account_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, "setting the calendar key", e);
	return sqlite3_changes(store_db(s)) == 1 ? 0
		: err_set(e, "no user with id %lld", (long long)account_id);
}

int store_calendar_get(struct store *s, int64_t account_id, char *out, size_t n, struct err *e)
{
	static const char sql[] = "SELECT calendar_key FROM account WHERE id = ?";
	sqlite3_stmt *st = store_prepare_static(s, sql, e);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	int rc = sqlite3_step(st);
	const unsigned char *v = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	snprintf(out, n, "%s", v ? (const char *)v : "");
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_error(s, rc, "reading the calendar key", e);
}
