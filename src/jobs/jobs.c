/* jobs.c - the background job runner (see jobs.h). */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>
#include "jobs/jobs.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/mem.h"

#define JOB_NICE 10   /* niceness of the job threads (requests run at 0) */

struct job {
    struct jobs *owner;
    const char *name;
    unsigned interval_s;
    job_fn fn;
    void *ctx;
    pthread_t thread;
    bool started;
    bool kicked;           /* run now, under owner->lock */
    bool forced;           /* kicked by jobs_kick(): run even if another server just did */
    struct db *db;         /* the connection of the run under way, under owner->lock */
};

struct jobs {
    struct db_pool *pool;
    pthread_mutex_t lock;
    pthread_cond_t wake;   /* signalled on kick and stop */
    bool running;
    bool stopping;
    size_t n;
    struct job tasks[JOBS_MAX];
};

struct jobs *jobs_new(struct db_pool *pool)
{
    struct jobs *j = xcalloc(1, sizeof(*j));
    pthread_condattr_t ca;
    j->pool = pool;
    pthread_mutex_init(&j->lock, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&j->wake, &ca);
    pthread_condattr_destroy(&ca);
    return j;
}

enum mc_status jobs_add(struct jobs *j, const char *name, unsigned interval_s, job_fn fn,
                        void *ctx)
{
    if (j->running)
        return MC_ERR_INVALID;
    if (j->n >= JOBS_MAX)
        return MC_ERR_TOO_LARGE;
    struct job *t = &j->tasks[j->n++];
    t->owner = j;
    t->name = name;
    t->interval_s = interval_s ? interval_s : 1;
    t->fn = fn;
    t->ctx = ctx;
    t->kicked = true;   /* first run soon after start */
    return MC_OK;
}

enum mc_status jobs_add_module(struct jobs *j, const struct jobs_module *m,
                               const struct job_env *env)
{
    enum mc_status st = MC_OK;
    for (size_t i = 0; st == MC_OK && m && i < m->njobs; i++)
        st = jobs_add(j, m->jobs[i].name, m->jobs[i].interval_s, m->jobs[i].fn, (void *)env);
    return st;
}

/*
 * Note (db given) or forget (NULL) the connection of t's run, so that
 * jobs_free() can cancel it; a run that starts once the runner stops is
 * cancelled at once.
 */
static void set_run_db(struct job *t, struct db *db)
{
    pthread_mutex_lock(&t->owner->lock);
    t->db = db;
    if (db && t->owner->stopping)
        db_cancel(db);
    pthread_mutex_unlock(&t->owner->lock);
}

/* Wait until the task is kicked, its interval passes, or the runner stops. */
static bool wait_turn(struct job *t, bool *forced)
{
    struct jobs *j = t->owner;
    struct timespec until;
    bool go;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += t->interval_s;
    pthread_mutex_lock(&j->lock);
    while (!j->stopping && !t->kicked) {
        if (pthread_cond_timedwait(&j->wake, &j->lock, &until) != 0)
            break;
    }
    t->kicked = false;
    *forced = t->forced;
    t->forced = false;
    go = !j->stopping;
    pthread_mutex_unlock(&j->lock);
    return go;
}

static const struct db_query Q_LAST_RUN = {
    "jobs.last_run", "SELECT last_run_at FROM job_runs WHERE name = ?1",
};
static const struct db_query Q_RAN = {
    "jobs.ran",
    "INSERT INTO job_runs (name, last_run_at) VALUES (?1, ?2)"
    " ON CONFLICT(name) DO UPDATE SET last_run_at = excluded.last_run_at",
};

/*
 * Whether this tick of t is due (called under its lease): some server ran
 * it less than 90% of an interval ago, it is not (so with several servers
 * the job runs once per interval, not once per server).  Records this run
 * when due.  Times are the platform's clock (clock_now: a server started
 * with a later MOTCUA_NOW finds its jobs due).  A run recorded up to an
 * interval in its future holds the job back too: servers' clocks differ by
 * moments (each started at its own MOTCUA_NOW); one recorded further ahead
 * (the clock set back) does not.  A database that cannot tell: due (the
 * lease still holds).
 */
static bool tick_due(struct db *db, const struct job *t, bool forced)
{
    int64_t last = 0, now = clock_now(), interval = (int64_t)t->interval_s;
    enum mc_status st = db_get_int(db, &Q_LAST_RUN, &last, "s", t->name);
    if (!forced && st == MC_OK && last - now < interval && (now - last) * 10 < interval * 9)
        return false;
    if (db_run(db, &Q_RAN, NULL, "si", t->name, now) != MC_OK)
        log_warn("job %s: cannot record its run", t->name);
    return true;
}

static void *job_main(void *arg)
{
    struct job *t = arg;
    bool forced = false;
    /* Background work yields the CPU to requests (Linux: nice is per thread). */
    if (setpriority(PRIO_PROCESS, (id_t)gettid(), JOB_NICE) != 0)
        log_warn("job %s: cannot lower its priority", t->name);
    while (wait_turn(t, &forced)) {
        struct db *db = db_pool_get(t->owner->pool);
        if (!db) {
            log_error("job %s: no database connection", t->name);
            continue;
        }
        set_run_db(t, db);
        /* Several app servers on one database: one of them runs each tick. */
        bool held = false;
        enum mc_status st = db_lease(db, t->name, true, &held);
        if (st == MC_OK && held) {
            if (tick_due(db, t, forced)) {
                st = t->fn(db, t->ctx);
                metrics_job(t->name, st == MC_OK);
            }
            if (db_lease(db, t->name, false, NULL) != MC_OK)
                log_warn("job %s: cannot release its lease", t->name);
        }
        set_run_db(t, NULL);
        db_pool_put(t->owner->pool, db);
        if (st != MC_OK)
            log_warn("job %s failed: %s", t->name, mc_status_name(st));
    }
    return NULL;
}

enum mc_status jobs_start(struct jobs *j)
{
    j->running = true;
    for (size_t i = 0; i < j->n; i++) {
        if (pthread_create(&j->tasks[i].thread, NULL, job_main, &j->tasks[i]) != 0) {
            log_error("cannot start job %s", j->tasks[i].name);
            return MC_ERR_INTERNAL;
        }
        j->tasks[i].started = true;
    }
    return MC_OK;
}

void jobs_kick(struct jobs *j, const char *name)
{
    if (!j)
        return;
    pthread_mutex_lock(&j->lock);
    for (size_t i = 0; i < j->n; i++)
        if (strcmp(j->tasks[i].name, name) == 0)
            j->tasks[i].kicked = j->tasks[i].forced = true;
    pthread_cond_broadcast(&j->wake);
    pthread_mutex_unlock(&j->lock);
}

void jobs_free(struct jobs *j)
{
    if (!j)
        return;
    pthread_mutex_lock(&j->lock);
    j->stopping = true;
    for (size_t i = 0; i < j->n; i++)
        db_cancel(j->tasks[i].db);   /* a long run ends at its next transaction */
    pthread_cond_broadcast(&j->wake);
    pthread_mutex_unlock(&j->lock);
    for (size_t i = 0; i < j->n; i++)
        if (j->tasks[i].started)
            pthread_join(j->tasks[i].thread, NULL);
    pthread_cond_destroy(&j->wake);
    pthread_mutex_destroy(&j->lock);
    free(j);
}
