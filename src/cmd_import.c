/* cmd_import.c — `gvi import ENTITY FILE` and `gvi import all DIR`: CSV into the repository.
 *
 * All or nothing: the whole file (or, for `all`, every file) is one transaction, and the first
 * error — named as FILE:LINE:COLUMN with the field, the value and what was expected — rolls it
 * all back.  --dry-run validates everything and then rolls back.  Columns are named by the
 * header row; references may be ids or names (a membership names its person and group).  A
 * row that is already in the repository unchanged (same id or key, same values) is skipped, so
 * the same spreadsheet can be imported twice and an export re-imports cleanly.  The import is
 * audited as one entry per file (file, rows, id range) rather than row by row. */
#include "cli.h"
#include "csvread.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct import_stats {
	long rows, added, skipped;
	int64_t first_id, last_id;
};

/* Which line each added record came from, to name the line of a duplicate found only when
 * the deferred unique indexes are built at the end. */
struct id_lines {
	size_t n, cap;
	int64_t (*at)[2];   /* id, line */
};

static void id_lines_add(struct id_lines *m, int64_t id, long line)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 4096;
		void *p = realloc(m->at, m->cap * sizeof *m->at);
		if (!p)
			abort();
		m->at = p;
	}
	m->at[m->n][0] = id;
	m->at[m->n][1] = line;
	m->n++;
}

static long id_line(const struct id_lines *m, int64_t id)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->at[i][0] == id)
			return (long)m->at[i][1];
	return 0;
}

struct column {
	const struct field *f;   /* NULL: the id column, or ignored */
	int is_id;
};

static int map_header(const struct entity *en, const char *path, const struct csv_row *h,
		      struct column *cols, struct err *e)
{
	for (size_t j = 0; j < h->n; j++) {
		const char *name = h->field[j];
		cols[j].f = NULL;
		cols[j].is_id = !strcmp(name, "id");
		if (cols[j].is_id)
			continue;
		cols[j].f = model_field(en, name);
		if (!cols[j].f) {
			char names[1024] = "id";
			for (const struct field *f = en->fields; f->name; f++)
				if (!(f->flags & FF_DERIVED))
					snprintf(names + strlen(names), sizeof names - strlen(names), ", %s", f->name);
			return err_set(e, "%s:%ld:%zu: unknown column \"%s\" for %s; the columns are %s", path,
				       h->line, j + 1, name, en->name, names);
		}
		for (size_t k = 0; k < j; k++)
			if (cols[k].f == cols[j].f)
				return err_set(e, "%s:%ld:%zu: column \"%s\" appears twice", path, h->line,
					       j + 1, name);
		if (cols[j].f->flags & FF_DERIVED)
			cols[j].f = NULL;   /* derived (e.g. gmi in an export): recomputed, not imported */
	}
	for (const struct field *f = en->fields; f->name; f++) {
		if (!(f->flags & FF_REQUIRED))
			continue;
		size_t j = 0;
		while (j < h->n && cols[j].f != f)
			j++;
		if (j == h->n)
			return err_set(e, "%s:%ld: missing column \"%s\", which a %s needs", path, h->line,
				       f->name, en->name);
	}
	return 0;
}

static int parse_id(const char *s, int64_t *id)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || end == s || v <= 0)
		return -1;
	*id = v;
	return 0;
}

static int import_file(struct access *a, const struct entity *en, const char *path,
		       struct import_stats *st, struct err *e)
{
	struct csv_reader *r;
	if (csvr_open(&r, path, e))
		return -1;
	struct csv_row row;
	struct column *cols = NULL;
	struct id_lines lines = { 0 };
	struct record rec;
	record_init(&rec, en);
	int rc = csvr_next(r, &row, e);
	if (rc == 0) {
		rc = err_set(e, "%s: empty file; expected a header row naming the columns", path);
		goto out;
	}
	if (rc < 0)
		goto out;
	size_t ncols = row.n;
	cols = calloc(ncols, sizeof *cols);
	if ((rc = map_header(en, path, &row, cols, e)) || (rc = access_bulk_entity_begin(a, en, e)))
		goto out;
	while ((rc = csvr_next(r, &row, e)) > 0) {
		if (row.n != ncols) {
			rc = err_set(e, "%s:%ld: %zu fields, but the header has %zu", path, row.line, row.n, ncols);
			goto out;
		}
		record_clear(&rec);
		for (size_t j = 0; j < ncols; j++) {
			const char *v = row.field[j];
			if (cols[j].is_id) {
				if (*v && parse_id(v, &rec.id)) {
					rc = err_set(e, "%s:%ld:%zu: id: expected a positive whole number, got \"%s\"",
						     path, row.line, j + 1, v);
					goto out;
				}
			} else if (cols[j].f && *v && record_set_field(&rec, cols[j].f, v, e)) {
				rc = err_prefix(e, "%s:%ld:%zu: %s: ", path, row.line, j + 1, cols[j].f->name);
				goto out;
			}
		}
		int skipped = 0;
		int merged = access_merge(a, &rec, &skipped, e);
		if (merged == STORE_BULK_FAILED) {   /* an earlier row of this file, written late */
			rc = err_prefix(e, "%s:%ld: ", path, id_line(&lines, access_bulk_failed_id(a)));
			goto out;
		}
		if (merged) {
			rc = err_prefix(e, "%s:%ld: ", path, row.line);
			goto out;
		}
		st->rows++;
		if (skipped) {
			st->skipped++;
		} else {
			st->added++;
			id_lines_add(&lines, rec.id, row.line);
			if (!st->first_id || rec.id < st->first_id)
				st->first_id = rec.id;
			if (rec.id > st->last_id)
				st->last_id = rec.id;
		}
		if (st->rows % 65536 == 0)
			cli_progress(path, st->rows, 0);
	}
	if (rc == 0) {
		int64_t dup;
		if ((rc = access_bulk_entity_end(a, &dup, e)) == STORE_DUPLICATE) {
			char msg[sizeof e->msg];
			snprintf(msg, sizeof msg, "%s", e->msg);
			err_clear(e);
			err_set(e, "%s:%ld: duplicate %s: %s", path, id_line(&lines, dup), en->name,
				strncmp(msg, "duplicate: ", 11) ? msg : msg + 11);
		} else if (rc == STORE_BULK_FAILED) {
			err_prefix(e, "%s:%ld: ", path, id_line(&lines, dup));
		}
	}
out:
	free(lines.at);
	cli_progress_end();
	free(cols);
	record_release(&rec);
	csvr_close(r);
	return rc < 0 ? -1 : 0;
}

static int audit_file(struct access *a, const struct entity *en, const char *path,
		      const struct import_stats *st, struct err *e)
{
	json_t *j = json_pack("{s:s, s:I, s:I, s:I}", "file", path, "rows", (json_int_t)st->rows,
			      "added", (json_int_t)st->added, "skipped", (json_int_t)st->skipped);
	if (st->added) {
		json_object_set_new(j, "first_id", json_integer(st->first_id));
		json_object_set_new(j, "last_id", json_integer(st->last_id));
	}
	char *detail = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	int rc = access_audit_bulk(a, "import", en, detail, e);
	free(detail);
	return rc;
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	const char *what = NULL, *path = NULL;
	int dry = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run"))
			dry = 1;
		else if (!what && strncmp(argv[i], "--", 2))
			what = argv[i];
		else if (!path && (strncmp(argv[i], "--", 2) || !strcmp(argv[i], "-")))
			path = argv[i];
		else
			return cli_usage("gvi import ENTITY FILE | gvi import all DIR [--dry-run]");
	}
	if (!what || !path)
		return cli_usage("gvi import ENTITY FILE | gvi import all DIR [--dry-run]");
	int all = !strcmp(what, "all");
	const struct entity *one = all ? NULL : model_entity(what);
	if (!all && !one)
		return cli_usage("gvi import: no entity \"%s\"; see gvi help", what);
	struct access *a;
	if (cli_open(c, &a, 1))
		return 1;
	struct err e = { 0 };
	long total = 0, skipped = 0, files = 0;
	int rc = access_begin(a, 1, &e);
	for (size_t i = 0; !rc && i < model_nentities; i++) {
		const struct entity *en = model_entities[i];
		if (!all && en != one)
			continue;
		char file[4096];
		if (all) {
			struct stat sb;
			snprintf(file, sizeof file, "%s/%s.csv", path, en->name);
			if (stat(file, &sb))
				continue;
		} else {
			snprintf(file, sizeof file, "%s", path);
		}
		struct import_stats st = { 0 };
		rc = import_file(a, en, file, &st, &e) || audit_file(a, en, file, &st, &e);
		total += st.rows;
		skipped += st.skipped;
		files++;
	}
	if (!rc && all && files == 0)
		rc = err_set(&e, "%s: no ENTITY.csv files found to import", path);
	if (rc) {
		access_rollback(a);
		access_close(a);
		fprintf(stderr, "gvi: %s\ngvi: nothing was imported\n", e.msg);
		return 1;
	}
	if (dry) {
		access_rollback(a);
		printf("dry run: %ld rows would be imported (%ld already present); nothing was written\n",
		       total - skipped, skipped);
	} else if (access_commit(a, &e)) {
		access_close(a);
		return cli_fail(&e);
	} else {
		printf("imported %ld rows (%ld already present, skipped)\n", total - skipped, skipped);
	}
	access_close(a);
	return 0;
}
