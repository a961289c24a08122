/* test_pnr.c — unit tests for pnr.c: the accepted forms, century resolution (with and
 * without '+'), samordningsnummer, the Luhn check digit and the messages for bad input.
 *
 * Luhn check digits used below, worked by hand over the 10-digit form YYMMDDNNN: weights
 * 2,1,2,1,2,1,2,1,2; a product over 9 counts as its digit sum (product - 9); the check digit
 * is (10 - sum % 10) % 10.
 *   811218-987:  16→7, 1, 2, 2, 2, 8, 18→9, 8, 14→5  sum 44 → 6   (811218-9876)
 *   121212-121:  2, 2, 2, 2, 2, 2, 2, 2, 2          sum 18 → 2   (121212-1212)
 *   640823-323:  12→3, 4, 0, 8, 4, 3, 6, 2, 6       sum 36 → 4   (640823-3234)
 *   811278-987:  16→7, 1, 2, 2, 14→5, 8, 18→9, 8, 14→5  sum 47 → 3   (811278-9873,
 *                samordningsnummer for 1981-12-18)
 *   810191-234:  16→7, 1, 0, 1, 18→9, 1, 4, 3, 8    sum 34 → 6   (810191-2346,
 *                samordningsnummer for 1981-01-31)
 *   000229-123:  0, 0, 0, 2, 4, 9, 2, 2, 6          sum 25 → 5   (000229-1235) */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pnr.h"

static void assert_msg_has(const struct err *e, const char *want)
{
	if (!strstr(e->msg, want))
		fail_msg("message \"%s\" does not contain \"%s\"", e->msg, want);
	assert_int_equal(e->code, 1);
}

static void good(const char *in, const char *today, const char *want, enum pnr_kind want_kind)
{
	struct err e = { 0 };
	char out[PNR_LEN];
	enum pnr_kind kind = 0;
	if (pnr_normalise(in, today, out, &kind, &e))
		fail_msg("pnr_normalise(\"%s\", %s) failed: %s", in, today ? today : "NULL", e.msg);
	assert_string_equal(out, want);
	assert_int_equal(kind, want_kind);
	assert_false(err_isset(&e));
}

static void bad(const char *in, const char *today, const char *want)
{
	struct err e = { 0 };
	char out[PNR_LEN];
	enum pnr_kind kind = 0;
	assert_int_equal(pnr_normalise(in, today, out, &kind, &e), -1);
	assert_msg_has(&e, want);
	assert_int_equal(kind, 0);
}

static const char today[] = "2026-11-25";

static void test_luhn_digit(void **state)
{
	(void)state;
	assert_int_equal(pnr_luhn_digit("811218987"), 6);
	assert_int_equal(pnr_luhn_digit("121212121"), 2);
	assert_int_equal(pnr_luhn_digit("640823323"), 4);
	assert_int_equal(pnr_luhn_digit("811278987"), 3);
	assert_int_equal(pnr_luhn_digit("810191234"), 6);
	assert_int_equal(pnr_luhn_digit("000229123"), 5);
	assert_int_equal(pnr_luhn_digit("000000000"), 0);
	/* 9 nines: 18→9 five times, 9 four times = 81 → 9. */
	assert_int_equal(pnr_luhn_digit("999999999"), 9);
	/* Only the first nine count. */
	assert_int_equal(pnr_luhn_digit("8112189876"), 6);
	assert_int_equal(pnr_luhn_digit("81121898"), -1);
	assert_int_equal(pnr_luhn_digit("81121898x"), -1);
	assert_int_equal(pnr_luhn_digit("8112-8987"), -1);
	assert_int_equal(pnr_luhn_digit(""), -1);
	assert_int_equal(pnr_luhn_digit(NULL), -1);
}

static void test_forms(void **state)
{
	(void)state;
	good("811218-9876", today, "198112189876", PNR_PERSONNUMMER);
	good("8112189876", today, "198112189876", PNR_PERSONNUMMER);
	good("19811218-9876", today, "198112189876", PNR_PERSONNUMMER);
	good("198112189876", today, "198112189876", PNR_PERSONNUMMER);
	good("640823-3234", today, "196408233234", PNR_PERSONNUMMER);
	good("121212-1212", today, "201212121212", PNR_PERSONNUMMER);
	good("121212+1212", today, "191212121212", PNR_PERSONNUMMER);

	/* kind may be NULL. */
	struct err e = { 0 };
	char out[PNR_LEN];
	assert_int_equal(pnr_normalise("811218-9876", today, out, NULL, &e), 0);
	assert_string_equal(out, "198112189876");
}

static void test_century(void **state)
{
	(void)state;
	/* The latest century that does not put the birth after today. */
	good("121212-1212", "2012-12-12", "201212121212", PNR_PERSONNUMMER);
	good("121212-1212", "2012-12-11", "191212121212", PNR_PERSONNUMMER);
	good("121212-1212", "2012-11-30", "191212121212", PNR_PERSONNUMMER);
	good("121212-1212", "2099-12-31", "201212121212", PNR_PERSONNUMMER);
	good("121212-1212", "2100-01-01", "201212121212", PNR_PERSONNUMMER);
	good("121212-1212", "2112-12-12", "211212121212", PNR_PERSONNUMMER);
	/* '+': the same against today minus 100 years. */
	good("121212+1212", "2012-12-12", "191212121212", PNR_PERSONNUMMER);
	good("121212+1212", "2112-12-11", "191212121212", PNR_PERSONNUMMER);
	bad("121212+1212", "2012-12-11",
	    "invalid personnummer \"121212+1212\": born in 1812, outside 1900..2199");
	bad("811218+9876", today, "born in 1881, outside 1900..2199");
	/* The 12-digit form names its century itself. */
	good("19121212-1212", "2012-12-11", "191212121212", PNR_PERSONNUMMER);
	good("20121212-1212", "2026-11-25", "201212121212", PNR_PERSONNUMMER);

	/* today NULL means date_today(), which honours GVI_TODAY. */
	assert_int_equal(setenv("GVI_TODAY", "2012-12-11", 1), 0);
	good("121212-1212", NULL, "191212121212", PNR_PERSONNUMMER);
	assert_int_equal(setenv("GVI_TODAY", "2012-12-12", 1), 0);
	good("121212-1212", NULL, "201212121212", PNR_PERSONNUMMER);
	assert_int_equal(unsetenv("GVI_TODAY"), 0);

	bad("121212-1212", "2012-13-01", "reference date: invalid date \"2012-13-01\"");
	bad("121212-1212", "today", "expected a date as YYYY-MM-DD, got \"today\"");
}

static void test_leap_day_century(void **state)
{
	(void)state;
	/* 29 February 00 is a date in 2000 but not in 1900. */
	good("000229-1235", "2024-01-01", "200002291235", PNR_PERSONNUMMER);
	good("20000229-1235", "2024-01-01", "200002291235", PNR_PERSONNUMMER);
	bad("000229+1235", "2024-01-01", "invalid personnummer \"000229+1235\": 19000229 is not "
	    "a date, February 1900 has 28 days");
	/* On 28 February 2000 the birth cannot be in 2000 yet, and 1900 has no 29 February. */
	bad("000229-1235", "2000-02-28", "19000229 is not a date");
	bad("19000229-1235", today, "19000229 is not a date");
	bad("19990231-1234", today, "invalid personnummer \"19990231-1234\": 19990231 is not "
	    "a date, February 1999 has 28 days");
	bad("810431-1234", today, "19810431 is not a date, April 1981 has 30 days");
}

static void test_samordningsnummer(void **state)
{
	(void)state;
	good("811278-9873", today, "198112789873", PNR_SAMORDNINGSNUMMER);
	good("19811278-9873", today, "198112789873", PNR_SAMORDNINGSNUMMER);
	good("810191-2346", today, "198101912346", PNR_SAMORDNINGSNUMMER);
	/* day 91 - 60 = 31: not a date in February. */
	bad("810291-2346", today, "invalid samordningsnummer \"810291-2346\": 19810231 is not "
	    "a date (day 91 - 60), February 1981 has 28 days");
	bad("811292-1234", today, "invalid personnummer \"811292-1234\": 811292 is not a date, "
	    "day 92 does not exist, expected 01..31 (or 61..91 for a samordningsnummer)");
	bad("811299-1234", today, "day 99 does not exist");
	bad("811260-1234", today, "day 60 does not exist");
	bad("811278-9874", today,
	    "invalid samordningsnummer \"811278-9874\": check digit is 4, expected 3");
}

static void test_rejects_dates(void **state)
{
	(void)state;
	bad("811318-9876", today,
	    "invalid personnummer \"811318-9876\": 811318 is not a date, month 13 does not exist");
	bad("19810018-9876", today, "19810018 is not a date, month 00 does not exist");
	bad("811200-9876", today, "811200 is not a date, day 00 does not exist");
	bad("811232-9876", today, "811232 is not a date, day 32 does not exist");
	bad("18991231-1234", today,
	    "invalid personnummer \"18991231-1234\": born in 1899, outside 1900..2199");
	bad("22000101-1234", today, "born in 2200, outside 1900..2199");
}

static void test_rejects_check_digit(void **state)
{
	(void)state;
	bad("811218-9875", today,
	    "invalid personnummer \"811218-9875\": check digit is 5, expected 6");
	bad("19811218-9870", today, "check digit is 0, expected 6");
	bad("640823-3233", today, "check digit is 3, expected 4");

	/* Luhn catches every change of one digit: try each other value in each serial digit. */
	char in[12];
	for (int pos = 7; pos <= 9; pos++) {
		for (char c = '0'; c <= '9'; c++) {
			memcpy(in, "811218-9876", sizeof in);
			if (in[pos] == c)
				continue;
			in[pos] = c;
			struct err e = { 0 };
			char out[PNR_LEN];
			if (pnr_normalise(in, today, out, NULL, &e) == 0)
				fail_msg("%s was accepted", in);
			assert_msg_has(&e, "check digit is");
		}
	}
}

static void test_built_with_luhn(void **state)
{
	(void)state;
	/* Every day of 1981 and 2024 (a leap year), as personnummer and samordningsnummer. */
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const int years[] = { 1981, 2024 };
	for (int yi = 0; yi < 2; yi++) {
		int y = years[yi];
		for (int m = 1; m <= 12; m++) {
			int dim = mdays[m - 1] + (m == 2 && y == 2024);
			for (int d = 1; d <= dim; d++) {
				for (int s = 0; s <= 60; s += 60) {
					/* Roomy buffers: the compiler cannot see the ranges of y, m, d. */
					char ten[32], in[32], want[32];
					snprintf(ten, sizeof ten, "%02d%02d%02d468", y % 100, m, d + s);
					ten[9] = (char)('0' + pnr_luhn_digit(ten));
					ten[10] = '\0';
					snprintf(in, sizeof in, "%.6s-%.4s", ten, ten + 6);
					snprintf(want, sizeof want, "%d%.10s", y / 100, ten);
					good(in, today, want,
					     s ? PNR_SAMORDNINGSNUMMER : PNR_PERSONNUMMER);
					char birth[DATE_LEN], want_birth[32];
					snprintf(want_birth, sizeof want_birth, "%d-%02d-%02d", y, m, d);
					assert_int_equal(pnr_birth_date(want, birth), 0);
					assert_string_equal(birth, want_birth);
				}
			}
		}
	}
}

static void test_rejects_shape(void **state)
{
	(void)state;
	bad("81121B-9876", today,
	    "invalid personnummer \"81121B-9876\": 'B' is not a digit, expected 10 or 12 digits");
	bad(" 811218-9876", today, "' ' is not a digit");
	bad("811218 9876", today, "' ' is not a digit");
	bad("811218\t9876", today,
	    "invalid personnummer \"811218?9876\": character 7 is not a digit");
	bad("811218\xe2\x80\x93" "9876", today, "'\xe2\x80\x93' is not a digit");  /* en dash */
	bad("811218-987", today,
	    "invalid personnummer \"811218-987\": 9 digits, expected 10 or 12 digits");
	bad("1981121898761", today, "13 digits, expected 10 or 12 digits");
	bad("", today, "invalid personnummer \"\": 0 digits, expected 10 or 12 digits");
	bad("811218--9876", today, "invalid personnummer \"811218--9876\": expected "
	    "YYYYMMDD-NNNN, YYMMDD-NNNN or YYMMDD+NNNN");
	bad("8112-189876", today, "expected YYYYMMDD-NNNN, YYMMDD-NNNN or YYMMDD+NNNN");
	bad("8112189876-", today, "expected YYYYMMDD-NNNN");
	bad("198112-189876", today, "expected YYYYMMDD-NNNN");
	bad("19811218+9876", today, "'+' (aged 100 or more) belongs only in the 10-digit form");
	bad("811218+-9876", today, "expected YYYYMMDD-NNNN");
}

static void test_birth_date(void **state)
{
	(void)state;
	char out[DATE_LEN];
	assert_int_equal(pnr_birth_date("198112189876", out), 0);
	assert_string_equal(out, "1981-12-18");
	assert_int_equal(pnr_birth_date("198112789873", out), 0);  /* 78 - 60 = 18 */
	assert_string_equal(out, "1981-12-18");
	assert_int_equal(pnr_birth_date("200002291235", out), 0);
	assert_string_equal(out, "2000-02-29");
	assert_int_equal(pnr_birth_date("198101912346", out), 0);
	assert_string_equal(out, "1981-01-31");
	assert_int_equal(pnr_birth_date("8112189876", out), -1);
	assert_int_equal(pnr_birth_date("19811218-9876", out), -1);
	assert_int_equal(pnr_birth_date("19811218987x", out), -1);
	assert_int_equal(pnr_birth_date("198102311234", out), -1);
	assert_int_equal(pnr_birth_date("190002291234", out), -1);
	assert_int_equal(pnr_birth_date(NULL, out), -1);
}

static void test_mask(void **state)
{
	(void)state;
	char out[PNR_LEN + 1];
	pnr_mask("198112189876", out);
	assert_string_equal(out, "19811218-XXXX");
	/* Anything else is masked whole. */
	pnr_mask("811218-9876", out);
	assert_string_equal(out, "XXXXXXXX-XXXX");
	pnr_mask("1981121898761", out);
	assert_string_equal(out, "XXXXXXXX-XXXX");
	pnr_mask("", out);
	assert_string_equal(out, "XXXXXXXX-XXXX");
	pnr_mask(NULL, out);
	assert_string_equal(out, "XXXXXXXX-XXXX");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_luhn_digit),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_century),
		cmocka_unit_test(test_leap_day_century),
		cmocka_unit_test(test_samordningsnummer),
		cmocka_unit_test(test_rejects_dates),
		cmocka_unit_test(test_rejects_check_digit),
		cmocka_unit_test(test_built_with_luhn),
		cmocka_unit_test(test_rejects_shape),
		cmocka_unit_test(test_birth_date),
		cmocka_unit_test(test_mask),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
