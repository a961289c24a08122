# t23-audit.sh — the audit log: every write with old and new values, every read of a full
# personal record, exports; append-only; only the admin reads it.
. "$(dirname "$0")/lib.sh"
make_repo r.db
$GVI person add --name "Åsa Exempelsson" --code P-AAAAAA >/dev/null
$GVI person edit P-AAAAAA --name "Åsa Ändrad" --birth 2001 >/dev/null
$GVI person show P-AAAAAA >/dev/null
$GVI --user pia person show P-AAAAAA >/dev/null
$GVI person list >/dev/null

q() { sqlite3 r.db "$1"; }
expect_eq "$(q "SELECT user_name||' '||role FROM audit WHERE action='add' AND entity='person'")" "anna coordinator" "the add is logged with user and role"
expect_match "$(q "SELECT detail FROM audit WHERE action='add' AND entity='person'")" '"name":"Åsa Exempelsson"' "the add logs the new values"
expect_eq "$(q "SELECT detail FROM audit WHERE action='edit' AND entity='person'")" '{"name":["Åsa Exempelsson","Åsa Ändrad"],"birth":[null,"2001"]}' "the edit logs old and new values of changed fields only"
expect_eq "$(q "SELECT group_concat(user_name) FROM audit WHERE action='read' AND entity='person'")" "anna,pia" "every full read of a person is logged"
expect_eq "$(q "SELECT count(*) FROM audit WHERE at = '2026-11-25 10:00:00'")" "$(q 'SELECT count(*) FROM audit')" "entries carry the time"
n=$(q "SELECT count(*) FROM audit")
$GVI person edit P-AAAAAA --name "Åsa Ändrad" >/dev/null
expect_eq "$(q 'SELECT count(*) FROM audit')" "$n" "an edit that changes nothing writes nothing"
$GVI export person >/dev/null
expect_eq "$(q "SELECT count(*) FROM audit WHERE action='export' AND entity='person'")" "1" "an export of personal data is logged"
$GVI person delete P-AAAAAA >/dev/null
expect_match "$(q "SELECT detail FROM audit WHERE action='delete'")" '"name":"Åsa Ändrad"' "a delete logs what was deleted"

# append-only, even for someone with the file
if sqlite3 r.db "UPDATE audit SET user_name='x'" 2>/dev/null; then notok "audit update refused"; else ok "audit update refused"; fi
if sqlite3 r.db "DELETE FROM audit" 2>/dev/null; then notok "audit delete refused"; else ok "audit delete refused"; fi
expect_eq "$(q "SELECT count(*) FROM audit WHERE user_name='x'")" "0" "audit unchanged"

# reading the log
expect_ok "admin reads the audit log" -- --user admin audit --entity person --action read
expect_match "$out" "pia" "audit list filters by entity and action"
expect_ok "audit as JSON" -- --user admin --json audit --by pia
expect_eq "$(echo "$out" | /usr/bin/python3 -c 'import json,sys; print({e["user"] for e in json.load(sys.stdin)})')" "{'pia'}" "audit --by filters by user"
expect_fail 1 "a coordinator may not read the audit log" -- audit
expect_match "$errout" "may not read the audit log" "the refusal says why"
expect_fail 2 "audit has no edit or delete" -- --user admin audit delete 1
