/*
 * jobs.h - the background job runner: periodic tasks started by
 * `motcua serve` (deadline sweeps, reminders, outbox delivery).
 *
 * DESIGN
 * - Each registered task runs on its own thread, so a slow task (an SMTP
 *   server that does not answer) never delays another.  The threads run
 *   at niceness 10: under load, requests get the CPU first and the tasks
 *   (moving staged uploads to disk, sweeps) catch up when it is idle.  The thread takes
 *   a database connection from the pool (db_pool_get) for each run and
 *   gives it back afterwards (db_pool_put).
 * - A task runs once soon after jobs_start() and then every interval
 *   seconds, measured from the end of the previous run; jobs_kick() asks
 *   it to run now (e.g. after a request queued an email).
 * - Intervals are wall-clock waits on a monotonic clock; "now" inside the
 *   task still comes from clock_now(), so tests that pin MOTCUA_NOW see
 *   the pinned time.
 * - jobs_free() asks every task to stop, wakes it, and joins its thread;
 *   a run in progress finishes its transaction under way and then stops:
 *   its connection is cancelled (db_cancel), so its next db_tx() returns
 *   MC_ERR_BUSY (a sweep of a large backlog does not hold the server's
 *   exit for minutes; what it committed stays, the rest waits for the
 *   next start).  Tasks that write in one long transaction, or work
 *   outside the database, still finish it.
 *
 * - Modules describe their tasks (struct jobs_module, one per module,
 *   e.g. jobs_module_dossier in dossier_tasks.c); the composition root
 *   (src/app) adds every listed module's tasks with one struct job_env as
 *   their context.
 *
 * Thread-safety: jobs_add() before jobs_start() only, from one thread;
 * jobs_kick() from any thread; jobs_free() once, from the starting thread.
 */
#ifndef MC_JOBS_JOBS_H
#define MC_JOBS_JOBS_H

#include "core/db.h"
#include "core/status.h"

#define JOBS_MAX 16            /* tasks one runner holds */

/* A task: do one round of work with this thread's connection. */
typedef enum mc_status (*job_fn)(struct db *db, void *ctx);

struct jobs;
struct notify_config;

/*
 * What the tasks of every module may need, set once by the composition
 * root before jobs_start() and read-only afterwards; it must outlive the
 * runner.  Each task registered from a struct jobs_module gets a pointer
 * to it as ctx.
 */
struct job_env {
    const char *data_dir;                  /* the data folder (files in data_dir/files) */
    const struct notify_config *notify;    /* outbox delivery settings */
    const char *db_url;                    /* the database's URL (backups open their own) */
    const char *backup_dir;                /* scheduled backups' folder; "" = none */
    unsigned backup_keep;                  /* newest scheduled backups kept */
    unsigned backup_interval_s;            /* seconds between scheduled backups */
};

/* One periodic task of a module. */
struct job_def {
    const char *name;       /* static English name, for logs and jobs_kick() */
    unsigned interval_s;    /* seconds between the end of a run and the next */
    job_fn fn;              /* called with ctx = the const struct job_env * */
};

/* A module's background part. */
struct jobs_module {
    const struct job_def *jobs;
    size_t njobs;
};

/* A runner over pool (borrowed; must outlive the runner).  Never NULL. */
struct jobs *jobs_new(struct db_pool *pool);

/*
 * Register task fn(db, ctx) under name (a static English string, for
 * logs), run every interval_s seconds (at least 1).  Returns MC_OK;
 * MC_ERR_TOO_LARGE past JOBS_MAX tasks; MC_ERR_INVALID once started.
 */
enum mc_status jobs_add(struct jobs *j, const char *name, unsigned interval_s, job_fn fn,
                        void *ctx) MC_WARN_UNUSED;

/*
 * Add every task of m with ctx env (borrowed; must outlive the runner).
 * Returns MC_OK or jobs_add()'s error.
 */
enum mc_status jobs_add_module(struct jobs *j, const struct jobs_module *m,
                               const struct job_env *env) MC_WARN_UNUSED;

/* Start one thread per task.  MC_ERR_INTERNAL if a thread cannot start. */
enum mc_status jobs_start(struct jobs *j) MC_WARN_UNUSED;

/* Ask the task called name to run as soon as it can.  NULL j is fine. */
void jobs_kick(struct jobs *j, const char *name);

/* Stop and join every task, then free the runner.  NULL is fine. */
void jobs_free(struct jobs *j);

#endif
