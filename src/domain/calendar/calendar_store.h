/*
 * calendar_store.h - the stored part of the working calendar: per-day
 * overrides (table calendar_override) and office hours (table
 * calendar_office_hours), loaded into a struct calendar and edited by the
 * province administrator.
 *
 * DESIGN
 * - The database holds only what differs from the defaults; the Labour
 *   Code holidays and nghỉ bù are computed by calendar.c.
 * - Every write is validated against a scratch calendar first, then runs
 *   in one db_tx() with its audit_log row ('calendar.override',
 *   'calendar.override_delete', 'calendar.hours').
 * - A loaded calendar is read-only: after an edit, load a new one and swap
 *   it in (docs/internals/calendar.md).
 *
 * Thread-safety: every function uses only the struct db passed in (the
 * calling thread's connection) and the calendar it is given.
 */
#ifndef MC_CALENDAR_STORE_H
#define MC_CALENDAR_STORE_H

#include <stddef.h>
#include "domain/audit/audit.h"
#include "domain/calendar/calendar.h"
#include "core/db.h"

#define CALENDAR_NOTE_MAX 500   /* bytes of an override's note */

/* One stored override as the admin page shows it. */
struct calendar_stored_override {
    char date[11];                        /* "YYYY-MM-DD" */
    enum calendar_override_kind kind;
    char name[CALENDAR_NAME_MAX];         /* "" = the default name */
    char note[CALENDAR_NOTE_MAX + 1];     /* e.g. the decision number; may be "" */
};

/*
 * The stored overrides of `year` (1..9999), by date, into *out: a new
 * array of *n entries (possibly 0) that the caller frees with free().
 * Returns MC_OK; MC_ERR_INVALID for a bad year; MC_ERR_DB; MC_ERR_INTERNAL
 * for a stored row that is not valid.
 */
enum mc_status calendar_list_overrides(struct db *db, int year,
                                       struct calendar_stored_override **out,
                                       size_t *n) MC_WARN_UNUSED;

/*
 * Load the stored office hours (when any) and every override into cal,
 * which must be calendar_init()ed; overrides already in cal with the same
 * date are replaced.  Returns MC_OK; MC_ERR_DB; MC_ERR_INTERNAL when a
 * stored row is not valid (logged with its date).
 */
enum mc_status calendar_load(struct db *db, struct calendar *cal) MC_WARN_UNUSED;

/*
 * The province calendar into cal (not initialised): calendar_init() plus
 * calendar_load(), or the defaults alone when the stored rows cannot be
 * read (logged with who, the module asking), so a bad row never blocks
 * the caller.
 */
void calendar_load_or_default(struct db *db, struct calendar *cal, const char *who);

/*
 * Store (insert or replace) the override of date "YYYY-MM-DD": kind "off",
 * "makeup" or "work"; name (may be NULL or "": the default name) shorter
 * than CALENDAR_NAME_MAX bytes; note (may be NULL) up to
 * CALENDAR_NOTE_MAX bytes, e.g. the decision number.  Texts must be valid
 * UTF-8.  One db_tx() with an audit row 'calendar.override' by who.
 * Returns MC_OK; MC_ERR_INVALID (bad date, kind or text); MC_ERR_TOO_LARGE
 * (name or note too long); MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status calendar_save_override(struct db *db, const struct audit_actor *who,
                                      const char *date, const char *kind, const char *name,
                                      const char *note) MC_WARN_UNUSED;

/*
 * Delete the override of date.  Audited ('calendar.override_delete').
 * Returns MC_OK; MC_ERR_NOT_FOUND when there is none; MC_ERR_INVALID for
 * a malformed date; MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status calendar_delete_override(struct db *db, const struct audit_actor *who,
                                        const char *date) MC_WARN_UNUSED;

/*
 * Replace the stored office hours with n periods (as calendar_set_hours()
 * accepts them); n == 0 goes back to the default hours.  Audited
 * ('calendar.hours').  Returns MC_OK; MC_ERR_INVALID; MC_ERR_DB / BUSY.
 */
enum mc_status calendar_save_hours(struct db *db, const struct audit_actor *who,
                                   const struct calendar_period *p, size_t n) MC_WARN_UNUSED;

#endif
