/* steps.c — the person-level steps of the cycle: custom notifications, call-in attendance and
 * support referrals, each checked for order and followed by a task (see workflow.h).
 *
 *   notification: planned → held (needs the date; the four core messages ticked as delivered)
 *                 → a follow-up task for follow_up_owner (else the user), due follow_up (else
 *                 held + followup_days); a held notification is never planned again.
 *   invitation:   attended → a task to offer support within support_days.
 *   referral:     offered → accepted → started → completed (declined/dropped from the open
 *                 steps); a hand-over to another agency needs the consent recorded; every
 *                 change closes the last reminder and sets the next one.
 * Tasks made here carry a source key ("notification:12:follow-up"), so a step sent twice
 * makes one task, and they go with their record when it is deleted. */
#include "workflow/wf.h"
#include "workflow/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const workflow_messages_sv[4] = {
	"Vi vill inte att du ska dö.",
	"Vi vill inte att du ska döda.",
	"Om våldet fortsätter kommer det att få kännbara konsekvenser för hela gruppen genom "
	"sanktioner och ökat fokus från polisen, Kriminalvården och andra brottsbekämpande myndigheter.",
	"Vi vill att du tar emot det stöd som finns för att lämna det kriminella livet.",
};
const char *const workflow_message_fields[4] = { "msg_die", "msg_kill", "msg_consequences", "msg_help" };

static void id_text(int64_t id, char out[32])
{
	snprintf(out, 32, "%lld", (long long)id);
}

static int on_notification(struct access *a, const struct record *old, const struct record *now,
			   struct err *e)
{
	const char *to = wf_get(now, "status"), *from = old ? wf_get(old, "status") : "";
	if (!strcmp(to, from))
		return 0;
	if (!strcmp(from, "held"))
		return err_set(e, "notification %lld was held on %s; it cannot become %s", (long long)now->id,
			       wf_get(old, "held"), to);
	if (strcmp(to, "held"))
		return 0;
	const char *held = wf_get(now, "held");
	if (!*held)
		return err_set(e, "notification %lld: held needs the date it was held (--held)", (long long)now->id);
	char due[DATE_LEN], source[64], idtext[32], person[32], title[160];
	if (*wf_get(now, "follow_up"))
		snprintf(due, sizeof due, "%s", wf_get(now, "follow_up"));
	else
		date_add_days(held, (int)workflow_setting(a, WF_FOLLOWUP_DAYS), due);
	id_text(now->id, idtext);
	snprintf(person, sizeof person, "%s", wf_get(now, "person"));
	snprintf(source, sizeof source, "notification:%lld:follow-up", (long long)now->id);
	snprintf(title, sizeof title, "Uppföljning efter individuellt samtal %lld", (long long)now->id);
	struct wf_set t[] = { { "title", title }, { "due", due }, { "kind", "notification" },
		{ "person", person }, { "notification", idtext }, { "assignee", wf_get(now, "follow_up_owner") } };
	return wf_task(a, source, t, sizeof t / sizeof t[0], "notification held: follow-up", e);
}

static int on_invitation(struct access *a, const struct record *old, const struct record *now,
			 struct err *e)
{
	if (strcmp(wf_get(now, "attended"), "1") || (old && !strcmp(wf_get(old, "attended"), "1")))
		return 0;
	char today[DATE_LEN], due[DATE_LEN], source[64], idtext[32], title[160];
	date_today(today);
	date_add_days(today, (int)workflow_setting(a, WF_SUPPORT_DAYS), due);
	id_text(now->id, idtext);
	snprintf(source, sizeof source, "invitation:%lld:support", (long long)now->id);
	snprintf(title, sizeof title, "Erbjud stöd efter call-in (inbjudan %lld)", (long long)now->id);
	struct wf_set t[] = { { "title", title }, { "due", due }, { "kind", "callin" },
		{ "person", wf_get(now, "person") }, { "invitation", idtext }, { "callin", wf_get(now, "callin") } };
	return wf_task(a, source, t, sizeof t / sizeof t[0], "call-in attended: support to offer", e);
}

static const struct {
	const char *from, *next;    /* the statuses that may follow */
	const char *title;          /* the reminder while in `from` */
	int days;
} referral_steps[] = {
	{ "offered", "accepted declined dropped", "Påminnelse: svar på erbjudet stöd", 7 },
	{ "accepted", "started declined dropped", "Påminnelse: insatsen ska starta", 14 },
	{ "started", "completed dropped", "Påminnelse: följ upp insatsens utfall", 30 },
	{ "completed", "", NULL, 0 },
	{ "declined", "", NULL, 0 },
	{ "dropped", "", NULL, 0 },
};

static int word_in(const char *list, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = list; (p = strstr(p, w)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

static int on_referral(struct access *a, const struct record *old, const struct record *now,
		       struct err *e)
{
	if (!old)
		return 0;
	const char *from = wf_get(old, "status"), *to = wf_get(now, "status");
	if (strcmp(wf_get(old, "agency"), wf_get(now, "agency")) && strcmp(wf_get(now, "consent"), "1"))
		return err_set(e, "referral %lld: a hand-over to another agency needs the person's consent "
			       "recorded first (--consent yes)", (long long)now->id);
	if (!strcmp(from, to))
		return 0;
	size_t n = sizeof referral_steps / sizeof referral_steps[0], i, j;
	for (i = 0; i < n && strcmp(referral_steps[i].from, from); i++)
		;
	if (i == n || !word_in(referral_steps[i].next, to))
		return err_set(e, "referral %lld is %s; it cannot become %s (next: %s)", (long long)now->id, from,
			       to, i < n && *referral_steps[i].next ? referral_steps[i].next : "none, it has ended");
	char why[64];
	snprintf(why, sizeof why, "referral %s → %s", from, to);
	if (wf_tasks_done(a, "referral", now->id, why, e))
		return -1;
	for (j = 0; j < n && strcmp(referral_steps[j].from, to); j++)
		;
	if (j == n || !referral_steps[j].title)
		return 0;
	char today[DATE_LEN], due[DATE_LEN], source[64], idtext[32];
	date_today(today);
	date_add_days(today, referral_steps[j].days, due);
	id_text(now->id, idtext);
	snprintf(source, sizeof source, "referral:%lld:%s", (long long)now->id, to);
	struct wf_set t[] = { { "title", referral_steps[j].title }, { "due", due }, { "kind", "referral" },
		{ "person", wf_get(now, "person") }, { "referral", idtext } };
	return wf_task(a, source, t, sizeof t / sizeof t[0], why, e);
}

int workflow_steps_after_write(struct access *a, const struct record *old, const struct record *now,
			       struct err *e)
{
	const char *en = now->e->name;
	if (!strcmp(en, "notification"))
		return on_notification(a, old, now, e);
	if (!strcmp(en, "invitation"))
		return on_invitation(a, old, now, e);
	if (!strcmp(en, "referral"))
		return on_referral(a, old, now, e);
	return 0;
}

int workflow_before_delete(struct access *a, const struct entity *en, int64_t id, struct err *e)
{
	static const char *const fields[][2] = { { "notification", "notification" },
		{ "invitation", "invitation" }, { "referral", "referral" }, { "response-case", "case" },
		{ "callin", "callin" } };
	for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
		if (strcmp(en->name, fields[k][0]))
			continue;
		char idtext[32];
		id_text(id, idtext);
		struct wf_rows tasks;
		if (!access_may_read(a, model_entity("task")))
			return 0;
		if (wf_where(a, "task", fields[k][1], idtext, &tasks, e))
			return -1;
		int rc = 0;
		for (size_t i = 0; i < tasks.n && !rc; i++) {
			char tid[32];
			id_text(tasks.v[i].id, tid);
			if (*wf_get(&tasks.v[i], "source"))   /* made by the workflow: goes with it */
				rc = access_delete(a, model_entity("task"), tid, e);
		}
		wf_rows_release(&tasks);
		return rc;
	}
	return 0;
}

/* ---- the steps as commands and pages take them ---- */

int workflow_notification_deliver(struct access *a, int64_t id, const char *date, const char *messages,
				  const char *deliverers, const char *response, const char *support,
				  struct err *e)
{
	char today[DATE_LEN];
	date_today(today);
	struct record n;
	if (access_begin(a, 0, e))
		return -1;
	int found = wf_load(a, "notification", id, &n, e), rc = found == 1 ? 0 : -1;
	if (found == 0)
		err_set(e, "no notification with id %lld (see gvi notification list)", (long long)id);
	if (!rc && strcmp(wf_get(&n, "status"), "planned"))
		rc = err_set(e, "notification %lld is %s%s%s, not planned: it was not delivered again",
			     (long long)id, wf_get(&n, "status"), *wf_get(&n, "held") ? " on " : "",
			     wf_get(&n, "held"));
	struct record r;
	record_init(&r, model_entity("notification"));
	r.id = id;
	const char *all = messages && !strcmp(messages, "all") ? "die,kill,consequences,help" : messages;
	for (int k = 0; k < 4 && !rc; k++) {
		const char *word = workflow_message_fields[k] + 4;
		int on = 0;
		if (all)
			for (const char *p = all; (p = strstr(p, word)); p += strlen(word))
				on |= (p == all || p[-1] == ',') && (p[strlen(word)] == ',' || !p[strlen(word)]);
		rc = record_set(&r, workflow_message_fields[k], on ? "1" : "0", e);
	}
	if (!rc && all) {
		/* every word must be one of the four */
		char copy[128];
		snprintf(copy, sizeof copy, "%s", all);
		for (char *save = NULL, *w = strtok_r(copy, ",", &save); w && !rc; w = strtok_r(NULL, ",", &save))
			if (strcmp(w, "die") && strcmp(w, "kill") && strcmp(w, "consequences") && strcmp(w, "help"))
				rc = err_set(e, "--messages: \"%s\" is not a core message (die, kill, consequences, "
					     "help or all)", w);
	}
	if (!rc)
		rc = record_set(&r, "held", date ? date : today, e) ? err_prefix(e, "--held: ") : 0;
	if (!rc && deliverers && *deliverers)
		rc = record_set(&r, "deliverers", deliverers, e) ? err_prefix(e, "--deliverers: ") : 0;
	if (!rc && response)
		rc = record_set(&r, "response", response, e);
	if (!rc && support)
		rc = record_set(&r, "support_offered", support, e);
	if (!rc)
		rc = record_set(&r, "status", "held", e) || access_edit(a, &r, e) ? -1 : 0;
	record_release(&r);
	record_release(&n);
	if (rc) {
		access_rollback(a);
		return -1;
	}
	return access_commit(a, e);
}

int workflow_invitation_attend(struct access *a, int64_t id, struct err *e)
{
	struct record inv;
	if (access_begin(a, 0, e))
		return -1;
	int found = wf_load(a, "invitation", id, &inv, e), rc = found == 1 ? 0 : -1;
	if (found == 0)
		err_set(e, "no invitation with id %lld", (long long)id);
	if (!rc && !strcmp(wf_get(&inv, "attended"), "1"))
		rc = err_set(e, "%s is already registered as attending call-in %s: nothing was changed",
			     wf_get(&inv, "person"), wf_get(&inv, "callin"));
	struct wf_set sets[] = { { "attended", "1" } };
	if (!rc)
		rc = wf_edit(a, "invitation", id, sets, 1, NULL, e);
	record_release(&inv);
	if (rc) {
		access_rollback(a);
		return -1;
	}
	return access_commit(a, e);
}
