/* fuzz_pnr.c — personnummer and samordningsnummer (src/pnr.c).
 *
 * The input is "NUMBER" or "NUMBER\nTODAY" (the reference date for the century of the
 * 10-digit forms; FUZZ_TODAY when absent).  A number that is accepted must be in the normal
 * form, normalise to itself, carry the right Luhn digit (computed here independently), give a
 * real birth date and mask to its first eight digits; a refused one must say why. */
#include "fuzz.h"
#include "pnr.h"

#include <stdlib.h>
#include <string.h>

static int luhn(const char *nine)
{
	int sum = 0;
	for (int i = 0; i < 9; i++) {
		int v = (nine[i] - '0') * (i % 2 ? 1 : 2);
		sum += v / 10 + v % 10;
	}
	return (10 - sum % 10) % 10;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_text(data, size);
	char *nl = strchr(in, '\n');
	const char *today = FUZZ_TODAY;
	if (nl) {
		*nl = '\0';
		today = nl + 1;
	}
	char out[PNR_LEN];
	enum pnr_kind kind = 0;
	struct err e = { 0 };
	if (pnr_normalise(in, today, out, &kind, &e) == 0) {
		fuzz_check(!err_isset(&e));
		fuzz_check(strlen(out) == 12 && strspn(out, "0123456789") == 12);
		fuzz_check(luhn(out + 2) == out[11] - '0');
		fuzz_check(pnr_luhn_digit(out + 2) == out[11] - '0');
		int day = (out[6] - '0') * 10 + (out[7] - '0');
		fuzz_check((kind == PNR_SAMORDNINGSNUMMER) == (day > 60));
		char again[PNR_LEN];
		struct err e2 = { 0 };
		fuzz_check(pnr_normalise(out, NULL, again, NULL, &e2) == 0 && !strcmp(again, out));
		char birth[DATE_LEN];
		fuzz_check(pnr_birth_date(out, birth) == 0);
		fuzz_check(!strncmp(birth, out, 4) && !strncmp(birth + 5, out + 4, 2));
		char masked[PNR_LEN + 1];
		pnr_mask(out, masked);
		fuzz_check(!strncmp(masked, out, 8) && !strcmp(masked + 8, "-XXXX"));
	} else {
		fuzz_check(err_isset(&e) && strlen(e.msg) > 0);
	}
	free(in);
	return 0;
}
