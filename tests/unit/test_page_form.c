/* test_page_form.c — the parts of the record forms that need no server: which field a message
 * of the access layer names (so the page shows it next to that input), and the routes of the
 * record pages (a literal "new" before the {ref} it would otherwise match). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "model.h"
#include "web/form.h"
#include "web/page_form.h"
#include "web/routes.h"

/* The field form_error_from finds in msg for entity, or "" for the whole form. */
static const char *named(const char *entity, const char *msg)
{
	static struct form_error err;
	form_error_from(&err, model_entity(entity), "p2_", msg);
	assert_string_equal(err.prefix, "p2_");
	assert_string_equal(err.msg, msg);
	return err.field ? err.field->name : "";
}

static void test_error_names_field(void **state)
{
	(void)state;
	/* Messages as access.c and record.c write them (see their err_set calls). */
	assert_string_equal(named("membership", "until (2026-01-01) is before since (2026-05-01)"), "until");
	assert_string_equal(named("involvement", "role is required for a involvement"), "role");
	assert_string_equal(named("group", "last_seen (2020-01-01) is before first_seen (2021-01-01)"),
			    "last_seen");
	assert_string_equal(named("membership", "a membership needs at least one basis (criterion|source|date)"),
			    "basis");
	assert_string_equal(named("notification", "follow_up_owner: no user named \"x\""), "follow_up_owner");
	assert_string_equal(named("notification", "follow_up: not a date"), "follow_up");
	assert_string_equal(named("group-involvement", "group: no group named \"Ingen\""), "group");
	/* Not about one field: the whole form. */
	assert_string_equal(named("group", "duplicate group: group 3 already exists with a different id"), "");
	assert_string_equal(named("callin", "refused: user pia (role police_analyst) may not add callin records"), "");
	assert_string_equal(named("relation", "a relation needs two different groups"), "");
}

static void test_record_routes(void **state)
{
	(void)state;
	const struct route *r;
	const char *params[WEB_MAX_PARAMS];
	char scratch[WEB_PATH_MAX];
	const char *allow = NULL;
	assert_int_equal(routes_match("GET", "/r/group/new", &r, params, scratch, sizeof scratch, &allow),
			 ROUTE_FOUND);
	assert_string_equal(r->pattern, "/r/{entity}/new");
	assert_string_equal(params[0], "group");
	assert_int_equal(routes_match("GET", "/r/group/Blå", &r, params, scratch, sizeof scratch, &allow),
			 ROUTE_FOUND);
	assert_string_equal(r->pattern, "/r/{entity}/{ref}");
	assert_string_equal(params[1], "Blå");
	assert_int_equal(routes_match("POST", "/r/person/P-1/edit", &r, params, scratch, sizeof scratch, &allow),
			 ROUTE_FOUND);
	assert_string_equal(r->pattern, "/r/{entity}/{ref}/edit");
	assert_true(r->needs_login);
	assert_int_equal(routes_match("POST", "/r/membership/4/delete", &r, params, scratch, sizeof scratch,
				      &allow), ROUTE_FOUND);
	assert_string_equal(r->pattern, "/r/{entity}/{ref}/delete");
	assert_string_equal(params[1], "4");
	assert_int_equal(routes_match("POST", "/r/callin/3/attendance", &r, params, scratch, sizeof scratch,
				      &allow), ROUTE_FOUND);
	assert_string_equal(params[0], "3");
	assert_int_equal(routes_match("GET", "/incidents/new", &r, params, scratch, sizeof scratch, &allow),
			 ROUTE_FOUND);
	assert_string_equal(r->pattern, "/incidents/new");
	assert_int_equal(routes_match("GET", "/incidents/12", &r, params, scratch, sizeof scratch, &allow),
			 ROUTE_FOUND);
	assert_string_equal(r->pattern, "/incidents/{id}");
	assert_int_equal(routes_match("GET", "/favicon.ico", &r, params, scratch, sizeof scratch, &allow),
			 ROUTE_FOUND);
	assert_false(r->needs_login);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_names_field),
		cmocka_unit_test(test_record_routes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
