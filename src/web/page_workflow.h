/* page_workflow.h — the pages of the GVI cycle (response cases, tasks and the calendar feed,
 * performance measures, the notification and call-in workflows) and what they share. */
#ifndef GVI_WEB_PAGE_WORKFLOW_H
#define GVI_WEB_PAGE_WORKFLOW_H
#include "web.h"
#include "workflow/wf.h"

/* page_case.c */
void page_cases(struct web_request *rq, struct web_response *rs);
void page_case(struct web_request *rq, struct web_response *rs);
void page_case_step(struct web_request *rq, struct web_response *rs);   /* POST /cases/{id}/{step} */
void page_case_attribute(struct web_request *rq, struct web_response *rs); /* POST /cases/attribute */
/* page_tasks.c */
void page_tasks(struct web_request *rq, struct web_response *rs);
void page_task_done(struct web_request *rq, struct web_response *rs);  /* POST /tasks/{id}/done */
void page_task_key(struct web_request *rq, struct web_response *rs);   /* POST /tasks/key */
void page_calendar(struct web_request *rq, struct web_response *rs);   /* GET /calendar/{key} */
/* page_kpi.c */
void page_kpi(struct web_request *rq, struct web_response *rs);
/* The dashboard's block of performance measures (the last 12 months), appended to b. */
void page_kpi_block(struct web_request *rq, struct buf *b);
/* page_notify.c */
void page_letter_css(struct web_request *rq, struct web_response *rs);     /* GET /letter.css */
void page_notify(struct web_request *rq, struct web_response *rs);         /* GET /notify/{id} */
void page_notify_deliver(struct web_request *rq, struct web_response *rs); /* POST /notify/{id}/deliver */
void page_notify_letter(struct web_request *rq, struct web_response *rs);  /* GET /notify/{id}/letter */
void page_invite(struct web_request *rq, struct web_response *rs);         /* GET /invite/{callin} */
void page_invite_add(struct web_request *rq, struct web_response *rs);     /* POST /invite/{callin}/add */
void page_invite_attend(struct web_request *rq, struct web_response *rs);  /* POST /invite/{callin}/attend */
void page_invite_letter(struct web_request *rq, struct web_response *rs);  /* GET /invite/{callin}/letter/{inv} */

/* Shared: a table of rows with the given columns, ids linked to link_prefix+id (or not);
 * "Inga." when empty. */
void wfpage_rows_table(struct buf *b, const char *caption, const struct wf_rows *rows,
		       const char *const *columns, const char *link_prefix);
/* A step the workflow refused: 409 with its reason. */
void wfpage_refused_step(struct web_request *rq, struct web_response *rs, const struct err *e);

#endif
