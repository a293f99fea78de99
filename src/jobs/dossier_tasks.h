/*
 * dossier_tasks.h - the periodic dossier tasks `motcua serve` runs: the
 * deadline sweep (due-soon and overdue marks) every few minutes, the
 * move of staged uploads into the file store every few seconds and the
 * file store sweep (unclaimed uploads) once a day.
 *
 * DESIGN
 * - Each run loads the working calendar afresh with calendar_load(), so an
 *   edit of the holidays by the province admin is seen at the next run
 *   without a restart; the load is a few small queries.
 * - The file store is set up per run from the data folder (filestore_init
 *   does no I/O); the tasks hold no state of their own, so nothing needs
 *   releasing when the runner stops.
 * - The store sweep keeps files younger than DOSSIER_TASK_FILE_AGE, so an
 *   upload waiting for its submission (or a draft) is never removed.
 *
 * Thread-safety: the tasks run on the runner's threads, each with its own
 * connection; data_dir is only read.
 */
#ifndef MC_JOBS_DOSSIER_TASKS_H
#define MC_JOBS_DOSSIER_TASKS_H

#include "core/db.h"
#include "jobs/jobs.h"
#include "core/filestore.h"

#define TASK_DOSSIER_DEADLINES "dossier-deadlines"   /* jobs_kick() names */
#define TASK_FILESTORE_SWEEP "filestore-sweep"
#define TASK_FILESTORE_FLUSH "filestore-flush"
#define TASK_DOSSIER_REMIND "dossier-reminders"   /* the daily messages */
#define TASK_REMIND_DAILY_INTERVAL 600            /* seconds: each goes once a day anyway */
#define TASK_DEADLINES_INTERVAL 300                   /* seconds: every 5 minutes */
#define TASK_FILESTORE_INTERVAL 86400                 /* seconds: daily */
#define TASK_FLUSH_INTERVAL 5                         /* seconds */
#define TASK_FLUSH_MAX 4096                           /* staged files moved per run */
#define TASK_FLUSH_QUIET 2            /* seconds without a new upload: the server is quiet */
#define TASK_FLUSH_BACKLOG 20000      /* staged files that are moved even under load */
#define TASK_FLUSH_MAX_WAIT 300       /* seconds an upload may wait, even under load */
#define DOSSIER_TASK_FILE_AGE 86400                   /* keep unclaimed files 1 day */

/*
 * The dossier module's background part: the deadline sweep (every
 * TASK_DEADLINES_INTERVAL seconds), the move of staged uploads (every
 * TASK_FLUSH_INTERVAL seconds) and the file store sweep (every
 * TASK_FILESTORE_INTERVAL seconds), each with job_env.data_dir.
 */
extern const struct jobs_module jobs_module_dossier;

/*
 * One round of the deadline sweep as the task runs it: load the calendar
 * from db, then dossier_sweep_deadlines() at clock_now().  data_dir as
 * above.  Exposed for tests and the command line.  Returns MC_OK,
 * MC_ERR_DB or MC_ERR_INTERNAL (a stored calendar row is not valid).
 */
enum mc_status dossier_task_deadlines(struct db *db, const char *data_dir) MC_WARN_UNUSED;

/*
 * The daily messages (dossier_remind_daily: appointment tomorrow, the
 * officers' digests, the leaders' escalations) with the calendar loaded
 * from db.  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status dossier_task_reminders(struct db *db, const char *data_dir) MC_WARN_UNUSED;

/*
 * Whether staged uploads are moved now: some are staged and either none
 * came in the last TASK_FLUSH_QUIET seconds (a quiet moment), or
 * TASK_FLUSH_BACKLOG are waiting, or the oldest waited TASK_FLUSH_MAX_WAIT
 * seconds.  During a burst of submissions the move (file creations and a
 * sync of the file system) would compete with the submissions for the
 * disk; the staged bytes are already durable in the database, so waiting
 * costs only database space.  Pure.
 */
bool dossier_task_flush_due(const struct filestore_staged *s, int64_t now);

/*
 * One run of the move of staged uploads into the file store when
 * dossier_task_flush_due() says so (filestore_flush_staged, at most
 * TASK_FLUSH_MAX files).  Returns MC_OK, MC_ERR_IO or MC_ERR_DB.
 */
enum mc_status dossier_task_flush_staged(struct db *db, const char *data_dir) MC_WARN_UNUSED;

/*
 * One round of the file store sweep: remove stored files no row names and
 * older than DOSSIER_TASK_FILE_AGE.  Returns MC_OK, MC_ERR_IO or MC_ERR_DB.
 */
enum mc_status dossier_task_filestore(struct db *db, const char *data_dir) MC_WARN_UNUSED;

#endif
