/*
 * dossier_change.h - what the dossier module announces, and the table of
 * listeners that hear it: the 766 counters, the invitation to rate, the
 * applicant's notices, and whatever module reacts to dossiers next.
 *
 * DESIGN (docs/internals/dossier.md, "Changes and listeners")
 * - The dossier module never includes the modules that react to it
 *   (index766, rating, ...): they sit above it.  Instead, every change to
 *   a dossier row is announced to the listeners registered here, from the
 *   one place that wires the program (src/app/wire.h).  The domain stays
 *   a tree.
 * - A listener is called inside the transaction of the change, after the
 *   dossier row, its history event and its audit row are written, with
 *   the caller's connection.  What it writes commits or rolls back with
 *   the change; when it returns an error the whole change fails with that
 *   status and nothing of it is kept.
 * - Listeners run in the order they were registered; the first failure
 *   stops the others.  No listener registered: the change is made all
 *   the same (unit tests of the dossier module alone, tools).
 * - One announcement per change.  Its kind says what happened; listeners
 *   that care about any change (the 766 counters) handle every kind.
 *
 * Thread-safety: register every listener while the program is still
 * single-threaded (start-up, a test's set-up); afterwards the table is only
 * read, from any thread.
 */
#ifndef MC_DOSSIER_CHANGE_H
#define MC_DOSSIER_CHANGE_H

#include <stddef.h>
#include <stdint.h>
#include "core/db.h"
#include "domain/dossier/dossier.h"

#define DOSSIER_LISTENERS_MAX 16   /* listeners the table holds */

/* What happened to a dossier (or to many). */
enum dossier_change_kind {
    DOSSIER_CHANGE_CREATED,              /* lodged online, or received at the counter or by
                                            post (actions submit, intake) */
    DOSSIER_CHANGE_TRANSITION,           /* any other action of the table, and a payment
                                            confirmed by the payment module */
    DOSSIER_CHANGE_SUPPLEMENT_REQUESTED, /* request_supplement: the clock stops */
    DOSSIER_CHANGE_SUPPLEMENT_ANSWERED,  /* supplement: the applicant answered, the clock
                                            resumes */
    DOSSIER_CHANGE_RESULT,               /* approve: the result exists (status 9) */
    DOSSIER_CHANGE_RATING_DUE,           /* return: the result was handed over, the
                                            applicant may rate from now on */
    DOSSIER_CHANGE_RATED,                /* the applicant's verdict (DanhGia) was recorded */
    DOSSIER_CHANGE_BULK,                 /* many dossiers created or changed at once (an
                                            import): ids, no single dossier */
};

/* One announcement.  Everything is borrowed for the duration of the call. */
struct dossier_change {
    enum dossier_change_kind kind;
    const struct dossier *d;    /* the dossier as stored after the change; NULL for BULK */
    int from_status;            /* enum nat_status before the change; 0 when created */
    int action;                 /* enum dossier_action performed; -1 for RATED and BULK */
    const char *note;           /* the officer's note (reason, what is missing), or NULL */
    const int64_t *ids;         /* BULK: the ids of the dossiers created or changed */
    size_t nids;                /* BULK: entries in ids (may be 0) */
};

/*
 * A listener: called inside the change's transaction with its connection.
 * Returns MC_OK to let the change commit, or the status that fails it.
 */
typedef enum mc_status (*dossier_listener_fn)(struct db *db, const struct dossier_change *c,
                                              void *arg);

/*
 * Add fn (with its arg, passed back on every call) at the end of the
 * table.  name is for logs ("index766"), static.  Registering the same fn
 * and arg again changes nothing, so wiring twice is harmless.
 * Returns MC_OK, or MC_ERR_TOO_LARGE when DOSSIER_LISTENERS_MAX are
 * registered already.  Not thread-safe (see above).
 */
enum mc_status dossier_listen(const char *name, dossier_listener_fn fn, void *arg)
    MC_WARN_UNUSED;

/* Empty the table (tests that run a dossier without listeners).  Not thread-safe. */
void dossier_listeners_clear(void);

/* Number of listeners registered. */
size_t dossier_listener_count(void);

/*
 * The kind an action of the table announces: submit and intake CREATED,
 * request_supplement SUPPLEMENT_REQUESTED, supplement SUPPLEMENT_ANSWERED,
 * approve RESULT, return RATING_DUE, every other action TRANSITION.
 */
enum dossier_change_kind dossier_change_kind_of(enum dossier_action a);

/* A short stable name of a kind for logs ("created", "rating_due"); "" out of range. */
const char *dossier_change_kind_name(enum dossier_change_kind k);

/*
 * Record the applicant's verdict (enum nat_verdict, 1..3) as dossier id's
 * DanhGia and announce DOSSIER_CHANGE_RATED, in one transaction (nested in
 * the caller's: the rating module calls it where it stores the rating
 * itself).  The
 * dossier's version is not bumped: a rating never conflicts with an
 * officer's action.  Returns MC_OK; MC_ERR_INVALID for a verdict out of
 * range; MC_ERR_NOT_FOUND; MC_ERR_DB; or a listener's failure.
 */
enum mc_status dossier_record_rating(struct db *db, int64_t id, int verdict) MC_WARN_UNUSED;

/*
 * The listener that tells the applicant what happened (dossier_notify.c):
 * a supplement request with what is missing, a fee to pay, a refusal or a
 * stop with the reason, an apology with the new date, the result being
 * ready.  The message is queued in the outbox (notify.h) in the change's
 * transaction.  Other changes, imported dossiers and applicants without
 * a contact: nothing.  arg is unused.
 */
enum mc_status dossier_notify_on_change(struct db *db, const struct dossier_change *c,
                                        void *arg) MC_WARN_UNUSED;

#endif
