/* test_catalog.c - unit tests for catalog/catalog (storage, versions, imports, search). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "testdb.h"
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "domain/catalog/catalog.h"
#include "cli/catalog_cli.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/db.h"

#define FULL_FILE "../shared/data/thu_tuc_hanh_chinh/dvc_tthc_6_bo_nganh_2642.jsonl.gz"
#define FULL_LEVELS "../shared/data/thu_tuc_hanh_chinh/langson_tthc_1840_muc_do_dvc.csv"

static const struct db_query Q_COUNT_PROCS = {"test.count_procs",
                                              "SELECT COUNT(*) FROM procedures"};
static const struct db_query Q_COUNT_VERSIONS = {"test.count_versions",
                                                 "SELECT COUNT(*) FROM procedure_versions"};
static const struct db_query Q_COUNT_AUDIT = {
    "test.count_audit", "SELECT COUNT(*) FROM audit_log WHERE action = ?1"};

struct fixture {
    struct test_db t;   /* fresh migrated database */
    char file[160];     /* a temporary input file in t.dir */
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    if (test_db_open(&f->t, "catalog") != 0)
        return -1;
    snprintf(f->file, sizeof(f->file), "%s/input.jsonl", f->t.dir);
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

static int64_t count(struct db *db, const struct db_query *q)
{
    int64_t n = -1;
    assert_int_equal(db_get_int(db, q, &n, ""), MC_OK);
    return n;
}

static int64_t audit_rows(struct db *db, const char *action)
{
    int64_t n = -1;
    assert_int_equal(db_get_int(db, &Q_COUNT_AUDIT, &n, "s", action), MC_OK);
    return n;
}

/* One record in the national format as a JSON line (caller frees). */
static char *record(const char *code, const char *name, const char *field, const char *level,
                    const char *agency, const char *documents, const char *steps)
{
    json_t *o = json_pack("{ssssssssssssss}", "ma_thu_tuc", code, "ten_thu_tuc", name,
                          "linh_vuc", field, "cap_thuc_hien", level,
                          "co_quan_co_tham_quyen", agency, "thanh_phan_ho_so", documents,
                          "trinh_tu_thuc_hien", steps);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

static void parse(const char *line, struct procedure *p)
{
    struct national_warnings w;
    struct buf err;
    buf_init(&err, BUF_MAX_LINE);
    national_warnings_init(&w);
    procedure_init(p);
    assert_int_equal(national_parse_record(line, strlen(line), p, &w, &err), MC_OK);
    national_warnings_release(&w);
    buf_release(&err);
}

static void save_record(struct db *db, const char *code, const char *name, const char *field,
                        const char *level, const char *agency, const char *documents,
                        const char *steps)
{
    struct procedure p;
    enum catalog_save_outcome o;
    char *line = record(code, name, field, level, agency, documents, steps);
    parse(line, &p);
    assert_int_equal(catalog_save(db, NULL, &p, &o, NULL), MC_OK);
    procedure_release(&p);
    free(line);
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* ---------------------------------------------------------------- storage */

static void test_save_get_round_trip(void **state)
{
    struct fixture *f = *state;
    struct procedure p, got;
    enum catalog_save_outcome o;
    int64_t version = 0;
    const char *line =
        "{\"ma_thu_tuc\":\"1.001193\",\"ten_thu_tuc\":\"Thủ tục đăng ký khai sinh\","
        "\"cap_thuc_hien\":\"Cấp xã\",\"linh_vuc\":\"Hộ tịch\","
        "\"co_quan_co_tham_quyen\":\"Ủy ban nhân dân xã\","
        "\"cach_thuc_thuc_hien\":\"Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp"
        "0.5 Ngày làm việcMiễn phíNộp tại một cửa.\","
        "\"thanh_phan_ho_so\":\"Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai đăng ký khai sinh"
        "Mẫu tờ khai.docx1 bản chính\","
        "\"can_cu_phap_ly\":\"Tên văn bản pháp lýMã văn bảnLuật Hộ tịch60/2014/QH13\","
        "\"trinh_tu_thuc_hien\":\"Bước 1: nộp hồ sơ\"}";
    parse(line, &p);
    p.online_level = PROC_ONLINE_PARTIAL;
    assert_int_equal(catalog_save(f->t.db, NULL, &p, &o, &version), MC_OK);
    assert_int_equal(o, CATALOG_CREATED);
    assert_int_equal(version, 1);

    procedure_init(&got);
    version = 0;
    assert_int_equal(catalog_get(f->t.db, "1.001193", &got, &version), MC_OK);
    assert_int_equal(version, 1);
    assert_string_equal(got.name, "Thủ tục đăng ký khai sinh");
    assert_string_equal(got.field, "Hộ tịch");
    assert_int_equal(got.levels, PROC_LEVEL_COMMUNE);
    assert_int_equal(got.online_level, PROC_ONLINE_PARTIAL);
    assert_int_equal(got.nchannels, p.nchannels);
    assert_true(got.channels[0].time_min == 0.5);
    assert_int_equal(got.ndocuments, p.ndocuments);
    assert_int_equal(got.nlegal, p.nlegal);
    char *a = catalog_procedure_json(&p);
    char *b = catalog_procedure_json(&got);
    assert_string_equal(a, b);
    free(a);
    free(b);
    assert_int_equal(catalog_get(f->t.db, "9.999999", &got, NULL), MC_ERR_NOT_FOUND);
    assert_int_equal(audit_rows(f->t.db, "catalog.save"), 1);

    /* no code: invalid, nothing written */
    free(p.code);
    p.code = NULL;
    assert_int_equal(catalog_save(f->t.db, NULL, &p, &o, NULL), MC_ERR_INVALID);
    assert_int_equal(count(f->t.db, &Q_COUNT_PROCS), 1);
    procedure_release(&got);
    procedure_release(&p);
}

static void sleep_us(long us)
{
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000L};
    nanosleep(&ts, NULL);
}

/*
 * The version the cached public pages read: a change through this process
 * shows at once; one made elsewhere (another app server, an import on the
 * command line: here a bare UPDATE) within a quarter second, and not
 * before when this process changed nothing lately.
 */
static void test_recent_version(void **state)
{
    struct fixture *f = *state;
    int64_t v = -1, now = -1;
    save_record(f->t.db, "1.000001", "Cấp giấy phép thử", "Thử nghiệm", "Cấp tỉnh", "Sở A", "",
                "Bước 1");
    assert_int_equal(catalog_data_version(f->t.db, &now), MC_OK);
    assert_int_equal(catalog_data_version_recent(f->t.db, &v), MC_OK);
    assert_int_equal(v, now);
    save_record(f->t.db, "1.000002", "Cấp giấy phép thử hai", "Thử nghiệm", "Cấp tỉnh", "Sở A",
                "", "Bước 1");
    assert_int_equal(catalog_data_version_recent(f->t.db, &v), MC_OK);
    assert_int_equal(v, now + 1);
    sleep_us(CATALOG_VERSION_QUIET_US + 100000);
    assert_int_equal(catalog_data_version_recent(f->t.db, &v), MC_OK);
    assert_int_equal(v, now + 1);
    int64_t t0 = clock_mono_us();
    assert_int_equal(db_exec_script(f->t.db, "UPDATE catalog_version SET n = n + 1 WHERE id = 1"),
                     MC_OK);
    assert_int_equal(catalog_data_version_recent(f->t.db, &v), MC_OK);
    if (clock_mono_us() - t0 < CATALOG_VERSION_FRESH_US / 2)
        assert_int_equal(v, now + 1);   /* kept: no read transaction per request */
    sleep_us(CATALOG_VERSION_FRESH_US + 50000);
    assert_int_equal(catalog_data_version_recent(f->t.db, &v), MC_OK);
    assert_int_equal(v, now + 2);
}

static void test_versions(void **state)
{
    struct fixture *f = *state;
    struct procedure p, got;
    enum catalog_save_outcome o;
    int64_t version = 0;
    char *line = record("1.000001", "Cấp giấy phép thử", "Thử nghiệm", "Cấp tỉnh", "Sở A",
                        "", "Bước 1");
    parse(line, &p);
    assert_int_equal(catalog_save(f->t.db, NULL, &p, &o, &version), MC_OK);
    assert_int_equal(o, CATALOG_CREATED);

    free(p.name);
    p.name = xstrdup("Cấp giấy phép thử (sửa đổi)");
    assert_int_equal(catalog_save(f->t.db, NULL, &p, &o, &version), MC_OK);
    assert_int_equal(o, CATALOG_UPDATED);
    assert_int_equal(version, 2);

    /* the same content again: nothing */
    assert_int_equal(catalog_save(f->t.db, NULL, &p, &o, &version), MC_OK);
    assert_int_equal(o, CATALOG_UNCHANGED);
    assert_int_equal(version, 2);
    assert_int_equal(count(f->t.db, &Q_COUNT_VERSIONS), 2);
    assert_int_equal(audit_rows(f->t.db, "catalog.save"), 2);

    procedure_init(&got);
    assert_int_equal(catalog_get_version(f->t.db, "1.000001", 1, &got), MC_OK);
    assert_string_equal(got.name, "Cấp giấy phép thử");
    assert_int_equal(catalog_get(f->t.db, "1.000001", &got, &version), MC_OK);
    assert_string_equal(got.name, "Cấp giấy phép thử (sửa đổi)");
    assert_int_equal(version, 2);
    assert_int_equal(catalog_get_version(f->t.db, "1.000001", 3, &got), MC_ERR_NOT_FOUND);

    /* the search index follows the current version only */
    struct catalog_query q = {.q = "sua doi"};
    struct catalog_result r;
    catalog_result_init(&r);
    assert_int_equal(catalog_search(f->t.db, &q, &r), MC_OK);
    assert_int_equal(r.total, 1);
    catalog_result_release(&r);
    procedure_release(&got);
    procedure_release(&p);
    free(line);
}

/* ---------------------------------------------------------------- imports */

static char *three_records(const char *name2)
{
    char *a = record("1.000010", "Đăng ký khai sinh", "Hộ tịch", "Cấp xã", "UBND xã", "", "");
    char *b = record("1.000011", name2, "Hộ tịch", "Cấp xã", "UBND xã", "", "");
    char *c = record("2.000012", "Cấp phiếu lý lịch tư pháp", "Lý lịch tư pháp", "Cấp tỉnh",
                     "Sở Tư pháp", "", "");
    struct buf all;
    buf_init(&all, BUF_MAX_SMALL);
    buf_addf(&all, "%s\n\n%s\n%s\n", a, b, c);
    free(a);
    free(b);
    free(c);
    return buf_detach(&all, NULL);
}

static void test_import_all_or_nothing(void **state)
{
    struct fixture *f = *state;
    struct import_report rep;
    char *good = record("1.000010", "Đăng ký khai sinh", "Hộ tịch", "Cấp xã", "", "", "");
    struct buf text;
    buf_init(&text, BUF_MAX_SMALL);
    buf_addf(&text, "%s\n{\"ma_thu_tuc\": \"1.000011\", \n{\"ten_thu_tuc\":\"Thử\"}\n%s\n",
             good, good);
    write_file(f->file, buf_cstr(&text));
    import_report_init(&rep);
    assert_int_equal(catalog_import_national(f->t.db, f->file, NULL, &rep, NULL),
                     MC_ERR_INVALID);
    assert_int_equal(rep.read, 4);
    assert_int_equal(rep.rejected, 3);
    assert_false(rep.committed);
    assert_int_equal(rep.nerrors, 3);
    assert_string_equal(rep.errors[0], "dòng 2: JSON không hợp lệ ở cột 26");
    assert_string_equal(rep.errors[1], "dòng 3: thiếu mã thủ tục (ma_thu_tuc)");
    assert_string_equal(rep.errors[2], "dòng 4: mã thủ tục 1.000010 đã có ở dòng 1");
    assert_int_equal(count(f->t.db, &Q_COUNT_PROCS), 0);
    assert_int_equal(count(f->t.db, &Q_COUNT_VERSIONS), 0);
    assert_int_equal(audit_rows(f->t.db, "catalog.import"), 0);

    assert_int_equal(catalog_import_national(f->t.db, "/nonexistent.jsonl", NULL, &rep, NULL),
                     MC_ERR_NOT_FOUND);
    assert_int_equal(rep.nerrors, 1);
    import_report_release(&rep);
    buf_release(&text);
    free(good);
}

static void test_import_idempotent(void **state)
{
    struct fixture *f = *state;
    struct import_report rep;
    struct catalog_import_warnings warn;
    struct procedure p;
    char *text = three_records("Đăng ký kết hôn");
    char csv[160];
    write_file(f->file, text);
    import_report_init(&rep);
    assert_int_equal(catalog_import_national(f->t.db, f->file, NULL, &rep, &warn), MC_OK);
    assert_int_equal(rep.read, 3);
    assert_int_equal(rep.created, 3);
    assert_true(rep.committed);
    assert_int_equal(catalog_import_national(f->t.db, f->file, NULL, &rep, &warn), MC_OK);
    assert_int_equal(rep.created, 0);
    assert_int_equal(rep.updated, 0);
    assert_int_equal(rep.unchanged, 3);
    assert_int_equal(count(f->t.db, &Q_COUNT_PROCS), 3);
    assert_int_equal(count(f->t.db, &Q_COUNT_VERSIONS), 3);
    assert_int_equal(audit_rows(f->t.db, "catalog.import"), 2);

    /* online levels alone: matched by national code, unknown codes counted */
    snprintf(csv, sizeof(csv), "%s/levels.csv", f->t.dir);
    write_file(csv, "stt,ma_tthc,muc_do_dvc,ten_tthc\n"
                    "1,1.000010.000.00.00.H37,Toàn trình,Đăng ký khai sinh\n"
                    "2,1.999999.000.00.00.H37,Một phần,Không có\n"
                    "3,1.000010.000.00.00.H37,Một phần,Trùng mã\n");
    assert_int_equal(catalog_import_online_levels(f->t.db, csv, &rep, &warn), MC_OK);
    assert_int_equal(rep.read, 1);
    assert_int_equal(rep.updated, 1);
    assert_int_equal(warn.levels_unmatched, 1);
    assert_int_equal(warn.levels_conflicting, 1);
    assert_int_equal(catalog_import_online_levels(f->t.db, csv, &rep, &warn), MC_OK);
    assert_int_equal(rep.unchanged, 1);
    assert_int_equal(rep.updated, 0);

    /* the JSON again, without levels: keeps the stored level, changes nothing */
    assert_int_equal(catalog_import_national(f->t.db, f->file, NULL, &rep, &warn), MC_OK);
    assert_int_equal(rep.unchanged, 3);
    procedure_init(&p);
    assert_int_equal(catalog_get(f->t.db, "1.000010", &p, NULL), MC_OK);
    assert_int_equal(p.online_level, PROC_ONLINE_FULL);

    /* an edited record: one update, one new version */
    free(text);
    text = three_records("Đăng ký kết hôn lưu động");
    write_file(f->file, text);
    assert_int_equal(catalog_import_national(f->t.db, f->file, csv, &rep, &warn), MC_OK);
    assert_int_equal(rep.updated, 1);
    assert_int_equal(rep.unchanged, 2);
    assert_int_equal(count(f->t.db, &Q_COUNT_VERSIONS), 5);
    unlink(csv);
    procedure_release(&p);
    import_report_release(&rep);
    free(text);
}

static void test_cli_import(void **state)
{
    struct fixture *f = *state;
    char *text = three_records("Đăng ký kết hôn");
    char *help[] = {"procedures", "--help"};
    char *none[] = {"procedures"};
    char *both[] = {"procedures", f->file, "--online-levels", "x.csv", "extra"};
    char *run[] = {"procedures", f->file};
    assert_int_equal(catalog_cli_import_procedures(NULL, 2, help), 0);
    assert_int_equal(catalog_cli_import_procedures(f->t.db, 1, none), 2);
    assert_int_equal(catalog_cli_import_procedures(f->t.db, 5, both), 2);
    write_file(f->file, "{\"ten_thu_tuc\":\"Thử\"}\n");
    assert_int_equal(catalog_cli_import_procedures(f->t.db, 2, run), 1);
    assert_int_equal(count(f->t.db, &Q_COUNT_PROCS), 0);
    write_file(f->file, text);
    assert_int_equal(catalog_cli_import_procedures(f->t.db, 2, run), 0);
    assert_int_equal(count(f->t.db, &Q_COUNT_PROCS), 3);
    char *find[] = {"search", "khai sinh", "--level", "xa", "--limit", "5"};
    char *bad[] = {"search", "khai sinh", "--level", "huyen"};
    assert_int_equal(catalog_cli_search(f->t.db, 6, find), 0);
    assert_int_equal(catalog_cli_search(f->t.db, 4, bad), 2);
    free(text);
}

/* ---------------------------------------------------------------- search */

/* A small catalogue for the search tests. */
static void seed(struct db *db)
{
    save_record(db, "1.000001", "Thủ tục đăng ký khai sinh", "Hộ tịch", "Cấp xã",
                "Ủy ban nhân dân cấp xã", "", "Nộp tờ khai tại bộ phận một cửa");
    save_record(db, "1.000002", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", "Cấp xã",
                "Ủy ban nhân dân cấp xã",
                "Tên giấy tờMẫu đơn, tờ khaiSố lượngGiấy khai sinh bản sao1 bản chính",
                "Bước 1: nộp hồ sơ");
    save_record(db, "1.000003", "Đăng ký thường trú cho trẻ sinh ra, khai báo thông tin",
                "Cư trú", "Cấp xã", "Công an xã", "", "Bước 1");
    save_record(db, "2.000004", "Cấp phiếu lý lịch tư pháp", "Lý lịch tư pháp", "Cấp tỉnh",
                "Sở Tư pháp", "", "Bước 1: nộp tờ khai");
    save_record(db, "2.000005", "Đăng ký khai sinh có yếu tố nước ngoài", "Hộ tịch",
                "Cấp tỉnh, Cấp xã", "Sở Tư pháp", "", "");
}

static void search(struct db *db, const struct catalog_query *q, struct catalog_result *r)
{
    catalog_result_release(r);
    assert_int_equal(catalog_search(db, q, r), MC_OK);
}

static void test_folding(void **state)
{
    struct fixture *f = *state;
    struct catalog_result a, b, c;
    struct catalog_query q = {0};
    seed(f->t.db);
    catalog_result_init(&a);
    catalog_result_init(&b);
    catalog_result_init(&c);
    q.q = "Đăng ký khai sinh";
    search(f->t.db, &q, &a);
    q.q = "dang ky khai sinh";
    search(f->t.db, &q, &b);
    q.q = "ĐĂNG KÝ   KHAI-SINH!";
    search(f->t.db, &q, &c);
    assert_true(a.total >= 2);
    assert_int_equal(a.total, b.total);
    assert_int_equal(a.total, c.total);
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_string_equal(a.items[i].code, b.items[i].code);
        assert_string_equal(a.items[i].code, c.items[i].code);
        assert_true(a.items[i].score == b.items[i].score);
    }
    assert_null(a.corrected);
    /* đ and d */
    q.q = "đăng";
    search(f->t.db, &q, &a);
    q.q = "dang";
    search(f->t.db, &q, &b);
    assert_true(a.total >= 3);
    assert_int_equal(a.total, b.total);
    catalog_result_release(&a);
    catalog_result_release(&b);
    catalog_result_release(&c);
}

static void test_ranking(void **state)
{
    struct fixture *f = *state;
    struct catalog_result r;
    struct catalog_query q = {.q = "dang ky khai sinh"};
    seed(f->t.db);
    catalog_result_init(&r);
    search(f->t.db, &q, &r);
    /* phrase in the name, shortest name first; scattered words after */
    assert_int_equal(r.total, 3);
    assert_string_equal(r.items[0].code, "1.000001");
    assert_string_equal(r.items[1].code, "2.000005");
    assert_string_equal(r.items[2].code, "1.000003");
    assert_true(r.items[0].score > r.items[2].score);

    /* a name match above a match in the documents only */
    q.q = "khai sinh";
    search(f->t.db, &q, &r);
    assert_true(r.total >= 3);
    assert_string_equal(r.items[r.n - 1].code, "1.000002");
    /* a match in the steps still counts */
    q.q = "một cửa";
    search(f->t.db, &q, &r);
    assert_int_equal(r.total, 1);
    assert_string_equal(r.items[0].code, "1.000001");
    /* no procedure has every word: some of them */
    q.q = "tôi muốn đăng ký khai sinh cho con";
    search(f->t.db, &q, &r);
    assert_true(r.any_word);
    assert_true(r.total >= 2);
    assert_true(strcmp(r.items[0].code, "1.000001") == 0
                || strcmp(r.items[0].code, "2.000005") == 0);
    catalog_result_release(&r);
}

static void test_question(void **state)
{
    struct fixture *f = *state;
    struct catalog_result r;
    struct catalog_query q = {
        .q = "Xin hỏi đăng ký khai sinh có yếu tố nước ngoài cho con tôi làm ở đâu?"};
    seed(f->t.db);
    catalog_result_init(&r);
    /* more than 8 words: ranked by word pairs, the pair-richest name first */
    search(f->t.db, &q, &r);
    assert_true(r.any_word);
    assert_true(r.total >= 1);
    assert_string_equal(r.items[0].code, "2.000005");
    q.q = "Xin hoi dang ky khai sinh co yeu to nuoc ngoai cho con toi lam o dau";
    search(f->t.db, &q, &r);
    assert_string_equal(r.items[0].code, "2.000005");

    /* a new version replaces the procedure's word pairs and the vocabulary */
    save_record(f->t.db, "2.000005", "Đăng ký kết hôn có yếu tố nước ngoài", "Hộ tịch",
                "Cấp tỉnh", "Sở Tư pháp", "", "");
    q.q = "Xin hỏi đăng ký khai sinh có yếu tố nước ngoài cho con tôi làm ở đâu?";
    search(f->t.db, &q, &r);
    assert_string_equal(r.items[0].code, "2.000005");   /* yếu tố nước ngoài */
    q.q = "Tôi muốn hỏi về thủ tục đăng ký kết hôn với người nước ngoài như thế nào";
    search(f->t.db, &q, &r);
    assert_string_equal(r.items[0].code, "2.000005");
    q.q = "ket hpn";   /* "hon" only entered the vocabulary with version 2 */
    search(f->t.db, &q, &r);
    assert_non_null(r.corrected);
    assert_string_equal(r.corrected, "ket hon");
    assert_int_equal(r.total, 1);
    /* no pair of a question matches: its informative single words */
    q.q = "cho tôi hỏi về phiếu lý lịch ở tỉnh này như vậy có được hay không";
    search(f->t.db, &q, &r);
    assert_true(r.any_word);
    assert_string_equal(r.items[0].code, "2.000004");
    catalog_result_release(&r);
}

static void test_typo(void **state)
{
    struct fixture *f = *state;
    struct catalog_result r;
    struct catalog_query q = {.q = "khai snh"};
    seed(f->t.db);
    catalog_result_init(&r);
    search(f->t.db, &q, &r);
    assert_non_null(r.corrected);
    assert_string_equal(r.corrected, "khai sinh");
    assert_true(r.total >= 2);
    assert_string_equal(r.items[0].code, "1.000001");
    q.q = "ly lcih tu phap";      /* swapped letters */
    search(f->t.db, &q, &r);
    assert_int_equal(r.total, 1);
    assert_string_equal(r.items[0].code, "2.000004");
    q.q = "thuong tr";            /* unfinished word: a prefix */
    search(f->t.db, &q, &r);
    assert_int_equal(r.total, 1);
    assert_string_equal(r.items[0].code, "1.000003");
    q.q = "xyzzyq";
    search(f->t.db, &q, &r);
    assert_int_equal(r.total, 0);
    assert_int_equal(r.n, 0);
    catalog_result_release(&r);
}

static void test_filters(void **state)
{
    struct fixture *f = *state;
    struct catalog_result r;
    struct catalog_query q = {.q = "dang ky", .field = "Hộ tịch"};
    struct catalog_field_list fields;
    struct import_report rep;
    char csv[160];
    seed(f->t.db);
    catalog_result_init(&r);
    search(f->t.db, &q, &r);
    assert_int_equal(r.total, 2);
    q.field = NULL;
    q.level = PROC_LEVEL_PROVINCE;
    search(f->t.db, &q, &r);
    assert_int_equal(r.total, 1);
    assert_string_equal(r.items[0].code, "2.000005");
    q.level = 0;
    q.agency = "cong an";
    search(f->t.db, &q, &r);
    assert_int_equal(r.total, 1);
    assert_string_equal(r.items[0].code, "1.000003");
    q.agency = NULL;

    snprintf(csv, sizeof(csv), "%s/levels.csv", f->t.dir);
    write_file(csv, "ma_tthc,muc_do_dvc\n1.000001.000.00.00.H37,Toàn trình\n");
    import_report_init(&rep);
    assert_int_equal(catalog_import_online_levels(f->t.db, csv, &rep, NULL), MC_OK);
    unlink(csv);
    q.online = PROC_ONLINE_FULL;
    search(f->t.db, &q, &r);
    assert_int_equal(r.total, 1);
    assert_string_equal(r.items[0].code, "1.000001");
    assert_int_equal(r.items[0].online_level, PROC_ONLINE_FULL);
    /* listing with a filter and no text */
    q.q = NULL;
    q.online = PROC_ONLINE_UNKNOWN;
    q.field = "Hộ tịch";
    search(f->t.db, &q, &r);
    assert_int_equal(r.total, 3);
    assert_string_equal(r.items[0].code, "1.000001");
    assert_true(r.items[0].score == 0);

    catalog_field_list_init(&fields);
    assert_int_equal(catalog_fields(f->t.db, &fields), MC_OK);
    assert_int_equal(fields.n, 3);
    assert_string_equal(fields.items[0].name, "Hộ tịch");
    assert_int_equal(fields.items[0].count, 3);
    catalog_field_list_release(&fields);
    import_report_release(&rep);
    catalog_result_release(&r);
}

static void test_paging(void **state)
{
    struct fixture *f = *state;
    struct catalog_result r;
    struct catalog_query q = {.q = "giấy phép mẫu", .limit = 10};
    char code[16], name[64];
    for (int i = 0; i < 25; i++) {
        snprintf(code, sizeof(code), "1.%06d", 100 + i);
        snprintf(name, sizeof(name), "Cấp giấy phép mẫu số %d", i);
        save_record(f->t.db, code, name, "Thử", "Cấp tỉnh", "Sở A", "", "");
    }
    catalog_result_init(&r);
    search(f->t.db, &q, &r);
    assert_int_equal(r.total, 25);
    assert_int_equal(r.n, 10);
    char first[16];
    snprintf(first, sizeof(first), "%s", r.items[0].code);
    q.offset = 20;
    search(f->t.db, &q, &r);
    assert_int_equal(r.total, 25);
    assert_int_equal(r.n, 5);
    assert_string_not_equal(r.items[0].code, first);
    q.offset = 30;
    search(f->t.db, &q, &r);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.total, 25);
    q.q = NULL;
    q.offset = 10;
    q.limit = 0;
    search(f->t.db, &q, &r);
    assert_int_equal(r.n, 15);
    assert_string_equal(r.items[0].code, "1.000110");
    q.offset = 100;
    search(f->t.db, &q, &r);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.total, 25);
    catalog_result_release(&r);
}

/* ---------------------------------------------------------------- real data */

static void test_full_catalogue(void **state)
{
    struct fixture *f = *state;
    struct import_report rep;
    struct catalog_import_warnings warn;
    struct catalog_result a, b;
    struct catalog_query q = {0};
    if (access(FULL_FILE, R_OK) != 0 || access(FULL_LEVELS, R_OK) != 0) {
        skip();
        return;
    }
    import_report_init(&rep);
    assert_int_equal(catalog_import_national(f->t.db, FULL_FILE, FULL_LEVELS, &rep, &warn),
                     MC_OK);
    assert_int_equal(rep.read, 2642);
    assert_int_equal(rep.created, 2642);
    assert_int_equal(count(f->t.db, &Q_COUNT_PROCS), 2642);
    assert_int_equal(catalog_import_national(f->t.db, FULL_FILE, FULL_LEVELS, &rep, &warn),
                     MC_OK);
    assert_int_equal(rep.unchanged, 2642);
    assert_int_equal(count(f->t.db, &Q_COUNT_VERSIONS), 2642);

    catalog_result_init(&a);
    catalog_result_init(&b);
    q.q = "Đăng ký khai sinh";
    search(f->t.db, &q, &a);
    q.q = "dang ky khai sinh";
    search(f->t.db, &q, &b);
    assert_int_equal(a.total, b.total);
    assert_string_equal(a.items[0].code, "1.001193");
    assert_string_equal(b.items[0].code, "1.001193");
    q.q = "khai snh";
    search(f->t.db, &q, &a);
    assert_true(a.total > 0);
    catalog_result_release(&a);
    catalog_result_release(&b);
    import_report_release(&rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_save_get_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_folding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ranking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_question, setup, teardown),
        cmocka_unit_test_setup_teardown(test_typo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paging, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_catalogue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recent_version, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
