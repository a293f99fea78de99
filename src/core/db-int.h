/*
 * db-int.h - internals shared by db.c and the backends (db_sqlite.c, and
 * later db_postgres.c).  Nothing outside src/core includes this.
 */
#ifndef MC_DB_INT_H
#define MC_DB_INT_H

#include "core/db.h"

struct db_backend {
    const char *dialect;
    enum mc_status (*open)(const char *target, void **conn);
    void (*close)(void *conn);
    enum mc_status (*prepare)(void *conn, const char *sql, void **stmt);
    void (*finalize)(void *stmt);
    void (*reset)(void *stmt);
    void (*bind_int64)(void *stmt, int idx, int64_t v);
    void (*bind_double)(void *stmt, int idx, double v);
    void (*bind_text)(void *stmt, int idx, const char *s, size_t len);
    void (*bind_null)(void *stmt, int idx);
    void (*bind_blob)(void *stmt, int idx, const void *p, size_t len);
    enum mc_status (*step)(void *stmt, bool *row);
    int (*param_count)(void *stmt);
    int64_t (*col_int64)(void *stmt, int col);
    double (*col_double)(void *stmt, int col);
    const char *(*col_text)(void *stmt, int col);
    const void *(*col_blob)(void *stmt, int col);
    size_t (*col_len)(void *stmt, int col);
    bool (*col_is_null)(void *stmt, int col);
    int64_t (*changes)(void *conn);
    enum mc_status (*exec)(void *conn, const char *sql);
    bool single_writer;      /* one write transaction at a time: queue writers in-process */
    /*
     * Group commit (db_tx_grouped); both NULL when the backend has none.
     * set_commit_sync: whether each COMMIT syncs its log itself (true, the
     * default) or leaves it to the caller (false); only outside a
     * transaction.  log_path: the file whose sync makes commits durable
     * (malloc'd into *out), or MC_ERR_NOT_FOUND (no such file: in-memory
     * database, not in WAL mode).
     */
    enum mc_status (*set_commit_sync)(void *conn, bool each_commit);
    enum mc_status (*log_path)(void *conn, char **out);
};

extern const struct db_backend db_sqlite_backend;

#endif
