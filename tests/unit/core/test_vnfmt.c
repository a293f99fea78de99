/* test_vnfmt.c - unit tests for core/vnfmt (Vietnamese numbers, money, shares, dates). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "core/vnfmt.h"

#define T_0830_VN 1793842200   /* 2026-11-05T08:30:00+07:00 */

static void test_int_groups_thousands(void **state)
{
    char s[VNFMT_SIZE];
    (void)state;
    assert_string_equal(vnfmt_int(s, sizeof(s), 0), "0");
    assert_string_equal(vnfmt_int(s, sizeof(s), 999), "999");
    assert_string_equal(vnfmt_int(s, sizeof(s), 1000), "1.000");
    assert_string_equal(vnfmt_int(s, sizeof(s), 1234567), "1.234.567");
    assert_string_equal(vnfmt_int(s, sizeof(s), -8000), "-8.000");
    assert_string_equal(vnfmt_int(s, sizeof(s), INT64_MIN), "-9.223.372.036.854.775.808");
}

static void test_money_in_dong(void **state)
{
    char s[VNFMT_SIZE];
    (void)state;
    assert_string_equal(vnfmt_money(s, sizeof(s), 8000), "8.000 đồng");
    assert_string_equal(vnfmt_money(s, sizeof(s), 1250000), "1.250.000 đồng");
    assert_string_equal(vnfmt_money(s, sizeof(s), 0), "0 đồng");
}

static void test_decimal_comma(void **state)
{
    char s[VNFMT_SIZE];
    (void)state;
    assert_string_equal(vnfmt_decimal(s, sizeof(s), 84.144, 2), "84,14");
    assert_string_equal(vnfmt_decimal(s, sizeof(s), 1234.5, 2), "1.234,50");
    assert_string_equal(vnfmt_decimal(s, sizeof(s), 7.0, 0), "7");
    assert_string_equal(vnfmt_decimal(s, sizeof(s), -0.001, 2), "0,00");
    assert_string_equal(vnfmt_decimal(s, sizeof(s), -2.5, 1), "-2,5");
    assert_string_equal(vnfmt_decimal(s, sizeof(s), NAN, 2), "–");
}

static void test_percent_one_decimal(void **state)
{
    char s[VNFMT_SIZE];
    (void)state;
    assert_string_equal(vnfmt_percent(s, sizeof(s), 200.0 / 3.0), "66,7%");
    assert_string_equal(vnfmt_percent(s, sizeof(s), 100.0), "100%");
    assert_string_equal(vnfmt_percent(s, sizeof(s), 89.96), "90%");
    assert_string_equal(vnfmt_percent(s, sizeof(s), 89.22), "89,2%");
    assert_string_equal(vnfmt_percent(s, sizeof(s), 0.0), "0%");
}

static void test_share_of_nothing_is_no_data(void **state)
{
    char s[VNFMT_SIZE];
    (void)state;
    assert_string_equal(vnfmt_share(s, sizeof(s), 2, 3), "66,7%");
    assert_string_equal(vnfmt_share(s, sizeof(s), 505, 566), "89,2%");
    assert_string_equal(vnfmt_share(s, sizeof(s), 0, 5), "0%");
    assert_string_equal(vnfmt_share(s, sizeof(s), 0, 0), "chưa có dữ liệu");
    assert_string_equal(vnfmt_share(s, sizeof(s), 3, 0), VNFMT_NO_DATA);
}

static void test_dates_in_vietnam_time(void **state)
{
    char s[VNFMT_SIZE];
    (void)state;
    assert_string_equal(vnfmt_date(s, sizeof(s), T_0830_VN), "05/11/2026");
    assert_string_equal(vnfmt_datetime(s, sizeof(s), T_0830_VN), "08:30 ngày 05/11/2026");
    /* 23:30 UTC on the 4th is already the 5th in Vietnam. */
    assert_string_equal(vnfmt_date(s, sizeof(s), T_0830_VN - 2 * 3600), "05/11/2026");
    assert_string_equal(vnfmt_date(s, sizeof(s), 0), "");
    assert_string_equal(vnfmt_datetime(s, sizeof(s), 0), "");
    assert_string_equal(vnfmt_day(s, sizeof(s), 2026, 2, 3), "03/02/2026");
    assert_string_equal(vnfmt_month(s, sizeof(s), 2026, 11), "11/2026");
    assert_string_equal(vnfmt_month(s, sizeof(s), 2026, 1), "01/2026");
}

static void test_small_buffers_truncate(void **state)
{
    char s[6];
    (void)state;
    assert_string_equal(vnfmt_int(s, sizeof(s), 1234567), "1.234");
    assert_string_equal(vnfmt_money(s, 1, 8000), "");
    assert_int_equal(strlen(vnfmt_datetime(s, sizeof(s), T_0830_VN)), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int_groups_thousands),
        cmocka_unit_test(test_money_in_dong),
        cmocka_unit_test(test_decimal_comma),
        cmocka_unit_test(test_percent_one_decimal),
        cmocka_unit_test(test_share_of_nothing_is_no_data),
        cmocka_unit_test(test_dates_in_vietnam_time),
        cmocka_unit_test(test_small_buffers_truncate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
