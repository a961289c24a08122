# t54-supervised.sh — Kriminalvården's supervision: probation users record it, and the person
# ranking can be limited to persons under supervision today (a priority list for call-ins).
. "$(dirname "$0")/lib.sh"
make_repo r.db
$GVI person add --name "Adam Exempelsson" --code P-AAAAAA >/dev/null
$GVI person add --name "Bo Påhittad" --code P-BBBBBB >/dev/null
$GVI person add --name "Cia Låtsas" --code P-CCCCCC >/dev/null
$GVI incident add --occurred 2026-10-01 --type shooting >/dev/null
$GVI involvement add --incident 1 --person P-AAAAAA --role suspect >/dev/null
$GVI involvement add --incident 1 --person P-BBBBBB --role suspect >/dev/null
$GVI involvement add --incident 1 --person P-CCCCCC --role victim >/dev/null

expect_ok "probation records a supervision" -- --user pro supervision add --person P-BBBBBB --kind probation --since 2026-01-01
expect_ok "and an ended one" -- --user pro supervision add --person P-AAAAAA --kind parole --since 2025-01-01 --until 2026-06-30
expect_fail 1 "an unknown kind is refused" -- --user pro supervision add --person P-CCCCCC --kind house_arrest --since 2026-01-01
expect_fail 1 "the police analyst may read but not write supervision" -- --user pia supervision add --person P-CCCCCC --kind probation --since 2026-01-01
expect_ok "the police analyst reads it" -- --user pia supervision list
expect_fail 1 "social services may not read it" -- --user sam supervision list

expect_ok "persons under supervision today" -- --csv analyze persons --supervised --top 0
codes=$(printf '%s\n' "$out" | tr -d '\r' | tail -n +2 | cut -d, -f1 | sort | tr '\n' ' ')
expect_eq "$codes" "P-BBBBBB " "only the person under supervision today (an ended supervision does not count)"
expect_ok "all persons" -- --csv analyze persons --top 0
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | wc -l | tr -d ' ')" "3" "without the filter, everyone"
expect_ok "end the supervision" -- --user pro supervision end 1 --date 2026-11-01
expect_ok "after the end" -- --csv analyze persons --supervised --top 0
expect_eq "$(printf '%s\n' "$out" | tail -n +2 | wc -l | tr -d ' ')" "0" "nobody is under supervision any more"
