/*
 * dossier_change.c - the table of listeners to dossier changes, the
 * announcement, and the rating a citizen records (see dossier_change.h).
 */
#include <string.h>
#include "core/log.h"
#include "domain/dossier/dossier-int.h"

struct listener {
    const char *name;         /* for logs */
    dossier_listener_fn fn;   /* never NULL for i < nlisteners */
    void *arg;
};

/* Written only while single-threaded (dossier_change.h), read by every thread after. */
static struct listener listeners[DOSSIER_LISTENERS_MAX];
static size_t nlisteners;

static const struct db_query Q_SET_RATING = {
    "dossier.set_rating", "UPDATE dossiers SET rating = ?2 WHERE id = ?1",
};

enum mc_status dossier_listen(const char *name, dossier_listener_fn fn, void *arg)
{
    enum mc_status rc = MC_OK;
    for (size_t i = 0; i < nlisteners; i++)
        if (listeners[i].fn == fn && listeners[i].arg == arg)
            goto out;
    if (!fn) {
        rc = MC_ERR_INVALID;
        goto out;
    }
    if (nlisteners == DOSSIER_LISTENERS_MAX) {
        log_error("dossier listener table full, %s not registered", name ? name : "?");
        rc = MC_ERR_TOO_LARGE;
        goto out;
    }
    listeners[nlisteners].name = name ? name : "";
    listeners[nlisteners].fn = fn;
    listeners[nlisteners].arg = arg;
    nlisteners++;
out:
    return rc;
}

void dossier_listeners_clear(void)
{
    memset(listeners, 0, sizeof(listeners));
    nlisteners = 0;
}

size_t dossier_listener_count(void)
{
    return nlisteners;
}

enum dossier_change_kind dossier_change_kind_of(enum dossier_action a)
{
    switch (a) {
    case DOSSIER_ACT_SUBMIT:
    case DOSSIER_ACT_INTAKE:
        return DOSSIER_CHANGE_CREATED;
    case DOSSIER_ACT_REQUEST_SUPPLEMENT:
        return DOSSIER_CHANGE_SUPPLEMENT_REQUESTED;
    case DOSSIER_ACT_SUPPLEMENT:
        return DOSSIER_CHANGE_SUPPLEMENT_ANSWERED;
    case DOSSIER_ACT_APPROVE:
        return DOSSIER_CHANGE_RESULT;
    case DOSSIER_ACT_RETURN:
        return DOSSIER_CHANGE_RATING_DUE;
    default:
        return DOSSIER_CHANGE_TRANSITION;
    }
}

const char *dossier_change_kind_name(enum dossier_change_kind k)
{
    static const char *const names[] = {
        "created", "transition", "supplement_requested", "supplement_answered",
        "result", "rating_due", "rated", "bulk",
    };
    return (size_t)k < MC_ARRAY_LEN(names) ? names[k] : "";
}

enum mc_status dossier_announce(struct db *db, const struct dossier_change *c)
{
    enum mc_status rc = MC_OK;
    for (size_t i = 0; rc == MC_OK && i < nlisteners; i++) {
        rc = listeners[i].fn(db, c, listeners[i].arg);
        if (rc != MC_OK)
            log_warn("dossier listener %s refused a %s change: %s", listeners[i].name,
                     dossier_change_kind_name(c->kind), mc_status_name(rc));
    }
    return rc;
}

enum mc_status dossier_announce_action(struct db *db, const struct dossier *d,
                                       enum dossier_action a, int from_status,
                                       const char *note)
{
    struct dossier_change c = {
        .kind = dossier_change_kind_of(a), .d = d, .from_status = from_status,
        .action = (int)a, .note = note,
    };
    return dossier_announce(db, &c);
}

struct rating_ctx {
    int64_t id;
    int verdict;
};

static enum mc_status rating_tx(struct db *db, void *arg)
{
    const struct rating_ctx *r = arg;
    struct dossier d;
    int64_t changed = 0;
    enum mc_status rc;
    dossier_init(&d);
    if ((rc = db_run(db, &Q_SET_RATING, &changed, "ii", r->id, (int64_t)r->verdict)) != MC_OK)
        goto out;
    if (changed == 0) {
        rc = MC_ERR_NOT_FOUND;
        goto out;
    }
    if ((rc = dossier_load(db, r->id, &d)) == MC_OK) {
        struct dossier_change c = {
            .kind = DOSSIER_CHANGE_RATED, .d = &d, .from_status = d.status, .action = -1,
        };
        rc = dossier_announce(db, &c);
    }
out:
    dossier_release(&d);
    return rc;
}

enum mc_status dossier_record_rating(struct db *db, int64_t id, int verdict)
{
    struct rating_ctx r = {id, verdict};
    if (verdict < NAT_VERDICT_VERY_SATISFIED || verdict > NAT_VERDICT_MAX)
        return MC_ERR_INVALID;
    return db_tx(db, rating_tx, &r);   /* nested in the caller's transaction, if any */
}
