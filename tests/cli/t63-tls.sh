# t63-tls.sh — gvi serve --tls-cert/--tls-key: HTTPS with a self-signed certificate made here
# by openssl, checked with curl --cacert; the cookies carry Secure and every response
# Strict-Transport-Security; plain HTTP on the TLS port gets no page; bad options and files
# are refused before the server starts.
. "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || { notok "openssl is installed (scripts/setup installs it)"; exit 1; }
make_repo r.db || exit 1
printf 'anna-lösen-123\n' | "$GVI" --user admin passwd anna >/dev/null

# A self-signed certificate for 127.0.0.1 and localhost, valid for a day.
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 1 \
  -subj "/CN=localhost" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
[ -s cert.pem ] && [ -s key.pem ] && ok "openssl made a self-signed certificate" || { notok "openssl req"; exit 1; }

# Refused before serving: one of the two alone, a missing file, a file that is not PEM.
expect_fail 2 "--tls-cert without --tls-key is a usage error" -- serve --listen 127.0.0.1:1 --tls-cert cert.pem
expect_match "$errout" "go together" "saying the two go together"
expect_fail 1 "a missing certificate file is refused" -- serve --listen 127.0.0.1:1 --tls-cert nosuch.pem --tls-key key.pem
expect_match "$errout" "--tls-cert nosuch.pem" "naming the option and the file"
echo "not a certificate" > junk.pem
expect_fail 1 "a file that is not PEM is refused" -- serve --listen 127.0.0.1:1 --tls-cert junk.pem --tls-key key.pem
expect_match "$errout" "not a PEM file" "saying it is not PEM"
openssl req -x509 -newkey rsa:2048 -nodes -keyout other.pem -out othercert.pem -days 1 -subj "/CN=x" 2>/dev/null
expect_fail 1 "a key that is not the certificate's is refused" -- serve --listen 127.0.0.1:1 --tls-cert cert.pem --tls-key other.pem

# The server over HTTPS on a free port.
trap 'stop_server; __finish' EXIT
port=
for try in 1 2 3 4 5 6; do
  p=$((20000 + RANDOM % 20000))
  "$GVI" serve --listen "127.0.0.1:$p" --tls-cert cert.pem --tls-key key.pem 2>>server.log &
  spid=$!
  for i in $(seq 1 150); do
    if curl -fsS --cacert cert.pem -o /dev/null "https://127.0.0.1:$p/healthz" 2>/dev/null; then port=$p; break; fi
    kill -0 "$spid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$port" ] && break
  stop_server
done
[ -n "$port" ] && ok "gvi serve starts with TLS" || { notok "gvi serve with TLS ($(tail -5 server.log))"; exit 1; }
B=https://127.0.0.1:$port
expect_match "$(cat server.log)" "listening on https://127.0.0.1:$port/" "it says it listens on https"

req health --cacert cert.pem "$B/healthz"
expect_eq "$code $body" "200 ok" "/healthz over HTTPS, the certificate verified by curl --cacert"
expect_match "$hdrs" '^Strict-Transport-Security: max-age=31536000' "HSTS on every response under TLS"
code=$(curl -s -o /dev/null -w '%{http_code}' "$B/healthz"); 
expect_eq "$code" 000 "curl without the CA refuses the self-signed certificate (a real TLS handshake)"
code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")
expect_nomatch "$code" '^2' "plain HTTP on the TLS port is not served"
proto=$(curl -s --cacert cert.pem -o /dev/null -w '%{scheme}' "$B/healthz")
expect_eq "$proto" "HTTPS" "the answer came over HTTPS"

# Login: every cookie carries Secure.
req form --cacert cert.pem -c jar "$B/login"
expect_eq "$code" 200 "the login form over HTTPS"
expect_match "$hdrs" '^Set-Cookie: gvi_login=[^;]+;.*HttpOnly; SameSite=Strict; Secure' "the login form's cookie is Secure"
tok=$(awk '$6 == "gvi_login" { print $7 }' jar)
req login --cacert cert.pem -b jar -c jar --data-urlencode "csrf=$tok" --data-urlencode user=anna \
  --data-urlencode "password=anna-lösen-123" "$B/login"
expect_eq "$code" 303 "logging in over HTTPS"
expect_match "$hdrs" '^Set-Cookie: gvi_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict; Secure' \
  "the session cookie is HttpOnly, SameSite=Strict and Secure"
req lang --cacert cert.pem -b jar "$B/lang?to=en&back=/"
expect_match "$hdrs" '^Set-Cookie: lang=en;.*Secure' "the language cookie is Secure too"
req dash --cacert cert.pem -b jar "$B/"
expect_match "$code" '^(200|303)$' "a page behind the login over HTTPS"
expect_match "$hdrs" '^Strict-Transport-Security: max-age=31536000' "with HSTS"

serve_stop_checked
serve_log_clean

# Without TLS: no Secure, no HSTS (the same checks, plain HTTP).
serve_start
req health "$B/healthz"
expect_nomatch "$hdrs" 'Strict-Transport-Security' "no HSTS over plain HTTP"
req form "$B/login"
expect_nomatch "$hdrs" 'Secure' "no Secure cookie over plain HTTP"
serve_stop_checked
