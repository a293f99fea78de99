/*
 * test_groupsync.c - unit tests for core/groupsync (group commit): every
 * waiter is covered by a sync that started after its write, concurrent
 * waiters share syncs, failures reach the right waiters (sticky for a
 * lost write), the file syncer follows a re-created file, and
 * db_tx_grouped() commits and restores synchronous=FULL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/groupsync.h"
#include "testdb.h"

#define THREADS 8
#define ROUNDS 200

/*
 * A fake medium: "writes" bump `written`; a sync snapshots it when it
 * starts, sleeps, then publishes the snapshot as `durable`.  A waiter is
 * correctly covered when durable >= its own write once it returns.
 */
struct medium {
    atomic_uint_fast64_t written;
    atomic_uint_fast64_t durable;
    atomic_int syncs;
    atomic_int in_sync;        /* concurrent syncs: must stay <= 1 */
    atomic_int max_in_sync;
    atomic_int fail_next;      /* 0, -1 or -2: the result of the next sync */
    long sleep_ns;
};

static int medium_sync(void *arg)
{
    struct medium *m = arg;
    int n = atomic_fetch_add(&m->in_sync, 1) + 1;
    if (n > atomic_load(&m->max_in_sync))
        atomic_store(&m->max_in_sync, n);
    uint64_t snap = atomic_load(&m->written);
    struct timespec ts = {0, m->sleep_ns};
    nanosleep(&ts, NULL);
    int rc = atomic_exchange(&m->fail_next, 0);
    if (rc == 0 && snap > atomic_load(&m->durable))
        atomic_store(&m->durable, snap);
    atomic_fetch_add(&m->syncs, 1);
    atomic_fetch_sub(&m->in_sync, 1);
    return rc;
}

struct worker {
    struct groupsync *gs;
    struct medium *m;
    int uncovered;             /* waits that returned before their write was durable */
    int errors;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t mine = atomic_fetch_add(&w->m->written, 1) + 1;
        if (groupsync_wait(w->gs) != MC_OK)
            w->errors++;
        else if (atomic_load(&w->m->durable) < mine)
            w->uncovered++;
    }
    return NULL;
}

static void test_single_waiter(void **state)
{
    (void)state;
    struct medium m = {.sleep_ns = 0};
    struct groupsync *gs = groupsync_new_fn(medium_sync, &m);
    uint64_t waits, syncs;
    for (int i = 0; i < 3; i++) {
        atomic_fetch_add(&m.written, 1);
        assert_int_equal(groupsync_wait(gs), MC_OK);
        assert_int_equal(atomic_load(&m.durable), i + 1);
    }
    groupsync_stats(gs, &waits, &syncs);
    assert_int_equal(waits, 3);
    assert_int_equal(syncs, 3);   /* alone: one sync per wait, no delay */
    groupsync_free(gs);
}

static void test_concurrent_waiters_share_syncs(void **state)
{
    (void)state;
    struct medium m = {.sleep_ns = 2 * 1000 * 1000};   /* a 2 ms "fsync" */
    struct groupsync *gs = groupsync_new_fn(medium_sync, &m);
    struct worker w[THREADS];
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){.gs = gs, .m = &m};
        assert_int_equal(pthread_create(&th[i], NULL, worker_main, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(w[i].uncovered, 0);
        assert_int_equal(w[i].errors, 0);
    }
    uint64_t waits, syncs;
    groupsync_stats(gs, &waits, &syncs);
    assert_int_equal(waits, THREADS * ROUNDS);
    assert_int_equal(syncs, atomic_load(&m.syncs));
    assert_int_equal(atomic_load(&m.max_in_sync), 1);   /* one leader at a time */
    /* Sharing: far fewer syncs than waits (at most about one per thread's round). */
    assert_true(syncs * 2 < waits);
    groupsync_free(gs);
}

static void test_round_failure_then_recovery(void **state)
{
    (void)state;
    struct medium m = {.sleep_ns = 0};
    struct groupsync *gs = groupsync_new_fn(medium_sync, &m);
    atomic_fetch_add(&m.written, 1);
    atomic_store(&m.fail_next, -2);   /* could not even try (open failed) */
    assert_int_equal(groupsync_wait(gs), MC_ERR_IO);
    atomic_fetch_add(&m.written, 1);
    assert_int_equal(groupsync_wait(gs), MC_OK);   /* the next round works */
    assert_int_equal(atomic_load(&m.durable), 2);
    groupsync_free(gs);
}

static void test_lost_write_is_sticky(void **state)
{
    (void)state;
    struct medium m = {.sleep_ns = 0};
    struct groupsync *gs = groupsync_new_fn(medium_sync, &m);
    atomic_store(&m.fail_next, -1);   /* fdatasync failed: data may be lost */
    assert_int_equal(groupsync_wait(gs), MC_ERR_IO);
    assert_int_equal(groupsync_wait(gs), MC_ERR_IO);   /* never trusted again */
    uint64_t waits, syncs;
    groupsync_stats(gs, &waits, &syncs);
    assert_int_equal(syncs, 1);
    groupsync_free(gs);
}

static void test_file_syncer(void **state)
{
    (void)state;
    char dir[] = "/tmp/motcua-test-groupsync-XXXXXX", path[96];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/log", dir);
    struct groupsync *a = groupsync_acquire(path);
    struct groupsync *b = groupsync_acquire(path);
    assert_ptr_equal(a, b);   /* one syncer per file */
    assert_int_equal(groupsync_wait(a), MC_ERR_IO);   /* no such file yet: this round fails */
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("frame 1\n", f);
    fclose(f);
    assert_int_equal(groupsync_wait(a), MC_OK);
    /* Deleted and created again (as SQLite does with -wal): follows the new file. */
    assert_int_equal(unlink(path), 0);
    f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(groupsync_wait(b), MC_OK);
    groupsync_release(a);
    groupsync_release(b);
    unlink(path);
    rmdir(dir);
}

/* The file-system syncer (the file store's): its own registry entry, syncs a folder's fs. */
static void test_fs_syncer(void **state)
{
    (void)state;
    char dir[] = "/tmp/motcua-test-groupsync-XXXXXX";
    uint64_t waits = 0, syncs = 0;
    assert_non_null(mkdtemp(dir));
    struct groupsync *a = groupsync_acquire_fs(dir);
    struct groupsync *b = groupsync_acquire_fs(dir);
    struct groupsync *log = groupsync_acquire(dir);
    assert_ptr_equal(a, b);
    assert_ptr_not_equal(a, log);   /* fdatasync of a path is another syncer */
    assert_int_equal(groupsync_wait(a), MC_OK);
    assert_int_equal(groupsync_wait(b), MC_OK);
    groupsync_stats(a, &waits, &syncs);
    assert_int_equal(waits, 2);
    assert_int_equal(syncs, 2);
    groupsync_release(a);
    groupsync_release(b);
    groupsync_release(log);
    /* A folder that does not exist: that round fails, nothing sticks. */
    assert_int_equal(rmdir(dir), 0);
    a = groupsync_acquire_fs(dir);
    assert_int_equal(groupsync_wait(a), MC_ERR_IO);
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(groupsync_wait(a), MC_OK);
    groupsync_release(a);
    rmdir(dir);
}

static const struct db_query Q_T = {
    "test.gs_table", "CREATE TABLE IF NOT EXISTS gs (id INTEGER PRIMARY KEY, v TEXT)",
};
static const struct db_query Q_INS = {"test.gs_insert", "INSERT INTO gs (v) VALUES (?1)"};
static const struct db_query Q_COUNT = {"test.gs_count", "SELECT COUNT(*) FROM gs"};
static const struct db_query Q_SYNC = {"test.gs_sync", "PRAGMA synchronous"};

static enum mc_status insert_tx(struct db *db, void *arg)
{
    return db_run(db, &Q_INS, NULL, "s", (const char *)arg);
}

static enum mc_status fail_tx(struct db *db, void *arg)
{
    enum mc_status st = db_run(db, &Q_INS, NULL, "s", (const char *)arg);
    return st == MC_OK ? MC_ERR_INVALID : st;
}

struct db_worker {
    const char *path;
    int failures;
};

static void *db_worker_main(void *arg)
{
    struct db_worker *w = arg;
    struct db *db = NULL;
    if (db_open(w->path, &db) != MC_OK) {
        w->failures = ROUNDS;
        return NULL;
    }
    for (int i = 0; i < 25; i++)
        if (db_tx_grouped(db, insert_tx, "concurrent") != MC_OK)
            w->failures++;
    db_close(db);
    return NULL;
}

static void test_db_tx_grouped(void **state)
{
    (void)state;
    struct test_db t;
    int64_t n = 0;
    assert_int_equal(test_db_open_sqlite(&t, "groupsync"), 0);
    assert_int_equal(db_run(t.db, &Q_T, NULL, ""), MC_OK);
    assert_int_equal(db_tx_grouped(t.db, insert_tx, "one"), MC_OK);
    assert_int_equal(db_get_int(t.db, &Q_SYNC, &n, ""), MC_OK);
    assert_int_equal(n, 2);   /* FULL again for every other transaction */
    assert_int_equal(db_tx_grouped(t.db, fail_tx, "rolled back"), MC_ERR_INVALID);
    assert_int_equal(db_get_int(t.db, &Q_COUNT, &n, ""), MC_OK);
    assert_int_equal(n, 1);
    pthread_t th[4];
    struct db_worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (struct db_worker){.path = t.path};
        assert_int_equal(pthread_create(&th[i], NULL, db_worker_main, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(w[i].failures, 0);
    }
    assert_int_equal(db_get_int(t.db, &Q_COUNT, &n, ""), MC_OK);
    assert_int_equal(n, 1 + 4 * 25);
    assert_int_equal(db_get_int(t.db, &Q_SYNC, &n, ""), MC_OK);
    assert_int_equal(n, 2);
    test_db_close(&t);
}

/* A deferred commit is visible at once and restores synchronous=FULL. */
static void test_db_tx_deferred(void **state)
{
    (void)state;
    struct test_db t;
    struct db *other = NULL;
    int64_t n = 0;
    assert_int_equal(test_db_open_sqlite(&t, "groupsync"), 0);
    assert_int_equal(db_run(t.db, &Q_T, NULL, ""), MC_OK);
    assert_int_equal(db_tx_deferred(t.db, insert_tx, "staged"), MC_OK);
    assert_int_equal(db_get_int(t.db, &Q_SYNC, &n, ""), MC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(db_open(t.path, &other), MC_OK);
    assert_int_equal(db_get_int(other, &Q_COUNT, &n, ""), MC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(db_tx_deferred(t.db, fail_tx, "rolled back"), MC_ERR_INVALID);
    /* Then the synced commit that makes it durable. */
    assert_int_equal(db_tx_grouped(other, insert_tx, "names it"), MC_OK);
    assert_int_equal(db_get_int(t.db, &Q_COUNT, &n, ""), MC_OK);
    assert_int_equal(n, 2);
    db_close(other);
    test_db_close(&t);
}

/* ---------------------------------------------------------------- batches */

static const struct db_query Q_TU = {
    "test.gs_unique", "CREATE TABLE IF NOT EXISTS gu (k TEXT PRIMARY KEY, n INTEGER)",
};
static const struct db_query Q_INS_U = {"test.gs_insert_u",
                                        "INSERT INTO gu (k, n) VALUES (?1, ?2)"};
static const struct db_query Q_COUNT_U = {"test.gs_count_u", "SELECT COUNT(*) FROM gu"};
static const struct db_query Q_HAS_U = {"test.gs_has_u", "SELECT COUNT(*) FROM gu WHERE k = ?1"};

struct batch_job {
    char key[32];
    int n;          /* odd: fn writes, then fails (must leave nothing) */
    int runs;       /* how often fn ran (a batch retry may re-run it) */
};

static enum mc_status batch_fn(struct db *db, void *arg)
{
    struct batch_job *j = arg;
    j->runs++;
    enum mc_status st = db_run(db, &Q_INS_U, NULL, "si", j->key, (int64_t)j->n);
    if (st == MC_OK && j->n % 2 == 1)
        return MC_ERR_INVALID;
    return st;
}

struct batch_worker {
    const char *path;
    int id;
    int ok, invalid, conflict, other;
};

#define BATCH_THREADS 8
#define BATCH_EACH 40

static void *batch_worker_main(void *arg)
{
    struct batch_worker *w = arg;
    struct db *db = NULL;
    if (db_open(w->path, &db) != MC_OK) {
        w->other = BATCH_EACH;
        return NULL;
    }
    for (int i = 0; i < BATCH_EACH; i++) {
        struct batch_job j = {.n = i};
        /* Every fourth key is shared by all threads: one wins, the rest conflict. */
        if (i % 4 == 0)
            snprintf(j.key, sizeof(j.key), "shared-%d", i);
        else
            snprintf(j.key, sizeof(j.key), "w%d-%d", w->id, i);
        enum mc_status st = db_tx_grouped(db, batch_fn, &j);
        if (st == MC_OK)
            w->ok++;
        else if (st == MC_ERR_INVALID)
            w->invalid++;
        else if (st == MC_ERR_CONFLICT)
            w->conflict++;
        else
            w->other++;
    }
    db_close(db);
    return NULL;
}

/*
 * Concurrent grouped transactions run in shared batches: each caller gets
 * its own fn's status, a failing fn leaves nothing and does not undo the
 * others, a conflict fails only the loser.
 */
static void test_batches_isolate_each_transaction(void **state)
{
    (void)state;
    struct test_db t;
    int64_t n = 0;
    assert_int_equal(test_db_open_sqlite(&t, "groupsync"), 0);
    assert_int_equal(db_run(t.db, &Q_TU, NULL, ""), MC_OK);
    pthread_t th[BATCH_THREADS];
    struct batch_worker w[BATCH_THREADS];
    for (int i = 0; i < BATCH_THREADS; i++) {
        w[i] = (struct batch_worker){.path = t.path, .id = i};
        assert_int_equal(pthread_create(&th[i], NULL, batch_worker_main, &w[i]), 0);
    }
    int ok = 0, invalid = 0, conflict = 0;
    for (int i = 0; i < BATCH_THREADS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(w[i].other, 0);
        assert_int_equal(w[i].invalid, BATCH_EACH / 2);   /* every odd n */
        ok += w[i].ok;
        invalid += w[i].invalid;
        conflict += w[i].conflict;
    }
    /* Even n: the 10 shared keys once each, the other 10 per thread. */
    assert_int_equal(ok, BATCH_EACH / 4 + BATCH_THREADS * (BATCH_EACH / 4));
    assert_int_equal(conflict, (BATCH_THREADS - 1) * (BATCH_EACH / 4));
    assert_int_equal(invalid, BATCH_THREADS * BATCH_EACH / 2);
    assert_int_equal(db_get_int(t.db, &Q_COUNT_U, &n, ""), MC_OK);
    assert_int_equal(n, ok);
    assert_int_equal(db_get_int(t.db, &Q_HAS_U, &n, "s", "w3-1"), MC_OK);
    assert_int_equal(n, 0);   /* a failed one left nothing */
    assert_int_equal(db_get_int(t.db, &Q_HAS_U, &n, "s", "w3-2"), MC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(db_get_int(t.db, &Q_SYNC, &n, ""), MC_OK);
    assert_int_equal(n, 2);
    test_db_close(&t);
}

static void test_db_tx_grouped_memory(void **state)
{
    (void)state;
    struct db *db = NULL;
    int64_t n = 0;
    assert_int_equal(db_open(":memory:", &db), MC_OK);
    assert_int_equal(db_run(db, &Q_T, NULL, ""), MC_OK);
    assert_int_equal(db_tx_grouped(db, insert_tx, "plain db_tx"), MC_OK);
    assert_int_equal(db_get_int(db, &Q_COUNT, &n, ""), MC_OK);
    assert_int_equal(n, 1);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_waiter),
        cmocka_unit_test(test_concurrent_waiters_share_syncs),
        cmocka_unit_test(test_round_failure_then_recovery),
        cmocka_unit_test(test_lost_write_is_sticky),
        cmocka_unit_test(test_file_syncer),
        cmocka_unit_test(test_fs_syncer),
        cmocka_unit_test(test_db_tx_grouped),
        cmocka_unit_test(test_db_tx_deferred),
        cmocka_unit_test(test_batches_isolate_each_transaction),
        cmocka_unit_test(test_db_tx_grouped_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
