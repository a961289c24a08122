/* case.c — response cases: opened when violence is attributed to a group, escalated when the
 * same group is violent again, and driven through their steps (see workflow.h).
 *
 * A case opens when a perpetrating group involvement is recorded for a confirmed incident of
 * a serious type that happened within the last case_window_days (so loading history opens
 * nothing).  If the group already has a case that is not closed, that case escalates instead:
 * the incident joins it, its level goes up by one and the clock starts again (a new first
 * action and a new telling are needed).  A group whose last case closed within
 * escalation_days of the incident gets a new case one level above it.  The steps go
 * open → acting (a first enforcement action) → told (the group was told why) → closed, and
 * nothing else: a step out of order is refused by the hook on every edit, whoever makes it. */
#include "workflow/wf.h"
#include "workflow/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_order[] = { "open", "acting", "told", "closed", NULL };

static int status_rank(const char *s)
{
	for (int i = 0; status_order[i]; i++)
		if (s && !strcmp(s, status_order[i]))
			return i;
	return 0;
}

static const char *const status_sv[] = { "öppet (väntar på första åtgärd)", "åtgärd vidtagen",
	"gruppen har fått veta varför", "avslutat" };

/* The day of an incident's time, for comparisons: "2026-11" counts as its first day. */
static void day_of(const char *occurred, char out[DATE_LEN])
{
	snprintf(out, DATE_LEN, "%s", occurred);
	if (strlen(out) == 4)
		snprintf(out, DATE_LEN, "%.4s-01-01", occurred);
	else if (strlen(out) == 7)
		snprintf(out, DATE_LEN, "%.7s-01", occurred);
}

/* Does the case list incident id (as text) among its incidents? */
static int case_has_incident(const struct record *c, const char *incident)
{
	const struct field *f = model_field(c->e, "incidents");
	const struct record_list *l = &c->lists[model_field_index(c->e, f)];
	for (size_t k = 0; k < l->n; k++)
		if (l->item[k][0] && !strcmp(l->item[k][0], incident))
			return 1;
	return 0;
}

static void incidents_text(const struct record *c, const char *extra, char *out, size_t n)
{
	const struct field *f = model_field(c->e, "incidents");
	const struct record_list *l = &c->lists[model_field_index(c->e, f)];
	size_t len = 0;
	out[0] = '\0';
	for (size_t k = 0; k < l->n && len < n; k++)
		len += (size_t)snprintf(out + len, n - len, "%s%s", len ? ";" : "", l->item[k][0]);
	if (extra && len < n)
		snprintf(out + len, n - len, "%s%s", len ? ";" : "", extra);
}

/* A perpetrating group involvement was recorded: open or escalate the group's case. */
static int on_violence(struct access *a, const struct record *old, const struct record *gi, struct err *e)
{
	const char *side = wf_get(gi, "side"), *incident = wf_get(gi, "incident"), *group = wf_get(gi, "group");
	if (strcmp(side, "perpetrating"))
		return 0;
	if (old && !strcmp(wf_get(old, "side"), "perpetrating") && !strcmp(wf_get(old, "incident"), incident) &&
	    !strcmp(wf_get(old, "group"), group))
		return 0;
	struct record inc, type;
	int rc = -1;
	record_init(&type, model_entity("incident-type"));
	int found = wf_load(a, "incident", strtoll(incident, NULL, 10), &inc, e);
	if (found <= 0) {
		record_release(&inc);
		record_release(&type);
		return found;
	}
	struct wf_rows types, cases = { 0 };
	if (wf_where(a, "incident-type", "name", wf_get(&inc, "type"), &types, e))
		goto out;
	int serious = types.n && !strcmp(wf_get(&types.v[0], "serious"), "1");
	wf_rows_release(&types);
	char day[DATE_LEN], today[DATE_LEN];
	day_of(wf_get(&inc, "occurred"), day);
	date_today(today);
	long age = date_diff_days(day, today);
	if (!serious || !strcmp(wf_get(&inc, "status"), "unfounded") ||
	    age > workflow_setting(a, WF_CASE_WINDOW_DAYS)) {
		rc = 0;   /* not serious, unfounded or history: no case */
		goto out;
	}
	if (wf_where(a, "response-case", "group", group, &cases, e))
		goto out;
	char now[DATETIME_LEN], due[DATETIME_LEN], why[160], level[32], list[2048];
	wf_now(now);
	wf_add_hours(now, workflow_setting(a, WF_FIRST_ACTION_HOURS), due);
	const struct record *live = NULL, *last_closed = NULL;
	for (size_t i = 0; i < cases.n; i++) {
		const struct record *c = &cases.v[i];
		if (strcmp(wf_get(c, "status"), "closed"))
			live = c;
		else if (!last_closed || strcmp(wf_get(c, "closed"), wf_get(last_closed, "closed")) > 0)
			last_closed = c;
	}
	if (live) {
		rc = 0;
		if (case_has_incident(live, incident))
			goto out;
		snprintf(level, sizeof level, "%ld", strtol(wf_get(live, "level"), NULL, 10) + 1);
		incidents_text(live, incident, list, sizeof list);
		snprintf(why, sizeof why, "escalation: group %s violent again (incident %s)", group, incident);
		struct wf_set sets[] = { { "incidents", list }, { "level", level }, { "status", "open" },
			{ "due", due }, { "first_action", "" }, { "told", "" } };
		rc = wf_edit(a, "response-case", live->id, sets, sizeof sets / sizeof sets[0], why, e);
		goto out;
	}
	long lv = 1;
	if (last_closed && *wf_get(last_closed, "closed") &&
	    date_diff_days(wf_get(last_closed, "closed"), day) <= workflow_setting(a, WF_ESCALATION_DAYS))
		lv = strtol(wf_get(last_closed, "level"), NULL, 10) + 1;
	snprintf(level, sizeof level, "%ld", lv);
	snprintf(why, sizeof why, "incident %s attributed to group %s (perpetrating)", incident, group);
	struct record c;
	record_init(&c, model_entity("response-case"));
	rc = record_set(&c, "group", group, e) || record_set(&c, "incidents", incident, e) ||
	     record_set(&c, "level", level, e) || record_set(&c, "opened", now, e) ||
	     record_set(&c, "due", due, e) || access_workflow_add(a, &c, why, e) ? -1 : 0;
	record_release(&c);
out:
	wf_rows_release(&cases);
	record_release(&inc);
	record_release(&type);
	return rc;
}

/* Is the enforcement's agency one that may pull its lever (a lever without agencies: any)? */
static int lever_agency_ok(struct access *a, const struct record *en, struct err *e)
{
	struct record lever, agency;
	int found = wf_load(a, "lever", strtoll(wf_get(en, "lever"), NULL, 10), &lever, e);
	int ok = found < 0 ? -1 : 0;
	if (found == 1 && wf_load(a, "agency", strtoll(wf_get(en, "agency"), NULL, 10), &agency, e) == 1) {
		const struct record_list *l = &lever.lists[model_field_index(lever.e, model_field(lever.e, "agencies"))];
		int listed = l->n == 0;
		for (size_t k = 0; k < l->n; k++)
			listed |= l->item[k][0] && !strcmp(l->item[k][0], wf_get(&agency, "name"));
		if (!listed)
			ok = err_set(e, "%s may not pull the lever %s (see gvi lever show %s: agencies)",
				     wf_get(&agency, "name"), wf_get(&lever, "name"), wf_get(&lever, "name"));
		record_release(&agency);
	}
	record_release(&lever);
	return ok;
}

/* An enforcement action was recorded: the group's open cases have their first action. */
static int on_action(struct access *a, const struct record *en, struct err *e)
{
	if (lever_agency_ok(a, en, e))
		return -1;
	struct wf_rows cases;
	if (wf_where(a, "response-case", "group", wf_get(en, "group"), &cases, e))
		return -1;
	char today[DATE_LEN], why[96];
	date_today(today);
	const char *date = *wf_get(en, "decided") ? wf_get(en, "decided")
			 : *wf_get(en, "started") ? wf_get(en, "started") : today;
	snprintf(why, sizeof why, "enforcement %lld", (long long)en->id);
	int rc = 0;
	for (size_t i = 0; i < cases.n && !rc; i++) {
		if (strcmp(wf_get(&cases.v[i], "status"), "open"))
			continue;
		struct wf_set sets[] = { { "first_action", date }, { "status", "acting" } };
		rc = wf_edit(a, "response-case", cases.v[i].id, sets, 2, why, e);
	}
	wf_rows_release(&cases);
	return rc;
}

/* A case was added or edited: fill the clock of one added by hand; refuse steps out of order. */
static int on_case(struct access *a, const struct record *old, const struct record *now, struct err *e)
{
	const char *to = wf_get(now, "status");
	if (!old) {
		if (*wf_get(now, "opened"))
			return 0;
		char t[DATETIME_LEN], due[DATETIME_LEN];
		wf_now(t);
		wf_add_hours(t, workflow_setting(a, WF_FIRST_ACTION_HOURS), due);
		struct wf_set sets[] = { { "opened", t }, { "due", *wf_get(now, "due") ? wf_get(now, "due") : due } };
		return strcmp(to, "open") ? err_set(e, "a new response case starts as open, not %s", to)
		       : wf_edit(a, "response-case", now->id, sets, 2, "case opened by hand: its clock", e);
	}
	const char *from = wf_get(old, "status");
	int rf = status_rank(from), rt = status_rank(to);
	if (rt == rf)
		return 0;
	if (rf == 3)
		return err_set(e, "response case %lld is closed; a closed case does not change status",
			       (long long)now->id);
	if (rt < rf) {
		/* Only an escalation reopens a case (new violence: new action, new telling). */
		if (rt == 0 && strtol(wf_get(now, "level"), NULL, 10) > strtol(wf_get(old, "level"), NULL, 10))
			return 0;
		return err_set(e, "response case %lld: status cannot go back from %s to %s", (long long)now->id,
			       from, to);
	}
	if (rt != rf + 1)
		return err_set(e, "response case %lld: %s comes after %s, but the case is %s (%s); "
			       "take the steps in order: open → acting → told → closed", (long long)now->id, to,
			       status_order[rt - 1], from, status_sv[rf]);
	if (rt == 1 && !*wf_get(now, "first_action"))
		return err_set(e, "response case %lld: acting needs the date of the first action "
			       "(gvi case act)", (long long)now->id);
	if (rt == 2 && !*wf_get(now, "told"))
		return err_set(e, "response case %lld: told needs the date the group was told why",
			       (long long)now->id);
	if (rt == 3) {
		if (!*wf_get(now, "closed"))
			return err_set(e, "response case %lld: closing needs a date", (long long)now->id);
		return wf_tasks_done(a, "case", now->id, "case closed", e);
	}
	return 0;
}

/* ---- the steps, as commands and pages take them ---- */

static int load_case(struct access *a, int64_t id, struct record *c, struct err *e)
{
	int found = wf_load(a, "response-case", id, c, e);
	if (found == 0)
		err_set(e, "no response case with id %lld (see gvi case list)", (long long)id);
	return found == 1 ? 0 : -1;
}

static int in_transaction(struct access *a, int rc, struct err *e)
{
	if (rc) {
		access_rollback(a);
		return -1;
	}
	return access_commit(a, e);
}

int workflow_case_assign(struct access *a, int64_t id, const char *user, struct err *e)
{
	struct record c;
	if (access_begin(a, 0, e))
		return -1;
	int rc = load_case(a, id, &c, e);
	if (!rc && !strcmp(wf_get(&c, "status"), "closed"))
		rc = err_set(e, "response case %lld is closed", (long long)id);
	struct wf_set sets[] = { { "assignee", user } };
	if (!rc)
		rc = wf_edit(a, "response-case", id, sets, 1, NULL, e);
	if (!rc && !strcmp(wf_get(&c, "status"), "open")) {
		char source[64], title[160], idtext[32], due[DATE_LEN];
		snprintf(source, sizeof source, "case:%lld:first-action:%s", (long long)id, wf_get(&c, "level"));
		snprintf(title, sizeof title, "Första åtgärd mot %s (ärende %lld)", wf_get(&c, "group"), (long long)id);
		snprintf(idtext, sizeof idtext, "%lld", (long long)id);
		snprintf(due, sizeof due, "%.10s", wf_get(&c, "due"));
		struct wf_set t[] = { { "title", title }, { "assignee", user }, { "due", due }, { "kind", "case" },
			{ "case", idtext } };
		rc = wf_task(a, source, t, sizeof t / sizeof t[0], "case assigned", e);
	}
	record_release(&c);
	return in_transaction(a, rc, e);
}

long workflow_case_actions(struct access *a, int64_t id, struct err *e)
{
	struct record c;
	if (load_case(a, id, &c, e)) {
		record_release(&c);
		return -1;
	}
	struct wf_rows acts;
	long n = -1;
	if (!wf_where(a, "enforcement", "group", wf_get(&c, "group"), &acts, e)) {
		n = 0;
		for (size_t i = 0; i < acts.n; i++) {
			const struct record *x = &acts.v[i];
			int linked = 0;
			const struct field *f = model_field(x->e, "incidents");
			const struct record_list *l = &x->lists[model_field_index(x->e, f)];
			for (size_t k = 0; k < l->n; k++)
				linked |= case_has_incident(&c, l->item[k][0]);
			const char *d = *wf_get(x, "decided") ? wf_get(x, "decided") : wf_get(x, "started");
			n += linked || (*d && strncmp(d, wf_get(&c, "opened"), 10) >= 0);
		}
	}
	wf_rows_release(&acts);
	record_release(&c);
	return n;
}

int workflow_case_act(struct access *a, int64_t id, const char *lever, const char *agency,
		      const char *date, long expect_actions, int64_t *enforcement_id, struct err *e)
{
	struct record c, en;
	record_init(&en, model_entity("enforcement"));
	if (access_begin(a, 0, e)) {
		record_release(&en);
		return -1;
	}
	int rc = load_case(a, id, &c, e);
	char today[DATE_LEN], list[2048];
	date_today(today);
	if (!rc && !strcmp(wf_get(&c, "status"), "closed"))
		rc = err_set(e, "response case %lld is closed; record new violence to escalate", (long long)id);
	if (!rc && expect_actions >= 0) {
		long n = workflow_case_actions(a, id, e);
		if (n < 0)
			rc = -1;
		else if (n != expect_actions)
			rc = err_set(e, "response case %lld changed since the form was shown (it has %ld "
				     "actions, the form was made with %ld): the action was not recorded twice",
				     (long long)id, n, expect_actions);
	}
	if (!rc) {
		incidents_text(&c, NULL, list, sizeof list);
		rc = record_set(&en, "group", wf_get(&c, "group"), e) || record_set(&en, "incidents", list, e) ||
		     (rc = record_set(&en, "lever", lever, e) ? err_prefix(e, "--lever: ") : 0) ||
		     (rc = record_set(&en, "agency", agency, e) ? err_prefix(e, "--agency: ") : 0) ||
		     (rc = record_set(&en, "decided", date ? date : today, e) ? err_prefix(e, "--date: ") : 0) ||
		     access_add(a, &en, e) ? -1 : 0;
	}
	if (!rc && enforcement_id)
		*enforcement_id = en.id;
	record_release(&c);
	record_release(&en);
	return in_transaction(a, rc, e);
}

static int step(struct access *a, int64_t id, const char *field, const char *status, const char *date,
		struct err *e)
{
	char today[DATE_LEN], norm[DATE_LEN];
	date_today(today);
	if (date && date_parse(date, norm, e))
		return err_prefix(e, "--date: ");
	struct record c;
	if (access_begin(a, 0, e))
		return -1;
	int rc = load_case(a, id, &c, e);
	if (!rc && *wf_get(&c, field) && !strcmp(wf_get(&c, "status"), status))
		rc = err_set(e, "response case %lld is already %s (%s %s): nothing was changed", (long long)id,
			     status, field, wf_get(&c, field));
	struct wf_set sets[] = { { field, date ? norm : today }, { "status", status } };
	if (!rc)
		rc = wf_edit(a, "response-case", id, sets, 2, NULL, e);
	record_release(&c);
	return in_transaction(a, rc, e);
}

int workflow_case_told(struct access *a, int64_t id, const char *date, struct err *e)
{
	return step(a, id, "told", "told", date, e);
}

int workflow_case_close(struct access *a, int64_t id, const char *date, struct err *e)
{
	return step(a, id, "closed", "closed", date, e);
}

int workflow_case_overdue(const struct record *c, const char *now)
{
	const char *due = wf_get(c, "due");
	return !strcmp(wf_get(c, "status"), "open") && *due && strcmp(due, now) < 0;
}

/* ---- the hook ---- */

int workflow_after_write(struct access *a, const struct record *old, const struct record *now,
			 struct err *e)
{
	const char *en = now->e->name;
	if (!strcmp(en, "group-involvement"))
		return on_violence(a, old, now, e);
	if (!strcmp(en, "enforcement"))
		return old ? 0 : on_action(a, now, e);
	if (!strcmp(en, "response-case"))
		return on_case(a, old, now, e);
	return workflow_steps_after_write(a, old, now, e);
}

const char *const workflow_settings[] = { WF_FIRST_ACTION_HOURS, WF_ESCALATION_DAYS,
	WF_CASE_WINDOW_DAYS, WF_FOLLOWUP_DAYS, WF_SUPPORT_DAYS, WF_MAIL, NULL };

long workflow_setting_default(const char *name)
{
	static const long defaults[] = { 72, 180, 30, 14, 7, 0 };
	for (int i = 0; workflow_settings[i]; i++)
		if (!strcmp(workflow_settings[i], name))
			return defaults[i];
	return -1;
}

long workflow_setting(struct access *a, const char *name)
{
	return access_setting(a, name, workflow_setting_default(name));
}
