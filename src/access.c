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
#include "privacy.h"
#include "refcache.h"
#include "seed.h"
#include "store_backup.h"
#include "store_calendar.h"
#include "workflow/workflow.h"

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
	const struct entity *asked_en;    /* the last policy question and its answer */
	int asked_op, answer;
	struct refcache *refs;    /* resolved references, during a bulk batch */
	struct store_indexes *deferred;   /* indexes to rebuild at access_bulk_entity_end */
	struct id_bitmap {                /* ids of keyless entities named by id in a bulk batch */
		const struct entity *en;
		unsigned char *bits;
		int64_t nbits;
	} idsets[4];
	struct {                          /* the last person whose birth date was looked up */
		char id[32];
		int known;
		char birth[DATE_LEN];
	} birth_memo;
	long settings[PRIV_NKEYS];        /* the privacy settings, loaded when first needed */
	int settings_loaded;
	int system;    /* gvi itself (the server's retention run), no user */
	struct disclosed {        /* disclosures in force to the actor's agency, display values */
		int64_t id;
		char from[256], person[32];
		char scope[512];      /* ";entity;entity.field;…;" */
	} *disc;
	size_t ndisc;
	int disc_loaded;
	int batch;     /* inside access_begin/commit */
	int bulk;      /* batch audited as one entry */
	char purpose[128];        /* the purpose of access given (access_set_purpose); "" = none */
	int in_hook;   /* inside a workflow hook: writes join the open transaction */
	const char *why;   /* a write the workflow makes: its reason, kept in the audit detail */
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

int access_open_system(struct access **out, const char *path, struct err *e)
{
	struct access *a = calloc(1, sizeof *a);
	if (!a)
		return err_set(e, "out of memory");
	date_today(a->today);
	a->asked_op = -1;
	a->system = 1;
	snprintf(a->who.name, sizeof a->who.name, "gvi");
	snprintf(a->who.role, sizeof a->who.role, "system");
	if (store_open(&a->st, path, 1, e)) {
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
	free(a->disc);
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
		size_t n = f->item->nfields;
		while (n > 1 && !r->lists[i].item[k][n - 1] && !(f->item->fields[n - 1].flags & FF_REQUIRED))
			n--;
		for (size_t j = 0; j < n; j++)
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
	a->settings_loaded = 0;
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
	if (a->batch || a->in_hook)
		return 0;
	a->settings_loaded = 0;   /* a long-lived handle sees a changed setting at its next write */
	a->birth_memo.id[0] = '\0';
	return store_begin(a->st, e);
}

static int tx_end(struct access *a, int rc, struct err *e)
{
	if (a->batch || a->in_hook)
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

/* ---- the privacy rules (docs/privacy.md) ---- */

/* A privacy setting: the `setting` row of that name, else its built-in default. */
static long setting(struct access *a, enum privacy_key k)
{
	if (!a->settings_loaded) {
		const struct entity *en = model_entity("setting");
		const struct field *value = model_field(en, "value");
		for (int i = 0; i < PRIV_NKEYS; i++) {
			struct err ignore = { 0 };
			struct record row;
			record_init(&row, en);
			int64_t id;
			const char *v = NULL;
			a->settings[i] = privacy_settings[i].def;
			if (!store_ref_find(a->st, en, privacy_settings[i].name, &id, &ignore) &&
			    store_record_load(a->st, en, id, &row, &ignore) == 1)
				v = row.v[model_field_index(en, value)];
			if (v && !privacy_setting_check(privacy_settings[i].name, v, &ignore))
				a->settings[i] = strtol(v, NULL, 10);
			record_release(&row);
		}
		a->settings_loaded = 1;
	}
	return a->settings[k];
}

/* The birth date of person `id_text` (an id): recorded, else from the personnummer.
 * Returns 1 known, 0 unknown. */
static int person_birth(struct access *a, const char *id_text, char out[DATE_LEN])
{
	/* A membership asks twice (review cycle, minimum age), an import row after row. */
	if (id_text && !strcmp(a->birth_memo.id, id_text)) {
		snprintf(out, DATE_LEN, "%s", a->birth_memo.birth);
		return a->birth_memo.known;
	}
	const struct entity *en = model_entity("person");
	struct record p;
	record_init(&p, en);
	struct err ignore = { 0 };
	int known = 0;
	if (id_text && store_record_load(a->st, en, strtoll(id_text, NULL, 10), &p, &ignore) == 1) {
		const char *birth = record_get(&p, "birth"), *pnr = record_get(&p, "pnr");
		if (birth) {
			snprintf(out, DATE_LEN, "%s", birth);
			known = 1;
		} else if (pnr && !pnr_birth_date(pnr, out)) {
			known = 1;
		}
	}
	record_release(&p);
	if (id_text) {
		snprintf(a->birth_memo.id, sizeof a->birth_memo.id, "%s", id_text);
		snprintf(a->birth_memo.birth, sizeof a->birth_memo.birth, "%s", known ? out : "");
		a->birth_memo.known = known;
	}
	return known;
}

/* Is the record about a person under 18 today?  A person record by its own birth date or
 * personnummer; a membership or tie by its person(s).  An unknown age is not a minor's. */
static int about_minor(struct access *a, const struct record *r)
{
	char birth[DATE_LEN];
	const char *name = r->e->name;
	if (!strcmp(name, "person")) {
		const char *b = record_get(r, "birth"), *pnr = record_get(r, "pnr");
		if (b)
			snprintf(birth, sizeof birth, "%s", b);
		else if (!pnr || pnr_birth_date(pnr, birth))
			return 0;
		int age = date_age(birth, a->today);
		return age >= 0 && age < 18;
	}
	static const char *const persons[] = { "person", "person_a", "person_b", NULL };
	for (int k = 0; persons[k]; k++) {
		if (!model_field(r->e, persons[k]))
			continue;
		if (person_birth(a, record_get(r, persons[k]), birth)) {
			int age = date_age(birth, a->today);
			if (age >= 0 && age < 18)
				return 1;
		}
	}
	return 0;
}

/* The review cycle in months that applies to r. */
static long review_cycle(struct access *a, const struct record *r, int *minor)
{
	*minor = about_minor(a, r);
	return setting(a, *minor ? PRIV_MINOR_MONTHS : PRIV_REVIEW_MONTHS);
}

/* The default review date of r: today + its review cycle. */
static int review_default(struct access *a, struct record *r, char out[DATE_LEN])
{
	int minor;
	return date_add_months(a->today, (int)review_cycle(a, r, &minor), out);
}

/* Every person, membership and tie has a review date within its cycle: never empty, never
 * further ahead than today + the cycle (CalGang's purge dates 100 years away). */
static int check_review(struct access *a, const struct record *r, struct err *e)
{
	const struct field *f = model_field(r->e, "review");
	if (!f)
		return 0;
	const char *review = record_get(r, "review");
	if (!review)
		return err_set(e, "review: a %s must have a review date (omprövningsdatum)", r->e->name);
	int minor;
	long months = review_cycle(a, r, &minor);
	char latest[DATE_LEN];
	if (date_add_months(a->today, (int)months, latest))
		return err_set(e, "review: cannot compute the latest review date");
	if (strcmp(review, latest) > 0)
		return err_set(e, "review: %s is more than %ld months ahead (setting %s); the latest "
			       "allowed is %s", review, months,
			       minor ? "review.minor_months: the person is under 18" : "review.months",
			       latest);
	return 0;
}

struct involvement_roles {
	int suspect, other;   /* recorded as suspect; in another role */
	char seen[64];        /* the other roles, for the message */
};

static int involvement_role(void *p, const struct record *r)
{
	struct involvement_roles *seen = p;
	const char *role = record_get(r, "role");
	if (role && !strcmp(role, "suspect")) {
		seen->suspect = 1;
	} else if (role) {
		seen->other = 1;
		snprintf(seen->seen + strlen(seen->seen), sizeof seen->seen - strlen(seen->seen), "%s%s",
			 *seen->seen ? " and " : "", role);
	}
	return 0;
}

/* A basis item that cites an incident: the person must be recorded in it as a suspect.
 * Nothing makes a member of a victim (or a witness) by inference. */
static int check_basis_incident(struct access *a, const char *person, const char *incident,
				struct err *e)
{
	const struct entity *inv = model_entity("involvement");
	struct record where;
	record_init(&where, inv);
	record_put(&where, model_field_index(inv, model_field(inv, "incident")), incident);
	record_put(&where, model_field_index(inv, model_field(inv, "person")), person);
	where.given[model_field_index(inv, model_field(inv, "incident"))] = 1;
	where.given[model_field_index(inv, model_field(inv, "person"))] = 1;
	struct involvement_roles seen = { 0, 0, "" };
	struct store_query q = { .where = &where };
	int rc = store_record_each(a->st, inv, &q, involvement_role, &seen, e);
	record_release(&where);
	if (rc)
		return -1;
	if (seen.suspect)
		return 0;
	if (seen.other)
		return err_set(e, "basis: incident %s: the person is recorded there only as %s, not as "
			       "a suspect; a victim or witness is never made a member by inference",
			       incident, seen.seen);
	return err_set(e, "basis: incident %s: the person is not recorded as involved in it "
		       "(add the involvement as suspect first)", incident);
}

/* Inclusion: at least inclusion.min_criteria different criteria, each with a source and a
 * date, dated within inclusion.window_years before the membership's last day (until, else
 * today), none in the future; no member younger than inclusion.min_age. */
static int check_inclusion(struct access *a, const struct record *r, struct err *e)
{
	const struct entity *en = r->e;
	const struct field *bf = model_field(en, "basis");
	const struct record_list *basis = &r->lists[model_field_index(en, bf)];
	const char *until = record_get(r, "until"), *since = record_get(r, "since");
	const char *end = until && strcmp(until, a->today) < 0 ? until : a->today;
	long need = setting(a, PRIV_MIN_CRITERIA), years = setting(a, PRIV_WINDOW_YEARS);
	char start[DATE_LEN];
	if (date_add_months(end, -12 * (int)years, start))
		return err_set(e, "basis: cannot compute the inclusion window");
	size_t ci = 0, di = 2, ii = 3;   /* criterion|source|date|incident */
	const char *counted[32];
	long n = 0;
	for (size_t k = 0; k < basis->n; k++) {
		char **item = basis->item[k];
		if (strcmp(item[di], a->today) > 0)
			return err_set(e, "basis: %s|%s|%s is dated in the future", item[ci], item[1], item[di]);
		if (item[ii] && check_basis_incident(a, record_get(r, "person"), item[ii], e))
			return -1;
		if (strcmp(item[di], start) <= 0 || strcmp(item[di], end) > 0)
			continue;
		int dup = 0;
		for (long j = 0; j < n && !dup; j++)
			dup = !strcmp(counted[j], item[ci]);
		if (!dup && n < 32)
			counted[n++] = item[ci];
	}
	if (n < need)
		return err_set(e, "basis: a membership needs at least %ld different criteria, each with "
			       "a source, dated within %ld years before %s (after %s); %ld given "
			       "(settings inclusion.min_criteria, inclusion.window_years)", need, years,
			       end, start, n);
	char birth[DATE_LEN];
	if (person_birth(a, record_get(r, "person"), birth)) {
		const char *on = since ? since : end;
		int age = date_age(birth, on);
		long min_age = setting(a, PRIV_MIN_AGE);
		if (age >= 0 && age < min_age)
			return err_set(e, "person: the person was %d on %s; no membership below age %ld "
				       "(setting inclusion.min_age)", age, on, min_age);
	}
	return 0;
}

/* A field of a stored record of entity `name`, loaded raw (references as ids).  Returns 1 with
 * out set (empty if no value), 0 if there is no such record. */
static int stored_value(struct access *a, const char *name, const char *id_text, const char *field,
			char *out, size_t n)
{
	const struct entity *en = model_entity(name);
	struct record x;
	record_init(&x, en);
	struct err ignore = { 0 };
	int found = id_text && store_record_load(a->st, en, strtoll(id_text, NULL, 10), &x, &ignore) == 1;
	const char *v = found ? record_get(&x, field) : NULL;
	snprintf(out, n, "%s", v ? v : "");
	record_release(&x);
	return found;
}

/* A disclosure: decided by the disclosing agency itself (a user of it), to another agency,
 * of entities whose records are owner-restricted, on a legal basis whose conditions hold on
 * the decision date: the person's age below the basis's max_age (OSL 10 kap. 18 a §: under
 * 21), the person's consent recorded when the basis is consent. */
static int check_disclosure(struct access *a, const struct record *r, struct err *e)
{
	const char *from = record_get(r, "from_agency"), *to = record_get(r, "to_agency");
	const char *decided = record_get(r, "decided"), *until = record_get(r, "valid_until");
	const char *consent = record_get(r, "consent");
	char buf[64];
	if (!a->system && from && strcmp(from, a->owner_text))
		return err_set(e, "from_agency: only the disclosing agency's own users record its "
			       "disclosures (you are %s)", a->who.agency);
	if (from && to && !strcmp(from, to))
		return err_set(e, "to_agency: an agency does not disclose to itself");
	if (stored_value(a, "user", record_get(r, "decided_by"), "agency", buf, sizeof buf) &&
	    from && strcmp(buf, from))
		return err_set(e, "decided_by: the decider must work for the disclosing agency");
	if (decided && strcmp(decided, a->today) > 0)
		return err_set(e, "decided: %s is in the future", decided);
	if (decided && until && strcmp(until, decided) < 0)
		return err_set(e, "valid_until: %s is before the decision (%s)", until, decided);
	const struct record_list *scope = &r->lists[model_field_index(r->e, model_field(r->e, "scope"))];
	for (size_t k = 0; k < scope->n; k++) {
		char name[64];
		snprintf(name, sizeof name, "%s", scope->item[k][0]);
		char *dot = strchr(name, '.');
		if (dot)
			*dot = '\0';
		const struct entity *x = model_entity(name);
		if (!x || !policy_owner_restricted(x) || !strcmp(name, "disclosure"))
			return err_set(e, "scope: \"%s\" is not an entity whose records an agency owns "
				       "alone (referral, or referral.FIELD)", scope->item[k][0]);
		if (dot && (!model_field(x, dot + 1) || model_field(x, dot + 1)->flags & FF_DERIVED))
			return err_set(e, "scope: %s has no field \"%s\"", name, dot + 1);
	}
	const char *basis = record_get(r, "basis");
	char max_age[16], needs_consent[8], birth[DATE_LEN], want[32], kind[32];
	stored_value(a, "legal-basis", basis, "max_age", max_age, sizeof max_age);
	stored_value(a, "legal-basis", basis, "consent", needs_consent, sizeof needs_consent);
	static const char *const ends[][2] = { { "from_kind", "from_agency" }, { "to_kind", "to_agency" } };
	for (int k = 0; k < 2; k++) {
		stored_value(a, "legal-basis", basis, ends[k][0], want, sizeof want);
		stored_value(a, "agency", record_get(r, ends[k][1]), "kind", kind, sizeof kind);
		if (*want && strcmp(want, kind))
			return err_set(e, "basis: this legal basis applies only %s an agency of kind %s; "
				       "%s is of kind %s", k ? "to" : "from", want, ends[k][1],
				       *kind ? kind : "unknown");
	}
	if (*max_age) {
		if (!person_birth(a, record_get(r, "person"), birth))
			return err_set(e, "basis: it applies only below age %s: record the person's birth "
				       "date or personnummer first", max_age);
		int age = date_age(birth, decided ? decided : a->today);
		if (age < 0 || age >= atoi(max_age))
			return err_set(e, "basis: the person was %d on %s; this legal basis applies only "
				       "below age %s", age, decided ? decided : a->today, max_age);
	}
	if (!strcmp(needs_consent, "1")) {
		if (!consent)
			return err_set(e, "consent: this legal basis needs the date the person consented");
		if (decided && strcmp(consent, decided) > 0)
			return err_set(e, "consent: %s is after the decision (%s)", consent, decided);
	}
	return 0;
}

/* Records of an owner-restricted entity (docs/privacy.md) are changed only by their owner. */
static int check_owner(struct access *a, const struct entity *en, const char *owner, const char *what,
		       struct err *e)
{
	if (a->system || !policy_owner_restricted(en) || (owner && !strcmp(owner, a->owner_text)))
		return 0;
	return err_set(e, "refused: user %s may not %s a %s another agency owns", a->who.name, what,
		       en->name);
}

/* The rules of the privacy issue that need the repository, for a record about to be written
 * (`fresh`: an add; else an edit where `given` says what changed). */
static int check_privacy(struct access *a, const struct record *r, const unsigned char *given,
			 int fresh, struct err *e)
{
	const struct entity *en = r->e;
#define GIVEN(name) (fresh || given[model_field_index(en, model_field(en, name))])
	if (!strcmp(en->name, "person"))
		a->birth_memo.id[0] = '\0';   /* its birth date or personnummer may change */
	if (!strcmp(en->name, "setting")) {
		a->settings_loaded = 0;
		return privacy_setting_check(record_get(r, "name"), record_get(r, "value"), e);
	}
	if (!strcmp(en->name, "disclosure") && check_disclosure(a, r, e))
		return -1;
	if (!strcmp(en->name, "disclosure") || !strcmp(en->name, "referral"))
		a->disc_loaded = 0;
	if (model_field(en, "review") && GIVEN("review") && check_review(a, r, e))
		return -1;
	if (!strcmp(en->name, "membership") &&
	    (GIVEN("basis") || GIVEN("person") || GIVEN("group") || GIVEN("level") ||
	     GIVEN("since") || GIVEN("review")) && check_inclusion(a, r, e))
		return -1;
#undef GIVEN
	return 0;
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
		} else if (f->type == F_REF && (!strcmp(f->name, "owner") || !strcmp(f->name, "from_agency"))) {
			record_put(r, i, a->owner_text);
		} else if (f->type == F_REF && !strcmp(f->name, "decided_by")) {
			char me[32];
			id_text(a->who.id, me);
			record_put(r, i, me);
		} else if (f->type == F_DATE && !strcmp(f->name, "decided")) {
			record_put(r, i, a->today);
		} else if (f->type == F_DATE && !strcmp(f->name, "review")) {
			char review[DATE_LEN];
			if (!review_default(a, r, review))
				record_put(r, i, review);
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

/* A record of an EF_ROWCHECK entity (a task) may only name records the role may read: a task
 * about a person the user may not see is refused, not written. */
static int check_row_refs(struct access *a, const struct record *r, struct err *e)
{
	if (!(r->e->flags & EF_ROWCHECK) || a->why)
		return 0;
	for (size_t i = 0; i < r->e->nfields; i++) {
		const struct field *f = &r->e->fields[i];
		if (f->type == F_REF && r->v[i] && r->given[i] &&
		    !policy_allows(a->who.role, model_entity(f->ref), POLICY_READ))
			return err_set(e, "refused: user %s (role %s) may not read %s records, so may not "
				       "write a %s naming one (--%s)", a->who.name, a->who.role, f->ref,
				       r->e->name, f->name);
	}
	return 0;
}

static int row_visible(struct access *a, const struct record *r, int64_t *via);
static int load_disclosures(struct access *a, struct err *e);

struct ref_seen {
	struct access *a;
	int visible;
};

static int ref_row_seen(void *p, const struct record *r)
{
	struct ref_seen *s = p;
	int64_t via;
	s->visible = row_visible(s->a, r, &via) > 0;
	return 0;
}

/* Does r name a record the user may not read — of an entity the role may not read, or a row
 * of an owner-restricted entity (a referral) neither owned by nor disclosed to the user's
 * agency?  Then r is hidden from the user, for reading and writing alike. */
static int row_hidden(struct access *a, const struct record *r)
{
	if (!(r->e->flags & EF_ROWCHECK))
		return 0;
	for (size_t i = 0; i < r->e->nfields; i++) {
		const struct field *f = &r->e->fields[i];
		if (f->type != F_REF || !r->v[i])
			continue;
		const struct entity *ref = model_entity(f->ref);
		if (!policy_allows(a->who.role, ref, POLICY_READ))
			return 1;
		if (policy_owner_restricted(ref)) {
			struct err ignore = { 0 };
			struct store_query q = { 0 };
			struct ref_seen seen = { a, 0 };
			if (load_disclosures(a, &ignore) ||
			    store_ref_find(a->st, ref, r->v[i], &q.id, &ignore) ||
			    store_record_each(a->st, ref, &q, ref_row_seen, &seen, &ignore) || !seen.visible)
				return 1;
		}
	}
	return 0;
}

/* Runs a workflow hook with the write's transaction still open (its writes join it). */
static int run_hook(struct access *a, const struct record *old, const struct record *now, struct err *e)
{
	if (a->bulk)
		return 0;
	a->in_hook++;
	int rc = workflow_after_write(a, old, now, e);
	a->in_hook--;
	return rc;
}

/* ---- writes ---- */

int access_add(struct access *a, struct record *r, struct err *e)
{
	const struct entity *en = r->e;
	if (!a->why && !allowed(a, en, POLICY_WRITE))
		return refuse(a, "add", en, e);
	if (check_row_refs(a, r, e))
		return -1;
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
	if (check_required(r, e) || check_rules(r, e) || check_privacy(a, r, NULL, 1, e))
		goto out;
	if ((rc = store_record_insert(a->st, r, e)))
		goto out;
	if (!a->bulk) {
		json_t *j = json_object();
		for (size_t i = 0; i < en->nfields; i++)
			if ((r->v[i] || r->lists[i].n) && !(en->fields[i].flags & FF_DERIVED))
				json_object_set_new(j, en->fields[i].name, field_json(r, i));
		if (a->why)
			json_object_set_new(j, "workflow", json_string(a->why));
		detail = json_text(j);
	}
	rc = audit(a, "add", en, r->id, detail, e);
	if (!rc)
		rc = run_hook(a, NULL, r, e);
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
	if (found > 0 && !a->system && policy_owner_restricted(en)) {
		const char *owner = record_get(&old, "owner");
		if (!owner || strcmp(owner, a->owner_text)) {
			/* Another agency's record: say nothing of what it holds (no probing by
			 * importing guesses and reading which field differs). */
			err_clear(e);
			err_set(e, "duplicate %s: id or key already taken", en->name);
			record_release(&old);
			return -1;
		}
	}
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
	if (!a->why && !policy_allows(a->who.role, en, POLICY_WRITE))
		return refuse(a, "edit", en, e);
	if (check_row_refs(a, r, e))
		return -1;
	if (tx_start(a, e))
		return -1;
	struct record old, merged;
	record_init(&old, en);
	record_init(&merged, en);
	char *detail = NULL;
	int rc = -1;
	int found = store_record_load(a->st, en, r->id, &old, e);
	if (found > 0 && !a->why && row_hidden(a, &old))
		found = 0;   /* a record the user may not see is not there for them */
	if (found <= 0) {
		if (!found)
			err_set(e, "no %s with id %lld", en->name, (long long)r->id);
		goto out;
	}
	if (check_owner(a, en, record_get(&old, "owner"), "change", e) || resolve_refs(a, r, e))
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
	if (a->why)
		json_object_set_new(changes, "workflow", json_string(a->why));
	detail = json_text(changes);
	if (check_required(&merged, e) || check_rules(&merged, e) ||
	    check_privacy(a, &merged, r->given, 0, e) || store_record_update(a->st, r, e))
		goto out;
	rc = audit(a, "edit", en, r->id, detail, e);
	if (!rc)
		rc = run_hook(a, &old, &merged, e);
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
	if (!a->bulk) {
		a->in_hook++;
		int hook = workflow_before_delete(a, en, id, e);
		a->in_hook--;
		if (hook)
			goto out;
	}
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
	if (!rc)
		rc = check_owner(a, en, record_get(&old, "owner"), "delete", e);
	if (!rc && !a->in_hook && row_hidden(a, &old))
		rc = err_set(e, "no %s %s that you may see", en->name, ref);
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

/* ---- row-level rules: owner-restricted entities and disclosures (docs/privacy.md) ---- */

static int collect_disclosure(void *p, const struct record *r)
{
	struct access *a = p;
	const char *to = record_get(r, "to_agency"), *decided = record_get(r, "decided");
	const char *until = record_get(r, "valid_until");
	if (!to || strcmp(to, a->who.agency) || !decided || strcmp(decided, a->today) > 0 ||
	    !until || strcmp(until, a->today) < 0)
		return 0;   /* to another agency, not yet decided or lapsed */
	struct disclosed *d = realloc(a->disc, (a->ndisc + 1) * sizeof *d);
	if (!d)
		return -1;
	a->disc = d;
	d += a->ndisc++;
	d->id = r->id;
	snprintf(d->from, sizeof d->from, "%s", record_get(r, "from_agency"));
	snprintf(d->person, sizeof d->person, "%s", record_get(r, "person"));
	size_t fi = model_field_index(r->e, model_field(r->e, "scope")), len = 1;
	snprintf(d->scope, sizeof d->scope, ";");
	for (size_t k = 0; k < r->lists[fi].n && len < sizeof d->scope; k++)
		len += (size_t)snprintf(d->scope + len, sizeof d->scope - len, "%s;", r->lists[fi].item[k][0]);
	return 0;
}

static int load_disclosures(struct access *a, struct err *e)
{
	if (a->disc_loaded)
		return 0;
	free(a->disc);
	a->disc = NULL;
	a->ndisc = 0;
	if (store_record_each(a->st, model_entity("disclosure"), NULL, collect_disclosure, a, e))
		return -1;
	a->disc_loaded = 1;
	return 0;
}

/* Does a disclosure's scope name entity en whole (2), some of its fields (1) or not (0)?
 * With 1, field f is in it when fields_of(f) says so. */
static int scope_covers(const struct disclosed *d, const struct entity *en, const char *field)
{
	char want[96];
	snprintf(want, sizeof want, ";%s;", en->name);
	if (strstr(d->scope, want))
		return 2;
	if (field) {
		snprintf(want, sizeof want, ";%s.%s;", en->name, field);
		return strstr(d->scope, want) ? 1 : 0;
	}
	snprintf(want, sizeof want, ";%s.", en->name);
	return strstr(d->scope, want) ? 1 : 0;
}

/* May the actor see row r of an owner-restricted entity, and how?  Returns 2 whole, 1 only
 * the fields the disclosure names, 0 not at all; *via is the disclosure used (0: own). */
static int row_visible(struct access *a, const struct record *r, int64_t *via)
{
	*via = 0;
	const char *owner = record_get(r, "owner");
	if (!strcmp(r->e->name, "disclosure")) {
		const char *from = record_get(r, "from_agency"), *to = record_get(r, "to_agency");
		return (from && !strcmp(from, a->who.agency)) || (to && !strcmp(to, a->who.agency)) ? 2 : 0;
	}
	if (owner && !strcmp(owner, a->who.agency))
		return 2;
	const char *person = record_get(r, "person");
	int best = 0;
	for (size_t k = 0; k < a->ndisc && best < 2; k++) {
		const struct disclosed *d = &a->disc[k];
		if (!owner || !person || strcmp(d->from, owner) || strcmp(d->person, person))
			continue;
		int c = scope_covers(d, r->e, NULL);
		if (c > best) {
			best = c;
			*via = d->id;
		}
	}
	return best;
}

/* Blanks the fields of r that a field-limited disclosure does not name (the person, the
 * owner and the id stay, so the row can be placed). */
static void keep_disclosed_fields(struct access *a, struct record *r, int64_t via)
{
	const struct disclosed *d = NULL;
	for (size_t k = 0; k < a->ndisc && !d; k++)
		if (a->disc[k].id == via)
			d = &a->disc[k];
	for (size_t i = 0; d && i < r->e->nfields; i++) {
		const struct field *f = &r->e->fields[i];
		if (!strcmp(f->name, "person") || !strcmp(f->name, "owner") ||
		    scope_covers(d, r->e, f->name))
			continue;
		record_put(r, i, NULL);
		if (f->type == F_LIST) {
			for (size_t k = 0; k < r->lists[i].n; k++) {
				for (size_t j = 0; j < f->item->nfields; j++)
					free(r->lists[i].item[k][j]);
				free(r->lists[i].item[k]);
			}
			free(r->lists[i].item);
			r->lists[i].item = NULL;
			r->lists[i].n = 0;
		}
	}
}

struct seen_row {
	int64_t id, via;
};

struct filter_ctx {
	struct access *a;
	store_row_fn fn;
	void *ctx;
	int full;   /* a full record: secret fields shown if the role may */
	int restricted;                  /* the entity is owner-restricted */
	struct seen_row *disclosed;      /* rows shown under a disclosure, to be logged */
	size_t ndisclosed;
	int probe;                       /* only find out whether the row is visible */
	int visible;
};

static int filter_row(void *p, const struct record *r)
{
	struct filter_ctx *fc = p;
	if (row_hidden(fc->a, r))
		return 0;   /* names a record the role may not read: not shown */
	if (fc->restricted) {
		int64_t via;
		int how = row_visible(fc->a, r, &via);
		if (!how)
			return 0;
		fc->visible = 1;
		if (via) {
			struct seen_row *v = realloc(fc->disclosed, (fc->ndisclosed + 1) * sizeof *v);
			if (!v)
				return -1;
			fc->disclosed = v;
			v[fc->ndisclosed++] = (struct seen_row){ r->id, via };
		}
		if (fc->probe)
			return 0;
		if (how == 1)
			keep_disclosed_fields(fc->a, (struct record *)r, via);
	}
	for (size_t i = 0; i < r->e->nfields; i++) {
		const struct field *f = &r->e->fields[i];
		if ((f->flags & FF_SECRET) && r->v[i] &&
		    !(fc->full && policy_sees_secret(fc->a->who.role, r->e, f)))
			record_put((struct record *)r, i, NULL);
	}
	return fc->fn(fc->ctx, r);
}

/* Every row shown under a disclosure is logged as a read of that row, naming the
 * disclosure: who saw which agency's record of whom, on what decision (brottsdatalagen's
 * log). */
static int log_disclosed(struct access *a, const struct entity *en, struct filter_ctx *fc,
			 const char *view, struct err *e)
{
	int rc = 0;
	if (fc->ndisclosed) {
		rc = tx_start(a, e);
		for (size_t i = 0; i < fc->ndisclosed && !rc; i++) {
			char detail[96];
			snprintf(detail, sizeof detail, "{\"disclosure\":%lld,\"view\":\"%s\"}",
				 (long long)fc->disclosed[i].via, view);
			rc = audit_append(a->st, a->who.name, a->who.role, access_purpose(a), "read", en->name,
					  fc->disclosed[i].id, detail, e);
		}
		rc = tx_end(a, rc, e);
	}
	free(fc->disclosed);
	fc->disclosed = NULL;
	fc->ndisclosed = 0;
	return rc;
}

/* The disclosures are read again for every list, show and export: a handle may live long
 * (the web server keeps them), and a disclosure withdrawn meanwhile must close at once. */
static int filter_start(struct access *a, const struct entity *en, struct filter_ctx *fc,
			struct err *e)
{
	fc->restricted = !a->system && policy_owner_restricted(en);
	a->disc_loaded = 0;
	return fc->restricted ? load_disclosures(a, e) : 0;
}

int access_list(struct access *a, const struct entity *en, struct store_query *q, store_row_fn fn,
		void *ctx, struct err *e)
{
	if (!policy_allows(a->who.role, en, POLICY_READ))
		return refuse(a, "read", en, e);
	if (q && q->where && resolve_refs(a, (struct record *)q->where, e))
		return -1;
	struct filter_ctx fc = { a, fn, ctx, 0 };
	if (filter_start(a, en, &fc, e))
		return -1;
	int rc = store_record_each(a->st, en, q, filter_row, &fc, e);
	/* The rows shown under a disclosure are logged even when the caller stopped early; the
	 * caller's own stop value (non-zero, not an error) is handed back as it was. */
	if (log_disclosed(a, en, &fc, "list", e))
		return -1;
	return rc;
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
	int64_t via = 0;
	if (filter_start(a, en, &fc, e))
		return -1;
	if (fc.restricted) {
		/* Visible to this user at all?  Found out before anything is shown or logged. */
		fc.probe = 1;
		if (store_record_each(a->st, en, &q, filter_row, &fc, e))
			return -1;
		if (!fc.visible)
			return err_set(e, "refused: %s %lld is another agency's and not disclosed to %s",
				       en->name, (long long)id, a->who.agency);
		via = fc.ndisclosed ? fc.disclosed[0].via : 0;
		free(fc.disclosed);
		fc.disclosed = NULL;
		fc.ndisclosed = 0;
		fc.probe = 0;
	}
	if (model_is_personal(en)) {
		/* The read is logged before the data is shown, in its own transaction; a view
		 * under a disclosure names it. */
		char detail[64];
		snprintf(detail, sizeof detail, "{\"disclosure\":%lld,\"view\":\"show\"}", (long long)via);
		if (tx_start(a, e) || audit(a, "read", en, id, via ? detail : NULL, e) || tx_end(a, 0, e)) {
			if (!a->batch && store_in_transaction(a->st))
				store_rollback(a->st);
			return -1;
		}
	}
	int rc = store_record_each(a->st, en, &q, filter_row, &fc, e);
	free(fc.disclosed);
	return rc;
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
	if (filter_start(a, en, &fc, e))
		return -1;
	int rc = store_record_each(a->st, en, NULL, filter_row, &fc, e);
	return log_disclosed(a, en, &fc, "export", e) || rc ? -1 : 0;
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
	    !strcmp(entry->action, "export") || !strcmp(entry->action, "retention") ||
	    !strcmp(entry->action, "read"))
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

/* ---- retention (gallring) ---- */

struct retention_rule {          /* retention.ENTITY[.KIND] = months */
	const struct entity *en;
	char name[128];
	char kind[32];               /* empty: every agency */
	long months;
};

struct candidate {
	const struct entity *en;
	int64_t id;
	const char *rule;            /* points into a retention_rule, or "review" */
	long months;                 /* the rule's months, 0 for review */
};

struct retention_run {
	struct access *a;
	struct retention_rule rules[64];
	size_t nrules;
	struct agency_kind { char name[256]; char kind[32]; } *ag;
	size_t nag;
	struct candidate *v;
	size_t n, cap;
	/* the rule being collected */
	const struct retention_rule *rule;
	char cutoff[DATE_LEN];
};

static int collect_setting(void *p, const struct record *r)
{
	struct retention_run *run = p;
	const char *name = record_get(r, "name"), *value = record_get(r, "value");
	const struct entity *en;
	const char *kind;
	struct err ignore = { 0 };
	if (!name || !privacy_retention_rule(name, &en, &kind) || run->nrules == 64 ||
	    privacy_setting_check(name, value, &ignore))
		return 0;
	struct retention_rule *rr = &run->rules[run->nrules++];
	rr->en = en;
	snprintf(rr->name, sizeof rr->name, "%s", name);
	snprintf(rr->kind, sizeof rr->kind, "%s", kind ? kind : "");
	rr->months = strtol(value, NULL, 10);
	return 0;
}

static int collect_agency(void *p, const struct record *r)
{
	struct retention_run *run = p;
	struct agency_kind *ag = realloc(run->ag, (run->nag + 1) * sizeof *ag);
	if (!ag)
		return -1;
	run->ag = ag;
	snprintf(ag[run->nag].name, sizeof ag->name, "%s", record_get(r, "name"));
	snprintf(ag[run->nag].kind, sizeof ag->kind, "%s", record_get(r, "kind"));
	run->nag++;
	return 0;
}

static int add_candidate(struct retention_run *run, const struct entity *en, int64_t id,
			 const char *rule, long months)
{
	if (run->n == run->cap) {
		size_t cap = run->cap ? 2 * run->cap : 64;
		struct candidate *v = realloc(run->v, cap * sizeof *v);
		if (!v)
			return -1;
		run->v = v;
		run->cap = cap;
	}
	run->v[run->n++] = (struct candidate){ en, id, rule, months };
	return 0;
}

static int collect_review(void *p, const struct record *r)
{
	return add_candidate(p, r->e, r->id, "review", 0);
}

/* The kind of the agency named `owner` (a display value: the agency's name). */
static const char *owner_kind(const struct retention_run *run, const char *owner)
{
	for (size_t i = 0; owner && i < run->nag; i++)
		if (!strcmp(run->ag[i].name, owner))
			return run->ag[i].kind;
	return "";
}

/* Rule of a retention setting: the record's last entry (its latest date, the review date
 * aside) is before the cutoff, and the owner is of the rule's kind — or, for a rule without
 * a kind, of a kind no more specific rule for the entity names. */
static int collect_by_rule(void *p, const struct record *r)
{
	struct retention_run *run = p;
	const struct retention_rule *rule = run->rule;
	const char *kind = owner_kind(run, record_get(r, "owner"));
	if (*rule->kind && strcmp(rule->kind, kind))
		return 0;
	if (!*rule->kind)
		for (size_t k = 0; k < run->nrules; k++)
			if (run->rules[k].en == rule->en && !strcmp(run->rules[k].kind, kind))
				return 0;
	char last[DATE_LEN] = "";
	for (size_t i = 0; i < r->e->nfields; i++) {
		const struct field *f = &r->e->fields[i];
		if ((f->type != F_DATE && f->type != F_DATETIME) || !strcmp(f->name, "review") || !r->v[i])
			continue;
		if (strncmp(r->v[i], last, DATE_LEN - 1) > 0)
			snprintf(last, sizeof last, "%.10s", r->v[i]);
	}
	if (!*last || strcmp(last, run->cutoff) >= 0)
		return 0;   /* no date at all: kept until its person goes (docs/privacy.md) */
	return add_candidate(run, r->e, r->id, rule->name, rule->months);
}

/* Removes one record, and for a person every record that refers to it, counting those by
 * entity into deps (a JSON object).  Returns the number of dependents, 0 if the record was
 * already gone (removed with a person earlier in the run), or -1. */
static long remove_record(struct access *a, const struct entity *en, int64_t id, json_t *deps,
			  struct err *e)
{
	struct record probe;
	record_init(&probe, en);
	int found = store_record_load(a->st, en, id, &probe, e);
	record_release(&probe);
	if (found <= 0)
		return found < 0 ? -1 : -2;
	long total = 0;
	for (size_t k = 0; k < model_nentities; k++) {
		const struct entity *x = model_entities[k];
		for (const struct field *f = x->fields; f->name; f++) {
			if (f->type != F_REF || strcmp(f->ref, en->name))
				continue;
			/* the dependents' earlier audit entries lose their values too */
			int64_t *ids;
			long m = store_record_ids_by_ref(a->st, x, f, id, &ids, e);
			for (long j = 0; j < m; j++)
				if (audit_redact(a->st, x->name, ids[j], e) < 0)
					m = -1;
			free(ids);
			if (m < 0)
				return -1;
			long n = store_record_delete_by_ref(a->st, x, f, id, e);
			if (n < 0)
				return -1;
			if (n) {
				json_t *had = json_object_get(deps, x->name);
				json_object_set_new(deps, x->name,
						    json_integer((had ? json_integer_value(had) : 0) + n));
			}
			total += n;
		}
	}
	if (audit_redact(a->st, en->name, id, e) < 0)
		return -1;
	return store_record_delete(a->st, en, id, e) ? -1 : total;
}

int access_retention_run(struct access *a, int dry_run, retention_fn fn, void *ctx, long *removed,
			 struct err *e)
{
	*removed = 0;
	if (!a->system && !policy_runs_retention(a->who.role))
		return err_set(e, "refused: user %s (role %s) may not run retention", a->who.name,
			       a->who.role);
	if (a->batch)
		return err_set(e, "retention runs in a transaction of its own");
	struct retention_run run = { .a = a };
	int rc = -1;
	a->settings_loaded = 0;
	long grace = setting(a, PRIV_GRACE_DAYS), dependents = 0;
	if (store_begin(a->st, e))
		return -1;
	a->batch = 1;
	if (store_record_each(a->st, model_entity("setting"), NULL, collect_setting, &run, e) ||
	    store_record_each(a->st, model_entity("agency"), NULL, collect_agency, &run, e))
		goto out;
	/* 1. the retention rules, per entity and agency kind */
	for (size_t k = 0; k < run.nrules; k++) {
		run.rule = &run.rules[k];
		if (date_add_months(a->today, -(int)run.rule->months, run.cutoff) ||
		    store_record_each(a->st, run.rule->en, NULL, collect_by_rule, &run, e))
			goto out;
	}
	/* 2. review dates more than the grace period past: memberships and ties, then persons
	 *    (with what refers to them), so nothing is removed twice */
	char cutoff[DATE_LEN];
	if (date_add_days(a->today, -(int)grace, cutoff)) {
		err_set(e, "cannot compute the retention cutoff");
		goto out;
	}
	static const char *const reviewed[] = { "membership", "tie", "person" };
	for (size_t k = 0; k < 3; k++) {
		struct store_query q = { .before_field = "review", .before = cutoff };
		if (store_record_each(a->st, model_entity(reviewed[k]), &q, collect_review, &run, e))
			goto out;
	}
	for (size_t i = 0; i < run.n; i++) {
		const struct candidate *c = &run.v[i];
		json_t *deps = json_object();
		long n = remove_record(a, c->en, c->id, deps, e);
		if (n == -2) {   /* gone already */
			json_decref(deps);
			continue;
		}
		json_t *detail = json_pack("{s:s}", "rule", c->rule);
		if (!strcmp(c->rule, "review"))
			json_object_set_new(detail, "grace_days", json_integer(grace));
		else
			json_object_set_new(detail, "months", json_integer(c->months));
		if (json_object_size(deps))
			json_object_set(detail, "dependents", deps);
		json_decref(deps);
		char *text = json_text(detail);
		int bad = n < 0 || audit_append(a->st, a->who.name, a->who.role, access_purpose(a), "retention", c->en->name,
						c->id, text, e);
		free(text);
		if (bad)
			goto out;
		dependents += n;
		++*removed;
		struct retention_item it = { c->en, c->id, c->rule, n };
		if (fn && fn(ctx, &it))
			goto out;
	}
	char summary[160];
	snprintf(summary, sizeof summary, "{\"removed\":%ld,\"dependents\":%ld,\"grace_days\":%ld}",
		 *removed, dependents, grace);
	if (!dry_run && audit_append(a->st, a->who.name, a->who.role, access_purpose(a), "retention", "-", 0,
				       summary, e))
		goto out;
	rc = 0;
out:
	a->batch = 0;
	if (rc || dry_run)
		store_rollback(a->st);
	else if (store_commit(a->st, e))
		rc = -1;
	free(run.v);
	free(run.ag);
	return rc;
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

int access_audit_person_code(struct access *a, const char *code, int64_t *id, struct err *e)
{
	if (!policy_reads_register(a->who.role))
		return err_set(e, "refused: user %s (role %s) may not read a person's access register",
			       a->who.name, a->who.role);
	enum store_ref_how how;
	if (store_ref_find_how(a->st, model_entity("person"), code, id, &how, e))
		return -1;
	if (how != STORE_REF_BY_KEY)
		return err_set(e, "person %s: name the person by code (P-…)", code);
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

/* ---- for the workflow (src/workflow) ---- */

int access_workflow_add(struct access *a, struct record *r, const char *why, struct err *e)
{
	const char *saved = a->why;
	a->why = why;
	int rc = access_add(a, r, e);
	a->why = saved;
	return rc;
}

int access_workflow_edit(struct access *a, struct record *r, const char *why, struct err *e)
{
	const char *saved = a->why;
	a->why = why;
	int rc = access_edit(a, r, e);
	a->why = saved;
	return rc;
}

long access_setting(struct access *a, const char *name, long fallback)
{
	char key[96], value[64];
	struct err ignore = { 0 };
	snprintf(key, sizeof key, "workflow.%s", name);
	if (store_meta_get(a->st, key, value, sizeof value, &ignore) != 1)
		return fallback;
	char *end;
	long v = strtol(value, &end, 10);
	return end == value || *end ? fallback : v;
}

int access_setting_set(struct access *a, const char *name, long value, struct err *e)
{
	if (strcmp(a->who.role, "admin") && strcmp(a->who.role, "coordinator"))
		return err_set(e, "refused: user %s (role %s) may not change the workflow settings "
			       "(admin or coordinator)", a->who.name, a->who.role);
	char key[96], text[32], detail[160];
	snprintf(key, sizeof key, "workflow.%s", name);
	snprintf(text, sizeof text, "%ld", value);
	snprintf(detail, sizeof detail, "{\"%s\":%ld}", name, value);
	if (tx_start(a, e))
		return -1;
	int rc = store_meta_set(a->st, key, text, e) ||
		 audit_append(a->st, a->who.name, a->who.role, access_purpose(a), "edit", "setting", 0,
			      detail, e) ? -1 : 0;
	return tx_end(a, rc, e);
}

int access_calendar_key_set(struct access *a, const char *user, const char *hash, struct err *e)
{
	if (strcmp(a->who.role, "admin") && strcmp(a->who.name, user))
		return err_set(e, "refused: user %s (role %s) may only make their own calendar key "
			       "(the admin may make anyone's)", a->who.name, a->who.role);
	if (tx_start(a, e))
		return -1;
	int64_t id = 0;
	int rc = store_ref_find(a->st, model_entity("user"), user, &id, e) ||
		 store_calendar_set(a->st, id, hash, e) ||
		 audit_append(a->st, a->who.name, a->who.role, access_purpose(a), "edit", "user", id,
			      "{\"calendar_key\":\"new\"}", e) ? -1 : 0;
	return tx_end(a, rc, e);
}

int access_calendar_key_get(struct access *a, char *hash, size_t n, struct err *e)
{
	return store_calendar_get(a->st, a->who.id, hash, n, e);
}
