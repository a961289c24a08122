/* recfmt.h — turning records into table cells, the same way for list, show and export.
 *
 * Columns are "id" and every field of the entity.  List fields become "a;b" (sub-fields joined
 * by "|") in text and CSV, and JSON arrays in JSON — exactly what import reads back. */
#ifndef GVI_RECFMT_H
#define GVI_RECFMT_H
#include "record.h"
#include "table.h"

/* A table with the entity's columns and kinds for format fmt.  `brief` leaves out long text
 * (notes, description) for the aligned text list. */
struct table *recfmt_table(const struct entity *en, enum table_format fmt, int brief);
/* Appends r as a row of a table made by recfmt_table with the same fmt and brief. */
void recfmt_add(struct table *t, const struct record *r, enum table_format fmt, int brief);
/* The text of list field i of r as written in CSV: "a;b", sub-fields "x|y". malloc'd. */
char *recfmt_list_text(const struct record *r, size_t i);

#endif
