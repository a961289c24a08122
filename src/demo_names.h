/* demo_names.h — word lists for `gvi demo`: obviously fictitious names and Swedish phrases.
 *
 * Surnames are invented ("Exempelsson", "Påhittadsson", "Låtsasberg"…) so no demo person can
 * be mistaken for a real one; first names are ordinary ones.  The lists are data only: the
 * generator in cmd_demo.c picks from them with its seeded random number generator. */
#ifndef GVI_DEMO_NAMES_H
#define GVI_DEMO_NAMES_H
#include <stddef.h>

struct demo_list {
	const char *const *item;
	size_t n;
};

extern const struct demo_list demo_first_male;      /* ordinary first names */
extern const struct demo_list demo_first_female;
extern const struct demo_list demo_surnames;        /* invented surnames */
extern const struct demo_list demo_nicknames;       /* person aliases */
extern const struct demo_list demo_muni_stems;      /* municipality name = stem + suffix */
extern const struct demo_list demo_muni_suffixes;
extern const struct demo_list demo_district_words;  /* "<municipality> <word>" for national */
extern const struct demo_list demo_group_colours;   /* group name = colour/word + noun */
extern const struct demo_list demo_group_nouns;
extern const struct demo_list demo_streets;
extern const struct demo_list demo_spots;            /* "gångtunneln", "busshållplatsen" … */
extern const struct demo_list demo_notification_places;
extern const struct demo_list demo_support_offered;
extern const struct demo_list demo_response_held;
extern const struct demo_list demo_response_declined;
extern const struct demo_list demo_response_not_reached;
extern const struct demo_list demo_venues;          /* call-in venue, "%s" = municipality */
extern const struct demo_list demo_speaker_roles;   /* speakers' roles in Swedish */

#endif
