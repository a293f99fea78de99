/*
 * db_sqlite.c - the SQLite backend of the storage interface (db-int.h).
 *
 * Connections run in WAL mode with foreign keys on, synchronous=FULL (an
 * acknowledged commit survives a crash or power loss) and a busy timeout;
 * db.c adds transaction retries on top.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include "core/db-int.h"
#include "core/log.h"
#include "core/mem.h"

static enum mc_status map_rc(sqlite3 *conn, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return MC_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return MC_ERR_BUSY;
    case SQLITE_CONSTRAINT:
        return MC_ERR_CONFLICT;
    case SQLITE_FULL:
    case SQLITE_IOERR:
        log_error("sqlite: %s", conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
        return MC_ERR_IO;
    default:
        log_error("sqlite: %s", conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
        return MC_ERR_DB;
    }
}

static enum mc_status sq_exec(void *conn, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(conn, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_CONSTRAINT)
        log_error("sqlite exec: %s", err ? err : sqlite3_errstr(rc));
    sqlite3_free(err);
    return map_rc(NULL, rc);
}

static enum mc_status sq_open(const char *target, void **out)
{
    sqlite3 *conn = NULL;
    enum mc_status st;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(target, &conn, flags, NULL);
    if (rc != SQLITE_OK) {
        log_error("cannot open database: %s", conn ? sqlite3_errmsg(conn) : "?");
        st = MC_ERR_IO;
        goto out;
    }
    sqlite3_busy_timeout(conn, 5000);
    sqlite3_extended_result_codes(conn, 1);
    st = sq_exec(conn, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
                       " PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY;");
out:
    if (st != MC_OK) {
        sqlite3_close(conn);
        conn = NULL;
    }
    *out = conn;
    return st;
}

static void sq_close(void *conn)
{
    sqlite3_close_v2(conn);
}

static enum mc_status sq_prepare(void *conn, const char *sql, void **out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    *out = st;
    return map_rc(conn, rc);
}

static void sq_finalize(void *st)
{
    sqlite3_finalize(st);
}

static void sq_reset(void *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

static void sq_bind_int64(void *st, int idx, int64_t v)
{
    sqlite3_bind_int64(st, idx, v);
}

static void sq_bind_double(void *st, int idx, double v)
{
    sqlite3_bind_double(st, idx, v);
}

static void sq_bind_text(void *st, int idx, const char *s, size_t len)
{
    sqlite3_bind_text64(st, idx, s, len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void sq_bind_blob(void *st, int idx, const void *p, size_t len)
{
    sqlite3_bind_blob64(st, idx, p, len, SQLITE_TRANSIENT);
}

static void sq_bind_null(void *st, int idx)
{
    sqlite3_bind_null(st, idx);
}

static enum mc_status sq_step(void *st, bool *row)
{
    int rc = sqlite3_step(st);
    *row = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return MC_OK;
    return map_rc(sqlite3_db_handle(st), rc);
}

static int sq_param_count(void *st)
{
    return sqlite3_bind_parameter_count(st);
}

static int64_t sq_col_int64(void *st, int col)
{
    return sqlite3_column_int64(st, col);
}

static double sq_col_double(void *st, int col)
{
    return sqlite3_column_double(st, col);
}

static const char *sq_col_text(void *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    return s ? (const char *)s : "";
}

static const void *sq_col_blob(void *st, int col)
{
    return sqlite3_column_blob(st, col);
}

static size_t sq_col_len(void *st, int col)
{
    return (size_t)sqlite3_column_bytes(st, col);
}

static bool sq_col_is_null(void *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL;
}

static int64_t sq_changes(void *conn)
{
    return sqlite3_changes64(conn);
}

/*
 * synchronous=NORMAL in WAL mode: COMMIT appends its frames to the -wal
 * file without syncing it; checkpoints still sync the WAL before copying
 * frames back and the database file after (docs/internals/db.md, "Group
 * commit").  SQLite refuses to change it inside a transaction.
 */
static enum mc_status sq_set_commit_sync(void *conn, bool each_commit)
{
    return sq_exec(conn, each_commit ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
}

static enum mc_status sq_log_path(void *conn, char **out)
{
    sqlite3_stmt *st = NULL;
    const char *db = sqlite3_db_filename(conn, "main");
    bool wal = false;
    *out = NULL;
    if (!db || !*db)
        return MC_ERR_NOT_FOUND;   /* in-memory or temporary database */
    if (sqlite3_prepare_v2(conn, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *mode = sqlite3_column_text(st, 0);
        wal = mode && strcmp((const char *)mode, "wal") == 0;
    }
    sqlite3_finalize(st);
    if (!wal)
        return MC_ERR_NOT_FOUND;
    size_t n = strlen(db);
    *out = xmalloc(n + 5);
    memcpy(*out, db, n);
    memcpy(*out + n, "-wal", 5);
    return MC_OK;
}

const struct db_backend db_sqlite_backend = {
    .dialect = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .reset = sq_reset,
    .bind_int64 = sq_bind_int64,
    .bind_double = sq_bind_double,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .param_count = sq_param_count,
    .col_int64 = sq_col_int64,
    .col_double = sq_col_double,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .col_len = sq_col_len,
    .col_is_null = sq_col_is_null,
    .changes = sq_changes,
    .exec = sq_exec,
    .single_writer = true,
    .set_commit_sync = sq_set_commit_sync,
    .log_path = sq_log_path,
};
