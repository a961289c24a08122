/* kpi.c — the programme's performance measures (NNSC's), computed through the access layer.
 *
 * Over a period [from, to] of dates (either open):
 *   gmi_per_month       per month: confirmed group-member-involved (gmi) incidents that are
 *                       homicides (type murder, or anyone killed) and shootings (type shooting);
 *                       incidents known only to the year are left out of the months.
 *   first_action        serious gmi incidents of the period that an enforcement action names:
 *                       days from the incident's day to the earliest such action (decided,
 *                       else started) — count, median and mean; and how many have none yet.
 *   consequences        groups recorded perpetrating (confirmed or probable) a serious incident
 *                       of the period, and how many met an enforcement action dated on or after
 *                       their first such incident of the period: the share that met consequences.
 *   notifications_held  custom notifications held in the period.
 *   callin_attendance   invitations to call-ins held in the period, and how many attended.
 *   referrals           referrals offered in the period: made, accepted (now accepted, started
 *                       or completed), completed.
 *   repeat_victimisation persons notified (held) in the period, and how many of them were
 *                       a victim of a serious incident after their first notification (up to `to`).
 * A measure whose records the role may not read is null, with "not_visible" naming them: the
 * numbers never come from data the user could not see. */
#include "workflow/wf.h"
#include "workflow/workflow.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct period {
	const char *from, *to;   /* "" = open */
};

static int in_period(const struct period *p, const char *day)
{
	if (!*day)
		return 0;
	if (*p->from && strncmp(day, p->from, 10) < 0)
		return 0;
	if (*p->to && strncmp(day, p->to, strlen(day) < 10 ? strlen(day) : 10) > 0)
		return 0;
	return 1;
}

static int may(struct access *a, const char *const *entities, json_t *kpi, const char *name)
{
	for (const char *const *en = entities; *en; en++)
		if (!access_may_read(a, model_entity(*en))) {
			char why[160];
			snprintf(why, sizeof why, "your role may not read %s records", *en);
			json_object_set_new(kpi, name, json_pack("{s:n, s:s}", "value", "not_visible", why));
			return 0;
		}
	return 1;
}

static int cmp_long(const void *x, const void *y)
{
	long a = *(const long *)x, b = *(const long *)y;
	return (a > b) - (a < b);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int serious_type(const struct wf_rows *types, const char *name)
{
	for (size_t i = 0; i < types->n; i++)
		if (!strcmp(wf_get(&types->v[i], "name"), name))
			return !strcmp(wf_get(&types->v[i], "serious"), "1");
	return 0;
}

static const struct record *incident_by_id(const struct wf_rows *inc, const char *id)
{
	int64_t v = strtoll(id, NULL, 10);
	size_t lo = 0, hi = inc->n;   /* listed in id order */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (inc->v[mid].id < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < inc->n && inc->v[lo].id == v ? &inc->v[lo] : NULL;
}

/* When an enforcement action first happened: the earlier of its decision and its start (a
 * decision recorded after the fact must not make the consequence look slower than it was). */
static const char *action_date(const struct record *x)
{
	const char *d = wf_get(x, "decided"), *s = wf_get(x, "started");
	if (!*d)
		return s;
	return *s && strcmp(s, d) < 0 ? s : d;
}

static void gmi_months(const struct period *p, const struct wf_rows *inc, json_t *out)
{
	json_t *months = json_object();
	for (size_t i = 0; i < inc->n; i++) {
		const struct record *x = &inc->v[i];
		const char *occ = wf_get(x, "occurred");
		if (strcmp(wf_get(x, "gmi"), "1") || strlen(occ) < 7 || !in_period(p, occ))
			continue;
		int homicide = !strcmp(wf_get(x, "type"), "murder") || strtol(wf_get(x, "killed"), NULL, 10) > 0;
		int shooting = !strcmp(wf_get(x, "type"), "shooting");
		if (!homicide && !shooting)
			continue;
		char month[8];
		snprintf(month, sizeof month, "%.7s", occ);
		json_t *m = json_object_get(months, month);
		if (!m) {
			m = json_pack("{s:i, s:i}", "homicides", 0, "shootings", 0);
			json_object_set_new(months, month, m);
		}
		if (homicide)
			json_object_set_new(m, "homicides", json_integer(json_integer_value(json_object_get(m, "homicides")) + 1));
		if (shooting)
			json_object_set_new(m, "shootings", json_integer(json_integer_value(json_object_get(m, "shootings")) + 1));
	}
	/* as an array in month order */
	json_t *arr = json_array();
	const char **keys = malloc((json_object_size(months) + 1) * sizeof *keys);
	size_t n = 0;
	const char *k;
	json_t *v;
	json_object_foreach(months, k, v)
		keys[n++] = k;
	qsort(keys, n, sizeof *keys, cmp_str);
	for (size_t i = 0; i < n; i++) {
		json_t *m = json_object_get(months, keys[i]);
		json_array_append_new(arr, json_pack("{s:s, s:O, s:O}", "month", keys[i], "homicides",
						     json_object_get(m, "homicides"), "shootings",
						     json_object_get(m, "shootings")));
	}
	free(keys);
	json_decref(months);
	json_object_set_new(out, "gmi_per_month", arr);
}

static void first_action(const struct period *p, const struct wf_rows *inc, const struct wf_rows *types,
			 const struct wf_rows *enf, json_t *out)
{
	long *days = malloc((inc->n + 1) * sizeof *days);
	size_t n = 0, without = 0;
	for (size_t i = 0; i < inc->n; i++) {
		const struct record *x = &inc->v[i];
		const char *occ = wf_get(x, "occurred");
		if (strcmp(wf_get(x, "gmi"), "1") || strlen(occ) < 10 || !in_period(p, occ) ||
		    !serious_type(types, wf_get(x, "type")))
			continue;
		const char *earliest = NULL;
		for (size_t j = 0; j < enf->n; j++) {
			const struct record *y = &enf->v[j];
			const struct record_list *l = &y->lists[model_field_index(y->e, model_field(y->e, "incidents"))];
			for (size_t k = 0; k < l->n; k++)
				if (strtoll(l->item[k][0], NULL, 10) == x->id && *action_date(y) &&
				    (!earliest || strcmp(action_date(y), earliest) < 0))
					earliest = action_date(y);
		}
		char day[DATE_LEN];
		snprintf(day, sizeof day, "%.10s", occ);
		if (earliest)
			days[n++] = date_diff_days(day, earliest);
		else
			without++;
	}
	qsort(days, n, sizeof *days, cmp_long);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += (double)days[i];
	json_t *median = n == 0 ? json_null() : n % 2 ? json_real((double)days[n / 2])
			 : json_real((days[n / 2 - 1] + days[n / 2]) / 2.0);
	json_object_set_new(out, "first_action", json_pack("{s:I, s:I, s:o, s:o}", "incidents_with_action",
		(json_int_t)n, "incidents_without_action", (json_int_t)without, "median_days", median,
		"mean_days", n ? json_real(sum / (double)n) : json_null()));
	free(days);
}

static void consequences(const struct period *p, const struct wf_rows *inc, const struct wf_rows *types,
			 const struct wf_rows *gi, const struct wf_rows *enf, json_t *out)
{
	/* group name → its first violent day in the period */
	json_t *groups = json_object();
	for (size_t i = 0; i < gi->n; i++) {
		const struct record *g = &gi->v[i];
		if (strcmp(wf_get(g, "side"), "perpetrating") || !strcmp(wf_get(g, "confidence"), "possible"))
			continue;
		const struct record *x = incident_by_id(inc, wf_get(g, "incident"));
		if (!x || !strcmp(wf_get(x, "status"), "unfounded") || !in_period(p, wf_get(x, "occurred")) ||
		    !serious_type(types, wf_get(x, "type")))
			continue;
		char day[DATE_LEN];
		snprintf(day, sizeof day, "%.10s", wf_get(x, "occurred"));
		json_t *had = json_object_get(groups, wf_get(g, "group"));
		if (!had || strcmp(day, json_string_value(had)) < 0)
			json_object_set_new(groups, wf_get(g, "group"), json_string(day));
	}
	long violent = 0, met = 0;
	const char *name;
	json_t *day;
	json_t *list = json_array();
	json_object_foreach(groups, name, day) {
		violent++;
		int hit = 0;
		for (size_t j = 0; j < enf->n && !hit; j++)
			hit = !strcmp(wf_get(&enf->v[j], "group"), name) && *action_date(&enf->v[j]) &&
			      strcmp(action_date(&enf->v[j]), json_string_value(day)) >= 0;
		met += hit;
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "group", name, "first_violence",
						      json_string_value(day), "met_consequences", hit));
	}
	json_object_set_new(out, "consequences", json_pack("{s:i, s:i, s:o, s:o}", "violent_groups", (int)violent,
		"met_consequences", (int)met, "share", violent ? json_real((double)met / (double)violent) : json_null(),
		"groups", list));
	json_decref(groups);
}

int workflow_kpi(struct access *a, const char *from, const char *to, json_t **result, struct err *e)
{
	struct period p = { from ? from : "", to ? to : "" };
	struct wf_rows inc = { 0 }, types = { 0 }, gi = { 0 }, enf = { 0 }, notes = { 0 }, calls = { 0 },
		invs = { 0 }, refs = { 0 }, invl = { 0 };
	json_t *out = json_object();
	json_object_set_new(out, "period", json_pack("{s:o, s:o}", "from", *p.from ? json_string(p.from) : json_null(),
						      "to", *p.to ? json_string(p.to) : json_null()));
	int rc = -1;
	static const char *const need_inc[] = { "incident", NULL };
	static const char *const need_act[] = { "incident", "enforcement", NULL };
	static const char *const need_grp[] = { "incident", "group-involvement", "enforcement", NULL };
	static const char *const need_note[] = { "notification", NULL };
	static const char *const need_call[] = { "callin", "invitation", NULL };
	static const char *const need_ref[] = { "referral", NULL };
	static const char *const need_rep[] = { "notification", "incident", "involvement", NULL };
	if (wf_list(a, "incident-type", NULL, &types, e))
		goto out;
	if (access_may_read(a, model_entity("incident")) && wf_list(a, "incident", NULL, &inc, e))
		goto out;
	if (access_may_read(a, model_entity("enforcement")) && wf_list(a, "enforcement", NULL, &enf, e))
		goto out;
	if (may(a, need_inc, out, "gmi_per_month"))
		gmi_months(&p, &inc, out);
	if (may(a, need_act, out, "first_action"))
		first_action(&p, &inc, &types, &enf, out);
	if (may(a, need_grp, out, "consequences")) {
		if (wf_list(a, "group-involvement", NULL, &gi, e))
			goto out;
		consequences(&p, &inc, &types, &gi, &enf, out);
	}
	if (may(a, need_note, out, "notifications_held")) {
		if (wf_list(a, "notification", NULL, &notes, e))
			goto out;
		long held = 0;
		for (size_t i = 0; i < notes.n; i++)
			held += !strcmp(wf_get(&notes.v[i], "status"), "held") && in_period(&p, wf_get(&notes.v[i], "held"));
		json_object_set_new(out, "notifications_held", json_integer(held));
	}
	if (may(a, need_call, out, "callin_attendance")) {
		if (wf_list(a, "callin", NULL, &calls, e) || wf_list(a, "invitation", NULL, &invs, e))
			goto out;
		long invited = 0, attended = 0;
		for (size_t i = 0; i < invs.n; i++) {
			const char *c = wf_get(&invs.v[i], "callin");
			const struct record *call = incident_by_id(&calls, c);
			if (!call || !in_period(&p, wf_get(call, "held")))
				continue;
			invited++;
			attended += !strcmp(wf_get(&invs.v[i], "attended"), "1");
		}
		json_object_set_new(out, "callin_attendance", json_pack("{s:i, s:i, s:o}", "invited", (int)invited,
			"attended", (int)attended, "rate", invited ? json_real((double)attended / (double)invited) : json_null()));
	}
	if (may(a, need_ref, out, "referrals")) {
		if (wf_list(a, "referral", NULL, &refs, e))
			goto out;
		long made = 0, accepted = 0, completed = 0;
		for (size_t i = 0; i < refs.n; i++) {
			const char *s = wf_get(&refs.v[i], "status");
			if (!in_period(&p, wf_get(&refs.v[i], "offered")))
				continue;
			made++;
			accepted += !strcmp(s, "accepted") || !strcmp(s, "started") || !strcmp(s, "completed");
			completed += !strcmp(s, "completed");
		}
		json_object_set_new(out, "referrals", json_pack("{s:i, s:i, s:i}", "made", (int)made, "accepted",
								 (int)accepted, "completed", (int)completed));
	}
	if (may(a, need_rep, out, "repeat_victimisation")) {
		if (wf_list(a, "involvement", NULL, &invl, e))
			goto out;
		/* person code → first held notification in the period */
		json_t *first = json_object();
		for (size_t i = 0; i < notes.n; i++) {
			const struct record *n = &notes.v[i];
			if (strcmp(wf_get(n, "status"), "held") || !in_period(&p, wf_get(n, "held")))
				continue;
			json_t *had = json_object_get(first, wf_get(n, "person"));
			if (!had || strcmp(wf_get(n, "held"), json_string_value(had)) < 0)
				json_object_set_new(first, wf_get(n, "person"), json_string(wf_get(n, "held")));
		}
		long victimised = 0;
		const char *person;
		json_t *day;
		json_object_foreach(first, person, day) {
			int hit = 0;
			for (size_t i = 0; i < invl.n && !hit; i++) {
				const struct record *v = &invl.v[i];
				if (strcmp(wf_get(v, "person"), person) || strcmp(wf_get(v, "role"), "victim"))
					continue;
				const struct record *x = incident_by_id(&inc, wf_get(v, "incident"));
				hit = x && strcmp(wf_get(x, "status"), "unfounded") && serious_type(&types, wf_get(x, "type")) &&
				      strncmp(wf_get(x, "occurred"), json_string_value(day), 10) > 0 &&
				      (!*p.to || strncmp(wf_get(x, "occurred"), p.to, 10) <= 0);
			}
			victimised += hit;
		}
		long notified = (long)json_object_size(first);
		json_object_set_new(out, "repeat_victimisation", json_pack("{s:i, s:i, s:o}", "notified", (int)notified,
			"victimised_after", (int)victimised,
			"rate", notified ? json_real((double)victimised / (double)notified) : json_null()));
		json_decref(first);
	}
	rc = 0;
out:
	wf_rows_release(&inc), wf_rows_release(&types), wf_rows_release(&gi), wf_rows_release(&enf);
	wf_rows_release(&notes), wf_rows_release(&calls), wf_rows_release(&invs), wf_rows_release(&refs);
	wf_rows_release(&invl);
	if (rc)
		json_decref(out);
	else
		*result = out;
	return rc;
}
