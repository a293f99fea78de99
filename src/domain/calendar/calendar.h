/*
 * calendar.h - the working-day calendar: holidays, days off, deadlines.
 *
 * A struct calendar knows the office hours and a list of per-day
 * overrides.  Every year also gets the default public holidays of the
 * Labour Code 2019, art. 112 (Tết Dương lịch 1/1; Tết Nguyên đán: the
 * last day of the lunar year and lunar 1/1-4/1; Giỗ Tổ Hùng Vương lunar
 * 10/3; 30/4; 1/5; Quốc khánh 2/9 plus one adjacent day, see
 * docs/internals/calendar.md for which), and a compensatory day off (nghỉ
 * bù) on the next working day for each default holiday that falls on a
 * Saturday or Sunday.  An override always beats the default for its day.
 *
 * Dates are day numbers and times Unix seconds (calendar/date.h); office
 * hours are Vietnam local time.  Lunar holidays exist only for the years
 * LUNAR_MIN_YEAR..LUNAR_MAX_YEAR (calendar/lunar.h).
 *
 * Thread-safety: a calendar that is not being changed may be read from
 * any number of threads; calendar_add_override() and the other changing
 * functions need the caller's exclusive access.
 */
#ifndef MC_CALENDAR_CALENDAR_H
#define MC_CALENDAR_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/status.h"
#include "domain/calendar/date.h"

#define CALENDAR_MAX_PERIODS 4          /* office periods per working day */
#define CALENDAR_NAME_MAX 128           /* bytes of a day's name, with the NUL */
#define CALENDAR_MAX_OVERRIDES 20000    /* overrides one calendar may hold */
#define CALENDAR_MAX_SPAN_DAYS 36600    /* longest range counted or walked */
#define CALENDAR_MAX_YEAR_DAYS 32       /* default entries of one year */

/* What a day is, once defaults and overrides are applied. */
enum calendar_day_kind {
    CALENDAR_DAY_WORK = 0,    /* an ordinary working day */
    CALENDAR_DAY_WEEKEND,     /* Saturday or Sunday */
    CALENDAR_DAY_HOLIDAY,     /* a default public holiday (ngày lễ, Tết) */
    CALENDAR_DAY_COMP_OFF,    /* default compensatory day off (nghỉ bù) */
    CALENDAR_DAY_OFF,         /* override: a day off (nghỉ) */
    CALENDAR_DAY_MAKEUP,      /* override: a swapped working day (làm bù) */
};

/* What an override says about its day.  Codes are stable for storage. */
enum calendar_override_kind {
    CALENDAR_OVERRIDE_OFF = 1,   /* "off": not worked (nghỉ) */
    CALENDAR_OVERRIDE_MAKEUP,    /* "makeup": worked though normally off (làm bù) */
    CALENDAR_OVERRIDE_WORK,      /* "work": a plain working day, drops a default */
};

/* One office period of a working day, in minutes after local midnight. */
struct calendar_period {
    int start_min;   /* first minute, e.g. 450 for 07:30 */
    int end_min;     /* end (exclusive), e.g. 690 for 11:30 */
};

struct calendar_override {
    int32_t date;
    enum calendar_override_kind kind;
    char name[CALENDAR_NAME_MAX];   /* Vietnamese name; "" = the default name */
};

struct calendar {
    /* Office hours: sorted, disjoint periods within 00:00-24:00. */
    struct calendar_period hours[CALENDAR_MAX_PERIODS];
    size_t nr_hours;
    /* Overrides sorted by date, at most one per date. */
    struct calendar_override *overrides;
    size_t nr_overrides;
    size_t alloc_overrides;
};

/* One classified day, as calendar_day_info() and calendar_holidays() give. */
struct calendar_day {
    int32_t date;
    enum calendar_day_kind kind;
    char name[CALENDAR_NAME_MAX];   /* e.g. "Tết Nguyên đán"; "" for plain days */
};

/*
 * Set up a calendar with the default office hours (07:30-11:30 and
 * 13:30-17:00) and no overrides.  Allocates nothing.
 */
void calendar_init(struct calendar *cal);

/* Free the overrides; calendar_init() again before reuse. */
void calendar_release(struct calendar *cal);

/*
 * Replace the office hours with n periods (1..CALENDAR_MAX_PERIODS),
 * each non-empty, sorted, not overlapping, within 0..1440 minutes.
 * Returns MC_ERR_INVALID (calendar unchanged) otherwise.
 */
enum mc_status calendar_set_hours(struct calendar *cal, const struct calendar_period *p,
                                  size_t n) MC_WARN_UNUSED;

/*
 * Set the override for one date, replacing any earlier override of that
 * date.  name may be NULL or "" for the default name ("Ngày nghỉ" for
 * off, "Làm bù" for makeup); it is copied.  Returns MC_ERR_INVALID for a
 * bad date or kind, MC_ERR_TOO_LARGE for a name of CALENDAR_NAME_MAX bytes
 * or more, or when the calendar already holds CALENDAR_MAX_OVERRIDES.
 */
enum mc_status calendar_add_override(struct calendar *cal, int32_t date,
                                     enum calendar_override_kind kind,
                                     const char *name) MC_WARN_UNUSED;

/*
 * The same from a stored row: date "YYYY-MM-DD", kind code ("off",
 * "makeup" or "work"), name (may be NULL).  Same returns as above.
 */
enum mc_status calendar_add_override_row(struct calendar *cal, const char *date,
                                         const char *kind,
                                         const char *name) MC_WARN_UNUSED;

/* Drop the override of date.  Returns MC_ERR_NOT_FOUND if there is none. */
enum mc_status calendar_remove_override(struct calendar *cal, int32_t date) MC_WARN_UNUSED;

/* The storage code of an override kind ("off", "makeup", "work"). */
const char *calendar_override_kind_code(enum calendar_override_kind kind);

/* Parse a storage code; MC_ERR_INVALID for an unknown one. */
enum mc_status calendar_override_kind_parse(const char *code,
                                            enum calendar_override_kind *out) MC_WARN_UNUSED;

/* True for the kinds that are worked: CALENDAR_DAY_WORK and _MAKEUP. */
bool calendar_day_kind_is_working(enum calendar_day_kind kind);

/*
 * A cursor for day-by-day walks: it keeps the default holidays of the last
 * year it looked at, so each year's lunar dates are computed once.  Lives
 * on the stack; owns nothing; invalid once the calendar changes.
 */
struct calendar_walk {
    const struct calendar *cal;
    int year;                     /* year of `days`, or 0 before the first use */
    size_t nr_days;
    struct calendar_day days[CALENDAR_MAX_YEAR_DAYS];  /* sorted defaults */
};

/* Start a walk over cal. */
void calendar_walk_init(struct calendar_walk *w, const struct calendar *cal);

/* Classify date (defaults, then overrides) into *out. */
void calendar_walk_day(struct calendar_walk *w, int32_t date, struct calendar_day *out);

/* True when date is worked. */
bool calendar_walk_is_working(struct calendar_walk *w, int32_t date);

/* Classify one date (a one-shot calendar_walk_day). */
void calendar_day_info(const struct calendar *cal, int32_t date, struct calendar_day *out);

/* True when date is a working day: a weekday that is neither a holiday
 * nor a day off, or a làm bù day. */
bool calendar_is_working_day(const struct calendar *cal, int32_t date);

/*
 * The effective special days of `year`, by date: default holidays and
 * nghỉ bù days that no override replaced, off days and làm bù days from
 * overrides.  Plain weekends and "work" overrides are not listed.  *out
 * is a new array of *n entries (possibly 0) that the caller frees with
 * free().  Returns MC_ERR_INVALID for a year outside
 * LUNAR_MIN_YEAR..LUNAR_MAX_YEAR.
 */
enum mc_status calendar_holidays(const struct calendar *cal, int year,
                                 struct calendar_day **out, size_t *n) MC_WARN_UNUSED;

/*
 * Count the working days in [from, to], both ends included; 0 when from
 * is after to.  Returns MC_ERR_TOO_LARGE when the range is longer than
 * CALENDAR_MAX_SPAN_DAYS, MC_ERR_INVALID for dates out of range.
 */
enum mc_status calendar_workdays_between(const struct calendar *cal, int32_t from,
                                         int32_t to, int32_t *count) MC_WARN_UNUSED;

/*
 * Working days of many ranges over one calendar (a list of late dossiers):
 * a table of the days worked, built once for the dates asked so far and
 * widened when a range falls outside it, so each count is two lookups.
 *
 *   struct calendar_counter c;
 *   calendar_counter_init(&c, cal);
 *   for (...) st = calendar_counter_between(&c, from, to, &n);
 *   calendar_counter_release(&c);
 */
struct calendar_counter {
    const struct calendar *cal;
    int32_t first, last;   /* the dates the table covers; last < first when empty */
    int32_t *before;       /* before[i]: working days in [first, first + i) */
};

void calendar_counter_init(struct calendar_counter *c, const struct calendar *cal);

/* As calendar_workdays_between() (same range rules and statuses). */
enum mc_status calendar_counter_between(struct calendar_counter *c, int32_t from, int32_t to,
                                        int32_t *count) MC_WARN_UNUSED;

void calendar_counter_release(struct calendar_counter *c);

/* ----- deadlines (calendar_due.c) ----- */

/* Units of a processing time.  Codes are stable for storage and the CLI. */
enum calendar_unit {
    CALENDAR_UNIT_WORKING_DAYS = 0,   /* "working_days" (ngày làm việc) */
    CALENDAR_UNIT_WORKING_HOURS,      /* "working_hours" (giờ làm việc) */
    CALENDAR_UNIT_DAYS,               /* "days" (ngày) */
    CALENDAR_UNIT_MONTHS,             /* "months" (tháng) */
};

#define CALENDAR_MAX_WORKING_DAYS 3660
#define CALENDAR_MAX_WORKING_HOURS 30000
#define CALENDAR_MAX_DAYS 36600
#define CALENDAR_MAX_MONTHS 1200

/* The storage code of a unit ("working_days", ...). */
const char *calendar_unit_code(enum calendar_unit unit);

/* Parse a unit code; MC_ERR_INVALID for an unknown one. */
enum mc_status calendar_unit_parse(const char *code, enum calendar_unit *out) MC_WARN_UNUSED;

/*
 * When a submission made at submitted_at counts as received.  Inside an
 * office period of a working day: submitted_at itself.  Before a period
 * of a working day (early morning, lunch): that period's start.  After
 * the last period, or on a day that is not worked: the start of the
 * first period of the next working day.  cutoff_min >= 0 (minutes after
 * local midnight, e.g. 900 for 15:00) is a same-day cut-off: a submission
 * later than the cut-off counts from the next working day's start; -1
 * means none.  Returns MC_ERR_INVALID for a bad cut-off or a time out of
 * range.
 */
enum mc_status calendar_receive_time(const struct calendar *cal, int64_t submitted_at,
                                     int cutoff_min, int64_t *received_at) MC_WARN_UNUSED;

/*
 * The deadline of a processing time of `amount` units counted from
 * received_at (normally a calendar_receive_time() result):
 *  - working days: the same clock time on the amount-th working day after
 *    received_at's date (Fri 13/2/2026 09:00 + 5 -> Fri 27/2/2026 09:00
 *    when Tết takes 16-20/2);
 *  - working hours: the moment the amount-th hour of office time after
 *    received_at is used up (periods are counted, lunch, nights and
 *    days off are skipped; time before the first period does not count);
 *  - days: received_at plus amount * 24 hours;
 *  - months: the same clock time on the same day number amount months
 *    later, or the month's last day when it is shorter (31/1 + 1 -> 28/2
 *    or 29/2).
 * For days and months, a deadline that lands on a day not worked moves
 * to the same clock time on the next working day.  amount 0 gives
 * received_at.  Returns MC_ERR_INVALID for a negative amount, one above
 * the unit's CALENDAR_MAX_*, or a time or result out of range.
 */
enum mc_status calendar_due(const struct calendar *cal, int64_t received_at,
                            int32_t amount, enum calendar_unit unit,
                            int64_t *due) MC_WARN_UNUSED;

/*
 * Move forward from `from` by `seconds` of office time (working days'
 * periods only).  seconds 0 gives from.  MC_ERR_INVALID for negative
 * seconds, seconds above CALENDAR_MAX_WORKING_HOURS hours, or no hours.
 */
enum mc_status calendar_add_working_seconds(const struct calendar *cal, int64_t from,
                                            int64_t seconds, int64_t *out) MC_WARN_UNUSED;

/*
 * Seconds of office time in [from, to): 0 when to <= from.
 * MC_ERR_TOO_LARGE when the range spans more than CALENDAR_MAX_SPAN_DAYS.
 */
enum mc_status calendar_working_seconds_between(const struct calendar *cal, int64_t from,
                                                int64_t to, int64_t *out) MC_WARN_UNUSED;

/*
 * Extend a deadline by a pause (e.g. waiting for the applicant to
 * supplement the dossier: [pause_from, pause_to)).  For the working units
 * the office time inside the pause is added to due as office time, so a
 * pause covering two whole working days moves a 09:00 deadline two
 * working days later; for days and months the pause is counted in whole
 * days (a part of a day counts as one), so the deadline keeps its clock
 * time, and the result moves off days not worked.  Call once per pause.
 * MC_ERR_INVALID when pause_to is before pause_from.
 */
enum mc_status calendar_due_after_pause(const struct calendar *cal, int64_t due,
                                        enum calendar_unit unit, int64_t pause_from,
                                        int64_t pause_to, int64_t *new_due) MC_WARN_UNUSED;

#endif
