/* page_analyze_network.c — /analys/natverk: the group-conflict map or the person network as
 * SVG in the page (`gvi analyze picture`), filtered by period, area and community, and the
 * downloads: the picture itself (/analys/natverk/bild.svg) and the whole network the role may
 * read as GraphML or GEXF (/analys/natverk/natverk.graphml, natverk.gexf: the export of
 * `gvi export --graph`, audited as an export).
 *
 * The SVG is written by src/analysis/svg.c, which escapes every piece of caller text for XML
 * and labels persons by their pseudonymous code only; it is put into the page as written,
 * less its own <style> element, which the page's Content-Security-Policy would refuse (and
 * report): the same rules are in the site stylesheet for the two picture ids
 * (src/web/static.c).  The download keeps it, being a file of its own. */
#include "page_analyze.h"
#include "analysis_cache.h"
#include "graph_export.h"
#include "html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The picture's options from the query.  Returns 0, or -1 after a 400. */
static int picture_args(struct web_request *rq, struct web_response *rs, struct analyze_args *x,
			char from[11], char to[11], char area[128], char of[16], char community[16],
			char max[16])
{
	if (analyze_filters(rq, rs, x, from, to, area) ||
	    analyze_query(rq, rs, x, "of", NULL, of, 16) ||
	    analyze_query(rq, rs, x, "community", NULL, community, 16) ||
	    analyze_query(rq, rs, x, "max", NULL, max, 16))
		return -1;
	char *end;
	if ((*of && strcmp(of, "groups") && strcmp(of, "persons")) ||
	    (*community && (strtol(community, &end, 10) < 0 || *end)) ||
	    (*max && (strtol(max, &end, 10) < 1 || *end))) {
		page_bad_request(rq, rs, "ana.bad.option");
		return -1;
	}
	analyze_args_add(x, "of", *of ? of : "groups");
	if (*community && !strcmp(of, "persons"))
		analyze_args_add(x, "community", community);
	analyze_args_add(x, "max", *max ? max : "300");
	return 0;
}

static int picture(struct web_request *rq, struct web_response *rs, struct analyze_args *x,
		   struct buf *svg)
{
	struct err e = { 0 };
	int cached;
	if (!analysis_cache_run(rq, TABLE_JSON, x->argc, x->argv, svg, &cached, &e))
		return 0;
	if (!strncmp(e.msg, "refused:", 8))
		page_error(rq, rs, 403, i18n(rq, "common.denied"), e.msg);
	else
		page_error(rq, rs, 400, i18n(rq, "bad.title"), e.msg);
	return -1;
}

void page_analyze_network(struct web_request *rq, struct web_response *rs)
{
	struct analyze_args x;
	char from[11], to[11], area[128], of[16], community[16], max[16];
	struct buf svg = BUF_INIT;
	analyze_args_init(&x, "picture");
	if (picture_args(rq, rs, &x, from, to, area, of, community, max) || picture(rq, rs, &x, &svg))
		goto out;
	page_begin(rq, rs, i18n(rq, "ana.nav.network"), "/analys");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n", i18n(rq, "ana.nav.network"));
	analyze_subnav(rq, b, "/analys/natverk");
	analyze_form_begin(rq, b, "/analys/natverk", from, to, area);
	html_printf(b, "<label for=\"f-of\">%s</label> <select id=\"f-of\" name=\"of\">"
		    "<option value=\"groups\"%s>%s</option><option value=\"persons\"%s>%s</option></select>\n",
		    i18n(rq, "ana.network.of"), strcmp(of, "persons") ? " selected" : "", i18n(rq, "ana.network.groups"),
		    strcmp(of, "persons") ? "" : " selected", i18n(rq, "ana.network.persons"));
	analyze_form_input(b, "community", i18n(rq, "ana.col.community"), community, "number");
	analyze_form_input(b, "max", i18n(rq, "ana.network.max"), max, "number");
	analyze_form_end(rq, b);
	html_raw_trusted(b, "<figure class=\"network\">\n");
	/* Written by svg.c, every caller text escaped for XML there (see the top of this file). */
	const char *style = strstr(svg.s, "<style"), *end = style ? strstr(style, "</style>\n") : NULL;
	if (style && end) {
		buf_add(b, svg.s, (size_t)(style - svg.s));
		end += strlen("</style>\n");
		buf_add(b, end, svg.len - (size_t)(end - svg.s));
	} else {
		buf_add(b, svg.s, svg.len);
	}
	html_raw_trusted(b, "</figure>\n<ul class=\"downloads\">");
	html_raw_trusted(b, "<li><a download href=\"/analys/natverk/bild.svg?");
	html_append(b, &x.query);
	html_printf(b, "of=%s\">%s</a></li>", *of ? of : "groups", i18n(rq, "ana.network.svg"));
	html_printf(b, "<li><a download href=\"/analys/natverk/natverk.graphml\">GraphML</a></li>"
		    "<li><a download href=\"/analys/natverk/natverk.gexf\">GEXF</a></li></ul>\n<p>%s</p>\n",
		    i18n(rq, "ana.network.export_how"));
	page_end(rs);
out:
	buf_release(&svg);
	analyze_args_release(&x);
}

void page_analyze_network_file(struct web_request *rq, struct web_response *rs)
{
	const char *file = rq->params[0];
	if (!strcmp(file, "bild.svg")) {
		struct analyze_args x;
		char from[11], to[11], area[128], of[16], community[16], max[16];
		struct buf svg = BUF_INIT;
		analyze_args_init(&x, "picture");
		if (!picture_args(rq, rs, &x, from, to, area, of, community, max) && !picture(rq, rs, &x, &svg)) {
			buf_reset(&rs->body);
			buf_add(&rs->body, svg.s, svg.len);
			rs->status = 200;
			rs->type = "image/svg+xml; charset=utf-8";
		}
		buf_release(&svg);
		analyze_args_release(&x);
		return;
	}
	const char *format = !strcmp(file, "natverk.graphml") ? "graphml" : !strcmp(file, "natverk.gexf") ? "gexf" : NULL;
	if (!format) {
		page_error(rq, rs, 404, i18n(rq, "ana.not_found"), i18n(rq, "ana.network.no_file"));
		return;
	}
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct err e = { 0 };
	int rc = f ? graph_export(rq->a, f, format, &e) : err_set(&e, "out of memory");
	if (f)
		fclose(f);
	if (rc) {
		if (!strncmp(e.msg, "refused:", 8))
			page_error(rq, rs, 403, i18n(rq, "common.denied"), e.msg);
		else
			page_failed(rq, rs, "graph export", &e);
	} else {
		buf_reset(&rs->body);
		buf_add(&rs->body, text, len);
		rs->status = 200;
		rs->type = "application/xml; charset=utf-8";
	}
	free(text);
}
