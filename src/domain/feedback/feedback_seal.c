/*
 * feedback_seal.c - a feedback sender's email and phone sealed at rest
 * (core/seal.h), and one-time contact codes kept under the contact's blind
 * index, never the contact (migration 0023).
 */
#include "core/db.h"
#include "core/seal_rows.h"
#include "domain/feedback/feedback.h"

static const struct db_query Q_ROWS = {
    "feedback.seal_rows",
    "SELECT id, sender_email, sender_phone FROM feedback WHERE id > ?1 AND (?2 = 1"
    " OR (sender_email <> '' AND sender_email NOT LIKE 'enc1:%')"
    " OR (sender_phone <> '' AND sender_phone NOT LIKE 'enc1:%')) ORDER BY id LIMIT ?3",
};
static const struct db_query Q_SET = {
    "feedback.seal_set",
    "UPDATE feedback SET sender_email = ?2, sender_phone = ?3 WHERE id = ?1",
};
/* Codes written when they kept the contact itself: a blind index is 32 hex digits. */
static const struct db_query Q_OLD_CODES = {
    "feedback.codes_plain",
    "DELETE FROM contact_codes WHERE contact LIKE '%@%' OR length(contact) <> 32",
};

static const struct seal_rows rows = {
    "feedback", &Q_ROWS, &Q_SET, 2, {NULL, NULL},
};

enum mc_status feedback_reseal(struct db *db, bool all, size_t *changed)
{
    int64_t dropped = 0;
    enum mc_status rc = seal_rows_run(db, &rows, all, changed);
    if (rc == MC_OK)
        rc = db_run(db, &Q_OLD_CODES, &dropped, "");
    if (rc == MC_OK)
        *changed += (size_t)dropped;
    return rc;
}
