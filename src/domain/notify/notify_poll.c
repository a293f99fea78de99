/* notify_poll.c - delivery receipts by status query (see notify_poll.h). */
#include <stdio.h>
#include <string.h>
#include "domain/notify/notify_poll.h"
#include "core/clock.h"
#include "core/log.h"

/* Rows no gateway can be asked about wait for a callback or "unknown" (72 hours). */
#define NOTIFY_POLL_NEVER (72 * 3600)

/* Sent rows whose question is due (?1: sent before, ?2: now), oldest question first. */
static const struct db_query Q_POLL_DUE = {
    "notify.poll_due",
    "SELECT id, provider, provider_ref FROM notify_outbox WHERE state = 'sent'"
    " AND next_attempt_at <= ?2 AND channel <> 'email' AND provider <> ''"
    " AND provider_ref <> '' AND sent_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?3",
};
static const struct db_query Q_POLL_LATER = {
    "notify.poll_later",
    "UPDATE notify_outbox SET next_attempt_at = ?2 WHERE id = ?1 AND state = 'sent'",
};

struct poll_row {
    int64_t id;
    char provider[32];
    char ref[96];
};

/* The gateway of cfg called name, or NULL. */
static const struct notify_provider *provider_named(const struct notify_config *cfg,
                                                    const char *name)
{
    const struct notify_provider *first[] = {cfg->sms, cfg->zalo};
    const struct notify_provider *const *more[] = {cfg->sms_more, cfg->zalo_more};
    for (size_t i = 0; i < 2; i++) {
        if (first[i] && strcmp(first[i]->name, name) == 0)
            return first[i];
        for (size_t k = 0; more[i] && more[i][k]; k++)
            if (strcmp(more[i][k]->name, name) == 0)
                return more[i][k];
    }
    return NULL;
}

struct answer_tx {
    const struct poll_row *row;
    enum notify_receipt_status status;
    const char *says;
};

static enum mc_status answer_tx(struct db *db, void *arg)
{
    struct answer_tx *a = arg;
    bool dup = false;
    enum mc_status rc = notify_receipt(db, a->row->provider, a->row->ref, NULL, a->status,
                                       a->says, &dup);
    if (rc == MC_OK && a->status == NOTIFY_RCPT_PENDING)
        rc = db_run(db, &Q_POLL_LATER, NULL, "ii", a->row->id, clock_now() + NOTIFY_POLL_EVERY);
    return rc;
}

enum mc_status notify_poll(struct db *db, const struct notify_config *cfg,
                           struct notify_poll_result *out)
{
    struct poll_row rows[NOTIFY_POLL_BATCH];
    struct notify_poll_result res = {0, 0, 0};
    struct db_stmt *st = NULL;
    size_t n = 0;
    int64_t now = clock_now();
    enum mc_status rc = db_query_start(db, &Q_POLL_DUE, &st, "iii", now - NOTIFY_POLL_DELAY,
                                       now, (int64_t)NOTIFY_POLL_BATCH);
    while (n < NOTIFY_POLL_BATCH && db_next(st, &rc)) {
        rows[n].id = db_col_int64(st, 0);
        db_col_copy(st, 1, rows[n].provider, sizeof(rows[n].provider));
        db_col_copy(st, 2, rows[n].ref, sizeof(rows[n].ref));
        n++;
    }
    db_done(st);
    for (size_t i = 0; rc == MC_OK && i < n; i++) {
        const struct notify_provider *p = provider_named(cfg, rows[i].provider);
        char says[200] = "", why[200] = "";
        struct answer_tx a = {&rows[i], NOTIFY_RCPT_PENDING, says};
        if (!p || !p->status) {   /* nobody to ask: a callback or "unknown" settles it */
            rc = db_run(db, &Q_POLL_LATER, NULL, "ii", rows[i].id,
                        now + NOTIFY_POLL_NEVER);
            continue;
        }
        if (p->status(p->ctx, rows[i].ref, &a.status, says, sizeof(says), why,
                      sizeof(why)) != MC_OK) {
            log_warn("outbox %lld: %s", (long long)rows[i].id, why);
            rc = db_run(db, &Q_POLL_LATER, NULL, "ii", rows[i].id, now + NOTIFY_POLL_EVERY);
            continue;
        }
        res.asked++;
        rc = db_tx(db, answer_tx, &a);
        if (rc == MC_OK && a.status == NOTIFY_RCPT_DELIVERED)
            res.delivered++;
        else if (rc == MC_OK && a.status == NOTIFY_RCPT_FAILED)
            res.failed++;
    }
    if (out)
        *out = res;
    return rc;
}
