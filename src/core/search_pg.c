/*
 * search_pg.c - full-text search on PostgreSQL (search-int.h; the
 * PostgreSQL backend's `search`), ranked as SQLite's FTS5 ranks so that
 * both backends find the same results in the same order.
 *
 * DESIGN
 * An index is what 0003's search_create_index() makes (sql/postgres): a
 * table of the index's name (id, one text column per indexed column, the
 * document's length in tokens) and its rows of the inverted index
 * search_terms (ix, term, id, tf: the term's occurrences in each column),
 * kept by a trigger from
 * the tokens of each column as FTS5's unicode61 tokenizer cuts folded
 * text (runs of characters other than ASCII punctuation and spaces, plus
 * the index's tokenchars).  Documents are written with plain INSERT,
 * UPDATE and DELETE on the table.
 *
 * An expression is a JSON value bound to a placeholder:
 *     {"m": "all" | "any" | "phrase", "c": COLUMN or -1,
 *      "t": [{"w": WORD, "h": END}, ...], "l": "% w1 w2 %"}
 * where [w, h) is the range of terms a word matches (the word alone, or
 * every word it starts when it is a prefix), compared bytewise (terms are
 * COLLATE "C").  "every word" and "any word" match through the terms
 * table; a phrase is its words, space-separated, inside a column's text
 * (the LIKE pattern l): documents hold text_fold() output, words and
 * single spaces.
 *
 * Ranking is bm25 as FTS5 computes it (k1 = 1.2, b = 0.75): for each word
 * i of the expression, idf_i = ln((N - n_i + 0.5) / (n_i + 0.5)) (1e-6
 * when not positive), with N the documents and n_i those where the word
 * occurs (in the expression's column, if any); f_i = sum over columns of
 * the column's weight times the word's occurrences there; D the
 * document's tokens and avgdl their mean; score = sum_i idf_i * f_i *
 * (k1 + 1) / (f_i + k1 * (1 - b + b * D / avgdl)).  FTS5 returns minus
 * that, which the FTS5 fragment negates again: the same r on both.  A
 * phrase is ranked as its words (FTS5 counts whole phrases): no query
 * ranks phrases today.
 */
#ifdef MC_HAVE_LIBPQ
#include <string.h>
#include "core/search-int.h"

/* Append s as a JSON string. */
static void add_json(struct buf *b, const char *s)
{
    buf_addch(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_addf(b, "\\%c", *p);
        else if (*p < 0x20)
            buf_addf(b, "\\u%04x", *p);
        else
            buf_addch(b, (char)*p);
    }
    buf_addch(b, '"');
}

/* The end of the range of terms t matches (exclusive), as a JSON string. */
static void add_end(struct buf *b, const char *t, bool prefix)
{
    char end[256];
    size_t len = strlen(t);
    if (len >= sizeof(end) - 1)
        len = sizeof(end) - 2;
    memcpy(end, t, len);
    end[len] = '\0';
    if (!prefix) {
        end[len] = '\x01';   /* only t itself lies in [t, t + "\x01") */
        end[len + 1] = '\0';
    } else {
        while (len > 0 && (unsigned char)end[len - 1] == 0xFF)
            end[--len] = '\0';
        if (len > 0)
            end[len - 1] = (char)((unsigned char)end[len - 1] + 1);
    }
    add_json(b, end);
}

/* Append c to a LIKE pattern (backslash escapes % _ and itself). */
static void add_like_char(struct buf *b, char c)
{
    if (c == '%' || c == '_' || c == '\\')
        buf_addch(b, '\\');
    buf_addch(b, c);
}

static void pg_expr(const struct search_index *ix, const struct search_query *q, int column,
                    struct buf *out)
{
    static const char *const modes[] = {"all", "any", "phrase"};
    struct buf like;
    (void)ix;
    buf_init(&like, out->max);
    buf_addf(out, "{\"m\":\"%s\",\"c\":%d,\"t\":[", modes[q->mode], column);
    buf_adds(&like, "% ");
    for (size_t i = 0; i < q->nterms; i++) {
        bool prefix = q->terms[i].prefix && q->mode != SEARCH_PHRASE;
        buf_adds(out, i > 0 ? ",{\"w\":" : "{\"w\":");
        add_json(out, q->terms[i].text);
        buf_adds(out, ",\"h\":");
        add_end(out, q->terms[i].text, prefix);
        buf_addch(out, '}');
        if (i > 0)
            buf_addch(&like, ' ');
        for (const char *p = q->terms[i].text; *p; p++)
            add_like_char(&like, *p);
    }
    buf_adds(&like, " %");
    buf_adds(out, "],\"l\":");
    add_json(out, buf_status(&like) == MC_OK ? buf_cstr(&like) : "");
    buf_addch(out, '}');
    if (buf_status(&like) != MC_OK)
        out->overflow = true;   /* too long: out fails as well */
    buf_release(&like);
}

static size_t ncolumns(const struct search_index *ix)
{
    size_t n = 0;
    while (n < SEARCH_COLUMNS_MAX && ix->columns[n])
        n++;
    return n;
}

/*
 * The ids matching the expression ?P (column id): every word or any word
 * through the terms (in the expression's column when it has one: tf of
 * that column > 0); a phrase by its words, space-separated, inside the
 * column's text (documents hold text_fold() output: words and single
 * spaces, so that is exactly "adjacent, in order").
 */
static void match_sql(const struct search_index *ix, unsigned p, struct buf *sql)
{
    buf_addf(sql,
             "SELECT x.id FROM ("
             "SELECT t.id FROM jsonb_array_elements(?%u::jsonb->'t') WITH ORDINALITY AS q(e, i)"
             " JOIN search_terms t ON t.ix = '%s' AND t.term >= (q.e->>'w')"
             " AND t.term < (q.e->>'h')"
             " WHERE ?%u::jsonb->>'m' <> 'phrase'"
             " AND ((?%u::jsonb->>'c')::int < 0 OR t.tf[(?%u::jsonb->>'c')::int + 1] > 0)"
             " GROUP BY t.id HAVING count(DISTINCT q.i) >= CASE WHEN ?%u::jsonb->>'m' = 'all'"
             " THEN jsonb_array_length(?%u::jsonb->'t') ELSE 1 END"
             " UNION ALL SELECT d.id FROM %s d WHERE ?%u::jsonb->>'m' = 'phrase' AND (",
             p, ix->name, p, p, p, p, p, ix->name, p);
    for (size_t i = 0; i < ncolumns(ix); i++)
        buf_addf(sql, "%s((?%u::jsonb->>'c')::int IN (-1, %zu)"
                      " AND ' ' || d.%s || ' ' LIKE ?%u::jsonb->>'l')",
                 i > 0 ? " OR " : "", p, i, ix->columns[i], p);
    buf_adds(sql, ")) x");
}

static void pg_fragment(enum search_fragment kind, const struct search_index *ix,
                        unsigned p, struct buf *sql)
{
    if (kind == SEARCH_FRAG_MATCH) {
        match_sql(ix, p, sql);
        return;
    }
    buf_addf(sql,
             "WITH e AS (SELECT ?%u::jsonb AS j),"
             " q AS (SELECT q.i, q.e->>'w' AS w, q.e->>'h' AS h"
             " FROM e, jsonb_array_elements(e.j->'t') WITH ORDINALITY AS q(e, i)),"
             " hit AS (SELECT q.i, t.id, t.tf FROM e, q"
             " JOIN search_terms t ON t.ix = '%s' AND t.term >= q.w AND t.term < q.h"
             " WHERE (e.j->>'c')::int < 0 OR t.tf[(e.j->>'c')::int + 1] > 0),"
             " m AS (",
             p, ix->name);
    match_sql(ix, p, sql);
    buf_addf(sql,
             "), st AS (SELECT count(*)::float8 AS nrow,"
             " greatest(coalesce(sum(len), 0), 1)::float8 AS ntok FROM %s),"
             " idf AS (SELECT i, CASE WHEN v > 0 THEN v ELSE 1e-6 END AS idf FROM"
             " (SELECT q.i, ln((st.nrow - count(DISTINCT hit.id) + 0.5)"
             " / (count(DISTINCT hit.id) + 0.5)) AS v"
             " FROM q CROSS JOIN st LEFT JOIN hit ON hit.i = q.i GROUP BY q.i, st.nrow) v),"
             " f AS (SELECT hit.i, hit.id, sum(0",
             ix->name);
    for (size_t i = 0; i < ncolumns(ix); i++)
        buf_addf(sql, " + CASE WHEN (e.j->>'c')::int IN (-1, %zu) THEN %.17g * hit.tf[%zu]"
                      " ELSE 0 END", i, ix->weights[i], i + 1);
    buf_addf(sql,
             ")::float8 AS f FROM e, hit JOIN m ON m.id = hit.id GROUP BY hit.i, hit.id)"
             " SELECT m.id AS id, coalesce(sum(idf.idf * f.f * 2.2"
             " / (f.f + 1.2 * (0.25 + 0.75 * d.len * st.nrow / st.ntok))), 0)::float8 AS r"
             " FROM m JOIN %s d ON d.id = m.id CROSS JOIN st"
             " LEFT JOIN f ON f.id = m.id LEFT JOIN idf ON idf.i = f.i GROUP BY m.id",
             ix->name);
}

static void pg_op_sql(enum search_op op, const struct search_index *ix, struct buf *sql)
{
    const char *counts = ix->counts ? ix->counts : "";
    switch (op) {
    case SEARCH_OP_PUT:
        buf_addf(sql, "INSERT INTO %s (id", ix->name);
        for (size_t i = 0; i < ncolumns(ix); i++)
            buf_addf(sql, ", %s", ix->columns[i]);
        buf_adds(sql, ") VALUES (?1");
        for (size_t i = 0; i < ncolumns(ix); i++)
            buf_addf(sql, ", ?%zu", i + 2);
        buf_addch(sql, ')');
        break;
    case SEARCH_OP_REMOVE:
        buf_addf(sql, "DELETE FROM %s WHERE id = ?1", ix->name);
        break;
    case SEARCH_OP_VOCAB:
        break;   /* the terms table is the vocabulary */
    case SEARCH_OP_CLEAR:
        buf_addf(sql, "DELETE FROM %s", counts);
        break;
    case SEARCH_OP_FILL:
        buf_addf(sql, "INSERT INTO %s (term, doc%s) SELECT term, count(*)%s"
                      " FROM search_terms WHERE ix = '%s' GROUP BY term",
                 counts, ix->counts_cnt ? ", cnt" : "",
                 ix->counts_cnt ? ", sum((SELECT sum(n) FROM unnest(tf) AS n))" : "", ix->name);
        break;
    case SEARCH_OP_CREATE:
        buf_addf(sql, "SELECT search_create_index('%s', ARRAY[", ix->name);
        for (size_t i = 0; i < ncolumns(ix); i++)
            buf_addf(sql, "%s'%s'", i > 0 ? ", " : "", ix->columns[i]);
        buf_addf(sql, "], '%s')", ix->tokenchars ? ix->tokenchars : "");
        break;
    case SEARCH_OP_DOCS:
    case SEARCH_OP_COUNT:
        break;
    }
}

const struct search_backend search_pg_backend = {
    .expr = pg_expr,
    .fragment = pg_fragment,
    .op_sql = pg_op_sql,
    .id_column = "id",
};

#endif /* MC_HAVE_LIBPQ */
