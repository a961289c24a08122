/* metrics.c — person metrics through igraph, betweenness through betweenness.c (see
 * metrics.h).  igraph's RNG is seeded before every randomised step, so results repeat. */
#include "analysis/metrics.h"
#include "analysis/betweenness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define GVI_SEED 20171  /* any fixed number: results must not depend on the run */

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

void metrics_release(struct metrics *m)
{
	free(m->degree);
	free(m->strength);
	free(m->betweenness);
	free(m->betweenness_se);
	free(m->eigenvector);
	free(m->coreness);
	free(m->community);
	memset(m, 0, sizeof *m);
}

/* GVI_TIMING=1 prints the time of each step to stderr (bench/analyze reads it). */
static void metrics_phase(const char *name)
{
	static struct timespec last;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (name && getenv("GVI_TIMING"))
		fprintf(stderr, "timing:   %-12s %.3f s\n", name,
			(double)(now.tv_sec - last.tv_sec) + (double)(now.tv_nsec - last.tv_nsec) / 1e9);
	last = now;
}

int metrics_compute(const struct graph *g, int exact_limit, int sample_sources, struct metrics *m,
		    struct err *e)
{
	metrics_phase(NULL);
	memset(m, 0, sizeof *m);
	int n = m->n = g->n;
	m->degree = xcalloc((size_t)n, sizeof *m->degree);
	m->strength = xcalloc((size_t)n, sizeof *m->strength);
	m->betweenness = xcalloc((size_t)n, sizeof *m->betweenness);
	m->betweenness_se = xcalloc((size_t)n, sizeof *m->betweenness_se);
	m->eigenvector = xcalloc((size_t)n, sizeof *m->eigenvector);
	m->coreness = xcalloc((size_t)n, sizeof *m->coreness);
	m->community = xcalloc((size_t)n, sizeof *m->community);
	for (int v = 0; v < n; v++) {
		m->degree[v] = (double)(g->offset[v + 1] - g->offset[v]);
		for (int64_t k = g->offset[v]; k < g->offset[v + 1]; k++)
			m->strength[v] += g->w[k];
	}
	if (n == 0)
		return 0;

	int rc = 0;
	if (exact_limit < 0) {
		;   /* not wanted (pictures need only the communities) */
	} else if (n <= exact_limit) {
		rc = betweenness_exact(g, 0, 0, m->betweenness);
		m->betweenness_exact = 1;
	} else {
		int k = sample_sources < n ? sample_sources : n;
		rc = betweenness_sampled(g, 0, 0, k, GVI_SEED, m->betweenness, m->betweenness_se);
		m->betweenness_sources = k;
	}
	if (rc) {
		metrics_release(m);
		return err_set(e, "betweenness failed (%s)", rc == BETWEENNESS_ENOMEM ? "out of memory" : "bad input");
	}

	/* igraph reports through return codes here, and says nothing on stderr. */
	igraph_set_error_handler(igraph_error_handler_ignore);
	igraph_set_warning_handler(igraph_warning_handler_ignore);
	metrics_phase("betweenness");
	igraph_t ig;
	igraph_vector_t w;
	if (graph_to_igraph(g, &ig, &w)) {
		metrics_release(m);
		return err_set(e, "out of memory building the igraph graph");
	}
	igraph_rng_seed(igraph_rng_default(), GVI_SEED);
	igraph_vector_t vec;
	igraph_vector_int_t ivec;
	igraph_vector_init(&vec, 0);
	igraph_vector_int_init(&ivec, 0);
	igraph_real_t value;
	igraph_arpack_options_t arpack;
	igraph_arpack_options_init(&arpack);
	metrics_phase("to igraph");
	if (g->m > 0 && igraph_eigenvector_centrality(&ig, &vec, &value, IGRAPH_UNDIRECTED, 1, &w, &arpack) == IGRAPH_SUCCESS)
		for (int v = 0; v < n; v++)
			m->eigenvector[v] = VECTOR(vec)[v];
	metrics_phase("eigenvector");
	if (igraph_coreness(&ig, &ivec, IGRAPH_ALL) == IGRAPH_SUCCESS)
		for (int v = 0; v < n; v++)
			m->coreness[v] = (int)VECTOR(ivec)[v];
	metrics_phase("coreness");
	/* Leiden with the modularity objective: node weights = strengths, resolution 1/(2W). */
	double total = 0;
	for (int v = 0; v < n; v++)
		total += m->strength[v];
	igraph_vector_t nodew;
	igraph_vector_init(&nodew, n);
	for (int v = 0; v < n; v++)
		VECTOR(nodew)[v] = m->strength[v];
	igraph_integer_t ncomm = 0;
	igraph_real_t quality = 0;
	igraph_rng_seed(igraph_rng_default(), GVI_SEED);
	if (total > 0 &&
	    igraph_community_leiden(&ig, &w, &nodew, 1.0 / total, 0.01, 0, -1, &ivec, &ncomm, &quality) ==
		    IGRAPH_SUCCESS) {
		for (int v = 0; v < n; v++)
			m->community[v] = (int)VECTOR(ivec)[v];
		m->ncommunities = (int)ncomm;
		igraph_real_t q;
		if (igraph_modularity(&ig, &ivec, &w, 1.0, IGRAPH_UNDIRECTED, &q) == IGRAPH_SUCCESS)
			m->modularity = q;
	} else {
		for (int v = 0; v < n; v++)
			m->community[v] = v;
		m->ncommunities = n;
	}
	metrics_phase("leiden");
	igraph_vector_destroy(&nodew);
	igraph_vector_destroy(&vec);
	igraph_vector_int_destroy(&ivec);
	igraph_vector_destroy(&w);
	igraph_destroy(&ig);
	return 0;
}
