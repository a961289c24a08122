# t71-research-export.sh — `gvi evaluate export`, the research export for external evaluators:
# no names, personnummer or free text anywhere; pseudonyms stable for one export key and
# different for another; references between the files still link (every involvement's person
# is a person of person.csv); dates coarsened when asked; the policy decides what goes in and
# each personal entity's export is audited; bad keys and directories are refused.
. "$(dirname "$0")/lib.sh"
"$GVI" demo d.db --seed 3 >/dev/null || notok "demo"
export GVI_REPO=d.db GVI_USER=samordnare
echo "ett-hemligt-exportlosen-2026" > key.txt
expect_ok "the coordinator makes the export" -- evaluate export --key-file key.txt --output ex1 --coarsen month
expect_ok "again with the same key" -- evaluate export --key-file key.txt --output ex2 --coarsen month
echo "en-annan-nyckel-for-ett-annat-projekt" > key2.txt
expect_ok "with another key" -- evaluate export --key-file key2.txt --output ex3 --coarsen month
expect_eq "$(ls ex1 | wc -l)" "27" "one file per entity besides users and external series, and README.txt"
expect_eq "$(cd ex1 && cat *.csv | sha256sum)" "$(cd ex2 && cat *.csv | sha256sum)" "the same key gives the same pseudonyms"
expect_eq "$(head -2 ex1/person.csv | tail -1 | cut -d, -f1 | grep -c -F -f - ex3/person.csv)" "0" "another key gives other pseudonyms"
$GVI --csv person list --limit 1000 | /usr/bin/python3 -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
    print(r["name"]); print(r["code"])
' > secrets.txt
$GVI export person --output plain.csv >/dev/null 2>&1 || notok "plain export"
/usr/bin/python3 -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
    if r.get("pnr"): print(r["pnr"])
    for a in (r.get("aliases") or "").split(";"):
        if a: print(a)
' < plain.csv >> secrets.txt
expect_eq "$([ "$(wc -l < secrets.txt)" -gt 300 ] && echo enough)" "enough" "the names, codes, personnummer and aliases to look for"
expect_eq "$([ "$(grep -c -F -w -f secrets.txt plain.csv)" -ge 300 ] && echo found)" "found" "the search finds them in an ordinary export (control)"
expect_eq "$(grep -r -F -w -f secrets.txt ex1 | head -3)" "" "no name, code, personnummer or alias in any file"
check=$(/usr/bin/python3 - <<'PY'
import csv, re
out = []
def check(c, w): out.append(("ok" if c else "not ok") + " - " + w)
rd = lambda f: list(csv.DictReader(open("ex1/" + f)))
persons = {r["pseudonym"] for r in rd("person.csv")}
incidents = rd("incident.csv")
inc = {r["pseudonym"] for r in incidents}
inv = rd("involvement.csv")
check(len(persons) == 300 and all(re.fullmatch(r"R-[A-Z0-9]{12}", p) for p in persons), "300 persons with pseudonyms")
check(all(r["person"] in persons and r["incident"] in inc for r in inv), "every involvement links a person and an incident of the export")
check(all(re.fullmatch(r"\d{4}-\d{2}", r["occurred"]) for r in incidents), "incident dates coarsened to the month")
check(all(re.fullmatch(r"\d{4}", r["birth"]) for r in rd("person.csv") if r["birth"]), "births as years only")
check(all(k not in rd("person.csv")[0] for k in ("name", "pnr", "aliases", "notes", "code")), "no name, pnr, aliases, notes or code column")
check(all(k not in incidents[0] for k in ("description", "place", "lat", "lon")), "no description, place or coordinates")
check("area" in incidents[0] and "type" in incidents[0], "areas and incident types keep their names")
print("\n".join(out))
PY
)
while IFS= read -r line; do case "$line" in "ok - "*) ok "${line#ok - }";; *) notok "${line#not ok - }";; esac; done <<< "$check"
expect_eq "$(sqlite3 d.db "SELECT count(*) FROM audit WHERE user_name='samordnare' AND action='export' AND entity='person'")" "4" "each export of persons is audited (three research exports, one plain)"
expect_ok "the evaluator's export has no personal data" -- --user utvarderare evaluate export --key-file key.txt --output ex4
expect_eq "$(ls ex4/person.csv 2>/dev/null)" "" "no person file"
expect_match "$(cat ex4/README.txt)" "Left out.*person" "the README names what was left out"
echo "kort" > short.txt
expect_fail 1 "too short a key" -- evaluate export --key-file short.txt --output ex5
expect_match "$errout" "at least 12 characters" "says how long"
expect_fail 1 "a directory that is not empty" -- evaluate export --key-file key.txt --output ex1
expect_fail 2 "no key" -- evaluate export --output ex6
expect_fail 2 "a bad coarsening" -- evaluate export --key-file key.txt --output ex7 --coarsen week
__finish
