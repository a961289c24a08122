/* test_chart.c — unit tests for eval/chart.c (the evaluation's SVG charts) and the month
 * arithmetic of eval/series.c: caller text is escaped, a missing value breaks the line
 * instead of drawing it at 0, the intervention line and the id prefix appear, the same input
 * gives the same bytes, tick labels fall on Januaries, and months parse strictly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/chart.h"
#include "eval/series.h"

static char *render(const struct chart_panel *p, int n, const char *id)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct err e = { 0 };
	assert_int_equal(chart_svg(f, id, "Skjutningar <&> \"test\"", "beskrivning", p, n, &e), 0);
	fclose(f);
	return buf;
}

static void escapes_gaps_and_lines(void **state)
{
	(void)state;
	double y[6] = { 1, 2, NAN, 4, 5, 3 };
	struct chart_line l = { "område <A&B>", y, CHART_SOLID, 0 };
	struct chart_panel p = { "panel", "antal", 6, NULL, &l, 1, NULL, 0, 3, "insats", 0 };
	char *svg = render(&p, 1, "its 1");
	assert_non_null(strstr(svg, "Skjutningar &lt;&amp;&gt; &quot;test&quot;"));
	assert_non_null(strstr(svg, "område &lt;A&amp;B&gt;"));
	assert_null(strstr(svg, "<A&B>"));
	assert_non_null(strstr(svg, "id=\"its1-title\""));   /* the id keeps letters and digits */
	assert_non_null(strstr(svg, "stroke-dasharray=\"3 3\""));   /* the intervention line */
	assert_non_null(strstr(svg, ">insats</text>"));
	/* the path jumps over the missing month: M ... L ... M (a new subpath at month 3) */
	const char *d = strstr(svg, "<path fill=\"none\"");
	assert_non_null(d);
	const char *m2 = strstr(d + 20, " M");
	assert_non_null(m2);
	assert_true(m2 < strstr(d, "/>"));
	char *again = render(&p, 1, "its 1");
	assert_string_equal(svg, again);
	free(svg);
	free(again);
}

static void no_panels_is_an_error(void **state)
{
	(void)state;
	struct err e = { 0 };
	FILE *f = fopen("/dev/null", "w");
	assert_int_equal(chart_svg(f, NULL, "t", "d", NULL, 0, &e), -1);
	assert_non_null(strstr(e.msg, "at least one panel"));
	fclose(f);
}

static void month_labels(void **state)
{
	(void)state;
	char buf[48][8];
	const char *lab[48];
	int first;
	struct err e = { 0 };
	assert_int_equal(series_month_parse("2021-11", &first, &e), 0);
	chart_month_labels(first, 48, buf, lab);
	int n = 0;
	for (int t = 0; t < 48; t++)
		if (lab[t]) {
			n++;
			assert_int_equal((first + t) % 12, 0);
		}
	assert_int_equal(n, 4);   /* 2022, 2023, 2024, 2025 */
	assert_string_equal(lab[2], "2022");
	chart_month_labels(first, 12, buf, lab);
	assert_string_equal(lab[0], "2021-11");
	assert_string_equal(lab[3], "2022-02");
	assert_null(lab[1]);
}

static void months_parse_strictly(void **state)
{
	(void)state;
	int m;
	char out[8];
	struct err e = { 0 };
	assert_int_equal(series_month_parse("2024-03", &m, &e), 0);
	assert_int_equal(m, 2024 * 12 + 2);
	series_month_text(m, out);
	assert_string_equal(out, "2024-03");
	assert_int_equal(series_month_parse("2024-03-17", &m, &e), 0);
	assert_int_equal(m, 2024 * 12 + 2);
	static const char *const bad[] = { "2024-13", "2024-00", "2024", "24-03", "2024-3", "2024-03x",
		"2024-03-1", "", NULL };
	for (int i = 0; bad[i]; i++) {
		err_clear(&e);
		assert_int_equal(series_month_parse(bad[i], &m, &e), -1);
		assert_non_null(strstr(e.msg, "is not a month"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_gaps_and_lines),
		cmocka_unit_test(no_panels_is_an_error),
		cmocka_unit_test(month_labels),
		cmocka_unit_test(months_parse_strictly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
