# t40-graph.sh — `gvi export graph`: the network as GraphML and GEXF 1.3, read back with
# networkx and compared with weights computed by hand; persons only by code, never by name;
# XML escaping; deterministic output; what each role gets; the export is audited.
. "$(dirname "$0")/lib.sh"
summary=$(dirname "$0")/data/graph/summary.py
PY=/usr/bin/python3
R="--repo r.db"

expect_ok "init" -- init r.db
expect_ok "add a coordinator" -- $R --user admin user add --name anna --agency GVI-samordning --role coordinator
expect_ok "add a police analyst" -- $R --user admin user add --name pia --agency GVI-samordning --role police_analyst
expect_ok "add a social services user" -- $R --user admin user add --name sofia --agency GVI-samordning --role social_services
expect_ok "add a community partner" -- $R --user admin user add --name carl --agency GVI-samordning --role community_partner

export GVI_USER=anna
basis="intelligence|PM 1|2024-01-01;symbols|Foto 1|2024-01-02"
expect_ok "area Norrby" -- $R area add --name Norrby
expect_ok "area Söderby" -- $R area add --name Söderby

# Groups: g3's name holds every XML markup character and a tab.  (Control characters and
# bytes that are not UTF-8 never get in: gvi refuses them on input, checked here too.)
west=$'Väst & <Co> "V" \'x\'\tTend'
expect_fail 1 "a control character in a name is refused" -- $R group add --name $'Bad\x01name'
expect_fail 1 "a name that is not UTF-8 is refused" -- $R group add --name $'Bad\xffname'
expect_ok "group g1" -- $R group add --name Norrbygänget --areas Norrby
expect_ok "group g2" -- $R group add --name Söderligan --areas Söderby
expect_ok "group g3 with markup in its name" -- $R group add --name "$west"

# Persons p1..p6 (A..F), with names, an alias and a personnummer that must never be exported.
expect_ok "person A" -- $R person add --code P-AAAAAA --name "Adam Andersson" --birth 2010 --area Norrby --pnr 811218-9876
expect_ok "person B" -- $R person add --code P-BBBBBB --name "Bertil Bergqvist" --birth 2007-01-01 --alias Snabben
expect_ok "person C" -- $R person add --code P-CCCCCC --name "Cesar Carlsson" --birth 1995 --area Söderby
expect_ok "person D" -- $R person add --code P-DDDDDD --name "David Dahlgren"
expect_ok "person E" -- $R person add --code P-EEEEEE --name "Erik Ekström"
expect_ok "person F" -- $R person add --code P-FFFFFF --name "Fredrik Falkenberg"

# Memberships: five current ones, and F's, which is ended and so not drawn.
expect_ok "A core of g1" -- $R membership add --person P-AAAAAA --group Norrbygänget --level core --basis "$basis"
expect_ok "B member of g1" -- $R membership add --person P-BBBBBB --group Norrbygänget --level member --basis "$basis"
expect_ok "C core of g2" -- $R membership add --person P-CCCCCC --group Söderligan --level core --basis "$basis"
expect_ok "D associate of g2" -- $R membership add --person P-DDDDDD --group Söderligan --level associate --basis "$basis"
expect_ok "E member of g3" -- $R membership add --person P-EEEEEE --group 3 --level member --basis "$basis"
expect_ok "F member of g1" -- $R membership add --person P-FFFFFF --group Norrbygänget --level member --basis "$basis" --since 2024-01-01
expect_ok "F's membership ended" -- $R membership end 6 --date 2025-06-30

# Relations: g1–g2 conflict (drawn); g2–g3 alliance, ended (not drawn).
expect_ok "conflict g1-g2" -- $R relation add --group_a Norrbygänget --group_b Söderligan --kind conflict --intensity 4
expect_ok "alliance g2-g3" -- $R relation add --group_a Söderligan --group_b 3 --kind alliance --intensity 2 --since 2024-01-01
expect_ok "the alliance ended" -- $R relation end 2 --date 2025-01-01

# Incidents and involvements:
#   incident 1: A suspect, B suspect, C victim         → pairs AB AC BC
#   incident 2: A suspect, C victim, C witness, D      → pairs AC AD CD (C counts once)
#   incident 3: A victim, B suspect                    → pair AB
#   incident 4: E alone                                → no pair
# Co-involvement weights by hand: A–B 2, A–C 2, B–C 1, A–D 1, C–D 1 (5 edges); E, F none.
for i in 1 2 3 4; do
  expect_ok "incident $i" -- $R incident add --occurred "2024-03-0$i 21:00" --type shooting --area Norrby
done
inv() { expect_ok "incident $1: $2 $3" -- $R involvement add --incident "$1" --person "$2" --role "$3"; }
inv 1 P-AAAAAA suspect; inv 1 P-BBBBBB suspect; inv 1 P-CCCCCC victim
inv 2 P-AAAAAA suspect; inv 2 P-CCCCCC victim; inv 2 P-CCCCCC witness; inv 2 P-DDDDDD witness
inv 3 P-AAAAAA victim; inv 3 P-BBBBBB suspect
inv 4 P-EEEEEE witness

# What both formats must read back as: 9 nodes, 5 memberships + 1 relation + 5 co-involvement.
west_json=$($PY -c 'import json,sys; print(json.dumps(sys.argv[1].encode("utf-8","surrogateescape").decode("utf-8","replace").replace("\x01","\ufffd")))' "$west")
expected=$(cat <<EOF
count nodes 9
count edges 11
node g1 {"kind": "group", "label": "Norrbyg\u00e4nget", "status": "active"}
node g2 {"kind": "group", "label": "S\u00f6derligan", "status": "active"}
node g3 {"kind": "group", "label": $west_json, "status": "active"}
node p1 {"age_band": "under 18", "area": "Norrby", "code": "P-AAAAAA", "kind": "person", "label": "P-AAAAAA"}
node p2 {"age_band": "under 21", "code": "P-BBBBBB", "kind": "person", "label": "P-BBBBBB"}
node p3 {"age_band": "adult", "area": "S\u00f6derby", "code": "P-CCCCCC", "kind": "person", "label": "P-CCCCCC"}
node p4 {"code": "P-DDDDDD", "kind": "person", "label": "P-DDDDDD"}
node p5 {"code": "P-EEEEEE", "kind": "person", "label": "P-EEEEEE"}
node p6 {"code": "P-FFFFFF", "kind": "person", "label": "P-FFFFFF"}
edge g1 g2 {"intensity": 4, "kind": "conflict", "weight": 1.0}
edge g1 p1 {"kind": "membership", "level": "core", "weight": 1.0}
edge g1 p2 {"kind": "membership", "level": "member", "weight": 1.0}
edge g2 p3 {"kind": "membership", "level": "core", "weight": 1.0}
edge g2 p4 {"kind": "membership", "level": "associate", "weight": 1.0}
edge g3 p5 {"kind": "membership", "level": "member", "weight": 1.0}
edge p1 p2 {"kind": "co-involvement", "weight": 2.0}
edge p1 p3 {"kind": "co-involvement", "weight": 2.0}
edge p1 p4 {"kind": "co-involvement", "weight": 1.0}
edge p2 p3 {"kind": "co-involvement", "weight": 1.0}
edge p3 p4 {"kind": "co-involvement", "weight": 1.0}
order ok
EOF
)

# No name, alias or personnummer may appear in an export, in any spelling.
no_personal_data() {
  local f=$1 hit=
  for s in "Adam Andersson" Andersson Bergqvist Carlsson Dahlgren Ekström Falkenberg Snabben \
           811218 8112189876 198112189876; do
    grep -q -F -- "$s" "$f" && hit="$hit $s"
  done
  expect_eq "$hit" "" "$f holds no person's name, alias or personnummer"
}

for fmt in graphml gexf; do
  expect_ok "export graph --format $fmt" -- $R export graph --format $fmt --output net.$fmt
  expect_eq "$(xmllint --noout net.$fmt 2>&1; echo $?)" "0" "$fmt: xmllint finds it well-formed"
  expect_eq "$($PY "$summary" $fmt net.$fmt 2>&1)" "$expected" \
    "$fmt: networkx reads the hand-computed nodes, edges and co-involvement weights"
  no_personal_data net.$fmt
  expect_ok "export graph $fmt again" -- $R export graph --format $fmt --output again.$fmt
  expect_eq "$(cmp net.$fmt again.$fmt && echo same)" "same" "$fmt: output is deterministic"
done

# The default format is GraphML, on standard output.
expect_ok "export graph to standard output" -- $R export graph
expect_eq "$out" "$(cat net.graphml)" "the default is GraphML, the same as --output"

# Format declarations.
g=$(cat net.graphml)
expect_match "$g" '<graph id="gvi" edgedefault="undirected">' "graphml: undirected graph"
expect_match "$g" '<key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>' "graphml: weight key is a double"
expect_match "$g" '<key id="e_intensity" for="edge" attr.name="intensity" attr.type="int"/>' "graphml: intensity key is an int"
expect_nomatch "$g" 'directed="true"' "graphml: no directed edges"
x=$(cat net.gexf)
expect_match "$x" '<gexf xmlns="http://gexf.net/1.3"' "gexf: GEXF 1.3 namespace"
expect_match "$x" 'version="1.3"' "gexf: version 1.3"
expect_match "$x" '<graph defaultedgetype="undirected" mode="static">' "gexf: undirected static graph"
expect_match "$x" '<attributes class="node"' "gexf: node attributes declared"
expect_match "$x" '<attributes class="edge"' "gexf: edge attributes declared"
expect_match "$x" '<edge id="e[0-9]+" source="p1" target="p2" weight="2">' "gexf: co-involvement weight on the edge"
expect_match "$x" 'label="Väst &amp; &lt;Co&gt; &quot;V&quot; &apos;x&apos;&#9;T' "gexf: markup in a label escaped"

# The export is audited like any export of personal data.
expect_ok "admin reads the audit log" -- $R --user admin audit --by anna --action export
expect_match "$out" "export +person" "the graph export left an audit entry for persons"
expect_match "$out" "export +membership" "... for memberships"
expect_match "$out" "export +involvement" "... for involvements"

# A police analyst reads all the entities the graph needs: the same network.
expect_ok "police analyst exports the graph" -- $R --user pia export graph --output pia.graphml
expect_eq "$(cmp net.graphml pia.graphml && echo same)" "same" "police analyst gets the same network"

# Social services read persons but not groups, memberships or involvements: persons only.
expect_ok "social services export the graph" -- $R --user sofia export graph --output sofia.graphml
expect_eq "$(xmllint --noout sofia.graphml 2>&1; echo $?)" "0" "persons-only graph is well-formed"
expect_eq "$($PY "$summary" graphml sofia.graphml | grep -c '^node p')" "6" "social services see the 6 persons"
expect_eq "$($PY "$summary" graphml sofia.graphml | grep -E '^(node g|edge)')" "" "... and no group and no edge"
expect_match "$($PY "$summary" graphml sofia.graphml)" "count edges 0" "... networkx agrees: no edges"
expect_ok "social services export GEXF" -- $R --user sofia export graph --format gexf --output sofia.gexf
expect_match "$($PY "$summary" gexf sofia.gexf)" "count nodes 6" "persons-only GEXF reads back"
no_personal_data sofia.graphml

# A community partner (and the admin) may read neither persons nor groups: refused.
rm -f carl.graphml
expect_fail 1 "community partner is refused" -- $R --user carl export graph --output carl.graphml
expect_match "$errout" "refused: user carl \(role community_partner\) may not read person or group records" \
  "the refusal names the user, role and what is missing"
expect_eq "$(cat carl.graphml 2>/dev/null)" "" "nothing of the network was written"
expect_fail 1 "admin is refused" -- $R --user admin export graph --format gexf
expect_match "$errout" "refused" "the admin's refusal says so"
expect_eq "$out" "" "the admin got no output"

# Usage: only graphml and gexf.
expect_fail 2 "another format is a usage error" -- $R export graph --format dot
