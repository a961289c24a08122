/* policy.c — the access matrix (see policy.h).
 *
 * Read it as: for each role, the entities it may read and the entities it may write.  Roles
 * follow the programme's division of secrecy: the coordinator runs the operational picture,
 * the police analyst the group audit and incident review, social services the support they
 * own, Kriminalvården its supervisees' call-ins, community partners only call-ins and
 * aggregates, evaluators nothing personal, the admin users and configuration but no personal
 * data.  Row-level rules (ownership, consent to share) come on top of this with the web
 * issue; this matrix is the floor. */
#include "policy.h"

#include <string.h>

#define CONFIG "area agency user incident-type criterion lever service"
#define AUDIT_GROUP "group membership tie relation incident involvement group-involvement"

struct role_rule {
	const char *role;
	const char *reads;     /* space-separated entity names, "*" = all */
	const char *writes;
	int secret;            /* sees personnummer on a full record */
	int audit;             /* reads the audit log */
};

static const struct role_rule rules[] = {
	{ "admin", CONFIG, CONFIG, 0, 1 },
	{ "coordinator", "*",
	  "area incident-type criterion lever service " AUDIT_GROUP
	  " person notification callin invitation enforcement referral supervision"
	  " response-case task", 1, 0 },
	{ "police_analyst", CONFIG " person callin enforcement supervision " AUDIT_GROUP,
	  "person enforcement " AUDIT_GROUP " response-case task", 1, 0 },
	{ "social_services", CONFIG " person notification callin invitation referral",
	  "referral task", 1, 0 },
	{ "probation", CONFIG " person callin invitation supervision response-case",
	  "invitation supervision task", 1, 0 },
	{ "community_partner", "area agency incident-type callin", "", 0, 0 },
	{ "evaluator", "area agency incident-type criterion lever service", "", 0, 0 },
};

static const struct role_rule *rule_for(const char *role)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (!strcmp(rules[i].role, role))
			return &rules[i];
	return NULL;
}

static int listed(const char *list, const char *name)
{
	if (!strcmp(list, "*"))
		return 1;
	size_t n = strlen(name);
	for (const char *p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

int policy_allows(const char *role, const struct entity *en, enum policy_op op)
{
	const struct role_rule *r = rule_for(role);
	if (!r)
		return 0;
	return listed(op == POLICY_READ ? r->reads : r->writes, en->name) ||
	       (op == POLICY_READ && listed(r->writes, en->name));
}

int policy_sees_secret(const char *role, const struct entity *en, const struct field *f)
{
	(void)f;
	const struct role_rule *r = rule_for(role);
	return r && r->secret && policy_allows(role, en, POLICY_READ);
}

int policy_reads_audit(const char *role)
{
	const struct role_rule *r = rule_for(role);
	return r && r->audit;
}

int policy_known_role(const char *role)
{
	return rule_for(role) != NULL;
}
