/*
 * tasks.h - the background parts of the notify module (outbox delivery)
 * and the feedback module (reminders and escalation): each task is a thin
 * job_fn over its domain module, run by `motcua serve`.
 */
#ifndef MC_JOBS_TASKS_H
#define MC_JOBS_TASKS_H

#include "jobs/jobs.h"
#include "domain/notify/notify.h"

#define TASK_OUTBOX "outbox"                /* jobs_kick() name of outbox delivery */
#define TASK_FEEDBACK_REMIND "feedback-remind"
#define TASK_OUTBOX_POLL "outbox-poll"      /* delivery receipts by status query */
#define TASK_OUTBOX_INTERVAL 5              /* seconds */
#define TASK_OUTBOX_ROUND_US 30000000LL     /* one run delivers for this long at most */
#define TASK_POLL_INTERVAL 60               /* seconds */
#define TASK_REMIND_INTERVAL 300            /* seconds */

/* Outbox delivery every TASK_OUTBOX_INTERVAL seconds and receipts by status
 * query (notify_poll.h) every TASK_POLL_INTERVAL seconds, with job_env.notify. */
extern const struct jobs_module jobs_module_notify;
/* The feedback reminder sweep every TASK_REMIND_INTERVAL seconds. */
extern const struct jobs_module jobs_module_feedback;

#endif
