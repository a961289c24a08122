/* table.c — printing results as aligned text, CSV or JSON (see table.h).
 *
 * A table keeps its cells as copied strings, row after row, and is formatted only when
 * printed, because text alignment needs every width first.  The choice that matters: cells
 * stay text until the last moment, and each format decides alone what a kind means — text
 * right-aligns numbers and says "yes"/"no", CSV writes the cell as is, JSON turns it into a
 * typed value through Jansson (never by pasting strings together).  Text output is for a
 * terminal, so control characters in cells are made harmless there (an imported name must
 * not be able to send escape sequences). */
#include "table.h"

#include <assert.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

struct table {
	size_t ncols, nrows, arows;
	char **head;
	enum table_kind *kind;
	char **cell;    /* row-major, nrows × ncols; NULL = no value */
};

/* Out of memory while collecting output leaves nothing sensible to do in a CLI. */
static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("gvi: out of memory\n", stderr);
		abort();
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xrealloc(NULL, n), s, n);
}

struct table *table_new(size_t ncols, const char *const *headers)
{
	struct table *t = xrealloc(NULL, sizeof *t);
	t->ncols = ncols;
	t->nrows = t->arows = 0;
	t->cell = NULL;
	t->head = xrealloc(NULL, ncols * sizeof *t->head);
	t->kind = xrealloc(NULL, ncols * sizeof *t->kind);
	for (size_t c = 0; c < ncols; c++) {
		t->head[c] = xstrdup(headers[c]);
		t->kind[c] = COL_TEXT;
	}
	return t;
}

void table_set_kind(struct table *t, size_t col, enum table_kind kind)
{
	assert(col < t->ncols);
	t->kind[col] = kind;
}

void table_add_row(struct table *t, const char *const *cells)
{
	if (t->nrows == t->arows) {
		t->arows = t->arows ? 2 * t->arows : 16;
		t->cell = xrealloc(t->cell, t->arows * t->ncols * sizeof *t->cell);
	}
	char **row = t->cell + t->nrows * t->ncols;
	for (size_t c = 0; c < t->ncols; c++)
		row[c] = cells[c] ? xstrdup(cells[c]) : NULL;
	t->nrows++;
}

size_t table_rows(const struct table *t)
{
	return t->nrows;
}

void table_free(struct table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cell[i]);
	for (size_t c = 0; c < t->ncols; c++)
		free(t->head[c]);
	free(t->cell);
	free(t->head);
	free(t->kind);
	free(t);
}

/* Writes the buffer; returns 0 or -1. */
static int put(FILE *out, const struct buf *b)
{
	if (b->failed)
		return -1;
	return fwrite(b->s, 1, b->len, out) == b->len ? 0 : -1;
}

static int finish(FILE *out, int rc)
{
	if (fflush(out) != 0 || ferror(out))
		rc = -1;
	return rc;
}

/* ---- text ----------------------------------------------------------------------------- */

/* Width in code points: every byte that does not continue a UTF-8 sequence. */
static size_t width(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static const char *shown(const struct table *t, size_t col, const char *s)
{
	if (!s)
		return "";
	if (t->kind[col] == COL_BOOL) {
		if (strcmp(s, "0") == 0)
			return "no";
		if (strcmp(s, "1") == 0)
			return "yes";
	}
	return s;
}

static void add_spaces(struct buf *b, size_t n)
{
	while (n--)
		buf_addc(b, ' ');
}

/* Appends s for a terminal.  Each control character stays one column: tab and line ends
 * become a space, other C0 and C1 controls and DEL a '?'.  With indent >= 0 a line end
 * instead starts a new line indented that far (for multi-line values in a record). */
static void add_clean(struct buf *b, const char *s, int indent)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t run = 0;
		while (p[run] >= 0x20 && p[run] != 0x7F && !(p[run] == 0xC2 && p[run + 1] >= 0x80 &&
							      p[run + 1] <= 0x9F))
			run++;
		buf_add(b, p, run);
		p += run;
		if (!*p)
			break;
		if (indent >= 0 && (*p == '\n' || (*p == '\r' && p[1] == '\n'))) {
			p += *p == '\r' ? 2 : 1;
			buf_addc(b, '\n');
			add_spaces(b, (size_t)indent);
		} else if (*p == '\t' || *p == '\n' || *p == '\r') {
			buf_addc(b, ' ');
			p++;
		} else {
			buf_addc(b, '?');
			p += *p == 0xC2 ? 2 : 1;
		}
	}
}

static void rtrim_newline(struct buf *b)
{
	while (b->len && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
	buf_addc(b, '\n');
}

static int right_aligned(enum table_kind k)
{
	return k == COL_INT || k == COL_REAL;
}

/* One aligned line; `cells` NULL = the header line. */
static void text_line(const struct table *t, struct buf *b, const size_t *w,
		      char *const *cells)
{
	for (size_t c = 0; c < t->ncols; c++) {
		const char *s = cells ? shown(t, c, cells[c]) : t->head[c];
		size_t pad = w[c] - width(s);
		if (c)
			buf_adds(b, "  ");
		if (right_aligned(t->kind[c]))
			add_spaces(b, pad);
		add_clean(b, s, -1);
		if (!right_aligned(t->kind[c]))
			add_spaces(b, pad);
	}
	rtrim_newline(b);
}

static int print_text(const struct table *t, FILE *out)
{
	if (!t->nrows)
		return fputs("(no rows)\n", out) == EOF ? -1 : 0;
	size_t *w = xrealloc(NULL, t->ncols * sizeof *w);
	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = width(t->head[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			size_t n = width(shown(t, c, t->cell[r * t->ncols + c]));
			if (n > w[c])
				w[c] = n;
		}
	}
	struct buf b = BUF_INIT;
	int rc = 0;
	text_line(t, &b, w, NULL);
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			buf_adds(&b, "  ");
		for (size_t i = 0; i < w[c]; i++)
			buf_addc(&b, '-');
	}
	rtrim_newline(&b);
	for (size_t r = 0; r < t->nrows && !rc; r++) {
		text_line(t, &b, w, t->cell + r * t->ncols);
		if (b.len >= 1 << 16) {  /* write in slices, not the whole table at once */
			rc = put(out, &b);
			buf_reset(&b);
		}
	}
	if (!rc)
		rc = put(out, &b);
	buf_release(&b);
	free(w);
	return rc;
}

static int record_text(const struct table *t, FILE *out)
{
	if (!t->nrows)
		return fputs("(no rows)\n", out) == EOF ? -1 : 0;
	size_t hw = 0;
	for (size_t c = 0; c < t->ncols; c++)
		if (width(t->head[c]) > hw)
			hw = width(t->head[c]);
	struct buf b = BUF_INIT;
	for (size_t c = 0; c < t->ncols; c++) {
		add_clean(&b, t->head[c], -1);
		add_spaces(&b, hw - width(t->head[c]) + 2);
		add_clean(&b, shown(t, c, t->cell[c]), (int)hw + 2);
		rtrim_newline(&b);
	}
	int rc = put(out, &b);
	buf_release(&b);
	return rc;
}

/* ---- CSV ------------------------------------------------------------------------------ */

void csv_write_field(FILE *out, const char *s, char sep)
{
	if (!s)
		return;
	size_t n = strlen(s);
	char special[] = { sep, '"', '\r', '\n', '\0' };
	/* Besides what the header promises, a field with a space or a tab at either end is
	 * quoted: CSV readers (libcsv, so ours too) trim blanks around unquoted fields. */
	int quote = n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t');
	if (!quote && s[strcspn(s, special)] == '\0') {
		fwrite(s, 1, n, out);
		return;
	}
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

static void csv_row(FILE *out, size_t ncols, char *const *cells)
{
	for (size_t c = 0; c < ncols; c++) {
		if (c)
			putc(',', out);
		csv_write_field(out, cells[c], ',');
	}
	fputs("\r\n", out);
}

static int print_csv(const struct table *t, FILE *out, size_t nrows)
{
	csv_row(out, t->ncols, t->head);
	for (size_t r = 0; r < nrows && !ferror(out); r++)
		csv_row(out, t->ncols, t->cell + r * t->ncols);
	return ferror(out) ? -1 : 0;
}

/* ---- JSON ----------------------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	size_t n;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		lo = c == 0xE0 ? 0xA0 : 0x80;   /* no overlong forms */
		hi = c == 0xED ? 0x9F : 0xBF;   /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF;   /* nothing past U+10FFFF */
	} else
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k < n; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	return n;
}

/* A JSON string; bytes that are not UTF-8 become U+FFFD rather than breaking the output. */
static json_t *json_text(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	struct buf b = BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = utf8_seq(p);
		if (n) {
			buf_add(&b, p, n);
			p += n;
		} else {
			buf_adds(&b, "\xEF\xBF\xBD");
			p++;
		}
	}
	j = json_string(b.s);
	buf_release(&b);
	return j;
}

static int numeric_start(const char *s)
{
	return *s == '-' || *s == '.' || (*s >= '0' && *s <= '9');
}

/* The cell as a typed JSON value; text that does not fit its kind stays a string
 * (except that "2.5" in an integer column is still a number). */
static json_t *json_cell(enum table_kind kind, const char *s)
{
	char *end;
	if (!s)
		return json_null();
	if (kind == COL_INT) {
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (end != s && !*end && !errno && numeric_start(s))
			return json_integer(v);
	}
	if (kind == COL_INT || kind == COL_REAL) {
		double d = strtod(s, &end);
		if (end != s && !*end && isfinite(d) && numeric_start(s))
			return json_real(d);
	} else if (kind == COL_BOOL) {
		if (strcmp(s, "0") == 0)
			return json_false();
		if (strcmp(s, "1") == 0)
			return json_true();
	} else if (kind == COL_JSON) {
		json_t *j = json_loads(s, JSON_DECODE_ANY, NULL);
		if (j)
			return j;
	}
	return json_text(s);
}

static json_t *json_row(const struct table *t, char *const *cells)
{
	json_t *o = json_object();
	for (size_t c = 0; c < t->ncols; c++)
		json_object_set_new(o, t->head[c], json_cell(t->kind[c], cells[c]));
	return o;
}

/* Reals with 15 significant digits, as SQLite writes them: 0.1 stays 0.1. */
static int dump_json(json_t *j, FILE *out)
{
	int rc = -1;
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15) |
			     JSON_ENCODE_ANY);
	json_decref(j);
	if (!s)
		return -1;
	size_t n = strlen(s);
	if (fwrite(s, 1, n, out) == n)
		rc = 0;
	if (!n || s[n - 1] != '\n')
		putc('\n', out);  /* a failure shows in ferror */
	free(s);
	return rc;
}

static int print_json(const struct table *t, FILE *out)
{
	json_t *a = json_array();
	for (size_t r = 0; r < t->nrows; r++)
		json_array_append_new(a, json_row(t, t->cell + r * t->ncols));
	return dump_json(a, out);
}

/* ---- the two entry points ------------------------------------------------------------- */

int table_print(const struct table *t, FILE *out, enum table_format fmt)
{
	int rc = -1;
	switch (fmt) {
	case TABLE_TEXT:
		rc = print_text(t, out);
		break;
	case TABLE_CSV:
		rc = print_csv(t, out, t->nrows);
		break;
	case TABLE_JSON:
		rc = print_json(t, out);
		break;
	}
	return finish(out, rc);
}

/* Prints the first row (a record is one row; with none, TEXT says "(no rows)", CSV has only
 * the header and JSON is null). */
int table_print_record(const struct table *t, FILE *out, enum table_format fmt)
{
	int rc = -1;
	switch (fmt) {
	case TABLE_TEXT:
		rc = record_text(t, out);
		break;
	case TABLE_CSV:
		rc = print_csv(t, out, t->nrows ? 1 : 0);
		break;
	case TABLE_JSON:
		rc = dump_json(t->nrows ? json_row(t, t->cell) : json_null(), out);
		break;
	}
	return finish(out, rc);
}
