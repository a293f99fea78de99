/*
 * assistant_cli.h - command-line front of the virtual assistant:
 *   motcua import faq FILE.csv            load FAQ knowledge (all or nothing)
 *   motcua assistant ask "QUESTION"       answer one question as the API would
 *   motcua assistant eval QUESTIONS.csv   cross-validated accuracy (eval.h)
 */
#ifndef MC_ASSISTANT_CLI_H
#define MC_ASSISTANT_CLI_H

#include "cli/cli.h"
#include "core/db.h"

/*
 * `motcua import faq FILE.csv` (argv[0] is "faq").  db is NULL when only
 * help was asked for.  Returns the exit code: 0 imported, 1 rejected or
 * failed (nothing written), 2 usage.
 */
int asst_cli_import_faq(struct db *db, int argc, char **argv);

/* `motcua assistant ask|eval ...` (argv[0] is "assistant"); the exit code. */
int asst_cli_main(int argc, char **argv);

/* The assistant's command-line part: `motcua assistant`, `motcua import faq`. */
extern const struct cli_module cli_module_assistant;

#endif
