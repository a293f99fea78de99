/*
 * index.h - the assistant's in-memory inverted indexes.
 *
 * Two kinds over one shared vocabulary (struct asst_vocab):
 *   - ASST_INDEX_BM25F: documents with several weighted fields (a
 *     procedure's name, field, result, documents, steps ...), scored with
 *     BM25F: per field the term frequency is length-normalised, the fields
 *     are summed with their weights, then saturated once (k1, b below).
 *   - ASST_INDEX_COSINE: one-field documents (FAQ question variants) as
 *     unit tf-idf vectors, so a query's score against each is a cosine in
 *     [0, 1] that can be compared with fixed thresholds.
 * Documents are added with asst_index_add(), then asst_index_finish()
 * computes the weights; after that the index is read-only.
 *
 * Terms come from asst_terms() (lexicon.h); a query is a list of
 * (term id, weight) pairs made by asst_query_terms().
 *
 * Thread-safety: building is single-threaded; a finished index and its
 * vocabulary may be read by many threads as long as nobody adds to the
 * vocabulary meanwhile.
 */
#ifndef MC_ASSISTANT_INDEX_H
#define MC_ASSISTANT_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/assistant/lexicon.h"
#include "core/strmap.h"

#define ASST_BM25_K1 1.2
#define ASST_BM25_B 0.6
#define ASST_MAX_FIELDS 8
#define ASST_QUERY_TERMS 400     /* distinct terms of a question kept */

/* term -> id, shared by the indexes of one knowledge base. */
struct asst_vocab {
    struct strmap map;        /* folded term -> id */
    size_t n;                 /* ids 0..n-1 in use */
};

void asst_vocab_init(struct asst_vocab *v);
void asst_vocab_release(struct asst_vocab *v);
/* The id of term, added when new. */
uint32_t asst_vocab_id(struct asst_vocab *v, const char *term, size_t len);
/* The id of term, or -1 when unknown.  Read-only. */
int64_t asst_vocab_find(const struct asst_vocab *v, const char *term, size_t len);

enum asst_index_kind { ASST_INDEX_BM25F, ASST_INDEX_COSINE };

struct asst_posting {
    uint32_t doc;
    float w;                  /* finished: the document-side weight */
};

/* Raw occurrence counts gathered before asst_index_finish(). */
struct asst_raw {
    uint32_t term;
    uint32_t doc;
    uint16_t field;
    float tf;
};

struct asst_index {
    enum asst_index_kind kind;
    struct asst_vocab *vocab;           /* not owned */
    size_t nfields;
    double field_w[ASST_MAX_FIELDS];    /* BM25F field weights */
    size_t ndocs;
    double *field_len;                  /* ndocs * nfields term counts */
    size_t field_len_cap;               /* entries allocated (core/array.h) */
    struct asst_raw *raw;               /* until finished */
    size_t nraw, capraw;
    /* finished */
    size_t nterms;                      /* vocabulary size when finished */
    uint32_t *start;                    /* nterms + 1 offsets into post */
    struct asst_posting *post;
    float *idf;                         /* nterms */
    bool finished;
};

/*
 * Set up an empty index of kind over vocab (which must outlive it) with
 * nfields fields (1 for COSINE) weighted by field_w (may be NULL for all 1).
 */
void asst_index_init(struct asst_index *ix, enum asst_index_kind kind,
                     struct asst_vocab *vocab, size_t nfields, const double *field_w);
void asst_index_release(struct asst_index *ix);

/*
 * Add a document; returns its number (0, 1, ...).  texts[f] is field f's
 * analysed text (asst_analyse with question false) or NULL.
 */
uint32_t asst_index_add(struct asst_index *ix, const struct asst_lexicon *lx,
                        const struct asst_text *const *texts);

/*
 * Compute weights.  idf_from (may be NULL) is another finished index over
 * the same vocabulary whose document frequencies are added to this one's
 * when computing idf (the FAQ borrows the catalogue's, which is larger).
 */
void asst_index_finish(struct asst_index *ix, const struct asst_index *idf_from);

/* One term of a query. */
struct asst_qterm {
    uint32_t id;
    double w;
};

struct asst_query {
    struct asst_qterm t[ASST_QUERY_TERMS];
    size_t n;
};

/*
 * The distinct known terms of question text t (each with its largest
 * weight) into q.  Unknown terms are dropped.  Read-only on the vocabulary.
 */
void asst_query_terms(const struct asst_lexicon *lx, const struct asst_vocab *v,
                      const struct asst_text *t, struct asst_query *q);

/*
 * Add each document's score for q to acc[0..ndocs) (the caller zeroes
 * it).  BM25F: sum of idf * query weight * document weight.  COSINE: the
 * cosine of the idf-weighted query vector and the document vector.
 */
void asst_index_score(const struct asst_index *ix, const struct asst_query *q, float *acc);

/* idf of term id in this index (0 when unknown). */
double asst_index_idf(const struct asst_index *ix, uint32_t id);
/* Documents holding term id. */
uint32_t asst_index_df(const struct asst_index *ix, uint32_t id);

#endif
