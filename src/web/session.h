/* session.h — login sessions and login throttling, kept in the server's memory.
 *
 * A session is named by a random 32-byte token (base64url, 43 characters) that only the
 * client holds, in the gvi_session cookie; the server keeps a BLAKE2b hash of it
 * (crypto_generichash), so a memory dump or a log never yields a usable token.  A session ends
 * after 30 minutes without a request or 12 hours after login, whichever comes first, at logout,
 * or when the server stops.  Each session has its own CSRF token for forms, and the purpose of
 * access its user chose for it (asked once per session, written into every audit entry).
 *
 * Throttling counts failed logins per user name and per client address: 5 failures for a user
 * (20 for an address, which may be a whole office behind one NAT) within 15 minutes refuse
 * further attempts for 15 minutes.  Times are seconds of a monotonic clock, passed in, so the
 * rules can be tested without waiting.  Every function here locks for itself. */
#ifndef GVI_WEB_SESSION_H
#define GVI_WEB_SESSION_H
#include <stddef.h>
#include <time.h>

#define SESSION_TOKEN_LEN 43          /* base64url of 32 bytes, no padding */
#define SESSION_IDLE (30 * 60)
#define SESSION_ABSOLUTE (12 * 60 * 60)
#define SESSION_MAX 10000

#define THROTTLE_WINDOW (15 * 60)
#define THROTTLE_LOCK (15 * 60)
#define THROTTLE_USER_FAILURES 5
#define THROTTLE_ADDR_FAILURES 20

struct web_sessions;
struct web_throttle;

struct session_info {
	char user[128];
	char csrf[SESSION_TOKEN_LEN + 1];
	char purpose[128];    /* the purpose of access chosen for the session; "" until then */
};

/* A monotonic clock in seconds. */
time_t session_clock(void);
/* A new random token, base64url (out holds SESSION_TOKEN_LEN + 1). */
void session_random_token(char out[SESSION_TOKEN_LEN + 1]);

struct web_sessions *sessions_new(void);
void sessions_free(struct web_sessions *s);   /* accepts NULL */
/* Starts a session for user; writes its token (for the cookie) and fills *info.  Returns 0,
 * or -1 when SESSION_MAX sessions are live. */
int sessions_create(struct web_sessions *s, const char *user, time_t now,
		    char token[SESSION_TOKEN_LEN + 1], struct session_info *info);
/* Finds the live session of token and marks it used now.  Returns 1 found (*info filled),
 * 0 unknown or expired (an expired one is removed). */
int sessions_find(struct web_sessions *s, const char *token, time_t now, struct session_info *info);
/* Records the purpose of access chosen for token's session ("" clears it).  Returns 1, or 0
 * when there is no such session. */
int sessions_set_purpose(struct web_sessions *s, const char *token, const char *purpose);
/* Ends the session of token (no-op if unknown). */
void sessions_end(struct web_sessions *s, const char *token);
size_t sessions_count(struct web_sessions *s);

struct web_throttle *throttle_new(void);
void throttle_free(struct web_throttle *t);   /* accepts NULL */
/* Seconds until user or addr may try again; 0 = may try now. */
long throttle_wait(struct web_throttle *t, const char *user, const char *addr, time_t now);
/* Counts a failed login for both. */
void throttle_fail(struct web_throttle *t, const char *user, const char *addr, time_t now);
/* A successful login clears the user's count (the address's stays). */
void throttle_success(struct web_throttle *t, const char *user);

#endif
