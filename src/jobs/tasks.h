/*
 * tasks.h - the periodic tasks `motcua serve` runs: outbox delivery and
 * feedback reminders.  Each is a thin job_fn over its domain module.
 */
#ifndef MC_JOBS_TASKS_H
#define MC_JOBS_TASKS_H

#include "jobs/jobs.h"
#include "domain/notify/notify.h"

#define TASK_OUTBOX "outbox"                /* jobs_kick() name of outbox delivery */
#define TASK_FEEDBACK_REMIND "feedback-remind"
#define TASK_OUTBOX_INTERVAL 5              /* seconds */
#define TASK_REMIND_INTERVAL 300            /* seconds */

/*
 * Register the standard tasks on j: outbox delivery with nc (borrowed;
 * must outlive the runner) every TASK_OUTBOX_INTERVAL seconds, and the
 * feedback reminder sweep every TASK_REMIND_INTERVAL seconds.
 */
enum mc_status tasks_register(struct jobs *j, const struct notify_config *nc) MC_WARN_UNUSED;

#endif
