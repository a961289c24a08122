/* its.c — the designs of the interrupted time series and of difference-in-differences, and
 * their fits (see its.h).
 *
 * One small column builder makes every design, so the names the reports show are the names
 * the oracle tests rebuild in statsmodels; the regressions themselves are glm.c's. */
#include "eval/its.h"

#include <gsl/gsl_cdf.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct design {
	int n, k, cap;
	double *X;                 /* column-major while building: column j at X + j * n */
	char (*names)[ITS_NAME];
};

static double *design_add(struct design *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static double *design_add(struct design *d, const char *fmt, ...)
{
	if (d->k == d->cap) {
		int cap = d->cap ? 2 * d->cap : 16;
		double *X = realloc(d->X, (size_t)cap * (size_t)d->n * sizeof *X);
		if (!X)
			return NULL;
		d->X = X;
		char (*names)[ITS_NAME] = realloc(d->names, (size_t)cap * sizeof *names);
		if (!names)
			return NULL;
		d->names = names;
		d->cap = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->names[d->k], ITS_NAME, fmt, ap);
	va_end(ap);
	double *col = d->X + (size_t)d->k * (size_t)d->n;
	memset(col, 0, (size_t)d->n * sizeof *col);
	d->k++;
	return col;
}

static void design_release(struct design *d)
{
	free(d->X);
	free(d->names);
	memset(d, 0, sizeof *d);
}

/* Row-major copy of the design, as glm_fit takes it. */
static double *design_rows(const struct design *d)
{
	double *R = malloc((size_t)d->n * (size_t)d->k * sizeof *R);
	if (!R)
		return NULL;
	for (int i = 0; i < d->n; i++)
		for (int j = 0; j < d->k; j++)
			R[(size_t)i * (size_t)d->k + (size_t)j] = d->X[(size_t)j * (size_t)d->n + (size_t)i];
	return R;
}

static int ppy(const struct its_panel *p) { return p->periods_per_year > 0 ? p->periods_per_year : 12; }

static const char *unit_name(const struct its_panel *p, int u, char buf[32])
{
	if (p->names && p->names[u])
		return p->names[u];
	snprintf(buf, 32, "%d", u + 1);
	return buf;
}

/* intercept and one indicator per unit after the first */
static int add_units(struct design *d, const struct its_panel *p)
{
	double *c = design_add(d, "intercept");
	if (!c)
		return -1;
	for (int i = 0; i < d->n; i++)
		c[i] = 1;
	for (int u = 1; u < p->units; u++) {
		char buf[32];
		c = design_add(d, "area:%s", unit_name(p, u, buf));
		if (!c)
			return -1;
		for (int t = 0; t < p->T; t++)
			c[u * p->T + t] = 1;
	}
	return 0;
}

static int add_season(struct design *d, const struct its_panel *p, enum its_season season,
		      int harmonics)
{
	int P = ppy(p);
	if (season == ITS_SEASON_MONTHS) {
		for (int m = 2; m <= P; m++) {
			double *c = design_add(d, P == 12 ? "month:%02d" : "week:%02d", m);
			if (!c)
				return -1;
			for (int u = 0; u < p->units; u++)
				for (int t = 0; t < p->T; t++)
					c[u * p->T + t] = (p->first_month - 1 + t) % P + 1 == m;
		}
	} else if (season == ITS_SEASON_HARMONICS) {
		for (int h = 1; h <= harmonics; h++) {
			double *s = design_add(d, "sin%d", h);
			if (!s)
				return -1;
			double *c = design_add(d, "cos%d", h);
			if (!c)
				return -1;
			s = d->X + (size_t)(d->k - 2) * (size_t)d->n;
			for (int u = 0; u < p->units; u++)
				for (int t = 0; t < p->T; t++) {
					double x = 2 * M_PI * h * (double)(p->first_month - 1 + t) / P;
					s[u * p->T + t] = sin(x);
					c[u * p->T + t] = cos(x);
				}
		}
	}
	return 0;
}

static int build_its(struct design *d, const struct its_panel *p, enum its_season season,
		     int harmonics, int *level, int *slope)
{
	d->n = p->units * p->T;
	if (add_units(d, p))
		return -1;
	double *c = design_add(d, "trend");
	if (!c)
		return -1;
	for (int u = 0; u < p->units; u++)
		for (int t = 0; t < p->T; t++)
			c[u * p->T + t] = t;
	if (add_season(d, p, season, harmonics))
		return -1;
	*level = d->k;
	if (!(c = design_add(d, "level")))
		return -1;
	*slope = d->k;
	double *s = design_add(d, "slope");
	if (!s)
		return -1;
	c = d->X + (size_t)*level * (size_t)d->n;
	for (int u = 0; u < p->units; u++)
		for (int t = 0; t < p->T; t++) {
			int post = p->t0[u] >= 0 && t >= p->t0[u];
			c[u * p->T + t] = post;
			s[u * p->T + t] = post ? t - p->t0[u] : 0;
		}
	return 0;
}

int its_design(const struct its_panel *p, enum its_season season, int harmonics, double **X,
	       int *k, char (**names)[ITS_NAME], struct err *e)
{
	struct design d = { 0 };
	int level, slope;
	if (build_its(&d, p, season, harmonics, &level, &slope) || !(*X = design_rows(&d))) {
		design_release(&d);
		return err_set(e, "out of memory");
	}
	*k = d.k;
	*names = d.names;
	d.names = NULL;
	design_release(&d);
	return 0;
}

static void fill_coef(struct its_coef *c, const char *name, double beta, double se)
{
	double z = glm_z(0.95);
	snprintf(c->name, sizeof c->name, "%s", name);
	c->beta = beta;
	c->se = se;
	c->z = se > 0 ? beta / se : 0;
	c->p = 2 * gsl_cdf_ugaussian_Q(fabs(c->z));
	c->rr = exp(beta);
	c->lo = exp(beta - z * se);
	c->hi = exp(beta + z * se);
}

static int coefs_of(struct its_result *r, const struct design *d, struct err *e)
{
	r->k = d->k;
	r->coef = calloc((size_t)d->k, sizeof *r->coef);
	if (!r->coef)
		return err_set(e, "out of memory");
	for (int j = 0; j < d->k; j++)
		fill_coef(&r->coef[j], d->names[j], r->fit.beta[j], r->fit.se[j]);
	return 0;
}

/* Fits y on the design; with a Poisson fit made first for the overdispersion diagnostics. */
static int fit_design(struct its_result *r, const struct design *d, const double *y,
		      enum glm_family family, int diagnostics, struct err *e)
{
	double *X = design_rows(d);
	const char **names = malloc((size_t)d->k * sizeof *names);
	int rc = -1;
	if (!X || !names) {
		err_set(e, "out of memory");
		goto out;
	}
	for (int j = 0; j < d->k; j++)
		names[j] = d->names[j];
	struct glm_fit pois;
	if (glm_fit(X, d->n, d->k, names, y, NULL, GLM_POISSON, &pois, e))
		goto out;
	if (diagnostics) {
		r->pearson_ratio = pois.pearson_chi2 / pois.df_resid;
		if (glm_overdispersion_ct(y, pois.mu, d->n, &r->ct_alpha, &r->ct_t, &r->ct_p, e)) {
			glm_fit_release(&pois);
			goto out;
		}
	}
	if (family == GLM_POISSON) {
		r->fit = pois;
	} else {
		glm_fit_release(&pois);
		if (glm_fit(X, d->n, d->k, names, y, NULL, GLM_NEGBIN, &r->fit, e))
			goto out;
	}
	rc = 0;
out:
	free(X);
	free(names);
	return rc;
}

static int check_panel(const struct its_panel *p, struct err *e)
{
	if (p->units < 1 || p->T < 1)
		return err_set(e, "the series is empty");
	for (int u = 0; u < p->units; u++)
		for (int t = 0; t < p->T; t++)
			if (!isfinite(p->Y[u * p->T + t])) {
				char buf[32];
				return err_set(e, "%s has no value for period %d: every period needs a count "
					       "(0 when nothing happened)", unit_name(p, u, buf), t + 1);
			}
	return 0;
}

int its_fit(const struct its_panel *p, enum its_season season, int harmonics,
	    enum glm_family family, struct its_result *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	r->att = -1;
	if (check_panel(p, e))
		return -1;
	for (int u = 0; u < p->units; u++) {
		char buf[32];
		if (p->t0[u] < 3)
			return err_set(e, "too short a pre-period for %s: %d period(s) before the "
				       "intervention; an interrupted time series needs at least 3 (better "
				       "24 months or more)", unit_name(p, u, buf), p->t0[u] < 0 ? 0 : p->t0[u]);
		if (p->t0[u] > p->T - 2)
			return err_set(e, "too short a post-period for %s: the level and slope change "
				       "need at least 2 periods after the intervention", unit_name(p, u, buf));
	}
	if (season == ITS_SEASON_HARMONICS && (harmonics < 1 || 2 * harmonics >= ppy(p)))
		return err_set(e, "harmonics must be between 1 and %d", (ppy(p) - 1) / 2);
	struct design d = { 0 };
	if (build_its(&d, p, season, harmonics, &r->level, &r->slope)) {
		design_release(&d);
		return err_set(e, "out of memory");
	}
	if (fit_design(r, &d, p->Y, family, 1, e) || coefs_of(r, &d, e))
		goto fail;
	r->counterfactual = malloc((size_t)d.n * sizeof *r->counterfactual);
	if (!r->counterfactual) {
		err_set(e, "out of memory");
		goto fail;
	}
	for (int i = 0; i < d.n; i++) {
		double eta = 0;
		for (int j = 0; j < d.k; j++)
			if (j != r->level && j != r->slope)
				eta += d.X[(size_t)j * (size_t)d.n + (size_t)i] * r->fit.beta[j];
		r->counterfactual[i] = exp(eta);
	}
	design_release(&d);
	return 0;
fail:
	design_release(&d);
	its_result_release(r);
	return -1;
}

/* The panel difference-in-differences is fitted on: the areas and months that carry
 * information.  A month with no event in any area, or a comparison area with no event in any
 * month, has a fixed effect whose estimate is minus infinity; the maximum-likelihood estimates
 * of everything else are those without it, so it is left out (as ppmlhdfe and fixest do).
 * tmap gives each kept month's period in the original panel, umap each kept area's unit. */
struct twfe {
	int U, T;
	double *Y;
	int *t0, *tmap, *umap;
	const char **names;
};

static void twfe_release(struct twfe *w)
{
	free(w->Y);
	free(w->t0);
	free(w->tmap);
	free(w->umap);
	free(w->names);
}

static int twfe_reduce(const struct its_panel *p, struct twfe *w, struct err *e)
{
	memset(w, 0, sizeof *w);
	w->tmap = malloc((size_t)p->T * sizeof *w->tmap);
	w->umap = malloc((size_t)p->units * sizeof *w->umap);
	w->t0 = malloc((size_t)p->units * sizeof *w->t0);
	w->names = calloc((size_t)p->units, sizeof *w->names);
	w->Y = malloc((size_t)p->units * (size_t)p->T * sizeof *w->Y);
	if (!w->tmap || !w->umap || !w->t0 || !w->names || !w->Y)
		return err_set(e, "out of memory");
	for (int t = 0; t < p->T; t++) {
		double s = 0;
		for (int u = 0; u < p->units; u++)
			s += p->Y[u * p->T + t];
		if (s > 0)
			w->tmap[w->T++] = t;
	}
	for (int u = 0; u < p->units; u++) {
		double s = 0;
		for (int t = 0; t < p->T; t++)
			s += p->Y[u * p->T + t];
		char buf[32];
		if (s == 0 && p->t0[u] >= 0)
			return err_set(e, "%s has no events at all: there is no rate to compare",
				       unit_name(p, u, buf));
		if (s == 0)
			continue;
		w->umap[w->U] = u;
		w->t0[w->U] = p->t0[u];
		w->names[w->U] = p->names ? p->names[u] : NULL;
		for (int k = 0; k < w->T; k++)
			w->Y[w->U * w->T + k] = p->Y[u * p->T + w->tmap[k]];
		w->U++;
	}
	if (w->T < 3)
		return err_set(e, "fewer than 3 months with any event: too little to compare");
	return 0;
}

static int build_twfe(struct design *d, const struct twfe *w)
{
	d->n = w->U * w->T;
	double *c = design_add(d, "intercept");
	if (!c)
		return -1;
	for (int i = 0; i < d->n; i++)
		c[i] = 1;
	for (int u = 1; u < w->U; u++) {
		c = design_add(d, "area:%s", w->names[u] ? w->names[u] : "?");
		if (!c)
			return -1;
		for (int k = 0; k < w->T; k++)
			c[u * w->T + k] = 1;
	}
	for (int k = 1; k < w->T; k++) {
		c = design_add(d, "period:%d", w->tmap[k] + 1);
		if (!c)
			return -1;
		for (int u = 0; u < w->U; u++)
			c[u * w->T + k] = 1;
	}
	return 0;
}

int did_fit(const struct its_panel *p, enum glm_family family, int leads, int lags,
	    struct its_result *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	r->att = -1;
	if (check_panel(p, e))
		return -1;
	int treated = 0, maxpre = 0, maxpost = 0;
	for (int u = 0; u < p->units; u++) {
		if (p->t0[u] < 0)
			continue;
		char buf[32];
		if (p->t0[u] < 2)
			return err_set(e, "too short a pre-period for %s: difference-in-differences needs "
				       "at least 2 periods before the intervention", unit_name(p, u, buf));
		if (p->t0[u] >= p->T)
			return err_set(e, "%s's intervention is after the last period", unit_name(p, u, buf));
		treated++;
		if (p->t0[u] > maxpre)
			maxpre = p->t0[u];
		if (p->T - 1 - p->t0[u] > maxpost)
			maxpost = p->T - 1 - p->t0[u];
	}
	if (!treated)
		return err_set(e, "no treated area: give the intervention date of at least one");
	if (treated == p->units)
		return err_set(e, "no comparison area: difference-in-differences needs at least one "
			       "area without the intervention (--compare)");
	if (leads <= 0 || leads > maxpre)
		leads = maxpre < 12 ? maxpre : 12;
	if (lags <= 0 || lags > maxpost)
		lags = maxpost < 12 ? maxpost : 12;

	struct twfe w;
	struct design d = { 0 };
	struct its_result ev = { 0 }, pu = { 0 };
	if (twfe_reduce(p, &w, e))
		goto fail;
	if (w.U == treated) {
		err_set(e, "no comparison area has any event: there is nothing to compare with");
		goto fail;
	}
	r->dropped_periods = p->T - w.T;
	r->dropped_units = p->units - w.U;
	if (build_twfe(&d, &w))
		goto oom;
	r->att = d.k;
	double *c = design_add(&d, "treated:post");
	if (!c)
		goto oom;
	for (int u = 0; u < w.U; u++)
		for (int k = 0; k < w.T; k++)
			c[u * w.T + k] = w.t0[u] >= 0 && w.tmap[k] >= w.t0[u];
	if (fit_design(r, &d, w.Y, family, 1, e) || coefs_of(r, &d, e))
		goto fail;

	/* One D per treated unit, when there are several. */
	if (treated > 1) {
		d.k = r->att;
		r->per_unit = calloc((size_t)treated, sizeof *r->per_unit);
		r->per_unit_index = calloc((size_t)treated, sizeof *r->per_unit_index);
		if (!r->per_unit || !r->per_unit_index)
			goto oom;
		int first = d.k;
		for (int u = 0; u < w.U; u++) {
			if (w.t0[u] < 0)
				continue;
			char buf[32];
			if (!(c = design_add(&d, "treated:post:%s", unit_name(p, w.umap[u], buf))))
				goto oom;
			for (int k = 0; k < w.T; k++)
				c[u * w.T + k] = w.tmap[k] >= w.t0[u];
			r->per_unit_index[r->nper_unit++] = w.umap[u];
		}
		if (fit_design(&pu, &d, w.Y, family, 0, e))
			goto fail;
		for (int i = 0; i < treated; i++)
			fill_coef(&r->per_unit[i], d.names[first + i], pu.fit.beta[first + i], pu.fit.se[first + i]);
		its_result_release(&pu);
	}

	/* The event study: relative periods -leads..lags, ends binned, -1 the reference. */
	d.k = r->att;
	int first = d.k;
	r->event_time = calloc((size_t)(leads + lags + 1), sizeof *r->event_time);
	if (!r->event_time)
		goto oom;
	for (int ev_t = -leads; ev_t <= lags; ev_t++) {
		if (ev_t == -1)
			continue;
		if (!(c = design_add(&d, "event:%+d", ev_t)))
			goto oom;
		int any = 0;
		for (int u = 0; u < w.U; u++) {
			if (w.t0[u] < 0)
				continue;
			for (int k = 0; k < w.T; k++) {
				int rel = w.tmap[k] - w.t0[u];
				if (rel < -leads)
					rel = -leads;
				if (rel > lags)
					rel = lags;
				c[u * w.T + k] = rel == ev_t;
				any |= rel == ev_t;
			}
		}
		if (!any) {   /* a relative month that fell on a month left out */
			d.k--;
			continue;
		}
		r->event_time[r->nevent++] = ev_t;
	}
	struct err ee = { 0 };
	if (fit_design(&ev, &d, w.Y, family, 0, &ee)) {
		/* Sparse counts can leave a relative month of the treated areas without any event;
		 * the pooled estimate stands, the event study is reported as not estimable. */
		snprintf(r->event_note, sizeof r->event_note, "%.200s", ee.msg);
		r->nevent = 0;
		its_result_release(&ev);
		design_release(&d);
		twfe_release(&w);
		return 0;
	}
	r->event = calloc((size_t)r->nevent, sizeof *r->event);
	int *idx = calloc((size_t)r->nevent, sizeof *idx);
	if (!r->event || !idx) {
		free(idx);
		goto oom;
	}
	int nl = 0;
	for (int i = 0; i < r->nevent; i++) {
		fill_coef(&r->event[i], d.names[first + i], ev.fit.beta[first + i], ev.fit.se[first + i]);
		if (r->event_time[i] <= -2)
			idx[nl++] = first + i;
	}
	if (nl > 0) {
		if (glm_wald(&ev.fit, idx, nl, &r->pretrend_chi2, &r->pretrend_p, e)) {
			free(idx);
			goto fail;
		}
		r->pretrend_df = nl;
	}
	free(idx);
	its_result_release(&ev);
	design_release(&d);
	twfe_release(&w);
	return 0;
oom:
	err_set(e, "out of memory");
fail:
	its_result_release(&ev);
	its_result_release(&pu);
	design_release(&d);
	twfe_release(&w);
	its_result_release(r);
	return -1;
}

void its_result_release(struct its_result *r)
{
	if (!r)
		return;
	glm_fit_release(&r->fit);
	free(r->coef);
	free(r->counterfactual);
	free(r->event_time);
	free(r->event);
	free(r->per_unit);
	free(r->per_unit_index);
	memset(r, 0, sizeof *r);
	r->att = -1;
}
