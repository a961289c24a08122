/* page_form.c — forms for records of any entity (see page_form.h).
 *
 * The input for a field follows its type in model.c: a date is <input type="date">, an enum a
 * <select> of its translated choices, a reference a <select> of the records the user may read
 * (a text input for the record's code or id when there are more than FORM_SELECT_MAX of them,
 * as there are persons in a large programme), yes/no a checkbox, a list one line of "a;b"
 * text as the CLI and CSV take it.  Every input has a <label>; an error is a paragraph tied to
 * its input with aria-describedby and aria-invalid, so a screen reader announces it. */
#include "page_form.h"
#include "html.h"
#include "policy.h"
#include "recfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORM_SELECT_MAX 500

void form_values_init(struct form_values *fv, const struct entity *en)
{
	fv->en = en;
	fv->v = calloc(en->nfields ? en->nfields : 1, sizeof *fv->v);
}

void form_values_release(struct form_values *fv)
{
	for (size_t i = 0; fv->v && i < fv->en->nfields; i++)
		free(fv->v[i]);
	free(fv->v);
	fv->v = NULL;
}

static void put(struct form_values *fv, size_t i, const char *s)
{
	free(fv->v[i]);
	fv->v[i] = s ? strdup(s) : NULL;
}

void form_values_from_record(struct form_values *fv, const struct record *r)
{
	for (size_t i = 0; i < fv->en->nfields; i++) {
		if (fv->en->fields[i].type == F_LIST) {
			free(fv->v[i]);
			fv->v[i] = recfmt_list_text(r, i);
		} else {
			put(fv, i, r->v[i]);
		}
	}
}

void form_values_from_post(struct form_values *fv, const struct web_request *rq, const char *prefix)
{
	for (size_t i = 0; i < fv->en->nfields; i++) {
		const struct field *f = &fv->en->fields[i];
		char name[160];
		snprintf(name, sizeof name, "%s%s", prefix, f->name);
		const char *v = web_form_get(rq->form, name);
		if (f->type == F_BOOL)
			put(fv, i, v && *v ? "1" : "0");
		else
			put(fv, i, v);
	}
}

int form_field_offered(const struct web_request *rq, const struct entity *en, const struct field *f)
{
	if (f->flags & FF_DERIVED)
		return 0;
	if (f->flags & FF_SECRET)
		return policy_sees_secret(rq->who->role, en, f);
	return 1;
}

static int skipped(const char *const *skip, const struct field *f)
{
	for (size_t i = 0; skip && skip[i]; i++)
		if (!strcmp(skip[i], f->name))
			return 1;
	return 0;
}

/* ---- references as a select ---- */

struct options {
	struct web_request *rq;
	struct buf *b;
	const char *current;
	const struct field *key;
	int found;
};

/* The label of a record without a key: its id and its first date (an incident's time, a
 * call-in's date), then its first reference or text (the incident's type, the venue). */
static void keyless_label(struct buf *b, const struct record *r)
{
	const char *date = NULL, *what = NULL;
	for (size_t i = 0; i < r->e->nfields; i++) {
		enum field_type t = r->e->fields[i].type;
		if (!date && (t == F_DATE || t == F_DATETIME))
			date = r->v[i];
		else if (!what && (t == F_REF || t == F_TEXT) && strcmp(r->e->fields[i].name, "owner"))
			what = r->v[i];
	}
	html_printf(b, "%lld", (long long)r->id);
	if (date)
		html_printf(b, " · %s", date);
	if (what)
		html_printf(b, " · %s", what);
}

static int option_row(void *p, const struct record *r)
{
	struct options *o = p;
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)r->id);
	const char *value = o->key ? record_get(r, o->key->name) : idtext;
	if (!value)
		value = idtext;
	int sel = o->current && !strcmp(o->current, value);
	o->found |= sel;
	html_printf(o->b, "<option value=\"%s\"%s>", value, sel ? " selected" : "");
	if (o->key) {
		const char *label = i18n_lang(o->rq) == I18N_SV ? record_get(r, "label_sv") : NULL;
		html_printf(o->b, "%s", label ? label : value);
	} else {
		keyless_label(o->b, r);
	}
	html_raw_trusted(o->b, "</option>");
	return 0;
}

static void attrs(struct buf *b, const char *id, int invalid, const char *label_id)
{
	if (invalid)
		html_printf(b, " aria-invalid=\"true\" aria-describedby=\"err-%s\"", id);
	if (label_id)
		html_printf(b, " aria-labelledby=\"%s\"", label_id);
}

int form_input(struct web_request *rq, struct buf *b, const struct field *f, const char *prefix,
	       const char *value, int invalid, const char *label_id, struct err *e)
{
	char id[160];
	snprintf(id, sizeof id, "%s%s", prefix, f->name);
	const char *v = value ? value : "";
	switch (f->type) {
	case F_BOOL:
		html_printf(b, "<input type=\"checkbox\" id=\"%s\" name=\"%s\" value=\"1\"%s", id, id,
			    !strcmp(v, "1") ? " checked" : "");
		attrs(b, id, invalid, label_id);
		html_raw_trusted(b, ">");
		return 0;
	case F_ENUM:
		html_printf(b, "<select id=\"%s\" name=\"%s\"", id, id);
		attrs(b, id, invalid, label_id);
		html_printf(b, "><option value=\"\">%s</option>", i18n(rq, "form.none"));
		for (int i = 0; f->choices[i]; i++)
			html_printf(b, "<option value=\"%s\"%s>%s</option>", f->choices[i],
				    !strcmp(v, f->choices[i]) ? " selected" : "",
				    i18n_named(rq, "val.", f->choices[i]));
		html_raw_trusted(b, "</select>");
		return 0;
	case F_REF: {
		const struct entity *ref = model_entity(f->ref);
		long n = access_may_read(rq->a, ref) ? access_count(rq->a, ref, e) : -1;
		if (n >= 0 && n <= FORM_SELECT_MAX) {
			html_printf(b, "<select id=\"%s\" name=\"%s\"", id, id);
			attrs(b, id, invalid, label_id);
			html_printf(b, "><option value=\"\">%s</option>", i18n(rq, "form.none"));
			struct options o = { rq, b, v, model_key(ref), 0 };
			struct store_query q = { .order_field = o.key ? o.key->name : NULL };
			if (access_list(rq->a, ref, &q, option_row, &o, e))
				return -1;
			if (*v && !o.found)   /* a value the list does not hold: kept, so it is not lost */
				html_printf(b, "<option value=\"%s\" selected>%s</option>", v, v);
			html_raw_trusted(b, "</select>");
			return 0;
		}
		break;   /* too many, or not readable: the code or id as text */
	}
	default:
		break;
	}
	if (!strcmp(f->name, "notes") || !strcmp(f->name, "description")) {
		html_printf(b, "<textarea id=\"%s\" name=\"%s\" rows=\"3\"", id, id);
		attrs(b, id, invalid, label_id);
		html_printf(b, ">%s</textarea>", v);
		return 0;
	}
	const char *type = f->type == F_DATE ? "date" : f->type == F_INT ? "number" : "text";
	html_printf(b, "<input type=\"%s\" id=\"%s\" name=\"%s\" value=\"%s\"", type, id, id, v);
	if (f->type == F_INT) {
		html_printf(b, " min=\"%ld\"", f->min);
		if (f->max)
			html_printf(b, " max=\"%ld\"", f->max);
	}
	if (f->type == F_REAL)
		html_raw_trusted(b, " inputmode=\"decimal\"");
	if (f->type == F_PNR)
		html_raw_trusted(b, " autocomplete=\"off\"");
	attrs(b, id, invalid, label_id);
	html_raw_trusted(b, ">");
	if (f->type == F_REF && access_may_read(rq->a, model_entity(f->ref)))
		/* Too many for a list: where to look the code or number up. */
		html_printf(b, " <span class=\"hint\">%s <a href=\"/r/%s\">%s</a></span>",
			    i18n(rq, "hint.ref_lookup"), f->ref, i18n_named(rq, "entity.", f->ref));
	return 0;
}

/* A hint under an input saying how to write its value, or NULL. */
static const char *hint_key(const struct field *f)
{
	switch (f->type) {
	case F_DATETIME: return "hint.datetime";
	case F_PARTDATE: return "hint.partdate";
	case F_DATE: return "hint.date";
	case F_PNR: return "hint.pnr";
	case F_LIST: return f->item->nfields > 1 ? "hint.list_items" : "hint.list";
	default: return NULL;
	}
}

int form_fields(struct web_request *rq, struct buf *b, const struct form_values *fv,
		const char *prefix, int edit, const char *const *skip, const struct form_error *err,
		struct err *e)
{
	const struct entity *en = fv->en;
	int in_messages = 0;
	for (size_t i = 0; i < en->nfields; i++) {
		const struct field *f = &en->fields[i];
		if (!form_field_offered(rq, en, f) || skipped(skip, f))
			continue;
		/* The four core messages of a notification or call-in are one checklist. */
		int message = !strncmp(f->name, "msg_", 4) && f->type == F_BOOL;
		if (message && !in_messages)
			html_printf(b, "<fieldset class=\"checklist\"><legend>%s</legend>\n",
				    i18n(rq, "form.messages"));
		else if (!message && in_messages)
			html_raw_trusted(b, "</fieldset>\n");
		in_messages = message;
		char id[160];
		snprintf(id, sizeof id, "%s%s", prefix, f->name);
		int invalid = err && err->field == f && err->prefix && !strcmp(err->prefix, prefix);
		html_printf(b, "<div class=\"field%s%s\">", f->type == F_BOOL ? " check" : "",
			    invalid ? " invalid" : "");
		const char *label = page_field(rq, f);
		const char *req = (f->flags & FF_REQUIRED) ? i18n(rq, "form.required") : "";
		const char *hk = hint_key(f);
		if (f->type == F_BOOL) {
			if (form_input(rq, b, f, prefix, fv->v[i], invalid, NULL, e))
				return -1;
			html_printf(b, " <label for=\"%s\">%s</label>", id, label);
		} else {
			html_printf(b, "<label for=\"%s\">%s%s</label>", id, label, req);
			if (hk || (edit && f->type == F_PNR))
				html_printf(b, "<span class=\"hint\">%s%s%s</span>", hk ? i18n(rq, hk) : "",
					    edit && f->type == F_PNR ? " " : "",
					    edit && f->type == F_PNR ? i18n(rq, "hint.keep_secret") : "");
			if (form_input(rq, b, f, prefix, edit && f->type == F_PNR ? NULL : fv->v[i],
				       invalid, NULL, e))
				return -1;
		}
		if (invalid)
			html_printf(b, "<p class=\"field-error\" id=\"err-%s\">%s</p>", id, err->msg);
		html_raw_trusted(b, "</div>\n");
	}
	if (in_messages)
		html_raw_trusted(b, "</fieldset>\n");
	return 0;
}

int form_to_record(const struct web_request *rq, const struct form_values *fv, struct record *r,
		   int edit, const char *const *skip, struct form_error *err)
{
	const struct entity *en = fv->en;
	for (size_t i = 0; i < en->nfields; i++) {
		const struct field *f = &en->fields[i];
		if (!form_field_offered(rq, en, f) || skipped(skip, f))
			continue;
		if (edit && !fv->v[i])
			continue;   /* not in the form sent: left as it is */
		const char *v = fv->v[i] ? fv->v[i] : "";
		if (!*v && (!edit || f->type == F_PNR))
			continue;
		struct err e = { 0 };
		if (record_set_field(r, f, v, &e)) {
			err->field = f;
			snprintf(err->msg, sizeof err->msg, "%s", e.msg);
			return -1;
		}
	}
	return 0;
}

static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

void form_error_from(struct form_error *err, const struct entity *en, const char *prefix,
		     const char *msg)
{
	err->field = NULL;
	err->prefix = prefix;
	snprintf(err->msg, sizeof err->msg, "%s", msg);
	size_t best = 0;
	for (const struct field *f = en->fields; f->name; f++) {
		size_t n = strlen(f->name);
		int names = !strncmp(msg, f->name, n) && (msg[n] == ':' || msg[n] == ' ');
		const char *need = strstr(msg, "needs at least one ");
		if (need && !strncmp(need + 19, f->name, n) && !word_char(need[19 + n]))
			names = 1;
		if (names && n > best) {   /* the longest name that fits: "follow_up_owner" */
			best = n;
			err->field = f;
		}
	}
}

int form_ref_href(const struct web_request *rq, struct buf *b, const char *ref, const char *v)
{
	const struct entity *en = model_entity(ref);
	if (!v || !en || !access_may_read(rq->a, en))
		return 0;
	static const char *const pages[][2] = {
		{ "person", "/persons/" }, { "group", "/groups/" }, { "incident", "/incidents/" },
	};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		if (!strcmp(ref, pages[i][0])) {
			html_printf(b, "%s", pages[i][1]);
			html_url_part(b, v);
			return 1;
		}
	}
	html_printf(b, "/r/%s/", en->name);
	html_url_part(b, v);
	return 1;
}

static int label_of(void *p, const struct record *r)
{
	const char *label = record_get(r, "label_sv");
	if (label)
		snprintf(p, 256, "%s", label);
	return 0;
}

const char *form_ref_label(struct web_request *rq, const struct field *f, const char *v,
			   char *out, size_t n)
{
	if (!v || strcmp(f->ref, "incident-type") || i18n_lang(rq) != I18N_SV || n < 256)
		return v ? v : "";
	const struct entity *types = model_entity("incident-type");
	struct record where;
	record_init(&where, types);
	struct err e = { 0 };
	struct store_query q = { .where = &where, .limit = 1 };
	out[0] = '\0';
	if (record_set(&where, "name", v, &e) || access_list(rq->a, types, &q, label_of, out, &e))
		out[0] = '\0';
	record_release(&where);
	return *out ? out : v;
}
