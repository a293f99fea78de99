/*
 * eval.h - `motcua assistant eval`: cross-validated accuracy of the
 * assistant's procedure matching against two BM25 baselines measured in
 * the same run (tools/eval-assistant/run.sh, `make eval-assistant`).
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
 * Prints top-1, top-3 and p99 latency per method.
 */
#ifndef MC_ASSISTANT_EVAL_H
#define MC_ASSISTANT_EVAL_H

#include "core/db.h"

/*
 * Run the evaluation on db's catalogue.  argv: QUESTIONS.csv
 * [--folds N] [--stopwords FILE] [--verbose].  Prints the table to stdout.
 * Returns the process exit code (0 ok, 1 failure, 2 usage).
 */
int asst_eval_main(struct db *db, int argc, char **argv);

#endif
