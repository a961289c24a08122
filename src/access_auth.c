/* access_auth.c — passwords and logins, the access layer's part of authentication (see
 * access_auth.h).
 *
 * The design choice that matters: a failed login must not tell an unknown user from a wrong
 * password, not even by its timing, so every refusal runs one full Argon2id verification —
 * against a dummy hash made once per process when there is no real one. */
#include "access_auth.h"
#include "policy.h"
#include "store_auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct access_auth {
	struct store *st;
};

static char dummy_hash[crypto_pwhash_STRBYTES];
static int dummy_ok;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	unsigned char pw[32];
	randombytes_buf(pw, sizeof pw);
	dummy_ok = crypto_pwhash_str(dummy_hash, (const char *)pw, sizeof pw,
				     crypto_pwhash_OPSLIMIT_INTERACTIVE,
				     crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

int access_auth_open(struct access_auth **out, const char *path, struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, "libsodium failed to initialise");
	struct access_auth *au = calloc(1, sizeof *au);
	if (!au)
		return err_set(e, "out of memory");
	if (store_open(&au->st, path, 1, e)) {
		free(au);
		return -1;
	}
	*out = au;
	return 0;
}

void access_auth_close(struct access_auth *au)
{
	if (!au)
		return;
	store_close(au->st);
	free(au);
}

static void fill_actor(struct actor *who, const struct store_account *acc)
{
	memset(who, 0, sizeof *who);
	who->id = acc->id;
	snprintf(who->name, sizeof who->name, "%s", acc->name);
	snprintf(who->role, sizeof who->role, "%s", acc->role);
	who->agency_id = acc->agency_id;
	snprintf(who->agency, sizeof who->agency, "%s", acc->agency);
}

int access_auth_login(struct access_auth *au, const char *user, const char *password,
		      struct actor *who, struct err *e)
{
	struct store_account acc;
	size_t pwlen = password ? strlen(password) : 0;
	int found = user && *user ? store_auth_account(au->st, user, &acc, e) : 0;
	if (found < 0)
		return -1;
	int usable = found && !acc.disabled && acc.hash[0] && pwlen <= ACCESS_AUTH_PASSWORD_MAX;
	const char *hash = usable ? acc.hash : NULL;
	if (!hash) {
		pthread_once(&dummy_once, make_dummy);
		hash = dummy_ok ? dummy_hash : NULL;
	}
	if (pwlen > ACCESS_AUTH_PASSWORD_MAX)
		pwlen = ACCESS_AUTH_PASSWORD_MAX;
	int right = hash && crypto_pwhash_str_verify(hash, password ? password : "", pwlen) == 0;
	sodium_memzero(&acc.hash, sizeof acc.hash);
	if (!usable || !right)
		return 1;
	fill_actor(who, &acc);
	return 0;
}

int access_auth_current(struct access_auth *au, const char *user, struct actor *who, struct err *e)
{
	struct store_account acc;
	int found = store_auth_account(au->st, user, &acc, e);
	sodium_memzero(&acc.hash, sizeof acc.hash);
	if (found < 0)
		return -1;
	if (!found || acc.disabled)
		return 1;
	fill_actor(who, &acc);
	return 0;
}

int access_auth_note(struct access_auth *au, const struct actor *who, const char *action,
		     struct err *e)
{
	if (store_begin(au->st, e))
		return -1;
	if (audit_append(au->st, who->name, who->role, action, "user", who->id, NULL, e)) {
		store_rollback(au->st);
		return -1;
	}
	return store_commit(au->st, e);
}

/* Characters (UTF-8 code points) in s. */
static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

int access_auth_passwd(struct access_auth *au, const char *acting, const char *target,
		       const char *password, struct err *e)
{
	if (!acting || !*acting)
		return err_set(e, "name the acting user with --user NAME or the GVI_USER environment variable");
	struct store_account me, them;
	int found = store_auth_account(au->st, acting, &me, e);
	if (found <= 0)
		return found < 0 ? -1 : err_set(e, "no user named \"%s\"", acting);
	sodium_memzero(&me.hash, sizeof me.hash);
	if (me.disabled)
		return err_set(e, "user %s is disabled", acting);
	int self = !strcmp(acting, target);
	if (!self && !policy_allows(me.role, model_entity("user"), POLICY_WRITE))
		return err_set(e, "refused: user %s (role %s) may only set their own password", me.name,
			       me.role);
	found = store_auth_account(au->st, target, &them, e);
	if (found <= 0)
		return found < 0 ? -1 : err_set(e, "no user named \"%s\" (an admin adds users with `gvi user add`)",
					       target);
	sodium_memzero(&them.hash, sizeof them.hash);
	if (strlen(password) > ACCESS_AUTH_PASSWORD_MAX)
		return err_set(e, "the password is longer than %d bytes", ACCESS_AUTH_PASSWORD_MAX);
	if (chars(password) < ACCESS_AUTH_PASSWORD_MIN)
		return err_set(e, "the password is too short: use at least %d characters",
			       ACCESS_AUTH_PASSWORD_MIN);
	char hash[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE))
		return err_set(e, "out of memory while hashing the password");
	int rc = store_begin(au->st, e);
	if (!rc) {
		rc = store_auth_set_hash(au->st, them.id, hash, e) ||
		     audit_append(au->st, me.name, me.role, "edit", "user", them.id,
				  "{\"password\":\"changed\"}", e);
		if (rc)
			store_rollback(au->st);
		else
			rc = store_commit(au->st, e);
	}
	sodium_memzero(hash, sizeof hash);
	return rc ? -1 : 0;
}
