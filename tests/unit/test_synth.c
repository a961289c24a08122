/* test_synth.c — unit tests for eval/synth.c: the simplex QP on cases solved by hand and
 * against a slow independent solver (projected gradient), the published Basque Country
 * replication of Abadie & Gardeazabal (2003) with the predictors of the R Synth package's
 * example (tests/data/basque.csv, cited in tests/data/README.md), placebo inference on a
 * panel built so the answer is known, and the messages for bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "eval/synth.h"

static void assert_near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("got %.10g, want %.10g (tolerance %g)", got, want, tol);
}

static void assert_msg_has(const struct err *e, const char *want)
{
	if (!strstr(e->msg, want))
		fail_msg("message \"%s\" does not contain \"%s\"", e->msg, want);
}

/* G = X0'X0 and c = X0'x1 for donors given as columns of X0 (k x J). */
static void gram(const double *X0, const double *x1, int k, int J, double *G, double *c)
{
	for (int a = 0; a < J; a++) {
		c[a] = 0;
		for (int i = 0; i < k; i++)
			c[a] += X0[i * J + a] * x1[i];
		for (int b = 0; b < J; b++) {
			G[a * J + b] = 0;
			for (int i = 0; i < k; i++)
				G[a * J + b] += X0[i * J + a] * X0[i * J + b];
		}
	}
}

/* Donors at (0,0), (1,0), (0,1): a point inside their triangle is its own barycentric
 * combination; a point outside projects onto the nearest edge. */
static void qp_by_hand(void **state)
{
	(void)state;
	const double X0[] = { 0, 1, 0,
			      0, 0, 1 };
	double G[9], c[3], w[3];
	struct err e = { 0 };
	const double inside[] = { 0.2, 0.3 };
	gram(X0, inside, 2, 3, G, c);
	assert_int_equal(synth_simplex_qp(G, c, 3, w, &e), 0);
	assert_near(w[0], 0.5, 1e-9);
	assert_near(w[1], 0.2, 1e-9);
	assert_near(w[2], 0.3, 1e-9);
	const double outside[] = { 2, 2 };   /* nearest point of the hull: (0.5, 0.5) */
	gram(X0, outside, 2, 3, G, c);
	assert_int_equal(synth_simplex_qp(G, c, 3, w, &e), 0);
	assert_near(w[0], 0, 1e-9);
	assert_near(w[1], 0.5, 1e-9);
	assert_near(w[2], 0.5, 1e-9);
	const double corner[] = { -1, -3 };  /* nearest: the vertex (0,0) */
	gram(X0, corner, 2, 3, G, c);
	assert_int_equal(synth_simplex_qp(G, c, 3, w, &e), 0);
	assert_near(w[0], 1, 1e-9);
}

/* Euclidean projection onto the simplex (sort-based), for the independent solver. */
static int cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x < y) - (x > y);
}

static void project_simplex(double *v, int n)
{
	double *u = malloc((size_t)n * sizeof *u);
	memcpy(u, v, (size_t)n * sizeof *u);
	qsort(u, (size_t)n, sizeof *u, cmp_desc);
	double css = 0, theta = 0;
	for (int i = 0; i < n; i++) {
		css += u[i];
		double t = (css - 1) / (i + 1);
		if (u[i] - t > 0)
			theta = t;
	}
	for (int i = 0; i < n; i++)
		v[i] = fmax(v[i] - theta, 0);
	free(u);
}

static double objective(const double *G, const double *c, const double *w, int J)
{
	double f = 0;
	for (int a = 0; a < J; a++) {
		f -= c[a] * w[a];
		for (int b = 0; b < J; b++)
			f += 0.5 * w[a] * G[a * J + b] * w[b];
	}
	return f;
}

static void qp_matches_projected_gradient(void **state)
{
	(void)state;
	srand(7);
	for (int trial = 0; trial < 20; trial++) {
		int k = 3 + trial % 6, J = 4 + trial;
		double *X0 = malloc((size_t)(k * J) * sizeof *X0), *x1 = malloc((size_t)k * sizeof *x1);
		double *G = malloc((size_t)(J * J) * sizeof *G), *c = malloc((size_t)J * sizeof *c);
		double *w = malloc((size_t)J * sizeof *w), *v = malloc((size_t)J * sizeof *v);
		for (int i = 0; i < k * J; i++)
			X0[i] = rand() / (double)RAND_MAX;
		for (int i = 0; i < k; i++)
			x1[i] = 1.5 * rand() / (double)RAND_MAX - 0.25;
		gram(X0, x1, k, J, G, c);
		struct err e = { 0 };
		assert_int_equal(synth_simplex_qp(G, c, J, w, &e), 0);
		double sum = 0;
		for (int j = 0; j < J; j++) {
			assert_true(w[j] >= 0);
			sum += w[j];
		}
		assert_near(sum, 1, 1e-12);
		double L = 0;   /* step 1/L with L >= largest eigenvalue (Gershgorin) */
		for (int a = 0; a < J; a++) {
			double r = 0;
			for (int b = 0; b < J; b++)
				r += fabs(G[a * J + b]);
			L = fmax(L, r);
		}
		for (int j = 0; j < J; j++)
			v[j] = 1.0 / J;
		for (int it = 0; it < 50000; it++) {
			for (int a = 0; a < J; a++) {
				double g = -c[a];
				for (int b = 0; b < J; b++)
					g += G[a * J + b] * v[b];
				w[a] = v[a] - g / L;   /* w is scratch here; recomputed below */
			}
			project_simplex(w, J);
			memcpy(v, w, (size_t)J * sizeof *v);
		}
		assert_int_equal(synth_simplex_qp(G, c, J, w, &e), 0);
		assert_true(objective(G, c, w, J) <= objective(G, c, v, J) + 1e-10);
		free(X0);
		free(x1);
		free(G);
		free(c);
		free(w);
		free(v);
	}
}

/* ---- Basque Country ----------------------------------------------------------------------- */

#define B_UNITS 18
#define B_FIRST 1955
#define B_YEARS 43   /* 1955..1997 */
enum { C_GDP, C_AGR, C_ENE, C_IND, C_CON, C_SVV, C_SVN, C_ILL, C_PRI, C_MED, C_HIG, C_POS,
       C_POP, C_INV, B_COLS };
static const char *const b_names[B_COLS] = { "gdpcap", "sec.agriculture", "sec.energy",
	"sec.industry", "sec.construction", "sec.services.venta", "sec.services.nonventa",
	"school.illit", "school.prim", "school.med", "school.high", "school.post.high", "popdens",
	"invest" };

static double basque[B_UNITS + 1][B_YEARS][B_COLS];   /* [regionno][year - 1955][column] */
static char region[B_UNITS + 1][64];

static void load_basque(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s", __FILE__);
	char *slash = strrchr(path, '/');
	snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0),
		 "../data/basque.csv");
	struct csv_reader *r;
	struct err e = { 0 };
	if (csvr_open(&r, path, &e))
		fail_msg("%s", e.msg);
	struct csv_row row;
	int col[B_COLS], cunit = -1, cyear = -1, cname = -1;
	assert_int_equal(csvr_next(r, &row, &e), 1);
	for (int j = 0; j < B_COLS; j++) {
		col[j] = -1;
		for (size_t i = 0; i < row.n; i++)
			if (!strcmp(row.field[i], b_names[j]))
				col[j] = (int)i;
		assert_true(col[j] >= 0);
	}
	for (size_t i = 0; i < row.n; i++) {
		if (!strcmp(row.field[i], "regionno"))
			cunit = (int)i;
		if (!strcmp(row.field[i], "year"))
			cyear = (int)i;
		if (!strcmp(row.field[i], "regionname"))
			cname = (int)i;
	}
	for (int u = 0; u <= B_UNITS; u++)
		for (int t = 0; t < B_YEARS; t++)
			for (int j = 0; j < B_COLS; j++)
				basque[u][t][j] = NAN;
	int rows = 0;
	while (csvr_next(r, &row, &e) == 1) {
		int u = (int)atof(row.field[cunit]), t = (int)atof(row.field[cyear]) - B_FIRST;
		assert_true(u >= 1 && u <= B_UNITS && t >= 0 && t < B_YEARS);
		snprintf(region[u], sizeof region[u], "%s", row.field[cname]);
		for (int j = 0; j < B_COLS; j++)
			if (row.field[col[j]][0])
				basque[u][t][j] = atof(row.field[col[j]]);
		rows++;
	}
	csvr_close(r);
	assert_int_equal(rows, B_UNITS * B_YEARS);
}

/* Mean of a column over the given years, leaving out the missing ones (Synth's na.rm). */
static double mean_over(int u, int column, int from, int to, int by)
{
	double s = 0;
	int n = 0;
	for (int y = from; y <= to; y += by)
		if (!isnan(basque[u][y - B_FIRST][column])) {
			s += basque[u][y - B_FIRST][column];
			n++;
		}
	return n ? s / n : NAN;
}

/* The predictors of the Synth package's basque example, in its order. */
#define B_PRED 14
static void basque_predictors(int u, double *x)
{
	int k = 0;
	const int avg6469[] = { C_ILL, C_PRI, C_MED, C_HIG, C_POS, C_INV };
	for (int i = 0; i < 6; i++)
		x[k++] = mean_over(u, avg6469[i], 1964, 1969, 1);
	x[k++] = mean_over(u, C_GDP, 1960, 1969, 1);
	for (int j = C_AGR; j <= C_SVN; j++)
		x[k++] = mean_over(u, j, 1961, 1969, 2);
	x[k++] = mean_over(u, C_POP, 1969, 1969, 1);
	assert_int_equal(k, B_PRED);
}

static void basque_replication(void **state)
{
	(void)state;
	load_basque();
	/* Units: the Basque Country (17) treated; regions 2..16 and 18 donors; 1 is Spain. */
	int units[B_UNITS - 1], nu = 0;
	units[nu++] = 17;
	for (int u = 2; u <= B_UNITS; u++)
		if (u != 17)
			units[nu++] = u;
	assert_int_equal(nu, 17);
	double *Y = malloc((size_t)(nu * B_YEARS) * sizeof *Y);
	double *P = malloc((size_t)(B_PRED * nu) * sizeof *P);
	const char *names[17];
	for (int i = 0; i < nu; i++) {
		names[i] = region[units[i]];
		for (int t = 0; t < B_YEARS; t++)
			Y[i * B_YEARS + t] = basque[units[i]][t][C_GDP];
		double x[B_PRED];
		basque_predictors(units[i], x);
		for (int k = 0; k < B_PRED; k++)
			P[k * nu + i] = x[k];
	}
	/* Treatment from 1970 (period index 15); V optimised on gdpcap 1960..1969. */
	struct synth_panel p = { nu, B_YEARS, Y, names, 1970 - B_FIRST, B_PRED, P,
				 1960 - B_FIRST, 1970 - B_FIRST };
	int donors[16];
	for (int j = 0; j < 16; j++)
		donors[j] = j + 1;
	struct synth_result r;
	struct err e = { 0 };
	if (synth_run(&p, 0, donors, 16, 1, 2, &r, &e))
		fail_msg("%s", e.msg);
	double cat = -1, mad = -1, rest = 0;
	for (int j = 0; j < 16; j++) {
		const char *n = names[donors[j]];
		printf("# %-32s %.4f\n", n, r.w[j]);
		if (strstr(n, "Cataluna"))
			cat = r.w[j];
		else if (strstr(n, "Madrid"))
			mad = r.w[j];
		else
			rest += r.w[j];
	}
	printf("# loss: rmspe pre %.6f, ratio %.3f, rank %d, p %.3f\n", r.rmspe_pre, r.ratio, r.rank, r.p);
	/* The published synthetic Basque Country: Cataluña 0.8508, Madrid 0.1492. */
	assert_near(cat, 0.8508, 0.01);
	assert_near(mad, 0.1492, 0.01);
	assert_near(rest, 0, 0.01);
	/* The gap after 1970 against the synthetic control made from the published weights. */
	int ucat = -1, umad = -1;
	for (int i = 0; i < nu; i++) {
		if (strstr(names[i], "Cataluna"))
			ucat = units[i];
		if (strstr(names[i], "Madrid"))
			umad = units[i];
	}
	double worst = 0;
	for (int t = 1970 - B_FIRST; t < B_YEARS; t++) {
		double pub = basque[17][t][C_GDP] - (0.8508 * basque[ucat][t][C_GDP] +
						     0.1492 * basque[umad][t][C_GDP]);
		worst = fmax(worst, fabs(r.gap[t] - pub));
	}
	printf("# largest difference from the published gap 1970-1997: %.5f\n", worst);
	assert_true(worst < 0.05);
	/* The conflict cost about a tenth of GDP per capita in the 1980s and 1990s. */
	double g = 0;
	for (int t = 1980 - B_FIRST; t < B_YEARS; t++)
		g += r.gap[t] / r.synthetic[t];
	g /= B_YEARS - (1980 - B_FIRST);
	printf("# mean relative gap 1980-1997: %.3f\n", g);
	assert_true(g < -0.05 && g > -0.15);
	assert_int_equal(r.nplacebo, 16);
	assert_true(r.p > 0 && r.p <= 1);
	synth_result_release(&r);
	free(Y);
	free(P);
}

/* A panel with a known answer: the treated unit is exactly 0.5 A + 0.5 B before the
 * intervention and drops by 10 after; every placebo fits less well after, so the treated
 * ratio ranks first, and the interval covers -10. */
static void known_effect_and_placebos(void **state)
{
	(void)state;
	enum { U = 8, T = 40, T0 = 30 };
	double Y[U * T];
	const char *names[U] = { "treated", "a", "b", "c", "d", "e", "f", "g" };
	srand(3);
	for (int u = 1; u < U; u++)
		for (int t = 0; t < T; t++)
			Y[u * T + t] = 50 + 10 * u + 3 * sin(t * (0.3 + 0.1 * u)) + (rand() % 100) / 50.0;
	for (int t = 0; t < T; t++)
		Y[t] = 0.5 * Y[1 * T + t] + 0.5 * Y[2 * T + t] - (t >= T0 ? 10 : 0);
	struct synth_panel p = { U, T, Y, names, T0, 0, NULL, 0, 0 };
	int donors[] = { 1, 2, 3, 4, 5, 6, 7 };
	struct synth_result r;
	struct err e = { 0 };
	if (synth_run(&p, 0, donors, 7, 1, 2, &r, &e))
		fail_msg("%s", e.msg);
	assert_near(r.w[0], 0.5, 1e-6);
	assert_near(r.w[1], 0.5, 1e-6);
	assert_near(r.effect, -10, 1e-6);
	assert_near(r.rmspe_pre, 0, 1e-6);
	assert_int_equal(r.rank, 1);
	assert_near(r.p, 1.0 / 8, 1e-12);
	assert_true(r.effect_lo <= -10 && r.effect_hi >= -10);
	assert_true(r.time_T0 == 15);
	assert_near(r.time_effect, 0, 1e-6);

	/* Pooled over one area it is the area's own inference; over two (the same area twice),
	 * the mean over all 7 x 7 pairs of placebos, counted here by brute force. */
	double pe, pp, plo, phi;
	assert_int_equal(synth_pooled(&r, 1, &pe, &pp, &plo, &phi, &e), 0);
	assert_near(pe, r.effect, 1e-12);
	assert_near(pp, r.p, 1e-12);
	assert_near(plo, r.effect_lo, 1e-12);
	assert_near(phi, r.effect_hi, 1e-12);
	struct synth_result two[2] = { r, r };
	assert_int_equal(synth_pooled(two, 2, &pe, &pp, &plo, &phi, &e), 0);
	int above = 0;
	for (int a = 0; a < 7; a++)
		for (int b = 0; b < 7; b++)
			above += (r.placebo_ratio[a] + r.placebo_ratio[b]) / 2 >= r.ratio;
	assert_near(pp, (1.0 + above) / 50, 1e-12);
	synth_result_release(&r);

	/* Conformal intervals, with noise of +-0.5 on the treated unit: the true effect -10 is
	 * inside in (nearly) every post period, no effect (0) in none. */
	for (int t = 0; t < T; t++)
		Y[t] += (rand() % 1000) / 1000.0 - 0.5;
	double lo[T], hi[T];
	err_clear(&e);
	assert_int_equal(synth_conformal(&p, 0, donors, 7, 0.95, lo, hi, &e), 0);
	int inside = 0;
	for (int t = 0; t < T; t++) {
		if (t < T0) {
			assert_true(isnan(lo[t]) && isnan(hi[t]));
			continue;
		}
		inside += lo[t] <= -10 && hi[t] >= -10;
		if (!(hi[t] < 0))
			fail_msg("period %d: [%g, %g] holds 0", t, lo[t], hi[t]);
	}
	printf("# conformal intervals holding the true effect: %d of %d\n", inside, T - T0);
	assert_true(inside >= 8);
	/* A pre-period too short for a 95 % interval. */
	struct synth_panel shortp = p;
	shortp.T0 = 10;
	err_clear(&e);
	assert_int_equal(synth_conformal(&shortp, 0, donors, 7, 0.95, lo, hi, &e), -1);
	assert_msg_has(&e, "at least 19 needed");
}

/* Conformal coverage on noisy panels without an effect: the 95 % interval holds 0 in about
 * 95 % of the post periods (at least 85 % over 10 panels x 10 periods). */
static void conformal_covers_no_effect(void **state)
{
	(void)state;
	enum { U = 10, T = 50, T0 = 40 };
	double Y[U * T], lo[T], hi[T];
	int donors[U - 1], covered = 0, total = 0;
	for (int j = 0; j < U - 1; j++)
		donors[j] = j + 1;
	srand(11);
	for (int rep = 0; rep < 10; rep++) {
		for (int u = 0; u < U; u++)
			for (int t = 0; t < T; t++)
				Y[u * T + t] = 20 + 2 * u + 4 * sin(t * 0.5 + u) + (rand() % 1000) / 250.0;
		for (int t = 0; t < T; t++)   /* treated: a mix of donors plus noise, no effect */
			Y[t] = 0.3 * Y[2 * T + t] + 0.7 * Y[5 * T + t] + (rand() % 1000) / 500.0 - 1;
		struct synth_panel p = { U, T, Y, NULL, T0, 0, NULL, 0, 0 };
		struct err e = { 0 };
		assert_int_equal(synth_conformal(&p, 0, donors, U - 1, 0.95, lo, hi, &e), 0);
		for (int t = T0; t < T; t++) {
			total++;
			covered += lo[t] <= 0 && hi[t] >= 0;
		}
	}
	printf("# conformal coverage of no effect: %d of %d\n", covered, total);
	assert_true(covered >= 85);
}

static void bad_input(void **state)
{
	(void)state;
	double Y[3 * 10];
	for (int i = 0; i < 30; i++)
		Y[i] = 1 + i % 7;
	const char *names[] = { "Järfälla", "x", "y" };
	struct synth_result r;
	struct err e = { 0 };
	struct synth_panel p = { 3, 10, Y, names, 1, 0, NULL, 0, 0 };
	int donors[] = { 1, 2 };
	assert_int_equal(synth_run(&p, 0, donors, 2, 1, 1, &r, &e), -1);
	assert_msg_has(&e, "too short a pre-period");
	err_clear(&e);
	p.T0 = 5;
	assert_int_equal(synth_run(&p, 0, donors, 1, 1, 1, &r, &e), -1);
	assert_msg_has(&e, "a donor pool of 1");
	err_clear(&e);
	Y[4] = NAN;
	assert_int_equal(synth_run(&p, 0, donors, 2, 1, 1, &r, &e), -1);
	assert_msg_has(&e, "Järfälla has no value for period 5");
	err_clear(&e);
	for (int t = 0; t < 10; t++)
		Y[t] = 0;
	assert_int_equal(synth_run(&p, 0, donors, 2, 1, 1, &r, &e), -1);
	assert_msg_has(&e, "zero throughout");
}

int main(void)
{
	gsl_set_error_handler_off();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qp_by_hand),
		cmocka_unit_test(qp_matches_projected_gradient),
		cmocka_unit_test(basque_replication),
		cmocka_unit_test(known_effect_and_placebos),
		cmocka_unit_test(conformal_covers_no_effect),
		cmocka_unit_test(bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
