/* demo_names.c — the word lists behind `gvi demo` (see demo_names.h).
 *
 * Every surname here is made up and says so ("Låtsas-", "Påhittad-", "Fiktiv-", "Exempel-",
 * "Demo-"), so the demo repository can be shown in public without resembling anyone. */
#include "demo_names.h"

#define LIST(name, ...) \
	static const char *const name##_items[] = { __VA_ARGS__ }; \
	const struct demo_list name = { name##_items, sizeof name##_items / sizeof name##_items[0] }

LIST(demo_first_male,
	"Adam", "Ahmed", "Albin", "Alexander", "Ali", "Amir", "Anton", "Arvid", "Bilal", "Daniel",
	"David", "Dennis", "Elias", "Emil", "Emir", "Erik", "Filip", "Gabriel", "Hamza", "Hassan",
	"Hugo", "Ibrahim", "Isak", "Ismail", "Jakob", "Joel", "Johan", "Jonas", "Josef", "Kevin",
	"Leo", "Liam", "Linus", "Lucas", "Marcus", "Mehmet", "Melvin", "Milan", "Mohammed", "Mustafa",
	"Noah", "Oliver", "Omar", "Oscar", "Rami", "Robin", "Samir", "Sebastian", "Simon", "Tobias",
	"Viktor", "William", "Yasin", "Yusuf", "Zakaria", "Ömer", "Måns", "Jörgen", "Björn", "Nils");

LIST(demo_first_female,
	"Alva", "Amina", "Ebba", "Elin", "Emma", "Fatima", "Hanna", "Ida", "Leila", "Linnea",
	"Maja", "Maria", "Nora", "Sara", "Selma", "Wilma", "Yasmin", "Zeynep", "Åsa", "Märta");

LIST(demo_surnames,
	"Exempelsson", "Påhittadsson", "Låtsasberg", "Fiktivgren", "Demoström", "Exempelberg",
	"Påhittadström", "Låtsaslund", "Fiktivbäck", "Demolund", "Exempelqvist", "Påhittadqvist",
	"Låtsasqvist", "Fiktivholm", "Demoholm", "Exempeldal", "Påhittadgren", "Låtsasson",
	"Fiktivsson", "Demosson", "Sagoström", "Sagolund", "Drömgren", "Fantasiström", "Fabelsson",
	"Fabelgren", "Skenbäck", "Skenström", "Övningsberg", "Övningsson", "Testlund", "Testström",
	"Provsson", "Provberg", "Låtsasdal", "Påhittadbäck", "Fiktivström", "Demobäck", "Exempelhök",
	"Låtsasgård", "Påhittadhed", "Fiktivdahl", "Demonäs", "Exempelås", "Skissgren", "Utkastsson");

LIST(demo_nicknames,
	"Lillen", "Ziggy", "Bullen", "Tompa", "Snabben", "Kungen", "Skuggan", "Räven", "Ugglan",
	"Doktorn", "Professorn", "Moose", "Shadow", "Lill-A", "Z", "Boss", "Tiger", "Kex", "Pajen",
	"Mini", "Stora M", "Kanin", "Lejonet", "Vargen", "Knotten", "Sonic", "Ghost", "Fippla");

LIST(demo_muni_stems,
	"Norr", "Sjö", "Ek", "Björk", "Lind", "Öster", "Väster", "Sund", "Ås", "Berg", "Dal",
	"Hag", "Holm", "Strand", "Älv", "Gran", "Tall", "Mal", "Rönn", "Ljung", "Fjäll", "Kvarn",
	"Mål", "Hed", "Ny", "Stor", "Lill", "Å", "Sol", "Vik");

LIST(demo_muni_suffixes,
	"vik", "bro", "by", "köping", "hamn", "sund", "torp", "berga", "stad", "holm", "näs",
	"åsa", "fors", "dala", "ryd", "sjö");

LIST(demo_district_words,
	"centrum", "norra", "södra", "östra", "västra", "hamn", "backe", "gård", "park", "höjd",
	"dal", "äng");

LIST(demo_group_colours,
	"Röda", "Svarta", "Gröna", "Blå", "Vita", "Gula", "Norra", "Södra", "Östra", "Västra",
	"Lilla", "Stora", "Unga", "Gamla", "Nya", "Tysta", "Snabba", "Heta", "Kalla", "Mörka");

LIST(demo_group_nouns,
	"gänget", "ligan", "nätverket", "falangen", "brödraskapet", "klanen", "kretsen", "gruppen",
	"kvarteret", "sidan");

LIST(demo_streets,
	"Kvarngatan", "Björkvägen", "Stationsgatan", "Hamngatan", "Skolvägen", "Ängsvägen",
	"Tallstigen", "Industrivägen", "Parkvägen", "Sjögatan", "Torggatan", "Idrottsvägen",
	"Kyrkogatan", "Storgatan", "Åvägen", "Fältvägen", "Långgatan", "Bryggvägen");

LIST(demo_spots,
	"gångtunneln vid", "busshållplatsen vid", "parkeringen vid", "pizzerian vid",
	"fritidsgården vid", "bensinstationen vid", "lekplatsen vid", "tvättstugan vid",
	"pendeltågsstationen vid", "trappuppgången vid", "gymmet vid", "kiosken vid");

LIST(demo_notification_places,
	"Polishuset", "Socialkontoret", "Frivårdskontoret", "hemma hos familjen", "Fritidsgården",
	"Häktet (besök)", "Stadshuset", "Ungdomsmottagningen");

LIST(demo_support_offered,
	"Avhopparverksamhet och stöd att hitta arbete",
	"Kontakt med arbetsmarknadsenheten och körkortsstöd",
	"Boendestöd och hjälp med skulder",
	"Beroendevård via Regionen",
	"Studievägledning och återgång till gymnasiet",
	"Skyddat boende och flytt till annan kommun",
	"Familjestöd och samtal med föräldrarna",
	"Samtalsstöd hos psykolog",
	"Mentor från lokalsamhället och fritidsaktivitet");

LIST(demo_response_held,
	"Lyssnade och tog emot kontaktuppgifter till avhopparverksamheten.",
	"Sa sig vilja lämna gruppen men är rädd för vad de andra ska göra.",
	"Förnekade koppling till gruppen men tog emot stödet.",
	"Var tyst men lyssnade på hela budskapet.",
	"Avböjde stöd just nu; vill ha ny kontakt om en månad.",
	"Frågade om jobb och körkort; möte bokat med arbetsmarknadsenheten.",
	"Mamman var med och bad om stöd till hela familjen.",
	"Blev arg och lämnade samtalet efter en stund.",
	"Tackade ja till kontakt med socialtjänsten.",
	"Berättade om hot mot sig efter den senaste skjutningen.");

LIST(demo_response_declined,
	"Avböjde att träffas.",
	"Ville inte delta; advokaten avrådde.",
	"Tackade nej via telefon.");

LIST(demo_response_not_reached,
	"Gick inte att nå; ny kontakt via frivården.",
	"Fanns inte på folkbokföringsadressen.",
	"Svarade inte på brev eller telefon.");

LIST(demo_venues,
	"Medborgarhuset i %s", "%s kulturhus", "Tingsrätten i %s (stora salen)", "Stadshuset i %s",
	"Folkets hus, %s");

LIST(demo_speaker_roles,
	"Polisen", "Lokalsamhället (mamma som förlorat en son)", "Socialtjänsten", "Kriminalvården",
	"Lokalsamhället (präst i församlingen)", "Avhoppare (tidigare gruppmedlem)",
	"Lokalsamhället (idrottsföreningens ordförande)", "Kommunstyrelsens ordförande",
	"Lokalsamhället (imam i moskéföreningen)", "Åklagarmyndigheten");
