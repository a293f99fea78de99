/* vnfmt.c - Vietnamese number, money, percentage and date formats (see vnfmt.h). */
#include "core/vnfmt.h"
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "core/clock.h"

/* Copy src into out with a dot before every third digit from the right. */
static void group_digits(const char *src, size_t n, char *out, size_t size)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0) {
            if (k + 2 >= size)
                break;
            out[k++] = '.';
        }
        out[k++] = src[i];
    }
    if (size > 0)
        out[k < size ? k : size - 1] = '\0';
}

const char *vnfmt_int(char *out, size_t size, int64_t v)
{
    char digits[32], grouped[48];
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)mag);
    group_digits(digits, (size_t)n, grouped, sizeof(grouped));
    if (size > 0)
        snprintf(out, size, "%s%s", v < 0 ? "-" : "", grouped);
    return out;
}

const char *vnfmt_money(char *out, size_t size, int64_t dong)
{
    char n[48];
    if (size > 0)
        snprintf(out, size, "%s đồng", vnfmt_int(n, sizeof(n), dong));
    return out;
}

const char *vnfmt_decimal(char *out, size_t size, double v, int places)
{
    char raw[400], grouped[448];
    if (size == 0)
        return out;
    if (!isfinite(v)) {
        snprintf(out, size, "–");
        return out;
    }
    if (places < 0)
        places = 0;
    if (places > 6)
        places = 6;
    snprintf(raw, sizeof(raw), "%.*f", places, fabs(v));
    const char *dot = strchr(raw, '.');
    size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw);
    group_digits(raw, int_len, grouped, sizeof(grouped));
    /* "-0,00" is not a number anyone wants to read. */
    bool zero = strspn(raw, "0.") == strlen(raw);
    snprintf(out, size, "%s%s%s%s", v < 0 && !zero ? "-" : "", grouped, dot ? "," : "",
             dot ? dot + 1 : "");
    return out;
}

const char *vnfmt_percent(char *out, size_t size, double pct)
{
    char n[VNFMT_SIZE];
    double tenths = isfinite(pct) ? round(pct * 10.0) : pct;
    bool whole = isfinite(tenths) && fmod(tenths, 10.0) == 0.0;
    vnfmt_decimal(n, sizeof(n), isfinite(tenths) ? tenths / 10.0 : pct, whole ? 0 : 1);
    if (size > 0)
        snprintf(out, size, "%s%%", n);
    return out;
}

const char *vnfmt_share(char *out, size_t size, int64_t num, int64_t den)
{
    if (den <= 0) {
        if (size > 0)
            snprintf(out, size, "%s", VNFMT_NO_DATA);
        return out;
    }
    return vnfmt_percent(out, size, 100.0 * (double)num / (double)den);
}

/* t broken down in UTC+7. */
static void local_tm(int64_t t, struct tm *tm)
{
    time_t local = (time_t)(t + CLOCK_VN_OFFSET);
    gmtime_r(&local, tm);
}

/* t as dd/mm/yyyy, after "hh:mm ngày " when with_time; "" for t <= 0. */
static const char *format_local(char *out, size_t size, int64_t t, bool with_time)
{
    struct tm tm;
    if (size == 0)
        return out;
    out[0] = '\0';
    if (t <= 0)
        return out;
    local_tm(t, &tm);
    if (with_time)
        snprintf(out, size, "%02d:%02d ngày %02d/%02d/%04d", tm.tm_hour, tm.tm_min,
                 tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
    else
        snprintf(out, size, "%02d/%02d/%04d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
    return out;
}

const char *vnfmt_date(char *out, size_t size, int64_t t)
{
    return format_local(out, size, t, false);
}

const char *vnfmt_datetime(char *out, size_t size, int64_t t)
{
    return format_local(out, size, t, true);
}

const char *vnfmt_day(char *out, size_t size, int year, int month, int day)
{
    if (size > 0)
        snprintf(out, size, "%02d/%02d/%04d", day, month, year);
    return out;
}

const char *vnfmt_month(char *out, size_t size, int year, int month)
{
    if (size > 0)
        snprintf(out, size, "%02d/%04d", month, year);
    return out;
}
