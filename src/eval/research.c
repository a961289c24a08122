/* research.c — the pseudonymised research export (see research.h).
 *
 * The rule per field is decided from the model, not per entity, so a field added to model.c
 * is handled (and by default left out if it is free text): ids and references to personal
 * records, groups and keyless records become pseudonyms; references to configuration (area,
 * incident type, agency, lever, service, criterion) keep their names; secret fields,
 * free text, lists and coordinates are dropped; births keep the year only; other dates are
 * coarsened as asked; numbers, yes/no, choices and derived fields are kept. */
#include "eval/research.h"
#include "table.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int research_key(const char *text, unsigned char key[32], struct err *e)
{
	if (!text || strlen(text) < 12)
		return err_set(e, "the export key must be at least 12 characters (keep it: the same key "
			       "gives the same pseudonyms)");
	if (sodium_init() < 0)
		return err_set(e, "libsodium failed to initialise");
	static const char ctx[] = "gvi research export v1";
	crypto_generichash(key, 32, (const unsigned char *)text, strlen(text),
			   (const unsigned char *)ctx, sizeof ctx - 1);
	return 0;
}

void research_pseudonym(const unsigned char key[32], const char *entity, const char *value,
			char out[16])
{
	static const char b32[] = "ABCDEFGHJKMNPQRSTVWXYZ0123456789";   /* Crockford-like, no I L O U */
	unsigned char h[16];
	crypto_generichash_state st;
	crypto_generichash_init(&st, key, 32, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)entity, strlen(entity) + 1);
	crypto_generichash_update(&st, (const unsigned char *)value, strlen(value));
	crypto_generichash_final(&st, h, sizeof h);
	out[0] = 'R';
	out[1] = '-';
	for (int i = 0; i < 12; i++)
		out[2 + i] = b32[h[i] & 31];
	out[14] = '\0';
}

/* Configuration entities: their names are not personal and stay readable. */
static int is_config(const char *entity)
{
	static const char *const names[] = { "area", "agency", "incident-type", "criterion", "lever",
		"service", NULL };
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], entity))
			return 1;
	return 0;
}

enum rule { DROP, KEEP, PSEUDONYM, DATE, YEAR };

static enum rule rule_for(const struct entity *en, const struct field *f)
{
	if (f->flags & FF_SECRET)
		return DROP;
	switch (f->type) {
	case F_REF:
		return is_config(f->ref) ? KEEP : PSEUDONYM;
	case F_TEXT:
		/* free text may name anyone; a configuration record's key is its plain name */
		return is_config(en->name) && (f->flags & FF_KEY) ? KEEP :
		       (f->flags & FF_KEY) ? PSEUDONYM : DROP;
	case F_DATE:
	case F_DATETIME:
		return DATE;
	case F_PARTDATE:
		return !strcmp(f->name, "birth") ? YEAR : DATE;
	case F_INT:
	case F_BOOL:
	case F_ENUM:
		return KEEP;
	case F_REAL:
		return !strcmp(f->name, "lat") || !strcmp(f->name, "lon") ? DROP : KEEP;
	default:
		return DROP;   /* F_PNR, F_LIST */
	}
}

static void coarsen_date(const char *v, enum research_coarsen c, int year_only, char out[16])
{
	size_t n = strlen(v);
	if (year_only || c == RESEARCH_YEAR || n < 7) {
		snprintf(out, 16, "%.4s", v);
		return;
	}
	if (c == RESEARCH_MONTH) {
		snprintf(out, 16, "%.7s", v);
	} else if (c == RESEARCH_QUARTER) {
		int m = (v[5] - '0') * 10 + (v[6] - '0');
		snprintf(out, 16, "%.4s-Q%d", v, m >= 1 && m <= 12 ? (m - 1) / 3 + 1 : 0);
	} else {
		snprintf(out, 16, "%.10s", v);   /* the day; never the time of day */
	}
}

struct writer {
	FILE *f;
	const struct entity *en;
	const unsigned char *key;
	enum research_coarsen coarsen;
	long rows;
};

static int write_row(void *p, const struct record *r)
{
	struct writer *w = p;
	const struct entity *en = w->en;
	const struct field *keyf = model_key(en);
	char pseudo[16], idtext[32], date[16];
	int first = 1;
	/* the record itself: by its key when it has one (as references show it), else its id */
	snprintf(idtext, sizeof idtext, "%lld", (long long)r->id);
	const char *self = keyf ? record_get(r, keyf->name) : idtext;
	if (is_config(en->name)) {
		csv_write_field(w->f, self ? self : idtext, ',');
	} else {
		research_pseudonym(w->key, en->name, self ? self : idtext, pseudo);
		fputs(pseudo, w->f);
	}
	first = 0;
	for (size_t i = 0; i < en->nfields; i++) {
		const struct field *f = &en->fields[i];
		enum rule rl = rule_for(en, f);
		if (rl == DROP || (keyf && f == keyf))
			continue;
		const char *v = record_get(r, f->name);
		if (!first)
			fputc(',', w->f);
		first = 0;
		if (!v || !*v)
			continue;
		switch (rl) {
		case PSEUDONYM:
			research_pseudonym(w->key, f->type == F_REF ? f->ref : en->name, v, pseudo);
			fputs(pseudo, w->f);
			break;
		case DATE:
		case YEAR:
			coarsen_date(v, w->coarsen, rl == YEAR, date);
			csv_write_field(w->f, date, ',');
			break;
		default:
			csv_write_field(w->f, v, ',');
		}
	}
	fputc('\n', w->f);
	w->rows++;
	return ferror(w->f) ? -1 : 0;
}

static int write_header(FILE *f, const struct entity *en)
{
	const struct field *keyf = model_key(en);
	fputs(is_config(en->name) ? (keyf ? keyf->name : "id") : "pseudonym", f);
	for (size_t i = 0; i < en->nfields; i++) {
		const struct field *fl = &en->fields[i];
		if (rule_for(en, fl) == DROP || (keyf && fl == keyf))
			continue;
		fputc(',', f);
		fputs(fl->name, f);
	}
	fputc('\n', f);
	return 0;
}

static int dir_ready(const char *dir, struct err *e)
{
	if (mkdir(dir, 0700) && errno != EEXIST)
		return err_set(e, "%s: cannot create the directory (%s)", dir, strerror(errno));
	DIR *d = opendir(dir);
	if (!d)
		return err_set(e, "%s: not a directory", dir);
	struct dirent *de;
	int empty = 1;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			empty = 0;
	closedir(d);
	if (!empty)
		return err_set(e, "%s: the directory is not empty; give a new one", dir);
	return 0;
}

static const char *coarsen_name(enum research_coarsen c)
{
	return c == RESEARCH_MONTH ? "month" : c == RESEARCH_QUARTER ? "quarter" : c == RESEARCH_YEAR ? "year" : "day";
}

int research_export(struct access *a, const char *key_text, enum research_coarsen coarsen,
		    const char *dir, struct err *e)
{
	unsigned char key[32];
	if (research_key(key_text, key, e) || dir_ready(dir, e))
		return -1;
	char path[4096], left_out[512] = "";
	int files = 0, rc = -1;
	char listing[4096] = "";
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *en = model_entities[i];
		if (!strcmp(en->name, "user") || !strcmp(en->name, "external-series"))
			continue;   /* the staff are not research data; external series are public */
		if (!access_may_read(a, en)) {
			snprintf(left_out + strlen(left_out), sizeof left_out - strlen(left_out), "%s%s",
				 *left_out ? ", " : "", en->name);
			continue;
		}
		snprintf(path, sizeof path, "%s/%s.csv", dir, en->name);
		FILE *f = fopen(path, "w");
		if (!f) {
			err_set(e, "%s: cannot write", path);
			goto out;
		}
		struct writer w = { f, en, key, coarsen, 0 };
		write_header(f, en);
		int r = access_export(a, en, write_row, &w, e);
		if (fclose(f) && !r)
			r = err_set(e, "%s: cannot write", path);
		if (r)
			goto out;
		snprintf(listing + strlen(listing), sizeof listing - strlen(listing), "  %s.csv  %ld rows\n",
			 en->name, w.rows);
		files++;
	}
	snprintf(path, sizeof path, "%s/README.txt", dir);
	FILE *f = fopen(path, "w");
	if (!f) {
		err_set(e, "%s: cannot write", path);
		goto out;
	}
	fprintf(f, "gvi research export\n\n"
		"Every person, group and record is a pseudonym (R-...) that is the same in every export\n"
		"made with the same export key, and cannot be reversed without it.  Names, personnummer,\n"
		"aliases, free text (notes, descriptions, places, sources) and coordinates are left out;\n"
		"a birth is its year only; other dates are given to the %s.  Areas, incident types,\n"
		"agencies, levers, services and criteria keep their names.\n\nFiles:\n%s",
		coarsen_name(coarsen), listing);
	if (*left_out)
		fprintf(f, "\nLeft out (the exporting user's role may not read them): %s\n", left_out);
	fprintf(f, "\nSee docs/evaluation.md of gvi, \"Research export\".\n");
	if (fclose(f)) {
		err_set(e, "%s: cannot write", path);
		goto out;
	}
	rc = files;
out:
	sodium_memzero(key, sizeof key);
	return rc < 0 ? -1 : 0;
}
