/* backup_crypt.h — encrypted backup files: libsodium's secretstream with a key from a
 * passphrase.
 *
 * The file: the magic "GVIBAK01", Argon2id's opslimit and memlimit (8 bytes each, big-endian)
 * and salt (16 bytes), the secretstream header (24 bytes); then the repository in chunks of
 * 64 KiB, each encrypted and authenticated (XChaCha20-Poly1305) with the header as additional
 * data, the last tagged FINAL.  A wrong passphrase, a changed byte, a missing or added chunk
 * or a cut-off end is refused. */
#ifndef GVI_BACKUP_CRYPT_H
#define GVI_BACKUP_CRYPT_H
#include <stddef.h>
#include "err.h"

/* Does the file at path begin with the magic of an encrypted backup?  1 yes, 0 no. */
int backup_is_encrypted(const char *path);
/* Encrypts the file `in` into the new file `out` (must not exist; mode 0600). */
int backup_encrypt(const char *in, const char *out, const char *pass, struct err *e);
/* Decrypts `in` into the existing empty file `out`.  On failure out may hold part of the
 * plaintext: the caller removes it. */
int backup_decrypt(const char *in, const char *out, const char *pass, struct err *e);
/* The passphrase: the first line of `file` if given, else $GVI_BACKUP_PASSPHRASE.  *out is
 * malloc'd (sodium_free it with backup_passphrase_free). */
int backup_passphrase(const char *file, char **out, struct err *e);
void backup_passphrase_free(char *pass);

#endif
