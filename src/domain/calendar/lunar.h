/*
 * lunar.h - the Vietnamese lunisolar calendar (âm lịch), computed for UTC+7.
 *
 * Months start on the local day (UTC+7) of an astronomical new moon; the
 * month holding the winter solstice is month 11; a lunar year with 13
 * months (11th month to 11th month) repeats, as a leap month (tháng
 * nhuận), the first month after month 11 that contains no principal solar
 * term (no crossing of a multiple of 30 degrees of solar longitude).  New
 * moons and solar longitude come from the truncated series in Jean Meeus,
 * "Astronomical Algorithms", as used for the published Vietnamese
 * calendar.  Because the day boundary is at UTC+7, not UTC+8, some years
 * differ from the Chinese calendar (Tết 1985 fell on 1985-01-21 in Vietnam,
 * 1985-02-20 in China).
 *
 * Dates are day numbers (calendar/date.h).  Supported lunar years are
 * LUNAR_MIN_YEAR..LUNAR_MAX_YEAR; outside them the functions answer
 * MC_ERR_INVALID.  Pure computation: thread-safe, no allocation.
 */
#ifndef MC_CALENDAR_LUNAR_H
#define MC_CALENDAR_LUNAR_H

#include <stdbool.h>
#include <stdint.h>
#include "core/status.h"

#define LUNAR_MIN_YEAR 1901
#define LUNAR_MAX_YEAR 2199

struct lunar_date {
    int day;     /* 1..30 */
    int month;   /* 1..12 */
    int year;    /* the lunar year, named by the Gregorian year of its Tết */
    bool leap;   /* true inside the leap month that repeats `month` */
};

/*
 * Lunar date of the solar (Gregorian) date `date`.  Returns MC_ERR_INVALID
 * when the answer's lunar year would be outside the supported range.
 */
enum mc_status lunar_from_solar(int32_t date, struct lunar_date *out) MC_WARN_UNUSED;

/*
 * Solar date of the lunar date *ld.  Returns MC_ERR_INVALID when the year
 * is out of range, the month is not 1..12, leap is set but that year has
 * no such leap month, or the day is past the end of the month (months have
 * 29 or 30 days).
 */
enum mc_status lunar_to_solar(const struct lunar_date *ld, int32_t *out) MC_WARN_UNUSED;

/* Solar date of Tết (1st day of the 1st month) of lunar year `year`. */
enum mc_status lunar_new_year(int year, int32_t *out) MC_WARN_UNUSED;

/*
 * The month number repeated as a leap month in lunar year `year`, or 0
 * when the year has none.  A leap month 11 or 12 that follows month 11 or
 * 12 of `year` counts for `year`.
 */
enum mc_status lunar_leap_month(int year, int *month) MC_WARN_UNUSED;

#endif
