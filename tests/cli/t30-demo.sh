# t30-demo.sh — `gvi demo`: a fictitious programme in a new repository, the same for the same
# seed and day, with retaliation between groups in conflict really in the incident data.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

expect_ok "demo creates a repository" -- demo demo.db --seed 7
expect_match "$out" "samordnare +coordinator" "the summary names the demo logins"
expect_match "$out" "--user NAME or set GVI_USER" "the summary says how to log in"
expect_ok "status as the demo coordinator" -- --repo demo.db --user samordnare --json status
counts=$(printf '%s' "$out" | $PY -c 'import json,sys; c=json.load(sys.stdin)["counts"]
print(" ".join("%s=%d" % (k, c[k]) for k in ("group","person","callin","incident","notification","membership","relation","enforcement","referral","invitation")))')
echo "# $counts"
check_range() {   # check_range NAME LOW HIGH
  local v; v=$(printf '%s\n' $counts | sed -n "s/^$1=//p")
  if [ -n "$v" ] && [ "$v" -ge "$2" ] && [ "$v" -le "$3" ]; then ok "$1 count $v in $2..$3"
  else notok "$1 count '$v' not in $2..$3"; fi
}
check_range group 10 14
check_range person 250 350
check_range callin 2 2
check_range incident 101 100000
check_range notification 30 50
check_range membership 150 400
check_range enforcement 1 100
check_range referral 1 200
check_range invitation 30 50
expect_ok "demo users can log in" -- --repo demo.db --user analytiker group list
expect_match "$out" "Kvarnbackenligan" "the police analyst sees the groups"
expect_fail 1 "the evaluator sees no personal data" -- --repo demo.db --user utvarderare person list

# One bulk audit entry for the whole demo, with its seed.
expect_ok "audit as admin" -- --repo demo.db --user admin --json audit list --action demo
expect_match "$out" '\\"seed\\": *7|"seed": *7' "the demo is audited once with its seed"

# Determinism: the same seed and day give the same content; another seed does not.
expect_ok "same seed again" -- demo again.db --seed 7
expect_ok "another seed" -- demo other.db --seed 8
for r in demo again other; do
  expect_ok "export $r" -- --repo $r.db --user samordnare export all --output $r
done
if diff -r demo again >/dev/null; then ok "the same seed gives identical exports"
else notok "the same seed gives different exports: $(diff -r demo again | head -5)"; fi
if diff -r -q demo other >/dev/null; then notok "another seed gives the same export"
else ok "another seed gives a different demo"; fi

# An existing file is refused and left alone.
printf 'not a repository\n' > taken.db
expect_fail 1 "demo refuses an existing file" -- demo taken.db
expect_match "$errout" "already exists" "the error says the file exists"
expect_eq "$(cat taken.db)" "not a repository" "the existing file is unchanged"
before=$(db_digest demo.db)
expect_fail 1 "demo refuses an existing repository" -- demo demo.db
expect_eq "$(db_digest demo.db)" "$before" "the existing repository is unchanged"
expect_fail 2 "an unknown scale is a usage error" -- demo x.db --scale planet
expect_fail 2 "a bad seed is a usage error" -- demo x.db --seed -3
[ ! -e x.db ] && ok "nothing is left behind after a usage error" || notok "x.db was created"
GVI_REPO=viaenv.db expect_ok "PATH defaults to the repository" -- demo
[ -f viaenv.db ] && ok "the demo went to \$GVI_REPO" || notok "viaenv.db missing"

# No personnummer anywhere, and every membership has a basis.
expect_eq "$($PY -c 'import csv; print(sum(1 for r in csv.DictReader(open("demo/person.csv", encoding="utf-8")) if r["pnr"]))')" "0" "no personnummer in the demo"
expect_eq "$($PY -c 'import csv; print(sum(1 for r in csv.DictReader(open("demo/membership.csv", encoding="utf-8")) if not r["basis"]))')" "0" "every membership has a basis"
expect_match "$($PY -c 'import csv; print(" ".join(r["name"] for r in csv.DictReader(open("demo/person.csv", encoding="utf-8"))))')" "(Exempel|Påhittad|Låtsas|Fiktiv|Demo)" "surnames are obviously invented"
ages=$($PY - <<'EOF'
import csv
ages = [2026 - int(r["birth"][:4]) for r in csv.DictReader(open("demo/person.csv", encoding="utf-8"))]
print(sum(a < 18 for a in ages) > 0, sum(a < 21 for a in ages) > 0, sum(15 <= a <= 35 for a in ages) / len(ages) > 0.8)
EOF
)
expect_eq "$ages" "True True True" "ages mostly 15–35, some under 18 and under 21"
expect_ok "status lists overdue reviews" -- --repo demo.db --user samordnare --json status
expect_eq "$(printf '%s' "$out" | $PY -c 'import json,sys; s=json.load(sys.stdin); print(len(s["reviews_overdue"]) > 0, len(s["follow_ups"]) > 0)')" "True True" "some reviews and follow-ups are due"

# Retaliation: after A strikes B, B strikes A within 30 days far more often than if the same
# incidents had happened at random times over the period (baseline with a fixed seed).
ratio=$($PY - demo <<'EOF'
import csv, datetime, random, sys
d = sys.argv[1]
def rows(name):
    with open(f"{d}/{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
when = {}
for r in rows("incident"):
    s = r["occurred"]
    fmt = "%Y-%m-%d %H:%M" if len(s) == 16 else "%Y-%m-%d"
    when[r["id"]] = datetime.datetime.strptime(s, fmt).timestamp() / 86400.0
sides = {}
for r in rows("group-involvement"):
    sides.setdefault(r["incident"], {}).setdefault(r["side"], []).append(r["group"])
events = [(when[i], s["perpetrating"][0], s["victimised"][0]) for i, s in sides.items()
          if len(s.get("perpetrating", [])) == 1 and len(s.get("victimised", [])) == 1]
def fraction(ev):
    by = {}
    for t, a, b in ev:
        by.setdefault((a, b), []).append(t)
    hits = sum(any(t - 30 <= u < t for u in by.get((a, b), [])) for t, b, a in ev)
    return hits / len(ev)
observed = fraction(events)
rng = random.Random(20261125)
lo, hi = min(when.values()), max(when.values())
baseline = sum(fraction([(rng.uniform(lo, hi), a, b) for _, a, b in events]) for _ in range(50)) / 50
print(f"{observed / baseline:.2f} {len(events)} {observed:.2f} {baseline:.2f}")
EOF
)
echo "# retaliation: ratio, incidents between groups, observed, baseline = $ratio"
set -- $ratio
if [ -n "${1:-}" ] && $PY -c "import sys; sys.exit(0 if float('$1') > 2 and int('$2') >= 20 else 1)"; then
  ok "retaliation within 30 days is more than twice the random baseline ($1)"
else
  notok "retaliation ratio '$ratio' not above 2"
fi
