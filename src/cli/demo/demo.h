/*
 * demo.h - the loader behind `motcua demo`: a ready-to-try platform with
 * sample data.
 *
 * Loads the sample written for this repository (data/demo: one province,
 * some of its communes and agencies), creates demo accounts (data/demo/
 * staff.csv: every role in every demo agency, collaborators in the
 * communes; a citizen and a business with verified contacts) with one
 * shared password and a known TOTP key and prints the logins.  Serving is
 * not its business: the program's composition root (src/app/demo.c) loads
 * with this, then starts the server.  Loading is idempotent: a second
 * start reuses the same database and changes nothing.
 */
#ifndef MC_DEMO_H
#define MC_DEMO_H

#include <stdbool.h>
#include "cli/cli.h"
#include "cli/demo_accounts.h"
#include "core/config.h"
#include "core/csv.h"
#include "core/db.h"


/*
 * Load the demo data into db (idempotent): units, agencies, accounts and
 * procedures, then each module's own sample data (mods[0..n), NULL
 * elements and NULL hooks skipped).  Prints what it did to stdout.
 */
enum mc_status demo_seed(struct db *db, const struct cli_module *const *mods, size_t n)
    MC_WARN_UNUSED;

/*
 * Parse `motcua demo`'s flags (argv[0] is "demo"; --db, --data-dir, --port,
 * --bind, defaults var/demo.db and var/demo) into *cfg, load the demo data
 * (demo_seed with the modules' command-line parts mods[0..nmods), then the
 * demo dossiers into cfg->data_dir) and print the logins.  The listeners
 * of dossier changes must be wired first (src/app/wire.h).  OUT *serve:
 * true when the caller should now serve cfg (false after --help).
 * Returns 0, or the process exit code of a failure (1: the database or
 * the data could not be loaded).
 */
int demo_prepare(int argc, char **argv, const struct cli_module *const *mods, size_t nmods,
                 struct config *cfg, bool *serve);

#endif
