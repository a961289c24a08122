/* cmd_kpi.c — `gvi kpi`: the programme's performance measures (workflow/kpi.c) for a period,
 * as text for people or one JSON object (--json) for reports. */
#include "cli.h"
#include "date.h"
#include "workflow/workflow.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static void print_value(const char *label, json_t *v)
{
	printf("%-44s ", label);
	if (!v || json_is_null(v))
		printf("–\n");
	else if (json_is_integer(v))
		printf("%lld\n", (long long)json_integer_value(v));
	else if (json_is_real(v))
		printf("%.2f\n", json_real_value(v));
	else
		printf("%s\n", json_string_value(v) ? json_string_value(v) : "?");
}

/* A measure the role may not see is {"value": null, "not_visible": "..."}. */
static int hidden(json_t *m, const char *label)
{
	if (!json_is_object(m) || !json_object_get(m, "not_visible"))
		return 0;
	printf("%-44s not shown: %s\n", label, json_string_value(json_object_get(m, "not_visible")));
	return 1;
}

static void print_text(json_t *k)
{
	json_t *p = json_object_get(k, "period");
	printf("Performance measures, %s – %s\n\n",
	       json_is_string(json_object_get(p, "from")) ? json_string_value(json_object_get(p, "from")) : "start",
	       json_is_string(json_object_get(p, "to")) ? json_string_value(json_object_get(p, "to")) : "today");
	json_t *m = json_object_get(k, "gmi_per_month");
	if (!hidden(m, "GMI homicides and shootings per month")) {
		printf("GMI homicides and shootings per month:\n");
		size_t i;
		json_t *row;
		json_array_foreach(m, i, row)
			printf("  %s  homicides %lld  shootings %lld\n", json_string_value(json_object_get(row, "month")),
			       (long long)json_integer_value(json_object_get(row, "homicides")),
			       (long long)json_integer_value(json_object_get(row, "shootings")));
		if (!json_array_size(m))
			printf("  (none)\n");
	}
	if (!hidden((m = json_object_get(k, "first_action")), "Incident to first enforcement action")) {
		print_value("Incidents with an enforcement action", json_object_get(m, "incidents_with_action"));
		print_value("Incidents without one yet", json_object_get(m, "incidents_without_action"));
		print_value("Days to first action, median", json_object_get(m, "median_days"));
		print_value("Days to first action, mean", json_object_get(m, "mean_days"));
	}
	if (!hidden((m = json_object_get(k, "consequences")), "Violent groups that met consequences")) {
		print_value("Violent groups", json_object_get(m, "violent_groups"));
		print_value("Of them met consequences", json_object_get(m, "met_consequences"));
		print_value("Share", json_object_get(m, "share"));
	}
	if (!hidden((m = json_object_get(k, "notifications_held")), "Custom notifications held"))
		print_value("Custom notifications held", m);
	if (!hidden((m = json_object_get(k, "callin_attendance")), "Call-in attendance")) {
		print_value("Call-in invitations", json_object_get(m, "invited"));
		print_value("Attended", json_object_get(m, "attended"));
		print_value("Attendance rate", json_object_get(m, "rate"));
	}
	if (!hidden((m = json_object_get(k, "referrals")), "Referrals")) {
		print_value("Referrals made", json_object_get(m, "made"));
		print_value("Referrals accepted", json_object_get(m, "accepted"));
		print_value("Referrals completed", json_object_get(m, "completed"));
	}
	if (!hidden((m = json_object_get(k, "repeat_victimisation")), "Repeat victimisation")) {
		print_value("Persons notified", json_object_get(m, "notified"));
		print_value("Victimised after notification", json_object_get(m, "victimised_after"));
		print_value("Repeat victimisation rate", json_object_get(m, "rate"));
	}
}

int cmd_kpi(struct cli *c, int argc, char **argv)
{
	char from[DATE_LEN] = "", to[DATE_LEN] = "";
	for (int i = 1; i < argc; i++) {
		const char *v;
		struct err pe = { 0 };
		if ((v = cli_opt(argc, argv, &i, "from"))) {
			if (date_parse(v, from, &pe))
				return cli_usage("--from: %s", pe.msg);
		} else if ((v = cli_opt(argc, argv, &i, "to"))) {
			if (date_parse(v, to, &pe))
				return cli_usage("--to: %s", pe.msg);
		} else {
			return cli_usage("gvi kpi [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]");
		}
	}
	if (*from && *to && strcmp(from, to) > 0)
		return cli_usage("gvi kpi: --from %s is after --to %s", from, to);
	struct access *a;
	if (cli_open(c, &a, 0))
		return 1;
	struct err e = { 0 };
	json_t *k = NULL;
	int rc = workflow_kpi(a, from, to, &k, &e);
	access_close(a);
	if (rc)
		return cli_fail(&e);
	if (c->fmt == TABLE_JSON) {
		json_dumpf(k, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		putchar('\n');
	} else {
		print_text(k);
	}
	json_decref(k);
	return 0;
}
