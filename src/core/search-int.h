/*
 * search-int.h - what a database backend provides for full-text search
 * (core/search.h): the syntax of its match expressions and the SQL of
 * fragments and index statements.  search.c caches what these produce,
 * per descriptor and backend.  Nothing outside src/core includes this.
 */
#ifndef MC_SEARCH_INT_H
#define MC_SEARCH_INT_H

#include "core/search.h"

/* The fragments of a struct search_stmt's SQL. */
enum search_fragment {
    SEARCH_FRAG_MATCH,   /* ids of the matching documents (column id) */
    SEARCH_FRAG_RANK,    /* ids and relevance (columns id, r; higher r is better) */
};

/* The statement texts of one index (search.c makes a struct db_query of each). */
enum search_op {
    SEARCH_OP_PUT,       /* ?1 id, ?2.. the columns in order */
    SEARCH_OP_REMOVE,    /* ?1 id */
    SEARCH_OP_VOCAB,     /* prepares the vocabulary's view, or "" when none is needed */
    SEARCH_OP_CLEAR,     /* empties the counts table */
    SEARCH_OP_FILL,      /* fills the counts table from the vocabulary */
    SEARCH_OP_CREATE,    /* creates the index (search_index_create) */
    SEARCH_OP_DOCS,      /* every document: id, then the columns in order */
    SEARCH_OP_COUNT,
};

struct search_backend {
    /*
     * Append the expression of q (checked: at least one word, each a
     * folded word) to out; column is q's column index or -1.
     */
    void (*expr)(const struct search_index *ix, const struct search_query *q, int column,
                 struct buf *out);
    /* Append the SQL of a fragment over ix whose expression is bound to ?param. */
    void (*fragment)(enum search_fragment kind, const struct search_index *ix,
                     unsigned param, struct buf *sql);
    /* Append the text of op over ix (all but SEARCH_OP_DOCS, which search.c writes). */
    void (*op_sql)(enum search_op op, const struct search_index *ix, struct buf *sql);
    /* The column of an index's table that holds the document id. */
    const char *id_column;
};

extern const struct search_backend search_fts5_backend;
extern const struct search_backend search_pg_backend;

#endif
