/* risk.c — the network-exposure model of gunshot victimisation (see risk.h and
 * docs/risk-model.md): events, likelihood, fitting, scores, explanations, evaluation and
 * simulation.
 *
 * The design choice that matters is how the likelihood is evaluated.  Walking every person
 * and period costs O((n + 2m)·T) per evaluation; instead a fit first compiles the data once
 * (struct prep) into three sufficient pieces, after which one evaluation touches only them:
 *   - the person-periods without a victimisation, grouped by their covariates (x1, x2): the
 *     baseline part of Σ λ over them is Σ_cells count · exp(b0 + b1·x1 + b2·x2);
 *   - for every victimised person-period, its exposure as (lag, weight) items, so that
 *     E = Σ weight · r^lag with r = exp(−1/τ);
 *   - for the exposure summed over ALL person-periods of the window, the weighted count of
 *     victimisations in each earlier period s: Σ_t r^(t−s) over the window is a geometric
 *     sum that a backward recurrence gives for every s in O(T).  The exposure of the
 *     non-victimised person-periods is that total minus the victimised ones' E.
 * One evaluation is then O(#cells + #items + T) and exact, and its gradient is analytic.
 * Distance-2 exposure (θ) is compiled the same way, as a second weight on each item and a
 * second weighted count per period; the persons at distance 2 are found by walking two steps
 * from a person when needed (struct hop2), never stored as a graph of their own, since on a
 * national network with group cliques that graph would be many times the size of the first. */
#include "analysis/risk.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#define LOG_TAU_MIN (-3.0)   /* τ ≥ 0.05 periods: below that, r^1 < 2e-9 */
#define LOG_TAU_MAX 12.0     /* τ ≤ 1.6e5 periods: exposure that practically never decays */
#define BAD_VALUE 1e300      /* what the minimisers see where the likelihood is not finite */
#define LOG_THETA_MAX 0.0    /* θ ≤ 1: two steps away never count more than one */

/* ---- events ------------------------------------------------------------------------ */

void risk_events_init(struct risk_events *ev, int n, int periods, int period_days)
{
	memset(ev, 0, sizeof *ev);
	ev->n = n;
	ev->periods = periods;
	ev->period_days = period_days;
}

int risk_events_add(struct risk_events *ev, enum risk_kind kind, int person, int period,
		    struct err *e)
{
	assert(!ev->finished);
	if (person < 0 || person >= ev->n)
		return err_set(e, "risk: person %d is outside 0..%d", person, ev->n - 1);
	if (period < 0 || period >= ev->periods)
		return err_set(e, "risk: period %d of person %d is outside 0..%d", period, person,
			       ev->periods - 1);
	if (ev->nstaged == ev->staged_alloc) {
		size_t alloc = ev->staged_alloc ? 2 * ev->staged_alloc : 256;
		int *p = realloc(ev->staged, alloc * 3 * sizeof *p);
		if (!p)
			return err_set(e, "risk: out of memory");
		ev->staged = p;
		ev->staged_alloc = alloc;
	}
	int *t = ev->staged + 3 * ev->nstaged++;
	t[0] = kind;
	t[1] = person;
	t[2] = period;
	return 0;
}

static int cmp_triple(const void *a, const void *b)
{
	const int *x = a, *y = b;
	for (int i = 0; i < 3; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

int risk_events_finish(struct risk_events *ev, struct err *e)
{
	assert(!ev->finished);
	if (ev->nstaged)
		qsort(ev->staged, ev->nstaged, 3 * sizeof *ev->staged, cmp_triple);
	size_t nv = 0;
	while (nv < ev->nstaged && ev->staged[3 * nv] == RISK_VICTIM)
		nv++;
	size_t ns = ev->nstaged - nv;
	ev->victim_off = calloc((size_t)ev->n + 1, sizeof *ev->victim_off);
	ev->suspect_off = calloc((size_t)ev->n + 1, sizeof *ev->suspect_off);
	ev->victim = malloc((nv + 1) * sizeof *ev->victim);
	ev->suspect = malloc((ns + 1) * sizeof *ev->suspect);
	if (!ev->victim_off || !ev->suspect_off || !ev->victim || !ev->suspect)
		return err_set(e, "risk: out of memory");
	for (size_t i = 0; i < ev->nstaged; i++) {
		const int *t = ev->staged + 3 * i;
		if (i < nv) {
			ev->victim[i] = t[2];
			ev->victim_off[t[1] + 1]++;
		} else {
			ev->suspect[i - nv] = t[2];
			ev->suspect_off[t[1] + 1]++;
		}
	}
	for (int i = 0; i < ev->n; i++) {
		ev->victim_off[i + 1] += ev->victim_off[i];
		ev->suspect_off[i + 1] += ev->suspect_off[i];
	}
	free(ev->staged);
	ev->staged = NULL;
	ev->nstaged = ev->staged_alloc = 0;
	ev->finished = 1;
	return 0;
}

void risk_events_release(struct risk_events *ev)
{
	if (!ev)
		return;
	free(ev->victim_off);
	free(ev->victim);
	free(ev->suspect_off);
	free(ev->suspect);
	free(ev->staged);
	risk_events_init(ev, 0, 0, 0);
}

/* Number of entries of the sorted list a[0..n-1] below t. */
static int count_before(const int *a, int n, int t)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (a[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static double max_weight(const struct graph *g)
{
	double wmax = 0;
	for (int64_t k = 0; k < 2 * g->m; k++)
		if (g->w[k] > wmax)
			wmax = g->w[k];
	return wmax;
}

/* ---- distance 2 ------------------------------------------------------------------------ */

/* Scratch for finding the persons at distance exactly 2 of one person. */
struct hop2 {
	double *best;         /* w2 of each person found (0 elsewhere) */
	int *via;             /* the common neighbour giving it */
	unsigned char *mark;  /* 1: the person or a direct neighbour; 2: found */
	int *list;            /* the persons found */
};

static int hop2_init(struct hop2 *h, int n)
{
	h->best = calloc((size_t)n + 1, sizeof *h->best);
	h->via = malloc(((size_t)n + 1) * sizeof *h->via);
	h->mark = calloc((size_t)n + 1, 1);
	h->list = malloc(((size_t)n + 1) * sizeof *h->list);
	return h->best && h->via && h->mark && h->list ? 0 : -1;
}

static void hop2_release(struct hop2 *h)
{
	free(h->best);
	free(h->via);
	free(h->mark);
	free(h->list);
	memset(h, 0, sizeof *h);
}

/* The persons k at distance exactly 2 of i with w2_ik = max_j w_ij·w_jk (normalised by wmax)
 * and the j that gives it (the lowest on ties): h->list[0 .. count-1], h->best[k], h->via[k].
 * Call hop2_clear(h, g, i, count) before the next use.  O(Σ_{j ∈ N(i)} deg j). */
static int hop2_collect(struct hop2 *h, const struct graph *g, double wmax, int i)
{
	int count = 0;
	h->mark[i] = 1;
	for (int64_t a = g->offset[i]; a < g->offset[i + 1]; a++)
		h->mark[g->adj[a]] = 1;
	for (int64_t a = g->offset[i]; a < g->offset[i + 1]; a++) {
		int j = g->adj[a];
		double wij = g->w[a] / wmax;
		if (!(wij > 0))
			continue;
		for (int64_t b = g->offset[j]; b < g->offset[j + 1]; b++) {
			int k = g->adj[b];
			double w = wij * (g->w[b] / wmax);
			if (h->mark[k] == 1 || !(w > 0))
				continue;
			if (!h->mark[k]) {
				h->mark[k] = 2;
				h->list[count++] = k;
				h->best[k] = w;
				h->via[k] = j;
			} else if (w > h->best[k] || (w == h->best[k] && j < h->via[k])) {
				h->best[k] = w;
				h->via[k] = j;
			}
		}
	}
	return count;
}

static void hop2_clear(struct hop2 *h, const struct graph *g, int i, int count)
{
	for (int c = 0; c < count; c++) {
		h->mark[h->list[c]] = 0;
		h->best[h->list[c]] = 0;
	}
	h->mark[i] = 0;
	for (int64_t a = g->offset[i]; a < g->offset[i + 1]; a++)
		h->mark[g->adj[a]] = 0;
}

/* ---- the compiled likelihood ---------------------------------------------------------- */

struct cell {
	int x1, x2;
	double count;      /* person-periods without a victimisation with these covariates */
};

struct vpp {           /* a victimised person-period of the window */
	int person, t, x1, x2;
	int64_t item;      /* its exposure items are lag[item .. next's item - 1] */
};

struct prep {
	int n, t_from, t_to, contagion;
	double wmax;
	size_t ncell;
	struct cell *cell;
	size_t nvpp;
	struct vpp *vpp;    /* nvpp + 1 entries; the last only closes the item ranges */
	int64_t nitem;
	int *lag;
	double *lw;
	double *lw2;        /* distance 2: the items' w2 weights (RISK_DISTANCE2 only, else NULL) */
	double *cntw;       /* t_to entries: Σ_j (Σ_i w_ij) · victimisations of j in period s */
	double *cntw2;      /* the same with the distance-2 weights w2 */
	double *rp;         /* scratch, t_to + 1 entries: r^d */
	int has_x1, has_x2, has_exposure;
	long long person_periods;
};

static void prep_release(struct prep *P)
{
	free(P->cell);
	free(P->vpp);
	free(P->lag);
	free(P->lw);
	free(P->lw2);
	free(P->cntw);
	free(P->cntw2);
	free(P->rp);
	memset(P, 0, sizeof *P);
}

static int cmp_cell(const void *a, const void *b)
{
	const struct cell *x = a, *y = b;
	if (x->x1 != y->x1)
		return x->x1 < y->x1 ? -1 : 1;
	return x->x2 < y->x2 ? -1 : x->x2 > y->x2;
}

/* Appends to a growable array; returns 0 or -1. */
static int grow(void **p, size_t *alloc, size_t need, size_t size)
{
	if (need <= *alloc)
		return 0;
	size_t a = *alloc ? *alloc : 64;
	while (a < need)
		a *= 2;
	void *q = realloc(*p, a * size);
	if (!q)
		return -1;
	*p = q;
	*alloc = a;
	return 0;
}

static int check_window(const struct risk_events *ev, int t_from, int t_to, struct err *e)
{
	assert(ev->finished);
	if (t_from < 0 || t_to > ev->periods || t_from >= t_to)
		return err_set(e, "risk: the window [%d, %d) is not inside the periods 0..%d",
			       t_from, t_to, ev->periods - 1);
	return 0;
}

/* Compiles the data of the window [t_from, t_to) (see the file comment). */
static int prep_build(struct prep *P, const struct graph *g, const struct risk_events *ev,
		      int t_from, int t_to, int contagion, struct err *e)
{
	memset(P, 0, sizeof *P);
	assert(g->n == ev->n);
	if (check_window(ev, t_from, t_to, e))
		return -1;
	P->n = ev->n;
	P->t_from = t_from;
	P->t_to = t_to;
	P->contagion = contagion;
	P->wmax = max_weight(g);
	P->person_periods = (long long)ev->n * (t_to - t_from);
	if (contagion && !(P->wmax > 0))
		return err_set(e, "risk: the person network has no ties with a positive weight, "
			       "so the contagion model cannot be fitted; use the baseline");

	size_t cell_alloc = 0, vpp_alloc = 0;
	int rc = -1;
	for (int i = 0; i < ev->n; i++) {
		const int *V = ev->victim + ev->victim_off[i];
		const int *S = ev->suspect + ev->suspect_off[i];
		int nv = ev->victim_off[i + 1] - ev->victim_off[i];
		int ns = ev->suspect_off[i + 1] - ev->suspect_off[i];
		int a = count_before(V, nv, t_from), b = count_before(S, ns, t_from);
		int x1 = a, x2 = b;
		/* Segments [t, end) of constant covariates: they change the period after an event,
		 * so a segment holds at most one (distinct) victimisation period, its last. */
		for (int t = t_from; t < t_to;) {
			int end = t_to;
			if (a < nv && V[a] + 1 < end)
				end = V[a] + 1;
			if (b < ns && S[b] + 1 < end)
				end = S[b] + 1;
			int hit = a < nv && V[a] < end;
			if (hit) {
				if (grow((void **)&P->vpp, &vpp_alloc, P->nvpp + 2, sizeof *P->vpp))
					goto oom;
				P->vpp[P->nvpp++] = (struct vpp){ i, end - 1, x1, x2, 0 };
			}
			if (end - t - hit > 0) {
				if (grow((void **)&P->cell, &cell_alloc, P->ncell + 1, sizeof *P->cell))
					goto oom;
				P->cell[P->ncell++] = (struct cell){ x1, x2, end - t - hit };
			}
			P->has_x1 |= x1 > 0;
			P->has_x2 |= x2 > 0;
			while (a < nv && V[a] < end)
				a++, x1++;
			while (b < ns && S[b] < end)
				b++, x2++;
			t = end;
		}
	}
	if (P->ncell) {   /* merge equal covariate patterns */
		qsort(P->cell, P->ncell, sizeof *P->cell, cmp_cell);
		size_t out = 0;
		for (size_t c = 0; c < P->ncell; c++) {
			if (out && !cmp_cell(&P->cell[out - 1], &P->cell[c]))
				P->cell[out - 1].count += P->cell[c].count;
			else
				P->cell[out++] = P->cell[c];
		}
		P->ncell = out;
	}
	if (!P->vpp && !(P->vpp = malloc(sizeof *P->vpp)))
		goto oom;
	P->vpp[P->nvpp].item = 0;
	P->rp = malloc(((size_t)t_to + 1) * sizeof *P->rp);
	P->cntw = calloc((size_t)t_to + 1, sizeof *P->cntw);
	if (!P->rp || !P->cntw)
		goto oom;
	if (!contagion)
		return 0;

	/* exposure items of each victimised person-period, aggregated by lag */
	int d2 = contagion == RISK_DISTANCE2;
	double *acc = calloc((size_t)t_to + 1, sizeof *acc), *acc2 = calloc((size_t)t_to + 1, sizeof *acc2);
	int *touched = malloc(((size_t)t_to + 1) * sizeof *touched);
	unsigned char *seen = calloc((size_t)t_to + 1, 1);
	struct hop2 h = { 0 };
	size_t item_alloc = 0, lw_alloc = 0, lw2_alloc = 0;
	if (!acc || !acc2 || !touched || !seen || (d2 && hop2_init(&h, ev->n)) ||
	    (d2 && !(P->cntw2 = calloc((size_t)t_to + 1, sizeof *P->cntw2))))
		goto oom_items;
	for (size_t v = 0; v < P->nvpp; v++) {
		int i = P->vpp[v].person, t = P->vpp[v].t, ntouched = 0;
		P->vpp[v].item = P->nitem;
		for (int64_t k = g->offset[i]; k < g->offset[i + 1]; k++) {
			double w = g->w[k] / P->wmax;
			int j = g->adj[k];
			if (!(w > 0))
				continue;
			for (int q = ev->victim_off[j]; q < ev->victim_off[j + 1]; q++) {
				int s = ev->victim[q];
				if (s >= t)
					break;
				if (!seen[t - s]) {
					seen[t - s] = 1;
					touched[ntouched++] = t - s;
				}
				acc[t - s] += w;
			}
		}
		if (d2) {
			int nk = hop2_collect(&h, g, P->wmax, i);
			for (int c = 0; c < nk; c++) {
				int kk = h.list[c];
				for (int q = ev->victim_off[kk]; q < ev->victim_off[kk + 1]; q++) {
					int s = ev->victim[q];
					if (s >= t)
						break;
					if (!seen[t - s]) {
						seen[t - s] = 1;
						touched[ntouched++] = t - s;
					}
					acc2[t - s] += h.best[kk];
				}
			}
			hop2_clear(&h, g, i, nk);
		}
		size_t need = (size_t)P->nitem + (size_t)ntouched;
		if (grow((void **)&P->lag, &item_alloc, need, sizeof *P->lag) ||
		    grow((void **)&P->lw, &lw_alloc, need, sizeof *P->lw) ||
		    (d2 && grow((void **)&P->lw2, &lw2_alloc, need, sizeof *P->lw2)))
			goto oom_items;
		for (int u = 0; u < ntouched; u++) {
			int d = touched[u];
			P->lag[P->nitem] = d;
			if (d2)
				P->lw2[P->nitem] = acc2[d];
			P->lw[P->nitem++] = acc[d];
			acc[d] = acc2[d] = 0;
			seen[d] = 0;
		}
	}
	P->vpp[P->nvpp].item = P->nitem;
	/* weighted victimisations per earlier period, for the window's total exposure; the
	 * distance-2 weight of a victim k is Σ over its distance-2 persons of w2 (symmetric) */
	for (int j = 0; j < ev->n; j++) {
		if (ev->victim_off[j] == ev->victim_off[j + 1] || ev->victim[ev->victim_off[j]] >= t_to - 1)
			continue;
		double wj = 0, wj2 = 0;
		for (int64_t k = g->offset[j]; k < g->offset[j + 1]; k++)
			wj += g->w[k] / P->wmax;
		if (d2) {
			int nk = hop2_collect(&h, g, P->wmax, j);
			for (int c = 0; c < nk; c++)
				wj2 += h.best[h.list[c]];
			hop2_clear(&h, g, j, nk);
		}
		if (!(wj > 0) && !(wj2 > 0))
			continue;
		for (int q = ev->victim_off[j]; q < ev->victim_off[j + 1]; q++) {
			if (ev->victim[q] >= t_to - 1)
				break;
			P->cntw[ev->victim[q]] += wj;
			if (d2)
				P->cntw2[ev->victim[q]] += wj2;
			P->has_exposure = 1;
		}
	}
	rc = 0;
oom_items:
	free(acc);
	free(acc2);
	free(touched);
	free(seen);
	hop2_release(&h);
	if (rc)
		goto oom;
	return 0;
oom:
	prep_release(P);
	return err_set(e, "risk: out of memory");
}

/* The log-likelihood at (b0, b1, b2, alpha, tau, theta); with grad, its gradient with respect
 * to (b0, b1, b2, log α, log τ, log θ).  α = 0 or a baseline prep gives the baseline model;
 * θ counts only in a RISK_DISTANCE2 prep. */
static double prep_eval(struct prep *P, double b0, double b1, double b2, double alpha,
			double tau, double theta, double grad[RISK_NPAR])
{
	if (!P->cntw2)   /* not a distance-2 prep */
		theta = 0;
	double ll = 0, g[RISK_NPAR] = { 0 };
	for (size_t c = 0; c < P->ncell; c++) {
		const struct cell *C = &P->cell[c];
		double t = C->count * exp(b0 + b1 * C->x1 + b2 * C->x2);
		ll -= t;
		g[RISK_B0] -= t;
		g[RISK_B1] -= t * C->x1;
		g[RISK_B2] -= t * C->x2;
	}
	int contagion = P->contagion && alpha > 0;
	if (contagion) {
		for (int d = 0; d <= P->t_to; d++)
			P->rp[d] = exp(-d / tau);
		/* G(s) = Σ_{t in window, t > s} r^(t−s), GD(s) = Σ (t−s)·r^(t−s), backwards */
		double r = P->rp[1], G = 0, GD = 0, B = 0, BD = 0, B2 = 0, BD2 = 0;
		for (int s = P->t_to - 2; s >= 0; s--) {
			double nG, nGD;
			if (s + 1 >= P->t_from) {
				nG = r * (1 + G);
				nGD = r * (1 + G + GD);
			} else {
				nG = r * G;
				nGD = r * (G + GD);
			}
			G = nG;
			GD = nGD;
			B += P->cntw[s] * G;
			BD += P->cntw[s] * GD;
			if (P->cntw2) {
				B2 += P->cntw2[s] * G;
				BD2 += P->cntw2[s] * GD;
			}
		}
		ll -= alpha * (B + theta * B2);
		g[RISK_LOG_ALPHA] -= alpha * (B + theta * B2);
		g[RISK_LOG_TAU] -= alpha * (BD + theta * BD2) / tau;
		g[RISK_LOG_THETA] -= alpha * theta * B2;
	}
	for (size_t v = 0; v < P->nvpp; v++) {
		const struct vpp *X = &P->vpp[v];
		double mu = exp(b0 + b1 * X->x1 + b2 * X->x2), E = 0, ED = 0, E2 = 0;
		if (contagion) {
			for (int64_t k = X->item; k < P->vpp[v + 1].item; k++) {
				double w = P->lw[k] + (P->lw2 ? theta * P->lw2[k] : 0);
				double t = w * P->rp[P->lag[k]];
				E += t;
				ED += t * P->lag[k];
				if (P->lw2)
					E2 += theta * P->lw2[k] * P->rp[P->lag[k]];
			}
			/* this person-period is not among the non-victimised ones after all */
			ll += alpha * E;
			g[RISK_LOG_ALPHA] += alpha * E;
			g[RISK_LOG_TAU] += alpha * ED / tau;
			g[RISK_LOG_THETA] += alpha * E2;
		}
		double lam = mu + alpha * E;
		ll += log(-expm1(-lam));
		double dl = 1 / expm1(lam);   /* d log(1 − e^−λ) / dλ */
		g[RISK_B0] += dl * mu;
		g[RISK_B1] += dl * mu * X->x1;
		g[RISK_B2] += dl * mu * X->x2;
		if (contagion) {
			g[RISK_LOG_ALPHA] += dl * alpha * E;
			g[RISK_LOG_TAU] += dl * alpha * ED / tau;
			g[RISK_LOG_THETA] += dl * alpha * E2;
		}
	}
	if (grad)
		memcpy(grad, g, sizeof g);
	return ll;
}

/* The mean over the victimised person-periods of α·E / λ: the share of the victimisations
 * the parameters attribute to contagion. */
static double prep_attributable(struct prep *P, const struct risk_params *p)
{
	if (!P->contagion || !(p->alpha > 0) || !P->nvpp)
		return 0;
	for (int d = 0; d <= P->t_to; d++)
		P->rp[d] = exp(-d / p->tau);
	double sum = 0;
	for (size_t v = 0; v < P->nvpp; v++) {
		const struct vpp *X = &P->vpp[v];
		double E = 0;
		for (int64_t k = X->item; k < P->vpp[v + 1].item; k++)
			E += (P->lw[k] + (P->lw2 ? p->theta * P->lw2[k] : 0)) * P->rp[P->lag[k]];
		sum += p->alpha * E / (exp(p->b0 + p->b1 * X->x1 + p->b2 * X->x2) + p->alpha * E);
	}
	return sum / (double)P->nvpp;
}

int risk_loglik(const struct graph *g, const struct risk_events *ev, int t_from, int t_to,
		const struct risk_params *p, double *out, struct err *e)
{
	struct prep P;
	assert(p->alpha >= 0 && (p->alpha == 0 || p->tau > 0) && p->theta >= 0);
	if (prep_build(&P, g, ev, t_from, t_to,
		       p->alpha > 0 ? (p->theta > 0 ? RISK_DISTANCE2 : RISK_DIRECT) : RISK_BASELINE, e))
		return -1;
	*out = prep_eval(&P, p->b0, p->b1, p->b2, p->alpha, p->tau, p->theta, NULL);
	prep_release(&P);
	return 0;
}

/* ---- fitting -------------------------------------------------------------------------- */

/* The minimisers work on the estimated parameters only (x); the rest stay at th0. */
struct opt {
	struct prep *P;
	int nfree, idx[RISK_NPAR];
	double th0[RISK_NPAR];
	int evals;
};

/* −log-likelihood at x and its gradient (NULL: not wanted).  log α and log τ are clamped to
 * their ranges, where the function is flat. */
static double opt_eval(struct opt *o, const gsl_vector *x, gsl_vector *grad)
{
	double th[RISK_NPAR], gr[RISK_NPAR];
	memcpy(th, o->th0, sizeof th);
	for (int k = 0; k < o->nfree; k++)
		th[o->idx[k]] = gsl_vector_get(x, (size_t)k);
	double la = th[RISK_LOG_ALPHA], lt = th[RISK_LOG_TAU], lh = th[RISK_LOG_THETA];
	int la_in = la >= RISK_LOG_ALPHA_MIN, lt_in = lt >= LOG_TAU_MIN && lt <= LOG_TAU_MAX;
	int lh_in = lh >= RISK_LOG_ALPHA_MIN && lh <= LOG_THETA_MAX;
	la = la_in ? la : RISK_LOG_ALPHA_MIN;
	lt = lt < LOG_TAU_MIN ? LOG_TAU_MIN : lt > LOG_TAU_MAX ? LOG_TAU_MAX : lt;
	lh = lh < RISK_LOG_ALPHA_MIN ? RISK_LOG_ALPHA_MIN : lh > LOG_THETA_MAX ? LOG_THETA_MAX : lh;
	o->evals++;
	double ll = prep_eval(o->P, th[RISK_B0], th[RISK_B1], th[RISK_B2],
			      o->P->contagion ? exp(la) : 0, exp(lt),
			      o->P->contagion == RISK_DISTANCE2 ? exp(lh) : 0, gr);
	gr[RISK_LOG_ALPHA] *= la_in;
	gr[RISK_LOG_TAU] *= lt_in;
	gr[RISK_LOG_THETA] *= lh_in;
	int ok = isfinite(ll);
	for (int k = 0; k < RISK_NPAR; k++)
		ok &= isfinite(gr[k]);
	if (grad)
		for (int k = 0; k < o->nfree; k++)
			gsl_vector_set(grad, (size_t)k, ok ? -gr[o->idx[k]] : 0);
	return ok ? -ll : BAD_VALUE;
}

static double opt_f(const gsl_vector *x, void *o) { return opt_eval(o, x, NULL); }

/* Nelder–Mead from x (updated in place) with the given initial steps; returns −loglik. */
static double run_simplex(struct opt *o, gsl_vector *x, const double *step)
{
	size_t n = (size_t)o->nfree;
	gsl_multimin_function fn = { opt_f, n, o };
	gsl_vector *ss = gsl_vector_alloc(n);
	gsl_multimin_fminimizer *m =
		gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n);
	double f = BAD_VALUE;
	if (!ss || !m)
		goto out;
	for (size_t k = 0; k < n; k++)
		gsl_vector_set(ss, k, step[o->idx[k]]);
	if (gsl_multimin_fminimizer_set(m, &fn, x, ss))
		goto out;
	for (int it = 0; it < 5000; it++) {
		if (gsl_multimin_fminimizer_iterate(m))
			break;
		if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(m), 1e-7) == GSL_SUCCESS)
			break;
	}
	f = gsl_multimin_fminimizer_minimum(m);
	gsl_vector_memcpy(x, gsl_multimin_fminimizer_x(m));
out:
	gsl_multimin_fminimizer_free(m);
	gsl_vector_free(ss);
	return f;
}

/* The observed information of the parameters use[0..nuse-1] (indices into x): the Hessian
 * of −loglik by central differences of the analytic gradient, symmetrised, into H (nuse ×
 * nuse).  Returns 0, or -1 if a value is not finite. */
static int information(struct opt *o, const gsl_vector *x, const int *use, int nuse,
		       gsl_matrix *H, gsl_vector *xp, gsl_vector *gp, gsl_vector *gm)
{
	for (int b = 0; b < nuse; b++) {
		size_t l = (size_t)use[b];
		double h = 1e-4 * (1 + fabs(gsl_vector_get(x, l)));
		gsl_vector_memcpy(xp, x);
		gsl_vector_set(xp, l, gsl_vector_get(x, l) + h);
		opt_eval(o, xp, gp);
		gsl_vector_set(xp, l, gsl_vector_get(x, l) - h);
		opt_eval(o, xp, gm);
		for (int a = 0; a < nuse; a++)
			gsl_matrix_set(H, (size_t)a, (size_t)b,
				       (gsl_vector_get(gp, (size_t)use[a]) -
					gsl_vector_get(gm, (size_t)use[a])) / (2 * h));
	}
	for (size_t a = 0; a < (size_t)nuse; a++) {
		if (!isfinite(gsl_matrix_get(H, a, a)))
			return -1;
		for (size_t b = 0; b < a; b++) {
			double v = (gsl_matrix_get(H, a, b) + gsl_matrix_get(H, b, a)) / 2;
			if (!isfinite(v))
				return -1;
			gsl_matrix_set(H, a, b, v);
			gsl_matrix_set(H, b, a, v);
		}
	}
	return 0;
}

/* Cholesky factorisation of the symmetric H in place, only when H is safely positive
 * definite (smallest eigenvalue above 1e-10 of the largest): GSL's own Cholesky would call
 * the GSL error handler on an indefinite matrix, and the default handler aborts.  Returns 0
 * or -1 (H is then left unfactorised). */
static int spd_cholesky(gsl_matrix *H)
{
	size_t n = H->size1;
	gsl_matrix *c = gsl_matrix_alloc(n, n);
	gsl_vector *ev = gsl_vector_alloc(n);
	gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(n);
	int rc = -1;
	if (c && ev && w) {
		gsl_matrix_memcpy(c, H);
		if (!gsl_eigen_symm(c, ev, w)) {
			double lo = gsl_vector_min(ev), hi = gsl_vector_max(ev);
			if (hi > 0 && lo > 1e-10 * hi && !gsl_linalg_cholesky_decomp1(H))
				rc = 0;
		}
	}
	gsl_eigen_symm_free(w);
	gsl_vector_free(ev);
	gsl_matrix_free(c);
	return rc;
}

/* Newton's method on the parameters `use`, from x (updated in place) with f = −loglik(x):
 * the simplex ends near the maximum, and a few Newton steps with step halving make it exact
 * to rounding.  fit->gap is the log-likelihood a further step would still gain.  Stops
 * early where the information is not positive definite.  Returns 0 or -1 (out of memory). */
static int newton(struct opt *o, gsl_vector *x, double *f, const int *use, int nuse,
		  struct risk_fit *fit)
{
	size_t n = (size_t)o->nfree, nu = (size_t)nuse;
	gsl_vector *xp = gsl_vector_alloc(n), *gp = gsl_vector_alloc(n), *gm = gsl_vector_alloc(n);
	gsl_vector *g = gsl_vector_alloc(n), *gu = gsl_vector_alloc(nu), *d = gsl_vector_alloc(nu);
	gsl_vector *xt = gsl_vector_alloc(n);
	gsl_matrix *H = gsl_matrix_alloc(nu, nu);
	int rc = -1;
	if (!xp || !gp || !gm || !g || !gu || !d || !xt || !H)
		goto out;
	rc = 0;
	for (int it = 0; it < 50; it++) {
		opt_eval(o, x, g);
		if (information(o, x, use, nuse, H, xp, gp, gm) || spd_cholesky(H))
			break;
		for (int a = 0; a < nuse; a++)
			gsl_vector_set(gu, (size_t)a, gsl_vector_get(g, (size_t)use[a]));
		gsl_linalg_cholesky_solve(H, gu, d);   /* the Newton step is −d */
		double gap;
		gsl_blas_ddot(gu, d, &gap);
		fit->gap = gap / 2;
		if (!(gap > 1e-14))
			break;
		double step = 1, ft = *f;
		for (int half = 0; half < 30; half++, step /= 2) {
			gsl_vector_memcpy(xt, x);
			for (int a = 0; a < nuse; a++)
				gsl_vector_set(xt, (size_t)use[a], gsl_vector_get(x, (size_t)use[a]) -
					       step * gsl_vector_get(d, (size_t)a));
			ft = opt_eval(o, xt, NULL);
			if (ft <= *f)
				break;
		}
		if (!(ft <= *f))
			break;
		int moved = 0;
		for (size_t k = 0; k < n; k++)
			moved |= gsl_vector_get(xt, k) != gsl_vector_get(x, k);
		gsl_vector_memcpy(x, xt);
		*f = ft;
		if (!moved)
			break;
	}
out:
	gsl_vector_free(xp);
	gsl_vector_free(gp);
	gsl_vector_free(gm);
	gsl_vector_free(g);
	gsl_vector_free(gu);
	gsl_vector_free(d);
	gsl_vector_free(xt);
	gsl_matrix_free(H);
	return rc;
}

/* The covariance of the parameters `use` at x, the inverse of their observed information,
 * into fit->cov and fit->se.  Returns 1 if the information is positive definite, 0 if not
 * (nothing written), -1 when out of memory. */
static int covariance(struct opt *o, const gsl_vector *x, const int *use, int nuse,
		      struct risk_fit *fit)
{
	size_t n = (size_t)o->nfree, nu = (size_t)nuse;
	gsl_vector *xp = gsl_vector_alloc(n), *gp = gsl_vector_alloc(n), *gm = gsl_vector_alloc(n);
	gsl_matrix *H = gsl_matrix_alloc(nu, nu);
	int ok = -1;
	if (!xp || !gp || !gm || !H)
		goto out;
	ok = 0;
	if (information(o, x, use, nuse, H, xp, gp, gm) || spd_cholesky(H) ||
	    gsl_linalg_cholesky_invert(H))
		goto out;
	for (int a = 0; a < nuse; a++)
		if (!(gsl_matrix_get(H, (size_t)a, (size_t)a) > 0))
			goto out;
	ok = 1;
	for (int a = 0; a < nuse; a++) {
		int pa = o->idx[use[a]];
		for (int b = 0; b < nuse; b++)
			fit->cov[pa][o->idx[use[b]]] = gsl_matrix_get(H, (size_t)a, (size_t)b);
		fit->se[pa] = sqrt(gsl_matrix_get(H, (size_t)a, (size_t)a));
	}
out:
	gsl_vector_free(xp);
	gsl_vector_free(gp);
	gsl_vector_free(gm);
	gsl_matrix_free(H);
	return ok;
}

/* Σ over the window's person-periods of the exposure at τ with α = 1 (for a start value). */
static double total_exposure(const struct prep *P, double tau)
{
	double r = exp(-1 / tau), G = 0, B = 0;
	for (int s = P->t_to - 2; s >= 0; s--) {
		G = s + 1 >= P->t_from ? r * (1 + G) : r * G;
		B += P->cntw[s] * G;
	}
	return B;
}

int risk_fit(const struct graph *g, const struct risk_events *ev, int t_from, int t_to,
	     int contagion, struct risk_fit *out, struct err *e)
{
	struct prep P;
	memset(out, 0, sizeof *out);
	if (prep_build(&P, g, ev, t_from, t_to, contagion, e))
		return -1;
	gsl_vector *x = NULL, *best = NULL;
	int rc = -1;
	if (!P.nvpp) {
		err_set(e, "risk: nobody was victimised in the periods [%d, %d); there is nothing "
			"to fit", t_from, t_to);
		goto out;
	}
	if (contagion && !P.has_exposure) {
		err_set(e, "risk: no network neighbour of anyone was victimised before the end of the "
			"periods [%d, %d), so the contagion term cannot be estimated", t_from, t_to);
		goto out;
	}

	out->contagion = contagion;
	out->t_from = t_from;
	out->t_to = t_to;
	out->wmax = P.wmax;
	out->person_periods = P.person_periods;
	out->victim_periods = (long long)P.nvpp;
	for (int a = 0; a < RISK_NPAR; a++) {
		out->se[a] = NAN;
		for (int b = 0; b < RISK_NPAR; b++)
			out->cov[a][b] = NAN;
	}
	out->se_alpha = out->se_tau = out->se_theta = out->gap = NAN;
	int d2 = contagion == RISK_DISTANCE2;

	struct opt o = { .P = &P };
	int est[RISK_NPAR] = { 1, P.has_x1, P.has_x2, contagion != 0, contagion != 0, d2 };
	for (int k = 0; k < RISK_NPAR; k++)
		if ((out->estimated[k] = est[k]))
			o.idx[o.nfree++] = k;
	out->npar = o.nfree;

	/* Start: the overall rate, no covariate effect; for the contagion model α such that
	 * contagion would make a tenth of the intensity, from each τ of a small grid. */
	double rate = (double)P.nvpp / (double)P.person_periods;
	o.th0[RISK_B0] = log(rate);
	o.th0[RISK_LOG_ALPHA] = RISK_LOG_ALPHA_MIN;
	o.th0[RISK_LOG_TAU] = 0;
	o.th0[RISK_LOG_THETA] = d2 ? log(0.3) : RISK_LOG_ALPHA_MIN;
	static const double step[RISK_NPAR] = { 1, 0.5, 0.5, 1, 0.7, 1 };
	x = gsl_vector_alloc((size_t)o.nfree);
	best = gsl_vector_alloc((size_t)o.nfree);
	if (!x || !best) {
		err_set(e, "risk: out of memory");
		goto out;
	}
	double fbest = BAD_VALUE;
	static const double tau0[] = { 2, 8, 32 };
	int nstart = contagion ? 3 : 1;
	for (int s = 0; s < nstart; s++) {
		double th[RISK_NPAR];
		memcpy(th, o.th0, sizeof th);
		if (contagion) {
			double B = total_exposure(&P, tau0[s]);
			th[RISK_LOG_TAU] = log(tau0[s]);
			th[RISK_LOG_ALPHA] = log(0.1 * rate * (double)P.person_periods / B);
		}
		for (int k = 0; k < o.nfree; k++)
			gsl_vector_set(x, (size_t)k, th[o.idx[k]]);
		double f = run_simplex(&o, x, step);
		if (f < fbest) {
			fbest = f;
			gsl_vector_memcpy(best, x);
		}
	}
	static const double restep[RISK_NPAR] = { 0.1, 0.1, 0.1, 0.2, 0.2, 0.2 };
	double f = run_simplex(&o, best, restep);   /* a restart guards against a stalled simplex */
	if (f < fbest)
		fbest = f;
	if (!(fbest < BAD_VALUE)) {
		err_set(e, "risk: the likelihood could not be maximised (no finite value found)");
		goto out;
	}

	double th[RISK_NPAR];
	memcpy(th, o.th0, sizeof th);
	for (int k = 0; k < o.nfree; k++)
		th[o.idx[k]] = gsl_vector_get(best, (size_t)k);
	if (contagion) {   /* settle the clamped parameters on their bounds */
		/* Contagion that adds less than 1e-6 to the log-likelihood is none: α goes to its
		 * bound rather than leave a flat, singular direction to the Hessian. */
		double t = th[RISK_LOG_ALPHA];
		th[RISK_LOG_ALPHA] = RISK_LOG_ALPHA_MIN;
		for (int k = 0; k < o.nfree; k++)
			gsl_vector_set(x, (size_t)k, th[o.idx[k]]);
		if (opt_eval(&o, x, NULL) > fbest + 1e-6)
			th[RISK_LOG_ALPHA] = t;
		if (th[RISK_LOG_ALPHA] <= RISK_LOG_ALPHA_MIN + 1e-6) {
			th[RISK_LOG_ALPHA] = RISK_LOG_ALPHA_MIN;
			out->alpha_at_bound = 1;
		}
		if (th[RISK_LOG_TAU] <= LOG_TAU_MIN || th[RISK_LOG_TAU] >= LOG_TAU_MAX) {
			th[RISK_LOG_TAU] = th[RISK_LOG_TAU] <= LOG_TAU_MIN ? LOG_TAU_MIN : LOG_TAU_MAX;
			out->tau_at_bound = 1;
		}
		if (d2) {
			/* distance 2 that adds less than 1e-6 is none, as for α; θ = 1 is a bound */
			double h = th[RISK_LOG_THETA];
			th[RISK_LOG_THETA] = RISK_LOG_ALPHA_MIN;
			for (int k = 0; k < o.nfree; k++)
				gsl_vector_set(x, (size_t)k, th[o.idx[k]]);
			if (opt_eval(&o, x, NULL) > fbest + 1e-6)
				th[RISK_LOG_THETA] = h;
			if (th[RISK_LOG_THETA] <= RISK_LOG_ALPHA_MIN + 1e-6 || out->alpha_at_bound) {
				th[RISK_LOG_THETA] = RISK_LOG_ALPHA_MIN;
				out->theta_at_bound = 1;
			} else if (th[RISK_LOG_THETA] >= LOG_THETA_MAX - 1e-9) {
				th[RISK_LOG_THETA] = LOG_THETA_MAX;
				out->theta_at_bound = 1;
			}
		}
		for (int k = 0; k < o.nfree; k++)
			gsl_vector_set(best, (size_t)k, th[o.idx[k]]);
		fbest = opt_eval(&o, best, NULL);
	}
	/* A parameter on its bound carries no information (the likelihood is flat beyond it);
	 * with α there, τ carries none either.  Newton and the standard errors leave them out. */
	int use[RISK_NPAR], nuse = 0;
	for (int k = 0; k < o.nfree; k++)
		if (!(out->alpha_at_bound && o.idx[k] >= RISK_LOG_ALPHA) &&
		    !(out->tau_at_bound && o.idx[k] == RISK_LOG_TAU) &&
		    !(out->theta_at_bound && o.idx[k] == RISK_LOG_THETA))
			use[nuse++] = k;
	int ok = newton(&o, best, &fbest, use, nuse, out) ? -1
		 : covariance(&o, best, use, nuse, out);   /* 1, 0 not definite, -1 no memory */
	out->se_ok = ok == 1;
	if (ok == 0 && nuse > 0 && o.idx[use[nuse - 1]] >= RISK_LOG_ALPHA) {
		/* α and τ are not separately identified (a ridge): give the baseline coefficients
		 * standard errors that hold α and τ fixed; se_ok stays 0 to say so */
		int nb = 0;
		while (nb < nuse && o.idx[use[nb]] < RISK_LOG_ALPHA)
			nb++;
		ok = covariance(&o, best, use, nb, out);
	}
	if (ok < 0) {
		err_set(e, "risk: out of memory");
		goto out;
	}
	for (int k = 0; k < o.nfree; k++)
		th[o.idx[k]] = gsl_vector_get(best, (size_t)k);
	out->p = (struct risk_params){ th[RISK_B0], th[RISK_B1], th[RISK_B2],
				       contagion ? exp(th[RISK_LOG_ALPHA]) : 0,
				       contagion ? exp(th[RISK_LOG_TAU]) : 0,
				       d2 ? exp(th[RISK_LOG_THETA]) : 0 };
	out->loglik = -fbest;
	out->converged = out->se_ok && out->gap <= 1e-6;
	if (contagion) {
		out->se_alpha = out->p.alpha * out->se[RISK_LOG_ALPHA];
		out->se_tau = out->p.tau * out->se[RISK_LOG_TAU];
		if (d2)
			out->se_theta = out->p.theta * out->se[RISK_LOG_THETA];
		out->spread = out->p.alpha / expm1(1 / out->p.tau);
		out->attributable = prep_attributable(&P, &out->p);
	}
	out->evaluations = o.evals;
	rc = 0;
out:
	gsl_vector_free(x);
	gsl_vector_free(best);
	prep_release(&P);
	return rc;
}

/* ---- scores and explanations -------------------------------------------------------- */

static double baseline_part(const struct risk_events *ev, const struct risk_fit *fit,
			    int person, int t, int *x1, int *x2)
{
	*x1 = count_before(ev->victim + ev->victim_off[person],
			   ev->victim_off[person + 1] - ev->victim_off[person], t);
	*x2 = count_before(ev->suspect + ev->suspect_off[person],
			   ev->suspect_off[person + 1] - ev->suspect_off[person], t);
	return exp(fit->p.b0 + fit->p.b1 * *x1 + fit->p.b2 * *x2);
}

double risk_intensity(const struct graph *g, const struct risk_events *ev,
		      const struct risk_fit *fit, int person, int t)
{
	assert(ev->finished && person >= 0 && person < ev->n && t >= 0);
	int x1, x2;
	double lam = baseline_part(ev, fit, person, t, &x1, &x2), E = 0;
	if (fit->contagion && fit->p.alpha > 0 && fit->wmax > 0) {
		for (int64_t k = g->offset[person]; k < g->offset[person + 1]; k++) {
			int j = g->adj[k];
			double w = g->w[k] / fit->wmax;
			for (int q = ev->victim_off[j]; q < ev->victim_off[j + 1]; q++) {
				if (ev->victim[q] >= t)
					break;
				E += w * exp(-(t - ev->victim[q]) / fit->p.tau);
			}
		}
		struct hop2 h;
		if (fit->p.theta > 0 && !hop2_init(&h, ev->n)) {
			int nk = hop2_collect(&h, g, fit->wmax, person);
			for (int c = 0; c < nk; c++) {
				int kk = h.list[c];
				for (int q = ev->victim_off[kk]; q < ev->victim_off[kk + 1]; q++) {
					if (ev->victim[q] >= t)
						break;
					E += fit->p.theta * h.best[kk] * exp(-(t - ev->victim[q]) / fit->p.tau);
				}
			}
			hop2_release(&h);
		} else if (fit->p.theta > 0) {
			return NAN;   /* out of memory */
		}
		lam += fit->p.alpha * E;
	}
	return lam;
}

double risk_score(const struct graph *g, const struct risk_events *ev,
		  const struct risk_fit *fit, int person, int t)
{
	return -expm1(-risk_intensity(g, ev, fit, person, t));
}

int risk_forecast(const struct graph *g, const struct risk_events *ev,
		  const struct risk_fit *fit, int from, int to, double *prob, struct err *e)
{
	assert(ev->finished && g->n == ev->n);
	if (from < 0 || to <= from)
		return err_set(e, "risk: the forecast window [%d, %d) is empty or negative", from, to);
	int contagion = fit->contagion && fit->p.alpha > 0 && fit->wmax > 0;
	int d2 = contagion && fit->p.theta > 0;
	double *S = NULL, *E2 = NULL;
	struct hop2 h = { 0 };
	if (contagion && !(S = calloc((size_t)ev->n + 1, sizeof *S)))
		return err_set(e, "risk: out of memory");
	if (d2 && (!(E2 = calloc((size_t)ev->n + 1, sizeof *E2)) || hop2_init(&h, ev->n))) {
		free(S);
		free(E2);
		hop2_release(&h);
		return err_set(e, "risk: out of memory");
	}
	double geom = 0;   /* Σ_{u < to − from} r^u */
	if (contagion) {
		for (int j = 0; j < ev->n; j++)
			for (int q = ev->victim_off[j]; q < ev->victim_off[j + 1]; q++) {
				if (ev->victim[q] >= from)
					break;
				S[j] += exp(-(from - ev->victim[q]) / fit->p.tau);
			}
		double r = exp(-1 / fit->p.tau);
		geom = r < 1 ? -expm1((to - from) * log(r)) / (1 - r) : to - from;
	}
	/* distance 2, from each victim outwards (w2 is symmetric): E2_i = Σ_k w2_ik S_k */
	for (int k = 0; d2 && k < ev->n; k++) {
		if (!(S[k] > 0))
			continue;
		int nk = hop2_collect(&h, g, fit->wmax, k);
		for (int c = 0; c < nk; c++)
			E2[h.list[c]] += h.best[h.list[c]] * S[k];
		hop2_clear(&h, g, k, nk);
	}
	for (int i = 0; i < ev->n; i++) {
		int x1, x2;
		double lam = (to - from) * baseline_part(ev, fit, i, from, &x1, &x2);
		if (contagion) {
			double E = 0;
			for (int64_t k = g->offset[i]; k < g->offset[i + 1]; k++)
				E += g->w[k] / fit->wmax * S[g->adj[k]];
			if (d2)
				E += fit->p.theta * E2[i];
			lam += fit->p.alpha * geom * E;
		}
		prob[i] = -expm1(-lam);
	}
	free(S);
	free(E2);
	hop2_release(&h);
	return 0;
}

static int cmp_term(const void *a, const void *b)
{
	const struct risk_term *x = a, *y = b;
	if (x->contribution != y->contribution)
		return x->contribution > y->contribution ? -1 : 1;
	if (x->neighbour != y->neighbour)
		return x->neighbour < y->neighbour ? -1 : 1;
	return x->period > y->period ? -1 : x->period < y->period;
}

int risk_explain(const struct graph *g, const struct risk_events *ev,
		 const struct risk_fit *fit, int person, int t, struct risk_explanation *out,
		 struct err *e)
{
	assert(ev->finished && person >= 0 && person < ev->n && t >= 0);
	memset(out, 0, sizeof *out);
	out->person = person;
	out->period = t;
	out->b0 = fit->p.b0;
	out->b1 = fit->p.b1;
	out->b2 = fit->p.b2;
	out->alpha = fit->p.alpha;
	out->tau = fit->p.tau;
	out->theta = fit->p.theta;
	out->baseline = baseline_part(ev, fit, person, t, &out->x1, &out->x2);
	out->factor1 = exp(fit->p.b1 * out->x1);
	out->factor2 = exp(fit->p.b2 * out->x2);
	out->intensity = out->baseline;
	if (fit->contagion && fit->p.alpha > 0 && fit->wmax > 0) {
		size_t n = 0;
		struct hop2 h = { 0 };
		int nk = 0;
		for (int64_t k = g->offset[person]; k < g->offset[person + 1]; k++) {
			int j = g->adj[k];
			n += (size_t)count_before(ev->victim + ev->victim_off[j],
						  ev->victim_off[j + 1] - ev->victim_off[j], t);
		}
		if (fit->p.theta > 0) {
			if (hop2_init(&h, ev->n)) {
				hop2_release(&h);
				return err_set(e, "risk: out of memory");
			}
			nk = hop2_collect(&h, g, fit->wmax, person);
			for (int c = 0; c < nk; c++) {
				int kk = h.list[c];
				n += (size_t)count_before(ev->victim + ev->victim_off[kk],
							  ev->victim_off[kk + 1] - ev->victim_off[kk], t);
			}
		}
		if (n && !(out->terms = malloc(n * sizeof *out->terms))) {
			hop2_release(&h);
			return err_set(e, "risk: out of memory");
		}
		for (int64_t k = g->offset[person]; k < g->offset[person + 1]; k++) {
			int j = g->adj[k];
			double w = g->w[k] / fit->wmax;
			for (int q = ev->victim_off[j]; q < ev->victim_off[j + 1]; q++) {
				int s = ev->victim[q];
				if (s >= t)
					break;
				struct risk_term *last = out->nterms ? &out->terms[out->nterms - 1] : NULL;
				if (last && last->neighbour == j && last->period == s) {
					last->count++;
					last->contribution = fit->p.alpha * w * last->decay * last->count;
					continue;
				}
				double decay = exp(-(t - s) / fit->p.tau);
				out->terms[out->nterms++] = (struct risk_term){
					j, 1, -1, s, 1, w, decay, fit->p.alpha * w * decay };
			}
		}
		for (int c = 0; c < nk; c++) {
			int kk = h.list[c];
			double w = fit->p.theta * h.best[kk];
			for (int q = ev->victim_off[kk]; q < ev->victim_off[kk + 1]; q++) {
				int s = ev->victim[q];
				if (s >= t)
					break;
				struct risk_term *last = out->nterms ? &out->terms[out->nterms - 1] : NULL;
				if (last && last->neighbour == kk && last->period == s) {
					last->count++;
					last->contribution = fit->p.alpha * w * last->decay * last->count;
					continue;
				}
				double decay = exp(-(t - s) / fit->p.tau);
				out->terms[out->nterms++] = (struct risk_term){
					kk, 2, h.via[kk], s, 1, w, decay, fit->p.alpha * w * decay };
			}
		}
		hop2_release(&h);
		if (out->nterms)
			qsort(out->terms, out->nterms, sizeof *out->terms, cmp_term);
		for (size_t u = 0; u < out->nterms; u++)
			out->exposure += out->terms[u].contribution;
		out->intensity += out->exposure;
	}
	out->probability = -expm1(-out->intensity);
	return 0;
}

void risk_explanation_release(struct risk_explanation *x)
{
	if (!x)
		return;
	free(x->terms);
	x->terms = NULL;
	x->nterms = 0;
}

/* ---- evaluation ------------------------------------------------------------------------- */

static int cmp_rank(const void *a, const void *b, void *prob)
{
	const double *sort_prob = prob;
	int i = *(const int *)a, j = *(const int *)b;
	if (sort_prob[i] != sort_prob[j])
		return sort_prob[i] > sort_prob[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* Scores one model's top-k list; victim[i] says who was victimised in the test window. */
static int rank_eval(const struct graph *g, const struct risk_events *ev,
		     const struct risk_fit *fit, const struct risk_eval *ev_out,
		     const unsigned char *victim, double *prob, int *order, struct risk_rank *r,
		     struct err *e)
{
	int n = ev->n, k = ev_out->k;
	if (risk_forecast(g, ev, fit, ev_out->t_split, ev_out->t_to, prob, e))
		return -1;
	for (int i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, (size_t)n, sizeof *order, cmp_rank, prob);
	double pk = prob[order[k - 1]];
	int above = 0, equal = 0, hits_above = 0, victims_equal = 0;
	r->hits = 0;
	for (int u = 0; u < n; u++) {
		int i = order[u];
		if (u < k)
			r->hits += victim[i];
		if (prob[i] > pk)
			above++, hits_above += victim[i];
		else if (prob[i] == pk)
			equal++, victims_equal += victim[i];
	}
	r->precision = (double)r->hits / k;
	r->recall = ev_out->test_victims ? (double)r->hits / ev_out->test_victims : NAN;
	r->tied = equal - (k - above);
	r->precision_ties = (hits_above + (double)(k - above) * victims_equal / equal) / k;
	struct risk_params p = fit->p;
	if (!fit->contagion)
		p.alpha = 0;
	return risk_loglik(g, ev, ev_out->t_split, ev_out->t_to, &p, &r->test_loglik, e);
}

static int evaluate(const struct graph *g, const struct risk_events *ev, int t_from,
		    int t_split, int t_to, int k, int d2, struct risk_eval *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	assert(ev->finished && g->n == ev->n);
	if (t_from < 0 || t_from >= t_split || t_split >= t_to || t_to > ev->periods)
		return err_set(e, "risk: the evaluation needs 0 <= training start < split < test end "
			       "<= %d periods; got %d, %d, %d", ev->periods, t_from, t_split, t_to);
	if (k < 1 || k > ev->n)
		return err_set(e, "risk: the list length k = %d must be between 1 and the number "
			       "of persons, %d", k, ev->n);
	out->t_from = t_from;
	out->t_split = t_split;
	out->t_to = t_to;
	out->k = k;
	out->n = ev->n;
	out->with_distance2 = d2;
	if (risk_fit(g, ev, t_from, t_split, RISK_DIRECT, &out->contagion, e) ||
	    risk_fit(g, ev, t_from, t_split, RISK_BASELINE, &out->baseline, e) ||
	    (d2 && risk_fit(g, ev, t_from, t_split, RISK_DISTANCE2, &out->distance2, e)))
		return err_prefix(e, "fitting on the training periods: ");
	unsigned char *victim = calloc((size_t)ev->n + 1, 1);
	double *prob = malloc(((size_t)ev->n + 1) * sizeof *prob);
	int *order = malloc(((size_t)ev->n + 1) * sizeof *order);
	int rc = -1;
	if (!victim || !prob || !order) {
		err_set(e, "risk: out of memory");
		goto out;
	}
	for (int i = 0; i < ev->n; i++)
		for (int q = ev->victim_off[i]; q < ev->victim_off[i + 1]; q++)
			if (ev->victim[q] >= t_split && ev->victim[q] < t_to) {
				out->test_victimisations++;
				out->test_victims += !victim[i];
				victim[i] = 1;
			}
	out->random_precision = (double)out->test_victims / ev->n;
	out->lr_stat = 2 * (out->contagion.loglik - out->baseline.loglik);
	if (out->lr_stat < 0)
		out->lr_stat = 0;
	out->lr_p = gsl_cdf_chisq_Q(out->lr_stat, 2);
	if (d2) {
		out->lr2_stat = 2 * (out->distance2.loglik - out->contagion.loglik);
		if (out->lr2_stat < 0)
			out->lr2_stat = 0;
		out->lr2_p = gsl_cdf_chisq_Q(out->lr2_stat, 1);
	}
	if (rank_eval(g, ev, &out->contagion, out, victim, prob, order, &out->contagion_rank, e) ||
	    rank_eval(g, ev, &out->baseline, out, victim, prob, order, &out->baseline_rank, e) ||
	    (d2 && rank_eval(g, ev, &out->distance2, out, victim, prob, order, &out->distance2_rank, e)))
		goto out;
	rc = 0;
out:
	free(victim);
	free(prob);
	free(order);
	return rc;
}

int risk_evaluate(const struct graph *g, const struct risk_events *ev, int t_from,
		  int t_split, int t_to, int k, struct risk_eval *out, struct err *e)
{
	return evaluate(g, ev, t_from, t_split, t_to, k, 0, out, e);
}

int risk_evaluate_distance2(const struct graph *g, const struct risk_events *ev, int t_from,
			    int t_split, int t_to, int k, struct risk_eval *out, struct err *e)
{
	return evaluate(g, ev, t_from, t_split, t_to, k, 1, out, e);
}

/* ---- simulation -------------------------------------------------------------------------- */

int risk_simulate(const struct graph *g, int periods, int period_days,
		  const struct risk_params *truth, double suspect_rate, uint64_t seed,
		  struct risk_events *out, struct err *e)
{
	int n = g->n, rc = -1;
	risk_events_init(out, n, periods, period_days);
	if (periods < 1 || !(truth->alpha >= 0) || !(truth->tau > 0) || !(truth->theta >= 0) ||
	    !(truth->theta <= 1) || !isfinite(truth->b0) ||
	    !isfinite(truth->b1) || !isfinite(truth->b2) || !(suspect_rate >= 0 && suspect_rate <= 1))
		return err_set(e, "risk: simulation needs periods >= 1, alpha >= 0, tau > 0, theta in "
			       "[0, 1], finite coefficients and a suspect rate in [0, 1]");
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *u = malloc(((size_t)n + 1) * sizeof *u);
	double *S = calloc((size_t)n + 1, sizeof *S);
	int *x1 = calloc((size_t)n + 1, sizeof *x1), *x2 = calloc((size_t)n + 1, sizeof *x2);
	unsigned char *shot = calloc((size_t)n + 1, 1);
	double *E2 = calloc((size_t)n + 1, sizeof *E2);
	struct hop2 h = { 0 };
	if (!rng || !u || !S || !x1 || !x2 || !shot || !E2 || (truth->theta > 0 && hop2_init(&h, n))) {
		err_set(e, "risk: out of memory");
		goto out;
	}
	gsl_rng_set(rng, (unsigned long)((seed ^ (seed >> 32)) & 0xffffffffu));
	for (int i = 0; i < n; i++)
		u[i] = gsl_ran_gamma(rng, 0.5, 2.0);
	double wmax = max_weight(g), r = exp(-1 / truth->tau);
	int contagion = truth->alpha > 0 && wmax > 0;
	for (int t = 0; t < periods; t++) {
		if (contagion && truth->theta > 0) {   /* E2_i = Σ_k w2_ik S_k, from the victims out */
			memset(E2, 0, (size_t)n * sizeof *E2);
			for (int k = 0; k < n; k++) {
				if (!(S[k] > 0))
					continue;
				int nk = hop2_collect(&h, g, wmax, k);
				for (int c = 0; c < nk; c++)
					E2[h.list[c]] += h.best[h.list[c]] * S[k];
				hop2_clear(&h, g, k, nk);
			}
		}
		for (int i = 0; i < n; i++) {
			double lam = exp(truth->b0 + truth->b1 * x1[i] + truth->b2 * x2[i]);
			if (contagion) {
				double E = 0;
				for (int64_t k = g->offset[i]; k < g->offset[i + 1]; k++)
					E += g->w[k] / wmax * S[g->adj[k]];
				lam += truth->alpha * (E + truth->theta * E2[i]);
			}
			shot[i] = gsl_rng_uniform(rng) < -expm1(-lam);
			double ps = suspect_rate * u[i];
			if (gsl_rng_uniform(rng) < (ps < 1 ? ps : 1)) {
				if (risk_events_add(out, RISK_SUSPECT, i, t, e))
					goto out;
				x2[i]++;
			}
		}
		for (int i = 0; i < n; i++) {   /* S_i(t + 1) = r · (S_i(t) + shot at t) */
			S[i] = r * (S[i] + shot[i]);
			if (shot[i]) {
				if (risk_events_add(out, RISK_VICTIM, i, t, e))
					goto out;
				x1[i]++;
			}
		}
	}
	rc = risk_events_finish(out, e);
out:
	gsl_rng_free(rng);
	free(u);
	free(S);
	free(x1);
	free(x2);
	free(shot);
	free(E2);
	hop2_release(&h);
	if (rc)
		risk_events_release(out);
	return rc;
}
