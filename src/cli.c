/* cli.c — helpers every command handler shares: opening the repository as the acting user,
 * error and usage messages, option scanning and the progress indicator (see cli.h). */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cli_fail(const struct err *e)
{
	fprintf(stderr, "gvi: %s\n", e->msg[0] ? e->msg : "failed");
	return e->code ? e->code : 1;
}

int cli_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("usage: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 2;
}

const char *cli_opt(int argc, char **argv, int *i, const char *name)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);
	if (strncmp(arg, "--", 2) || strncmp(arg + 2, name, n))
		return NULL;
	if (arg[2 + n] == '=')
		return arg + 3 + n;
	if (arg[2 + n] || *i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

int cli_open(struct cli *c, struct access **a, int writable)
{
	struct err e = { 0 };
	if (access_open(a, c->repo, c->user, writable, &e))
		return cli_fail(&e);
	if (access_set_purpose(*a, c->purpose, &e)) {
		access_close(*a);
		*a = NULL;
		err_prefix(&e, "--purpose: ");
		return cli_fail(&e);
	}
	return 0;
}

static int progress_shown;

void cli_progress(const char *what, long done, long total)
{
	if (!isatty(STDERR_FILENO))
		return;
	/* \033[K clears what a longer earlier message left on the line. */
	if (total > 0)
		fprintf(stderr, "\r%s: %ld of %ld (%ld%%)\033[K", what, done, total, done * 100 / total);
	else
		fprintf(stderr, "\r%s: %ld\033[K", what, done);
	progress_shown = 1;
}

void cli_progress_end(void)
{
	if (progress_shown && isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
	progress_shown = 0;
}

