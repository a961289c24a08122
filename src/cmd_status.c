/* cmd_status.c — `gvi status`: one screen about the programme.
 *
 * Counts of everything (aggregates, which every role may see), then — for roles that may read
 * them — the latest incidents, follow-ups of custom notifications due within two weeks or
 * overdue, and memberships past their review date.  --json gives the same as one object. */
#include "cli.h"
#include "date.h"
#include "policy.h"
#include "recfmt.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

struct section {
	const char *title;
	const char *entity;
	const char *columns[8];
	struct store_query q;
	struct table *t;
	json_t *rows;
	long n;
};

static int collect(void *p, const struct record *r)
{
	struct section *s = p;
	const char *cells[9];
	char id[32];
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	cells[0] = id;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(r->id));
	size_t k = 1;
	for (; s->columns[k - 1]; k++) {
		cells[k] = record_get(r, s->columns[k - 1]);
		json_object_set_new(o, s->columns[k - 1], cells[k] ? json_string(cells[k]) : json_null());
	}
	table_add_row(s->t, cells);
	json_array_append_new(s->rows, o);
	s->n++;
	return 0;
}

int cmd_status(struct cli *c, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage("gvi status");
	struct access *a;
	if (cli_open(c, &a, 0))
		return 1;
	struct err e = { 0 };
	const struct actor *who = access_actor(a);
	char today[DATE_LEN], soon[DATE_LEN];
	date_today(today);
	date_add_days(today, 15, soon);

	json_t *out = json_object();
	json_t *counts = json_object();
	for (size_t i = 0; i < model_nentities; i++) {
		long n = access_count(a, model_entities[i], &e);
		if (n < 0)
			goto fail;
		json_object_set_new(counts, model_entities[i]->name, json_integer(n));
	}

	struct record open_membership;
	record_init(&open_membership, model_entity("membership"));
	open_membership.given[model_field_index(open_membership.e, model_field(open_membership.e, "until"))] = 1;
	struct section sections[] = {
		{ "Latest incidents", "incident", { "occurred", "type", "area", "place", "gmi", NULL },
		  { .order_field = "occurred", .descending = 1, .limit = 5 } },
		{ "Follow-ups due within two weeks or overdue", "notification",
		  { "follow_up", "person", "status", "follow_up_owner", NULL },
		  { .before_field = "follow_up", .before = soon, .order_field = "follow_up", .limit = 10 } },
		{ "Memberships overdue for review", "membership", { "review", "person", "group", "level", NULL },
		  { .before_field = "review", .before = today, .where = &open_membership,
		    .order_field = "review", .limit = 10 } },
	};
	size_t nsec = sizeof sections / sizeof sections[0];
	for (size_t i = 0; i < nsec; i++) {
		struct section *s = &sections[i];
		const char *headers[9] = { "id" };
		size_t k = 1;
		for (; s->columns[k - 1]; k++)
			headers[k] = s->columns[k - 1];
		s->t = table_new(k, headers);
		for (size_t j = 1; j < k; j++)
			if (!strcmp(headers[j], "gmi"))
				table_set_kind(s->t, j, COL_BOOL);
		s->rows = json_array();
		if (!policy_allows(who->role, model_entity(s->entity), POLICY_READ))
			continue;
		if (access_list(a, model_entity(s->entity), &s->q, collect, s, &e))
			goto fail_sections;
	}

	char programme[256];
	access_programme(a, programme, sizeof programme);
	if (c->fmt == TABLE_JSON) {
		json_object_set_new(out, "programme", json_string(programme));
		json_object_set_new(out, "repository", json_string(access_path(a)));
		json_object_set_new(out, "today", json_string(today));
		json_object_set_new(out, "user", json_string(who->name));
		json_object_set_new(out, "role", json_string(who->role));
		json_object_set_new(out, "counts", counts);
		counts = NULL;
		json_object_set_new(out, "latest_incidents", sections[0].rows);
		json_object_set_new(out, "follow_ups", sections[1].rows);
		json_object_set_new(out, "reviews_overdue", sections[2].rows);
		for (size_t i = 0; i < nsec; i++)
			sections[i].rows = NULL;
		json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	} else {
		printf("Programme: %s\nRepository: %s\nToday: %s   User: %s (%s, %s)\n\n", programme,
		       access_path(a), today, who->name, who->role, who->agency);
		const char *order[] = { "group", "person", "membership", "relation", "incident",
			"involvement", "notification", "callin", "invitation", "enforcement", "referral", NULL };
		printf("Counts:\n");
		for (int i = 0; order[i]; i++)
			printf("  %-14s %6lld\n", order[i],
			       (long long)json_integer_value(json_object_get(counts, order[i])));
		for (size_t i = 0; i < nsec; i++) {
			printf("\n%s:\n", sections[i].title);
			if (!policy_allows(who->role, model_entity(sections[i].entity), POLICY_READ))
				printf("  (not shown to role %s)\n", who->role);
			else
				table_print(sections[i].t, stdout, TABLE_TEXT);
		}
	}
	int rc = 0;
	goto done;
fail_sections:
	rc = 1;
done:
	for (size_t i = 0; i < nsec; i++) {
		table_free(sections[i].t);
		json_decref(sections[i].rows);
	}
	record_release(&open_membership);
	json_decref(counts);
	json_decref(out);
	access_close(a);
	return rc ? cli_fail(&e) : 0;
fail:
	json_decref(counts);
	json_decref(out);
	access_close(a);
	return cli_fail(&e);
}
