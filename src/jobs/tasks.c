/* tasks.c - the notify and feedback modules' periodic tasks (see tasks.h). */
#include "jobs/tasks.h"
#include "domain/feedback/feedback.h"
#include "domain/notify/notify_poll.h"
#include "core/clock.h"
#include "core/log.h"

/* Rounds of delivery one after another while they send something, for up
 * to TASK_OUTBOX_ROUND_US: a campaign goes at the gateways' pace, not at one
 * round per interval. */
static enum mc_status run_outbox(struct db *db, void *ctx)
{
    const struct job_env *env = ctx;
    int64_t t0 = clock_mono_us();
    int sent = 0;
    enum mc_status st;
    do
        st = notify_deliver(db, env->notify, &sent);
    while (st == MC_OK && sent > 0 && clock_mono_us() - t0 < TASK_OUTBOX_ROUND_US);
    return st;
}

static enum mc_status run_poll(struct db *db, void *ctx)
{
    const struct job_env *env = ctx;
    struct notify_poll_result r;
    enum mc_status st = notify_poll(db, env->notify, &r);
    if (st == MC_OK && r.asked)
        log_info("outbox: %d statuses asked, %d delivered, %d failed", r.asked, r.delivered,
                 r.failed);
    return st;
}

static enum mc_status run_feedback_remind(struct db *db, void *ctx)
{
    (void)ctx;
    return feedback_remind(db, NULL);
}

static const struct job_def notify_jobs[] = {
    {TASK_OUTBOX, TASK_OUTBOX_INTERVAL, run_outbox},
    {TASK_OUTBOX_POLL, TASK_POLL_INTERVAL, run_poll},
};

const struct jobs_module jobs_module_notify = {notify_jobs, MC_ARRAY_LEN(notify_jobs)};

static const struct job_def feedback_jobs[] = {
    {TASK_FEEDBACK_REMIND, TASK_REMIND_INTERVAL, run_feedback_remind},
};

const struct jobs_module jobs_module_feedback = {feedback_jobs, MC_ARRAY_LEN(feedback_jobs)};
