/* test_programme.c - unit tests for programme/programme.h: time frames,
 * importing the shipped plans, import refusals, reassignment of a
 * dissolved organisation's open tasks, and the workspace's rules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "testdb.h"
#include "core/clock.h"
#include "domain/programme/programme.h"
#include "domain/programme/programme_commend.h"

static const struct audit_actor who = {0, "system", "test"};

static void test_frames(void **state)
{
    (void)state;
    struct prog_frame f;
    const char *why = NULL;
    assert_int_equal(prog_frame_parse("30/06/2025", &f, &why), MC_OK);
    assert_string_equal(f.start, "2025-06-30");
    assert_string_equal(f.end, "2025-06-30");
    assert_int_equal(prog_frame_parse("Q2/2025-2030", &f, &why), MC_OK);
    assert_string_equal(f.start, "2025-04-01");
    assert_string_equal(f.end, "2030-12-31");
    assert_int_equal(prog_frame_parse("02/2025-03/2025", &f, &why), MC_OK);
    assert_string_equal(f.end, "2025-03-31");
    assert_int_equal(prog_frame_parse("02/2024", &f, &why), MC_OK);
    assert_string_equal(f.end, "2024-02-29");
    assert_int_equal(prog_frame_parse("Q4/2025", &f, &why), MC_OK);
    assert_string_equal(f.start, "2025-10-01");
    assert_string_equal(f.end, "2025-12-31");
    assert_int_equal(prog_frame_parse("hằng năm", &f, &why), MC_OK);
    assert_int_equal(f.kind, PROG_FRAME_RECURRING);
    assert_int_equal(prog_frame_parse("", &f, &why), MC_OK);
    assert_int_equal(f.kind, PROG_FRAME_NONE);
    const char *bad[] = {"31/02/2025", "Q5/2025", "2030-2025", "13/2025", "1999",
                         "2025-2026-2027", "Quý 2/2025", "29/02/2025", "2025-Q1/2025"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        why = NULL;
        assert_int_equal(prog_frame_parse(bad[i], &f, &why), MC_ERR_INVALID);
        assert_non_null(why);
    }
    struct prog_frame outer, inner;
    assert_int_equal(prog_frame_parse("2025-2030", &outer, NULL), MC_OK);
    assert_int_equal(prog_frame_parse("Q2/2025", &inner, NULL), MC_OK);
    assert_true(prog_frame_within(&inner, &outer));
    assert_int_equal(prog_frame_parse("2024", &inner, NULL), MC_OK);
    assert_false(prog_frame_within(&inner, &outer));
    char label[64];
    prog_frame_label("Q2/2025-2030", label, sizeof(label));
    assert_string_equal(label, "Quý II/2025 – 2030");
    prog_frame_label("hằng năm", label, sizeof(label));
    assert_string_equal(label, "Hằng năm");
}

/* Count the tasks of plan_id. */
static size_t task_count(struct db *db, int64_t plan_id, const char *org)
{
    struct prog_task_list l;
    prog_task_list_init(&l);
    assert_int_equal(prog_task_list(db, plan_id, org, &l), MC_OK);
    size_t n = l.n;
    prog_task_list_release(&l);
    return n;
}

static void test_son_la_plan(void **state)
{
    (void)state;
    struct test_db t;
    struct import_report rep;
    struct prog_task_list l;
    int64_t id = 0;
    assert_int_equal(test_db_open(&t, "programme"), 0);
    import_report_init(&rep);
    prog_task_list_init(&l);
    enum mc_status rc = prog_plan_load_shipped(t.db, "son-la", &who, &rep, &id);
    if (rc != MC_OK)
        import_report_print(&rep, "sonla", stderr);
    assert_int_equal(rc, MC_OK);
    assert_int_equal(prog_task_list(t.db, id, NULL, &l), MC_OK);
    assert_int_equal(l.n, 25);
    assert_string_equal(l.items[0].number, "1.a");
    assert_string_equal(l.items[0].leads, "T14.BAO;T14.DAI;T14.SKHCN");
    assert_string_equal(l.items[0].cos, "T14.NHOM.HUYEN;T14.NHOM.SBN");
    assert_string_equal(l.items[0].frame, "2025-2030");
    assert_string_equal(l.items[1].frame, "Q2/2025");
    assert_string_equal(l.items[1].ends_on, "2025-06-30");
    /* tasks of one organisation: directly given to Sở KH&CN */
    assert_true(task_count(t.db, id, "T14.SKHCN") >= 5);
    /* importing again changes nothing */
    int64_t id2 = 0;
    assert_int_equal(prog_plan_load_shipped(t.db, "sonla", &who, &rep, &id2), MC_OK);
    assert_int_equal(id2, id);
    assert_int_equal(rep.created, 0);
    assert_int_equal(task_count(t.db, id, NULL), 25);
    /* the export imports again into the same plan unchanged */
    struct buf csv;
    buf_init(&csv, BUF_MAX_FILE);
    assert_int_equal(prog_tasks_export_csv(t.db, id, &csv), MC_OK);
    assert_int_equal(prog_tasks_import_csv(t.db, id, csv.data, csv.len, &who, &rep), MC_OK);
    assert_int_equal(rep.updated, 25);
    buf_release(&csv);
    prog_task_list_release(&l);
    import_report_release(&rep);
    test_db_close(&t);
}

static void test_other_plans_and_reassignment(void **state)
{
    (void)state;
    struct test_db t;
    struct import_report rep;
    int64_t tb = 0, brvt = 0, hn = 0;
    size_t moved = 0;
    assert_int_equal(test_db_open(&t, "programme"), 0);
    import_report_init(&rep);
    assert_int_equal(prog_plan_load_shipped(t.db, "thaibinh", &who, &rep, &tb), MC_OK);
    assert_int_equal(task_count(t.db, tb, NULL), 21);
    assert_int_equal(prog_plan_load_shipped(t.db, "bariavungtau", &who, &rep, &brvt), MC_OK);
    assert_int_equal(task_count(t.db, brvt, NULL), 39);
    assert_int_equal(prog_plan_load_shipped(t.db, "hanoi", &who, &rep, &hn), MC_OK);
    assert_int_equal(task_count(t.db, hn, NULL), 43);
    json_t *reg = NULL;
    assert_int_equal(prog_plan_register(t.db, hn, &reg), MC_OK);
    assert_int_equal(json_array_size(json_object_get(reg, "phases")), 3);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(reg, "phases"), 0), "starts_on")),
                        "2025-02-01");
    assert_int_equal(json_array_size(json_object_get(reg, "basis")), 4);
    json_decref(reg);
    assert_int_equal(prog_plan_register(t.db, brvt, &reg), MC_OK);
    assert_true(json_is_object(json_object_get(reg, "replaces")));
    json_decref(reg);
    size_t district = task_count(t.db, tb, "T34.NHOM.HUYEN");
    assert_true(district > 0);
    /* after 1/7/2025 the districts' open tasks go to the communes */
    assert_int_equal(prog_reassign_defaults(t.db, tb, "2026-01-15", &who, &moved), MC_OK);
    assert_true(moved > 0);
    assert_int_equal(task_count(t.db, tb, "T34.NHOM.HUYEN"), 0);
    assert_true(task_count(t.db, tb, "T33.NHOM.XA_TB") >= district);
    /* Sở TT&TT Thái Bình -> Sở KH&CN Thái Bình -> Sở KH&CN Hưng Yên */
    assert_int_equal(task_count(t.db, tb, "T34.STTTT"), 0);
    char current[ORG_CODE_MAX];
    assert_int_equal(prog_org_current(t.db, "T34.STTTT", "2026-01-15", current), MC_OK);
    assert_string_equal(current, "T33.SKHCN");
    assert_true(task_count(t.db, tb, "T33.SKHCN") > 0);
    /* every move is logged with its role */
    struct db_stmt *st = NULL;
    bool row = false;
    assert_int_equal(db_prepare_text(t.db, "SELECT count(*), sum(CASE WHEN role IN ('lead',"
                                           " 'co') THEN 1 ELSE 0 END) FROM task_reassignments",
                                     &st), MC_OK);
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_true(db_col_int64(st, 0) >= (int64_t)moved);
    assert_int_equal(db_col_int64(st, 1), db_col_int64(st, 0));
    db_stmt_free(st);
    /* a second run moves nothing; a re-import does not bring the districts back */
    assert_int_equal(prog_reassign_defaults(t.db, tb, "2026-01-15", &who, &moved), MC_OK);
    assert_int_equal(moved, 0);
    assert_int_equal(prog_plan_load_shipped(t.db, "thaibinh", &who, &rep, &tb), MC_OK);
    assert_int_equal(task_count(t.db, tb, "T34.NHOM.HUYEN"), 0);
    /* BR-VT's districts too, by the tool with a chosen target */
    const char *to[] = {"T79.NHOM.XA_BRVT"};
    assert_int_equal(prog_reassign(t.db, brvt, "T77.NHOM.HUYEN", to, 1, "2026-01-15", &who,
                                   &moved), MC_OK);
    assert_true(moved > 0);
    assert_int_equal(task_count(t.db, brvt, "T77.NHOM.HUYEN"), 0);
    assert_int_equal(prog_reassign(t.db, brvt, "T77.NHOM.HUYEN", to, 0, "2026-01-15", &who,
                                   &moved), MC_ERR_INVALID);
    import_report_release(&rep);
    test_db_close(&t);
}

static void test_import_refusals(void **state)
{
    (void)state;
    struct test_db t;
    struct import_report rep;
    int64_t id = 0;
    assert_int_equal(test_db_open(&t, "programme"), 0);
    import_report_init(&rep);
    assert_int_equal(prog_plan_load_shipped(t.db, "sonla", &who, &rep, &id), MC_OK);
    const char *csv =
        "stt,noi_dung,chu_tri,phoi_hop,thoi_gian_ghi,thoi_gian\n"
        "9.a,Nhiệm vụ mới,T14.SKHCN,,Quý I/2026,Q1/2026\n"
        "9.b,Nhiệm vụ với cơ quan lạ,T14.KHONGCO,,2026,2026\n"
        "9.a,Trùng số,T14.SKHCN,,2026,2026\n"
        "9.c,Ngày không có thật,T14.SKHCN,,31/02/2026,31/02/2026\n"
        "9.d,Ngoài thời kỳ,T14.SKHCN,,2031,2031\n"
        "9.e,,,,,\n";
    assert_int_equal(prog_tasks_import_csv(t.db, id, csv, strlen(csv), &who, &rep),
                     MC_ERR_INVALID);
    assert_false(rep.committed);
    assert_true(rep.nerrors >= 5);
    int found = 0;
    for (size_t i = 0; i < rep.nerrors; i++) {
        if (strstr(rep.errors[i], "dòng 3") && strstr(rep.errors[i], "T14.KHONGCO"))
            found |= 1;
        if (strstr(rep.errors[i], "dòng 4") && strstr(rep.errors[i], "trùng"))
            found |= 2;
        if (strstr(rep.errors[i], "dòng 5") && strstr(rep.errors[i], "31/02/2026"))
            found |= 4;
        if (strstr(rep.errors[i], "dòng 6") && strstr(rep.errors[i], "ngoài thời kỳ"))
            found |= 8;
    }
    assert_int_equal(found, 15);
    assert_int_equal(task_count(t.db, id, NULL), 25);
    import_report_release(&rep);
    test_db_close(&t);
}

static void test_xlsx_round_trip_and_refusal(void **state)
{
    (void)state;
    struct test_db t;
    struct import_report rep;
    struct buf x;
    int64_t id = 0;
    assert_int_equal(test_db_open(&t, "programme"), 0);
    import_report_init(&rep);
    buf_init(&x, BUF_MAX_FILE);
    assert_int_equal(prog_plan_load_shipped(t.db, "sonla", &who, &rep, &id), MC_OK);
    assert_int_equal(prog_tasks_export_xlsx(t.db, id, t.dir, &x), MC_OK);
    assert_true(prog_is_xlsx(x.data, x.len));
    assert_int_equal(prog_tasks_import_xlsx(t.db, id, x.data, x.len, &who, &rep), MC_OK);
    assert_int_equal(rep.updated, 25);
    assert_int_equal(rep.created, 0);
    assert_int_equal(task_count(t.db, id, NULL), 25);
    /* a sheet written by another program: shared strings, a number, a bad row */
    char path[160];
    snprintf(path, sizeof(path), "%s/bad.xlsx", t.dir);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Sheet1");
    const char *head[] = {"stt", "noi_dung", "chu_tri", "thoi_gian_ghi", "thoi_gian"};
    for (int c = 0; c < 5; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
    worksheet_write_string(ws, 1, 0, "9.a", NULL);
    worksheet_write_string(ws, 1, 1, "Nhiệm vụ \"mới\" & <khác>", NULL);
    worksheet_write_string(ws, 1, 2, "T14.SKHCN", NULL);
    worksheet_write_string(ws, 1, 3, "Năm 2026", NULL);
    worksheet_write_number(ws, 1, 4, 2026, NULL);
    worksheet_write_string(ws, 3, 0, "9.b", NULL);
    worksheet_write_string(ws, 3, 1, "Cơ quan lạ", NULL);
    worksheet_write_string(ws, 3, 2, "T14.KHONGCO", NULL);
    worksheet_write_string(ws, 3, 3, "Năm 2026", NULL);
    worksheet_write_string(ws, 3, 4, "2026", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    buf_reset(&x);
    assert_int_equal(buf_add_file(&x, path), MC_OK);
    unlink(path);
    assert_int_equal(prog_tasks_import_xlsx(t.db, id, x.data, x.len, &who, &rep),
                     MC_ERR_INVALID);
    assert_true(rep.nerrors >= 1);
    assert_non_null(strstr(rep.errors[0], "dòng 4"));
    assert_non_null(strstr(rep.errors[0], "T14.KHONGCO"));
    assert_int_equal(task_count(t.db, id, NULL), 25);
    /* not a workbook at all */
    assert_int_equal(prog_tasks_import_xlsx(t.db, id, "PK\x03\x04rác", 7, &who, &rep),
                     MC_ERR_INVALID);
    buf_release(&x);
    import_report_release(&rep);
    test_db_close(&t);
}

/* The shortlist's score: the documented weights, KPI attainment among them. */
static void test_commend_score(void **state)
{
    struct prog_commend_row r;
    (void)state;
    assert_int_equal(PROG_COMMEND_W_766 + PROG_COMMEND_W_KPI + PROG_COMMEND_W_FEEDBACK +
                         PROG_COMMEND_W_TASKS + PROG_COMMEND_W_REPORT + PROG_COMMEND_W_TEAM,
                     100);
    memset(&r, 0, sizeof(r));
    /* nothing measured: only "no feedback was due" earns its full share */
    assert_true(prog_commend_score(&r, 0) == PROG_COMMEND_W_FEEDBACK);
    /* everything at its best */
    r.has_766 = true;
    r.score_766 = 100;
    r.kpi_measured = 4;
    r.kpi_on_target = 4;
    r.tasks = 2;
    r.tasks_done = 2;
    r.reported_on_time = true;
    r.helped = 10;
    assert_true(prog_commend_score(&r, 10) > 99.999);
    /* KPI attainment alone moves the score by its weight: 1 of 4 on target */
    r.kpi_on_target = 1;
    double quarter = prog_commend_score(&r, 10);
    assert_true(quarter > 100 - 0.75 * PROG_COMMEND_W_KPI - 1e-9 &&
                quarter < 100 - 0.75 * PROG_COMMEND_W_KPI + 1e-9);
    /* no KPI measured counts 0 for that part, not full marks */
    r.kpi_measured = 0;
    r.kpi_on_target = 0;
    double none = prog_commend_score(&r, 10);
    assert_true(none > 100 - PROG_COMMEND_W_KPI - 1e-9 &&
                none < 100 - PROG_COMMEND_W_KPI + 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frames),
        cmocka_unit_test(test_son_la_plan),
        cmocka_unit_test(test_other_plans_and_reassignment),
        cmocka_unit_test(test_import_refusals),
        cmocka_unit_test(test_xlsx_round_trip_and_refusal),
        cmocka_unit_test(test_commend_score),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
