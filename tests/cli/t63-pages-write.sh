# t63-pages-write.sh — the generic record pages under /r/, the incident entry form with
# involvements, a call-in's attendance and a person's timeline: curl against a real server.
# Every entity's list, new-form and detail per role, allowed or refused as `gvi roles --csv`
# says; writes through the forms (303 and the record stored), a POST without the CSRF token
# refused, XSS payloads shown inert, a refused write leaving the repository unchanged (its
# digest), the incident and its involvements written all-or-nothing, CSV downloads.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { notok "curl is installed (scripts/setup installs it)"; exit 1; }

make_repo r.db || exit 1
users="admin anna pia sam pro kim eva"
for u in $users; do
  printf '%s\n' "lösenord-$u-1" | "$GVI" --user admin passwd "$u" >/dev/null 2>&1 ||
    { notok "set the password of $u"; exit 1; }
done
expect_ok "add an area" -- --user admin area add --name Söder
expect_ok "add a group" -- group add --name Södergänget --area Söder
expect_ok "add a person" -- person add --name 'Lisa Larsson' --birth 1990 --code P-LISA01
expect_ok "add a person" -- person add --name 'Omar Olsson' --birth 2008 --code P-OMAR01
expect_ok "add a membership" -- membership add --person P-LISA01 --group Södergänget --level core \
  --since 2025-01-01 --basis 'intelligence|PM 2025:12|2025-01-02;self_admission|FU 2025:3|2025-01-03'
expect_ok "add a call-in" -- callin add --held 2026-04-01 --venue Stadshuset --area Söder
expect_ok "invite Lisa" -- invitation add --callin 1 --person P-LISA01 --channel letter
expect_ok "invite Omar" -- invitation add --callin 1 --person P-OMAR01 --channel phone
expect_ok "add a notification" -- notification add --person P-LISA01 --planned 2026-02-01 --held 2026-02-03 \
  --msg-die yes --status held

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
csrf_of() { grep -o 'name="csrf" value="[^"]*"' "$1" | head -1 | sed 's/.*value="//; s/"$//'; }
for u in $users; do login "$u.jar" "$u"; done

# ---- every page of every entity, per role, as the policy says ----
"$GVI" roles --csv | tr -d '\r' > roles.csv
bad=0; n=0
while IFS=, read -r role entity rd wr; do
  [ "$role" = role ] && continue
  case $role in admin) u=admin;; coordinator) u=anna;; police_analyst) u=pia;; social_services) u=sam;;
    probation) u=pro;; community_partner) u=kim;; evaluator) u=eva;; esac
  want=$([ "$rd" = 1 ] && echo 200 || echo 403)
  c=$(curl -s -o /dev/null -w '%{http_code}' -b "$u.jar" "$B/r/$entity"); n=$((n + 1))
  [ "$c" = "$want" ] || { bad=$((bad + 1)); echo "# $role GET /r/$entity: $c, wanted $want"; }
  c=$(curl -s -o /dev/null -w '%{http_code}' -b "$u.jar" "$B/r/$entity?format=csv"); n=$((n + 1))
  [ "$c" = "$want" ] || { bad=$((bad + 1)); echo "# $role GET /r/$entity?format=csv: $c, wanted $want"; }
  want=$([ "$rd" = 1 ] && [ "$wr" = 1 ] && echo 200 || echo 403)
  c=$(curl -s -o /dev/null -w '%{http_code}' -b "$u.jar" "$B/r/$entity/new"); n=$((n + 1))
  [ "$c" = "$want" ] || { bad=$((bad + 1)); echo "# $role GET /r/$entity/new: $c, wanted $want"; }
done < roles.csv
expect_eq "$bad" 0 "list, CSV and new-record form of every entity: allowed or refused per gvi roles ($n requests)"
expect_eq "$n" $((3 * ($(wc -l < roles.csv) - 1))) "that was every role × entity × page (3 × the rows of gvi roles)"

req idx -b kim.jar "$B/r"
expect_match "$body" 'href="/r/callin"' "the community partner's index lists call-ins"
expect_nomatch "$body" 'href="/r/person"' "but not persons"
req nav -b anna.jar "$B/"
for p in notification callin enforcement referral; do
  expect_match "$body" "<li><a href=\"/r/$p\">" "the coordinator's navigation links /r/$p"
done
req navkim -b kim.jar "$B/"
expect_nomatch "$body" 'href="/r/notification"' "the community partner's navigation has no notifications"

# ---- the list: columns, search, filter, sort, CSV ----
req persons -b anna.jar "$B/r/person"
expect_eq "$code" 200 "the generic person list"
expect_match "$body" 'P-LISA01' "shows the code"
expect_nomatch "$body" 'Lisa Larsson' "and never the name"
req inv -b anna.jar "$B/r/invitation?channel=phone"
expect_match "$body" 'P-OMAR01' "a filter by an enum keeps the matching row"
expect_nomatch "$body" '<td><a href="/persons/P-LISA01">' "and leaves out the others"
req invbad -b anna.jar "$B/r/invitation?channel=pigeon"
expect_eq "$code" 400 "a filter value the enum does not have is a bad request"
req invref -b anna.jar "$B/r/invitation?person=P-NOBODY"
expect_eq "$code" 400 "a filter naming no record is a bad request"
req invsort -b anna.jar "$B/r/invitation?sort=person&dir=desc"
first=$(printf '%s' "$body" | grep -o 'P-[A-Z0-9]*</a></td>' | head -1)
expect_match "$first" 'P-OMAR01' "sorted by person, descending, Omar comes first"
req invbadsort -b anna.jar "$B/r/invitation?sort=nonsense"
expect_eq "$code" 400 "an unknown sort is a bad request"
req search -b anna.jar "$B/r/group?q=gänget"
expect_match "$body" 'Södergänget' "the search finds a group by part of its name"
req csv -b anna.jar "$B/r/invitation?format=csv&channel=letter"
expect_match "$hdrs" '^Content-Type: text/csv' "the CSV export is text/csv"
expect_match "$hdrs" '^Content-Disposition: attachment; filename="invitation.csv"' "sent as a download"
expect_eq "$(head -1 csv.body | tr -d '\r')" "id,callin,person,channel,status,attended,owner" "with the list's columns"
expect_eq "$(wc -l < csv.body | tr -d ' ')" 2 "and the filtered rows only"
req gcsv -b anna.jar "$B/groups?format=csv"
expect_match "$hdrs" '^Content-Disposition: attachment; filename="groups.csv"' "the group list's CSV is a download too"

req plist -b anna.jar "$B/persons?sort=code&format=csv"
expect_match "$hdrs" '^Content-Disposition: attachment; filename="persons.csv"' "the person list exports CSV"
expect_eq "$(tr -d '\r' < plist.body | tr '\n' ' ')" "code,age_band,area P-LISA01,adult, P-OMAR01,under 18, " \
  "with code, age band and area only"
expect_ok "give Omar an area" -- person edit P-OMAR01 --area Söder
req parea -b anna.jar "$B/persons?area=S%C3%B6der"
expect_match "$body" 'P-OMAR01</a>' "the person list filtered by area keeps Omar"
expect_nomatch "$body" 'P-LISA01</a>' "and leaves out Lisa"
req psort -b anna.jar "$B/persons?sort=area"
first=$(printf '%s' "$body" | grep -o '<th scope="row"><a href="/persons/[^"]*"' | head -1)
expect_match "$first" 'P-LISA01' "sorted by area, the person without one comes first"
req pbad -b anna.jar "$B/persons?sort=name"
expect_eq "$code" 400 "the person list cannot be sorted by name"

# ---- a new record through the form ----
tok=$(curl -s -b anna.jar "$B/r/group/new" -o new.html; csrf_of new.html)
req addg -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "name=Norrgänget" \
  --data-urlencode "status=active" --data-urlencode "areas=Söder" "$B/r/group"
expect_eq "$code" 303 "adding a group through the form redirects"
expect_match "$hdrs" '^Location: /r/group/[0-9]+' "to the new record"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM grp WHERE name = 'Norrgänget' AND status = 'active'")" 1 "the group is stored"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE action = 'add' AND entity = 'group' AND user_name = 'anna'")" 2 \
  "and the add is audited as anna" 
req nocsrf -b anna.jar --data-urlencode "name=Ohnegänget" "$B/r/group"
expect_eq "$code" 403 "a POST without the CSRF token is refused"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM grp WHERE name = 'Ohnegänget'")" 0 "and stores nothing"

# XSS: a payload in a name is shown escaped in the list, the record and the form
xss='<script>alert(1)</script>"><img src=x onerror=alert(2)>'
req addx -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "name=$xss" "$B/r/group"
expect_eq "$code" 303 "a group named with an XSS payload is stored"
gid=$(sqlite3 r.db "SELECT id FROM grp WHERE name LIKE '<script>%'")
req showx -b anna.jar "$B/r/group/$gid"
expect_match "$body" '&lt;script&gt;alert\(1\)&lt;/script&gt;&quot;&gt;&lt;img' "the record shows the payload escaped"
expect_nomatch "$body" '<script>|<img src=x' "and never as markup"
req editx -b anna.jar "$B/r/group/$gid/edit"
expect_match "$body" 'value="&lt;script&gt;alert\(1\)&lt;/script&gt;&quot;&gt;' "the edit form holds it escaped in the value"
expect_nomatch "$body" '<script>|<img src=x' "never as markup"
req listx -b anna.jar "$B/r/group"
expect_nomatch "$body" '<script>|<img src=x' "the list neither"

# a refused write: the form again, the message at the field, the repository unchanged
before=$(db_digest r.db)
req bad1 -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "person=P-LISA01" \
  --data-urlencode "group=Södergänget" --data-urlencode "level=core" --data-urlencode "since=2026-05-01" \
  --data-urlencode "until=2026-01-01" --data-urlencode "basis=intelligence|PM 1|2026-01-01" "$B/r/membership"
expect_eq "$code" 400 "a membership ending before it starts is refused"
expect_match "$body" '<p class="field-error" id="err-until">until \(2026-01-01\) is before since' \
  "with the access layer's message next to the field it names"
expect_match "$body" 'id="until" name="until" value="2026-01-01" aria-invalid="true" aria-describedby="err-until"' \
  "the field is marked invalid and keeps what was sent"
req bad2 -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "held=2026-13-45" "$B/r/callin"
expect_eq "$code" 400 "an impossible date is refused"
expect_match "$body" 'id="err-held"' "next to the date field"
req bad3 -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "name=Södergänget" "$B/r/group"
expect_eq "$code" 409 "a taken group name is refused with 409"
req bad4 -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "person=P-NOBODY" "$B/r/referral"
expect_eq "$code" 400 "a reference to nobody is refused"
expect_match "$body" 'id="err-person"' "next to the person field"
expect_eq "$(db_digest r.db)" "$before" "the refused writes left the repository unchanged"
# a role that may read but not write: the form is refused, and so is a POST
tp=$(curl -s -b pia.jar "$B/r/callin" -o pia.html; csrf_of pia.html)
req piaw -b pia.jar --data-urlencode "csrf=$tp" --data-urlencode "held=2026-05-05" "$B/r/callin"
expect_eq "$code" 403 "the police analyst may not add a call-in"
expect_eq "$(db_digest r.db)" "$before" "and nothing changed"

# ---- edit ----
req edit -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "name=Norrgänget" \
  --data-urlencode "status=inactive" --data-urlencode "areas=Söder" "$B/r/group/Norrgänget/edit"
expect_eq "$code" 303 "editing a group through the form redirects"
expect_eq "$(sqlite3 r.db "SELECT status FROM grp WHERE name = 'Norrgänget'")" inactive "the change is stored"

# ---- ending and deleting ----
req endform -b anna.jar "$B/r/membership/1/delete"
expect_eq "$code" 200 "ending a membership asks first"
expect_match "$body" '<input type="date" id="date" name="date" value="2026-11-25">' "for the end date, today by default"
req endm -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "date=2026-06-30" "$B/r/membership/1/delete"
expect_eq "$code" 303 "ending the membership redirects"
expect_eq "$(sqlite3 r.db "SELECT until FROM membership WHERE id = 1")" 2026-06-30 "and sets its end date"
expect_ok "add a criterion nobody uses" -- criterion add --name Provkriterium
req delc -b anna.jar --data-urlencode "csrf=$tok" "$B/r/criterion/Provkriterium/delete"
expect_eq "$code" 303 "deleting an unused criterion redirects"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM criterion WHERE name = 'Provkriterium'")" 0 "and it is gone"
expect_ok "add another criterion nobody uses" -- criterion add --name Provkriterium2
before=$(db_digest r.db)
req dela -b anna.jar --data-urlencode "csrf=$tok" "$B/r/area/S%C3%B6der/delete"
expect_eq "$code" 400 "an area others refer to cannot be deleted"
expect_match "$body" 'is still referred to by' "saying why (the access layer's message)"
req delnocsrf -b anna.jar --data "date=" "$B/r/criterion/Provkriterium2/delete"
expect_eq "$code" 403 "a delete without the CSRF token is refused"
req delpia -b pia.jar --data-urlencode "csrf=$tp" "$B/r/callin/1/delete"
expect_eq "$code" 403 "the police analyst may not delete a call-in"
expect_eq "$(db_digest r.db)" "$before" "none of these changed anything"

# ---- a record's page: what refers to it ----
req show -b anna.jar "$B/r/callin/1"
expect_eq "$code" 200 "a call-in's page"
expect_match "$body" '<h2 id="invitees">Inbjudna och närvaro</h2>' "lists the invitees"
expect_match "$body" 'Antal inbjudna: 2' "both of them"
req showkim -b kim.jar "$B/r/callin/1"
expect_eq "$code" 200 "the community partner may see the call-in"
expect_match "$body" 'Visas inte för din roll' "but not who was invited"
expect_nomatch "$body" 'P-LISA01' "no person code reaches that role"

# ---- attendance ----
req mark -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "invitation=1" \
  --data-urlencode "i1-status=confirmed" --data-urlencode "attended=yes" "$B/r/callin/1/attendance"
expect_eq "$code" 303 "marking Lisa as attended redirects"
expect_match "$hdrs" '^Location: /r/callin/1#inv-1' "back to her row of the list"
expect_eq "$(sqlite3 r.db "SELECT status || ',' || attended FROM invitation WHERE id = 1")" "confirmed,1" "her attendance is stored"
req mark2 -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "invitation=2" \
  --data-urlencode "attended=no" "$B/r/callin/1/attendance"
expect_eq "$(sqlite3 r.db "SELECT attended FROM invitation WHERE id = 2")" 0 "Omar marked as not attended"
before=$(db_digest r.db)
"$GVI" callin add --held 2026-06-01 >/dev/null
before=$(db_digest r.db)
req markx -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "invitation=1" \
  --data-urlencode "attended=no" "$B/r/callin/2/attendance"
expect_eq "$code" 400 "an invitation of another call-in cannot be marked here"
expect_eq "$(db_digest r.db)" "$before" "and nothing changed"
ids() { printf '%s' "$body" | grep -o '<th scope="row"><a href="/r/callin/[0-9]*"' | grep -o '[0-9]*"$' | tr -d '"' | tr '\n' ' '; }
req per1 -b anna.jar "$B/r/callin?from=2026-05-01"
expect_eq "$(ids)" "2 " "call-ins from May: the June one only"
req per2 -b anna.jar "$B/r/callin?to=2026-04-01"
expect_eq "$(ids)" "1 " "call-ins to 1 April, inclusive: the April one only"
req per3 -b anna.jar "$B/r/callin?from=2026-04-01&to=2026-06-01&sort=held&dir=desc"
expect_eq "$(ids)" "2 1 " "both ends included, sorted by date descending"
req per4 -b anna.jar "$B/r/callin?from=2026-07-01"
expect_eq "$(ids)" "" "none after July"
req per5 -b anna.jar "$B/r/callin?from=2026-06-02&to=2026-06-01"
expect_eq "$code" 400 "a period ending before it starts is a bad request"
req per6 -b anna.jar "$B/r/callin?from=2026-02-30"
expect_eq "$code" 400 "an impossible date is a bad request"
req per7 -b anna.jar "$B/r/callin?from=2026-05-01&format=csv"
expect_eq "$(tr -d '\r' < per7.body | cut -d, -f1 | tr '\n' ' ')" "id 2 " "the CSV export applies the period too"
tk=$(curl -s -b sam.jar "$B/r/callin/1" -o sam.html; csrf_of sam.html)
req marksam -b sam.jar --data-urlencode "csrf=$tk" --data-urlencode "invitation=1" \
  --data-urlencode "attended=no" "$B/r/callin/1/attendance"
expect_eq "$code" 403 "social services (read-only on invitations) may not mark attendance"

# ---- the incident entry form: the incident and its involvements in one step ----
req inew -b anna.jar "$B/incidents/new"
expect_eq "$code" 200 "the incident entry form"
expect_match "$body" '<legend>Person 1</legend>' "has rows for persons"
expect_match "$body" 'name="g1_side"' "and for groups"
req inewkim -b kim.jar "$B/incidents/new"
expect_eq "$code" 403 "the community partner may not record incidents"
ninc=$(sqlite3 r.db "SELECT count(*) FROM incident")
req iadd -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "occurred=2026-03-05 22:10" \
  --data-urlencode "type=shooting" --data-urlencode "area=Söder" --data-urlencode "place=Torget" \
  --data-urlencode "p1_person=P-LISA01" --data-urlencode "p1_role=suspect" \
  --data-urlencode "p2_person=P-OMAR01" --data-urlencode "p2_role=victim" \
  --data-urlencode "g1_group=Södergänget" --data-urlencode "g1_side=perpetrating" \
  --data-urlencode "g1_confidence=probable" "$B/incidents/new"
expect_eq "$code" 303 "an incident with two persons and a group is recorded"
iid=$(sqlite3 r.db "SELECT max(id) FROM incident")
expect_match "$hdrs" "^Location: /incidents/$iid" "and the browser goes to it"
expect_eq "$(sqlite3 r.db "SELECT group_concat(p.code || ':' || i.role, ' ') FROM involvement i JOIN person p ON p.id = i.person_id WHERE i.incident_id = $iid ORDER BY p.code")" \
  "P-LISA01:suspect P-OMAR01:victim" "both involvements are stored with their roles"
expect_eq "$(sqlite3 r.db "SELECT side || ',' || confidence FROM group_involvement WHERE incident_id = $iid")" \
  "perpetrating,probable" "the group involvement too"
req ipage -b anna.jar "$B/incidents/$iid"
expect_match "$body" '<th scope="row">Typ</th><td>skjutning</td>' "the incident's page names its type in Swedish"
req ilist -b anna.jar "$B/incidents"
expect_match "$body" '<td>skjutning</td>' "and so does the incident list"
req home -b anna.jar "$B/"
expect_match "$body" '<td><a href="/incidents/'"$iid"'">2026-03-05 22:10</a></td>' "the dashboard's latest incidents link it"
expect_match "$body" '>skjutning</a></td>' "with the type's Swedish name"
expect_nomatch "$body" '>shooting<' "not its key"

before=$(db_digest r.db)
req ibad -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "occurred=2026-03-06" \
  --data-urlencode "type=shooting" --data-urlencode "p1_person=P-LISA01" --data-urlencode "p1_role=suspect" \
  --data-urlencode "p2_person=P-OMAR01" "$B/incidents/new"
expect_eq "$code" 400 "a person row without a role is refused"
expect_match "$body" 'Person 2: role is required' "naming the row and the field"
expect_match "$body" 'id="p2_role" name="p2_role" aria-invalid="true"' "and marking that field"
expect_match "$body" 'name="place" value=""' "the form comes back"
expect_match "$body" '<option value="P-LISA01" selected>' "with what was sent"
req ibad2 -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "occurred=2026-03-06" \
  --data-urlencode "type=shooting" --data-urlencode "g1_group=Ingen sådan" --data-urlencode "g1_side=victimised" \
  --data-urlencode "g1_confidence=possible" "$B/incidents/new"
expect_eq "$code" 400 "a row naming an unknown group is refused"
expect_match "$body" 'Grupp 1: group: ' "naming the row and field"
expect_eq "$(db_digest r.db)" "$before" "the incident of a refused form is not stored either (one transaction)"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM incident")" $((ninc + 1)) "one incident more than before, not three"

# ---- a person's timeline ----
req tl -b anna.jar "$B/persons/P-LISA01"
expect_eq "$code" 200 "Lisa's page"
tl=$(printf '%s' "$body" | sed -n '/<ol class="timeline">/,/<\/ol>/p' | grep -o '<time datetime="[0-9-]*"' | sed 's/.*="//; s/"//' | tr '\n' ' ')
# The workflow's follow-up tasks name her too: support after the call-in she attended (due
# 2026-12-02, seven days after today) and the notification's follow-up (due 2026-02-17).
expect_eq "$tl" "2026-12-02 2026-04-01 2026-03-05 2026-02-17 2026-02-03 2025-01-01 " \
  "the timeline: task, call-in, incident, task, notification, membership — newest first"
expect_match "$body" 'Individuellt samtal</a></strong>' "a notification is on it"
expect_match "$body" 'Händelse: <a href="/incidents/'"$iid"'">'"$iid"'</a> \(skjutning\) · Roll: misstänkt' \
  "the involvement names its incident, the incident's type and her role"
expect_match "$body" 'Informationsmöte: <a href="/r/callin/1">1</a> \(Stadshuset\)' "the invitation its call-in and venue"
req tlsam -b sam.jar "$B/persons/P-LISA01"
tl=$(printf '%s' "$body" | sed -n '/<ol class="timeline">/,/<\/ol>/p' | grep -o '<time datetime="[0-9-]*"' | sed 's/.*="//; s/"//' | tr '\n' ' ')
expect_eq "$tl" "2026-12-02 2026-04-01 2026-02-17 2026-02-03 " "social services sees only the call-in, the notification and their tasks"
expect_nomatch "$body" 'Medlemskap</a>' "no membership for that role"

req tl2 -b anna.jar "$B/persons/P-LISA01"
expect_match "$body" '<a href="/r/notification/new\?person=P-LISA01">Individuellt samtal</a>' \
  "the person's page offers a new notification for her"
req npre -b anna.jar "$B/r/notification/new?person=P-LISA01"
expect_match "$body" '<option value="P-LISA01" selected>' "whose form has her chosen"
expect_match "$body" '<fieldset class="checklist"><legend>Budskapet som framfördes</legend>' \
  "and the core messages as a checklist"
req npresam -b sam.jar "$B/persons/P-LISA01"
expect_nomatch "$body" 'notification/new' "social services (read-only on notifications) is offered no such form"

# ---- an edit keeps the personnummer it does not show, and unchecks a box ----
expect_ok "add a person with a personnummer" -- person add --name 'Pnr Person' --code P-PNR001 --pnr 19900101-1239
req pedit -b anna.jar "$B/r/person/P-PNR001/edit"
expect_match "$body" 'id="pnr" name="pnr" value="" autocomplete="off"' "the edit form does not show the personnummer"
req psave -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "code=P-PNR001" --data-urlencode "name=Pnr Persson" \
  --data-urlencode "pnr=" "$B/r/person/P-PNR001/edit"
expect_eq "$code" 303 "saving the person without a personnummer in the form"
expect_eq "$(sqlite3 r.db "SELECT name || ',' || pnr FROM person WHERE code = 'P-PNR001'")" "Pnr Persson,199001011239" \
  "changes the name and keeps the personnummer"
nid=$(sqlite3 r.db "SELECT id FROM notification WHERE person_id = (SELECT id FROM person WHERE code = 'P-LISA01')")
req nsave -b anna.jar --data-urlencode "csrf=$tok" --data-urlencode "person=P-LISA01" --data-urlencode "status=held" \
  --data-urlencode "held=2026-02-03" --data-urlencode "msg_kill=1" "$B/r/notification/$nid/edit"
expect_eq "$(sqlite3 r.db "SELECT msg_die || msg_kill FROM notification WHERE id = $nid")" "01" \
  "an edit stores an unchecked message as no and a checked one as yes"

# ---- English, footer, favicon ----
req en -b anna.jar -b lang=en "$B/r/callin/1"
expect_match "$body" '<h2 id="invitees">Invitees and attendance</h2>' "the call-in page in English"
expect_match "$body" 'information system for Group Violence Intervention' "with the footer in English"
req enhome -b anna.jar -b lang=en "$B/"
expect_match "$body" '<h1>Overview</h1>' "the dashboard in English"
expect_match "$body" '<h2 id="sec0">Latest incidents</h2>' "with its sections in English"
expect_match "$body" '>shooting</a></td>' "and the type by its key (label_sv is Swedish)"
expect_nomatch "$body" 'Senaste händelser|Dagens datum' "no Swedish text of its own left"
req area -b anna.jar "$B/r/area/S%C3%B6der"
expect_match "$body" '<h2 id="ref-callin">' "an area's page lists the call-ins held there"
expect_match "$body" '<h2 id="ref-incident">' "and the incidents"
expect_match "$body" '<h2 id="ref-person">' "and the persons living there"
req areakim -b kim.jar "$B/r/area/S%C3%B6der"
expect_nomatch "$body" 'id="ref-person"|id="ref-incident"' "but for the community partner only what that role may read"
expect_match "$body" '<h2 id="ref-callin">' "(the call-ins)"
req fav "$B/favicon.ico"
expect_eq "$code" 200 "/favicon.ico is served"
expect_match "$hdrs" '^Content-Type: image/svg\+xml' "as SVG"

serve_stop_checked
serve_log_clean
