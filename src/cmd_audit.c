/* cmd_audit.c — `gvi audit [list|query|verify|register]`: reading the audit log (admin only),
 * walking its hash chain, and a person's access register.
 *
 * There is deliberately no command that edits or deletes audit entries. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_USAGE "gvi audit [list|query] [--by USER] [--person REF] [--entity E] [--action A] " \
	"[--record ID] [--for PURPOSE] [--from DATE] [--to DATE] [--limit N]"

static int add_entry(void *p, const struct audit_entry *a)
{
	char id[32], rec[32];
	snprintf(id, sizeof id, "%lld", (long long)a->id);
	snprintf(rec, sizeof rec, "%lld", (long long)a->record_id);
	const char *cells[] = { id, a->at, a->user, a->role, a->action, a->entity,
		a->record_id ? rec : NULL, a->detail, a->purpose };
	table_add_row(p, cells);
	return 0;
}

static struct table *entry_table(enum table_format fmt)
{
	/* purpose last, so the columns before it keep their places for existing readers */
	const char *headers[] = { "id", "at", "user", "role", "action", "entity", "record", "detail",
		"purpose" };
	struct table *t = table_new(9, headers);
	table_set_kind(t, 0, COL_INT);
	table_set_kind(t, 6, COL_INT);
	if (fmt == TABLE_JSON)
		table_set_kind(t, 7, COL_JSON);
	return t;
}

/* `gvi audit verify [--expect HASH]`: 0 intact, 1 broken (or not the expected head). */
static int audit_verify_cmd(struct cli *c, int argc, char **argv)
{
	const char *expect = NULL;
	for (int i = 2; i < argc; i++) {
		const char *v;
		if ((v = cli_opt(argc, argv, &i, "expect")))
			expect = v;
		else
			return cli_usage("gvi audit verify [--expect HASH]");
	}
	struct access *a;
	if (cli_open(c, &a, 0))
		return 1;
	struct audit_check ck;
	struct err e = { 0 };
	int rc = access_audit_verify(a, expect, &ck, &e);
	access_close(a);
	if (rc)
		return cli_fail(&e);
	if (ck.bad_id) {
		fprintf(stderr, "gvi: the audit log is not intact: %s (%lld entries before it verify)\n",
			ck.problem, (long long)ck.entries);
		return 1;
	}
	if (c->fmt == TABLE_JSON)
		printf("{\"entries\":%lld,\"redacted\":%lld,\"head_id\":%lld,\"head\":\"%s\"}\n",
		       (long long)ck.entries, (long long)ck.redacted, (long long)ck.head_id, ck.head);
	else
		printf("the audit log is intact: %lld entries (%lld redacted by retention); head %lld %s\n",
		       (long long)ck.entries, (long long)ck.redacted, (long long)ck.head_id, ck.head);
	if (expect && !ck.expect_id) {
		/* A head written down earlier must still be in the chain, as its head or before. */
		fprintf(stderr, "gvi: the hash %s is not in the audit log's chain: the log was cut off "
			"after it, or rebuilt\n", expect);
		return 1;
	}
	if (expect)
		printf("the expected hash is entry %lld's; the head is entry %lld\n",
		       (long long)ck.expect_id, (long long)ck.head_id);
	return 0;
}

static int audit_register_cmd(struct cli *c, int argc, char **argv)
{
	if (argc != 3 || !strncmp(argv[2], "--", 2))
		return cli_usage("gvi audit register PERSON");
	struct access *a;
	if (cli_open(c, &a, 0))
		return 1;
	struct err e = { 0 };
	int64_t pid;
	struct table *t = entry_table(c->fmt);
	int rc = access_audit_person(a, argv[2], &pid, &e) ||
		 access_audit_register(a, pid, add_entry, t, &e);
	if (!rc)
		table_print(t, stdout, c->fmt);
	table_free(t);
	access_close(a);
	return rc ? cli_fail(&e) : 0;
}

int cmd_audit(struct cli *c, int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "verify"))
		return audit_verify_cmd(c, argc, argv);
	if (argc > 1 && !strcmp(argv[1], "register"))
		return audit_register_cmd(c, argc, argv);
	struct audit_query q = { 0 };
	const char *person = NULL;
	int i = 1;
	if (i < argc && (!strcmp(argv[i], "list") || !strcmp(argv[i], "query")))
		i++;
	for (; i < argc; i++) {
		const char *v;
		if ((v = cli_opt(argc, argv, &i, "by")))
			q.user = v;
		else if ((v = cli_opt(argc, argv, &i, "person")))
			person = v;
		else if ((v = cli_opt(argc, argv, &i, "entity")))
			q.entity = v;
		else if ((v = cli_opt(argc, argv, &i, "action")))
			q.action = v;
		else if ((v = cli_opt(argc, argv, &i, "record")))
			q.record_id = atoll(v);
		else if ((v = cli_opt(argc, argv, &i, "since")) || (v = cli_opt(argc, argv, &i, "from")))
			q.since = v;
		else if ((v = cli_opt(argc, argv, &i, "until")) || (v = cli_opt(argc, argv, &i, "to")))
			q.until = v;
		else if ((v = cli_opt(argc, argv, &i, "for")))
			q.purpose = v;
		else if ((v = cli_opt(argc, argv, &i, "limit")))
			q.limit = atol(v);
		else
			return cli_usage(LIST_USAGE);
	}
	struct access *a;
	if (cli_open(c, &a, 0))
		return 1;
	struct table *t = entry_table(c->fmt);
	struct err e = { 0 };
	int rc = person && access_audit_person(a, person, &q.person_id, &e);
	if (!rc)
		rc = access_audit_each(a, &q, add_entry, t, &e);
	if (!rc)
		table_print(t, stdout, c->fmt);
	table_free(t);
	access_close(a);
	return rc ? cli_fail(&e) : 0;
}
