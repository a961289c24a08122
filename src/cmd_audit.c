/* cmd_audit.c — `gvi audit [list]`: reading the audit log (admin only).
 *
 * There is deliberately no command that edits or deletes audit entries. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_entry(void *p, const struct audit_entry *a)
{
	char id[32], rec[32];
	snprintf(id, sizeof id, "%lld", (long long)a->id);
	snprintf(rec, sizeof rec, "%lld", (long long)a->record_id);
	const char *cells[] = { id, a->at, a->user, a->role, a->action, a->entity,
		a->record_id ? rec : NULL, a->detail };
	table_add_row(p, cells);
	return 0;
}

int cmd_audit(struct cli *c, int argc, char **argv)
{
	struct audit_query q = { 0 };
	int i = 1;
	if (i < argc && !strcmp(argv[i], "list"))
		i++;
	for (; i < argc; i++) {
		const char *v;
		if ((v = cli_opt(argc, argv, &i, "by")))
			q.user = v;
		else if ((v = cli_opt(argc, argv, &i, "entity")))
			q.entity = v;
		else if ((v = cli_opt(argc, argv, &i, "action")))
			q.action = v;
		else if ((v = cli_opt(argc, argv, &i, "record")))
			q.record_id = atoll(v);
		else if ((v = cli_opt(argc, argv, &i, "since")))
			q.since = v;
		else if ((v = cli_opt(argc, argv, &i, "until")))
			q.until = v;
		else if ((v = cli_opt(argc, argv, &i, "limit")))
			q.limit = atol(v);
		else
			return cli_usage("gvi audit [list] [--by USER] [--entity E] [--action A] [--record ID] "
					 "[--since DATE] [--until DATE] [--limit N]");
	}
	struct access *a;
	if (cli_open(c, &a, 0))
		return 1;
	const char *headers[] = { "id", "at", "user", "role", "action", "entity", "record", "detail" };
	struct table *t = table_new(8, headers);
	table_set_kind(t, 0, COL_INT);
	table_set_kind(t, 6, COL_INT);
	if (c->fmt == TABLE_JSON)
		table_set_kind(t, 7, COL_JSON);
	struct err e = { 0 };
	int rc = access_audit_each(a, &q, add_entry, t, &e);
	if (!rc)
		table_print(t, stdout, c->fmt);
	table_free(t);
	access_close(a);
	return rc ? cli_fail(&e) : 0;
}
