/* letter.c — the printable Swedish letters handed over at a custom notification and sent with
 * a call-in invitation, and the preparation sheet the team reads before a notification.
 *
 * Letters are whole HTML documents with print CSS (A4, no navigation), written with the
 * escaping HTML writer, so the same text serves `gvi notify letter` and the web page.  The
 * four core messages are the seed's exact wording (workflow_messages_sv).  The preparation
 * sheet reads each part of the person's situation through the access layer as the viewer:
 * what their role may not read is left out and says so, never shown. */
#include "web/html.h"
#include "workflow/letter.h"
#include "workflow/wf.h"
#include "workflow/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char letter_css[] =
	"@page { size: A4; margin: 25mm 22mm; }\n"
	"body { font-family: Georgia, 'Times New Roman', serif; font-size: 12pt; line-height: 1.5;"
	" max-width: 42em; margin: 2em auto; color: #000; }\n"
	"h1 { font-size: 16pt; } .meta { color: #333; } blockquote { margin: 1em 0; padding-left: 1em;"
	" border-left: 3px solid #555; }\n"
	"@media print { .noprint { display: none; } body { margin: 0; } }\n";

/* linked: the style sheet from /letter.css (the server's CSP forbids inline style); else
 * inline, for a file opened on its own. */
static void head(struct buf *b, const char *title, int linked)
{
	html_raw_trusted(b, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n");
	html_printf(b, "<title>%s</title>\n", title);
	if (linked) {
		html_raw_trusted(b, "<link rel=\"stylesheet\" href=\"/letter.css\">\n");
	} else {
		html_raw_trusted(b, "<style>\n");
		html_raw_trusted(b, letter_css);
		html_raw_trusted(b, "</style>\n");
	}
	html_raw_trusted(b, "</head>\n<body>\n<main>\n");
}

static void tail(struct buf *b)
{
	html_raw_trusted(b, "<p class=\"noprint\"><small>Skriv ut med webbläsarens utskriftsfunktion.</small></p>\n"
			 "</main>\n</body>\n</html>\n");
}

static void messages(struct buf *b)
{
	for (int k = 0; k < 4; k++)
		html_printf(b, "<blockquote>%s</blockquote>\n", workflow_messages_sv[k]);
}

struct name_out {
	char *s;
	size_t n;
};

static int keep_name(void *p, const struct record *r)
{
	struct name_out *o = p;
	snprintf(o->s, o->n, "%s", wf_get(r, "name"));
	return 0;
}

/* The person's name, read as a full record (audited: a letter names the person). */
static int person_name(struct access *a, const char *code, char *out, size_t n, struct err *e)
{
	int64_t id;
	struct name_out o = { out, n };
	snprintf(out, n, "%s", code);
	if (access_find(a, model_entity("person"), code, &id, e))
		return -1;
	return access_show(a, model_entity("person"), id, keep_name, &o, e);
}

int letter_notification(struct access *a, int64_t id, int linked, struct buf *b, struct err *e)
{
	struct record n;
	int found = wf_load(a, "notification", id, &n, e);
	if (found <= 0) {
		record_release(&n);
		return found ? -1 : err_set(e, "no notification with id %lld", (long long)id);
	}
	char name[256], programme[256], date[DATE_LEN];
	int rc = person_name(a, wf_get(&n, "person"), name, sizeof name, e);
	access_programme(a, programme, sizeof programme);
	date_today(date);
	const char *day = *wf_get(&n, "held") ? wf_get(&n, "held") : *wf_get(&n, "planned") ? wf_get(&n, "planned") : date;
	if (!rc) {
		head(b, "Brev vid individuellt samtal", linked);
		html_printf(b, "<p class=\"meta\">%s<br>%s</p>\n", programme, day);
		html_printf(b, "<h1>Till %s</h1>\n", name);
		html_raw_trusted(b, "<p>Du har i dag träffat oss från polisen, kommunen, Kriminalvården och "
				 "lokalsamhället. Vi vill att du ska ha det vi sa till dig på papper.</p>\n");
		messages(b);
		html_raw_trusted(b, "<p>Våldet måste upphöra. Vi vet vilka grupper som driver det grova våldet, "
				 "och samhället kommer att reagera snabbt och förutsägbart om det fortsätter.</p>\n");
		if (*wf_get(&n, "support_offered"))
			html_printf(b, "<p><strong>Stöd som erbjuds dig:</strong> %s</p>\n", wf_get(&n, "support_offered"));
		html_raw_trusted(b, "<p>Erbjudandet om hjälp gäller. Hör av dig till oss, eller be din kontaktperson "
				 "hos socialtjänsten eller Kriminalvården att ringa oss.</p>\n");
		html_printf(b, "<p>Med vänlig hälsning<br>%s</p>\n", programme);
		tail(b);
	}
	record_release(&n);
	return rc;
}

int letter_invitation(struct access *a, int64_t id, int linked, struct buf *b, struct err *e)
{
	struct record inv, call;
	record_init(&call, model_entity("callin"));
	int found = wf_load(a, "invitation", id, &inv, e);
	if (found <= 0) {
		record_release(&inv);
		record_release(&call);
		return found ? -1 : err_set(e, "no invitation with id %lld", (long long)id);
	}
	char name[256], programme[256], today[DATE_LEN];
	int rc = person_name(a, wf_get(&inv, "person"), name, sizeof name, e);
	record_release(&call);
	if (!rc && wf_load(a, "callin", strtoll(wf_get(&inv, "callin"), NULL, 10), &call, e) != 1)
		rc = -1;
	access_programme(a, programme, sizeof programme);
	date_today(today);
	if (!rc) {
		head(b, "Inbjudan till informationsmöte", linked);
		html_printf(b, "<p class=\"meta\">%s<br>%s</p>\n", programme, today);
		html_printf(b, "<h1>Till %s</h1>\n", name);
		html_printf(b, "<p>Du är inbjuden till ett informationsmöte (call-in) den <strong>%s</strong>%s%s.</p>\n",
			    wf_get(&call, "held"), *wf_get(&call, "venue") ? " i " : "", wf_get(&call, "venue"));
		html_raw_trusted(b, "<p>På mötet talar polisen, Kriminalvården, kommunen, sjukvården och "
				 "representanter för lokalsamhället direkt till dig. Budskapet är:</p>\n");
		messages(b);
		html_raw_trusted(b, "<p>Vi vill att du kommer, lyssnar och för budskapet vidare till din grupp. "
				 "Den som kommer får veta vilket stöd som finns och hur man tar emot det.</p>\n");
		html_printf(b, "<p>Med vänlig hälsning<br>%s</p>\n", programme);
		tail(b);
	}
	record_release(&inv);
	record_release(&call);
	return rc;
}

/* ---- the preparation sheet ---- */

struct part {
	const char *title, *entity, *field;
	const char *columns[6];
	const char *labels[6];     /* the columns' Swedish labels */
};

static const struct part parts[] = {
	{ "Gruppmedlemskap", "membership", "person", { "group", "level", "since", "until", NULL },
	  { "grupp", "nivå", "från", "till" } },
	{ "Inblandning i händelser", "involvement", "person", { "incident", "role", NULL },
	  { "händelse", "roll" } },
	{ "Övervakning (Kriminalvården)", "supervision", "person", { "kind", "since", "until", NULL },
	  { "slag", "från", "till" } },
	{ "Tidigare individuella samtal", "notification", "person", { "planned", "held", "status", "response", NULL },
	  { "planerat", "hölls", "status", "svar" } },
	{ "Call-in", "invitation", "person", { "callin", "status", "attended", NULL },
	  { "call-in", "status", "närvarade" } },
	{ "Stöd och remisser", "referral", "person", { "service", "agency", "status", "consent", NULL },
	  { "insats", "aktör", "status", "samtycke" } },
};

int letter_sheet(struct access *a, int64_t id, struct buf *b, int text, struct err *e)
{
	struct record n;
	int found = wf_load(a, "notification", id, &n, e);
	if (found <= 0) {
		record_release(&n);
		return found ? -1 : err_set(e, "no notification with id %lld", (long long)id);
	}
	char name[256];
	const char *code = wf_get(&n, "person");
	int rc = person_name(a, code, name, sizeof name, e);
	if (!rc && text)
		buf_addf(b, "Förberedelse inför individuellt samtal %lld\nPerson: %s (%s)\nPlanerat: %s  Plats: %s\n"
			 "Läsare: %s (%s) — delar din roll inte får läsa visas inte.\n", (long long)id, name, code,
			 wf_get(&n, "planned"), wf_get(&n, "place"), access_actor(a)->name, access_actor(a)->role);
	else if (!rc)
		html_printf(b, "<p>Person: <strong>%s</strong> (%s). Planerat: %s. Plats: %s.</p>\n"
			    "<p>Delar som din roll inte får läsa visas inte.</p>\n", name, code,
			    wf_get(&n, "planned"), wf_get(&n, "place"));
	for (size_t k = 0; k < sizeof parts / sizeof parts[0] && !rc; k++) {
		const struct part *p = &parts[k];
		if (text)
			buf_addf(b, "\n%s:\n", p->title);
		else
			html_printf(b, "<h2>%s</h2>\n", p->title);
		if (!access_may_read(a, model_entity(p->entity))) {
			if (text)
				buf_adds(b, "  (visas inte för din roll)\n");
			else
				html_raw_trusted(b, "<p>Visas inte för din roll.</p>\n");
			continue;
		}
		struct wf_rows rows;
		if ((rc = wf_where(a, p->entity, p->field, code, &rows, e)))
			break;
		if (!rows.n)
			text ? buf_adds(b, "  inga\n") : html_raw_trusted(b, "<p>Inga.</p>\n");
		else if (!text)
			html_raw_trusted(b, "<ul>\n");
		for (size_t i = 0; i < rows.n; i++) {
			if (text)
				buf_adds(b, "  -");
			else
				html_raw_trusted(b, "<li>");
			for (int c = 0; p->columns[c]; c++) {
				const char *v = wf_get(&rows.v[i], p->columns[c]);
				if (!*v)
					continue;
				if (text)
					buf_addf(b, " %s: %s;", p->labels[c], v);
				else
					html_printf(b, "%s: %s; ", p->labels[c], v);
			}
			if (text)
				buf_addc(b, '\n');
			else
				html_raw_trusted(b, "</li>\n");
		}
		if (rows.n && !text)
			html_raw_trusted(b, "</ul>\n");
		wf_rows_release(&rows);
	}
	if (!rc && text) {
		buf_adds(b, "\nBudskapet (checklista vid samtalet):\n");
		for (int k = 0; k < 4; k++)
			buf_addf(b, "  [ ] %s\n", workflow_messages_sv[k]);
	}
	record_release(&n);
	return rc;
}
