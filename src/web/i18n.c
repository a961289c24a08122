/* i18n.c — the message catalogue of the web interface (see i18n.h).
 *
 * One table, kept sorted by key so that a lookup is a binary search; a test of the order runs
 * once (assert) on the first lookup.  Swedish words follow GLOSSARY.md; English ones are the
 * words of the code and the docs. */
#include "i18n.h"
#include "page.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct message {
	const char *key, *sv, *en;
};

/* Sorted by key (strcmp order). */
static const struct message catalogue[] = {
	{ "ana.area", "Område", "Area" },
	{ "ana.bad.option", "Ett av valen kunde inte förstås (sortering, community, antal, format eller nätverk).", "One of the options could not be understood (sort, community, number, format or network)." },
	{ "ana.col.age_band", "Ålder", "Age" },
	{ "ana.col.age_days", "Ålder (dagar)", "Age (days)" },
	{ "ana.col.baseline", "Basdel (egen historik)", "Baseline (own history)" },
	{ "ana.col.betweenness", "Mellanliggande", "Betweenness" },
	{ "ana.col.code", "Kod", "Code" },
	{ "ana.col.community", "Community", "Community" },
	{ "ana.col.confidence_weight", "Säkerhetsvikt", "Confidence weight" },
	{ "ana.col.contribution", "Bidrag", "Contribution" },
	{ "ana.col.coreness", "k-kärna", "Coreness" },
	{ "ana.col.decay", "Avklingning", "Decay" },
	{ "ana.col.degree", "Grad", "Degree" },
	{ "ana.col.distance", "Avstånd", "Distance" },
	{ "ana.col.eigenvector", "Egenvektor", "Eigenvector" },
	{ "ana.col.evidence", "Underlag", "Evidence" },
	{ "ana.col.exposure", "Exponering", "Exposure" },
	{ "ana.col.factor_prior_suspect", "Faktor för tidigare misstankar", "Factor for prior suspect involvements" },
	{ "ana.col.factor_prior_victimisations", "Faktor för tidigare utsatthet", "Factor for prior victimisations" },
	{ "ana.col.group", "Grupp", "Group" },
	{ "ana.col.hits", "Träffar", "Hits" },
	{ "ana.col.incident", "Händelse", "Incident" },
	{ "ana.col.incidents", "Händelser", "Incidents" },
	{ "ana.col.intensity", "Intensitet (λ)", "Intensity (λ)" },
	{ "ana.col.last", "Senast", "Last" },
	{ "ana.col.members", "Medlemmar", "Members" },
	{ "ana.col.model", "Modell", "Model" },
	{ "ana.col.neighbour", "Granne", "Neighbour" },
	{ "ana.col.notification", "Individuellt samtal", "Custom notification" },
	{ "ana.col.occurred", "Tid", "Time" },
	{ "ana.col.precision", "Precision", "Precision" },
	{ "ana.col.prior_suspect", "Tidigare misstankar", "Prior suspect involvements" },
	{ "ana.col.prior_victimisations", "Tidigare utsatthet", "Prior victimisations" },
	{ "ana.col.probability_horizon", "Sannolikhet", "Probability" },
	{ "ana.col.rank", "Plats", "Rank" },
	{ "ana.col.recall", "Täckning (recall)", "Recall" },
	{ "ana.col.role", "Roll", "Role" },
	{ "ana.col.score", "Poäng", "Score" },
	{ "ana.col.serious", "Grovt våld", "Serious" },
	{ "ana.col.severity", "Allvar", "Severity" },
	{ "ana.col.strength", "Styrka", "Strength" },
	{ "ana.col.suspect", "Misstänkt", "Suspect" },
	{ "ana.col.tie_weight", "Bandets vikt", "Tie weight" },
	{ "ana.col.type", "Typ", "Type" },
	{ "ana.col.via", "Via", "Via" },
	{ "ana.col.victim", "Brottsoffer", "Victim" },
	{ "ana.col.victimised_in_period_from", "Utsatt perioden från", "Victimised in the period from" },
	{ "ana.col.weight", "Vikt", "Weight" },
	{ "ana.conc.curve", "Koncentrationskurva: andel av det grova våldet hos de mest belastade", "Concentration curve: share of serious violence held by the most involved" },
	{ "ana.conc.incidents", "andel av de grova våldsbrotten", "share of serious incidents" },
	{ "ana.conc.involved", "Personer med inblandning i grovt våld", "Persons involved in serious violence" },
	{ "ana.conc.involvements", "andel av misstankarna", "share of suspect involvements" },
	{ "ana.conc.serious", "Grova våldsbrott i perioden", "Serious incidents in the period" },
	{ "ana.conc.top", "Topp", "Top" },
	{ "ana.concentration", "Koncentration av grovt våld", "Concentration of serious violence" },
	{ "ana.days", "dagar", "days" },
	{ "ana.explain", "Förklaring", "Explanation" },
	{ "ana.filter", "Urval", "Filter" },
	{ "ana.from", "Från", "From" },
	{ "ana.gini", "Gini-koefficient bland de inblandade", "Gini coefficient among the involved" },
	{ "ana.groups", "Grupprankning", "Group ranking" },
	{ "ana.groups.how", "Poäng = Σ allvar × säkerhetsvikt × 0,5^(ålder / halveringstid) över händelserna där gruppen är registrerad som gärningssida.", "Score = Σ severity × confidence weight × 0.5^(age / half-life) over the incidents where the group is recorded perpetrating." },
	{ "ana.hidden.contribution", "Deras sammanlagda bidrag", "Their combined contribution" },
	{ "ana.hidden.many", "underlag som du inte har behörighet att se", "records you are not authorised to see" },
	{ "ana.hidden.one", "1 underlag som du inte har behörighet att se", "1 record you are not authorised to see" },
	{ "ana.in_conflict_with", "i konflikt med", "in conflict with" },
	{ "ana.model.baseline", "Basmodell", "Baseline model" },
	{ "ana.model.contagion", "Smittmodell, direkta band", "Contagion model, direct ties" },
	{ "ana.model.distance2", "Smittmodell med avstånd 2", "Contagion model with distance 2" },
	{ "ana.model.random", "Slumpvis lista", "Random list" },
	{ "ana.nav.network", "Nätverk", "Networks" },
	{ "ana.nav.overview", "Översikt", "Overview" },
	{ "ana.nav.persons", "Personer och prioritering", "Persons and priorities" },
	{ "ana.nav.retaliation", "Vedergällning", "Retaliation watch" },
	{ "ana.nav.risk", "Risk att utsättas", "Victimisation risk" },
	{ "ana.network.export_how", "GraphML och GEXF innehåller hela nätverket som din roll får läsa (för Gephi, Cytoscape); hämtningen loggas som en export.", "GraphML and GEXF hold the whole network your role may read (for Gephi, Cytoscape); the download is logged as an export." },
	{ "ana.network.groups", "Gruppkonflikter", "Group conflicts" },
	{ "ana.network.max", "Högst antal personer", "At most persons" },
	{ "ana.network.no_file", "Det finns ingen sådan fil.", "There is no such file." },
	{ "ana.network.of", "Nätverk", "Network" },
	{ "ana.network.persons", "Personnätverk", "Person network" },
	{ "ana.network.svg", "Bilden som SVG", "The picture as SVG" },
	{ "ana.not_found", "Hittades inte", "Not found" },
	{ "ana.not_possible", "Inte möjligt", "Not possible" },
	{ "ana.not_visible", "Ej läsbart för din roll, därför inte räknat", "Not visible to your role, so not counted" },
	{ "ana.of", "av", "of" },
	{ "ana.person.involvements", "Inblandning i händelser", "Involvements" },
	{ "ana.person.neighbours", "Grannar i personnätverket", "Neighbours in the person network" },
	{ "ana.person.scores", "Mått", "Scores" },
	{ "ana.person.title", "Analys av", "Analysis of" },
	{ "ana.persons.caption", "Personer efter valt mått", "Persons by the chosen measure" },
	{ "ana.persons.how", "Allvar = summan av allvarsvikterna för händelser där personen är misstänkt; nätverksmåtten gäller personnätverket (gemensamma händelser, samma grupp, registrerade band). Klicka på en kod för förklaringen.", "Severity = the sum of the severity weights of incidents where the person is a suspect; the network measures are of the person network (shared incidents, same group, recorded ties). Follow a code for the explanation." },
	{ "ana.reason.co_involvement", "gemensam händelse", "shared incident" },
	{ "ana.reason.shared_group", "samma grupp", "same group" },
	{ "ana.reason.tie", "band", "tie" },
	{ "ana.retaliation.how", "Efter ett grovt våldsbrott: grupper i konflikt med offrets grupp och personer nära offret, med poäng = närhet × (2 för medlem i utsatt grupp) + tidigare grov utsatthet.", "After a serious incident: groups in conflict with the victim's group and persons close to the victim, scored closeness × (2 for a member of a victimised group) + prior serious victimisations." },
	{ "ana.retaliation.none", "Inga grova våldsbrott med utsatt grupp i perioden.", "No serious incidents with a victimised group in the period." },
	{ "ana.risk.eval", "Utvärdering på data som modellen inte sett", "Out-of-sample evaluation" },
	{ "ana.risk.fit", "Skattad modell", "Fitted model" },
	{ "ana.risk.how", "Smittmodell efter Green, Horel & Papachristos (2017): risken att skjutas ökar med nyliga skjutningar bland grannar i nätverket, avtagande med tid och avstånd, utöver personens egen historik.", "Contagion model after Green, Horel & Papachristos (2017): the risk of being shot rises with recent shootings among network neighbours, decaying with time and distance, on top of the person's own history." },
	{ "ana.risk.list", "Högst risk nu", "Highest risk now" },
	{ "ana.risk.lr", "Likelihoodkvot på träningsperioden", "Likelihood ratio on the training periods" },
	{ "ana.risk.lr2", "Likelihoodkvot för avstånd 2 mot bara direkta band", "Likelihood ratio of distance 2 against direct ties only" },
	{ "ana.risk.test_from", "Testat från", "Tested from" },
	{ "ana.show", "Visa", "Show" },
	{ "ana.since", "Sedan", "Since" },
	{ "ana.sort", "Sortera efter", "Sort by" },
	{ "ana.supervised", "Bara personer under Kriminalvårdens övervakning", "Only persons under Kriminalvården's supervision" },
	{ "ana.target_groups", "Grupper i konflikt (möjliga mål)", "Groups in conflict (possible targets)" },
	{ "ana.title", "Analys", "Analysis" },
	{ "ana.to", "Till", "To" },
	{ "ana.top", "Antal", "Rows" },
	{ "ana.watch_until", "Bevakas till", "Watched until" },
	{ "ana.window", "Bevakningstid (dagar)", "Watch window (days)" },
	{ "audit.action", "Händelse", "Action" },
	{ "audit.at", "Tid (UTC)", "Time (UTC)" },
	{ "audit.caption", "Granskningslogg, nyast först, sida", "Audit log, newest first, page" },
	{ "audit.detail", "Detaljer", "Detail" },
	{ "audit.empty", "Inga poster matchar.", "No entries match." },
	{ "audit.entity", "Uppgiftstyp", "Entity" },
	{ "audit.record", "Post", "Record" },
	{ "audit.refused", "Granskningsloggen visas bara för administratören.",
	  "The audit log is shown to the administrator only." },
	{ "audit.role", "Roll", "Role" },
	{ "audit.user", "Användare", "User" },
	{ "bad.back", "Adressen att gå tillbaka till måste vara en sökväg på den här webbplatsen.",
	  "The address to go back to must be a path on this site." },
	{ "bad.date", "Datumet måste skrivas ÅÅÅÅ-MM-DD, till exempel 2026-03-01.",
	  "Dates must be written YYYY-MM-DD, for example 2026-03-01." },
	{ "bad.format", "Formatet kan bara vara csv.", "The format can only be csv." },
	{ "bad.invitation", "Inbjudan hör inte till det här informationsmötet.",
	  "The invitation does not belong to this call-in." },
	{ "bad.lang", "Språket kan bara vara sv eller en.", "The language can only be sv or en." },
	{ "bad.order", "Från-datumet ligger efter till-datumet.", "The from date is after the to date." },
	{ "bad.page", "Sidnumret måste vara ett heltal från 1.", "The page must be a whole number from 1." },
	{ "bad.person_sort", "Sortering kan vara code, area eller review.",
	  "Sort can be code, area or review." },
	{ "bad.query", "Förfrågan kunde inte läsas.", "The request could not be read." },
	{ "bad.record_choice", "Filtret har ett värde som fältet inte kan ha.",
	  "The filter has a value the field cannot have." },
	{ "bad.record_ref", "Filtret nämner en post som inte finns.",
	  "The filter names a record that does not exist." },
	{ "bad.record_sort", "Sortering kan bara vara en av listans kolumner, och riktningen asc eller desc.",
	  "Sort can only be one of the list's columns, and the direction asc or desc." },
	{ "bad.sort", "Sortering kan vara name eller status.", "Sort can be name or status." },
	{ "bad.status", "Status kan vara active, inactive eller dissolved.",
	  "Status can be active, inactive or dissolved." },
	{ "bad.title", "Felaktig förfrågan", "Bad request" },
	{ "bad.unknown_area", "Det finns inget sådant område.", "There is no such area." },
	{ "bad.unknown_type", "Det finns ingen sådan händelsetyp.", "There is no such incident type." },
	{ "callin.came", "Närvarande", "Attended" },
	{ "callin.count", "Antal inbjudna", "Number invited" },
	{ "callin.did_not_come", "Inte närvarande", "Did not attend" },
	{ "callin.invite", "Bjud in en person", "Invite a person" },
	{ "callin.invitees", "Inbjudna och närvaro", "Invitees and attendance" },
	{ "callin.no_invitees", "Ingen är inbjuden ännu.", "Nobody is invited yet." },
	{ "callin.not_marked", "inte markerat", "not marked" },
	{ "common.all", "Alla", "All" },
	{ "common.back_home", "Till översikten", "To the overview" },
	{ "common.csv", "Exportera CSV", "Export CSV" },
	{ "common.denied", "Åtkomst nekad", "Access denied" },
	{ "common.error", "Tekniskt fel", "Technical error" },
	{ "common.error_text", "Sidan kunde inte visas just nu.", "The page could not be shown just now." },
	{ "common.filter", "Filtrera", "Filter" },
	{ "common.next", "Nästa sida", "Next page" },
	{ "common.none", "Inga.", "None." },
	{ "common.not_shown", "Visas inte för din roll.", "Not shown to your role." },
	{ "common.pages", "Sidor", "Pages" },
	{ "common.prev", "Föregående sida", "Previous page" },
	{ "common.refused", "Din roll får inte läsa de här uppgifterna.",
	  "Your role may not read this information." },
	{ "entity.agency", "Aktörer", "Agencies" },
	{ "entity.area", "Områden", "Areas" },
	{ "entity.callin", "Informationsmöten (call-ins)", "Call-ins" },
	{ "entity.criterion", "Kriterier", "Criteria" },
	{ "entity.enforcement", "Sanktioner", "Enforcement" },
	{ "entity.group", "Grupper", "Groups" },
	{ "entity.group-involvement", "Gruppinblandningar", "Group involvements" },
	{ "entity.incident", "Händelser", "Incidents" },
	{ "entity.incident-type", "Händelsetyper", "Incident types" },
	{ "entity.invitation", "Inbjudningar", "Invitations" },
	{ "entity.involvement", "Inblandningar", "Involvements" },
	{ "entity.lever", "Påtryckningsmedel", "Levers" },
	{ "entity.membership", "Medlemskap", "Memberships" },
	{ "entity.notification", "Individuella samtal", "Custom notifications" },
	{ "entity.person", "Personer", "Persons" },
	{ "entity.referral", "Remisser", "Referrals" },
	{ "entity.relation", "Grupprelationer", "Group relations" },
	{ "entity.response-case", "Åtgärdsärenden", "Response cases" },
	{ "entity.service", "Stödinsatser", "Support services" },
	{ "entity.supervision", "Övervakningar", "Supervisions" },
	{ "entity.task", "Uppgifter", "Tasks" },
	{ "entity.tie", "Relationer mellan personer", "Ties between persons" },
	{ "entity.user", "Användare", "Users" },
	{ "field.age_band", "Åldersgrupp", "Age band" },
	{ "field.agencies", "Aktörer", "Agencies" },
	{ "field.agency", "Aktör", "Agency" },
	{ "field.aliases", "Alias", "Aliases" },
	{ "field.area", "Område", "Area" },
	{ "field.areas", "Områden", "Areas" },
	{ "field.assignee", "Ansvarig", "Assignee" },
	{ "field.attended", "Närvarade", "Attended" },
	{ "field.basis", "Underlag", "Basis" },
	{ "field.birth", "Födelsedatum", "Birth date" },
	{ "field.callin", "Informationsmöte", "Call-in" },
	{ "field.channel", "Inbjuden via", "Invited via" },
	{ "field.closed", "Avslutat", "Closed" },
	{ "field.code", "Kod", "Code" },
	{ "field.completed", "Avslutad", "Completed" },
	{ "field.confidence", "Säkerhet", "Confidence" },
	{ "field.consent", "Samtycke till delning", "Consent to share" },
	{ "field.date", "Datum", "Date" },
	{ "field.decided", "Beslutad", "Decided" },
	{ "field.deliverers", "Deltagare", "Deliverers" },
	{ "field.description", "Beskrivning", "Description" },
	{ "field.disabled", "Avstängd", "Disabled" },
	{ "field.due", "Senast", "Due" },
	{ "field.ended", "Avslutad", "Ended" },
	{ "field.first_action", "Första åtgärd", "First action" },
	{ "field.first_seen", "Först sedd", "First seen" },
	{ "field.follow_up", "Uppföljning", "Follow-up" },
	{ "field.follow_up_owner", "Ansvarig för uppföljning", "Follow-up owner" },
	{ "field.full_name", "Fullständigt namn", "Full name" },
	{ "field.gmi", "Gruppkopplad", "Group member involved" },
	{ "field.group", "Grupp", "Group" },
	{ "field.group_a", "Grupp", "Group" },
	{ "field.group_b", "Den andra gruppen", "The other group" },
	{ "field.held", "Hölls", "Held" },
	{ "field.incident", "Händelse", "Incident" },
	{ "field.incidents", "Utlösande händelser", "Triggering incidents" },
	{ "field.injured", "Skadade", "Injured" },
	{ "field.intensity", "Intensitet", "Intensity" },
	{ "field.killed", "Dödade", "Killed" },
	{ "field.kind", "Slag", "Kind" },
	{ "field.label_sv", "Svensk benämning", "Swedish label" },
	{ "field.last_seen", "Senast sedd", "Last seen" },
	{ "field.lat", "Latitud", "Latitude" },
	{ "field.level", "Nivå", "Level" },
	{ "field.lever", "Påtryckningsmedel", "Lever" },
	{ "field.lon", "Longitud", "Longitude" },
	{ "field.members", "Medlemmar", "Members" },
	{ "field.msg_consequences", "Våld får följder för hela gruppen",
	  "Violence brings consequences for the whole group" },
	{ "field.msg_die", "”Vi vill inte att du ska dö.”", "“We don't want you to die.”" },
	{ "field.msg_help", "Ta emot hjälpen för att lämna det kriminella livet",
	  "Take the help on offer to leave criminal life" },
	{ "field.msg_kill", "”Vi vill inte att du ska döda.”", "“We don't want you to kill.”" },
	{ "field.name", "Namn", "Name" },
	{ "field.notes", "Anteckningar", "Notes" },
	{ "field.occurred", "Tid", "Time" },
	{ "field.offered", "Erbjuden", "Offered" },
	{ "field.opened", "Öppnat", "Opened" },
	{ "field.other_group", "Den andra gruppen", "The other group" },
	{ "field.outcome", "Utfall", "Outcome" },
	{ "field.owner", "Ansvarig aktör", "Owning agency" },
	{ "field.parent", "Tillhör", "Part of" },
	{ "field.person", "Person", "Person" },
	{ "field.person_a", "Person", "Person" },
	{ "field.person_b", "Den andra personen", "The other person" },
	{ "field.place", "Plats", "Place" },
	{ "field.planned", "Planerat", "Planned" },
	{ "field.pnr", "Personnummer", "Personal identity number" },
	{ "field.response", "Personens svar", "The person's response" },
	{ "field.review", "Omprövningsdatum", "Review date" },
	{ "field.role", "Roll", "Role" },
	{ "field.serious", "Grovt våld", "Serious violence" },
	{ "field.service", "Stödinsats", "Support service" },
	{ "field.severity", "Allvarlighet", "Severity" },
	{ "field.side", "Sida", "Side" },
	{ "field.since", "Från", "Since" },
	{ "field.source", "Källa", "Source" },
	{ "field.speakers", "Talare", "Speakers" },
	{ "field.started", "Påbörjad", "Started" },
	{ "field.status", "Status", "Status" },
	{ "field.support_offered", "Erbjudet stöd", "Support offered" },
	{ "field.title", "Uppgift", "Task" },
	{ "field.told", "Gruppen informerad", "Group told" },
	{ "field.type", "Typ", "Type" },
	{ "field.until", "Till", "Until" },
	{ "field.venue", "Lokal", "Venue" },
	{ "field.weight", "Vikt", "Weight" },
	{ "form.add", "Registrera", "Record" },
	{ "form.error_at", "Uppgifterna sparades inte. Rätta fältet:",
	  "Nothing was saved. Correct the field:" },
	{ "form.intro", "Inget sparas förrän allt är rätt; fel visas vid fältet.",
	  "Nothing is saved until everything is right; errors are shown at the field." },
	{ "form.messages", "Budskapet som framfördes", "Core messages delivered" },
	{ "form.none", "(inget valt)", "(none chosen)" },
	{ "form.required", " (obligatoriskt)", " (required)" },
	{ "form.save", "Spara ändringarna", "Save the changes" },
	{ "group.caption", "Grupper, sida", "Groups, page" },
	{ "group.empty", "Inga grupper matchar.", "No groups match." },
	{ "group.not_found", "Det finns ingen sådan grupp.", "There is no such group." },
	{ "group.not_found_title", "Gruppen finns inte", "No such group" },
	{ "group.sort", "Sortera efter", "Sort by" },
	{ "group.title", "Grupp", "Group" },
	{ "hint.date", "ÅÅÅÅ-MM-DD", "YYYY-MM-DD" },
	{ "hint.datetime", "ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DD TT:MM",
	  "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DD HH:MM" },
	{ "hint.keep_secret", "Lämna tomt för att behålla det sparade.",
	  "Leave empty to keep what is stored." },
	{ "hint.list", "Flera åtskilda med semikolon (;)", "Several separated by semicolons (;)" },
	{ "hint.list_items", "Delarna av en post åtskilda med |, flera poster med ;",
	  "The parts of an item separated by |, several items by ;" },
	{ "hint.partdate", "ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD", "YYYY, YYYY-MM or YYYY-MM-DD" },
	{ "hint.pnr", "ÅÅÅÅMMDD-NNNN", "YYYYMMDD-NNNN" },
	{ "hint.ref_lookup", "Skriv koden eller numret; sök det under",
	  "Type the code or number; look it up under" },
	{ "home.count", "Antal", "Count" },
	{ "home.counts", "Antal", "Counts" },
	{ "home.error", "Översikten kunde inte visas just nu.",
	  "The overview could not be shown just now." },
	{ "home.followups", "Uppföljningar inom två veckor eller försenade",
	  "Follow-ups within two weeks or overdue" },
	{ "home.latest", "Senaste händelser", "Latest incidents" },
	{ "home.reviews", "Medlemskap som passerat omprövningsdatum",
	  "Memberships past their review date" },
	{ "home.today", "Dagens datum", "Today" },
	{ "home.what", "Uppgifter", "Records" },
	{ "incident.caption", "Händelser, nyast först, sida", "Incidents, newest first, page" },
	{ "incident.empty", "Inga händelser matchar.", "No incidents match." },
	{ "incident.from", "Från (ÅÅÅÅ-MM-DD)", "From (YYYY-MM-DD)" },
	{ "incident.gmi_no", "Inte gruppkopplad", "No group member involved" },
	{ "incident.gmi_yes", "Gruppkopplad händelse", "Group member involved (GMI)" },
	{ "incident.logged", "Att du har öppnat den här händelsen har loggats.",
	  "Your opening of this incident has been logged." },
	{ "incident.new", "Registrera händelse", "Record an incident" },
	{ "incident.not_found", "Det finns ingen händelse med det numret.",
	  "There is no incident with that number." },
	{ "incident.not_found_title", "Händelsen finns inte", "No such incident" },
	{ "incident.title", "Händelse", "Incident" },
	{ "incident.to", "Till och med (ÅÅÅÅ-MM-DD)", "To, inclusive (YYYY-MM-DD)" },
	{ "incident_form.group_row", "Grupp", "Group" },
	{ "incident_form.groups_intro", "Fyll i en rad per inblandad grupp; tomma rader hoppas över.",
	  "Fill in one row per group involved; empty rows are skipped." },
	{ "incident_form.intro", "Händelsen och alla inblandade sparas tillsammans: blir något fel sparas ingenting.",
	  "The incident and everyone involved are saved together: if anything is wrong, nothing is saved." },
	{ "incident_form.person_row", "Person", "Person" },
	{ "incident_form.persons_intro", "Fyll i en rad per inblandad person; tomma rader hoppas över.",
	  "Fill in one row per person involved; empty rows are skipped." },
	{ "incident_form.save", "Registrera händelsen", "Record the incident" },
	{ "incident_form.title", "Registrera händelse", "Record an incident" },
	{ "layout.footer", "gvi – informationssystem för gruppvåldsintervention",
	  "gvi – information system for Group Violence Intervention" },
	{ "layout.lang_switch", "In English", "På svenska" },
	{ "layout.logged_in_as", "Inloggad som", "Logged in as" },
	{ "layout.logout", "Logga ut", "Log out" },
	{ "layout.menu", "Huvudmeny", "Main menu" },
	{ "layout.purpose", "Ändamål", "Purpose of access" },
	{ "layout.skip", "Hoppa till innehållet", "Skip to the content" },
	{ "nav.analysis", "Analys", "Analysis" },
	{ "nav.audit", "Granskningslogg", "Audit log" },
	{ "nav.callins", "Informationsmöten", "Call-ins" },
	{ "nav.cases", "Ärenden", "Cases" },
	{ "nav.enforcement", "Sanktioner", "Enforcement" },
	{ "nav.groups", "Grupper", "Groups" },
	{ "nav.home", "Översikt", "Overview" },
	{ "nav.incidents", "Händelser", "Incidents" },
	{ "nav.kpi", "Nyckeltal", "Performance" },
	{ "nav.notifications", "Individuella samtal", "Custom notifications" },
	{ "nav.persons", "Personer", "Persons" },
	{ "nav.records", "Alla uppgifter", "All records" },
	{ "nav.referrals", "Remisser", "Referrals" },
	{ "nav.tasks", "Mina uppgifter", "My tasks" },
	{ "one.agency", "Aktör", "Agency" },
	{ "one.area", "Område", "Area" },
	{ "one.callin", "Informationsmöte", "Call-in" },
	{ "one.criterion", "Kriterium", "Criterion" },
	{ "one.enforcement", "Sanktion", "Enforcement action" },
	{ "one.group", "Grupp", "Group" },
	{ "one.group-involvement", "Gruppinblandning", "Group involvement" },
	{ "one.incident", "Händelse", "Incident" },
	{ "one.incident-type", "Händelsetyp", "Incident type" },
	{ "one.invitation", "Inbjudan", "Invitation" },
	{ "one.involvement", "Inblandning", "Involvement" },
	{ "one.lever", "Påtryckningsmedel", "Lever" },
	{ "one.membership", "Medlemskap", "Membership" },
	{ "one.notification", "Individuellt samtal", "Custom notification" },
	{ "one.person", "Person", "Person" },
	{ "one.referral", "Remiss", "Referral" },
	{ "one.relation", "Grupprelation", "Group relation" },
	{ "one.service", "Stödinsats", "Support service" },
	{ "one.supervision", "Övervakning", "Supervision" },
	{ "one.tie", "Relation mellan personer", "Tie" },
	{ "one.user", "Användare", "User" },
	{ "person.back", "Tillbaka till personer", "Back to persons" },
	{ "person.logged", "Att du har öppnat den här personens uppgifter har loggats.",
	  "Your opening of this person's record has been logged." },
	{ "persons.caption", "Personer, sida", "Persons, page" },
	{ "persons.no_match", "Ingen person matchar sökningen.", "No person matches the search." },
	{ "persons.none", "Inga personer är registrerade.", "No persons are recorded." },
	{ "persons.not_found", "Det finns ingen person med den koden.",
	  "There is no person with that code." },
	{ "persons.not_found_title", "Personen finns inte", "No such person" },
	{ "persons.refused", "Din roll får inte läsa personuppgifter. Kontakta programmets samordnare om du behöver tillgång.",
	  "Your role may not read personal data. Ask the programme's coordinator if you need access." },
	{ "persons.search", "Sök på namn, alias eller kod", "Search by name, alias or code" },
	{ "persons.search_button", "Sök", "Search" },
	{ "record.cancel", "Avbryt", "Cancel" },
	{ "record.delete", "Ta bort", "Delete" },
	{ "record.delete_intro", "Posten tas bort för gott. Det går inte så länge andra poster hänvisar till den.",
	  "The record is deleted for good. That is not possible while other records refer to it." },
	{ "record.edit", "Ändra", "Edit" },
	{ "record.empty", "Inga poster matchar.", "No records match." },
	{ "record.end", "Avsluta", "End" },
	{ "record.end_date", "Slutdatum", "End date" },
	{ "record.end_intro", "Posten avslutas: slutdatumet sätts (en grupp markeras som upplöst). Den finns kvar i historiken.",
	  "The record is ended: its end date is set (a group is marked dissolved). It stays in the history." },
	{ "record.from", "från", "from" },
	{ "record.id", "Nummer", "Number" },
	{ "record.index_intro", "De uppgifter din roll får läsa. Där din roll får registrera finns en länk till ett formulär.",
	  "The records your role may read. Where your role may record, a link leads to a form." },
	{ "record.logged", "Att du har öppnat de här uppgifterna har loggats.",
	  "Your opening of this record has been logged." },
	{ "record.new", "Ny post", "New record" },
	{ "record.no_entity", "Det finns ingen sådan uppgiftstyp.",
	  "There is no such kind of record." },
	{ "record.no_entity_title", "Uppgiftstypen finns inte", "No such kind of record" },
	{ "record.not_deleted", "Posten kunde inte tas bort", "The record could not be deleted" },
	{ "record.not_ended", "Posten kunde inte avslutas", "The record could not be ended" },
	{ "record.not_found", "Det finns ingen post med det numret eller den koden.",
	  "There is no record with that number or code." },
	{ "record.not_found_title", "Posten finns inte", "No such record" },
	{ "record.page", "sida", "page" },
	{ "record.refused_write", "Din roll får inte registrera eller ändra de här uppgifterna.",
	  "Your role may not record or change this information." },
	{ "record.search", "Sök (namn, alias, kod eller nummer)",
	  "Search (name, alias, code or number)" },
	{ "record.to", "till och med", "to, inclusive" },
	{ "role.admin", "administratör", "administrator" },
	{ "role.community_partner", "samverkanspart i lokalsamhället", "community partner" },
	{ "role.coordinator", "samordnare", "coordinator" },
	{ "role.evaluator", "utvärderare", "evaluator" },
	{ "role.police_analyst", "polisanalytiker", "police analyst" },
	{ "role.probation", "Kriminalvården", "Prison and Probation Service" },
	{ "role.social_services", "socialtjänsten", "social services" },
	{ "timeline.empty", "Inget som din roll får se.", "Nothing your role may see." },
	{ "timeline.title", "Tidslinje", "Timeline" },
	{ "timeline.undated", "utan datum", "undated" },
	{ "val.accepted", "accepterad", "accepted" },
	{ "val.active", "aktiv", "active" },
	{ "val.admin", "administratör", "administrator" },
	{ "val.alliance", "allians", "alliance" },
	{ "val.associate", "närstående", "associate" },
	{ "val.co_offending", "begår brott tillsammans", "co-offending" },
	{ "val.community", "civilsamhället", "community" },
	{ "val.community_partner", "samverkanspart i lokalsamhället", "community partner" },
	{ "val.completed", "avslutad", "completed" },
	{ "val.conditional_release", "villkorligt frigiven", "conditional release" },
	{ "val.confirmed", "bekräftad", "confirmed" },
	{ "val.conflict", "konflikt", "conflict" },
	{ "val.coordinator", "samordnare", "coordinator" },
	{ "val.core", "kärnmedlem", "core member" },
	{ "val.declined", "avböjt", "declined" },
	{ "val.dissolved", "upplöst", "dissolved" },
	{ "val.district", "stadsdel", "district" },
	{ "val.dropped", "avbruten", "dropped" },
	{ "val.evaluator", "utvärderare", "evaluator" },
	{ "val.family", "familjen", "family" },
	{ "val.hang_out", "umgås", "hangs out" },
	{ "val.healthcare", "hälso- och sjukvård", "healthcare" },
	{ "val.held", "hållet", "held" },
	{ "val.in_person", "personligen", "in person" },
	{ "val.inactive", "inaktiv", "inactive" },
	{ "val.invited", "inbjuden", "invited" },
	{ "val.kinship", "släkt", "kinship" },
	{ "val.letter", "brev", "letter" },
	{ "val.member", "medlem", "member" },
	{ "val.municipality", "kommun", "municipality" },
	{ "val.neutral", "neutral", "neutral" },
	{ "val.no", "nej", "no" },
	{ "val.not_reached", "inte nådd", "not reached" },
	{ "val.offered", "erbjuden", "offered" },
	{ "val.other", "annan", "other" },
	{ "val.parole", "villkorlig frigivning", "parole" },
	{ "val.perpetrating", "utövande", "perpetrating" },
	{ "val.phone", "telefon", "phone" },
	{ "val.planned", "planerat", "planned" },
	{ "val.police", "polisen", "police" },
	{ "val.police_analyst", "polisanalytiker", "police analyst" },
	{ "val.possible", "möjlig", "possible" },
	{ "val.probable", "sannolik", "probable" },
	{ "val.probation", "Kriminalvården", "probation" },
	{ "val.school", "skola", "school" },
	{ "val.serious_co_offending", "begår grova brott tillsammans", "serious co-offending" },
	{ "val.social_services", "socialtjänsten", "social services" },
	{ "val.started", "påbörjad", "started" },
	{ "val.suspect", "misstänkt", "suspect" },
	{ "val.unfounded", "ogrundad", "unfounded" },
	{ "val.victim", "målsägande", "victim" },
	{ "val.victimised", "utsatt", "victimised" },
	{ "val.witness", "vittne", "witness" },
	{ "val.yes", "ja", "yes" },
};

static int by_key(const void *k, const void *m)
{
	return strcmp(k, ((const struct message *)m)->key);
}

static const struct message *find(const char *key)
{
	static int checked;   /* benign race: every thread computes the same answer */
	if (!checked) {
		for (size_t i = 1; i < sizeof catalogue / sizeof catalogue[0]; i++)
			assert(strcmp(catalogue[i - 1].key, catalogue[i].key) < 0);
		checked = 1;
	}
	return bsearch(key, catalogue, sizeof catalogue / sizeof catalogue[0], sizeof catalogue[0],
		       by_key);
}

enum i18n_lang i18n_lang(const struct web_request *rq)
{
	if (!rq || !rq->conn)
		return I18N_SV;
	const char *c = web_cookie(rq, "lang");
	return c && !strcmp(c, "en") ? I18N_EN : I18N_SV;
}

const char *i18n_code(enum i18n_lang lang)
{
	return lang == I18N_EN ? "en" : "sv";
}

const char *i18n_get(enum i18n_lang lang, const char *key)
{
	const struct message *m = find(key);
	if (!m)
		return key;
	return lang == I18N_EN && m->en ? m->en : m->sv;
}

const char *i18n(const struct web_request *rq, const char *key)
{
	return i18n_get(i18n_lang(rq), key);
}

static const char *named(enum i18n_lang lang, const char *prefix, const char *name)
{
	char key[128];
	if (!name)
		return "";
	if ((size_t)snprintf(key, sizeof key, "%s%s", prefix, name) >= sizeof key)
		return name;
	const struct message *m = find(key);
	if (!m)
		return name;
	return lang == I18N_EN && m->en ? m->en : m->sv;
}

const char *i18n_named(const struct web_request *rq, const char *prefix, const char *name)
{
	return named(i18n_lang(rq), prefix, name);
}

const char *i18n_named_sv(const char *prefix, const char *name)
{
	return named(I18N_SV, prefix, name);
}

/* ---- GET /lang?to=sv|en&back=PATH ---- */

/* back, percent-encoded where a Location header needs it, into out; 0 if it is a path on
 * this site ("/…", not "//…" or "/\…", which browsers read as another host), -1 if not. */
static int same_site_location(const char *back, char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)back;
	if (p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return -1;
	size_t len = 0;
	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return -1;
		int enc = *p == ' ' || *p == '%' || *p > 0x7f;
		if (len + (enc ? 3 : 1) >= n)
			return -1;
		if (enc)
			len += (size_t)snprintf(out + len, n - len, "%%%02X", *p);
		else
			out[len++] = (char)*p;
	}
	out[len] = '\0';
	return 0;
}

void page_lang(struct web_request *rq, struct web_response *rs)
{
	char to[8] = "", back[400] = "/", location[512];
	int rt = web_query(rq, "to", to, sizeof to);
	int rb = web_query(rq, "back", back, sizeof back);
	if (rt <= 0 || (strcmp(to, "sv") && strcmp(to, "en"))) {
		page_bad_request(rq, rs, "bad.lang");
		return;
	}
	if (rb < 0 || (rb > 0 && !*back) || same_site_location(back, location, sizeof location)) {
		page_bad_request(rq, rs, "bad.back");
		return;
	}
	web_set_cookie(rs, "lang=%s; Path=/; Max-Age=31536000; SameSite=Strict%s", to,
		       rq->server && rq->server->tls ? "; Secure" : "");
	web_redirect(rs, location);
}
