/* test_svg.c — unit tests for analysis/svg.c: the pictures are well-formed XML (checked by a
 * small checker here, not by shelling out), hold exactly one <circle> per vertex and one
 * <line> per edge, escape every piece of caller text, keep every vertex and edge inside the
 * viewBox, carry the legend and the accessibility markup, and come out byte-identical from
 * two runs.  Set SVG_SAMPLE=/path.svg to also keep the picture of the sample network. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/svg.h"

/* ---- helpers --------------------------------------------------------------------------- */

/* Renders g into a string (caller frees); returns svg_network's status in *rc. */
static char *render(const struct graph *g, const struct svg_options *opt, int *rc,
		    struct err *e)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	assert_non_null(f);
	*rc = svg_network(f, g, opt, e);
	assert_int_equal(fclose(f), 0);
	assert_non_null(s);
	assert_int_equal(strlen(s), len);   /* no NUL bytes inside */
	return s;
}

static char *render_ok(const struct graph *g, const struct svg_options *opt)
{
	struct err e = { 0 };
	int rc;
	char *s = render(g, opt, &rc, &e);
	if (rc)
		fail_msg("svg_network failed: %s", e.msg);
	return s;
}

static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static int entity_len(const char *p)
{
	static const char *const named[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (!strncmp(p, named[i], strlen(named[i])))
			return (int)strlen(named[i]);
	const char *q = p + 1;
	if (*q++ != '#')
		return 0;
	int hex = *q == 'x';
	q += hex;
	const char *digits = q;
	while (hex ? (*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f') ||
		     (*q >= 'A' && *q <= 'F')
		   : *q >= '0' && *q <= '9')
		q++;
	return q > digits && *q == ';' ? (int)(q - p + 1) : 0;
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == ':' || c == '.';
}

/* Fails unless s is well-formed: one root element, matching start and end tags, quoted
 * attributes without '<', every '&' a known entity or a character reference, no control
 * characters but tab, newline and carriage return. */
static void check_xml(const char *s)
{
	char stack[64][32];
	int depth = 0, roots = 0;
	const char *p = s;
	if (!strncmp(p, "<?xml", 5)) {
		p = strstr(p, "?>");
		assert_non_null(p);
		p += 2;
	}
	while (*p) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			fail_msg("control character 0x%02x at offset %td", c, p - s);
		if (c == '&') {
			int n = entity_len(p);
			if (!n)
				fail_msg("bare '&' at offset %td: %.20s", p - s, p);
			p += n;
			continue;
		}
		if (c != '<') {
			if (!depth && c != ' ' && c != '\n' && c != '\t' && c != '\r')
				fail_msg("text outside the root element at offset %td", p - s);
			p++;
			continue;
		}
		p++;
		if (*p == '!' || *p == '?')
			fail_msg("unexpected markup <%c at offset %td", *p, p - s);
		if (*p == '/') {
			p++;
			const char *name = p;
			while (name_char(*p))
				p++;
			assert_true(depth > 0);
			depth--;
			if ((size_t)(p - name) != strlen(stack[depth]) ||
			    strncmp(name, stack[depth], (size_t)(p - name)))
				fail_msg("</%.*s> closes <%s> at offset %td", (int)(p - name), name,
					 stack[depth], name - s);
			assert_int_equal(*p, '>');
			p++;
			continue;
		}
		const char *name = p;
		while (name_char(*p))
			p++;
		size_t nlen = (size_t)(p - name);
		assert_true(nlen > 0 && nlen < sizeof stack[0]);
		if (!depth && roots++)
			fail_msg("second root element at offset %td", name - s);
		for (;;) {
			while (*p == ' ' || *p == '\n' || *p == '\t')
				p++;
			if (p[0] == '/' && p[1] == '>') {
				p += 2;
				break;
			}
			if (*p == '>') {
				assert_true(depth < 64);
				memcpy(stack[depth], name, nlen);
				stack[depth++][nlen] = '\0';
				p++;
				break;
			}
			const char *attr = p;
			while (name_char(*p))
				p++;
			if (p == attr)
				fail_msg("bad attribute at offset %td: %.20s", p - s, p);
			if (*p++ != '=')
				fail_msg("attribute without '=' at offset %td", p - s);
			char q = *p++;
			if (q != '"' && q != '\'')
				fail_msg("unquoted attribute at offset %td", p - s);
			while (*p && *p != q) {
				if (*p == '<')
					fail_msg("'<' in an attribute at offset %td", p - s);
				if (*p == '&') {
					int n = entity_len(p);
					if (!n)
						fail_msg("bare '&' in an attribute at offset %td", p - s);
					p += n;
				} else {
					p++;
				}
			}
			assert_int_equal(*p, q);
			p++;
		}
	}
	assert_int_equal(depth, 0);
	assert_int_equal(roots, 1);
}

/* The numbers of every occurrence of ` attr="` in s, in order; returns how many. */
static int attr_values(const char *s, const char *attr, double *out, int max)
{
	char pat[32];
	snprintf(pat, sizeof pat, " %s=\"", attr);
	int n = 0;
	for (const char *p = strstr(s, pat); p; p = strstr(p + 1, pat)) {
		assert_true(n < max);
		out[n++] = strtod(p + strlen(pat), NULL);
	}
	return n;
}

/* Every circle (with its radius) and every line end lies inside the w x h viewBox. */
static void check_inside(const char *s, int w, int h)
{
	enum { MAX = 20000 };
	static double cx[MAX], cy[MAX], r[MAX], a[MAX], b[MAX];
	int n = attr_values(s, "cx", cx, MAX);
	assert_int_equal(attr_values(s, "cy", cy, MAX), n);
	assert_int_equal(attr_values(s, "r", r, MAX), n);
	for (int i = 0; i < n; i++) {
		if (cx[i] - r[i] < 0 || cx[i] + r[i] > w || cy[i] - r[i] < 0 || cy[i] + r[i] > h)
			fail_msg("circle %d at (%g, %g) r %g leaves the %d x %d viewBox", i, cx[i],
				 cy[i], r[i], w, h);
		assert_true(r[i] > 0);
	}
	static const char *const xs[] = { "x1", "x2" }, *const ys[] = { "y1", "y2" };
	for (int k = 0; k < 2; k++) {
		int m = attr_values(s, xs[k], a, MAX);
		assert_int_equal(attr_values(s, ys[k], b, MAX), m);
		for (int i = 0; i < m; i++)
			if (a[i] < 0 || a[i] > w || b[i] < 0 || b[i] > h)
				fail_msg("line end (%g, %g) leaves the viewBox", a[i], b[i]);
	}
}

/* A deterministic random graph: k planted communities of about n/k vertices, dense inside,
 * sparse between, and the last `isolated` vertices without edges. */
static unsigned long long rng_state;

static double rnd(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng_state >> 11) / 9007199254740992.0;
}

static void random_graph(struct graph *g, int n, int k, int isolated, int *community)
{
	int cap = n * n, m = 0;
	int *from = malloc((size_t)cap * sizeof *from), *to = malloc((size_t)cap * sizeof *to);
	double *w = malloc((size_t)cap * sizeof *w);
	assert_true(from && to && w);
	rng_state = 42;
	int linked = n - isolated;
	for (int v = 0; v < n; v++)
		community[v] = v < linked ? v % k : -1;
	for (int u = 0; u < linked; u++)
		for (int v = u + 1; v < linked; v++) {
			double pr = community[u] == community[v] ? 6.0 / (linked / k) : 0.4 / linked;
			if (rnd() < pr) {
				from[m] = u;
				to[m] = v;
				w[m++] = 1 + floor(rnd() * 4);
			}
		}
	assert_int_equal(graph_from_edges(g, n, m, from, to, w), 0);
	free(from);
	free(to);
	free(w);
}

/* ---- tests ----------------------------------------------------------------------------- */

static void test_escape(void **state)
{
	(void)state;
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	assert_non_null(f);
	svg_escape(f, "a<&>\"'b\x01\tc\xff\n\xc3\xa5\xed\xa0\x80z\x7f");
	fclose(f);
	assert_string_equal(s, "a&lt;&amp;&gt;&quot;&#39;b\xEF\xBF\xBD&#9;c\xEF\xBF\xBD&#10;"
			       "\xc3\xa5\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz\xEF\xBF\xBD");
	free(s);
}

static void test_edge_slot(void **state)
{
	(void)state;
	struct graph g;
	int from[] = { 0, 0, 1 }, to[] = { 1, 2, 2 };
	assert_int_equal(graph_from_edges(&g, 4, 3, from, to, NULL), 0);
	for (int i = 0; i < 3; i++) {
		int64_t k = svg_edge_slot(&g, from[i], to[i]);
		assert_true(k >= 0);
		assert_int_equal(g.adj[k], to[i]);
		assert_true(k >= g.offset[from[i]] && k < g.offset[from[i] + 1]);
		assert_true(svg_edge_slot(&g, to[i], from[i]) >= 0);
	}
	assert_int_equal(svg_edge_slot(&g, 0, 3), -1);
	assert_int_equal(svg_edge_slot(&g, 3, 0), -1);
	assert_int_equal(svg_edge_slot(&g, 9, 0), -1);
	graph_release(&g);
}

/* A triangle with a tail and one vertex without edges; labels with markup in them. */
static void small_graph(struct graph *g)
{
	int from[] = { 0, 1, 2, 2 }, to[] = { 1, 2, 0, 3 };
	double w[] = { 1, 2, 3, 4 };
	assert_int_equal(graph_from_edges(g, 5, 4, from, to, w), 0);
}

static const char *const small_labels[] = { "Ann <&> Bo", "Quote \" and ' apostrophe",
					    NULL, "D\x01", "Eve" };

static void test_small_graph(void **state)
{
	(void)state;
	struct graph g;
	small_graph(&g);
	struct svg_options o;
	svg_options_init(&o);
	o.title = "Persons <north> & \"south\"";
	o.desc = "Period 2024 & later";
	o.label = small_labels;
	char *s = render_ok(&g, &o);
	check_xml(s);
	assert_int_equal(count(s, "<circle"), 5);
	assert_int_equal(count(s, "<line"), 4);
	assert_int_equal(count(s, "</circle>"), 4);   /* tooltips for the labelled four */
	assert_non_null(strstr(s, "<title>Ann &lt;&amp;&gt; Bo</title>"));
	assert_null(strstr(s, "<&>"));
	assert_non_null(strstr(s, "Quote &quot; and &#39; apostrophe"));
	assert_non_null(strstr(s, "<title>D\xEF\xBF\xBD</title>"));
	assert_non_null(strstr(s, "Persons &lt;north&gt; &amp; &quot;south&quot;"));
	assert_non_null(strstr(s, "xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(s, "role=\"img\""));
	assert_non_null(strstr(s, "aria-labelledby=\"gvi-net-title gvi-net-desc\""));
	assert_non_null(strstr(s, "<title id=\"gvi-net-title\">Persons &lt;north&gt;"));
	assert_non_null(strstr(s, "<desc id=\"gvi-net-desc\">Network of 5 vertices and 4 edges"));
	assert_non_null(strstr(s, "Period 2024 &amp; later</desc>"));
	assert_non_null(strstr(s, "Without edges (1)"));
	/* edges are drawn before (under) the vertices */
	assert_true(strstr(s, "<line") < strstr(s, "<circle"));
	assert_null(strstr(s, "<text class=\"l\""));   /* no visible labels unless asked */
	check_inside(s, 960, 720);
	free(s);
	graph_release(&g);
}

static void test_deterministic(void **state)
{
	(void)state;
	struct graph g;
	int community[120];
	random_graph(&g, 120, 4, 5, community);
	struct svg_options o;
	svg_options_init(&o);
	o.colour_class = community;
	o.seed = 7;
	char *a = render_ok(&g, &o);
	char *b = render_ok(&g, &o);
	assert_string_equal(a, b);
	o.seed = 8;
	char *c = render_ok(&g, &o);
	assert_string_not_equal(a, c);   /* the seed does move the layout */
	free(a);
	free(b);
	free(c);
	graph_release(&g);
}

static void test_inside_viewbox(void **state)
{
	(void)state;
	struct graph g;
	int community[200];
	random_graph(&g, 200, 6, 30, community);
	double size[200];
	for (int v = 0; v < 200; v++)
		size[v] = (double)(g.offset[v + 1] - g.offset[v]) * (v % 3);
	static const int dims[][2] = { { 960, 720 }, { 300, 900 }, { 1600, 200 }, { 200, 200 } };
	for (size_t i = 0; i < sizeof dims / sizeof *dims; i++) {
		struct svg_options o;
		svg_options_init(&o);
		o.width = dims[i][0];
		o.height = dims[i][1];
		o.colour_class = community;
		o.size = size;
		char *s = render_ok(&g, &o);
		check_xml(s);
		assert_int_equal(count(s, "<circle"), 200);
		assert_int_equal(count(s, "<line"), (int)g.m);
		char vb[64];
		snprintf(vb, sizeof vb, "viewBox=\"0 0 %d %d\"", dims[i][0], dims[i][1]);
		assert_non_null(strstr(s, vb));
		check_inside(s, dims[i][0], dims[i][1]);
		free(s);
	}
	graph_release(&g);
}

static void test_sizes_and_classes(void **state)
{
	(void)state;
	struct graph g;
	small_graph(&g);
	double size[] = { 1, 4, 9, 0, NAN };
	int cls[] = { 0, 12, -1, 9, 3 };
	struct svg_options o;
	svg_options_init(&o);
	o.size = size;
	o.colour_class = cls;
	o.radius_min = 2;
	o.radius_max = 10;
	char *s = render_ok(&g, &o);
	check_xml(s);
	/* biggest first; the largest value gets radius_max, the smallest radius_min */
	assert_non_null(strstr(s, "<circle class=\"cn\""));
	assert_non_null(strstr(s, "<circle class=\"c2\""));   /* 12 cycles to 2 */
	assert_non_null(strstr(s, "<circle class=\"c9\""));
	assert_non_null(strstr(s, "r=\"10.0\""));
	assert_non_null(strstr(s, "r=\"2.0\""));
	const char *first = strstr(s, "<circle");
	assert_non_null(strstr(first, "r=\"10.0\""));
	assert_true(strstr(first, "r=\"10.0\"") < strstr(first + 1, "<circle"));
	/* weights 1..4: widths 1..4 */
	assert_non_null(strstr(s, "stroke-width=\"1.0\""));
	assert_non_null(strstr(s, "stroke-width=\"4.0\""));
	free(s);
	graph_release(&g);
}

static void test_legend_and_kinds(void **state)
{
	(void)state;
	struct graph g;
	small_graph(&g);
	unsigned char kind[8] = { 0 };
	kind[svg_edge_slot(&g, 0, 1)] = SVG_CONFLICT;
	kind[svg_edge_slot(&g, 1, 2)] = SVG_ALLIANCE;
	kind[svg_edge_slot(&g, 2, 1)] = SVG_ALLIANCE;
	kind[svg_edge_slot(&g, 2, 3)] = SVG_MEMBERSHIP;
	static const struct svg_legend_item legend[] = {
		{ 0, "Community 1" }, { 1, "Community 2 <B>" }, { -1, "No community" },
	};
	struct svg_options o;
	svg_options_init(&o);
	o.edge_kind = kind;
	o.legend = legend;
	o.nlegend = 3;
	o.kind_name[SVG_ALLIANCE] = "alliance & truce";
	o.size_label = "circle area: incidents";
	char *s = render_ok(&g, &o);
	check_xml(s);
	assert_int_equal(count(s, "<line class=\"e1\""), 1);
	assert_int_equal(count(s, "<line class=\"e2\""), 1);
	assert_int_equal(count(s, "<line class=\"e3\""), 1);
	assert_int_equal(count(s, "<line class=\"e0\""), 1);
	/* conflicts are drawn last, on top of the others */
	assert_true(strstr(s, "<line class=\"e1\"") > strstr(s, "<line class=\"e2\""));
	/* a conflict edge of weight 1 is 1.5 times the thinnest width */
	assert_non_null(strstr(s, "class=\"e1\" x1="));
	assert_non_null(strstr(strstr(s, "<line class=\"e1\""), "stroke-width=\"1.5\""));
	const char *lg = strstr(s, "<g class=\"legend\">");
	assert_non_null(lg);
	assert_int_equal(count(lg, "<rect class=\"sw"), 3);
	assert_non_null(strstr(lg, "<rect class=\"sw cn\""));
	assert_non_null(strstr(lg, ">Community 1</text>"));
	assert_non_null(strstr(lg, ">Community 2 &lt;B&gt;</text>"));
	assert_non_null(strstr(lg, ">conflict</text>"));
	assert_non_null(strstr(lg, ">alliance &amp; truce</text>"));
	assert_non_null(strstr(lg, ">membership</text>"));
	assert_non_null(strstr(lg, ">tie</text>"));
	assert_non_null(strstr(lg, ">circle area: incidents</text>"));
	assert_int_equal(count(lg, "<path class=\"e"), 4);
	assert_int_equal(count(s, "<circle"), 5);   /* the legend draws no circles or lines */
	assert_int_equal(count(s, "<line"), 4);
	free(s);

	/* only the kinds that occur are in the legend */
	o.edge_kind = NULL;
	s = render_ok(&g, &o);
	assert_null(strstr(s, ">conflict</text>"));
	assert_non_null(strstr(s, ">tie</text>"));
	free(s);
	graph_release(&g);
}

static void test_visible_labels(void **state)
{
	(void)state;
	struct graph g;
	small_graph(&g);
	double size[] = { 5, 1, 9, 7, 3 };
	static const char *const labels[] = { "A", "B", NULL, "D & co", "A very long name that "
					      "goes on and on and on" };
	struct svg_options o;
	svg_options_init(&o);
	o.size = size;
	o.label = labels;
	o.show_labels = 2;   /* vertex 2 is largest but has no label: D and A */
	char *s = render_ok(&g, &o);
	check_xml(s);
	assert_int_equal(count(s, "<text class=\"l\""), 2);
	assert_non_null(strstr(s, "\">D &amp; co</text>"));
	assert_non_null(strstr(s, "\">A</text>"));
	free(s);

	o.show_labels = 10;   /* more than there are: every labelled vertex, long ones cut */
	s = render_ok(&g, &o);
	check_xml(s);
	assert_int_equal(count(s, "<text class=\"l\""), 4);
	assert_non_null(strstr(s, "\">A very long name that go\xE2\x80\xA6</text>"));
	free(s);

	o.size = NULL;       /* without sizes, by weighted degree: vertex 2 (2+3+4) has no
			      * label, then 0 (1+3) ties with 3 (4) and wins on its number */
	o.show_labels = 1;
	s = render_ok(&g, &o);
	assert_int_equal(count(s, "<text class=\"l\""), 1);
	assert_non_null(strstr(s, "\">A</text>"));
	free(s);
	graph_release(&g);
}

static void test_empty(void **state)
{
	(void)state;
	struct graph g;
	assert_int_equal(graph_from_edges(&g, 0, 0, NULL, NULL, NULL), 0);
	char *s = render_ok(&g, NULL);
	check_xml(s);
	assert_non_null(strstr(s, ">no data</text>"));
	assert_non_null(strstr(s, "<title id=\"gvi-net-title\">Network</title>"));
	assert_non_null(strstr(s, "role=\"img\""));
	assert_int_equal(count(s, "<circle"), 0);
	assert_int_equal(count(s, "<line"), 0);
	free(s);
	graph_release(&g);
}

static void test_one_vertex(void **state)
{
	(void)state;
	struct graph g;
	assert_int_equal(graph_from_edges(&g, 1, 0, NULL, NULL, NULL), 0);
	static const char *const labels[] = { "Solo" };
	struct svg_options o;
	svg_options_init(&o);
	o.label = labels;
	o.show_labels = 1;
	char *s = render_ok(&g, &o);
	check_xml(s);
	assert_int_equal(count(s, "<circle"), 1);
	assert_int_equal(count(s, "<line"), 0);
	assert_non_null(strstr(s, "<title>Solo</title>"));
	assert_null(strstr(s, "Without edges"));   /* no caption when nothing else is drawn */
	check_inside(s, 960, 720);
	free(s);
	graph_release(&g);

	/* two vertices and one edge: the layout's box is flat in one direction */
	int from[] = { 0 }, to[] = { 1 };
	assert_int_equal(graph_from_edges(&g, 2, 1, from, to, NULL), 0);
	s = render_ok(&g, NULL);
	check_xml(s);
	assert_int_equal(count(s, "<circle"), 2);
	assert_int_equal(count(s, "<line"), 1);
	check_inside(s, 960, 720);
	free(s);
	graph_release(&g);
}

static void test_only_isolated(void **state)
{
	(void)state;
	struct graph g;
	assert_int_equal(graph_from_edges(&g, 3000, 0, NULL, NULL, NULL), 0);
	char *s = render_ok(&g, NULL);
	check_xml(s);
	assert_int_equal(count(s, "<circle"), 3000);
	check_inside(s, 960, 720);
	free(s);
	graph_release(&g);
}

static void test_id_prefix(void **state)
{
	(void)state;
	struct graph g;
	small_graph(&g);
	struct svg_options o;
	svg_options_init(&o);
	o.id = "9 groups\"<x>";
	char *s = render_ok(&g, &o);
	check_xml(s);
	assert_non_null(strstr(s, "aria-labelledby=\"g9_groups__x_-title g9_groups__x_-desc\""));
	assert_non_null(strstr(s, "<title id=\"g9_groups__x_-title\">"));
	assert_non_null(strstr(s, " id=\"g9_groups__x_\" "));
	/* the style rules apply inside this picture only */
	assert_non_null(strstr(s, "\n#g9_groups__x_ circle{"));
	assert_null(strstr(s, "\ncircle{"));
	free(s);
	graph_release(&g);
}

static void test_bad_options(void **state)
{
	(void)state;
	struct graph g;
	small_graph(&g);
	struct svg_options o;
	struct err e = { 0 };
	int rc;

	svg_options_init(&o);
	o.width = 50;
	char *s = render(&g, &o, &rc, &e);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(e.msg, "picture size 50 x 720"));
	assert_string_equal(s, "");   /* nothing written on a refused call */
	free(s);

	err_clear(&e);
	svg_options_init(&o);
	o.radius_min = 5;
	o.radius_max = 2;
	s = render(&g, &o, &rc, &e);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(e.msg, "vertex radius range"));
	free(s);

	err_clear(&e);
	unsigned char kind[8] = { 0 };
	kind[svg_edge_slot(&g, 2, 3)] = 7;
	svg_options_init(&o);
	o.edge_kind = kind;
	s = render(&g, &o, &rc, &e);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(e.msg, "edge 2-3 has kind 7"));
	free(s);
	graph_release(&g);
}

static void test_write_error(void **state)
{
	(void)state;
	FILE *f = fopen("/dev/full", "w");
	if (!f)
		skip();
	struct graph g;
	small_graph(&g);
	struct err e = { 0 };
	assert_int_equal(svg_network(f, &g, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "cannot write the picture"));
	fclose(f);
	graph_release(&g);
}

/* Above SVG_DRL_ABOVE vertices the layout is DrL; still every vertex inside. */
static void test_large_drl(void **state)
{
	(void)state;
	enum { N = SVG_DRL_ABOVE + 100 };
	int *from = malloc(3 * N * sizeof *from), *to = malloc(3 * N * sizeof *to);
	assert_true(from && to);
	int m = 0;
	rng_state = 99;
	for (int v = 1; v < N; v++) {   /* a random tree plus extra edges */
		from[m] = v;
		to[m++] = (int)(rnd() * v);
		if (v % 3 == 0) {
			from[m] = v;
			to[m++] = (int)(rnd() * N);
		}
	}
	struct graph g;
	assert_int_equal(graph_from_edges(&g, N, m, from, to, NULL), 0);
	free(from);
	free(to);
	char *s = render_ok(&g, NULL);
	check_xml(s);
	assert_non_null(strstr(s, "Layout: DrL"));
	assert_int_equal(count(s, "<circle"), N);
	assert_int_equal(count(s, "<line"), (int)g.m);
	check_inside(s, 960, 720);
	free(s);
	graph_release(&g);
}

/* The sample network the picture check looks at; kept on disk when SVG_SAMPLE names a file. */
static void test_sample(void **state)
{
	(void)state;
	enum { N = 90 };
	struct graph g;
	int community[N];
	random_graph(&g, N, 5, 6, community);
	double size[N];
	char names[N][16];
	const char *labels[N];
	for (int v = 0; v < N; v++) {
		size[v] = (double)(g.offset[v + 1] - g.offset[v]);
		snprintf(names[v], sizeof names[v], "P-%03d", v);
		labels[v] = names[v];
	}
	unsigned char *kind = calloc((size_t)(2 * g.m + 1), 1);
	assert_non_null(kind);
	for (int u = 0; u < N; u++)
		for (int64_t k = g.offset[u]; k < g.offset[u + 1]; k++) {
			int v = g.adj[k];
			if (community[u] != community[v])
				kind[k] = (u + v) % 2 ? SVG_CONFLICT : SVG_ALLIANCE;
		}
	static const struct svg_legend_item legend[] = {
		{ 0, "Community 1" }, { 1, "Community 2" }, { 2, "Community 3" },
		{ 3, "Community 4" }, { 4, "Community 5" }, { -1, "No community" },
	};
	struct svg_options o;
	svg_options_init(&o);
	o.title = "Sample network: 5 communities";
	o.label = labels;
	o.size = size;
	o.colour_class = community;
	o.edge_kind = kind;
	o.legend = legend;
	o.nlegend = 6;
	o.show_labels = 8;
	o.size_label = "circle area: degree";
	o.kind_name[SVG_TIE] = "within community";
	o.kind_name[SVG_CONFLICT] = "conflict (between)";
	o.kind_name[SVG_ALLIANCE] = "alliance (between)";
	char *s = render_ok(&g, &o);
	check_xml(s);
	assert_int_equal(count(s, "<circle"), N);
	assert_int_equal(count(s, "<line"), (int)g.m);
	assert_int_equal(count(s, "<text class=\"l\""), 8);
	check_inside(s, 960, 720);
	const char *path = getenv("SVG_SAMPLE");
	if (path && *path) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(s, f);
		assert_int_equal(fclose(f), 0);
	}
	free(s);
	free(kind);
	graph_release(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_edge_slot),
		cmocka_unit_test(test_small_graph),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_inside_viewbox),
		cmocka_unit_test(test_sizes_and_classes),
		cmocka_unit_test(test_legend_and_kinds),
		cmocka_unit_test(test_visible_labels),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_one_vertex),
		cmocka_unit_test(test_only_isolated),
		cmocka_unit_test(test_id_prefix),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_large_drl),
		cmocka_unit_test(test_sample),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
