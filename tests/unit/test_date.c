/* test_date.c — unit tests for date.c: parsing and normal forms, the messages for bad input,
 * calendar arithmetic and the GVI_TODAY / GVI_NOW overrides.  Every expectation was worked
 * out by hand (and cross-checked against GNU date) rather than by calling the code under
 * test a second way. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

static void assert_msg_has(const struct err *e, const char *want)
{
	if (!strstr(e->msg, want))
		fail_msg("message \"%s\" does not contain \"%s\"", e->msg, want);
	assert_int_equal(e->code, 1);
}

static void good_date(const char *in, const char *want)
{
	struct err e = { 0 };
	char out[DATE_LEN];
	if (date_parse(in, out, &e))
		fail_msg("date_parse(\"%s\") failed: %s", in, e.msg);
	assert_string_equal(out, want);
	assert_false(err_isset(&e));
}

static void bad_date(const char *in, const char *want)
{
	struct err e = { 0 };
	char out[DATE_LEN];
	assert_int_equal(date_parse(in, out, &e), -1);
	assert_msg_has(&e, want);
}

static void good_partial(const char *in, const char *want)
{
	struct err e = { 0 };
	char out[DATE_LEN];
	if (date_parse_partial(in, out, &e))
		fail_msg("date_parse_partial(\"%s\") failed: %s", in, e.msg);
	assert_string_equal(out, want);
}

static void bad_partial(const char *in, const char *want)
{
	struct err e = { 0 };
	char out[DATE_LEN];
	assert_int_equal(date_parse_partial(in, out, &e), -1);
	assert_msg_has(&e, want);
}

static void good_datetime(const char *in, const char *want)
{
	struct err e = { 0 };
	char out[DATETIME_LEN];
	if (datetime_parse(in, out, &e))
		fail_msg("datetime_parse(\"%s\") failed: %s", in, e.msg);
	assert_string_equal(out, want);
}

static void bad_datetime(const char *in, const char *want)
{
	struct err e = { 0 };
	char out[DATETIME_LEN];
	assert_int_equal(datetime_parse(in, out, &e), -1);
	assert_msg_has(&e, want);
}

static void test_parse_forms(void **state)
{
	(void)state;
	good_date("2024-02-29", "2024-02-29");
	good_date("20240229", "2024-02-29");
	good_date("1900-01-01", "1900-01-01");
	good_date("2199-12-31", "2199-12-31");
	good_date("2026-11-25", "2026-11-25");
}

static void test_parse_rejects_shape(void **state)
{
	(void)state;
	bad_date("x", "expected a date as YYYY-MM-DD, got \"x\"");
	bad_date("", "expected a date as YYYY-MM-DD, got \"\"");
	bad_date("2024-1-01", "got \"2024-1-01\"");
	bad_date("2024/01/01", "got \"2024/01/01\"");
	bad_date("2024-01-01 ", "got \"2024-01-01 \"");
	bad_date(" 2024-01-01", "got \" 2024-01-01\"");
	bad_date("24-01-01", "got \"24-01-01\"");
	bad_date("2024-0a-01", "got \"2024-0a-01\"");
	bad_date("2024-01-+1", "got \"2024-01-+1\"");
	/* Partial dates are not full dates. */
	bad_date("2024-01", "expected a date as YYYY-MM-DD, got \"2024-01\"");
	bad_date("2024", "expected a date as YYYY-MM-DD, got \"2024\"");
}

static void test_leap_years(void **state)
{
	(void)state;
	good_date("2000-02-29", "2000-02-29");  /* divisible by 400 */
	good_date("2024-02-29", "2024-02-29");  /* divisible by 4 */
	bad_date("1900-02-29",                  /* divisible by 100, not 400 */
		 "invalid date \"1900-02-29\": 1900 is not a leap year, February has 28 days");
	bad_date("2023-02-29",
		 "invalid date \"2023-02-29\": 2023 is not a leap year, February has 28 days");
	bad_date("2100-02-29", "2100 is not a leap year");
	bad_date("2024-02-30", "invalid date \"2024-02-30\": February 2024 has 29 days");
	bad_date("2023-02-30", "invalid date \"2023-02-30\": February 2023 has 28 days");
}

static void test_parse_rejects_ranges(void **state)
{
	(void)state;
	bad_date("2024-00-10", "invalid date \"2024-00-10\": month 00 does not exist, "
		 "expected 01..12");
	bad_date("2024-13-01", "invalid date \"2024-13-01\": month 13 does not exist");
	bad_date("20241301", "invalid date \"20241301\": month 13");
	bad_date("2024-01-00", "invalid date \"2024-01-00\": day 00 does not exist, "
		 "expected 01..31");
	bad_date("2024-01-32", "invalid date \"2024-01-32\": January has 31 days");
	bad_date("2024-04-31", "invalid date \"2024-04-31\": April has 30 days");
	bad_date("2024-12-32", "December has 31 days");
	bad_date("1899-12-31", "invalid date \"1899-12-31\": year 1899 is outside 1900..2199");
	bad_date("2200-01-01", "year 2200 is outside 1900..2199");
	bad_date("0000-01-01", "year 0000 is outside");
}

static void test_message_quoting(void **state)
{
	(void)state;
	/* Control characters are not copied into a message; long input is cut. */
	bad_date("2024\n01-01", "got \"2024?01-01\"");
	char long_in[200];
	memset(long_in, '7', sizeof long_in - 1);
	long_in[sizeof long_in - 1] = '\0';
	struct err e = { 0 };
	char out[DATE_LEN];
	assert_int_equal(date_parse(long_in, out, &e), -1);
	assert_non_null(strstr(e.msg, "7777...\""));
	assert_true(strlen(e.msg) < 150);
	/* A NULL err is allowed: the caller only wants the result. */
	assert_int_equal(date_parse("2023-02-29", out, NULL), -1);
	/* The first error wins. */
	err_clear(&e);
	assert_int_equal(date_parse("x", out, &e), -1);
	assert_int_equal(date_parse("y", out, &e), -1);
	assert_msg_has(&e, "got \"x\"");
}

static void test_parse_partial(void **state)
{
	(void)state;
	good_partial("2024", "2024");
	good_partial("2024-02", "2024-02");
	good_partial("2024-02-29", "2024-02-29");
	good_partial("20240229", "2024-02-29");
	good_partial("1900", "1900");
	good_partial("2199-12", "2199-12");
	bad_partial("1899", "invalid date \"1899\": year 1899 is outside 1900..2199");
	bad_partial("2200-01", "year 2200 is outside");
	bad_partial("2024-13", "invalid date \"2024-13\": month 13 does not exist");
	bad_partial("2024-00", "month 00 does not exist");
	bad_partial("2023-02-29", "2023 is not a leap year");
	bad_partial("202", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got \"202\"");
	bad_partial("2024-2", "got \"2024-2\"");
	bad_partial("202402", "got \"202402\"");
	bad_partial("2024-", "got \"2024-\"");
	bad_partial("abcd", "got \"abcd\"");
}

static void test_datetime_parse(void **state)
{
	(void)state;
	good_datetime("2024", "2024");
	good_datetime("2024-03", "2024-03");
	good_datetime("2024-03-01", "2024-03-01");
	good_datetime("2024-03-01 09:05", "2024-03-01 09:05");
	good_datetime("2024-03-01T09:05", "2024-03-01 09:05");
	good_datetime("2024-03-01 23:59:59", "2024-03-01 23:59:59");
	good_datetime("2024-03-01T00:00:00", "2024-03-01 00:00:00");
	good_datetime("20240301 12:30", "2024-03-01 12:30");
	good_datetime("2024-02-29 12:00", "2024-02-29 12:00");

	bad_datetime("2024-03-01 24:00",
		     "invalid time in \"2024-03-01 24:00\": hour 24 does not exist, expected 00..23");
	bad_datetime("2024-03-01 12:60", "minute 60 does not exist, expected 00..59");
	bad_datetime("2024-03-01 12:00:60", "second 60 does not exist");
	bad_datetime("2023-02-29 10:00",
		     "invalid date \"2023-02-29 10:00\": 2023 is not a leap year");
	bad_datetime("2024-13", "month 13 does not exist");
	bad_datetime("2024-03 10:00", "expected a date-time as YYYY, YYYY-MM, YYYY-MM-DD or "
		     "YYYY-MM-DD HH:MM[:SS], got \"2024-03 10:00\"");
	bad_datetime("2024-03-01 9:05", "got \"2024-03-01 9:05\"");
	bad_datetime("2024-03-01T", "got \"2024-03-01T\"");
	bad_datetime("2024-03-01 12:00:00Z", "got \"2024-03-01 12:00:00Z\"");
	bad_datetime("2024-03-01 12-00", "got \"2024-03-01 12-00\"");
	bad_datetime("2024-03-01  12:00", "got \"2024-03-01  12:00\"");
	bad_datetime("2024-03-01 1a:00", "got \"2024-03-01 1a:00\"");
	bad_datetime("", "got \"\"");
}

static void test_datetime_precision(void **state)
{
	(void)state;
	assert_string_equal(datetime_precision("2024"), "year");
	assert_string_equal(datetime_precision("2024-03"), "month");
	assert_string_equal(datetime_precision("2024-03-01"), "day");
	assert_string_equal(datetime_precision("2024-03-01 09:05"), "minute");
	assert_string_equal(datetime_precision("2024-03-01 09:05:59"), "second");
	assert_null(datetime_precision("2024-3"));
	assert_null(datetime_precision(""));
	assert_null(datetime_precision(NULL));
}

/* Today by the clock; read around the call under test so a midnight cannot fail it. */
static void clock_today(char out[DATE_LEN])
{
	time_t now = time(NULL);
	struct tm tm;
	assert_non_null(localtime_r(&now, &tm));
	assert_true(strftime(out, DATE_LEN, "%Y-%m-%d", &tm) == 10);
}

static void test_today(void **state)
{
	(void)state;
	char out[DATE_LEN], before[DATE_LEN], after[DATE_LEN];

	assert_int_equal(setenv("GVI_TODAY", "2026-11-25", 1), 0);
	date_today(out);
	assert_string_equal(out, "2026-11-25");
	assert_int_equal(setenv("GVI_TODAY", "20240229", 1), 0);
	date_today(out);
	assert_string_equal(out, "2024-02-29");

	/* Invalid or absent: the real date. */
	const char *bad[] = { "2023-02-29", "tomorrow", "", "2026-11", NULL };
	for (int i = 0; i <= 4; i++) {
		if (bad[i])
			assert_int_equal(setenv("GVI_TODAY", bad[i], 1), 0);
		else
			assert_int_equal(unsetenv("GVI_TODAY"), 0);
		clock_today(before);
		date_today(out);
		clock_today(after);
		if (strcmp(out, before) && strcmp(out, after))
			fail_msg("GVI_TODAY=%s gave %s, clock says %s", bad[i] ? bad[i] : "(unset)",
				 out, before);
	}
}

static void clock_now(char out[DATETIME_LEN])
{
	time_t now = time(NULL);
	struct tm tm;
	assert_non_null(gmtime_r(&now, &tm));
	assert_true(strftime(out, DATETIME_LEN, "%Y-%m-%d %H:%M:%S", &tm) == 19);
}

static void test_now(void **state)
{
	(void)state;
	char out[DATETIME_LEN], before[DATETIME_LEN], after[DATETIME_LEN];

	assert_int_equal(setenv("GVI_NOW", "2026-11-25 08:30:15", 1), 0);
	date_now(out);
	assert_string_equal(out, "2026-11-25 08:30:15");
	assert_int_equal(setenv("GVI_NOW", "2026-11-25T08:30:15", 1), 0);
	date_now(out);
	assert_string_equal(out, "2026-11-25 08:30:15");
	assert_int_equal(setenv("GVI_NOW", "2026-11-25 08:30", 1), 0);
	date_now(out);
	assert_string_equal(out, "2026-11-25 08:30:00");
	assert_int_equal(setenv("GVI_NOW", "2026-11-25", 1), 0);
	date_now(out);
	assert_string_equal(out, "2026-11-25 00:00:00");

	/* Invalid, too coarse, or absent: the real time, UTC. */
	const char *bad[] = { "2026-11-25 25:00", "2026", "2026-11", "now", NULL };
	for (int i = 0; i <= 4; i++) {
		if (bad[i])
			assert_int_equal(setenv("GVI_NOW", bad[i], 1), 0);
		else
			assert_int_equal(unsetenv("GVI_NOW"), 0);
		clock_now(before);
		date_now(out);
		clock_now(after);
		if (strcmp(out, before) < 0 || strcmp(out, after) > 0)
			fail_msg("GVI_NOW=%s gave %s, clock says %s..%s",
				 bad[i] ? bad[i] : "(unset)", out, before, after);
	}
}

static void add_months(const char *date, int months, const char *want)
{
	char out[DATE_LEN];
	if (date_add_months(date, months, out))
		fail_msg("date_add_months(%s, %d) failed", date, months);
	assert_string_equal(out, want);
}

static void test_add_months(void **state)
{
	(void)state;
	add_months("2024-01-31", 1, "2024-02-29");   /* clamped, leap year */
	add_months("2023-01-31", 1, "2023-02-28");   /* clamped, common year */
	add_months("2024-03-31", -1, "2024-02-29");
	add_months("2024-05-31", 1, "2024-06-30");
	add_months("2024-02-29", 12, "2025-02-28");
	add_months("2024-02-29", 48, "2028-02-29");
	add_months("2024-11-15", 3, "2025-02-15");   /* across a year end */
	add_months("2024-01-15", -13, "2022-12-15");
	add_months("2024-12-31", -12, "2023-12-31");
	add_months("2024-06-10", 0, "2024-06-10");
	add_months("20240131", 1, "2024-02-29");
	add_months("2199-11-30", 1, "2199-12-30");
	add_months("1900-02-28", -1, "1900-01-28");

	char out[DATE_LEN];
	assert_int_equal(date_add_months("2199-12-01", 1, out), -1);   /* past 2199 */
	assert_int_equal(date_add_months("1900-01-31", -1, out), -1);  /* before 1900 */
	assert_int_equal(date_add_months("2024-02-30", 1, out), -1);
	assert_int_equal(date_add_months("2024-02", 1, out), -1);
	assert_int_equal(date_add_months(NULL, 1, out), -1);
	assert_int_equal(date_add_months("2024-01-01", INT_MAX, out), -1);
	assert_int_equal(date_add_months("2024-01-01", INT_MIN, out), -1);
}

static void add_days(const char *date, int days, const char *want)
{
	char out[DATE_LEN];
	if (date_add_days(date, days, out))
		fail_msg("date_add_days(%s, %d) failed", date, days);
	assert_string_equal(out, want);
}

static void test_add_days(void **state)
{
	(void)state;
	add_days("2024-02-28", 1, "2024-02-29");
	add_days("2024-02-28", 2, "2024-03-01");
	add_days("2023-02-28", 1, "2023-03-01");
	add_days("1900-02-28", 1, "1900-03-01");     /* 1900 is no leap year */
	add_days("2000-02-28", 1, "2000-02-29");     /* 2000 is one */
	add_days("2023-12-31", 1, "2024-01-01");
	add_days("2024-01-01", -1, "2023-12-31");
	add_days("2024-03-01", -1, "2024-02-29");
	add_days("2024-01-01", 366, "2025-01-01");  /* 2024 has 366 days */
	add_days("2023-01-01", 365, "2024-01-01");
	add_days("1900-01-01", 36524, "2000-01-01");  /* 100 years, 24 leap days */
	add_days("1900-01-01", 109572, "2199-12-31"); /* the whole range */
	add_days("2199-12-31", -109572, "1900-01-01");
	add_days("2024-06-10", 0, "2024-06-10");

	char out[DATE_LEN];
	assert_int_equal(date_add_days("1900-01-01", -1, out), -1);
	assert_int_equal(date_add_days("2199-12-31", 1, out), -1);
	assert_int_equal(date_add_days("2023-02-29", 1, out), -1);
	assert_int_equal(date_add_days("x", 1, out), -1);
	assert_int_equal(date_add_days("2024-01-01", INT_MAX, out), -1);
	assert_int_equal(date_add_days("2024-01-01", INT_MIN, out), -1);
}

static void test_diff_days(void **state)
{
	(void)state;
	assert_int_equal(date_diff_days("2024-02-28", "2024-03-01"), 2);  /* over 29 Feb */
	assert_int_equal(date_diff_days("2023-02-28", "2023-03-01"), 1);
	assert_int_equal(date_diff_days("2023-12-31", "2024-01-01"), 1);
	assert_int_equal(date_diff_days("2024-01-01", "2023-12-31"), -1);
	assert_int_equal(date_diff_days("2024-06-10", "2024-06-10"), 0);
	assert_int_equal(date_diff_days("2024-01-01", "2025-01-01"), 366);
	assert_int_equal(date_diff_days("2023-01-01", "2024-01-01"), 365);
	/* 1900..1999 has 24 leap years (1904..1996), 2000..2099 has 25 (2000 is one). */
	assert_int_equal(date_diff_days("1900-01-01", "2000-01-01"), 36524);
	assert_int_equal(date_diff_days("2000-01-01", "2100-01-01"), 36525);
	assert_int_equal(date_diff_days("1900-01-01", "2199-12-31"), 109572);
	assert_int_equal(date_diff_days("20240228", "2024-03-01"), 2);
	assert_true(date_diff_days("2024-02-30", "2024-03-01") == LONG_MIN);
	assert_true(date_diff_days("2024-03-01", "2024") == LONG_MIN);
}

static void test_age(void **state)
{
	(void)state;
	/* A full birth date: a year older on the birthday, not the day before. */
	assert_int_equal(date_age("2008-06-15", "2026-06-14"), 17);
	assert_int_equal(date_age("2008-06-15", "2026-06-15"), 18);
	assert_int_equal(date_age("2008-06-15", "2026-12-31"), 18);
	assert_int_equal(date_age("2008-06-15", "2008-06-15"), 0);
	/* Born 29 February: a year older on 1 March in a common year. */
	assert_int_equal(date_age("2004-02-29", "2022-02-28"), 17);
	assert_int_equal(date_age("2004-02-29", "2022-03-01"), 18);
	assert_int_equal(date_age("2004-02-29", "2024-02-28"), 19);
	assert_int_equal(date_age("2004-02-29", "2024-02-29"), 20);
	/* A birth year is taken as 31 December of it. */
	assert_int_equal(date_age("2008", "2026-12-30"), 17);
	assert_int_equal(date_age("2008", "2026-12-31"), 18);
	assert_int_equal(date_age("2008", "2027-01-01"), 18);
	/* A birth month as its last day: 30 June, 29 February in a leap year. */
	assert_int_equal(date_age("2008-06", "2026-06-29"), 17);
	assert_int_equal(date_age("2008-06", "2026-06-30"), 18);
	assert_int_equal(date_age("2008-02", "2026-02-28"), 17);  /* 2008-02-29 */
	assert_int_equal(date_age("2008-02", "2026-03-01"), 18);
	assert_int_equal(date_age("2007-02", "2025-02-28"), 18);  /* 2007-02-28 */
	/* A partial date whose span holds `on`: born by then, so 0. */
	assert_int_equal(date_age("2026", "2026-06-01"), 0);
	assert_int_equal(date_age("2026-06", "2026-06-10"), 0);
	/* Born after `on`, or bad dates. */
	assert_int_equal(date_age("2026-06-11", "2026-06-10"), -1);
	assert_int_equal(date_age("2026-07", "2026-06-10"), -1);
	assert_int_equal(date_age("2027", "2026-06-10"), -1);
	assert_int_equal(date_age("2023-02-29", "2026-06-10"), -1);
	assert_int_equal(date_age("2008-13", "2026-06-10"), -1);
	assert_int_equal(date_age("2008", "2026"), -1);
	assert_int_equal(date_age("", "2026-06-10"), -1);
	assert_int_equal(date_age(NULL, "2026-06-10"), -1);
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(date_weekday("2026-11-25"), 2);  /* Wednesday */
	assert_int_equal(date_weekday("1970-01-01"), 3);  /* Thursday */
	assert_int_equal(date_weekday("2000-01-01"), 5);  /* Saturday */
	assert_int_equal(date_weekday("1900-01-01"), 0);  /* Monday */
	assert_int_equal(date_weekday("2024-02-29"), 3);  /* Thursday */
	assert_int_equal(date_weekday("2199-12-31"), 1);  /* Tuesday */
	assert_int_equal(date_weekday("2024-06-09"), 6);  /* Sunday */
	assert_int_equal(date_weekday("20261125"), 2);
	assert_int_equal(date_weekday("2026-11"), -1);
	assert_int_equal(date_weekday("2023-02-29"), -1);
	assert_int_equal(date_weekday(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_rejects_shape),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_parse_rejects_ranges),
		cmocka_unit_test(test_message_quoting),
		cmocka_unit_test(test_parse_partial),
		cmocka_unit_test(test_datetime_parse),
		cmocka_unit_test(test_datetime_precision),
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_now),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_diff_days),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_weekday),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
