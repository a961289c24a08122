/* synth.h — the synthetic control method of Abadie, Diamond & Hainmueller (2010), "Synthetic
 * Control Methods for Comparative Case Studies", JASA 105(490), as the R package Synth does it.
 *
 * Inner problem: donor weights W >= 0 with sum 1 minimising (X1 - X0 W)' V (X1 - X0 W) for
 * predictors X (each row divided by its standard deviation across the treated unit and the
 * donors, as Synth does), solved exactly by a primal active-set method (synth_simplex_qp).
 * Outer problem: the diagonal V (non-negative, summing to 1) minimising the mean squared
 * pre-period gap of the outcome over the optimisation window, by GSL's Nelder–Mead simplex
 * from equal weights, as Synth's default optimiser.  With no predictors the predictors are the
 * pre-period outcomes themselves with equal weights and there is no outer problem.
 *
 * Inference (synth_run): the gap, RMSPE before and after, their ratio; placebo-in-space
 * (every donor in turn treated, the others its pool) giving the ratio's rank and the p-value
 * rank / (donors + 1); placebo-based 95% intervals for the effect in each period and on
 * average; placebo-in-time (the intervention moved back into the pre-period). */
#ifndef GVI_EVAL_SYNTH_H
#define GVI_EVAL_SYNTH_H
#include "err.h"

/* min 1/2 w'Gw - c'w over the simplex {w >= 0, sum w = 1}.  G is J x J (row-major),
 * symmetric positive semi-definite; a ridge of 1e-12 of its mean diagonal keeps the
 * sub-problems solvable when it is singular.  Writes the J weights to w.  Returns 0 or -1. */
int synth_simplex_qp(const double *G, const double *c, int J, double *w, struct err *e);

struct synth_problem {
	int J;              /* donors */
	int k;              /* predictors; 0 = none (the Z rows are the predictors, V equal) */
	const double *X1;   /* k: the treated unit's predictors */
	const double *X0;   /* k x J: the donors' predictors, row i = predictor i */
	int T;              /* periods in the optimisation window (at least 1) */
	const double *Z1;   /* T: the treated unit's outcome over the window */
	const double *Z0;   /* T x J */
	const double *v;    /* k fixed predictor weights (then no outer optimisation), or NULL */
};

struct synth_weights {
	int J, k;
	double *w;          /* J donor weights */
	double *v;          /* k predictor weights (sum 1); NULL when k = 0 */
	double loss_v;      /* mean squared gap over the optimisation window */
	double loss_w;      /* (X1 - X0 W)' V (X1 - X0 W) on the scaled predictors */
};

/* Solves the nested problem.  Returns 0, or -1 with a message (fewer than 2 donors, a
 * predictor that is constant across all units is kept but gets no scale, non-finite input). */
int synth_solve(const struct synth_problem *p, struct synth_weights *out, struct err *e);
void synth_weights_release(struct synth_weights *w);

/* A panel for synth_run: unit u's outcome in period t is Y[u * T + t]. */
struct synth_panel {
	int units, T;
	const double *Y;
	const char *const *names;   /* units names (for messages) */
	int T0;                     /* the first period after the intervention, 2 <= T0 < T */
	int k;                      /* predictors per unit, 0 = pre-period outcomes */
	const double *P;            /* k x units, row i = predictor i, or NULL */
	int opt_from, opt_to;       /* optimisation window, periods [opt_from, opt_to); 0,0 =
				     * the whole pre-period */
};

struct synth_result {
	int treated, J;
	int *donors;                /* J unit indices */
	double *w, *v;              /* J weights; k predictor weights or NULL */
	int T, T0;
	double *synthetic, *gap;    /* T each */
	double rmspe_pre, rmspe_post, ratio;
	double effect;              /* mean gap after the intervention */
	/* placebo in space (nplacebo = J when asked for, else 0) */
	int nplacebo;
	double *placebo_gap;        /* nplacebo x T */
	double *placebo_ratio;      /* nplacebo */
	double *placebo_rmspe_pre;  /* nplacebo */
	int rank;                   /* 1 = the treated unit's ratio is the largest */
	double p;                   /* rank / (nplacebo + 1) */
	double *lo, *hi;            /* T: 95% placebo interval for the effect (post periods) */
	double effect_lo, effect_hi;
	/* placebo in time: the intervention moved back to period time_T0 */
	int time_T0;                /* -1 when the pre-period is too short for it */
	double time_ratio, time_effect;
};

/* Fits the treated unit against the donors (unit indices, J >= 2, not the treated one), and
 * with `placebos` runs placebo-in-space over the donors on `threads` threads (>= 1) and
 * placebo-in-time.  Returns 0 or -1 with a message naming what was wrong. */
int synth_run(const struct synth_panel *p, int treated, const int *donors, int J, int placebos,
	      int threads, struct synth_result *r, struct err *e);
void synth_result_release(struct synth_result *r);

/* Pooled inference for n treated areas fitted with placebos against the same donors
 * (Cavallo, Galiani, Noy & Pantano 2013, "Catastrophic Natural Disasters and Economic
 * Growth", REStat 95(5)): the pooled statistic is the mean of the treated areas' post/pre
 * RMSPE ratios, its placebo distribution the means over every combination of one placebo per
 * treated area (all of them up to 200,000 combinations, else that many drawn with a fixed
 * seed).  *p = (1 + combinations at least as large) / (1 + combinations); the interval for the
 * pooled mean gap is [pooled - q97.5, pooled - q2.5] of the combinations' mean gaps.  Returns 0
 * or -1 (a result without placebos). */
int synth_pooled(const struct synth_result *r, int n, double *effect, double *p, double *lo,
		 double *hi, struct err *e);

/* Conformal intervals for the effect in each period after the intervention (Chernozhukov,
 * Wüthrich & Zhu 2021, "An Exact and Robust Conformal Inference Method for Counterfactual and
 * Synthetic Controls", JASA 116(536)), with the pre-period outcomes as predictors: the effect
 * θ in period t is in the interval when, after subtracting θ from the treated outcome in t and
 * refitting the weights on the pre-period and t, t's residual is not among the largest
 * (1 - level) share of the residuals' absolute values (a permutation p-value over time).
 * Writes lo[t], hi[t] for t >= T0 (NAN before).  Needs at least 1/(1 - level) - 1
 * pre-periods (19 for 95 %).  Returns 0 or -1 with a message. */
int synth_conformal(const struct synth_panel *p, int treated, const int *donors, int J,
		    double level, double *lo, double *hi, struct err *e);

#endif
