# t65-user.sh — `gvi user`: add, list, passwd (and its alias `gvi passwd`), disable and
# enable, each audited; a disabled user cannot use the CLI, cannot log in to the web
# application, their open session ends at its next request and their API token is refused;
# enabled again, all of it works again.
. "$(dirname "$0")/lib.sh"
make_repo r.db || exit 1

expect_ok "user add" -- --user admin user add --name ulla --agency Polisen --role police_analyst --full-name "Ulla Exempel"
expect_ok "user list" -- --user admin --csv user list
expect_match "$(printf '%s' "$out" | tr -d '\r')" '^[0-9]+,ulla,Ulla Exempel,Polisen,police_analyst,0,$' "user list shows the new user, not disabled"
expect_fail 1 "a coordinator may not add users" -- --user anna user add --name x --agency Polisen --role evaluator
expect_match "$errout" "refused" "refused by the access policy"

# passwd: both spellings, the password on standard input
upw() { errout=$(printf '%s\n' "$3" | "$GVI" --user "$1" user passwd "$2" 2>&1 >/dev/null); rc=$?; }
upw admin ulla "ulla-lösen-123"; expect_eq "$rc" 0 "gvi user passwd: the admin sets a password"
upw ulla ulla "ulla-lösen-456";  expect_eq "$rc" 0 "gvi user passwd: a user sets their own"
upw ulla pia "pia-lösen-4567";   expect_eq "$rc" 1 "gvi user passwd: not another user's"
expect_match "$errout" "refused" "saying it is refused"
errout=$(printf 'anna-lösen-123\n' | "$GVI" --user admin passwd anna 2>&1 >/dev/null); rc=$?
expect_eq "$rc" 0 "gvi passwd is the same command"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE action='edit' AND entity='user' AND detail='{\"password\":\"changed\"}'")" 3 \
  "every password change is audited"
expect_fail 2 "gvi user passwd without a name is a usage error" -- user passwd

# disable / enable
expect_fail 2 "gvi user disable without a name" -- --user admin user disable
expect_fail 1 "a coordinator may not disable users" -- --user anna user disable ulla
expect_match "$errout" "refused" "refused by the access policy"
expect_fail 2 "the admin cannot disable themself" -- --user admin user disable admin
expect_fail 1 "disabling an unknown user is refused" -- --user admin user disable nosuch
token=$("$GVI" --user admin token add ulla 2>/dev/null)
expect_match "$token" '^gvi_[0-9]+\.' "a token for ulla"

serve_start
login() { rm -f "$1"; req form -c "$1" "$B/login"; local tok; tok=$(awk '$6 == "gvi_login" { print $7 }' "$1")
  req login -b "$1" -c "$1" --data-urlencode "csrf=$tok" --data-urlencode "user=$2" --data-urlencode "password=$3" "$B/login"; }
login jar ulla "ulla-lösen-456"
expect_eq "$code" 303 "ulla logs in"
req api -H "Authorization: Bearer $token" "$B/api/v1/person"
expect_eq "$code" 200 "ulla's token works"

expect_ok "gvi user disable" -- --user admin user disable ulla
expect_match "$out" "disabled" "it says so"
expect_eq "$(sqlite3 r.db "SELECT disabled FROM account WHERE name='ulla'")" 1 "the user is marked disabled"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE action='edit' AND entity='user' AND detail='{\"disabled\":[\"0\",\"1\"]}'")" 1 \
  "disabling is audited as an edit of the user"
expect_fail 1 "a disabled user cannot use the CLI" -- --user ulla person list
expect_match "$errout" "disabled" "saying the user is disabled"
req page -b jar "$B/persons"
expect_eq "$code" 303 "the disabled user's open session ends at its next request"
expect_match "$hdrs" '^Location: /login' "back to the login"
req page2 -b jar "$B/"
expect_eq "$code" 303 "and stays ended"
login jar2 ulla "ulla-lösen-456"
expect_eq "$code" 401 "a disabled user cannot log in, right password or not"
expect_match "$body" 'Fel användarnamn eller lösenord' "with the generic message"
req api2 -H "Authorization: Bearer $token" "$B/api/v1/person"
expect_eq "$code" 401 "the disabled user's token is refused"
expect_match "$body" '"invalid_token"' "as an invalid token"

expect_ok "gvi user enable" -- --user admin user enable ulla
expect_eq "$(sqlite3 r.db "SELECT disabled FROM account WHERE name='ulla'")" 0 "enabled again"
login jar3 ulla "ulla-lösen-456"
expect_eq "$code" 303 "an enabled user logs in again"
req api3 -H "Authorization: Bearer $token" "$B/api/v1/person"
expect_eq "$code" 200 "and the token works again"
serve_stop_checked
serve_log_clean
