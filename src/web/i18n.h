/* i18n.h — the web interface's message catalogue: Swedish, with English as the switch.
 *
 * Every text of the layout and the pages is looked up by a key ("nav.groups", "field.level",
 * "val.conflict") in one table of {key, sv, en}.  The language is the `lang` cookie's, set by
 * GET /lang; Swedish is the default and what an unknown key or a missing English text falls
 * back to, so a page never shows an empty label. */
#ifndef GVI_WEB_I18N_H
#define GVI_WEB_I18N_H
#include "web.h"

enum i18n_lang { I18N_SV, I18N_EN };

/* The language of the request: "en" in its `lang` cookie means English, anything else
 * (or no request connection, as for the server's own error pages) Swedish. */
enum i18n_lang i18n_lang(const struct web_request *rq);
/* "sv" or "en", for <html lang>. */
const char *i18n_code(enum i18n_lang lang);
/* The text of key in lang; the key itself when the catalogue has no such key. */
const char *i18n_get(enum i18n_lang lang, const char *key);
/* The same, in the request's language. */
const char *i18n(const struct web_request *rq, const char *key);
/* The text of "prefix.name" (e.g. "val." "conflict"), or `name` itself when there is none. */
const char *i18n_named(const struct web_request *rq, const char *prefix, const char *name);
/* The same for Swedish only (labels used where no request is at hand). */
const char *i18n_named_sv(const char *prefix, const char *name);

#endif
