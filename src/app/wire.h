/*
 * wire.h - the composition root's wiring of the domain: who listens to
 * whom.  The dossier module announces its changes (dossier_change.h) and
 * never includes the modules that react; this is the one place that
 * connects them, so every program path that changes dossiers (serve, the
 * demo, `motcua import dossiers`, unit tests that expect the 766 counters
 * to move) behaves the same by calling app_wire_listeners() first.
 */
#ifndef MC_APP_WIRE_H
#define MC_APP_WIRE_H

#include "core/status.h"

/*
 * Register, in this order, the listeners of dossier changes: the 766
 * counters (index766_on_dossier_event), the invitation to rate
 * (rating_on_dossier_change) and the applicant's notices
 * (dossier_notify_on_change).  Idempotent: calling it again changes
 * nothing.  Call it while the program is single-threaded (before the
 * server or the jobs start).  Returns MC_OK, or MC_ERR_TOO_LARGE when the
 * listener table is full (a programming error).
 *
 * Also registers the owners of stored files (core/filestore.h), so the
 * file-store sweep keeps what dossiers, drafts, vault items and feedback
 * attachments name: dossier_uses_file, vault_uses_file,
 * feedback_uses_file, prog_uses_file (a programme report's evidence).
 * A module that keeps stored files adds its owner here.  Finally gives
 * the programme's consolidated report its KPI table: the province's
 * figures for the report's year, frozen by the KPI module (kpi_freeze).
 */
enum mc_status app_wire_listeners(void) MC_WARN_UNUSED;

#endif
