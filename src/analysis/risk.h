/* risk.h — who is at risk of being shot: a network-exposure (social contagion) model of
 * gunshot victimisation after Green, Horel & Papachristos, "Modeling Contagion Through Social
 * Networks to Explain and Predict Gunshot Violence in Chicago, 2006 to 2014", JAMA Internal
 * Medicine 2017;177(3):326-333.  docs/risk-model.md explains the model for its readers.
 *
 * Time is discrete: periods 0 .. periods-1 of a length the caller chooses (a day, a week)
 * when it bins events into periods; τ is measured in periods.  Person i's intensity in
 * period t, from the history before t only, is
 *
 *   λ_i(t) = exp(b0 + b1·x1_i(t) + b2·x2_i(t))
 *          + α · Σ_{j ∈ N(i)} w_ij · Σ_{s < t, j victimised at s} exp(−(t − s)/τ)
 *
 *          + α·θ · Σ_{k ∈ N2(i)} w2_ik · Σ_{s < t, k victimised at s} exp(−(t − s)/τ)
 *
 * x1 = i's victimisations before t, x2 = i's involvements as suspect before t, w_ij = the
 * edge weight of the person network divided by the largest edge weight (so 0 < w ≤ 1 and α
 * is the intensity added by one victimisation, one period ago, of the strongest kind of tie).
 * N2(i) are the persons at network distance exactly 2 (a common neighbour, no direct tie),
 * w2_ik = max over common neighbours j of w_ij·w_jk, and θ ∈ [0, 1] is the distance decay:
 * how much a victimisation two steps away counts against one next door (θ = 0: only direct
 * neighbours, the model of the first version).
 * The probability of being victimised in period t is 1 − exp(−λ_i(t)).  The baseline model
 * is the same with α = 0.
 *
 * Vertices of the graph are persons 0 .. n-1, the same numbering as struct risk_events.
 * A fit belongs to the graph it was made on (it keeps the normalising weight). */
#ifndef GVI_ANALYSIS_RISK_H
#define GVI_ANALYSIS_RISK_H
#include <stddef.h>
#include <stdint.h>

#include "analysis/graph.h"
#include "err.h"

enum risk_kind { RISK_VICTIM, RISK_SUSPECT };

/* Each person's victimisations and suspect involvements, as sorted period lists.  Build with
 * risk_events_init, risk_events_add (any order) and risk_events_finish; then read-only. */
struct risk_events {
	int n;             /* persons 0 .. n-1 */
	int periods;       /* periods 0 .. periods-1 */
	int period_days;   /* length of one period in days; only for reporting (τ days = τ · it) */
	/* After risk_events_finish: person i's victimisation periods are
	 * victim[victim_off[i] .. victim_off[i+1]-1], ascending; a period repeats when the person
	 * was victimised several times in it.  Suspect involvements likewise. */
	int *victim_off, *victim;
	int *suspect_off, *suspect;
	int finished;
	/* private: events staged by risk_events_add, as (kind, person, period) triples */
	int *staged;
	size_t nstaged, staged_alloc;
};

void risk_events_init(struct risk_events *ev, int n, int periods, int period_days);
/* Stages one event.  A person or period out of range is a user error (message names it);
 * out of memory likewise.  Returns 0 or -1.  Not after risk_events_finish. */
int risk_events_add(struct risk_events *ev, enum risk_kind kind, int person, int period,
		    struct err *e);
/* Sorts the staged events into the per-person lists.  Returns 0 or -1 (out of memory). */
int risk_events_finish(struct risk_events *ev, struct err *e);
/* Frees everything; ev may be NULL or merely initialised. */
void risk_events_release(struct risk_events *ev);

struct risk_params {
	double b0, b1, b2;  /* baseline: intercept, per prior victimisation, per prior suspect */
	double alpha;       /* contagion strength, ≥ 0 (0 = the baseline model) */
	double tau;         /* decay time in periods, > 0 (unused when alpha = 0) */
	double theta;       /* distance decay in [0, 1]: weight of distance-2 exposure (0 = none) */
};

/* Parameter indices of the estimation scale: α and τ are estimated on the log scale. */
enum { RISK_B0, RISK_B1, RISK_B2, RISK_LOG_ALPHA, RISK_LOG_TAU, RISK_LOG_THETA, RISK_NPAR };

/* The models risk_fit fits (its `contagion` argument). */
enum { RISK_BASELINE = 0, RISK_DIRECT = 1, RISK_DISTANCE2 = 2 };

/* Log α is kept ≥ this; an estimate there means the data give no support for contagion. */
#define RISK_LOG_ALPHA_MIN (-30.0)

struct risk_fit {
	int contagion;             /* RISK_DIRECT: contagion over direct ties (θ = 0);
				    * RISK_DISTANCE2: also over distance 2, θ estimated;
				    * RISK_BASELINE (0): α = 0 */
	int t_from, t_to;          /* training window [t_from, t_to) */
	struct risk_params p;      /* the maximum-likelihood estimates */
	double loglik;             /* the maximised log-likelihood */
	int npar;                  /* parameters estimated (fixed ones are not counted) */
	int estimated[RISK_NPAR];  /* 1 if estimated; b1 (b2) is fixed at 0 when nobody in the
				    * window has a prior victimisation (suspect involvement) */
	/* Standard errors from the observed information (the inverse of the negative numerical
	 * Hessian of the log-likelihood at the estimate) on the estimation scale, i.e. of b0, b1,
	 * b2, log α and log τ; cov is the full covariance.  NaN where not estimated.  se_ok = 0
	 * when the information is not positive definite: then, in the contagion model, the
	 * b's standard errors hold α and τ fixed and those of log α, log τ are NaN (α and τ are
	 * not separately identified, typically when there is little or no contagion). */
	double se[RISK_NPAR];
	double cov[RISK_NPAR][RISK_NPAR];
	double se_alpha, se_tau;   /* delta method: α·se(log α), τ·se(log τ) */
	double se_theta;           /* θ·se(log θ) (RISK_DISTANCE2) */
	int theta_at_bound;        /* log θ ended at RISK_LOG_ALPHA_MIN (no distance-2 effect) or
				    * at 0 (θ = 1); no se for it */
	int se_ok;
	int alpha_at_bound;        /* log α ended at RISK_LOG_ALPHA_MIN: no evidence of contagion;
				    * log α and log τ then have no standard errors */
	int tau_at_bound;          /* τ ended at a bound of [0.05, 1.6e5] periods; no se for it */
	/* α / (e^(1/τ) − 1) = α Σ_{d≥1} e^(−d/τ): the intensity one victimisation adds, summed
	 * over all later periods, to a neighbour tied with w = 1 — about the number of
	 * victimisations it induces there.  0 for the baseline. */
	double spread;
	/* The mean over the window's victimised person-periods of (contagion part of λ) / λ:
	 * the share of victimisations the fit attributes to contagion (Green et al. found 63 %
	 * in Chicago 2006–2014).  0 for the baseline. */
	double attributable;
	int converged;             /* Newton ended with gap ≤ 1e-6 and se_ok */
	double gap;                /* log-likelihood a further Newton step would still gain */
	int evaluations;           /* likelihood evaluations the optimisers used */
	long long person_periods;  /* n · (t_to − t_from) */
	long long victim_periods;  /* person-periods with at least one victimisation */
	double wmax;               /* the largest edge weight: w_ij = weight / wmax */
};

/* The log-likelihood of the victimisation data in periods [t_from, t_to) under parameters p
 * (α ≥ 0; α = 0 is the baseline; τ > 0 when α > 0 — asserted), conditional on everything
 * before each period:
 *   Σ_{victimised (i,t)} log(1 − exp(−λ_i(t))) − Σ_{other (i,t)} λ_i(t).
 * Events before t_from count as history.  Returns 0 and *out, or -1 with a message (bad
 * window, a contagion term on a graph without ties, out of memory). */
int risk_loglik(const struct graph *g, const struct risk_events *ev, int t_from, int t_to,
		const struct risk_params *p, double *out, struct err *e);

/* Fits the contagion model (contagion = RISK_DIRECT), the contagion model with distance 2
 * (RISK_DISTANCE2: θ estimated on the log scale within [e^−30, 1]) or the baseline (0) by
 * maximum likelihood on
 * the periods [t_from, t_to) with GSL's Nelder–Mead simplex (from three starting values of τ
 * for the contagion model), polished by Newton steps with the analytic gradient and its
 * numerical Hessian, and computes standard errors.  Deterministic.  Each likelihood
 * evaluation costs O(#covariate patterns + #victimisations · #their neighbours' prior
 * victimisation periods + T), far below O((n + 2m)·T).  Returns 0, or -1 with a message
 * (bad window, no victimisation in it, no ties for the contagion model, out of memory). */
int risk_fit(const struct graph *g, const struct risk_events *ev, int t_from, int t_to,
	     int contagion, struct risk_fit *out, struct err *e);

/* λ_i(t) and the probability 1 − exp(−λ_i(t)) that person i is victimised in period t,
 * given the events before t.  t ≥ 0 may be ≥ ev->periods (the periods after the data).
 * O(deg(i) · neighbours' victimisations). */
double risk_intensity(const struct graph *g, const struct risk_events *ev,
		      const struct risk_fit *fit, int person, int t);
double risk_score(const struct graph *g, const struct risk_events *ev,
		  const struct risk_fit *fit, int person, int t);

/* For every person (prob has ev->n entries): the probability of at least one victimisation
 * in periods [from, to), predicted from the history before `from` only: the covariates stay
 * at their values at `from` and the neighbours' past victimisations keep decaying; events
 * inside [from, to) are not used.  to = from + 1 gives risk_score for everyone at once.
 * O(n + 2m + #events).  Returns 0 or -1 (bad window, out of memory). */
int risk_forecast(const struct graph *g, const struct risk_events *ev,
		  const struct risk_fit *fit, int from, int to, double *prob, struct err *e);

/* Explanations.  λ = baseline + Σ terms[].contribution: the baseline part is
 * exp(b0) · exp(b1·x1) · exp(b2·x2); each neighbour victimisation adds a term. */
struct risk_term {
	int neighbour;        /* vertex of the victimised neighbour */
	int distance;         /* 1, or 2 for a neighbour's neighbour (then weight = θ·w2) */
	int via;              /* distance 2: the common neighbour j of the largest w_ij·w_jk
			       * (the lowest vertex on ties); -1 for distance 1 */
	int period;           /* the period of that victimisation */
	int count;            /* victimisations of the neighbour in that period (usually 1) */
	double weight;        /* w_ij, the normalised tie weight; distance 2: θ·w2_ik */
	double decay;         /* exp(−(t − period)/τ) */
	double contribution;  /* α · weight · decay · count, added to λ */
};

struct risk_explanation {
	int person, period;
	double intensity, probability;  /* λ_i(t) and 1 − exp(−λ_i(t)) */
	double baseline;                /* exp(b0 + b1·x1 + b2·x2) */
	double b0, b1, b2, alpha, tau, theta;  /* the parameters used */
	int x1, x2;                     /* prior victimisations, prior suspect involvements */
	double factor1, factor2;        /* exp(b1·x1), exp(b2·x2): how much each multiplies exp(b0) */
	double exposure;                /* α · Σ weight · decay: the contagion part of λ */
	size_t nterms;                  /* neighbour victimisations before t (0 for the baseline) */
	struct risk_term *terms;        /* sorted by contribution, largest first; ties by
					 * neighbour, then the later period first */
};

/* Explains λ_i(t) term by term (the same numbers risk_intensity adds).  out->terms is
 * allocated; free it with risk_explanation_release.  Returns 0 or -1 (out of memory). */
int risk_explain(const struct graph *g, const struct risk_events *ev,
		 const struct risk_fit *fit, int person, int t, struct risk_explanation *out,
		 struct err *e);
void risk_explanation_release(struct risk_explanation *x);

/* Out-of-sample evaluation of one model's top-k list. */
struct risk_rank {
	int hits;               /* persons in the top k victimised in the test window */
	double precision;       /* hits / k */
	double recall;          /* hits / test_victims (NaN when nobody was victimised) */
	/* Ties: the list is cut after k persons ordered by score, ties by lower person index.
	 * tied = persons outside the list scoring exactly as the k-th; precision_ties is the
	 * expected precision when such ties are broken at random instead. */
	int tied;
	double precision_ties;
	double test_loglik;     /* one-period-ahead log-likelihood of the test window */
};

struct risk_eval {
	int t_from, t_split, t_to, k;
	struct risk_fit contagion, baseline;  /* both fitted on [t_from, t_split) */
	struct risk_rank contagion_rank, baseline_rank;
	/* With distance2 set: the contagion model with distance 2 too, fitted and ranked the
	 * same way, and the likelihood ratio against the direct contagion model (χ² with 1 df,
	 * approximate for the same reasons). */
	int with_distance2;
	struct risk_fit distance2;
	struct risk_rank distance2_rank;
	double lr2_stat, lr2_p;
	int n;                    /* persons */
	int test_victimisations;  /* victimisations in [t_split, t_to) */
	int test_victims;         /* distinct persons among them */
	double random_precision;  /* test_victims / n: what a list drawn at random achieves */
	/* Likelihood ratio on the training window, 2·(loglik contagion − loglik baseline), and an
	 * approximate p-value from χ² with 2 degrees of freedom (α sits on the boundary and τ is
	 * not identified under α = 0, so it is a guide, not an exact test). */
	double lr_stat, lr_p;
};

/* Fits both models on [t_from, t_split), ranks every person by risk_forecast over
 * [t_split, t_to) (the training history only) and scores each top-k list against who was
 * victimised in [t_split, t_to).  1 ≤ k ≤ n.  Returns 0 or -1 with a message. */
int risk_evaluate(const struct graph *g, const struct risk_events *ev, int t_from,
		  int t_split, int t_to, int k, struct risk_eval *out, struct err *e);
/* The same, also fitting and ranking the distance-2 model (out->with_distance2 = 1). */
int risk_evaluate_distance2(const struct graph *g, const struct risk_events *ev, int t_from,
			    int t_split, int t_to, int k, struct risk_eval *out, struct err *e);

/* Draws a history from the model itself: out is initialised and finished here (release it
 * with risk_events_release).  Each person gets a suspect propensity u ~ Gamma(shape ½,
 * mean 1) and in every period an involvement as suspect with probability
 * min(1, suspect_rate·u); then victimisations with probability 1 − exp(−λ_i(t)) under
 * `truth`.  Deterministic in seed (gsl_rng_mt19937 seeded with the seed's two 32-bit halves
 * xor-ed).  O((n + 2m)·periods).  Returns 0 or -1 (bad parameters, out of memory). */
int risk_simulate(const struct graph *g, int periods, int period_days,
		  const struct risk_params *truth, double suspect_rate, uint64_t seed,
		  struct risk_events *out, struct err *e);

#endif
