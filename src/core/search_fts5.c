/*
 * search_fts5.c - full-text search on SQLite: FTS5 tables ranked by bm25
 * (search-int.h; the SQLite backend's `search`).
 *
 * An index is an FTS5 table of the same name whose rowid is the document
 * id; its vocabulary is read through an fts5vocab table of the
 * connection's temp schema (`temp.<index>_vocab`, made by search_refresh
 * on first use), so the migrations need not declare one per index.
 * Expressions are FTS5 queries: each word a quoted string (a prefix gets
 * " *"), words side by side for "every word", " OR " between them for
 * "any word", one quoted string for a phrase, "{column} : (...)" to stay
 * in one column.  bm25 is lower for better matches, so the rank fragment
 * negates it.
 */
#include "core/search-int.h"

static void fts5_expr(const struct search_index *ix, const struct search_query *q, int column,
                      struct buf *out)
{
    if (column >= 0)
        buf_addf(out, "{%s} : %s", ix->columns[column], q->mode == SEARCH_PHRASE ? "" : "(");
    if (q->mode == SEARCH_PHRASE) {
        buf_addch(out, '"');
        for (size_t i = 0; i < q->nterms; i++) {
            if (i > 0)
                buf_addch(out, ' ');
            for (const char *p = q->terms[i].text; *p; p++) {
                if (*p == '"')
                    buf_addch(out, '"');
                buf_addch(out, *p);
            }
        }
        buf_addch(out, '"');
    } else {
        for (size_t i = 0; i < q->nterms; i++) {
            if (i > 0)
                buf_adds(out, q->mode == SEARCH_ANY ? " OR " : " ");
            buf_add_dquoted(out, q->terms[i].text);
            if (q->terms[i].prefix)
                buf_adds(out, " *");
        }
    }
    if (column >= 0 && q->mode != SEARCH_PHRASE)
        buf_addch(out, ')');
}

static void fts5_fragment(enum search_fragment kind, const struct search_index *ix,
                          unsigned param, struct buf *sql)
{
    buf_adds(sql, "SELECT rowid AS id");
    if (kind == SEARCH_FRAG_RANK) {
        buf_addf(sql, ", -bm25(%s", ix->name);
        for (size_t i = 0; i < SEARCH_COLUMNS_MAX && ix->columns[i]; i++)
            buf_addf(sql, ", %.17g", ix->weights[i]);
        buf_adds(sql, ") AS r");
    }
    buf_addf(sql, " FROM %s WHERE %s MATCH ?%u", ix->name, ix->name, param);
}

/* "c1, c2, ..." or with a prefix before each column and a start number: "?2, ?3". */
static void add_columns(const struct search_index *ix, struct buf *sql, bool params)
{
    for (size_t i = 0; i < SEARCH_COLUMNS_MAX && ix->columns[i]; i++) {
        buf_adds(sql, ", ");
        if (params)
            buf_addf(sql, "?%zu", i + 2);
        else
            buf_adds(sql, ix->columns[i]);
    }
}

static void fts5_op_sql(enum search_op op, const struct search_index *ix, struct buf *sql)
{
    const char *cnt = ix->counts_cnt ? ", cnt" : "";
    switch (op) {
    case SEARCH_OP_PUT:
        buf_addf(sql, "INSERT INTO %s (rowid", ix->name);
        add_columns(ix, sql, false);
        buf_adds(sql, ") VALUES (?1");
        add_columns(ix, sql, true);
        buf_addch(sql, ')');
        break;
    case SEARCH_OP_REMOVE:
        buf_addf(sql, "DELETE FROM %s WHERE rowid = ?1", ix->name);
        break;
    case SEARCH_OP_VOCAB:
        buf_addf(sql, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.%s_vocab"
                      " USING fts5vocab(main, %s, 'row')", ix->name, ix->name);
        break;
    case SEARCH_OP_CLEAR:
        buf_addf(sql, "DELETE FROM %s", ix->counts ? ix->counts : "");
        break;
    case SEARCH_OP_FILL:
        buf_addf(sql, "INSERT INTO %s (term, doc%s) SELECT term, doc%s FROM temp.%s_vocab",
                 ix->counts ? ix->counts : "", cnt, cnt, ix->name);
        break;
    case SEARCH_OP_CREATE:
        buf_addf(sql, "CREATE VIRTUAL TABLE %s USING fts5(", ix->name);
        for (size_t i = 0; i < SEARCH_COLUMNS_MAX && ix->columns[i]; i++)
            buf_addf(sql, "%s, ", ix->columns[i]);
        if (ix->tokenchars && *ix->tokenchars)
            buf_addf(sql, "tokenize = \"unicode61 tokenchars '%s'\")", ix->tokenchars);
        else
            buf_adds(sql, "tokenize = 'unicode61')");
        break;
    case SEARCH_OP_DOCS:
    case SEARCH_OP_COUNT:
        break;
    }
}

const struct search_backend search_fts5_backend = {
    .expr = fts5_expr,
    .fragment = fts5_fragment,
    .op_sql = fts5_op_sql,
    .id_column = "rowid",
};
