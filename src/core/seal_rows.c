/* seal_rows.c - batch (re)sealing of a table's sealed columns (see seal_rows.h). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "core/db.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/seal.h"
#include "core/seal_rows.h"

struct stored {
    int64_t id;
    char *v[SEAL_ROWS_COLS];   /* as stored; NULL when NULL */
};

/* Read one batch after id after; *n rows into rows (SEAL_ROWS_BATCH). */
static enum mc_status read_batch(struct db *db, const struct seal_rows *spec, bool all,
                                 int64_t after, struct stored *rows, size_t *n)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_query_start(db, spec->select, &st, "iii", after, (int64_t)all,
                                       (int64_t)SEAL_ROWS_BATCH);
    *n = 0;
    while (rc == MC_OK && db_next(st, &rc) && *n < SEAL_ROWS_BATCH) {
        struct stored *r = &rows[(*n)++];
        r->id = db_col_int64(st, 0);
        for (int i = 0; i < spec->ncols; i++)
            r->v[i] = db_col_is_null(st, i + 1) ? NULL : xstrdup(db_col_text(st, i + 1));
    }
    db_done(st);
    return rc;
}

static bool row_current(const struct seal_rows *spec, const struct stored *r)
{
    for (int i = 0; i < spec->ncols; i++)
        if (r->v[i] && r->v[i][0] && !seal_is_current(r->v[i]))
            return false;
    return true;
}

/* Open, seal and index one row's values, and write them. */
static enum mc_status reseal_row(struct db *db, const struct seal_rows *spec,
                                 const struct stored *r)
{
    char *sealed[SEAL_ROWS_COLS] = {0};
    char bidx[SEAL_ROWS_COLS][SEAL_INDEX_SIZE];
    struct db_stmt *st = NULL;
    enum mc_status rc = MC_OK;
    for (int i = 0; rc == MC_OK && i < spec->ncols; i++) {
        char *plain = NULL;
        bidx[i][0] = '\0';
        if (!r->v[i] || !r->v[i][0])
            continue;
        rc = seal_open_alloc(r->v[i], &plain);
        if (rc == MC_OK)
            rc = seal_text_alloc(plain, &sealed[i]);
        if (rc == MC_OK && spec->kind[i])
            rc = seal_index(spec->kind[i], plain, bidx[i]);
        if (plain) {
            sodium_memzero(plain, strlen(plain));
            free(plain);
        }
    }
    if (rc == MC_OK)
        rc = db_prepare(db, spec->update, &st);
    if (rc == MC_OK) {
        int p = 1;
        db_bind_int64(st, p++, r->id);
        for (int i = 0; i < spec->ncols; i++)
            db_bind_str(st, p++, sealed[i] ? sealed[i] : r->v[i]);
        for (int i = 0; i < spec->ncols; i++)
            if (spec->kind[i])
                db_bind_str(st, p++, bidx[i][0] ? bidx[i] : NULL);
        bool row = false;
        rc = db_step(st, &row);
        db_done(st);
    }
    for (int i = 0; i < spec->ncols; i++)
        free(sealed[i]);
    if (rc != MC_OK)
        log_error("cannot seal row %lld of %s: %s", (long long)r->id, spec->what,
                  mc_status_name(rc));
    return rc;
}

enum mc_status seal_rows_run(struct db *db, const struct seal_rows *spec, bool all,
                             size_t *changed)
{
    struct stored *rows = xmalloc(SEAL_ROWS_BATCH * sizeof(*rows));
    int64_t after = 0;
    size_t n = 0;
    enum mc_status rc = MC_OK;
    *changed = 0;
    do {
        rc = read_batch(db, spec, all, after, rows, &n);
        for (size_t i = 0; i < n; i++) {
            after = rows[i].id;
            if (rc == MC_OK && !(all && row_current(spec, &rows[i]))) {
                rc = reseal_row(db, spec, &rows[i]);
                if (rc == MC_OK)
                    (*changed)++;
            }
            for (int k = 0; k < spec->ncols; k++)
                free(rows[i].v[k]);
        }
    } while (rc == MC_OK && n == SEAL_ROWS_BATCH);
    free(rows);
    return rc;
}
