/*
 * cli.h - shared pieces of the command-line subcommands: opening the
 * configured database (migrated) and small argument helpers.
 */
#ifndef MC_CLI_H
#define MC_CLI_H

#include <stdbool.h>
#include "core/config.h"
#include "core/db.h"

/*
 * Read the common flags (--db, --data-dir, ...) from argv (compacting it),
 * open the database and apply migrations.  Prints a Vietnamese message
 * and returns MC_ERR_* on failure.  The caller closes *db.
 */
enum mc_status cli_open_db(struct config *cfg, int *argc, char **argv, struct db **db)
    MC_WARN_UNUSED;
/*
 * Print to stderr, in Vietnamese, that the database url cannot be opened
 * and why when the URL is the reason (db_url_problem); the password of a
 * URL is never printed.
 */
void cli_db_error(const char *url);
/* True if argv[0..argc) contains --help or -h. */
bool cli_wants_help(int argc, char **argv);
/* The value after flag name in argv, or NULL. */
const char *cli_flag(int argc, char **argv, const char *name);

/* `motcua migrate`. */
int cli_migrate_main(int argc, char **argv);

#endif
