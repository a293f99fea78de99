/*
 * db.h - the storage interface.
 *
 * All SQL goes through here.  A connection (struct db) belongs to one
 * thread at a time; a server thread gets its own from a struct db_pool.
 * Backends sit behind a vtable (db-int.h) and are picked at run time from
 * a table of backends by the database URL (db_open): SQLite
 * (db_sqlite.c) or PostgreSQL (db_postgres.c, libpq), without touching
 * domain code.
 * Each backend declares what it can do in a capability bitfield (enum
 * db_caps): callers ask db_can(db, DB_CAP_...), never "is this SQLite?".
 * Full-text search has an interface of its own on top (core/search.h).
 *
 * DESIGN
 * - Statements are named: a module declares `static const struct
 *   db_query Q_X = {"module.x", "SELECT ... WHERE a = ?1"}` next to the
 *   code that uses it.  db_prepare() prepares it once per connection and
 *   caches it by the descriptor's address; later calls reuse it.
 * - SQL is written in the portable subset shared by SQLite >= 3.35 and
 *   PostgreSQL: numbered placeholders ?N (the PostgreSQL backend rewrites
 *   them to $N), INSERT ... ON CONFLICT, RETURNING, integer Unix times,
 *   integer money.  A statement that cannot be portable carries a
 *   PostgreSQL text in sql_pg, which backends that speak PostgreSQL's
 *   dialect prepare instead of sql; that field is the only place dialects
 *   differ in domain code (search fragments aside, core/search.h).
 *   Migrations are per dialect (sql/sqlite, sql/postgres) and frozen once
 *   committed (sql/migrations.sha256).
 * - Values are always bound, never formatted into SQL.
 * - Every state change runs inside db_tx(), which retries the whole
 *   function when the database reports busy or a serialization failure, so
 *   the function must be safe to re-run (no side effects outside the DB).
 *   How a transaction commits beyond that (an in-process writer queue,
 *   batches, group commit, deferred syncs) is the backend's strategy,
 *   declared in its capabilities.
 */
#ifndef MC_DB_H
#define MC_DB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/status.h"

struct db;
struct db_stmt;
struct db_pool;

struct db_query {
    const char *name;    /* "module.what", for logs */
    const char *sql;     /* portable SQL, placeholders ?1..?N */
    const char *sql_pg;  /* PostgreSQL text when it must differ, else NULL */
};

/* ---------------------------------------------------------------- backends */

/*
 * What a backend can do (curl's vtls `supports` bits).  A backend declares
 * the set once; db_can() answers for a connection.  Exactly one
 * DB_CAP_SEARCH_* bit is set: the kind of full-text search it runs.
 */
enum db_caps {
    DB_CAP_SINGLE_WRITER = 1 << 0,  /* one write transaction at a time per database:
                                       writers of this process queue in-process */
    DB_CAP_GROUP_COMMIT = 1 << 1,   /* db_tx_grouped() batches concurrent transactions
                                       into one and shares one log sync among them */
    DB_CAP_DEFER_COMMIT = 1 << 2,   /* db_tx_deferred() commits without waiting for a
                                       sync (made durable by the next synced commit) */
    DB_CAP_SAVEPOINTS = 1 << 3,     /* SAVEPOINT / ROLLBACK TO inside a transaction */
    DB_CAP_SEARCH_FTS5 = 1 << 4,    /* search: SQLite FTS5, bm25 ranking */
    DB_CAP_SEARCH_TRGM = 1 << 5,    /* search: folded column, full-text and pg_trgm */
    DB_CAP_SHARED = 1 << 6,         /* several app servers may serve one database */
};

/* At most this many backends in the table (per-backend caches are arrays). */
#define DB_BACKENDS_MAX 4

/* A backend of the table as a URL selects it (db_url_backend). */
struct db_backend_info {
    const char *name;    /* stable: "sqlite", "postgresql" (logs, health checks) */
    const char *title;   /* for people: "SQLite", "PostgreSQL" */
    unsigned caps;       /* enum db_caps bits; 0 when not built */
    bool built;          /* compiled into this program */
};

/*
 * The backend url selects, without opening anything.  A URL is
 * "sqlite:PATH", "postgresql://..." (or "postgres://..."), or a plain file
 * path, which is SQLite.  *out describes the backend; *target (may be
 * NULL) gets what the backend opens: url without its "sqlite:" prefix, or
 * the whole URL for backends that take URLs.  Returns MC_OK for a backend
 * built into this program, MC_ERR_NOT_FOUND for a known one that is not
 * (out is filled, built is false), MC_ERR_INVALID for a URL with an
 * unknown scheme ("mysql://...") or an empty one (out zeroed).  Pure.
 */
enum mc_status db_url_backend(const char *url, struct db_backend_info *out,
                              const char **target) MC_WARN_UNUSED;
/*
 * Why url cannot be opened by this program, in Vietnamese for the person
 * at the terminal ("chưa hỗ trợ cơ sở dữ liệu PostgreSQL trong bản dựng
 * này ..."), or NULL when its backend is built in (the database may still
 * fail to open).  A static string.  Pure.
 */
const char *db_url_problem(const char *url);
/*
 * url with its password (user:PASSWORD@) replaced by "***", for messages
 * and logs, into out (always NUL-terminated, cut to size).  Pure.
 */
void db_url_safe(const char *url, char *out, size_t size);
/*
 * Where url points, for a person reading an error ("máy 10.0.0.5, cổng
 * 5432, cơ sở dữ liệu motcua" for PostgreSQL; never a password), into out
 * (always NUL-terminated); empty when the backend has nothing to add
 * (a SQLite path says it all) or is not built.  Pure.
 */
void db_url_describe(const char *url, char *out, size_t size);

/*
 * Open a connection to the database url names (db_url_backend).
 * SQLite connections use WAL, foreign keys, a busy timeout and
 * synchronous=FULL, so an acknowledged commit survives a crash.
 * MC_ERR_INVALID for a URL no built backend takes (say why with
 * db_url_problem), MC_ERR_IO when the database cannot be opened.
 * On success *out owns the connection; free it with db_close().
 */
enum mc_status db_open(const char *url, struct db **out) MC_WARN_UNUSED;
/* Finalize cached statements and close.  NULL is fine. */
void db_close(struct db *db);
/* "sqlite" or "postgres": selects the migration folder. */
const char *db_dialect(const struct db *db);
/* The backend's stable name ("sqlite"), as in struct db_backend_info. */
const char *db_backend_name(const struct db *db);
/* The backend's enum db_caps bits. */
unsigned db_caps(const struct db *db);
/* True when the backend can do every one of caps (enum db_caps bits). */
bool db_can(const struct db *db, unsigned caps);
/*
 * True when the connection to the database server was lost (PostgreSQL
 * went away or restarted; never for SQLite): its statements now fail with
 * MC_ERR_IO, the pool closes it when it comes back, and the web layer
 * answers 503 rather than 500.  On an idle connection it also reads,
 * without waiting, what a server that shut down left on it, so a
 * connection taken from the pool is known lost before it is used (the
 * replica's pages then read the primary).  NULL is not broken.
 */
bool db_broken(const struct db *db);
/* Whether the database answers a trivial query now on db (NULL: false). */
bool db_ping(struct db *db);

/*
 * A lease named name, shared by every app server of the database: take
 * (take true) sets *held when this connection got it (false when another
 * server's connection holds it), release (take false) gives it back.  A
 * job run under a lease runs once at a time over all servers.  Leases are
 * PostgreSQL advisory locks held by the connection (they go with it if it
 * breaks); on a backend that serves one server (SQLite) every take holds.
 */
enum mc_status db_lease(struct db *db, const char *name, bool take, bool *held)
    MC_WARN_UNUSED;

/*
 * Backups of the whole database.  db_backup writes a consistent copy of
 * the database url names into the new file path while the database
 * serves (SQLite: the online backup API, one read snapshot, writers go
 * on; PostgreSQL: pg_dump's custom format, run from PATH).  db_restore
 * loads such a copy into url's database, replacing what is there (SQLite:
 * page by page into the file, which is created if missing; PostgreSQL:
 * pg_restore, dropping the dump's objects first, in one transaction).
 * Callers decide whether replacing is wanted (db_table_count).  Both
 * return MC_ERR_INVALID for a URL no built backend takes, MC_ERR_IO when
 * the copy fails (the reason is logged).  Not for a connection in use:
 * each opens what it needs.
 */
enum mc_status db_backup(const char *url, const char *path) MC_WARN_UNUSED;
enum mc_status db_restore(const char *url, const char *path) MC_WARN_UNUSED;
/* The file name a backup of url's backend takes: "database.sqlite", "database.pgdump". */
const char *db_backup_name(const char *url);
/*
 * The number of tables in db's schema into *n (0: a new, empty database,
 * not even migrated).  Views and search indexes' internals count as the
 * backend lists them; only zero versus not zero is meant to be compared.
 */
enum mc_status db_table_count(struct db *db, int64_t *n) MC_WARN_UNUSED;

/*
 * How far db, a streaming replica, is behind its primary, in seconds,
 * into *seconds: 0 when it has replayed all it received, or when db is
 * not a replica (a primary, a promoted replica, SQLite); otherwise the age
 * of the last transaction it replayed.  MC_ERR_IO when db does not answer.
 */
enum mc_status db_replica_lag(struct db *db, double *seconds) MC_WARN_UNUSED;

/*
 * Get the cached prepared statement for q, reset and with no bindings.
 * The statement stays owned by the connection; call db_done() when
 * finished with it so it can be reused.  Not re-entrant for the same q:
 * finish one use before starting the next.
 */
enum mc_status db_prepare(struct db *db, const struct db_query *q,
                          struct db_stmt **out) MC_WARN_UNUSED;
/* Bind parameter idx (1-based). Text is copied. */
void db_bind_int64(struct db_stmt *st, int idx, int64_t v);
void db_bind_text(struct db_stmt *st, int idx, const char *s, size_t len);
void db_bind_str(struct db_stmt *st, int idx, const char *s); /* NULL binds NULL */
void db_bind_null(struct db_stmt *st, int idx);
void db_bind_double(struct db_stmt *st, int idx, double v);
void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len);  /* copied */
/*
 * Run or continue the statement. *row is true when a result row is ready,
 * false when the statement is finished.  MC_ERR_CONFLICT for a unique or
 * foreign-key violation, MC_ERR_BUSY when locked, MC_ERR_DB otherwise.
 */
enum mc_status db_step(struct db_stmt *st, bool *row) MC_WARN_UNUSED;
/* Columns of the current row (0-based). Text is valid until the next step. */
int64_t db_col_int64(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);   /* "" for NULL */
/* Bytes of a BLOB column (NULL when empty); its size is db_col_len() after. */
const void *db_col_blob(struct db_stmt *st, int col);
size_t db_col_len(struct db_stmt *st, int col);
bool db_col_is_null(struct db_stmt *st, int col);
/* Reset the statement for its next use. NULL is fine. */
void db_done(struct db_stmt *st);

/* The type of a column's value in the current row. */
enum db_type {
    DB_TYPE_NULL,
    DB_TYPE_INT,     /* read with db_col_int64 */
    DB_TYPE_REAL,    /* db_col_double */
    DB_TYPE_TEXT,    /* db_col_text */
    DB_TYPE_BLOB,    /* db_col_blob, db_col_len */
};
/* Columns of the statement's result (0 for a statement without rows). */
int db_col_count(struct db_stmt *st);
/* The name of result column col (0-based), valid while the statement is. */
const char *db_col_name(struct db_stmt *st, int col);
/* The type of col's value in the current row. */
enum db_type db_col_type(struct db_stmt *st, int col);

/*
 * Prepare one statement of ad-hoc SQL text, not cached (tools such as
 * `motcua debug sql`; application code uses named db_query statements).
 * Text after the first statement other than spaces and ';' is
 * MC_ERR_INVALID.  On success *out is owned by the caller: step it with
 * db_step(), free it with db_stmt_free().
 */
enum mc_status db_prepare_text(struct db *db, const char *sql, struct db_stmt **out)
    MC_WARN_UNUSED;
/* Free a statement from db_prepare_text().  NULL is fine. */
void db_stmt_free(struct db_stmt *st);

/*
 * The backend's consistency check of the whole database (SQLite: PRAGMA
 * integrity_check).  *report gets "ok" or the problems found, one per
 * line (malloc'd; the caller frees it).  MC_ERR_DB when the check itself
 * could not run.
 */
enum mc_status db_check(struct db *db, char **report) MC_WARN_UNUSED;

/*
 * Shortcuts for the common cases.  fmt lists the parameter types:
 * 'i' int64_t, 's' const char * (NULL binds NULL), 'n' NULL (no argument),
 * 'd' double.
 * db_run: execute and discard rows; *changes (may be NULL) gets the number
 * of rows changed.  db_get_int: first column of the first row as integer;
 * MC_ERR_NOT_FOUND when there is no row.
 */
enum mc_status db_run(struct db *db, const struct db_query *q, int64_t *changes,
                      const char *fmt, ...) MC_WARN_UNUSED;
enum mc_status db_get_int(struct db *db, const struct db_query *q, int64_t *out,
                          const char *fmt, ...) MC_WARN_UNUSED;
/*
 * db_get_int() for text: the first column of the first row copied into out
 * (size bytes, as db_col_copy()); "" and MC_ERR_NOT_FOUND when there is no
 * row.
 */
enum mc_status db_get_text(struct db *db, const struct db_query *q, char *out, size_t size,
                           const char *fmt, ...) MC_WARN_UNUSED;
/*
 * db_run() for a statement meant to change rows (UPDATE, DELETE): if_none
 * (MC_ERR_NOT_FOUND, MC_ERR_CONFLICT) when it changed none.
 */
enum mc_status db_change(struct db *db, const struct db_query *q, enum mc_status if_none,
                         const char *fmt, ...) MC_WARN_UNUSED;
/* Prepare q and bind arguments as db_run does; the caller steps and calls db_done. */
enum mc_status db_query_start(struct db *db, const struct db_query *q, struct db_stmt **out,
                              const char *fmt, ...) MC_WARN_UNUSED;
/* db_query_start() with the arguments in a va_list (wrappers such as core/search.h). */
enum mc_status db_query_vstart(struct db *db, const struct db_query *q, struct db_stmt **out,
                               const char *fmt, va_list ap) MC_WARN_UNUSED;

/*
 * Reading rows.  Each table has one reader, owned by its module:
 * `void thing_read_row(struct db_stmt *st, struct thing *out)` reads the
 * columns THING_COLS (a macro next to it) in order, so column numbers
 * appear once per table.  Three ways to run a query through it:
 *
 *   rc = db_get_row(db, &Q_ONE, &st, "i", id);      one row, or MC_ERR_NOT_FOUND
 *   if (rc == MC_OK)
 *       thing_read_row(st, out);
 *   db_done(st);
 *
 *   rc = db_query_start(db, &Q_ALL, &st, "i", id);  every row into a list
 *   while (db_next(st, &rc))
 *       thing_read_row(st, ARRAY_PUSH(l->items, l->n, l->cap));
 *   db_done(st);
 *
 *   rc = db_each(db, &Q_ALL, one_row, ctx, "i", id);  a function per row
 *
 * A reader that only copies columns into members is a table of them
 * instead (core/db_row.h), run by db_row_get(), db_row_list() and
 * db_row_fill().
 */

/*
 * Step st to its next row.  True when a row is ready; false at the end
 * (*rc stays MC_OK) or on an error (stored in *rc).  When *rc is not
 * MC_OK on entry nothing is done and the answer is false, so a status set
 * inside the loop body also ends the loop.  st may be NULL only when *rc
 * is not MC_OK.
 */
bool db_next(struct db_stmt *st, enum mc_status *rc);

/*
 * Run q with arguments bound as db_run() does and call fn(st, ctx) for
 * each row, in order, with the row's columns readable through st (valid
 * during the call only).  fn returns MC_OK to go on; any other status
 * stops the run and is returned.  Returns MC_OK after the last row, or the
 * first error of the query.  fn must not use q on this connection.
 */
enum mc_status db_each(struct db *db, const struct db_query *q,
                       enum mc_status (*fn)(struct db_stmt *st, void *ctx), void *ctx,
                       const char *fmt, ...) MC_WARN_UNUSED;

/*
 * Run q (arguments as db_run()) and step to its first row.  MC_OK: *out
 * is on the row, read its columns; MC_ERR_NOT_FOUND: no row; or the
 * query's error.  In every case call db_done(*out) afterwards (*out may be
 * NULL, which db_done accepts).
 */
enum mc_status db_get_row(struct db *db, const struct db_query *q, struct db_stmt **out,
                          const char *fmt, ...) MC_WARN_UNUSED;

/*
 * Copy text column col into dst (size bytes, NUL-terminated; "" for
 * NULL).  Text that does not fit is cut before the UTF-8 character that
 * would not fit whole.
 */
void db_col_copy(struct db_stmt *st, int col, char *dst, size_t size);
/* A malloc'd copy of text column col ("" for NULL); the caller frees it. */
char *db_col_strdup(struct db_stmt *st, int col);

/*
 * Bulk loading: many rows into one table, as fast as the backend can take
 * them (PostgreSQL: COPY ... FROM STDIN through PQputCopyData, a chunk of
 * rows per COPY; SQLite: q run once per row, which is as fast there).
 * q must read exactly "INSERT INTO table (col, ...) VALUES (?1, ..., ?N)"
 * with the parameters in column order (so it is a named statement like any
 * other, checked by scripts/check-sql.mjs); anything else is
 * MC_ERR_INTERNAL.  No conflict clause: a row that breaks a constraint
 * fails the load.  db_copy_row takes one row, fmt and arguments as
 * db_run() ('i', 's' with NULL for NULL, 'n', 'd').  Rows reach the table
 * in chunks: other statements may run on db between rows, but see the
 * rows for certain only after db_copy_end().  db_copy_end sends what is
 * left and frees cp (NULL is fine); it returns the first failure of the
 * load (a failed row makes later ones no-ops).  Run it inside db_tx: a
 * failed load leaves an unknown part of the rows, which the rollback
 * removes.
 */
struct db_copy;
enum mc_status db_copy_begin(struct db *db, const struct db_query *q, struct db_copy **out)
    MC_WARN_UNUSED;
enum mc_status db_copy_row(struct db_copy *cp, const char *fmt, ...) MC_WARN_UNUSED;
enum mc_status db_copy_end(struct db_copy *cp) MC_WARN_UNUSED;

/* Run a script of several statements (migrations). No parameters. */
enum mc_status db_exec_script(struct db *db, const char *sql) MC_WARN_UNUSED;

/*
 * Run fn(db, ctx) in one write transaction.  Commits if fn returns MC_OK,
 * rolls back otherwise and returns fn's status.  On MC_ERR_BUSY (from fn or
 * the commit) the transaction is rolled back and fn re-run, a few times
 * with growing waits.  Nested calls run fn inside the outer transaction.
 * With a single-writer backend (DB_CAP_SINGLE_WRITER: SQLite), threads of
 * this process writing to the same database queue on a mutex before BEGIN
 * instead of polling the database's lock (the writer gate in
 * db_sqlite.c), so the next writer starts as soon as the last one commits.
 */
enum mc_status db_tx(struct db *db, enum mc_status (*fn)(struct db *, void *), void *ctx)
    MC_WARN_UNUSED;

/*
 * Ask the work on db to stop, from any thread (the job runner when the
 * server stops): from then on db_tx() and its variants on db return
 * MC_ERR_BUSY without starting, so a task that writes in many
 * transactions ends at the next one, its committed ones kept; the
 * transaction under way finishes.  Other statements still run (a lease is
 * still released).  db_pool_put() clears it.
 */
void db_cancel(struct db *db);

/*
 * db_tx() whose COMMIT does not sync the log (SQLite WAL with
 * synchronous=NORMAL for this one transaction) and does not wait for a
 * sync either.  Its changes become durable with the next synced commit
 * of this process on the same database that starts after it returns: a
 * db_tx() (its COMMIT syncs the whole log) or a db_tx_grouped() (waits
 * for a sync of the whole log), because the log is one file written in
 * order.  For a write that only matters together with a later one (the
 * bytes of an upload, staged before the row that names them), or one that
 * may be lost in a power cut (the assistant's conversation log): never
 * acknowledge anything on this alone.  Falls back to db_tx() where the
 * backend has no such commit (without DB_CAP_DEFER_COMMIT, or a database
 * without a log); nested: just runs fn.
 */
enum mc_status db_tx_deferred(struct db *db, enum mc_status (*fn)(struct db *, void *),
                              void *ctx) MC_WARN_UNUSED;

/*
 * db_tx() with group commit and batching, for the hot durable path
 * (online dossier submission).  Concurrent callers on one database queue
 * up; one of them (the leader) runs a batch of up to 64 queued
 * transactions as ONE transaction on its own connection, each fn inside
 * a savepoint (a fn that fails is rolled back alone and its caller gets
 * its status), commits without syncing the log (SQLite WAL with
 * synchronous=NORMAL), lets the next batch start, then waits for a sync of
 * the log that started after its commit (core/groupsync.h), shared with
 * other batches.  Each caller returns once its batch is durable: MC_OK
 * means as durable as with db_tx() (kill -9, power loss; see
 * docs/internals/db.md, "Batches and group commit").  MC_ERR_IO: the sync
 * failed; committed but do not acknowledge.  A lone caller runs alone at
 * once, so it costs what a synchronous commit costs; under load each
 * batch writes each hot page to the log once and syncs once.
 * fn's contract, beyond db_tx()'s (re-runnable): use only the db it is
 * given, which may be another thread's connection, and no thread-local
 * state; it runs on the leader's thread.
 * Other threads may read a batch's rows before they are durable (for about
 * one sync); a later synchronous commit makes them durable first.  This is
 * the SQLite backend's strategy (DB_CAP_GROUP_COMMIT); it falls back to
 * one transaction and a grouped sync when batching is off, and to db_tx()
 * when there is no log to sync (in-memory) or the backend has no group
 * commit of its own.  Nested inside another db_tx: just runs fn.
 */
enum mc_status db_tx_grouped(struct db *db, enum mc_status (*fn)(struct db *, void *),
                             void *ctx) MC_WARN_UNUSED;

/*
 * Apply the embedded migrations sql/<dialect>/NNNN_*.sql not yet applied
 * (by version number, so one added below the highest applied still runs),
 * in order, each in its own transaction with its row in schema_migrations.
 * *applied (may be NULL) gets how many ran.
 */
enum mc_status db_migrate(struct db *db, int *applied) MC_WARN_UNUSED;

/*
 * A pool of connections to one database shared by threads: a thread takes
 * one for a request or a job run and gives it back; up to 64 idle ones
 * stay open (their prepared statements stay warm), the rest are closed.
 * A connection is used by one thread at a time.  A connection that comes
 * back broken (the server went away) is closed, so the next get opens a
 * new one.  Thread-safe.
 */
struct db_pool *db_pool_new(const char *url);
/*
 * At most max connections open at once (0: no limit, the default); a get
 * beyond it waits, off the CPU (core/sched.h), for one to come back.  For
 * servers whose connections are scarce (PostgreSQL's max_connections is
 * shared by every app server).  Call before the pool is used.
 */
void db_pool_set_max(struct db_pool *pool, unsigned max);
/*
 * Whether a db_pool_get() now would wait: pool has a max, no idle
 * connection and max open.  A hint only (another thread may take the
 * last idle one meanwhile), for callers that must not wait long, e.g. an
 * event loop deciding to hand a request to a worker thread.  Thread-safe.
 */
bool db_pool_would_wait(struct db_pool *pool);
/* Connections open now (taken and idle), and the most ever open at once. */
void db_pool_usage(struct db_pool *pool, unsigned *open, unsigned *idle, unsigned *peak);
/* Close the idle connections; every one taken must have been put back. */
void db_pool_free(struct db_pool *pool);
/* An idle connection, or a new one; NULL if it cannot be opened (logged). */
struct db *db_pool_get(struct db_pool *pool);
/* Give db back (NULL is fine).  It must not be inside a transaction. */
void db_pool_put(struct db_pool *pool, struct db *db);

#endif
