# t22-roundtrip.sh — export all, import into a fresh repository, export again: identical.
# Also: JSON export parses and matches the CSV, and the graph export is refused to no one who
# may read persons.
. "$(dirname "$0")/lib.sh"
make_repo a.db
$GVI area add --name Norrvik --kind municipality >/dev/null
$GVI area add --name "Centrum, Norrvik" --kind district --parent Norrvik --notes 'a "quoted" note' >/dev/null
$GVI group add --name "Röda; gänget" --alias "R|G" --areas Norrvik >/dev/null 2>&1 || true
$GVI group add --name Röda --alias RG --alias "Röda bröder" --areas "Norrvik;Centrum, Norrvik" --first-seen 2023-01-01 >/dev/null
$GVI group add --name Blå --areas Norrvik >/dev/null
$GVI person add --name "Åsa Exempelsson" --birth 2005 --pnr 19811218-9876 --alias Åsan --code P-AAAAAA >/dev/null
$GVI person add --name "Bo Påhittad" --birth 2003-04-05 --notes "rad ett
rad två" --code P-BBBBBB >/dev/null
$GVI membership add --person P-AAAAAA --group Röda --level core --basis "intelligence|PM 1|2024-01-01;symbols|Foto|2024-01-02" >/dev/null
$GVI relation add --group-a Röda --group-b Blå --kind conflict --intensity 3 >/dev/null
$GVI incident add --occurred "2024-03-01 21:40" --type shooting --area Norrvik --lat 59.4 --lon 17.83 --injured 2 --description "Skott, mot port" >/dev/null
$GVI incident add --occurred 2024-03 --type threat >/dev/null
$GVI involvement add --incident 1 --person P-AAAAAA --role suspect >/dev/null
$GVI involvement add --incident 1 --person P-BBBBBB --role victim >/dev/null
$GVI group-involvement add --incident 1 --group Röda --side perpetrating --confidence confirmed >/dev/null
$GVI notification add --person P-BBBBBB --held 2024-04-01 --agencies "Polisen;Socialtjänsten" --deliverers anna --msg-die 1 --msg-kill 1 --status held >/dev/null
$GVI callin add --held 2024-05-01 --venue Medborgarhuset --speakers "Lena|Polisen;Fatima|Lokalsamhället" >/dev/null
$GVI invitation add --callin 1 --person P-AAAAAA --channel letter --attended no >/dev/null
$GVI enforcement add --group Röda --incidents 1 --agency Polisen --lever warrant_checks --decided 2024-03-03 >/dev/null
$GVI referral add --person P-BBBBBB --service employment --agency Socialtjänsten --status started --consent 1 >/dev/null
$GVI incident delete 2 >/dev/null

expect_ok "export all (CSV)" -- export all --output one
expect_eq "$(ls one | wc -l)" "28" "one file per entity"
"$GVI" init b.db --programme Testprogrammet >/dev/null
# The admin brings in agencies, users and configuration; the coordinator the rest.
mkdir cfg && cp one/agency.csv one/user.csv cfg/
expect_ok "admin imports agencies and users" -- --repo b.db --user admin import all cfg
expect_ok "import all into a fresh repository" -- --repo b.db --user anna import all one
expect_ok "export all again" -- --repo b.db export all --output two
if diff -r one two >diff.txt; then ok "round trip is identical"; else notok "round trip differs: $(head -20 diff.txt)"; fi
expect_eq "$(sqlite3 b.db 'SELECT max(id) FROM incident')" "1" "ids are kept (incident 2 was deleted)"

expect_ok "export all (JSON)" -- export all --output js --format json
expect_eq "$(/usr/bin/python3 -c '
import json, csv, sys
rows = list(csv.DictReader(open("one/person.csv", newline="", encoding="utf-8")))
js = json.load(open("js/person.json", encoding="utf-8"))
print(len(rows) == len(js) and all(str(j["id"]) == r["id"] and j["name"] == r["name"] for j, r in zip(js, rows)))
')" "True" "JSON export matches CSV"
expect_ok "export one entity to stdout" -- export membership
expect_match "$out" "intelligence\|PM 1\|2024-01-01;symbols\|Foto\|2024-01-02" "list fields encoded as item;item with | sub-fields"
expect_ok "an imported export re-imports as all skipped" -- --repo b.db --user anna import all one
expect_match "$out" "imported 0 rows" "nothing new on the second import"
