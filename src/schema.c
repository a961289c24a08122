/* schema.c — the SQL tables of a gvi repository and the forward migrations between versions.
 *
 * A repository's PRAGMA user_version is the number of migrations applied.  Migrations are
 * only ever appended: migration N turns version N-1 into N, and an existing one is never
 * edited, so any older repository can be brought forward.  The SQL is kept to what both
 * SQLite and PostgreSQL accept (INTEGER/TEXT/REAL, REFERENCES, UNIQUE, CREATE INDEX), so a
 * second store can follow; the few SQLite-only statements (triggers) are marked.
 *
 * Naming: a reference field F is stored in column F_id; list fields live in child tables
 * (parent_id, pos, sub-fields).  Uniqueness over several columns is a named UNIQUE INDEX
 * rather than a table constraint, so a bulk import into an empty table can build it once at
 * the end (store_indexes_defer). */
#include "schema.h"

static const char migration_1[] =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE area (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT,\n"
	"  parent_id INTEGER REFERENCES area(id), notes TEXT);\n"
	"CREATE TABLE agency (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,\n"
	"  notes TEXT);\n"
	"CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, full_name TEXT,\n"
	"  agency_id INTEGER NOT NULL REFERENCES agency(id), role TEXT NOT NULL,\n"
	"  disabled INTEGER);\n"
	"CREATE TABLE incident_type (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, label_sv TEXT,\n"
	"  severity INTEGER NOT NULL, serious INTEGER);\n"
	"CREATE TABLE criterion (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT);\n"
	"CREATE TABLE lever (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT);\n"
	"CREATE TABLE service (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT);\n"
	"CREATE TABLE grp (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, status TEXT,\n"
	"  first_seen TEXT, last_seen TEXT, owner_id INTEGER REFERENCES agency(id), notes TEXT);\n"
	"CREATE TABLE group_alias (parent_id INTEGER NOT NULL REFERENCES grp(id) ON DELETE CASCADE,\n"
	"  pos INTEGER NOT NULL, alias TEXT NOT NULL, PRIMARY KEY (parent_id, pos));\n"
	"CREATE TABLE group_area (parent_id INTEGER NOT NULL REFERENCES grp(id) ON DELETE CASCADE,\n"
	"  pos INTEGER NOT NULL, area_id INTEGER NOT NULL REFERENCES area(id),\n"
	"  PRIMARY KEY (parent_id, pos));\n"
	"CREATE TABLE person (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,\n"
	"  birth TEXT, pnr TEXT UNIQUE, area_id INTEGER REFERENCES area(id), review TEXT,\n"
	"  owner_id INTEGER NOT NULL REFERENCES agency(id), notes TEXT);\n"
	"CREATE INDEX person_name ON person(name);\n"
	"CREATE TABLE person_alias (parent_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,\n"
	"  pos INTEGER NOT NULL, alias TEXT NOT NULL, PRIMARY KEY (parent_id, pos));\n"
	"CREATE TABLE membership (id INTEGER PRIMARY KEY,\n"
	"  person_id INTEGER NOT NULL REFERENCES person(id),\n"
	"  group_id INTEGER NOT NULL REFERENCES grp(id), level TEXT NOT NULL, since TEXT, until TEXT,\n"
	"  review TEXT, owner_id INTEGER NOT NULL REFERENCES agency(id), notes TEXT);\n"
	"CREATE INDEX membership_person ON membership(person_id);\n"
	"CREATE INDEX membership_group ON membership(group_id);\n"
	"CREATE TABLE membership_basis (parent_id INTEGER NOT NULL REFERENCES membership(id)\n"
	"  ON DELETE CASCADE, pos INTEGER NOT NULL,\n"
	"  criterion_id INTEGER NOT NULL REFERENCES criterion(id), source TEXT NOT NULL,\n"
	"  date TEXT NOT NULL, PRIMARY KEY (parent_id, pos));\n"
	"CREATE TABLE relation (id INTEGER PRIMARY KEY,\n"
	"  group_a_id INTEGER NOT NULL REFERENCES grp(id),\n"
	"  group_b_id INTEGER NOT NULL REFERENCES grp(id), kind TEXT NOT NULL, since TEXT, until TEXT,\n"
	"  intensity INTEGER, owner_id INTEGER REFERENCES agency(id), notes TEXT);\n"
	"CREATE TABLE incident (id INTEGER PRIMARY KEY, occurred TEXT NOT NULL,\n"
	"  type_id INTEGER NOT NULL REFERENCES incident_type(id), area_id INTEGER REFERENCES area(id),\n"
	"  place TEXT, lat REAL, lon REAL, killed INTEGER, injured INTEGER, status TEXT,\n"
	"  description TEXT, owner_id INTEGER NOT NULL REFERENCES agency(id));\n"
	"CREATE INDEX incident_occurred ON incident(occurred);\n"
	"CREATE TABLE involvement (id INTEGER PRIMARY KEY,\n"
	"  incident_id INTEGER NOT NULL REFERENCES incident(id),\n"
	"  person_id INTEGER NOT NULL REFERENCES person(id), role TEXT NOT NULL,\n"
	"  owner_id INTEGER NOT NULL REFERENCES agency(id), notes TEXT);\n"
	"CREATE UNIQUE INDEX involvement_unique ON involvement(incident_id, person_id, role);\n"
	"CREATE INDEX involvement_person ON involvement(person_id);\n"
	"CREATE TABLE group_involvement (id INTEGER PRIMARY KEY,\n"
	"  incident_id INTEGER NOT NULL REFERENCES incident(id),\n"
	"  group_id INTEGER NOT NULL REFERENCES grp(id), side TEXT NOT NULL, confidence TEXT NOT NULL,\n"
	"  owner_id INTEGER REFERENCES agency(id), notes TEXT);\n"
	"CREATE UNIQUE INDEX group_involvement_unique ON group_involvement(incident_id, group_id, side);\n"
	"CREATE INDEX group_involvement_group ON group_involvement(group_id);\n"
	"CREATE TABLE notification (id INTEGER PRIMARY KEY,\n"
	"  person_id INTEGER NOT NULL REFERENCES person(id), planned TEXT, held TEXT, place TEXT,\n"
	"  msg_die INTEGER, msg_kill INTEGER, msg_consequences INTEGER, msg_help INTEGER,\n"
	"  support_offered TEXT, response TEXT, follow_up TEXT,\n"
	"  follow_up_owner_id INTEGER REFERENCES account(id), status TEXT,\n"
	"  owner_id INTEGER NOT NULL REFERENCES agency(id), notes TEXT);\n"
	"CREATE INDEX notification_person ON notification(person_id);\n"
	"CREATE TABLE notification_agency (parent_id INTEGER NOT NULL REFERENCES notification(id)\n"
	"  ON DELETE CASCADE, pos INTEGER NOT NULL, agency_id INTEGER NOT NULL REFERENCES agency(id),\n"
	"  PRIMARY KEY (parent_id, pos));\n"
	"CREATE TABLE notification_deliverer (parent_id INTEGER NOT NULL REFERENCES notification(id)\n"
	"  ON DELETE CASCADE, pos INTEGER NOT NULL, user_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  PRIMARY KEY (parent_id, pos));\n"
	"CREATE TABLE callin (id INTEGER PRIMARY KEY, held TEXT NOT NULL, venue TEXT,\n"
	"  area_id INTEGER REFERENCES area(id),\n"
	"  msg_die INTEGER, msg_kill INTEGER, msg_consequences INTEGER, msg_help INTEGER,\n"
	"  owner_id INTEGER REFERENCES agency(id), notes TEXT);\n"
	"CREATE TABLE callin_speaker (parent_id INTEGER NOT NULL REFERENCES callin(id)\n"
	"  ON DELETE CASCADE, pos INTEGER NOT NULL, name TEXT NOT NULL, role TEXT,\n"
	"  PRIMARY KEY (parent_id, pos));\n"
	"CREATE TABLE invitation (id INTEGER PRIMARY KEY,\n"
	"  callin_id INTEGER NOT NULL REFERENCES callin(id),\n"
	"  person_id INTEGER NOT NULL REFERENCES person(id), channel TEXT, status TEXT, attended INTEGER,\n"
	"  owner_id INTEGER NOT NULL REFERENCES agency(id), notes TEXT);\n"
	"CREATE UNIQUE INDEX invitation_unique ON invitation(callin_id, person_id);\n"
	"CREATE INDEX invitation_person ON invitation(person_id);\n"
	"CREATE TABLE enforcement (id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL REFERENCES grp(id),\n"
	"  agency_id INTEGER NOT NULL REFERENCES agency(id), lever_id INTEGER NOT NULL REFERENCES lever(id),\n"
	"  decided TEXT, started TEXT, completed TEXT, told TEXT, outcome TEXT,\n"
	"  owner_id INTEGER REFERENCES agency(id), notes TEXT);\n"
	"CREATE TABLE enforcement_incident (parent_id INTEGER NOT NULL REFERENCES enforcement(id)\n"
	"  ON DELETE CASCADE, pos INTEGER NOT NULL,\n"
	"  incident_id INTEGER NOT NULL REFERENCES incident(id), PRIMARY KEY (parent_id, pos));\n"
	"CREATE TABLE referral (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),\n"
	"  service_id INTEGER NOT NULL REFERENCES service(id),\n"
	"  agency_id INTEGER NOT NULL REFERENCES agency(id), offered TEXT, started TEXT, ended TEXT,\n"
	"  status TEXT, consent INTEGER, owner_id INTEGER NOT NULL REFERENCES agency(id), notes TEXT);\n"
	"CREATE INDEX referral_person ON referral(person_id);\n"
	"CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_name TEXT NOT NULL,\n"
	"  role TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL, record_id INTEGER,\n"
	"  detail TEXT);\n"
	"CREATE INDEX audit_record ON audit(entity, record_id);\n"
	/* SQLite-only: the audit log is append-only for everyone, the CLI included. */
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n";

/* 2: recorded ties between persons, for the person network of the analyses. */
static const char migration_2[] =
	"CREATE TABLE tie (id INTEGER PRIMARY KEY,\n"
	"  person_a_id INTEGER NOT NULL REFERENCES person(id),\n"
	"  person_b_id INTEGER NOT NULL REFERENCES person(id), kind TEXT NOT NULL, weight REAL,\n"
	"  source TEXT, date TEXT, owner_id INTEGER NOT NULL REFERENCES agency(id), notes TEXT);\n"
	"CREATE INDEX tie_a ON tie(person_a_id);\n"
	"CREATE INDEX tie_b ON tie(person_b_id);\n";

/* 3: a user's password for the web application (gvi serve): an Argon2id hash string from
 * libsodium's crypto_pwhash_str.  The column is not in model.c, so no list, show, export or
 * import ever carries it; only store_auth.c reads or writes it. */
static const char migration_3[] =
	"ALTER TABLE account ADD COLUMN password_hash TEXT;\n";

/* 4: bearer tokens for integrations with the JSON API (`gvi token add`).  Only a BLAKE2b hash
 * of a token's secret is kept (hex, crypto_generichash); the token itself is shown once.  Like
 * the password hash the table is not in model.c, so only store_auth.c reads or writes it. */
static const char migration_4[] =
	"CREATE TABLE api_token (id INTEGER PRIMARY KEY, hash TEXT NOT NULL,\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id), created TEXT NOT NULL, expires TEXT,\n"
	"  note TEXT, revoked TEXT);\n";

/* 5: Kriminalvården's supervision of persons (priority lists filter on it). */
static const char migration_5[] =
	"CREATE TABLE supervision (id INTEGER PRIMARY KEY,\n"
	"  person_id INTEGER NOT NULL REFERENCES person(id), kind TEXT NOT NULL, since TEXT NOT NULL,\n"
	"  until TEXT, owner_id INTEGER NOT NULL REFERENCES agency(id), notes TEXT);\n"
	"CREATE INDEX supervision_person ON supervision(person_id);\n";

/* 6: the hash chain of the audit log (audit.c): one row per audit entry, in id order, with
 * the BLAKE2b hash of the previous link and of the entry itself.  Entries of an older
 * repository are chained when it is first opened (audit_chain_start).  SQLite-only triggers,
 * as for the audit table itself: append-only.  Every column of audit is hashed, except NULLs:
 * a column added to audit later must be nullable without a DEFAULT (see audit_hash_entry). */
static const char migration_6[] =
	"CREATE TABLE audit_chain (audit_id INTEGER PRIMARY KEY, prev_hash TEXT NOT NULL,\n"
	"  hash TEXT NOT NULL);\n"
	"CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n";

/* 7: the purpose of access (ändamål).  A configurable list, like the criteria and levers,
 * with the programme's usual purposes to start from (new and migrated repositories alike);
 * each audit entry records the purpose the acting user gave (asked once per web session,
 * --purpose/GVI_PURPOSE on the command line, X-GVI-Purpose on the API). */
static const char migration_7[] =
	"CREATE TABLE purpose (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT);\n"
	"INSERT INTO purpose (name, description) VALUES ('operativ GVI-verksamhet',\n"
	"  'det dagliga arbetet i programmet: grupper, personer, händelser, samtal, insatser');\n"
	"INSERT INTO purpose (name, description) VALUES ('uppföljning',\n"
	"  'uppföljning av ärenden och beslut, granskning av registreringar');\n"
	"INSERT INTO purpose (name, description) VALUES ('systemförvaltning',\n"
	"  'administration av användare, behörigheter och konfiguration');\n"
	"ALTER TABLE audit ADD COLUMN purpose TEXT;\n";

/* 8: outcome series of comparison areas imported for the evaluation (gvi evaluate); one value
 * per area, period and outcome. */
static const char migration_8[] =
	"CREATE TABLE external_series (id INTEGER PRIMARY KEY, area TEXT NOT NULL,\n"
	"  period TEXT NOT NULL, outcome TEXT NOT NULL, value REAL NOT NULL, source TEXT, notes TEXT);\n"
	"CREATE UNIQUE INDEX external_series_unique ON external_series(area, period, outcome);\n";

/* 9: the privacy rules (docs/privacy.md): the settings of inclusion, review and retention and
 * the legal bases for disclosure (with their defaults, so an older repository gets them too),
 * disclosures between agencies, the incident a membership basis may cite, a review date on
 * ties (the police's intelligence about who is tied to whom), and the one change the audit log
 * accepts: retention blanking a removed record's values.  Ties recorded before get a
 * review date a year from the migration (SQLite's date(): marked). */
static const char migration_9[] =
	"CREATE TABLE setting (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, value TEXT NOT NULL,\n"
	"  description TEXT);\n"
	"INSERT INTO setting (name, value, description) VALUES\n"
	"  ('inclusion.min_criteria', '2', 'different documented criteria a membership needs'),\n"
	"  ('inclusion.window_years', '5', 'the criteria must be dated within this many years'),\n"
	"  ('inclusion.min_age', '13', 'no membership for a person younger than this'),\n"
	"  ('review.months', '12', 'review cycle in months'),\n"
	"  ('review.minor_months', '6', 'review cycle in months for persons under 18'),\n"
	"  ('retention.grace_days', '30', 'days past the review date before removal'),\n"
	"  ('retention.referral.social_services', '60',\n"
	"   'social services: referrals removed five years after the last entry');\n"
	"CREATE TABLE legal_basis (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT,\n"
	"  max_age INTEGER, consent INTEGER, from_kind TEXT, to_kind TEXT);\n"
	"INSERT INTO legal_basis (name, description, max_age, consent, from_kind, to_kind) VALUES\n"
	"  ('OSL 10 kap. 18 a §', 'social services to the police: a person under 21, to prevent crime',\n"
	"   21, 0, 'social_services', 'police'),\n"
	"  ('samtycke', 'the person has consented (OSL 12 kap. 2 §)', NULL, 1, NULL, NULL);\n"
	"ALTER TABLE membership_basis ADD COLUMN incident_id INTEGER REFERENCES incident(id);\n"
	"ALTER TABLE tie ADD COLUMN review TEXT;\n"
	/* SQLite-only: date(). */
	"UPDATE tie SET review = date('now', '+12 months') WHERE review IS NULL;\n"
	"CREATE TABLE disclosure (id INTEGER PRIMARY KEY,\n"
	"  person_id INTEGER NOT NULL REFERENCES person(id),\n"
	"  from_agency_id INTEGER NOT NULL REFERENCES agency(id),\n"
	"  to_agency_id INTEGER NOT NULL REFERENCES agency(id),\n"
	"  basis_id INTEGER NOT NULL REFERENCES legal_basis(id), consent TEXT, decided TEXT NOT NULL,\n"
	"  decided_by_id INTEGER NOT NULL REFERENCES account(id), valid_until TEXT NOT NULL,\n"
	"  owner_id INTEGER NOT NULL REFERENCES agency(id), notes TEXT);\n"
	"CREATE INDEX disclosure_person ON disclosure(person_id);\n"
	"CREATE TABLE disclosure_scope (parent_id INTEGER NOT NULL REFERENCES disclosure(id)\n"
	"  ON DELETE CASCADE, pos INTEGER NOT NULL, entity TEXT NOT NULL, PRIMARY KEY (parent_id, pos));\n"
	/* SQLite-only: the audit log stays append-only, except that retention may replace the
	 * values in a removed record's entries by the redaction marker (audit.h) — nothing else
	 * of an entry may change, and nothing may be written instead. */
	"DROP TRIGGER audit_no_update;\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
	"  WHEN NOT (NEW.detail IS '{\"redacted\":\"retention\"}' AND NEW.id IS OLD.id\n"
	"    AND NEW.at IS OLD.at AND NEW.user_name IS OLD.user_name AND NEW.role IS OLD.role\n"
	"    AND NEW.action IS OLD.action AND NEW.entity IS OLD.entity\n"
	"    AND NEW.record_id IS OLD.record_id)\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n";

/* 10: the GVI cycle as workflow: response cases opened by violence attributed to a group (with
 * their incidents), tasks with an owner and a due date (a source key makes workflow-made tasks
 * unique, so a step sent twice makes one task), the agencies that may pull each lever, and
 * the per-user secret of the calendar feed (like a password hash, only store_calendar.c reads
 * it; it is not in model.c), and a user's e-mail address for the optional reminders. */
static const char migration_10[] =
	"CREATE TABLE response_case (id INTEGER PRIMARY KEY,\n"
	"  group_id INTEGER NOT NULL REFERENCES grp(id), level INTEGER, status TEXT, opened TEXT,\n"
	"  due TEXT, assignee_id INTEGER REFERENCES account(id), first_action TEXT, told TEXT,\n"
	"  closed TEXT, owner_id INTEGER REFERENCES agency(id), notes TEXT);\n"
	"CREATE INDEX response_case_group ON response_case(group_id);\n"
	"CREATE TABLE response_case_incident (parent_id INTEGER NOT NULL REFERENCES response_case(id)\n"
	"  ON DELETE CASCADE, pos INTEGER NOT NULL,\n"
	"  incident_id INTEGER NOT NULL REFERENCES incident(id), PRIMARY KEY (parent_id, pos));\n"
	"CREATE TABLE task (id INTEGER PRIMARY KEY, title TEXT NOT NULL,\n"
	"  assignee_id INTEGER NOT NULL REFERENCES account(id), due TEXT NOT NULL, status TEXT,\n"
	"  done TEXT, kind TEXT, case_id INTEGER REFERENCES response_case(id),\n"
	"  person_id INTEGER REFERENCES person(id), notification_id INTEGER REFERENCES notification(id),\n"
	"  invitation_id INTEGER REFERENCES invitation(id), referral_id INTEGER REFERENCES referral(id),\n"
	"  callin_id INTEGER REFERENCES callin(id), source TEXT UNIQUE,\n"
	"  owner_id INTEGER NOT NULL REFERENCES agency(id), notes TEXT);\n"
	"CREATE INDEX task_assignee ON task(assignee_id, status);\n"
	"CREATE TABLE lever_agency (parent_id INTEGER NOT NULL REFERENCES lever(id) ON DELETE CASCADE,\n"
	"  pos INTEGER NOT NULL, agency_id INTEGER NOT NULL REFERENCES agency(id),\n"
	"  PRIMARY KEY (parent_id, pos));\n"
	"ALTER TABLE account ADD COLUMN calendar_key TEXT;\n"
	"ALTER TABLE account ADD COLUMN email TEXT;\n";

/* 11: the hash chain and retention together (audit.c, docs/audit.md): each link keeps the
 * BLAKE2b digest of its entry's detail, and the link's hash covers that digest instead of the
 * detail itself, so an entry whose detail retention replaced by the redaction marker still
 * verifies.  Links made before have no digest; they are rewritten once, on the first open, if
 * they verify (audit_chain_start).  SQLite-only trigger: a link may get its digest once (and
 * its hashes with it), nothing else of a link may change. */
static const char migration_11[] =
	"ALTER TABLE audit_chain ADD COLUMN detail_hash TEXT;\n"
	"DROP TRIGGER audit_chain_no_update;\n"
	"CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain\n"
	"  WHEN NOT (OLD.detail_hash IS NULL AND NEW.detail_hash IS NOT NULL\n"
	"    AND NEW.audit_id IS OLD.audit_id)\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n";

const char *const schema_migrations[] = { migration_1, migration_2, migration_3, migration_4, migration_5, migration_6, migration_7, migration_8, migration_9, migration_10, migration_11 };
const int schema_version = sizeof schema_migrations / sizeof schema_migrations[0];
