/*
 * test_db_postgres.c - the PostgreSQL backend (core/db_postgres.c,
 * core/search_pg.c) against a real server: column types and values,
 * placeholders, parameters the server cannot type, constraint and
 * serialization failures, transactions that conflict and are retried,
 * the pool's size limit, a connection killed under it, and search ranks
 * equal to SQLite's FTS5 bm25 on the same documents.
 *
 * Runs on the PostgreSQL lane of scripts/test.sh (MOTCUA_TEST_PG, see
 * tests/unit/testdb.h); skipped elsewhere.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include "core/search.h"
#include "testdb.h"

#define SKIP_WITHOUT_PG()        \
    do {                         \
        if (!test_db_pg()) {     \
            skip();              \
            return;              \
        }                        \
    } while (0)

static const struct db_query Q_ECHO = {
    "test.echo", "SELECT '?1 stays' AS q, ?1 AS v, CASE WHEN ?2 IS NULL THEN 'none' ELSE ?2 END"};
static const struct db_query Q_T = {
    "test.t", "CREATE TABLE t (k text PRIMARY KEY, n bigint NOT NULL CHECK (n >= 0))"};
static const struct db_query Q_T_PUT = {"test.t_put", "INSERT INTO t (k, n) VALUES (?1, ?2)"};
static const struct db_query Q_T_GET = {"test.t_get", "SELECT n FROM t WHERE k = ?1"};
static const struct db_query Q_T_SET = {"test.t_set", "UPDATE t SET n = ?2 WHERE k = ?1"};

static void test_capabilities_and_values(void **state)
{
    (void)state;
    SKIP_WITHOUT_PG();
    struct test_db t;
    struct db_stmt *st = NULL;
    bool row = false;
    assert_int_equal(test_db_open(&t, "pg"), 0);
    assert_string_equal(db_backend_name(t.db), "postgresql");
    assert_string_equal(db_dialect(t.db), "postgres");
    assert_true(db_can(t.db, DB_CAP_SHARED | DB_CAP_SEARCH_TRGM | DB_CAP_DEFER_COMMIT));
    assert_false(db_can(t.db, DB_CAP_SINGLE_WRITER));
    assert_true(db_can(t.db, DB_CAP_GROUP_COMMIT));   /* batches of db_tx_grouped */
    assert_int_equal(db_prepare_text(t.db,
                                     "SELECT 7::bigint AS i, 2.5::float8 AS r, 'chữ' AS s,"
                                     " '\\x00ff10'::bytea AS b, NULL AS n, true AS yes,"
                                     " 12::numeric AS whole, 1.25::numeric AS part;",
                                     &st), MC_OK);
    assert_int_equal(db_col_count(st), 8);
    assert_string_equal(db_col_name(st, 4), "n");
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_true(row);
    assert_int_equal(db_col_type(st, 0), DB_TYPE_INT);
    assert_int_equal(db_col_int64(st, 0), 7);
    assert_int_equal(db_col_type(st, 1), DB_TYPE_REAL);
    assert_true(db_col_double(st, 1) == 2.5);
    assert_int_equal(db_col_type(st, 2), DB_TYPE_TEXT);
    assert_string_equal(db_col_text(st, 2), "chữ");
    assert_int_equal(db_col_type(st, 3), DB_TYPE_BLOB);
    assert_int_equal(db_col_len(st, 3), 3);
    assert_memory_equal(db_col_blob(st, 3), "\x00\xff\x10", 3);
    assert_int_equal(db_col_type(st, 4), DB_TYPE_NULL);
    assert_true(db_col_is_null(st, 4));
    assert_string_equal(db_col_text(st, 4), "");
    assert_int_equal(db_col_int64(st, 5), 1);
    assert_int_equal(db_col_type(st, 6), DB_TYPE_INT);
    assert_int_equal(db_col_int64(st, 6), 12);
    assert_int_equal(db_col_type(st, 7), DB_TYPE_REAL);
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_false(row);
    db_stmt_free(st);
    /* A second statement in ad-hoc text is refused. */
    assert_int_equal(db_prepare_text(t.db, "SELECT 1; SELECT 2", &st), MC_ERR_INVALID);
    test_db_close(&t);
}

static void test_placeholders_and_untyped(void **state)
{
    (void)state;
    SKIP_WITHOUT_PG();
    struct test_db t;
    struct db_stmt *st = NULL;
    bool row = false;
    assert_int_equal(test_db_open(&t, "pg"), 0);
    assert_int_equal(db_query_start(t.db, &Q_ECHO, &st, "sn", "x"), MC_OK);
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_true(row);
    assert_string_equal(db_col_text(st, 0), "?1 stays");   /* not rewritten in quotes */
    assert_string_equal(db_col_text(st, 1), "x");
    assert_string_equal(db_col_text(st, 2), "none");       /* ?2 IS NULL typed as text */
    db_done(st);
    assert_int_equal(db_query_start(t.db, &Q_ECHO, &st, "ss", "y", "z"), MC_OK);
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_string_equal(db_col_text(st, 2), "z");
    db_done(st);
    test_db_close(&t);
}

static void test_constraints(void **state)
{
    (void)state;
    SKIP_WITHOUT_PG();
    struct test_db t;
    int64_t n = 0, changes = 0;
    assert_int_equal(test_db_open(&t, "pg"), 0);
    assert_int_equal(db_run(t.db, &Q_T, NULL, ""), MC_OK);
    assert_int_equal(db_run(t.db, &Q_T_PUT, &changes, "si", "a", (int64_t)1), MC_OK);
    assert_int_equal(changes, 1);
    assert_int_equal(db_run(t.db, &Q_T_PUT, NULL, "si", "a", (int64_t)2), MC_ERR_CONFLICT);
    assert_int_equal(db_run(t.db, &Q_T_PUT, NULL, "si", "b", (int64_t)-1), MC_ERR_CONFLICT);
    assert_int_equal(db_get_int(t.db, &Q_T_GET, &n, "s", "a"), MC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(db_get_int(t.db, &Q_T_GET, &n, "s", "zz"), MC_ERR_NOT_FOUND);
    test_db_close(&t);
}

/* ---------------------------------------------------------------- conflicting writers */

struct racer {
    const char *url;
    int rounds;
    enum mc_status st;
};

/* Read n, then write n + 1: a lost update unless conflicts are retried. */
static enum mc_status bump_tx(struct db *db, void *arg)
{
    (void)arg;
    int64_t n = 0;
    enum mc_status st = db_get_int(db, &Q_T_GET, &n, "s", "k");
    if (st == MC_OK)
        st = db_run(db, &Q_T_SET, NULL, "si", "k", n + 1);
    return st;
}

static void *racer_main(void *arg)
{
    struct racer *r = arg;
    struct db *db = NULL;
    r->st = db_open(r->url, &db);
    for (int i = 0; r->st == MC_OK && i < r->rounds; i++)
        r->st = db_tx(db, bump_tx, NULL);
    db_close(db);
    return NULL;
}

static void test_serializable_retries(void **state)
{
    (void)state;
    SKIP_WITHOUT_PG();
    struct test_db t;
    pthread_t th[4];
    struct racer r[4];
    int64_t n = 0;
    assert_int_equal(test_db_open(&t, "pg"), 0);
    assert_int_equal(db_run(t.db, &Q_T, NULL, ""), MC_OK);
    assert_int_equal(db_run(t.db, &Q_T_PUT, NULL, "si", "k", (int64_t)0), MC_OK);
    for (int i = 0; i < 4; i++) {
        r[i] = (struct racer){t.path, 25, MC_ERR_INTERNAL};
        assert_int_equal(pthread_create(&th[i], NULL, racer_main, &r[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(r[i].st, MC_OK);
    }
    assert_int_equal(db_get_int(t.db, &Q_T_GET, &n, "s", "k"), MC_OK);
    assert_int_equal(n, 100);   /* no update lost: conflicts were retried */
    test_db_close(&t);
}

/* ---------------------------------------------------------------- grouped batches */

static const struct db_query Q_T_ADD = {
    "test.t_add", "INSERT INTO t (k, n) VALUES (?1, 1)"};

struct grouper {
    const char *url;
    int id;
    int rounds;
    int ok, conflicts;
    enum mc_status st;
};

/*
 * Bump the shared counter "k" and add a row of one's own; every seventh
 * round adds a row that is already there, so that item fails alone.
 */
static enum mc_status group_tx(struct db *db, void *arg)
{
    const char *key = arg;
    enum mc_status st = bump_tx(db, NULL);
    if (st == MC_OK)
        st = db_run(db, &Q_T_ADD, NULL, "s", key);
    return st;
}

static void *grouper_main(void *arg)
{
    struct grouper *g = arg;
    struct db *db = NULL;
    char key[32];
    g->st = db_open(g->url, &db);
    for (int i = 0; g->st == MC_OK && i < g->rounds; i++) {
        if (i % 7 == 6)
            snprintf(key, sizeof(key), "dup");
        else
            snprintf(key, sizeof(key), "g%d-%d", g->id, i);
        enum mc_status st = db_tx_grouped(db, group_tx, key);
        if (st == MC_OK)
            g->ok++;
        else if (st == MC_ERR_CONFLICT)
            g->conflicts++;
        else
            g->st = st;
    }
    db_close(db);
    return NULL;
}

static const struct db_query Q_T_COUNT = {"test.t_count", "SELECT COUNT(*) FROM t"};

static void test_grouped_batches(void **state)
{
    (void)state;
    SKIP_WITHOUT_PG();
    struct test_db t;
    enum { THREADS = 6, ROUNDS = 21 };
    pthread_t th[THREADS];
    struct grouper g[THREADS];
    int64_t n = 0, rows = 0;
    int ok = 0, conflicts = 0;
    assert_int_equal(test_db_open(&t, "pg"), 0);
    assert_int_equal(db_run(t.db, &Q_T, NULL, ""), MC_OK);
    assert_int_equal(db_run(t.db, &Q_T_PUT, NULL, "si", "k", (int64_t)0), MC_OK);
    assert_int_equal(db_run(t.db, &Q_T_PUT, NULL, "si", "dup", (int64_t)0), MC_OK);
    for (int i = 0; i < THREADS; i++) {
        g[i] = (struct grouper){t.path, i, ROUNDS, 0, 0, MC_ERR_INTERNAL};
        assert_int_equal(pthread_create(&th[i], NULL, grouper_main, &g[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(g[i].st, MC_OK);
        ok += g[i].ok;
        conflicts += g[i].conflicts;
    }
    /* Each failed item was undone alone: its bump too, nobody else's. */
    assert_int_equal(conflicts, THREADS * (ROUNDS / 7));
    assert_int_equal(ok, THREADS * ROUNDS - conflicts);
    assert_int_equal(db_get_int(t.db, &Q_T_GET, &n, "s", "k"), MC_OK);
    assert_int_equal(n, ok);   /* no update lost, none of a failed item kept */
    assert_int_equal(db_get_int(t.db, &Q_T_COUNT, &rows, ""), MC_OK);
    assert_int_equal(rows, 2 + ok);
    test_db_close(&t);
}

/* ---------------------------------------------------------------- pool */

struct getter {
    struct db_pool *pool;
    struct db *db;
};

static void *getter_main(void *arg)
{
    struct getter *g = arg;
    g->db = db_pool_get(g->pool);
    return NULL;
}

static const struct db_query Q_PID = {"test.pid", "SELECT pg_backend_pid()"};
static const struct db_query Q_KILL = {"test.kill", "SELECT pg_terminate_backend(?1::int)"};
static const struct db_query Q_ONE = {"test.one", "SELECT 1"};

static void test_pool_limit_and_broken_connection(void **state)
{
    (void)state;
    SKIP_WITHOUT_PG();
    struct test_db t;
    unsigned open = 0, idle = 0, peak = 0;
    int64_t pid = 0, one = 0;
    pthread_t th;
    assert_int_equal(test_db_open(&t, "pg"), 0);
    struct db_pool *pool = db_pool_new(t.path);
    db_pool_set_max(pool, 1);
    struct db *a = db_pool_get(pool);
    assert_non_null(a);
    struct getter g = {pool, NULL};
    assert_int_equal(pthread_create(&th, NULL, getter_main, &g), 0);
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
    db_pool_usage(pool, &open, &idle, &peak);
    assert_int_equal(open, 1);   /* the second get waits: at most one open */
    /* The server ends a's session: its next statement is an I/O error. */
    assert_int_equal(db_get_int(a, &Q_PID, &pid, ""), MC_OK);
    assert_int_equal(db_get_int(t.db, &Q_KILL, &one, "i", pid), MC_OK);
    assert_int_equal(db_get_int(a, &Q_ONE, &one, ""), MC_ERR_IO);
    db_pool_put(pool, a);   /* dropped, not kept: the waiter opens a new one */
    pthread_join(th, NULL);
    assert_non_null(g.db);
    assert_int_equal(db_get_int(g.db, &Q_ONE, &one, ""), MC_OK);
    assert_int_equal(one, 1);
    db_pool_put(pool, g.db);
    db_pool_usage(pool, &open, &idle, &peak);
    assert_int_equal(open, 1);
    assert_int_equal(idle, 1);
    assert_int_equal(peak, 1);
    db_pool_free(pool);
    test_db_close(&t);
}

/* Leases: one connection at a time holds a name, whoever asks. */
static void test_leases(void **state)
{
    (void)state;
    SKIP_WITHOUT_PG();
    struct test_db t;
    struct db *other = NULL;
    bool held = false;
    assert_int_equal(test_db_open(&t, "pg"), 0);
    assert_int_equal(db_open(t.path, &other), MC_OK);
    assert_int_equal(db_lease(t.db, "outbox", true, &held), MC_OK);
    assert_true(held);
    assert_int_equal(db_lease(other, "outbox", true, &held), MC_OK);
    assert_false(held);   /* the other server skips this run */
    assert_int_equal(db_lease(other, "sweep", true, &held), MC_OK);
    assert_true(held);    /* another name is another lease */
    assert_int_equal(db_lease(t.db, "outbox", false, NULL), MC_OK);
    assert_int_equal(db_lease(other, "outbox", true, &held), MC_OK);
    assert_true(held);
    db_close(other);
    test_db_close(&t);
}

/* ---------------------------------------------------------------- search ranks */

static struct search_index ix_rank = {
    .name = "t_rank",
    .columns = {"name", "field", "body"},
    .weights = {10.0, 4.0, 0.5},
};

static struct search_stmt S_RANK = {
    "test.rank", "SELECT h.id, h.r FROM ({rank t_rank ?1}) h ORDER BY h.r DESC, h.id",
    {&ix_rank}};

static const char *const rank_docs[][3] = {
    {"dang ky khai sinh", "ho tich", "nop to khai dang ky khai sinh tai ubnd xa"},
    {"dang ky ket hon", "ho tich", "hai ben nam nu dang ky tai ubnd"},
    {"cap giay phep xay dung", "xay dung", "ho so de nghi cap giay phep xay dung nha o"},
    {"khai tu", "ho tich", "to khai tu ban sao giay bao tu dang ky khai tu"},
    {"cap lai giay khai sinh", "ho tich", "ban sao khai sinh giay to tuy than"},
};

static enum mc_status put_rank_docs(struct db *db, void *arg)
{
    (void)arg;
    enum mc_status st = MC_OK;
    for (size_t i = 0; st == MC_OK && i < MC_ARRAY_LEN(rank_docs); i++)
        st = search_put(db, &ix_rank, (int64_t)i + 1, rank_docs[i]);
    return st;
}

/* The ids and ranks of q over ix_rank on db, into ids/r (at most 8); their count. */
static size_t ranks(struct db *db, const struct search_query *q, int64_t *ids, double *r)
{
    struct buf expr;
    struct db_stmt *st = NULL;
    bool row = true;
    size_t n = 0;
    buf_init(&expr, BUF_MAX_SMALL);
    assert_int_equal(search_expr(db, &ix_rank, q, &expr), MC_OK);
    assert_int_equal(search_query_start(db, &S_RANK, &st, "s", buf_cstr(&expr)), MC_OK);
    while (n < 8 && db_step(st, &row) == MC_OK && row) {
        ids[n] = db_col_int64(st, 0);
        r[n++] = db_col_double(st, 1);
    }
    db_done(st);
    buf_release(&expr);
    return n;
}

static void test_search_ranks_as_sqlite(void **state)
{
    (void)state;
    SKIP_WITHOUT_PG();
    struct test_db t;
    struct db *lite = NULL;
    struct search_term khai[] = {{"khai", false}, {"sinh", false}};
    struct search_term dang[] = {{"dang", false}, {"ky", false}};
    struct search_term pre[] = {{"gia", true}};
    struct search_term any[] = {{"ket", false}, {"tu", false}, {"xay", false}};
    const struct search_query queries[] = {
        {SEARCH_ALL, NULL, khai, 2},   {SEARCH_ALL, "name", dang, 2},
        {SEARCH_ALL, NULL, pre, 1},    {SEARCH_ANY, NULL, any, 3},
        {SEARCH_PHRASE, NULL, khai, 2}, {SEARCH_PHRASE, "name", dang, 2},
    };
    assert_int_equal(test_db_open(&t, "pg"), 0);
    assert_int_equal(db_open("sqlite::memory:", &lite), MC_OK);
    assert_int_equal(search_index_create(t.db, &ix_rank), MC_OK);
    assert_int_equal(search_index_create(lite, &ix_rank), MC_OK);
    assert_int_equal(db_tx(t.db, put_rank_docs, NULL), MC_OK);
    assert_int_equal(db_tx(lite, put_rank_docs, NULL), MC_OK);
    for (size_t i = 0; i < MC_ARRAY_LEN(queries); i++) {
        int64_t id_pg[8], id_lite[8];
        double r_pg[8], r_lite[8];
        size_t n_pg = ranks(t.db, &queries[i], id_pg, r_pg);
        size_t n_lite = ranks(lite, &queries[i], id_lite, r_lite);
        assert_true(n_lite > 0);
        assert_int_equal(n_pg, n_lite);
        for (size_t k = 0; k < n_pg; k++) {
            assert_int_equal(id_pg[k], id_lite[k]);
            /* phrases are ranked by their words on PostgreSQL: same order, not same r */
            if (queries[i].mode != SEARCH_PHRASE)
                assert_true(fabs(r_pg[k] - r_lite[k]) < 1e-9 * fabs(r_lite[k]) + 1e-12);
        }
    }
    db_close(lite);
    test_db_close(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capabilities_and_values),
        cmocka_unit_test(test_placeholders_and_untyped),
        cmocka_unit_test(test_constraints),
        cmocka_unit_test(test_serializable_retries),
        cmocka_unit_test(test_grouped_batches),
        cmocka_unit_test(test_pool_limit_and_broken_connection),
        cmocka_unit_test(test_leases),
        cmocka_unit_test(test_search_ranks_as_sqlite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
