/*
 * eform_cli.h - `motcua import eforms FILE.json`: the command-line front of
 * eform_import() (domain/eform/eform.h), which gives procedures of the
 * catalogue their electronic forms.
 */
#ifndef MC_EFORM_CLI_H
#define MC_EFORM_CLI_H

#include "cli/cli.h"
#include "core/db.h"

extern const struct cli_module cli_module_eform;

/*
 * argv[0] is "eforms", argv[1] the file.  db was opened and migrated by the
 * caller (NULL is fine with --help).  Prints the Vietnamese summary on
 * stdout when the file was loaded, on stderr with one line per problem
 * otherwise.  Returns 0 loaded (or help shown), 1 rejected (nothing
 * written), 2 usage error or unreadable file.
 */
int eform_cli_import(struct db *db, int argc, char **argv);

#endif
