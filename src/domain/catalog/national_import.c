/*
 * national_import.c - parse the national procedure catalogue and the Lạng Sơn
 * online-level CSV (see national_import.h and docs/internals/catalog-import.md).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <jansson.h>
#include <utf8proc.h>
#include <zlib.h>
#include "domain/catalog/national_import.h"
#include "core/array.h"
#include "core/csv.h"
#include "core/jfield.h"
#include "core/mem.h"

/* Table headers as the source runs them together. */
#define HDR_CHANNELS  "Hình thức nộpThời gianPhí, lệ phíMô tả"
#define HDR_DOCUMENTS "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
#define HDR_LEGAL     "Tên văn bản pháp lýMã văn bản"
#define NO_INFO       "Không có thông tin"

/* ---- small text helpers ---- */

/* True when s[i..end) starts with lit. */
static bool at(const char *s, size_t i, size_t end, const char *lit)
{
    size_t n = strlen(lit);
    return end - i >= n && memcmp(s + i, lit, n) == 0;
}

/* A word of the portal's text and what it stands for (an enum or a flag). */
struct word_value {
    const char *word;
    int value;
};

/*
 * The length of the first word of t[0..n) that stands at s[i..end), with its
 * value in *value; 0 (*value untouched) when none does.
 */
static size_t word_at(const struct word_value *t, size_t n, const char *s, size_t i,
                      size_t end, int *value)
{
    for (size_t k = 0; k < n; k++) {
        if (at(s, i, end, t[k].word)) {
            *value = t[k].value;
            return strlen(t[k].word);
        }
    }
    return 0;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The Unicode category of the code point at s[i] (0 at end or bad UTF-8). */
static int category_at(const char *s, size_t i, size_t end)
{
    utf8proc_int32_t cp;
    if (i >= end)
        return 0;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(end - i), &cp);
    if (n <= 0)
        return 0;
    return utf8proc_category(cp);
}

static bool upper_at(const char *s, size_t i, size_t end)
{
    return category_at(s, i, end) == UTF8PROC_CATEGORY_LU;
}

static bool lower_at(const char *s, size_t i, size_t end)
{
    return category_at(s, i, end) == UTF8PROC_CATEGORY_LL;
}

/* Start of the UTF-8 character that ends just before i. */
static size_t prev_char(const char *s, size_t i)
{
    if (i == 0)
        return 0;
    i--;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* Trim spaces around s[*b..*e). */
static void trim(const char *s, size_t *b, size_t *e)
{
    while (*b < *e && is_space(s[*b]))
        (*b)++;
    while (*e > *b && is_space(s[*e - 1]))
        (*e)--;
}

/* A trimmed copy of s[b..e), or NULL when empty. */
static char *dup_trim(const char *s, size_t b, size_t e)
{
    trim(s, &b, &e);
    return b < e ? xstrndup(s + b, e - b) : NULL;
}

/* At most n bytes of s[b..e) for a message, cut on a character boundary. */
static int excerpt_len(const char *s, size_t b, size_t e, size_t n)
{
    size_t len = e - b;
    if (len > n) {
        len = n;
        while (len > 0 && ((unsigned char)s[b + len] & 0xC0) == 0x80)
            len--;
    }
    return (int)len;
}

/* ---- warnings ---- */

void national_warnings_init(struct national_warnings *w)
{
    memset(w, 0, sizeof(*w));
}

void national_warnings_release(struct national_warnings *w)
{
    strv_free(w->items, w->count);
    national_warnings_init(w);
}

static void warn(struct national_warnings *w, unsigned area, const char *fmt, ...)
    MC_PRINTF(3, 4);
static void warn(struct national_warnings *w, unsigned area, const char *fmt, ...)
{
    va_list ap;
    struct buf b;

    w->areas |= area;
    if (w->count >= NATIONAL_MAX_WARNINGS) {
        w->dropped++;
        return;
    }
    buf_init(&b, BUF_MAX_LINE);
    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    ARRAY_APPEND(w->items, w->count, w->cap, buf_detach(&b, NULL));
}

/* ---- numbers, times and fees ---- */

/*
 * An integer with optional thousands separators (',' or '.', groups of 3)
 * at s[i..end).  Returns bytes used (0 if no digit); *out the value.
 * A separator not followed by exactly three digits ends the number before it.
 */
static size_t parse_grouped(const char *s, size_t i, size_t end, int64_t *out)
{
    size_t p = i;
    int64_t v = 0;
    int digits = 0;
    while (p < end && is_digit(s[p])) {
        if (digits < 18)
            v = v * 10 + (s[p] - '0');
        digits++;
        p++;
    }
    if (p == i)
        return 0;
    while (p + 3 < end && (s[p] == ',' || s[p] == '.') && is_digit(s[p + 1]) &&
           is_digit(s[p + 2]) && is_digit(s[p + 3]) && !(p + 4 < end && is_digit(s[p + 4]))) {
        for (int k = 1; k <= 3; k++) {
            if (digits < 18)
                v = v * 10 + (s[p + k] - '0');
            digits++;
        }
        p += 4;
    }
    if (digits > 18)
        return 0;
    *out = v;
    return p - i;
}

/* A decimal number "7", "0.5", "1,5" at s[i..end); bytes used or 0. */
static size_t parse_decimal(const char *s, size_t i, size_t end, double *out)
{
    size_t p = i;
    double v = 0;
    while (p < end && is_digit(s[p]) && p - i < 9)
        v = v * 10 + (s[p++] - '0');
    if (p == i)
        return 0;
    if (p + 1 < end && (s[p] == '.' || s[p] == ',') && is_digit(s[p + 1])) {
        double scale = 0.1;
        p++;
        while (p < end && is_digit(s[p])) {
            v += (s[p++] - '0') * scale;
            scale /= 10;
        }
    }
    *out = v;
    return p;
}

static size_t skip_spaces(const char *s, size_t i, size_t end)
{
    while (i < end && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

static const struct word_value time_units[] = {
    /* Longer words first. */
    { "Ngày làm việc", PROC_UNIT_WORKING_DAY },
    { "ngày làm việc", PROC_UNIT_WORKING_DAY },
    { "Giờ làm việc", PROC_UNIT_WORKING_HOUR },
    { "giờ làm việc", PROC_UNIT_WORKING_HOUR },
    { "Ngày", PROC_UNIT_DAY },
    { "ngày", PROC_UNIT_DAY },
    { "Giờ", PROC_UNIT_HOUR },
    { "giờ", PROC_UNIT_HOUR },
    { "Tuần", PROC_UNIT_WEEK },
    { "tuần", PROC_UNIT_WEEK },
    { "Tháng", PROC_UNIT_MONTH },
    { "tháng", PROC_UNIT_MONTH },
    { "Năm", PROC_UNIT_YEAR },
    { "năm", PROC_UNIT_YEAR },
};

enum proc_time_state national_parse_time(const char *s, size_t len, double *min, double *max,
                                         enum proc_time_unit *unit, size_t *used)
{
    size_t p, q;
    double a, b;

    *used = 0;
    *min = *max = 0;
    *unit = PROC_UNIT_UNKNOWN;
    if (at(s, 0, len, NO_INFO)) {
        *used = strlen(NO_INFO);
        return PROC_TIME_NO_INFO;
    }
    p = parse_decimal(s, 0, len, &a);
    if (p == 0)
        return PROC_TIME_UNPARSED;
    b = a;
    /* A range "03 - 05". */
    q = skip_spaces(s, p, len);
    if (q < len && s[q] == '-') {
        size_t r = skip_spaces(s, q + 1, len);
        size_t e = parse_decimal(s, r, len, &b);
        if (e > r && b >= a)
            p = e;
        else
            b = a;
    }
    *min = a;
    *max = b;
    q = skip_spaces(s, p, len);
    int u = 0;
    size_t w = word_at(time_units, MC_ARRAY_LEN(time_units), s, q, len, &u);
    if (w) {
        *unit = (enum proc_time_unit)u;
        p = q + w;
    }
    *used = p;
    return PROC_TIME_VALUE;
}

/* Values: true for the dong. */
static const struct word_value currencies[] = {
    { "Việt Nam Đồng", true },
    { "Việt Nam đồng", true },
    { "VNĐ", true },
    { "VND", true },
    { "vnđ", true },
    { "Đồng", true },
    { "đồng", true },
    { "USD", false },
    { "đ", true },
    { "Đ", true },
};

/* The currency word at s[i..end): its length (0 if none) and *dong. */
static size_t currency_at(const char *s, size_t i, size_t end, bool *dong)
{
    int d = 0;
    size_t n = word_at(currencies, MC_ARRAY_LEN(currencies), s, i, end, &d);
    if (n)
        *dong = d != 0;
    return n;
}

enum proc_fee_state national_parse_fee(const char *s, size_t len, int64_t *dong, size_t *used)
{
    static const char *const free_words[] = {
        "Miễn phí", "miễn phí", "Miễn lệ phí", "Không thu", "không thu",
    };
    static const char *const prefixes[] = {
        "Lệ phí:", "lệ phí:", "Phí:", "phí:", "Lệ phí", "Phí",
    };
    size_t p = 0, n, c;
    int64_t v = 0;
    bool is_dong = true;

    *dong = 0;
    *used = 0;
    if (at(s, 0, len, NO_INFO)) {
        *used = strlen(NO_INFO);
        return PROC_FEE_NO_INFO;
    }
    for (size_t i = 0; i < MC_ARRAY_LEN(free_words); i++) {
        if (at(s, 0, len, free_words[i])) {
            *used = strlen(free_words[i]);
            return PROC_FEE_FREE;
        }
    }
    for (size_t i = 0; i < MC_ARRAY_LEN(prefixes); i++) {
        if (at(s, 0, len, prefixes[i])) {
            p = skip_spaces(s, strlen(prefixes[i]), len);
            break;
        }
    }
    n = parse_grouped(s, p, len, &v);
    if (n == 0) {
        /* "Không" alone (not the start of a longer phrase) means no fee. */
        if (p == 0 && at(s, 0, len, "Không")) {
            size_t e = strlen("Không");
            if (e == len || !(lower_at(s, e, len) || s[e] == ' '))
                goto free_fee;
            if (at(s, e, len, " thu") || at(s, e, len, " có phí") ||
                at(s, e, len, " mất phí")) {
                size_t k = e;
                while (k < len && !(s[k] == '(' || s[k] == ';' || s[k] == '.' || s[k] == '\n'))
                    k++;
                *used = k;
                return PROC_FEE_FREE;
            }
        }
        return PROC_FEE_UNPARSED;
    }
    p += n;
    c = currency_at(s, skip_spaces(s, p, len), len, &is_dong);
    if (c == 0)
        return PROC_FEE_UNPARSED;
    p = skip_spaces(s, p, len) + c;
    *used = p;
    if (!is_dong)
        return PROC_FEE_FOREIGN;
    *dong = v;
    return v == 0 ? PROC_FEE_FREE : PROC_FEE_AMOUNT;
free_fee:
    *used = strlen("Không");
    return PROC_FEE_FREE;
}

/* ---- channels (cach_thuc_thuc_hien) ---- */

static const struct word_value channel_words[] = {
    { "Dịch vụ bưu chính công ích", PROC_CHANNEL_POSTAL },
    { "Dịch vụ bưu chính", PROC_CHANNEL_POSTAL },
    { "Trực tiếp", PROC_CHANNEL_DIRECT },
    { "Trực tuyến", PROC_CHANNEL_ONLINE },
};

/* Length of the channel word at s[i] (0 if none); *kind set. */
static size_t channel_at(const char *s, size_t i, size_t end, enum proc_channel_kind *kind)
{
    int k = PROC_CHANNEL_DIRECT;
    size_t n = word_at(channel_words, MC_ARRAY_LEN(channel_words), s, i, end, &k);
    *kind = (enum proc_channel_kind)k;
    return n;
}

/*
 * Is a table row starting at s[i]?  A channel word followed directly by a
 * digit or "Không" (the time cell), or glued to the previous text and
 * followed directly by a capital (a time cell in words).
 */
static bool row_start_at(const char *s, size_t i, size_t begin, size_t end)
{
    enum proc_channel_kind kind;
    size_t n = channel_at(s, i, end, &kind);
    if (n == 0)
        return false;
    size_t q = i + n;
    if (q < end && is_digit(s[q]))
        return true;
    if (at(s, q, end, "Không"))
        return true;
    return i > begin && !is_space(s[i - 1]) && upper_at(s, q, end);
}

static size_t next_row(const char *s, size_t from, size_t begin, size_t end)
{
    for (size_t i = from; i < end; i++)
        if ((s[i] == 'T' || s[i] == 'D') && row_start_at(s, i, begin, end))
            return i;
    return end;
}

/* Where a fee cell starts in s[from..end), for a time cell given in words. */
static size_t find_fee(const char *s, size_t from, size_t end)
{
    for (size_t i = from; i < end; i++) {
        if (at(s, i, end, "Miễn phí") || at(s, i, end, NO_INFO))
            return i;
        if (is_digit(s[i]) && (i == from || !is_digit(s[i - 1]))) {
            int64_t v;
            bool d;
            size_t n = parse_grouped(s, i, end, &v);
            if (n && currency_at(s, skip_spaces(s, i + n, end), end, &d) &&
                at(s, skip_spaces(s, i + n, end), end, "Việt Nam Đồng"))
                return i;
            if (n && at(s, skip_spaces(s, i + n, end), end, "VNĐ"))
                return i;
        }
    }
    return end;
}

/* End of a parenthesised note starting at s[i] == '(' (balanced), or i. */
static size_t skip_note(const char *s, size_t i, size_t end)
{
    int depth = 0;
    for (size_t p = i; p < end; p++) {
        if (s[p] == '(')
            depth++;
        else if (s[p] == ')' && --depth == 0)
            return p + 1;
    }
    return i;
}

static void parse_channels(struct procedure *p, const char *s, size_t len,
                           struct national_warnings *w)
{
    const char *F = "cach_thuc_thuc_hien";
    size_t begin = 0, i;
    int row = 0;

    if (len == 0 || at(s, 0, len, NO_INFO)) {
        warn(w, NAT_AREA_CHANNELS, "%s: không có thông tin về cách thức nộp", F);
        return;
    }
    if (at(s, 0, len, HDR_CHANNELS))
        begin = strlen(HDR_CHANNELS);
    else
        warn(w, NAT_AREA_CHANNELS, "%s: thiếu dòng tiêu đề bảng", F);
    i = begin;
    {
        enum proc_channel_kind k;
        if (channel_at(s, i, len, &k) == 0) {
            i = next_row(s, begin, begin, len);
            warn(w, NAT_AREA_CHANNELS, "%s: không nhận ra hình thức nộp ở đầu bảng", F);
        }
    }
    while (i < len) {
        enum proc_channel_kind kind;
        size_t n = channel_at(s, i, len, &kind), q, t0, f0, next;
        const char *kname;

        row++;
        if (p->nchannels >= NATIONAL_MAX_CHANNELS) {
            warn(w, NAT_AREA_CHANNELS, "%s: quá %u hình thức nộp, bỏ phần sau", F,
                 NATIONAL_MAX_CHANNELS);
            return;
        }
        struct proc_channel *c = procedure_add_channel(p, kind);
        kname = proc_channel_kind_name(kind);
        q = i + n;
        next = next_row(s, q, begin, len);

        /* Time cell. */
        t0 = q;
        size_t used;
        c->time_state = national_parse_time(s + q, next - q, &c->time_min, &c->time_max,
                                            &c->time_unit, &used);
        bool fee_done = false;
        if (c->time_state == PROC_TIME_UNPARSED) {
            size_t f = find_fee(s, q, next);
            c->time_raw = dup_trim(s, q, f);
            warn(w, NAT_AREA_TIME, "%s, hàng %d (%s): thời gian \"%.*s\" không phải số", F,
                 row, kname, excerpt_len(s, q, f, 80), s + q);
            q = f;
        } else {
            q += used;
            c->time_raw = dup_trim(s, t0, q);
            if (c->time_state == PROC_TIME_VALUE && c->time_unit == PROC_UNIT_UNKNOWN) {
                int64_t v;
                bool d;
                size_t cur = skip_spaces(s, q, next);
                if (currency_at(s, cur, next, &d) && parse_grouped(s, t0, next, &v)) {
                    /* "120 VNĐ": time and fee digits run together. */
                    c->time_state = PROC_TIME_UNPARSED;
                    c->fee_state = PROC_FEE_UNPARSED;
                    size_t e = cur + currency_at(s, cur, next, &d);
                    if (e < next && s[e] == '(')
                        e = skip_note(s, e, next);
                    free(c->time_raw);
                    c->time_raw = dup_trim(s, t0, q);
                    c->fee_raw = dup_trim(s, t0, e);
                    warn(w, NAT_AREA_TIME | NAT_AREA_FEE,
                         "%s, hàng %d (%s): không tách được thời gian và phí trong \"%.*s\"",
                         F, row, kname, excerpt_len(s, t0, e, 80), s + t0);
                    q = e;
                    fee_done = true;
                } else {
                    warn(w, NAT_AREA_TIME_UNIT,
                         "%s, hàng %d (%s): thời gian \"%.*s\" không có đơn vị", F, row,
                         kname, excerpt_len(s, t0, q, 40), s + t0);
                }
            }
        }

        /* Fee cell and its note. */
        if (!fee_done) {
            f0 = q;
            c->fee_state = national_parse_fee(s + q, next - q, &c->fee_dong, &used);
            if (c->fee_state == PROC_FEE_UNPARSED) {
                warn(w, NAT_AREA_FEE, "%s, hàng %d (%s): không đọc được phí \"%.*s\"", F, row,
                     kname, excerpt_len(s, q, next, 60), s + q);
            } else {
                q += used;
                if (q < next && s[q] == '(')
                    q = skip_note(s, q, next);
                c->fee_raw = dup_trim(s, f0, q);
                if (c->fee_state == PROC_FEE_AMOUNT && c->fee_dong < 1000)
                    warn(w, NAT_AREA_FEE, "%s, hàng %d (%s): phí %lld đồng thấp bất thường, "
                         "kiểm tra lại \"%.*s\"", F, row, kname, (long long)c->fee_dong,
                         excerpt_len(s, f0, q, 80), s + f0);
                if (c->fee_state == PROC_FEE_FOREIGN)
                    warn(w, NAT_AREA_FEE, "%s, hàng %d (%s): phí bằng ngoại tệ \"%.*s\"", F,
                         row, kname, excerpt_len(s, f0, q, 60), s + f0);
            }
        }

        /* Description up to the next row. */
        if (c->fee_state == PROC_FEE_UNPARSED && !fee_done)
            c->fee_raw = dup_trim(s, q, next);
        else
            c->description = dup_trim(s, q, next);
        i = next;
    }
    if (p->nchannels == 0)
        warn(w, NAT_AREA_CHANNELS, "%s: không tìm thấy hình thức nộp nào", F);
}

/* ---- documents (thanh_phan_ho_so) ---- */

static const char *const template_exts[] = { ".docx", ".doc", ".pdf", ".xlsx", ".xls", ".rar",
                                             ".zip" };

/*
 * A count cell starts at the digits just before s[i] == "bản chính" / "bản
 * sao"?  On success *db (digit start) and *ce (cell end) are set.
 */
static bool count_cell_at(const char *s, size_t i, size_t end, size_t *db, size_t *ce,
                          unsigned *orig, unsigned *copies, bool *is_orig)
{
    size_t e;
    if (at(s, i, end, "bản chính")) {
        *is_orig = true;
        e = i + strlen("bản chính");
    } else if (at(s, i, end, "bản sao")) {
        *is_orig = false;
        e = i + strlen("bản sao");
    } else {
        return false;
    }
    if (i < 2 || s[i - 1] != ' ' || !is_digit(s[i - 2]))
        return false;
    size_t d = i - 1;
    while (d > 0 && is_digit(s[d - 1]))
        d--;
    *orig = *copies = 0;
    if (*is_orig) {
        /* ",1 bản sao" may follow. */
        if (e < end && s[e] == ',' && e + 1 < end && is_digit(s[e + 1])) {
            size_t k = e + 1;
            unsigned v = 0;
            while (k < end && is_digit(s[k]) && v < 1000)
                v = v * 10 + (unsigned)(s[k++] - '0');
            if (at(s, k, end, " bản sao")) {
                *copies = v;
                e = k + strlen(" bản sao");
            }
        }
    }
    /* A count inside a sentence ("01 bản sao có chứng thực") is not a cell. */
    if (e < end && (s[e] == ' ' || s[e] == ',' || s[e] == ';' || s[e] == ')' ||
                    s[e] == ':'))
        return false;
    *db = d;
    *ce = e;
    return true;
}

/*
 * Find where the template file name starts in s[b..x) (x = start of the
 * extension): the nearest capital glued to the text before it, after a
 * lowercase letter, ';', ')', a letter + '.', or in "CPMus" (an acronym
 * followed by a capitalised word).  Returns x when none is found within
 * 120 bytes.
 */
static size_t template_start(const char *s, size_t b, size_t x)
{
    size_t limit = x > b + 120 ? x - 120 : b;
    size_t i = prev_char(s, x);
    while (i > limit) {
        size_t pi = prev_char(s, i);
        if (upper_at(s, i, x) && pi >= b) {
            char pc = s[pi];
            if (lower_at(s, pi, x) || pc == ';' || pc == ')')
                return i;
            if (pc == '.' && pi > b) {
                size_t ppi = prev_char(s, pi);
                if (lower_at(s, ppi, x) || upper_at(s, ppi, x) || s[ppi] == ')')
                    return i;
            }
            size_t ni = i + (size_t)utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                                     (utf8proc_ssize_t)(x - i),
                                                     &(utf8proc_int32_t){0});
            if (upper_at(s, pi, x) && lower_at(s, ni, x))
                return i;
        }
        i = pi;
    }
    return x;
}

static void add_document(struct procedure *p, const char *s, size_t b, size_t e,
                         const char *group, bool count_known, unsigned orig, unsigned copies,
                         struct national_warnings *w)
{
    const char *F = "thanh_phan_ho_so";
    trim(s, &b, &e);
    if (p->ndocuments >= NATIONAL_MAX_DOCUMENTS) {
        if (p->ndocuments == NATIONAL_MAX_DOCUMENTS)
            warn(w, NAT_AREA_DOCUMENTS, "%s: quá %u giấy tờ, bỏ phần sau", F,
                 NATIONAL_MAX_DOCUMENTS);
        return;
    }
    struct proc_document *d = procedure_add_document(p);
    d->count_known = count_known;
    d->originals = orig;
    d->copies = copies;
    d->group = group ? xstrdup(group) : NULL;
    /* A template file name glued to the end of the name. */
    size_t x = e;
    for (size_t k = 0; k < MC_ARRAY_LEN(template_exts); k++) {
        size_t n = strlen(template_exts[k]);
        if (e - b > n && memcmp(s + e - n, template_exts[k], n) == 0) {
            x = e - n;
            break;
        }
    }
    if (x < e) {
        size_t t = template_start(s, b, x);
        if (t == x || t == b) {
            warn(w, NAT_AREA_TEMPLATE, "%s, giấy tờ %zu: không tách được tên mẫu khỏi \"%.*s\"",
                 F, p->ndocuments, excerpt_len(s, b, e, 80), s + b);
            d->name = dup_trim(s, b, e);
        } else {
            d->name = dup_trim(s, b, t);
            d->template_name = dup_trim(s, t, e);
            /* Two templates glued together ("A.docxB.docx"): the split is unsure. */
            for (size_t k = 0; d->name && k < MC_ARRAY_LEN(template_exts); k++) {
                if (strstr(d->name, template_exts[k])) {
                    warn(w, NAT_AREA_TEMPLATE, "%s, giấy tờ %zu: có nhiều tệp mẫu dính nhau, "
                         "tên mẫu \"%s\" có thể chưa đủ", F, p->ndocuments, d->template_name);
                    break;
                }
            }
        }
    } else {
        d->name = dup_trim(s, b, e);
    }
    if (!d->name)
        warn(w, NAT_AREA_DOCUMENTS, "%s, giấy tờ %zu: thiếu tên giấy tờ", F, p->ndocuments);
}

/* The heading of a document group; "--" (the source's "none") is NULL. */
static char *group_heading(const char *s, size_t b, size_t e)
{
    char *g = dup_trim(s, b, e);
    if (g && strspn(g, "-") == strlen(g)) {
        free(g);
        g = NULL;
    }
    return g;
}

static void parse_documents(struct procedure *p, const char *s, size_t len,
                            struct national_warnings *w)
{
    const char *F = "thanh_phan_ho_so";
    size_t hl = strlen(HDR_DOCUMENTS);
    size_t i, b;
    char *group = NULL;
    const char *h;

    {
        size_t tb = 0, te = len;
        trim(s, &tb, &te);
        if (tb == te || at(s, tb, te, NO_INFO))
            goto out;
    }
    h = memmem(s, len, HDR_DOCUMENTS, hl);
    if (!h) {
        warn(w, NAT_AREA_DOCUMENTS, "%s: không nhận ra bảng giấy tờ", F);
        goto out;
    }
    i = (size_t)(h - s);
    group = group_heading(s, 0, i);
    b = i + hl;
    i = b;
    while (i < len) {
        size_t db, ce;
        unsigned orig, copies;
        bool is_orig;
        if (at(s, i, len, HDR_DOCUMENTS)) {
            /* A new group; text since the last count is its heading. */
            free(group);
            group = group_heading(s, b, i);
            i += hl;
            b = i;
            continue;
        }
        if (s[i] == 'b' &&
            count_cell_at(s, i, len, &db, &ce, &orig, &copies, &is_orig)) {
            size_t nd = (i - 1) - db;      /* digits in the run */
            size_t cd = db;                /* where the count digits start */
            if (nd > 4 && db > 0 && s[db - 1] == '/') {
                cd = db + 4;               /* "24/7/20231 bản chính": year + 1 */
            } else if (nd >= 3 || (nd == 2 && s[db] != '0' && db > b && !is_space(s[db - 1]))) {
                cd = i - 2;
                warn(w, NAT_AREA_DOCUMENTS,
                     "%s, giấy tờ %zu: số lượng \"%.*s\" dính vào tên, lấy chữ số cuối", F,
                     p->ndocuments + 1, (int)nd, s + db);
            }
            unsigned v = 0;
            for (size_t k = cd; k < i - 1 && v < 1000; k++)
                v = v * 10 + (unsigned)(s[k] - '0');
            if (is_orig)
                orig = v;
            else
                copies = v;
            add_document(p, s, b, cd, group, true, orig, copies, w);
            i = ce;
            b = ce;
            continue;
        }
        i++;
    }
    {
        size_t tb = b, te = len;
        trim(s, &tb, &te);
        if (tb < te) {
            warn(w, NAT_AREA_DOCUMENTS, "%s: \"%.*s\" không có số lượng", F,
                 excerpt_len(s, tb, te, 80), s + tb);
            add_document(p, s, tb, te, group, false, 0, 0, w);
        }
    }
    if (p->ndocuments == 0)
        warn(w, NAT_AREA_DOCUMENTS, "%s: bảng giấy tờ trống", F);
out:
    free(group);
}

/* ---- legal basis (can_cu_phap_ly) ---- */

/* Code characters after "number/year/": A-Z, 0-9, '-', 'Đ'. */
static size_t code_char_at(const char *s, size_t i, size_t end)
{
    char c = s[i];
    if ((c >= 'A' && c <= 'Z') || is_digit(c) || c == '-')
        return 1;
    if (at(s, i, end, "Đ"))
        return strlen("Đ");
    return 0;
}

/*
 * A document number "68/2013/TT-BCA" whose '/' before the year is at s[k].
 * Sets *cb, *ce; false if not a number.
 */
static bool legal_code_at(const char *s, size_t k, size_t b, size_t end, size_t *cb,
                          size_t *ce)
{
    size_t d = k, e;
    while (d > b && is_digit(s[d - 1]))
        d--;
    if (d == k || k + 6 > end)
        return false;
    for (size_t j = 1; j <= 4; j++)
        if (!is_digit(s[k + j]))
            return false;
    if (s[k + 5] != '/')
        return false;
    /* "năm 201102/2011/QH13": a year glued before the number. */
    if (k - d > 4 && (at(s, d, end, "19") || at(s, d, end, "20")))
        d += 4;
    e = k + 6;
    size_t start = e, n;
    while (e < end && (n = code_char_at(s, e, end)) > 0) {
        /* "BCALuật": a capital followed by lowercase starts the next title. */
        if (at(s, e, end, "TTg") && !lower_at(s, e + 3, end)) {
            e += 3;              /* "QĐ-TTg", the Prime Minister */
            continue;
        }
        if (n == 1 && s[e] >= 'A' && s[e] <= 'Z' && e > start && lower_at(s, e + 1, end))
            break;
        e += n;
    }
    if (e < end && s[e] == '/') {
        /* "QH1451/2019/QH14": keep two trailing digits, the rest begins the next. */
        size_t t = e;
        while (t > start && is_digit(s[t - 1]))
            t--;
        if (e - t >= 3)
            e = t + 2;
        else
            e = t;
    }
    if (e == start)
        return false;
    *cb = d;
    *ce = e;
    return true;
}

static void parse_legal(struct procedure *p, const char *s, size_t len,
                        struct national_warnings *w)
{
    const char *F = "can_cu_phap_ly";
    size_t b, i;
    {
        size_t tb = 0, te = len;
        trim(s, &tb, &te);
        if (tb == te || at(s, tb, te, NO_INFO))
            return;
    }
    if (!at(s, 0, len, HDR_LEGAL)) {
        warn(w, NAT_AREA_LEGAL, "%s: không nhận ra bảng văn bản", F);
        return;
    }
    b = i = strlen(HDR_LEGAL);
    while (i < len) {
        size_t cb, ce;
        if (s[i] == '/' && legal_code_at(s, i, b, len, &cb, &ce)) {
            /* A row ends with its number: at the end, or glued to the next title. */
            size_t nx = ce, cb2, ce2;
            bool code_follows = false;
            for (size_t k = nx; k < len && k < nx + 8 && is_digit(s[k]); k++)
                if (k + 1 < len && s[k + 1] == '/' && legal_code_at(s, k + 1, nx, len, &cb2, &ce2))
                    code_follows = true;
            if (ce == len || (!is_space(s[ce]) && !code_follows && s[ce] != ',' &&
                              s[ce] != ')' && s[ce] != ';' && s[ce] != '.')) {
                if (p->nlegal >= NATIONAL_MAX_LEGAL) {
                    warn(w, NAT_AREA_LEGAL, "%s: quá %u văn bản", F, NATIONAL_MAX_LEGAL);
                    return;
                }
                struct proc_legal *l = procedure_add_legal(p);
                l->title = dup_trim(s, b, cb);
                l->number = xstrndup(s + cb, ce - cb);
                if (!l->title)
                    warn(w, NAT_AREA_LEGAL, "%s: văn bản %s thiếu tên", F, l->number);
                b = i = ce;
                continue;
            }
            i = ce;
            continue;
        }
        i++;
    }
    {
        size_t tb = b, te = len;
        trim(s, &tb, &te);
        if (tb < te && p->nlegal < NATIONAL_MAX_LEGAL) {
            struct proc_legal *l = procedure_add_legal(p);
            l->title = dup_trim(s, tb, te);
            warn(w, NAT_AREA_LEGAL, "%s: không tìm thấy số hiệu của \"%.*s\"", F,
                 excerpt_len(s, tb, te, 80), s + tb);
        }
    }
}

/* ---- levels and result ---- */

static void parse_levels(struct procedure *p, const char *s, size_t len,
                         struct national_warnings *w)
{
    static const struct {
        const char *word;
        unsigned bit;
    } levels[] = {
        { "Cấp bộ", PROC_LEVEL_MINISTRY },
        { "Cấp tỉnh", PROC_LEVEL_PROVINCE },
        { "Cấp xã", PROC_LEVEL_COMMUNE },
        { "Cơ quan khác", PROC_LEVEL_OTHER },
    };
    size_t i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && s[e] != ',')
            e++;
        size_t tb = i, te = e;
        trim(s, &tb, &te);
        if (tb < te) {
            size_t k;
            for (k = 0; k < MC_ARRAY_LEN(levels); k++) {
                if (te - tb == strlen(levels[k].word) && at(s, tb, te, levels[k].word)) {
                    p->levels |= levels[k].bit;
                    break;
                }
            }
            if (k == MC_ARRAY_LEN(levels))
                warn(w, NAT_AREA_LEVELS, "cap_thuc_hien: cấp \"%.*s\" không rõ",
                     excerpt_len(s, tb, te, 60), s + tb);
        }
        i = e + 1;
    }
    if (p->levels == 0)
        warn(w, NAT_AREA_LEVELS, "cap_thuc_hien: không có cấp thực hiện");
}

static void parse_result(struct procedure *p, const char *s, size_t len)
{
    size_t tb = 0, te = len;
    trim(s, &tb, &te);
    if (tb == te || (te - tb == strlen(NO_INFO) && at(s, tb, te, NO_INFO)))
        return;
    const char *m = memmem(s, len, "Mã: ", strlen("Mã: "));
    p->result = dup_trim(s, 0, m ? (size_t)(m - s) : len);
}

/* ---- the record ---- */

/*
 * The string member key of obj (*s, *len), or NULL and 0 when absent or empty.
 * A non-string or an over-long value is a warning and treated as absent.
 */
static void member(json_t *obj, const char *key, const char **s, size_t *len,
                   struct national_warnings *w)
{
    struct jfield_error e;
    jfield_error_init(&e);
    *s = jfield_get_str(obj, key, 0, NATIONAL_MAX_TEXT, &e);
    *len = *s ? strlen(*s) : 0;
    if (e.status != MC_OK)
        warn(w, NAT_AREA_FIELDS, "%s", e.message);
}

/* A trimmed copy of the member, or NULL. */
static char *member_dup(json_t *obj, const char *key, struct national_warnings *w)
{
    const char *s;
    size_t len;
    member(obj, key, &s, &len, w);
    return s ? dup_trim(s, 0, len) : NULL;
}

/* "1.001193": digits, '.', six digits. */
static bool valid_code(const char *s)
{
    size_t i = 0;
    while (is_digit(s[i]))
        i++;
    if (i == 0 || i > 3 || s[i] != '.')
        return false;
    for (size_t k = 1; k <= 6; k++)
        if (!is_digit(s[i + k]))
            return false;
    return s[i + 7] == '\0';
}

enum mc_status national_parse_record(const char *json, size_t len, struct procedure *p,
                                     struct national_warnings *w, struct buf *err)
{
    enum mc_status st = MC_OK;
    json_error_t jerr;
    json_t *root = NULL;
    const char *s;
    size_t n;

    if (len > NATIONAL_MAX_LINE) {
        buf_addf(err, "bản ghi dài quá %u byte", NATIONAL_MAX_LINE);
        st = MC_ERR_TOO_LARGE;
        goto out;
    }
    root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        buf_addf(err, "JSON không hợp lệ ở cột %d", jerr.column);
        st = MC_ERR_INVALID;
        goto out;
    }
    if (!json_is_object(root)) {
        buf_adds(err, "bản ghi không phải là đối tượng JSON");
        st = MC_ERR_INVALID;
        goto out;
    }
    p->code = member_dup(root, "ma_thu_tuc", w);
    if (!p->code) {
        buf_adds(err, "thiếu mã thủ tục (ma_thu_tuc)");
        st = MC_ERR_INVALID;
        goto out;
    }
    if (!valid_code(p->code)) {
        buf_addf(err, "mã thủ tục \"%.40s\" không đúng dạng (ví dụ 1.001193)", p->code);
        st = MC_ERR_INVALID;
        goto out;
    }
    p->name = member_dup(root, "ten_thu_tuc", w);
    if (!p->name) {
        buf_addf(err, "thủ tục %s thiếu tên (ten_thu_tuc)", p->code);
        st = MC_ERR_INVALID;
        goto out;
    }
    p->field = member_dup(root, "linh_vuc", w);
    p->kind = member_dup(root, "loai_thu_tuc", w);
    p->applicants = member_dup(root, "doi_tuong_thuc_hien", w);
    p->competent_agency = member_dup(root, "co_quan_co_tham_quyen", w);
    p->implementing_agency = member_dup(root, "co_quan_thuc_hien", w);
    p->decision_number = member_dup(root, "so_quyet_dinh", w);
    p->source_url = member_dup(root, "detail_url", w);
    p->steps = member_dup(root, "trinh_tu_thuc_hien", w);
    p->conditions = member_dup(root, "yeu_cau_dieu_kien", w);

    member(root, "cap_thuc_hien", &s, &n, w);
    parse_levels(p, s ? s : "", n, w);

    member(root, "cach_thuc_thuc_hien", &s, &n, w);
    p->channels_raw = s ? xstrndup(s, n) : NULL;
    parse_channels(p, s ? s : "", n, w);

    member(root, "thanh_phan_ho_so", &s, &n, w);
    p->documents_raw = s ? xstrndup(s, n) : NULL;
    parse_documents(p, s ? s : "", n, w);

    member(root, "can_cu_phap_ly", &s, &n, w);
    p->legal_raw = s ? xstrndup(s, n) : NULL;
    parse_legal(p, s ? s : "", n, w);

    member(root, "ket_qua_xu_ly", &s, &n, w);
    p->result_raw = s ? xstrndup(s, n) : NULL;
    parse_result(p, s ? s : "", n);
out:
    json_decref(root);
    return st;
}

/* ---- the JSON-lines file ---- */

enum mc_status national_file_open(struct national_file *f, const char *path, struct buf *err)
{
    enum mc_status st = MC_OK;

    f->gz = NULL;
    f->line_no = 0;
    f->eof = false;
    buf_init(&f->line, NATIONAL_MAX_LINE);
    errno = 0;
    f->gz = gzopen(path, "rb");
    if (!f->gz) {
        st = errno == ENOENT ? MC_ERR_NOT_FOUND : MC_ERR_IO;
        buf_addf(err, "không mở được tệp %s", path);
        goto out;
    }
    gzbuffer(f->gz, 128u * 1024);
out:
    return st;
}

enum mc_status national_file_next(struct national_file *f, const char **line, size_t *len,
                                  unsigned long *line_no, struct buf *err)
{
    enum mc_status st = MC_OK;
    char chunk[8192];

    *line = NULL;
    *len = 0;
    for (;;) {
        bool got_newline = false, any = false;
        buf_reset(&f->line);
        if (f->eof || !f->gz) {
            st = MC_ERR_NOT_FOUND;
            goto out;
        }
        while (gzgets(f->gz, chunk, sizeof(chunk))) {
            size_t n = strlen(chunk);
            any = true;
            if (n && chunk[n - 1] == '\n') {
                got_newline = true;
                n--;
            }
            buf_add(&f->line, chunk, n);
            if (got_newline)
                break;
        }
        if (!got_newline) {
            int zerr;
            gzerror(f->gz, &zerr);
            if (zerr != Z_OK && zerr != Z_STREAM_END) {
                buf_addf(err, "lỗi đọc hoặc giải nén tệp sau dòng %lu", f->line_no);
                st = MC_ERR_IO;
                f->eof = true;
                goto out;
            }
            f->eof = true;
            if (!any) {
                st = MC_ERR_NOT_FOUND;
                goto out;
            }
        }
        f->line_no++;
        *line_no = f->line_no;
        if (buf_status(&f->line) != MC_OK) {
            buf_addf(err, "dòng %lu dài quá %u byte", f->line_no, NATIONAL_MAX_LINE);
            st = MC_ERR_TOO_LARGE;
            goto out;
        }
        size_t n = f->line.len;
        while (n && (f->line.data[n - 1] == '\r' || is_space(f->line.data[n - 1])))
            n--;
        if (n == 0)
            continue;
        f->line.data[n] = '\0';
        f->line.len = n;
        *line = f->line.data;
        *len = n;
        goto out;
    }
out:
    return st;
}

void national_file_close(struct national_file *f)
{
    if (f->gz)
        gzclose(f->gz);
    f->gz = NULL;
    buf_release(&f->line);
}

/* ---- the Lạng Sơn online-level CSV ---- */

enum mc_status national_online_level_parse(const char *s, size_t len,
                                           enum proc_online_level *out)
{
    static const struct {
        const char *word;
        enum proc_online_level level;
    } words[] = {
        { "Toàn trình", PROC_ONLINE_FULL },
        { "Một phần", PROC_ONLINE_PARTIAL },
        { "Mức độ 2", PROC_ONLINE_NONE },
        { "Mức độ 1", PROC_ONLINE_NONE },
        { "Mức độ 4", PROC_ONLINE_FULL },
        { "Mức độ 3", PROC_ONLINE_PARTIAL },
    };
    enum mc_status st = MC_ERR_INVALID;
    size_t b = 0, e = len;

    trim(s, &b, &e);
    *out = PROC_ONLINE_UNKNOWN;
    for (size_t k = 0; k < MC_ARRAY_LEN(words); k++) {
        size_t n = strlen(words[k].word);
        if (e - b != n)
            continue;
        size_t i;
        for (i = 0; i < n; i++) {
            char a = s[b + i], c = words[k].word[i];
            if (a >= 'A' && a <= 'Z')
                a = (char)(a - 'A' + 'a');
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (a != c)
                break;
        }
        if (i == n) {
            *out = words[k].level;
            st = MC_OK;
            break;
        }
    }
    return st;
}

void online_level_list_init(struct online_level_list *l)
{
    memset(l, 0, sizeof(*l));
}

void online_level_list_release(struct online_level_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].code);
        free(l->items[i].national_code);
    }
    free(l->items);
    online_level_list_init(l);
}

/* "1.010010.000.00.00.H37" -> "1.010010"; NULL when not of that form. */
static char *national_prefix(const char *code, size_t len)
{
    size_t i = 0;
    while (i < len && is_digit(code[i]))
        i++;
    if (i == 0 || i > 3 || i >= len || code[i] != '.')
        return NULL;
    for (size_t k = 1; k <= 6; k++)
        if (i + k >= len || !is_digit(code[i + k]))
            return NULL;
    if (i + 7 < len && code[i + 7] != '.')
        return NULL;
    return xstrndup(code, i + 7);
}

enum mc_status online_level_list_load(FILE *fp, struct online_level_list *out,
                                      struct national_warnings *w, struct buf *err)
{
    enum mc_status st;
    struct csv_reader r;
    struct csv_record rec;
    struct csv_column cols[] = {
        { .name = "ma_tthc", .required = true },
        { .name = "muc_do_dvc", .required = true },
    };
    const char *bad = NULL;

    csv_reader_init_file(&r, fp, NULL);
    st = csv_reader_next(&r, &rec);
    if (st == CSV_END) {
        buf_adds(err, "tệp trống");
        st = MC_ERR_INVALID;
        goto out;
    }
    if (st != MC_OK) {
        buf_adds(err, csv_reader_message(&r));
        goto out;
    }
    st = csv_header_map(&rec, cols, MC_ARRAY_LEN(cols), &bad);
    if (st != MC_OK) {
        buf_addf(err, st == MC_ERR_NOT_FOUND ? "thiếu cột %s" : "cột %s bị lặp", bad);
        st = MC_ERR_INVALID;
        goto out;
    }
    while ((st = csv_reader_next(&r, &rec)) == MC_OK) {
        struct csv_field code = csv_record_get(&rec, cols[0].index);
        struct csv_field lvl = csv_record_get(&rec, cols[1].index);
        enum proc_online_level level;
        size_t cb = 0, ce = code.len;
        trim(code.ptr, &cb, &ce);
        if (cb == ce) {
            warn(w, NAT_AREA_FIELDS, "dòng %lu: thiếu mã thủ tục", rec.line);
            continue;
        }
        if (national_online_level_parse(lvl.ptr, lvl.len, &level) != MC_OK) {
            warn(w, NAT_AREA_FIELDS, "dòng %lu: mức độ \"%.*s\" không rõ", rec.line,
                 excerpt_len(lvl.ptr, 0, lvl.len, 40), lvl.ptr);
            continue;
        }
        struct online_level_entry *e = ARRAY_PUSH(out->items, out->count, out->cap);
        e->code = xstrndup(code.ptr + cb, ce - cb);
        e->national_code = national_prefix(code.ptr + cb, ce - cb);
        e->level = level;
        e->line = rec.line;
        if (!e->national_code)
            warn(w, NAT_AREA_FIELDS, "dòng %lu: mã \"%s\" không phải mã quốc gia", rec.line,
                 e->code);
    }
    if (st == CSV_END) {
        st = MC_OK;
    } else {
        buf_adds(err, csv_reader_message(&r));
    }
out:
    csv_reader_release(&r);
    return st;
}

enum proc_online_level online_level_list_find(const struct online_level_list *l,
                                              const char *national_code)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].national_code && strcmp(l->items[i].national_code, national_code) == 0)
            return l->items[i].level;
    return PROC_ONLINE_UNKNOWN;
}
