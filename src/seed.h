/* seed.h — the default configuration lists a new repository starts with. */
#ifndef GVI_SEED_H
#define GVI_SEED_H
#include "access.h"

/* Adds the default incident types, membership criteria, enforcement levers and support
 * services through the access layer (so they are audited).  Inside the caller's batch. */
int seed_defaults(struct access *a, struct err *e);

#endif
