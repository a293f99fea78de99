/*
 * drafts.h - agencies keep their procedures: an agency admin proposes a
 * new version of a procedure their agency implements (its content and its
 * publication data), and the province admin approves it, which makes it
 * the public version, or returns it with a comment.
 *
 * DESIGN (docs/internals/catalog.md "Agencies keep their procedures")
 * - Which agency implements what is the routing table of migration 0015
 *   (procedure_routes): at province level the competent or implementing
 *   agency; every commune People's Committee (an agency whose unit is a
 *   commune) implements the procedures routed at commune level.  It is
 *   read here as a table (the routing module sits above the catalogue).
 * - A draft holds the whole proposed procedure as canonical JSON and the
 *   proposed publication data; nothing public changes until approval.
 *   One pending draft per procedure at a time.
 * - Approval runs catalog_save() and catalog_publication_put() in the same
 *   transaction as the draft's new status, with audit rows; a draft edited
 *   from an older version than the current one is refused (the agency
 *   edits again from the current version).
 * - Every rule is checked here, not in pages.
 *
 * Thread-safety: every function uses only the connection passed in.
 */
#ifndef MC_CATALOG_DRAFTS_H
#define MC_CATALOG_DRAFTS_H

#include <stdbool.h>
#include <stdint.h>
#include "domain/accounts/account.h"
#include "domain/audit/audit.h"
#include "domain/catalog/catalog.h"
#include "domain/catalog/publication.h"
#include "core/db.h"
#include "core/errors.h"

#define CATALOG_DRAFT_NOTE_MAX 2000      /* bytes of a note or a review comment */
#define CATALOG_DRAFT_LIST_MAX 500       /* drafts listed at most */

/*
 * Whether agency implements procedure code (see DESIGN).  Returns MC_OK
 * with *yes, or MC_ERR_DB.
 */
enum mc_status catalog_agency_implements(struct db *db, const char *agency, const char *code,
                                         bool *yes) MC_WARN_UNUSED;

/* True when u may propose changes to code: an agency admin whose agency implements it. */
enum mc_status catalog_may_propose(struct db *db, const struct user *u, const char *code,
                                   bool *yes) MC_WARN_UNUSED;

/*
 * Store p (edited from public version base_version of p->code) and pub as
 * a pending draft by u, with note (what changed; may be NULL).  u must be
 * allowed (catalog_may_propose); p must pass catalog_validate() (errors
 * into errs).  *id receives the draft's id.  Audit 'catalog.draft'.
 * Returns MC_OK; MC_ERR_INVALID (errs); MC_ERR_FORBIDDEN; MC_ERR_NOT_FOUND
 * (no such procedure); MC_ERR_CONFLICT (a draft of it is already pending,
 * or base_version is not the current version: errs says which); MC_ERR_DB.
 */
enum mc_status catalog_draft_submit(struct db *db, const struct user *u,
                                    const struct audit_actor *who, const struct procedure *p,
                                    int64_t base_version, const struct catalog_publication *pub,
                                    const char *note, struct form_errors *errs, int64_t *id)
    MC_WARN_UNUSED;

/* One draft (strings owned; catalog_draft_release). */
struct catalog_draft {
    int64_t id;
    char code[CATALOG_CODE_MAX + 1];
    char agency_code[64];
    char *agency_name, *procedure_name, *data, *publication, *note, *status;
    char *author_name, *reviewer_name, *review_comment;
    int64_t base_version, version, created_at, reviewed_at;
};
void catalog_draft_init(struct catalog_draft *d);
void catalog_draft_release(struct catalog_draft *d);

/* Vietnamese label of a draft status ("Chờ duyệt", "Đã duyệt", "Trả lại"). */
const char *catalog_draft_status_label(const char *status);

/*
 * Read draft id as u may see it: a province admin any, an agency admin
 * their agency's.  Returns MC_OK; MC_ERR_NOT_FOUND; MC_ERR_FORBIDDEN;
 * MC_ERR_DB.
 */
enum mc_status catalog_draft_get(struct db *db, const struct user *u, int64_t id,
                                 struct catalog_draft *out) MC_WARN_UNUSED;

/* A list of drafts (newest first). */
struct catalog_draft_list {
    struct catalog_draft *items;
    size_t n, cap;
};
void catalog_draft_list_init(struct catalog_draft_list *l);
void catalog_draft_list_release(struct catalog_draft_list *l);

/*
 * The drafts u may see (a province admin all, an agency admin their
 * agency's), status NULL for every status, at most CATALOG_DRAFT_LIST_MAX.
 */
enum mc_status catalog_draft_list(struct db *db, const struct user *u, const char *status,
                                  struct catalog_draft_list *out) MC_WARN_UNUSED;

/* A procedure an agency implements, for its list. */
struct catalog_agency_proc {
    char code[CATALOG_CODE_MAX + 1];
    char name[512];
    bool pending;        /* a draft of it is waiting for review */
};

/*
 * The procedures agency implements (see DESIGN), by code, at most
 * CATALOG_DRAFT_LIST_MAX.  *out is a new array of *n entries (free()).
 */
enum mc_status catalog_agency_procedures(struct db *db, const char *agency,
                                         struct catalog_agency_proc **out, size_t *n)
    MC_WARN_UNUSED;

/*
 * The province admin's review of pending draft id: approve (the draft
 * becomes the public version: catalog_save and its publication data, in
 * one transaction; *version receives the new version, may be NULL) or
 * return it with comment (required when returning, 5..2000 bytes).
 * Audit 'catalog.draft_approve' / 'catalog.draft_return'.
 * Returns MC_OK; MC_ERR_FORBIDDEN (not a province admin); MC_ERR_NOT_FOUND;
 * MC_ERR_CONFLICT (not pending, or the public version moved since);
 * MC_ERR_INVALID (errs: "comment"); MC_ERR_DB.
 */
enum mc_status catalog_draft_review(struct db *db, const struct user *u,
                                    const struct audit_actor *who, int64_t id, bool approve,
                                    const char *comment, struct form_errors *errs,
                                    int64_t *version) MC_WARN_UNUSED;

#endif
