/* access_auth.c — passwords and logins, the access layer's part of authentication (see
 * access_auth.h).
 *
 * The design choice that matters: a failed login must not tell an unknown user from a wrong
 * password, not even by its timing, so every refusal runs one full Argon2id verification —
 * against a dummy hash made once per process when there is no real one.  Bearer tokens of the
 * API follow the same rule: an unknown token costs the same hash and comparison as a known one. */
#include "access_auth.h"
#include "date.h"
#include "policy.h"
#include "store_auth.h"

#include <jansson.h>
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
		     const char *purpose, struct err *e)
{
	if (store_begin(au->st, e))
		return -1;
	if (audit_append(au->st, who->name, who->role, purpose, action, "user", who->id, NULL, e)) {
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
		     audit_append(au->st, me.name, me.role, NULL, "edit", "user", them.id,
				  "{\"password\":\"changed\"}", e);
		if (rc)
			store_rollback(au->st);
		else
			rc = store_commit(au->st, e);
	}
	sodium_memzero(hash, sizeof hash);
	return rc ? -1 : 0;
}

/* ---- bearer tokens ---- */

#define TOKEN_SECRET_BYTES 32

/* The acting user, who must be active and allowed to manage users.  0, or -1 with e set. */
static int acting_admin(struct access_auth *au, const char *acting, struct store_account *me,
			const char *what, struct err *e)
{
	if (!acting || !*acting)
		return err_set(e, "name the acting user with --user NAME or the GVI_USER environment variable");
	int found = store_auth_account(au->st, acting, me, e);
	sodium_memzero(&me->hash, sizeof me->hash);
	if (found <= 0)
		return found < 0 ? -1 : err_set(e, "no user named \"%s\"", acting);
	if (me->disabled)
		return err_set(e, "user %s is disabled", acting);
	if (!policy_allows(me->role, model_entity("user"), POLICY_WRITE))
		return err_set(e, "refused: user %s (role %s) may not %s API tokens", me->name, me->role, what);
	return 0;
}

/* The hex BLAKE2b hash of a token's secret. */
static void secret_hash(const char *secret, size_t len, char out[STORE_AUTH_TOKEN_HASH_HEX])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)secret, len, NULL, 0);
	sodium_bin2hex(out, STORE_AUTH_TOKEN_HASH_HEX, h, sizeof h);
}

/* Ends a write on au's store: commit, or roll back on rc. */
static int finish(struct access_auth *au, int rc, struct err *e)
{
	if (rc) {
		store_rollback(au->st);
		return -1;
	}
	return store_commit(au->st, e);
}

int access_auth_token_add(struct access_auth *au, const char *acting, const char *user,
			  const char *expires, const char *note, char out[ACCESS_AUTH_TOKEN_MAX],
			  int64_t *id, struct err *e)
{
	struct store_account me, them;
	if (acting_admin(au, acting, &me, "make", e))
		return -1;
	int found = store_auth_account(au->st, user, &them, e);
	sodium_memzero(&them.hash, sizeof them.hash);
	if (found <= 0)
		return found < 0 ? -1 : err_set(e, "no user named \"%s\" (an admin adds users with `gvi user add`)",
					       user);
	if (them.disabled)
		return err_set(e, "user %s is disabled: a token for them could not be used", user);
	char day[DATE_LEN], today[DATE_LEN];
	if (expires) {
		if (date_parse(expires, day, e))
			return err_prefix(e, "--expires: ");
		date_today(today);
		if (strcmp(day, today) < 0)
			return err_set(e, "--expires: %s is in the past (today is %s)", day, today);
	}
	if (note && strlen(note) > 200)
		return err_set(e, "--note: at most 200 bytes");
	unsigned char raw[TOKEN_SECRET_BYTES];
	char secret[sodium_base64_ENCODED_LEN(TOKEN_SECRET_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(secret, sizeof secret, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char hash[STORE_AUTH_TOKEN_HASH_HEX], now[DATETIME_LEN];
	secret_hash(secret, strlen(secret), hash);
	date_now(now);
	json_t *j = json_pack("{s:s}", "user", them.name);
	if (expires)
		json_object_set_new(j, "expires", json_string(day));
	if (note && *note)
		json_object_set_new(j, "note", json_string(note));
	char *detail = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	int rc = store_begin(au->st, e);
	if (!rc) {
		rc = store_auth_token_add(au->st, them.id, hash, now, expires ? day : NULL, note, id, e) ||
		     audit_append(au->st, me.name, me.role, NULL, "add", "token", *id, detail, e);
		rc = finish(au, rc, e);
	}
	free(detail);
	if (!rc)
		snprintf(out, ACCESS_AUTH_TOKEN_MAX, "gvi_%lld.%s", (long long)*id, secret);
	sodium_memzero(raw, sizeof raw);
	sodium_memzero(secret, sizeof secret);
	return rc;
}

struct list_ctx {
	access_token_fn fn;
	void *ctx;
};

static int list_one(void *p, const struct store_token *t)
{
	struct list_ctx *lc = p;
	struct access_token_info info = { t->id, t->user, t->created, t->expires, t->note, t->revoked };
	return lc->fn(lc->ctx, &info);
}

int access_auth_token_list(struct access_auth *au, const char *acting, access_token_fn fn,
			   void *ctx, struct err *e)
{
	struct store_account me;
	if (acting_admin(au, acting, &me, "list", e) || store_begin(au->st, e))
		return -1;
	struct list_ctx lc = { fn, ctx };
	int rc = audit_append(au->st, me.name, me.role, NULL, "list", "token", 0, NULL, e);
	if (!rc && (rc = store_auth_token_each(au->st, list_one, &lc, e)) > 0)
		rc = 0;   /* the caller stopped */
	return finish(au, rc, e);
}

int access_auth_token_revoke(struct access_auth *au, const char *acting, int64_t id, struct err *e)
{
	struct store_account me;
	if (acting_admin(au, acting, &me, "revoke", e) || store_begin(au->st, e))
		return -1;
	char now[DATETIME_LEN];
	date_now(now);
	int rc = store_auth_token_revoke(au->st, id, now, e) ||
		 audit_append(au->st, me.name, me.role, NULL, "revoke", "token", id, NULL, e);
	return finish(au, rc, e);
}

int access_auth_bearer(struct access_auth *au, const char *token, struct actor *who, struct err *e)
{
	/* "gvi_" ID "." SECRET, SECRET in base64url */
	const char *dot = token ? strchr(token, '.') : NULL;
	size_t len = token ? strlen(token) : 0;
	int well_formed = token && len < ACCESS_AUTH_TOKEN_MAX && !strncmp(token, "gvi_", 4) && dot &&
			  dot > token + 4 && (size_t)(dot - token - 4) <= 15 &&
			  strspn(token + 4, "0123456789") == (size_t)(dot - token - 4) &&
			  dot[1] && strspn(dot + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
						   "0123456789-_") == strlen(dot + 1);
	struct store_token t;
	int found = 0;
	if (well_formed) {
		found = store_auth_token_get(au->st, strtoll(token + 4, NULL, 10), &t, e);
		if (found < 0)
			return -1;
	}
	/* The same work for every token, known or not. */
	char hash[STORE_AUTH_TOKEN_HASH_HEX];
	const char *secret = well_formed ? dot + 1 : "";
	secret_hash(secret, strlen(secret), hash);
	if (!found)
		memset(t.hash, 'x', sizeof t.hash - 1);
	int same = sodium_memcmp(hash, t.hash, STORE_AUTH_TOKEN_HASH_HEX - 1) == 0;
	if (!found || !same || t.revoked[0])
		return 1;
	if (t.expires[0]) {
		char today[DATE_LEN];
		date_today(today);
		if (strcmp(t.expires, today) < 0)
			return 1;
	}
	return access_auth_current(au, t.user, who, e);
}
