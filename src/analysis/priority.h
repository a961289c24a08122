/* priority.h — what the priority lists (custom notifications, call-ins) add to a ranking:
 * where each person stands with the programme's custom notifications.
 *
 * Notifications are personal and not every role may read them (the police analyst may not):
 * then every person's status is "not visible", never an error, so a list still prints. */
#ifndef GVI_ANALYSIS_PRIORITY_H
#define GVI_ANALYSIS_PRIORITY_H
#include "analysis/dataset.h"

struct priority_notifications {
	int visible;            /* 0: the role may not read notifications */
	char (*status)[48];     /* per person of the dataset: "held 2026-03-28", … or "" for none */
	int npersons;
};

/* Reads the notifications the acting user may see and keeps, per person of ds, the latest
 * one (by its held or else planned date, then id) as "<status> <date>".  Fills *out; release
 * it with priority_notifications_release.  Returns 0, or -1 with e set on a read error. */
int priority_notifications_load(struct access *a, const struct dataset *ds,
				struct priority_notifications *out, struct err *e);
void priority_notifications_release(struct priority_notifications *pn);   /* accepts NULL */
/* "not visible", "none" or the person's latest notification, e.g. "planned 2026-12-01". */
const char *priority_notification_status(const struct priority_notifications *pn, int person);

#endif
