/* buf.h — one growable string buffer for all of gvi.
 *
 * A struct buf is never NULL-terminated-less: after BUF_INIT, buf.s points at "" and every
 * append keeps a terminating NUL.  Appends never fail loudly: on out-of-memory or when the
 * optional cap is exceeded the sticky `failed` flag is set and further appends are ignored,
 * so a caller builds a whole string and checks once. */
#ifndef GVI_BUF_H
#define GVI_BUF_H
#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *s;       /* always a valid NUL-terminated string */
	size_t len;
	size_t alloc;  /* 0 while s points at the shared empty string */
	size_t cap;    /* 0 = unlimited; else appends beyond cap bytes fail */
	int failed;
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0, 0, 0 }

void buf_init(struct buf *b);
void buf_release(struct buf *b);        /* frees, back to BUF_INIT state */
void buf_reset(struct buf *b);          /* length 0, keeps memory */
void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Hands the string to the caller (free() it) and resets the buffer. Never NULL. */
char *buf_detach(struct buf *b);

#endif
