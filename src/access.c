/* access.c — the access-policy and audit layer (see access.h).
 *
 * Every path to the data runs through here: a policy check for the acting user's role, then
 * the model's rules (required fields, references that exist, a membership's basis), then the
 * write and its audit entry inside one transaction.  store_record.c below does the SQL and
 * knows nothing of users; policy.c above decides and knows nothing of SQL. */
#include "access.h"
#include "buf.h"
#include "date.h"
#include "pnr.h"
#include "policy.h"
#include "refcache.h"
#include "seed.h"
#include "store_backup.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct access {
	struct store *st;
	struct actor who;
	char today[DATE_LEN];     /* for defaults (review dates), fixed for the handle's life */
	char owner_text[32];              /* the acting user's agency id, the default owner */
	char review_default[DATE_LEN];    /* today + 12 months, made when first needed */
	const struct entity *asked_en;    /* the last policy question and its answer */
	int asked_op, answer;
	struct refcache *refs;    /* resolved references, during a bulk batch */
	struct store_indexes *deferred;   /* indexes to rebuild at access_bulk_entity_end */
	struct id_bitmap {                /* ids of keyless entities named by id in a bulk batch */
		const struct entity *en;
		unsigned char *bits;
		int64_t nbits;
	} idsets[4];
	int batch;     /* inside access_begin/commit */
	int bulk;      /* batch audited as one entry */
	char purpose[128];        /* the purpose of access given (access_set_purpose); "" = none */
};

const struct actor *access_actor(const struct access *a) { return &a->who; }
const char *access_purpose(const struct access *a) { return a->purpose[0] ? a->purpose : NULL; }

int access_set_purpose(struct access *a, const char *purpose, struct err *e)
{
	if (!purpose || !*purpose) {
		a->purpose[0] = '\0';
		return 0;
	}
	if (!strcmp(purpose, a->purpose))
		return 0;
	int64_t id;
	struct err ignore = { 0 };
	if (strlen(purpose) >= sizeof a->purpose ||
	    store_ref_find(a->st, model_entity("purpose"), purpose, &id, &ignore))
		return err_set(e, "no purpose of access named \"%s\" (`gvi purpose list` shows them; "
			       "an admin adds one with `gvi purpose add --name TEXT`)", purpose);
	snprintf(a->purpose, sizeof a->purpose, "%s", purpose);
	return 0;
}
const char *access_path(const struct access *a) { return store_path(a->st); }

int access_data_version(struct access *a, int64_t *out, struct err *e)
{
	return store_data_version(a->st, out, e);
}

void access_programme(struct access *a, char *out, size_t n)
{
	struct err ignore = { 0 };
	if (store_meta_get(a->st, "programme", out, n, &ignore) != 1)
		snprintf(out, n, "GVI");
}

/* policy_allows for the acting user, remembering the last answer (an import asks the same
 * question a million times). */
static int allowed(struct access *a, const struct entity *en, enum policy_op op)
{
	if (en != a->asked_en || (int)op != a->asked_op) {
		a->answer = policy_allows(a->who.role, en, op);
		a->asked_en = en;
		a->asked_op = (int)op;
	}
	return a->answer;
}

static int refuse(struct access *a, const char *what, const struct entity *en, struct err *e)
{
	return err_set(e, "refused: user %s (role %s) may not %s %s records", a->who.name, a->who.role,
		       what, en->name);
}

static void id_text(int64_t id, char out[32]);

static int load_actor(struct access *a, const char *user, struct err *e)
{
	sqlite3_stmt *st = store_prepare(a->st, "SELECT u.id, u.name, u.role, u.agency_id, g.name, "
					 "u.disabled FROM account u JOIN agency g ON g.id = u.agency_id "
					 "WHERE u.name = ?", e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, user, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_error(a->st, rc, "reading users", e);
		return err_set(e, "%s: no user named \"%s\" (an admin adds users with `gvi user add`)",
			       store_path(a->st), user);
	}
	a->who.id = sqlite3_column_int64(st, 0);
	snprintf(a->who.name, sizeof a->who.name, "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(a->who.role, sizeof a->who.role, "%s", (const char *)sqlite3_column_text(st, 2));
	a->who.agency_id = sqlite3_column_int64(st, 3);
	id_text(a->who.agency_id, a->owner_text);
	snprintf(a->who.agency, sizeof a->who.agency, "%s", (const char *)sqlite3_column_text(st, 4));
	int disabled = sqlite3_column_int(st, 5);
	sqlite3_reset(st);
	if (disabled)
		return err_set(e, "user %s is disabled", user);
	return 0;
}

int access_open(struct access **out, const char *path, const char *user, int writable, struct err *e)
{
	if (!user || !*user)
		return err_set(e, "name the acting user with --user NAME or the GVI_USER environment variable");
	struct access *a = calloc(1, sizeof *a);
	if (!a)
		return err_set(e, "out of memory");
	date_today(a->today);
	a->asked_op = -1;
	if (store_open(&a->st, path, writable, e) || load_actor(a, user, e)) {
		access_close(a);
		return -1;
	}
	*out = a;
	return 0;
}

void access_close(struct access *a)
{
	if (!a)
		return;
	if (a->batch && a->st)
		access_rollback(a);
	refcache_free(a->refs);
	store_close(a->st);
	free(a);
}

/* ---- audit detail ---- */

/* A field's value for the audit log: a personnummer is kept masked (the log records that it
 * changed, not the number itself). */
static json_t *field_json(const struct record *r, size_t i)
{
	const struct field *f = &r->e->fields[i];
	if (f->type == F_PNR && r->v[i]) {
		char masked[PNR_LEN + 1];
		pnr_mask(r->v[i], masked);
		return json_string(masked);
	}
	if (f->type != F_LIST)
		return r->v[i] ? json_string(r->v[i]) : json_null();
	json_t *arr = json_array();
	for (size_t k = 0; k < r->lists[i].n; k++) {
		struct buf item = BUF_INIT;
		for (size_t j = 0; j < f->item->nfields; j++)
			buf_addf(&item, "%s%s", j ? "|" : "", r->lists[i].item[k][j] ? r->lists[i].item[k][j] : "");
		json_array_append_new(arr, json_string(item.s));
		buf_release(&item);
	}
	return arr;
}

static char *json_text(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	return s;
}

/* Personal data is read or written only for a stated purpose: without one the audit entry,
 * and with it the read or the write, is refused. */
static int purpose_needed(struct access *a, const struct entity *en, struct err *e)
{
	if (a->purpose[0] || !en || !model_is_personal(en))
		return 0;
	return err_set(e, "refused: %s records hold personal data and are only read or written "
		       "for a purpose of access: give one with --purpose NAME or GVI_PURPOSE "
		       "(`gvi purpose list` shows them)", en->name);
}

static int audit(struct access *a, const char *action, const struct entity *en, int64_t id,
		 const char *detail, struct err *e)
{
	if (a->bulk)
		return 0;
	if (purpose_needed(a, en, e))
		return -1;
	return audit_append(a->st, a->who.name, a->who.role, access_purpose(a), action, en->name, id,
			    detail, e);
}

int access_audit_bulk(struct access *a, const char *action, const struct entity *en,
		      const char *detail_json, struct err *e)
{
	if (purpose_needed(a, en, e))
		return -1;
	return audit_append(a->st, a->who.name, a->who.role, access_purpose(a), action,
			    en ? en->name : "-", 0, detail_json, e);
}

/* ---- transactions ---- */

/* A bulk batch (an import) only adds records, and every reference in them is resolved to an
 * existing record by resolve_refs before the insert; so SQLite's own foreign-key probes would
 * repeat that work row by row, and are switched off for the batch.  (The pragma only takes
 * effect outside a transaction, hence before BEGIN and after COMMIT/ROLLBACK.) */
int access_begin(struct access *a, int bulk, struct err *e)
{
	if (bulk && store_exec(a->st, "PRAGMA foreign_keys=OFF", e))
		return -1;
	if (store_begin(a->st, e)) {
		if (bulk)
			store_exec(a->st, "PRAGMA foreign_keys=ON", e);
		return -1;
	}
	a->batch = 1;
	a->bulk = bulk;
	if (bulk)
		a->refs = refcache_new();
	return 0;
}

int access_bulk_entity_begin(struct access *a, const struct entity *en, struct err *e)
{
	if (!a->bulk || a->deferred)
		return 0;
	return store_indexes_defer(a->st, en->table, &a->deferred, e) || store_bulk_begin(a->st, en, e) ? -1 : 0;
}

int access_bulk_entity_end(struct access *a, int64_t *dup_id, struct err *e)
{
	struct store_indexes *ix = a->deferred;
	a->deferred = NULL;
	*dup_id = 0;
	int rc = store_bulk_end(a->st, dup_id, e);
	if (rc) {
		store_indexes_free(ix);   /* the caller rolls back, which brings them back */
		return rc;
	}
	return ix ? store_indexes_restore(a->st, ix, dup_id, e) : 0;
}

int64_t access_bulk_failed_id(const struct access *a)
{
	(void)a;
	return store_bulk_failed_id();
}

static void batch_end(struct access *a)
{
	store_indexes_free(a->deferred);   /* a rollback brought the dropped indexes back */
	a->deferred = NULL;
	store_bulk_discard(a->st);
	for (size_t i = 0; i < sizeof a->idsets / sizeof a->idsets[0]; i++) {
		free(a->idsets[i].bits);
		a->idsets[i].bits = NULL;
		a->idsets[i].en = NULL;
	}
	struct err ignore = { 0 };
	if (a->bulk)
		store_exec(a->st, "PRAGMA foreign_keys=ON", &ignore);
	refcache_free(a->refs);
	a->refs = NULL;
	a->batch = a->bulk = 0;
}

int access_commit(struct access *a, struct err *e)
{
	int rc = store_commit(a->st, e);
	batch_end(a);
	return rc;
}

void access_rollback(struct access *a)
{
	store_rollback(a->st);
	batch_end(a);
}

/* Runs one write in its own transaction unless a batch is open. */
static int tx_start(struct access *a, struct err *e)
{
	return a->batch ? 0 : store_begin(a->st, e);
}

static int tx_end(struct access *a, int rc, struct err *e)
{
	if (a->batch)
		return rc;
	if (rc) {
		store_rollback(a->st);
		return rc;
	}
	return store_commit(a->st, e);
}

/* ---- rules of the model ---- */

/* Writes id in decimal (a snprintf per reference was visible in import profiles). */
static void id_text(int64_t id, char out[32])
{
	char tmp[32];
	int n = 0;
	uint64_t v = id < 0 ? -(uint64_t)id : (uint64_t)id;
	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10));
	int k = 0;
	if (id < 0)
		out[k++] = '-';
	while (n)
		out[k++] = tmp[--n];
	out[k] = '\0';
}

static int digits_only(const char *s)
{
	if (!*s || strlen(s) > 15)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* In a bulk batch, a record of a keyless entity (an incident) named by its id is checked
 * against a bitmap of that table's ids, loaded once: the batch only adds records, so the ids
 * there stay valid.  Returns 1 found, 0 not known here (ask the store), -1 error. */
static int bulk_id_known(struct access *a, const struct entity *target, const char *raw, int64_t *id,
			 struct err *e)
{
	if (!a->bulk || model_key(target) || !digits_only(raw))
		return 0;
	struct id_bitmap *set = NULL;
	size_t n = sizeof a->idsets / sizeof a->idsets[0];
	for (size_t i = 0; i < n && !set; i++)
		if (a->idsets[i].en == target || !a->idsets[i].en)
			set = &a->idsets[i];
	if (!set)
		return 0;
	if (!set->en) {
		if (store_record_ids(a->st, target, &set->bits, &set->nbits, e))
			return -1;
		set->en = target;
	}
	int64_t v = strtoll(raw, NULL, 10);
	if (v <= 0 || v >= set->nbits || !(set->bits[v / 8] & (1u << (v % 8))))
		return 0;
	*id = v;
	return 1;
}

/* Resolves one reference, through the batch's memo when there is one. */
static int resolve_one(struct access *a, const struct entity *target, const char *raw, int64_t *id,
		       struct err *e)
{
	int known = bulk_id_known(a, target, raw, id, e);
	if (known)
		return known < 0 ? -1 : 0;
	if (a->refs && (*id = refcache_get(a->refs, target, raw)))
		return 0;
	enum store_ref_how how;
	if (store_ref_find_how(a->st, target, raw, id, &how, e))
		return -1;
	/* Only a key (a code, a unique name) names the same record for the whole batch; a
	 * plain name could become ambiguous when the batch adds a namesake. */
	if (a->refs && how == STORE_REF_BY_KEY)
		refcache_put(a->refs, target, raw, *id);
	return 0;
}

static int resolve_refs(struct access *a, struct record *r, struct err *e)
{
	const struct entity *en = r->e;
	char idtext[32];
	for (size_t i = 0; i < en->nfields; i++) {
		const struct field *f = &en->fields[i];
		if (!r->given[i])
			continue;
		if (f->type == F_REF && r->v[i]) {
			int64_t id;
			if (resolve_one(a, model_entity(f->ref), r->v[i], &id, e))
				return err_prefix(e, "%s: ", f->name);
			id_text(id, idtext);
			record_put(r, i, idtext);
		}
		if (f->type != F_LIST)
			continue;
		for (size_t k = 0; k < r->lists[i].n; k++) {
			for (size_t j = 0; j < f->item->nfields; j++) {
				const struct field *sf = &f->item->fields[j];
				char **slot = &r->lists[i].item[k][j];
				if (sf->type != F_REF || !*slot)
					continue;
				int64_t id;
				if (resolve_one(a, model_entity(sf->ref), *slot, &id, e))
					return err_prefix(e, "%s: ", f->name);
				id_text(id, idtext);
				free(*slot);
				*slot = strdup(idtext);
			}
		}
	}
	return 0;
}

static int new_person_code(struct access *a, char *out, size_t n, struct err *e)
{
	/* Crockford-style alphabet: no I, L, O, U, so codes read aloud without mistakes. */
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	if (sodium_init() < 0)
		return err_set(e, "libsodium failed to initialise");
	for (int attempt = 0; attempt < 100; attempt++) {
		char code[16] = "P-";
		for (int i = 0; i < 6; i++)
			code[2 + i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
		code[8] = '\0';
		int64_t id;
		struct err ignore = { 0 };
		if (store_ref_find(a->st, model_entity("person"), code, &id, &ignore)) {
			snprintf(out, n, "%s", code);
			return 0;
		}
	}
	return err_set(e, "could not find a free person code");
}

static void fill_defaults(struct access *a, struct record *r)
{
	const struct entity *en = r->e;
	for (size_t i = 0; i < en->nfields; i++) {
		const struct field *f = &en->fields[i];
		if (r->v[i] || f->type == F_LIST)
			continue;
		if (f->def) {
			record_put(r, i, f->def);
		} else if (f->type == F_REF && !strcmp(f->name, "owner")) {
			record_put(r, i, a->owner_text);
		} else if (f->type == F_DATE && !strcmp(f->name, "review")) {
			if (!a->review_default[0] && date_add_months(a->today, 12, a->review_default))
				continue;
			record_put(r, i, a->review_default);
		}
	}
}

static int check_required(const struct record *r, struct err *e)
{
	const struct entity *en = r->e;
	for (size_t i = 0; i < en->nfields; i++) {
		const struct field *f = &en->fields[i];
		if (!(f->flags & FF_REQUIRED))
			continue;
		if (f->type == F_LIST ? r->lists[i].n == 0 : r->v[i] == NULL) {
			if (!strcmp(en->name, "membership") && !strcmp(f->name, "basis"))
				return err_set(e, "a membership needs at least one basis "
					       "(criterion|source|date); none was given");
			return err_set(e, "%s is required for a %s", f->name, en->name);
		}
	}
	return 0;
}

/* Rules across fields, by entity. */
static int check_rules(const struct record *r, struct err *e)
{
	const char *en = r->e->name;
	if (!strcmp(en, "membership") || !strcmp(en, "relation")) {
		const char *since = record_get(r, "since"), *until = record_get(r, "until");
		if (since && until && strcmp(since, until) > 0)
			return err_set(e, "until (%s) is before since (%s)", until, since);
	}
	if (!strcmp(en, "relation")) {
		const char *ga = record_get(r, "group_a"), *gb = record_get(r, "group_b");
		if (ga && gb && !strcmp(ga, gb))
			return err_set(e, "a relation needs two different groups");
	}
	if (!strcmp(en, "tie")) {
		const char *pa = record_get(r, "person_a"), *pb = record_get(r, "person_b");
		if (pa && pb && !strcmp(pa, pb))
			return err_set(e, "a tie needs two different persons");
		const char *w = record_get(r, "weight");
		if (w && strtod(w, NULL) <= 0)
			return err_set(e, "weight must be positive, got %s", w);
	}
	if (!strcmp(en, "group")) {
		const char *first = record_get(r, "first_seen"), *last = record_get(r, "last_seen");
		if (first && last && strcmp(first, last) > 0)
			return err_set(e, "last_seen (%s) is before first_seen (%s)", last, first);
	}
	return 0;
}

/* ---- writes ---- */

int access_add(struct access *a, struct record *r, struct err *e)
{
	const struct entity *en = r->e;
	if (!allowed(a, en, POLICY_WRITE))
		return refuse(a, "add", en, e);
	if (tx_start(a, e))
		return -1;
	int rc = -1;
	char *detail = NULL;
	if (resolve_refs(a, r, e))
		goto out;
	const struct field *code = model_field(en, "code");
	if (code && !r->v[model_field_index(en, code)]) {
		char c[16];
		if (new_person_code(a, c, sizeof c, e))
			goto out;
		record_put(r, model_field_index(en, code), c);
	}
	fill_defaults(a, r);
	if (check_required(r, e) || check_rules(r, e))
		goto out;
	if ((rc = store_record_insert(a->st, r, e)))
		goto out;
	if (!a->bulk) {
		json_t *j = json_object();
		for (size_t i = 0; i < en->nfields; i++)
			if ((r->v[i] || r->lists[i].n) && !(en->fields[i].flags & FF_DERIVED))
				json_object_set_new(j, en->fields[i].name, field_json(r, i));
		detail = json_text(j);
	}
	rc = audit(a, "add", en, r->id, detail, e);
out:
	free(detail);
	return tx_end(a, rc, e);
}

/* Do x and y hold the same value in field i?  Compares the stored values themselves (the
 * audit form masks a personnummer, so it cannot be used for this). */
static int same_field(const struct record *x, const struct record *y, size_t i)
{
	if (x->e->fields[i].type != F_LIST) {
		const char *a = x->v[i], *b = y->v[i];
		return (!a && !b) || (a && b && !strcmp(a, b));
	}
	json_t *a = field_json(x, i), *b = field_json(y, i);
	int same = json_equal(a, b);
	json_decref(a);
	json_decref(b);
	return same;
}

/* Is r (resolved, defaults filled) already stored identically, by id or by key?
 * Returns 1 identical (r->id set to it), 0 not there, -1 there but different (e says how). */
static int find_identical(struct access *a, struct record *r, struct err *e)
{
	const struct entity *en = r->e;
	int64_t id = r->id;
	const struct field *key = model_key(en);
	struct err ignore = { 0 };
	struct record old;
	record_init(&old, en);
	int found = id ? store_record_load(a->st, en, id, &old, &ignore) : 0;
	if (found <= 0 && key && r->v[model_field_index(en, key)] &&
	    !store_ref_find(a->st, en, r->v[model_field_index(en, key)], &id, &ignore))
		found = store_record_load(a->st, en, id, &old, &ignore);
	const char *differs = NULL;
	for (size_t i = 0; found > 0 && i < en->nfields && !differs; i++)
		if (!(en->fields[i].flags & FF_DERIVED) && !same_field(&old, r, i))
			differs = en->fields[i].name;
	int rc = 0;
	if (found > 0 && !differs && (!r->id || r->id == old.id)) {
		r->id = old.id;
		rc = 1;
	} else if (found > 0) {
		err_clear(e);
		err_set(e, "duplicate %s: %s %lld already exists with a different %s", en->name, en->name,
			(long long)old.id, differs ? differs : "id");
		rc = -1;
	}
	record_release(&old);
	return rc;
}

int access_merge(struct access *a, struct record *r, int *skipped, struct err *e)
{
	*skipped = 0;
	if (!allowed(a, r->e, POLICY_WRITE)) {
		/* Not allowed to write: only an identical record already there may pass. */
		if (!resolve_refs(a, r, e)) {
			fill_defaults(a, r);
			if (find_identical(a, r, e) == 1) {
				*skipped = 1;
				return 0;
			}
		}
		err_clear(e);
		return refuse(a, "add", r->e, e);
	}
	int rc = access_add(a, r, e);
	if (rc != STORE_DUPLICATE)
		return rc;
	int same = find_identical(a, r, e);
	if (same == 1) {
		err_clear(e);
		*skipped = 1;
		return 0;
	}
	return -1;
}

int access_edit(struct access *a, struct record *r, struct err *e)
{
	const struct entity *en = r->e;
	if (!policy_allows(a->who.role, en, POLICY_WRITE))
		return refuse(a, "edit", en, e);
	if (tx_start(a, e))
		return -1;
	struct record old, merged;
	record_init(&old, en);
	record_init(&merged, en);
	char *detail = NULL;
	int rc = -1;
	int found = store_record_load(a->st, en, r->id, &old, e);
	if (found <= 0) {
		if (!found)
			err_set(e, "no %s with id %lld", en->name, (long long)r->id);
		goto out;
	}
	if (resolve_refs(a, r, e))
		goto out;
	/* The record as it will be: old values overlaid by the given ones. */
	merged.id = r->id;
	json_t *changes = json_object();
	for (size_t i = 0; i < en->nfields; i++) {
		const struct record *src = r->given[i] ? r : &old;
		if (en->fields[i].type == F_LIST)
			for (size_t k = 0; k < src->lists[i].n; k++)
				record_put_item(&merged, i, (const char *const *)src->lists[i].item[k]);
		else
			record_put(&merged, i, src->v[i]);
		if (r->given[i] && !same_field(&old, r, i)) {
			json_t *pair = json_array();
			json_array_append_new(pair, field_json(&old, i));
			json_array_append_new(pair, field_json(r, i));
			json_object_set_new(changes, en->fields[i].name, pair);
		} else {
			r->given[i] = 0;   /* unchanged: nothing to write */
		}
	}
	if (json_object_size(changes) == 0) {
		json_decref(changes);
		rc = 0;   /* nothing changed: nothing written, nothing audited */
		goto out;
	}
	detail = json_text(changes);
	if (check_required(&merged, e) || check_rules(&merged, e) || store_record_update(a->st, r, e))
		goto out;
	rc = audit(a, "edit", en, r->id, detail, e);
out:
	free(detail);
	record_release(&old);
	record_release(&merged);
	return tx_end(a, rc, e);
}

int access_may_read(const struct access *a, const struct entity *en)
{
	return policy_allows(a->who.role, en, POLICY_READ);
}

int access_find(struct access *a, const struct entity *en, const char *ref, int64_t *id, struct err *e)
{
	if (!policy_allows(a->who.role, en, POLICY_READ))
		return refuse(a, "read", en, e);
	return store_ref_find(a->st, en, ref, id, e);
}

int access_delete(struct access *a, const struct entity *en, const char *ref, struct err *e)
{
	if (!policy_allows(a->who.role, en, POLICY_WRITE))
		return refuse(a, "delete", en, e);
	int64_t id;
	if (store_ref_find(a->st, en, ref, &id, e))
		return -1;
	if (tx_start(a, e))
		return -1;
	char users[512];
	int rc = -1;
	long refs = store_ref_count(a->st, en, id, users, sizeof users, e);
	if (refs < 0)
		goto out;
	if (refs > 0) {
		err_set(e, "%s %s is still referred to by %s; %s", en->name, ref, users,
			(en->flags & EF_NODELETE) ? "end it instead (gvi ... end)" : "delete those first");
		goto out;
	}
	struct record old;
	record_init(&old, en);
	rc = store_record_load(a->st, en, id, &old, e) < 0 ? -1 : 0;
	json_t *j = json_object();
	for (size_t i = 0; i < en->nfields && !rc; i++)
		if ((old.v[i] || old.lists[i].n) && !(en->fields[i].flags & FF_DERIVED))
			json_object_set_new(j, en->fields[i].name, field_json(&old, i));
	char *detail = json_text(j);
	record_release(&old);
	if (!rc)
		rc = store_record_delete(a->st, en, id, e);
	if (!rc)
		rc = audit(a, "delete", en, id, detail, e);
	free(detail);
out:
	return tx_end(a, rc, e);
}

int access_end(struct access *a, const struct entity *en, const char *ref, const char *date,
	       struct err *e)
{
	if (!en->end_field && !en->end_status)
		return err_set(e, "%s records are deleted, not ended", en->name);
	int64_t id;
	if (!policy_allows(a->who.role, en, POLICY_WRITE))
		return refuse(a, "end", en, e);
	if (store_ref_find(a->st, en, ref, &id, e))
		return -1;
	char today[DATE_LEN];
	if (!date)
		date_today(today);
	struct record r;
	record_init(&r, en);
	r.id = id;
	int rc = 0;
	if (en->end_field)
		rc = record_set(&r, en->end_field, date ? date : today, e);
	if (!rc && en->end_status) {
		char name[64];
		snprintf(name, sizeof name, "%s", en->end_status);
		char *eq = strchr(name, '=');
		*eq = '\0';
		rc = record_set(&r, name, eq + 1, e);
	}
	if (!rc)
		rc = access_edit(a, &r, e);
	record_release(&r);
	return rc;
}

/* ---- reads ---- */

struct filter_ctx {
	struct access *a;
	store_row_fn fn;
	void *ctx;
	int full;   /* a full record: secret fields shown if the role may */
};

static int filter_row(void *p, const struct record *r)
{
	struct filter_ctx *fc = p;
	for (size_t i = 0; i < r->e->nfields; i++) {
		const struct field *f = &r->e->fields[i];
		if ((f->flags & FF_SECRET) && r->v[i] &&
		    !(fc->full && policy_sees_secret(fc->a->who.role, r->e, f)))
			record_put((struct record *)r, i, NULL);
	}
	return fc->fn(fc->ctx, r);
}

int access_list(struct access *a, const struct entity *en, struct store_query *q, store_row_fn fn,
		void *ctx, struct err *e)
{
	if (!policy_allows(a->who.role, en, POLICY_READ))
		return refuse(a, "read", en, e);
	if (q && q->where && resolve_refs(a, (struct record *)q->where, e))
		return -1;
	struct filter_ctx fc = { a, fn, ctx, 0 };
	return store_record_each(a->st, en, q, filter_row, &fc, e);
}

int access_list_unreadable(struct access *a, const struct entity *en, store_row_fn fn, void *ctx,
			   struct err *e)
{
	if (!policy_counts_unreadable(a->who.role, en))
		return refuse(a, "read", en, e);
	struct filter_ctx fc = { a, fn, ctx, 0 };
	return store_record_each(a->st, en, NULL, filter_row, &fc, e);
}

int access_show(struct access *a, const struct entity *en, int64_t id, store_row_fn fn, void *ctx,
		struct err *e)
{
	if (!policy_allows(a->who.role, en, POLICY_READ))
		return refuse(a, "read", en, e);
	if (purpose_needed(a, en, e))
		return -1;
	struct store_query q = { .id = id };
	struct filter_ctx fc = { a, fn, ctx, 1 };
	struct record probe;
	record_init(&probe, en);
	int found = store_record_load(a->st, en, id, &probe, e);
	record_release(&probe);
	if (found <= 0)
		return found < 0 ? -1 : err_set(e, "no %s with id %lld", en->name, (long long)id);
	if (model_is_personal(en)) {
		/* The read is logged before the data is shown, in its own transaction. */
		if (tx_start(a, e) || audit(a, "read", en, id, NULL, e) || tx_end(a, 0, e)) {
			if (!a->batch && store_in_transaction(a->st))
				store_rollback(a->st);
			return -1;
		}
	}
	return store_record_each(a->st, en, &q, filter_row, &fc, e);
}

int access_export(struct access *a, const struct entity *en, store_row_fn fn, void *ctx,
		  struct err *e)
{
	if (!policy_allows(a->who.role, en, POLICY_READ))
		return refuse(a, "export", en, e);
	if (purpose_needed(a, en, e))
		return -1;
	if (model_is_personal(en)) {
		long n = store_record_count(a->st, en, e);
		char detail[64];
		snprintf(detail, sizeof detail, "{\"rows\":%ld}", n);
		if (tx_start(a, e) || audit(a, "export", en, 0, detail, e) || tx_end(a, 0, e))
			return -1;
	}
	struct filter_ctx fc = { a, fn, ctx, 1 };
	return store_record_each(a->st, en, NULL, filter_row, &fc, e);
}

long access_count(struct access *a, const struct entity *en, struct err *e)
{
	if (!policy_reads_aggregates(a->who.role, en))
		return refuse(a, "count", en, e);
	return store_record_count(a->st, en, e);
}

int access_counts(struct access *a, const struct entity *const *ens, size_t n, long *out,
		  struct err *e)
{
	for (size_t i = 0; i < n; i++)
		if (!policy_reads_aggregates(a->who.role, ens[i]))
			return refuse(a, "count", ens[i], e);
	return store_record_counts(a->st, ens, n, out, e);
}

int access_snapshot_begin(struct access *a, struct err *e)
{
	if (a->batch || store_in_transaction(a->st))
		return 0;   /* a batch's transaction is one snapshot already */
	return store_read_begin(a->st, e);
}

void access_snapshot_end(struct access *a)
{
	store_read_end(a->st);
}

struct audit_filter {
	audit_fn fn;
	void *ctx;
};

/* The admin reads the log as data-protection officer, but sees no personal data: for
 * personal records, which fields were written is shown, not their values. */
static int redact_entry(void *p, const struct audit_entry *entry)
{
	struct audit_filter *af = p;
	const struct entity *en = model_entity(entry->entity);
	if (!en || !model_is_personal(en) || !entry->detail || !strcmp(entry->action, "import") ||
	    !strcmp(entry->action, "export"))
		return af->fn(af->ctx, entry);
	json_t *d = json_loads(entry->detail, 0, NULL);
	json_t *fields = json_array();
	const char *key;
	json_t *value;
	if (json_is_object(d))
		json_object_foreach(d, key, value)
			json_array_append_new(fields, json_string(key));
	json_t *out = json_pack("{s:o, s:s}", "fields", fields, "values", "hidden");
	char *text = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
	struct audit_entry copy = *entry;
	copy.detail = text;
	int rc = af->fn(af->ctx, &copy);
	free(text);
	json_decref(out);
	json_decref(d);
	return rc;
}

int access_audit_each(struct access *a, const struct audit_query *q, audit_fn fn, void *ctx,
		      struct err *e)
{
	if (!policy_reads_audit(a->who.role))
		return err_set(e, "refused: user %s (role %s) may not read the audit log", a->who.name,
			       a->who.role);
	struct audit_filter af = { fn, ctx };
	return audit_each(a->st, q, redact_entry, &af, e);
}

/* ---- a new repository ---- */

static int bootstrap(struct store *st, const char *admin, const char *agency, const char *programme,
		     struct err *e)
{
	struct record ag, user;
	record_init(&ag, model_entity("agency"));
	record_init(&user, model_entity("user"));
	char id[32], created[DATETIME_LEN], detail[512];
	int rc = record_set(&ag, "name", agency, e) || record_set(&ag, "kind", "municipality", e) ||
		 store_record_insert(st, &ag, e);
	snprintf(id, sizeof id, "%lld", (long long)ag.id);
	rc = rc || record_set(&user, "name", admin, e) || record_set(&user, "role", "admin", e) ||
	     record_set(&user, "disabled", "0", e);
	if (!rc)
		record_put(&user, model_field_index(user.e, model_field(user.e, "agency")), id);
	rc = rc || store_record_insert(st, &user, e);
	date_now(created);
	json_t *j = json_pack("{s:s, s:s, s:s}", "programme", programme, "admin", admin, "agency", agency);
	char *text = json_text(j);
	snprintf(detail, sizeof detail, "%s", text);
	free(text);
	rc = rc || store_meta_set(st, "programme", programme, e) ||
	     store_meta_set(st, "created", created, e) ||
	     audit_append(st, admin, "admin", NULL, "init", "repository", 0, detail, e);
	record_release(&ag);
	record_release(&user);
	return rc ? -1 : 0;
}

int access_init(const char *path, const char *admin, const char *agency, const char *programme,
		struct err *e)
{
	struct store *st;
	if (store_create(&st, path, e))
		return -1;
	if (store_check_schema(st, e) || store_begin(st, e))
		goto fail;
	if (bootstrap(st, admin, agency, programme, e)) {
		store_rollback(st);
		goto fail;
	}
	if (store_commit(st, e))
		goto fail;
	store_close(st);
	struct access *a;
	if (access_open(&a, path, admin, 1, e))
		goto fail_removed;
	int rc = access_begin(a, 0, e) || seed_defaults(a, e) || access_commit(a, e);
	access_close(a);
	if (rc)
		goto fail_removed;
	return 0;
fail:
	store_close(st);
fail_removed:
	remove(path);
	return -1;
}

/* ---- the audit chain, a person's access register and extract, backups ---- */

/* One audit entry in a transaction of its own (or the open batch's), for reads and copies. */
static int audit_now(struct access *a, const char *action, const char *entity, int64_t id,
		     const char *detail, struct err *e)
{
	if (tx_start(a, e))
		return -1;
	int rc = audit_append(a->st, a->who.name, a->who.role, access_purpose(a), action, entity, id,
			      detail, e);
	return tx_end(a, rc, e);
}

int access_audit_verify(struct access *a, const char *expect, struct audit_check *out,
			struct err *e)
{
	if (!policy_reads_audit(a->who.role))
		return err_set(e, "refused: user %s (role %s) may not verify the audit log", a->who.name,
			       a->who.role);
	return audit_verify(a->st, expect, out, e);
}

int access_audit_person(struct access *a, const char *ref, int64_t *id, struct err *e)
{
	if (!policy_reads_register(a->who.role))
		return err_set(e, "refused: user %s (role %s) may not read a person's access register",
			       a->who.name, a->who.role);
	const struct entity *person = model_entity("person");
	enum store_ref_how how;
	if (store_ref_find_how(a->st, person, ref, id, &how, e))
		return -1;
	/* A role that may not read persons names one by code or id, never learns a name. */
	if (how == STORE_REF_BY_NAME && !policy_allows(a->who.role, person, POLICY_READ))
		return err_set(e, "person %s: name the person by code (P-…) or id; role %s does not "
			       "read persons' names", ref, a->who.role);
	return 0;
}

int access_audit_register(struct access *a, int64_t person_id, audit_fn fn, void *ctx,
			  struct err *e)
{
	if (!policy_reads_register(a->who.role))
		return err_set(e, "refused: user %s (role %s) may not read a person's access register",
			       a->who.name, a->who.role);
	if (audit_now(a, "register", "person", person_id, NULL, e))
		return -1;
	struct audit_query q = { .person_id = person_id };
	struct audit_filter af = { fn, ctx };
	return audit_each(a->st, &q, redact_entry, &af, e);
}

struct extract_ctx {
	struct access *a;
	access_extract_fn fn;
	void *ctx;
	const char *section;
	int64_t *ids[3];      /* groups, incidents, call-ins named by the person's records */
	size_t nids[3];
};

static void remember(struct extract_ctx *x, int k, const struct entity *en, const char *display)
{
	int64_t id;
	struct err ignore = { 0 };
	if (!display || store_ref_find(x->a->st, en, display, &id, &ignore))
		return;
	for (size_t i = 0; i < x->nids[k]; i++)
		if (x->ids[k][i] == id)
			return;
	int64_t *grown = realloc(x->ids[k], (x->nids[k] + 1) * sizeof *grown);
	if (!grown)
		abort();
	x->ids[k] = grown;
	x->ids[k][x->nids[k]++] = id;
}

static int extract_row(void *p, const struct record *r)
{
	struct extract_ctx *x = p;
	static const char *const context[][2] = { { "group", "group" }, { "incident", "incident" },
		{ "callin", "callin" } };
	for (int k = 0; k < 3; k++)
		if (model_field(r->e, context[k][0]) && strcmp(x->section, "context"))
			remember(x, k, model_entity(context[k][1]), record_get(r, context[k][0]));
	return x->fn(x->ctx, x->section, r);
}

/* Every record of en whose field f (or, f NULL, whose id) is `id`, to the extract. */
static int extract_each(struct extract_ctx *x, const char *section, const struct entity *en,
			const struct field *f, int64_t id, struct err *e)
{
	if (!policy_allows(x->a->who.role, en, POLICY_READ))
		return 0;
	struct record where;
	record_init(&where, en);
	struct store_query q = { 0 };
	char idtext[32];
	id_text(id, idtext);
	if (f) {
		size_t i = model_field_index(en, f);
		record_put(&where, i, idtext);
		where.given[i] = 1;
		q.where = &where;
	} else {
		q.id = id;
	}
	x->section = section;
	struct filter_ctx fc = { x->a, extract_row, x, 1 };
	int rc = store_record_each(x->a->st, en, &q, filter_row, &fc, e);
	record_release(&where);
	return rc;
}

int access_extract(struct access *a, int64_t person_id, access_extract_fn fn, audit_fn afn,
		   void *ctx, struct err *e)
{
	if (!policy_extracts(a->who.role))
		return err_set(e, "refused: user %s (role %s) may not make a person's extract "
			       "(registerutdrag)", a->who.name, a->who.role);
	const struct entity *person = model_entity("person");
	if (!policy_allows(a->who.role, person, POLICY_READ))
		return refuse(a, "read", person, e);
	if (audit_now(a, "extract", "person", person_id, NULL, e))
		return -1;
	struct extract_ctx x = { .a = a, .fn = fn, .ctx = ctx };
	int rc = extract_each(&x, "person", person, NULL, person_id, e);
	/* Every record of an entity that refers to persons and names this one. */
	for (size_t k = 0; k < model_nentities && !rc; k++) {
		const struct entity *en = model_entities[k];
		for (size_t i = 0; i < en->nfields && !rc; i++)
			if (en->fields[i].type == F_REF && !strcmp(en->fields[i].ref, "person"))
				rc = extract_each(&x, en->name, en, &en->fields[i], person_id, e);
	}
	/* Context: the groups, incidents and call-ins those records name, and the enforcement
	 * actions against those groups. */
	static const char *const context[] = { "group", "incident", "callin" };
	for (int k = 0; k < 3 && !rc; k++)
		for (size_t i = 0; i < x.nids[k] && !rc; i++)
			rc = extract_each(&x, "context", model_entity(context[k]), NULL, x.ids[k][i], e);
	const struct entity *enf = model_entity("enforcement");
	for (size_t i = 0; i < x.nids[0] && !rc; i++)
		rc = extract_each(&x, "context", enf, model_field(enf, "group"), x.ids[0][i], e);
	if (!rc && afn) {
		struct audit_query q = { .person_id = person_id };
		struct audit_filter af = { afn, ctx };
		rc = audit_each(a->st, &q, redact_entry, &af, e);
	}
	for (int k = 0; k < 3; k++)
		free(x.ids[k]);
	return rc;
}

int access_backup(struct access *a, const char *dest, const char *file_named, int encrypted,
		  struct err *e)
{
	if (!policy_backs_up(a->who.role))
		return err_set(e, "refused: user %s (role %s) may not back up the repository",
			       a->who.name, a->who.role);
	/* Logged first, so the copy holds the record of its own making. */
	json_t *j = json_pack("{s:s, s:b}", "file", file_named, "encrypted", encrypted);
	char *detail = json_text(j);
	int rc = audit_now(a, "backup", "repository", 0, detail, e);
	free(detail);
	return rc ? -1 : store_backup(a->st, dest, e);
}

int access_restore_check(const char *path, const char *user, const char *from, struct err *e)
{
	struct access *a;
	if (access_open(&a, path, user, 1, e))
		return err_prefix(e, "the backup: ");
	int rc = -1;
	if (!policy_backs_up(a->who.role)) {
		err_set(e, "refused: user %s (role %s) in the backup may not restore it", a->who.name,
			a->who.role);
		goto out;
	}
	struct audit_check ck;
	if (audit_verify(a->st, NULL, &ck, e))
		goto out;
	if (ck.bad_id) {
		err_set(e, "the backup's audit log is not intact: %s; it was not restored", ck.problem);
		goto out;
	}
	json_t *j = json_pack("{s:s, s:s}", "from", from, "head", ck.head);
	char *detail = json_text(j);
	rc = audit_now(a, "restore", "repository", 0, detail, e);
	free(detail);
out:
	access_close(a);
	return rc;
}

/* ---- aggregates for the evaluation ---- */

struct month_cell {
	char area[128];
	char month[8];
	long n[7];   /* incidents, serious, shootings, explosions, killed, injured, gmi */
};

struct month_agg {
	struct month_cell *cells;
	size_t n, cap;
	char (*serious_types)[128];
	size_t ntypes, types_cap;
	long undated;
	int failed;
};

static int on_serious_type(void *p, const struct record *r)
{
	struct month_agg *g = p;
	const char *s = record_get(r, "serious");
	if (!s || strcmp(s, "1"))
		return 0;
	if (g->ntypes == g->types_cap) {
		size_t cap = g->types_cap ? 2 * g->types_cap : 16;
		void *t = realloc(g->serious_types, cap * sizeof *g->serious_types);
		if (!t)
			return g->failed = 1;
		g->serious_types = t;
		g->types_cap = cap;
	}
	snprintf(g->serious_types[g->ntypes++], sizeof g->serious_types[0], "%s", record_get(r, "name"));
	return 0;
}

static long num_field(const struct record *r, const char *name)
{
	const char *v = record_get(r, name);
	return v && *v ? strtol(v, NULL, 10) : 0;
}

static int on_incident_month(void *p, const struct record *r)
{
	struct month_agg *g = p;
	const char *status = record_get(r, "status"), *occurred = record_get(r, "occurred");
	if (status && !strcmp(status, "unfounded"))
		return 0;
	if (!occurred || strlen(occurred) < 7 || occurred[4] != '-') {
		g->undated++;
		return 0;
	}
	const char *area = record_get(r, "area");
	if (!area)
		area = "";
	if (g->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 256;
		void *c = realloc(g->cells, cap * sizeof *g->cells);
		if (!c)
			return g->failed = 1;
		g->cells = c;
		g->cap = cap;
	}
	struct month_cell *c = &g->cells[g->n++];
	memset(c, 0, sizeof *c);
	snprintf(c->area, sizeof c->area, "%s", area);
	memcpy(c->month, occurred, 7);
	const char *type = record_get(r, "type");
	c->n[0] = 1;
	for (size_t i = 0; type && i < g->ntypes; i++)
		if (!strcmp(g->serious_types[i], type))
			c->n[1] = 1;
	c->n[2] = type && !strcmp(type, "shooting");
	c->n[3] = type && !strcmp(type, "explosion");
	c->n[4] = num_field(r, "killed");
	c->n[5] = num_field(r, "injured");
	c->n[6] = num_field(r, "gmi") != 0;
	return 0;
}

static int cmp_month_cell(const void *x, const void *y)
{
	const struct month_cell *a = x, *b = y;
	int c = strcmp(a->area, b->area);
	return c ? c : strcmp(a->month, b->month);
}

int access_incident_months(struct access *a, access_month_fn fn, void *ctx, long *undated,
			   struct err *e)
{
	const struct entity *inc = model_entity("incident"), *types = model_entity("incident-type");
	if (!policy_reads_aggregates(a->who.role, inc))
		return refuse(a, "have aggregates of", inc, e);
	struct month_agg g = { 0 };
	int rc = -1;
	if (store_record_each(a->st, types, NULL, on_serious_type, &g, e) ||
	    store_record_each(a->st, inc, NULL, on_incident_month, &g, e))
		goto out;
	if (g.failed) {
		err_set(e, "out of memory");
		goto out;
	}
	if (g.n)
		qsort(g.cells, g.n, sizeof *g.cells, cmp_month_cell);
	size_t cells = 0;
	for (size_t i = 0; i < g.n; i++) {   /* merge the incidents of one area and month */
		if (cells && !cmp_month_cell(&g.cells[cells - 1], &g.cells[i])) {
			for (int k = 0; k < 7; k++)
				g.cells[cells - 1].n[k] += g.cells[i].n[k];
		} else {
			g.cells[cells++] = g.cells[i];
		}
	}
	char detail[96];
	snprintf(detail, sizeof detail, "{\"cells\":%zu,\"by\":\"area,month\"}", cells);
	if (tx_start(a, e) || audit(a, "aggregate", inc, 0, detail, e) || tx_end(a, 0, e)) {
		if (!a->batch && store_in_transaction(a->st))
			store_rollback(a->st);
		goto out;
	}
	if (undated)
		*undated = g.undated;
	for (size_t i = 0; i < cells; i++) {
		const struct month_cell *c = &g.cells[i];
		struct access_month_count mc = { c->area, { 0 }, c->n[0], c->n[1], c->n[2], c->n[3],
						 c->n[4], c->n[5], c->n[6] };
		memcpy(mc.month, c->month, sizeof mc.month);
		if ((rc = fn(ctx, &mc)))
			goto out;
	}
	rc = 0;
out:
	free(g.cells);
	free(g.serious_types);
	return rc;
}
