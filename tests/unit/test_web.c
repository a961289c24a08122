/* test_web.c — the parts of the web server that need no network: the escaping HTML writer,
 * strict decoding of paths and forms, route matching, session timeouts and login throttling
 * (with the clock passed in, so 30 minutes pass in no time). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "web/form.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/session.h"

static void test_html_escapes_by_default(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_printf(&b, "<p title=\"%s\">%s %d %ld %zu%%</p>", "a\"b'c", "<script>&</script>", -3, 7L,
		    (size_t)9);
	assert_string_equal(b.s, "<p title=\"a&quot;b&#39;c\">&lt;script&gt;&amp;&lt;/script&gt; -3 7 9%</p>");
	buf_reset(&b);
	html_text(&b, "x\001y\tz\x7f");
	assert_string_equal(b.s, "xy\tz");
	buf_reset(&b);
	const char *volatile none = NULL;
	html_printf(&b, "[%s]", none);
	assert_string_equal(b.s, "[]");
	buf_reset(&b);
	html_url_part(&b, "P-1 ä/&\"");
	assert_string_equal(b.s, "P-1%20%C3%A4%2F%26%22");
	buf_release(&b);
}

static void test_path_decode(void **state)
{
	(void)state;
	char out[WEB_PATH_MAX];
	assert_int_equal(web_path_decode("/persons/P-1%41", out, sizeof out), 0);
	assert_string_equal(out, "/persons/P-1A");
	assert_int_equal(web_path_decode("/", out, sizeof out), 0);
	const char *bad[] = { "persons", "/a/../b", "/..", "/a/./b", "/%2e%2e/x", "/a%2fb", "/a%2F..",
			      "/x%00", "/x%0a", "/x%", "/x%4", "/x%zz", "/a\\b", NULL };
	for (int i = 0; bad[i]; i++)
		assert_int_equal(web_path_decode(bad[i], out, sizeof out), -1);
	char small[4];
	assert_int_equal(web_path_decode("/abcdef", small, sizeof small), -1);
}

static void test_form_parse(void **state)
{
	(void)state;
	const char body[] = "user=anna&password=a+b%26c%3D&empty=&flag&&csrf=x";
	struct web_form *f = web_form_parse(body, strlen(body));
	assert_non_null(f);
	assert_string_equal(web_form_get(f, "user"), "anna");
	assert_string_equal(web_form_get(f, "password"), "a b&c=");
	assert_string_equal(web_form_get(f, "empty"), "");
	assert_string_equal(web_form_get(f, "flag"), "");
	assert_null(web_form_get(f, "nosuch"));
	web_form_free(f);
	assert_null(web_form_parse("a=%00", 5));
	assert_null(web_form_parse("a=%g1", 5));
	char many[WEB_FORM_FIELDS_MAX * 4 + 8] = "";
	for (int i = 0; i <= WEB_FORM_FIELDS_MAX; i++)
		strcat(many, "a=1&");
	assert_null(web_form_parse(many, strlen(many)));
	f = web_form_parse("", 0);
	assert_non_null(f);
	web_form_free(f);
}

static void test_routes(void **state)
{
	(void)state;
	const struct route *r;
	const char *params[WEB_MAX_PARAMS];
	char scratch[WEB_PATH_MAX];
	const char *allow = NULL;
	assert_int_equal(routes_match("GET", "/persons/P-1", &r, params, scratch, sizeof scratch, &allow),
			 ROUTE_FOUND);
	assert_string_equal(r->pattern, "/persons/{code}");
	assert_string_equal(params[0], "P-1");
	assert_true(r->needs_login);
	assert_int_equal(routes_match("HEAD", "/api/v1/person/7", &r, params, scratch, sizeof scratch, &allow),
			 ROUTE_FOUND);
	assert_string_equal(params[0], "person");
	assert_string_equal(params[1], "7");
	assert_int_equal(routes_match("GET", "/healthz", &r, params, scratch, sizeof scratch, &allow), ROUTE_FOUND);
	assert_false(r->needs_login);
	assert_int_equal(routes_match("GET", "/persons/", &r, params, scratch, sizeof scratch, &allow),
			 ROUTE_NO_PATH);
	assert_int_equal(routes_match("GET", "/persons/a/b", &r, params, scratch, sizeof scratch, &allow),
			 ROUTE_NO_PATH);
	assert_int_equal(routes_match("GET", "/persons/P-1/register", &r, params, scratch, sizeof scratch,
				      &allow), ROUTE_FOUND);
	assert_string_equal(r->pattern, "/persons/{code}/register");
	assert_string_equal(params[0], "P-1");
	assert_int_equal(routes_match("GET", "/persons/P-1/extract", &r, params, scratch, sizeof scratch,
				      &allow), ROUTE_FOUND);
	assert_string_equal(r->pattern, "/persons/{code}/extract");
	assert_int_equal(routes_match("GET", "/audit/verify", &r, params, scratch, sizeof scratch, &allow),
			 ROUTE_FOUND);
	assert_true(r->needs_login);
	assert_int_equal(routes_match("DELETE", "/", &r, params, scratch, sizeof scratch, &allow),
			 ROUTE_NO_METHOD);
	assert_string_equal(allow, "GET, HEAD");
	assert_int_equal(routes_match("GET", "/logout", &r, params, scratch, sizeof scratch, &allow),
			 ROUTE_NO_METHOD);
	assert_string_equal(allow, "POST");
}

static void test_sessions(void **state)
{
	(void)state;
	struct web_sessions *s = sessions_new();
	char token[SESSION_TOKEN_LEN + 1], other[SESSION_TOKEN_LEN + 1];
	struct session_info info, got;
	time_t t0 = 1000;
	assert_int_equal(sessions_create(s, "anna", t0, token, &info), 0);
	assert_int_equal(strlen(token), SESSION_TOKEN_LEN);
	assert_int_equal(strlen(info.csrf), SESSION_TOKEN_LEN);
	assert_string_not_equal(token, info.csrf);
	assert_int_equal(sessions_find(s, token, t0 + 10, &got), 1);
	assert_string_equal(got.user, "anna");
	assert_string_equal(got.csrf, info.csrf);
	/* Kept alive by use, up to the absolute limit. */
	time_t t = t0;
	while (t + SESSION_IDLE - 1 < t0 + SESSION_ABSOLUTE) {
		t += SESSION_IDLE - 1;
		assert_int_equal(sessions_find(s, token, t, &got), 1);
	}
	assert_int_equal(sessions_find(s, token, t0 + SESSION_ABSOLUTE, &got), 0);
	assert_int_equal(sessions_count(s), 0);
	/* Idle too long. */
	assert_int_equal(sessions_create(s, "anna", t0, token, &info), 0);
	assert_int_equal(sessions_find(s, token, t0 + SESSION_IDLE, &got), 0);
	/* Ended, unknown, forged. */
	assert_int_equal(sessions_create(s, "pia", t0, token, &info), 0);
	assert_int_equal(sessions_create(s, "kim", t0, other, &info), 0);
	sessions_end(s, token);
	assert_int_equal(sessions_find(s, token, t0 + 1, &got), 0);
	assert_int_equal(sessions_find(s, other, t0 + 1, &got), 1);
	assert_string_equal(got.user, "kim");
	assert_int_equal(sessions_find(s, "short", t0 + 1, &got), 0);
	other[0] = other[0] == 'A' ? 'B' : 'A';
	assert_int_equal(sessions_find(s, other, t0 + 1, &got), 0);
	sessions_free(s);
}

static void test_throttle(void **state)
{
	(void)state;
	struct web_throttle *t = throttle_new();
	time_t t0 = 5000;
	for (int i = 0; i < THROTTLE_USER_FAILURES - 1; i++) {
		assert_int_equal(throttle_wait(t, "pia", "10.0.0.1", t0 + i), 0);
		throttle_fail(t, "pia", "10.0.0.1", t0 + i);
	}
	assert_int_equal(throttle_wait(t, "pia", "10.0.0.1", t0 + 10), 0);
	throttle_fail(t, "pia", "10.0.0.1", t0 + 10);
	assert_int_equal(throttle_wait(t, "pia", "10.0.0.2", t0 + 11), THROTTLE_LOCK - 1);
	assert_int_equal(throttle_wait(t, "anna", "10.0.0.1", t0 + 11), 0);
	assert_int_equal(throttle_wait(t, "pia", "10.0.0.2", t0 + 10 + THROTTLE_LOCK), 0);
	/* Failures spread wider than the window do not add up. */
	throttle_success(t, "pia");
	for (int i = 0; i < 10; i++)
		throttle_fail(t, "eva", "10.0.0.3", t0 + (time_t)i * (THROTTLE_WINDOW / 2));
	assert_int_equal(throttle_wait(t, "eva", "10.0.0.9", t0 + 10 * (THROTTLE_WINDOW / 2)), 0);
	/* An address is locked after its own, larger number. */
	for (int i = 0; i < THROTTLE_ADDR_FAILURES; i++)
		throttle_fail(t, i % 2 ? "u1" : "u2", "10.0.0.4", 90000 + i);
	assert_true(throttle_wait(t, "someone", "10.0.0.4", 90000 + THROTTLE_ADDR_FAILURES) > 0);
	/* A success clears the user's count. */
	for (int i = 0; i < THROTTLE_USER_FAILURES - 1; i++)
		throttle_fail(t, "sam", "10.0.0.5", 200000);
	throttle_success(t, "sam");
	throttle_fail(t, "sam", "10.0.0.5", 200001);
	assert_int_equal(throttle_wait(t, "sam", "10.0.0.6", 200002), 0);
	throttle_free(t);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escapes_by_default),
		cmocka_unit_test(test_path_decode),
		cmocka_unit_test(test_form_parse),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_sessions),
		cmocka_unit_test(test_throttle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
