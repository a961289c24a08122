/* fuzz_form.c — what the server decodes from a request itself (src/web/form.c): the path,
 * percent-escapes in query values, and application/x-www-form-urlencoded bodies.
 *
 * The same bytes go to each decoder.  A decoded path must be absolute, free of control
 * characters and of "." and ".." segments; a decoded value is never longer than its source
 * and holds no NUL; a parsed form must give back the value of a field it holds. */
#include "fuzz.h"
#include "web/web.h"
#include "web/form.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_text(data, size);
	char out[WEB_PATH_MAX];

	if (web_path_decode(in, out, sizeof out) == 0) {
		fuzz_check(out[0] == '/' && strlen(out) < WEB_PATH_MAX);
		for (const char *c = out; *c; c++)
			fuzz_check((unsigned char)*c >= 0x20 && *c != '\\');
		fuzz_check(!strstr(out, "/../") && !strstr(out, "/./"));
		size_t len = strlen(out);
		fuzz_check(!(len >= 2 && !strcmp(out + len - 2, "/.")));
		fuzz_check(!(len >= 3 && !strcmp(out + len - 3, "/..")));
	}

	char *value = malloc(size + 1);
	long k = web_pct_decode(in, size, 1, value, size + 1);
	if (k >= 0) {
		fuzz_check((size_t)k <= size && strlen(value) == (size_t)k);
		fuzz_check(!memchr(in, '\0', size));
	}
	free(value);

	struct web_form *f = web_form_parse(in, size);
	if (f) {
		/* The first field's name, decoded by hand when it is plain, must be found. */
		size_t nlen = strcspn(in, "=&");
		if (nlen > 0 && nlen == strcspn(in, "=&%+") && nlen < size) {
			char name[64];
			if (nlen < sizeof name) {
				memcpy(name, in, nlen);
				name[nlen] = '\0';
				fuzz_check(web_form_get(f, name) != NULL);
			}
		}
		web_form_free(f);
	}
	free(in);
	return 0;
}
