/* report.h — the steering-group report (lägesrapport till styrgruppen): one printable HTML
 * page in Swedish for a chosen period, with the key figures against the period before, the
 * incident trend, the evaluation's results in plain language and their caveats.  Print it to
 * PDF from the browser (the page has print styles: A4, no colour needed).
 *
 * Everything is read through the access layer as counts per area and month (series.h), so any
 * role may make it; the web application can call eval_report_html with its request's access
 * handle and stream the result. */
#ifndef GVI_EVAL_REPORT_H
#define GVI_EVAL_REPORT_H
#include <stdio.h>
#include "access.h"

struct report_options {
	const char *const *areas;     /* the programme's areas (pooled in the figures) */
	int nareas;
	const char *const *compare;   /* comparison areas for difference-in-differences and the
				       * synthetic control; may be 0 */
	int ncompare;
	const char *outcome;          /* the evaluated outcome, e.g. "shootings" */
	int from, to;                 /* the reporting period, months inclusive (series.h) */
	int intervention;             /* the programme's first month, or -1 (no evaluation) */
	const char *date;             /* the report's date, YYYY-MM-DD */
};

/* The report's stylesheet (screen and print: A4), inline in the file; the web application
 * serves it as /static/rapport.css, since its Content-Security-Policy refuses inline styles. */
extern const char eval_report_css[];

/* Writes the report.  Returns 0, or -1 with a message (an unknown area, missing months, a
 * method refusing its data: the message says which). */
int eval_report_html(struct access *a, const struct report_options *o, FILE *out, struct err *e);

#endif
