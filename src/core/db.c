/*
 * db.c - backend-independent part of the storage interface (see db.h):
 * the per-connection statement cache, parameter shortcuts, the
 * transaction helper with retries, migrations and the per-thread pool.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
#include "core/assets.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/db-int.h"
#include "core/groupsync.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/sched.h"

#define DB_CACHE_SLOTS 512   /* power of two; more named statements than we have */
#define DB_TX_TRIES 8
#define DB_POOL_IDLE_MAX 64  /* idle connections a pool keeps open */

/* ---------------------------------------------------------------- write gate */

/*
 * One gate per database file, shared by every connection of this process
 * to it (registry keyed by the target).  A backend with a single writer
 * (SQLite) lets one write transaction run at a time; without the gate the
 * others poll the lock in SQLite's busy handler, sleeping 1, 2, 5... ms,
 * and the lock sits idle between the holder's COMMIT and the next
 * sleeper's wake-up.  Queued on a mutex, the next writer starts at once.
 * Other processes (a CLI import) still meet SQLite's lock and busy timeout.
 */
struct batch_item;

struct write_gate {
    char *key;
    pthread_mutex_t mu;
    int refs;                   /* guarded by gates_mu */
    struct write_gate *next;    /* guarded by gates_mu */
    /* The queue of db_tx_grouped (one batch leader at a time). */
    pthread_mutex_t qmu;
    struct batch_item *queue;   /* guarded by qmu, oldest first */
    bool leading;               /* guarded by qmu: a leader is running a batch */
};

static pthread_mutex_t gates_mu = PTHREAD_MUTEX_INITIALIZER;
static struct write_gate *gates;
/* The gate this thread holds: a second connection of the same thread must
 * not wait for itself (it meets SQLite's lock instead, as before). */
static _Thread_local struct write_gate *gate_held;

static struct write_gate *gate_acquire(const char *key)
{
    struct write_gate *g;
    pthread_mutex_lock(&gates_mu);
    for (g = gates; g; g = g->next)
        if (strcmp(g->key, key) == 0)
            break;
    if (!g) {
        g = xcalloc(1, sizeof(*g));
        g->key = xstrdup(key);
        if (pthread_mutex_init(&g->mu, NULL) != 0 || pthread_mutex_init(&g->qmu, NULL) != 0)
            abort();
        g->next = gates;
        gates = g;
    }
    g->refs++;
    pthread_mutex_unlock(&gates_mu);
    return g;
}

static void gate_release(struct write_gate *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&gates_mu);
    bool last = --g->refs == 0;
    if (last)
        for (struct write_gate **p = &gates; *p; p = &(*p)->next)
            if (*p == g) {
                *p = g->next;
                break;
            }
    pthread_mutex_unlock(&gates_mu);
    if (last) {
        pthread_mutex_destroy(&g->qmu);
        pthread_mutex_destroy(&g->mu);
        free(g->key);
        free(g);
    }
}

/* Enter g (NULL: none); true when this call took it (leave with gate_leave). */
static bool gate_enter(struct write_gate *g)
{
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

static void gate_leave(struct write_gate *g, bool entered)
{
    if (!entered)
        return;
    gate_held = NULL;
    pthread_mutex_unlock(&g->mu);
}

struct db_stmt {
    struct db *db;
    const struct db_query *query;
    void *impl;            /* backend statement */
};

struct db {
    const struct db_backend *be;
    void *conn;
    int tx_depth;                             /* nesting of db_tx */
    struct groupsync *gs;                     /* group commit of the log, or NULL */
    bool gs_looked;                           /* gs looked up (once per connection) */
    bool relaxed;                             /* commits do not sync: restore first */
    struct write_gate *gate;                  /* in-process writer queue, or NULL */
    struct db_stmt *cache[DB_CACHE_SLOTS];    /* open addressing by query address */
};

enum mc_status db_open(const char *url, struct db **out)
{
    const char *target = url;
    struct db *db = NULL;
    enum mc_status st;
    if (strncmp(url, "sqlite:", 7) == 0)
        target = url + 7;
    if (strncmp(url, "postgres", 8) == 0) {
        /* NEEDSWORK: the PostgreSQL backend (db_postgres.c, libpq). */
        log_error("the PostgreSQL backend is not built in yet");
        st = MC_ERR_INVALID;
        goto out;
    }
    db = xcalloc(1, sizeof(*db));
    db->be = &db_sqlite_backend;
    st = db->be->open(target, &db->conn);
    if (st == MC_OK && db->be->single_writer)
        db->gate = gate_acquire(target);
out:
    if (st != MC_OK) {
        free(db);
        db = NULL;
    }
    *out = db;
    return st;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < DB_CACHE_SLOTS; i++) {
        if (db->cache[i]) {
            db->be->finalize(db->cache[i]->impl);
            free(db->cache[i]);
        }
    }
    db->be->close(db->conn);
    groupsync_release(db->gs);
    gate_release(db->gate);
    free(db);
}

const char *db_dialect(const struct db *db)
{
    return db->be->dialect;
}

static size_t slot_of(const struct db_query *q)
{
    uintptr_t h = (uintptr_t)q;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 7) & (DB_CACHE_SLOTS - 1);
}

enum mc_status db_prepare(struct db *db, const struct db_query *q, struct db_stmt **out)
{
    size_t i = slot_of(q);
    enum mc_status st = MC_OK;
    *out = NULL;
    for (size_t n = 0; n < DB_CACHE_SLOTS; n++, i = (i + 1) & (DB_CACHE_SLOTS - 1)) {
        struct db_stmt *s = db->cache[i];
        if (s && s->query == q) {
            *out = s;
            goto out;
        }
        if (!s)
            break;
    }
    if (!MC_CHECK(db->cache[i] == NULL)) {
        st = MC_ERR_INTERNAL;
        goto out;
    }
    void *impl = NULL;
    const char *sql = q->sql;
    st = db->be->prepare(db->conn, sql, &impl);
    if (st != MC_OK) {
        log_error("cannot prepare statement %s", q->name);
        goto out;
    }
    struct db_stmt *s = xmalloc(sizeof(*s));
    s->db = db;
    s->query = q;
    s->impl = impl;
    db->cache[i] = s;
    *out = s;
out:
    return st;
}

void db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
    st->db->be->bind_int64(st->impl, idx, v);
}

void db_bind_double(struct db_stmt *st, int idx, double v)
{
    st->db->be->bind_double(st->impl, idx, v);
}

void db_bind_text(struct db_stmt *st, int idx, const char *s, size_t len)
{
    st->db->be->bind_text(st->impl, idx, s, len);
}

void db_bind_str(struct db_stmt *st, int idx, const char *s)
{
    if (s)
        db_bind_text(st, idx, s, strlen(s));
    else
        db_bind_null(st, idx);
}

void db_bind_null(struct db_stmt *st, int idx)
{
    st->db->be->bind_null(st->impl, idx);
}

enum mc_status db_step(struct db_stmt *st, bool *row)
{
    enum mc_status rc = st->db->be->step(st->impl, row);
    if (rc != MC_OK && rc != MC_ERR_CONFLICT && rc != MC_ERR_BUSY)
        log_error("statement %s failed", st->query->name);
    return rc;
}

int64_t db_col_int64(struct db_stmt *st, int col)
{
    return st->db->be->col_int64(st->impl, col);
}

double db_col_double(struct db_stmt *st, int col)
{
    return st->db->be->col_double(st->impl, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
    return st->db->be->col_text(st->impl, col);
}

void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len)
{
    st->db->be->bind_blob(st->impl, idx, p, len);
}

const void *db_col_blob(struct db_stmt *st, int col)
{
    return st->db->be->col_blob(st->impl, col);
}

size_t db_col_len(struct db_stmt *st, int col)
{
    return st->db->be->col_len(st->impl, col);
}

bool db_col_is_null(struct db_stmt *st, int col)
{
    return st->db->be->col_is_null(st->impl, col);
}

void db_done(struct db_stmt *st)
{
    if (st)
        st->db->be->reset(st->impl);
}

/* Bind by format; MC_ERR_INTERNAL when fmt does not match the statement. */
static enum mc_status bind_va(struct db_stmt *st, const char *fmt, va_list ap)
{
    if (!MC_CHECK((int)strlen(fmt) == st->db->be->param_count(st->impl))) {
        log_error("statement %s: %zu arguments for %d parameters", st->query->name,
                  strlen(fmt), st->db->be->param_count(st->impl));
        return MC_ERR_INTERNAL;
    }
    for (int i = 0; fmt[i]; i++) {
        switch (fmt[i]) {
        case 'i': db_bind_int64(st, i + 1, va_arg(ap, int64_t)); break;
        case 's': db_bind_str(st, i + 1, va_arg(ap, const char *)); break;
        case 'd': db_bind_double(st, i + 1, va_arg(ap, double)); break;
        case 'n': db_bind_null(st, i + 1); break;
        default: MC_CHECK(!"bad db format character"); return MC_ERR_INTERNAL;
        }
    }
    return MC_OK;
}

/* Prepare q and bind the arguments of fmt (the shortcuts below share this). */
static enum mc_status start_va(struct db *db, const struct db_query *q, struct db_stmt **out,
                               const char *fmt, va_list ap)
{
    enum mc_status st = db_prepare(db, q, out);
    if (st == MC_OK)
        st = bind_va(*out, fmt, ap);
    return st;
}

enum mc_status db_query_start(struct db *db, const struct db_query *q, struct db_stmt **out,
                              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum mc_status st = start_va(db, q, out, fmt, ap);
    va_end(ap);
    return st;
}

/* ---------------------------------------------------------------- rows */

bool db_next(struct db_stmt *st, enum mc_status *rc)
{
    bool row = false;
    if (*rc == MC_OK)
        *rc = db_step(st, &row);
    return *rc == MC_OK && row;
}

enum mc_status db_run(struct db *db, const struct db_query *q, int64_t *changes,
                      const char *fmt, ...)
{
    struct db_stmt *s = NULL;
    va_list ap;
    va_start(ap, fmt);
    enum mc_status st = start_va(db, q, &s, fmt, ap);
    va_end(ap);
    while (db_next(s, &st))
        ;   /* rows of a statement run for its effect are discarded */
    if (st == MC_OK && changes)
        *changes = db->be->changes(db->conn);
    db_done(s);
    return st;
}

enum mc_status db_get_int(struct db *db, const struct db_query *q, int64_t *out,
                          const char *fmt, ...)
{
    struct db_stmt *s = NULL;
    va_list ap;
    va_start(ap, fmt);
    enum mc_status st = start_va(db, q, &s, fmt, ap);
    va_end(ap);
    if (db_next(s, &st))
        *out = db_col_int64(s, 0);
    else if (st == MC_OK)
        st = MC_ERR_NOT_FOUND;
    db_done(s);
    return st;
}

enum mc_status db_each(struct db *db, const struct db_query *q,
                       enum mc_status (*fn)(struct db_stmt *st, void *ctx), void *ctx,
                       const char *fmt, ...)
{
    struct db_stmt *s = NULL;
    va_list ap;
    va_start(ap, fmt);
    enum mc_status st = start_va(db, q, &s, fmt, ap);
    va_end(ap);
    while (db_next(s, &st))
        st = fn(s, ctx);
    db_done(s);
    return st;
}

enum mc_status db_get_row(struct db *db, const struct db_query *q, struct db_stmt **out,
                          const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum mc_status st = start_va(db, q, out, fmt, ap);
    va_end(ap);
    if (!db_next(*out, &st) && st == MC_OK)
        st = MC_ERR_NOT_FOUND;
    return st;
}

void db_col_copy(struct db_stmt *st, int col, char *dst, size_t size)
{
    const char *s = db_col_text(st, col);
    size_t n = strlen(s);
    if (size == 0)
        return;
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;   /* never cut a UTF-8 character in two */
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

char *db_col_strdup(struct db_stmt *st, int col)
{
    return xstrdup(db_col_text(st, col));
}

enum mc_status db_exec_script(struct db *db, const char *sql)
{
    return db->be->exec(db->conn, sql);
}

static void backoff(int attempt)
{
    struct timespec ts = {0, (long)(1000000L << (attempt < 6 ? attempt : 6))};
    nanosleep(&ts, NULL);
}

/* Transaction control, prepared once per connection like any statement. */
static const struct db_query Q_BEGIN = {"db.begin", "BEGIN IMMEDIATE", "BEGIN"};
static const struct db_query Q_COMMIT = {"db.commit", "COMMIT", NULL};
static const struct db_query Q_ROLLBACK = {"db.rollback", "ROLLBACK", NULL};
static const struct db_query Q_SAVEPOINT = {"db.savepoint", "SAVEPOINT batch_item", NULL};
static const struct db_query Q_ROLLBACK_TO = {"db.rollback_to", "ROLLBACK TO batch_item", NULL};
static const struct db_query Q_RELEASE = {"db.release", "RELEASE batch_item", NULL};

static enum mc_status control(struct db *db, const struct db_query *q)
{
    return db_run(db, q, NULL, "");
}

/* The attempts of one outermost transaction (db_tx without the checks). */
static enum mc_status tx_attempts(struct db *db, enum mc_status (*fn)(struct db *, void *),
                                  void *ctx)
{
    enum mc_status st = MC_ERR_BUSY;
    for (int attempt = 0; attempt < DB_TX_TRIES && st == MC_ERR_BUSY; attempt++) {
        if (attempt > 0)
            backoff(attempt);
        bool entered = gate_enter(db->gate);
        st = control(db, &Q_BEGIN);
        if (st != MC_OK) {
            gate_leave(db->gate, entered);
            continue;
        }
        db->tx_depth = 1;
        st = fn(db, ctx);
        db->tx_depth = 0;
        if (st == MC_OK)
            st = control(db, &Q_COMMIT);
        if (st != MC_OK) {
            enum mc_status rb = control(db, &Q_ROLLBACK);
            (void)rb;
        }
        gate_leave(db->gate, entered);
    }
    if (st == MC_ERR_BUSY)
        log_warn("transaction gave up: database busy");
    return st;
}

enum mc_status db_tx(struct db *db, enum mc_status (*fn)(struct db *, void *), void *ctx)
{
    if (db->tx_depth > 0)
        return fn(db, ctx);
    if (db->relaxed) {   /* a failed restore in db_tx_grouped: never commit unsynced */
        if (db->be->set_commit_sync(db->conn, true) != MC_OK)
            return MC_ERR_DB;
        db->relaxed = false;
    }
    return tx_attempts(db, fn, ctx);
}

/* The connection's group syncer, looked up on first use; NULL when none. */
static struct groupsync *group_of(struct db *db)
{
    char *path = NULL;
    if (db->gs_looked)
        return db->gs;
    db->gs_looked = true;
    if (db->be->set_commit_sync && db->be->log_path &&
        db->be->log_path(db->conn, &path) == MC_OK)
        db->gs = groupsync_acquire(path);
    free(path);
    return db->gs;
}

/*
 * The attempts of fn with a COMMIT that does not sync the log; *gs gets
 * the syncer to wait on, or NULL when the backend has none (db_tx() ran).
 */
static enum mc_status tx_unsynced(struct db *db, enum mc_status (*fn)(struct db *, void *),
                                  void *ctx, struct groupsync **gs)
{
    *gs = group_of(db);
    if (!*gs || db->relaxed || db->be->set_commit_sync(db->conn, false) != MC_OK) {
        *gs = NULL;
        return db_tx(db, fn, ctx);
    }
    enum mc_status st = tx_attempts(db, fn, ctx);
    if (db->be->set_commit_sync(db->conn, true) != MC_OK) {
        db->relaxed = true;
        log_error("cannot restore synchronous commits; the next transaction retries");
    }
    return st;
}

enum mc_status db_tx_deferred(struct db *db, enum mc_status (*fn)(struct db *, void *),
                              void *ctx)
{
    struct groupsync *gs;
    if (db->tx_depth > 0)
        return fn(db, ctx);
    return tx_unsynced(db, fn, ctx, &gs);
}

/* ---------------------------------------------------------------- batches */

#define DB_BATCH_MAX 64   /* transactions run together in one */

/* One caller's transaction waiting in (or run by) a batch. */
struct batch_item {
    enum mc_status (*fn)(struct db *, void *);
    void *ctx;
    enum mc_status st;          /* fn's result, then the commit's or the sync's */
    bool done;                  /* guarded by the gate's qmu */
    pthread_cond_t cv;          /* its caller waits here: done, or lead the next batch */
    struct batch_item *next;
};

/* Run fn of one item inside the open transaction, undone alone on failure. */
static enum mc_status run_item(struct db *db, struct batch_item *it)
{
    enum mc_status st = control(db, &Q_SAVEPOINT);
    if (st != MC_OK)
        return st;
    st = it->fn(db, it->ctx);
    if (st != MC_OK) {
        enum mc_status rb = control(db, &Q_ROLLBACK_TO);
        (void)rb;
    }
    enum mc_status rel = control(db, &Q_RELEASE);
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
    enum mc_status st = tx_attempts(db, batch_body, items);
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
    struct batch_item *batch = take_batch(g);
    g->leading = true;
    pthread_mutex_unlock(&g->qmu);
    enum mc_status st = MC_ERR_DB;
    if (db->be->set_commit_sync(db->conn, false) == MC_OK) {
        st = run_batch(db, batch);
        if (db->be->set_commit_sync(db->conn, true) != MC_OK) {
            db->relaxed = true;
            log_error("cannot restore synchronous commits; the next transaction retries");
        }
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

enum mc_status db_tx_grouped(struct db *db, enum mc_status (*fn)(struct db *, void *),
                             void *ctx)
{
    struct groupsync *gs;
    if (db->tx_depth > 0)
        return fn(db, ctx);   /* the outer transaction's commit decides */
    gs = group_of(db);
    if (!gs || !db->gate || db->relaxed) {   /* no batching: grouped sync only */
        enum mc_status st = tx_unsynced(db, fn, ctx, &gs);
        return gs && st == MC_OK ? groupsync_wait(gs) : st;
    }
    struct write_gate *g = db->gate;
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

/* ---------------------------------------------------------------- migrations */

static const struct db_query Q_MIGRATIONS_TABLE = {
    "db.migrations_table",
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
};
static const struct db_query Q_MIGRATION_APPLIED = {
    "db.migration_applied",
    "SELECT COUNT(*) FROM schema_migrations WHERE version = ?1",
};
static const struct db_query Q_MIGRATION_RECORD = {
    "db.migration_record",
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
};

struct migration_ctx {
    const struct asset *asset;
    int64_t version;
};

static enum mc_status apply_migration(struct db *db, void *arg)
{
    struct migration_ctx *m = arg;
    enum mc_status st = db_exec_script(db, m->asset->data);
    if (st == MC_OK)
        st = db_run(db, &Q_MIGRATION_RECORD, NULL, "isi", m->version, m->asset->path,
                    clock_now());
    return st;
}

enum mc_status db_migrate(struct db *db, int *applied)
{
    char prefix[64];
    int count = 0;
    enum mc_status st = db_run(db, &Q_MIGRATIONS_TABLE, NULL, "");
    snprintf(prefix, sizeof(prefix), "sql/%s/", db_dialect(db));
    size_t plen = strlen(prefix);
    for (const struct asset *a = mc_assets; st == MC_OK && a->path; a++) {
        if (strncmp(a->path, prefix, plen) != 0)
            continue;
        struct migration_ctx m = {a, strtoll(a->path + plen, NULL, 10)};
        int64_t done = 0;
        st = db_get_int(db, &Q_MIGRATION_APPLIED, &done, "i", m.version);
        if (st != MC_OK || done)
            continue;
        log_info("applying migration %s", a->path);
        st = db_tx(db, apply_migration, &m);
        if (st == MC_OK)
            count++;
        else
            log_error("migration %s failed", a->path);
    }
    if (applied)
        *applied = count;
    return st;
}

/* ---------------------------------------------------------------- pool */

struct db_pool {
    char *url;
    pthread_mutex_t mu;
    struct db *idle[DB_POOL_IDLE_MAX];   /* a stack: the warmest on top */
    size_t nidle;
};

struct db_pool *db_pool_new(const char *url)
{
    struct db_pool *pool = xcalloc(1, sizeof(*pool));
    pool->url = xstrdup(url);
    if (pthread_mutex_init(&pool->mu, NULL) != 0)
        abort();
    return pool;
}

void db_pool_free(struct db_pool *pool)
{
    if (!pool)
        return;
    for (size_t i = 0; i < pool->nidle; i++)
        db_close(pool->idle[i]);
    pthread_mutex_destroy(&pool->mu);
    free(pool->url);
    free(pool);
}

struct db *db_pool_get(struct db_pool *pool)
{
    struct db *db = NULL;
    pthread_mutex_lock(&pool->mu);
    if (pool->nidle > 0)
        db = pool->idle[--pool->nidle];
    pthread_mutex_unlock(&pool->mu);
    if (!db && db_open(pool->url, &db) != MC_OK)
        return NULL;
    return db;
}

void db_pool_put(struct db_pool *pool, struct db *db)
{
    if (!db)
        return;
    if (db->tx_depth > 0) {   /* a bug: never hand on an open transaction */
        log_error("a connection came back to the pool inside a transaction; closed");
        db_close(db);
        return;
    }
    pthread_mutex_lock(&pool->mu);
    bool kept = pool->nidle < DB_POOL_IDLE_MAX;
    if (kept)
        pool->idle[pool->nidle++] = db;
    pthread_mutex_unlock(&pool->mu);
    if (!kept)
        db_close(db);
}
