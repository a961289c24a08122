/* web.h — what a route handler of `gvi serve` gets and gives.
 *
 * A handler gets the request — its decoded path and the route's {…} parameters, query and
 * form fields, and, behind a login, the user and an access handle acting as that user — and
 * fills a response: status, content type, body, redirect and cookies.  Handlers never see
 * libmicrohttpd, SQL or the store: data comes only through the access layer (access.h,
 * access_auth.h), so the policy and the audit apply exactly as in the CLI.  The server
 * (server.c) adds the security headers, the CSRF check and the access log around them. */
#ifndef GVI_WEB_H
#define GVI_WEB_H
#include "access.h"
#include "buf.h"

#define WEB_MAX_PARAMS 4
#define WEB_BODY_MAX (1024 * 1024)   /* a larger request body is answered 413 */

struct MHD_Connection;
struct web_form;
struct access_auth;
struct web_sessions;
struct web_throttle;

/* State shared by every worker thread (each part locks for itself). */
struct web_server {
	const char *repo;
	int tls;                          /* cookies get Secure */
	struct web_sessions *sessions;
	struct web_throttle *throttle;
};

struct web_request {
	const char *method;               /* "GET" (HEAD is served as GET) or "POST" */
	const char *path;                 /* percent-decoded and checked (no "..", no NUL) */
	const char *params[WEB_MAX_PARAMS];   /* the route's {…} segments, decoded */
	const char *client;               /* the client's address, as text */
	struct MHD_Connection *conn;
	const struct web_form *form;      /* the fields of a POSTed form (empty otherwise) */
	const char *body;                 /* an API POST/PATCH: the JSON body as sent (not NUL-ended) */
	size_t body_len;
	struct web_server *server;
	struct access_auth *auth;         /* this worker thread's authentication handle */
	/* Behind a login (all NULL otherwise): */
	const struct actor *who;
	struct access *a;                 /* acting as who; this worker thread's own connection */
	const char *csrf;                 /* the session's CSRF token, for forms */
	const char *session_token;        /* the session cookie as sent */
	const char *purpose;              /* the purpose of access of the session or the API
					   * request (X-GVI-Purpose); NULL until one is given */
};

struct web_response {
	int status;
	const char *type;                 /* Content-Type */
	struct buf body;
	int cacheable;                    /* a static asset; all else is Cache-Control: no-store */
	char location[512];               /* a redirect's target */
	const char *allow;                /* Allow, with 405 */
	char disposition[128];            /* Content-Disposition (a CSV export's file name), or "" */
	int lang;                         /* the page's language (enum i18n_lang), from page_begin */
	char *cookies[3];                 /* Set-Cookie values (malloc'd; freed by the server) */
	size_t ncookies;
};

typedef void (*web_handler)(struct web_request *rq, struct web_response *rs);

/* A query-string argument, percent-decoded into out (size n).  Returns 1 found, 0 absent,
 * -1 malformed or too long (answer 400). */
int web_query(const struct web_request *rq, const char *name, char *out, size_t n);
/* A field of the POSTed form (decoded), or NULL. */
const char *web_form_get(const struct web_form *f, const char *name);
/* A cookie the client sent, or NULL. */
const char *web_cookie(const struct web_request *rq, const char *name);
/* Adds a Set-Cookie header (the value formatted from fmt). */
void web_set_cookie(struct web_response *rs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A 303 See Other to a local path. */
void web_redirect(struct web_response *rs, const char *location);
/* Replaces the response with a JSON error {"error": code, "message": message}. */
void web_json_error(struct web_response *rs, int status, const char *code, const char *message);

/* The handlers of the route table (routes.c), one file per page or area. */
void web_healthz(struct web_request *rq, struct web_response *rs);
void web_static(struct web_request *rq, struct web_response *rs);
void page_login_form(struct web_request *rq, struct web_response *rs);
void page_login_post(struct web_request *rq, struct web_response *rs);
void page_logout(struct web_request *rq, struct web_response *rs);
void page_purpose_form(struct web_request *rq, struct web_response *rs);   /* page_purpose.c */
void page_purpose_post(struct web_request *rq, struct web_response *rs);
void page_home(struct web_request *rq, struct web_response *rs);
void page_persons(struct web_request *rq, struct web_response *rs);
void page_person(struct web_request *rq, struct web_response *rs);
void api_list(struct web_request *rq, struct web_response *rs);
void api_show(struct web_request *rq, struct web_response *rs);
void api_add(struct web_request *rq, struct web_response *rs);
void api_edit(struct web_request *rq, struct web_response *rs);
void api_openapi(struct web_request *rq, struct web_response *rs);   /* openapi.c */

#endif
