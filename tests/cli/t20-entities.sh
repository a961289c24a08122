# t20-entities.sh — every entity command: add, edit, list, show, delete or end, with the
# model's rules (required fields, references, basis, enums, dates, personnummer).
. "$(dirname "$0")/lib.sh"
make_repo r.db

# areas and groups
expect_ok "area add" -- area add --name Norrvik --kind municipality
expect_ok "district with parent" -- area add --name Centrum --kind district --parent Norrvik
expect_ok "group add with aliases and areas" -- group add --name "Röda gänget" --alias RG --alias Röda --areas "Norrvik;Centrum" --first-seen 2023-01-10
expect_ok "second group" -- group add --name Blå --areas Centrum
expect_ok "group list --json" -- --json group list
expect_eq "$(echo "$out" | /usr/bin/python3 -c 'import json,sys; g=json.load(sys.stdin)[0]; print(g["aliases"], g["areas"], g["status"])')" "['RG', 'Röda'] ['Norrvik', 'Centrum'] active" "group lists, default status"
expect_fail 1 "a group in an unknown area is refused" -- group add --name Gröna --areas Nowhere
expect_match "$errout" 'no area named "Nowhere"' "the error names the missing area"
expect_fail 1 "a duplicate group name is refused" -- group add --name Blå
expect_match "$errout" "duplicate" "the error says duplicate"

# persons
expect_ok "person add" -- person add --name "Adam Exempelsson" --birth 2010-05-01 --pnr 20100501-0002 --alias Ado --code P-AAAAAA
expect_fail 1 "invalid personnummer refused" -- person add --name "Bo Fel" --pnr 20100501-0009
expect_match "$errout" "check digit" "the error explains the check digit"
expect_fail 1 "impossible birth date refused" -- person add --name "Bo Fel" --birth 2023-02-29
expect_match "$errout" "2023-02-29" "the error names the date"
expect_ok "person with birth year" -- person add --name "Cecilia Påhittad" --birth 2006 --code P-CCCCCC
expect_ok "person list" -- person list
expect_nomatch "$out" "201005010002" "personnummer never shown in lists"
expect_match "$out" "under 18" "age band derived (under 18)"
expect_match "$out" "under 21" "age band derived from a birth year (under 21)"
expect_ok "person show" -- --json person show P-AAAAAA
expect_match "$out" '"pnr": "201005010002"' "personnummer stored as 12 digits, shown on the full record"
expect_ok "person found by name" -- person show "Cecilia Påhittad"
expect_ok "search by alias" -- person list --search Ado
expect_match "$out" "Adam" "search finds by alias"
expect_ok "edit a person" -- person edit P-CCCCCC --name "Cecilia Påhittadsdotter"
expect_eq "$(sqlite3 r.db "SELECT name FROM person WHERE code='P-CCCCCC'")" "Cecilia Påhittadsdotter" "edit changed the name"
expect_fail 1 "a required field cannot be cleared" -- person edit P-CCCCCC --name ""

# memberships need a basis
expect_fail 1 "membership without basis refused" -- membership add --person P-AAAAAA --group Blå --level core
expect_match "$errout" "basis" "the error says a basis is needed"
expect_fail 1 "membership with an unknown criterion refused" -- membership add --person P-AAAAAA --group Blå --level core --basis "hearsay|PM 1|2024-01-01"
expect_fail 1 "membership level must be a known one" -- membership add --person P-AAAAAA --group Blå --level boss --basis "intelligence|PM 1|2024-01-01"
expect_match "$errout" "core, member, associate" "the error lists the levels"
expect_ok "membership with basis" -- membership add --person P-AAAAAA --group Blå --level core --since 2024-01-01 --basis "intelligence|PM 2024-1|2024-01-01" --basis "symbols|Foto 7|2024-02-01"
expect_eq "$(sqlite3 r.db "SELECT review FROM membership")" "2027-05-25" "review date defaults to 6 months ahead for a member under 18"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM membership_basis")" "2" "two basis items stored"
expect_ok "end membership" -- membership end 1 --date 2026-01-01
expect_eq "$(sqlite3 r.db "SELECT until FROM membership")" "2026-01-01" "end set until"
expect_fail 1 "until before since refused" -- membership edit 1 --until 2020-01-01

# relations, incidents, involvement
expect_ok "relation" -- relation add --group-a "Röda gänget" --group-b Blå --kind conflict --intensity 4 --since 2024-01-01
expect_fail 1 "relation with itself refused" -- relation add --group-a Blå --group-b Blå --kind conflict
expect_ok "incident with minute precision" -- incident add --occurred "2024-03-01 21:40" --type shooting --area Centrum --injured 1
expect_ok "incident with day precision" -- incident add --occurred 2024-03-05 --type arson
expect_fail 1 "unknown incident type refused" -- incident add --occurred 2024-03-05 --type ufo
expect_fail 1 "negative count refused" -- incident add --occurred 2024-03-05 --type arson --killed -1
expect_ok "person involvement" -- involvement add --incident 1 --person P-AAAAAA --role suspect
expect_fail 1 "involvement in a missing incident refused" -- involvement add --incident 99 --person P-AAAAAA --role suspect
expect_match "$errout" "no incident with id 99" "the error names the missing incident"
expect_ok "incident list --json" -- --json incident list
expect_eq "$(echo "$out" | /usr/bin/python3 -c 'import json,sys; print([i["gmi"] for i in json.load(sys.stdin)])')" "[True, False]" "GMI derived: a current member as suspect"
expect_ok "group involvement" -- group-involvement add --incident 2 --group Blå --side perpetrating --confidence probable
expect_ok "incident list --csv" -- --csv incident list
expect_match "$out" "2024-03-05,arson" "CSV output"
expect_eq "$(echo "$out" | /usr/bin/python3 -c 'import csv,sys; print([r["gmi"] for r in csv.DictReader(sys.stdin)])')" "['1', '1']" "GMI derived from group involvement too"

# notification, call-in, invitation, enforcement, referral
expect_ok "notification" -- notification add --person P-AAAAAA --planned 2024-04-01 --held 2024-04-02 --agencies "Polisen;Socialtjänsten" --deliverers "anna;pia" --msg-die yes --msg-kill ja --msg-consequences 1 --msg-help true --status held --follow-up 2026-12-01 --follow-up-owner anna
expect_ok "call-in" -- callin add --held 2024-05-01 --venue "Medborgarhuset" --area Norrvik --speaker "Lena|Polisen" --speaker "Fatima|Lokalsamhället" --msg-die 1
expect_ok "invitation" -- invitation add --callin 1 --person P-CCCCCC --channel probation --attended yes
expect_fail 1 "duplicate invitation refused" -- invitation add --callin 1 --person P-CCCCCC
expect_ok "enforcement" -- enforcement add --group Blå --incidents "1;2" --agency Polisen --lever warrant_checks --decided 2024-03-02 --told 2024-03-04
expect_ok "referral" -- referral add --person P-AAAAAA --service exit_programme --agency Socialtjänsten --offered 2024-04-02 --consent yes
expect_ok "referral edit" -- referral edit 1 --status accepted
expect_ok "status shows follow-ups" -- status
expect_match "$out" "Follow-ups due" "status has a follow-up section"

# delete is refused while referred to, allowed after
expect_fail 1 "deleting a referenced incident is refused" -- incident delete 1
expect_match "$errout" "referred to by" "the error says what refers to it"
expect_ok "delete the referral" -- referral delete 1
expect_eq "$(sqlite3 r.db 'SELECT count(*) FROM referral')" "0" "referral deleted"
expect_ok "end a group" -- group end Blå --date 2026-02-01
expect_eq "$(sqlite3 r.db "SELECT status || ' ' || last_seen FROM grp WHERE name='Blå'")" "dissolved 2026-02-01" "ending a group dissolves it"

# each entity has help
for cmd in area agency user incident-type criterion lever service group person membership relation incident involvement group-involvement notification callin invitation enforcement referral; do
  run "$cmd" --help
  if [ "$rc" -eq 0 ] && printf '%s' "$out" | grep -q -- "--"; then ok "$cmd --help"; else notok "$cmd --help"; fi
done

# sorting
expect_ok "incidents latest first" -- --csv incident list --sort occurred --desc
expect_eq "$(echo "$out" | tr -d '\r' | awk -F, 'NR>1 {print $2}' | tr '\n' ' ')" "2024-03-05 2024-03-01 21:40 " "sorted by occurred, descending"
expect_fail 2 "sorting by an unknown field is a usage error" -- incident list --sort nosuch

# ties between persons
expect_ok "tie" -- tie add --person-a P-AAAAAA --person-b P-CCCCCC --kind co_offending --source "PM 7" --date 2024-01-01
expect_fail 1 "a tie with oneself is refused" -- tie add --person-a P-AAAAAA --person-b P-AAAAAA --kind kinship
expect_fail 1 "a tie weight must be positive" -- tie add --person-a P-AAAAAA --person-b P-CCCCCC --kind kinship --weight -1
