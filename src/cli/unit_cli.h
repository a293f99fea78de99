/*
 * unit_cli.h - `motcua import units FILE` and `motcua import agencies
 * FILE`: the command-line front of the imports in units/unit.h.
 */
#ifndef MC_UNIT_CLI_H
#define MC_UNIT_CLI_H

#include "cli/cli.h"
#include "core/db.h"

/*
 * Import provinces and communes from the JSON file argv[1] (argv[0] is
 * "units") into db, which the caller opened and migrated and still owns.
 * "--help" or "-h" anywhere prints the usage on stdout.  The file is read
 * whole, at most UNITS_IMPORT_MAX_BYTES.  Prints the Vietnamese summary
 * (import_report_print) on stdout when the import succeeded, on stderr
 * otherwise.
 * Returns the exit code: 0 imported (or help shown); 1 rejected or failed,
 * nothing written; 2 usage error or the file could not be read.
 * Not thread-safe with other users of db.
 */
int units_cli_import_units(struct db *db, int argc, char **argv);

/*
 * Import agencies from the CSV file argv[1] (argv[0] is "agencies"), as
 * units_cli_import_units() does; at most AGENCIES_IMPORT_MAX_BYTES.
 * Units must have been imported first.  Same exit codes.
 */
int units_cli_import_agencies(struct db *db, int argc, char **argv);

/* The units' command-line part: `motcua import units|agencies`. */
extern const struct cli_module cli_module_units;

#endif
