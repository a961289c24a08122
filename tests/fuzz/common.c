/* common.c — the scratch directory, the demo repository and the checks the fuzz
 * harnesses share (see fuzz.h).  The repository is built by the real `gvi demo` command, so
 * the harnesses parse against the same reference data (areas, groups, persons) as a user. */
#include "fuzz.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];
static char repo[300];

char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* The sanitizers' report channel: under libFuzzer's -close_fd_mask=2 stderr is closed and
 * only this still reaches the log.  Weak, so the harness links without a sanitizer too. */
void __sanitizer_report_error_summary(const char *summary) __attribute__((weak));

void fuzz_check_at(int ok, const char *what, const char *file, int line)
{
	if (ok)
		return;
	char msg[512];
	snprintf(msg, sizeof msg, "%s:%d: check failed: %s", file, line, what);
	fprintf(stderr, "%s\n", msg);
	if (__sanitizer_report_error_summary)
		__sanitizer_report_error_summary(msg);
	abort();
}

static void remove_dir(void)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (dir[0] && system(cmd) != 0)
		fprintf(stderr, "fuzz: could not remove %s\n", dir);
}

const char *fuzz_dir(void)
{
	if (dir[0])
		return dir;
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof dir, "%s/gvi-fuzz.XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(remove_dir);
	return dir;
}

const char *fuzz_repo(void)
{
	if (repo[0])
		return repo;
	setenv("GVI_TODAY", FUZZ_TODAY, 1);
	setenv("GVI_NOW", FUZZ_TODAY " 10:00:00", 1);
	snprintf(repo, sizeof repo, "%s/demo.db", fuzz_dir());
	struct cli c = { .repo = repo, .user = "admin" };
	char *argv[] = { "demo", repo, "--seed", "7", NULL };
	/* The demo prints a tour on stdout: not wanted between the fuzzer's lines. */
	fflush(stdout);
	FILE *out = stdout;
	stdout = fopen("/dev/null", "w");
	int rc = cmd_demo(&c, 4, argv);
	fclose(stdout);
	stdout = out;
	if (rc) {
		fprintf(stderr, "fuzz: gvi demo %s failed\n", repo);
		abort();
	}
	return repo;
}
