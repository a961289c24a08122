/* audit.c — appending to and reading the audit log (see audit.h). */
#include "audit.h"
#include "buf.h"
#include "date.h"

int audit_append(struct store *s, const char *user, const char *role, const char *action,
		 const char *entity, int64_t record_id, const char *detail, struct err *e)
{
	sqlite3_stmt *st = store_prepare_static(s, "INSERT INTO audit (at, user_name, role, action, entity, "
					 "record_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	if (!st)
		return -1;
	char now[DATETIME_LEN];
	date_now(now);
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, entity, -1, SQLITE_STATIC);
	if (record_id)
		sqlite3_bind_int64(st, 6, record_id);
	else
		sqlite3_bind_null(st, 6);
	if (detail)
		sqlite3_bind_text(st, 7, detail, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 7);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, "writing the audit log", e);
}

long audit_redact(struct store *s, const char *entity, int64_t record_id, struct err *e)
{
	sqlite3_stmt *st = store_prepare_static(s, "UPDATE audit SET detail = ? WHERE entity = ? AND "
					 "record_id = ? AND action IN ('add', 'edit', 'delete') AND "
					 "detail IS NOT NULL AND detail <> ?", e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, AUDIT_REDACTED, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, entity, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, record_id);
	sqlite3_bind_text(st, 4, AUDIT_REDACTED, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? (long)sqlite3_changes(store_db(s))
				 : store_error(s, rc, "redacting the audit log", e);
}

int audit_each(struct store *s, const struct audit_query *q, audit_fn fn, void *ctx, struct err *e)
{
	struct buf sql = BUF_INIT;
	/* With a limit: the newest entries, shown oldest first. */
	buf_adds(&sql, "SELECT * FROM (SELECT id, at, user_name, role, action, entity, record_id, detail "
		 "FROM audit WHERE (?1 IS NULL OR user_name = ?1) AND (?2 IS NULL OR entity = ?2) "
		 "AND (?3 IS NULL OR action = ?3) AND (?4 IS NULL OR at >= ?4) "
		 "AND (?5 IS NULL OR at < ?5) AND (?6 IS NULL OR record_id = ?6) ORDER BY id DESC");
	if (q->limit)
		buf_addf(&sql, " LIMIT %ld", q->limit);
	buf_adds(&sql, ") ORDER BY id");
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(store_db(s), sql.s, -1, &st, NULL);
	buf_release(&sql);
	if (rc != SQLITE_OK)
		return store_error(s, rc, "reading the audit log", e);
	const char *texts[] = { q->user, q->entity, q->action, q->since, q->until };
	for (int i = 0; i < 5; i++)
		if (texts[i])
			sqlite3_bind_text(st, i + 1, texts[i], -1, SQLITE_STATIC);
	if (q->record_id)
		sqlite3_bind_int64(st, 6, q->record_id);
	int ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry a = {
			.id = sqlite3_column_int64(st, 0),
			.at = (const char *)sqlite3_column_text(st, 1),
			.user = (const char *)sqlite3_column_text(st, 2),
			.role = (const char *)sqlite3_column_text(st, 3),
			.action = (const char *)sqlite3_column_text(st, 4),
			.entity = (const char *)sqlite3_column_text(st, 5),
			.record_id = sqlite3_column_int64(st, 6),
			.detail = (const char *)sqlite3_column_text(st, 7),
		};
		if ((ret = fn(ctx, &a)))
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = store_error(s, rc, "reading the audit log", e);
	sqlite3_finalize(st);
	return ret;
}
