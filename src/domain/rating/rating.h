/*
 * rating.h - citizens' ratings of finished dossiers (đánh giá mức độ hài
 * lòng): the overall verdict, the nine criteria of the evaluation table
 * and a comment; the invitation to rate; public aggregates by agency and
 * by field against their targets; ratings per officer for their leaders.
 *
 * DESIGN (docs/quality.md)
 * - A dossier may be rated once it has ended (status 3, 7, 8, 9 or 10),
 *   only by its applicant (the account that lodged it), once: the one
 *   rating may be changed for RATING_EDIT_WINDOW seconds after it was
 *   first given.  Every rule is checked here, not in pages.
 * - Saving runs in ONE db_tx(): the dossier_ratings row, dossiers.rating
 *   (DanhGia 1/2/3), the audit row 'rating.save' (object "dossier:<code>",
 *   no personal data) and index766_on_dossier_change(), so hai_long_tthc
 *   follows at once.  dossiers.version is not bumped: a rating is not a
 *   change an officer's open page must conflict with.
 * - Satisfaction % = (Rất hài lòng + Hài lòng) / rated.  Target 85% for
 *   the fields Đất đai, Xây dựng and Đầu tư, 90% for the others
 *   (rating_target_pct); an agency's target is 90%.
 * - Officers' ratings: a rated dossier counts for every staff member who
 *   acted on it (dossier_events).  Only the leaders of the agency
 *   (approver, agency_admin) and province admins see them.
 *
 * Thread-safety: functions use only the connection passed in and caller
 * memory; the criteria table is static and read-only.
 */
#ifndef MC_RATING_RATING_H
#define MC_RATING_RATING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/accounts/account.h"
#include "domain/audit/audit.h"
#include "core/db.h"
#include "domain/dossier/dossier.h"
#include "domain/dossier/dossier_change.h"

#define RATING_CRITERIA 9                 /* criteria of the evaluation table */
#define RATING_OPTIONS_MAX 4              /* options of one criterion's scale */
#define RATING_COMMENT_MAX 1000           /* characters (code points) of a comment */
#define RATING_COMMENT_BYTES (RATING_COMMENT_MAX * 4 + 1)
#define RATING_EDIT_WINDOW (7 * 86400)    /* seconds a rating stays editable */
#define RATING_FIELD_MAX 256              /* bytes of a field name, with the NUL */
#define RATING_TARGET_SPECIAL 85          /* % for Đất đai, Xây dựng, Đầu tư */
#define RATING_TARGET_DEFAULT 90          /* % for the other fields and agencies */

/* One criterion: its stable key (column c_<key>), question and scale. */
struct rating_criterion {
    const char *key;
    const char *label;                           /* the question, Vietnamese */
    const char *options[RATING_OPTIONS_MAX];     /* option i + 1; NULL-padded */
    int n;                                       /* options used, 2..RATING_OPTIONS_MAX */
};

/* The nine criteria in table order (static, RATING_CRITERIA entries). */
const struct rating_criterion *rating_criteria(void);
/* 85 for a field whose name is about land, construction or investment, else 90. */
int rating_target_pct(const char *field);

/* A stored rating. */
struct rating {
    int64_t dossier_id;
    int64_t rater_id;
    int overall;                                 /* enum nat_verdict (codes.h), 1..3 */
    int criteria[RATING_CRITERIA];               /* option number, 0 = not answered */
    char comment[RATING_COMMENT_BYTES];
    char agency_code[DOSSIER_REF_MAX + 1];
    char procedure_code[DOSSIER_REF_MAX + 1];
    char field[RATING_FIELD_MAX];
    int64_t created_at;                          /* first given */
    int64_t updated_at;
};

/* What a form sends.  comment is borrowed, may be NULL. */
struct rating_input {
    int overall;
    int criteria[RATING_CRITERIA];
    const char *comment;
};

/*
 * The rating of dossier_id into *out.  Returns MC_OK; MC_ERR_NOT_FOUND
 * when it has none; MC_ERR_DB.
 */
enum mc_status rating_get(struct db *db, int64_t dossier_id, struct rating *out)
    MC_WARN_UNUSED;

/* Where u stands with dossier d, for the page. */
struct rating_state {
    bool owner;          /* u is d's applicant */
    bool ended;          /* d has ended */
    bool rated;          /* a rating exists (then *r is filled) */
    bool editable;       /* u may save now (give or change) */
    int64_t edit_until;  /* rated: last second it may be changed */
    const char *why;     /* !editable: the Vietnamese reason, static */
};

/*
 * Fill *st (and *r when rated) for user u (may be NULL) and dossier d at
 * instant now.  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status rating_state_of(struct db *db, const struct user *u, const struct dossier *d,
                               int64_t now, struct rating *r, struct rating_state *st)
    MC_WARN_UNUSED;

/*
 * True when comment asks the agency to do something (its folded text
 * holds "đề nghị", "kiến nghị", "yêu cầu", "khắc phục", "cải thiện",
 * "xem xét", ...).  rating_save() files such a rating, and every "Không
 * hài lòng", as a feedback item for the dossier's agency.  Pure.
 */
bool rating_asks_action(const char *comment);

/*
 * Give or change the rating of dossier_id as u.  Checks, in order: the
 * input (overall 1..3, each criterion 0..its n, comment valid UTF-8 of at
 * most RATING_COMMENT_MAX characters without markup or control
 * characters), that u is the applicant (else MC_ERR_NOT_FOUND, as for a
 * dossier u may not read), that the dossier has ended and that an
 * existing rating is still in its edit window.  Then, in one transaction:
 * the row (created_at kept), the audit row and the dossier's DanhGia
 * through dossier_record_rating() (whose listeners move the 766
 * counters).  OUT *updated (may be NULL): an existing rating was changed.
 * Returns MC_OK; MC_ERR_INVALID (input: errs, may be NULL, has the key
 * "overall", "criteria" or "comment"; or not ended: key ""); MC_ERR_NOT_FOUND;
 * MC_ERR_FORBIDDEN (edit window over; errs);
 * MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status rating_save(struct db *db, const struct audit_actor *who, const struct user *u,
                           int64_t dossier_id, const struct rating_input *in, bool *updated,
                           struct form_errors *errs) MC_WARN_UNUSED;

/*
 * Invite the applicant of dossier_id to rate it: one email (when the
 * account has an address) or SMS (its phone, else the dossier's contact
 * phone) through notify_enqueue(), at most once per dossier.  Call inside
 * the transaction that returned the dossier.  base_url is the site's
 * address for the link, may be "" (a path is sent); NULL reads
 * MOTCUA_PUBLIC_URL (core/config.h).
 * Does nothing (MC_OK) for a dossier without an account or a contact.
 * Returns MC_OK or MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status rating_invite(struct db *db, int64_t dossier_id, const char *base_url)
    MC_WARN_UNUSED;

/*
 * The listener of dossier changes (dossier/dossier_change.h) that sends
 * the invitation: rating_invite() (base_url NULL) when a dossier's result
 * was handed over (DOSSIER_CHANGE_RATING_DUE); nothing for other changes.
 * Registered by the program's wiring (src/app/wire.c); arg is unused.
 */
enum mc_status rating_on_dossier_change(struct db *db, const struct dossier_change *c,
                                        void *arg) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- aggregates */

enum rating_group {
    RATING_BY_AGENCY,   /* the dossier's agency */
    RATING_BY_FIELD,    /* the field (lĩnh vực) of its procedure in the catalogue */
};

/* Counts of one agency or field (or the total). */
struct rating_agg_row {
    char key[RATING_FIELD_MAX];     /* agency code or field; "" = field unknown */
    char name[RATING_FIELD_MAX];    /* agency name or field (Vietnamese) */
    int64_t very;                   /* Rất hài lòng */
    int64_t satisfied;              /* Hài lòng */
    int64_t unsatisfied;            /* Không hài lòng */
    int64_t rated;                  /* very + satisfied + unsatisfied */
    double pct;                     /* 100 * (very + satisfied) / rated; 0 when none */
    int target_pct;                 /* 85 or 90 */
    bool meets;                     /* rated > 0 and pct >= target */
};

struct rating_agg {
    struct rating_agg_row *rows;    /* most rated first */
    size_t n;
    size_t cap;                     /* rows allocated */
    struct rating_agg_row total;    /* every rating of the span */
};
void rating_agg_init(struct rating_agg *a);
void rating_agg_release(struct rating_agg *a);

/*
 * The ratings (DanhGia 1..3, given here or synced with an imported record)
 * of the dossiers that ended in [from, to), grouped by g, with the
 * satisfaction % and
 * the target of each group.  out: initialised by the caller, released and
 * refilled.  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status rating_aggregate(struct db *db, enum rating_group g, int64_t from, int64_t to,
                                struct rating_agg *out) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- officers */

/* True when viewer may see the officers' ratings of agency_code (NULL/"": all). */
bool rating_may_see_officers(const struct user *viewer, const char *agency_code);

struct rating_officer_row {
    int64_t user_id;
    char name[256];
    int64_t very, satisfied, unsatisfied, rated;
    double pct;                     /* as struct rating_agg_row */
};

struct rating_officer_list {
    struct rating_officer_row *rows;   /* least satisfied first */
    size_t n;
    size_t cap;                        /* rows allocated */
};
void rating_officer_list_init(struct rating_officer_list *l);
void rating_officer_list_release(struct rating_officer_list *l);

/*
 * The ratings given in [from, to) to dossiers of agency_code (NULL or ""
 * = every agency, province admins only), per staff member who acted on
 * them.  Returns MC_OK; MC_ERR_FORBIDDEN unless
 * rating_may_see_officers(viewer, agency_code); MC_ERR_DB.
 */
enum mc_status rating_officers(struct db *db, const struct user *viewer,
                               const char *agency_code, int64_t from, int64_t to,
                               struct rating_officer_list *out) MC_WARN_UNUSED;

#endif
