/* svg.c — pictures of networks as SVG (see svg.h).
 *
 * Three passes: place (igraph's layout for the vertices that have edges, a grid strip for
 * those that have none, both scaled into fixed boxes of the viewBox), size (radii from the
 * size values, widths from the weights), write.  The writer styles through one <style>
 * block and class names (the rules scoped to the picture's root id, for pages that inline
 * it), so each element carries only its geometry and the file stays small enough for
 * networks of tens of thousands of vertices.  Coordinates are rounded to
 * tenths by integer arithmetic, never by printf's %f, so the output does not depend on
 * LC_NUMERIC and is the same byte for byte from run to run. */
#include "analysis/svg.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PAD 10.0          /* blank border inside the viewBox */
#define HEAD_H 40.0       /* band for the visible heading */
#define LINE_H 18.0       /* legend line height */
#define LABEL_CHARS 24    /* visible vertex labels are cut to this many characters */
#define FR_NITER 500

/* Okabe & Ito (2008), "Color Universal Design", reordered so neighbouring classes differ
 * most; then two greys. */
static const char *const palette[SVG_PALETTE] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
	"#D55E00", "#F0E442", "#000000", "#999999", "#5F5F5F",
};

static const char *const default_kind_name[SVG_EDGE_KINDS] = {
	"tie", "conflict", "alliance", "membership",
};

/* Edges are drawn kind by kind in this order, so conflicts end up on top. */
static const int kind_order[SVG_EDGE_KINDS] = {
	SVG_TIE, SVG_MEMBERSHIP, SVG_ALLIANCE, SVG_CONFLICT,
};

/* The style rules, each scoped to this picture's root id when written, so a picture inlined
 * into a web page neither styles the page nor another picture on it. */
static const char *const style_rules[] = {
	".bg{fill:#ffffff}",
	"text{font-family:sans-serif;fill:#222222}",
	".h{font-size:16px;font-weight:bold}",
	".nd{font-size:16px;fill:#666666;text-anchor:middle}",
	".lg{font-size:12px}",
	".cap{font-size:11px;fill:#555555}",
	".l{font-size:10px;text-anchor:middle;paint-order:stroke;stroke:#ffffff;"
	"stroke-width:3px;stroke-linejoin:round}",
	"line{fill:none;stroke-linecap:round}",
	"path{fill:none;stroke-linecap:round}",
	".e0{stroke:#8C8C8C;stroke-opacity:0.6}",
	".e1{stroke:#D55E00;stroke-opacity:0.9}",
	".e2{stroke:#009E73;stroke-opacity:0.9;stroke-dasharray:6,3}",
	".e3{stroke:#444444;stroke-opacity:0.7;stroke-dasharray:1,3}",
	"circle{stroke:#333333;stroke-width:0.6}",
	"rect.sw{stroke:#333333;stroke-width:0.6}",
	".cn{fill:#ffffff;stroke:#888888;stroke-width:1.2}",
};

/* Everything svg_network works out before it writes. */
struct pic {
	FILE *out;
	const struct graph *g;
	struct svg_options o;     /* opt with the defaults filled in */
	const char *id;           /* sanitized id prefix (points into idbuf) */
	char idbuf[64];
	int n;
	int nisolated;
	double *x, *y, *r;        /* per vertex */
	double ew_lo, ew_hi;      /* range of the finite positive edge weights */
	int kinds_used[SVG_EDGE_KINDS];
	double legend_w;          /* 0 = no legend column */
	double strip_top, cell;   /* the strip of vertices without edges */
	int strip_cols;
	int layout_drl;
};

void svg_options_init(struct svg_options *opt)
{
	memset(opt, 0, sizeof *opt);
}

int64_t svg_edge_slot(const struct graph *g, int u, int v)
{
	if (u < 0 || u >= g->n)
		return -1;
	int64_t lo = g->offset[u], hi = g->offset[u + 1] - 1;
	while (lo <= hi) {
		int64_t mid = lo + (hi - lo) / 2;
		if (g->adj[mid] == v)
			return mid;
		if (g->adj[mid] < v)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* ---- text and numbers ------------------------------------------------------------------ */

/* Length of the well-formed UTF-8 sequence at s that is allowed in XML 1.0 (no surrogates,
 * no U+FFFE/U+FFFF, nothing above U+10FFFF), and its code point; 0 if there is none. */
static int utf8_char(const unsigned char *s, unsigned *cp)
{
	unsigned c = s[0];
	int len;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
	} else {
		return 0;
	}
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return 0;   /* overlong or out of range */
	if ((c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF)
		return 0;
	*cp = c;
	return len;
}

/* Writes at most max characters of s (max < 0: all), escaped; a cut string ends in "…".
 * Returns 1 if s was cut. */
static int escape_n(FILE *out, const char *s, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	int count = 0;
	while (*p) {
		if (max >= 0 && count == max) {
			fputs("\xE2\x80\xA6", out);
			return 1;
		}
		unsigned cp;
		int len = utf8_char(p, &cp);
		count++;
		if (!len) {
			fputs("\xEF\xBF\xBD", out);   /* U+FFFD for a stray byte */
			p++;
			continue;
		}
		switch (cp) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		case '\t': fputs("&#9;", out); break;
		case '\n': fputs("&#10;", out); break;
		case '\r': fputs("&#13;", out); break;
		default:
			if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
				fputs("\xEF\xBF\xBD", out);
			else
				fwrite(p, 1, (size_t)len, out);
		}
		p += len;
	}
	return 0;
}

void svg_escape(FILE *out, const char *s)
{
	escape_n(out, s, -1);
}

/* x rounded to tenths, half away from zero, written without printf's locale-dependent %f. */
static void num(FILE *out, double x)
{
	if (!isfinite(x))
		x = 0;
	long long t = llround(x * 10);
	if (t < 0) {
		fputc('-', out);
		t = -t;
	}
	fprintf(out, "%lld.%d", t / 10, (int)(t % 10));
}

/* ---- placing --------------------------------------------------------------------------- */

static void *alloc_array(size_t count, size_t size)
{
	return calloc(count ? count : 1, size);
}

/* Weights as igraph's layouts want them (positive), pulled into [0.1, 10] times their mean
 * so a few very heavy ties do not collapse the picture. */
static void layout_weights(igraph_vector_t *w)
{
	igraph_integer_t m = igraph_vector_size(w);
	double sum = 0;
	igraph_integer_t k = 0;
	for (igraph_integer_t i = 0; i < m; i++)
		if (isfinite(VECTOR(*w)[i]) && VECTOR(*w)[i] > 0) {
			sum += VECTOR(*w)[i];
			k++;
		}
	double mean = k ? sum / (double)k : 1;
	for (igraph_integer_t i = 0; i < m; i++) {
		double v = VECTOR(*w)[i];
		v = isfinite(v) && v > 0 ? v / mean : 0.1;
		VECTOR(*w)[i] = v < 0.1 ? 0.1 : v > 10 ? 10 : v;
	}
}

/* Lays out the vertices that have edges with igraph and scales them into the box
 * [x0, x1] x [y0, y1] (uniformly, centred). */
static int place_connected(struct pic *p, double x0, double x1, double y0, double y1,
			   struct err *e)
{
	const struct graph *g = p->g;
	igraph_t ig;
	igraph_vector_t w;
	igraph_matrix_t res;
	igraph_vector_int_t isolated, idx, invidx;
	int have_graph = 0, have_res = 0, have_vecs = 0;
	int rc = -1;
	igraph_error_handler_t *old = igraph_set_error_handler(igraph_error_handler_ignore);
	igraph_error_t ierr = IGRAPH_SUCCESS;

	if (graph_to_igraph(g, &ig, &w)) {
		err_set(e, "cannot lay out the network: igraph could not build the graph "
			"(out of memory?)");
		goto out;
	}
	have_graph = 1;
	layout_weights(&w);
	if ((ierr = igraph_vector_int_init(&isolated, 0)))
		goto igraph_failed;
	if ((ierr = igraph_vector_int_init(&idx, 0))) {
		igraph_vector_int_destroy(&isolated);
		goto igraph_failed;
	}
	if ((ierr = igraph_vector_int_init(&invidx, 0))) {
		igraph_vector_int_destroy(&isolated);
		igraph_vector_int_destroy(&idx);
		goto igraph_failed;
	}
	have_vecs = 1;
	for (int v = 0; v < g->n; v++)
		if (g->offset[v] == g->offset[v + 1] &&
		    (ierr = igraph_vector_int_push_back(&isolated, v)))
			goto igraph_failed;
	/* Vertices without edges would only drift to the rim; they get the strip instead.
	 * Deleting them removes no edge, so w stays aligned with the edges. */
	if ((ierr = igraph_delete_vertices_idx(&ig, igraph_vss_vector(&isolated), &idx,
					       &invidx)))
		goto igraph_failed;
	if ((ierr = igraph_matrix_init(&res, 0, 0)))
		goto igraph_failed;
	have_res = 1;

	igraph_integer_t nc = igraph_vcount(&ig);
	igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)p->o.seed);
	if (nc > SVG_DRL_ABOVE) {
		igraph_layout_drl_options_t dopt;
		p->layout_drl = 1;
		if ((ierr = igraph_layout_drl_options_init(&dopt, IGRAPH_LAYOUT_DRL_DEFAULT)))
			goto igraph_failed;
		ierr = igraph_layout_drl(&ig, &res, 0, &dopt, &w);
	} else {
		ierr = igraph_layout_fruchterman_reingold(&ig, &res, 0, FR_NITER,
							  sqrt((double)nc) / 10,
							  IGRAPH_LAYOUT_AUTOGRID, &w,
							  NULL, NULL, NULL, NULL);
	}
	if (ierr)
		goto igraph_failed;

	double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
	for (igraph_integer_t i = 0; i < nc; i++) {
		double lx = MATRIX(res, i, 0), ly = MATRIX(res, i, 1);
		if (!isfinite(lx) || !isfinite(ly))
			continue;
		minx = fmin(minx, lx);
		maxx = fmax(maxx, lx);
		miny = fmin(miny, ly);
		maxy = fmax(maxy, ly);
	}
	if (minx > maxx)
		minx = maxx = miny = maxy = 0;
	double sx = maxx > minx ? (x1 - x0) / (maxx - minx) : INFINITY;
	double sy = maxy > miny ? (y1 - y0) / (maxy - miny) : INFINITY;
	double s = fmin(sx, sy);
	if (!isfinite(s))
		s = 0;
	double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
	double mx = (minx + maxx) / 2, my = (miny + maxy) / 2;
	for (igraph_integer_t i = 0; i < nc; i++) {
		int v = (int)VECTOR(invidx)[i];
		double lx = MATRIX(res, i, 0), ly = MATRIX(res, i, 1);
		p->x[v] = isfinite(lx) ? cx + (lx - mx) * s : cx;
		p->y[v] = isfinite(ly) ? cy + (ly - my) * s : cy;
	}
	rc = 0;
	goto out;

igraph_failed:
	err_set(e, "cannot lay out the network: %s", igraph_strerror(ierr));
out:
	if (have_res)
		igraph_matrix_destroy(&res);
	if (have_vecs) {
		igraph_vector_int_destroy(&isolated);
		igraph_vector_int_destroy(&idx);
		igraph_vector_int_destroy(&invidx);
	}
	if (have_graph) {
		igraph_destroy(&ig);
		igraph_vector_destroy(&w);
	}
	igraph_set_error_handler(old);
	return rc;
}

/* The side of the square cell that fits k cells into a w x h box, at most max. */
static double grid_cell(int k, double w, double h, double max)
{
	double cell = sqrt(w * h / k);
	if (cell > max)
		cell = max;
	while (cell > 0.01 && floor(w / cell) * floor(h / cell) < k)
		cell *= 0.98;
	return cell;
}

static int degree(const struct graph *g, int v)
{
	return (int)(g->offset[v + 1] - g->offset[v]);
}

static void set_radii(struct pic *p)
{
	const double *size = p->o.size;
	double rmin = p->o.radius_min, rmax = p->o.radius_max;
	double lo = INFINITY, hi = -INFINITY;
	if (size)
		for (int v = 0; v < p->n; v++)
			if (isfinite(size[v])) {
				lo = fmin(lo, size[v]);
				hi = fmax(hi, size[v]);
			}
	for (int v = 0; v < p->n; v++) {
		double t = 0.4;   /* no sizes, or all the same: a middling circle */
		if (size && hi > lo)
			t = isfinite(size[v]) ? (size[v] - lo) / (hi - lo) : 0;
		p->r[v] = sqrt(rmin * rmin + t * (rmax * rmax - rmin * rmin));
	}
}

/* Works out the boxes of the picture and every vertex's place. */
static int place(struct pic *p, struct err *e)
{
	double W = p->o.width, H = p->o.height;
	double rmax = p->o.radius_max;
	double right = W - p->legend_w - PAD;
	double top = HEAD_H, bottom = H - PAD;
	int k = p->nisolated, nc = p->n - k;

	if (k) {
		/* The strip: all of the content box if nothing else is drawn, else at most 30 %
		 * of it, under a one-line caption. */
		double cap_h = nc ? 16 : 0;
		double avail_h = nc ? 0.3 * (bottom - top) - cap_h : bottom - top;
		double avail_w = right - PAD;
		p->cell = grid_cell(k, avail_w, avail_h, 2 * rmax + 6);
		p->strip_cols = (int)floor(avail_w / p->cell);
		int rows = (k + p->strip_cols - 1) / p->strip_cols;
		p->strip_top = bottom - rows * p->cell - cap_h;
		double gx = PAD, gy = bottom - rows * p->cell;
		if (!nc) {   /* nothing else to draw: centre the grid */
			int cols = k < p->strip_cols ? k : p->strip_cols;
			gx += (avail_w - cols * p->cell) / 2;
			gy = top + (avail_h - rows * p->cell) / 2;
		}
		int i = 0;
		for (int v = 0; v < p->n; v++) {
			if (degree(p->g, v))
				continue;
			p->x[v] = gx + p->cell * (i % p->strip_cols + 0.5);
			p->y[v] = gy + p->cell * (i / p->strip_cols + 0.5);
			if (p->r[v] > p->cell / 2 - 0.5)
				p->r[v] = fmax(p->cell / 2 - 0.5, 0.3);
			i++;
		}
		bottom = p->strip_top - 4;
	}
	if (!nc)
		return 0;
	double label_room = p->o.show_labels > 0 ? 12 : 0;
	return place_connected(p, PAD + rmax, right - rmax, top + rmax + label_room,
			       bottom - rmax, e);
}

/* ---- writing --------------------------------------------------------------------------- */

/* An id prefix safe in an XML Name: letters, digits, '-', '_'; starts with a letter. */
static void set_id(struct pic *p, const char *id)
{
	size_t n = 0;
	if (!id || !*id)
		id = "gvi-net";
	if (!((*id >= 'A' && *id <= 'Z') || (*id >= 'a' && *id <= 'z')))
		p->idbuf[n++] = 'g';
	for (; *id && n < sizeof p->idbuf - 1; id++) {
		char c = *id;
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			 (c >= '0' && c <= '9') || c == '-' || c == '_';
		p->idbuf[n++] = ok ? c : '_';
	}
	p->idbuf[n] = '\0';
	p->id = p->idbuf;
}

static void write_head(struct pic *p)
{
	FILE *out = p->out;
	const char *title = p->o.title ? p->o.title : "Network";
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" id=\"%s\" "
		"width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
		"aria-labelledby=\"%s-title %s-desc\">\n",
		p->id, p->o.width, p->o.height, p->o.width, p->o.height, p->id, p->id);
	fprintf(out, "<title id=\"%s-title\">", p->id);
	svg_escape(out, title);
	fprintf(out, "</title>\n<desc id=\"%s-desc\">", p->id);
	if (!p->n) {
		fputs("No data: the network has no vertices.", out);
	} else {
		fprintf(out, "Network of %d vertices and %lld edges", p->n, (long long)p->g->m);
		if (p->nisolated)
			fprintf(out, "; %d vertices without edges are set in a row at the bottom",
				p->nisolated);
		fprintf(out, ". Layout: %s, seed %llu.",
			p->layout_drl ? "DrL" : "Fruchterman-Reingold",
			(unsigned long long)p->o.seed);
	}
	if (p->o.desc) {
		fputc(' ', out);
		svg_escape(out, p->o.desc);
	}
	fputs("</desc>\n<style type=\"text/css\">\n", out);
	for (size_t i = 0; i < sizeof style_rules / sizeof *style_rules; i++)
		fprintf(out, "#%s %s\n", p->id, style_rules[i]);
	for (int c = 0; c < SVG_PALETTE; c++)
		fprintf(out, "#%s .c%d{fill:%s}\n", p->id, c, palette[c]);
	fprintf(out, "#%s rect.sw.cn{stroke:#888888}\n", p->id);
	fputs("</style>\n", out);
	fprintf(out, "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"%d\" height=\"%d\"/>\n",
		p->o.width, p->o.height);
	fprintf(out, "<text class=\"h\" x=\"%d\" y=\"26\">", (int)PAD);
	escape_n(out, title, 80);
	fputs("</text>\n", out);
}

static double edge_width(const struct pic *p, double w, int kind)
{
	double lo = p->o.edge_width_min, hi = p->o.edge_width_max;
	double t = 0;
	if (p->ew_hi > p->ew_lo && isfinite(w))
		t = (fmin(fmax(w, p->ew_lo), p->ew_hi) - p->ew_lo) / (p->ew_hi - p->ew_lo);
	double px = lo + t * (hi - lo);
	return kind == SVG_CONFLICT ? 1.5 * px : px;
}

static int edge_kind(const struct pic *p, int64_t slot)
{
	return p->o.edge_kind ? p->o.edge_kind[slot] : SVG_TIE;
}

static void write_edges(struct pic *p)
{
	const struct graph *g = p->g;
	FILE *out = p->out;
	fputs("<g class=\"edges\">\n", out);
	for (int ko = 0; ko < SVG_EDGE_KINDS; ko++) {
		int kind = kind_order[ko];
		if (!p->kinds_used[kind])
			continue;
		for (int u = 0; u < g->n; u++)
			for (int64_t k = g->offset[u]; k < g->offset[u + 1]; k++) {
				int v = g->adj[k];
				if (v <= u || edge_kind(p, k) != kind)
					continue;
				fprintf(out, "<line class=\"e%d\" x1=\"", kind);
				num(out, p->x[u]);
				fputs("\" y1=\"", out);
				num(out, p->y[u]);
				fputs("\" x2=\"", out);
				num(out, p->x[v]);
				fputs("\" y2=\"", out);
				num(out, p->y[v]);
				fputs("\" stroke-width=\"", out);
				num(out, edge_width(p, g->w[k], kind));
				fputs("\"/>\n", out);
			}
	}
	fputs("</g>\n", out);
}

/* Larger key first, then lower vertex number: a total order, so the output is fixed. */
static int cmp_key_desc(const void *a, const void *b, void *ctx)
{
	const double *sort_key = ctx;
	int u = *(const int *)a, v = *(const int *)b;
	if (sort_key[u] != sort_key[v])
		return sort_key[u] > sort_key[v] ? -1 : 1;
	return u < v ? -1 : u > v;
}

static const char *label_of(const struct pic *p, int v)
{
	return p->o.label && p->o.label[v] && p->o.label[v][0] ? p->o.label[v] : NULL;
}

static void write_class(FILE *out, const int *cls, int v)
{
	int c = cls ? cls[v] : 0;
	if (c < 0)
		fputs("cn", out);
	else
		fprintf(out, "c%d", c % SVG_PALETTE);
}

/* Vertices from the largest down, so small ones stay visible on top of big ones. */
static void write_vertices(struct pic *p, int *order)
{
	FILE *out = p->out;
	for (int v = 0; v < p->n; v++)
		order[v] = v;
	qsort_r(order, (size_t)p->n, sizeof *order, cmp_key_desc, p->r);
	fputs("<g class=\"vertices\">\n", out);
	for (int i = 0; i < p->n; i++) {
		int v = order[i];
		fputs("<circle class=\"", out);
		write_class(out, p->o.colour_class, v);
		fputs("\" cx=\"", out);
		num(out, p->x[v]);
		fputs("\" cy=\"", out);
		num(out, p->y[v]);
		fputs("\" r=\"", out);
		num(out, p->r[v]);
		const char *label = label_of(p, v);
		if (label) {
			fputs("\"><title>", out);
			svg_escape(out, label);
			fputs("</title></circle>\n", out);
		} else {
			fputs("\"/>\n", out);
		}
	}
	fputs("</g>\n", out);
}

/* Visible labels for the show_labels largest labelled vertices (by size value, else by
 * weighted degree). */
static int write_labels(struct pic *p, int *order)
{
	const struct graph *g = p->g;
	FILE *out = p->out;
	if (p->o.show_labels <= 0 || !p->o.label)
		return 0;
	double *key = alloc_array((size_t)p->n, sizeof *key);
	if (!key)
		return -1;
	for (int v = 0; v < p->n; v++) {
		order[v] = v;
		if (p->o.size) {
			key[v] = isfinite(p->o.size[v]) ? p->o.size[v] : -INFINITY;
		} else {
			key[v] = 0;
			for (int64_t k = g->offset[v]; k < g->offset[v + 1]; k++)
				key[v] += isfinite(g->w[k]) ? g->w[k] : 0;
		}
	}
	qsort_r(order, (size_t)p->n, sizeof *order, cmp_key_desc, key);
	fputs("<g class=\"labels\">\n", out);
	for (int i = 0, shown = 0; i < p->n && shown < p->o.show_labels; i++) {
		int v = order[i];
		const char *label = label_of(p, v);
		if (!label)
			continue;
		fputs("<text class=\"l\" x=\"", out);
		num(out, p->x[v]);
		fputs("\" y=\"", out);
		num(out, p->y[v] - p->r[v] - 3);
		fputs("\">", out);
		escape_n(out, label, LABEL_CHARS);
		fputs("</text>\n", out);
		shown++;
	}
	fputs("</g>\n", out);
	free(key);
	return 0;
}

/* One legend line of text at (x, y), cut to fit the column; the full text as a tooltip. */
static void legend_text(struct pic *p, double x, double y, const char *text)
{
	FILE *out = p->out;
	int max = (int)((p->o.width - x - PAD) / 7);
	fputs("<text class=\"lg\" x=\"", out);
	num(out, x);
	fputs("\" y=\"", out);
	num(out, y);
	fputs("\">", out);
	if (escape_n(out, text, max < 4 ? 4 : max)) {
		fputs("<title>", out);
		svg_escape(out, text);
		fputs("</title>", out);
	}
	fputs("</text>\n", out);
}

static void write_legend(struct pic *p)
{
	FILE *out = p->out;
	double x = p->o.width - p->legend_w + 4, y = HEAD_H + 10;
	double last = p->o.height - PAD - LINE_H;   /* keep one line for "…" */
	int total = p->o.nlegend + (p->o.size_label ? 1 : 0);
	for (int kind = 0; kind < SVG_EDGE_KINDS; kind++)
		total += p->kinds_used[kind];
	int shown = 0;

	if (p->legend_w <= 0)
		return;
	fputs("<g class=\"legend\">\n", out);
	for (int i = 0; i < p->o.nlegend && y <= last; i++, shown++, y += LINE_H) {
		const struct svg_legend_item *it = &p->o.legend[i];
		fputs("<rect class=\"sw ", out);
		write_class(out, &it->colour_class, 0);
		fputs("\" x=\"", out);
		num(out, x);
		fputs("\" y=\"", out);
		num(out, y - 6);
		fputs("\" width=\"12\" height=\"12\"/>\n", out);
		legend_text(p, x + 20, y + 4, it->text ? it->text : "");
	}
	if (p->o.nlegend)
		y += LINE_H / 3;
	for (int ko = 0; ko < SVG_EDGE_KINDS && y <= last; ko++) {
		int kind = kind_order[SVG_EDGE_KINDS - 1 - ko];   /* conflict first */
		if (!p->kinds_used[kind])
			continue;
		fprintf(out, "<path class=\"e%d\" stroke-width=\"", kind);
		num(out, edge_width(p, p->ew_hi, kind) > 3 ? 3 : edge_width(p, p->ew_hi, kind));
		fputs("\" d=\"M", out);
		num(out, x);
		fputc(' ', out);
		num(out, y);
		fputs("h14\"/>\n", out);
		const char *name = p->o.kind_name[kind] ? p->o.kind_name[kind]
							: default_kind_name[kind];
		legend_text(p, x + 20, y + 4, name);
		shown++;
		y += LINE_H;
	}
	if (p->o.size_label && y <= last) {
		legend_text(p, x, y + 4, p->o.size_label);
		shown++;
		y += LINE_H;
	}
	if (shown < total) {
		char more[64];
		snprintf(more, sizeof more, "\xE2\x80\xA6 %d more not shown", total - shown);
		legend_text(p, x, y + 4, more);
	}
	fputs("</g>\n", out);
}

static void write_strip_caption(struct pic *p)
{
	if (!p->nisolated || p->nisolated == p->n)
		return;
	fprintf(p->out, "<text class=\"cap\" x=\"%d\" y=\"", (int)PAD);
	num(p->out, p->strip_top + 11);
	fprintf(p->out, "\">Without edges (%d)</text>\n", p->nisolated);
}

/* ---- the entry point ------------------------------------------------------------------- */

static int resolve_options(struct pic *p, const struct svg_options *opt, struct err *e)
{
	struct svg_options *o = &p->o;
	if (opt)
		*o = *opt;
	else
		svg_options_init(o);
	if (!o->width)
		o->width = 960;
	if (!o->height)
		o->height = 720;
	if (o->width < 200 || o->height < 200 || o->width > 100000 || o->height > 100000)
		return err_set(e, "picture size %d x %d is out of range: width and height must "
			       "be 200 to 100000 pixels", o->width, o->height);
	double rcap = (o->width < o->height ? o->width : o->height) / 10.0;
	if (!o->radius_max) {
		/* a quarter of the side of each vertex's share of the picture: crowded
		 * networks get small dots rather than one blot */
		double room = 0.25 * sqrt((double)o->width * o->height / (p->n ? p->n : 1));
		o->radius_max = fmin(fmax(room, 1), fmin(12, rcap));
		if (o->radius_min > o->radius_max)
			o->radius_max = fmin(o->radius_min, rcap);
	}
	if (!o->radius_min)
		o->radius_min = fmax(o->radius_max / 4, 0.5);
	if (!(o->radius_min > 0 && o->radius_max >= o->radius_min && o->radius_max <= rcap))
		return err_set(e, "vertex radius range %g to %g is not usable: it must be "
			       "positive, increasing and at most %g for a %d x %d picture",
			       o->radius_min, o->radius_max, rcap, o->width, o->height);
	if (!o->edge_width_min)
		o->edge_width_min = 1;
	if (!o->edge_width_max)
		o->edge_width_max = 4;
	if (!(o->edge_width_min > 0 && o->edge_width_max >= o->edge_width_min &&
	      o->edge_width_max <= rcap))
		return err_set(e, "edge width range %g to %g is not usable: it must be "
			       "positive, increasing and at most %g", o->edge_width_min,
			       o->edge_width_max, rcap);
	if (o->nlegend < 0 || (o->nlegend && !o->legend))
		return err_set(e, "legend of %d entries has no items", o->nlegend);
	set_id(p, o->id);
	return 0;
}

/* Which edge kinds occur, the weight range and the vertices without edges. */
static int survey(struct pic *p, struct err *e)
{
	const struct graph *g = p->g;
	p->ew_lo = INFINITY;
	p->ew_hi = -INFINITY;
	for (int u = 0; u < g->n; u++) {
		if (g->offset[u] == g->offset[u + 1])
			p->nisolated++;
		for (int64_t k = g->offset[u]; k < g->offset[u + 1]; k++) {
			if (g->adj[k] <= u)
				continue;
			int kind = edge_kind(p, k);
			if (kind >= SVG_EDGE_KINDS)
				return err_set(e, "edge %d-%d has kind %d; the kinds are 0 (tie), "
					       "1 (conflict), 2 (alliance) and 3 (membership)",
					       u, g->adj[k], kind);
			p->kinds_used[kind] = 1;
			if (isfinite(g->w[k]) && g->w[k] > 0) {
				p->ew_lo = fmin(p->ew_lo, g->w[k]);
				p->ew_hi = fmax(p->ew_hi, g->w[k]);
			}
		}
	}
	if (p->ew_lo > p->ew_hi)
		p->ew_lo = p->ew_hi = 1;
	return 0;
}

static void write_empty(struct pic *p)
{
	write_head(p);
	fprintf(p->out, "<text class=\"nd\" x=\"%d\" y=\"%d\">no data</text>\n",
		p->o.width / 2, p->o.height / 2);
}

int svg_network(FILE *out, const struct graph *g, const struct svg_options *opt,
		struct err *e)
{
	struct pic p;
	int *order = NULL;
	int rc = -1;

	memset(&p, 0, sizeof p);
	p.out = out;
	p.g = g;
	p.n = g->n;
	if (resolve_options(&p, opt, e) || survey(&p, e))
		return -1;
	if (!p.n) {
		write_empty(&p);
		goto written;
	}
	p.x = alloc_array((size_t)p.n, sizeof *p.x);
	p.y = alloc_array((size_t)p.n, sizeof *p.y);
	p.r = alloc_array((size_t)p.n, sizeof *p.r);
	order = alloc_array((size_t)p.n, sizeof *order);
	if (!p.x || !p.y || !p.r || !order) {
		err_set(e, "out of memory drawing a network of %d vertices", p.n);
		goto out;
	}
	if (p.o.nlegend || g->m || p.o.size_label) {
		p.legend_w = p.o.width / 4.0;
		if (p.legend_w > 220)
			p.legend_w = 220;
	}
	set_radii(&p);
	if (place(&p, e))
		goto out;

	write_head(&p);
	write_edges(&p);
	write_vertices(&p, order);
	if (write_labels(&p, order)) {
		err_set(e, "out of memory drawing a network of %d vertices", p.n);
		goto out;
	}
	write_strip_caption(&p);
	write_legend(&p);
written:
	fputs("</svg>\n", out);
	if (fflush(out) || ferror(out)) {
		err_set(e, "cannot write the picture: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(p.x);
	free(p.y);
	free(p.r);
	free(order);
	return rc;
}
