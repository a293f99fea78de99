/*
 * notify_seal.c - the outbox's addresses sealed at rest: the recipient
 * (with its blind index, which the weekly cap compares) and the fallback
 * addresses (core/seal.h, migration 0023).  Opened at send time.
 */
#include "core/db.h"
#include "core/seal_rows.h"
#include "domain/notify/notify.h"

static const struct db_query Q_ROWS = {
    "notify.seal_rows",
    "SELECT id, recipient, fallback FROM notify_outbox WHERE id > ?1 AND (?2 = 1"
    " OR recipient NOT LIKE 'enc1:%' OR recipient_bidx IS NULL"
    " OR (fallback <> '' AND fallback NOT LIKE 'enc1:%')) ORDER BY id LIMIT ?3",
};
static const struct db_query Q_SET = {
    "notify.seal_set",
    "UPDATE notify_outbox SET recipient = ?2, fallback = ?3, recipient_bidx = ?4 WHERE id = ?1",
};

static const struct seal_rows rows = {
    "notify_outbox", &Q_ROWS, &Q_SET, 2, {"recipient", NULL},
};

enum mc_status notify_reseal(struct db *db, bool all, size_t *changed)
{
    return seal_rows_run(db, &rows, all, changed);
}
