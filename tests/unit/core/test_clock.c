/* test_clock.c - unit tests for core/clock (parsing, formatting, pinning). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "core/clock.h"

#define T_0900_VN 1770948000   /* 2026-02-13T09:00:00+07:00 */

static int64_t parse_ok(const char *s)
{
    int64_t t = -12345;
    enum mc_status st = clock_parse_iso(s, &t);
    if (st != MC_OK)
        fail_msg("clock_parse_iso(\"%s\") gave %s", s, mc_status_name(st));
    return t;
}

static void test_parse_forms(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("2026-02-13T09:00:00+07:00"), T_0900_VN);
    assert_int_equal(parse_ok("2026-02-13T09:00:00"), T_0900_VN);   /* no offset: +07:00 */
    assert_int_equal(parse_ok("2026-02-13T09:00"), T_0900_VN);
    assert_int_equal(parse_ok("2026-02-13 09:00:00"), T_0900_VN);
    assert_int_equal(parse_ok("2026-02-13T02:00:00Z"), T_0900_VN);
    assert_int_equal(parse_ok("2026-02-13T09:00:00Z"), 1770973200);
    assert_int_equal(parse_ok("2026-02-13T09:00:00-05:30"), 1770993000);
    assert_int_equal(parse_ok("2026-02-13T09:00:00+0700"), T_0900_VN);
    assert_int_equal(parse_ok("2026-02-13T09:00:00.123+07:00"), T_0900_VN);
    assert_int_equal(parse_ok("2026-02-13T09:00:00.999999Z"), 1770973200);
    /* Date only: midnight in Vietnam. */
    assert_int_equal(parse_ok("2026-02-13"), T_0900_VN - 9 * 3600);
    assert_int_equal(parse_ok("2026-02-13Z"), T_0900_VN - 9 * 3600 + 7 * 3600);
    assert_int_equal(parse_ok("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(parse_ok("1970-01-01"), -7 * 3600);
    assert_int_equal(parse_ok("2000-03-01T00:00:00Z"), 951868800);
    /* Unix seconds. */
    assert_int_equal(parse_ok("1767225600"), 1767225600);
    assert_int_equal(parse_ok("0"), 0);
    assert_int_equal(parse_ok("253402300799"), 253402300799);   /* 9999-12-31T23:59:59Z */
}

static void test_parse_leap_days(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("2024-02-29"), 1709139600);
    assert_int_equal(parse_ok("2000-02-29T12:00:00Z"), 951825600);
    int64_t t;
    assert_int_equal(clock_parse_iso("2026-02-29", &t), MC_ERR_INVALID);
    assert_int_equal(clock_parse_iso("2100-02-29", &t), MC_ERR_INVALID);
    assert_int_equal(clock_parse_iso("1900-02-29", &t), MC_ERR_INVALID);
    assert_int_equal(clock_parse_iso("2024-02-30", &t), MC_ERR_INVALID);
}

static void test_parse_invalid(void **state)
{
    (void)state;
    static const char *bad[] = {
        "", "abc", "2026-", "2026-02", "2026-2-13", "2026-02-1", "26-02-13",
        "2026/02/13", "2026-00-10", "2026-13-01", "2026-04-31", "2026-06-31",
        "2026-01-00", "2026-01-32", "2026-01-01T", "2026-01-01T9:00", "2026-01-01T09",
        "2026-01-01T09:0", "2026-01-01T24:00", "2026-01-01T10:60", "2026-01-01T10:00:61",
        "2026-01-01T10:00:0", "2026-01-01T10:00:00+7", "2026-01-01T10:00:00+07:",
        "2026-01-01T10:00:00+07:0", "2026-01-01T10:00:00+24:00",
        "2026-01-01T10:00:00+07:60", "2026-01-01T10:00:00ZZ", "2026-01-01x",
        "2026-01-01T10:00:00 ", " 2026-01-01", "12ab", "123 ",
        /* Unix seconds past 9999-12-31T23:59:59Z: formatting them overflowed
         * (found by fuzz/fuzz_dates.c). */
        "253402300800", "9223372036854775807", "99999999999999999999",
    };
    for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
        int64_t t = 0;
        if (clock_parse_iso(bad[i], &t) != MC_ERR_INVALID)
            fail_msg("accepted \"%s\" as %lld", bad[i], (long long)t);
    }
}

static void test_format(void **state)
{
    (void)state;
    char out[32];
    clock_format_iso(T_0900_VN, out, sizeof(out));
    assert_string_equal(out, "2026-02-13T09:00:00+07:00");
    clock_format_vn(T_0900_VN, out, sizeof(out));
    assert_string_equal(out, "13/02/2026 09:00");
    /* 17:00 UTC on New Year's Eve is already the new year in Vietnam. */
    clock_format_iso(1767200400, out, sizeof(out));
    assert_string_equal(out, "2026-01-01T00:00:00+07:00");
    clock_format_vn(1767200400 - 1, out, sizeof(out));
    assert_string_equal(out, "31/12/2025 23:59");
    clock_format_iso(0, out, sizeof(out));
    assert_string_equal(out, "1970-01-01T07:00:00+07:00");
    /* Truncation is safe. */
    char small[11];
    clock_format_iso(T_0900_VN, small, sizeof(small));
    assert_string_equal(small, "2026-02-13");
}

static void test_round_trip(void **state)
{
    (void)state;
    char out[32];
    srand(7);
    for (int i = 0; i < 2000; i++) {
        /* 1970 .. about 2100, including leap days. */
        int64_t t = ((int64_t)rand() << 16 ^ rand()) % 4102444800LL;
        if (t < 0)
            t = -t;
        clock_format_iso(t, out, sizeof(out));
        int64_t back = -1;
        assert_int_equal(clock_parse_iso(out, &back), MC_OK);
        if (back != t)
            fail_msg("%lld -> %s -> %lld", (long long)t, out, (long long)back);
        /* The Vietnamese form agrees with the ISO form. */
        char vn[32], want[32];
        clock_format_vn(t, vn, sizeof(vn));
        snprintf(want, sizeof(want), "%.2s/%.2s/%.4s %.5s", out + 8, out + 5, out, out + 11);
        assert_string_equal(vn, want);
    }
}

static void test_pinned_clock(void **state)
{
    (void)state;
    clock_set(T_0900_VN, 0);
    assert_int_equal(clock_now(), T_0900_VN);
    struct timespec ts = {1, 100 * 1000000L};
    nanosleep(&ts, NULL);
    assert_int_equal(clock_now(), T_0900_VN);   /* pinned: does not move */
    clock_set(T_0900_VN + 100, 0);
    assert_int_equal(clock_now(), T_0900_VN + 100);
    /* Advancing: moves with real time from the pinned start. */
    clock_set(T_0900_VN, 1);
    int64_t a = clock_now();
    assert_true(a >= T_0900_VN && a <= T_0900_VN + 1);
    nanosleep(&ts, NULL);
    int64_t b = clock_now();
    assert_true(b >= T_0900_VN + 1 && b <= T_0900_VN + 3);
    /* Unpinned: real time again. */
    clock_set(-1, 0);
    int64_t real = (int64_t)time(NULL);
    int64_t now = clock_now();
    assert_true(now >= real - 1 && now <= real + 1);
    /* The monotonic clock does not go back. */
    int64_t m1 = clock_mono_us();
    int64_t m2 = clock_mono_us();
    assert_true(m2 >= m1);
}

static void test_init_from_env(void **state)
{
    (void)state;
    unsetenv("MOTCUA_NOW");
    clock_set(-1, 0);
    assert_int_equal(clock_init_from_env(), MC_OK);
    assert_true(clock_now() > T_0900_VN - 86400 * 365);   /* real time */
    setenv("MOTCUA_NOW", "2026-02-13T09:00:00+07:00", 1);
    assert_int_equal(clock_init_from_env(), MC_OK);
    int64_t t = clock_now();
    assert_true(t >= T_0900_VN && t <= T_0900_VN + 1);   /* pinned, advancing */
    setenv("MOTCUA_NOW", "1767225600", 1);
    assert_int_equal(clock_init_from_env(), MC_OK);
    assert_true(clock_now() >= 1767225600 && clock_now() <= 1767225601);
    setenv("MOTCUA_NOW", "yesterday", 1);
    assert_int_equal(clock_init_from_env(), MC_ERR_INVALID);
    unsetenv("MOTCUA_NOW");
    clock_set(-1, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_forms),
        cmocka_unit_test(test_parse_leap_days),
        cmocka_unit_test(test_parse_invalid),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_pinned_clock),
        cmocka_unit_test(test_init_from_env),
    };
    return cmocka_run_group_tests_name("core/clock", tests, NULL, NULL);
}
