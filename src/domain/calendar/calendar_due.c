/*
 * calendar_due.c - deadline arithmetic over the working-day calendar:
 * receipt time, due dates in four units, office time between two moments
 * and pauses (the deadline half of calendar.h).
 */
#include "domain/calendar/calendar.h"
#include "core/text.h"

static const char *const UNIT_CODES[] = {
    [CALENDAR_UNIT_WORKING_DAYS] = "working_days",
    [CALENDAR_UNIT_WORKING_HOURS] = "working_hours",
    [CALENDAR_UNIT_DAYS] = "days",
    [CALENDAR_UNIT_MONTHS] = "months",
};

const char *calendar_unit_code(enum calendar_unit unit)
{
    return (unsigned)unit < MC_ARRAY_LEN(UNIT_CODES) ? UNIT_CODES[unit] : "";
}

enum mc_status calendar_unit_parse(const char *code, enum calendar_unit *out)
{
    int i = text_code_index(code, UNIT_CODES, MC_ARRAY_LEN(UNIT_CODES));
    if (i < 0)
        return MC_ERR_INVALID;
    *out = (enum calendar_unit)i;
    return MC_OK;
}

/* Start and end of office period i, in seconds after local midnight. */
static int32_t period_start(const struct calendar *cal, size_t i)
{
    return cal->hours[i].start_min * 60;
}

static int32_t period_end(const struct calendar *cal, size_t i)
{
    return cal->hours[i].end_min * 60;
}

/* First working day after date; false when none before CALENDAR_MAX_DATE. */
static bool next_working_day(struct calendar_walk *w, int32_t date, int32_t *out)
{
    bool found = false;
    while (!found && date < CALENDAR_MAX_DATE)
        found = calendar_walk_is_working(w, ++date);
    if (found)
        *out = date;
    return found;
}

enum mc_status calendar_receive_time(const struct calendar *cal, int64_t submitted_at,
                                     int cutoff_min, int64_t *received_at)
{
    struct calendar_walk w;
    int32_t date = calendar_date_of(submitted_at);
    int32_t sec = calendar_seconds_of_day(submitted_at);
    if (cal->nr_hours == 0 || cutoff_min < -1 || cutoff_min >= 1440 ||
        !calendar_time_in_range(submitted_at))
        return MC_ERR_INVALID;
    calendar_walk_init(&w, cal);
    if (calendar_walk_is_working(&w, date) && (cutoff_min < 0 || sec <= cutoff_min * 60)) {
        for (size_t i = 0; i < cal->nr_hours; i++) {
            if (sec < period_end(cal, i)) {
                *received_at = calendar_time_at(date, sec > period_start(cal, i)
                                                          ? sec : period_start(cal, i));
                return MC_OK;
            }
        }
    }
    if (!next_working_day(&w, date, &date))
        return MC_ERR_INVALID;
    *received_at = calendar_time_at(date, period_start(cal, 0));
    return MC_OK;
}

/*
 * t's clock time on the n-th working day after t's date; for n 0, on t's
 * date itself if it is worked, else on the next working day.
 */
static enum mc_status working_day_after(const struct calendar *cal, int64_t t, int32_t n,
                                        int64_t *out)
{
    struct calendar_walk w;
    int32_t date = calendar_date_of(t);
    bool found = calendar_time_in_range(t);
    calendar_walk_init(&w, cal);
    if (found && n == 0 && !calendar_walk_is_working(&w, date))
        found = next_working_day(&w, date, &date);
    for (int32_t i = 0; found && i < n; i++)
        found = next_working_day(&w, date, &date);
    if (!found)
        return MC_ERR_INVALID;
    *out = calendar_time_at(date, calendar_seconds_of_day(t));
    return MC_OK;
}

/* Same day number n months later, clamped to the month's end. */
static enum mc_status add_months(const struct calendar *cal, int64_t t, int32_t n,
                                 int64_t *out)
{
    enum mc_status st;
    int y, m, d, dim;
    int32_t date;
    calendar_date_to_ymd(calendar_date_of(t), &y, &m, &d);
    m += n;
    y += (m - 1) / 12;
    m = (m - 1) % 12 + 1;
    dim = calendar_days_in_month(y, m);
    if ((st = calendar_date_from_ymd(y, m, d < dim ? d : dim, &date)) != MC_OK)
        goto out;
    st = working_day_after(cal, calendar_time_at(date, calendar_seconds_of_day(t)), 0, out);
out:
    return st;
}

static bool amount_ok(enum calendar_unit unit, int32_t amount)
{
    static const int32_t max[] = {
        [CALENDAR_UNIT_WORKING_DAYS] = CALENDAR_MAX_WORKING_DAYS,
        [CALENDAR_UNIT_WORKING_HOURS] = CALENDAR_MAX_WORKING_HOURS,
        [CALENDAR_UNIT_DAYS] = CALENDAR_MAX_DAYS,
        [CALENDAR_UNIT_MONTHS] = CALENDAR_MAX_MONTHS,
    };
    return (size_t)unit < MC_ARRAY_LEN(max) && amount >= 0 && amount <= max[unit];
}

enum mc_status calendar_due(const struct calendar *cal, int64_t received_at,
                            int32_t amount, enum calendar_unit unit, int64_t *due)
{
    enum mc_status st = MC_ERR_INVALID;
    if (!amount_ok(unit, amount) || !calendar_time_in_range(received_at))
        goto out;
    if (amount == 0) {
        *due = received_at;
        st = MC_OK;
        goto out;
    }
    switch (unit) {
    case CALENDAR_UNIT_WORKING_DAYS:
        st = working_day_after(cal, received_at, amount, due);
        break;
    case CALENDAR_UNIT_WORKING_HOURS:
        st = calendar_add_working_seconds(cal, received_at, (int64_t)amount * 3600, due);
        break;
    case CALENDAR_UNIT_DAYS:
        st = working_day_after(cal, received_at + (int64_t)amount * 86400, 0, due);
        break;
    case CALENDAR_UNIT_MONTHS:
        st = add_months(cal, received_at, amount, due);
        break;
    }
out:
    return st;
}

/*
 * Use up *left seconds of the office periods of one working day from
 * second `sec`.  Returns true and sets *end when they run out that day.
 */
static bool spend_day(const struct calendar *cal, int32_t date, int32_t sec,
                      int64_t *left, int64_t *end)
{
    bool done = false;
    for (size_t i = 0; i < cal->nr_hours && !done; i++) {
        int32_t from = sec > period_start(cal, i) ? sec : period_start(cal, i);
        int32_t avail = period_end(cal, i) - from;
        if (avail <= 0)
            continue;
        if (*left <= avail) {
            *end = calendar_time_at(date, from + (int32_t)*left);
            done = true;
        } else {
            *left -= avail;
        }
    }
    return done;
}

enum mc_status calendar_add_working_seconds(const struct calendar *cal, int64_t from,
                                            int64_t seconds, int64_t *out)
{
    struct calendar_walk w;
    enum mc_status st = MC_ERR_INVALID;
    int32_t date = calendar_date_of(from);
    int32_t sec = calendar_seconds_of_day(from);
    int64_t left = seconds;
    if (cal->nr_hours == 0 || seconds < 0 ||
        seconds > (int64_t)CALENDAR_MAX_WORKING_HOURS * 3600 ||
        !calendar_time_in_range(from))
        goto out;
    if (seconds == 0) {
        *out = from;
        st = MC_OK;
        goto out;
    }
    calendar_walk_init(&w, cal);
    if (calendar_walk_is_working(&w, date) && spend_day(cal, date, sec, &left, out)) {
        st = MC_OK;
        goto out;
    }
    while (st != MC_OK && next_working_day(&w, date, &date))
        if (spend_day(cal, date, 0, &left, out))
            st = MC_OK;
out:
    return st;
}

/* Office seconds of one working day that fall inside [from, to). */
static int64_t office_overlap(const struct calendar *cal, int32_t date, int64_t from,
                              int64_t to)
{
    int64_t total = 0;
    for (size_t i = 0; i < cal->nr_hours; i++) {
        int64_t a = calendar_time_at(date, period_start(cal, i));
        int64_t b = calendar_time_at(date, period_end(cal, i));
        if (a < from)
            a = from;
        if (b > to)
            b = to;
        if (b > a)
            total += b - a;
    }
    return total;
}

enum mc_status calendar_working_seconds_between(const struct calendar *cal, int64_t from,
                                                int64_t to, int64_t *out)
{
    struct calendar_walk w;
    int64_t total = 0;
    if (!calendar_time_in_range(from) || !calendar_time_in_range(to))
        return MC_ERR_INVALID;
    if (to > from &&
        (int64_t)calendar_date_of(to) - calendar_date_of(from) >= CALENDAR_MAX_SPAN_DAYS)
        return MC_ERR_TOO_LARGE;
    calendar_walk_init(&w, cal);
    for (int32_t d = calendar_date_of(from); to > from && d <= calendar_date_of(to); d++)
        if (calendar_walk_is_working(&w, d))
            total += office_overlap(cal, d, from, to);
    *out = total;
    return MC_OK;
}

enum mc_status calendar_due_after_pause(const struct calendar *cal, int64_t due,
                                        enum calendar_unit unit, int64_t pause_from,
                                        int64_t pause_to, int64_t *new_due)
{
    enum mc_status st = MC_ERR_INVALID;
    int64_t paused = 0;
    if (pause_to < pause_from || !calendar_time_in_range(due))
        goto out;
    if (unit == CALENDAR_UNIT_WORKING_DAYS || unit == CALENDAR_UNIT_WORKING_HOURS) {
        if ((st = calendar_working_seconds_between(cal, pause_from, pause_to, &paused)) !=
            MC_OK)
            goto out;
        st = calendar_add_working_seconds(cal, due, paused, new_due);
    } else if (unit == CALENDAR_UNIT_DAYS || unit == CALENDAR_UNIT_MONTHS) {
        /* Whole days, so the deadline keeps its clock time (never 23:56). */
        int64_t days = (pause_to - pause_from + 86399) / 86400;
        st = MC_ERR_TOO_LARGE;
        if (days > CALENDAR_MAX_DAYS)
            goto out;
        st = working_day_after(cal, due + days * 86400, 0, new_due);
    }
out:
    return st;
}
