#!/bin/bash
# t73-evaluate-pages.sh — the evaluation pages /utvardering and /utvardering/rapport on the
# demo programme and on imported external series: every role may run the methods (as the
# command line lets it), each figure the page shows (its exact value in data-v) equals
# `gvi --json evaluate …` for the same user, the chart is inline well-formed SVG, the report
# is `gvi evaluate report --html` with its stylesheet from /static/rapport.css, bad input is
# a 400 with the engine's message and XSS in the parameters is shown inert.  Prints the page
# times on the demo as "# figure" lines.
. "$(dirname "$0")/lib.sh"

"$GVI" demo demo.db --seed 7 >/dev/null 2>&1 || { notok "the demo programme is made"; exit 1; }
export GVI_REPO=demo.db
users="admin samordnare analytiker socialsekreterare frivard forening utvarderare"
for u in $users; do
  printf '%s\n' "lösenord-$u-1" | "$GVI" --user admin passwd "$u" >/dev/null 2>&1 ||
    { notok "set the password of $u"; exit 1; }
done

# ---- imported series: Ankeby treated from 2022-01, five comparison areas (as t70) ----
/usr/bin/python3 - <<'PY'
import numpy as np
rng = np.random.default_rng(73)
areas = ["Ankeby", "Bergsta", "Dalby", "Ekeby", "Forsa", "Gnesta"]
months = [f"{y}-{m:02d}" for y in range(2019, 2024) for m in range(1, 13)]
with open("series.csv", "w") as f:
    f.write("area;period;outcome;value;source\n")
    for i, a in enumerate(areas):
        for t, p in enumerate(months):
            mu = np.exp(1.3 + 0.2 * i + 0.003 * t + 0.2 * np.sin(2 * np.pi * t / 12)
                        - (0.5 if a == "Ankeby" and p >= "2022-01" else 0))
            f.write(f"{a};{p};shootings;{rng.poisson(mu)};simulerad\n")
PY
expect_ok "the coordinator imports the external series" -- --user samordnare import external-series series.csv

cli() { # cli USER ARGS...: the oracle, as JSON on stdout
  local u=$1; shift
  "$GVI" --user "$u" --json evaluate "$@" 2>/dev/null
}
py() { /usr/bin/python3 -c "$@"; }
# figs FILE: the page's figures as JSON {id-or-term: [values...]} for the checks below
figs() {
  py '
import sys, re, json, html
t = open(sys.argv[1], encoding="utf-8").read()
out = {}
for m in re.finditer(r"<(?:tr data-term|dd id|p class=\"interpretation\" id|tr data-area|p id)=\"([^\"]+)\"(.*?)</(?:tr|dd|p)>", t, re.S):
    out.setdefault(html.unescape(m.group(1)), []).extend(float(v) for v in re.findall(r"data-v=\"([^\"]+)\"", m.group(2)))
print(json.dumps(out))' "$1"
}

serve_start

login() { # login USER: a session in the cookie jar USER.jar, with a purpose of access
  rm -f "$1.jar"
  req form -c "$1.jar" "$B/login"
  local tok; tok=$(awk '$6 == "gvi_login" { print $7 }' "$1.jar")
  req login -b "$1.jar" -c "$1.jar" --data-urlencode "csrf=$tok" --data-urlencode "user=$1" \
    --data-urlencode "password=lösenord-$1-1" "$B/login"
  [ "$code" = 303 ] && ok "$1 logs in" || notok "$1 logs in (got $code)"
  choose_purpose "$1.jar" || notok "$1 states a purpose of access"
}
get() { # get USER PATH-AND-QUERY
  req page -b "$1.jar" "$B$2"
}
for u in $users; do login "$u"; done

# ---- every role: the form, the menu entry and an interrupted time series ----
ITS="/utvardering?method=its&area=Norrvik&outcome=incidents&intervention=2025-01"
for u in $users; do
  get "$u" /utvardering
  expect_eq "$code" 200 "$u: /utvardering is open"
  expect_match "$body" '<a href="/utvardering" aria-current="page">' "$u: the menu has Utvärdering"
  cli "$u" its --area Norrvik --outcome incidents --intervention 2025-01 > "its-$u.json"
  [ -s "its-$u.json" ] && ok "$u: the CLI runs its" || notok "$u: the CLI runs its"
  get "$u" "$ITS"
  expect_eq "$code" 200 "$u: the ITS page"
  figs page.body > "its-$u.page.json"
  check=$(py '
import json, sys
c = json.load(open(sys.argv[1])); p = json.load(open(sys.argv[2]))
bad = []
for key, term in (("level_change", "level"), ("slope_change", "slope")):
    want = c[key]
    got = p[want["name"]][:4]
    for g, w in zip(got, [want["rate_ratio"], want["ci_low"], want["ci_high"], want["p"]]):
        if abs(g - w) > 1e-9 * max(1, abs(w)): bad.append((key, g, w))
od = c["overdispersion"]
if abs(p["pearson"][0] - od["pearson_chi2_per_df"]) > 1e-9: bad.append("pearson")
if abs(p["ct"][0] - od["alpha"]) > 1e-9 or abs(p["ct"][1] - od["p"]) > 1e-9: bad.append("ct")
if len(p) < len(c["coefficients"]): bad.append("terms")
print(bad or "same")' "its-$u.json" "its-$u.page.json")
  expect_eq "$check" same "$u: the ITS figures equal gvi --json evaluate its"
done
get utvarderare "$ITS"
expect_match "$body" 'Antalet händelser direkt vid insatsens start (minskade|ökade) med' "the level change in words"
expect_match "$body" '(statistiskt säkerställd|kan inte skiljas från slumpmässig variation)' "a judgement from the interval"
expect_match "$body" '<figure class="eval-chart"><svg' "the chart is inline"
py '
import re, sys, xml.etree.ElementTree as ET
t = open("page.body", encoding="utf-8").read()
svg = re.search(r"<figure class=\"eval-chart\">(.*?)</figure>", t, re.S).group(1)
ET.fromstring(svg)' 2>/dev/null && ok "the chart is well-formed SVG" || notok "the chart is well-formed SVG"
expect_nomatch "$body" '<style|style="|<script' "no inline style or script (the CSP refuses them)"
expect_match "$body" 'kontrafaktiskt' "the chart shows the counterfactual"
its_time=$(curl -s -o /dev/null -w '%{time_total}' -b utvarderare.jar "$B$ITS")

# English
curl -s -o /dev/null -b utvarderare.jar -c utvarderare.jar "$B/lang?to=en&back=%2Futvardering"
get utvarderare "$ITS"
expect_match "$body" 'The number of events right at the start (fell|rose) by' "the interpretation in English"
curl -s -o /dev/null -b utvarderare.jar -c utvarderare.jar "$B/lang?to=sv&back=%2Futvardering"

# ---- difference-in-differences on the demo ----
cli utvarderare did --area Norrvik --compare Sjöbro --outcome incidents --intervention 2025-01 > did.json
get utvarderare "/utvardering?method=did&area=Norrvik&compare=Sj%C3%B6bro&outcome=incidents&intervention=2025-01"
expect_eq "$code" 200 "the DiD page"
figs page.body > did.page.json
check=$(py '
import json, sys
c = json.load(open(sys.argv[1])); p = json.load(open(sys.argv[2]))
e = c["effect"]; g = p[e["name"]][:4]
ok = all(abs(a - b) <= 1e-9 * max(1, abs(b)) for a, b in zip(g, [e["rate_ratio"], e["ci_low"], e["ci_high"], e["p"]]))
print("same" if ok and len(g) == 4 else (g, e))' did.json did.page.json)
expect_eq "$check" same "the DiD effect equals gvi --json evaluate did"
note=$(py 'import json; print(json.load(open("did.json")).get("event_study_note", ""))')
if [ -n "$note" ]; then expect_match "$body" 'Händelsestudien kunde inte skattas' "the event study's note is shown"; fi
did_time=$(curl -s -o /dev/null -w '%{time_total}' -b utvarderare.jar "$B/utvardering?method=did&area=Norrvik&compare=Sj%C3%B6bro&outcome=incidents&intervention=2025-01")

# ---- synthetic control on the demo: a district against the other five ----
DON="Stenhagen,Lilla Ängby,Björkdalen,Sjöbro centrum,Fjärdsholmen"
cli utvarderare synth --area Kvarnbacken --compare "$DON" --outcome incidents --intervention 2025-01 > synth.json
SY="/utvardering?method=synth&area=Kvarnbacken&compare=$(py 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' "$DON")&outcome=incidents&intervention=2025-01"
get utvarderare "$SY"
expect_eq "$code" 200 "the synthetic control page"
figs page.body > synth.page.json
synth_check() {
  py '
import json, sys
c = json.load(open(sys.argv[1])); p = json.load(open(sys.argv[2]))
a = c["areas"][0]; bad = []
def near(x, y): return abs(x - y) <= 1e-9 * max(1, abs(y))
for w in a["weights"]:
    if not near(p[w["area"]][0], w["weight"]): bad.append(w["area"])
pre, post, ratio = p["rmspe-0"]
if not (near(pre, a["rmspe_pre"]) and near(post, a["rmspe_post"]) and near(ratio, a["ratio"])): bad.append("rmspe")
i = p["interp-synth"]   # |effect|, low, high, p
if not (near(i[0], abs(a["effect"])) and near(i[1], a["effect_ci_low"]) and near(i[2], a["effect_ci_high"]) and near(i[3], a["p"])): bad.append(("effect", i))
if "placebo_in_time" in a:
    t = p["in-time-0"]
    if not (near(t[0], a["placebo_in_time"]["effect"]) and near(t[1], a["placebo_in_time"]["ratio"])): bad.append("in time")
print(bad or "same")' "$1" "$2"
}
expect_eq "$(synth_check synth.json synth.page.json)" same "the synthetic control's figures equal gvi --json evaluate synth"
expect_match "$body" 'id="synth-chart' "the synthetic control's chart"
expect_match "$body" 'placebo \(jämförelseområden\)' "the placebos' gaps are drawn"
synth_time=$(curl -s -o /dev/null -w '%{time_total}' -b utvarderare.jar "$B$SY")

# ---- imported series: synthetic control and ITS against every external area ----
cli forening synth --area Ankeby --compare external --outcome shootings --intervention 2022-01 > ext.json
get forening "/utvardering?method=synth&area=Ankeby&compare=external&outcome=shootings&intervention=2022-01"
expect_eq "$code" 200 "the community partner runs a synthetic control on imported series"
figs page.body > ext.page.json
expect_eq "$(synth_check ext.json ext.page.json)" same "imported series: the figures equal the CLI's"
expect_match "$body" 'Antal jämförelseområden: 5' "five comparison areas from the external series"

# difference-in-differences with its event study on the imported series
cli utvarderare did --area Ankeby --compare external --outcome shootings --intervention 2022-01 --leads 6 --lags 6 > extdid.json
get utvarderare "/utvardering?method=did&area=Ankeby&compare=external&outcome=shootings&intervention=2022-01&leads=6&lags=6"
expect_eq "$code" 200 "DiD with an event study of 6 months each side on imported series"
figs page.body > extdid.page.json
check=$(py '
import json, sys
c = json.load(open(sys.argv[1])); p = json.load(open(sys.argv[2]))
e = c["effect"]; g = p[e["name"]][:4]; pt = p["pretrend"]
near = lambda a, b: abs(a - b) <= 1e-9 * max(1, abs(b))
ok = all(near(a, b) for a, b in zip(g, [e["rate_ratio"], e["ci_low"], e["ci_high"], e["p"]]))
ok = ok and near(pt[0], c["pretrend"]["chi2"]) and near(pt[1], c["pretrend"]["p"]) and c["event_study"]
print("same" if ok else (g, e, pt, c["pretrend"]))' extdid.json extdid.page.json)
expect_eq "$check" same "imported series: the DiD effect and the pre-trend test equal the CLI's"
expect_match "$body" 'id="did-chart' "the event study is drawn"

# a pooled ITS over two areas with one start each
cli utvarderare its --area Norrvik,Sjöbro --outcome incidents --intervention 2025-01,2025-03 > its2.json
get utvarderare "/utvardering?method=its&area=Norrvik,%20Sj%C3%B6bro&outcome=incidents&intervention=2025-01,2025-03"
expect_eq "$code" 200 "a pooled ITS over two areas"
figs page.body > its2.page.json
check=$(py '
import json, sys
c = json.load(open(sys.argv[1])); p = json.load(open(sys.argv[2]))
l = c["level_change"]; g = p[l["name"]][:4]
print("same" if all(abs(a - b) <= 1e-9 * max(1, abs(b)) for a, b in zip(g, [l["rate_ratio"], l["ci_low"], l["ci_high"], l["p"]])) else (g, l))' its2.json its2.page.json)
expect_eq "$check" same "the pooled level change equals the CLI's"
expect_eq "$(grep -o '<svg' page.body | wc -l)" 1 "one chart with a panel per area"

# ---- the report ----
RQ="area=Norrvik&outcome=incidents&from=2026-01&to=2026-06&intervention=2025-01&compare=Sj%C3%B6bro"
"$GVI" --user frivard evaluate report --area Norrvik --outcome incidents --from 2026-01 --to 2026-06 \
  --intervention 2025-01 --compare Sjöbro --html cli-report.html 2>/dev/null
get frivard "/utvardering/rapport?$RQ"
expect_eq "$code" 200 "the report page"
expect_match "$hdrs" 'Content-Security-Policy: .*style-src .self.' "the report is served under the CSP"
same=$(py '
import re
c = open("cli-report.html", encoding="utf-8").read(); p = open("page.body", encoding="utf-8").read()
c = re.sub(r"<style>.*?</style>", "<link rel=\"stylesheet\" href=\"/static/rapport.css\">", c, flags=re.S)
print("same" if c == p else "differs")')
expect_eq "$same" same "the report page is gvi evaluate report --html with its stylesheet linked"
expect_match "$body" 'Lägesrapport till styrgruppen' "the report's heading"
report_time=$(curl -s -o /dev/null -w '%{time_total}' -b frivard.jar "$B/utvardering/rapport?$RQ")
req css "$B/static/rapport.css"
expect_eq "$code" 200 "the report's stylesheet"
expect_match "$body" '@media print' "it has print styles"
expect_match "$body" '@page\{size:A4' "A4 pages"
for u in $users; do
  "$GVI" --user "$u" evaluate report --area Norrvik --outcome incidents --from 2026-01 --to 2026-06 \
    --intervention 2025-01 --html "rep-$u.html" 2>/dev/null
  get "$u" "/utvardering/rapport?area=Norrvik&outcome=incidents&from=2026-01&to=2026-06&intervention=2025-01"
  same=$(py '
import re, sys
c = open(sys.argv[1], encoding="utf-8").read(); p = open("page.body", encoding="utf-8").read()
c = re.sub(r"<style>.*?</style>", "<link rel=\"stylesheet\" href=\"/static/rapport.css\">", c, flags=re.S)
print("same" if c == p else "differs")' "rep-$u.html")
  expect_eq "$code $same" "200 same" "$u: the report page equals the CLI's report"
done
get samordnare /utvardering/rapport
expect_eq "$code" 200 "the report's form"
expect_match "$body" 'name="from"' "the form asks for the period"
get samordnare "/utvardering/rapport?area=Norrvik&from=2026-01"
expect_eq "$code" 400 "a report without the end of its period is refused"

# ---- bad input: 400 with the engine's message, nothing crashes ----
bad() { # bad QUERY REGEX DESC
  get samordnare "/utvardering?$1"
  expect_eq "$code" 400 "$3: 400"
  expect_match "$body" "$2" "$3: the message says why"
}
bad "method=its&area=Norrvik&intervention=2025-13" 'intervention: ' "a month 13"
bad "method=its&area=Norrvik&intervention=i-morgon" 'intervention: ' "a date that is no date"
bad "method=its&area=Nowhere&intervention=2025-01" 'no area &quot;Nowhere&quot;' "an unknown area"
bad "method=its&area=Norrvik&outcome=incidents&intervention=2024-01" 'too short a pre-period' "too short a pre-period"
bad "method=its&area=Norrvik&intervention=2030-01" 'not inside the period' "an intervention after the data"
bad "method=its&area=Norrvik&from=2025-06&to=2025-01&intervention=2025-03" 'is after' "from after to"
bad "method=did&area=Norrvik&intervention=2025-01" 'comparison areas' "DiD without comparison areas"
bad "method=synth&area=Norrvik&compare=Norrvik&intervention=2025-01" 'both a treated and a comparison area' "a treated area compared with itself"
bad "method=magic&area=Norrvik&intervention=2025-01" 'method: its, did or synth' "an unknown method"
bad "method=its&area=Norrvik" 'intervention: give' "no intervention"
bad "method=its&area=Norrvik&intervention=2025-01&family=gauss" 'family: poisson or negbin' "an unknown family"
bad "method=synth&area=Ankeby&compare=external&intervention=2022-01&from=2018-01" 'has no value for' "a month outside the external series"
bad "method=did&area=Ankeby&compare=external&intervention=2022-01&leads=0" 'leads: expected a whole number' "an event window of 0"
# where the engine refuses the data the page says what the command says
"$GVI" --user samordnare evaluate did --area Ankeby --compare external --outcome shootings --intervention 2022-01 \
  --family negbin >/dev/null 2>cli.err
bad "method=did&area=Ankeby&compare=external&outcome=shootings&intervention=2022-01&family=negbin" \
  "$(sed 's/^gvi: //' cli.err | head -c 40)" "negative binomial on Poisson counts (the CLI's message)"

# ---- XSS in the parameters is inert ----
X='<script>alert(1)</script>'
XE=$(py 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' "$X")
get samordnare "/utvardering?area=$XE&compare=%22%3E%3Cimg%20src%3Dx%3E"
expect_eq "$code" 200 "a form with a hostile value"
expect_nomatch "$body" '<script>alert|<img src=x>' "the hostile values are escaped in the form"
expect_match "$body" '&lt;script&gt;alert' "and shown as text"
get samordnare "/utvardering?method=its&area=$XE&intervention=2025-01"
expect_eq "$code" 400 "a hostile area name is refused"
expect_nomatch "$body" '<script>alert' "the refusal escapes it"
get samordnare "/utvardering/rapport?area=$XE&from=2026-01&to=2026-02"
expect_eq "$code" 400 "a hostile area name in the report"
expect_nomatch "$body" '<script>alert' "the report's refusal escapes it"
get samordnare "/utvardering?method=its&area=Norrvik&outcome=$XE&intervention=2025-01"
expect_nomatch "$body" '<script>alert' "a hostile outcome is escaped"

# ---- the audit: each run is an aggregate read ----
n=$("$GVI" --user admin --csv audit 2>/dev/null | grep -c 'aggregate')
[ "$n" -gt 0 ] && ok "the page's reads are aggregate entries in the audit log" || notok "aggregate entries in the audit log"

echo "# figure: page times on the demo (seconds, one request after a warm-up, $(basename "$GVI")): its $its_time, did $did_time, synth $synth_time, report $report_time"
serve_stop_checked
serve_log_clean
