/* store_auth.h — user accounts as the login needs them, password hashes included.
 *
 * The password hash lives in a column model.c does not name (schema.c migration 3), so the
 * generic record code never reads it: no list, show, export or import can carry it.  These
 * functions are the only SQL that touches it, and only access_auth.c calls them — like
 * store_record.c they do no access control and no auditing. */
#ifndef GVI_STORE_AUTH_H
#define GVI_STORE_AUTH_H
#include <stdint.h>
#include "store.h"

#define STORE_AUTH_HASH_MAX 128   /* libsodium's crypto_pwhash_STRBYTES */

struct store_account {
	int64_t id;
	char name[128];
	char role[32];
	int64_t agency_id;
	char agency[256];
	int disabled;
	char hash[STORE_AUTH_HASH_MAX];   /* "" when no password has been set */
};

/* Loads the account named `name`.  Returns 1 found, 0 no such account, -1 error. */
int store_auth_account(struct store *s, const char *name, struct store_account *out, struct err *e);
/* Replaces the password hash of account `id` (NULL clears it). */
int store_auth_set_hash(struct store *s, int64_t id, const char *hash, struct err *e);

/* ---- bearer tokens of the JSON API (schema.c migration 4) ----
 * A token's secret is never stored: `hash` is the hex BLAKE2b hash of it. */
#define STORE_AUTH_TOKEN_HASH_HEX 65   /* 32 bytes as hex, and the NUL */

struct store_token {
	int64_t id;
	char hash[STORE_AUTH_TOKEN_HASH_HEX];
	int64_t account_id;
	char user[128];
	char created[32];
	char expires[16];    /* "" when it never expires */
	char note[256];
	char revoked[32];    /* "" while not revoked */
};

/* Adds a token row for account_id (expires and note may be NULL); *id is the new row's id. */
int store_auth_token_add(struct store *s, int64_t account_id, const char *hash, const char *created,
			 const char *expires, const char *note, int64_t *id, struct err *e);
/* Sets the hash of token id (written once, after its id is known). */
int store_auth_token_set_hash(struct store *s, int64_t id, const char *hash, struct err *e);
/* Loads token id.  Returns 1 found, 0 no such token, -1 error. */
int store_auth_token_get(struct store *s, int64_t id, struct store_token *out, struct err *e);
/* Calls fn for every token, by id; stops and returns fn's value when it is non-zero. */
int store_auth_token_each(struct store *s, int (*fn)(void *ctx, const struct store_token *t),
			  void *ctx, struct err *e);
/* Marks token id revoked at `when`.  Returns 0, or -1 (e set) when there is no such token. */
int store_auth_token_revoke(struct store *s, int64_t id, const char *when, struct err *e);

#endif
