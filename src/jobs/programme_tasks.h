/*
 * programme_tasks.h - the programme's background task: reminders of
 * report due dates (T-7, T-3, T-1, the day, escalation after it) through
 * the notification outbox.
 */
#ifndef MC_JOBS_PROGRAMME_TASKS_H
#define MC_JOBS_PROGRAMME_TASKS_H

#include "jobs/jobs.h"

#define TASK_PROGRAMME_REMIND "programme.remind"
#define TASK_PROGRAMME_REMIND_INTERVAL 600   /* seconds; thresholds are whole days */

extern const struct jobs_module jobs_module_programme;

#endif
