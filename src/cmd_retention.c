/* cmd_retention.c — `gvi retention run [--dry-run]`: gallring, the removal of what is past its
 * review date and grace period or past its retention time (docs/privacy.md).
 *
 * The work and the rules are in the access layer (access_retention_run): one transaction,
 * each removal audited without its content.  This prints what was removed — entity, id,
 * rule, dependents — never names.  Running it twice removes nothing the second time;
 * `gvi serve` runs it daily. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#define USAGE "gvi retention run [--dry-run]"

static int add_removed(void *p, const struct retention_item *it)
{
	char id[24], deps[24];
	snprintf(id, sizeof id, "%lld", (long long)it->id);
	snprintf(deps, sizeof deps, "%ld", it->dependents);
	const char *cells[] = { it->en->name, id, it->rule, deps };
	table_add_row(p, cells);
	return 0;
}

int cmd_retention(struct cli *c, int argc, char **argv)
{
	int dry = 0;
	if (argc < 2 || strcmp(argv[1], "run"))
		return cli_usage("%s", USAGE);
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run"))
			dry = 1;
		else
			return cli_usage("%s  (unexpected \"%s\")", USAGE, argv[i]);
	}
	struct access *a;
	if (cli_open(c, &a, 1))
		return 1;
	static const char *const headers[] = { "entity", "id", "rule", "dependents" };
	struct table *t = table_new(4, headers);
	table_set_kind(t, 1, COL_INT);
	table_set_kind(t, 3, COL_INT);
	struct err e = { 0 };
	long removed = 0;
	int rc = access_retention_run(a, dry, add_removed, t, &removed, &e);
	if (!rc) {
		rc = table_print(t, stdout, c->fmt);
		if (c->fmt == TABLE_TEXT)
			fprintf(stderr, "%s %ld record%s\n", dry ? "would remove" : "removed", removed,
				removed == 1 ? "" : "s");
	}
	table_free(t);
	access_close(a);
	return rc ? cli_fail(&e) : 0;
}
