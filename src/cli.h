/* cli.h — what every command handler gets: the global options and how to open the repository.
 *
 * Global options may stand anywhere on the command line: --repo PATH (else $GVI_REPO, else
 * ./gvi.db), --user NAME (else $GVI_USER), --purpose NAME (else $GVI_PURPOSE), --json, --csv.  Handlers return the exit code:
 * 0 ok, 1 bad input or refused (message on stderr), 2 usage. */
#ifndef GVI_CLI_H
#define GVI_CLI_H
#include "access.h"
#include "table.h"

struct cli {
	const char *repo;
	const char *user;
	enum table_format fmt;
	const char *purpose;   /* --purpose NAME, else $GVI_PURPOSE: the purpose of access */
};

struct command {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);   /* argv[0] is the command name */
	const char *usage;     /* "gvi person add|edit|list|show|delete …" */
	const char *help;      /* one line */
};

extern const struct command cli_commands[];
extern const size_t cli_ncommands;

/* Opens the repository as the acting user, with the purpose of access if one is given;
 * prints the error and returns non-zero on failure. */
int cli_open(struct cli *c, struct access **a, int writable);
/* Prints "gvi: <message>" to stderr and returns the error's exit code (1 or 2). */
int cli_fail(const struct err *e);
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Option scanning: "--name value" or "--name=value". Returns the value and advances *i, or
 * NULL if argv[*i] is not that option. */
const char *cli_opt(int argc, char **argv, int *i, const char *name);

/* A progress indicator on stderr for long jobs, silent when stderr is not a terminal. */
void cli_progress(const char *what, long done, long total);
void cli_progress_end(void);

/* Handlers, one file each. */
int cmd_entity(struct cli *c, int argc, char **argv);
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_status(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_demo(struct cli *c, int argc, char **argv);
int cmd_audit(struct cli *c, int argc, char **argv);
int cmd_roles(struct cli *c, int argc, char **argv);
int cmd_analyze(struct cli *c, int argc, char **argv);
int cmd_evaluate(struct cli *c, int argc, char **argv);
int cmd_passwd(struct cli *c, int argc, char **argv);
int cmd_serve(struct cli *c, int argc, char **argv);
int cmd_token(struct cli *c, int argc, char **argv);
int cmd_backup(struct cli *c, int argc, char **argv);
int cmd_restore(struct cli *c, int argc, char **argv);
int cmd_extract(struct cli *c, int argc, char **argv);
int cmd_user(struct cli *c, int argc, char **argv);
int cmd_review(struct cli *c, int argc, char **argv);
int cmd_retention(struct cli *c, int argc, char **argv);
int cmd_case(struct cli *c, int argc, char **argv);
int cmd_tasks(struct cli *c, int argc, char **argv);
int cmd_kpi(struct cli *c, int argc, char **argv);
int cmd_notify(struct cli *c, int argc, char **argv);
int cmd_invite(struct cli *c, int argc, char **argv);
int cmd_help(struct cli *c, int argc, char **argv);
int cmd_version(struct cli *c, int argc, char **argv);

#endif
