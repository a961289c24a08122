/* test_privacy.c — unit tests for privacy.c: which settings exist, their ranges, and which
 * retention rules may be written.  The expectations are the table of docs/privacy.md
 * ("Settings"), written out here by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "privacy.h"

static void ok(const char *name, const char *value)
{
	struct err e = { 0 };
	if (privacy_setting_check(name, value, &e))
		fail_msg("%s = %s refused: %s", name, value, e.msg);
}

static void bad(const char *name, const char *value, const char *want)
{
	struct err e = { 0 };
	if (!privacy_setting_check(name, value, &e))
		fail_msg("%s = %s accepted", name, value ? value : "(none)");
	if (!strstr(e.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, want);
}

static void test_defaults(void **state)
{
	(void)state;
	static const struct { const char *name; long def, min, max; } want[] = {
		{ "inclusion.min_criteria", 2, 1, 10 }, { "inclusion.window_years", 5, 1, 10 },
		{ "inclusion.min_age", 13, 10, 25 }, { "review.months", 12, 1, 36 },
		{ "review.minor_months", 6, 1, 36 }, { "retention.grace_days", 30, 0, 365 },
	};
	assert_int_equal(PRIV_NKEYS, sizeof want / sizeof want[0]);
	for (int k = 0; k < PRIV_NKEYS; k++) {
		assert_string_equal(privacy_settings[k].name, want[k].name);
		assert_int_equal(privacy_settings[k].def, want[k].def);
		assert_int_equal(privacy_settings[k].min, want[k].min);
		assert_int_equal(privacy_settings[k].max, want[k].max);
	}
}

static void test_ranges(void **state)
{
	(void)state;
	ok("inclusion.min_criteria", "1");
	ok("inclusion.min_criteria", "10");
	bad("inclusion.min_criteria", "0", "from 1 to 10");
	bad("inclusion.min_criteria", "11", "from 1 to 10");
	bad("inclusion.min_criteria", "2x", "whole number");
	bad("inclusion.min_criteria", "", "whole number");
	bad("inclusion.min_criteria", NULL, "whole number");
	bad("inclusion.window_years", "0", "value:");
	ok("retention.grace_days", "0");
	bad("retention.grace_days", "-1", "from 0 to 365");
	bad("review.minor_months", "37", "from 1 to 36");
	bad("inclusion.min_age", "9", "from 10 to 25");
	bad("inclusion.nothing", "1", "name: no setting");
}

static void test_retention_rules(void **state)
{
	(void)state;
	ok("retention.referral", "60");
	ok("retention.referral.social_services", "60");
	ok("retention.notification.police", "1");
	ok("retention.membership", "1200");
	bad("retention.referral.social_services", "0", "months after the last entry");
	bad("retention.referral.social_services", "1201", "months after the last entry");
	bad("retention.referral.bank", "12", "not an agency kind");
	bad("retention.group", "12", "holds personal data");
	bad("retention.nothing", "12", "holds personal data");
	bad("retention.incident", "12", "refer to incident");
	bad("retention.person", "12", "refer to person");

	const struct entity *en;
	const char *kind;
	assert_int_equal(privacy_retention_rule("retention.referral.social_services", &en, &kind), 1);
	assert_string_equal(en->name, "referral");
	assert_string_equal(kind, "social_services");
	assert_int_equal(privacy_retention_rule("retention.group-involvement", &en, &kind), 1);
	assert_string_equal(en->name, "group-involvement");
	assert_null(kind);
	assert_int_equal(privacy_retention_rule("retention.grace_days", &en, &kind), 0);
	assert_int_equal(privacy_retention_rule("review.months", &en, &kind), 0);
}

static void test_entry_dates(void **state)
{
	(void)state;
	assert_true(privacy_has_entry_date(model_entity("referral")));
	assert_true(privacy_has_entry_date(model_entity("incident")));   /* a date-time */
	assert_false(privacy_has_entry_date(model_entity("person")));    /* birth is partial; review aside */
	assert_false(privacy_has_entry_date(model_entity("involvement")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_retention_rules),
		cmocka_unit_test(test_entry_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
