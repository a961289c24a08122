/* routes.h — the one table of the web application's routes.
 *
 * Each route is {method, path pattern, handler, needs login, kind}.  A pattern is a path whose
 * segments are literal or "{name}", which matches one non-empty segment and hands it to the
 * handler as a parameter.  What a logged-in user may see is not decided here: the handlers
 * ask the access layer, which refuses what the user's role may not read. */
#ifndef GVI_WEB_ROUTES_H
#define GVI_WEB_ROUTES_H
#include "web.h"

enum route_kind { ROUTE_PAGE, ROUTE_API, ROUTE_PLAIN };

struct route {
	const char *method;        /* "GET" or "POST" (GET routes answer HEAD too) */
	const char *pattern;       /* "/persons/{code}" */
	web_handler handler;
	int needs_login;           /* without a session: pages redirect to /login, the API says 401 */
	enum route_kind kind;      /* how errors are answered: HTML page, JSON, plain text */
};

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };

/* Finds the route for method and decoded path.  ROUTE_FOUND: *out is it and params[] point
 * into `scratch` (a copy of path, size n).  ROUTE_NO_METHOD: the path exists for other
 * methods; *allow says which ("GET, HEAD" or "POST"); *out is one of those routes. */
enum route_match routes_match(const char *method, const char *path, const struct route **out,
			      const char *params[WEB_MAX_PARAMS], char *scratch, size_t n,
			      const char **allow);

#endif
