/*
 * seal.h - encryption at rest of the most sensitive fields (TOTP secrets
 * first) under a key kept outside the database.
 *
 * A sealed value is text: "enc1:" KEYID ":" base64(nonce | ciphertext),
 * XChaCha20-Poly1305 (libsodium crypto_secretbox_xchacha20poly1305) with
 * a random nonce; KEYID is 8 hex digits of the key's BLAKE2b hash, so a
 * value names the key that opens it.  A value without the "enc1:" prefix
 * is an old plaintext one: seal_open() returns it as it is, and `motcua
 * keys rotate` seals it.
 *
 * Keys: the file data.key (32 random bytes, 0600) in the data folder, or
 * the file MOTCUA_DATA_KEY_FILE names.  It is never in the database, so a
 * copy of the database alone (a backup, a stolen disk image of the
 * database volume) reveals no sealed field.  During a rotation the new key
 * is written to data.key.new first; both are loaded, values are resealed
 * in one transaction, then data.key.new replaces data.key: a crash at any
 * point leaves every value openable.  docs/security.md describes it.
 *
 * Thread-safe: keys are loaded once (lazily, on first use) and read-only.
 */
#ifndef MC_SEAL_H
#define MC_SEAL_H

#include <stdbool.h>
#include <stddef.h>
#include "core/status.h"

#define SEAL_PREFIX "enc1:"
#define SEAL_TEXT_MAX 1024   /* largest plaintext seal_text() takes, bytes */
#define SEAL_LONG_MAX (16 * 1024 * 1024)   /* largest seal_text_alloc() takes */
/* Bytes of the sealed text of n plaintext bytes, with the NUL. */
#define SEAL_SIZE(n) (5 + 9 + (((24 + 16 + (n)) + 2) / 3) * 4 + 1)

/*
 * Where the key lives: data_dir/data.key unless MOTCUA_DATA_KEY_FILE is
 * set.  Called by the program before any seal_*; nothing is read yet.
 */
void seal_use_dir(const char *data_dir);
/*
 * Whether a seal_* may create the key file when there is none (true after
 * seal_use_dir()).  A command that was not told where the server's data
 * lives turns it off: a key made in the wrong folder would seal values
 * the server cannot open.  While off, what would create the key fails
 * with MC_ERR_IO and logs, in Vietnamese, which flag to pass.
 */
void seal_allow_create(bool allow);
/*
 * Read the key now, creating it when there is none and creation is
 * allowed.  The server calls it at start, so the key exists before the
 * first value is sealed and commands given the server's data folder
 * find it.  MC_OK, or MC_ERR_IO (logged) when it cannot be read or made.
 */
enum mc_status seal_ready(void) MC_WARN_UNUSED;
/*
 * Seal plain (a NUL-terminated string, at most SEAL_TEXT_MAX bytes) into
 * out (size bytes, SEAL_SIZE(strlen(plain)) is enough).  Creates the key
 * file on first use unless seal_allow_create() turned that off.  MC_ERR_IO
 * when the key cannot be read or made, MC_ERR_TOO_LARGE when plain or out
 * is too large or small.
 */
enum mc_status seal_text(const char *plain, char *out, size_t size) MC_WARN_UNUSED;
/*
 * seal_text() for a value of any length up to SEAL_LONG_MAX (declared form
 * data): *out is a new string the caller frees, NULL on failure.
 */
enum mc_status seal_text_alloc(const char *plain, char **out) MC_WARN_UNUSED;
/*
 * Open stored (sealed, or old plaintext which is copied as it is) into
 * out (size bytes).  MC_ERR_UNAUTHORIZED when the value was altered or no
 * loaded key opens it; MC_ERR_IO when the key cannot be read;
 * MC_ERR_TOO_LARGE when out is too small.
 */
enum mc_status seal_open(const char *stored, char *out, size_t size) MC_WARN_UNUSED;
/*
 * The blind index of value: hex of a keyed BLAKE2b (16 bytes) under a
 * sub-key derived from the current data key (crypto_kdf, context
 * "motcuabi"), over kind ("cccd", "phone", "email") and the value, so the
 * same value of two kinds differs.  Equal values give equal indexes, which
 * is what lookups and unique constraints compare; without the key an index
 * reveals nothing, not even by trying every CCCD.  It changes with the key:
 * `motcua keys rotate` recomputes them.  MC_ERR_IO when the key cannot be
 * read or made.
 */
#define SEAL_INDEX_SIZE 33   /* 32 hex digits and the NUL */
enum mc_status seal_index(const char *kind, const char *value, char out[SEAL_INDEX_SIZE])
    MC_WARN_UNUSED;
/*
 * seal_open() into a new string (*out, the caller frees; NULL on failure),
 * for values of any length.  NULL stored opens to "".
 */
enum mc_status seal_open_alloc(const char *stored, char **out) MC_WARN_UNUSED;
struct db_stmt;
/*
 * Column col of the row st is on, opened into out (size bytes): sealed or
 * old plaintext alike, NULL and "" give "".  On failure out is "" and the
 * error is logged (the value names a key that is not loaded, was altered,
 * or does not fit): MC_ERR_UNAUTHORIZED, MC_ERR_IO or MC_ERR_TOO_LARGE.
 */
enum mc_status seal_col_open(struct db_stmt *st, int col, char *out, size_t size)
    MC_WARN_UNUSED;
/*
 * seal_col_open() into a new string (*out, the caller frees): NULL and ""
 * give "".  On failure *out is NULL and the error is logged.
 */
enum mc_status seal_col_open_alloc(struct db_stmt *st, int col, char **out) MC_WARN_UNUSED;
/* seal_col_open_alloc() as a new string, "" when it cannot be opened (logged). */
char *seal_col_dup(struct db_stmt *st, int col);
/* True when stored is sealed with the current key (nothing to reseal). */
bool seal_is_current(const char *stored);
/*
 * Rotation, step 1: make a new key in data.key.new (0600, synced) and make
 * it the key that seals from now on; the old key still opens.  MC_ERR_IO.
 */
enum mc_status seal_rotate_begin(void) MC_WARN_UNUSED;
/* Rotation, step 3 (after resealing): data.key.new replaces data.key.  MC_ERR_IO. */
enum mc_status seal_rotate_finish(void) MC_WARN_UNUSED;

#endif
