/* form.h — decoding what a client sends: the request path, query values and urlencoded forms.
 *
 * Everything here is strict: a malformed percent escape, a NUL byte, a control character in
 * a path or a "." / ".." path segment is refused rather than repaired, and the server answers
 * 400.  Nothing is ever looked up on disk by path; the strictness keeps logs and routing
 * unambiguous. */
#ifndef GVI_WEB_FORM_H
#define GVI_WEB_FORM_H
#include <stddef.h>

#define WEB_PATH_MAX 1024
#define WEB_FORM_FIELDS_MAX 64

/* Decodes a request path ("/persons/P-1%2D2") into out (size n).  Returns 0, or -1 when it is
 * not absolute, too long, malformed, holds a control character or NUL, an encoded "/" or a
 * "." or ".." segment. */
int web_path_decode(const char *raw, char *out, size_t n);
/* Percent-decodes s[0..len) into out (size n), '+' as a space when `plus`.  Returns the
 * decoded length, or -1 when malformed, too long or holding a NUL or a control character
 * other than tab, CR and LF. */
long web_pct_decode(const char *s, size_t len, int plus, char *out, size_t n);

struct web_form;
/* Parses an application/x-www-form-urlencoded body.  NULL when malformed (or more than
 * WEB_FORM_FIELDS_MAX fields); an empty body gives an empty form. */
struct web_form *web_form_parse(const char *body, size_t len);
void web_form_free(struct web_form *f);   /* accepts NULL */

#endif
