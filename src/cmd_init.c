/* cmd_init.c — `gvi init [PATH]`: a new, empty repository with its first admin user.
 *
 * The admin (default "admin", or --admin NAME) belongs to an agency (default "GVI-samordning",
 * or --agency NAME) and may add further agencies and users; the programme's name (--programme)
 * is shown by `gvi status`.  The default incident types, criteria, levers and services are
 * added, audited as done by the admin. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cmd_init(struct cli *c, int argc, char **argv)
{
	const char *path = NULL, *admin = "admin", *agency = "GVI-samordning", *programme = "GVI";
	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((v = cli_opt(argc, argv, &i, "admin")))
			admin = v;
		else if ((v = cli_opt(argc, argv, &i, "agency")))
			agency = v;
		else if ((v = cli_opt(argc, argv, &i, "programme")))
			programme = v;
		else if (!path && argv[i][0] != '-')
			path = argv[i];
		else
			return cli_usage("gvi init [PATH] [--admin NAME] [--agency NAME] [--programme NAME]");
	}
	if (!path)
		path = c->repo;
	struct err e = { 0 };
	if (access_init(path, admin, agency, programme, &e))
		return cli_fail(&e);
	printf("created repository %s; its admin user is %s (agency %s)\n", path, admin, agency);
	return 0;
}
