/* routes.c — the route table of `gvi serve` and its matcher (see routes.h).
 *
 * To add a page: write its handler in a page_*.c file, declare it in web.h and add one line
 * here.  The table is short enough that a linear scan is the fastest honest matcher. */
#include "routes.h"
#include "page.h"   /* the group, incident, audit-log and language pages */
#include "page_analyze.h"
#include "web/page_workflow.h"   /* cases, tasks, KPIs, notification and call-in workflows */

#include <stdio.h>
#include <string.h>

static const struct route routes[] = {
	{ "GET", "/", page_home, 1, ROUTE_PAGE },
	{ "GET", "/analys", page_analyze, 1, ROUTE_PAGE },
	{ "GET", "/analys/natverk", page_analyze_network, 1, ROUTE_PAGE },
	{ "GET", "/analys/natverk/{file}", page_analyze_network_file, 1, ROUTE_PAGE },
	{ "GET", "/analys/personer", page_analyze_persons, 1, ROUTE_PAGE },
	{ "GET", "/analys/personer/{code}", page_analyze_person, 1, ROUTE_PAGE },
	{ "GET", "/analys/risk", page_analyze_risk, 1, ROUTE_PAGE },
	{ "GET", "/analys/vedergallning", page_analyze_retaliation, 1, ROUTE_PAGE },
	{ "GET", "/api/v1/openapi.json", api_openapi, 0, ROUTE_API },   /* before {entity} */
	{ "GET", "/api/v1/{entity}", api_list, 1, ROUTE_API },
	{ "POST", "/api/v1/{entity}", api_add, 1, ROUTE_API },
	{ "GET", "/api/v1/{entity}/{id}", api_show, 1, ROUTE_API },
	{ "PATCH", "/api/v1/{entity}/{id}", api_edit, 1, ROUTE_API },
	{ "GET", "/audit", page_audit, 1, ROUTE_PAGE },
	{ "GET", "/calendar/{key}", page_calendar, 0, ROUTE_PLAIN },
	{ "GET", "/cases", page_cases, 1, ROUTE_PAGE },
	{ "POST", "/cases/attribute", page_case_attribute, 1, ROUTE_PAGE },
	{ "GET", "/cases/{id}", page_case, 1, ROUTE_PAGE },
	{ "POST", "/cases/{id}/{step}", page_case_step, 1, ROUTE_PAGE },
	{ "GET", "/audit/verify", page_audit_verify, 1, ROUTE_PAGE },
	{ "GET", "/groups", page_groups, 1, ROUTE_PAGE },
	{ "GET", "/groups/{ref}", page_group, 1, ROUTE_PAGE },
	{ "GET", "/healthz", web_healthz, 0, ROUTE_PLAIN },
	{ "GET", "/incidents", page_incidents, 1, ROUTE_PAGE },
	{ "GET", "/incidents/new", page_incident_form, 1, ROUTE_PAGE },   /* before {id} */
	{ "POST", "/incidents/new", page_incident_add, 1, ROUTE_PAGE },
	{ "GET", "/incidents/{id}", page_incident, 1, ROUTE_PAGE },
	{ "GET", "/invite/{id}", page_invite, 1, ROUTE_PAGE },
	{ "POST", "/invite/{id}/add", page_invite_add, 1, ROUTE_PAGE },
	{ "POST", "/invite/{id}/attend", page_invite_attend, 1, ROUTE_PAGE },
	{ "GET", "/invite/{id}/letter/{inv}", page_invite_letter, 1, ROUTE_PAGE },
	{ "GET", "/kpi", page_kpi, 1, ROUTE_PAGE },
	{ "GET", "/lang", page_lang, 0, ROUTE_PAGE },
	{ "GET", "/letter.css", page_letter_css, 0, ROUTE_PLAIN },
	{ "GET", "/login", page_login_form, 0, ROUTE_PAGE },
	{ "POST", "/login", page_login_post, 0, ROUTE_PAGE },
	{ "POST", "/logout", page_logout, 1, ROUTE_PAGE },
	{ "GET", "/notify/{id}", page_notify, 1, ROUTE_PAGE },
	{ "POST", "/notify/{id}/deliver", page_notify_deliver, 1, ROUTE_PAGE },
	{ "GET", "/notify/{id}/letter", page_notify_letter, 1, ROUTE_PAGE },
	{ "GET", "/persons", page_persons, 1, ROUTE_PAGE },
	{ "GET", "/persons/{code}", page_person, 1, ROUTE_PAGE },
	{ "GET", "/persons/{code}/register", page_person_register, 1, ROUTE_PAGE },
	{ "GET", "/persons/{code}/extract", page_person_extract, 1, ROUTE_PAGE },
	{ "GET", "/r", page_entities, 1, ROUTE_PAGE },
	{ "GET", "/r/{entity}", page_entity_list, 1, ROUTE_PAGE },
	{ "POST", "/r/{entity}", page_entity_add, 1, ROUTE_PAGE },
	{ "GET", "/r/{entity}/new", page_entity_new, 1, ROUTE_PAGE },   /* before {ref} */
	{ "POST", "/r/callin/{ref}/attendance", page_callin_mark, 1, ROUTE_PAGE },
	{ "GET", "/r/{entity}/{ref}", page_entity_show, 1, ROUTE_PAGE },
	{ "GET", "/r/{entity}/{ref}/edit", page_entity_edit, 1, ROUTE_PAGE },
	{ "POST", "/r/{entity}/{ref}/edit", page_entity_save, 1, ROUTE_PAGE },
	{ "GET", "/r/{entity}/{ref}/delete", page_entity_remove_form, 1, ROUTE_PAGE },
	{ "POST", "/r/{entity}/{ref}/delete", page_entity_remove, 1, ROUTE_PAGE },
	{ "GET", "/purpose", page_purpose_form, 1, ROUTE_PAGE },
	{ "POST", "/purpose", page_purpose_post, 1, ROUTE_PAGE },
	{ "GET", "/static/{file}", web_static, 0, ROUTE_PLAIN },
	{ "GET", "/favicon.ico", web_favicon, 0, ROUTE_PLAIN },
	{ "GET", "/tasks", page_tasks, 1, ROUTE_PAGE },
	{ "POST", "/tasks/key", page_task_key, 1, ROUTE_PAGE },
	{ "POST", "/tasks/{id}/done", page_task_done, 1, ROUTE_PAGE },
	{ "GET", "/utvardering", page_evaluate, 1, ROUTE_PAGE },
	{ "GET", "/utvardering/rapport", page_evaluate_report, 1, ROUTE_PAGE },
};

/* Matches pattern against the path in scratch, which it cuts into segments in place. */
static int match(const char *pattern, char *scratch, const char *params[WEB_MAX_PARAMS])
{
	char *seg[16];
	size_t ns = 0, np = 0;
	for (char *s = scratch; s; s = strchr(s + 1, '/')) {
		if (ns == 16)
			return 0;
		*s = '\0';
		seg[ns++] = s + 1;
	}
	size_t k = 0;
	for (const char *p = pattern; p; p = strchr(p + 1, '/'), k++) {
		const char *q = p + 1, *end = strchr(q, '/');
		size_t len = end ? (size_t)(end - q) : strlen(q);
		if (k == ns)
			return 0;
		if (len && q[0] == '{') {
			if (!seg[k][0] || np == WEB_MAX_PARAMS)
				return 0;
			params[np++] = seg[k];
		} else if (strlen(seg[k]) != len || strncmp(seg[k], q, len)) {
			return 0;
		}
	}
	return k == ns;
}

enum route_match routes_match(const char *method, const char *path, const struct route **out,
			      const char *params[WEB_MAX_PARAMS], char *scratch, size_t n,
			      const char **allow)
{
	const char *m = !strcmp(method, "HEAD") ? "GET" : method;
	const struct route *other = NULL;
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		snprintf(scratch, n, "%s", path);
		const char *pv[WEB_MAX_PARAMS] = { 0 };
		if (!match(routes[i].pattern, scratch, pv))
			continue;
		if (strcmp(routes[i].method, m)) {
			if (!other)
				other = &routes[i];
			continue;
		}
		memcpy(params, pv, sizeof pv);
		*out = &routes[i];
		return ROUTE_FOUND;
	}
	if (!other)
		return ROUTE_NO_PATH;
	*out = other;
	*allow = !strcmp(other->method, "GET") ? "GET, HEAD" : other->method;
	return ROUTE_NO_METHOD;
}
