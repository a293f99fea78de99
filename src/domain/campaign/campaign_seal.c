/*
 * campaign_seal.c - the audiences' addresses (phone or email of each
 * recipient) sealed at rest under the data key (core/seal.h, migration
 * 0031).  The table's key is (campaign_id, seq); the resealer walks it by
 * one number, campaign_id * 1000000000 + seq, which an index of
 * that expression keeps ordered.
 */
#include "core/db.h"
#include "core/seal_rows.h"
#include "domain/campaign/campaign.h"

/* One number per row: recipients of a campaign are numbered 1..size, below 10^9. */
#define ROW_NUMBER "(campaign_id * 1000000000 + seq)"

static const struct db_query Q_ROWS = {
    "campaign.seal_rows",
    "SELECT " ROW_NUMBER ", recipient FROM campaign_recipients WHERE " ROW_NUMBER " > ?1"
    " AND (?2 = 1 OR recipient NOT LIKE 'enc1:%') ORDER BY " ROW_NUMBER " LIMIT ?3",
};
static const struct db_query Q_SET = {
    "campaign.seal_set",
    "UPDATE campaign_recipients SET recipient = ?2"
    " WHERE campaign_id = CAST(?1 AS BIGINT) / 1000000000"
    " AND seq = CAST(?1 AS BIGINT) % 1000000000",
};

static const struct seal_rows rows = {
    "campaign_recipients", &Q_ROWS, &Q_SET, 1, {NULL},
};

enum mc_status campaign_reseal(struct db *db, bool all, size_t *changed)
{
    return seal_rows_run(db, &rows, all, changed);
}
