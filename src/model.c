/* model.c — the descriptors of every GVI entity (see model.h).
 *
 * This file is the one place that says what gvi records: add a field here and in schema.c
 * (a new migration) and the CLI, import, export and JSON pick it up.  Names are English
 * (code, CSV, JSON); the Swedish titles are what people see in the interface. */
#include "model.h"

#include <stdio.h>
#include <string.h>

#define END { NULL }
#define NF(arr) (sizeof(arr) / sizeof(arr[0]) - 1)

static const char *const area_kinds[] = { "municipality", "district", "other", NULL };
static const char *const agency_kinds[] = { "police", "social_services", "school", "municipality",
	"probation", "healthcare", "community", "other", NULL };
const char *const model_roles[] = { "admin", "coordinator", "police_analyst", "social_services",
	"probation", "community_partner", "evaluator", NULL };
static const char *const group_status[] = { "active", "inactive", "dissolved", NULL };
static const char *const levels[] = { "core", "member", "associate", NULL };
static const char *const relation_kinds[] = { "conflict", "alliance", "neutral", NULL };
static const char *const tie_kinds[] = { "hang_out", "co_offending", "serious_co_offending",
	"kinship", "other", NULL };
static const char *const supervision_kinds[] = { "probation", "parole", "conditional_release",
	"other", NULL };
static const char *const incident_status[] = { "confirmed", "unfounded", NULL };
static const char *const person_roles[] = { "suspect", "victim", "witness", "other", NULL };
static const char *const sides[] = { "perpetrating", "victimised", NULL };
static const char *const confidences[] = { "confirmed", "probable", "possible", NULL };
static const char *const notification_status[] = { "planned", "held", "declined", "not_reached", NULL };
static const char *const channels[] = { "letter", "probation", "in_person", "phone", "family", "other", NULL };
static const char *const invitation_status[] = { "invited", "confirmed", "declined", "not_reached", NULL };
static const char *const referral_status[] = { "offered", "accepted", "started", "completed",
	"declined", "dropped", NULL };
static const char *const case_status[] = { "open", "acting", "told", "closed", NULL };
static const char *const task_status[] = { "open", "done", "cancelled", NULL };
static const char *const task_kinds[] = { "case", "notification", "callin", "referral", "other", NULL };

/* ---- list items (child tables) ---- */
static const struct field alias_fields[] = {
	{ "alias", F_TEXT, FF_REQUIRED, .help = "another name the group or person goes by" }, END };
static const struct entity group_alias = { "alias", "group_alias", "alias", NULL, EF_CHILD,
	alias_fields, NF(alias_fields) };
static const struct entity person_alias = { "alias", "person_alias", "alias", NULL, EF_CHILD,
	alias_fields, NF(alias_fields) };

static const struct field group_area_fields[] = {
	{ "area", F_REF, FF_REQUIRED, "area", .help = "area where the group is active" }, END };
static const struct entity group_area = { "area", "group_area", "område", NULL, EF_CHILD,
	group_area_fields, NF(group_area_fields) };

static const struct field basis_fields[] = {
	{ "criterion", F_REF, FF_REQUIRED, "criterion", .help = "inclusion criterion met" },
	{ "source", F_TEXT, FF_REQUIRED, .help = "source reference (report, case number)" },
	{ "date", F_DATE, FF_REQUIRED, .help = "date of the source" },
	{ "incident", F_REF, 0, "incident", .help = "incident the source is about (the person must be a suspect in it)" },
	END };
static const struct entity membership_basis = { "basis", "membership_basis", "underlag", NULL,
	EF_CHILD, basis_fields, NF(basis_fields) };

static const struct field agency_item_fields[] = {
	{ "agency", F_REF, FF_REQUIRED, "agency", .help = "delivering agency" }, END };
static const struct entity notification_agency = { "agency", "notification_agency", "aktör", NULL,
	EF_CHILD, agency_item_fields, NF(agency_item_fields) };

static const struct field deliverer_fields[] = {
	{ "user", F_REF, FF_REQUIRED, "user", .help = "delivering user" }, END };
static const struct entity notification_deliverer = { "deliverer", "notification_deliverer",
	"deltagare", NULL, EF_CHILD, deliverer_fields, NF(deliverer_fields) };

static const struct field speaker_fields[] = {
	{ "name", F_TEXT, FF_REQUIRED, .help = "speaker" },
	{ "role", F_TEXT, 0, .help = "speaker's role (police, community voice, services, …)" },
	END };
static const struct entity callin_speaker = { "speaker", "callin_speaker", "talare", NULL,
	EF_CHILD, speaker_fields, NF(speaker_fields) };

static const struct field trigger_fields[] = {
	{ "incident", F_REF, FF_REQUIRED, "incident", .help = "triggering incident" }, END };
static const struct entity enforcement_incident = { "incident", "enforcement_incident",
	"händelse", NULL, EF_CHILD, trigger_fields, NF(trigger_fields) };

static const struct entity lever_agency = { "agency", "lever_agency", "aktör", NULL,
	EF_CHILD, agency_item_fields, NF(agency_item_fields) };

static const struct field case_incident_fields[] = {
	{ "incident", F_REF, FF_REQUIRED, "incident", .help = "incident attributed to the group" }, END };
static const struct entity response_case_incident = { "incident", "response_case_incident",
	"händelse", NULL, EF_CHILD, case_incident_fields, NF(case_incident_fields) };

/* ---- entities ---- */
#define OWNER { "owner", F_REF, FF_AUTO, "agency", .help = "owning agency (default: the acting user's)" }
#define NOTES { "notes", F_TEXT, 0, .help = "free-text notes" }
#define MESSAGES \
	{ "msg_die", F_BOOL, 0, .help = "delivered: \"Vi vill inte att du ska dö.\"" }, \
	{ "msg_kill", F_BOOL, 0, .help = "delivered: \"Vi vill inte att du ska döda.\"" }, \
	{ "msg_consequences", F_BOOL, 0, .help = "delivered: violence brings consequences for the whole group" }, \
	{ "msg_help", F_BOOL, 0, .help = "delivered: take the help on offer to leave criminal life" }

static const struct field area_fields[] = {
	{ "name", F_TEXT, FF_REQUIRED | FF_KEY, .help = "name of the municipality or district" },
	{ "kind", F_ENUM, 0, .choices = area_kinds, .help = "municipality, district or other" },
	{ "parent", F_REF, 0, "area", .help = "the municipality a district belongs to" },
	NOTES, END };
static const struct entity area = { "area", "area", "område",
	"municipalities and districts the programme covers", 0, area_fields, NF(area_fields) };

static const struct field agency_fields[] = {
	{ "name", F_TEXT, FF_REQUIRED | FF_KEY, .help = "name of the agency" },
	{ "kind", F_ENUM, FF_REQUIRED, .choices = agency_kinds, .help = "what kind of partner it is" },
	NOTES, END };
static const struct entity agency = { "agency", "agency", "aktör",
	"partner agencies: police, social services, Kriminalvården, …", 0, agency_fields,
	NF(agency_fields) };

static const struct field user_fields[] = {
	{ "name", F_TEXT, FF_REQUIRED | FF_KEY, .help = "login name" },
	{ "full_name", F_TEXT, 0, .help = "the person's full name" },
	{ "agency", F_REF, FF_REQUIRED, "agency", .help = "agency the user works for" },
	{ "role", F_ENUM, FF_REQUIRED, .choices = model_roles, .help = "role: what the user may see and do" },
	{ "disabled", F_BOOL, 0, .def = "0", .help = "a disabled user can do nothing" },
	{ "email", F_TEXT, 0, .help = "e-mail address for task reminders (gvi tasks remind; optional)" },
	END };
static const struct entity user = { "user", "account", "användare", "users, their agency and role",
	0, user_fields, NF(user_fields) };

static const struct field incident_type_fields[] = {
	{ "name", F_TEXT, FF_REQUIRED | FF_KEY, .help = "type, e.g. shooting" },
	{ "label_sv", F_TEXT, 0, .help = "Swedish label, e.g. skjutning" },
	{ "severity", F_INT, FF_REQUIRED, .min = 1, .max = 10, .help = "severity weight, 1 (least) to 10" },
	{ "serious", F_BOOL, 0, .def = "0", .help = "counts as serious violence (grovt våld)" },
	END };
static const struct entity incident_type = { "incident-type", "incident_type", "händelsetyp",
	"the taxonomy of incident types with severity", EF_CONFIG, incident_type_fields,
	NF(incident_type_fields) };

static const struct field criterion_fields[] = {
	{ "name", F_TEXT, FF_REQUIRED | FF_KEY, .help = "criterion for group membership" },
	{ "description", F_TEXT, 0, .help = "what must be documented" },
	END };
static const struct entity criterion = { "criterion", "criterion", "kriterium",
	"the configurable list of membership criteria", EF_CONFIG, criterion_fields,
	NF(criterion_fields) };

static const struct field lever_fields[] = {
	{ "name", F_TEXT, FF_REQUIRED | FF_KEY, .help = "enforcement lever" },
	{ "description", F_TEXT, 0, .help = "what pulling it means" },
	{ "agencies", F_LIST, 0, .item = &lever_agency,
	  .help = "agencies that can pull it, separated by ; (none: any partner)" },
	END };
static const struct entity lever = { "lever", "lever", "påtryckningsmedel",
	"the configurable list of enforcement levers", EF_CONFIG, lever_fields, NF(lever_fields) };

static const struct field service_fields[] = {
	{ "name", F_TEXT, FF_REQUIRED | FF_KEY, .help = "support service" },
	{ "description", F_TEXT, 0, .help = "what it offers" },
	END };
static const struct entity service = { "service", "service", "stödinsats",
	"the configurable list of support services", EF_CONFIG, service_fields, NF(service_fields) };

static const struct field purpose_fields[] = {
	{ "name", F_TEXT, FF_REQUIRED | FF_KEY, .help = "purpose of access, e.g. \"operativ GVI-verksamhet\"" },
	{ "description", F_TEXT, 0, .help = "what it covers" },
	END };
static const struct entity purpose = { "purpose", "purpose", "ändamål",
	"the configurable list of purposes of access (logged with every audit entry)", EF_CONFIG,
	purpose_fields, NF(purpose_fields) };

static const struct field setting_fields[] = {
	{ "name", F_TEXT, FF_REQUIRED | FF_KEY, .help = "setting, e.g. inclusion.min_criteria (docs/privacy.md)" },
	{ "value", F_TEXT, FF_REQUIRED, .help = "its value (a whole number)" },
	{ "description", F_TEXT, 0, .help = "what it governs" },
	END };
static const struct entity setting = { "setting", "setting", "inställning",
	"settings of the privacy rules: inclusion, review and retention", EF_CONFIG, setting_fields,
	NF(setting_fields) };

static const struct field legal_basis_fields[] = {
	{ "name", F_TEXT, FF_REQUIRED | FF_KEY, .help = "legal basis for disclosure, e.g. OSL 10 kap. 18 a §" },
	{ "description", F_TEXT, 0, .help = "what it allows" },
	{ "max_age", F_INT, 0, .min = 1, .max = 120, .help = "only for persons younger than this on the decision date" },
	{ "consent", F_BOOL, 0, .def = "0", .help = "needs the person's consent (samtycke), dated" },
	{ "from_kind", F_ENUM, 0, .choices = agency_kinds, .help = "only from an agency of this kind" },
	{ "to_kind", F_ENUM, 0, .choices = agency_kinds, .help = "only to an agency of this kind" },
	END };
static const struct entity legal_basis = { "legal-basis", "legal_basis", "rättslig grund",
	"the configurable list of legal bases for disclosure between agencies", EF_CONFIG,
	legal_basis_fields, NF(legal_basis_fields) };

static const struct field group_fields[] = {
	{ "name", F_TEXT, FF_REQUIRED | FF_KEY, .help = "name of the group" },
	{ "aliases", F_LIST, 0, .item = &group_alias, .help = "other names, separated by ;" },
	{ "areas", F_LIST, 0, .item = &group_area, .help = "areas where it is active, separated by ;" },
	{ "status", F_ENUM, 0, .choices = group_status, .def = "active", .help = "active, inactive or dissolved" },
	{ "first_seen", F_DATE, 0, .help = "first seen" },
	{ "last_seen", F_DATE, 0, .help = "last seen" },
	OWNER, NOTES, END };
static const struct entity group = { "group", "grp", "grupp", "groups (the group audit)",
	EF_NODELETE, group_fields, NF(group_fields), "last_seen", "status=dissolved" };

static const struct field person_fields[] = {
	{ "code", F_TEXT, FF_KEY | FF_AUTO, .help = "gvi's pseudonymous id (made up when not given)" },
	{ "name", F_TEXT, FF_REQUIRED, .help = "full name" },
	{ "aliases", F_LIST, 0, .item = &person_alias, .help = "other names, separated by ;" },
	{ "birth", F_PARTDATE, 0, .help = "birth date or year" },
	{ "pnr", F_PNR, FF_SECRET, .help = "personnummer or samordningsnummer (never shown in lists)" },
	{ "area", F_REF, 0, "area", .help = "home area" },
	{ "review", F_DATE, FF_AUTO, .help = "review date (default 12 months ahead)" },
	{ "age_band", F_TEXT, FF_DERIVED, .help = "under 18 / under 21 / adult, derived from birth" },
	OWNER, NOTES, END };
static const struct entity person = { "person", "person", "person", "persons",
	EF_PERSONAL, person_fields, NF(person_fields) };

static const struct field membership_fields[] = {
	{ "person", F_REF, FF_REQUIRED, "person", .help = "the member" },
	{ "group", F_REF, FF_REQUIRED, "group", .help = "the group" },
	{ "level", F_ENUM, FF_REQUIRED, .choices = levels, .help = "core, member or associate" },
	{ "since", F_DATE, 0, .help = "member from" },
	{ "until", F_DATE, 0, .help = "member until (set by end)" },
	{ "basis", F_LIST, FF_REQUIRED, .item = &membership_basis,
	  .help = "inclusion basis: criterion|source|date; more separated by ;" },
	{ "review", F_DATE, FF_AUTO, .help = "review date (default 12 months ahead)" },
	{ "minor", F_BOOL, FF_DERIVED, .help = "the person is under 18 (on until, else today)" },
	OWNER, NOTES, END };
static const struct entity membership = { "membership", "membership", "medlemskap",
	"who belongs to which group, and on what basis", EF_PERSONAL | EF_NODELETE,
	membership_fields, NF(membership_fields), "until", NULL };

static const struct field supervision_fields[] = {
	{ "person", F_REF, FF_REQUIRED, "person", .help = "the person supervised" },
	{ "kind", F_ENUM, FF_REQUIRED, .choices = supervision_kinds,
	  .help = "probation (frivård), parole (villkorlig frigivning), conditional_release or other" },
	{ "since", F_DATE, FF_REQUIRED, .help = "supervision from" },
	{ "until", F_DATE, 0, .help = "supervision until (set by end)" },
	OWNER, NOTES, END };
static const struct entity supervision = { "supervision", "supervision", "övervakning",
	"persons under Kriminalvården's supervision", EF_PERSONAL | EF_NODELETE, supervision_fields,
	NF(supervision_fields), "until", NULL };

static const struct field relation_fields[] = {
	{ "group_a", F_REF, FF_REQUIRED, "group", .help = "one group" },
	{ "group_b", F_REF, FF_REQUIRED, "group", .help = "the other group" },
	{ "kind", F_ENUM, FF_REQUIRED, .choices = relation_kinds, .help = "conflict, alliance or neutral" },
	{ "since", F_DATE, 0, .help = "since" },
	{ "until", F_DATE, 0, .help = "until (set by end)" },
	{ "intensity", F_INT, 0, .min = 1, .max = 5, .help = "intensity, 1 (low) to 5 (open violence)" },
	OWNER, NOTES, END };
static const struct entity relation = { "relation", "relation", "grupprelation",
	"conflicts and alliances between groups", EF_NODELETE, relation_fields,
	NF(relation_fields), "until", NULL };

static const struct field tie_fields[] = {
	{ "person_a", F_REF, FF_REQUIRED, "person", .help = "one person" },
	{ "person_b", F_REF, FF_REQUIRED, "person", .help = "the other person" },
	{ "kind", F_ENUM, FF_REQUIRED, .choices = tie_kinds,
	  .help = "hang_out, co_offending, serious_co_offending, kinship or other" },
	{ "weight", F_REAL, 0, .help = "strength of the tie in the person network (default by kind: "
	  "hang_out 1, co_offending 2, serious_co_offending 3, kinship 4, other 1)" },
	{ "source", F_TEXT, 0, .help = "source reference" },
	{ "date", F_DATE, 0, .help = "date of the source" },
	{ "review", F_DATE, FF_AUTO, .help = "review date (default 12 months ahead)" },
	OWNER, NOTES, END };
static const struct entity tie = { "tie", "tie", "relation mellan personer",
	"recorded ties between persons (the person network)", EF_PERSONAL, tie_fields,
	NF(tie_fields) };

static const struct field incident_fields[] = {
	{ "occurred", F_DATETIME, FF_REQUIRED, .help = "when: YYYY[-MM[-DD[ HH:MM]]] (precision kept)" },
	{ "type", F_REF, FF_REQUIRED, "incident-type", .help = "type from the taxonomy" },
	{ "area", F_REF, 0, "area", .help = "area" },
	{ "place", F_TEXT, 0, .help = "place" },
	{ "lat", F_REAL, 0, .help = "latitude (WGS 84)" },
	{ "lon", F_REAL, 0, .help = "longitude (WGS 84)" },
	{ "killed", F_INT, 0, .min = 0, .help = "number killed" },
	{ "injured", F_INT, 0, .min = 0, .help = "number injured" },
	{ "status", F_ENUM, 0, .choices = incident_status, .def = "confirmed", .help = "confirmed or unfounded" },
	{ "description", F_TEXT, 0, .help = "what happened" },
	{ "gmi", F_BOOL, FF_DERIVED, .help = "group member involved: derived from involvements" },
	OWNER, END };
static const struct entity incident = { "incident", "incident", "händelse",
	"serious violence (the incident review)", EF_PERSONAL, incident_fields,
	NF(incident_fields) };

static const struct field involvement_fields[] = {
	{ "incident", F_REF, FF_REQUIRED, "incident", .help = "the incident" },
	{ "person", F_REF, FF_REQUIRED, "person", .help = "the person" },
	{ "role", F_ENUM, FF_REQUIRED, .choices = person_roles, .help = "suspect, victim, witness or other" },
	OWNER, NOTES, END };
static const struct entity involvement = { "involvement", "involvement", "inblandning",
	"persons involved in incidents", EF_PERSONAL, involvement_fields, NF(involvement_fields) };

static const struct field group_involvement_fields[] = {
	{ "incident", F_REF, FF_REQUIRED, "incident", .help = "the incident" },
	{ "group", F_REF, FF_REQUIRED, "group", .help = "the group" },
	{ "side", F_ENUM, FF_REQUIRED, .choices = sides, .help = "perpetrating or victimised" },
	{ "confidence", F_ENUM, FF_REQUIRED, .choices = confidences, .help = "confirmed, probable or possible" },
	OWNER, NOTES, END };
static const struct entity group_involvement = { "group-involvement", "group_involvement",
	"gruppinblandning", "groups involved in incidents, and on which side", 0,
	group_involvement_fields, NF(group_involvement_fields) };

static const struct field notification_fields[] = {
	{ "person", F_REF, FF_REQUIRED, "person", .help = "the person notified" },
	{ "planned", F_DATE, 0, .help = "planned date" },
	{ "held", F_DATE, 0, .help = "date held" },
	{ "place", F_TEXT, 0, .help = "place" },
	{ "agencies", F_LIST, 0, .item = &notification_agency, .help = "delivering agencies, separated by ;" },
	{ "deliverers", F_LIST, 0, .item = &notification_deliverer, .help = "delivering users, separated by ;" },
	MESSAGES,
	{ "support_offered", F_TEXT, 0, .help = "support offered" },
	{ "response", F_TEXT, 0, .help = "the person's response" },
	{ "follow_up", F_DATE, 0, .help = "follow-up date" },
	{ "follow_up_owner", F_REF, 0, "user", .help = "who follows up" },
	{ "status", F_ENUM, 0, .choices = notification_status, .def = "planned", .help = "planned, held, declined or not_reached" },
	OWNER, NOTES, END };
static const struct entity notification = { "notification", "notification", "individuellt samtal",
	"custom notifications (one-to-one meetings)", EF_PERSONAL, notification_fields,
	NF(notification_fields) };

static const struct field callin_fields[] = {
	{ "held", F_DATE, FF_REQUIRED, .help = "date" },
	{ "venue", F_TEXT, 0, .help = "venue" },
	{ "area", F_REF, 0, "area", .help = "area" },
	{ "speakers", F_LIST, 0, .item = &callin_speaker, .help = "speakers as name|role, separated by ;" },
	MESSAGES,
	OWNER, NOTES, END };
static const struct entity callin = { "callin", "callin", "call-in",
	"call-ins (meetings group members are invited to)", 0, callin_fields, NF(callin_fields) };

static const struct field invitation_fields[] = {
	{ "callin", F_REF, FF_REQUIRED, "callin", .help = "the call-in" },
	{ "person", F_REF, FF_REQUIRED, "person", .help = "the invitee" },
	{ "channel", F_ENUM, 0, .choices = channels, .help = "how invited" },
	{ "status", F_ENUM, 0, .choices = invitation_status, .def = "invited", .help = "invited, confirmed, declined or not_reached" },
	{ "attended", F_BOOL, 0, .help = "came to the call-in" },
	OWNER, NOTES, END };
static const struct entity invitation = { "invitation", "invitation", "inbjudan",
	"call-in invitees and attendance", EF_PERSONAL, invitation_fields, NF(invitation_fields) };

static const struct field enforcement_fields[] = {
	{ "group", F_REF, FF_REQUIRED, "group", .help = "group targeted" },
	{ "incidents", F_LIST, 0, .item = &enforcement_incident, .help = "triggering incident ids, separated by ;" },
	{ "agency", F_REF, FF_REQUIRED, "agency", .help = "acting agency" },
	{ "lever", F_REF, FF_REQUIRED, "lever", .help = "lever pulled" },
	{ "decided", F_DATE, 0, .help = "date decided" },
	{ "started", F_DATE, 0, .help = "date started" },
	{ "completed", F_DATE, 0, .help = "date completed" },
	{ "told", F_DATE, 0, .help = "date the group was told why" },
	{ "outcome", F_TEXT, 0, .help = "outcome" },
	OWNER, NOTES, END };
static const struct entity enforcement = { "enforcement", "enforcement", "sanktion",
	"enforcement actions against groups after violence", 0, enforcement_fields,
	NF(enforcement_fields) };

static const struct field referral_fields[] = {
	{ "person", F_REF, FF_REQUIRED, "person", .help = "the person referred" },
	{ "service", F_REF, FF_REQUIRED, "service", .help = "support service" },
	{ "agency", F_REF, FF_REQUIRED, "agency", .help = "referring agency" },
	{ "offered", F_DATE, 0, .help = "date offered" },
	{ "started", F_DATE, 0, .help = "date started" },
	{ "ended", F_DATE, 0, .help = "date ended" },
	{ "status", F_ENUM, 0, .choices = referral_status, .def = "offered",
	  .help = "offered, accepted, started, completed, declined or dropped" },
	{ "consent", F_BOOL, 0, .def = "0", .help = "consent to share with partners recorded" },
	OWNER, NOTES, END };
static const struct entity referral = { "referral", "referral", "remiss",
	"support referrals and whether they were taken up", EF_PERSONAL, referral_fields,
	NF(referral_fields) };

/* Outcome series from outside the repository, for comparison areas in the evaluation
 * (police statistics per municipality, region or country): one value per area, period and
 * outcome.  The area is free text: comparison areas need not be areas of the programme. */
static const struct field external_series_fields[] = {
	{ "area", F_TEXT, FF_REQUIRED, .help = "area the value is for, e.g. Sundbyberg" },
	{ "period", F_PARTDATE, FF_REQUIRED, .help = "month YYYY-MM (or year YYYY)" },
	{ "outcome", F_TEXT, FF_REQUIRED, .help = "what is counted: shootings, explosions, killed, injured, gmi, …" },
	{ "value", F_REAL, FF_REQUIRED, .help = "the count (or rate) for that area and period" },
	{ "source", F_TEXT, 0, .help = "where the figure comes from, e.g. Polisen, anmälda brott" },
	NOTES, END };
static const struct entity external_series = { "external-series", "external_series",
	"extern jämförelsestatistik", "outcome series of comparison areas for the evaluation", 0,
	external_series_fields, NF(external_series_fields) };

static const struct field scope_fields[] = {
	{ "entity", F_TEXT, FF_REQUIRED, .help = "entity disclosed, e.g. referral" }, END };
static const struct entity disclosure_scope = { "scope", "disclosure_scope", "omfattning", NULL,
	EF_CHILD, scope_fields, NF(scope_fields) };

static const struct field disclosure_fields[] = {
	{ "person", F_REF, FF_REQUIRED, "person", .help = "whose records are disclosed" },
	{ "from_agency", F_REF, FF_AUTO, "agency", .help = "disclosing agency, owner of the records (the acting user's)" },
	{ "to_agency", F_REF, FF_REQUIRED, "agency", .help = "receiving agency" },
	{ "scope", F_LIST, FF_REQUIRED, .item = &disclosure_scope, .help = "entities disclosed, separated by ;" },
	{ "basis", F_REF, FF_REQUIRED, "legal-basis", .help = "legal basis, e.g. OSL 10 kap. 18 a §" },
	{ "consent", F_DATE, 0, .help = "date the person consented (a basis that needs consent)" },
	{ "decided", F_DATE, FF_AUTO, .help = "date of the decision (default today)" },
	{ "decided_by", F_REF, FF_AUTO, "user", .help = "who decided (the acting user)" },
	{ "valid_until", F_DATE, FF_REQUIRED, .help = "the disclosure lapses after this date" },
	OWNER, NOTES, END };
static const struct entity disclosure = { "disclosure", "disclosure", "uppgiftslämnande",
	"recorded disclosures between agencies: basis, decider, scope", EF_PERSONAL, disclosure_fields,
	NF(disclosure_fields) };

static const struct field response_case_fields[] = {
	{ "group", F_REF, FF_REQUIRED, "group", .help = "the group the violence is attributed to" },
	{ "incidents", F_LIST, FF_REQUIRED, .item = &response_case_incident,
	  .help = "the incidents attributed to it, separated by ;" },
	{ "level", F_INT, 0, .min = 1, .def = "1", .help = "escalation level: 1, and one more for each repeat" },
	{ "status", F_ENUM, 0, .choices = case_status, .def = "open",
	  .help = "open, acting (first action taken), told (the group was told why) or closed" },
	{ "opened", F_DATETIME, 0, .help = "when the case was opened (UTC)" },
	{ "due", F_DATETIME, 0, .help = "first action due by (UTC)" },
	{ "assignee", F_REF, 0, "user", .help = "who drives the case" },
	{ "first_action", F_DATE, 0, .help = "date of the first enforcement action" },
	{ "told", F_DATE, 0, .help = "date the group was told why" },
	{ "closed", F_DATE, 0, .help = "date closed" },
	OWNER, NOTES, END };
static const struct entity response_case = { "response-case", "response_case", "åtgärdsärende",
	"response cases: the consequences for a group after violence (gvi case)", 0,
	response_case_fields, NF(response_case_fields) };

static const struct field task_fields[] = {
	{ "title", F_TEXT, FF_REQUIRED, .help = "what is to be done" },
	{ "assignee", F_REF, FF_AUTO, "user", .help = "who does it (default: the acting user)" },
	{ "due", F_DATE, FF_REQUIRED, .help = "due date" },
	{ "status", F_ENUM, 0, .choices = task_status, .def = "open", .help = "open, done or cancelled" },
	{ "done", F_DATE, 0, .help = "date done" },
	{ "kind", F_ENUM, 0, .choices = task_kinds, .def = "other",
	  .help = "case, notification, callin, referral or other" },
	{ "case", F_REF, 0, "response-case", .help = "the response case it belongs to" },
	{ "person", F_REF, 0, "person", .help = "the person it concerns" },
	{ "notification", F_REF, 0, "notification", .help = "the custom notification it follows up" },
	{ "invitation", F_REF, 0, "invitation", .help = "the call-in invitation it follows up" },
	{ "referral", F_REF, 0, "referral", .help = "the referral it follows up" },
	{ "callin", F_REF, 0, "callin", .help = "the call-in it belongs to" },
	{ "source", F_TEXT, FF_KEY, .help = "the workflow step that made it (unique; empty for a task added by hand)" },
	OWNER, NOTES, END };
static const struct entity task = { "task", "task", "uppgift",
	"tasks with an owner and a due date (gvi tasks)", EF_PERSONAL | EF_ROWCHECK, task_fields,
	NF(task_fields) };

const struct entity *const model_entities[] = {
	&area, &agency, &user, &incident_type, &criterion, &lever, &service, &purpose, &setting,
	&legal_basis, &group, &person, &membership, &tie, &supervision, &relation, &incident,
	&involvement, &group_involvement, &notification, &callin, &invitation, &enforcement,
	&referral, &disclosure, &external_series, &response_case, &task,
};
const size_t model_nentities = sizeof model_entities / sizeof model_entities[0];

const struct entity *model_entity(const char *name)
{
	for (size_t i = 0; i < model_nentities; i++)
		if (!strcmp(model_entities[i]->name, name))
			return model_entities[i];
	return NULL;
}

const struct field *model_field(const struct entity *e, const char *name)
{
	for (const struct field *f = e->fields; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

size_t model_field_index(const struct entity *e, const struct field *f)
{
	return (size_t)(f - e->fields);
}

const struct field *model_key(const struct entity *e)
{
	for (const struct field *f = e->fields; f->name; f++)
		if (f->flags & FF_KEY)
			return f;
	return NULL;
}

int model_choice(const struct field *f, const char *value)
{
	for (int i = 0; f->choices && f->choices[i]; i++)
		if (!strcmp(f->choices[i], value))
			return i;
	return -1;
}

void model_choices_text(const struct field *f, char *out, size_t n)
{
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; f->choices && f->choices[i] && len < n; i++)
		len += (size_t)snprintf(out + len, n - len, "%s%s", i ? ", " : "", f->choices[i]);
}

int model_is_personal(const struct entity *e)
{
	return (e->flags & EF_PERSONAL) != 0;
}
