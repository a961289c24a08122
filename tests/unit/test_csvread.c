/* test_csvread.c — the CSV reader on small files written to a temporary directory:
 * separators, line ends, quoting, line numbers, blank lines, UTF-8 and error messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "csvread.h"
#include "err.h"

/* Writes `len` bytes to a new temporary file; returns its path (free() it, unlink it). */
static char *write_tmp(const char *data, size_t len)
{
	const char *dir = getenv("TMPDIR");
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s/gvi-csvread-XXXXXX", dir && *dir ? dir : "/tmp");
	char *path = buf_detach(&b);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/* Reads the whole file at `path` into a printable transcript: one line per row,
 * "LINE: field|field|…", or "error: MESSAGE" at the end if reading failed. */
static char *transcript(const char *path, char *sep)
{
	struct buf out = BUF_INIT;
	struct csv_reader *r;
	struct err e = {0};
	if (csvr_open(&r, path, &e) != 0) {
		buf_addf(&out, "error: %s\n", e.msg);
		return buf_detach(&out);
	}
	struct csv_row row;
	int rc;
	while ((rc = csvr_next(r, &row, &e)) == 1) {
		buf_addf(&out, "%ld:", row.line);
		for (size_t i = 0; i < row.n; i++)
			buf_addf(&out, "%s%s", i ? "|" : " ", row.field[i]);
		buf_addc(&out, '\n');
	}
	if (rc < 0)
		buf_addf(&out, "error: %s\n", e.msg);
	else
		assert_false(err_isset(&e));
	if (sep)
		*sep = csvr_separator(r);
	csvr_close(r);
	return buf_detach(&out);
}

/* Writes `data` to a file, reads it and compares the transcript; `want_sep` 0 = don't care.
 * In `want`, "@" stands for the temporary file's path. */
static void check_len(const char *data, size_t len, const char *want, char want_sep)
{
	char *path = write_tmp(data, len);
	char sep = 0;
	char *got = transcript(path, &sep);
	struct buf w = BUF_INIT;
	for (const char *p = want; *p; p++) {
		if (*p == '@')
			buf_adds(&w, path);
		else
			buf_addc(&w, *p);
	}
	assert_string_equal(got, w.s);
	if (want_sep)
		assert_int_equal(sep, want_sep);
	unlink(path);
	buf_release(&w);
	free(got);
	free(path);
}

static void check(const char *data, const char *want, char want_sep)
{
	check_len(data, strlen(data), want, want_sep);
}

static void test_bom_semicolon_crlf(void **state)
{
	(void)state;
	check("\xEF\xBB\xBFnamn;f\xC3\xB6" "dd;ort\r\n"
	      "Anna Berg;1990-04-01;G\xC3\xA4vle\r\n"
	      "Bo, Nils;1988-12-24;Lule\xC3\xA5\r\n",
	      "1: namn|f\xC3\xB6" "dd|ort\n"
	      "2: Anna Berg|1990-04-01|G\xC3\xA4vle\n"
	      "3: Bo, Nils|1988-12-24|Lule\xC3\xA5\n", ';');
}

static void test_comma_lf(void **state)
{
	(void)state;
	check("name,born,city\nAnna,1990,Ume\xC3\xA5\nBo;Nils,1988,Malm\xC3\xB6\n",
	      "1: name|born|city\n2: Anna|1990|Ume\xC3\xA5\n3: Bo;Nils|1988|Malm\xC3\xB6\n", ',');
}

static void test_separator_counts_outside_quotes(void **state)
{
	(void)state;
	/* two semicolons inside quotes, one comma outside: comma wins */
	check("\"a;b;c\",d\n1,2\n", "1: a;b;c|d\n2: 1|2\n", ',');
	/* no separator at all: one column, comma by default */
	check("name\nAnna\n", "1: name\n2: Anna\n", ',');
}

static void test_quoted_fields_and_next_line(void **state)
{
	(void)state;
	check("id;note;x\n"
	      "1;\"a;b \"\"c\"\"\nsecond line\";z\n"
	      "2;plain;y\n"
	      "3;\"\";\"\"\"\"\n",
	      "1: id|note|x\n"
	      "2: 1|a;b \"c\"\nsecond line|z\n"
	      "4: 2|plain|y\n"
	      "5: 3||\"\n", ';');
	/* a quoted first field spanning lines, CRLF inside and out */
	check("a,b\r\n\"one\r\ntwo\r\nthree\",x\r\nlast,y\r\n",
	      "1: a|b\n2: one\r\ntwo\r\nthree|x\n5: last|y\n", ',');
}

static void test_blank_lines_skipped(void **state)
{
	(void)state;
	check("\n\na,b\n\n   \n1,2\n\r\n\t\n3,4\n,\n;\n5,6\n\n\n",
	      "3: a|b\n6: 1|2\n9: 3|4\n11: ;\n12: 5|6\n", ',');
	/* a separator-only row has only empty fields and is skipped, too */
	check("a;b\n;\n;;\n1;2\n", "1: a|b\n4: 1|2\n", ';');
	/* blank lines inside a quoted field are part of the field */
	check("a,b\n\"x\n\n\ny\",z\nw,v\n", "1: a|b\n2: x\n\n\ny|z\n6: w|v\n", ',');
}

static void test_spaces_trimmed_outside_quotes(void **state)
{
	(void)state;
	check("a , b\n  x  ,\" y \" \n", "1: a|b\n2: x| y \n", ',');
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	/* Latin-1 "ö" on line 3 */
	check("namn;ort\nAnna;Ume\xC3\xA5\nBo;Malm\xF6\n",
	      "error: @:3: not valid UTF-8 (byte 0xF6); save the file as UTF-8 "
	      "(in Excel: \"CSV UTF-8\")\n", 0);
	/* an overlong encoding of '/', and a surrogate */
	check("a\n\xC0\xAF\n", "error: @:2: not valid UTF-8 (byte 0xC0); save the file as "
	      "UTF-8 (in Excel: \"CSV UTF-8\")\n", 0);
	check("a\nb\n\"x\ny\xED\xA0\x80\"\n", "error: @:4: not valid UTF-8 (byte 0xED); save the "
	      "file as UTF-8 (in Excel: \"CSV UTF-8\")\n", 0);
	/* a sequence cut by the end of the file */
	check("a\nb\xC3", "error: @:2: not valid UTF-8 (byte 0xC3); save the file as UTF-8 "
	      "(in Excel: \"CSV UTF-8\")\n", 0);
	check_len("a,b\n1,\0\n", 8, "error: @:2: the file contains a NUL byte; is it UTF-16? "
		  "Save it as UTF-8 (in Excel: \"CSV UTF-8\")\n", 0);
	check("\xFF\xFEn\0", "error: @:1: the file is UTF-16 text; save it as UTF-8 "
	      "(in Excel: \"CSV UTF-8\")\n", 0);
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	check("a,b\n1,\"open\nmore\nand more\n",
	      "1: a|b\nerror: @:2: the quote that opens field 2 is never closed "
	      "(a \" is missing before the end of the file)\n", ',');
	/* the quote opens in the second field, which starts on line 3 */
	check("a;b\n\"x\ny\";\"z\n\n", "1: a|b\nerror: @:3: the quote that opens field 2 is "
	      "never closed (a \" is missing before the end of the file)\n", ';');
	check("a\n\"", "1: a\nerror: @:2: the quote that opens field 1 is never closed "
	      "(a \" is missing before the end of the file)\n", ',');
}

static void test_misplaced_quote(void **state)
{
	(void)state;
	check("a,b\n1,2\n3,4 \"five\"\n",
	      "1: a|b\n2: 1|2\nerror: @:3: misplaced quote in field 2; a field that holds "
	      "quotes must be enclosed in quotes, with each quote inside doubled (\"\")\n", ',');
	check("a,b\n\"x\"y,2\n",
	      "1: a|b\nerror: @:2: misplaced quote in field 1; a field that holds "
	      "quotes must be enclosed in quotes, with each quote inside doubled (\"\")\n", ',');
}

static void test_swedish_intact(void **state)
{
	(void)state;
	check("f\xC3\xB6rnamn;efternamn;ort\n"
	      "\xC3\x85sa;\xC3\x96" "berg;V\xC3\xA4ster\xC3\xA5s\n"
	      "\"\xC3\x84lva, \xC3\xA5\xC3\xA4\xC3\xB6\";\xC3\x85\xC3\x84\xC3\x96;J\xC3\xB6nk\xC3\xB6ping\n",
	      "1: f\xC3\xB6rnamn|efternamn|ort\n"
	      "2: \xC3\x85sa|\xC3\x96" "berg|V\xC3\xA4ster\xC3\xA5s\n"
	      "3: \xC3\x84lva, \xC3\xA5\xC3\xA4\xC3\xB6|\xC3\x85\xC3\x84\xC3\x96|J\xC3\xB6nk\xC3\xB6ping\n",
	      ';');
}

static void test_no_trailing_newline(void **state)
{
	(void)state;
	check("a,b\n1,2", "1: a|b\n2: 1|2\n", ',');
	check("a,b\r\n\"x\ny\",\"z\"", "1: a|b\n2: x\ny|z\n", ',');
	check("a,b\n\n1,", "1: a|b\n3: 1|\n", ',');
}

static void test_old_mac_line_ends(void **state)
{
	(void)state;
	check("a;b\r1;2\r\r3;\"x\ry\"\r4;5", "1: a|b\n2: 1|2\n4: 3|x\ry\n6: 4|5\n", ';');
}

static void test_empty_and_missing(void **state)
{
	(void)state;
	check("", "", ',');
	check("\xEF\xBB\xBF", "", ',');
	check("\n\r\n  \n", "", ',');

	struct csv_reader *r = (void *)1;
	struct err e = {0};
	assert_int_equal(csvr_open(&r, "/nonexistent/gvi/people.csv", &e), -1);
	assert_null(r);
	assert_string_equal(e.msg, "/nonexistent/gvi/people.csv: cannot open: "
			    "No such file or directory");
	csvr_close(NULL);
}

static void test_stdin(void **state)
{
	(void)state;
	const char *data = "a;b\n1;2\n3;\"\n";
	char *path = write_tmp(data, strlen(data));
	assert_non_null(freopen(path, "rb", stdin));
	char *got = transcript("-", NULL);
	assert_string_equal(got, "1: a|b\n2: 1|2\nerror: stdin:3: the quote that opens field 2 "
			    "is never closed (a \" is missing before the end of the file)\n");
	free(got);
	unlink(path);
	free(path);
}

/* Rows across the 1 MiB block boundary, at every alignment of a two-byte character and a
 * CRLF (or an old Mac CR) against it: contents and line numbers must come through unchanged. */
static void test_block_boundaries(void **state)
{
	(void)state;
	for (int k = 0; k < 14; k++) {
		int pad = k % 7;
		const char *eol = k < 7 ? "\r\n" : "\r";
		struct buf b = BUF_INIT;
		buf_addf(&b, "ort,n%s", eol);
		for (int i = 0; i < pad; i++)
			buf_addc(&b, ' ');
		buf_adds(&b, eol);
		long rows = 0;
		while (b.len < (1 << 20) + 4096) {
			buf_addf(&b, "\xC3\xB6,\xC3\xA5%s", eol);
			rows++;
		}
		assert_false(b.failed);
		char *path = write_tmp(b.s, b.len);
		struct csv_reader *r;
		struct err e = {0};
		struct csv_row row;
		assert_int_equal(csvr_open(&r, path, &e), 0);
		assert_int_equal(csvr_next(r, &row, &e), 1);
		assert_int_equal(row.line, 1);
		for (long i = 0; i < rows; i++) {
			assert_int_equal(csvr_next(r, &row, &e), 1);
			assert_int_equal(row.line, i + 3);
			assert_int_equal(row.n, 2);
			assert_string_equal(row.field[0], "\xC3\xB6");
			assert_string_equal(row.field[1], "\xC3\xA5");
		}
		assert_int_equal(csvr_next(r, &row, &e), 0);
		assert_false(err_isset(&e));
		csvr_close(r);
		unlink(path);
		free(path);
		buf_release(&b);
	}
}

/* A quote that is never closed must not read the whole file into one field. */
static void test_runaway_quote_limited(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_adds(&b, "a,b\n1,\"oops\n");
	while (b.len < (17 << 20))
		buf_adds(&b, "filler line of some length, with a comma\n");
	char *path = write_tmp(b.s, b.len);
	char *got = transcript(path, NULL);
	char *want = NULL;
	assert_true(asprintf(&want, "error: %s:2: field 2 is larger than 16 MiB; is its closing "
			     "quote missing?\n", path) > 0);
	assert_string_equal(strstr(got, "error:"), want);
	free(want);
	unlink(path);
	free(got);
	free(path);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bom_semicolon_crlf),
		cmocka_unit_test(test_comma_lf),
		cmocka_unit_test(test_separator_counts_outside_quotes),
		cmocka_unit_test(test_quoted_fields_and_next_line),
		cmocka_unit_test(test_blank_lines_skipped),
		cmocka_unit_test(test_spaces_trimmed_outside_quotes),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_misplaced_quote),
		cmocka_unit_test(test_swedish_intact),
		cmocka_unit_test(test_no_trailing_newline),
		cmocka_unit_test(test_old_mac_line_ends),
		cmocka_unit_test(test_empty_and_missing),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_block_boundaries),
		cmocka_unit_test(test_runaway_quote_limited),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
