/* tasks.c - the standard periodic tasks (see tasks.h). */
#include "jobs/tasks.h"
#include "domain/feedback/feedback.h"

static enum mc_status run_outbox(struct db *db, void *ctx)
{
    return notify_deliver(db, ctx, NULL);
}

static enum mc_status run_feedback_remind(struct db *db, void *ctx)
{
    (void)ctx;
    return feedback_remind(db, NULL);
}

enum mc_status tasks_register(struct jobs *j, const struct notify_config *nc)
{
    enum mc_status st = jobs_add(j, TASK_OUTBOX, TASK_OUTBOX_INTERVAL, run_outbox,
                                 (void *)nc);
    if (st == MC_OK)
        st = jobs_add(j, TASK_FEEDBACK_REMIND, TASK_REMIND_INTERVAL, run_feedback_remind,
                      NULL);
    return st;
}
