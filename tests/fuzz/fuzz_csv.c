/* fuzz_csv.c — CSV import (src/csvread.c and `gvi import`, src/cmd_import.c).
 *
 * The input is "ENTITY[ USER]\n" followed by the file: the entity to import (a model name;
 * an unknown one picks an entity by the first byte) and the acting user (default the demo's
 * coordinator, samordnare).  The file is read twice: row by row with csvr_next, whose rows
 * must have fields and rising line numbers, and by the real `gvi import ENTITY FILE
 * --dry-run` against the demo programme — header mapping, every field's validation,
 * references, duplicates, the bulk batch and its rollback — which must answer 0 or 1 (never
 * a usage error) and leave the entity's record count as it was (the dry run rolls back). */
#include "fuzz.h"
#include "cli.h"
#include "csvread.h"
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void read_rows(const char *path)
{
	struct csv_reader *r;
	struct err e = { 0 };
	if (csvr_open(&r, path, &e)) {
		fuzz_check(err_isset(&e));
		return;
	}
	struct csv_row row;
	long last = 0;
	int rc;
	while ((rc = csvr_next(r, &row, &e)) > 0) {
		fuzz_check(row.line > last && row.n > 0);
		for (size_t i = 0; i < row.n; i++)
			fuzz_check(row.field[i] != NULL);
		last = row.line;
	}
	fuzz_check(rc == 0 || err_isset(&e));
	csvr_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t hlen = nl ? (size_t)(nl - data) : 0;
	char head[64] = "";
	if (hlen < sizeof head)
		memcpy(head, data, hlen), head[hlen] = '\0';
	char *user = strchr(head, ' ');
	if (user)
		*user++ = '\0';
	const struct entity *en = model_entity(head);
	if (!en)
		en = model_entities[(size ? data[0] : 0) % model_nentities];
	if (!user || !*user)
		user = "samordnare";
	const uint8_t *file = nl ? nl + 1 : data;
	size_t flen = size - (size_t)(file - data);

	const char *repo = fuzz_repo();
	char path[512];
	snprintf(path, sizeof path, "%s/%s.csv", fuzz_dir(), en->name);
	FILE *f = fopen(path, "wb");
	fuzz_check(f && fwrite(file, 1, flen, f) == flen && fclose(f) == 0);

	read_rows(path);
	static struct access *counter;
	struct err e = { 0 };
	if (!counter && access_open(&counter, repo, "admin", 0, &e))
		fuzz_check(!"the demo repository opens");
	long before = access_count(counter, en, &e);
	struct cli c = { .repo = repo, .user = user };
	char name[64];
	snprintf(name, sizeof name, "%s", en->name);
	char *argv[] = { "import", name, path, "--dry-run", NULL };
	int rc = cmd_import(&c, 4, argv);
	fuzz_check(rc == 0 || rc == 1);
	fuzz_check(access_count(counter, en, &e) == before);   /* the dry run rolled back */
	return 0;
}
