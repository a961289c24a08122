/* chart.h — the evaluation's charts as SVG 1.1, drawn by gvi: series with the intervention
 * line, the fitted counterfactual, gap and placebo plots, event-study coefficients.
 *
 * One picture holds one or more panels stacked vertically; a panel has lines (solid, dashed
 * or as dots), shaded bands (intervals) and an optional vertical intervention line.  Text is
 * escaped with svg_escape (analysis/svg.c); colours are Okabe–Ito's, safe for the common
 * colour-vision deficiencies.  The same input gives the same bytes. */
#ifndef GVI_EVAL_CHART_H
#define GVI_EVAL_CHART_H
#include <stdio.h>
#include "err.h"

enum chart_style { CHART_SOLID, CHART_DASHED, CHART_DOTS, CHART_THIN };

struct chart_line {
	const char *label;          /* legend text; NULL = not in the legend */
	const double *y;            /* T values; NAN = gap */
	enum chart_style style;
	int colour;                 /* 0 black, 1 orange, 2 sky blue, 3 green, 4 blue, 5 vermillion,
				     * 6 purple, 7 grey */
};

struct chart_band {
	const char *label;
	const double *lo, *hi;      /* T values each */
	int colour;
};

struct chart_panel {
	const char *title;
	const char *ylabel;
	int T;
	const char *const *xlabel;  /* T entries: the tick label of that period, NULL = no tick */
	const struct chart_line *lines;
	int nlines;
	const struct chart_band *bands;
	int nbands;
	int intervention;           /* period index of the intervention line, -1 = none */
	const char *intervention_label;
	int zero_line;              /* draw y = 0 */
};

/* Tick labels for T consecutive months from month `first` (year * 12 + month - 1): the year
 * at each January when there are more than 36 months, else every third month as YYYY-MM.
 * buf holds T labels of 8 bytes; lab gets T pointers into it or NULL. */
void chart_month_labels(int first, int T, char (*buf)[8], const char **lab);

/* Writes the picture.  id prefixes the element ids (letters, digits, '-', '_'; NULL =
 * "gvi-chart"), so several charts can share one HTML page.  Returns 0, or -1 with e set (no
 * panel, a panel without periods, a write error). */
int chart_svg(FILE *out, const char *id, const char *title, const char *desc, const struct chart_panel *panels,
	      int npanels, struct err *e);

#endif
