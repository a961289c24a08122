# t31-retention.sh — review and retention (gallring), docs/privacy.md: due items listed for
# their owners, removal past the grace period with everything that refers to a removed
# person, retention rules per entity and agency kind, one transaction, audited without the
# removed content, idempotent, refused to other roles, and run by `gvi serve`; the audit
# chain verifies the redactions (and counts them) and still detects any other change.
. "$(dirname "$0")/lib.sh"
make_repo r.db
n() { sqlite3 r.db "SELECT count(*) FROM $1"; }
content() { sqlite3 r.db "SELECT * FROM person; SELECT * FROM membership; SELECT * FROM membership_basis; SELECT * FROM tie; SELECT * FROM involvement; SELECT * FROM referral; SELECT * FROM notification" | sha256sum; }
P="--user pia"; S="--user sam"

# GVI_TODAY is 2026-11-25; the grace period 30 days: a review date before 2026-10-26 is past it.
expect_ok "person past grace" -- $P person add --name "Gammal Exempelsson" --code P-OLD001 --birth 1990 --review 2026-10-01
expect_ok "person within grace" -- $P person add --name "Nyss Exempelsson" --code P-GRACE1 --birth 1991 --review 2026-11-10
expect_ok "person re-reviewed" -- $P person add --name "Åter Exempelsson" --code P-AGAIN1 --birth 1992 --review 2026-09-01
expect_ok "person not due" -- person add --name "Ny Exempelsson" --code P-NEW001 --birth 1993 --review 2027-01-01
expect_ok "group" -- group add --name Blå
B="intelligence|PM 1|2026-01-01;symbols|F 1|2026-01-02"
expect_ok "membership of the person past grace" -- membership add --person P-OLD001 --group Blå --level member --basis "$B" --review 2027-01-01
expect_ok "membership past grace, person not" -- membership add --person P-NEW001 --group Blå --level member --basis "$B" --review 2026-09-01
expect_ok "membership not due" -- membership add --person P-GRACE1 --group Blå --level member --basis "$B"
expect_ok "tie past grace" -- tie add --person-a P-NEW001 --person-b P-GRACE1 --kind hang_out --review 2026-08-01
expect_ok "tie not due" -- tie add --person-a P-NEW001 --person-b P-AGAIN1 --kind kinship
expect_ok "incident" -- incident add --occurred 2026-05-01 --type shooting
expect_ok "involvement of the person past grace" -- involvement add --incident 1 --person P-OLD001 --role suspect
expect_ok "involvement of another" -- involvement add --incident 1 --person P-NEW001 --role victim
expect_ok "notification of the person past grace" -- notification add --person P-OLD001 --held 2026-06-01
# Referrals owned by social services: five years after the last entry (2021-11-25).
expect_ok "old referral (social services)" -- $S referral add --person P-NEW001 --service housing --agency Socialtjänsten --offered 2019-03-01 --ended 2021-06-01
expect_ok "recent referral (social services)" -- $S referral add --person P-NEW001 --service employment --agency Socialtjänsten --offered 2019-03-01 --ended 2022-01-10
expect_ok "old referral owned by the municipality" -- referral add --person P-NEW001 --service education --agency Socialtjänsten --offered 2018-01-01
expect_ok "a referral without dates" -- $S referral add --person P-NEW001 --service addiction --agency Socialtjänsten
# A rule of the programme's own: the municipality's notifications after 12 months.
expect_ok "notification rule" -- --user admin setting add --name retention.notification.municipality --value 12
expect_ok "old notification" -- notification add --person P-NEW001 --held 2025-10-01
expect_ok "recent notification" -- notification add --person P-NEW001 --held 2025-12-01

# Review due, for the owners.
expect_ok "review due" -- --csv review due
expect_match "$out" "person,1,P-OLD001,2026-10-01,55,0,Polisen" "a person 55 days overdue is listed with owner"
expect_match "$out" "person,2,P-GRACE1,2026-11-10,15,0,Polisen" "one within grace too"
expect_match "$out" "membership,2,P-NEW001 in Blå,2026-09-01,85" "a membership is listed"
expect_match "$out" "tie,1,P-NEW001 – P-GRACE1,2026-08-01" "a tie is listed"
expect_nomatch "$out" "P-NEW001,2027" "what is not due is not listed"
expect_ok "review due --mine as the coordinator" -- --csv review due --mine
expect_nomatch "$out" "P-OLD001" "--mine leaves out what another agency owns"
expect_match "$out" "membership,2," "--mine keeps its own"
expect_ok "review due as probation" -- --user pro --csv review due
expect_nomatch "$out" "membership|tie" "a role that may not read memberships is not shown them"

expect_fail 2 "review without a subcommand is a usage error" -- review
expect_match "$errout" "^usage: gvi review due \[--mine\]" "…saying how"
expect_fail 2 "an unknown option is a usage error" -- --user admin retention run --force
expect_match "$errout" 'unexpected "--force"' "…naming it"

# The owner re-justifies: a new review date within the cycle keeps the person.
expect_ok "re-review" -- $P person edit P-AGAIN1 --review 2027-02-01

# Only the admin and the coordinator run it.
expect_fail 1 "the police analyst may not run retention" -- $P retention run
expect_match "$errout" "refused: user pia" "the refusal names the user"
expect_fail 1 "nor social services" -- $S retention run --dry-run

# A dry run shows and keeps.
before=$(content)
expect_ok "dry run" -- --user admin --csv retention run --dry-run
dry=$out
expect_eq "$(content)" "$before" "a dry run changes nothing"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE action='retention'")" "0" "…and logs nothing"

# One transaction: a removal that fails (here a trigger refuses deleting the tie) leaves
# everything as it was, the removals before it included.
sqlite3 r.db "CREATE TRIGGER keep_tie BEFORE DELETE ON tie BEGIN SELECT RAISE(ABORT, 'test: tie kept'); END;"
expect_fail 1 "a run that fails part-way" -- --user admin retention run
expect_eq "$(content)" "$before" "…changes nothing"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE action='retention'")" "0" "…and logs no removal"
sqlite3 r.db "DROP TRIGGER keep_tie;"

audit_before=$(n audit)
expect_ok "retention run" -- --user admin --csv retention run
expect_eq "$out" "$dry" "it removes what the dry run showed"
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | tr -d '\r' | sort)" "$(printf '%s\n' \
  'membership,2,review,0' 'notification,2,retention.notification.municipality,0' \
  'person,1,review,3' 'referral,1,retention.referral.social_services,0' 'tie,1,review,0' | sort)" \
  "exactly the due records are removed, the person with 3 dependents"
expect_eq "$(sqlite3 r.db "SELECT code FROM person ORDER BY id" | tr '\n' ' ')" "P-GRACE1 P-AGAIN1 P-NEW001 " "persons within grace, re-reviewed or not due remain"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM membership WHERE person_id=1") $(sqlite3 r.db "SELECT count(*) FROM involvement WHERE person_id=1") $(sqlite3 r.db "SELECT count(*) FROM notification WHERE person_id=1")" "0 0 0" "the removed person's membership, involvement and notification went with it"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM membership_basis WHERE parent_id IN (1, 2)")" "0" "the basis of removed memberships went too"
expect_eq "$(n membership) $(n tie) $(n involvement)" "1 1 1" "other memberships, ties and involvements remain"
expect_eq "$(sqlite3 r.db "SELECT id FROM referral ORDER BY id" | tr '\n' ' ')" "2 3 4 " "the recent referral, the municipality's and the undated one remain"
expect_eq "$(sqlite3 r.db "SELECT held FROM notification")" "2025-12-01" "the recent notification remains"
expect_eq "$(n incident)" "1" "the incident is not personal to the removed person and remains"

# The audit: entity, id, rule and counts, never the content.
expect_eq "$(sqlite3 r.db "SELECT entity || ' ' || record_id || ' ' || detail FROM audit WHERE action='retention' AND entity='person'")" \
  'person 1 {"rule":"review","grace_days":30,"dependents":{"membership":1,"involvement":1,"notification":1}}' "the person's removal is logged with rule and dependents"
expect_eq "$(sqlite3 r.db "SELECT detail FROM audit WHERE action='retention' AND entity='referral'")" \
  '{"rule":"retention.referral.social_services","months":60}' "a rule's removal names the rule"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE action='retention' AND (detail LIKE '%Exempelsson%' OR detail LIKE '%P-OLD%' OR detail LIKE '%housing%' OR detail LIKE '%2026-10-01%')")" "0" "no removed content in the retention entries"
expect_eq "$(sqlite3 r.db "SELECT detail FROM audit WHERE action='retention' AND entity='-'")" '{"removed":5,"dependents":3,"grace_days":30}' "a summary entry"
# The earlier entries of what was removed keep who did what and when, not the values.
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE detail LIKE '%Gammal Exempelsson%' OR detail LIKE '%P-OLD001%'")" "0" "no entry holds the removed person's name or code any more"
expect_eq "$(sqlite3 r.db "SELECT action || ' ' || user_name || ' ' || detail FROM audit WHERE entity='person' AND record_id=1 AND action='add'")" \
  'add pia {"redacted":"retention"}' "the person's add entry keeps action and user, its values are redacted"
expect_eq "$(sqlite3 r.db "SELECT detail FROM audit WHERE entity='membership' AND record_id=1 AND action='add'")" \
  '{"redacted":"retention"}' "…and so does its membership's (a dependent)"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE entity='referral' AND record_id=1 AND action='add' AND detail LIKE '%housing%'")" "0" "…and the referral removed by its rule"
expect_match "$(sqlite3 r.db "SELECT detail FROM audit WHERE entity='person' AND record_id=3 AND action='add'")" "Åter Exempelsson" "a kept person's entries are untouched"
if sqlite3 r.db "UPDATE audit SET detail='{}' WHERE id=2" 2>/dev/null; then notok "the log refuses other changes of a detail"; else ok "the log refuses other changes of a detail"; fi
if sqlite3 r.db "UPDATE audit SET user_name='x', detail='{\"redacted\":\"retention\"}' WHERE id=2" 2>/dev/null; then notok "…and any change besides the redaction"; else ok "…and any change besides the redaction"; fi
expect_ok "the admin reads the entries in full" -- --user admin --json audit list --action retention
expect_match "$out" '"rule": "review"' "retention details are not hidden from the data-protection officer (they hold no content)"

# The hash chain still verifies: each link keeps the digest of its entry's detail, used when
# the detail is exactly the marker.  8 redacted entries: the add entries of the 5 removed
# records and the person's 3 dependents (none was edited or deleted before).
expect_ok "the audit log verifies after the redactions" -- --user admin audit verify
expect_match "$out" "intact: $(n audit) entries \(8 redacted by retention\)" "…and says how many entries were redacted"
expect_ok "verify --json" -- --user admin --json audit verify
expect_match "$out" '"redacted":8' "…in JSON too"
# Someone with the file (triggers dropped) changes a redacted entry: detected.
rid=$(sqlite3 r.db "SELECT id FROM audit WHERE entity='person' AND record_id=1 AND action='add'")
m1=$(sqlite3 r.db "SELECT id FROM audit WHERE entity='membership' AND record_id=1 AND action='add'")
m2=$(sqlite3 r.db "SELECT id FROM audit WHERE entity='membership' AND record_id=2 AND action='add'")
tamper() { cp r.db "$1"; sqlite3 "$1" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TRIGGER audit_chain_no_update; DROP TRIGGER audit_chain_no_delete; $2"; }
tamper t1.db "UPDATE audit SET detail = '{\"name\":\"Falsk Exempelsson\"}' WHERE id = $rid"
expect_fail 1 "a redacted detail replaced by another value is detected" -- --repo t1.db --user admin audit verify
expect_match "$errout" "entry $rid does not match its hash" "…naming the entry"
tamper t2.db "UPDATE audit SET detail = '{\"redacted\":\"retention\"} ' WHERE id = $rid"
expect_fail 1 "…so is anything but exactly the marker" -- --repo t2.db --user admin audit verify
tamper t3.db "UPDATE audit SET user_name = 'sam' WHERE id = $rid"
expect_fail 1 "another column of a redacted entry changed is detected" -- --repo t3.db --user admin audit verify
expect_match "$errout" "entry $rid does not match its hash" "…naming the entry"
tamper t4.db "UPDATE audit_chain SET detail_hash = '$(printf '0%.0s' $(seq 64))' WHERE audit_id = $rid"
expect_fail 1 "a redacted entry's kept digest changed is detected" -- --repo t4.db --user admin audit verify
tamper t5.db "DELETE FROM audit WHERE id = $rid"
expect_fail 1 "a redacted entry deleted is detected" -- --repo t5.db --user admin audit verify
expect_match "$errout" "entry $rid is missing" "…naming it"
tamper t6.db "DELETE FROM audit WHERE id = $rid; DELETE FROM audit_chain WHERE audit_id = $rid"
expect_fail 1 "…and deleted with its link" -- --repo t6.db --user admin audit verify
expect_match "$errout" "entry $((rid + 1)) does not follow" "…naming the entry after it"
tamper t7.db "UPDATE audit SET id = -1 WHERE id = $m1; UPDATE audit SET id = $m1 WHERE id = $m2; UPDATE audit SET id = $m2 WHERE id = -1;
  UPDATE audit_chain SET audit_id = -1 WHERE audit_id = $m1; UPDATE audit_chain SET audit_id = $m1 WHERE audit_id = $m2; UPDATE audit_chain SET audit_id = $m2 WHERE audit_id = -1;"
expect_fail 1 "two redacted entries swapped with their links are detected" -- --repo t7.db --user admin audit verify
expect_match "$errout" "entry $m1 " "…naming the first"
# The marker only takes values away: put on an entry through the trigger, it is a redaction.
cp r.db t8.db
sqlite3 t8.db "UPDATE audit SET detail = '{\"redacted\":\"retention\"}' WHERE entity='person' AND record_id=3 AND action='add'"
expect_ok "a redaction through the trigger verifies" -- --repo t8.db --user admin audit verify
expect_match "$out" "\(9 redacted by retention\)" "…and is counted"
# …but it cannot stand where there was no value: a register entry has no detail.
cp r.db t9.db
$GVI --repo t9.db audit register P-NEW001 >/dev/null
reg=$(sqlite3 t9.db "SELECT id FROM audit WHERE action='register' AND detail IS NULL ORDER BY id DESC LIMIT 1")
sqlite3 t9.db "UPDATE audit SET detail = '{\"redacted\":\"retention\"}' WHERE id = $reg"
expect_fail 1 "the marker where there was no detail is detected" -- --repo t9.db --user admin audit verify
expect_match "$errout" "entry $reg does not match its hash" "…naming the entry"

# Idempotent: a second run removes nothing.
after=$(content)
expect_ok "second run" -- --user admin --csv retention run
expect_eq "$(printf '%s' "$out" | tr -d '\r')" "entity,id,rule,dependents" "the second run removes nothing"
expect_eq "$(content)" "$after" "nothing changed"

# A setting that would make a rule remove what others refer to is refused.
expect_fail 1 "no retention rule for incidents" -- --user admin setting add --name retention.incident --value 12
expect_match "$errout" "refer to incident" "the message says why"
expect_fail 1 "no retention rule for persons (review dates are theirs)" -- --user admin setting add --name retention.person --value 12

# gvi serve runs it at start, as gvi itself.
expect_ok "a person to remove" -- $P person add --name "Server Exempelsson" --code P-SERVE1 --review 2026-01-01
serve_start
for i in $(seq 1 50); do
  [ "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE action='retention' AND user_name='gvi'")" -ge 2 ] && break; sleep 0.1
done
expect_eq "$(sqlite3 r.db "SELECT role || ' ' || entity || ' ' || detail FROM audit WHERE action='retention' AND user_name='gvi' AND entity='person'")" \
  'system person {"rule":"review","grace_days":30}' "the server's run removed the overdue person, audited as gvi (system)"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM person WHERE code='P-SERVE1'")" "0" "the person is gone"
stop_server
expect_match "$(cat server.log)" "retention run removed 1 record" "the server reports the run"
