/* test_glm.c — unit tests for eval/glm.c on cases with closed-form answers: a Poisson
 * intercept (log of the mean, standard error 1/sqrt(sum y)), two groups (the log rate ratio
 * and its standard error sqrt(1/sum y_a + 1/sum y_b)), the Cameron–Trivedi test's slope by
 * hand, a Wald test equal to the squared z of one coefficient, and the messages for bad
 * input.  The comparison with statsmodels on simulated series is tests/cli/t70-evaluate.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

#include "eval/glm.h"

static void assert_rel(double got, double want, double rel)
{
	if (!(fabs(got - want) <= rel * fabs(want)))
		fail_msg("got %.17g, want %.17g", got, want);
}

static void assert_msg_has(const struct err *e, const char *want)
{
	if (!strstr(e->msg, want))
		fail_msg("message \"%s\" does not contain \"%s\"", e->msg, want);
}

static void poisson_intercept(void **state)
{
	(void)state;
	const double y[] = { 3, 0, 4, 7, 2, 5 }, X[] = { 1, 1, 1, 1, 1, 1 };
	struct glm_fit f;
	struct err e = { 0 };
	assert_int_equal(glm_fit(X, 6, 1, NULL, y, NULL, GLM_POISSON, &f, &e), 0);
	assert_rel(f.beta[0], log(21.0 / 6), 1e-12);
	assert_rel(f.se[0], 1 / sqrt(21.0), 1e-12);
	/* Pearson chi2 = sum (y - 3.5)^2 / 3.5 */
	assert_rel(f.pearson_chi2, (0.25 + 12.25 + 0.25 + 12.25 + 2.25 + 2.25) / 3.5, 1e-12);
	assert_int_equal(f.df_resid, 5);
	glm_fit_release(&f);
}

static void poisson_two_groups(void **state)
{
	(void)state;
	/* group a: 4 months, 20 events; group b: 4 months, 10 events */
	const double y[] = { 6, 4, 5, 5, 1, 3, 2, 4 };
	const double X[] = { 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1 };
	const char *const names[] = { "intercept", "b" };
	struct glm_fit f;
	struct err e = { 0 };
	assert_int_equal(glm_fit(X, 8, 2, names, y, NULL, GLM_POISSON, &f, &e), 0);
	assert_rel(f.beta[0], log(5.0), 1e-12);
	assert_rel(f.beta[1], log(0.5), 1e-12);
	assert_rel(f.se[1], sqrt(1 / 20.0 + 1 / 10.0), 1e-12);
	double chi2, p;
	int idx[] = { 1 };
	assert_int_equal(glm_wald(&f, idx, 1, &chi2, &p, &e), 0);
	assert_rel(chi2, pow(log(0.5) / sqrt(0.15), 2), 1e-10);
	/* Cameron–Trivedi: mu = 5 for a, 2.5 for b; z_i = ((y - mu)^2 - y) / mu regressed on mu. */
	double sxy = 0, sxx = 0;
	for (int i = 0; i < 8; i++) {
		double mu = i < 4 ? 5 : 2.5, z = ((y[i] - mu) * (y[i] - mu) - y[i]) / mu;
		sxy += mu * z;
		sxx += mu * mu;
	}
	double slope, t;
	assert_int_equal(glm_overdispersion_ct(y, f.mu, 8, &slope, &t, &p, &e), 0);
	assert_rel(slope, sxy / sxx, 1e-10);
	assert_true(p > 0.5);   /* these counts are underdispersed */
	glm_fit_release(&f);
}

static void negbin_overdispersed(void **state)
{
	(void)state;
	/* Strongly overdispersed counts: alpha well above 0, same mean as Poisson. */
	const double y[] = { 0, 0, 1, 12, 0, 30, 2, 0, 0, 25, 1, 0, 8, 0, 0, 40 };
	double X[16];
	for (int i = 0; i < 16; i++)
		X[i] = 1;
	struct glm_fit f;
	struct err e = { 0 };
	assert_int_equal(glm_fit(X, 16, 1, NULL, y, NULL, GLM_NEGBIN, &f, &e), 0);
	/* With only an intercept the NB2 maximum-likelihood mean is the sample mean. */
	assert_rel(f.beta[0], log(119.0 / 16), 1e-9);
	assert_true(f.alpha > 1);
	assert_true(f.alpha_se > 0);
	assert_true(f.se[0] > 1 / sqrt(119.0));   /* wider than the Poisson's */
	glm_fit_release(&f);
}

static void bad_input(void **state)
{
	(void)state;
	struct glm_fit f;
	struct err e = { 0 };
	const double zero[] = { 0, 0, 0, 0 }, ones[] = { 1, 1, 1, 1 };
	assert_int_equal(glm_fit(ones, 4, 1, NULL, zero, NULL, GLM_POISSON, &f, &e), -1);
	assert_msg_has(&e, "all 4 counts are zero");
	err_clear(&e);
	assert_int_equal(glm_fit(ones, 1, 1, NULL, ones, NULL, GLM_POISSON, &f, &e), -1);
	assert_msg_has(&e, "too few observations");
	err_clear(&e);
	const double dup[] = { 1, 2, 2, 1, 3, 3, 1, 4, 4, 1, 5, 5 };
	const double y[] = { 1, 2, 3, 5 };
	const char *const names[] = { "intercept", "trend", "level" };
	assert_int_equal(glm_fit(dup, 4, 3, names, y, NULL, GLM_POISSON, &f, &e), -1);
	assert_msg_has(&e, "singular");
	err_clear(&e);
	const double neg[] = { 1, -2, 3, 4 };
	assert_int_equal(glm_fit(ones, 4, 1, NULL, neg, NULL, GLM_POISSON, &f, &e), -1);
	assert_msg_has(&e, "observation 2");
	err_clear(&e);
	const double miss[] = { 1, NAN, 3, 4 };
	assert_int_equal(glm_fit(ones, 4, 1, NULL, miss, NULL, GLM_POISSON, &f, &e), -1);
	assert_msg_has(&e, "observation 2");
	err_clear(&e);
	/* Separation: a group whose counts are all zero drives its rate to zero. */
	const double X2[] = { 1, 0, 1, 0, 1, 1, 1, 1 };
	const double y2[] = { 3, 4, 0, 0 };
	assert_int_equal(glm_fit(X2, 4, 2, NULL, y2, NULL, GLM_POISSON, &f, &e), -1);
	assert_true(e.msg[0] != 0);
	err_clear(&e);
	/* Equidispersed counts: no overdispersion for the negative binomial to find. */
	const double y3[] = { 2, 2, 2, 2, 2, 2 }, X3[] = { 1, 1, 1, 1, 1, 1 };
	assert_int_equal(glm_fit(X3, 6, 1, NULL, y3, NULL, GLM_NEGBIN, &f, &e), -1);
	assert_msg_has(&e, "no overdispersion");
}

int main(void)
{
	gsl_set_error_handler_off();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(poisson_intercept),
		cmocka_unit_test(poisson_two_groups),
		cmocka_unit_test(negbin_overdispersed),
		cmocka_unit_test(bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
