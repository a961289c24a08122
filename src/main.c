/* main.c — the gvi command line: global options and the one table of commands.
 *
 * git-style: `gvi [--repo PATH] [--user NAME] [--json|--csv] <command> [<subcommand>] …`.
 * Global options may also follow the command.  Every entity in model.c is a command of its
 * own (cmd_entity.c); the rest have a file each. */
#include "cli.h"

#include <gsl/gsl_errno.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GVI_VERSION "0.1.0"

/* Sorted by name. Entity commands take their help from model.c. */
const struct command cli_commands[] = {
	{ "agency", cmd_entity, NULL, NULL },
	{ "analyze", cmd_analyze, "gvi analyze ANALYSIS [--from DATE] [--to DATE] [--area NAME] [--top N] [...]",
	  "who and which groups drive the violence, and who is at risk (see gvi analyze --help)" },
	{ "area", cmd_entity, NULL, NULL },
	{ "audit", cmd_audit, "gvi audit [list|query] [--by USER] [--person REF] [--entity E] [--action A] [--record ID] [--from DATE] [--to DATE] [--limit N] | gvi audit verify [--expect HASH] | gvi audit register PERSON",
	  "read the audit log and verify its hash chain (admin); a person's access register (admin, coordinator)" },
	{ "backup", cmd_backup, "gvi backup FILE [--encrypt] [--passphrase-file FILE]",
	  "a consistent copy of the repository while others work, optionally encrypted (admin)" },
	{ "callin", cmd_entity, NULL, NULL },
	{ "case", cmd_case, "gvi case list [--status S] [--overdue] | show ID | assign ID USER | act ID --lever L --agency A [--date D] | told ID [--date D] | close ID [--date D] | config [NAME VALUE]",
	  "response cases after violence by a group: levers, deadline, steps in order" },
	{ "criterion", cmd_entity, NULL, NULL },
	{ "demo", cmd_demo, "gvi demo [PATH] [--seed N] [--scale city|national]",
	  "build a fictitious demo programme in a new repository" },
	{ "disclosure", cmd_entity, NULL, NULL },
	{ "enforcement", cmd_entity, NULL, NULL },
	{ "evaluate", cmd_evaluate, "gvi evaluate series|its|did|synth|report|export --area A[,B] --outcome O [--from YYYY-MM] [--to YYYY-MM] [--intervention YYYY-MM[,..]] [--compare C,D|external] [--svg FILE] [...]",
	  "did violence fall because of GVI? outcome series, interrupted time series, difference-in-differences, synthetic control, steering-group report, research export (see gvi evaluate --help)" },
	{ "export", cmd_export, "gvi export ENTITY|all|graph [--format csv|json|graphml|gexf] [--output FILE|DIR]",
	  "export records as CSV or JSON, or the network as GraphML/GEXF" },
	{ "extract", cmd_extract, "gvi extract PERSON [--json|--html]",
	  "everything held about a person, with their access register: the registerutdrag (coordinator)" },
	{ "external-series", cmd_entity, NULL, NULL },
	{ "group", cmd_entity, NULL, NULL },
	{ "group-involvement", cmd_entity, NULL, NULL },
	{ "help", cmd_help, "gvi help [COMMAND]", "show help" },
	{ "import", cmd_import, "gvi import ENTITY FILE | gvi import all DIR [--dry-run]",
	  "import records from CSV, all or nothing" },
	{ "incident", cmd_entity, NULL, NULL },
	{ "incident-type", cmd_entity, NULL, NULL },
	{ "init", cmd_init, "gvi init [PATH] [--admin NAME] [--agency NAME] [--programme NAME]",
	  "create a new repository with its first admin user" },
	{ "invitation", cmd_entity, NULL, NULL },
	{ "invite", cmd_invite, "gvi invite add CALLIN [CODE...] [--from FILE|-] [--top N] [--channel C] | letter INVITATION | attend INVITATION | agenda CALLIN",
	  "call-in workflow: invitees from the priority lists, letters, agenda, attendance" },
	{ "involvement", cmd_entity, NULL, NULL },
	{ "legal-basis", cmd_entity, NULL, NULL },
	{ "kpi", cmd_kpi, "gvi kpi [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]",
	  "the programme's performance measures (NNSC) for a period" },
	{ "lever", cmd_entity, NULL, NULL },
	{ "membership", cmd_entity, NULL, NULL },
	{ "notification", cmd_entity, NULL, NULL },
	{ "notify", cmd_notify, "gvi notify sheet ID | deliver ID [--held D] --messages all|die,kill,consequences,help [--deliverers U;U] [--response T] [--support T] | letter ID",
	  "custom-notification workflow: preparation sheet, delivery checklist, letter" },
	{ "passwd", cmd_passwd, "gvi passwd NAME  (the new password on standard input, one line)",
	  "set a user's password for the web application (admin, or a user for themself)" },
	{ "person", cmd_entity, NULL, NULL },
	{ "purpose", cmd_entity, NULL, NULL },
	{ "referral", cmd_entity, NULL, NULL },
	{ "relation", cmd_entity, NULL, NULL },
	{ "restore", cmd_restore, "gvi restore FILE TARGET [--force] [--passphrase-file FILE]",
	  "restore a backup into a new repository (or over one with --force), checked first (admin)" },
	{ "retention", cmd_retention, "gvi retention run [--dry-run]",
	  "remove what is past its review date or retention time, audited without content (admin, coordinator)" },
	{ "review", cmd_review, "gvi review due [--mine]",
	  "persons, memberships and ties whose review date has come" },
	{ "response-case", cmd_entity, NULL, NULL },
	{ "roles", cmd_roles, "gvi roles", "print the access matrix: what each role may read and write" },
	{ "serve", cmd_serve, "gvi serve [--listen ADDR:PORT] [--threads N] [--tls-cert FILE --tls-key FILE]",
	  "run the web application and JSON API (default 127.0.0.1:8080)" },
	{ "service", cmd_entity, NULL, NULL },
	{ "setting", cmd_entity, NULL, NULL },
	{ "status", cmd_status, "gvi status", "one screen about the programme" },
	{ "supervision", cmd_entity, NULL, NULL },
	{ "task", cmd_entity, NULL, NULL },
	{ "tasks", cmd_tasks, "gvi tasks [list] [--mine] [--due] [--all] | done ID [--date D] | ics [USER] | key [USER] | remind [--dry-run]",
	  "follow-up tasks: my tasks, due ones, done; the calendar feed (.ics); e-mail reminders" },
	{ "tie", cmd_entity, NULL, NULL },
	{ "token", cmd_token, "gvi token add NAME [--expires YYYY-MM-DD] [--note TEXT] | gvi token list | gvi token revoke ID",
	  "bearer tokens for programs using the JSON API as a user (admin)" },
	{ "user", cmd_user, "gvi user add|edit|list|show|delete ... (gvi user add --help for the fields) | gvi user passwd NAME | gvi user disable|enable NAME",
	  "users, their agency and role; their web password; disabling them" },
	{ "version", cmd_version, "gvi version", "print the version" },
};
const size_t cli_ncommands = sizeof cli_commands / sizeof cli_commands[0];

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < cli_ncommands; i++)
		if (!strcmp(cli_commands[i].name, name))
			return &cli_commands[i];
	return NULL;
}

static void print_help(FILE *out)
{
	fprintf(out, "usage: gvi [--repo PATH] [--user NAME] [--purpose NAME] [--json|--csv] <command> [<args>]\n\n"
		"gvi runs a Group Violence Intervention programme (gruppvåldsintervention).\n"
		"The repository is --repo PATH, else $GVI_REPO, else ./gvi.db; the acting user is\n"
		"--user NAME, else $GVI_USER; the purpose of access (needed to read or write personal\n"
		"records) is --purpose NAME, else $GVI_PURPOSE.\n\nCommands:\n");
	for (size_t i = 0; i < cli_ncommands; i++) {
		const struct command *cmd = &cli_commands[i];
		const struct entity *en = cmd->run == cmd_entity ? model_entity(cmd->name) : NULL;
		fprintf(out, "  %-18s %s\n", cmd->name, en ? en->help : cmd->help);
	}
	fprintf(out, "\nEntity commands take add, edit, list, show and delete (or end); see\n"
		"`gvi <command> --help` and man gvi.\n");
}

int cmd_help(struct cli *c, int argc, char **argv)
{
	(void)c;
	if (argc < 2) {
		print_help(stdout);
		return 0;
	}
	const struct command *cmd = find_command(argv[1]);
	if (!cmd)
		return cli_usage("gvi help: no command \"%s\"", argv[1]);
	if (cmd->run == cmd_entity) {
		char *args[] = { (char *)cmd->name, "--help", NULL };
		return cmd_entity(c, 2, args);
	}
	printf("usage: %s\n\n%s\n", cmd->usage, cmd->help);
	return 0;
}

int cmd_version(struct cli *c, int argc, char **argv)
{
	(void)c, (void)argc, (void)argv;
	printf("gvi %s\n", GVI_VERSION);
	return 0;
}

int main(int argc, char **argv)
{
	/* GSL reports through return codes; its default handler would abort the process. */
	gsl_set_error_handler_off();
	struct cli c = { getenv("GVI_REPO"), getenv("GVI_USER"), TABLE_TEXT, getenv("GVI_PURPOSE") };
	if (!c.repo || !*c.repo)
		c.repo = "gvi.db";
	/* Take the global options out, wherever they stand. */
	char **args = calloc((size_t)argc + 1, sizeof *args);
	int n = 0;
	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((v = cli_opt(argc, argv, &i, "repo")))
			c.repo = v;
		else if ((v = cli_opt(argc, argv, &i, "user")))
			c.user = v;
		else if ((v = cli_opt(argc, argv, &i, "purpose")))
			c.purpose = v;
		else if (!strcmp(argv[i], "--json"))
			c.fmt = TABLE_JSON;
		else if (!strcmp(argv[i], "--csv"))
			c.fmt = TABLE_CSV;
		else
			args[n++] = argv[i];
	}
	int rc;
	if (n == 0 || !strcmp(args[0], "--help") || !strcmp(args[0], "-h")) {
		print_help(n ? stdout : stderr);
		rc = n ? 0 : 2;
	} else if (!strcmp(args[0], "--version")) {
		rc = cmd_version(&c, n, args);
	} else {
		const struct command *cmd = find_command(args[0]);
		if (!cmd) {
			rc = cli_usage("gvi: no command \"%s\"; see gvi help", args[0]);
		} else if (n > 1 && cmd->run != cmd_entity &&
			   (!strcmp(args[1], "--help") || !strcmp(args[1], "-h"))) {
			printf("usage: %s\n\n%s\n", cmd->usage, cmd->help);
			rc = 0;
		} else {
			rc = cmd->run(&c, n, args);
		}
	}
	free(args);
	return rc;
}
