/* betweenness.h — betweenness centrality of a struct graph, exact and sampled.
 *
 * Brandes' algorithm (2001) over the compact CSR graph, one breadth-first search (unweighted)
 * or Dijkstra search (weighted) per source vertex, spread over POSIX threads.  The result
 * follows igraph_betweenness() for undirected graphs: every unordered pair {s, t} of distinct
 * vertices adds, to each vertex strictly between them, the share of shortest s–t paths that
 * pass through it; the values are not normalised.  Weights are lengths.  Two weighted paths
 * count as equally short when their lengths agree within a relative 1e-10, exactly as igraph
 * 0.10 decides it (IGRAPH_SHORTEST_PATH_EPSILON, igraph_cmp_epsilon on lengths plus one).
 *
 * Results are the same to the last bit for every thread count and every scheduling: the
 * sources are cut into at most BETWEENNESS_LANES fixed lanes, each lane summed in source
 * order into its own array, and the lanes added in lane order.  More threads than lanes
 * bring nothing. */
#ifndef GVI_ANALYSIS_BETWEENNESS_H
#define GVI_ANALYSIS_BETWEENNESS_H
#include <stdint.h>

#include "analysis/graph.h"

#define BETWEENNESS_LANES 16

enum {
	BETWEENNESS_ENOMEM = -1,   /* out of memory */
	BETWEENNESS_EINVAL = -2,   /* a weight <= 0 or not finite (weighted), or a bad k */
};

/* Exact betweenness of every vertex of g into out[0 .. g->n-1] (the caller's array).
 * weighted = 0 counts hops; otherwise g->w are the edge lengths and must all be finite and
 * > 0.  threads = 0 uses one thread per online CPU.  Time O(n m) unweighted, O(n m log n)
 * weighted; memory beyond g: a renumbered copy of g (24 m + 12 n bytes), 8 n bytes per lane,
 * and per thread 16 n bytes (unweighted) or 8 m + 52 n bytes (weighted).  Returns 0 or a
 * BETWEENNESS_E* code (out is then undefined). */
int betweenness_exact(const struct graph *g, int weighted, int threads, double *out);

/* Estimate from k source vertices drawn without replacement (1 <= k <= n) by a generator
 * seeded with seed: the same seed gives the same sources and, whatever the thread count, the
 * same bits.  k = n is betweenness_exact (and SE = 0).
 *
 * Estimator.  Each pair {s, t} with v strictly between them is shared between its two ends:
 * the end s takes the fraction (d(s,v) - l_s) / (d(s,t) - l_s - l_t) of the pair's
 * dependency on v, where l_x is 0.95 times the lightest edge at x (0.95 hop unweighted).
 * As d(s,v) + d(v,t) = d(s,t) the two fractions add up to 1, so out[v] = (n / k) * (sum
 * over the sampled sources s of their shares x_s(v)) is an unbiased estimate of the exact
 * value.  This is the "linear scaling" of Geisberger, Sanders & Schultes (ALENEX 2008)
 * with the offset l added: it gives almost all of a pair to the end far from v.  Plain
 * source sampling (Brandes & Pich 2007) gives each end half, and then half of the
 * betweenness of a peripheral vertex comes from the few sources just behind it; a sample
 * that misses them is far off with a small standard error.  The spread-out far ends make
 * the error smaller and the standard error honest.
 *
 * Error bound.  If stderr_out is not NULL it receives, per vertex, the estimated standard
 * error of out[v]:  SE(v) = n * sqrt((1 - k/n) * s2(v) / k),  s2(v) the sample variance
 * (divisor k - 1) of the shares x_s(v) over the k sources and (1 - k/n) the finite-population
 * correction for drawing without replacement.  Were the estimate normal, the exact value
 * would lie within +-2 SE(v) of out[v] with probability 95 %; the shares are skewed, so SE is
 * somewhat optimistic, most for vertices of little betweenness.  Measured with k = n/4 on
 * 500- and 2,000-vertex graphs, 40 samples each, the share of vertices whose exact value lay
 * within 2 SE / 4 SE: by hops 92 % / 99 % (G(n,m) and Barabasi-Albert alike); with lengths
 * 1-3, 92 % / 99 % (G(n,m)) and 86 % / 95.5-96 % (Barabasi-Albert).  Plain source sampling
 * with the same formula: 80 % / 93 % (Barabasi-Albert, hops).  So: read +-4 SE as the
 * interval, and treat vertices with out[v] = 0 as "no evidence", not "zero".  A worst-case
 * bound for every vertex: each share lies in [0, n - 2], so by Hoeffding's inequality (valid
 * for sampling without replacement) |out[v] - exact(v)| <= n (n - 2) sqrt(ln(2 / a) / (2 k))
 * with probability at least 1 - a; loose, and what SE refines.  SE needs k >= 2 (or k = n).
 * Returns 0 or a BETWEENNESS_E* code. */
int betweenness_sampled(const struct graph *g, int weighted, int threads, int k, uint64_t seed,
			double *out, double *stderr_out);

#endif
