# t52-analyze-picture.sh — `gvi analyze picture`: the group-conflict map and the person network
# as SVG drawn by gvi: well-formed, one circle per group or person, conflicts marked, person
# names never in the picture, deterministic, refused to roles that may not read.
. "$(dirname "$0")/lib.sh"
"$GVI" demo d.db --seed 5 >/dev/null || notok "demo"
export GVI_REPO=d.db GVI_USER=samordnare
expect_ok "group map" -- analyze picture --output groups.svg
expect_eq "$(xmllint --noout groups.svg 2>&1)" "" "group map is well-formed XML"
expect_eq "$(grep -c '<circle' groups.svg)" "$(sqlite3 d.db 'SELECT count(*) FROM grp')" "one circle per group"
expect_match "$(cat groups.svg)" "role=\"img\"" "the picture is marked as an image for screen readers"
ngroups_conflict=$(sqlite3 d.db "SELECT count(*) FROM relation WHERE kind='conflict' AND until IS NULL")
[ "$ngroups_conflict" -gt 0 ] && expect_match "$(cat groups.svg)" "conflict" "conflicts are drawn and named in the legend"
first_group=$(sqlite3 d.db 'SELECT name FROM grp ORDER BY id LIMIT 1')
expect_match "$(cat groups.svg)" "$first_group" "groups are labelled by name"
expect_ok "person network" -- analyze picture --of persons --output persons.svg
expect_eq "$(xmllint --noout persons.svg 2>&1)" "" "person network is well-formed XML"
expect_eq "$(grep -c '<circle' persons.svg)" "$(sqlite3 d.db 'SELECT count(*) FROM person')" "one circle per person"
leaks=0
while IFS= read -r name; do grep -qF "$name" persons.svg && leaks=$((leaks + 1)); done < <(sqlite3 d.db 'SELECT name FROM person')
expect_eq "$leaks" "0" "no person's name appears in the picture"
expect_ok "again" -- analyze picture --of persons --output persons2.svg
expect_eq "$(cmp -s persons.svg persons2.svg && echo same)" "same" "the same data gives the same picture"
expect_ok "one community, at most 10 persons" -- analyze picture --of persons --community 0 --max 10 --output c.svg
c=$(grep -c '<circle' c.svg); [ "$c" -ge 1 ] && [ "$c" -le 10 ] && ok "--max limits the persons drawn ($c)" || notok "--max limits the persons drawn ($c)"
expect_fail 1 "the community partner may not draw persons" -- --user forening analyze picture --of persons --output x.svg
expect_eq "$(ls x.svg 2>/dev/null)" "" "no file is left behind after a refusal"
expect_fail 2 "unknown option" -- analyze picture --of cats
