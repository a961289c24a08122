/* pnr.c — Swedish personal identity numbers and coordination numbers (see pnr.h).
 *
 * A number is judged in the order a person would check it by eye: its shape (characters,
 * length, separator), then its date, then its check digit, so the message names the first
 * thing wrong rather than a bare "invalid".  The century of a 10-digit form is found by
 * comparing (year, month, day) against the reference date as tuples, never by date
 * arithmetic, so a reference of 29 February minus 100 years needs no special case.  Digits
 * are tested by hand, never with <ctype.h>, so nothing here depends on the locale. */
#include "pnr.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define YEAR_MIN 1900
#define YEAR_MAX 2199
#define SAMORDNING_OFFSET 60

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The value of the n digits at s (the caller has checked they are digits). */
static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* 1 if (y1, m1, d1) is after (y2, m2, d2). */
static int after(int y1, int m1, int d1, int y2, int m2, int d2)
{
	if (y1 != y2)
		return y1 > y2;
	if (m1 != m2)
		return m1 > m2;
	return d1 > d2;
}

static int is_pnr12(const char *s)
{
	if (!s || strlen(s) != 12)
		return 0;
	for (int i = 0; i < 12; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* Collects the digits of `in` into dig (10 or 12 of them) and says which separator was
 * used ('\0' for none).  Returns -1 with a message if the shape is none of pnr.h's. */
static int lex(const char *in, char dig[13], char *sep, struct err *e)
{
	char shown[ERR_SHOW_LEN];
	size_t n = 0, sep_at = 0;
	int seps = 0;

	*sep = '\0';
	for (size_t i = 0; in[i]; i++) {
		char c = in[i];
		if (is_digit(c)) {
			if (n < 12)
				dig[n] = c;
			n++;
		} else if (c == '-' || c == '+') {
			*sep = c;
			sep_at = i;
			seps++;
		} else if ((unsigned char)c < 0x20 || c == 0x7f) {
			return err_set(e, "invalid personnummer \"%s\": character %zu is not a digit, "
				       "expected 10 or 12 digits", err_show(in, shown), i + 1);
		} else {
			/* Quote a whole UTF-8 sequence, not half of one. */
			size_t len = 1;
			while (len < 4 && ((unsigned char)in[i + len] & 0xc0) == 0x80)
				len++;
			return err_set(e, "invalid personnummer \"%s\": '%.*s' is not a digit, "
				       "expected 10 or 12 digits", err_show(in, shown), (int)len, in + i);
		}
	}
	if (n != 10 && n != 12)
		return err_set(e, "invalid personnummer \"%s\": %zu digits, expected 10 or 12 digits "
			       "(YYYYMMDD-NNNN or YYMMDD-NNNN)", err_show(in, shown), n);
	dig[n] = '\0';
	if (seps == 0)
		return 0;
	if (*sep == '+' && n == 12)
		return err_set(e, "invalid personnummer \"%s\": '+' (aged 100 or more) belongs only "
			       "in the 10-digit form YYMMDD+NNNN", err_show(in, shown));
	if (seps > 1 || sep_at != n - 4)
		return err_set(e, "invalid personnummer \"%s\": expected YYYYMMDD-NNNN, YYMMDD-NNNN "
			       "or YYMMDD+NNNN", err_show(in, shown));
	return 0;
}

int pnr_normalise(const char *in, const char *today, char out[PNR_LEN], enum pnr_kind *kind,
		  struct err *e)
{
	assert(in);
	char shown[ERR_SHOW_LEN];
	char dig[13], sep;
	if (lex(in, dig, &sep, e))
		return -1;

	/* The 10-digit form YYMMDDNNNC, the one the check digit is over. */
	size_t n = strlen(dig);
	const char *ten = dig + n - 10;
	int month = num(ten + 2, 2), day = num(ten + 4, 2);
	enum pnr_kind k = day > SAMORDNING_OFFSET ? PNR_SAMORDNINGSNUMMER : PNR_PERSONNUMMER;
	const char *what = k == PNR_SAMORDNINGSNUMMER ? "samordningsnummer" : "personnummer";
	int bday = k == PNR_SAMORDNINGSNUMMER ? day - SAMORDNING_OFFSET : day;

	if (month < 1 || month > 12)
		return err_set(e, "invalid %s \"%s\": %.*s is not a date, month %02d does not exist",
			       what, err_show(in, shown), (int)n - 4, dig, month);
	if (bday < 1 || bday > 31)
		return err_set(e, "invalid personnummer \"%s\": %.*s is not a date, day %02d does "
			       "not exist, expected 01..31 (or 61..91 for a samordningsnummer)",
			       err_show(in, shown), (int)n - 4, dig, day);

	int year;
	if (n == 12) {
		year = num(dig, 4);
	} else {
		char ref[DATE_LEN];
		struct err te = { 0 };
		if (!today)
			date_today(ref);
		else if (date_parse(today, ref, &te))
			return err_set(e, "cannot judge the century of \"%s\": reference date: %s",
				       err_show(in, shown), te.msg);
		int ry = num(ref, 4), rm = num(ref + 5, 2), rd = num(ref + 8, 2);
		if (sep == '+')
			ry -= 100;
		year = ry - ry % 100 + num(ten, 2);
		if (after(year, month, bday, ry, rm, rd))
			year -= 100;
	}
	if (year < YEAR_MIN || year > YEAR_MAX)
		return err_set(e, "invalid %s \"%s\": born in %d, outside %d..%d",
			       what, err_show(in, shown), year, YEAR_MIN, YEAR_MAX);

	int dim = month_days(year, month);
	if (bday > dim && k == PNR_SAMORDNINGSNUMMER)
		return err_set(e, "invalid samordningsnummer \"%s\": %04d%02d%02d is not a date "
			       "(day %02d - 60), %s %d has %d days", err_show(in, shown),
			       year, month, bday, day, date_month_name(month), year, dim);
	if (bday > dim)
		return err_set(e, "invalid personnummer \"%s\": %04d%02d%02d is not a date, "
			       "%s %d has %d days", err_show(in, shown),
			       year, month, bday, date_month_name(month), year, dim);

	int check = pnr_luhn_digit(ten);
	if (ten[9] - '0' != check)
		return err_set(e, "invalid %s \"%s\": check digit is %c, expected %d",
			       what, err_show(in, shown), ten[9], check);

	snprintf(out, PNR_LEN, "%04d%s", year, ten + 2);
	if (kind)
		*kind = k;
	return 0;
}

int pnr_birth_date(const char *pnr12, char out[DATE_LEN])
{
	if (!is_pnr12(pnr12))
		return -1;
	char ymd[9];
	int day = num(pnr12 + 6, 2);
	if (day > SAMORDNING_OFFSET)
		day -= SAMORDNING_OFFSET;
	memcpy(ymd, pnr12, 6);
	ymd[6] = (char)('0' + day / 10);
	ymd[7] = (char)('0' + day % 10);
	ymd[8] = '\0';
	return date_parse(ymd, out, NULL);
}

/* -1 if the first 9 characters are not all digits. */
int pnr_luhn_digit(const char *nine_digits)
{
	if (!nine_digits)
		return -1;
	int sum = 0;
	for (int i = 0; i < 9; i++) {
		if (!is_digit(nine_digits[i]))
			return -1;
		int v = (nine_digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
		sum += v > 9 ? v - 9 : v;
	}
	return (10 - sum % 10) % 10;
}

/* Anything but a 12-digit number is masked whole, so a bad value never leaks. */
void pnr_mask(const char *pnr12, char out[PNR_LEN + 1])
{
	if (!is_pnr12(pnr12)) {
		memcpy(out, "XXXXXXXX-XXXX", PNR_LEN + 1);
		return;
	}
	memcpy(out, pnr12, 8);
	memcpy(out + 8, "-XXXX", 6);
}
