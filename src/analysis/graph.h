/* graph.h — the compact graph every analysis works on.
 *
 * An undirected graph with non-negative edge weights in compressed sparse row form: the
 * neighbours of vertex v are adj[offset[v] .. offset[v+1]-1] with weights w[same].  Each
 * undirected edge appears twice (once from each end); there are no self-loops and no
 * parallel edges (parallel input edges are merged by adding their weights).  Vertices are
 * 0..n-1; what they stand for (persons, groups) is the caller's business.  igraph is the
 * library for the analyses; this form exists for the few hot loops (betweenness) that beat
 * it with a cache-friendly layout, and as the one hand-over format between modules. */
#ifndef GVI_ANALYSIS_GRAPH_H
#define GVI_ANALYSIS_GRAPH_H
#include <igraph.h>
#include <stdint.h>

struct graph {
	int n;              /* vertices */
	int64_t m;          /* undirected edges */
	int64_t *offset;    /* n + 1 entries */
	int *adj;           /* 2m neighbour indices, each vertex's sorted ascending */
	double *w;          /* 2m weights */
};

/* Builds g from m input edges (from[i], to[i], weight w[i]; w NULL = all 1).  Self-loops are
 * dropped and parallel edges merged by summing weights.  Returns 0 or -1 (out of memory). */
int graph_from_edges(struct graph *g, int n, int64_t m, const int *from, const int *to,
		     const double *w);
void graph_release(struct graph *g);
/* The same graph as an igraph_t (undirected; edge i of the igraph is the i-th pair u < v in
 * CSR order) and its weights; the caller destroys both. */
int graph_to_igraph(const struct graph *g, igraph_t *out, igraph_vector_t *weights);
/* Weight of edge u–v, or 0 if there is none (binary search in u's sorted neighbours). */
double graph_weight(const struct graph *g, int u, int v);

#endif
