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

#endif
