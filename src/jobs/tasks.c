/* tasks.c - the notify and feedback modules' periodic tasks (see tasks.h). */
#include "jobs/tasks.h"
#include "domain/feedback/feedback.h"

static enum mc_status run_outbox(struct db *db, void *ctx)
{
    const struct job_env *env = ctx;
    return notify_deliver(db, env->notify, NULL);
}

static enum mc_status run_feedback_remind(struct db *db, void *ctx)
{
    (void)ctx;
    return feedback_remind(db, NULL);
}

static const struct job_def notify_jobs[] = {
    {TASK_OUTBOX, TASK_OUTBOX_INTERVAL, run_outbox},
};

const struct jobs_module jobs_module_notify = {notify_jobs, MC_ARRAY_LEN(notify_jobs)};

static const struct job_def feedback_jobs[] = {
    {TASK_FEEDBACK_REMIND, TASK_REMIND_INTERVAL, run_feedback_remind},
};

const struct jobs_module jobs_module_feedback = {feedback_jobs, MC_ARRAY_LEN(feedback_jobs)};
