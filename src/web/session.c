/* session.c — in-memory sessions and login throttling (see session.h).
 *
 * Sessions live in a hash table keyed by the token's hash; each lookup is a hash and a
 * constant-time compare under one mutex, cheap next to the page it guards.  The throttle is a
 * small fixed table scanned linearly: logins are rare, and each costs an Argon2id hash anyway. */
#include "session.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 1024

time_t session_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

void session_random_token(char out[SESSION_TOKEN_LEN + 1])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SESSION_TOKEN_LEN + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

struct session {
	unsigned char hash[crypto_generichash_BYTES];
	struct session_info info;
	time_t created, last_seen;
	struct session *next;
};

struct web_sessions {
	pthread_mutex_t lock;
	struct session *bucket[BUCKETS];
	size_t n;
};

static void token_hash(const char *token, unsigned char out[crypto_generichash_BYTES])
{
	crypto_generichash(out, crypto_generichash_BYTES, (const unsigned char *)token, strlen(token),
			   NULL, 0);
}

static size_t bucket_of(const unsigned char *hash)
{
	return ((size_t)hash[0] | (size_t)hash[1] << 8) % BUCKETS;
}

struct web_sessions *sessions_new(void)
{
	struct web_sessions *s = calloc(1, sizeof *s);
	if (s)
		pthread_mutex_init(&s->lock, NULL);
	return s;
}

void sessions_free(struct web_sessions *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < BUCKETS; i++)
		for (struct session *x = s->bucket[i], *next; x; x = next) {
			next = x->next;
			sodium_memzero(x, sizeof *x);
			free(x);
		}
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static int expired(const struct session *x, time_t now)
{
	return now - x->last_seen >= SESSION_IDLE || now - x->created >= SESSION_ABSOLUTE;
}

/* Drops every expired session (under the lock). */
static void sweep(struct web_sessions *s, time_t now)
{
	for (size_t i = 0; i < BUCKETS; i++)
		for (struct session **pp = &s->bucket[i]; *pp; ) {
			struct session *x = *pp;
			if (expired(x, now)) {
				*pp = x->next;
				sodium_memzero(x, sizeof *x);
				free(x);
				s->n--;
			} else {
				pp = &x->next;
			}
		}
}

int sessions_create(struct web_sessions *s, const char *user, time_t now,
		    char token[SESSION_TOKEN_LEN + 1], struct session_info *info)
{
	struct session *x = calloc(1, sizeof *x);
	if (!x)
		return -1;
	session_random_token(token);
	token_hash(token, x->hash);
	snprintf(x->info.user, sizeof x->info.user, "%s", user);
	session_random_token(x->info.csrf);
	x->created = x->last_seen = now;
	pthread_mutex_lock(&s->lock);
	if (s->n >= SESSION_MAX)
		sweep(s, now);
	if (s->n >= SESSION_MAX) {
		pthread_mutex_unlock(&s->lock);
		free(x);
		return -1;
	}
	size_t b = bucket_of(x->hash);
	x->next = s->bucket[b];
	s->bucket[b] = x;
	s->n++;
	*info = x->info;
	pthread_mutex_unlock(&s->lock);
	return 0;
}

/* Finds token's session; returns the link pointing at it, or NULL (under the lock). */
static struct session **lookup(struct web_sessions *s, const char *token)
{
	if (strlen(token) != SESSION_TOKEN_LEN)
		return NULL;
	unsigned char h[crypto_generichash_BYTES];
	token_hash(token, h);
	for (struct session **pp = &s->bucket[bucket_of(h)]; *pp; pp = &(*pp)->next)
		if (!sodium_memcmp((*pp)->hash, h, sizeof h))
			return pp;
	return NULL;
}

int sessions_find(struct web_sessions *s, const char *token, time_t now, struct session_info *info)
{
	pthread_mutex_lock(&s->lock);
	struct session **pp = lookup(s, token);
	int found = 0;
	if (pp && expired(*pp, now)) {
		struct session *x = *pp;
		*pp = x->next;
		sodium_memzero(x, sizeof *x);
		free(x);
		s->n--;
	} else if (pp) {
		(*pp)->last_seen = now;
		*info = (*pp)->info;
		found = 1;
	}
	pthread_mutex_unlock(&s->lock);
	return found;
}

int sessions_set_purpose(struct web_sessions *s, const char *token, const char *purpose)
{
	pthread_mutex_lock(&s->lock);
	struct session **pp = lookup(s, token);
	if (pp)
		snprintf((*pp)->info.purpose, sizeof (*pp)->info.purpose, "%s", purpose ? purpose : "");
	pthread_mutex_unlock(&s->lock);
	return pp != NULL;
}

void sessions_end(struct web_sessions *s, const char *token)
{
	pthread_mutex_lock(&s->lock);
	struct session **pp = lookup(s, token);
	if (pp) {
		struct session *x = *pp;
		*pp = x->next;
		sodium_memzero(x, sizeof *x);
		free(x);
		s->n--;
	}
	pthread_mutex_unlock(&s->lock);
}

size_t sessions_count(struct web_sessions *s)
{
	pthread_mutex_lock(&s->lock);
	size_t n = s->n;
	pthread_mutex_unlock(&s->lock);
	return n;
}

/* ---- throttling ---- */

#define THROTTLE_SLOTS 4096

struct slot {
	char key[192];     /* "u:" + user name, or "a:" + address; "" = free */
	int failures;
	time_t first, locked_until;
};

struct web_throttle {
	pthread_mutex_t lock;
	struct slot slot[THROTTLE_SLOTS];
};

struct web_throttle *throttle_new(void)
{
	struct web_throttle *t = calloc(1, sizeof *t);
	if (t)
		pthread_mutex_init(&t->lock, NULL);
	return t;
}

void throttle_free(struct web_throttle *t)
{
	if (!t)
		return;
	pthread_mutex_destroy(&t->lock);
	free(t);
}

static void make_key(char *out, size_t n, char kind, const char *name)
{
	snprintf(out, n, "%c:%s", kind, name ? name : "");
}

/* The slot of key, or (with `make`) a free or stale one claimed for it; NULL if none. */
static struct slot *find_slot(struct web_throttle *t, const char *key, time_t now, int make)
{
	struct slot *free_slot = NULL, *oldest = NULL;
	for (size_t i = 0; i < THROTTLE_SLOTS; i++) {
		struct slot *sl = &t->slot[i];
		if (sl->key[0] && !strcmp(sl->key, key))
			return sl;
		int stale = !sl->key[0] ||
			    (now - sl->first >= THROTTLE_WINDOW && now >= sl->locked_until);
		if (stale && !free_slot)
			free_slot = sl;
		if (!oldest || sl->first < oldest->first)
			oldest = sl;
	}
	if (!make)
		return NULL;
	struct slot *sl = free_slot ? free_slot : oldest;
	memset(sl, 0, sizeof *sl);
	snprintf(sl->key, sizeof sl->key, "%s", key);
	sl->first = now;
	return sl;
}

static long wait_for(struct web_throttle *t, char kind, const char *name, time_t now)
{
	char key[192];
	make_key(key, sizeof key, kind, name);
	struct slot *sl = find_slot(t, key, now, 0);
	return sl && sl->locked_until > now ? (long)(sl->locked_until - now) : 0;
}

long throttle_wait(struct web_throttle *t, const char *user, const char *addr, time_t now)
{
	pthread_mutex_lock(&t->lock);
	long u = wait_for(t, 'u', user, now), a = wait_for(t, 'a', addr, now);
	pthread_mutex_unlock(&t->lock);
	return u > a ? u : a;
}

static void fail_one(struct web_throttle *t, char kind, const char *name, int limit, time_t now)
{
	char key[192];
	make_key(key, sizeof key, kind, name);
	struct slot *sl = find_slot(t, key, now, 1);
	if (now - sl->first >= THROTTLE_WINDOW) {   /* a new window */
		sl->first = now;
		sl->failures = 0;
	}
	if (++sl->failures >= limit)
		sl->locked_until = now + THROTTLE_LOCK;
}

void throttle_fail(struct web_throttle *t, const char *user, const char *addr, time_t now)
{
	pthread_mutex_lock(&t->lock);
	fail_one(t, 'u', user, THROTTLE_USER_FAILURES, now);
	fail_one(t, 'a', addr, THROTTLE_ADDR_FAILURES, now);
	pthread_mutex_unlock(&t->lock);
}

void throttle_success(struct web_throttle *t, const char *user)
{
	char key[192];
	make_key(key, sizeof key, 'u', user);
	pthread_mutex_lock(&t->lock);
	struct slot *sl = find_slot(t, key, 0, 0);
	if (sl)
		memset(sl, 0, sizeof *sl);
	pthread_mutex_unlock(&t->lock);
}
