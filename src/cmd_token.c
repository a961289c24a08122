/* cmd_token.c — `gvi token add|list|revoke`: bearer tokens for integrations with the JSON API.
 *
 * A token lets a program act as one user on /api/v1/ (Authorization: Bearer TOKEN) exactly as
 * that user would through the web application.  The token is printed once, when it is made;
 * the repository keeps only a hash of it, so `list` shows ids, users and dates, never a
 * token.  Only an admin manages tokens, and every add, list and revoke is audited — all of
 * that in the access layer (access_auth.c); this file parses options and prints.
 *
 * The user the token acts as is a positional NAME, not `--user NAME`: --user is the global
 * option naming who runs the command (the admin). */
#include "access_auth.h"
#include "cli.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USAGE "gvi token add NAME [--expires YYYY-MM-DD] [--note TEXT] | gvi token list | gvi token revoke ID"

static int token_add(struct access_auth *au, struct cli *c, int argc, char **argv, struct err *e)
{
	const char *user = NULL, *expires = NULL, *note = NULL, *v;
	for (int i = 2; i < argc; i++) {
		if ((v = cli_opt(argc, argv, &i, "expires")))
			expires = v;
		else if ((v = cli_opt(argc, argv, &i, "note")))
			note = v;
		else if (!strncmp(argv[i], "--", 2) || user)
			return cli_usage("gvi token add: unexpected \"%s\"; usage: %s", argv[i], USAGE);
		else
			user = argv[i];
	}
	if (!user)
		return cli_usage("gvi token add: name the user the token acts as; usage: %s", USAGE);
	char token[ACCESS_AUTH_TOKEN_MAX];
	int64_t id;
	if (access_auth_token_add(au, c->user, user, expires, note, token, &id, e))
		return cli_fail(e);
	printf("%s\n", token);
	fprintf(stderr, "token %lld for %s%s%s: shown this once; keep it secret (revoke with "
		"`gvi token revoke %lld`)\n", (long long)id, user, expires ? ", valid through " : "",
		expires ? expires : "", (long long)id);
	sodium_memzero(token, sizeof token);
	return 0;
}

static int add_row(void *p, const struct access_token_info *t)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)t->id);
	const char *cells[] = { id, t->user, t->created, t->expires, t->revoked, t->note };
	table_add_row(p, cells);
	return 0;
}

static int token_list(struct access_auth *au, struct cli *c, struct err *e)
{
	static const char *const headers[] = { "id", "user", "created", "expires", "revoked", "note" };
	struct table *t = table_new(6, headers);
	table_set_kind(t, 0, COL_INT);
	int rc = access_auth_token_list(au, c->user, add_row, t, e);
	if (!rc)
		rc = table_print(t, stdout, c->fmt);
	table_free(t);
	return rc ? cli_fail(e) : 0;
}

int cmd_token(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("usage: %s", USAGE);
	const char *sub = argv[1];
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "revoke"))
		return cli_usage("gvi token: no subcommand \"%s\"; usage: %s", sub, USAGE);
	char *end = NULL;
	long long id = 0;
	if (!strcmp(sub, "list") && argc != 2)
		return cli_usage("usage: gvi token list");
	if (!strcmp(sub, "revoke")) {
		if (argc != 3 || !(id = strtoll(argv[2], &end, 10), *argv[2] && !*end && id > 0))
			return cli_usage("usage: gvi token revoke ID  (the id from gvi token list)");
	}
	struct err e = { 0 };
	struct access_auth *au = NULL;
	if (access_auth_open(&au, c->repo, &e))
		return cli_fail(&e);
	int rc;
	if (!strcmp(sub, "add"))
		rc = token_add(au, c, argc, argv, &e);
	else if (!strcmp(sub, "list"))
		rc = token_list(au, c, &e);
	else if (access_auth_token_revoke(au, c->user, id, &e))
		rc = cli_fail(&e);
	else
		rc = (printf("token %lld revoked\n", id), 0);
	access_auth_close(au);
	return rc;
}
