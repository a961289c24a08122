/* page_timeline.c — a person's page as one timeline of everything the viewer may see.
 *
 * Every entity of model.c with a reference to a person (memberships, ties, supervision,
 * involvements in incidents, custom notifications, call-in invitations, referrals) is asked,
 * through the access layer, for the records naming this person — only the entities the role
 * may read, so each role sees its own part of the picture.  An entry's date is the record's
 * first date (a membership's "since", a notification's "planned" … or "held" if set), or for an
 * involvement and an invitation the date of the incident or call-in it belongs to.  The
 * entries are sorted newest first (undated ones last) and shown as an ordered list with
 * <time> elements.  Nothing here is written per entity: the model says what is shown. */
#include "html.h"
#include "page.h"
#include "page_form.h"
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char date[32];
	const struct entity *en;
	int64_t id;
	char *html;   /* the entry's description, escaped */
};

struct timeline {
	struct web_request *rq;
	const char *code;
	struct entry *v;
	size_t n, cap;
	struct err *e;
	int failed;
};

/* What an entry says of a record without a key that it refers to (an involvement's incident,
 * an invitation's call-in): its first date and its first reference or text (the incident's
 * type, the call-in's venue). */
struct ref_info {
	struct web_request *rq;
	char date[32];
	char what[256];
};

static int ref_info_row(void *p, const struct record *r)
{
	struct ref_info *d = p;
	for (size_t i = 0; i < r->e->nfields; i++) {
		const struct field *f = &r->e->fields[i];
		if ((f->type == F_DATE || f->type == F_DATETIME) && r->v[i] && !*d->date)
			snprintf(d->date, sizeof d->date, "%s", r->v[i]);
		if ((f->type == F_REF || f->type == F_TEXT) && r->v[i] && !*d->what &&
		    strcmp(f->name, "owner")) {
			char label[256];
			snprintf(d->what, sizeof d->what, "%s", f->type == F_REF
				 ? form_ref_label(d->rq, f, r->v[i], label, sizeof label) : r->v[i]);
		}
	}
	return 0;
}

/* Record ref (an id) of entity `entity`, if the role may read it. */
static void ref_info_of(struct timeline *t, const char *entity, const char *ref, struct ref_info *d)
{
	const struct entity *en = model_entity(entity);
	struct store_query q = { .id = ref ? strtoll(ref, NULL, 10) : 0, .limit = 1 };
	struct err ignore = { 0 };
	d->rq = t->rq;
	d->date[0] = d->what[0] = '\0';
	if (q.id > 0 && access_may_read(t->rq->a, en))
		access_list(t->rq->a, en, &q, ref_info_row, d, &ignore);
}

/* A notification is dated by when it was held, or else planned; others by their first date. */
static const char *record_date(const struct record *r)
{
	const char *held = record_get(r, "held");
	if (held && model_field(r->e, "planned"))
		return held;
	for (size_t i = 0; i < r->e->nfields; i++) {
		enum field_type t = r->e->fields[i].type;
		if ((t == F_DATE || t == F_DATETIME) && r->v[i])
			return r->v[i];
	}
	return NULL;
}

static int entry_row(void *p, const struct record *r)
{
	struct timeline *t = p;
	struct web_request *rq = t->rq;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct entry *v = realloc(t->v, cap * sizeof *v);
		if (!v)
			return t->failed = 1;
		t->v = v;
		t->cap = cap;
	}
	struct entry *x = &t->v[t->n];
	memset(x, 0, sizeof *x);
	x->en = r->e;
	x->id = r->id;
	const char *d = record_date(r);
	if (d)
		snprintf(x->date, sizeof x->date, "%s", d);
	/* The summary: the record's enum values and references other than this person. */
	struct buf b = BUF_INIT;
	int first = 1;
	for (size_t i = 0; i < r->e->nfields; i++) {
		const struct field *f = &r->e->fields[i];
		const char *v = r->v[i];
		if (!v || (f->type != F_ENUM && f->type != F_REF && f->type != F_BOOL) ||
		    !strcmp(f->name, "owner") || (f->type == F_REF && !strcmp(f->ref, "person") &&
						  !strcmp(v, t->code)))
			continue;
		html_printf(&b, "%s%s: ", first ? "" : " · ", page_field(rq, f));
		first = 0;
		if (f->type == F_REF) {
			char label[256];
			const char *shown = form_ref_label(rq, f, v, label, sizeof label);
			struct buf href = BUF_INIT;
			if (form_ref_href(rq, &href, f->ref, v)) {
				html_raw_trusted(&b, "<a href=\"");
				html_append(&b, &href);
				html_printf(&b, "\">%s</a>", shown);
			} else {
				html_printf(&b, "%s", shown);
			}
			buf_release(&href);
			if (!model_key(model_entity(f->ref))) {
				/* A record known by a number: say what it is, and date the entry by it. */
				struct ref_info info;
				ref_info_of(t, f->ref, v, &info);
				if (*info.what)
					html_printf(&b, " (%s)", info.what);
				if (!*x->date)
					snprintf(x->date, sizeof x->date, "%s", info.date);
			}
		} else {
			html_printf(&b, "%s", page_value(rq, f, v));
		}
	}
	if (b.failed) {
		buf_release(&b);
		return t->failed = 1;
	}
	x->html = b.s ? strdup(b.s) : strdup("");
	buf_release(&b);
	if (!x->html)
		return t->failed = 1;
	t->n++;
	return 0;
}

static int newest_first(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	if (!*a->date != !*b->date)
		return *a->date ? -1 : 1;   /* undated last */
	int c = strcmp(b->date, a->date);
	if (c)
		return c;
	c = strcmp(a->en->name, b->en->name);
	return c ? c : (a->id < b->id ? 1 : a->id > b->id ? -1 : 0);
}

int page_timeline(struct web_request *rq, struct buf *b, const char *code, struct err *e)
{
	struct timeline t = { rq, code, NULL, 0, 0, e, 0 };
	int rc = 0;
	for (size_t i = 0; i < model_nentities && !rc; i++) {
		const struct entity *en = model_entities[i];
		if (!access_may_read(rq->a, en))
			continue;
		for (const struct field *f = en->fields; f->name && !rc; f++) {
			if (f->type != F_REF || strcmp(f->ref, "person"))
				continue;
			struct record where;
			record_init(&where, en);
			struct store_query q = { .where = &where };
			rc = record_set_field(&where, f, code, e) || access_list(rq->a, en, &q, entry_row, &t, e);
			record_release(&where);
		}
	}
	if (t.failed && !rc)
		rc = err_set(e, "out of memory");
	if (!rc) {
		if (t.n)
			qsort(t.v, t.n, sizeof *t.v, newest_first);
		html_printf(b, "<section aria-labelledby=\"timeline\">\n<h2 id=\"timeline\">%s</h2>\n",
			    i18n(rq, "timeline.title"));
		if (!t.n)
			html_printf(b, "<p>%s</p>\n", i18n(rq, "timeline.empty"));
		else
			html_raw_trusted(b, "<ol class=\"timeline\">\n");
		for (size_t i = 0; i < t.n; i++) {
			struct entry *x = &t.v[i];
			html_raw_trusted(b, "<li>");
			char day[11] = "";
			memcpy(day, x->date, sizeof day - 1);   /* a date-time's day */
			if (*x->date)
				html_printf(b, "<time datetime=\"%s\">%s</time> ", day, x->date);
			else
				html_printf(b, "<span class=\"undated\">%s</span> ", i18n(rq, "timeline.undated"));
			html_printf(b, "<strong><a href=\"/r/%s/%lld\">%s</a></strong> ", x->en->name,
				    (long long)x->id, i18n_named(rq, "one.", x->en->name));
			buf_adds(b, x->html);   /* written escaped by entry_row */
			html_raw_trusted(b, "</li>\n");
		}
		if (t.n)
			html_raw_trusted(b, "</ol>\n");
		/* What may be recorded about the person from here: a form with the person filled in. */
		int links = 0;
		for (size_t i = 0; i < model_nentities; i++) {
			const struct entity *en = model_entities[i];
			const struct field *f = en->fields;
			while (f->name && !(f->type == F_REF && !strcmp(f->ref, "person")))
				f++;
			if (!f->name || !policy_allows(rq->who->role, en, POLICY_WRITE) ||
			    !access_may_read(rq->a, en))
				continue;
			html_printf(b, "%s<a href=\"/r/%s/new?%s=", links++ ? " · " : "<p class=\"add\">",
				    en->name, f->name);
			html_url_part(b, code);
			html_printf(b, "\">%s</a>", i18n_named(rq, "one.", en->name));
		}
		if (links)
			html_raw_trusted(b, "</p>\n");
		html_raw_trusted(b, "</section>\n");
	}
	for (size_t i = 0; i < t.n; i++)
		free(t.v[i].html);
	free(t.v);
	return rc ? -1 : 0;
}
