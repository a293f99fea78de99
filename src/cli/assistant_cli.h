/*
 * assistant_cli.h - command-line front of the virtual assistant:
 *   motcua import faq FILE.csv            load FAQ knowledge (all or nothing)
 *   motcua assistant ask "QUESTION"       answer one question as the API would
 *   motcua assistant eval QUESTIONS.csv   cross-validated accuracy (eval.h)
 */
#ifndef MC_ASSISTANT_CLI_H
#define MC_ASSISTANT_CLI_H

#include "cli/cli.h"

/* The assistant's command-line part: `motcua assistant`, `motcua import faq`. */
extern const struct cli_module cli_module_assistant;

#endif
