/* dataset.h — what the analyses work on, read once through the access layer.
 *
 * dataset_load reads persons, groups, memberships, ties, relations, incidents, involvements
 * and group involvements with the acting user's rights (access_list: the policy decides, and
 * a role that may not read an entity gets it empty with `missing` saying so), keeps the
 * incidents of the chosen period and area, and turns references into dense indices so the
 * analyses index arrays instead of looking names up.  Persons keep their pseudonymous code;
 * names are not loaded at all. */
#ifndef GVI_ANALYSIS_DATASET_H
#define GVI_ANALYSIS_DATASET_H
#include <stdint.h>
#include "access.h"
#include "date.h"

enum ds_role { DS_SUSPECT, DS_VICTIM, DS_WITNESS, DS_OTHER };
enum ds_side { DS_PERPETRATING, DS_VICTIMISED };
enum ds_relation_kind { DS_CONFLICT, DS_ALLIANCE, DS_NEUTRAL };

struct ds_person {
	int64_t id;
	int supervised;         /* under Kriminalvården's supervision today (if the role may see it) */
	char code[16];
	char birth[DATE_LEN];   /* may be "" */
	char area[128];
};

struct ds_group {
	int64_t id;
	char name[128];
	char status[16];
};

struct ds_incident {
	int64_t id;
	char occurred[DATETIME_LEN];
	char day[DATE_LEN];     /* the first day the occurred time may be ("2024-03" → 2024-03-01) */
	char type[48];
	int severity;           /* from the incident type */
	int serious;            /* counts as serious violence */
	int killed, injured;
	int gmi;
	char area[128];
};

struct ds_involvement { int incident, person; enum ds_role role; int64_t id; };
struct ds_group_involvement { int incident, group; enum ds_side side; double confidence; int64_t id; };
struct ds_membership { int person, group; char level[16]; char since[DATE_LEN], until[DATE_LEN]; int64_t id; };
struct ds_tie { int a, b; double weight; char kind[24]; int64_t id; };
struct ds_relation { int a, b; enum ds_relation_kind kind; int intensity; char since[DATE_LEN], until[DATE_LEN]; int64_t id; };

struct ds_filter {
	const char *from, *to;   /* incident period, inclusive days "YYYY-MM-DD"; NULL = open */
	const char *area;        /* incidents in this area or its districts; NULL = all */
	int serious_only;        /* only incidents whose type counts as serious violence */
	/* Also load the records of entities the role may not read but whose records the policy
	 * lets analyses count for it (access_list_unreadable); they are marked in ds->unseen and
	 * an analysis that sets this must show them only as existing. */
	int count_unreadable;
};

/* Entities whose records a dataset holds without the viewer being allowed to see them. */
enum ds_unseen {
	DS_UNSEEN_GROUP = 1 << 0, DS_UNSEEN_MEMBERSHIP = 1 << 1, DS_UNSEEN_TIE = 1 << 2,
	DS_UNSEEN_RELATION = 1 << 3, DS_UNSEEN_INCIDENT = 1 << 4, DS_UNSEEN_INVOLVEMENT = 1 << 5,
	DS_UNSEEN_GROUP_INVOLVEMENT = 1 << 6,
};

struct dataset {
	char today[DATE_LEN];
	int npersons, ngroups, nincidents;
	struct ds_person *persons;
	struct ds_group *groups;
	struct ds_incident *incidents;            /* sorted by occurred, then id */
	size_t ninvolvements, ngroup_involvements, nmemberships, nties, nrelations;
	struct ds_involvement *involvements;
	struct ds_group_involvement *group_involvements;
	struct ds_membership *memberships;
	struct ds_tie *ties;
	struct ds_relation *relations;
	char missing[256];   /* entities the role could not read, e.g. "tie, involvement" */
	unsigned unseen;     /* enum ds_unseen: loaded for counting only (ds_filter.count_unreadable) */
};

int dataset_load(struct access *a, const struct ds_filter *f, struct dataset *ds, struct err *e);
void dataset_release(struct dataset *ds);
/* Index of the person with that code / group with that name / incident with that id, or -1. */
int dataset_person(const struct dataset *ds, const char *code);
int dataset_group(const struct dataset *ds, const char *name);
int dataset_incident(const struct dataset *ds, int64_t id);
/* The group involvements' indices sorted by incident (then by index): a malloc'd array of
 * ds->ngroup_involvements entries, for walking the attributions incident by incident. */
size_t *dataset_group_involvements_by_incident(const struct dataset *ds);
/* Does evidence of this network reason (enum net_reason of network.h: 0 co-involvement, 1
 * shared group, 2 tie) rest on records the viewer may not see (ds->unseen)? */
int dataset_reason_unseen(const struct dataset *ds, int reason);
/* Is membership m current on day (YYYY-MM-DD)? */
int dataset_membership_on(const struct ds_membership *m, const char *day);

#endif
