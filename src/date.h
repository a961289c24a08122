/* date.h — calendar dates and date-times as gvi stores them: ISO 8601 text.
 *
 * Dates are stored as "YYYY-MM-DD"; partial dates (a birth year) as "YYYY" or "YYYY-MM";
 * incident times keep their precision by their length: "YYYY", "YYYY-MM", "YYYY-MM-DD",
 * "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS".  Text of that form sorts chronologically.
 * All parsers reject impossible dates (2023-02-29, month 13, hour 24) with a message that
 * says what was expected.  Years outside 1900..2199 are refused. */
#ifndef GVI_DATE_H
#define GVI_DATE_H
#include "err.h"

#define DATE_LEN 11      /* "YYYY-MM-DD" + NUL */
#define DATETIME_LEN 20  /* "YYYY-MM-DD HH:MM:SS" + NUL */

/* A full calendar date. Accepts "YYYY-MM-DD" and "YYYYMMDD". Writes "YYYY-MM-DD". */
int date_parse(const char *s, char out[DATE_LEN], struct err *e);
/* A date that may be partial: "YYYY", "YYYY-MM" or a full date. Writes the normal form. */
int date_parse_partial(const char *s, char out[DATE_LEN], struct err *e);
/* A date-time with precision: any partial date, or a full date followed by a space or 'T'
 * and "HH:MM" or "HH:MM:SS". Writes the normal form (space separator). */
int datetime_parse(const char *s, char out[DATETIME_LEN], struct err *e);
/* Precision of a normalised date-time: "year", "month", "day", "minute" or "second". */
const char *datetime_precision(const char *normalised);

/* Today's date, local time; the environment variable GVI_TODAY=YYYY-MM-DD overrides it
 * (tests and the demo use it for reproducible output). */
void date_today(char out[DATE_LEN]);
/* Now as "YYYY-MM-DD HH:MM:SS" UTC; GVI_NOW overrides it (tests). */
void date_now(char out[DATETIME_LEN]);
/* date + months, clamped to the month's last day (2024-01-31 + 1 → 2024-02-29). */
int date_add_months(const char *date, int months, char out[DATE_LEN]);
/* date + days (may be negative). */
int date_add_days(const char *date, int days, char out[DATE_LEN]);
/* Days from a to b (b - a), both full dates. */
long date_diff_days(const char *a, const char *b);
/* Age in whole years on `on` for a birth date that may be partial.  A partial birth date is
 * taken at its latest possible day (a birth year means 31 December), so the age is never
 * over-stated and a possible minor is treated as a minor. Returns -1 on a bad date. */
int date_age(const char *birth, const char *on);
/* The English name of month 1..12 (for messages), "?" otherwise. */
const char *date_month_name(int month);
/* Day of the week, 0 = Monday .. 6 = Sunday, for a full date; -1 on a bad date. */
int date_weekday(const char *date);

#endif
