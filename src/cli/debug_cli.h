/*
 * debug_cli.h - `motcua debug ...`: test-only access to the database
 * (see debug_cli.c for the usage text).  Refused unless MOTCUA_TEST=1.
 */
#ifndef MC_DEBUG_CLI_H
#define MC_DEBUG_CLI_H

/* argv[0] is "debug"; returns the process exit code. */
int debug_cli_main(int argc, char **argv);

#endif
