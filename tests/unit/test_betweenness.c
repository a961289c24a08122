/* test_betweenness.c — betweenness.c against hand-computed small graphs and against the igraph
 * C library on random graphs; determinism over thread counts; the sampled estimate and its
 * standard error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/betweenness.h"
#include "analysis/graph.h"

struct edge {
	int u, v;
	double w;
};

static void build(struct graph *g, int n, const struct edge *e, int m)
{
	int *from = malloc((size_t)(m + 1) * sizeof *from), *to = malloc((size_t)(m + 1) * sizeof *to);
	double *w = malloc((size_t)(m + 1) * sizeof *w);
	assert_non_null(from);
	assert_non_null(to);
	assert_non_null(w);
	for (int i = 0; i < m; i++) {
		from[i] = e[i].u;
		to[i] = e[i].v;
		w[i] = e[i].w;
	}
	assert_int_equal(graph_from_edges(g, n, m, from, to, w), 0);
	free(from);
	free(to);
	free(w);
}

/* Relative agreement; exact zeros must be exact. */
static int close_to(double a, double b, double rel)
{
	if (a == b)
		return 1;
	return fabs(a - b) <= rel * fmax(fabs(a), fabs(b));
}

static void expect(const struct graph *g, int weighted, const double *want)
{
	double *got = calloc((size_t)g->n + 1, sizeof *got);
	assert_non_null(got);
	for (int threads = 1; threads <= 2; threads++) {
		assert_int_equal(betweenness_exact(g, weighted, threads, got), 0);
		for (int v = 0; v < g->n; v++) {
			if (!close_to(got[v], want[v], 1e-12))
				fail_msg("vertex %d: got %.17g, want %.17g (weighted %d, threads %d)", v,
					 got[v], want[v], weighted, threads);
		}
	}
	free(got);
}

static void test_path_of_five(void **state)
{
	(void)state;
	static const struct edge e[] = { { 0, 1, 1 }, { 1, 2, 1 }, { 2, 3, 1 }, { 3, 4, 1 } };
	static const double want[] = { 0, 3, 4, 3, 0 };
	struct graph g;
	build(&g, 5, e, 4);
	expect(&g, 0, want);
	expect(&g, 1, want);
	graph_release(&g);
}

/* Centre of a star with 6 leaves lies on every one of the C(6,2) = 15 leaf pairs. */
static void test_star(void **state)
{
	(void)state;
	struct edge e[6];
	for (int i = 0; i < 6; i++)
		e[i] = (struct edge){ 0, i + 1, 2.5 };
	static const double want[] = { 15, 0, 0, 0, 0, 0, 0 };
	struct graph g;
	build(&g, 7, e, 6);
	expect(&g, 0, want);
	expect(&g, 1, want);
	graph_release(&g);
}

/* Triangle 0-1-2 with a long edge 0-2 (3 > 1 + 1) and a tail 2-3.  By hops 0 reaches 2 and 3
 * over the edge 0-2; by length over 1: pairs {0,2}, {0,3} put 1 between, {0,3}, {1,3} put 2. */
static void test_weighted_path_differs_from_hops(void **state)
{
	(void)state;
	static const struct edge e[] = { { 0, 1, 1 }, { 1, 2, 1 }, { 0, 2, 3 }, { 2, 3, 1 } };
	static const double hops[] = { 0, 0, 2, 0 }, lengths[] = { 0, 2, 2, 0 };
	struct graph g;
	build(&g, 4, e, 4);
	expect(&g, 0, hops);
	expect(&g, 1, lengths);
	graph_release(&g);
}

/* Path 0-1-2, triangle 3-4-5, isolated 6, edge 7-8: only 1 is between anything. */
static void test_disconnected(void **state)
{
	(void)state;
	static const struct edge e[] = { { 0, 1, 1 }, { 1, 2, 1 }, { 3, 4, 1 },
					 { 4, 5, 1 }, { 5, 3, 1 }, { 7, 8, 1 } };
	static const double want[] = { 0, 1, 0, 0, 0, 0, 0, 0, 0 };
	struct graph g;
	build(&g, 9, e, 6);
	expect(&g, 0, want);
	expect(&g, 1, want);
	graph_release(&g);
}

/* Diamond 0-1-3, 0-2-3 and a tail 3-4.  {0,3} and {0,4} split 0.5/0.5 over 1 and 2, {1,2}
 * over 0 and 3; 3 is also on {0,4}, {1,4}, {2,4}.  Weighted so that both routes stay equal
 * (1 + 2 = 2 + 1). */
static void test_parallel_routes_split(void **state)
{
	(void)state;
	static const struct edge e[] = { { 0, 1, 1 }, { 1, 3, 2 }, { 0, 2, 2 }, { 2, 3, 1 },
					 { 3, 4, 1 } };
	static const double want[] = { 0.5, 1, 1, 3.5, 0 };
	struct graph g;
	build(&g, 5, e, 5);
	expect(&g, 0, want);
	expect(&g, 1, want);
	graph_release(&g);
}

/* 0.1 + 0.2 is not 0.3 in binary floating point, but the two routes from 0 to 2 are equally
 * long to igraph (relative epsilon 1e-10), so 1 gets half of the pair. */
static void test_lengths_equal_within_epsilon(void **state)
{
	(void)state;
	static const struct edge e[] = { { 0, 1, 0.1 }, { 1, 2, 0.2 }, { 0, 2, 0.3 } };
	static const double want[] = { 0, 0.5, 0 };
	struct graph g;
	build(&g, 3, e, 3);
	expect(&g, 1, want);

	igraph_t ig;
	igraph_vector_t w, res;
	assert_int_equal(graph_to_igraph(&g, &ig, &w), 0);
	igraph_vector_init(&res, 0);
	igraph_betweenness(&ig, &res, igraph_vss_all(), 0, &w);
	for (int v = 0; v < 3; v++)
		assert_true(VECTOR(res)[v] == want[v]);
	igraph_vector_destroy(&res);
	igraph_vector_destroy(&w);
	igraph_destroy(&ig);
	graph_release(&g);
}

static void test_tiny_graphs(void **state)
{
	(void)state;
	struct graph g;
	double out[2] = { -1, -1 }, se[2] = { -1, -1 };
	build(&g, 0, NULL, 0);
	assert_int_equal(betweenness_exact(&g, 0, 2, out), 0);
	assert_int_equal(betweenness_exact(&g, 1, 0, out), 0);
	graph_release(&g);
	build(&g, 1, NULL, 0);
	assert_int_equal(betweenness_exact(&g, 0, 2, out), 0);
	assert_true(out[0] == 0);
	assert_int_equal(betweenness_sampled(&g, 1, 2, 1, 7, out, se), 0);
	assert_true(out[0] == 0 && se[0] == 0);
	graph_release(&g);
}

static void test_invalid_input(void **state)
{
	(void)state;
	static const struct edge zero[] = { { 0, 1, 1 }, { 1, 2, 0 } };
	static const struct edge neg[] = { { 0, 1, 1 }, { 1, 2, -1 } };
	static const struct edge inf[] = { { 0, 1, 1 }, { 1, 2, INFINITY } };
	double out[3], se[3];
	struct graph g;
	build(&g, 3, zero, 2);
	assert_int_equal(betweenness_exact(&g, 1, 1, out), BETWEENNESS_EINVAL);
	assert_int_equal(betweenness_exact(&g, 0, 1, out), 0);   /* hops ignore weights */
	assert_true(out[1] == 1);
	assert_int_equal(betweenness_sampled(&g, 0, 1, 0, 1, out, se), BETWEENNESS_EINVAL);
	assert_int_equal(betweenness_sampled(&g, 0, 1, 4, 1, out, se), BETWEENNESS_EINVAL);
	assert_int_equal(betweenness_sampled(&g, 0, 1, 1, 1, out, se), BETWEENNESS_EINVAL);
	assert_int_equal(betweenness_sampled(&g, 0, 1, 1, 1, out, NULL), 0);
	graph_release(&g);
	build(&g, 3, neg, 2);
	assert_int_equal(betweenness_exact(&g, 1, 2, out), BETWEENNESS_EINVAL);
	graph_release(&g);
	build(&g, 3, inf, 2);
	assert_int_equal(betweenness_exact(&g, 1, 2, out), BETWEENNESS_EINVAL);
	graph_release(&g);
}

/* ---- Random graphs against igraph ---- */

enum { RANDOM_N = 500 };
enum model { GNM, BA };
enum weights { UNIT, INTEGER, DECIMAL };

/* A seeded random graph in CSR form; weights drawn from few values so that equally long
 * paths are common: integers (exact sums) or decimals (sums equal only within epsilon). */
static void random_graph_n(struct graph *g, int n, enum model model, enum weights wk, int seed)
{
	static const double decimals[] = { 0.1, 0.2, 0.3, 0.7 };
	igraph_t ig;
	igraph_rng_seed(igraph_rng_default(), seed);
	if (model == GNM)
		assert_int_equal(igraph_erdos_renyi_game_gnm(&ig, n, 2 * n, IGRAPH_UNDIRECTED,
							     IGRAPH_NO_LOOPS), 0);
	else
		assert_int_equal(igraph_barabasi_game(&ig, n, 1.0, 3, NULL, 1, 1.0,
						      IGRAPH_UNDIRECTED, IGRAPH_BARABASI_PSUMTREE,
						      NULL), 0);
	igraph_integer_t m = igraph_ecount(&ig);
	int *from = malloc((size_t)m * sizeof *from), *to = malloc((size_t)m * sizeof *to);
	double *w = malloc((size_t)m * sizeof *w);
	assert_true(from && to && w);
	for (igraph_integer_t e = 0; e < m; e++) {
		from[e] = (int)IGRAPH_FROM(&ig, e);
		to[e] = (int)IGRAPH_TO(&ig, e);
		w[e] = wk == UNIT ? 1.0
		     : wk == INTEGER ? (double)igraph_rng_get_integer(igraph_rng_default(), 1, 3)
		     : decimals[igraph_rng_get_integer(igraph_rng_default(), 0, 3)];
	}
	assert_int_equal(graph_from_edges(g, n, m, from, to, w), 0);
	assert_int_equal(g->m, m);   /* the generators make no multi-edges */
	free(from);
	free(to);
	free(w);
	igraph_destroy(&ig);
}

static void random_graph(struct graph *g, enum model model, enum weights wk, int seed)
{
	random_graph_n(g, RANDOM_N, model, wk, seed);
}

static void igraph_reference(const struct graph *g, int weighted, double *out)
{
	igraph_t ig;
	igraph_vector_t w, res;
	assert_int_equal(graph_to_igraph(g, &ig, &w), 0);
	igraph_vector_init(&res, 0);
	assert_int_equal(igraph_betweenness(&ig, &res, igraph_vss_all(), 0, weighted ? &w : NULL), 0);
	for (int v = 0; v < g->n; v++)
		out[v] = VECTOR(res)[v];
	igraph_vector_destroy(&res);
	igraph_vector_destroy(&w);
	igraph_destroy(&ig);
}

static void against_igraph(enum model model, enum weights wk)
{
	struct graph g;
	double want[RANDOM_N], got[RANDOM_N], total = 0;
	random_graph(&g, model, wk, 42);
	igraph_reference(&g, wk != UNIT, want);
	assert_int_equal(betweenness_exact(&g, wk != UNIT, 2, got), 0);
	for (int v = 0; v < g.n; v++) {
		if (!close_to(got[v], want[v], 1e-9))
			fail_msg("vertex %d: got %.17g, igraph %.17g", v, got[v], want[v]);
		total += got[v];
	}
	assert_true(total > 1000);   /* not a trivial graph */
	graph_release(&g);
}

static void test_igraph_gnm_unweighted(void **state) { (void)state; against_igraph(GNM, UNIT); }
static void test_igraph_gnm_integer(void **state) { (void)state; against_igraph(GNM, INTEGER); }
static void test_igraph_gnm_decimal(void **state) { (void)state; against_igraph(GNM, DECIMAL); }
static void test_igraph_ba_unweighted(void **state) { (void)state; against_igraph(BA, UNIT); }
static void test_igraph_ba_integer(void **state) { (void)state; against_igraph(BA, INTEGER); }
static void test_igraph_ba_decimal(void **state) { (void)state; against_igraph(BA, DECIMAL); }

/* The lanes make the result independent of the thread count, to the bit. */
static void test_threads_bit_identical(void **state)
{
	(void)state;
	for (int weighted = 0; weighted <= 1; weighted++) {
		struct graph g;
		double one[RANDOM_N], other[RANDOM_N], se1[RANDOM_N], se2[RANDOM_N];
		random_graph(&g, BA, weighted ? DECIMAL : UNIT, 7);
		assert_int_equal(betweenness_exact(&g, weighted, 1, one), 0);
		static const int threads[] = { 2, 3, 0, 64 };
		for (size_t i = 0; i < sizeof threads / sizeof *threads; i++) {
			assert_int_equal(betweenness_exact(&g, weighted, threads[i], other), 0);
			assert_memory_equal(one, other, sizeof one);
		}
		assert_int_equal(betweenness_sampled(&g, weighted, 1, 100, 99, one, se1), 0);
		assert_int_equal(betweenness_sampled(&g, weighted, 2, 100, 99, other, se2), 0);
		assert_memory_equal(one, other, sizeof one);
		assert_memory_equal(se1, se2, sizeof se1);
		assert_int_equal(betweenness_sampled(&g, weighted, 2, 100, 100, other, se2), 0);
		assert_memory_not_equal(one, other, sizeof one);   /* another seed, other sources */
		graph_release(&g);
	}
}

static void test_sampled_all_sources_is_exact(void **state)
{
	(void)state;
	for (int weighted = 0; weighted <= 1; weighted++) {
		struct graph g;
		double exact[RANDOM_N], est[RANDOM_N], se[RANDOM_N];
		random_graph(&g, GNM, weighted ? INTEGER : UNIT, 3);
		assert_int_equal(betweenness_exact(&g, weighted, 2, exact), 0);
		assert_int_equal(betweenness_sampled(&g, weighted, 2, RANDOM_N, 5, est, se), 0);
		assert_memory_equal(exact, est, sizeof exact);
		for (int v = 0; v < RANDOM_N; v++)
			assert_true(se[v] == 0);
		graph_release(&g);
	}
}

/* Unbiased: over many samples the mean estimate tends to the exact value.  Small graphs,
 * 4,000 samples of a quarter of the sources; the mean must lie within 5 of its standard
 * errors of the exact value (a biased estimator fails this by far). */
static void test_sampled_unbiased(void **state)
{
	(void)state;
	enum { N = 40, K = 10, RUNS = 4000 };
	for (int weighted = 0; weighted <= 1; weighted++) {
		for (int model = GNM; model <= BA; model++) {
			struct graph g;
			double exact[N], est[N], mean[N] = { 0 }, sq[N] = { 0 };
			random_graph_n(&g, N, model, weighted ? INTEGER : UNIT, 5);
			assert_int_equal(betweenness_exact(&g, weighted, 1, exact), 0);
			for (int r = 0; r < RUNS; r++) {
				assert_int_equal(betweenness_sampled(&g, weighted, 1, K, (uint64_t)r, est,
								     NULL), 0);
				for (int v = 0; v < N; v++) {
					mean[v] += est[v] / RUNS;
					sq[v] += est[v] * est[v] / RUNS;
				}
			}
			for (int v = 0; v < N; v++) {
				double sd = sqrt(fmax(sq[v] - mean[v] * mean[v], 0));
				if (fabs(mean[v] - exact[v]) > 5 * sd / sqrt(RUNS) + 1e-9 * exact[v])
					fail_msg("vertex %d: mean estimate %g, exact %g, sd %g", v,
						 mean[v], exact[v], sd);
			}
			graph_release(&g);
		}
	}
}

/* With a quarter of the sources the exact value lies within 4 standard errors for at least
 * 95 % of the vertices by hops, and of G(n,m) with lengths.  Barabasi-Albert graphs with
 * lengths 1-3 are the hard case (peripheral vertices whose betweenness comes from the few
 * sources behind them): 95.5 % on average over samples, so 93 % is asked. */
static void test_sampled_error_bound(void **state)
{
	(void)state;
	for (int weighted = 0; weighted <= 1; weighted++) {
		for (int model = GNM; model <= BA; model++) {
			struct graph g;
			double exact[RANDOM_N], est[RANDOM_N], se[RANDOM_N];
			random_graph(&g, model, weighted ? INTEGER : UNIT, 11);
			assert_int_equal(betweenness_exact(&g, weighted, 2, exact), 0);
			assert_int_equal(betweenness_sampled(&g, weighted, 2, RANDOM_N / 4, 2024, est, se), 0);
			int inside = 0, within2 = 0;
			for (int v = 0; v < RANDOM_N; v++) {
				double err = fabs(est[v] - exact[v]);
				inside += err <= 4 * se[v] + 1e-9 * exact[v];
				within2 += err <= 2 * se[v] + 1e-9 * exact[v];
			}
			print_message("sampled k=%d (%s, %s): %d of %d within 4 SE, %d within 2 SE\n",
				      RANDOM_N / 4, model == GNM ? "G(n,m)" : "Barabasi-Albert",
				      weighted ? "lengths 1-3" : "hops", inside, RANDOM_N, within2);
			assert_true(inside >= (weighted && model == BA ? 0.93 : 0.95) * RANDOM_N);
			graph_release(&g);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_of_five),
		cmocka_unit_test(test_star),
		cmocka_unit_test(test_weighted_path_differs_from_hops),
		cmocka_unit_test(test_disconnected),
		cmocka_unit_test(test_parallel_routes_split),
		cmocka_unit_test(test_lengths_equal_within_epsilon),
		cmocka_unit_test(test_tiny_graphs),
		cmocka_unit_test(test_invalid_input),
		cmocka_unit_test(test_igraph_gnm_unweighted),
		cmocka_unit_test(test_igraph_gnm_integer),
		cmocka_unit_test(test_igraph_gnm_decimal),
		cmocka_unit_test(test_igraph_ba_unweighted),
		cmocka_unit_test(test_igraph_ba_integer),
		cmocka_unit_test(test_igraph_ba_decimal),
		cmocka_unit_test(test_threads_bit_identical),
		cmocka_unit_test(test_sampled_all_sources_is_exact),
		cmocka_unit_test(test_sampled_unbiased),
		cmocka_unit_test(test_sampled_error_bound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
