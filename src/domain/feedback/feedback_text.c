/*
 * feedback_text.c - the pure parts of the feedback module: the redaction
 * check, labels, month ranges and deadline arithmetic on the calendar.
 */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include "domain/feedback/feedback-int.h"
#include "domain/calendar/calendar.h"
#include "domain/calendar/calendar_store.h"
#include "core/log.h"
#include "core/clock.h"
#include "core/vnfmt.h"
#include "core/mem.h"

/* ---------------------------------------------------------------- labels */

const char *const feedback_categories[] = {"thu_tuc", "thai_do", "he_thong", "gop_y", "khac",
                                           NULL};

static const struct { const char *key, *label; } category_labels[] = {
    {"thu_tuc", "Thủ tục hành chính"},
    {"thai_do", "Thái độ, tác phong cán bộ"},
    {"he_thong", "Hệ thống, lỗi kỹ thuật"},
    {"gop_y", "Góp ý cải tiến"},
    {"khac", "Khác"},
};

static const struct { const char *key, *label; } status_labels[] = {
    {"triage", "Chờ phân loại"},
    {"received", "Đã tiếp nhận"},
    {"assigned", "Đang xử lý"},
    {"need_info", "Chờ người gửi bổ sung"},
    {"drafted", "Đã có dự thảo trả lời"},
    {"answered", "Đã trả lời"},
    {"published", "Đã công khai"},
    {"rejected", "Từ chối tiếp nhận"},
};

const char *feedback_category_label(const char *key)
{
    for (size_t i = 0; key && i < MC_ARRAY_LEN(category_labels); i++)
        if (strcmp(category_labels[i].key, key) == 0)
            return category_labels[i].label;
    return NULL;
}

const char *feedback_status_label(const char *key)
{
    for (size_t i = 0; key && i < MC_ARRAY_LEN(status_labels); i++)
        if (strcmp(status_labels[i].key, key) == 0)
            return status_labels[i].label;
    return "Không rõ";
}

const char *feedback_kind_label(const char *key)
{
    if (key && strcmp(key, "phan_anh") == 0)
        return "Phản ánh, kiến nghị";
    if (key && strcmp(key, "hoi_dap") == 0)
        return "Hỏi – đáp";
    return NULL;
}

/* ---------------------------------------------------------------- redaction */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum_ascii(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_email_local(char c)
{
    return is_alnum_ascii(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* Does an email address have its '@' at s[at]? */
static bool email_at(const char *s, size_t len, size_t at)
{
    size_t i = at, local = 0, labels = 0, cur = 0;
    while (i > 0 && is_email_local(s[i - 1])) {
        i--;
        local++;
    }
    if (local == 0)
        return false;
    for (i = at + 1; i < len && (is_alnum_ascii(s[i]) || s[i] == '-' || s[i] == '.'); i++) {
        if (s[i] == '.') {
            if (cur == 0)
                return false;
            labels++;
            cur = 0;
        } else {
            cur++;
        }
    }
    return labels >= 1 && cur >= 2;
}

/*
 * The number starting at s[*i]: digits joined by single spaces, dots or
 * dashes.  Stores the digits (at most 31) and whether separators were used.
 */
static size_t number_run(const char *s, size_t len, size_t *i, char *digits, bool *joined)
{
    size_t n = 0;
    *joined = false;
    while (*i < len) {
        if (is_digit(s[*i])) {
            if (n < 31)
                digits[n] = s[*i];
            n++;
            (*i)++;
        } else if ((s[*i] == ' ' || s[*i] == '.' || s[*i] == '-') && *i + 1 < len &&
                   is_digit(s[*i + 1]) && *i > 0 && is_digit(s[*i - 1])) {
            *joined = true;
            (*i)++;
        } else {
            break;
        }
    }
    digits[n < 31 ? n : 31] = '\0';
    return n;
}

enum mc_status feedback_redaction_check(const char *text, const char **msg)
{
    size_t len = text ? strlen(text) : 0;
    const char *found = NULL;
    for (size_t i = 0; i < len && !found;) {
        if (text[i] == '@' && email_at(text, len, i)) {
            found = "nội dung công khai còn địa chỉ thư điện tử; hãy che thông tin cá nhân";
            break;
        }
        if (!is_digit(text[i])) {
            i++;
            continue;
        }
        bool after_letter = i > 0 && (is_alnum_ascii(text[i - 1]) || text[i - 1] == '_');
        char digits[32];
        bool joined = false;
        bool plus = i > 0 && text[i - 1] == '+';
        size_t n = number_run(text, len, &i, digits, &joined);
        if (after_letter || (i < len && is_alnum_ascii(text[i])))
            continue;   /* part of a code such as T20-260213-0001 or 12A */
        if (n == 12)
            found = "nội dung công khai còn số căn cước công dân (12 chữ số); hãy che đi";
        else if (n == 9 && !joined)
            found = "nội dung công khai còn số chứng minh nhân dân (9 chữ số); hãy che đi";
        else if ((n == 10 || n == 11) && digits[0] == '0')
            found = "nội dung công khai còn số điện thoại; hãy che đi";
        else if ((n == 11 || n == 12) && digits[0] == '8' && digits[1] == '4')
            found = "nội dung công khai còn số điện thoại; hãy che đi";
        else if (plus && n >= 9)
            found = "nội dung công khai còn số điện thoại; hãy che đi";
    }
    if (msg)
        *msg = found;
    return found ? MC_ERR_INVALID : MC_OK;
}

/* ---------------------------------------------------------------- markup */

bool feedback_has_markup(const char *text)
{
    static const char *const bad[] = {"<script", "</script", "<iframe", "<img", "<svg",
                                      "<object", "<embed", "<link", "<style", "<meta",
                                      "javascript:", "vbscript:", "onerror=", "onload=",
                                      "onclick=", "onmouseover=", NULL};
    size_t len = text ? strlen(text) : 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '<' && text[i] != 'j' && text[i] != 'J' && text[i] != 'v' &&
            text[i] != 'V' && text[i] != 'o' && text[i] != 'O')
            continue;
        for (size_t k = 0; bad[k]; k++)
            if (strncasecmp(text + i, bad[k], strlen(bad[k])) == 0)
                return true;
    }
    return false;
}

/* ---------------------------------------------------------------- time */

enum mc_status feedback_month_range(const char *month, int64_t *from, int64_t *to)
{
    char start[32], end[32];
    int y = 0, m = 0;
    if (!month || strlen(month) != 7 || month[4] != '-' ||
        sscanf(month, "%4d-%2d", &y, &m) != 2 || y < 2000 || y > 2200 || m < 1 || m > 12)
        return MC_ERR_INVALID;
    snprintf(start, sizeof(start), "%04d-%02d-01", y, m);
    snprintf(end, sizeof(end), "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
    if (clock_parse_iso(start, from) != MC_OK || clock_parse_iso(end, to) != MC_OK)
        return MC_ERR_INVALID;
    return MC_OK;
}

void feedback_format_time(int64_t t, char *out, size_t size)
{
    vnfmt_datetime(out, size, t);
}

char *feedback_col_dup(struct db_stmt *st, int col)
{
    return xstrdup(db_col_text(st, col));
}

enum mc_status feedback_due(struct db *db, int64_t t, int amount, int64_t *out)
{
    struct calendar cal;
    calendar_load_or_default(db, &cal, "feedback");
    enum mc_status st = calendar_due(&cal, t, amount, CALENDAR_UNIT_WORKING_DAYS, out);
    calendar_release(&cal);
    return st;
}

enum mc_status feedback_receive_time(struct db *db, int64_t t, int64_t *out)
{
    struct calendar cal;
    calendar_load_or_default(db, &cal, "feedback");
    enum mc_status st = calendar_receive_time(&cal, t, -1, out);
    calendar_release(&cal);
    return st;
}

enum mc_status feedback_due_after_pause(struct db *db, int64_t due, int64_t from, int64_t to,
                                        int64_t *out)
{
    struct calendar cal;
    calendar_load_or_default(db, &cal, "feedback");
    enum mc_status st = calendar_due_after_pause(&cal, due, CALENDAR_UNIT_WORKING_DAYS, from,
                                                 to, out);
    calendar_release(&cal);
    return st;
}
