/* test_calendar_store.c - stored calendar overrides and hours (calendar/calendar_store.h). */
#include "domain/dossier/fixture.h"
#include "domain/calendar/calendar_store.h"

static void test_overrides_round_trip(void **state)
{
    struct fx *f = *state;
    struct calendar cal;
    struct calendar_day day;
    int32_t d;
    int64_t due = 0, n = -1;
    /* 2026: an extra day off (Mon 2/3) moves a deadline by one working day. */
    assert_int_equal(calendar_save_override(f->db, NULL, "2026-03-02", "off",
                                            "Nghỉ bù theo quyết định", "QĐ 1/2026"), MC_OK);
    assert_int_equal(calendar_save_override(f->db, NULL, "2026-03-07", "makeup", NULL, NULL),
                     MC_OK);
    assert_int_equal(calendar_save_override(f->db, NULL, "2026-3-07", "off", NULL, NULL),
                     MC_ERR_INVALID);
    assert_int_equal(calendar_save_override(f->db, NULL, "2026-03-08", "holiday", NULL, NULL),
                     MC_ERR_INVALID);
    assert_int_equal(audit_count(f->db, "calendar.override", &n), MC_OK);
    assert_int_equal(n, 2);
    calendar_init(&cal);
    assert_int_equal(calendar_load(f->db, &cal), MC_OK);
    assert_int_equal(cal.nr_overrides, 2);
    assert_int_equal(calendar_date_parse("2026-03-02", &d), MC_OK);
    calendar_day_info(&cal, d, &day);
    assert_int_equal(day.kind, CALENDAR_DAY_OFF);
    assert_string_equal(day.name, "Nghỉ bù theo quyết định");
    assert_true(calendar_is_working_day(&cal, d + 5));   /* the làm bù Saturday */
    /* Fri 27/2 09:00 + 1 working day skips Mon 2/3. */
    assert_int_equal(calendar_due(&cal, 1772157600, 1, CALENDAR_UNIT_WORKING_DAYS, &due),
                     MC_OK);
    assert_int_equal(due, 1772157600 + 4 * 86400);
    calendar_release(&cal);
    assert_int_equal(calendar_delete_override(f->db, NULL, "2026-03-02"), MC_OK);
    assert_int_equal(calendar_delete_override(f->db, NULL, "2026-03-02"), MC_ERR_NOT_FOUND);
    calendar_init(&cal);
    assert_int_equal(calendar_load(f->db, &cal), MC_OK);
    assert_int_equal(cal.nr_overrides, 1);
    calendar_release(&cal);
}

static void test_office_hours(void **state)
{
    struct fx *f = *state;
    struct calendar cal;
    struct calendar_period p[2] = {{420, 690}, {780, 1020}};
    struct calendar_period bad[2] = {{780, 1020}, {420, 690}};
    assert_int_equal(calendar_save_hours(f->db, NULL, bad, 2), MC_ERR_INVALID);
    assert_int_equal(calendar_save_hours(f->db, NULL, p, 2), MC_OK);
    calendar_init(&cal);
    assert_int_equal(calendar_load(f->db, &cal), MC_OK);
    assert_int_equal(cal.nr_hours, 2);
    assert_int_equal(cal.hours[0].start_min, 420);
    assert_int_equal(cal.hours[1].end_min, 1020);
    calendar_release(&cal);
    assert_int_equal(calendar_save_hours(f->db, NULL, NULL, 0), MC_OK);
    calendar_init(&cal);
    assert_int_equal(calendar_load(f->db, &cal), MC_OK);
    assert_int_equal(cal.hours[0].start_min, 450);   /* the default 07:30 again */
    calendar_release(&cal);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_overrides_round_trip),
        T(test_office_hours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
