/* analyze.h — the `gvi analyze` subcommands and what they share.
 *
 * Every subcommand reads its data with dataset_load, that is through the access layer as
 * the acting user, and prints with table.c in the chosen format.  Common options:
 *   --from YYYY-MM-DD --to YYYY-MM-DD   incident period (default: everything)
 *   --area NAME                         incidents in the area or its districts
 *   --top N                             rows to print (default 20; 0 = all) */
#ifndef GVI_ANALYSIS_ANALYZE_H
#define GVI_ANALYSIS_ANALYZE_H
#include "cli.h"
#include "analysis/dataset.h"

struct analyze_ctx {
	struct cli *cli;
	struct access *a;
	struct ds_filter filter;       /* from/to point at the normalised dates below */
	char from[DATE_LEN], to[DATE_LEN];
	long top;
	int argc;          /* the subcommand's own remaining arguments */
	char **argv;
};

/* Takes the common options out of argv (the rest stay, in order, in ctx->argc/argv). */
int analyze_common_options(struct analyze_ctx *ctx, int argc, char **argv);
/* Fails with a usage message if any argument is left over. */
int analyze_no_more_args(const struct analyze_ctx *ctx, const char *usage);

int analyze_persons(struct analyze_ctx *ctx);        /* person metrics */
int analyze_explain(struct analyze_ctx *ctx);        /* one person's scores and their evidence */
int analyze_network(struct analyze_ctx *ctx);        /* the networks' edges with evidence */
int analyze_groups(struct analyze_ctx *ctx);         /* group ranking */
int analyze_concentration(struct analyze_ctx *ctx);  /* the few who drive the violence */
int analyze_risk(struct analyze_ctx *ctx);           /* victimisation risk (contagion model) */
int analyze_retaliation(struct analyze_ctx *ctx);    /* who is at risk after an incident */
int analyze_picture(struct analyze_ctx *ctx);        /* SVG of the person or group network */

#endif
