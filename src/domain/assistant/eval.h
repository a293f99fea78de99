/*
 * eval.h - cross-validated accuracy of the assistant's procedure matching
 * against two BM25 baselines measured in the same run, behind `motcua
 * assistant eval` (its command-line front: cli/assistant_cli.c;
 * tools/eval-assistant/run.sh, `make eval-assistant`).
 *
 * DESIGN (docs/assistant.md, "Evaluation")
 * - Knowledge: every procedure of the catalogue in the database.
 * - Questions: a citizen-question CSV (question, related_links); rows are
 *   merged by folded question, and only questions with at least one
 *   linked code in the catalogue are kept.  A hit is any linked code.
 * - Folds: FNV-1a of the folded question mod the fold count, so the split
 *   is deterministic and a repeated question never straddles two folds.
 *   For fold k the FAQ holds the questions of the other folds only.
 * - Baselines, in an in-memory SQLite with FTS5: (a) bm25 over the folded
 *   procedure names without stopwords; (b) weighted bm25 over folded name,
 *   field, result, documents and steps with syllable pairs added, without
 *   and with the other folds' questions added to each linked procedure.
 * Reports top-1, top-3 and p99 latency per method; printing is the
 * caller's.
 */
#ifndef MC_ASSISTANT_EVAL_H
#define MC_ASSISTANT_EVAL_H

#include <stddef.h>
#include <stdio.h>
#include "core/db.h"
#include "core/errors.h"
#include "core/import_report.h"

#define ASST_EVAL_METHODS 4         /* (a), (b), (b) + other folds' questions, ours */
#define ASST_EVAL_FOLDS_DEFAULT 5   /* folds when the caller has no preference */
#define ASST_EVAL_FOLDS_MAX 20      /* folds at most (2 at least) */

/* What to evaluate.  Pointers are borrowed. */
struct asst_eval_config {
    const char *questions_path;   /* the citizen-question CSV */
    unsigned folds;               /* 2..ASST_EVAL_FOLDS_MAX */
    const char *stopwords;        /* the baselines' stopword list, or NULL for the
                                     built-in data/assistant/stopwords.txt */
    size_t stopwords_len;         /* bytes of stopwords */
    FILE *trace;                  /* each question of ours, OK or MISS, or NULL */
};

/* The result of one method. */
struct asst_eval_method {
    const char *name;             /* Vietnamese, static */
    size_t n;                     /* questions asked */
    size_t top1, top3;            /* hits first / in the first three */
    double p99_ms;                /* 99th percentile latency of one question */
};

/* The whole run. */
struct asst_eval_report {
    size_t questions;             /* questions with a linked code in the catalogue */
    size_t procedures;            /* procedures in the knowledge */
    unsigned folds;
    double load_seconds;          /* loading the catalogue into both indexes */
    struct asst_eval_method methods[ASST_EVAL_METHODS];   /* in the order above */
};

/*
 * Run the evaluation on db's catalogue.  OUT *out.  rep (initialised by the
 * caller) gets the reasons the question file was refused, line by line.
 * Returns MC_OK; MC_ERR_INVALID (folds out of range, a bad stopword list or
 * question file; errs says which); MC_ERR_NOT_FOUND (an empty catalogue, or
 * an unreadable question file); MC_ERR_DB.  Not thread-safe (one run at a
 * time per db).
 */
enum mc_status asst_eval_run(struct db *db, const struct asst_eval_config *c,
                             struct asst_eval_report *out, struct import_report *rep,
                             struct form_errors *errs) MC_WARN_UNUSED;

#endif
