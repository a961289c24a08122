# t70-evaluate.sh — `gvi evaluate` against statsmodels (python3-statsmodels, Debian): series of
# counts are simulated, imported as external series, and gvi's interrupted time series
# (Poisson and negative binomial), difference-in-differences with its event study and
# pre-trend test, and the overdispersion test must equal statsmodels' estimates and standard
# errors on designs python builds itself from the same data, to 1e-6 relative.  Then series
# counted from incidents (districts rolled up, months without incidents 0), the evaluator's
# access (aggregates yes, incidents no), the synthetic control and its charts, and the
# messages for bad input.  The synthetic control's published replication (Basque Country) is
# tests/unit/test_synth.c.
. "$(dirname "$0")/lib.sh"
make_repo r.db || exit 1

# ---- simulated series: area Ankeby treated from 2022-01, six comparison areas ----------------
/usr/bin/python3 - <<'PY'
import numpy as np
rng = np.random.default_rng(20241)
areas = ["Ankeby", "Bergsta", "Dalby", "Ekeby", "Forsa", "Gnesta", "Hallby"]
months = [f"{y}-{m:02d}" for y in range(2017, 2025) for m in range(1, 13)]   # 96 months
with open("series.csv", "w") as f:
    f.write("area;period;outcome;value;source\n")
    for a_i, a in enumerate(areas):
        base = 1.2 + 0.25 * a_i
        for t, p in enumerate(months):
            season = 0.25 * np.sin(2 * np.pi * t / 12) + 0.1 * np.cos(2 * np.pi * t / 12)
            effect = -0.45 if (a == "Ankeby" and p >= "2022-01") else 0.0
            mu = np.exp(base + 0.004 * t + season + effect)
            y = rng.negative_binomial(1 / 0.25, 1 / (1 + 0.25 * mu))   # overdispersed, alpha 0.25
            f.write(f"{a};{p};shootings;{y};simulerad\n")
            f.write(f"{a};{p};killed;0;simulerad\n")
PY
expect_ok "the evaluator imports the external series" -- --user eva import external-series series.csv
expect_match "$out" "imported 1344 rows" "all rows imported"

# ---- interrupted time series against statsmodels ---------------------------------------------
for fam in poisson negbin; do
  expect_ok "its $fam as JSON" -- --json --user eva evaluate its --area Ankeby --outcome shootings \
    --intervention 2022-01 --family $fam
  echo "$out" > its-$fam.json
done
expect_ok "its with harmonics" -- --json --user eva evaluate its --area Ankeby --intervention 2022-01 --season harmonics:2
echo "$out" > its-harm.json
expect_ok "its pooled over two areas with different dates" -- --json --user eva evaluate its \
  --area Ankeby,Bergsta --intervention 2022-01,2021-06
echo "$out" > its-pooled.json
for k in 1 2; do
  expect_ok "did as JSON ($k)" -- --json --user eva evaluate did --area Ankeby \
    --compare Bergsta,Dalby,Ekeby,Forsa,Gnesta,Hallby --intervention 2022-01 --leads 6 --lags 6
done
echo "$out" > did.json
expect_ok "did negbin" -- --json --user eva evaluate did --area Ankeby --compare external \
  --intervention 2022-01 --family negbin --leads 3 --lags 3
echo "$out" > did-nb.json

check=$(/usr/bin/python3 - <<'PY'
import csv, json, math
import numpy as np
import statsmodels.api as sm
out = []
worst = {}
def check(cond, what): out.append(("ok" if cond else "not ok") + " - " + what)
def rel(a, b): return abs(a - b) / max(abs(b), 1e-300)
rows = [r for r in csv.DictReader(open("series.csv"), delimiter=";") if r["outcome"] == "shootings"]
months = sorted({r["period"] for r in rows})
def series(area): return np.array([float(r["value"]) for r in sorted((r for r in rows if r["area"] == area), key=lambda r: r["period"])])
T = len(months)
t0 = months.index("2022-01")

def its_design(areas, t0s, season="months", harmonics=0):
    cols, names = [], []
    n = T * len(areas)
    cols.append(np.ones(n)); names.append("intercept")
    for u in range(1, len(areas)):
        c = np.zeros(n); c[u*T:(u+1)*T] = 1; cols.append(c); names.append("area:" + areas[u])
    t = np.tile(np.arange(T), len(areas)).astype(float)
    cols.append(t); names.append("trend")
    month = np.array([int(m[5:]) for m in months] * len(areas))
    if season == "months":
        for m in range(2, 13):
            cols.append((month == m).astype(float)); names.append(f"month:{m:02d}")
    else:
        pos = np.array([int(months[0][5:]) - 1 + i for i in range(T)] * len(areas), dtype=float)
        for h in range(1, harmonics + 1):
            cols.append(np.sin(2*np.pi*h*pos/12)); names.append(f"sin{h}")
            cols.append(np.cos(2*np.pi*h*pos/12)); names.append(f"cos{h}")
    post = np.concatenate([(np.arange(T) >= t0s[u]).astype(float) for u in range(len(areas))])
    slope = np.concatenate([np.where(np.arange(T) >= t0s[u], np.arange(T) - t0s[u], 0.0) for u in range(len(areas))])
    cols.append(post); names.append("level")
    cols.append(slope); names.append("slope")
    return np.column_stack(cols), names

def compare(label, got, names, params, bse):
    g = {c["name"]: c for c in got}
    check(list(g) == names, f"{label}: the terms are the design's ({len(names)})")
    # relative to the estimate, or to a millionth of its standard error when the estimate is
    # itself 0 up to rounding (a period dummy whose count equals the first period's)
    db = max(abs(g[n]["estimate"] - params[i]) / max(abs(params[i]), 1e-6 * bse[i]) for i, n in enumerate(names))
    ds = max(rel(g[n]["se"], bse[i]) for i, n in enumerate(names))
    worst[label] = (db, ds)
    check(db < 1e-6, f"{label}: estimates equal statsmodels' (max rel diff {db:.2e})")
    check(ds < 1e-6, f"{label}: standard errors equal statsmodels' (max rel diff {ds:.2e})")

y = series("Ankeby")
X, names = its_design(["Ankeby"], [t0])
pois = sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=1e-13)
j = json.load(open("its-poisson.json"))
compare("its poisson", j["coefficients"], names, pois.params, pois.bse)
check(rel(j["loglik"], pois.llf) < 1e-9, "its poisson: log-likelihood equals statsmodels'")
check(rel(j["deviance"], pois.deviance) < 1e-6, "its poisson: deviance equals statsmodels'")
check(rel(j["pearson_chi2"], pois.pearson_chi2) < 1e-6, "its poisson: Pearson chi2 equals statsmodels'")
lv = j["level_change"]
check(rel(lv["rate_ratio"], math.exp(pois.params[names.index("level")])) < 1e-6, "its: the level rate ratio is exp(level)")
ci = np.exp(pois.conf_int()[names.index("level")])
check(rel(lv["ci_low"], ci[0]) < 1e-6 and rel(lv["ci_high"], ci[1]) < 1e-6, "its: its 95% interval equals statsmodels' conf_int")
# Cameron-Trivedi by statsmodels' OLS on the Poisson means
mu = pois.mu
aux = sm.OLS(((y - mu)**2 - y) / mu, mu).fit()
od = j["overdispersion"]
check(rel(od["alpha"], aux.params[0]) < 1e-6 and rel(od["t"], aux.tvalues[0]) < 1e-6, "overdispersion: Cameron-Trivedi slope and t equal statsmodels' OLS")
check(rel(od["pearson_chi2_per_df"], pois.pearson_chi2 / pois.df_resid) < 1e-6, "overdispersion: Pearson chi2/df")
check(od["p"] < 0.05, "the simulated overdispersion is detected")

nb = sm.NegativeBinomial(y, X, loglike_method="nb2").fit(method="newton", maxiter=300, tol=1e-14, disp=0)
j = json.load(open("its-negbin.json"))
compare("its negbin", j["coefficients"], names, nb.params[:-1], nb.bse[:-1])
check(rel(j["alpha"], nb.params[-1]) < 1e-6 and rel(j["alpha_se"], nb.bse[-1]) < 1e-6, f"its negbin: alpha and its se equal statsmodels' NegativeBinomial ({rel(j['alpha'], nb.params[-1]):.2e}, {rel(j['alpha_se'], nb.bse[-1]):.2e})")
check(rel(j["loglik"], nb.llf) < 1e-9, "its negbin: log-likelihood equals statsmodels'")
check(j["level_change"]["rate_ratio"] < 1, "the simulated drop shows as a rate ratio below 1")

X, names = its_design(["Ankeby"], [t0], "harmonics", 2)
r = sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=1e-13)
compare("its harmonics", json.load(open("its-harm.json"))["coefficients"], names, r.params, r.bse)

y2 = np.concatenate([series("Ankeby"), series("Bergsta")])
X, names = its_design(["Ankeby", "Bergsta"], [t0, months.index("2021-06")])
r = sm.GLM(y2, X, family=sm.families.Poisson()).fit(tol=1e-13)
compare("its pooled", json.load(open("its-pooled.json"))["coefficients"], names, r.params, r.bse)

def did_design(areas, treated_t0, kind, leads=0, lags=0):
    U = len(areas); n = U * T
    cols, names = [np.ones(n)], ["intercept"]
    for u in range(1, U):
        c = np.zeros(n); c[u*T:(u+1)*T] = 1; cols.append(c); names.append("area:" + areas[u])
    for t in range(1, T):
        c = np.zeros(n); c[t::T] = 1; cols.append(c); names.append(f"period:{t+1}")
    if kind == "static":
        c = np.zeros(n); c[treated_t0:T] = 1; cols.append(c); names.append("treated:post")
    else:
        for e in range(-leads, lags + 1):
            if e == -1: continue
            c = np.zeros(n)
            for t in range(T):
                rel_t = min(max(t - treated_t0, -leads), lags)
                c[t] = rel_t == e
            cols.append(c); names.append(f"event:{e:+d}")
    return np.column_stack(cols), names

areas = ["Ankeby", "Bergsta", "Dalby", "Ekeby", "Forsa", "Gnesta", "Hallby"]
yd = np.concatenate([series(a) for a in areas])
j = json.load(open("did.json"))
X, names = did_design(areas, t0, "static")
r = sm.GLM(yd, X, family=sm.families.Poisson()).fit(tol=1e-13)
compare("did poisson", j["coefficients"], names, r.params, r.bse)
X, names = did_design(areas, t0, "event", 6, 6)
r = sm.GLM(yd, X, family=sm.families.Poisson()).fit(tol=1e-13)
ev = {e["name"]: e for e in j["event_study"]}
evn = [n for n in names if n.startswith("event:")]
idx = [names.index(n) for n in evn]
db = max(abs(ev[n]["estimate"] - r.params[i]) / max(abs(r.params[i]), 1e-6 * r.bse[i]) for n, i in zip(evn, idx))
ds = max(rel(ev[n]["se"], r.bse[i]) for n, i in zip(evn, idx))
worst["did event study"] = (db, ds)
check(db < 1e-6 and ds < 1e-6, f"did: event-study estimates and se equal statsmodels' ({db:.2e}, {ds:.2e})")
leads = [names.index(n) for n in evn if int(n[6:]) <= -2]
R = np.zeros((len(leads), len(names)))
for k, i in enumerate(leads): R[k, i] = 1
w = r.wald_test(R, scalar=True)
check(rel(j["pretrend"]["chi2"], float(w.statistic)) < 1e-6 and j["pretrend"]["df"] == len(leads), f"did: pre-trend Wald chi2 equals statsmodels' wald_test ({float(w.statistic):.4f})")
check(rel(j["pretrend"]["p"], float(w.pvalue)) < 1e-5, "did: and its p-value")
check(j["effect"]["rate_ratio"] < 1 and j["effect"]["ci_low"] < j["effect"]["rate_ratio"] < j["effect"]["ci_high"], "did: the simulated drop shows as a rate ratio below 1, inside its interval")

j = json.load(open("did-nb.json"))
X, names = did_design(areas, t0, "static")
r = sm.NegativeBinomial(yd, X, loglike_method="nb2").fit(method="newton", maxiter=300, tol=1e-14, disp=0)
compare("did negbin", j["coefficients"], names, r.params[:-1], r.bse[:-1])
for k, (db, ds) in worst.items():
    out.append(f"# {k}: max relative difference estimates {db:.2e}, standard errors {ds:.2e}")
print("\n".join(out))
PY
)
while IFS= read -r line; do case "$line" in "ok - "*) ok "${line#ok - }";; "# "*) echo "$line";; *) notok "${line#not ok - }";; esac; done <<< "$check"

# ---- sparse counts: months and areas without any event are left out of the DiD -------------
/usr/bin/python3 -c '
import numpy as np
rng = np.random.default_rng(5)
areas = ["Ankeby", "Bergsta", "Dalby", "Ekeby", "Forsa", "Gnesta", "Hallby"]
print("area,period,outcome,value")
for i, a in enumerate(areas):
    for t in range(48):
        mu = 0 if a == "Hallby" else 0.35 * (0.5 if (a == "Ankeby" and t >= 30) else 1)
        print(f"{a},{2019 + t // 12}-{t % 12 + 1:02d},sparse,{rng.poisson(mu)}")' > sparse.csv
expect_ok "a sparse outcome imports" -- --user eva import external-series sparse.csv
expect_ok "did on sparse counts" -- --json --user eva evaluate did --area Ankeby --compare external \
  --outcome sparse --intervention 2021-07 --leads 2 --lags 2
echo "$out" > did-sparse.json
check=$(/usr/bin/python3 - <<'PY'
import csv, json
import numpy as np
import statsmodels.api as sm
out = []
def check(c, w): out.append(("ok" if c else "not ok") + " - " + w)
rows = list(csv.DictReader(open("sparse.csv")))
areas = ["Ankeby", "Bergsta", "Dalby", "Ekeby", "Forsa", "Gnesta", "Hallby"]
months = sorted({r["period"] for r in rows})
Y = np.zeros((7, len(months)))
for r in rows:
    Y[areas.index(r["area"]), months.index(r["period"])] = float(r["value"])
t0 = months.index("2021-07")
keep_t = [t for t in range(len(months)) if Y[:, t].sum() > 0]
keep_u = [u for u in range(7) if Y[u].sum() > 0]
U, T = len(keep_u), len(keep_t)
y = np.concatenate([Y[u, keep_t] for u in keep_u])
cols = [np.ones(U * T)]
for i in range(1, U):
    c = np.zeros(U * T); c[i*T:(i+1)*T] = 1; cols.append(c)
for k in range(1, T):
    c = np.zeros(U * T); c[k::T] = 1; cols.append(c)
c = np.zeros(U * T); c[:T] = [1.0 if t >= t0 else 0.0 for t in keep_t]; cols.append(c)
r = sm.GLM(y, np.column_stack(cols), family=sm.families.Poisson()).fit(tol=1e-13)
j = json.load(open("did-sparse.json"))
check(j["left_out"]["comparison_areas_without_events"] == 1 and j["left_out"]["months_without_events"] == len(months) - T,
      f"the area and the {len(months) - T} months without any event are left out")
b, se = r.params[-1], r.bse[-1]
d = max(abs(j["effect"]["estimate"] - b) / abs(b), abs(j["effect"]["se"] - se) / se)
check(d < 1e-6, f"the effect equals statsmodels' on the panel without them ({d:.2e})")
print("\n".join(out))
PY
)
while IFS= read -r line; do case "$line" in "ok - "*) ok "${line#ok - }";; *) notok "${line#not ok - }";; esac; done <<< "$check"

# ---- synthetic control from the CLI ------------------------------------------------------------
expect_ok "synth with placebos and a chart" -- --json --user eva evaluate synth --area Ankeby \
  --compare external --intervention 2022-01 --svg synth.svg
echo "$out" > synth.json
check=$(/usr/bin/python3 - <<'PY'
import json
j = json.load(open("synth.json"))
a = j["areas"][0]
out = []
def check(cond, what): out.append(("ok" if cond else "not ok") + " - " + what)
check(abs(sum(w["weight"] for w in a["weights"]) - 1) < 1e-9 and all(w["weight"] >= 0 for w in a["weights"]), "synth: weights are non-negative and sum to 1")
check(j["donors"] == 6 and len(a["placebos"]) == 6, "synth: six donors, six placebos")
check(a["p"] == a["rank"] / 7, "synth: p = rank / (donors + 1)")
check(a["effect_ci_low"] <= a["effect"] <= a["effect_ci_high"], "synth: the interval holds the estimate")
check(a["effect"] < 0, "synth: the simulated drop shows as a negative gap")
s = a["series"]
check(all(abs(x["observed"] - x["synthetic"] - x["gap"]) < 1e-9 for x in s), "synth: gap = observed - synthetic")
check("placebo_in_time" in a, "synth: placebo in time is reported")
print("\n".join(out))
PY
)
while IFS= read -r line; do case "$line" in "ok - "*) ok "${line#ok - }";; *) notok "${line#not ok - }";; esac; done <<< "$check"
expect_ok "synth with conformal intervals" -- --json --user eva evaluate synth --area Ankeby \
  --compare external --intervention 2022-01 --no-placebos --conformal
expect_eq "$(printf '%s' "$out" | /usr/bin/python3 -c '
import json, sys
a = json.load(sys.stdin)["areas"][0]
post = [x for x in a["series"] if x["period"] >= "2022-01"]
ok = all(x["conformal_low"] is not None and x["conformal_low"] <= x["gap"] <= x["conformal_high"] for x in post)
pre = [x for x in a["series"] if x["period"] < "2022-01"]
print(len(post), ok, all("conformal_low" not in x for x in pre))')" "36 True True" \
  "a conformal interval for each of the 36 months after the start, holding the gap"
expect_eq "$(xmllint --noout synth.svg 2>&1 && echo valid)" "valid" "the synth chart is well-formed SVG"
expect_match "$(cat synth.svg)" "Syntetisk kontroll" "the chart is titled in Swedish"
expect_ok "its chart" -- --user eva evaluate its --area Ankeby --intervention 2022-01 --svg its.svg
expect_eq "$(xmllint --noout its.svg 2>&1 && echo valid)" "valid" "the its chart is well-formed SVG"
expect_ok "did chart" -- --user eva evaluate did --area Ankeby --compare external --intervention 2022-01 --svg did.svg
expect_eq "$(xmllint --noout did.svg 2>&1 && echo valid)" "valid" "the event-study chart is well-formed SVG"
expect_match "$out" "pre-trend test" "the text names the pre-trend test"
/usr/bin/python3 -c '
areas = ["Ankeby", "Bergsta", "Dalby", "Ekeby", "Forsa", "Gnesta", "Hallby"]
print("area,period,outcome,value")
for i, a in enumerate(areas):
    for t in range(96):
        print(f"{a},{2017 + t // 12}-{t % 12 + 1:02d},residents,{10000 + 1500 * i + 3 * t}")' > residents.csv
expect_ok "a predictor series imports" -- --user eva import external-series residents.csv
expect_ok "synth with a predictor and optimised predictor weights" -- --json --user eva evaluate synth \
  --area Ankeby --compare external --intervention 2022-01 --predictors residents --no-placebos
expect_eq "$(printf '%s' "$out" | /usr/bin/python3 -c '
import json, sys
a = json.load(sys.stdin)["areas"][0]
v = a["predictor_weights"]
print([x["predictor"] for x in v], abs(sum(x["weight"] for x in v) - 1) < 1e-9, abs(sum(x["weight"] for x in a["weights"]) - 1) < 1e-9)')" \
  "['shootings', 'residents'] True True" "predictor weights for the outcome and the predictor, each set summing to 1"
expect_fail 1 "an unknown predictor" -- --user eva evaluate synth --area Ankeby --compare external --intervention 2022-01 --predictors nothing
expect_match "$errout" "--predictors nothing" "names the predictor"
expect_ok "two treated areas in synth" -- --user eva evaluate synth --area Ankeby,Bergsta \
  --compare Dalby,Ekeby,Forsa,Gnesta,Hallby --intervention 2022-01 --no-placebos
expect_match "$out" "pooled: mean gap" "a pooled estimate over the treated areas"
expect_ok "two treated areas in synth with pooled inference" -- --json --user eva evaluate synth --area Ankeby,Bergsta \
  --compare Dalby,Ekeby,Forsa,Gnesta,Hallby --intervention 2022-01,2021-06
expect_eq "$(printf '%s' "$out" | /usr/bin/python3 -c '
import json, sys
j = json.load(sys.stdin)
a, b = j["areas"]
ra, rb = [x["ratio"] for x in a["placebos"]], [x["ratio"] for x in b["placebos"]]
stat = (a["ratio"] + b["ratio"]) / 2
above = sum((x + y) / 2 >= stat for x in ra for y in rb)
p = j["pooled"]
print(abs(p["p"] - (1 + above) / (1 + len(ra) * len(rb))) < 1e-12, abs(p["effect"] - (a["effect"] + b["effect"]) / 2) < 1e-12, p["ci_low"] <= p["effect"] <= p["ci_high"])')" \
  "True True True" "pooled p-value over every pair of placebos, recounted in Python; the interval holds the pooled gap"

# ---- the steering-group report ----------------------------------------------------------------
expect_ok "the report as printable HTML" -- --user eva evaluate report --area Ankeby \
  --compare Bergsta,Dalby,Ekeby,Forsa,Gnesta,Hallby --from 2024-01 --to 2024-12 --intervention 2022-01 --html rep.html
expect_eq "$(/usr/bin/python3 -c '
import sys
from html.parser import HTMLParser
void = {"meta", "br", "img", "hr", "link", "input"}
class P(HTMLParser):
    def __init__(s): super().__init__(); s.stack = []; s.bad = []; s.ids = set()
    def handle_starttag(s, t, a):
        for k, v in a:
            if k == "id":
                if v in s.ids: s.bad.append("duplicate id " + v)
                s.ids.add(v)
        if t not in void: s.stack.append(t)
    def handle_startendtag(s, t, a): pass
    def handle_endtag(s, t):
        if not s.stack or s.stack.pop() != t: s.bad.append("unbalanced " + t)
p = P(); p.feed(open("rep.html").read())
print("balanced" if not p.bad and not p.stack else p.bad[:3] + p.stack[:3])')" "balanced" "the report is balanced HTML with unique ids"
rep=$(cat rep.html)
expect_match "$rep" "<html lang=\"sv\">" "in Swedish"
expect_match "$rep" "Lägesrapport till styrgruppen" "titled as the steering-group report"
expect_match "$rep" "@media print" "with print styles"
want=$(/usr/bin/python3 -c '
import csv
r = [x for x in csv.DictReader(open("series.csv"), delimiter=";") if x["area"] == "Ankeby" and x["outcome"] == "shootings"]
now = sum(int(x["value"]) for x in r if x["period"].startswith("2024"))
before = sum(int(x["value"]) for x in r if x["period"].startswith("2023"))
print(f"<tr><td>Skjutningar</td><td>{now}</td><td>{before}</td>")')
expect_match "$rep" "$want" "the shootings of the period and the period before, as summed from the file"
expect_match "$rep" "Sprängningar</td><td>uppgift saknas" "an outcome without a series is missing, not invented"
expect_match "$rep" "Avbruten tidsserie" "the interrupted time series is in it"
expect_match "$rep" "(minskade|ökade) med [0-9]+ %" "with its estimate in words"
expect_match "$rep" "rang [0-9]+" "and the synthetic control's placebo rank"
expect_match "$rep" "Skillnad-i-skillnader" "and difference-in-differences"
expect_match "$rep" "parallella trender" "with its pre-trend test in words"
expect_match "$rep" "Att tänka på" "and the caveats"
expect_fail 2 "the report needs its period" -- --user eva evaluate report --area Ankeby --html x.html

# ---- series from incidents: districts roll up, empty months are 0 -------------------------------
a="$GVI --user admin"
$a area add --name Norrvik --kind municipality >/dev/null
$a area add --name Kvarnbacken --kind district --parent Norrvik >/dev/null
$GVI incident add --occurred "2024-01-05 21:00" --type shooting --area Kvarnbacken --injured 1 >/dev/null
$GVI incident add --occurred "2024-01-20" --type shooting --area Norrvik --killed 1 >/dev/null
$GVI incident add --occurred "2024-03-02" --type explosion --area Norrvik >/dev/null
$GVI incident add --occurred "2024-03" --type shooting --area Kvarnbacken --status unfounded >/dev/null
$GVI incident add --occurred "2024" --type shooting --area Norrvik >/dev/null
before=$(sqlite3 r.db "SELECT count(*) FROM audit WHERE user_name='eva' AND action='aggregate'")
expect_ok "the evaluator gets the monthly counts" -- --json --user eva evaluate series --area Norrvik --outcome shootings
expect_eq "$(printf '%s' "$out" | /usr/bin/python3 -c 'import json,sys; j=json.load(sys.stdin); print(" ".join("%s=%g" % (r["period"], r["value"]) for r in j["series"]), j["undated_incidents"])')" \
  "2024-01=2 2024-02=0 2024-03=0 1" "shootings per month: district rolled up, a month without any 0, unfounded and year-only left out"
expect_ok "killed" -- --csv --user eva evaluate series --area Norrvik --outcome killed
expect_match "$out" "Norrvik,2024-01,killed,1" "killed counted per month"
expect_fail 1 "the evaluator still may not read incidents" -- --user eva incident list
expect_eq "$(sqlite3 r.db "SELECT count(*) FROM audit WHERE user_name='eva' AND action='aggregate'")" "$((before + 2))" "each aggregate read is audited"

# ---- bad input: a clear message, never a NaN ---------------------------------------------------
expect_fail 1 "too short a pre-period" -- --user eva evaluate its --area Ankeby --intervention 2017-02
expect_match "$errout" "too short a pre-period" "names the problem"
expect_fail 1 "a donor pool of one" -- --user eva evaluate synth --area Ankeby --compare Bergsta --intervention 2022-01
expect_match "$errout" "donor pool of 1" "says the pool is one area"
expect_fail 1 "all-zero series" -- --user eva evaluate its --area Ankeby --outcome killed --intervention 2022-01
expect_match "$errout" "all 96 counts are zero" "says the counts are all zero"
printf 'area,period,outcome,value\nLuckby,2020-01,shootings,2\nLuckby,2020-02,shootings,1\nLuckby,2020-04,shootings,3\nLuckby,2020-05,shootings,1\nLuckby,2020-06,shootings,4\nLuckby,2020-07,shootings,2\n' > gap.csv
expect_ok "a series with a missing month imports" -- --user eva import external-series gap.csv
expect_fail 1 "missing months are refused" -- --user eva evaluate its --area Luckby --intervention 2020-05 --season none
expect_match "$errout" "Luckby has no value for 2020-03" "names the area and the month"
expect_fail 1 "an unknown area" -- --user eva evaluate its --area Nowhere --intervention 2022-01
expect_match "$errout" "no area \"Nowhere\"" "names the area"
expect_fail 2 "an intervention that is not a month" -- --user eva evaluate its --area Ankeby --intervention 2022-13
expect_fail 1 "an intervention outside the period" -- --user eva evaluate its --area Ankeby --intervention 2030-01
expect_fail 1 "did without comparison areas" -- --user eva evaluate did --area Ankeby --compare Ankeby --intervention 2022-01
expect_fail 2 "a bad family" -- --user eva evaluate its --area Ankeby --intervention 2022-01 --family gamma
printf 'area,period,outcome,value\nX,2020-01,shootings,zwei\n' > bad.csv
expect_fail 1 "a bad value in the import" -- --user eva import external-series bad.csv
expect_match "$errout" "bad.csv:2" "names file and line"
expect_fail 1 "the community partner may not import external series" -- --user kim import external-series gap.csv
__finish
