# t26-disk.sh — running out of space in the middle of an import: a clear message, and the
# repository exactly as it was.  As root the repository sits on a 2 MiB tmpfs that really
# fills (ENOSPC); elsewhere a file-size limit (ulimit -f) stands in for the full disk.
. "$(dirname "$0")/lib.sh"
dir=$PWD
if [ "$(id -u)" -eq 0 ] && mkdir -p small && mount -t tmpfs -o size=2m tmpfs small 2>/dev/null; then
  trap 'cd "$dir"; umount "$dir/small" 2>/dev/null; __finish' EXIT
  cd small; how=tmpfs
else
  how=ulimit
fi
make_repo r.db
{ echo "name,notes"; for i in $(seq 1 20000); do echo "Person $i,$(printf 'x%.0s' $(seq 1 100))"; done; } > "$dir/big.csv"
before=$(db_digest r.db)
if [ "$how" = tmpfs ]; then
  out=$("$GVI" import person "$dir/big.csv" 2>&1); rc=$?
  expect_match "$out" "disk is full" "the message says the disk is full ($how)"
else
  out=$( (trap '' XFSZ; ulimit -f 600; "$GVI" import person "$dir/big.csv") 2>&1 ); rc=$?
  expect_match "$out" "disk is full|writing to the disk failed" "the message says the disk is full ($how)"
fi
expect_eq "$rc" "1" "import refused when the disk fills"
expect_match "$out" "nothing was changed" "the message says nothing was changed"
expect_nomatch "$out" "Sanitizer" "no crash"
expect_eq "$(db_digest r.db)" "$before" "the repository is unchanged"
expect_eq "$(sqlite3 r.db 'PRAGMA integrity_check')" "ok" "integrity check passes"
rm -f "$dir/big.csv"
expect_ok "the repository still works" -- person add --name "Efter Fullt"
