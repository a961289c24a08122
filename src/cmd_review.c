/* cmd_review.c — `gvi review due [--mine]`: the persons, memberships and ties whose review
 * date (omprövningsdatum) has come, for their owners to re-justify or let go.
 *
 * Everything is read through the access layer, so a role sees only what it may read; --mine
 * keeps the records its own agency owns.  What is not re-reviewed within the grace period is
 * removed by `gvi retention run` (docs/privacy.md). */
#include "cli.h"
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USAGE "gvi review due [--mine]"

struct due_ctx {
	struct table *t;
	char today[DATE_LEN];
};

static int add_due(void *p, const struct record *r)
{
	struct due_ctx *d = p;
	char id[24], what[256], overdue[24];
	const char *name = r->e->name, *minor = NULL;
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	if (!strcmp(name, "person")) {
		snprintf(what, sizeof what, "%s", record_get(r, "code"));
		const char *band = record_get(r, "age_band");
		minor = band ? (!strcmp(band, "under 18") ? "1" : "0") : NULL;
	} else if (!strcmp(name, "membership")) {
		snprintf(what, sizeof what, "%s in %s", record_get(r, "person"), record_get(r, "group"));
		minor = record_get(r, "minor");
	} else {
		snprintf(what, sizeof what, "%s – %s", record_get(r, "person_a"), record_get(r, "person_b"));
	}
	const char *review = record_get(r, "review");
	snprintf(overdue, sizeof overdue, "%ld", review ? date_diff_days(review, d->today) : 0L);
	const char *cells[] = { name, id, what, review, overdue, minor, record_get(r, "owner") };
	table_add_row(d->t, cells);
	return 0;
}

int cmd_review(struct cli *c, int argc, char **argv)
{
	int mine = 0;
	if (argc < 2 || strcmp(argv[1], "due"))
		return cli_usage("%s", USAGE);
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--mine"))
			mine = 1;
		else
			return cli_usage("%s  (unexpected \"%s\")", USAGE, argv[i]);
	}
	struct access *a;
	if (cli_open(c, &a, 0))
		return 1;
	static const char *const headers[] = { "entity", "id", "what", "review", "days_overdue",
		"minor", "owner" };
	struct due_ctx d = { table_new(7, headers), "" };
	table_set_kind(d.t, 1, COL_INT);
	table_set_kind(d.t, 4, COL_INT);
	table_set_kind(d.t, 5, COL_BOOL);
	date_today(d.today);
	char tomorrow[DATE_LEN];
	date_add_days(d.today, 1, tomorrow);
	static const char *const reviewed[] = { "person", "membership", "tie" };
	struct err e = { 0 };
	int rc = 0;
	for (size_t k = 0; k < 3 && !rc; k++) {
		const struct entity *en = model_entity(reviewed[k]);
		if (!access_may_read(a, en))
			continue;   /* a role that may not read it has nothing of it to review */
		struct record where;
		record_init(&where, en);
		struct store_query q = { .before_field = "review", .before = tomorrow,
					 .order_field = "review" };
		if (mine) {
			rc = record_set(&where, "owner", access_actor(a)->agency, &e);
			q.where = &where;
		}
		if (!rc)
			rc = access_list(a, en, &q, add_due, &d, &e);
		record_release(&where);
	}
	if (!rc)
		rc = table_print(d.t, stdout, c->fmt);
	table_free(d.t);
	access_close(a);
	return rc ? cli_fail(&e) : 0;
}
