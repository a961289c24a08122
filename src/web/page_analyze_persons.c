/* page_analyze_persons.c — /analys/personer, the person metrics as a priority list for
 * custom notifications and call-ins, and /analys/personer/{code}, one person's scores with
 * the records behind them (`gvi analyze persons` and `gvi analyze explain`).
 *
 * The list is filtered by period and area (the analysis's own options), by community (the
 * Leiden community of the row) and by Kriminalvården supervision (--supervised, for roles
 * that may read supervision); it is sorted by any of the metrics and exported as CSV with
 * the same filters.  A contributing record the viewer's role may not read is shown only as
 * "underlag som du inte har behörighet att se" (docs/analysis.md). */
#include "page_analyze.h"
#include "html.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const columns[] = { "code", "age_band", "suspect", "victim", "serious", "severity",
	"last", "degree", "strength", "betweenness", "eigenvector", "coreness", "community" };
#define NCOLUMNS (sizeof columns / sizeof columns[0])
static const char *const sorts[] = { "severity", "suspect", "victim", "betweenness", "eigenvector",
	"degree", "strength", "coreness" };

static int sortable(const char *s)
{
	for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
		if (!strcmp(sorts[i], s))
			return 1;
	return 0;
}

/* The rows the community filter keeps. */
static int kept(json_t *row, const char *community)
{
	if (!*community)
		return 1;
	return json_integer_value(json_object_get(row, "community")) == strtoll(community, NULL, 10);
}

static void csv_answer(struct web_response *rs, json_t *rows, const char *community)
{
	struct table *t = table_new(NCOLUMNS, columns);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		if (!kept(row, community))
			continue;
		char cell[NCOLUMNS][64];
		const char *cells[NCOLUMNS];
		for (size_t k = 0; k < NCOLUMNS; k++) {
			json_t *v = json_object_get(row, columns[k]);
			if (json_is_real(v))
				snprintf(cell[k], sizeof cell[k], "%.17g", json_real_value(v));
			else if (json_is_null(v))
				cell[k][0] = '\0';
			else
				analyze_cell(v, 17, cell[k], sizeof cell[k]);
			cells[k] = json_is_string(v) ? json_string_value(v) : cell[k];
		}
		table_add_row(t, cells);
	}
	page_csv(rs, t);
	rs->status = 200;
	table_free(t);
}

void page_analyze_persons(struct web_request *rq, struct web_response *rs)
{
	struct analyze_args x;
	char from[11], to[11], area[128], sort[24], community[16], supervised[8], format[8], top[16];
	json_t *rows = NULL;
	analyze_args_init(&x, "persons");
	if (analyze_filters(rq, rs, &x, from, to, area) ||
	    analyze_query(rq, rs, &x, "sort", NULL, sort, sizeof sort) ||
	    analyze_query(rq, rs, &x, "community", NULL, community, sizeof community) ||
	    analyze_query(rq, rs, &x, "supervised", NULL, supervised, sizeof supervised) ||
	    analyze_query(rq, rs, &x, "top", NULL, top, sizeof top))
		goto out;
	if (web_query(rq, "format", format, sizeof format) <= 0)
		format[0] = '\0';
	char *end;
	long ntop = *top ? strtol(top, &end, 10) : 100;
	if ((*top && (*end || ntop < 0)) || (*community && (strtol(community, &end, 10) < 0 || *end)) ||
	    (*sort && !sortable(sort)) || (*supervised && strcmp(supervised, "1")) ||
	    (*format && strcmp(format, "csv"))) {
		page_bad_request(rq, rs, "ana.bad.option");
		goto out;
	}
	analyze_args_add(&x, "sort", *sort ? sort : "severity");
	/* Only the rows shown are asked for, unless the community filter (applied here) or the
	 * CSV export needs them all: a national register is 100,000 rows of JSON. */
	char ntext[24];
	snprintf(ntext, sizeof ntext, "%ld", *community || *format ? 0 : ntop);
	analyze_args_add(&x, "top", ntext);
	if (*supervised)
		analyze_args_add(&x, "supervised", NULL);
	if (!(rows = analyze_page_json(rq, rs, &x)))
		goto out;
	if (*format) {
		csv_answer(rs, rows, community);
		goto out;
	}
	page_begin(rq, rs, i18n(rq, "ana.nav.persons"), "/analys");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s</h1>\n", i18n(rq, "ana.nav.persons"));
	analyze_subnav(rq, b, "/analys/personer");
	analyze_form_begin(rq, b, "/analys/personer", from, to, area);
	analyze_form_input(b, "community", i18n(rq, "ana.col.community"), community, "number");
	html_printf(b, "<label for=\"f-sort\">%s</label> <select id=\"f-sort\" name=\"sort\">", i18n(rq, "ana.sort"));
	for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
		html_printf(b, "<option value=\"%s\"%s>%s</option>", sorts[i],
			    !strcmp(sorts[i], *sort ? sort : "severity") ? " selected" : "",
			    i18n_named(rq, "ana.col.", sorts[i]));
	html_raw_trusted(b, "</select>\n");
	if (access_may_read(rq->a, model_entity("supervision")))
		html_printf(b, "<label><input type=\"checkbox\" name=\"supervised\" value=\"1\"%s> %s</label>\n",
			    *supervised ? " checked" : "", i18n(rq, "ana.supervised"));
	analyze_form_end(rq, b);
	html_printf(b, "<p>%s</p>\n", i18n(rq, "ana.persons.how"));
	html_printf(b, "<table class=\"ranking persons\"><caption>%s</caption><thead><tr>", i18n(rq, "ana.persons.caption"));
	for (size_t k = 0; k < NCOLUMNS; k++) {
		const char *label = i18n_named(rq, "ana.col.", columns[k]);
		if (sortable(columns[k])) {
			html_printf(b, "<th scope=\"col\"><a href=\"/analys/personer?");
			html_append(b, &x.query);
			html_printf(b, "sort=%s\">%s</a></th>", columns[k], label);
		} else {
			html_printf(b, "<th scope=\"col\">%s</th>", label);
		}
	}
	html_raw_trusted(b, "</tr></thead><tbody>\n");
	size_t i;
	long shown = 0, total = 0;
	json_t *row;
	json_array_foreach(rows, i, row) {
		if (!kept(row, community))
			continue;
		total++;
		if (ntop && shown >= ntop)
			continue;
		shown++;
		html_raw_trusted(b, "<tr>");
		for (size_t k = 0; k < NCOLUMNS; k++) {
			char cell[64];
			const char *v = analyze_cell(json_object_get(row, columns[k]), 4, cell, sizeof cell);
			if (k == 0) {
				html_raw_trusted(b, "<th scope=\"row\"><a href=\"/analys/personer/");
				html_url_part(b, v);
				html_printf(b, "\">%s</a></th>", v);
			} else {
				html_printf(b, "<td class=\"%s\">%s</td>", columns[k], v);
			}
		}
		html_raw_trusted(b, "</tr>\n");
	}
	html_raw_trusted(b, "</tbody></table>\n");
	if (*community)   /* all rows were asked for: say how many matched */
		html_printf(b, "<p class=\"count\">%ld %s %ld.</p>\n", shown, i18n(rq, "ana.of"), total);
	html_raw_trusted(b, "<p class=\"export\"><a download href=\"/analys/personer?");
	html_append(b, &x.query);
	html_printf(b, "format=csv\">%s</a></p>\n", i18n(rq, "common.csv"));
	page_end(rs);
out:
	json_decref(rows);
	analyze_args_release(&x);
}

/* ---- one person ---- */

static void evidence_text(struct web_request *rq, struct buf *b, json_t *evidence)
{
	size_t i;
	json_t *ev;
	json_array_foreach(evidence, i, ev) {
		const char *reason = json_string_value(json_object_get(ev, "reason"));
		const char *group = json_string_value(json_object_get(ev, "group"));
		long long rec = (long long)json_integer_value(json_object_get(ev, "record"));
		html_printf(b, "%s%s", i ? "; " : "", i18n_named(rq, "ana.reason.", reason ? reason : ""));
		if (reason && !strcmp(reason, "co_involvement"))
			html_printf(b, " <a href=\"/incidents/%lld\">%lld</a>", rec, rec);
		else
			html_printf(b, " %lld", rec);
		if (group)
			html_printf(b, " (%s)", group);
	}
}

void page_analyze_person(struct web_request *rq, struct web_response *rs)
{
	struct analyze_args x;
	char from[11], to[11], area[128];
	json_t *j = NULL;
	analyze_args_init(&x, "explain");
	if (analyze_filters(rq, rs, &x, from, to, area))
		goto out;
	x.argv[x.argc++] = rq->params[0];
	if (!(j = analyze_page_json(rq, rs, &x)))
		goto out;
	json_t *p = json_object_get(j, "person");
	const char *code = json_string_value(json_object_get(p, "code"));
	page_begin(rq, rs, code, "/analys");
	struct buf *b = &rs->body;
	html_printf(b, "<h1>%s %s</h1>\n", i18n(rq, "ana.person.title"), code);
	analyze_subnav(rq, b, NULL);
	html_printf(b, "<table class=\"record\"><caption>%s</caption><tbody>\n", i18n(rq, "ana.person.scores"));
	for (size_t k = 1; k < NCOLUMNS; k++) {
		char cell[64];
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"%s\">%s</td></tr>\n",
			    i18n_named(rq, "ana.col.", columns[k]), columns[k],
			    analyze_cell(json_object_get(p, columns[k]), 6, cell, sizeof cell));
	}
	html_raw_trusted(b, "</tbody></table>\n");
	html_printf(b, "<h2>%s</h2>\n<table class=\"neighbours\"><thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
		    i18n(rq, "ana.person.neighbours"), i18n(rq, "ana.col.code"), i18n(rq, "ana.col.weight"),
		    i18n(rq, "ana.col.evidence"));
	size_t i;
	json_t *nb;
	json_array_foreach(json_object_get(j, "neighbours"), i, nb) {
		char cell[64];
		const char *c = json_string_value(json_object_get(nb, "code"));
		html_raw_trusted(b, "<tr><th scope=\"row\"><a href=\"/analys/personer/");
		html_url_part(b, c);
		html_printf(b, "\">%s</a></th><td>%s</td><td>", c,
			    analyze_cell(json_object_get(nb, "weight"), 4, cell, sizeof cell));
		evidence_text(rq, b, json_object_get(nb, "evidence"));
		html_raw_trusted(b, "</td></tr>\n");
	}
	html_raw_trusted(b, "</tbody></table>\n");
	long hidden = (long)json_integer_value(json_object_get(j, "hidden_evidence"));
	if (hidden)
		analyze_hidden_note(rq, b, hidden);
	html_printf(b, "<h2>%s</h2>\n<table class=\"involvements\"><thead><tr>", i18n(rq, "ana.person.involvements"));
	static const char *const icols[] = { "incident", "occurred", "type", "role", "severity" };
	for (size_t k = 0; k < sizeof icols / sizeof icols[0]; k++)
		html_printf(b, "<th scope=\"col\">%s</th>", i18n_named(rq, "ana.col.", icols[k]));
	html_raw_trusted(b, "</tr></thead><tbody>\n");
	json_t *inv;
	json_array_foreach(json_object_get(j, "involvements"), i, inv) {
		html_raw_trusted(b, "<tr>");
		for (size_t k = 0; k < sizeof icols / sizeof icols[0]; k++) {
			char cell[64];
			const char *v = analyze_cell(json_object_get(inv, icols[k]), 4, cell, sizeof cell);
			if (k == 0)
				html_printf(b, "<td><a href=\"/incidents/%s\">%s</a></td>", v, v);
			else
				html_printf(b, "<td>%s</td>", k == 3 ? i18n_named(rq, "val.", v) : v);
		}
		html_raw_trusted(b, "</tr>\n");
	}
	html_raw_trusted(b, "</tbody></table>\n");
	hidden = (long)json_integer_value(json_object_get(j, "hidden_involvements"));
	if (hidden)
		analyze_hidden_note(rq, b, hidden);
	const char *missing = json_string_value(json_object_get(j, "not_visible_to_role"));
	if (missing)
		html_printf(b, "<p>%s: %s</p>\n", i18n(rq, "ana.not_visible"), missing);
	page_end(rs);
out:
	json_decref(j);
	analyze_args_release(&x);
}
