/* report_picture.c — `gvi analyze picture`: the group-conflict map or the person network as
 * an SVG drawn by gvi (layout from igraph, see svg.h).
 *
 * Groups: one circle per group, area by current members, conflicts red and alliances green
 * dashed, other edges grey (incidents between groups), widths by the weight of incidents
 * between them.  Persons: circles coloured by Leiden community, area by severity as suspect
 * (plus one, so everyone shows), labelled by pseudonymous code only; --community N keeps one
 * community, and at most --max N persons (the strongest by weighted degree) are drawn. */
#include "analysis/analyze.h"
#include "analysis/metrics.h"
#include "analysis/network.h"
#include "analysis/svg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PICTURE_MAX_PERSONS 2000

static int write_picture(const struct analyze_ctx *ctx, const char *output, const struct graph *g,
			 const struct svg_options *opt, struct err *e)
{
	FILE *out = output && strcmp(output, "-") ? fopen(output, "w") : ctx->out;
	if (!out)
		return err_set(e, "%s: cannot write: %s", output, strerror(errno));
	int rc = svg_network(out, g, opt, e);
	if (out != ctx->out) {
		if (fclose(out) && !rc)
			rc = err_set(e, "%s: writing failed: %s", output, strerror(errno));
		if (rc)
			remove(output);
	}
	return rc;
}

static int picture_groups(struct analyze_ctx *ctx, const char *output, struct err *e)
{
	if (!access_may_read(ctx->a, model_entity("group")))
		return err_set(e, "refused: user %s (role %s) may not read group records",
			       access_actor(ctx->a)->name, access_actor(ctx->a)->role);
	struct dataset ds;
	struct network net;
	if (dataset_load(ctx->a, &ctx->filter, &ds, e))
		return -1;
	if (network_groups(&ds, &net, e)) {
		dataset_release(&ds);
		return -1;
	}
	int n = ds.ngroups;
	const char **labels = calloc((size_t)n + 1, sizeof *labels);
	double *size = calloc((size_t)n + 1, sizeof *size);
	int *colour = calloc((size_t)n + 1, sizeof *colour);
	unsigned char *kind = calloc((size_t)(2 * net.g.m) + 1, 1);
	if (!labels || !size || !colour || !kind)
		abort();
	for (int v = 0; v < n; v++) {
		labels[v] = ds.groups[v].name;
		colour[v] = !strcmp(ds.groups[v].status, "active") ? 0 : 8;
		size[v] = 1;
	}
	for (size_t i = 0; i < ds.nmemberships; i++)
		if (dataset_membership_on(&ds.memberships[i], ds.today))
			size[ds.memberships[i].group] += 1;
	for (int64_t h = 0; h < 2 * net.g.m; h++)
		kind[h] = net.relation_kind[h] == DS_CONFLICT ? SVG_CONFLICT
			  : net.relation_kind[h] == DS_ALLIANCE ? SVG_ALLIANCE : SVG_TIE;
	static const struct svg_legend_item legend[] = { { 0, "active group" }, { 8, "inactive or dissolved" } };
	struct svg_options opt;
	svg_options_init(&opt);
	opt.title = "Grupper: konflikter och allianser";
	opt.desc = "Groups drawn with area by current members; red edges are conflicts, green dashed "
		   "alliances, grey incidents between groups; width by incidents between them.";
	opt.id = "gvi-groups";
	opt.label = labels;
	opt.size = size;
	opt.colour_class = colour;
	opt.edge_kind = kind;
	opt.show_labels = n;
	opt.legend = legend;
	opt.nlegend = 2;
	opt.kind_name[SVG_TIE] = "incidents between";
	opt.size_label = "circle area: current members";
	int rc = write_picture(ctx, output, &net.g, &opt, e);
	free(labels);
	free(size);
	free(colour);
	free(kind);
	network_release(&net);
	dataset_release(&ds);
	return rc;
}

static int picture_persons(struct analyze_ctx *ctx, const char *output, int community, int max,
			   struct err *e)
{
	if (!access_may_read(ctx->a, model_entity("person")))
		return err_set(e, "refused: user %s (role %s) may not read person records",
			       access_actor(ctx->a)->name, access_actor(ctx->a)->role);
	struct dataset ds;
	struct network net;
	struct metrics m;
	if (dataset_load(ctx->a, &ctx->filter, &ds, e))
		return -1;
	if (network_persons(&ds, ctx->filter.from, ctx->filter.to, &net, e)) {
		dataset_release(&ds);
		return -1;
	}
	if (metrics_compute(&net.g, -1, 0, &m, e)) {   /* communities are what we need here */
		network_release(&net);
		dataset_release(&ds);
		return -1;
	}
	/* Choose the vertices: one community if asked, then the strongest `max`. */
	int n = ds.npersons, k = 0;
	int *keep = malloc(((size_t)n + 1) * sizeof *keep), *index = malloc(((size_t)n + 1) * sizeof *index);
	if (!keep || !index)
		abort();
	for (int v = 0; v < n; v++)
		if (community < 0 || m.community[v] == community)
			keep[k++] = v;
	if (k > max) {   /* strongest first, ties by vertex order (deterministic) */
		for (int i = 1; i < k; i++) {
			int x = keep[i], j = i;
			while (j > 0 && m.strength[keep[j - 1]] < m.strength[x]) {
				keep[j] = keep[j - 1];
				j--;
			}
			keep[j] = x;
		}
		k = max;
	}
	for (int v = 0; v < n; v++)
		index[v] = -1;
	for (int i = 0; i < k; i++)
		index[keep[i]] = i;
	int64_t ne = 0;
	int *from = malloc((size_t)(net.g.m + 1) * sizeof *from), *to = malloc((size_t)(net.g.m + 1) * sizeof *to);
	double *w = malloc((size_t)(net.g.m + 1) * sizeof *w);
	if (!from || !to || !w)
		abort();
	for (int u = 0; u < n; u++)
		for (int64_t h = net.g.offset[u]; h < net.g.offset[u + 1]; h++)
			if (u < net.g.adj[h] && index[u] >= 0 && index[net.g.adj[h]] >= 0) {
				from[ne] = index[u];
				to[ne] = index[net.g.adj[h]];
				w[ne++] = net.g.w[h];
			}
	struct graph sub;
	int rc = graph_from_edges(&sub, k, ne, from, to, w) ? err_set(e, "out of memory") : 0;
	const char **labels = calloc((size_t)k + 1, sizeof *labels);
	double *size = calloc((size_t)k + 1, sizeof *size);
	int *colour = calloc((size_t)k + 1, sizeof *colour);
	if (!labels || !size || !colour)
		abort();
	for (int i = 0; i < k; i++) {
		labels[i] = ds.persons[keep[i]].code;
		colour[i] = m.community[keep[i]];
	}
	for (size_t i = 0; i < ds.ninvolvements; i++) {
		const struct ds_involvement *x = &ds.involvements[i];
		if (index[x->person] >= 0 && x->role == DS_SUSPECT)
			size[index[x->person]] += ds.incidents[x->incident].severity;
	}
	for (int i = 0; i < k; i++)
		size[i] += 1;
	char desc[256];
	snprintf(desc, sizeof desc, "%d of %d persons%s, coloured by community; circle area by severity "
		 "of incidents as suspect; labels are pseudonymous codes.", k, n,
		 community >= 0 ? " of one community" : "");
	struct svg_options opt;
	svg_options_init(&opt);
	opt.title = "Personnätverk";
	opt.desc = desc;
	opt.id = "gvi-persons";
	opt.label = labels;
	opt.size = size;
	opt.colour_class = colour;
	opt.show_labels = 15;
	opt.size_label = "area: severity";
	if (!rc)
		rc = write_picture(ctx, output, &sub, &opt, e);
	if (!rc)
		graph_release(&sub);
	free(labels);
	free(size);
	free(colour);
	free(from);
	free(to);
	free(w);
	free(keep);
	free(index);
	metrics_release(&m);
	network_release(&net);
	dataset_release(&ds);
	return rc;
}

int analyze_picture(struct analyze_ctx *ctx)
{
	const char *of = "groups", *output = NULL;
	long community = -1, max = PICTURE_MAX_PERSONS;
	int n = ctx->argc;
	for (int i = 0; i < n; i++) {
		const char *v;
		char *end = NULL;
		if ((v = cli_opt(n, ctx->argv, &i, "of")) && (!strcmp(v, "groups") || !strcmp(v, "persons")))
			of = v;
		else if ((v = cli_opt(n, ctx->argv, &i, "output")))
			output = v;
		else if ((v = cli_opt(n, ctx->argv, &i, "community")) && (community = strtol(v, &end, 10)) >= 0 && !*end)
			;
		else if ((v = cli_opt(n, ctx->argv, &i, "max")) && (max = strtol(v, &end, 10)) > 0 && !*end)
			;
		else
			return analyze_usage(ctx, "gvi analyze picture [--of groups|persons] [--community N] [--max N] "
					 "[--output FILE.svg]");
	}
	struct err e = { 0 };
	int rc = !strcmp(of, "groups") ? picture_groups(ctx, output, &e)
		 : picture_persons(ctx, output, (int)community, (int)max, &e);
	return rc ? analyze_fail(ctx, &e) : 0;
}
