/*
 * index766_cli.h - the "motcua index" subcommand (docs/internals/index766.md):
 *
 *   motcua index --period P [--unit CODE] [--kind agencies|communes]
 *                [--format json|csv|xlsx] [--output FILE]
 *   motcua index --late --period P [--unit CODE] [--format json|csv]
 *   motcua index --publish --period P [--note TEXT]
 *   motcua index --recheck | --rebuild
 *
 * With --unit: the index of that unit (the JSON of index766_document()).
 * Without: the province's index and the rankings of every agency and
 * commune (--kind: just that ranking, the JSON of
 * index766_ranking_document()).  xlsx needs --output.
 */
#ifndef MC_INDEX766_CLI_H
#define MC_INDEX766_CLI_H

#include "cli/cli.h"

/* The quality module's command-line part: `motcua index` (the 766 index). */
extern const struct cli_module cli_module_quality;

#endif
