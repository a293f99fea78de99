/*
 * backup_cli.h - the backup module's command line: `motcua backup`,
 * `motcua restore` and `motcua migrate-to-postgres` (core/backup.h,
 * core/dbcopy.h); its scheduled backup is src/jobs/backup_tasks.c.
 */
#ifndef MC_BACKUP_CLI_H
#define MC_BACKUP_CLI_H

#include "cli/cli.h"

extern const struct cli_module cli_module_backup;

#endif
