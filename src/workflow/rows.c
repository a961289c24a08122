/* rows.c — reading records through the access layer as copies, writing a few fields, and
 * adding tasks once: the small helpers every workflow step uses (see wf.h). */
#include "workflow/wf.h"
#include "workflow/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void copy_record(struct record *dst, const struct record *src)
{
	record_init(dst, src->e);
	dst->id = src->id;
	for (size_t i = 0; i < src->e->nfields; i++) {
		if (src->e->fields[i].type == F_LIST)
			for (size_t k = 0; k < src->lists[i].n; k++)
				record_put_item(dst, i, (const char *const *)src->lists[i].item[k]);
		else
			record_put(dst, i, src->v[i]);
	}
}

static int keep_row(void *p, const struct record *r)
{
	struct wf_rows *rows = p;
	struct record *v = realloc(rows->v, (rows->n + 1) * sizeof *v);
	if (!v)
		abort();
	rows->v = v;
	copy_record(&rows->v[rows->n++], r);
	return 0;
}

int wf_list(struct access *a, const char *entity, struct store_query *q, struct wf_rows *rows,
	    struct err *e)
{
	memset(rows, 0, sizeof *rows);
	return access_list(a, model_entity(entity), q, keep_row, rows, e);
}

int wf_where(struct access *a, const char *entity, const char *field, const char *value,
	     struct wf_rows *rows, struct err *e)
{
	const struct entity *en = model_entity(entity);
	struct record where;
	record_init(&where, en);
	int rc = record_set(&where, field, value, e);
	struct store_query q = { .where = &where };
	if (!rc)
		rc = wf_list(a, entity, &q, rows, e);
	else
		memset(rows, 0, sizeof *rows);
	record_release(&where);
	return rc;
}

int wf_load(struct access *a, const char *entity, int64_t id, struct record *out, struct err *e)
{
	struct store_query q = { .id = id };
	struct wf_rows rows;
	record_init(out, model_entity(entity));
	if (wf_list(a, entity, &q, &rows, e))
		return -1;
	int found = rows.n > 0;
	if (found) {
		record_release(out);
		*out = rows.v[0];
		rows.n = 0;
	}
	free(rows.v);
	return found;
}

void wf_rows_release(struct wf_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		record_release(&rows->v[i]);
	free(rows->v);
	memset(rows, 0, sizeof *rows);
}

const char *wf_get(const struct record *r, const char *field)
{
	const char *v = record_get(r, field);
	return v ? v : "";
}

void wf_now(char out[DATETIME_LEN])
{
	date_now(out);
	out[16] = '\0';   /* minutes are enough for a deadline */
}

void wf_add_hours(const char *datetime, long hours, char out[DATETIME_LEN])
{
	struct tm tm = { 0 };
	int y = 0, mo = 0, d = 0, h = 0, mi = 0;
	sscanf(datetime, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi);
	tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d, tm.tm_hour = h, tm.tm_min = mi;
	time_t t = timegm(&tm) + (time_t)hours * 3600;
	struct tm r;
	gmtime_r(&t, &r);
	strftime(out, DATETIME_LEN, "%Y-%m-%d %H:%M", &r);
}

int wf_edit(struct access *a, const char *entity, int64_t id, const struct wf_set *sets, size_t n,
	    const char *why, struct err *e)
{
	struct record r;
	record_init(&r, model_entity(entity));
	r.id = id;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		if ((rc = record_set(&r, sets[i].field, sets[i].value ? sets[i].value : "", e)))
			err_prefix(e, "%s: ", sets[i].field);
	if (!rc)
		rc = why ? access_workflow_edit(a, &r, why, e) : access_edit(a, &r, e);
	record_release(&r);
	return rc;
}

int wf_task(struct access *a, const char *source, const struct wf_set *sets, size_t n, const char *why,
	    struct err *e)
{
	struct wf_rows rows;
	if (wf_where(a, "task", "source", source, &rows, e))
		return -1;
	size_t had = rows.n;
	wf_rows_release(&rows);
	if (had)
		return 0;   /* the step was taken before: one task for it is enough */
	struct record r;
	record_init(&r, model_entity("task"));
	int rc = record_set(&r, "source", source, e);
	for (size_t i = 0; i < n && !rc; i++)
		if (sets[i].value && *sets[i].value && (rc = record_set(&r, sets[i].field, sets[i].value, e)))
			err_prefix(e, "task %s: ", sets[i].field);
	if (!rc && !record_get(&r, "assignee"))
		rc = record_set(&r, "assignee", access_actor(a)->name, e);
	if (!rc)
		rc = access_workflow_add(a, &r, why, e);
	record_release(&r);
	return rc;
}

int wf_tasks_done(struct access *a, const char *field, int64_t id, const char *why, struct err *e)
{
	char idtext[32], today[DATE_LEN];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	date_today(today);
	struct wf_rows rows;
	if (wf_where(a, "task", field, idtext, &rows, e))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < rows.n && !rc; i++) {
		if (strcmp(wf_get(&rows.v[i], "status"), "open"))
			continue;
		struct wf_set sets[] = { { "status", "done" }, { "done", today } };
		rc = wf_edit(a, "task", rows.v[i].id, sets, 2, why, e);
	}
	wf_rows_release(&rows);
	return rc;
}

int workflow_record(struct access *a, const char *entity, int64_t id, struct record *out, struct err *e)
{
	int found = wf_load(a, entity, id, out, e);
	if (found == 0)
		err_set(e, "no %s with id %lld", entity, (long long)id);
	return found;
}
