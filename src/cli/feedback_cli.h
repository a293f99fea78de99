/*
 * feedback_cli.h - the feedback module's command-line part: its sample
 * data for `motcua demo` (published answers, items waiting for an answer).
 */
#ifndef MC_FEEDBACK_CLI_H
#define MC_FEEDBACK_CLI_H

#include "cli/cli.h"

extern const struct cli_module cli_module_feedback;

#endif
