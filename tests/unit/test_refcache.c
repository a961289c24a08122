/* test_refcache.c — unit tests for refcache.c, the (owner, text) → id memo of an import.
 *
 * Many keys under two owners (forcing the table to double many times from its first 1024
 * slots), the same text under two owners, missing keys, overwrites, keys on both sides of
 * the 24-byte inline limit, clear and reuse.  Expected ids are arithmetic on the key, so each
 * lookup is checked against a value computed here, not against what the cache said before. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refcache.h"

#define NKEYS 100000

/* Two owners, as access.c uses entity descriptors: any two distinct addresses. */
static const int person_owner = 1, incident_owner = 2;
#define PERSON ((const void *)&person_owner)
#define INCIDENT ((const void *)&incident_owner)

/* A person code "P-XXXXXX" for i, in the alphabet gvi's codes use (no I, L, O, U): i in
 * base 32, six digits, so codes for distinct i < 32^6 are distinct. */
static void code_for(long i, char out[9])
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	memcpy(out, "P-", 2);
	for (int k = 7; k >= 2; k--) {
		out[k] = alphabet[i % 32];
		i /= 32;
	}
	out[8] = '\0';
}

static void test_code_for(void **state)
{
	(void)state;
	char c[9];
	code_for(0, c);
	assert_string_equal(c, "P-000000");
	code_for(31, c);
	assert_string_equal(c, "P-00000Z");
	code_for(32, c);
	assert_string_equal(c, "P-000010");
	/* 100000 = 3*32^3 + 1*32^2 + 21*32 + 0 (98304 + 1024 + 672) → "31N0": digit 21 is N. */
	code_for(100000, c);
	assert_string_equal(c, "P-0031N0");
}

static void test_empty(void **state)
{
	(void)state;
	struct refcache *c = refcache_new();
	assert_non_null(c);
	assert_int_equal(refcache_get(c, PERSON, "1"), 0);
	assert_int_equal(refcache_get(c, PERSON, ""), 0);
	assert_int_equal(refcache_get(c, NULL, "x"), 0);
	refcache_free(c);
	refcache_free(NULL);
}

static void test_many_keys_two_owners(void **state)
{
	(void)state;
	struct refcache *c = refcache_new();
	char key[32], code[9];
	/* Incidents "1".."100000" → id i; persons by code → 1000000 + i; and the same decimal
	 * texts under the person owner → 2000000 + i, interleaved so both grow together. */
	for (long i = 1; i <= NKEYS; i++) {
		snprintf(key, sizeof key, "%ld", i);
		code_for(i, code);
		refcache_put(c, INCIDENT, key, i);
		refcache_put(c, PERSON, code, 1000000 + i);
		refcache_put(c, PERSON, key, 2000000 + i);
	}
	for (long i = 1; i <= NKEYS; i++) {
		snprintf(key, sizeof key, "%ld", i);
		code_for(i, code);
		if (refcache_get(c, INCIDENT, key) != i)
			fail_msg("incident \"%s\": got %lld, expected %ld", key,
				 (long long)refcache_get(c, INCIDENT, key), i);
		if (refcache_get(c, PERSON, code) != 1000000 + i)
			fail_msg("person \"%s\": got %lld, expected %ld", code,
				 (long long)refcache_get(c, PERSON, code), 1000000 + i);
		if (refcache_get(c, PERSON, key) != 2000000 + i)
			fail_msg("person \"%s\": got %lld, expected %ld", key,
				 (long long)refcache_get(c, PERSON, key), 2000000 + i);
		/* A code was only put under the person owner. */
		if (refcache_get(c, INCIDENT, code) != 0)
			fail_msg("incident \"%s\" should be missing", code);
	}
	/* Missing keys, next to present ones. */
	assert_int_equal(refcache_get(c, INCIDENT, "0"), 0);
	assert_int_equal(refcache_get(c, INCIDENT, "100001"), 0);
	assert_int_equal(refcache_get(c, INCIDENT, "-1"), 0);
	assert_int_equal(refcache_get(c, INCIDENT, "01"), 0);
	assert_int_equal(refcache_get(c, INCIDENT, "1 "), 0);
	assert_int_equal(refcache_get(c, INCIDENT, ""), 0);
	code_for(NKEYS + 1, code);
	assert_int_equal(refcache_get(c, PERSON, code), 0);
	code_for(0, code);
	assert_int_equal(refcache_get(c, PERSON, code), 0);
	assert_int_equal(refcache_get(c, PERSON, "p-000001"), 0);   /* case matters */
	/* A third owner has nothing. */
	static const int other = 3;
	assert_int_equal(refcache_get(c, &other, "1"), 0);
	assert_int_equal(refcache_get(c, NULL, "1"), 0);
	refcache_free(c);
}

static void test_same_text_two_owners(void **state)
{
	(void)state;
	struct refcache *c = refcache_new();
	refcache_put(c, PERSON, "Norr", 7);
	refcache_put(c, INCIDENT, "Norr", 9);
	assert_int_equal(refcache_get(c, PERSON, "Norr"), 7);
	assert_int_equal(refcache_get(c, INCIDENT, "Norr"), 9);
	/* Overwriting under one owner leaves the other. */
	refcache_put(c, PERSON, "Norr", 70);
	assert_int_equal(refcache_get(c, PERSON, "Norr"), 70);
	assert_int_equal(refcache_get(c, INCIDENT, "Norr"), 9);
	refcache_free(c);
}

static void test_overwrite(void **state)
{
	(void)state;
	struct refcache *c = refcache_new();
	char key[32];
	for (long i = 1; i <= 5000; i++) {
		snprintf(key, sizeof key, "k%ld", i);
		refcache_put(c, PERSON, key, i);
	}
	/* Overwrite every other key, many times: the value changes, no entry is added. */
	for (int round = 1; round <= 3; round++)
		for (long i = 2; i <= 5000; i += 2) {
			snprintf(key, sizeof key, "k%ld", i);
			refcache_put(c, PERSON, key, -i * round);
		}
	for (long i = 1; i <= 5000; i++) {
		snprintf(key, sizeof key, "k%ld", i);
		assert_int_equal(refcache_get(c, PERSON, key), i % 2 ? i : -i * 3);
	}
	refcache_free(c);
}

/* Keys of length n made of a repeated pattern that differs by `tag`. */
static char *long_key(size_t n, int tag)
{
	char *s = malloc(n + 1);
	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)('a' + (i + (size_t)tag) % 26);
	/* The tag also at the end, so keys of a length differ in their last bytes too. */
	if (n >= 4)
		for (int k = 0, v = tag; k < 4; k++, v /= 10)
			s[n - 1 - (size_t)k] = (char)('0' + v % 10);
	s[n] = '\0';
	return s;
}

static void test_long_and_short_keys(void **state)
{
	(void)state;
	struct refcache *c = refcache_new();
	/* Lengths around the 24-byte inline buffer (23 fits with its NUL, 24 does not), very
	 * short ones and very long ones. */
	static const size_t lens[] = { 1, 2, 7, 22, 23, 24, 25, 31, 32, 64, 255, 1000, 10000 };
	const size_t nlens = sizeof lens / sizeof lens[0];
	for (size_t l = 0; l < nlens; l++)
		for (int tag = 0; tag < 300; tag++) {
			char *k = long_key(lens[l], tag);
			/* Short keys collide across tags (one letter has 26 values): the last put of
			 * a text wins, checked below by recomputing which tag that was. */
			refcache_put(c, PERSON, k, (int64_t)(l * 1000 + (size_t)tag + 1));
			free(k);
		}
	for (size_t l = 0; l < nlens; l++)
		for (int tag = 0; tag < 300; tag++) {
			char *k = long_key(lens[l], tag);
			int last = tag;
			/* From 4 bytes on the tag is spelled out, so only shorter keys can collide. */
			for (int t = tag + 1; lens[l] < 4 && t < 300; t++) {
				char *k2 = long_key(lens[l], t);
				if (!strcmp(k, k2))
					last = t;
				free(k2);
			}
			int64_t want = (int64_t)(l * 1000 + (size_t)last + 1);
			if (refcache_get(c, PERSON, k) != want)
				fail_msg("key of length %zu, tag %d: got %lld, expected %lld", lens[l], tag,
					 (long long)refcache_get(c, PERSON, k), (long long)want);
			free(k);
		}
	/* Overwriting a long key frees nothing it still needs (and leaks nothing). */
	char *k = long_key(1000, 5);
	refcache_put(c, PERSON, k, 42);
	assert_int_equal(refcache_get(c, PERSON, k), 42);
	/* The cache keeps its own copy: the caller's buffer may change. */
	char *copy = strdup(k);
	k[0] = '#';
	assert_int_equal(refcache_get(c, PERSON, copy), 42);
	assert_int_equal(refcache_get(c, PERSON, k), 0);
	free(copy);
	free(k);
	/* Exactly 23 and 24 bytes, spelled out. */
	refcache_put(c, INCIDENT, "12345678901234567890123", 23);
	refcache_put(c, INCIDENT, "123456789012345678901234", 24);
	assert_int_equal(refcache_get(c, INCIDENT, "12345678901234567890123"), 23);
	assert_int_equal(refcache_get(c, INCIDENT, "123456789012345678901234"), 24);
	assert_int_equal(refcache_get(c, INCIDENT, "1234567890123456789012"), 0);
	assert_int_equal(refcache_get(c, INCIDENT, "1234567890123456789012345"), 0);
	refcache_free(c);
}

static void test_clear(void **state)
{
	(void)state;
	struct refcache *c = refcache_new();
	char key[64];
	/* Enough to have grown, with inline and heap texts. */
	for (long i = 1; i <= 20000; i++) {
		snprintf(key, sizeof key, i % 2 ? "%ld" : "a-key-longer-than-24-bytes-%ld", i);
		refcache_put(c, i % 3 ? PERSON : INCIDENT, key, i);
	}
	refcache_clear(c);
	for (long i = 1; i <= 20000; i++) {
		snprintf(key, sizeof key, i % 2 ? "%ld" : "a-key-longer-than-24-bytes-%ld", i);
		assert_int_equal(refcache_get(c, i % 3 ? PERSON : INCIDENT, key), 0);
	}
	/* Usable again after a clear; clearing twice, and clearing an empty cache, is harmless. */
	refcache_put(c, PERSON, "1", 11);
	refcache_put(c, PERSON, "a-key-longer-than-24-bytes-2", 22);
	assert_int_equal(refcache_get(c, PERSON, "1"), 11);
	assert_int_equal(refcache_get(c, PERSON, "a-key-longer-than-24-bytes-2"), 22);
	assert_int_equal(refcache_get(c, PERSON, "3"), 0);
	refcache_clear(c);
	refcache_clear(c);
	assert_int_equal(refcache_get(c, PERSON, "1"), 0);
	refcache_clear(NULL);
	/* Fill again past the size it had, so it grows from a cleared state. */
	for (long i = 1; i <= 40000; i++) {
		snprintf(key, sizeof key, "%ld", i);
		refcache_put(c, PERSON, key, i * 7);
	}
	for (long i = 1; i <= 40000; i++) {
		snprintf(key, sizeof key, "%ld", i);
		assert_int_equal(refcache_get(c, PERSON, key), i * 7);
	}
	refcache_free(c);
}

static void test_growth_keeps_entries(void **state)
{
	(void)state;
	struct refcache *c = refcache_new();
	char key[64];
	/* After every put, across the doublings at 512, 1024, 2048, … entries, the first, the
	 * latest and a few in between are all still there (with inline texts that must move with
	 * their slots, and heap texts that must not be freed on the move). */
	for (long i = 1; i <= 9000; i++) {
		snprintf(key, sizeof key, i % 2 ? "%ld" : "growth-test-key-number-%ld", i);
		refcache_put(c, PERSON, key, i);
		long probe[] = { 1, 2, i / 2 > 0 ? i / 2 : 1, i - 1 > 0 ? i - 1 : 1, i };
		for (size_t k = 0; k < sizeof probe / sizeof probe[0]; k++) {
			long j = probe[k];
			snprintf(key, sizeof key, j % 2 ? "%ld" : "growth-test-key-number-%ld", j);
			if (j <= i && refcache_get(c, PERSON, key) != j)
				fail_msg("after %ld puts, \"%s\" gave %lld", i, key,
					 (long long)refcache_get(c, PERSON, key));
		}
	}
	for (long i = 1; i <= 9000; i++) {
		snprintf(key, sizeof key, i % 2 ? "%ld" : "growth-test-key-number-%ld", i);
		assert_int_equal(refcache_get(c, PERSON, key), i);
	}
	refcache_free(c);
}

static void test_id_values(void **state)
{
	(void)state;
	struct refcache *c = refcache_new();
	refcache_put(c, PERSON, "big", INT64_MAX);
	refcache_put(c, PERSON, "neg", -5);
	assert_true(refcache_get(c, PERSON, "big") == INT64_MAX);
	assert_int_equal(refcache_get(c, PERSON, "neg"), -5);
	/* Texts with bytes above 0x7f (UTF-8 names) hash and compare like any other. */
	refcache_put(c, PERSON, "\xc3\x85sa", 1);
	refcache_put(c, PERSON, "Asa", 2);
	assert_int_equal(refcache_get(c, PERSON, "\xc3\x85sa"), 1);
	assert_int_equal(refcache_get(c, PERSON, "Asa"), 2);
	refcache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_for),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_many_keys_two_owners),
		cmocka_unit_test(test_same_text_two_owners),
		cmocka_unit_test(test_overwrite),
		cmocka_unit_test(test_long_and_short_keys),
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_growth_keeps_entries),
		cmocka_unit_test(test_id_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
