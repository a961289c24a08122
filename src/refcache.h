/* refcache.h — a memo of resolved references for the length of one batch (an import).
 *
 * A million-row involvement file names the same persons and incidents over and over; looking
 * each up in the store costs a B-tree search, looking it up here a hash probe.  Entries are
 * only ever added for records that exist, and a batch only adds records, so an entry cannot
 * go stale before the batch ends (when the cache is cleared). */
#ifndef GVI_REFCACHE_H
#define GVI_REFCACHE_H
#include <stdint.h>

struct refcache;

struct refcache *refcache_new(void);
void refcache_free(struct refcache *c);   /* accepts NULL */
void refcache_clear(struct refcache *c);
/* The id cached for (owner, text), or 0. `owner` tells apart the entities referred to. */
int64_t refcache_get(const struct refcache *c, const void *owner, const char *text);
void refcache_put(struct refcache *c, const void *owner, const char *text, int64_t id);

#endif
