/*
 * db-int.h - internals shared by db.c and the backends (db_sqlite.c, and
 * later db_postgres.c).  Nothing outside src/core includes this.
 */
#ifndef MC_DB_INT_H
#define MC_DB_INT_H

#include "db.h"

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
    enum mc_status (*step)(void *stmt, bool *row);
    int (*param_count)(void *stmt);
    int64_t (*col_int64)(void *stmt, int col);
    double (*col_double)(void *stmt, int col);
    const char *(*col_text)(void *stmt, int col);
    size_t (*col_len)(void *stmt, int col);
    bool (*col_is_null)(void *stmt, int col);
    int64_t (*changes)(void *conn);
    enum mc_status (*exec)(void *conn, const char *sql);
    const char *begin_sql;   /* e.g. "BEGIN IMMEDIATE" */
};

extern const struct db_backend db_sqlite_backend;

#endif
