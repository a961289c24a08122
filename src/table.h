/* table.h — how gvi prints results: aligned text for people, CSV and JSON for machines.
 *
 * A table is filled with rows of strings (NULL = no value) and printed once in the chosen
 * format.  Column kinds decide JSON types (numbers, booleans, arrays stay typed) and text
 * alignment (numbers right-aligned).  Text alignment counts UTF-8 code points, so "Jönköping"
 * is 9 columns wide. */
#ifndef GVI_TABLE_H
#define GVI_TABLE_H
#include <stdio.h>
#include <stddef.h>

enum table_format { TABLE_TEXT, TABLE_CSV, TABLE_JSON };
enum table_kind {
	COL_TEXT,
	COL_INT,    /* JSON number; text right-aligned */
	COL_REAL,   /* JSON number */
	COL_BOOL,   /* cell "0"/"1" → JSON false/true, text "no"/"yes" */
	COL_JSON,   /* cell holds JSON text (e.g. an array) → embedded as JSON; text/CSV print it as is */
};

struct table;

struct table *table_new(size_t ncols, const char *const *headers);
void table_set_kind(struct table *t, size_t col, enum table_kind kind);
/* Copies the cells. */
void table_add_row(struct table *t, const char *const *cells);
size_t table_rows(const struct table *t);
/* Prints all rows: TEXT = header line, a rule and aligned rows ("(no rows)" when empty);
 * CSV = RFC 4180 with a header row, comma separated, CRLF line ends as the RFC says;
 * JSON = an array of objects keyed by the headers. Returns 0 or -1 on a write error. */
int table_print(const struct table *t, FILE *out, enum table_format fmt);
/* Prints the table's single row as one record: TEXT = "field  value" lines, JSON = one
 * object, CSV = header row and the row. */
int table_print_record(const struct table *t, FILE *out, enum table_format fmt);
void table_free(struct table *t);   /* accepts NULL */

/* CSV writing on its own (used by export): one field, quoted when it holds the separator,
 * a quote, CR or LF, or begins with a space. */
void csv_write_field(FILE *out, const char *s, char sep);

#endif
