/* cmd_entity.c — `gvi <entity> add|edit|list|show|delete|end`, for every entity in model.c.
 *
 * One handler serves all entities, driven by their descriptors: each field is an option
 * (--name VALUE), a list field takes its whole list (--aliases "A;B") or one item at a time
 * (--alias A, repeatable).  Everything goes through the access layer. */
#include "cli.h"
#include "recfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_usage(FILE *out, const struct entity *en)
{
	fprintf(out, "usage: gvi %s add [--FIELD VALUE]...\n"
		"       gvi %s edit ID [--FIELD VALUE]...\n"
		"       gvi %s list [--search TEXT] [--FIELD VALUE]... [--sort FIELD] [--desc]\n"
		"                  [--limit N] [--offset N]\n"
		"       gvi %s show ID\n", en->name, en->name, en->name, en->name);
	if (en->end_field || en->end_status)
		fprintf(out, "       gvi %s end ID [--date YYYY-MM-DD]\n", en->name);
	fprintf(out, "       gvi %s delete ID\n\n%s (%s).\n\nFields:\n", en->name, en->help ? en->help : "",
		en->title_sv);
	for (const struct field *f = en->fields; f->name; f++) {
		if (f->flags & FF_DERIVED) {
			fprintf(out, "  %-20s %s (derived, shown in list and show)\n", f->name, f->help ? f->help : "");
			continue;
		}
		char choices[256] = "";
		if (f->type == F_ENUM)
			model_choices_text(f, choices, sizeof choices);
		fprintf(out, "  --%-18s %s%s%s%s%s\n", f->name, f->help ? f->help : "",
			(f->flags & FF_REQUIRED) ? " (required)" : "",
			*choices ? " [" : "", choices, *choices ? "]" : "");
		if (f->type == F_LIST)
			fprintf(out, "  --%-18s add one item (repeatable)\n", f->item->name);
	}
	fprintf(out, "\nID is the record's id%s.\n", model_key(en) ? " or its key" : "");
}

/* Which field an option names: a field, or a list field by its item name. */
static const struct field *option_field(const struct entity *en, const char *opt, int *item)
{
	*item = 0;
	const struct field *f = model_field(en, opt);
	if (f)
		return f;
	char alt[64];
	snprintf(alt, sizeof alt, "%s", opt);
	for (char *p = alt; *p; p++)
		if (*p == '-')
			*p = '_';
	if ((f = model_field(en, alt)))
		return f;
	for (f = en->fields; f->name; f++)
		if (f->type == F_LIST && !strcmp(f->item->name, opt)) {
			*item = 1;
			return f;
		}
	return NULL;
}

/* Parses --FIELD VALUE options from argv[from..] into r.  Other options are left to `extra`
 * (returns 1 for ones it took). */
typedef int (*extra_fn)(void *ctx, int argc, char **argv, int *i);
static int parse_fields(const struct entity *en, struct record *r, int argc, char **argv, int from,
			extra_fn extra, void *ctx, int *positional, char **pos_value, struct err *e)
{
	for (int i = from; i < argc; i++) {
		const char *arg = argv[i];
		if (strncmp(arg, "--", 2)) {
			if (positional && !*positional) {
				*positional = 1;
				*pos_value = argv[i];
				continue;
			}
			e->code = 2;
			return err_set(e, "unexpected argument \"%s\" (see gvi %s --help)", arg, en->name);
		}
		if (extra && extra(ctx, argc, argv, &i))
			continue;
		char name[64];
		const char *eq = strchr(arg + 2, '=');
		size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		snprintf(name, sizeof name, "%.*s", (int)len, arg + 2);
		int item;
		const struct field *f = option_field(en, name, &item);
		if (!f) {
			e->code = 2;
			return err_set(e, "%s has no field --%s (see gvi %s --help)", en->name, name, en->name);
		}
		const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
		if (!value) {
			e->code = 2;
			return err_set(e, "--%s needs a value", name);
		}
		/* A list option given twice adds to the list rather than replacing it. */
		size_t fi = model_field_index(en, f);
		int rc = item ? record_add_item(r, f, value, e)
			 : f->type == F_LIST && r->given[fi] ? record_append_list(r, f, value, e)
			 : record_set_field(r, f, value, e);
		if (rc)
			return err_prefix(e, "--%s: ", name);
	}
	return 0;
}

struct out_ctx {
	struct table *t;
	enum table_format fmt;
	int brief;
};

static int add_row(void *p, const struct record *r)
{
	struct out_ctx *o = p;
	recfmt_add(o->t, r, o->fmt, o->brief);
	return 0;
}

static int show_one(struct cli *c, struct access *a, const struct entity *en, int64_t id)
{
	struct err e = { 0 };
	struct out_ctx o = { recfmt_table(en, c->fmt, 0), c->fmt, 0 };
	int rc = access_show(a, en, id, add_row, &o, &e);
	if (!rc && table_rows(o.t) == 1)
		table_print_record(o.t, stdout, c->fmt);
	else if (!rc)
		rc = err_set(&e, "no %s with id %lld", en->name, (long long)id);
	table_free(o.t);
	return rc ? cli_fail(&e) : 0;
}

static int do_add(struct cli *c, struct access *a, const struct entity *en, int argc, char **argv)
{
	struct err e = { 0 };
	struct record r;
	record_init(&r, en);
	if (parse_fields(en, &r, argc, argv, 2, NULL, NULL, NULL, NULL, &e) || access_add(a, &r, &e)) {
		record_release(&r);
		return cli_fail(&e);
	}
	int rc = 0;
	if (c->fmt == TABLE_TEXT)
		printf("added %s %lld%s%s\n", en->name, (long long)r.id, model_field(en, "code") ? " " : "",
		       model_field(en, "code") ? record_get(&r, "code") : "");
	else
		rc = show_one(c, a, en, r.id);
	record_release(&r);
	return rc;
}

static int do_edit(struct cli *c, struct access *a, const struct entity *en, int argc, char **argv)
{
	struct err e = { 0 };
	if (argc < 3 || !strncmp(argv[2], "--", 2))
		return cli_usage("gvi %s edit ID [--FIELD VALUE]...", en->name);
	struct record r;
	record_init(&r, en);
	int64_t id;
	int rc = access_find(a, en, argv[2], &id, &e);
	r.id = id;
	rc = rc || parse_fields(en, &r, argc, argv, 3, NULL, NULL, NULL, NULL, &e);
	int given = 0;
	for (size_t i = 0; i < en->nfields; i++)
		given += r.given[i];
	if (!rc && !given) {
		record_release(&r);
		return cli_usage("gvi %s edit ID --FIELD VALUE...: name at least one field to change", en->name);
	}
	rc = rc || access_edit(a, &r, &e);
	int changed = 0;
	for (size_t i = 0; i < en->nfields; i++)
		changed += r.given[i];   /* access_edit unmarks the fields that did not change */
	record_release(&r);
	if (rc)
		return cli_fail(&e);
	if (c->fmt == TABLE_TEXT)
		printf(changed ? "%s %lld updated\n" : "%s %lld unchanged\n", en->name, (long long)id);
	else
		return show_one(c, a, en, id);
	return 0;
}

struct list_opts {
	const char *search, *sort;
	int desc;
	long limit, offset;
	struct err *e;
};

static int list_extra(void *p, int argc, char **argv, int *i)
{
	struct list_opts *o = p;
	const char *v;
	if ((v = cli_opt(argc, argv, i, "search"))) {
		o->search = v;
		return 1;
	}
	if ((v = cli_opt(argc, argv, i, "limit"))) {
		o->limit = atol(v);
		return 1;
	}
	if ((v = cli_opt(argc, argv, i, "offset"))) {
		o->offset = atol(v);
		return 1;
	}
	if ((v = cli_opt(argc, argv, i, "sort"))) {
		o->sort = v;
		return 1;
	}
	if (!strcmp(argv[*i], "--desc")) {
		o->desc = 1;
		return 1;
	}
	return 0;
}

static int do_list(struct cli *c, struct access *a, const struct entity *en, int argc, char **argv)
{
	struct err e = { 0 };
	struct record where;
	record_init(&where, en);
	struct list_opts lo = { .e = &e };
	int rc = parse_fields(en, &where, argc, argv, 2, list_extra, &lo, NULL, NULL, &e);
	if (!rc && lo.sort && (!model_field(en, lo.sort) || model_field(en, lo.sort)->type == F_LIST ||
			       (model_field(en, lo.sort)->flags & FF_DERIVED))) {
		e.code = 2;
		rc = err_set(&e, "--sort: %s has no stored field \"%s\" to sort by", en->name, lo.sort);
	}
	struct store_query q = { .search = lo.search, .where = &where, .limit = lo.limit,
				 .offset = lo.offset, .order_field = lo.sort, .descending = lo.desc };
	struct out_ctx o = { recfmt_table(en, c->fmt, c->fmt == TABLE_TEXT), c->fmt, c->fmt == TABLE_TEXT };
	rc = rc || access_list(a, en, &q, add_row, &o, &e);
	if (!rc)
		table_print(o.t, stdout, c->fmt);
	table_free(o.t);
	record_release(&where);
	return rc ? cli_fail(&e) : 0;
}

static int do_show(struct cli *c, struct access *a, const struct entity *en, int argc, char **argv)
{
	struct err e = { 0 };
	if (argc != 3)
		return cli_usage("gvi %s show ID", en->name);
	int64_t id;
	if (access_find(a, en, argv[2], &id, &e))
		return cli_fail(&e);
	return show_one(c, a, en, id);
}

static int do_delete(struct access *a, const struct entity *en, int argc, char **argv)
{
	struct err e = { 0 };
	if (argc != 3)
		return cli_usage("gvi %s delete ID", en->name);
	if (access_delete(a, en, argv[2], &e))
		return cli_fail(&e);
	printf("deleted %s %s\n", en->name, argv[2]);
	return 0;
}

static int do_end(struct access *a, const struct entity *en, int argc, char **argv)
{
	struct err e = { 0 };
	const char *date = NULL, *ref = NULL;
	for (int i = 2; i < argc; i++) {
		const char *v = cli_opt(argc, argv, &i, "date");
		if (v)
			date = v;
		else if (!ref && strncmp(argv[i], "--", 2))
			ref = argv[i];
		else
			return cli_usage("gvi %s end ID [--date YYYY-MM-DD]", en->name);
	}
	if (!ref)
		return cli_usage("gvi %s end ID [--date YYYY-MM-DD]", en->name);
	if (access_end(a, en, ref, date, &e))
		return cli_fail(&e);
	printf("ended %s %s\n", en->name, ref);
	return 0;
}

int cmd_entity(struct cli *c, int argc, char **argv)
{
	const struct entity *en = model_entity(argv[0]);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		print_usage(argc < 2 ? stderr : stdout, en);
		return argc < 2 ? 2 : 0;
	}
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			print_usage(stdout, en);
			return 0;
		}
	const char *sub = argv[1];
	int writes = !strcmp(sub, "add") || !strcmp(sub, "edit") || !strcmp(sub, "delete") ||
		     !strcmp(sub, "end");
	if (!writes && strcmp(sub, "list") && strcmp(sub, "show"))
		return cli_usage("gvi %s: unknown subcommand \"%s\" (add, edit, list, show, delete%s)",
				 en->name, sub, en->end_field || en->end_status ? ", end" : "");
	if (!strcmp(sub, "end") && !en->end_field && !en->end_status)
		return cli_usage("gvi %s: %s records are deleted, not ended", en->name, en->name);
	struct access *a;
	if (cli_open(c, &a, writes))
		return 1;
	int rc;
	if (!strcmp(sub, "add"))
		rc = do_add(c, a, en, argc, argv);
	else if (!strcmp(sub, "edit"))
		rc = do_edit(c, a, en, argc, argv);
	else if (!strcmp(sub, "list"))
		rc = do_list(c, a, en, argc, argv);
	else if (!strcmp(sub, "show"))
		rc = do_show(c, a, en, argc, argv);
	else if (!strcmp(sub, "delete"))
		rc = do_delete(a, en, argc, argv);
	else
		rc = do_end(a, en, argc, argv);
	access_close(a);
	return rc;
}
