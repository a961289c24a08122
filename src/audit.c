/* audit.c — appending to, reading and verifying the audit log (see audit.h).
 *
 * The hash chain: every entry has a link in audit_chain holding the hash of the link before
 * it (prev_hash), the digest of the entry's detail (detail_hash) and its own hash, BLAKE2b-256
 * (libsodium crypto_generichash) over prev_hash followed by the entry's canonical
 * serialisation with the detail digest in place of the detail (audit_hash_entry, the one
 * place that defines it), so retention may redact a detail and the chain still verify.  The
 * link is written in the same transaction as the entry, and the previous hash is read inside
 * that transaction, which holds the write lock from its start (BEGIN IMMEDIATE), so two
 * writers can never both link to the same predecessor. */
#include "audit.h"
#include "buf.h"
#include "date.h"
#include "model.h"
#include "store_record.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void put_len(crypto_generichash_state *h, uint64_t n)
{
	unsigned char b[8];
	for (int i = 7; i >= 0; i--, n >>= 8)
		b[i] = (unsigned char)(n & 0xff);
	crypto_generichash_update(h, b, sizeof b);
}

static void put_bytes(crypto_generichash_state *h, const void *p, size_t n)
{
	put_len(h, n);
	crypto_generichash_update(h, p, n);
}

/* One column's type letter (i integer, r real, t text, b blob) and value, each
 * length-prefixed; integers as decimal text, reals as %.17g. */
static void put_value(crypto_generichash_state *h, sqlite3_stmt *row, int i)
{
	int type = sqlite3_column_type(row, i);
	char num[64];
	const void *v;
	size_t len;
	unsigned char tag;
	if (type == SQLITE_INTEGER) {
		tag = 'i';
		len = (size_t)snprintf(num, sizeof num, "%lld", (long long)sqlite3_column_int64(row, i));
		v = num;
	} else if (type == SQLITE_FLOAT) {
		tag = 'r';
		len = (size_t)snprintf(num, sizeof num, "%.17g", sqlite3_column_double(row, i));
		v = num;
	} else if (type == SQLITE_TEXT) {
		tag = 't';
		v = sqlite3_column_text(row, i);
		len = (size_t)sqlite3_column_bytes(row, i);
	} else {
		tag = 'b';
		v = sqlite3_column_blob(row, i);
		len = (size_t)sqlite3_column_bytes(row, i);
	}
	put_bytes(h, &tag, 1);
	put_bytes(h, v ? v : "", len);
}

static void final_hex(crypto_generichash_state *h, char out[AUDIT_HASH_HEX])
{
	unsigned char digest[crypto_generichash_BYTES];
	crypto_generichash_final(h, digest, sizeof digest);
	sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof digest);
}

/* The index of the column `detail` in a row of SELECT * FROM audit. */
static int detail_column(sqlite3_stmt *row)
{
	int n = sqlite3_column_count(row);
	for (int i = 0; i < n; i++)
		if (!strcmp(sqlite3_column_name(row, i), "detail"))
			return i;
	return -1;
}

void audit_hash_detail(sqlite3_stmt *row, char out[AUDIT_HASH_HEX])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, crypto_generichash_BYTES);
	static const char domain[] = "gvi audit detail v1";
	put_bytes(&h, domain, sizeof domain - 1);
	int col = row ? detail_column(row) : -1;
	if (col >= 0 && sqlite3_column_type(row, col) != SQLITE_NULL)
		put_value(&h, row, col);
	final_hex(&h, out);
}

/* Whether the entry's detail is exactly the redaction marker. */
static int is_redacted(sqlite3_stmt *row)
{
	int col = detail_column(row);
	if (col < 0 || sqlite3_column_type(row, col) != SQLITE_TEXT)
		return 0;
	const char *d = (const char *)sqlite3_column_text(row, col);
	return d && (size_t)sqlite3_column_bytes(row, col) == strlen(AUDIT_REDACTED) &&
	       !strcmp(d, AUDIT_REDACTED);
}

/* The canonical serialisation of one audit entry, hashed with the previous link's hash: THE
 * definition of what the chain protects.  `row` is a statement positioned on a row of
 * `SELECT * FROM audit`, so every column of the table is included, a column added by a later
 * migration too, without a change here.  Each column that is not NULL contributes its name
 * and put_value's type letter and value, each length-prefixed (8 bytes, big-endian), in the
 * table's column order.  NULL columns are left out, so a column added later (NULL in the
 * entries that predate it) leaves the hashes of older entries unchanged: a new audit column
 * must therefore be nullable without a DEFAULT.
 *
 * Version 2 (detail_hex given: the entry's detail digest, audit_hash_detail): the column
 * `detail` contributes its name, the letter h and that digest, NULL or not, instead of its
 * value, so retention's redaction marker can replace the value and the link still verify
 * against the digest kept in the link.  Version 1 (detail_hex NULL): detail as any column;
 * links made before schema migration 11.  out is 65 bytes: 64 hex digits. */
void audit_hash_entry(const char *prev_hex, sqlite3_stmt *row, const char *detail_hex,
		      char out[AUDIT_HASH_HEX])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, crypto_generichash_BYTES);
	const char *domain = detail_hex ? "gvi audit chain v2" : "gvi audit chain v1";
	put_bytes(&h, domain, strlen(domain));
	put_bytes(&h, prev_hex, strlen(prev_hex));
	int n = sqlite3_column_count(row);
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(row, i);
		if (detail_hex && !strcmp(name, "detail")) {
			put_bytes(&h, name, strlen(name));
			put_bytes(&h, "h", 1);
			put_bytes(&h, detail_hex, strlen(detail_hex));
			continue;
		}
		if (sqlite3_column_type(row, i) == SQLITE_NULL)
			continue;
		put_bytes(&h, name, strlen(name));
		put_value(&h, row, i);
	}
	final_hex(&h, out);
}

/* The hash of the newest link, or GENESIS for an empty chain, into out. */
static int chain_head(struct store *s, char out[AUDIT_HASH_HEX], int64_t *head_id, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT audit_id, hash FROM audit_chain "
					 "ORDER BY audit_id DESC LIMIT 1", e);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	snprintf(out, AUDIT_HASH_HEX, "%s", GENESIS);
	if (head_id)
		*head_id = 0;
	if (rc == SQLITE_ROW) {
		if (head_id)
			*head_id = sqlite3_column_int64(st, 0);
		snprintf(out, AUDIT_HASH_HEX, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_error(s, rc, "reading the audit chain", e);
}

static int insert_link(struct store *s, int64_t id, const char *prev, const char *hash,
		       const char *detail_hash, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "INSERT INTO audit_chain (audit_id, prev_hash, hash, "
					 "detail_hash) VALUES (?, ?, ?, ?)", e);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, detail_hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, "writing the audit chain", e);
}

/* Links entry id (just inserted, inside the caller's write transaction) to the chain. */
static int chain_link(struct store *s, int64_t id, struct err *e)
{
	char prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX], dh[AUDIT_HASH_HEX];
	if (chain_head(s, prev, NULL, e))
		return -1;
	sqlite3_stmt *st = store_prepare(s, "SELECT * FROM audit WHERE id = ?", e);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_error(s, rc, "reading the audit log", e);
	}
	audit_hash_detail(st, dh);
	audit_hash_entry(prev, st, dh, hash);
	sqlite3_reset(st);
	return insert_link(s, id, prev, hash, dh, e);
}

static int append_entry(struct store *s, const char *user, const char *role, const char *purpose,
			const char *action, const char *entity, int64_t record_id, const char *detail,
			struct err *e);

/* Whether the chain holds only links of version 1 (made before migration 11: no detail
 * digest), judged by its first and last link (new links are version 2). */
static int chain_is_v1(struct store *s, int *v1, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT (SELECT detail_hash IS NULL FROM audit_chain "
					 "ORDER BY audit_id LIMIT 1) AND (SELECT detail_hash IS NULL "
					 "FROM audit_chain ORDER BY audit_id DESC LIMIT 1)", e);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	*v1 = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store_error(s, rc, "reading the audit chain", e);
}

/* Walks a chain of version-1 links.  With `relink` 0 it only checks them: *intact says whether
 * every link is in place and every entry matches its hash, an entry whose detail is exactly
 * the redaction marker excepted (redacted by retention before migration 11, when its digest
 * could not yet be kept; *redacted counts them), and v1_head gets the last hash.  With
 * `relink` 1 it rewrites every link to version 2. */
static int walk_v1(struct store *s, int relink, int *intact, long *redacted,
		   char v1_head[AUDIT_HASH_HEX], struct err *e)
{
	sqlite3_stmt *ent = NULL;
	int rc = sqlite3_prepare_v2(store_db(s), "SELECT * FROM audit ORDER BY id", -1, &ent, NULL);
	if (rc != SQLITE_OK)
		return store_error(s, rc, "reading the audit log", e);
	sqlite3_stmt *lnk = store_prepare(s, "SELECT prev_hash, hash, detail_hash IS NULL "
					  "FROM audit_chain WHERE audit_id = ?", e);
	sqlite3_stmt *cnt = store_prepare(s, "SELECT count(*) FROM audit_chain", e);
	sqlite3_stmt *upd = store_prepare(s, "UPDATE audit_chain SET prev_hash = ?, hash = ?, "
					  "detail_hash = ? WHERE audit_id = ?", e);
	if (!lnk || !upd || !cnt) {
		sqlite3_finalize(ent);
		return -1;
	}
	if ((rc = sqlite3_step(cnt)) != SQLITE_ROW) {
		sqlite3_finalize(ent);
		return store_error(s, rc, "reading the audit chain", e);
	}
	int64_t links = sqlite3_column_int64(cnt, 0), n = 0;
	sqlite3_reset(cnt);
	char prev[AUDIT_HASH_HEX] = GENESIS, nprev[AUDIT_HASH_HEX] = GENESIS;
	char hash[AUDIT_HASH_HEX], dh[AUDIT_HASH_HEX], lhash[AUDIT_HASH_HEX];
	int ret = 0;
	*intact = 1;
	*redacted = 0;
	while ((rc = sqlite3_step(ent)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(ent, 0);
		n++;
		sqlite3_bind_int64(lnk, 1, id);
		int lr = sqlite3_step(lnk);
		const char *lprev = lr == SQLITE_ROW ? (const char *)sqlite3_column_text(lnk, 0) : NULL;
		const char *lh = lr == SQLITE_ROW ? (const char *)sqlite3_column_text(lnk, 1) : NULL;
		int ok = lprev && lh && sqlite3_column_int(lnk, 2) && !strcmp(lprev, prev) &&
			 strlen(lh) == AUDIT_HASH_HEX - 1;
		if (ok)
			snprintf(lhash, sizeof lhash, "%s", lh);
		sqlite3_reset(lnk);
		if (lr != SQLITE_ROW && lr != SQLITE_DONE) {
			ret = store_error(s, lr, "reading the audit chain", e);
			break;
		}
		if (ok) {
			audit_hash_entry(prev, ent, NULL, hash);
			if (strcmp(hash, lhash)) {
				ok = is_redacted(ent);
				*redacted += ok;
			}
		}
		if (!ok) {
			*intact = 0;
			break;
		}
		memcpy(prev, lhash, sizeof prev);
		if (relink) {
			audit_hash_detail(ent, dh);
			audit_hash_entry(nprev, ent, dh, hash);
			sqlite3_bind_text(upd, 1, nprev, -1, SQLITE_STATIC);
			sqlite3_bind_text(upd, 2, hash, -1, SQLITE_STATIC);
			sqlite3_bind_text(upd, 3, dh, -1, SQLITE_STATIC);
			sqlite3_bind_int64(upd, 4, id);
			int ur = sqlite3_step(upd);
			sqlite3_reset(upd);
			if (ur != SQLITE_DONE) {
				ret = store_error(s, ur, "rewriting the audit chain", e);
				break;
			}
			memcpy(nprev, hash, sizeof nprev);
		}
	}
	if (!ret && *intact && rc != SQLITE_DONE)
		ret = store_error(s, rc, "reading the audit log", e);
	/* A link without an entry (more links than entries) is a deleted entry. */
	if (!ret && *intact && links != n)
		*intact = 0;
	sqlite3_finalize(ent);
	memcpy(v1_head, prev, AUDIT_HASH_HEX);
	return ret;
}

/* Brings a chain of version-1 links forward (inside the caller's write transaction): if it
 * verifies with the version-1 formula, every link is rewritten to version 2 and the rewrite
 * is logged (action rechain, as gvi itself, with the old head so that an anchor written down
 * before can be compared).  A chain that does not verify is left as it is, so `gvi audit
 * verify` goes on naming its first broken entry; new links are version 2 all the same. */
static int chain_upgrade(struct store *s, struct err *e)
{
	int v1, intact;
	long redacted;
	char head[AUDIT_HASH_HEX];
	if (chain_is_v1(s, &v1, e))
		return -1;
	if (!v1)
		return 0;
	if (walk_v1(s, 0, &intact, &redacted, head, e))
		return -1;
	if (!intact)
		return 0;
	if (walk_v1(s, 1, &intact, &redacted, head, e))
		return -1;
	char detail[256];
	snprintf(detail, sizeof detail, "{\"formula\":\"gvi audit chain v2\",\"redacted_before\":%ld,"
		 "\"v1_head\":\"%s\"}", redacted, head);
	return append_entry(s, "gvi", "system", NULL, "rechain", "repository", 0, detail, e);
}

int audit_chain_start(struct store *s, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT EXISTS (SELECT 1 FROM audit) AND "
					 "NOT EXISTS (SELECT 1 FROM audit_chain)", e);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	int needed = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_error(s, rc, "reading the audit chain", e);
	int v1 = 0;
	if (!needed && chain_is_v1(s, &v1, e))
		return -1;
	if (!needed && !v1)
		return 0;
	int own = !store_in_transaction(s);
	if (own && store_begin(s, e))
		return -1;
	/* Asked again under the write lock: another process may have chained them meanwhile. */
	rc = sqlite3_step(st);
	needed = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	sqlite3_stmt *all = NULL;
	int ret = 0;
	if (rc != SQLITE_ROW) {
		ret = store_error(s, rc, "reading the audit chain", e);
		goto out;
	}
	if (!needed) {
		ret = chain_upgrade(s, e);
		goto out;
	}
	if ((rc = sqlite3_prepare_v2(store_db(s), "SELECT * FROM audit ORDER BY id", -1, &all, NULL))) {
		ret = store_error(s, rc, "reading the audit log", e);
		goto out;
	}
	char prev[AUDIT_HASH_HEX] = GENESIS, hash[AUDIT_HASH_HEX], dh[AUDIT_HASH_HEX];
	while ((rc = sqlite3_step(all)) == SQLITE_ROW && !ret) {
		audit_hash_detail(all, dh);
		audit_hash_entry(prev, all, dh, hash);
		ret = insert_link(s, sqlite3_column_int64(all, 0), prev, hash, dh, e);
		memcpy(prev, hash, sizeof prev);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = store_error(s, rc, "reading the audit log", e);
out:
	sqlite3_finalize(all);
	if (own) {
		if (ret)
			store_rollback(s);
		else
			ret = store_commit(s, e);
	}
	return ret;
}

int audit_verify(struct store *s, const char *expect, struct audit_check *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	snprintf(out->head, sizeof out->head, "%s", GENESIS);
	sqlite3_stmt *ent = NULL, *lnk = NULL;
	int rc = sqlite3_prepare_v2(store_db(s), "SELECT * FROM audit ORDER BY id", -1, &ent, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(store_db(s), "SELECT audit_id, prev_hash, hash, detail_hash "
					"FROM audit_chain ORDER BY audit_id", -1, &lnk, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(ent);
		return store_error(s, rc, "reading the audit log", e);
	}
	/* One read transaction, so the two cursors see the same state while others write. */
	int ret = store_exec(s, "BEGIN", e);
	if (ret)
		goto out;
	int re = sqlite3_step(ent), rl = sqlite3_step(lnk);
	char prev[AUDIT_HASH_HEX] = GENESIS, hash[AUDIT_HASH_HEX], dh[AUDIT_HASH_HEX];
	char none[AUDIT_HASH_HEX];
	audit_hash_detail(NULL, none);
	while (re == SQLITE_ROW || rl == SQLITE_ROW) {
		int64_t eid = re == SQLITE_ROW ? sqlite3_column_int64(ent, 0) : INT64_MAX;
		int64_t lid = rl == SQLITE_ROW ? sqlite3_column_int64(lnk, 0) : INT64_MAX;
		if (eid < lid) {
			out->bad_id = eid;
			out->why = AUDIT_UNLINKED;
			snprintf(out->problem, sizeof out->problem, "entry %lld is not in the hash chain: "
				 "it was inserted, or its link deleted", (long long)eid);
			break;
		}
		if (lid < eid) {
			out->bad_id = lid;
			out->why = AUDIT_DELETED;
			snprintf(out->problem, sizeof out->problem, "entry %lld is missing: it was deleted",
				 (long long)lid);
			break;
		}
		const char *lprev = (const char *)sqlite3_column_text(lnk, 1);
		const char *lhash = (const char *)sqlite3_column_text(lnk, 2);
		const char *ldh = (const char *)sqlite3_column_text(lnk, 3);
		if (!lprev || strcmp(lprev, prev)) {
			out->bad_id = eid;
			out->why = AUDIT_OUT_OF_CHAIN;
			snprintf(out->problem, sizeof out->problem, "entry %lld does not follow the entry "
				 "before it in the chain: entries were deleted, inserted or reordered here",
				 (long long)eid);
			break;
		}
		/* Version 2: the digest of the detail as it is, or, for retention's marker (which
		 * can only take values away), the digest kept when the entry was written — of a
		 * value: a marker where there was no detail is a change.  Version 1: the detail. */
		int redacted = ldh && is_redacted(ent);
		if (ldh)
			audit_hash_detail(ent, dh);
		if (ldh && (redacted ? !strcmp(ldh, none) : strcmp(ldh, dh))) {
			out->bad_id = eid;
			snprintf(out->problem, sizeof out->problem, "entry %lld does not match its hash: "
				 "it was changed (or moved)", (long long)eid);
			break;
		}
		audit_hash_entry(prev, ent, ldh, hash);
		if (!lhash || strcmp(lhash, hash)) {
			out->bad_id = eid;
			out->why = AUDIT_CHANGED;
			snprintf(out->problem, sizeof out->problem, "entry %lld does not match its hash: "
				 "it was changed (or moved)", (long long)eid);
			break;
		}
		memcpy(prev, hash, sizeof prev);
		if (expect && !strcmp(expect, hash))
			out->expect_id = eid;
		out->entries++;
		out->redacted += redacted;
		out->head_id = eid;
		re = sqlite3_step(ent);
		rl = sqlite3_step(lnk);
	}
	if (!out->bad_id && ((re != SQLITE_DONE && re != SQLITE_ROW) || (rl != SQLITE_DONE && rl != SQLITE_ROW)))
		ret = store_error(s, re != SQLITE_DONE ? re : rl, "reading the audit log", e);
	snprintf(out->head, sizeof out->head, "%s", prev);
	sqlite3_finalize(ent);
	sqlite3_finalize(lnk);
	ent = lnk = NULL;
	store_exec(s, "COMMIT", e);
out:
	sqlite3_finalize(ent);
	sqlite3_finalize(lnk);
	return ret;
}



int audit_append(struct store *s, const char *user, const char *role, const char *purpose,
		 const char *action, const char *entity, int64_t record_id, const char *detail,
		 struct err *e)
{
	/* Callers append inside the transaction of what they log; one that has none gets its
	 * own, so the link is always made under the write lock. */
	if (store_in_transaction(s))
		return append_entry(s, user, role, purpose, action, entity, record_id, detail, e);
	if (store_begin(s, e))
		return -1;
	if (append_entry(s, user, role, purpose, action, entity, record_id, detail, e)) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, e);
}

static int append_entry(struct store *s, const char *user, const char *role, const char *purpose,
			const char *action, const char *entity, int64_t record_id, const char *detail,
			struct err *e)
{
	sqlite3_stmt *st = store_prepare_static(s, "INSERT INTO audit (at, user_name, role, action, entity, "
					 "record_id, detail, purpose) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e);
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
	if (purpose && *purpose)
		sqlite3_bind_text(st, 8, purpose, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 8);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, "writing the audit log", e);
	return chain_link(s, sqlite3_last_insert_rowid(store_db(s)), e);
}

/* The entries about person ?7 (?8: the same id as text): the person record itself, and every
 * record of an entity with a reference to persons that names them — found in the table while
 * the record exists, and through the values logged with its deletion once it is gone — and
 * the whole-table exports and imports of those entities that included them.  Derived from
 * model.c, so an entity added there is covered.  json_extract is SQLite's (PostgreSQL:
 * detail::json->>'field'). */
static void person_condition(struct buf *sql)
{
	buf_adds(sql, " AND ((entity = 'person' AND (record_id = ?7 OR (record_id IS NULL AND "
		 "(action = 'export' OR (action = 'import' AND ?7 BETWEEN "
		 "json_extract(CASE WHEN json_valid(detail) THEN detail END, '$.first_id') AND "
		 "json_extract(CASE WHEN json_valid(detail) THEN detail END, '$.last_id'))))))");
	for (size_t k = 0; k < model_nentities; k++) {
		const struct entity *en = model_entities[k];
		for (size_t i = 0; i < en->nfields; i++) {
			const struct field *f = &en->fields[i];
			if (f->type != F_REF || strcmp(f->ref, "person"))
				continue;
			char col[128];
			store_column(f, col, sizeof col);
			buf_addf(sql, " OR (entity = '%s' AND (record_id IN (SELECT id FROM %s WHERE %s = ?7) "
				 "OR record_id IN (SELECT d.record_id FROM audit d WHERE d.entity = '%s' AND "
				 "d.action = 'delete' AND json_extract(CASE WHEN json_valid(d.detail) THEN "
				 "d.detail END, '$.%s') = ?8) OR (record_id IS NULL AND (action = 'export' OR "
				 "(action = 'import' AND EXISTS (SELECT 1 FROM %s t WHERE t.%s = ?7 AND t.id "
				 "BETWEEN json_extract(CASE WHEN json_valid(detail) THEN detail END, "
				 "'$.first_id') AND json_extract(CASE WHEN json_valid(detail) THEN detail END, "
				 "'$.last_id')))))))", en->name, en->table, col, en->name, f->name, en->table,
				 col);
		}
	}
	buf_adds(sql, ")");
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
	buf_adds(&sql, "SELECT * FROM (SELECT id, at, user_name, role, action, entity, record_id, detail, "
		 "purpose FROM audit WHERE (?1 IS NULL OR user_name = ?1) AND (?2 IS NULL OR entity = ?2) "
		 "AND (?3 IS NULL OR action = ?3) AND (?4 IS NULL OR at >= ?4) "
		 "AND (?5 IS NULL OR at < ?5) AND (?6 IS NULL OR record_id = ?6) "
		 "AND (?9 IS NULL OR purpose = ?9)");
	if (q->person_id)
		person_condition(&sql);
	buf_adds(&sql, " ORDER BY id DESC");
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
	char person[32];
	if (q->person_id) {
		snprintf(person, sizeof person, "%lld", (long long)q->person_id);
		sqlite3_bind_int64(st, 7, q->person_id);
		sqlite3_bind_text(st, 8, person, -1, SQLITE_STATIC);
	}
	if (q->purpose)
		sqlite3_bind_text(st, 9, q->purpose, -1, SQLITE_STATIC);
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
			.purpose = (const char *)sqlite3_column_text(st, 8),
		};
		if ((ret = fn(ctx, &a)))
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = store_error(s, rc, "reading the audit log", e);
	sqlite3_finalize(st);
	return ret;
}
