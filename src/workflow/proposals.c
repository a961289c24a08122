/* proposals.c — retaliation prevention for a response case: whom to give a custom notification.
 *
 * For each incident of the case, the retaliation watch of analysis/report_retaliation.c (the
 * persons at elevated risk and the groups in conflict with the victimised group), reused as
 * it is, not redone.  When it has nothing to say (no victimised group recorded, no victim in a
 * group, or the role may not read what it needs), the group relations stand in: the groups in
 * a conflict with the case's group in force today, and their current core members. */
#include "analysis/retaliation.h"
#include "workflow/wf.h"
#include "workflow/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int has_code(json_t *arr, const char *key, const char *value)
{
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x)
		if (!strcmp(json_string_value(json_object_get(x, key)) ? json_string_value(json_object_get(x, key)) : "", value))
			return 1;
	return 0;
}

static int from_relations(struct access *a, const char *group, json_t *groups, json_t *persons, struct err *e)
{
	if (!access_may_read(a, model_entity("relation")))
		return 0;
	char today[DATE_LEN];
	date_today(today);
	struct wf_rows rel;
	if (wf_list(a, "relation", NULL, &rel, e))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < rel.n && !rc; i++) {
		const struct record *x = &rel.v[i];
		const char *ga = wf_get(x, "group_a"), *gb = wf_get(x, "group_b"), *until = wf_get(x, "until");
		if (strcmp(wf_get(x, "kind"), "conflict") || (*until && strcmp(until, today) < 0))
			continue;
		const char *other = !strcmp(ga, group) ? gb : !strcmp(gb, group) ? ga : NULL;
		if (!other || has_code(groups, "group", other))
			continue;
		char why[256];
		snprintf(why, sizeof why, "i konflikt med %s (grupprelation %lld)", group, (long long)x->id);
		json_array_append_new(groups, json_pack("{s:s, s:s}", "group", other, "why", why));
		if (!access_may_read(a, model_entity("membership")))
			continue;
		struct wf_rows mem;
		if ((rc = wf_where(a, "membership", "group", other, &mem, e)))
			break;
		for (size_t k = 0; k < mem.n; k++) {
			const struct record *m = &mem.v[k];
			if (strcmp(wf_get(m, "level"), "core") || (*wf_get(m, "until") && strcmp(wf_get(m, "until"), today) < 0) ||
			    has_code(persons, "code", wf_get(m, "person")))
				continue;
			snprintf(why, sizeof why, "kärnmedlem i %s, som är i konflikt med %s", other, group);
			json_array_append_new(persons, json_pack("{s:s, s:s}", "code", wf_get(m, "person"), "why", why));
		}
		wf_rows_release(&mem);
	}
	wf_rows_release(&rel);
	return rc;
}

int workflow_case_proposals(struct access *a, int64_t id, json_t **out, struct err *e)
{
	struct record c;
	int found = workflow_record(a, "response-case", id, &c, e);
	if (found != 1) {
		record_release(&c);
		return -1;
	}
	json_t *groups = json_array(), *persons = json_array();
	const char *source = "none";
	int rc = 0;
	const struct record_list *l = &c.lists[model_field_index(c.e, model_field(c.e, "incidents"))];
	for (size_t k = 0; k < l->n && !rc; k++) {
		json_t *w = NULL;
		if ((rc = retaliation_watch_incident(a, strtoll(l->item[k][0], NULL, 10), 10, &w, e)) || !w)
			continue;
		source = "analysis";
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(w, "target_groups"), i, x) {
			const char *g = json_string_value(json_object_get(x, "group"));
			if (g && !has_code(groups, "group", g)) {
				char why[256];
				snprintf(why, sizeof why, "i konflikt med den utsatta gruppen %s (händelse %s)",
					 json_string_value(json_object_get(x, "in_conflict_with")), l->item[k][0]);
				json_array_append_new(groups, json_pack("{s:s, s:s}", "group", g, "why", why));
			}
		}
		json_array_foreach(json_object_get(w, "persons"), i, x) {
			const char *code = json_string_value(json_object_get(x, "code"));
			if (code && !has_code(persons, "code", code))
				json_array_append_new(persons, json_pack("{s:s, s:s, s:O, s:O}", "code", code, "why",
					json_string_value(json_object_get(x, "reason")), "score", json_object_get(x, "score"),
					"notification", json_object_get(x, "notification")));
		}
		json_decref(w);
	}
	if (!rc && !strcmp(source, "none")) {
		rc = from_relations(a, wf_get(&c, "group"), groups, persons, e);
		if (json_array_size(groups))
			source = "relations";
	}
	record_release(&c);
	if (rc) {
		json_decref(groups);
		json_decref(persons);
		return -1;
	}
	*out = json_pack("{s:s, s:o, s:o}", "source", source, "groups", groups, "persons", persons);
	return 0;
}
