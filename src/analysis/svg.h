/* svg.h — pictures of networks, drawn by gvi itself as SVG 1.1.
 *
 * svg_network() lays a struct graph out with igraph (Fruchterman–Reingold, or DrL above
 * SVG_DRL_ABOVE vertices) from a fixed seed, so the same graph and options give the same
 * file byte for byte, and writes a self-contained, accessible SVG: <title>/<desc> with
 * role="img", edges under vertices, a tooltip (<title>) on every labelled vertex, visible
 * labels for the largest few, and a legend.  Vertices without any edge are not left to
 * drift in the layout but set in a row under the network.  Every piece of caller text is
 * escaped for XML here; numbers are printed with one decimal without the C locale's help.
 *
 * Not thread-safe: this Debian igraph keeps its random generator and error handler in
 * process globals.  svg_network() reseeds igraph's default generator and, for the length
 * of the call, replaces igraph's aborting error handler so a failed layout is an error
 * return, not an exit. */
#ifndef GVI_ANALYSIS_SVG_H
#define GVI_ANALYSIS_SVG_H
#include <stdint.h>
#include <stdio.h>

#include "analysis/graph.h"
#include "err.h"

/* Edge kinds: how an edge is drawn and named in the legend. */
enum svg_edge_kind {
	SVG_TIE = 0,         /* grey, solid */
	SVG_CONFLICT = 1,    /* vermillion, solid, thicker */
	SVG_ALLIANCE = 2,    /* bluish green, dashed */
	SVG_MEMBERSHIP = 3,  /* dark grey, dotted */
	SVG_EDGE_KINDS
};

/* Vertex colours: class c is drawn in palette colour c % SVG_PALETTE (Okabe–Ito's eight,
 * safe for the common colour-vision deficiencies, then two greys); a negative class is
 * drawn as a hollow grey ring ("no class"). */
#define SVG_PALETTE 10
/* Above this many vertices (with edges) the layout is DrL instead of Fruchterman–Reingold. */
#define SVG_DRL_ABOVE 2000

struct svg_legend_item {
	int colour_class;    /* as in svg_options.colour_class */
	const char *text;
};

struct svg_options {
	int width, height;            /* pixels of the viewBox, 200 to 100000; 0 = 960 x 720 */
	const char *title;            /* heading, <title>; NULL = "Network" */
	const char *desc;             /* added to the generated <desc>; NULL = none */
	const char *id;               /* prefix of the element ids (for several pictures on one
				       * page); letters, digits, '-' and '_' kept; NULL = "gvi-net" */
	uint64_t seed;                /* layout seed; the same seed gives the same picture */

	/* Per vertex, n entries each; any may be NULL. */
	const char *const *label;     /* tooltip and visible label; NULL or a NULL entry = none */
	const double *size;           /* scaled to a radius in [radius_min, radius_max] so the
				       * circle's area grows linearly; NULL = all the same */
	const int *colour_class;      /* NULL = all class 0 */

	/* Per edge: 2m entries aligned with g->adj (a CSR slot each).  The kind of edge u–v is
	 * read from the slot of the lower-numbered end, edge_kind[svg_edge_slot(g, u, v)] with
	 * u < v; filling both slots does no harm.  Values are enum svg_edge_kind; NULL = all ties.
	 * Edge widths come from g->w, scaled to [edge_width_min, edge_width_max]. */
	const unsigned char *edge_kind;

	double radius_min, radius_max;         /* 0 = from the room per vertex: radius_max a
						* quarter of sqrt(width * height / n), 1 to
						* 12; radius_min a quarter of radius_max */
	double edge_width_min, edge_width_max; /* 0 = 1 and 4 (conflicts 1.5 times) */
	int show_labels;              /* visible <text> labels for this many of the largest
				       * vertices (by size, else weighted degree); 0 = none */

	/* Legend: these (class, text) pairs, then the edge kinds that occur, then size_label. */
	const struct svg_legend_item *legend;
	int nlegend;
	const char *kind_name[SVG_EDGE_KINDS]; /* legend names; NULL = "tie", "conflict", ... */
	const char *size_label;       /* e.g. "circle area: incidents"; NULL = no line */
};

/* Sets the defaults (all zero / NULL; the zero values mean the defaults listed above). */
void svg_options_init(struct svg_options *opt);

/* Writes the picture of g to out.  opt may be NULL (defaults).  The per-vertex and per-edge
 * arrays must have n and 2m entries.  An empty graph gives a valid picture that says
 * "no data".  Returns 0, or -1 with e set: bad options (size, edge kind out of range), a
 * failed layout, out of memory, or a write error on out.  Nothing is freed that the caller
 * owns; out is not closed. */
int svg_network(FILE *out, const struct graph *g, const struct svg_options *opt,
		struct err *e);

/* The CSR slot of v in u's row (the index k with g->adj[k] == v, u's neighbours being
 * adj[offset[u] .. offset[u+1]-1]), or -1 if there is no edge u–v.  For filling edge_kind. */
int64_t svg_edge_slot(const struct graph *g, int u, int v);

/* Appends s to out escaped for XML text and attribute values: & < > " ' become entities,
 * tab, newline and carriage return numeric references, other control characters and
 * bytes that are not well-formed UTF-8 U+FFFD.  Exposed for the web pages and tests. */
void svg_escape(FILE *out, const char *s);

#endif
