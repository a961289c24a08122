/* workflow.h — the GVI cycle as workflow: response cases, tasks, the steps of custom
 * notifications, call-ins and referrals, and the programme's performance measures (KPIs).
 *
 * Everything here goes through the access layer as the acting user.  The one entry the access
 * layer itself calls is workflow_after_write: after every single write (not in bulk imports),
 * inside the write's transaction, so what the workflow does because of a write — a case
 * opened by violence attributed to a group, a follow-up task after a delivered notification —
 * lands with it or not at all, and a step out of order is refused with nothing written. */
#ifndef GVI_WORKFLOW_H
#define GVI_WORKFLOW_H
#include "access.h"

#include <jansson.h>
#include <stdio.h>

/* Settings (meta "workflow.NAME"; `gvi case config`), with their defaults. */
#define WF_FIRST_ACTION_HOURS "first_action_hours"   /* 72: first action due after opening */
#define WF_ESCALATION_DAYS "escalation_days"         /* 180: a closed case this recent escalates */
#define WF_CASE_WINDOW_DAYS "case_window_days"       /* 30: incidents older than this open no case */
#define WF_FOLLOWUP_DAYS "followup_days"             /* 14: follow-up after a notification */
#define WF_SUPPORT_DAYS "support_days"               /* 7: support offered after a call-in */
#define WF_MAIL "mail"                               /* 0: e-mail reminders off (1: on) */
long workflow_setting(struct access *a, const char *name);
/* Every setting's name, NULL-terminated, and its default. */
extern const char *const workflow_settings[];
long workflow_setting_default(const char *name);

/* The hook (access.c): old is NULL for an add; both hold stored values (references as ids). */
int workflow_after_write(struct access *a, const struct record *old, const struct record *now,
			 struct err *e);

/* Before record id of en is deleted (same transaction): the tasks the workflow made for it go
 * with it. */
int workflow_before_delete(struct access *a, const struct entity *en, int64_t id, struct err *e);

/* ---- response cases (case.c) ---- */
/* Assigns case id to user (and makes the assignee a task due with the first action). */
int workflow_case_assign(struct access *a, int64_t id, const char *user, struct err *e);
/* Records an enforcement action on the case's group for its incidents: lever, agency, date
 * (NULL: today).  *enforcement_id gets the new enforcement's id.  expect_actions >= 0 refuses
 * when the case does not have that many actions any more (a form sent twice). */
int workflow_case_act(struct access *a, int64_t id, const char *lever, const char *agency,
		      const char *date, long expect_actions, int64_t *enforcement_id, struct err *e);
/* "The group was told why" on date (NULL: today); refused before a first action. */
int workflow_case_told(struct access *a, int64_t id, const char *date, struct err *e);
/* Closes the case (refused before the group was told why); its open tasks are done. */
int workflow_case_close(struct access *a, int64_t id, const char *date, struct err *e);
/* How many enforcement actions count for the case (on its group, for one of its incidents
 * or on/after its opening day); -1 on error. */
long workflow_case_actions(struct access *a, int64_t id, struct err *e);
/* Is a case with these values past its due time without a first action at `now`? */
int workflow_case_overdue(const struct record *c, const char *now);

/* Retaliation prevention (proposals.c): whom to give a custom notification after the case's
 * incidents, as a new JSON object {"source": "analysis"|"relations"|"none", "groups":
 * [{group, why}], "persons": [{code, why, …}]}. */
int workflow_case_proposals(struct access *a, int64_t id, json_t **out, struct err *e);

/* ---- tasks (task.c) ---- */
/* Marks task id done (refused when it is not open). */
int workflow_task_done(struct access *a, int64_t id, const char *date, struct err *e);
/* The acting user's open tasks and open case deadlines as an iCalendar (RFC 5545) text,
 * into out (a buf).  Returns 0 or -1. */
struct buf;
int workflow_ics(struct access *a, struct buf *out, struct err *e);
/* E-mail reminders (mail.c): one message per user with an e-mail address listing their open
 * tasks due by today, piped to the system's sendmail ($GVI_SENDMAIL, else /usr/sbin/sendmail
 * -t -i).  Refused unless the "mail" setting is 1.  The message names no person and no group:
 * task numbers, kinds and due dates only.  dry_run prints the messages to out instead.  *sent gets the number of
 * messages.  Audited as one "remind" entry. */
int workflow_remind(struct access *a, int dry_run, FILE *out, int *sent, struct err *e);
/* A new calendar key for user: "NAME.SECRET" into out (size n); only its hash is kept. */
int workflow_calendar_key_new(struct access *a, const char *user, char *out, size_t n, struct err *e);
/* Checks a "NAME.SECRET" key and opens the repository as NAME.  Returns 0 with *out, 1 when
 * the key is not valid (one answer for every reason), -1 on an error. */
int workflow_calendar_open(const char *repo, const char *key, struct access **out, struct err *e);

/* ---- performance measures (kpi.c) ----
 * The measures for [from, to] ("" or NULL = open) as a new JSON object in *out (see kpi.c for
 * each definition); a measure the role may not read is {"value": null, "not_visible": why}. */
int workflow_kpi(struct access *a, const char *from, const char *to, json_t **out, struct err *e);

/* ---- notifications, call-ins, referrals (steps.c) ---- */
/* Delivery of planned notification id: held on date, the core messages delivered
 * ("die,kill,consequences,help" or "all"), delivering users (";"-separated), the person's
 * response and the support offered.  Refused when it is not planned. */
int workflow_notification_deliver(struct access *a, int64_t id, const char *date, const char *messages,
				  const char *deliverers, const char *response, const char *support,
				  struct err *e);
/* Registers that the invitee of invitation id came (refused when already registered). */
int workflow_invitation_attend(struct access *a, int64_t id, struct err *e);

/* One record of entity by id, as a list shows it, into out (initialised here; release it).
 * Returns 1 found, 0 not (e set), -1 error. */
int workflow_record(struct access *a, const char *entity, int64_t id, struct record *out, struct err *e);

/* The four core messages, in the seed's exact Swedish wording, and their field names. */
extern const char *const workflow_messages_sv[4];
extern const char *const workflow_message_fields[4];

#endif
