/* test_db.c - unit tests for core/db with the SQLite backend. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "core/assets.h"
#include "core/clock.h"
#include "core/db.h"

struct fixture {
    char dir[64];
    char path[96];
    struct db *db;
};

static void remove_db_files(const char *path)
{
    static const char *suffix[] = {"", "-wal", "-shm", "-journal"};
    char p[128];
    for (size_t i = 0; i < MC_ARRAY_LEN(suffix); i++) {
        snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
        unlink(p);
    }
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    snprintf(f->dir, sizeof(f->dir), "/tmp/motcua-test-db-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/m.db", f->dir);
    if (db_open(f->path, &f->db) != MC_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    db_close(f->db);
    remove_db_files(f->path);
    rmdir(f->dir);
    free(f);
    return 0;
}

static const struct db_query Q_CREATE = {
    "test.create",
    "CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, s TEXT UNIQUE, d REAL, n TEXT)"};
static const struct db_query Q_INSERT = {
    "test.insert", "INSERT INTO t (i, s, d, n) VALUES (?1, ?2, ?3, ?4)"};
static const struct db_query Q_INSERT_I = {"test.insert_i", "INSERT INTO t (i) VALUES (?1)"};
static const struct db_query Q_SELECT = {
    "test.select", "SELECT i, s, d, n, id FROM t WHERE id = ?1"};
static const struct db_query Q_COUNT = {"test.count", "SELECT COUNT(*) FROM t"};
static const struct db_query Q_COUNT_I = {"test.count_i", "SELECT COUNT(*) FROM t WHERE i = ?1"};
static const struct db_query Q_MAX_I = {"test.max_i",
                                        "SELECT i FROM t WHERE i > ?1 AND i < 100 ORDER BY i"};
static const struct db_query Q_UPDATE = {"test.update",
                                         "UPDATE t SET i = i + 1 WHERE i BETWEEN ?1 AND 99"};
static const struct db_query Q_ECHO = {"test.echo", "SELECT ?1, ?2, ?3, ?4"};

static void create_table(struct db *db)
{
    assert_int_equal(db_run(db, &Q_CREATE, NULL, ""), MC_OK);
}

static int64_t count_rows(struct db *db)
{
    int64_t n = -1;
    assert_int_equal(db_get_int(db, &Q_COUNT, &n, ""), MC_OK);
    return n;
}

static int sqlite_migrations(void)
{
    int n = 0;
    for (const struct asset *a = mc_assets; a->path; a++)
        n += strncmp(a->path, "sql/sqlite/", 11) == 0;
    return n;
}

static void test_migrate_once(void **state)
{
    struct fixture *f = *state;
    static const struct db_query Q_VERSIONS = {
        "test.versions", "SELECT COUNT(*), MAX(version) FROM schema_migrations"};
    static const struct db_query Q_HAS_USERS = {
        "test.has_users", "SELECT COUNT(*) FROM sqlite_master WHERE name = 'users'"};
    int applied = -1;
    assert_true(sqlite_migrations() >= 2);
    assert_int_equal(db_migrate(f->db, &applied), MC_OK);
    assert_int_equal(applied, sqlite_migrations());
    struct db_stmt *st;
    bool row = false;
    assert_int_equal(db_query_start(f->db, &Q_VERSIONS, &st, ""), MC_OK);
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_true(row);
    assert_int_equal(db_col_int64(st, 0), sqlite_migrations());
    assert_true(db_col_int64(st, 1) >= sqlite_migrations());
    db_done(st);
    int64_t n = 0;
    assert_int_equal(db_get_int(f->db, &Q_HAS_USERS, &n, ""), MC_OK);
    assert_int_equal(n, 1);
    /* Again on the same connection, and on a new one: nothing to do. */
    assert_int_equal(db_migrate(f->db, &applied), MC_OK);
    assert_int_equal(applied, 0);
    struct db *db2;
    char url[128];
    snprintf(url, sizeof(url), "sqlite:%s", f->path);
    assert_int_equal(db_open(url, &db2), MC_OK);
    assert_int_equal(db_migrate(db2, &applied), MC_OK);
    assert_int_equal(applied, 0);
    assert_int_equal(db_migrate(db2, NULL), MC_OK);
    db_close(db2);
}

static void test_pragmas(void **state)
{
    struct fixture *f = *state;
    static const struct db_query Q_JOURNAL = {"test.journal", "PRAGMA journal_mode"};
    static const struct db_query Q_FK = {"test.fk", "PRAGMA foreign_keys"};
    static const struct db_query Q_SYNC = {"test.sync", "PRAGMA synchronous"};
    struct db_stmt *st;
    bool row = false;
    assert_int_equal(db_query_start(f->db, &Q_JOURNAL, &st, ""), MC_OK);
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_true(row);
    assert_string_equal(db_col_text(st, 0), "wal");
    db_done(st);
    int64_t v = -1;
    assert_int_equal(db_get_int(f->db, &Q_FK, &v, ""), MC_OK);
    assert_int_equal(v, 1);
    assert_int_equal(db_get_int(f->db, &Q_SYNC, &v, ""), MC_OK);
    assert_int_equal(v, 2);
    assert_string_equal(db_dialect(f->db), "sqlite");
}

static void test_formats_and_columns(void **state)
{
    struct fixture *f = *state;
    create_table(f->db);
    int64_t changes = -1;
    assert_int_equal(db_run(f->db, &Q_INSERT, &changes, "isdn", (int64_t)INT64_MAX,
                            "xin chào", 2.5),
                     MC_OK);
    assert_int_equal(changes, 1);
    assert_int_equal(db_run(f->db, &Q_INSERT, NULL, "isds", (int64_t)-7, (const char *)NULL,
                            -0.25, "n"),
                     MC_OK);
    struct db_stmt *st;
    bool row = false;
    assert_int_equal(db_query_start(f->db, &Q_SELECT, &st, "i", (int64_t)1), MC_OK);
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_true(row);
    assert_true(db_col_int64(st, 0) == INT64_MAX);
    assert_string_equal(db_col_text(st, 1), "xin chào");
    assert_int_equal(db_col_len(st, 1), strlen("xin chào"));
    assert_true(db_col_double(st, 2) == 2.5);
    assert_true(db_col_is_null(st, 3));
    assert_string_equal(db_col_text(st, 3), "");
    assert_false(db_col_is_null(st, 1));
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_false(row);
    db_done(st);
    assert_int_equal(db_query_start(f->db, &Q_SELECT, &st, "i", (int64_t)2), MC_OK);
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_true(row);
    assert_int_equal(db_col_int64(st, 0), -7);
    assert_true(db_col_is_null(st, 1));
    assert_true(db_col_double(st, 2) == -0.25);
    assert_string_equal(db_col_text(st, 3), "n");
    db_done(st);
    /* Text with an embedded NUL through the low-level binder. */
    assert_int_equal(db_prepare(f->db, &Q_ECHO, &st), MC_OK);
    db_bind_text(st, 1, "a\0b", 3);
    db_bind_str(st, 2, NULL);
    db_bind_null(st, 3);
    db_bind_double(st, 4, 1e100);
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_true(row);
    assert_int_equal(db_col_len(st, 0), 3);
    assert_memory_equal(db_col_text(st, 0), "a\0b", 3);
    assert_true(db_col_is_null(st, 1));
    assert_true(db_col_is_null(st, 2));
    assert_true(db_col_double(st, 3) == 1e100);
    db_done(st);
    /* The cache hands back the same statement, reset and unbound. */
    struct db_stmt *again;
    assert_int_equal(db_prepare(f->db, &Q_ECHO, &again), MC_OK);
    assert_ptr_equal(again, st);
    assert_int_equal(db_step(again, &row), MC_OK);
    assert_true(db_col_is_null(again, 0));
    db_done(again);
    db_done(NULL);
    /* changes counts the rows a statement changed; NOT_FOUND for no row. */
    for (int64_t i = 10; i < 15; i++)
        assert_int_equal(db_run(f->db, &Q_INSERT_I, NULL, "i", i), MC_OK);
    assert_int_equal(db_run(f->db, &Q_UPDATE, &changes, "i", (int64_t)12), MC_OK);
    assert_int_equal(changes, 3);
    int64_t v = -1;
    assert_int_equal(db_get_int(f->db, &Q_COUNT_I, &v, "i", (int64_t)15), MC_OK);
    assert_int_equal(v, 1);
    assert_int_equal(db_get_int(f->db, &Q_COUNT_I, &v, "i", (int64_t)12), MC_OK);
    assert_int_equal(v, 0);
    assert_int_equal(db_get_int(f->db, &Q_MAX_I, &v, "i", (int64_t)1000), MC_ERR_NOT_FOUND);
    assert_int_equal(db_get_int(f->db, &Q_MAX_I, &v, "i", (int64_t)13), MC_OK);
    assert_int_equal(v, 14);
    /* db_get_text: the first column as text, cut to fit; "" when there is no row. */
    char text[16] = "x";
    assert_int_equal(db_get_text(f->db, &Q_MAX_I, text, sizeof(text), "i", (int64_t)13), MC_OK);
    assert_string_equal(text, "14");
    assert_int_equal(db_get_text(f->db, &Q_MAX_I, text, sizeof(text), "i", (int64_t)1000),
                     MC_ERR_NOT_FOUND);
    assert_string_equal(text, "");
    assert_int_equal(db_get_text(f->db, &Q_ECHO, text, 6, "snnn", "xin chào"), MC_OK);
    assert_string_equal(text, "xin c");
    assert_int_equal(count_rows(f->db), 7);
    /* db_change: the status asked for when the statement changed no row. */
    assert_int_equal(db_change(f->db, &Q_UPDATE, MC_ERR_CONFLICT, "i", (int64_t)50),
                     MC_ERR_CONFLICT);
    assert_int_equal(db_change(f->db, &Q_UPDATE, MC_ERR_NOT_FOUND, "i", (int64_t)50),
                     MC_ERR_NOT_FOUND);
    assert_int_equal(db_change(f->db, &Q_UPDATE, MC_ERR_CONFLICT, "i", (int64_t)15), MC_OK);
    assert_int_equal(db_get_int(f->db, &Q_COUNT_I, &v, "i", (int64_t)16), MC_OK);
    assert_int_equal(v, 1);
}

static void test_argument_count_mismatch(void **state)
{
    struct fixture *f = *state;
    create_table(f->db);
    int64_t v = 0;
    struct db_stmt *st = NULL;
    assert_int_equal(db_run(f->db, &Q_INSERT_I, NULL, "ii", (int64_t)1, (int64_t)2),
                     MC_ERR_INTERNAL);
    assert_int_equal(db_run(f->db, &Q_INSERT_I, NULL, ""), MC_ERR_INTERNAL);
    assert_int_equal(db_run(f->db, &Q_INSERT, NULL, "isd", (int64_t)1, "x", 1.0),
                     MC_ERR_INTERNAL);
    assert_int_equal(db_get_int(f->db, &Q_COUNT, &v, "i", (int64_t)1), MC_ERR_INTERNAL);
    assert_int_equal(db_query_start(f->db, &Q_SELECT, &st, ""), MC_ERR_INTERNAL);
    db_done(st);
    /* An unknown format character. */
    assert_int_equal(db_run(f->db, &Q_INSERT_I, NULL, "x", (int64_t)1), MC_ERR_INTERNAL);
    assert_int_equal(count_rows(f->db), 0);
    /* The statements stay usable. */
    assert_int_equal(db_run(f->db, &Q_INSERT_I, NULL, "i", (int64_t)1), MC_OK);
    assert_int_equal(count_rows(f->db), 1);
    /* Broken SQL. */
    static const struct db_query Q_BAD = {"test.bad", "SELEKT 1"};
    assert_int_equal(db_run(f->db, &Q_BAD, NULL, ""), MC_ERR_DB);
}

static void test_conflicts(void **state)
{
    struct fixture *f = *state;
    create_table(f->db);
    assert_int_equal(db_exec_script(f->db,
                                    "CREATE TABLE child (p INTEGER NOT NULL REFERENCES t(id));"
                                    "CREATE TABLE other (x);"),
                     MC_OK);
    assert_int_equal(db_run(f->db, &Q_INSERT, NULL, "isdn", (int64_t)1, "dup", 0.0), MC_OK);
    assert_int_equal(db_run(f->db, &Q_INSERT, NULL, "isdn", (int64_t)2, "dup", 0.0),
                     MC_ERR_CONFLICT);
    assert_int_equal(count_rows(f->db), 1);
    /* Foreign keys are enforced. */
    static const struct db_query Q_CHILD = {"test.child", "INSERT INTO child (p) VALUES (?1)"};
    assert_int_equal(db_run(f->db, &Q_CHILD, NULL, "i", (int64_t)99), MC_ERR_CONFLICT);
    assert_int_equal(db_run(f->db, &Q_CHILD, NULL, "i", (int64_t)1), MC_OK);
    /* A bad script fails as a whole statement. */
    assert_int_equal(db_exec_script(f->db, "INSERT INTO nowhere VALUES (1);"), MC_ERR_DB);
}

/* ---------------------------------------------------------------- transactions */

struct tx_ctx {
    int calls;
    int busy_first;          /* return MC_ERR_BUSY on the first n calls */
    enum mc_status result;   /* what fn returns after inserting */
    bool nest;               /* run an inner db_tx */
    enum mc_status inner_result;
    enum mc_status inner_got;
    int64_t value;
};

static enum mc_status inner_fn(struct db *db, void *arg)
{
    struct tx_ctx *c = arg;
    enum mc_status st = db_run(db, &Q_INSERT_I, NULL, "i", c->value + 1000);
    return st == MC_OK ? c->inner_result : st;
}

static enum mc_status tx_fn(struct db *db, void *arg)
{
    struct tx_ctx *c = arg;
    c->calls++;
    enum mc_status st = db_run(db, &Q_INSERT_I, NULL, "i", c->value);
    if (st != MC_OK)
        return st;
    if (c->calls <= c->busy_first)
        return MC_ERR_BUSY;
    if (c->nest) {
        c->inner_got = db_tx(db, inner_fn, c);
        if (c->inner_got != MC_OK)
            return c->inner_got;
    }
    return c->result;
}

static enum mc_status dup_fn(struct db *db, void *arg)
{
    (void)arg;
    enum mc_status st = db_run(db, &Q_INSERT, NULL, "isdn", (int64_t)5, "same", 0.0);
    if (st == MC_OK)
        st = db_run(db, &Q_INSERT, NULL, "isdn", (int64_t)6, "same", 0.0);
    return st;
}

static void test_tx_commit_and_rollback(void **state)
{
    struct fixture *f = *state;
    create_table(f->db);
    struct tx_ctx c = {.result = MC_OK, .value = 1};
    assert_int_equal(db_tx(f->db, tx_fn, &c), MC_OK);
    assert_int_equal(c.calls, 1);
    assert_int_equal(count_rows(f->db), 1);
    c = (struct tx_ctx){.result = MC_ERR_INVALID, .value = 2};
    assert_int_equal(db_tx(f->db, tx_fn, &c), MC_ERR_INVALID);
    assert_int_equal(c.calls, 1);   /* only busy is retried */
    assert_int_equal(count_rows(f->db), 1);
    c = (struct tx_ctx){.result = MC_ERR_CONFLICT, .value = 3};
    assert_int_equal(db_tx(f->db, tx_fn, &c), MC_ERR_CONFLICT);
    assert_int_equal(count_rows(f->db), 1);
    /* A constraint failing inside fn rolls back the earlier writes of fn. */
    assert_int_equal(db_tx(f->db, dup_fn, NULL), MC_ERR_CONFLICT);
    assert_int_equal(count_rows(f->db), 1);
    /* And the connection is fine afterwards. */
    struct tx_ctx ok = {.result = MC_OK, .value = 4};
    assert_int_equal(db_tx(f->db, tx_fn, &ok), MC_OK);
    assert_int_equal(count_rows(f->db), 2);
}

static void test_tx_nested(void **state)
{
    struct fixture *f = *state;
    create_table(f->db);
    struct tx_ctx c = {.result = MC_OK, .nest = true, .inner_result = MC_OK, .value = 1};
    assert_int_equal(db_tx(f->db, tx_fn, &c), MC_OK);
    assert_int_equal(c.inner_got, MC_OK);
    assert_int_equal(count_rows(f->db), 2);
    /* The inner failure propagates and the outer rolls back both writes. */
    c = (struct tx_ctx){.result = MC_OK, .nest = true, .inner_result = MC_ERR_FORBIDDEN,
                        .value = 2};
    assert_int_equal(db_tx(f->db, tx_fn, &c), MC_ERR_FORBIDDEN);
    assert_int_equal(c.inner_got, MC_ERR_FORBIDDEN);
    assert_int_equal(count_rows(f->db), 2);
    /* The outer failing after a successful inner call also undoes both. */
    c = (struct tx_ctx){.result = MC_ERR_INVALID, .nest = true, .inner_result = MC_OK,
                        .value = 3};
    assert_int_equal(db_tx(f->db, tx_fn, &c), MC_ERR_INVALID);
    assert_int_equal(count_rows(f->db), 2);
    /* Afterwards a top-level transaction works normally again. */
    c = (struct tx_ctx){.result = MC_OK, .value = 4};
    assert_int_equal(db_tx(f->db, tx_fn, &c), MC_OK);
    assert_int_equal(count_rows(f->db), 3);
}

static void test_tx_retries_busy(void **state)
{
    struct fixture *f = *state;
    create_table(f->db);
    struct tx_ctx c = {.result = MC_OK, .busy_first = 2, .value = 7};
    assert_int_equal(db_tx(f->db, tx_fn, &c), MC_OK);
    assert_int_equal(c.calls, 3);
    /* The busy attempts were rolled back: one row, not three. */
    int64_t n = -1;
    assert_int_equal(db_get_int(f->db, &Q_COUNT_I, &n, "i", (int64_t)7), MC_OK);
    assert_int_equal(n, 1);
    /* Always busy: gives up after a bounded number of tries. */
    c = (struct tx_ctx){.result = MC_OK, .busy_first = 1000, .value = 8};
    int64_t t0 = clock_mono_us();
    assert_int_equal(db_tx(f->db, tx_fn, &c), MC_ERR_BUSY);
    assert_true(c.calls > 1 && c.calls <= 20);
    assert_true(clock_mono_us() - t0 < 5 * 1000000);
    assert_int_equal(db_get_int(f->db, &Q_COUNT_I, &n, "i", (int64_t)8), MC_OK);
    assert_int_equal(n, 0);
}

/* One thread holds the write lock for a while; the other's db_tx waits. */
struct holder {
    const char *path;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool holding;
    enum mc_status st;
};

static enum mc_status hold_fn(struct db *db, void *arg)
{
    struct holder *h = arg;
    enum mc_status st = db_run(db, &Q_INSERT_I, NULL, "i", (int64_t)100);
    pthread_mutex_lock(&h->lock);
    h->holding = true;
    pthread_cond_signal(&h->cond);
    pthread_mutex_unlock(&h->lock);
    struct timespec ts = {0, 300 * 1000000L};
    nanosleep(&ts, NULL);
    return st;
}

static void *holder_thread(void *arg)
{
    struct holder *h = arg;
    struct db *db = NULL;
    h->st = db_open(h->path, &db);
    if (h->st == MC_OK)
        h->st = db_tx(db, hold_fn, h);
    if (h->st != MC_OK) {   /* do not leave the main thread waiting */
        pthread_mutex_lock(&h->lock);
        h->holding = true;
        pthread_cond_signal(&h->cond);
        pthread_mutex_unlock(&h->lock);
    }
    db_close(db);
    return NULL;
}

static void test_busy_waits_then_succeeds(void **state)
{
    struct fixture *f = *state;
    create_table(f->db);
    struct holder h = {.path = f->path, .lock = PTHREAD_MUTEX_INITIALIZER,
                       .cond = PTHREAD_COND_INITIALIZER};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, holder_thread, &h), 0);
    pthread_mutex_lock(&h.lock);
    while (!h.holding)
        pthread_cond_wait(&h.cond, &h.lock);
    pthread_mutex_unlock(&h.lock);
    int64_t t0 = clock_mono_us();
    struct tx_ctx c = {.result = MC_OK, .value = 200};
    assert_int_equal(db_tx(f->db, tx_fn, &c), MC_OK);
    int64_t waited = clock_mono_us() - t0;
    assert_int_equal(pthread_join(th, NULL), 0);
    assert_int_equal(h.st, MC_OK);
    assert_true(waited >= 100 * 1000);   /* it really waited for the holder */
    assert_int_equal(count_rows(f->db), 2);
    /* The waiter committed after the holder: its row has the larger id. */
    static const struct db_query Q_ORDER = {"test.order", "SELECT i FROM t ORDER BY id DESC"};
    int64_t last = 0;
    assert_int_equal(db_get_int(f->db, &Q_ORDER, &last, ""), MC_OK);
    assert_int_equal(last, 200);
}

/* ---------------------------------------------------------------- pool */

#define POOL_THREADS 4

struct pool_arg {
    struct db_pool *pool;
    pthread_barrier_t *barrier;
    struct db *got;
    enum mc_status st;
};

static void *pool_thread(void *p)
{
    struct pool_arg *a = p;
    a->got = db_pool_get(a->pool);
    pthread_barrier_wait(a->barrier);   /* all connections are taken at once */
    int64_t n = 0;
    a->st = a->got ? db_get_int(a->got, &Q_COUNT, &n, "") : MC_ERR_DB;
    pthread_barrier_wait(a->barrier);   /* the main thread compares */
    db_pool_put(a->pool, a->got);
    return NULL;
}

static enum mc_status tx_nothing(struct db *db, void *ctx)
{
    (void)db;
    (void)ctx;
    return MC_OK;
}

static void test_pool_shared(void **state)
{
    struct fixture *f = *state;
    create_table(f->db);
    struct db_pool *pool = db_pool_new(f->path);
    pthread_barrier_t barrier;
    pthread_barrier_init(&barrier, NULL, POOL_THREADS + 1);
    pthread_t th[POOL_THREADS];
    struct pool_arg args[POOL_THREADS];
    for (int i = 0; i < POOL_THREADS; i++) {
        args[i] = (struct pool_arg){.pool = pool, .barrier = &barrier};
        assert_int_equal(pthread_create(&th[i], NULL, pool_thread, &args[i]), 0);
    }
    pthread_barrier_wait(&barrier);
    pthread_barrier_wait(&barrier);
    /* Taken at the same time: all different, all working. */
    for (int i = 0; i < POOL_THREADS; i++) {
        assert_non_null(args[i].got);
        assert_int_equal(args[i].st, MC_OK);
        assert_ptr_not_equal(args[i].got, f->db);
        for (int j = 0; j < i; j++)
            assert_ptr_not_equal(args[i].got, args[j].got);
    }
    for (int i = 0; i < POOL_THREADS; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    pthread_barrier_destroy(&barrier);
    /* Given back: the next get reuses one of them (no new connection). */
    struct db *again = db_pool_get(pool);
    bool reused = false;
    for (int i = 0; i < POOL_THREADS; i++)
        reused = reused || again == args[i].got;
    assert_true(reused);
    /* The last one given back is the next one taken. */
    db_pool_put(pool, again);
    assert_ptr_equal(db_pool_get(pool), again);
    assert_int_equal(db_tx(again, tx_nothing, NULL), MC_OK);
    db_pool_put(pool, again);
    db_pool_put(pool, NULL);
    db_pool_free(pool);   /* closes the idle ones (ASan checks for leaks) */
    db_pool_free(NULL);
    /* Bounded: a get would wait exactly when every connection is taken. */
    pool = db_pool_new(f->path);
    assert_false(db_pool_would_wait(pool));
    db_pool_set_max(pool, 2);
    struct db *a = db_pool_get(pool), *b = db_pool_get(pool);
    assert_true(a && b);
    assert_true(db_pool_would_wait(pool));
    db_pool_put(pool, b);
    assert_false(db_pool_would_wait(pool));
    db_pool_put(pool, a);
    db_pool_free(pool);
    /* A pool whose database cannot be opened gives NULL. */
    pool = db_pool_new("/nonexistent-dir-motcua/x.db");
    assert_null(db_pool_get(pool));
    db_pool_free(pool);
}

static void test_open_errors(void **state)
{
    (void)state;
    struct db *db = (struct db *)&db;
    assert_int_equal(db_open("/nonexistent-dir-motcua/x.db", &db), MC_ERR_IO);
    assert_null(db);
    db = (struct db *)&db;
#ifdef MC_HAVE_LIBPQ
    /* Built with PostgreSQL: nothing listens on port 1, so the server is unreachable. */
    assert_int_equal(db_open("postgres://127.0.0.1:1/motcua", &db), MC_ERR_IO);
#else
    assert_int_equal(db_open("postgres://localhost/motcua", &db), MC_ERR_INVALID);
#endif
    assert_null(db);
    db_close(NULL);
}

/* ---------------------------------------------------------------- rows */

struct row_ctx {
    int64_t seen[8];
    size_t n;
    int64_t stop_at;   /* fn fails on this value */
};

static enum mc_status collect(struct db_stmt *st, void *arg)
{
    struct row_ctx *c = arg;
    int64_t v = db_col_int64(st, 0);
    if (v == c->stop_at)
        return MC_ERR_CONFLICT;
    c->seen[c->n++] = v;
    return MC_OK;
}

static void insert_ints(struct db *db, int from, int to)
{
    for (int i = from; i <= to; i++)
        assert_int_equal(db_run(db, &Q_INSERT_I, NULL, "i", (int64_t)i), MC_OK);
}

static void test_each_calls_per_row_in_order(void **state)
{
    struct fixture *f = *state;
    struct row_ctx c = {.stop_at = -1};
    create_table(f->db);
    insert_ints(f->db, 1, 5);
    assert_int_equal(db_each(f->db, &Q_MAX_I, collect, &c, "i", (int64_t)2), MC_OK);
    assert_int_equal(c.n, 3);
    assert_int_equal(c.seen[0], 3);
    assert_int_equal(c.seen[2], 5);
    /* No rows: fn never runs, MC_OK. */
    c.n = 0;
    assert_int_equal(db_each(f->db, &Q_MAX_I, collect, &c, "i", (int64_t)50), MC_OK);
    assert_int_equal(c.n, 0);
}

static void test_each_stops_on_error(void **state)
{
    struct fixture *f = *state;
    struct row_ctx c = {.stop_at = 3};
    create_table(f->db);
    insert_ints(f->db, 1, 5);
    assert_int_equal(db_each(f->db, &Q_MAX_I, collect, &c, "i", (int64_t)0), MC_ERR_CONFLICT);
    assert_int_equal(c.n, 2);
    /* The statement was reset: the next run starts from the first row. */
    c.n = 0;
    c.stop_at = -1;
    assert_int_equal(db_each(f->db, &Q_MAX_I, collect, &c, "i", (int64_t)0), MC_OK);
    assert_int_equal(c.n, 5);
    /* A bad argument list is the query's error, and fn never runs. */
    c.n = 0;
    assert_int_equal(db_each(f->db, &Q_MAX_I, collect, &c, ""), MC_ERR_INTERNAL);
    assert_int_equal(c.n, 0);
}

static void test_next_and_get_row(void **state)
{
    struct fixture *f = *state;
    struct db_stmt *st = NULL;
    enum mc_status rc;
    int64_t sum = 0;
    char small[4];
    create_table(f->db);
    insert_ints(f->db, 1, 4);
    rc = db_query_start(f->db, &Q_MAX_I, &st, "i", (int64_t)1);
    while (db_next(st, &rc))
        sum += db_col_int64(st, 0);
    db_done(st);
    assert_int_equal(rc, MC_OK);
    assert_int_equal(sum, 2 + 3 + 4);
    /* A status set inside the loop ends it without stepping again. */
    rc = db_query_start(f->db, &Q_MAX_I, &st, "i", (int64_t)0);
    sum = 0;
    while (db_next(st, &rc)) {
        sum++;
        rc = MC_ERR_INVALID;
    }
    db_done(st);
    assert_int_equal(sum, 1);
    assert_int_equal(rc, MC_ERR_INVALID);

    assert_int_equal(db_run(f->db, &Q_INSERT, NULL, "isdn", (int64_t)7, "bảy", 7.5), MC_OK);
    rc = db_get_row(f->db, &Q_SELECT, &st, "i", (int64_t)5);
    assert_int_equal(rc, MC_OK);
    assert_int_equal(db_col_int64(st, 0), 7);
    db_col_copy(st, 1, small, sizeof(small));
    assert_string_equal(small, "b");   /* "ả" does not fit whole: cut before it */
    char *s = db_col_strdup(st, 1);
    assert_string_equal(s, "bảy");
    free(s);
    s = db_col_strdup(st, 3);   /* NULL reads as "" */
    assert_string_equal(s, "");
    free(s);
    db_done(st);
    assert_int_equal(db_get_row(f->db, &Q_SELECT, &st, "i", (int64_t)99), MC_ERR_NOT_FOUND);
    db_done(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_migrate_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pragmas, setup, teardown),
        cmocka_unit_test_setup_teardown(test_formats_and_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_argument_count_mismatch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conflicts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_commit_and_rollback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_nested, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_retries_busy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy_waits_then_succeeds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pool_shared, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_calls_per_row_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_stops_on_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_next_and_get_row, setup, teardown),
        cmocka_unit_test(test_open_errors),
    };
    return cmocka_run_group_tests_name("core/db", tests, NULL, NULL);
}
