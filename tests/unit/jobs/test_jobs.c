/*
 * test_jobs.c - the background job runner (jobs/jobs.h): each task runs
 * once after start on its own thread with a pooled connection, again when
 * kicked (from any thread), and never after jobs_free(), which stops a
 * long run at its next transaction; registration rules.  Also built
 * under ThreadSanitizer (make tsan).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include "core/clock.h"
#include "jobs/jobs.h"
#include "testdb.h"

#define WAIT_S 60   /* a hang guard, not a timing assertion */

struct counter {
    pthread_mutex_t mu;
    pthread_cond_t cond;
    int runs;
    int without_db;   /* runs that were handed no connection */
};

static struct counter a = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
static struct counter b = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};

static enum mc_status count_run(struct db *db, void *ctx)
{
    struct counter *c = ctx;
    pthread_mutex_lock(&c->mu);
    c->runs++;
    c->without_db += db == NULL;
    pthread_cond_broadcast(&c->cond);
    pthread_mutex_unlock(&c->mu);
    return MC_OK;
}

static int runs_of(struct counter *c)
{
    pthread_mutex_lock(&c->mu);
    int n = c->runs;
    pthread_mutex_unlock(&c->mu);
    return n;
}

/* Wait until c has run at least n times; false if it does not within WAIT_S. */
static bool wait_runs(struct counter *c, int n)
{
    struct timespec until;
    bool ok = true;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += WAIT_S;
    pthread_mutex_lock(&c->mu);
    while (ok && c->runs < n)
        ok = pthread_cond_timedwait(&c->cond, &c->mu, &until) == 0;
    ok = c->runs >= n;
    pthread_mutex_unlock(&c->mu);
    return ok;
}

struct kicker {
    struct jobs *j;
    int times;
};

static void *kick_main(void *arg)
{
    struct kicker *k = arg;
    for (int i = 0; i < k->times; i++)
        jobs_kick(k->j, "a");
    return NULL;
}

static void test_tasks_run_when_started_and_kicked(void **state)
{
    (void)state;
    struct test_db t;
    assert_int_equal(test_db_open(&t, "jobs"), 0);
    struct db_pool *pool = db_pool_new(t.path);
    struct jobs *j = jobs_new(pool);
    assert_int_equal(jobs_add(j, "a", 3600, count_run, &a), MC_OK);
    assert_int_equal(jobs_add(j, "b", 3600, count_run, &b), MC_OK);
    assert_int_equal(jobs_start(j), MC_OK);
    assert_int_equal(jobs_add(j, "late", 1, count_run, &a), MC_ERR_INVALID);
    /* Each runs once soon after the start. */
    assert_true(wait_runs(&a, 1));
    assert_true(wait_runs(&b, 1));
    /* Kicks from several threads at once: "a" runs again, "b" does not need to. */
    pthread_t th[4];
    struct kicker k = {j, 50};
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, kick_main, &k), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    assert_true(wait_runs(&a, 2));
    jobs_kick(j, "no such task");
    jobs_free(j);
    /* Stopped and joined: nothing runs any more. */
    int after = runs_of(&a);
    jobs_kick(NULL, "a");
    assert_int_equal(runs_of(&a), after);
    assert_int_equal(a.without_db + b.without_db, 0);
    db_pool_free(pool);
    test_db_close(&t);
}

static struct counter shared = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
static struct counter probe = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};

/*
 * Two runners on one database (two app servers): a job one of them ran
 * less than an interval ago is not run again by the other; a kick runs it
 * anyway.
 */
static void test_one_run_per_interval_over_servers(void **state)
{
    (void)state;
    struct test_db t;
    assert_int_equal(test_db_open(&t, "jobs2"), 0);
    struct db_pool *p1 = db_pool_new(t.path), *p2 = db_pool_new(t.path);
    struct jobs *j1 = jobs_new(p1), *j2 = jobs_new(p2);
    assert_int_equal(jobs_add(j1, "sweep", 3600, count_run, &shared), MC_OK);
    assert_int_equal(jobs_start(j1), MC_OK);
    assert_true(wait_runs(&shared, 1));
    /*
     * The second server starts: its first tick finds the run of the first.
     * (Its "probe", started with it, shows its ticks have come.)
     */
    assert_int_equal(jobs_add(j2, "sweep", 3600, count_run, &shared), MC_OK);
    assert_int_equal(jobs_add(j2, "probe", 3600, count_run, &probe), MC_OK);
    assert_int_equal(jobs_start(j2), MC_OK);
    assert_true(wait_runs(&probe, 1));
    jobs_free(j2);
    assert_int_equal(runs_of(&shared), 1);
    /* A kick is a request to run now. */
    jobs_kick(j1, "sweep");
    assert_true(wait_runs(&shared, 2));
    jobs_free(j1);
    db_pool_free(p2);
    db_pool_free(p1);
    test_db_close(&t);
}

static struct counter ahead = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
static struct counter far = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
static struct counter probe2 = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};

/*
 * Servers' clocks differ by moments: a run another server recorded a few
 * seconds in this one's future holds the job back; one recorded more than
 * an interval ahead (a clock set back) does not.
 */
static void test_a_run_just_ahead_holds_the_job(void **state)
{
    (void)state;
    struct test_db t;
    char sql[256];
    assert_int_equal(test_db_open(&t, "jobs3"), 0);
    snprintf(sql, sizeof(sql), "INSERT INTO job_runs (name, last_run_at) VALUES"
             " ('ahead', %lld), ('far', %lld)", (long long)(clock_now() + 5),
             (long long)(clock_now() + 7200));
    assert_int_equal(db_exec_script(t.db, sql), MC_OK);
    struct db_pool *p = db_pool_new(t.path);
    struct jobs *j = jobs_new(p);
    assert_int_equal(jobs_add(j, "ahead", 3600, count_run, &ahead), MC_OK);
    assert_int_equal(jobs_add(j, "far", 3600, count_run, &far), MC_OK);
    assert_int_equal(jobs_add(j, "probe2", 3600, count_run, &probe2), MC_OK);
    assert_int_equal(jobs_start(j), MC_OK);
    assert_true(wait_runs(&probe2, 1));
    assert_true(wait_runs(&far, 1));
    jobs_free(j);
    assert_int_equal(runs_of(&ahead), 0);
    db_pool_free(p);
    test_db_close(&t);
}

static struct counter writer = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
static enum mc_status writer_end = MC_OK;

static enum mc_status one_tx(struct db *db, void *ctx)
{
    (void)db;
    (void)ctx;
    return MC_OK;
}

/* A task that writes one transaction after another (a sweep of a large
 * backlog) until one fails, or WAIT_S passes (the hang guard). */
static enum mc_status write_on(struct db *db, void *ctx)
{
    struct counter *c = ctx;
    enum mc_status st = MC_OK;
    time_t until = time(NULL) + WAIT_S;
    while (st == MC_OK && time(NULL) < until) {
        st = db_tx(db, one_tx, NULL);
        pthread_mutex_lock(&c->mu);
        c->runs++;
        pthread_cond_broadcast(&c->cond);
        pthread_mutex_unlock(&c->mu);
    }
    writer_end = st;
    return st;
}

/* Stopping the runner stops a long task at its next transaction. */
static void test_stop_ends_a_long_task(void **state)
{
    (void)state;
    struct test_db t;
    assert_int_equal(test_db_open(&t, "jobs3"), 0);
    struct db_pool *pool = db_pool_new(t.path);
    struct jobs *j = jobs_new(pool);
    assert_int_equal(jobs_add(j, "long", 3600, write_on, &writer), MC_OK);
    assert_int_equal(jobs_start(j), MC_OK);
    assert_true(wait_runs(&writer, 3));
    jobs_free(j);
    assert_int_equal(writer_end, MC_ERR_BUSY);
    /* The connection went back to the pool usable. */
    struct db *db = db_pool_get(pool);
    assert_non_null(db);
    assert_int_equal(db_tx(db, one_tx, NULL), MC_OK);
    db_pool_put(pool, db);
    db_pool_free(pool);
    test_db_close(&t);
}

static void test_registration_limit(void **state)
{
    (void)state;
    struct jobs *j = jobs_new(NULL);
    for (int i = 0; i < JOBS_MAX; i++)
        assert_int_equal(jobs_add(j, "x", 1, count_run, &a), MC_OK);
    assert_int_equal(jobs_add(j, "y", 1, count_run, &a), MC_ERR_TOO_LARGE);
    jobs_free(j);   /* never started: nothing to join */
    jobs_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tasks_run_when_started_and_kicked),
        cmocka_unit_test(test_one_run_per_interval_over_servers),
        cmocka_unit_test(test_a_run_just_ahead_holds_the_job),
        cmocka_unit_test(test_stop_ends_a_long_task),
        cmocka_unit_test(test_registration_limit),
    };
    return cmocka_run_group_tests_name("jobs/jobs", tests, NULL, NULL);
}
