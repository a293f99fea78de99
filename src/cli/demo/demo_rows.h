/*
 * demo_rows.h - the rows of the demo's embedded CSV files (data/demo/),
 * read by the demo loader and its seeders alike, and who the audit log
 * names for what they load.
 */
#ifndef MC_DEMO_ROWS_H
#define MC_DEMO_ROWS_H

#include "core/compiler.h"
#include "core/csv.h"
#include "core/status.h"
#include "domain/audit/audit.h"

/* Who the audit log names for what the demo loads. */
extern const struct audit_actor demo_actor;

/*
 * Call fn(ctx, rec) for each row after the header of the embedded CSV
 * file path ("data/demo/...").  Stops at the first status that is not
 * MC_OK and returns it; MC_OK after the last row; MC_ERR_NOT_FOUND when
 * no such file is embedded.  rec is valid during the call only.
 */
enum mc_status demo_each_row(const char *path,
                             enum mc_status (*fn)(void *ctx, const struct csv_record *rec),
                             void *ctx) MC_WARN_UNUSED;

#endif
