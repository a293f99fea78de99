/*
 * fuzz_db.h - an in-memory database for the fuzz targets that import into
 * it: opened and migrated once, and every input's work rolled back, so
 * each input starts from the same empty, migrated database (a crash
 * replays from its input alone).
 *
 *   static enum mc_status run(struct db *db, void *ctx) { ... }
 *   fuzz_db_rollback(run, &ctx);   // run(db, ctx) inside a transaction
 *                                  // that is always rolled back
 */
#ifndef MC_FUZZ_DB_H
#define MC_FUZZ_DB_H

#include <stdlib.h>
#include "core/db.h"
#include "core/log.h"

/* What the wrapper returns to force the rollback (fn's status is kept apart). */
#define FUZZ_DB_ROLLBACK MC_ERR_INTERNAL

struct fuzz_db_call {
    enum mc_status (*fn)(struct db *db, void *ctx);
    void *ctx;
    enum mc_status st; /* what fn returned */
};

static inline struct db *fuzz_db(void)
{
    static struct db *db;
    if (!db) {
        log_set_level(LOG_ERROR); /* migrations log at info */
        if (db_open(":memory:", &db) != MC_OK || db_migrate(db, NULL) != MC_OK)
            abort();
    }
    return db;
}

static inline enum mc_status fuzz_db_call_fn(struct db *db, void *arg)
{
    struct fuzz_db_call *c = arg;
    c->st = c->fn(db, c->ctx);
    return FUZZ_DB_ROLLBACK;
}

/* Run fn(db, ctx) in a transaction that is rolled back; fn's status. */
static inline enum mc_status fuzz_db_rollback(enum mc_status (*fn)(struct db *, void *), void *ctx)
{
    struct fuzz_db_call c = {fn, ctx, MC_OK};
    if (db_tx(fuzz_db(), fuzz_db_call_fn, &c) != FUZZ_DB_ROLLBACK)
        abort(); /* the transaction could not run */
    return c.st;
}

#endif
