/*
 * test_search.c - the search interface (core/search.h) on the SQLite
 * backend: documents put, replaced and removed; every word, any word,
 * phrases, prefixes and one column; ranking by weighted columns; the
 * vocabulary's counts; fragments expanded in statements; bad queries and
 * bad statements refused; descriptors shared by threads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include "core/search.h"
#include "testdb.h"

static struct search_index ix_docs = {
    .name = "t_docs",
    .columns = {"title", "body"},
    .weights = {5.0, 1.0},
    .counts = "t_doc_counts",
};

static struct search_stmt S_IDS = {
    "test.ids", "SELECT id FROM ({match t_docs ?1}) ORDER BY id", {&ix_docs}};
static struct search_stmt S_RANKED = {
    "test.ranked", "SELECT h.id, h.r FROM ({rank t_docs ?1}) h ORDER BY h.r DESC, h.id",
    {&ix_docs}};
static struct search_stmt S_COUNT = {
    "test.count",
    "WITH a(id) AS ({match t_docs ?1}), b(id) AS ({match t_docs ?2})"
    " SELECT (SELECT COUNT(*) FROM a) * 10 + (SELECT COUNT(*) FROM b)",
    {&ix_docs}};
static struct search_stmt S_UNKNOWN = {
    "test.unknown", "SELECT id FROM ({match nowhere ?1})", {&ix_docs}};
static struct search_stmt S_MALFORMED = {
    "test.malformed", "SELECT id FROM ({match t_docs 1})", {&ix_docs}};
static struct search_stmt S_BAD_KIND = {
    "test.bad_kind", "SELECT id FROM ({find t_docs ?1})", {&ix_docs}};

static const struct db_query Q_COUNTS_TABLE = {
    "test.counts_table",
    "CREATE TABLE t_doc_counts (term TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID"};
static const struct db_query Q_TERM_DOC = {
    "test.term_doc", "SELECT doc FROM t_doc_counts WHERE term = ?1"};

struct doc {
    int64_t id;
    const char *title, *body;
};

static const struct doc docs[] = {
    {1, "dang ky khai sinh", "ho so giay to tuy than"},
    {2, "khai tu", "dang ky khai sinh cho con"},
    {3, "cap giay phep lai xe", "to khai"},
};

static enum mc_status put_all(struct db *db, void *arg)
{
    (void)arg;
    enum mc_status st = MC_OK;
    for (size_t i = 0; st == MC_OK && i < MC_ARRAY_LEN(docs); i++) {
        const char *cols[] = {docs[i].title, docs[i].body};
        st = search_put(db, &ix_docs, docs[i].id, cols);
    }
    if (st == MC_OK)
        st = search_refresh(db, &ix_docs);
    return st;
}

static int setup(void **state)
{
    struct test_db *t = calloc(1, sizeof(*t));
    if (test_db_open(t, "search") != 0 || search_index_create(t->db, &ix_docs) != MC_OK
        || db_run(t->db, &Q_COUNTS_TABLE, NULL, "") != MC_OK
        || db_tx(t->db, put_all, NULL) != MC_OK)
        return -1;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    struct test_db *t = *state;
    test_db_close(t);
    free(t);
    return 0;
}

/* The ids matching q as a string "1,2" ("" for none); -1 on error. */
static int ids_of(struct db *db, enum search_mode mode, const char *column,
                  const struct search_term *terms, size_t n, char *out, size_t size)
{
    struct search_query q = {mode, column, terms, n};
    struct buf expr;
    struct db_stmt *st = NULL;
    bool row = true;
    size_t len = 0;
    out[0] = '\0';
    buf_init(&expr, BUF_MAX_SMALL);
    enum mc_status rc = search_expr(db, &ix_docs, &q, &expr);
    if (rc == MC_OK)
        rc = search_query_start(db, &S_IDS, &st, "s", buf_cstr(&expr));
    while (rc == MC_OK) {
        rc = db_step(st, &row);
        if (rc != MC_OK || !row)
            break;
        len += (size_t)snprintf(out + len, size - len, "%s%lld", len ? "," : "",
                                (long long)db_col_int64(st, 0));
    }
    db_done(st);
    buf_release(&expr);
    return rc == MC_OK ? 0 : -1;
}

#define T(w) {(w), false}
#define P(w) {(w), true}

static void test_modes(void **state)
{
    struct test_db *t = *state;
    char ids[64];
    const struct search_term dang_ky[] = {T("dang"), T("ky")};
    assert_int_equal(ids_of(t->db, SEARCH_ALL, NULL, dang_ky, 2, ids, sizeof(ids)), 0);
    assert_string_equal(ids, "1,2");
    const struct search_term tu_xe[] = {T("tu"), T("xe")};
    assert_int_equal(ids_of(t->db, SEARCH_ANY, NULL, tu_xe, 2, ids, sizeof(ids)), 0);
    assert_string_equal(ids, "2,3");
    assert_int_equal(ids_of(t->db, SEARCH_ALL, NULL, tu_xe, 2, ids, sizeof(ids)), 0);
    assert_string_equal(ids, "");
    /* A phrase keeps the order; prefix flags are ignored in a phrase. */
    const struct search_term ky_khai[] = {T("ky"), P("khai")};
    assert_int_equal(ids_of(t->db, SEARCH_PHRASE, NULL, ky_khai, 2, ids, sizeof(ids)), 0);
    assert_string_equal(ids, "1,2");
    const struct search_term khai_ky[] = {T("khai"), T("ky")};
    assert_int_equal(ids_of(t->db, SEARCH_PHRASE, NULL, khai_ky, 2, ids, sizeof(ids)), 0);
    assert_string_equal(ids, "");
    /* Prefixes. */
    const struct search_term gia[] = {P("gia")};
    assert_int_equal(ids_of(t->db, SEARCH_ALL, NULL, gia, 1, ids, sizeof(ids)), 0);
    assert_string_equal(ids, "1,3");
    const struct search_term gia_exact[] = {T("gia")};
    assert_int_equal(ids_of(t->db, SEARCH_ALL, NULL, gia_exact, 1, ids, sizeof(ids)), 0);
    assert_string_equal(ids, "");
    /* One column. */
    const struct search_term khai[] = {T("khai")};
    assert_int_equal(ids_of(t->db, SEARCH_ALL, "title", khai, 1, ids, sizeof(ids)), 0);
    assert_string_equal(ids, "1,2");
    assert_int_equal(ids_of(t->db, SEARCH_ALL, "body", khai, 1, ids, sizeof(ids)), 0);
    assert_string_equal(ids, "2,3");
    assert_int_equal(ids_of(t->db, SEARCH_PHRASE, "title", dang_ky, 2, ids, sizeof(ids)), 0);
    assert_string_equal(ids, "1");
    assert_int_equal(ids_of(t->db, SEARCH_ANY, "title", tu_xe, 2, ids, sizeof(ids)), 0);
    assert_string_equal(ids, "2,3");
    /* A quote inside a word is a character to look for, not syntax. */
    const struct search_term quoted[] = {T("a\"b")};
    assert_int_equal(ids_of(t->db, SEARCH_ALL, NULL, quoted, 1, ids, sizeof(ids)), 0);
    assert_string_equal(ids, "");
}

/* The title weighs five times the body: a title match ranks first. */
static void test_ranking(void **state)
{
    struct test_db *t = *state;
    const struct search_term sinh[] = {T("sinh")};
    struct search_query q = {SEARCH_ALL, NULL, sinh, 1};
    struct buf expr;
    struct db_stmt *st = NULL;
    bool row = false;
    buf_init(&expr, BUF_MAX_SMALL);
    assert_int_equal(search_expr(t->db, &ix_docs, &q, &expr), MC_OK);
    assert_int_equal(search_query_start(t->db, &S_RANKED, &st, "s", buf_cstr(&expr)), MC_OK);
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_true(row);
    assert_int_equal(db_col_int64(st, 0), 1);   /* "sinh" in the title */
    double first = db_col_double(st, 1);
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_true(row);
    assert_int_equal(db_col_int64(st, 0), 2);   /* in the body only */
    assert_true(first > db_col_double(st, 1));
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_false(row);
    db_done(st);
    /* Two fragments in one statement, search_get_int. */
    const struct search_term xe[] = {T("xe")};
    struct search_query q2 = {SEARCH_ALL, NULL, xe, 1};
    struct buf expr2;
    buf_init(&expr2, BUF_MAX_SMALL);
    assert_int_equal(search_expr(t->db, &ix_docs, &q2, &expr2), MC_OK);
    int64_t n = 0;
    assert_int_equal(search_get_int(t->db, &S_COUNT, &n, "ss", buf_cstr(&expr),
                                    buf_cstr(&expr2)), MC_OK);
    assert_int_equal(n, 21);
    buf_release(&expr);
    buf_release(&expr2);
}

static enum mc_status change(struct db *db, void *arg)
{
    (void)arg;
    enum mc_status st = search_remove(db, &ix_docs, 2);
    if (st == MC_OK)
        st = search_remove(db, &ix_docs, 99);   /* not there: nothing */
    if (st == MC_OK)
        st = search_put_column(db, &ix_docs, 3, 1, "dang ky");
    if (st == MC_OK)
        st = search_refresh(db, &ix_docs);
    return st;
}

static void test_changes_and_counts(void **state)
{
    struct test_db *t = *state;
    char ids[64];
    int64_t doc = 0;
    assert_int_equal(db_get_int(t->db, &Q_TERM_DOC, &doc, "s", "khai"), MC_OK);
    assert_int_equal(doc, 3);
    assert_int_equal(db_get_int(t->db, &Q_TERM_DOC, &doc, "s", "sinh"), MC_OK);
    assert_int_equal(doc, 2);
    assert_int_equal(db_get_int(t->db, &Q_TERM_DOC, &doc, "s", "nowhere"), MC_ERR_NOT_FOUND);
    assert_int_equal(db_tx(t->db, change, NULL), MC_OK);
    const struct search_term dang_ky[] = {T("dang"), T("ky")};
    assert_int_equal(ids_of(t->db, SEARCH_ALL, NULL, dang_ky, 2, ids, sizeof(ids)), 0);
    assert_string_equal(ids, "1,3");
    const struct search_term khai[] = {T("khai")};
    assert_int_equal(ids_of(t->db, SEARCH_ALL, NULL, khai, 1, ids, sizeof(ids)), 0);
    assert_string_equal(ids, "1");     /* 3 lost its old body ("to khai") */
    const struct search_term xe[] = {T("xe")};
    assert_int_equal(ids_of(t->db, SEARCH_ALL, "title", xe, 1, ids, sizeof(ids)), 0);
    assert_string_equal(ids, "3");     /* and kept its title */
    assert_int_equal(db_get_int(t->db, &Q_TERM_DOC, &doc, "s", "sinh"), MC_OK);
    assert_int_equal(doc, 1);
    assert_int_equal(db_get_int(t->db, &Q_TERM_DOC, &doc, "s", "tu"), MC_ERR_NOT_FOUND);
}

static void test_bad_queries(void **state)
{
    struct test_db *t = *state;
    struct buf expr;
    buf_init(&expr, BUF_MAX_SMALL);
    const struct search_term ok[] = {T("khai")};
    const struct search_term empty[] = {T("")};
    const struct search_term spaced[] = {T("khai sinh")};
    const struct search_term null_word[] = {T(NULL)};
    struct search_query none = {SEARCH_ALL, NULL, ok, 0};
    assert_int_equal(search_expr(t->db, &ix_docs, &none, &expr), MC_ERR_INVALID);
    struct search_query q = {SEARCH_ALL, NULL, empty, 1};
    assert_int_equal(search_expr(t->db, &ix_docs, &q, &expr), MC_ERR_INVALID);
    q.terms = spaced;
    assert_int_equal(search_expr(t->db, &ix_docs, &q, &expr), MC_ERR_INVALID);
    q.terms = null_word;
    assert_int_equal(search_expr(t->db, &ix_docs, &q, &expr), MC_ERR_INVALID);
    q.terms = ok;
    q.column = "nowhere";
    assert_int_equal(search_expr(t->db, &ix_docs, &q, &expr), MC_ERR_INVALID);
    assert_int_equal(expr.len, 0);
    /* Too long for the buffer. */
    struct buf tiny;
    buf_init(&tiny, 4);
    q.column = NULL;
    assert_int_equal(search_expr(t->db, &ix_docs, &q, &tiny), MC_ERR_TOO_LARGE);
    buf_release(&tiny);
    buf_release(&expr);
}

static void test_bad_statements(void **state)
{
    struct test_db *t = *state;
    struct db_stmt *st = (struct db_stmt *)&st;
    assert_int_equal(search_query_start(t->db, &S_UNKNOWN, &st, "s", "x"), MC_ERR_INTERNAL);
    assert_null(st);
    assert_int_equal(search_query_start(t->db, &S_MALFORMED, &st, "s", "x"), MC_ERR_INTERNAL);
    assert_int_equal(search_query_start(t->db, &S_BAD_KIND, &st, "s", "x"), MC_ERR_INTERNAL);
    int64_t n = 0;
    assert_int_equal(search_get_int(t->db, &S_UNKNOWN, &n, "s", "x"), MC_ERR_INTERNAL);
    /* An index with a bad name is refused before any SQL is made. */
    static struct search_index bad = {.name = "bad name", .columns = {"a"}, .weights = {1.0}};
    const char *cols[] = {"x"};
    assert_int_equal(search_put(t->db, &bad, 1, cols), MC_ERR_INTERNAL);
    assert_int_equal(search_remove(t->db, &bad, 1), MC_ERR_INTERNAL);
    assert_int_equal(search_put_column(t->db, &ix_docs, 1, 5, "x"), MC_ERR_INTERNAL);
}

/* Threads on their own connections share the descriptors' generated SQL. */
struct worker {
    const char *path;
    int hits;
};

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    struct db *db = NULL;
    char ids[64];
    const struct search_term khai[] = {T("khai")};
    if (db_open(w->path, &db) == MC_OK)
        for (int i = 0; i < 20; i++)
            w->hits += ids_of(db, SEARCH_ANY, NULL, khai, 1, ids, sizeof(ids)) == 0
                       && strcmp(ids, "1,2,3") == 0;
    db_close(db);
    return NULL;
}

static void test_threads(void **state)
{
    struct test_db *t = *state;
    pthread_t th[4];
    struct worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (struct worker){t->path, 0};
        assert_int_equal(pthread_create(&th[i], NULL, worker_run, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(w[i].hits, 20);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_modes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ranking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changes_and_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_queries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_statements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
    };
    return cmocka_run_group_tests_name("core/search", tests, NULL, NULL);
}
