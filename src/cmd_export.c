/* cmd_export.c — `gvi export ENTITY|all|graph`: records out as CSV or JSON, the network as
 * GraphML or GEXF.
 *
 * CSV is streamed row by row (an export of a million involvements does not sit in memory),
 * comma separated with CRLF line ends as RFC 4180 says, and reads back with `gvi import`
 * unchanged: `export all` → `import all` into a fresh repository → `export all` gives the same
 * files.  Exports of personal data are audited (one entry per entity). */
#include "cli.h"
#include "graph_export.h"
#include "recfmt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct csv_out {
	FILE *out;
	long rows;
};

static int csv_row(void *p, const struct record *r)
{
	struct csv_out *o = p;
	fprintf(o->out, "%lld", (long long)r->id);
	for (size_t i = 0; i < r->e->nfields; i++) {
		fputc(',', o->out);
		if (r->e->fields[i].type == F_LIST) {
			char *s = recfmt_list_text(r, i);
			csv_write_field(o->out, s, ',');
			free(s);
		} else if (r->v[i]) {
			csv_write_field(o->out, r->v[i], ',');
		}
	}
	fputs("\r\n", o->out);
	if (++o->rows % 65536 == 0)
		cli_progress(r->e->name, o->rows, 0);
	return ferror(o->out) ? -1 : 0;
}

static int json_row(void *p, const struct record *r)
{
	recfmt_add(p, r, TABLE_JSON, 0);
	return 0;
}

static int export_entity(struct access *a, const struct entity *en, enum table_format fmt, FILE *out,
			 struct err *e)
{
	int rc;
	if (fmt == TABLE_JSON) {
		struct table *t = recfmt_table(en, TABLE_JSON, 0);
		rc = access_export(a, en, json_row, t, e);
		if (!rc && table_print(t, out, TABLE_JSON))
			rc = err_set(e, "writing the export failed: %s", strerror(errno));
		table_free(t);
		return rc;
	}
	fputs("id", out);
	for (const struct field *f = en->fields; f->name; f++)
		fprintf(out, ",%s", f->name);
	fputs("\r\n", out);
	struct csv_out o = { out, 0 };
	rc = access_export(a, en, csv_row, &o, e);
	cli_progress_end();
	if (rc > 0 || (!rc && ferror(out)))
		rc = err_set(e, "writing the export failed: %s", strerror(errno));
	return rc;
}

static FILE *open_out(const char *path, struct err *e)
{
	if (!path || !strcmp(path, "-"))
		return stdout;
	FILE *f = fopen(path, "w");
	if (!f)
		err_set(e, "%s: cannot write: %s", path, strerror(errno));
	return f;
}

static int close_out(FILE *f, const char *path, struct err *e)
{
	if (f == stdout)
		return fflush(f) ? err_set(e, "writing standard output failed: %s", strerror(errno)) : 0;
	if (fclose(f))
		return err_set(e, "%s: writing failed: %s", path, strerror(errno));
	return 0;
}

static int export_all(struct access *a, const char *dir, enum table_format fmt, struct err *e)
{
	if (!dir)
		return err_set(e, "export all needs --output DIR");
	/* All or nothing: refuse before writing anything if any entity may not be read. */
	char refused[512] = "";
	for (size_t i = 0; i < model_nentities; i++)
		if (!access_may_read(a, model_entities[i]))
			snprintf(refused + strlen(refused), sizeof refused - strlen(refused), "%s%s",
				 *refused ? ", " : "", model_entities[i]->name);
	if (*refused)
		return err_set(e, "refused: export all needs to read every entity; user %s (role %s) may "
			       "not read %s", access_actor(a)->name, access_actor(a)->role, refused);
	if (mkdir(dir, 0700) && errno != EEXIST)
		return err_set(e, "%s: cannot create directory: %s", dir, strerror(errno));
	for (size_t i = 0; i < model_nentities; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s.%s", dir, model_entities[i]->name,
			 fmt == TABLE_JSON ? "json" : "csv");
		FILE *f = open_out(path, e);
		if (!f)
			return -1;
		int rc = export_entity(a, model_entities[i], fmt, f, e);
		if (close_out(f, path, e) || rc) {
			remove(path);
			return -1;
		}
	}
	return 0;
}

int cmd_export(struct cli *c, int argc, char **argv)
{
	const char *what = NULL, *format = NULL, *output = NULL;
	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((v = cli_opt(argc, argv, &i, "format")))
			format = v;
		else if ((v = cli_opt(argc, argv, &i, "output")) || (v = cli_opt(argc, argv, &i, "o")))
			output = v;
		else if (!what && strncmp(argv[i], "--", 2))
			what = argv[i];
		else
			return cli_usage("gvi export ENTITY|all|graph [--format csv|json|graphml|gexf] "
					 "[--output FILE|DIR]");
	}
	if (!what)
		return cli_usage("gvi export ENTITY|all|graph [--format csv|json|graphml|gexf] [--output FILE|DIR]");
	enum table_format fmt = c->fmt == TABLE_JSON ? TABLE_JSON : TABLE_CSV;
	int graph = !strcmp(what, "graph");
	if (format && !graph) {
		if (!strcmp(format, "json"))
			fmt = TABLE_JSON;
		else if (!strcmp(format, "csv"))
			fmt = TABLE_CSV;
		else
			return cli_usage("gvi export: --format is csv or json for records");
	}
	if (graph && format && strcmp(format, "graphml") && strcmp(format, "gexf"))
		return cli_usage("gvi export graph: --format is graphml or gexf");
	const struct entity *en = NULL;
	if (!graph && strcmp(what, "all") && !(en = model_entity(what)))
		return cli_usage("gvi export: no entity \"%s\"; see gvi help", what);
	struct access *a;
	if (cli_open(c, &a, 0))
		return 1;
	struct err e = { 0 };
	int rc;
	if (!strcmp(what, "all")) {
		rc = export_all(a, output, fmt, &e);
	} else {
		FILE *f = open_out(output, &e);
		rc = !f;
		if (f) {
			rc = graph ? graph_export(a, f, format ? format : "graphml", &e)
				   : export_entity(a, en, fmt, f, &e);
			rc = close_out(f, output, &e) || rc;
			if (rc && f != stdout)
				remove(output);   /* no half-written or empty file after a refusal */
		}
	}
	access_close(a);
	return rc ? cli_fail(&e) : 0;
}
