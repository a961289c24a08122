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
/* Appends an audit entry for who (action "login" or "logout", entity "user"). */
int access_auth_note(struct access_auth *au, const struct actor *who, const char *action,
		     struct err *e);

/* Sets target's password, acting as `acting`: allowed for a role that may write users (the
 * admin) and for every user on their own account.  Audited as an edit of the user that says
 * the password changed, never the hash.  The password must be ACCESS_AUTH_PASSWORD_MIN
 * characters or more. */
int access_auth_passwd(struct access_auth *au, const char *acting, const char *target,
		       const char *password, struct err *e);

#endif
