/* policy.h — who may read and write what: the one place gvi decides access.
 *
 * Every read and write, from the CLI, the web pages or the API, is checked here by access.c;
 * nothing else decides.  The matrix is per role and entity; docs/access-policy.md prints it
 * and tests/cli enumerate it. */
#ifndef GVI_POLICY_H
#define GVI_POLICY_H
#include "model.h"

enum policy_op { POLICY_READ, POLICY_WRITE };

/* May a user with `role` read (list, show, export) or write (add, edit, end, delete, import)
 * records of entity `en`? */
int policy_allows(const char *role, const struct entity *en, enum policy_op op);
/* May the role see a secret field (the personnummer) on a full record? */
int policy_sees_secret(const char *role, const struct entity *en, const struct field *f);
/* May the role have aggregates (counts per area and month) of an entity it may not read
 * record by record?  Every role may: the programme's results are open to all its partners
 * and to the evaluators (docs/access-policy.md). */
int policy_reads_aggregates(const char *role, const struct entity *en);
/* May the role read the audit log? (admin, as data-protection officer) */
int policy_reads_audit(const char *role);
/* May the role make a person's extract (registerutdrag)?  (coordinator) */
int policy_extracts(const char *role);
/* May the role read a person's access register?  (admin, coordinator) */
int policy_reads_register(const char *role);
/* May the role make a backup, or restore one?  (admin) */
int policy_backs_up(const char *role);
/* May an analysis shown to `role` rest on records of `en` that the role may not read?  Such
 * records are counted into scores and, in an explanation, shown only as existing ("1 underlag
 * som du inte har behörighet att se"), never what they are.  False for entities the role
 * reads anyway (it sees them). */
int policy_counts_unreadable(const char *role, const struct entity *en);
/* May the role run retention (`gvi retention run`)? (admin, coordinator) */
int policy_runs_retention(const char *role);
/* Are records of en visible only to their owning agency, and to an agency it disclosed them
 * to (docs/privacy.md)? */
int policy_owner_restricted(const struct entity *en);
/* Is `role` one of the known roles? */
int policy_known_role(const char *role);

#endif
