/* fuzz_date.c — the date and date-time parsers (src/date.c).
 *
 * Every parser is tried on the input.  What one accepts must be in its normal form, parse
 * again to itself, and agree with the others (a full date is a partial date and a date-time);
 * arithmetic on it must be consistent: adding n days and measuring the difference gives n,
 * weekdays advance with the days, an age on the date itself is 0.  A refusal says why. */
#include "fuzz.h"
#include "date.h"

#include <stdlib.h>
#include <string.h>

static void full_date(const char *d, int n)
{
	char later[DATE_LEN], back[DATE_LEN];
	if (date_add_days(d, n, later) == 0) {
		fuzz_check(date_diff_days(d, later) == n);
		fuzz_check(date_add_days(later, -n, back) == 0 && !strcmp(back, d));
		int w0 = date_weekday(d), w1 = date_weekday(later);
		fuzz_check(w0 >= 0 && w0 < 7 && w1 >= 0 && w1 < 7);
		fuzz_check(((w0 + n) % 7 + 7) % 7 == w1);
	}
	char m[DATE_LEN];
	if (date_add_months(d, n % 1200, m) == 0) {
		struct err e = { 0 };
		char check[DATE_LEN];
		fuzz_check(date_parse(m, check, &e) == 0 && !strcmp(check, m));
	}
	fuzz_check(date_age(d, d) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The first two bytes, when there are more, are a day count for the arithmetic. */
	int n = size > 2 ? (int)(int16_t)(data[0] | data[1] << 8) : 1;
	char *in = fuzz_text(size > 2 ? data + 2 : data, size > 2 ? size - 2 : size);
	char d[DATE_LEN], p[DATE_LEN], t[DATETIME_LEN], again[DATETIME_LEN];
	struct err e1 = { 0 }, e2 = { 0 }, e3 = { 0 }, e4 = { 0 };

	int full = date_parse(in, d, &e1) == 0;
	fuzz_check(full != err_isset(&e1));
	int partial = date_parse_partial(in, p, &e2) == 0;
	fuzz_check(partial != err_isset(&e2));
	int when = datetime_parse(in, t, &e3) == 0;
	fuzz_check(when != err_isset(&e3));

	if (full) {
		fuzz_check(strlen(d) == 10 && d[4] == '-' && d[7] == '-');
		fuzz_check(date_parse(d, again, &e4) == 0 && !strcmp(again, d));
		full_date(d, n);
	}
	if (partial) {
		size_t len = strlen(p);
		fuzz_check(len == 4 || len == 7 || len == 10);
		fuzz_check(date_parse_partial(p, again, &e4) == 0 && !strcmp(again, p));
		fuzz_check(date_age(p, "2199-12-31") >= 0);
	}
	if (when) {
		const char *prec = datetime_precision(t);
		fuzz_check(prec != NULL);
		fuzz_check(datetime_parse(t, again, &e4) == 0 && !strcmp(again, t));
	}
	/* A date written YYYY-MM-DD is accepted alike by all three. */
	if (full && strlen(in) == 10 && in[4] == '-')
		fuzz_check(partial && when && !strcmp(d, p) && !strcmp(d, t));
	free(in);
	return 0;
}
