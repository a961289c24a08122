/* pnr.h — Swedish personal identity numbers (personnummer) and coordination numbers
 * (samordningsnummer, day of birth + 60).
 *
 * Accepted forms: YYYYMMDDNNNN, YYYYMMDD-NNNN, YYMMDD-NNNN, YYMMDDNNNN and YYMMDD+NNNN (the
 * '+' marks a person aged 100 or more).  For the 10-digit forms the century is the latest
 * that does not put the birth date after `today` (minus 100 years for '+').  The date part
 * must be a real date (for a samordningsnummer: day - 60) and the last digit must be the
 * Luhn check digit over the 10-digit form.  The normal form stored is 12 digits, no
 * separator. */
#ifndef GVI_PNR_H
#define GVI_PNR_H
#include "date.h"
#include "err.h"

#define PNR_LEN 13  /* 12 digits + NUL */

enum pnr_kind { PNR_PERSONNUMMER = 1, PNR_SAMORDNINGSNUMMER = 2 };

/* Validates `in` and writes the 12-digit normal form. `today` is "YYYY-MM-DD" (NULL = now).
 * `kind` may be NULL. Returns 0, or -1 with a message naming what is wrong. */
int pnr_normalise(const char *in, const char *today, char out[PNR_LEN], enum pnr_kind *kind,
		  struct err *e);
/* The birth date encoded in a normalised number (day - 60 for a samordningsnummer). */
int pnr_birth_date(const char *pnr12, char out[DATE_LEN]);
/* The Luhn check digit for the first 9 digits of the 10-digit form. */
int pnr_luhn_digit(const char *nine_digits);
/* Masked for display: "YYYYMMDD-XXXX". */
void pnr_mask(const char *pnr12, char out[PNR_LEN + 1]);

#endif
