# t51-analyze-groups.sh — `gvi analyze groups`, `concentration` and `retaliation` on small
# repositories built by hand, with every number computed by hand in the comments; then on the
# demo programme: explanations add up to the scores, shares are proportions that grow with
# the top %, the premise shows (the few account for much more than their share), and roles
# that may not read a record see "not visible" or a refusal, never a crash.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
basis="intelligence|PM 1|2024-01-01;symbols|Foto 1|2024-01-02"
# GVI_TODAY is 2026-11-25 (lib.sh): every age below counts from that day.

# py JSON-TEXT PROGRAM: runs PROGRAM with the parsed JSON as `d`; prints what it prints.
py() { printf '%s' "$1" | $PY -c "import json,sys,math; d=json.load(sys.stdin)
$2"; }

# ======================================================================================
# 1. Groups and concentration
# ======================================================================================
make_repo g.db || exit 1
expect_ok "area" -- area add --name Norrby
for g in Alfa Beta Gamma Delta; do expect_ok "group $g" -- group add --name $g; done
for p in AAAAAA BBBBBB CCCCCC DDDDDD EEEEEE FFFFFF GGGGGG HHHHHH; do
  expect_ok "person $p" -- person add --code P-$p --name "Person $p"
done
expect_ok "A in Alfa" -- membership add --person P-AAAAAA --group Alfa --level core --basis "$basis"
expect_ok "B in Alfa" -- membership add --person P-BBBBBB --group Alfa --level member --basis "$basis"
expect_ok "F in Alfa" -- membership add --person P-FFFFFF --group Alfa --level member --basis "$basis" --since 2023-01-01
expect_ok "F left Alfa" -- membership end 3 --date 2025-01-01
expect_ok "C in Beta" -- membership add --person P-CCCCCC --group Beta --level member --basis "$basis"
expect_ok "D in Gamma" -- membership add --person P-DDDDDD --group Gamma --level member --basis "$basis"
expect_ok "Alfa-Beta conflict" -- relation add --group_a Alfa --group_b Beta --kind conflict --intensity 4
expect_ok "Alfa-Gamma conflict" -- relation add --group_a Alfa --group_b Gamma --kind conflict --since 2024-01-01
expect_ok "… ended" -- relation end 2 --date 2025-01-01
expect_ok "Beta-Delta conflict" -- relation add --group_a Delta --group_b Beta --kind conflict
expect_ok "Alfa-Delta alliance" -- relation add --group_a Alfa --group_b Delta --kind alliance

# Incidents (seeded taxonomy: shooting 9 serious, aggravated_assault 6 serious, threat 2 not):
#   1 shooting            2026-05-29  age 180  killed 1        Alfa perp confirmed, Beta victimised confirmed
#   2 shooting            2025-11-25  age 365  injured 2       Alfa perp probable
#   3 threat              2026-11-25  age 0                    Beta perp possible, Alfa victimised possible
#   4 shooting            2024-11-25  age 730                  Gamma perp confirmed
#   5 aggravated_assault  2026-10-01  age 55                   Alfa perp possible
expect_ok "incident 1" -- incident add --occurred "2026-05-29 21:00" --type shooting --area Norrby --killed 1
expect_ok "incident 2" -- incident add --occurred "2025-11-25" --type shooting --injured 2
expect_ok "incident 3" -- incident add --occurred "2026-11-25 08:00" --type threat
expect_ok "incident 4" -- incident add --occurred "2024-11-25" --type shooting
expect_ok "incident 5" -- incident add --occurred "2026-10-01" --type aggravated_assault
gi() { expect_ok "incident $1: $2 $3 $4" -- group-involvement add --incident $1 --group $2 --side $3 --confidence $4; }
gi 1 Alfa perpetrating confirmed; gi 1 Beta victimised confirmed
gi 2 Alfa perpetrating probable
gi 3 Beta perpetrating possible; gi 3 Alfa victimised possible
gi 4 Gamma perpetrating confirmed
gi 5 Alfa perpetrating possible
# Persons: A suspect in 1, 2, 5; B suspect in 1; C victim in 1; D suspect in 4, victim in 5;
# E witness in 4; F, G, H nowhere.  A is listed twice in incident 1 (suspect and witness).
inv() { expect_ok "incident $1: $2 $3" -- involvement add --incident $1 --person P-$2 --role $3; }
inv 1 AAAAAA suspect; inv 1 AAAAAA witness; inv 1 BBBBBB suspect; inv 1 CCCCCC victim
inv 2 AAAAAA suspect; inv 4 DDDDDD suspect; inv 4 EEEEEE witness
inv 5 AAAAAA suspect; inv 5 DDDDDD victim

# ---- groups ----
# Alfa = 9·1·0.5^(180/365) + 9·0.7·0.5^(365/365) + 6·0.3·0.5^(55/365)
#      = 6.3942 + 3.15 + 1.6215 = 11.1657;  Gamma = 9·1·0.5^2 = 2.25;  Beta = 2·0.3·1 = 0.6;  Delta 0.
# GMI (gmi: a member suspect/victim on the day, or a group at confirmed/probable): incidents
# 1, 2, 5 are GMI (5 through A's membership), 3 is not.  Alfa is in 1, 2, 3, 5 → 3/4;
# Beta in 1, 3 → 1/2; Gamma in 4 (D a member) → 1.
expect_ok "groups --json" -- analyze groups --json
j=$out
expect_eq "$(py "$j" 'print(" ".join(g["group"] for g in d["groups"]))')" "Alfa Gamma Beta Delta" "groups ranked by score"
expect_eq "$(py "$j" '
a = d["groups"][0]
want = 9*0.5**(180/365) + 9*0.7*0.5**(365/365) + 6*0.3*0.5**(55/365)
print(abs(a["score"] - want) < 1e-12 * want, round(a["score"], 4))')" "True 11.1657" "Alfa: 9×1×0.5^(180/365) + 9×0.7×0.5^1 + 6×0.3×0.5^(55/365)"
expect_eq "$(py "$j" 'print([(g["group"], round(g["score"], 12)) for g in d["groups"][1:]])')" \
  "[('Gamma', 2.25), ('Beta', 0.6), ('Delta', 0.0)]" "Gamma 9×0.25, Beta 2×0.3 (not serious still counts), Delta 0"
expect_eq "$(py "$j" 'a=d["groups"][0]; print(a["incidents"], a["serious"], a["killed"], a["injured"], a["gmi_share"], a["members"], a["conflicts"])')" \
  "3 3 1 2 0.75 2 ['Beta']" "Alfa: 3 incidents, 3 serious, 1 killed, 2 injured, GMI 3/4, 2 current members, conflict Beta only"
expect_eq "$(py "$j" 'b=[g for g in d["groups"] if g["group"]=="Beta"][0]; print(b["gmi_share"], b["members"], b["conflicts"], b["incidents"])')" \
  "0.5 1 ['Alfa', 'Delta'] 1" "Beta: GMI 1/2, 1 member, conflicts Alfa and Delta (ended and alliance left out)"
expect_eq "$(py "$j" '
for g in d["groups"]:
    s = sum(c["contribution"] for c in g["explanation"])
    assert abs(s - g["score"]) <= 1e-9 * max(1, g["score"]), g
    for c in g["explanation"]:
        assert abs(c["severity"] * c["confidence_weight"] * 0.5 ** (c["age_days"] / 365) - c["contribution"]) < 1e-12
print("ok")')" "ok" "every explanation sums to its score, each contribution = severity × confidence × decay"
expect_eq "$(py "$j" 'print([(c["incident"], c["age_days"], c["confidence"]) for c in d["groups"][0]["explanation"]])')" \
  "[(2, 365, 'probable'), (1, 180, 'confirmed'), (5, 55, 'possible')]" "Alfa's explanation: incidents 2, 1, 5 with their ages and confidence"
expect_ok "groups --half-life 180 --json" -- analyze groups --json --half-life 180
expect_eq "$(py "$out" 'g=d["groups"][0]; print(d["parameters"]["half_life_days"], abs(round(g["score"] - (9*0.5 + 9*0.7*0.5**(365/180) + 6*0.3*0.5**(55/180)), 12)))')" \
  "180.0 0.0" "--half-life 180: 9×0.5 + 9×0.7×0.5^(365/180) + …"
expect_ok "groups --from 2026-01-01 --json" -- analyze groups --json --from 2026-01-01
expect_eq "$(py "$out" 'print(abs(round(d["groups"][0]["score"] - (9*0.5**(180/365) + 6*0.3*0.5**(55/365)), 12)), d["groups"][0]["incidents"])')" \
  "0.0 2" "--from 2026-01-01 leaves incident 2 out"
expect_ok "groups text" -- analyze groups
expect_match "$out" "Alfa +active +11\.17 +3 +3 +1 +2 +0\.75 +2 +Beta" "text table row for Alfa"
expect_ok "groups --top 2 --csv" -- analyze groups --top 2 --csv
expect_eq "$(printf '%s\n' "$out" | tr -d '\r' | cut -d, -f1,2,5 | tr '\n' ' ')" "rank,group,incidents 1,Alfa,3 2,Gamma,1 " "CSV priority list: --top 2"
expect_ok "groups --explain Alfa" -- analyze groups --explain Alfa
expect_match "$out" "Sum of the contributions: 11\.1657 \(the score\)" "--explain Alfa: the sum is the score"
expect_match "$out" "2025-11-25 +shooting +9 +probable \(0\.7\) +365 +0\.5000 +3\.1500" "--explain Alfa: incident 2's row"
expect_ok "groups --explain Beta --json" -- analyze groups --explain Beta --json
expect_eq "$(py "$out" 'c=d["group"]["explanation"]; print(len(c), c[0]["incident"], c[0]["decay"], c[0]["contribution"])')" "1 3 1.0 0.6" "--explain Beta --json: one contribution of 2×0.3×1"
expect_fail 1 "--explain an unknown group" -- analyze groups --explain Nope
expect_fail 2 "--half-life must be positive" -- analyze groups --half-life 0
expect_fail 2 "unknown option" -- analyze groups --bogus
expect_ok "police analyst may rank groups" -- --user pia analyze groups --json
expect_eq "$(py "$out" 'print(d["groups"][0]["group"], d["groups"][0]["members"])')" "Alfa 2" "police analyst sees the same ranking"
expect_fail 1 "community partner is refused" -- --user kim analyze groups
expect_match "$errout" "refused: user kim \(role community_partner\) may not read group records" "… with a reason"
expect_fail 1 "evaluator is refused" -- --user eva analyze groups

# ---- concentration ----
# Serious incidents: 1, 2, 4, 5 (S = 4; the threat is not serious).  Suspect counts: A 3
# (1, 2, 5; the witness role in 1 adds nothing), B 1, D 1; C and E are involved (victim,
# witness) with 0.  Involved N = 5 (A B C D E), register 8.  Ranking A (3, severity 24),
# B (1, 9), D (1, 9; code after B), then C, E.
# Top 1/5/10 % of 5: ceil → 1 person, A → incidents {1, 2, 5} = 3 of 4 = 0.75; of 8 also 1.
# Curve (counts 3 1 1 0 0, total 5): 20 % → 1 person 3/5; 40 % → 2 → 4/5, incidents 3/4;
# 60 % → 3 → 5/5, incidents 4/4.  Gini of 0 0 1 1 3: Σ|xi−xj| over ordered pairs 28 /
# (2·25·1) = 0.56; over the register (five zeros): 58 / (2·64·0.625) = 0.725.
expect_ok "concentration --json" -- analyze concentration --json
j=$out
expect_eq "$(py "$j" 'print(d["serious_incidents"], d["incidents_with_known_culprit"], d["involved"], d["register"], d["culprit_involvements"])')" "4 4 5 8 5" "4 serious incidents, 5 involved persons, 8 in the register, 5 suspect involvements"
expect_eq "$(py "$j" 'print([(t["percent"], t["units"], t["of"], t["incidents"], t["share"]) for t in d["top_of_involved"]])')" \
  "[(1, 1, 5, 3, 0.75), (5, 1, 5, 3, 0.75), (10, 1, 5, 3, 0.75)]" "top 1/5/10 % of the involved: A, in 3 of 4"
expect_eq "$(py "$j" 'print([(t["units"], t["of"], t["share"]) for t in d["top_of_register"]])')" \
  "[(1, 8, 0.75), (1, 8, 0.75), (1, 8, 0.75)]" "… and of the register"
expect_eq "$(py "$j" 'print(round(d["gini"], 12), round(d["gini_register"], 12))')" "0.56 0.725" "Gini 0.56 among the involved, 0.725 over the register"
expect_eq "$(py "$j" 'c={x["top_percent"]: x for x in d["curve"]}; print(len(d["curve"]), [(c[p]["units"], c[p]["involvement_share"], c[p]["incident_share"]) for p in (0, 20, 40, 60, 100)])')" \
  "21 [(0, 0.0, 0.0), (1, 0.6, 0.75), (2, 0.8, 0.75), (3, 1.0, 1.0), (5, 1.0, 1.0)]" "the curve at 0, 20, 40, 60, 100 %"
expect_eq "$(py "$j" 'print([(x["code"], x["serious_incidents"], x["severity"]) for x in d["top_10_percent"]])')" "[('P-AAAAAA', 3, 24)]" "the top 10 %: A with 3 incidents, severity 9+9+6"
expect_ok "concentration text" -- analyze concentration
expect_match "$out" "The top 5 % of persons \(1 of 5\) were suspects in 75 % of serious incidents \(3 of 4\)\." "the premise in a sentence"
expect_match "$out" "Gini coefficient of serious incidents per person: 0\.56 among the involved, 0\.73 over the register" "Gini in the text"
expect_ok "concentration --csv" -- analyze concentration --csv
expect_eq "$(printf '%s\n' "$out" | tr -d '\r' | sed -n '1p;6p')" "top_percent,units,units_share,involvement_share,incident_share
20,1,0.2,0.6,0.75" "CSV of the curve"
# Groups, every attribution whole: Alfa perpetrating 1, 2, 5 (confirmed, probable, possible),
# Gamma 4; involved Alfa, Beta, Gamma (3), register 4; top → Alfa, 3 of 4.
expect_ok "concentration --by groups --json" -- analyze concentration --by groups --json
expect_eq "$(py "$out" 'print(d["by"], d["involved"], d["register"], [(t["units"], t["incidents"], t["share"]) for t in d["top_of_involved"]], d["top_10_percent"][0]["group"])')" \
  "groups 3 4 [(1, 3, 0.75), (1, 3, 0.75), (1, 3, 0.75)] Alfa" "groups: Alfa perpetrating 3 of 4, whatever the confidence"
expect_match "$(py "$out" 'print(d["counting"])')" "whatever its confidence" "the JSON says how attributions count"
expect_ok "concentration --by groups" -- analyze concentration --by groups
expect_match "$out" "The top 10 % of groups \(1 of 3\) were recorded perpetrating 75 % of serious incidents \(3 of 4\)\." "groups sentence"
expect_fail 2 "--by must be persons or groups" -- analyze concentration --by areas
expect_fail 1 "social services (no incidents) is refused" -- --user sam analyze concentration
expect_match "$errout" "may not read incident records" "… naming what it may not read"
expect_ok "empty period" -- analyze concentration --from 2030-01-01
expect_match "$out" "No serious incidents in the period" "an empty period says so"

# ======================================================================================
# 2. Retaliation
# ======================================================================================
make_repo r.db || exit 1
for g in Alfa Beta Gamma Delta Epsilon; do expect_ok "group $g" -- group add --name $g; done
for p in VVVVVV MEMB01 MEMB02 SUSP01 FORMER NEIGH1 NEIGH2 XXXXXX; do
  expect_ok "person $p" -- person add --code P-$p --name "Person $p"
done
mem() { expect_ok "$1 in $2" -- membership add --person P-$1 --group $2 --level member --basis "$basis" ${3:+--since $3}; }
mem VVVVVV Beta; mem MEMB01 Beta; mem MEMB02 Beta; mem SUSP01 Alfa; mem XXXXXX Gamma
mem FORMER Beta 2023-01-01
expect_ok "FORMER left Beta" -- membership end 6 --date 2025-01-01
expect_ok "Beta-Alfa conflict" -- relation add --group_a Beta --group_b Alfa --kind conflict --intensity 4
expect_ok "Beta-Gamma conflict" -- relation add --group_a Beta --group_b Gamma --kind conflict --since 2024-01-01
expect_ok "… ended" -- relation end 2 --date 2025-06-30
expect_ok "Delta-Beta conflict" -- relation add --group_a Delta --group_b Beta --kind conflict --since 2026-01-01
expect_ok "Beta-Epsilon alliance" -- relation add --group_a Beta --group_b Epsilon --kind alliance
expect_ok "Alfa-Gamma conflict" -- relation add --group_a Alfa --group_b Gamma --kind conflict
expect_ok "V–N1 kinship" -- tie add --person_a P-VVVVVV --person_b P-NEIGH1 --kind kinship
#   1 assault   2025-03-01  N1, N2 suspects          → N1–N2 co-involvement
#   2 shooting  2025-06-01  M1 victim, X suspect     → M1's prior serious victimisation; M1–X
#   3 threat    2025-08-01  N2 victim                → not serious: no prior for N2
#   4 shooting  2026-11-20  V victim, S suspect; Beta victimised, Alfa perpetrating (probable)
#   5 shooting  2026-11-22  N2 victim; no group      → not listed (no victimised group)
expect_ok "incident 1" -- incident add --occurred 2025-03-01 --type assault
expect_ok "incident 2" -- incident add --occurred 2025-06-01 --type shooting
expect_ok "incident 3" -- incident add --occurred 2025-08-01 --type threat
expect_ok "incident 4" -- incident add --occurred "2026-11-20 21:00" --type shooting
expect_ok "incident 5" -- incident add --occurred "2026-11-22 01:00" --type shooting
inv 1 NEIGH1 suspect; inv 1 NEIGH2 suspect; inv 2 MEMB01 victim; inv 2 XXXXXX suspect
inv 3 NEIGH2 victim; inv 4 VVVVVV victim; inv 4 SUSP01 suspect; inv 5 NEIGH2 victim
gi 4 Beta victimised confirmed; gi 4 Alfa perpetrating probable
expect_ok "notification for M1" -- notification add --person P-MEMB01 --planned 2026-12-01
expect_ok "notification for V" -- notification add --person P-VVVVVV --planned 2026-11-21 --held 2026-11-23 --status held

# Incident 4: victimised Beta (recorded, and V is a member).  Targets: conflicts in force
# today with Beta — Alfa (recorded perpetrating, probable) and Delta; not Gamma (ended), not
# Epsilon (alliance), not Alfa–Gamma (Beta not in it).
# Persons, score = closeness × (2 if a current Beta member) + prior serious victimisations:
#   M1  distance 1 (group Beta)        1 × 2 + 1 (incident 2) = 3
#   V   the victim, distance 0         1 × 2 + 0              = 2
#   M2  distance 1 (group Beta)        1 × 2                  = 2   (after V: distance)
#   FORMER distance 1 (group Beta, ended membership; not current) 1 = 1
#   N1  distance 1 (tie)               1                      = 1
#   S   distance 1 (incident 4)        1                      = 1
#   N2  distance 2 (V → N1 → N2)       0.5 (threat not serious; incident 5 is later) = 0.5
#   X   distance 2 (V → M1 → X)        0.5                    = 0.5
expect_ok "retaliation (last 30 days) --json" -- analyze retaliation --json
j=$out
expect_eq "$(py "$j" 'print([i["incident"] for i in d["incidents"]], d["without_victimised_group"], d["parameters"]["since"])')" "[4] [5] 2026-10-26" "incident 4 is watched; 5 has no victimised group; since today − 30"
expect_eq "$(py "$j" 'i=d["incidents"][0]; print([(t["group"], t["in_conflict_with"], t["perpetrating_this_incident"]) for t in i["target_groups"]])')" \
  "[('Alfa', 'Beta', 'probable'), ('Delta', 'Beta', None)]" "target groups: Alfa (perpetrating, probable) and Delta"
expect_eq "$(py "$j" 'i=d["incidents"][0]; print(i["victims"], [g["group"] for g in i["victimised_groups"]], i["watch_until"])')" \
  "['P-VVVVVV'] ['Beta'] 2026-12-20" "victim V, victimised Beta, watched until 20 December"
expect_eq "$(py "$j" 'print(" ".join("%s:%g" % (p["code"], p["score"]) for p in d["incidents"][0]["persons"]))')" \
  "P-MEMB01:3 P-VVVVVV:2 P-MEMB02:2 P-FORMER:1 P-NEIGH1:1 P-SUSP01:1 P-NEIGH2:0.5 P-XXXXXX:0.5" "persons at risk, exactly, ranked"
expect_eq "$(py "$j" '
p={x["code"]: x for x in d["incidents"][0]["persons"]}
print(p["P-NEIGH2"]["distance"], [(s["from"], s["to"], [e["reason"] for e in s["evidence"]]) for s in p["P-NEIGH2"]["path"]])')" \
  "2 [('P-VVVVVV', 'P-NEIGH1', ['tie']), ('P-NEIGH1', 'P-NEIGH2', ['co_involvement'])]" "N2's path: V → N1 (tie) → N2 (incident 1)"
expect_eq "$(py "$j" '
p={x["code"]: x for x in d["incidents"][0]["persons"]}
print(p["P-MEMB01"]["prior_incidents"], p["P-MEMB01"]["member_of"], p["P-SUSP01"]["role_in_incident"], p["P-VVVVVV"]["role_in_incident"])')" \
  "[2] ['Beta'] suspect victim" "M1's prior victimisation and membership; roles in the incident"
expect_eq "$(py "$j" 'p={x["code"]: x["notification"] for x in d["incidents"][0]["persons"]}; print(p["P-MEMB01"], "|", p["P-VVVVVV"], "|", p["P-MEMB02"])')" \
  "planned 2026-12-01 | held 2026-11-23 | none" "existing notification status"
expect_eq "$(py "$j" '
for p in d["incidents"][0]["persons"]:
    want = p["closeness"] * p["member_factor"] + p["prior_victimisations"]
    assert abs(p["score"] - want) < 1e-12 and p["reason"], p
    assert len(p["path"]) == (p["distance"] if p["distance"] else 0), p
print("ok")')" "ok" "every row: score = closeness × member factor + prior, a reason, a path as long as the distance"
expect_ok "retaliation text" -- analyze retaliation
expect_match "$out" "Alfa — in conflict with Beta \(relation 1, intensity 4\); recorded perpetrating this incident \(probable\)" "text: target group Alfa"
expect_match "$out" "P-NEIGH2 +0\.5 +0\.5 +2 .*P-VVVVVV → P-NEIGH1 \(tie 1\), P-NEIGH1 → P-NEIGH2 \(incident 1\)" "text: N2's row explains its path"
expect_match "$out" "not listed: incident 5" "text: incident 5 has no victimised group"
expect_ok "retaliation --csv" -- analyze retaliation --csv
expect_eq "$(printf '%s\n' "$out" | tr -d '\r' | cut -d, -f1-3 | tr '\n' ' ')" "incident,code,score 4,P-MEMB01,3 4,P-VVVVVV,2 4,P-MEMB02,2 4,P-FORMER,1 4,P-NEIGH1,1 4,P-SUSP01,1 4,P-NEIGH2,0.5 4,P-XXXXXX,0.5 " "CSV priority list"
expect_ok "retaliation --incident 4 --top 3" -- analyze retaliation --incident 4 --top 3 --json
expect_eq "$(py "$out" 'i=d["incidents"][0]; print([p["code"] for p in i["persons"]], i["persons_total"])')" "['P-MEMB01', 'P-VVVVVV', 'P-MEMB02'] 8" "--incident 4 --top 3"
expect_ok "retaliation --since 2026-11-21" -- analyze retaliation --since 2026-11-21
expect_match "$out" "No serious incident with a victimised group in the period" "--since after incident 4: nothing to watch"
expect_ok "retaliation --window 10" -- analyze retaliation --window 10 --json
expect_eq "$(py "$out" 'print(d["parameters"]["since"], d["incidents"][0]["watch_until"])')" "2026-11-15 2026-11-30" "--window 10: since today − 10, watch 10 days"
expect_ok "retaliation --incident 2 (old, M1 the victim)" -- analyze retaliation --incident 2 --json
expect_eq "$(py "$out" 'i=d["incidents"][0]; print([t["group"] for t in i["target_groups"]], i["persons"][0]["code"], i["persons"][0]["prior_victimisations"])')" \
  "['Alfa', 'Delta'] P-MEMB01 0" "incident 2: Beta through M1's membership; no victimisation before it"
expect_fail 1 "unknown incident" -- analyze retaliation --incident 99
expect_fail 2 "--incident and --since together" -- analyze retaliation --incident 4 --since 2026-01-01
expect_fail 2 "bad --window" -- analyze retaliation --window x
expect_ok "police analyst: notifications not visible" -- --user pia analyze retaliation --json
expect_eq "$(py "$out" 'print(set(p["notification"] for p in d["incidents"][0]["persons"]), len(d["incidents"][0]["persons"]))')" "{'not visible'} 8" "police analyst sees the list, notifications 'not visible'"
expect_fail 1 "social services is refused" -- --user sam analyze retaliation
expect_fail 1 "community partner is refused" -- --user kim analyze retaliation

# ======================================================================================
# 3. The demo programme
# ======================================================================================
unset GVI_REPO
export GVI_USER=samordnare
expect_ok "demo" -- demo d.db
D="--repo d.db"
expect_ok "demo: groups --json" -- $D analyze groups --json --top 0
expect_eq "$(py "$out" '
bad = [g["group"] for g in d["groups"] if abs(sum(c["contribution"] for c in g["explanation"]) - g["score"]) > 1e-9 * max(1, g["score"])]
scores = [g["score"] for g in d["groups"]]
print(len(d["groups"]) > 0, bad, scores == sorted(scores, reverse=True))')" "True [] True" "demo: every explanation sums to its score; ranked by score"
expect_ok "demo: concentration --json" -- $D analyze concentration --json
expect_eq "$(py "$out" '
ok = True
for base in ("top_of_involved", "top_of_register"):
    s = [t["share"] for t in d[base]]
    ok = ok and all(0 <= x <= 1 for x in s) and s == sorted(s)
t10 = d["top_of_involved"][2]
print(ok, t10["share"] > 0.15, d["top_of_register"][2]["share"] > 0.15)')" "True True True" "demo: shares in [0, 1], growing with the top %; the top 10 % account for clearly more than 10 %"
expect_eq "$(py "$out" 'c=[x["involvement_share"] for x in d["curve"]]; print(c == sorted(c), c[-1], 0 < d["gini"] < 1)')" "True 1.0 True" "demo: the curve rises to 1; 0 < Gini < 1"
echo "# demo: $(py "$out" 'print("; ".join("top %d %%: %d of %d persons, %.0f %% of %d serious incidents" % (t["percent"], t["units"], t["of"], 100*t["share"], d["serious_incidents"]) for t in d["top_of_involved"]))')"
expect_ok "demo: concentration --by groups" -- $D analyze concentration --by groups --json
expect_eq "$(py "$out" 's=[t["share"] for t in d["top_of_involved"]]; print(all(0 <= x <= 1 for x in s) and s == sorted(s))')" "True" "demo: group shares in [0, 1] and monotone"
expect_ok "demo: retaliation over the last year" -- $D analyze retaliation --since 2025-11-25 --top 0 --json
expect_eq "$(py "$out" '
n = 0
for i in d["incidents"]:
    assert i["victimised_groups"]
    for p in i["persons"]:
        n += 1
        assert abs(p["score"] - (p["closeness"] * p["member_factor"] + p["prior_victimisations"])) < 1e-12
        assert len(p["path"]) == (p["distance"] or 0) and p["reason"]
print(len(d["incidents"]) > 0, n > 0)')" "True True" "demo: retaliation rows explain themselves"
expect_ok "demo: retaliation is deterministic" -- $D analyze retaliation --since 2025-11-25 --csv
first=$out
run $D analyze retaliation --since 2025-11-25 --csv
expect_eq "$out" "$first" "demo: same repository, same list"
expect_ok "demo: groups text" -- $D analyze groups --top 5
expect_ok "demo: the analyst sees 'not visible'" -- $D --user analytiker analyze retaliation --since 2025-11-25 --top 1 --csv
expect_match "$out" "not visible" "demo: notifications hidden from the analyst"
