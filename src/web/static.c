/* static.c — the assets compiled into the binary (the stylesheet) and GET /healthz.
 *
 * The stylesheet is a string constant here rather than a file generated at build time: it is
 * one small file, and keeping it in C means `gvi serve` needs nothing beside the binary.
 * There is no JavaScript yet; the Content-Security-Policy allows none inline anyway. */
#include "page.h"
#include "web.h"
#include "eval/report.h"   /* the steering-group report's stylesheet */

#include <string.h>

static const char gvi_css[] =
	":root { --fg: #1b1b1b; --bg: #ffffff; --muted: #4a4a4a; --accent: #0b4f8a; "
	"--line: #c8c8c8; --warn-bg: #fff4e5; --warn: #7a3e00; }\n"
	"* { box-sizing: border-box; }\n"
	"body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif; "
	"color: var(--fg); background: var(--bg); }\n"
	".skip { position: absolute; left: -10000px; top: auto; }\n"
	".skip:focus { position: static; display: block; padding: .5rem 1rem; background: var(--accent); "
	"color: #fff; }\n"
	"header.site { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; "
	"gap: .5rem 2rem; padding: .5rem 1rem; border-bottom: 1px solid var(--line); }\n"
	".brand { margin: 0; font-weight: bold; }\n"
	".brand a { color: var(--accent); text-decoration: none; font-size: 1.25rem; }\n"
	".programme { color: var(--muted); font-weight: normal; margin-left: .5rem; }\n"
	".who { display: flex; align-items: center; gap: 1rem; }\n"
	".who p { margin: 0; }\n"
	".who form { margin: 0; }\n"
	"nav ul { list-style: none; margin: 0; padding: 0 1rem; display: flex; flex-wrap: wrap; gap: 1.5rem; "
	"border-bottom: 1px solid var(--line); }\n"
	"nav a { display: inline-block; padding: .5rem 0; color: var(--accent); }\n"
	"nav a[aria-current=page] { font-weight: bold; text-decoration: none; "
	"border-bottom: 3px solid var(--accent); }\n"
	"main { padding: 1rem; max-width: 72rem; }\n"
	"main:focus { outline: none; }\n"
	"h1 { font-size: 1.75rem; margin: .5rem 0 1rem; }\n"
	"h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }\n"
	"table { border-collapse: collapse; margin: .5rem 0 1rem; }\n"
	"caption { text-align: left; font-weight: bold; padding: .25rem 0; }\n"
	"th, td { text-align: left; padding: .3rem .75rem .3rem 0; border-bottom: 1px solid var(--line); "
	"vertical-align: top; }\n"
	"thead th { border-bottom: 2px solid var(--fg); }\n"
	".num { text-align: right; }\n"
	"a { color: var(--accent); }\n"
	"a:focus, button:focus, input:focus { outline: 3px solid #ffbf47; outline-offset: 1px; }\n"
	"label { display: block; font-weight: bold; margin-bottom: .25rem; }\n"
	"input[type=text], input[type=password], input[type=search] { font: inherit; padding: .35rem .5rem; "
	"border: 2px solid var(--fg); min-width: 16rem; }\n"
	"button { font: inherit; padding: .35rem 1rem; border: 2px solid var(--accent); "
	"background: var(--accent); color: #fff; cursor: pointer; }\n"
	".who button { background: #fff; color: var(--accent); }\n"
	".message { padding: .5rem 1rem; border-left: 4px solid var(--warn); background: var(--warn-bg); "
	"color: var(--warn); }\n"
	".pages a { margin-right: 1.5rem; }\n"
	/* printing a page (the registerutdrag, page_register.c): its content, not the layout */
	"@media print { header.site, nav, .skip, footer { display: none; } }\n"
	/* the analysis pages (page_analyze*.c): the concentration curve and the network pictures,
	 * whose own <style> the Content-Security-Policy refuses (rules as in src/analysis/svg.c) */
	".subnav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; }\n"
	"svg.curve { max-width: 28rem; } svg.curve line.axis { stroke: var(--fg); } "
	"svg.curve line.even { stroke: var(--line); stroke-dasharray: 4 3; } "
	"svg.curve polyline { fill: none; stroke-width: 2; } svg.curve .s0, .key.s0 { stroke: #0072B2; color: #0072B2; } "
	"svg.curve .s1, .key.s1 { stroke: #D55E00; color: #D55E00; } svg.curve text { font-size: 11px; }\n"
	"figure.network svg { max-width: 100%; height: auto; }\n"
	"#gvi-groups .bg, #gvi-persons .bg { fill: #ffffff; }\n"
	"#gvi-groups text, #gvi-persons text { font-family: sans-serif; fill: #222222; }\n"
	"#gvi-groups .h, #gvi-persons .h { font-size: 16px; font-weight: bold; }\n"
	"#gvi-groups .nd, #gvi-persons .nd { font-size: 16px; fill: #666666; text-anchor: middle; }\n"
	"#gvi-groups .lg, #gvi-persons .lg { font-size: 12px; }\n"
	"#gvi-groups .cap, #gvi-persons .cap { font-size: 11px; fill: #555555; }\n"
	"#gvi-groups .l, #gvi-persons .l { font-size: 10px; text-anchor: middle; paint-order: stroke; "
	"stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }\n"
	"#gvi-groups line, #gvi-persons line, #gvi-groups path, #gvi-persons path { fill: none; stroke-linecap: round; }\n"
	"#gvi-groups .e0, #gvi-persons .e0 { stroke: #8C8C8C; stroke-opacity: .6; }\n"
	"#gvi-groups .e1, #gvi-persons .e1 { stroke: #D55E00; stroke-opacity: .9; }\n"
	"#gvi-groups .e2, #gvi-persons .e2 { stroke: #009E73; stroke-opacity: .9; stroke-dasharray: 6,3; }\n"
	"#gvi-groups .e3, #gvi-persons .e3 { stroke: #444444; stroke-opacity: .7; stroke-dasharray: 1,3; }\n"
	"#gvi-groups circle, #gvi-persons circle { stroke: #333333; stroke-width: .6; }\n"
	"#gvi-groups rect.sw, #gvi-persons rect.sw { stroke: #333333; stroke-width: .6; }\n"
	"#gvi-groups .cn, #gvi-persons .cn { fill: #ffffff; stroke: #888888; stroke-width: 1.2; }\n"
	".hidden-records { font-style: italic; }\n"
	"footer { padding: 1rem; color: var(--muted); border-top: 1px solid var(--line); margin-top: 2rem; }\n"
	/* forms of the record pages (page_form.c) */
	"select, textarea, input[type=date], input[type=number] { font: inherit; padding: .35rem .5rem; "
	"border: 2px solid var(--fg); min-width: 16rem; background: #fff; color: var(--fg); }\n"
	"select:focus, textarea:focus { outline: 3px solid #ffbf47; outline-offset: 1px; }\n"
	"textarea { width: 100%; max-width: 40rem; }\n"
	".field { margin: 0 0 1rem; }\n"
	".field.check label { display: inline; font-weight: normal; }\n"
	".field.check input { width: 1.5rem; height: 1.5rem; vertical-align: middle; }\n"
	".hint { display: block; color: var(--muted); font-size: .9rem; margin-bottom: .25rem; }\n"
	".field.invalid input, .field.invalid select, .field.invalid textarea { border-color: #b00020; }\n"
	".field-error { color: #b00020; font-weight: bold; margin: .25rem 0 0; }\n"
	"fieldset { border: 1px solid var(--line); margin: 0 0 1rem; padding: .5rem 1rem; }\n"
	"legend { font-weight: bold; padding: 0 .25rem; }\n"
	"fieldset.row { display: flex; flex-wrap: wrap; gap: 0 1.5rem; }\n"
	"form.filters { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: flex-end; }\n"
	"form.filters select, form.filters input { min-width: 10rem; }\n"
	"a.button { display: inline-block; padding: .35rem 1rem; border: 2px solid var(--accent); "
	"text-decoration: none; }\n"
	"th a { text-decoration: none; }\n"
	/* the call-in's attendance list: large targets for a tablet at the door */
	"ul.invitees { list-style: none; padding: 0; }\n"
	".invitee { border-bottom: 1px solid var(--line); padding: .75rem 0; }\n"
	".invitee-name { margin: 0 0 .5rem; }\n"
	"form.attend { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; }\n"
	"form.attend label { display: inline; }\n"
	"button.big { min-height: 3rem; min-width: 10rem; font-size: 1.1rem; }\n"
	"button.secondary { background: #fff; color: var(--accent); }\n"
	"ol.timeline { padding-left: 1.5rem; }\n"
	"ol.timeline li { margin: .35rem 0; }\n"
	"time { font-variant-numeric: tabular-nums; margin-right: .5rem; }\n"
	/* the evaluation page (page_evaluate.c): the engine's SVG charts inline, figures */
	".eval-chart svg { max-width: 100%; height: auto; }\n"
	".eval-result table { border-collapse: collapse; margin: .5rem 0; }\n"
	".eval-result th, .eval-result td { border-bottom: 1px solid var(--line); padding: .25rem .6rem; text-align: left; }\n"
	".eval-result .fig { font-variant-numeric: tabular-nums; }\n"
	".eval-result .interpretation { max-width: 48rem; }\n"
	".eval-result dl.diagnostics dt { font-weight: bold; }\n"
	".eval-result dl.diagnostics dd { margin: 0 0 .4rem 1rem; }\n"
	".eval-form .hint { color: var(--muted); font-size: .9rem; }\n"
	".eval-form label.inline { display: inline; }\n"
	".eval-form input[type=text] { width: 28rem; max-width: 100%; }\n"
	".eval-form input[type=checkbox] { width: auto; min-width: 0; margin: 0 .4rem 0 0; }\n"
	".eval-result .warning { background: var(--warn-bg); color: var(--warn); padding: .4rem .6rem; }\n"
	".eval-caveat { color: var(--muted); font-size: .92rem; max-width: 48rem; }\n";

/* The icon: the letters "gvi" on the accent colour, as SVG (no binary asset to generate). */
static const char favicon_svg[] =
	"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\">"
	"<rect width=\"32\" height=\"32\" rx=\"6\" fill=\"#0b4f8a\"/>"
	"<text x=\"16\" y=\"21\" font-family=\"sans-serif\" font-size=\"13\" font-weight=\"bold\" "
	"fill=\"#fff\" text-anchor=\"middle\">gvi</text></svg>\n";

static const struct asset {
	const char *name, *type, *data;
	size_t len;
} assets[] = {
	{ "gvi.css", "text/css; charset=utf-8", gvi_css, sizeof gvi_css - 1 },
	{ "favicon.svg", "image/svg+xml", favicon_svg, sizeof favicon_svg - 1 },
	{ "rapport.css", "text/css; charset=utf-8", eval_report_css, 0 },   /* 0: strlen */
};

void web_static(struct web_request *rq, struct web_response *rs)
{
	for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++) {
		if (strcmp(assets[i].name, rq->params[0]))
			continue;
		rs->status = 200;
		rs->type = assets[i].type;
		rs->cacheable = 1;
		buf_add(&rs->body, assets[i].data, assets[i].len ? assets[i].len : strlen(assets[i].data));
		return;
	}
	rs->status = 404;
	rs->type = "text/plain; charset=utf-8";
	buf_adds(&rs->body, "not found\n");
}

/* GET /favicon.ico, which browsers ask for by themselves: the SVG icon (browsers take the
 * type from Content-Type, not from the name). */
void web_favicon(struct web_request *rq, struct web_response *rs)
{
	rq->params[0] = "favicon.svg";
	web_static(rq, rs);
}

void web_healthz(struct web_request *rq, struct web_response *rs)
{
	(void)rq;
	rs->status = 200;
	rs->type = "text/plain; charset=utf-8";
	buf_adds(&rs->body, "ok\n");
}
