# t66-purpose.sh — the purpose of access (ändamål): a configurable list; on the command line
# --purpose / GVI_PURPOSE, without which personal records are neither read in full, exported
# nor written; in the web application asked once per session right after the login (every
# page sends there until it is chosen) and kept for the session; on the API the X-GVI-Purpose
# header.  Every audit entry carries the purpose it was made under.
. "$(dirname "$0")/lib.sh"
make_repo r.db || exit 1
unset GVI_PURPOSE
q() { sqlite3 r.db "$1"; }

# ---- the list ----
expect_ok "gvi purpose list" -- purpose list
expect_match "$out" "operativ GVI-verksamhet" "a new repository has the usual purposes"
expect_match "$out" "uppföljning" "uppföljning among them"
expect_ok "the admin adds a purpose" -- --user admin purpose add --name "utvärdering" --description "programmets utvärdering"
expect_fail 1 "a coordinator may not change the list" -- purpose add --name "eget"
expect_match "$errout" "refused" "refused by the access policy"
expect_ok "every role reads the list (community partner)" -- --user kim purpose list

# ---- the command line ----
expect_fail 1 "adding a person without a purpose is refused" -- person add --name "Utan Ändamål" --code P-NOPURP
expect_match "$errout" "purpose of access" "saying a purpose of access is needed"
expect_eq "$(q "SELECT count(*) FROM person")" 0 "and nothing was written"
expect_fail 1 "an unknown purpose is refused" -- --purpose "nyfikenhet" person add --name X
expect_match "$errout" '--purpose: no purpose of access named "nyfikenhet"' "naming the option and the value"
expect_ok "with --purpose the person is added" -- --purpose "operativ GVI-verksamhet" person add --name "Med Ändamål" --code P-WITHPU
expect_eq "$(q "SELECT purpose FROM audit WHERE action='add' AND entity='person'")" "operativ GVI-verksamhet" \
  "the audit entry of the write carries the purpose"
expect_fail 1 "showing a person without a purpose is refused" -- person show P-WITHPU
expect_eq "$(q "SELECT count(*) FROM audit WHERE action='read'")" 0 "and no read was logged (nothing was shown)"
GVI_PURPOSE=uppföljning expect_ok "GVI_PURPOSE gives the purpose" -- person show P-WITHPU
expect_eq "$(q "SELECT purpose FROM audit WHERE action='read' AND entity='person'")" "uppföljning" \
  "the read is logged with the purpose of the environment"
expect_fail 1 "exporting persons without a purpose is refused" -- export person
expect_ok "listing persons (codes, no full record) needs none" -- person list
expect_ok "configuration needs none" -- area add --name Centrum
expect_eq "$(q "SELECT count(*) FROM audit WHERE entity='area' AND purpose IS NULL")" 1 "its entry has no purpose"

# ---- the web application ----
printf 'anna-lösen-123\n' | "$GVI" --user admin passwd anna >/dev/null
serve_start
rm -f jar
req form -c jar "$B/login"
tok=$(awk '$6 == "gvi_login" { print $7 }' jar)
req login -b jar -c jar --data-urlencode "csrf=$tok" --data-urlencode user=anna --data-urlencode "password=anna-lösen-123" "$B/login"
expect_eq "$code" 303 "anna logs in"
expect_match "$hdrs" '^Location: /purpose$' "and is asked for the purpose first"
for p in / /persons /persons/P-WITHPU /groups /incidents; do
  req gate -b jar "$B$p"
  expect_eq "$code" 303 "until a purpose is chosen, $p sends to /purpose"
done
expect_match "$hdrs" '^Location: /purpose\?back=/incidents$' "remembering the page asked for"
req apigate -b jar "$B/api/v1/person"
expect_eq "$code" 403 "the API under the session cookie is refused without a purpose"
expect_match "$body" '"purpose_required"' "as purpose_required"
expect_eq "$(q "SELECT count(*) FROM audit WHERE action='read' AND user_name='anna' AND purpose IS NULL")" 0 "nothing was read without a purpose"

req page -b jar "$B/purpose?back=/persons/P-WITHPU"
expect_eq "$code" 200 "the purpose page"
expect_match "$body" '<h1>Ändamål med åtkomsten</h1>' "with its heading"
expect_match "$body" '<legend>Ändamål</legend>' "a fieldset with a legend"
for p in "operativ GVI-verksamhet" uppföljning systemförvaltning utvärdering; do
  expect_match "$body" "type=\"radio\" name=\"purpose\" id=\"purpose-[0-9]\" value=\"$p\"" "a radio button for $p"
done
expect_match "$body" '<label for="purpose-1">' "each with a label"
expect_match "$body" 'name="back" value="/persons/P-WITHPU"' "it keeps where to go back to"
csrf=$(printf '%s' "$body" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
req nocsrf -b jar --data-urlencode "purpose=uppföljning" "$B/purpose"
expect_eq "$code" 403 "choosing without the CSRF token is refused"
req bad -b jar --data-urlencode "csrf=$csrf" --data-urlencode "purpose=nyfikenhet" "$B/purpose"
expect_eq "$code" 400 "an unknown purpose is refused"
expect_match "$body" 'finns inte i listan' "saying it is not on the list"
req none -b jar --data-urlencode "csrf=$csrf" "$B/purpose"
expect_eq "$code" 400 "no purpose at all is refused"
req gate2 -b jar "$B/persons"
expect_eq "$code" 303 "still no purpose after the refusals"
req choose -b jar --data-urlencode "csrf=$csrf" --data-urlencode "purpose=uppföljning" \
  --data-urlencode "back=//evil.example/" "$B/purpose"
expect_eq "$code" 303 "a purpose from the list is taken"
expect_match "$hdrs" '^Location: /$' "a back that is not a local path goes to the dashboard instead"
expect_eq "$(q "SELECT purpose FROM audit WHERE action='purpose' AND user_name='anna'")" "uppföljning" "the choice is audited"
req person -b jar "$B/persons/P-WITHPU"
expect_eq "$code" 200 "now the person page is shown"
expect_match "$body" '<p>Ändamål: <a href="/purpose">uppföljning</a></p>' "its header names the purpose and links to changing it"
expect_eq "$(q "SELECT purpose FROM audit WHERE action='read' AND entity='person' AND user_name='anna' ORDER BY id DESC LIMIT 1")" "uppföljning" \
  "the web read is logged with the session's purpose"
req back -b jar "$B/purpose"
expect_match "$body" 'value="uppföljning" checked' "the purpose page shows the current choice"
req change -b jar --data-urlencode "csrf=$csrf" --data-urlencode "purpose=operativ GVI-verksamhet" \
  --data-urlencode "back=/persons/P-WITHPU" "$B/purpose"
expect_match "$hdrs" '^Location: /persons/P-WITHPU$' "changing it returns to the page"
req person2 -b jar "$B/persons/P-WITHPU"
expect_eq "$(q "SELECT purpose FROM audit WHERE action='read' AND entity='person' AND user_name='anna' ORDER BY id DESC LIMIT 1")" \
  "operativ GVI-verksamhet" "the change applies to what follows"
req sget -b jar -H "X-CSRF-Token: $csrf" -H "Content-Type: application/json" --data '{"name": "Webb Person"}' "$B/api/v1/person"
expect_eq "$code" 201 "an API write under the session"
expect_eq "$(q "SELECT purpose FROM audit WHERE action='add' AND entity='person' AND user_name='anna' ORDER BY id DESC LIMIT 1")" \
  "operativ GVI-verksamhet" "is logged with the session's purpose"

# A second session of the same user has its own purpose (the server shares connections).
rm -f jar2
req form2 -c jar2 "$B/login"
tok=$(awk '$6 == "gvi_login" { print $7 }' jar2)
req login2 -b jar2 -c jar2 --data-urlencode "csrf=$tok" --data-urlencode user=anna --data-urlencode "password=anna-lösen-123" "$B/login"
req gate3 -b jar2 "$B/persons/P-WITHPU"
expect_eq "$code" 303 "a second session of the same user is asked again"
choose_purpose jar2 utvärdering
req p3 -b jar2 "$B/persons/P-WITHPU"
req p4 -b jar "$B/persons/P-WITHPU"
expect_eq "$(q "SELECT group_concat(purpose, ',') FROM (SELECT purpose FROM audit WHERE action='read' AND entity='person' AND user_name='anna' ORDER BY id DESC LIMIT 2)")" \
  "operativ GVI-verksamhet,utvärdering" "each session's reads carry its own purpose"
req logout -b jar --data-urlencode "csrf=$csrf" "$B/logout"
expect_eq "$(q "SELECT purpose FROM audit WHERE action='logout' AND user_name='anna'")" "operativ GVI-verksamhet" "the logout too"

# ---- the API with a bearer token: X-GVI-Purpose ----
tok=$("$GVI" --user admin token add anna 2>/dev/null)
A=(-H "Authorization: Bearer $tok")
req b1 "${A[@]}" "$B/api/v1/area"
expect_eq "$code" 200 "a token reads configuration without a purpose"
req b2 "${A[@]}" "$B/api/v1/person/P-WITHPU"
expect_eq "$code" 403 "but not a person's record"
expect_match "$body" 'purpose of access' "saying a purpose is needed"
req b3 "${A[@]}" -H "Content-Type: application/json" --data '{"name": "Token Person"}' "$B/api/v1/person"
expect_eq "$code" 403 "nor write one"
expect_eq "$(q "SELECT count(*) FROM person WHERE name='Token Person'")" 0 "and nothing was written"
req b4 "${A[@]}" -H "X-GVI-Purpose: nyfikenhet" "$B/api/v1/person/P-WITHPU"
expect_eq "$code" 400 "an unknown X-GVI-Purpose is refused"
expect_match "$body" '"bad_purpose"' "as bad_purpose"
req b5 "${A[@]}" -H "X-GVI-Purpose: uppf%C3%B6ljning" "$B/api/v1/person/P-WITHPU"
expect_eq "$code" 200 "with X-GVI-Purpose (percent-encoded UTF-8) the record is read"
expect_eq "$(q "SELECT purpose FROM audit WHERE action='read' AND entity='person' ORDER BY id DESC LIMIT 1")" "uppföljning" \
  "logged with the header's purpose"
req b6 "${A[@]}" -H "X-GVI-Purpose: operativ GVI-verksamhet" -H "Content-Type: application/json" --data '{"name": "Token Person"}' "$B/api/v1/person"
expect_eq "$code" 201 "and written"
expect_eq "$(q "SELECT purpose FROM audit WHERE action='add' AND entity='person' ORDER BY id DESC LIMIT 1")" "operativ GVI-verksamhet" \
  "logged with the header's purpose"
req b7 "${A[@]}" "$B/api/v1/person/P-WITHPU"
expect_eq "$code" 403 "the next request without the header has no purpose again"
req oa "$B/api/v1/openapi.json"
expect_eq "$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted({p["in"] for k in ("/api/v1/person", "/api/v1/person/{id}") for p in d["paths"][k]["parameters"] if p["name"] == "X-GVI-Purpose"}))' oa.body)" \
  "['header']" "the OpenAPI document describes the X-GVI-Purpose header on the entity paths"
serve_stop_checked
serve_log_clean
expect_eq "$(q "SELECT count(*) FROM audit WHERE action IN ('read','add','edit','delete','export') AND entity IN ('person','membership','incident','involvement','notification','invitation','referral','tie','supervision') AND purpose IS NULL")" 0 \
  "no read or write of personal data anywhere in the log without a purpose"
