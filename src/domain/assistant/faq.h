/*
 * faq.h - the assistant's curated knowledge in the database: FAQ entries
 * (question variants, answer, linked procedures), admins' synonym and
 * abbreviation rules, and the CSV import of `motcua import faq`.
 *
 * DESIGN
 * - An entry is keyed by the folded text of its first question, so
 *   importing the same file twice (or a file that repeats a question with
 *   a "Câu hỏi N :" prefix) merges instead of duplicating.
 * - Every write runs in db_tx() with an audit row and bumps
 *   assistant_version.n, which servers compare to rebuild their in-memory
 *   knowledge base (kb.h asst_kb_stamp).
 * - Import is all or nothing: every row is checked first; any rejected row
 *   means nothing is written and the report lists "dòng N: lý do".
 *
 * Thread-safety: functions use only the struct db passed in.
 */
#ifndef MC_ASSISTANT_FAQ_H
#define MC_ASSISTANT_FAQ_H

#include <stddef.h>
#include <stdint.h>
#include "domain/audit/audit.h"
#include "core/db.h"
#include "core/status.h"
#include "core/import_report.h"

#define ASST_FAQ_QUESTION_MAX 4000    /* bytes of one question */
#define ASST_FAQ_ANSWER_MAX 20000     /* bytes of an answer */
#define ASST_FAQ_VARIANTS_MAX 50      /* questions of one entry */
#define ASST_FAQ_CODES_MAX 50         /* linked procedures of one entry */
#define ASST_FAQ_ROWS_MAX 100000      /* rows of an import file */

/* One entry, all strings owned (freed by asst_faq_entry_release). */
struct asst_faq_entry {
    int64_t id;              /* 0 until stored */
    char **questions;        /* nquestions >= 1 for a valid entry */
    size_t nquestions;
    size_t questions_cap;    /* entries allocated */
    char *answer;            /* "" or NULL: no answer */
    char *topic;             /* may be NULL */
    char **codes;            /* linked procedure codes */
    size_t ncodes;
    size_t codes_cap;        /* entries allocated */
};

void asst_faq_entry_init(struct asst_faq_entry *e);
void asst_faq_entry_release(struct asst_faq_entry *e);
/* Append a copy of q (skipped when already there or over the limit). */
void asst_faq_entry_add_question(struct asst_faq_entry *e, const char *q);
/* Append a copy of code (skipped when already there or over the limit). */
void asst_faq_entry_add_code(struct asst_faq_entry *e, const char *code);

/*
 * Insert e, or merge it into the entry with the same first question
 * (new variants and codes added; a non-empty answer replaces the old).
 * source is "import", "admin" or "demo".  Runs in db_tx with an audit row
 * 'assistant.faq_save' (object "assistant_faq:ID").  *id (may be NULL)
 * gets the entry's id.  Returns MC_OK; MC_ERR_INVALID when e has no
 * question or a text is too long or not UTF-8; MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status asst_faq_save(struct db *db, const struct audit_actor *who,
                             const struct asst_faq_entry *e, const char *source,
                             int64_t *id) MC_WARN_UNUSED;

/* Delete entry id (audit 'assistant.faq_delete').  MC_ERR_NOT_FOUND if absent. */
enum mc_status asst_faq_delete(struct db *db, const struct audit_actor *who, int64_t id)
    MC_WARN_UNUSED;

/* Number of FAQ entries. */
enum mc_status asst_faq_count(struct db *db, int64_t *out) MC_WARN_UNUSED;

/*
 * Call fn for every stored entry, by id.  The entry passed is valid only
 * during the call.  Stops at the first status other than MC_OK and
 * returns it.
 */
enum mc_status asst_faq_each(struct db *db,
                             enum mc_status (*fn)(void *ctx, const struct asst_faq_entry *e),
                             void *ctx) MC_WARN_UNUSED;

/*
 * Store an admin's rule: kind "synonym" or "abbreviation", phrase ->
 * target (texts as typed; folded when loaded).  Replaces a rule for the
 * same phrase.  Audit 'assistant.rule_add'.  MC_ERR_INVALID for an
 * unknown kind, an empty side or text over 200 bytes.
 */
enum mc_status asst_rule_add(struct db *db, const struct audit_actor *who, const char *kind,
                             const char *phrase, const char *target) MC_WARN_UNUSED;

/* Call fn(ctx, kind, phrase, target) for every stored rule, oldest first. */
enum mc_status asst_rules_each(struct db *db,
                               enum mc_status (*fn)(void *ctx, const char *kind,
                                                    const char *phrase, const char *target),
                               void *ctx) MC_WARN_UNUSED;

/*
 * Read FAQ entries from a CSV file in one of the accepted layouts (found
 * from the header):
 *   - citizen questions: question, related_links (URLs with ma_thu_tuc=);
 *   - official answers: main_topic, question, answer ("Câu hỏi N :"
 *     prefixes removed, repeated questions merged);
 *   - motcua's own: question, answer, codes (space/comma separated),
 *     variants (other phrasings separated by '|').
 * Fills *out with *nout entries (caller releases each and frees the
 * array).  Rows are checked; problems go to rep as "dòng N: ..." and
 * rep->rejected is counted.  rep->read counts rows.
 * Returns MC_OK (check rep->rejected); MC_ERR_INVALID for a file without
 * a question column or with broken CSV; MC_ERR_IO / MC_ERR_NOT_FOUND when
 * the file cannot be read.
 */
enum mc_status asst_faq_read_csv(const char *path, struct import_report *rep,
                                 struct asst_faq_entry **out, size_t *nout) MC_WARN_UNUSED;
/* The same from memory (the demo's embedded file). */
enum mc_status asst_faq_read_csv_mem(const char *data, size_t len, struct import_report *rep,
                                     struct asst_faq_entry **out, size_t *nout)
    MC_WARN_UNUSED;

/*
 * Import the CSV at path all or nothing: asst_faq_read_csv, then when no
 * row was rejected, every entry saved as asst_faq_save() in one db_tx
 * with one audit row 'assistant.import_faq'.  rep gets created / updated
 * counts.  Returns MC_OK; MC_ERR_INVALID when rows were rejected (nothing
 * written); other statuses as asst_faq_read_csv and asst_faq_save.
 */
enum mc_status asst_faq_import(struct db *db, const struct audit_actor *who, const char *path,
                               const char *source, struct import_report *rep) MC_WARN_UNUSED;
/* The same for entries already read (the demo); takes nothing. */
enum mc_status asst_faq_import_entries(struct db *db, const struct audit_actor *who,
                                       const struct asst_faq_entry *entries, size_t n,
                                       const char *source, struct import_report *rep)
    MC_WARN_UNUSED;

/*
 * Load the demo's FAQ (embedded data/demo/faq.csv, source "demo") unless
 * the database already holds FAQ entries, so a second start changes
 * nothing.  Prints one line to stdout.  Returns MC_OK or a storage or
 * parse status.
 */
enum mc_status asst_faq_seed_demo(struct db *db) MC_WARN_UNUSED;

#endif
