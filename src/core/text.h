/*
 * text.h - UTF-8 validation, NFC normalisation and Vietnamese search
 * folding (built on utf8proc).
 *
 * Everything text-shaped that enters motcua passes text_utf8_valid() (or
 * one of the functions below, which check the same rule), so the rest of
 * the program may assume strict UTF-8 without NUL bytes or stray control
 * characters.  Stored text is NFC (text_nfc); search keys, on both the
 * query side and the index side, are text_fold() output, so "Đăng ký" and
 * "dang ky" find each other.  See docs/internals/text.md.
 *
 * Strings are (pointer, length) pairs and need not be NUL-terminated.
 * All functions are thread-safe.  The only shared state is a read-only
 * folding table that text_fold() fills once (under pthread_once) on first use.
 */
#ifndef MC_TEXT_H
#define MC_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include "core/buf.h"
#include "core/status.h"

/*
 * True if s[0..len) is strict UTF-8: shortest-form encodings only, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated
 * sequences.  Also false if it contains a NUL byte or a C0 control
 * character other than tab, line feed and carriage return.  The empty
 * string is valid.  s may be NULL only when len is 0.
 */
bool text_utf8_valid(const char *s, size_t len);

/*
 * Append the NFC normalisation of s[0..len) to out (composed characters,
 * canonical order; the form every stored text is kept in).
 * Returns MC_OK; MC_ERR_INVALID if s fails text_utf8_valid() (nothing is
 * appended); MC_ERR_TOO_LARGE if out would pass its maximum (out is then
 * overflowed, as buf.h describes).  Pure-ASCII input is copied as is.
 */
enum mc_status text_nfc(const char *s, size_t len, struct buf *out) MC_WARN_UNUSED;

/*
 * Append the search folding of s[0..len) to out:
 *   - case-folded to lower case, compatibility forms unified (full-width
 *     letters, ligatures);
 *   - every diacritic removed (canonical decomposition, combining marks
 *     dropped), so precomposed and decomposed input agree, and so do the
 *     old and new tone placements ("hoà" and "hòa" both give "hoa");
 *   - đ and Đ (and the look-alike ð/Ð of legacy encodings) become d;
 *   - every run of characters that are neither letters nor digits
 *     (whitespace, punctuation, symbols) becomes one space, with none at
 *     either end.
 * "Đăng ký KHAI SINH!" gives "dang ky khai sinh".  Output is ASCII for
 * Latin-script input and may be empty.
 * Returns MC_OK; MC_ERR_INVALID if s fails text_utf8_valid() (out is left
 * as it was); MC_ERR_TOO_LARGE if out would pass its maximum.
 * Makes no heap allocation of its own beyond growing out.
 */
enum mc_status text_fold(const char *s, size_t len, struct buf *out) MC_WARN_UNUSED;

/*
 * Narrow (*s, *len) to drop leading and trailing ASCII whitespace (space,
 * \t, \n, \v, \f, \r).  Nothing is copied; *s moves forward within the
 * same string.  *s may be NULL only when *len is 0.
 */
void text_trim(const char **s, size_t *len);

/*
 * Append s[0..len) in capitals to out ("Ủy ban nhân dân" gives "ỦY BAN NHÂN
 * DÂN"): each code point through utf8proc's upper-case mapping, keeping
 * its diacritics.  Returns MC_OK; MC_ERR_INVALID when s fails
 * text_utf8_valid() (out unchanged); MC_ERR_TOO_LARGE past out's maximum.
 */
enum mc_status text_upper(const char *s, size_t len, struct buf *out) MC_WARN_UNUSED;

/* True if len > 0 and every byte of s[0..len) is an ASCII digit 0-9. */
bool text_is_digits(const char *s, size_t len);

/*
 * True when s[0..len) is a code: 1 to max bytes, each an ASCII letter, an
 * ASCII digit or one of the bytes of extra (e.g. ".-_").  s may be NULL
 * only when len is 0.  Pure.
 */
bool text_is_code(const char *s, size_t len, size_t max, const char *extra);

/*
 * Parse s (NUL-terminated, may be NULL) as a row id: 1 to 18 ASCII digits
 * and nothing else, not zero.  True with the value in *out; false (and
 * *out untouched) otherwise.  For ids in paths, forms and query strings.
 */
bool text_parse_id(const char *s, int64_t *out);

/*
 * The index of s (NUL-terminated, may be NULL) in codes[0..n), whose NULL
 * entries are skipped; -1 when s is NULL or not there.  For parsing a
 * stored code back into an enum from a table of codes indexed by the enum.
 */
int text_code_index(const char *s, const char *const *codes, size_t n);

#endif
