/* csvread.c — reading coordinators' CSV files with libcsv (see csvread.h).
 *
 * The file is read with fread in 1 MiB blocks.  Each block is checked for UTF-8 first (a
 * sequence cut by the block end waits for the next block), then handed to libcsv one line
 * at a time: we cut the block at every '\n' (and at a lone '\r', the old Mac line end) and
 * count lines as we go.  Because libcsv only ends a row at an unquoted CR or LF, a piece
 * never holds more than one row end, so after each piece we know whether a row is ready,
 * and a row begins on the line of the first piece that shows a non-blank byte while no row
 * is open.  That is the one design choice everything else rests on: line numbers come from
 * where we cut, not from libcsv.
 *
 * Fields of the current row are copied into one pooled buffer (no malloc per field) and
 * handed out as pointers into it; the pool is reset when the next row is asked for.
 * libcsv's defaults stay: unquoted fields lose leading and trailing spaces and tabs.
 * Rows whose fields are all empty (";;;", which Excel writes for formatted empty rows) are
 * skipped like blank lines.  A bad byte is reported when its block is read, before that
 * block's rows are returned; a row (or a field in libcsv's buffer) over 16 MiB is refused,
 * so a quote that is never closed cannot swallow the whole file. */
#include "csvread.h"

#include <assert.h>
#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

enum {
	CSVR_BLOCK = 1 << 20,           /* bytes per fread */
	CSVR_CARRY = 8,                 /* room for bytes held back to the next block */
	CSVR_MAX_ROW = 16 << 20,        /* a row (or one field) larger than this is refused */
};

struct csv_reader {
	FILE *fp;
	char *path;                     /* as shown in messages: "stdin" for "-" */
	struct csv_parser parser;

	char *blk;                      /* the current block; [pos, len) still to parse, */
	size_t pos, len, end;           /* [len, end) held back for the next block */
	size_t next_nl;                 /* offset of the next '\n' in [pos, len), or len */
	int started;                    /* the first block (BOM, separator) has been seen */
	int eof;                        /* no more blocks: [pos, len) is the rest of the file */
	int finished;                   /* csv_fini has run */
	char sep;

	long line;                      /* line of the next byte at blk[pos] */
	int in_row;                     /* a row has begun and not yet ended */
	long row_line;                  /* where the open row began */
	long field_line;                /* where the open field began (for unterminated quotes) */

	struct buf pool;                /* the fields of the row being built, each NUL-ended */
	size_t *off;                    /* field starts in pool */
	size_t nfields, afields;
	char **fieldv;                  /* handed-out pointers, built when the row is ready */
	size_t afieldv;
	int ready;                      /* a complete row waits in pool/off */
	int handed;                     /* the row in pool was returned; reset before reuse */
	int oom;

	struct err err;                 /* a failure is sticky: later calls repeat it */
};

/* A realloc for libcsv's field buffer that refuses to grow past the row limit, so a quote
 * that is never closed fails with a message instead of swallowing the whole file. */
static void *csvr_realloc(void *p, size_t n)
{
	if (n > CSVR_MAX_ROW)
		return NULL;
	return realloc(p, n);
}

int csvr_open(struct csv_reader **out, const char *path, struct err *e)
{
	*out = NULL;
	int is_stdin = strcmp(path, "-") == 0;
	struct csv_reader *r = calloc(1, sizeof *r);
	if (!r)
		return err_set(e, "%s: out of memory", path);
	r->path = strdup(is_stdin ? "stdin" : path);
	r->blk = malloc(CSVR_BLOCK + CSVR_CARRY);
	if (!r->path || !r->blk) {
		err_set(e, "%s: out of memory", path);
		goto fail;
	}
	if (is_stdin) {
		r->fp = stdin;
	} else if (!(r->fp = fopen(path, "rb"))) {
		err_set(e, "%s: cannot open: %s", path, strerror(errno));
		goto fail;
	}
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		err_set(e, "%s: out of memory", path);
		goto fail;
	}
	csv_set_realloc_func(&r->parser, csvr_realloc);
	csv_set_blk_size(&r->parser, 256 << 10);  /* libcsv grows by this much at a time */
	buf_init(&r->pool);
	r->pool.cap = CSVR_MAX_ROW;
	r->sep = ',';
	r->line = 1;
	*out = r;
	return 0;
fail:
	if (r->fp && r->fp != stdin)
		fclose(r->fp);
	free(r->blk);
	free(r->path);
	free(r);
	return -1;
}

void csvr_close(struct csv_reader *r)
{
	if (!r)
		return;
	if (r->fp && r->fp != stdin)
		fclose(r->fp);
	csv_free(&r->parser);
	buf_release(&r->pool);
	free(r->off);
	free(r->fieldv);
	free(r->blk);
	free(r->path);
	free(r);
}

char csvr_separator(const struct csv_reader *r)
{
	return r->sep;
}

const char *csvr_path(const struct csv_reader *r)
{
	return r->path;
}

/* ---- UTF-8 -------------------------------------------------------------------------- */

/* Checks s[0..n) for UTF-8 without overlong forms, surrogates or NUL bytes.  Returns n when
 * all is well, else the offset of the first bad sequence; *cut is set when that sequence is
 * only incomplete (valid so far but cut by the end of s). */
static size_t utf8_check(const unsigned char *s, size_t n, int *cut)
{
	const uint64_t hi = 0x8080808080808080ULL, one = 0x0101010101010101ULL;
	size_t i = 0;
	*cut = 0;
	while (i < n) {
		if (i + 8 <= n) {
			uint64_t v;
			memcpy(&v, s + i, 8);
			if (!((v | ((v - one) & ~v)) & hi)) {  /* 8 ASCII bytes, none NUL */
				i += 8;
				continue;
			}
		}
		unsigned c = s[i];
		if (c < 0x80) {
			if (c == 0)
				return i;
			i++;
			continue;
		}
		size_t len;
		unsigned lo = 0x80, up = 0xBF;  /* allowed range of the second byte */
		if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				up = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				up = 0x8F;
		} else
			return i;
		for (size_t k = 1; k < len; k++) {
			if (i + k >= n) {
				*cut = 1;
				return i;
			}
			unsigned d = s[i + k];
			if (k == 1 ? d < lo || d > up : (d & 0xC0) != 0x80)
				return i;
		}
		i += len;
	}
	return n;
}

/* Line ends in s[0..n): '\n', and '\r' not followed by '\n'. */
static long count_lines(const char *s, size_t n)
{
	long k = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
			k++;
	return k;
}

/* ---- the first block ------------------------------------------------------------------ */

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The separator is the one of ',' and ';' that occurs most outside quotes in the header
 * line (the first non-blank line, which may span lines inside quotes); a tie is ','. */
static char detect_separator(const char *s, size_t n)
{
	size_t i = 0, comma = 0, semi = 0;
	int quoted = 0;
	while (i < n && is_blank(s[i]))
		i++;
	for (; i < n; i++) {
		char c = s[i];
		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '\n' || c == '\r')
			break;
		else if (c == ',')
			comma++;
		else if (c == ';')
			semi++;
	}
	return semi > comma ? ';' : ',';
}

/* Reads the next block once [pos, len) is parsed, keeping the held-back tail in front. */
static int read_block(struct csv_reader *r)
{
	size_t carry = r->end - r->len;
	assert(r->pos == r->len && carry <= CSVR_CARRY);  /* a cut UTF-8 sequence, a final CR */
	memmove(r->blk, r->blk + r->len, carry);
	size_t got = fread(r->blk + carry, 1, CSVR_BLOCK, r->fp);
	if (got < CSVR_BLOCK && ferror(r->fp))
		return err_set(&r->err, "%s:%ld: read error: %s", r->path, r->line,
			       strerror(errno));
	size_t n = carry + got, start = 0;
	r->eof = got < CSVR_BLOCK;
	unsigned char *u = (unsigned char *)r->blk;

	if (!r->started) {
		r->started = 1;
		if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
			start = 3;
		else if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
			return err_set(&r->err, "%s:1: the file is UTF-16 text; save it as UTF-8 "
				       "(in Excel: \"CSV UTF-8\")", r->path);
		r->sep = detect_separator(r->blk + start, n - start);
		csv_set_delim(&r->parser, (unsigned char)r->sep);
	}

	int cut;
	size_t ok = start + utf8_check(u + start, n - start, &cut);
	if (ok < n && !(cut && !r->eof)) {
		long line = r->line + count_lines(r->blk + start, ok - start);
		if (u[ok] == 0)
			return err_set(&r->err, "%s:%ld: the file contains a NUL byte; is it UTF-16? "
				       "Save it as UTF-8 (in Excel: \"CSV UTF-8\")", r->path, line);
		return err_set(&r->err, "%s:%ld: not valid UTF-8 (byte 0x%02X); save the file as "
			       "UTF-8 (in Excel: \"CSV UTF-8\")", r->path, line, u[ok]);
	}
	/* Hold back a final CR: whether it ends a line depends on the next block's first byte. */
	if (!r->eof && ok > start && r->blk[ok - 1] == '\r')
		ok--;
	r->pos = start;
	r->len = ok;
	r->end = n;
	r->next_nl = 0;
	return 0;
}

/* ---- libcsv callbacks ----------------------------------------------------------------- */

static void on_field(void *s, size_t len, void *data)
{
	struct csv_reader *r = data;
	if (r->nfields == r->afields) {
		size_t na = r->afields ? 2 * r->afields : 16;
		size_t *no = realloc(r->off, na * sizeof *no);
		if (!no) {
			r->oom = 1;
			return;
		}
		r->off = no;
		r->afields = na;
	}
	r->off[r->nfields++] = r->pool.len;
	if (len)
		buf_add(&r->pool, s, len + 1);  /* CSV_APPEND_NULL: s[len] is '\0' */
	else
		buf_addc(&r->pool, '\0');
	r->field_line = r->line;
}

static void on_row(int c, void *data)
{
	(void)c;
	struct csv_reader *r = data;
	r->in_row = 0;
	if (r->oom) {
		err_set(&r->err, "%s:%ld: out of memory", r->path, r->row_line);
		return;
	}
	if (r->pool.failed) {
		err_set(&r->err, "%s:%ld: row too large (over %d MiB)", r->path, r->row_line,
			CSVR_MAX_ROW >> 20);
		return;
	}
	for (size_t i = 0; i < r->nfields; i++)
		if (r->pool.s[r->off[i]]) {
			r->ready = 1;
			return;
		}
	r->nfields = 0;          /* all fields empty: skipped like a blank line */
	buf_reset(&r->pool);
}

/* ---- feeding -------------------------------------------------------------------------- */

static int parse_failed(struct csv_reader *r, int status)
{
	if (status == CSV_EPARSE)
		return err_set(&r->err, "%s:%ld: misplaced quote in field %zu; a field that "
			       "holds quotes must be enclosed in quotes, with each quote inside "
			       "doubled (\"\")", r->path, r->line, r->nfields + 1);
	if (status == CSV_ENOMEM || status == CSV_ETOOBIG)
		return err_set(&r->err, "%s:%ld: field %zu is larger than %d MiB; is its closing "
			       "quote missing?", r->path, r->field_line, r->nfields + 1,
			       CSVR_MAX_ROW >> 20);
	return err_set(&r->err, "%s:%ld: %s", r->path, r->line, csv_strerror(status));
}

/* Parses the next piece of the block: up to and including one line end. */
static int feed_piece(struct csv_reader *r)
{
	const char *p = r->blk + r->pos, *end = r->blk + r->len;
	if (r->next_nl <= r->pos) {  /* remembered, so that a file of CR line ends is not O(n²) */
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		r->next_nl = nl ? (size_t)(nl - r->blk) : r->len;
	}
	const char *stop = r->next_nl < r->len ? r->blk + r->next_nl + 1 : end;
	const char *cr = memchr(p, '\r', (size_t)(stop - p));
	if (cr && (cr + 1 == end || cr[1] != '\n'))
		stop = cr + 1;   /* a lone CR ends the line */
	int ends_line = stop[-1] == '\n' || stop[-1] == '\r';
	size_t n = (size_t)(stop - p);

	if (!r->in_row) {
		const char *q = p;
		while (q < stop && is_blank(*q))
			q++;
		if (q < stop) {
			r->in_row = 1;
			r->row_line = r->field_line = r->line;
		}
	}
	size_t done = csv_parse(&r->parser, p, n, on_field, on_row, r);
	if (done < n)
		return parse_failed(r, csv_error(&r->parser));
	r->pos += n;
	if (ends_line)
		r->line++;
	return 0;
}

static int finish(struct csv_reader *r)
{
	r->finished = 1;
	if (csv_fini(&r->parser, on_field, on_row, r) == 0)
		return 0;
	if (csv_error(&r->parser) == CSV_EPARSE)
		return err_set(&r->err, "%s:%ld: the quote that opens field %zu is never closed "
			       "(a \" is missing before the end of the file)", r->path,
			       r->field_line, r->nfields + 1);
	return parse_failed(r, csv_error(&r->parser));
}

int csvr_next(struct csv_reader *r, struct csv_row *row, struct err *e)
{
	if (r->handed) {
		r->handed = 0;
		r->nfields = 0;
		buf_reset(&r->pool);
	}
	while (!r->ready && !err_isset(&r->err)) {
		if (r->pos < r->len)
			feed_piece(r);
		else if (!r->eof)
			read_block(r);
		else if (!r->finished)
			finish(r);
		else
			return 0;
	}
	if (err_isset(&r->err))
		return err_set(e, "%s", r->err.msg);

	if (r->afieldv < r->nfields) {
		char **fv = realloc(r->fieldv, r->afields * sizeof *fv);
		if (!fv)
			return err_set(e, "%s:%ld: out of memory", r->path, r->row_line);
		r->fieldv = fv;
		r->afieldv = r->afields;
	}
	for (size_t i = 0; i < r->nfields; i++)
		r->fieldv[i] = r->pool.s + r->off[i];
	r->ready = 0;
	r->handed = 1;
	row->n = r->nfields;
	row->field = r->fieldv;
	row->line = r->row_line;
	return 1;
}
