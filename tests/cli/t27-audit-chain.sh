# t27-audit-chain.sh — the audit log's hash chain: verify passes on untouched repositories
# (a new one, a demo, one from before the chain), and detects an entry that was changed,
# deleted, inserted or reordered by someone with the file (triggers dropped with the sqlite3
# shell); the hash is recomputed independently with Python's hashlib.blake2b; the anchor
# (--expect) detects a cut-off tail; --person queries and a person's access register; the
# registerutdrag (gvi extract) and who may make it.
. "$(dirname "$0")/lib.sh"
make_repo r.db
$GVI person add --name "Åsa Exempelsson" --code P-AAAAAA --pnr 200101012383 >/dev/null
$GVI person add --name "Bo Annan" --code P-BBBBBB >/dev/null
$GVI group add --name "Röda gänget" >/dev/null
$GVI membership add --person P-AAAAAA --group "Röda gänget" --level core --basis "self_admission|rapport 1|2026-01-02" >/dev/null
$GVI membership add --person P-BBBBBB --group "Röda gänget" --level member --basis "self_admission|rapport 2|2026-01-02" >/dev/null
$GVI tie add --person-a P-AAAAAA --person-b P-BBBBBB --kind hang_out >/dev/null
$GVI person edit P-AAAAAA --notes "flyttat" >/dev/null
$GVI --user pia person show P-AAAAAA >/dev/null
$GVI --user sam person show P-BBBBBB >/dev/null
$GVI export person >/dev/null
q() { sqlite3 r.db "$1"; }

expect_ok "verify passes on an untouched repository" -- --user admin audit verify
expect_match "$out" "intact: $(q 'SELECT count(*) FROM audit') entries" "verify counts every entry"
head=$(q "SELECT hash FROM audit_chain ORDER BY audit_id DESC LIMIT 1")
expect_match "$out" "$head" "verify prints the head hash"
expect_eq "$(q 'SELECT count(*) FROM audit_chain')" "$(q 'SELECT count(*) FROM audit')" "every entry has a link"
expect_fail 1 "a coordinator may not verify the audit log" -- audit verify

# An independent implementation of the documented serialisation (docs/audit.md).
oracle() {
  /usr/bin/python3 - "$1" <<'PY'
import hashlib, sqlite3, struct, sys
db = sqlite3.connect(sys.argv[1])
def lp(b): return struct.pack(">Q", len(b)) + b
prev = "0" * 64
bad = 0
cur = db.execute("SELECT * FROM audit ORDER BY id")
names = [d[0] for d in cur.description]
links = dict((r[0], (r[1], r[2])) for r in db.execute("SELECT audit_id, prev_hash, hash FROM audit_chain"))
for row in cur:
    h = hashlib.blake2b(digest_size=32)
    h.update(lp(b"gvi audit chain v1")); h.update(lp(prev.encode()))
    for n, v in zip(names, row):
        if v is None: continue
        if isinstance(v, int): tag, val = b"i", str(v).encode()
        elif isinstance(v, float): tag, val = b"r", repr(v).encode()
        elif isinstance(v, bytes): tag, val = b"b", v
        else: tag, val = b"t", v.encode()
        h.update(lp(n.encode())); h.update(lp(tag)); h.update(lp(val))
    if links.get(row[0]) != (prev, h.hexdigest()): bad += 1
    prev = h.hexdigest()
print(bad, prev)
PY
}
expect_eq "$(oracle r.db)" "0 $head" "hashlib.blake2b recomputes every link and the head"

# Someone with the file: drop the triggers, tamper, and verify must name the first broken entry.
untrigger() { sqlite3 "$1" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TRIGGER audit_chain_no_update; DROP TRIGGER audit_chain_no_delete;"; }
n=$(q "SELECT max(id) FROM audit")
k=$((n - 5))   # an entry in the middle

cp r.db changed.db; untrigger changed.db
sqlite3 changed.db "UPDATE audit SET user_name = 'nobody' WHERE id = $k"
expect_fail 1 "a changed entry is detected" -- --repo changed.db --user admin audit verify
expect_match "$errout" "entry $k does not match its hash" "the changed entry is named"

cp r.db changed2.db; untrigger changed2.db
sqlite3 changed2.db "UPDATE audit SET detail = NULL WHERE id = $k"
expect_fail 1 "a cleared detail is detected" -- --repo changed2.db --user admin audit verify

cp r.db deleted.db; untrigger deleted.db
sqlite3 deleted.db "DELETE FROM audit WHERE id = $k"
expect_fail 1 "a deleted entry is detected" -- --repo deleted.db --user admin audit verify
expect_match "$errout" "entry $k is missing" "the deleted entry is named"

cp r.db deleted2.db; untrigger deleted2.db
sqlite3 deleted2.db "DELETE FROM audit WHERE id = $k; DELETE FROM audit_chain WHERE audit_id = $k"
expect_fail 1 "an entry deleted with its link is detected" -- --repo deleted2.db --user admin audit verify
expect_match "$errout" "entry $((k + 1)) does not follow" "the entry after the gap is named"

cp r.db inserted.db; untrigger inserted.db
sqlite3 inserted.db "DELETE FROM audit WHERE id = $k; DELETE FROM audit_chain WHERE audit_id = $k;
  INSERT INTO audit (id, at, user_name, role, action, entity, record_id) VALUES ($k, '2026-01-01 00:00:00', 'x', 'admin', 'init', 'repository', NULL);
  INSERT INTO audit_chain SELECT $k, prev_hash, hash FROM audit_chain WHERE audit_id = $((k - 1));"
expect_fail 1 "an entry put in place of another is detected" -- --repo inserted.db --user admin audit verify
expect_match "$errout" "entry $k " "the inserted entry is named"

cp r.db appended.db; untrigger appended.db
sqlite3 appended.db "INSERT INTO audit (at, user_name, role, action, entity) VALUES ('2026-01-01', 'x', 'admin', 'init', 'repository')"
expect_fail 1 "an entry inserted without a link is detected" -- --repo appended.db --user admin audit verify
expect_match "$errout" "entry $((n + 1)) is not in the hash chain" "the inserted entry is named"

cp r.db reordered.db; untrigger reordered.db
sqlite3 reordered.db "UPDATE audit SET id = -1 WHERE id = $k; UPDATE audit SET id = $k WHERE id = $((k + 1)); UPDATE audit SET id = $((k + 1)) WHERE id = -1"
expect_fail 1 "two swapped entries are detected" -- --repo reordered.db --user admin audit verify
expect_match "$errout" "entry $k does not match its hash" "the first of the swapped entries is named"

cp r.db reordered2.db; untrigger reordered2.db
sqlite3 reordered2.db "UPDATE audit SET id = -1 WHERE id = $k; UPDATE audit SET id = $k WHERE id = $((k + 1)); UPDATE audit SET id = $((k + 1)) WHERE id = -1;
  UPDATE audit_chain SET audit_id = -1 WHERE audit_id = $k; UPDATE audit_chain SET audit_id = $k WHERE audit_id = $((k + 1)); UPDATE audit_chain SET audit_id = $((k + 1)) WHERE audit_id = -1;"
expect_fail 1 "entries swapped with their links are detected" -- --repo reordered2.db --user admin audit verify
expect_match "$errout" "entry $k " "the first of the swapped entries is named"

# The anchor: a head written down earlier must stay in the chain.
expect_ok "verify --expect the current head" -- --user admin audit verify --expect "$head"
$GVI person show P-AAAAAA >/dev/null
expect_ok "verify --expect an earlier head after more entries" -- --user admin audit verify --expect "$head"
expect_match "$out" "the expected hash is entry $n's" "it says where the anchor is"
cp r.db cut.db; untrigger cut.db
sqlite3 cut.db "DELETE FROM audit WHERE id >= $k; DELETE FROM audit_chain WHERE audit_id >= $k"
expect_ok "a cut-off tail alone is not detectable without an anchor" -- --repo cut.db --user admin audit verify
expect_fail 1 "a cut-off tail is detected with --expect" -- --repo cut.db --user admin audit verify --expect "$head"
expect_match "$errout" "not in the audit log's chain" "the refusal says why"

# A repository from before the chain: its entries are chained when it is first opened.
cp r.db old.db; untrigger old.db
sqlite3 old.db "DELETE FROM audit_chain"
expect_ok "an unchained repository opens" -- --repo old.db status
expect_eq "$(sqlite3 old.db 'SELECT count(*) FROM audit_chain')" "$(sqlite3 old.db 'SELECT count(*) FROM audit')" "its entries were chained on open"
expect_ok "and verify" -- --repo old.db --user admin audit verify
expect_eq "$(oracle old.db | cut -d' ' -f1)" "0" "the chaining matches the independent hash"

# A column added to the audit table by a later migration (say a review mark) is hashed without a
# change to gvi, and leaves the older entries' hashes as they were, because it is NULL there.
cp r.db newcol.db
sqlite3 newcol.db "ALTER TABLE audit ADD COLUMN reviewed TEXT"
expect_ok "older entries still verify after a nullable column is added" -- --repo newcol.db --user admin audit verify
sqlite3 newcol.db "DROP TRIGGER audit_no_update; DROP TRIGGER audit_chain_no_update"
last=$(sqlite3 newcol.db "SELECT max(id) FROM audit")
sqlite3 newcol.db "UPDATE audit SET reviewed = 'uppföljning' WHERE id = $last"
expect_fail 1 "the new column is covered by the hash" -- --repo newcol.db --user admin audit verify
expect_match "$errout" "entry $last does not match" "a value put into it afterwards is detected"
cp r.db defcol.db
sqlite3 defcol.db "ALTER TABLE audit ADD COLUMN reviewed TEXT DEFAULT ''"
expect_fail 1 "a new column with a DEFAULT breaks older hashes (so migrations must not add one)" -- --repo defcol.db --user admin audit verify

# Concurrent writers: two processes appending at once never fork the chain.
for w in 1 2; do ( for i in $(seq 1 15); do $GVI person show P-BBBBBB >/dev/null || echo fail; done ) > writer$w.log 2>&1 & done
wait
expect_eq "$(cat writer1.log writer2.log)" "" "both writers succeeded"
expect_ok "the chain of two concurrent writers verifies" -- --user admin audit verify
expect_eq "$(oracle r.db | cut -d' ' -f1)" "0" "and the independent hash agrees"
expect_eq "$(q 'SELECT count(DISTINCT prev_hash) = count(*) FROM audit_chain')" "1" "no two links share a predecessor"

# verify reads in one transaction, so it runs while a writer works and sees one state.
( for i in $(seq 1 15); do $GVI person show P-AAAAAA >/dev/null || echo fail; done ) > writer3.log 2>&1 &
wpid=$!
vfail=0
for i in 1 2 3 4 5; do $GVI --user admin audit verify >/dev/null 2>>verify.err || vfail=1; done
wait $wpid
expect_eq "$vfail$(cat writer3.log)" "0" "verify passes while another process appends"

# The demo repository verifies too.
$GVI demo demo.db --seed 3 >/dev/null 2>&1 || notok "gvi demo"
expect_ok "verify passes on a demo repository" -- --repo demo.db --user admin audit verify

# Querying by person, user, period and action.
pid=$(q "SELECT id FROM person WHERE code = 'P-AAAAAA'")
expect_ok "audit query --person" -- --user admin --json audit query --person P-AAAAAA
got=$(echo "$out" | /usr/bin/python3 -c 'import json,sys; print(" ".join(sorted({e["action"]+":"+e["entity"] for e in json.load(sys.stdin)})))')
expect_eq "$got" "add:membership add:person add:tie edit:person export:person read:person" "--person finds the person's records, those naming them and whole-table exports"
expect_nomatch "$(echo "$out" | /usr/bin/python3 -c 'import json,sys; print([e["record"] for e in json.load(sys.stdin) if e["entity"]=="person" and e.get("record")])')" "$(q "SELECT id FROM person WHERE code='P-BBBBBB'")\b" "--person leaves out the other person's own records"
expect_ok "audit query --person --by --action --from --to" -- --user admin --json audit query --person P-AAAAAA --by pia --action read --from 2026-11-25 --to 2026-11-26
expect_eq "$(echo "$out" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" "1" "the filters combine"
expect_ok "--to before the entries finds none" -- --user admin --json audit query --person P-AAAAAA --to 2026-11-25
expect_eq "$out" "[]" "the period filters"
expect_fail 1 "the admin may not find a person by name" -- --user admin audit query --person "Åsa Exempelsson"
expect_match "$errout" "by code" "the refusal says to use the code"
# Records of a deleted membership stay in the person's register.
mid=$(q "SELECT id FROM membership WHERE person_id = $pid")
$GVI membership delete "$mid" >/dev/null
expect_ok "register after a delete" -- --user admin --json audit register P-AAAAAA
acts=$(echo "$out" | /usr/bin/python3 -c 'import json,sys; print(" ".join(e["action"]+":"+e["entity"] for e in json.load(sys.stdin)))')
expect_match "$acts" "add:membership.*delete:membership" "a deleted record's entries stay in the register, with its earlier add"
expect_nomatch "$out" "Exempelsson" "the admin's register shows no values"
expect_match "$acts" "register:person$" "reading the register is itself logged"
expect_ok "a coordinator reads a register" -- audit register P-AAAAAA
expect_fail 1 "a police analyst may not read a register" -- --user pia audit register P-AAAAAA
expect_fail 1 "a coordinator may not read the whole log" -- audit query --person P-AAAAAA

# The registerutdrag.
expect_ok "the coordinator makes an extract" -- --json extract P-AAAAAA
ex=$out
pyq() { echo "$ex" | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
expect_eq "$(pyq 'd["records"]["person"][0]["pnr"]')" "200101012383" "the extract holds the full person record, personnummer included"
expect_eq "$(pyq 'sorted(d["records"].keys())')" "['person', 'tie']" "it holds every record naming the person"
expect_eq "$(pyq 'd["records"]["tie"][0]["person_b"]')" "P-BBBBBB" "ties name the other person"
expect_eq "$(pyq 'd["records"].get("context")')" "None" "no context once the membership is deleted"
expect_eq "$(pyq 'd["register"][-1]["action"]')" "extract" "the extract is audited, and in the register"
expect_eq "$(q "SELECT user_name||' '||action FROM audit WHERE entity='person' AND record_id=$pid ORDER BY id DESC LIMIT 1")" "anna extract" "the extract is logged as a read by the coordinator"
$GVI membership add --person P-AAAAAA --group "Röda gänget" --level core --basis "self_admission|rapport 1|2026-01-02" >/dev/null
$GVI enforcement add --group "Röda gänget" --agency Polisen --lever increased_patrols --decided 2026-02-01 >/dev/null
expect_ok "extract with context" -- --json extract P-AAAAAA
ex=$out
expect_eq "$(pyq 'sorted(r["entity"] for r in d["records"]["context"])')" "['enforcement', 'group']" "the context holds the person's group and its enforcement"
expect_eq "$(pyq 'sorted(d["records"].keys())')" "['context', 'membership', 'person', 'tie']" "and the new membership"
expect_nomatch "$(pyq 'd["records"]')" "P-BBBBBB.*membership|rapport 2" "another person's membership is not in the extract"
expect_ok "extract as HTML" -- extract P-AAAAAA --html
expect_match "$out" "<h1>Registerutdrag för Åsa Exempelsson \(P-AAAAAA\)</h1>" "the HTML names the person"
$GVI person edit P-AAAAAA --notes "<script>x</script>" >/dev/null
expect_ok "extract as HTML escapes" -- extract P-AAAAAA --html
expect_match "$out" "&lt;script&gt;x&lt;/script&gt;" "values are escaped"
expect_nomatch "$out" "<script>" "no raw markup from values"
expect_ok "extract as text" -- extract P-AAAAAA
expect_match "$out" "Åtkomstlogg" "the text has the access register"
for u in admin pia sam pro kim eva; do
  expect_fail 1 "$u may not make an extract" -- --user $u extract P-AAAAAA
done
expect_ok "verify after all of it" -- --user admin audit verify
