/*
 * programme_frame.c - time frames as the plans write them, normalised
 * (see programme.h and data/programme/README.md, "Time frames").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/programme/programme.h"

/* The recurring or open tokens the plans use. */
static const char *const recurring[] = {
    "hằng năm", "hằng quý", "hằng tháng", "định kỳ", "thường xuyên", "khi có yêu cầu",
};

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* "YYYY-MM-DD" of a checked day into out (PROG_DAY_SIZE bytes). */
static void day_str(char *out, int y, int m, int d)
{
    char tmp[40];
    snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
    memcpy(out, tmp, PROG_DAY_SIZE - 1);
    out[PROG_DAY_SIZE - 1] = '\0';
}

/* Digits only, exactly n of them, into *v. */
static bool digits(const char *s, size_t len, size_t n, int *v)
{
    int x = 0;
    if (len != n)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return true;
}

/* One of the four single forms in s[0..len): first and last day. */
static bool parse_single(const char *s, size_t len, char *start, char *end, const char **why)
{
    int y = 0, m = 0, d = 0, q = 0;
    *why = "không đúng dạng thời gian (ngày, tháng, quý, năm)";
    if (len == 10 && s[2] == '/' && s[5] == '/') {
        if (!digits(s, 2, 2, &d) || !digits(s + 3, 2, 2, &m) || !digits(s + 6, 4, 4, &y))
            return false;
        if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > month_days(y, m)) {
            *why = "ngày không có thật";
            return false;
        }
        day_str(start, y, m, d);
        day_str(end, y, m, d);
        return true;
    }
    if (len == 7 && s[0] == 'Q' && s[2] == '/') {
        if (!digits(s + 1, 1, 1, &q) || !digits(s + 3, 4, 4, &y))
            return false;
        if (q < 1 || q > 4 || y < 2000 || y > 2100) {
            *why = "quý hoặc năm không có thật";
            return false;
        }
        day_str(start, y, (q - 1) * 3 + 1, 1);
        day_str(end, y, q * 3, month_days(y, q * 3));
        return true;
    }
    if (len == 7 && s[2] == '/') {
        if (!digits(s, 2, 2, &m) || !digits(s + 3, 4, 4, &y))
            return false;
        if (m < 1 || m > 12 || y < 2000 || y > 2100) {
            *why = "tháng hoặc năm không có thật";
            return false;
        }
        day_str(start, y, m, 1);
        day_str(end, y, m, month_days(y, m));
        return true;
    }
    if (len == 4 && digits(s, 4, 4, &y)) {
        if (y < 2000 || y > 2100) {
            *why = "năm phải từ 2000 đến 2100";
            return false;
        }
        day_str(start, y, 1, 1);
        day_str(end, y, 12, 31);
        return true;
    }
    return false;
}

enum mc_status prog_frame_parse(const char *s, struct prog_frame *out, const char **why)
{
    const char *dummy = NULL;
    const char *dash;
    char s1[PROG_DAY_SIZE], e1[PROG_DAY_SIZE], s2[PROG_DAY_SIZE], e2[PROG_DAY_SIZE];

    if (!why)
        why = &dummy;
    *why = NULL;
    memset(out, 0, sizeof(*out));
    if (!s || !s[0])
        return MC_OK;
    for (size_t i = 0; i < sizeof(recurring) / sizeof(recurring[0]); i++) {
        if (strcmp(s, recurring[i]) == 0) {
            out->kind = PROG_FRAME_RECURRING;
            return MC_OK;
        }
    }
    if (strlen(s) >= PROG_FRAME_MAX) {
        *why = "thời gian dài quá";
        return MC_ERR_INVALID;
    }
    dash = strchr(s, '-');
    if (!dash) {
        if (!parse_single(s, strlen(s), out->start, out->end, why))
            return MC_ERR_INVALID;
        out->kind = PROG_FRAME_DATED;
        return MC_OK;
    }
    if (strchr(dash + 1, '-')) {
        *why = "khoảng thời gian chỉ có một dấu gạch ngang";
        return MC_ERR_INVALID;
    }
    if (!parse_single(s, (size_t)(dash - s), s1, e1, why) ||
        !parse_single(dash + 1, strlen(dash + 1), s2, e2, why))
        return MC_ERR_INVALID;
    if (strcmp(s1, s2) >= 0 || strcmp(e2, e1) < 0) {
        *why = "thời điểm bắt đầu phải trước thời điểm kết thúc";
        return MC_ERR_INVALID;
    }
    out->kind = PROG_FRAME_DATED;
    memcpy(out->start, s1, PROG_DAY_SIZE);
    memcpy(out->end, e2, PROG_DAY_SIZE);
    return MC_OK;
}

bool prog_frame_within(const struct prog_frame *inner, const struct prog_frame *outer)
{
    if (inner->kind != PROG_FRAME_DATED || outer->kind != PROG_FRAME_DATED)
        return true;
    return strcmp(inner->start, outer->start) >= 0 && strcmp(inner->end, outer->end) <= 0;
}

/* One single form read for people; a bare year alone reads "Năm 2025". */
static void label_single(const char *s, size_t len, bool alone, char *out, size_t size)
{
    static const char *const roman[] = {"I", "II", "III", "IV"};
    if (len == 7 && s[0] == 'Q' && s[1] >= '1' && s[1] <= '4')
        snprintf(out, size, "Quý %s/%.4s", roman[s[1] - '1'], s + 3);
    else if (len == 7)
        snprintf(out, size, "Tháng %.7s", s);
    else if (len == 4 && alone)
        snprintf(out, size, "Năm %.4s", s);
    else
        snprintf(out, size, "%.*s", (int)len, s);
}

void prog_frame_label(const char *frame, char *out, size_t size)
{
    static const char *const tokens[][2] = {
        {"hằng năm", "Hằng năm"}, {"hằng quý", "Hằng quý"}, {"hằng tháng", "Hằng tháng"},
        {"định kỳ", "Định kỳ"}, {"thường xuyên", "Thường xuyên"},
        {"khi có yêu cầu", "Khi có yêu cầu"},
    };
    const char *dash;
    char a[48], b[48];
    if (!frame || !frame[0]) {
        snprintf(out, size, "Theo thời gian của kế hoạch");
        return;
    }
    for (size_t i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++) {
        if (strcmp(frame, tokens[i][0]) == 0) {
            snprintf(out, size, "%s", tokens[i][1]);
            return;
        }
    }
    dash = strchr(frame, '-');
    if (!dash) {
        label_single(frame, strlen(frame), true, out, size);
        return;
    }
    label_single(frame, (size_t)(dash - frame), false, a, sizeof(a));
    label_single(dash + 1, strlen(dash + 1), false, b, sizeof(b));
    snprintf(out, size, "%s – %s", a, b);
}

void prog_today(char *out)
{
    char iso[40];
    clock_format_iso(clock_now(), iso, sizeof(iso));
    snprintf(out, PROG_DAY_SIZE, "%.10s", iso);
}
