/* dbcopy.c - copying a database from SQLite to another backend (see dbcopy.h). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/dbcopy.h"
#include "core/log.h"
#include "core/mem.h"

#define DBCOPY_TABLES_MAX 512   /* tables of one database */
#define DBCOPY_COLS_MAX 128     /* columns of one table */

struct table {
    char *name;
    bool fts;                   /* an FTS5 table: rowid is copied as id */
    bool by_rowid;              /* rows read in rowid order (names itself) */
    char *cols[DBCOPY_COLS_MAX];
    size_t ncols;
    char *deps[DBCOPY_COLS_MAX];    /* tables its foreign keys name */
    size_t ndeps;
    bool placed;                /* in the dependency order already */
    struct dbcopy_table out;    /* the report's line */
};

struct copy {
    struct db *from, *to;
    struct table *tables;       /* in dependency order once sorted */
    size_t n;
};

/* ---------------------------------------------------------------- helpers */

/* Run ad-hoc sql on db, calling fn(st, ctx) for each row. */
static enum mc_status each_row(struct db *db, const char *sql,
                               enum mc_status (*fn)(struct db_stmt *st, void *ctx), void *ctx)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum mc_status rc = db_prepare_text(db, sql, &st);
    while (rc == MC_OK && (rc = db_step(st, &row)) == MC_OK && row)
        rc = fn(st, ctx);
    db_stmt_free(st);
    return rc;
}

/* Add one value of column col of the current row to the row's hash. */
static void hash_value(crypto_generichash_state *h, struct db_stmt *st, int col)
{
    char num[40];
    const void *p = NULL;
    size_t len = 0;
    unsigned char tag = 'V';
    switch (db_col_type(st, col)) {
    case DB_TYPE_NULL:
        tag = 'N';
        break;
    case DB_TYPE_INT:
        len = (size_t)snprintf(num, sizeof(num), "%lld", (long long)db_col_int64(st, col));
        p = num;
        break;
    case DB_TYPE_REAL:
        len = (size_t)snprintf(num, sizeof(num), "%.17g", db_col_double(st, col));
        p = num;
        break;
    case DB_TYPE_TEXT:
        p = db_col_text(st, col);
        len = strlen(p);
        break;
    case DB_TYPE_BLOB:
        tag = 'B';
        p = db_col_blob(st, col);
        len = db_col_len(st, col);
        break;
    }
    uint64_t n = len;
    crypto_generichash_update(h, &tag, 1);
    crypto_generichash_update(h, (const unsigned char *)&n, sizeof(n));
    if (len)
        crypto_generichash_update(h, p, len);
}

/* The hash of the current row's first ncols columns. */
static uint64_t hash_row(struct db_stmt *st, size_t ncols)
{
    crypto_generichash_state h;
    unsigned char out[crypto_generichash_BYTES_MIN];
    uint64_t v = 0;
    crypto_generichash_init(&h, NULL, 0, sizeof(out));
    for (size_t i = 0; i < ncols; i++)
        hash_value(&h, st, (int)i);
    crypto_generichash_final(&h, out, sizeof(out));
    memcpy(&v, out, sizeof(v));
    return v;
}

/* SELECT of t's columns on the source (source true) or the target. */
static void select_sql(const struct table *t, bool source, struct buf *b)
{
    buf_adds(b, "SELECT ");
    if (t->fts)
        buf_adds(b, source ? "rowid, " : "\"id\", ");
    for (size_t i = 0; i < t->ncols; i++) {
        if (i)
            buf_adds(b, ", ");
        buf_add_dquoted(b, t->cols[i]);
    }
    buf_adds(b, " FROM ");
    buf_add_dquoted(b, t->name);
    if (source && t->by_rowid)
        buf_adds(b, " ORDER BY rowid");
}

struct sum {
    size_t ncols;
    int64_t rows;
    uint64_t sum;
};

static enum mc_status add_to_sum(struct db_stmt *st, void *ctx)
{
    struct sum *s = ctx;
    s->rows++;
    s->sum += hash_row(st, s->ncols);
    return MC_OK;
}

/* Rows and checksum of t in db (source: the SQLite side). */
static enum mc_status table_sum(struct db *db, const struct table *t, bool source,
                                int64_t *rows, uint64_t *sum)
{
    struct buf sql;
    struct sum s = {t->ncols + (t->fts ? 1 : 0), 0, 0};
    enum mc_status st;
    buf_init(&sql, BUF_MAX_SMALL);
    select_sql(t, source, &sql);
    st = buf_status(&sql);
    if (st == MC_OK)
        st = each_row(db, buf_cstr(&sql), add_to_sum, &s);
    buf_release(&sql);
    *rows = s.rows;
    *sum = s.sum;
    return st;
}

/* ---------------------------------------------------------------- the schema */

struct listing {
    struct copy *c;
};

static enum mc_status add_column(struct db_stmt *st, void *ctx)
{
    struct table *t = ctx;
    if (t->ncols >= DBCOPY_COLS_MAX)
        return MC_ERR_TOO_LARGE;
    t->cols[t->ncols++] = xstrdup(db_col_text(st, 1));   /* PRAGMA table_info: name */
    return MC_OK;
}

static enum mc_status add_dep(struct db_stmt *st, void *ctx)
{
    struct table *t = ctx;
    const char *parent = db_col_text(st, 2);   /* PRAGMA foreign_key_list: table */
    if (strcmp(parent, t->name) == 0) {
        t->by_rowid = true;
        return MC_OK;
    }
    for (size_t i = 0; i < t->ndeps; i++)
        if (strcmp(t->deps[i], parent) == 0)
            return MC_OK;
    if (t->ndeps >= DBCOPY_COLS_MAX)
        return MC_ERR_TOO_LARGE;
    t->deps[t->ndeps++] = xstrdup(parent);
    return MC_OK;
}

/* One table of sqlite_master (name, sql); FTS5 vocabularies are left out. */
static enum mc_status add_table(struct db_stmt *st, void *ctx)
{
    struct copy *c = ctx;
    const char *sql = db_col_text(st, 1);
    if (strncmp(sql, "CREATE VIRTUAL TABLE", 20) == 0 && !strstr(sql, "fts5("))
        return MC_OK;   /* fts5vocab: a view of an index */
    if (c->n >= DBCOPY_TABLES_MAX)
        return MC_ERR_TOO_LARGE;
    struct table *t = &c->tables[c->n++];
    t->name = xstrdup(db_col_text(st, 0));
    t->fts = strncmp(sql, "CREATE VIRTUAL TABLE", 20) == 0;
    t->by_rowid = t->fts;
    t->out.name = t->name;
    return MC_OK;
}

/* The source's tables with their columns and dependencies. */
static enum mc_status read_schema(struct copy *c)
{
    struct buf sql;
    enum mc_status st = each_row(c->from, "SELECT name, sql FROM sqlite_master"
                                          " WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                                          " AND name <> 'schema_migrations' ORDER BY rowid",
                                 add_table, c);
    buf_init(&sql, BUF_MAX_SMALL);
    for (size_t i = 0; st == MC_OK && i < c->n; i++) {
        struct table *t = &c->tables[i];
        buf_reset(&sql);
        buf_adds(&sql, "SELECT * FROM pragma_table_info(");
        buf_addf(&sql, "'%s')", t->name);   /* names from sqlite_master have no quote */
        if (strchr(t->name, '\'')) {
            st = MC_ERR_INVALID;
            break;
        }
        st = each_row(c->from, buf_cstr(&sql), add_column, t);
        buf_reset(&sql);
        buf_addf(&sql, "SELECT * FROM pragma_foreign_key_list('%s')", t->name);
        if (st == MC_OK)
            st = each_row(c->from, buf_cstr(&sql), add_dep, t);
    }
    buf_release(&sql);
    return st;
}

/* Whether every table t depends on is placed (or not copied at all). */
static bool deps_placed(const struct copy *c, const struct table *t)
{
    for (size_t i = 0; i < t->ndeps; i++)
        for (size_t j = 0; j < c->n; j++)
            if (strcmp(c->tables[j].name, t->deps[i]) == 0 && !c->tables[j].placed)
                return false;
    return true;
}

/* Sort the tables so that each comes after the tables it names (a cycle keeps schema order). */
static void order_tables(struct copy *c)
{
    struct table *sorted = xcalloc(c->n ? c->n : 1, sizeof(*sorted));
    size_t k = 0;
    while (k < c->n) {
        bool progress = false;
        for (size_t i = 0; i < c->n; i++) {
            struct table *t = &c->tables[i];
            if (t->placed || !deps_placed(c, t))
                continue;
            t->placed = true;
            sorted[k++] = *t;
            progress = true;
        }
        for (size_t i = 0; !progress && i < c->n; i++)
            if (!c->tables[i].placed) {   /* a cycle: take the first left */
                c->tables[i].placed = true;
                sorted[k++] = c->tables[i];
                break;
            }
    }
    for (size_t i = 0; i < c->n; i++)
        sorted[i].out.name = sorted[i].name;
    free(c->tables);
    c->tables = sorted;
}

static void free_tables(struct copy *c)
{
    for (size_t i = 0; i < c->n; i++) {
        struct table *t = &c->tables[i];
        free(t->name);
        for (size_t j = 0; j < t->ncols; j++)
            free(t->cols[j]);
        for (size_t j = 0; j < t->ndeps; j++)
            free(t->deps[j]);
    }
    free(c->tables);
}

static const struct db_query Q_TARGET_HAS = {
    "dbcopy.target_has",
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
    "SELECT count(*) FROM information_schema.tables"
    " WHERE table_schema = current_schema() AND table_name = ?1",
};

/* ---------------------------------------------------------------- copying */

struct insert {
    struct db_stmt *ins;
    size_t ncols;
};

static enum mc_status insert_row(struct db_stmt *row, void *ctx)
{
    struct insert *in = ctx;
    bool more = false;
    enum mc_status st;
    for (size_t i = 0; i < in->ncols; i++) {
        int col = (int)i, idx = (int)i + 1;
        switch (db_col_type(row, col)) {
        case DB_TYPE_NULL:
            db_bind_null(in->ins, idx);
            break;
        case DB_TYPE_INT:
            db_bind_int64(in->ins, idx, db_col_int64(row, col));
            break;
        case DB_TYPE_REAL:
            db_bind_double(in->ins, idx, db_col_double(row, col));
            break;
        case DB_TYPE_TEXT:
            db_bind_str(in->ins, idx, db_col_text(row, col));
            break;
        case DB_TYPE_BLOB:
            db_bind_blob(in->ins, idx, db_col_blob(row, col), db_col_len(row, col));
            break;
        }
    }
    st = db_step(in->ins, &more);
    db_done(in->ins);
    return st;
}

struct table_tx {
    struct copy *c;
    struct table *t;
};

/* The INSERT of t's columns on the target. */
static void insert_sql(const struct table *t, struct buf *b)
{
    size_t n = t->ncols + (t->fts ? 1 : 0);
    buf_adds(b, "INSERT INTO ");
    buf_add_dquoted(b, t->name);
    buf_adds(b, " (");
    if (t->fts)
        buf_adds(b, "\"id\"");
    for (size_t i = 0; i < t->ncols; i++) {
        if (i || t->fts)
            buf_adds(b, ", ");
        buf_add_dquoted(b, t->cols[i]);
    }
    buf_adds(b, ") VALUES (");
    for (size_t i = 0; i < n; i++)
        buf_addf(b, "%s?%zu", i ? ", " : "", i + 1);
    buf_addch(b, ')');
}

static const struct db_query Q_IDENTITY = {
    "dbcopy.identity",
    "SELECT '' WHERE 0",   /* SQLite has no identity columns */
    "SELECT column_name FROM information_schema.columns WHERE table_schema ="
    " current_schema() AND table_name = ?1 AND is_identity = 'YES'",
};

/* Move name's identity sequence (PostgreSQL) past the ids just copied. */
static enum mc_status next_ids(struct db *to, const char *name)
{
    struct db_stmt *q = NULL;
    struct buf sql;
    char col[128] = "";
    enum mc_status st = db_get_row(to, &Q_IDENTITY, &q, "s", name);
    if (st == MC_OK)
        db_col_copy(q, 0, col, sizeof(col));
    db_done(q);
    if (st == MC_ERR_NOT_FOUND)
        return MC_OK;
    buf_init(&sql, BUF_MAX_SMALL);
    buf_adds(&sql, "SELECT setval(pg_get_serial_sequence(");
    buf_addf(&sql, "'%s', '%s'), (SELECT COALESCE(MAX(", name, col);  /* no quotes in names */
    buf_add_dquoted(&sql, col);
    buf_adds(&sql, "), 0) + 1 FROM ");
    buf_add_dquoted(&sql, name);
    buf_adds(&sql, "), false)");
    if (st == MC_OK && (strchr(name, '\'') || strchr(col, '\'')))
        st = MC_ERR_INVALID;
    if (st == MC_OK)
        st = buf_status(&sql) == MC_OK ? db_exec_script(to, buf_cstr(&sql)) : MC_ERR_TOO_LARGE;
    buf_release(&sql);
    return st;
}

/* One table in the target's transaction: empty it, copy, verify, fix its id sequence. */
static enum mc_status copy_table_tx(struct db *to, void *arg)
{
    struct table_tx *x = arg;
    struct table *t = x->t;
    struct buf sql;
    struct insert in = {NULL, t->ncols + (t->fts ? 1 : 0)};
    int64_t rows = 0;
    uint64_t sum = 0;
    enum mc_status st;
    buf_init(&sql, BUF_MAX_SMALL);
    buf_adds(&sql, "DELETE FROM ");
    buf_add_dquoted(&sql, t->name);
    st = buf_status(&sql) == MC_OK ? db_exec_script(to, buf_cstr(&sql)) : MC_ERR_TOO_LARGE;
    buf_reset(&sql);
    insert_sql(t, &sql);
    if (st == MC_OK)
        st = db_prepare_text(to, buf_cstr(&sql), &in.ins);
    buf_reset(&sql);
    select_sql(t, true, &sql);
    if (st == MC_OK)
        st = each_row(x->c->from, buf_cstr(&sql), insert_row, &in);
    if (st == MC_OK)
        st = table_sum(to, t, false, &rows, &sum);
    if (st == MC_OK && (rows != t->out.rows || sum != t->out.checksum)) {
        log_error("move: table %s differs after the copy (%lld rows, %lld expected)", t->name,
                  (long long)rows, (long long)t->out.rows);
        st = MC_ERR_DB;
    }
    if (st == MC_OK && strcmp(db_dialect(to), "postgres") == 0)
        st = next_ids(to, t->name);
    db_stmt_free(in.ins);
    buf_release(&sql);
    return st;
}

/* Classify t: source-only, done, foreign or to copy (fresh: rows migrations put in t). */
static enum mc_status classify(struct copy *c, struct table *t, int64_t fresh)
{
    int64_t has = 0, rows = 0;
    uint64_t sum = 0;
    enum mc_status st = db_get_int(c->to, &Q_TARGET_HAS, &has, "s", t->name);
    if (st == MC_OK && !has) {
        t->out.outcome = DBCOPY_SOURCE_ONLY;
        return MC_OK;
    }
    if (st == MC_OK)
        st = table_sum(c->from, t, true, &t->out.rows, &t->out.checksum);
    if (st == MC_OK)
        st = table_sum(c->to, t, false, &rows, &sum);
    if (st != MC_OK)
        return st;
    if (rows == t->out.rows && sum == t->out.checksum)
        t->out.outcome = DBCOPY_DONE;
    else if (rows == fresh)
        t->out.outcome = DBCOPY_LATER;   /* to copy */
    else
        t->out.outcome = DBCOPY_FOREIGN;
    return MC_OK;
}

/* Rows a freshly migrated SQLite database has in table name (seed rows of migrations). */
static int64_t fresh_rows(struct db *fresh, const char *name)
{
    struct buf sql;
    struct db_stmt *st = NULL;
    bool row = false;
    int64_t n = 0;
    buf_init(&sql, BUF_MAX_SMALL);
    buf_adds(&sql, "SELECT count(*) FROM ");
    buf_add_dquoted(&sql, name);
    if (fresh && db_prepare_text(fresh, buf_cstr(&sql), &st) == MC_OK
        && db_step(st, &row) == MC_OK && row)
        n = db_col_int64(st, 0);
    db_stmt_free(st);
    buf_release(&sql);
    return n;
}

enum mc_status dbcopy_run(struct db *from, struct db *to, size_t max_tables,
                          dbcopy_note_fn note, void *ctx)
{
    struct copy c = {from, to, xcalloc(DBCOPY_TABLES_MAX, sizeof(struct table)), 0};
    struct db *fresh = NULL;
    size_t copied = 0;
    bool foreign = false;
    enum mc_status st = read_schema(&c);
    if (st == MC_OK && db_open(":memory:", &fresh) == MC_OK && db_migrate(fresh, NULL) != MC_OK)
        log_warn("move: the seed rows of migrations are not known");
    if (st == MC_OK)
        order_tables(&c);
    for (size_t i = 0; st == MC_OK && i < c.n; i++) {
        st = classify(&c, &c.tables[i], fresh_rows(fresh, c.tables[i].name));
        foreign = foreign || c.tables[i].out.outcome == DBCOPY_FOREIGN;
    }
    for (size_t i = 0; st == MC_OK && foreign && i < c.n; i++)
        if (c.tables[i].out.outcome == DBCOPY_FOREIGN && note)
            note(&c.tables[i].out, ctx);
    if (st == MC_OK && foreign)
        st = MC_ERR_CONFLICT;
    for (size_t i = 0; st == MC_OK && i < c.n; i++) {
        struct table *t = &c.tables[i];
        if (t->out.outcome == DBCOPY_LATER && (!max_tables || copied < max_tables)) {
            struct table_tx x = {&c, t};
            st = db_tx(to, copy_table_tx, &x);
            t->out.outcome = st == MC_OK ? DBCOPY_COPIED : DBCOPY_FAILED;
            copied++;
        }
        if (note)
            note(&t->out, ctx);
    }
    db_close(fresh);
    free_tables(&c);
    return st;
}
