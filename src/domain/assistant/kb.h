/*
 * kb.h - the assistant's knowledge base: every procedure of the
 * catalogue and every FAQ entry, indexed in memory, and the ranking that
 * turns a question into likely procedures.
 *
 * DESIGN (docs/internals/assistant.md)
 * - Procedures are indexed over their whole record: name, field, result,
 *   documents, steps, conditions and applicants, each a BM25F field with
 *   its weight (KB_FIELD_WEIGHTS in kb.c), plus a name-only cosine index
 *   that says how well a question names a procedure.
 * - FAQ entries (question variants, an answer, linked procedures) are a
 *   cosine index of their questions, borrowing the catalogue's document
 *   frequencies.  The FAQ part can be rebuilt alone (asst_kb_faq_reset),
 *   which the evaluation does once per fold.
 * - Ranking: score(p) = BM25F(p) / best BM25F
 *                       + KB_FAQ_WEIGHT * (best cosine of a FAQ question
 *                         linked to p + a share of the others)
 *                       + KB_FIELD_WEIGHT * (the FAQ neighbours' vote for
 *                         p's field, the field prior)
 *   then the variant rules of the lexicon add or take away a share of the
 *   best score ("có yếu tố nước ngoài" only when the question hints at a
 *   foreign element, and so on).
 *
 * Thread-safety: build in one thread; a finished knowledge base is
 * read-only and asst_kb_rank() may run in many threads at once.
 */
#ifndef MC_ASSISTANT_KB_H
#define MC_ASSISTANT_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/assistant/kb_index.h"
#include "domain/assistant/lexicon.h"
#include "domain/catalog/procedure.h"
#include "core/db.h"

#define ASST_TOP 10               /* procedures kept by a ranking */
#define ASST_FAQ_NEIGHBOURS 10    /* FAQ questions consulted per question */

struct asst_proc {
    char *code;
    char *name;
    char *field;                  /* "" when unknown */
    char *name_folded;            /* for variant rules */
    uint32_t field_id;            /* dense id of field */
    uint32_t variants;            /* bit i: lexicon variant i applies to the name */
    enum proc_online_level online;
    bool online_channel;          /* the record lists an online channel */
};

struct asst_faq {
    int64_t id;                   /* assistant_faq.id; 0 in the evaluation */
    char *question;               /* the first variant, as written */
    char *answer;                 /* NULL when the entry only links procedures */
    uint32_t *procs;              /* indexes into asst_kb.procs */
    size_t nprocs;
};

struct asst_kb {
    struct asst_lexicon lx;
    struct asst_vocab vocab;
    struct asst_index pidx;       /* procedures, BM25F */
    struct asst_index nidx;       /* procedure names, cosine */
    struct asst_proc *procs;
    size_t nprocs;
    size_t procs_cap;             /* entries allocated (core/array.h) */
    struct strmap codes;          /* code -> index in procs */
    struct strmap fields;         /* field -> field id */
    struct asst_index fidx;       /* FAQ question variants, cosine */
    uint32_t *fdoc_faq;           /* FAQ index document -> index in faqs */
    size_t nfdocs;
    size_t fdoc_faq_cap;          /* entries allocated */
    struct asst_faq *faqs;
    size_t nfaqs;
    size_t faqs_cap;              /* entries allocated */
    bool ready;                   /* procedures and FAQ finished */
};

/* One ranked procedure. */
struct asst_hit {
    uint32_t proc;                /* index into asst_kb.procs */
    double score;                 /* combined score, higher is better */
    double name_sim;              /* cosine of the question and the name, 0..1 */
    double faq_sim;               /* best cosine of a FAQ question linked to it */
};

struct asst_ranking {
    struct asst_hit hits[ASST_TOP];   /* best first */
    size_t n;
    long faq_best;                /* index into faqs of the closest FAQ, or -1 */
    double faq_best_sim;          /* its cosine */
    size_t nterms;                /* known terms of the question */
};

/*
 * Set up an empty knowledge base and load the lexicon (asst_lexicon_load).
 * Returns MC_OK or the loader's status; release with asst_kb_release()
 * in any case.
 */
enum mc_status asst_kb_init(struct asst_kb *kb) MC_WARN_UNUSED;
void asst_kb_release(struct asst_kb *kb);

/*
 * Add one procedure (copied).  Call before asst_kb_finish_procedures().
 * A code already present is ignored.  Returns MC_OK or MC_ERR_INVALID for
 * text that is not UTF-8.
 */
enum mc_status asst_kb_add_procedure(struct asst_kb *kb, const struct procedure *p)
    MC_WARN_UNUSED;
/* Finish the procedure indexes; then FAQ entries may be added. */
void asst_kb_finish_procedures(struct asst_kb *kb);

/* Drop every FAQ entry (keeps procedures); then add and finish again. */
void asst_kb_faq_reset(struct asst_kb *kb);

/*
 * Add one FAQ entry: question variants (nq >= 1, copied), an answer (may
 * be NULL) and linked procedure codes (codes not in the catalogue are
 * skipped).  Returns the entry's index.
 */
size_t asst_kb_add_faq(struct asst_kb *kb, int64_t id, const char *const *questions,
                       size_t nq, const char *answer, const char *const *codes,
                       size_t ncodes);
/* Finish the FAQ index; the knowledge base is then ready for asst_kb_rank(). */
void asst_kb_finish_faq(struct asst_kb *kb);

/* Index of code in procs, or -1. */
long asst_kb_find(const struct asst_kb *kb, const char *code);

/*
 * Rank procedures and FAQ entries for an analysed question (asst_analyse
 * with question true).  Read-only; safe in many threads at once.
 */
void asst_kb_rank(const struct asst_kb *kb, const struct asst_text *q,
                  struct asst_ranking *out);

/*
 * Fill kb (initialised, empty) from the database: every procedure of the
 * catalogue (catalog.h), the FAQ entries and the admins' synonym and
 * abbreviation rules (assistant tables).  Returns MC_OK, MC_ERR_DB, or
 * MC_ERR_INTERNAL when a stored procedure cannot be read.
 */
enum mc_status asst_kb_load(struct asst_kb *kb, struct db *db) MC_WARN_UNUSED;

/*
 * A cheap fingerprint of what asst_kb_load() reads (catalogue and
 * assistant tables), to tell whether a loaded base is stale.
 */
enum mc_status asst_kb_stamp(struct db *db, char *out, size_t size) MC_WARN_UNUSED;

#endif
