/* cmd_demo.c — `gvi demo [PATH] [--seed N] [--scale city|national]`: a fictitious programme.
 *
 * The demo builds a whole GVI programme in a new repository: areas, agencies and one user per
 * role, groups with aliases, persons with invented surnames (never a personnummer),
 * memberships with their basis, conflicts and alliances, three (city) or ten (national) years
 * of incidents with the persons and groups involved, custom notifications, call-ins with
 * their invitations, enforcement actions after violence and referrals to support.
 *
 * The design choice that matters: the violence between groups in conflict is a mutually
 * exciting (Hawkes) process, simulated by its cluster representation.  For each conflict
 * pair, "immigrant" attacks arrive as a Poisson process in each direction; every attack
 * triggers Poisson(alpha) retaliations by the victimised group, each after an exponential
 * delay of days to weeks, and those trigger retaliations in turn.  So the clusters of
 * retaliation an analysis looks for are really in the data, not painted on.
 *
 * Everything comes from one GSL Mersenne Twister seeded by --seed, drawn in a fixed order,
 * and every date is counted from GVI_TODAY (date_today), so a seed and a day give the same
 * repository content.  The world is written only through the access layer: areas, agencies
 * and users by the admin, everything operational by the coordinator, in one bulk batch
 * with one audit entry. */
#include "cli.h"
#include "date.h"
#include "demo_names.h"

#include <errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define USAGE "gvi demo [PATH] [--seed N] [--scale city|national]"
#define NODAY INT_MIN   /* "no date" in day counts */

/* ---- what each scale holds ---- */

struct scale {
	const char *name;
	const char *programme;
	int years;                    /* the timeline: this many years back from today */
	int nmunis;
	int ngroups;                  /* national only; the city has its fixed list */
	long npersons;
	double member_share;          /* persons who belong to a group */
	double conflicts, alliances, neutrals;   /* relations per group */
	int prog_days;                /* the GVI programme has run this long */
	long nnotifications;
	int ncallins;
	double unrelated_per_year;    /* incidents with no group */
};

static const struct scale scales[] = {
	{ "city", "GVI Norrvik–Sjöbro (demo)", 3, 2, 12, 300, 0.82, 0.75, 0.34, 0.09, 420, 40, 2, 20 },
	{ "national", "GVI nationell demo (fiktiv)", 10, 40, 2000, 100000, 0.82, 0.4, 0.3, 0.05,
	  5 * 365, 13333, 667, 3333 },
};

/* The city's fixed geography and groups: Norrvik has districts 0–3, Sjöbro 4–6. */
static const struct {
	const char *name;
	int muni;
	double lat, lon;
} city_districts[] = {
	{ "Kvarnbacken", 0, 59.612, 17.838 }, { "Stenhagen", 0, 59.597, 17.861 },
	{ "Lilla Ängby", 0, 59.623, 17.872 }, { "Björkdalen", 0, 59.588, 17.829 },
	{ "Sjöbro centrum", 1, 59.521, 17.981 }, { "Fjärdsholmen", 1, 59.509, 18.004 },
	{ "Tallåsen", 1, 59.534, 17.962 },
};

static const struct {
	const char *name, *aliases;
	int district, second;   /* second: another district, -1 none */
} city_groups[] = {
	{ "Kvarnbackenligan", "KBL;Backen", 0, -1 },
	{ "Stenhagsnätverket", "SHN", 1, 3 },
	{ "Ängbygänget", "Lilla Ängby-killarna;ÄG", 2, -1 },
	{ "Björkdalsfalangen", "BDF", 3, -1 },
	{ "Hamnpojkarna", "HP;Hamnen", 4, -1 },
	{ "Fjärdsholmsklanen", "FHK", 5, 6 },
	{ "Tallåsbröderna", "Bröderna T;TB", 6, -1 },
	{ "Nätverket Z", "Z-gänget", 0, 1 },
	{ "Södra sidan", "SS;Södern", 1, -1 },
	{ "Svarta kvarteret", "SK", 5, -1 },
	{ "Gröna gänget", "GG", 3, 2 },
	{ "Unga hamnligan", "UHL;Lilla hamnen", 4, -1 },
};

static const char *const excluded_munis[] = {   /* real towns the stems happen to spell */
	"Norrköping", "Östersund", "Eksjö", "Västervik", "Hagfors", "Holmsund", "Bergsjö", NULL };

/* ---- the taxonomies the seed put in (seed.c) ---- */

enum { T_MURDER, T_SHOOTING, T_EXPLOSION, T_ATTEMPT, T_AGGRAVATED, T_ARSON, T_ROBBERY, T_ASSAULT,
       T_THREAT, T_WEAPONS, NTYPES };
static const char *const type_name[NTYPES] = { "murder", "shooting", "explosion",
	"attempted_murder", "aggravated_assault", "arson", "robbery", "assault", "threat",
	"weapons_offence" };
static const char *const type_text[NTYPES] = { "Person dödad", "Skottlossning",
	"Detonation vid entré", "Mordförsök", "Grov misshandel", "Anlagd brand", "Rån",
	"Misshandel", "Olaga hot", "Vapen påträffat" };
static const int type_serious[NTYPES] = { 1, 1, 1, 1, 1, 1, 0, 0, 0, 0 };
/* Type mixes: between groups in conflict, a group against outsiders, no group at all. */
static const double w_conflict[NTYPES] = { 4, 28, 8, 10, 20, 6, 2, 4, 16, 2 };
static const double w_onesided[NTYPES] = { 1, 5, 4, 3, 15, 5, 20, 20, 20, 7 };
static const double w_unrelated[NTYPES] = { 2, 4, 1, 3, 20, 3, 15, 35, 15, 2 };

enum { C_SELF, C_INTEL, C_COOFF, C_SYMBOLS, C_SOCIAL, C_OBSERVED, NCRIT };
static const char *const crit_name[NCRIT] = { "self_admission", "intelligence", "co_offending",
	"symbols", "social_media", "observed_with_members" };
static const double w_crit[NCRIT] = { 10, 30, 15, 10, 15, 20 };

enum { LV_PATROLS, LV_WARRANTS, LV_PROBATION, LV_ASSETS, LV_TRAFFIC, LV_HOUSING, LV_PROSECUTION,
       NLEVERS };
static const char *const lever_name[NLEVERS] = { "increased_patrols", "warrant_checks",
	"probation_conditions", "asset_recovery", "traffic_enforcement", "housing_rules",
	"prosecution_priority" };
static const double w_lever[NLEVERS] = { 25, 20, 15, 10, 12, 8, 10 };
static const char *const lever_outcome[NLEVERS][2] = {
	{ "Ökad närvaro i området under fyra veckor; inga nya skjutningar.",
	  "Fem gripanden och två vapen i beslag under insatsen." },
	{ "Tre efterlysta personer gripna; böter verkställda.",
	  "Två personer omhändertagna på gamla beslut om fängelse." },
	{ "Skärpta villkor för två personer under övervakning.",
	  "En person åter i anstalt efter brott mot villkoren." },
	{ "Tillgångar i beslag och återkrav av bidrag inlett.",
	  "Två bilar och kontanter i beslag; Skatteverket underrättat." },
	{ "Ett fordon i beslag; flera rapporter för trafikbrott.",
	  "Körförbud för tre fordon efter kontroller." },
	{ "Två hyreskontrakt uppsagda efter störningar.",
	  "Hyresvärden har varnat tre hushåll." },
	{ "Förundersökningar prioriterade; åtal väckt i ett ärende.",
	  "Två domar efter snabbförfarande." },
};

enum { S_EXIT, S_EMPLOYMENT, S_HOUSING, S_ADDICTION, S_EDUCATION, S_PROTECTION, S_FAMILY,
       S_MENTAL, NSERVICES };
static const char *const service_name[NSERVICES] = { "exit_programme", "employment", "housing",
	"addiction", "education", "protection", "family_support", "mental_health" };
static const double w_service[NSERVICES] = { 20, 20, 10, 10, 12, 6, 10, 8 };

enum { L_CORE, L_MEMBER, L_ASSOC };
static const char *const level_name[] = { "core", "member", "associate" };

/* The demo's users: name, role, full name, agency (an AG_ index). */
enum { AG_COORD, AG_POLICE, AG_PROBATION, AG_REGION, AG_SCHOOL, AG_COMMUNITY, AG_EVAL, AG_SOCIAL0 };
static const struct {
	const char *name, *role, *full_name;
	int agency;
} demo_users[] = {
	{ "samordnare", "coordinator", "Karin Exempelsson", AG_COORD },
	{ "analytiker", "police_analyst", "Jonas Låtsasberg", AG_POLICE },
	{ "socialsekreterare", "social_services", "Amina Påhittadsdotter", AG_SOCIAL0 },
	{ "frivard", "probation", "Leif Fiktivgren", AG_PROBATION },
	{ "forening", "community_partner", "Samir Demoström", AG_COMMUNITY },
	{ "utvarderare", "evaluator", "Eva Övningsberg", AG_EVAL },
};
#define NUSERS (sizeof demo_users / sizeof demo_users[0])

/* ---- the world in memory ---- */

struct area {
	int64_t id;
	char name[64];
	int mi;          /* municipality number */
	int is_muni;
	double lat, lon;
};

struct group {
	int64_t id;
	char name[96];
	char aliases[96];
	int mi;
	size_t area[2];
	int nareas;
	int first, last;     /* first and last seen (last NODAY while active) */
	int status;          /* 0 active, 1 inactive, 2 dissolved */
	size_t *mem;         /* memberships */
	size_t nmem, capmem;
};

struct person {
	int64_t id;
	int group;           /* primary group, -1 none */
	int level;
	size_t area;
	int involved;        /* suspect or victim in recent incidents */
	char birth[DATE_LEN];   /* as recorded (perhaps only the year) */
	int minor;           /* under 18 today: the shorter review cycle */
};

struct member {
	int64_t id;
	size_t person;
	int group;
	int level;
	int since, until;
};

enum { R_CONFLICT, R_ALLIANCE, R_NEUTRAL };
static const char *const relation_kind[] = { "conflict", "alliance", "neutral" };

struct relation {
	int a, b, kind, intensity;
	int since, until;
};

enum { EV_CONFLICT, EV_ONESIDED, EV_UNRELATED };

struct event {
	double t;            /* days from the timeline's start */
	int perp, vic;       /* groups, -1 none */
	int kind, type;
	long seq, parent;    /* creation number; the event retaliated for (-1 none) */
};

struct contact {        /* a delivered message, to hang referrals on */
	size_t person;
	int day;
};

struct demo {
	const struct scale *sc;
	unsigned long seed;
	gsl_rng *rng;
	struct access *a;
	struct err *e;
	char today[DATE_LEN], t0[DATE_LEN];
	int T, prog;                  /* today and the programme's start, days from t0 */

	struct area *areas;
	size_t nareas;
	size_t *munis;                /* area index of municipality mi */
	size_t **muni_districts;
	size_t *nmuni_districts;
	size_t *districts;
	size_t ndistricts;

	int64_t ag[AG_SOCIAL0];
	int64_t *ag_social;           /* per municipality */
	struct shared {               /* referrals of the first social services to disclose */
		size_t person;
		int offered, consent, started;
	} *shared;
	size_t nshared;

	struct group *groups;
	size_t ngroups;
	struct person *persons;
	size_t npersons;
	size_t *loners;               /* persons in no group */
	size_t nloners;
	struct member *members;
	size_t nmembers;
	struct relation *rel;
	size_t nrel;
	struct event *ev;
	size_t nev, capev;
	int64_t *incident_of;         /* by event seq */
	int *first_callin;            /* per municipality, NODAY before the first */

	struct contact *contacts;
	size_t ncontacts, capcontacts;
};

/* ---- small helpers ---- */

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		abort();
	return p;
}

static double unif(struct demo *d) { return gsl_rng_uniform(d->rng); }
static int chance(struct demo *d, double p) { return gsl_rng_uniform(d->rng) < p; }

static long pick(struct demo *d, size_t n)
{
	return n ? (long)gsl_rng_uniform_int(d->rng, (unsigned long)n) : 0;
}

static int between(struct demo *d, int lo, int hi)
{
	return hi <= lo ? lo : lo + (int)pick(d, (size_t)(hi - lo) + 1);
}

static const char *pick_of(struct demo *d, const struct demo_list *l)
{
	return l->item[pick(d, l->n)];
}

static int weighted(struct demo *d, const double *w, int n)
{
	double sum = 0;
	for (int i = 0; i < n; i++)
		sum += w[i];
	double u = unif(d) * sum;
	for (int i = 0; i < n; i++) {
		if (u < w[i])
			return i;
		u -= w[i];
	}
	return n - 1;
}

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }

static void date_of(const struct demo *d, int day, char out[DATE_LEN])
{
	if (date_add_days(d->t0, day, out))
		out[0] = '\0';
}

static void full_name(struct demo *d, char *out, size_t n, int female)
{
	snprintf(out, n, "%s %s", pick_of(d, female ? &demo_first_female : &demo_first_male),
		 pick_of(d, &demo_surnames));
}

/* An open-addressing set of 64-bit keys (codes, group pairs). */
struct keyset {
	uint64_t *slot;    /* key + 1; 0 = empty */
	size_t cap, n;
};

static int keyset_add(struct keyset *s, uint64_t key)
{
	if (2 * (s->n + 1) > s->cap) {
		struct keyset bigger = { xcalloc(s->cap ? 2 * s->cap : 1024, sizeof *s->slot),
					 s->cap ? 2 * s->cap : 1024, 0 };
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i])
				keyset_add(&bigger, s->slot[i] - 1);
		free(s->slot);
		*s = bigger;
	}
	size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (s->cap - 1);
	for (; s->slot[i]; i = (i + 1) & (s->cap - 1))
		if (s->slot[i] == key + 1)
			return 0;
	s->slot[i] = key + 1;
	s->n++;
	return 1;
}

/* Sampling k of n without replacement, item i with weight w[i] (Efraimidis–Spirakis).
 * Returns a malloc'd array of indices; *got may be less than k when fewer have weight. */
struct keyed {
	double key;
	size_t i;
};

static int keyed_cmp(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	if (a->key != b->key)
		return a->key > b->key ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

static size_t *weighted_sample(struct demo *d, const double *w, size_t n, size_t k, size_t *got)
{
	struct keyed *keys = xcalloc(n, sizeof *keys);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		double u = unif(d);
		if (w[i] <= 0)
			continue;
		keys[m].key = log(u > 0 ? u : 1e-300) / w[i];
		keys[m++].i = i;
	}
	qsort(keys, m, sizeof *keys, keyed_cmp);
	*got = k < m ? k : m;
	size_t *out = xcalloc(*got, sizeof *out);
	for (size_t i = 0; i < *got; i++)
		out[i] = keys[i].i;
	free(keys);
	return out;
}

static void progress(const char *what, long done, long total)
{
	if (done % 512 == 0 || done == total)
		cli_progress(what, done, total);
}

/* ---- writing records through the access layer ---- */

static int put(struct demo *d, struct record *r, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Sets a field from printf-style text; an empty text leaves it unset. */
static int put(struct demo *d, struct record *r, const char *field, const char *fmt, ...)
{
	char v[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v, sizeof v, fmt, ap);
	va_end(ap);
	if (!*v)
		return 0;
	if (record_set(r, field, v, d->e))
		return err_prefix(d->e, "demo: %s %s: ", r->e->name, field);
	return 0;
}

static int put_day(struct demo *d, struct record *r, const char *field, int day)
{
	if (day == NODAY)
		return 0;
	char s[DATE_LEN];
	date_of(d, day, s);
	return put(d, r, field, "%s", s);
}

static int put_id(struct demo *d, struct record *r, const char *field, int64_t id)
{
	return put(d, r, field, "%lld", (long long)id);
}

static int put_bool(struct demo *d, struct record *r, const char *field, int yes)
{
	return put(d, r, field, "%s", yes ? "1" : "0");
}

static int store(struct demo *d, struct record *r)
{
	if (access_add(d->a, r, d->e))
		return err_prefix(d->e, "demo: adding a %s: ", r->e->name);
	return 0;
}

/* ---- geography, agencies, users (as admin) ---- */

static int add_area(struct demo *d, struct record *r, struct area *ar, const char *parent_kind,
		    int64_t parent)
{
	record_clear(r);
	if (put(d, r, "name", "%s", ar->name) || put(d, r, "kind", "%s", parent_kind) ||
	    (parent && put_id(d, r, "parent", parent)) || store(d, r))
		return -1;
	ar->id = r->id;
	return 0;
}

static int muni_name_taken(struct demo *d, const char *name)
{
	for (size_t i = 0; i < d->nareas; i++)
		if (!strcmp(d->areas[i].name, name))
			return 1;
	for (int i = 0; excluded_munis[i]; i++)
		if (!strcmp(excluded_munis[i], name))
			return 1;
	return 0;
}

static void make_geography(struct demo *d)
{
	int city = !strcmp(d->sc->name, "city");
	size_t nm = (size_t)d->sc->nmunis;
	d->areas = xcalloc(nm * 8, sizeof *d->areas);
	d->munis = xcalloc(nm, sizeof *d->munis);
	d->muni_districts = xcalloc(nm, sizeof *d->muni_districts);
	d->nmuni_districts = xcalloc(nm, sizeof *d->nmuni_districts);
	d->districts = xcalloc(nm * 8, sizeof *d->districts);
	for (size_t mi = 0; mi < nm; mi++) {
		struct area *m = &d->areas[d->nareas];
		if (mi == 0 || mi == 1) {
			snprintf(m->name, sizeof m->name, "%s", mi ? "Sjöbro" : "Norrvik");
			m->lat = mi ? 59.52 : 59.60;
			m->lon = mi ? 17.98 : 17.85;
		} else {
			char name[64];
			do
				snprintf(name, sizeof name, "%s%s", pick_of(d, &demo_muni_stems),
					 pick_of(d, &demo_muni_suffixes));
			while (muni_name_taken(d, name));
			snprintf(m->name, sizeof m->name, "%s", name);
			m->lat = 56.0 + 5.0 * unif(d);
			m->lon = 13.0 + 4.5 * unif(d);
		}
		m->mi = (int)mi;
		m->is_muni = 1;
		d->munis[mi] = d->nareas++;
		d->muni_districts[mi] = xcalloc(8, sizeof **d->muni_districts);
		if (city) {
			for (size_t k = 0; k < sizeof city_districts / sizeof city_districts[0]; k++) {
				if (city_districts[k].muni != (int)mi)
					continue;
				struct area *a = &d->areas[d->nareas];
				snprintf(a->name, sizeof a->name, "%s", city_districts[k].name);
				a->lat = city_districts[k].lat;
				a->lon = city_districts[k].lon;
				a->mi = (int)mi;
				d->muni_districts[mi][d->nmuni_districts[mi]++] = d->nareas;
				d->districts[d->ndistricts++] = d->nareas++;
			}
			continue;
		}
		size_t words[16], nw = demo_district_words.n;
		for (size_t k = 0; k < nw; k++)
			words[k] = k;
		gsl_ran_shuffle(d->rng, words, nw, sizeof words[0]);
		int nd = between(d, 3, 6);
		char muni[64];
		snprintf(muni, sizeof muni, "%s", m->name);
		for (int k = 0; k < nd; k++) {
			struct area *a = &d->areas[d->nareas];
			snprintf(a->name, sizeof a->name, "%.40s %.20s", muni, demo_district_words.item[words[k]]);
			a->lat = d->areas[d->munis[mi]].lat + 0.04 * (unif(d) - 0.5);
			a->lon = d->areas[d->munis[mi]].lon + 0.06 * (unif(d) - 0.5);
			a->mi = (int)mi;
			d->muni_districts[mi][d->nmuni_districts[mi]++] = d->nareas;
			d->districts[d->ndistricts++] = d->nareas++;
		}
	}
}

static int add_agency(struct demo *d, struct record *r, const char *name, const char *kind,
		      const char *notes, int64_t *id)
{
	record_clear(r);
	if (put(d, r, "name", "%s", name) || put(d, r, "kind", "%s", kind) ||
	    (notes && put(d, r, "notes", "%s", notes)) || store(d, r))
		return -1;
	*id = r->id;
	return 0;
}

static int write_setup(struct demo *d)
{
	struct record r;
	record_init(&r, model_entity("area"));
	int rc = -1;
	for (size_t mi = 0; mi < (size_t)d->sc->nmunis; mi++) {
		struct area *m = &d->areas[d->munis[mi]];
		if (add_area(d, &r, m, "municipality", 0))
			goto out;
		for (size_t k = 0; k < d->nmuni_districts[mi]; k++)
			if (add_area(d, &r, &d->areas[d->muni_districts[mi][k]], "district", m->id))
				goto out;
	}
	record_release(&r);
	record_init(&r, model_entity("agency"));
	if (access_find(d->a, model_entity("agency"), "GVI-samordning", &d->ag[AG_COORD], d->e) ||
	    add_agency(d, &r, "Polisen", "police", "Lokalpolisområdena i programmets kommuner",
		       &d->ag[AG_POLICE]) ||
	    add_agency(d, &r, "Kriminalvården", "probation", "Frivården", &d->ag[AG_PROBATION]) ||
	    add_agency(d, &r, "Region Sjöland", "healthcare", "Beroendevård och psykiatri",
		       &d->ag[AG_REGION]) ||
	    add_agency(d, &r, "Utbildningsförvaltningen Norrvik", "school", NULL, &d->ag[AG_SCHOOL]) ||
	    add_agency(d, &r, "Föreningen Trygga kvarter", "community",
		       "Föräldranätverk, församlingar och idrottsföreningar", &d->ag[AG_COMMUNITY]) ||
	    add_agency(d, &r, "Norrviks högskola", "other", "Följeforskning och utvärdering",
		       &d->ag[AG_EVAL]))
		goto out;
	d->ag_social = xcalloc((size_t)d->sc->nmunis, sizeof *d->ag_social);
	for (size_t mi = 0; mi < (size_t)d->sc->nmunis; mi++) {
		char name[96];
		snprintf(name, sizeof name, "Socialtjänsten %s", d->areas[d->munis[mi]].name);
		if (add_agency(d, &r, name, "social_services", NULL, &d->ag_social[mi]))
			goto out;
	}
	record_release(&r);
	record_init(&r, model_entity("user"));
	for (size_t u = 0; u < NUSERS; u++) {
		int ag = demo_users[u].agency;
		record_clear(&r);
		if (put(d, &r, "name", "%s", demo_users[u].name) ||
		    put(d, &r, "full_name", "%s", demo_users[u].full_name) ||
		    put(d, &r, "role", "%s", demo_users[u].role) ||
		    put_id(d, &r, "agency", ag == AG_SOCIAL0 ? d->ag_social[0] : d->ag[ag]) ||
		    store(d, &r))
			goto out;
	}
	rc = 0;
out:
	record_release(&r);
	return rc;
}

/* ---- groups ---- */

static void group_add_member(struct group *g, size_t m)
{
	if (g->nmem == g->capmem) {
		g->capmem = g->capmem ? 2 * g->capmem : 16;
		g->mem = xrealloc(g->mem, g->capmem * sizeof *g->mem);
	}
	g->mem[g->nmem++] = m;
}

static void make_groups(struct demo *d)
{
	int city = !strcmp(d->sc->name, "city");
	d->ngroups = city ? sizeof city_groups / sizeof city_groups[0] : (size_t)d->sc->ngroups;
	d->groups = xcalloc(d->ngroups, sizeof *d->groups);
	/* National: groups spread over the municipalities by size (two each at least). */
	double *mw = xcalloc((size_t)d->sc->nmunis, sizeof *mw);
	for (int mi = 0; mi < d->sc->nmunis; mi++)
		mw[mi] = gsl_ran_gamma(d->rng, 1.5, 1.0);
	struct keyset names = { 0 };
	for (size_t i = 0; i < d->ngroups; i++) {
		struct group *g = &d->groups[i];
		if (city) {
			snprintf(g->name, sizeof g->name, "%s", city_groups[i].name);
			snprintf(g->aliases, sizeof g->aliases, "%s", city_groups[i].aliases);
			g->area[g->nareas++] = d->districts[city_groups[i].district];
			if (city_groups[i].second >= 0)
				g->area[g->nareas++] = d->districts[city_groups[i].second];
			g->mi = d->areas[g->area[0]].mi;
		} else {
			g->mi = i < 2 * (size_t)d->sc->nmunis ? (int)(i % (size_t)d->sc->nmunis)
							       : weighted(d, mw, d->sc->nmunis);
			size_t nd = d->nmuni_districts[g->mi];
			g->area[g->nareas++] = d->muni_districts[g->mi][pick(d, nd)];
			if (chance(d, 0.3)) {
				size_t other = d->muni_districts[g->mi][pick(d, nd)];
				if (other != g->area[0])
					g->area[g->nareas++] = other;
			}
			size_t c, n;
			int tries = 0;
			do {
				c = (size_t)pick(d, demo_group_colours.n);
				n = (size_t)pick(d, demo_group_nouns.n);
			} while (!keyset_add(&names, ((uint64_t)g->mi * 64 + c) * 64 + n) && ++tries < 50);
			const char *colour = demo_group_colours.item[c], *noun = demo_group_nouns.item[n];
			if (tries < 50)
				snprintf(g->name, sizeof g->name, "%s %s i %s", colour, noun,
					 d->areas[d->munis[g->mi]].name);
			else
				snprintf(g->name, sizeof g->name, "%s %s i %s (%zu)", colour, noun,
					 d->areas[d->munis[g->mi]].name, i);
			/* Aliases: the initials and sometimes a number. */
			char init[8] = { 0 };
			int k = 0;
			for (const char *p = g->name; *p && k < 3; p++)
				if ((p == g->name || p[-1] == ' ') && (unsigned char)*p < 0x80 && *p != 'i')
					init[k++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
			if (chance(d, 0.6))
				snprintf(g->aliases, sizeof g->aliases, "%s", init);
			if (chance(d, 0.25))
				snprintf(g->aliases + strlen(g->aliases), sizeof g->aliases - strlen(g->aliases),
					 "%sTeam %d", *g->aliases ? ";" : "", between(d, 10, 99));
		}
		/* First seen: mostly years before the timeline starts, some within it. */
		g->first = chance(d, 0.2) ? between(d, 0, d->T - 240)
					  : -between(d, 30, 365 * imax(3, d->sc->years));
		g->last = NODAY;
		double u = unif(d);
		if (u < 0.10) {
			g->status = 1;
			g->last = d->T - between(d, 90, 400);
		} else if (u < 0.16) {
			g->status = 2;
			g->last = d->T - between(d, 200, 700);
		}
		if (g->last != NODAY && g->last < g->first + 240) {
			g->status = 0;
			g->last = NODAY;
		}
	}
	free(names.slot);
	free(mw);
}

static int group_end(const struct group *g, int T)
{
	return g->last == NODAY ? T : imin(g->last, T);
}

static int write_groups(struct demo *d)
{
	static const char *const status[] = { "active", "inactive", "dissolved" };
	struct record r;
	record_init(&r, model_entity("group"));
	int rc = 0;
	for (size_t i = 0; i < d->ngroups && !rc; i++) {
		struct group *g = &d->groups[i];
		char areas[64];
		if (g->nareas == 2)
			snprintf(areas, sizeof areas, "%lld;%lld", (long long)d->areas[g->area[0]].id,
				 (long long)d->areas[g->area[1]].id);
		else
			snprintf(areas, sizeof areas, "%lld", (long long)d->areas[g->area[0]].id);
		record_clear(&r);
		rc = put(d, &r, "name", "%s", g->name) || put(d, &r, "aliases", "%s", g->aliases) ||
		     put(d, &r, "areas", "%s", areas) || put(d, &r, "status", "%s", status[g->status]) ||
		     put_day(d, &r, "first_seen", g->first) || put_day(d, &r, "last_seen", g->last) ||
		     put_id(d, &r, "owner", d->ag[AG_POLICE]) ||
		     (g->status == 2 && put(d, &r, "notes", "%s", "Upplöst efter gripanden; "
					    "medlemmarna har gått vidare till andra grupper eller lämnat.")) ||
		     store(d, &r);
		g->id = r.id;
		progress("demo: groups", (long)i + 1, (long)d->ngroups);
	}
	record_release(&r);
	return rc ? -1 : 0;
}

/* ---- relations ---- */

static void make_relations(struct demo *d)
{
	size_t ng = d->ngroups;
	size_t nconf = (size_t)lround(d->sc->conflicts * (double)ng);
	size_t nall = (size_t)lround(d->sc->alliances * (double)ng);
	size_t nneu = (size_t)lround(d->sc->neutrals * (double)ng);
	size_t total = nconf + nall + nneu;
	d->rel = xcalloc(total, sizeof *d->rel);
	/* Groups of each municipality, to keep most relations local. */
	size_t **bym = xcalloc((size_t)d->sc->nmunis, sizeof *bym);
	size_t *nbym = xcalloc((size_t)d->sc->nmunis, sizeof *nbym);
	for (size_t i = 0; i < ng; i++) {
		int mi = d->groups[i].mi;
		bym[mi] = xrealloc(bym[mi], (nbym[mi] + 1) * sizeof **bym);
		bym[mi][nbym[mi]++] = i;
	}
	struct keyset pairs = { 0 };
	for (size_t k = 0; k < total; k++) {
		int kind = k < nconf ? R_CONFLICT : k < nconf + nall ? R_ALLIANCE : R_NEUTRAL;
		size_t a = 0, b = 0;
		for (int tries = 0; tries < 1000; tries++) {
			a = (size_t)pick(d, ng);
			int mi = d->groups[a].mi;
			if (ng > 20 && nbym[mi] > 1 && !chance(d, 0.05))
				b = bym[mi][pick(d, nbym[mi])];
			else
				b = (size_t)pick(d, ng);
			size_t lo = a < b ? a : b, hi = a < b ? b : a;
			if (a != b && keyset_add(&pairs, (uint64_t)lo * ng + hi))
				break;
			a = b;
		}
		if (a == b)
			continue;
		struct relation *r = &d->rel[d->nrel++];
		const struct group *ga = &d->groups[a], *gb = &d->groups[b];
		r->a = (int)a;
		r->b = (int)b;
		r->kind = kind;
		int start = imax(ga->first, gb->first);
		int end = imin(group_end(ga, d->T), group_end(gb, d->T));
		int latest = imax(start, imin(end - 60, d->T / 2));
		r->since = between(d, imax(start, -d->T / 2), latest);
		r->until = NODAY;
		if (end < d->T)
			r->until = imax(r->since, end);
		else if (chance(d, kind == R_CONFLICT ? 0.25 : 0.15)) {
			int until = r->since + between(d, 200, imax(700, d->T / 3));
			if (until < d->T - 30)
				r->until = until;
		}
		static const double w_intensity[] = { 0.15, 0.25, 0.30, 0.20, 0.10 };
		r->intensity = kind == R_CONFLICT ? 1 + weighted(d, w_intensity, 5) : 0;
	}
	for (int mi = 0; mi < d->sc->nmunis; mi++)
		free(bym[mi]);
	free(bym);
	free(nbym);
	free(pairs.slot);
}

static int write_relations(struct demo *d)
{
	static const char *const conflict_notes[] = { "Sporadiska hot mellan grupperna.",
		"Konflikt om försäljningsområde.", "Konflikten har eskalerat under året.",
		"Flera skjutningar i båda riktningarna.", "Öppen konflikt; hög risk för nya dåd." };
	struct record r;
	record_init(&r, model_entity("relation"));
	int rc = 0;
	for (size_t i = 0; i < d->nrel && !rc; i++) {
		const struct relation *x = &d->rel[i];
		record_clear(&r);
		rc = put_id(d, &r, "group_a", d->groups[x->a].id) ||
		     put_id(d, &r, "group_b", d->groups[x->b].id) ||
		     put(d, &r, "kind", "%s", relation_kind[x->kind]) || put_day(d, &r, "since", x->since) ||
		     put_day(d, &r, "until", x->until) ||
		     (x->intensity && put(d, &r, "intensity", "%d", x->intensity)) ||
		     (x->intensity && put(d, &r, "notes", "%s", conflict_notes[x->intensity - 1])) ||
		     put_id(d, &r, "owner", d->ag[AG_POLICE]) || store(d, &r);
		progress("demo: relations", (long)i + 1, (long)d->nrel);
	}
	record_release(&r);
	return rc ? -1 : 0;
}

/* ---- persons and memberships ---- */

static void make_people(struct demo *d)
{
	size_t n = (size_t)d->sc->npersons, ng = d->ngroups;
	d->npersons = n;
	d->persons = xcalloc(n, sizeof *d->persons);
	/* Group sizes: four each, the rest of the members spread by a skewed weight. */
	size_t nmembers = (size_t)lround(d->sc->member_share * (double)n);
	double *w = xcalloc(ng, sizeof *w);
	for (size_t g = 0; g < ng; g++)
		w[g] = gsl_ran_gamma(d->rng, 2.5, 1.0) * (d->groups[g].status ? 0.6 : 1.0);
	unsigned *size = xcalloc(ng, sizeof *size);
	gsl_ran_multinomial(d->rng, ng, nmembers > 4 * ng ? (unsigned)(nmembers - 4 * ng) : 0, w, size);
	size_t *order = xcalloc(n, sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	gsl_ran_shuffle(d->rng, order, n, sizeof *order);
	d->members = xcalloc(2 * nmembers + 1, sizeof *d->members);
	size_t next = 0;
	for (size_t g = 0; g < ng; g++) {
		struct group *gr = &d->groups[g];
		size_t sz = size[g] + 4;
		size_t ncore = imax(2, (int)lround(0.15 * (double)sz));
		size_t nmem = (size_t)lround(0.55 * (double)sz);
		for (size_t r = 0; r < sz && next < n; r++) {
			struct person *p = &d->persons[order[next++]];
			p->group = (int)g;
			p->level = r < ncore ? L_CORE : r < ncore + nmem ? L_MEMBER : L_ASSOC;
			p->area = chance(d, 0.75) ? gr->area[pick(d, (size_t)gr->nareas)]
						  : d->muni_districts[gr->mi][pick(d, d->nmuni_districts[gr->mi])];
		}
	}
	d->loners = xcalloc(n, sizeof *d->loners);
	for (size_t i = next; i < n; i++) {
		struct person *p = &d->persons[order[i]];
		p->group = -1;
		p->level = -1;
		p->area = d->districts[pick(d, d->ndistricts)];
	}
	for (size_t i = 0; i < n; i++)
		if (d->persons[i].group < 0)
			d->loners[d->nloners++] = i;
	/* Memberships in person order, a few persons also close to an allied group. */
	for (size_t i = 0; i < n; i++) {
		struct person *p = &d->persons[i];
		if (p->group < 0)
			continue;
		int groups[2] = { p->group, -1 };
		if (chance(d, 0.05)) {
			for (size_t k = 0; k < d->nrel; k++) {
				const struct relation *x = &d->rel[k];
				if (x->kind == R_ALLIANCE && (x->a == p->group || x->b == p->group)) {
					groups[1] = x->a == p->group ? x->b : x->a;
					break;
				}
			}
		}
		for (int k = 0; k < 2 && groups[k] >= 0; k++) {
			struct group *g = &d->groups[groups[k]];
			struct member *m = &d->members[d->nmembers];
			m->person = i;
			m->group = groups[k];
			m->level = k ? L_ASSOC : p->level;
			int end = group_end(g, d->T);
			int latest = imax(g->first, imin(d->T - 60, end - 30));
			/* Half of the members predate the timeline when the group does. */
			m->since = between(d, g->first, latest);
			m->until = g->status == 2 ? g->last : NODAY;
			if (m->until == NODAY && chance(d, 0.05) && m->since + 60 < d->T - 30)
				m->until = between(d, m->since + 60, d->T - 30);
			group_add_member(g, d->nmembers++);
		}
	}
	free(order);
	free(size);
	free(w);
}

static int write_persons(struct demo *d)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	struct record r;
	record_init(&r, model_entity("person"));
	struct keyset codes = { 0 };
	int rc = 0;
	for (size_t i = 0; i < d->npersons && !rc; i++) {
		struct person *p = &d->persons[i];
		char code[16], name[96], birth[DATE_LEN];
		uint64_t key;
		do {
			key = 0;
			snprintf(code, sizeof code, "P-");
			for (int k = 0; k < 6; k++) {
				long c = pick(d, sizeof alphabet - 1);
				code[2 + k] = alphabet[c];
				key = key * 32 + (uint64_t)c;
			}
			code[8] = '\0';
		} while (!keyset_add(&codes, key));
		full_name(d, name, sizeof name, chance(d, p->group >= 0 ? 0.08 : 0.3));
		/* Ages mostly 15–35: core members older, associates youngest. */
		double age;
		switch (p->level) {
		case L_CORE: age = 19 + gsl_ran_gamma(d->rng, 2.5, 3.0); break;
		case L_MEMBER: age = 16 + gsl_ran_gamma(d->rng, 2.2, 3.0); break;
		case L_ASSOC: age = 14.5 + gsl_ran_gamma(d->rng, 2.0, 3.0); break;
		default: age = 15 + gsl_ran_gamma(d->rng, 2.0, 6.0); break;
		}
		if (age > 70)
			age = 70;
		date_of(d, d->T - (int)(age * 365.25) - (int)pick(d, 365), birth);
		if (chance(d, 0.15))
			birth[4] = '\0';   /* only the birth year is known */
		snprintf(p->birth, sizeof p->birth, "%s", birth);
		int age_now = date_age(birth, d->today);
		p->minor = age_now >= 0 && age_now < 18;
		/* within the review cycle: 12 months, 6 for a minor (docs/privacy.md) */
		int review = chance(d, 0.06) ? d->T - between(d, 1, 90)
					     : d->T + between(d, 30, p->minor ? 180 : 365);
		record_clear(&r);
		rc = put(d, &r, "code", "%s", code) || put(d, &r, "name", "%s", name) ||
		     (p->group >= 0 && chance(d, 0.25) &&
		      put(d, &r, "aliases", "%s", pick_of(d, &demo_nicknames))) ||
		     put(d, &r, "birth", "%s", birth) || put_id(d, &r, "area", d->areas[p->area].id) ||
		     put_day(d, &r, "review", review) || put_id(d, &r, "owner", d->ag[AG_POLICE]) ||
		     store(d, &r);
		p->id = r.id;
		progress("demo: persons", (long)i + 1, (long)d->npersons);
	}
	free(codes.slot);
	record_release(&r);
	return rc ? -1 : 0;
}

static void basis_source(struct demo *d, int crit, int day, char *out, size_t n)
{
	char date[DATE_LEN];
	date_of(d, day, date);
	int year = atoi(date), yy = year % 100;
	long num = 1000 + pick(d, 9000);
	switch (crit) {
	case C_SELF: snprintf(out, n, "Förhörsprotokoll FU %d-%ld", year, num); break;
	case C_INTEL: snprintf(out, n, "Underrättelserapport U-%ld", num); break;
	case C_COOFF: snprintf(out, n, "Dom B %ld-%02d", num, yy); break;
	case C_SYMBOLS: snprintf(out, n, "PM %d-%ld (fotodokumentation)", year, num); break;
	case C_SOCIAL: snprintf(out, n, "Skärmdump SM-%d-%03ld", year, num % 1000); break;
	default:
		if (chance(d, 0.5))
			snprintf(out, n, "Spaningsrapport S-%ld", num);
		else
			snprintf(out, n, "PM %d-%ld", year, num);
		break;
	}
}

/* The first day (from t0) on which a person born `birth` (perhaps only a year, taken at its
 * latest day as the access layer does) is `years` old. */
static int day_aged(const struct demo *d, const char *birth, int years)
{
	char latest[DATE_LEN], aged[DATE_LEN];
	if (strlen(birth) == 4)
		snprintf(latest, sizeof latest, "%s-12-31", birth);
	else
		snprintf(latest, sizeof latest, "%s", birth);
	if (date_add_months(latest, 12 * years, aged))
		return 0;
	/* born 29 February: the birthday of a common year is 1 March, a day after the clamp */
	for (int k = 0; k < 2 && date_age(birth, aged) < years; k++)
		date_add_days(aged, 1, aged);
	return (int)date_diff_days(d->t0, aged);
}

/* Memberships that meet the inclusion rules of docs/privacy.md with the default settings: at
 * least two different criteria, dated within five years before the membership's last day
 * (a reassessment is dated inside the window when the inclusion is older), none in the
 * future, and no member younger than 13 at `since`. */
static int write_memberships(struct demo *d)
{
	struct record r;
	record_init(&r, model_entity("membership"));
	int rc = 0;
	for (size_t i = 0; i < d->nmembers && !rc; i++) {
		struct member *m = &d->members[i];
		const struct person *p = &d->persons[m->person];
		int old_enough = day_aged(d, p->birth, 13);
		if (m->since < old_enough) {
			m->since = old_enough;
			if (m->until != NODAY && m->until < m->since + 30)
				m->until = imin(d->T - 1, m->since + 30);
		}
		int end = m->until != NODAY && m->until < d->T ? m->until : d->T;
		char basis[1024] = "";
		int used[NCRIT] = { 0 }, nb = 2 + (int)(chance(d, 0.3)), distinct = 0;
		size_t len = 0;
		for (int k = 0; k < 16 && distinct < nb; k++) {
			int c = weighted(d, w_crit, NCRIT);
			if (used[c])
				continue;
			used[c] = 1;
			distinct++;
			int day = imin(end, imin(d->T - 1, m->since + between(d, -120, 60)));
			if (day < end - 1700)
				day = end - between(d, 30, 1700);
			char src[128], date[DATE_LEN];
			basis_source(d, c, day, src, sizeof src);
			date_of(d, day, date);
			len += (size_t)snprintf(basis + len, sizeof basis - len, "%s%s|%s|%s", len ? ";" : "",
						crit_name[c], src, date);
		}
		int review = chance(d, 0.12) ? d->T - between(d, 1, 150)
					     : d->T + between(d, 14, p->minor ? 180 : 365);
		record_clear(&r);
		rc = put_id(d, &r, "person", p->id) ||
		     put_id(d, &r, "group", d->groups[m->group].id) ||
		     put(d, &r, "level", "%s", level_name[m->level]) || put_day(d, &r, "since", m->since) ||
		     put_day(d, &r, "until", m->until) || put(d, &r, "basis", "%s", basis) ||
		     put_day(d, &r, "review", review) || put_id(d, &r, "owner", d->ag[AG_POLICE]) ||
		     store(d, &r);
		m->id = r.id;
		progress("demo: memberships", (long)i + 1, (long)d->nmembers);
	}
	record_release(&r);
	return rc ? -1 : 0;
}

/* ---- disclosures by social services (docs/privacy.md) ---- */

/* Recorded by the first municipality's social services user, as only the disclosing agency
 * may: its referrals of a person who consented go, whole, to the coordinator's agency (basis
 * samtycke, decided when offered); the status of a started referral of a person under 21
 * goes to the police (OSL 10 kap. 18 a §, decided today).  No random draws: the rest of
 * the demo is the same with or without them. */
static int write_disclosures(struct demo *d, const char *path)
{
	struct access *a;
	if (access_open(&a, path, "socialsekreterare", 1, d->e) ||
	    access_set_purpose(a, "operativ GVI-verksamhet", d->e) || access_begin(a, 1, d->e)) {
		access_close(a);
		return -1;
	}
	struct record r;
	record_init(&r, model_entity("disclosure"));
	unsigned char *done = xcalloc(d->npersons, 2);   /* per person: [0] coordinator, [1] police */
	long n = 0;
	int rc = 0;
	for (size_t i = 0; i < d->nshared && !rc; i++) {
		const struct shared *sh = &d->shared[i];
		const struct person *p = &d->persons[sh->person];
		int age = date_age(p->birth, d->today);
		int to_coord = sh->consent && !done[2 * sh->person];
		int to_police = sh->started && age >= 0 && age < 21 && !done[2 * sh->person + 1];
		for (int k = 0; k < 2 && !rc; k++) {
			if (!(k ? to_police : to_coord))
				continue;
			done[2 * sh->person + k] = 1;
			record_clear(&r);
			rc = put_id(d, &r, "person", p->id) ||
			     put_id(d, &r, "to_agency", d->ag[k ? AG_POLICE : AG_COORD]) ||
			     put(d, &r, "scope", "%s", k ? "referral.status" : "referral") ||
			     put(d, &r, "basis", "%s", k ? "OSL 10 kap. 18 a §" : "samtycke") ||
			     (!k && put_day(d, &r, "consent", sh->offered)) ||
			     put_day(d, &r, "decided", k ? d->T : sh->offered) ||
			     put_day(d, &r, "valid_until", d->T + 365);
			if (!rc && access_add(a, &r, d->e))
				rc = err_prefix(d->e, "demo: adding a disclosure: ");
			n++;
		}
	}
	char detail[64];
	snprintf(detail, sizeof detail, "{\"seed\":%lu,\"disclosures\":%ld}", d->seed, n);
	rc = rc || access_audit_bulk(a, "demo", model_entity("disclosure"), detail, d->e) ||
	     access_commit(a, d->e);
	free(done);
	record_release(&r);
	access_close(a);
	return rc ? -1 : 0;
}

/* ---- incidents: the retaliation process ---- */

/* A time of day, evenings and nights the most likely. */
static double time_of_day(struct demo *d)
{
	static const double w_hour[24] = { 4, 3, 3, 2, 1, 1, 1, 1, 1, 1, 2, 2,
					   2, 2, 3, 3, 4, 5, 6, 7, 8, 8, 7, 5 };
	int h = weighted(d, w_hour, 24);
	return (h * 60 + (double)pick(d, 60)) / 1440.0;
}

static struct event *new_event(struct demo *d, double t, int perp, int vic, int kind, long parent)
{
	if (d->nev == d->capev) {
		d->capev = d->capev ? 2 * d->capev : 1024;
		d->ev = xrealloc(d->ev, d->capev * sizeof *d->ev);
	}
	struct event *ev = &d->ev[d->nev];
	ev->t = t;
	ev->perp = perp;
	ev->vic = vic;
	ev->kind = kind;
	ev->type = weighted(d, kind == EV_CONFLICT ? w_conflict : kind == EV_ONESIDED ? w_onesided
						      : w_unrelated, NTYPES);
	ev->seq = (long)d->nev++;
	ev->parent = parent;
	return ev;
}

/* One conflict pair over [start, end): baseline attacks both ways, each of which triggers
 * Poisson(alpha) retaliations by its victim after Exp(mean delay) days. */
static void simulate_conflict(struct demo *d, const struct relation *x, int start, int end)
{
	const double mu = 0.0006 + 0.0004 * x->intensity;   /* baseline attacks a day, one way */
	const double alpha = 0.55 + 0.025 * x->intensity;    /* retaliations per attack */
	const double delay = 9.0;                           /* mean days until the answer */
	if (end <= start)
		return;
	size_t first = d->nev;
	for (int dir = 0; dir < 2; dir++) {
		int perp = dir ? x->b : x->a, vic = dir ? x->a : x->b;
		unsigned n = gsl_ran_poisson(d->rng, mu * (end - start));
		for (unsigned k = 0; k < n; k++) {
			double day = floor(start + unif(d) * (end - start));
			new_event(d, day + time_of_day(d), perp, vic, EV_CONFLICT, -1);
		}
	}
	for (size_t k = first; k < d->nev && d->nev - first < 5000; k++) {
		unsigned n = gsl_ran_poisson(d->rng, alpha);
		for (unsigned j = 0; j < n; j++) {
			const struct event *parent = &d->ev[k];
			double t = parent->t + gsl_ran_exponential(d->rng, delay);
			double when = floor(t) + time_of_day(d);
			if (when <= parent->t)
				when = parent->t + (30 + (double)pick(d, 300)) / 1440.0;
			if (when >= end)
				continue;
			new_event(d, when, parent->vic, parent->perp, EV_CONFLICT, parent->seq);
		}
	}
}

static int event_cmp(const void *x, const void *y)
{
	const struct event *a = x, *b = y;
	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void make_events(struct demo *d)
{
	for (size_t i = 0; i < d->nrel; i++) {
		const struct relation *x = &d->rel[i];
		if (x->kind != R_CONFLICT)
			continue;
		int start = imax(0, x->since);
		int end = x->until == NODAY ? d->T : imin(d->T, x->until);
		simulate_conflict(d, x, start, end);
	}
	/* Violence by a group against people outside groups: robberies, threats, assaults. */
	for (size_t g = 0; g < d->ngroups; g++) {
		const struct group *gr = &d->groups[g];
		int start = imax(0, gr->first), end = group_end(gr, d->T);
		if (end <= start)
			continue;
		unsigned n = gsl_ran_poisson(d->rng, 1.5 / 365.0 * (end - start));
		for (unsigned k = 0; k < n; k++) {
			double day = floor(start + unif(d) * (end - start));
			new_event(d, day + time_of_day(d), (int)g, -1, EV_ONESIDED, -1);
		}
	}
	unsigned n = gsl_ran_poisson(d->rng, d->sc->unrelated_per_year / 365.0 * d->T);
	for (unsigned k = 0; k < n; k++)
		new_event(d, floor(unif(d) * d->T) + time_of_day(d), -1, -1, EV_UNRELATED, -1);
	qsort(d->ev, d->nev, sizeof *d->ev, event_cmp);
	d->incident_of = xcalloc(d->nev, sizeof *d->incident_of);
}

/* Members of group g on day `day`, into out (capacity the group's size). */
static size_t current_members(struct demo *d, int g, int day, size_t *out)
{
	const struct group *gr = &d->groups[g];
	size_t n = 0;
	for (size_t k = 0; k < gr->nmem; k++) {
		const struct member *m = &d->members[gr->mem[k]];
		if (m->since <= day && (m->until == NODAY || m->until >= day))
			out[n++] = m->person;
	}
	if (!n)   /* nobody recorded yet: the group's first members */
		for (size_t k = 0; k < gr->nmem && k < 3; k++)
			out[n++] = d->members[gr->mem[k]].person;
	return n;
}

struct involved {
	size_t person[8];
	const char *role[8];
	int n;
};

static void involve(struct involved *iv, size_t person, const char *role)
{
	if (iv->n >= 8)
		return;
	for (int i = 0; i < iv->n; i++)
		if (iv->person[i] == person)
			return;
	iv->person[iv->n] = person;
	iv->role[iv->n++] = role;
}

static size_t any_loner(struct demo *d)
{
	return d->loners[pick(d, d->nloners)];
}

/* Draws up to k distinct persons of pool[0..n) (shuffling the pool's front). */
static void involve_from(struct demo *d, struct involved *iv, size_t *pool, size_t n, int k,
			 const char *role)
{
	for (int i = 0; i < k && (size_t)i < n; i++) {
		size_t j = (size_t)i + (size_t)pick(d, n - (size_t)i);
		size_t t = pool[i];
		pool[i] = pool[j];
		pool[j] = t;
		involve(iv, pool[i], role);
	}
}

static const char *confidence(struct demo *d, double confirmed, double probable)
{
	double u = unif(d);
	return u < confirmed ? "confirmed" : u < confirmed + probable ? "probable" : "possible";
}

static int write_incident(struct demo *d, struct record *inc, struct record *inv,
			  struct record *ginv, const struct event *ev, size_t *pool)
{
	int day = (int)floor(ev->t);
	int minute = imin(1439, (int)((ev->t - day) * 1440.0));
	char date[DATE_LEN], occurred[32];
	date_of(d, day, date);
	if (chance(d, 0.88))
		snprintf(occurred, sizeof occurred, "%s %02d:%02d", date, minute / 60, minute % 60);
	else
		snprintf(occurred, sizeof occurred, "%s", date);
	int t = ev->type, killed = 0, injured = 0;
	switch (t) {
	case T_MURDER: killed = 1 + chance(d, 0.1); injured = chance(d, 0.2); break;
	case T_SHOOTING: killed = chance(d, 0.12); injured = (int)gsl_ran_poisson(d->rng, 0.7); break;
	case T_EXPLOSION: killed = chance(d, 0.02); injured = chance(d, 0.15); break;
	case T_ATTEMPT: injured = 1 + chance(d, 0.1); break;
	case T_AGGRAVATED: injured = 1; break;
	case T_ASSAULT: injured = chance(d, 0.8); break;
	case T_ARSON: injured = chance(d, 0.05); break;
	case T_ROBBERY: injured = chance(d, 0.3); break;
	default: break;
	}
	/* Where: the victims' home ground mostly, else the perpetrators'. */
	size_t area;
	if (ev->vic >= 0 && chance(d, 0.7))
		area = d->groups[ev->vic].area[0];
	else if (ev->perp >= 0)
		area = d->groups[ev->perp].area[pick(d, (size_t)d->groups[ev->perp].nareas)];
	else
		area = d->districts[pick(d, d->ndistricts)];
	const struct area *ar = &d->areas[area];
	char place[128], desc[512];
	const char *street = pick_of(d, &demo_streets);
	if (chance(d, 0.5))
		snprintf(place, sizeof place, "%s %d", street, between(d, 1, 60));
	else
		snprintf(place, sizeof place, "%s %s", pick_of(d, &demo_spots), street);
	size_t len = (size_t)snprintf(desc, sizeof desc, "%s i %s.", type_text[t], ar->name);
	if (ev->kind == EV_CONFLICT)
		len += (size_t)snprintf(desc + len, sizeof desc - len,
					" Bedöms höra till konflikten mellan %s och %s.",
					d->groups[ev->perp].name, d->groups[ev->vic].name);
	if (ev->parent >= 0 && d->incident_of[ev->parent])
		snprintf(desc + len, sizeof desc - len, " Trolig hämnd för händelse %lld.",
			 (long long)d->incident_of[ev->parent]);
	record_clear(inc);
	int has_coords = chance(d, 0.85);
	double lat = ar->lat + gsl_ran_gaussian(d->rng, 0.004);
	double lon = ar->lon + gsl_ran_gaussian(d->rng, 0.006);
	if (put(d, inc, "occurred", "%s", occurred) || put(d, inc, "type", "%s", type_name[t]) ||
	    put_id(d, inc, "area", ar->id) || put(d, inc, "place", "%s", place) ||
	    (has_coords && (put(d, inc, "lat", "%.5f", lat) || put(d, inc, "lon", "%.5f", lon))) ||
	    put(d, inc, "killed", "%d", killed) || put(d, inc, "injured", "%d", injured) ||
	    put(d, inc, "description", "%s", desc) || put_id(d, inc, "owner", d->ag[AG_POLICE]) ||
	    store(d, inc))
		return -1;
	int64_t id = inc->id;
	d->incident_of[ev->seq] = id;

	/* Persons: suspects from the perpetrating group, victims from the victimised one. */
	struct involved iv = { .n = 0 };
	int nvictims = t == T_WEAPONS ? 0 : imin(3, imax(1, killed + injured));
	int suspects_known = ev->perp >= 0 ? chance(d, 0.8) : chance(d, 0.6);
	if (ev->perp >= 0 && suspects_known) {
		size_t n = current_members(d, ev->perp, day, pool);
		involve_from(d, &iv, pool, n, between(d, 1, 3), "suspect");
	} else if (ev->perp < 0 && suspects_known) {
		involve(&iv, any_loner(d), "suspect");
	}
	if (ev->vic >= 0 && nvictims) {
		/* Most victims belong to the victimised group; some are bystanders. */
		int from_group = (int)gsl_ran_binomial(d->rng, 0.85, (unsigned)nvictims);
		size_t n = current_members(d, ev->vic, day, pool);
		involve_from(d, &iv, pool, n, from_group, "victim");
		for (int k = from_group; k < nvictims; k++)
			involve(&iv, any_loner(d), "victim");
	} else if (nvictims && chance(d, 0.85)) {
		for (int k = 0; k < nvictims; k++)
			involve(&iv, any_loner(d), "victim");
	}
	if (chance(d, 0.15))
		involve(&iv, any_loner(d), "witness");
	for (int k = 0; k < iv.n; k++) {
		struct person *p = &d->persons[iv.person[k]];
		if (strcmp(iv.role[k], "witness") && day >= d->prog - 365)
			p->involved++;
		record_clear(inv);
		if (put_id(d, inv, "incident", id) || put_id(d, inv, "person", p->id) ||
		    put(d, inv, "role", "%s", iv.role[k]) || put_id(d, inv, "owner", d->ag[AG_POLICE]) ||
		    store(d, inv))
			return -1;
	}
	/* Groups: the perpetrating side less certain than the victimised one. */
	for (int side = 0; side < 2; side++) {
		int g = side ? ev->vic : ev->perp;
		if (g < 0)
			continue;
		const char *conf = side ? confidence(d, 0.7, 0.25)
					: suspects_known ? confidence(d, 0.55, 0.35)
							 : confidence(d, 0.2, 0.5);
		record_clear(ginv);
		if (put_id(d, ginv, "incident", id) || put_id(d, ginv, "group", d->groups[g].id) ||
		    put(d, ginv, "side", "%s", side ? "victimised" : "perpetrating") ||
		    put(d, ginv, "confidence", "%s", conf) || put_id(d, ginv, "owner", d->ag[AG_POLICE]) ||
		    store(d, ginv))
			return -1;
	}
	return 0;
}

static int write_incidents(struct demo *d)
{
	struct record inc, inv, ginv;
	record_init(&inc, model_entity("incident"));
	record_init(&inv, model_entity("involvement"));
	record_init(&ginv, model_entity("group-involvement"));
	size_t biggest = 1;
	for (size_t g = 0; g < d->ngroups; g++)
		if (d->groups[g].nmem > biggest)
			biggest = d->groups[g].nmem;
	size_t *pool = xcalloc(biggest, sizeof *pool);
	int rc = 0;
	for (size_t i = 0; i < d->nev && !rc; i++) {
		rc = write_incident(d, &inc, &inv, &ginv, &d->ev[i], pool);
		progress("demo: incidents", (long)i + 1, (long)d->nev);
	}
	free(pool);
	record_release(&inc);
	record_release(&inv);
	record_release(&ginv);
	return rc;
}

/* ---- enforcement after violence ---- */

static int write_enforcement(struct demo *d)
{
	struct record r;
	record_init(&r, model_entity("enforcement"));
	int *last = xcalloc(d->ngroups, sizeof *last);
	for (size_t g = 0; g < d->ngroups; g++)
		last[g] = NODAY;
	int rc = 0;
	for (size_t i = 0; i < d->nev && !rc; i++) {
		const struct event *ev = &d->ev[i];
		int day = (int)floor(ev->t);
		/* Consequences are promised at the call-in, so they follow the first one. */
		if (ev->perp < 0 || !type_serious[ev->type] || d->first_callin[d->groups[ev->perp].mi] == NODAY ||
		    day < d->first_callin[d->groups[ev->perp].mi])
			continue;
		if (ev->type != T_MURDER && ev->type != T_SHOOTING && ev->type != T_EXPLOSION &&
		    ev->kind != EV_CONFLICT)
			continue;
		if (last[ev->perp] != NODAY && day - last[ev->perp] < 120)
			continue;
		int decided = day + between(d, 2, 10);
		if (decided > d->T)
			continue;
		last[ev->perp] = day;
		/* The triggering incidents: this group's serious ones over the last month. */
		int64_t trig[3];
		int n = 0;
		for (size_t k = i + 1; k-- > 0 && n < 3;) {
			const struct event *p = &d->ev[k];
			if (p->t < ev->t - 30)
				break;
			if (p->perp == ev->perp && type_serious[p->type])
				trig[n++] = d->incident_of[p->seq];
		}
		char list[256] = "";
		size_t len = 0;
		for (int k = n - 1; k >= 0; k--)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%lld", len ? ";" : "",
						(long long)trig[k]);
		int lever = weighted(d, w_lever, NLEVERS);
		int64_t agency = lever == LV_PROBATION ? d->ag[AG_PROBATION]
			       : lever == LV_HOUSING ? d->ag_social[d->groups[ev->perp].mi]
						     : d->ag[AG_POLICE];
		int started = decided + between(d, 1, 5);
		if (started > d->T)
			started = NODAY;
		int told = started == NODAY ? NODAY : started + between(d, 0, 7);
		if (told != NODAY && told > d->T)
			told = NODAY;
		int completed = started == NODAY ? NODAY : started + between(d, 14, 90);
		if (completed != NODAY && completed > d->T)
			completed = NODAY;
		const char *outcome = completed != NODAY ? lever_outcome[lever][pick(d, 2)]
				    : started != NODAY ? "Pågår." : "Beslutad, ej påbörjad.";
		record_clear(&r);
		rc = put_id(d, &r, "group", d->groups[ev->perp].id) || put(d, &r, "incidents", "%s", list) ||
		     put_id(d, &r, "agency", agency) || put(d, &r, "lever", "%s", lever_name[lever]) ||
		     put_day(d, &r, "decided", decided) || put_day(d, &r, "started", started) ||
		     put_day(d, &r, "completed", completed) || put_day(d, &r, "told", told) ||
		     put(d, &r, "outcome", "%s", outcome) || put_id(d, &r, "owner", agency) || store(d, &r);
		progress("demo: enforcement", (long)i + 1, (long)d->nev);
	}
	free(last);
	record_release(&r);
	return rc ? -1 : 0;
}

/* ---- custom notifications, call-ins, referrals ---- */

/* Who gets the message first: core members, and anyone recently suspect or victim. */
static double contact_weight(const struct person *p)
{
	if (p->group < 0)
		return 0;
	return (p->level == L_CORE ? 3 : p->level == L_MEMBER ? 2 : 1) + 2.0 * (p->involved > 0);
}

static void add_contact(struct demo *d, size_t person, int day)
{
	if (d->ncontacts == d->capcontacts) {
		d->capcontacts = d->capcontacts ? 2 * d->capcontacts : 64;
		d->contacts = xrealloc(d->contacts, d->capcontacts * sizeof *d->contacts);
	}
	d->contacts[d->ncontacts].person = person;
	d->contacts[d->ncontacts++].day = day;
}

static int person_muni(const struct demo *d, size_t person)
{
	return d->areas[d->persons[person].area].mi;
}

static int write_notifications(struct demo *d)
{
	static const char *const deliverer[] = { "samordnare", "analytiker", "socialsekreterare",
		"frivard", "forening" };
	static const double p_deliverer[] = { 0.7, 0.6, 0.5, 0.25, 0.15 };
	static const char *const owners[] = { "samordnare", "socialsekreterare", "frivard" };
	static const double w_owner[] = { 5, 3, 2 };
	static const double w_status[] = { 70, 8, 12, 10 };   /* held, planned, declined, not reached */
	double *w = xcalloc(d->npersons, sizeof *w);
	for (size_t i = 0; i < d->npersons; i++)
		w[i] = contact_weight(&d->persons[i]);
	size_t n;
	size_t *who = weighted_sample(d, w, d->npersons, (size_t)d->sc->nnotifications, &n);
	free(w);
	struct record r;
	record_init(&r, model_entity("notification"));
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		size_t pi = who[i];
		int mi = person_muni(d, pi);
		int status = weighted(d, w_status, 4);
		int held = NODAY, planned, follow = NODAY;
		if (status == 1) {
			planned = d->T + between(d, 2, 30);
		} else {
			int day = between(d, d->prog, d->T - 1);
			planned = status == 0 ? day - between(d, 3, 14) : day;
			held = status == 0 ? day : NODAY;
			follow = day + between(d, 14, 56);
			if (follow < d->T - 45)
				follow = NODAY;   /* followed up long ago */
		}
		char agencies[128], deliverers[128], place[128];
		size_t alen = 0, dlen = 0;
		int64_t ag[4] = { d->ag[AG_POLICE], d->ag_social[mi], d->ag[AG_PROBATION],
				  d->ag[AG_COMMUNITY] };
		static const double p_agency[] = { 0.85, 0.75, 0.25, 0.2 };
		for (int k = 0; k < 4; k++)
			if (chance(d, p_agency[k]) || (k == 3 && !alen))
				alen += (size_t)snprintf(agencies + alen, sizeof agencies - alen, "%s%lld",
							 alen ? ";" : "", (long long)ag[k]);
		for (int k = 0; k < 5; k++)
			if (chance(d, p_deliverer[k]) || (k == 4 && !dlen))
				dlen += (size_t)snprintf(deliverers + dlen, sizeof deliverers - dlen, "%s%s",
							 dlen ? ";" : "", deliverer[k]);
		const char *where = pick_of(d, &demo_notification_places);
		if (where[0] >= 'A' && where[0] <= 'Z')
			snprintf(place, sizeof place, "%s, %s", where, d->areas[d->munis[mi]].name);
		else
			snprintf(place, sizeof place, "%s", where);
		record_clear(&r);
		rc = put_id(d, &r, "person", d->persons[pi].id) || put_day(d, &r, "planned", planned) ||
		     put_day(d, &r, "held", held) || put(d, &r, "place", "%s", place) ||
		     put(d, &r, "agencies", "%s", agencies) || put(d, &r, "deliverers", "%s", deliverers);
		if (!rc && status == 0) {
			int all = chance(d, 0.88);
			rc = put_bool(d, &r, "msg_die", 1) || put_bool(d, &r, "msg_kill", 1) ||
			     put_bool(d, &r, "msg_consequences", all || chance(d, 0.5)) ||
			     put_bool(d, &r, "msg_help", all || chance(d, 0.5)) ||
			     put(d, &r, "support_offered", "%s", pick_of(d, &demo_support_offered)) ||
			     put(d, &r, "response", "%s", pick_of(d, &demo_response_held));
			add_contact(d, pi, held);
		} else if (!rc && status >= 2) {
			rc = put(d, &r, "response", "%s", pick_of(d, status == 2 ? &demo_response_declined
									   : &demo_response_not_reached));
		}
		if (!rc && held != NODAY && follow == NODAY)
			rc = put(d, &r, "notes", "%s", "Uppföljning genomförd.");
		rc = rc || put_day(d, &r, "follow_up", follow) ||
		     (follow != NODAY && put(d, &r, "follow_up_owner", "%s", owners[weighted(d, w_owner, 3)])) ||
		     put(d, &r, "status", "%s", status == 0 ? "held" : status == 1 ? "planned"
						: status == 2 ? "declined" : "not_reached") ||
		     store(d, &r);
		progress("demo: notifications", (long)i + 1, (long)n);
	}
	free(who);
	record_release(&r);
	return rc ? -1 : 0;
}

static int write_speakers(struct demo *d, struct record *r)
{
	char list[1024], name[96];
	size_t len = 0;
	int roles[16], nr = (int)demo_speaker_roles.n;
	for (int k = 0; k < nr; k++)
		roles[k] = k;
	/* Police, a mother who lost a son and social services always speak; then one or two more. */
	gsl_ran_shuffle(d->rng, roles + 3, (size_t)nr - 3, sizeof roles[0]);
	int n = between(d, 4, 5);
	for (int k = 0; k < n; k++) {
		full_name(d, name, sizeof name, k == 1 || chance(d, 0.4));
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s|%s", k ? ";" : "", name,
					demo_speaker_roles.item[roles[k]]);
	}
	return put(d, r, "speakers", "%s", list);
}

static int write_callins(struct demo *d)
{
	static const double w_channel[] = { 25, 25, 25, 10, 15, 0 };   /* model order */
	static const char *const channel[] = { "letter", "probation", "in_person", "phone", "family",
		"other" };
	static const double w_status[] = { 18, 55, 15, 12 };   /* invited, confirmed, declined, nr */
	static const char *const istatus[] = { "invited", "confirmed", "declined", "not_reached" };
	struct record r, inv;
	record_init(&r, model_entity("callin"));
	record_init(&inv, model_entity("invitation"));
	double *mw = xcalloc((size_t)d->sc->nmunis, sizeof *mw);
	for (size_t g = 0; g < d->ngroups; g++)
		mw[d->groups[g].mi] += 1;
	double *w = xcalloc(d->npersons, sizeof *w);
	int rc = 0;
	int city = !strcmp(d->sc->name, "city");
	int *held = xcalloc((size_t)d->sc->ncallins, sizeof *held);
	for (int c = 0; c < d->sc->ncallins; c++)
		held[c] = between(d, d->prog + 30, d->T - 7);
	if (city && d->sc->ncallins == 2) {   /* the first soon after the start, one recently */
		held[0] = d->prog + between(d, 40, 70);
		held[1] = d->T - between(d, 60, 120);
	}
	/* In date order, so ids follow time. */
	for (int i = 1; i < d->sc->ncallins; i++)
		for (int j = i; j > 0 && held[j - 1] > held[j]; j--) {
			int t = held[j];
			held[j] = held[j - 1];
			held[j - 1] = t;
		}
	d->first_callin = xcalloc((size_t)d->sc->nmunis, sizeof *d->first_callin);
	for (int mi = 0; mi < d->sc->nmunis; mi++)
		d->first_callin[mi] = NODAY;
	for (int c = 0; c < d->sc->ncallins && !rc; c++) {
		int mi = city ? c % d->sc->nmunis : weighted(d, mw, d->sc->nmunis);
		if (d->first_callin[mi] == NODAY)
			d->first_callin[mi] = held[c];
		char venue[128];
		snprintf(venue, sizeof venue, pick_of(d, &demo_venues), d->areas[d->munis[mi]].name);
		record_clear(&r);
		rc = put_day(d, &r, "held", held[c]) || put(d, &r, "venue", "%s", venue) ||
		     put_id(d, &r, "area", d->areas[d->munis[mi]].id) || write_speakers(d, &r) ||
		     put_bool(d, &r, "msg_die", 1) || put_bool(d, &r, "msg_kill", 1) ||
		     put_bool(d, &r, "msg_consequences", 1) || put_bool(d, &r, "msg_help", 1) ||
		     (c == 0 && put(d, &r, "notes", "%s", "Programmets första call-in.")) || store(d, &r);
		if (rc)
			break;
		int64_t callin = r.id;
		/* Invitees: members of the municipality's groups on the day, core members first. */
		for (size_t i = 0; i < d->npersons; i++)
			w[i] = 0;
		for (size_t g = 0; g < d->ngroups; g++) {
			const struct group *gr = &d->groups[g];
			if (gr->mi != mi)
				continue;
			for (size_t k = 0; k < gr->nmem; k++) {
				const struct member *m = &d->members[gr->mem[k]];
				if (m->since <= held[c] && (m->until == NODAY || m->until >= held[c]))
					w[m->person] = contact_weight(&d->persons[m->person]);
			}
		}
		size_t n, *who = weighted_sample(d, w, d->npersons, (size_t)between(d, 15, 25), &n);
		for (size_t k = 0; k < n && !rc; k++) {
			int st = weighted(d, w_status, 4), ch = weighted(d, w_channel, 6);
			int attended = st == 1 ? chance(d, 0.88) : st == 0 ? chance(d, 0.1) : 0;
			record_clear(&inv);
			rc = put_id(d, &inv, "callin", callin) || put_id(d, &inv, "person", d->persons[who[k]].id) ||
			     put(d, &inv, "channel", "%s", channel[ch]) ||
			     put(d, &inv, "status", "%s", istatus[st]) || put_bool(d, &inv, "attended", attended) ||
			     (ch == 1 && put_id(d, &inv, "owner", d->ag[AG_PROBATION])) || store(d, &inv);
			if (attended)
				add_contact(d, who[k], held[c]);
		}
		free(who);
		progress("demo: call-ins", (long)c + 1, (long)d->sc->ncallins);
	}
	free(held);
	free(w);
	free(mw);
	record_release(&r);
	record_release(&inv);
	return rc ? -1 : 0;
}

static int write_referrals(struct demo *d)
{
	static const double w_status[] = { 12, 10, 25, 15, 20, 18 };
	static const char *const status[] = { "offered", "accepted", "started", "completed", "declined",
		"dropped" };
	struct record r;
	record_init(&r, model_entity("referral"));
	int rc = 0;
	for (size_t i = 0; i < d->ncontacts && !rc; i++) {
		const struct contact *c = &d->contacts[i];
		int n = chance(d, 0.6) ? 1 + chance(d, 0.25) : 0;
		int used = -1;
		int mi = person_muni(d, c->person);
		for (int k = 0; k < n && !rc; k++) {
			int s = weighted(d, w_service, NSERVICES);
			if (s == used)
				continue;
			used = s;
			int64_t agency = s == S_ADDICTION || s == S_MENTAL ? d->ag[AG_REGION]
				       : s == S_EDUCATION ? d->ag[AG_SCHOOL]
				       : s == S_PROTECTION ? d->ag[AG_POLICE]
				       : s == S_EMPLOYMENT ? d->ag[AG_COORD]
							   : d->ag_social[mi];
			int st = weighted(d, w_status, 6);
			int offered = imin(d->T, c->day + between(d, 0, 14)), started = NODAY, ended = NODAY;
			if (st == 2 || st == 3 || st == 5) {
				started = offered + between(d, 7, 45);
				if (started > d->T) {
					started = NODAY;
					st = 1;
				}
			}
			if (started != NODAY && (st == 3 || st == 5)) {
				ended = started + between(d, 30, 240);
				if (ended > d->T) {
					ended = NODAY;
					st = 2;
				}
			}
			int consent = st == 4 ? chance(d, 0.1) : chance(d, 0.75);
			record_clear(&r);
			rc = put_id(d, &r, "person", d->persons[c->person].id) ||
			     put(d, &r, "service", "%s", service_name[s]) || put_id(d, &r, "agency", agency) ||
			     put_day(d, &r, "offered", offered) || put_day(d, &r, "started", started) ||
			     put_day(d, &r, "ended", ended) || put(d, &r, "status", "%s", status[st]) ||
			     put_bool(d, &r, "consent", consent) ||
			     put_id(d, &r, "owner", d->ag_social[mi]) || store(d, &r);
			if (!rc && mi == 0 && offered != NODAY) {
				d->shared = realloc(d->shared, (d->nshared + 1) * sizeof *d->shared);
				if (!d->shared)
					abort();
				d->shared[d->nshared++] = (struct shared){ c->person, offered, consent,
									    started != NODAY };
			}
		}
		progress("demo: referrals", (long)i + 1, (long)d->ncontacts);
	}
	record_release(&r);
	return rc ? -1 : 0;
}

/* ---- the command ---- */

static void demo_release(struct demo *d)
{
	for (size_t i = 0; i < d->ngroups; i++)
		free(d->groups[i].mem);
	for (int mi = 0; d->muni_districts && mi < d->sc->nmunis; mi++)
		free(d->muni_districts[mi]);
	free(d->muni_districts);
	free(d->nmuni_districts);
	free(d->districts);
	free(d->munis);
	free(d->areas);
	free(d->ag_social);
	free(d->shared);
	free(d->groups);
	free(d->persons);
	free(d->loners);
	free(d->members);
	free(d->rel);
	free(d->ev);
	free(d->incident_of);
	free(d->first_callin);
	free(d->contacts);
	if (d->rng)
		gsl_rng_free(d->rng);
}

static void print_summary(struct demo *d, const char *path)
{
	printf("Created the demo programme \"%s\" in %s\n(scale %s, seed %lu, %s to %s; every "
	       "person and group is fictitious).\n\n", d->sc->programme, path, d->sc->name, d->seed,
	       d->t0, d->today);
	printf("Records:\n");
	for (size_t i = 0; i < model_nentities; i++) {
		struct err ignore = { 0 };
		long n = access_count(d->a, model_entities[i], &ignore);
		printf("  %-18s %8ld\n", model_entities[i]->name, n);
	}
	printf("\nDemo logins (pass --user NAME or set GVI_USER=NAME):\n");
	printf("  %-18s %-18s %s\n", "admin", "admin", "GVI-samordning (users, configuration)");
	for (size_t u = 0; u < NUSERS; u++)
		printf("  %-18s %-18s %s\n", demo_users[u].name, demo_users[u].role,
		       demo_users[u].full_name);
	printf("\nTry: gvi --repo %s --user samordnare status\n", path);
}

static int generate(struct demo *d, const char *path)
{
	struct err *e = d->e;
	if (access_init(path, "admin", "GVI-samordning", d->sc->programme, e))
		return -1;
	/* From here on the file is ours: the caller removes it on failure. */
	make_geography(d);
	if (access_open(&d->a, path, "admin", 1, e) || access_begin(d->a, 0, e) || write_setup(d) ||
	    access_commit(d->a, e))
		return -1;
	access_close(d->a);
	d->a = NULL;
	/* The coordinator records the programme's operational data, for that purpose. */
	if (access_open(&d->a, path, "samordnare", 1, e) ||
	    access_set_purpose(d->a, "operativ GVI-verksamhet", e) || access_begin(d->a, 1, e))
		return -1;
	make_groups(d);
	make_relations(d);
	make_people(d);
	make_events(d);
	/* Call-ins before enforcement (which follows them), contacts before referrals. */
	static int (*const stages[])(struct demo *) = { write_groups, write_persons,
		write_memberships, write_relations, write_incidents, write_notifications,
		write_callins, write_enforcement, write_referrals };
	for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++) {
		if (stages[i](d))
			return -1;
		cli_progress_end();
	}
	char detail[128];
	snprintf(detail, sizeof detail, "{\"seed\":%lu,\"scale\":\"%s\"}", d->seed, d->sc->name);
	/* The summary entry lands in the same transaction as the records it stands for. */
	if (access_audit_bulk(d->a, "demo", NULL, detail, e) || access_commit(d->a, e))
		return -1;
	return write_disclosures(d, path);
}

static void remove_repository(const char *path)
{
	char side[4096];
	remove(path);
	snprintf(side, sizeof side, "%s-wal", path);
	remove(side);
	snprintf(side, sizeof side, "%s-shm", path);
	remove(side);
}

int cmd_demo(struct cli *c, int argc, char **argv)
{
	const char *path = NULL, *seed_text = NULL, *scale = "city";
	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((v = cli_opt(argc, argv, &i, "seed")))
			seed_text = v;
		else if ((v = cli_opt(argc, argv, &i, "scale")))
			scale = v;
		else if (!path && strncmp(argv[i], "--", 2))
			path = argv[i];
		else
			return cli_usage(USAGE);
	}
	struct demo d = { 0 };
	for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++)
		if (!strcmp(scales[i].name, scale))
			d.sc = &scales[i];
	if (!d.sc)
		return cli_usage(USAGE " (--scale is city or national, not \"%s\")", scale);
	d.seed = 1;
	if (seed_text) {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(seed_text, &end, 10);
		if (errno || !*seed_text || *end || *seed_text == '-' || v > 0xffffffffull)
			return cli_usage(USAGE " (--seed is a whole number from 0 to 4294967295, not \"%s\")",
					 seed_text);
		d.seed = (unsigned long)v;
	}
	if (!path)
		path = c->repo;
	struct err e = { 0 };
	struct stat st;
	if (stat(path, &st) == 0) {
		err_set(&e, "%s already exists; gvi demo makes a new repository (name another path, "
			"or remove that file first)", path);
		return cli_fail(&e);
	}
	d.e = &e;
	date_today(d.today);
	date_add_months(d.today, -12 * d.sc->years, d.t0);
	d.T = (int)date_diff_days(d.t0, d.today);
	d.prog = d.T - d.sc->prog_days;
	d.rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!d.rng)
		abort();
	gsl_rng_set(d.rng, d.seed);
	int created = 0, rc = 0;
	if (generate(&d, path)) {
		cli_progress_end();
		created = stat(path, &st) == 0;
		rc = cli_fail(&e);
	} else {
		print_summary(&d, path);
	}
	access_close(d.a);
	if (rc && created)
		remove_repository(path);
	demo_release(&d);
	return rc;
}
