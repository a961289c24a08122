/* page_incident_form.c — recording an incident together with who was involved, in one step.
 *
 * GET /incidents/new is one form: the incident's fields, then up to INV_PERSON_ROWS persons
 * (person, role) and INV_GROUP_ROWS groups (group, side, confidence).  POST /incidents/new
 * writes the incident and every filled row in ONE transaction of the access layer
 * (access_begin … access_commit): if any row is refused — an unknown person, a missing role,
 * a role that may not record group involvement — everything is rolled back, and the form comes
 * back as it was sent with the message next to the field of the row it names ("Person 2:
 * role …").  On success it redirects to the new incident's page. */
#include "html.h"
#include "page.h"
#include "page_form.h"
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INV_PERSON_ROWS 5
#define INV_GROUP_ROWS 3

static const char *const row_skip[] = { "incident", "owner", "notes", NULL };

struct incident_form {
	struct form_values incident;
	struct form_values persons[INV_PERSON_ROWS];
	struct form_values groups[INV_GROUP_ROWS];
	char pprefix[INV_PERSON_ROWS][8], gprefix[INV_GROUP_ROWS][8];
};

static void form_init(struct incident_form *f)
{
	form_values_init(&f->incident, model_entity("incident"));
	for (int i = 0; i < INV_PERSON_ROWS; i++) {
		form_values_init(&f->persons[i], model_entity("involvement"));
		snprintf(f->pprefix[i], sizeof f->pprefix[i], "p%d_", i + 1);
	}
	for (int i = 0; i < INV_GROUP_ROWS; i++) {
		form_values_init(&f->groups[i], model_entity("group-involvement"));
		snprintf(f->gprefix[i], sizeof f->gprefix[i], "g%d_", i + 1);
	}
}

static void form_release(struct incident_form *f)
{
	form_values_release(&f->incident);
	for (int i = 0; i < INV_PERSON_ROWS; i++)
		form_values_release(&f->persons[i]);
	for (int i = 0; i < INV_GROUP_ROWS; i++)
		form_values_release(&f->groups[i]);
}

static int may_write(const struct web_request *rq, const char *entity)
{
	return policy_allows(rq->who->role, model_entity(entity), POLICY_WRITE);
}

static void show_form(struct web_request *rq, struct web_response *rs, struct incident_form *f,
		      const struct form_error *err, int status)
{
	struct err e = { 0 };
	struct buf b = BUF_INIT;
	const char *none[] = { NULL };
	if (err && !err->field)
		html_printf(&b, "<div class=\"message\" role=\"alert\"><p>%s</p></div>\n", err->msg);
	else if (err)
		html_printf(&b, "<div class=\"message\" role=\"alert\"><p>%s <a href=\"#%s%s\">%s</a></p></div>\n",
			    i18n(rq, "form.error_at"), err->prefix, err->field->name, page_field(rq, err->field));
	html_raw_trusted(&b, "<form method=\"post\" action=\"/incidents/new\" class=\"record-form\" novalidate>\n");
	page_csrf_field(&b, rq);
	html_printf(&b, "<fieldset><legend>%s</legend>\n", i18n(rq, "incident.title"));
	int rc = form_fields(rq, &b, &f->incident, "", 0, none, err, &e);
	html_raw_trusted(&b, "</fieldset>\n");
	if (may_write(rq, "involvement") && access_may_read(rq->a, model_entity("person"))) {
		html_printf(&b, "<h2>%s</h2>\n<p>%s</p>\n", i18n(rq, "entity.involvement"),
			    i18n(rq, "incident_form.persons_intro"));
		for (int i = 0; i < INV_PERSON_ROWS && !rc; i++) {
			html_printf(&b, "<fieldset class=\"row\"><legend>%s %d</legend>\n",
				    i18n(rq, "incident_form.person_row"), i + 1);
			rc = form_fields(rq, &b, &f->persons[i], f->pprefix[i], 0, row_skip, err, &e);
			html_raw_trusted(&b, "</fieldset>\n");
		}
	}
	if (may_write(rq, "group-involvement") && access_may_read(rq->a, model_entity("group"))) {
		html_printf(&b, "<h2>%s</h2>\n<p>%s</p>\n", i18n(rq, "entity.group-involvement"),
			    i18n(rq, "incident_form.groups_intro"));
		for (int i = 0; i < INV_GROUP_ROWS && !rc; i++) {
			html_printf(&b, "<fieldset class=\"row\"><legend>%s %d</legend>\n",
				    i18n(rq, "incident_form.group_row"), i + 1);
			rc = form_fields(rq, &b, &f->groups[i], f->gprefix[i], 0, row_skip, err, &e);
			html_raw_trusted(&b, "</fieldset>\n");
		}
	}
	html_printf(&b, "<p><button type=\"submit\">%s</button></p>\n</form>\n",
		    i18n(rq, "incident_form.save"));
	if (rc) {
		buf_release(&b);
		page_failed(rq, rs, "incident form", &e);
		return;
	}
	const char *title = i18n(rq, "incident_form.title");
	page_begin(rq, rs, title, "/incidents");
	rs->status = status;
	html_printf(&rs->body, "<h1>%s</h1>\n<p>%s</p>\n", title, i18n(rq, "incident_form.intro"));
	html_append(&rs->body, &b);
	page_end(rs);
	buf_release(&b);
}

void page_incident_form(struct web_request *rq, struct web_response *rs)
{
	if (!access_may_read(rq->a, model_entity("incident")) || !may_write(rq, "incident")) {
		page_refused(rq, rs, "record.refused_write");
		return;
	}
	struct incident_form f;
	form_init(&f);
	const struct entity *en = model_entity("incident");
	for (size_t i = 0; i < en->nfields; i++)
		if (en->fields[i].def)
			f.incident.v[i] = strdup(en->fields[i].def);
	show_form(rq, rs, &f, NULL, 200);
	form_release(&f);
}

/* Is any field of a row filled in (a checkbox aside)? */
static int row_used(const struct form_values *fv)
{
	for (size_t i = 0; i < fv->en->nfields; i++)
		if (fv->v[i] && *fv->v[i] && fv->en->fields[i].type != F_BOOL)
			return 1;
	return 0;
}

/* Adds one involvement row of the incident `incident` (its id as text).  0, or -1 with err
 * naming the row and field. */
static int add_row(struct web_request *rq, const struct form_values *fv, const char *prefix,
		   const char *row_label, int n, const char *incident, struct form_error *err,
		   int *status)
{
	struct record r;
	record_init(&r, fv->en);
	struct err e = { 0 };
	int rc = record_set(&r, "incident", incident, &e);
	if (!rc && (rc = form_to_record(rq, fv, &r, 0, row_skip, err))) {
		err->prefix = prefix;
	} else if (!rc && (rc = access_add(rq->a, &r, &e))) {
		*status = !strncmp(e.msg, "refused:", 8) ? 403 : 400;
		form_error_from(err, fv->en, prefix, e.msg);
	} else if (rc) {
		form_error_from(err, fv->en, prefix, e.msg);
	}
	if (rc) {
		struct buf msg = BUF_INIT;
		buf_addf(&msg, "%s %d: %s", row_label, n, err->msg);
		snprintf(err->msg, sizeof err->msg, "%s", msg.s);
		buf_release(&msg);
	}
	record_release(&r);
	return rc ? -1 : 0;
}

void page_incident_add(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = model_entity("incident");
	if (!access_may_read(rq->a, en) || !may_write(rq, "incident")) {
		page_refused(rq, rs, "record.refused_write");
		return;
	}
	struct incident_form f;
	form_init(&f);
	form_values_from_post(&f.incident, rq, "");
	for (int i = 0; i < INV_PERSON_ROWS; i++)
		form_values_from_post(&f.persons[i], rq, f.pprefix[i]);
	for (int i = 0; i < INV_GROUP_ROWS; i++)
		form_values_from_post(&f.groups[i], rq, f.gprefix[i]);
	struct form_error err = { .prefix = "" };
	struct err e = { 0 };
	struct record r;
	record_init(&r, en);
	int status = 400, begun = 0;
	int rc = form_to_record(rq, &f.incident, &r, 0, NULL, &err);
	if (!rc && access_begin(rq->a, 0, &e)) {
		page_failed(rq, rs, "incident form", &e);
		goto out;
	}
	begun = !rc;
	if (!rc && (rc = access_add(rq->a, &r, &e))) {
		status = !strncmp(e.msg, "refused:", 8) ? 403 : 400;
		form_error_from(&err, en, "", e.msg);
	}
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)r.id);
	const char *plabel = i18n(rq, "incident_form.person_row");
	const char *glabel = i18n(rq, "incident_form.group_row");
	for (int i = 0; i < INV_PERSON_ROWS && !rc; i++)
		if (row_used(&f.persons[i]))
			rc = add_row(rq, &f.persons[i], f.pprefix[i], plabel, i + 1, idtext, &err, &status);
	for (int i = 0; i < INV_GROUP_ROWS && !rc; i++)
		if (row_used(&f.groups[i]))
			rc = add_row(rq, &f.groups[i], f.gprefix[i], glabel, i + 1, idtext, &err, &status);
	if (rc) {
		if (begun)
			access_rollback(rq->a);   /* the incident and every row before: nothing stays */
		show_form(rq, rs, &f, &err, status);
		goto out;
	}
	if (access_commit(rq->a, &e)) {
		page_failed(rq, rs, "incident form", &e);
		goto out;
	}
	char location[64];
	snprintf(location, sizeof location, "/incidents/%lld", (long long)r.id);
	web_redirect(rs, location);
out:
	record_release(&r);
	form_release(&f);
}
