/* cmd_backup.c — `gvi backup FILE [--encrypt]` and `gvi restore FILE TARGET [--force]`.
 *
 * A backup is a consistent copy made while others work (store_backup.c), optionally
 * encrypted (backup_crypt.c).  A restore never touches TARGET until the backup has been
 * decrypted into a temporary file beside it and proved to be an intact gvi repository
 * (application_id, integrity check, an admin of it as the acting user, its audit chain);
 * only then does it become TARGET — by a link for a new path, or through SQLite's backup API
 * (under TARGET's own locks) over an existing repository with --force. */
#include "cli.h"
#include "backup_crypt.h"
#include "store_backup.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BACKUP_USAGE "gvi backup FILE [--encrypt] [--passphrase-file FILE]"
#define RESTORE_USAGE "gvi restore FILE TARGET [--force] [--passphrase-file FILE]"

int cmd_backup(struct cli *c, int argc, char **argv)
{
	const char *file = NULL, *passfile = NULL;
	int encrypt = 0;
	for (int i = 1; i < argc; i++) {
		const char *v;
		if (!strcmp(argv[i], "--encrypt"))
			encrypt = 1;
		else if ((v = cli_opt(argc, argv, &i, "passphrase-file")))
			passfile = v;
		else if (!file && strncmp(argv[i], "--", 2))
			file = argv[i];
		else
			return cli_usage(BACKUP_USAGE);
	}
	if (!file || (passfile && !encrypt))
		return cli_usage(BACKUP_USAGE);
	struct err e = { 0 };
	struct stat st;
	if (stat(file, &st) == 0) {
		err_set(&e, "%s: already exists; a backup never overwrites a file", file);
		return cli_fail(&e);
	}
	char *pass = NULL;
	if (encrypt && backup_passphrase(passfile, &pass, &e))
		return cli_fail(&e);
	struct access *a;
	if (cli_open(c, &a, 0)) {
		backup_passphrase_free(pass);
		return 1;
	}
	char plain[4096] = "";
	int rc;
	if (!encrypt) {
		rc = access_backup(a, file, file, 0, &e);
	} else {
		/* The plain copy lives only as a temporary file beside the encrypted one. */
		rc = store_temp_beside(file, plain, sizeof plain, &e);
		if (!rc) {
			unlink(plain);
			rc = access_backup(a, plain, file, 1, &e);
		}
		if (!rc)
			rc = backup_encrypt(plain, file, pass, &e);
		if (plain[0])
			store_remove_files(plain);
	}
	access_close(a);
	backup_passphrase_free(pass);
	if (rc)
		return cli_fail(&e);
	if (stat(file, &st) == 0)
		printf("backup written to %s (%lld bytes%s)\n", file, (long long)st.st_size,
		       encrypt ? ", encrypted" : "");
	return 0;
}

int cmd_restore(struct cli *c, int argc, char **argv)
{
	const char *file = NULL, *target = NULL, *passfile = NULL;
	int force = 0;
	for (int i = 1; i < argc; i++) {
		const char *v;
		if (!strcmp(argv[i], "--force"))
			force = 1;
		else if ((v = cli_opt(argc, argv, &i, "passphrase-file")))
			passfile = v;
		else if (!file && strncmp(argv[i], "--", 2))
			file = argv[i];
		else if (!target && strncmp(argv[i], "--", 2))
			target = argv[i];
		else
			return cli_usage(RESTORE_USAGE);
	}
	if (!file || !target)
		return cli_usage(RESTORE_USAGE);
	struct err e = { 0 };
	struct stat st;
	if (stat(file, &st) != 0) {
		err_set(&e, "%s: %s", file, strerror(errno));
		return cli_fail(&e);
	}
	int exists = stat(target, &st) == 0;
	if (exists && !force) {
		err_set(&e, "%s: already exists; restore will not overwrite it (give --force to replace "
			"that repository with the backup)", target);
		return cli_fail(&e);
	}
	if (!c->user || !*c->user) {
		err_set(&e, "name the acting user (an admin in the backup) with --user NAME or GVI_USER");
		return cli_fail(&e);
	}
	int encrypted = backup_is_encrypted(file);
	char *pass = NULL;
	if (encrypted && backup_passphrase(passfile, &pass, &e))
		return cli_fail(&e);
	char tmp[4096];
	if (store_temp_beside(target, tmp, sizeof tmp, &e)) {
		backup_passphrase_free(pass);
		return cli_fail(&e);
	}
	int rc;
	if (encrypted) {
		rc = backup_decrypt(file, tmp, pass, &e);
	} else {
		/* Copied through SQLite, which also refuses a file that is not a database. */
		rc = store_check_file(file, &e);
		if (!rc)
			rc = store_copy_file(file, tmp, &e);
	}
	backup_passphrase_free(pass);
	if (!rc)
		rc = store_check_file(tmp, &e);
	if (!rc)
		rc = access_restore_check(tmp, c->user, file, &e);
	if (!rc && !exists && link(tmp, target) != 0)
		rc = err_set(&e, "%s: %s", target, errno == EEXIST ? "appeared meanwhile; it was left "
			     "unchanged" : strerror(errno));
	if (!rc && exists)
		rc = store_replace(target, tmp, &e);
	store_remove_files(tmp);
	if (rc)
		return cli_fail(&e);
	printf("restored %s from %s\n", target, file);
	return 0;
}
