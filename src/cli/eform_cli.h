/*
 * eform_cli.h - `motcua import eforms FILE.json`: the command-line front of
 * eform_import() (domain/eform/eform.h), which gives procedures of the
 * catalogue their electronic forms.
 */
#ifndef MC_EFORM_CLI_H
#define MC_EFORM_CLI_H

#include "cli/cli.h"

/* The e-forms' command-line part: `motcua import eforms`. */
extern const struct cli_module cli_module_eform;

#endif
