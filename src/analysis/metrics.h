/* metrics.h — centrality and structure of a network: the person metrics of the analysis.
 *
 * degree     number of neighbours
 * strength   sum of edge weights (weighted degree)
 * betweenness  hop-count betweenness (igraph's convention: unordered pairs, not normalised);
 *            exact up to `exact_limit` vertices, above that estimated from a sample of
 *            source vertices with a standard error per vertex (betweenness.h states the bound)
 * eigenvector  igraph's weighted eigenvector centrality, scaled so the maximum is 1
 * coreness   the k-core each vertex belongs to (unweighted)
 * community  Leiden communities maximising weighted modularity (igraph, seeded RNG, so the
 *            same graph gives the same partition), and the partition's modularity */
#ifndef GVI_ANALYSIS_METRICS_H
#define GVI_ANALYSIS_METRICS_H
#include "analysis/graph.h"
#include "err.h"

struct metrics {
	int n;
	double *degree, *strength, *betweenness, *betweenness_se, *eigenvector;
	int *coreness, *community;
	int ncommunities;
	double modularity;
	int betweenness_exact;    /* 1 exact, 0 sampled */
	int betweenness_sources;  /* sources used when sampled */
};

/* exact_limit < 0 skips betweenness (left 0). */
int metrics_compute(const struct graph *g, int exact_limit, int sample_sources, struct metrics *out,
		    struct err *e);
void metrics_release(struct metrics *m);

#endif
