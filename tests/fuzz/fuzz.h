/* fuzz.h — what the fuzz harnesses in tests/fuzz/ share.
 *
 * Each fuzz_TARGET.c defines LLVMFuzzerTestOneInput and is linked two ways: with libFuzzer
 * (clang -fsanitize=fuzzer, `make fuzz`) to search for crashes, and with replay.c (any C
 * compiler, ASan+UBSan, `make check`) to run every file of tests/fuzz/corpus/TARGET/ — the
 * seeds and every crash ever found — as a regression test.  A harness checks the parser's
 * own promises with fuzz_check, so a wrong answer fails like a crash does. */
#ifndef GVI_FUZZ_H
#define GVI_FUZZ_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fixed "today" of every harness (GVI_TODAY), so a run does not depend on the date. */
#define FUZZ_TODAY "2026-11-25"

/* A NUL-terminated copy of the input (malloc'd; the caller frees). */
char *fuzz_text(const uint8_t *data, size_t size);
/* A scratch directory made on first use and removed at exit. */
const char *fuzz_dir(void);
/* The path of the demo programme's repository (`gvi demo`), made in fuzz_dir on first use. */
const char *fuzz_repo(void);
/* Fails the run (abort, so libFuzzer keeps the input) when cond is false. */
#define fuzz_check(cond) fuzz_check_at((cond), #cond, __FILE__, __LINE__)
void fuzz_check_at(int ok, const char *what, const char *file, int line);

#endif
