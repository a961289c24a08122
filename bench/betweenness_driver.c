/* betweenness_driver.c — the C half of bench/analyze: times gvi's betweenness_exact and the
 * igraph C library's igraph_betweenness on the same graph, in one process, one after the
 * other.  Built by bench/analyze and linked with gvi's objects build/analysis/graph.o and
 * build/analysis/betweenness.o; not part of gvi.
 *
 * Usage: betweenness_driver EDGES RUNS OUTDIR [weighted]
 * EDGES holds "n m", then m lines "u v [length]" (0-based).  For each of "ours2" (2 threads),
 * "ours1" (1 thread) and "igraph" it prints "<tool> <median seconds> <seconds of each run>"
 * and writes the values of the last run, one per line (%.17g), to OUTDIR/<tool>.txt. */
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/betweenness.h"
#include "analysis/graph.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(const double *t, int runs)
{
	double sorted[64];
	memcpy(sorted, t, (size_t)runs * sizeof *t);
	qsort(sorted, (size_t)runs, sizeof *sorted, cmp_double);
	return sorted[runs / 2];
}

static void report(const char *tool, const double *t, int runs)
{
	printf("%s %.6f", tool, median(t, runs));
	for (int r = 0; r < runs; r++)
		printf(" %.6f", t[r]);
	printf("\n");
	fflush(stdout);
}

static void save(const char *dir, const char *tool, const double *x, int n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s.txt", dir, tool);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	for (int v = 0; v < n; v++)
		fprintf(f, "%.17g\n", x[v]);
	if (fclose(f)) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s EDGES RUNS OUTDIR [weighted]\n", argv[0]);
		return 2;
	}
	int runs = atoi(argv[2]), weighted = argc > 4 && atoi(argv[4]);
	if (runs < 1 || runs > 64)
		runs = 3;
	FILE *f = fopen(argv[1], "r");
	int n;
	long m;
	if (!f || fscanf(f, "%d %ld", &n, &m) != 2 || n < 1 || m < 0) {
		fprintf(stderr, "%s: cannot read the header \"n m\"\n", argv[1]);
		return 1;
	}
	int *from = malloc((size_t)m * sizeof *from + 1), *to = malloc((size_t)m * sizeof *to + 1);
	double *w = malloc((size_t)m * sizeof *w + 1);
	char line[256];
	if (!from || !to || !w || !fgets(line, sizeof line, f))
		return 1;
	for (long e = 0; e < m; e++) {
		w[e] = 1;
		if (!fgets(line, sizeof line, f) || sscanf(line, "%d %d %lf", &from[e], &to[e], &w[e]) < 2) {
			fprintf(stderr, "%s:%ld: expected \"u v [length]\"\n", argv[1], e + 2);
			return 1;
		}
	}
	fclose(f);

	struct graph g;
	if (graph_from_edges(&g, n, m, from, to, w)) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	double *ours = malloc((size_t)n * sizeof *ours), t[64];
	static const struct { const char *tool; int threads; } mine[] = { { "ours2", 2 }, { "ours1", 1 } };
	for (int i = 0; i < 2; i++) {
		for (int r = 0; r < runs; r++) {
			double t0 = now();
			int rc = betweenness_exact(&g, weighted, mine[i].threads, ours);
			t[r] = now() - t0;
			if (rc) {
				fprintf(stderr, "betweenness_exact failed: %d\n", rc);
				return 1;
			}
		}
		report(mine[i].tool, t, runs);
		save(argv[3], mine[i].tool, ours, n);
	}

	igraph_t ig;
	igraph_vector_t iw, res;
	if (graph_to_igraph(&g, &ig, &iw) || igraph_vector_init(&res, n))
		return 1;
	for (int r = 0; r < runs; r++) {
		double t0 = now();
		igraph_betweenness(&ig, &res, igraph_vss_all(), IGRAPH_UNDIRECTED, weighted ? &iw : NULL);
		t[r] = now() - t0;
	}
	report("igraph", t, runs);
	save(argv[3], "igraph", VECTOR(res), n);

	igraph_vector_destroy(&res);
	igraph_vector_destroy(&iw);
	igraph_destroy(&ig);
	graph_release(&g);
	free(ours);
	free(from);
	free(to);
	free(w);
	return 0;
}
