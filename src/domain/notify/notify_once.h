/*
 * notify_once.h - messages sent at most once a day (migration 0026).
 *
 * A daily job claims (topic, day, who) inside the transaction that queues
 * the message: the claim and the message commit together, so a job run
 * twice the same day (every tick, on every app server) queues it once,
 * and a run that crashed before committing claims nothing.
 *
 * Thread-safety: as notify.h.
 */
#ifndef MC_NOTIFY_ONCE_H
#define MC_NOTIFY_ONCE_H

#include <stdbool.h>
#include <stdint.h>
#include "core/db.h"
#include "core/status.h"

#define NOTIFY_ONCE_KEEP_S (60 * 86400)   /* claims older than this are deleted */

/* The local date (UTC+7) of t as "YYYY-MM-DD". */
void notify_local_day(int64_t t, char out[11]);

/*
 * Claim (topic, day, who) (call inside a db_tx): *first is true when no
 * one claimed it before, false when it was claimed already (send nothing).
 * Returns MC_OK, MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status notify_once_claim(struct db *db, const char *topic, const char *day,
                                 const char *who, bool *first) MC_WARN_UNUSED;

/* Delete claims older than NOTIFY_ONCE_KEEP_S before now.  MC_OK, MC_ERR_DB. */
enum mc_status notify_once_sweep(struct db *db, int64_t now) MC_WARN_UNUSED;

#endif
