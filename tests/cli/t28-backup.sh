# t28-backup.sh — gvi backup and gvi restore: a round trip gives back every record (export
# all before == export all of the restored copy), a backup taken while another process keeps
# writing is consistent, encrypted backups refuse a wrong passphrase, a flipped byte and a
# cut-off end, a failed restore leaves the target untouched, an existing repository is only
# replaced with --force, only an admin backs up or restores, and both are audited.
. "$(dirname "$0")/lib.sh"
make_repo r.db
$GVI person add --name "Åsa Exempelsson" --code P-AAAAAA --pnr 200101012383 >/dev/null
$GVI group add --name "Röda gänget" >/dev/null
$GVI membership add --person P-AAAAAA --group "Röda gänget" --level core --basis "self_admission|rapport 1|2026-01-02" >/dev/null
export GVI_BACKUP_PASSPHRASE="correct horse battery staple"

# Plain round trip.
expect_fail 1 "a coordinator may not back up" -- backup anna.bak
[ -e anna.bak ] && notok "no file from a refused backup" || ok "no file from a refused backup"
expect_ok "the admin backs up" -- --user admin backup plain.bak
expect_eq "$(sqlite3 plain.bak 'PRAGMA application_id')" "1196837169" "the backup is a gvi repository"
expect_eq "$(sqlite3 r.db "SELECT action||' '||user_name||' '||json_extract(detail,'$.file') FROM audit ORDER BY id DESC LIMIT 1")" "backup admin plain.bak" "the backup is audited"
expect_eq "$(sqlite3 plain.bak "SELECT action FROM audit ORDER BY id DESC LIMIT 1")" "backup" "the copy holds its own backup entry"
expect_fail 1 "a backup never overwrites a file" -- --user admin backup plain.bak
$GVI export all --output before >/dev/null
expect_ok "restore into a new repository" -- --user admin restore plain.bak restored.db
$GVI --repo restored.db export all --output after >/dev/null
expect_eq "$(diff -r before after && echo same)" "same" "export all of the restored copy equals export all before"
expect_eq "$(sqlite3 restored.db "SELECT action||' '||json_extract(detail,'$.from') FROM audit WHERE action = 'restore'")" "restore plain.bak" "the restore is audited in the restored repository"
expect_ok "the restored audit chain verifies" -- --repo restored.db --user admin audit verify
expect_fail 1 "restore refuses an existing target" -- --user admin restore plain.bak restored.db
expect_match "$errout" "already exists.*--force" "and says how to replace it"

# Encrypted round trip.
expect_ok "an encrypted backup" -- --user admin backup enc.bak --encrypt
expect_eq "$(head -c 8 enc.bak)" "GVIBAK01" "it starts with the magic"
expect_eq "$(grep -c -a 'Exempelsson\|SQLite format' enc.bak)" "0" "no plaintext in it"
expect_eq "$(stat -c %a enc.bak)" "600" "only its owner may read it"
expect_eq "$(ls -a | grep -c '^\.gvi-tmp')" "0" "no temporary plain copy is left"
expect_ok "restore the encrypted backup" -- --user admin restore enc.bak enc.db
$GVI --repo enc.db export all --output after2 >/dev/null
expect_eq "$(diff -r before after2 && echo same)" "same" "the encrypted round trip gives back every record"
echo "correct horse battery staple" > pass.txt
expect_ok "the passphrase from a file" -- --user admin restore enc.bak enc2.db --passphrase-file pass.txt

# Refusals leave the target untouched.
cp restored.db target.db; before_digest=$(db_digest target.db)
GVI_BACKUP_PASSPHRASE="wrong horse battery staple" expect_fail 1 "a wrong passphrase is refused" -- --user admin restore enc.bak target.db --force
expect_match "$errout" "wrong passphrase" "the refusal says why"
expect_eq "$(db_digest target.db)" "$before_digest" "the target is untouched after a wrong passphrase"
GVI_BACKUP_PASSPHRASE="wrong horse battery staple" expect_fail 1 "a wrong passphrase into a new path" -- --user admin restore enc.bak new.db
[ -e new.db ] && notok "no new repository after a failure" || ok "no new repository after a failure"
size=$(stat -c %s enc.bak)
for off in 70 $((size / 2)) $((size - 3)); do
  cp enc.bak flipped.bak
  b=$(od -An -tu1 -j $off -N1 flipped.bak | tr -d ' ')
  printf "$(printf '\\%03o' $(( (b ^ 1) & 255 )))" | dd of=flipped.bak bs=1 seek=$off conv=notrunc 2>/dev/null
  expect_fail 1 "a flipped byte at $off is refused" -- --user admin restore flipped.bak target.db --force
  expect_eq "$(db_digest target.db)" "$before_digest" "the target is untouched after a flipped byte at $off"
done
head -c $((size - 100)) enc.bak > cut.bak
expect_fail 1 "a cut-off backup is refused" -- --user admin restore cut.bak target.db --force
(cat enc.bak; echo extra) > long.bak
expect_fail 1 "data after the end is refused" -- --user admin restore long.bak target.db --force
expect_eq "$(db_digest target.db)" "$before_digest" "the target is untouched after all of them"
expect_eq "$(ls -a | grep -c '^\.gvi-tmp')" "0" "no temporary files are left after failures"
echo "not a repository" > junk.bak
expect_fail 1 "a file that is not a backup is refused" -- --user admin restore junk.bak new.db
sqlite3 other.db "CREATE TABLE t(x)"
expect_fail 1 "a database that is not a gvi repository is refused" -- --user admin restore other.db new.db
[ -e new.db ] && notok "still no new repository" || ok "still no new repository"
other_digest=$(sha256sum < other.db)
expect_fail 1 "--force never overwrites a file that is not a gvi repository" -- --user admin restore plain.bak other.db --force
expect_eq "$(sha256sum < other.db)" "$other_digest" "that file is unchanged"
expect_fail 1 "a coordinator may not restore" -- --user anna restore plain.bak new.db
GVI_BACKUP_PASSPHRASE=short expect_fail 1 "a short passphrase is refused" -- --user admin backup s.bak --encrypt

# A backup whose audit log was tampered with is refused.
cp plain.bak tampered.bak
sqlite3 tampered.bak "DROP TRIGGER audit_no_update; UPDATE audit SET user_name = 'x' WHERE id = 5"
expect_fail 1 "a backup with a broken audit chain is refused" -- --user admin restore tampered.bak new.db
expect_match "$errout" "entry 5 does not match" "the refusal names the broken entry"

# --force replaces an existing repository with the backup, through SQLite.
$GVI --repo target.db person add --name "Ny Person" --code P-NNNNNN >/dev/null
expect_ok "restore --force over an existing repository" -- --user admin restore enc.bak target.db --force
$GVI --repo target.db export all --output after3 >/dev/null
expect_eq "$(diff -r before after3 && echo same)" "same" "it now holds exactly the backup's records"

# A backup while another process keeps writing is a consistent copy of one moment.
( for i in $(seq 1 40); do $GVI person add --name "Skrivare $i" >/dev/null || echo fail; done ) > writer.log 2>&1 &
wpid=$!
sleep 0.5
expect_ok "a backup while a writer runs" -- --user admin backup live.bak
wait $wpid
expect_eq "$(cat writer.log)" "" "the writer was not disturbed"
expect_eq "$(sqlite3 live.bak 'PRAGMA integrity_check')" "ok" "the live backup passes the integrity check"
expect_eq "$(sqlite3 live.bak "SELECT count(*) FROM person") $(sqlite3 live.bak "SELECT count(*) FROM audit WHERE action='add' AND entity='person'")" \
  "$(sqlite3 live.bak "SELECT count(*) FROM person") $(sqlite3 live.bak "SELECT count(*) FROM person")" "every person in it has its audit entry and no more (one moment)"
expect_ok "the live backup restores" -- --user admin restore live.bak live.db
expect_ok "and its chain verifies" -- --repo live.db --user admin audit verify
