/*
 * catalog_search.c - full-text search and lists of the procedure
 * catalogue (catalog_search() in catalog.h; docs/internals/catalog.md).
 *
 * DESIGN
 * The query is folded with text_fold(), as the indexed columns were, and
 * cut into words.  Each word is looked up in the index vocabulary's
 * counts (procedure_term_counts, a plain copy of the index vocabulary's
 * counts kept by catalog.c, so one index seek): a word that is not there is
 * replaced by the nearest indexed word sharing its first byte (optimal
 * string alignment distance, so a swap of two letters counts 1), or used
 * as a prefix.  Up to QUESTION_WORDS words, one statement then ranks the
 * matches of the word set in tiers - phrase in the name (4), every word
 * in the name (2), phrase anywhere (1) - and within a tier by the index's
 * relevance (bm25 on SQLite) with the name weighted most, plus a bonus
 * for the share of the name the
 * query covers, counting the total with a window function; on more than
 * CHECK_WORDS words its rarest words are tried first and the statement
 * skipped when no procedure has them.  Longer texts are questions in
 * sentences, where "every word" only matches long step texts by chance:
 * they, and shorter texts no procedure has every word of, are ranked by
 * their adjacent word pairs (Vietnamese words are mostly two syllables,
 * so pairs are precise), OR-ed as single tokens of procedure_pairs, an
 * index of each column's word pairs ("khai_sinh"), leaving out the pairs
 * found in many procedures when rarer ones are there.  When no pair
 * matches, single words are, leaving out those found in more than half
 * the catalogue and keeping the OR_WORDS_MAX rarest.  The indexes and
 * their match expressions go through the search interface
 * (core/search.h); the statements name them with {match ...} and
 * {rank ...} fragments.
 */
#include <stdlib.h>
#include "domain/catalog/catalog-int.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/text.h"

#define WORD_MAX 64              /* bytes of one query word; longer words are dropped */
#define MATCH_MAX BUF_MAX_SMALL  /* bytes of a match expression */
#define LONG_WORD 7              /* words this long may have two typos */
#define OR_WORDS_MAX 10          /* words OR-ed when no pair matches */
#define CHECK_WORDS 3            /* rarest words tried first on longer queries */
#define QUESTION_WORDS 8         /* more words than this: a question, pairs only */
#define PAIR_COMMON_PCT 5        /* pairs in more % of procedures: left out if rarer ones */

/* ---------------------------------------------------------------- queries */

/* Filters shared by search and list; numbered for each statement. */
#define FILTERS(F, L, O, A) \
    " (?" F " IS NULL OR p.field = ?" F ")" \
    " AND (?" L " = 0 OR (p.levels & ?" L ") != 0)" \
    " AND (?" O " = 0 OR p.online_level = ?" O ")" \
    " AND (?" A " IS NULL OR p.agency_folded LIKE '%' || ?" A " || '%')"

/* The vocabulary's counts: procedure_term_counts (0009), kept by catalog.c. */
static const struct db_query Q_TERM_DOC = {
    "catalog.term_doc",
    "SELECT doc FROM procedure_term_counts WHERE term = ?1",
};
static const struct db_query Q_TERM_RANGE = {
    "catalog.term_range",
    "SELECT term, doc FROM procedure_term_counts WHERE term >= ?1 AND term < ?2"
    " ORDER BY term",   /* ties in the typo correction go to the first term */
};
/* Procedures with the word pair ?1 ("khai_sinh"): procedure_pair_counts (0009). */
static const struct db_query Q_PAIR_DOC = {
    "catalog.pair_doc",
    "SELECT doc FROM procedure_pair_counts WHERE term = ?1",
};
/* ---------------------------------------------------------------- indexes */

struct search_index catalog_index_words = {
    .name = "procedure_fts",
    .columns = {"name", "field", "agency", "documents", "steps"},
    .weights = {10.0, 4.0, 2.0, 1.0, 0.5},
    .counts = "procedure_term_counts",
    .counts_cnt = true,
};

struct search_index catalog_index_pairs = {
    .name = "procedure_pairs",
    .columns = {"name", "field", "agency", "documents", "steps"},
    .weights = {10.0, 4.0, 2.0, 1.0, 0.5},
    .counts = "procedure_pair_counts",
    .tokenchars = "_",
};

/* Whether any procedure matches ?1 (the rarest words, before the full search). */
static struct search_stmt S_ANY_MATCH = {
    "catalog.any_match",
    "SELECT 1 FROM ({match procedure_fts ?1}) m LIMIT 1",
    {&catalog_index_words},
};
static const struct db_query Q_COUNT = {
    "catalog.count",
    "SELECT COUNT(*) FROM procedures",
};
/*
 * Every word: ?1 the words, ?2 every word in the name, ?3 the phrase, ?4
 * the phrase in the name, ?11 the folded query's length in characters
 * (the share of the name it covers breaks ties within a tier).
 */
static struct search_stmt S_SEARCH = {
    "catalog.search",
    "WITH hits(id, r) AS ({rank procedure_fts ?1}),"
    " name_all(id) AS ({match procedure_fts ?2}),"
    " phrase(id) AS ({match procedure_fts ?3}),"
    " name_phrase(id) AS ({match procedure_fts ?4}),"
    " ranked AS (SELECT p.code, p.name, p.field, p.levels, p.online_level,"
    "   CASE WHEN h.id IN (SELECT id FROM name_phrase) THEN 4 ELSE 0 END"
    "   + CASE WHEN h.id IN (SELECT id FROM name_all) THEN 2 ELSE 0 END"
    "   + CASE WHEN h.id IN (SELECT id FROM phrase) THEN 1 ELSE 0 END AS tier,"
    "   h.r + 5.0 * CASE WHEN CAST(?11 AS DOUBLE PRECISION) < length(p.name)"
    "     THEN CAST(?11 AS DOUBLE PRECISION) / length(p.name) ELSE 1.0 END AS r"
    "   FROM hits h JOIN procedures p ON p.id = h.id"
    "   WHERE" FILTERS("5", "6", "7", "8") ")"
    " SELECT code, name, field, levels, online_level, tier * 1000.0 + r, COUNT(*) OVER ()"
    " FROM ranked ORDER BY tier DESC, r DESC, code LIMIT ?9 OFFSET ?10",
    {&catalog_index_words},
};
/* Any word (?1 OR-ed words): relevance only. */
static struct search_stmt S_SEARCH_ANY = {
    "catalog.search_any",
    "WITH hits(id, r) AS ({rank procedure_fts ?1})"
    " SELECT p.code, p.name, p.field, p.levels, p.online_level, h.r AS score,"
    " COUNT(*) OVER () FROM hits h JOIN procedures p ON p.id = h.id"
    " WHERE" FILTERS("2", "3", "4", "5")
    " ORDER BY score DESC, p.code LIMIT ?6 OFFSET ?7",
    {&catalog_index_words},
};
/*
 * Any adjacent word pair (?1 OR-ed pair tokens "w1_w2" of procedure_pairs,
 * 0009): relevance only, as S_SEARCH_ANY.
 */
static struct search_stmt S_SEARCH_PAIRS = {
    "catalog.search_pairs",
    "WITH hits(id, r) AS ({rank procedure_pairs ?1})"
    " SELECT p.code, p.name, p.field, p.levels, p.online_level, h.r AS score,"
    " COUNT(*) OVER () FROM hits h JOIN procedures p ON p.id = h.id"
    " WHERE" FILTERS("2", "3", "4", "5")
    " ORDER BY score DESC, p.code LIMIT ?6 OFFSET ?7",
    {&catalog_index_pairs},
};
static const struct db_query Q_LIST = {
    "catalog.list",
    "SELECT p.code, p.name, p.field, p.levels, p.online_level, 0.0, COUNT(*) OVER ()"
    " FROM procedures p WHERE" FILTERS("1", "2", "3", "4")
    " ORDER BY p.code LIMIT ?5 OFFSET ?6",
};

/* ---------------------------------------------------------------- results */

void catalog_result_init(struct catalog_result *r)
{
    memset(r, 0, sizeof(*r));
}

/* Release the items of out (before another run fills it). */
static void clear_items(struct catalog_result *out)
{
    for (size_t i = 0; i < out->n; i++) {
        free(out->items[i].code);
        free(out->items[i].name);
        free(out->items[i].field);
    }
    free(out->items);
    out->items = NULL;
    out->n = 0;
}

void catalog_result_release(struct catalog_result *r)
{
    clear_items(r);
    free(r->corrected);
    catalog_result_init(r);
}

/* Read every row of the started statement s into out (items and total). */
static enum mc_status read_items(struct db_stmt *s, size_t limit, struct catalog_result *out)
{
    bool row = true;
    enum mc_status st = MC_OK;
    clear_items(out);
    out->total = 0;
    out->items = xcalloc(limit, sizeof(*out->items));
    while (out->n < limit) {
        st = db_step(s, &row);
        if (st != MC_OK || !row)
            break;
        struct catalog_item *it = &out->items[out->n++];
        it->code = xstrndup(db_col_text(s, 0), db_col_len(s, 0));
        it->name = xstrndup(db_col_text(s, 1), db_col_len(s, 1));
        it->field = xstrndup(db_col_text(s, 2), db_col_len(s, 2));
        it->levels = (unsigned)db_col_int64(s, 3);
        it->online_level = (enum proc_online_level)db_col_int64(s, 4);
        it->score = db_col_double(s, 5);
        out->total = db_col_int64(s, 6);
    }
    return st;
}

/* ---------------------------------------------------------------- words */

struct word {
    char text[WORD_MAX + 1];
    int64_t doc;        /* procedures containing it; 0 when not indexed */
    bool prefix;        /* match as a prefix */
};

struct words {
    struct word w[CATALOG_QUERY_TERMS];
    size_t n;
    bool corrected;
};

/*
 * Optimal string alignment distance between a and b, or max + 1 when it
 * is over max.  Bytes, not characters: folded Vietnamese is ASCII.
 */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb, size_t max)
{
    size_t d[WORD_MAX + 2][WORD_MAX + 2];
    if (la > WORD_MAX || lb > WORD_MAX || (la > lb ? la - lb : lb - la) > max)
        return max + 1;
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t row_min = max + 1;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t v = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > max)
            return max + 1;
    }
    return d[la][lb];
}

/* The exclusive upper bound of the range of terms starting with s[0..len). */
static void range_end(const char *s, size_t len, char *out)
{
    memcpy(out, s, len);
    out[len] = '\0';
    while (len > 0 && (unsigned char)out[len - 1] == 0xFF)
        out[--len] = '\0';
    if (len > 0)
        out[len - 1] = (char)((unsigned char)out[len - 1] + 1);
}

/*
 * w is not indexed: replace it by the nearest indexed word with the same
 * first byte, or else mark it a prefix when some word starts with it.
 */
static enum mc_status correct_word(struct db *db, const struct catalog_mem *cm, struct word *w,
                                   bool *changed)
{
    struct db_stmt *s = NULL;
    char lo[WORD_MAX + 1], hi[WORD_MAX + 1];
    char best[WORD_MAX + 1] = "";
    size_t len = strlen(w->text);
    size_t max = len >= LONG_WORD ? 2 : 1;
    size_t best_d = max + 1;
    int64_t best_doc = 0;
    bool row = true;
    enum mc_status st = MC_OK;
    if (len < 3)
        goto out;
    lo[0] = w->text[0];
    lo[1] = '\0';
    range_end(lo, 1, hi);
    size_t at = cm ? search_mem_lower_bound(cm->words, lo) : 0;
    if (!cm)
        st = db_query_start(db, &Q_TERM_RANGE, &s, "ss", lo, hi);
    while (st == MC_OK) {
        const char *t;
        size_t tl;
        int64_t doc;
        if (cm) {   /* the same range of the vocabulary, in the same order */
            if (at >= search_mem_terms(cm->words))
                break;
            t = search_mem_term_at(cm->words, at++, &doc);
            if (strcmp(t, hi) >= 0)
                break;
            tl = strlen(t);
        } else {
            st = db_step(s, &row);
            if (st != MC_OK || !row)
                break;
            t = db_col_text(s, 0);
            tl = db_col_len(s, 0);
            doc = db_col_int64(s, 1);
        }
        size_t d = edit_distance(w->text, len, t, tl, max);
        if (d < best_d || (d == best_d && d <= max && doc > best_doc)) {
            best_d = d;
            best_doc = doc;
            memcpy(best, t, tl);
            best[tl] = '\0';
        }
    }
    db_done(s);
    s = NULL;
    if (st != MC_OK)
        goto out;
    if (best_d <= max) {
        memcpy(w->text, best, strlen(best) + 1);
        w->doc = best_doc;
        *changed = true;
        goto out;
    }
    range_end(w->text, len, hi);
    if (cm) {
        at = search_mem_lower_bound(cm->words, w->text);
        const char *t = at < search_mem_terms(cm->words)
                        ? search_mem_term_at(cm->words, at, &best_doc) : NULL;
        row = t && strcmp(t, hi) < 0;
    } else {
        st = db_query_start(db, &Q_TERM_RANGE, &s, "ss", w->text, hi);
        if (st == MC_OK)
            st = db_step(s, &row);
        if (st == MC_OK && row)
            best_doc = db_col_int64(s, 1);
    }
    if (st == MC_OK && row) {
        w->prefix = true;
        w->doc = best_doc;
        *changed = true;
    }
out:
    db_done(s);
    return st;
}

/* Fold q, cut it into words and look each up (correcting typos). */
static enum mc_status read_words(struct db *db, const struct catalog_mem *cm, const char *q,
                                 struct words *ws)
{
    struct buf folded;
    size_t len = strlen(q);
    enum mc_status st;
    buf_init(&folded, CATALOG_QUERY_MAX * 4);
    if (len > CATALOG_QUERY_MAX) {
        len = CATALOG_QUERY_MAX;
        while (len > 0 && ((unsigned char)q[len] & 0xC0) == 0x80)
            len--;
    }
    st = text_fold(q, len, &folded);
    if (st == MC_ERR_TOO_LARGE)
        st = MC_OK;   /* the fold of a cut query is bounded; keep what fits */
    if (st != MC_OK)
        goto out;
    const char *p = buf_cstr(&folded);
    while (*p && ws->n < CATALOG_QUERY_TERMS) {
        size_t n = strcspn(p, " ");
        if (n > 0 && n <= WORD_MAX) {
            struct word *w = &ws->w[ws->n];
            memcpy(w->text, p, n);
            w->text[n] = '\0';
            w->prefix = false;
            ws->n++;
        }
        p += n;
        while (*p == ' ')
            p++;
    }
    for (size_t i = 0; st == MC_OK && i < ws->n; i++) {
        struct word *w = &ws->w[i];
        if (cm)
            st = search_mem_doc_count(cm->words, w->text, &w->doc) ? MC_OK : MC_ERR_NOT_FOUND;
        else
            st = db_get_int(db, &Q_TERM_DOC, &w->doc, "s", w->text);
        if (st == MC_ERR_NOT_FOUND) {
            w->doc = 0;
            st = correct_word(db, cm, w, &ws->corrected);
        }
    }
out:
    buf_release(&folded);
    return st;
}

/*
 * Append to out the match expression over ix of the words of ws marked in
 * use (all of them when use is NULL), combined by mode, in column (NULL:
 * any column).
 */
static enum mc_status add_expr(const struct db *db, const struct search_index *ix,
                               const struct words *ws, const bool *use, enum search_mode mode,
                               const char *column, struct buf *out)
{
    struct search_term t[CATALOG_QUERY_TERMS];
    struct search_query sq = {mode, column, t, 0};
    for (size_t i = 0; i < ws->n; i++)
        if (!use || use[i])
            t[sq.nterms++] = (struct search_term){ws->w[i].text, ws->w[i].prefix};
    return sq.nterms > 0 ? search_expr(db, ix, &sq, out) : MC_OK;
}

/*
 * Build the four match expressions of the every-word search: the words,
 * the words in the name, the phrase, the phrase in the name.
 */
static enum mc_status build_all(const struct db *db, const struct words *ws, struct buf *all,
                                struct buf *name_all, struct buf *phrase,
                                struct buf *name_phrase)
{
    const struct search_index *ix = &catalog_index_words;
    enum mc_status st = add_expr(db, ix, ws, NULL, SEARCH_ALL, NULL, all);
    if (st == MC_OK)
        st = add_expr(db, ix, ws, NULL, SEARCH_ALL, "name", name_all);
    if (st == MC_OK)
        st = add_expr(db, ix, ws, NULL, SEARCH_PHRASE, NULL, phrase);
    if (st == MC_OK)
        st = add_expr(db, ix, ws, NULL, SEARCH_PHRASE, "name", name_phrase);
    return st;
}

/* The length of the words of ws joined by single spaces (the folded query). */
static size_t words_len(const struct words *ws)
{
    size_t len = 0;
    for (size_t i = 0; i < ws->n; i++)
        len += strlen(ws->w[i].text) + (i > 0);
    return len;
}

/*
 * The OR of the pairs of adjacent indexed words as tokens of
 * procedure_pairs ("khai_sinh" OR "sinh_cho" ...): Vietnamese words are
 * mostly two syllables, so pairs are far more precise than single
 * syllables.  Left out: pairs of two frequent words (each found in more
 * than half of the total procedures); pairs no procedure has
 * (procedure_pair_counts: they match nothing); and, when some pair is
 * found in at most PAIR_COMMON_PCT % of the procedures, the pairs found
 * in more, which weigh little in the ranking but bring most of the rows
 * to rank.
 */
static enum mc_status build_pairs(struct db *db, const struct catalog_mem *cm,
                                  const struct words *ws, int64_t total, struct search_query *sq,
                                  char (*pair)[2 * WORD_MAX + 2], struct buf *out)
{
    int64_t doc[CATALOG_QUERY_TERMS];   /* procedures with pair i; -1 left out */
    struct search_term *t = (struct search_term *)sq->terms;
    bool rare = false;
    enum mc_status st = MC_OK;
    for (size_t i = 0; st == MC_OK && i + 1 < ws->n; i++) {
        const struct word *a = &ws->w[i], *b = &ws->w[i + 1];
        doc[i] = -1;
        if (a->doc == 0 || b->doc == 0 || a->prefix || b->prefix
            || (a->doc * 2 > total && b->doc * 2 > total))
            continue;
        snprintf(pair[i], sizeof(pair[i]), "%s_%s", a->text, b->text);
        if (cm)
            st = search_mem_doc_count(cm->pairs, pair[i], &doc[i]) ? MC_OK : MC_ERR_NOT_FOUND;
        else
            st = db_get_int(db, &Q_PAIR_DOC, &doc[i], "s", pair[i]);
        if (st == MC_ERR_NOT_FOUND) {
            doc[i] = -1;
            st = MC_OK;
        }
        rare = rare || (doc[i] > 0 && doc[i] * 100 <= total * PAIR_COMMON_PCT);
    }
    for (size_t i = 0; st == MC_OK && i + 1 < ws->n; i++)
        if (doc[i] > 0 && !(rare && doc[i] * 100 > total * PAIR_COMMON_PCT))
            t[sq->nterms++] = (struct search_term){pair[i], false};
    if (st == MC_OK && sq->nterms > 0 && out)
        st = search_expr(db, &catalog_index_pairs, sq, out);
    return st;
}

/*
 * Mark in use the informative indexed words (each found in at most half
 * of the total procedures, or all indexed words when none is), at most
 * OR_WORDS_MAX of them, the rarest.
 */
static void choose_any(const struct words *ws, int64_t total, bool *use)
{
    size_t used = 0;
    for (size_t i = 0; i < ws->n; i++) {
        use[i] = ws->w[i].doc > 0 && ws->w[i].doc * 2 <= total;
        for (size_t j = 0; use[i] && j < i; j++)
            use[i] = strcmp(ws->w[j].text, ws->w[i].text) != 0 || !use[j];
        used += use[i];
    }
    for (size_t i = 0; used == 0 && i < ws->n; i++)
        use[i] = ws->w[i].doc > 0;
    used = 0;
    for (size_t i = 0; i < ws->n; i++)
        used += use[i];
    while (used > OR_WORDS_MAX) {   /* keep the rarest: they decide the ranking */
        size_t worst = 0;
        for (size_t i = 0; i < ws->n; i++)
            if (use[i] && (!use[worst] || ws->w[i].doc > ws->w[worst].doc))
                worst = i;
        use[worst] = false;
        used--;
    }
}

/* The OR of the words choose_any() keeps. */
static enum mc_status build_any(const struct db *db, const struct words *ws, int64_t total,
                                struct buf *out)
{
    bool use[CATALOG_QUERY_TERMS] = {false};
    choose_any(ws, total, use);
    return add_expr(db, &catalog_index_words, ws, use, SEARCH_ANY, NULL, out);
}

/*
 * Whether some procedure has the CHECK_WORDS rarest words of ws (a cheap
 * match over short doclists).  When none has, none has every word, so
 * the every-word search of a long question, which runs over every word's
 * doclist, can be skipped: its result would be empty.
 */
static enum mc_status rare_words_meet(struct db *db, const struct words *ws, bool *meet)
{
    bool use[CATALOG_QUERY_TERMS] = {false};
    struct db_stmt *s = NULL;
    struct buf expr;
    bool row = false;
    enum mc_status st;
    buf_init(&expr, MATCH_MAX);
    for (size_t k = 0; k < CHECK_WORDS && k < ws->n; k++) {
        size_t best = ws->n;
        for (size_t i = 0; i < ws->n; i++)
            if (!use[i] && (best == ws->n || ws->w[i].doc < ws->w[best].doc))
                best = i;
        use[best] = true;
    }
    st = add_expr(db, &catalog_index_words, ws, use, SEARCH_ALL, NULL, &expr);
    if (st == MC_OK)
        st = search_query_start(db, &S_ANY_MATCH, &s, "s", buf_cstr(&expr));
    if (st == MC_OK)
        st = db_step(s, &row);
    db_done(s);
    *meet = row;
    buf_release(&expr);
    return st;
}

/*
 * Run one search into out: the every-word search (tiers) when any is
 * NULL, else the any-of search any (S_SEARCH_ANY or S_SEARCH_PAIRS) over
 * the match expression expr.
 */
static enum mc_status run_search(struct db *db, const struct catalog_query *q,
                                 const struct words *ws, struct search_stmt *any,
                                 const char *expr, const char *agency, size_t offset,
                                 size_t limit, struct catalog_result *out)
{
    struct buf all, name_all, phrase, name_phrase;
    struct db_stmt *s = NULL;
    enum mc_status st = MC_OK;
    buf_init(&all, MATCH_MAX);
    buf_init(&name_all, MATCH_MAX);
    buf_init(&phrase, MATCH_MAX);
    buf_init(&name_phrase, MATCH_MAX);
    if (any) {
        st = search_query_start(db, any, &s, "ssiisii", expr, q->field,
                                (int64_t)q->level, (int64_t)q->online, agency, (int64_t)limit,
                                (int64_t)offset);
    } else {
        st = build_all(db, ws, &all, &name_all, &phrase, &name_phrase);
        if (st == MC_OK)
            st = search_query_start(db, &S_SEARCH, &s, "sssssiisiid", buf_cstr(&all),
                                    buf_cstr(&name_all), buf_cstr(&phrase),
                                    buf_cstr(&name_phrase), q->field, (int64_t)q->level,
                                    (int64_t)q->online, agency, (int64_t)limit,
                                    (int64_t)offset, (double)words_len(ws));
    }
    if (st == MC_OK)
        st = read_items(s, limit, out);
    db_done(s);
    buf_release(&all);
    buf_release(&name_all);
    buf_release(&phrase);
    buf_release(&name_phrase);
    return st;
}

/* List (no words) into out, ordered by code. */
static enum mc_status run_list(struct db *db, const struct catalog_query *q,
                               const char *agency, size_t offset, size_t limit,
                               struct catalog_result *out)
{
    struct db_stmt *s = NULL;
    enum mc_status st = db_query_start(db, &Q_LIST, &s, "siisii", q->field,
                                       (int64_t)q->level, (int64_t)q->online, agency,
                                       (int64_t)limit, (int64_t)offset);
    if (st == MC_OK)
        st = read_items(s, limit, out);
    db_done(s);
    return st;
}

/*
 * Run the search (or the list when ws has no word) for the page of q.
 * Past the last page the statements return no row, hence no total: then
 * the first row is fetched again for the total alone.
 */
static enum mc_status run_page(struct db *db, const struct catalog_query *q,
                               const struct words *ws, struct search_stmt *any,
                               const char *expr, const char *agency, size_t limit,
                               struct catalog_result *out)
{
    struct catalog_result probe;
    enum mc_status st;
    if (ws->n == 0)
        st = run_list(db, q, agency, q->offset, limit, out);
    else
        st = run_search(db, q, ws, any, expr, agency, q->offset, limit, out);
    if (st != MC_OK || out->n > 0 || q->offset == 0)
        return st;
    catalog_result_init(&probe);
    if (ws->n == 0)
        st = run_list(db, q, agency, 0, 1, &probe);
    else
        st = run_search(db, q, ws, any, expr, agency, 0, 1, &probe);
    out->total = probe.total;
    catalog_result_release(&probe);
    return st;
}

/* The folded agency filter into b; NULL when there is none. */
static enum mc_status fold_agency(const char *agency, struct buf *b, const char **out)
{
    enum mc_status st = MC_OK;
    *out = NULL;
    if (!agency || !*agency)
        return MC_OK;
    st = text_fold(agency, strlen(agency), b);
    if (st == MC_OK && b->len > 0)
        *out = buf_cstr(b);
    return st;
}

static void set_corrected(const struct words *ws, struct catalog_result *out)
{
    struct buf b;
    buf_init(&b, MATCH_MAX);
    for (size_t i = 0; i < ws->n; i++) {
        if (i > 0)
            buf_addch(&b, ' ');
        buf_adds(&b, ws->w[i].text);
        if (ws->w[i].prefix)
            buf_addch(&b, '*');
    }
    out->corrected = buf_detach(&b, NULL);
    buf_release(&b);
}

/* ---------------------------------------------------------------- in memory */

/* One procedure ranked in memory. */
struct mem_hit {
    uint32_t ord;    /* in cm->words */
    int tier;
    double r;
};

/* Whether a ranks before b: the statements' ORDER BY tier DESC, r DESC, code. */
static bool hit_better(const struct catalog_mem *cm, const struct mem_hit *a,
                       const struct mem_hit *b)
{
    if (a->tier != b->tier)
        return a->tier > b->tier;
    if (a->r != b->r)
        return a->r > b->r;
    return strcmp(cm->procs[a->ord].code, cm->procs[b->ord].code) < 0;
}

/* Sift the heap of n hits (the worst at the root) down from i. */
static void hit_sift(const struct catalog_mem *cm, struct mem_hit *h, size_t n, size_t i)
{
    for (;;) {
        size_t w = i, l = 2 * i + 1, r = l + 1;
        if (l < n && hit_better(cm, &h[w], &h[l]))
            w = l;
        if (r < n && hit_better(cm, &h[w], &h[r]))
            w = r;
        if (w == i)
            return;
        struct mem_hit tmp = h[i];
        h[i] = h[w];
        h[w] = tmp;
        i = w;
    }
}

/* Keep hit in the heap of the k best (*n so far). */
static void hit_keep(const struct catalog_mem *cm, struct mem_hit *h, size_t *n, size_t k,
                     struct mem_hit hit)
{
    if (*n < k) {
        size_t i = (*n)++;
        h[i] = hit;
        while (i > 0 && hit_better(cm, &h[(i - 1) / 2], &h[i])) {   /* sift up */
            struct mem_hit tmp = h[i];
            h[i] = h[(i - 1) / 2];
            h[(i - 1) / 2] = tmp;
            i = (i - 1) / 2;
        }
    } else if (k > 0 && hit_better(cm, &hit, &h[0])) {
        h[0] = hit;
        hit_sift(cm, h, k, 0);
    }
}

/* Whether procedure p passes q's filters (FILTERS), agency folded. */
static bool mem_filter(const struct catalog_mem_proc *p, const struct catalog_query *q,
                       const char *agency)
{
    return p->code && (!q->field || strcmp(p->field, q->field) == 0)
           && (q->level == 0 || (p->levels & q->level) != 0)
           && (q->online == PROC_ONLINE_UNKNOWN || p->online_level == q->online)
           && (!agency || strstr(p->agency_folded, agency));
}

/* Whether the word-index document ord matches q (a tier's column or phrase). */
static int mem_tier(const struct catalog_mem *cm, const struct search_query *q, uint32_t ord,
                    int points)
{
    bool m = false;
    return search_mem_matches(cm->words, q, ord, &m) == MC_OK && m ? points : 0;
}

/*
 * The page of q from memory into out: the every-word search (S_SEARCH's
 * tiers and bonus) when any is NULL, else the documents of index ix
 * matching any (S_SEARCH_ANY, S_SEARCH_PAIRS): filtered, the
 * offset + limit best kept in a bounded heap, then the page copied.
 */
static enum mc_status mem_run(const struct catalog_mem *cm, const struct catalog_query *q,
                              const struct words *ws, const struct search_mem *ix,
                              const struct search_query *any, const char *agency,
                              size_t limit, struct catalog_result *out)
{
    struct search_term t[CATALOG_QUERY_TERMS];
    struct search_query all = {SEARCH_ALL, NULL, t, ws->n};
    struct search_query name_all = {SEARCH_ALL, "name", t, ws->n};
    struct search_query phrase = {SEARCH_PHRASE, NULL, t, ws->n};
    struct search_query name_phrase = {SEARCH_PHRASE, "name", t, ws->n};
    size_t nd = search_mem_count(ix), k = q->offset + limit, n = 0;
    double qlen = (double)words_len(ws);
    for (size_t i = 0; i < ws->n; i++)
        t[i] = (struct search_term){ws->w[i].text, ws->w[i].prefix};
    if (k > search_mem_count(cm->words))
        k = search_mem_count(cm->words);
    double *score = xcalloc(nd ? nd : 1, sizeof(*score));
    bool *match = xcalloc(nd ? nd : 1, sizeof(*match));
    struct mem_hit *heap = xcalloc(k ? k : 1, sizeof(*heap));
    enum mc_status st = search_mem_rank_all(ix, any ? any : &all, score, match);
    out->total = 0;
    for (size_t d = 0; st == MC_OK && d < nd; d++) {
        uint32_t ord = ix == cm->pairs ? cm->pair_doc[d] : (uint32_t)d;
        if (!match[d] || ord == UINT32_MAX || !mem_filter(&cm->procs[ord], q, agency))
            continue;
        const struct catalog_mem_proc *p = &cm->procs[ord];
        struct mem_hit h = {ord, 0, score[d]};
        if (!any) {
            h.tier = mem_tier(cm, &name_phrase, ord, 4) + mem_tier(cm, &name_all, ord, 2)
                     + mem_tier(cm, &phrase, ord, 1);
            h.r += 5.0 * (qlen < (double)p->name_chars ? qlen / (double)p->name_chars : 1.0);
        }
        out->total++;
        hit_keep(cm, heap, &n, k, h);
    }
    for (size_t m = n; m > 1; m--) {   /* heap sort: the worst to the end, best first */
        struct mem_hit tmp = heap[0];
        heap[0] = heap[m - 1];
        heap[m - 1] = tmp;
        hit_sift(cm, heap, m - 1, 0);
    }
    out->n = 0;
    out->items = xcalloc(limit ? limit : 1, sizeof(*out->items));
    for (size_t i = q->offset; st == MC_OK && i < n && out->n < limit; i++) {
        const struct catalog_mem_proc *p = &cm->procs[heap[i].ord];
        struct catalog_item *it = &out->items[out->n++];
        it->code = xstrdup(p->code);
        it->name = xstrdup(p->name);
        it->field = xstrdup(p->field);
        it->levels = p->levels;
        it->online_level = p->online_level;
        it->score = any ? heap[i].r : heap[i].tier * 1000.0 + heap[i].r;
    }
    free(score);
    free(match);
    free(heap);
    return st;
}

/* catalog_search() past reading the words, from memory: the same steps, the same order. */
static enum mc_status mem_search(const struct catalog_mem *cm, const struct catalog_query *q,
                                 const struct words *ws, const char *agency, size_t limit,
                                 struct catalog_result *out)
{
    char (*pair)[2 * WORD_MAX + 2] = xcalloc(CATALOG_QUERY_TERMS, sizeof(*pair));
    struct search_term t[CATALOG_QUERY_TERMS];
    struct search_query sq = {SEARCH_ANY, NULL, t, 0};
    bool all_known = ws->n <= QUESTION_WORDS, use[CATALOG_QUERY_TERMS] = {false};
    enum mc_status st = MC_OK;
    for (size_t i = 0; i < ws->n; i++)
        all_known = all_known && ws->w[i].doc > 0;
    if (all_known) {
        st = mem_run(cm, q, ws, cm->words, NULL, agency, limit, out);
        if (st != MC_OK || out->total > 0 || ws->n <= 1)
            goto out;
    }
    out->any_word = true;
    st = build_pairs(NULL, cm, ws, cm->total, &sq, pair, NULL);
    if (st == MC_OK && sq.nterms > 0) {
        clear_items(out);
        st = mem_run(cm, q, ws, cm->pairs, &sq, agency, limit, out);
    }
    if (st != MC_OK || out->total > 0)
        goto out;
    choose_any(ws, cm->total, use);
    sq.nterms = 0;
    for (size_t i = 0; i < ws->n; i++)
        if (use[i])
            t[sq.nterms++] = (struct search_term){ws->w[i].text, ws->w[i].prefix};
    if (sq.nterms > 0) {
        clear_items(out);
        st = mem_run(cm, q, ws, cm->words, &sq, agency, limit, out);
    }
out:
    free(pair);
    return st;
}

enum mc_status catalog_search(struct db *db, const struct catalog_query *q,
                              struct catalog_result *out)
{
    struct words *ws = xcalloc(1, sizeof(*ws));
    struct buf agency_buf, expr;
    const char *agency = NULL;
    bool all_known = true;
    size_t limit = q->limit ? q->limit : CATALOG_PAGE_DEFAULT;
    int64_t total = 0, version = 0;
    struct catalog_mem *cm = NULL;
    char (*pair)[2 * WORD_MAX + 2] = xcalloc(CATALOG_QUERY_TERMS, sizeof(*pair));
    struct search_term t[CATALOG_QUERY_TERMS];
    struct search_query sq = {SEARCH_ANY, NULL, t, 0};
    enum mc_status st;

    buf_init(&agency_buf, BUF_MAX_SMALL);
    buf_init(&expr, MATCH_MAX);
    catalog_result_release(out);
    if (limit > CATALOG_PAGE_MAX)
        limit = CATALOG_PAGE_MAX;
    if ((q->field && !text_utf8_valid(q->field, strlen(q->field)))
        || (q->q && !text_utf8_valid(q->q, strlen(q->q)))) {
        st = MC_ERR_INVALID;
        goto out;
    }
    st = fold_agency(q->agency, &agency_buf, &agency);
    if (st == MC_OK && q->q && *q->q && catalog_mem_enabled()
        && catalog_data_version(db, &version) == MC_OK)
        cm = catalog_mem_get(db, version);
    if (st == MC_OK && q->q)
        st = read_words(db, cm, q->q, ws);
    if (st != MC_OK)
        goto out;
    if (ws->corrected)
        set_corrected(ws, out);
    if (cm && ws->n > 0) {
        st = mem_search(cm, q, ws, agency, limit, out);
        goto out;
    }
    for (size_t i = 0; i < ws->n; i++)
        all_known = all_known && ws->w[i].doc > 0;
    if (ws->n > QUESTION_WORDS)
        all_known = false;   /* a question in a sentence: by its word pairs */
    if (all_known && ws->n > CHECK_WORDS) {
        st = rare_words_meet(db, ws, &all_known);
        if (st != MC_OK)
            goto out;
    }
    if (ws->n == 0 || all_known) {
        st = run_page(db, q, ws, NULL, NULL, agency, limit, out);
        if (st != MC_OK || out->total > 0 || ws->n <= 1)
            goto out;
    }
    /* No procedure has every word: adjacent pairs, else single words. */
    st = db_get_int(db, &Q_COUNT, &total, "");
    if (st != MC_OK)
        goto out;
    out->any_word = true;
    st = build_pairs(db, NULL, ws, total, &sq, pair, &expr);
    if (st == MC_OK)
        st = buf_status(&expr);
    if (st == MC_OK && expr.len > 0)
        st = run_page(db, q, ws, &S_SEARCH_PAIRS, buf_cstr(&expr), agency, limit, out);
    if (st != MC_OK || out->total > 0)
        goto out;
    buf_reset(&expr);
    st = build_any(db, ws, total, &expr);
    if (st == MC_OK && expr.len > 0)
        st = run_page(db, q, ws, &S_SEARCH_ANY, buf_cstr(&expr), agency, limit, out);
out:
    catalog_mem_put(cm);
    buf_release(&agency_buf);
    buf_release(&expr);
    free(pair);
    free(ws);
    if (st != MC_OK)
        catalog_result_release(out);
    return st;
}
