# tests/cli/lib.sh — assertions for the black-box tests.  Each script sources this, runs the
# real gvi binary ($GVI) in a fresh temporary directory and calls these; the counts go to
# $COUNTS for tests/run.  Output of the last command is in $out / $errout, its status in $rc.
set -u
: "${GVI:?GVI must name the gvi binary}"
: "${COUNTS:=/dev/null}"
__pass=0; __fail=0
export GVI_USER=${GVI_USER:-admin}
export GVI_TODAY=${GVI_TODAY:-2026-11-25}
export GVI_NOW=${GVI_NOW:-2026-11-25 10:00:00}
# The purpose of access every read and write of personal records needs (the default list's first).
export GVI_PURPOSE=${GVI_PURPOSE-operativ GVI-verksamhet}
__finish() { echo "$__pass $__fail" > "$COUNTS"; }
trap __finish EXIT

ok()   { __pass=$((__pass + 1)); echo "ok - $*"; }
notok(){ __fail=$((__fail + 1)); echo "not ok - $*"; }

# run CMD...: runs gvi with the arguments, capturing stdout, stderr and status.
run() {
  out=$("$GVI" "$@" 2>"$PWD/.stderr"); rc=$?
  errout=$(cat "$PWD/.stderr")
  if grep -q -E 'Sanitizer|runtime error' "$PWD/.stderr"; then notok "sanitizer report from gvi $*"; echo "$errout"; fi
}
# expect_ok DESC -- ARGS...: gvi ARGS must exit 0.
expect_ok() { local d=$1; shift; [ "$1" = "--" ] && shift; run "$@"
  if [ "$rc" -eq 0 ]; then ok "$d"; else notok "$d (exit $rc: $errout)"; fi; }
# expect_fail CODE DESC -- ARGS...: gvi ARGS must exit CODE with a message on stderr.
expect_fail() { local c=$1 d=$2; shift 2; [ "$1" = "--" ] && shift; run "$@"
  if [ "$rc" -eq "$c" ] && [ -n "$errout" ]; then ok "$d"; else notok "$d (wanted exit $c, got $rc: $errout)"; fi; }
# expect_eq ACTUAL EXPECTED DESC
expect_eq() { if [ "$1" = "$2" ]; then ok "$3"; else notok "$3 (got '$1', wanted '$2')"; fi; }
# expect_match TEXT REGEX DESC (grep -E)
expect_match() { if printf '%s' "$1" | grep -q -E -- "$2"; then ok "$3"; else notok "$3 ('$2' not in: $(printf '%s' "$1" | head -c 600))"; fi; }
expect_nomatch() { if printf '%s' "$1" | grep -q -E -- "$2"; then notok "$3 ('$2' found)"; else ok "$3"; fi; }
# db_digest FILE: a digest of the repository's logical content (all tables, sorted).
db_digest() { sqlite3 "$1" .dump | sha256sum | cut -d' ' -f1; }

# make_repo PATH: a repository with agencies and one user per role, acting as the coordinator
# "anna" from then on (GVI_REPO and GVI_USER are exported).
make_repo() {
  "$GVI" init "$1" --programme "Testprogrammet" >/dev/null || { notok "make_repo: init failed"; return 1; }
  export GVI_REPO=$1
  local a="$GVI --user admin"
  $a agency add --name Polisen --kind police >/dev/null &&
  $a agency add --name Socialtjänsten --kind social_services >/dev/null &&
  $a agency add --name Kriminalvården --kind probation >/dev/null &&
  $a agency add --name Föreningen --kind community >/dev/null &&
  $a user add --name anna --agency GVI-samordning --role coordinator >/dev/null &&
  $a user add --name pia --agency Polisen --role police_analyst >/dev/null &&
  $a user add --name sam --agency Socialtjänsten --role social_services >/dev/null &&
  $a user add --name pro --agency Kriminalvården --role probation >/dev/null &&
  $a user add --name kim --agency Föreningen --role community_partner >/dev/null &&
  $a user add --name eva --agency GVI-samordning --role evaluator >/dev/null ||
    { notok "make_repo: users failed"; return 1; }
  export GVI_USER=anna
}

# serve_start: starts `gvi serve` on a free loopback port (retrying if one is taken), waits
# for /healthz, sets $spid, $port and $B (the base URL) and stops the server when the script
# ends.  stop_server stops it earlier.  The server's stderr goes to server.log.
spid=
stop_server() { [ -n "$spid" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null; spid=; }
serve_start() {
  trap 'stop_server; __finish' EXIT
  port=
  local try p i
  for try in 1 2 3 4 5 6; do
    p=$((20000 + RANDOM % 20000))
    "$GVI" serve --listen "127.0.0.1:$p" "$@" 2>>server.log &
    spid=$!
    for i in $(seq 1 150); do
      if curl -fsS -o /dev/null "http://127.0.0.1:$p/healthz" 2>/dev/null; then port=$p; break; fi
      kill -0 "$spid" 2>/dev/null || break
      sleep 0.1
    done
    [ -n "$port" ] && break
    stop_server
  done
  [ -n "$port" ] && ok "gvi serve starts on a free port" || { notok "gvi serve starts ($(tail -5 server.log))"; exit 1; }
  B=http://127.0.0.1:$port
}

# req NAME CURL-ARGS...: one HTTP request; status in $code, headers in $hdrs, body in $body.
req() {
  local n=$1; shift
  code=$(curl -s -o "$n.body" -D "$n.head" -w '%{http_code}' "$@")
  hdrs=$(tr -d '\r' < "$n.head"); body=$(cat "$n.body")
}

# choose_purpose JAR [PURPOSE]: states the session's purpose of access (asked once per
# session after the login) on the page /purpose, with the jar's cookies; leaves $code, $hdrs
# and $body alone.  Returns non-zero when the server did not take it.
choose_purpose() {
  local page csrf st
  page=$(curl -s -b "$1" "$B/purpose")
  csrf=$(printf '%s' "$page" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  st=$(curl -s -o /dev/null -w '%{http_code}' -b "$1" --data-urlencode "csrf=$csrf" \
       --data-urlencode "purpose=${2:-$GVI_PURPOSE}" "$B/purpose")
  [ "$st" = 303 ]
}

# serve_stop_checked: SIGTERM must stop the server within 5 s with exit status 0.
serve_stop_checked() {
  local i src
  kill -TERM "$spid"
  for i in $(seq 1 50); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$spid" 2>/dev/null; then notok "SIGTERM stops the server within 5 s"; else
    wait "$spid"; src=$?; spid=
    expect_eq "$src" 0 "SIGTERM stops the server cleanly (exit 0)"
  fi
}
# serve_log_clean: the server reported no sanitizer error in server.log.
serve_log_clean() {
  if grep -q -E 'Sanitizer|runtime error|LeakSanitizer' server.log; then
    notok "no sanitizer report from the server"; grep -A30 -E 'Sanitizer|runtime error' server.log | head -60
  else ok "no sanitizer report from the server"; fi
}
