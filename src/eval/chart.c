/* chart.c — line charts for the evaluation as SVG (see chart.h).
 *
 * Numbers are written with one or two decimals through snprintf on values already rounded,
 * and gvi never changes the C locale, so the decimal point is always a point. */
#include "eval/chart.h"
#include "analysis/svg.h"

#include <math.h>
#include <string.h>

#define W 960
#define PANEL_H 340
#define LEFT 70
#define RIGHT 20
#define TOP 60
#define BOTTOM 60

static const char *const colours[] = { "#000000", "#E69F00", "#56B4E9", "#009E73", "#0072B2",
	"#D55E00", "#CC79A7", "#999999" };

static const char *colour(int c) { return colours[(c < 0 ? 0 : c) % 8]; }

/* A "nice" step for about n ticks over the range. */
static double nice_step(double range, int n)
{
	double raw = range / n, mag = pow(10, floor(log10(raw))), f = raw / mag;
	return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

struct frame {
	double x0, y0, w, h;    /* plot area */
	double lo, hi;          /* y range */
	int T;
};

static double px(const struct frame *f, double t)
{
	return f->x0 + (f->T > 1 ? t / (f->T - 1) : 0.5) * f->w;
}

static double py(const struct frame *f, double v)
{
	return f->y0 + f->h - (v - f->lo) / (f->hi - f->lo) * f->h;
}

static void range_of(const struct chart_panel *p, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (int i = 0; i < p->nlines; i++)
		for (int t = 0; t < p->T; t++)
			if (isfinite(p->lines[i].y[t])) {
				*lo = fmin(*lo, p->lines[i].y[t]);
				*hi = fmax(*hi, p->lines[i].y[t]);
			}
	for (int i = 0; i < p->nbands; i++)
		for (int t = 0; t < p->T; t++) {
			if (isfinite(p->bands[i].lo[t]))
				*lo = fmin(*lo, p->bands[i].lo[t]);
			if (isfinite(p->bands[i].hi[t]))
				*hi = fmax(*hi, p->bands[i].hi[t]);
		}
	if (!isfinite(*lo)) {
		*lo = 0;
		*hi = 1;
	}
	if (p->zero_line || *lo > 0)
		*lo = fmin(*lo, 0);
	if (*hi <= *lo)
		*hi = *lo + 1;
	double step = nice_step(*hi - *lo, 5);
	*lo = floor(*lo / step) * step;
	*hi = ceil(*hi / step) * step;
}

static void panel(FILE *out, const struct chart_panel *p, double top)
{
	struct frame f = { LEFT, top + 30, W - LEFT - RIGHT, PANEL_H - 30 - BOTTOM, 0, 0, p->T };
	range_of(p, &f.lo, &f.hi);
	fprintf(out, "<g>\n<text x=\"%d\" y=\"%.1f\" font-size=\"15\" font-weight=\"bold\">", LEFT, top + 18);
	svg_escape(out, p->title ? p->title : "");
	fprintf(out, "</text>\n");
	/* y axis, grid and ticks */
	double step = nice_step(f.hi - f.lo, 5);
	for (double v = f.lo; v <= f.hi + step / 2; v += step) {
		double y = py(&f, v);
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n",
			f.x0, y, f.x0 + f.w, y);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.*f</text>\n",
			f.x0 - 6, y + 4, step < 1 ? 2 : 0, fabs(v) < step / 1e6 ? 0.0 : v);
	}
	if (p->zero_line && f.lo < 0 && f.hi > 0)
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555555\"/>\n",
			f.x0, py(&f, 0), f.x0 + f.w, py(&f, 0));
	if (p->ylabel) {
		fprintf(out, "<text transform=\"translate(16 %.1f) rotate(-90)\" font-size=\"12\" "
			"text-anchor=\"middle\">", f.y0 + f.h / 2);
		svg_escape(out, p->ylabel);
		fprintf(out, "</text>\n");
	}
	fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
		"stroke=\"#555555\"/>\n", f.x0, f.y0, f.w, f.h);
	/* x ticks */
	for (int t = 0; t < p->T; t++) {
		if (!p->xlabel || !p->xlabel[t])
			continue;
		double x = px(&f, t);
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555555\"/>\n",
			x, f.y0 + f.h, x, f.y0 + f.h + 5);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">", x,
			f.y0 + f.h + 18);
		svg_escape(out, p->xlabel[t]);
		fprintf(out, "</text>\n");
	}
	/* bands, then lines */
	for (int b = 0; b < p->nbands; b++) {
		const struct chart_band *bd = &p->bands[b];
		fprintf(out, "<path fill=\"%s\" fill-opacity=\"0.25\" stroke=\"none\" d=\"", colour(bd->colour));
		int started = 0;
		for (int t = 0; t < p->T; t++)
			if (isfinite(bd->lo[t]) && isfinite(bd->hi[t])) {
				fprintf(out, "%s%.1f %.1f", started ? " L" : "M", px(&f, t), py(&f, bd->hi[t]));
				started = 1;
			}
		for (int t = p->T - 1; t >= 0; t--)
			if (isfinite(bd->lo[t]) && isfinite(bd->hi[t]))
				fprintf(out, " L%.1f %.1f", px(&f, t), py(&f, bd->lo[t]));
		fprintf(out, "%s\"/>\n", started ? " Z" : "M0 0");
	}
	for (int i = 0; i < p->nlines; i++) {
		const struct chart_line *l = &p->lines[i];
		if (l->style == CHART_DOTS) {
			for (int t = 0; t < p->T; t++)
				if (isfinite(l->y[t]))
					fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>\n",
						px(&f, t), py(&f, l->y[t]), colour(l->colour));
			continue;
		}
		fprintf(out, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s d=\"", colour(l->colour),
			l->style == CHART_THIN ? "0.8" : "2",
			l->style == CHART_DASHED ? " stroke-dasharray=\"6 4\"" : "");
		int pen = 0;
		for (int t = 0; t < p->T; t++) {
			if (!isfinite(l->y[t])) {
				pen = 0;
				continue;
			}
			fprintf(out, "%s%.1f %.1f", pen ? " L" : (t ? " M" : "M"), px(&f, t), py(&f, l->y[t]));
			pen = 1;
		}
		fprintf(out, "\"/>\n");
	}
	if (p->intervention >= 0 && p->intervention < p->T) {
		double x = px(&f, p->intervention);
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#D55E00\" "
			"stroke-width=\"2\" stroke-dasharray=\"3 3\"/>\n", x, f.y0, x, f.y0 + f.h);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#D55E00\">", x + 4, f.y0 + 12);
		svg_escape(out, p->intervention_label ? p->intervention_label : "insats");
		fprintf(out, "</text>\n");
	}
	/* legend under the plot */
	double lx = f.x0, ly = f.y0 + f.h + 40;
	for (int i = 0; i < p->nlines + p->nbands; i++) {
		const char *label = i < p->nlines ? p->lines[i].label : p->bands[i - p->nlines].label;
		if (!label)
			continue;
		int c = i < p->nlines ? p->lines[i].colour : p->bands[i - p->nlines].colour;
		if (i < p->nlines)
			fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
				"stroke-width=\"3\"%s/>\n", lx, ly - 4, lx + 22, ly - 4, colour(c),
				p->lines[i].style == CHART_DASHED ? " stroke-dasharray=\"6 4\"" : "");
		else
			fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" height=\"10\" fill=\"%s\" "
				"fill-opacity=\"0.25\"/>\n", lx, ly - 9, colour(c));
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">", lx + 28, ly);
		svg_escape(out, label);
		fprintf(out, "</text>\n");
		lx += 40 + 7.0 * (double)strlen(label);
	}
	fprintf(out, "</g>\n");
}

void chart_month_labels(int first, int T, char (*buf)[8], const char **lab)
{
	for (int t = 0; t < T; t++) {
		unsigned m = (unsigned)(first + t);
		lab[t] = NULL;
		if (T > 36 && m % 12 == 0) {
			snprintf(buf[t], 8, "%04u", (m / 12) % 10000u);
			lab[t] = buf[t];
		} else if (T <= 36 && t % 3 == 0) {
			snprintf(buf[t], 8, "%04u-%02u", (m / 12) % 10000u, m % 12 + 1);
			lab[t] = buf[t];
		}
	}
}

int chart_svg(FILE *out, const char *id, const char *title, const char *desc,
	      const struct chart_panel *panels, int npanels, struct err *e)
{
	char pre[48];
	size_t k = 0;
	for (const char *q = id ? id : "gvi-chart"; *q && k + 1 < sizeof pre; q++)
		if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
		    *q == '-' || *q == '_')
			pre[k++] = *q;
	pre[k] = '\0';
	if (npanels < 1)
		return err_set(e, "a chart needs at least one panel");
	for (int i = 0; i < npanels; i++)
		if (panels[i].T < 1)
			return err_set(e, "chart panel %d has no periods", i + 1);
	int h = TOP + npanels * PANEL_H;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"%s-title %s-desc\" "
		"font-family=\"sans-serif\">\n<title id=\"%s-title\">", W, h, W, h, pre, pre, pre);
	svg_escape(out, title ? title : "");
	fprintf(out, "</title>\n<desc id=\"%s-desc\">", pre);
	svg_escape(out, desc ? desc : "");
	fprintf(out, "</desc>\n<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n"
		"<text x=\"%d\" y=\"32\" font-size=\"18\" font-weight=\"bold\">", LEFT);
	svg_escape(out, title ? title : "");
	fprintf(out, "</text>\n");
	for (int i = 0; i < npanels; i++)
		panel(out, &panels[i], TOP + (double)i * PANEL_H);
	fprintf(out, "</svg>\n");
	if (ferror(out))
		return err_set(e, "could not write the chart");
	return 0;
}
