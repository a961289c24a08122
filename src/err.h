/* err.h — user-facing error messages.
 *
 * Functions that can fail on bad input or a refused operation take a `struct err *` and fill
 * it with one message for a person: what was wrong, where (file:line:column, field) and what
 * was expected.  Bugs are asserts, not errors. */
#ifndef GVI_ERR_H
#define GVI_ERR_H

struct err {
	char msg[2048];
	int code;   /* exit code the CLI should use: 1 bad input/refused, 2 usage */
};

/* Sets the message (first error wins: a later err_set on a set err is ignored). Returns -1. */
int err_set(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prefixes an already set message, e.g. with "people.csv:4:2: ". Returns -1. */
int err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void err_clear(struct err *e);
int err_isset(const struct err *e);

#endif
