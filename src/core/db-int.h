/*
 * db-int.h - internals shared by db.c, the backends (db_sqlite.c,
 * db_postgres.c) and the search interface (search.c).  Nothing
 * outside src/core includes this.
 *
 * DESIGN
 * A backend is one `struct db_backend`: its name, its capabilities, the
 * connection and statement primitives, and its transaction strategies.
 * db.c holds the table of backends (which URL picks which), the statement
 * cache, the parameter shortcuts, the retry loop of db_tx(), migrations
 * and the pool; everything a backend does differently sits behind the
 * vtable.  A strategy may call back into db.c through the helpers at the
 * end of this file (the retry loop, transaction control statements).
 */
#ifndef MC_DB_INT_H
#define MC_DB_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include "core/db.h"

#define DB_CACHE_SLOTS 512   /* power of two; more named statements than we have */

struct search_backend;

struct db_stmt {
    struct db *db;
    const struct db_query *query;   /* NULL for db_prepare_text() statements */
    void *impl;                     /* backend statement */
};

struct db {
    const struct db_backend *be;
    void *conn;                               /* backend connection */
    int tx_depth;                             /* nesting of db_tx */
    atomic_bool cancelled;                    /* db_cancel(): no new transaction */
    struct db_stmt *cache[DB_CACHE_SLOTS];    /* open addressing by query address */
};

/* The transaction control statements (db_control). */
enum db_control {
    DB_BEGIN,
    DB_COMMIT,
    DB_ROLLBACK,
    DB_SAVEPOINT,      /* SAVEPOINT batch_item */
    DB_ROLLBACK_TO,    /* ROLLBACK TO batch_item */
    DB_RELEASE,        /* RELEASE batch_item */
};

typedef enum mc_status (*db_tx_fn)(struct db *, void *);

/* One value of a bulk-loaded row (db_copy_row): type is a db_run format character. */
struct db_value {
    char type;          /* 'i', 'd', 's' (s may be NULL: NULL), 'n' */
    int64_t i;
    double d;
    const char *s;
};

struct db_backend {
    const char *name;       /* "sqlite": as struct db_backend_info */
    const char *title;      /* "SQLite" */
    const char *dialect;    /* migration folder sql/<dialect>/ */
    unsigned slot;          /* its index in db.c's table, < DB_BACKENDS_MAX */
    unsigned caps;          /* enum db_caps */
    bool sql_pg;            /* prepares db_query.sql_pg when a statement has one */
    int tx_tries;           /* attempts of a db_tx on MC_ERR_BUSY; 0: the default (8) */
    const struct search_backend *search;   /* full-text search (search-int.h) */

    /* Connections and statements.  conn and stmt are the backend's. */
    enum mc_status (*open)(const char *target, void **conn);
    void (*close)(void *conn);
    /* Whether the connection may be reused (NULL: always); the pool drops it if not. */
    bool (*alive)(void *conn);
    /* Whether the connection to the server is lost (NULL: never). */
    bool (*broken)(void *conn);
    /* Where target points, for people (host, port, database; never a password). */
    void (*describe)(const char *target, char *out, size_t size);
    enum mc_status (*prepare)(void *conn, const char *sql, void **stmt);
    /* One statement of ad-hoc text; *rest points after it. */
    enum mc_status (*prepare_one)(void *conn, const char *sql, void **stmt,
                                  const char **rest);
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
    int (*col_count)(void *stmt);
    const char *(*col_name)(void *stmt, int col);
    enum db_type (*col_type)(void *stmt, int col);
    int64_t (*changes)(void *conn);
    enum mc_status (*exec)(void *conn, const char *sql);
    enum mc_status (*check)(void *conn, char **report);
    /*
     * Around db_migrate (NULL: nothing): hold a lock that other processes'
     * migrations wait for (several app servers starting at once).
     */
    enum mc_status (*migrate_lock)(void *conn, bool lock);
    /* db_lease (NULL: every take holds). */
    enum mc_status (*lease)(void *conn, const char *name, bool take, bool *held);
    /*
     * db_backup and db_restore on the database target names (NULL: the
     * backend cannot): a consistent copy into the file path, and back.
     */
    enum mc_status (*backup)(const char *target, const char *path);
    enum mc_status (*restore)(const char *target, const char *path);
    /*
     * Bulk loading (db_copy_*; NULL: db.c runs the INSERT once per row).
     * copy_begin gets the table and its column list as "table (a, b)";
     * copy_row takes one row of ncols values; copy_end sends the rest
     * when ok, and frees cp in every case.
     */
    enum mc_status (*copy_begin)(void *conn, const char *table_cols, int ncols, void **cp);
    enum mc_status (*copy_row)(void *cp, const struct db_value *v, int n);
    enum mc_status (*copy_end)(void *cp, bool ok);

    /*
     * Transaction strategies; NULL members mean "nothing special".
     * tx_ready: before db_tx() starts an outermost transaction (the SQLite
     * backend restores synchronous commits a failed restore left off).
     * writer_enter / writer_leave: around each attempt's BEGIN ... COMMIT or
     * ROLLBACK (DB_CAP_SINGLE_WRITER: the in-process writer gate); enter
     * returns whether leave has something to undo.
     * tx_grouped / tx_deferred: db_tx_grouped() and db_tx_deferred() outside
     * any transaction (DB_CAP_GROUP_COMMIT, DB_CAP_DEFER_COMMIT); without
     * them those run db_tx().
     */
    enum mc_status (*tx_ready)(void *conn);
    bool (*writer_enter)(void *conn);
    void (*writer_leave)(void *conn, bool entered);
    enum mc_status (*tx_grouped)(struct db *db, db_tx_fn fn, void *ctx);
    enum mc_status (*tx_deferred)(struct db *db, db_tx_fn fn, void *ctx);
};

extern const struct db_backend db_sqlite_backend;
#ifdef MC_HAVE_LIBPQ
extern const struct db_backend db_postgres_backend;
#endif

/*
 * For strategies: the attempts of one outermost transaction, as db_tx()
 * runs them (writer_enter, BEGIN, fn, COMMIT or ROLLBACK, writer_leave;
 * again after a growing wait on MC_ERR_BUSY), without tx_ready.
 */
enum mc_status db_tx_attempts(struct db *db, db_tx_fn fn, void *ctx) MC_WARN_UNUSED;
/* Run one transaction control statement (prepared once per connection). */
enum mc_status db_control(struct db *db, enum db_control what) MC_WARN_UNUSED;

/*
 * An object a backend shares between every connection of this process to
 * one database (the SQLite write gate, the PostgreSQL batch queue): found
 * by its key, made on first use, freed when its last user lets it go.  The
 * object embeds struct db_shared as its first member; its registry knows
 * its size and how to set up and tear down the rest of it.
 */
struct db_shared {
    char *key;                   /* the database (path or target) */
    int refs;                    /* guarded by the registry's mu */
    struct db_shared *next;      /* guarded by the registry's mu */
};
struct db_shared_registry {
    pthread_mutex_t mu;
    struct db_shared *head;      /* guarded by mu */
    size_t size;                 /* bytes of the embedding object */
    void (*setup)(struct db_shared *s);      /* the new object's own members (zeroed) */
    void (*teardown)(struct db_shared *s);   /* before the object is freed */
};
#define DB_SHARED_REGISTRY(type, setup, teardown) \
    {PTHREAD_MUTEX_INITIALIZER, NULL, sizeof(type), (setup), (teardown)}

/* The object of key, made (zeroed, then setup) when there is none; one more user. */
struct db_shared *db_shared_acquire(struct db_shared_registry *r, const char *key);
/* One user fewer for s (NULL: nothing); the last one tears it down and frees it. */
void db_shared_release(struct db_shared_registry *r, struct db_shared *s);

#endif
