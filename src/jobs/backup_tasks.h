/*
 * backup_tasks.h - the scheduled backup (core/backup.h): when
 * MOTCUA_BACKUP_DIR is set, a backup of the database and the file store
 * goes there every MOTCUA_BACKUP_INTERVAL seconds and the newest
 * MOTCUA_BACKUP_KEEP are kept.  The task looks every
 * TASK_BACKUP_INTERVAL seconds whether the newest backup in the folder is
 * due for a successor, so a restart does not make an extra one and,
 * under the task's lease, one app server of several makes it.
 */
#ifndef MC_JOBS_BACKUP_TASKS_H
#define MC_JOBS_BACKUP_TASKS_H

#include "jobs/jobs.h"

#define TASK_BACKUP "backup"
#define TASK_BACKUP_INTERVAL 30   /* seconds between looks */

/* The scheduled backup, with job_env's db_url, data_dir and backup settings. */
extern const struct jobs_module jobs_module_backup;

#endif
