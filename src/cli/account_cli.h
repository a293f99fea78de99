/* account_cli.h - `motcua user ...` (see account_cli.c for the usage text). */
#ifndef MC_ACCOUNT_CLI_H
#define MC_ACCOUNT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include "cli/cli.h"
#include "core/status.h"

/* argv[0] is "user"; returns the process exit code. */
int account_cli_main(int argc, char **argv);

struct db;
/*
 * Every sealed field of every module (core/seal.h): sealed when written
 * before it was sealed (all false: `serve` at start, idempotent), or
 * resealed under the current key (all true: `motcua keys rotate`), in the
 * caller's transaction.  *changed counts the values (TOTP) and rows written.
 */
enum mc_status keys_reseal_all(struct db *db, bool all, size_t *changed) MC_WARN_UNUSED;

/* The accounts' command-line part: `motcua user`. */
extern const struct cli_module cli_module_accounts;

#endif
