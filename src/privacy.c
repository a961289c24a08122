/* privacy.c — names, defaults and valid values of the privacy settings (see privacy.h).
 *
 * A setting is a row of the `setting` configuration list, so changing one is an audited write
 * like any other.  The design choice: a value outside its range is refused here rather than
 * clamped, so no setting can quietly switch a rule off (a window of 0 years, a review cycle of
 * 1000 months). */
#include "privacy.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const struct privacy_setting privacy_settings[PRIV_NKEYS] = {
	[PRIV_MIN_CRITERIA] = { "inclusion.min_criteria", 2, 1, 10,
				"different documented criteria a membership needs" },
	[PRIV_WINDOW_YEARS] = { "inclusion.window_years", 5, 1, 10,
				"the criteria must be dated within this many years" },
	[PRIV_MIN_AGE] = { "inclusion.min_age", 13, 10, 25,
			   "no membership for a person younger than this (at since)" },
	[PRIV_REVIEW_MONTHS] = { "review.months", 12, 1, 36,
				 "review cycle: a review date at most this many months ahead" },
	[PRIV_MINOR_MONTHS] = { "review.minor_months", 6, 1, 36,
				"review cycle for persons under 18" },
	[PRIV_GRACE_DAYS] = { "retention.grace_days", 30, 0, 365,
			      "days past the review date before `gvi retention run` removes a record" },
};

static int whole_number(const char *value, long min, long max, long *out)
{
	if (!value || !*value)
		return -1;
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int privacy_has_entry_date(const struct entity *en)
{
	for (const struct field *f = en->fields; f->name; f++)
		if ((f->type == F_DATE || f->type == F_DATETIME) && strcmp(f->name, "review"))
			return 1;
	return 0;
}

int privacy_retention_rule(const char *name, const struct entity **en, const char **kind)
{
	static const char prefix[] = "retention.";
	if (strncmp(name, prefix, sizeof prefix - 1) || !strcmp(name, "retention.grace_days"))
		return 0;
	char ename[64];
	const char *rest = name + sizeof prefix - 1, *dot = strchr(rest, '.');
	size_t n = dot ? (size_t)(dot - rest) : strlen(rest);
	if (n >= sizeof ename)
		return 0;
	memcpy(ename, rest, n);
	ename[n] = '\0';
	*en = model_entity(ename);
	*kind = dot ? dot + 1 : NULL;
	return 1;
}

int privacy_setting_check(const char *name, const char *value, struct err *e)
{
	long v;
	for (int k = 0; k < PRIV_NKEYS; k++) {
		const struct privacy_setting *s = &privacy_settings[k];
		if (strcmp(s->name, name))
			continue;
		if (whole_number(value, s->min, s->max, &v))
			return err_set(e, "value: %s must be a whole number from %ld to %ld, got \"%s\"",
				       name, s->min, s->max, value ? value : "");
		return 0;
	}
	const struct entity *en;
	const char *kind;
	if (!privacy_retention_rule(name, &en, &kind))
		return err_set(e, "name: no setting \"%s\"; the settings are inclusion.min_criteria, "
			       "inclusion.window_years, inclusion.min_age, review.months, "
			       "review.minor_months, retention.grace_days and "
			       "retention.ENTITY[.AGENCY_KIND]", name);
	if (!en || !model_is_personal(en))
		return err_set(e, "name: %s: a retention rule names an entity that holds personal data",
			       name);
	for (size_t k = 0; k < model_nentities; k++)
		for (const struct field *f = model_entities[k]->fields; f->name; f++) {
			/* a task follows up what it names and is removed with it (remove_record in
			 * access.c deletes every record that refers to a removed one) */
			if (!strcmp(model_entities[k]->name, "task"))
				break;
			const struct field *g = f->type == F_LIST ? f->item->fields : NULL;
			int refers = f->type == F_REF && !strcmp(f->ref, en->name);
			for (; g && g->name && !refers; g++)
				refers = g->type == F_REF && !strcmp(g->ref, en->name);
			if (refers)
				return err_set(e, "name: %s: other records (%s) refer to %s records; they "
					       "are removed by review date or with their person", name,
					       model_entities[k]->name, en->name);
		}
	if (!privacy_has_entry_date(en))
		return err_set(e, "name: %s: %s records carry no date to count from; they are "
			       "removed by their review date or with their person", name, en->name);
	if (kind) {
		const struct field *f = model_field(model_entity("agency"), "kind");
		if (model_choice(f, kind) < 0) {
			char choices[256];
			model_choices_text(f, choices, sizeof choices);
			return err_set(e, "name: %s: \"%s\" is not an agency kind (%s)", name, kind, choices);
		}
	}
	if (whole_number(value, 1, 1200, &v))
		return err_set(e, "value: %s is months after the last entry, a whole number from 1 "
			       "to 1200, got \"%s\"", name, value ? value : "");
	return 0;
}
