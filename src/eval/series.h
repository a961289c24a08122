/* series.h — the outcome series the evaluation works on: one count per area and month.
 *
 * An area of the programme (in the repository's area table) gets its series from the
 * repository's incidents, counted by the access layer (access_incident_months: an aggregate
 * every role may have, evaluators included) with its districts rolled up into it; a month
 * without incidents is 0, but only within the months the repository covers (its first to its
 * last dated incident): outside them nothing is known and the month is missing.  Any other
 * area (a comparison municipality or region) gets its series from the imported
 * external-series records; a month without a record there is missing.  Missing months stay
 * NAN here, and the methods refuse them with a message naming the area and month. */
#ifndef GVI_EVAL_SERIES_H
#define GVI_EVAL_SERIES_H
#include "access.h"

#define SERIES_AREA 128

/* Months as one integer: year * 12 + (month - 1). */
int series_month_parse(const char *text, int *month, struct err *e);   /* YYYY-MM[-DD] */
void series_month_text(int month, char out[8]);

/* Outcomes counted from incidents; an external series may use any outcome name. */
extern const char *const series_outcomes[];   /* NULL-terminated */

struct series_set {
	int nareas, T;
	int first;                      /* month of period 0 */
	char (*area)[SERIES_AREA];
	char *external;                 /* per area: 1 from external-series, 0 from incidents */
	double *Y;                      /* nareas * T, NAN = missing */
	long undated;                   /* incidents dated only to a year (left out) */
};

struct series_request {
	const char *outcome;
	const char *const *areas;       /* nareas names */
	int nareas;
	int from, to;                   /* months, inclusive; -1 = from the data */
	int external_only;              /* take every area from external-series */
};

/* Loads the series.  Returns 0, or -1 with a message (an unknown area or outcome, an empty
 * period, out of memory). */
int series_load(struct access *a, const struct series_request *rq, struct series_set *out,
		struct err *e);
/* The names of every area with an external series for `outcome`, sorted: a malloc'd array
 * of *n entries (SERIES_AREA each) for --compare external. */
int series_external_areas(struct access *a, const char *outcome, char (**names)[SERIES_AREA],
			  int *n, struct err *e);
/* Index of the first missing value (area * T + t), or -1 when complete. */
long series_first_missing(const struct series_set *s);
void series_release(struct series_set *s);   /* accepts NULL */

#endif
