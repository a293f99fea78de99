/*
 * access_log.h - the access log citizens read: who (name and agency), when
 * and what, for every staff view of and action on a citizen's dossier,
 * vault document or feedback item.
 *
 * DESIGN
 * - Tamper-evident: row n stores prev_hash (row n-1's hash) and hash =
 *   hex SHA-256 over prev_hash and every field of row n (each field
 *   length-prefixed, so no two rows hash alike by moving a separator).
 *   Changing, removing or reordering any row breaks every hash after it;
 *   access_log_verify() finds the first broken row.
 * - Anchored: every ACCESS_LOG_ANCHOR_EVERY rows the append also writes an
 *   audit row "access_log.anchor" (object "access_log:<id>", detail the
 *   hash), so rewriting the whole chain from some row on still disagrees
 *   with the audit log; access_log_verify() checks the anchors too.
 * - Appends are serialised by the one row of access_log_head (its update
 *   takes the write lock on SQLite and the row lock on PostgreSQL), and
 *   happen in the caller's transaction or their own.
 * - Only staff touching a citizen's data is logged: the citizen's own
 *   views are not (they are not news to them), nor the system's.
 */
#ifndef MC_AUDIT_ACCESS_LOG_H
#define MC_AUDIT_ACCESS_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/db.h"

#define ACCESS_LOG_ANCHOR_EVERY 64
#define ACCESS_LOG_HASH_HEX 65      /* hex SHA-256 and the NUL */
#define ACCESS_LOG_TEXT_MAX 256     /* bytes of a name, an agency, an action or a ref */

/* One access, as the caller describes it (strings borrowed). */
struct access_event {
    int64_t subject_id;      /* the citizen whose data it is (users.id) */
    int64_t actor_id;        /* the officer (users.id) */
    const char *actor_name;  /* full name, as the citizen will read it */
    const char *agency_name; /* the officer's agency, "" when none */
    const char *action;      /* "view", "download", "act:<dossier action>" */
    const char *kind;        /* "dossier", "vault", "feedback" */
    const char *ref;         /* dossier code; "<code>/<file id>" for a file of it (a vault
                                document the citizen reused); feedback code */
};

/*
 * Append one row, with its anchor when due, in its own transaction (the
 * pages call it after they read).  MC_ERR_INVALID for a missing field or
 * a field over ACCESS_LOG_TEXT_MAX; MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status access_log_append(struct db *db, const struct access_event *ev)
    MC_WARN_UNUSED;

/* A row as read back. */
struct access_entry {
    int64_t id;
    int64_t at;
    char actor_name[ACCESS_LOG_TEXT_MAX];
    char agency_name[ACCESS_LOG_TEXT_MAX];
    char action[ACCESS_LOG_TEXT_MAX];
    char kind[16];
    char ref[ACCESS_LOG_TEXT_MAX];
};

/*
 * The newest rows about subject_id, newest first (at most max; *n gets
 * the count); ref, when not NULL, keeps that object's rows and those of
 * its files ("<ref>/...").
 */
enum mc_status access_log_for(struct db *db, int64_t subject_id, const char *ref,
                              struct access_entry *out, size_t max, size_t *n)
    MC_WARN_UNUSED;

/* What access_log_verify() found. */
struct access_verdict {
    int64_t rows;            /* rows checked */
    int64_t anchors;         /* anchors checked */
    int64_t first_bad;       /* id of the first row that breaks the chain; 0 = none */
    char problem[256];       /* Vietnamese, "" when the chain holds */
};

/*
 * Recompute the whole chain and check the head and every anchor.  MC_OK
 * whether or not the chain holds (see out->first_bad and out->problem);
 * MC_ERR_DB when it cannot be read.
 */
enum mc_status access_log_verify(struct db *db, struct access_verdict *out) MC_WARN_UNUSED;

/* Vietnamese for the citizen: "Xem hồ sơ", "Tải tệp", "Tiếp nhận hồ sơ" ... */
const char *access_log_action_label(const char *action, const char *kind);

#endif
