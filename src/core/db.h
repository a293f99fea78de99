/*
 * db.h - the storage interface.
 *
 * All SQL goes through here.  A connection (struct db) belongs to one
 * thread at a time; a server thread gets its own from a struct db_pool.
 * Backends sit behind a vtable (db-int.h): SQLite now (db_sqlite.c), and
 * PostgreSQL (libpq) later without touching domain code.
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
 *   PostgreSQL text in sql_pg; that field is the only place dialects differ
 *   in domain code.  Migrations are per dialect (sql/sqlite, sql/postgres).
 * - Values are always bound, never formatted into SQL.
 * - Every state change runs inside db_tx(), which retries the whole
 *   function when the database reports busy or a serialization failure, so
 *   the function must be safe to re-run (no side effects outside the DB).
 */
#ifndef MC_DB_H
#define MC_DB_H

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

/*
 * Open a connection.  url is "sqlite:PATH", or a plain file path (SQLite).
 * SQLite connections use WAL, foreign keys, a busy timeout and
 * synchronous=FULL, so an acknowledged commit survives a crash.
 * On success *out owns the connection; free it with db_close().
 */
enum mc_status db_open(const char *url, struct db **out) MC_WARN_UNUSED;
/* Finalize cached statements and close.  NULL is fine. */
void db_close(struct db *db);
/* "sqlite" or "postgres": selects the migration folder. */
const char *db_dialect(const struct db *db);

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
/* Prepare q and bind arguments as db_run does; the caller steps and calls db_done. */
enum mc_status db_query_start(struct db *db, const struct db_query *q, struct db_stmt **out,
                              const char *fmt, ...) MC_WARN_UNUSED;

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

/* Run a script of several statements (migrations). No parameters. */
enum mc_status db_exec_script(struct db *db, const char *sql) MC_WARN_UNUSED;

/*
 * Run fn(db, ctx) in one write transaction.  Commits if fn returns MC_OK,
 * rolls back otherwise and returns fn's status.  On MC_ERR_BUSY (from fn or
 * the commit) the transaction is rolled back and fn re-run, a few times
 * with growing waits.  Nested calls run fn inside the outer transaction.
 * With SQLite, threads of this process writing to the same file queue on
 * a mutex before BEGIN instead of polling SQLite's lock (the writer gate
 * in db.c), so the next writer starts as soon as the last one commits.
 */
enum mc_status db_tx(struct db *db, enum mc_status (*fn)(struct db *, void *), void *ctx)
    MC_WARN_UNUSED;

/*
 * db_tx() whose COMMIT does not sync the log (SQLite WAL with
 * synchronous=NORMAL for this one transaction) and does not wait for a
 * sync either.  Its changes become durable with the next synced commit
 * of this process on the same database that starts after it returns: a
 * db_tx() (its COMMIT syncs the whole log) or a db_tx_grouped() (waits
 * for a sync of the whole log), because the log is one file written in
 * order.  For a write that only matters together with a later one (the
 * bytes of an upload, staged before the row that names them): never
 * acknowledge anything on this alone.  Falls back to db_tx() where the
 * backend has no such commit; nested: just runs fn.
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
 * one sync); a later synchronous commit makes them durable first.  Falls
 * back to one transaction and a grouped sync when the backend has no
 * single writer, and to db_tx() when there is no log to sync (in-memory).
 * Nested inside another db_tx: just runs fn.
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
 * A connection is used by one thread at a time.  Thread-safe.
 */
struct db_pool *db_pool_new(const char *url);
/* Close the idle connections; every one taken must have been put back. */
void db_pool_free(struct db_pool *pool);
/* An idle connection, or a new one; NULL if it cannot be opened (logged). */
struct db *db_pool_get(struct db_pool *pool);
/* Give db back (NULL is fine).  It must not be inside a transaction. */
void db_pool_put(struct db_pool *pool, struct db *db);

#endif
