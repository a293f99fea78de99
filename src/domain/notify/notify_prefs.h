/*
 * notify_prefs.h - what people choose about the messages they get
 * (Nghị định 13/2023 on personal data: a purpose, consent recorded with
 * its time and source, withdrawal as easy as giving it).
 *
 * Transactional messages (about a person's own dossier, feedback or
 * account) always go.  Outreach (notify_opts.outreach: campaigns,
 * invitations) goes only to people who have not opted out, never in
 * their quiet hours (default 21:00-07:00, local time: held until the end)
 * and at most weekly_cap a week.  Opting out works three ways: the
 * account page (/tai-khoan), the signed link in every outreach message
 * (/tu-choi-tin) and an SMS keyword sent back to the brandname (the
 * gateway's MO callback).  The last two know only an address, so they
 * are kept by keyed hash (notify_addr_hash()), not the address itself.
 *
 * Thread-safety: as notify.h.
 */
#ifndef MC_NOTIFY_PREFS_H
#define MC_NOTIFY_PREFS_H

#include <stdbool.h>
#include <stdint.h>
#include "core/db.h"
#include "domain/notify/notify.h"

struct notify_prefs {
    char channel[8];     /* "", "zalo", "sms", "email": preferred for transactional messages */
    bool zalo_linked;    /* the person confirmed their phone number receives Zalo */
    bool opt_out;        /* no outreach messages */
    int quiet_start;     /* minutes after local midnight, 0..1439 */
    int quiet_end;
    int weekly_cap;      /* outreach messages a week, 0..50 */
};

/* The defaults: no preference, not linked, outreach allowed, 21:00-07:00, 2 a week. */
void notify_prefs_default(struct notify_prefs *p);

/* The choices of user_id (the defaults when none were saved).  MC_OK or MC_ERR_DB. */
enum mc_status notify_prefs_get(struct db *db, int64_t user_id, struct notify_prefs *out)
    MC_WARN_UNUSED;

/*
 * Save the choices of user_id (call inside a db_tx); a change of opt_out is
 * recorded as consent withdrawn or given, with source ("web").  Returns
 * MC_OK, MC_ERR_INVALID for out-of-range values, MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status notify_prefs_set(struct db *db, int64_t user_id, const struct notify_prefs *p,
                                const char *source) MC_WARN_UNUSED;

/*
 * Refuse outreach to the address whose notify_addr_hash() is addr_hash
 * (call inside a db_tx); source "link" or "sms-keyword".  Idempotent.
 */
enum mc_status notify_optout_add(struct db *db, const char *addr_hash, const char *source)
    MC_WARN_UNUSED;
/*
 * Record the consent to outreach that an imported list gave for the
 * address of addr_hash (source "import", now; call inside a db_tx).
 * MC_OK or MC_ERR_DB.
 */
enum mc_status notify_consent_imported(struct db *db, const char *addr_hash) MC_WARN_UNUSED;
/* Whether the address of addr_hash opted out (*out).  MC_OK or MC_ERR_DB. */
enum mc_status notify_optout_has(struct db *db, const char *addr_hash, bool *out)
    MC_WARN_UNUSED;

/*
 * Whether an incoming SMS's text asks to stop outreach: "TC", "TU CHOI",
 * "TỪ CHỐI", "HUY", "STOP" (any case, surrounding spaces ignored).
 */
bool notify_is_stop_keyword(const char *text);

#endif
