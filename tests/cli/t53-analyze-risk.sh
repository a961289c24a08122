# t53-analyze-risk.sh — `gvi analyze risk` on the demo: the out-of-sample evaluation is
# reported for both models against a random list, every listed score adds up from its terms
# (intensity = baseline + the neighbours' contributions), results repeat, roles are enforced.
# The model itself (recovery of known parameters from simulated data) is tested in
# tests/unit/test_risk.c.
. "$(dirname "$0")/lib.sh"
"$GVI" demo d.db --seed 2 >/dev/null || notok "demo"
export GVI_REPO=d.db GVI_USER=samordnare
expect_ok "risk as JSON" -- --json analyze risk --top 10
echo "$out" > risk.json
check=$(/usr/bin/python3 - <<'PY'
import json
r = json.load(open("risk.json"))
ev = r["evaluation"]
out = []
def check(cond, what): out.append(("ok" if cond else "not ok") + " - " + what)
check("contagion" in ev and "baseline" in ev, "both models are evaluated")
k = ev["k"]
for m in ("contagion", "baseline"):
    x = ev[m]
    check(0 <= x["hits"] <= k and abs(x["precision"] - x["hits"] / k) < 1e-12, f"{m}: precision = hits / k")
    if x["recall"] is not None:
        check(abs(x["recall"] - x["hits"] / ev["test_victims"]) < 1e-9, f"{m}: recall = hits / test victims")
check(0 <= ev["random_precision"] <= 1, "a random list's precision is reported")
cur = r["current"]["persons"]
check(len(cur) == 10, "ten persons listed")
probs = [p["probability_horizon"] for p in cur]
check(probs == sorted(probs, reverse=True), "listed by probability, highest first")
for p in cur:
    s = p["baseline"] + sum(t["contribution"] for t in p["terms"])
    check(abs(s - p["intensity"]) <= 1e-9 * max(1, abs(p["intensity"])), f"{p['code']}: intensity = baseline + terms")
    check(abs(p["exposure"] - sum(t["contribution"] for t in p["terms"])) <= 1e-9 * max(1, p["exposure"]), f"{p['code']}: exposure = sum of terms")
print("\n".join(out))
PY
)
while IFS= read -r line; do case "$line" in "ok - "*) ok "${line#ok - }";; *) notok "${line#not ok - }";; esac; done <<< "$check"
expect_ok "again" -- --json analyze risk --top 10
expect_eq "$(printf '%s\n' "$out" | cmp -s - risk.json && echo same)" "same" "the same data give the same result"
code=$(/usr/bin/python3 -c 'import json; print(json.load(open("risk.json"))["current"]["persons"][0]["code"])')
expect_ok "explain one person" -- --json analyze risk --top 1 --explain "$code"
expect_match "$out" "\"explain\"" "the explanation is included"
expect_ok "text output" -- analyze risk --top 3
expect_match "$out" "Out-of-sample evaluation" "the text names the evaluation"
expect_match "$out" "baseline model" "and the baseline it is compared with"
expect_fail 1 "the community partner may not run the risk model" -- --user forening analyze risk
expect_fail 2 "bad option" -- analyze risk --period-days zero
