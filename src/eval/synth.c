/* synth.c — synthetic control: the simplex-constrained QP, the nested V optimisation and the
 * placebo inference (see synth.h).
 *
 * The QP is a primal active-set method (Lawson–Hanson's NNLS with the sum-to-one constraint
 * carried in the KKT system): the weights stay feasible, a donor enters when its multiplier
 * is negative, and a step that would make a weight negative stops on the boundary and drops
 * it.  Solutions are sparse (a handful of donors), so each KKT system is small; that is what
 * makes full placebo-in-space over hundreds of donors cheap.  Placebos run on worker threads,
 * each with its own scratch memory and nothing shared but the read-only panel. */
#include "eval/synth.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_rng.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int synth_simplex_qp(const double *G, const double *c, int J, double *w, struct err *e)
{
	if (J < 1)
		return err_set(e, "the donor pool is empty");
	size_t nj = (size_t)J;
	double diag = 0, cmax = 0;
	for (int j = 0; j < J; j++) {
		diag += G[(size_t)j * nj + (size_t)j];
		if (fabs(c[j]) > cmax)
			cmax = fabs(c[j]);
	}
	diag /= J;
	double ridge = 1e-12 * (diag > 0 ? diag : 1);
	double tol = 1e-11 * ((diag > 0 ? diag : 0) + cmax + 1e-300);
	int *P = malloc(nj * sizeof *P);
	char *in = calloc(nj, 1);
	double *g = malloc(nj * sizeof *g), *wp = malloc(nj * sizeof *wp);
	gsl_matrix *K = gsl_matrix_alloc(nj + 1, nj + 1);
	gsl_vector *rhs = gsl_vector_alloc(nj + 1), *z = gsl_vector_alloc(nj + 1);
	gsl_permutation *perm = gsl_permutation_alloc(nj + 1);
	int rc = -1;
	if (!P || !in || !g || !wp || !K || !rhs || !z || !perm) {
		err_set(e, "out of memory");
		goto out;
	}
	int best = 0;
	for (int j = 1; j < J; j++)
		if (0.5 * G[(size_t)j * nj + (size_t)j] - c[j] <
		    0.5 * G[(size_t)best * nj + (size_t)best] - c[best])
			best = j;
	int m = 1;
	P[0] = best;
	in[best] = 1;
	wp[0] = 1;
	for (int iter = 0; iter < 20 * J + 100; iter++) {
		double lambda = 0;
		for (int j = 0; j < J; j++) {
			double s = -c[j];
			for (int a = 0; a < m; a++)
				s += (G[(size_t)j * nj + (size_t)P[a]] + (j == P[a] ? ridge : 0)) * wp[a];
			g[j] = s;
		}
		for (int a = 0; a < m; a++)
			lambda += g[P[a]];
		lambda /= m;
		int enter = -1;
		double most = -tol;
		for (int j = 0; j < J; j++)
			if (!in[j] && g[j] - lambda < most) {
				most = g[j] - lambda;
				enter = j;
			}
		if (enter < 0)
			break;
		P[m] = enter;
		in[enter] = 1;
		wp[m] = 0;
		m++;
		int stalled = 0;
		for (;;) {
			gsl_matrix_view Kv = gsl_matrix_submatrix(K, 0, 0, (size_t)m + 1, (size_t)m + 1);
			gsl_vector_view rv = gsl_vector_subvector(rhs, 0, (size_t)m + 1);
			gsl_vector_view zv = gsl_vector_subvector(z, 0, (size_t)m + 1);
			gsl_permutation pv = { (size_t)m + 1, perm->data };
			for (int a = 0; a < m; a++) {
				for (int b = 0; b < m; b++)
					gsl_matrix_set(&Kv.matrix, (size_t)a, (size_t)b,
						       G[(size_t)P[a] * nj + (size_t)P[b]] + (a == b ? ridge : 0));
				gsl_matrix_set(&Kv.matrix, (size_t)a, (size_t)m, 1);
				gsl_matrix_set(&Kv.matrix, (size_t)m, (size_t)a, 1);
				gsl_vector_set(&rv.vector, (size_t)a, c[P[a]]);
			}
			gsl_matrix_set(&Kv.matrix, (size_t)m, (size_t)m, 0);
			gsl_vector_set(&rv.vector, (size_t)m, 1);
			int sign;
			if (gsl_linalg_LU_decomp(&Kv.matrix, &pv, &sign) ||
			    gsl_linalg_LU_solve(&Kv.matrix, &pv, &rv.vector, &zv.vector)) {
				err_set(e, "the donor weights' quadratic program is singular");
				goto out;
			}
			int allpos = 1;
			for (int a = 0; a < m; a++)
				if (!(gsl_vector_get(z, (size_t)a) > 0))
					allpos = 0;
			if (allpos) {
				for (int a = 0; a < m; a++)
					wp[a] = gsl_vector_get(z, (size_t)a);
				break;
			}
			double t = 1;
			int block = -1;
			for (int a = 0; a < m; a++) {
				double za = gsl_vector_get(z, (size_t)a);
				if (za <= 0) {
					double r = wp[a] / (wp[a] - za);
					if (r < t || block < 0) {
						t = r < t ? r : t;
						block = a;
					}
				}
			}
			if (block == m - 1 && P[block] == enter && t <= 0) {
				/* the entering donor cannot move: a numerical tie, the optimum */
				stalled = 1;
			}
			for (int a = 0; a < m; a++)
				wp[a] += t * (gsl_vector_get(z, (size_t)a) - wp[a]);
			wp[block] = 0;
			int kept = 0;
			for (int a = 0; a < m; a++) {
				if (wp[a] > 1e-15) {
					P[kept] = P[a];
					wp[kept] = wp[a];
					kept++;
				} else {
					in[P[a]] = 0;
				}
			}
			m = kept;
			if (m == 0) {
				err_set(e, "the donor weights' quadratic program lost feasibility");
				goto out;
			}
			if (stalled)
				break;
		}
		if (stalled)
			break;
	}
	memset(w, 0, nj * sizeof *w);
	double s = 0;
	for (int a = 0; a < m; a++)
		s += wp[a];
	for (int a = 0; a < m; a++)
		w[P[a]] = wp[a] / s;
	rc = 0;
out:
	free(P);
	free(in);
	free(g);
	free(wp);
	gsl_matrix_free(K);
	gsl_vector_free(rhs);
	gsl_vector_free(z);
	gsl_permutation_free(perm);
	return rc;
}

/* ---- the nested problem ------------------------------------------------------------------ */

struct nested {
	const struct synth_problem *p;
	double *xs1, *xs0;   /* scaled predictors */
	double *G, *c, *w, *v;
	int failed;
	struct err err;
};

static double mean_sq_gap(const struct synth_problem *p, const double *w)
{
	double s = 0;
	for (int t = 0; t < p->T; t++) {
		double d = p->Z1[t];
		for (int j = 0; j < p->J; j++)
			d -= p->Z0[(size_t)t * (size_t)p->J + (size_t)j] * w[j];
		s += d * d;
	}
	return s / p->T;
}

/* Weights W for the predictor weights v (k, need not sum to 1: normalised here). */
static int weights_for(struct nested *n, const double *vraw, double *loss_w)
{
	const struct synth_problem *p = n->p;
	int J = p->J, k = p->k;
	double sv = 0;
	for (int i = 0; i < k; i++)
		sv += fabs(vraw[i]);
	if (!(sv > 0))
		sv = 1;
	for (int i = 0; i < k; i++)
		n->v[i] = fabs(vraw[i]) / sv;
	for (int a = 0; a < J; a++) {
		double ca = 0;
		for (int i = 0; i < k; i++)
			ca += n->v[i] * n->xs0[(size_t)i * (size_t)J + (size_t)a] * n->xs1[i];
		n->c[a] = ca;
		for (int b = 0; b <= a; b++) {
			double s = 0;
			for (int i = 0; i < k; i++)
				s += n->v[i] * n->xs0[(size_t)i * (size_t)J + (size_t)a] *
				     n->xs0[(size_t)i * (size_t)J + (size_t)b];
			n->G[(size_t)a * (size_t)J + (size_t)b] = n->G[(size_t)b * (size_t)J + (size_t)a] = s;
		}
	}
	if (synth_simplex_qp(n->G, n->c, J, n->w, &n->err))
		return -1;
	if (loss_w) {
		double s = 0;
		for (int i = 0; i < k; i++) {
			double d = n->xs1[i];
			for (int j = 0; j < J; j++)
				d -= n->xs0[(size_t)i * (size_t)J + (size_t)j] * n->w[j];
			s += n->v[i] * d * d;
		}
		*loss_w = s;
	}
	return 0;
}

static double loss_v_of(const gsl_vector *x, void *ctx)
{
	struct nested *n = ctx;
	if (n->failed)
		return GSL_POSINF;
	if (weights_for(n, x->data, NULL)) {
		n->failed = 1;
		return GSL_POSINF;
	}
	return mean_sq_gap(n->p, n->w);
}

int synth_solve(const struct synth_problem *p, struct synth_weights *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (p->J < 2)
		return err_set(e, "a donor pool of %d: the synthetic control needs at least 2 donors", p->J);
	if (p->T < 1)
		return err_set(e, "the optimisation window is empty");
	int J = p->J, k = p->k;
	size_t nj = (size_t)J;
	for (size_t i = 0; i < (size_t)p->T * nj; i++)
		if (!isfinite(p->Z0[i]))
			return err_set(e, "a donor's outcome is missing or not a number");
	for (int t = 0; t < p->T; t++)
		if (!isfinite(p->Z1[t]))
			return err_set(e, "the treated unit's outcome is missing or not a number");
	for (size_t i = 0; i < (size_t)k * nj; i++)
		if (!isfinite(p->X0[i]))
			return err_set(e, "predictor %zu of donor %zu is missing", i / nj + 1, i % nj + 1);
	for (int i = 0; i < k; i++)
		if (!isfinite(p->X1[i]))
			return err_set(e, "predictor %d of the treated unit is missing", i + 1);
	out->J = J;
	out->k = k;
	out->w = calloc(nj, sizeof *out->w);
	if (!out->w)
		return err_set(e, "out of memory");
	if (k == 0) {
		double *G = malloc(nj * nj * sizeof *G), *c = malloc(nj * sizeof *c);
		if (!G || !c) {
			free(G);
			free(c);
			synth_weights_release(out);
			return err_set(e, "out of memory");
		}
		for (int a = 0; a < J; a++) {
			double ca = 0;
			for (int t = 0; t < p->T; t++)
				ca += p->Z0[(size_t)t * nj + (size_t)a] * p->Z1[t];
			c[a] = ca;
			for (int b = 0; b <= a; b++) {
				double s = 0;
				for (int t = 0; t < p->T; t++)
					s += p->Z0[(size_t)t * nj + (size_t)a] * p->Z0[(size_t)t * nj + (size_t)b];
				G[(size_t)a * nj + (size_t)b] = G[(size_t)b * nj + (size_t)a] = s;
			}
		}
		int rc = synth_simplex_qp(G, c, J, out->w, e);
		free(G);
		free(c);
		if (rc) {
			synth_weights_release(out);
			return -1;
		}
		out->loss_v = out->loss_w = mean_sq_gap(p, out->w);
		return 0;
	}

	struct nested n = { p, NULL, NULL, NULL, NULL, NULL, NULL, 0, { { 0 }, 0 } };
	n.xs1 = malloc((size_t)k * sizeof *n.xs1);
	n.xs0 = malloc((size_t)k * nj * sizeof *n.xs0);
	n.G = malloc(nj * nj * sizeof *n.G);
	n.c = malloc(nj * sizeof *n.c);
	n.w = out->w;
	n.v = malloc((size_t)k * sizeof *n.v);
	gsl_multimin_fminimizer *mm = NULL;
	gsl_vector *x = NULL, *step = NULL;
	int rc = -1;
	if (!n.xs1 || !n.xs0 || !n.G || !n.c || !n.v) {
		err_set(e, "out of memory");
		goto out;
	}
	/* Synth's scaling: each predictor divided by its standard deviation over all units. */
	for (int i = 0; i < k; i++) {
		double mean = p->X1[i], ss = 0;
		for (int j = 0; j < J; j++)
			mean += p->X0[(size_t)i * nj + (size_t)j];
		mean /= J + 1;
		ss = (p->X1[i] - mean) * (p->X1[i] - mean);
		for (int j = 0; j < J; j++) {
			double d = p->X0[(size_t)i * nj + (size_t)j] - mean;
			ss += d * d;
		}
		double sd = sqrt(ss / J);
		if (!(sd > 0))
			sd = 1;
		n.xs1[i] = p->X1[i] / sd;
		for (int j = 0; j < J; j++)
			n.xs0[(size_t)i * nj + (size_t)j] = p->X0[(size_t)i * nj + (size_t)j] / sd;
	}
	double best_loss;
	double *best_v = malloc((size_t)k * sizeof *best_v);
	if (!best_v) {
		err_set(e, "out of memory");
		goto out;
	}
	if (p->v) {
		memcpy(best_v, p->v, (size_t)k * sizeof *best_v);
	} else {
		x = gsl_vector_alloc((size_t)k);
		step = gsl_vector_alloc((size_t)k);
		mm = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, (size_t)k);
		if (!x || !step || !mm) {
			free(best_v);
			err_set(e, "out of memory");
			goto out;
		}
		gsl_vector_set_all(x, 1.0 / k);
		best_loss = GSL_POSINF;
		for (int i = 0; i < k; i++)
			best_v[i] = 1.0 / k;
		gsl_multimin_function fn = { loss_v_of, (size_t)k, &n };
		/* Restart from the best point until a restart no longer improves it. */
		for (int restart = 0; restart < 6; restart++) {
			double scale = 0;
			for (int i = 0; i < k; i++)
				scale = fmax(scale, fabs(gsl_vector_get(x, (size_t)i)));
			gsl_vector_set_all(step, 0.1 * scale);
			gsl_multimin_fminimizer_set(mm, &fn, x, step);
			for (int it = 0; it < 20000; it++) {
				if (gsl_multimin_fminimizer_iterate(mm))
					break;
				if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(mm), 1e-10) == GSL_SUCCESS)
					break;
			}
			if (n.failed) {
				free(best_v);
				err_set(e, "%s", n.err.msg);
				goto out;
			}
			double f = mm->fval;
			int better = f < best_loss * (1 - 1e-10);
			if (f < best_loss) {
				best_loss = f;
				memcpy(best_v, mm->x->data, (size_t)k * sizeof *best_v);
			}
			gsl_vector_memcpy(x, mm->x);
			if (!better && restart > 0)
				break;
		}
	}
	double loss_w;
	if (weights_for(&n, best_v, &loss_w)) {
		free(best_v);
		err_set(e, "%s", n.err.msg);
		goto out;
	}
	free(best_v);
	out->v = n.v;
	n.v = NULL;
	out->loss_w = loss_w;
	out->loss_v = mean_sq_gap(p, out->w);
	rc = 0;
out:
	free(n.xs1);
	free(n.xs0);
	free(n.G);
	free(n.c);
	free(n.v);
	gsl_vector_free(x);
	gsl_vector_free(step);
	if (mm)
		gsl_multimin_fminimizer_free(mm);
	if (rc)
		synth_weights_release(out);
	return rc;
}

void synth_weights_release(struct synth_weights *w)
{
	if (!w)
		return;
	free(w->w);
	free(w->v);
	w->w = w->v = NULL;
}

/* ---- a unit against a pool, and the inference --------------------------------------------- */

/* Fits unit `tr` against `pool` (np units) with pre-period [0, T0) and writes the gap over all
 * T periods into gap (and the synthetic series, weights if asked). */
/* The synthetic series and the gap of unit tr from weights w over pool. */
static void gap_of(const struct synth_panel *p, int tr, const int *pool, int np, const double *w,
		   double *gap, double *synthetic)
{
	int T = p->T;
	for (int t = 0; t < T; t++) {
		double s = 0;
		for (int j = 0; j < np; j++)
			s += w[j] * p->Y[(size_t)pool[j] * (size_t)T + (size_t)t];
		if (synthetic)
			synthetic[t] = s;
		gap[t] = p->Y[(size_t)tr * (size_t)T + (size_t)t] - s;
	}
}

/* With the pre-period outcomes as the predictors (k = 0), the QP of any unit against any pool
 * is read off one Gram matrix of all units over the pre-period: the placebos share it. */
static int fit_unit_gram(const struct synth_panel *p, const double *gram, int tr, const int *pool,
			 int np, double *gap, struct err *e)
{
	size_t nj = (size_t)np, U = (size_t)p->units;
	double *G = malloc(nj * nj * sizeof *G), *c = malloc(nj * sizeof *c), *w = malloc(nj * sizeof *w);
	int rc = -1;
	if (!G || !c || !w) {
		err_set(e, "out of memory");
		goto out;
	}
	for (size_t a = 0; a < nj; a++) {
		const double *row = gram + (size_t)pool[a] * U;
		c[a] = row[tr];
		for (size_t b = 0; b < nj; b++)
			G[a * nj + b] = row[pool[b]];
	}
	if (synth_simplex_qp(G, c, np, w, e))
		goto out;
	gap_of(p, tr, pool, np, w, gap, NULL);
	rc = 0;
out:
	free(G);
	free(c);
	free(w);
	return rc;
}

static int fit_unit(const struct synth_panel *p, int tr, const int *pool, int np, int T0,
		    int use_predictors, double *gap, double *synthetic, struct synth_weights *sw,
		    struct err *e)
{
	int T = p->T;
	int from = p->opt_from, to = p->opt_to;
	if (!use_predictors || (from == 0 && to == 0) || to > T0) {
		from = 0;
		to = T0;
	}
	int Tw = to - from, k = use_predictors ? p->k : 0;
	size_t nj = (size_t)np;
	double *Z1 = malloc((size_t)Tw * sizeof *Z1), *Z0 = malloc((size_t)Tw * nj * sizeof *Z0);
	double *X1 = malloc(((size_t)k + 1) * sizeof *X1), *X0 = malloc(((size_t)k + 1) * nj * sizeof *X0);
	struct synth_weights local;
	int rc = -1;
	if (!Z1 || !Z0 || !X1 || !X0) {
		err_set(e, "out of memory");
		goto out;
	}
	for (int t = 0; t < Tw; t++) {
		Z1[t] = p->Y[(size_t)tr * (size_t)T + (size_t)(from + t)];
		for (int j = 0; j < np; j++)
			Z0[(size_t)t * nj + (size_t)j] = p->Y[(size_t)pool[j] * (size_t)T + (size_t)(from + t)];
	}
	for (int i = 0; i < k; i++) {
		X1[i] = p->P[(size_t)i * (size_t)p->units + (size_t)tr];
		for (int j = 0; j < np; j++)
			X0[(size_t)i * nj + (size_t)j] = p->P[(size_t)i * (size_t)p->units + (size_t)pool[j]];
	}
	struct synth_problem pr = { np, k, X1, X0, Tw, Z1, Z0, NULL };
	if (!sw)
		sw = &local;
	if (synth_solve(&pr, sw, e))
		goto out;
	gap_of(p, tr, pool, np, sw->w, gap, synthetic);
	if (sw == &local)
		synth_weights_release(&local);
	rc = 0;
out:
	free(Z1);
	free(Z0);
	free(X1);
	free(X0);
	return rc;
}

static double rmspe(const double *gap, int from, int to)
{
	double s = 0;
	for (int t = from; t < to; t++)
		s += gap[t] * gap[t];
	return to > from ? sqrt(s / (to - from)) : 0;
}

static double ratio_of(double post, double pre)
{
	if (pre > 0)
		return post / pre;
	return post > 0 ? INFINITY : 0;
}

struct placebo_job {
	const struct synth_panel *p;
	const double *gram;       /* units x units over the pre-period, or NULL */
	const int *donors;
	int J, T0, start, stride;
	struct synth_result *r;
	int failed;
	struct err err;
};

static void *placebo_worker(void *arg)
{
	struct placebo_job *job = arg;
	int J = job->J;
	int *pool = malloc((size_t)J * sizeof *pool);
	if (!pool) {
		job->failed = 1;
		err_set(&job->err, "out of memory");
		return NULL;
	}
	for (int d = job->start; d < J; d += job->stride) {
		int np = 0;
		for (int j = 0; j < J; j++)
			if (j != d)
				pool[np++] = job->donors[j];
		double *gap = job->r->placebo_gap + (size_t)d * (size_t)job->p->T;
		if (job->gram ? fit_unit_gram(job->p, job->gram, job->donors[d], pool, np, gap, &job->err)
			      : fit_unit(job->p, job->donors[d], pool, np, job->T0, 1, gap, NULL, NULL, &job->err)) {
			job->failed = 1;
			err_prefix(&job->err, "placebo %s: ", job->p->names ? job->p->names[job->donors[d]] : "");
			break;
		}
		job->r->placebo_rmspe_pre[d] = rmspe(gap, 0, job->T0);
		job->r->placebo_ratio[d] = ratio_of(rmspe(gap, job->T0, job->p->T), job->r->placebo_rmspe_pre[d]);
	}
	free(pool);
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Quantile (linear interpolation between order statistics, R's type 7) of sorted v. */
static double quantile(const double *v, int n, double q)
{
	double h = (n - 1) * q;
	int lo = (int)floor(h);
	if (lo >= n - 1)
		return v[n - 1];
	return v[lo] + (h - lo) * (v[lo + 1] - v[lo]);
}

int synth_run(const struct synth_panel *p, int treated, const int *donors, int J, int placebos,
	      int threads, struct synth_result *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	int T = p->T, T0 = p->T0;
	const char *tname = p->names ? p->names[treated] : "the treated unit";
	if (T0 < 2)
		return err_set(e, "too short a pre-period: %d period(s) before the intervention; the "
			       "synthetic control needs at least 2 (better many more)", T0);
	if (T0 >= T)
		return err_set(e, "no period after the intervention to estimate an effect for");
	if (J < 2)
		return err_set(e, "a donor pool of %d: the synthetic control needs at least 2 comparison "
			       "areas (with one it is that area itself)", J);
	for (int j = 0; j < J; j++) {
		if (donors[j] == treated)
			return err_set(e, "%s is both treated and a donor", tname);
		if (donors[j] < 0 || donors[j] >= p->units)
			return err_set(e, "donor %d is not in the panel", donors[j]);
	}
	for (int u = 0; u < p->units; u++)
		for (int t = 0; t < T; t++)
			if (!isfinite(p->Y[(size_t)u * (size_t)T + (size_t)t]))
				return err_set(e, "%s has no value for period %d: fill the series (a month "
					       "without incidents is 0) or shorten the period",
					       p->names ? p->names[u] : "a unit", t + 1);
	double tsum = 0;
	for (int t = 0; t < T; t++)
		tsum += fabs(p->Y[(size_t)treated * (size_t)T + (size_t)t]);
	if (tsum == 0)
		return err_set(e, "%s's series is zero throughout: there is no effect to estimate", tname);

	size_t nT = (size_t)T;
	r->treated = treated;
	r->J = J;
	r->T = T;
	r->T0 = T0;
	r->donors = malloc((size_t)J * sizeof *r->donors);
	r->synthetic = malloc(nT * sizeof *r->synthetic);
	r->gap = malloc(nT * sizeof *r->gap);
	r->time_T0 = -1;
	if (!r->donors || !r->synthetic || !r->gap)
		goto oom;
	memcpy(r->donors, donors, (size_t)J * sizeof *donors);
	struct synth_weights sw;
	if (fit_unit(p, treated, donors, J, T0, 1, r->gap, r->synthetic, &sw, e))
		goto fail;
	r->w = sw.w;
	r->v = sw.v;
	r->rmspe_pre = rmspe(r->gap, 0, T0);
	r->rmspe_post = rmspe(r->gap, T0, T);
	r->ratio = ratio_of(r->rmspe_post, r->rmspe_pre);
	double s = 0;
	for (int t = T0; t < T; t++)
		s += r->gap[t];
	r->effect = s / (T - T0);

	/* Placebo in time: the intervention halfway into the pre-period, fitted before it. */
	int fake = T0 / 2;
	if (fake >= 2) {
		double *gap = malloc(nT * sizeof *gap);
		if (!gap)
			goto oom;
		if (fit_unit(p, treated, donors, J, fake, 0, gap, NULL, NULL, e)) {
			free(gap);
			goto fail;
		}
		r->time_T0 = fake;
		r->time_ratio = ratio_of(rmspe(gap, fake, T0), rmspe(gap, 0, fake));
		double ts = 0;
		for (int t = fake; t < T0; t++)
			ts += gap[t];
		r->time_effect = ts / (T0 - fake);
		free(gap);
	}
	if (!placebos)
		return 0;

	r->nplacebo = J;
	r->placebo_gap = malloc((size_t)J * nT * sizeof *r->placebo_gap);
	r->placebo_ratio = malloc((size_t)J * sizeof *r->placebo_ratio);
	r->placebo_rmspe_pre = malloc((size_t)J * sizeof *r->placebo_rmspe_pre);
	r->lo = malloc(nT * sizeof *r->lo);
	r->hi = malloc(nT * sizeof *r->hi);
	double *col = malloc(((size_t)J + 1) * sizeof *col);
	if (!r->placebo_gap || !r->placebo_ratio || !r->placebo_rmspe_pre || !r->lo || !r->hi || !col) {
		free(col);
		goto oom;
	}
	/* Outcome predictors over the whole pre-period: one Gram matrix for every placebo. */
	double *gram = NULL;
	if (p->k == 0) {
		size_t U = (size_t)p->units;
		gram = malloc(U * U * sizeof *gram);
		if (!gram) {
			free(col);
			goto oom;
		}
		for (size_t a = 0; a < U; a++)
			for (size_t b = 0; b <= a; b++) {
				double acc = 0;
				const double *ya = p->Y + a * nT, *yb = p->Y + b * nT;
				for (int t = 0; t < T0; t++)
					acc += ya[t] * yb[t];
				gram[a * U + b] = gram[b * U + a] = acc;
			}
	}
	if (threads < 1)
		threads = 1;
	if (threads > J)
		threads = J;
	struct placebo_job *jobs = calloc((size_t)threads, sizeof *jobs);
	pthread_t *tid = calloc((size_t)threads, sizeof *tid);
	if (!jobs || !tid) {
		free(jobs);
		free(tid);
		free(col);
		free(gram);
		goto oom;
	}
	int started = 0;
	for (int i = 0; i < threads; i++) {
		jobs[i] = (struct placebo_job){ p, gram, donors, J, T0, i, threads, r, 0, { { 0 }, 0 } };
		if (i == 0 || pthread_create(&tid[i], NULL, placebo_worker, &jobs[i]))
			continue;
		started |= 1 << (i < 30 ? i : 30);
	}
	/* The calling thread does the first share, and any share a thread could not start. */
	placebo_worker(&jobs[0]);
	for (int i = 1; i < threads; i++) {
		if (started & (1 << (i < 30 ? i : 30)))
			pthread_join(tid[i], NULL);
		else
			placebo_worker(&jobs[i]);
	}
	int failed = -1;
	for (int i = 0; i < threads; i++)
		if (jobs[i].failed && failed < 0)
			failed = i;
	if (failed >= 0)
		err_set(e, "%s", jobs[failed].err.msg);
	free(jobs);
	free(tid);
	free(gram);
	if (failed >= 0) {
		free(col);
		goto fail;
	}
	int above = 0;
	for (int d = 0; d < J; d++)
		above += r->placebo_ratio[d] >= r->ratio;
	r->rank = above + 1;
	r->p = (double)r->rank / (J + 1);
	for (int t = 0; t < T; t++) {
		for (int d = 0; d < J; d++)
			col[d] = r->placebo_gap[(size_t)d * nT + (size_t)t];
		qsort(col, (size_t)J, sizeof *col, cmp_double);
		r->lo[t] = r->gap[t] - quantile(col, J, 0.975);
		r->hi[t] = r->gap[t] - quantile(col, J, 0.025);
	}
	for (int d = 0; d < J; d++) {
		double m = 0;
		for (int t = T0; t < T; t++)
			m += r->placebo_gap[(size_t)d * nT + (size_t)t];
		col[d] = m / (T - T0);
	}
	qsort(col, (size_t)J, sizeof *col, cmp_double);
	r->effect_lo = r->effect - quantile(col, J, 0.975);
	r->effect_hi = r->effect - quantile(col, J, 0.025);
	free(col);
	return 0;
oom:
	err_set(e, "out of memory");
fail:
	synth_result_release(r);
	return -1;
}

void synth_result_release(struct synth_result *r)
{
	if (!r)
		return;
	free(r->donors);
	free(r->w);
	free(r->v);
	free(r->synthetic);
	free(r->gap);
	free(r->placebo_gap);
	free(r->placebo_ratio);
	free(r->placebo_rmspe_pre);
	free(r->lo);
	free(r->hi);
	memset(r, 0, sizeof *r);
	r->time_T0 = -1;
}

/* ---- conformal inference ------------------------------------------------------------------- */

struct conformal {
	const struct synth_panel *p;
	int treated, J, T0, t;
	const int *donors;
	const double *Gpre, *cpre;
	double *G, *c, *w, *u;
	double tie;
};

/* The permutation p-value of effect theta in period t. */
static int conformal_p(struct conformal *cf, double theta, double *pval, struct err *e)
{
	const struct synth_panel *p = cf->p;
	int J = cf->J, T = p->T, t = cf->t;
	size_t nj = (size_t)J;
	const double *y1 = p->Y + (size_t)cf->treated * (size_t)T;
	double yt = y1[t] - theta;
	for (int a = 0; a < J; a++) {
		double ga = p->Y[(size_t)cf->donors[a] * (size_t)T + (size_t)t];
		cf->c[a] = cf->cpre[a] + ga * yt;
		for (int b = 0; b < J; b++)
			cf->G[(size_t)a * nj + (size_t)b] = cf->Gpre[(size_t)a * nj + (size_t)b] +
				ga * p->Y[(size_t)cf->donors[b] * (size_t)T + (size_t)t];
	}
	if (synth_simplex_qp(cf->G, cf->c, J, cf->w, e))
		return -1;
	int n = cf->T0 + 1;
	for (int s = 0; s < n; s++) {
		int per = s < cf->T0 ? s : t;
		double fit = 0;
		for (int j = 0; j < J; j++)
			fit += cf->w[j] * p->Y[(size_t)cf->donors[j] * (size_t)T + (size_t)per];
		cf->u[s] = fabs((s < cf->T0 ? y1[per] : yt) - fit);
	}
	int ge = 0;
	double ut = cf->u[cf->T0];
	for (int s = 0; s < n; s++)   /* residuals equal up to rounding are ties */
		ge += cf->u[s] >= ut - cf->tie;
	*pval = (double)ge / n;
	return 0;
}

int synth_conformal(const struct synth_panel *p, int treated, const int *donors, int J,
		    double level, double *lo, double *hi, struct err *e)
{
	int T = p->T, T0 = p->T0;
	double alpha = 1 - level;
	if (!(alpha > 0 && alpha < 1))
		return err_set(e, "the conformal level must be between 0 and 1");
	if (J < 2)
		return err_set(e, "a donor pool of %d: the synthetic control needs at least 2 comparison "
			       "areas", J);
	if ((T0 + 1) * alpha < 1)
		return err_set(e, "too short a pre-period for a %.0f %% conformal interval: %d periods, "
			       "at least %d needed", 100 * level, T0, (int)ceil(1 / alpha) - 1);
	if (T0 >= T)
		return err_set(e, "no period after the intervention");
	for (int u = 0; u < p->units; u++)
		for (int t = 0; t < T; t++)
			if (!isfinite(p->Y[(size_t)u * (size_t)T + (size_t)t]))
				return err_set(e, "%s has no value for period %d", p->names ? p->names[u] : "a unit", t + 1);
	size_t nj = (size_t)J;
	double *Gpre = malloc(nj * nj * sizeof *Gpre), *cpre = malloc(nj * sizeof *cpre);
	struct conformal cf = { p, treated, J, T0, 0, donors, Gpre, cpre,
				malloc(nj * nj * sizeof(double)), malloc(nj * sizeof(double)),
				malloc(nj * sizeof(double)), malloc(((size_t)T0 + 1) * sizeof(double)), 0 };
	int rc = -1;
	if (!Gpre || !cpre || !cf.G || !cf.c || !cf.w || !cf.u) {
		err_set(e, "out of memory");
		goto out;
	}
	const double *y1 = p->Y + (size_t)treated * (size_t)T;
	double ymax = 0;
	for (int t = 0; t < T; t++)
		ymax = fmax(ymax, fabs(y1[t]));
	for (int a = 0; a < J; a++) {
		const double *ya = p->Y + (size_t)donors[a] * (size_t)T;
		double s = 0;
		for (int t = 0; t < T0; t++)
			s += ya[t] * y1[t];
		cpre[a] = s;
		for (int b = 0; b <= a; b++) {
			const double *yb = p->Y + (size_t)donors[b] * (size_t)T;
			double g = 0;
			for (int t = 0; t < T0; t++)
				g += ya[t] * yb[t];
			Gpre[(size_t)a * nj + (size_t)b] = Gpre[(size_t)b * nj + (size_t)a] = g;
		}
	}
	cf.tie = 1e-9 * (ymax + 1);
	for (int t = 0; t < T0; t++)
		lo[t] = hi[t] = NAN;
	/* The synthetic control from the pre-period alone: its gap in t is where the accepted
	 * effects lie when the model holds, its pre-period error sets the step of the search. */
	double *wpre = malloc(nj * sizeof *wpre);
	if (!wpre) {
		err_set(e, "out of memory");
		goto out;
	}
	if (synth_simplex_qp(Gpre, cpre, J, wpre, e)) {
		free(wpre);
		goto out;
	}
	double sse = 0;
	for (int t = 0; t < T0; t++) {
		double f = 0;
		for (int j = 0; j < J; j++)
			f += wpre[j] * p->Y[(size_t)donors[j] * (size_t)T + (size_t)t];
		sse += (y1[t] - f) * (y1[t] - f);
	}
	double h0 = sqrt(sse / T0) / 4 + 1e-6 * (ymax + 1);
	for (int t = T0; t < T; t++) {
		cf.t = t;
		lo[t] = hi[t] = NAN;
		double f = 0;
		for (int j = 0; j < J; j++)
			f += wpre[j] * p->Y[(size_t)donors[j] * (size_t)T + (size_t)t];
		double centre = y1[t] - f, pv, start = NAN;
		/* an accepted effect near the centre */
		for (int k = 0; k <= 400 && isnan(start); k++) {
			for (int sgn = -1; sgn <= 1; sgn += 2) {
				double th = centre + sgn * k * h0;
				if (conformal_p(&cf, th, &pv, e)) {
					free(wpre);
					goto out;
				}
				if (pv > alpha) {
					start = th;
					break;
				}
				if (!k)
					break;
			}
		}
		if (isnan(start))
			continue;
		/* each end: step out (growing) until rejected, then bisect */
		for (int end = 0; end < 2; end++) {
			double sgn = end ? 1 : -1, in = start, step = h0, outv = NAN;
			for (int k = 0; k < 200; k++) {
				double th = in + sgn * step;
				if (conformal_p(&cf, th, &pv, e)) {
					free(wpre);
					goto out;
				}
				if (pv > alpha) {
					in = th;
					step *= 1.5;
				} else {
					outv = th;
					break;
				}
			}
			if (isnan(outv)) {   /* never rejected within reach: unbounded */
				if (end)
					hi[t] = INFINITY;
				else
					lo[t] = -INFINITY;
				continue;
			}
			for (int it = 0; it < 40; it++) {
				double mid = (in + outv) / 2;
				if (conformal_p(&cf, mid, &pv, e)) {
					free(wpre);
					goto out;
				}
				if (pv > alpha)
					in = mid;
				else
					outv = mid;
			}
			if (end)
				hi[t] = in;
			else
				lo[t] = in;
		}
	}
	free(wpre);
	rc = 0;
out:
	free(Gpre);
	free(cpre);
	free(cf.G);
	free(cf.c);
	free(cf.w);
	free(cf.u);
	return rc;
}

/* ---- pooled inference over several treated areas ------------------------------------------- */

int synth_pooled(const struct synth_result *r, int n, double *effect, double *p, double *lo,
		 double *hi, struct err *e)
{
	if (n < 1)
		return err_set(e, "no treated area to pool");
	double stat = 0, eff = 0, combos = 1;
	for (int i = 0; i < n; i++) {
		if (!r[i].nplacebo)
			return err_set(e, "pooled inference needs the placebos of every treated area");
		stat += r[i].ratio / n;
		eff += r[i].effect / n;
		combos *= r[i].nplacebo;
	}
	/* mean post gap of each placebo, per treated area */
	double **pm = calloc((size_t)n, sizeof *pm);
	int exact = combos <= 200000;
	long m = exact ? (long)combos : 200000;
	double *means = malloc((size_t)m * sizeof *means);
	gsl_rng *rng = exact ? NULL : gsl_rng_alloc(gsl_rng_mt19937);
	int *digit = calloc((size_t)n, sizeof *digit);
	int rc = -1;
	if (!pm || !means || !digit || (!exact && !rng)) {
		err_set(e, "out of memory");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		pm[i] = malloc((size_t)r[i].nplacebo * sizeof **pm);
		if (!pm[i]) {
			err_set(e, "out of memory");
			goto out;
		}
		for (int d = 0; d < r[i].nplacebo; d++) {
			double g = 0;
			for (int t = r[i].T0; t < r[i].T; t++)
				g += r[i].placebo_gap[(size_t)d * (size_t)r[i].T + (size_t)t];
			pm[i][d] = g / (r[i].T - r[i].T0);
		}
	}
	if (rng)
		gsl_rng_set(rng, 20130501);
	long above = 0;
	for (long c = 0; c < m; c++) {
		double ps = 0, pe = 0;
		for (int i = 0; i < n; i++) {
			int d = exact ? digit[i] : (int)gsl_rng_uniform_int(rng, (unsigned long)r[i].nplacebo);
			ps += r[i].placebo_ratio[d] / n;
			pe += pm[i][d] / n;
		}
		above += ps >= stat;
		means[c] = pe;
		for (int i = 0; exact && i < n; i++) {   /* next combination, odometer-wise */
			if (++digit[i] < r[i].nplacebo)
				break;
			digit[i] = 0;
		}
	}
	qsort(means, (size_t)m, sizeof *means, cmp_double);
	*effect = eff;
	*p = (1.0 + (double)above) / (1.0 + (double)m);
	*lo = eff - quantile(means, (int)m, 0.975);
	*hi = eff - quantile(means, (int)m, 0.025);
	rc = 0;
out:
	for (int i = 0; pm && i < n; i++)
		free(pm[i]);
	free(pm);
	free(means);
	free(digit);
	if (rng)
		gsl_rng_free(rng);
	return rc;
}
