/* seed.c — default configuration of a new repository: the incident taxonomy with severity
 * weights, membership criteria, enforcement levers and support services.  A programme edits
 * them with `gvi incident-type`, `gvi criterion`, `gvi lever` and `gvi service`.  Severity
 * weights follow the order police statistics treat the categories in: lethal and
 * potentially lethal violence (shootings, explosions) highest. */
#include "seed.h"

#include <stddef.h>

struct seed_row {
	const char *entity;
	const char *values[4][2];   /* field, value */
};

static const struct seed_row rows[] = {
	{ "incident-type", { { "name", "murder" }, { "label_sv", "mord/dråp" }, { "severity", "10" }, { "serious", "1" } } },
	{ "incident-type", { { "name", "shooting" }, { "label_sv", "skjutning" }, { "severity", "9" }, { "serious", "1" } } },
	{ "incident-type", { { "name", "explosion" }, { "label_sv", "sprängning" }, { "severity", "8" }, { "serious", "1" } } },
	{ "incident-type", { { "name", "attempted_murder" }, { "label_sv", "mordförsök" }, { "severity", "8" }, { "serious", "1" } } },
	{ "incident-type", { { "name", "aggravated_assault" }, { "label_sv", "grov misshandel" }, { "severity", "6" }, { "serious", "1" } } },
	{ "incident-type", { { "name", "arson" }, { "label_sv", "mordbrand" }, { "severity", "5" }, { "serious", "1" } } },
	{ "incident-type", { { "name", "robbery" }, { "label_sv", "rån" }, { "severity", "4" }, { "serious", "0" } } },
	{ "incident-type", { { "name", "assault" }, { "label_sv", "misshandel" }, { "severity", "3" }, { "serious", "0" } } },
	{ "incident-type", { { "name", "threat" }, { "label_sv", "olaga hot" }, { "severity", "2" }, { "serious", "0" } } },
	{ "incident-type", { { "name", "weapons_offence" }, { "label_sv", "vapenbrott" }, { "severity", "3" }, { "serious", "0" } } },
	{ "criterion", { { "name", "self_admission" }, { "description", "the person has said they belong to the group" } } },
	{ "criterion", { { "name", "intelligence" }, { "description", "police intelligence report assessed as reliable" } } },
	{ "criterion", { { "name", "co_offending" }, { "description", "offended together with known members" } } },
	{ "criterion", { { "name", "symbols" }, { "description", "group symbols, clothing or tattoos documented" } } },
	{ "criterion", { { "name", "social_media" }, { "description", "group content published by the person" } } },
	{ "criterion", { { "name", "observed_with_members" }, { "description", "repeatedly observed with members" } } },
	{ "lever", { { "name", "increased_patrols" }, { "description", "visible police presence where the group meets" } } },
	{ "lever", { { "name", "warrant_checks" }, { "description", "outstanding warrants and fines executed" } } },
	{ "lever", { { "name", "probation_conditions" }, { "description", "supervision conditions enforced by Kriminalvården" } } },
	{ "lever", { { "name", "asset_recovery" }, { "description", "proceeds of crime, tax and benefit checks" } } },
	{ "lever", { { "name", "traffic_enforcement" }, { "description", "vehicle and traffic checks" } } },
	{ "lever", { { "name", "housing_rules" }, { "description", "tenancy rules enforced by landlords" } } },
	{ "lever", { { "name", "prosecution_priority" }, { "description", "cases against members prioritised" } } },
	{ "service", { { "name", "exit_programme" }, { "description", "avhopparverksamhet: help to leave criminal life" } } },
	{ "service", { { "name", "employment" }, { "description", "work and job training" } } },
	{ "service", { { "name", "housing" }, { "description", "a place to live" } } },
	{ "service", { { "name", "addiction" }, { "description", "treatment for substance use" } } },
	{ "service", { { "name", "education" }, { "description", "school and adult education" } } },
	{ "service", { { "name", "protection" }, { "description", "protection and relocation" } } },
	{ "service", { { "name", "family_support" }, { "description", "support to the family" } } },
	{ "service", { { "name", "mental_health" }, { "description", "psychiatric and psychological care" } } },
};

int seed_defaults(struct access *a, struct err *e)
{
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct record r;
		record_init(&r, model_entity(rows[i].entity));
		int rc = 0;
		for (int k = 0; k < 4 && rows[i].values[k][0] && !rc; k++)
			rc = record_set(&r, rows[i].values[k][0], rows[i].values[k][1], e);
		rc = rc || access_add(a, &r, e);
		record_release(&r);
		if (rc)
			return -1;
	}
	return 0;
}
