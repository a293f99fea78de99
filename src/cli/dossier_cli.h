/*
 * dossier_cli.h - command-line front of dossiers in the national sync
 * format (domain/dossier/dossier_sync.h):
 *   motcua import dossiers FILE.jsonl
 *   motcua export dossiers [--from YYYY-MM-DD] [--to YYYY-MM-DD]
 * Both print Vietnamese messages and return the process exit code.
 */
#ifndef MC_CLI_DOSSIER_CLI_H
#define MC_CLI_DOSSIER_CLI_H

#include "cli/cli.h"
#include "core/db.h"

/*
 * `motcua import dossiers FILE` (argv[0] "dossiers"): prints the report
 * (stdout on success, stderr otherwise).  db NULL or --help prints the
 * usage.  The program's listeners of dossier changes (the 766 counters)
 * must be wired first (src/app/wire.h).  Returns 0 imported; 1 rejected
 * or failed (nothing written); 2 usage error or unreadable file.
 */
int dossier_cli_import(struct db *db, int argc, char **argv);

/*
 * `motcua export dossiers [--from YYYY-MM-DD] [--to YYYY-MM-DD]` (argv[0]
 * "dossiers"; dates are Vietnam days, both included) to standard output.
 * Returns 0, 1 on failure, 2 on a usage error.
 */
int dossier_cli_export(struct db *db, int argc, char **argv);

/* The dossiers' command-line part: `motcua import dossiers`, `motcua export dossiers`. */
extern const struct cli_module cli_module_dossier;

#endif
