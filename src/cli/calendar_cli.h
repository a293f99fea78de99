/*
 * calendar_cli.h - the "motcua calendar" subcommand.
 *
 *   motcua calendar due --from TIME --days N [--unit UNIT] [--receive]
 *                       [--cutoff HH:MM]
 *   motcua calendar workdays --from DATE --to DATE
 *   motcua calendar holidays --year YEAR
 *
 * Works on the default calendar (Labour Code holidays and nghỉ bù, office
 * hours 07:30-11:30 and 13:30-17:00); with --db PATH (any command) the
 * stored office hours and overrides of that database are added
 * (calendar/calendar_store.h).
 */
#ifndef MC_CALENDAR_CLI_H
#define MC_CALENDAR_CLI_H

#include "cli/cli.h"

/*
 * Run the subcommand; argv[0] is "calendar", argv[1] the command.
 * Results go to standard output, errors (Vietnamese) to standard error.
 * Returns the process exit code: 0 on success or --help, 2 on a usage
 * error or a value that cannot be computed.  Not thread-safe (stdio).
 */
int calendar_cli_main(int argc, char **argv);

/* The calendar's command-line part: `motcua calendar`. */
extern const struct cli_module cli_module_calendar;

#endif
