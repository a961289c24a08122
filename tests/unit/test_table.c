/* test_table.c — the three output formats of table.c, compared byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

enum { PRINT_TABLE, PRINT_RECORD };

/* Prints t in fmt to a string (free() it). */
static char *render(const struct table *t, enum table_format fmt, int how)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	assert_non_null(f);
	int rc = how == PRINT_TABLE ? table_print(t, f, fmt) : table_print_record(t, f, fmt);
	assert_int_equal(rc, 0);
	fclose(f);
	return s;
}

static void expect(const struct table *t, enum table_format fmt, int how, const char *want)
{
	char *got = render(t, fmt, how);
	assert_string_equal(got, want);
	free(got);
}

/* "Åsa Öberg" and "Jönköping" are 9 columns wide, though 11 bytes. */
static struct table *people(void)
{
	static const char *const head[] = { "namn", "ort", "\xC3\xA5lder", "aktiv" };
	static const char *const r1[] = { "\xC3\x85sa \xC3\x96" "berg", "J\xC3\xB6nk\xC3\xB6ping",
					  "34", "1" };
	static const char *const r2[] = { "Bo", "Ume\xC3\xA5", "7", "0" };
	static const char *const r3[] = { "Li", NULL, NULL, NULL };
	struct table *t = table_new(4, head);
	table_set_kind(t, 2, COL_INT);
	table_set_kind(t, 3, COL_BOOL);
	table_add_row(t, r1);
	table_add_row(t, r2);
	table_add_row(t, r3);
	return t;
}

static void test_text_aligned_by_code_points(void **state)
{
	(void)state;
	struct table *t = people();
	assert_int_equal(table_rows(t), 3);
	expect(t, TABLE_TEXT, PRINT_TABLE,
	       "namn       ort        \xC3\xA5lder  aktiv\n"
	       "---------  ---------  -----  -----\n"
	       "\xC3\x85sa \xC3\x96" "berg  J\xC3\xB6nk\xC3\xB6ping     34  yes\n"
	       "Bo         Ume\xC3\xA5           7  no\n"
	       "Li\n");
	table_free(t);
}

static void test_text_numbers_right_aligned(void **state)
{
	(void)state;
	static const char *const head[] = { "x", "n", "andel", "not" };
	static const char *const r1[] = { "a", "100", "0.5", "" };
	static const char *const r2[] = { "bb", "5", "12.25", "ok " };
	struct table *t = table_new(4, head);
	table_set_kind(t, 1, COL_INT);
	table_set_kind(t, 2, COL_REAL);
	table_add_row(t, r1);
	table_add_row(t, r2);
	expect(t, TABLE_TEXT, PRINT_TABLE,
	       "x     n  andel  not\n"
	       "--  ---  -----  ---\n"
	       "a   100    0.5\n"
	       "bb    5  12.25  ok\n");
	table_free(t);
}

static void test_text_empty_and_controls(void **state)
{
	(void)state;
	static const char *const head[] = { "namn", "anteckning" };
	static const char *const r1[] = { "a\tb", "rad1\nrad2 \x1B[31mr\xC3\xB6" "d\xC2\x9B" "x" };
	struct table *t = table_new(2, head);
	expect(t, TABLE_TEXT, PRINT_TABLE, "(no rows)\n");
	expect(t, TABLE_TEXT, PRINT_RECORD, "(no rows)\n");
	table_add_row(t, r1);
	expect(t, TABLE_TEXT, PRINT_TABLE,
	       "namn  anteckning\n"
	       "----  --------------------\n"
	       "a b   rad1 rad2 ?[31mr\xC3\xB6" "d?x\n");
	table_free(t);
}

static void test_csv_quoting(void **state)
{
	(void)state;
	static const char *const head[] = { "id", "namn", "anteckning" };
	static const char *const r1[] = { "1", "Berg, Anna", "sa \"hej\"" };
	static const char *const r2[] = { "2", NULL, "rad1\r\nrad2" };
	static const char *const r3[] = { "3", " inledande", "" };
	static const char *const r4[] = { "4", "\xC3\x85sa;\xC3\x96", "slut " };
	struct table *t = table_new(3, head);
	table_set_kind(t, 0, COL_INT);
	table_add_row(t, r1);
	table_add_row(t, r2);
	table_add_row(t, r3);
	table_add_row(t, r4);
	expect(t, TABLE_CSV, PRINT_TABLE,
	       "id,namn,anteckning\r\n"
	       "1,\"Berg, Anna\",\"sa \"\"hej\"\"\"\r\n"
	       "2,,\"rad1\r\nrad2\"\r\n"
	       "3,\" inledande\",\r\n"
	       "4,\xC3\x85sa;\xC3\x96,\"slut \"\r\n");
	expect(t, TABLE_CSV, PRINT_RECORD,
	       "id,namn,anteckning\r\n"
	       "1,\"Berg, Anna\",\"sa \"\"hej\"\"\"\r\n");
	table_free(t);
}

static void test_csv_write_field(void **state)
{
	(void)state;
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	assert_non_null(f);
	const char *fields[] = { "a;b", "a,b", "\"", "x\ry", "plain", "", NULL, "\ttab" };
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		csv_write_field(f, fields[i], ';');
		fputc('|', f);
	}
	fclose(f);
	assert_string_equal(s, "\"a;b\"|a,b|\"\"\"\"|\"x\ry\"|plain|||\"\ttab\"|");
	free(s);
}

static void test_json_types_and_null(void **state)
{
	(void)state;
	static const char *const head[] = { "id", "namn", "po\xC3\xA4ng", "aktiv", "grupper",
					    "extra" };
	static const char *const r1[] = { "1", "\xC3\x85sa \"Nisse\"", "0.1", "1", "[1,\"b\"]",
					  "inte json" };
	static const char *const r2[] = { "-20", NULL, NULL, "0", "{\"a\":null}", NULL };
	static const char *const r3[] = { "x", "Bo\xFF", "2", "ja", "7", "\"s\"" };
	struct table *t = table_new(6, head);
	table_set_kind(t, 0, COL_INT);
	table_set_kind(t, 2, COL_REAL);
	table_set_kind(t, 3, COL_BOOL);
	table_set_kind(t, 4, COL_JSON);
	table_set_kind(t, 5, COL_JSON);
	expect(t, TABLE_JSON, PRINT_TABLE, "[]\n");
	expect(t, TABLE_JSON, PRINT_RECORD, "null\n");
	table_add_row(t, r1);
	table_add_row(t, r2);
	table_add_row(t, r3);
	expect(t, TABLE_JSON, PRINT_TABLE,
	       "[\n"
	       "  {\n"
	       "    \"id\": 1,\n"
	       "    \"namn\": \"\xC3\x85sa \\\"Nisse\\\"\",\n"
	       "    \"po\xC3\xA4ng\": 0.1,\n"
	       "    \"aktiv\": true,\n"
	       "    \"grupper\": [\n"
	       "      1,\n"
	       "      \"b\"\n"
	       "    ],\n"
	       "    \"extra\": \"inte json\"\n"
	       "  },\n"
	       "  {\n"
	       "    \"id\": -20,\n"
	       "    \"namn\": null,\n"
	       "    \"po\xC3\xA4ng\": null,\n"
	       "    \"aktiv\": false,\n"
	       "    \"grupper\": {\n"
	       "      \"a\": null\n"
	       "    },\n"
	       "    \"extra\": null\n"
	       "  },\n"
	       "  {\n"
	       "    \"id\": \"x\",\n"
	       "    \"namn\": \"Bo\xEF\xBF\xBD\",\n"
	       "    \"po\xC3\xA4ng\": 2.0,\n"
	       "    \"aktiv\": \"ja\",\n"
	       "    \"grupper\": 7,\n"
	       "    \"extra\": \"s\"\n"
	       "  }\n"
	       "]\n");
	table_free(t);
}

static void test_record_formats(void **state)
{
	(void)state;
	static const char *const head[] = { "namn", "f\xC3\xB6" "delsedatum", "aktiv", "anteckning",
					    "grupp" };
	static const char *const r1[] = { "\xC3\x85sa", "1990-01-01", "1", "rad1\nrad2", NULL };
	struct table *t = table_new(5, head);
	table_set_kind(t, 2, COL_BOOL);
	table_add_row(t, r1);
	expect(t, TABLE_TEXT, PRINT_RECORD,
	       "namn          \xC3\x85sa\n"
	       "f\xC3\xB6" "delsedatum  1990-01-01\n"
	       "aktiv         yes\n"
	       "anteckning    rad1\n"
	       "              rad2\n"
	       "grupp\n");
	expect(t, TABLE_JSON, PRINT_RECORD,
	       "{\n"
	       "  \"namn\": \"\xC3\x85sa\",\n"
	       "  \"f\xC3\xB6" "delsedatum\": \"1990-01-01\",\n"
	       "  \"aktiv\": true,\n"
	       "  \"anteckning\": \"rad1\\nrad2\",\n"
	       "  \"grupp\": null\n"
	       "}\n");
	expect(t, TABLE_CSV, PRINT_RECORD,
	       "namn,f\xC3\xB6" "delsedatum,aktiv,anteckning,grupp\r\n"
	       "\xC3\x85sa,1990-01-01,1,\"rad1\nrad2\",\r\n");
	table_free(t);
	table_free(NULL);
}

/* Many rows: the text writer flushes in slices; every line must still come out. */
static void test_text_many_rows(void **state)
{
	(void)state;
	static const char *const head[] = { "n" };
	struct table *t = table_new(1, head);
	table_set_kind(t, 0, COL_INT);
	char num[16];
	const char *row[] = { num };
	for (int i = 0; i < 20000; i++) {
		snprintf(num, sizeof num, "%d", i);
		table_add_row(t, row);
	}
	char *got = render(t, TABLE_TEXT, PRINT_TABLE);
	assert_int_equal(strlen(got), 2 * 6 + 20000 * 6);
	assert_memory_equal(got, "    n\n-----\n    0\n", 18);
	assert_string_equal(got + strlen(got) - 6, "19999\n");
	free(got);
	table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_aligned_by_code_points),
		cmocka_unit_test(test_text_numbers_right_aligned),
		cmocka_unit_test(test_text_empty_and_controls),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_write_field),
		cmocka_unit_test(test_json_types_and_null),
		cmocka_unit_test(test_record_formats),
		cmocka_unit_test(test_text_many_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
