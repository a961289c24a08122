# t67-audit-pages.sh — the purpose of access in the audit log's readers (gvi audit list/query
# with --for, the access register, the extract; the audit page with ?purpose=), checked entry
# by entry against the audit table read with sqlite3; the pages for the data-protection
# officer and the coordinator: /audit/verify on an intact log and on one tampered with through
# the sqlite3 shell, /persons/CODE/register and /persons/CODE/extract allowed and refused per
# role, audited as the CLI does, and every value (names, purposes) shown inert.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { notok "curl is installed (scripts/setup installs it)"; exit 1; }
make_repo r.db || exit 1
q() { sqlite3 r.db "$1"; }
users=(admin anna pia sam pro kim eva)
for u in "${users[@]}"; do
  printf '%s\n' "lösenord-$u-1" | "$GVI" --user admin passwd "$u" >/dev/null 2>&1 ||
    { notok "set the password of $u"; exit 1; }
done

# ---- data, and accesses for two purposes (one of them a markup payload) ----
xss='<script>alert(1)</script>'
expect_ok "a purpose with markup in its name" -- --user admin purpose add --name "ändamål $xss"
expect_ok "a person with markup in the name" -- person add --name "Åsa $xss" --code P-ASA001 --pnr 200101012383
expect_ok "another person" -- person add --name "Bo Berg" --code P-BOB001
expect_ok "a group" -- group add --name "Röda"
expect_ok "a membership" -- membership add --person P-ASA001 --group Röda --level core --basis "self_admission|rapport 1|2026-01-02;intelligence|rapport 2|2026-01-03"
expect_ok "a tie" -- tie add --person-a P-ASA001 --person-b P-BOB001 --kind hang_out
expect_ok "the police analyst reads the person for follow-up" -- --user pia --purpose uppföljning person show P-ASA001
expect_ok "social services reads it for the markup purpose" -- --user sam --purpose "ändamål $xss" person show P-ASA001
expect_ok "an entry without a purpose" -- --user admin --purpose "" area add --name Centrum

# ---- the CLI: the purpose of every entry, against the table ----
cmp_purposes() { # cmp_purposes JSON-ENTRIES SQL-WHERE DESC: id → purpose, entry by entry
  local got want
  got=$(printf '%s' "$1" | /usr/bin/python3 -c '
import json, sys
for e in json.load(sys.stdin): print(e["id"], e.get("purpose") or "-")')
  want=$(q "SELECT id, coalesce(purpose, '-') FROM audit WHERE $2 ORDER BY id" | tr '|' ' ')
  expect_eq "$got" "$want" "$3"
}
expect_ok "gvi audit list --json" -- --user admin --json audit list
cmp_purposes "$out" "1" "gvi audit list gives every entry's purpose, as stored (none as null)"
expect_match "$(printf '%s' "$out" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0])')" "'purpose': None" \
  "an entry without a purpose has a null purpose"
expect_ok "gvi audit list --csv" -- --user admin --csv audit list --limit 2
expect_eq "$(printf '%s\n' "$out" | head -1 | tr -d '\r')" "id,at,user,role,action,entity,record,detail,purpose" \
  "the CSV has the purpose as its last column"
expect_ok "gvi audit query --for uppföljning" -- --user admin --json audit query --for uppföljning
cmp_purposes "$out" "purpose = 'uppföljning'" "--for keeps exactly the entries made for that purpose"
expect_eq "$(q "SELECT count(*) FROM audit WHERE purpose = 'uppföljning'")" 1 "(one entry was made for uppföljning)"
expect_ok "gvi audit query --person --for" -- --user admin --json audit query --person P-ASA001 --for "ändamål $xss"
cmp_purposes "$out" "purpose = 'ändamål $xss'" "--person and --for together"
expect_ok "gvi audit query (table)" -- --user admin audit query --by pia
expect_match "$out" "read +person +1 .*uppföljning" "the table shows the purpose of the read"

expect_ok "gvi audit register" -- --json audit register P-ASA001
reg=$out
expect_eq "$(printf '%s' "$reg" | /usr/bin/python3 -c '
import json, sys
print(" ".join("%s:%s" % (e["user"], e.get("purpose") or "-") for e in json.load(sys.stdin) if e["action"] == "read"))')" \
  "pia:uppföljning sam:ändamål $xss" "the register gives each read's purpose"
expect_ok "gvi extract --json" -- --json extract P-ASA001
expect_eq "$(printf '%s' "$out" | /usr/bin/python3 -c '
import json, sys
print(" ".join("%s:%s" % (e["user"], e.get("purpose") or "-") for e in json.load(sys.stdin)["register"] if e["action"] in ("read", "register", "extract")))')" \
  "pia:uppföljning sam:ändamål $xss anna:operativ GVI-verksamhet anna:operativ GVI-verksamhet" \
  "the extract's register gives each access's purpose, its own extract included"
expect_ok "gvi extract --html" -- extract P-ASA001 --html
expect_match "$out" "<td>uppföljning</td>" "the printable extract has a purpose column"
expect_match "$out" "<td>ändamål &lt;script&gt;alert\(1\)&lt;/script&gt;</td>" "a purpose is escaped in the extract"
expect_ok "gvi extract (text)" -- extract P-ASA001
expect_match "$out" "read +person 1  ändamål: uppföljning" "the text extract names the purpose"

# ---- the pages ----
serve_start
login() { # login JAR USER
  rm -f "$1"
  req form -c "$1" "$B/login"
  local tok; tok=$(awk '$6 == "gvi_login" { print $7 }' "$1")
  req login -b "$1" -c "$1" --data-urlencode "csrf=$tok" --data-urlencode "user=$2" \
    --data-urlencode "password=lösenord-$2-1" "$B/login"
  [ "$code" = 303 ] || notok "$2 logs in (got $code)"
  choose_purpose "$1" || notok "$2 states a purpose of access"
}
for u in "${users[@]}"; do login "$u.jar" "$u"; done
rows() { printf '%s' "$body" | grep -c '^<tr><th scope="row">'; }

# The audit page: a purpose column and a filter.
req audit -b admin.jar "$B/audit"
expect_eq "$code" 200 "the admin's audit page"
expect_match "$body" '<th scope="col">Ändamål</th>' "the audit page has a purpose column"
expect_match "$body" "<td>uppföljning</td>" "with the purpose of the police analyst's read"
expect_match "$body" "<td>ändamål &lt;script&gt;alert\(1\)&lt;/script&gt;</td>" "a purpose is shown escaped"
expect_nomatch "$body" "$xss" "no markup from the data is live on the audit page"
expect_match "$body" 'href="/audit/verify"' "the audit page links to the verification"
req auditf -b admin.jar -G --data-urlencode "purpose=uppföljning" "$B/audit"
expect_eq "$code:$(rows)" "200:1" "?purpose= keeps the one entry made for uppföljning"
expect_match "$body" "<td>pia</td>" "and it is the police analyst's"
expect_match "$body" 'name="purpose" value="uppföljning"' "the filter keeps its value"
req auditf2 -b admin.jar -G --data-urlencode "purpose=operativ GVI-verksamhet" --data-urlencode "user=anna" "$B/audit"
expect_eq "$(rows)" "$(q "SELECT count(*) FROM audit WHERE purpose = 'operativ GVI-verksamhet' AND user_name = 'anna'")" \
  "?purpose= with ?user= shows as many entries as the table holds"
req auditcsv -b admin.jar -G --data-urlencode "purpose=uppföljning" --data-urlencode "format=csv" "$B/audit"
expect_eq "$(head -1 auditcsv.body | tr -d '\r')" "id,at,user,role,action,entity,record,detail,purpose" \
  "the page's CSV has the columns of gvi audit --csv"
expect_match "$(tail -n +2 auditcsv.body)" ",uppföljning" "and the purpose in the row"

# /audit/verify on an intact log.
req verify -b admin.jar "$B/audit/verify"
n=$(q "SELECT count(*) FROM audit"); head=$(q "SELECT hash FROM audit_chain ORDER BY audit_id DESC LIMIT 1")
expect_eq "$code" 200 "the admin's verification page"
expect_match "$body" 'id="verify-result"><strong>Granskningsloggen är intakt' "it says the log is intact"
expect_match "$body" "<td id=\"verify-entries\">$n</td>" "it counts every entry"
expect_match "$body" "<code id=\"verify-head\">$head</code>" "it shows the head hash"
expect_nomatch "$body" "verify-bad-id" "and no broken entry"
req verify_exp -b admin.jar "$B/audit/verify?expect=$head"
expect_match "$body" "id=\"verify-expect\">[^<]* $n\\." "?expect= finds a written-down head in the chain"
req verify_exp2 -b admin.jar "$B/audit/verify?expect=$(printf '%064d' 0)"
expect_match "$body" 'role="alert" id="verify-expect"' "?expect= with a hash not in the chain says so"
req verify_bad -b admin.jar "$B/audit/verify?expect=xyz"
expect_eq "$code" 400 "?expect= that is not 64 hex digits is 400"
for u in anna pia sam pro kim eva; do
  req verify_$u -b $u.jar "$B/audit/verify"
  expect_eq "$code" 403 "$u may not verify the audit log (403)"
done

# A person's access register: the admin and the coordinator, audited as the CLI does.
before=$(q "SELECT count(*) FROM audit WHERE action = 'register'")
for u in admin anna; do
  req reg_$u -b $u.jar "$B/persons/P-ASA001/register"
  expect_eq "$code" 200 "$u reads the access register page"
  expect_match "$body" "<td>pia</td><td>polisanalytiker</td><td>read</td>.*<td class=\"purpose\">uppföljning</td>" \
    "$u: the police analyst's read with its purpose"
  expect_match "$body" "<td class=\"purpose\">ändamål &lt;script&gt;alert\(1\)&lt;/script&gt;</td>" "$u: a purpose escaped"
  expect_nomatch "$body" "$xss|Åsa|200101012383" "$u: no name, personnummer or live markup in the register"
done
expect_eq "$(q "SELECT count(*) FROM audit WHERE action = 'register'")" "$((before + 2))" "each register page is one register entry"
expect_eq "$(q "SELECT user_name || '|' || entity || '|' || record_id || '|' || purpose FROM audit WHERE action = 'register' ORDER BY id DESC LIMIT 1")" \
  "anna|person|$(q "SELECT id FROM person WHERE code = 'P-ASA001'")|operativ GVI-verksamhet" \
  "logged on the person, by the reader, with the purpose"
expect_match "$(cat reg_anna.body)" 'href="/persons/P-ASA001/extract"' "the coordinator's register links to the extract"
expect_nomatch "$(cat reg_admin.body)" '/extract"' "the admin's does not"
for u in pia sam pro kim eva; do
  req reg_$u -b $u.jar "$B/persons/P-ASA001/register"
  expect_eq "$code" 403 "$u may not read the access register (403)"
  expect_nomatch "$body" "uppföljning|Åsa|<td>" "$u: the refusal shows nothing of it"
done
for ref in 1 "Bo%20Berg" P-NONE99; do
  req reg_ref -b admin.jar "$B/persons/$ref/register"
  expect_eq "$code" 404 "the register is found by code only ($ref: 404)"
done

# The registerutdrag: the coordinator only, audited as gvi extract is.
nx=$(q "SELECT count(*) FROM audit WHERE action = 'extract'")
req ext -b anna.jar "$B/persons/P-ASA001/extract"
expect_eq "$code" 200 "the coordinator's extract page"
expect_match "$body" "20010101-2383" "the extract holds the personnummer"
expect_match "$body" "Åsa &lt;script&gt;alert\(1\)&lt;/script&gt;" "the name, escaped"
expect_nomatch "$body" "$xss" "no markup from the data is live in the extract"
expect_match "$body" "<td>rapport 1</td>|rapport 1" "the membership naming the person"
expect_match "$body" "<td class=\"purpose\">uppföljning</td>" "its register with each access's purpose"
expect_match "$body" "<td>anna</td><td>samordnare</td><td>extract</td>" "and its own extract"
web_extract=$(q "SELECT user_name || '|' || role || '|' || action || '|' || entity || '|' || record_id || '|' || coalesce(detail, '') || '|' || purpose FROM audit WHERE action = 'extract' ORDER BY id DESC LIMIT 1")
expect_ok "the same extract on the command line" -- extract P-ASA001
cli_extract=$(q "SELECT user_name || '|' || role || '|' || action || '|' || entity || '|' || record_id || '|' || coalesce(detail, '') || '|' || purpose FROM audit WHERE action = 'extract' ORDER BY id DESC LIMIT 1")
expect_eq "$web_extract" "$cli_extract" "the page is audited exactly as gvi extract"
expect_eq "$(q "SELECT count(*) FROM audit WHERE action = 'extract'")" "$((nx + 2))" "one entry per extract (the page, the command)"
for u in admin pia sam pro kim eva; do
  req ext_$u -b $u.jar "$B/persons/P-ASA001/extract"
  expect_eq "$code" 403 "$u may not make an extract (403)"
  expect_nomatch "$body" "Åsa|2383|rapport" "$u: the refusal shows nothing of it"
done
expect_eq "$(q "SELECT count(*) FROM audit WHERE action = 'extract'")" "$((nx + 2))" "refused extracts log no extract"

# The person page links to them where the role may use them.
req pers_anna -b anna.jar "$B/persons/P-ASA001"
expect_match "$body" 'href="/persons/P-ASA001/register"' "the coordinator's person page links to the register"
expect_match "$body" 'href="/persons/P-ASA001/extract"' "and to the extract"
req pers_pia -b pia.jar "$B/persons/P-ASA001"
expect_eq "$code" 200 "the police analyst's person page"
expect_nomatch "$body" '/register"|/extract"' "has neither link"

# In English, and printable.
req lang -b anna.jar -c anna.jar "$B/lang?to=en&back=/"
req reg_en -b anna.jar "$B/persons/P-ASA001/register"
expect_match "$body" "<h1>Access register of P-ASA001</h1>" "the register page in English"
expect_match "$body" '<th scope="col">Purpose</th>' "with its purpose column"
req ext_en -b anna.jar "$B/persons/P-ASA001/extract"
expect_match "$body" "<h1>Extract \(registerutdrag\) for P-ASA001</h1>" "the extract page in English"
req css "$B/static/gvi.css"
expect_match "$body" "@media print \{ header.site, nav" "the stylesheet leaves the layout out of a printed page"

# ---- /audit/verify on a log changed with the sqlite3 shell ----
serve_stop_checked
k=$(q "SELECT min(id) FROM audit WHERE user_name = 'pia' AND action = 'read'")
sqlite3 r.db "DROP TRIGGER audit_no_update; UPDATE audit SET purpose = 'operativ GVI-verksamhet' WHERE id = $k"
expect_eq "$(q "SELECT purpose FROM audit WHERE id = $k")" "operativ GVI-verksamhet" "(the purpose of entry $k was changed behind gvi's back)"
serve_start
login admin.jar admin
req verify2 -b admin.jar "$B/audit/verify"
expect_eq "$code" 200 "the verification page of a changed log"
expect_match "$body" 'role="alert" id="verify-result"><strong>Granskningsloggen är inte intakt' "says the log is not intact"
expect_match "$body" "<td id=\"verify-bad-id\">$k</td>" "names the changed entry as the first broken one"
expect_match "$body" '<td id="verify-problem">Posten stämmer inte med sin hash: den har ändrats' "and what is wrong with it"
expect_match "$body" "<td id=\"verify-entries\">$((k - 1))</td>" "counts the entries before it"
run --user admin audit verify
expect_eq "$rc" 1 "gvi audit verify fails too"
expect_match "$errout" "entry $k does not match its hash" "(naming the same entry)"
# A deleted entry (the first broken one is still $k, so delete an earlier one, link kept).
sqlite3 r.db "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = $((k - 1))"
req verify3 -b admin.jar "$B/audit/verify"
expect_match "$body" "<td id=\"verify-bad-id\">$((k - 1))</td>" "a deleted entry before it is now the first broken one"
expect_match "$body" '<td id="verify-problem">Posten saknas: den har raderats' "named as deleted"
serve_stop_checked
serve_log_clean
