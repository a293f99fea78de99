/*
 * search_mem.h - an in-memory copy of one full-text index (core/search.h),
 * ranked as the database ranks it (bm25 as FTS5 computes it, the index's
 * column weights), for answering top-k queries without the database.
 *
 * DESIGN
 * - Built from the index's documents (search_mem_load() reads them
 *   through the search interface, on either backend) or added one by one
 *   (search_mem_add(), then search_mem_finish()).  Immutable once
 *   finished: rebuilt, not patched, when the index changes (the owner
 *   keeps the copy with the data version it was built from).
 * - Tokens are cut as the backends cut folded text (runs of bytes other
 *   than ASCII punctuation and spaces, plus the index's tokenchars).  The
 *   vocabulary is kept sorted, so a prefix word is a range of terms.
 * - Each posting (term, document) holds the term's occurrences weighted
 *   by the columns' weights and, precomputed, its bm25 contribution
 *   (idf, k1 = 1.2, b = 0.75, the document's length against the mean):
 *   ranking an exact word adds numbers and reads no text.  A prefix
 *   word's occurrences are summed over its range per document first, as
 *   FTS5 does, then weighted.
 * - Top-k: scores accumulate in a dense array (one slot per document),
 *   and a bounded heap keeps the k best, ties by id ascending.
 * - Each posting also keeps the positions of its occurrences (column and
 *   token number), so whether one document matches a column query or a
 *   phrase is answered without its text (search_mem_matches): ranked
 *   queries are over every column, every word (SEARCH_ALL) or any word
 *   (SEARCH_ANY); a caller ranking in tiers ranks those, then asks each
 *   ranked document whether it is also in a tier's column or phrase.
 * - The vocabulary can be read in order (search_mem_term_at) with the
 *   number of documents each term is in, as the index's counts table
 *   holds it, so query-side spelling correction needs no database.
 *
 * Thread-safety: a finished index is read-only; any number of threads may
 * query it at once.  Building is single-threaded.
 */
#ifndef MC_SEARCH_MEM_H
#define MC_SEARCH_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/db.h"
#include "core/search.h"

struct search_mem;

#define SEARCH_PHRASE_MAX 32   /* words of a phrase search_mem_matches() can find */

/* One ranked document. */
struct search_hit {
    int64_t id;
    double r;    /* relevance as the rank fragment's column r: higher is better */
};

/* A new, empty copy of ix's layout (columns, weights, tokenchars). */
struct search_mem *search_mem_new(const struct search_index *ix);
/* Add document id with one folded text per column of the index ("" for none). */
void search_mem_add(struct search_mem *m, int64_t id, const char *const *cols);
/* Compute the statistics and weights; after this only queries. */
void search_mem_finish(struct search_mem *m);
/*
 * Build a finished copy of ix from db's documents.  Returns MC_OK (*out
 * owned by the caller) or MC_ERR_DB.
 */
enum mc_status search_mem_load(struct db *db, struct search_index *ix, struct search_mem **out)
    MC_WARN_UNUSED;
/* Free m.  NULL is fine. */
void search_mem_free(struct search_mem *m);
/* Documents in m. */
size_t search_mem_count(const struct search_mem *m);

/* The id of the document of ordinal (0 .. search_mem_count() - 1, in the order added). */
int64_t search_mem_id(const struct search_mem *m, size_t ordinal);

/* Whether term (folded, one token) is in the vocabulary; *doc gets how many documents have it. */
bool search_mem_doc_count(const struct search_mem *m, const char *term, int64_t *doc);
/* Terms in the vocabulary. */
size_t search_mem_terms(const struct search_mem *m);
/* The position, in byte order of the vocabulary, of the first term >= text. */
size_t search_mem_lower_bound(const struct search_mem *m, const char *text);
/* Term i (< search_mem_terms()) in byte order, *doc its documents. */
const char *search_mem_term_at(const struct search_mem *m, size_t i, int64_t *doc);

/*
 * Rank every document for q (every column, SEARCH_ALL or SEARCH_ANY):
 * score[d] and match[d] for the document of ordinal d, arrays of
 * search_mem_count() slots (score is the rank fragment's r where match
 * is true).  MC_ERR_INVALID as search_mem_top().
 */
enum mc_status search_mem_rank_all(const struct search_mem *m, const struct search_query *q,
                                   double *score, bool *match) MC_WARN_UNUSED;
/*
 * Whether the document of ordinal matches q, any shape (a column, a
 * phrase of at most SEARCH_PHRASE_MAX words, prefix flags ignored in a
 * phrase as the backends ignore them) into *match.  MC_ERR_INVALID for
 * a query without words, an unknown column or an ordinal out of range.
 */
enum mc_status search_mem_matches(const struct search_mem *m, const struct search_query *q,
                                  size_t ordinal, bool *match) MC_WARN_UNUSED;

/*
 * The k best documents for q, best first, into hits (room for k); *n
 * gets how many (fewer when fewer match) and *total (may be NULL) how
 * many match in all.  MC_ERR_INVALID for a phrase, a column query or a
 * query search_expr() would refuse.
 */
enum mc_status search_mem_top(const struct search_mem *m, const struct search_query *q, size_t k,
                              struct search_hit *hits, size_t *n, size_t *total) MC_WARN_UNUSED;

#endif
