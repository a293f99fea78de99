/* sms_text.c - SMS length and templates (see sms_text.h). */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>
#include "domain/notify/sms_text.h"
#include "core/text.h"

/* The GSM 03.38 default alphabet beyond printable ASCII, and the ASCII it lacks. */
static const utf8proc_int32_t gsm_extra[] = {
    0x00A3, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, 0x00F2, 0x00C7, 0x00D8, 0x00F8,
    0x00C5, 0x00E5, 0x0394, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8, 0x03A3,
    0x0398, 0x039E, 0x00C6, 0x00E6, 0x00DF, 0x00C9, 0x00A4, 0x00A1, 0x00C4, 0x00D6,
    0x00D1, 0x00DC, 0x00A7, 0x00BF, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,
};

/* Units of cp in GSM-7: 1, 2 (extension table) or 0 (not in the alphabet). */
static int gsm_units(utf8proc_int32_t cp)
{
    if (cp == '\n' || cp == '\r')
        return 1;
    if (cp == '^' || cp == '{' || cp == '}' || cp == '\\' || cp == '[' || cp == ']'
        || cp == '~' || cp == '|' || cp == 0x20AC || cp == '\f')
        return 2;
    if (cp == '`')
        return 0;
    if (cp >= 0x20 && cp < 0x7F)
        return 1;
    for (size_t i = 0; i < sizeof(gsm_extra) / sizeof(gsm_extra[0]); i++)
        if (gsm_extra[i] == cp)
            return 1;
    return 0;
}

enum mc_status sms_count(const char *text, struct sms_count *out)
{
    size_t len = strlen(text), gsm = 0, utf16 = 0;
    bool ucs2 = false;
    memset(out, 0, sizeof(*out));
    if (!text_utf8_valid(text, len))
        return MC_ERR_INVALID;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            return MC_ERR_INVALID;
        int u = gsm_units(cp);
        if (u == 0)
            ucs2 = true;
        gsm += (size_t)u;
        utf16 += cp > 0xFFFF ? 2 : 1;
        i += (size_t)n;
    }
    out->ucs2 = ucs2;
    out->units = ucs2 ? utf16 : gsm;
    size_t single = ucs2 ? 70 : 160, multi = ucs2 ? 67 : 153;
    if (out->units == 0) {
        out->per_segment = single;
    } else if (out->units <= single) {
        out->segments = 1;
        out->per_segment = single;
    } else {
        out->per_segment = multi;
        out->segments = (out->units + multi - 1) / multi;
    }
    return MC_OK;
}

enum mc_status sms_strip_diacritics(const char *text, struct buf *out)
{
    size_t len = strlen(text);
    if (!text_utf8_valid(text, len))
        return MC_ERR_INVALID;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp, parts[8];
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            return MC_ERR_INVALID;
        if (cp == 0x0111 || cp == 0x0110) {   /* đ Đ */
            buf_addch(out, cp == 0x0111 ? 'd' : 'D');
        } else if (cp < 0x80) {
            buf_addch(out, (char)cp);
        } else if (utf8proc_get_property(cp)->category == UTF8PROC_CATEGORY_MN) {
            /* a combining mark of decomposed input: dropped */
        } else {
            int last = 0;
            utf8proc_ssize_t k = utf8proc_decompose_char(cp, parts, 8, UTF8PROC_DECOMPOSE,
                                                         &last);
            bool base_ascii = k > 0 && k <= 8 && parts[0] < 0x80;
            for (utf8proc_ssize_t j = 1; base_ascii && j < k; j++)
                if (utf8proc_get_property(parts[j])->category != UTF8PROC_CATEGORY_MN)
                    base_ascii = false;
            if (base_ascii)
                buf_addch(out, (char)parts[0]);
            else
                buf_add(out, text + i, (size_t)n);
        }
        i += (size_t)n;
    }
    return buf_status(out);
}

/* Whether name[0..len) is in allowed. */
static bool allowed_name(const char *name, size_t len, const char *const *allowed)
{
    for (size_t i = 0; allowed && allowed[i]; i++)
        if (strlen(allowed[i]) == len && memcmp(allowed[i], name, len) == 0)
            return true;
    return false;
}

enum mc_status sms_template_check(const char *tmpl, const char *const *allowed, bool is_sms,
                                  size_t sample_len, char *msg, size_t msg_size)
{
    struct buf sample;
    struct sms_count c;
    enum mc_status st = MC_OK;
    buf_init(&sample, 64 * 1024);
    if (sample_len == 0)
        sample_len = 10;
    if (!text_utf8_valid(tmpl, strlen(tmpl))) {
        snprintf(msg, msg_size, "Nội dung mẫu tin có ký tự không hợp lệ.");
        st = MC_ERR_INVALID;
        goto out;
    }
    for (const char *p = tmpl; *p; p++) {
        if (*p == '}') {
            snprintf(msg, msg_size, "Dấu } không có dấu { đi trước.");
            st = MC_ERR_INVALID;
            goto out;
        }
        if (*p != '{') {
            buf_addch(&sample, *p);
            continue;
        }
        const char *end = strchr(p + 1, '}');
        const char *next_open = strchr(p + 1, '{');
        if (!end || (next_open && next_open < end)) {
            snprintf(msg, msg_size, "Thiếu dấu } để đóng tham số.");
            st = MC_ERR_INVALID;
            goto out;
        }
        size_t n = (size_t)(end - p - 1);
        if (n == 0 || n > SMS_PLACEHOLDER_MAX || !allowed_name(p + 1, n, allowed)) {
            snprintf(msg, msg_size, "Tham số {%.*s} không có trong mẫu tin này.",
                     (int)(n > SMS_PLACEHOLDER_MAX ? SMS_PLACEHOLDER_MAX : n), p + 1);
            st = MC_ERR_INVALID;
            goto out;
        }
        for (size_t i = 0; i < sample_len; i++)
            buf_addch(&sample, 'x');
        p = end;
    }
    if (is_sms && sms_count(buf_cstr(&sample), &c) == MC_OK && c.segments > SMS_MAX_SEGMENTS) {
        snprintf(msg, msg_size, "Tin SMS quá dài: %zu phần, tối đa %d phần (%zu ký tự%s).",
                 c.segments, SMS_MAX_SEGMENTS, c.units, c.ucs2 ? ", có dấu" : "");
        st = MC_ERR_INVALID;
    }
out:
    buf_release(&sample);
    return st;
}

enum mc_status sms_template_fill(const char *tmpl, const char *const *names,
                                 const char *const *values, size_t n, struct buf *out)
{
    for (const char *p = tmpl; *p; p++) {
        const char *end = *p == '{' ? strchr(p + 1, '}') : NULL;
        if (!end) {
            buf_addch(out, *p);
            continue;
        }
        size_t len = (size_t)(end - p - 1);
        for (size_t i = 0; i < n; i++)
            if (strlen(names[i]) == len && memcmp(names[i], p + 1, len) == 0) {
                buf_adds(out, values[i]);
                break;
            }
        p = end;
    }
    return buf_status(out);
}
