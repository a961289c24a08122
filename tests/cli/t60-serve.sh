# t60-serve.sh — gvi passwd and gvi serve over real HTTP (curl): security headers on every
# response, login with throttling, the session cookie, CSRF, logout, the dashboard and the
# person pages, the JSON API, roles refused through the access layer, the audit of reads,
# escaping of stored and reflected input, oversized and malformed requests, and a clean stop
# on SIGTERM.  The server runs on a random free port and is always killed at the end.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { notok "curl is installed (scripts/setup installs it)"; exit 1; }

make_repo r.db || exit 1
PW='hemligt-lösen-1'

# ---- gvi passwd ----
passwd() { # passwd ACTING TARGET PASSWORD: sets rc and errout
  errout=$(printf '%s\n' "$3" | "$GVI" --user "$1" passwd "$2" 2>&1 >/dev/null); rc=$?
  if printf '%s' "$errout" | grep -q -E 'Sanitizer|runtime error'; then notok "sanitizer report from gvi passwd"; echo "$errout"; fi
}
passwd anna anna "$PW";            expect_eq "$rc" 0 "a user sets their own password"
passwd admin pia "pia-lösen-123";  expect_eq "$rc" 0 "the admin sets another user's password"
passwd admin kim "kim-lösen-123";  expect_eq "$rc" 0 "the admin sets the community partner's password"
passwd anna pia "x-lösen-12345";   expect_eq "$rc" 1 "a coordinator may not set another user's password"
expect_match "$errout" "refused" "the refusal says so"
passwd anna anna "kort";           expect_eq "$rc" 1 "a too short password is refused"
passwd admin nosuch "$PW";         expect_eq "$rc" 1 "an unknown user is refused"
errout=$(printf '' | "$GVI" passwd anna 2>&1 >/dev/null); rc=$?
expect_eq "$rc" 1 "no password on standard input is refused"
expect_eq "$(sqlite3 r.db "SELECT substr(password_hash, 1, 10) FROM account WHERE name = 'anna'")" '$argon2id$' \
  "the password is stored as an Argon2id hash"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE action = 'edit' AND entity = 'user' AND detail = '{\"password\":\"changed\"}'")" 3 \
  "each password change is audited as an edit of the user"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE detail LIKE '%argon2%'")" 0 "the audit log holds no hash"
expect_ok "user list" -- --user admin --json user list
expect_nomatch "$out" 'argon2|password' "user list never shows the hash"
expect_ok "export users" -- --user admin export user
expect_nomatch "$out" 'argon2|password' "an export never carries the hash"

# ---- data to serve ----
expect_ok "add a person with an XSS payload in the name" -- person add --name 'Kalle <script>alert(1)</script>' \
  --pnr 19900101-1239 --birth 2009 --code P-XSS001
expect_ok "add another person" -- person add --name 'Lisa Larsson' --alias Lillan --birth 1990 --code P-LISA01
pid=$(sqlite3 r.db "SELECT id FROM person WHERE code = 'P-XSS001'")

# ---- the server ----
serve_start

nresp=0; badhdr=0
# req NAME CURL-ARGS...: status in $code, headers in $hdrs, body in $body; checks the
# security headers of every response.
req() {
  local n=$1; shift
  code=$(curl -s -o "$n.body" -D "$n.head" -w '%{http_code}' "$@")
  hdrs=$(tr -d '\r' < "$n.head"); body=$(cat "$n.body")
  nresp=$((nresp + 1))
  for h in "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'" \
           'X-Content-Type-Options: nosniff' 'Referrer-Policy: no-referrer' 'X-Frame-Options: DENY'; do
    printf '%s\n' "$hdrs" | grep -qiF -- "$h" || { badhdr=$((badhdr + 1)); echo "missing '$h' on $*"; }
  done
}
# login JAR USER PASSWORD: fetches the form (its token), then posts it.
login() {
  rm -f "$1"
  req form -c "$1" "$B/login"
  local tok; tok=$(awk '$6 == "gvi_login" { print $7 }' "$1")
  req login -b "$1" -c "$1" --data-urlencode "csrf=$tok" --data-urlencode "user=$2" \
    --data-urlencode "password=$3" "$B/login"
  if [ "$code" = 303 ]; then choose_purpose "$1" || notok "$2 chooses a purpose of access"; fi
}
csrf_of() { printf '%s' "$body" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1; }
h1s() { printf '%s' "$body" | grep -o '<h1' | wc -l | tr -d ' '; }

req health "$B/healthz"
expect_eq "$code $body" "200 ok" "GET /healthz answers 200 ok"
req static "$B/static/gvi.css"
expect_eq "$code" 200 "the stylesheet is served"
expect_match "$hdrs" '^Content-Type: text/css' "as text/css"

# Without a session
req root "$B/"
expect_eq "$code" 303 "/ without a session redirects"
expect_match "$hdrs" '^Location: /login$' "to /login"
expect_match "$hdrs" '^Cache-Control: no-store' "pages are not cached"
req api0 "$B/api/v1/person"
expect_eq "$code" 401 "the API without a session says 401"
expect_match "$body" '"error": *"login_required"' "as a JSON error"
req persons0 "$B/persons"
expect_eq "$code" 303 "/persons without a session redirects to the login"

# The login form
req form "$B/login"
expect_eq "$code" 200 "GET /login shows the form"
expect_match "$body" '<html lang="sv">' "in Swedish"
expect_match "$body" '<label for="user">' "the user field has a label"
expect_match "$body" '<label for="password">' "the password field has a label"
expect_eq "$(h1s)" 1 "the login page has one h1"
expect_nomatch "$body" '<script|style=' "no inline script or style"

# Wrong passwords
login jar.x anna "fel-lösenord"
expect_eq "$code" 401 "a wrong password is refused"
expect_match "$body" 'Fel användarnamn eller lösenord' "with a generic message"
expect_nomatch "$hdrs" 'gvi_session=[A-Za-z0-9_-]' "and no session cookie"
login jar.x nosuch "$PW"
expect_eq "$code" 401 "an unknown user is refused the same way"
expect_match "$body" 'Fel användarnamn eller lösenord' "with the same message"
rm -f jar.x
req nocsrf --data-urlencode user=anna --data-urlencode "password=$PW" "$B/login"
expect_eq "$code" 403 "a login post without the form's token is refused (403)"
expect_nomatch "$hdrs" 'gvi_session=[A-Za-z0-9_-]' "and starts no session"

# Throttling: five failures for pia, then even the right password is refused for a while
for i in 1 2 3 4 5; do login jar.p pia "fel-$i-lösenord"; done
expect_eq "$code" 401 "five failed logins are refused one by one"
login jar.p pia "pia-lösen-123"
expect_eq "$code" 429 "the sixth attempt is throttled, right password or not"
expect_match "$body" 'För många misslyckade inloggningsförsök' "saying so"
expect_nomatch "$hdrs" 'gvi_session=[A-Za-z0-9_-]' "and no session cookie"

# Logging in
login jar anna "$PW"
expect_eq "$code" 303 "the right password logs in"
expect_match "$hdrs" '^Location: /purpose$' "and redirects to the choice of purpose (then the dashboard)"
cookie=$(printf '%s\n' "$hdrs" | grep -i '^Set-Cookie: gvi_session=' | head -1)
expect_match "$cookie" 'gvi_session=[A-Za-z0-9_-]{43};' "the session cookie is a 32-byte random token"
expect_match "$cookie" 'HttpOnly' "the session cookie is HttpOnly"
expect_match "$cookie" 'SameSite=Strict' "the session cookie is SameSite=Strict"
expect_match "$cookie" 'Path=/;' "the session cookie is for the whole site"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE action = 'login' AND user_name = 'anna'")" 1 "the login is audited"

# The dashboard
req dash -b jar "$B/"
expect_eq "$code" 200 "the dashboard is shown"
expect_match "$body" 'Inloggad som <strong>anna</strong> \(samordnare, GVI-samordning\)' "it says who is logged in and their role"
expect_match "$body" '<th scope="row">Personer</th><td class="num">2</td>' "it shows the count of persons"
expect_match "$body" '<th scope="row">Grupper</th><td class="num">0</td>' "and of groups"
expect_match "$body" 'Senaste händelser' "and the latest incidents"
expect_match "$body" '<a class="skip" href="#main">' "a skip link to the main content"
expect_match "$body" '<a href="/persons">Personer</a>' "the navigation links the persons"
expect_eq "$(h1s)" 1 "the dashboard has one h1"
expect_match "$hdrs" '^Cache-Control: no-store' "a page with data is not cached"
req nf -b jar "$B/nosuch"
expect_eq "$code" 404 "an unknown page is 404 when logged in too"
expect_match "$body" 'Inloggad som <strong>anna</strong>' "and still says who is logged in"

# Persons
req persons -b jar "$B/persons"
expect_eq "$code" 200 "/persons is shown to the coordinator"
expect_match "$body" 'P-XSS001' "it lists a person added with the CLI"
expect_match "$body" 'P-LISA01' "and the other"
expect_nomatch "$body" '199001011239|19900101-1239|900101|1239' "it never shows the personnummer"
expect_nomatch "$body" 'Kalle|Lisa' "nor names"
expect_match "$body" '<th scope="col">Kod</th>' "a table with header cells"
expect_eq "$(h1s)" 1 "the persons page has one h1"
req search -b jar "$B/persons?q=Lillan"
expect_match "$body" 'P-LISA01' "search by alias finds the person"
expect_nomatch "$body" 'P-XSS001' "and not the other"
req search2 -b jar "$B/persons?q=%3Cscript%3Ealert(2)%3C/script%3E"
expect_nomatch "$body" '<script>alert\(2\)' "a reflected search is never raw"
expect_match "$body" 'value="&lt;script&gt;alert\(2\)&lt;/script&gt;"' "it comes back escaped"
reads0=$(sqlite3 r.db "SELECT count(*) FROM audit WHERE action = 'read' AND entity = 'person' AND record_id = $pid AND user_name = 'anna'")
req person -b jar "$B/persons/P-XSS001"
expect_eq "$code" 200 "/persons/CODE shows the record"
expect_match "$body" 'Kalle &lt;script&gt;alert\(1\)&lt;/script&gt;' "a stored XSS payload comes back escaped"
expect_nomatch "$body" '<script>alert' "never raw"
expect_match "$body" '19900101-1239' "the full record shows the personnummer as people write it"
expect_eq "$(h1s)" 1 "the person page has one h1"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE action = 'read' AND entity = 'person' AND record_id = $pid AND user_name = 'anna'")" \
  $((reads0 + 1)) "reading the record is audited as a read"
expect_ok "the admin reads the audit log" -- --user admin audit list --action read --entity person
expect_match "$out" 'anna +coordinator +read +person' "gvi audit shows the read through the web"
req noperson -b jar "$B/persons/P-NOSUCH"
expect_eq "$code" 404 "an unknown code is 404"
req byname -b jar "$B/persons/Lisa%20Larsson"
expect_eq "$code" 404 "a person is never found by a name in the address"

# The JSON API
req apil -b jar "$B/api/v1/person?limit=10"
expect_eq "$code" 200 "GET /api/v1/person lists"
expect_match "$hdrs" '^Content-Type: application/json' "as JSON"
expect_match "$body" '"code": "P-LISA01"' "with the persons"
expect_match "$body" '"pnr": null' "without the personnummer in a list"
req apis -b jar "$B/api/v1/person/P-XSS001"
expect_eq "$code" 200 "GET /api/v1/person/CODE shows one"
expect_match "$body" '"name": "Kalle <script>alert\(1\)</script>"' "the JSON holds the name as data"
req apis2 -b jar "$B/api/v1/person/$pid"
expect_eq "$code" 200 "a record is also found by its id"
req apin -b jar "$B/api/v1/person/99999"
expect_eq "$code" 404 "an unknown id is 404"
expect_match "$body" '"error": *"not_found"' "as a JSON error"
req apie -b jar "$B/api/v1/nosuch"
expect_eq "$code" 404 "an unknown entity is 404"
req apib -b jar "$B/api/v1/person?limit=zero"
expect_eq "$code" 400 "a malformed limit is 400"
allok=1
for en in $("$GVI" --csv roles | tr -d '\r' | tail -n +2 | cut -d, -f2 | sort -u); do
  req apiall -b jar "$B/api/v1/$en"
  [ "$code" = 200 ] || { allok=0; echo "GET /api/v1/$en: $code"; }
done
[ "$allok" = 1 ] && ok "the coordinator may list every entity through the API" || notok "the coordinator may list every entity through the API"

# CSRF: a POST without the token is refused and changes nothing
req dash -b jar "$B/"
token=$(csrf_of)
expect_match "$token" '^[A-Za-z0-9_-]{43}$' "every form carries a CSRF token"
digest=$(db_digest r.db)
req nocsrf -b jar -d x=1 "$B/logout"
expect_eq "$code" 403 "a POST without the CSRF token is refused (403)"
# a token that differs in its last character (whatever that character is)
last=${token: -1}; [ "$last" = A ] && other=B || other=A
req wrongcsrf -b jar -d "csrf=${token%?}$other" "$B/logout"
expect_eq "$code" 403 "a POST with a wrong CSRF token is refused (403)"
expect_eq "$(db_digest r.db)" "$digest" "and nothing was changed"
req still -b jar "$B/"
expect_eq "$code" 200 "the session is still alive"

# Logout
old=$(awk '$6 == "gvi_session" { print $7 }' jar)
req logout -b jar -c jar --data-urlencode "csrf=$token" "$B/logout"
expect_eq "$code" 303 "logout redirects"
expect_match "$hdrs" '^Location: /login$' "to the login"
expect_match "$hdrs" 'Set-Cookie: gvi_session=;' "and clears the cookie"
req after -b "gvi_session=$old" "$B/"
expect_eq "$code" 303 "the old session token no longer works"
req forged -b "gvi_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" "$B/"
expect_eq "$code" 303 "a forged session token is not a session"

# A community partner is refused personal data
login jar.k kim "kim-lösen-123"
expect_eq "$code" 303 "the community partner logs in"
req kdash -b jar.k "$B/"
expect_eq "$code" 200 "the community partner sees the dashboard"
expect_match "$body" 'samverkanspart i lokalsamhället' "with their role"
expect_nomatch "$body" 'href="/persons"' "without a link to the persons"
expect_match "$body" 'Visas inte för din roll' "and sections they may not read say so"
req kp -b jar.k "$B/persons"
expect_eq "$code" 403 "the community partner is refused /persons"
expect_match "$body" 'Din roll får inte läsa personuppgifter' "with a clear Swedish message"
req kp2 -b jar.k "$B/persons/P-XSS001"
expect_eq "$code" 403 "and a person's page"
expect_nomatch "$body" 'Kalle' "showing nothing of them"
req kapi -b jar.k "$B/api/v1/person"
expect_eq "$code" 403 "the community partner is refused /api/v1/person"
expect_match "$body" '"error": *"forbidden"' "with a JSON error"
req kapi2 -b jar.k "$B/api/v1/callin"
expect_eq "$code" 200 "but may list call-ins"

# Disabling a user ends their session at once, and they cannot log in
expect_ok "the admin disables kim" -- --user admin user edit kim --disabled yes
req kdis -b jar.k "$B/"
expect_eq "$code" 303 "a disabled user's session ends"
login jar.k kim "kim-lösen-123"
expect_eq "$code" 401 "a disabled user cannot log in"

# Oversized and malformed requests
head -c 2097152 /dev/zero | tr '\0' 'a' > big.txt
req big --data-binary @big.txt "$B/login"
expect_eq "$code" 413 "a body over 1 MiB is refused (413)"
req health "$B/healthz"
expect_eq "$code" 200 "the server still answers after an oversized body"
req trav --path-as-is "$B/static/../../etc/passwd"
expect_eq "$code" 400 "a path with ../ is refused (400)"
req trav2 "$B/static/%2e%2e%2fetc%2fpasswd"
expect_eq "$code" 400 "an encoded ../ is refused (400)"
req nul "$B/persons%00.html"
expect_eq "$code" 400 "a path with %00 is refused (400)"
req badpct "$B/persons/%zz"
expect_eq "$code" 400 "a malformed escape is refused (400)"
req nosuch "$B/nosuch"
expect_eq "$code" 404 "an unknown page is 404"
req put -X PUT "$B/"
expect_eq "$code" 405 "an unknown method is 405"
req badq -b jar "$B/persons?q=%00"
expect_eq "$code" 303 "a malformed query without a session still just redirects"
req health "$B/healthz"
expect_eq "$code" 200 "the server keeps serving after malformed requests"
expect_eq "$badhdr" 0 "security headers on every one of the $nresp responses"

# The access log: a line per request, with no personal data
expect_match "$(cat server.log)" 'GET /persons/\{code\} 200 [0-9]+ms anna' "the access log has method, route, status, time and user"
expect_nomatch "$(cat server.log)" 'P-XSS001|Kalle|Lillan|1239' "and no personal data"

# SIGTERM stops it cleanly
serve_stop_checked
expect_match "$(cat server.log)" 'gvi serve: stopped' "it says it stopped"
serve_log_clean
