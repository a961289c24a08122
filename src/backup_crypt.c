/* backup_crypt.c — encrypting and decrypting backup files (see backup_crypt.h).
 *
 * The key comes from the passphrase through Argon2id (crypto_pwhash) with a random salt kept
 * in the file's header, at the "moderate" cost (256 MiB, about a second): a stolen backup
 * should cost an attacker that much per guess.  The cost is read back from the header, within
 * bounds, so a later gvi may raise it without breaking older backups. */
#include "backup_crypt.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAGIC "GVIBAK01"
#define MAGIC_LEN 8
#define CHUNK 65536
#define SALT_LEN crypto_pwhash_SALTBYTES
#define HEADER_LEN (MAGIC_LEN + 8 + 8 + SALT_LEN + crypto_secretstream_xchacha20poly1305_HEADERBYTES)

static void put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

int backup_is_encrypted(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	char m[MAGIC_LEN];
	int yes = fread(m, 1, MAGIC_LEN, f) == MAGIC_LEN && !memcmp(m, MAGIC, MAGIC_LEN);
	fclose(f);
	return yes;
}

static int derive(unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES], const char *pass,
		  const unsigned char *salt, uint64_t ops, uint64_t mem, struct err *e)
{
	if (crypto_pwhash(key, crypto_secretstream_xchacha20poly1305_KEYBYTES, pass, strlen(pass), salt,
			  ops, (size_t)mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return err_set(e, "out of memory deriving the key from the passphrase");
	return 0;
}

int backup_encrypt(const char *in, const char *out, const char *pass, struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, "libsodium failed to initialise");
	FILE *src = fopen(in, "rb");
	if (!src)
		return err_set(e, "%s: %s", in, strerror(errno));
	int fd = open(out, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		fclose(src);
		return err_set(e, "%s: %s", out, errno == EEXIST ? "already exists; a backup never "
			       "overwrites a file" : strerror(errno));
	}
	FILE *dst = fdopen(fd, "wb");
	unsigned char header[HEADER_LEN], key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	uint64_t ops = crypto_pwhash_OPSLIMIT_MODERATE, mem = crypto_pwhash_MEMLIMIT_MODERATE;
	memcpy(header, MAGIC, MAGIC_LEN);
	put_u64(header + MAGIC_LEN, ops);
	put_u64(header + MAGIC_LEN + 8, mem);
	unsigned char *salt = header + MAGIC_LEN + 16;
	randombytes_buf(salt, SALT_LEN);
	unsigned char *ssh = salt + SALT_LEN;
	crypto_secretstream_xchacha20poly1305_state state;
	unsigned char *plain = malloc(CHUNK), *cipher = malloc(CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES);
	int rc = -1;
	if (!plain || !cipher || !dst) {
		err_set(e, "out of memory");
		goto out;
	}
	if (derive(key, pass, salt, ops, mem, e))
		goto out;
	crypto_secretstream_xchacha20poly1305_init_push(&state, ssh, key);
	if (fwrite(header, 1, HEADER_LEN, dst) != HEADER_LEN)
		goto write_failed;
	for (;;) {
		size_t n = fread(plain, 1, CHUNK, src);
		if (ferror(src)) {
			err_set(e, "%s: %s", in, strerror(errno));
			goto out;
		}
		int last = feof(src);
		unsigned long long clen;
		crypto_secretstream_xchacha20poly1305_push(&state, cipher, &clen, plain, n, header,
			HEADER_LEN, last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
		if (fwrite(cipher, 1, (size_t)clen, dst) != clen)
			goto write_failed;
		if (last)
			break;
	}
	if (fflush(dst) != 0 || fsync(fileno(dst)) != 0)
		goto write_failed;
	rc = 0;
	goto out;
write_failed:
	err_set(e, "%s: writing the backup failed (%s)", out, strerror(errno));
out:
	sodium_memzero(key, sizeof key);
	if (plain)
		sodium_memzero(plain, CHUNK);
	free(plain);
	free(cipher);
	fclose(src);
	if (dst)
		fclose(dst);
	else
		close(fd);
	if (rc)
		unlink(out);
	return rc;
}

int backup_decrypt(const char *in, const char *out, const char *pass, struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, "libsodium failed to initialise");
	FILE *src = fopen(in, "rb");
	if (!src)
		return err_set(e, "%s: %s", in, strerror(errno));
	FILE *dst = fopen(out, "wb");
	if (!dst) {
		fclose(src);
		return err_set(e, "%s: %s", out, strerror(errno));
	}
	unsigned char header[HEADER_LEN], key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	size_t clen_max = CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES;
	unsigned char *plain = malloc(CHUNK), *cipher = malloc(clen_max + 1);
	crypto_secretstream_xchacha20poly1305_state state;
	int rc = -1;
	if (!plain || !cipher) {
		err_set(e, "out of memory");
		goto out;
	}
	if (fread(header, 1, HEADER_LEN, src) != HEADER_LEN || memcmp(header, MAGIC, MAGIC_LEN)) {
		err_set(e, "%s: not an encrypted gvi backup, or its header is cut off", in);
		goto out;
	}
	uint64_t ops = get_u64(header + MAGIC_LEN), mem = get_u64(header + MAGIC_LEN + 8);
	/* Bounds, so a crafted header cannot ask for absurd work or memory. */
	if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > 64 || mem < crypto_pwhash_MEMLIMIT_MIN ||
	    mem > ((uint64_t)4 << 30)) {
		err_set(e, "%s: the backup's header is damaged (key derivation cost out of bounds)", in);
		goto out;
	}
	if (derive(key, pass, header + MAGIC_LEN + 16, ops, mem, e))
		goto out;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&state, header + MAGIC_LEN + 16 + SALT_LEN,
							     key) != 0) {
		err_set(e, "%s: the backup's header is damaged", in);
		goto out;
	}
	for (long chunk = 1;; chunk++) {
		size_t n = fread(cipher, 1, clen_max, src);
		if (ferror(src)) {
			err_set(e, "%s: %s", in, strerror(errno));
			goto out;
		}
		unsigned long long plen;
		unsigned char tag;
		if (n == 0 || crypto_secretstream_xchacha20poly1305_pull(&state, plain, &plen, &tag, cipher,
			n, header, HEADER_LEN) != 0) {
			if (chunk == 1)
				err_set(e, "%s: wrong passphrase, or the backup is damaged; nothing was restored", in);
			else
				err_set(e, "%s: the backup is damaged or cut off (chunk %ld does not "
					"authenticate); nothing was restored", in, chunk);
			goto out;
		}
		if (fwrite(plain, 1, (size_t)plen, dst) != plen) {
			err_set(e, "%s: writing failed (%s)", out, strerror(errno));
			goto out;
		}
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
			break;
	}
	if (fgetc(src) != EOF) {
		err_set(e, "%s: the backup has data after its end; nothing was restored", in);
		goto out;
	}
	if (fflush(dst) != 0) {
		err_set(e, "%s: writing failed (%s)", out, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(key, sizeof key);
	if (plain)
		sodium_memzero(plain, CHUNK);
	free(plain);
	free(cipher);
	fclose(src);
	fclose(dst);
	return rc;
}

int backup_passphrase(const char *file, char **out, struct err *e)
{
	*out = NULL;
	if (sodium_init() < 0)
		return err_set(e, "libsodium failed to initialise");
	char *pass = sodium_malloc(1024);
	if (!pass)
		return err_set(e, "out of memory");
	if (file) {
		FILE *f = fopen(file, "r");
		if (!f) {
			sodium_free(pass);
			return err_set(e, "--passphrase-file %s: %s", file, strerror(errno));
		}
		if (!fgets(pass, 1024, f))
			pass[0] = '\0';
		fclose(f);
		pass[strcspn(pass, "\r\n")] = '\0';
	} else {
		const char *env = getenv("GVI_BACKUP_PASSPHRASE");
		if (!env) {
			sodium_free(pass);
			return err_set(e, "no passphrase: set GVI_BACKUP_PASSPHRASE or give --passphrase-file FILE");
		}
		if (strlen(env) >= 1024) {
			sodium_free(pass);
			return err_set(e, "GVI_BACKUP_PASSPHRASE: longer than 1023 bytes");
		}
		strcpy(pass, env);
	}
	if (strlen(pass) < 8) {
		sodium_free(pass);
		return err_set(e, "%s: the passphrase is empty or shorter than 8 characters",
			       file ? file : "GVI_BACKUP_PASSPHRASE");
	}
	*out = pass;
	return 0;
}

void backup_passphrase_free(char *pass)
{
	if (pass)
		sodium_free(pass);
}
