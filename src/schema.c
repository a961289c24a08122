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

/* 6: the GVI cycle as workflow: response cases opened by violence attributed to a group (with
 * their incidents), tasks with an owner and a due date (a source key makes workflow-made tasks
 * unique, so a step sent twice makes one task), the agencies that may pull each lever, and
 * the per-user secret of the calendar feed (like a password hash, only store_calendar.c reads
 * it; it is not in model.c), and a user's e-mail address for the optional reminders. */
static const char migration_6[] =
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

const char *const schema_migrations[] = { migration_1, migration_2, migration_3, migration_4,
	migration_5, migration_6 };
const int schema_version = sizeof schema_migrations / sizeof schema_migrations[0];
