/* date.c — calendar dates and date-times as ISO 8601 text (see date.h).
 *
 * Text is taken apart into a struct ymd (and hms) by shape first and judged second, so a
 * message can say either "expected YYYY-MM-DD" or exactly which field is impossible.  All
 * arithmetic runs on a proleptic Gregorian day count (days since 1970-01-01, after Howard
 * Hinnant's days_from_civil), so adding days, differences and weekdays need no tables and
 * no libc time functions; the clock is read only by date_today and date_now.  Digits are
 * tested by hand, never with <ctype.h>, so nothing here depends on the locale. */
#include "date.h"

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define YEAR_MIN 1900
#define YEAR_MAX 2199


/* A partial date gives only its first `parts` fields (1 year, 2 month, 3 day). */
struct ymd {
	int y, m, d;
	int parts;
};

struct hms {
	int h, mi, s;
	int has_s;
};

static const char *const month_name[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December",
};


/* The value of n decimal digits at s, or -1 if any of them is not a digit. */
static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Writes v as exactly `width` digits (v is in range by the caller's checks; the modulo only
 * keeps a wild value from writing outside the field). */
static void put_num(char *p, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static long days_from_civil(struct ymd t)
{
	long y = t.y - (t.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (t.m > 2 ? t.m - 3 : t.m + 9) + 2) / 5 + t.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static struct ymd civil_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	struct ymd t;
	t.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	t.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	t.y = (int)(yoe + era * 400 + (t.m <= 2));
	t.parts = 3;
	return t;
}

static int ymd_cmp(const struct ymd *a, const struct ymd *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

/* Takes the n characters at s apart as YYYY, YYYY-MM, YYYY-MM-DD or YYYYMMDD, without
 * judging the values.  Returns -1 if the text has none of these shapes. */
static int lex_date(const char *s, size_t n, struct ymd *t)
{
	t->m = t->d = 0;
	t->parts = n == 4 ? 1 : n == 7 ? 2 : 3;
	if (n < 4)
		return -1;
	t->y = digits(s, 4);
	if (t->y < 0)
		return -1;
	switch (n) {
	case 4:
		return 0;
	case 7:
		if (s[4] != '-')
			return -1;
		t->m = digits(s + 5, 2);
		return t->m < 0 ? -1 : 0;
	case 8:
		t->m = digits(s + 4, 2);
		t->d = digits(s + 6, 2);
		return t->m < 0 || t->d < 0 ? -1 : 0;
	case 10:
		if (s[4] != '-' || s[7] != '-')
			return -1;
		t->m = digits(s + 5, 2);
		t->d = digits(s + 8, 2);
		return t->m < 0 || t->d < 0 ? -1 : 0;
	default:
		return -1;
	}
}

/* Judges the fields of a (possibly partial) date; `whole` is the input to quote. */
static int check_date(const struct ymd *t, const char *whole, struct err *e)
{
	char shown[ERR_SHOW_LEN];
	if (t->y < YEAR_MIN || t->y > YEAR_MAX)
		return err_set(e, "invalid date \"%s\": year %04d is outside %d..%d",
			       err_show(whole, shown), t->y, YEAR_MIN, YEAR_MAX);
	if (t->parts < 2)
		return 0;
	if (t->m < 1 || t->m > 12)
		return err_set(e, "invalid date \"%s\": month %02d does not exist, expected 01..12",
			       err_show(whole, shown), t->m);
	if (t->parts < 3)
		return 0;
	int dim = month_days(t->y, t->m);
	if (t->d >= 1 && t->d <= dim)
		return 0;
	if (t->d == 0)
		return err_set(e, "invalid date \"%s\": day 00 does not exist, expected 01..%02d",
			       err_show(whole, shown), dim);
	if (t->m == 2 && t->d == 29)
		return err_set(e, "invalid date \"%s\": %d is not a leap year, February has 28 days",
			       err_show(whole, shown), t->y);
	if (t->m == 2)
		return err_set(e, "invalid date \"%s\": February %d has %d days",
			       err_show(whole, shown), t->y, dim);
	return err_set(e, "invalid date \"%s\": %s has %d days",
		       err_show(whole, shown), month_name[t->m - 1], dim);
}

/* Parses the n characters at s as a date (partial ones only if `partial`), quoting `whole`
 * and naming `expected` if the shape is wrong. */
static int parse_date(const char *s, size_t n, int partial, struct ymd *t, const char *whole,
		      const char *expected, struct err *e)
{
	char shown[ERR_SHOW_LEN];
	if (lex_date(s, n, t) || (!partial && t->parts < 3))
		return err_set(e, "expected %s, got \"%s\"", expected, err_show(whole, shown));
	return check_date(t, whole, e);
}

/* A full date for the functions that report failure only by their result. */
static int parse_full(const char *s, struct ymd *t)
{
	if (!s || lex_date(s, strlen(s), t) || t->parts < 3)
		return -1;
	return check_date(t, s, NULL);
}

/* Writes "YYYY", "YYYY-MM" or "YYYY-MM-DD" as far as t goes, NUL-terminated. */
static void fmt_date(const struct ymd *t, char *out)
{
	size_t n = 4;
	put_num(out, (unsigned)t->y, 4);
	if (t->parts >= 2) {
		out[4] = '-';
		put_num(out + 5, (unsigned)t->m, 2);
		n = 7;
	}
	if (t->parts >= 3) {
		out[7] = '-';
		put_num(out + 8, (unsigned)t->d, 2);
		n = 10;
	}
	out[n] = '\0';
}

/* Writes " HH:MM" or " HH:MM:SS" at out, NUL-terminated. */
static void fmt_time(const struct hms *c, char *out)
{
	out[0] = ' ';
	put_num(out + 1, (unsigned)c->h, 2);
	out[3] = ':';
	put_num(out + 4, (unsigned)c->mi, 2);
	if (!c->has_s) {
		out[6] = '\0';
		return;
	}
	out[6] = ':';
	put_num(out + 7, (unsigned)c->s, 2);
	out[9] = '\0';
}

static int in_range(long v, long lo, long hi)
{
	return v >= lo && v <= hi;
}

int date_parse(const char *s, char out[DATE_LEN], struct err *e)
{
	assert(s);
	struct ymd t;
	if (parse_date(s, strlen(s), 0, &t, s, "a date as YYYY-MM-DD", e))
		return -1;
	fmt_date(&t, out);
	return 0;
}

int date_parse_partial(const char *s, char out[DATE_LEN], struct err *e)
{
	assert(s);
	struct ymd t;
	if (parse_date(s, strlen(s), 1, &t, s, "a date as YYYY, YYYY-MM or YYYY-MM-DD", e))
		return -1;
	fmt_date(&t, out);
	return 0;
}

int datetime_parse(const char *s, char out[DATETIME_LEN], struct err *e)
{
	static const char expected[] =
		"a date-time as YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS]";
	assert(s);
	char shown[ERR_SHOW_LEN];
	struct ymd t;
	const char *sep = strpbrk(s, " T");
	if (!sep) {
		if (parse_date(s, strlen(s), 1, &t, s, expected, e))
			return -1;
		fmt_date(&t, out);
		return 0;
	}
	if (parse_date(s, (size_t)(sep - s), 0, &t, s, expected, e))
		return -1;

	const char *p = sep + 1;
	size_t n = strlen(p);
	struct hms c = { 0 };
	if ((n != 5 && n != 8) || p[2] != ':' || (n == 8 && p[5] != ':'))
		return err_set(e, "expected %s, got \"%s\"", expected, err_show(s, shown));
	c.h = digits(p, 2);
	c.mi = digits(p + 3, 2);
	c.has_s = n == 8;
	c.s = c.has_s ? digits(p + 6, 2) : 0;
	if (c.h < 0 || c.mi < 0 || c.s < 0)
		return err_set(e, "expected %s, got \"%s\"", expected, err_show(s, shown));
	if (c.h > 23)
		return err_set(e, "invalid time in \"%s\": hour %02d does not exist, expected 00..23",
			       err_show(s, shown), c.h);
	if (c.mi > 59)
		return err_set(e, "invalid time in \"%s\": minute %02d does not exist, "
			       "expected 00..59", err_show(s, shown), c.mi);
	if (c.s > 59)
		return err_set(e, "invalid time in \"%s\": second %02d does not exist, "
			       "expected 00..59", err_show(s, shown), c.s);
	fmt_date(&t, out);
	fmt_time(&c, out + 10);
	return 0;
}

/* NULL if `normalised` does not have the length of any normal form. */
const char *datetime_precision(const char *normalised)
{
	if (!normalised)
		return NULL;
	switch (strlen(normalised)) {
	case 4:
		return "year";
	case 7:
		return "month";
	case 10:
		return "day";
	case 16:
		return "minute";
	case 19:
		return "second";
	default:
		return NULL;
	}
}

void date_today(char out[DATE_LEN])
{
	const char *env = getenv("GVI_TODAY");
	if (env && date_parse(env, out, NULL) == 0)
		return;
	time_t now = time(NULL);
	struct tm tm;
	struct ymd t = { 1970, 1, 1, 3 };
	if (localtime_r(&now, &tm))
		t = (struct ymd){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, 3 };
	fmt_date(&t, out);
}

/* GVI_NOW may be given to the day, minute or second; the rest is taken as zero. */
void date_now(char out[DATETIME_LEN])
{
	const char *env = getenv("GVI_NOW");
	if (env && datetime_parse(env, out, NULL) == 0 && strlen(out) >= 10) {
		if (strlen(out) == 10)
			strcpy(out + 10, " 00:00:00");
		else if (strlen(out) == 16)
			strcpy(out + 16, ":00");
		return;
	}
	time_t now = time(NULL);
	struct tm tm;
	struct ymd t = { 1970, 1, 1, 3 };
	struct hms c = { 0, 0, 0, 1 };
	if (gmtime_r(&now, &tm)) {
		t = (struct ymd){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, 3 };
		c = (struct hms){ tm.tm_hour, tm.tm_min, tm.tm_sec > 59 ? 59 : tm.tm_sec, 1 };
	}
	fmt_date(&t, out);
	fmt_time(&c, out + 10);
}

int date_add_months(const char *date, int months, char out[DATE_LEN])
{
	struct ymd t;
	if (parse_full(date, &t))
		return -1;
	long long idx = (long long)t.y * 12 + (t.m - 1) + months;
	if (idx < (long long)YEAR_MIN * 12 || idx > (long long)YEAR_MAX * 12 + 11)
		return -1;
	t.y = (int)(idx / 12);
	t.m = (int)(idx % 12) + 1;
	if (t.d > month_days(t.y, t.m))
		t.d = month_days(t.y, t.m);
	fmt_date(&t, out);
	return 0;
}

int date_add_days(const char *date, int days, char out[DATE_LEN])
{
	/* Wider than the whole range 1900..2199, narrow enough that nothing overflows. */
	const long span = 400L * 366;
	struct ymd t;
	if (parse_full(date, &t) || !in_range(days, -span, span))
		return -1;
	t = civil_from_days(days_from_civil(t) + days);
	if (!in_range(t.y, YEAR_MIN, YEAR_MAX))
		return -1;
	fmt_date(&t, out);
	return 0;
}

/* LONG_MIN if either date is bad (the header leaves that case open). */
long date_diff_days(const char *a, const char *b)
{
	struct ymd ta, tb;
	if (parse_full(a, &ta) || parse_full(b, &tb))
		return LONG_MIN;
	return days_from_civil(tb) - days_from_civil(ta);
}

/* A birth after `on` is a bad date (-1), except that a partial birth date whose span
 * contains `on` gives 0: the person is on record, so was born by then. */
int date_age(const char *birth, const char *on)
{
	struct ymd b, o;
	if (!birth || lex_date(birth, strlen(birth), &b) || check_date(&b, birth, NULL))
		return -1;
	if (parse_full(on, &o))
		return -1;
	struct ymd earliest = { b.y, b.parts >= 2 ? b.m : 1, b.parts >= 3 ? b.d : 1, 3 };
	if (b.parts < 2)
		b.m = 12;
	if (b.parts < 3)
		b.d = month_days(b.y, b.m);
	if (ymd_cmp(&b, &o) > 0)
		return ymd_cmp(&earliest, &o) <= 0 ? 0 : -1;
	int age = o.y - b.y;
	if (o.m < b.m || (o.m == b.m && o.d < b.d))
		age--;
	return age;
}

int date_weekday(const char *date)
{
	struct ymd t;
	if (parse_full(date, &t))
		return -1;
	/* 1970-01-01 was a Thursday (3). */
	long w = (days_from_civil(t) + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

const char *date_month_name(int month)
{
	return month >= 1 && month <= 12 ? month_name[month - 1] : "?";
}
