/*
 * kpi_cli.h - the KPI module's command-line part (docs/kpi.md):
 *
 *   motcua kpi --period P [--unit CODE] [--format json|csv|xlsx]
 *              [--output FILE] [--public]
 *   motcua kpi --freeze --period P
 *   motcua import kpi-denominators FILE.csv
 *
 * and its sample data for `motcua demo` (denominators for the demo
 * communes and agencies).
 */
#ifndef MC_KPI_CLI_H
#define MC_KPI_CLI_H

#include "cli/cli.h"

/*
 * Run `motcua kpi`; argv[0] is "kpi".  The JSON is kpi_table_json()
 * (domain/kpi/kpi.h), exactly what GET /api/v1/kpi answers.  Output to
 * standard output or --output, Vietnamese errors to standard error.
 * Returns 0 done, 1 failure, 2 usage error (bad period, unknown unit).
 * Not thread-safe (stdio).
 */
int kpi_cli_main(int argc, char **argv);

extern const struct cli_module cli_module_kpi;

#endif
