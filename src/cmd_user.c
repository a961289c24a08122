/* cmd_user.c — `gvi user`: the users of a programme, as one command.
 *
 * `add`, `edit`, `list`, `show` and `delete` are the entity commands of model.c's `user`
 * (cmd_entity.c); this file adds what only users have: `passwd` (the web login's password,
 * cmd_passwd.c, also reachable as `gvi passwd`) and `disable`/`enable`.  Disabling is an
 * audited edit of the user's `disabled` field through the access layer; nothing else is
 * needed, because every door checks it: the CLI refuses to open the repository as a disabled
 * user, the web server re-checks the user on every request (so open sessions end at their
 * next request) and an API token is refused when its user is disabled. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static int set_disabled(struct cli *c, int argc, char **argv)
{
	int disable = !strcmp(argv[1], "disable");
	if (argc != 3 || !strncmp(argv[2], "--", 2))
		return cli_usage("gvi user %s NAME", argv[1]);
	const char *name = argv[2];
	if (disable && c->user && !strcmp(c->user, name))
		return cli_usage("gvi user disable: you cannot disable yourself (%s); another admin must",
				 name);
	const struct entity *en = model_entity("user");
	struct access *a;
	if (cli_open(c, &a, 1))
		return 1;
	struct err e = { 0 };
	struct record r;
	record_init(&r, en);
	int rc = access_find(a, en, name, &r.id, &e) ||
		 record_set(&r, "disabled", disable ? "1" : "0", &e) || access_edit(a, &r, &e);
	record_release(&r);
	access_close(a);
	if (rc)
		return cli_fail(&e);
	if (disable)
		printf("user %s disabled: they can no longer log in or use their API tokens, and their "
		       "open web sessions end at their next request\n", name);
	else
		printf("user %s enabled\n", name);
	return 0;
}

int cmd_user(struct cli *c, int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "passwd"))
		return cmd_passwd(c, argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "disable") || !strcmp(argv[1], "enable")))
		return set_disabled(c, argc, argv);
	return cmd_entity(c, argc, argv);
}
