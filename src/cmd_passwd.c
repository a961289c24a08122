/* cmd_passwd.c — `gvi user passwd NAME` (alias `gvi passwd NAME`): set a user's password for
 * the web application.
 *
 * The new password is read from standard input, one line (so it never stands on a command
 * line or in the shell's history); at a terminal it is asked twice without echo.  An admin
 * may set anyone's password, every user their own.  The hash (Argon2id) and the audit entry
 * are the access layer's business (access_auth.c). */
#include "access_auth.h"
#include "cli.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Reads one line into out (without its line end); returns 0, or -1 on end of input or a
 * line longer than n - 1. */
static int read_line(FILE *in, char *out, size_t n)
{
	if (!fgets(out, (int)n, in))
		return -1;
	size_t len = strlen(out);
	if (len == n - 1 && out[len - 1] != '\n' && !feof(in))
		return -1;
	while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	return 0;
}

static int ask(const char *prompt, char *out, size_t n)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fputs(prompt, stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	int rc = read_line(stdin, out, n);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	return rc;
}

int cmd_passwd(struct cli *c, int argc, char **argv)
{
	if (argc != 2 || !strncmp(argv[1], "--", 2))
		return cli_usage("gvi user passwd NAME  (the new password on standard input, one line)");
	const char *target = argv[1];
	char pw[ACCESS_AUTH_PASSWORD_MAX + 2], again[ACCESS_AUTH_PASSWORD_MAX + 2];
	struct err e = { 0 };
	int rc = 0;
	if (ask("New password: ", pw, sizeof pw)) {
		rc = err_set(&e, "no password on standard input (give it as one line, at most %d bytes)",
			     ACCESS_AUTH_PASSWORD_MAX);
	} else if (isatty(STDIN_FILENO)) {
		if (ask("Again: ", again, sizeof again) || strcmp(pw, again))
			rc = err_set(&e, "the two passwords differ; nothing was changed");
	}
	struct access_auth *au = NULL;
	if (!rc)
		rc = access_auth_open(&au, c->repo, &e) || access_auth_passwd(au, c->user, target, pw, &e);
	access_auth_close(au);
	sodium_memzero(pw, sizeof pw);
	sodium_memzero(again, sizeof again);
	if (rc)
		return cli_fail(&e);
	printf("password set for %s\n", target);
	return 0;
}
