/*
 * campaign_cli.h - the campaign module's command-line part: its sample
 * data for `motcua demo` (a Tháng cao điểm campaign approved by the leader
 * of the service centre, a 10/10 campaign waiting for approval).
 */
#ifndef MC_CAMPAIGN_CLI_H
#define MC_CAMPAIGN_CLI_H

#include "cli/cli.h"

extern const struct cli_module cli_module_campaign;

#endif
