/* test_calendar.c - unit tests for calendar/calendar: holidays, days, deadlines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include "domain/calendar/calendar.h"
#include "core/clock.h"

static int32_t ymd(int y, int m, int d)
{
    int32_t date = 0;
    assert_int_equal(calendar_date_from_ymd(y, m, d, &date), MC_OK);
    return date;
}

/* A moment given in Vietnam local time. */
static int64_t at(int y, int mo, int d, int h, int mi)
{
    return calendar_time_at(ymd(y, mo, d), h * 3600 + mi * 60);
}

static void assert_time(int64_t got, const char *want)
{
    char buf[32];
    clock_format_iso(got, buf, sizeof(buf));
    assert_string_equal(buf, want);
}

static void assert_day(const struct calendar *cal, int32_t date, enum calendar_day_kind kind,
                       const char *name)
{
    struct calendar_day day;
    calendar_day_info(cal, date, &day);
    assert_int_equal(day.kind, kind);
    assert_string_equal(day.name, name);
}

static int setup(void **state)
{
    struct calendar *cal = malloc(sizeof(*cal));
    if (!cal)
        return -1;
    calendar_init(cal);
    *state = cal;
    return 0;
}

static int teardown(void **state)
{
    calendar_release(*state);
    free(*state);
    return 0;
}

static void test_date_helpers(void **state)
{
    int y, m, d;
    int32_t date = 0;
    char buf[CALENDAR_DATE_SIZE];
    (void)state;
    assert_int_equal(ymd(1970, 1, 1), 0);
    assert_int_equal(ymd(1900, 1, 1), CALENDAR_MIN_DATE);
    assert_int_equal(ymd(9999, 12, 31), CALENDAR_MAX_DATE);
    calendar_date_to_ymd(ymd(2028, 2, 29), &y, &m, &d);
    assert_true(y == 2028 && m == 2 && d == 29);
    calendar_date_to_ymd(ymd(1901, 3, 1), &y, &m, &d);
    assert_true(y == 1901 && m == 3 && d == 1);
    assert_int_equal(calendar_date_weekday(ymd(2026, 2, 13)), CALENDAR_FRIDAY);
    assert_int_equal(calendar_date_weekday(ymd(1969, 12, 28)), CALENDAR_SUNDAY);
    assert_int_equal(calendar_date_from_ymd(2026, 2, 29, &date), MC_ERR_INVALID);
    assert_int_equal(calendar_date_parse("2026-02-13", &date), MC_OK);
    calendar_date_format(date, buf, sizeof(buf));
    assert_string_equal(buf, "2026-02-13");
    assert_int_equal(calendar_date_parse("2026-2-13", &date), MC_ERR_INVALID);
    assert_int_equal(calendar_date_parse("2026-02-13x", &date), MC_ERR_INVALID);
    assert_int_equal(calendar_date_parse_vn("13/02/2026", &date), MC_OK);
    assert_int_equal(date, ymd(2026, 2, 13));
    assert_int_equal(calendar_date_parse_vn("5/3/2025", &date), MC_OK);
    assert_int_equal(date, ymd(2025, 3, 5));
    assert_int_equal(calendar_date_parse_vn("29/02/2026", &date), MC_ERR_INVALID);
    assert_int_equal(calendar_date_parse_vn("13/02/26", &date), MC_ERR_INVALID);
    assert_int_equal(calendar_date_parse_vn("013/02/2026", &date), MC_ERR_INVALID);
    assert_int_equal(calendar_date_parse_vn("13-02-2026", &date), MC_ERR_INVALID);
    assert_int_equal(calendar_date_parse_vn("/02/2026", &date), MC_ERR_INVALID);
    assert_int_equal(calendar_date_parse_vn("13/02/2026 ", &date), MC_ERR_INVALID);
    /* a typed date: either shape, the same day */
    assert_int_equal(calendar_date_parse_input("2026-02-13", &date), MC_OK);
    assert_int_equal(date, ymd(2026, 2, 13));
    assert_int_equal(calendar_date_parse_input("13/2/2026", &date), MC_OK);
    assert_int_equal(date, ymd(2026, 2, 13));
    assert_int_equal(calendar_date_parse_input("31/02/2026", &date), MC_ERR_INVALID);
    assert_int_equal(calendar_date_parse_input("2026/02/13", &date), MC_ERR_INVALID);
    assert_int_equal(calendar_date_parse_input("", &date), MC_ERR_INVALID);
    assert_int_equal(calendar_date_parse_input(NULL, &date), MC_ERR_INVALID);
    /* 17:00 UTC is midnight in Vietnam. */
    assert_int_equal(calendar_date_of(at(2026, 2, 13, 0, 0) - 1), ymd(2026, 2, 12));
    assert_int_equal(calendar_seconds_of_day(at(2026, 2, 13, 9, 30)), 9 * 3600 + 1800);
}

static void test_holidays_2026(void **state)
{
    static const struct { int m, d; const char *name; } want[] = {
        {1, 1, "Tết Dương lịch"},
        {2, 16, "Tết Nguyên đán"}, {2, 17, "Tết Nguyên đán"}, {2, 18, "Tết Nguyên đán"},
        {2, 19, "Tết Nguyên đán"}, {2, 20, "Tết Nguyên đán"},
        {4, 26, "Giỗ Tổ Hùng Vương"}, {4, 27, "Nghỉ bù"},
        {4, 30, "Ngày Giải phóng miền Nam, thống nhất đất nước"},
        {5, 1, "Ngày Quốc tế Lao động"},
        {9, 1, "Quốc khánh"}, {9, 2, "Quốc khánh"},
    };
    struct calendar_day *days = NULL;
    size_t n = 0;
    assert_int_equal(calendar_holidays(*state, 2026, &days, &n), MC_OK);
    assert_int_equal(n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(days[i].date, ymd(2026, want[i].m, want[i].d));
        assert_string_equal(days[i].name, want[i].name);
    }
    assert_int_equal(days[7].kind, CALENDAR_DAY_COMP_OFF);
    free(days);
    assert_int_equal(calendar_holidays(*state, 1800, &days, &n), MC_ERR_INVALID);
}

/* Tết 2025: the last lunar day is 28/1; mùng 4 is Saturday 1/2. */
static void test_tet_across_year_boundary(void **state)
{
    const struct calendar *cal = *state;
    assert_true(calendar_is_working_day(cal, ymd(2025, 1, 27)));
    for (int d = 28; d <= 31; d++)
        assert_day(cal, ymd(2025, 1, d), CALENDAR_DAY_HOLIDAY, "Tết Nguyên đán");
    assert_day(cal, ymd(2025, 2, 1), CALENDAR_DAY_HOLIDAY, "Tết Nguyên đán");
    assert_day(cal, ymd(2025, 2, 2), CALENDAR_DAY_WEEKEND, "");
    assert_day(cal, ymd(2025, 2, 3), CALENDAR_DAY_COMP_OFF, "Nghỉ bù");
    assert_true(calendar_is_working_day(cal, ymd(2025, 2, 4)));
    assert_day(cal, ymd(2025, 1, 1), CALENDAR_DAY_HOLIDAY, "Tết Dương lịch");
}

/* Several weekend holidays push several days, past other holidays. */
static void test_weekend_holidays_push_comp_days(void **state)
{
    const struct calendar *cal = *state;
    /* 2022: 30/4 Saturday, 1/5 Sunday. */
    assert_day(cal, ymd(2022, 5, 2), CALENDAR_DAY_COMP_OFF, "Nghỉ bù");
    assert_day(cal, ymd(2022, 5, 3), CALENDAR_DAY_COMP_OFF, "Nghỉ bù");
    assert_true(calendar_is_working_day(cal, ymd(2022, 5, 4)));
    /* 2023: Giỗ Tổ Saturday 29/4, 30/4 Sunday, 1/5 Monday. */
    assert_day(cal, ymd(2023, 4, 29), CALENDAR_DAY_HOLIDAY, "Giỗ Tổ Hùng Vương");
    assert_day(cal, ymd(2023, 5, 1), CALENDAR_DAY_HOLIDAY, "Ngày Quốc tế Lao động");
    assert_day(cal, ymd(2023, 5, 2), CALENDAR_DAY_COMP_OFF, "Nghỉ bù");
    assert_day(cal, ymd(2023, 5, 3), CALENDAR_DAY_COMP_OFF, "Nghỉ bù");
    /* Tết 2024: 9/2-13/2 with Saturday and Sunday inside. */
    assert_day(cal, ymd(2024, 2, 13), CALENDAR_DAY_HOLIDAY, "Tết Nguyên đán");
    assert_day(cal, ymd(2024, 2, 14), CALENDAR_DAY_COMP_OFF, "Nghỉ bù");
    assert_day(cal, ymd(2024, 2, 15), CALENDAR_DAY_COMP_OFF, "Nghỉ bù");
    assert_true(calendar_is_working_day(cal, ymd(2024, 2, 16)));
}

/* 2/9 and its neighbour, by weekday of 2/9. */
static void test_national_day_pair(void **state)
{
    const struct calendar *cal = *state;
    assert_day(cal, ymd(2021, 9, 3), CALENDAR_DAY_HOLIDAY, "Quốc khánh");   /* Thu */
    assert_true(calendar_is_working_day(cal, ymd(2021, 9, 1)));
    assert_day(cal, ymd(2022, 9, 1), CALENDAR_DAY_HOLIDAY, "Quốc khánh");   /* Fri */
    assert_day(cal, ymd(2023, 9, 1), CALENDAR_DAY_HOLIDAY, "Quốc khánh");   /* Sat */
    assert_day(cal, ymd(2023, 9, 4), CALENDAR_DAY_COMP_OFF, "Nghỉ bù");
    assert_day(cal, ymd(2024, 9, 3), CALENDAR_DAY_HOLIDAY, "Quốc khánh");   /* Mon */
    assert_day(cal, ymd(2025, 9, 1), CALENDAR_DAY_HOLIDAY, "Quốc khánh");   /* Tue */
    assert_day(cal, ymd(2029, 9, 3), CALENDAR_DAY_HOLIDAY, "Quốc khánh");   /* Sun */
    assert_day(cal, ymd(2029, 9, 4), CALENDAR_DAY_COMP_OFF, "Nghỉ bù");
}

/* Tết 2025 as decided: Monday 27/1 off, swapped with Saturday 8/2. */
static void test_makeup_day(void **state)
{
    struct calendar *cal = *state;
    struct calendar_day *days = NULL;
    size_t n = 0, found = 0;
    assert_int_equal(calendar_add_override(cal, ymd(2025, 1, 27), CALENDAR_OVERRIDE_OFF,
                                           "Nghỉ Tết (hoán đổi)"), MC_OK);
    assert_int_equal(calendar_add_override_row(cal, "2025-02-08", "makeup", NULL), MC_OK);
    assert_day(cal, ymd(2025, 1, 27), CALENDAR_DAY_OFF, "Nghỉ Tết (hoán đổi)");
    assert_day(cal, ymd(2025, 2, 8), CALENDAR_DAY_MAKEUP, "Làm bù");
    assert_true(calendar_is_working_day(cal, ymd(2025, 2, 8)));
    assert_int_equal(calendar_holidays(cal, 2025, &days, &n), MC_OK);
    for (size_t i = 0; i < n; i++)
        found += days[i].date == ymd(2025, 1, 27) || days[i].date == ymd(2025, 2, 8);
    assert_int_equal(found, 2);
    free(days);
    /* Friday 24/1 09:00 + 5 working days: 4/2-7/2, then Saturday 8/2. */
    int64_t due = 0;
    assert_int_equal(calendar_due(cal, at(2025, 1, 24, 9, 0), 5,
                                  CALENDAR_UNIT_WORKING_DAYS, &due), MC_OK);
    assert_time(due, "2025-02-08T09:00:00+07:00");
}

static void test_override_removes_default(void **state)
{
    struct calendar *cal = *state;
    struct calendar_day *days = NULL;
    size_t n = 0;
    assert_int_equal(calendar_add_override_row(cal, "2026-09-01", "work", NULL), MC_OK);
    assert_true(calendar_is_working_day(cal, ymd(2026, 9, 1)));
    assert_day(cal, ymd(2026, 9, 1), CALENDAR_DAY_WORK, "");
    /* Cancel the nghỉ bù of Giỗ Tổ 2026 (Sunday 26/4). */
    assert_int_equal(calendar_add_override(cal, ymd(2026, 4, 27), CALENDAR_OVERRIDE_WORK,
                                           NULL), MC_OK);
    assert_true(calendar_is_working_day(cal, ymd(2026, 4, 27)));
    assert_int_equal(calendar_holidays(cal, 2026, &days, &n), MC_OK);
    assert_int_equal(n, 10);
    free(days);
    /* Replacing and removing. */
    assert_int_equal(calendar_add_override(cal, ymd(2026, 9, 1), CALENDAR_OVERRIDE_OFF,
                                           "Nghỉ lễ"), MC_OK);
    assert_int_equal(cal->nr_overrides, 2);
    assert_day(cal, ymd(2026, 9, 1), CALENDAR_DAY_OFF, "Nghỉ lễ");
    assert_int_equal(calendar_remove_override(cal, ymd(2026, 9, 1)), MC_OK);
    assert_int_equal(calendar_remove_override(cal, ymd(2026, 9, 1)), MC_ERR_NOT_FOUND);
    assert_day(cal, ymd(2026, 9, 1), CALENDAR_DAY_HOLIDAY, "Quốc khánh");
}

/* A weekend holiday cancelled by "work" gives no nghỉ bù. */
static void test_cancelled_holiday_gives_no_comp(void **state)
{
    struct calendar *cal = *state;
    assert_int_equal(calendar_add_override(cal, ymd(2026, 4, 26), CALENDAR_OVERRIDE_WORK,
                                           NULL), MC_OK);
    assert_true(calendar_is_working_day(cal, ymd(2026, 4, 26)));
    assert_true(calendar_is_working_day(cal, ymd(2026, 4, 27)));
    /* An "off" day in the way pushes the nghỉ bù further. */
    assert_int_equal(calendar_add_override(cal, ymd(2022, 5, 2), CALENDAR_OVERRIDE_OFF,
                                           NULL), MC_OK);
    assert_day(cal, ymd(2022, 5, 2), CALENDAR_DAY_OFF, "Ngày nghỉ");
    assert_day(cal, ymd(2022, 5, 3), CALENDAR_DAY_COMP_OFF, "Nghỉ bù");
    assert_day(cal, ymd(2022, 5, 4), CALENDAR_DAY_COMP_OFF, "Nghỉ bù");
}

static void test_override_validation(void **state)
{
    struct calendar *cal = *state;
    char long_name[CALENDAR_NAME_MAX + 1];
    enum calendar_override_kind kind;
    memset(long_name, 'a', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = '\0';
    assert_int_equal(calendar_add_override_row(cal, "2026-01-02", "holiday", NULL),
                     MC_ERR_INVALID);
    assert_int_equal(calendar_add_override_row(cal, "2026-02-30", "off", NULL),
                     MC_ERR_INVALID);
    assert_int_equal(calendar_add_override(cal, ymd(2026, 1, 2), CALENDAR_OVERRIDE_OFF,
                                           long_name), MC_ERR_TOO_LARGE);
    assert_int_equal(calendar_add_override(cal, ymd(2026, 1, 2),
                                           (enum calendar_override_kind)9, NULL),
                     MC_ERR_INVALID);
    assert_int_equal(cal->nr_overrides, 0);
    assert_int_equal(calendar_override_kind_parse("makeup", &kind), MC_OK);
    assert_int_equal(kind, CALENDAR_OVERRIDE_MAKEUP);
    assert_string_equal(calendar_override_kind_code(CALENDAR_OVERRIDE_WORK), "work");
}

static void test_workdays_between(void **state)
{
    const struct calendar *cal = *state;
    int32_t n = -1;
    assert_int_equal(calendar_workdays_between(cal, ymd(2026, 2, 1), ymd(2026, 2, 28), &n),
                     MC_OK);
    assert_int_equal(n, 15);
    assert_int_equal(calendar_workdays_between(cal, ymd(2026, 1, 1), ymd(2026, 12, 31), &n),
                     MC_OK);
    assert_int_equal(n, 250);
    /* Both ends count. */
    assert_int_equal(calendar_workdays_between(cal, ymd(2026, 3, 2), ymd(2026, 3, 2), &n),
                     MC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(calendar_workdays_between(cal, ymd(2026, 3, 2), ymd(2026, 3, 6), &n),
                     MC_OK);
    assert_int_equal(n, 5);
    assert_int_equal(calendar_workdays_between(cal, ymd(2026, 3, 7), ymd(2026, 3, 8), &n),
                     MC_OK);
    assert_int_equal(n, 0);
    assert_int_equal(calendar_workdays_between(cal, ymd(2026, 3, 6), ymd(2026, 3, 2), &n),
                     MC_OK);
    assert_int_equal(n, 0);
    assert_int_equal(calendar_workdays_between(cal, ymd(1950, 1, 1), ymd(2100, 1, 1), &n),
                     MC_ERR_TOO_LARGE);
}

/* The counter answers what calendar_workdays_between() answers, as its table widens. */
static void test_counter_matches_walk(void **state)
{
    const struct calendar *cal = *state;
    struct calendar_counter c;
    int32_t want = -1, got = -1;
    /* later, earlier, inside, across years, far apart, and back again */
    static const int spans[][2] = {{20, 60},  {-700, -650}, {0, 30},    {-30, 400},
                                   {900, 2000}, {-5000, -4990}, {5, 4},  {100, 100}};
    calendar_counter_init(&c, cal);
    for (size_t i = 0; i < sizeof(spans) / sizeof(spans[0]); i++) {
        int32_t from = ymd(2026, 1, 1) + spans[i][0], to = ymd(2026, 1, 1) + spans[i][1];
        assert_int_equal(calendar_workdays_between(cal, from, to, &want), MC_OK);
        assert_int_equal(calendar_counter_between(&c, from, to, &got), MC_OK);
        assert_int_equal(got, want);
    }
    assert_int_equal(calendar_counter_between(&c, ymd(2026, 2, 1), ymd(2026, 2, 28), &got),
                     MC_OK);
    assert_int_equal(got, 15);   /* Tết 2026 */
    assert_int_equal(calendar_counter_between(&c, ymd(1950, 1, 1), ymd(2100, 1, 1), &got),
                     MC_ERR_TOO_LARGE);
    assert_int_equal(calendar_counter_between(&c, CALENDAR_MIN_DATE - 1, ymd(2026, 1, 1), &got),
                     MC_ERR_INVALID);
    calendar_counter_release(&c);
}

static void test_due_working_days(void **state)
{
    const struct calendar *cal = *state;
    int64_t due = 0;
    assert_int_equal(calendar_due(cal, at(2026, 2, 13, 9, 0), 5,
                                  CALENDAR_UNIT_WORKING_DAYS, &due), MC_OK);
    assert_time(due, "2026-02-27T09:00:00+07:00");
    assert_int_equal(calendar_due(cal, at(2026, 3, 2, 14, 15), 1,
                                  CALENDAR_UNIT_WORKING_DAYS, &due), MC_OK);
    assert_time(due, "2026-03-03T14:15:00+07:00");
    assert_int_equal(calendar_due(cal, at(2026, 3, 2, 14, 15), 0,
                                  CALENDAR_UNIT_WORKING_DAYS, &due), MC_OK);
    assert_time(due, "2026-03-02T14:15:00+07:00");
    assert_int_equal(calendar_due(cal, at(2026, 3, 2, 14, 15), -1,
                                  CALENDAR_UNIT_WORKING_DAYS, &due), MC_ERR_INVALID);
    assert_int_equal(calendar_due(cal, at(2026, 3, 2, 14, 15), CALENDAR_MAX_WORKING_DAYS + 1,
                                  CALENDAR_UNIT_WORKING_DAYS, &due), MC_ERR_INVALID);
    assert_int_equal(calendar_due(cal, at(2026, 3, 2, 14, 15), 1, (enum calendar_unit)7,
                                  &due), MC_ERR_INVALID);
}

static void test_due_working_hours(void **state)
{
    const struct calendar *cal = *state;
    int64_t due = 0;
    /* Across lunch. */
    assert_int_equal(calendar_due(cal, at(2026, 3, 2, 10, 30), 2,
                                  CALENDAR_UNIT_WORKING_HOURS, &due), MC_OK);
    assert_time(due, "2026-03-02T14:30:00+07:00");
    /* Ending exactly at the end of the morning. */
    assert_int_equal(calendar_due(cal, at(2026, 3, 2, 10, 30), 1,
                                  CALENDAR_UNIT_WORKING_HOURS, &due), MC_OK);
    assert_time(due, "2026-03-02T11:30:00+07:00");
    /* Received during lunch. */
    assert_int_equal(calendar_due(cal, at(2026, 3, 2, 12, 0), 1,
                                  CALENDAR_UNIT_WORKING_HOURS, &due), MC_OK);
    assert_time(due, "2026-03-02T14:30:00+07:00");
    /* Overnight. */
    assert_int_equal(calendar_due(cal, at(2026, 3, 2, 16, 0), 2,
                                  CALENDAR_UNIT_WORKING_HOURS, &due), MC_OK);
    assert_time(due, "2026-03-03T08:30:00+07:00");
    /* Over a weekend. */
    assert_int_equal(calendar_due(cal, at(2026, 3, 6, 16, 0), 2,
                                  CALENDAR_UNIT_WORKING_HOURS, &due), MC_OK);
    assert_time(due, "2026-03-09T08:30:00+07:00");
    /* Over Tết 2026 and a weekend: 1 h on Friday, 7 h on Monday 23/2. */
    assert_int_equal(calendar_due(cal, at(2026, 2, 13, 16, 0), 8,
                                  CALENDAR_UNIT_WORKING_HOURS, &due), MC_OK);
    assert_time(due, "2026-02-23T16:30:00+07:00");
    /* Received on a Saturday: time starts on Monday morning. */
    assert_int_equal(calendar_due(cal, at(2026, 3, 7, 10, 0), 4,
                                  CALENDAR_UNIT_WORKING_HOURS, &due), MC_OK);
    assert_time(due, "2026-03-09T11:30:00+07:00");
}

static void test_due_days_and_months(void **state)
{
    const struct calendar *cal = *state;
    int64_t due = 0;
    assert_int_equal(calendar_due(cal, at(2026, 3, 2, 9, 0), 3, CALENDAR_UNIT_DAYS, &due),
                     MC_OK);
    assert_time(due, "2026-03-05T09:00:00+07:00");
    /* Lands on Sunday 15/2 before Tết 2026: moves to Monday 23/2. */
    assert_int_equal(calendar_due(cal, at(2026, 2, 10, 9, 0), 5, CALENDAR_UNIT_DAYS, &due),
                     MC_OK);
    assert_time(due, "2026-02-23T09:00:00+07:00");
    /* 31/1 + 1 month: 28/2/2026 is a Saturday, so Monday 2/3. */
    assert_int_equal(calendar_due(cal, at(2026, 1, 31, 10, 0), 1, CALENDAR_UNIT_MONTHS,
                                  &due), MC_OK);
    assert_time(due, "2026-03-02T10:00:00+07:00");
    /* Leap year: 29/2/2028 is a Tuesday. */
    assert_int_equal(calendar_due(cal, at(2028, 1, 31, 10, 0), 1, CALENDAR_UNIT_MONTHS,
                                  &due), MC_OK);
    assert_time(due, "2028-02-29T10:00:00+07:00");
    /* Across a year end. */
    assert_int_equal(calendar_due(cal, at(2026, 11, 30, 8, 0), 3, CALENDAR_UNIT_MONTHS,
                                  &due), MC_OK);
    assert_time(due, "2027-03-01T08:00:00+07:00");
    assert_int_equal(calendar_due(cal, at(2026, 3, 31, 8, 0), 12, CALENDAR_UNIT_MONTHS,
                                  &due), MC_OK);
    assert_time(due, "2027-03-31T08:00:00+07:00");
}

static void test_receive_time(void **state)
{
    const struct calendar *cal = *state;
    int64_t t = 0;
    assert_int_equal(calendar_receive_time(cal, at(2026, 3, 3, 9, 0), -1, &t), MC_OK);
    assert_time(t, "2026-03-03T09:00:00+07:00");
    assert_int_equal(calendar_receive_time(cal, at(2026, 3, 3, 6, 0), -1, &t), MC_OK);
    assert_time(t, "2026-03-03T07:30:00+07:00");
    assert_int_equal(calendar_receive_time(cal, at(2026, 3, 3, 12, 0), -1, &t), MC_OK);
    assert_time(t, "2026-03-03T13:30:00+07:00");
    assert_int_equal(calendar_receive_time(cal, at(2026, 3, 3, 17, 30), -1, &t), MC_OK);
    assert_time(t, "2026-03-04T07:30:00+07:00");
    assert_int_equal(calendar_receive_time(cal, at(2026, 3, 7, 10, 0), -1, &t), MC_OK);
    assert_time(t, "2026-03-09T07:30:00+07:00");
    /* Friday evening before Tết 2026. */
    assert_int_equal(calendar_receive_time(cal, at(2026, 2, 13, 18, 0), -1, &t), MC_OK);
    assert_time(t, "2026-02-23T07:30:00+07:00");
}

static void test_receive_cutoff(void **state)
{
    const struct calendar *cal = *state;
    int64_t t = 0;
    assert_int_equal(calendar_receive_time(cal, at(2026, 3, 3, 15, 30), 900, &t), MC_OK);
    assert_time(t, "2026-03-04T07:30:00+07:00");
    assert_int_equal(calendar_receive_time(cal, at(2026, 3, 3, 15, 0), 900, &t), MC_OK);
    assert_time(t, "2026-03-03T15:00:00+07:00");
    assert_int_equal(calendar_receive_time(cal, at(2026, 3, 3, 14, 59), 900, &t), MC_OK);
    assert_time(t, "2026-03-03T14:59:00+07:00");
    /* Friday after the cut-off: Monday. */
    assert_int_equal(calendar_receive_time(cal, at(2026, 3, 6, 16, 0), 900, &t), MC_OK);
    assert_time(t, "2026-03-09T07:30:00+07:00");
    assert_int_equal(calendar_receive_time(cal, at(2026, 3, 3, 9, 0), 1440, &t),
                     MC_ERR_INVALID);
    assert_int_equal(calendar_receive_time(cal, at(2026, 3, 3, 9, 0), -2, &t),
                     MC_ERR_INVALID);
}

static void test_pause(void **state)
{
    const struct calendar *cal = *state;
    int64_t secs = 0, due = 0;
    assert_int_equal(calendar_working_seconds_between(cal, at(2026, 3, 2, 10, 0),
                                                      at(2026, 3, 2, 14, 0), &secs), MC_OK);
    assert_int_equal(secs, 2 * 3600);
    assert_int_equal(calendar_working_seconds_between(cal, at(2026, 3, 6, 17, 0),
                                                      at(2026, 3, 9, 7, 30), &secs), MC_OK);
    assert_int_equal(secs, 0);
    /* Two whole working days of waiting move a 09:00 deadline two days. */
    assert_int_equal(calendar_due_after_pause(cal, at(2026, 3, 13, 9, 0),
                                              CALENDAR_UNIT_WORKING_DAYS,
                                              at(2026, 3, 2, 7, 30), at(2026, 3, 4, 7, 30),
                                              &due), MC_OK);
    assert_time(due, "2026-03-17T09:00:00+07:00");
    /* A pause over a weekend only changes nothing. */
    assert_int_equal(calendar_due_after_pause(cal, at(2026, 3, 13, 9, 0),
                                              CALENDAR_UNIT_WORKING_HOURS,
                                              at(2026, 3, 7, 0, 0), at(2026, 3, 9, 0, 0),
                                              &due), MC_OK);
    assert_time(due, "2026-03-13T09:00:00+07:00");
    /* Calendar days: the full length, then off the weekend. */
    assert_int_equal(calendar_due_after_pause(cal, at(2026, 3, 13, 9, 0), CALENDAR_UNIT_DAYS,
                                              at(2026, 3, 2, 9, 0), at(2026, 3, 3, 9, 0),
                                              &due), MC_OK);
    assert_time(due, "2026-03-16T09:00:00+07:00");
    assert_int_equal(calendar_due_after_pause(cal, at(2026, 3, 13, 9, 0), CALENDAR_UNIT_DAYS,
                                              at(2026, 3, 3, 9, 0), at(2026, 3, 2, 9, 0),
                                              &due), MC_ERR_INVALID);
    /* Part of a day counts as a day: the deadline keeps 09:30 (issue 12: not 23:56). */
    assert_int_equal(calendar_due_after_pause(cal, at(2026, 3, 10, 9, 30), CALENDAR_UNIT_DAYS,
                                              at(2026, 3, 2, 9, 0), at(2026, 3, 2, 23, 26),
                                              &due), MC_OK);
    assert_time(due, "2026-03-11T09:30:00+07:00");
    /* Working time: a deadline moved by a pause lands inside office hours. */
    assert_int_equal(calendar_due_after_pause(cal, at(2026, 3, 10, 16, 30),
                                              CALENDAR_UNIT_WORKING_DAYS,
                                              at(2026, 3, 2, 16, 0), at(2026, 3, 3, 8, 0),
                                              &due), MC_OK);
    assert_time(due, "2026-03-11T08:30:00+07:00");
}

static void test_office_hours(void **state)
{
    struct calendar *cal = *state;
    const struct calendar_period overlap[] = {{480, 720}, {700, 960}};
    const struct calendar_period one[] = {{480, 960}};
    int64_t due = 0;
    assert_int_equal(calendar_set_hours(cal, overlap, 2), MC_ERR_INVALID);
    assert_int_equal(calendar_set_hours(cal, one, 0), MC_ERR_INVALID);
    assert_int_equal(cal->nr_hours, 2);
    assert_int_equal(calendar_set_hours(cal, one, 1), MC_OK);
    assert_int_equal(calendar_due(cal, at(2026, 3, 2, 15, 0), 2,
                                  CALENDAR_UNIT_WORKING_HOURS, &due), MC_OK);
    assert_time(due, "2026-03-03T09:00:00+07:00");
    assert_int_equal(calendar_receive_time(cal, at(2026, 3, 2, 7, 0), -1, &due), MC_OK);
    assert_time(due, "2026-03-02T08:00:00+07:00");
}

static void test_unit_codes(void **state)
{
    enum calendar_unit unit;
    (void)state;
    assert_int_equal(calendar_unit_parse("working_hours", &unit), MC_OK);
    assert_int_equal(unit, CALENDAR_UNIT_WORKING_HOURS);
    assert_string_equal(calendar_unit_code(CALENDAR_UNIT_MONTHS), "months");
    assert_int_equal(calendar_unit_parse("weeks", &unit), MC_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_helpers),
        cmocka_unit_test_setup_teardown(test_holidays_2026, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tet_across_year_boundary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_weekend_holidays_push_comp_days, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_national_day_pair, setup, teardown),
        cmocka_unit_test_setup_teardown(test_makeup_day, setup, teardown),
        cmocka_unit_test_setup_teardown(test_override_removes_default, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cancelled_holiday_gives_no_comp, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_override_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_workdays_between, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counter_matches_walk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_due_working_days, setup, teardown),
        cmocka_unit_test_setup_teardown(test_due_working_hours, setup, teardown),
        cmocka_unit_test_setup_teardown(test_due_days_and_months, setup, teardown),
        cmocka_unit_test_setup_teardown(test_receive_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_receive_cutoff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pause, setup, teardown),
        cmocka_unit_test_setup_teardown(test_office_hours, setup, teardown),
        cmocka_unit_test(test_unit_codes),
    };
    return cmocka_run_group_tests_name("calendar/calendar", tests, NULL, NULL);
}
