/*
 * password.h - what a password must be before motcua accepts it: long
 * enough, not one of the common or easily guessed passwords, and not built
 * from the account's own identifiers.
 *
 * DESIGN
 * - No composition rules (an upper-case letter, a digit, a symbol): they
 *   make passwords harder to remember, not to guess.  Instead the rules
 *   refuse what guessers try first, as OWASP ASVS 4.0 V2.1 and NIST SP
 *   800-63B ask: at least PASSWORD_MIN_CHARS characters (code points,
 *   each run of spaces counting once), at most PASSWORD_MAX_BYTES bytes,
 *   at least PASSWORD_MIN_DISTINCT different characters, and none of:
 *     - a password on the list data/accounts/common-passwords.txt,
 *       compared after folding (case, Vietnamese diacritics, đ/d, and
 *       every character that is not a letter or digit ignored), directly,
 *       with common letter-for-digit swaps undone ("p@ssw0rd"), and with
 *       leading and trailing digits removed ("matkhau2026", "123hanoi");
 *     - a run of consecutive letters or digits ("abcdefgh", "98765432");
 *     - eight digits that read as a date ("01011990", "19900101");
 *     - the login (CCCD, tax code, staff user name), the phone number,
 *       the email's local part or the full name (folded, without spaces).
 * - The list is compiled into the binary (core/assets.h) and loaded once,
 *   folded and sorted, on first use (pthread_once); lookups are binary
 *   searches.  After that everything here is pure and thread-safe.
 */
#ifndef MC_ACCOUNTS_PASSWORD_H
#define MC_ACCOUNTS_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>
#include "core/status.h"

#define PASSWORD_MIN_CHARS 8       /* characters, runs of spaces counted once */
#define PASSWORD_MAX_BYTES 200     /* UTF-8 bytes */
#define PASSWORD_MIN_DISTINCT 5    /* different characters */

/* What the password must not be built from; every field may be NULL or "". */
struct password_context {
    const char *login;       /* CCCD, tax code or staff user name */
    const char *phone;       /* normalised "0xxxxxxxxx" */
    const char *email;
    const char *full_name;
};

/*
 * Check a password someone is choosing.  Returns MC_OK, or MC_ERR_INVALID
 * with *msg_out (if msg_out is not NULL) a static Vietnamese sentence in
 * lower case without a final period saying what is wrong, e.g. "mật khẩu
 * này quá phổ biến, dễ bị đoán; xin chọn mật khẩu khác".  pw NULL is
 * treated as "".  ctx may be NULL.  Thread-safe.
 */
enum mc_status password_check(const char *pw, const struct password_context *ctx,
                              const char **msg_out) MC_WARN_UNUSED;

/*
 * True if pw, folded as described above (directly or with letter-for-digit
 * swaps undone), is on the common list.  For tests and tools.  Thread-safe.
 */
bool password_is_common(const char *pw);

/* Number of entries of the common list once loaded (0 if it is missing). */
size_t password_common_count(void);

#endif
