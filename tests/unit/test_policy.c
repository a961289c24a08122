/* test_policy.c — unit tests for policy.c: the access matrix, cell by cell.
 *
 * The expected matrix below is written out by hand from docs/access-policy.md (the table
 * "The access matrix"), not taken from policy.c; the named tests then check the facts the
 * programme's division of secrecy rests on, one by one, so a failure says which rule broke. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "model.h"
#include "policy.h"

static const char *const roles[] = { "admin", "coordinator", "police_analyst", "social_services",
	"probation", "community_partner", "evaluator" };
#define NROLES (sizeof roles / sizeof roles[0])

/* One row per entity, one cell per role in the order of roles[]: W read and write, R read
 * only, - neither. */
static const struct {
	const char *entity;
	const char *cells;
} matrix[] = {
	/*                      adm coo pol soc pro com eva */
	{ "area",              "W" "W" "R" "R" "R" "R" "R" },
	{ "agency",            "W" "R" "R" "R" "R" "R" "R" },
	{ "user",              "W" "R" "R" "R" "R" "-" "-" },
	{ "incident-type",     "W" "W" "R" "R" "R" "R" "R" },
	{ "criterion",         "W" "W" "R" "R" "R" "-" "R" },
	{ "lever",             "W" "W" "R" "R" "R" "-" "R" },
	{ "service",           "W" "W" "R" "R" "R" "-" "R" },
	{ "purpose",           "W" "R" "R" "R" "R" "R" "R" },
	{ "setting",           "W" "R" "R" "R" "R" "-" "R" },
	{ "legal-basis",       "W" "R" "R" "R" "R" "-" "R" },
	{ "group",             "-" "W" "W" "-" "-" "-" "-" },
	{ "person",            "-" "W" "W" "R" "R" "-" "-" },
	{ "membership",        "-" "W" "W" "-" "-" "-" "-" },
	{ "tie",               "-" "W" "W" "-" "-" "-" "-" },
	{ "supervision",       "-" "W" "R" "-" "W" "-" "-" },
	{ "relation",          "-" "W" "W" "-" "-" "-" "-" },
	{ "incident",          "-" "W" "W" "-" "-" "-" "-" },
	{ "involvement",       "-" "W" "W" "-" "-" "-" "-" },
	{ "group-involvement", "-" "W" "W" "-" "-" "-" "-" },
	{ "notification",      "-" "W" "-" "R" "-" "-" "-" },
	{ "callin",            "-" "W" "R" "R" "R" "R" "-" },
	{ "invitation",        "-" "W" "-" "R" "W" "-" "-" },
	{ "enforcement",       "-" "W" "W" "-" "-" "-" "-" },
	{ "referral",          "-" "W" "R" "W" "R" "-" "-" },
	{ "disclosure",        "-" "W" "W" "W" "W" "-" "-" },
	{ "external-series",   "R" "W" "W" "R" "R" "R" "W" },
	{ "response-case",     "-" "W" "W" "-" "R" "-" "-" },
	{ "task",              "-" "W" "W" "W" "W" "-" "-" },
};
#define NMATRIX (sizeof matrix / sizeof matrix[0])

/* Entities holding personal data (EF_PERSONAL in model.c); a later one (tie) is checked
 * through model_is_personal wherever the rule is "nothing personal". */
static const char *const personal[] = { "person", "membership", "involvement", "incident",
	"notification", "invitation", "referral" };
#define NPERSONAL (sizeof personal / sizeof personal[0])

static const char *const config[] = { "area", "agency", "user", "incident-type", "criterion",
	"lever", "service", "purpose" };
#define NCONFIG (sizeof config / sizeof config[0])

static const char *const operational[] = { "group", "person", "membership", "tie", "relation",
	"incident", "involvement", "group-involvement", "notification", "callin", "invitation",
	"enforcement", "referral", "supervision" };
#define NOPERATIONAL (sizeof operational / sizeof operational[0])

static const struct entity *ent(const char *name)
{
	const struct entity *en = model_entity(name);
	if (!en)
		fail_msg("no entity %s", name);
	return en;
}

static int reads(const char *role, const char *entity)
{
	return policy_allows(role, ent(entity), POLICY_READ);
}

static int writes(const char *role, const char *entity)
{
	return policy_allows(role, ent(entity), POLICY_WRITE);
}

static void expect(const char *role, const char *entity, int want_read, int want_write)
{
	int r = reads(role, entity), w = writes(role, entity);
	if (!r != !want_read)
		fail_msg("%s %s read %s", role, want_read ? "may not" : "may", entity);
	if (!w != !want_write)
		fail_msg("%s %s write %s", role, want_write ? "may not" : "may", entity);
}

static void test_matrix_cell_by_cell(void **state)
{
	(void)state;
	for (size_t i = 0; i < NMATRIX; i++) {
		assert_int_equal(strlen(matrix[i].cells), NROLES);
		for (size_t k = 0; k < NROLES; k++) {
			char c = matrix[i].cells[k];
			expect(roles[k], matrix[i].entity, c != '-', c == 'W');
		}
	}
}

static void test_matrix_covers_every_entity(void **state)
{
	(void)state;
	/* Every entity of the model has a row above, and every row an entity. */
	assert_int_equal(model_nentities, NMATRIX);
	for (size_t i = 0; i < model_nentities; i++) {
		int found = 0;
		for (size_t k = 0; k < NMATRIX; k++)
			found |= !strcmp(matrix[k].entity, model_entities[i]->name);
		if (!found)
			fail_msg("entity %s has no row in the expected matrix", model_entities[i]->name);
	}
	/* And every role of the model is a known role here. */
	size_t n = 0;
	for (; model_roles[n]; n++) {
		assert_true(policy_known_role(model_roles[n]));
		assert_string_equal(model_roles[n], roles[n]);
	}
	assert_int_equal(n, NROLES);
}

static void test_personal_entities(void **state)
{
	(void)state;
	for (size_t k = 0; k < NPERSONAL; k++)
		if (!model_is_personal(ent(personal[k])))
			fail_msg("%s is not marked personal", personal[k]);
	for (size_t k = 0; k < NCONFIG; k++)
		if (model_is_personal(ent(config[k])))
			fail_msg("%s is marked personal", config[k]);
	assert_true(model_is_personal(ent("tie")));
	assert_false(model_is_personal(ent("group")));
	assert_false(model_is_personal(ent("callin")));
}

static void test_admin(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCONFIG; i++)
		expect("admin", config[i], 1, 1);
	for (size_t i = 0; i < NPERSONAL; i++)
		expect("admin", personal[i], 0, 0);
	for (size_t i = 0; i < model_nentities; i++)
		if (model_is_personal(model_entities[i]))
			expect("admin", model_entities[i]->name, 0, 0);
	/* Nor the operational picture. */
	for (size_t i = 0; i < NOPERATIONAL; i++)
		expect("admin", operational[i], 0, 0);
}

static void test_coordinator(void **state)
{
	(void)state;
	for (size_t i = 0; i < model_nentities; i++)
		assert_true(policy_allows("coordinator", model_entities[i], POLICY_READ));
	for (size_t i = 0; i < NOPERATIONAL; i++)
		expect("coordinator", operational[i], 1, 1);
	expect("coordinator", "user", 1, 0);
	expect("coordinator", "agency", 1, 0);
	/* The configuration lists the programme runs on. */
	expect("coordinator", "area", 1, 1);
	expect("coordinator", "incident-type", 1, 1);
	expect("coordinator", "criterion", 1, 1);
	expect("coordinator", "lever", 1, 1);
	expect("coordinator", "service", 1, 1);
}

static void test_police_analyst(void **state)
{
	(void)state;
	static const char *const rw[] = { "group", "membership", "relation", "incident",
		"involvement", "group-involvement", "enforcement", "person", "tie" };
	for (size_t i = 0; i < sizeof rw / sizeof rw[0]; i++)
		expect("police_analyst", rw[i], 1, 1);
	expect("police_analyst", "referral", 1, 0);   /* only rows disclosed to the agency */
	expect("police_analyst", "notification", 0, 0);
	expect("police_analyst", "invitation", 0, 0);
	expect("police_analyst", "callin", 1, 0);
	expect("police_analyst", "user", 1, 0);
}

static void test_social_services(void **state)
{
	(void)state;
	expect("social_services", "referral", 1, 1);
	expect("social_services", "person", 1, 0);
	expect("social_services", "notification", 1, 0);
	expect("social_services", "invitation", 1, 0);
	expect("social_services", "membership", 0, 0);
	expect("social_services", "incident", 0, 0);
	expect("social_services", "group", 0, 0);
}

static void test_probation(void **state)
{
	(void)state;
	expect("probation", "invitation", 1, 1);
	expect("probation", "person", 1, 0);
	expect("probation", "callin", 1, 0);
	expect("probation", "referral", 1, 0);   /* only rows disclosed to the agency */
	expect("probation", "notification", 0, 0);
	expect("probation", "membership", 0, 0);
}

static void test_community_partner(void **state)
{
	(void)state;
	expect("community_partner", "callin", 1, 0);
	expect("community_partner", "person", 0, 0);
	for (size_t i = 0; i < model_nentities; i++)
		if (model_is_personal(model_entities[i]))
			expect("community_partner", model_entities[i]->name, 0, 0);
	for (size_t i = 0; i < model_nentities; i++)
		assert_false(policy_allows("community_partner", model_entities[i], POLICY_WRITE));
}

static void test_evaluator(void **state)
{
	(void)state;
	for (size_t i = 0; i < NPERSONAL; i++)
		expect("evaluator", personal[i], 0, 0);
	/* The evaluator writes only the external series it evaluates against. */
	for (size_t i = 0; i < model_nentities; i++) {
		assert_int_equal(policy_allows("evaluator", model_entities[i], POLICY_WRITE),
				 !strcmp(model_entities[i]->name, "external-series"));
		if (model_is_personal(model_entities[i]))
			assert_false(policy_allows("evaluator", model_entities[i], POLICY_READ));
	}
	/* ... and has aggregates of the incidents it may not read (gvi evaluate). */
	assert_true(policy_reads_aggregates("evaluator", ent("incident")));
	for (size_t r = 0; r < NROLES; r++)
		assert_true(policy_reads_aggregates(roles[r], ent("incident")));
	assert_false(policy_reads_aggregates("root", ent("incident")));
}

static void test_unknown_role(void **state)
{
	(void)state;
	static const char *const unknown[] = { "", "root", "Admin", "coordinator ", "police",
		"admin coordinator", "*", "adm", NULL };
	for (int k = 0; unknown[k]; k++) {
		assert_false(policy_known_role(unknown[k]));
		assert_false(policy_reads_audit(unknown[k]));
		for (size_t i = 0; i < model_nentities; i++) {
			const struct entity *en = model_entities[i];
			assert_false(policy_allows(unknown[k], en, POLICY_READ));
			assert_false(policy_allows(unknown[k], en, POLICY_WRITE));
			for (const struct field *f = en->fields; f->name; f++)
				assert_false(policy_sees_secret(unknown[k], en, f));
		}
	}
}

static void test_sees_secret(void **state)
{
	(void)state;
	static const char *const secret_roles[] = { "coordinator", "police_analyst",
		"social_services", "probation" };
	const struct entity *person = ent("person");
	const struct field *pnr = model_field(person, "pnr");
	assert_non_null(pnr);
	assert_true(pnr->flags & FF_SECRET);
	for (size_t k = 0; k < NROLES; k++) {
		int listed = 0;
		for (size_t j = 0; j < sizeof secret_roles / sizeof secret_roles[0]; j++)
			listed |= !strcmp(roles[k], secret_roles[j]);
		for (size_t i = 0; i < model_nentities; i++) {
			const struct entity *en = model_entities[i];
			int want = listed && policy_allows(roles[k], en, POLICY_READ);
			for (const struct field *f = en->fields; f->name; f++)
				if (!policy_sees_secret(roles[k], en, f) != !want)
					fail_msg("policy_sees_secret(%s, %s, %s) should be %d", roles[k],
						 en->name, f->name, want);
		}
	}
	/* The facts that matter, spelled out. */
	assert_true(policy_sees_secret("coordinator", person, pnr));
	assert_true(policy_sees_secret("police_analyst", person, pnr));
	assert_true(policy_sees_secret("social_services", person, pnr));
	assert_true(policy_sees_secret("probation", person, pnr));
	assert_false(policy_sees_secret("admin", person, pnr));
	assert_false(policy_sees_secret("community_partner", person, pnr));
	assert_false(policy_sees_secret("evaluator", person, pnr));
	/* A secret-seeing role, on an entity it may not read. */
	assert_false(policy_sees_secret("probation", ent("membership"), pnr));
	assert_false(policy_sees_secret("police_analyst", ent("notification"), pnr));
}

static void test_audit_reader(void **state)
{
	(void)state;
	for (size_t k = 0; k < NROLES; k++)
		assert_int_equal(!!policy_reads_audit(roles[k]), !strcmp(roles[k], "admin"));
}

/* The registerutdrag, the access register and backups (issue 7): who may, and why. */
static void test_extract_register_backup(void **state)
{
	(void)state;
	for (size_t k = 0; k < NROLES; k++) {
		assert_int_equal(!!policy_extracts(roles[k]), !strcmp(roles[k], "coordinator"));
		assert_int_equal(!!policy_reads_register(roles[k]),
				 !strcmp(roles[k], "coordinator") || !strcmp(roles[k], "admin"));
		assert_int_equal(!!policy_backs_up(roles[k]), !strcmp(roles[k], "admin"));
		/* An extract is everything about a person: its maker reads every personal entity. */
		if (policy_extracts(roles[k]))
			for (size_t i = 0; i < model_nentities; i++)
				if (model_is_personal(model_entities[i]))
					assert_true(policy_allows(roles[k], model_entities[i], POLICY_READ));
	}
	static const char *const unknown[] = { "", "Coordinator", "admin ", "root", NULL };
	for (int k = 0; unknown[k]; k++) {
		assert_false(policy_extracts(unknown[k]));
		assert_false(policy_reads_register(unknown[k]));
		assert_false(policy_backs_up(unknown[k]));
	}
}

static void test_write_implies_read(void **state)
{
	(void)state;
	/* For every role of the model and every entity. */
	size_t n = 0;
	for (size_t k = 0; model_roles[k]; k++)
		for (size_t i = 0; i < model_nentities; i++, n++) {
			const struct entity *en = model_entities[i];
			if (policy_allows(model_roles[k], en, POLICY_WRITE) &&
			    !policy_allows(model_roles[k], en, POLICY_READ))
				fail_msg("%s may write %s but not read it", model_roles[k], en->name);
		}
	assert_int_equal(n, NROLES * model_nentities);
}

static void test_names_match_whole_words(void **state)
{
	(void)state;
	/* "group" is a prefix of "group-involvement", "incident" of "incident-type": a role that
	 * may read one is not thereby given the other. */
	expect("social_services", "group", 0, 0);
	expect("social_services", "group-involvement", 0, 0);
	expect("evaluator", "incident-type", 1, 0);
	expect("evaluator", "incident", 0, 0);
	expect("community_partner", "incident-type", 1, 0);
	expect("community_partner", "incident", 0, 0);
}

/* Analyses over records a role may not read (docs/access-policy.md): only probation, only
 * the group audit and incident review, never an entity the role reads anyway, never
 * notifications, referrals or invitations. */
static void test_counts_unreadable(void **state)
{
	(void)state;
	static const char *const counted[] = { "group", "membership", "tie", "relation", "incident",
		"involvement", "group-involvement" };
	for (size_t i = 0; i < sizeof counted / sizeof counted[0]; i++) {
		const struct entity *en = model_entity(counted[i]);
		assert_true(policy_counts_unreadable("probation", en));
		assert_false(policy_allows("probation", en, POLICY_READ));
		for (size_t r = 0; r < NROLES; r++)
			if (strcmp(roles[r], "probation"))
				assert_false(policy_counts_unreadable(roles[r], en));
	}
	static const char *const not_counted[] = { "person", "supervision", "notification", "referral",
		"invitation", "callin", "enforcement", "user" };
	for (size_t i = 0; i < sizeof not_counted / sizeof not_counted[0]; i++)
		for (size_t r = 0; r < NROLES; r++)
			assert_false(policy_counts_unreadable(roles[r], model_entity(not_counted[i])));
	assert_false(policy_counts_unreadable("nobody", model_entity("incident")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix_cell_by_cell),
		cmocka_unit_test(test_matrix_covers_every_entity),
		cmocka_unit_test(test_personal_entities),
		cmocka_unit_test(test_admin),
		cmocka_unit_test(test_coordinator),
		cmocka_unit_test(test_police_analyst),
		cmocka_unit_test(test_social_services),
		cmocka_unit_test(test_probation),
		cmocka_unit_test(test_community_partner),
		cmocka_unit_test(test_evaluator),
		cmocka_unit_test(test_unknown_role),
		cmocka_unit_test(test_sees_secret),
		cmocka_unit_test(test_audit_reader),
		cmocka_unit_test(test_extract_register_backup),
		cmocka_unit_test(test_write_implies_read),
		cmocka_unit_test(test_names_match_whole_words),
		cmocka_unit_test(test_counts_unreadable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
