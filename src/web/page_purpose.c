/* page_purpose.c — the purpose of access (ändamål), asked once per session: GET and POST
 * /purpose.
 *
 * Right after logging in, and until a purpose is chosen, every page sends the user here
 * (server.c); the choice — one of the repository's `purpose` list, read through the access
 * layer like any configuration — is kept with the session and written into every audit entry
 * the session makes.  Choosing is itself audited (action "purpose" on the user), so the log
 * shows when a session stated what for.  The user may come back and change it; the change
 * applies to what follows. */
#include "access_auth.h"
#include "html.h"
#include "page.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct choices {
	struct buf *b;
	const char *current;
	int n;
};

static int add_choice(void *p, const struct record *r)
{
	struct choices *c = p;
	const char *name = record_get(r, "name"), *what = record_get(r, "description");
	if (!name)
		return 0;
	c->n++;
	html_printf(c->b, "<p><input type=\"radio\" name=\"purpose\" id=\"purpose-%d\" value=\"%s\"%s "
		    "required> <label for=\"purpose-%d\">%s</label>", c->n, name,
		    c->current && !strcmp(c->current, name) ? " checked" : "", c->n, name);
	if (what && *what)
		html_printf(c->b, " <span class=\"hint\">— %s</span>", what);
	html_raw_trusted(c->b, "</p>\n");
	return 0;
}

/* A local path to return to after choosing ("/" when back is absent or not one of ours). */
static const char *safe_back(const char *back)
{
	if (!back || back[0] != '/' || back[1] == '/' || back[1] == '\\' || strpbrk(back, "\\\r\n"))
		return "/";
	return back;
}

static void purpose_page(struct web_request *rq, struct web_response *rs, int status,
			 const char *message, const char *back)
{
	struct buf list = BUF_INIT;
	struct err e = { 0 };
	struct choices c = { &list, rq->purpose, 0 };
	if (access_list(rq->a, model_entity("purpose"), NULL, add_choice, &c, &e)) {
		buf_release(&list);
		page_failed(rq, rs, "the purpose list", &e);
		return;
	}
	page_begin(rq, rs, "Ändamål", NULL);
	rs->status = status;
	struct buf *b = &rs->body;
	html_raw_trusted(b, "<h1>Ändamål med åtkomsten</h1>\n");
	if (message)
		html_printf(b, "<p class=\"message\" role=\"alert\">%s</p>\n", message);
	if (!c.n) {
		html_raw_trusted(b, "<p>Det finns inga ändamål att välja. En administratör lägger till "
				 "dem med <code>gvi purpose add --name TEXT</code>.</p>\n");
	} else {
		html_raw_trusted(b, "<p>Uppgifterna i registret är sekretessbelagda. Ange för vilket "
				 "ändamål du använder dem under den här inloggningen; ändamålet skrivs "
				 "i granskningsloggen vid varje läsning och ändring.</p>\n");
		html_printf(b, "<form method=\"post\" action=\"/purpose\">\n");
		page_csrf_field(b, rq);
		html_printf(b, "\n<input type=\"hidden\" name=\"back\" value=\"%s\">\n"
			    "<fieldset><legend>Ändamål</legend>\n", safe_back(back));
		buf_add(b, list.s, list.len);
		html_raw_trusted(b, "</fieldset>\n<p><button type=\"submit\">Fortsätt</button></p>\n</form>\n");
	}
	buf_release(&list);
	page_end(rs);
}

void page_purpose_form(struct web_request *rq, struct web_response *rs)
{
	char back[1024];
	int got = web_query(rq, "back", back, sizeof back);
	if (got < 0) {
		page_error(rq, rs, 400, "Felaktig förfrågan", "Parametern back kunde inte läsas.");
		return;
	}
	purpose_page(rq, rs, 200, NULL, got ? back : NULL);
}

void page_purpose_post(struct web_request *rq, struct web_response *rs)
{
	const char *chosen = web_form_get(rq->form, "purpose");
	const char *back = web_form_get(rq->form, "back");
	struct err e = { 0 };
	if (!chosen || !*chosen) {
		purpose_page(rq, rs, 400, "Välj ett ändamål.", back);
		return;
	}
	if (access_set_purpose(rq->a, chosen, &e)) {
		purpose_page(rq, rs, 400, "Det ändamålet finns inte i listan. Välj ett av dem nedan.", back);
		return;
	}
	if (access_auth_note(rq->auth, rq->who, "purpose", chosen, &e)) {
		page_failed(rq, rs, "the audit of a purpose", &e);
		return;
	}
	sessions_set_purpose(rq->server->sessions, rq->session_token, chosen);
	web_redirect(rs, safe_back(back));
}
