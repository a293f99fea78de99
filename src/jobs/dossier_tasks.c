/* dossier_tasks.c - the periodic dossier tasks (see dossier_tasks.h). */
#include "jobs/dossier_tasks.h"
#include "domain/calendar/calendar_store.h"
#include "core/clock.h"
#include "core/log.h"
#include "domain/dossier/dossier.h"
#include "domain/index766/index766.h"
#include "core/filestore.h"

enum mc_status dossier_task_deadlines(struct db *db, const char *data_dir)
{
    struct calendar cal;
    struct filestore fs;
    struct dossier_sweep_result res = {0, 0};
    enum mc_status st;
    calendar_init(&cal);
    filestore_init(&fs, data_dir);
    st = calendar_load(db, &cal);
    if (st != MC_OK)
        goto out;
    struct dossier_env env = {db, &cal, &fs};
    st = dossier_sweep_deadlines(&env, clock_now(), &res);
    if (st == MC_OK)   /* 766 index: passed appointments, new months (index.h) */
        st = index766_recheck_due(db, clock_now(), NULL);
    if (st == MC_OK)   /* 766 index: last month frozen on the first working day */
        st = index766_publish_due(db, clock_now(), NULL);
    if (st == MC_OK && (res.due_soon || res.overdue))
        log_info("dossier deadlines: %lld due soon, %lld overdue", (long long)res.due_soon,
                 (long long)res.overdue);
out:
    filestore_release(&fs);
    calendar_release(&cal);
    return st;
}

enum mc_status dossier_task_reminders(struct db *db, const char *data_dir)
{
    struct calendar cal;
    struct filestore fs;
    struct dossier_remind_result res = {0, 0, 0};
    calendar_init(&cal);
    filestore_init(&fs, data_dir);
    enum mc_status st = calendar_load(db, &cal);
    if (st == MC_OK) {
        struct dossier_env env = {db, &cal, &fs};
        st = dossier_remind_daily(&env, clock_now(), &res);
    }
    if (st == MC_OK && (res.tomorrow || res.digests || res.escalations))
        log_info("daily messages: %lld appointments tomorrow, %lld digests, %lld escalations",
                 (long long)res.tomorrow, (long long)res.digests, (long long)res.escalations);
    filestore_release(&fs);
    calendar_release(&cal);
    return st;
}

enum mc_status dossier_task_filestore(struct db *db, const char *data_dir)
{
    struct filestore fs;
    size_t removed = 0;
    filestore_init(&fs, data_dir);
    enum mc_status st = filestore_sweep(&fs, db, clock_now() - DOSSIER_TASK_FILE_AGE,
                                        &removed);
    if (st == MC_OK && removed)
        log_info("file store: %zu unclaimed files removed", removed);
    filestore_release(&fs);
    return st;
}

bool dossier_task_flush_due(const struct filestore_staged *s, int64_t now)
{
    if (s->count == 0)
        return false;
    return s->newest <= now - TASK_FLUSH_QUIET || s->count >= TASK_FLUSH_BACKLOG ||
           s->oldest <= now - TASK_FLUSH_MAX_WAIT;
}

enum mc_status dossier_task_flush_staged(struct db *db, const char *data_dir)
{
    struct filestore fs;
    struct filestore_staged staged = {0, 0, 0};
    size_t moved = 0;
    enum mc_status st = filestore_staged_stats(db, &staged);
    if (st != MC_OK || !dossier_task_flush_due(&staged, clock_now()))
        return st;
    filestore_init(&fs, data_dir);
    st = filestore_flush_staged(&fs, db, TASK_FLUSH_MAX, &moved);
    if (st != MC_OK)
        log_warn("file store: moving staged uploads failed after %zu", moved);
    filestore_release(&fs);
    return st;
}

/* A task above as the runner calls it: ctx is its const struct job_env *. */
#define DATA_DIR_JOB(name, task)                                                                \
    static enum mc_status name(struct db *db, void *ctx)                                        \
    {                                                                                           \
        return task(db, ((const struct job_env *)ctx)->data_dir);                               \
    }

DATA_DIR_JOB(run_deadlines, dossier_task_deadlines)
DATA_DIR_JOB(run_reminders, dossier_task_reminders)
DATA_DIR_JOB(run_filestore, dossier_task_filestore)
DATA_DIR_JOB(run_flush, dossier_task_flush_staged)

static const struct job_def dossier_jobs[] = {
    {TASK_DOSSIER_DEADLINES, TASK_DEADLINES_INTERVAL, run_deadlines},
    {TASK_DOSSIER_REMIND, TASK_REMIND_DAILY_INTERVAL, run_reminders},
    {TASK_FILESTORE_SWEEP, TASK_FILESTORE_INTERVAL, run_filestore},
    {TASK_FILESTORE_FLUSH, TASK_FLUSH_INTERVAL, run_flush},
};

const struct jobs_module jobs_module_dossier = {dossier_jobs, MC_ARRAY_LEN(dossier_jobs)};
