/* store_record.c — generic record SQL, built from the descriptors in model.c.
 *
 * Identifiers in the generated SQL come only from model.c (never from input); every value is
 * a bound parameter.  Generated statements are cached by store_prepare, so an import of a
 * million rows prepares each statement once. */
#include "store_record.h"
#include "buf.h"
#include "date.h"
#include "pnr.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Generated SQL text, built once per (descriptor, purpose) and kept for the process: the
 * descriptors are static, so the texts never change.  Saves formatting a statement per row
 * in a million-row import. */
enum sql_kind { SQL_INSERT, SQL_BULK_INSERT, SQL_ITEMS_INSERT, SQL_REF_KEY, SQL_REF_ID, SQL_REF_NAME,
		SQL_SELECT, SQL_SELECT_RAW };
struct sql_text {
	const void *owner;
	enum sql_kind kind;
	char *sql;
};
static struct sql_text sql_texts[1024];
static size_t nsql_texts;
static pthread_mutex_t sql_texts_lock = PTHREAD_MUTEX_INITIALIZER;   /* the server's threads */

static const char *sql_cached(const void *owner, enum sql_kind kind)
{
	const char *found = NULL;
	pthread_mutex_lock(&sql_texts_lock);
	for (size_t i = 0; i < nsql_texts && !found; i++)
		if (sql_texts[i].owner == owner && sql_texts[i].kind == kind)
			found = sql_texts[i].sql;
	pthread_mutex_unlock(&sql_texts_lock);
	return found;
}

/* Keeps b's text for (owner, kind) and returns it; b is released.  (Two threads making the
 * same text both keep theirs: the same SQL, found first the one kept first.) */
static const char *sql_keep(const void *owner, enum sql_kind kind, struct buf *b)
{
	const char *kept;
	pthread_mutex_lock(&sql_texts_lock);
	if (nsql_texts == sizeof sql_texts / sizeof sql_texts[0]) {
		static char overflow[8192];   /* never reached with model.c's few dozen texts */
		snprintf(overflow, sizeof overflow, "%s", b->s);
		buf_release(b);
		kept = overflow;
	} else {
		sql_texts[nsql_texts].owner = owner;
		sql_texts[nsql_texts].kind = kind;
		sql_texts[nsql_texts].sql = buf_detach(b);
		kept = sql_texts[nsql_texts++].sql;
	}
	pthread_mutex_unlock(&sql_texts_lock);
	return kept;
}

void store_column(const struct field *f, char *out, size_t n)
{
	snprintf(out, n, f->type == F_REF ? "%s_id" : "%s", f->name);
}

static int stored(const struct field *f)
{
	return f->type != F_LIST && !(f->flags & FF_DERIVED);
}

static void bind_value(sqlite3_stmt *st, int i, const struct field *f, const char *v)
{
	if (!v) {
		sqlite3_bind_null(st, i);
		return;
	}
	switch (f->type) {
	case F_INT:
	case F_REF:
	case F_BOOL:
		sqlite3_bind_int64(st, i, strtoll(v, NULL, 10));
		break;
	case F_REAL:
		sqlite3_bind_double(st, i, strtod(v, NULL));
		break;
	default:
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	}
}

static const char *entity_label(const struct entity *en)
{
	return en->name;
}

static int step_done(struct store *s, sqlite3_stmt *st, const struct entity *en, const char *what,
		     struct err *e)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return 0;
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		const char *m = sqlite3_errmsg(store_db(s));
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
			/* "UNIQUE constraint failed: t.a_id, t.b" → "a, b" */
			char cols[256];
			size_t len = 0;
			const char *p = strchr(m, ':');
			p = p ? p + 1 : m;
			while (*p && len + 1 < sizeof cols) {
				while (*p == ' ' || *p == ',')
					p++;
				const char *end = p + strcspn(p, ",");
				const char *dot = memchr(p, '.', (size_t)(end - p));
				const char *name = dot ? dot + 1 : p;
				size_t nlen = (size_t)(end - name);
				if (nlen > 3 && !strncmp(end - 3, "_id", 3))
					nlen -= 3;
				if (nlen)
					len += (size_t)snprintf(cols + len, sizeof cols - len, "%s%.*s", len ? ", " : "",
								(int)nlen, name);
				p = end;
			}
			err_set(e, "duplicate %s: one with the same %s already exists", entity_label(en),
				len ? cols : "id");
			return STORE_DUPLICATE;
		}
		if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
			return err_set(e, "%s %s refers to a record that does not exist, or is referred to",
				       entity_label(en), what);
		if (rc == SQLITE_CONSTRAINT_NOTNULL) {
			const char *dot = strrchr(m, '.');
			return err_set(e, "%s: %s is required", entity_label(en), dot ? dot + 1 : m);
		}
	}
	return store_error(s, rc, what, e);
}

static const struct entity *ref_entity(const struct field *f)
{
	const struct entity *t = model_entity(f->ref);
	return t;
}

/* ---- children (list fields) ---- */

static int insert_items(struct store *s, const struct record *r, size_t fi, struct err *e)
{
	const struct field *f = &r->e->fields[fi];
	const struct entity *it = f->item;
	const char *sql = sql_cached(it, SQL_ITEMS_INSERT);
	if (!sql) {
		struct buf b = BUF_INIT;
		char col[64];
		buf_addf(&b, "INSERT INTO %s (parent_id, pos", it->table);
		for (size_t j = 0; j < it->nfields; j++) {
			store_column(&it->fields[j], col, sizeof col);
			buf_addf(&b, ", %s", col);
		}
		buf_adds(&b, ") VALUES (?, ?");
		for (size_t j = 0; j < it->nfields; j++)
			buf_adds(&b, ", ?");
		buf_adds(&b, ")");
		sql = sql_keep(it, SQL_ITEMS_INSERT, &b);
	}
	int rc = 0;
	for (size_t i = 0; i < r->lists[fi].n && !rc; i++) {
		sqlite3_stmt *st = store_prepare_static(s, sql, e);
		if (!st) {
			rc = -1;
			break;
		}
		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		for (size_t j = 0; j < it->nfields; j++)
			bind_value(st, (int)j + 3, &it->fields[j], r->lists[fi].item[i][j]);
		rc = step_done(s, st, r->e, f->name, e);
		sqlite3_reset(st);
	}
	return rc;
}

static int delete_items(struct store *s, const struct record *r, size_t fi, struct err *e)
{
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "DELETE FROM %s WHERE parent_id = ?", r->e->fields[fi].item->table);
	sqlite3_stmt *st = store_prepare(s, sql.s, e);
	buf_release(&sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, r->id);
	int rc = step_done(s, st, r->e, r->e->fields[fi].name, e);
	sqlite3_reset(st);
	return rc;
}

/* ---- insert / update / delete ---- */

static int bulk_take(struct store *s, struct record *r, struct err *e);

/* "INSERT INTO table (id, columns…) VALUES (?, …)" for en, built once. */
static const char *insert_sql(const struct entity *en)
{
	const char *sql = sql_cached(en, SQL_INSERT);
	if (sql)
		return sql;
	struct buf b = BUF_INIT, vals = BUF_INIT;
	char col[64];
	buf_addf(&b, "INSERT INTO %s (id", en->table);
	buf_adds(&vals, "?");
	for (size_t i = 0; i < en->nfields; i++) {
		if (!stored(&en->fields[i]))
			continue;
		store_column(&en->fields[i], col, sizeof col);
		buf_addf(&b, ", %s", col);
		buf_adds(&vals, ", ?");
	}
	buf_addf(&b, ") VALUES (%s)", vals.s);
	buf_release(&vals);
	return sql_keep(en, SQL_INSERT, &b);
}

int store_record_insert(struct store *s, struct record *r, struct err *e)
{
	const struct entity *en = r->e;
	int taken = bulk_take(s, r, e);
	if (taken)
		return taken > 0 ? 0 : taken;
	const char *sql = insert_sql(en);
	sqlite3_stmt *st = store_prepare_static(s, sql, e);
	if (!st)
		return -1;
	int k = 1;
	if (r->id)
		sqlite3_bind_int64(st, k, r->id);
	k++;
	for (size_t i = 0; i < en->nfields; i++)
		if (stored(&en->fields[i]))
			bind_value(st, k++, &en->fields[i], r->v[i]);
	int rc = step_done(s, st, en, "insert", e);
	sqlite3_reset(st);
	if (rc)
		return rc;
	r->id = sqlite3_last_insert_rowid(store_db(s));
	for (size_t i = 0; i < en->nfields; i++)
		if (en->fields[i].type == F_LIST && r->lists[i].n && insert_items(s, r, i, e))
			return -1;
	return 0;
}

int store_record_update(struct store *s, const struct record *r, struct err *e)
{
	const struct entity *en = r->e;
	struct buf sql = BUF_INIT;
	char col[64];
	int n = 0;
	buf_addf(&sql, "UPDATE %s SET ", en->table);
	for (size_t i = 0; i < en->nfields; i++) {
		if (!r->given[i] || !stored(&en->fields[i]))
			continue;
		store_column(&en->fields[i], col, sizeof col);
		buf_addf(&sql, "%s%s = ?", n++ ? ", " : "", col);
	}
	buf_adds(&sql, " WHERE id = ?");
	int rc = 0;
	if (n) {
		sqlite3_stmt *st = store_prepare(s, sql.s, e);
		if (!st) {
			buf_release(&sql);
			return -1;
		}
		int k = 1;
		for (size_t i = 0; i < en->nfields; i++)
			if (r->given[i] && stored(&en->fields[i]))
				bind_value(st, k++, &en->fields[i], r->v[i]);
		sqlite3_bind_int64(st, k, r->id);
		rc = step_done(s, st, en, "update", e);
		sqlite3_reset(st);
	}
	buf_release(&sql);
	for (size_t i = 0; i < en->nfields && !rc; i++)
		if (en->fields[i].type == F_LIST && r->given[i])
			rc = delete_items(s, r, i, e) || insert_items(s, r, i, e) ? -1 : 0;
	return rc;
}

int store_record_delete(struct store *s, const struct entity *en, int64_t id, struct err *e)
{
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "DELETE FROM %s WHERE id = ?", en->table);
	sqlite3_stmt *st = store_prepare(s, sql.s, e);
	buf_release(&sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = step_done(s, st, en, "delete", e);
	sqlite3_reset(st);
	return rc;
}

long store_record_delete_by_ref(struct store *s, const struct entity *en, const struct field *f,
				int64_t id, struct err *e)
{
	char col[64];
	store_column(f, col, sizeof col);
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "DELETE FROM %s WHERE %s = ?", en->table, col);
	sqlite3_stmt *st = store_prepare(s, sql.s, e);
	buf_release(&sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = step_done(s, st, en, "delete", e);
	sqlite3_reset(st);
	return rc ? -1 : (long)sqlite3_changes(store_db(s));
}

long store_record_ids_by_ref(struct store *s, const struct entity *en, const struct field *f,
			     int64_t id, int64_t **ids, struct err *e)
{
	char col[64];
	store_column(f, col, sizeof col);
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "SELECT id FROM %s WHERE %s = ? ORDER BY id", en->table, col);
	sqlite3_stmt *st = store_prepare(s, sql.s, e);
	buf_release(&sql);
	*ids = NULL;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	long n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			int64_t *p = realloc(*ids, (size_t)cap * sizeof *p);
			if (!p) {
				sqlite3_reset(st);
				return err_set(e, "out of memory");
			}
			*ids = p;
		}
		(*ids)[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : store_error(s, rc, "reading references", e);
}

/* ---- reading ---- */

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The SQL expression for a field's display value in a SELECT over alias `t`. */
static void display_expr(struct buf *b, const struct field *f, const char *t, int raw)
{
	char col[64];
	store_column(f, col, sizeof col);
	if (f->type == F_REF && !raw) {
		const struct entity *target = ref_entity(f);
		const struct field *key = model_key(target);
		if (key) {
			buf_addf(b, "(SELECT r.%s FROM %s r WHERE r.id = %s.%s)", key->name, target->table, t, col);
			return;
		}
	}
	if (f->type == F_REAL) {   /* print as record_set normalises, so exports round-trip */
		buf_addf(b, "CASE WHEN %s.%s IS NULL THEN NULL ELSE printf('%%.7g', %s.%s) END", t, col, t, col);
		return;
	}
	buf_addf(b, "%s.%s", t, col);
}

/* Derived fields: SQL where the store can answer, C otherwise (age_band). */
static int derived_expr(struct buf *b, const struct entity *en, const struct field *f)
{
	if (!strcmp(en->name, "incident") && !strcmp(f->name, "gmi")) {
		/* A group member involved: a confirmed incident with, as suspect or victim, a
		 * person whose membership overlaps the incident's date (or its month or year, when
		 * that is all that is known), or a group recorded as involved with more than
		 * "possible" confidence.  Dates are ISO text: "2024-03" sorts before every day of
		 * March 2024 and "2024-03~" after them. */
		buf_adds(b, "(coalesce(t.status, 'confirmed') <> 'unfounded' AND ("
			 "EXISTS (SELECT 1 FROM involvement v JOIN membership m ON m.person_id = v.person_id"
			 " WHERE v.incident_id = t.id AND v.role IN ('suspect', 'victim')"
			 " AND (m.since IS NULL OR m.since <= substr(t.occurred, 1, 10) || '~')"
			 " AND (m.until IS NULL OR m.until >= substr(t.occurred, 1, 10)))"
			 " OR EXISTS (SELECT 1 FROM group_involvement g WHERE g.incident_id = t.id"
			 " AND g.confidence IN ('confirmed', 'probable'))))");
		return 1;
	}
	if (!strcmp(en->name, "membership") && !strcmp(f->name, "minor")) {
		/* The member's birth date, else the one in the personnummer (day - 60 for a
		 * samordningsnummer); row_to_record turns it into the flag. */
		buf_adds(b, "(SELECT coalesce(p.birth, CASE WHEN p.pnr IS NULL THEN NULL ELSE"
			 " substr(p.pnr, 1, 4) || '-' || substr(p.pnr, 5, 2) || '-' ||"
			 " printf('%02d', CAST(substr(p.pnr, 7, 2) AS INTEGER) % 60) END)"
			 " FROM person p WHERE p.id = t.person_id)");
		return 1;
	}
	return 0;
}

/* A person's birth date: the recorded one, else the one in the personnummer. */
static const char *birth_of(const char *birth, const char *pnr, char out[DATE_LEN])
{
	if (birth)
		return birth;
	if (pnr && !pnr_birth_date(pnr, out))
		return out;
	return NULL;
}

static void age_band(const char *birth, char *out, size_t n)
{
	out[0] = '\0';
	if (!birth)
		return;
	char today[DATE_LEN];
	date_today(today);
	int age = date_age(birth, today);
	if (age < 0)
		return;
	snprintf(out, n, "%s", age < 18 ? "under 18" : age < 21 ? "under 21" : "adult");
}

/* The SQL reading the items of list entity `it`, made once per process and kept (so found
 * again by its pointer: the statement cache then compares no text).  Every row of a listing
 * with a list field asks for it. */
static const char *items_sql(const struct entity *it, int raw)
{
	static struct { const struct entity *it; int raw; char *sql; } made[32];
	static size_t nmade;
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&lock);
	const char *found = NULL;
	for (size_t i = 0; i < nmade && !found; i++)
		if (made[i].it == it && made[i].raw == raw)
			found = made[i].sql;
	if (!found) {
		struct buf sql = BUF_INIT;
		buf_adds(&sql, "SELECT ");
		for (size_t j = 0; j < it->nfields; j++) {
			if (j)
				buf_adds(&sql, ", ");
			display_expr(&sql, &it->fields[j], "c", raw);
		}
		buf_addf(&sql, " FROM %s c WHERE c.parent_id = ? ORDER BY c.pos", it->table);
		char *text = buf_detach(&sql);
		if (nmade < sizeof made / sizeof made[0]) {
			made[nmade].it = it;
			made[nmade].raw = raw;
			made[nmade++].sql = text;
		}
		found = text;   /* (more list kinds than slots cannot happen: model.c has 9) */
	}
	pthread_mutex_unlock(&lock);
	return found;
}

static int load_items(struct store *s, struct record *r, size_t fi, int raw, struct err *e)
{
	const struct entity *it = r->e->fields[fi].item;
	sqlite3_stmt *st = store_prepare_static(s, items_sql(it, raw), e);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, r->id);
	const char *vals[16];
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (size_t j = 0; j < it->nfields && j < 16; j++)
			vals[j] = col_text(st, (int)j);
		record_put_item(r, fi, vals);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, "reading a list", e);
}

/* Appends "SELECT t.id, <fields…> FROM table t" for en, made once per process and kept (a
 * listing otherwise formatted a subquery per reference each time: a tenth of the dashboard). */
static void select_sql(struct buf *out, const struct entity *en, int raw)
{
	const char *kept = sql_cached(en, raw ? SQL_SELECT_RAW : SQL_SELECT);
	if (kept) {
		buf_adds(out, kept);
		return;
	}
	struct buf made = BUF_INIT, *b = &made;
	buf_adds(b, "SELECT t.id");
	for (size_t i = 0; i < en->nfields; i++) {
		const struct field *f = &en->fields[i];
		if (f->type == F_LIST)
			continue;
		buf_adds(b, ", ");
		if (f->flags & FF_DERIVED) {
			if (!derived_expr(b, en, f))
				buf_adds(b, "NULL");
			continue;
		}
		display_expr(b, f, "t", raw);
	}
	buf_addf(b, " FROM %s t", en->table);
	buf_adds(out, sql_keep(en, raw ? SQL_SELECT_RAW : SQL_SELECT, b));
}

/* Fills r from the current row of st (column 0 id, then each non-list field), and its list
 * fields unless lists is 0. */
static int row_to_record(struct store *s, sqlite3_stmt *st, struct record *r, int raw, int lists,
			 struct err *e)
{
	const struct entity *en = r->e;
	record_clear(r);
	r->id = sqlite3_column_int64(st, 0);
	int k = 1;
	for (size_t i = 0; i < en->nfields; i++) {
		const struct field *f = &en->fields[i];
		if (f->type == F_LIST)
			continue;
		record_put(r, i, col_text(st, k++));
	}
	for (size_t i = 0; i < en->nfields; i++) {
		const struct field *f = &en->fields[i];
		if (f->type == F_LIST && lists && load_items(s, r, i, raw, e))
			return -1;
		if ((f->flags & FF_DERIVED) && !strcmp(f->name, "age_band")) {
			char band[16], from_pnr[DATE_LEN];
			age_band(birth_of(record_get(r, "birth"), record_get(r, "pnr"), from_pnr), band,
				 sizeof band);
			record_put(r, i, *band ? band : NULL);
		}
		if ((f->flags & FF_DERIVED) && !strcmp(f->name, "minor") && r->v[i]) {
			/* under 18 on the membership's last day: until, else today */
			char today[DATE_LEN];
			const char *on = record_get(r, "until");
			if (!on) {
				date_today(today);
				on = today;
			}
			int age = date_age(r->v[i], on);
			record_put(r, i, age < 0 ? NULL : age < 18 ? "1" : "0");
		}
	}
	return 0;
}

int store_record_load(struct store *s, const struct entity *en, int64_t id, struct record *out,
		      struct err *e)
{
	struct buf sql = BUF_INIT;
	select_sql(&sql, en, 1);
	buf_adds(&sql, " WHERE t.id = ?");
	sqlite3_stmt *st = store_prepare(s, sql.s, e);
	buf_release(&sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		/* the statement is cached and may be reused by load_items' callers: copy first */
		int r = row_to_record(s, st, out, 1, 1, e);
		sqlite3_reset(st);
		return r ? -1 : 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, "reading", e);
}

static const struct field *alias_list(const struct entity *en)
{
	for (const struct field *f = en->fields; f->name; f++)
		if (f->type == F_LIST && !strcmp(f->name, "aliases"))
			return f;
	return NULL;
}

int store_record_each(struct store *s, const struct entity *en, const struct store_query *q,
		      store_row_fn fn, void *ctx, struct err *e)
{
	struct buf sql = BUF_INIT;
	char col[64];
	select_sql(&sql, en, 0);
	const char *glue = " WHERE ";
	if (q && q->id) {
		buf_addf(&sql, "%st.id = ?", glue);
		glue = " AND ";
	}
	if (q && q->where) {
		for (size_t i = 0; i < en->nfields; i++) {
			if (!q->where->given[i] || !stored(&en->fields[i]))
				continue;
			store_column(&en->fields[i], col, sizeof col);
			if (q->where->v[i])
				buf_addf(&sql, "%st.%s = ?", glue, col);
			else
				buf_addf(&sql, "%st.%s IS NULL", glue, col);
			glue = " AND ";
		}
	}
	if (q && q->before_field && q->before && model_field(en, q->before_field)) {
		store_column(model_field(en, q->before_field), col, sizeof col);
		buf_addf(&sql, "%st.%s < ?", glue, col);
		glue = " AND ";
	}
	if (q && q->after_field && q->after && model_field(en, q->after_field)) {
		store_column(model_field(en, q->after_field), col, sizeof col);
		buf_addf(&sql, "%st.%s >= ?", glue, col);
		glue = " AND ";
	}
	int nlike = 0;
	if (q && q->search) {
		const struct field *name = model_field(en, "name"), *key = model_key(en);
		const struct field *aliases = alias_list(en);
		buf_addf(&sql, "%s(CAST(t.id AS TEXT) = ?", glue);
		if (name && ++nlike)
			buf_adds(&sql, " OR t.name LIKE ?");
		if (key && key != name && ++nlike)
			buf_addf(&sql, " OR t.%s LIKE ?", key->name);
		if (aliases && ++nlike)
			buf_addf(&sql, " OR EXISTS (SELECT 1 FROM %s a WHERE a.parent_id = t.id AND a.alias LIKE ?)",
				 aliases->item->table);
		buf_adds(&sql, ")");
		glue = " AND ";
	}
	const struct field *of = q && q->order_field ? model_field(en, q->order_field) : NULL;
	if (of && stored(of)) {
		store_column(of, col, sizeof col);
		buf_addf(&sql, " ORDER BY t.%s%s,", col, q->descending ? " DESC" : "");
	} else {
		buf_adds(&sql, " ORDER BY");
	}
	buf_addf(&sql, " t.id%s", q && q->descending ? " DESC" : "");
	if (q && (q->limit || q->offset))
		buf_addf(&sql, " LIMIT %ld OFFSET %ld", q->limit ? q->limit : -1L, q->offset);
	/* The statement stays active while fn runs, and fn may itself read: an idle one. */
	int cached;
	sqlite3_stmt *st = store_prepare_idle(s, sql.s, &cached, e);
	buf_release(&sql);
	if (!st)
		return -1;
	int rc;
	int k = 1;
	if (q && q->id)
		sqlite3_bind_int64(st, k++, q->id);
	if (q && q->where)
		for (size_t i = 0; i < en->nfields; i++)
			if (q->where->given[i] && stored(&en->fields[i]) && q->where->v[i])
				bind_value(st, k++, &en->fields[i], q->where->v[i]);
	if (q && q->before_field && q->before && model_field(en, q->before_field))
		sqlite3_bind_text(st, k++, q->before, -1, SQLITE_TRANSIENT);
	if (q && q->after_field && q->after && model_field(en, q->after_field))
		sqlite3_bind_text(st, k++, q->after, -1, SQLITE_TRANSIENT);
	if (q && q->search) {
		struct buf like = BUF_INIT;
		buf_addf(&like, "%%%s%%", q->search);
		sqlite3_bind_text(st, k++, q->search, -1, SQLITE_TRANSIENT);
		for (int j = 0; j < nlike; j++)
			sqlite3_bind_text(st, k++, like.s, -1, SQLITE_TRANSIENT);
		buf_release(&like);
	}
	struct record r;
	record_init(&r, en);
	int ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (row_to_record(s, st, &r, 0, !(q && q->without_lists), e)) {
			ret = -1;
			break;
		}
		if ((ret = fn(ctx, &r)))
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = store_error(s, rc, "listing", e);
	if (cached) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	} else {
		sqlite3_finalize(st);
	}
	record_release(&r);
	return ret;
}

int store_record_ids(struct store *s, const struct entity *en, unsigned char **bits, int64_t *nbits,
		     struct err *e)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT max(id) FROM %s", en->table);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_error(s, rc, "reading ids", e);
	int64_t max = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	*nbits = max + 1;
	*bits = calloc((size_t)(*nbits + 7) / 8, 1);
	if (!*bits)
		return err_set(e, "out of memory");
	snprintf(sql, sizeof sql, "SELECT id FROM %s", en->table);
	if ((rc = sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL)) != SQLITE_OK)
		return store_error(s, rc, "reading ids", e);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id >= 0 && id < *nbits)
			(*bits)[id / 8] |= (unsigned char)(1u << (id % 8));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, "reading ids", e);
}

long store_record_count(struct store *s, const struct entity *en, struct err *e)
{
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "SELECT count(*) FROM %s", en->table);
	sqlite3_stmt *st = store_prepare(s, sql.s, e);
	buf_release(&sql);
	if (!st)
		return -1;
	long n = -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	else
		store_error(s, rc, "counting", e);
	sqlite3_reset(st);
	return n;
}

int store_record_counts(struct store *s, const struct entity *const *ens, size_t n, long *out,
			struct err *e)
{
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT ");
	for (size_t i = 0; i < n; i++)
		buf_addf(&sql, "%s(SELECT count(*) FROM %s)", i ? ", " : "", ens[i]->table);
	sqlite3_stmt *st = store_prepare(s, sql.s, e);
	buf_release(&sql);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	for (size_t i = 0; i < n && rc == SQLITE_ROW; i++)
		out[i] = (long)sqlite3_column_int64(st, (int)i);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store_error(s, rc, "counting", e);
}

/* ---- references ---- */

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int find_one(struct store *s, const char *sql, const char *arg, int64_t *id, long *count,
		    struct buf *codes, struct err *e)
{
	sqlite3_stmt *st = store_prepare_static(s, sql, e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	int rc;
	*count = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!*count)
			*id = sqlite3_column_int64(st, 0);
		(*count)++;
		if (codes && *count <= 5)
			buf_addf(codes, "%s%s", *count > 1 ? ", " : "", col_text(st, 1) ? col_text(st, 1) : "?");
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, "looking up", e);
}

static const char *ref_sql(const struct entity *target, enum sql_kind kind)
{
	const char *sql = sql_cached(target, kind);
	if (sql)
		return sql;
	const struct field *key = model_key(target);
	struct buf b = BUF_INIT;
	if (kind == SQL_REF_KEY)
		buf_addf(&b, "SELECT id FROM %s WHERE %s = ?", target->table, key->name);
	else if (kind == SQL_REF_ID)
		buf_addf(&b, "SELECT id FROM %s WHERE id = ?", target->table);
	else
		buf_addf(&b, "SELECT id, %s FROM %s WHERE name = ? ORDER BY id", key ? key->name : "id",
			 target->table);
	return sql_keep(target, kind, &b);
}

int store_ref_find(struct store *s, const struct entity *target, const char *raw, int64_t *id,
		   struct err *e)
{
	enum store_ref_how how;
	return store_ref_find_how(s, target, raw, id, &how, e);
}

int store_ref_find_how(struct store *s, const struct entity *target, const char *raw, int64_t *id,
		       enum store_ref_how *how, struct err *e)
{
	const struct field *key = model_key(target);
	long n = 0;
	*how = STORE_REF_BY_KEY;
	if (key) {
		if (find_one(s, ref_sql(target, SQL_REF_KEY), raw, id, &n, NULL, e))
			return -1;
		if (n)
			return 0;
	}
	*how = STORE_REF_BY_ID;
	if (all_digits(raw)) {
		if (find_one(s, ref_sql(target, SQL_REF_ID), raw, id, &n, NULL, e))
			return -1;
		if (n)
			return 0;
	}
	*how = STORE_REF_BY_NAME;
	const struct field *name = model_field(target, "name");
	if (name && name != key) {
		struct buf codes = BUF_INIT;
		int rc = find_one(s, ref_sql(target, SQL_REF_NAME), raw, id, &n, &codes, e);
		if (!rc && n > 1)
			rc = err_set(e, "%ld %ss are named \"%s\" (%s); name one by its %s", n, target->name,
				     raw, codes.s, key ? key->name : "id");
		buf_release(&codes);
		if (rc || n)
			return rc;
	}
	if (key && name == key)
		return err_set(e, "no %s named \"%s\"", target->name, raw);
	if (key)
		return err_set(e, "no %s with %s, id or name \"%s\"", target->name, key->name, raw);
	if (all_digits(raw))
		return err_set(e, "no %s with id %s", target->name, raw);
	return err_set(e, "expected the id (a number) of a %s, got \"%s\"", target->name, raw);
}

long store_ref_count(struct store *s, const struct entity *target, int64_t id, char *out, size_t n,
		     struct err *e)
{
	long total = 0;
	size_t len = 0;
	out[0] = '\0';
	char col[64];
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *en = model_entities[i];
		for (const struct field *f = en->fields; f->name; f++) {
			const struct entity *holder = en;
			const struct field *rf = f;
			const char *idcol = "id";
			if (f->type == F_LIST) {   /* look inside list items */
				holder = f->item;
				rf = &f->item->fields[0];
				idcol = "parent_id";
				for (const struct field *sf = f->item->fields; sf->name; sf++)
					if (sf->type == F_REF && !strcmp(sf->ref, target->name))
						rf = sf;
			}
			if (rf->type != F_REF || strcmp(rf->ref, target->name))
				continue;
			struct buf sql = BUF_INIT;
			store_column(rf, col, sizeof col);
			buf_addf(&sql, "SELECT count(DISTINCT %s) FROM %s WHERE %s = ?", idcol, holder->table, col);
			sqlite3_stmt *st = store_prepare(s, sql.s, e);
			buf_release(&sql);
			if (!st)
				return -1;
			sqlite3_bind_int64(st, 1, id);
			long c = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
			sqlite3_reset(st);
			if (c && len < n)
				len += (size_t)snprintf(out + len, n - len, "%s%ld %s%s", total ? ", " : "", c,
							en->name, c == 1 ? "" : "s");
			total += c;
		}
	}
	return total;
}

/* ---- schema guard ---- */

static int check_table(struct store *s, const struct entity *en, int child, struct err *e)
{
	struct buf sql = BUF_INIT;
	char col[64];
	buf_addf(&sql, "SELECT %s", child ? "parent_id, pos" : "id");
	for (const struct field *f = en->fields; f->name; f++) {
		if (!stored(f))
			continue;
		store_column(f, col, sizeof col);
		buf_addf(&sql, ", %s", col);
	}
	buf_addf(&sql, " FROM %s LIMIT 0", en->table);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(store_db(s), sql.s, -1, &st, NULL);
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		err_set(e, "internal error: schema and model disagree on %s: %s", en->table,
			sqlite3_errmsg(store_db(s)));
	buf_release(&sql);
	if (rc != SQLITE_OK)
		return -1;
	for (const struct field *f = en->fields; f->name; f++)
		if (f->type == F_LIST && check_table(s, f->item, 1, e))
			return -1;
	return 0;
}

int store_check_schema(struct store *s, struct err *e)
{
	for (size_t i = 0; i < model_nentities; i++)
		if (check_table(s, model_entities[i], 0, e))
			return -1;
	return 0;
}

/* ---- bulk appends (see store_record.h) ---- */

/* One batch at a time per process: gvi imports one entity after another. */
static struct bulk {
	struct store *s;
	const struct entity *en;
	int64_t next_id;
	size_t nrows, ncols;
	char **cells;            /* nrows × ncols values (column 0, the id, unused), owned */
	int64_t ids[STORE_BULK_ROWS];
	int64_t failed_id;
} bulk;

static int has_lists(const struct entity *en)
{
	for (const struct field *f = en->fields; f->name; f++)
		if (f->type == F_LIST)
			return 1;
	return 0;
}

static void bulk_free_rows(void)
{
	for (size_t i = 0; i < bulk.nrows * bulk.ncols; i++) {
		free(bulk.cells[i]);
		bulk.cells[i] = NULL;
	}
	bulk.nrows = 0;
}

int store_bulk_begin(struct store *s, const struct entity *en, struct err *e)
{
	if (bulk.en || model_key(en) || has_lists(en))
		return 0;
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*), coalesce(max(id), 0) FROM %s", en->table);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_error(s, rc, "reading", e);
	int empty = 0;
	int64_t max = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		empty = sqlite3_column_int64(st, 0) == 0;
		max = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (!empty)
		return 0;
	bulk.s = s;
	bulk.en = en;
	bulk.next_id = max + 1;
	bulk.ncols = 1;
	for (size_t i = 0; i < en->nfields; i++)
		bulk.ncols += stored(&en->fields[i]);
	bulk.cells = calloc(STORE_BULK_ROWS * bulk.ncols, sizeof *bulk.cells);
	if (!bulk.cells)
		abort();
	return 0;
}

/* Binds row `row` of the buffer at parameter k onwards; returns the next parameter. */
static int bulk_bind_row(sqlite3_stmt *st, size_t row, int k)
{
	const struct entity *en = bulk.en;
	char **cells = bulk.cells + row * bulk.ncols;
	sqlite3_bind_int64(st, k++, bulk.ids[row]);
	size_t c = 1;
	for (size_t i = 0; i < en->nfields; i++)
		if (stored(&en->fields[i]))
			bind_value(st, k++, &en->fields[i], cells[c++]);
	return k;
}

/* Writes the buffered rows: all at once, or row by row to find the one that fails. */
static int bulk_flush(struct err *e)
{
	if (!bulk.nrows)
		return 0;
	const char *one = insert_sql(bulk.en);
	int rc = SQLITE_OK;
	if (bulk.nrows == STORE_BULK_ROWS) {
		const char *many = sql_cached(bulk.en, SQL_BULK_INSERT);
		if (!many) {
			struct buf b = BUF_INIT;
			const char *values = strstr(one, " VALUES ");
			buf_add(&b, one, (size_t)(values - one));
			buf_adds(&b, " VALUES ");
			for (int i = 0; i < STORE_BULK_ROWS; i++)
				buf_addf(&b, "%s%s", i ? ", " : "", values + 8);
			many = sql_keep(bulk.en, SQL_BULK_INSERT, &b);
		}
		sqlite3_stmt *st = store_prepare_static(bulk.s, many, e);
		if (!st)
			return -1;
		int k = 1;
		for (size_t row = 0; row < bulk.nrows; row++)
			k = bulk_bind_row(st, row, k);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_DONE) {
			bulk_free_rows();
			return 0;
		}
	}
	/* A short last group, or a failed one: row by row (SQLite undid the failed statement). */
	sqlite3_stmt *st = store_prepare_static(bulk.s, one, e);
	if (!st)
		return -1;
	for (size_t row = 0; row < bulk.nrows; row++) {
		bulk_bind_row(st, row, 1);
		rc = step_done(bulk.s, st, bulk.en, "insert", e);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		if (rc) {
			bulk.failed_id = bulk.ids[row];
			bulk_free_rows();
			return STORE_BULK_FAILED;
		}
	}
	bulk_free_rows();
	return 0;
}

/* Takes r into the buffer if a batch for its entity is open: 1 taken, 0 not, <0 error. */
static int bulk_take(struct store *s, struct record *r, struct err *e)
{
	if (bulk.en != r->e || bulk.s != s || r->id)
		return 0;
	r->id = bulk.next_id++;
	bulk.ids[bulk.nrows] = r->id;
	char **cells = bulk.cells + bulk.nrows * bulk.ncols;
	size_t c = 1;
	for (size_t i = 0; i < r->e->nfields; i++)
		if (stored(&r->e->fields[i]))
			cells[c++] = r->v[i] ? strdup(r->v[i]) : NULL;
	if (++bulk.nrows == STORE_BULK_ROWS)
		return bulk_flush(e) ? STORE_BULK_FAILED : 1;
	return 1;
}

int64_t store_bulk_failed_id(void)
{
	return bulk.failed_id;
}

void store_bulk_discard(struct store *s)
{
	if (bulk.s != s)
		return;
	bulk_free_rows();
	free(bulk.cells);
	memset(&bulk, 0, sizeof bulk);
}

int store_bulk_end(struct store *s, int64_t *failed_id, struct err *e)
{
	*failed_id = 0;
	if (!bulk.en || bulk.s != s)
		return 0;
	int rc = bulk_flush(e);
	if (rc == STORE_BULK_FAILED)
		*failed_id = bulk.failed_id;
	bulk_free_rows();
	free(bulk.cells);
	memset(&bulk, 0, sizeof bulk);
	return rc;
}
