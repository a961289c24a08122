/* glm.c — Poisson and NB2 regressions with a log link (see glm.h).
 *
 * Both are IRLS on the normal equations X'WX b = X'Wz, solved with GSL's Cholesky; before the
 * first iteration the design is checked for full column rank with a pivoted QR, so a
 * constant or duplicated column is named instead of yielding NaN.  The negative binomial
 * alternates IRLS for beta at fixed alpha with Newton steps for log alpha until both settle,
 * then polishes (beta, alpha) together with Newton steps on the analytic Hessian, which is
 * also the observed information its standard errors come from — what statsmodels'
 * NegativeBinomial reports. */
#include "eval/glm.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_vector.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_IRLS 200
#define MAX_ROUNDS 500

double glm_z(double level)
{
	return gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2);
}

static const char *colname(const char *const *names, int j, char buf[32])
{
	if (names && names[j])
		return names[j];
	snprintf(buf, 32, "column %d", j + 1);
	return buf;
}

/* Full column rank by QR with column pivoting: a pivot below 1e-10 of the largest says the
 * column it belongs to is a combination of the others. */
static int check_rank(const double *X, int n, int k, const char *const *names, struct err *e)
{
	gsl_matrix *A = gsl_matrix_alloc((size_t)n, (size_t)k);
	gsl_vector *tau = gsl_vector_alloc((size_t)k), *norm = gsl_vector_alloc((size_t)k);
	gsl_permutation *p = gsl_permutation_alloc((size_t)k);
	int rc = -1, sign;
	if (!A || !tau || !norm || !p) {
		err_set(e, "out of memory");
		goto out;
	}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < k; j++)
			gsl_matrix_set(A, (size_t)i, (size_t)j, X[(size_t)i * (size_t)k + (size_t)j]);
	if (gsl_linalg_QRPT_decomp(A, tau, p, &sign, norm)) {
		err_set(e, "the design matrix could not be decomposed");
		goto out;
	}
	double top = fabs(gsl_matrix_get(A, 0, 0));
	for (int j = 0; j < k; j++) {
		if (!(fabs(gsl_matrix_get(A, (size_t)j, (size_t)j)) > 1e-10 * top) || top == 0) {
			char buf[32];
			err_set(e, "the design is singular: \"%s\" is constant, duplicated or a combination "
				"of other terms (too short a period, or no variation in it?)",
				colname(names, (int)gsl_permutation_get(p, (size_t)j), buf));
			goto out;
		}
	}
	rc = 0;
out:
	gsl_matrix_free(A);
	gsl_vector_free(tau);
	gsl_vector_free(norm);
	gsl_permutation_free(p);
	return rc;
}

struct work {
	const double *X, *y, *off;
	int n, k;
	double *eta, *mu;
	gsl_matrix *A;     /* k x k */
	gsl_vector *b, *rhs;
};

static double offset_of(const struct work *w, int i) { return w->off ? w->off[i] : 0; }

static void set_mu(struct work *w, const double *beta)
{
	for (int i = 0; i < w->n; i++) {
		double s = offset_of(w, i);
		const double *x = w->X + (size_t)i * (size_t)w->k;
		for (int j = 0; j < w->k; j++)
			s += x[j] * beta[j];
		w->eta[i] = s;
		w->mu[i] = exp(s);
	}
}

/* NB2 log-likelihood (alpha 0: Poisson). */
static double loglik(const struct work *w, double alpha)
{
	double ll = 0;
	for (int i = 0; i < w->n; i++) {
		double y = w->y[i], mu = w->mu[i];
		if (alpha <= 0) {
			ll += y * log(mu) - mu - lgamma(y + 1);
		} else {
			double r = 1 / alpha;
			ll += lgamma(y + r) - lgamma(r) - lgamma(y + 1) + r * log(r / (r + mu)) +
			      (y > 0 ? y * log(mu / (r + mu)) : 0);
		}
	}
	return ll;
}

/* One IRLS step at fixed alpha from the current mu: beta <- (X'WX)^-1 X'Wz. */
static int irls_step(struct work *w, double alpha, double *beta)
{
	gsl_matrix_set_zero(w->A);
	gsl_vector_set_zero(w->rhs);
	int k = w->k;
	for (int i = 0; i < w->n; i++) {
		double mu = w->mu[i];
		double wt = mu / (1 + alpha * mu);
		double z = w->eta[i] - offset_of(w, i) + (w->y[i] - mu) / mu;
		const double *x = w->X + (size_t)i * (size_t)k;
		for (int a = 0; a < k; a++) {
			double xa = wt * x[a];
			double *row = gsl_matrix_ptr(w->A, (size_t)a, 0);
			for (int b = 0; b <= a; b++)
				row[b] += xa * x[b];
			*gsl_vector_ptr(w->rhs, (size_t)a) += xa * z;
		}
	}
	for (int a = 0; a < k; a++)
		for (int b = 0; b < a; b++)
			gsl_matrix_set(w->A, (size_t)b, (size_t)a, gsl_matrix_get(w->A, (size_t)a, (size_t)b));
	if (gsl_linalg_cholesky_decomp1(w->A) || gsl_linalg_cholesky_solve(w->A, w->rhs, w->b))
		return -1;
	for (int j = 0; j < k; j++)
		beta[j] = gsl_vector_get(w->b, (size_t)j);
	return 0;
}

static int finite_all(const double *v, int n)
{
	for (int i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return 0;
	return 1;
}

/* IRLS at fixed alpha to convergence of the log-likelihood. */
static int irls(struct work *w, double alpha, double *beta, int *iters, struct err *e)
{
	double old = loglik(w, alpha);
	for (int it = 0; it < MAX_IRLS; it++) {
		if (irls_step(w, alpha, beta))
			return err_set(e, "the regression is singular at iteration %d (a rate driven to "
				       "zero?)", it + 1);
		set_mu(w, beta);
		if (!finite_all(w->mu, w->n) || !finite_all(beta, w->k))
			return err_set(e, "the regression does not converge: the estimates run off to "
				       "infinity (a term whose counts are all zero?)");
		double ll = loglik(w, alpha);
		(*iters)++;
		if (fabs(ll - old) <= 1e-13 * (fabs(ll) + 1) && it > 0)
			return 0;
		old = ll;
	}
	return err_set(e, "the regression did not converge in %d iterations", MAX_IRLS);
}

/* First and second derivative of the NB2 log-likelihood in alpha at the current mu. */
static void alpha_derivs(const struct work *w, double alpha, double *d1, double *d2)
{
	double r = 1 / alpha, s1 = 0, s2 = 0;
	for (int i = 0; i < w->n; i++) {
		double y = w->y[i], mu = w->mu[i];
		double dr = gsl_sf_psi(y + r) - gsl_sf_psi(r) + log(r / (r + mu)) + (mu - y) / (r + mu);
		double drr = gsl_sf_psi_1(y + r) - gsl_sf_psi_1(r) + 1 / r - 1 / (r + mu) -
			     (mu - y) / ((r + mu) * (r + mu));
		s1 += dr;
		s2 += drr;
	}
	*d1 = -s1 / (alpha * alpha);
	*d2 = s2 / (alpha * alpha * alpha * alpha) + 2 * s1 / (alpha * alpha * alpha);
}

/* The observed information -H of (beta, alpha), (k+1) x (k+1). */
static void nb_information(const struct work *w, double alpha, gsl_matrix *I)
{
	int k = w->k;
	gsl_matrix_set_zero(I);
	for (int i = 0; i < w->n; i++) {
		double y = w->y[i], mu = w->mu[i], q = 1 + alpha * mu;
		double hee = mu * (1 + alpha * y) / (q * q);
		double hea = mu * (y - mu) / (q * q);
		const double *x = w->X + (size_t)i * (size_t)k;
		for (int a = 0; a < k; a++) {
			for (int b = 0; b < k; b++)
				*gsl_matrix_ptr(I, (size_t)a, (size_t)b) += hee * x[a] * x[b];
			*gsl_matrix_ptr(I, (size_t)a, (size_t)k) += hea * x[a];
		}
	}
	for (int a = 0; a < k; a++)
		gsl_matrix_set(I, (size_t)k, (size_t)a, gsl_matrix_get(I, (size_t)a, (size_t)k));
	double d1, d2;
	alpha_derivs(w, alpha, &d1, &d2);
	gsl_matrix_set(I, (size_t)k, (size_t)k, -d2);
}

/* Inverts a symmetric positive-definite matrix in place; -1 if it is not. */
static int spd_invert(gsl_matrix *M)
{
	if (gsl_linalg_cholesky_decomp1(M) || gsl_linalg_cholesky_invert(M))
		return -1;
	return 0;
}

static int nb_fit(struct work *w, double *beta, double *alpha_out, int *iters, struct err *e)
{
	int n = w->n, k = w->k;
	/* Start from the Poisson fit and a moment estimate of alpha. */
	double num = 0, den = 0;
	for (int i = 0; i < n; i++) {
		double r = w->y[i] - w->mu[i];
		num += r * r - w->y[i];
		den += w->mu[i] * w->mu[i];
	}
	double alpha = num > 0 && den > 0 ? num / den : 0.1;
	double ll = loglik(w, alpha);
	for (int round = 0; round < MAX_ROUNDS; round++) {
		/* Newton on log alpha at fixed beta, with step halving. */
		double la = log(alpha);
		for (int it = 0; it < 100; it++) {
			double d1, d2;
			alpha_derivs(w, alpha, &d1, &d2);
			double g = alpha * d1, h = alpha * alpha * d2 + alpha * d1;
			double step = h < 0 ? -g / h : (g > 0 ? 1 : -1);
			if (step > 5)
				step = 5;
			if (step < -5)
				step = -5;
			double cur = loglik(w, alpha), cand = cur;
			double na = la;
			for (int half = 0; half < 60; half++) {
				na = la + step;
				cand = loglik(w, exp(na));
				if (cand >= cur)
					break;
				step /= 2;
			}
			if (!(cand >= cur))
				break;
			la = na;
			alpha = exp(la);
			if (fabs(step) < 1e-12)
				break;
		}
		if (alpha < 1e-8)
			return err_set(e, "no overdispersion: the negative binomial's alpha goes to 0; "
				       "the Poisson model fits (see the overdispersion test)");
		if (irls(w, alpha, beta, iters, e))
			return -1;
		double nll = loglik(w, alpha);
		int done = fabs(nll - ll) <= 1e-14 * (fabs(nll) + 1);
		ll = nll;
		if (done)
			break;
	}
	/* Polish jointly with Newton steps on the observed information. */
	gsl_matrix *I = gsl_matrix_alloc((size_t)k + 1, (size_t)k + 1);
	gsl_vector *g = gsl_vector_alloc((size_t)k + 1), *d = gsl_vector_alloc((size_t)k + 1);
	double *nb = malloc((size_t)k * sizeof *nb);
	int rc = 0;
	if (!I || !g || !d || !nb) {
		rc = err_set(e, "out of memory");
		goto out;
	}
	for (int it = 0; it < 5; it++) {
		nb_information(w, alpha, I);
		gsl_vector_set_zero(g);
		for (int i = 0; i < n; i++) {
			double s = (w->y[i] - w->mu[i]) / (1 + alpha * w->mu[i]);
			for (int a = 0; a < k; a++)
				*gsl_vector_ptr(g, (size_t)a) += s * w->X[(size_t)i * (size_t)k + (size_t)a];
		}
		double d1, d2;
		alpha_derivs(w, alpha, &d1, &d2);
		gsl_vector_set(g, (size_t)k, d1);
		if (gsl_linalg_cholesky_decomp1(I) || gsl_linalg_cholesky_solve(I, g, d))
			break;
		double na = alpha + gsl_vector_get(d, (size_t)k);
		if (!(na > 0))
			break;
		for (int a = 0; a < k; a++)
			nb[a] = beta[a] + gsl_vector_get(d, (size_t)a);
		set_mu(w, nb);
		double nll = loglik(w, na);
		if (!(nll >= ll - 1e-12 * fabs(ll))) {
			set_mu(w, beta);
			break;
		}
		memcpy(beta, nb, (size_t)k * sizeof *beta);
		alpha = na;
		ll = nll;
		(*iters)++;
	}
	*alpha_out = alpha;
out:
	gsl_matrix_free(I);
	gsl_vector_free(g);
	gsl_vector_free(d);
	free(nb);
	return rc;
}

int glm_fit(const double *X, int n, int k, const char *const *names, const double *y,
	    const double *offset, enum glm_family family, struct glm_fit *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (k < 1 || n < k + 1 + (family == GLM_NEGBIN))
		return err_set(e, "too few observations: %d for %d terms (need at least %d)", n,
			       k + (family == GLM_NEGBIN), k + 1 + (family == GLM_NEGBIN));
	double sum = 0;
	for (int i = 0; i < n; i++) {
		if (!isfinite(y[i]) || y[i] < 0)
			return err_set(e, "observation %d: a count must be a number of at least 0, not %g",
				       i + 1, y[i]);
		if (offset && !isfinite(offset[i]))
			return err_set(e, "observation %d: the offset is not a number", i + 1);
		sum += y[i];
	}
	if (sum == 0)
		return err_set(e, "all %d counts are zero: there is nothing to estimate a rate from", n);
	for (size_t i = 0; i < (size_t)n * (size_t)k; i++)
		if (!isfinite(X[i]))
			return err_set(e, "the design holds a value that is not a number (row %zu)",
				       i / (size_t)k + 1);
	if (check_rank(X, n, k, names, e))
		return -1;

	struct work w = { X, y, offset, n, k, NULL, NULL, NULL, NULL, NULL };
	double *beta = calloc((size_t)k, sizeof *beta);
	w.eta = malloc((size_t)n * sizeof *w.eta);
	w.mu = malloc((size_t)n * sizeof *w.mu);
	w.A = gsl_matrix_alloc((size_t)k, (size_t)k);
	w.b = gsl_vector_alloc((size_t)k);
	w.rhs = gsl_vector_alloc((size_t)k);
	gsl_matrix *C = NULL;
	int rc = -1;
	if (!beta || !w.eta || !w.mu || !w.A || !w.b || !w.rhs) {
		err_set(e, "out of memory");
		goto out;
	}
	double mean = sum / n;
	for (int i = 0; i < n; i++) {   /* statsmodels' start: mu = (y + mean y) / 2 */
		w.mu[i] = (y[i] + mean) / 2;
		w.eta[i] = log(w.mu[i]);
	}
	int iters = 0;
	if (irls(&w, 0, beta, &iters, e))
		goto out;
	double alpha = 0;
	if (family == GLM_NEGBIN && nb_fit(&w, beta, &alpha, &iters, e))
		goto out;

	out->family = family;
	out->n = n;
	out->k = k;
	out->alpha = alpha;
	out->iterations = iters;
	out->df_resid = n - k;
	out->loglik = loglik(&w, alpha);
	out->beta = beta;
	beta = NULL;
	out->mu = w.mu;   /* shared with w until the end, then handed over */
	out->se = malloc((size_t)k * sizeof *out->se);
	out->cov = malloc((size_t)k * (size_t)k * sizeof *out->cov);
	int kk = family == GLM_NEGBIN ? k + 1 : k;
	C = gsl_matrix_alloc((size_t)kk, (size_t)kk);
	if (!out->se || !out->cov || !C) {
		err_set(e, "out of memory");
		goto fail;
	}
	if (family == GLM_NEGBIN) {
		nb_information(&w, alpha, C);
	} else {
		gsl_matrix_set_zero(C);
		for (int i = 0; i < n; i++) {
			const double *x = X + (size_t)i * (size_t)k;
			for (int a = 0; a < k; a++)
				for (int b = 0; b < k; b++)
					*gsl_matrix_ptr(C, (size_t)a, (size_t)b) += out->mu[i] * x[a] * x[b];
		}
	}
	if (spd_invert(C)) {
		err_set(e, "the information matrix is singular: the estimates have no standard errors");
		goto fail;
	}
	for (int a = 0; a < k; a++) {
		for (int b = 0; b < k; b++)
			out->cov[(size_t)a * (size_t)k + (size_t)b] = gsl_matrix_get(C, (size_t)a, (size_t)b);
		out->se[a] = sqrt(gsl_matrix_get(C, (size_t)a, (size_t)a));
	}
	if (family == GLM_NEGBIN)
		out->alpha_se = sqrt(gsl_matrix_get(C, (size_t)k, (size_t)k));
	for (int i = 0; i < n; i++) {
		double mu = out->mu[i], yi = y[i], r = y[i] - mu;
		out->pearson_chi2 += r * r / (mu + alpha * mu * mu);
		if (alpha <= 0) {
			out->deviance += 2 * ((yi > 0 ? yi * log(yi / mu) : 0) - (yi - mu));
		} else {
			double rr = 1 / alpha;
			out->deviance += 2 * ((yi > 0 ? yi * log(yi / mu) : 0) -
					      (yi + rr) * log((yi + rr) / (mu + rr)));
		}
	}
	/* Separation: a term whose counts are all zero sends its estimate towards minus
	 * infinity; IRLS then stops on a flat likelihood with an enormous standard error. */
	int worst = 0;
	for (int j = 1; j < k; j++)
		if (out->se[j] > out->se[worst])
			worst = j;
	if (out->se[worst] > 1e4) {
		char buf[32];
		err_set(e, "the regression does not converge: the estimate of \"%s\" runs off to "
			"infinity (are all counts zero where it applies?)", colname(names, worst, buf));
		goto fail;
	}
	if (!finite_all(out->se, k) || !isfinite(out->loglik)) {
		err_set(e, "the estimates are not finite numbers");
		goto fail;
	}
	rc = 0;
	w.mu = NULL;
	goto out;
fail:
	w.mu = NULL;
	glm_fit_release(out);
out:
	free(beta);
	free(w.eta);
	free(w.mu);
	gsl_matrix_free(w.A);
	gsl_vector_free(w.b);
	gsl_vector_free(w.rhs);
	gsl_matrix_free(C);
	return rc;
}

void glm_fit_release(struct glm_fit *f)
{
	if (!f)
		return;
	free(f->beta);
	free(f->se);
	free(f->cov);
	free(f->mu);
	f->beta = f->se = f->cov = f->mu = NULL;
}

int glm_overdispersion_ct(const double *y, const double *mu, int n, double *slope, double *t,
			  double *p, struct err *e)
{
	if (n < 2)
		return err_set(e, "the overdispersion test needs at least 2 observations");
	double sxx = 0, sxy = 0;
	for (int i = 0; i < n; i++) {
		if (!(mu[i] > 0))
			return err_set(e, "the overdispersion test needs fitted means above 0");
		double z = ((y[i] - mu[i]) * (y[i] - mu[i]) - y[i]) / mu[i];
		sxx += mu[i] * mu[i];
		sxy += mu[i] * z;
	}
	double b = sxy / sxx, rss = 0;
	for (int i = 0; i < n; i++) {
		double z = ((y[i] - mu[i]) * (y[i] - mu[i]) - y[i]) / mu[i];
		rss += (z - b * mu[i]) * (z - b * mu[i]);
	}
	double se = sqrt(rss / (n - 1) / sxx);
	*slope = b;
	*t = se > 0 ? b / se : (b > 0 ? INFINITY : 0);
	*p = gsl_cdf_tdist_Q(*t, n - 1);
	return 0;
}

int glm_wald(const struct glm_fit *f, const int *idx, int m, double *chi2, double *p,
	     struct err *e)
{
	if (m < 1)
		return err_set(e, "the Wald test needs at least one coefficient");
	gsl_matrix *C = gsl_matrix_alloc((size_t)m, (size_t)m);
	gsl_vector *b = gsl_vector_alloc((size_t)m), *x = gsl_vector_alloc((size_t)m);
	int rc = -1;
	if (!C || !b || !x) {
		err_set(e, "out of memory");
		goto out;
	}
	for (int a = 0; a < m; a++) {
		gsl_vector_set(b, (size_t)a, f->beta[idx[a]]);
		for (int c = 0; c < m; c++)
			gsl_matrix_set(C, (size_t)a, (size_t)c, f->cov[(size_t)idx[a] * (size_t)f->k + (size_t)idx[c]]);
	}
	if (gsl_linalg_cholesky_decomp1(C) || gsl_linalg_cholesky_solve(C, b, x)) {
		err_set(e, "the Wald test's covariance block is singular");
		goto out;
	}
	double s = 0;
	gsl_blas_ddot(b, x, &s);
	*chi2 = s;
	*p = gsl_cdf_chisq_Q(s, m);
	rc = 0;
out:
	gsl_matrix_free(C);
	gsl_vector_free(b);
	gsl_vector_free(x);
	return rc;
}
