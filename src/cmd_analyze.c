/* cmd_analyze.c — `gvi analyze <subcommand>`: the table of analyses and their shared options.
 * The analyses themselves live in src/analysis/, one file each. */
#include "cli.h"
#include "analysis/analyze.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct analysis {
	const char *name;
	int (*run)(struct analyze_ctx *ctx);
	const char *help;
};

static const struct analysis analyses[] = {
	{ "concentration", analyze_concentration, "share of serious violence by the top 1/5/10 % of persons and groups" },
	{ "explain", analyze_explain, "one person's scores and every record they came from" },
	{ "groups", analyze_groups, "groups ranked by the violence attributable to them" },
	{ "network", analyze_network, "the person or group network's edges with their evidence" },
	{ "persons", analyze_persons, "person metrics: degree, betweenness, eigenvector, k-core, community, involvement" },
	{ "picture", analyze_picture, "the person network or the group-conflict map as SVG" },
	{ "retaliation", analyze_retaliation, "after an incident: groups in conflict and persons at elevated risk" },
	{ "risk", analyze_risk, "victimisation risk from network exposure, fitted and evaluated out of sample" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: gvi analyze <analysis> [--from DATE] [--to DATE] [--area NAME] [--top N] [...]\n\n"
		"Analyses (read through the access policy as the acting user):\n");
	for (size_t i = 0; i < sizeof analyses / sizeof analyses[0]; i++)
		fprintf(out, "  %-14s %s\n", analyses[i].name, analyses[i].help);
	fprintf(out, "\nSee docs/analysis.md for what each computes and how it explains itself.\n");
}

int analyze_common_options(struct analyze_ctx *ctx, int argc, char **argv)
{
	ctx->top = 20;
	ctx->argc = 0;
	for (int i = 0; i < argc; i++) {
		const char *v;
		struct err e = { 0 };
		if ((v = cli_opt(argc, argv, &i, "from"))) {
			if (date_parse(v, ctx->from, &e))
				return analyze_usage(ctx, "--from: %s", e.msg);
			ctx->filter.from = ctx->from;
		} else if ((v = cli_opt(argc, argv, &i, "to"))) {
			if (date_parse(v, ctx->to, &e))
				return analyze_usage(ctx, "--to: %s", e.msg);
			ctx->filter.to = ctx->to;
		} else if ((v = cli_opt(argc, argv, &i, "area"))) {
			ctx->filter.area = v;
		} else if ((v = cli_opt(argc, argv, &i, "top"))) {
			char *end;
			ctx->top = strtol(v, &end, 10);
			if (*end || ctx->top < 0)
				return analyze_usage(ctx, "--top: expected a whole number, got \"%s\"", v);
		} else {
			ctx->argv[ctx->argc++] = argv[i];
		}
	}
	return 0;
}

int analyze_no_more_args(const struct analyze_ctx *ctx, const char *usage_text)
{
	if (ctx->argc)
		return analyze_usage(ctx, "%s (unexpected \"%s\")", usage_text, ctx->argv[0]);
	return 0;
}

int analyze_fail(const struct analyze_ctx *ctx, const struct err *e)
{
	if (!ctx->error)
		return cli_fail(e);
	if (ctx->error != e)
		*ctx->error = *e;
	if (!ctx->error->msg[0])
		err_set(ctx->error, "the analysis failed");
	return e->code ? e->code : 1;
}

int analyze_usage(const struct analyze_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (ctx->error) {
		vsnprintf(ctx->error->msg, sizeof ctx->error->msg, fmt, ap);
		ctx->error->code = 2;
	} else {
		fputs("usage: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
	return 2;
}

void analyze_note_missing(const struct analyze_ctx *ctx, const struct dataset *ds)
{
	if (*ds->missing && !ctx->error)
		fprintf(stderr, "gvi: note: your role may not read %s; the analysis leaves them out\n",
			ds->missing);
}

static const struct analysis *analysis_named(const char *name)
{
	for (size_t i = 0; i < sizeof analyses / sizeof analyses[0]; i++)
		if (!strcmp(analyses[i].name, name))
			return &analyses[i];
	return NULL;
}

int analyze_run(struct access *a, enum table_format fmt, int argc, char **argv, FILE *out,
		struct err *e)
{
	const struct analysis *an = argc ? analysis_named(argv[0]) : NULL;
	if (!an)
		return err_set(e, "no analysis \"%s\"", argc ? argv[0] : "");
	struct cli c = { .fmt = fmt };
	struct analyze_ctx ctx = { .cli = &c, .a = a, .out = out, .error = e };
	ctx.argv = calloc((size_t)argc + 1, sizeof *ctx.argv);
	if (!ctx.argv)
		return err_set(e, "out of memory");
	int rc = analyze_common_options(&ctx, argc - 1, argv + 1);
	if (!rc)
		rc = an->run(&ctx);
	free(ctx.argv);
	fflush(out);
	return rc;
}

int cmd_analyze(struct cli *c, int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const struct analysis *an = analysis_named(argv[1]);
	if (!an)
		return cli_usage("gvi analyze: no analysis \"%s\"; see gvi analyze --help", argv[1]);
	struct analyze_ctx ctx = { .cli = c, .out = stdout };
	ctx.argv = calloc((size_t)argc, sizeof *ctx.argv);
	if (!ctx.argv)
		return 1;
	int rc = analyze_common_options(&ctx, argc - 2, argv + 2);
	if (!rc && !cli_open(c, &ctx.a, 0)) {
		rc = an->run(&ctx);
		access_close(ctx.a);
	} else if (!rc) {
		rc = 1;
	}
	free(ctx.argv);
	return rc;
}
