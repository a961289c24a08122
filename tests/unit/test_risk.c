/* test_risk.c — unit tests for analysis/risk.c, the network-exposure model of gunshot
 * victimisation: the likelihood and the scores on a case worked out by hand, the compiled
 * likelihood against a brute-force one, recovery of known parameters from data simulated by
 * the model, no invented contagion, determinism, the out-of-sample evaluation, explanations
 * that add up, the messages for bad input, and the distance-2 term (by hand, against a
 * brute-force likelihood, recovery of θ, and no invented distance-2 effect). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "analysis/risk.h"

static void assert_close(double got, double want, double rel)
{
	if (!(fabs(got - want) <= rel * (1 + fabs(want))))
		fail_msg("got %.17g, want %.17g", got, want);
}

static void assert_msg_has(const struct err *e, const char *want)
{
	if (!strstr(e->msg, want))
		fail_msg("message \"%s\" does not contain \"%s\"", e->msg, want);
}

/* A seeded random multigraph: m edges between uniformly drawn distinct persons, weight 1, 2
 * or 3 (parallel edges are merged by graph_from_edges, adding their weights). */
static void random_graph(struct graph *g, int n, int m, unsigned long seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, seed);
	int *from = malloc((size_t)m * sizeof *from), *to = malloc((size_t)m * sizeof *to);
	double *w = malloc((size_t)m * sizeof *w);
	assert_non_null(from);
	assert_non_null(to);
	assert_non_null(w);
	for (int k = 0; k < m; k++) {
		from[k] = (int)gsl_rng_uniform_int(r, (unsigned long)n);
		to[k] = (int)gsl_rng_uniform_int(r, (unsigned long)n - 1);
		to[k] += to[k] >= from[k];
		w[k] = 1 + (double)gsl_rng_uniform_int(r, 3);
	}
	assert_int_equal(graph_from_edges(g, n, m, from, to, w), 0);
	free(from);
	free(to);
	free(w);
	gsl_rng_free(r);
}

/* ---- the hand-computed case --------------------------------------------------------------
 * Persons 0 – 1 – 2 on a path; tie 0–1 has weight 2, tie 1–2 weight 1, so after dividing by
 * the largest weight w01 = 1 and w12 = 0.5.  Periods 0..3.  Person 1 is victimised in period
 * 1; person 2 was a suspect in period 0.  Parameters b0 = −2, b1 = 0.7, b2 = 0.4, α = 0.5,
 * τ = 2.  By hand, with x1, x2 counting events strictly before t:
 *   person 0: x1 = x2 = 0; exposed to 1's victimisation from t = 2 on:
 *     λ0 = e^−2 (t = 0, 1),  e^−2 + 0.5·1·e^−(t−1)/2 (t = 2, 3)
 *   person 1: x1 = 1 from t = 2; no victimised neighbour:
 *     λ1 = e^−2 (t = 0, 1: victimised at 1),  e^−1.3 (t = 2, 3)
 *   person 2: x2 = 1 from t = 1; exposed with w = 0.5 from t = 2:
 *     λ2 = e^−2 (t = 0),  e^−1.6 (t = 1),  e^−1.6 + 0.5·0.5·e^−(t−1)/2 (t = 2, 3)
 * Log-likelihood over [0, 4): log(1 − exp(−e^−2)) − Σ of λ over the 11 other person-periods
 *   = log(1 − exp(−e^−2)) − [6e^−2 + 2e^−1.3 + 3e^−1.6 + 0.75(e^−0.5 + e^−1)]
 *   = −2.0669046064 − 2.6935724151 = −4.7604770216;
 * the baseline (α = 0) drops the 0.75(…) term: −4.0296694459.
 * Over [1, 4): −2.0669046064 − [3e^−2 + 2e^−1.3 + 3e^−1.6 + 0.75(e^−0.5 + e^−1)] = −4.3544711719.
 * Over [3, 4) (nobody victimised; the period-1 victimisation is history):
 *   −[e^−2 + 0.5e^−1 + e^−1.3 + e^−1.6 + 0.25e^−1] = −0.8856731751.
 * Score of person 0 in period 3: 1 − exp(−(e^−2 + 0.5e^−1)) = 0.2733243168.
 * λ2 in period 3 = e^−1.6 + 0.25e^−1 = 0.2938663783: baseline e^−2 · e^0.4 and one term
 * (neighbour 1, period 1, weight 0.5, decay e^−1, contribution 0.25e^−1). */
static void hand_case(struct graph *g, struct risk_events *ev)
{
	static const int from[] = { 0, 1 }, to[] = { 1, 2 };
	static const double w[] = { 2, 1 };
	struct err e = { 0 };
	assert_int_equal(graph_from_edges(g, 3, 2, from, to, w), 0);
	risk_events_init(ev, 3, 4, 7);
	assert_int_equal(risk_events_add(ev, RISK_VICTIM, 1, 1, &e), 0);
	assert_int_equal(risk_events_add(ev, RISK_SUSPECT, 2, 0, &e), 0);
	assert_int_equal(risk_events_finish(ev, &e), 0);
}

static void test_hand_likelihood(void **state)
{
	(void)state;
	struct graph g;
	struct risk_events ev;
	struct err e = { 0 };
	hand_case(&g, &ev);
	const struct risk_params p = { -2, 0.7, 0.4, 0.5, 2 }, base = { -2, 0.7, 0.4, 0, 0 };
	double ll, shot = log(1 - exp(-exp(-2))), tail = 0.75 * (exp(-0.5) + exp(-1));

	assert_int_equal(risk_loglik(&g, &ev, 0, 4, &p, &ll, &e), 0);
	assert_close(ll, shot - (6 * exp(-2) + 2 * exp(-1.3) + 3 * exp(-1.6) + tail), 1e-13);
	assert_close(ll, -4.7604770216, 1e-10);
	assert_int_equal(risk_loglik(&g, &ev, 0, 4, &base, &ll, &e), 0);
	assert_close(ll, -4.0296694459, 1e-10);
	assert_int_equal(risk_loglik(&g, &ev, 1, 4, &p, &ll, &e), 0);
	assert_close(ll, shot - (3 * exp(-2) + 2 * exp(-1.3) + 3 * exp(-1.6) + tail), 1e-13);
	assert_int_equal(risk_loglik(&g, &ev, 3, 4, &p, &ll, &e), 0);
	assert_close(ll, -(exp(-2) + 0.5 * exp(-1) + exp(-1.3) + exp(-1.6) + 0.25 * exp(-1)),
		     1e-13);
	assert_close(ll, -0.8856731751, 1e-10);

	/* scores and the explanation with these parameters as a "fit" */
	struct risk_fit fit = { .contagion = 1, .p = p, .wmax = 2 };
	assert_close(risk_score(&g, &ev, &fit, 0, 3), 0.2733243168, 1e-10);
	assert_close(risk_intensity(&g, &ev, &fit, 0, 1), exp(-2), 1e-15);
	assert_close(risk_intensity(&g, &ev, &fit, 1, 2), exp(-1.3), 1e-15);
	assert_close(risk_intensity(&g, &ev, &fit, 2, 3), 0.2938663783, 1e-10);
	struct risk_explanation x;
	assert_int_equal(risk_explain(&g, &ev, &fit, 2, 3, &x, &e), 0);
	assert_int_equal(x.x1, 0);
	assert_int_equal(x.x2, 1);
	assert_close(x.baseline, exp(-1.6), 1e-15);
	assert_close(x.factor1, 1, 0);
	assert_close(x.factor2, exp(0.4), 1e-15);
	assert_int_equal(x.nterms, 1);
	assert_int_equal(x.terms[0].neighbour, 1);
	assert_int_equal(x.terms[0].period, 1);
	assert_int_equal(x.terms[0].count, 1);
	assert_close(x.terms[0].weight, 0.5, 0);
	assert_close(x.terms[0].decay, exp(-1), 1e-15);
	assert_close(x.terms[0].contribution, 0.25 * exp(-1), 1e-15);
	assert_close(x.intensity, 0.2938663783, 1e-10);
	assert_close(x.probability, 1 - exp(-x.intensity), 1e-15);
	risk_explanation_release(&x);

	/* the window forecast: person 0 over periods 2..3 from the history before 2 */
	double prob[3];
	assert_int_equal(risk_forecast(&g, &ev, &fit, 2, 4, prob, &e), 0);
	assert_close(prob[0], 1 - exp(-(2 * exp(-2) + 0.5 * (exp(-0.5) + exp(-1)))), 1e-13);
	assert_close(prob[1], 1 - exp(-2 * exp(-1.3)), 1e-13);
	/* the baseline ignores the network */
	fit.contagion = 0;
	fit.p = base;
	assert_close(risk_intensity(&g, &ev, &fit, 0, 3), exp(-2), 1e-15);
	risk_events_release(&ev);
	graph_release(&g);
}

/* ---- the compiled likelihood against the formula, person-period by person-period ----- */

static double brute_loglik(const struct graph *g, const struct risk_events *ev, int t_from,
			   int t_to, const struct risk_params *p)
{
	double wmax = 0, ll = 0;
	for (int64_t k = 0; k < 2 * g->m; k++)
		wmax = fmax(wmax, g->w[k]);
	for (int i = 0; i < ev->n; i++)
		for (int t = t_from; t < t_to; t++) {
			int x1 = 0, x2 = 0, y = 0;
			for (int q = ev->victim_off[i]; q < ev->victim_off[i + 1]; q++)
				x1 += ev->victim[q] < t, y |= ev->victim[q] == t;
			for (int q = ev->suspect_off[i]; q < ev->suspect_off[i + 1]; q++)
				x2 += ev->suspect[q] < t;
			double E = 0;
			for (int64_t k = g->offset[i]; k < g->offset[i + 1]; k++) {
				int j = g->adj[k];
				for (int q = ev->victim_off[j]; q < ev->victim_off[j + 1]; q++)
					if (ev->victim[q] < t)
						E += g->w[k] / wmax * exp(-(t - ev->victim[q]) / p->tau);
			}
			double lam = exp(p->b0 + p->b1 * x1 + p->b2 * x2) + p->alpha * E;
			ll += y ? log(1 - exp(-lam)) : -lam;
		}
	return ll;
}

static void test_likelihood_brute_force(void **state)
{
	(void)state;
	struct graph g;
	struct risk_events ev;
	struct err e = { 0 };
	random_graph(&g, 40, 70, 7);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 11);
	risk_events_init(&ev, 40, 30, 1);
	for (int k = 0; k < 90; k++) {   /* some persons twice in one period */
		int i = (int)gsl_rng_uniform_int(r, 20), t = (int)gsl_rng_uniform_int(r, 30);
		assert_int_equal(risk_events_add(&ev, RISK_VICTIM, i, t, &e), 0);
	}
	for (int k = 0; k < 60; k++)
		assert_int_equal(risk_events_add(&ev, RISK_SUSPECT, (int)gsl_rng_uniform_int(r, 40),
						 (int)gsl_rng_uniform_int(r, 30), &e), 0);
	assert_int_equal(risk_events_finish(&ev, &e), 0);
	const struct risk_params ps[] = {
		{ -3, 0.4, 0.3, 0.2, 4 }, { -2.5, 0.1, -0.2, 1.5, 0.3 }, { -4, 0.8, 0.5, 0.05, 200 },
		{ -3, 0.4, 0.3, 0, 0 },
	};
	static const int win[][2] = { { 0, 30 }, { 5, 30 }, { 12, 13 }, { 29, 30 }, { 3, 17 } };
	for (size_t a = 0; a < sizeof ps / sizeof ps[0]; a++)
		for (size_t b = 0; b < sizeof win / sizeof win[0]; b++) {
			double ll;
			assert_int_equal(risk_loglik(&g, &ev, win[b][0], win[b][1], &ps[a], &ll, &e), 0);
			assert_close(ll, brute_loglik(&g, &ev, win[b][0], win[b][1], &ps[a]), 1e-11);
		}
	gsl_rng_free(r);
	risk_events_release(&ev);
	graph_release(&g);
}

/* ---- simulated data --------------------------------------------------------------------- */

/* The truth of the recovery test.  The values suggested for it (b1 ≈ 1, α ≈ 0.3, τ ≈ 10) make
 * the process explosive with weights normalised to at most 1: one victimisation then adds
 * α/(e^0.1 − 1) ≈ 2.9 expected victimisations to each strong tie, and every person of the
 * test graph ended up victimised in almost every period.  These keep it subcritical while
 * contagion still accounts for a quarter to two fifths of the victimisations. */
static const struct risk_params TRUTH = { -7, 0.5, 0.5, 0.02, 10 };
enum { SIM_N = 2000, SIM_M = 3000, SIM_T = 300, SIM_SPLIT = 200, SIM_K = 100 };
#define SIM_SUSPECT_RATE 0.001

static struct graph sim_g;
static struct risk_events sim_ev;

static int sim_setup(void **state)
{
	(void)state;
	struct err e = { 0 };
	random_graph(&sim_g, SIM_N, SIM_M, 1);
	return risk_simulate(&sim_g, SIM_T, 7, &TRUTH, SIM_SUSPECT_RATE, 1, &sim_ev, &e);
}

static int sim_teardown(void **state)
{
	(void)state;
	risk_events_release(&sim_ev);
	graph_release(&sim_g);
	return 0;
}

static void within(const char *name, double est, double se, double truth)
{
	print_message("  %-6s truth %8.4f  estimate %8.4f  se %.4f  (%+.2f se)\n", name, truth,
		      est, se, (est - truth) / se);
	if (!(fabs(est - truth) <= 3 * se))
		fail_msg("%s = %g is not within 3 standard errors (%g) of the truth %g", name, est,
			 se, truth);
}

static void test_recovery(void **state)
{
	(void)state;
	struct risk_fit c, b;
	struct err e = { 0 };
	int nv = sim_ev.victim_off[SIM_N];
	assert_true(nv > 1000);
	assert_int_equal(risk_fit(&sim_g, &sim_ev, 0, SIM_T, 1, &c, &e), 0);
	assert_int_equal(risk_fit(&sim_g, &sim_ev, 0, SIM_T, 0, &b, &e), 0);
	print_message("  %d persons, %lld ties, %d periods, %d victimisations, %d suspect "
		      "involvements\n", SIM_N, (long long)sim_g.m, SIM_T, nv,
		      sim_ev.suspect_off[SIM_N]);
	assert_true(c.converged);
	assert_true(c.se_ok);
	assert_false(c.alpha_at_bound);
	assert_int_equal(c.npar, 5);
	within("b0", c.p.b0, c.se[RISK_B0], TRUTH.b0);
	within("b1", c.p.b1, c.se[RISK_B1], TRUTH.b1);
	within("b2", c.p.b2, c.se[RISK_B2], TRUTH.b2);
	within("log α", log(c.p.alpha), c.se[RISK_LOG_ALPHA], log(TRUTH.alpha));
	within("log τ", log(c.p.tau), c.se[RISK_LOG_TAU], log(TRUTH.tau));
	struct risk_fit truth = { .contagion = 1, .t_from = 0, .t_to = SIM_T, .p = TRUTH,
				  .wmax = c.wmax };
	double share = 0;
	for (int i = 0; i < SIM_N; i++)
		for (int q = sim_ev.victim_off[i]; q < sim_ev.victim_off[i + 1]; q++) {
			if (q > sim_ev.victim_off[i] && sim_ev.victim[q - 1] == sim_ev.victim[q])
				continue;
			struct risk_explanation x;
			assert_int_equal(risk_explain(&sim_g, &sim_ev, &truth, i, sim_ev.victim[q], &x,
						      &e), 0);
			share += x.exposure / x.intensity;
			risk_explanation_release(&x);
		}
	share /= (double)c.victim_periods;
	print_message("  α = %.4f (se %.4f), τ = %.2f (se %.2f); attributed to contagion %.1f %% "
		      "(truth %.1f %%); loglik %.2f vs baseline %.2f\n", c.p.alpha, c.se_alpha,
		      c.p.tau, c.se_tau, 100 * c.attributable, 100 * share, c.loglik, b.loglik);
	assert_true(fabs(c.attributable - share) < 0.05);
	assert_close(c.se_alpha, c.p.alpha * c.se[RISK_LOG_ALPHA], 1e-15);
	assert_true(c.loglik > b.loglik + 10);
	assert_true(b.converged && b.se_ok);
	assert_int_equal(b.npar, 3);
	assert_true(isnan(b.se[RISK_LOG_ALPHA]));

	/* the estimate is the maximum: risk_loglik agrees and every nudge lowers it */
	double ll, th[RISK_NPAR] = { c.p.b0, c.p.b1, c.p.b2, log(c.p.alpha), log(c.p.tau) };
	assert_int_equal(risk_loglik(&sim_g, &sim_ev, 0, SIM_T, &c.p, &ll, &e), 0);
	assert_close(ll, c.loglik, 1e-12);
	for (int k = 0; k < RISK_LOG_THETA; k++)   /* the direct model's five */
		for (int sign = -1; sign <= 1; sign += 2) {
			double t[RISK_NPAR];
			memcpy(t, th, sizeof t);
			t[k] += sign * 0.01 * c.se[k];
			struct risk_params q = { t[0], t[1], t[2], exp(t[3]), exp(t[4]) };
			assert_int_equal(risk_loglik(&sim_g, &sim_ev, 0, SIM_T, &q, &ll, &e), 0);
			assert_true(ll < c.loglik);
		}
}

/* One draw can be lucky: over several seeds the standard errors must also be calibrated —
 * every estimate within 3.5 se of the truth and the mean squared z-score near 1. */
static void test_recovery_seeds(void **state)
{
	(void)state;
	enum { SEEDS = 8 };
	double z2 = 0, zmax = 0;
	for (unsigned long seed = 101; seed < 101 + SEEDS; seed++) {
		struct graph g;
		struct risk_events ev;
		struct risk_fit c;
		struct err e = { 0 };
		random_graph(&g, SIM_N, SIM_M, seed);
		assert_int_equal(risk_simulate(&g, SIM_T, 7, &TRUTH, SIM_SUSPECT_RATE, seed, &ev, &e),
				 0);
		assert_int_equal(risk_fit(&g, &ev, 0, SIM_T, 1, &c, &e), 0);
		assert_true(c.converged);
		double est[RISK_NPAR] = { c.p.b0, c.p.b1, c.p.b2, log(c.p.alpha), log(c.p.tau) };
		double tru[RISK_NPAR] = { TRUTH.b0, TRUTH.b1, TRUTH.b2, log(TRUTH.alpha),
					  log(TRUTH.tau) };
		for (int k = 0; k < RISK_LOG_THETA; k++) {
			double z = (est[k] - tru[k]) / c.se[k];
			z2 += z * z;
			zmax = fmax(zmax, fabs(z));
		}
		risk_events_release(&ev);
		graph_release(&g);
	}
	z2 /= SEEDS * RISK_LOG_THETA;
	print_message("  %d seeds: mean z² %.2f, largest |z| %.2f\n", SEEDS, z2, zmax);
	assert_true(zmax <= 3.5);
	assert_true(z2 > 0.4 && z2 < 2);
}

static void test_no_contagion(void **state)
{
	(void)state;
	struct graph g;
	struct risk_events ev;
	struct risk_fit c, b;
	struct err e = { 0 };
	struct risk_params truth = TRUTH;
	truth.alpha = 0;
	random_graph(&g, SIM_N, SIM_M, 2);
	assert_int_equal(risk_simulate(&g, SIM_T, 7, &truth, SIM_SUSPECT_RATE, 2, &ev, &e), 0);
	assert_int_equal(risk_fit(&g, &ev, 0, SIM_T, 1, &c, &e), 0);
	assert_int_equal(risk_fit(&g, &ev, 0, SIM_T, 0, &b, &e), 0);
	double lr = 2 * (c.loglik - b.loglik);
	print_message("  α = %.3g, τ = %.3g: %.1f %% of the victimisations attributed to "
		      "contagion; LR %.2f%s\n", c.p.alpha, c.p.tau, 100 * c.attributable, lr,
		      c.alpha_at_bound ? ", α at its bound" : "");
	assert_true(lr >= -1e-6);   /* the contagion model nests the baseline */
	assert_true(lr < 5.99);     /* χ²₂ at 5 %: no significant contagion */
	/* Over seeds 1..30 this share stayed below 4 % (it is 39 % in the contagion draw) */
	assert_true(c.attributable < 0.05);
	within("b0", b.p.b0, b.se[RISK_B0], truth.b0);
	within("b1", b.p.b1, b.se[RISK_B1], truth.b1);
	within("b2", b.p.b2, b.se[RISK_B2], truth.b2);
	risk_events_release(&ev);
	graph_release(&g);
}

static void test_determinism(void **state)
{
	(void)state;
	struct graph g;
	struct risk_events a, b, c;
	struct risk_fit fa, fb;
	struct err e = { 0 };
	random_graph(&g, 400, 600, 3);
	assert_int_equal(risk_simulate(&g, 200, 7, &TRUTH, SIM_SUSPECT_RATE, 42, &a, &e), 0);
	assert_int_equal(risk_simulate(&g, 200, 7, &TRUTH, SIM_SUSPECT_RATE, 42, &b, &e), 0);
	assert_int_equal(risk_simulate(&g, 200, 7, &TRUTH, SIM_SUSPECT_RATE, 43, &c, &e), 0);
	int nv = a.victim_off[400], ns = a.suspect_off[400];
	assert_true(nv > 20);
	assert_memory_equal(a.victim_off, b.victim_off, 401 * sizeof *a.victim_off);
	assert_memory_equal(a.suspect_off, b.suspect_off, 401 * sizeof *a.suspect_off);
	assert_memory_equal(a.victim, b.victim, (size_t)nv * sizeof *a.victim);
	assert_memory_equal(a.suspect, b.suspect, (size_t)ns * sizeof *a.suspect);
	assert_true(c.victim_off[400] != nv ||
		    memcmp(a.victim, c.victim, (size_t)nv * sizeof *a.victim));
	assert_int_equal(risk_fit(&g, &a, 0, 200, 1, &fa, &e), 0);
	assert_int_equal(risk_fit(&g, &b, 0, 200, 1, &fb, &e), 0);
	assert_memory_equal(&fa.p, &fb.p, sizeof fa.p);
	assert_memory_equal(&fa.loglik, &fb.loglik, sizeof fa.loglik);
	assert_memory_equal(fa.cov, fb.cov, sizeof fa.cov);
	assert_int_equal(fa.evaluations, fb.evaluations);
	risk_events_release(&a);
	risk_events_release(&b);
	risk_events_release(&c);
	graph_release(&g);
}

static void print_rank(const char *name, const struct risk_rank *r)
{
	print_message("  %-9s top-%d: %d hits, precision %.3f (%.3f with ties at random, %d tied), "
		      "recall %.3f, test loglik %.1f\n", name, SIM_K, r->hits, r->precision,
		      r->precision_ties, r->tied, r->recall, r->test_loglik);
}

static void test_evaluation(void **state)
{
	(void)state;
	struct risk_eval r;
	struct err e = { 0 };
	assert_int_equal(risk_evaluate(&sim_g, &sim_ev, 0, SIM_SPLIT, SIM_T, SIM_K, &r, &e), 0);
	print_message("  train [0,%d), test [%d,%d): %d victimisations of %d persons; a random "
		      "list's precision %.3f; LR %.1f (p %.2g)\n", SIM_SPLIT, SIM_SPLIT, SIM_T,
		      r.test_victimisations, r.test_victims, r.random_precision, r.lr_stat, r.lr_p);
	print_rank("contagion", &r.contagion_rank);
	print_rank("baseline", &r.baseline_rank);
	int nv = 0, who = 0;
	for (int i = 0; i < SIM_N; i++) {
		int any = 0;
		for (int q = sim_ev.victim_off[i]; q < sim_ev.victim_off[i + 1]; q++)
			if (sim_ev.victim[q] >= SIM_SPLIT)
				nv++, any = 1;
		who += any;
	}
	assert_int_equal(r.test_victimisations, nv);
	assert_int_equal(r.test_victims, who);
	assert_close(r.random_precision, (double)who / SIM_N, 1e-15);
	const struct risk_rank *rk[] = { &r.contagion_rank, &r.baseline_rank };
	for (int m = 0; m < 2; m++) {
		assert_close(rk[m]->precision, (double)rk[m]->hits / SIM_K, 1e-15);
		assert_close(rk[m]->recall, (double)rk[m]->hits / who, 1e-15);
		assert_true(rk[m]->precision > r.random_precision);
	}
	assert_int_equal(r.contagion.t_to, SIM_SPLIT);
	assert_true(r.contagion_rank.precision >= r.baseline_rank.precision);
	assert_true(r.contagion_rank.test_loglik > r.baseline_rank.test_loglik);
	assert_true(r.lr_p < 1e-6);
}

/* Every explanation adds up to the score, is sorted, and the all-persons forecast for one
 * period agrees with the single-person score. */
static void test_explain_adds_up(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct risk_fit fit = { .contagion = 1, .p = TRUTH, .wmax = 3 };
	double *prob = malloc(SIM_N * sizeof *prob);
	assert_non_null(prob);
	assert_int_equal(risk_forecast(&sim_g, &sim_ev, &fit, 150, 151, prob, &e), 0);
	size_t most = 0;
	for (int i = 0; i < SIM_N; i++) {
		struct risk_explanation x;
		assert_int_equal(risk_explain(&sim_g, &sim_ev, &fit, i, 150, &x, &e), 0);
		double sum = x.baseline;
		for (size_t u = 0; u < x.nterms; u++) {
			sum += x.terms[u].contribution;
			assert_close(x.terms[u].contribution, TRUTH.alpha * x.terms[u].weight *
				     x.terms[u].decay * x.terms[u].count, 1e-14);
			assert_true(x.terms[u].period < 150);
			if (u)
				assert_true(x.terms[u - 1].contribution >= x.terms[u].contribution);
		}
		assert_close(x.baseline, exp(TRUTH.b0) * x.factor1 * x.factor2, 1e-13);
		assert_close(sum, x.intensity, 1e-13);
		assert_close(x.intensity, risk_intensity(&sim_g, &sim_ev, &fit, i, 150), 1e-13);
		assert_close(prob[i], risk_score(&sim_g, &sim_ev, &fit, i, 150), 1e-12);
		most = x.nterms > most ? x.nterms : most;
		risk_explanation_release(&x);
	}
	assert_true(most > 3);
	free(prob);
}

static void test_events(void **state)
{
	(void)state;
	struct risk_events ev;
	struct err e = { 0 };
	risk_events_init(&ev, 3, 10, 1);
	assert_int_equal(risk_events_add(&ev, RISK_VICTIM, 2, 7, &e), 0);
	assert_int_equal(risk_events_add(&ev, RISK_SUSPECT, 0, 9, &e), 0);
	assert_int_equal(risk_events_add(&ev, RISK_VICTIM, 2, 3, &e), 0);
	assert_int_equal(risk_events_add(&ev, RISK_VICTIM, 0, 5, &e), 0);
	assert_int_equal(risk_events_add(&ev, RISK_VICTIM, 2, 3, &e), 0);
	assert_int_equal(risk_events_finish(&ev, &e), 0);
	static const int voff[] = { 0, 1, 1, 4 }, v[] = { 5, 3, 3, 7 }, soff[] = { 0, 1, 1, 1 };
	assert_memory_equal(ev.victim_off, voff, sizeof voff);
	assert_memory_equal(ev.victim, v, sizeof v);
	assert_memory_equal(ev.suspect_off, soff, sizeof soff);
	assert_int_equal(ev.suspect[0], 9);
	risk_events_release(&ev);
	risk_events_release(NULL);
	risk_explanation_release(NULL);

	risk_events_init(&ev, 0, 0, 1);   /* empty */
	assert_int_equal(risk_events_finish(&ev, &e), 0);
	risk_events_release(&ev);
}

static void test_errors(void **state)
{
	(void)state;
	struct graph g, lonely;
	struct risk_events ev;
	struct risk_fit fit;
	struct risk_eval r;
	struct err e = { 0 };
	hand_case(&g, &ev);
	struct risk_events bad;
	risk_events_init(&bad, 3, 4, 1);
	assert_int_equal(risk_events_add(&bad, RISK_VICTIM, 3, 0, &e), -1);
	assert_msg_has(&e, "person 3 is outside 0..2");
	err_clear(&e);
	assert_int_equal(risk_events_add(&bad, RISK_SUSPECT, 0, 4, &e), -1);
	assert_msg_has(&e, "period 4 of person 0 is outside 0..3");
	risk_events_release(&bad);

	err_clear(&e);
	assert_int_equal(risk_fit(&g, &ev, 2, 2, 0, &fit, &e), -1);
	assert_msg_has(&e, "window [2, 2)");
	err_clear(&e);
	assert_int_equal(risk_fit(&g, &ev, 2, 4, 0, &fit, &e), -1);
	assert_msg_has(&e, "nobody was victimised in the periods [2, 4)");
	err_clear(&e);
	assert_int_equal(risk_fit(&g, &ev, 0, 2, 1, &fit, &e), -1);
	assert_msg_has(&e, "no network neighbour of anyone was victimised");
	err_clear(&e);
	assert_int_equal(risk_evaluate(&g, &ev, 0, 2, 4, 4, &r, &e), -1);
	assert_msg_has(&e, "k = 4 must be between 1 and the number of persons, 3");
	err_clear(&e);
	assert_int_equal(risk_evaluate(&g, &ev, 0, 4, 4, 1, &r, &e), -1);
	assert_msg_has(&e, "got 0, 4, 4");

	assert_int_equal(graph_from_edges(&lonely, 3, 0, NULL, NULL, NULL), 0);
	err_clear(&e);
	assert_int_equal(risk_fit(&lonely, &ev, 0, 4, 1, &fit, &e), -1);
	assert_msg_has(&e, "no ties");
	err_clear(&e);
	assert_int_equal(risk_fit(&lonely, &ev, 0, 4, 0, &fit, &e), 0);   /* baseline is fine */
	assert_int_equal(fit.npar, 3);
	/* inside [0, 2) nobody has a prior victimisation yet: b1 is not estimated but fixed */
	assert_int_equal(risk_fit(&lonely, &ev, 0, 2, 0, &fit, &e), 0);
	assert_int_equal(fit.npar, 2);
	assert_false(fit.estimated[RISK_B1]);
	assert_true(fit.estimated[RISK_B2]);
	assert_true(fit.p.b1 == 0 && isnan(fit.se[RISK_B1]));
	struct risk_params neg = { -7, 1, 1, -1, 10 };
	struct risk_events out;
	err_clear(&e);
	assert_int_equal(risk_simulate(&g, 10, 1, &neg, 0.01, 1, &out, &e), -1);
	assert_msg_has(&e, "alpha >= 0");
	risk_events_release(&out);
	graph_release(&lonely);
	risk_events_release(&ev);
	graph_release(&g);
}

/* ---- distance 2 -------------------------------------------------------------------------
 * The hand case again, with person 0 also victimised in period 0, and θ = 0.4.  Person 2 is
 * at distance 2 of person 0 (via 1): w2 = w01·w12 = 1·0.5 = 0.5, so a victimisation of 0
 * counts for 2 with weight θ·w2 = 0.2.  In period 3, by hand:
 *   λ2 = e^−2·e^0.4 (one prior suspect involvement)
 *        + 0.5·0.5·e^−(3−1)/2 (neighbour 1, victimised in period 1)
 *        + 0.5·0.2·e^−(3−0)/2 (person 0 at distance 2, victimised in period 0)
 *      = 0.2018965180 + 0.0919698603 + 0.0223130160 = 0.3161793943
 *   λ0 = e^−2·e^0.7 (own prior victimisation) + 0.5·1·e^−1 (neighbour 1); person 2, at
 *        distance 2, was never victimised: 0.2725317930 + 0.1839397206 = 0.4564715136
 *   λ1 = e^−2·e^0.7 + 0.5·1·e^−3/2 (neighbour 0); nobody is at distance 2 of 1. */
static void distance2_case(struct graph *g, struct risk_events *ev)
{
	static const int from[] = { 0, 1 }, to[] = { 1, 2 };
	static const double w[] = { 2, 1 };
	struct err e = { 0 };
	assert_int_equal(graph_from_edges(g, 3, 2, from, to, w), 0);
	risk_events_init(ev, 3, 4, 7);
	assert_int_equal(risk_events_add(ev, RISK_VICTIM, 1, 1, &e), 0);
	assert_int_equal(risk_events_add(ev, RISK_VICTIM, 0, 0, &e), 0);
	assert_int_equal(risk_events_add(ev, RISK_SUSPECT, 2, 0, &e), 0);
	assert_int_equal(risk_events_finish(ev, &e), 0);
}

static void test_distance2_hand(void **state)
{
	(void)state;
	struct graph g;
	struct risk_events ev;
	struct err e = { 0 };
	distance2_case(&g, &ev);
	struct risk_fit fit = { .contagion = RISK_DISTANCE2, .p = { -2, 0.7, 0.4, 0.5, 2, 0.4 }, .wmax = 2 };
	double l2 = exp(-1.6) + 0.25 * exp(-1) + 0.1 * exp(-1.5);
	double l0 = exp(-1.3) + 0.5 * exp(-1), l1 = exp(-1.3) + 0.5 * exp(-1.5);
	assert_close(risk_intensity(&g, &ev, &fit, 2, 3), l2, 1e-14);
	assert_close(risk_intensity(&g, &ev, &fit, 0, 3), l0, 1e-14);
	assert_close(risk_intensity(&g, &ev, &fit, 1, 3), l1, 1e-14);
	assert_close(l2, 0.3161793943, 1e-9);

	struct risk_explanation x;
	assert_int_equal(risk_explain(&g, &ev, &fit, 2, 3, &x, &e), 0);
	assert_int_equal((int)x.nterms, 2);
	assert_int_equal(x.terms[0].neighbour, 1);   /* the larger contribution first */
	assert_int_equal(x.terms[0].distance, 1);
	assert_int_equal(x.terms[0].via, -1);
	assert_int_equal(x.terms[1].neighbour, 0);
	assert_int_equal(x.terms[1].distance, 2);
	assert_int_equal(x.terms[1].via, 1);
	assert_int_equal(x.terms[1].period, 0);
	assert_close(x.terms[1].weight, 0.2, 1e-15);
	assert_close(x.terms[1].decay, exp(-1.5), 1e-15);
	assert_close(x.terms[1].contribution, 0.1 * exp(-1.5), 1e-14);
	assert_close(x.intensity, l2, 1e-14);
	risk_explanation_release(&x);

	/* the forecast for one period is the score; with θ = 0 the distance-2 term is gone */
	double prob[3];
	assert_int_equal(risk_forecast(&g, &ev, &fit, 3, 4, prob, &e), 0);
	assert_close(prob[2], -expm1(-l2), 1e-14);
	assert_close(prob[0], -expm1(-l0), 1e-14);
	fit.p.theta = 0;
	assert_close(risk_intensity(&g, &ev, &fit, 2, 3), exp(-1.6) + 0.25 * exp(-1), 1e-14);

	/* the likelihood over [3, 4) (nobody victimised there) is −Σ λ */
	const struct risk_params p = { -2, 0.7, 0.4, 0.5, 2, 0.4 };
	double ll;
	assert_int_equal(risk_loglik(&g, &ev, 3, 4, &p, &ll, &e), 0);
	assert_close(ll, -(l0 + l1 + l2), 1e-13);
	risk_events_release(&ev);
	graph_release(&g);
}

/* The distance-2 likelihood against a person-period walk with the persons at distance 2
 * found from the adjacency matrix (an independent way to the same w2). */
static double brute_loglik2(const struct graph *g, const struct risk_events *ev, int t_from,
			    int t_to, const struct risk_params *p)
{
	int n = g->n;
	double wmax = 0, ll = 0;
	for (int64_t k = 0; k < 2 * g->m; k++)
		wmax = fmax(wmax, g->w[k]);
	double *W = calloc((size_t)n * (size_t)n, sizeof *W);
	assert_non_null(W);
	for (int i = 0; i < n; i++)
		for (int64_t k = g->offset[i]; k < g->offset[i + 1]; k++)
			W[(size_t)i * n + g->adj[k]] = g->w[k] / wmax;
	for (int i = 0; i < n; i++)
		for (int t = t_from; t < t_to; t++) {
			int x1 = 0, x2 = 0, y = 0;
			for (int q = ev->victim_off[i]; q < ev->victim_off[i + 1]; q++)
				x1 += ev->victim[q] < t, y |= ev->victim[q] == t;
			for (int q = ev->suspect_off[i]; q < ev->suspect_off[i + 1]; q++)
				x2 += ev->suspect[q] < t;
			double E = 0;
			for (int k = 0; k < n; k++) {
				double w = W[(size_t)i * n + k];
				if (k == i)
					continue;
				if (!(w > 0)) {   /* not adjacent: distance 2 if a common neighbour */
					for (int j = 0; j < n; j++)
						w = fmax(w, W[(size_t)i * n + j] * W[(size_t)j * n + k]);
					w *= p->theta;
				}
				for (int q = ev->victim_off[k]; q < ev->victim_off[k + 1]; q++)
					if (ev->victim[q] < t)
						E += w * exp(-(t - ev->victim[q]) / p->tau);
			}
			double lam = exp(p->b0 + p->b1 * x1 + p->b2 * x2) + p->alpha * E;
			ll += y ? log(1 - exp(-lam)) : -lam;
		}
	free(W);
	return ll;
}

static void test_distance2_brute_force(void **state)
{
	(void)state;
	struct graph g;
	struct risk_events ev;
	struct err e = { 0 };
	random_graph(&g, 40, 60, 9);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 12);
	risk_events_init(&ev, 40, 30, 1);
	for (int k = 0; k < 90; k++) {
		int i = (int)gsl_rng_uniform_int(r, 25), t = (int)gsl_rng_uniform_int(r, 30);
		assert_int_equal(risk_events_add(&ev, RISK_VICTIM, i, t, &e), 0);
	}
	for (int k = 0; k < 60; k++)
		assert_int_equal(risk_events_add(&ev, RISK_SUSPECT, (int)gsl_rng_uniform_int(r, 40),
						 (int)gsl_rng_uniform_int(r, 30), &e), 0);
	assert_int_equal(risk_events_finish(&ev, &e), 0);
	const struct risk_params ps[] = {
		{ -3, 0.4, 0.3, 0.2, 4, 0.5 }, { -2.5, 0.1, -0.2, 1.5, 0.3, 1 }, { -4, 0.8, 0.5, 0.05, 200, 0.01 },
	};
	static const int win[][2] = { { 0, 30 }, { 5, 30 }, { 12, 13 }, { 3, 17 } };
	for (size_t a = 0; a < sizeof ps / sizeof ps[0]; a++)
		for (size_t b = 0; b < sizeof win / sizeof win[0]; b++) {
			double ll;
			assert_int_equal(risk_loglik(&g, &ev, win[b][0], win[b][1], &ps[a], &ll, &e), 0);
			assert_close(ll, brute_loglik2(&g, &ev, win[b][0], win[b][1], &ps[a]), 1e-11);
		}
	gsl_rng_free(r);
	risk_events_release(&ev);
	graph_release(&g);
}

/* Recovery with distance 2: data simulated with θ = 0.25 (and α = 0.015, which keeps the
 * process subcritical with the added exposure) on the recovery test's kind of
 * network; every one of the six estimates must lie within 3 standard errors of the truth,
 * the fit must beat the direct model's, and the evaluation reports all three lists. */
static const struct risk_params TRUTH2 = { -7, 0.5, 0.5, 0.015, 10, 0.25 };

static void test_distance2_recovery(void **state)
{
	(void)state;
	struct graph g;
	struct risk_events ev;
	struct risk_fit c, d;
	struct err e = { 0 };
	random_graph(&g, SIM_N, SIM_M, 1);
	assert_int_equal(risk_simulate(&g, SIM_T, 7, &TRUTH2, SIM_SUSPECT_RATE, 1, &ev, &e), 0);
	print_message("  %d victimisations of %d persons in %d periods\n", ev.victim_off[ev.n], ev.n, SIM_T);
	assert_int_equal(risk_fit(&g, &ev, 0, SIM_T, RISK_DISTANCE2, &d, &e), 0);
	assert_int_equal(risk_fit(&g, &ev, 0, SIM_T, RISK_DIRECT, &c, &e), 0);
	assert_true(d.converged);
	assert_int_equal(d.npar, 6);
	within("b0", d.p.b0, d.se[RISK_B0], TRUTH2.b0);
	within("b1", d.p.b1, d.se[RISK_B1], TRUTH2.b1);
	within("b2", d.p.b2, d.se[RISK_B2], TRUTH2.b2);
	within("log α", log(d.p.alpha), d.se[RISK_LOG_ALPHA], log(TRUTH2.alpha));
	within("log τ", log(d.p.tau), d.se[RISK_LOG_TAU], log(TRUTH2.tau));
	within("log θ", log(d.p.theta), d.se[RISK_LOG_THETA], log(TRUTH2.theta));
	print_message("  θ = %.3f (se %.3f); loglik %.2f vs direct %.2f (LR %.1f)\n", d.p.theta,
		      d.se_theta, d.loglik, c.loglik, 2 * (d.loglik - c.loglik));
	assert_true(d.loglik > c.loglik + 3);

	struct risk_eval x;
	assert_int_equal(risk_evaluate_distance2(&g, &ev, 0, SIM_SPLIT, SIM_T, SIM_K, &x, &e), 0);
	print_message("  top-%d of %d persons, %d test victims (random list precision %.3f):\n", SIM_K,
		      SIM_N, x.test_victims, x.random_precision);
	print_message("    distance 2: precision %.3f recall %.3f test loglik %.1f\n",
		      x.distance2_rank.precision, x.distance2_rank.recall, x.distance2_rank.test_loglik);
	print_message("    direct:     precision %.3f recall %.3f test loglik %.1f\n",
		      x.contagion_rank.precision, x.contagion_rank.recall, x.contagion_rank.test_loglik);
	print_message("    baseline:   precision %.3f recall %.3f test loglik %.1f\n",
		      x.baseline_rank.precision, x.baseline_rank.recall, x.baseline_rank.test_loglik);
	assert_true(x.distance2_rank.test_loglik > x.contagion_rank.test_loglik);
	assert_true(x.distance2_rank.precision >= x.baseline_rank.precision);
	assert_true(x.lr2_p < 0.01);
	risk_events_release(&ev);
	graph_release(&g);
}

/* No invented distance: on data simulated with direct contagion only (θ = 0), the distance-2
 * model finds no significant distance-2 effect. */
static void test_distance2_none(void **state)
{
	(void)state;
	struct risk_fit c, d;
	struct err e = { 0 };
	assert_int_equal(risk_fit(&sim_g, &sim_ev, 0, SIM_T, RISK_DISTANCE2, &d, &e), 0);
	assert_int_equal(risk_fit(&sim_g, &sim_ev, 0, SIM_T, RISK_DIRECT, &c, &e), 0);
	double lr = 2 * (d.loglik - c.loglik);
	print_message("  θ = %.3g%s; LR against the direct model %.2f\n", d.p.theta,
		      d.theta_at_bound ? " (at a bound)" : "", lr);
	assert_true(lr >= -1e-6);   /* nested: never worse */
	assert_true(lr < 6.63);     /* χ²₁ at p = 0.01 */
	within("log α", log(d.p.alpha), c.se[RISK_LOG_ALPHA], log(TRUTH.alpha));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_likelihood),
		cmocka_unit_test(test_likelihood_brute_force),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_recovery),
		cmocka_unit_test(test_recovery_seeds),
		cmocka_unit_test(test_no_contagion),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_evaluation),
		cmocka_unit_test(test_explain_adds_up),
		cmocka_unit_test(test_distance2_hand),
		cmocka_unit_test(test_distance2_brute_force),
		cmocka_unit_test(test_distance2_recovery),
		cmocka_unit_test(test_distance2_none),
	};
	return cmocka_run_group_tests(tests, sim_setup, sim_teardown);
}
