/* html.c — the escaping HTML writer (see html.h).
 *
 * html_printf walks its format itself rather than handing it to vsnprintf, so that a %s can
 * never reach the output unescaped; gcc still checks the arguments against the format. */
#include "html.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void html_text(struct buf *b, const char *s)
{
	if (!s)
		return;
	const char *run = s;
	for (const char *p = s;; p++) {
		unsigned char c = (unsigned char)*p;
		const char *rep = NULL;
		int drop = 0;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			drop = c && ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f);
		}
		if (!c || rep || drop) {
			buf_add(b, run, (size_t)(p - run));
			if (rep)
				buf_adds(b, rep);
			run = p + 1;
		}
		if (!c)
			break;
	}
}

void html_append(struct buf *b, const struct buf *html)
{
	buf_add(b, html->s, html->len);
}

void html_raw_trusted(struct buf *b, const char *markup)
{
	buf_adds(b, markup);
}

void html_url_part(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_addc(b, (char)*p);
		} else {
			char enc[4] = { '%', hex[*p >> 4], hex[*p & 15], 0 };
			buf_adds(b, enc);
		}
	}
}

void html_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *run = fmt;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		buf_add(b, run, (size_t)(p - run));
		p++;
		int lng = 0, size = 0;
		while (*p == 'l') {
			lng++;
			p++;
		}
		if (*p == 'z') {
			size = 1;
			p++;
		}
		char num[32];
		switch (*p) {
		case '%':
			buf_addc(b, '%');
			break;
		case 's':
			assert(!lng && !size);
			html_text(b, va_arg(ap, const char *));
			break;
		case 'd':
		case 'i':
			if (lng >= 2)
				snprintf(num, sizeof num, "%lld", va_arg(ap, long long));
			else if (lng == 1)
				snprintf(num, sizeof num, "%ld", va_arg(ap, long));
			else
				snprintf(num, sizeof num, "%d", va_arg(ap, int));
			buf_adds(b, num);
			break;
		case 'u':
			if (size)
				snprintf(num, sizeof num, "%zu", va_arg(ap, size_t));
			else if (lng >= 2)
				snprintf(num, sizeof num, "%llu", va_arg(ap, unsigned long long));
			else if (lng == 1)
				snprintf(num, sizeof num, "%lu", va_arg(ap, unsigned long));
			else
				snprintf(num, sizeof num, "%u", va_arg(ap, unsigned));
			buf_adds(b, num);
			break;
		default:
			assert(!"html_printf: unsupported conversion");
			p--;
		}
		run = p + 1;
	}
	buf_adds(b, run);
	va_end(ap);
}
