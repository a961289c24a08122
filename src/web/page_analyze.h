/* page_analyze.h — what the analysis pages (/analys…) share.
 *
 * Every analysis page is the CLI's `gvi --json analyze …` rendered as HTML: the page turns
 * its query into the command's options, runs the analysis as the logged-in user through
 * analysis_cache_run (one run at a time, cached by data version) and shows the JSON.  So a
 * page shows exactly what the command line shows the same user, refusals included. */
#ifndef GVI_WEB_PAGE_ANALYZE_H
#define GVI_WEB_PAGE_ANALYZE_H
#include <jansson.h>

#include "page.h"

#define ANALYZE_MAX_ARGS 24

/* The options of one run: argv[0] is the analysis; values point into `store`. */
struct analyze_args {
	const char *argv[ANALYZE_MAX_ARGS];
	int argc;
	char store[ANALYZE_MAX_ARGS][160];
	int nstore;
	struct buf query;   /* the filters as a query string ("from=…&amp;"), for links */
};

void analyze_args_init(struct analyze_args *x, const char *analysis);
void analyze_args_release(struct analyze_args *x);
/* Adds "--name value" (value copied). */
void analyze_args_add(struct analyze_args *x, const char *name, const char *value);
/* Reads the query argument `name` into out (size n) and, if given, adds it as --option
 * (option NULL: not passed on) and to x->query.  Returns 0, or -1 after answering 400. */
int analyze_query(struct web_request *rq, struct web_response *rs, struct analyze_args *x,
		  const char *name, const char *option, char *out, size_t n);
/* The common filters ?from= &to= (dates) &area=: read, checked, added.  -1 after a 400. */
int analyze_filters(struct web_request *rq, struct web_response *rs, struct analyze_args *x,
		    char from[11], char to[11], char area[128]);
/* Runs the analysis in JSON and parses it.  NULL after answering in rs: 403 for a refusal
 * (the analysis's own message), 400 for a bad option, 404 for an unknown person or group. */
json_t *analyze_page_json(struct web_request *rq, struct web_response *rs, struct analyze_args *x);
/* The same without answering: 0 and *out, or -1 with e set (the analysis's message). */
int analyze_run_json(struct web_request *rq, struct analyze_args *x, json_t **out, struct err *e);

/* The sub-navigation of the analysis pages and the filter form (from, to, area and the
 * page's own fields, written by the caller between begin and end). */
void analyze_subnav(struct web_request *rq, struct buf *b, const char *current);
void analyze_form_begin(struct web_request *rq, struct buf *b, const char *action,
			const char *from, const char *to, const char *area);
void analyze_form_end(struct web_request *rq, struct buf *b);
/* A labelled text input of the filter form. */
void analyze_form_input(struct buf *b, const char *name, const char *label, const char *value,
			const char *type);

/* JSON values as text for a cell: numbers with up to `digits` significant digits, strings as
 * they are, null as "–". */
const char *analyze_cell(json_t *v, int digits, char *buf, size_t n);
/* "1 underlag som du inte har behörighet att se" (or n underlag …): the records behind a
 * score that the viewer's role may not read — that they exist, not what they are. */
void analyze_hidden_note(struct web_request *rq, struct buf *b, long n);

/* The handlers. */
void page_analyze(struct web_request *rq, struct web_response *rs);          /* /analys */
void page_analyze_persons(struct web_request *rq, struct web_response *rs);  /* /analys/personer */
void page_analyze_person(struct web_request *rq, struct web_response *rs);   /* /analys/personer/{code} */
void page_analyze_risk(struct web_request *rq, struct web_response *rs);     /* /analys/risk */
void page_analyze_retaliation(struct web_request *rq, struct web_response *rs); /* /analys/vedergallning */
void page_analyze_network(struct web_request *rq, struct web_response *rs);  /* /analys/natverk */
void page_analyze_network_file(struct web_request *rq, struct web_response *rs); /* …/natverk.{svg,graphml,gexf} */

#endif
