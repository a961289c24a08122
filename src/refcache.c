/* refcache.c — an open-addressing hash map (owner, text) → id (see refcache.h).  FNV-1a over
 * the text with a final mix, linear probing, doubling at half full. */
#include "refcache.h"

#include <stdlib.h>
#include <string.h>

struct slot {
	const void *owner;
	char *text;     /* NULL = empty; points at `inline_text` for short texts */
	uint64_t hash;  /* compared before the text, so a probe rarely touches other texts */
	int64_t id;
	char inline_text[24];   /* codes and ids fit here: no second cache miss per lookup */
};

static void slot_set_text(struct slot *s, const char *text)
{
	size_t n = strlen(text);
	if (n < sizeof s->inline_text) {
		memcpy(s->inline_text, text, n + 1);
		s->text = s->inline_text;
	} else if (!(s->text = strdup(text))) {
		abort();
	}
}

static void slot_free_text(struct slot *s)
{
	if (s->text != s->inline_text)
		free(s->text);
	s->text = NULL;
}

struct refcache {
	struct slot *slots;
	size_t cap, n;   /* cap is a power of two */
};

static uint64_t hash(const void *owner, const char *text)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)(uintptr_t)owner;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	/* FNV's low bits are weak for short, similar keys ("17", "18"); mix them in. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

struct refcache *refcache_new(void)
{
	struct refcache *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	c->cap = 1024;
	c->slots = calloc(c->cap, sizeof *c->slots);
	if (!c->slots)
		abort();
	return c;
}

void refcache_clear(struct refcache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->cap; i++)
		if (c->slots[i].text)
			slot_free_text(&c->slots[i]);
	c->n = 0;
}

void refcache_free(struct refcache *c)
{
	if (!c)
		return;
	refcache_clear(c);
	free(c->slots);
	free(c);
}

static struct slot *find_hashed(const struct refcache *c, const void *owner, const char *text,
				uint64_t h)
{
	size_t i = h & (c->cap - 1);
	while (c->slots[i].text && (c->slots[i].hash != h || c->slots[i].owner != owner ||
				    strcmp(c->slots[i].text, text)))
		i = (i + 1) & (c->cap - 1);
	return &c->slots[i];
}

static struct slot *find(const struct refcache *c, const void *owner, const char *text)
{
	return find_hashed(c, owner, text, hash(owner, text));
}

int64_t refcache_get(const struct refcache *c, const void *owner, const char *text)
{
	const struct slot *s = find(c, owner, text);
	return s->text ? s->id : 0;
}

static void grow(struct refcache *c)
{
	struct slot *old = c->slots;
	size_t oldcap = c->cap;
	c->cap *= 2;
	c->slots = calloc(c->cap, sizeof *c->slots);
	if (!c->slots)
		abort();
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].text) {
			struct slot *to = find_hashed(c, old[i].owner, old[i].text, old[i].hash);
			*to = old[i];
			if (old[i].text == old[i].inline_text)
				to->text = to->inline_text;   /* moved with the slot */
		}
	free(old);
}

void refcache_put(struct refcache *c, const void *owner, const char *text, int64_t id)
{
	if (2 * (c->n + 1) > c->cap)
		grow(c);
	uint64_t h = hash(owner, text);
	struct slot *s = find_hashed(c, owner, text, h);
	if (s->text) {
		s->id = id;
		return;
	}
	s->hash = h;
	s->owner = owner;
	slot_set_text(s, text);
	s->id = id;
	c->n++;
}
