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

#define CONFIG "area agency user incident-type criterion lever service purpose setting legal-basis"
#define AUDIT_GROUP "group membership tie relation incident involvement group-involvement"
/* Outcome series imported for the evaluation (police statistics of comparison areas):
 * public aggregates, read by every role, kept by those who evaluate. */
#define EXTERNAL "external-series"

struct role_rule {
	const char *role;
	const char *reads;     /* space-separated entity names, "*" = all */
	const char *writes;
	int secret;            /* sees personnummer on a full record */
	int audit;             /* reads the audit log */
};

/* Analyses over records a role may not read (policy_counts_unreadable): Kriminalvården gets
 * the person metrics and the victimisation risk of the persons it may read, for its call-in
 * and supervision work, computed from the whole group audit and incident review; the records
 * themselves stay unreadable to it and its explanations only count them. */
static const struct {
	const char *role, *entities;
} counted_unreadable[] = {
	{ "probation", AUDIT_GROUP },
};

static const struct role_rule rules[] = {
	{ "admin", CONFIG " " EXTERNAL, CONFIG, 0, 1 },
	{ "coordinator", "*",
	  "area incident-type criterion lever service " AUDIT_GROUP
	  " person notification callin invitation enforcement referral supervision disclosure "
	  EXTERNAL " response-case task", 1, 0 },
	{ "police_analyst", CONFIG " person callin enforcement supervision referral " AUDIT_GROUP
	  " " EXTERNAL, "person enforcement disclosure " AUDIT_GROUP " " EXTERNAL " response-case task",
	  1, 0 },
	{ "social_services", CONFIG " person notification callin invitation referral " EXTERNAL,
	  "referral disclosure task", 1, 0 },
	{ "probation", CONFIG " person callin invitation supervision referral response-case " EXTERNAL,
	  "invitation supervision disclosure task", 1, 0 },
	{ "community_partner", "area agency incident-type callin purpose " EXTERNAL, "", 0, 0 },
	{ "evaluator", "area agency incident-type criterion lever service purpose setting legal-basis",
	  EXTERNAL, 0, 0 },
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

int policy_reads_aggregates(const char *role, const struct entity *en)
{
	(void)en;
	return rule_for(role) != NULL;
}

int policy_reads_audit(const char *role)
{
	const struct role_rule *r = rule_for(role);
	return r && r->audit;
}

int policy_counts_unreadable(const char *role, const struct entity *en)
{
	if (policy_allows(role, en, POLICY_READ))
		return 0;
	for (size_t i = 0; i < sizeof counted_unreadable / sizeof counted_unreadable[0]; i++)
		if (!strcmp(counted_unreadable[i].role, role) && listed(counted_unreadable[i].entities, en->name))
			return 1;
	return 0;
}

int policy_runs_retention(const char *role)
{
	return !strcmp(role, "admin") || !strcmp(role, "coordinator");
}

/* Social services' support: a referral is read by its owner, or under a disclosure.  The
 * disclosures themselves by the two agencies they name (access.c). */
#define OWNER_RESTRICTED "referral disclosure"

int policy_owner_restricted(const struct entity *en)
{
	return listed(OWNER_RESTRICTED, en->name);
}

int policy_known_role(const char *role)
{
	return rule_for(role) != NULL;
}

/* The registerutdrag (`gvi extract`) gathers every record about one person, so only a role
 * that reads all personal entities makes one: the coordinator, on behalf of the owning
 * agency, which reviews it before release. */
int policy_extracts(const char *role)
{
	return role && !strcmp(role, "coordinator");
}

/* A person's access register: the data-protection officer (who reads the audit log) and the
 * roles that make extracts, of which it is a part. */
int policy_reads_register(const char *role)
{
	return policy_reads_audit(role) || policy_extracts(role);
}

/* A backup copies everything, so it is the system administrator's job, like the audit log;
 * the copy is encrypted, and restoring it needs an admin of the copy. */
int policy_backs_up(const char *role)
{
	return policy_reads_audit(role);
}
