/* cmd_case.c — `gvi case`: the response cases that follow violence attributed to a group.
 *
 * Cases open by themselves (workflow/case.c) when a perpetrating group involvement is recorded
 * for a recent serious incident; here they are listed, shown with the levers each partner can
 * pull, assigned, acted on (an enforcement action), marked "the group was told why" and
 * closed, in that order.  `gvi case config` shows and sets the workflow's settings. */
#include "cli.h"
#include "date.h"
#include "recfmt.h"
#include "workflow/workflow.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"gvi case list [--status open|acting|told|closed] [--overdue] | show ID | assign ID USER |\n"
	"       act ID --lever LEVER --agency AGENCY [--date D] | told ID [--date D] | close ID [--date D] |\n"
	"       config [NAME VALUE]";

struct list_ctx {
	struct table *t;
	enum table_format fmt;
	const char *status;
	int overdue;
	char now[DATETIME_LEN];
};

static int list_row(void *p, const struct record *r)
{
	struct list_ctx *l = p;
	const char *s = record_get(r, "status");
	if (l->status && (!s || strcmp(s, l->status)))
		return 0;
	if (l->overdue && !workflow_case_overdue(r, l->now))
		return 0;
	recfmt_add(l->t, r, l->fmt, l->fmt == TABLE_TEXT);
	return 0;
}

static int case_id(struct access *a, const char *ref, int64_t *id, struct err *e)
{
	return access_find(a, model_entity("response-case"), ref, id, e);
}

static int do_list(struct cli *c, struct access *a, int argc, char **argv)
{
	struct list_ctx l = { .fmt = c->fmt };
	for (int i = 2; i < argc; i++) {
		const char *v;
		if ((v = cli_opt(argc, argv, &i, "status")))
			l.status = v;
		else if (!strcmp(argv[i], "--overdue"))
			l.overdue = 1;
		else
			return cli_usage("%s", usage);
	}
	date_now(l.now);
	l.now[16] = '\0';
	const struct entity *en = model_entity("response-case");
	l.t = recfmt_table(en, c->fmt, c->fmt == TABLE_TEXT);
	struct err e = { 0 };
	struct store_query q = { .descending = 1 };
	int rc = access_list(a, en, &q, list_row, &l, &e);
	if (!rc)
		table_print(l.t, stdout, c->fmt);
	table_free(l.t);
	return rc ? cli_fail(&e) : 0;
}

struct show_ctx {
	struct table *t;
	enum table_format fmt;
	int brief;
};

static int show_row(void *p, const struct record *r)
{
	struct show_ctx *s = p;
	recfmt_add(s->t, r, s->fmt, s->brief);
	return 0;
}

/* One section: records of entity whose field is value, printed as a list. */
static int section(struct access *a, enum table_format fmt, const char *title, const char *entity,
		   const char *field, const char *value, struct err *e)
{
	const struct entity *en = model_entity(entity);
	if (!access_may_read(a, en))
		return 0;
	struct record where;
	record_init(&where, en);
	struct store_query q = { .where = field ? &where : NULL };
	int rc = field ? record_set(&where, field, value, e) : 0;
	struct show_ctx s = { recfmt_table(en, fmt, 1), fmt, 1 };
	if (!rc)
		rc = access_list(a, en, &q, show_row, &s, e);
	if (!rc) {
		printf("\n%s:\n", title);
		table_print(s.t, stdout, fmt);
	}
	table_free(s.t);
	record_release(&where);
	return rc;
}

static int do_show(struct cli *c, struct access *a, const char *ref)
{
	struct err e = { 0 };
	int64_t id;
	if (case_id(a, ref, &id, &e))
		return cli_fail(&e);
	const struct entity *en = model_entity("response-case");
	struct show_ctx s = { recfmt_table(en, c->fmt, 0), c->fmt, 0 };
	int rc = access_show(a, en, id, show_row, &s, &e);
	if (!rc)
		table_print_record(s.t, stdout, c->fmt);
	table_free(s.t);
	if (rc)
		return cli_fail(&e);
	if (c->fmt != TABLE_TEXT)
		return 0;
	char idtext[32];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	long n = workflow_case_actions(a, id, &e);
	if (n < 0)
		return cli_fail(&e);
	printf("\nEnforcement actions counted for the case: %ld\n", n);
	json_t *prop = NULL;
	if (workflow_case_proposals(a, id, &prop, &e))
		return cli_fail(&e);
	printf("\nProposed custom notifications (retaliation prevention; from the %s):\n",
	       !strcmp(json_string_value(json_object_get(prop, "source")), "analysis") ? "retaliation analysis"
	       : !strcmp(json_string_value(json_object_get(prop, "source")), "relations") ? "group relations" : "-, nothing found");
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(prop, "groups"), i, x)
		printf("  group %s: %s\n", json_string_value(json_object_get(x, "group")),
		       json_string_value(json_object_get(x, "why")));
	json_array_foreach(json_object_get(prop, "persons"), i, x)
		printf("  person %s: %s\n", json_string_value(json_object_get(x, "code")),
		       json_string_value(json_object_get(x, "why")));
	json_decref(prop);
	rc = section(a, c->fmt, "Levers the partners can pull (agencies: none = any partner)", "lever", NULL,
		     NULL, &e) ||
	     section(a, c->fmt, "Tasks", "task", "case", idtext, &e);
	return rc ? cli_fail(&e) : 0;
}

static int do_config(struct access *a, int argc, char **argv)
{
	struct err e = { 0 };
	if (argc == 2) {
		for (int i = 0; workflow_settings[i]; i++)
			printf("%-20s %ld (default %ld)\n", workflow_settings[i],
			       workflow_setting(a, workflow_settings[i]),
			       workflow_setting_default(workflow_settings[i]));
		return 0;
	}
	if (argc != 4)
		return cli_usage("gvi case config [NAME VALUE]");
	if (workflow_setting_default(argv[2]) < 0)
		return cli_usage("gvi case config: no setting \"%s\" (see gvi case config)", argv[2]);
	char *end;
	long v = strtol(argv[3], &end, 10);
	if (end == argv[3] || *end || v < 0 || v > 100000)
		return cli_usage("gvi case config %s: expected a whole number from 0 to 100000, got \"%s\"",
				 argv[2], argv[3]);
	if (access_setting_set(a, argv[2], v, &e))
		return cli_fail(&e);
	printf("%s = %ld\n", argv[2], v);
	return 0;
}

int cmd_case(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("%s", usage);
	const char *sub = argv[1];
	int writes = strcmp(sub, "list") && strcmp(sub, "show") && !(!strcmp(sub, "config") && argc == 2);
	struct access *a;
	if (strcmp(sub, "list") && strcmp(sub, "show") && strcmp(sub, "assign") && strcmp(sub, "act") &&
	    strcmp(sub, "told") && strcmp(sub, "close") && strcmp(sub, "config"))
		return cli_usage("gvi case: unknown subcommand \"%s\"\nusage: %s", sub, usage);
	if (strcmp(sub, "list") && strcmp(sub, "config") && argc < 3)
		return cli_usage("%s", usage);
	if (cli_open(c, &a, writes))
		return 1;
	struct err e = { 0 };
	int rc = 0;
	int64_t id = 0;
	if (!strcmp(sub, "list")) {
		rc = do_list(c, a, argc, argv);
	} else if (!strcmp(sub, "config")) {
		rc = do_config(a, argc, argv);
	} else if (!strcmp(sub, "show")) {
		rc = argc == 3 ? do_show(c, a, argv[2]) : cli_usage("gvi case show ID");
	} else if (case_id(a, argv[2], &id, &e)) {
		rc = cli_fail(&e);
	} else if (!strcmp(sub, "assign")) {
		if (argc != 4)
			rc = cli_usage("gvi case assign ID USER");
		else if (workflow_case_assign(a, id, argv[3], &e))
			rc = cli_fail(&e);
		else
			printf("response case %lld assigned to %s\n", (long long)id, argv[3]);
	} else {
		const char *date = NULL, *lever = NULL, *agency = NULL;
		for (int i = 3; i < argc && !rc; i++) {
			const char *v;
			if ((v = cli_opt(argc, argv, &i, "date")))
				date = v;
			else if (!strcmp(sub, "act") && (v = cli_opt(argc, argv, &i, "lever")))
				lever = v;
			else if (!strcmp(sub, "act") && (v = cli_opt(argc, argv, &i, "agency")))
				agency = v;
			else
				rc = cli_usage("%s", usage);
		}
		if (rc) {
			access_close(a);
			return rc;
		}
		if (!strcmp(sub, "act")) {
			int64_t enf = 0;
			if (!lever || !agency)
				rc = cli_usage("gvi case act ID --lever LEVER --agency AGENCY [--date D]");
			else if (workflow_case_act(a, id, lever, agency, date, -1, &enf, &e))
				rc = cli_fail(&e);
			else
				printf("enforcement %lld recorded for response case %lld\n", (long long)enf, (long long)id);
		} else if (!strcmp(sub, "told")) {
			if (workflow_case_told(a, id, date, &e))
				rc = cli_fail(&e);
			else
				printf("response case %lld: the group was told why\n", (long long)id);
		} else {
			if (workflow_case_close(a, id, date, &e))
				rc = cli_fail(&e);
			else
				printf("response case %lld closed\n", (long long)id);
		}
	}
	access_close(a);
	return rc;
}
