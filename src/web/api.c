/* api.c — the JSON API, version 1: GET /api/v1/ENTITY and GET /api/v1/ENTITY/ID.
 *
 * Every entity of model.c is served, through the access layer like the CLI: a list is
 * access_list (secret fields blanked), a record is access_show (audited as a read when it
 * holds personal data, the personnummer only for roles that may see it).  The JSON is
 * recfmt/table's, so it is the same as `gvi --json ENTITY list|show`.  A record is named by
 * its id or, for an entity with a key, by that key (a person's code) — never by a name.
 * Errors are {"error": CODE, "message": TEXT} with 400, 403 or 404. */
#include "web.h"
#include "recfmt.h"

#include <jansson.h>
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

void api_show(struct web_request *rq, struct web_response *rs)
{
	const struct entity *en = api_entity(rq, rs);
	if (!en)
		return;
	const char *ref = rq->params[1];
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
		rc = q.id > 0 ? access_list(rq->a, en, &q, found_id, &id, &e) : 0;
	}
	if (!rc && !id && key) {
		q.id = 0;
		q.where = &where;
		rc = record_set_field(&where, key, ref, &e) ? 0 : access_list(rq->a, en, &q, found_id, &id, &e);
	}
	record_release(&where);
	if (rc) {
		fprintf(stderr, "gvi serve: api show: %s\n", e.msg);
		web_json_error(rs, 500, "internal", "the record could not be read");
		return;
	}
	if (!id) {
		web_json_error(rs, 404, "not_found", "no such record");
		return;
	}
	struct table *t = recfmt_table(en, TABLE_JSON, 0);
	err_clear(&e);
	rc = access_show(rq->a, en, id, add_row, t, &e);
	if (!rc && table_rows(t) == 1) {
		rs->status = 200;
		rs->type = "application/json";
		rc = table_json(rs, t, 1);
	}
	table_free(t);
	if (rc) {
		fprintf(stderr, "gvi serve: api show: %s\n", e.msg);
		web_json_error(rs, 500, "internal", "the record could not be read");
	}
}
