/*
 * collaborator.h - the work log of collaborators (cộng tác viên, Tổ công
 * nghệ số cộng đồng): who helped which citizen, when, in which commune,
 * with what ("hướng dẫn nộp hồ sơ trực tuyến", "cài ứng dụng", "gửi phản
 * ánh" ...) and how many people.  It feeds the programme's training and
 * outreach indicators.
 *
 * DESIGN
 * - A collaborator is a staff account (users.kind 'staff', TOTP required:
 *   they handle citizens' data) with the role ROLE_COLLABORATOR in the
 *   commune's agency.  Only such accounts write or read their log; the
 *   web guard keeps collaborator-only accounts off every officer page.
 * - Each entry is one db_tx() with its audit_log row
 *   ("collaborator.help"); the audit detail is the kind of help only,
 *   never the citizen's name.
 *
 * Thread-safety: every function uses only the struct db passed in.
 */
#ifndef MC_COLLABORATOR_COLLABORATOR_H
#define MC_COLLABORATOR_COLLABORATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/accounts/account.h"
#include "domain/audit/audit.h"
#include "core/db.h"
#include "core/errors.h"
#include "core/status.h"

#define COLLAB_NAME_MAX 200      /* bytes of a citizen's name */
#define COLLAB_NOTE_MAX 1000     /* bytes of a note */
#define COLLAB_COUNT_MAX 500     /* people in one entry (a session at the commune house) */
#define COLLAB_BACKDATE_DAYS 60  /* how far back an entry may be dated */
#define COLLAB_LIST_MAX 100      /* entries shown at most */
#define COLLAB_KIND_SIZE 16      /* a kind key and NUL */
#define COLLAB_CODE_SIZE 48      /* a feedback code and NUL */

/* The kind keys in display order, NULL-terminated ("huong_dan_nop", ...). */
extern const char *const collab_help_kinds[];

/* Vietnamese label of a kind key; NULL if unknown.  Pure. */
const char *collab_help_kind_label(const char *key);

/* True when u may keep a help log: staff with the collaborator role and an agency. Pure. */
bool collab_may_log(const struct user *u);

/* One help given, as typed; pointers are borrowed, optional ones may be NULL or "". */
struct collab_help {
    const char *helped_on;      /* "YYYY-MM-DD"; empty = today (Vietnam time) */
    const char *citizen_name;   /* required */
    const char *kind;           /* a collab_help_kinds key */
    const char *count;          /* people helped, "1".."500"; empty = 1 */
    const char *note;           /* optional */
    const char *feedback_code;  /* optional: the item filed ("gui_phan_anh") */
};

/*
 * Add an entry to u's log in u's agency (the commune).  Validates every
 * field (a real date, not in the future nor more than
 * COLLAB_BACKDATE_DAYS back; name; kind; count; no markup); errs gets one
 * message per problem (fields "helped_on", "citizen_name", "kind",
 * "count", "note").  *id (may be NULL) gets the new entry's id.
 * Returns MC_OK; MC_ERR_FORBIDDEN unless collab_may_log(u);
 * MC_ERR_INVALID; MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status collab_help_add(struct db *db, const struct user *u,
                               const struct collab_help *h, const struct audit_actor *who,
                               struct form_errors *errs, int64_t *id) MC_WARN_UNUSED;

/* An entry of the log. */
struct collab_help_row {
    int64_t id;
    char helped_on[11];                      /* "YYYY-MM-DD" */
    char citizen_name[COLLAB_NAME_MAX + 1];
    char kind[COLLAB_KIND_SIZE];
    int64_t count;                           /* people, >= 1 */
    char note[COLLAB_NOTE_MAX + 1];
    char feedback_code[COLLAB_CODE_SIZE];    /* "" when none */
};

/* u's log, newest first. */
struct collab_help_list {
    struct collab_help_row *items;   /* n rows, owned */
    size_t n;
    int64_t entries;                 /* entries over the whole log */
    int64_t people;                  /* sum of count over the whole log */
};
void collab_help_list_init(struct collab_help_list *l);
void collab_help_list_release(struct collab_help_list *l);

/*
 * Up to max (at most COLLAB_LIST_MAX) of u's own entries, newest first,
 * with the totals.  Returns MC_OK; MC_ERR_FORBIDDEN unless
 * collab_may_log(u); MC_ERR_DB.
 */
enum mc_status collab_help_list(struct db *db, const struct user *u, size_t max,
                                struct collab_help_list *out) MC_WARN_UNUSED;

/*
 * The activity of agency's community digital team (its collaborators)
 * over the days from (inclusive) to to (exclusive), "YYYY-MM-DD":
 * OUT *entries log entries and *people citizens helped.  For the
 * programme's commendation shortlist.  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status collab_agency_activity(struct db *db, const char *agency, const char *from,
                                      const char *to, int64_t *entries, int64_t *people)
    MC_WARN_UNUSED;

#endif
