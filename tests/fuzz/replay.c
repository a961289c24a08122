/* replay.c — the fuzz harnesses without libFuzzer: every file of a corpus directory as one
 * cmocka test (`make check`), so the seeds and every crash once found stay regression tests
 * on any compiler.  FUZZ_CORPUS is the directory, compiled in by the Makefile; files named
 * on the command line are run instead (to reproduce one input by hand). */
#include "fuzz.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static void run_file(void **state)
{
	const char *path = *state;
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t cap = 1 << 16, n = 0;
	uint8_t *data = malloc(cap);
	assert_non_null(data);
	size_t got;
	while ((got = fread(data + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			data = realloc(data, cap);
			assert_non_null(data);
		}
	}
	fclose(f);
	/* Exactly the input's bytes, in a buffer of that size, so ASan sees an overread. */
	uint8_t *exact = malloc(n ? n : 1);
	assert_non_null(exact);
	memcpy(exact, data, n);
	free(data);
	assert_int_equal(LLVMFuzzerTestOneInput(exact, n), 0);
	free(exact);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	size_t n = 0, cap = 64;
	char **paths = malloc(cap * sizeof *paths);
	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			if (n == cap)
				paths = realloc(paths, (cap *= 2) * sizeof *paths);
			paths[n++] = strdup(argv[i]);
		}
	} else {
		DIR *d = opendir(FUZZ_CORPUS);
		if (!d) {
			fprintf(stderr, "replay: cannot open %s\n", FUZZ_CORPUS);
			return 1;
		}
		struct dirent *de;
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			if (n == cap)
				paths = realloc(paths, (cap *= 2) * sizeof *paths);
			size_t len = strlen(FUZZ_CORPUS) + strlen(de->d_name) + 2;
			paths[n] = malloc(len);
			snprintf(paths[n++], len, "%s/%s", FUZZ_CORPUS, de->d_name);
		}
		closedir(d);
		qsort(paths, n, sizeof *paths, by_name);
	}
	struct CMUnitTest *tests = calloc(n ? n : 1, sizeof *tests);
	for (size_t i = 0; i < n; i++) {
		const char *slash = strrchr(paths[i], '/');
		tests[i].name = slash ? slash + 1 : paths[i];
		tests[i].test_func = run_file;
		tests[i].initial_state = paths[i];
	}
	int rc = _cmocka_run_group_tests(FUZZ_CORPUS, tests, n, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(tests);
	return rc;
}
