/* html.h — writing HTML that escapes by default.
 *
 * html_printf is printf whose every %s is escaped for text and quoted attributes (& < > " ');
 * numbers are written as printf writes them.  The format string itself is markup the program
 * wrote, never data.  The one way to add unescaped markup from a variable is html_raw_trusted,
 * named so that a reader sees it; it takes only the program's own constant markup. */
#ifndef GVI_WEB_HTML_H
#define GVI_WEB_HTML_H
#include "buf.h"

/* Appends s escaped (NULL appends nothing).  C0 control characters other than tab and line
 * ends are dropped. */
void html_text(struct buf *b, const char *s);
/* printf with escaping: supports %s (escaped; NULL as ""), %d %u %ld %lu %lld %llu %zu, %%.
 * Anything else is a bug (assert). */
void html_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s percent-encoded as one URL path segment or query value, then escaped. */
void html_url_part(struct buf *b, const char *s);
/* Appends HTML that was itself written with these functions into another buffer. */
void html_append(struct buf *b, const struct buf *html);
/* Appends markup as it is: only for the program's own constant markup, never for data. */
void html_raw_trusted(struct buf *b, const char *markup);

#endif
