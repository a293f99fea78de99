/* test_org.c - unit tests for org/org.h: loading the shipped organisation
 * files, groups, successors of the 2025 reforms and import refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "testdb.h"
#include "domain/org/org.h"

static void test_shipped_files_load(void **state)
{
    (void)state;
    struct test_db t;
    struct import_report rep;
    struct org o;
    assert_int_equal(test_db_open(&t, "org"), 0);
    import_report_init(&rep);
    org_init(&o);
    const char *names[] = {"sonla", "hanoi", "thaibinh", "bariavungtau"};
    for (size_t i = 0; i < 4; i++) {
        enum mc_status rc = org_load_shipped(t.db, names[i], &rep);
        if (rc != MC_OK)
            import_report_print(&rep, names[i], stderr);
        assert_int_equal(rc, MC_OK);
    }
    assert_int_equal(org_get(t.db, "T14.SKHCN", &o), MC_OK);
    assert_string_equal(o.type_code, "so");
    assert_string_equal(o.parent_code, "T14.UBND");
    assert_true(org_in_force(&o, "2026-01-01"));
    /* a second run changes nothing and creates nothing */
    assert_int_equal(org_load_shipped(t.db, "sonla", &rep), MC_OK);
    assert_int_equal(rep.created, 0);
    org_release(&o);
    import_report_release(&rep);
    test_db_close(&t);
}

static void test_successors_and_groups(void **state)
{
    (void)state;
    struct test_db t;
    struct import_report rep;
    struct org o;
    struct org_list l;
    char **codes = NULL;
    size_t n = 0;
    assert_int_equal(test_db_open(&t, "org"), 0);
    import_report_init(&rep);
    org_init(&o);
    org_list_init(&l);
    assert_int_equal(org_load_shipped(t.db, "thaibinh", &rep), MC_OK);
    /* Sở TT&TT Thái Bình merged on 1/3/2025 into Sở KH&CN and Sở VHTTDL */
    assert_int_equal(org_get(t.db, "T34.STTTT", &o), MC_OK);
    assert_int_equal(o.succession, ORG_MERGED);
    assert_false(org_in_force(&o, "2025-06-01"));
    assert_true(org_in_force(&o, "2025-01-01"));
    assert_int_equal(org_successors(t.db, "T34.STTTT", &codes, &n), MC_OK);
    assert_int_equal(n, 2);
    assert_string_equal(codes[0], "T34.SKHCN");
    for (size_t i = 0; i < n; i++)
        free(codes[i]);
    free(codes);
    /* the press group lists its members */
    assert_int_equal(org_group_expand(t.db, "T34.NHOM.BAOCHI", "2025-01-01", &l), MC_OK);
    assert_true(l.n >= 2);
    for (size_t i = 0; i < l.n; i++)
        assert_false(l.items[i].is_group);
    /* a plain organisation expands to itself */
    org_list_release(&l);
    assert_int_equal(org_group_expand(t.db, "T34.SKHCN", "2025-01-01", &l), MC_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(org_group_expand(t.db, "KHONG.CO", "2025-01-01", &l),
                     MC_ERR_NOT_FOUND);
    org_list_release(&l);
    org_release(&o);
    import_report_release(&rep);
    test_db_close(&t);
}

static void test_import_refuses_whole_file(void **state)
{
    (void)state;
    struct test_db t;
    struct import_report rep;
    struct org o;
    assert_int_equal(test_db_open(&t, "org"), 0);
    import_report_init(&rep);
    org_init(&o);
    assert_int_equal(org_load_shipped(t.db, NULL, &rep), MC_OK);
    const char *csv =
        "ma_don_vi,ten_don_vi,ten_ngan,loai,ma_dvhc,ma_don_vi_cha,ma_ke_nhiem,hieu_luc_den\n"
        "T20.A,Cơ quan A,A,so,20,,,\n"
        "T20.A,Cơ quan A lặp,A,so,20,,,\n"
        "T20.B,Cơ quan B,B,khong_co_loai,20,,,\n"
        "T20.C,Cơ quan C,C,so,20,T20.X,,\n"
        "T20.D,Cơ quan D,D,so,20,,T20.A,\n"
        "T20.E,Cơ quan E,E,so,20,T20.F,,\n"
        "T20.F,Cơ quan F,F,so,20,T20.E,,\n";
    assert_int_equal(org_import_csv(t.db, csv, strlen(csv), &rep), MC_ERR_INVALID);
    assert_false(rep.committed);
    assert_true(rep.nerrors >= 5);
    assert_non_null(strstr(rep.errors[0], "dòng 3"));
    assert_int_equal(org_get(t.db, "T20.A", &o), MC_ERR_NOT_FOUND);
    org_release(&o);
    import_report_release(&rep);
    test_db_close(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_files_load),
        cmocka_unit_test(test_successors_and_groups),
        cmocka_unit_test(test_import_refuses_whole_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
