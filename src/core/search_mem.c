/* search_mem.c - an in-memory copy of a full-text index, ranked as bm25 (see search_mem.h). */
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/array.h"
#include "core/mem.h"
#include "core/search_mem.h"
#include "core/strmap.h"

#define BM25_K1 1.2
#define BM25_B 0.75
#define IDF_MIN 1e-6

#define POS_COL_SHIFT 24      /* a position: column << POS_COL_SHIFT | token in the column */

/* One document's weighted occurrences of one term. */
struct posting {
    uint32_t doc;      /* ordinal in search_mem.ids */
    uint32_t pos;      /* its first position in term.pos */
    uint32_t npos;     /* its positions (ascending) */
    double tf;         /* occurrences, each counted with its column's weight */
    double contrib;    /* its bm25 contribution (after search_mem_finish) */
};

struct term {
    char *text;
    struct posting *p;
    size_t n, cap;
    uint32_t *pos;     /* the postings' positions, posting after posting */
    size_t npos, pos_cap;
};

struct search_mem {
    size_t ncols;
    const char *columns[SEARCH_COLUMNS_MAX];   /* the descriptor's names (never freed) */
    double weights[SEARCH_COLUMNS_MAX];
    char tokenchars[32];
    struct strmap vocab;          /* term text -> index in terms */
    struct term *terms;
    size_t nterms, terms_cap;
    uint32_t *sorted;             /* term indexes by text (prefix ranges), after finish */
    int64_t *ids;                 /* document ids by ordinal */
    uint32_t *len;                /* document lengths in tokens (every column) */
    size_t ndocs, docs_cap, len_cap;
    double avgdl;
};

struct search_mem *search_mem_new(const struct search_index *ix)
{
    struct search_mem *m = xcalloc(1, sizeof(*m));
    while (m->ncols < SEARCH_COLUMNS_MAX && ix->columns[m->ncols]) {
        m->weights[m->ncols] = ix->weights[m->ncols];
        m->columns[m->ncols] = ix->columns[m->ncols];
        m->ncols++;
    }
    if (ix->tokenchars)
        snprintf(m->tokenchars, sizeof(m->tokenchars), "%s", ix->tokenchars);
    strmap_init(&m->vocab);
    return m;
}

/* Whether byte c is inside a token (unicode61 on folded text, plus tokenchars). */
static bool token_byte(const struct search_mem *m, unsigned char c)
{
    if (c >= 0x80 || isalnum(c))
        return true;
    return c != '\0' && strchr(m->tokenchars, c) != NULL;
}

/* Count one occurrence of s[0..len) at position pos of document doc with weight w. */
static void add_token(struct search_mem *m, uint32_t doc, const char *s, size_t len, double w,
                      uint32_t pos)
{
    int64_t t = strmap_put(&m->vocab, s, len, (int64_t)m->nterms);
    if ((size_t)t == m->nterms) {
        struct term *nt = ARRAY_PUSH(m->terms, m->nterms, m->terms_cap);
        nt->text = xstrndup(s, len);
    }
    struct term *tm = &m->terms[t];
    if (tm->n == 0 || tm->p[tm->n - 1].doc != doc) {
        struct posting *p = ARRAY_PUSH(tm->p, tm->n, tm->cap);
        p->doc = doc;
        p->pos = (uint32_t)tm->npos;
    }
    tm->p[tm->n - 1].tf += w;
    tm->p[tm->n - 1].npos++;
    *ARRAY_PUSH(tm->pos, tm->npos, tm->pos_cap) = pos;
}

void search_mem_add(struct search_mem *m, int64_t id, const char *const *cols)
{
    ARRAY_GROW(m->ids, m->ndocs + 1, m->docs_cap);
    ARRAY_GROW(m->len, m->ndocs + 1, m->len_cap);
    uint32_t doc = (uint32_t)m->ndocs++;
    m->ids[doc] = id;
    m->len[doc] = 0;
    for (size_t c = 0; c < m->ncols; c++) {
        const char *s = cols[c] ? cols[c] : "";
        uint32_t at = 0;
        while (*s) {
            while (*s && !token_byte(m, (unsigned char)*s))
                s++;
            const char *start = s;
            while (*s && token_byte(m, (unsigned char)*s))
                s++;
            if (s > start) {
                uint32_t pos = (uint32_t)c << POS_COL_SHIFT | (at & ((1u << POS_COL_SHIFT) - 1));
                add_token(m, doc, start, (size_t)(s - start), m->weights[c], pos);
                m->len[doc]++;
                at++;
            }
        }
    }
}

static double idf_of(size_t ndocs, size_t n)
{
    double idf = log(((double)ndocs - (double)n + 0.5) / ((double)n + 0.5));
    return idf > 0 ? idf : IDF_MIN;
}

static double bm25(const struct search_mem *m, double idf, double tf, uint32_t doc)
{
    double dl = (double)m->len[doc];
    return idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * dl / m->avgdl));
}

static const struct search_mem *sort_ctx;

static int by_text(const void *a, const void *b)
{
    return strcmp(sort_ctx->terms[*(const uint32_t *)a].text,
                  sort_ctx->terms[*(const uint32_t *)b].text);
}

void search_mem_finish(struct search_mem *m)
{
    double total = 0;
    for (size_t d = 0; d < m->ndocs; d++)
        total += m->len[d];
    m->avgdl = m->ndocs ? total / (double)m->ndocs : 1;
    if (m->avgdl <= 0)
        m->avgdl = 1;
    for (size_t t = 0; t < m->nterms; t++) {
        struct term *tm = &m->terms[t];
        double idf = idf_of(m->ndocs, tm->n);
        for (size_t i = 0; i < tm->n; i++)
            tm->p[i].contrib = bm25(m, idf, tm->p[i].tf, tm->p[i].doc);
    }
    m->sorted = xcalloc(m->nterms ? m->nterms : 1, sizeof(*m->sorted));
    for (size_t t = 0; t < m->nterms; t++)
        m->sorted[t] = (uint32_t)t;
    sort_ctx = m;   /* building is single-threaded (search_mem.h) */
    qsort(m->sorted, m->nterms, sizeof(*m->sorted), by_text);
    sort_ctx = NULL;
}

enum mc_status search_mem_load(struct db *db, struct search_index *ix, struct search_mem **out)
{
    struct db_stmt *s = NULL;
    struct search_mem *m = search_mem_new(ix);
    bool row = true;
    enum mc_status st = search_documents(db, ix, &s);
    while (st == MC_OK) {
        st = db_step(s, &row);
        if (st != MC_OK || !row)
            break;
        const char *cols[SEARCH_COLUMNS_MAX] = {0};
        for (size_t c = 0; c < m->ncols; c++)
            cols[c] = db_col_text(s, (int)c + 1);
        search_mem_add(m, db_col_int64(s, 0), cols);
    }
    db_done(s);
    if (st == MC_OK) {
        search_mem_finish(m);
        *out = m;
    } else {
        search_mem_free(m);
        *out = NULL;
    }
    return st;
}

void search_mem_free(struct search_mem *m)
{
    if (!m)
        return;
    for (size_t t = 0; t < m->nterms; t++) {
        free(m->terms[t].text);
        free(m->terms[t].p);
        free(m->terms[t].pos);
    }
    free(m->terms);
    free(m->sorted);
    free(m->ids);
    free(m->len);
    strmap_release(&m->vocab);
    free(m);
}

size_t search_mem_count(const struct search_mem *m)
{
    return m->ndocs;
}

/* ---------------------------------------------------------------- queries */

/* The first position in sorted whose term is >= text. */
static size_t lower_bound(const struct search_mem *m, const char *text)
{
    size_t lo = 0, hi = m->nterms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(m->terms[m->sorted[mid]].text, text) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/*
 * Add the contributions of one query word to score (and one to hits) for
 * every document it occurs in.  A prefix sums its terms' occurrences per
 * document first (tf scratch), as FTS5 counts a prefix phrase's hits.
 */
static void add_word(const struct search_mem *m, const struct search_term *w, double *score,
                     uint32_t *hits, double *tf)
{
    int64_t t;
    if (!w->prefix) {
        if (!strmap_get(&m->vocab, w->text, strlen(w->text), &t))
            return;
        const struct term *tm = &m->terms[t];
        for (size_t i = 0; i < tm->n; i++) {
            score[tm->p[i].doc] += tm->p[i].contrib;
            hits[tm->p[i].doc]++;
        }
        return;
    }
    size_t plen = strlen(w->text), n = 0;
    for (size_t i = lower_bound(m, w->text); i < m->nterms; i++) {
        const struct term *tm = &m->terms[m->sorted[i]];
        if (strncmp(tm->text, w->text, plen) != 0)
            break;
        for (size_t j = 0; j < tm->n; j++) {
            if (tf[tm->p[j].doc] == 0)
                n++;
            tf[tm->p[j].doc] += tm->p[j].tf;
        }
    }
    double idf = idf_of(m->ndocs, n);
    for (size_t d = 0; n > 0 && d < m->ndocs; d++) {
        if (tf[d] > 0) {
            score[d] += bm25(m, idf, tf[d], (uint32_t)d);
            hits[d]++;
            tf[d] = 0;
        }
    }
}

size_t search_mem_lower_bound(const struct search_mem *m, const char *text)
{
    return lower_bound(m, text);
}

size_t search_mem_terms(const struct search_mem *m)
{
    return m->nterms;
}

const char *search_mem_term_at(const struct search_mem *m, size_t i, int64_t *doc)
{
    const struct term *tm = &m->terms[m->sorted[i]];
    *doc = (int64_t)tm->n;
    return tm->text;
}

bool search_mem_doc_count(const struct search_mem *m, const char *text, int64_t *doc)
{
    int64_t t;
    if (!strmap_get(&m->vocab, text, strlen(text), &t))
        return false;
    *doc = (int64_t)m->terms[t].n;
    return true;
}

int64_t search_mem_id(const struct search_mem *m, size_t ordinal)
{
    return m->ids[ordinal];
}

/* Whether a ranks before b: higher r, then lower id. */
static bool better(const struct search_hit *a, const struct search_hit *b)
{
    return a->r > b->r || (a->r == b->r && a->id < b->id);
}

/* Sift the heap (worst at the root) of n hits down from i. */
static void sift_down(struct search_hit *h, size_t n, size_t i)
{
    for (;;) {
        size_t w = i, l = 2 * i + 1, r = l + 1;
        if (l < n && better(&h[w], &h[l]))
            w = l;
        if (r < n && better(&h[w], &h[r]))
            w = r;
        if (w == i)
            return;
        struct search_hit tmp = h[i];
        h[i] = h[w];
        h[w] = tmp;
        i = w;
    }
}

static int by_rank(const void *a, const void *b)
{
    return better(a, b) ? -1 : better(b, a) ? 1 : 0;
}

static bool query_ok(const struct search_query *q)
{
    bool ok = q->nterms > 0 && q->terms;
    for (size_t i = 0; ok && i < q->nterms; i++)
        ok = q->terms[i].text && q->terms[i].text[0] && !strchr(q->terms[i].text, ' ');
    return ok;
}

enum mc_status search_mem_rank_all(const struct search_mem *m, const struct search_query *q,
                                   double *score, bool *match)
{
    if (!query_ok(q) || q->column || q->mode == SEARCH_PHRASE)
        return MC_ERR_INVALID;
    size_t nd = m->ndocs ? m->ndocs : 1;
    double *tf = xcalloc(nd, sizeof(*tf));
    uint32_t *matched = xcalloc(nd, sizeof(*matched));
    memset(score, 0, m->ndocs * sizeof(*score));
    for (size_t i = 0; i < q->nterms; i++)
        add_word(m, &q->terms[i], score, matched, tf);
    uint32_t need = q->mode == SEARCH_ALL ? (uint32_t)q->nterms : 1;
    for (size_t d = 0; d < m->ndocs; d++)
        match[d] = matched[d] >= need;
    free(tf);
    free(matched);
    return MC_OK;
}

/* The posting of term tm for document doc, or NULL (postings are by document). */
static const struct posting *posting_of(const struct term *tm, uint32_t doc)
{
    size_t lo = 0, hi = tm->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tm->p[mid].doc < doc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < tm->n && tm->p[lo].doc == doc ? &tm->p[lo] : NULL;
}

/* Whether posting p has a position in column col (any column when col < 0). */
static bool in_column(const struct term *tm, const struct posting *p, int col)
{
    if (col < 0)
        return true;
    for (uint32_t i = 0; i < p->npos; i++)
        if ((int)(tm->pos[p->pos + i] >> POS_COL_SHIFT) == col)
            return true;
    return false;
}

/* Whether the word w (maybe a prefix) occurs in document doc, in column col (< 0: any). */
static bool word_in_doc(const struct search_mem *m, const struct search_term *w, uint32_t doc,
                        int col)
{
    int64_t t;
    if (!w->prefix) {
        if (!strmap_get(&m->vocab, w->text, strlen(w->text), &t))
            return false;
        const struct posting *p = posting_of(&m->terms[t], doc);
        return p && in_column(&m->terms[t], p, col);
    }
    size_t plen = strlen(w->text);
    for (size_t i = lower_bound(m, w->text); i < m->nterms; i++) {
        const struct term *tm = &m->terms[m->sorted[i]];
        if (strncmp(tm->text, w->text, plen) != 0)
            break;
        const struct posting *p = posting_of(tm, doc);
        if (p && in_column(tm, p, col))
            return true;
    }
    return false;
}

/* Whether position pos is among posting p's (ascending). */
static bool has_position(const struct term *tm, const struct posting *p, uint32_t pos)
{
    size_t lo = 0, hi = p->npos;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tm->pos[p->pos + mid] < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->npos && tm->pos[p->pos + lo] == pos;
}

/*
 * Whether the words of q, exactly (prefix flags ignored, as the backends
 * do in a phrase), follow each other in one column of document doc (col <
 * 0: any column, else that one).
 */
static bool phrase_in_doc(const struct search_mem *m, const struct search_query *q, uint32_t doc,
                          int col)
{
    const struct term *tms[SEARCH_PHRASE_MAX];
    const struct posting *ps[SEARCH_PHRASE_MAX];
    int64_t t;
    if (q->nterms > SEARCH_PHRASE_MAX)
        return false;
    for (size_t i = 0; i < q->nterms; i++) {
        if (!strmap_get(&m->vocab, q->terms[i].text, strlen(q->terms[i].text), &t))
            return false;
        tms[i] = &m->terms[t];
        ps[i] = posting_of(tms[i], doc);
        if (!ps[i])
            return false;
    }
    for (uint32_t k = 0; k < ps[0]->npos; k++) {
        uint32_t start = tms[0]->pos[ps[0]->pos + k];
        bool ok = col < 0 || (int)(start >> POS_COL_SHIFT) == col;
        for (size_t i = 1; ok && i < q->nterms; i++)
            ok = has_position(tms[i], ps[i], start + (uint32_t)i);
        if (ok)
            return true;
    }
    return false;
}

enum mc_status search_mem_matches(const struct search_mem *m, const struct search_query *q,
                                  size_t ordinal, bool *match)
{
    int col = -1;
    *match = false;
    if (!query_ok(q) || ordinal >= m->ndocs)
        return MC_ERR_INVALID;
    if (q->column) {
        for (size_t c = 0; c < m->ncols && col < 0; c++)
            if (strcmp(m->columns[c], q->column) == 0)
                col = (int)c;
        if (col < 0)
            return MC_ERR_INVALID;
    }
    uint32_t doc = (uint32_t)ordinal;
    if (q->mode == SEARCH_PHRASE) {
        *match = phrase_in_doc(m, q, doc, col);
    } else {
        bool all = q->mode == SEARCH_ALL;
        *match = all;
        for (size_t i = 0; i < q->nterms && *match == all; i++)
            *match = word_in_doc(m, &q->terms[i], doc, col);
    }
    return MC_OK;
}

enum mc_status search_mem_top(const struct search_mem *m, const struct search_query *q, size_t k,
                              struct search_hit *hits, size_t *n, size_t *total)
{
    *n = 0;
    if (total)
        *total = 0;
    size_t nd = m->ndocs ? m->ndocs : 1;
    double *score = xcalloc(nd, sizeof(*score));
    bool *match = xcalloc(nd, sizeof(*match));
    enum mc_status st = search_mem_rank_all(m, q, score, match);
    for (size_t d = 0; st == MC_OK && d < m->ndocs; d++) {
        if (!match[d])
            continue;
        if (total)
            (*total)++;
        struct search_hit h = {m->ids[d], score[d]};
        if (*n < k) {
            hits[(*n)++] = h;
            if (*n == k)   /* a heap of the k best, the worst at the root */
                for (size_t i = k / 2 + 1; i-- > 0;)
                    sift_down(hits, k, i);
        } else if (k > 0 && better(&h, &hits[0])) {
            hits[0] = h;
            sift_down(hits, k, 0);
        }
    }
    qsort(hits, *n, sizeof(*hits), by_rank);
    free(score);
    free(match);
    return st;
}
