/* analysis_cache.h — running `gvi analyze` for the web pages: one run at a time, results
 * kept until the repository changes.
 *
 * The analyses use igraph, whose random generator and error handler are process globals, and
 * a few sort helpers with file-level state, so two runs must never overlap; the server has a
 * pool of worker threads.  Every run therefore goes through analysis_cache_run, which holds
 * one mutex for the whole run.  Because a run on a national register takes seconds, the JSON
 * or CSV it produced is kept, keyed by the user, the role, today's date, the format and the
 * options, and served again while the repository's data version (access_data_version on a
 * connection of the cache's own) has not changed: any commit by anyone, from the web or the
 * command line, empties the cache. */
#ifndef GVI_WEB_ANALYSIS_CACHE_H
#define GVI_WEB_ANALYSIS_CACHE_H
#include "table.h"
#include "web.h"

/* Runs analysis argv[0] with the options argv[1..argc-1] (as on the command line) as the
 * request's user, in fmt (TABLE_JSON, TABLE_CSV; a picture is SVG), or takes the result from
 * the cache.  On success the output is appended to out and *cached says whether it came from
 * the cache; on failure e holds the analysis's message (e->code 2: a bad option) and out is
 * untouched. */
int analysis_cache_run(struct web_request *rq, enum table_format fmt, int argc,
		       const char *const *argv, struct buf *out, int *cached, struct err *e);
/* Frees the cached results and the cache's connection (at server stop; safe to call twice). */
void analysis_cache_clear(void);

#endif
