# t29-inclusion.sh — the inclusion rules of docs/privacy.md, enforced in the access layer on
# add, edit and import: documented criteria within a window, no member by inference from a
# victim's involvement, no member below the minimum age, minors flagged and reviewed sooner,
# review dates within the cycle; the settings that govern them, changed by the admin, audited.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
make_repo r.db
count() { sqlite3 r.db "SELECT count(*) FROM $1"; }

# The settings and their defaults (migration 6).
expect_ok "settings are listed" -- --csv setting list
expect_match "$out" "inclusion.min_criteria,2," "at least two criteria by default"
expect_match "$out" "inclusion.window_years,5," "within five years by default"
expect_match "$out" "review.minor_months,6," "minors reviewed every six months by default"

expect_ok "adult" -- person add --name "Adam Exempelsson" --code P-ADULT1 --birth 1999-03-04
expect_ok "minor by birth date" -- person add --name "Mira Exempelsson" --code P-MINOR1 --birth 2010-05-01
# 20120101-0004: a personnummer only (no birth recorded): 14 on GVI_TODAY 2026-11-25.
expect_ok "minor by personnummer only" -- person add --name "Pnr Exempelsson" --code P-PNRONL --pnr 20120101-0004
expect_ok "a child" -- person add --name "Barn Exempelsson" --code P-CHILD1 --birth 2019-02-02
expect_ok "an infant" -- person add --name "Bebis Exempelsson" --code P-INFANT --birth 2026-01-01
expect_ok "group" -- group add --name Blå

# 1. Documented criteria: at least two different ones, each with a source and date, within
#    five years before the membership's last day (until, else today), none in the future.
n0=$(count membership)
expect_fail 1 "one criterion is not enough" -- membership add --person P-ADULT1 --group Blå --level core \
  --basis "intelligence|PM 1|2024-01-01"
expect_match "$errout" "^gvi: basis: a membership needs at least 2 different criteria" "the message names the field and the rule"
expect_match "$errout" "inclusion.min_criteria" "the message names the setting"
expect_fail 1 "the same criterion twice counts once" -- membership add --person P-ADULT1 --group Blå --level core \
  --basis "intelligence|PM 1|2024-01-01;intelligence|PM 2|2024-02-01"
expect_fail 1 "a criterion older than five years does not count" -- membership add --person P-ADULT1 --group Blå \
  --level core --basis "intelligence|PM 1|2024-01-01;symbols|Foto 1|2021-11-25"
expect_match "$errout" "after 2021-11-25" "the message gives the window"
expect_fail 1 "a source dated in the future is refused" -- membership add --person P-ADULT1 --group Blå --level core \
  --basis "intelligence|PM 1|2024-01-01;symbols|Foto 1|2026-12-01"
expect_match "$errout" "future" "the message says why"
expect_fail 1 "a criterion without a source is refused" -- membership add --person P-ADULT1 --group Blå --level core \
  --basis "intelligence||2024-01-01;symbols|Foto 1|2024-02-01"
expect_eq "$(count membership)" "$n0" "nothing was written"
expect_ok "two criteria within the window" -- membership add --person P-ADULT1 --group Blå --level core \
  --basis "intelligence|PM 1|2024-01-01;symbols|Foto 1|2021-11-26"
m1=$(sqlite3 r.db "SELECT max(id) FROM membership")
expect_ok "an ended membership is judged at its end" -- membership add --person P-ADULT1 --group Blå --level member \
  --since 2017-01-01 --until 2019-06-01 --basis "intelligence|PM 0|2017-01-01;symbols|Foto 0|2016-06-01"

# On edit: a new basis is checked again; ending is always possible.
expect_fail 1 "edit: replacing the basis with one criterion is refused" -- membership edit $m1 --basis "intelligence|PM 9|2025-01-01"
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM membership_basis WHERE parent_id=$m1")" "2" "the stored basis is unchanged"
expect_ok "end the membership" -- membership end $m1 --date 2026-11-01

# Import: the same rules, with file, line and field; nothing is written.
printf 'person,group,level,basis\nP-ADULT1,Blå,member,intelligence|PM 3|2025-01-01;symbols|F|2025-02-01\nP-ADULT1,Blå,associate,intelligence|PM 4|2025-01-01\n' > m.csv
n1=$(count membership)
expect_fail 1 "import with a one-criterion membership refused" -- import membership m.csv
expect_match "$errout" "m.csv:3: basis: a membership needs at least 2" "the error names file, line and field"
expect_eq "$(count membership)" "$n1" "the whole import was refused"

# 2. Settings: the admin changes them (audited), values out of range are refused.
expect_fail 1 "the coordinator may not change a setting" -- setting edit inclusion.min_criteria --value 3
expect_ok "the admin raises the criteria to three" -- --user admin setting edit inclusion.min_criteria --value 3
expect_fail 1 "two criteria are then not enough" -- membership add --person P-ADULT1 --group Blå --level member \
  --basis "intelligence|PM 5|2025-01-01;symbols|F 5|2025-02-01"
expect_match "$errout" "at least 3 different criteria" "the new setting is applied"
expect_ok "three are" -- membership add --person P-ADULT1 --group Blå --level member \
  --basis "intelligence|PM 5|2025-01-01;symbols|F 5|2025-02-01;social_media|SM 5|2025-03-01"
expect_ok "audit of the setting" -- --user admin --json audit list --entity setting
expect_match "$(printf '%s' "$out" | tr -d ' \n')" '"action":"edit","entity":"setting","record":1,"detail":\{"value":\["2","3"\]\}' "the change is in the audit log, old and new value"
for bad in "inclusion.min_criteria 0" "inclusion.min_criteria x" "inclusion.window_years 0" "review.months 100" "inclusion.min_age 3"; do
  set -- $bad
  expect_fail 1 "setting $1 to $2 is refused" -- --user admin setting edit $1 --value $2
done
expect_match "$errout" "^gvi: value: inclusion.min_age must be a whole number from 10 to 25" "the message names field and range"
expect_fail 1 "an unknown setting is refused" -- --user admin setting add --name inclusion.maybe --value 1
expect_fail 1 "a retention rule for a non-personal entity is refused" -- --user admin setting add --name retention.group --value 12
expect_fail 1 "a retention rule for an unknown agency kind is refused" -- --user admin setting add --name retention.referral.bank --value 12
expect_eq "$(sqlite3 r.db "SELECT value FROM setting WHERE name='inclusion.min_criteria'")" "3" "refused values changed nothing"
expect_ok "back to two" -- --user admin setting edit inclusion.min_criteria --value 2

# 3. No member by inference from a victim's (or witness's) involvement.
expect_ok "an incident" -- incident add --occurred 2026-03-01 --type shooting
expect_ok "a victim" -- person add --name "Offer Exempelsson" --code P-VICTIM --birth 2000-01-01
expect_ok "the victim's involvement" -- involvement add --incident 1 --person P-VICTIM --role victim
expect_ok "a witness's involvement" -- involvement add --incident 1 --person P-ADULT1 --role witness
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM membership m JOIN person p ON p.id=m.person_id WHERE p.code='P-VICTIM'")" "0" "recording a victim creates no membership"
expect_fail 1 "a basis citing an incident where the person was a victim is refused" -- membership add \
  --person P-VICTIM --group Blå --level associate --basis "co_offending|FU 1|2026-03-01|1;symbols|F|2026-03-02"
expect_match "$errout" "basis: incident 1: the person is recorded there only as victim" "the message says victim"
expect_fail 1 "…and where the person was a witness" -- membership add --person P-ADULT1 --group Blå --level associate \
  --basis "co_offending|FU 1|2026-03-01|1;symbols|F|2026-03-02"
expect_match "$errout" "only as witness" "the message says witness"
expect_fail 1 "…and where the person is not involved at all" -- membership add --person P-MINOR1 --group Blå \
  --level associate --basis "co_offending|FU 1|2026-03-01|1;symbols|F|2026-03-02"
expect_match "$errout" "not recorded as involved" "the message says so"
expect_ok "a suspect's involvement" -- involvement add --incident 1 --person P-ADULT1 --role suspect
expect_ok "as a suspect the incident may be cited" -- membership add --person P-ADULT1 --group Blå --level associate \
  --basis "co_offending|FU 1|2026-03-01|1;symbols|F|2026-03-02"
expect_ok "the cited incident is shown" -- --csv membership show $(sqlite3 r.db "SELECT max(id) FROM membership")
expect_match "$out" "co_offending\|FU 1\|2026-03-01\|1;symbols\|F\|2026-03-02" "the basis item keeps its incident"

# 4. Minimum age (CalGang listed infants): checked on since, else on the last day.
expect_fail 1 "an infant cannot be a member" -- membership add --person P-INFANT --group Blå --level associate \
  --basis "intelligence|PM 6|2026-06-01;symbols|F 6|2026-06-02"
expect_match "$errout" "^gvi: person: the person was 0 on 2026-11-25; no membership below age 13" "the message gives age and setting"
expect_fail 1 "nor a seven-year-old" -- membership add --person P-CHILD1 --group Blå --level associate \
  --basis "intelligence|PM 6|2026-06-01;symbols|F 6|2026-06-02"
expect_fail 1 "nor a member from age 10" -- membership add --person P-MINOR1 --group Blå --level associate \
  --since 2020-06-01 --basis "intelligence|PM 6|2026-06-01;symbols|F 6|2026-06-02"

# 5. Minors: flagged, and reviewed every 6 months (12 for adults); no review date beyond.
expect_ok "a minor's membership" -- membership add --person P-MINOR1 --group Blå --level associate \
  --basis "intelligence|PM 7|2026-06-01;symbols|F 7|2026-06-02"
mm=$(sqlite3 r.db "SELECT max(id) FROM membership")
expect_eq "$(sqlite3 r.db "SELECT review FROM membership WHERE id=$mm")" "2027-05-25" "a minor's membership is reviewed in 6 months"
expect_eq "$(sqlite3 r.db "SELECT review FROM person WHERE code='P-MINOR1'")" "2027-05-25" "a minor is reviewed in 6 months"
expect_eq "$(sqlite3 r.db "SELECT review FROM person WHERE code='P-PNRONL'")" "2027-05-25" "…also when only the personnummer gives the age"
expect_eq "$(sqlite3 r.db "SELECT review FROM person WHERE code='P-ADULT1'")" "2027-11-25" "an adult is reviewed in 12 months"
expect_ok "membership list" -- --csv membership list --person P-MINOR1
expect_match "$out" ",1,GVI-samordning" "the minor's membership is flagged (minor = 1) in the list"
expect_ok "membership show" -- --json membership show $mm
expect_match "$out" '"minor": *true' "…and on show"
expect_ok "person list" -- --csv person list --search Exempelsson
expect_match "$(printf '%s\n' "$out" | grep P-PNRONL)" "under 18" "the age band comes from the personnummer when there is no birth date"
expect_match "$(printf '%s\n' "$out" | grep P-ADULT1)" "adult" "an adult is an adult"
expect_fail 1 "a review date 100 years away is refused" -- person edit P-ADULT1 --review 2126-01-01
expect_match "$errout" "^gvi: review: 2126-01-01 is more than 12 months ahead" "the message names field, cycle and setting"
expect_fail 1 "a minor's review more than 6 months away is refused" -- membership edit $mm --review 2027-08-01
expect_match "$errout" "review.minor_months" "…naming the minors' setting"
expect_fail 1 "a review date cannot be removed" -- person edit P-ADULT1 --review ""
expect_fail 1 "a review date beyond the cycle is refused on add" -- person add --name "Sen Exempelsson" --review 2028-01-01
expect_ok "a review date within the cycle is kept" -- membership edit $mm --review 2027-03-01
expect_ok "a tie has a review date too" -- tie add --person-a P-ADULT1 --person-b P-MINOR1 --kind hang_out
expect_eq "$(sqlite3 r.db "SELECT review FROM tie")" "2027-05-25" "a tie with a minor is reviewed in 6 months"

# 6. gvi demo's memberships meet the rules, checked independently from its export.
expect_ok "demo" -- demo demo.db --seed 3
expect_ok "export the demo" -- --repo demo.db --user samordnare export all --output demo
res=$($PY - demo <<'EOF'
import csv, datetime, sys
d = sys.argv[1]
today = datetime.date(2026, 11, 25)
def rows(n): return list(csv.DictReader(open(f"{d}/{n}.csv", encoding="utf-8")))
def latest_birth(b):
    if len(b) == 4: return datetime.date(int(b), 12, 31)
    return datetime.date.fromisoformat(b)
def age(b, on):
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))
def minus_years(x, n):
    try: return x.replace(year=x.year - n)
    except ValueError: return x.replace(year=x.year - n, day=28)
def plus_months(x, n):
    y, m = divmod(x.month - 1 + n, 12)
    import calendar
    y += x.year; m += 1
    return datetime.date(y, m, min(x.day, calendar.monthrange(y, m)[1]))
birth = {r["code"]: latest_birth(r["birth"]) for r in rows("person")}
bad = []
for r in rows("person"):
    minor = age(birth[r["code"]], today) < 18
    if datetime.date.fromisoformat(r["review"]) > plus_months(today, 6 if minor else 12): bad.append(("person review", r["code"]))
for m in rows("membership"):
    until = datetime.date.fromisoformat(m["until"]) if m["until"] else None
    end = until if until and until < today else today
    start = minus_years(end, 5)
    crit = set()
    for item in m["basis"].split(";"):
        c, src, dt = item.split("|")[:3]
        dt = datetime.date.fromisoformat(dt)
        if not src: bad.append(("no source", m["id"]))
        if dt > today: bad.append(("future", m["id"]))
        if start < dt <= end: crit.add(c)
    if len(crit) < 2: bad.append(("criteria", m["id"]))
    since = datetime.date.fromisoformat(m["since"]) if m["since"] else end
    if age(birth[m["person"]], since) < 13: bad.append(("age", m["id"]))
    minor = age(birth[m["person"]], today) < 18
    if datetime.date.fromisoformat(m["review"]) > plus_months(today, 6 if minor else 12): bad.append(("review", m["id"]))
    if (m["minor"] in ("1", "yes", "true")) != (age(birth[m["person"]], end) < 18): bad.append(("minor flag", m["id"]))
print(len(rows("membership")), len(bad), bad[:5])
EOF
)
echo "# demo memberships checked, violations, first: $res"
set -- $res
[ "${1:-0}" -gt 100 ] && [ "${2:-1}" = "0" ] && ok "every demo membership and person meets the inclusion and review rules" || notok "demo violates the rules: $res"
