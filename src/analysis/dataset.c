/* dataset.c — loading the analyses' data through the access layer (see dataset.h).
 *
 * Each entity is read with access_list, as the acting user: what the role may not read stays
 * empty and is named in ds->missing, so an analysis can say what it could not see.  Names of
 * persons are never copied out of the records. */
#include "analysis/dataset.h"
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *grow(void *p, size_t n, size_t size)
{
	/* capacity doubles at powers of two */
	if (n && (n & (n - 1)))
		return p;
	void *q = realloc(p, (n ? 2 * n : 16) * size);
	if (!q)
		abort();
	return q;
}

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static long num(const char *s)
{
	return s ? strtol(s, NULL, 10) : 0;
}

/* ---- sorted lookups ---- */

struct key_index {
	const char *key;
	int index;
};

struct lookup {
	struct key_index *items;
	size_t n;
};

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const struct key_index *)a)->key, ((const struct key_index *)b)->key);
}

static int lookup_find(const struct lookup *l, const char *key)
{
	if (!key)
		return -1;
	struct key_index probe = { key, 0 };
	const struct key_index *hit = bsearch(&probe, l->items, l->n, sizeof *l->items, cmp_key);
	return hit ? hit->index : -1;
}

/* ---- loading ---- */

struct loader {
	struct dataset *ds;
	const struct ds_filter *f;
	struct lookup persons, groups;
	/* areas: name → parent, for the area filter */
	char (*area_name)[128], (*area_parent)[128];
	size_t nareas;
	/* incident types */
	char (*type_name)[48];
	int *type_severity, *type_serious;
	size_t ntypes;
	int64_t *incident_ids;   /* sorted, parallel to incident_index */
	int *incident_index;
};

static int on_area(void *p, const struct record *r)
{
	struct loader *l = p;
	l->area_name = grow(l->area_name, l->nareas, sizeof *l->area_name);
	l->area_parent = grow(l->area_parent, l->nareas, sizeof *l->area_parent);
	copy(l->area_name[l->nareas], sizeof l->area_name[0], record_get(r, "name"));
	copy(l->area_parent[l->nareas], sizeof l->area_parent[0], record_get(r, "parent"));
	l->nareas++;
	return 0;
}

static int on_type(void *p, const struct record *r)
{
	struct loader *l = p;
	l->type_name = grow(l->type_name, l->ntypes, sizeof *l->type_name);
	l->type_severity = grow(l->type_severity, l->ntypes, sizeof *l->type_severity);
	l->type_serious = grow(l->type_serious, l->ntypes, sizeof *l->type_serious);
	copy(l->type_name[l->ntypes], sizeof l->type_name[0], record_get(r, "name"));
	l->type_severity[l->ntypes] = (int)num(record_get(r, "severity"));
	l->type_serious[l->ntypes] = (int)num(record_get(r, "serious"));
	l->ntypes++;
	return 0;
}

static int on_person(void *p, const struct record *r)
{
	struct dataset *ds = ((struct loader *)p)->ds;
	ds->persons = grow(ds->persons, (size_t)ds->npersons, sizeof *ds->persons);
	struct ds_person *x = &ds->persons[ds->npersons++];
	memset(x, 0, sizeof *x);
	x->id = r->id;
	copy(x->code, sizeof x->code, record_get(r, "code"));
	copy(x->birth, sizeof x->birth, record_get(r, "birth"));
	copy(x->area, sizeof x->area, record_get(r, "area"));
	return 0;
}

static int on_group(void *p, const struct record *r)
{
	struct dataset *ds = ((struct loader *)p)->ds;
	ds->groups = grow(ds->groups, (size_t)ds->ngroups, sizeof *ds->groups);
	struct ds_group *x = &ds->groups[ds->ngroups++];
	x->id = r->id;
	copy(x->name, sizeof x->name, record_get(r, "name"));
	copy(x->status, sizeof x->status, record_get(r, "status"));
	return 0;
}

/* Is `area` the filter's area, or a district under it (any depth)? */
static int in_area(const struct loader *l, const char *area)
{
	const char *want = l->f->area;
	for (int depth = 0; area && *area && depth < 16; depth++) {
		if (!strcmp(area, want))
			return 1;
		const char *parent = NULL;
		for (size_t i = 0; i < l->nareas && !parent; i++)
			if (!strcmp(l->area_name[i], area))
				parent = l->area_parent[i];
		area = parent;
	}
	return 0;
}

static int on_incident(void *p, const struct record *r)
{
	struct loader *l = p;
	struct dataset *ds = l->ds;
	const char *occurred = record_get(r, "occurred"), *status = record_get(r, "status");
	if (status && !strcmp(status, "unfounded"))
		return 0;
	char day[DATE_LEN];
	snprintf(day, sizeof day, "%s", occurred ? occurred : "");
	if (strlen(day) == 4)
		strcat(day, "-01-01");
	else if (strlen(day) == 7)
		strcat(day, "-01");
	char last[DATE_LEN + 1];   /* the last day it may be: "2024-03" → "2024-03~" */
	snprintf(last, sizeof last, "%.10s~", occurred ? occurred : "");
	if (l->f->from && strcmp(last, l->f->from) < 0)
		return 0;
	if (l->f->to && strcmp(day, l->f->to) > 0)
		return 0;
	if (l->f->area && !in_area(l, record_get(r, "area")))
		return 0;
	int severity = 1, serious = 0;
	for (size_t i = 0; i < l->ntypes; i++)
		if (!strcmp(l->type_name[i], record_get(r, "type") ? record_get(r, "type") : "")) {
			severity = l->type_severity[i];
			serious = l->type_serious[i];
		}
	if (l->f->serious_only && !serious)
		return 0;
	ds->incidents = grow(ds->incidents, (size_t)ds->nincidents, sizeof *ds->incidents);
	struct ds_incident *x = &ds->incidents[ds->nincidents++];
	memset(x, 0, sizeof *x);
	x->id = r->id;
	copy(x->occurred, sizeof x->occurred, occurred);
	copy(x->day, sizeof x->day, day);
	copy(x->type, sizeof x->type, record_get(r, "type"));
	copy(x->area, sizeof x->area, record_get(r, "area"));
	x->severity = severity;
	x->serious = serious;
	x->killed = (int)num(record_get(r, "killed"));
	x->injured = (int)num(record_get(r, "injured"));
	x->gmi = (int)num(record_get(r, "gmi"));
	return 0;
}

static int cmp_incident(const void *a, const void *b)
{
	const struct ds_incident *x = a, *y = b;
	int c = strcmp(x->occurred, y->occurred);
	return c ? c : (x->id < y->id ? -1 : x->id > y->id);
}

static int person_of(const struct loader *l, const struct record *r, const char *field)
{
	return lookup_find(&l->persons, record_get(r, field));
}

static int group_of(const struct loader *l, const struct record *r, const char *field)
{
	return lookup_find(&l->groups, record_get(r, field));
}

static int incident_of(const struct loader *l, const struct record *r)
{
	const char *v = record_get(r, "incident");
	if (!v)
		return -1;
	int64_t id = strtoll(v, NULL, 10);
	size_t lo = 0, hi = (size_t)l->ds->nincidents;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (l->incident_ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < (size_t)l->ds->nincidents && l->incident_ids[lo] == id ? l->incident_index[lo] : -1;
}

static enum ds_role role_of(const char *s)
{
	if (!s)
		return DS_OTHER;
	return !strcmp(s, "suspect") ? DS_SUSPECT : !strcmp(s, "victim") ? DS_VICTIM
	       : !strcmp(s, "witness") ? DS_WITNESS : DS_OTHER;
}

static int on_involvement(void *p, const struct record *r)
{
	struct loader *l = p;
	struct dataset *ds = l->ds;
	int inc = incident_of(l, r), person = person_of(l, r, "person");
	if (inc < 0 || person < 0)
		return 0;   /* outside the period or area */
	ds->involvements = grow(ds->involvements, ds->ninvolvements, sizeof *ds->involvements);
	ds->involvements[ds->ninvolvements++] = (struct ds_involvement){ inc, person,
		role_of(record_get(r, "role")), r->id };
	return 0;
}

static double confidence_of(const char *s)
{
	/* How much an attribution counts: documented in docs/analysis.md. */
	if (!s || !strcmp(s, "confirmed"))
		return 1.0;
	return !strcmp(s, "probable") ? 0.7 : 0.3;
}

static int on_group_involvement(void *p, const struct record *r)
{
	struct loader *l = p;
	struct dataset *ds = l->ds;
	int inc = incident_of(l, r), group = group_of(l, r, "group");
	if (inc < 0 || group < 0)
		return 0;
	const char *side = record_get(r, "side");
	ds->group_involvements = grow(ds->group_involvements, ds->ngroup_involvements,
				      sizeof *ds->group_involvements);
	ds->group_involvements[ds->ngroup_involvements++] = (struct ds_group_involvement){ inc, group,
		side && !strcmp(side, "victimised") ? DS_VICTIMISED : DS_PERPETRATING,
		confidence_of(record_get(r, "confidence")), r->id };
	return 0;
}

static int on_membership(void *p, const struct record *r)
{
	struct loader *l = p;
	struct dataset *ds = l->ds;
	int person = person_of(l, r, "person"), group = group_of(l, r, "group");
	if (person < 0 || group < 0)
		return 0;
	ds->memberships = grow(ds->memberships, ds->nmemberships, sizeof *ds->memberships);
	struct ds_membership *m = &ds->memberships[ds->nmemberships++];
	m->person = person;
	m->group = group;
	m->id = r->id;
	copy(m->level, sizeof m->level, record_get(r, "level"));
	copy(m->since, sizeof m->since, record_get(r, "since"));
	copy(m->until, sizeof m->until, record_get(r, "until"));
	return 0;
}

static int on_supervision(void *p, const struct record *r)
{
	struct loader *l = p;
	int person = person_of(l, r, "person");
	const char *since = record_get(r, "since"), *until = record_get(r, "until");
	const char *today = l->ds->today;
	if (person >= 0 && (!since || strcmp(since, today) <= 0) && (!until || strcmp(until, today) >= 0))
		l->ds->persons[person].supervised = 1;
	return 0;
}

static double tie_default_weight(const char *kind)
{
	if (!kind)
		return 1;
	return !strcmp(kind, "co_offending") ? 2 : !strcmp(kind, "serious_co_offending") ? 3
	       : !strcmp(kind, "kinship") ? 4 : 1;
}

static int on_tie(void *p, const struct record *r)
{
	struct loader *l = p;
	struct dataset *ds = l->ds;
	int a = person_of(l, r, "person_a"), b = person_of(l, r, "person_b");
	if (a < 0 || b < 0)
		return 0;
	const char *w = record_get(r, "weight"), *kind = record_get(r, "kind");
	ds->ties = grow(ds->ties, ds->nties, sizeof *ds->ties);
	struct ds_tie *t = &ds->ties[ds->nties++];
	t->a = a;
	t->b = b;
	t->weight = w ? strtod(w, NULL) : tie_default_weight(kind);
	t->id = r->id;
	copy(t->kind, sizeof t->kind, kind);
	return 0;
}

static int on_relation(void *p, const struct record *r)
{
	struct loader *l = p;
	struct dataset *ds = l->ds;
	int a = group_of(l, r, "group_a"), b = group_of(l, r, "group_b");
	if (a < 0 || b < 0)
		return 0;
	const char *kind = record_get(r, "kind");
	ds->relations = grow(ds->relations, ds->nrelations, sizeof *ds->relations);
	struct ds_relation *x = &ds->relations[ds->nrelations++];
	x->a = a;
	x->b = b;
	x->kind = kind && !strcmp(kind, "conflict") ? DS_CONFLICT
		  : kind && !strcmp(kind, "alliance") ? DS_ALLIANCE : DS_NEUTRAL;
	x->intensity = (int)num(record_get(r, "intensity"));
	x->id = r->id;
	copy(x->since, sizeof x->since, record_get(r, "since"));
	copy(x->until, sizeof x->until, record_get(r, "until"));
	return 0;
}

static const struct {
	const char *entity;
	unsigned bit;
} unseen_bits[] = {
	{ "group", DS_UNSEEN_GROUP }, { "membership", DS_UNSEEN_MEMBERSHIP }, { "tie", DS_UNSEEN_TIE },
	{ "relation", DS_UNSEEN_RELATION }, { "incident", DS_UNSEEN_INCIDENT },
	{ "involvement", DS_UNSEEN_INVOLVEMENT }, { "group-involvement", DS_UNSEEN_GROUP_INVOLVEMENT },
};

static int read_entity(struct access *a, struct loader *l, const char *name, store_row_fn fn,
		       struct err *e)
{
	const struct entity *en = model_entity(name);
	if (!access_may_read(a, en) && l->f->count_unreadable &&
	    policy_counts_unreadable(access_actor(a)->role, en)) {
		for (size_t i = 0; i < sizeof unseen_bits / sizeof unseen_bits[0]; i++)
			if (!strcmp(unseen_bits[i].entity, name))
				l->ds->unseen |= unseen_bits[i].bit;
		return access_list_unreadable(a, en, fn, l, e);
	}
	if (!access_may_read(a, en)) {
		size_t n = strlen(l->ds->missing);
		snprintf(l->ds->missing + n, sizeof l->ds->missing - n, "%s%s", n ? ", " : "", name);
		return 0;
	}
	struct store_query q = { 0 };
	return access_list(a, en, &q, fn, l, e);
}

static void build_lookup(struct lookup *lk, size_t n, const char *(*key)(const struct dataset *, size_t),
			 const struct dataset *ds)
{
	lk->n = n;
	lk->items = calloc(n ? n : 1, sizeof *lk->items);
	if (!lk->items)
		abort();
	for (size_t i = 0; i < n; i++)
		lk->items[i] = (struct key_index){ key(ds, i), (int)i };
	qsort(lk->items, n, sizeof *lk->items, cmp_key);
}

static const char *person_key(const struct dataset *ds, size_t i) { return ds->persons[i].code; }
static const char *group_key(const struct dataset *ds, size_t i) { return ds->groups[i].name; }

static int cmp_id_pair(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	return x[0] < y[0] ? -1 : x[0] > y[0];
}

int dataset_load(struct access *a, const struct ds_filter *f, struct dataset *ds, struct err *e)
{
	static const struct ds_filter none = { 0 };
	memset(ds, 0, sizeof *ds);
	date_today(ds->today);
	struct loader l = { .ds = ds, .f = f ? f : &none };
	int rc = read_entity(a, &l, "area", on_area, e) || read_entity(a, &l, "incident-type", on_type, e) ||
		 read_entity(a, &l, "person", on_person, e) || read_entity(a, &l, "group", on_group, e) ||
		 read_entity(a, &l, "incident", on_incident, e);
	if (!rc) {
		if (ds->nincidents)
			qsort(ds->incidents, (size_t)ds->nincidents, sizeof *ds->incidents, cmp_incident);
		build_lookup(&l.persons, (size_t)ds->npersons, person_key, ds);
		build_lookup(&l.groups, (size_t)ds->ngroups, group_key, ds);
		int64_t (*pairs)[2] = calloc((size_t)ds->nincidents + 1, sizeof *pairs);
		l.incident_ids = calloc((size_t)ds->nincidents + 1, sizeof *l.incident_ids);
		l.incident_index = calloc((size_t)ds->nincidents + 1, sizeof *l.incident_index);
		if (!pairs || !l.incident_ids || !l.incident_index)
			abort();
		for (int i = 0; i < ds->nincidents; i++) {
			pairs[i][0] = ds->incidents[i].id;
			pairs[i][1] = i;
		}
		if (ds->nincidents)
			qsort(pairs, (size_t)ds->nincidents, sizeof *pairs, cmp_id_pair);
		for (int i = 0; i < ds->nincidents; i++) {
			l.incident_ids[i] = pairs[i][0];
			l.incident_index[i] = (int)pairs[i][1];
		}
		free(pairs);
		rc = read_entity(a, &l, "membership", on_membership, e) || read_entity(a, &l, "tie", on_tie, e) ||
		     read_entity(a, &l, "supervision", on_supervision, e) ||
		     read_entity(a, &l, "relation", on_relation, e) ||
		     read_entity(a, &l, "involvement", on_involvement, e) ||
		     read_entity(a, &l, "group-involvement", on_group_involvement, e);
	}
	free(l.persons.items);
	free(l.groups.items);
	free(l.incident_ids);
	free(l.incident_index);
	free(l.area_name);
	free(l.area_parent);
	free(l.type_name);
	free(l.type_severity);
	free(l.type_serious);
	if (rc) {
		dataset_release(ds);
		return -1;
	}
	return 0;
}

void dataset_release(struct dataset *ds)
{
	free(ds->persons);
	free(ds->groups);
	free(ds->incidents);
	free(ds->involvements);
	free(ds->group_involvements);
	free(ds->memberships);
	free(ds->ties);
	free(ds->relations);
	memset(ds, 0, sizeof *ds);
}

int dataset_person(const struct dataset *ds, const char *code)
{
	for (int i = 0; i < ds->npersons; i++)
		if (!strcmp(ds->persons[i].code, code))
			return i;
	return -1;
}

int dataset_group(const struct dataset *ds, const char *name)
{
	for (int i = 0; i < ds->ngroups; i++)
		if (!strcmp(ds->groups[i].name, name))
			return i;
	return -1;
}

int dataset_incident(const struct dataset *ds, int64_t id)
{
	for (int i = 0; i < ds->nincidents; i++)
		if (ds->incidents[i].id == id)
			return i;
	return -1;
}

int dataset_reason_unseen(const struct dataset *ds, int reason)
{
	static const unsigned needs[] = { DS_UNSEEN_INCIDENT | DS_UNSEEN_INVOLVEMENT,
		DS_UNSEEN_GROUP | DS_UNSEEN_MEMBERSHIP, DS_UNSEEN_TIE };
	return reason >= 0 && reason < 3 ? (ds->unseen & needs[reason]) != 0 : 0;
}

int dataset_membership_on(const struct ds_membership *m, const char *day)
{
	return (!*m->since || strcmp(m->since, day) <= 0) && (!*m->until || strcmp(m->until, day) >= 0);
}

static const struct dataset *gi_sort_ds;

static int cmp_gi(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int ix = gi_sort_ds->group_involvements[x].incident, iy = gi_sort_ds->group_involvements[y].incident;
	if (ix != iy)
		return ix < iy ? -1 : 1;
	return x < y ? -1 : x > y;
}

size_t *dataset_group_involvements_by_incident(const struct dataset *ds)
{
	size_t n = ds->ngroup_involvements;
	size_t *order = malloc((n + 1) * sizeof *order);
	if (!order)
		abort();
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	gi_sort_ds = ds;
	if (n)
		qsort(order, n, sizeof *order, cmp_gi);
	return order;
}
