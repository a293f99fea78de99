/*
 * date.h - civil dates as day numbers, and Vietnam local time.
 *
 * A date is the number of days since 1970-01-01 (proleptic Gregorian),
 * stored in an int32_t; the date of a moment is its date in Vietnam
 * (UTC+7, CLOCK_VN_OFFSET in core/clock.h, no daylight saving).  Times
 * are Unix seconds, UTC, as everywhere in motcua.
 *
 * Supported dates run from CALENDAR_MIN_DATE (1900-01-01) to
 * CALENDAR_MAX_DATE (9999-12-31).  Every function here is pure and
 * thread-safe.
 */
#ifndef MC_CALENDAR_DATE_H
#define MC_CALENDAR_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/status.h"

#define CALENDAR_MIN_YEAR 1900
#define CALENDAR_MAX_YEAR 9999
#define CALENDAR_MIN_DATE (-25567)     /* 1900-01-01 */
#define CALENDAR_MAX_DATE 2932896      /* 9999-12-31 */
#define CALENDAR_DATE_SIZE 11          /* "YYYY-MM-DD" plus the NUL */

/* Weekdays as calendar_date_weekday() returns them. */
enum calendar_weekday {
    CALENDAR_SUNDAY = 0,
    CALENDAR_MONDAY,
    CALENDAR_TUESDAY,
    CALENDAR_WEDNESDAY,
    CALENDAR_THURSDAY,
    CALENDAR_FRIDAY,
    CALENDAR_SATURDAY,
};

/*
 * Day number of year y, month m (1-12), day d (1-31).  Returns
 * MC_ERR_INVALID (and leaves *out alone) when the date does not exist or
 * lies outside CALENDAR_MIN_YEAR..CALENDAR_MAX_YEAR.
 */
enum mc_status calendar_date_from_ymd(int y, int m, int d, int32_t *out) MC_WARN_UNUSED;

/* Split a day number into year, month (1-12) and day (1-31). */
void calendar_date_to_ymd(int32_t date, int *y, int *m, int *d);

/* Day of the week of date (CALENDAR_SUNDAY .. CALENDAR_SATURDAY). */
enum calendar_weekday calendar_date_weekday(int32_t date);

/* True on Saturday and Sunday, the weekly rest days of the civil service. */
bool calendar_date_is_weekend(int32_t date);

/* Number of days in month m (1-12) of year y; 0 for a month out of range. */
int calendar_days_in_month(int y, int m);

/* The Vietnam (UTC+7) date of the moment t (Unix seconds). */
int32_t calendar_date_of(int64_t t);

/* Seconds since Vietnam midnight of the moment t: 0 .. 86399. */
int32_t calendar_seconds_of_day(int64_t t);

/* The moment at `seconds` after Vietnam midnight on date (Unix seconds). */
int64_t calendar_time_at(int32_t date, int32_t seconds);

/* True when calendar_date_of(t) lies in CALENDAR_MIN_DATE..MAX_DATE. */
bool calendar_time_in_range(int64_t t);

/*
 * Parse exactly "YYYY-MM-DD" into a day number.  Returns MC_ERR_INVALID
 * for anything else (other shapes, impossible dates, out of range).
 */
enum mc_status calendar_date_parse(const char *s, int32_t *out) MC_WARN_UNUSED;

/*
 * Parse a date as people write it in Vietnam, "DD/MM/YYYY" (day and month
 * of one or two digits: "5/3/2025").  Returns MC_ERR_INVALID for anything
 * else, impossible dates and dates out of range.
 */
enum mc_status calendar_date_parse_vn(const char *s, int32_t *out) MC_WARN_UNUSED;

/*
 * Parse a date a person entered in a form: "DD/MM/YYYY" as typed (see
 * calendar_date_parse_vn) or "YYYY-MM-DD" as a date field sends it.  The
 * one parser of typed dates, so every form accepts the same shapes and its
 * error says CALENDAR_DATE_HINT.  Returns MC_ERR_INVALID for anything else.
 */
enum mc_status calendar_date_parse_input(const char *s, int32_t *out) MC_WARN_UNUSED;

/* How a typed date is written, for error messages: "(" CALENDAR_DATE_HINT ")". */
#define CALENDAR_DATE_HINT "ngày/tháng/năm, ví dụ 05/03/2025"

/* Write date as "YYYY-MM-DD" into out (size >= CALENDAR_DATE_SIZE). */
void calendar_date_format(int32_t date, char *out, size_t size);

#endif
