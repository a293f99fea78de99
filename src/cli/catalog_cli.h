/*
 * catalog_cli.h - `motcua import procedures FILE [--online-levels CSV]`
 * and the debugging aid `motcua catalog search "TEXT"`: the command-line
 * front of catalog/catalog.h.
 */
#ifndef MC_CATALOG_CLI_H
#define MC_CATALOG_CLI_H

#include "cli/cli.h"
#include "core/db.h"

/*
 * Import procedures (argv[0] is "procedures"): argv[1] is the national
 * JSON-lines file (.jsonl or .jsonl.gz), optionally followed by
 * "--online-levels FILE.csv"; or argv[1] is a .csv file alone, which
 * updates the online levels of stored procedures.  db was opened and
 * migrated by the caller, who still owns it (NULL is fine with --help).
 * "--help" or "-h" anywhere prints the usage on stdout.  Prints the
 * Vietnamese summary (import_report_print) plus the parse warning counts
 * and the elapsed time, on stdout when the import succeeded, on stderr
 * otherwise.
 * Returns the exit code: 0 imported (or help shown); 1 rejected or failed,
 * nothing written; 2 usage error or a file could not be read.
 * Not thread-safe with other users of db.
 */
int catalog_cli_import_procedures(struct db *db, int argc, char **argv);

/*
 * Search the catalogue (argv[0] is "search", argv[1] the text) and print
 * one line per result: code, score, online level, name.  Options:
 * --field NAME, --level bo|tinh|xa|khac, --online toan-trinh|mot-phan|khong,
 * --agency TEXT, --offset N, --limit N.  Prints the total and the time taken.
 * Returns 0, 1 on a database error, 2 on a usage error.
 */
int catalog_cli_search(struct db *db, int argc, char **argv);

/* `motcua catalog search TEXT ...`: argv[0] is "catalog"; returns the exit code. */
int catalog_cli_main(int argc, char **argv);

/* The catalogue's command-line part: `motcua catalog`, `motcua import procedures`. */
extern const struct cli_module cli_module_catalog;

#endif
