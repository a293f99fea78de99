/*
 * lunar.c - the Vietnamese lunisolar calendar for UTC+7 (see lunar.h).
 *
 * The work unit is a "span": the 12 or 13 lunar months from the month-11
 * new moon of Gregorian year y-1 to the month-11 new moon of year y.  A
 * span is labelled 11, 12, 1, 2, ... 10; with 13 months, the first month
 * without a principal solar term repeats the previous label as a leap
 * month.  Both conversions build one span and look inside it.
 */
#include <math.h>
#include "domain/calendar/lunar.h"
#include "domain/calendar/date.h"
#include "core/log.h"

#define LUNAR_PI 3.14159265358979323846
#define DEG (LUNAR_PI / 180.0)
#define SYNODIC_MONTH 29.530588853       /* mean days between new moons */
#define NEW_MOON_EPOCH 2415021.076998695 /* JD of lunation 0 (1900-01-01) */
#define JDN_OF_EPOCH 2440588             /* Julian day number of 1970-01-01 */
#define ZONE_DAYS (7.0 / 24.0)           /* UTC+7 as a fraction of a day */

struct lunar_span {
    int year;             /* Gregorian y: the span ends at month 11 of y */
    int n;                /* months in the span: 12 or 13 */
    int32_t start[14];    /* start[i]: first day of month i; start[n]: end */
    int month[13];        /* month number of month i */
    bool leap[13];        /* month i is a leap month */
    int lunar_year[13];   /* lunar year month i belongs to */
};

/* Julian Date of the k-th new moon after 1900-01-01 (Meeus, ch. 49). */
static double new_moon_jd(int k)
{
    double t = k / 1236.85, t2 = t * t, t3 = t2 * t;
    double jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
    jd += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * DEG);
    double m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * DEG;
    double mp = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * DEG;
    double f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * DEG;
    double c = (0.1734 - 0.000393 * t) * sin(m) + 0.0021 * sin(2 * m);
    c += -0.4068 * sin(mp) + 0.0161 * sin(2 * mp) - 0.0004 * sin(3 * mp);
    c += 0.0104 * sin(2 * f) - 0.0051 * sin(m + mp) - 0.0074 * sin(m - mp);
    c += 0.0004 * sin(2 * f + m) - 0.0004 * sin(2 * f - m);
    c += -0.0006 * sin(2 * f + mp) + 0.0010 * sin(2 * f - mp) + 0.0005 * sin(2 * mp + m);
    double dt; /* Delta T, in days */
    if (t < -11)
        dt = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 -
             0.000000081 * t * t3;
    else
        dt = -0.000278 + 0.000265 * t + 0.000262 * t2;
    return jd + c - dt;
}

/* Local (UTC+7) day number on which the k-th new moon falls. */
static int32_t new_moon_date(int k)
{
    return (int32_t)floor(new_moon_jd(k) + 0.5 + ZONE_DAYS) - JDN_OF_EPOCH;
}

/* Apparent solar longitude in radians, 0 .. 2 pi, at Julian Date jd. */
static double sun_longitude(double jd)
{
    double t = (jd - 2451545.0) / 36525, t2 = t * t;
    double m = (357.52910 + 35999.05030 * t - 0.0001559 * t2 -
                0.00000048 * t * t2) * DEG;
    double l0 = (280.46645 + 36000.76983 * t + 0.0003032 * t2) * DEG;
    double c = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(m);
    c += (0.019993 - 0.000101 * t) * sin(2 * m) + 0.000290 * sin(3 * m);
    double l = l0 + c * DEG;
    return l - 2 * LUNAR_PI * floor(l / (2 * LUNAR_PI));
}

/* Which 30-degree sector (0..11) the sun is in at local midnight of date. */
static int sun_sector(int32_t date)
{
    double jd = (double)date + JDN_OF_EPOCH - 0.5 - ZONE_DAYS;
    return (int)floor(sun_longitude(jd) / LUNAR_PI * 6);
}

/* Lunation number of month 11 (the winter-solstice month) of year y. */
static int month11_lunation(int y)
{
    int32_t dec31 = 0;
    if (calendar_date_from_ymd(y, 12, 31, &dec31) != MC_OK)
        return 0; /* callers stay within the supported range */
    double days = (double)dec31 + JDN_OF_EPOCH - 2415021.0;
    int k = (int)floor(days / SYNODIC_MONTH);
    if (sun_sector(new_moon_date(k)) >= 9) /* solstice already passed */
        k--;
    return k;
}

/* First month (index >= 1) of a 13-month span without a principal term. */
static int find_leap_index(const struct lunar_span *sp)
{
    for (int i = 1; i < sp->n; i++)
        if (sun_sector(sp->start[i]) == sun_sector(sp->start[i + 1]))
            return i;
    return -1;
}

/* Build the span ending with month 11 of Gregorian year y. */
static enum mc_status span_build(int y, struct lunar_span *sp)
{
    int k0 = month11_lunation(y - 1), k1 = month11_lunation(y);
    int leap_at = -1, label = 11, year = y - 1;
    sp->year = y;
    sp->n = k1 - k0;
    if (sp->n != 12 && sp->n != 13) {
        log_error("lunar: %d months in the span ending %d", sp->n, y);
        return MC_ERR_INTERNAL;
    }
    for (int i = 0; i <= sp->n; i++)
        sp->start[i] = new_moon_date(k0 + i);
    if (sp->n == 13 && (leap_at = find_leap_index(sp)) < 1) {
        log_error("lunar: no leap month in the span ending %d", y);
        return MC_ERR_INTERNAL;
    }
    for (int i = 0; i < sp->n; i++) {
        sp->leap[i] = i == leap_at;
        if (sp->leap[i]) {
            sp->month[i] = sp->month[i - 1];
        } else {
            sp->month[i] = label;
            label = label % 12 + 1;
        }
        if (sp->month[i] == 1 && !sp->leap[i])
            year = y;
        sp->lunar_year[i] = year;
    }
    return MC_OK;
}

enum mc_status lunar_from_solar(int32_t date, struct lunar_date *out)
{
    struct lunar_span sp;
    enum mc_status st = MC_ERR_INVALID;
    int y, m, d, i;
    calendar_date_to_ymd(date, &y, &m, &d);
    if (y < LUNAR_MIN_YEAR - 1 || y > LUNAR_MAX_YEAR + 1)
        goto out;
    if ((st = span_build(y, &sp)) != MC_OK)
        goto out;
    if (date >= sp.start[sp.n] && (st = span_build(y + 1, &sp)) != MC_OK)
        goto out;
    for (i = 0; i < sp.n - 1 && date >= sp.start[i + 1]; i++)
        ;
    st = MC_ERR_INVALID;
    if (date < sp.start[0] || sp.lunar_year[i] < LUNAR_MIN_YEAR ||
        sp.lunar_year[i] > LUNAR_MAX_YEAR)
        goto out;
    out->day = (int)(date - sp.start[i]) + 1;
    out->month = sp.month[i];
    out->year = sp.lunar_year[i];
    out->leap = sp.leap[i];
    st = MC_OK;
out:
    return st;
}

enum mc_status lunar_to_solar(const struct lunar_date *ld, int32_t *out)
{
    struct lunar_span sp;
    enum mc_status st = MC_ERR_INVALID;
    if (ld->year < LUNAR_MIN_YEAR || ld->year > LUNAR_MAX_YEAR || ld->month < 1 ||
        ld->month > 12 || ld->day < 1 || ld->day > 30)
        goto out;
    /* Months 11 and 12 of lunar year Y open the span ending in year Y+1. */
    if ((st = span_build(ld->month >= 11 ? ld->year + 1 : ld->year, &sp)) != MC_OK)
        goto out;
    st = MC_ERR_INVALID;
    for (int i = 0; i < sp.n; i++) {
        if (sp.month[i] != ld->month || sp.leap[i] != ld->leap ||
            sp.lunar_year[i] != ld->year)
            continue;
        if (ld->day > sp.start[i + 1] - sp.start[i])
            goto out;
        *out = sp.start[i] + ld->day - 1;
        st = MC_OK;
        goto out;
    }
out:
    return st;
}

enum mc_status lunar_new_year(int year, int32_t *out)
{
    struct lunar_date tet = {.day = 1, .month = 1, .year = year, .leap = false};
    return lunar_to_solar(&tet, out);
}

/* The leap month of span sp that belongs to lunar year `year`, or 0. */
static int span_leap_month(const struct lunar_span *sp, int year)
{
    for (int i = 0; i < sp->n; i++)
        if (sp->leap[i] && sp->lunar_year[i] == year)
            return sp->month[i];
    return 0;
}

enum mc_status lunar_leap_month(int year, int *month)
{
    struct lunar_span sp;
    enum mc_status st = MC_ERR_INVALID;
    int found;
    if (year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR)
        goto out;
    if ((st = span_build(year, &sp)) != MC_OK)
        goto out;
    found = span_leap_month(&sp, year);
    if (!found) {
        if ((st = span_build(year + 1, &sp)) != MC_OK)
            goto out;
        found = span_leap_month(&sp, year);
    }
    *month = found;
    st = MC_OK;
out:
    return st;
}
