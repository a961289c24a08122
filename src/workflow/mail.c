/* mail.c — the optional e-mail reminders of due tasks (see workflow.h).
 *
 * Off by default: a programme turns them on with `gvi case config mail 1`.  Messages go to
 * the system's sendmail, so gvi itself never speaks SMTP or holds mail credentials.  E-mail
 * leaves the system's protection, so a message names no person and no group — not even a task's
 * title, which may: only each due task's number, kind and date; the reader opens gvi for more. */
#include "workflow/wf.h"
#include "workflow/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A header value may not carry a line break (header injection). */
static int header_safe(const char *s)
{
	return !strpbrk(s, "\r\n");
}

int workflow_remind(struct access *a, int dry_run, FILE *out, int *sent, struct err *e)
{
	*sent = 0;
	if (workflow_setting(a, WF_MAIL) != 1)
		return err_set(e, "e-mail reminders are off; turn them on with gvi case config mail 1");
	const char *sendmail = getenv("GVI_SENDMAIL");
	if (!sendmail || !*sendmail)
		sendmail = "/usr/sbin/sendmail -t -i";
	char today[DATE_LEN], programme[256];
	date_today(today);
	access_programme(a, programme, sizeof programme);
	struct wf_rows users, tasks;
	if (wf_list(a, "user", NULL, &users, e))
		return -1;
	struct store_query q = { .order_field = "due" };
	if (wf_list(a, "task", &q, &tasks, e)) {
		wf_rows_release(&users);
		return -1;
	}
	int rc = 0;
	for (size_t u = 0; u < users.n && !rc; u++) {
		const char *name = wf_get(&users.v[u], "name"), *to = wf_get(&users.v[u], "email");
		if (!*to || !strcmp(wf_get(&users.v[u], "disabled"), "1"))
			continue;
		if (!header_safe(to) || !strchr(to, '@')) {
			rc = err_set(e, "user %s: the e-mail address \"%s\" is not usable", name, to);
			break;
		}
		int n = 0;
		for (size_t t = 0; t < tasks.n; t++) {
			const struct record *x = &tasks.v[t];
			n += !strcmp(wf_get(x, "assignee"), name) && !strcmp(wf_get(x, "status"), "open") &&
			     strcmp(wf_get(x, "due"), today) <= 0;
		}
		if (!n)
			continue;
		FILE *p = dry_run ? out : popen(sendmail, "w");
		if (!p) {
			rc = err_set(e, "could not run %s", sendmail);
			break;
		}
		fprintf(p, "To: %s\nSubject: %s: %d uppgift%s att göra\nContent-Type: text/plain; charset=utf-8\n"
			"MIME-Version: 1.0\n\nHej %s,\n\nDu har %d %s i gvi som ska vara %s senast i dag (%s):\n\n",
			to, header_safe(programme) ? programme : "gvi", n, n == 1 ? "" : "er", name, n,
			n == 1 ? "öppen uppgift" : "öppna uppgifter", n == 1 ? "klar" : "klara", today);
		for (size_t t = 0; t < tasks.n; t++) {
			const struct record *x = &tasks.v[t];
			if (!strcmp(wf_get(x, "assignee"), name) && !strcmp(wf_get(x, "status"), "open") &&
			    strcmp(wf_get(x, "due"), today) <= 0)
				fprintf(p, "  - %s: uppgift %lld (%s)\n", wf_get(x, "due"), (long long)x->id, wf_get(x, "kind"));
		}
		fprintf(p, "\nSe Mina uppgifter i gvi.\n");
		if (dry_run)
			fputs("\n", p);
		else if (pclose(p) != 0)
			rc = err_set(e, "%s failed for the message to user %s", sendmail, name);
		if (!rc)
			(*sent)++;
	}
	wf_rows_release(&users);
	wf_rows_release(&tasks);
	if (!rc && !dry_run) {
		char detail[64];
		snprintf(detail, sizeof detail, "{\"messages\":%d}", *sent);
		rc = access_audit_bulk(a, "remind", model_entity("task"), detail, e);
	}
	return rc;
}
