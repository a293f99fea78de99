/* test_units.c - unit tests for units/unit (lookups, JSON and CSV imports). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "testdb.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/assets.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/import_report.h"
#include "domain/units/unit.h"
#include "cli/unit_cli.h"

#define FULL_UNITS_FILE \
    "../shared/data/don_vi_hanh_chinh/vn_34_tinh_3321_xa_sau_2025-07-01.json"

static const struct db_query Q_COUNT_UNITS = {"test.count_units",
                                              "SELECT COUNT(*) FROM units"};
static const struct db_query Q_COUNT_LEVEL = {
    "test.count_level", "SELECT COUNT(*) FROM units WHERE level = ?1"};
static const struct db_query Q_COUNT_AGENCIES = {"test.count_agencies",
                                                 "SELECT COUNT(*) FROM agencies"};
static const struct db_query Q_COUNT_AUDIT = {
    "test.count_audit", "SELECT COUNT(*) FROM audit_log WHERE action = ?1"};
static const struct db_query Q_LAST_AUDIT_DETAIL = {
    "test.last_audit_detail",
    "SELECT detail FROM audit_log WHERE action = ?1 ORDER BY id DESC LIMIT 1"};

struct fixture {
    struct test_db t;   /* fresh migrated database */
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    if (test_db_open(&f->t, "units") != 0)
        return -1;
    clock_set(1767225600, 0);   /* 2026-01-01 */
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    test_db_close(&f->t);
    free(f);
    return 0;
}

static int64_t count(struct db *db, const struct db_query *q, const char *arg)
{
    int64_t n = -1;
    enum mc_status st = arg ? db_get_int(db, q, &n, "s", arg) : db_get_int(db, q, &n, "");
    assert_int_equal(st, MC_OK);
    return n;
}

static const struct asset *demo(const char *path)
{
    const struct asset *a = asset_find(path);
    assert_non_null(a);
    return a;
}

static enum mc_status import_units_str(struct db *db, const char *s, struct import_report *r)
{
    return units_import_json(db, s, strlen(s), r);
}

static enum mc_status import_agencies_str(struct db *db, const char *s,
                                          struct import_report *r)
{
    return agencies_import_csv(db, s, strlen(s), r);
}

static void import_demo_units(struct db *db)
{
    const struct asset *a = demo("data/demo/units.json");
    struct import_report rep;
    import_report_init(&rep);
    assert_int_equal(units_import_json(db, a->data, (size_t)a->len, &rep), MC_OK);
    import_report_release(&rep);
}

/* True if some message of rep equals want. */
static bool has_error(const struct import_report *rep, const char *want)
{
    for (size_t i = 0; i < rep->nerrors; i++)
        if (strcmp(rep->errors[i], want) == 0)
            return true;
    for (size_t i = 0; i < rep->nerrors; i++)
        fprintf(stderr, "  have: %s\n", rep->errors[i]);
    fprintf(stderr, "  want: %s\n", want);
    return false;
}

/* ---------------------------------------------------------------- units */

static void test_demo_units_idempotent(void **state)
{
    struct fixture *f = *state;
    const struct asset *a = demo("data/demo/units.json");
    struct import_report rep;
    struct unit u;
    struct unit_list l;
    char detail[256];

    import_report_init(&rep);
    assert_int_equal(units_import_json(f->t.db, a->data, (size_t)a->len, &rep), MC_OK);
    assert_int_equal(rep.read, 9);
    assert_int_equal(rep.created, 9);
    assert_int_equal(rep.updated, 0);
    assert_int_equal(rep.unchanged, 0);
    assert_int_equal(rep.rejected, 0);
    assert_true(rep.committed);
    assert_int_equal(rep.nerrors, 0);

    assert_int_equal(units_import_json(f->t.db, a->data, (size_t)a->len, &rep), MC_OK);
    assert_int_equal(rep.read, 9);
    assert_int_equal(rep.created, 0);
    assert_int_equal(rep.updated, 0);
    assert_int_equal(rep.unchanged, 9);
    assert_int_equal(count(f->t.db, &Q_COUNT_UNITS, NULL), 9);
    assert_int_equal(count(f->t.db, &Q_COUNT_AUDIT, "units.import"), 2);

    struct db_stmt *s = NULL;
    bool row = false;
    assert_int_equal(db_query_start(f->t.db, &Q_LAST_AUDIT_DETAIL, &s, "s", "units.import"),
                     MC_OK);
    assert_int_equal(db_step(s, &row), MC_OK);
    assert_true(row);
    snprintf(detail, sizeof(detail), "%s", db_col_text(s, 0));
    db_done(s);
    assert_string_equal(detail, "{\"read\":9,\"created\":0,\"updated\":0,\"unchanged\":9}");

    unit_init(&u);
    assert_int_equal(unit_get(f->t.db, "20", &u), MC_OK);
    assert_string_equal(u.full_name, "Tỉnh Lạng Sơn");
    assert_string_equal(u.name_en, "Lang Son");
    assert_int_equal(u.level, UNIT_PROVINCE);
    assert_null(u.parent_code);
    assert_string_equal(u.valid_from, "2025-07-01");
    assert_null(u.valid_to);
    assert_int_equal(unit_get(f->t.db, "05977", &u), MC_OK);
    assert_string_equal(u.full_name, "Phường Đông Kinh");
    assert_int_equal(u.level, UNIT_COMMUNE);
    assert_string_equal(u.parent_code, "20");
    assert_int_equal(unit_get(f->t.db, "99", &u), MC_ERR_NOT_FOUND);
    unit_release(&u);

    unit_list_init(&l);
    assert_int_equal(unit_list_provinces(f->t.db, &l), MC_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].code, "20");
    unit_list_release(&l);
    assert_int_equal(unit_list_communes(f->t.db, "20", &l), MC_OK);
    assert_int_equal(l.n, 8);
    assert_string_equal(l.items[0].code, "05977");
    for (size_t i = 1; i < l.n; i++)
        assert_true(strcmp(l.items[i - 1].code, l.items[i].code) < 0);
    unit_list_release(&l);
    assert_int_equal(unit_list_communes(f->t.db, "01", &l), MC_OK);
    assert_int_equal(l.n, 0);
    unit_list_release(&l);
    import_report_release(&rep);
}

#define WARD(code, name, prov) \
    "{\"Code\":\"" code "\",\"Name\":\"" name "\",\"FullName\":\"Xã " name "\"," \
    "\"NameEn\":\"\",\"FullNameEn\":\"\",\"CodeName\":\"\",\"ProvinceCode\":\"" prov "\"}"
#define PROVINCE(code, name, wards) \
    "{\"Code\":\"" code "\",\"Name\":\"" name "\",\"FullName\":\"Tỉnh " name "\"," \
    "\"NameEn\":\"\",\"FullNameEn\":\"\",\"CodeName\":\"\",\"Wards\":[" wards "]}"

static void test_units_update(void **state)
{
    struct fixture *f = *state;
    struct import_report rep;
    struct unit u;
    import_report_init(&rep);
    unit_init(&u);
    assert_int_equal(import_units_str(f->t.db, "[" PROVINCE("20", "Lạng Sơn",
                     WARD("05977", "Đông Kinh", "20") "," WARD("05983", "Tam", "20")) "]",
                     &rep), MC_OK);
    assert_int_equal(rep.created, 3);
    /* One name changed (and surrounded by spaces, which are trimmed). */
    assert_int_equal(import_units_str(f->t.db, "[" PROVINCE("20", "Lạng Sơn",
                     WARD("05977", "  Đông Kinh Mới ", "20") "," WARD("05983", "Tam", "20"))
                     "]", &rep), MC_OK);
    assert_int_equal(rep.read, 3);
    assert_int_equal(rep.created, 0);
    assert_int_equal(rep.updated, 1);
    assert_int_equal(rep.unchanged, 2);
    assert_int_equal(unit_get(f->t.db, "05977", &u), MC_OK);
    assert_string_equal(u.name, "Đông Kinh Mới");
    /* Decomposed input is stored NFC, so it compares equal next time. */
    assert_int_equal(import_units_str(f->t.db, "[" PROVINCE("20", "La\xcc\xa3ng So\xcc\x9bn",
                     WARD("05977", "  Đông Kinh Mới ", "20") "," WARD("05983", "Tam", "20"))
                     "]", &rep), MC_OK);
    assert_int_equal(rep.unchanged, 3);
    unit_release(&u);
    import_report_release(&rep);
}

static void test_units_bad_ward_writes_nothing(void **state)
{
    struct fixture *f = *state;
    struct import_report rep;
    import_report_init(&rep);
    assert_int_equal(import_units_str(f->t.db, "[" PROVINCE("20", "Lạng Sơn",
                     WARD("05977", "Đông Kinh", "20") "," WARD("05983", "Tam", "21") ","
                     WARD("05986", "Tam Thanh", "20")) "]", &rep), MC_ERR_INVALID);
    assert_false(rep.committed);
    assert_int_equal(rep.read, 4);
    assert_int_equal(rep.rejected, 1);
    assert_int_equal(rep.created, 0);
    assert_int_equal(rep.nerrors, 1);
    assert_true(has_error(&rep, "xã thứ 2 của tỉnh 20 (mã 05983): mã tỉnh (ProvinceCode) "
                                "21 khác mã của tỉnh chứa xã"));
    assert_int_equal(count(f->t.db, &Q_COUNT_UNITS, NULL), 0);
    assert_int_equal(count(f->t.db, &Q_COUNT_AUDIT, "units.import"), 0);
    import_report_release(&rep);
}

static void test_units_every_problem_reported(void **state)
{
    struct fixture *f = *state;
    struct import_report rep;
    import_report_init(&rep);
    assert_int_equal(import_units_str(f->t.db, "["
                     PROVINCE("20", "Lạng Sơn",
                              WARD("05977", "Đông Kinh", "20") ","
                              WARD("0598", "Ngắn", "20") ","
                              WARD("05977", "Lặp", "20") ","
                              WARD("05990", "", "20") ","
                              "{\"Code\":\"05991\",\"Name\":\"A\\u0001\",\"FullName\":\"X\","
                              "\"ProvinceCode\":\"20\"}" ","
                              "7") ","
                     PROVINCE("2x", "Sai", WARD("06000", "Con", "2x")) ","
                     "{\"Code\":\"30\",\"Name\":\"Thiếu\",\"FullName\":\"Thiếu xã\"}"
                     "]", &rep), MC_ERR_INVALID);
    assert_int_equal(rep.read, 10);
    assert_int_equal(rep.rejected, 7);
    assert_true(has_error(&rep, "xã thứ 2 của tỉnh 20 (mã 0598): mã phải gồm đúng 5 chữ số"));
    assert_true(has_error(&rep, "xã thứ 3 của tỉnh 20 (mã 05977): mã trùng với xã thứ 1 "
                                "của tỉnh 20"));
    assert_true(has_error(&rep, "xã thứ 4 của tỉnh 20 (mã 05990): tên (Name) trống"));
    assert_true(has_error(&rep, "xã thứ 5 của tỉnh 20 (mã 05991): tên (Name) không phải "
                                "văn bản UTF-8 hợp lệ"));
    assert_true(has_error(&rep, "xã thứ 6 của tỉnh 20: không phải một đối tượng JSON"));
    assert_true(has_error(&rep, "tỉnh thứ 2 (mã 2x): mã phải gồm đúng 2 chữ số"));
    assert_true(has_error(&rep, "tỉnh thứ 3 (mã 30): thiếu danh sách xã (Wards) hoặc Wards "
                                "không phải mảng"));
    assert_int_equal(count(f->t.db, &Q_COUNT_UNITS, NULL), 0);
    import_report_release(&rep);
}

static void test_units_bad_files(void **state)
{
    struct fixture *f = *state;
    struct import_report rep;
    import_report_init(&rep);
    assert_int_equal(import_units_str(f->t.db, "[{\"Code\": ", &rep), MC_ERR_INVALID);
    assert_int_equal(rep.nerrors, 1);
    assert_true(has_error(&rep, "tệp không phải JSON hợp lệ (dòng 1, cột 10)"));
    assert_int_equal(import_units_str(f->t.db, "{\"Code\":\"20\"}", &rep), MC_ERR_INVALID);
    assert_true(has_error(&rep, "tệp phải là một mảng JSON các tỉnh"));
    /* Duplicate keys are refused by the parser. */
    assert_int_equal(import_units_str(f->t.db, "[{\"Code\":\"20\",\"Code\":\"21\"}]", &rep),
                     MC_ERR_INVALID);
    assert_int_equal(units_import_json(f->t.db, "[]", UNITS_IMPORT_MAX_BYTES + 1, &rep),
                     MC_ERR_TOO_LARGE);
    /* An empty array is a successful import of nothing. */
    assert_int_equal(import_units_str(f->t.db, "[]", &rep), MC_OK);
    assert_int_equal(rep.read, 0);
    import_report_release(&rep);
}

/* ---------------------------------------------------------------- agencies */

static void test_demo_agencies_idempotent(void **state)
{
    struct fixture *f = *state;
    const struct asset *a = demo("data/demo/agencies.csv");
    struct import_report rep;
    struct agency ag;
    struct agency_list l;

    import_demo_units(f->t.db);
    import_report_init(&rep);
    assert_int_equal(agencies_import_csv(f->t.db, a->data, (size_t)a->len, &rep), MC_OK);
    assert_int_equal(rep.read, 12);
    assert_int_equal(rep.created, 12);
    assert_true(rep.committed);
    assert_int_equal(agencies_import_csv(f->t.db, a->data, (size_t)a->len, &rep), MC_OK);
    assert_int_equal(rep.read, 12);
    assert_int_equal(rep.created, 0);
    assert_int_equal(rep.updated, 0);
    assert_int_equal(rep.unchanged, 12);
    assert_int_equal(count(f->t.db, &Q_COUNT_AGENCIES, NULL), 12);
    assert_int_equal(count(f->t.db, &Q_COUNT_AUDIT, "agencies.import"), 2);

    agency_init(&ag);
    assert_int_equal(agency_get(f->t.db, "T20.TTPVHCC", &ag), MC_OK);
    assert_string_equal(ag.name, "Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn");
    assert_string_equal(ag.unit_code, "20");
    assert_string_equal(ag.parent_code, "T20.VP");
    assert_int_equal(ag.created_at, 1767225600);
    assert_int_equal(agency_get(f->t.db, "T20.UBND", &ag), MC_OK);
    assert_null(ag.parent_code);
    assert_int_equal(agency_get(f->t.db, "T99.UBND", &ag), MC_ERR_NOT_FOUND);
    agency_release(&ag);

    agency_list_init(&l);
    assert_int_equal(agency_list(f->t.db, NULL, &l), MC_OK);
    assert_int_equal(l.n, 12);
    agency_list_release(&l);
    assert_int_equal(agency_list(f->t.db, "20", &l), MC_OK);
    assert_int_equal(l.n, 8);
    agency_list_release(&l);
    assert_int_equal(agency_list(f->t.db, "05977", &l), MC_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].code, "X05977.UBND");
    agency_list_release(&l);
    import_report_release(&rep);
}

/* The questions other modules ask: does a unit exist, an agency's name, what a code names. */
static void test_lookups(void **state)
{
    struct fixture *f = *state;
    const struct asset *a = demo("data/demo/agencies.csv");
    struct import_report rep;
    struct unit_list communes;
    enum unit_code_kind kind = UNIT_CODE_AGENCY;
    char name[UNIT_NAME_MAX + 1];
    bool yes = false;

    import_demo_units(f->t.db);
    import_report_init(&rep);
    assert_int_equal(agencies_import_csv(f->t.db, a->data, (size_t)a->len, &rep), MC_OK);
    import_report_release(&rep);

    assert_int_equal(unit_exists(f->t.db, "05977", &yes), MC_OK);
    assert_true(yes);
    assert_int_equal(unit_exists(f->t.db, "99999", &yes), MC_OK);
    assert_false(yes);

    assert_int_equal(agency_name(f->t.db, "T20.TTPVHCC", name, sizeof(name)), MC_OK);
    assert_string_equal(name, "Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn");
    assert_int_equal(agency_name(f->t.db, "T99.UBND", name, sizeof(name)), MC_OK);
    assert_string_equal(name, "");

    assert_int_equal(unit_or_agency_name(f->t.db, "T20.TTPVHCC", &kind, name, sizeof(name)),
                     MC_OK);
    assert_int_equal(kind, UNIT_CODE_AGENCY);
    assert_string_equal(name, "Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn");
    assert_int_equal(unit_or_agency_name(f->t.db, "20", &kind, name, sizeof(name)), MC_OK);
    assert_int_equal(kind, UNIT_CODE_PROVINCE);
    assert_int_equal(unit_or_agency_name(f->t.db, "05977", &kind, name, sizeof(name)), MC_OK);
    assert_int_equal(kind, UNIT_CODE_COMMUNE);
    assert_int_equal(unit_or_agency_name(f->t.db, "T99.UBND", &kind, name, sizeof(name)),
                     MC_ERR_NOT_FOUND);

    /* Communes with an agency only, each of them a commune. */
    unit_list_init(&communes);
    assert_int_equal(unit_list_served_communes(f->t.db, &communes), MC_OK);
    assert_true(communes.n >= 1);
    bool has_05977 = false;
    for (size_t i = 0; i < communes.n; i++) {
        struct agency_list l;
        agency_list_init(&l);
        assert_int_equal(communes.items[i].level, UNIT_COMMUNE);
        assert_int_equal(agency_list(f->t.db, communes.items[i].code, &l), MC_OK);
        assert_true(l.n >= 1);
        agency_list_release(&l);
        has_05977 = has_05977 || strcmp(communes.items[i].code, "05977") == 0;
    }
    assert_true(has_05977);
    unit_list_release(&communes);
}

static void test_agencies_update_and_parent_in_db(void **state)
{
    struct fixture *f = *state;
    struct import_report rep;
    struct agency ag;
    import_demo_units(f->t.db);
    import_report_init(&rep);
    agency_init(&ag);
    assert_int_equal(import_agencies_str(f->t.db, "ma_don_vi,ten_don_vi,ma_dvhc,ma_don_vi_cha\n"
                                         "A,Cơ quan A,20,\n", &rep), MC_OK);
    clock_set(1767225700, 0);
    /* The parent A is only in the database; A is not in this file. Columns reordered. */
    assert_int_equal(import_agencies_str(f->t.db, "ten_don_vi,MA_DON_VI,ma_dvhc,ma_don_vi_cha\r\n"
                                         "Cơ quan B,B,05977,A\r\n", &rep), MC_OK);
    assert_int_equal(rep.created, 1);
    assert_int_equal(import_agencies_str(f->t.db, "ma_don_vi,ten_don_vi,ma_dvhc,ma_don_vi_cha\n"
                                         "B,Cơ quan B đổi tên,05977,A\n", &rep), MC_OK);
    assert_int_equal(rep.updated, 1);
    assert_int_equal(agency_get(f->t.db, "B", &ag), MC_OK);
    assert_string_equal(ag.name, "Cơ quan B đổi tên");
    assert_int_equal(ag.updated_at, 1767225700);
    /* Without the optional parent column. */
    assert_int_equal(import_agencies_str(f->t.db, "ma_don_vi,ten_don_vi,ma_dvhc\n"
                                         "C,Cơ quan C,20\n", &rep), MC_OK);
    assert_int_equal(rep.created, 1);
    agency_release(&ag);
    import_report_release(&rep);
}

static void test_agencies_rejections(void **state)
{
    struct fixture *f = *state;
    struct import_report rep;
    import_demo_units(f->t.db);
    import_report_init(&rep);
    assert_int_equal(import_agencies_str(f->t.db,
        "ma_don_vi,ten_don_vi,ma_dvhc,ma_don_vi_cha\n"   /* 1 */
        "T20.UBND,UBND tỉnh,20,\n"                        /* 2 ok */
        "T20.STP,Sở Tư pháp,20,T20.UBND\n"                /* 3 ok */
        "X1,UBND xã lạ,99999,T20.UBND\n"                  /* 4 unknown unit */
        "X2,UBND xã,05977,KHONGCO\n"                      /* 5 unknown parent */
        "T20.STP,Sở lặp,20,\n"                            /* 6 duplicate */
        "\n"                                              /* 7 blank */
        "V1,Vòng 1,20,V2\n"                               /* 8 cycle */
        "V2,Vòng 2,20,V3\n"                               /* 9 cycle */
        "V3,Vòng 3,20,V1\n"                               /* 10 cycle */
        "S,Tự trỏ,20,S\n"                                 /* 11 self */
        "bad code,,2,\n"                                  /* 12 three problems */
        "\"X3\",\"UBND, có dấu phẩy\",06187,T20.UBND\n",  /* 13 ok */
        &rep), MC_ERR_INVALID);
    assert_false(rep.committed);
    assert_int_equal(rep.read, 11);   /* the blank line is not a record */
    assert_int_equal(rep.rejected, 8);
    assert_int_equal(rep.created, 0);
    assert_true(has_error(&rep, "dòng 4: mã đơn vị hành chính 99999 không tồn tại"));
    assert_true(has_error(&rep, "dòng 5: mã đơn vị cha KHONGCO không có trong tệp và trong "
                                "cơ sở dữ liệu"));
    assert_true(has_error(&rep, "dòng 6: mã đơn vị T20.STP trùng với dòng 3"));
    assert_true(has_error(&rep, "dòng 8: đơn vị cha tạo thành vòng lặp: V1 → V2 → V3 → V1"));
    assert_true(has_error(&rep, "dòng 9: đơn vị cha tạo thành vòng lặp: V1 → V2 → V3 → V1"));
    assert_true(has_error(&rep, "dòng 10: đơn vị cha tạo thành vòng lặp: V1 → V2 → V3 → V1"));
    assert_true(has_error(&rep, "dòng 11: đơn vị không thể là đơn vị cha của chính nó"));
    assert_true(has_error(&rep, "dòng 12: tên đơn vị (ten_don_vi) trống"));
    assert_true(has_error(&rep, "dòng 12: mã đơn vị hành chính \"2\" không hợp lệ (phải gồm "
                                "2 hoặc 5 chữ số)"));
    /* Messages come in line order. */
    for (size_t i = 1; i < rep.nerrors; i++)
        assert_true(strtoul(rep.errors[i - 1] + strlen("dòng "), NULL, 10) <=
                    strtoul(rep.errors[i] + strlen("dòng "), NULL, 10));
    assert_int_equal(count(f->t.db, &Q_COUNT_AGENCIES, NULL), 0);
    assert_int_equal(count(f->t.db, &Q_COUNT_AUDIT, "agencies.import"), 0);
    import_report_release(&rep);
}

static void test_agencies_cycle_through_db(void **state)
{
    struct fixture *f = *state;
    struct import_report rep;
    import_demo_units(f->t.db);
    import_report_init(&rep);
    assert_int_equal(import_agencies_str(f->t.db, "ma_don_vi,ten_don_vi,ma_dvhc,ma_don_vi_cha\n"
                                         "A,A,20,\nB,B,20,A\n", &rep), MC_OK);
    /* A under B while the stored B is under A. */
    assert_int_equal(import_agencies_str(f->t.db, "ma_don_vi,ten_don_vi,ma_dvhc,ma_don_vi_cha\n"
                                         "A,A,20,B\n", &rep), MC_ERR_INVALID);
    assert_true(has_error(&rep, "dòng 2: đơn vị cha tạo thành vòng lặp: A → B → A"));
    /* Reversing both links in one file is fine. */
    assert_int_equal(import_agencies_str(f->t.db, "ma_don_vi,ten_don_vi,ma_dvhc,ma_don_vi_cha\n"
                                         "A,A,20,B\nB,B,20,\n", &rep), MC_OK);
    assert_int_equal(rep.updated, 2);
    import_report_release(&rep);
}

static void test_agencies_bad_files(void **state)
{
    struct fixture *f = *state;
    struct import_report rep;
    import_report_init(&rep);
    assert_int_equal(import_agencies_str(f->t.db, "", &rep), MC_ERR_INVALID);
    assert_true(has_error(&rep, "tệp trống, thiếu dòng tiêu đề"));
    assert_int_equal(import_agencies_str(f->t.db, "ma_don_vi,ten_don_vi\nA,B\n", &rep),
                     MC_ERR_INVALID);
    assert_true(has_error(&rep, "dòng 1: thiếu cột ma_dvhc"));
    assert_int_equal(import_agencies_str(f->t.db, "ma_don_vi,ten_don_vi,ma_dvhc\n"
                                         "A,\"B\"x,20\n", &rep), MC_ERR_INVALID);
    assert_int_equal(rep.nerrors, 1);
    assert_true(strncmp(rep.errors[0], "dòng 2: ", strlen("dòng 2: ")) == 0);
    /* Units not imported yet: every unit code is unknown. */
    assert_int_equal(import_agencies_str(f->t.db, "ma_don_vi,ten_don_vi,ma_dvhc\nA,B,20\n",
                                         &rep), MC_ERR_INVALID);
    assert_true(has_error(&rep, "dòng 2: mã đơn vị hành chính 20 không tồn tại"));
    assert_int_equal(count(f->t.db, &Q_COUNT_AGENCIES, NULL), 0);
    import_report_release(&rep);
}

/* ---------------------------------------------------------------- report, CLI */

static void test_report_print(void **state)
{
    (void)state;
    struct import_report rep;
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    import_report_init(&rep);
    rep.read = 3;
    rep.rejected = 1;
    import_report_error(&rep, "dòng %d: lỗi", 2);
    import_report_print(&rep, "cơ quan", out);
    fclose(out);
    assert_string_equal(text, "Nhập cơ quan: đọc 3, thêm mới 0, cập nhật 0, không đổi 0, "
                              "bị từ chối 1.\nKhông ghi gì vào cơ sở dữ liệu vì có 1 lỗi:\n"
                              "  - dòng 2: lỗi\n");
    free(text);
    for (int i = 0; i < IMPORT_REPORT_MAX_ERRORS + 5; i++)
        import_report_error(&rep, "x");
    assert_int_equal(rep.nerrors, IMPORT_REPORT_MAX_ERRORS);
    assert_int_equal(import_report_error_count(&rep), IMPORT_REPORT_MAX_ERRORS + 6);
    import_report_release(&rep);
}

static void write_file(const char *path, const char *s)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(s, fp);
    fclose(fp);
}

static void test_cli(void **state)
{
    struct fixture *f = *state;
    char path[160];
    char *help[] = {"units", "--help", NULL};
    char *none[] = {"units", NULL};
    char *missing[] = {"units", "/nonexistent/motcua.json", NULL};
    char *file[] = {"units", path, NULL};
    char *afile[] = {"agencies", path, NULL};

    snprintf(path, sizeof(path), "%s/units.input", f->t.dir);
    assert_int_equal(units_cli_import_units(f->t.db, 2, help), 0);
    assert_int_equal(units_cli_import_units(f->t.db, 1, none), 2);
    assert_int_equal(units_cli_import_units(f->t.db, 2, missing), 2);
    write_file(path, "[" PROVINCE("20", "Lạng Sơn", WARD("05977", "Đông Kinh", "21")) "]");
    assert_int_equal(units_cli_import_units(f->t.db, 2, file), 1);
    write_file(path, "[" PROVINCE("20", "Lạng Sơn", WARD("05977", "Đông Kinh", "20")) "]");
    assert_int_equal(units_cli_import_units(f->t.db, 2, file), 0);
    write_file(path, "ma_don_vi,ten_don_vi,ma_dvhc\nA,Cơ quan A,05977\n");
    assert_int_equal(units_cli_import_agencies(f->t.db, 2, afile), 0);
    write_file(path, "ma_don_vi,ten_don_vi,ma_dvhc\nA,Cơ quan A,99\n");
    assert_int_equal(units_cli_import_agencies(f->t.db, 2, afile), 1);
    assert_int_equal(count(f->t.db, &Q_COUNT_AGENCIES, NULL), 1);
    unlink(path);
}

/* ---------------------------------------------------------------- full data */

static void test_full_country(void **state)
{
    struct fixture *f = *state;
    struct import_report rep;
    struct buf data;
    char chunk[65536];
    size_t n;
    FILE *fp = fopen(FULL_UNITS_FILE, "rb");
    if (!fp) {
        fprintf(stderr, "  %s not found, skipped\n", FULL_UNITS_FILE);
        skip();
    }
    buf_init(&data, UNITS_IMPORT_MAX_BYTES);
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        buf_add(&data, chunk, n);
    fclose(fp);
    assert_int_equal(buf_status(&data), MC_OK);
    import_report_init(&rep);

    int64_t t0 = clock_mono_us();
    assert_int_equal(units_import_json(f->t.db, data.data, data.len, &rep), MC_OK);
    int64_t t1 = clock_mono_us();
    assert_int_equal(rep.created, 34 + 3321);
    assert_int_equal(count(f->t.db, &Q_COUNT_LEVEL, "province"), 34);
    assert_int_equal(count(f->t.db, &Q_COUNT_LEVEL, "commune"), 3321);
    assert_int_equal(units_import_json(f->t.db, data.data, data.len, &rep), MC_OK);
    int64_t t2 = clock_mono_us();
    assert_int_equal(rep.unchanged, 34 + 3321);
    fprintf(stderr, "  full country: first import %.1f ms, second %.1f ms\n",
            (double)(t1 - t0) / 1000.0, (double)(t2 - t1) / 1000.0);

    struct unit_list l;
    unit_list_init(&l);
    assert_int_equal(unit_list_provinces(f->t.db, &l), MC_OK);
    assert_int_equal(l.n, 34);
    unit_list_release(&l);
    assert_int_equal(unit_list_communes(f->t.db, "79", &l), MC_OK);
    assert_int_equal(l.n, 168);
    unit_list_release(&l);

    /* The demo agencies load on top of the full country too. */
    const struct asset *a = demo("data/demo/agencies.csv");
    assert_int_equal(agencies_import_csv(f->t.db, a->data, (size_t)a->len, &rep), MC_OK);
    assert_int_equal(rep.created, 12);
    import_report_release(&rep);
    buf_release(&data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_demo_units_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_units_update, setup, teardown),
        cmocka_unit_test_setup_teardown(test_units_bad_ward_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_units_every_problem_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_units_bad_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_agencies_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lookups, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agencies_update_and_parent_in_db, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_agencies_rejections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agencies_cycle_through_db, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agencies_bad_files, setup, teardown),
        cmocka_unit_test(test_report_print),
        cmocka_unit_test_setup_teardown(test_cli, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_country, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
