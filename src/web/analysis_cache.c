/* analysis_cache.c — one analysis at a time, and results kept while the data stand still
 * (see analysis_cache.h).
 *
 * The mutex is held from the cache lookup to the end of the run: a second request for the
 * same page waits for the first and then finds its result, instead of computing it again.
 * The data version comes from a connection the cache opens for itself (as the first user who
 * runs an analysis; it only ever asks PRAGMA data_version, which reads no data), since
 * SQLite's data_version counts the commits of *other* connections: a worker's own connection
 * would not see its own writes.  At most CACHE_ENTRIES results are kept, the least recently
 * used one giving way. */
#include "analysis_cache.h"
#include "analysis/analyze.h"

#include "date.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_ENTRIES 24

struct entry {
	char *key;
	char *text;
	size_t len;
	unsigned long used;   /* the tick of its last use */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry cache[CACHE_ENTRIES];
static unsigned long tick;
static struct access *watcher;
static int64_t seen_version = -1;

static void entries_free(void)
{
	for (size_t i = 0; i < CACHE_ENTRIES; i++) {
		free(cache[i].key);
		free(cache[i].text);
		cache[i] = (struct entry){ 0 };
	}
}

void analysis_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	entries_free();
	access_close(watcher);
	watcher = NULL;
	seen_version = -1;
	pthread_mutex_unlock(&lock);
}

/* Empties the cache if anyone committed since the last look.  Under the lock. */
static void check_version(struct web_request *rq)
{
	struct err e = { 0 };
	int64_t v = -1;
	if (!watcher && access_open(&watcher, rq->server->repo, rq->who->name, 0, &e))
		watcher = NULL;
	if (!watcher || access_data_version(watcher, &v, &e)) {
		entries_free();   /* cannot tell: keep nothing */
		seen_version = -1;
		return;
	}
	if (v != seen_version)
		entries_free();
	seen_version = v;
}

static char *make_key(const struct web_request *rq, enum table_format fmt, int argc,
		      const char *const *argv)
{
	struct buf k = BUF_INIT;
	char today[DATE_LEN];
	date_today(today);
	buf_addf(&k, "%s\x1f%s\x1f%s\x1f%d", rq->who->name, rq->who->role, today, (int)fmt);
	for (int i = 0; i < argc; i++)
		buf_addf(&k, "\x1f%s", argv[i]);
	return buf_detach(&k);
}

int analysis_cache_run(struct web_request *rq, enum table_format fmt, int argc,
		       const char *const *argv, struct buf *out, int *cached, struct err *e)
{
	char *key = make_key(rq, fmt, argc, argv);
	pthread_mutex_lock(&lock);
	check_version(rq);
	tick++;
	for (size_t i = 0; i < CACHE_ENTRIES; i++)
		if (cache[i].key && !strcmp(cache[i].key, key)) {
			cache[i].used = tick;
			buf_add(out, cache[i].text, cache[i].len);
			*cached = 1;
			pthread_mutex_unlock(&lock);
			free(key);
			return 0;
		}
	*cached = 0;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int rc;
	if (!mem) {
		rc = err_set(e, "out of memory");
	} else {
		char **args = calloc((size_t)argc + 1, sizeof *args);
		if (!args)
			abort();
		for (int i = 0; i < argc; i++)
			args[i] = (char *)argv[i];   /* analyze_run only reads them */
		rc = analyze_run(rq->a, fmt, argc, args, mem, e);
		free(args);
		fclose(mem);
	}
	if (!rc) {
		buf_add(out, text, len);
		size_t slot = 0;
		for (size_t i = 0; i < CACHE_ENTRIES; i++) {
			if (!cache[i].key) {
				slot = i;
				break;
			}
			if (cache[i].used < cache[slot].used)
				slot = i;
		}
		free(cache[slot].key);
		free(cache[slot].text);
		cache[slot] = (struct entry){ key, text, len, tick };
		key = NULL;
		text = NULL;
	}
	pthread_mutex_unlock(&lock);
	free(key);
	free(text);
	return rc;
}
