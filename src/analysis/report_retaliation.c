/* report_retaliation.c — `gvi analyze retaliation`: after a serious incident, the groups that
 * may be targeted in retaliation and the persons at elevated risk, as proposed custom
 * notifications ("vi vill inte att du ska dö", "vi vill inte att du ska döda").
 *
 * For each recent serious incident with a victimised group — recorded as victimised, or a
 * victim who was a member of the group on the incident's day:
 *   - target groups: groups in a conflict relation in force today with a victimised group;
 *   - persons: the victims, persons within distance 2 of a victim in the person network of
 *     network.h (all history), and the current members of the victimised groups, scored
 *         score = closeness × (2 if a current member of a victimised group, else 1)
 *                 + prior serious victimisations
 *     closeness 1 for a victim or a neighbour of a victim (co-involved, tied, same group),
 *     0.5 at distance 2 and for a member with no path of length ≤ 2; prior victimisations
 *     count the earlier serious incidents in which the person was a victim.
 * The design choice that matters: the score is deliberately simple and additive, so every row
 * carries its own reason — the path victim → neighbour with the records behind each step —
 * and a coordinator can check it against the files before anyone knocks on a door. */
#include "analysis/analyze.h"
#include "analysis/network.h"
#include "analysis/priority.h"
#include "analysis/retaliation.h"
#include "buf.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_WINDOW 30
#define EVIDENCE_SHOWN 3      /* per step in the text reason; JSON has all */

static const char *const role_names[] = { "suspect", "victim", "witness", "other" };

struct vgroup {               /* a victimised group of one incident and why */
	int group;
	int recorded;             /* recorded victimised (group involvement) */
	double confidence;
	struct buf why;
};

struct cand {                 /* a person at elevated risk after one incident */
	int stamp;                /* the incident this entry belongs to (+1); else unused */
	int distance;             /* 0 victim, 1, 2; 3 = only a member */
	int victim, mid;          /* the path: victim → (mid →) person; mid -1 at distance ≤ 1 */
	double strength;          /* product of the path's edge weights, the tie-break */
	int member;               /* current member of a victimised group */
	int role;                 /* role in this incident, or -1 */
	double closeness, score;
	int prior;
};

struct retaliation {
	struct dataset ds;
	struct network net;
	struct priority_notifications notes;
	char since[DATE_LEN];
	int window;
	struct cand *cand;        /* per person */
	int *touched;             /* persons with an entry for the current incident */
	int ntouched;
	/* per person p: memberships mem[mem_off[p] .. mem_off[p+1]-1] (indices into
	 * ds.memberships) and the incidents where p is a victim, vic[vic_off[p] ..], ascending */
	int *mem_off, *mem, *vic_off, *vic;
};

static void retaliation_release(struct retaliation *r)
{
	priority_notifications_release(&r->notes);
	network_release(&r->net);
	dataset_release(&r->ds);
	free(r->cand);
	free(r->touched);
	free(r->mem_off);
	free(r->mem);
	free(r->vic_off);
	free(r->vic);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return x < y ? -1 : x > y;
}

/* Builds a per-person index (counting sort): off has npersons + 1 entries. */
static void index_by_person(int npersons, size_t n, const int *person, const int *value, int **off_out,
			    int **val_out)
{
	int *off = calloc((size_t)npersons + 2, sizeof *off), *val = malloc((n + 1) * sizeof *val);
	if (!off || !val)
		abort();
	for (size_t k = 0; k < n; k++)
		if (person[k] >= 0)
			off[person[k] + 2]++;
	for (int p = 0; p < npersons; p++)
		off[p + 2] += off[p + 1];
	for (size_t k = 0; k < n; k++)
		if (person[k] >= 0)
			val[off[person[k] + 1]++] = value[k];
	for (int p = 0; p < npersons; p++)
		qsort(val + off[p], (size_t)(off[p + 1] - off[p]), sizeof *val, cmp_int);
	*off_out = off;
	*val_out = val;
}

static void retaliation_index(struct retaliation *r)
{
	const struct dataset *ds = &r->ds;
	size_t n = ds->nmemberships > ds->ninvolvements ? ds->nmemberships : ds->ninvolvements;
	int *person = malloc((n + 1) * sizeof *person), *value = malloc((n + 1) * sizeof *value);
	if (!person || !value)
		abort();
	for (size_t k = 0; k < ds->nmemberships; k++) {
		person[k] = ds->memberships[k].person;
		value[k] = (int)k;
	}
	index_by_person(ds->npersons, ds->nmemberships, person, value, &r->mem_off, &r->mem);
	for (size_t k = 0; k < ds->ninvolvements; k++) {
		const struct ds_involvement *v = &ds->involvements[k];
		person[k] = v->role == DS_VICTIM && ds->incidents[v->incident].serious ? v->person : -1;
		value[k] = v->incident;
	}
	index_by_person(ds->npersons, ds->ninvolvements, person, value, &r->vic_off, &r->vic);
	free(person);
	free(value);
}

/* Victimisations of person p in serious incidents before incident i (the dataset's time
 * order); an incident where p is recorded victim twice counts once. */
static int prior_count(const struct retaliation *r, int p, int i)
{
	int n = 0;
	for (int k = r->vic_off[p]; k < r->vic_off[p + 1] && r->vic[k] < i; k++)
		n += k == r->vic_off[p] || r->vic[k - 1] != r->vic[k];
	return n;
}

static const char *confidence_name(double w)
{
	return w >= 1.0 ? "confirmed" : w >= 0.7 ? "probable" : "possible";
}

static int relation_on(const struct ds_relation *x, const char *day)
{
	return (!*x->since || strcmp(x->since, day) <= 0) && (!*x->until || strcmp(x->until, day) >= 0);
}

static struct cand *touch(struct retaliation *r, int person, int stamp)
{
	struct cand *c = &r->cand[person];
	if (c->stamp != stamp) {
		memset(c, 0, sizeof *c);
		c->stamp = stamp;
		c->distance = 3;
		c->victim = c->mid = c->role = -1;
		r->touched[r->ntouched++] = person;
	}
	return c;
}

/* Offers a path to person p; keeps it if shorter, or as short and stronger, than the one held. */
static void offer(struct retaliation *r, int stamp, int p, int distance, int victim, int mid,
		  double strength)
{
	struct cand *c = touch(r, p, stamp);
	if (distance < c->distance || (distance == c->distance && strength > c->strength)) {
		c->distance = distance;
		c->victim = victim;
		c->mid = mid;
		c->strength = strength;
	}
}

static const struct retaliation *sort_r;

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = &sort_r->cand[*(const int *)a], *y = &sort_r->cand[*(const int *)b];
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->distance != y->distance)
		return x->distance < y->distance ? -1 : 1;
	return strcmp(sort_r->ds.persons[*(const int *)a].code, sort_r->ds.persons[*(const int *)b].code);
}

/* ---- explaining a step of a path ---- */

static const char *group_name_by_id(const struct dataset *ds, int64_t id)
{
	for (int g = 0; g < ds->ngroups; g++)
		if (ds->groups[g].id == id)
			return ds->groups[g].name;
	return "?";
}

static void step_text(const struct retaliation *r, int u, int v, struct buf *b)
{
	size_t n;
	const struct net_evidence *ev = network_edge_evidence(&r->net, u, v, &n);
	buf_addf(b, "%s → %s (", r->ds.persons[u].code, r->ds.persons[v].code);
	for (size_t k = 0; k < n && k < EVIDENCE_SHOWN; k++) {
		buf_adds(b, k ? ", " : "");
		if (ev[k].reason == NET_SHARED_GROUP)
			buf_addf(b, "group %s", group_name_by_id(&r->ds, ev[k].ref));
		else
			buf_addf(b, "%s %lld", ev[k].reason == NET_TIE ? "tie" : "incident", (long long)ev[k].ref);
	}
	if (n > EVIDENCE_SHOWN)
		buf_addf(b, ", +%zu more", n - EVIDENCE_SHOWN);
	buf_addc(b, ')');
}

static json_t *step_json(const struct retaliation *r, int u, int v)
{
	size_t n;
	const struct net_evidence *ev = network_edge_evidence(&r->net, u, v, &n);
	json_t *arr = json_array();
	for (size_t k = 0; k < n; k++) {
		json_t *o = json_pack("{s:s, s:I, s:f}", "reason", network_reason_name(ev[k].reason),
				      "record", (json_int_t)ev[k].ref, "weight", ev[k].weight);
		if (ev[k].reason == NET_SHARED_GROUP)
			json_object_set_new(o, "group", json_string(group_name_by_id(&r->ds, ev[k].ref)));
		json_array_append_new(arr, o);
	}
	return json_pack("{s:s, s:s, s:o}", "from", r->ds.persons[u].code, "to", r->ds.persons[v].code,
			 "evidence", arr);
}

/* ---- one incident ---- */

struct target {
	int victim_group, group;
	int64_t relation;
	int intensity;
	const char *since;
	const char *perpetrating;   /* confidence if recorded perpetrating this incident, else NULL */
};

struct incident_watch {
	int incident;
	int *victims;
	int nvictims;
	struct vgroup *vg;
	int nvg;
	struct target *targets;
	int ntargets;
	int *persons;               /* ranked */
	int npersons;
};

static void watch_release(struct incident_watch *w)
{
	for (int i = 0; i < w->nvg; i++)
		buf_release(&w->vg[i].why);
	free(w->victims);
	free(w->vg);
	free(w->targets);
	free(w->persons);
	memset(w, 0, sizeof *w);
}

static struct vgroup *vgroup_of(struct incident_watch *w, int g)
{
	for (int i = 0; i < w->nvg; i++)
		if (w->vg[i].group == g)
			return &w->vg[i];
	w->vg = realloc(w->vg, (size_t)(w->nvg + 1) * sizeof *w->vg);
	if (!w->vg)
		abort();
	struct vgroup *x = &w->vg[w->nvg++];
	*x = (struct vgroup){ .group = g };
	buf_init(&x->why);
	return x;
}

/* Works out one incident's victims, victimised groups, target groups and persons at risk.
 * Returns 1 if it has a victimised group, 0 if not (w then holds the victims only). */
static int watch_build(struct retaliation *r, int i, struct incident_watch *w)
{
	const struct dataset *ds = &r->ds;
	const struct ds_incident *inc = &ds->incidents[i];
	int stamp = i + 1;
	memset(w, 0, sizeof *w);
	w->incident = i;
	w->victims = malloc(((size_t)ds->npersons + 1) * sizeof *w->victims);
	if (!w->victims)
		abort();
	r->ntouched = 0;
	for (size_t k = 0; k < ds->ninvolvements; k++) {
		const struct ds_involvement *v = &ds->involvements[k];
		if (v->incident != i)
			continue;
		struct cand *c = touch(r, v->person, stamp);
		if (c->role < 0 || v->role == DS_VICTIM)
			c->role = (int)v->role;
		if (v->role == DS_VICTIM) {
			int dup = 0;
			for (int j = 0; j < w->nvictims; j++)
				dup |= w->victims[j] == v->person;
			if (!dup)
				w->victims[w->nvictims++] = v->person;
		}
	}
	/* victimised groups: recorded, and the victims' groups on the day */
	for (size_t k = 0; k < ds->ngroup_involvements; k++) {
		const struct ds_group_involvement *gi = &ds->group_involvements[k];
		if (gi->incident != i || gi->side != DS_VICTIMISED)
			continue;
		struct vgroup *x = vgroup_of(w, gi->group);
		x->recorded = 1;
		x->confidence = gi->confidence;
		buf_addf(&x->why, "%srecorded victimised (%s, group involvement %lld)", x->why.len ? "; " : "",
			 confidence_name(gi->confidence), (long long)gi->id);
	}
	for (int j = 0; j < w->nvictims; j++)
		for (int q = r->mem_off[w->victims[j]]; q < r->mem_off[w->victims[j] + 1]; q++) {
			const struct ds_membership *m = &ds->memberships[r->mem[q]];
			if (!dataset_membership_on(m, inc->day))
				continue;
			struct vgroup *x = vgroup_of(w, m->group);
			buf_addf(&x->why, "%svictim %s is a member (%s, membership %lld)", x->why.len ? "; " : "",
				 ds->persons[m->person].code, m->level, (long long)m->id);
		}
	if (!w->nvg)
		return 0;

	/* target groups: current conflicts of a victimised group with a group not victimised */
	for (size_t k = 0; k < ds->nrelations; k++) {
		const struct ds_relation *x = &ds->relations[k];
		if (x->kind != DS_CONFLICT || !relation_on(x, ds->today))
			continue;
		for (int side = 0; side < 2; side++) {
			int victim_group = side ? x->b : x->a, other = side ? x->a : x->b;
			int is_victim = 0, other_victim = 0;
			for (int j = 0; j < w->nvg; j++) {
				is_victim |= w->vg[j].group == victim_group;
				other_victim |= w->vg[j].group == other;
			}
			if (!is_victim || other_victim)
				continue;
			const char *perp = NULL;
			for (size_t q = 0; q < ds->ngroup_involvements; q++) {
				const struct ds_group_involvement *gi = &ds->group_involvements[q];
				if (gi->incident == i && gi->group == other && gi->side == DS_PERPETRATING)
					perp = confidence_name(gi->confidence);
			}
			w->targets = realloc(w->targets, (size_t)(w->ntargets + 1) * sizeof *w->targets);
			if (!w->targets)
				abort();
			w->targets[w->ntargets++] = (struct target){ victim_group, other, x->id, x->intensity,
				x->since, perp };
		}
	}

	/* persons: the victims and their network up to distance 2 */
	const struct graph *g = &r->net.g;
	for (int j = 0; j < w->nvictims; j++) {
		int v = w->victims[j];
		offer(r, stamp, v, 0, v, -1, 1.0);
		for (int64_t h = g->offset[v]; h < g->offset[v + 1]; h++) {
			int u = g->adj[h];
			offer(r, stamp, u, 1, v, -1, g->w[h]);
			for (int64_t h2 = g->offset[u]; h2 < g->offset[u + 1]; h2++)
				if (g->adj[h2] != v)
					offer(r, stamp, g->adj[h2], 2, v, u, g->w[h] * g->w[h2]);
		}
	}
	/* … and the current members of the victimised groups */
	for (size_t k = 0; k < ds->nmemberships; k++) {
		const struct ds_membership *m = &ds->memberships[k];
		if (!dataset_membership_on(m, ds->today))
			continue;
		for (int j = 0; j < w->nvg; j++)
			if (w->vg[j].group == m->group)
				touch(r, m->person, stamp)->member = 1;
	}
	/* score everyone touched who is on a path or a member (not bystanders of this incident) */
	w->persons = malloc(((size_t)r->ntouched + 1) * sizeof *w->persons);
	if (!w->persons)
		abort();
	for (int t = 0; t < r->ntouched; t++) {
		int p = r->touched[t];
		struct cand *c = &r->cand[p];
		if (c->distance > 2 && !c->member)
			continue;
		c->closeness = c->distance <= 1 ? 1.0 : 0.5;
		c->prior = prior_count(r, p, i);
		c->score = c->closeness * (c->member ? 2 : 1) + c->prior;
		w->persons[w->npersons++] = p;
	}
	sort_r = r;
	qsort(w->persons, (size_t)w->npersons, sizeof *w->persons, cmp_cand);
	return 1;
}

/* The person's groups among the victimised ones, "; "-joined. */
static void member_of(const struct retaliation *r, const struct incident_watch *w, int p, struct buf *b)
{
	for (int j = 0; j < w->nvg; j++)
		for (int q = r->mem_off[p]; q < r->mem_off[p + 1]; q++) {
			const struct ds_membership *m = &r->ds.memberships[r->mem[q]];
			if (m->group == w->vg[j].group && dataset_membership_on(m, r->ds.today)) {
				buf_addf(b, "%s%s", b->len ? "; " : "", r->ds.groups[m->group].name);
				break;
			}
		}
}

static void prior_list(const struct retaliation *r, int i, int p, struct buf *b, json_t *arr)
{
	for (int k = r->vic_off[p]; k < r->vic_off[p + 1] && r->vic[k] < i; k++) {
		if (k > r->vic_off[p] && r->vic[k - 1] == r->vic[k])
			continue;
		int64_t id = r->ds.incidents[r->vic[k]].id;
		if (b)
			buf_addf(b, "%s%lld", b->len ? ", " : "", (long long)id);
		if (arr)
			json_array_append_new(arr, json_integer(id));
	}
}

/* The row's reason in words: role here, membership, the path, prior victimisations. */
static void reason_text(const struct retaliation *r, const struct incident_watch *w, int p, struct buf *b)
{
	const struct cand *c = &r->cand[p];
	const char *sep = "";
	if (c->role >= 0) {
		buf_addf(b, "%s in this incident", role_names[c->role]);
		sep = "; ";
	}
	struct buf groups = BUF_INIT;
	member_of(r, w, p, &groups);
	if (groups.len) {
		buf_addf(b, "%scurrent member of %s (×2)", sep, groups.s);
		sep = "; ";
	}
	buf_release(&groups);
	if (c->distance == 1 || c->distance == 2) {
		buf_addf(b, "%s%s: ", sep, c->distance == 1 ? "neighbour of the victim" : "distance 2 from the victim");
		if (c->distance == 1) {
			step_text(r, c->victim, p, b);
		} else {
			step_text(r, c->victim, c->mid, b);
			buf_adds(b, ", ");
			step_text(r, c->mid, p, b);
		}
		sep = "; ";
	} else if (c->distance == 3) {
		buf_addf(b, "%sno path of length ≤ 2 from a victim (closeness 0.5 as a member)", sep);
		sep = "; ";
	}
	if (c->prior) {
		buf_addf(b, "%sprior serious victimisation%s (+%d): incident%s ", sep, c->prior == 1 ? "" : "s",
			 c->prior, c->prior == 1 ? "" : "s");
		struct buf ids = BUF_INIT;
		prior_list(r, w->incident, p, &ids, NULL);
		buf_adds(b, ids.s);
		buf_release(&ids);
	}
}

/* ---- output ---- */

static void watch_until(const struct retaliation *r, const struct ds_incident *inc, char out[DATE_LEN])
{
	if (date_add_days(inc->day, r->window, out))
		snprintf(out, DATE_LEN, "%s", inc->day);
}

static json_t *watch_json(const struct retaliation *r, const struct incident_watch *w, long top)
{
	const struct dataset *ds = &r->ds;
	const struct ds_incident *inc = &ds->incidents[w->incident];
	char until[DATE_LEN];
	watch_until(r, inc, until);
	json_t *victims = json_array(), *vgs = json_array(), *targets = json_array(), *persons = json_array();
	for (int j = 0; j < w->nvictims; j++)
		json_array_append_new(victims, json_string(ds->persons[w->victims[j]].code));
	for (int j = 0; j < w->nvg; j++)
		json_array_append_new(vgs, json_pack("{s:s, s:b, s:o, s:s}", "group", ds->groups[w->vg[j].group].name,
			"recorded_victimised", w->vg[j].recorded, "confidence", w->vg[j].recorded
			? json_string(confidence_name(w->vg[j].confidence)) : json_null(), "why", w->vg[j].why.s));
	for (int j = 0; j < w->ntargets; j++) {
		const struct target *t = &w->targets[j];
		json_t *o = json_pack("{s:s, s:s, s:I}", "group", ds->groups[t->group].name,
			"in_conflict_with", ds->groups[t->victim_group].name, "relation", (json_int_t)t->relation);
		json_object_set_new(o, "intensity", t->intensity ? json_integer(t->intensity) : json_null());
		json_object_set_new(o, "since", *t->since ? json_string(t->since) : json_null());
		json_object_set_new(o, "perpetrating_this_incident", t->perpetrating ? json_string(t->perpetrating) : json_null());
		json_array_append_new(targets, o);
	}
	int rows = top && top < w->npersons ? (int)top : w->npersons;
	for (int k = 0; k < rows; k++) {
		int p = w->persons[k];
		const struct cand *c = &r->cand[p];
		struct buf groups = BUF_INIT, reason = BUF_INIT;
		member_of(r, w, p, &groups);
		reason_text(r, w, p, &reason);
		json_t *path = json_array(), *prior = json_array(), *mem = json_array();
		if (c->distance == 1)
			json_array_append_new(path, step_json(r, c->victim, p));
		else if (c->distance == 2) {
			json_array_append_new(path, step_json(r, c->victim, c->mid));
			json_array_append_new(path, step_json(r, c->mid, p));
		}
		prior_list(r, w->incident, p, NULL, prior);
		for (int j = 0; j < w->nvg; j++)
			for (int q = r->mem_off[p]; q < r->mem_off[p + 1]; q++) {
				const struct ds_membership *m = &ds->memberships[r->mem[q]];
				if (m->group == w->vg[j].group && dataset_membership_on(m, ds->today)) {
					json_array_append_new(mem, json_string(ds->groups[m->group].name));
					break;
				}
			}
		json_t *o = json_pack("{s:i, s:s, s:f, s:f, s:i, s:o, s:i, s:o}", "rank", k + 1,
			"code", ds->persons[p].code, "score", c->score, "closeness", c->closeness,
			"member_factor", c->member ? 2 : 1, "member_of", mem, "prior_victimisations", c->prior,
			"prior_incidents", prior);
		json_object_set_new(o, "distance", c->distance <= 2 ? json_integer(c->distance) : json_null());
		json_object_set_new(o, "role_in_incident", c->role >= 0 ? json_string(role_names[c->role]) : json_null());
		json_object_set_new(o, "path", path);
		json_object_set_new(o, "notification", json_string(priority_notification_status(&r->notes, p)));
		json_object_set_new(o, "reason", json_string(reason.s));
		json_array_append_new(persons, o);
		buf_release(&groups);
		buf_release(&reason);
	}
	json_t *o = json_pack("{s:I, s:s, s:s, s:b, s:s, s:o, s:o, s:o, s:o, s:i}", "incident", (json_int_t)inc->id,
		"occurred", inc->occurred, "type", inc->type, "serious", inc->serious != 0, "watch_until", until,
		"victims", victims, "victimised_groups", vgs, "target_groups", targets, "persons", persons,
		"persons_total", w->npersons);
	json_object_set_new(o, "area", *inc->area ? json_string(inc->area) : json_null());
	return o;
}

static const char *const person_heads[] = { "incident", "code", "score", "closeness", "distance",
	"member_of", "prior", "notification", "reason" };
#define NPERSON_HEADS (sizeof person_heads / sizeof person_heads[0])

static struct table *person_table(int with_incident)
{
	const char *const *heads = with_incident ? person_heads : person_heads + 1;
	size_t n = NPERSON_HEADS - !with_incident;
	struct table *t = table_new(n, heads);
	size_t o = !with_incident;
	table_set_kind(t, 0, with_incident ? COL_INT : COL_TEXT);
	table_set_kind(t, 2 - o, COL_REAL);
	table_set_kind(t, 3 - o, COL_REAL);
	table_set_kind(t, 4 - o, COL_INT);
	table_set_kind(t, 6 - o, COL_INT);
	return t;
}

static void add_person_rows(const struct retaliation *r, const struct incident_watch *w, long top,
			    struct table *t, int with_incident, int text)
{
	int rows = top && top < w->npersons ? (int)top : w->npersons;
	for (int k = 0; k < rows; k++) {
		int p = w->persons[k];
		const struct cand *c = &r->cand[p];
		char id[24], score[32], close[32], dist[8], prior[16];
		struct buf groups = BUF_INIT, reason = BUF_INIT;
		snprintf(id, sizeof id, "%lld", (long long)r->ds.incidents[w->incident].id);
		snprintf(score, sizeof score, text ? "%g" : "%.15g", c->score);
		snprintf(close, sizeof close, "%g", c->closeness);
		snprintf(dist, sizeof dist, "%d", c->distance);
		snprintf(prior, sizeof prior, "%d", c->prior);
		member_of(r, w, p, &groups);
		reason_text(r, w, p, &reason);
		const char *cells[] = { id, r->ds.persons[p].code, score, close,
			c->distance <= 2 ? dist : NULL, groups.len ? groups.s : NULL, prior,
			priority_notification_status(&r->notes, p), reason.s };
		table_add_row(t, with_incident ? cells : cells + 1);
		buf_release(&groups);
		buf_release(&reason);
	}
}

static void watch_text(const struct retaliation *r, const struct incident_watch *w, long top)
{
	const struct dataset *ds = &r->ds;
	const struct ds_incident *inc = &ds->incidents[w->incident];
	char until[DATE_LEN];
	watch_until(r, inc, until);
	printf("Incident %lld  %s  %s%s%s  — retaliation watch until %s\n", (long long)inc->id, inc->occurred,
	       inc->type, *inc->area ? "  " : "", inc->area, until);
	printf("  Victims: ");
	for (int j = 0; j < w->nvictims; j++)
		printf("%s%s", j ? ", " : "", ds->persons[w->victims[j]].code);
	printf("%s\n", w->nvictims ? "" : "none recorded");
	printf("  Victimised groups:\n");
	for (int j = 0; j < w->nvg; j++)
		printf("    %s: %s\n", ds->groups[w->vg[j].group].name, w->vg[j].why.s);
	printf("\n  Groups in conflict with them (likely targets of retaliation):\n");
	if (!w->ntargets)
		printf("    none recorded (no conflict relation in force today)\n");
	for (int j = 0; j < w->ntargets; j++) {
		const struct target *t = &w->targets[j];
		printf("    %s — in conflict with %s (relation %lld", ds->groups[t->group].name,
		       ds->groups[t->victim_group].name, (long long)t->relation);
		if (t->intensity)
			printf(", intensity %d", t->intensity);
		if (*t->since)
			printf(", since %s", t->since);
		printf(")%s%s%s\n", t->perpetrating ? "; recorded perpetrating this incident (" : "",
		       t->perpetrating ? t->perpetrating : "", t->perpetrating ? ")" : "");
	}
	int rows = top && top < w->npersons ? (int)top : w->npersons;
	printf("\n  Persons at elevated risk — proposed custom notifications (%d of %d):\n", rows, w->npersons);
	struct table *t = person_table(0);
	add_person_rows(r, w, top, t, 0, 1);
	table_print(t, stdout, TABLE_TEXT);
	table_free(t);
	putchar('\n');
}

static const char usage_text[] = "gvi analyze retaliation [--incident ID | --since DATE] "
	"[--window DAYS] [--area NAME] [--top N]";

int analyze_retaliation(struct analyze_ctx *ctx)
{
	const char *incident = NULL, *since = NULL;
	char since_norm[DATE_LEN];
	int window = DEFAULT_WINDOW;
	int n = ctx->argc;
	for (int i = 0; i < n; i++) {
		const char *v;
		struct err pe = { 0 };
		if ((v = cli_opt(n, ctx->argv, &i, "incident"))) {
			incident = v;
		} else if ((v = cli_opt(n, ctx->argv, &i, "since"))) {
			if (date_parse(v, since_norm, &pe))
				return analyze_usage(ctx, "--since: %s", pe.msg);
			since = since_norm;
		} else if ((v = cli_opt(n, ctx->argv, &i, "window"))) {
			char *end;
			long w = strtol(v, &end, 10);
			if (end == v || *end || w < 1 || w > 3650)
				return analyze_usage(ctx, "--window: expected a number of days from 1 to 3650, got \"%s\"", v);
			window = (int)w;
		} else {
			return analyze_usage(ctx, "%s (unexpected \"%s\")", usage_text, ctx->argv[i]);
		}
	}
	if (incident && (since || ctx->filter.from))
		return analyze_usage(ctx, "%s: give --incident or --since, not both", usage_text);
	if (!since)
		since = ctx->filter.from;

	struct err e = { 0 };
	static const char *const needs[] = { "person", "incident", "involvement", "group", "membership", NULL };
	for (const char *const *name = needs; *name; name++)
		if (!access_may_read(ctx->a, model_entity(*name))) {
			err_set(&e, "refused: user %s (role %s) may not read %s records, so there is no "
				"retaliation watch to show", access_actor(ctx->a)->name,
				access_actor(ctx->a)->role, *name);
			return analyze_fail(ctx, &e);
		}
	struct retaliation r;
	memset(&r, 0, sizeof r);
	r.window = window;
	/* All history: the network and prior victimisations look back past the period. */
	if (dataset_load(ctx->a, NULL, &r.ds, &e))
		return analyze_fail(ctx, &e);
	analyze_note_missing(ctx, &r.ds);
	if (since)
		snprintf(r.since, sizeof r.since, "%s", since);
	else
		date_add_days(r.ds.today, -window, r.since);
	if (network_persons(&r.ds, NULL, NULL, &r.net, &e) ||
	    priority_notifications_load(ctx->a, &r.ds, &r.notes, &e)) {
		retaliation_release(&r);
		return analyze_fail(ctx, &e);
	}
	r.cand = calloc((size_t)r.ds.npersons + 1, sizeof *r.cand);
	r.touched = malloc(((size_t)r.ds.npersons + 1) * sizeof *r.touched);
	if (!r.cand || !r.touched)
		abort();
	retaliation_index(&r);

	/* Which incidents: the one asked for, or the serious ones of the period (and area). */
	int *sel = malloc(((size_t)r.ds.nincidents + 1) * sizeof *sel), nsel = 0;
	if (!sel)
		abort();
	if (incident) {
		char *end;
		long long id = strtoll(incident, &end, 10);
		int i = *end || end == incident ? -1 : dataset_incident(&r.ds, id);
		if (i < 0) {
			free(sel);
			retaliation_release(&r);
			err_set(&e, "no incident %s that your role may read; see gvi incident list", incident);
			return analyze_fail(ctx, &e);
		}
		sel[nsel++] = i;
	} else {
		struct dataset area = { 0 };
		struct ds_filter f = { .from = r.since, .to = ctx->filter.to, .area = ctx->filter.area, .serious_only = 1 };
		if (ctx->filter.area && dataset_load(ctx->a, &f, &area, &e)) {
			free(sel);
			retaliation_release(&r);
			return analyze_fail(ctx, &e);
		}
		for (int i = 0; i < r.ds.nincidents; i++) {
			const struct ds_incident *inc = &r.ds.incidents[i];
			if (!inc->serious || strcmp(inc->day, r.since) < 0 ||
			    (ctx->filter.to && strcmp(inc->day, ctx->filter.to) > 0))
				continue;
			if (ctx->filter.area && dataset_incident(&area, inc->id) < 0)
				continue;
			sel[nsel++] = i;
		}
		dataset_release(&area);
	}

	/* Most recent first: the newest incident is the most urgent. */
	json_t *out = NULL, *arr = NULL, *skipped = json_array();
	struct table *csv = NULL;
	int shown = 0;
	if (ctx->cli->fmt == TABLE_JSON) {
		out = json_object();
		arr = json_array();
		json_object_set_new(out, "parameters", json_pack("{s:s, s:o, s:i, s:s, s:s, s:s}",
			"today", r.ds.today, "since", incident ? json_null() : json_string(r.since), "window_days", window,
			"score", "closeness × (2 if a current member of a victimised group, else 1) + prior serious victimisations",
			"closeness", "1 for a victim and a victim's neighbours in the person network (co-involvement, shared group, tie); 0.5 at distance 2, and for a current member of a victimised group with no shorter path",
			"target_groups", "groups in a conflict relation in force today with a victimised group"));
		if (*r.ds.missing)
			json_object_set_new(json_object_get(out, "parameters"), "not_visible_to_role",
					    json_string(r.ds.missing));
	} else if (ctx->cli->fmt == TABLE_CSV) {
		csv = person_table(1);
	} else {
		if (incident)
			printf("Retaliation watch for incident %s (today %s, window %d days).\n\n", incident,
			       r.ds.today, window);
		else
			printf("Retaliation watch: serious incidents since %s (today %s, window %d days).\n\n",
			       r.since, r.ds.today, window);
	}
	for (int k = nsel; k-- > 0;) {
		struct incident_watch w;
		int has_group = watch_build(&r, sel[k], &w);
		if (!has_group) {
			json_array_append_new(skipped, json_integer(r.ds.incidents[sel[k]].id));
			watch_release(&w);
			continue;
		}
		shown++;
		if (arr)
			json_array_append_new(arr, watch_json(&r, &w, ctx->top));
		else if (csv)
			add_person_rows(&r, &w, ctx->top, csv, 1, 0);
		else
			watch_text(&r, &w, ctx->top);
		watch_release(&w);
	}
	if (out) {
		json_object_set_new(out, "incidents", arr);
		json_object_set_new(out, "without_victimised_group", skipped);
		json_dumpf(out, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		fputc('\n', ctx->out);
		json_decref(out);
	} else {
		if (csv) {
			table_print(csv, ctx->out, TABLE_CSV);
			table_free(csv);
		} else {
			if (!shown)
				printf("No serious incident with a victimised group%s.\n", incident ? "" : " in the period");
			if (json_array_size(skipped)) {
				printf("Without a victimised group (no group recorded victimised, no victim a "
				       "group member), so not listed: incident");
				size_t q;
				json_t *id;
				json_array_foreach(skipped, q, id)
					printf("%s %lld", q ? "," : "", (long long)json_integer_value(id));
				printf(".\n");
			}
			printf("score = closeness (1 victim or neighbour, 0.5 at distance 2 or member only) × 2 if a "
			       "current member of a victimised group + prior serious victimisations.\n");
		}
		json_decref(skipped);
	}
	free(sel);
	retaliation_release(&r);
	return 0;
}

/* ---- for other modules (retaliation.h) ---- */

int retaliation_watch_incident(struct access *a, int64_t id, long top, json_t **out, struct err *e)
{
	*out = NULL;
	static const char *const needs[] = { "person", "incident", "involvement", "group", "membership", NULL };
	for (const char *const *name = needs; *name; name++)
		if (!access_may_read(a, model_entity(*name)))
			return 0;
	struct retaliation r;
	memset(&r, 0, sizeof r);
	r.window = DEFAULT_WINDOW;
	if (dataset_load(a, NULL, &r.ds, e))
		return -1;
	date_add_days(r.ds.today, -r.window, r.since);
	int rc = network_persons(&r.ds, NULL, NULL, &r.net, e) ||
		 priority_notifications_load(a, &r.ds, &r.notes, e) ? -1 : 0;
	int i = rc ? -1 : dataset_incident(&r.ds, id);
	if (i >= 0) {
		r.cand = calloc((size_t)r.ds.npersons + 1, sizeof *r.cand);
		r.touched = malloc(((size_t)r.ds.npersons + 1) * sizeof *r.touched);
		if (!r.cand || !r.touched)
			abort();
		retaliation_index(&r);
		struct incident_watch w;
		if (watch_build(&r, i, &w))
			*out = watch_json(&r, &w, top);
		watch_release(&w);
	}
	retaliation_release(&r);
	return rc;
}
