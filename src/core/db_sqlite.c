/*
 * db_sqlite.c - the SQLite backend of the storage interface (db-int.h):
 * connections and statements, and the strategies that only make sense for
 * one writer on one file (docs/internals/db.md): the in-process writer
 * gate, batches of transactions with group commit (db_tx_grouped) and
 * deferred commits (db_tx_deferred).
 *
 * DESIGN
 * Connections run in WAL mode with foreign keys on, synchronous=FULL (an
 * acknowledged commit survives a crash or power loss) and a busy timeout;
 * db.c adds transaction retries on top and calls the strategies here
 * through the backend's vtable.  A connection is a struct sq_conn: the
 * sqlite3 handle plus its share of the process-wide state of its file
 * (the write gate and its batch queue, keyed by the path; the group
 * syncer of its -wal file, core/groupsync.h).  SQLite allows one write
 * transaction at a time per file, so writers of this process queue on the
 * gate's mutex instead of polling SQLite's lock; concurrent grouped
 * transactions queue on the gate's batch queue and one leader runs them
 * as one transaction, each in a savepoint, then waits for one sync.
 */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "core/buf.h"
#include "core/db-int.h"
#include "core/groupsync.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/sched.h"
#include "core/search-int.h"

struct write_gate;

/* One connection: the handle and its share of its file's state. */
struct sq_conn {
    sqlite3 *h;
    struct write_gate *gate;   /* in-process writer queue of the file */
    struct groupsync *gs;      /* group commit of the -wal file, or NULL */
    bool gs_looked;            /* gs looked up (once per connection) */
    bool relaxed;              /* commits do not sync: restore before the next db_tx */
};

static sqlite3 *handle(void *conn)
{
    return ((struct sq_conn *)conn)->h;
}

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

static enum mc_status exec_handle(sqlite3 *h, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(h, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_CONSTRAINT)
        log_error("sqlite exec: %s", err ? err : sqlite3_errstr(rc));
    sqlite3_free(err);
    return map_rc(NULL, rc);
}

static enum mc_status sq_exec(void *conn, const char *sql)
{
    return exec_handle(handle(conn), sql);
}

static struct write_gate *gate_acquire(const char *key);
static void gate_release(struct write_gate *g);

/*
 * The database file and its WAL and shared-memory files are the service
 * user's only (0600): they hold personal data.  SQLite gives the -wal and
 * -shm files the main file's mode; files made before this rule get it now.
 */
static void restrict_files(const char *target)
{
    char path[1024];
    if (strcmp(target, ":memory:") == 0 || strncmp(target, "file:", 5) == 0)
        return;
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < MC_ARRAY_LEN(suffix); i++) {
        snprintf(path, sizeof(path), "%s%s", target, suffix[i]);
        if (chmod(path, 0600) != 0 && errno != ENOENT)
            log_warn("cannot restrict the permissions of a database file: %s",
                     strerror(errno));
    }
}

static enum mc_status sq_open(const char *target, void **out)
{
    struct sq_conn *c = NULL;
    sqlite3 *h = NULL;
    enum mc_status st;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(target, &h, flags, NULL);
    if (rc != SQLITE_OK) {
        log_error("cannot open database: %s", h ? sqlite3_errmsg(h) : "?");
        st = MC_ERR_IO;
        goto out;
    }
    sqlite3_busy_timeout(h, 5000);
    sqlite3_extended_result_codes(h, 1);
    st = exec_handle(h, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
                        " PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY;"
                        " PRAGMA cache_size=-32768; PRAGMA mmap_size=1073741824;");
    restrict_files(target);
    if (st == MC_OK) {
        c = xcalloc(1, sizeof(*c));
        c->h = h;
        c->gate = gate_acquire(target);
    }
out:
    if (st != MC_OK)
        sqlite3_close(h);
    *out = c;
    return st;
}

static void sq_close(void *conn)
{
    struct sq_conn *c = conn;
    sqlite3_close_v2(c->h);
    groupsync_release(c->gs);
    gate_release(c->gate);
    free(c);
}

static enum mc_status sq_prepare(void *conn, const char *sql, void **out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(handle(conn), sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    *out = st;
    return map_rc(handle(conn), rc);
}

static enum mc_status sq_prepare_one(void *conn, const char *sql, void **out, const char **rest)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(handle(conn), sql, -1, &st, rest);
    *out = st;
    if (rc != SQLITE_OK)
        log_error("sqlite: %s", sqlite3_errmsg(handle(conn)));
    return rc == SQLITE_OK ? MC_OK : MC_ERR_INVALID;
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

static int sq_col_count(void *st)
{
    return sqlite3_column_count(st);
}

static const char *sq_col_name(void *st, int col)
{
    const char *s = sqlite3_column_name(st, col);
    return s ? s : "";
}

static enum db_type sq_col_type(void *st, int col)
{
    switch (sqlite3_column_type(st, col)) {
    case SQLITE_INTEGER: return DB_TYPE_INT;
    case SQLITE_FLOAT: return DB_TYPE_REAL;
    case SQLITE_TEXT: return DB_TYPE_TEXT;
    case SQLITE_BLOB: return DB_TYPE_BLOB;
    default: return DB_TYPE_NULL;
    }
}

static int64_t sq_changes(void *conn)
{
    return sqlite3_changes64(handle(conn));
}

/* PRAGMA integrity_check: "ok", or one problem per line. */
static enum mc_status sq_check(void *conn, char **report)
{
    sqlite3_stmt *st = NULL;
    struct buf b;
    int rc = sqlite3_prepare_v2(handle(conn), "PRAGMA integrity_check", -1, &st, NULL);
    buf_init(&b, BUF_MAX_FILE);
    while (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *line = sqlite3_column_text(st, 0);
        if (b.len > 0)
            buf_addch(&b, '\n');
        buf_adds(&b, line ? (const char *)line : "");
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_finalize(st);
    enum mc_status s = rc == SQLITE_OK && b.len > 0 ? buf_status(&b) : MC_ERR_DB;
    *report = s == MC_OK ? buf_detach(&b, NULL) : NULL;
    buf_release(&b);
    return s;
}

/*
 * synchronous=NORMAL in WAL mode: COMMIT appends its frames to the -wal
 * file without syncing it; checkpoints still sync the WAL before copying
 * frames back and the database file after (docs/internals/db.md, "Group
 * commit").  SQLite refuses to change it inside a transaction.
 */
/*
 * Copy every page of from into to with the online backup API.  One step
 * copies the whole database inside one read transaction of from, so the
 * copy is one consistent snapshot; in WAL mode writers go on meanwhile.
 */
static enum mc_status copy_pages(sqlite3 *from, sqlite3 *to)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    int rc;
    if (!b)
        return map_rc(to, sqlite3_errcode(to));
    do {
        rc = sqlite3_backup_step(b, -1);
        if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
            sqlite3_sleep(50);
    } while (rc == SQLITE_OK || (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED);
    rc = sqlite3_backup_finish(b);
    return map_rc(to, rc);
}

/* Open path for a copy: read-only, or read-write and created. */
static enum mc_status open_for_copy(const char *path, bool write, sqlite3 **out)
{
    int flags = write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    int rc = sqlite3_open_v2(path, out, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        log_error("cannot open database %s: %s", path, *out ? sqlite3_errmsg(*out) : "?");
        return MC_ERR_IO;
    }
    sqlite3_busy_timeout(*out, 5000);
    return MC_OK;
}

/*
 * Copy the database file src page by page over dst (made if missing),
 * running the pragmas before on dst first and after once copied (each may
 * be NULL).  MC_ERR_IO for any failure.
 */
static enum mc_status copy_file(const char *src, const char *dst, const char *before,
                                const char *after)
{
    sqlite3 *from = NULL, *to = NULL;
    enum mc_status st = open_for_copy(src, false, &from);
    if (st == MC_OK)
        st = open_for_copy(dst, true, &to);
    if (st == MC_OK && before)
        st = exec_handle(to, before);
    if (st == MC_OK)
        st = copy_pages(from, to);
    if (st == MC_OK && after)
        st = exec_handle(to, after);
    sqlite3_close(to);
    sqlite3_close(from);
    return st == MC_OK ? MC_OK : MC_ERR_IO;
}

static enum mc_status sq_backup(const char *target, const char *path)
{
    /* A single file that opens without a -wal beside it. */
    enum mc_status st = copy_file(target, path, NULL, "PRAGMA journal_mode=DELETE");
    if (st == MC_OK)
        restrict_files(path);
    return st;
}

static enum mc_status sq_restore(const char *target, const char *path)
{
    enum mc_status st = copy_file(path, target, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
                                  NULL);
    restrict_files(target);
    return st;
}

static enum mc_status set_commit_sync(struct sq_conn *c, bool each_commit)
{
    return exec_handle(c->h, each_commit ? "PRAGMA synchronous=FULL"
                                         : "PRAGMA synchronous=NORMAL");
}

/*
 * The file whose sync makes commits durable (malloc'd into *out), or
 * MC_ERR_NOT_FOUND: no such file (in-memory database, not in WAL mode).
 */
static enum mc_status log_path(struct sq_conn *c, char **out)
{
    sqlite3_stmt *st = NULL;
    const char *db = sqlite3_db_filename(c->h, "main");
    bool wal = false;
    *out = NULL;
    if (!db || !*db)
        return MC_ERR_NOT_FOUND;   /* in-memory or temporary database */
    if (sqlite3_prepare_v2(c->h, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
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


/* ---------------------------------------------------------------- write gate */

/*
 * One gate per database file, shared by every connection of this process
 * to it (registry keyed by the target).  SQLite lets one write transaction
 * run at a time; without the gate the others poll the lock in SQLite's
 * busy handler, sleeping 1, 2, 5... ms, and the lock sits idle between the
 * holder's COMMIT and the next sleeper's wake-up.  Queued on a mutex, the
 * next writer starts at once.  Other processes (a CLI import) still meet
 * SQLite's lock and busy timeout.
 */
struct batch_item;

struct write_gate {
    struct db_shared shared;    /* keyed by the database's path */
    pthread_mutex_t mu;
    /* The queue of db_tx_grouped (one batch leader at a time). */
    pthread_mutex_t qmu;
    struct batch_item *queue;   /* guarded by qmu, oldest first */
    bool leading;               /* guarded by qmu: a leader is running a batch */
};

/* The gate this thread holds: a second connection of the same thread must
 * not wait for itself (it meets SQLite's lock instead, as before). */
static _Thread_local struct write_gate *gate_held;

static void gate_setup(struct db_shared *s)
{
    struct write_gate *g = (struct write_gate *)s;
    if (pthread_mutex_init(&g->mu, NULL) != 0 || pthread_mutex_init(&g->qmu, NULL) != 0)
        abort();
}

static void gate_teardown(struct db_shared *s)
{
    struct write_gate *g = (struct write_gate *)s;
    pthread_mutex_destroy(&g->qmu);
    pthread_mutex_destroy(&g->mu);
}

static struct db_shared_registry gates =
    DB_SHARED_REGISTRY(struct write_gate, gate_setup, gate_teardown);

static struct write_gate *gate_acquire(const char *key)
{
    return (struct write_gate *)db_shared_acquire(&gates, key);
}

static void gate_release(struct write_gate *g)
{
    db_shared_release(&gates, g ? &g->shared : NULL);
}

/* writer_enter: take the gate; true when this call took it. */
static bool sq_writer_enter(void *conn)
{
    struct write_gate *g = ((struct sq_conn *)conn)->gate;
    if (!g || gate_held)
        return false;
    if (pthread_mutex_trylock(&g->mu) != 0) {
        sched_block_begin();   /* another writer runs: wait off the CPU */
        pthread_mutex_lock(&g->mu);
        sched_block_end();
    }
    gate_held = g;
    return true;
}

static void sq_writer_leave(void *conn, bool entered)
{
    if (!entered)
        return;
    gate_held = NULL;
    pthread_mutex_unlock(&((struct sq_conn *)conn)->gate->mu);
}

/* ---------------------------------------------------------------- deferred commits */

/* tx_ready: a failed restore in db_tx_grouped: never commit unsynced. */
static enum mc_status sq_tx_ready(void *conn)
{
    struct sq_conn *c = conn;
    if (!c->relaxed)
        return MC_OK;
    if (set_commit_sync(c, true) != MC_OK)
        return MC_ERR_DB;
    c->relaxed = false;
    return MC_OK;
}

/* The connection's group syncer, looked up on first use; NULL when none. */
static struct groupsync *group_of(struct sq_conn *c)
{
    char *path = NULL;
    if (c->gs_looked)
        return c->gs;
    c->gs_looked = true;
    if (log_path(c, &path) == MC_OK)
        c->gs = groupsync_acquire(path);
    free(path);
    return c->gs;
}

/* Back to synchronous commits after an unsynced one (or mark it to retry). */
static void restore_sync(struct sq_conn *c)
{
    if (set_commit_sync(c, true) != MC_OK) {
        c->relaxed = true;
        log_error("cannot restore synchronous commits; the next transaction retries");
    }
}

/*
 * The attempts of fn with a COMMIT that does not sync the log; *gs gets
 * the syncer to wait on, or NULL when there is none (db_tx() ran).
 */
static enum mc_status tx_unsynced(struct db *db, db_tx_fn fn, void *ctx, struct groupsync **gs)
{
    struct sq_conn *c = db->conn;
    *gs = group_of(c);
    if (!*gs || c->relaxed || set_commit_sync(c, false) != MC_OK) {
        *gs = NULL;
        return db_tx(db, fn, ctx);
    }
    enum mc_status st = db_tx_attempts(db, fn, ctx);
    restore_sync(c);
    return st;
}

static enum mc_status sq_tx_deferred(struct db *db, db_tx_fn fn, void *ctx)
{
    struct groupsync *gs;
    return tx_unsynced(db, fn, ctx, &gs);
}

/* ---------------------------------------------------------------- batches */

#define DB_BATCH_MAX 64   /* transactions run together in one */

/* One caller's transaction waiting in (or run by) a batch. */
struct batch_item {
    db_tx_fn fn;
    void *ctx;
    enum mc_status st;          /* fn's result, then the commit's or the sync's */
    bool done;                  /* guarded by the gate's qmu */
    pthread_cond_t cv;          /* its caller waits here: done, or lead the next batch */
    struct batch_item *next;
};

/* Run fn of one item inside the open transaction, undone alone on failure. */
static enum mc_status run_item(struct db *db, struct batch_item *it)
{
    enum mc_status st = db_control(db, DB_SAVEPOINT);
    if (st != MC_OK)
        return st;
    st = it->fn(db, it->ctx);
    if (st != MC_OK) {
        enum mc_status rb = db_control(db, DB_ROLLBACK_TO);
        (void)rb;
    }
    enum mc_status rel = db_control(db, DB_RELEASE);
    return st != MC_OK ? st : rel;
}

/* The body of a batch's transaction: every item, each in its savepoint. */
static enum mc_status batch_body(struct db *db, void *arg)
{
    for (struct batch_item *it = arg; it; it = it->next)
        it->st = run_item(db, it);
    return MC_OK;
}

/*
 * One transaction holding every item of the batch, each in a savepoint:
 * an item that fails is rolled back alone and keeps its status.  The
 * commit does not sync (the caller waits for the group sync).  Retried as
 * a whole when BEGIN or COMMIT meets another process's lock.  Returns the
 * commit's status, which items that succeeded take when it failed.
 */
static enum mc_status run_batch(struct db *db, struct batch_item *items)
{
    enum mc_status st = db_tx_attempts(db, batch_body, items);
    for (struct batch_item *it = items; it; it = it->next)
        if (st != MC_OK)
            it->st = st;
    return st;
}

/* Take up to DB_BATCH_MAX queued items (called with qmu held). */
static struct batch_item *take_batch(struct write_gate *g)
{
    struct batch_item *head = g->queue, *last = head;
    for (int n = 1; last && last->next && n < DB_BATCH_MAX; n++)
        last = last->next;
    if (last) {
        g->queue = last->next;
        last->next = NULL;
    }
    return head;
}

/* Lead one batch on db: run it, let the next leader start, sync, report. */
static void lead_batch(struct db *db, struct groupsync *gs, struct write_gate *g)
{
    struct sq_conn *c = db->conn;
    struct batch_item *batch = take_batch(g);
    g->leading = true;
    pthread_mutex_unlock(&g->qmu);
    enum mc_status st = MC_ERR_DB;
    if (set_commit_sync(c, false) == MC_OK) {
        st = run_batch(db, batch);
        restore_sync(c);
    } else {
        for (struct batch_item *it = batch; it; it = it->next)
            it->st = MC_ERR_DB;
    }
    pthread_mutex_lock(&g->qmu);
    g->leading = false;              /* the next batch may start while this one syncs: */
    if (g->queue)                    /* the oldest waiter leads it (one wake-up, no herd) */
        pthread_cond_signal(&g->queue->cv);
    pthread_mutex_unlock(&g->qmu);
    /* Wait even when nothing committed (replays only read: see db.h). */
    enum mc_status synced = st == MC_OK ? groupsync_wait(gs) : st;
    pthread_mutex_lock(&g->qmu);
    for (struct batch_item *it = batch, *next; it; it = next) {
        next = it->next;   /* it may be gone once its caller sees done (after qmu) */
        if (synced != MC_OK && it->st == MC_OK)
            it->st = synced;
        it->done = true;
        pthread_cond_signal(&it->cv);
    }
}

static enum mc_status sq_tx_grouped(struct db *db, db_tx_fn fn, void *ctx)
{
    struct sq_conn *c = db->conn;
    struct groupsync *gs = group_of(c);
    if (!gs || !c->gate || c->relaxed) {   /* no batching: grouped sync only */
        enum mc_status st = tx_unsynced(db, fn, ctx, &gs);
        return gs && st == MC_OK ? groupsync_wait(gs) : st;
    }
    struct write_gate *g = c->gate;
    struct batch_item me = {.fn = fn, .ctx = ctx, .st = MC_ERR_INTERNAL};
    if (pthread_cond_init(&me.cv, NULL) != 0)
        abort();
    sched_block_begin();   /* queued: the leader runs it (its slot does not count) */
    pthread_mutex_lock(&g->qmu);
    struct batch_item **tail = &g->queue;
    while (*tail)
        tail = &(*tail)->next;
    *tail = &me;
    while (!me.done) {
        if (!g->leading && g->queue)
            lead_batch(db, gs, g);   /* returns with qmu held */
        else
            pthread_cond_wait(&me.cv, &g->qmu);
    }
    pthread_mutex_unlock(&g->qmu);
    pthread_cond_destroy(&me.cv);
    sched_block_end();
    return me.st;
}

/* ---------------------------------------------------------------- the backend */

const struct db_backend db_sqlite_backend = {
    .name = "sqlite",
    .title = "SQLite",
    .dialect = "sqlite",
    .slot = 0,
    .caps = DB_CAP_SINGLE_WRITER | DB_CAP_GROUP_COMMIT | DB_CAP_DEFER_COMMIT
            | DB_CAP_SAVEPOINTS | DB_CAP_SEARCH_FTS5,
    .sql_pg = false,
    .search = &search_fts5_backend,
    .open = sq_open,
    .close = sq_close,
    .prepare = sq_prepare,
    .prepare_one = sq_prepare_one,
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
    .col_count = sq_col_count,
    .col_name = sq_col_name,
    .col_type = sq_col_type,
    .changes = sq_changes,
    .exec = sq_exec,
    .check = sq_check,
    .backup = sq_backup,
    .restore = sq_restore,
    .tx_ready = sq_tx_ready,
    .writer_enter = sq_writer_enter,
    .writer_leave = sq_writer_leave,
    .tx_grouped = sq_tx_grouped,
    .tx_deferred = sq_tx_deferred,
};
