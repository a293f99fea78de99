/*
 * seal_rows.h - seal the columns of a table's rows in batches: the values
 * written before a column was sealed (at start) and every value again under
 * a new key (`motcua keys rotate`), with their blind indexes.
 *
 * A module describes its sealed columns once (struct seal_rows) with two
 * named queries of its own and calls seal_rows_run() from its reseal
 * function; docs/internals/seal.md lists the modules that do.
 */
#ifndef MC_SEAL_ROWS_H
#define MC_SEAL_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include "core/status.h"

#define SEAL_ROWS_COLS 6    /* sealed columns of one table, at most */
#define SEAL_ROWS_BATCH 500 /* rows read at a time */

struct db;
struct db_query;

/*
 * select: "SELECT id, col1, ..., colN FROM t WHERE id > ?1 AND (?2 = 1 OR
 * <some value is stale>) ORDER BY id LIMIT ?3": ?2 is 1 when every row is
 * wanted (a rotation), 0 when only rows holding a plaintext value or
 * missing a blind index are.
 * update: "UPDATE t SET col1 = ?2, ..., colN = ?N+1, <bidx of each column
 * with a kind, in column order> = ?.. WHERE id = ?1".  A NULL value stays
 * NULL, "" stays "", a blind index is NULL for an empty value.
 * kind[i]: the blind index kind of column i (seal_index()), NULL for none.
 */
struct seal_rows {
    const char *what;                 /* for the log: "dossiers" */
    const struct db_query *select;
    const struct db_query *update;
    int ncols;
    const char *kind[SEAL_ROWS_COLS];
};

/*
 * Seal the stale rows of spec (all false) or reseal every row not already
 * sealed under the current key (all true), in the caller's transaction;
 * *changed counts rows written.  Idempotent.  MC_ERR_IO when the key is
 * unreadable, MC_ERR_UNAUTHORIZED when a stored value does not open, or
 * the database's error.
 */
enum mc_status seal_rows_run(struct db *db, const struct seal_rows *spec, bool all,
                             size_t *changed) MC_WARN_UNUSED;

#endif
