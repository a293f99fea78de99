/*
 * calendar.c - which days are worked: default holidays of the Labour Code
 * 2019 art. 112, nghỉ bù, and per-day overrides (see calendar.h).  The
 * deadline arithmetic is in calendar_due.c.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "domain/calendar/calendar.h"
#include "domain/calendar/lunar.h"
#include "core/array.h"
#include "core/mem.h"
#include "core/text.h"

static const char NAME_NEW_YEAR[] = "Tết Dương lịch";
static const char NAME_TET[] = "Tết Nguyên đán";
static const char NAME_HUNG_KINGS[] = "Giỗ Tổ Hùng Vương";
static const char NAME_REUNIFICATION[] = "Ngày Giải phóng miền Nam, thống nhất đất nước";
static const char NAME_LABOUR[] = "Ngày Quốc tế Lao động";
static const char NAME_NATIONAL[] = "Quốc khánh";
static const char NAME_COMP_OFF[] = "Nghỉ bù";
static const char NAME_MAKEUP[] = "Làm bù";
static const char NAME_DAY_OFF[] = "Ngày nghỉ";

void calendar_init(struct calendar *cal)
{
    static const struct calendar_period office[] = {{450, 690}, {810, 1020}};
    memset(cal, 0, sizeof(*cal));
    memcpy(cal->hours, office, sizeof(office));
    cal->nr_hours = MC_ARRAY_LEN(office);
}

void calendar_release(struct calendar *cal)
{
    free(cal->overrides);
    cal->overrides = NULL;
    cal->nr_overrides = 0;
    cal->alloc_overrides = 0;
}

enum mc_status calendar_set_hours(struct calendar *cal, const struct calendar_period *p,
                                  size_t n)
{
    enum mc_status st = MC_ERR_INVALID;
    if (n < 1 || n > CALENDAR_MAX_PERIODS)
        goto out;
    for (size_t i = 0; i < n; i++) {
        int floor_min = i ? p[i - 1].end_min : 0;
        if (p[i].start_min < floor_min || p[i].end_min <= p[i].start_min ||
            p[i].end_min > 1440)
            goto out;
    }
    memcpy(cal->hours, p, n * sizeof(*p));
    cal->nr_hours = n;
    st = MC_OK;
out:
    return st;
}

/* Index of the first override whose date is >= date. */
static size_t override_lower_bound(const struct calendar *cal, int32_t date)
{
    size_t lo = 0, hi = cal->nr_overrides;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->overrides[mid].date < date)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const struct calendar_override *override_find(const struct calendar *cal,
                                                     int32_t date)
{
    size_t i = override_lower_bound(cal, date);
    return i < cal->nr_overrides && cal->overrides[i].date == date ? &cal->overrides[i]
                                                                   : NULL;
}

/* Make room for a new override at index i. */
static void override_open_slot(struct calendar *cal, size_t i)
{
    ARRAY_GROW(cal->overrides, cal->nr_overrides + 1, cal->alloc_overrides);
    memmove(cal->overrides + i + 1, cal->overrides + i,
            (cal->nr_overrides - i) * sizeof(*cal->overrides));
    cal->nr_overrides++;
}

enum mc_status calendar_add_override(struct calendar *cal, int32_t date,
                                     enum calendar_override_kind kind, const char *name)
{
    enum mc_status st = MC_ERR_INVALID;
    size_t i;
    if (date < CALENDAR_MIN_DATE || date > CALENDAR_MAX_DATE ||
        !calendar_override_kind_code(kind)[0])
        goto out;
    st = MC_ERR_TOO_LARGE;
    if (!name)
        name = "";
    if (strlen(name) >= CALENDAR_NAME_MAX)
        goto out;
    i = override_lower_bound(cal, date);
    if (i == cal->nr_overrides || cal->overrides[i].date != date) {
        if (cal->nr_overrides >= CALENDAR_MAX_OVERRIDES)
            goto out;
        override_open_slot(cal, i);
    }
    cal->overrides[i].date = date;
    cal->overrides[i].kind = kind;
    snprintf(cal->overrides[i].name, sizeof(cal->overrides[i].name), "%s", name);
    st = MC_OK;
out:
    return st;
}

enum mc_status calendar_add_override_row(struct calendar *cal, const char *date,
                                         const char *kind, const char *name)
{
    enum calendar_override_kind k;
    int32_t d;
    enum mc_status st;
    if ((st = calendar_date_parse(date, &d)) != MC_OK)
        goto out;
    if ((st = calendar_override_kind_parse(kind, &k)) != MC_OK)
        goto out;
    st = calendar_add_override(cal, d, k, name);
out:
    return st;
}

enum mc_status calendar_remove_override(struct calendar *cal, int32_t date)
{
    enum mc_status st = MC_ERR_NOT_FOUND;
    size_t i = override_lower_bound(cal, date);
    if (i == cal->nr_overrides || cal->overrides[i].date != date)
        goto out;
    memmove(cal->overrides + i, cal->overrides + i + 1,
            (cal->nr_overrides - i - 1) * sizeof(*cal->overrides));
    cal->nr_overrides--;
    st = MC_OK;
out:
    return st;
}

static const char *const OVERRIDE_KIND_CODES[] = {
    [CALENDAR_OVERRIDE_OFF] = "off",
    [CALENDAR_OVERRIDE_MAKEUP] = "makeup",
    [CALENDAR_OVERRIDE_WORK] = "work",
};

const char *calendar_override_kind_code(enum calendar_override_kind kind)
{
    const char *code = NULL;
    if ((unsigned)kind < MC_ARRAY_LEN(OVERRIDE_KIND_CODES))
        code = OVERRIDE_KIND_CODES[kind];
    return code ? code : "";
}

enum mc_status calendar_override_kind_parse(const char *code,
                                            enum calendar_override_kind *out)
{
    int i = text_code_index(code, OVERRIDE_KIND_CODES, MC_ARRAY_LEN(OVERRIDE_KIND_CODES));
    if (i < 0)
        return MC_ERR_INVALID;
    *out = (enum calendar_override_kind)i;
    return MC_OK;
}

bool calendar_day_kind_is_working(enum calendar_day_kind kind)
{
    return kind == CALENDAR_DAY_WORK || kind == CALENDAR_DAY_MAKEUP;
}

/* ----- default days of one year ----- */

static const struct calendar_day *year_find(const struct calendar_walk *w, int32_t date)
{
    for (size_t i = 0; i < w->nr_days; i++)
        if (w->days[i].date == date)
            return &w->days[i];
    return NULL;
}

/* Record a default day; a date already taken keeps its first entry. */
static void year_add(struct calendar_walk *w, int32_t date, enum calendar_day_kind kind,
                     const char *name)
{
    struct calendar_day *e;
    if (w->nr_days < CALENDAR_MAX_YEAR_DAYS && !year_find(w, date)) {
        e = &w->days[w->nr_days++];
        e->date = date;
        e->kind = kind;
        snprintf(e->name, sizeof(e->name), "%s", name);
    }
}

/* Add a default holiday unless a "work"/"makeup" override cancels it. */
static void add_holiday(struct calendar_walk *w, int32_t date, const char *name)
{
    const struct calendar_override *o = override_find(w->cal, date);
    if (!o || o->kind == CALENDAR_OVERRIDE_OFF)
        year_add(w, date, CALENDAR_DAY_HOLIDAY, name);
}

static void add_fixed(struct calendar_walk *w, int m, int d, const char *name)
{
    int32_t date;
    if (calendar_date_from_ymd(w->year, m, d, &date) == MC_OK)
        add_holiday(w, date, name);
}

/* Tết (last day of the old lunar year + lunar 1/1-4/1) and lunar 10/3. */
static void add_lunar(struct calendar_walk *w)
{
    struct lunar_date hung = {.day = 10, .month = 3, .year = w->year, .leap = false};
    int32_t tet, date;
    if (lunar_new_year(w->year, &tet) == MC_OK)
        for (int i = -1; i <= 3; i++)
            add_holiday(w, tet + i, NAME_TET);
    if (lunar_to_solar(&hung, &date) == MC_OK)
        add_holiday(w, date, NAME_HUNG_KINGS);
}

/*
 * Quốc khánh: 2/9 and one adjacent day, chosen to join the nearest
 * weekend: Monday, Thursday or Sunday take 3/9, the other days 1/9.
 */
static void add_national_day(struct calendar_walk *w)
{
    int32_t sep2 = 0;
    if (calendar_date_from_ymd(w->year, 9, 2, &sep2) == MC_OK) {
        enum calendar_weekday wd = calendar_date_weekday(sep2);
        bool after = wd == CALENDAR_MONDAY || wd == CALENDAR_THURSDAY ||
                     wd == CALENDAR_SUNDAY;
        add_holiday(w, after ? sep2 + 1 : sep2 - 1, NAME_NATIONAL);
        add_holiday(w, sep2, NAME_NATIONAL);
    }
}

static void year_sort(struct calendar_walk *w)
{
    for (size_t i = 1; i < w->nr_days; i++) {
        struct calendar_day e = w->days[i];
        size_t j = i;
        for (; j > 0 && w->days[j - 1].date > e.date; j--)
            w->days[j] = w->days[j - 1];
        w->days[j] = e;
    }
}

/* A nghỉ bù day cannot land on a weekend, a default day or an "off" day. */
static bool comp_blocked(const struct calendar_walk *w, int32_t date)
{
    const struct calendar_override *o = override_find(w->cal, date);
    return calendar_date_is_weekend(date) || year_find(w, date) ||
           (o && o->kind == CALENDAR_OVERRIDE_OFF);
}

/* One nghỉ bù per default holiday on a weekend, in date order. */
static void add_comp_days(struct calendar_walk *w)
{
    size_t holidays = w->nr_days;
    for (size_t i = 0; i < holidays; i++) {
        int32_t d = w->days[i].date;
        if (!calendar_date_is_weekend(d))
            continue;
        while (comp_blocked(w, d))
            d++;
        year_add(w, d, CALENDAR_DAY_COMP_OFF, NAME_COMP_OFF);
    }
}

/* A year's fixed and lunar holidays before any override: the same for every
 * calendar, computed once per process (built_years) and then copied. */
struct year_defaults {
    size_t nr_days;
    struct calendar_day days[CALENDAR_MAX_YEAR_DAYS];
};
static _Atomic(struct year_defaults *) built_years[LUNAR_MAX_YEAR - LUNAR_MIN_YEAR + 1];

/*
 * The holidays of year, before overrides.  The lunar ones cost a few
 * thousand floating-point steps, and a walk over many dates (a list of late
 * dossiers, the catalogue's publication deadlines) starts many walks, so
 * each year is computed once and published; a thread that loses the race
 * frees its copy.  Years outside the lunar tables are computed into *tmp.
 */
static const struct year_defaults *year_holidays(int year, struct year_defaults *tmp)
{
    static const struct calendar no_overrides;
    _Atomic(struct year_defaults *) *slot =
        year >= LUNAR_MIN_YEAR && year <= LUNAR_MAX_YEAR ? &built_years[year - LUNAR_MIN_YEAR]
                                                         : NULL;
    struct year_defaults *y = slot ? atomic_load(slot) : NULL, *expected = NULL;
    struct calendar_walk w;
    if (y)
        return y;
    calendar_walk_init(&w, &no_overrides);
    w.year = year;
    add_fixed(&w, 1, 1, NAME_NEW_YEAR);
    add_lunar(&w);
    add_fixed(&w, 4, 30, NAME_REUNIFICATION);
    add_fixed(&w, 5, 1, NAME_LABOUR);
    add_national_day(&w);
    tmp->nr_days = w.nr_days;
    memcpy(tmp->days, w.days, w.nr_days * sizeof(w.days[0]));
    if (!slot)
        return tmp;
    y = xmalloc(sizeof(*y));
    *y = *tmp;
    if (!atomic_compare_exchange_strong(slot, &expected, y)) {
        free(y);
        y = expected;
    }
    return y;
}

/* The defaults of year under w's calendar: the holidays its overrides keep,
 * then one nghỉ bù for each that falls on a weekend. */
static void year_build(struct calendar_walk *w, int year)
{
    struct year_defaults tmp;
    const struct year_defaults *y = year_holidays(year, &tmp);
    w->year = year;
    w->nr_days = 0;
    for (size_t i = 0; i < y->nr_days; i++)
        add_holiday(w, y->days[i].date, y->days[i].name);
    year_sort(w);
    add_comp_days(w);
    year_sort(w);
}

/* ----- classifying days ----- */

void calendar_walk_init(struct calendar_walk *w, const struct calendar *cal)
{
    w->cal = cal;
    w->year = 0;
    w->nr_days = 0;
}

static enum calendar_day_kind override_day_kind(const struct calendar_override *o,
                                                const char **name)
{
    enum calendar_day_kind kind = CALENDAR_DAY_WORK;
    *name = o->name;
    if (o->kind == CALENDAR_OVERRIDE_OFF) {
        kind = CALENDAR_DAY_OFF;
        *name = o->name[0] ? o->name : NAME_DAY_OFF;
    } else if (o->kind == CALENDAR_OVERRIDE_MAKEUP) {
        kind = CALENDAR_DAY_MAKEUP;
        *name = o->name[0] ? o->name : NAME_MAKEUP;
    }
    return kind;
}

/* Kind of date; *name points into the calendar, the walk or a constant. */
static enum calendar_day_kind walk_kind(struct calendar_walk *w, int32_t date,
                                        const char **name)
{
    const struct calendar_override *o = override_find(w->cal, date);
    const struct calendar_day *e;
    enum calendar_day_kind kind;
    int y, m, d;
    if (o) {
        kind = override_day_kind(o, name);
        goto out;
    }
    calendar_date_to_ymd(date, &y, &m, &d);
    if (y != w->year)
        year_build(w, y);
    e = year_find(w, date);
    kind = calendar_date_is_weekend(date) ? CALENDAR_DAY_WEEKEND : CALENDAR_DAY_WORK;
    *name = e ? e->name : "";
    if (e)
        kind = e->kind;
out:
    return kind;
}

void calendar_walk_day(struct calendar_walk *w, int32_t date, struct calendar_day *out)
{
    const char *name;
    out->date = date;
    out->kind = walk_kind(w, date, &name);
    snprintf(out->name, sizeof(out->name), "%s", name);
}

bool calendar_walk_is_working(struct calendar_walk *w, int32_t date)
{
    const char *name;
    return calendar_day_kind_is_working(walk_kind(w, date, &name));
}

void calendar_day_info(const struct calendar *cal, int32_t date, struct calendar_day *out)
{
    struct calendar_walk w;
    calendar_walk_init(&w, cal);
    calendar_walk_day(&w, date, out);
}

bool calendar_is_working_day(const struct calendar *cal, int32_t date)
{
    struct calendar_walk w;
    calendar_walk_init(&w, cal);
    return calendar_walk_is_working(&w, date);
}

enum mc_status calendar_holidays(const struct calendar *cal, int year,
                                 struct calendar_day **out, size_t *n)
{
    struct calendar_walk w;
    struct calendar_day *days = NULL;
    int32_t first, last;
    size_t count = 0;
    enum mc_status st = MC_ERR_INVALID;
    if (year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR ||
        calendar_date_from_ymd(year, 1, 1, &first) != MC_OK ||
        calendar_date_from_ymd(year, 12, 31, &last) != MC_OK)
        goto out;
    days = xcalloc((size_t)(last - first + 1), sizeof(*days));
    calendar_walk_init(&w, cal);
    for (int32_t d = first; d <= last; d++) {
        calendar_walk_day(&w, d, &days[count]);
        if (days[count].kind != CALENDAR_DAY_WORK && days[count].kind != CALENDAR_DAY_WEEKEND)
            count++;
    }
    *out = days;
    *n = count;
    st = MC_OK;
out:
    return st;
}

enum mc_status calendar_workdays_between(const struct calendar *cal, int32_t from,
                                         int32_t to, int32_t *count)
{
    struct calendar_walk w;
    enum mc_status st = MC_ERR_INVALID;
    int32_t n = 0;
    if (from < CALENDAR_MIN_DATE || from > CALENDAR_MAX_DATE || to < CALENDAR_MIN_DATE ||
        to > CALENDAR_MAX_DATE)
        goto out;
    st = MC_ERR_TOO_LARGE;
    if ((int64_t)to - from >= CALENDAR_MAX_SPAN_DAYS)
        goto out;
    calendar_walk_init(&w, cal);
    for (int32_t d = from; d <= to; d++)
        n += calendar_walk_is_working(&w, d);
    *count = n;
    st = MC_OK;
out:
    return st;
}

/* ---------------------------------------------------------------- counter */

#define COUNTER_MARGIN 366   /* days added on each side when the table is widened */

void calendar_counter_init(struct calendar_counter *c, const struct calendar *cal)
{
    c->cal = cal;
    c->first = 0;
    c->last = -1;
    c->before = NULL;
}

void calendar_counter_release(struct calendar_counter *c)
{
    free(c->before);
    calendar_counter_init(c, c->cal);
}

/* Make the table cover [from, to] and a margin on each side. */
static void counter_cover(struct calendar_counter *c, int32_t from, int32_t to)
{
    struct calendar_walk w;
    if (c->last >= c->first) {
        from = from < c->first ? from : c->first;
        to = to > c->last ? to : c->last;
    }
    from = from - COUNTER_MARGIN > CALENDAR_MIN_DATE ? from - COUNTER_MARGIN : CALENDAR_MIN_DATE;
    to = to + COUNTER_MARGIN < CALENDAR_MAX_DATE ? to + COUNTER_MARGIN : CALENDAR_MAX_DATE;
    free(c->before);
    c->before = xcalloc((size_t)(to - from) + 2, sizeof(*c->before));
    calendar_walk_init(&w, c->cal);
    for (int32_t d = from; d <= to; d++)
        c->before[d - from + 1] = c->before[d - from] + calendar_walk_is_working(&w, d);
    c->first = from;
    c->last = to;
}

enum mc_status calendar_counter_between(struct calendar_counter *c, int32_t from, int32_t to,
                                        int32_t *count)
{
    if (from < CALENDAR_MIN_DATE || from > CALENDAR_MAX_DATE || to < CALENDAR_MIN_DATE ||
        to > CALENDAR_MAX_DATE)
        return MC_ERR_INVALID;
    if ((int64_t)to - from >= CALENDAR_MAX_SPAN_DAYS)
        return MC_ERR_TOO_LARGE;
    *count = 0;
    if (to < from)
        return MC_OK;
    bool inside = c->last >= c->first && from >= c->first && to <= c->last;
    if (!inside && c->last >= c->first &&
        (int64_t)(to > c->last ? to : c->last) - (from < c->first ? from : c->first) >=
            CALENDAR_MAX_SPAN_DAYS)   /* far from the rest: counted on its own */
        return calendar_workdays_between(c->cal, from, to, count);
    if (!inside)
        counter_cover(c, from, to);
    *count = c->before[to - c->first + 1] - c->before[from - c->first];
    return MC_OK;
}
