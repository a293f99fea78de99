/*
 * fuzz_search.c - libFuzzer target for the in-memory search index
 * (src/core/search_mem.c) and the query side of the catalogue search:
 * text folded as a query is (text_fold), cut into words, and ranked and
 * matched against documents cut by the index's tokenizer.
 *
 * Input layout (the seeds in fuzz/corpus/search/ follow it):
 *
 *   byte 0     flags: bit 0 the last word is a prefix, bit 1 any word
 *              (else every word), bit 2 the phrase, bit 3 the name column
 *   the rest   split at the first '\n': the documents' text (each further
 *              '\n' starts another document, each '\t' another column),
 *              then the query
 *
 * Checks, besides the sanitizers:
 *   - the query's words hold no space and are not empty;
 *   - search_mem_top() keeps at most k hits, best first, each a document
 *     that search_mem_matches() says matches the same query, with a
 *     finite score, and its total is at least what it kept;
 *   - a document matching the phrase matches every word (in that column);
 *   - every term read in order is >= the one before and counts between 1
 *     and the documents.
 * Any failed check aborts.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/log.h"
#include "core/search_mem.h"
#include "core/text.h"

#define DOCS_MAX 32
#define WORDS_MAX 16
#define TOP 5

static struct search_index ix = {
    .name = "fuzz_index",
    .columns = {"name", "body"},
    .weights = {10.0, 1.0},
    .tokenchars = "_",
};

/* Fold text[0..len) and cut it into words (into terms, pointing into folded). */
static size_t words_of(const char *text, size_t len, struct buf *folded, struct search_term *terms)
{
    size_t n = 0;
    if (text_fold(text, len, folded) != MC_OK)
        return 0;
    char *p = (char *)buf_cstr(folded); /* NUL-terminated, then cut in place */
    while (p && *p && n < WORDS_MAX) {
        while (*p == ' ')
            *p++ = '\0';
        if (!*p)
            break;
        terms[n++] = (struct search_term){p, false};
        while (*p && *p != ' ')
            p++;
    }
    if (p && *p)
        *p = '\0'; /* the last word kept, when there were more */
    for (size_t i = 0; i < n; i++)
        if (!terms[i].text[0] || strchr(terms[i].text, ' '))
            abort();
    return n;
}

/* Add the documents of text[0..len): '\n' between documents, '\t' between columns. */
static void add_docs(struct search_mem *m, const char *text, size_t len)
{
    int64_t id = 1;
    size_t at = 0;
    while (at < len && id <= DOCS_MAX) {
        size_t end = at;
        while (end < len && text[end] != '\n')
            end++;
        char *col[2] = {NULL, NULL};
        const char *tab = memchr(text + at, '\t', end - at);
        size_t first = tab ? (size_t)(tab - (text + at)) : end - at;
        struct buf c0, c1;
        buf_init(&c0, BUF_MAX_PAGE);
        buf_init(&c1, BUF_MAX_PAGE);
        if (text_fold(text + at, first, &c0) == MC_OK)
            col[0] = c0.data;
        if (tab && text_fold(tab + 1, end - at - first - 1, &c1) == MC_OK)
            col[1] = c1.data;
        const char *cols[2] = {col[0] ? col[0] : "", col[1] ? col[1] : ""};
        search_mem_add(m, id++, cols);
        buf_release(&c0);
        buf_release(&c1);
        at = end + 1;
    }
}

static void check_vocabulary(const struct search_mem *m)
{
    const char *prev = NULL;
    for (size_t i = 0; i < search_mem_terms(m); i++) {
        int64_t doc = 0;
        const char *t = search_mem_term_at(m, i, &doc);
        if ((prev && strcmp(prev, t) > 0) || doc < 1 || (size_t)doc > search_mem_count(m))
            abort();
        int64_t again = 0;
        if (!search_mem_doc_count(m, t, &again) || again != doc)
            abort();
        prev = t;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) {
        log_set_level(LOG_ERROR);
        quiet = 1;
    }
    if (size < 1)
        return 0;
    unsigned flags = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    /* The documents up to the last '\n', the query after it (all of it without one). */
    size_t docs_len = 0;
    for (size_t i = len; i > 0; i--) {
        if (text[i - 1] == '\n') {
            docs_len = i;
            break;
        }
    }
    const char *query = text + docs_len;
    size_t query_len = len - docs_len;
    struct search_mem *m = search_mem_new(&ix);
    add_docs(m, text, docs_len);
    search_mem_finish(m);
    check_vocabulary(m);

    struct buf folded;
    struct search_term terms[WORDS_MAX];
    buf_init(&folded, BUF_MAX_PAGE);
    size_t n = words_of(query, query_len, &folded, terms);
    if (n > 0) {
        if (flags & 1)
            terms[n - 1].prefix = true;
        struct search_query q = {(flags & 2) ? SEARCH_ANY : SEARCH_ALL, NULL, terms, n};
        struct search_hit hits[TOP];
        size_t got = 0, total = 0;
        if (search_mem_top(m, &q, TOP, hits, &got, &total) != MC_OK || got > TOP || total < got)
            abort();
        for (size_t i = 0; i < got; i++) {
            bool match = false;
            if (!isfinite(hits[i].r) || (i > 0 && hits[i].r > hits[i - 1].r))
                abort();
            if (search_mem_matches(m, &q, (size_t)(hits[i].id - 1), &match) != MC_OK || !match)
                abort();
        }
        struct search_query p = {SEARCH_PHRASE, (flags & 8) ? "name" : NULL, terms, n};
        struct search_query w = {SEARCH_ALL, p.column, terms, n};
        for (size_t d = 0; d < search_mem_count(m); d++) {
            bool in_phrase = false, every = false;
            if (search_mem_matches(m, &p, d, &in_phrase) != MC_OK ||
                search_mem_matches(m, &w, d, &every) != MC_OK)
                abort();
            bool exact = true; /* a phrase ignores prefixes: compare exact words only */
            for (size_t i = 0; i < n; i++)
                exact = exact && !terms[i].prefix;
            if (in_phrase && exact && !every)
                abort();
        }
    }
    buf_release(&folded);
    search_mem_free(m);
    return 0;
}
