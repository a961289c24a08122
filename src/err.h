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

/* A printable copy of untrusted text to quote in a message: control characters become '?',
 * text longer than ERR_SHOW_MAX bytes is cut and marked with "...". Returns out. */
#define ERR_SHOW_MAX 64
#define ERR_SHOW_LEN (ERR_SHOW_MAX + 4)
const char *err_show(const char *s, char out[ERR_SHOW_LEN]);
int err_isset(const struct err *e);

#endif
