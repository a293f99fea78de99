/*
 * cli.h - shared pieces of the command-line subcommands: how a module
 * describes its commands, opening the configured database (migrated) and
 * small argument helpers.
 *
 * A module's command-line part exports one `const struct cli_module
 * cli_module_<name>` (src/cli/<module>_cli.c); the composition root lists
 * it next to the module's web and background parts (src/app/modules.c),
 * and `motcua --help`, `motcua import` and `motcua export` are built from
 * those lists.
 */
#ifndef MC_CLI_H
#define MC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include "core/compiler.h"
#include "core/config.h"
#include "core/db.h"
#include "domain/audit/audit.h"

/* A subcommand of its own: `motcua NAME ...`. */
struct cli_command {
    const char *name;                      /* "user" */
    int (*main)(int argc, char **argv);    /* argv[0] is name; returns the exit code */
    const char *help;                      /* one line, Vietnamese, for `motcua --help` */
};

/*
 * One kind of data for `motcua import KIND FILE` or `motcua export KIND`.
 * run gets argv with argv[0] = kind and the common flags (--db, ...)
 * already removed, and the opened, migrated database; with --help in
 * argv it gets db NULL and prints its usage.  Returns the exit code.
 */
struct cli_data_kind {
    const char *kind;                                  /* "units" */
    int (*run)(struct db *db, int argc, char **argv);
    const char *help;                                  /* one line, Vietnamese */
};

/* A module's command-line part (any list may be empty). */
struct cli_module {
    const struct cli_command *commands;
    size_t ncommands;
    const struct cli_data_kind *imports;   /* kinds of `motcua import` */
    size_t nimports;
    const struct cli_data_kind *exports;   /* kinds of `motcua export` */
    size_t nexports;
    /* The module's sample data for `motcua demo`, loaded after the demo's units,
     * accounts and procedures (cli/demo_accounts.h names them); must change nothing when
     * run again.  NULL = none. */
    enum mc_status (*demo)(struct db *db);
};

/* Who the audit log names for changes made from the command line. */
extern const struct audit_actor cli_actor;

/* "array, number of elements" for the lists of struct cli_module. */
#define CLI_LIST(a) (a), MC_ARRAY_LEN(a)

/*
 * Whether a command may create the data key (core/seal.h) when there is
 * none: when it was told the data folder (--data-dir, MOTCUA_DATA_DIR) or
 * the key file (MOTCUA_DATA_KEY_FILE), or uses the default database next
 * to the default folder.  Not when only the database was named: the
 * default folder is then relative to wherever the command runs, and a key
 * made there would seal values the server cannot open.
 */
bool cli_may_create_key(const struct config *cfg);
/*
 * Read the common flags (--db, --data-dir, ...) from argv (compacting it),
 * open the database and apply migrations.  Prints a Vietnamese message
 * and returns MC_ERR_* on failure.  The caller closes *db.  Sealing
 * creates the data key only as cli_may_create_key() allows.
 */
enum mc_status cli_open_db(struct config *cfg, int *argc, char **argv, struct db **db)
    MC_WARN_UNUSED;
/*
 * cfg from the environment and the common flags (--db, --data-dir, ...)
 * of a command's arguments argv[0..argc), argv[0] being its name: *argc
 * and *argv then hold its other arguments, its name and the common flags
 * removed.  MC_ERR_INVALID (the reason printed) for a bad flag value.
 */
enum mc_status cli_config(struct config *cfg, int *argc, char ***argv) MC_WARN_UNUSED;
/*
 * Open the database as cli_open_db() does from the common flags in argv,
 * call run(db, argc, argv) with those flags removed, and close the
 * database.  Returns run's exit code, or 1 when the database could not
 * be opened (the reason is printed).
 */
int cli_with_db(int argc, char **argv, int (*run)(struct db *db, int argc, char **argv));
/*
 * Print to stderr, in Vietnamese, that the database url cannot be opened
 * and why when the URL is the reason (db_url_problem); the password of a
 * URL is never printed.
 */
void cli_db_error(const char *url);
/*
 * A command that only needs the database: usage on standard output for
 * --help or -h (exit code 0), else cli_with_db(argc, argv, run).
 */
int cli_run(int argc, char **argv, const char *usage,
            int (*run)(struct db *db, int argc, char **argv));
/* True if argv[0..argc) contains --help or -h. */
bool cli_wants_help(int argc, char **argv);
/*
 * Whether argv (argv[0] the kind of `motcua import KIND FILE`) is one
 * file and nothing else.  When it is not: with --help or -h, usage on
 * standard output and *code set to 0; otherwise usage on standard error
 * after a line saying one file is wanted, *code left as it was.
 */
bool cli_one_file(int argc, char **argv, const char *usage, int *code);
/*
 * Whether every argument after argv[0] is a known flag: one of valued
 * followed by its value, or one of bare.  Both lists end with NULL.
 */
bool cli_args_known(int argc, char **argv, const char *const *valued,
                    const char *const *bare);
/* Whether flag name stands in argv after argv[0]. */
bool cli_has_flag(int argc, char **argv, const char *name);
/* The value after flag name in argv, or NULL. */
const char *cli_flag(int argc, char **argv, const char *name);

/* `motcua migrate`. */
int cli_migrate_main(int argc, char **argv);

#endif
