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

/* The dossiers' command-line part: `motcua import dossiers`, `motcua export dossiers`. */
extern const struct cli_module cli_module_dossier;

#endif
