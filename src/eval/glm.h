/* glm.h — count regressions for the evaluation: Poisson and negative-binomial (NB2) GLMs with
 * a log link, fitted by iteratively reweighted least squares on GSL's Cholesky.
 *
 * The estimates are meant to equal statsmodels' (docs/evaluation.md):
 *   - Poisson: statsmodels GLM(family=Poisson()): standard errors from (X'WX)^-1, W = mu.
 *   - Negative binomial: statsmodels' discrete NegativeBinomial (loglike_method "nb2"), that
 *     is, beta and the dispersion alpha estimated together by maximum likelihood, with
 *     Var(y) = mu + alpha mu^2, and standard errors from the inverse of the observed
 *     information of (beta, alpha) — the analytic Hessian, not the GLM's expected one.
 *
 * Matrices are row-major: X has n rows (observations) and k columns. */
#ifndef GVI_EVAL_GLM_H
#define GVI_EVAL_GLM_H
#include "err.h"

enum glm_family { GLM_POISSON, GLM_NEGBIN };

struct glm_fit {
	enum glm_family family;
	int n, k;
	double *beta;        /* k estimates */
	double *se;          /* k standard errors */
	double *cov;         /* k*k covariance of beta, row-major */
	double alpha;        /* NB2 dispersion (0 for Poisson) */
	double alpha_se;     /* its standard error (NB) */
	double loglik;       /* log-likelihood at the estimates */
	double deviance;     /* Poisson deviance (Poisson fits; NB: NB deviance at alpha) */
	double pearson_chi2; /* sum (y - mu)^2 / Var(y) */
	int df_resid;        /* n - k */
	int iterations;
	double *mu;          /* n fitted means */
};

/* Fits the model.  y holds n non-negative counts (whole numbers are not required but
 * expected), offset n values or NULL.  Returns 0, or -1 with a message for a person: too few
 * observations, all counts zero, a singular design (a column constant or duplicated), no
 * convergence (counts that drive a rate to zero, e.g. a month with no events at all under
 * month dummies).  names (k column names, or NULL) are
 * used in the messages.  out is filled on success only and freed with glm_fit_release. */
int glm_fit(const double *X, int n, int k, const char *const *names, const double *y,
	    const double *offset, enum glm_family family, struct glm_fit *out, struct err *e);
void glm_fit_release(struct glm_fit *f);   /* accepts NULL and a released fit */

/* The 1 - level/2 quantile of the standard normal (1.959963984540054 for 0.95). */
double glm_z(double level);

/* Overdispersion test of Cameron & Trivedi (1990) after a Poisson fit: the auxiliary OLS
 * regression, without constant, of ((y - mu)^2 - y) / mu on mu; under the Poisson model its
 * slope (an estimate of the NB2 alpha) is 0.  Gives the slope, its t statistic and the
 * one-sided p-value P(T > t) from Student's t with n - 1 degrees of freedom.  Returns 0 or -1
 * (fewer than 2 observations, all mu equal to zero). */
int glm_overdispersion_ct(const double *y, const double *mu, int n, double *slope, double *t,
			  double *p, struct err *e);

/* A Wald test of beta[idx[0..m-1]] = 0 jointly: chi^2 = b' C^-1 b with m degrees of freedom.
 * Returns 0 with *chi2 and *p, or -1 (singular covariance block). */
int glm_wald(const struct glm_fit *f, const int *idx, int m, double *chi2, double *p,
	     struct err *e);

#endif
