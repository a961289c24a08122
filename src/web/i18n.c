/* i18n.c — the message catalogue of the web interface (see i18n.h).
 *
 * One table, kept sorted by key so that a lookup is a binary search; a test of the order runs
 * once (assert) on the first lookup.  Swedish words follow GLOSSARY.md; English ones are the
 * words of the code and the docs. */
#include "i18n.h"
#include "page.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct message {
	const char *key, *sv, *en;
};

/* Sorted by key (strcmp order). */
static const struct message catalogue[] = {
	{ "audit.action", "Händelse", "Action" },
	{ "audit.at", "Tid (UTC)", "Time (UTC)" },
	{ "audit.caption", "Granskningslogg, nyast först, sida", "Audit log, newest first, page" },
	{ "audit.detail", "Detaljer", "Detail" },
	{ "audit.empty", "Inga poster matchar.", "No entries match." },
	{ "audit.entity", "Uppgiftstyp", "Entity" },
	{ "audit.record", "Post", "Record" },
	{ "audit.refused", "Granskningsloggen visas bara för administratören.",
	  "The audit log is shown to the administrator only." },
	{ "audit.role", "Roll", "Role" },
	{ "audit.user", "Användare", "User" },
	{ "bad.back", "Adressen att gå tillbaka till måste vara en sökväg på den här webbplatsen.",
	  "The address to go back to must be a path on this site." },
	{ "bad.date", "Datumet måste skrivas ÅÅÅÅ-MM-DD, till exempel 2026-03-01.",
	  "Dates must be written YYYY-MM-DD, for example 2026-03-01." },
	{ "bad.format", "Formatet kan bara vara csv.", "The format can only be csv." },
	{ "bad.lang", "Språket kan bara vara sv eller en.", "The language can only be sv or en." },
	{ "bad.order", "Från-datumet ligger efter till-datumet.", "The from date is after the to date." },
	{ "bad.page", "Sidnumret måste vara ett heltal från 1.", "The page must be a whole number from 1." },
	{ "bad.query", "Förfrågan kunde inte läsas.", "The request could not be read." },
	{ "bad.sort", "Sortering kan vara name eller status.", "Sort can be name or status." },
	{ "bad.status", "Status kan vara active, inactive eller dissolved.",
	  "Status can be active, inactive or dissolved." },
	{ "bad.title", "Felaktig förfrågan", "Bad request" },
	{ "bad.unknown_area", "Det finns inget sådant område.", "There is no such area." },
	{ "bad.unknown_type", "Det finns ingen sådan händelsetyp.", "There is no such incident type." },
	{ "common.all", "Alla", "All" },
	{ "common.back_home", "Till översikten", "To the overview" },
	{ "common.csv", "Exportera CSV", "Export CSV" },
	{ "common.denied", "Åtkomst nekad", "Access denied" },
	{ "common.error", "Tekniskt fel", "Technical error" },
	{ "common.error_text", "Sidan kunde inte visas just nu.", "The page could not be shown just now." },
	{ "common.filter", "Filtrera", "Filter" },
	{ "common.next", "Nästa sida", "Next page" },
	{ "common.none", "Inga.", "None." },
	{ "common.not_shown", "Visas inte för din roll.", "Not shown to your role." },
	{ "common.pages", "Sidor", "Pages" },
	{ "common.prev", "Föregående sida", "Previous page" },
	{ "common.refused", "Din roll får inte läsa de här uppgifterna.",
	  "Your role may not read this information." },
	{ "entity.agency", "Aktörer", "Agencies" },
	{ "entity.area", "Områden", "Areas" },
	{ "entity.callin", "Call-ins", "Call-ins" },
	{ "entity.criterion", "Kriterier", "Criteria" },
	{ "entity.enforcement", "Sanktioner", "Enforcement" },
	{ "entity.group", "Grupper", "Groups" },
	{ "entity.group-involvement", "Gruppinblandningar", "Group involvements" },
	{ "entity.incident", "Händelser", "Incidents" },
	{ "entity.incident-type", "Händelsetyper", "Incident types" },
	{ "entity.invitation", "Inbjudningar", "Invitations" },
	{ "entity.involvement", "Inblandningar", "Involvements" },
	{ "entity.lever", "Påtryckningsmedel", "Levers" },
	{ "entity.membership", "Medlemskap", "Memberships" },
	{ "entity.notification", "Individuella samtal", "Custom notifications" },
	{ "entity.person", "Personer", "Persons" },
	{ "entity.referral", "Remisser", "Referrals" },
	{ "entity.relation", "Grupprelationer", "Group relations" },
	{ "entity.response-case", "Åtgärdsärenden", "Response cases" },
	{ "entity.service", "Stödinsatser", "Support services" },
	{ "entity.task", "Uppgifter", "Tasks" },
	{ "entity.tie", "Relationer mellan personer", "Ties between persons" },
	{ "entity.user", "Användare", "Users" },
	{ "field.age_band", "Åldersgrupp", "Age band" },
	{ "field.agency", "Aktör", "Agency" },
	{ "field.aliases", "Alias", "Aliases" },
	{ "field.area", "Område", "Area" },
	{ "field.areas", "Områden", "Areas" },
	{ "field.assignee", "Ansvarig", "Assignee" },
	{ "field.basis", "Underlag", "Basis" },
	{ "field.birth", "Födelsedatum", "Birth date" },
	{ "field.closed", "Avslutat", "Closed" },
	{ "field.code", "Kod", "Code" },
	{ "field.completed", "Avslutad", "Completed" },
	{ "field.confidence", "Säkerhet", "Confidence" },
	{ "field.decided", "Beslutad", "Decided" },
	{ "field.description", "Beskrivning", "Description" },
	{ "field.due", "Senast", "Due" },
	{ "field.first_action", "Första åtgärd", "First action" },
	{ "field.first_seen", "Först sedd", "First seen" },
	{ "field.follow_up", "Uppföljning", "Follow-up" },
	{ "field.follow_up_owner", "Ansvarig för uppföljning", "Follow-up owner" },
	{ "field.gmi", "Gruppkopplad", "Group member involved" },
	{ "field.group", "Grupp", "Group" },
	{ "field.incident", "Händelse", "Incident" },
	{ "field.incidents", "Händelser", "Incidents" },
	{ "field.injured", "Skadade", "Injured" },
	{ "field.intensity", "Intensitet", "Intensity" },
	{ "field.killed", "Dödade", "Killed" },
	{ "field.kind", "Slag", "Kind" },
	{ "field.last_seen", "Senast sedd", "Last seen" },
	{ "field.lat", "Latitud", "Latitude" },
	{ "field.level", "Nivå", "Level" },
	{ "field.lever", "Påtryckningsmedel", "Lever" },
	{ "field.lon", "Longitud", "Longitude" },
	{ "field.members", "Medlemmar", "Members" },
	{ "field.name", "Namn", "Name" },
	{ "field.notes", "Anteckningar", "Notes" },
	{ "field.occurred", "Tid", "Time" },
	{ "field.opened", "Öppnat", "Opened" },
	{ "field.other_group", "Den andra gruppen", "The other group" },
	{ "field.outcome", "Utfall", "Outcome" },
	{ "field.owner", "Ansvarig aktör", "Owning agency" },
	{ "field.person", "Person", "Person" },
	{ "field.place", "Plats", "Place" },
	{ "field.pnr", "Personnummer", "Personal identity number" },
	{ "field.review", "Omprövningsdatum", "Review date" },
	{ "field.role", "Roll", "Role" },
	{ "field.side", "Sida", "Side" },
	{ "field.since", "Från", "Since" },
	{ "field.started", "Påbörjad", "Started" },
	{ "field.status", "Status", "Status" },
	{ "field.title", "Uppgift", "Task" },
	{ "field.told", "Gruppen informerad", "Group told" },
	{ "field.type", "Typ", "Type" },
	{ "field.until", "Till", "Until" },
	{ "group.caption", "Grupper, sida", "Groups, page" },
	{ "group.empty", "Inga grupper matchar.", "No groups match." },
	{ "group.not_found", "Det finns ingen sådan grupp.", "There is no such group." },
	{ "group.not_found_title", "Gruppen finns inte", "No such group" },
	{ "group.sort", "Sortera efter", "Sort by" },
	{ "group.title", "Grupp", "Group" },
	{ "incident.caption", "Händelser, nyast först, sida", "Incidents, newest first, page" },
	{ "incident.empty", "Inga händelser matchar.", "No incidents match." },
	{ "incident.from", "Från (ÅÅÅÅ-MM-DD)", "From (YYYY-MM-DD)" },
	{ "incident.gmi_no", "Inte gruppkopplad", "No group member involved" },
	{ "incident.gmi_yes", "Gruppkopplad händelse", "Group member involved (GMI)" },
	{ "incident.logged", "Att du har öppnat den här händelsen har loggats.",
	  "Your opening of this incident has been logged." },
	{ "incident.not_found", "Det finns ingen händelse med det numret.",
	  "There is no incident with that number." },
	{ "incident.not_found_title", "Händelsen finns inte", "No such incident" },
	{ "incident.title", "Händelse", "Incident" },
	{ "incident.to", "Till och med (ÅÅÅÅ-MM-DD)", "To, inclusive (YYYY-MM-DD)" },
	{ "layout.footer", "gvi – informationssystem för gruppvåldsintervention",
	  "gvi – information system for Group Violence Intervention" },
	{ "layout.lang_switch", "In English", "På svenska" },
	{ "layout.logged_in_as", "Inloggad som", "Logged in as" },
	{ "layout.logout", "Logga ut", "Log out" },
	{ "layout.menu", "Huvudmeny", "Main menu" },
	{ "layout.skip", "Hoppa till innehållet", "Skip to the content" },
	{ "nav.audit", "Granskningslogg", "Audit log" },
	{ "nav.cases", "Ärenden", "Cases" },
	{ "nav.groups", "Grupper", "Groups" },
	{ "nav.home", "Översikt", "Overview" },
	{ "nav.incidents", "Händelser", "Incidents" },
	{ "nav.kpi", "Nyckeltal", "Performance" },
	{ "nav.persons", "Personer", "Persons" },
	{ "nav.tasks", "Mina uppgifter", "My tasks" },
	{ "role.admin", "administratör", "administrator" },
	{ "role.community_partner", "samverkanspart i lokalsamhället", "community partner" },
	{ "role.coordinator", "samordnare", "coordinator" },
	{ "role.evaluator", "utvärderare", "evaluator" },
	{ "role.police_analyst", "polisanalytiker", "police analyst" },
	{ "role.probation", "Kriminalvården", "Prison and Probation Service" },
	{ "role.social_services", "socialtjänsten", "social services" },
	{ "val.active", "aktiv", "active" },
	{ "val.alliance", "allians", "alliance" },
	{ "val.associate", "närstående", "associate" },
	{ "val.confirmed", "bekräftad", "confirmed" },
	{ "val.conflict", "konflikt", "conflict" },
	{ "val.core", "kärnmedlem", "core member" },
	{ "val.dissolved", "upplöst", "dissolved" },
	{ "val.inactive", "inaktiv", "inactive" },
	{ "val.member", "medlem", "member" },
	{ "val.neutral", "neutral", "neutral" },
	{ "val.no", "nej", "no" },
	{ "val.other", "annan", "other" },
	{ "val.perpetrating", "utövande", "perpetrating" },
	{ "val.possible", "möjlig", "possible" },
	{ "val.probable", "sannolik", "probable" },
	{ "val.suspect", "misstänkt", "suspect" },
	{ "val.unfounded", "ogrundad", "unfounded" },
	{ "val.victim", "målsägande", "victim" },
	{ "val.victimised", "utsatt", "victimised" },
	{ "val.witness", "vittne", "witness" },
	{ "val.yes", "ja", "yes" },
};

static int by_key(const void *k, const void *m)
{
	return strcmp(k, ((const struct message *)m)->key);
}

static const struct message *find(const char *key)
{
	static int checked;   /* benign race: every thread computes the same answer */
	if (!checked) {
		for (size_t i = 1; i < sizeof catalogue / sizeof catalogue[0]; i++)
			assert(strcmp(catalogue[i - 1].key, catalogue[i].key) < 0);
		checked = 1;
	}
	return bsearch(key, catalogue, sizeof catalogue / sizeof catalogue[0], sizeof catalogue[0],
		       by_key);
}

enum i18n_lang i18n_lang(const struct web_request *rq)
{
	if (!rq || !rq->conn)
		return I18N_SV;
	const char *c = web_cookie(rq, "lang");
	return c && !strcmp(c, "en") ? I18N_EN : I18N_SV;
}

const char *i18n_code(enum i18n_lang lang)
{
	return lang == I18N_EN ? "en" : "sv";
}

const char *i18n_get(enum i18n_lang lang, const char *key)
{
	const struct message *m = find(key);
	if (!m)
		return key;
	return lang == I18N_EN && m->en ? m->en : m->sv;
}

const char *i18n(const struct web_request *rq, const char *key)
{
	return i18n_get(i18n_lang(rq), key);
}

static const char *named(enum i18n_lang lang, const char *prefix, const char *name)
{
	char key[128];
	if (!name)
		return "";
	if ((size_t)snprintf(key, sizeof key, "%s%s", prefix, name) >= sizeof key)
		return name;
	const struct message *m = find(key);
	if (!m)
		return name;
	return lang == I18N_EN && m->en ? m->en : m->sv;
}

const char *i18n_named(const struct web_request *rq, const char *prefix, const char *name)
{
	return named(i18n_lang(rq), prefix, name);
}

const char *i18n_named_sv(const char *prefix, const char *name)
{
	return named(I18N_SV, prefix, name);
}

/* ---- GET /lang?to=sv|en&back=PATH ---- */

/* back, percent-encoded where a Location header needs it, into out; 0 if it is a path on
 * this site ("/…", not "//…" or "/\…", which browsers read as another host), -1 if not. */
static int same_site_location(const char *back, char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)back;
	if (p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return -1;
	size_t len = 0;
	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return -1;
		int enc = *p == ' ' || *p == '%' || *p > 0x7f;
		if (len + (enc ? 3 : 1) >= n)
			return -1;
		if (enc)
			len += (size_t)snprintf(out + len, n - len, "%%%02X", *p);
		else
			out[len++] = (char)*p;
	}
	out[len] = '\0';
	return 0;
}

void page_lang(struct web_request *rq, struct web_response *rs)
{
	char to[8] = "", back[400] = "/", location[512];
	int rt = web_query(rq, "to", to, sizeof to);
	int rb = web_query(rq, "back", back, sizeof back);
	if (rt <= 0 || (strcmp(to, "sv") && strcmp(to, "en"))) {
		page_bad_request(rq, rs, "bad.lang");
		return;
	}
	if (rb < 0 || (rb > 0 && !*back) || same_site_location(back, location, sizeof location)) {
		page_bad_request(rq, rs, "bad.back");
		return;
	}
	web_set_cookie(rs, "lang=%s; Path=/; Max-Age=31536000; SameSite=Strict%s", to,
		       rq->server && rq->server->tls ? "; Secure" : "");
	web_redirect(rs, location);
}
