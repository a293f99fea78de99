/*
 * campaign_tasks.h - the campaign module's background task: queue the
 * messages of campaigns being sent, batch by batch, in the notify outbox
 * (whose own task delivers them).
 */
#ifndef MC_JOBS_CAMPAIGN_TASKS_H
#define MC_JOBS_CAMPAIGN_TASKS_H

#include "jobs/jobs.h"

#define TASK_CAMPAIGN_SEND "campaign.send"
#define TASK_CAMPAIGN_SEND_INTERVAL 2   /* seconds: the outbox window refills this often */

extern const struct jobs_module jobs_module_campaign;

#endif
