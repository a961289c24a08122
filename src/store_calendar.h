/* store_calendar.h — the hash of each user's calendar-feed key (schema.c migration 6).
 *
 * Like the password hash, the column is not in model.c, so no list, show, export or import
 * carries it; only access.c calls these (no access control, no auditing here). */
#ifndef GVI_STORE_CALENDAR_H
#define GVI_STORE_CALENDAR_H
#include <stdint.h>
#include "store.h"

/* Replaces account id's calendar key hash. */
int store_calendar_set(struct store *s, int64_t account_id, const char *hash, struct err *e);
/* Reads it into out (size n): "" when none.  Returns 0 or -1. */
int store_calendar_get(struct store *s, int64_t account_id, char *out, size_t n, struct err *e);

#endif
