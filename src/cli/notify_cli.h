/*
 * notify_cli.h - the notify module's command line: `motcua notify send`
 * (queue one message: a gateway test, or outreach with --outreach) and
 * `motcua notify count` (an SMS's encoding, length and parts).
 */
#ifndef MC_NOTIFY_CLI_H
#define MC_NOTIFY_CLI_H

#include "cli/cli.h"

extern const struct cli_module cli_module_notify;

#endif
