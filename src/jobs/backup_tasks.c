/* backup_tasks.c - the scheduled backup (see backup_tasks.h). */
#include "jobs/backup_tasks.h"
#include "core/backup.h"
#include "core/clock.h"
#include "core/log.h"

static enum mc_status run_backup(struct db *db, void *ctx)
{
    const struct job_env *env = ctx;
    int64_t newest = 0;
    enum mc_status st = MC_OK;
    (void)db;
    if (!env->backup_dir || !env->backup_dir[0] || !env->db_url)
        return MC_OK;
    if (backup_newest(env->backup_dir, &newest) == MC_OK
        && clock_now() - newest < (int64_t)env->backup_interval_s)
        return MC_OK;
    st = backup_scheduled(env->db_url, env->data_dir, env->backup_dir, env->backup_keep);
    if (st == MC_OK)
        log_info("backup: made in %s", env->backup_dir);
    return st;
}

static const struct job_def backup_jobs[] = {
    {TASK_BACKUP, TASK_BACKUP_INTERVAL, run_backup},
};

const struct jobs_module jobs_module_backup = {backup_jobs, MC_ARRAY_LEN(backup_jobs)};
