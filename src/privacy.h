/* privacy.h — the settings of the privacy rules (inclusion, review, retention) and their checks.
 *
 * The rules themselves are applied by the access layer (access.c); this module only knows
 * the names a programme may set (`gvi setting`), their built-in defaults and what values are
 * valid, so a bad setting is refused before it can weaken a rule.  See docs/privacy.md. */
#ifndef GVI_PRIVACY_H
#define GVI_PRIVACY_H
#include "err.h"
#include "model.h"

enum privacy_key {
	PRIV_MIN_CRITERIA,   /* inclusion.min_criteria: distinct criteria a membership needs */
	PRIV_WINDOW_YEARS,   /* inclusion.window_years: within this many years */
	PRIV_MIN_AGE,        /* inclusion.min_age: no membership below this age */
	PRIV_REVIEW_MONTHS,  /* review.months: the review cycle */
	PRIV_MINOR_MONTHS,   /* review.minor_months: the cycle for persons under 18 */
	PRIV_GRACE_DAYS,     /* retention.grace_days: past the review date before removal */
	PRIV_NKEYS
};

struct privacy_setting {
	const char *name;
	long def, min, max;
	const char *help;
};

extern const struct privacy_setting privacy_settings[PRIV_NKEYS];

/* Checks a setting's name and value: one of the fixed names with a whole number in its
 * range, or a retention rule "retention.ENTITY" / "retention.ENTITY.AGENCY_KIND" with a
 * number of months.  Returns 0, or -1 with e naming what is wrong. */
int privacy_setting_check(const char *name, const char *value, struct err *e);

/* Parses a retention rule's name.  Returns 1 with *en and *kind (NULL for every agency; else
 * points into name), 0 if name is not a retention rule. */
int privacy_retention_rule(const char *name, const struct entity **en, const char **kind);

/* Does entity en carry a date a retention rule can count from (its "last entry")? */
int privacy_has_entry_date(const struct entity *en);

#endif
