/* retaliation.h — the retaliation watch of one incident, for other modules (the response
 * case's proposed custom notifications): the same analysis as `gvi analyze retaliation
 * --incident ID`, in the same JSON shape. */
#ifndef GVI_ANALYSIS_RETALIATION_H
#define GVI_ANALYSIS_RETALIATION_H
#include <jansson.h>
#include "access.h"

/* The watch of incident id as a new JSON object in *out (as one element of the "incidents"
 * of `gvi --json analyze retaliation`: victimised_groups, target_groups, persons …), its top
 * persons only (0 = all); *out is NULL when the incident has no victimised group, or the role
 * may not read what the analysis needs.  Returns 0, or -1 with e set. */
int retaliation_watch_incident(struct access *a, int64_t id, long top, json_t **out, struct err *e);

#endif
