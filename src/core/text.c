/*
 * text.c - strict UTF-8 validation, NFC and Vietnamese search folding
 * (see text.h and docs/internals/text.md).
 *
 * The validator is hand-written (utf8proc accepts NUL and control bytes,
 * which motcua refuses).  Folding walks the input once: ASCII through a
 * 128-entry table, anything else through utf8proc_decompose_char() into a
 * small array on the stack, with the output gathered in a stack chunk and
 * appended to the caller's buffer in pieces, so a call makes no heap
 * allocation of its own.  The Latin blocks where Vietnamese lives
 * (U+0080..U+024F and U+1E00..U+1EFF) are folded through a table filled
 * once, from utf8proc itself, on first use.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <utf8proc.h>
#include "core/text.h"
#include "core/log.h"
#include "core/mem.h"

/* Options for text_nfc: canonical composition, stable across Unicode versions. */
#define NFC_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE)

/*
 * Options for text_fold, applied per code point: full decomposition with
 * compatibility forms, case folding, default-ignorables (soft hyphen,
 * zero-width joiners) dropped and combining marks dropped.
 */
#define FOLD_OPTIONS (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | \
                      UTF8PROC_IGNORE | UTF8PROC_STRIPMARK)

/* Longest per-code-point folding utf8proc can produce is 18 (U+FDFA). */
#define FOLD_MAX_DECOMP 32

/* Bytes gathered on the stack before one buf_add(). */
#define FOLD_CHUNK 256

/*
 * ASCII classes.  For text_fold: a lower-case letter or digit to copy, or
 * FOLD_SEP for a separator, or FOLD_BAD for a forbidden control byte.
 */
#define FOLD_SEP 0
#define FOLD_BAD 1

static const unsigned char fold_ascii[128] = {
    /* C0 controls: only \t \n \r are allowed, and they separate. */
    [0x00] = FOLD_BAD, [0x01] = FOLD_BAD, [0x02] = FOLD_BAD, [0x03] = FOLD_BAD,
    [0x04] = FOLD_BAD, [0x05] = FOLD_BAD, [0x06] = FOLD_BAD, [0x07] = FOLD_BAD,
    [0x08] = FOLD_BAD, [0x0b] = FOLD_BAD, [0x0c] = FOLD_BAD, [0x0e] = FOLD_BAD,
    [0x0f] = FOLD_BAD, [0x10] = FOLD_BAD, [0x11] = FOLD_BAD, [0x12] = FOLD_BAD,
    [0x13] = FOLD_BAD, [0x14] = FOLD_BAD, [0x15] = FOLD_BAD, [0x16] = FOLD_BAD,
    [0x17] = FOLD_BAD, [0x18] = FOLD_BAD, [0x19] = FOLD_BAD, [0x1a] = FOLD_BAD,
    [0x1b] = FOLD_BAD, [0x1c] = FOLD_BAD, [0x1d] = FOLD_BAD, [0x1e] = FOLD_BAD,
    [0x1f] = FOLD_BAD,
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
    ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
    ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f',
    ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l',
    ['M'] = 'm', ['N'] = 'n', ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r',
    ['S'] = 's', ['T'] = 't', ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x',
    ['Y'] = 'y', ['Z'] = 'z',
    ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f',
    ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l',
    ['m'] = 'm', ['n'] = 'n', ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r',
    ['s'] = 's', ['t'] = 't', ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x',
    ['y'] = 'y', ['z'] = 'z',
};

/*
 * Decode one multi-byte sequence at p (n bytes available, p[0] >= 0x80).
 * Returns its length (2-4) and stores the code point in *cp, or returns 0
 * if the sequence is not strict UTF-8: a stray continuation byte, an
 * overlong form (C0, C1, E0 80-9F, F0 80-8F), a surrogate (ED A0-BF),
 * above U+10FFFF (F4 90-BF, F5-FF) or truncated.
 */
static size_t utf8_decode_multi(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned c = p[0];
    unsigned lo = 0x80, hi = 0xbf;

    if (c < 0xc2 || c >= 0xf5)
        return 0;
    size_t k = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    /* Four lead bytes narrow the range of the byte after them. */
    switch (c) {
    case 0xe0: lo = 0xa0; break;
    case 0xed: hi = 0x9f; break;
    case 0xf0: lo = 0x90; break;
    case 0xf4: hi = 0x8f; break;
    default: break;
    }
    if (n < k || p[1] < lo || p[1] > hi)
        return 0;
    uint32_t v = c & (0xffu >> (k + 1));
    for (size_t i = 1; i < k; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3fu);
    }
    *cp = v;
    return k;
}

/* text_utf8_valid(), also reporting whether every byte was ASCII. */
static bool utf8_check(const unsigned char *p, size_t len, bool *ascii_out)
{
    bool ascii = true;
    size_t i = 0;

    while (i < len) {
        unsigned c = p[i];
        if (c < 0x80) {
            if (fold_ascii[c] == FOLD_BAD)
                return false;
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = utf8_decode_multi(p + i, len - i, &cp);
        if (k == 0)
            return false;
        ascii = false;
        i += k;
    }
    *ascii_out = ascii;
    return true;
}

bool text_utf8_valid(const char *s, size_t len)
{
    bool ascii;
    return utf8_check((const unsigned char *)s, len, &ascii);
}

/* Mark out as overflowed, the way a refused buf_add() would. */
static enum mc_status buf_refuse(struct buf *out)
{
    out->overflow = true;
    return MC_ERR_TOO_LARGE;
}

enum mc_status text_nfc(const char *s, size_t len, struct buf *out)
{
    enum mc_status st = MC_OK;
    utf8proc_int32_t *cps = NULL;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    bool ascii;

    if (!utf8_check(p, len, &ascii)) {
        st = MC_ERR_INVALID;
        goto out;
    }
    if (ascii) {
        buf_add(out, s, len);
        st = buf_status(out);
        goto out;
    }
    /*
     * Composition shrinks text at most threefold (a Hangul syllable from
     * three 3-byte jamo), so longer input cannot fit; refusing it here also
     * bounds the code point array below.
     */
    if (out->overflow || len / 3 > out->max - out->len) {
        st = buf_refuse(out);
        goto out;
    }
    utf8proc_ssize_t n = utf8proc_decompose(p, (utf8proc_ssize_t)len, NULL, 0, NFC_OPTIONS);
    if (n < 0) {
        log_error("text_nfc: utf8proc_decompose: %s", utf8proc_errmsg(n));
        st = MC_ERR_INTERNAL;
        goto out;
    }
    /* utf8proc_reencode() writes UTF-8 in place and needs one spare byte. */
    cps = xmalloc((size_t)n * sizeof(*cps) + 1);
    utf8proc_ssize_t got = utf8proc_decompose(p, (utf8proc_ssize_t)len, cps, n, NFC_OPTIONS);
    if (got != n) {
        log_error("text_nfc: utf8proc_decompose changed its mind (%zd, %zd)", n, got);
        st = MC_ERR_INTERNAL;
        goto out;
    }
    utf8proc_ssize_t bytes = utf8proc_reencode(cps, n, NFC_OPTIONS);
    if (bytes < 0) {
        log_error("text_nfc: utf8proc_reencode: %s", utf8proc_errmsg(bytes));
        st = MC_ERR_INTERNAL;
        goto out;
    }
    buf_add(out, (const char *)cps, (size_t)bytes);
    st = buf_status(out);
out:
    free(cps);
    return st;
}

/*
 * Code points whose folding is a single ASCII letter or digit, cached: the
 * entry is that byte, or 0 for "ask utf8proc".  Filled once under
 * pthread_once, read-only afterwards.
 */
#define LATIN_LO_END 0x250      /* U+0080..U+024F: Latin-1 to Latin Extended-B */
#define LATIN_HI_START 0x1e00   /* U+1E00..U+1EFF: Latin Extended Additional */
#define LATIN_HI_END 0x1f00

static unsigned char latin_lo[LATIN_LO_END];
static unsigned char latin_hi[LATIN_HI_END - LATIN_HI_START];
static pthread_once_t latin_once = PTHREAD_ONCE_INIT;

/* The single ASCII letter or digit cp folds to, or 0. */
static unsigned char latin_fold_slow(utf8proc_int32_t cp)
{
    utf8proc_int32_t parts[FOLD_MAX_DECOMP];
    int boundclass = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, parts, FOLD_MAX_DECOMP, FOLD_OPTIONS,
                                                 &boundclass);
    if (n != 1)
        return 0;
    if (parts[0] == 0x111 || parts[0] == 0xf0)
        return 'd';
    if (parts[0] < 0x80 && fold_ascii[parts[0]] > FOLD_BAD)
        return fold_ascii[parts[0]];
    return 0;
}

static void latin_init(void)
{
    for (utf8proc_int32_t cp = 0x80; cp < LATIN_LO_END; cp++)
        latin_lo[cp] = latin_fold_slow(cp);
    for (utf8proc_int32_t cp = LATIN_HI_START; cp < LATIN_HI_END; cp++)
        latin_hi[cp - LATIN_HI_START] = latin_fold_slow(cp);
}

/* Output side of text_fold: a stack chunk in front of the caller's buffer. */
struct fold_sink {
    struct buf *out;
    size_t used;        /* bytes in chunk */
    bool any;           /* a word character has been emitted */
    bool gap;           /* a separator was seen since the last word character */
    char chunk[FOLD_CHUNK];
};

static void fold_flush(struct fold_sink *fs)
{
    buf_add(fs->out, fs->chunk, fs->used);
    fs->used = 0;
}

/* Emit the k (<= 4) bytes of one word character, after a space if due. */
static void fold_emit(struct fold_sink *fs, const char *bytes, size_t k)
{
    if (fs->used + k + 1 > sizeof(fs->chunk))
        fold_flush(fs);
    if (fs->gap && fs->any)
        fs->chunk[fs->used++] = ' ';
    fs->gap = false;
    fs->any = true;
    memcpy(fs->chunk + fs->used, bytes, k);
    fs->used += k;
}

/* fold_emit() for one ASCII byte, the common case, inlined. */
static inline void fold_emit_byte(struct fold_sink *fs, char c)
{
    if (fs->used + 2 > sizeof(fs->chunk))
        fold_flush(fs);
    if (fs->gap) {
        if (fs->any)
            fs->chunk[fs->used++] = ' ';
        fs->gap = false;
    }
    fs->any = true;
    fs->chunk[fs->used++] = c;
}

/* Emit one code point produced by utf8proc's per-character folding. */
static void fold_emit_cp(struct fold_sink *fs, utf8proc_int32_t cp)
{
    if (cp < 0x80) {
        char c = (char)fold_ascii[cp];
        if (c == FOLD_SEP || c == FOLD_BAD)
            fs->gap = true;
        else
            fold_emit_byte(fs, c);
        return;
    }
    /* đ (from đ or Đ) and the Icelandic eth ð that legacy fonts put for it. */
    if (cp == 0x111 || cp == 0xf0) {
        fold_emit_byte(fs, 'd');
        return;
    }
    utf8proc_category_t cat = utf8proc_category(cp);
    bool word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
    if (!word) {
        fs->gap = true;
        return;
    }
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t k = utf8proc_encode_char(cp, enc);
    if (k > 0)
        fold_emit(fs, (const char *)enc, (size_t)k);
}

enum mc_status text_fold(const char *s, size_t len, struct buf *out)
{
    enum mc_status st = MC_OK;
    const unsigned char *p = (const unsigned char *)s;
    struct fold_sink fs = { .out = out };
    bool ascii;

    if (!utf8_check(p, len, &ascii)) {
        st = MC_ERR_INVALID;
        goto out;
    }
    if (!ascii)
        pthread_once(&latin_once, latin_init);
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        if (c < 0x80) {
            char f = (char)fold_ascii[c];
            if (f == FOLD_SEP || f == FOLD_BAD)
                fs.gap = true;
            else
                fold_emit_byte(&fs, f);
            i++;
            continue;
        }
        uint32_t cp = 0;
        size_t k = utf8_decode_multi(p + i, len - i, &cp);
        i += k;
        unsigned char f = 0;
        if (cp < LATIN_LO_END)
            f = latin_lo[cp];
        else if (cp >= LATIN_HI_START && cp < LATIN_HI_END)
            f = latin_hi[cp - LATIN_HI_START];
        if (f) {
            fold_emit_byte(&fs, (char)f);
            continue;
        }
        utf8proc_int32_t parts[FOLD_MAX_DECOMP];
        int boundclass = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, parts,
                                                     FOLD_MAX_DECOMP, FOLD_OPTIONS,
                                                     &boundclass);
        if (n < 0 || n > FOLD_MAX_DECOMP) {
            /* Cannot happen for valid code points; treat as a separator. */
            fs.gap = true;
            continue;
        }
        for (utf8proc_ssize_t j = 0; j < n; j++)
            fold_emit_cp(&fs, parts[j]);
    }
    fold_flush(&fs);
    st = buf_status(out);
out:
    return st;
}

void text_trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;

    while (n > 0 && (p[0] == ' ' || (p[0] >= '\t' && p[0] <= '\r'))) {
        p++;
        n--;
    }
    while (n > 0 && (p[n - 1] == ' ' || (p[n - 1] >= '\t' && p[n - 1] <= '\r')))
        n--;
    *s = p;
    *len = n;
}

bool text_is_digits(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
    }
    return true;
}

int text_code_index(const char *s, const char *const *codes, size_t n)
{
    for (size_t i = 0; s && i < n; i++) {
        if (codes[i] && strcmp(s, codes[i]) == 0)
            return (int)i;
    }
    return -1;
}

bool text_parse_id(const char *s, int64_t *out)
{
    size_t len = s ? strlen(s) : 0;
    int64_t v = 0;
    if (len > 18 || !text_is_digits(s, len))
        return false;
    for (size_t i = 0; i < len; i++)
        v = v * 10 + (s[i] - '0');
    if (v == 0)
        return false;
    *out = v;
    return true;
}

bool text_is_code(const char *s, size_t len, size_t max, const char *extra)
{
    if (len == 0 || len > max)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                  (c != '\0' && strchr(extra, c) != NULL);
        if (!ok)
            return false;
    }
    return true;
}

enum mc_status text_upper(const char *s, size_t len, struct buf *out)
{
    utf8proc_ssize_t i = 0;
    if (!text_utf8_valid(s, len))
        return MC_ERR_INVALID;
    while ((size_t)i < len) {
        utf8proc_int32_t cp = 0;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)len - i, &cp);
        if (n <= 0)
            return MC_ERR_INVALID;
        utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
        buf_add(out, (const char *)enc, (size_t)m);
        i += n;
    }
    return buf_status(out);
}
