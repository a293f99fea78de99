/*
 * feedback-int.h - internals shared by the .c files of the feedback
 * module.  Nothing outside src/feedback includes this.
 */
#ifndef MC_FEEDBACK_INT_H
#define MC_FEEDBACK_INT_H

#include "domain/feedback/feedback.h"
#include "core/search.h"

/*
 * The public search over the folded published text (feedback_fts, 0007):
 * id = feedback.id; title weighs 3, question and answer 1.
 */
extern struct search_index feedback_index_published;

/* Statuses in which an item waits for its agency. */
#define FEEDBACK_OPEN_SQL "('triage', 'received', 'assigned', 'drafted')"

/*
 * The deadline amount working days after t on the province calendar (the
 * one place to load calendar overrides from the database once they are
 * stored).  Returns MC_ERR_INVALID for a time out of range.
 */
enum mc_status feedback_due(struct db *db, int64_t t, int amount, int64_t *out)
    MC_WARN_UNUSED;

/* When a submission at t counts as received (next office time). */
enum mc_status feedback_receive_time(struct db *db, int64_t t, int64_t *out) MC_WARN_UNUSED;

/* The resolve deadline moved by the working time in [from, to). */
enum mc_status feedback_due_after_pause(struct db *db, int64_t due, int64_t from, int64_t to,
                                        int64_t *out) MC_WARN_UNUSED;

/* A copy of a column ("" for NULL); the caller frees it. */
char *feedback_col_dup(struct db_stmt *st, int col);

/* Format t as "HH:MM ngày dd/mm/yyyy" (vnfmt_datetime) into out (VNFMT_SIZE bytes). */
void feedback_format_time(int64_t t, char *out, size_t size);

#endif
