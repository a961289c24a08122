/* cmd_serve.c — `gvi serve [--listen ADDR:PORT] [--threads N] [--tls-cert F --tls-key F]`:
 * the web application.
 *
 * The server needs no --user: every request acts as the user logged in on it (src/web/).
 * See docs/web.md. */
#include "cli.h"
#include "web/server.h"

#include <stdlib.h>
#include <string.h>

#define USAGE "gvi serve [--listen ADDR:PORT] [--threads N] [--tls-cert FILE --tls-key FILE]"

int cmd_serve(struct cli *c, int argc, char **argv)
{
	struct web_config cfg = { .repo = c->repo, .listen = "127.0.0.1:8080", .threads = 0 };
	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((v = cli_opt(argc, argv, &i, "listen"))) {
			cfg.listen = v;
		} else if ((v = cli_opt(argc, argv, &i, "threads"))) {
			char *end;
			long n = strtol(v, &end, 10);
			if (*end || n < 2 || n > 16)
				return cli_usage("gvi serve --threads N: N from 2 to 16");
			cfg.threads = (int)n;
		} else if ((v = cli_opt(argc, argv, &i, "tls-cert"))) {
			cfg.tls_cert = v;
		} else if ((v = cli_opt(argc, argv, &i, "tls-key"))) {
			cfg.tls_key = v;
		} else {
			return cli_usage(USAGE);
		}
	}
	if (!cfg.tls_cert != !cfg.tls_key)
		return cli_usage("gvi serve: --tls-cert and --tls-key go together (a PEM certificate "
				 "and its PEM private key)");
	return web_serve(&cfg);
}
