/* analyze.h — the `gvi analyze` subcommands and what they share.
 *
 * Every subcommand reads its data with dataset_load, that is through the access layer as
 * the acting user, and prints with table.c in the chosen format.  Common options:
 *   --from YYYY-MM-DD --to YYYY-MM-DD   incident period (default: everything)
 *   --area NAME                         incidents in the area or its districts
 *   --top N                             rows to print (default 20; 0 = all) */
#ifndef GVI_ANALYSIS_ANALYZE_H
#define GVI_ANALYSIS_ANALYZE_H
#include <stdio.h>

#include "cli.h"
#include "analysis/dataset.h"

struct analyze_ctx {
	struct cli *cli;
	struct access *a;
	FILE *out;         /* where the results go: stdout for the CLI, a memory stream for the web */
	struct err *error; /* NULL: failures and usage messages go to stderr (the CLI); else they
			    * are kept here and notes are not printed (the web shows them itself) */
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
/* A failure (e's message) or a usage message: printed for the CLI, kept in ctx->error for the
 * web.  Return the exit code (1, 2). */
int analyze_fail(const struct analyze_ctx *ctx, const struct err *e);
int analyze_usage(const struct analyze_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "your role may not read …; the analysis leaves them out" on stderr, for the CLI only. */
void analyze_note_missing(const struct analyze_ctx *ctx, const struct dataset *ds);

/* Runs one analysis for a program rather than a person at a terminal: argv[0] is the
 * analysis ("persons", "risk" …), the rest its options as on the command line.  The result
 * is written to out in fmt (TABLE_JSON or TABLE_CSV; a picture is SVG whatever fmt says);
 * a failure or bad option returns non-zero with e set and nothing meant to be shown in out.
 * Not thread-safe (igraph, the sort helpers): the caller serialises runs. */
int analyze_run(struct access *a, enum table_format fmt, int argc, char **argv, FILE *out,
		struct err *e);

int analyze_persons(struct analyze_ctx *ctx);        /* person metrics */
int analyze_explain(struct analyze_ctx *ctx);        /* one person's scores and their evidence */
int analyze_network(struct analyze_ctx *ctx);        /* the networks' edges with evidence */
int analyze_groups(struct analyze_ctx *ctx);         /* group ranking */
int analyze_concentration(struct analyze_ctx *ctx);  /* the few who drive the violence */
int analyze_risk(struct analyze_ctx *ctx);           /* victimisation risk (contagion model) */
int analyze_retaliation(struct analyze_ctx *ctx);    /* who is at risk after an incident */
int analyze_picture(struct analyze_ctx *ctx);        /* SVG of the person or group network */

#endif
