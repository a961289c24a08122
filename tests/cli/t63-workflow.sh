# t63-workflow.sh — the GVI cycle end to end through the CLI: an incident opens a response
# case, actions and telling close it, repeated violence escalates; a custom notification from
# preparation to follow-up; a call-in from invitation to follow-up; a referral through its
# steps with consent; tasks, the calendar feed; and the bad input: steps out of order, a task
# about a person the user may not see, a form sent twice — refused, nothing half-done.
. "$(dirname "$0")/lib.sh"
make_repo r.db
q() { "$GVI" "$@" >/dev/null || notok "fixture: gvi $*"; }
cnt() { sqlite3 r.db "$1"; }
q group add --name Blå; q group add --name Röda
q relation add --group-a Blå --group-b Röda --kind conflict --since 2026-01-01
q person add --name "Adam Exempel" --code P-AAAAAA
q person add --name "Bert Exempel" --code P-BBBBBB
q membership add --person P-AAAAAA --group Röda --level core --since 2025-01-01 --basis "intelligence|PM-1|2025-01-01;self_admission|FU-1|2025-01-02"

# --- 1. an incident attributed to a group opens a response case (same transaction, audited) ---
q incident add --occurred "2026-11-24 21:40" --type shooting --description "Skott mot port"
expect_ok "a perpetrating group involvement is recorded" -- group-involvement add --incident 1 --group Blå --side perpetrating --confidence probable
expect_eq "$(cnt 'SELECT count(*) FROM response_case')" "1" "it opened one response case"
expect_eq "$(cnt "SELECT status||' '||level||' '||due FROM response_case")" "open 1 2026-11-28 10:00" \
  "the case is open, level 1, first action due 72 hours after opening (GVI_NOW 2026-11-25 10:00)"
expect_eq "$(cnt "SELECT count(*) FROM audit WHERE entity='response-case' AND action='add' AND detail LIKE '%\"workflow\"%'")" "1" \
  "the opening is audited as the workflow's, by the acting user"
q incident add --occurred "2026-11-20" --type assault
q group-involvement add --incident 2 --group Röda --side perpetrating --confidence confirmed
expect_eq "$(cnt 'SELECT count(*) FROM response_case')" "1" "a non-serious incident opens no case"
q incident add --occurred "2024-03-01" --type shooting
q group-involvement add --incident 3 --group Röda --side perpetrating --confidence confirmed
expect_eq "$(cnt 'SELECT count(*) FROM response_case')" "1" "an incident from history (outside case_window_days) opens no case"
q group-involvement add --incident 1 --group Röda --side victimised --confidence confirmed
expect_eq "$(cnt 'SELECT count(*) FROM response_case')" "1" "the victimised side opens no case"

expect_ok "case list" -- case list
expect_match "$out" "Blå" "the case is listed with its group"
expect_ok "case list --overdue (none yet)" -- case list --overdue
expect_match "$out" "no rows" "nothing is overdue yet"
GVI_NOW="2026-11-29 09:00:00" run case list --overdue
expect_match "$out" "Blå" "after the due time the case is overdue"

# --- steps out of order are refused, nothing written ---
before=$(db_digest r.db)
expect_fail 1 "told before any action is refused" -- case told 1
expect_match "$errout" "told comes after acting" "the message says which step comes first"
expect_fail 1 "close before told is refused" -- case close 1
expect_fail 1 "a generic edit to closed is refused too" -- response-case edit 1 --status closed --closed 2026-11-25
expect_eq "$(db_digest r.db)" "$before" "nothing was written by the refused steps"
expect_fail 1 "an act with an unknown lever is refused" -- case act 1 --lever nosuch --agency Polisen
expect_eq "$(db_digest r.db)" "$before" "no enforcement half-made"

# --- assign, act, told, close ---
expect_ok "assign the case to pia" -- case assign 1 pia
expect_eq "$(cnt "SELECT count(*) FROM task WHERE source='case:1:first-action:1' AND due='2026-11-28'")" "1" "pia got a task due with the first action"
q --user admin lever edit warrant_checks --agencies "Polisen"
before=$(db_digest r.db)
expect_fail 1 "a lever the agency may not pull is refused" -- case act 1 --lever warrant_checks --agency Kriminalvården
expect_match "$errout" "Kriminalvården may not pull the lever warrant_checks" "the message names agency and lever"
expect_eq "$(db_digest r.db)" "$before" "nothing was written"
expect_ok "act: the police execute warrants" -- --user pia case act 1 --lever warrant_checks --agency Polisen --date 2026-11-25
expect_eq "$(cnt "SELECT status||' '||first_action FROM response_case WHERE id=1")" "acting 2026-11-25" "the first action moved the case to acting"
expect_eq "$(cnt "SELECT count(*) FROM enforcement_incident WHERE incident_id=1")" "1" "the enforcement names the case's incident"
expect_ok "told" -- case told 1 --date 2026-11-26
expect_fail 1 "told twice is refused (a form sent twice)" -- case told 1
expect_match "$errout" "already told" "the message says it was already done"
expect_ok "close" -- case close 1 --date 2026-11-27
expect_eq "$(cnt "SELECT status FROM task WHERE source='case:1:first-action:1'")" "done" "closing the case closed its task"
expect_fail 1 "acting on a closed case is refused" -- case act 1 --lever warrant_checks --agency Polisen
expect_fail 1 "a closed case does not reopen by edit" -- response-case edit 1 --status open

# --- repeated violence escalates ---
q incident add --occurred "2026-11-25 01:00" --type murder --killed 1
q group-involvement add --incident 4 --group Blå --side perpetrating --confidence confirmed
expect_eq "$(cnt "SELECT level||' '||status FROM response_case WHERE id=2")" "2 open" "new violence after a recent closed case: a new case one level up"
q incident add --occurred "2026-11-25 02:00" --type explosion
q group-involvement add --incident 5 --group Blå --side perpetrating --confidence possible
expect_eq "$(cnt "SELECT level FROM response_case WHERE id=2")" "3" "violence while the case is open escalates it"
expect_eq "$(cnt "SELECT count(*) FROM response_case_incident WHERE parent_id=2")" "2" "both incidents are on the case"
expect_ok "case show" -- case show 2
expect_match "$out" "Levers the partners can pull" "show lists the levers"
# --- 2. retaliation prevention: proposals from the analysis, else from group relations ---
expect_match "$out" "from the group relations" "no victimised group on case 2's incidents: proposals from the relations"
expect_match "$out" "group Röda: i konflikt med Blå" "the group in conflict is proposed"
expect_match "$out" "person P-AAAAAA: kärnmedlem i Röda" "and its core member"
expect_ok "case show 1" -- case show 1
expect_match "$out" "from the retaliation analysis" "incident 1 had Röda victimised: the retaliation analysis proposes"
expect_match "$out" "person P-AAAAAA: .*current member of Röda" "the member of the victimised group, with the analysis' reason"
expect_ok "config shows the settings" -- case config
expect_match "$out" "first_action_hours +72" "the deadline setting is shown"
expect_ok "config sets the deadline" -- case config first_action_hours 48
expect_fail 1 "the police analyst may not change settings" -- --user pia case config first_action_hours 10
expect_fail 2 "an unknown setting" -- case config nosuch 1

# --- 3. custom notification: plan → sheet → delivery → follow-up, letter ---
q notification add --person P-AAAAAA --planned 2026-11-26 --place Kontoret --follow-up-owner sam
expect_ok "the preparation sheet, as the coordinator" -- notify sheet 1
expect_match "$out" "Gruppmedlemskap" "the sheet has the person's memberships"
expect_match "$out" "Röda" "the coordinator sees the group"
expect_match "$out" "Vi vill inte att du ska dö\." "the checklist holds the first core message"
expect_ok "the preparation sheet, as social services" -- --user sam notify sheet 1
expect_eq "$(printf '%s\n' "$out" | grep -A1 '^Gruppmedlemskap:' | tail -1)" "  (visas inte för din roll)" "social services do not see memberships"
expect_nomatch "$out" "Röda" "nor the group's name"
expect_fail 2 "delivery needs the checklist" -- notify deliver 1
expect_fail 1 "a word that is not a core message is refused" -- notify deliver 1 --messages die,nosuch
expect_eq "$(cnt "SELECT status FROM notification WHERE id=1")" "planned" "nothing was delivered by the refusal"
expect_ok "delivery" -- notify deliver 1 --held 2026-11-26 --messages all --deliverers "anna;pro" --response "lyssnade" --support "Avhopparverksamhet"
expect_eq "$(cnt "SELECT msg_die||msg_kill||msg_consequences||msg_help||status FROM notification WHERE id=1")" "1111held" "all four messages ticked, held"
expect_eq "$(cnt "SELECT count(*) FROM notification_deliverer WHERE parent_id=1")" "2" "who attended is recorded"
expect_eq "$(cnt "SELECT a.name||' '||t.due FROM task t JOIN account a ON a.id=t.assignee_id WHERE source='notification:1:follow-up'")" "sam 2026-12-10" \
  "a follow-up task for the follow-up owner, 14 days after"
expect_fail 1 "delivering twice is refused" -- notify deliver 1 --messages all
expect_ok "the letter" -- notify letter 1
expect_match "$out" "<html lang=\"sv\">" "the letter is a Swedish HTML document"
expect_match "$out" "@media print" "with print CSS"
expect_match "$out" "Om våldet fortsätter kommer det att få kännbara konsekvenser för hela gruppen genom sanktioner och ökat fokus från polisen, Kriminalvården och andra brottsbekämpande myndigheter\." "the third message in the seed's words"
expect_match "$out" "Adam Exempel" "addressed to the person"
expect_fail 1 "the letter is refused to a role that may not read notifications" -- --user pia notify letter 1

# --- 4. call-in: invitees from the priority list, letters, agenda, attendance, follow-up ---
q supervision add --person P-BBBBBB --kind probation --since 2026-01-01
q callin add --held 2026-12-01 --venue Medborgarhuset --speaker "Lena Polis|law enforcement" --speaker "Mor till offer|community voice" --speaker "Sara Soc|services"
"$GVI" analyze persons --supervised --csv > list.csv
expect_ok "invite from the supervised priority list" -- invite add 1 --from list.csv --channel probation
expect_eq "$(cnt "SELECT group_concat(p.code) FROM invitation i JOIN person p ON p.id=i.person_id")" "P-BBBBBB" "only the supervised person was invited"
expect_ok "invite one more by code" -- invite add 1 P-AAAAAA
expect_fail 1 "the same list twice is refused" -- invite add 1 --from list.csv
expect_match "$errout" "already invited" "the message says who is already invited"
printf 'code\nP-ZZZZZZ\n' > bad.csv
expect_fail 1 "an unknown person on the list is refused with file and line" -- invite add 1 --from bad.csv
expect_match "$errout" "bad.csv:2" "the message names the file and line"
expect_eq "$(cnt 'SELECT count(*) FROM invitation')" "2" "nothing half-done"
expect_ok "the invitation letter" -- invite letter 1
expect_match "$out" "Du är inbjuden till ett informationsmöte" "the letter invites"
expect_ok "the agenda" -- invite agenda 1
expect_match "$out" "Lena Polis" "the agenda lists the law-enforcement speaker"
expect_match "$out" "Lokalsamhällets moraliska röst" "and the community's moral voice"
expect_ok "attendance, registered by Kriminalvården" -- --user pro invite attend 1
expect_eq "$(cnt "SELECT due FROM task WHERE source='invitation:1:support'")" "2026-12-02" "a task: support offered within 7 days"
expect_fail 1 "attendance registered twice is refused" -- --user pro invite attend 1

# --- 5. referral: states with consent ---
q --user sam referral add --person P-AAAAAA --service exit_programme --agency Socialtjänsten --offered 2026-11-25
expect_fail 1 "offered → completed is out of order" -- --user sam referral edit 1 --status completed
expect_match "$errout" "next: accepted declined dropped" "the message lists the next steps"
expect_fail 1 "a hand-over without consent is refused" -- --user sam referral edit 1 --agency Kriminalvården
expect_ok "accepted" -- --user sam referral edit 1 --status accepted
expect_eq "$(cnt "SELECT due FROM task WHERE source='referral:1:accepted'")" "2026-12-09" "a reminder: the support should start within 14 days"
expect_ok "a hand-over with consent" -- --user sam referral edit 1 --consent yes --agency Kriminalvården
expect_ok "started" -- --user sam referral edit 1 --status started
expect_eq "$(cnt "SELECT status FROM task WHERE source='referral:1:accepted'")" "done" "the earlier reminder is done"
expect_ok "tasks as Kriminalvården" -- --user pro tasks --all
expect_nomatch "$out" "Påminnelse" "Kriminalvården does not see the referral's reminders (may not read referrals)"
expect_match "$out" "Erbjud stöd efter call-in" "but sees the call-in follow-up"
rid=$(cnt "SELECT id FROM task WHERE source='referral:1:started'")
expect_fail 1 "nor mark one done" -- --user pro tasks done "$rid"
expect_fail 1 "nor edit one through the generic command" -- --user pro task edit "$rid" --status done
expect_fail 1 "nor delete one" -- --user pro task delete "$rid"
expect_eq "$(cnt "SELECT status FROM task WHERE id=$rid")" "open" "the hidden task is untouched"
expect_ok "completed" -- --user sam referral edit 1 --status completed
expect_fail 1 "a completed referral does not start again" -- --user sam referral edit 1 --status started

# --- 6. tasks: mine, due, done, rows the user may not see, the calendar ---
expect_ok "sam's tasks" -- --user sam tasks --mine
expect_match "$out" "Uppföljning efter individuellt samtal 1" "sam has the notification follow-up"
GVI_TODAY=2026-12-31 run --user sam tasks --mine --due
expect_match "$out" "Uppföljning" "it is due by the end of December"
expect_ok "sam's tasks due today" -- --user sam tasks --mine --due
expect_nomatch "$out" "Uppföljning" "but not due today"
tid=$(cnt "SELECT id FROM task WHERE source='notification:1:follow-up'")
expect_ok "done" -- --user sam tasks done "$tid"
expect_fail 1 "done twice is refused" -- --user sam tasks done "$tid"
expect_fail 1 "a task about a person, by a role that may not read persons, is refused" -- --user kim task add --title x --due 2026-12-01 --person P-AAAAAA
expect_ok "a task about a person, by the coordinator" -- task add --title "Ring mamma" --due 2026-12-03 --person P-AAAAAA --assignee pia
long="Förbered återbesöket; kontrollera, med socialtjänsten och Kriminalvården, att stödet i Åkersberga är på plats"
expect_ok "a task with a long title of escapes and Swedish letters" -- task add --title "$long" --due 2026-12-04 --assignee pia
expect_ok "the coordinator's own calendar" -- tasks ics
expect_ok "pia's calendar" -- --user pia tasks ics
printf '%s' "$out" > pia.ics
expect_match "$(head -c 200 pia.ics | od -c | head -2)" '\\r  \\n' "lines end in CRLF"
v=$(/usr/bin/python3 - <<'PY'
import icalendar
cal = icalendar.Calendar.from_ical(open('pia.ics','rb').read())
ev = [c for c in cal.walk('VEVENT')]
print(cal['VERSION'], len(ev), sorted(str(e['SUMMARY']) for e in ev)[0][:20], all('DTSTAMP' in e and 'UID' in e for e in ev))
PY
)
expect_eq "$v" "2.0 3 Call-in: Medborgarhu True" "python3-icalendar reads the feed: pia's two tasks and the coming call-in"
LC_ALL=C awk '{ if (length($0) > 76) bad = 1 } END { exit bad }' pia.ics && ok "no line is longer than 75 octets (and CR)" || notok "lines are folded at 75 octets"
v=$(LONG="$long" /usr/bin/python3 - <<'PY'
import icalendar, os
cal = icalendar.Calendar.from_ical(open('pia.ics','rb').read())
print(any(str(e['SUMMARY']) == 'Uppgift: ' + os.environ['LONG'] for e in cal.walk('VEVENT')))
PY
)
expect_eq "$v" "True" "the long title comes back whole through folding and escaping"
expect_fail 1 "another user's calendar is refused" -- tasks ics pia
expect_ok "a calendar key for pia (admin)" -- --user admin tasks key pia
expect_match "$out" "/calendar/pia\.[A-Za-z0-9_-]{20,}\.ics" "the URL carries the key"
expect_fail 1 "a user may not make another user's key" -- --user sam tasks key pia

# The workflow's writes are in the audit log, each with its reason.
n=$(cnt "SELECT count(*) FROM audit WHERE entity='task' AND action='add' AND detail LIKE '%\"workflow\"%'")
[ "$n" -ge 5 ] && ok "workflow-made tasks are audited with their reason ($n)" || notok "workflow-made tasks audited ($n)"
# Deleting a referral takes its workflow-made reminders with it.
q --user sam referral add --person P-BBBBBB --service exit_programme --agency Socialtjänsten
q --user sam referral edit 2 --status accepted
expect_ok "a referral with a reminder can still be deleted" -- --user sam referral delete 2
expect_eq "$(cnt "SELECT count(*) FROM task WHERE source LIKE 'referral:2:%'")" "0" "its reminder went with it"

# --- e-mail reminders: off by default, through the system's sendmail when on ---
expect_fail 1 "reminders are off by default" -- tasks remind
expect_match "$errout" "gvi case config mail 1" "the message says how to turn them on"
q --user admin user edit pia --email pia@example.org
q case config mail 1
cat > fake-sendmail <<'SH'
#!/bin/sh
cat >> "$(dirname "$0")/mail.out"
SH
chmod +x fake-sendmail
GVI_TODAY=2026-12-31 GVI_SENDMAIL="$PWD/fake-sendmail" run tasks remind
expect_eq "$rc $out" "0 1 reminder sent" "one message: pia has due tasks and an address, the others no address"
expect_match "$(cat mail.out)" "^To: pia@example.org" "addressed to pia"
expect_match "$(cat mail.out)" "- 2026-12-03: uppgift [0-9]+ \(other\)" "listing her due tasks by number and kind"
expect_nomatch "$(cat mail.out)" "P-AAAAAA|Ring mamma|Blå|Röda|Exempel" "naming no person, group or task title"
expect_eq "$(cnt "SELECT count(*) FROM audit WHERE action='remind'")" "1" "the run is audited"
expect_ok "a dry run prints the messages" -- tasks remind --dry-run
expect_nomatch "$out" "pia@example.org" "nothing due today (2026-11-25) for pia: no message"
q --user admin user edit pia --email "pia@example.org
Bcc: x@evil"
expect_fail 1 "an address with a line break is refused (no header injection)" -- tasks remind
