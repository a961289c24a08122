/* store_backup.h — consistent copies of a repository with SQLite's online backup API.
 *
 * A backup is taken while others keep working: the copy is made in one step under one read
 * transaction, so it is the repository as of one moment (WAL lets writers go on meanwhile).
 * Restoring copies the other way, under the target's own locks.  No access control here:
 * access.c decides who may (access_backup) and cmd_backup.c runs it. */
#ifndef GVI_STORE_BACKUP_H
#define GVI_STORE_BACKUP_H
#include "store.h"

/* Copies the repository into dest, which must not exist: written to a temporary file beside
 * it and linked into place, so dest appears whole or not at all. */
int store_backup(struct store *s, const char *dest, struct err *e);
/* Checks that the file at path is an intact gvi repository of a version this gvi knows
 * (application_id, user_version, PRAGMA integrity_check), without changing it. */
int store_check_file(const char *path, struct err *e);
/* Replaces the content of the repository at target (which must be a gvi repository) with
 * that of the repository at src. */
int store_replace(const char *target, const char *src, struct err *e);
/* Copies the database at src into the file dest (created, or an empty file), via SQLite. */
int store_copy_file(const char *src, const char *dest, struct err *e);
/* A new, empty temporary file beside `near` (same directory, mode 0600); its path goes into
 * out (size n).  Returns 0 or -1 with e set. */
int store_temp_beside(const char *near, char *out, size_t n, struct err *e);
/* Removes path and its -wal, -shm and -journal files (accepts a missing file). */
void store_remove_files(const char *path);

#endif
