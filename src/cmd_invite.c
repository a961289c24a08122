/* cmd_invite.c — `gvi invite`: the call-in workflow.  Invitees come from the priority lists:
 * `gvi analyze persons --supervised --csv` (the list of persons under Kriminalvården's
 * supervision) or any CSV with a "code" column, or codes named on the command line; all are
 * invited in one transaction, and a person already invited refuses the whole batch.  Then the
 * invitation letters, the agenda (speakers by the part they speak for, the four messages),
 * attendance registration (which makes the follow-up task: support offered within
 * support_days). */
#include "buf.h"
#include "cli.h"
#include "csvread.h"
#include "workflow/letter.h"
#include "workflow/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"gvi invite add CALLIN [CODE...] [--from FILE|-] [--top N] [--channel C] | letter INVITATION |\n"
	"       attend INVITATION | agenda CALLIN";

static int invite_one(struct access *a, const char *callin, const char *code, const char *channel,
		      struct err *e)
{
	struct record r;
	record_init(&r, model_entity("invitation"));
	int rc = record_set(&r, "callin", callin, e) || record_set(&r, "person", code, e) ||
		 (channel && record_set(&r, "channel", channel, e)) ? -1 : 0;
	if (!rc) {
		rc = access_add(a, &r, e);
		if (rc == STORE_DUPLICATE) {
			err_clear(e);
			rc = err_set(e, "%s is already invited to call-in %s: nobody was invited (the list was "
				     "not sent twice)", code, callin);
		}
	}
	record_release(&r);
	return rc ? -1 : 0;
}

static int do_add(struct access *a, int argc, char **argv)
{
	const char *from = NULL, *channel = NULL;
	long top = 0;
	struct err e = { 0 };
	const char *callin = argv[2];
	int n = 0, rc = access_begin(a, 0, &e);
	for (int i = 3; i < argc && !rc; i++) {
		const char *v;
		if ((v = cli_opt(argc, argv, &i, "from")))
			from = v;
		else if ((v = cli_opt(argc, argv, &i, "channel")))
			channel = v;
		else if ((v = cli_opt(argc, argv, &i, "top")))
			top = atol(v);
		else if (!strncmp(argv[i], "--", 2)) {
			access_rollback(a);
			return cli_usage("%s", usage);
		} else if (!(rc = invite_one(a, callin, argv[i], channel, &e)))
			n++;
	}
	if (!rc && from) {
		struct csv_reader *r = NULL;
		struct csv_row row;
		long col = -1;
		rc = csvr_open(&r, from, &e);
		while (!rc && (top == 0 || n < top)) {
			int got = csvr_next(r, &row, &e);
			if (got <= 0) {
				rc = got;
				break;
			}
			if (col < 0) {
				for (size_t k = 0; k < row.n; k++)
					if (!strcmp(row.field[k], "code"))
						col = (long)k;
				if (col < 0)
					rc = err_set(&e, "%s:%ld: no \"code\" column (use gvi analyze persons --csv)",
						     csvr_path(r), row.line);
				continue;
			}
			if ((size_t)col >= row.n || !*row.field[col])
				continue;
			if ((rc = invite_one(a, callin, row.field[col], channel, &e)))
				err_prefix(&e, "%s:%ld: ", csvr_path(r), row.line);
			else
				n++;
		}
		csvr_close(r);
	}
	if (rc) {
		access_rollback(a);
		return cli_fail(&e);
	}
	if (access_commit(a, &e))
		return cli_fail(&e);
	printf("%d invited to call-in %s\n", n, callin);
	return 0;
}

static int do_agenda(struct access *a, const char *ref)
{
	struct err e = { 0 };
	int64_t id;
	if (access_find(a, model_entity("callin"), ref, &id, &e))
		return cli_fail(&e);
	struct record c;
	if (workflow_record(a, "callin", id, &c, &e) != 1) {
		record_release(&c);
		return cli_fail(&e);
	}
	printf("Call-in %lld, %s%s%s\n\nDagordning\n", (long long)id, record_get(&c, "held"),
	       record_get(&c, "venue") ? ", " : "", record_get(&c, "venue") ? record_get(&c, "venue") : "");
	static const char *const parts[][2] = { { "law", "1. Rättsväsendet (polisen, Kriminalvården, åklagare)" },
		{ "community", "2. Lokalsamhällets moraliska röst" }, { "services", "3. Stöd och hjälp (socialtjänsten, sjukvården, avhopparverksamhet)" } };
	const struct field *f = model_field(c.e, "speakers");
	const struct record_list *l = &c.lists[model_field_index(c.e, f)];
	for (int p = 0; p < 3; p++) {
		printf("%s\n", parts[p][1]);
		int any = 0;
		for (size_t k = 0; k < l->n; k++) {
			const char *role = l->item[k][1] ? l->item[k][1] : "";
			if (!strncmp(role, parts[p][0], strlen(parts[p][0]))) {
				printf("   - %s (%s)\n", l->item[k][0], role);
				any = 1;
			}
		}
		if (!any)
			printf("   (ingen talare angiven: lägg till med gvi callin edit %lld --speaker \"Namn|%s\")\n",
			       (long long)id, parts[p][0]);
	}
	printf("\nBudskapet:\n");
	for (int k = 0; k < 4; k++)
		printf("   - %s\n", workflow_messages_sv[k]);
	record_release(&c);
	return 0;
}

int cmd_invite(struct cli *c, int argc, char **argv)
{
	if (argc < 3)
		return cli_usage("%s", usage);
	const char *sub = argv[1];
	if (strcmp(sub, "add") && strcmp(sub, "letter") && strcmp(sub, "attend") && strcmp(sub, "agenda"))
		return cli_usage("gvi invite: unknown subcommand \"%s\"\nusage: %s", sub, usage);
	if (strcmp(sub, "add") && argc != 3)
		return cli_usage("%s", usage);
	struct access *a;
	if (cli_open(c, &a, !strcmp(sub, "add") || !strcmp(sub, "attend")))
		return 1;
	struct err e = { 0 };
	int rc = 0;
	int64_t id;
	struct buf b = BUF_INIT;
	if (!strcmp(sub, "add"))
		rc = do_add(a, argc, argv);
	else if (!strcmp(sub, "agenda"))
		rc = do_agenda(a, argv[2]);
	else if (access_find(a, model_entity("invitation"), argv[2], &id, &e))
		rc = cli_fail(&e);
	else if (!strcmp(sub, "attend")) {
		if (workflow_invitation_attend(a, id, &e))
			rc = cli_fail(&e);
		else
			printf("invitation %lld: attended; a follow-up task (support) was made\n", (long long)id);
	} else if (letter_invitation(a, id, 0, &b, &e))
		rc = cli_fail(&e);
	else
		fwrite(b.s, 1, b.len, stdout);
	buf_release(&b);
	access_close(a);
	return rc;
}
