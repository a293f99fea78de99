/*
 * survey_cli.h - the survey module's command-line part: its sample data
 * for `motcua demo` (an open questionnaire with answers).
 */
#ifndef MC_SURVEY_CLI_H
#define MC_SURVEY_CLI_H

#include "cli/cli.h"

extern const struct cli_module cli_module_survey;

#endif
