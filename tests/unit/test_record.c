/* test_record.c — unit tests for record.c: value_normalise for every field type of model.h,
 * and records with list fields (record_set, record_add_item, record_append_list), unknown
 * and derived fields, record_clear and record_release (ASan catches what they forget).
 *
 * Personnummer check digits used below, worked by hand (Luhn over the 10-digit form
 * YYMMDDNNN: weights 2,1,2,1,2,1,2,1,2, a product over 9 counts as product - 9, the check
 * digit is (10 - sum % 10) % 10):
 *   900101-123:  9*2=18→9, 0, 0, 1, 0, 1, 1*2=2, 2, 3*2=6       sum 21 → 9  (900101-1239)
 *   900101-987:  18→9, 0, 0, 1, 0, 1, 9*2=18→9, 8, 7*2=14→5     sum 33 → 7  (900101-9877)
 *   050607-456:  0, 5, 0, 6, 0, 7, 4*2=8, 5, 6*2=12→3           sum 34 → 6  (050607-4566)
 *   900161-123:  18→9, 0, 0, 1, 6*2=12→3, 1, 2, 2, 6            sum 24 → 6  (900161-1236,
 *                samordningsnummer for 1990-01-01)
 * Century of the 10-digit forms with today = 2026-11-25: 90 → 1990 (2090 is in the future),
 * 05 → 2005; with '+' (aged 100 or more) the reference year is 1926, so 05 → 1905. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "record.h"

static const struct field *field_of(const char *entity, const char *name)
{
	const struct entity *en = model_entity(entity);
	assert_non_null(en);
	const struct field *f = model_field(en, name);
	if (!f)
		fail_msg("%s has no field %s", entity, name);
	return f;
}

static void assert_msg_has(const struct err *e, const char *want)
{
	if (!strstr(e->msg, want))
		fail_msg("message \"%s\" does not contain \"%s\"", e->msg, want);
	assert_int_equal(e->code, 1);
}

/* raw normalises to want (NULL: to no value). */
static void good(const char *entity, const char *name, const char *raw, const char *want)
{
	struct err e = { 0 };
	char *out = (char *)"unset";
	if (value_normalise(field_of(entity, name), raw, &out, &e))
		fail_msg("%s.%s: \"%s\" refused: %s", entity, name, raw ? raw : "(null)", e.msg);
	assert_false(err_isset(&e));
	if (!want) {
		assert_null(out);
		return;
	}
	if (!out)
		fail_msg("%s.%s: \"%s\" gave no value, expected \"%s\"", entity, name, raw, want);
	if (strcmp(out, want))
		fail_msg("%s.%s: \"%s\" gave \"%s\", expected \"%s\"", entity, name, raw, out, want);
	free(out);
}

/* raw is refused with a message containing want, and *out is left NULL. */
static void bad(const char *entity, const char *name, const char *raw, const char *want)
{
	struct err e = { 0 };
	char *out = (char *)"unset";
	if (!value_normalise(field_of(entity, name), raw, &out, &e)) {
		fail_msg("%s.%s: \"%s\" accepted as \"%s\", expected refusal (%s)", entity, name, raw,
			 out ? out : "(null)", want);
	}
	assert_null(out);
	assert_msg_has(&e, want);
}

/* ---- value_normalise, by field type ---- */

static void test_text_trim(void **state)
{
	(void)state;
	good("group", "name", "Norr", "Norr");
	good("group", "name", "  Norr  ", "Norr");
	good("group", "name", "\t\r\n Södra gänget \n\t ", "Södra gänget");
	good("group", "name", "two  inner  spaces", "two  inner  spaces");
	/* Empty and blank values are no value. */
	good("group", "name", "", NULL);
	good("group", "name", "   \t\n", NULL);
	good("group", "name", NULL, NULL);
}

static void test_text_newline_tab_allowed(void **state)
{
	(void)state;
	good("group", "notes", "line one\nline two", "line one\nline two");
	good("group", "notes", "col1\tcol2", "col1\tcol2");
	good("group", "notes", "first\n\n\tindented", "first\n\n\tindented");
}

static void test_text_utf8(void **state)
{
	(void)state;
	/* Valid 2-, 3- and 4-byte sequences. */
	good("group", "name", "\xc3\x85sa \xc3\x96" "berg", "\xc3\x85sa \xc3\x96" "berg");
	good("group", "notes", "\xe2\x82\xac 100", "\xe2\x82\xac 100");           /* € */
	good("group", "notes", "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");           /* U+1F600 */
	/* A Latin-1 file: "Åsa" as C5 73 61; C5 starts a 2-byte sequence, 's' does not continue it. */
	bad("group", "name", "\xc5sa", "not valid UTF-8 text (byte 1)");
	bad("group", "name", "abc\x80", "not valid UTF-8 text (byte 4)");
	bad("group", "name", "\xff", "not valid UTF-8");
	bad("group", "name", "\xfe\xff", "not valid UTF-8");
	/* Truncated sequences, at the end and before other text. */
	bad("group", "name", "ab\xc3", "not valid UTF-8 text (byte 3)");
	bad("group", "name", "\xe2\x82 x", "not valid UTF-8 text (byte 1)");
	bad("group", "name", "\xf0\x9f\x98", "not valid UTF-8");
	/* Overlong 2-byte forms ("/" as C0 AF, NUL as C1 80). */
	bad("group", "name", "\xc0\xaf", "not valid UTF-8");
	bad("group", "name", "\xc1\x80", "not valid UTF-8");
	/* A lone continuation byte. */
	bad("group", "name", "x\xbfy", "not valid UTF-8 text (byte 2)");
	/* References are only trimmed, but must be text too. */
	good("incident", "type", "  shooting ", "shooting");
	bad("incident", "type", "sk\xf6tning", "not valid UTF-8");
}

static void test_text_control_characters(void **state)
{
	(void)state;
	bad("group", "name", "a\x01" "b", "control character (code 1)");
	bad("group", "name", "red \x1b[31m text", "control character (code 27)");
	bad("group", "name", "del\x7f", "control character (code 127)");
	bad("group", "notes", "bell\x07", "control character (code 7)");
	bad("group", "notes", "\x0c" "form feed inside", "control character (code 12)");
	bad("incident", "type", "x\x02", "control character (code 2)");
}

static void test_int(void **state)
{
	(void)state;
	/* incident-type.severity: 1..10 */
	good("incident-type", "severity", "1", "1");
	good("incident-type", "severity", "10", "10");
	good("incident-type", "severity", " 7 ", "7");
	good("incident-type", "severity", "007", "7");
	good("incident-type", "severity", "+3", "3");
	good("incident-type", "severity", "", NULL);
	bad("incident-type", "severity", "0", "must be at least 1, got 0");
	bad("incident-type", "severity", "-1", "must be at least 1, got -1");
	bad("incident-type", "severity", "11", "must be at most 10, got 11");
	bad("incident-type", "severity", "1000000", "must be at most 10, got 1000000");
	bad("incident-type", "severity", "5.0", "expected a whole number, got \"5.0\"");
	bad("incident-type", "severity", "five", "expected a whole number, got \"five\"");
	bad("incident-type", "severity", "5x", "expected a whole number, got \"5x\"");
	bad("incident-type", "severity", "0x5", "expected a whole number");
	bad("incident-type", "severity", "1 0", "expected a whole number");
	bad("incident-type", "severity", "99999999999999999999", "expected a whole number");
	/* relation.intensity: 1..5 */
	good("relation", "intensity", "1", "1");
	good("relation", "intensity", "5", "5");
	bad("relation", "intensity", "0", "must be at least 1, got 0");
	bad("relation", "intensity", "6", "must be at most 5, got 6");
	/* incident.killed: at least 0, no upper bound */
	good("incident", "killed", "0", "0");
	good("incident", "killed", "250", "250");
	good("incident", "killed", "-0", "0");
	bad("incident", "killed", "-1", "must be at least 0, got -1");
}

static void test_real(void **state)
{
	(void)state;
	good("incident", "lat", "59.3293", "59.3293");
	good("incident", "lat", " 59.32930 ", "59.3293");
	good("incident", "lon", "18", "18");
	good("incident", "lon", "-33.8688", "-33.8688");
	good("incident", "lon", "1e2", "100");
	good("incident", "lat", "0.5", "0.5");
	/* Seven significant digits: 59.329312345 → 59.32931 (the eighth, 2, rounds down). */
	good("incident", "lat", "59.329312345", "59.32931");
	/* 18.06864999 → 18.06865 (the eighth digit, 9, rounds up). */
	good("incident", "lon", "18.06864999", "18.06865");
	good("incident", "lat", "", NULL);
	/* A decimal comma is not read as a point. */
	bad("incident", "lat", "59,3293", "expected a decimal number such as 59.3293, got \"59,3293\"");
	bad("incident", "lat", "north", "expected a decimal number");
	bad("incident", "lat", "1.2.3", "expected a decimal number");
	bad("incident", "lat", "nan", "expected a decimal number");
	bad("incident", "lat", "inf", "expected a decimal number");
	bad("incident", "lat", "-infinity", "expected a decimal number");
	bad("incident", "lat", "1e999", "expected a decimal number");
}

static void test_bool(void **state)
{
	(void)state;
	static const char *const yes[] = { "1", "yes", "YES", "Yes", "ja", "JA", "Ja", "true", "TRUE",
		"True", " yes ", NULL };
	static const char *const no[] = { "0", "no", "NO", "No", "nej", "NEJ", "Nej", "false", "FALSE",
		"False", "\tnej\n", NULL };
	for (int i = 0; yes[i]; i++)
		good("user", "disabled", yes[i], "1");
	for (int i = 0; no[i]; i++)
		good("user", "disabled", no[i], "0");
	good("user", "disabled", "", NULL);
	static const char *const other[] = { "2", "-1", "on", "off", "maybe", "sant", "falskt",
		"yess", "nejj", "tru", "yes!", "01", "ja nej", NULL };
	for (int i = 0; other[i]; i++)
		bad("user", "disabled", other[i], "expected yes or no (ja/nej, 1/0), got \"");
	bad("incident-type", "serious", "maybe", "expected yes or no (ja/nej, 1/0), got \"maybe\"");
}

static void test_date(void **state)
{
	(void)state;
	good("group", "first_seen", "2026-11-25", "2026-11-25");
	good("group", "first_seen", "20261125", "2026-11-25");
	good("group", "first_seen", " 2024-02-29 ", "2024-02-29");
	good("group", "first_seen", "2000-02-29", "2000-02-29");
	good("group", "first_seen", "", NULL);
	bad("group", "first_seen", "2023-02-29", "2023 is not a leap year");
	bad("group", "first_seen", "1900-02-29", "1900 is not a leap year");
	bad("group", "first_seen", "2026-13-01", "month 13 does not exist");
	bad("group", "first_seen", "2026-04-31", "April has 30 days");
	bad("group", "first_seen", "2026-11", "expected a date as YYYY-MM-DD, got \"2026-11\"");
	bad("group", "first_seen", "2026", "expected a date as YYYY-MM-DD");
	bad("group", "first_seen", "25/11/2026", "expected a date as YYYY-MM-DD");
	bad("group", "first_seen", "2026-11-25 12:00", "expected a date as YYYY-MM-DD");
	bad("group", "first_seen", "1899-12-31", "year 1899 is outside 1900..2199");
}

static void test_partdate(void **state)
{
	(void)state;
	good("person", "birth", "1990", "1990");
	good("person", "birth", "1990-05", "1990-05");
	good("person", "birth", "1990-05-17", "1990-05-17");
	good("person", "birth", "19900517", "1990-05-17");
	good("person", "birth", " 2008 ", "2008");
	bad("person", "birth", "1990-13", "month 13 does not exist");
	bad("person", "birth", "1990-5", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD");
	bad("person", "birth", "199", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD");
	bad("person", "birth", "90", "expected a date");
	bad("person", "birth", "1990-02-30", "February 1990 has 28 days");
}

static void test_datetime(void **state)
{
	(void)state;
	good("incident", "occurred", "2026", "2026");
	good("incident", "occurred", "2026-11", "2026-11");
	good("incident", "occurred", "2026-11-25", "2026-11-25");
	good("incident", "occurred", "20261125", "2026-11-25");
	good("incident", "occurred", "2026-11-25 14:30", "2026-11-25 14:30");
	good("incident", "occurred", "2026-11-25T14:30", "2026-11-25 14:30");
	good("incident", "occurred", "2026-11-25T14:30:05", "2026-11-25 14:30:05");
	good("incident", "occurred", "20261125 00:00", "2026-11-25 00:00");
	good("incident", "occurred", " 2026-11-25 23:59:59 ", "2026-11-25 23:59:59");
	bad("incident", "occurred", "2026-11-25 24:00", "hour 24 does not exist");
	bad("incident", "occurred", "2026-11-25 14:60", "minute 60 does not exist");
	bad("incident", "occurred", "2026-11-25 14:30:60", "second 60 does not exist");
	bad("incident", "occurred", "2026-11 14:30", "expected a date-time");
	bad("incident", "occurred", "2026-11-25 1430", "expected a date-time");
	bad("incident", "occurred", "2026-11-25 14", "expected a date-time");
	bad("incident", "occurred", "yesterday", "expected a date-time");
	bad("incident", "occurred", "2026-02-29 12:00", "2026 is not a leap year");
}

static void test_enum(void **state)
{
	(void)state;
	good("user", "role", "coordinator", "coordinator");
	good("user", "role", "Coordinator", "coordinator");
	good("user", "role", "  ADMIN ", "admin");
	good("user", "role", "police_analyst", "police_analyst");
	good("user", "role", "Police Analyst", "police_analyst");
	good("user", "role", "POLICE-ANALYST", "police_analyst");
	good("user", "role", "community-partner", "community_partner");
	good("agency", "kind", "Social Services", "social_services");
	good("invitation", "channel", "In-Person", "in_person");
	good("notification", "status", "not reached", "not_reached");
	good("group", "status", "", NULL);
	/* The message lists every choice and quotes what was given, as given. */
	bad("user", "role", "chief",
	    "expected one of admin, coordinator, police_analyst, social_services, probation, "
	    "community_partner, evaluator; got \"chief\"");
	bad("group", "status", "Dormant", "expected one of active, inactive, dissolved; got \"Dormant\"");
	bad("relation", "kind", "war", "expected one of conflict, alliance, neutral; got \"war\"");
	bad("user", "role", "police  analyst", "got \"police  analyst\"");
	bad("user", "role", "police.analyst", "expected one of");
}

static void test_pnr(void **state)
{
	(void)state;
	good("person", "pnr", "19900101-1239", "199001011239");
	good("person", "pnr", "199001011239", "199001011239");
	good("person", "pnr", "900101-1239", "199001011239");
	good("person", "pnr", "9001011239", "199001011239");
	good("person", "pnr", " 900101-9877 ", "199001019877");
	good("person", "pnr", "050607-4566", "200506074566");
	good("person", "pnr", "050607+4566", "190506074566");
	good("person", "pnr", "900161-1236", "199001611236");   /* samordningsnummer */
	good("person", "pnr", "", NULL);
	/* Each check digit but the right one is refused. */
	char in[16];
	for (int d = 0; d <= 9; d++) {
		if (d == 9)
			continue;
		snprintf(in, sizeof in, "900101-123%d", d);
		bad("person", "pnr", in, "check digit is");
		bad("person", "pnr", in, "expected 9");
	}
	bad("person", "pnr", "900101-12", "8 digits, expected 10 or 12 digits");
	bad("person", "pnr", "901301-1239", "month 13 does not exist");
	bad("person", "pnr", "90010l-1239", "'l' is not a digit");
	bad("person", "pnr", "19900101+1239", "'+' (aged 100 or more) belongs only");
}

static void test_list_type_is_not_a_value(void **state)
{
	(void)state;
	/* Lists go through record_set; asking value_normalise about one is refused. */
	struct err e = { 0 };
	char *out = (char *)"unset";
	assert_int_equal(value_normalise(field_of("group", "aliases"), "a;b", &out, &e), -1);
	assert_null(out);
}

/* ---- records and list fields ---- */

static size_t fi(const struct record *r, const char *name)
{
	const struct field *f = model_field(r->e, name);
	assert_non_null(f);
	return model_field_index(r->e, f);
}

static const struct record_list *list_of(const struct record *r, const char *name)
{
	return &r->lists[fi(r, name)];
}

static void set_ok(struct record *r, const char *name, const char *raw)
{
	struct err e = { 0 };
	if (record_set(r, name, raw, &e))
		fail_msg("record_set(%s, \"%s\") failed: %s", name, raw, e.msg);
	assert_false(err_isset(&e));
}

static void set_bad(struct record *r, const char *name, const char *raw, const char *want)
{
	struct err e = { 0 };
	assert_int_equal(record_set(r, name, raw, &e), -1);
	assert_msg_has(&e, want);
}

static void test_record_scalar(void **state)
{
	(void)state;
	struct record r;
	record_init(&r, model_entity("incident-type"));
	assert_int_equal(r.id, 0);
	for (size_t i = 0; i < r.e->nfields; i++) {
		assert_null(record_at(&r, i));
		assert_int_equal(r.given[i], 0);
	}
	set_ok(&r, "name", " shooting ");
	set_ok(&r, "severity", "9");
	assert_string_equal(record_get(&r, "name"), "shooting");
	assert_string_equal(record_get(&r, "severity"), "9");
	assert_string_equal(record_at(&r, fi(&r, "severity")), "9");
	assert_int_equal(r.given[fi(&r, "name")], 1);
	assert_int_equal(r.given[fi(&r, "label_sv")], 0);
	assert_null(record_get(&r, "label_sv"));
	assert_null(record_get(&r, "no_such_field"));
	/* A refused value leaves the old one. */
	set_bad(&r, "severity", "11", "must be at most 10");
	assert_string_equal(record_get(&r, "severity"), "9");
	/* Replacing frees the old value; "" clears but marks the field given (an edit clears it). */
	set_ok(&r, "severity", "8");
	assert_string_equal(record_get(&r, "severity"), "8");
	set_ok(&r, "name", "");
	assert_null(record_get(&r, "name"));
	assert_int_equal(r.given[fi(&r, "name")], 1);
	/* record_put stores as is, without checks. */
	record_put(&r, fi(&r, "label_sv"), "skjutning");
	assert_string_equal(record_get(&r, "label_sv"), "skjutning");
	record_put(&r, fi(&r, "label_sv"), NULL);
	assert_null(record_get(&r, "label_sv"));
	record_release(&r);
}

static void test_record_unknown_field(void **state)
{
	(void)state;
	struct record r;
	record_init(&r, model_entity("group"));
	set_bad(&r, "colour", "red", "group has no field \"colour\"");
	set_bad(&r, "id2", "", "group has no field \"id2\"");
	for (size_t i = 0; i < r.e->nfields; i++)
		assert_int_equal(r.given[i], 0);
	record_release(&r);
}

static void test_record_derived(void **state)
{
	(void)state;
	struct record r;
	record_init(&r, model_entity("person"));
	set_bad(&r, "age_band", "adult", "age_band is derived by gvi and cannot be set");
	set_bad(&r, "age_band", "", "age_band is derived by gvi and cannot be set");
	assert_null(record_get(&r, "age_band"));
	assert_int_equal(r.given[fi(&r, "age_band")], 0);
	record_release(&r);

	record_init(&r, model_entity("incident"));
	set_bad(&r, "gmi", "yes", "gmi is derived by gvi and cannot be set");
	assert_int_equal(r.given[fi(&r, "gmi")], 0);
	record_release(&r);
}

static void test_list_one_subfield(void **state)
{
	(void)state;
	struct record r;
	record_init(&r, model_entity("group"));
	set_ok(&r, "aliases", "a;b");
	const struct record_list *l = list_of(&r, "aliases");
	assert_int_equal(l->n, 2);
	assert_string_equal(l->item[0][0], "a");
	assert_string_equal(l->item[1][0], "b");
	assert_int_equal(r.given[fi(&r, "aliases")], 1);
	/* A list field has no scalar value. */
	assert_null(record_get(&r, "aliases"));

	/* Setting replaces; items are trimmed and empty items skipped. */
	set_ok(&r, "aliases", " ;  Norra gänget ;; ;\tNG\t; ");
	l = list_of(&r, "aliases");
	assert_int_equal(l->n, 2);
	assert_string_equal(l->item[0][0], "Norra gänget");
	assert_string_equal(l->item[1][0], "NG");

	/* Only separators or nothing: an empty list, still given (an edit empties the list). */
	set_ok(&r, "aliases", " ; ;; ");
	assert_int_equal(list_of(&r, "aliases")->n, 0);
	set_ok(&r, "aliases", "x");
	set_ok(&r, "aliases", "");
	assert_int_equal(list_of(&r, "aliases")->n, 0);
	assert_int_equal(r.given[fi(&r, "aliases")], 1);

	/* One sub-field: a "|" makes two parts, one too many. */
	set_bad(&r, "aliases", "a|b", "list item \"a|b\" has 2 parts separated by |, expected at most 1");
	/* A bad value in an item names the sub-field. */
	set_bad(&r, "aliases", "ok;bad\x01", "alias: control character (code 1)");
	record_release(&r);
}

static void test_list_subfields(void **state)
{
	(void)state;
	struct record r;
	record_init(&r, model_entity("membership"));
	set_ok(&r, "basis", "self_admission|Polisrapport 5000-K123-26|20260110;"
	       " intelligence | PM 2026:4 | 2026-02-01 ");
	const struct record_list *l = list_of(&r, "basis");
	assert_int_equal(l->n, 2);
	/* criterion (a reference: only trimmed), source, date (normalised) */
	assert_string_equal(l->item[0][0], "self_admission");
	assert_string_equal(l->item[0][1], "Polisrapport 5000-K123-26");
	assert_string_equal(l->item[0][2], "2026-01-10");
	assert_string_equal(l->item[1][0], "intelligence");
	assert_string_equal(l->item[1][1], "PM 2026:4");
	assert_string_equal(l->item[1][2], "2026-02-01");

	/* A required sub-field missing is refused, naming it and the item's shape. */
	set_bad(&r, "basis", "self_admission||2026-01-10",
		"list item \"self_admission||2026-01-10\" lacks its source (an item is criterion|source|date|incident)");
	set_bad(&r, "basis", "self_admission|rapport", "lacks its date (an item is criterion|source|date|incident)");
	set_bad(&r, "basis", "self_admission", "lacks its source");
	set_bad(&r, "basis", "|rapport|2026-01-10", "lacks its criterion");
	set_bad(&r, "basis", " |rapport|2026-01-10", "lacks its criterion");
	/* Too many parts. */
	set_bad(&r, "basis", "self_admission|rapport|2026-01-10|7|extra",
		"has 5 parts separated by |, expected at most 4");
	/* A bad sub-field value names the sub-field. */
	set_bad(&r, "basis", "self_admission|rapport|2026-02-30", "date: invalid date \"2026-02-30\"");
	set_bad(&r, "basis", "self_admission|rap\x1bport|2026-02-01", "source: control character");
	record_release(&r);

	/* An optional sub-field may be left out. */
	record_init(&r, model_entity("callin"));
	set_ok(&r, "speakers", "Anna Svensson|polis;Imam Ali;Lisa|");
	l = list_of(&r, "speakers");
	assert_int_equal(l->n, 3);
	assert_string_equal(l->item[0][0], "Anna Svensson");
	assert_string_equal(l->item[0][1], "polis");
	assert_string_equal(l->item[1][0], "Imam Ali");
	assert_null(l->item[1][1]);
	assert_string_equal(l->item[2][0], "Lisa");
	assert_null(l->item[2][1]);
	set_bad(&r, "speakers", "|polis", "lacks its name (an item is name|role)");
	record_release(&r);
}

static void test_list_item_semicolon(void **state)
{
	(void)state;
	struct record r;
	record_init(&r, model_entity("group"));
	const struct field *f = model_field(r.e, "aliases");
	struct err e = { 0 };
	assert_int_equal(record_add_item(&r, f, "a;b", &e), -1);
	assert_msg_has(&e, "list item \"a;b\" contains \";\", which separates list items");
	assert_int_equal(list_of(&r, "aliases")->n, 0);

	err_clear(&e);
	assert_int_equal(record_add_item(&r, f, "one", &e), 0);
	assert_int_equal(record_add_item(&r, f, "two", &e), 0);
	assert_int_equal(list_of(&r, "aliases")->n, 2);
	assert_string_equal(list_of(&r, "aliases")->item[1][0], "two");
	assert_int_equal(r.given[fi(&r, "aliases")], 1);
	record_release(&r);

	record_init(&r, model_entity("membership"));
	f = model_field(r.e, "basis");
	err_clear(&e);
	assert_int_equal(record_add_item(&r, f, "symbols|a;b|2026-01-01", &e), -1);
	assert_msg_has(&e, "contains \";\"");
	err_clear(&e);
	assert_int_equal(record_add_item(&r, f, "symbols|Foto 12|2026-01-01", &e), 0);
	assert_int_equal(list_of(&r, "basis")->n, 1);
	assert_string_equal(list_of(&r, "basis")->item[0][1], "Foto 12");
	record_release(&r);
}

static void test_list_append(void **state)
{
	(void)state;
	struct record r;
	record_init(&r, model_entity("person"));
	const struct field *f = model_field(r.e, "aliases");
	struct err e = { 0 };
	set_ok(&r, "aliases", "Kalle");
	assert_int_equal(record_append_list(&r, f, "Kalla; ;KK", &e), 0);
	const struct record_list *l = list_of(&r, "aliases");
	assert_int_equal(l->n, 3);
	assert_string_equal(l->item[0][0], "Kalle");
	assert_string_equal(l->item[1][0], "Kalla");
	assert_string_equal(l->item[2][0], "KK");
	/* Appending nothing keeps the list, and marks it given. */
	assert_int_equal(record_append_list(&r, f, "", &e), 0);
	assert_int_equal(record_append_list(&r, f, NULL, &e), 0);
	assert_int_equal(list_of(&r, "aliases")->n, 3);
	/* record_set replaces what was appended. */
	set_ok(&r, "aliases", "Ny");
	assert_int_equal(list_of(&r, "aliases")->n, 1);
	assert_string_equal(list_of(&r, "aliases")->item[0][0], "Ny");
	/* A bad item stops the append with a message. */
	assert_int_equal(record_append_list(&r, f, "x|y", &e), -1);
	assert_msg_has(&e, "has 2 parts");
	record_release(&r);

	/* On an empty record, append marks the field given. */
	record_init(&r, model_entity("person"));
	err_clear(&e);
	assert_int_equal(record_append_list(&r, f, "A;B", &e), 0);
	assert_int_equal(r.given[fi(&r, "aliases")], 1);
	assert_int_equal(list_of(&r, "aliases")->n, 2);
	record_release(&r);
}

static void test_record_put_item(void **state)
{
	(void)state;
	struct record r;
	record_init(&r, model_entity("callin"));
	size_t i = fi(&r, "speakers");
	const char *a[] = { "Anna", "polis" };
	const char *b[] = { "Ali", NULL };
	record_put_item(&r, i, a);
	record_put_item(&r, i, b);
	assert_int_equal(r.lists[i].n, 2);
	assert_string_equal(r.lists[i].item[0][1], "polis");
	assert_null(r.lists[i].item[1][1]);
	/* Copies, not the caller's strings. */
	assert_ptr_not_equal(r.lists[i].item[0][0], a[0]);
	record_release(&r);
}

static void test_record_clear_release(void **state)
{
	(void)state;
	struct record r;
	record_init(&r, model_entity("membership"));
	r.id = 42;
	set_ok(&r, "person", "P-ABC123");
	set_ok(&r, "group", "Norr");
	set_ok(&r, "level", "Core");
	set_ok(&r, "basis", "symbols|Foto 12|2026-01-01;intelligence|PM 4|2026-01-02");
	set_ok(&r, "notes", "a note long enough not to fit any small buffer, to be sure it is freed");
	record_clear(&r);
	assert_int_equal(r.id, 0);
	for (size_t i = 0; i < r.e->nfields; i++) {
		assert_null(record_at(&r, i));
		assert_int_equal(r.given[i], 0);
		assert_int_equal(r.lists[i].n, 0);
		assert_null(r.lists[i].item);
	}
	/* The record is usable again after a clear (the import loop). */
	for (int round = 0; round < 3; round++) {
		set_ok(&r, "level", "member");
		set_ok(&r, "basis", "symbols|Foto|2026-01-01");
		assert_string_equal(record_get(&r, "level"), "member");
		assert_int_equal(list_of(&r, "basis")->n, 1);
		record_clear(&r);
	}
	set_ok(&r, "basis", "symbols|Foto|2026-01-01");
	set_ok(&r, "since", "2026-01-01");
	/* Release with values and lists still held; a second release is harmless. */
	record_release(&r);
	assert_null(r.e);
	record_release(&r);

	/* A zeroed record (never initialised) may be released. */
	struct record z = { 0 };
	record_release(&z);
}

static void test_every_entity_inits(void **state)
{
	(void)state;
	/* Every entity can be set up, given a value in each settable text field, and freed. */
	for (size_t k = 0; k < model_nentities; k++) {
		struct record r;
		record_init(&r, model_entities[k]);
		for (const struct field *f = r.e->fields; f->name; f++)
			if (f->type == F_TEXT && !(f->flags & FF_DERIVED))
				set_ok(&r, f->name, "x");
		record_release(&r);
	}
}

/* ---- regressions: bugs found by these tests and fixed; each must stay fixed ---- */

static void test_regression_utf8_strict(void **state)
{
	(void)state;
	bad("group", "name", "\xed\xa0\x80", "not valid UTF-8");          /* U+D800, a surrogate */
	bad("group", "name", "\xed\xbf\xbf", "not valid UTF-8");          /* U+DFFF */
	bad("group", "name", "\xe0\x80\xaf", "not valid UTF-8");          /* "/" in 3 bytes */
	bad("group", "name", "\xf0\x80\x80\xaf", "not valid UTF-8");      /* "/" in 4 bytes */
	bad("group", "name", "\xf4\x90\x80\x80", "not valid UTF-8");      /* U+110000 */
	bad("group", "name", "\xf5\x80\x80\x80", "not valid UTF-8");      /* no such lead byte */
	/* The largest and the edges that are valid stay valid. */
	good("group", "name", "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");   /* U+10FFFF */
	good("group", "name", "\xed\x9f\xbf", "\xed\x9f\xbf");             /* U+D7FF */
	good("group", "name", "\xee\x80\x80", "\xee\x80\x80");             /* U+E000 */
	good("group", "name", "\xe0\xa0\x80", "\xe0\xa0\x80");             /* U+0800 */
}

static int setup(void **state)
{
	(void)state;
	/* The century of a 10-digit personnummer depends on today. */
	setenv("GVI_TODAY", "2026-11-25", 1);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_trim),
		cmocka_unit_test(test_text_newline_tab_allowed),
		cmocka_unit_test(test_text_utf8),
		cmocka_unit_test(test_text_control_characters),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_real),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_partdate),
		cmocka_unit_test(test_datetime),
		cmocka_unit_test(test_enum),
		cmocka_unit_test(test_pnr),
		cmocka_unit_test(test_list_type_is_not_a_value),
		cmocka_unit_test(test_record_scalar),
		cmocka_unit_test(test_record_unknown_field),
		cmocka_unit_test(test_record_derived),
		cmocka_unit_test(test_list_one_subfield),
		cmocka_unit_test(test_list_subfields),
		cmocka_unit_test(test_list_item_semicolon),
		cmocka_unit_test(test_list_append),
		cmocka_unit_test(test_record_put_item),
		cmocka_unit_test(test_record_clear_release),
		cmocka_unit_test(test_every_entity_inits),
		cmocka_unit_test(test_regression_utf8_strict),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
