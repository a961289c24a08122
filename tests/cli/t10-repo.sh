# t10-repo.sh — the repository: init, finding it (--repo, GVI_REPO, ./gvi.db), refusing
# foreign, newer and locked files without changing them, and the migrations' pragmas.
. "$(dirname "$0")/lib.sh"

expect_ok "init creates a repository" -- init r.db
expect_match "$out" "admin" "init names the admin user"
expect_eq "$(sqlite3 r.db 'PRAGMA journal_mode')" "wal" "repository is in WAL mode"
expect_eq "$(sqlite3 r.db 'PRAGMA application_id')" "1196837169" "application_id marks it as gvi's"
expect_eq "$(sqlite3 r.db 'PRAGMA user_version')" "11" "user_version is the schema version"
expect_eq "$(sqlite3 r.db 'SELECT role FROM account')" "admin" "a new repository has one admin user"
expect_eq "$(sqlite3 r.db 'SELECT count(*) FROM incident_type')" "10" "default incident taxonomy seeded"
expect_fail 1 "init refuses an existing file" -- init r.db

# Finding the repository: --repo, then GVI_REPO, then ./gvi.db
expect_ok "status with --repo" -- --repo r.db status
expect_match "$out" "Repository: r.db" "status names the repository"
GVI_REPO=r.db expect_ok "status with GVI_REPO" -- status
expect_fail 1 "no ./gvi.db: a clear error" -- status
expect_match "$errout" "gvi.db: no such repository" "the error names the missing file"
cp r.db gvi.db
expect_ok "./gvi.db is the default" -- status
rm -f gvi.db gvi.db-wal gvi.db-shm

# The acting user must be named and must exist
GVI_USER= expect_fail 1 "no user: refused" -- --repo r.db status
expect_match "$errout" "--user" "the error says how to name the user"
expect_fail 1 "unknown user refused" -- --repo r.db --user mallory status
expect_match "$errout" 'no user named "mallory"' "the error names the user"

# A file that is not a gvi repository is refused and left unchanged
printf 'name;alias\nx;y\n' > foreign.csv
sum=$(sha256sum foreign.csv)
expect_fail 1 "a text file is refused" -- --repo foreign.csv status
expect_match "$errout" "not a gvi repository" "the error says it is not a gvi repository"
expect_eq "$(sha256sum foreign.csv)" "$sum" "the foreign file is unchanged"
sqlite3 other.db 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
sum=$(sha256sum other.db)
expect_fail 1 "another program's SQLite file is refused" -- --repo other.db person list
expect_eq "$(sha256sum other.db)" "$sum" "the foreign SQLite file is unchanged"
expect_eq "$(ls other.db*)" "other.db" "no WAL file was created beside it"

# A repository from a newer gvi is refused
cp r.db newer.db
sqlite3 newer.db 'PRAGMA user_version=99'
sum=$(sha256sum newer.db)
expect_fail 1 "a newer repository is refused" -- --repo newer.db status
expect_match "$errout" "newer gvi" "the error says it comes from a newer gvi"
expect_eq "$(sha256sum newer.db)" "$sum" "the newer repository is unchanged"

# A repository locked by another writer: a clear message, nothing changed
before=$(sqlite3 r.db 'SELECT count(*) FROM area')
( sqlite3 r.db <<'SQL'
BEGIN IMMEDIATE;
INSERT INTO meta VALUES ('lock-test', 'x');
SELECT 1 FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 20000000) SELECT count(*) FROM c);
ROLLBACK;
SQL
) >/dev/null 2>&1 &
locker=$!
sleep 0.5
GVI_BUSY_TIMEOUT=100 expect_fail 1 "a write to a locked repository is refused" -- --repo r.db area add --name Låst
expect_match "$errout" "locked by another writer" "the error says the repository is locked"
wait $locker
expect_eq "$(sqlite3 r.db 'SELECT count(*) FROM area')" "$before" "nothing was written"

# Usage errors exit 2
expect_fail 2 "unknown command is a usage error" -- --repo r.db frobnicate
expect_fail 2 "unknown subcommand is a usage error" -- --repo r.db person frob
expect_fail 2 "unknown option is a usage error" -- --repo r.db area add --nosuch x

# Forward migration: a version-1 repository (before ties and passwords) is brought to the
# current version on open.
"$GVI" init old.db >/dev/null
sqlite3 old.db "DROP TABLE tie; DROP TABLE api_token; DROP TABLE supervision; DROP TABLE audit_chain; ALTER TABLE account DROP COLUMN password_hash; DROP TABLE purpose; ALTER TABLE audit DROP COLUMN purpose; DROP TABLE external_series; DROP TABLE disclosure_scope; DROP TABLE disclosure; DROP TABLE setting; DROP TABLE legal_basis; DROP TABLE membership_basis; CREATE TABLE membership_basis (parent_id INTEGER NOT NULL REFERENCES membership(id) ON DELETE CASCADE, pos INTEGER NOT NULL, criterion_id INTEGER NOT NULL REFERENCES criterion(id), source TEXT NOT NULL, date TEXT NOT NULL, PRIMARY KEY (parent_id, pos)); DROP TABLE task; DROP TABLE response_case_incident; DROP TABLE response_case; DROP TABLE lever_agency; ALTER TABLE account DROP COLUMN calendar_key; ALTER TABLE account DROP COLUMN email; PRAGMA user_version=1;"
expect_ok "an older repository opens" -- --repo old.db status
expect_eq "$(sqlite3 old.db 'PRAGMA user_version')" "11" "it was migrated to the current version (11)"
expect_eq "$(sqlite3 old.db "SELECT count(*) FROM sqlite_schema WHERE name='tie'")" "1" "the migration added the tie table"
expect_eq "$(sqlite3 old.db "SELECT count(*) FROM audit_chain")" "$(sqlite3 old.db "SELECT count(*) FROM audit")" "the older repository's audit entries were chained on open"
expect_ok "the chain of a migrated repository verifies" -- --repo old.db --user admin audit verify
expect_eq "$(sqlite3 old.db "SELECT count(*) FROM audit_chain WHERE detail_hash IS NULL")" "0" "migration 11: every link keeps its entry's detail digest"
expect_eq "$(sqlite3 old.db "SELECT value FROM setting WHERE name='inclusion.min_criteria'")" "2" "migration 9 added the privacy settings with their defaults"
expect_eq "$(sqlite3 old.db "SELECT count(*) FROM legal_basis")" "2" "migration 9 added the legal bases"
