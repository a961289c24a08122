/* csvread.h — reading the CSV files coordinators keep (spreadsheet exports), with libcsv.
 *
 * UTF-8 with or without a byte-order mark; comma or semicolon separated (the separator is
 * the one of the two that occurs most outside quotes in the header line: Swedish Excel
 * writes semicolons); CRLF or LF line ends; RFC 4180 quoting, including separators, quotes
 * and newlines inside quoted fields.  Rows are returned one at a time with the line number
 * where the row starts, so every error can name file:line:column.  Fully blank lines are
 * skipped.  A file that is not valid UTF-8 is refused with the line of the first bad byte. */
#ifndef GVI_CSVREAD_H
#define GVI_CSVREAD_H
#include <stddef.h>
#include "err.h"

struct csv_reader;

struct csv_row {
	size_t n;          /* number of fields in this row */
	char **field;      /* NUL-terminated field texts, owned by the reader; valid until next call */
	long line;         /* 1-based line number where the row starts */
};

/* Opens `path` ("-" = standard input). Returns 0 or -1 with e set ("FILE: why"). */
int csvr_open(struct csv_reader **out, const char *path, struct err *e);
/* Reads the next row. Returns 1 with a row, 0 at end of file, -1 on an error with e set to
 * "FILE:LINE: why" (unterminated quote, invalid UTF-8, read error). */
int csvr_next(struct csv_reader *r, struct csv_row *row, struct err *e);
/* The separator detected (',' or ';'), valid after the first csvr_next. */
char csvr_separator(const struct csv_reader *r);
const char *csvr_path(const struct csv_reader *r);
void csvr_close(struct csv_reader *r);   /* accepts NULL */

#endif
