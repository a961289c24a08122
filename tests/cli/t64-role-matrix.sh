# t64-role-matrix.sh — the role matrix, enumerated over HTTP: every role × every entity ×
# {GET list, GET one record, POST, PATCH} on the JSON API, and every page of the route table
# × every role.  The expectations are the tables in the documentation, read independently of
# the code: the access matrix of docs/access-policy.md (checked first against `gvi roles
# --csv`) for the API, and the "Pages by role" table of docs/web.md for the pages (which must
# list every page route of src/web/routes.c).
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
roles=(admin coordinator police_analyst social_services probation community_partner evaluator)
declare -A user_of=([admin]=admin [coordinator]=anna [police_analyst]=pia [social_services]=sam
                    [probation]=pro [community_partner]=kim [evaluator]=eva)
make_repo r.db || exit 1

# ---- the expectations ----
# The access matrix of docs/access-policy.md: "| entity | W | R | – | ..." in the roles' order.
declare -A cell
hdr=$(grep -m1 '^| entity | admin |' "$root/docs/access-policy.md")
expect_eq "$hdr" "| entity | $(IFS='|'; printf '%s' "${roles[*]}" | sed 's/|/ | /g') |" "the access matrix's columns are the 7 roles"
while IFS='|' read -r _ en rest; do
  en=$(echo "$en" | tr -d ' '); i=0
  IFS='|' read -r -a cells <<< "$rest"
  for r in "${roles[@]}"; do cell[$r,$en]=$(echo "${cells[$i]}" | tr -d ' '); i=$((i + 1)); done
  entities+=("$en")
done < <(sed -n '/^| entity | admin |/,/^$/p' "$root/docs/access-policy.md" | tail -n +3 | grep '^|')
expect_ok "gvi roles --csv" -- --csv roles
nroles=0
while IFS=, read -r role en rd wr; do
  want=$([ "$wr" = 1 ] && echo W || { [ "$rd" = 1 ] && echo R || echo –; })
  [ "${cell[$role,$en]:-?}" = "$want" ] || notok "docs/access-policy.md says ${cell[$role,$en]:-nothing} for $role/$en, gvi roles $want"
  nroles=$((nroles + 1))
done < <(printf '%s\n' "$out" | tr -d '\r' | tail -n +2)
expect_eq "$nroles" "$((7 * ${#entities[@]}))" "gvi roles has a row per role and documented entity"
expect_eq "${#entities[@]}" "$(printf '%s\n' "$out" | tr -d '\r' | tail -n +2 | cut -d, -f2 | sort -u | wc -l)" \
  "the documented matrix has every entity of gvi roles"

# The pages table of docs/web.md, and the route table it must cover.
declare -A page_want
pages=()
while IFS='|' read -r _ pg rest; do
  pg=$(echo "$pg" | tr -d '`' | sed 's/^ *//; s/ *$//'); i=0
  IFS='|' read -r -a cells <<< "$rest"
  for r in "${roles[@]}"; do page_want[$pg,$r]=$(echo "${cells[$i]}" | tr -d ' '); i=$((i + 1)); done
  pages+=("$pg")
done < <(sed -n '/<!-- role-matrix:pages -->/,/<!-- \/role-matrix:pages -->/p' "$root/docs/web.md" | grep '^| `')
routes=$(sed -n 's/^[[:space:]]*{ "\([A-Z]*\)", "\([^"]*\)", .*/\1 \2/p' "$root/src/web/routes.c" | grep -v ' /api/v1/{entity}')
while read -r route; do
  [ -n "${page_want[$route,admin]:-}" ] && ok "docs/web.md has the page $route" || notok "docs/web.md's pages-by-role table lacks $route (src/web/routes.c)"
done <<< "$routes"

# ---- a record of every entity (id 1 each), users with passwords and tokens ----
A="$GVI --user admin"
$A area add --name Centrum >/dev/null
c() { "$GVI" "$@" >/dev/null || notok "fixture: gvi $*"; }
c group add --name Blå; c group add --name Röd
c person add --name "Åsa Exempel" --code P-ASA001; c person add --name "Bo Berg" --code P-BOB001
c membership add --person P-ASA001 --group Blå --level core --basis "self_admission|FU 1|2024-01-01;intelligence|PM 2|2024-02-01"
c tie add --person-a P-ASA001 --person-b P-BOB001 --kind hang_out
c supervision add --person P-ASA001 --kind probation --since 2025-01-01
c relation add --group-a Blå --group-b Röd --kind conflict
c incident add --occurred 2026-11-20 --type shooting --area Centrum
c external-series add --area Sundbyberg --period 2026-01 --outcome shootings --value 3
c involvement add --incident 1 --person P-ASA001 --role suspect
c group-involvement add --incident 1 --group Blå --side perpetrating --confidence probable
c notification add --person P-ASA001 --planned 2026-12-01
c callin add --held 2026-12-10
c invitation add --callin 1 --person P-ASA001
c enforcement add --group Blå --agency Polisen --lever warrant_checks
# Referrals and disclosures are read row by row (docs/access-policy.md, row-level rules): the
# referral is social services' own, disclosed (with the person's consent) to each of the other
# agencies that read referrals; each role's record-level requests use the disclosure naming
# its agency.
c task add --title "Följ upp samtalet" --assignee anna --due 2026-12-01 --person P-ASA001
c --user sam referral add --person P-ASA001 --service employment --agency Socialtjänsten
for to in Polisen GVI-samordning Kriminalvården; do
  c --user sam disclosure add --person P-ASA001 --to-agency "$to" --scope referral --basis samtycke \
    --consent 2026-11-01 --valid-until 2027-06-30
done
declare -A rec=([police_analyst,disclosure]=1 [coordinator,disclosure]=2 [probation,disclosure]=3)
for en in "${entities[@]}"; do
  [ "$(sqlite3 r.db "SELECT count(*) FROM $(sqlite3 r.db "SELECT name FROM sqlite_master WHERE type='table' AND name IN ('$en','${en//-/_}','grp','account') AND ('$en' <> 'group' OR name = 'grp') AND ('$en' <> 'user' OR name = 'account') LIMIT 1") WHERE id = 1")" = 1 ] ||
    notok "fixture: no $en with id 1"
done
declare -A token
for r in "${roles[@]}"; do
  u=${user_of[$r]}
  printf 'lösenord-%s-1\n' "$u" | "$GVI" --user admin passwd "$u" >/dev/null
  token[$r]=$("$GVI" --user admin token add "$u" 2>/dev/null)
done
last=$(sqlite3 r.db "SELECT max(id) FROM audit")

serve_start

# ---- the API: role × entity × {GET list, GET one, POST, PATCH} ----
napi=0; bad=0
api() { # api ROLE METHOD PATH [BODY] -> $code, $body
  local r=$1 m=$2 p=$3; shift 3
  code=$(curl -s -o api.body -w '%{http_code}' -X "$m" -H "Authorization: Bearer ${token[$r]}" \
         -H "X-GVI-Purpose: $GVI_PURPOSE" ${1:+-H "Content-Type: application/json" --data "$1"} "$B$p")
  body=$(cat api.body); napi=$((napi + 1))
}
check() { # check DESC WANT-CODE [WANT-ERROR]
  if [ "$code" = "$2" ] && { [ -z "${3:-}" ] || printf '%s' "$body" | grep -q "\"error\": *\"$3\""; }; then ok "$1"
  else notok "$1 (got $code: $(printf '%s' "$body" | head -c 200))"; bad=$((bad + 1)); fi
}
for r in "${roles[@]}"; do
  for en in "${entities[@]}"; do
    w=${cell[$r,$en]}
    reads=$([ "$w" != – ] && echo 1 || echo 0); writes=$([ "$w" = W ] && echo 1 || echo 0)
    # Only the owning agency (here social services) changes its referrals and disclosures.
    pwrites=$writes
    case $en in referral|disclosure) [ "$r" = social_services ] || pwrites=0 ;; esac
    api "$r" GET "/api/v1/$en"
    [ "$reads" = 1 ] && check "$r GET /api/v1/$en: 200" 200 || check "$r GET /api/v1/$en: 403" 403 forbidden
    api "$r" GET "/api/v1/$en/${rec[$r,$en]:-1}"
    [ "$reads" = 1 ] && check "$r GET /api/v1/$en/${rec[$r,$en]:-1}: 200" 200 || check "$r GET /api/v1/$en/${rec[$r,$en]:-1}: 403" 403 forbidden
    api "$r" POST "/api/v1/$en" '{}'
    [ "$writes" = 1 ] && check "$r POST /api/v1/$en: allowed, then 400 for the missing fields" 400 bad_value ||
      check "$r POST /api/v1/$en: 403" 403 forbidden
    api "$r" PATCH "/api/v1/$en/${rec[$r,$en]:-1}" '{}'
    [ "$pwrites" = 1 ] && check "$r PATCH /api/v1/$en/${rec[$r,$en]:-1}: 200" 200 ||
      check "$r PATCH /api/v1/$en/${rec[$r,$en]:-1}: 403" 403 forbidden
  done
done
expect_eq "$napi" "$((7 * ${#entities[@]} * 4))" "every role x entity x {GET list, GET one, POST, PATCH} was asked"

# ---- the pages: page × role ----
code_of() { # code_of JAR METHOD PATH [curl args] -> status
  local jar=$1 m=$2 p=$3; shift 3
  curl -s -o page.body -w '%{http_code}' -b "$jar" -X "$m" "$@" "$B$p"
}
for r in "${roles[@]}"; do
  u=${user_of[$r]}; jar=$r.jar; rm -f "$jar"
  curl -s -c "$jar" -o /dev/null "$B/login"
  tok=$(awk '$6 == "gvi_login" { print $7 }' "$jar")
  st=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "csrf=$tok" \
       --data-urlencode "user=$u" --data-urlencode "password=lösenord-$u-1" "$B/login")
  expect_eq "$st" "${page_want[POST /login,$r]}" "$r: POST /login"
  csrf=$(curl -s -b "$jar" "$B/purpose" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  choose_purpose "$jar" || notok "$r states a purpose of access"
  for pg in "${pages[@]}"; do
    m=${pg%% *}; p=${pg#* }
    p=${p//\{code\}/P-ASA001}; p=${p//\{entity\}/group}; p=${p//\{ref\}/1}; p=${p//\{id\}/1}; p=${p//\{file\}/gvi.css}; p=${p//\{step\}/told}; p=${p//\{inv\}/1}; p=${p//\{key\}/no-such-key.ics}
    case "$pg" in
      "POST /login"|"POST /logout") continue ;;
      "GET /lang") p="/lang?to=sv&back=/" ;;
      "POST /r/{entity}/{ref}/delete") p=/r/group/999/delete ;;
      "GET /analys/natverk/{file}") p=/analys/natverk/bild.svg ;;
      "POST /cases/{id}/{step}") p=/cases/999/told ;;        # no such case: nothing changes
      "POST /tasks/{id}/done") p=/tasks/999/done ;;          # no such task
      "POST /tasks/key") st=$(code_of "$jar" POST "$p")      # without the CSRF token: refused
                         expect_eq "$st" "${page_want[$pg,$r]}" "$r: $pg"; continue ;;   # no such group: nothing ends
      "POST /purpose") st=$(code_of "$jar" POST "$p" --data-urlencode "csrf=$csrf" --data-urlencode "purpose=$GVI_PURPOSE")
                       expect_eq "$st" "${page_want[$pg,$r]}" "$r: $pg"; continue ;;
    esac
    # A form POST carries the session's CSRF token and no fields: a role that may write
    # reaches the model's rules (or a refusal naming the reason), the others get 403.
    if [ "$m" = POST ]; then st=$(code_of "$jar" POST "$p" --data-urlencode "csrf=$csrf")
    else st=$(code_of "$jar" "$m" "$p"); fi
    expect_eq "$st" "${page_want[$pg,$r]}" "$r: $pg"
    if [ "$st" = 403 ]; then
      expect_nomatch "$(cat page.body)" 'Åsa|Exempel|Blå|Röd|Centrum' "$r: $pg shows no data of the refused entity"
    fi
  done
  st=$(code_of "$jar" POST /logout --data-urlencode "csrf=$csrf")
  expect_eq "$st" "${page_want[POST /logout,$r]}" "$r: POST /logout"
done

# Refusals changed nothing; every allowed PATCH of nothing wrote nothing.
serve_stop_checked
serve_log_clean
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE id > $last AND action IN ('add','edit','delete')")" 0 \
  "no request of the matrix wrote anything (refusals, and PATCHes of nothing)"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE id > $last AND action = 'read' AND purpose IS NULL")" 0 \
  "every read of the matrix was logged with its purpose"
