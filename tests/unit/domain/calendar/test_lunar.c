/* test_lunar.c - unit tests for calendar/lunar: Vietnamese lunar dates. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "domain/calendar/date.h"
#include "domain/calendar/lunar.h"

static int32_t ymd(int y, int m, int d)
{
    int32_t date = 0;
    assert_int_equal(calendar_date_from_ymd(y, m, d, &date), MC_OK);
    return date;
}

static void assert_lunar(int32_t date, int day, int month, int year, bool leap)
{
    struct lunar_date ld;
    assert_int_equal(lunar_from_solar(date, &ld), MC_OK);
    assert_int_equal(ld.day, day);
    assert_int_equal(ld.month, month);
    assert_int_equal(ld.year, year);
    assert_int_equal(ld.leap, leap);
}

static void test_tet_dates(void **state)
{
    static const struct { int year, m, d; } tet[] = {
        {2024, 2, 10}, {2025, 1, 29}, {2026, 2, 17}, {2027, 2, 6}, {2028, 1, 26},
        {2023, 1, 22}, {2020, 1, 25}, {2021, 2, 12}, {2022, 2, 1},
        {2029, 2, 13},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(tet) / sizeof(tet[0]); i++) {
        int32_t date = 0;
        assert_int_equal(lunar_new_year(tet[i].year, &date), MC_OK);
        assert_int_equal(date, ymd(tet[i].year, tet[i].m, tet[i].d));
        assert_lunar(date, 1, 1, tet[i].year, false);
    }
}

/* UTC+7 moves these new moons to a different day than in China (UTC+8). */
static void test_vietnam_differs_from_china(void **state)
{
    int32_t date = 0;
    (void)state;
    assert_int_equal(lunar_new_year(1985, &date), MC_OK);
    assert_int_equal(date, ymd(1985, 1, 21));
    assert_int_equal(lunar_new_year(2007, &date), MC_OK);
    assert_int_equal(date, ymd(2007, 2, 17));
    assert_int_equal(lunar_new_year(1968, &date), MC_OK);
    assert_int_equal(date, ymd(1968, 1, 29));
    /* China: 2030-02-03 and 2053-02-19; the new moon is before midnight at UTC+7. */
    assert_int_equal(lunar_new_year(2030, &date), MC_OK);
    assert_int_equal(date, ymd(2030, 2, 2));
    assert_int_equal(lunar_new_year(2053, &date), MC_OK);
    assert_int_equal(date, ymd(2053, 2, 18));
}

static void test_hung_kings_day(void **state)
{
    static const struct { int year, m, d; } gio_to[] = {
        {2025, 4, 7}, {2026, 4, 26}, {2024, 4, 18}, {2023, 4, 29},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(gio_to) / sizeof(gio_to[0]); i++) {
        struct lunar_date ld = {.day = 10, .month = 3, .year = gio_to[i].year};
        int32_t date = 0;
        assert_int_equal(lunar_to_solar(&ld, &date), MC_OK);
        assert_int_equal(date, ymd(gio_to[i].year, gio_to[i].m, gio_to[i].d));
    }
}

/* Tết 2025 is in January: its eve is the 29th of the 12th month of 2024. */
static void test_year_boundary(void **state)
{
    (void)state;
    assert_lunar(ymd(2025, 1, 28), 29, 12, 2024, false);
    assert_lunar(ymd(2025, 1, 1), 2, 12, 2024, false);
    assert_lunar(ymd(2024, 12, 31), 1, 12, 2024, false);
    assert_lunar(ymd(2026, 2, 16), 29, 12, 2025, false);
    assert_lunar(ymd(2024, 2, 9), 30, 12, 2023, false);
}

static void test_leap_months(void **state)
{
    int month = -1;
    int32_t date = 0;
    struct lunar_date leap2 = {.day = 1, .month = 2, .year = 2023, .leap = true};
    struct lunar_date bad = {.day = 1, .month = 3, .year = 2023, .leap = true};
    (void)state;
    assert_int_equal(lunar_leap_month(2023, &month), MC_OK);
    assert_int_equal(month, 2);
    assert_int_equal(lunar_leap_month(2025, &month), MC_OK);
    assert_int_equal(month, 6);
    assert_int_equal(lunar_leap_month(2020, &month), MC_OK);
    assert_int_equal(month, 4);
    assert_int_equal(lunar_leap_month(2024, &month), MC_OK);
    assert_int_equal(month, 0);
    assert_int_equal(lunar_to_solar(&leap2, &date), MC_OK);
    assert_int_equal(date, ymd(2023, 3, 22));
    assert_lunar(ymd(2023, 3, 22), 1, 2, 2023, true);
    assert_lunar(ymd(2025, 7, 25), 1, 6, 2025, true);
    assert_int_equal(lunar_to_solar(&bad, &date), MC_ERR_INVALID);
}

static void test_invalid_input(void **state)
{
    struct lunar_date ld = {.day = 30, .month = 12, .year = 2024};
    int32_t date = 0;
    struct lunar_date out;
    (void)state;
    /* The 12th month of 2024 has 29 days. */
    assert_int_equal(lunar_to_solar(&ld, &date), MC_ERR_INVALID);
    ld.day = 0;
    assert_int_equal(lunar_to_solar(&ld, &date), MC_ERR_INVALID);
    ld.day = 1;
    ld.month = 13;
    assert_int_equal(lunar_to_solar(&ld, &date), MC_ERR_INVALID);
    ld.month = 1;
    ld.year = 1800;
    assert_int_equal(lunar_to_solar(&ld, &date), MC_ERR_INVALID);
    assert_int_equal(lunar_from_solar(ymd(2300, 1, 1), &out), MC_ERR_INVALID);
}

/* Every day of 1950-2100 converts back to itself, and days advance by one. */
static void test_round_trip(void **state)
{
    struct lunar_date prev = {0};
    (void)state;
    for (int32_t d = ymd(1950, 1, 1); d <= ymd(2100, 12, 31); d++) {
        struct lunar_date ld;
        int32_t back = 0;
        assert_int_equal(lunar_from_solar(d, &ld), MC_OK);
        assert_int_equal(lunar_to_solar(&ld, &back), MC_OK);
        assert_int_equal(back, d);
        if (!prev.day) {
            /* first day: nothing to compare with */
        } else if (ld.day != 1) {
            assert_int_equal(ld.day, prev.day + 1);
            assert_int_equal(ld.month, prev.month);
        } else {
            assert_in_range(prev.day, 29, 30);
        }
        prev = ld;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tet_dates),
        cmocka_unit_test(test_vietnam_differs_from_china),
        cmocka_unit_test(test_hung_kings_day),
        cmocka_unit_test(test_year_boundary),
        cmocka_unit_test(test_leap_months),
        cmocka_unit_test(test_invalid_input),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests_name("calendar/lunar", tests, NULL, NULL);
}
