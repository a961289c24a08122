# t32-disclosure.sh — disclosure between agencies (uppgiftslämnande), docs/privacy.md: social
# services' referrals are read by social services, and by another agency only under a recorded
# disclosure (legal basis with its age or consent check, decider, time, scope, validity); each
# disclosed view is logged; only the owner changes its records; forged disclosures are refused.
. "$(dirname "$0")/lib.sh"
make_repo r.db
P="--user pia"; S="--user sam"
count_read() { sqlite3 r.db "SELECT count(*) FROM audit WHERE action='read' AND user_name='$1' AND detail LIKE '%\"disclosure\":$2,%'"; }

expect_ok "a person of 19" -- $P person add --name "Ung Exempelsson" --code P-YOUNG1 --birth 2007-01-01
expect_ok "a person of 36" -- $P person add --name "Äldre Exempelsson" --code P-OLDER1 --birth 1990-01-01
expect_ok "a person turning 21 today" -- $P person add --name "Tjugoett Exempelsson" --code P-TURN21 --birth 2005-11-25
expect_ok "a person turning 21 tomorrow" -- $P person add --name "Tjugo Exempelsson" --code P-TWENTY --birth 2005-11-26
expect_ok "a person of unknown age" -- $P person add --name "Okänd Exempelsson" --code P-NOAGE1
for p in P-YOUNG1 P-OLDER1 P-TURN21 P-TWENTY P-NOAGE1; do
  expect_ok "social services' referral of $p" -- $S referral add --person $p --service housing --agency Socialtjänsten \
    --offered 2026-01-01 --status started --notes "anteckning om $p"
done
# referral ids 1..5 in that order

# Without a disclosure: nothing of social services' referrals reaches another agency.
expect_ok "the police analyst lists referrals" -- $P --csv referral list
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | tr -d '\r')" "" "…and sees none"
expect_fail 1 "…cannot show one" -- $P referral show 1
expect_match "$errout" "refused: referral 1 is another agency's and not disclosed to Polisen" "the refusal says why"
expect_ok "…exports none" -- $P export referral --output pia.csv
expect_eq "$(tail -n +2 pia.csv | wc -l)" "0" "an export holds no rows"
expect_ok "the coordinator lists referrals" -- --csv referral list
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | tr -d '\r')" "" "the coordinator's agency owns none and sees none"
expect_ok "social services see their own" -- $S --csv referral list
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | wc -l)" "5" "all five"

# Forged or unfounded disclosures are refused; nothing is written.
L='OSL 10 kap. 18 a §'
expect_fail 1 "the police cannot disclose social services' data to themselves" -- $P disclosure add --person P-YOUNG1 \
  --from-agency Socialtjänsten --to-agency Polisen --scope referral --basis "$L" --valid-until 2027-06-30
expect_match "$errout" "^gvi: from_agency: only the disclosing agency's own users" "the message names the field"
expect_fail 1 "a decider from another agency is refused" -- $S disclosure add --person P-YOUNG1 --to-agency Polisen \
  --scope referral --basis "$L" --valid-until 2027-06-30 --decided-by pia
expect_match "$errout" "decided_by" "the message names the field"
expect_fail 1 "OSL 10 kap. 18 a § for a person of 36 is refused" -- $S disclosure add --person P-OLDER1 --to-agency Polisen \
  --scope referral --basis "$L" --valid-until 2027-06-30
expect_match "$errout" "^gvi: basis: the person was 36 on 2026-11-25; this legal basis applies only below age 21" "the age check names age, date and limit"
expect_fail 1 "OSL 10 kap. 18 a § to Kriminalvården is refused (only to the police)" -- $S disclosure add --person P-YOUNG1 \
  --to-agency Kriminalvården --scope referral --basis "$L" --valid-until 2027-06-30
expect_match "$errout" "^gvi: basis: this legal basis applies only to an agency of kind police; to_agency is of kind probation" "the message names both kinds"
expect_fail 1 "…and for a person who is 21 on the decision date" -- $S disclosure add --person P-TURN21 --to-agency Polisen \
  --scope referral --basis "$L" --valid-until 2027-06-30
expect_fail 1 "…and for a person of unknown age" -- $S disclosure add --person P-NOAGE1 --to-agency Polisen \
  --scope referral --basis "$L" --valid-until 2027-06-30
expect_match "$errout" "record the person's birth date or personnummer" "the message says what is missing"
expect_fail 1 "consent as basis needs the date of consent" -- $S disclosure add --person P-OLDER1 --to-agency Polisen \
  --scope referral --basis samtycke --valid-until 2027-06-30
expect_match "$errout" "^gvi: consent:" "the message names the field"
expect_fail 1 "consent after the decision is refused" -- $S disclosure add --person P-OLDER1 --to-agency Polisen \
  --scope referral --basis samtycke --consent 2026-11-25 --decided 2026-11-20 --valid-until 2027-06-30
expect_fail 1 "a decision in the future is refused" -- $S disclosure add --person P-YOUNG1 --to-agency Polisen \
  --scope referral --basis "$L" --decided 2026-12-01 --valid-until 2027-06-30
expect_fail 1 "validity ending before the decision is refused" -- $S disclosure add --person P-YOUNG1 --to-agency Polisen \
  --scope referral --basis "$L" --valid-until 2026-01-01
expect_fail 1 "a scope of entities no agency owns alone is refused" -- $S disclosure add --person P-YOUNG1 --to-agency Polisen \
  --scope membership --basis "$L" --valid-until 2027-06-30
expect_fail 1 "a scope naming an unknown field is refused" -- $S disclosure add --person P-YOUNG1 --to-agency Polisen \
  --scope referral.secret --basis "$L" --valid-until 2027-06-30
expect_fail 1 "an agency does not disclose to itself" -- $S disclosure add --person P-YOUNG1 --to-agency Socialtjänsten \
  --scope referral --basis "$L" --valid-until 2027-06-30
expect_fail 1 "a disclosure needs a legal basis" -- $S disclosure add --person P-YOUNG1 --to-agency Polisen --scope referral --valid-until 2027-06-30
expect_eq "$(sqlite3 r.db 'SELECT count(*) FROM disclosure')" "0" "no refused disclosure was written"

# Valid disclosures.
expect_ok "OSL 10 kap. 18 a §: a person of 20, the status only" -- $S disclosure add --person P-TWENTY --to-agency Polisen \
  --scope referral.status --basis "$L" --valid-until 2027-06-30
expect_ok "consent: a person of 36, the whole referral" -- $S disclosure add --person P-OLDER1 --to-agency Polisen \
  --scope referral --basis samtycke --consent 2026-11-20 --valid-until 2027-06-30
expect_eq "$(sqlite3 r.db "SELECT d.decided || ' ' || u.name || ' ' || f.name || ' ' || t.name FROM disclosure d JOIN account u ON u.id = d.decided_by_id JOIN agency f ON f.id = d.from_agency_id JOIN agency t ON t.id = d.to_agency_id WHERE d.id = 1")" \
  "2026-11-25 sam Socialtjänsten Polisen" "the decision records date, decider and both agencies"
expect_ok "the disclosure is audited as it is added" -- --user admin --json audit list --entity disclosure --action add
expect_match "$out" '"record": 1' "…with its id"

# The police analyst sees exactly what was disclosed.
expect_ok "the police analyst lists referrals again" -- $P --csv referral list
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | tr -d '\r' | cut -d, -f1,2 | tr '\n' ' ')" "2,P-OLDER1 4,P-TWENTY " "only the two disclosed persons' referrals"
expect_match "$out" "4,P-TWENTY,,,,,,started,,Socialtjänsten" "a status-only disclosure shows the status and nothing else"
expect_ok "show under a whole-referral disclosure" -- $P --json referral show 2
expect_match "$out" '"notes": "anteckning om P-OLDER1"' "the whole record is shown"
expect_ok "show under a status-only disclosure" -- $P --json referral show 4
expect_nomatch "$out" "anteckning" "the notes are not"
expect_fail 1 "a referral of a person not disclosed stays refused" -- $P referral show 1
expect_ok "export" -- $P export referral --output pia2.csv
expect_eq "$(tail -n +2 pia2.csv | wc -l)" "2" "an export holds the two disclosed rows"
# Each disclosed view is logged: who, which record, under which disclosure, how.
expect_eq "$(count_read pia 1)" "3" "list, show and export of the status-only referral logged with disclosure 1"
expect_eq "$(count_read pia 2)" "3" "…and of the other with disclosure 2"
expect_eq "$(sqlite3 r.db "SELECT detail FROM audit WHERE action='read' AND user_name='pia' AND record_id=2 ORDER BY id" | tr '\n' ' ')" \
  '{"disclosure":2,"view":"list"} {"disclosure":2,"view":"show"} {"disclosure":2,"view":"export"} ' "the view is named"
expect_ok "the admin sees the disclosure in the log" -- --user admin --json audit list --action read --by pia
expect_match "$out" '"disclosure": 2' "the data-protection officer reads which disclosure was used"

# Only the receiving agency: Kriminalvården and the coordinator still see nothing.
expect_ok "probation lists referrals" -- --user pro --csv referral list
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | tr -d '\r')" "" "another agency sees none"
expect_ok "the coordinator lists referrals" -- --csv referral list
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | tr -d '\r')" "" "nor the coordinator"
# The disclosures themselves: the two agencies named.
expect_ok "disclosures as the police" -- $P --csv disclosure list
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | wc -l)" "2" "the receiving agency sees them"
expect_ok "disclosures as probation" -- --user pro --csv disclosure list
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | tr -d '\r')" "" "an agency not named sees none"

# Only the owner changes its records.
expect_fail 1 "the police analyst cannot edit a disclosed referral" -- $P referral edit 2 --status completed
expect_fail 1 "the coordinator cannot edit social services' referral" -- referral edit 2 --status completed
expect_match "$errout" "refused: user anna may not change a referral another agency owns" "the message says why"
expect_fail 1 "…nor delete it" -- referral delete 2
expect_fail 1 "the police cannot widen a disclosure" -- $P disclosure edit 1 --scope referral
expect_ok "social services can" -- $S referral edit 2 --status completed
expect_ok "social services withdraw a disclosure" -- $S disclosure edit 2 --valid-until 2026-11-25
expect_eq "$(sqlite3 r.db 'SELECT count(*) FROM referral') $(sqlite3 r.db "SELECT status FROM referral WHERE id=2")" "5 completed" "nothing else changed"

# No probing through an import: another agency's referral, by id, reveals nothing.
printf 'id,person,service,agency,offered,status,notes\n1,P-YOUNG1,housing,Socialtjänsten,2026-01-01,started,anteckning om P-YOUNG1\n' > probe.csv
expect_fail 1 "importing a copy of social services' referral as the coordinator" -- import referral probe.csv
expect_match "$errout" "duplicate referral: id or key already taken" "…is refused without saying whether it matched"
sed -i 's/anteckning om P-YOUNG1/gissning/' probe.csv
expect_fail 1 "…and a guess that differs" -- import referral probe.csv
expect_match "$errout" "duplicate referral: id or key already taken" "…gets the same answer"
expect_nomatch "$errout" "notes" "…naming no field"

# Validity: after valid_until the disclosure no longer opens anything.
GVI_TODAY=2026-11-26 expect_ok "the next day" -- $P --csv referral list
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | tr -d '\r' | cut -d, -f1 | tr '\n' ' ')" "4 " "the withdrawn disclosure lapsed, the other holds"
GVI_TODAY=2027-07-01 expect_ok "after both lapsed" -- $P --csv referral list
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | tr -d '\r')" "" "nothing is visible"

# Through the web API too (the same access layer), on the next day: disclosure 1 only.
tok=$("$GVI" --user admin token add pia 2>/dev/null)
GVI_TODAY=2026-11-26 serve_start
req api -H "Authorization: Bearer $tok" "$B/api/v1/referral"
expect_eq "$code" "200" "the API lists referrals for the police analyst"
expect_match "$body" '"P-TWENTY"' "…the disclosed one"
expect_nomatch "$body" 'P-YOUNG1|P-OLDER1|anteckning' "…and nothing undisclosed or lapsed"
req api1 -H "Authorization: Bearer $tok" "$B/api/v1/referral/1"
expect_match "$code" "^(403|404)$" "an undisclosed referral is refused by the API ($code)"
# Withdrawn while the server keeps the police analyst's handle open: closed at once.
GVI_TODAY=2026-11-26 expect_ok "social services withdraw the status disclosure" -- $S disclosure edit 1 --valid-until 2026-11-25
req api2 -H "Authorization: Bearer $tok" "$B/api/v1/referral"
expect_nomatch "$body" '"P-TWENTY"' "the next API request no longer shows it"
stop_server

# gvi demo records its disclosures as social services, within the rules.
expect_ok "demo" -- demo demo.db --seed 4
expect_ok "the coordinator's referrals in the demo" -- --repo demo.db --user samordnare --csv referral list
coord=$(printf '%s\n' "$out" | tail -n +2 | tr -d '\r')
expect_eq "$( [ -n "$coord" ] && printf '%s\n' "$coord" | awk -F, '$9 == "1" { ok[$2] = 1 } { seen[$2] = 1 } END { for (p in seen) if (!ok[p]) print p }' | wc -l)" "0" "the coordinator sees some referrals, all of persons who consented to one"
expect_ok "the police analyst's referrals in the demo" -- --repo demo.db --user analytiker --csv referral list
pol=$(printf '%s\n' "$out" | tail -n +2 | tr -d '\r')
expect_eq "$( [ -n "$pol" ] && printf '%s\n' "$pol" | awk -F, '$3 != "" || $4 != "" || $5 != "" || $6 != "" || $9 != "" || $8 == ""' | wc -l)" "0" "the police see some referrals, the status only"
expect_eq "$(sqlite3 demo.db "SELECT count(*) FROM disclosure d JOIN account u ON u.id = d.decided_by_id WHERE u.name <> 'socialsekreterare' OR d.from_agency_id <> u.agency_id")" "0" "every demo disclosure was decided by the disclosing agency"
