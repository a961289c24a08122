/* server.c — the HTTP server: libmicrohttpd, the life of a request, workers, shutdown
 * (see server.h).
 *
 * A request goes: path decoded and checked (400), route matched (404, 405), body read up to
 * WEB_BODY_MAX (413), the session looked up and its user re-checked with the access layer
 * (a disabled user is logged out at once), login required (redirect to /login, or 401 for the
 * API), the CSRF token of every logged-in POST checked (403), then the handler — acting
 * through an access handle opened as the logged-in user.  On /api/ a request may instead carry
 * `Authorization: Bearer TOKEN` (gvi token add): checked by the access layer, it acts as the
 * token's user and needs no cookie and no CSRF token; an API write under a session cookie must
 * send the session's CSRF token in an X-CSRF-Token header.  Every response gets the security
 * headers; every request gets one access-log line on stderr.
 *
 * The choice that matters: libmicrohttpd is told not to unescape anything (an identity
 * unescape callback), so this file sees the raw path and decodes it strictly itself — a %00
 * or an encoded "/" cannot slip past as a shorter or different path. */
#include "server.h"
#include "access_auth.h"
#include "analysis_cache.h"
#include "form.h"
#include "page.h"
#include "routes.h"
#include "retention_job.h"
#include "session.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CONNECTION_LIMIT 512
#define CONNECTION_TIMEOUT 30          /* seconds a silent connection is kept */
#define CONNECTION_MEMORY (64 * 1024)  /* per connection: request line and headers */
#define HANDLES_PER_WORKER 8
#define HANDLE_MAX_AGE 300             /* seconds; then reopened (fresh "today", role) */
#define SHUTDOWN_GRACE 10              /* seconds for requests in flight */

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
			  "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; "
			  "base-uri 'none'";

/* ---- workers: each thread's own connections ---- */

struct worker {
	struct access_auth *auth;
	struct cached_handle {
		char user[128];
		struct access *a;
		time_t opened;
	} handles[HANDLES_PER_WORKER];
	struct worker *next;
};

static struct web_server server;
static pthread_key_t worker_key;
static pthread_mutex_t workers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct worker *workers;
static atomic_long in_flight;

/* This thread's worker, made on its first request.  NULL (e set) if the repository cannot be
 * opened. */
static struct worker *worker_get(struct err *e)
{
	struct worker *w = pthread_getspecific(worker_key);
	if (w)
		return w;
	w = calloc(1, sizeof *w);
	if (!w) {
		err_set(e, "out of memory");
		return NULL;
	}
	if (access_auth_open(&w->auth, server.repo, e)) {
		free(w);
		return NULL;
	}
	pthread_setspecific(worker_key, w);
	pthread_mutex_lock(&workers_lock);
	w->next = workers;
	workers = w;
	pthread_mutex_unlock(&workers_lock);
	return w;
}

static void workers_free(void)
{
	while (workers) {
		struct worker *w = workers;
		workers = w->next;
		for (size_t i = 0; i < HANDLES_PER_WORKER; i++)
			access_close(w->handles[i].a);
		access_auth_close(w->auth);
		free(w);
	}
}

/* An access handle acting as who (as the access layer sees the user now), from this
 * worker's cache or newly opened. */
static struct access *worker_handle(struct worker *w, const struct actor *who, struct err *e)
{
	time_t now = session_clock();
	struct cached_handle *slot = NULL;
	for (size_t i = 0; i < HANDLES_PER_WORKER; i++) {
		struct cached_handle *c = &w->handles[i];
		if (!c->a || strcmp(c->user, who->name))
			continue;
		const struct actor *had = access_actor(c->a);
		if (!strcmp(had->role, who->role) && had->agency_id == who->agency_id &&
		    now - c->opened < HANDLE_MAX_AGE)
			return c->a;
		slot = c;   /* changed or old: open again */
		break;
	}
	/* Else a free slot, else the one opened longest ago. */
	for (size_t i = 0; !slot && i < HANDLES_PER_WORKER; i++)
		if (!w->handles[i].a)
			slot = &w->handles[i];
	if (!slot) {
		slot = &w->handles[0];
		for (size_t i = 1; i < HANDLES_PER_WORKER; i++)
			if (w->handles[i].opened < slot->opened)
				slot = &w->handles[i];
	}
	access_close(slot->a);
	slot->a = NULL;
	if (access_open(&slot->a, server.repo, who->name, 0, e))
		return NULL;
	snprintf(slot->user, sizeof slot->user, "%s", who->name);
	slot->opened = now;
	return slot->a;
}

/* ---- one request ---- */

struct request_state {
	struct timespec start;
	char method[16];
	char path[WEB_PATH_MAX];
	char scratch[WEB_PATH_MAX];
	const char *params[WEB_MAX_PARAMS];
	const struct route *route;
	enum route_match match;
	const char *allow;
	int bad_path, too_large, api, bearer, responded;
	struct buf body;
	int status;
	char user[128];
};

int web_query(const struct web_request *rq, const char *name, char *out, size_t n)
{
	const char *v = MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
	if (!v) {
		return 0;
	}
	return web_pct_decode(v, strlen(v), 1, out, n) < 0 ? -1 : 1;
}

const char *web_cookie(const struct web_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, name);
}

void web_set_cookie(struct web_response *rs, const char *fmt, ...)
{
	if (rs->ncookies == sizeof rs->cookies / sizeof rs->cookies[0])
		return;
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	rs->cookies[rs->ncookies++] = buf_detach(&b);
}

void web_redirect(struct web_response *rs, const char *location)
{
	rs->status = 303;
	rs->type = "text/plain; charset=utf-8";
	snprintf(rs->location, sizeof rs->location, "%s", location);
	buf_reset(&rs->body);
	buf_addf(&rs->body, "See %s\n", location);
}

void web_json_error(struct web_response *rs, int status, const char *code, const char *message)
{
	json_t *j = json_pack("{s:s, s:s}", "error", code, "message", message);
	if (!j) {
		/* The message quotes the client's bytes and they are not UTF-8 (Jansson's parse
		 * error cuts a character in two): the same message with '?' for every non-ASCII
		 * byte, rather than an answer without its error code. */
		char ascii[sizeof ((struct err *)0)->msg + 256];
		snprintf(ascii, sizeof ascii, "%s", message);
		for (char *c = ascii; *c; c++)
			if ((unsigned char)*c >= 0x80)
				*c = '?';
		j = json_pack("{s:s, s:s}", "error", code, "message", ascii);
	}
	char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	buf_reset(&rs->body);
	buf_adds(&rs->body, text ? text : "{}");
	buf_addc(&rs->body, '\n');
	free(text);
	rs->status = status;
	rs->type = "application/json";
}

/* An error answered by the server itself: a page, or JSON under /api/. */
static void error_response(struct web_request *rq, struct web_response *rs, int api, int status)
{
	static const struct {
		int status;
		const char *code, *title, *message;
	} errors[] = {
		{ 400, "bad_request", "Felaktig förfrågan", "Adressen eller formuläret kunde inte läsas." },
		{ 401, "login_required", "Inloggning krävs", "Logga in för att fortsätta." },
		{ 403, "forbidden", "Åtkomst nekad", "Du får inte göra det här." },
		{ 404, "not_found", "Sidan finns inte", "Det finns ingen sida på den adressen." },
		{ 405, "method_not_allowed", "Otillåten metod", "Sidan kan inte användas på det sättet." },
		{ 413, "payload_too_large", "För stor förfrågan", "Det som skickades var för stort." },
		{ 415, "unsupported_media_type", "Fel format", "Formuläret skickades i ett format som inte stöds." },
		{ 500, "internal", "Tekniskt fel", "Något gick fel. Försök igen om en stund." },
		{ 503, "unavailable", "Tjänsten är inte tillgänglig", "Försök igen om en stund." },
	};
	size_t i = 0;
	while (i + 1 < sizeof errors / sizeof errors[0] && errors[i].status != status)
		i++;
	if (errors[i].status != status)
		i = 7;   /* 500 */
	if (api)
		web_json_error(rs, errors[i].status, errors[i].code, errors[i].message);
	else
		page_error(rq, rs, errors[i].status, errors[i].title, errors[i].message);
}

static void add_headers(struct MHD_Response *r, const struct web_response *rs)
{
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cache-Control", rs->cacheable ? "public, max-age=3600" : "no-store");
	if (server.tls)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (rs->type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->type);
	if (rs->location[0])
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, rs->location);
	if (rs->allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rs->allow);
	if (rs->disposition[0])
		MHD_add_response_header(r, "Content-Disposition", rs->disposition);
	for (size_t i = 0; i < rs->ncookies; i++)
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, rs->cookies[i]);
}

/* Sends rs and releases it. */
static enum MHD_Result send_response(struct MHD_Connection *conn, struct request_state *st,
				     struct web_response *rs)
{
	if (rs->status == 0 || rs->body.failed) {
		struct web_request rq = { .method = "GET", .path = st->path };
		buf_reset(&rs->body);
		rs->body.failed = 0;
		error_response(&rq, rs, st->api, 500);
	}
	size_t len = rs->body.len;
	char *body = buf_detach(&rs->body);
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	enum MHD_Result ret = MHD_NO;
	if (r) {
		add_headers(r, rs);
		ret = MHD_queue_response(conn, (unsigned)rs->status, r);
		MHD_destroy_response(r);
	} else {
		free(body);
	}
	st->status = rs->status;
	st->responded = 1;
	for (size_t i = 0; i < rs->ncookies; i++)
		free(rs->cookies[i]);
	buf_release(&rs->body);
	return ret;
}

static void client_address(struct MHD_Connection *conn, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "-");
	if (!ci || !ci->client_addr)
		return;
	socklen_t len = ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
							      : sizeof(struct sockaddr_in);
	getnameinfo(ci->client_addr, len, out, (socklen_t)n, NULL, 0, NI_NUMERICHOST);
}

/* The token of an "Authorization: Bearer TOKEN" header, or NULL when there is none; *bad is
 * set when there is an Authorization header of another or malformed kind. */
static const char *bearer_token(struct MHD_Connection *conn, int *bad)
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	*bad = 0;
	if (!h)
		return NULL;
	if (strncasecmp(h, "Bearer ", 7)) {
		*bad = 1;
		return NULL;
	}
	h += 7;
	while (*h == ' ')
		h++;
	return h;
}

static int is_json(struct MHD_Connection *conn)
{
	const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	static const char json[] = "application/json";
	return type && !strncasecmp(type, json, sizeof json - 1) &&
	       (type[sizeof json - 1] == '\0' || type[sizeof json - 1] == ';');
}

static int is_form(struct MHD_Connection *conn)
{
	const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	static const char urlencoded[] = "application/x-www-form-urlencoded";
	return type && !strncasecmp(type, urlencoded, sizeof urlencoded - 1) &&
	       (type[sizeof urlencoded - 1] == '\0' || type[sizeof urlencoded - 1] == ';');
}

/* The purpose of access of a bearer-token request: the X-GVI-Purpose header (UTF-8, or
 * percent-encoded UTF-8), a name from the purpose list.  Without the header the request has
 * none, and the access layer refuses it personal records.  Returns 0, or -1 after answering
 * 400 in rs. */
static int api_purpose(struct MHD_Connection *conn, struct web_request *rq, char *out, size_t n,
		       struct web_response *rs)
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-GVI-Purpose");
	struct err e = { 0 };
	if (!h || !*h) {
		access_set_purpose(rq->a, NULL, &e);
		return 0;
	}
	if (web_pct_decode(h, strlen(h), 0, out, n) < 0 || access_set_purpose(rq->a, out, &e)) {
		web_json_error(rs, 400, "bad_purpose", e.msg[0] ? e.msg : "X-GVI-Purpose: not a purpose "
			       "of access (at most 127 bytes of UTF-8, percent-encoded or not)");
		return -1;
	}
	rq->purpose = out;
	return 0;
}

static enum MHD_Result dispatch(struct MHD_Connection *conn, struct request_state *st)
{
	struct web_response rs = { .body = BUF_INIT };
	char client[INET6_ADDRSTRLEN + 8];
	client_address(conn, client, sizeof client);
	struct web_request rq = { .method = strcmp(st->method, "HEAD") ? st->method : "GET",
				  .path = st->path, .client = client, .conn = conn, .server = &server };
	memcpy(rq.params, st->params, sizeof rq.params);
	struct web_form *form = NULL;
	struct err e = { 0 };
	struct actor who;
	struct session_info info;
	char purpose[128];

	if (st->bad_path || st->too_large) {
		error_response(&rq, &rs, st->api, st->bad_path ? 400 : 413);
		return send_response(conn, st, &rs);
	}
	const struct route *route = st->match == ROUTE_FOUND ? st->route : NULL;
	/* Who is logged in: for every page and API call, errors included (a page always says
	 * who is logged in); not for /healthz and the static assets. */
	if (!route || route->kind != ROUTE_PLAIN) {
		struct worker *w = worker_get(&e);
		if (!w) {
			fprintf(stderr, "gvi serve: %s\n", e.msg);
			error_response(&rq, &rs, st->api, 503);
			goto out;
		}
		rq.auth = w->auth;
		int bad_auth = 0;
		const char *bearer = st->api ? bearer_token(conn, &bad_auth) : NULL;
		const char *token = web_cookie(&rq, "gvi_session");
		if (bearer || bad_auth) {
			/* A program with a token: it alone decides who acts, the cookie is ignored. */
			int rc = bad_auth ? 1 : access_auth_bearer(w->auth, bearer, &who, &e);
			if (rc == 0 && (rq.a = worker_handle(w, &who, &e))) {
				rq.who = &who;
				st->bearer = 1;
				snprintf(st->user, sizeof st->user, "%s", who.name);
				if (api_purpose(conn, &rq, purpose, sizeof purpose, &rs))
					goto out;
			} else if (rc == 1) {
				web_json_error(&rs, 401, "invalid_token", "the bearer token is not valid: unknown, "
					       "revoked or expired, or its user is disabled (send Authorization: "
					       "Bearer TOKEN with a token from gvi token add)");
				goto out;
			} else {
				fprintf(stderr, "gvi serve: %s\n", e.msg);
				error_response(&rq, &rs, st->api, 503);
				goto out;
			}
		} else if (token && sessions_find(server.sessions, token, session_clock(), &info)) {
			int rc = access_auth_current(w->auth, info.user, &who, &e);
			if (rc == 0 && (rq.a = worker_handle(w, &who, &e))) {
				rq.who = &who;
				rq.csrf = info.csrf;
				rq.session_token = token;
				snprintf(st->user, sizeof st->user, "%s", who.name);
				/* The handle is shared by the user's sessions: it takes this one's
				 * purpose (one taken off the list since is asked again). */
				if (access_set_purpose(rq.a, info.purpose, &e)) {
					sessions_set_purpose(server.sessions, token, "");
					access_set_purpose(rq.a, NULL, &e);
				} else if (info.purpose[0]) {
					rq.purpose = info.purpose;
				}
			} else if (rc == 1) {
				sessions_end(server.sessions, token);   /* gone or disabled */
			} else {
				fprintf(stderr, "gvi serve: %s\n", e.msg);
				error_response(&rq, &rs, st->api, 503);
				goto out;
			}
		}
	}
	if (!route) {
		error_response(&rq, &rs, st->api, st->match == ROUTE_NO_METHOD ? 405 : 404);
		if (st->match == ROUTE_NO_METHOD)
			rs.allow = st->allow;
		goto out;
	}
	int writes = !strcmp(route->method, "POST") || !strcmp(route->method, "PATCH");
	if (writes && route->kind == ROUTE_API) {
		if (!is_json(conn)) {
			web_json_error(&rs, 415, "unsupported_media_type", "send the body as application/json");
			goto out;
		}
		rq.body = st->body.s;
		rq.body_len = st->body.len;
	} else if (writes) {
		if (!is_form(conn)) {
			error_response(&rq, &rs, st->api, 415);
			goto out;
		}
		if (!(form = web_form_parse(st->body.s, st->body.len))) {
			error_response(&rq, &rs, st->api, 400);
			goto out;
		}
	}
	rq.form = form;
	if (route->needs_login && !rq.who) {
		if (route->kind == ROUTE_API)
			web_json_error(&rs, 401, "login_required", "log in first (the gvi_session cookie) "
				       "or send Authorization: Bearer TOKEN");
		else
			web_redirect(&rs, "/login");
		goto out;
	}
	if (route->needs_login && writes && route->kind == ROUTE_API) {
		const char *sent = st->bearer ? NULL : MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
										    "X-CSRF-Token");
		if (!st->bearer && (!sent || strlen(sent) != strlen(rq.csrf) ||
				    sodium_memcmp(sent, rq.csrf, strlen(rq.csrf)))) {
			web_json_error(&rs, 403, "csrf", "a write with the session cookie must send the "
				       "session's CSRF token in an X-CSRF-Token header");
			goto out;
		}
	} else if (route->needs_login && writes) {
		const char *sent = web_form_get(form, "csrf");
		if (!sent || strlen(sent) != strlen(rq.csrf) ||
		    sodium_memcmp(sent, rq.csrf, strlen(rq.csrf))) {
			page_error(&rq, &rs, 403, "Ogiltig säkerhetstoken", "Formuläret saknade en giltig "
				   "säkerhetstoken (CSRF) och gjordes inte. Ladda om sidan och försök igen.");
			goto out;
		}
	}
	if (route->needs_login && !rq.purpose && !st->bearer && route->handler != page_purpose_form &&
	    route->handler != page_purpose_post && route->handler != page_logout) {
		/* A session states its purpose of access once, before anything else. */
		if (route->kind == ROUTE_API) {
			web_json_error(&rs, 403, "purpose_required", "choose the session's purpose of "
				       "access first (the page /purpose)");
		} else {
			char to[sizeof rs.location];
			int plain = strlen(st->path) < sizeof to - 16 && strspn(st->path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					   "0123456789/-_.") == strlen(st->path) && strcmp(st->path, "/");
			snprintf(to, sizeof to, "/purpose%s%.400s", plain ? "?back=" : "", plain ? st->path : "");
			web_redirect(&rs, to);
		}
		goto out;
	}
	route->handler(&rq, &rs);
out:;
	enum MHD_Result ret = send_response(conn, st, &rs);
	web_form_free(form);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	(void)cls, (void)version;
	struct request_state *st = *con_cls;
	if (!st) {
		if (!(st = calloc(1, sizeof *st)))
			return MHD_NO;
		*con_cls = st;
		atomic_fetch_add(&in_flight, 1);
		clock_gettime(CLOCK_MONOTONIC, &st->start);
		snprintf(st->method, sizeof st->method, "%s", method);
		buf_init(&st->body);
		st->body.cap = WEB_BODY_MAX;
		st->api = !strncmp(url, "/api/", 5);
		if (web_path_decode(url, st->path, sizeof st->path))
			st->bad_path = 1;
		else
			st->match = routes_match(method, st->path, &st->route, st->params, st->scratch,
						 sizeof st->scratch, &st->allow);
		const char *length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
								 MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (length && strtoull(length, NULL, 10) > WEB_BODY_MAX) {
			/* Answered before the body is read: libmicrohttpd then closes the connection. */
			st->too_large = 1;
			return dispatch(conn, st);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!st->responded && !st->too_large) {
			buf_add(&st->body, upload_data, *upload_data_size);
			st->too_large = st->body.failed;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (st->responded)
		return MHD_YES;
	return dispatch(conn, st);
}

/* One access-log line per request: time, method, route, status, milliseconds, user.  The
 * route's pattern stands for the path ("/persons/{code}"), so no person's code, name or
 * search ever reaches the log. */
static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)conn;
	struct request_state *st = *con_cls;
	if (!st)
		return;
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	long ms = (long)(end.tv_sec - st->start.tv_sec) * 1000 + (end.tv_nsec - st->start.tv_nsec) / 1000000;
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	const char *path = st->bad_path ? "(bad path)" : st->route ? st->route->pattern : "(no route)";
	char line[512];
	int n = snprintf(line, sizeof line, "%s %s %s %d %ldms %s%s\n", when, st->method, path,
			 st->status, ms, st->user[0] ? st->user : "-",
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (connection closed)");
	if (n > 0)
		(void)!write(STDERR_FILENO, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
	buf_release(&st->body);
	free(st);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

static size_t keep_escaped(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls, (void)conn;
	return strlen(s);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	fprintf(stderr, "gvi serve: libmicrohttpd: %s\n", msg);
}

/* ---- starting and stopping ---- */

/* Reads a PEM file whole (at most 1 MiB) into a NUL-ended string the caller frees. */
static char *read_pem(const char *path, const char *what, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		err_set(e, "%s %s: %s", what, path, strerror(errno));
		return NULL;
	}
	struct buf b = BUF_INIT;
	b.cap = 1024 * 1024;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	int bad = ferror(f) || b.failed;
	fclose(f);
	if (bad || !strstr(b.s, "-----BEGIN ")) {
		err_set(e, "%s %s: %s", what, path, bad ? "cannot be read (or is over 1 MiB)"
			: "not a PEM file (no \"-----BEGIN\" line)");
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* Opens the listening socket for "ADDR:PORT" or "[ADDR]:PORT".  -1 with a message. */
static int listen_on(const char *spec, struct err *e)
{
	char host[256];
	const char *port;
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || close[1] != ':' || (size_t)(close - spec - 1) >= sizeof host)
			return err_set(e, "--listen %s: expected ADDR:PORT or [IPv6]:PORT", spec);
		snprintf(host, sizeof host, "%.*s", (int)(close - spec - 1), spec + 1);
		port = close + 2;
	} else {
		const char *colon = strrchr(spec, ':');
		if (!colon || (size_t)(colon - spec) >= sizeof host)
			return err_set(e, "--listen %s: expected ADDR:PORT, e.g. 127.0.0.1:8080", spec);
		snprintf(host, sizeof host, "%.*s", (int)(colon - spec), spec);
		port = colon + 1;
	}
	char *end;
	long p = strtol(port, &end, 10);
	if (!*port || *end || p < 1 || p > 65535)
		return err_set(e, "--listen %s: the port must be a number from 1 to 65535", spec);
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE };
	struct addrinfo *ai;
	int rc = getaddrinfo(host, port, &hints, &ai);
	if (rc)
		return err_set(e, "--listen %s: \"%s\" is not an IP address (%s)", spec, host, gai_strerror(rc));
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (ai->ai_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	}
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 128) ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return err_set(e, "cannot listen on %s: %s", spec, strerror(saved));
	}
	freeaddrinfo(ai);
	return fd;
}

int web_serve(const struct web_config *cfg)
{
	struct err e = { 0 };
	if (sodium_init() < 0) {
		fprintf(stderr, "gvi: libsodium failed to initialise\n");
		return 1;
	}
	/* SQLite's memory statistics take one process-wide mutex on every allocation, which the
	 * worker threads would contend for; nothing here reads them.  (Only possible before
	 * SQLite is first used, which is here.) */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* No memory-mapped reads in the server (store.c asks for them, for imports): every audited
	 * read grows the file now and then, and each connection then unmaps and maps it again —
	 * a flush of the other core's TLB each time; plain reads cost less (bench/http: person
	 * page some 160 → 140 us of CPU).  The maximum of 0 caps every PRAGMA mmap_size. */
	sqlite3_config(SQLITE_CONFIG_MMAP_SIZE, (sqlite3_int64)0, (sqlite3_int64)0);
	/* Open the repository once first: it must exist, and an older one is migrated here,
	 * before any worker opens it. */
	struct access_auth *probe;
	if (access_auth_open(&probe, cfg->repo, &e)) {
		fprintf(stderr, "gvi: %s\n", e.msg);
		return 1;
	}
	access_auth_close(probe);
	char *cert = NULL, *key = NULL;
	if (cfg->tls_cert && (!(cert = read_pem(cfg->tls_cert, "--tls-cert", &e)) ||
			      !(key = read_pem(cfg->tls_key, "--tls-key", &e)))) {
		fprintf(stderr, "gvi: %s\n", e.msg);
		free(cert);
		return 1;
	}
	if (cert && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		fprintf(stderr, "gvi: this libmicrohttpd was built without TLS support\n");
		free(cert);
		free(key);
		return 1;
	}
	int fd = listen_on(cfg->listen, &e);
	if (fd < 0) {
		fprintf(stderr, "gvi: %s\n", e.msg);
		free(cert);
		free(key);
		return 1;
	}
	int threads = cfg->threads;
	if (threads <= 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cpus < 2 ? 2 : cpus > 4 ? 4 : (int)cpus;
	}
	server = (struct web_server){ .repo = cfg->repo, .sessions = sessions_new(),
				      .throttle = throttle_new(), .tls = cert != NULL };
	pthread_key_create(&worker_key, NULL);
	atomic_store(&in_flight, 0);

	/* The signals are taken by sigwait below; every thread libmicrohttpd starts inherits
	 * this mask, so none of them is interrupted by one. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* Under TLS the key and certificate go in as the first options; without, an empty
	 * MHD_OPTION_ARRAY stands in their place. */
	struct MHD_OptionItem tls_opts[] = {
		{ cert ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, key },
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, cert },
		{ MHD_OPTION_END, 0, NULL },
	};
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG | (cert ? MHD_USE_TLS : 0),
		0, NULL, NULL, on_request, NULL,
		MHD_OPTION_ARRAY, tls_opts,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CONNECTION_LIMIT,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CONNECTION_TIMEOUT,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
		MHD_OPTION_END);
	int rc = 0;
	if (!d) {
		fprintf(stderr, "gvi: the HTTP server could not start on %s%s\n", cfg->listen,
			cert ? " (is the key the certificate's, both PEM?)" : "");
		close(fd);
		rc = 1;
		goto out;
	}
	fprintf(stderr, "gvi serve: listening on %s://%s/ (repository %s, %d worker threads); "
		"stop with Ctrl-C or SIGTERM\n", cert ? "https" : "http", cfg->listen, cfg->repo, threads);
	if (retention_job_start(cfg->repo))
		fprintf(stderr, "gvi serve: the daily retention run could not start\n");
	int sig = 0;
	sigwait(&stop, &sig);
	fprintf(stderr, "gvi serve: %s received, finishing requests in flight\n",
		sig == SIGTERM ? "SIGTERM" : "SIGINT");
	MHD_socket lfd = MHD_quiesce_daemon(d);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	for (int i = 0; i < SHUTDOWN_GRACE * 50 && atomic_load(&in_flight) > 0; i++)
		usleep(20000);
	MHD_stop_daemon(d);
	retention_job_stop();
	fprintf(stderr, "gvi serve: stopped\n");
out:
	pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
	workers_free();
	pthread_key_delete(worker_key);
	sessions_free(server.sessions);
	throttle_free(server.throttle);
	analysis_cache_clear();
	memset(&server, 0, sizeof server);
	if (key)
		sodium_memzero(key, strlen(key));
	free(key);
	free(cert);
	return rc;
}
