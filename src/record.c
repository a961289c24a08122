/* record.c — records in transit and the validation of single values (see record.h).
 *
 * Every value that enters gvi, from a CLI option or a CSV cell, passes value_normalise, so
 * one set of rules decides what a date, a personnummer or an enum value is. */
#include "record.h"
#include "date.h"
#include "pnr.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		abort();
	return p;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

void record_init(struct record *r, const struct entity *e)
{
	r->e = e;
	r->id = 0;
	r->v = xcalloc(e->nfields, sizeof *r->v);
	r->given = xcalloc(e->nfields, 1);
	r->lists = xcalloc(e->nfields, sizeof *r->lists);
}

static void list_free(const struct field *f, struct record_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		for (size_t j = 0; j < f->item->nfields; j++)
			free(l->item[i][j]);
		free(l->item[i]);
	}
	free(l->item);
	l->item = NULL;
	l->n = 0;
}

void record_clear(struct record *r)
{
	for (size_t i = 0; i < r->e->nfields; i++) {
		free(r->v[i]);
		r->v[i] = NULL;
		r->given[i] = 0;
		if (r->e->fields[i].type == F_LIST)
			list_free(&r->e->fields[i], &r->lists[i]);
	}
	r->id = 0;
}

void record_release(struct record *r)
{
	if (!r->e)
		return;
	record_clear(r);
	free(r->v);
	free(r->given);
	free(r->lists);
	r->v = NULL;
	r->e = NULL;
}

/* ---- values ---- */

static char *trimmed(const char *raw)
{
	while (*raw == ' ' || *raw == '\t' || *raw == '\r' || *raw == '\n')
		raw++;
	size_t n = strlen(raw);
	while (n && (raw[n - 1] == ' ' || raw[n - 1] == '\t' || raw[n - 1] == '\r' || raw[n - 1] == '\n'))
		n--;
	char *s = xcalloc(n + 1, 1);
	memcpy(s, raw, n);
	return s;
}

static int parse_bool(const char *s)
{
	static const char *const yes[] = { "1", "yes", "y", "ja", "j", "true", "x", NULL };
	static const char *const no[] = { "0", "no", "n", "nej", "false", NULL };
	for (int i = 0; yes[i]; i++)
		if (!strcasecmp(s, yes[i]))
			return 1;
	for (int i = 0; no[i]; i++)
		if (!strcasecmp(s, no[i]))
			return 0;
	return -1;
}

/* Text must be valid UTF-8 without control characters (line breaks and tabs are allowed):
 * what goes in comes out again in terminals, CSV files and web pages. */
static int check_text(const char *s, struct err *e)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t at = (size_t)(p - (const unsigned char *)s) + 1;
		unsigned c = *p;
		int n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1f) : n == 3 ? (c & 0x0f) : (c & 0x07);
		for (int i = 1; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80) {
				n = 0;
				break;
			}
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		/* no overlong forms, no surrogates, nothing past U+10FFFF */
		static const uint32_t least[] = { 0, 0, 0x80, 0x800, 0x10000 };
		if (!n || cp < least[n] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return err_set(e, "not valid UTF-8 text (byte %zu); save the file as UTF-8", at);
		if (n == 1 && (c < 0x20 || c == 0x7f) && c != '\n' && c != '\t' && c != '\r')
			return err_set(e, "control character (code %u) in text", c);
		p += n;
	}
	return 0;
}

int value_normalise(const struct field *f, const char *raw, char **out, struct err *e)
{
	*out = NULL;
	char *s = trimmed(raw ? raw : "");
	if (!*s) {
		free(s);
		return 0;
	}
	char buf[64];
	switch (f->type) {
	case F_TEXT:
	case F_REF:
		if (check_text(s, e))
			break;
		*out = s;
		return 0;
	case F_INT: {
		char *end;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (errno || *end || end == s) {
			err_set(e, "expected a whole number, got \"%s\"", s);
			break;
		}
		if (v < f->min) {
			err_set(e, "must be at least %ld, got %lld", f->min, v);
			break;
		}
		if (f->max && v > f->max) {
			err_set(e, "must be at most %ld, got %lld", f->max, v);
			break;
		}
		/* the canonical text: no sign, no leading zeros (most input already is) */
		int canonical = s[0] != '+' && !(s[0] == '0' && s[1]) && !(s[0] == '-' && (s[1] == '0' || !v));
		if (canonical) {
			*out = s;
			return 0;
		}
		snprintf(buf, sizeof buf, "%lld", v);
		free(s);
		*out = xstrdup(buf);
		return 0;
	}
	case F_REAL: {
		char *end;
		errno = 0;
		double v = strtod(s, &end);
		if (errno || *end || end == s || !isfinite(v)) {
			err_set(e, "expected a decimal number such as 59.3293, got \"%s\"", s);
			break;
		}
		snprintf(buf, sizeof buf, "%.7g", v);
		free(s);
		*out = xstrdup(buf);
		return 0;
	}
	case F_BOOL: {
		int b = parse_bool(s);
		if (b < 0) {
			err_set(e, "expected yes or no (ja/nej, 1/0), got \"%s\"", s);
			break;
		}
		free(s);
		*out = xstrdup(b ? "1" : "0");
		return 0;
	}
	case F_DATE:
		if (date_parse(s, buf, e))
			break;
		free(s);
		*out = xstrdup(buf);
		return 0;
	case F_PARTDATE:
		if (date_parse_partial(s, buf, e))
			break;
		free(s);
		*out = xstrdup(buf);
		return 0;
	case F_DATETIME:
		if (datetime_parse(s, buf, e))
			break;
		free(s);
		*out = xstrdup(buf);
		return 0;
	case F_ENUM: {
		size_t len = strlen(s) < sizeof buf - 1 ? strlen(s) : sizeof buf - 1;
		memcpy(buf, s, len);   /* the value as given, for the message */
		buf[len] = '\0';
		for (char *p = s; *p; p++)
			*p = *p == '-' || *p == ' ' ? '_' : (char)tolower((unsigned char)*p);
		if (model_choice(f, s) < 0) {
			char choices[512];
			model_choices_text(f, choices, sizeof choices);
			err_set(e, "expected one of %s; got \"%s\"", choices, buf);
			break;
		}
		*out = s;
		return 0;
	}
	case F_PNR: {
		char today[DATE_LEN];
		date_today(today);
		if (pnr_normalise(s, today, buf, NULL, e))
			break;
		free(s);
		*out = xstrdup(buf);
		return 0;
	}
	case F_LIST:
		break;   /* lists go through record_set_field */
	}
	free(s);
	return -1;
}

/* ---- fields and lists ---- */

void record_put(struct record *r, size_t i, const char *value)
{
	free(r->v[i]);
	r->v[i] = value ? xstrdup(value) : NULL;
}

void record_put_item(struct record *r, size_t i, const char *const *values)
{
	const struct field *f = &r->e->fields[i];
	struct record_list *l = &r->lists[i];
	char ***p = realloc(l->item, (l->n + 1) * sizeof *p);
	if (!p)
		abort();
	l->item = p;
	char **it = xcalloc(f->item->nfields, sizeof *it);
	for (size_t j = 0; j < f->item->nfields; j++)
		it[j] = values[j] ? xstrdup(values[j]) : NULL;
	l->item[l->n++] = it;
}

/* Splits `s` at `sep` (no quoting: ";" and "|" are the list syntax).  Returns a malloc'd
 * array of malloc'd strings and sets *n. */
static char **split(const char *s, char sep, size_t *n)
{
	size_t cap = 1;
	for (const char *p = s; *p; p++)
		cap += *p == sep;
	char **parts = xcalloc(cap, sizeof *parts);
	*n = 0;
	const char *start = s;
	for (const char *p = s;; p++) {
		if (*p == sep || !*p) {
			char *part = xcalloc((size_t)(p - start) + 1, 1);
			memcpy(part, start, (size_t)(p - start));
			parts[(*n)++] = part;
			if (!*p)
				break;
			start = p + 1;
		}
	}
	return parts;
}

static void free_parts(char **parts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
}

int record_add_item(struct record *r, const struct field *f, const char *raw, struct err *e)
{
	const struct entity *it = f->item;
	size_t n, i = model_field_index(r->e, f);
	char **parts = split(raw, '|', &n);
	char **vals = xcalloc(it->nfields, sizeof *vals);
	int rc = -1;
	if (strchr(raw, ';')) {
		err_set(e, "list item \"%s\" contains \";\", which separates list items", raw);
		goto out;
	}
	if (n > it->nfields) {
		err_set(e, "list item \"%s\" has %zu parts separated by |, expected at most %zu", raw, n,
			it->nfields);
		goto out;
	}
	for (size_t j = 0; j < it->nfields; j++) {
		const struct field *sf = &it->fields[j];
		if (value_normalise(sf, j < n ? parts[j] : "", &vals[j], e)) {
			err_prefix(e, "%s: ", sf->name);
			goto out;
		}
		if (!vals[j] && (sf->flags & FF_REQUIRED)) {
			char want[256] = "";
			for (size_t k = 0; k < it->nfields; k++)
				snprintf(want + strlen(want), sizeof want - strlen(want), "%s%s", k ? "|" : "",
					 it->fields[k].name);
			err_set(e, "list item \"%s\" lacks its %s (an item is %s)", raw, sf->name, want);
			goto out;
		}
	}
	record_put_item(r, i, (const char *const *)vals);
	r->given[i] = 1;
	rc = 0;
out:
	for (size_t j = 0; j < it->nfields; j++)
		free(vals[j]);
	free(vals);
	free_parts(parts, n);
	return rc;
}

int record_set_field(struct record *r, const struct field *f, const char *raw, struct err *e)
{
	size_t i = model_field_index(r->e, f);
	if (f->flags & FF_DERIVED)
		return err_set(e, "%s is derived by gvi and cannot be set", f->name);
	if (f->type == F_LIST) {
		list_free(f, &r->lists[i]);
		r->given[i] = 1;
		return record_append_list(r, f, raw, e);
	}
	char *v;
	if (value_normalise(f, raw, &v, e))
		return -1;
	free(r->v[i]);
	r->v[i] = v;
	r->given[i] = 1;
	return 0;
}

int record_append_list(struct record *r, const struct field *f, const char *raw, struct err *e)
{
	r->given[model_field_index(r->e, f)] = 1;
	size_t n;
	char **items = split(raw ? raw : "", ';', &n);
	int rc = 0;
	for (size_t k = 0; k < n && !rc; k++) {
		char *t = trimmed(items[k]);
		if (*t)
			rc = record_add_item(r, f, t, e);
		free(t);
	}
	free_parts(items, n);
	return rc;
}

int record_set(struct record *r, const char *name, const char *raw, struct err *e)
{
	const struct field *f = model_field(r->e, name);
	if (!f)
		return err_set(e, "%s has no field \"%s\"", r->e->name, name);
	return record_set_field(r, f, raw, e);
}

const char *record_at(const struct record *r, size_t i)
{
	return r->v[i];
}

const char *record_get(const struct record *r, const char *name)
{
	const struct field *f = model_field(r->e, name);
	return f ? r->v[model_field_index(r->e, f)] : NULL;
}
