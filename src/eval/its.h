/* its.h — interrupted time series and difference-in-differences as count regressions (glm.h).
 *
 * Interrupted time series (segmented regression; Bernal, Cummins & Gasparrini 2017, "Interrupted
 * time series regression for the evaluation of public health interventions: a tutorial", Int J
 * Epidemiol 46(1)): for unit u in period t,
 *   log E[y_ut] = b0 + a_u + b1 t + season(t) + b2 post_ut + b3 post_ut (t - t0_u)
 * with post_ut = 1 from unit u's intervention period t0_u on.  exp(b2) is the rate ratio of the
 * immediate change in level, exp(b3) the ratio per period of the change in trend.  Several
 * units (a programme spanning two municipalities, or programmes started at different dates)
 * give one pooled level and slope change with an intercept a_u per unit.
 *
 * Difference-in-differences (two-way fixed effects Poisson/NB): log E[y_ut] = a_u + g_t +
 * d D_ut, D_ut = 1 for a treated unit from its t0 on; exp(d) is the rate ratio.  With several
 * treated units also one d_u per unit.  The event study replaces D by one indicator per period
 * relative to the intervention, e = t - t0_u in [-leads, lags] (the ends binned, e = -1 the
 * reference); the pre-trend test is the joint Wald test that the leads (e <= -2) are 0.
 * Months without any event in any area and comparison areas without any event are left out
 * of the fit (their fixed effects would be minus infinity). */
#ifndef GVI_EVAL_ITS_H
#define GVI_EVAL_ITS_H
#include "eval/glm.h"

#define ITS_NAME 48

enum its_season { ITS_SEASON_NONE, ITS_SEASON_MONTHS, ITS_SEASON_HARMONICS };

/* A panel of counts: unit u's count in period t is Y[u * T + t].  Periods are consecutive
 * months (or weeks: periods_per_year 52) and period 0 falls in month-of-year first_month
 * (1..12; weeks: week-of-year 1..52).  t0[u] is the first period after unit u's intervention,
 * or -1 for a comparison unit (DiD only). */
struct its_panel {
	int units, T;
	const double *Y;
	const int *t0;
	const char *const *names;
	int first_month;
	int periods_per_year;      /* 12 (default when 0) or 52 */
};

struct its_coef {
	char name[ITS_NAME];
	double beta, se, z, p;     /* Wald z and two-sided p */
	double rr, lo, hi;         /* exp(beta) and its 95% interval */
};

struct its_result {
	struct glm_fit fit;
	int k;
	struct its_coef *coef;     /* k, in the design's order */
	int level, slope;          /* indices of the level and slope change in coef (ITS) */
	double *counterfactual;    /* units * T: the fitted rate without the intervention (ITS) */
	/* overdispersion (of the Poisson fit, whichever family was asked for) */
	double ct_alpha, ct_t, ct_p;          /* Cameron–Trivedi */
	double pearson_ratio;                 /* Pearson chi^2 / df of the Poisson fit */
	/* difference-in-differences */
	int att;                              /* index of the pooled D in coef, or -1 */
	int nevent;                           /* event-study terms, e = event_time[i] */
	int *event_time;
	struct its_coef *event;               /* nevent; the reference e = -1 is left out */
	char event_note[256];                 /* why there is no event study, if there is none */
	double pretrend_chi2, pretrend_p;
	int pretrend_df;                      /* 0 when there are no leads */
	int dropped_periods, dropped_units;   /* left out: months without any event, comparison
					       * areas without any event (their effects are -inf) */
	int nper_unit;                        /* per treated unit D_u when several are treated */
	struct its_coef *per_unit;
	int *per_unit_index;                  /* the unit each belongs to */
};

/* Interrupted time series over all units of the panel (each needs t0 in [3, T - 1)); season
 * as asked (harmonics: that many sine/cosine pairs).  Returns 0 or -1 with a message: too
 * short a pre- or post-period, all-zero counts, no convergence. */
int its_fit(const struct its_panel *p, enum its_season season, int harmonics,
	    enum glm_family family, struct its_result *r, struct err *e);

/* Difference-in-differences and its event study.  At least one treated and one comparison
 * unit; leads and lags bound the event window (0 = as far as the data allow, at most 12). */
int did_fit(const struct its_panel *p, enum glm_family family, int leads, int lags,
	    struct its_result *r, struct err *e);

void its_result_release(struct its_result *r);   /* accepts NULL */

/* The design its_fit / did_fit use, for the research export and the oracle tests: a malloc'd
 * n x k row-major matrix (n = units * T) and its k column names (ITS_NAME each).  Returns 0
 * or -1. */
int its_design(const struct its_panel *p, enum its_season season, int harmonics, double **X,
	       int *k, char (**names)[ITS_NAME], struct err *e);

#endif
