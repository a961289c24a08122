/* recfmt.c — records as table cells (see recfmt.h). */
#include "recfmt.h"
#include "buf.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int shown(const struct field *f, int brief)
{
	return !brief || (strcmp(f->name, "notes") && strcmp(f->name, "description"));
}

static enum table_kind kind_of(const struct field *f, enum table_format fmt)
{
	switch (f->type) {
	case F_INT:
		return COL_INT;
	case F_REAL:
		return COL_REAL;
	case F_BOOL:
		return COL_BOOL;
	case F_LIST:
		return fmt == TABLE_JSON ? COL_JSON : COL_TEXT;
	case F_REF:
		return model_key(model_entity(f->ref)) ? COL_TEXT : COL_INT;
	default:
		return COL_TEXT;
	}
}

struct table *recfmt_table(const struct entity *en, enum table_format fmt, int brief)
{
	const char *headers[64];
	size_t n = 0;
	headers[n++] = "id";
	for (const struct field *f = en->fields; f->name; f++)
		if (shown(f, brief))
			headers[n++] = f->name;
	struct table *t = table_new(n, headers);
	table_set_kind(t, 0, COL_INT);
	n = 1;
	for (const struct field *f = en->fields; f->name; f++)
		if (shown(f, brief))
			table_set_kind(t, n++, kind_of(f, fmt));
	return t;
}

char *recfmt_list_text(const struct record *r, size_t i)
{
	const struct field *f = &r->e->fields[i];
	struct buf b = BUF_INIT;
	for (size_t k = 0; k < r->lists[i].n; k++) {
		if (k)
			buf_addc(&b, ';');
		/* trailing empty optional sub-fields are left out ("crit|src|date", not "…|") */
		size_t n = f->item->nfields;
		while (n > 1 && !r->lists[i].item[k][n - 1] && !(f->item->fields[n - 1].flags & FF_REQUIRED))
			n--;
		for (size_t j = 0; j < n; j++) {
			const char *v = r->lists[i].item[k][j];
			buf_addf(&b, "%s%s", j ? "|" : "", v ? v : "");
		}
	}
	return buf_detach(&b);
}

static char *list_json(const struct record *r, size_t i)
{
	const struct field *f = &r->e->fields[i];
	json_t *arr = json_array();
	for (size_t k = 0; k < r->lists[i].n; k++) {
		char **it = r->lists[i].item[k];
		if (f->item->nfields == 1) {
			json_array_append_new(arr, it[0] ? json_string(it[0]) : json_null());
			continue;
		}
		json_t *o = json_object();
		for (size_t j = 0; j < f->item->nfields; j++)
			json_object_set_new(o, f->item->fields[j].name, it[j] ? json_string(it[j]) : json_null());
		json_array_append_new(arr, o);
	}
	char *s = json_dumps(arr, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(arr);
	return s;
}

void recfmt_add(struct table *t, const struct record *r, enum table_format fmt, int brief)
{
	const char *cells[64];
	char *owned[64];
	size_t n = 0, nowned = 0;
	char id[32];
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	cells[n++] = id;
	for (size_t i = 0; i < r->e->nfields; i++) {
		const struct field *f = &r->e->fields[i];
		if (!shown(f, brief))
			continue;
		if (f->type == F_LIST) {
			char *s = fmt == TABLE_JSON ? list_json(r, i) : recfmt_list_text(r, i);
			owned[nowned++] = s;
			cells[n++] = s;
		} else {
			cells[n++] = r->v[i];
		}
	}
	table_add_row(t, cells);
	for (size_t i = 0; i < nowned; i++)
		free(owned[i]);
}
