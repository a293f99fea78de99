/*
 * test_catalog_mem.c - catalog_search() ranked from the copy of the
 * indexes in memory (catalog_search_memory_start) answers as the
 * database does: for the catalogue's test queries with and without
 * diacritics, typos, prefixes, long questions (ranked by word pairs),
 * filters and pages, the same procedures in the same order (the top 3
 * and the whole page), the same total, correction and any-word flag; and
 * a save is searched by its new words at once; a search that reads an
 * older version (a replica behind) keeps the newer copy; with the builder
 * thread, a search never builds the copy itself.  The national catalogue
 * (../shared/data) when present, else the demo's; on PostgreSQL
 * (MOTCUA_TEST_PG_TEMPLATE) the demo's unless SEARCH_COMPARE_NATIONAL=1,
 * as tests/http/search_backends.test.mjs: the SQL path's long questions
 * over the national catalogue take minutes there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <time.h>
#include "testdb.h"
#include "domain/catalog/catalog.h"
#include "domain/catalog/catalog-int.h"

#define NATIONAL "../shared/data/thu_tuc_hanh_chinh/dvc_tthc_6_bo_nganh_2642.jsonl.gz"
#define DEMO "data/demo/procedures.jsonl"

static const char *const QUERIES[] = {
    "Đăng ký khai sinh", "dang ky khai sinh", "kết hôn", "ket hon", "ĐĂNG KÝ THƯỜNG TRÚ",
    "dang ky thuong tru", "giấy phép lái xe", "giay phep lai xe", "cấp lại căn cước",
    "cap lai can cuoc", "hộ chiếu", "ho chieu", "chứng thực bản sao", "chung thuc ban sao",
    "khai tử", "khai tu", "giấy phép xây dựng", "giay phep xay dung", "đăng ký doanh nghiệp",
    "dang ky doanh nghiep", "lý lịch tư pháp", "ly lich tu phap",
    /* typos and words being typed (corrected, or prefixes) */
    "dagn ky khai sinh", "khia sinh", "giay phep lai x", "thuong tr", "chứng thưc",
    /* every word of a longer text, then questions in sentences (word pairs) */
    "cấp giấy phép kinh doanh vận tải bằng xe ô tô",
    "Tôi muốn đăng ký khai sinh cho con thì cần những giấy tờ gì và nộp ở đâu ạ",
    "thu tuc cap doi giay phep lai xe khi bi mat thi lam the nao",
    "hồ sơ đề nghị cấp lý lịch tư pháp gồm những gì",
    "xin hỏi lệ phí đăng ký kết hôn có yếu tố nước ngoài là bao nhiêu",
    /* nothing, and words no procedure has together */
    "zzzz qqqq", "khai sinh xây dựng hộ chiếu",
};

struct fixture {
    struct test_db t;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct import_report rep;
    if (test_db_open(&f->t, "catalog_mem") != 0)
        return -1;
    import_report_init(&rep);
    const char *national = getenv("SEARCH_COMPARE_NATIONAL");
    bool big = !test_db_pg() || (national && strcmp(national, "1") == 0);
    const char *path = big && access(NATIONAL, R_OK) == 0 ? NATIONAL : DEMO;
    if (catalog_import_national(f->t.db, path, NULL, &rep, NULL) != MC_OK)
        return -1;
    import_report_release(&rep);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    catalog_search_memory_stop();
    test_db_close(&f->t);
    free(f);
    return 0;
}

static bool close_to(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1.0, fabs(a));
}

/* The answers to q from the database (db) and from memory (mem) are the same. */
static void same(const struct catalog_query *q, struct catalog_result *db,
                 struct catalog_result *mem)
{
    if (db->total != mem->total || db->n != mem->n || db->any_word != mem->any_word)
        fail_msg("%s: %zu of %lld (any %d) in the database, %zu of %lld (any %d) in memory",
                 q->q, db->n, (long long)db->total, db->any_word, mem->n,
                 (long long)mem->total, mem->any_word);
    if ((db->corrected == NULL) != (mem->corrected == NULL)
        || (db->corrected && strcmp(db->corrected, mem->corrected) != 0))
        fail_msg("%s: corrected to \"%s\" (database), \"%s\" (memory)", q->q,
                 db->corrected ? db->corrected : "", mem->corrected ? mem->corrected : "");
    for (size_t i = 0; i < db->n; i++) {
        if (!close_to(db->items[i].score, mem->items[i].score))
            fail_msg("%s: #%zu scores %.12g (database), %.12g (memory)", q->q, i + 1,
                     db->items[i].score, mem->items[i].score);
        /* Equal scores come by code in both; different ones in the same order. */
        if (strcmp(db->items[i].code, mem->items[i].code) != 0)
            fail_msg("%s: #%zu is %s (database), %s (memory)", q->q, i + 1,
                     db->items[i].code, mem->items[i].code);
        assert_string_equal(db->items[i].name, mem->items[i].name);
        assert_string_equal(db->items[i].field, mem->items[i].field);
        assert_int_equal(db->items[i].levels, mem->items[i].levels);
        assert_int_equal(db->items[i].online_level, mem->items[i].online_level);
    }
}

/*
 * The n queries searched in the database, then in memory (one copy for
 * all, as a server makes it): the same answers.
 */
static void compare(struct fixture *f, const struct catalog_query *qs, size_t n)
{
    struct catalog_result *db = calloc(n, sizeof(*db)), mem;
    catalog_search_memory_stop();
    for (size_t i = 0; i < n; i++) {
        catalog_result_init(&db[i]);
        assert_int_equal(catalog_search(f->t.db, &qs[i], &db[i]), MC_OK);
    }
    assert_int_equal(catalog_search_memory_start(f->t.db), MC_OK);
    for (size_t i = 0; i < n; i++) {
        catalog_result_init(&mem);
        assert_int_equal(catalog_search(f->t.db, &qs[i], &mem), MC_OK);
        same(&qs[i], &db[i], &mem);
        catalog_result_release(&mem);
        catalog_result_release(&db[i]);
    }
    free(db);
}

#define NQ (sizeof(QUERIES) / sizeof(QUERIES[0]))

static void test_same_answers_as_the_database(void **state)
{
    struct fixture *f = *state;
    struct catalog_query qs[4 * NQ];
    size_t n = 0;
    for (size_t i = 0; i < NQ; i++) {
        struct catalog_query q = {.q = QUERIES[i], .online = PROC_ONLINE_UNKNOWN};
        qs[n++] = q;        /* the default page */
        q.limit = 3;        /* the top 3 */
        qs[n++] = q;
        q.limit = 5;        /* a later page, and one past the last */
        q.offset = 5;
        qs[n++] = q;
        q.offset = 100000;
        qs[n++] = q;
    }
    compare(f, qs, n);
}

static void test_filters_as_the_database(void **state)
{
    static const char *const words[] = {"dang ky", "giay phep", "cap lai", "ho so xin viec"};
    struct fixture *f = *state;
    struct catalog_result r;
    struct catalog_query qs[5 * 4];
    size_t n = 0;
    catalog_result_init(&r);
    catalog_search_memory_stop();
    struct catalog_query any = {.q = "dang ky", .limit = 1, .online = PROC_ONLINE_UNKNOWN};
    assert_int_equal(catalog_search(f->t.db, &any, &r), MC_OK);
    assert_true(r.n == 1);
    char *field = strdup(r.items[0].field);
    unsigned levels = r.items[0].levels;
    catalog_result_release(&r);
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        struct catalog_query q = {.q = words[i], .field = field, .online = PROC_ONLINE_UNKNOWN};
        qs[n++] = q;
        q.field = NULL;
        q.level = levels;
        qs[n++] = q;
        q.level = 0;
        q.online = PROC_ONLINE_FULL;
        qs[n++] = q;
        q.online = PROC_ONLINE_UNKNOWN;
        q.agency = "Bộ Tư pháp";
        qs[n++] = q;
        q.agency = "ủy ban nhân dân";
        qs[n++] = q;
    }
    compare(f, qs, n);
    free(field);
}

/* The top code for text, from memory. */
static char *top_code(struct fixture *f, const char *text)
{
    struct catalog_query q = {.q = text, .limit = 1, .online = PROC_ONLINE_UNKNOWN};
    struct catalog_result r;
    char *code = NULL;
    catalog_result_init(&r);
    assert_int_equal(catalog_search(f->t.db, &q, &r), MC_OK);
    if (r.n > 0 && !r.any_word)
        code = strdup(r.items[0].code);
    catalog_result_release(&r);
    return code;
}

static void test_a_save_is_searched_at_once(void **state)
{
    struct fixture *f = *state;
    struct catalog_query q = {.q = "ho chieu", .limit = 1, .online = PROC_ONLINE_UNKNOWN};
    struct catalog_result r;
    struct procedure p;
    enum catalog_save_outcome o;
    catalog_result_init(&r);
    assert_int_equal(catalog_search_memory_start(f->t.db), MC_OK);
    assert_int_equal(catalog_search(f->t.db, &q, &r), MC_OK);
    assert_true(r.n == 1);
    char *code = strdup(r.items[0].code);
    catalog_result_release(&r);
    assert_null(top_code(f, "xylophonium quazarit"));
    procedure_init(&p);
    assert_int_equal(catalog_get(f->t.db, code, &p, NULL), MC_OK);
    free(p.name);
    p.name = strdup("Thủ tục kiểm thử xylophonium quazarit");
    assert_int_equal(catalog_save(f->t.db, NULL, &p, &o, NULL), MC_OK);
    procedure_release(&p);
    char *found = top_code(f, "Xylophonium Quazarit");
    assert_non_null(found);
    assert_string_equal(found, code);
    free(found);
    /* The old words: the same answer as the database's, without it first. */
    compare(f, &q, 1);
    catalog_result_init(&r);
    assert_int_equal(catalog_search(f->t.db, &q, &r), MC_OK);
    assert_true(r.n == 0 || strcmp(r.items[0].code, code) != 0);
    catalog_result_release(&r);
    free(code);
}

/*
 * A search that reads an older version than the copy's (a replica behind
 * the primary, while another request read the primary) is answered by the
 * copy, not by building it again; only a newer version builds.
 */
static void test_an_older_version_keeps_the_copy(void **state)
{
    struct fixture *f = *state;
    int64_t v = 0;
    assert_int_equal(catalog_search_memory_start(f->t.db), MC_OK);
    assert_int_equal(catalog_data_version(f->t.db, &v), MC_OK);
    struct catalog_mem *now = catalog_mem_get(f->t.db, v);
    assert_non_null(now);
    struct catalog_mem *behind = catalog_mem_get(f->t.db, v - 1);
    assert_ptr_equal(behind, now);
    catalog_mem_put(behind);
    struct catalog_mem *again = catalog_mem_get(f->t.db, v);
    assert_ptr_equal(again, now);
    catalog_mem_put(again);
    catalog_mem_put(now);
}

/* Give the builder thread a moment. */
static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/*
 * With the builder thread, a search that finds the copy old is answered
 * by the database and leaves the build to the thread: while the thread
 * cannot get a connection, no copy of the new version exists, whatever
 * the searches; once it can, the copy follows.
 */
static void test_the_builder_builds_not_the_search(void **state)
{
    struct fixture *f = *state;
    struct db_pool *pool = db_pool_new(f->t.path);
    struct procedure p;
    enum catalog_save_outcome o;
    int64_t v = 0;
    db_pool_set_max(pool, 1);
    struct db *held = db_pool_get(pool);   /* the builder's only connection */
    assert_non_null(held);
    assert_int_equal(catalog_search_memory_start(f->t.db), MC_OK);
    assert_int_equal(catalog_search_memory_background(pool), MC_OK);
    char *code = top_code(f, "ho chieu");
    assert_non_null(code);
    procedure_init(&p);
    assert_int_equal(catalog_get(f->t.db, code, &p, NULL), MC_OK);
    free(p.name);
    p.name = strdup("Thủ tục kiểm thử tetrapyrrolit");
    assert_int_equal(catalog_save(f->t.db, NULL, &p, &o, NULL), MC_OK);
    procedure_release(&p);
    assert_int_equal(catalog_data_version(f->t.db, &v), MC_OK);
    /* Found at once, by the database; the builder waits for its connection. */
    for (int i = 0; i < 3; i++) {
        char *found = top_code(f, "tetrapyrrolit");
        assert_non_null(found);
        assert_string_equal(found, code);
        free(found);
    }
    assert_null(catalog_mem_get(f->t.db, v));
    db_pool_put(pool, held);
    struct catalog_mem *cm = NULL;
    for (int i = 0; i < 600 && !cm; i++) {   /* up to a minute on a loaded machine */
        cm = catalog_mem_get(f->t.db, v);
        if (!cm)
            pause_ms(100);
    }
    assert_non_null(cm);
    assert_true(cm->version >= v);
    catalog_mem_put(cm);
    catalog_search_memory_stop();   /* ends the thread before its pool goes */
    db_pool_free(pool);
    free(code);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_answers_as_the_database),
        cmocka_unit_test(test_filters_as_the_database),
        cmocka_unit_test(test_a_save_is_searched_at_once),
        cmocka_unit_test(test_an_older_version_keeps_the_copy),
        cmocka_unit_test(test_the_builder_builds_not_the_search),
    };
    return cmocka_run_group_tests_name("catalog/catalog_mem", tests, setup, teardown);
}
