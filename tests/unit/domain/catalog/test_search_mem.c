/*
 * test_search_mem.c - the in-memory copy of the catalogue's word index
 * (core/search_mem.h) ranks as the database does: for the catalogue's
 * test queries, with and without diacritics, every word and any word,
 * its top 3 equal the backend's {rank} fragment's (FTS5 on SQLite, the
 * inverted index on PostgreSQL), scores included.  The national
 * catalogue (../shared/data) when present, else the demo's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include "testdb.h"
#include "core/search_mem.h"
#include "core/text.h"
#include "domain/catalog/catalog-int.h"
#include "domain/catalog/catalog.h"

#define NATIONAL "../shared/data/thu_tuc_hanh_chinh/dvc_tthc_6_bo_nganh_2642.jsonl.gz"
#define DEMO "data/demo/procedures.jsonl"
#define TOP 3

static struct search_stmt S_TOP = {
    "test.search_mem_top",
    "SELECT id, r FROM ({rank procedure_fts ?1}) h ORDER BY r DESC, id LIMIT 3",
    {&catalog_index_words},
};
static struct search_stmt S_TOTAL = {
    "test.search_mem_total",
    "SELECT COUNT(*) FROM ({match procedure_fts ?1}) h",
    {&catalog_index_words},
};

static const char *const QUERIES[] = {
    "Đăng ký khai sinh", "dang ky khai sinh", "kết hôn", "ket hon", "ĐĂNG KÝ THƯỜNG TRÚ",
    "dang ky thuong tru", "giấy phép lái xe", "giay phep lai xe", "cấp lại căn cước",
    "cap lai can cuoc", "hộ chiếu", "ho chieu", "chứng thực bản sao", "chung thuc ban sao",
    "khai tử", "khai tu", "giấy phép xây dựng", "giay phep xay dung", "đăng ký doanh nghiệp",
    "dang ky doanh nghiep", "lý lịch tư pháp", "ly lich tu phap",
};

struct fixture {
    struct test_db t;
    struct search_mem *m;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct import_report rep;
    if (test_db_open(&f->t, "search_mem") != 0)
        return -1;
    import_report_init(&rep);
    const char *path = access(NATIONAL, R_OK) == 0 ? NATIONAL : DEMO;
    if (catalog_import_national(f->t.db, path, NULL, &rep, NULL) != MC_OK)
        return -1;
    import_report_release(&rep);
    if (search_mem_load(f->t.db, &catalog_index_words, &f->m) != MC_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    search_mem_free(f->m);
    test_db_close(&f->t);
    free(f);
    return 0;
}

/* Fold text and cut it into words (pointers into words_buf); returns how many. */
static size_t words_of(const char *text, struct buf *folded, struct search_term *terms,
                       size_t max)
{
    size_t n = 0;
    buf_reset(folded);
    assert_int_equal(text_fold(text, strlen(text), folded), MC_OK);
    for (char *p = folded->data; p && *p && n < max;) {
        while (*p == ' ')
            *p++ = '\0';
        if (!*p)
            break;
        terms[n++] = (struct search_term){p, false};
        while (*p && *p != ' ')
            p++;
    }
    return n;
}

static bool close_to(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1.0, fabs(a));
}

/* The backend's top 3 and total for q against the in-memory copy's. */
static void compare(struct fixture *f, const struct search_query *q, const char *what)
{
    struct buf expr;
    struct db_stmt *s = NULL;
    struct search_hit db_hits[TOP], mem_hits[TOP];
    size_t ndb = 0, nmem = 0, mem_total = 0;
    int64_t db_total = -1;
    bool row = true;
    buf_init(&expr, BUF_MAX_SMALL);
    assert_int_equal(search_expr(f->t.db, &catalog_index_words, q, &expr), MC_OK);
    assert_int_equal(search_query_start(f->t.db, &S_TOP, &s, "s", buf_cstr(&expr)), MC_OK);
    while (ndb < TOP && db_step(s, &row) == MC_OK && row) {
        db_hits[ndb].id = db_col_int64(s, 0);
        db_hits[ndb++].r = db_col_double(s, 1);
    }
    db_done(s);
    assert_int_equal(search_get_int(f->t.db, &S_TOTAL, &db_total, "s", buf_cstr(&expr)),
                     MC_OK);
    buf_release(&expr);
    assert_int_equal(search_mem_top(f->m, q, TOP, mem_hits, &nmem, &mem_total), MC_OK);
    if (nmem != ndb || (int64_t)mem_total != db_total)
        fail_msg("%s: %zu hits of %zu in memory, %zu of %lld in the database", what, nmem,
                 mem_total, ndb, (long long)db_total);
    for (size_t i = 0; i < ndb; i++) {
        if (!close_to(db_hits[i].r, mem_hits[i].r))
            fail_msg("%s: #%zu scores %.12g (database) and %.12g (memory)", what, i + 1,
                     db_hits[i].r, mem_hits[i].r);
        /* Equal scores may come in either order; different ones may not. */
        if (db_hits[i].id != mem_hits[i].id && !close_to(db_hits[i].r, mem_hits[i].r))
            fail_msg("%s: #%zu is %lld (database), %lld (memory)", what, i + 1,
                     (long long)db_hits[i].id, (long long)mem_hits[i].id);
    }
}

static void test_top3_equals_the_database(void **state)
{
    struct fixture *f = *state;
    struct buf folded;
    struct search_term terms[16];
    buf_init(&folded, BUF_MAX_SMALL);
    assert_true(search_mem_count(f->m) >= 12);
    for (size_t i = 0; i < sizeof(QUERIES) / sizeof(QUERIES[0]); i++) {
        size_t n = words_of(QUERIES[i], &folded, terms, 16);
        assert_true(n > 0);
        struct search_query q = {SEARCH_ALL, NULL, terms, n};
        compare(f, &q, QUERIES[i]);
        q.mode = SEARCH_ANY;
        compare(f, &q, QUERIES[i]);
        terms[n - 1].prefix = true;   /* as typed so far: the last word a prefix */
        q.mode = SEARCH_ALL;
        compare(f, &q, QUERIES[i]);
    }
    buf_release(&folded);
}

static void test_with_and_without_diacritics_agree(void **state)
{
    struct fixture *f = *state;
    struct buf a, b;
    struct search_term ta[16], tb[16];
    struct search_hit ha[TOP], hb[TOP];
    size_t na = 0, nb = 0;
    buf_init(&a, BUF_MAX_SMALL);
    buf_init(&b, BUF_MAX_SMALL);
    for (size_t i = 0; i + 1 < sizeof(QUERIES) / sizeof(QUERIES[0]); i += 2) {
        struct search_query qa = {SEARCH_ALL, NULL, ta, words_of(QUERIES[i], &a, ta, 16)};
        struct search_query qb = {SEARCH_ALL, NULL, tb, words_of(QUERIES[i + 1], &b, tb, 16)};
        assert_int_equal(search_mem_top(f->m, &qa, TOP, ha, &na, NULL), MC_OK);
        assert_int_equal(search_mem_top(f->m, &qb, TOP, hb, &nb, NULL), MC_OK);
        assert_int_equal(na, nb);
        for (size_t j = 0; j < na; j++)
            assert_int_equal(ha[j].id, hb[j].id);
    }
    buf_release(&a);
    buf_release(&b);
}

static void test_refuses_what_it_cannot_rank(void **state)
{
    struct fixture *f = *state;
    struct search_term t[2] = {{"khai", false}, {"sinh", false}};
    struct search_hit h[TOP];
    size_t n = 9;
    struct search_query phrase = {SEARCH_PHRASE, NULL, t, 2};
    struct search_query column = {SEARCH_ALL, "name", t, 2};
    struct search_query empty = {SEARCH_ALL, NULL, t, 0};
    assert_int_equal(search_mem_top(f->m, &phrase, TOP, h, &n, NULL), MC_ERR_INVALID);
    assert_int_equal(n, 0);
    assert_int_equal(search_mem_top(f->m, &column, TOP, h, &n, NULL), MC_ERR_INVALID);
    assert_int_equal(search_mem_top(f->m, &empty, TOP, h, &n, NULL), MC_ERR_INVALID);
    struct search_term none = {"khongcotu", false};
    struct search_query q = {SEARCH_ANY, NULL, &none, 1};
    assert_int_equal(search_mem_top(f->m, &q, TOP, h, &n, NULL), MC_OK);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_top3_equals_the_database),
        cmocka_unit_test(test_with_and_without_diacritics_agree),
        cmocka_unit_test(test_refuses_what_it_cannot_rank),
    };
    return cmocka_run_group_tests_name("catalog/search_mem", tests, setup, teardown);
}
