/* page_login.c — logging in and out: GET /login, POST /login, POST /logout.
 *
 * The login form is protected against cross-site posting like every other form, by a
 * double-submit token: GET /login sets it in a short-lived gvi_login cookie (SameSite=Strict,
 * Path=/login) and in the form; POST /login requires both, equal.  A refused login says only
 * "wrong user name or password" whatever the reason, and counts towards the throttle per
 * user name and per client address (session.h). */
#include "access_auth.h"
#include "html.h"
#include "page.h"
#include "session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *secure(const struct web_request *rq)
{
	return rq->server->tls ? "; Secure" : "";
}

/* The login form, with a fresh double-submit token, status and an optional message. */
static void login_page(struct web_request *rq, struct web_response *rs, int status,
		       const char *message, const char *user)
{
	char token[SESSION_TOKEN_LEN + 1];
	session_random_token(token);
	web_set_cookie(rs, "gvi_login=%s; Path=/login; Max-Age=3600; HttpOnly; SameSite=Strict%s",
		       token, secure(rq));
	buf_reset(&rs->body);
	page_begin(rq, rs, "Logga in", NULL);
	rs->status = status;
	struct buf *b = &rs->body;
	html_raw_trusted(b, "<h1>Logga in</h1>\n");
	if (message)
		html_printf(b, "<p class=\"message\" role=\"alert\">%s</p>\n", message);
	html_printf(b, "<form method=\"post\" action=\"/login\" class=\"login\">\n"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
		    "<p><label for=\"user\">Användarnamn</label>\n"
		    "<input id=\"user\" name=\"user\" type=\"text\" autocomplete=\"username\" "
		    "required value=\"%s\"></p>\n"
		    "<p><label for=\"password\">Lösenord</label>\n"
		    "<input id=\"password\" name=\"password\" type=\"password\" "
		    "autocomplete=\"current-password\" required></p>\n"
		    "<p><button type=\"submit\">Logga in</button></p>\n</form>\n",
		    token, user ? user : "");
	page_end(rs);
	sodium_memzero(token, sizeof token);
}

void page_login_form(struct web_request *rq, struct web_response *rs)
{
	if (rq->who) {
		web_redirect(rs, "/");
		return;
	}
	login_page(rq, rs, 200, NULL, NULL);
}

static int same_token(const char *a, const char *b)
{
	size_t n = a ? strlen(a) : 0;
	return n == SESSION_TOKEN_LEN && b && strlen(b) == n && !sodium_memcmp(a, b, n);
}

void page_login_post(struct web_request *rq, struct web_response *rs)
{
	if (!same_token(web_cookie(rq, "gvi_login"), web_form_get(rq->form, "csrf"))) {
		login_page(rq, rs, 403, "Inloggningsformuläret hade gått ut eller kom inte från gvi. "
			   "Försök igen.", NULL);
		return;
	}
	const char *user = web_form_get(rq->form, "user");
	const char *password = web_form_get(rq->form, "password");
	if (!user)
		user = "";
	time_t now = session_clock();
	long wait = throttle_wait(rq->server->throttle, user, rq->client, now);
	if (wait > 0) {
		char msg[256];
		snprintf(msg, sizeof msg, "För många misslyckade inloggningsförsök. Vänta %ld minuter "
			 "och försök igen.", (wait + 59) / 60);
		login_page(rq, rs, 429, msg, user);
		return;
	}
	struct actor who;
	struct err e = { 0 };
	int rc = access_auth_login(rq->auth, user, password, &who, &e);
	if (rc < 0) {
		fprintf(stderr, "gvi serve: login: %s\n", e.msg);
		page_error(rq, rs, 500, "Tekniskt fel", "Inloggningen kunde inte göras just nu. "
			   "Försök igen om en stund.");
		return;
	}
	if (rc > 0) {
		throttle_fail(rq->server->throttle, user, rq->client, now);
		login_page(rq, rs, 401, "Fel användarnamn eller lösenord.", user);
		return;
	}
	throttle_success(rq->server->throttle, user);
	char token[SESSION_TOKEN_LEN + 1];
	struct session_info info;
	if (sessions_create(rq->server->sessions, who.name, now, token, &info)) {
		page_error(rq, rs, 503, "Tjänsten är upptagen", "För många inloggade just nu. "
			   "Försök igen om en stund.");
		return;
	}
	if (access_auth_note(rq->auth, &who, "login", NULL, &e))
		fprintf(stderr, "gvi serve: audit of a login: %s\n", e.msg);
	web_set_cookie(rs, "gvi_session=%s; Path=/; HttpOnly; SameSite=Strict%s", token, secure(rq));
	web_set_cookie(rs, "gvi_login=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict%s",
		       secure(rq));
	sodium_memzero(token, sizeof token);
	web_redirect(rs, "/purpose");   /* asked once per session, before anything else */
}

void page_logout(struct web_request *rq, struct web_response *rs)
{
	struct err e = { 0 };
	sessions_end(rq->server->sessions, rq->session_token);
	if (access_auth_note(rq->auth, rq->who, "logout", rq->purpose, &e))
		fprintf(stderr, "gvi serve: audit of a logout: %s\n", e.msg);
	web_set_cookie(rs, "gvi_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s", secure(rq));
	web_redirect(rs, "/login");
}
