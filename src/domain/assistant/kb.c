/*
 * kb.c - the knowledge base and the ranking (see kb.h).
 */
#include <math.h>
#include <stdlib.h>
#include "domain/assistant/faq.h"
#include "domain/assistant/kb.h"
#include "domain/catalog/catalog.h"
#include "core/array.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"

/* Procedure fields of the BM25F index, in this order. */
enum { F_NAME, F_FIELD, F_RESULT, F_DOCUMENTS, F_STEPS, F_CONDITIONS, F_APPLICANTS, NF };
static const double KB_FIELD_WEIGHTS[NF] = {6.0, 1.5, 1.5, 1.0, 0.4, 0.5, 0.3};

#define KB_FAQ_WEIGHT 2.0          /* a FAQ question's cosine against a BM25F share */
#define KB_FAQ_OTHERS 0.3          /* share of further FAQ neighbours of one procedure */
#define KB_FIELD_WEIGHT 0.35       /* the FAQ neighbours' field vote */
#define KB_FAQ_MIN 0.08            /* FAQ cosines below this are noise */
#define KB_CANDIDATES 300          /* BM25F procedures considered */

enum mc_status asst_kb_init(struct asst_kb *kb)
{
    memset(kb, 0, sizeof(*kb));
    asst_lexicon_init(&kb->lx);
    asst_vocab_init(&kb->vocab);
    asst_index_init(&kb->pidx, ASST_INDEX_BM25F, &kb->vocab, NF, KB_FIELD_WEIGHTS);
    asst_index_init(&kb->nidx, ASST_INDEX_COSINE, &kb->vocab, 1, NULL);
    asst_index_init(&kb->fidx, ASST_INDEX_COSINE, &kb->vocab, 1, NULL);
    strmap_init(&kb->codes);
    strmap_init(&kb->fields);
    return asst_lexicon_load(&kb->lx);
}

static void free_faqs(struct asst_kb *kb)
{
    for (size_t i = 0; i < kb->nfaqs; i++) {
        free(kb->faqs[i].question);
        free(kb->faqs[i].answer);
        free(kb->faqs[i].procs);
    }
    free(kb->faqs);
    free(kb->fdoc_faq);
    kb->faqs = NULL;
    kb->fdoc_faq = NULL;
    kb->nfaqs = kb->nfdocs = 0;
    kb->faqs_cap = kb->fdoc_faq_cap = 0;
}

void asst_kb_release(struct asst_kb *kb)
{
    free_faqs(kb);
    for (size_t i = 0; i < kb->nprocs; i++) {
        free(kb->procs[i].code);
        free(kb->procs[i].name);
        free(kb->procs[i].field);
        free(kb->procs[i].name_folded);
    }
    free(kb->procs);
    asst_index_release(&kb->pidx);
    asst_index_release(&kb->nidx);
    asst_index_release(&kb->fidx);
    strmap_release(&kb->codes);
    strmap_release(&kb->fields);
    asst_vocab_release(&kb->vocab);
    asst_lexicon_release(&kb->lx);
    memset(kb, 0, sizeof(*kb));
}

/* Analyse s (may be NULL) as catalogue text into t; false when empty or invalid. */
static bool analyse(const struct asst_kb *kb, const char *s, struct asst_text *t)
{
    if (!s || !*s)
        return false;
    return asst_analyse(&kb->lx, s, strlen(s), false, t) == MC_OK && t->n > 0;
}

enum mc_status asst_kb_add_procedure(struct asst_kb *kb, const struct procedure *p)
{
    struct asst_text t[NF];
    const struct asst_text *tp[NF] = {0};
    struct buf docs;
    enum mc_status st = MC_OK;
    if (!p->code || !p->name || strmap_get(&kb->codes, p->code, strlen(p->code), NULL))
        return MC_OK;
    buf_init(&docs, BUF_MAX_FILE);
    for (size_t i = 0; i < p->ndocuments; i++) {
        buf_adds(&docs, p->documents[i].name ? p->documents[i].name : "");
        buf_addch(&docs, '\n');
    }
    if (p->ndocuments == 0 && p->documents_raw)
        buf_adds(&docs, p->documents_raw);
    const char *src[NF] = {p->name, p->field, p->result_raw ? p->result_raw : p->result,
                           buf_cstr(&docs), p->steps, p->conditions, p->applicants};
    for (size_t f = 0; f < NF; f++) {
        asst_text_init(&t[f]);
        if (src[f] && !text_utf8_valid(src[f], strlen(src[f])))
            st = MC_ERR_INVALID;
        else if (analyse(kb, src[f], &t[f]))
            tp[f] = &t[f];
    }
    if (st == MC_OK) {
        size_t i = kb->nprocs;
        struct asst_proc *ap = ARRAY_PUSH(kb->procs, kb->nprocs, kb->procs_cap);
        ap->code = xstrdup(p->code);
        ap->name = xstrdup(p->name);
        ap->field = xstrdup(p->field ? p->field : "");
        ap->name_folded = xstrdup(tp[F_NAME] ? buf_cstr(&t[F_NAME].text) : "");
        ap->field_id = (uint32_t)strmap_put(&kb->fields, ap->field, strlen(ap->field),
                                            (int64_t)kb->fields.n);
        ap->online = p->online_level;
        for (size_t c = 0; c < p->nchannels; c++)
            ap->online_channel = ap->online_channel ||
                                 p->channels[c].kind == PROC_CHANNEL_ONLINE;
        for (size_t v = 0; v < kb->lx.nvariants && v < 32; v++)
            if (tp[F_NAME] && asst_text_has(&t[F_NAME], kb->lx.variants[v].name_phrase))
                ap->variants |= 1u << v;
        strmap_put(&kb->codes, ap->code, strlen(ap->code), (int64_t)i);
        uint32_t d = asst_index_add(&kb->pidx, &kb->lx, tp);
        uint32_t n = asst_index_add(&kb->nidx, &kb->lx, tp);
        (void)d;
        (void)n;
    }
    for (size_t f = 0; f < NF; f++)
        asst_text_release(&t[f]);
    buf_release(&docs);
    return st;
}

void asst_kb_finish_procedures(struct asst_kb *kb)
{
    asst_index_finish(&kb->pidx, NULL);
    asst_index_finish(&kb->nidx, &kb->pidx);
    asst_kb_faq_reset(kb);
}

void asst_kb_faq_reset(struct asst_kb *kb)
{
    free_faqs(kb);
    asst_index_release(&kb->fidx);
    asst_index_init(&kb->fidx, ASST_INDEX_COSINE, &kb->vocab, 1, NULL);
    kb->ready = false;
}

long asst_kb_find(const struct asst_kb *kb, const char *code)
{
    int64_t i;
    return code && strmap_get(&kb->codes, code, strlen(code), &i) ? (long)i : -1;
}

size_t asst_kb_add_faq(struct asst_kb *kb, int64_t id, const char *const *questions,
                       size_t nq, const char *answer, const char *const *codes,
                       size_t ncodes)
{
    size_t fi = kb->nfaqs;
    struct asst_faq *f = ARRAY_PUSH(kb->faqs, kb->nfaqs, kb->faqs_cap);
    f->id = id;
    f->question = xstrdup(nq > 0 ? questions[0] : "");
    f->answer = answer && *answer ? xstrdup(answer) : NULL;
    f->procs = xcalloc(ncodes ? ncodes : 1, sizeof(*f->procs));
    f->nprocs = 0;
    for (size_t i = 0; i < ncodes; i++) {
        long p = asst_kb_find(kb, codes[i]);
        bool dup = false;
        for (size_t j = 0; j < f->nprocs; j++)
            dup = dup || f->procs[j] == (uint32_t)p;
        if (p >= 0 && !dup)
            f->procs[f->nprocs++] = (uint32_t)p;
    }
    for (size_t i = 0; i < nq; i++) {
        struct asst_text t;
        asst_text_init(&t);
        /* FAQ questions are questions: synonyms apply as they do when asking. */
        if (asst_analyse(&kb->lx, questions[i], strlen(questions[i]), true, &t) == MC_OK &&
            t.n > 0) {
            const struct asst_text *tp[1] = {&t};
            asst_index_add(&kb->fidx, &kb->lx, tp);
            ARRAY_APPEND(kb->fdoc_faq, kb->nfdocs, kb->fdoc_faq_cap, (uint32_t)fi);
        }
        asst_text_release(&t);
    }
    return fi;
}

void asst_kb_finish_faq(struct asst_kb *kb)
{
    asst_index_finish(&kb->fidx, &kb->pidx);
    kb->ready = true;
}

/* ---------------------------------------------------------------- ranking */

struct scored {
    uint32_t i;
    float s;
};

static int cmp_scored(const void *a, const void *b)
{
    const struct scored *x = a, *y = b;
    if (x->s != y->s)
        return x->s > y->s ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* The k best entries of acc[0..n) with a positive score, best first. */
static size_t top_k(const float *acc, size_t n, struct scored *out, size_t k)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (acc[i] <= 0)
            continue;
        struct scored e = {(uint32_t)i, acc[i]};
        if (m < k) {
            out[m++] = e;
        } else if (cmp_scored(&e, &out[m - 1]) < 0) {
            out[m - 1] = e;
        } else {
            continue;
        }
        for (size_t j = m - 1; j > 0 && cmp_scored(&out[j], &out[j - 1]) < 0; j--) {
            struct scored tmp = out[j];
            out[j] = out[j - 1];
            out[j - 1] = tmp;
        }
    }
    return m;
}

/* True when the question holds one of the cues of variant v. */
static bool has_cue(const struct asst_lexicon *lx, size_t v, const struct asst_text *q)
{
    for (size_t c = 0; c < lx->variants[v].ncues; c++)
        if (asst_text_has(q, lx->variants[v].cues[c]))
            return true;
    return false;
}

void asst_kb_rank(const struct asst_kb *kb, const struct asst_text *q,
                  struct asst_ranking *out)
{
    struct asst_query *qt = xmalloc(sizeof(*qt));
    size_t np = kb->nprocs;
    float *bm = xcalloc(np ? np : 1, sizeof(float));
    float *faq = xcalloc(np ? np : 1, sizeof(float));
    float *fdoc = xcalloc(kb->nfdocs ? kb->nfdocs : 1, sizeof(float));
    float *score = xcalloc(np ? np : 1, sizeof(float));
    double *field_vote = xcalloc(kb->fields.n ? kb->fields.n : 1, sizeof(double));
    struct scored cand[KB_CANDIDATES], nb[ASST_FAQ_NEIGHBOURS];
    memset(out, 0, sizeof(*out));
    out->faq_best = -1;
    asst_query_terms(&kb->lx, &kb->vocab, q, qt);
    out->nterms = qt->n;

    asst_index_score(&kb->pidx, qt, bm);
    size_t nc = top_k(bm, np, cand, KB_CANDIDATES);
    double bmax = nc ? cand[0].s : 1.0;
    for (size_t i = 0; i < nc; i++)
        score[cand[i].i] = (float)(cand[i].s / bmax);

    /* FAQ neighbours: their procedures and their fields. */
    asst_index_score(&kb->fidx, qt, fdoc);
    size_t nn = top_k(fdoc, kb->nfdocs, nb, ASST_FAQ_NEIGHBOURS);
    double vote_max = 0;
    for (size_t i = 0; i < nn; i++) {
        if (nb[i].s < KB_FAQ_MIN)
            break;
        const struct asst_faq *f = &kb->faqs[kb->fdoc_faq[nb[i].i]];
        if (out->faq_best < 0) {
            out->faq_best = (long)kb->fdoc_faq[nb[i].i];
            out->faq_best_sim = nb[i].s;
        }
        for (size_t j = 0; j < f->nprocs; j++) {
            uint32_t p = f->procs[j];
            if (faq[p] == 0)
                faq[p] = nb[i].s;
            else
                faq[p] += (float)(KB_FAQ_OTHERS * nb[i].s);
            field_vote[kb->procs[p].field_id] += nb[i].s / (double)f->nprocs;
        }
    }
    for (size_t i = 0; i < kb->fields.n; i++)
        if (field_vote[i] > vote_max)
            vote_max = field_vote[i];
    for (size_t p = 0; p < np; p++) {
        if (faq[p] > 0)
            score[p] += (float)(KB_FAQ_WEIGHT * faq[p]);
        if (score[p] > 0 && vote_max > 0)
            score[p] += (float)(KB_FIELD_WEIGHT * field_vote[kb->procs[p].field_id] /
                                vote_max);
    }

    /* Variants: a share of the best score, given or taken by the question's cues. */
    double best = 0;
    for (size_t p = 0; p < np; p++)
        if (score[p] > best)
            best = score[p];
    uint32_t cued = 0;
    for (size_t v = 0; v < kb->lx.nvariants && v < 32; v++)
        if (has_cue(&kb->lx, v, q))
            cued |= 1u << v;
    for (size_t p = 0; p < np; p++) {
        if (score[p] <= 0 || kb->procs[p].variants == 0)
            continue;
        for (size_t v = 0; v < kb->lx.nvariants && v < 32; v++) {
            if (!(kb->procs[p].variants & (1u << v)))
                continue;
            const struct asst_variant *va = &kb->lx.variants[v];
            score[p] += (float)(best * ((cued & (1u << v)) ? va->bonus : -va->penalty));
        }
        if (score[p] <= 0)
            score[p] = 1e-6f;
    }

    struct scored top[ASST_TOP];
    out->n = top_k(score, np, top, ASST_TOP);
    if (out->n > 0) {
        float *nsim = xcalloc(np ? np : 1, sizeof(float));
        asst_index_score(&kb->nidx, qt, nsim);
        for (size_t i = 0; i < out->n; i++) {
            out->hits[i].proc = top[i].i;
            out->hits[i].score = top[i].s;
            out->hits[i].name_sim = nsim[top[i].i];
            out->hits[i].faq_sim = faq[top[i].i];
        }
        free(nsim);
    }
    free(field_vote);
    free(score);
    free(fdoc);
    free(faq);
    free(bm);
    free(qt);
}

/* ---------------------------------------------------------------- loading */

static enum mc_status add_rule_cb(void *ctx, const char *kind, const char *phrase,
                                  const char *target)
{
    struct asst_kb *kb = ctx;
    if (asst_lexicon_add_rule(&kb->lx, kind, phrase, target) != MC_OK)
        log_warn("assistant rule ignored (kind %s)", kind);
    return MC_OK;
}

static enum mc_status add_faq_cb(void *ctx, const struct asst_faq_entry *e)
{
    struct asst_kb *kb = ctx;
    asst_kb_add_faq(kb, e->id, (const char *const *)e->questions, e->nquestions, e->answer,
                    (const char *const *)e->codes, e->ncodes);
    return MC_OK;
}

static enum mc_status add_procedure_cb(const struct procedure *p, void *ctx)
{
    enum mc_status st = asst_kb_add_procedure(ctx, p);
    if (st == MC_ERR_INVALID) {
        log_warn("assistant: procedure skipped (invalid text)");
        st = MC_OK;
    }
    return st;
}

enum mc_status asst_kb_load(struct asst_kb *kb, struct db *db)
{
    enum mc_status st = asst_rules_each(db, add_rule_cb, kb);
    if (st == MC_OK)
        st = catalog_each(db, add_procedure_cb, kb);
    if (st != MC_OK)
        return st;
    asst_kb_finish_procedures(kb);
    st = asst_faq_each(db, add_faq_cb, kb);
    if (st == MC_OK)
        asst_kb_finish_faq(kb);
    return st;
}
