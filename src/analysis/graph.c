/* graph.c — building the compact CSR graph (see graph.h). */
#include "analysis/graph.h"

#include <stdlib.h>
#include <string.h>

struct half {
	int from, to;
	double w;
};

static int cmp_half(const void *a, const void *b)
{
	const struct half *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->to < y->to ? -1 : x->to > y->to;
}

int graph_from_edges(struct graph *g, int n, int64_t m, const int *from, const int *to,
		     const double *w)
{
	memset(g, 0, sizeof *g);
	g->n = n;
	struct half *h = malloc((size_t)(2 * m + 1) * sizeof *h);
	g->offset = calloc((size_t)n + 1, sizeof *g->offset);
	if (!h || !g->offset) {
		free(h);
		graph_release(g);
		return -1;
	}
	int64_t k = 0;
	for (int64_t i = 0; i < m; i++) {
		if (from[i] == to[i] || from[i] < 0 || to[i] < 0 || from[i] >= n || to[i] >= n)
			continue;
		double wi = w ? w[i] : 1.0;
		h[k++] = (struct half){ from[i], to[i], wi };
		h[k++] = (struct half){ to[i], from[i], wi };
	}
	qsort(h, (size_t)k, sizeof *h, cmp_half);
	int64_t out = 0;   /* merge parallel edges in place */
	for (int64_t i = 0; i < k; i++) {
		if (out && h[out - 1].from == h[i].from && h[out - 1].to == h[i].to)
			h[out - 1].w += h[i].w;
		else
			h[out++] = h[i];
	}
	g->adj = malloc((size_t)(out + 1) * sizeof *g->adj);
	g->w = malloc((size_t)(out + 1) * sizeof *g->w);
	if (!g->adj || !g->w) {
		free(h);
		graph_release(g);
		return -1;
	}
	for (int64_t i = 0; i < out; i++) {
		g->adj[i] = h[i].to;
		g->w[i] = h[i].w;
		g->offset[h[i].from + 1]++;
	}
	for (int v = 0; v < n; v++)
		g->offset[v + 1] += g->offset[v];
	g->m = out / 2;
	free(h);
	return 0;
}

void graph_release(struct graph *g)
{
	free(g->offset);
	free(g->adj);
	free(g->w);
	memset(g, 0, sizeof *g);
}

int graph_to_igraph(const struct graph *g, igraph_t *out, igraph_vector_t *weights)
{
	igraph_vector_int_t edges;
	if (igraph_vector_int_init(&edges, 2 * g->m))
		return -1;
	if (igraph_vector_init(weights, g->m)) {
		igraph_vector_int_destroy(&edges);
		return -1;
	}
	int64_t e = 0;
	for (int u = 0; u < g->n; u++)
		for (int64_t k = g->offset[u]; k < g->offset[u + 1]; k++)
			if (u < g->adj[k]) {
				VECTOR(edges)[2 * e] = u;
				VECTOR(edges)[2 * e + 1] = g->adj[k];
				VECTOR(*weights)[e] = g->w[k];
				e++;
			}
	int rc = igraph_create(out, &edges, g->n, IGRAPH_UNDIRECTED);
	igraph_vector_int_destroy(&edges);
	if (rc) {
		igraph_vector_destroy(weights);
		return -1;
	}
	return 0;
}

double graph_weight(const struct graph *g, int u, int v)
{
	int64_t lo = g->offset[u], hi = g->offset[u + 1] - 1;
	while (lo <= hi) {
		int64_t mid = lo + (hi - lo) / 2;
		if (g->adj[mid] == v)
			return g->w[mid];
		if (g->adj[mid] < v)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}
