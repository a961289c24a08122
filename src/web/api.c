/* api.c — the JSON API, version 1: GET, POST /api/v1/ENTITY and GET, PATCH /api/v1/ENTITY/ID.
 *
 * Every entity of model.c is served, through the access layer like the CLI: a list is
 * access_list (secret fields blanked), a record is access_show (audited as a read when it
 * holds personal data, the personnummer only for roles that may see it).  The JSON is
 * recfmt/table's, so it is the same as `gvi --json ENTITY list|show`.  A record is named by
 * its id or, for an entity with a key, by that key (a person's code) — never by a name.
 * Writes take a JSON object of fields and go through access_add / access_edit, so the policy,
 * the model's rules and the audit are the CLI's; the answer is the stored record as GET gives
 * it.  Errors are {"error": CODE, "message": TEXT} with 400, 403, 404 or 409, the message
 * naming the field; bad input is never a 500. */
#include "web.h"
#include "recfmt.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API_LIMIT_DEFAULT 100
#define API_LIMIT_MAX 1000
#define SEARCH_MAX 200

/* The entity named in the path, or NULL after answering 404 or 403. */
static const struct entity *api_entity(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = model_entity(rq->params[0]);
	if (!en) {
		web_json_error(rs, 404, "not_found", "no such entity");
		return NULL;
	}
	if (!access_may_read(rq->a, en)) {
		char msg[256];
		snprintf(msg, sizeof msg, "refused: role %s may not read %s records", rq->who->role,
			 en->name);
		web_json_error(rs, 403, "forbidden", msg);
		return NULL;
	}
	return en;
}

/* A query number in [lo, hi]; def when absent.  -1 after answering 400. */
static int query_long(struct web_request *rq, struct web_response *rs, const char *name, long def,
		      long lo, long hi, long *out)
{
	char text[24];
	int got = web_query(rq, name, text, sizeof text);
	char *end = text;
	long v = got > 0 ? strtol(text, &end, 10) : def;
	if (got < 0 || (got > 0 && (!*text || *end)) || v < lo || v > hi) {
		char msg[128];
		snprintf(msg, sizeof msg, "%s must be a whole number from %ld to %ld", name, lo, hi);
		web_json_error(rs, 400, "bad_request", msg);
		return -1;
	}
	*out = v;
	return 0;
}

static int add_row(void *p, const struct record *r)
{
	recfmt_add(p, r, TABLE_JSON, 0);
	return 0;
}

/* Prints t as JSON (one record or the array) into the response. */
static int table_json(struct web_response *rs, const struct table *t, int one)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return -1;
	int rc = one ? table_print_record(t, f, TABLE_JSON) : table_print(t, f, TABLE_JSON);
	if (fclose(f))
		rc = -1;
	if (!rc)
		buf_add(&rs->body, text, len);
	free(text);
	return rc;
}

void api_list(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = api_entity(rq, rs);
	if (!en)
		return;
	long limit, offset;
	char search[SEARCH_MAX + 1] = "";
	if (query_long(rq, rs, "limit", API_LIMIT_DEFAULT, 1, API_LIMIT_MAX, &limit) ||
	    query_long(rq, rs, "offset", 0, 0, 1000000000L, &offset))
		return;
	if (web_query(rq, "search", search, sizeof search) < 0) {
		web_json_error(rs, 400, "bad_request", "search must be at most 200 bytes of text");
		return;
	}
	struct store_query q = { .search = *search ? search : NULL, .limit = limit, .offset = offset };
	struct table *t = recfmt_table(en, TABLE_JSON, 0);
	struct err e = { 0 };
	if (access_list(rq->a, en, &q, add_row, t, &e)) {
		table_free(t);
		fprintf(stderr, "gvi serve: api list: %s\n", e.msg);
		web_json_error(rs, 500, "internal", "the records could not be read");
		return;
	}
	rs->status = 200;
	rs->type = "application/json";
	buf_addf(&rs->body, "{\"entity\":\"%s\",\"limit\":%ld,\"offset\":%ld,\"count\":%zu,\"items\":",
		 en->name, limit, offset, table_rows(t));
	int rc = table_json(rs, t, 0);
	table_free(t);
	while (rs->body.len && rs->body.s[rs->body.len - 1] == '\n')
		rs->body.s[--rs->body.len] = '\0';
	buf_adds(&rs->body, "}\n");
	if (rc || rs->body.failed)
		web_json_error(rs, 500, "internal", "the records could not be written");
}

static int found_id(void *p, const struct record *r)
{
	*(int64_t *)p = r->id;
	return 0;
}

/* The id of the record named by ref (an id or the entity's key).  0, or -1 after answering
 * 404 or 500. */
static int find_id(struct web_response *rs, struct access *a, const struct entity *en,
		   const char *ref, int64_t *out)
{
	struct err e = { 0 };
	int64_t id = 0;
	struct record where;
	record_init(&where, en);
	struct store_query q = { .limit = 1 };
	size_t digits = strspn(ref, "0123456789");
	const struct field *key = model_key(en);
	int rc = 0;
	if (digits == strlen(ref) && digits <= 15) {
		q.id = strtoll(ref, NULL, 10);
		rc = q.id > 0 ? access_list(a, en, &q, found_id, &id, &e) : 0;
	}
	if (!rc && !id && key) {
		q.id = 0;
		q.where = &where;
		rc = record_set_field(&where, key, ref, &e) ? 0 : access_list(a, en, &q, found_id, &id, &e);
	}
	record_release(&where);
	if (rc) {
		fprintf(stderr, "gvi serve: api show: %s\n", e.msg);
		web_json_error(rs, 500, "internal", "the record could not be read");
		return -1;
	}
	if (!id) {
		web_json_error(rs, 404, "not_found", "no such record");
		return -1;
	}
	*out = id;
	return 0;
}

/* Answers with record id as GET shows it (access_show: audited as a read). */
static void show_record(struct web_request *rq, struct web_response *rs, const struct entity *en,
			int64_t id, int status)
{
	struct err e = { 0 };
	struct table *t = recfmt_table(en, TABLE_JSON, 0);
	int rc = access_show(rq->a, en, id, add_row, t, &e);
	if (!rc && table_rows(t) == 1) {
		rs->status = status;
		rs->type = "application/json";
		rc = table_json(rs, t, 1);
	}
	table_free(t);
	if (rc && !strncmp(e.msg, "refused:", 8)) {
		web_json_error(rs, 403, "forbidden", e.msg);   /* e.g. no purpose of access given */
	} else if (rc) {
		fprintf(stderr, "gvi serve: api show: %s\n", e.msg);
		web_json_error(rs, 500, "internal", "the record could not be read");
	}
}

void api_show(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = api_entity(rq, rs);
	int64_t id;
	if (en && !find_id(rs, rq->a, en, rq->params[1], &id))
		show_record(rq, rs, en, id, 200);
}

/* ---- writes ---- */

/* Answers 400 with code and a message formatted from fmt; returns -1. */
static int bad(struct web_response *rs, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad(struct web_response *rs, const char *code, const char *fmt, ...)
{
	char msg[sizeof ((struct err *)0)->msg + 128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	web_json_error(rs, 400, code, msg);
	return -1;
}

/* The text of a scalar JSON value for a field, as the CLI would take it: a string as it is,
 * a number written out, true/false as yes/no (yes/no fields only), null as "" (no value).
 * NULL when the value has no such text. */
static const char *scalar_text(const json_t *v, const struct field *f, char *tmp, size_t n)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_value(v);
	case JSON_INTEGER:
		snprintf(tmp, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return tmp;
	case JSON_REAL:
		snprintf(tmp, n, "%.17g", json_real_value(v));
		return tmp;
	case JSON_TRUE:
	case JSON_FALSE:
		return f->type == F_BOOL ? (json_is_true(v) ? "yes" : "no") : NULL;
	case JSON_NULL:
		return "";
	default:
		return NULL;
	}
}

/* One item of a list field: a string "a|b" or an object of the item's sub-fields. */
static int list_item(struct web_response *rs, struct record *r, const struct field *f, size_t k,
		     const json_t *v)
{
	struct err e = { 0 };
	char show[ERR_SHOW_LEN];
	if (json_is_string(v)) {
		if (record_add_item(r, f, json_string_value(v), &e))
			return bad(rs, "bad_value", "%s[%zu]: %s", f->name, k, e.msg);
		return 0;
	}
	if (!json_is_object(v))
		return bad(rs, "bad_value", "%s[%zu]: an item is a string or an object of %s's sub-fields",
			   f->name, k, f->name);
	const char *key;
	json_t *sv;
	json_object_foreach((json_t *)v, key, sv)
		if (!model_field(f->item, key))
			return bad(rs, "unknown_field", "%s[%zu]: unknown field \"%s\" in a %s item", f->name,
				   k, err_show(key, show), f->name);
	struct buf text = BUF_INIT;
	int rc = 0;
	for (size_t j = 0; j < f->item->nfields && !rc; j++) {
		const struct field *sf = &f->item->fields[j];
		json_t *x = json_object_get(v, sf->name);
		char tmp[64];
		const char *t = x ? scalar_text(x, sf, tmp, sizeof tmp) : "";
		if (!t || strchr(t, '|') || strchr(t, ';'))
			rc = bad(rs, "bad_value", "%s[%zu].%s: %s", f->name, k, sf->name,
				 t ? "must not contain | or ;" : "must be a string or a number");
		else
			buf_addf(&text, "%s%s", j ? "|" : "", t);
	}
	if (!rc && !text.failed && record_add_item(r, f, text.s, &e))
		rc = bad(rs, "bad_value", "%s[%zu]: %s", f->name, k, e.msg);
	buf_release(&text);
	return rc;
}

/* The request's body, a JSON object of en's fields, into r (given fields marked).  0, or -1
 * after answering 400. */
static int body_record(struct web_request *rq, struct web_response *rs, const struct entity *en,
		       struct record *r)
{
	json_error_t je;
	json_t *j = json_loadb(rq->body ? rq->body : "", rq->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		return bad(rs, "malformed_json", "the body is not valid JSON: line %d, column %d: %s",
			   je.line, je.column, je.text);
	int rc = 0;
	if (!json_is_object(j))
		rc = bad(rs, "malformed_json", "the body must be a JSON object of %s fields", en->name);
	const char *key;
	json_t *v;
	char show[ERR_SHOW_LEN];
	json_object_foreach(j, key, v) {
		if (rc)
			break;
		const struct field *f = model_field(en, key);
		struct err e = { 0 };
		if (!f) {
			char names[1024] = "";
			for (size_t i = 0; i < en->nfields; i++)
				if (!(en->fields[i].flags & FF_DERIVED))
					snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
						 *names ? ", " : "", en->fields[i].name);
			rc = bad(rs, "unknown_field", "unknown field \"%s\": a %s has %s%s",
				 err_show(key, show), en->name, names,
				 strcmp(key, "id") ? "" : " (the id is given by gvi, or in the path)");
		} else if (f->flags & FF_DERIVED) {
			rc = bad(rs, "unknown_field", "%s is derived by gvi and cannot be set", f->name);
		} else if (f->type == F_LIST) {
			if (!json_is_array(v) && !json_is_null(v)) {
				rc = bad(rs, "bad_value", "%s: a list is a JSON array", f->name);
				continue;
			}
			record_set_field(r, f, "", &e);   /* the given list replaces the old one */
			size_t k;
			json_t *item;
			json_array_foreach(v, k, item)
				if ((rc = list_item(rs, r, f, k, item)))
					break;
		} else {
			char tmp[64];
			const char *t = scalar_text(v, f, tmp, sizeof tmp);
			if (!t)
				rc = bad(rs, "bad_value", "%s: must be %s", f->name,
					 f->type == F_BOOL ? "true, false or a string such as \"yes\""
							   : "a string or a number");
			else if (record_set_field(r, f, t, &e))
				rc = bad(rs, "bad_value", "%s: %s", f->name, e.msg);
		}
	}
	json_decref(j);
	return rc;
}

/* Answers a refused write: 403 (policy), 409 (duplicate) or 400 (the model's rules). */
static void write_error(struct web_response *rs, int rc, const struct err *e)
{
	if (rc == STORE_DUPLICATE)
		web_json_error(rs, 409, "duplicate", e->msg);
	else if (!strncmp(e->msg, "refused:", 8))
		web_json_error(rs, 403, "forbidden", e->msg);
	else if (!strncmp(e->msg, "no ", 3) && strstr(e->msg, " with id "))
		web_json_error(rs, 404, "not_found", e->msg);
	else
		web_json_error(rs, 400, "bad_value", err_isset(e) ? e->msg : "the record was refused");
}

void api_add(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = api_entity(rq, rs);
	if (!en)
		return;
	struct record r;
	record_init(&r, en);
	struct err e = { 0 };
	if (!body_record(rq, rs, en, &r)) {
		int rc = access_add(rq->a, &r, &e);
		if (rc) {
			write_error(rs, rc, &e);
		} else {
			snprintf(rs->location, sizeof rs->location, "/api/v1/%s/%lld", en->name, (long long)r.id);
			show_record(rq, rs, en, r.id, 201);
		}
	}
	record_release(&r);
}

void api_edit(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = api_entity(rq, rs);
	int64_t id;
	if (!en || find_id(rs, rq->a, en, rq->params[1], &id))
		return;
	struct record r;
	record_init(&r, en);
	r.id = id;
	struct err e = { 0 };
	if (!body_record(rq, rs, en, &r)) {
		int rc = access_edit(rq->a, &r, &e);
		if (rc)
			write_error(rs, rc, &e);
		else
			show_record(rq, rs, en, id, 200);
	}
	record_release(&r);
}
