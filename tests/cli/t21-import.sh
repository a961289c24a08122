# t21-import.sh — CSV import: spreadsheet dialects (BOM, semicolons, CRLF, quoting), references
# by name or id, --dry-run, idempotent re-import, and every kind of bad input refused with
# file:line:column while the repository stays exactly as it was.
. "$(dirname "$0")/lib.sh"
make_repo r.db
$GVI area add --name Norrvik >/dev/null
$GVI group add --name Röda >/dev/null
$GVI group add --name Blå >/dev/null

# Swedish Excel: BOM, semicolons, CRLF, a quoted field with ; and a line break inside
printf '\xef\xbb\xbfcode;name;birth;area;aliases;notes\r\nP-000001;Åsa Exempelsson;2001-02-03;Norrvik;Åsan;"träffas ofta; vid torget\r\nandra raden"\r\nP-000002;Örjan Låtsasberg;1999;;;\r\nP-000003;Ärla Fiktivgren;;Norrvik;Ä;\r\n' > persons.csv
expect_ok "import persons (BOM, ;, CRLF, quoting)" -- import person persons.csv
expect_match "$out" "imported 3 rows" "three rows imported"
expect_eq "$(sqlite3 r.db "SELECT notes FROM person WHERE code='P-000001'" | tr '\r\n' '  ')" "träffas ofta; vid torget  andra raden " "quoted field kept separator and line break"
expect_eq "$(sqlite3 r.db "SELECT alias FROM person_alias pa JOIN person p ON p.id = pa.parent_id WHERE p.code='P-000001'")" "Åsan" "alias list imported"

# comma, LF, references by name (person) and by code, lists with | sub-fields
cat > members.csv <<'CSV'
person,group,level,since,basis
Åsa Exempelsson,Röda,core,2024-01-01,intelligence|PM 2024-1|2024-01-01;symbols|Foto 1|2024-01-05
P-000002,Blå,member,2024-02-01,self_admission|Förhör 9|2024-02-01;observed_with_members|S-9|2024-02-02
CSV
expect_ok "import memberships with references and basis" -- import membership members.csv
expect_eq "$(sqlite3 r.db 'SELECT count(*) FROM membership_basis')" "4" "basis items imported"

# re-importing the same file changes nothing
digest=$(db_digest r.db)
expect_ok "re-import identical persons" -- import person persons.csv
expect_match "$out" "3 already present" "identical rows skipped"

# --dry-run validates and writes nothing
printf 'name\nNy Person\n' > new.csv
digest=$(db_digest r.db)
expect_ok "dry run" -- import person new.csv --dry-run
expect_match "$out" "1 rows would be imported" "dry run counts"
expect_eq "$(db_digest r.db)" "$digest" "dry run wrote nothing"

# Each bad file: exit 1, an error naming file:line(:column), repository unchanged
bad() { # bad DESC ENTITY FILE REGEX
  local d=$1 ent=$2 file=$3 re=$4
  local before; before=$(db_digest r.db)
  expect_fail 1 "$d refused" -- import "$ent" "$file"
  expect_match "$errout" "$re" "$d: error names the place"
  expect_eq "$(db_digest r.db)" "$before" "$d: repository unchanged"
}
printf 'name,colour\nA,red\n' > b1.csv;                 bad "unknown column" person b1.csv 'b1.csv:1:2: unknown column "colour"'
printf 'incident,person,role\n' > b2h.csv
printf 'occurred,type\n2024-01-01,shooting\n2024-01-02,shooting\n' > inc.csv
printf 'name,birth\nA,2001-01-01\nB,2001-13-01\n' > b3.csv; bad "impossible date" person b3.csv 'b3.csv:3:2: birth: .*month 13'
printf 'name,pnr\nA,19811218-9876\nB,19811218-9875\n' > b4.csv; bad "invalid personnummer" person b4.csv 'b4.csv:3:2: pnr: .*check digit'
printf 'person,group,level,basis\nP-000001,Röda,boss,intelligence|PM|2024-01-01\n' > b5.csv; bad "wrong enum value" membership b5.csv 'b5.csv:2:3: level: expected one of core, member, associate; got "boss"'
printf 'person,group,level,basis\nP-000001,Gula,core,intelligence|PM|2024-01-01\n' > b6.csv; bad "reference to a missing group" membership b6.csv 'b6.csv:2: group: no group named "Gula"'
printf 'person,group,level,basis\nP-000001,Röda,core,\n' > b7.csv; bad "membership without basis" membership b7.csv 'b7.csv:2: a membership needs at least one basis'
printf 'code,name\nP-000009,A\nP-000009,B\n' > b8.csv; bad "duplicate in the file" person b8.csv 'b8.csv:3: duplicate person'
printf 'code,name\nP-000001,Someone Else\n' > b9.csv; bad "duplicate of an existing, different record" person b9.csv 'b9.csv:2: duplicate person: .*different name'
printf 'name,notes\nA,"unterminated\n' > b10.csv; bad "malformed CSV (open quote)" person b10.csv 'b10.csv:2'
printf 'name,birth\nA,2001\nB,2001,extra\n' > b11.csv; bad "too many fields" person b11.csv 'b11.csv:3: 3 fields, but the header has 2'
printf 'birth\n2001\n' > b12.csv; bad "missing required column" person b12.csv 'b12.csv:1: missing column "name"'
printf 'name\n\xff\xfe\n' > b13.csv; bad "invalid UTF-8" person b13.csv 'b13.csv:2'
printf 'name,name\nA,B\n' > b14.csv; bad "duplicate column" person b14.csv 'b14.csv:1:2: column "name" appears twice'
: > b15.csv; bad "empty file" person b15.csv 'b15.csv: empty file'
# a bad row late in a long file: the good rows before it are not written either
{ echo "name"; for i in $(seq 1 500); do echo "Person $i"; done; echo '"broken'; } > b16.csv
bad "error after 500 good rows" person b16.csv 'b16.csv:502'
expect_fail 1 "a missing file is refused" -- import person nosuch.csv
expect_match "$errout" "nosuch.csv" "the error names the file"
expect_fail 2 "import of an unknown entity is a usage error" -- import widget persons.csv

# the import is audited as one entry, with the file and the counts
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE action='import' AND entity='person'")" "2" "one audit entry per committed person import"
expect_match "$(sqlite3 r.db "SELECT detail FROM audit WHERE action='import' AND entity='membership'")" '"rows":2' "audit entry holds the row count"

# Loading into an empty table builds its indexes once at the end; a duplicate found then is
# still named by its line, and the indexes are all back whatever happens.
expect_ok "incidents for involvement" -- import incident inc.csv
printf 'incident,person,role\n1,P-000001,suspect\n2,P-000002,victim\n1,P-000002,victim\n1,P-000001,suspect\n2,P-000003,witness\n' > dupinv.csv
bad "duplicate rows in a bulk load into an empty table" involvement dupinv.csv 'dupinv.csv:5: duplicate involvement: .*incident_id, person_id, role'
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM sqlite_schema WHERE tbl_name='involvement' AND type='index'")" "2" "indexes restored after the refused load"
printf 'incident,person,role\n1,P-000001,suspect\n2,P-000002,victim\n1,P-000002,victim\n' > inv.csv
expect_ok "bulk load into an empty table" -- import involvement inv.csv
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM sqlite_schema WHERE tbl_name='involvement' AND type='index'")" "2" "indexes rebuilt after the load"
expect_fail 1 "the rebuilt unique index refuses a duplicate" -- involvement add --incident 1 --person P-000001 --role suspect
expect_match "$errout" "duplicate involvement: one with the same incident, person, role" "the duplicate message names the columns"
expect_eq "$(sqlite3 r.db 'PRAGMA integrity_check')" "ok" "integrity check passes after bulk loads"
expect_eq "$(sqlite3 r.db 'PRAGMA foreign_key_check')" "" "no dangling reference after bulk loads (foreign keys checked by gvi)"
