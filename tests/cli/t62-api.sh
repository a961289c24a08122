# t62-api.sh — the JSON API's writes and its bearer tokens over real HTTP (curl): gvi token
# add/list/revoke (shown once, never listed, only a hash stored, audited), bearer requests
# (revoked, expired and garbage tokens refused), POST and PATCH through the access layer
# (audited as the token's user), the policy refusing a write with the repository unchanged,
# malformed JSON, unknown fields, bad values, duplicates, oversized bodies, CSRF for session
# writes, and the OpenAPI document.  The server runs on a random free port and is always
# stopped at the end.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { notok "curl is installed (scripts/setup installs it)"; exit 1; }

make_repo r.db || exit 1
PW='hemligt-lösen-1'
printf '%s\n' "$PW" | "$GVI" --user anna passwd anna >/dev/null 2>&1 || notok "anna's password"

# ---- gvi token ----
expect_fail 1 "a coordinator may not make tokens" -- --user anna token add anna
expect_match "$errout" "refused" "the refusal says so"
expect_fail 2 "token add without a user is a usage error" -- --user admin token add
expect_fail 1 "a token for an unknown user is refused" -- --user admin token add nosuch
expect_fail 1 "a past expiry is refused" -- --user admin token add anna --expires 2020-01-01
expect_ok "the admin makes a token for anna" -- --user admin token add anna --note "integration test"
tok_anna=$out
expect_match "$tok_anna" '^gvi_[0-9]+\.[A-Za-z0-9_-]{43}$' "it is printed once: gvi_ID.SECRET, 32 random bytes in base64url"
expect_match "$errout" 'shown this once' "with a warning that it is shown only now"
expect_ok "a token for the probation officer" -- --user admin token add pro
tok_pro=$out
GVI_TODAY=2026-01-01 "$GVI" --user admin token add anna --expires 2026-06-01 >tok.exp 2>/dev/null
tok_exp=$(cat tok.exp)
expect_match "$tok_exp" '^gvi_' "a token that expired in June"
expect_ok "a token to revoke" -- --user admin token add anna
tok_rev=$out; rev_id=${tok_rev#gvi_}; rev_id=${rev_id%%.*}
expect_ok "revoke it" -- --user admin token revoke "$rev_id"
expect_fail 1 "revoking it again is refused" -- --user admin token revoke "$rev_id"
expect_fail 1 "a coordinator may not list tokens" -- --user anna token list
expect_ok "token list" -- --user admin --csv token list
expect_eq "$(printf '%s\n' "$out" | head -1 | tr -d '\r')" "id,user,created,expires,revoked,note" "token list shows ids, users and dates"
expect_match "$out" 'anna,.*integration test' "with the note"
expect_match "$out" "^$rev_id,anna,[^,]+,,[0-9]" "and when a token was revoked"
secret=${tok_anna#*.}
expect_nomatch "$out" "$secret|gvi_" "never a token"
expect_nomatch "$(sqlite3 r.db .dump)" "${secret}|${tok_pro#*.}" "no token is in the database in clear"
expect_eq "$(sqlite3 r.db "SELECT length(hash) FROM api_token WHERE id = 1")" 64 "only its 32-byte hash (hex)"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE entity = 'token' AND user_name = 'admin'")" 6 \
  "every add, revoke and list is audited (4 adds, 1 revoke, 1 list)"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE detail LIKE '%$secret%'")" 0 "the audit log holds no token"

expect_ok "add a person" -- person add --name 'Lisa Larsson' --birth 1990 --code P-LISA01
expect_ok "add an area" -- --user admin area add --name Centrum

# ---- the server ----
serve_start

A=(-H "Authorization: Bearer $tok_anna" -H "X-GVI-Purpose: $GVI_PURPOSE")
J=(-H "Content-Type: application/json")

# ---- bearer reads ----
req get "${A[@]}" "$B/api/v1/person"
expect_eq "$code" 200 "a bearer token reads the persons"
expect_match "$body" '"code": *"P-LISA01"' "the list has the person"
req get1 "${A[@]}" "$B/api/v1/person/P-LISA01"
expect_eq "$code" 200 "and one person"
req rev -H "Authorization: Bearer $tok_rev" "$B/api/v1/person"
expect_eq "$code" 401 "a revoked token is refused (401)"
expect_match "$body" '"error": *"invalid_token"' "as a JSON error"
req exp -H "Authorization: Bearer $tok_exp" "$B/api/v1/person"
expect_eq "$code" 401 "an expired token is refused (401)"
req garbage -H "Authorization: Bearer nonsense" "$B/api/v1/person"
expect_eq "$code" 401 "a garbage token is refused (401)"
req forged -H "Authorization: Bearer ${tok_anna%?}A" "$B/api/v1/person"
[ "${tok_anna: -1}" = A ] && req forged -H "Authorization: Bearer ${tok_anna%?}B" "$B/api/v1/person"
expect_eq "$code" 401 "a token with one character changed is refused (401)"
req basic -u anna:x "$B/api/v1/person"
expect_eq "$code" 401 "other Authorization schemes are refused (401)"
req none "$B/api/v1/person"
expect_eq "$code" 401 "no token and no session: 401"

# ---- POST and PATCH ----
audits0=$(sqlite3 r.db "SELECT count(*) FROM audit WHERE action = 'add' AND entity = 'person'")
req post "${A[@]}" "${J[@]}" --data '{"name": "Nils Nilsson", "birth": "2008", "aliases": ["Nisse", "N"], "area": "Centrum"}' "$B/api/v1/person"
expect_eq "$code" 201 "POST creates a person (201)"
expect_match "$hdrs" '^Location: /api/v1/person/[0-9]+$' "with its Location"
expect_match "$body" '"name": *"Nils Nilsson"' "and the stored record"
expect_match "$(printf '%s' "$body" | tr -d '\n ')" '"aliases":\["Nisse","N"\]' "its list as an array"
expect_match "$body" '"code": *"P-[0-9A-Z]{6}"' "with the code gvi gave it"
nid=$(printf '%s\n' "$hdrs" | sed -n 's|^Location: /api/v1/person/||p')
expect_eq "$(sqlite3 r.db "SELECT user_name || ' ' || role FROM audit WHERE action = 'add' AND entity = 'person' AND record_id = $nid")" \
  "anna coordinator" "it is audited as the token's user"
req patch -X PATCH "${A[@]}" "${J[@]}" --data '{"notes": "ändrad via API", "aliases": [], "birth": null}' "$B/api/v1/person/$nid"
expect_eq "$code" 200 "PATCH edits it (200)"
expect_match "$body" '"notes": *"ändrad via API"' "the new value is there"
expect_match "$body" '"aliases": *\[ *\]' "a list emptied"
expect_match "$body" '"birth": *null' "a field cleared by null"
expect_match "$body" '"name": *"Nils Nilsson"' "fields not given are unchanged"
expect_match "$(sqlite3 r.db "SELECT detail FROM audit WHERE action = 'edit' AND entity = 'person' AND record_id = $nid AND user_name = 'anna'")" \
  'notes' "the edit is audited as the token's user"
code_of=$(sqlite3 r.db "SELECT code FROM person WHERE id = $nid")
req patchk -X PATCH "${A[@]}" "${J[@]}" --data '{"notes": "by code"}' "$B/api/v1/person/$code_of"
expect_eq "$code" 200 "PATCH by the person's code"
req grp "${A[@]}" "${J[@]}" --data '{"name": "Nordgänget", "status": "active", "areas": [{"area": "Centrum"}]}' "$B/api/v1/group"
expect_eq "$code" 201 "a list item as an object of its sub-fields"
expect_match "$(printf '%s' "$body" | tr -d '\n ')" '"areas":\["Centrum"\]' "is stored"

digest=$(db_digest r.db)
req refused -H "Authorization: Bearer $tok_pro" "${J[@]}" --data '{"name": "Otto Olsson"}' "$B/api/v1/person"
expect_eq "$code" 403 "POST by a role that may not write persons is refused (403)"
expect_match "$body" '"error": *"forbidden".*may not add person' "the policy says why"
req refused2 -X PATCH -H "Authorization: Bearer $tok_pro" "${J[@]}" --data '{"notes": "x"}' "$B/api/v1/person/$nid"
expect_eq "$code" 403 "and PATCH (403)"
expect_eq "$(db_digest r.db)" "$digest" "nothing was written"

req malformed "${A[@]}" "${J[@]}" --data '{"name": "Otto",' "$B/api/v1/person"
expect_eq "$code" 400 "malformed JSON is 400"
expect_match "$body" '"error": *"malformed_json".*line 1' "saying where"
req trailing "${A[@]}" "${J[@]}" --data '{"name": "Otto"} x' "$B/api/v1/person"
expect_eq "$code" 400 "trailing garbage after the object is 400"
req dupkey "${A[@]}" "${J[@]}" --data '{"name": "Otto", "name": "Olle"}' "$B/api/v1/person"
expect_eq "$code" 400 "a key given twice is 400"
req array "${A[@]}" "${J[@]}" --data '["name"]' "$B/api/v1/person"
expect_eq "$code" 400 "a body that is not an object is 400"
req unknown "${A[@]}" "${J[@]}" --data '{"name": "Otto", "shoe_size": 44}' "$B/api/v1/person"
expect_eq "$code" 400 "an unknown field is 400"
expect_match "$body" '"error": *"unknown_field".*shoe_size' "naming the field"
req badenum "${A[@]}" "${J[@]}" --data '{"name": "Södergänget", "status": "bogus"}' "$B/api/v1/group"
expect_eq "$code" 400 "a bad enum value is 400"
expect_match "$body" '"error": *"bad_value", *"message": *"status:' "naming the field"
req baddate "${A[@]}" "${J[@]}" --data '{"name": "Otto", "review": "2026-13-40"}' "$B/api/v1/person"
expect_eq "$code" 400 "a bad date is 400"
expect_match "$body" '"message": *"review:' "naming the field"
req badtype "${A[@]}" "${J[@]}" --data '{"name": {"first": "Otto"}}' "$B/api/v1/person"
expect_eq "$code" 400 "an object for a text field is 400"
req badref "${A[@]}" "${J[@]}" --data '{"name": "Otto", "area": "Atlantis"}' "$B/api/v1/person"
expect_eq "$code" 400 "an unknown reference is 400"
expect_match "$body" '"message": *"area:' "naming the field"
req missing "${A[@]}" "${J[@]}" --data '{"birth": "2001"}' "$B/api/v1/person"
expect_eq "$code" 400 "a missing required field is 400"
expect_match "$body" 'name is required' "naming the field"
req dup "${A[@]}" "${J[@]}" --data '{"name": "Lisa Andersson", "code": "P-LISA01"}' "$B/api/v1/person"
expect_eq "$code" 409 "a duplicate is 409"
expect_match "$body" '"error": *"duplicate".*code' "naming the field"
req nf "${A[@]}" "${J[@]}" --data '{"name": "x"}' "$B/api/v1/nosuch"
expect_eq "$code" 404 "an unknown entity is 404"
req nf2 -X PATCH "${A[@]}" "${J[@]}" --data '{"notes": "x"}' "$B/api/v1/person/999999"
expect_eq "$code" 404 "an unknown id is 404"
req form "${A[@]}" --data 'name=Otto' "$B/api/v1/person"
expect_eq "$code" 415 "a body that is not JSON is 415"
head -c 2000000 /dev/zero | tr '\0' 'a' > big.json
req big "${A[@]}" "${J[@]}" --data-binary @big.json "$B/api/v1/person"
expect_eq "$code" 413 "an oversized body is 413"
expect_eq "$(db_digest r.db)" "$digest" "none of the bad requests wrote anything"
req health "$B/healthz"
expect_eq "$code" 200 "the server keeps serving"

# ---- a session cookie: writes need X-CSRF-Token ----
req form0 -c jar "$B/login"
tok=$(awk '$6 == "gvi_login" { print $7 }' jar)
req login -b jar -c jar --data-urlencode "csrf=$tok" --data-urlencode "user=anna" --data-urlencode "password=$PW" "$B/login"
expect_eq "$code" 303 "anna logs in"
choose_purpose jar && ok "anna states a purpose of access" || notok "anna states a purpose of access"
req home -b jar "$B/"
csrf=$(printf '%s' "$body" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
[ -n "$csrf" ] && ok "the page carries the session's CSRF token" || notok "the page carries the session's CSRF token"
req sget -b jar "$B/api/v1/person"
expect_eq "$code" 200 "a session reads the API without a CSRF token"
digest=$(db_digest r.db)
req snocsrf -b jar "${J[@]}" --data '{"name": "Sara Svensson"}' "$B/api/v1/person"
expect_eq "$code" 403 "a session POST without X-CSRF-Token is refused (403)"
expect_match "$body" '"error": *"csrf"' "saying why"
req swrong -b jar "${J[@]}" -H "X-CSRF-Token: x$csrf" --data '{"name": "Sara Svensson"}' "$B/api/v1/person"
expect_eq "$code" 403 "and with a wrong one"
expect_eq "$(db_digest r.db)" "$digest" "nothing was written"
req scsrf -b jar "${J[@]}" -H "X-CSRF-Token: $csrf" --data '{"name": "Sara Svensson"}' "$B/api/v1/person"
expect_eq "$code" 201 "with the session's token it is added (201)"

# ---- OpenAPI ----
req oa "$B/api/v1/openapi.json"
expect_eq "$code" 200 "GET /api/v1/openapi.json needs no login"
"$GVI" --user admin --csv roles | awk -F, 'NR > 1 { print $2 }' | sort -u > entities.txt
check=$(/usr/bin/python3 - oa.body entities.txt <<'PY'
import json, re, sys
doc = json.load(open(sys.argv[1]))
want = [l.strip() for l in open(sys.argv[2]) if l.strip()]
bad = []
if not re.match(r"^3\.0\.\d+$", doc.get("openapi", "")): bad.append("openapi version")
if not doc.get("info", {}).get("title") or not doc["info"].get("version"): bad.append("info")
schemes = doc.get("components", {}).get("securitySchemes", {})
if schemes.get("bearerAuth", {}).get("scheme") != "bearer": bad.append("bearer scheme")
if schemes.get("cookieAuth", {}).get("in") != "cookie": bad.append("cookie scheme")
schemas = doc["components"]["schemas"]
for e in want:
    s = schemas.get(e)
    if not s or s.get("type") != "object" or "id" not in s.get("properties", {}): bad.append("schema " + e); continue
    for op in ("get", "post"):
        if op not in doc["paths"].get("/api/v1/" + e, {}): bad.append(op + " /api/v1/" + e)
    for op in ("get", "patch"):
        if op not in doc["paths"].get("/api/v1/" + e + "/{id}", {}): bad.append(op + " /api/v1/" + e + "/{id}")
# every $ref resolves
def refs(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "$ref": yield v
            else: yield from refs(v)
    elif isinstance(x, list):
        for v in x: yield from refs(v)
for r in refs(doc):
    if not r.startswith("#/components/schemas/") or r.split("/")[-1] not in schemas: bad.append("ref " + r)
p = schemas["person"]
if "name" not in p.get("required", []): bad.append("person requires name")
if schemas["group"]["properties"]["status"].get("enum") != ["active", "inactive", "dissolved"]: bad.append("group status enum")
if schemas["incident-type"]["properties"]["severity"].get("maximum") != 10: bad.append("severity maximum")
print("ok %d" % len(want) if not bad else "bad: " + ", ".join(bad[:10]))
PY
)
expect_eq "$check" "ok $(wc -l < entities.txt)" "openapi.json is OpenAPI 3.0 with every entity of gvi roles, its paths and security schemes"
if /usr/bin/python3 -c 'import openapi_spec_validator' 2>/dev/null; then
  /usr/bin/python3 -c 'import json,sys; from openapi_spec_validator import validate_spec; validate_spec(json.load(open(sys.argv[1])))' oa.body 2>valid.err &&
    ok "openapi-spec-validator accepts it" || notok "openapi-spec-validator accepts it ($(tail -3 valid.err))"
fi

# The access log names the user of a bearer request, never a token
expect_match "$(cat server.log)" 'POST /api/v1/\{entity\} 201 [0-9]+ms anna' "the access log names the token's user"
expect_nomatch "$(cat server.log)" "$secret" "and never the token"

serve_stop_checked
serve_log_clean
