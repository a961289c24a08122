/* test_access.c — black-box tests of the access layer (access.h) on temporary repositories.
 *
 * Each test gets a new repository: access_init as "admin" (agency "GVI-samordning", id 1),
 * then the admin adds the agency "Polisen Syd" (id 2: the second agency) and the user "anna",
 * coordinator at Polisen Syd, and the test works as anna.  GVI_TODAY is 2026-11-25, so a
 * default review date is 2027-11-25 (twelve months on).  The audit log is read back as the
 * admin (the only role that may), who sees personal entries redacted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "access.h"
#include <sqlite3.h>

#define TODAY "2026-11-25"
#define REVIEW "2027-11-25"
#define REVIEW_MINOR "2027-05-25"   /* a person under 18: review.minor_months, 6 */

struct fixture {
	char dir[64];
	char path[128];
	struct access *anna;
};

static void check(int rc, const struct err *e, const char *what)
{
	if (rc)
		fail_msg("%s failed (%d): %s", what, rc, e->msg);
}

static void assert_msg_has(const struct err *e, const char *want)
{
	if (!strstr(e->msg, want))
		fail_msg("message \"%s\" does not contain \"%s\"", e->msg, want);
}

static const struct entity *ent(const char *name)
{
	const struct entity *en = model_entity(name);
	if (!en)
		fail_msg("no entity %s", name);
	return en;
}

/* Fills r (initialised here for `entity`) from NULL-terminated field, value pairs. */
static void fill(struct record *r, const char *entity, va_list ap)
{
	record_init(r, ent(entity));
	const char *name;
	while ((name = va_arg(ap, const char *))) {
		const char *value = va_arg(ap, const char *);
		struct err e = { 0 };
		if (record_set(r, name, value, &e))
			fail_msg("%s.%s = \"%s\": %s", entity, name, value, e.msg);
	}
}

/* Adds a record, expecting success; returns its id. */
static int64_t add(struct access *a, const char *entity, ...)
{
	struct record r;
	struct err e = { 0 };
	va_list ap;
	va_start(ap, entity);
	fill(&r, entity, ap);
	va_end(ap);
	if (access_add(a, &r, &e))
		fail_msg("adding a %s failed: %s", entity, e.msg);
	int64_t id = r.id;
	assert_true(id > 0);
	record_release(&r);
	return id;
}

/* Tries to add a record; returns access_add's result with e filled. */
static int try_add(struct access *a, struct err *e, const char *entity, ...)
{
	struct record r;
	va_list ap;
	va_start(ap, entity);
	fill(&r, entity, ap);
	va_end(ap);
	int rc = access_add(a, &r, e);
	record_release(&r);
	return rc;
}

/* Edits record id of entity with the given pairs. */
static int try_edit(struct access *a, struct err *e, const char *entity, int64_t id, ...)
{
	struct record r;
	va_list ap;
	va_start(ap, id);
	fill(&r, entity, ap);
	va_end(ap);
	r.id = id;
	int rc = access_edit(a, &r, e);
	record_release(&r);
	return rc;
}

static long count(struct access *a, const char *entity)
{
	struct err e = { 0 };
	long n = access_count(a, ent(entity), &e);
	check(n < 0, &e, "access_count");
	return n;
}

static void id_str(int64_t id, char out[32])
{
	snprintf(out, 32, "%lld", (long long)id);
}

/* ---- reading records back ---- */

struct shown {
	int calls;
	struct record r;   /* a copy of the last record handed out */
};

static int keep_record(void *ctx, const struct record *r)
{
	struct shown *s = ctx;
	if (s->calls++)
		record_release(&s->r);
	record_init(&s->r, r->e);
	s->r.id = r->id;
	for (size_t i = 0; i < r->e->nfields; i++) {
		if (r->e->fields[i].type != F_LIST) {
			record_put(&s->r, i, r->v[i]);
			continue;
		}
		for (size_t k = 0; k < r->lists[i].n; k++)
			record_put_item(&s->r, i, (const char *const *)r->lists[i].item[k]);
	}
	return 0;
}

static void shown_release(struct shown *s)
{
	if (s->calls)
		record_release(&s->r);
	s->calls = 0;
}

/* Shows record id as the handle's user and keeps a copy in *s (release with shown_release). */
static void show(struct access *a, const char *entity, int64_t id, struct shown *s)
{
	struct err e = { 0 };
	memset(s, 0, sizeof *s);
	check(access_show(a, ent(entity), id, keep_record, s, &e), &e, "access_show");
	assert_int_equal(s->calls, 1);
	assert_int_equal(s->r.id, id);
}

static void assert_value(const struct record *r, const char *field, const char *want)
{
	const char *got = record_get(r, field);
	if (!want && got)
		fail_msg("%s.%s is \"%s\", expected no value", r->e->name, field, got);
	if (want && (!got || strcmp(got, want)))
		fail_msg("%s.%s is \"%s\", expected \"%s\"", r->e->name, field, got ? got : "(null)",
			 want);
}

/* ---- the audit log, read as the admin ---- */

struct entry {
	char *action, *entity, *user, *role, *detail;
	int64_t record_id;
};

struct entries {
	size_t n;
	struct entry *v;
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int keep_entry(void *ctx, const struct audit_entry *a)
{
	struct entries *es = ctx;
	es->v = realloc(es->v, (es->n + 1) * sizeof *es->v);
	assert_non_null(es->v);
	es->v[es->n++] = (struct entry){ dup_or_null(a->action), dup_or_null(a->entity),
		dup_or_null(a->user), dup_or_null(a->role), dup_or_null(a->detail), a->record_id };
	return 0;
}

static void entries_release(struct entries *es)
{
	for (size_t i = 0; i < es->n; i++) {
		free(es->v[i].action);
		free(es->v[i].entity);
		free(es->v[i].user);
		free(es->v[i].role);
		free(es->v[i].detail);
	}
	free(es->v);
	es->v = NULL;
	es->n = 0;
}

/* Reads the audit entries matching q as the admin (q NULL: all of them). */
static void audit_read(const struct fixture *fx, const struct audit_query *q, struct entries *out)
{
	struct access *admin;
	struct err e = { 0 };
	struct audit_query all = { 0 };
	memset(out, 0, sizeof *out);
	check(access_open(&admin, fx->path, "admin", 0, &e), &e, "access_open admin");
	check(access_audit_each(admin, q ? q : &all, keep_entry, out, &e), &e, "access_audit_each");
	access_close(admin);
}

static size_t audit_total(const struct fixture *fx)
{
	struct entries es;
	audit_read(fx, NULL, &es);
	size_t n = es.n;
	entries_release(&es);
	return n;
}

/* The detail of the only entry matching (entity, action, id). */
static char *audit_detail(const struct fixture *fx, const char *entity, const char *action,
			  int64_t id)
{
	struct entries es;
	struct audit_query q = { .entity = entity, .action = action, .record_id = id };
	audit_read(fx, &q, &es);
	if (es.n != 1)
		fail_msg("%zu %s entries for %s %lld, expected 1", es.n, action, entity, (long long)id);
	assert_string_equal(es.v[0].user, "anna");
	assert_string_equal(es.v[0].role, "coordinator");
	assert_int_equal(es.v[0].record_id, id);
	char *d = es.v[0].detail;
	es.v[0].detail = NULL;
	entries_release(&es);
	return d;
}

static size_t audit_count(const struct fixture *fx, const char *entity, const char *action,
			  int64_t id)
{
	struct entries es;
	struct audit_query q = { .entity = entity, .action = action, .record_id = id };
	audit_read(fx, &q, &es);
	size_t n = es.n;
	entries_release(&es);
	return n;
}

static void assert_detail(const struct fixture *fx, const char *entity, const char *action,
			  int64_t id, const char *want)
{
	char *d = audit_detail(fx, entity, action, id);
	if (!d || strcmp(d, want))
		fail_msg("%s %s %lld detail %s, expected %s", entity, action, (long long)id,
			 d ? d : "(null)", want);
	free(d);
}

/* ---- fixture ---- */

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	setenv("GVI_TODAY", TODAY, 1);
	snprintf(fx->dir, sizeof fx->dir, "%s", "/tmp/gvi-test-access.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof fx->path, "%s/repo.gvi", fx->dir);
	struct err e = { 0 };
	check(access_init(fx->path, "admin", "GVI-samordning", "Test", &e), &e, "access_init");

	struct access *admin;
	check(access_open(&admin, fx->path, "admin", 1, &e), &e, "access_open admin");
	assert_int_equal(access_actor(admin)->agency_id, 1);
	assert_int_equal(add(admin, "agency", "name", "Polisen Syd", "kind", "police", NULL), 2);
	add(admin, "user", "name", "anna", "full_name", "Anna Andersson", "agency", "Polisen Syd",
	    "role", "coordinator", NULL);
	access_close(admin);

	check(access_open(&fx->anna, fx->path, "anna", 1, &e), &e, "access_open anna");
	check(access_set_purpose(fx->anna, "operativ GVI-verksamhet", &e), &e, "access_set_purpose");
	assert_string_equal(access_actor(fx->anna)->role, "coordinator");
	assert_int_equal(access_actor(fx->anna)->agency_id, 2);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	access_close(fx->anna);
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char p[160];
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(p, sizeof p, "%s%s", fx->path, suffix[i]);
		unlink(p);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* A group, a person and a membership of the person in it; returns the ids. */
static void gang(struct access *a, int64_t *group, int64_t *person, int64_t *membership)
{
	*group = add(a, "group", "name", "Norr", NULL);
	*person = add(a, "person", "name", "Kalle Karlsson", "code", "P-K4X9Z2", NULL);
	*membership = add(a, "membership", "person", "P-K4X9Z2", "group", "Norr", "level", "core",
			  "since", "2026-01-01", "basis", "self_admission|Förhör 2026-01-01|2026-01-01;intelligence|PM 1|2026-01-02",
			  NULL);
}

/* ---- defaults ---- */

static int is_code(const char *s)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	if (!s || strlen(s) != 8 || strncmp(s, "P-", 2))
		return 0;
	for (int i = 2; i < 8; i++)
		if (!strchr(alphabet, s[i]) || !s[i])
			return 0;
	return 1;
}

static void test_code_pattern(void **state)
{
	(void)state;
	assert_true(is_code("P-0123AZ"));
	assert_true(is_code("P-XYZ789"));
	assert_false(is_code("P-0123AI"));
	assert_false(is_code("P-L12345"));
	assert_false(is_code("P-O12345"));
	assert_false(is_code("P-U12345"));
	assert_false(is_code("P-12345a"));
	assert_false(is_code("P-12345"));
	assert_false(is_code("P-1234567"));
	assert_false(is_code("Q-123456"));
}

static void test_add_fills_defaults(void **state)
{
	struct fixture *fx = *state;
	struct record r;
	struct err e = { 0 };
	record_init(&r, ent("person"));
	check(record_set(&r, "name", "Kalle Karlsson", &e), &e, "record_set");
	check(record_set(&r, "birth", "2008", &e), &e, "record_set");
	check(access_add(fx->anna, &r, &e), &e, "access_add");
	assert_true(r.id > 0);
	/* r holds the stored values: the owner as the acting user's agency id, not the admin's. */
	if (!is_code(record_get(&r, "code")))
		fail_msg("person code \"%s\" is not P- and 6 of 0-9A-Z without I L O U",
			 record_get(&r, "code"));
	assert_value(&r, "review", REVIEW_MINOR);
	assert_value(&r, "owner", "2");
	char code[16];
	snprintf(code, sizeof code, "%s", record_get(&r, "code"));
	int64_t id = r.id;
	record_release(&r);

	/* Read back: references shown by their key (the agency's name). */
	struct shown s;
	show(fx->anna, "person", id, &s);
	assert_value(&s.r, "code", code);
	assert_value(&s.r, "name", "Kalle Karlsson");
	assert_value(&s.r, "review", REVIEW_MINOR);
	assert_value(&s.r, "owner", "Polisen Syd");
	assert_value(&s.r, "birth", "2008");
	/* Born in 2008 (taken as 2008-12-31): 17 on 2026-11-25. */
	assert_value(&s.r, "age_band", "under 18");
	shown_release(&s);

	/* Defaults of other entities: a group's status and owner, a membership's review. */
	int64_t g = add(fx->anna, "group", "name", "Norr", NULL);
	show(fx->anna, "group", g, &s);
	assert_value(&s.r, "status", "active");
	assert_value(&s.r, "owner", "Polisen Syd");
	assert_value(&s.r, "first_seen", NULL);
	shown_release(&s);
	int64_t m = add(fx->anna, "membership", "person", code, "group", "Norr", "level", "member",
			"basis", "symbols|Foto 12|2026-03-01;intelligence|PM 12|2026-03-02", NULL);
	show(fx->anna, "membership", m, &s);
	assert_value(&s.r, "review", REVIEW_MINOR);
	assert_value(&s.r, "owner", "Polisen Syd");
	assert_value(&s.r, "person", code);
	assert_value(&s.r, "group", "Norr");
	shown_release(&s);

	/* What is given is kept. */
	int64_t p2 = add(fx->anna, "person", "name", "Lisa Lund", "code", "P-LISA01", "review",
			 "2027-01-15", "owner", "GVI-samordning", NULL);
	show(fx->anna, "person", p2, &s);
	assert_value(&s.r, "code", "P-LISA01");
	assert_value(&s.r, "review", "2027-01-15");
	assert_value(&s.r, "owner", "GVI-samordning");
	shown_release(&s);
}

static void test_person_codes_distinct(void **state)
{
	struct fixture *fx = *state;
	char codes[40][16];
	for (int i = 0; i < 40; i++) {
		struct record r;
		struct err e = { 0 };
		record_init(&r, ent("person"));
		check(record_set(&r, "name", "Namn Namnsson", &e), &e, "record_set");
		check(access_add(fx->anna, &r, &e), &e, "access_add");
		if (!is_code(record_get(&r, "code")))
			fail_msg("code \"%s\"", record_get(&r, "code"));
		snprintf(codes[i], sizeof codes[i], "%s", record_get(&r, "code"));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(codes[i], codes[j]);
		record_release(&r);
	}
	assert_int_equal(count(fx->anna, "person"), 40);
}

static void test_review_default_month_end(void **state)
{
	struct fixture *fx = *state;
	/* 2028-02-29 + 12 months: 2029 has no 29 February, so the month's last day. */
	struct access *a;
	struct err e = { 0 };
	setenv("GVI_TODAY", "2028-02-29", 1);
	int rc = access_open(&a, fx->path, "anna", 1, &e);
	setenv("GVI_TODAY", TODAY, 1);
	check(rc, &e, "access_open");
	check(access_set_purpose(a, "uppföljning", &e), &e, "access_set_purpose");
	int64_t id = add(a, "person", "name", "Skottdagsbarn", NULL);
	struct shown s;
	show(a, "person", id, &s);
	assert_value(&s.r, "review", "2029-02-28");
	shown_release(&s);
	access_close(a);
}

/* ---- the model's rules ---- */

static void test_membership_needs_basis(void **state)
{
	struct fixture *fx = *state;
	struct err e = { 0 };
	add(fx->anna, "group", "name", "Norr", NULL);
	add(fx->anna, "person", "name", "Kalle Karlsson", "code", "P-K4X9Z2", NULL);
	assert_int_equal(try_add(fx->anna, &e, "membership", "person", "P-K4X9Z2", "group", "Norr",
				 "level", "core", NULL), -1);
	assert_msg_has(&e, "a membership needs at least one basis (criterion|source|date)");
	err_clear(&e);
	/* An empty list is no basis either. */
	assert_int_equal(try_add(fx->anna, &e, "membership", "person", "P-K4X9Z2", "group", "Norr",
				 "level", "core", "basis", " ; ", NULL), -1);
	assert_msg_has(&e, "needs at least one basis");
	err_clear(&e);
	/* A basis must name a criterion that exists. */
	assert_int_equal(try_add(fx->anna, &e, "membership", "person", "P-K4X9Z2", "group", "Norr",
				 "level", "core", "basis", "magic|x|2026-01-01", NULL), -1);
	assert_msg_has(&e, "basis: no criterion named \"magic\"");
	assert_int_equal(count(fx->anna, "membership"), 0);
	assert_int_equal(audit_count(fx, "membership", "add", 0), 0);

	int64_t m = add(fx->anna, "membership", "person", "P-K4X9Z2", "group", "Norr", "level",
			"core", "basis", "self_admission|Förhör|2026-01-01;symbols|Foto|20260102", NULL);
	assert_int_equal(count(fx->anna, "membership"), 1);
	struct shown s;
	show(fx->anna, "membership", m, &s);
	size_t b = model_field_index(s.r.e, model_field(s.r.e, "basis"));
	assert_int_equal(s.r.lists[b].n, 2);
	assert_string_equal(s.r.lists[b].item[0][0], "self_admission");
	assert_string_equal(s.r.lists[b].item[0][1], "Förhör");
	assert_string_equal(s.r.lists[b].item[1][0], "symbols");
	assert_string_equal(s.r.lists[b].item[1][2], "2026-01-02");
	shown_release(&s);
}

static void test_relation_needs_two_groups(void **state)
{
	struct fixture *fx = *state;
	struct err e = { 0 };
	int64_t norr = add(fx->anna, "group", "name", "Norr", NULL);
	add(fx->anna, "group", "name", "Syd", NULL);
	assert_int_equal(try_add(fx->anna, &e, "relation", "group_a", "Norr", "group_b", "Norr",
				 "kind", "conflict", NULL), -1);
	assert_msg_has(&e, "a relation needs two different groups");
	/* The same group named once by name and once by id. */
	char id[32];
	id_str(norr, id);
	err_clear(&e);
	assert_int_equal(try_add(fx->anna, &e, "relation", "group_a", "Norr", "group_b", id,
				 "kind", "conflict", NULL), -1);
	assert_msg_has(&e, "a relation needs two different groups");
	assert_int_equal(count(fx->anna, "relation"), 0);

	add(fx->anna, "relation", "group_a", "Norr", "group_b", "Syd", "kind", "conflict",
	    "intensity", "4", NULL);
	assert_int_equal(count(fx->anna, "relation"), 1);
	/* Nor can an edit make the two groups one. */
	err_clear(&e);
	assert_int_equal(try_edit(fx->anna, &e, "relation", 1, "group_b", "Norr", NULL), -1);
	assert_msg_has(&e, "a relation needs two different groups");
}

/* ---- the policy, applied ---- */

static void test_admin_may_not_add_person(void **state)
{
	struct fixture *fx = *state;
	struct access *admin;
	struct err e = { 0 };
	check(access_open(&admin, fx->path, "admin", 1, &e), &e, "access_open admin");
	size_t before = audit_total(fx);
	assert_int_equal(try_add(admin, &e, "person", "name", "Kalle Karlsson", NULL), -1);
	if (strncmp(e.msg, "refused", 7))
		fail_msg("message \"%s\" does not start with \"refused\"", e.msg);
	assert_msg_has(&e, "user admin (role admin) may not add person records");
	err_clear(&e);
	assert_int_equal(try_add(admin, &e, "group", "name", "Norr", NULL), -1);
	assert_msg_has(&e, "refused: user admin (role admin) may not add group records");
	assert_int_equal(count(fx->anna, "person"), 0);
	assert_int_equal(count(fx->anna, "group"), 0);
	/* Nor read one that exists. */
	int64_t p = add(fx->anna, "person", "name", "Kalle Karlsson", NULL);
	struct shown s = { 0 };
	err_clear(&e);
	assert_int_equal(access_show(admin, ent("person"), p, keep_record, &s, &e), -1);
	assert_int_equal(s.calls, 0);
	assert_msg_has(&e, "refused: user admin (role admin) may not read person records");
	err_clear(&e);
	assert_int_equal(access_list(admin, ent("person"), NULL, keep_record, &s, &e), -1);
	assert_int_equal(s.calls, 0);
	assert_false(access_may_read(admin, ent("person")));
	/* The configuration is the admin's. */
	add(admin, "area", "name", "Malmö", "kind", "municipality", NULL);
	access_close(admin);
	/* Refusals write nothing to the log: the one area and anna's person are all that came. */
	assert_int_equal(audit_total(fx), before + 2);

	/* And the coordinator may not add users or agencies, nor read the log. */
	err_clear(&e);
	assert_int_equal(try_add(fx->anna, &e, "user", "name", "bo", "agency", "Polisen Syd", "role",
				 "admin", NULL), -1);
	assert_msg_has(&e, "refused: user anna (role coordinator) may not add user records");
	err_clear(&e);
	assert_int_equal(try_add(fx->anna, &e, "agency", "name", "X", "kind", "other", NULL), -1);
	assert_msg_has(&e, "refused");
	struct entries es = { 0 };
	struct audit_query q = { 0 };
	err_clear(&e);
	assert_int_equal(access_audit_each(fx->anna, &q, keep_entry, &es, &e), -1);
	assert_int_equal(es.n, 0);
	assert_msg_has(&e, "refused: user anna (role coordinator) may not read the audit log");
}

/* ---- edit ---- */

static void test_edit_changes_given_fields(void **state)
{
	struct fixture *fx = *state;
	struct err e = { 0 };
	int64_t g = add(fx->anna, "group", "name", "Norr", "first_seen", "2025-01-01", "notes", "n1",
			"aliases", "NG;Norra", NULL);
	check(try_edit(fx->anna, &e, "group", g, "status", "Inactive", NULL), &e, "edit");
	struct shown s;
	show(fx->anna, "group", g, &s);
	assert_value(&s.r, "status", "inactive");
	assert_value(&s.r, "name", "Norr");
	assert_value(&s.r, "first_seen", "2025-01-01");
	assert_value(&s.r, "notes", "n1");
	assert_value(&s.r, "owner", "Polisen Syd");
	size_t al = model_field_index(s.r.e, model_field(s.r.e, "aliases"));
	assert_int_equal(s.r.lists[al].n, 2);
	shown_release(&s);
	/* A group is not personal: the admin reads the values. */
	assert_detail(fx, "group", "edit", g, "{\"status\":[\"active\",\"inactive\"]}");

	/* Clearing a value, and replacing a list, in one edit: two fields in field order. */
	check(try_edit(fx->anna, &e, "group", g, "notes", "", "aliases", "X", NULL), &e, "edit");
	show(fx->anna, "group", g, &s);
	assert_value(&s.r, "notes", NULL);
	assert_int_equal(s.r.lists[al].n, 1);
	assert_string_equal(s.r.lists[al].item[0][0], "X");
	assert_value(&s.r, "status", "inactive");
	shown_release(&s);
	struct entries es;
	struct audit_query q = { .entity = "group", .action = "edit", .record_id = g };
	audit_read(fx, &q, &es);
	assert_int_equal(es.n, 2);
	assert_string_equal(es.v[1].detail, "{\"aliases\":[[\"NG\",\"Norra\"],[\"X\"]],"
			    "\"notes\":[\"n1\",null]}");
	entries_release(&es);

	/* A reference is audited as ids, old and new. */
	add(fx->anna, "area", "name", "Rosengård", NULL);     /* area 1 */
	add(fx->anna, "area", "name", "Hässleholm", NULL);    /* area 2 */
	int64_t p = add(fx->anna, "person", "name", "Kalle", "area", "Rosengård", NULL);
	check(try_edit(fx->anna, &e, "person", p, "area", "Hässleholm", "name", "Kalle Karlsson",
		       NULL), &e, "edit");
	show(fx->anna, "person", p, &s);
	assert_value(&s.r, "name", "Kalle Karlsson");
	assert_value(&s.r, "area", "Hässleholm");
	assert_value(&s.r, "review", REVIEW);
	shown_release(&s);
	/* A person is personal: the admin sees which fields, not their values. */
	assert_detail(fx, "person", "edit", p, "{\"fields\":[\"name\",\"area\"],\"values\":\"hidden\"}");
	assert_detail(fx, "person", "add", p,
		      "{\"fields\":[\"code\",\"name\",\"area\",\"review\",\"owner\"],\"values\":\"hidden\"}");

	/* An edit of a record that is not there. */
	err_clear(&e);
	assert_int_equal(try_edit(fx->anna, &e, "group", 999, "status", "active", NULL), -1);
	assert_msg_has(&e, "no group with id 999");
	/* A bad reference in an edit changes nothing. */
	err_clear(&e);
	assert_int_equal(try_edit(fx->anna, &e, "person", p, "area", "Atlantis", "name", "X", NULL), -1);
	assert_msg_has(&e, "area: no area named \"Atlantis\"");
	show(fx->anna, "person", p, &s);
	assert_value(&s.r, "name", "Kalle Karlsson");
	shown_release(&s);
	/* Clearing a required field is refused. */
	err_clear(&e);
	assert_int_equal(try_edit(fx->anna, &e, "group", g, "name", "", NULL), -1);
	assert_msg_has(&e, "name is required for a group");
}

static void test_edit_nothing_changed(void **state)
{
	struct fixture *fx = *state;
	struct err e = { 0 };
	add(fx->anna, "area", "name", "Rosengård", NULL);
	int64_t g = add(fx->anna, "group", "name", "Norr", "first_seen", "2025-01-01",
			"areas", "Rosengård", NULL);
	int64_t p = add(fx->anna, "person", "name", "Kalle", "area", "Rosengård", NULL);
	size_t before = audit_total(fx);
	/* The same values, in other spellings: a default, a date form, a reference by id. */
	check(try_edit(fx->anna, &e, "group", g, "status", "ACTIVE", "first_seen", "20250101",
		       "areas", "1", NULL), &e, "edit");
	check(try_edit(fx->anna, &e, "person", p, "name", " Kalle ", "area", "Rosengård", NULL), &e,
	      "edit");
	assert_int_equal(audit_total(fx), before);
	assert_int_equal(audit_count(fx, "group", "edit", g), 0);
	assert_int_equal(audit_count(fx, "person", "edit", p), 0);
	/* A real change after them is logged once. */
	check(try_edit(fx->anna, &e, "group", g, "status", "inactive", "name", "Norr", NULL), &e,
	      "edit");
	assert_int_equal(audit_total(fx), before + 1);
	assert_detail(fx, "group", "edit", g, "{\"status\":[\"active\",\"inactive\"]}");
}

/* ---- delete and end ---- */

static void test_delete_referenced(void **state)
{
	struct fixture *fx = *state;
	struct err e = { 0 };
	int64_t g, p, m;
	gang(fx->anna, &g, &p, &m);
	assert_int_equal(access_delete(fx->anna, ent("group"), "Norr", &e), -1);
	assert_msg_has(&e, "referred to by");
	assert_msg_has(&e, "group Norr is still referred to by 1 membership");
	assert_int_equal(count(fx->anna, "group"), 1);
	err_clear(&e);
	assert_int_equal(access_delete(fx->anna, ent("person"), "P-K4X9Z2", &e), -1);
	assert_msg_has(&e, "referred to by 1 membership");
	assert_int_equal(count(fx->anna, "person"), 1);

	/* Inside a list: an area named by a group's areas. */
	add(fx->anna, "area", "name", "Rosengård", NULL);
	add(fx->anna, "group", "name", "Syd", "areas", "Rosengård", NULL);
	err_clear(&e);
	assert_int_equal(access_delete(fx->anna, ent("area"), "Rosengård", &e), -1);
	assert_msg_has(&e, "referred to by 1 group");
	assert_int_equal(count(fx->anna, "area"), 1);
	assert_int_equal(audit_count(fx, NULL, "delete", 0), 0);

	/* An area nothing refers to is deleted, and the delete audited with its values. */
	int64_t t = add(fx->anna, "area", "name", "Testby", "kind", "district", NULL);
	check(access_delete(fx->anna, ent("area"), "Testby", &e), &e, "access_delete");
	assert_int_equal(count(fx->anna, "area"), 1);
	assert_detail(fx, "area", "delete", t, "{\"name\":\"Testby\",\"kind\":\"district\"}");
	/* Now it is not there. */
	err_clear(&e);
	assert_int_equal(access_delete(fx->anna, ent("area"), "Testby", &e), -1);
	assert_msg_has(&e, "no area named \"Testby\"");
}

static void test_end_membership(void **state)
{
	struct fixture *fx = *state;
	struct err e = { 0 };
	int64_t g, p, m;
	gang(fx->anna, &g, &p, &m);
	char id[32];
	id_str(m, id);
	/* An end date before the membership began is refused, and changes nothing. */
	assert_int_equal(access_end(fx->anna, ent("membership"), id, "2025-12-31", &e), -1);
	assert_msg_has(&e, "until (2025-12-31) is before since (2026-01-01)");
	struct shown s;
	show(fx->anna, "membership", m, &s);
	assert_value(&s.r, "until", NULL);
	shown_release(&s);

	check(access_end(fx->anna, ent("membership"), id, "20260630", &e), &e, "access_end");
	show(fx->anna, "membership", m, &s);
	assert_value(&s.r, "until", "2026-06-30");
	assert_value(&s.r, "since", "2026-01-01");
	assert_value(&s.r, "level", "core");
	shown_release(&s);
	/* Logged as an edit of until (values hidden from the admin: a membership is personal). */
	assert_detail(fx, "membership", "edit", m, "{\"fields\":[\"until\"],\"values\":\"hidden\"}");
	/* Still there: ended, not deleted. */
	assert_int_equal(count(fx->anna, "membership"), 1);

	/* Without a date: today. */
	add(fx->anna, "group", "name", "Syd", NULL);
	int64_t m2 = add(fx->anna, "membership", "person", "P-K4X9Z2", "group", "Syd", "level",
			 "associate", "basis", "intelligence|PM 7|2026-02-02;symbols|Foto 7|2026-02-03", NULL);
	id_str(m2, id);
	check(access_end(fx->anna, ent("membership"), id, NULL, &e), &e, "access_end");
	show(fx->anna, "membership", m2, &s);
	assert_value(&s.r, "until", TODAY);
	shown_release(&s);

	/* A group ends dissolved, last seen on the date. */
	check(access_end(fx->anna, ent("group"), "Syd", "2026-10-01", &e), &e, "access_end group");
	int64_t syd;
	check(access_find(fx->anna, ent("group"), "Syd", &syd, &e), &e, "access_find");
	show(fx->anna, "group", syd, &s);
	assert_value(&s.r, "status", "dissolved");
	assert_value(&s.r, "last_seen", "2026-10-01");
	shown_release(&s);
	/* A person is deleted, not ended. */
	err_clear(&e);
	assert_int_equal(access_end(fx->anna, ent("person"), "P-K4X9Z2", NULL, &e), -1);
	assert_msg_has(&e, "person records are deleted, not ended");
}

/* ---- show ---- */

static void test_show_audits_read(void **state)
{
	struct fixture *fx = *state;
	struct err e = { 0 };
	int64_t p = add(fx->anna, "person", "name", "Kalle Karlsson", "pnr", "900101-1239", NULL);
	int64_t g = add(fx->anna, "group", "name", "Norr", NULL);
	assert_int_equal(audit_count(fx, "person", "read", p), 0);
	struct shown s;
	show(fx->anna, "person", p, &s);
	assert_value(&s.r, "name", "Kalle Karlsson");
	/* A coordinator sees the personnummer on a full record. */
	assert_value(&s.r, "pnr", "199001011239");
	shown_release(&s);
	assert_int_equal(audit_count(fx, "person", "read", p), 1);
	{
		struct entries es;
		struct audit_query q = { .entity = "person", .action = "read", .record_id = p };
		audit_read(fx, &q, &es);
		assert_int_equal(es.n, 1);
		assert_string_equal(es.v[0].user, "anna");
		assert_null(es.v[0].detail);
		entries_release(&es);
	}
	show(fx->anna, "person", p, &s);
	shown_release(&s);
	assert_int_equal(audit_count(fx, "person", "read", p), 2);

	/* A list is not a full read: not audited, and the personnummer blanked. */
	memset(&s, 0, sizeof s);
	check(access_list(fx->anna, ent("person"), NULL, keep_record, &s, &e), &e, "access_list");
	assert_int_equal(s.calls, 1);
	assert_value(&s.r, "pnr", NULL);
	assert_value(&s.r, "name", "Kalle Karlsson");
	shown_release(&s);
	assert_int_equal(audit_count(fx, "person", "read", p), 2);

	/* A group is not personal: showing it is not audited. */
	show(fx->anna, "group", g, &s);
	shown_release(&s);
	assert_int_equal(audit_count(fx, "group", "read", g), 0);

	/* A missing id: an error, no callback, no audit entry. */
	size_t before = audit_total(fx);
	memset(&s, 0, sizeof s);
	assert_int_equal(access_show(fx->anna, ent("person"), 99999, keep_record, &s, &e), -1);
	assert_msg_has(&e, "no person with id 99999");
	assert_int_equal(s.calls, 0);
	assert_int_equal(audit_total(fx), before);
	assert_int_equal(audit_count(fx, "person", "read", 99999), 0);
}

/* ---- merge ---- */

static int try_merge(struct access *a, struct err *e, int *skipped, int64_t *id,
		     const char *entity, ...)
{
	struct record r;
	va_list ap;
	va_start(ap, entity);
	fill(&r, entity, ap);
	va_end(ap);
	int rc = access_merge(a, &r, skipped, e);
	*id = r.id;
	record_release(&r);
	return rc;
}

static void test_merge(void **state)
{
	struct fixture *fx = *state;
	struct err e = { 0 };
	int skipped = -1;
	int64_t id = 0;
	int64_t norr = add(fx->anna, "group", "name", "Norr", "first_seen", "2025-01-01", NULL);
	size_t adds = audit_count(fx, "group", "add", 0);

	/* Identical (with the defaults it would get): skipped, the existing id handed back. */
	check(try_merge(fx->anna, &e, &skipped, &id, "group", "name", "Norr", "first_seen",
			"2025-01-01", NULL), &e, "merge");
	assert_int_equal(skipped, 1);
	assert_int_equal(id, norr);
	assert_false(err_isset(&e));
	assert_int_equal(count(fx->anna, "group"), 1);
	assert_int_equal(audit_count(fx, "group", "add", 0), adds);

	/* Differing: refused, naming the field. */
	assert_int_equal(try_merge(fx->anna, &e, &skipped, &id, "group", "name", "Norr",
				   "first_seen", "2025-02-01", NULL), -1);
	assert_int_equal(skipped, 0);
	assert_msg_has(&e, "first_seen");
	assert_msg_has(&e, "duplicate group");
	err_clear(&e);
	assert_int_equal(try_merge(fx->anna, &e, &skipped, &id, "group", "name", "Norr",
				   "first_seen", "2025-01-01", "status", "inactive", NULL), -1);
	assert_msg_has(&e, "different status");
	assert_int_equal(count(fx->anna, "group"), 1);

	/* New: added. */
	err_clear(&e);
	check(try_merge(fx->anna, &e, &skipped, &id, "group", "name", "Syd", NULL), &e, "merge");
	assert_int_equal(skipped, 0);
	assert_true(id > norr);
	assert_int_equal(count(fx->anna, "group"), 2);

	/* A person, by its code. */
	int64_t p = add(fx->anna, "person", "code", "P-K4X9Z2", "name", "Kalle Karlsson", "birth",
			"1990", NULL);
	check(try_merge(fx->anna, &e, &skipped, &id, "person", "code", "P-K4X9Z2", "name",
			"Kalle Karlsson", "birth", "1990", NULL), &e, "merge");
	assert_int_equal(skipped, 1);
	assert_int_equal(id, p);
	assert_int_equal(try_merge(fx->anna, &e, &skipped, &id, "person", "code", "P-K4X9Z2", "name",
				   "Kalle Carlsson", "birth", "1990", NULL), -1);
	assert_msg_has(&e, "different name");
	assert_int_equal(count(fx->anna, "person"), 1);
}

/* ---- batches ---- */

static void test_bulk_rollback(void **state)
{
	struct fixture *fx = *state;
	struct err e = { 0 };
	size_t before = audit_total(fx);
	check(access_begin(fx->anna, 1, &e), &e, "access_begin");
	char name[32], code[16];
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "Grupp %d", i);
		snprintf(code, sizeof code, "P-B%05d", i);
		add(fx->anna, "group", "name", name, NULL);
		add(fx->anna, "person", "code", code, "name", "Bulk Person", NULL);
		add(fx->anna, "membership", "person", code, "group", name, "level", "member", "basis",
		    "symbols|Foto|2026-01-01;intelligence|PM|2026-01-02", NULL);
		add(fx->anna, "incident", "occurred", "2026-05-01", "type", "shooting", NULL);
	}
	/* Inside the batch, its rows are there. */
	assert_int_equal(count(fx->anna, "group"), 20);
	assert_int_equal(count(fx->anna, "membership"), 20);
	check(access_audit_bulk(fx->anna, "import", ent("group"), "{\"rows\":20}", &e), &e,
	      "access_audit_bulk");
	access_rollback(fx->anna);
	assert_int_equal(count(fx->anna, "group"), 0);
	assert_int_equal(count(fx->anna, "person"), 0);
	assert_int_equal(count(fx->anna, "membership"), 0);
	assert_int_equal(count(fx->anna, "incident"), 0);
	assert_int_equal(audit_total(fx), before);

	/* The handle works on after it, one write at a time, audited. */
	int64_t g = add(fx->anna, "group", "name", "Grupp 0", NULL);
	assert_int_equal(count(fx->anna, "group"), 1);
	assert_int_equal(audit_count(fx, "group", "add", g), 1);
	assert_int_equal(audit_total(fx), before + 1);
}

static void test_bulk_commit(void **state)
{
	struct fixture *fx = *state;
	struct err e = { 0 };
	size_t before = audit_total(fx);
	int64_t first_incident = 0;
	check(access_begin(fx->anna, 1, &e), &e, "access_begin");
	char name[32], code[16], id[32];
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof name, "Grupp %d", i);
		snprintf(code, sizeof code, "P-C%05d", i);
		add(fx->anna, "group", "name", name, NULL);
		add(fx->anna, "person", "code", code, "name", "Bulk Person", NULL);
		int64_t inc = add(fx->anna, "incident", "occurred", "2026-05-01 22:10", "type",
				  "shooting", NULL);
		if (!first_incident)
			first_incident = inc;
	}
	/* The same references many times over (the batch's memo), incidents by id. */
	for (int i = 0; i < 10; i++)
		for (int j = 0; j < 3; j++) {
			snprintf(name, sizeof name, "Grupp %d", (i + j) % 10);
			snprintf(code, sizeof code, "P-C%05d", i);
			add(fx->anna, "membership", "person", code, "group", name, "level", "member",
			    "basis", "symbols|Foto|2026-01-01;intelligence|PM|2026-01-02", NULL);
			id_str(first_incident + (i + j) % 10, id);
			add(fx->anna, "involvement", "incident", id, "person", code, "role",
			    j == 0 ? "suspect" : j == 1 ? "victim" : "witness", NULL);
		}
	check(access_audit_bulk(fx->anna, "import", ent("membership"), "{\"rows\":30}", &e), &e,
	      "access_audit_bulk");
	check(access_commit(fx->anna, &e), &e, "access_commit");
	assert_int_equal(count(fx->anna, "group"), 10);
	assert_int_equal(count(fx->anna, "person"), 10);
	assert_int_equal(count(fx->anna, "incident"), 10);
	assert_int_equal(count(fx->anna, "membership"), 30);
	assert_int_equal(count(fx->anna, "involvement"), 30);
	/* One summary entry, no entry per row. */
	assert_int_equal(audit_total(fx), before + 1);
	assert_int_equal(audit_count(fx, "membership", "import", 0), 1);
	assert_int_equal(audit_count(fx, "group", "add", 0), 0);

	/* The rows are what was given: person P-C00003's involvement in incident first + 4. */
	struct shown s = { 0 };
	struct record where;
	record_init(&where, ent("involvement"));
	check(record_set(&where, "person", "P-C00003", &e), &e, "record_set");
	check(record_set(&where, "role", "victim", &e), &e, "record_set");
	struct store_query q = { .where = &where };
	check(access_list(fx->anna, ent("involvement"), &q, keep_record, &s, &e), &e, "access_list");
	record_release(&where);
	assert_int_equal(s.calls, 1);
	id_str(first_incident + 4, id);
	assert_value(&s.r, "incident", id);
	assert_value(&s.r, "person", "P-C00003");
	shown_release(&s);

	/* A batch that is not bulk audits every write; closing with it open rolls it back. */
	check(access_begin(fx->anna, 0, &e), &e, "access_begin");
	add(fx->anna, "group", "name", "Batchad", NULL);
	check(access_commit(fx->anna, &e), &e, "access_commit");
	assert_int_equal(audit_count(fx, "group", "add", 0), 1);
	check(access_begin(fx->anna, 0, &e), &e, "access_begin");
	add(fx->anna, "group", "name", "Aldrig", NULL);
	access_close(fx->anna);
	check(access_open(&fx->anna, fx->path, "anna", 1, &e), &e, "access_open");
	assert_int_equal(count(fx->anna, "group"), 11);
	int64_t none;
	err_clear(&e);
	assert_int_equal(access_find(fx->anna, ent("group"), "Aldrig", &none, &e), -1);
}

/* ---- regressions: bugs found by these tests and fixed; each must stay fixed ---- */

/* 900101-1239 and 900101-9877 are both valid for 1990-01-01 (check digits in test_record.c). */
static void test_regression_pnr_edit(void **state)
{
	struct fixture *fx = *state;
	struct err e = { 0 };
	int64_t p = add(fx->anna, "person", "name", "Kalle", "pnr", "900101-1239", NULL);
	check(try_edit(fx->anna, &e, "person", p, "pnr", "900101-9877", NULL), &e, "edit");
	struct shown s;
	show(fx->anna, "person", p, &s);
	assert_value(&s.r, "pnr", "199001019877");
	shown_release(&s);
	assert_int_equal(audit_count(fx, "person", "edit", p), 1);
}

static void test_regression_pnr_merge(void **state)
{
	struct fixture *fx = *state;
	struct err e = { 0 };
	int skipped = -1;
	int64_t id;
	add(fx->anna, "person", "code", "P-K4X9Z2", "name", "Kalle", "pnr", "900101-1239", NULL);
	assert_int_equal(try_merge(fx->anna, &e, &skipped, &id, "person", "code", "P-K4X9Z2",
				   "name", "Kalle", "pnr", "900101-9877", NULL), -1);
	assert_int_equal(skipped, 0);
	assert_msg_has(&e, "different pnr");
}

static void test_regression_bulk_memo_ambiguous(void **state)
{
	struct fixture *fx = *state;
	struct err e = { 0 };
	check(access_begin(fx->anna, 1, &e), &e, "access_begin");
	add(fx->anna, "group", "name", "Syd", NULL);
	add(fx->anna, "person", "code", "P-BBBBBB", "name", "Lisa Lund", NULL);
	add(fx->anna, "membership", "person", "Lisa Lund", "group", "Syd", "level", "core", "basis",
	    "symbols|Foto|2026-01-01;intelligence|PM|2026-01-02", NULL);
	add(fx->anna, "person", "code", "P-CCCCCC", "name", "Lisa Lund", NULL);
	/* Outside a batch this is refused: two persons are named Lisa Lund. */
	int rc = try_add(fx->anna, &e, "membership", "person", "Lisa Lund", "group", "Syd", "level",
			 "member", "basis", "symbols|Foto|2026-01-01;intelligence|PM|2026-01-02", NULL);
	access_rollback(fx->anna);
	assert_int_equal(rc, -1);
	assert_msg_has(&e, "2 persons are named \"Lisa Lund\"");
}

/* The purpose of access: without one, personal records are neither written nor read (and
 * nothing lands); an unknown one is refused and leaves the purpose as it was; the one given
 * is in the audit entry's purpose column, and configuration needs none. */
static void test_purpose(void **state)
{
	struct fixture *fx = *state;
	struct err e = { 0 };
	struct access *a = fx->anna;
	int64_t kept = add(a, "person", "name", "Pia Purpose", NULL);
	assert_string_equal(access_purpose(a), "operativ GVI-verksamhet");
	assert_int_equal(access_set_purpose(a, "ingen sådan", &e), -1);
	assert_msg_has(&e, "no purpose of access named \"ingen sådan\"");
	assert_string_equal(access_purpose(a), "operativ GVI-verksamhet");

	check(access_set_purpose(a, NULL, &e), &e, "clearing the purpose");
	assert_null(access_purpose(a));
	size_t before = audit_total(fx);
	struct record r;
	record_init(&r, model_entity("person"));
	check(record_set(&r, "name", "Utan Ändamål", &e), &e, "record_set");
	err_clear(&e);
	assert_int_equal(access_add(a, &r, &e), -1);
	assert_msg_has(&e, "purpose of access");
	record_release(&r);
	err_clear(&e);
	assert_int_equal(access_show(a, model_entity("person"), kept, NULL, NULL, &e), -1);
	assert_msg_has(&e, "purpose of access");
	assert_int_equal(audit_total(fx), before);
	assert_int_equal(access_count(a, model_entity("person"), &e), 1);   /* nothing was added */
	/* Configuration is not personal: no purpose needed. */
	add(a, "criterion", "name", "ny_grund", NULL);

	check(access_set_purpose(a, "uppföljning", &e), &e, "access_set_purpose");
	int64_t id = add(a, "person", "name", "Med Ändamål", NULL);
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(fx->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT purpose FROM audit WHERE entity = 'person' AND "
					    "action = 'add' AND record_id = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "uppföljning");
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM audit WHERE entity = 'criterion' "
					    "AND purpose IS NULL", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_true(sqlite3_column_int(st, 0) >= 7);   /* the seeded ones and ny_grund */
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* ---- counts and snapshots ---- */

/* access_counts answers, in one statement, what access_count answers entity by entity; a
 * snapshot does not see another handle's write until it ends. */
static void test_counts_and_snapshot(void **state)
{
	struct fixture *fx = *state;
	struct err e = { 0 };
	add(fx->anna, "group", "name", "Norr", NULL);
	add(fx->anna, "group", "name", "Söder", NULL);
	add(fx->anna, "person", "name", "Kalle Karlsson", NULL);
	const struct entity *ens[] = { ent("group"), ent("person"), ent("incident") };
	long n[3] = { -1, -1, -1 };
	check(access_counts(fx->anna, ens, 3, n, &e), &e, "access_counts");
	assert_int_equal(n[0], 2);
	assert_int_equal(n[1], 1);
	assert_int_equal(n[2], 0);
	assert_int_equal(n[0], count(fx->anna, "group"));

	struct access *other;
	check(access_open(&other, fx->path, "anna", 1, &e), &e, "access_open");
	check(access_snapshot_begin(fx->anna, &e), &e, "access_snapshot_begin");
	assert_int_equal(count(fx->anna, "group"), 2);   /* the snapshot starts at its first read */
	add(other, "group", "name", "Väster", NULL);
	check(access_counts(fx->anna, ens, 1, n, &e), &e, "access_counts in the snapshot");
	assert_int_equal(n[0], 2);
	assert_int_equal(count(fx->anna, "group"), 2);
	access_snapshot_end(fx->anna);
	assert_int_equal(count(fx->anna, "group"), 3);
	access_snapshot_end(fx->anna);   /* a second end does nothing */
	/* Writing through a handle inside its snapshot is a bug, refused as one. */
	check(access_snapshot_begin(fx->anna, &e), &e, "access_snapshot_begin");
	assert_int_not_equal(try_add(fx->anna, &e, "group", "name", "Öster", NULL), 0);
	access_snapshot_end(fx->anna);
	assert_int_equal(count(fx->anna, "group"), 3);
	access_close(other);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_pattern),
		T(test_add_fills_defaults),
		T(test_person_codes_distinct),
		T(test_review_default_month_end),
		T(test_membership_needs_basis),
		T(test_relation_needs_two_groups),
		T(test_admin_may_not_add_person),
		T(test_edit_changes_given_fields),
		T(test_edit_nothing_changed),
		T(test_delete_referenced),
		T(test_end_membership),
		T(test_show_audits_read),
		T(test_merge),
		T(test_bulk_rollback),
		T(test_bulk_commit),
		T(test_regression_pnr_edit),
		T(test_regression_pnr_merge),
		T(test_regression_bulk_memo_ambiguous),
		T(test_purpose),
		T(test_counts_and_snapshot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
