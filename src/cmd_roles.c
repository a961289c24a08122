/* cmd_roles.c — `gvi roles`: the access matrix from policy.c, as a table.
 *
 * docs/access-policy.md is generated from this output, and the tests read it to enumerate
 * every role × entity × operation against what the CLI really allows. */
#include "cli.h"
#include "policy.h"

#include <stdio.h>

int cmd_roles(struct cli *c, int argc, char **argv)
{
	(void)argc, (void)argv;
	const char *headers[] = { "role", "entity", "read", "write" };
	struct table *t = table_new(4, headers);
	table_set_kind(t, 2, COL_BOOL);
	table_set_kind(t, 3, COL_BOOL);
	for (int r = 0; model_roles[r]; r++)
		for (size_t i = 0; i < model_nentities; i++) {
			const struct entity *en = model_entities[i];
			const char *cells[] = { model_roles[r], en->name,
				policy_allows(model_roles[r], en, POLICY_READ) ? "1" : "0",
				policy_allows(model_roles[r], en, POLICY_WRITE) ? "1" : "0" };
			table_add_row(t, cells);
		}
	int rc = table_print(t, stdout, c->fmt);
	table_free(t);
	return rc ? 1 : 0;
}
