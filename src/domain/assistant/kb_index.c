/*
 * index.c - in-memory BM25F and cosine indexes (see index.h).
 */
#include <math.h>
#include <stdlib.h>
#include "domain/assistant/kb_index.h"
#include "core/array.h"
#include "core/mem.h"

void asst_vocab_init(struct asst_vocab *v)
{
    strmap_init(&v->map);
    v->n = 0;
}

void asst_vocab_release(struct asst_vocab *v)
{
    strmap_release(&v->map);
    v->n = 0;
}

uint32_t asst_vocab_id(struct asst_vocab *v, const char *term, size_t len)
{
    int64_t id = strmap_put(&v->map, term, len, (int64_t)v->n);
    if ((size_t)id == v->n)
        v->n++;
    return (uint32_t)id;
}

int64_t asst_vocab_find(const struct asst_vocab *v, const char *term, size_t len)
{
    int64_t id;
    return strmap_get(&v->map, term, len, &id) ? id : -1;
}

void asst_index_init(struct asst_index *ix, enum asst_index_kind kind,
                     struct asst_vocab *vocab, size_t nfields, const double *field_w)
{
    memset(ix, 0, sizeof(*ix));
    ix->kind = kind;
    ix->vocab = vocab;
    ix->nfields = nfields > ASST_MAX_FIELDS ? ASST_MAX_FIELDS : nfields;
    for (size_t f = 0; f < ix->nfields; f++)
        ix->field_w[f] = field_w ? field_w[f] : 1.0;
}

void asst_index_release(struct asst_index *ix)
{
    free(ix->field_len);
    free(ix->raw);
    free(ix->start);
    free(ix->post);
    free(ix->idf);
    memset(ix, 0, sizeof(*ix));
}

struct doc_ctx {
    struct asst_index *ix;
    uint32_t doc;
    uint16_t field;
    size_t first;           /* first raw entry of this field */
};

static void add_raw(void *arg, const char *term, size_t len, double weight)
{
    struct doc_ctx *c = arg;
    struct asst_index *ix = c->ix;
    (void)weight;
    ARRAY_APPEND(ix->raw, ix->nraw, ix->capraw,
                 ((struct asst_raw){asst_vocab_id(ix->vocab, term, len), c->doc, c->field,
                                    1.0f}));
    ix->field_len[(size_t)c->doc * ix->nfields + c->field] += 1.0;
}

static int cmp_raw(const void *a, const void *b)
{
    const struct asst_raw *x = a, *y = b;
    if (x->term != y->term)
        return x->term < y->term ? -1 : 1;
    if (x->doc != y->doc)
        return x->doc < y->doc ? -1 : 1;
    return (int)x->field - (int)y->field;
}

/* Merge the raw entries from first on that share term, doc and field. */
static void compact_field(struct asst_index *ix, size_t first)
{
    size_t n = ix->nraw - first;
    if (n == 0)
        return;
    qsort(ix->raw + first, n, sizeof(*ix->raw), cmp_raw);
    size_t out = first;
    for (size_t i = first; i < ix->nraw; i++) {
        if (out > first && ix->raw[out - 1].term == ix->raw[i].term)
            ix->raw[out - 1].tf += ix->raw[i].tf;
        else
            ix->raw[out++] = ix->raw[i];
    }
    ix->nraw = out;
}

uint32_t asst_index_add(struct asst_index *ix, const struct asst_lexicon *lx,
                        const struct asst_text *const *texts)
{
    struct doc_ctx c = {ix, (uint32_t)ix->ndocs, 0, 0};
    ix->ndocs++;
    ARRAY_GROW(ix->field_len, ix->ndocs * ix->nfields, ix->field_len_cap);
    for (size_t f = 0; f < ix->nfields; f++)
        ix->field_len[(size_t)c.doc * ix->nfields + f] = 0;
    for (size_t f = 0; f < ix->nfields; f++) {
        if (!texts[f])
            continue;
        c.field = (uint16_t)f;
        c.first = ix->nraw;
        asst_terms(lx, texts[f], add_raw, &c);
        compact_field(ix, c.first);
    }
    return c.doc;
}

void asst_index_finish(struct asst_index *ix, const struct asst_index *idf_from)
{
    double avg[ASST_MAX_FIELDS] = {0};
    if (ix->nraw > 0)   /* raw is NULL while empty, and qsort wants a pointer */
        qsort(ix->raw, ix->nraw, sizeof(*ix->raw), cmp_raw);
    for (size_t d = 0; d < ix->ndocs; d++)
        for (size_t f = 0; f < ix->nfields; f++)
            avg[f] += ix->field_len[d * ix->nfields + f];
    for (size_t f = 0; f < ix->nfields; f++)
        avg[f] = ix->ndocs ? avg[f] / (double)ix->ndocs : 1.0;
    ix->nterms = ix->vocab->n;
    ix->start = xcalloc(ix->nterms + 1, sizeof(*ix->start));
    ix->idf = xcalloc(ix->nterms ? ix->nterms : 1, sizeof(*ix->idf));
    ix->post = xmalloc((ix->nraw ? ix->nraw : 1) * sizeof(*ix->post));
    size_t np = 0;
    double *norm = xcalloc(ix->ndocs ? ix->ndocs : 1, sizeof(double));
    for (size_t i = 0; i < ix->nraw;) {
        uint32_t term = ix->raw[i].term;
        size_t j = i;
        uint32_t df = 0;
        for (size_t k = i; k < ix->nraw && ix->raw[k].term == term; k++)
            if (k == i || ix->raw[k].doc != ix->raw[k - 1].doc)
                df++;
        double n = (double)ix->ndocs, dfa = df;
        if (idf_from && term < idf_from->nterms) {
            n += (double)idf_from->ndocs;
            dfa += idf_from->start[term + 1] - idf_from->start[term];
        }
        double idf = log(1.0 + (n - dfa + 0.5) / (dfa + 0.5));
        ix->idf[term] = (float)idf;
        ix->start[term] = (uint32_t)np;
        while (j < ix->nraw && ix->raw[j].term == term) {
            uint32_t doc = ix->raw[j].doc;
            double tf = 0;
            for (; j < ix->nraw && ix->raw[j].term == term && ix->raw[j].doc == doc; j++) {
                const struct asst_raw *r = &ix->raw[j];
                double len = ix->field_len[(size_t)doc * ix->nfields + r->field];
                double a = avg[r->field] > 0 ? avg[r->field] : 1.0;
                if (ix->kind == ASST_INDEX_BM25F)
                    tf += ix->field_w[r->field] * r->tf /
                          (1.0 - ASST_BM25_B + ASST_BM25_B * len / a);
                else
                    tf += r->tf;
            }
            double w;
            if (ix->kind == ASST_INDEX_BM25F) {
                w = tf * (ASST_BM25_K1 + 1.0) / (ASST_BM25_K1 + tf);
            } else {
                w = (1.0 + log(tf)) * idf;
                norm[doc] += w * w;
            }
            ix->post[np++] = (struct asst_posting){doc, (float)w};
        }
        i = j;
    }
    /* Terms without postings (idf 0) get empty ranges. */
    ix->start[ix->nterms] = (uint32_t)np;
    for (size_t t = ix->nterms; t-- > 0;)
        if (ix->idf[t] == 0)
            ix->start[t] = ix->start[t + 1];
    if (ix->kind == ASST_INDEX_COSINE)
        for (size_t k = 0; k < np; k++)
            ix->post[k].w /= (float)sqrt(norm[ix->post[k].doc] > 0 ? norm[ix->post[k].doc]
                                                                   : 1.0);
    free(norm);
    free(ix->raw);
    ix->raw = NULL;
    ix->nraw = ix->capraw = 0;
    ix->finished = true;
}

double asst_index_idf(const struct asst_index *ix, uint32_t id)
{
    return id < ix->nterms ? ix->idf[id] : 0.0;
}

uint32_t asst_index_df(const struct asst_index *ix, uint32_t id)
{
    return id < ix->nterms ? ix->start[id + 1] - ix->start[id] : 0;
}

struct qctx {
    const struct asst_vocab *v;
    struct asst_query *q;
};

static void add_qterm(void *arg, const char *term, size_t len, double weight)
{
    struct qctx *c = arg;
    int64_t id = asst_vocab_find(c->v, term, len);
    if (id < 0)
        return;
    for (size_t i = 0; i < c->q->n; i++) {
        if (c->q->t[i].id == (uint32_t)id) {
            if (weight > c->q->t[i].w)
                c->q->t[i].w = weight;
            return;
        }
    }
    if (c->q->n < ASST_QUERY_TERMS)
        c->q->t[c->q->n++] = (struct asst_qterm){(uint32_t)id, weight};
}

void asst_query_terms(const struct asst_lexicon *lx, const struct asst_vocab *v,
                      const struct asst_text *t, struct asst_query *q)
{
    struct qctx c = {v, q};
    q->n = 0;
    asst_terms(lx, t, add_qterm, &c);
}

void asst_index_score(const struct asst_index *ix, const struct asst_query *q, float *acc)
{
    double qnorm = 0;
    if (ix->kind == ASST_INDEX_COSINE) {
        for (size_t i = 0; i < q->n; i++) {
            double x = q->t[i].w * asst_index_idf(ix, q->t[i].id);
            qnorm += x * x;
        }
        qnorm = qnorm > 0 ? sqrt(qnorm) : 1.0;
    }
    for (size_t i = 0; i < q->n; i++) {
        uint32_t id = q->t[i].id;
        if (id >= ix->nterms)
            continue;
        double f = q->t[i].w * ix->idf[id];
        if (ix->kind == ASST_INDEX_COSINE)
            f /= qnorm;
        for (uint32_t k = ix->start[id]; k < ix->start[id + 1]; k++)
            acc[ix->post[k].doc] += (float)(f * ix->post[k].w);
    }
}
