/*
 * demo_dossiers.h - sample dossiers for `motcua demo`: six months of
 * history for the index and the lists, and a handful of live dossiers of
 * the demo citizen so every officer queue has work.
 *
 * DESIGN
 * - History: DEMO_HISTORY_COUNT finished dossiers generated in process
 *   (deterministic pseudo-random, over the DEMO_HISTORY_DAYS working days
 *   before now) across the demo agencies, procedures and the three
 *   channels, some late, some supplemented, some paid online, most rated;
 *   they go through the national sync import (dossier_import_jsonl_mem),
 *   so they obey every rule an imported file does.  Skipped when the
 *   database already holds imported dossiers.
 * - Live: about fifteen dossiers lodged online by the demo citizen through
 *   the domain functions (dossier_submit, dossier_act) by the demo
 *   officers, with the clock moved back for each step, so their history,
 *   codes and deadlines are real: new, received, processing, awaiting
 *   approval, supplement requested, waiting for the fee, due soon,
 *   overdue, done and returned (the result in the citizen's vault).
 *   Each has a fixed idempotency key, so a second run replays instead of
 *   creating; the clock is restored afterwards.
 *
 * Thread-safety: for the single-threaded start of `motcua demo` only (it
 * moves the process clock while it runs).
 */
#ifndef MC_DEMO_DOSSIERS_H
#define MC_DEMO_DOSSIERS_H

#include "core/db.h"

#define DEMO_HISTORY_COUNT 3000   /* imported dossiers */
#define DEMO_HISTORY_DAYS 182     /* spread over the last six months */

/*
 * Seed the demo dossiers into db (after the units, agencies, procedures
 * and accounts of demo_seed()); files (attachments, generated results)
 * go to the store under data_dir.  Idempotent.  Prints one line of what
 * it did.  Returns MC_OK; MC_ERR_NOT_FOUND when the demo accounts or
 * agencies are missing; otherwise the first domain error (logged).
 */
enum mc_status demo_dossiers_seed(struct db *db, const char *data_dir) MC_WARN_UNUSED;

#endif
