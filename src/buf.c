/* buf.c — the growable string buffer (see buf.h).  Doubling growth, sticky failure. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char buf_empty[1];

void buf_init(struct buf *b)
{
	struct buf z = BUF_INIT;
	*b = z;
}

void buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->s);
	size_t cap = b->cap;
	buf_init(b);
	b->cap = cap;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->alloc)
		b->s[0] = '\0';
	b->failed = 0;
}

static int buf_grow(struct buf *b, size_t extra)
{
	if (b->failed)
		return -1;
	if (b->cap && b->len + extra > b->cap) {
		b->failed = 1;
		return -1;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->alloc)
		return 0;
	size_t n = b->alloc ? b->alloc : 64;
	while (n < need)
		n *= 2;
	char *p = b->alloc ? realloc(b->s, n) : malloc(n);
	if (!p) {
		b->failed = 1;
		return -1;
	}
	if (!b->alloc)
		p[0] = '\0';
	b->s = p;
	b->alloc = n;
	return 0;
}

void buf_add(struct buf *b, const void *data, size_t n)
{
	if (buf_grow(b, n))
		return;
	memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	/* Formatted once into the room there is; only when it does not fit, again after
	 * growing (formatting twice every time showed in the web server's profile). */
	if (b->failed)
		return;
	va_list cp;
	va_copy(cp, ap);
	size_t room = b->alloc ? b->alloc - b->len : 0;
	int n = room ? vsnprintf(b->s + b->len, room, fmt, cp) : vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n < room && (!b->cap || b->len + (size_t)n <= b->cap)) {
		b->len += (size_t)n;
		return;
	}
	if (room)
		b->s[b->len] = '\0';   /* undo the partial text */
	if (buf_grow(b, (size_t)n))
		return;
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

char *buf_detach(struct buf *b)
{
	char *s = b->alloc ? b->s : strdup("");
	if (!s)
		abort();
	size_t cap = b->cap;
	buf_init(b);
	b->cap = cap;
	return s;
}
