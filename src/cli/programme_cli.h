/*
 * programme_cli.h - the programme's command line: `motcua programme`
 * (load a shipped plan, import and export tasks, reassign the open tasks
 * of an organisation that ended, the oversight role, reminders) and its
 * sample data for `motcua demo`.
 */
#ifndef MC_PROGRAMME_CLI_H
#define MC_PROGRAMME_CLI_H

#include "cli/cli.h"

extern const struct cli_module cli_module_programme;

/* `motcua programme ...`; argv[0] is "programme".  Returns the exit code. */
int programme_cli_main(int argc, char **argv);

#endif
