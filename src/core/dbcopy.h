/*
 * dbcopy.h - copying a deployment's database from one backend to another
 * (`motcua migrate-to-postgres`: a province that outgrows one machine
 * moves its SQLite file into PostgreSQL).
 *
 * DESIGN
 * - Both databases are migrated to the same version first, so their
 *   tables match; the copy moves rows only.  The tables are those of the
 *   source (sqlite_master) that the target also has, in dependency order
 *   (a table after every table its foreign keys name; rows of a table that
 *   names itself in rowid order, parents first).  A full-text index of the
 *   source (an FTS5 table) is copied as rows (rowid as id) into the
 *   target's index table, whose trigger rebuilds its terms; the source's
 *   search internals the target does not have are skipped.
 * - Each table is copied in one transaction of the target, which checks
 *   before it commits that the target holds the same number of rows with
 *   the same checksum as the source: a per-table sum (mod 2^64) of a hash of
 *   each row's values, taken as text (integers in decimal, reals as
 *   %.17g, blobs as bytes), so it does not depend on row order or on how
 *   a backend types a value (a boolean is 0 or 1 on both).
 * - Resumable: a table is copied whole or not at all, so after an
 *   interruption each table of the target is either like the source
 *   (done, skipped) or as migrations left it (copied now).  Any other
 *   table means the target already has data of its own: the whole copy is
 *   refused before anything is written.  The source must not change
 *   during the move (stop the server first).
 *
 * Thread-safety: one copy per pair of connections.
 */
#ifndef MC_CORE_DBCOPY_H
#define MC_CORE_DBCOPY_H

#include <stddef.h>
#include <stdint.h>
#include "core/compiler.h"
#include "core/db.h"
#include "core/status.h"

/* What happened to one table. */
enum dbcopy_outcome {
    DBCOPY_COPIED,      /* copied now and verified */
    DBCOPY_DONE,        /* already like the source: skipped */
    DBCOPY_SOURCE_ONLY, /* the target has no such table (search internals): skipped */
    DBCOPY_FOREIGN,     /* the target has other rows: nothing was copied */
    DBCOPY_FAILED,      /* copying or verifying failed: rolled back */
    DBCOPY_LATER,       /* not reached in this run (max_tables) */
};

/* One table's line of the report. */
struct dbcopy_table {
    const char *name;               /* the table's name (valid during the call) */
    enum dbcopy_outcome outcome;
    int64_t rows;                   /* rows of the source */
    uint64_t checksum;              /* the source's checksum (see DESIGN) */
};

/* Told about each table as its outcome is known. */
typedef void (*dbcopy_note_fn)(const struct dbcopy_table *t, void *ctx);

/*
 * Copy every table of from (a SQLite database) into to (any backend),
 * both already migrated.  Stops after copying max_tables tables when
 * max_tables is not 0 (a long move done in parts; the rest are LATER).
 * note (may be NULL) hears about every table.  Returns MC_OK when every
 * table is copied or done, MC_ERR_CONFLICT when the target has data of
 * its own (every FOREIGN table is told, nothing written), MC_ERR_DB or
 * MC_ERR_IO when a table failed (the tables before it stay copied; run
 * again to resume).
 */
enum mc_status dbcopy_run(struct db *from, struct db *to, size_t max_tables,
                          dbcopy_note_fn note, void *ctx) MC_WARN_UNUSED;

#endif
