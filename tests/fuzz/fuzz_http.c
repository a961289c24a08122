/* fuzz_http.c — whole HTTP requests to `gvi serve`: request line and headers, cookies
 * (libmicrohttpd's Cookie parsing, the session and language cookies), paths and queries,
 * forms and JSON bodies, through the real server and route table (src/web/).
 *
 * The server runs in this process (web_serve in a thread, on a loopback port) on the demo
 * programme; each input is sent as it is on a new connection, which is then half-closed, and
 * the answer read to the end (a request the mutations cut is first made whole, see frame).
 * Before sending, "@TOKEN@" in the input becomes a valid bearer
 * token (the coordinator's), "@SESSION@" a logged-in session cookie and "@CSRF@" that
 * session's CSRF token, so inputs reach the pages and the API behind the login.  An answer
 * must be HTTP and never a 500: bad input is the client's error. */
#include "fuzz.h"
#include "access_auth.h"
#include "web/server.h"
#include "web/web.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static pthread_t server_thread;
static int port;
static int server_rc = -1;
static char listen_at[64];
static char token[ACCESS_AUTH_TOKEN_MAX], session[128], csrf[128];

static void *serve(void *p)
{
	(void)p;
	struct web_config cfg = { .repo = fuzz_repo(), .listen = listen_at, .threads = 2 };
	server_rc = web_serve(&cfg);
	return NULL;
}

static void stop_server(void)
{
	pthread_kill(server_thread, SIGTERM);
	pthread_join(server_thread, NULL);
}

/* Has out[start..n) a whole answer?  libmicrohttpd keeps a keep-alive connection open after
 * answering even when the client has half-closed it, so the answer is measured: its header,
 * then Content-Length bytes.  Interim 1xx answers are skipped (start moves past them).
 * Without a Content-Length the answer ends when the server closes. */
static int complete(char *out, size_t n, size_t total, size_t *start, int head)
{
	for (;;) {
		out[n] = '\0';
		const char *h = out + *start;
		const char *end = strstr(h, "\r\n\r\n");
		if (!end)
			return 0;
		size_t body = (size_t)(end + 4 - out);
		int status = strncmp(h, "HTTP/1.", 7) ? 0 : atoi(h + 9);
		if (status >= 100 && status < 200) {
			*start = body;
			continue;
		}
		if (head || status == 204 || status == 304)
			return 1;
		const char *cl = strcasestr(h, "\r\nContent-Length:");
		if (!cl || cl > end)
			return 0;
		return total >= body + strtoul(cl + 17, NULL, 10);
	}
}

/* Sends req on a new connection, half-closes it and reads the answer into out (NUL-ended,
 * cut at cap - 1), waiting at most wait_ms for each part of it.  Returns the bytes read, or -1 when no connection could be made. */
static long exchange(const char *req, size_t len, char *out, size_t cap, int wait_ms)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	for (size_t sent = 0; sent < len; ) {
		ssize_t k = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
		if (k <= 0)
			break;   /* the server may close early (413, a bad request line) */
		sent += (size_t)k;
	}
	shutdown(fd, SHUT_WR);
	size_t n = 0, total = 0, start = 0;
	char sink[4096];
	int head = len >= 5 && !memcmp(req, "HEAD ", 5);
	while (!complete(out, n, total, &start, head)) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		if (poll(&pfd, 1, wait_ms) <= 0)
			break;   /* still waiting for the rest of a request (see frame) */
		char *into = n < cap - 1 ? out + n : sink;
		size_t room = n < cap - 1 ? cap - 1 - n : sizeof sink;
		ssize_t k = recv(fd, into, room, 0);
		if (k <= 0)
			break;
		if (into != sink)
			n += (size_t)k;
		total += (size_t)k;
	}
	out[n] = '\0';
	close(fd);
	return (long)n;
}

/* The value of "NAME=" up to a ';', '"' or line end, from text, into out. */
static void find_value(const char *text, const char *name, char *out, size_t n)
{
	const char *p = strstr(text, name);
	fuzz_check(p != NULL);
	p += strlen(name);
	size_t len = strcspn(p, ";\"\r\n");
	fuzz_check(len > 0 && len < n);
	memcpy(out, p, len);
	out[len] = '\0';
}

/* Logs in as the coordinator through the real login form, for @SESSION@ and @CSRF@. */
static void login(void)
{
	static char resp[1 << 16];
	char req[1024], login_token[128];
	const char *get = "GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	fuzz_check(exchange(get, strlen(get), resp, sizeof resp, 10000) > 0);
	find_value(resp, "gvi_login=", login_token, sizeof login_token);
	char body[256];
	int blen = snprintf(body, sizeof body, "user=samordnare&password=fuzz-password-1&csrf=%s",
			    login_token);
	int len = snprintf(req, sizeof req, "POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
			   "Cookie: gvi_login=%s\r\nContent-Type: application/x-www-form-urlencoded\r\n"
			   "Content-Length: %d\r\n\r\n%s", login_token, blen, body);
	fuzz_check(exchange(req, (size_t)len, resp, sizeof resp, 10000) > 0);
	find_value(resp, "gvi_session=", session, sizeof session);
	len = snprintf(req, sizeof req, "GET /purpose HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
		       "Cookie: gvi_session=%s\r\n\r\n", session);
	fuzz_check(exchange(req, (size_t)len, resp, sizeof resp, 10000) > 0);
	find_value(resp, "name=\"csrf\" value=\"", csrf, sizeof csrf);
	/* The session's purpose of access, asked once after the login. */
	blen = snprintf(body, sizeof body, "purpose=operativ+GVI-verksamhet&csrf=%s", csrf);
	len = snprintf(req, sizeof req, "POST /purpose HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
		       "Cookie: gvi_session=%s\r\nContent-Type: application/x-www-form-urlencoded\r\n"
		       "Content-Length: %d\r\n\r\n%s", session, blen, body);
	fuzz_check(exchange(req, (size_t)len, resp, sizeof resp, 10000) > 0);
	fuzz_check(strstr(resp, " 303 ") != NULL);
}

/* A port the kernel says is free now (another program may still take it first). */
static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof sa;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int p = 0;
	if (fd >= 0 && !bind(fd, (struct sockaddr *)&sa, sizeof sa) &&
	    !getsockname(fd, (struct sockaddr *)&sa, &len))
		p = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	return p ? p : 20000 + (int)(getpid() % 20000);
}

static void start(void)
{
	const char *repo = fuzz_repo();
	struct access_auth *au;
	struct err e = { 0 };
	int64_t id;
	fuzz_check(access_auth_open(&au, repo, &e) == 0);
	fuzz_check(access_auth_passwd(au, "admin", "samordnare", "fuzz-password-1", &e) == 0);
	fuzz_check(access_auth_token_add(au, "admin", "samordnare", NULL, "fuzz", token, &id, &e) == 0);
	access_auth_close(au);
	for (int attempt = 0; attempt < 20 && !port; attempt++) {
		int p = free_port();
		snprintf(listen_at, sizeof listen_at, "127.0.0.1:%d", p);
		server_rc = -1;
		fuzz_check(pthread_create(&server_thread, NULL, serve, NULL) == 0);
		for (int i = 0; i < 200 && server_rc == -1; i++) {
			port = p;
			static char resp[4096];
			const char *hz = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
			if (exchange(hz, strlen(hz), resp, sizeof resp, 10000) > 0 && strstr(resp, " 200 "))
				break;
			port = 0;
			usleep(20000);
		}
		if (port && server_rc != -1)
			port = 0;   /* another server answered on the port ours could not take */
		if (!port)
			pthread_join(server_thread, NULL);   /* the port was taken: web_serve returned */
	}
	fuzz_check(port != 0);
	atexit(stop_server);
	login();
}

/* The input with the placeholders filled in (malloc'd). */
static char *fill(const uint8_t *data, size_t size, size_t *len)
{
	static const char *const names[] = { "@TOKEN@", "@SESSION@", "@CSRF@" };
	const char *values[] = { token, session, csrf };
	size_t cap = size * 3 + 256, n = 0;
	char *out = malloc(cap);
	for (size_t i = 0; i < size; ) {
		size_t k = 0;
		while (k < 3 && (size - i < strlen(names[k]) || memcmp(data + i, names[k], strlen(names[k]))))
			k++;
		const char *v = k < 3 ? values[k] : (const char *)data + i;
		size_t vlen = k < 3 ? strlen(values[k]) : 1;
		if (n + vlen >= cap)
			out = realloc(out, cap = cap * 2 + vlen);
		memcpy(out + n, v, vlen);
		n += vlen;
		i += k < 3 ? strlen(names[k]) : 1;
	}
	*len = n;
	return out;
}

/* libmicrohttpd waits for the rest of a cut request even after the client half-closes (until
 * its 30 s timeout), so the input is made whole where the mutations cut it: a header block
 * without its empty line gets one, a body shorter than its Content-Length is padded with
 * 'x'.  (A cut chunked body is not mended: exchange gives up on it after 0.5 s, as on an
 * answer slower than that, such as a login's Argon2id check under the sanitizers.) */
static char *frame(char *req, size_t *len)
{
	char *end = memmem(req, *len, "\r\n\r\n", 4);
	size_t want = *len + 4;
	if (end) {
		size_t body = (size_t)(end + 4 - req);
		*end = '\0';
		const char *cl = strcasestr(req, "\r\nContent-Length:");
		unsigned long n = cl ? strtoul(cl + 17, NULL, 10) : 0;
		*end = '\r';
		if (n <= WEB_BODY_MAX && body + n > *len)
			want = body + n;
		else
			return req;
	}
	req = realloc(req, want);
	if (end)
		memset(req + *len, 'x', want - *len);
	else
		memcpy(req + *len, "\r\n\r\n", 4);
	*len = want;
	return req;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char resp[1 << 20];
	if (!port)
		start();
	size_t len;
	char *req = frame(fill(data, size, &len), &len);
	long n = exchange(req, len, resp, sizeof resp, 500);
	fuzz_check(n >= 0);
	free(req);
	if (n > 0) {
		fuzz_check(!strncmp(resp, "HTTP/1.", 7));
		int status = atoi(resp + 9);
		fuzz_check(status >= 100 && status < 600 && status != 500);
	}
	return 0;
}
