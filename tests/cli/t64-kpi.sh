# t64-kpi.sh — `gvi kpi` on a hand-built fixture: every expected value below was worked out by
# hand from the records added here (the reasoning is in the comments), not taken from gvi.
. "$(dirname "$0")/lib.sh"
make_repo r.db
q() { "$GVI" "$@" >/dev/null || notok "fixture: gvi $*"; }
q group add --name A; q group add --name B; q group add --name C
for p in P1 P2 P3 P4; do q person add --name "Person $p" --code "P-$p"; done
# P1 in A, P2 in B, P4 in C; P3 in no group.
q membership add --person P-P1 --group A --level core --since 2025-01-01 --basis "intelligence|PM-1|2025-01-01;self_admission|FU-1|2025-01-02"
q membership add --person P-P2 --group B --level member --since 2025-01-01 --basis "intelligence|PM-2|2025-01-01;self_admission|FU-2|2025-01-02"
q membership add --person P-P4 --group C --level member --since 2025-01-01 --basis "intelligence|PM-4|2025-01-01;self_admission|FU-4|2025-01-02"
# Incidents (all older than the 30-day case window, so no case opens; the KPIs read the records).
q incident add --occurred "2026-01-10 22:00" --type shooting                      # I1: suspect P1 → gmi
q incident add --occurred "2026-01-20" --type murder --killed 1                   # I2: victim P2 → gmi
q incident add --occurred "2026-02-05" --type shooting                            # I3: suspect P3; B probable → gmi
q incident add --occurred "2026-02-15" --type shooting --killed 1                 # I4: C confirmed → gmi
q incident add --occurred "2026-03-01" --type aggravated_assault                  # I5: suspect P1 → gmi
q incident add --occurred "2026-07-05" --type shooting                            # I6: after the period
q incident add --occurred "2026-03-10" --type shooting --status unfounded         # I7: unfounded → not gmi
q incident add --occurred "2026-05-01" --type aggravated_assault                  # I8: victim P2 (notified 04-01)
q incident add --occurred "2026-01-15" --type robbery                             # I9: victim P1, not serious
q involvement add --incident 1 --person P-P1 --role suspect
q involvement add --incident 2 --person P-P2 --role victim
q involvement add --incident 3 --person P-P3 --role suspect
q involvement add --incident 5 --person P-P1 --role suspect
q involvement add --incident 6 --person P-P1 --role suspect
q involvement add --incident 7 --person P-P1 --role victim
q involvement add --incident 8 --person P-P2 --role victim
q involvement add --incident 9 --person P-P1 --role victim
q group-involvement add --incident 1 --group A --side perpetrating --confidence confirmed
q group-involvement add --incident 4 --group C --side perpetrating --confidence confirmed
q group-involvement add --incident 2 --group B --side perpetrating --confidence possible
q group-involvement add --incident 5 --group A --side perpetrating --confidence probable
q group-involvement add --incident 3 --group B --side perpetrating --confidence probable
q enforcement add --group A --incidents 1 --agency Polisen --lever warrant_checks --decided 2026-01-13     # I1: 3 days
q enforcement add --group A --incidents "1;5" --agency Polisen --lever increased_patrols --decided 2026-03-11  # I5: 10 days
q enforcement add --group C --incidents 4 --agency Polisen --lever traffic_enforcement --started 2026-02-22    # I4: 7 days
q enforcement add --group B --agency Polisen --lever warrant_checks --decided 2026-01-30                 # before B's violence
q notification add --person P-P1 --status held --held 2026-02-01
q notification add --person P-P2 --status held --held 2026-04-01
q notification add --person P-P3 --planned 2026-03-01
q notification add --person P-P4 --status held --held 2026-08-01
q callin add --held 2026-03-15 --venue Medborgarhuset
q callin add --held 2026-09-01 --venue Biblioteket
q invitation add --callin 1 --person P-P1 --attended yes
q invitation add --callin 1 --person P-P2 --attended no
q invitation add --callin 1 --person P-P3 --attended yes
q invitation add --callin 2 --person P-P4 --attended yes
q --user sam referral add --person P-P1 --service exit_programme --agency Socialtjänsten --offered 2026-02-02 --status completed --consent yes
q --user sam referral add --person P-P2 --service exit_programme --agency Socialtjänsten --offered 2026-04-02 --status accepted
q --user sam referral add --person P-P3 --service exit_programme --agency Socialtjänsten --offered 2026-05-01 --status declined
q --user sam referral add --person P-P4 --service exit_programme --agency Socialtjänsten --offered 2026-08-01 --status started
# Social services own the referrals (row-level rules, docs/access-policy.md) and disclose them
# to the coordination with each person's consent.
for p in P-P1 P-P2 P-P3 P-P4; do
  q --user sam disclosure add --person $p --to-agency GVI-samordning --scope referral --basis samtycke \
    --consent 2026-01-01 --valid-until 2027-12-31
done

expect_ok "gvi kpi --json for the first half of 2026" -- kpi --from 2026-01-01 --to 2026-06-30 --json
echo "$out" > k.json
check() { # check DESC PYTHON-EXPRESSION (k is the JSON object)
  local got; got=$(/usr/bin/python3 -c "import json,sys; k=json.load(open('k.json')); print($2)" 2>&1)
  expect_eq "$got" "True" "$1"
}
# gmi months: Jan I1 shooting, I2 murder; Feb I3 shooting (gmi by B probable), I4 shooting with
# one killed (homicide and shooting). I5/I8 are assaults, I7 unfounded, I6 after the period.
check "GMI homicides and shootings per month" \
  "k['gmi_per_month'] == [{'month':'2026-01','homicides':1,'shootings':1},{'month':'2026-02','homicides':1,'shootings':2}]"
# Serious gmi incidents in the period: I1 I2 I3 I4 I5 I8.  With an action: I1 3 days (01-10 →
# 01-13), I4 7 days (started 02-22), I5 10 days (→ 03-11).  Without: I2 I3 I8.
check "incidents with a first action" "k['first_action']['incidents_with_action'] == 3"
check "incidents without one" "k['first_action']['incidents_without_action'] == 3"
check "median days to first action (3, 7, 10)" "k['first_action']['median_days'] == 7"
check "mean days to first action (20/3)" "abs(k['first_action']['mean_days'] - 20/3) < 1e-9"
# Violent groups: A (I1 confirmed, I5 probable), C (I4), B (I3 probable; I2 only possible).
# Met consequences: A (01-13 ≥ 01-10), C (02-22 ≥ 02-15); B's action 01-30 is before 02-05.
check "violent groups" "k['consequences']['violent_groups'] == 3"
check "groups that met consequences" "k['consequences']['met_consequences'] == 2"
check "share that met consequences" "abs(k['consequences']['share'] - 2/3) < 1e-9"
check "B did not meet consequences" "[g['met_consequences'] for g in k['consequences']['groups'] if g['group']=='B'] == [False]"
check "notifications held (P1 02-01, P2 04-01; P4's is after)" "k['notifications_held'] == 2"
check "call-in invitations in the period" "k['callin_attendance']['invited'] == 3"
check "call-in attended" "k['callin_attendance']['attended'] == 2"
check "call-in attendance rate" "abs(k['callin_attendance']['rate'] - 2/3) < 1e-9"
check "referrals made / accepted / completed" "k['referrals'] == {'made':3,'accepted':2,'completed':1}"
# Notified: P1, P2.  P2 was the victim of I8 (05-01, serious) after 04-01; P1's I7 is unfounded.
check "repeat victimisation" "k['repeat_victimisation'] == {'notified':2,'victimised_after':1,'rate':0.5}"

# The whole history: the July shooting counts, the autumn call-in and referral too.
expect_ok "gvi kpi --json, no period" -- kpi --json
echo "$out" > k.json
check "July shooting in the months without a period" "k['gmi_per_month'][-1] == {'month':'2026-07','homicides':0,'shootings':1}"
check "all four referrals without a period" "k['referrals']['made'] == 4"

# The KPI moves when work is done: an enforcement action on I2 (group B) within the period.
q enforcement add --group B --incidents 2 --agency Polisen --lever warrant_checks --decided 2026-01-22
expect_ok "kpi after one more action" -- kpi --from 2026-01-01 --to 2026-06-30 --json
echo "$out" > k.json
check "I2 now has an action (2 days): 4 with, median (2,3,7,10) = 5" \
  "k['first_action']['incidents_with_action'] == 4 and k['first_action']['median_days'] == 5"

# Roles: social services see referrals and notifications but no incidents; the evaluator none.
expect_ok "kpi as social services" -- --user sam kpi --from 2026-01-01 --to 2026-06-30 --json
echo "$out" > k.json
check "social services: no incident measures" "k['gmi_per_month']['value'] is None and 'incident' in k['gmi_per_month']['not_visible']"
check "social services: referrals" "k['referrals'] == {'made':3,'accepted':2,'completed':1}"
expect_ok "kpi as the evaluator" -- --user eva kpi
expect_match "$out" "not shown" "the evaluator sees which measures are not shown"
expect_ok "kpi as text" -- kpi --from 2026-01-01 --to 2026-06-30
expect_match "$out" "2026-02  homicides 1  shootings 2" "the text lists the months"
expect_fail 2 "a period the wrong way round" -- kpi --from 2026-06-30 --to 2026-01-01
expect_fail 2 "a bad date" -- kpi --from 2026-13-01
