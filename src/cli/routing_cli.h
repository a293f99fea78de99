/*
 * routing_cli.h - the command-line side of routing/routing.h: after the
 * catalogue or the agencies are imported, the routes are guessed again
 * from the catalogue's text and the result is summed up.
 */
#ifndef MC_ROUTING_CLI_H
#define MC_ROUTING_CLI_H

#include <stdio.h>
#include "core/db.h"
#include "core/status.h"

/*
 * Run routing_guess_all() as the command line (audit address "cli") and
 * print one Vietnamese line to out: how many procedures got a provincial
 * agency, how many go to the communes, how many are left for the province
 * admin.  Returns its status (MC_OK, MC_ERR_DB, MC_ERR_BUSY).
 */
enum mc_status routing_cli_guess(struct db *db, FILE *out) MC_WARN_UNUSED;

#endif
