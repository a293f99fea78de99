/*
 * search.h - full-text search behind an interface of its own, on top of
 * the storage interface (core/db.h).  The catalogue, the published
 * feedback and the assistant's evaluation search through it; each
 * database backend brings its implementation (SQLite: FTS5 with bm25,
 * search_fts5.c; PostgreSQL: an inverted index table ranked with the same
 * bm25, search_pg.c), chosen with the backend (DB_CAP_SEARCH_* bits).
 *
 * DESIGN
 * - A module declares each of its indexes once, as a struct search_index:
 *   the index's name as the migrations create it, its columns in order
 *   and their ranking weights, and the plain table its vocabulary's
 *   document counts are copied to.  Documents are keyed by an int64 id
 *   (the id of the row they describe) and hold text_fold() output: the
 *   module folds, the index only splits on what is not a letter or digit
 *   (or one of its tokenchars).
 * - Documents are written with search_put() / search_remove() inside the
 *   caller's transaction; a transaction that changed an index with counts
 *   ends with search_refresh().
 * - A query is a struct search_query (folded words, each maybe a prefix;
 *   every word, any word or the phrase; maybe one column only), turned
 *   into the backend's match expression by search_expr().  The expression
 *   is a value: it is bound to a placeholder, never formatted into SQL.
 * - Ranked queries are portable SQL with two fragments, expanded for the
 *   connection's backend when the statement is first prepared (struct
 *   search_stmt):
 *       {match INDEX ?N}  a subquery: the ids (column id) of INDEX's
 *                         documents matching the expression bound to ?N
 *       {rank INDEX ?N}   the same with their relevance (column r, higher
 *                         is better, the columns weighted as declared)
 *   so a module keeps its filters, joins, tiers and paging in one
 *   statement and never writes a backend's search syntax.
 *
 * Thread-safety: every function may be called from any thread, each with
 * its own connection.  The descriptors' generated statements are made
 * once per backend on first use, under a lock, then read without one.
 */
#ifndef MC_SEARCH_H
#define MC_SEARCH_H

#include <stdbool.h>
#include <stdint.h>
#include "core/buf.h"
#include "core/db.h"

#define SEARCH_COLUMNS_MAX 8      /* columns of one index */
#define SEARCH_STMT_INDEXES 4     /* indexes one statement may name */

struct search_gen;

/* One full-text index.  Declare it `static` (or once, extern) and never free it. */
struct search_index {
    const char *name;                         /* as the migrations create it: [a-z0-9_]+ */
    const char *columns[SEARCH_COLUMNS_MAX];  /* column names in order, NULL after the last */
    double weights[SEARCH_COLUMNS_MAX];       /* ranking weight of each column (> 0) */
    const char *counts;      /* table (term PRIMARY KEY, doc) search_refresh() fills with
                                the vocabulary's document counts; NULL: none */
    bool counts_cnt;         /* counts also has cnt: occurrences in every column */
    const char *tokenchars;  /* characters kept inside a token besides letters and digits
                                ("_" joins word pairs); NULL: none (search_index_create) */
    struct search_gen *_Atomic gen[DB_BACKENDS_MAX];   /* private: per backend, on first use */
};

/* How the words of a query combine. */
enum search_mode {
    SEARCH_ALL,      /* every word, anywhere in the document (or the column) */
    SEARCH_ANY,      /* at least one word */
    SEARCH_PHRASE,   /* the words next to each other, in order (prefix flags ignored) */
};

/* One word of a query. */
struct search_term {
    const char *text;   /* folded (text_fold), one word without spaces, not empty */
    bool prefix;        /* also matches the words that start with it */
};

/* A query over one index. */
struct search_query {
    enum search_mode mode;
    const char *column;                /* NULL: every column; else one of the index's */
    const struct search_term *terms;   /* at least one */
    size_t nterms;
};

/* A statement over indexes.  Declare it `static`; it is never freed. */
struct search_stmt {
    const char *name;    /* "module.what", for logs */
    const char *sql;     /* portable SQL with {match INDEX ?N} / {rank INDEX ?N} fragments */
    const struct search_index *indexes[SEARCH_STMT_INDEXES];   /* those it names, NULL after */
    struct search_gen *_Atomic gen[DB_BACKENDS_MAX];  /* private: the expanded SQL per backend */
};

/*
 * Append to out the match expression of q over ix in db's backend's
 * syntax, to bind where a fragment reads it.  MC_ERR_INVALID for a query
 * without words, an empty word or a word with a space, an unknown column;
 * MC_ERR_TOO_LARGE when out is full.  Pure (db only names the backend).
 */
enum mc_status search_expr(const struct db *db, const struct search_index *ix,
                           const struct search_query *q, struct buf *out) MC_WARN_UNUSED;

/*
 * Prepare s for db's backend (expanded and prepared once per connection,
 * like db_prepare) and bind the arguments as db_query_start() does.  The
 * caller steps the statement and calls db_done().  MC_ERR_INTERNAL when
 * s names an index it does not list or a fragment is malformed (a bug,
 * logged).
 */
enum mc_status search_query_start(struct db *db, struct search_stmt *s, struct db_stmt **out,
                                  const char *fmt, ...) MC_WARN_UNUSED;
/* search_query_start(), then the first column of the first row as db_get_int(). */
enum mc_status search_get_int(struct db *db, struct search_stmt *s, int64_t *out,
                              const char *fmt, ...) MC_WARN_UNUSED;

/*
 * Add the document id to ix: cols[i] is the folded text of column i ("" for
 * none), one per column.  The id must not be in the index (search_remove()
 * it first to replace it).  Inside the caller's transaction.
 */
enum mc_status search_put(struct db *db, struct search_index *ix, int64_t id,
                          const char *const *cols) MC_WARN_UNUSED;
/* Set one column (0-based) of the document id. */
enum mc_status search_put_column(struct db *db, struct search_index *ix, int64_t id,
                                 size_t column, const char *text) MC_WARN_UNUSED;
/* Remove the document id from ix (nothing when it is not there). */
enum mc_status search_remove(struct db *db, struct search_index *ix, int64_t id)
    MC_WARN_UNUSED;
/*
 * Copy the document counts of ix's vocabulary to its counts table (a
 * no-op without one), so search reads a word's count with one seek.  Call
 * once at the end of a transaction that changed ix.
 */
enum mc_status search_refresh(struct db *db, struct search_index *ix) MC_WARN_UNUSED;
/*
 * Start reading every document of ix: rows of (id, then the folded text
 * of each column in order), in no particular order.  The caller steps
 * *out and calls db_done().  For in-memory copies (core/search_mem.h).
 */
enum mc_status search_documents(struct db *db, struct search_index *ix, struct db_stmt **out)
    MC_WARN_UNUSED;
/*
 * Create ix in db: for scratch databases (an evaluation's baselines, tests).
 * The application's indexes come from the migrations.
 */
enum mc_status search_index_create(struct db *db, struct search_index *ix) MC_WARN_UNUSED;

#endif
