# t25-help.sh — help and documentation keep up with the binary: `gvi help` lists every command
# of main.c's table; each has help (`gvi help CMD`, `gvi CMD --help`), a .TP entry in the man
# page doc/gvi.1 and a mention in docs/cli.md; usage errors exit 2; and the access matrix in
# docs/access-policy.md is the one `gvi roles` prints, cell for cell.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
man=$root/doc/gvi.1
clidoc=$root/docs/cli.md
policydoc=$root/docs/access-policy.md

# gvi help: the command list, between "Commands:" and the blank line after it
expect_ok "gvi help" -- help
help_out=$out
commands=$(printf '%s\n' "$help_out" | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
expect_match "$commands" "^agency$" "gvi help lists commands"
table=$(sed -n 's/^[[:space:]]*{ "\([a-z][a-z-]*\)", cmd_.*/\1/p' "$root/src/main.c")
expect_eq "$(printf '%s\n' "$commands" | sort)" "$(printf '%s\n' "$table" | sort)" \
  "gvi help lists exactly the commands of main.c's table"
[ "$(printf '%s\n' "$commands" | wc -l)" -ge 28 ] && ok "at least the 28 commands of the core" || notok "at least 28 commands"

# The man page exists and renders
[ -f "$man" ] && ok "doc/gvi.1 exists" || notok "doc/gvi.1 exists"
for s in NAME SYNOPSIS DESCRIPTION "GLOBAL OPTIONS" COMMANDS ENVIRONMENT FILES "EXIT STATUS" EXAMPLES "SEE ALSO"; do
  grep -q "^\.SH \"\?$s\"\?$" "$man" && ok "man page has section $s" || notok "man page has section $s"
done
grep -q '^\.TH GVI 1 ' "$man" && ok "man page has .TH GVI 1" || notok "man page has .TH GVI 1"
if command -v groff >/dev/null; then
  warn=$(groff -man -Tutf8 -ww "$man" 2>&1 >/dev/null)
  expect_eq "$warn" "" "groff renders the man page without warnings"
fi

# Each command: a .TP entry \fBNAME\fR in the man page (with \- read as -), a mention in
# docs/cli.md (`NAME` or a "### NAME" heading), and help that exits 0.
tp_entries=$(sed 's/\\-/-/g' "$man" | awk 'prev == ".TP" { print } { prev = $0 }' |
             sed -n 's/^\\fB\([a-z][a-z-]*\)\\fR.*/\1/p')
for cmd in $commands; do
  if printf '%s\n' "$tp_entries" | grep -qx -- "$cmd"; then
    ok "man page has a .TP entry for $cmd"
  else
    notok "man page has a .TP entry for $cmd (add '.TP' and '\\fB$cmd\\fR' to doc/gvi.1)"
  fi
  if grep -qE -- "(\`$cmd\`|^### $cmd\$)" "$clidoc"; then
    ok "docs/cli.md mentions $cmd"
  else
    notok "docs/cli.md mentions $cmd"
  fi
  run help "$cmd"
  if [ "$rc" -eq 0 ] && [ -n "$out" ]; then ok "gvi help $cmd"; else notok "gvi help $cmd (exit $rc: $errout)"; fi
  run "$cmd" --help
  if [ "$rc" -eq 0 ] && printf '%s' "$out" | grep -q '^usage: gvi'; then
    ok "gvi $cmd --help"
  else
    notok "gvi $cmd --help (exit $rc: $errout)"
  fi
done

# version
expect_ok "gvi version" -- version
expect_match "$out" '^gvi [0-9]+\.[0-9]+\.[0-9]+$' "gvi version prints a version"
expect_ok "gvi --version" -- --version
expect_match "$out" '^gvi [0-9]+\.[0-9]+' "gvi --version prints a version"

# Usage errors
expect_fail 2 "gvi with no arguments is a usage error" --
expect_match "$errout" '^usage: gvi' "gvi with no arguments prints usage on stderr"
expect_eq "$out" "" "gvi with no arguments prints nothing on stdout"
expect_fail 2 "gvi help nosuch is a usage error" -- help nosuch
expect_match "$errout" 'nosuch' "the usage error names the command"
expect_fail 2 "an unknown command is a usage error" -- nosuch
expect_fail 2 "an entity command without a subcommand is a usage error" -- person

# docs/access-policy.md: its table (entity rows × role columns, W / R / –) against
# `gvi --csv roles`, every cell.
expect_ok "gvi --csv roles" -- --csv roles
printf '%s\n' "$out" | tr -d '\r' | tail -n +2 | awk -F, '{ print $1 "," $2 "," ($4 == "1" ? "W" : $3 == "1" ? "R" : "-") }' |
  sort > matrix.bin
awk -F'|' '
  function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
  /^\| *entity *\|/ { n = NF; for (i = 3; i < NF; i++) role[i] = trim($i); intable = 1; next }
  intable && /^\|[- |]*$/ { next }
  intable && /^\|/ { e = trim($2); for (i = 3; i < n; i++) { c = trim($i); if (c == "–") c = "-"; print role[i] "," e "," c } next }
  intable { intable = 0 }
' "$policydoc" | sort > matrix.doc
expect_eq "$(wc -l < matrix.bin | tr -d ' ')" "$((7 * $(cut -d, -f2 matrix.bin | sort -u | wc -l)))" "gvi roles: 7 roles x every entity"
expect_eq "$(wc -l < matrix.doc | tr -d ' ')" "$(wc -l < matrix.bin | tr -d ' ')" \
  "docs/access-policy.md has a cell for every role x entity"
if diff matrix.bin matrix.doc > matrix.diff; then
  ok "docs/access-policy.md matches gvi roles in every cell"
else
  notok "docs/access-policy.md differs from gvi roles (< binary, > doc): $(head -20 matrix.diff | tr '\n' ' ')"
fi
