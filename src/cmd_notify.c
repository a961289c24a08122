/* cmd_notify.c — `gvi notify`: the custom-notification workflow after planning (a planned
 * notification is added with `gvi notification add`): the team's preparation sheet filtered by
 * the reader's role, the delivery with the core-message checklist and who attended (which
 * makes the follow-up task), and the printable letter in Swedish to hand over. */
#include "buf.h"
#include "cli.h"
#include "workflow/letter.h"
#include "workflow/workflow.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
	"gvi notify sheet ID | deliver ID [--held D] --messages all|die,kill,consequences,help\n"
	"       [--deliverers USER;USER] [--response TEXT] [--support TEXT] | letter ID";

int cmd_notify(struct cli *c, int argc, char **argv)
{
	if (argc < 3)
		return cli_usage("%s", usage);
	const char *sub = argv[1];
	if (strcmp(sub, "sheet") && strcmp(sub, "deliver") && strcmp(sub, "letter"))
		return cli_usage("gvi notify: unknown subcommand \"%s\"\nusage: %s", sub, usage);
	const char *held = NULL, *messages = NULL, *deliverers = NULL, *response = NULL, *support = NULL;
	for (int i = 3; i < argc; i++) {
		const char *v;
		if (strcmp(sub, "deliver"))
			return cli_usage("%s", usage);
		if ((v = cli_opt(argc, argv, &i, "held")))
			held = v;
		else if ((v = cli_opt(argc, argv, &i, "messages")))
			messages = v;
		else if ((v = cli_opt(argc, argv, &i, "deliverers")))
			deliverers = v;
		else if ((v = cli_opt(argc, argv, &i, "response")))
			response = v;
		else if ((v = cli_opt(argc, argv, &i, "support")))
			support = v;
		else
			return cli_usage("%s", usage);
	}
	if (!strcmp(sub, "deliver") && !messages)
		return cli_usage("gvi notify deliver: say which core messages were delivered (--messages all, "
				 "or some of die,kill,consequences,help)");
	struct access *a;
	if (cli_open(c, &a, !strcmp(sub, "deliver")))
		return 1;
	struct err e = { 0 };
	int64_t id;
	int rc = 0;
	struct buf b = BUF_INIT;
	if (access_find(a, model_entity("notification"), argv[2], &id, &e))
		rc = cli_fail(&e);
	else if (!strcmp(sub, "deliver")) {
		if (workflow_notification_deliver(a, id, held, messages, deliverers, response, support, &e))
			rc = cli_fail(&e);
		else
			printf("notification %lld held; a follow-up task was made\n", (long long)id);
	} else if ((!strcmp(sub, "sheet") ? letter_sheet(a, id, &b, 1, &e) : letter_notification(a, id, 0, &b, &e))) {
		rc = cli_fail(&e);
	} else {
		fwrite(b.s, 1, b.len, stdout);
	}
	buf_release(&b);
	access_close(a);
	return rc;
}
