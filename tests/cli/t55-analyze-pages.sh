# t55-analyze-pages.sh — the analysis pages of gvi serve (/analys…) against the command line:
# on the demo programme, every number a page shows is checked against `gvi --json analyze …`
# run as the same user (the oracle), per role: what each role is shown or refused, the
# explanations with the records a role may not read counted but not shown, the filters,
# sorting and CSV export, the pictures and graph downloads, the cache emptied by a write,
# and bad input.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { notok "curl is installed (scripts/setup installs it)"; exit 1; }

"$GVI" demo demo.db --seed 7 >/dev/null 2>&1 || { notok "the demo programme is made"; exit 1; }
export GVI_REPO=demo.db
for u in samordnare analytiker socialsekreterare frivard forening; do
  printf '%s\n' "lösenord-$u-1" | "$GVI" --user admin passwd "$u" >/dev/null 2>&1 ||
    { notok "set the password of $u"; exit 1; }
done
# two persons under Kriminalvården's supervision today, for the call-in filter
sup=$("$GVI" --user samordnare --csv analyze persons --top 2 | tail -n +2 | cut -d, -f1)
for c in $sup; do
  "$GVI" --user frivard supervision add --person "$c" --kind probation --since 2026-01-01 >/dev/null ||
    notok "probation records the supervision of $c"
done

cli() { # cli USER ARGS...: the oracle, as JSON on stdout
  local u=$1; shift
  "$GVI" --user "$u" --json analyze "$@" 2>/dev/null
}
py() { /usr/bin/python3 -c "$@"; }

serve_start

login() { # login USER: a session in the cookie jar USER.jar
  rm -f "$1.jar"
  req form -c "$1.jar" "$B/login"
  local tok; tok=$(awk '$6 == "gvi_login" { print $7 }' "$1.jar")
  req login -b "$1.jar" -c "$1.jar" --data-urlencode "csrf=$tok" --data-urlencode "user=$1" \
    --data-urlencode "password=lösenord-$1-1" "$B/login"
  [ "$code" = 303 ] && ok "$1 logs in" || notok "$1 logs in (got $code)"
  choose_purpose "$1.jar" || notok "$1 states a purpose of access"
}
get() { # get USER PATH
  req page -b "$1.jar" "$B$2"
}
for u in samordnare analytiker socialsekreterare frivard forening; do login "$u"; done

# ---- the overview: concentration and group ranking (coordinator) ----
get samordnare /analys
expect_eq "$code" 200 "the coordinator opens /analys"
expect_match "$body" 'href="/analys" aria-current="page"' "the navigation marks Analys"
cli samordnare concentration > conc.json
want=$(py 'import json; d=json.load(open("conc.json"))
print(" ".join("%d:%d:%d" % (t["percent"], t["units"], t["incidents"]) for t in d["top_of_involved"]))')
got=$(printf '%s' "$body" | py 'import re,sys
print(" ".join("%s:%s:%s" % m for m in re.findall(r"<li data-percent=\"(\d+)\">[^(]*\((\d+) av \d+\): [^(]*\((\d+) av", sys.stdin.read())))')
expect_eq "$got" "$want" "the top 1/5/10 % of persons and their incidents are the CLI's"
expect_match "$body" "Grova våldsbrott i perioden: $(py 'import json; print(json.load(open("conc.json"))["serious_incidents"])')\." \
  "the number of serious incidents is the CLI's"
expect_match "$body" '<svg class="curve"' "the concentration curve is drawn as SVG"
npts=$(printf '%s' "$body" | grep -o '<polyline class="s0" points="[^"]*"' | grep -o '[0-9]*,[0-9]*' | wc -l | tr -d ' ')
expect_eq "$npts" "$(py 'import json; print(len(json.load(open("conc.json"))["curve"]))')" "the curve has one point per step of the CLI's curve"
cli samordnare groups --top 0 > groups.json
want=$(py 'import json; d=json.load(open("groups.json"))
print(" ".join("%s=%.4g/%d" % (g["group"], g["score"], len(g["explanation"])) for g in d["groups"]))')
got=$(printf '%s' "$body" | py 'import re,sys,html
b=sys.stdin.read(); out=[]
for row in re.findall(r"<tr><td class=\"rank\">.*?</details></td></tr>", b, re.S):
    name=html.unescape(re.search(r"<th scope=\"row\"><a [^>]*>([^<]*)</a>", row).group(1))
    score=re.search(r"<td class=\"score\">([^<]*)</td>", row).group(1)
    n=len(re.findall(r"<a href=\"/incidents/\d+\">", row))
    out.append("%s=%s/%d" % (name, score, n))
print(" ".join(out))')
expect_eq "$got" "$want" "the group ranking, scores and the incidents of each explanation are the CLI's"

# ---- persons: the priority list, sorting, filters, CSV ----
cli samordnare persons --top 0 > persons.json
get samordnare "/analys/personer?top=15"
expect_eq "$code" 200 "the coordinator opens the priority list"
codes() { printf '%s' "$body" | grep -o '<th scope="row"><a href="/analys/personer/[^"]*"' | sed 's/.*personer\///; s/"$//' | tr '\n' ' '; }
expect_eq "$(codes)" "$(py 'import json; print(" ".join(p["code"] for p in json.load(open("persons.json"))[:15]) + " ")')" \
  "the first 15 persons by severity, in the CLI's order"
sev=$(printf '%s' "$body" | grep -o '<td class="severity">[^<]*' | head -3 | sed 's/.*>//' | tr '\n' ' ')
expect_eq "$sev" "$(py 'import json; print(" ".join("%.4g" % p["severity"] for p in json.load(open("persons.json"))[:3]) + " ")')" \
  "their severity sums are the CLI's"
cli samordnare persons --sort betweenness --top 10 > btw.json
get samordnare "/analys/personer?top=10&sort=betweenness"
expect_eq "$(codes)" "$(py 'import json; print(" ".join(p["code"] for p in json.load(open("btw.json"))) + " ")')" \
  "sorted by betweenness, as the CLI sorts"
comm=$(py 'import json; print(json.load(open("persons.json"))[0]["community"])')
get samordnare "/analys/personer?top=0&community=$comm"
expect_eq "$(codes)" "$(py "import json; print(' '.join(p['code'] for p in json.load(open('persons.json')) if p['community'] == $comm) + ' ')")" \
  "the community filter keeps exactly the CLI's persons of community $comm"
cli samordnare persons --supervised --top 0 > sup.json
get samordnare "/analys/personer?top=0&supervised=1"
expect_eq "$(codes)" "$(py 'import json; print(" ".join(p["code"] for p in json.load(open("sup.json"))) + " ")')" \
  "under Kriminalvården's supervision: the CLI's --supervised list"
expect_eq "$(py 'import json; print(len(json.load(open("sup.json"))))')" 2 "two persons are under supervision"
cli samordnare persons --from 2026-01-01 --area Norrvik --top 5 > period.json
get samordnare "/analys/personer?top=5&from=2026-01-01&area=Norrvik"
expect_eq "$(codes)" "$(py 'import json; print(" ".join(p["code"] for p in json.load(open("period.json"))) + " ")')" \
  "period and area filters give the CLI's list"
expect_nomatch "$(codes)" "^$(py 'import json; print(" ".join(p["code"] for p in json.load(open("persons.json"))[:5]))') $" \
  "which differs from the unfiltered one"
req csv -b samordnare.jar "$B/analys/personer?format=csv&community=$comm"
expect_eq "$code" 200 "CSV export"
expect_match "$hdrs" 'Content-Type: text/csv' "served as text/csv"
got=$(py 'import csv,sys; r=list(csv.reader(open("csv.body"))); print(r[0][:3], " ".join(x[0] for x in r[1:]))')
want=$(py "import json; print(['code', 'age_band', 'suspect'], ' '.join(p['code'] for p in json.load(open('persons.json')) if p['community'] == $comm))")
expect_eq "$got" "$want" "the CSV has the header and every row of the filtered list"

# ---- one person's explanation, per role ----
code1=$(py 'import json; print(json.load(open("persons.json"))[0]["code"])')
cli samordnare explain "$code1" > ex-coord.json
get samordnare "/analys/personer/$code1"
expect_eq "$code" 200 "the coordinator opens $code1's explanation"
nb=$(printf '%s' "$body" | sed -n '/class="neighbours"/,/<\/table>/p' | grep -o 'href="/analys/personer/[^"]*"' | sed 's/.*personer\///; s/"$//' | sort | tr '\n' ' ')
expect_eq "$nb" "$(py 'import json; print(" ".join(sorted(n["code"] for n in json.load(open("ex-coord.json"))["neighbours"])) + " ")')" \
  "the neighbours are the CLI's"
inv=$(printf '%s' "$body" | sed -n '/class="involvements"/,/<\/table>/p' | grep -o 'href="/incidents/[0-9]*"' | grep -o '[0-9]*' | tr '\n' ' ')
expect_eq "$inv" "$(py 'import json; print(" ".join(str(i["incident"]) for i in json.load(open("ex-coord.json"))["involvements"]) + " ")')" \
  "the involvements link the CLI's incidents"
expect_nomatch "$body" 'behörighet att se' "the coordinator may see every record: nothing is hidden"
expect_eq "$(py 'import json; print(json.load(open("ex-coord.json"))["hidden_records"])')" 0 "CLI: no hidden record for the coordinator"

cli analytiker explain "$code1" > ex-police.json
expect_eq "$(py 'import json; d=json.load(open("ex-police.json")); print(d["hidden_records"], len(d["neighbours"]))')" \
  "0 $(py 'import json; print(len(json.load(open("ex-coord.json"))["neighbours"]))')" "CLI: the police analyst sees the same neighbours, nothing hidden"

# probation may not read incidents, involvements, ties or memberships; the policy lets its
# analyses count them: the scores are the coordinator's, the records only counted
cli frivard explain "$code1" > ex-prob.json
expect_eq "$(py 'import json; a=json.load(open("ex-prob.json")); b=json.load(open("ex-coord.json")); print(a["person"]["severity"] == b["person"]["severity"] and a["person"]["degree"] == b["person"]["degree"])')" \
  True "CLI: probation's scores are computed from the same records"
expect_eq "$(py 'import json; d=json.load(open("ex-prob.json")); print(len(d["neighbours"]), len(d["involvements"]), d["person"]["last"])')" \
  "0 0 None" "CLI: probation is shown no neighbour, involvement or incident date"
hid=$(py 'import json; a=json.load(open("ex-prob.json")); b=json.load(open("ex-coord.json"))
print(a["hidden_evidence"] == sum(len(n["evidence"]) for n in b["neighbours"]) and a["hidden_involvements"] == len(b["involvements"]), a["hidden_evidence"], a["hidden_involvements"])')
expect_eq "${hid%% *}" True "CLI: probation's hidden records are exactly the coordinator's evidence and involvements ($hid)"
set -- $hid
get frivard "/analys/personer/$code1"
expect_eq "$code" 200 "probation opens $code1's explanation"
expect_match "$body" "<p class=\"hidden-records\">$2 underlag som du inte har behörighet att se</p>" \
  "the page says how many records behind the edges exist, not what they are"
expect_match "$body" "<p class=\"hidden-records\">$3 underlag som du inte har behörighet att se</p>" "and how many involvements"
main=$(printf '%s' "$body" | sed -n '/<main/,/<\/main>/p')
expect_nomatch "$main" 'href="/incidents/' "no incident is linked for probation"
expect_nomatch "$main" "$(py 'import json; n=json.load(open("ex-coord.json"))["neighbours"]; print(n[0]["code"] if n else "NO-NEIGHBOUR")')" \
  "no neighbour is named for probation"
expect_fail 1 "social services may not run the risk model" -- --user socialsekreterare analyze risk
get socialsekreterare /analys/risk
expect_eq "$code" 403 "nor open the risk page"
expect_match "$body" 'may not read persons and involvements' "the page gives the analysis's reason"

# ---- risk: the list and its explanations ----
cli samordnare risk --top 8 > risk.json
get samordnare "/analys/risk?top=8"
expect_eq "$code" 200 "the coordinator opens the risk page"
got=$(printf '%s' "$body" | grep -o '<tr><th scope="row"><a href="/analys/personer/[^"]*"' | sed 's/.*personer\///; s/"$//' | tr '\n' ' ')
expect_eq "$got" "$(py 'import json; print(" ".join(p["code"] for p in json.load(open("risk.json"))["current"]["persons"]) + " ")')" \
  "the persons at highest risk, in the CLI's order"
got=$(printf '%s' "$body" | grep -o '<td class="probability">[^<]*' | sed 's/.*>//' | tr '\n' ' ')
expect_eq "$got" "$(py 'import json; print(" ".join("%.4g" % p["probability_horizon"] for p in json.load(open("risk.json"))["current"]["persons"]) + " ")')" \
  "their probabilities are the CLI's"
expect_eq "$(printf '%s' "$body" | grep -c '<table class="terms">')" \
  "$(py 'import json; print(sum(1 for p in json.load(open("risk.json"))["current"]["persons"] if p["terms"]))')" \
  "every score with exposure has its terms table"
expect_match "$body" "$(py 'import json; e=json.load(open("risk.json"))["evaluation"]; print("<td>%.3g</td><td>%.3g</td></tr>" % (e["contagion"]["precision"], e["contagion"]["recall"]))')" \
  "the out-of-sample precision and recall are the CLI's"
expect_match "$body" "$(py 'import json; e=json.load(open("risk.json"))["evaluation"]; print("<tr class=\"distance2\"><th scope=\"row\">[^<]*</th><td>%d</td><td>%.3g</td><td>%.3g</td></tr>" % (e["distance2"]["hits"], e["distance2"]["precision"], e["distance2"]["recall"]))')" \
  "and those of the distance-2 model"
expect_eq "$(py 'import json; d=json.load(open("risk.json")); p=d["current"]["persons"]
print(all(abs(sum(t["contribution"] for t in x["terms"]) + x["hidden_contribution"] - x["exposure"]) <= 1e-9 * (1 + x["exposure"]) for x in p), d["current"]["fit"]["model"])')" \
  "True distance2" "CLI: the shown terms add up to the exposure; the model counts distance 2"
expect_eq "$(py 'import json; p=json.load(open("risk.json"))["current"]["persons"]
print(all(all(t["incidents"] and t["evidence"] for t in x["terms"]) for x in p))')" True \
  "CLI: every term names its incidents and the records of its ties"
cli frivard risk --top 8 > risk-prob.json
expect_eq "$(py 'import json; a=json.load(open("risk-prob.json"))["current"]["persons"]; b=json.load(open("risk.json"))["current"]["persons"]
print([x["code"] for x in a] == [x["code"] for x in b], sum(len(x["terms"]) for x in a), all(x["hidden_terms"] == len(y["terms"]) for x, y in zip(a, b)))')" \
  "True 0 True" "CLI: probation gets the same list, every term counted and none shown"
n1=$(py 'import json; print(next((x["hidden_records"] for x in json.load(open("risk-prob.json"))["current"]["persons"] if x["hidden_records"]), 0))')
get frivard "/analys/risk?top=8"
expect_eq "$code" 200 "probation opens the risk page"
if [ "$n1" -gt 0 ]; then
  expect_match "$body" "<p class=\"hidden-records\">$n1 underlag som du inte har behörighet att se</p>" \
    "the risk explanation says $n1 records exist that probation may not see"
fi
expect_nomatch "$(printf '%s' "$body" | sed -n '/<main/,/<\/main>/p')" '<table class="terms">' "and shows probation no term"

# ---- retaliation watch ----
cli samordnare retaliation --since 2026-01-01 --top 0 > ret.json
get samordnare "/analys/vedergallning?since=2026-01-01"
expect_eq "$code" 200 "the coordinator opens the retaliation watch"
got=$(printf '%s' "$body" | grep -o '<section class="watch" id="incident-[0-9]*"' | grep -o '[0-9]*' | tr '\n' ' ')
expect_eq "$got" "$(py 'import json; print(" ".join(str(i["incident"]) for i in json.load(open("ret.json"))["incidents"]) + " ")')" \
  "the incidents on watch are the CLI's"
got=$(printf '%s' "$body" | grep -o '<td class="score">[^<]*' | wc -l | tr -d ' ')
expect_eq "$got" "$(py 'import json; print(sum(len(i["persons"]) for i in json.load(open("ret.json"))["incidents"]))')" \
  "one row per person at elevated risk"
get analytiker "/analys/vedergallning?since=2026-01-01"
expect_eq "$code" 200 "the police analyst opens it too"
expect_match "$body" 'not visible' "where notifications are not readable, the row says so"

# ---- network pictures and downloads ----
get samordnare /analys/natverk
expect_eq "$code" 200 "the network page"
expect_match "$body" '<svg [^>]*id="gvi-groups"' "the group-conflict map is inline SVG"
expect_nomatch "$(printf '%s' "$body" | sed -n '/<main/,/<\/main>/p')" '<style' "without an inline <style>, which the CSP would refuse"
expect_match "$(curl -s "$B/static/gvi.css")" '#gvi-groups \.e1' "the stylesheet carries the picture's rules"
get samordnare "/analys/natverk?of=persons&community=$comm&max=50"
expect_match "$body" '<svg [^>]*id="gvi-persons"' "the person network, one community"
"$GVI" --user samordnare analyze --json picture --of persons --community "$comm" --max 50 > pic.svg 2>/dev/null
expect_eq "$(printf '%s' "$body" | grep -c '<circle')" "$(grep -c '<circle' pic.svg)" "the same circles as the CLI's picture"
req svg -b samordnare.jar "$B/analys/natverk/bild.svg?of=persons&community=$comm&max=50"
expect_eq "$(sha256sum < svg.body)" "$(sha256sum < pic.svg)" "the SVG download is the CLI's picture byte for byte"
req gml -b samordnare.jar "$B/analys/natverk/natverk.graphml"
expect_eq "$code" 200 "GraphML download"
expect_match "$(head -c 400 gml.body)" '<graphml' "it is GraphML"
req gexf -b samordnare.jar "$B/analys/natverk/natverk.gexf"
expect_match "$(head -c 400 gexf.body)" '<gexf' "and GEXF"
req nofile -b samordnare.jar "$B/analys/natverk/natverk.txt"
expect_eq "$code" 404 "another file name is 404"

# ---- who is shown what ----
get forening /analys/personer
expect_eq "$code" 403 "the community partner may not open the person analysis"
get forening /analys
expect_eq "$code" 403 "nor the overview"
get forening /
expect_nomatch "$body" 'href="/analys"' "and has no Analys link"
get frivard /
expect_match "$body" 'href="/analys"' "probation has the Analys link"
get frivard /analys
expect_eq "$code" 200 "probation opens the overview"
expect_match "$body" 'class="refused">refused: user frivard' "where its sections say why they are not shown"
get analytiker /analys
expect_eq "$code" 200 "the police analyst opens the overview"
get socialsekreterare /
expect_nomatch "$body" 'href="/analys"' "social services have no Analys link"

# ---- bad input ----
get samordnare "/analys/personer?sort=name"
expect_eq "$code" 400 "an unknown sort is 400"
get samordnare "/analys/personer?from=2026-13-01"
expect_eq "$code" 400 "an impossible date is 400"
get samordnare "/analys?from=2026-06-01&to=2026-01-01"
expect_eq "$code" 400 "a period ending before it starts is 400"
get samordnare "/analys/personer/P-NOSUCH"
expect_eq "$code" 404 "an unknown person is 404"
get samordnare "/analys/vedergallning?window=0"
expect_eq "$code" 400 "a bad window is 400 with the CLI's message"
expect_match "$body" 'expected a number of days' "naming what was wrong"

# ---- the cache follows the data ----
get samordnare /analys
before=$(printf '%s' "$body" | grep -o 'Grova våldsbrott i perioden: [0-9]*' | grep -o '[0-9]*$')
"$GVI" --user samordnare incident add --occurred 2026-11-20 --type shooting --area Stenhagen >/dev/null ||
  notok "a shooting is recorded"
get samordnare /analys
after=$(printf '%s' "$body" | grep -o 'Grova våldsbrott i perioden: [0-9]*' | grep -o '[0-9]*$')
expect_eq "$after" "$((before + 1))" "a new shooting recorded from the command line shows on the next view"
expect_eq "$after" "$(cli samordnare concentration | py 'import json,sys; print(json.load(sys.stdin)["serious_incidents"])')" "and it is the CLI's count"

# ---- English ----
req lang -b samordnare.jar -c samordnare.jar "$B/lang?to=en&back=/analys/personer"
get samordnare "/analys/personer?top=3"
expect_match "$body" '<h1>Persons and priorities</h1>' "the pages switch to English"

serve_stop_checked
serve_log_clean
