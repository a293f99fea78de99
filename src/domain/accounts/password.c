/* password.c - the password rules (see password.h). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "domain/accounts/password.h"
#include "core/assets.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"

#define COMMON_LIST "data/accounts/common-passwords.txt"
#define FOLD_MAX 1024            /* a folded password or identifier */
#define CORE_MIN 3               /* shortest list word a decorated password is refused for */
#define PERSONAL_MIN 4           /* shortest identifier looked for inside a password */
#define NAME_MIN 6               /* shortest folded full name looked for */

static const char MSG_EMPTY[] = "xin nhập mật khẩu";
static const char MSG_LONG[] = "mật khẩu quá dài (tối đa 200 byte)";
static const char MSG_UTF8[] = "mật khẩu chứa ký tự không hợp lệ";
static const char MSG_SHORT[] = "mật khẩu phải có ít nhất 8 ký tự";
static const char MSG_DISTINCT[] = "mật khẩu cần ít nhất 5 ký tự khác nhau";
static const char MSG_COMMON[] = "mật khẩu này quá phổ biến, dễ bị đoán; xin chọn mật khẩu khác";
static const char MSG_DECORATED[] = "mật khẩu chỉ là một từ phổ biến thêm chữ số, dễ bị đoán; "
                                    "xin chọn mật khẩu khác";
static const char MSG_SEQUENCE[] = "mật khẩu là một dãy ký tự liên tiếp, dễ bị đoán";
static const char MSG_DATE[] = "mật khẩu giống một ngày tháng năm (như ngày sinh), dễ bị đoán";
static const char MSG_PERSONAL[] = "mật khẩu không được chứa số CCCD, mã số thuế, tên đăng nhập, "
                                   "số điện thoại, email hoặc họ tên của bạn";

/* ---------------------------------------------------------------- the list */

static struct {
    char **words;     /* folded, sorted, unique; lives as long as the process */
    size_t n;
} common;

/* Letters and digits of s, folded (case, diacritics, đ), into out. */
static void fold_compact(const char *s, size_t len, struct buf *out)
{
    struct buf f;
    buf_init(&f, FOLD_MAX);
    buf_reset(out);
    if (text_fold(s, len, &f) == MC_OK) {
        for (size_t i = 0; i < f.len; i++)
            if (f.data[i] != ' ')
                buf_addch(out, f.data[i]);
    }
    buf_release(&f);
}

static int cmp_word(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_common(void)
{
    const struct asset *a = asset_find(COMMON_LIST);
    const char *p = a ? a->data : "";
    const char *end = p + (a ? a->len : 0);
    size_t cap = 0;
    struct buf w;
    if (!a)
        log_error("%s is missing: common passwords are not refused", COMMON_LIST);
    buf_init(&w, FOLD_MAX);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len > 0 && p[0] != '#') {
            fold_compact(p, len, &w);
            if (w.len > 0 && buf_status(&w) == MC_OK) {
                if (common.n == cap) {
                    cap = cap ? cap * 2 : 4096;
                    common.words = xrealloc(common.words, cap * sizeof(*common.words));
                }
                common.words[common.n++] = xstrdup(buf_cstr(&w));
            }
        }
        p += len + 1;
    }
    buf_release(&w);
    if (common.n)
        qsort(common.words, common.n, sizeof(*common.words), cmp_word);
    size_t kept = 0;
    for (size_t i = 0; i < common.n; i++) {
        if (kept > 0 && strcmp(common.words[kept - 1], common.words[i]) == 0)
            free(common.words[i]);
        else
            common.words[kept++] = common.words[i];
    }
    common.n = kept;
}

static void ensure_loaded(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, load_common);
}

size_t password_common_count(void)
{
    ensure_loaded();
    return common.n;
}

static bool on_list(const char *folded)
{
    ensure_loaded();
    if (!folded[0] || common.n == 0)
        return false;
    return bsearch(&folded, common.words, common.n, sizeof(*common.words), cmp_word) != NULL;
}

/* ---------------------------------------------------------------- variants */

static bool has_ascii_letter(const char *s)
{
    for (; *s; s++)
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
            return true;
    return false;
}

/*
 * pw with the usual letter-for-digit or letter-for-symbol swaps undone
 * ("p@ssw0rd" -> "password"), when it holds a letter at all; for a
 * password of symbols only, the shifted digits of a keyboard ("!@#$" ->
 * "1234").  Copied into out; bytes of non-ASCII characters are kept.
 */
static void undo_swaps(const char *pw, struct buf *out)
{
    static const char leet_from[] = "@$013457!|";
    static const char leet_to[] = "asoieastil";
    static const char shift_from[] = "!@#$%^&*()";
    static const char shift_to[] = "1234567890";
    bool letters = has_ascii_letter(pw);
    buf_reset(out);
    for (const char *p = pw; *p; p++) {
        const char *from = letters ? leet_from : shift_from;
        const char *to = letters ? leet_to : shift_to;
        const char *hit = *p ? strchr(from, *p) : NULL;
        buf_addch(out, hit ? to[hit - from] : *p);
    }
}

/* s without its leading and trailing digits. */
static void strip_digits(const char *s, struct buf *out)
{
    size_t a = 0, b = strlen(s);
    while (a < b && s[a] >= '0' && s[a] <= '9')
        a++;
    while (b > a && s[b - 1] >= '0' && s[b - 1] <= '9')
        b--;
    buf_reset(out);
    buf_add(out, s + a, b - a);
}

/* ---------------------------------------------------------------- shapes */

static bool all_digits(const char *s)
{
    return *s && text_is_digits(s, strlen(s));
}

static bool all_letters(const char *s)
{
    for (const char *p = s; *p; p++)
        if (*p < 'a' || *p > 'z')
            return false;
    return *s != '\0';
}

/* Consecutive digits (wrapping 9-0) or letters, up or down, at least 6 long. */
static bool is_sequence(const char *s)
{
    size_t n = strlen(s);
    bool digits = all_digits(s);
    if (n < 6 || !(digits || all_letters(s)))
        return false;
    for (int dir = -1; dir <= 1; dir += 2) {
        bool ok = true;
        for (size_t i = 1; ok && i < n; i++) {
            int step = s[i] - s[i - 1];
            if (digits && step != dir)
                ok = (dir == 1 && s[i - 1] == '9' && s[i] == '0') ||
                     (dir == -1 && s[i - 1] == '0' && s[i] == '9');
            else if (!digits)
                ok = step == dir;
        }
        if (ok)
            return true;
    }
    return false;
}

static int num(const char *s, size_t len)
{
    int v = 0;
    for (size_t i = 0; i < len; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static bool date_ok(int d, int m, int y)
{
    return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Eight digits reading as ddmmyyyy, mmddyyyy or yyyymmdd. */
static bool is_date(const char *s)
{
    if (strlen(s) != 8 || !all_digits(s))
        return false;
    return date_ok(num(s, 2), num(s + 2, 2), num(s + 4, 4)) ||
           date_ok(num(s + 2, 2), num(s, 2), num(s + 4, 4)) ||
           date_ok(num(s + 6, 2), num(s + 4, 2), num(s, 4));
}

/* Code points, with each run of whitespace counted once, and distinct code points. */
static void count_chars(const char *s, size_t *chars, size_t *distinct)
{
    uint32_t seen[PASSWORD_MAX_BYTES];
    size_t nseen = 0;
    bool prev_space = false;
    *chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        uint32_t cp = *p;
        size_t len = 1;
        if (*p >= 0xf0)
            len = 4;
        else if (*p >= 0xe0)
            len = 3;
        else if (*p >= 0xc0)
            len = 2;
        for (size_t i = 1; i < len && p[i]; i++)
            cp = (cp << 8) | p[i];
        bool space = *p == ' ' || *p == '\t';
        if (!(space && prev_space))
            (*chars)++;
        prev_space = space;
        bool known = false;
        for (size_t i = 0; i < nseen && !known; i++)
            known = seen[i] == cp;
        if (!known && nseen < MC_ARRAY_LEN(seen))
            seen[nseen++] = cp;
        for (size_t i = 0; i < len && *p; i++)
            p++;
    }
    *distinct = nseen;
}

/* True if the folded identifier id (at least min long) occurs inside folded. */
static bool contains_id(const char *folded, const char *id, size_t min)
{
    struct buf f;
    bool hit = false;
    if (!id || !*id)
        return false;
    buf_init(&f, FOLD_MAX);
    fold_compact(id, strlen(id), &f);
    if (f.len >= min && buf_status(&f) == MC_OK)
        hit = strstr(folded, buf_cstr(&f)) != NULL;
    buf_release(&f);
    return hit;
}

static bool personal(const char *folded, const struct password_context *ctx)
{
    char local[256];
    if (!ctx)
        return false;
    if (contains_id(folded, ctx->login, PERSONAL_MIN) ||
        contains_id(folded, ctx->phone, PERSONAL_MIN) ||
        contains_id(folded, ctx->full_name, NAME_MIN))
        return true;
    /* The phone without its leading 0, as people also write it. */
    if (ctx->phone && ctx->phone[0] == '0' && contains_id(folded, ctx->phone + 1, 9))
        return true;
    if (ctx->email && *ctx->email) {
        size_t at = strcspn(ctx->email, "@");
        if (at >= sizeof(local))
            at = sizeof(local) - 1;
        memcpy(local, ctx->email, at);
        local[at] = '\0';
        return contains_id(folded, local, PERSONAL_MIN);
    }
    return false;
}

/* ---------------------------------------------------------------- checks */

/* Fold pw into f as typed and into g with its look-alike swaps undone (both initialised). */
static void fold_forms(const char *pw, struct buf *f, struct buf *g)
{
    struct buf swapped;
    buf_init(f, FOLD_MAX);
    buf_init(&swapped, FOLD_MAX);
    buf_init(g, FOLD_MAX);
    fold_compact(pw, strlen(pw), f);
    undo_swaps(pw, &swapped);
    fold_compact(buf_cstr(&swapped), swapped.len, g);
    buf_release(&swapped);
}

bool password_is_common(const char *pw)
{
    struct buf f, g;
    fold_forms(pw, &f, &g);
    bool hit = on_list(buf_cstr(&f)) || on_list(buf_cstr(&g));
    buf_release(&g);
    buf_release(&f);
    return hit;
}

/* The rules that look at the folded forms; NULL when none refuses. */
static const char *check_folded(const char *pw, const struct password_context *ctx)
{
    struct buf f, g, core;
    const char *msg = NULL;
    fold_forms(pw, &f, &g);
    buf_init(&core, FOLD_MAX);
    const char *forms[2] = {buf_cstr(&f), buf_cstr(&g)};
    for (size_t i = 0; !msg && i < MC_ARRAY_LEN(forms); i++) {
        if (on_list(forms[i]))
            msg = MSG_COMMON;
        else if (is_sequence(forms[i]))
            msg = MSG_SEQUENCE;
        else if (is_date(forms[i]))
            msg = MSG_DATE;
    }
    for (size_t i = 0; !msg && i < MC_ARRAY_LEN(forms); i++) {
        strip_digits(forms[i], &core);
        if (core.len >= CORE_MIN && core.len < strlen(forms[i]) && on_list(buf_cstr(&core)))
            msg = MSG_DECORATED;
    }
    if (!msg && personal(buf_cstr(&f), ctx))
        msg = MSG_PERSONAL;
    buf_release(&core);
    buf_release(&g);
    buf_release(&f);
    return msg;
}

enum mc_status password_check(const char *pw, const struct password_context *ctx,
                              const char **msg_out)
{
    const char *msg = NULL;
    size_t len = pw ? strlen(pw) : 0, chars = 0, distinct = 0;
    if (len == 0)
        msg = MSG_EMPTY;
    else if (len > PASSWORD_MAX_BYTES)
        msg = MSG_LONG;
    else if (!text_utf8_valid(pw, len))
        msg = MSG_UTF8;
    if (!msg) {
        count_chars(pw, &chars, &distinct);
        if (chars < PASSWORD_MIN_CHARS)
            msg = MSG_SHORT;
        else if (distinct < PASSWORD_MIN_DISTINCT)
            msg = MSG_DISTINCT;
        else
            msg = check_folded(pw, ctx);
    }
    if (msg_out)
        *msg_out = msg;
    return msg ? MC_ERR_INVALID : MC_OK;
}
