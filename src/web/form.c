/* form.c — strict decoding of paths, query values and urlencoded forms (see form.h). */
#include "form.h"
#include "web.h"

#include <stdlib.h>
#include <string.h>

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long web_pct_decode(const char *s, size_t len, int plus, char *out, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= len)
				return -1;
			int h = hexval((unsigned char)s[i + 1]), l = hexval((unsigned char)s[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			c = h * 16 + l;
			i += 2;
		} else if (c == '+' && plus) {
			c = ' ';
		}
		if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return -1;
		if (k + 1 >= n)
			return -1;
		out[k++] = (char)c;
	}
	out[k] = '\0';
	return (long)k;
}

int web_path_decode(const char *raw, char *out, size_t n)
{
	size_t len = strlen(raw);
	if (raw[0] != '/' || len >= WEB_PATH_MAX)
		return -1;
	/* An encoded "/" would make one segment look like two after decoding. */
	for (const char *p = raw; (p = strchr(p, '%')); p++)
		if (p[1] == '2' && (p[2] == 'f' || p[2] == 'F'))
			return -1;
	long k = web_pct_decode(raw, len, 0, out, n);
	if (k < 0)
		return -1;
	for (long i = 0; i < k; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == '\\')
			return -1;
	/* No "." or ".." segment. */
	for (const char *seg = out; seg; ) {
		seg++;
		const char *end = strchr(seg, '/');
		size_t sl = end ? (size_t)(end - seg) : strlen(seg);
		if ((sl == 1 && seg[0] == '.') || (sl == 2 && seg[0] == '.' && seg[1] == '.'))
			return -1;
		seg = end;
	}
	return 0;
}

struct web_form {
	size_t n;
	char *name[WEB_FORM_FIELDS_MAX];
	char *value[WEB_FORM_FIELDS_MAX];
};

void web_form_free(struct web_form *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		free(f->name[i]);
		free(f->value[i]);
	}
	free(f);
}

static char *decode_part(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	if (out && web_pct_decode(s, len, 1, out, len + 1) < 0) {
		free(out);
		return NULL;
	}
	return out;
}

struct web_form *web_form_parse(const char *body, size_t len)
{
	struct web_form *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	size_t i = 0;
	while (i < len) {
		const char *start = body + i;
		const char *amp = memchr(start, '&', len - i);
		size_t plen = amp ? (size_t)(amp - start) : len - i;
		i += plen + 1;
		if (plen == 0)
			continue;
		if (f->n == WEB_FORM_FIELDS_MAX)
			goto bad;
		const char *eq = memchr(start, '=', plen);
		size_t nlen = eq ? (size_t)(eq - start) : plen;
		f->name[f->n] = decode_part(start, nlen);
		f->value[f->n] = eq ? decode_part(eq + 1, plen - nlen - 1) : decode_part("", 0);
		f->n++;
		if (!f->name[f->n - 1] || !f->value[f->n - 1])
			goto bad;
	}
	return f;
bad:
	web_form_free(f);
	return NULL;
}

const char *web_form_get(const struct web_form *f, const char *name)
{
	if (!f)
		return NULL;
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->name[i], name))
			return f->value[i];
	return NULL;
}
