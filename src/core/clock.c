/* clock.c - the injectable clock (see clock.h). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "core/clock.h"

/*
 * The last second clock_parse_iso() accepts as a plain number, the end of
 * the years its ISO form can write: larger numbers would overflow the
 * offset arithmetic of the formatters.
 */
#define CLOCK_MAX_SECONDS 253402300799LL   /* 9999-12-31T23:59:59Z */

static pthread_mutex_t clock_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t pinned = -1;     /* pinned Unix time, or -1 */
static int64_t pinned_at = 0;   /* real time when pinned */
static int pinned_advancing = 0;

static int64_t real_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}

int64_t clock_now(void)
{
    pthread_mutex_lock(&clock_lock);
    int64_t t = pinned;
    if (t >= 0 && pinned_advancing)
        t += real_now() - pinned_at;
    pthread_mutex_unlock(&clock_lock);
    return t >= 0 ? t : real_now();
}

int64_t clock_mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void clock_set(int64_t t, int advancing)
{
    pthread_mutex_lock(&clock_lock);
    pinned = t;
    pinned_at = real_now();
    pinned_advancing = advancing;
    pthread_mutex_unlock(&clock_lock);
}

enum mc_status clock_init_from_env(void)
{
    const char *s = getenv("MOTCUA_NOW");
    int64_t t;
    if (!s || !*s)
        return MC_OK;
    if (clock_parse_iso(s, &t) != MC_OK)
        return MC_ERR_INVALID;
    clock_set(t, 1);
    return MC_OK;
}

/* Days since 1970-01-01 for a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int read_digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return 0;
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return 1;
}

enum mc_status clock_parse_iso(const char *s, int64_t *out)
{
    const char *p = s;
    int y, mo, d, h = 0, mi = 0, sec = 0, oh = 7, om = 0, sign = 1;
    char *end;
    if (*p >= '0' && *p <= '9' && !strchr(s, '-')) {
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (*end != '\0' || errno == ERANGE || v > CLOCK_MAX_SECONDS)
            return MC_ERR_INVALID;
        *out = v;
        return MC_OK;
    }
    if (!read_digits(&p, 4, &y) || *p++ != '-' || !read_digits(&p, 2, &mo) ||
        *p++ != '-' || !read_digits(&p, 2, &d))
        return MC_ERR_INVALID;
    if (*p == 'T' || *p == ' ') {
        p++;
        if (!read_digits(&p, 2, &h) || *p++ != ':' || !read_digits(&p, 2, &mi))
            return MC_ERR_INVALID;
        if (*p == ':') {
            p++;
            if (!read_digits(&p, 2, &sec))
                return MC_ERR_INVALID;
            if (*p == '.') {
                p++;
                while (*p >= '0' && *p <= '9')
                    p++;
            }
        }
    }
    if (*p == 'Z') {
        oh = 0;
        p++;
    } else if (*p == '+' || *p == '-') {
        sign = *p == '-' ? -1 : 1;
        p++;
        if (!read_digits(&p, 2, &oh))
            return MC_ERR_INVALID;
        if (*p == ':')
            p++;
        if (!read_digits(&p, 2, &om))
            return MC_ERR_INVALID;
    }
    if (*p != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        sec > 60 || oh > 23 || om > 59)
        return MC_ERR_INVALID;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap))
        return MC_ERR_INVALID;
    int64_t t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
                mi * 60 + sec;
    *out = t - sign * (oh * 3600 + om * 60);
    return MC_OK;
}

void clock_format_iso(int64_t t, char *out, size_t size)
{
    time_t local = (time_t)(t + CLOCK_VN_OFFSET);
    struct tm tm;
    gmtime_r(&local, &tm);
    snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void clock_format_vn(int64_t t, char *out, size_t size)
{
    time_t local = (time_t)(t + CLOCK_VN_OFFSET);
    struct tm tm;
    gmtime_r(&local, &tm);
    snprintf(out, size, "%02d/%02d/%04d %02d:%02d", tm.tm_mday, tm.tm_mon + 1,
             tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}
