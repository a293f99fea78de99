/* programme_tasks.c - the programme's periodic task (see programme_tasks.h). */
#include "jobs/programme_tasks.h"
#include "core/log.h"
#include "domain/programme/programme_report.h"

static enum mc_status run_remind(struct db *db, void *ctx)
{
    size_t sent = 0;
    enum mc_status st;
    (void)ctx;
    st = prog_remind_due(db, &sent);
    if (st == MC_OK && sent)
        log_info("programme: %zu report reminders", sent);
    return st;
}

static const struct job_def programme_jobs[] = {
    {TASK_PROGRAMME_REMIND, TASK_PROGRAMME_REMIND_INTERVAL, run_remind},
};

const struct jobs_module jobs_module_programme = {programme_jobs, MC_ARRAY_LEN(programme_jobs)};
