/*
 * db.c - backend-independent part of the storage interface (see db.h and
 * db-int.h): the table of backends and URL selection, the per-connection
 * statement cache, parameter shortcuts, the transaction helper with
 * retries, migrations and the per-thread pool.  How a backend commits
 * (writer queues, batches, group commit) is in the backend (db_sqlite.c).
 */
#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/assets.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/db-int.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/sched.h"

#define DB_TX_TRIES 8
#define DB_POOL_IDLE_MAX 64  /* idle connections a pool keeps open */

/* ---------------------------------------------------------------- backends */

/*
 * The table of backends, in the order URLs are matched.  A backend that
 * is not compiled in keeps its row (be NULL), so its URLs get a clear
 * "not supported in this build" instead of "unknown".  A URL without a
 * scheme is a file path: the first row (SQLite).
 */
struct backend_row {
    const char *name;          /* as struct db_backend_info */
    const char *title;
    const char *prefixes[3];   /* URL prefixes it takes, NULL-terminated */
    bool strip;                /* the backend opens the URL without its prefix */
    const struct db_backend *be;   /* NULL: not built into this program */
    const char *missing;       /* why its URLs fail when be is NULL (Vietnamese) */
};

static const struct backend_row backends[] = {
    {"sqlite", "SQLite", {"sqlite:", NULL}, true, &db_sqlite_backend, NULL},
    {"postgresql", "PostgreSQL", {"postgresql://", "postgres://", NULL}, false,
#ifdef MC_HAVE_LIBPQ
     &db_postgres_backend,
#else
     NULL,
#endif
     "chưa hỗ trợ cơ sở dữ liệu PostgreSQL trong bản dựng này (dựng lại khi đã cài libpq-dev;"
     " hoặc dùng một tệp SQLite: --db ĐƯỜNG_DẪN hoặc sqlite:ĐƯỜNG_DẪN)"},
};

/* Length of url's "scheme://" (RFC 3986 scheme), or 0 when it has none. */
static size_t scheme_len(const char *url)
{
    size_t n = 0;
    if (!isalpha((unsigned char)url[0]))
        return 0;
    while (isalnum((unsigned char)url[n]) || url[n] == '+' || url[n] == '-' || url[n] == '.')
        n++;
    return strncmp(url + n, "://", 3) == 0 ? n + 3 : 0;
}

/* The row url selects and the length of its prefix; NULL when none. */
static const struct backend_row *row_of(const char *url, size_t *prefix)
{
    *prefix = 0;
    for (size_t i = 0; i < MC_ARRAY_LEN(backends); i++)
        for (const char *const *p = backends[i].prefixes; *p; p++)
            if (strncmp(url, *p, strlen(*p)) == 0) {
                *prefix = backends[i].strip ? strlen(*p) : 0;
                return &backends[i];
            }
    if (*url == '\0' || scheme_len(url) > 0)
        return NULL;
    return &backends[0];   /* a file path */
}

enum mc_status db_url_backend(const char *url, struct db_backend_info *out,
                              const char **target)
{
    size_t prefix = 0;
    const struct backend_row *r = url ? row_of(url, &prefix) : NULL;
    memset(out, 0, sizeof(*out));
    if (target)
        *target = NULL;
    if (!r)
        return MC_ERR_INVALID;
    out->name = r->name;
    out->title = r->title;
    out->built = r->be != NULL;
    out->caps = r->be ? r->be->caps : 0;
    if (target)
        *target = url + prefix;
    return r->be ? MC_OK : MC_ERR_NOT_FOUND;
}

const char *db_url_problem(const char *url)
{
    size_t prefix = 0;
    const struct backend_row *r = url ? row_of(url, &prefix) : NULL;
    if (!r)
        return "địa chỉ cơ sở dữ liệu không hợp lệ: dùng đường dẫn tệp SQLite,"
               " sqlite:ĐƯỜNG_DẪN hoặc postgresql://người_dùng@máy:cổng/tên_csdl";
    return r->be ? NULL : r->missing;
}

void db_url_describe(const char *url, char *out, size_t size)
{
    size_t prefix = 0;
    const struct backend_row *r = url ? row_of(url, &prefix) : NULL;
    if (size == 0)
        return;
    out[0] = '\0';
    if (r && r->be && r->be->describe)
        r->be->describe(url + prefix, out, size);
}

void db_url_safe(const char *url, char *out, size_t size)
{
    struct buf b;
    const char *p = url ? url : "";
    size_t s = scheme_len(p);
    const char *auth_end = p + s + strcspn(p + s, "/?#");
    const char *at = NULL;
    buf_init(&b, BUF_MAX_SMALL);
    for (const char *q = p + s; s && q < auth_end; q++)
        if (*q == '@')
            at = q;
    const char *colon = at ? memchr(p + s, ':', (size_t)(at - p - s)) : NULL;
    if (colon) {   /* scheme://user:PASSWORD@host */
        buf_add(&b, p, (size_t)(colon + 1 - p));
        buf_adds(&b, "***");
        p = at;
    }
    /* ...?password=PASSWORD&... (libpq's query parameters) */
    const char *query = s ? strchr(p, '?') : NULL;
    while (query) {
        const char *kv = query + 1;
        const char *next = strchr(kv, '&');
        size_t klen = strcspn(kv, "=&");
        buf_add(&b, p, (size_t)(kv - p));
        p = kv;
        if (klen == 8 && strncmp(kv, "password", 8) == 0 && kv[8] == '=') {
            buf_adds(&b, "password=***");
            p = next ? next : kv + strlen(kv);
        }
        query = next;
    }
    buf_adds(&b, p);
    snprintf(out, size, "%s", buf_status(&b) == MC_OK ? buf_cstr(&b) : "");
    buf_release(&b);
}

enum mc_status db_open(const char *url, struct db **out)
{
    struct db_backend_info info;
    const struct backend_row *r = NULL;
    const char *target = NULL;
    size_t prefix = 0;
    struct db *db = NULL;
    enum mc_status st = db_url_backend(url, &info, &target);
    if (st == MC_OK)
        r = row_of(url, &prefix);
    if (st != MC_OK || !MC_CHECK(r && r->be)) {
        log_error("database URL: %s", st == MC_ERR_NOT_FOUND ? "backend not built in"
                                                             : "unknown scheme");
        st = MC_ERR_INVALID;
        goto out;
    }
    db = xcalloc(1, sizeof(*db));
    db->be = r->be;
    st = db->be->open(target, &db->conn);
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
    free(db);
}

const char *db_dialect(const struct db *db)
{
    return db->be->dialect;
}

const char *db_backend_name(const struct db *db)
{
    return db->be->name;
}

unsigned db_caps(const struct db *db)
{
    return db->be->caps;
}

bool db_can(const struct db *db, unsigned caps)
{
    return (db->be->caps & caps) == caps;
}

enum mc_status db_lease(struct db *db, const char *name, bool take, bool *held)
{
    bool got = true;
    enum mc_status st = db->be->lease ? db->be->lease(db->conn, name, take, &got) : MC_OK;
    if (held)
        *held = st == MC_OK && got;
    return st;
}

bool db_broken(const struct db *db)
{
    return db && db->be->broken && db->be->broken(db->conn);
}

static const struct db_query Q_PING = {"db.ping", "SELECT 1"};

bool db_ping(struct db *db)
{
    int64_t one = 0;
    return db && db_get_int(db, &Q_PING, &one, "") == MC_OK && one == 1;
}

/* The built backend url selects and what it opens, or NULL. */
static const struct db_backend *backend_of(const char *url, const char **target)
{
    size_t prefix = 0;
    const struct backend_row *r = url ? row_of(url, &prefix) : NULL;
    *target = r ? url + prefix : NULL;
    return r ? r->be : NULL;
}

enum mc_status db_backup(const char *url, const char *path)
{
    const char *target = NULL;
    const struct db_backend *be = backend_of(url, &target);
    if (!be || !be->backup)
        return MC_ERR_INVALID;
    return be->backup(target, path);
}

enum mc_status db_restore(const char *url, const char *path)
{
    const char *target = NULL;
    const struct db_backend *be = backend_of(url, &target);
    if (!be || !be->restore)
        return MC_ERR_INVALID;
    return be->restore(target, path);
}

const char *db_backup_name(const char *url)
{
    const char *target = NULL;
    const struct db_backend *be = backend_of(url, &target);
    return be && strcmp(be->dialect, "postgres") == 0 ? "database.pgdump" : "database.sqlite";
}

static const struct db_query Q_TABLES = {
    "db.tables",
    "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
};

enum mc_status db_table_count(struct db *db, int64_t *n)
{
    return db_get_int(db, &Q_TABLES, n, "");
}

static const struct db_query Q_REPLICA_LAG = {
    "db.replica_lag",
    "SELECT 0.0",
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0::float8"
    " WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0::float8"
    " ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8, 1e9)"
    " END",
};

enum mc_status db_replica_lag(struct db *db, double *seconds)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_REPLICA_LAG, &st, "");
    *seconds = rc == MC_OK ? db_col_double(st, 0) : 0;
    db_done(st);
    return rc == MC_OK ? MC_OK : MC_ERR_IO;
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
    const char *sql = db->be->sql_pg && q->sql_pg ? q->sql_pg : q->sql;
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
        log_error("statement %s failed", st->query ? st->query->name : "(text)");
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

int db_col_count(struct db_stmt *st)
{
    return st->db->be->col_count(st->impl);
}

const char *db_col_name(struct db_stmt *st, int col)
{
    return st->db->be->col_name(st->impl, col);
}

enum db_type db_col_type(struct db_stmt *st, int col)
{
    return st->db->be->col_type(st->impl, col);
}

enum mc_status db_prepare_text(struct db *db, const char *sql, struct db_stmt **out)
{
    void *impl = NULL;
    const char *rest = NULL;
    enum mc_status st = db->be->prepare_one(db->conn, sql, &impl, &rest);
    *out = NULL;
    if (st == MC_OK && !impl)
        st = MC_ERR_INVALID;   /* only spaces or comments */
    while (st == MC_OK && rest && (*rest == ';' || isspace((unsigned char)*rest)))
        rest++;
    if (st == MC_OK && rest && *rest)
        st = MC_ERR_INVALID;   /* a second statement */
    if (st == MC_OK) {
        *out = xcalloc(1, sizeof(**out));
        (*out)->db = db;
        (*out)->impl = impl;
    } else if (impl) {
        db->be->finalize(impl);
    }
    return st;
}

void db_stmt_free(struct db_stmt *st)
{
    if (!st)
        return;
    st->db->be->finalize(st->impl);
    free(st);
}

enum mc_status db_check(struct db *db, char **report)
{
    *report = NULL;
    return db->be->check(db->conn, report);
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

enum mc_status db_query_vstart(struct db *db, const struct db_query *q, struct db_stmt **out,
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
    enum mc_status st = db_query_vstart(db, q, out, fmt, ap);
    va_end(ap);
    return st;
}

/* ---------------------------------------------------------------- shared */

struct db_shared *db_shared_acquire(struct db_shared_registry *r, const char *key)
{
    struct db_shared *s;
    pthread_mutex_lock(&r->mu);
    for (s = r->head; s; s = s->next)
        if (strcmp(s->key, key) == 0)
            break;
    if (!s) {
        s = xcalloc(1, r->size);
        s->key = xstrdup(key);
        r->setup(s);
        s->next = r->head;
        r->head = s;
    }
    s->refs++;
    pthread_mutex_unlock(&r->mu);
    return s;
}

void db_shared_release(struct db_shared_registry *r, struct db_shared *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&r->mu);
    bool last = --s->refs == 0;
    if (last)
        for (struct db_shared **p = &r->head; *p; p = &(*p)->next)
            if (*p == s) {
                *p = s->next;
                break;
            }
    pthread_mutex_unlock(&r->mu);
    if (last) {
        r->teardown(s);
        free(s->key);
        free(s);
    }
}

/* ---------------------------------------------------------------- rows */

bool db_next(struct db_stmt *st, enum mc_status *rc)
{
    bool row = false;
    if (*rc == MC_OK)
        *rc = db_step(st, &row);
    return *rc == MC_OK && row;
}

static enum mc_status run_va(struct db *db, const struct db_query *q, int64_t *changes,
                             const char *fmt, va_list ap)
{
    struct db_stmt *s = NULL;
    enum mc_status st = db_query_vstart(db, q, &s, fmt, ap);
    while (db_next(s, &st))
        ;   /* rows of a statement run for its effect are discarded */
    if (st == MC_OK && changes)
        *changes = db->be->changes(db->conn);
    db_done(s);
    return st;
}

enum mc_status db_run(struct db *db, const struct db_query *q, int64_t *changes,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum mc_status st = run_va(db, q, changes, fmt, ap);
    va_end(ap);
    return st;
}

enum mc_status db_change(struct db *db, const struct db_query *q, enum mc_status if_none,
                         const char *fmt, ...)
{
    int64_t changes = 0;
    va_list ap;
    va_start(ap, fmt);
    enum mc_status st = run_va(db, q, &changes, fmt, ap);
    va_end(ap);
    return st == MC_OK && changes == 0 ? if_none : st;
}

/* ---------------------------------------------------------------- bulk loading */

#define DB_COPY_COLS_MAX 64

struct db_copy {
    struct db *db;
    const struct db_query *q;
    int ncols;
    void *impl;             /* the backend's load, NULL: q per row */
    enum mc_status st;      /* the first failure */
};

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/*
 * "INSERT INTO t (a, b) VALUES (?1, ?2)" -> "t (a, b)" and 2 columns;
 * false for any other shape.
 */
static bool insert_target(const char *sql, struct buf *out, int *ncols)
{
    static const char head[] = "INSERT INTO ";
    const char *p = sql, *start;
    int n = 0;
    if (strncmp(p, head, sizeof(head) - 1) != 0)
        return false;
    start = p += sizeof(head) - 1;
    while (ident_char(*p))
        p++;
    if (p == start || strncmp(p, " (", 2) != 0)
        return false;
    for (p += 2;; p += 2) {
        const char *c = p;
        while (ident_char(*p))
            p++;
        if (p == c)
            return false;
        n++;
        if (*p == ')')
            break;
        if (strncmp(p, ", ", 2) != 0)
            return false;
    }
    buf_add(out, start, (size_t)(p + 1 - start));
    p++;
    if (strncmp(p, " VALUES (", 9) != 0)
        return false;
    p += 9;
    for (int i = 1; i <= n; i++) {
        char want[16];
        int len = snprintf(want, sizeof(want), "?%d%s", i, i < n ? ", " : ")");
        if (strncmp(p, want, (size_t)len) != 0)
            return false;
        p += len;
    }
    *ncols = n;
    return *p == '\0' && n <= DB_COPY_COLS_MAX;
}

enum mc_status db_copy_begin(struct db *db, const struct db_query *q, struct db_copy **out)
{
    struct buf target;
    int ncols = 0;
    enum mc_status st = MC_OK;
    buf_init(&target, 4096);
    *out = NULL;
    if (!insert_target(q->sql, &target, &ncols) || buf_status(&target) != MC_OK) {
        log_error("statement %s: not a plain INSERT for a bulk load", q->name);
        st = MC_ERR_INTERNAL;
        goto out;
    }
    struct db_copy *cp = xcalloc(1, sizeof(*cp));
    cp->db = db;
    cp->q = q;
    cp->ncols = ncols;
    if (db->be->copy_begin)
        st = db->be->copy_begin(db->conn, buf_cstr(&target), ncols, &cp->impl);
    if (st == MC_OK)
        *out = cp;
    else
        free(cp);
out:
    buf_release(&target);
    return st;
}

enum mc_status db_copy_row(struct db_copy *cp, const char *fmt, ...)
{
    struct db_value v[DB_COPY_COLS_MAX];
    va_list ap;
    int n = (int)strlen(fmt);
    if (cp->st != MC_OK)
        return cp->st;
    if (!MC_CHECK(n == cp->ncols)) {
        log_error("bulk load %s: %d values for %d columns", cp->q->name, n, cp->ncols);
        return cp->st = MC_ERR_INTERNAL;
    }
    if (!cp->impl) {   /* the backend has no bulk path: the statement, once per row */
        va_start(ap, fmt);
        cp->st = run_va(cp->db, cp->q, NULL, fmt, ap);
        va_end(ap);
        return cp->st;
    }
    va_start(ap, fmt);
    for (int i = 0; i < n; i++) {
        v[i] = (struct db_value){.type = fmt[i]};
        switch (fmt[i]) {
        case 'i': v[i].i = va_arg(ap, int64_t); break;
        case 's': v[i].s = va_arg(ap, const char *); break;
        case 'd': v[i].d = va_arg(ap, double); break;
        case 'n': break;
        default: cp->st = MC_ERR_INTERNAL; break;
        }
    }
    va_end(ap);
    if (!MC_CHECK(cp->st == MC_OK))
        return cp->st;
    return cp->st = cp->db->be->copy_row(cp->impl, v, n);
}

enum mc_status db_copy_end(struct db_copy *cp)
{
    if (!cp)
        return MC_OK;
    enum mc_status st = cp->st;
    if (cp->impl) {
        enum mc_status end = cp->db->be->copy_end(cp->impl, st == MC_OK);
        if (st == MC_OK)
            st = end;
    }
    free(cp);
    return st;
}

/* Start q and step to its first row: MC_ERR_NOT_FOUND when there is none. */
static enum mc_status first_row_va(struct db *db, const struct db_query *q, struct db_stmt **s,
                                   const char *fmt, va_list ap)
{
    enum mc_status st = db_query_vstart(db, q, s, fmt, ap);
    if (!db_next(*s, &st) && st == MC_OK)
        st = MC_ERR_NOT_FOUND;
    return st;
}

enum mc_status db_get_int(struct db *db, const struct db_query *q, int64_t *out,
                          const char *fmt, ...)
{
    struct db_stmt *s = NULL;
    va_list ap;
    va_start(ap, fmt);
    enum mc_status st = first_row_va(db, q, &s, fmt, ap);
    va_end(ap);
    if (st == MC_OK)
        *out = db_col_int64(s, 0);
    db_done(s);
    return st;
}

enum mc_status db_get_text(struct db *db, const struct db_query *q, char *out, size_t size,
                           const char *fmt, ...)
{
    struct db_stmt *s = NULL;
    va_list ap;
    va_start(ap, fmt);
    enum mc_status st = first_row_va(db, q, &s, fmt, ap);
    va_end(ap);
    out[0] = '\0';
    if (st == MC_OK)
        db_col_copy(s, 0, out, size);
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
    enum mc_status st = db_query_vstart(db, q, &s, fmt, ap);
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
    enum mc_status st = first_row_va(db, q, out, fmt, ap);
    va_end(ap);
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

/*
 * Wait before attempt (1, 2, ...): 2, 4, 8 ... 64 ms, less a random part
 * after the first few, so that transactions that failed together (a
 * serialization failure) do not all come back at the same moment.
 */
static void backoff(int attempt)
{
    long ns = 1000000L << (attempt < 6 ? attempt : 6);
    if (attempt > 2) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        unsigned long r = (unsigned long)now.tv_nsec * 2654435761UL ^ ((uintptr_t)&now >> 4);
        ns -= (long)(r % (unsigned long)(ns / 2));
    }
    struct timespec ts = {0, ns};
    sched_block_begin();
    nanosleep(&ts, NULL);
    sched_block_end();
}

/* Transaction control, prepared once per connection like any statement. */
static const struct db_query Q_BEGIN = {"db.begin", "BEGIN IMMEDIATE",
                                        "BEGIN ISOLATION LEVEL SERIALIZABLE"};
static const struct db_query Q_COMMIT = {"db.commit", "COMMIT", NULL};
static const struct db_query Q_ROLLBACK = {"db.rollback", "ROLLBACK", NULL};
static const struct db_query Q_SAVEPOINT = {"db.savepoint", "SAVEPOINT batch_item", NULL};
static const struct db_query Q_ROLLBACK_TO = {"db.rollback_to", "ROLLBACK TO batch_item", NULL};
static const struct db_query Q_RELEASE = {"db.release", "RELEASE batch_item", NULL};

enum mc_status db_control(struct db *db, enum db_control what)
{
    static const struct db_query *const q[] = {
        [DB_BEGIN] = &Q_BEGIN,
        [DB_COMMIT] = &Q_COMMIT,
        [DB_ROLLBACK] = &Q_ROLLBACK,
        [DB_SAVEPOINT] = &Q_SAVEPOINT,
        [DB_ROLLBACK_TO] = &Q_ROLLBACK_TO,
        [DB_RELEASE] = &Q_RELEASE,
    };
    return db_run(db, q[what], NULL, "");
}

enum mc_status db_tx_attempts(struct db *db, db_tx_fn fn, void *ctx)
{
    const struct db_backend *be = db->be;
    enum mc_status st = MC_ERR_BUSY;
    int tries = be->tx_tries > 0 ? be->tx_tries : DB_TX_TRIES;
    for (int attempt = 0; attempt < tries && st == MC_ERR_BUSY; attempt++) {
        if (attempt > 0)
            backoff(attempt);
        bool entered = be->writer_enter ? be->writer_enter(db->conn) : false;
        st = db_control(db, DB_BEGIN);
        if (st == MC_OK) {
            db->tx_depth = 1;
            st = fn(db, ctx);
            db->tx_depth = 0;
            if (st == MC_OK)
                st = db_control(db, DB_COMMIT);
            if (st != MC_OK) {
                enum mc_status rb = db_control(db, DB_ROLLBACK);
                (void)rb;
            }
        }
        if (be->writer_leave)
            be->writer_leave(db->conn, entered);
    }
    if (st == MC_ERR_BUSY)
        log_warn("transaction gave up: database busy");
    return st;
}

void db_cancel(struct db *db)
{
    if (db)
        atomic_store(&db->cancelled, true);
}

/* A new top-level transaction on a cancelled connection does not start. */
static bool tx_cancelled(struct db *db)
{
    if (!atomic_load(&db->cancelled))
        return false;
    log_info("a transaction was not started: the work on its connection was stopped");
    return true;
}

enum mc_status db_tx(struct db *db, enum mc_status (*fn)(struct db *, void *), void *ctx)
{
    if (db->tx_depth > 0)
        return fn(db, ctx);
    if (tx_cancelled(db))
        return MC_ERR_BUSY;
    if (db->be->tx_ready && db->be->tx_ready(db->conn) != MC_OK)
        return MC_ERR_DB;
    return db_tx_attempts(db, fn, ctx);
}

enum mc_status db_tx_deferred(struct db *db, enum mc_status (*fn)(struct db *, void *),
                              void *ctx)
{
    if (db->tx_depth > 0)
        return fn(db, ctx);
    if (tx_cancelled(db))
        return MC_ERR_BUSY;
    if (db->be->tx_deferred)
        return db->be->tx_deferred(db, fn, ctx);
    return db_tx(db, fn, ctx);
}

enum mc_status db_tx_grouped(struct db *db, enum mc_status (*fn)(struct db *, void *),
                             void *ctx)
{
    if (db->tx_depth > 0)
        return fn(db, ctx);   /* the outer transaction's commit decides */
    if (tx_cancelled(db))
        return MC_ERR_BUSY;
    if (db->be->tx_grouped)
        return db->be->tx_grouped(db, fn, ctx);
    return db_tx(db, fn, ctx);
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
    bool locked = false;
    enum mc_status st = MC_OK;
    if (db->be->migrate_lock) {
        st = db->be->migrate_lock(db->conn, true);
        locked = st == MC_OK;
    }
    if (st == MC_OK)
        st = db_run(db, &Q_MIGRATIONS_TABLE, NULL, "");
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
    if (locked && db->be->migrate_lock(db->conn, false) != MC_OK)
        log_warn("migrations: cannot release the lock (it goes with the connection)");
    if (applied)
        *applied = count;
    return st;
}

/* ---------------------------------------------------------------- pool */

struct db_pool {
    char *url;
    pthread_mutex_t mu;
    pthread_cond_t freed;                /* a connection came back or was closed */
    struct db *idle[DB_POOL_IDLE_MAX];   /* a stack: the warmest on top */
    size_t nidle;
    unsigned max;                        /* open at once; 0 = no limit */
    unsigned open;                       /* taken + idle */
    unsigned peak;                       /* most open at once */
};

struct db_pool *db_pool_new(const char *url)
{
    struct db_pool *pool = xcalloc(1, sizeof(*pool));
    pool->url = xstrdup(url);
    if (pthread_mutex_init(&pool->mu, NULL) != 0 || pthread_cond_init(&pool->freed, NULL) != 0)
        abort();
    return pool;
}

void db_pool_set_max(struct db_pool *pool, unsigned max)
{
    pthread_mutex_lock(&pool->mu);
    pool->max = max;
    pthread_mutex_unlock(&pool->mu);
}

bool db_pool_would_wait(struct db_pool *pool)
{
    pthread_mutex_lock(&pool->mu);
    bool wait = pool->max && pool->nidle == 0 && pool->open >= pool->max;
    pthread_mutex_unlock(&pool->mu);
    return wait;
}

void db_pool_usage(struct db_pool *pool, unsigned *open, unsigned *idle, unsigned *peak)
{
    pthread_mutex_lock(&pool->mu);
    *open = pool->open;
    *idle = (unsigned)pool->nidle;
    *peak = pool->peak;
    pthread_mutex_unlock(&pool->mu);
}

void db_pool_free(struct db_pool *pool)
{
    if (!pool)
        return;
    for (size_t i = 0; i < pool->nidle; i++)
        db_close(pool->idle[i]);
    pthread_cond_destroy(&pool->freed);
    pthread_mutex_destroy(&pool->mu);
    free(pool->url);
    free(pool);
}

struct db *db_pool_get(struct db_pool *pool)
{
    struct db *db = NULL;
    pthread_mutex_lock(&pool->mu);
    if (pool->max && pool->nidle == 0 && pool->open >= pool->max) {
        sched_block_begin();
        while (pool->nidle == 0 && pool->open >= pool->max)
            pthread_cond_wait(&pool->freed, &pool->mu);
        pthread_mutex_unlock(&pool->mu);
        sched_block_end();
        pthread_mutex_lock(&pool->mu);
    }
    if (pool->nidle > 0) {
        db = pool->idle[--pool->nidle];
    } else {
        pool->open++;   /* counted before it opens, so concurrent opens respect max */
        if (pool->open > pool->peak)
            pool->peak = pool->open;
    }
    pthread_mutex_unlock(&pool->mu);
    if (!db && db_open(pool->url, &db) != MC_OK) {
        pthread_mutex_lock(&pool->mu);
        pool->open--;
        pthread_cond_signal(&pool->freed);
        pthread_mutex_unlock(&pool->mu);
        return NULL;
    }
    return db;
}

void db_pool_put(struct db_pool *pool, struct db *db)
{
    if (!db)
        return;
    bool kept = false;
    struct db *stale[DB_POOL_IDLE_MAX];
    size_t nstale = 0;
    atomic_store(&db->cancelled, false);
    if (db->tx_depth > 0) {   /* a bug: never hand on an open transaction */
        log_error("a connection came back to the pool inside a transaction; closed");
    } else if (db->be->alive && !db->be->alive(db->conn)) {
        /* The server went away: the idle connections went with it. */
        log_warn("a database connection broke; closed with the idle ones");
        pthread_mutex_lock(&pool->mu);
        nstale = db_broken(db) ? pool->nidle : 0;
        memcpy(stale, pool->idle, nstale * sizeof(*stale));
        pool->nidle -= nstale;
        pthread_mutex_unlock(&pool->mu);
    } else {
        pthread_mutex_lock(&pool->mu);
        kept = pool->nidle < DB_POOL_IDLE_MAX;
        if (kept) {
            pool->idle[pool->nidle++] = db;
            pthread_cond_signal(&pool->freed);
        }
        pthread_mutex_unlock(&pool->mu);
    }
    for (size_t i = 0; i < nstale; i++)
        db_close(stale[i]);
    if (!kept) {
        db_close(db);
        pthread_mutex_lock(&pool->mu);
        pool->open -= 1 + (unsigned)nstale;
        pthread_cond_broadcast(&pool->freed);
        pthread_mutex_unlock(&pool->mu);
    }
}
