/* task.c — tasks and the calendar feed (see workflow.h).
 *
 * The feed is iCalendar (RFC 5545): one VEVENT per open task of the user (an all-day event on
 * its due date), per open response case the user drives (at its due time, UTC) and per coming
 * call-in the role may read.  Lines end in CRLF and are folded at 75 octets without splitting
 * a UTF-8 character; text is escaped (backslash, semicolon, comma, newline).  The feed is read
 * by a calendar program with a key in its URL, so it names no person: task titles and group
 * names only.  The key is "NAME.SECRET"; only the BLAKE2b hash of SECRET is kept. */
#include "buf.h"
#include "workflow/wf.h"
#include "workflow/workflow.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int workflow_task_done(struct access *a, int64_t id, const char *date, struct err *e)
{
	char today[DATE_LEN], norm[DATE_LEN];
	date_today(today);
	if (date && date_parse(date, norm, e))
		return err_prefix(e, "--date: ");
	struct record t;
	if (access_begin(a, 0, e))
		return -1;
	int found = wf_load(a, "task", id, &t, e), rc = found == 1 ? 0 : -1;
	if (found == 0)
		err_set(e, "no task with id %lld that you may see (see gvi tasks)", (long long)id);
	if (!rc && strcmp(wf_get(&t, "status"), "open"))
		rc = err_set(e, "task %lld is already %s%s%s: nothing was changed", (long long)id,
			     wf_get(&t, "status"), *wf_get(&t, "done") ? " on " : "", wf_get(&t, "done"));
	struct wf_set sets[] = { { "status", "done" }, { "done", date ? norm : today } };
	if (!rc)
		rc = wf_edit(a, "task", id, sets, 2, NULL, e);
	record_release(&t);
	if (rc) {
		access_rollback(a);
		return -1;
	}
	return access_commit(a, e);
}

/* ---- iCalendar ---- */

/* Appends one content line, folded at 75 octets (continuations start with a space). */
static void ics_line(struct buf *out, const char *line)
{
	size_t len = strlen(line), col = 0;
	for (size_t i = 0; i < len;) {
		size_t n = 1;
		unsigned char c = (unsigned char)line[i];
		if (c >= 0xf0)
			n = 4;
		else if (c >= 0xe0)
			n = 3;
		else if (c >= 0xc0)
			n = 2;
		if (col + n > 75) {
			buf_adds(out, "\r\n ");
			col = 1;
		}
		buf_add(out, line + i, n);
		col += n;
		i += n;
	}
	buf_adds(out, "\r\n");
}

static void ics_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			buf_addc(b, '\\'), buf_addc(b, *s);
		else if (*s == '\n')
			buf_adds(b, "\\n");
		else if (*s != '\r' && (unsigned char)*s >= 0x20)
			buf_addc(b, *s);
	}
}

static void ics_prop(struct buf *out, const char *name, const char *text)
{
	struct buf line = BUF_INIT;
	buf_addf(&line, "%s:", name);
	ics_text(&line, text);
	ics_line(out, line.s);
	buf_release(&line);
}

static void compact_date(const char *date, char out[9])
{
	snprintf(out, 9, "%.4s%.2s%.2s", date, date + 5, date + 8);
}

static void ics_event(struct buf *out, const char *uid, const char *stamp, const char *date,
		      const char *time, const char *summary, const char *description)
{
	char d[9], line[128];
	ics_line(out, "BEGIN:VEVENT");
	snprintf(line, sizeof line, "UID:%s", uid);
	ics_line(out, line);
	snprintf(line, sizeof line, "DTSTAMP:%s", stamp);
	ics_line(out, line);
	compact_date(date, d);
	if (time && strlen(time) >= 16) {
		snprintf(line, sizeof line, "DTSTART:%sT%.2s%.2s00Z", d, time + 11, time + 14);
		ics_line(out, line);
	} else {
		char next[DATE_LEN], n8[9];
		date_add_days(date, 1, next);
		compact_date(next, n8);
		snprintf(line, sizeof line, "DTSTART;VALUE=DATE:%s", d);
		ics_line(out, line);
		snprintf(line, sizeof line, "DTEND;VALUE=DATE:%s", n8);
		ics_line(out, line);
	}
	ics_prop(out, "SUMMARY", summary);
	if (description && *description)
		ics_prop(out, "DESCRIPTION", description);
	ics_line(out, "END:VEVENT");
}

int workflow_ics(struct access *a, struct buf *out, struct err *e)
{
	const struct actor *who = access_actor(a);
	char now[DATETIME_LEN], stamp[32], today[DATE_LEN], uid[96], title[256];
	date_now(now);
	date_today(today);
	snprintf(stamp, sizeof stamp, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", now, now + 5, now + 8, now + 11, now + 14,
		 now + 17);
	ics_line(out, "BEGIN:VCALENDAR");
	ics_line(out, "VERSION:2.0");
	ics_line(out, "PRODID:-//gvi//Gruppvåldsintervention//SV");
	ics_line(out, "CALSCALE:GREGORIAN");
	snprintf(title, sizeof title, "gvi: %s", who->name);
	ics_prop(out, "X-WR-CALNAME", title);
	struct wf_rows rows = { 0 };
	int rc = 0;
	if (access_may_read(a, model_entity("task"))) {
		if ((rc = wf_where(a, "task", "assignee", who->name, &rows, e)))
			goto out;
		for (size_t i = 0; i < rows.n; i++) {
			const struct record *t = &rows.v[i];
			if (strcmp(wf_get(t, "status"), "open"))
				continue;
			snprintf(uid, sizeof uid, "task-%lld@gvi", (long long)t->id);
			snprintf(title, sizeof title, "Uppgift: %s", wf_get(t, "title"));
			ics_event(out, uid, stamp, wf_get(t, "due"), NULL, title, "gvi tasks");
		}
		wf_rows_release(&rows);
	}
	if (access_may_read(a, model_entity("response-case"))) {
		if ((rc = wf_where(a, "response-case", "assignee", who->name, &rows, e)))
			goto out;
		for (size_t i = 0; i < rows.n; i++) {
			const struct record *c = &rows.v[i];
			if (strcmp(wf_get(c, "status"), "open") || !*wf_get(c, "due"))
				continue;
			snprintf(uid, sizeof uid, "case-%lld-%s@gvi", (long long)c->id, wf_get(c, "level"));
			snprintf(title, sizeof title, "Första åtgärd senast: %s (ärende %lld)", wf_get(c, "group"),
				 (long long)c->id);
			ics_event(out, uid, stamp, wf_get(c, "due"), wf_get(c, "due"), title, "gvi case show");
		}
		wf_rows_release(&rows);
	}
	if (access_may_read(a, model_entity("callin"))) {
		struct store_query q = { .order_field = "held" };
		if ((rc = wf_list(a, "callin", &q, &rows, e)))
			goto out;
		for (size_t i = 0; i < rows.n; i++) {
			const struct record *c = &rows.v[i];
			if (strcmp(wf_get(c, "held"), today) < 0)
				continue;
			snprintf(uid, sizeof uid, "callin-%lld@gvi", (long long)c->id);
			snprintf(title, sizeof title, "Call-in%s%s", *wf_get(c, "venue") ? ": " : "", wf_get(c, "venue"));
			ics_event(out, uid, stamp, wf_get(c, "held"), NULL, title, NULL);
		}
	}
	ics_line(out, "END:VCALENDAR");
out:
	wf_rows_release(&rows);
	return rc;
}

/* ---- the feed's key ---- */

static void key_hash(const char *secret, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)secret, strlen(secret), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

int workflow_calendar_key_new(struct access *a, const char *user, char *out, size_t n, struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, "libsodium failed to initialise");
	unsigned char raw[24];
	char secret[64], hash[65];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(secret, sizeof secret, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	key_hash(secret, hash);
	if (access_calendar_key_set(a, user, hash, e))
		return -1;
	snprintf(out, n, "%s.%s", user, secret);
	return 0;
}

int workflow_calendar_open(const char *repo, const char *key, struct access **out, struct err *e)
{
	char user[128];
	const char *dot = strrchr(key, '.');
	if (sodium_init() < 0)
		return err_set(e, "libsodium failed to initialise");
	if (!dot || dot == key || (size_t)(dot - key) >= sizeof user || strlen(dot + 1) < 16)
		return 1;
	snprintf(user, sizeof user, "%.*s", (int)(dot - key), key);
	struct err ignore = { 0 };
	struct access *a;
	if (access_open(&a, repo, user, 0, &ignore))
		return 1;   /* no such user, or disabled: the same answer as a wrong key */
	char stored[80], given[65];
	if (access_calendar_key_get(a, stored, sizeof stored, e)) {
		access_close(a);
		return -1;
	}
	key_hash(dot + 1, given);
	if (strlen(stored) != 64 || sodium_memcmp(stored, given, 64)) {
		access_close(a);
		return 1;
	}
	*out = a;
	return 0;
}
