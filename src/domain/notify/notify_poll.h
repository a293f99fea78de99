/*
 * notify_poll.h - delivery receipts by polling, for gateways that answer a
 * status query (struct notify_provider.status; eSMS's GetSendStatus).
 *
 * A message still "sent" NOTIFY_POLL_DELAY seconds after a gateway took
 * it (a callback had its chance) is asked about; the answer is recorded
 * like a callback receipt (notify_receipt(): stored once, the latest wins,
 * a failure queues the fallback channel).  A message still on its way is
 * asked again NOTIFY_POLL_EVERY seconds later, until it is delivered,
 * failed, or becomes "unknown" (72 hours without a receipt).  For a row in
 * state 'sent', next_attempt_at holds when it is next asked.
 *
 * Thread-safety: as notify.h.
 */
#ifndef MC_NOTIFY_POLL_H
#define MC_NOTIFY_POLL_H

#include "domain/notify/notify.h"

#define NOTIFY_POLL_DELAY 300    /* seconds after sending before the first question */
#define NOTIFY_POLL_EVERY 900    /* seconds between questions while still on its way */
#define NOTIFY_POLL_BATCH 50     /* messages one notify_poll() call asks about */

/* What one notify_poll() call did. */
struct notify_poll_result {
    int asked;        /* status queries answered */
    int delivered;    /* messages now delivered */
    int failed;       /* messages now failed (fallback queued) */
};

/*
 * Ask cfg's gateways about up to NOTIFY_POLL_BATCH messages that are due
 * and record what they say; out (may be NULL) gets the counts.  A gateway
 * that cannot be asked leaves its messages for the next round.
 * Returns MC_OK, or MC_ERR_DB / MC_ERR_BUSY when the outbox cannot be
 * read or updated.
 */
enum mc_status notify_poll(struct db *db, const struct notify_config *cfg,
                           struct notify_poll_result *out) MC_WARN_UNUSED;

#endif
