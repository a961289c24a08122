/* page.c — the shared layout, error pages and Swedish labels (see page.h).
 *
 * The navigation is a table of {path, label, entity}: an entry is shown only when the acting
 * user may read its entity, asked of the access layer, so a link never leads to a refusal. */
#include "page.h"
#include "html.h"

#include <string.h>

static const struct nav_entry {
	const char *path, *label, *entity;   /* entity NULL: for every logged-in user */
} nav[] = {
	{ "/", "Översikt", NULL },
	{ "/persons", "Personer", "person" },
};

void page_begin(struct web_request *rq, struct web_response *rs, const char *title,
		const char *current)
{
	struct buf *b = &rs->body;
	rs->status = 200;
	rs->type = "text/html; charset=utf-8";
	char programme[256] = "";
	if (rq->a)
		access_programme(rq->a, programme, sizeof programme);
	html_printf(b, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>%s · gvi</title>\n<link rel=\"stylesheet\" href=\"/static/gvi.css\">\n"
		    "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Hoppa till innehållet</a>\n"
		    "<header class=\"site\">\n<p class=\"brand\"><a href=\"/\">gvi</a>", title);
	if (*programme)
		html_printf(b, " <span class=\"programme\">%s</span>", programme);
	html_raw_trusted(b, "</p>\n");
	if (rq->who) {
		html_printf(b, "<div class=\"who\"><p>Inloggad som <strong>%s</strong> (%s, %s)</p>\n"
			    "<form method=\"post\" action=\"/logout\">", rq->who->name,
			    page_role_sv(rq->who->role), rq->who->agency);
		page_csrf_field(b, rq);
		html_raw_trusted(b, "<button type=\"submit\">Logga ut</button></form></div>\n");
	}
	html_raw_trusted(b, "</header>\n");
	if (rq->who) {
		html_raw_trusted(b, "<nav aria-label=\"Huvudmeny\">\n<ul>\n");
		for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
			if (nav[i].entity && !access_may_read(rq->a, model_entity(nav[i].entity)))
				continue;
			int here = current && !strcmp(current, nav[i].path);
			html_printf(b, "<li><a href=\"%s\"%s>%s</a></li>\n", nav[i].path,
				    here ? " aria-current=\"page\"" : "", nav[i].label);
		}
		html_raw_trusted(b, "</ul>\n</nav>\n");
	}
	html_raw_trusted(b, "<main id=\"main\" tabindex=\"-1\">\n");
}

void page_end(struct web_response *rs)
{
	html_raw_trusted(&rs->body, "</main>\n<footer><p>gvi – informationssystem för "
			 "gruppvåldsintervention</p></footer>\n</body>\n</html>\n");
}

void page_error(struct web_request *rq, struct web_response *rs, int status, const char *title,
		const char *message)
{
	buf_reset(&rs->body);
	page_begin(rq, rs, title, NULL);
	rs->status = status;
	html_printf(&rs->body, "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/\">Till översikten</a></p>\n",
		    title, message);
	page_end(rs);
}

void page_csrf_field(struct buf *b, const struct web_request *rq)
{
	html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", rq->csrf ? rq->csrf : "");
}

const char *page_role_sv(const char *role)
{
	static const char *const names[][2] = {
		{ "admin", "administratör" },
		{ "coordinator", "samordnare" },
		{ "police_analyst", "polisanalytiker" },
		{ "social_services", "socialtjänsten" },
		{ "probation", "Kriminalvården" },
		{ "community_partner", "samverkanspart i lokalsamhället" },
		{ "evaluator", "utvärderare" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i][0], role))
			return names[i][1];
	return role;
}

const char *page_entity_plural_sv(const struct entity *en)
{
	static const char *const names[][2] = {
		{ "area", "Områden" }, { "agency", "Aktörer" }, { "user", "Användare" },
		{ "incident-type", "Händelsetyper" }, { "criterion", "Kriterier" },
		{ "lever", "Påtryckningsmedel" }, { "service", "Stödinsatser" },
		{ "group", "Grupper" }, { "person", "Personer" }, { "membership", "Medlemskap" },
		{ "tie", "Relationer mellan personer" }, { "relation", "Grupprelationer" },
		{ "incident", "Händelser" }, { "involvement", "Inblandningar" },
		{ "group-involvement", "Gruppinblandningar" },
		{ "notification", "Individuella samtal" }, { "callin", "Call-ins" },
		{ "invitation", "Inbjudningar" }, { "enforcement", "Sanktioner" },
		{ "referral", "Remisser" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i][0], en->name))
			return names[i][1];
	return en->title_sv;
}

const char *page_field_sv(const struct field *f)
{
	static const char *const names[][2] = {
		{ "code", "Kod" }, { "name", "Namn" }, { "aliases", "Alias" },
		{ "birth", "Födelsedatum" }, { "pnr", "Personnummer" }, { "area", "Område" },
		{ "review", "Omprövningsdatum" }, { "age_band", "Åldersgrupp" },
		{ "owner", "Ansvarig aktör" }, { "notes", "Anteckningar" },
		{ "occurred", "Tid" }, { "type", "Typ" }, { "place", "Plats" },
		{ "gmi", "Gruppkopplad" }, { "person", "Person" }, { "group", "Grupp" },
		{ "level", "Nivå" }, { "status", "Status" }, { "follow_up", "Uppföljning" },
		{ "follow_up_owner", "Ansvarig för uppföljning" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i][0], f->name))
			return names[i][1];
	return f->name;
}

const char *page_value_sv(const struct field *f, const char *v)
{
	if (!v)
		return "";
	if (f->type == F_BOOL)
		return !strcmp(v, "1") ? "ja" : "nej";
	if (!strcmp(f->name, "age_band")) {
		if (!strcmp(v, "under 18"))
			return "under 18 år";
		if (!strcmp(v, "under 21"))
			return "under 21 år";
		if (!strcmp(v, "adult"))
			return "vuxen";
	}
	return v;
}
