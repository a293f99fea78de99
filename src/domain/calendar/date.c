/* date.c - civil dates as day numbers, Vietnam local time (see date.h). */
#include "domain/calendar/date.h"
#include "core/clock.h"

/* Floor division for a possibly negative numerator and positive divisor. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if (a % b != 0 && a < 0)
        q--;
    return q;
}

static bool is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int calendar_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

/*
 * Count days with March as the first month of a 400-year era, so the leap
 * day falls at the end of the counting year.  Valid for years >= 1.
 */
static int32_t days_from_civil(int y, int m, int d)
{
    int yy = m <= 2 ? y - 1 : y;
    int era = yy / 400;
    int yoe = yy - era * 400;                     /* 0..399 */
    int mp = m > 2 ? m - 3 : m + 9;               /* March = 0 */
    int doy = (153 * mp + 2) / 5 + d - 1;         /* 0..365 */
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

enum mc_status calendar_date_from_ymd(int y, int m, int d, int32_t *out)
{
    enum mc_status st = MC_ERR_INVALID;
    if (y < CALENDAR_MIN_YEAR || y > CALENDAR_MAX_YEAR || d < 1 ||
        d > calendar_days_in_month(y, m))
        goto out;
    *out = days_from_civil(y, m, d);
    st = MC_OK;
out:
    return st;
}

void calendar_date_to_ymd(int32_t date, int *y, int *m, int *d)
{
    int64_t z = (int64_t)date + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;                               /* 0..146096 */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);        /* 0..365 */
    int64_t mp = (5 * doy + 2) / 153;                             /* March = 0 */
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

enum calendar_weekday calendar_date_weekday(int32_t date)
{
    /* 1970-01-01 was a Thursday. */
    int64_t w = ((int64_t)date + CALENDAR_THURSDAY) % 7;
    return (enum calendar_weekday)(w < 0 ? w + 7 : w);
}

bool calendar_date_is_weekend(int32_t date)
{
    enum calendar_weekday w = calendar_date_weekday(date);
    return w == CALENDAR_SATURDAY || w == CALENDAR_SUNDAY;
}

int32_t calendar_date_of(int64_t t)
{
    return (int32_t)floor_div(t + CLOCK_VN_OFFSET, 86400);
}

int32_t calendar_seconds_of_day(int64_t t)
{
    int64_t local = t + CLOCK_VN_OFFSET;
    return (int32_t)(local - floor_div(local, 86400) * 86400);
}

int64_t calendar_time_at(int32_t date, int32_t seconds)
{
    return (int64_t)date * 86400 + seconds - CLOCK_VN_OFFSET;
}

bool calendar_time_in_range(int64_t t)
{
    int64_t lo = calendar_time_at(CALENDAR_MIN_DATE, 0);
    int64_t hi = calendar_time_at(CALENDAR_MAX_DATE, 86399);
    return t >= lo && t <= hi;
}

static bool read_number(const char *s, int n, int *out)
{
    bool ok = true;
    int v = 0;
    for (int i = 0; i < n && ok; i++) {
        ok = s[i] >= '0' && s[i] <= '9';
        v = v * 10 + (s[i] - '0');
    }
    if (ok)
        *out = v;
    return ok;
}

enum mc_status calendar_date_parse(const char *s, int32_t *out)
{
    enum mc_status st = MC_ERR_INVALID;
    int y, m, d;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !read_number(s, 4, &y) ||
        !read_number(s + 5, 2, &m) || !read_number(s + 8, 2, &d))
        goto out;
    st = calendar_date_from_ymd(y, m, d, out);
out:
    return st;
}

/* Read 1 or 2 digits at *p, then advance past them. */
static bool read_day_part(const char **p, int *out)
{
    int n = 0;
    while (n < 2 && (*p)[n] >= '0' && (*p)[n] <= '9')
        n++;
    if (n == 0 || !read_number(*p, n, out))
        return false;
    *p += n;
    return true;
}

enum mc_status calendar_date_parse_vn(const char *s, int32_t *out)
{
    enum mc_status st = MC_ERR_INVALID;
    int y, m, d;
    const char *p = s;
    if (!read_day_part(&p, &d) || *p++ != '/' || !read_day_part(&p, &m) || *p++ != '/' ||
        strlen(p) != 4 || !read_number(p, 4, &y))
        goto out;
    st = calendar_date_from_ymd(y, m, d, out);
out:
    return st;
}

enum mc_status calendar_date_parse_input(const char *s, int32_t *out)
{
    enum mc_status st = MC_ERR_INVALID;
    if (s && (calendar_date_parse(s, out) == MC_OK || calendar_date_parse_vn(s, out) == MC_OK))
        st = MC_OK;
    return st;
}

void calendar_date_format(int32_t date, char *out, size_t size)
{
    int y, m, d;
    calendar_date_to_ymd(date, &y, &m, &d);
    snprintf(out, size, "%04d-%02d-%02d", y, m, d);
}
