/* research.h — the research export for external evaluators: the programme's records as CSV
 * files without names, personnummer, free text or coordinates, with every person, group and
 * record replaced by a pseudonym that is stable for one export key, and dates optionally
 * coarsened (docs/evaluation.md, "Research export").
 *
 * Pseudonyms are keyed BLAKE2b (libsodium crypto_generichash) of the entity and the record's
 * key or id under a key derived from the export key: the same key gives the same pseudonyms
 * in every export (so an evaluator can link two deliveries), another key gives unlinkable
 * ones, and without the key they cannot be reversed.  The key itself is written nowhere.
 *
 * Every entity is read with access_export as the acting user, so the policy decides and each
 * personal entity's export is audited; an entity the role may not read is left out and named
 * in the export's README.txt. */
#ifndef GVI_EVAL_RESEARCH_H
#define GVI_EVAL_RESEARCH_H
#include "access.h"

enum research_coarsen { RESEARCH_DAY, RESEARCH_MONTH, RESEARCH_QUARTER, RESEARCH_YEAR };

/* The pseudonym of a record ("R-" and 12 base-32 characters) into out (16 bytes). */
void research_pseudonym(const unsigned char key[32], const char *entity, const char *value,
			char out[16]);
/* The 32-byte key derived from an export key (at least 12 characters). */
int research_key(const char *text, unsigned char key[32], struct err *e);

/* Writes DIR/ENTITY.csv for every entity the role may read (not users) and DIR/README.txt.
 * DIR must not exist or be empty.  Returns 0 or -1 with a message. */
int research_export(struct access *a, const char *key_text, enum research_coarsen coarsen,
		    const char *dir, struct err *e);

#endif
