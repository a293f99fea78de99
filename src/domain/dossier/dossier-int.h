/*
 * dossier-int.h - internals shared by the dossier_*.c files: the row
 * reader, the event and audit writers, the deadline computation and file
 * attachment.  Nothing outside src/dossier includes this.
 * Thread-safety: as dossier.h (caller's connection, caller's memory).
 */
#ifndef MC_DOSSIER_INT_H
#define MC_DOSSIER_INT_H

#include "core/buf.h"
#include "core/seal.h"
#include "domain/dossier/dossier.h"
#include "domain/dossier/dossier_change.h"

/* The columns dossier_read_row() reads, in order. */
#define DOSSIER_COLS                                                                    \
    "id, code, origin, procedure_code, procedure_version, procedure_name, agency_code," \
    " reception_code, applicant_id, applicant_ref, contact_name, contact_phone,"        \
    " contact_id, channel, status, step, assignee_id, form_data, delivery,"             \
    " delivery_address, submitted_at, received_at, due_at, due_unit, deadline_at,"      \
    " ended_at, returned_at, supplement_count, supplement_seconds, supplement_since,"    \
    " fee_dong, has_fee, fee_paid, paid_online, e_result, digitised, reused_data,"      \
    " rating, complaint, result_file_id, result_vault_item_id, apology_due_at,"         \
    " apology_count, due_soon_marked, overdue_marked, version, created_at, updated_at,"    \
    " COALESCE(result_number, ''), supplement_due_at"

/* Fill d (dossier_init()ed; form_data replaced) from a row of DOSSIER_COLS. */
void dossier_read_row(struct db_stmt *st, struct dossier *d);

/* Load dossier id with no authorisation check.  MC_ERR_NOT_FOUND / MC_ERR_DB. */
enum mc_status dossier_load(struct db *db, int64_t id, struct dossier *d) MC_WARN_UNUSED;

/*
 * Queue a notice about d to its applicant (dossier_notify.c), on their
 * preferred channel with the others as fallback: kind is the outbox kind,
 * tmpl the editable template (notify_templates.h, NULL = none) filled with
 * values (one per placeholder).  With own_text, subject and body are used
 * unless the province admin edited the template; without, the template's
 * text (edited or not) is.  Nobody to tell (no phone or email) is MC_OK.
 * Returns MC_OK or MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status dossier_notify_applicant(struct db *db, const struct dossier *d,
                                       const char *tmpl, const char *kind, const char *subject,
                                       const char *body, const char *const *values,
                                       bool own_text) MC_WARN_UNUSED;

/*
 * Write every mutable column of d back, guarded by d->version (the version
 * read), bumping it; d->version is updated.  MC_ERR_CONFLICT when the row
 * changed meanwhile.  Inside the caller's transaction.
 */
enum mc_status dossier_store(struct db *db, struct dossier *d) MC_WARN_UNUSED;

/* The event row: actor NULL is the system.  attachments NULL is "[]". */
enum mc_status dossier_event_add(struct db *db, int64_t dossier_id, const struct user *actor,
                                 int from_status, int to_status, const char *action,
                                 const char *note, const char *attachments, int64_t due_at)
    MC_WARN_UNUSED;

/*
 * Call every listener with c, in registration order, inside the caller's
 * transaction (dossier_change.c).  Returns MC_OK, or the first failure
 * (the change must then fail with it).
 */
enum mc_status dossier_announce(struct db *db, const struct dossier_change *c)
    MC_WARN_UNUSED;
/* Announce action a done on d (kind dossier_change_kind_of(a)); as dossier_announce(). */
enum mc_status dossier_announce_action(struct db *db, const struct dossier *d,
                                       enum dossier_action a, int from_status,
                                       const char *note) MC_WARN_UNUSED;

/* The audit row 'dossier.<action>' on "dossier:<code>" with {"from":F,"to":T}. */
enum mc_status dossier_audit(struct db *db, const struct user *actor, const char *address,
                             const char *action, const char *code, int from, int to)
    MC_WARN_UNUSED;

/*
 * The appointment for d received at received_at: the processing time of
 * procedure d->procedure_code version d->procedure_version for d's
 * channel (or any channel with a time), with cal.  *unit gets the
 * calendar unit used for pauses.  MC_ERR_NOT_FOUND when the procedure has
 * no usable time; MC_ERR_INVALID when the calendar cannot compute it.
 */
enum mc_status dossier_compute_due(struct db *db, const struct calendar *cal,
                                   const struct dossier *d, int64_t received_at,
                                   int64_t *due, int *unit) MC_WARN_UNUSED;

/*
 * Attach refs to dossier d inside the caller's transaction: store files
 * must exist, vault items must belong to owner_id (0 = none allowed) and
 * be valid (reuse counted).  kind "attachment", "scan" or "result".
 * Appends the new ids as a JSON array to ids_json; sets *reused when a
 * vault item was used; *last_id (may be NULL) gets the last file id.  A
 * refusal's reason goes to errs (field "files").
 */
enum mc_status dossier_attach(const struct dossier_env *env, int64_t dossier_id,
                              int64_t owner_id, const struct dossier_file_ref *refs,
                              size_t n, const char *kind, int64_t added_by,
                              struct buf *ids_json, bool *reused, int64_t *last_id,
                              struct form_errors *errs) MC_WARN_UNUSED;

/*
 * dossier_may() with the reason as a status: MC_OK; MC_ERR_INVALID when
 * the table does not allow the action from d's state (or d is imported);
 * MC_ERR_FORBIDDEN when the actor may not.  errs as dossier_may().
 */
enum mc_status dossier_may_status(const struct user *u, const struct dossier *d,
                                  enum dossier_action a, struct form_errors *errs)
    MC_WARN_UNUSED;

/* Check refs before a transaction (shape, count, names); the reason goes to errs. */
enum mc_status dossier_check_refs(const struct dossier_file_ref *refs, size_t n,
                                  struct form_errors *errs) MC_WARN_UNUSED;

/* True when s is NULL/empty-allowed valid UTF-8 of at most max bytes. */
bool dossier_text_ok(const char *s, size_t max);

/* The role label of an actor for events and audit ("system" for NULL). */
const char *dossier_actor_role(const struct user *u);

/*
 * A dossier's personal fields as stored (dossier_seal.c): the contact phone,
 * the identity number (with its blind index), the declaration and the
 * delivery address sealed under the data key (core/seal.h); "" stays "".
 */
struct dossier_sealed {
    char phone[SEAL_SIZE(32)], id[SEAL_SIZE(32)], id_bidx[SEAL_INDEX_SIZE];
    char address[SEAL_SIZE(512)];
    char *form;     /* owned */
};
/* Seal d's contact phone and id, form and address into out.  MC_ERR_IO, MC_ERR_TOO_LARGE. */
enum mc_status dossier_seal_fields(const struct dossier *d, const char *form,
                                   const char *address, struct dossier_sealed *out)
    MC_WARN_UNUSED;
void dossier_sealed_release(struct dossier_sealed *s);
/* Open the sealed columns of a dossier row into d (failures logged, fields left ""). */
void dossier_open_fields(struct db_stmt *st, int phone_col, int id_col, int form_col,
                         int address_col, struct dossier *d);

/* Render a one-page PDF of title and body (UTF-8) into out.  Pure. */
enum mc_status dossier_result_pdf(const char *title, const char *body, struct buf *out)
    MC_WARN_UNUSED;

#endif
