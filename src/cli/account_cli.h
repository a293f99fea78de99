/* account_cli.h - `motcua user ...` (see account_cli.c for the usage text). */
#ifndef MC_ACCOUNT_CLI_H
#define MC_ACCOUNT_CLI_H

#include "cli/cli.h"

/* argv[0] is "user"; returns the process exit code. */
int account_cli_main(int argc, char **argv);

/* The accounts' command-line part: `motcua user`. */
extern const struct cli_module cli_module_accounts;

#endif
