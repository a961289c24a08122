/* access_auth.h — the access layer's side of logging in: passwords and who is still allowed in.
 *
 * Part of the access-policy and audit layer (access.h): the web server checks a password, and
 * on every request whether its user still exists and is not disabled, only through these
 * functions; `gvi passwd` sets a password through them.  Password hashes are Argon2id strings
 * from libsodium's crypto_pwhash_str with the interactive limits; they never leave this layer
 * (no function here returns one).  A handle is one SQLite connection: use it from one thread
 * at a time. */
#ifndef GVI_ACCESS_AUTH_H
#define GVI_ACCESS_AUTH_H
#include "access.h"

#define ACCESS_AUTH_PASSWORD_MIN 8      /* characters */
#define ACCESS_AUTH_PASSWORD_MAX 1024   /* bytes */

struct access_auth;

/* Opens the repository at path for authentication (migrating it forward like access_open). */
int access_auth_open(struct access_auth **out, const char *path, struct err *e);
void access_auth_close(struct access_auth *au);   /* accepts NULL */

/* Checks user's password in constant time (an unknown or disabled user, or one without a
 * password, costs the same as a wrong password).  Returns 0 and fills *who when it is right
 * and the user may log in; 1 when not (the caller shows one generic message); -1 on an error
 * of the repository (e set). */
int access_auth_login(struct access_auth *au, const char *user, const char *password,
		      struct actor *who, struct err *e);
/* Is `user` still an active user?  Returns 0 with *who filled (role as it is now), 1 when
 * the user is gone or disabled, -1 on an error. */
int access_auth_current(struct access_auth *au, const char *user, struct actor *who, struct err *e);
/* Appends an audit entry for who (action "login" or "logout", entity "user"), with the
 * session's purpose of access (NULL before one is chosen). */
int access_auth_note(struct access_auth *au, const struct actor *who, const char *action,
		     const char *purpose, struct err *e);

/* Sets target's password, acting as `acting`: allowed for a role that may write users (the
 * admin) and for every user on their own account.  Audited as an edit of the user that says
 * the password changed, never the hash.  The password must be ACCESS_AUTH_PASSWORD_MIN
 * characters or more. */
int access_auth_passwd(struct access_auth *au, const char *acting, const char *target,
		       const char *password, struct err *e);

/* ---- bearer tokens for the JSON API ----
 * A token reads "gvi_ID.SECRET": ID names its row, SECRET is 32 random bytes (libsodium
 * randombytes) in base64url.  Only the BLAKE2b hash of SECRET is stored (crypto_generichash),
 * so the token is shown once, when it is made, and never again. */
#define ACCESS_AUTH_TOKEN_MAX 96   /* bytes of a token's text, with its NUL */

struct access_token_info {          /* what `gvi token list` shows: never the token */
	int64_t id;
	const char *user, *created, *expires, *note, *revoked;   /* "" when none */
};
typedef int (*access_token_fn)(void *ctx, const struct access_token_info *t);

/* Makes a token for `user`, acting as `acting` (a role that may write users: the admin).
 * expires ("YYYY-MM-DD", the last day it is valid; not before today) and note may be NULL.
 * Writes the token to out (ACCESS_AUTH_TOKEN_MAX bytes) and its id to *id; audited as an
 * "add" of a "token" that names the user, never the token. */
int access_auth_token_add(struct access_auth *au, const char *acting, const char *user,
			  const char *expires, const char *note, char out[ACCESS_AUTH_TOKEN_MAX],
			  int64_t *id, struct err *e);
/* Lists every token (admin), audited as one "list" of "token". */
int access_auth_token_list(struct access_auth *au, const char *acting, access_token_fn fn,
			   void *ctx, struct err *e);
/* Revokes token id (admin); audited. */
int access_auth_token_revoke(struct access_auth *au, const char *acting, int64_t id, struct err *e);
/* Checks a bearer token: well formed, known (its hash compared in constant time), not
 * revoked, not expired, and its user active.  Returns 0 with *who filled (the user as they
 * are now), 1 when it is not valid (one answer for every reason), -1 on an error. */
int access_auth_bearer(struct access_auth *au, const char *token, struct actor *who, struct err *e);

#endif
