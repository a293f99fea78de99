/*
 * db_postgres.c - the PostgreSQL backend of the storage interface
 * (db-int.h), on libpq: several app servers may serve one database
 * (DB_CAP_SHARED); full-text search is search_pg.c.
 *
 * DESIGN
 * - A connection is a struct pg_conn: the PGconn and a counter naming its
 *   prepared statements ("s1", "s2" ...).  db.c caches each named query
 *   per connection, so a statement is prepared once per connection
 *   (PQprepare, then PQdescribePrepared for its parameter count and
 *   columns) and run with PQexecPrepared from then on.
 * - SQL is written with ?N placeholders; prepare rewrites them to $N
 *   outside quotes and comments.  Parameters are sent as text (bytes in
 *   binary) and their types inferred by the server, as SQLite does.
 * - A statement runs on its first step and its whole result is kept
 *   (PQexecPrepared): later steps walk the rows.  So statements may be
 *   interleaved on one connection as on SQLite (a loop over one result
 *   running another statement per row); the price is that a result is
 *   held in memory whole.
 * - Results are text: integers parsed, booleans read as 0/1, bytea
 *   decoded from hex on demand, column types from the result's OIDs (so
 *   `motcua debug sql` prints the same JSON on both backends).
 * - Transactions: db.c's BEGIN is `BEGIN ISOLATION LEVEL SERIALIZABLE`
 *   (the query's sql_pg), so transactions behave as SQLite's one writer at
 *   a time: when two conflict one commits and the other fails with
 *   SQLSTATE 40001 (or 40P01, a deadlock), mapped to MC_ERR_BUSY, which
 *   db_tx() retries with the whole function.  Constraint violations
 *   (class 23) are MC_ERR_CONFLICT; a lost server or connection (classes
 *   08, 53, 57, or a connection that went bad) is MC_ERR_IO, which the web
 *   layer answers with 503, and the pool drops the connection
 *   (alive()), so the server recovers when PostgreSQL is back.
 * - A deferred commit (db_tx_deferred) is `SET LOCAL synchronous_commit
 *   TO OFF` inside the transaction: durable with the next synchronous
 *   commit, which flushes the WAL up to it.
 * - Grouped transactions (db_tx_grouped) of the connections of this
 *   process to one database queue; one leader runs the queued ones as ONE
 *   serializable transaction on its connection, each in a savepoint, and
 *   commits it synchronously: one WAL flush for the batch, and no
 *   serialization failures between them (they would all bump the same
 *   counter rows).  A caller returns after its batch's COMMIT returned, so
 *   MC_OK is as durable as db_tx().
 * - Every round trip to the server is a wait: it gives back the thread's
 *   run slot (core/sched.h) while it lasts.
 */
#ifdef MC_HAVE_LIBPQ
#include <errno.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "core/buf.h"
#include "core/db-int.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/sched.h"
#include "core/search-int.h"

#define PG_SQL_MAX (1024 * 1024)   /* bytes of one statement after rewriting */

/* Type OIDs of the catalog (pg_type.dat); stable across versions. */
enum {
    OID_BOOL = 16,
    OID_BYTEA = 17,
    OID_INT8 = 20,
    OID_INT2 = 21,
    OID_INT4 = 23,
    OID_OID = 26,
    OID_FLOAT4 = 700,
    OID_FLOAT8 = 701,
    OID_NUMERIC = 1700,
};

struct pg_queue;

struct pg_conn {
    PGconn *h;
    struct pg_queue *queue; /* db_tx_grouped's queue for this database */
    unsigned next_id;       /* the last prepared statement's number */
    int64_t changes;        /* rows changed by the last statement */
};

struct pg_stmt {
    struct pg_conn *c;
    char name[16];          /* "" for an ad-hoc statement (unnamed) */
    char *sql;              /* ad-hoc: the rewritten text (run unnamed) */
    int nparams;
    char **vals;            /* owned copies; NULL binds NULL */
    int *lens;
    int *fmts;              /* 0 text, 1 binary (bytes) */
    PGresult *desc;         /* PQdescribePrepared: columns before a run */
    PGresult *res;          /* the result of the run, NULL before */
    int row;                /* current row, -1 before the first step */
    unsigned char *blob;    /* decoded bytea of blob_col in the current row */
    size_t blob_len;
    int blob_col;           /* -1: none decoded */
};

/* ---------------------------------------------------------------- errors */

static enum mc_status map_state(const char *state)
{
    if (!state || strlen(state) != 5)
        return MC_ERR_DB;
    if (strncmp(state, "23", 2) == 0)
        return MC_ERR_CONFLICT;       /* integrity constraint violation */
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0
        || strcmp(state, "55P03") == 0)
        return MC_ERR_BUSY;           /* serialization failure, deadlock, lock */
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "53", 2) == 0
        || strncmp(state, "57", 2) == 0 || strncmp(state, "58", 2) == 0)
        return MC_ERR_IO;             /* connection, resources, shutdown, system */
    return MC_ERR_DB;
}

/* The status of a finished result (NULL: out of memory or connection lost). */
static enum mc_status result_status(struct pg_conn *c, const PGresult *r)
{
    ExecStatusType t = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK || t == PGRES_EMPTY_QUERY)
        return MC_OK;
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    enum mc_status st = map_state(state);
    if (PQstatus(c->h) == CONNECTION_BAD)
        st = MC_ERR_IO;
    if (st == MC_ERR_DB || st == MC_ERR_IO) {
        const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(c->h);
        log_error("postgresql: %s%s%.*s", state ? state : "", state ? " " : "",
                  (int)strcspn(msg ? msg : "", "\n"), msg ? msg : "");
    }
    return st;
}

/* ---------------------------------------------------------------- connections */

/* Where target points, for messages: host, port and database, never a password. */
static void describe_target(const char *target, char *out, size_t size)
{
    char *err = NULL;
    PQconninfoOption *opts = PQconninfoParse(target, &err);
    const char *host = "localhost", *port = "5432", *dbname = NULL, *user = NULL;
    for (PQconninfoOption *o = opts; o && o->keyword; o++) {
        if (!o->val || !*o->val)
            continue;
        if (strcmp(o->keyword, "host") == 0 || (strcmp(o->keyword, "hostaddr") == 0
                                                && strcmp(host, "localhost") == 0))
            host = o->val;
        else if (strcmp(o->keyword, "port") == 0)
            port = o->val;
        else if (strcmp(o->keyword, "dbname") == 0)
            dbname = o->val;
        else if (strcmp(o->keyword, "user") == 0)
            user = o->val;
    }
    if (!opts)
        snprintf(out, size, "địa chỉ không đọc được");
    else
        snprintf(out, size, "máy %s, cổng %s, cơ sở dữ liệu %s", host, port,
                 dbname ? dbname : user ? user : "(mặc định)");
    PQconninfoFree(opts);
    PQfreemem(err);
}

static struct pg_queue *queue_acquire(const char *target);
static void queue_release(struct pg_queue *q);

static enum mc_status pg_open(const char *target, void **out)
{
    struct pg_conn *c = NULL;
    enum mc_status st = MC_OK;
    char where[384];
    sched_block_begin();
    PGconn *h = PQconnectdb(target);
    sched_block_end();
    if (!h || PQstatus(h) != CONNECTION_OK) {
        const char *msg = h ? PQerrorMessage(h) : "out of memory";
        describe_target(target, where, sizeof(where));
        log_error("cannot connect to PostgreSQL (%s): %.*s", where,
                  (int)strcspn(msg, "\n"), msg);
        st = MC_ERR_IO;
        goto out;
    }
    PGresult *r = PQexec(h, "SET client_min_messages TO warning;"
                            " SET TIME ZONE 'UTC'; SET standard_conforming_strings TO on");
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        log_error("postgresql: cannot set up the session: %s", PQerrorMessage(h));
        st = MC_ERR_DB;
    }
    PQclear(r);
    if (st == MC_OK) {
        c = xcalloc(1, sizeof(*c));
        c->h = h;
        c->queue = queue_acquire(target);
        h = NULL;
    }
out:
    PQfinish(h);
    *out = c;
    return st;
}

static void pg_close(void *conn)
{
    struct pg_conn *c = conn;
    PQfinish(c->h);
    queue_release(c->queue);
    free(c);
}

/*
 * An idle connection whose server went away (stopped, restarted, the
 * backend terminated) has the server's last message and the end of the
 * stream waiting on its socket: read them without blocking (libpq's
 * socket is non-blocking), twice since the end shows on the read after
 * the message, so the loss shows here before a statement fails on it.
 */
static bool pg_broken(void *conn)
{
    PGconn *h = ((struct pg_conn *)conn)->h;
    for (int i = 0; i < 2 && PQstatus(h) == CONNECTION_OK; i++)
        if (PQtransactionStatus(h) != PQTRANS_IDLE || !PQconsumeInput(h))
            break;
    return PQstatus(h) != CONNECTION_OK;
}

static bool pg_alive(void *conn)
{
    struct pg_conn *c = conn;
    return PQstatus(c->h) == CONNECTION_OK && PQtransactionStatus(c->h) == PQTRANS_IDLE;
}

/* ---------------------------------------------------------------- statements */

/*
 * sql with ?N placeholders as $N, outside '...' strings, "..." names and
 * comments, into b.  A lone ? (no digits) is kept, and fails in the server.
 */
static void rewrite(const char *sql, struct buf *b)
{
    const char *p = sql;
    while (*p) {
        if (*p == '\'' || *p == '"') {
            char q = *p;
            const char *end = p + 1;
            while (*end && !(*end == q && end[1] != q))
                end += *end == q ? 2 : 1;
            if (*end)
                end++;
            buf_add(b, p, (size_t)(end - p));
            p = end;
        } else if (p[0] == '-' && p[1] == '-') {
            size_t n = strcspn(p, "\n");
            buf_add(b, p, n);
            p += n;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            end = end ? end + 2 : p + strlen(p);
            buf_add(b, p, (size_t)(end - p));
            p = end;
        } else if (p[0] == '?' && p[1] >= '0' && p[1] <= '9') {
            buf_addch(b, '$');
            p++;
        } else {
            buf_addch(b, *p++);
        }
    }
}

static struct pg_stmt *stmt_new(struct pg_conn *c, int nparams)
{
    struct pg_stmt *s = xcalloc(1, sizeof(*s));
    s->c = c;
    s->nparams = nparams;
    s->vals = xcalloc((size_t)nparams + 1, sizeof(*s->vals));
    s->lens = xcalloc((size_t)nparams + 1, sizeof(*s->lens));
    s->fmts = xcalloc((size_t)nparams + 1, sizeof(*s->fmts));
    s->row = -1;
    s->blob_col = -1;
    return s;
}

static void clear_result(struct pg_stmt *s)
{
    PQclear(s->res);
    s->res = NULL;
    s->row = -1;
    PQfreemem(s->blob);
    s->blob = NULL;
    s->blob_len = 0;
    s->blob_col = -1;
}

static void clear_bindings(struct pg_stmt *s)
{
    for (int i = 0; i < s->nparams; i++) {
        free(s->vals[i]);
        s->vals[i] = NULL;
        s->lens[i] = 0;
        s->fmts[i] = 0;
    }
}

static void pg_finalize(void *stmt)
{
    struct pg_stmt *s = stmt;
    if (!s)
        return;
    clear_result(s);
    clear_bindings(s);
    /* Named statements die with their connection (db_close); no DEALLOCATE. */
    PQclear(s->desc);
    free(s->sql);
    free(s->vals);
    free(s->lens);
    free(s->fmts);
    free(s);
}

/*
 * The parameter number of an "could not determine data type of parameter
 * $N" error (SQLSTATE 42P08 or 42P18) in r, or 0 for any other outcome.
 */
static int untyped_param(const PGresult *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *dollar = msg ? strrchr(msg, '$') : NULL;
    if (!state || (strcmp(state, "42P08") != 0 && strcmp(state, "42P18") != 0) || !dollar)
        return 0;
    return atoi(dollar + 1);
}

/*
 * Prepare sql (already rewritten) under name and describe it into *out.
 * A parameter the server cannot type (SQLite's "?2 IS NULL OR col = ?2",
 * where PostgreSQL types $2 at its first use) is declared text and the
 * statement prepared again; anything else that fails is a bad statement.
 */
static enum mc_status prepare_named(struct pg_conn *c, const char *name, const char *sql,
                                    struct pg_stmt **out)
{
    Oid types[64] = {0};
    int ntypes = 0;
    enum mc_status st = MC_OK;
    PGresult *r = NULL;
    *out = NULL;
    sched_block_begin();
    for (;;) {
        r = PQprepare(c->h, name, sql, ntypes, ntypes ? types : NULL);
        int n = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : untyped_param(r);
        if (n < 1 || n > (int)MC_ARRAY_LEN(types) || types[n - 1] != 0)
            break;
        types[n - 1] = 25;   /* text */
        if (n > ntypes)
            ntypes = n;
        PQclear(r);
    }
    st = result_status(c, r);
    PQclear(r);
    PGresult *d = NULL;
    if (st == MC_OK) {
        d = PQdescribePrepared(c->h, name);
        st = result_status(c, d);
    }
    sched_block_end();
    if (st == MC_OK) {
        *out = stmt_new(c, PQnparams(d));
        snprintf((*out)->name, sizeof((*out)->name), "%s", name);
        (*out)->desc = d;
        d = NULL;
    } else if (st == MC_ERR_CONFLICT || st == MC_ERR_BUSY) {
        st = MC_ERR_DB;   /* preparing only fails for a bad statement or server */
    }
    PQclear(d);
    return st;
}

static enum mc_status pg_prepare(void *conn, const char *sql, void **out)
{
    struct pg_conn *c = conn;
    struct pg_stmt *s = NULL;
    struct buf b;
    char name[16];
    buf_init(&b, PG_SQL_MAX);
    rewrite(sql, &b);
    enum mc_status st = buf_status(&b);
    if (st == MC_OK) {
        snprintf(name, sizeof(name), "s%u", ++c->next_id);
        st = prepare_named(c, name, buf_cstr(&b), &s);
    }
    if (st != MC_OK)
        log_error("postgresql: cannot prepare: %.200s", sql);
    buf_release(&b);
    *out = s;
    return st;
}

/*
 * One statement of ad-hoc text: the first ';' outside quotes and comments
 * ends it (*rest after it).  Prepared unnamed, so it is replaced by the
 * next unnamed one.
 */
static enum mc_status pg_prepare_one(void *conn, const char *sql, void **out,
                                     const char **rest)
{
    struct pg_conn *c = conn;
    struct buf b;
    struct pg_stmt *s = NULL;
    buf_init(&b, PG_SQL_MAX);
    rewrite(sql, &b);
    enum mc_status st = buf_status(&b);
    const char *text = buf_cstr(&b);
    /* find the end of the first statement in the original text */
    const char *p = sql;
    while (*p && *p != ';') {
        if (*p == '\'' || *p == '"') {
            char q = *p++;
            while (*p && !(*p == q && p[1] != q))
                p += *p == q ? 2 : 1;
            if (*p)
                p++;
        } else if (p[0] == '-' && p[1] == '-') {
            p += strcspn(p, "\n");
        } else {
            p++;
        }
    }
    *rest = p;
    size_t cut = strlen(text) - strlen(p);   /* rewriting keeps lengths (? -> $) */
    if (st == MC_OK && strspn(text, " \t\r\n") == cut)
        goto out;   /* empty: *out stays NULL */
    if (st == MC_OK) {
        char *one = xstrndup(text, cut);
        st = prepare_named(c, "", one, &s);
        if (s)
            s->sql = one;
        else
            free(one);
    }
    if (st != MC_OK)
        st = MC_ERR_INVALID;
out:
    buf_release(&b);
    *out = s;
    return st;
}

static void pg_reset(void *stmt)
{
    struct pg_stmt *s = stmt;
    clear_result(s);
    clear_bindings(s);
}

static void set_param(struct pg_stmt *s, int idx, char *val, int len, int fmt)
{
    if (idx < 1 || idx > s->nparams) {
        free(val);
        return;
    }
    free(s->vals[idx - 1]);
    s->vals[idx - 1] = val;
    s->lens[idx - 1] = len;
    s->fmts[idx - 1] = fmt;
}

static void pg_bind_int64(void *stmt, int idx, int64_t v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof(tmp), "%lld", (long long)v);
    set_param(stmt, idx, xstrdup(tmp), n, 0);
}

static void pg_bind_double(void *stmt, int idx, double v)
{
    char tmp[40];
    int n = snprintf(tmp, sizeof(tmp), "%.17g", v);
    set_param(stmt, idx, xstrdup(tmp), n, 0);
}

static void pg_bind_text(void *stmt, int idx, const char *p, size_t len)
{
    set_param(stmt, idx, xstrndup(p, len), (int)len, 0);
}

static void pg_bind_blob(void *stmt, int idx, const void *p, size_t len)
{
    char *copy = xmalloc(len + 1);
    memcpy(copy, p, len);
    set_param(stmt, idx, copy, (int)len, 1);
}

static void pg_bind_null(void *stmt, int idx)
{
    set_param(stmt, idx, NULL, 0, 0);
}

static enum mc_status pg_step(void *stmt, bool *row)
{
    struct pg_stmt *s = stmt;
    struct pg_conn *c = s->c;
    enum mc_status st = MC_OK;
    *row = false;
    if (!s->res) {
        sched_block_begin();
        s->res = PQexecPrepared(c->h, s->name, s->nparams, (const char *const *)s->vals,
                                s->lens, s->fmts, 0);
        sched_block_end();
        st = result_status(c, s->res);
        if (st != MC_OK) {
            PQclear(s->res);
            s->res = NULL;
            return st;
        }
        const char *n = PQcmdTuples(s->res);
        c->changes = n && *n ? strtoll(n, NULL, 10) : 0;
    }
    PQfreemem(s->blob);
    s->blob = NULL;
    s->blob_col = -1;
    if (s->row + 1 < PQntuples(s->res)) {
        s->row++;
        *row = true;
    } else {
        s->row = PQntuples(s->res);
    }
    return st;
}

static int pg_param_count(void *stmt)
{
    return ((struct pg_stmt *)stmt)->nparams;
}

/* The result describing the columns: the run's, or the description before it. */
static const PGresult *cols_of(const struct pg_stmt *s)
{
    return s->res ? s->res : s->desc;
}

static bool have_value(const struct pg_stmt *s, int col)
{
    return s->res && s->row >= 0 && s->row < PQntuples(s->res) && col >= 0
           && col < PQnfields(s->res);
}

static bool pg_col_is_null(void *stmt, int col)
{
    struct pg_stmt *s = stmt;
    return !have_value(s, col) || PQgetisnull(s->res, s->row, col);
}

static const char *pg_col_text(void *stmt, int col)
{
    struct pg_stmt *s = stmt;
    return have_value(s, col) ? PQgetvalue(s->res, s->row, col) : "";
}

static int64_t pg_col_int64(void *stmt, int col)
{
    struct pg_stmt *s = stmt;
    if (pg_col_is_null(s, col))
        return 0;
    const char *v = PQgetvalue(s->res, s->row, col);
    Oid t = PQftype(s->res, col);
    if (t == OID_BOOL)
        return v[0] == 't';
    if (t == OID_FLOAT4 || t == OID_FLOAT8 || (t == OID_NUMERIC && strpbrk(v, ".eE")))
        return (int64_t)strtod(v, NULL);
    return strtoll(v, NULL, 10);
}

static double pg_col_double(void *stmt, int col)
{
    struct pg_stmt *s = stmt;
    if (pg_col_is_null(s, col))
        return 0.0;
    const char *v = PQgetvalue(s->res, s->row, col);
    if (PQftype(s->res, col) == OID_BOOL)
        return v[0] == 't';
    return strtod(v, NULL);
}

/* Decode the bytea of col in the current row (once per row and column). */
static void decode_blob(struct pg_stmt *s, int col)
{
    if (s->blob_col == col)
        return;
    PQfreemem(s->blob);
    s->blob = NULL;
    s->blob_len = 0;
    s->blob_col = col;
    if (!pg_col_is_null(s, col))
        s->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(s->res, s->row, col),
                                  &s->blob_len);
}

static const void *pg_col_blob(void *stmt, int col)
{
    struct pg_stmt *s = stmt;
    if (!have_value(s, col))
        return NULL;
    if (PQftype(s->res, col) != OID_BYTEA)
        return PQgetvalue(s->res, s->row, col);
    decode_blob(s, col);
    return s->blob_len ? s->blob : NULL;
}

static size_t pg_col_len(void *stmt, int col)
{
    struct pg_stmt *s = stmt;
    if (!have_value(s, col))
        return 0;
    if (PQftype(s->res, col) != OID_BYTEA)
        return (size_t)PQgetlength(s->res, s->row, col);
    decode_blob(s, col);
    return s->blob_len;
}

static int pg_col_count(void *stmt)
{
    const PGresult *r = cols_of(stmt);
    return r ? PQnfields(r) : 0;
}

static const char *pg_col_name(void *stmt, int col)
{
    const PGresult *r = cols_of(stmt);
    const char *n = r && col >= 0 && col < PQnfields(r) ? PQfname(r, col) : NULL;
    return n ? n : "";
}

static enum db_type pg_col_type(void *stmt, int col)
{
    struct pg_stmt *s = stmt;
    if (pg_col_is_null(s, col))
        return DB_TYPE_NULL;
    switch (PQftype(s->res, col)) {
    case OID_BOOL:
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
        return DB_TYPE_INT;
    case OID_FLOAT4:
    case OID_FLOAT8:
        return DB_TYPE_REAL;
    case OID_NUMERIC:
        return strpbrk(PQgetvalue(s->res, s->row, col), ".eE") ? DB_TYPE_REAL : DB_TYPE_INT;
    case OID_BYTEA:
        return DB_TYPE_BLOB;
    default:
        return DB_TYPE_TEXT;
    }
}

static int64_t pg_changes(void *conn)
{
    return ((struct pg_conn *)conn)->changes;
}

static enum mc_status pg_exec(void *conn, const char *sql)
{
    struct pg_conn *c = conn;
    sched_block_begin();
    PGresult *r = PQexec(c->h, sql);
    sched_block_end();
    enum mc_status st = result_status(c, r);
    PQclear(r);
    return st;
}

/*
 * The consistency check: every B-tree index verified by amcheck when the
 * extension is installed (CREATE EXTENSION amcheck, as a superuser);
 * otherwise that the server answers.
 */
static enum mc_status pg_check(void *conn, char **report)
{
    struct pg_conn *c = conn;
    struct buf b;
    buf_init(&b, BUF_MAX_FILE);
    sched_block_begin();
    PGresult *r = PQexec(c->h, "SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'");
    enum mc_status st = result_status(c, r);
    bool amcheck = st == MC_OK && strcmp(PQgetvalue(r, 0, 0), "1") == 0;
    PQclear(r);
    if (st == MC_OK && amcheck) {
        r = PQexec(c->h, "SELECT bt_index_check(i.indexrelid) FROM pg_index i"
                         " JOIN pg_class x ON x.oid = i.indexrelid"
                         " JOIN pg_am a ON a.oid = x.relam"
                         " JOIN pg_namespace n ON n.oid = x.relnamespace"
                         " WHERE a.amname = 'btree' AND n.nspname = current_schema()");
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            const char *msg = PQresultErrorMessage(r);
            buf_add(&b, msg, strcspn(msg, "\n"));
        }
        PQclear(r);
    }
    sched_block_end();
    if (st == MC_OK && b.len == 0)
        buf_adds(&b, "ok");
    if (st == MC_OK)
        st = buf_status(&b);
    *report = st == MC_OK ? buf_detach(&b, NULL) : NULL;
    buf_release(&b);
    return st;
}

/* ---------------------------------------------------------------- transactions */

static const struct db_query Q_NO_SYNC = {
    "db.pg_no_sync", "SET LOCAL synchronous_commit TO OFF", NULL};

struct deferred {
    db_tx_fn fn;
    void *ctx;
};

static enum mc_status deferred_fn(struct db *db, void *arg)
{
    struct deferred *d = arg;
    enum mc_status st = db_run(db, &Q_NO_SYNC, NULL, "");
    return st == MC_OK ? d->fn(db, d->ctx) : st;
}

static enum mc_status pg_tx_deferred(struct db *db, db_tx_fn fn, void *ctx)
{
    struct deferred d = {fn, ctx};
    return db_tx_attempts(db, deferred_fn, &d);
}

/* ---------------------------------------------------------------- batches */

#define PG_BATCH_MAX 64   /* transactions run together in one */

struct pg_item;

/*
 * The queue of db_tx_grouped for one database (one per target in this
 * process, shared by its connections): one leader at a time runs a batch.
 */
struct pg_queue {
    struct db_shared shared;    /* keyed by the connection's target */
    pthread_mutex_t mu;
    struct pg_item *head;       /* guarded by mu, oldest first */
    bool leading;               /* guarded by mu: a leader is running a batch */
};

/* One caller's transaction waiting in (or run by) a batch. */
struct pg_item {
    db_tx_fn fn;
    void *ctx;
    enum mc_status st;          /* fn's result, then the commit's */
    bool done;                  /* guarded by the queue's mu */
    pthread_cond_t cv;          /* its caller waits here: done, or lead the next batch */
    struct pg_item *next;
};

static void queue_setup(struct db_shared *s)
{
    if (pthread_mutex_init(&((struct pg_queue *)s)->mu, NULL) != 0)
        abort();
}

static void queue_teardown(struct db_shared *s)
{
    pthread_mutex_destroy(&((struct pg_queue *)s)->mu);
}

static struct db_shared_registry queues =
    DB_SHARED_REGISTRY(struct pg_queue, queue_setup, queue_teardown);

static struct pg_queue *queue_acquire(const char *target)
{
    return (struct pg_queue *)db_shared_acquire(&queues, target);
}

static void queue_release(struct pg_queue *q)
{
    db_shared_release(&queues, q ? &q->shared : NULL);
}

/*
 * Run one item inside the batch's transaction, in a savepoint: a failure
 * is rolled back alone, except a serialization failure or a lost
 * connection, which end the whole attempt (the snapshot or the session is
 * spent: db_tx_attempts runs the batch again, or fails it).
 */
static enum mc_status run_item(struct db *db, struct pg_item *it)
{
    enum mc_status st = db_control(db, DB_SAVEPOINT);
    if (st != MC_OK)
        return st;
    st = it->fn(db, it->ctx);
    if (st == MC_ERR_BUSY || st == MC_ERR_IO)
        return st;
    if (st != MC_OK) {
        enum mc_status rb = db_control(db, DB_ROLLBACK_TO);
        if (rb != MC_OK)
            return rb == MC_ERR_IO ? MC_ERR_IO : MC_ERR_BUSY;
    }
    enum mc_status rel = db_control(db, DB_RELEASE);
    if (rel != MC_OK)
        return rel == MC_ERR_IO ? MC_ERR_IO : MC_ERR_BUSY;
    it->st = st;
    return MC_OK;
}

/* The body of a batch's transaction: every item, each in its savepoint. */
static enum mc_status batch_body(struct db *db, void *arg)
{
    enum mc_status st = MC_OK;
    for (struct pg_item *it = arg; it && st == MC_OK; it = it->next)
        st = run_item(db, it);
    return st;
}

/* Take up to PG_BATCH_MAX queued items (called with mu held). */
static struct pg_item *take_batch(struct pg_queue *q)
{
    struct pg_item *head = q->head, *last = head;
    for (int n = 1; last && last->next && n < PG_BATCH_MAX; n++)
        last = last->next;
    if (last) {
        q->head = last->next;
        last->next = NULL;
    }
    return head;
}

/* Lead one batch on db (called and returns with mu held): run, commit, report. */
static void lead_batch(struct db *db, struct pg_queue *q)
{
    struct pg_item *batch = take_batch(q);
    q->leading = true;
    pthread_mutex_unlock(&q->mu);
    enum mc_status st = db_tx_attempts(db, batch_body, batch);
    pthread_mutex_lock(&q->mu);
    q->leading = false;
    for (struct pg_item *it = batch, *next; it; it = next) {
        next = it->next;   /* it may be gone once its caller sees done (after mu) */
        if (st != MC_OK)
            it->st = st;   /* the batch did not commit: nothing of it is stored */
        it->done = true;
        pthread_cond_signal(&it->cv);
    }
    if (q->head)           /* the oldest waiter leads the next batch (one wake-up) */
        pthread_cond_signal(&q->head->cv);
}

static enum mc_status pg_tx_grouped(struct db *db, db_tx_fn fn, void *ctx)
{
    struct pg_queue *q = ((struct pg_conn *)db->conn)->queue;
    struct pg_item me = {.fn = fn, .ctx = ctx, .st = MC_ERR_INTERNAL};
    if (pthread_cond_init(&me.cv, NULL) != 0)
        abort();
    sched_block_begin();   /* queued: the leader runs it (its slot does not count) */
    pthread_mutex_lock(&q->mu);
    struct pg_item **tail = &q->head;
    while (*tail)
        tail = &(*tail)->next;
    *tail = &me;
    while (!me.done) {
        if (!q->leading && q->head == &me)
            lead_batch(db, q);   /* returns with mu held */
        else
            pthread_cond_wait(&me.cv, &q->mu);
    }
    pthread_mutex_unlock(&q->mu);
    pthread_cond_destroy(&me.cv);
    sched_block_end();
    return me.st;
}

/* ---------------------------------------------------------------- bulk loading */

#define PG_COPY_CHUNK (1024 * 1024)   /* bytes of rows sent per COPY */

/*
 * A bulk load: rows in COPY's text format gathered in out and sent, a
 * chunk at a time, by one `COPY table (cols) FROM STDIN` each, so the
 * connection is never left inside a COPY between calls (other statements
 * may run between rows).
 */
struct pg_copy {
    struct pg_conn *c;
    char *sql;              /* COPY table (cols) FROM STDIN */
    int ncols;
    struct buf out;
};

static enum mc_status pg_copy_begin(void *conn, const char *table_cols, int ncols, void **out)
{
    struct pg_copy *cp = xcalloc(1, sizeof(*cp));
    struct buf sql;
    buf_init(&sql, PG_SQL_MAX);
    buf_addf(&sql, "COPY %s FROM STDIN", table_cols);
    cp->c = conn;
    cp->sql = buf_detach(&sql, NULL);
    cp->ncols = ncols;
    buf_init(&cp->out, 2 * PG_COPY_CHUNK + PG_SQL_MAX);
    *out = cp;
    return MC_OK;
}

/* Send the gathered rows with one COPY and wait for its result. */
static enum mc_status copy_flush(struct pg_copy *cp)
{
    struct pg_conn *c = cp->c;
    enum mc_status st = buf_status(&cp->out);
    PGresult *r;
    if (st != MC_OK || cp->out.len == 0)
        return st;
    sched_block_begin();
    r = PQexec(c->h, cp->sql);
    if (PQresultStatus(r) == PGRES_COPY_IN) {
        PQclear(r);
        int ok = PQputCopyData(c->h, cp->out.data, (int)cp->out.len);
        ok = PQputCopyEnd(c->h, ok == 1 ? NULL : "motcua: the rows could not be sent") == 1;
        /* The COPY's own result, then NULL. */
        r = PQgetResult(c->h);
        for (PGresult *more; (more = PQgetResult(c->h)) != NULL;)
            PQclear(more);
        (void)ok;
    }
    sched_block_end();
    st = result_status(c, r);
    PQclear(r);
    buf_reset(&cp->out);
    return st;
}

/* Append s in COPY's text format: backslash, tab, newline and CR escaped. */
/* v in decimal, as "%lld" writes it, without printf (a million rows a load). */
static void copy_int(struct buf *b, int64_t v)
{
    char d[24];
    size_t i = sizeof(d);
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        d[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        d[--i] = '-';
    buf_add(b, d + i, sizeof(d) - i);
}

static void copy_text(struct buf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        char esc = *s == '\\' ? '\\' : *s == '\t' ? 't' : *s == '\n' ? 'n' : *s == '\r' ? 'r' : 0;
        if (!esc)
            continue;
        buf_add(b, run, (size_t)(s - run));
        buf_addch(b, '\\');
        buf_addch(b, esc);
        run = s + 1;
    }
    buf_add(b, run, (size_t)(s - run));
}

static enum mc_status pg_copy_row(void *copy, const struct db_value *v, int n)
{
    struct pg_copy *cp = copy;
    for (int i = 0; i < n; i++) {
        if (i > 0)
            buf_addch(&cp->out, '\t');
        if (v[i].type == 'i')
            copy_int(&cp->out, v[i].i);
        else if (v[i].type == 'd')
            buf_addf(&cp->out, "%.17g", v[i].d);
        else if (v[i].type == 's' && v[i].s)
            copy_text(&cp->out, v[i].s);
        else
            buf_adds(&cp->out, "\\N");   /* NULL */
    }
    buf_addch(&cp->out, '\n');
    return cp->out.len >= PG_COPY_CHUNK ? copy_flush(cp) : buf_status(&cp->out);
}

static enum mc_status pg_copy_end(void *copy, bool ok)
{
    struct pg_copy *cp = copy;
    enum mc_status st = ok ? copy_flush(cp) : MC_OK;
    buf_release(&cp->out);
    free(cp->sql);
    free(cp);
    return st;
}

/* A session-level advisory lock every motcua migration takes (key: "motcua" as hex). */
static enum mc_status pg_migrate_lock(void *conn, bool lock)
{
    return pg_exec(conn, lock ? "SELECT pg_advisory_lock(109111116099117097)"
                              : "SELECT pg_advisory_unlock(109111116099117097)");
}

/* Leases: session advisory locks in their own key space (1, hashtext(name)). */
static enum mc_status pg_lease(void *conn, const char *name, bool take, bool *held)
{
    struct pg_conn *c = conn;
    const char *vals[1] = {name};
    sched_block_begin();
    PGresult *r = PQexecParams(c->h, take ? "SELECT pg_try_advisory_lock(1, hashtext($1))"
                                          : "SELECT pg_advisory_unlock(1, hashtext($1))",
                               1, NULL, vals, NULL, NULL, 0);
    sched_block_end();
    enum mc_status st = result_status(c, r);
    *held = st == MC_OK && PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    return st;
}

/* ---------------------------------------------------------------- backups */

extern char **environ;

/*
 * Run the PostgreSQL client program argv[0] (found on PATH) and wait for
 * it.  Its messages go to our stderr.  MC_ERR_IO when it cannot start or
 * fails.  Run from a command or a job thread, never under a request.
 */
static enum mc_status run_tool(char *const argv[])
{
    pid_t pid;
    int status = 0;
    int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
    if (rc != 0) {
        log_error("cannot run %s: %s (install postgresql-client)", argv[0], strerror(rc));
        return MC_ERR_IO;
    }
    sched_block_begin();
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    sched_block_end();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        log_error("%s failed (status %d)", argv[0], WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return MC_ERR_IO;
    }
    return MC_OK;
}

/* pg_dump in the custom format: one consistent snapshot, compressed. */
static enum mc_status pg_backup(const char *target, const char *path)
{
    char *argv[] = {"pg_dump", "--format=custom", "--no-owner", "--file", (char *)path,
                    "--dbname", (char *)target, NULL};
    return run_tool(argv);
}

/* pg_restore of a pg_dump, replacing the dump's objects, all or nothing. */
static enum mc_status pg_restore(const char *target, const char *path)
{
    char *argv[] = {"pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                    "--exit-on-error", "--dbname", (char *)target, (char *)path, NULL};
    return run_tool(argv);
}

static void pg_describe(const char *target, char *out, size_t size)
{
    describe_target(target, out, size);
}

/* ---------------------------------------------------------------- the backend */

const struct db_backend db_postgres_backend = {
    .name = "postgresql",
    .title = "PostgreSQL",
    .dialect = "postgres",
    .slot = 1,
    .caps = DB_CAP_GROUP_COMMIT | DB_CAP_DEFER_COMMIT | DB_CAP_SAVEPOINTS | DB_CAP_SEARCH_TRGM
            | DB_CAP_SHARED,
    .sql_pg = true,
    .tx_tries = 40,
    .search = &search_pg_backend,
    .open = pg_open,
    .close = pg_close,
    .alive = pg_alive,
    .broken = pg_broken,
    .describe = pg_describe,
    .prepare = pg_prepare,
    .prepare_one = pg_prepare_one,
    .finalize = pg_finalize,
    .reset = pg_reset,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .param_count = pg_param_count,
    .col_int64 = pg_col_int64,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .col_len = pg_col_len,
    .col_is_null = pg_col_is_null,
    .col_count = pg_col_count,
    .col_name = pg_col_name,
    .col_type = pg_col_type,
    .changes = pg_changes,
    .exec = pg_exec,
    .check = pg_check,
    .migrate_lock = pg_migrate_lock,
    .lease = pg_lease,
    .backup = pg_backup,
    .restore = pg_restore,
    .copy_begin = pg_copy_begin,
    .copy_row = pg_copy_row,
    .copy_end = pg_copy_end,
    .tx_grouped = pg_tx_grouped,
    .tx_deferred = pg_tx_deferred,
};

#endif /* MC_HAVE_LIBPQ */
