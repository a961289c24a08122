/* wf.h — what the workflow files share inside src/workflow: records read through the access
 * layer, kept as copies.  For the workflow module and its pages (src/web/page_case.c …). */
#ifndef GVI_WORKFLOW_WF_H
#define GVI_WORKFLOW_WF_H
#include "access.h"
#include "date.h"

struct wf_rows {
	struct record *v;
	size_t n;
};

/* The records of en matching q (as access_list gives them: references as keys or ids), copied
 * into rows.  Returns 0 or -1. */
int wf_list(struct access *a, const char *entity, struct store_query *q, struct wf_rows *rows,
	    struct err *e);
/* Records of entity whose field equals value (a reference as id or key). */
int wf_where(struct access *a, const char *entity, const char *field, const char *value,
	     struct wf_rows *rows, struct err *e);
/* One record by id into out (initialised here).  Returns 1 found, 0 not, -1 error. */
int wf_load(struct access *a, const char *entity, int64_t id, struct record *out, struct err *e);
void wf_rows_release(struct wf_rows *rows);

/* A value that is never NULL. */
const char *wf_get(const struct record *r, const char *field);
/* Now (UTC) as "YYYY-MM-DD HH:MM", and that plus hours. */
void wf_now(char out[DATETIME_LEN]);
void wf_add_hours(const char *datetime, long hours, char out[DATETIME_LEN]);
/* Writes field=value to record id of entity as the workflow (why) or as the user (why NULL). */
struct wf_set { const char *field, *value; };
int wf_edit(struct access *a, const char *entity, int64_t id, const struct wf_set *sets, size_t n,
	    const char *why, struct err *e);
/* Adds a task unless one with the same source exists.  Fields as pairs. */
int wf_task(struct access *a, const char *source, const struct wf_set *sets, size_t n, const char *why,
	    struct err *e);
/* Marks the open tasks whose `field` is id done (today), as the workflow. */
int wf_tasks_done(struct access *a, const char *field, int64_t id, const char *why, struct err *e);
/* The person-level steps' part of workflow_after_write (steps.c). */
int workflow_steps_after_write(struct access *a, const struct record *old, const struct record *now,
			       struct err *e);
#endif
