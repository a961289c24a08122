/* fuzz_json.c — JSON request bodies of the API (POST and PATCH /api/v1/ENTITY, src/web/api.c).
 *
 * The input is "METHOD ENTITY[ USER]\n" followed by the body: POST adds a record, PATCH edits
 * record 1 of the entity; an unknown entity is picked by the first byte; the user defaults to
 * the demo's coordinator.  The real handler runs — Jansson's strict parse, field lookup,
 * lists as arrays of strings or objects, the model's validation, access_add / access_edit with
 * the policy and the audit — against the demo programme, inside a batch that is rolled back
 * afterwards so every input meets the same repository.  The answer must be one the API
 * promises (200, 201, 400, 403, 404 or 409; never a 500) with a JSON body, and an error must
 * be {"error", "message"}; after the rollback the entity has as many records as before. */
#include "fuzz.h"
#include "web/web.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USERS 7
static const char *const users[USERS] = { "admin", "samordnare", "analytiker", "socialsekreterare",
					   "frivard", "forening", "utvarderare" };
static struct access *handles[USERS];

static struct access *handle(const char *user)
{
	int i = 0;
	while (i < USERS && strcmp(users[i], user))
		i++;
	if (i == USERS)
		i = 1;
	if (!handles[i]) {
		struct err e = { 0 };
		if (access_open(&handles[i], fuzz_repo(), users[i], 1, &e)) {
			fprintf(stderr, "fuzz_json: %s\n", e.msg);
			abort();
		}
	}
	return handles[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t hlen = nl ? (size_t)(nl - data) : 0;
	char head[96] = "", method[16] = "", entity[64] = "", user[32] = "";
	if (hlen < sizeof head)
		memcpy(head, data, hlen), head[hlen] = '\0';
	sscanf(head, "%15s %63s %31s", method, entity, user);
	const struct entity *en = model_entity(entity);
	if (!en)
		en = model_entities[(size ? data[0] : 0) % model_nentities];
	int patch = !strcmp(method, "PATCH");
	const char *body = nl ? (const char *)nl + 1 : (const char *)data;
	size_t blen = size - (size_t)((const uint8_t *)body - data);

	struct access *a = handle(user);
	struct err e = { 0 };
	long before = access_count(a, en, &e);
	fuzz_check(access_begin(a, 0, &e) == 0);
	struct web_request rq = { .method = patch ? "PATCH" : "POST", .path = "/api/v1/",
				  .params = { en->name, patch ? "1" : NULL }, .client = "127.0.0.1",
				  .body = body, .body_len = blen, .who = access_actor(a), .a = a };
	struct web_response rs = { .body = BUF_INIT };
	if (patch)
		api_edit(&rq, &rs);
	else
		api_add(&rq, &rs);
	access_rollback(a);
	fuzz_check(access_count(a, en, &e) == before);

	int st = rs.status;
	fuzz_check(st == 200 || st == 201 || st == 400 || st == 403 || st == 404 || st == 409);
	fuzz_check(!rs.body.failed && rs.body.len > 0);
	json_error_t je;
	json_t *j = json_loadb(rs.body.s, rs.body.len, 0, &je);
	fuzz_check(j != NULL);
	if (st >= 400)
		fuzz_check(json_is_string(json_object_get(j, "error")) &&
			   json_is_string(json_object_get(j, "message")));
	else
		fuzz_check(json_is_object(j) && json_integer_value(json_object_get(j, "id")) > 0);
	json_decref(j);
	buf_release(&rs.body);
	for (size_t i = 0; i < rs.ncookies; i++)
		free(rs.cookies[i]);
	return 0;
}
