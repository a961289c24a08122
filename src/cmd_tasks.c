/* cmd_tasks.c — `gvi tasks`: the follow-ups of the cycle as tasks with an owner and a due date.
 *
 * Workflow steps make tasks (a held notification, an attended call-in, a referral's next
 * step, an assigned case); people add their own with `gvi task add`.  Here they are listed
 * (open ones; --mine, --due), marked done, and given out as an iCalendar feed: `gvi tasks ics`
 * prints the acting user's, `gvi tasks key` makes the key of the URL a calendar program
 * subscribes to (/calendar/KEY.ics on gvi serve); `gvi tasks remind` mails each user their due
 * tasks through the system's sendmail, when a programme has turned that on. */
#include "buf.h"
#include "cli.h"
#include "date.h"
#include "recfmt.h"
#include "workflow/workflow.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
	"gvi tasks [list] [--mine] [--due] [--all] | done ID [--date D] | ics [USER] | key [USER] |\n"
	"       remind [--dry-run]";

struct list_ctx {
	struct table *t;
	enum table_format fmt;
	const char *me;
	int mine, due, all;
	char today[DATE_LEN];
};

static int list_row(void *p, const struct record *r)
{
	struct list_ctx *l = p;
	const char *s = record_get(r, "status"), *who = record_get(r, "assignee"), *due = record_get(r, "due");
	if (!l->all && (!s || strcmp(s, "open")))
		return 0;
	if (l->mine && (!who || strcmp(who, l->me)))
		return 0;
	if (l->due && (!due || strcmp(due, l->today) > 0))
		return 0;
	recfmt_add(l->t, r, l->fmt, l->fmt == TABLE_TEXT);
	return 0;
}

static int do_list(struct cli *c, struct access *a, int argc, char **argv, int from)
{
	struct list_ctx l = { .fmt = c->fmt, .me = access_actor(a)->name };
	for (int i = from; i < argc; i++) {
		if (!strcmp(argv[i], "--mine"))
			l.mine = 1;
		else if (!strcmp(argv[i], "--due"))
			l.due = 1;
		else if (!strcmp(argv[i], "--all"))
			l.all = 1;
		else
			return cli_usage("%s", usage);
	}
	date_today(l.today);
	const struct entity *en = model_entity("task");
	l.t = recfmt_table(en, c->fmt, c->fmt == TABLE_TEXT);
	struct err e = { 0 };
	struct store_query q = { .order_field = "due" };
	int rc = access_list(a, en, &q, list_row, &l, &e);
	if (!rc)
		table_print(l.t, stdout, c->fmt);
	table_free(l.t);
	return rc ? cli_fail(&e) : 0;
}

int cmd_tasks(struct cli *c, int argc, char **argv)
{
	const char *sub = argc > 1 && strncmp(argv[1], "--", 2) ? argv[1] : "list";
	int from = argc > 1 && strncmp(argv[1], "--", 2) ? 2 : 1;
	struct access *a;
	struct err e = { 0 };
	if (strcmp(sub, "list") && strcmp(sub, "done") && strcmp(sub, "ics") && strcmp(sub, "key") &&
	    strcmp(sub, "remind"))
		return cli_usage("gvi tasks: unknown subcommand \"%s\"\nusage: %s", sub, usage);
	if (cli_open(c, &a, strcmp(sub, "list") && strcmp(sub, "ics")))
		return 1;
	int rc = 0;
	const char *me = access_actor(a)->name;
	if (!strcmp(sub, "list")) {
		rc = do_list(c, a, argc, argv, from);
	} else if (!strcmp(sub, "done")) {
		const char *date = NULL;
		for (int i = 3; i < argc && !rc; i++) {
			const char *v = cli_opt(argc, argv, &i, "date");
			if (v)
				date = v;
			else
				rc = cli_usage("gvi tasks done ID [--date D]");
		}
		int64_t id;
		if (rc)
			;
		else if (argc < 3)
			rc = cli_usage("gvi tasks done ID [--date D]");
		else if (access_find(a, model_entity("task"), argv[2], &id, &e) || workflow_task_done(a, id, date, &e))
			rc = cli_fail(&e);
		else
			printf("task %lld done\n", (long long)id);
	} else if (!strcmp(sub, "ics")) {
		if (argc > 3 || (argc == 3 && strcmp(argv[2], me))) {
			err_set(&e, "refused: the calendar of %s is read as %s (--user %s); you are %s",
				argc == 3 ? argv[2] : "?", argc == 3 ? argv[2] : "?", argc == 3 ? argv[2] : "?", me);
			rc = argc > 3 ? cli_usage("gvi tasks ics [USER]") : cli_fail(&e);
		} else {
			struct buf b = BUF_INIT;
			if (workflow_ics(a, &b, &e))
				rc = cli_fail(&e);
			else
				fwrite(b.s, 1, b.len, stdout);
			buf_release(&b);
		}
	} else if (!strcmp(sub, "remind")) {
		int dry = argc == 3 && !strcmp(argv[2], "--dry-run"), sent = 0;
		if (argc > 3 || (argc == 3 && !dry))
			rc = cli_usage("gvi tasks remind [--dry-run]");
		else if (workflow_remind(a, dry, stdout, &sent, &e))
			rc = cli_fail(&e);
		else if (!dry)
			printf("%d reminder%s sent\n", sent, sent == 1 ? "" : "s");
	} else {
		char key[256];
		if (argc > 3)
			rc = cli_usage("gvi tasks key [USER]");
		else if (workflow_calendar_key_new(a, argc == 3 ? argv[2] : me, key, sizeof key, &e))
			rc = cli_fail(&e);
		else
			printf("calendar key (shown once; an earlier one no longer works): %s\n"
			       "subscribe to: http://HOST:PORT/calendar/%s.ics\n", key, key);
	}
	access_close(a);
	return rc;
}
