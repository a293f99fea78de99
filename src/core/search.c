/*
 * search.c - the backend-independent part of the search interface (see
 * search.h): checking queries, expanding fragments, and the statements
 * generated for each index, cached per descriptor and backend.
 *
 * DESIGN
 * The texts a backend produces are constant for a descriptor, so they are
 * made once per (descriptor, backend) into a struct search_gen whose
 * db_query members have stable addresses; db_prepare() then caches the
 * prepared statements per connection as for any named statement.  The
 * pointer to a gen is published with a release store after it is
 * complete, and read with an acquire load, so the hot path takes no lock.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include "core/db-int.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/search-int.h"

#define GEN_SLOTS (SEARCH_OP_COUNT + SEARCH_COLUMNS_MAX)
#define SEARCH_SQL_MAX BUF_MAX_PAGE   /* bytes of one generated statement */

/* The generated statements of one descriptor for one backend. */
struct search_gen {
    struct db_query q[GEN_SLOTS];   /* index: SEARCH_OP_*, then the columns; stmt: q[0] */
    char *text[GEN_SLOTS];          /* owned texts of q[].sql */
    char *name[GEN_SLOTS];          /* owned names of q[].name */
};

static pthread_mutex_t gen_mu = PTHREAD_MUTEX_INITIALIZER;

static const struct search_backend *backend_of(const struct db *db)
{
    const struct search_backend *sb = db->be->search;
    MC_CHECK(sb != NULL);
    return sb;
}

/* A copy of b's text, or NULL (logged) when it overflowed. */
static char *take_text(struct buf *b, const char *what)
{
    char *s = NULL;
    if (buf_status(b) == MC_OK)
        s = buf_detach(b, NULL);
    else
        log_error("search: statement %s too long", what);
    buf_release(b);
    return s;
}

static bool name_ok(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

static size_t column_count(const struct search_index *ix)
{
    size_t n = 0;
    while (n < SEARCH_COLUMNS_MAX && ix->columns[n])
        n++;
    return n;
}

static bool index_ok(const struct search_index *ix)
{
    size_t n = column_count(ix);
    bool ok = name_ok(ix->name) && n > 0 && (!ix->counts || name_ok(ix->counts));
    for (size_t i = 0; ok && i < n; i++)
        ok = name_ok(ix->columns[i]) && ix->weights[i] > 0;
    for (const char *t = ix->tokenchars; ok && t && *t; t++)
        ok = ispunct((unsigned char)*t) && *t != '\'' && *t != '"';
    return ok;
}

/* ---------------------------------------------------------------- index statements */

/*
 * Append statement i of ix for backend sb: an op below SEARCH_OP_COUNT, then
 * one per column, setting it.  Listing the documents and setting a column differ
 * between backends only in the name of the id column.
 */
static void index_sql(const struct search_backend *sb, const struct search_index *ix, size_t i,
                      struct buf *sql)
{
    if (i == SEARCH_OP_DOCS) {
        buf_addf(sql, "SELECT %s", sb->id_column);
        for (size_t c = 0; c < column_count(ix); c++)
            buf_addf(sql, ", %s", ix->columns[c]);
        buf_addf(sql, " FROM %s", ix->name);
    } else if (i < SEARCH_OP_COUNT) {
        sb->op_sql((enum search_op)i, ix, sql);
    } else {
        buf_addf(sql, "UPDATE %s SET %s = ?2 WHERE %s = ?1", ix->name,
                 ix->columns[i - SEARCH_OP_COUNT], sb->id_column);
    }
}

/* ix's statements for backend sb (ix: a struct search_index); NULL on a bug (logged). */
static struct search_gen *make_index_gen(const struct search_backend *sb, const void *obj)
{
    static const char *const op_names[SEARCH_OP_COUNT] = {
        "put", "remove", "vocab", "clear", "fill", "create", "docs"};
    const struct search_index *ix = obj;
    if (!MC_CHECK(index_ok(ix)))
        return NULL;
    struct search_gen *g = xcalloc(1, sizeof(*g));
    bool ok = true;
    size_t ncols = column_count(ix);
    for (size_t i = 0; ok && i < SEARCH_OP_COUNT + ncols; i++) {
        struct buf b, nb;
        buf_init(&b, SEARCH_SQL_MAX);
        buf_init(&nb, BUF_MAX_SMALL);
        index_sql(sb, ix, i, &b);
        if (i < SEARCH_OP_COUNT)
            buf_addf(&nb, "%s.%s", ix->name, op_names[i]);
        else
            buf_addf(&nb, "%s.set_%s", ix->name, ix->columns[i - SEARCH_OP_COUNT]);
        g->text[i] = take_text(&b, ix->name);
        g->name[i] = take_text(&nb, ix->name);
        ok = g->text[i] && g->name[i];
        g->q[i].name = g->name[i];
        g->q[i].sql = g->text[i];
    }
    if (!ok) {
        for (size_t i = 0; i < GEN_SLOTS; i++) {
            free(g->text[i]);
            free(g->name[i]);
        }
        free(g);
        g = NULL;
    }
    return g;
}

/*
 * gens[] of db's backend, made by make(sb, obj) under gen_mu on first use;
 * NULL when it cannot be made.
 */
static struct search_gen *gen_of(const struct db *db, struct search_gen *_Atomic *gens,
                                 struct search_gen *(*make)(const struct search_backend *sb,
                                                            const void *obj),
                                 const void *obj)
{
    unsigned slot = db->be->slot;
    struct search_gen *g = atomic_load_explicit(&gens[slot], memory_order_acquire);
    if (g)
        return g;
    const struct search_backend *sb = backend_of(db);
    if (!sb)
        return NULL;
    pthread_mutex_lock(&gen_mu);
    g = atomic_load_explicit(&gens[slot], memory_order_relaxed);
    if (!g) {
        g = make(sb, obj);
        atomic_store_explicit(&gens[slot], g, memory_order_release);
    }
    pthread_mutex_unlock(&gen_mu);
    return g;
}

/* ix's statements for db's backend, made on first use; NULL on a bug (logged). */
static struct search_gen *index_gen(const struct db *db, struct search_index *ix)
{
    return gen_of(db, ix->gen, make_index_gen, ix);
}

enum mc_status search_put(struct db *db, struct search_index *ix, int64_t id,
                          const char *const *cols)
{
    struct search_gen *g = index_gen(db, ix);
    struct db_stmt *s = NULL;
    bool row = true;
    enum mc_status st = g ? db_prepare(db, &g->q[SEARCH_OP_PUT], &s) : MC_ERR_INTERNAL;
    if (st != MC_OK)
        goto out;
    db_bind_int64(s, 1, id);
    for (size_t i = 0; i < column_count(ix); i++)
        db_bind_str(s, (int)i + 2, cols[i] ? cols[i] : "");
    while (st == MC_OK && row)
        st = db_step(s, &row);
out:
    db_done(s);
    return st;
}

enum mc_status search_put_column(struct db *db, struct search_index *ix, int64_t id,
                                 size_t column, const char *text)
{
    struct search_gen *g = index_gen(db, ix);
    if (!g || !MC_CHECK(column < column_count(ix)))
        return MC_ERR_INTERNAL;
    return db_run(db, &g->q[SEARCH_OP_COUNT + column], NULL, "is", id, text ? text : "");
}

enum mc_status search_remove(struct db *db, struct search_index *ix, int64_t id)
{
    struct search_gen *g = index_gen(db, ix);
    return g ? db_run(db, &g->q[SEARCH_OP_REMOVE], NULL, "i", id) : MC_ERR_INTERNAL;
}

enum mc_status search_refresh(struct db *db, struct search_index *ix)
{
    struct search_gen *g = ix->counts ? index_gen(db, ix) : NULL;
    enum mc_status st = MC_OK;
    if (!ix->counts)
        return MC_OK;
    if (!g)
        return MC_ERR_INTERNAL;
    if (g->text[SEARCH_OP_VOCAB][0])
        st = db_run(db, &g->q[SEARCH_OP_VOCAB], NULL, "");
    if (st == MC_OK)
        st = db_run(db, &g->q[SEARCH_OP_CLEAR], NULL, "");
    if (st == MC_OK)
        st = db_run(db, &g->q[SEARCH_OP_FILL], NULL, "");
    return st;
}

enum mc_status search_documents(struct db *db, struct search_index *ix, struct db_stmt **out)
{
    struct search_gen *g = index_gen(db, ix);
    *out = NULL;
    return g ? db_prepare(db, &g->q[SEARCH_OP_DOCS], out) : MC_ERR_INTERNAL;
}

enum mc_status search_index_create(struct db *db, struct search_index *ix)
{
    struct search_gen *g = index_gen(db, ix);
    return g ? db_exec_script(db, g->text[SEARCH_OP_CREATE]) : MC_ERR_INTERNAL;
}

/* ---------------------------------------------------------------- expressions */

enum mc_status search_expr(const struct db *db, const struct search_index *ix,
                           const struct search_query *q, struct buf *out)
{
    const struct search_backend *sb = backend_of(db);
    int column = -1;
    if (!sb)
        return MC_ERR_INTERNAL;
    if (q->nterms == 0 || !q->terms)
        return MC_ERR_INVALID;
    for (size_t i = 0; i < q->nterms; i++) {
        const char *t = q->terms[i].text;
        if (!t || !*t || strchr(t, ' '))
            return MC_ERR_INVALID;
    }
    if (q->column) {
        for (size_t i = 0; i < column_count(ix) && column < 0; i++)
            if (strcmp(ix->columns[i], q->column) == 0)
                column = (int)i;
        if (column < 0)
            return MC_ERR_INVALID;
    }
    sb->expr(ix, q, column, out);
    return buf_status(out);
}

/* ---------------------------------------------------------------- statements */

/*
 * Expand the fragments of s->sql for sb into b.  A fragment is
 * "{match NAME ?N}" or "{rank NAME ?N}" with NAME one of s->indexes.
 */
static bool expand(const struct search_backend *sb, const struct search_stmt *s,
                   struct buf *b)
{
    const char *p = s->sql;
    while (*p) {
        const char *open = strchr(p, '{');
        if (!open) {
            buf_adds(b, p);
            break;
        }
        buf_add(b, p, (size_t)(open - p));
        enum search_fragment kind;
        const char *q = open + 1;
        if (strncmp(q, "match ", 6) == 0) {
            kind = SEARCH_FRAG_MATCH;
            q += 6;
        } else if (strncmp(q, "rank ", 5) == 0) {
            kind = SEARCH_FRAG_RANK;
            q += 5;
        } else {
            return false;
        }
        size_t nlen = strcspn(q, " }");
        const struct search_index *ix = NULL;
        for (size_t i = 0; i < SEARCH_STMT_INDEXES && s->indexes[i] && !ix; i++)
            if (strlen(s->indexes[i]->name) == nlen
                && strncmp(s->indexes[i]->name, q, nlen) == 0)
                ix = s->indexes[i];
        q += nlen;
        if (!ix || !index_ok(ix) || strncmp(q, " ?", 2) != 0 || !isdigit((unsigned char)q[2]))
            return false;
        char *end = NULL;
        unsigned long param = strtoul(q + 2, &end, 10);
        if (*end != '}' || param == 0 || param > 999)
            return false;
        sb->fragment(kind, ix, (unsigned)param, b);
        p = end + 1;
    }
    return true;
}

/* s expanded for backend sb (s: a struct search_stmt); NULL when it cannot be (logged). */
static struct search_gen *make_stmt_gen(const struct search_backend *sb, const void *obj)
{
    const struct search_stmt *s = obj;
    struct search_gen *g = NULL;
    struct buf b;
    buf_init(&b, SEARCH_SQL_MAX);
    if (expand(sb, s, &b) && buf_status(&b) == MC_OK) {
        g = xcalloc(1, sizeof(*g));
        g->text[0] = buf_detach(&b, NULL);
        g->q[0].name = s->name;
        g->q[0].sql = g->text[0];
    } else {
        log_error("search: cannot expand statement %s", s->name);
    }
    buf_release(&b);
    return g;
}

/* s expanded for db's backend, made on first use; NULL on a bug (logged). */
static const struct db_query *stmt_query(struct db *db, struct search_stmt *s)
{
    struct search_gen *g = gen_of(db, s->gen, make_stmt_gen, s);
    return g ? &g->q[0] : NULL;
}

enum mc_status search_query_start(struct db *db, struct search_stmt *s, struct db_stmt **out,
                                  const char *fmt, ...)
{
    const struct db_query *q = stmt_query(db, s);
    enum mc_status st = MC_ERR_INTERNAL;
    *out = NULL;
    if (q) {
        va_list ap;
        va_start(ap, fmt);
        st = db_query_vstart(db, q, out, fmt, ap);
        va_end(ap);
    }
    return st;
}

enum mc_status search_get_int(struct db *db, struct search_stmt *s, int64_t *out,
                              const char *fmt, ...)
{
    const struct db_query *q = stmt_query(db, s);
    struct db_stmt *st = NULL;
    bool row = false;
    enum mc_status rc = MC_ERR_INTERNAL;
    if (q) {
        va_list ap;
        va_start(ap, fmt);
        rc = db_query_vstart(db, q, &st, fmt, ap);
        va_end(ap);
    }
    if (rc == MC_OK)
        rc = db_step(st, &row);
    if (rc == MC_OK && !row)
        rc = MC_ERR_NOT_FOUND;
    if (rc == MC_OK)
        *out = db_col_int64(st, 0);
    db_done(st);
    return rc;
}
