# t50-analyze-metrics.sh — `gvi analyze persons / explain / network` against reference
# libraries: the person metrics (degree, strength, betweenness, eigenvector, coreness, the
# modularity of the communities) equal python-igraph's and networkx's on the same weighted
# graph, for a published criminal network (the London street gang of Grund & Densley 2015,
# tests/data/london_gang.csv) and for the demo programme; the person network and the violence
# counts equal what is recomputed from gvi's own record exports; the period filter, on a
# small case computed by hand; determinism; explanations that add up; roles refused.
# The reference side is data/analyze/oracle.py (it says what it checks and how).
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
oracle=$here/data/analyze/oracle.py
gang=$here/../data/london_gang.csv
PY=/usr/bin/python3

# oracle DESC -- ARGS...: runs oracle.py; each "ok …" / "not ok …" line it prints is one
# assertion, "# …" lines (the differences seen) are passed on; a crash is a failure.
oracle() {
  local d=$1 res orc line; shift; [ "$1" = "--" ] && shift
  res=$("$PY" "$oracle" "$@" 2>"$PWD/.oracle.err"); orc=$?
  while IFS= read -r line; do
    case $line in
      "ok "*) ok "${line#ok }" ;;
      "not ok "*) notok "${line#not ok }" ;;
      "#"*) echo "$line" ;;
    esac
  done <<<"$res"
  [ "$orc" -eq 0 ] || notok "$d: oracle.py exited $orc: $(tail -3 "$PWD/.oracle.err")"
}
# save FILE -- ARGS...: gvi ARGS must succeed; its standard output goes to FILE.
save() { local f=$1; shift; [ "$1" = "--" ] && shift
  expect_ok "gvi $* > $f" -- "$@"; printf '%s\n' "$out" > "$f"; }
# exports DIR ARGS...: the records the oracle recomputes from, exported with gvi ARGS export.
exports() { local dir=$1 e; shift; mkdir -p "$dir"
  for e in person group membership tie incident incident-type involvement; do
    run "$@" export "$e"; printf '%s\n' "$out" > "$dir/$e.csv"
    [ "$rc" -eq 0 ] || notok "gvi $* export $e (exit $rc: $errout)"
  done; }

# ---- 1. The London gang: 54 members, a tie for every non-zero cell of the upper triangle ----

make_repo gang.db
expect_eq "$("$PY" "$oracle" gang-import "$gang" . 2>&1)" "54 315" \
  "the gang matrix gives 54 persons and 315 ties to import"
expect_ok "import the 54 members as persons" -- --repo gang.db import person person.csv
expect_match "$out" "imported 54 rows" "... all 54"
expect_ok "import the 315 ties" -- --repo gang.db import tie tie.csv
expect_match "$out" "imported 315 rows" "... all 315"
save gang.json -- --repo gang.db --json analyze persons --top 0
save gang.txt -- --repo gang.db analyze persons --top 1
expect_match "$(cat gang.txt)" "^54 persons, 315 (ties|edges) in the person network" "the summary counts 54 persons and 315 edges"
oracle "london gang metrics" -- metrics london "matrix:$gang" gang.json gang.txt
# The edge list is the matrix: one tie each, weight = value, evidence = the tie.
exports gexp --repo gang.db
save gang-net.csv -- --repo gang.db --csv analyze network --of persons
oracle "london gang network" -- network london gexp gang-net.csv
gtop=$(sed -n 's/^ *"code": "\(P-LG[0-9]*\)",$/\1/p' gang.json | head -1)
save gang-explain.json -- --repo gang.db --json analyze explain "$gtop"
oracle "london gang explain" -- explain "london $gtop" gexp gang.json gang-explain.json

# ---- 2. The demo programme: metrics on gvi's edge list, the edge list from the exports ----

expect_ok "demo programme, seed 3" -- demo d.db --seed 3
D="--repo d.db --user samordnare"
save demo-net.csv -- $D --csv analyze network --of persons
save demo-persons.csv -- $D --csv analyze persons --top 0
save demo.json -- $D --json analyze persons --top 0
save demo.txt -- $D analyze persons --top 1
expect_eq "$(($(wc -l < demo-persons.csv) - 1))" "300" "analyze persons --top 0 lists all 300 persons"
oracle "demo metrics" -- metrics demo "edges:demo-net.csv:demo-persons.csv" demo.json demo.txt
exports dexp $D
oracle "demo network" -- network demo dexp demo-net.csv

# ---- 3. Violence counts, recomputed from the exports ----

oracle "demo counts" -- counts demo dexp demo.json

# ---- 4. Determinism: the same repository gives the same bytes ----

for args in "--csv analyze persons --top 0" "--json analyze persons --top 0" "--csv analyze network --of persons"; do
  run $D $args; first=$out; rc1=$rc
  run $D $args
  expect_eq "$rc1 $rc $(cmp <(printf '%s' "$first") <(printf '%s' "$out") && echo same)" "0 0 same" \
    "two runs of $args succeed and are byte-identical"
done
expect_eq "$(cmp <(printf '%s\n' "$first") demo-net.csv && echo same)" "same" "... and equal the first run's network"
expect_ok "the same demo built again" -- demo d2.db --seed 3
run --repo d2.db --user samordnare --json analyze persons --top 0
expect_eq "$rc $(cmp <(printf '%s\n' "$out") demo.json && echo same)" "0 same" "a repository with the same content gives the same results"

# ---- 5. The period filter, on a small case computed by hand ----
#
# Incidents (severity, serious from the default taxonomy):
#   1  2024-01-10 shooting (9, serious)   A suspect, B victim          before the period
#   2  2024-02-15 shooting (9, serious)   A suspect, C victim+witness  in
#   3  2024-03    threat (2)              A suspect, D victim          in (March overlaps)
#   4  2024-03-20 assault (3)             A suspect, B victim          after
#   5  2024-02-20 shooting, unfounded     A suspect, E victim          never counts
#   6  2024       robbery (4)             B suspect, F victim          in (the year overlaps)
# Memberships: G1 A (2023-01-01..2024-01-15), B (from 2024-03-01), C (from 2024-04-01);
#              G2 D, E (no dates).
# Ties: A–F kinship (4) and hang_out (1), B–C other (1), C–D co_offending weight 2.5,
#       D–E hang_out (1), E–F serious_co_offending (3).
# Period 2024-02-01..2024-03-15: incidents 2, 3, 6; G1 has only B in the period, G2 D and E.
#   edges A–C 1, A–D 1, A–F 5, B–C 1, B–F 1, C–D 2.5, D–E 2, E–F 3
#   A suspect 2 (2, 3), serious 1, severity 11, last 2024-03, strength 7
#   B suspect 1 (6), severity 4, last 2024, strength 2
#   C victim 1, serious 1 (one incident, two roles), strength 4.5
#   D victim 1, strength 5.5; E nothing (5 is unfounded), strength 5; F victim 1, strength 9
# Everything: incidents 1, 2, 3, 4, 6, all of G1:
#   edges A–B 3 (1, 4, G1), A–C 2 (2, G1), A–D 1, A–F 5, B–C 2 (G1, tie), B–F 1, C–D 2.5,
#   D–E 2, E–F 3
#   A suspect 4, serious 2, severity 23, strength 11; B suspect 1, victim 2, serious 1,
#   severity 4, strength 6; C strength 6.5

make_repo p.db
P="--repo p.db"
basis="intelligence|PM 1|2024-01-01;symbols|Foto 1|2024-01-02"
expect_ok "area Norrby" -- $P area add --name Norrby
for x in A B C D E F; do
  expect_ok "person $x" -- $P person add --code "P-$x$x$x$x$x$x" --name "Person $x"
done
expect_ok "group G1" -- $P group add --name G1
expect_ok "group G2" -- $P group add --name G2
expect_ok "A in G1, ended" -- $P membership add --person P-AAAAAA --group G1 --level core --basis "$basis" --since 2023-01-01
expect_ok "... ended 2024-01-15" -- $P membership end 1 --date 2024-01-15
expect_ok "B in G1 from March" -- $P membership add --person P-BBBBBB --group G1 --level member --basis "$basis" --since 2024-03-01
expect_ok "C in G1 from April" -- $P membership add --person P-CCCCCC --group G1 --level member --basis "$basis" --since 2024-04-01
expect_ok "D in G2" -- $P membership add --person P-DDDDDD --group G2 --level member --basis "$basis"
expect_ok "E in G2" -- $P membership add --person P-EEEEEE --group G2 --level member --basis "$basis"
tie() { expect_ok "tie $1–$2 $3 ${4:-}" -- $P tie add --person_a "P-$1$1$1$1$1$1" --person_b "P-$2$2$2$2$2$2" --kind "$3" ${4:+--weight "$4"}; }
tie A F kinship; tie A F hang_out; tie B C other; tie C D co_offending 2.5; tie D E hang_out
tie E F serious_co_offending
incident() { expect_ok "incident $1 $2" -- $P incident add --occurred "$1" --type "$2" --area Norrby ${3:+--status "$3"}; }
incident "2024-01-10 21:00" shooting; incident "2024-02-15 21:00" shooting; incident 2024-03 threat
incident "2024-03-20 21:00" assault; incident "2024-02-20 21:00" shooting unfounded; incident 2024 robbery
inv() { expect_ok "incident $1: $2 $3" -- $P involvement add --incident "$1" --person "P-$2$2$2$2$2$2" --role "$3"; }
inv 1 A suspect; inv 1 B victim
inv 2 A suspect; inv 2 C victim; inv 2 C witness
inv 3 A suspect; inv 3 D victim
inv 4 A suspect; inv 4 B victim
inv 5 A suspect; inv 5 E victim
inv 6 B suspect; inv 6 F victim

period="--from 2024-02-01 --to 2024-03-15"
cols() { printf '%s\n' "$out" | cut -d, -f1,3-9 | sort; }
expect_ok "analyze persons in the period" -- $P --csv analyze persons --top 0 $period
expect_eq "$(cols)" "$(cat <<'EOF'
P-AAAAAA,2,0,1,11,2024-03,3,7
P-BBBBBB,1,0,0,4,2024,2,2
P-CCCCCC,0,1,1,0,2024-02-15 21:00,3,4.5
P-DDDDDD,0,1,0,0,2024-03,3,5.5
P-EEEEEE,0,0,0,0,,2,5
P-FFFFFF,0,1,0,0,2024,3,9
code,suspect,victim,serious,severity,last,degree,strength
EOF
)" "in the period: counts, last, degree and strength as computed by hand"
expect_ok "analyze network in the period" -- $P --csv analyze network --of persons $period
expect_eq "$(printf '%s\n' "$out" | cut -d, -f1-3 | sort)" "$(cat <<'EOF'
P-AAAAAA,P-CCCCCC,1
P-AAAAAA,P-DDDDDD,1
P-AAAAAA,P-FFFFFF,5
P-BBBBBB,P-CCCCCC,1
P-BBBBBB,P-FFFFFF,1
P-CCCCCC,P-DDDDDD,2.5
P-DDDDDD,P-EEEEEE,2
P-EEEEEE,P-FFFFFF,3
source,target,weight
EOF
)" "in the period: the edges and weights computed by hand"
expect_ok "analyze persons, everything" -- $P --csv analyze persons --top 0
expect_eq "$(cols | grep -E '^P-(AAAAAA|BBBBBB|CCCCCC)')" "$(cat <<'EOF'
P-AAAAAA,4,0,2,23,2024-03-20 21:00,4,11
P-BBBBBB,1,2,1,4,2024-03-20 21:00,3,6
P-CCCCCC,0,1,1,0,2024-02-15 21:00,3,6.5
EOF
)" "without a period: every founded incident and membership counts"
expect_ok "analyze network, everything" -- $P --csv analyze network --of persons
expect_match "$(printf '%s\n' "$out" | cut -d, -f1-3)" "^P-AAAAAA,P-BBBBBB,3$" "without a period: A–B is two incidents and a group"

# The same, through the oracle: network, counts and metrics, with and without the period.
exports pexp $P
for p in "" "$period"; do
  label="small${p:+ in the period}"
  set -- ${p:+2024-02-01 2024-03-15}
  save p-net.csv -- $P --csv analyze network --of persons $p
  save p-persons.csv -- $P --csv analyze persons --top 0 $p
  save p.json -- $P --json analyze persons --top 0 $p
  oracle "$label network" -- network "$label" pexp p-net.csv "$@"
  oracle "$label counts" -- counts "$label" pexp p.json "$@"
  oracle "$label metrics" -- metrics "$label" "edges:p-net.csv:p-persons.csv" p.json
done

# ---- 6. Explain: the top person's neighbours and involvements add up ----

top=$(sed -n 2p demo-persons.csv | cut -d, -f1)
save demo-explain.json -- $D --json analyze explain "$top"
oracle "demo explain" -- explain "demo $top" dexp demo.json demo-explain.json
expect_fail 1 "explain of an unknown code fails" -- $D analyze explain P-NOSUCH
expect_match "$errout" "no person with code P-NOSUCH" "... and says which code"

# ---- 7. Roles: a community partner (no person records) is refused ----

for c in "analyze persons" "analyze explain $top" "analyze network --of persons"; do
  expect_fail 1 "the community partner is refused: $c" -- --repo d.db --user forening $c
  expect_match "$errout" "refused" "... the message says refused ($c)"
  expect_eq "$out" "" "... and nothing is printed ($c)"
done

true
