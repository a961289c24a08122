/* server.h — `gvi serve`: the HTTP server of the web application and the JSON API.
 *
 * GNU libmicrohttpd with its own polling threads and a pool of 2–4 workers.  Each worker
 * thread has its own SQLite connections (an authentication handle and access handles per
 * logged-in user), never shared with another thread.  SIGTERM or SIGINT stop it gracefully:
 * no new connections, requests in flight finish (up to 10 s), then everything is closed.
 * With a certificate and key it serves HTTPS only (libmicrohttpd's GnuTLS support): cookies
 * then carry Secure and every response Strict-Transport-Security. */
#ifndef GVI_WEB_SERVER_H
#define GVI_WEB_SERVER_H

struct web_config {
	const char *repo;      /* the repository */
	const char *listen;    /* "ADDR:PORT", "[IPv6]:PORT" */
	int threads;           /* worker threads; 0 = by the number of CPUs, 2 to 4 */
	const char *tls_cert;  /* PEM certificate (chain) file, or NULL: plain HTTP */
	const char *tls_key;   /* PEM private key file; given together with tls_cert */
};

/* Serves until SIGTERM or SIGINT.  Returns 0 after a clean stop, 1 when the server could not
 * start (the message is on stderr). */
int web_serve(const struct web_config *cfg);

#endif
