/* openapi.c — GET /api/v1/openapi.json: the OpenAPI 3.0 description of the JSON API.
 *
 * Generated from model.c's descriptors on each request, never written by hand, so it cannot
 * drift from what the API accepts: one schema per entity (its fields' types, enums, bounds and
 * required fields; a "-patch" twin without required fields for PATCH), the list, get, post and
 * patch paths of every entity, the error object, and the two ways in — a bearer token (gvi
 * token add) or the session cookie.  It describes no data, so it needs no login. */
#include "web.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

static json_t *ref(const char *fmt, const char *name)
{
	char path[256];
	snprintf(path, sizeof path, fmt, name);
	return json_pack("{s:s}", "$ref", path);
}

/* The schema of one value of field f. */
static json_t *field_schema(const struct field *f)
{
	json_t *s = json_object();
	switch (f->type) {
	case F_INT:
		json_object_set_new(s, "type", json_string("integer"));
		json_object_set_new(s, "minimum", json_integer(f->min));
		if (f->max)
			json_object_set_new(s, "maximum", json_integer(f->max));
		break;
	case F_REAL:
		json_object_set_new(s, "type", json_string("number"));
		break;
	case F_BOOL:
		json_object_set_new(s, "type", json_string("boolean"));
		break;
	case F_DATE:
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(s, "format", json_string("date"));
		break;
	case F_PARTDATE:
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(s, "pattern", json_string("^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"));
		break;
	case F_ENUM: {
		json_t *choices = json_array();
		for (const char *const *c = f->choices; *c; c++)
			json_array_append_new(choices, json_string(*c));
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(s, "enum", choices);
		break;
	}
	case F_REF: {
		const struct entity *target = model_entity(f->ref);
		int keyed = target && model_key(target);
		json_object_set_new(s, "type", json_string(keyed ? "string" : "integer"));
		char d[256];
		snprintf(d, sizeof d, keyed ? "a %s, by its %s (or its id when writing)" : "a %s, by its id",
			 f->ref, keyed ? model_key(target)->name : "");
		json_object_set_new(s, "x-gvi-ref", json_string(f->ref));
		json_object_set_new(s, "description", json_string(d));
		break;
	}
	case F_LIST: {
		json_t *item;
		if (f->item->nfields == 1) {
			item = field_schema(&f->item->fields[0]);
		} else {
			json_t *props = json_object(), *req = json_array();
			for (size_t j = 0; j < f->item->nfields; j++) {
				const struct field *sf = &f->item->fields[j];
				json_object_set_new(props, sf->name, field_schema(sf));
				if (sf->flags & FF_REQUIRED)
					json_array_append_new(req, json_string(sf->name));
			}
			item = json_pack("{s:s, s:o, s:o, s:b}", "type", "object", "properties", props,
					 "required", req, "additionalProperties", 0);
		}
		json_object_set_new(s, "type", json_string("array"));
		json_object_set_new(s, "items", item);
		break;
	}
	default:   /* F_TEXT, F_DATETIME, F_PNR */
		json_object_set_new(s, "type", json_string("string"));
		break;
	}
	if (f->help && !json_object_get(s, "description"))
		json_object_set_new(s, "description", json_string(f->help));
	if (f->flags & FF_SECRET)
		json_object_set_new(s, "x-gvi-secret", json_true());
	if (f->flags & FF_DERIVED)
		json_object_set_new(s, "readOnly", json_true());
	if (f->type != F_LIST && !(f->flags & FF_REQUIRED))
		json_object_set_new(s, "nullable", json_true());
	return s;
}

/* The schema of a record of en; with `required` its required fields are listed. */
static json_t *entity_schema(const struct entity *en, int required)
{
	json_t *props = json_object(), *req = json_array();
	json_object_set_new(props, "id", json_pack("{s:s, s:b, s:s}", "type", "integer", "readOnly", 1,
						   "description", "given by gvi"));
	for (size_t i = 0; i < en->nfields; i++) {
		const struct field *f = &en->fields[i];
		json_object_set_new(props, f->name, field_schema(f));
		if (required && (f->flags & FF_REQUIRED))
			json_array_append_new(req, json_string(f->name));
	}
	json_t *s = json_pack("{s:s, s:s, s:o, s:b}", "type", "object", "description",
			      en->help ? en->help : en->name, "properties", props,
			      "additionalProperties", 0);
	if (json_array_size(req))
		json_object_set_new(s, "required", req);
	else
		json_decref(req);
	return s;
}

static json_t *json_body(json_t *schema)
{
	return json_pack("{s:{s:{s:o}}}", "content", "application/json", "schema", schema);
}

/* A response with a JSON body of the given schema. */
static json_t *response(const char *description, json_t *schema)
{
	json_t *r = json_body(schema);
	json_object_set_new(r, "description", json_string(description));
	return r;
}

static void add_errors(json_t *responses, const int *codes)
{
	static const struct { int code; const char *text; } texts[] = {
		{ 400, "malformed JSON, an unknown field or a bad value (the message names it)" },
		{ 401, "no valid bearer token or session" },
		{ 403, "refused by the access policy, or a session write without X-CSRF-Token" },
		{ 404, "no such entity or record" },
		{ 409, "a record with that key already exists" },
		{ 413, "the body is over 1 MiB" },
		{ 415, "the body is not application/json" },
	};
	for (; *codes; codes++)
		for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
			if (texts[i].code == *codes) {
				char k[8];
				snprintf(k, sizeof k, "%d", *codes);
				json_object_set_new(responses, k, response(texts[i].text,
									   ref("#/components/schemas/%s", "error")));
			}
}

static json_t *operation(const char *verb, const struct entity *en, const char *summary)
{
	char id[128];
	snprintf(id, sizeof id, "%s_%s", verb, en->name);
	return json_pack("{s:s, s:s, s:[s], s:o}", "operationId", id, "summary", summary, "tags",
			 en->name, "responses", json_object());
}

/* The purpose of access a bearer request states (docs/access-policy.md): needed for personal
 * records, written into the audit entry. */
static json_t *purpose_header(void)
{
	return json_pack("{s:s, s:s, s:b, s:s, s:{s:s, s:i}}", "name", "X-GVI-Purpose", "in", "header",
			 "required", 0, "description", "the purpose of access, a name from the purpose "
			 "list (UTF-8, or percent-encoded UTF-8); reading or writing personal records "
			 "with a bearer token is refused without it (403); an unknown one is 400 "
			 "bad_purpose; under the session cookie the session's purpose applies",
			 "schema", "type", "string", "maxLength", 127);
}

static json_t *query_param(const char *name, const char *description, json_t *schema)
{
	return json_pack("{s:s, s:s, s:s, s:b, s:o}", "name", name, "in", "query", "description",
			 description, "required", 0, "schema", schema);
}

static void entity_paths(json_t *paths, json_t *schemas, const struct entity *en)
{
	char name[128], path[160], summary[256];
	json_object_set_new(schemas, en->name, entity_schema(en, 1));
	snprintf(name, sizeof name, "%s-patch", en->name);
	json_object_set_new(schemas, name, entity_schema(en, 0));

	/* /api/v1/ENTITY: list and add */
	snprintf(summary, sizeof summary, "list %s records (secret fields null)", en->name);
	json_t *list = operation("list", en, summary);
	json_object_set_new(list, "parameters", json_pack("[o, o, o]",
		query_param("limit", "at most this many (default 100)",
			    json_pack("{s:s, s:i, s:i}", "type", "integer", "minimum", 1, "maximum", 1000)),
		query_param("offset", "skip this many", json_pack("{s:s, s:i}", "type", "integer", "minimum", 0)),
		query_param("search", "text to look for (names, aliases, codes)",
			    json_pack("{s:s, s:i}", "type", "string", "maxLength", 200))));
	json_t *page = json_pack("{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:o}}}",
		"type", "object", "properties", "entity", "type", "string", "limit", "type", "integer",
		"offset", "type", "integer", "count", "type", "integer", "items", "type", "array",
		"items", ref("#/components/schemas/%s", en->name));
	json_t *r = json_object_get(list, "responses");
	json_object_set_new(r, "200", response("a page of records", page));
	add_errors(r, (const int[]){ 400, 401, 403, 404, 0 });

	snprintf(summary, sizeof summary, "add a %s record (audited)", en->name);
	json_t *add = operation("add", en, summary);
	json_t *body = json_body(ref("#/components/schemas/%s", en->name));
	json_object_set_new(body, "required", json_true());
	json_object_set_new(add, "requestBody", body);
	r = json_object_get(add, "responses");
	json_t *created = response("added: the stored record", ref("#/components/schemas/%s", en->name));
	json_object_set_new(created, "headers", json_pack("{s:{s:s, s:{s:s}}}", "Location",
		"description", "the new record's address", "schema", "type", "string"));
	json_object_set_new(r, "201", created);
	add_errors(r, (const int[]){ 400, 401, 403, 404, 409, 413, 415, 0 });
	snprintf(path, sizeof path, "/api/v1/%s", en->name);
	json_object_set_new(paths, path, json_pack("{s:[o], s:o, s:o}", "parameters", purpose_header(),
						   "get", list, "post", add));

	/* /api/v1/ENTITY/{id}: show and edit */
	snprintf(summary, sizeof summary, "one %s record (audited as a read of personal data)", en->name);
	json_t *show = operation("get", en, summary);
	r = json_object_get(show, "responses");
	json_object_set_new(r, "200", response("the record", ref("#/components/schemas/%s", en->name)));
	add_errors(r, (const int[]){ 401, 403, 404, 0 });
	snprintf(summary, sizeof summary, "change the given fields of a %s record (audited)", en->name);
	json_t *edit = operation("edit", en, summary);
	body = json_body(ref("#/components/schemas/%s", name));
	json_object_set_new(body, "required", json_true());
	json_object_set_new(edit, "requestBody", body);
	r = json_object_get(edit, "responses");
	json_object_set_new(r, "200", response("changed: the stored record", ref("#/components/schemas/%s", en->name)));
	add_errors(r, (const int[]){ 400, 401, 403, 404, 409, 413, 415, 0 });
	json_t *id = json_pack("{s:s, s:s, s:b, s:s, s:{s:s}}", "name", "id", "in", "path", "required", 1,
			       "description", "the record's id, or its key (a person's code, a group's name)",
			       "schema", "type", "string");
	snprintf(path, sizeof path, "/api/v1/%s/{id}", en->name);
	json_object_set_new(paths, path, json_pack("{s:[o, o], s:o, s:o}", "parameters", id,
						   purpose_header(), "get", show, "patch", edit));
}

/* The whole document (a new reference). */
static json_t *openapi_document(void)
{
	json_t *paths = json_object(), *schemas = json_object();
	json_object_set_new(schemas, "error", json_pack("{s:s, s:[s, s], s:{s:{s:s}, s:{s:s}}}",
		"type", "object", "required", "error", "message", "properties", "error", "type", "string",
		"message", "type", "string"));
	json_t *doc_op = json_pack("{s:s, s:s, s:[], s:{s:{s:s}}}", "operationId", "openapi", "summary",
				   "this document", "security", "responses", "200", "description",
				   "the OpenAPI document");
	json_object_set_new(paths, "/api/v1/openapi.json", json_pack("{s:o}", "get", doc_op));
	for (size_t i = 0; i < model_nentities; i++)
		entity_paths(paths, schemas, model_entities[i]);
	return json_pack("{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:o, s:{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s}}}, s:[{s:[]}, {s:[]}]}",
		"openapi", "3.0.3",
		"info", "title", "gvi JSON API", "version", "1",
		"description", "The records of a GVI programme, through the same access policy and audit "
			       "as the gvi command line. Every request acts as one user: a bearer token "
			       "(gvi token add) or the web application's session (writes then need the "
			       "X-CSRF-Token header).",
		"paths", paths,
		"components", "schemas", schemas, "securitySchemes",
		"bearerAuth", "type", "http", "scheme", "bearer", "description", "a token from gvi token add",
		"cookieAuth", "type", "apiKey", "in", "cookie", "name", "gvi_session", "description",
		"the web application's session (log in at /login)",
		"security", "bearerAuth", "cookieAuth");
}

void api_openapi(struct web_request *rq, struct web_response *rs)
{
	(void)rq;
	json_t *doc = openapi_document();
	char *text = doc ? json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(doc);
	if (!text) {
		web_json_error(rs, 500, "internal", "the OpenAPI document could not be made");
		return;
	}
	rs->status = 200;
	rs->type = "application/json";
	buf_adds(&rs->body, text);
	buf_addc(&rs->body, '\n');
	free(text);
}
