/*
 * forms.h - the downloadable form files (mẫu đơn, tờ khai) of a procedure,
 * kept in the file store (PDF, checked by content as every upload).
 *
 * DESIGN (docs/internals/catalog.md "Form files")
 * - One row per file in procedure_forms (0020); the bytes live in the
 *   file store under their SHA-256, so catalog_uses_file() is the
 *   catalogue's owner of stored files (registered in app/wire.c).
 * - The province admin and the admins of an agency that implements the
 *   procedure (catalog_may_propose) add and remove them; each change is
 *   audited.  A form file is a published document, not a version of the
 *   procedure's content.
 *
 * Thread-safety: every function uses only the connection passed in.
 */
#ifndef MC_CATALOG_FORMS_H
#define MC_CATALOG_FORMS_H

#include <stdbool.h>
#include <stdint.h>
#include "domain/accounts/account.h"
#include "domain/audit/audit.h"
#include "core/db.h"
#include "core/errors.h"

#define CATALOG_FORMS_MAX 20         /* form files of one procedure */
#define CATALOG_FORM_TITLE_MAX 200   /* bytes of a title */

struct catalog_form {
    int64_t id;
    char title[CATALOG_FORM_TITLE_MAX + 1];
    char file_name[256];
    char sha256[65];
    char content_type[64];
    int64_t size, added_at;
};

/*
 * Record the stored file sha256 (size bytes of content_type, sniffed by
 * the caller) as a form of procedure code named title (1..200 bytes, no
 * markup), shown as file_name.  u: a province admin or an agency admin
 * whose agency implements code.  *id receives its id.  Audit
 * 'catalog.form_add'.  Returns MC_OK; MC_ERR_FORBIDDEN; MC_ERR_NOT_FOUND;
 * MC_ERR_INVALID (errs: "title", "file"); MC_ERR_DB.
 */
enum mc_status catalog_form_add(struct db *db, const struct user *u,
                                const struct audit_actor *who, const char *code,
                                const char *title, const char *file_name, const char *sha256,
                                int64_t size, const char *content_type, struct form_errors *errs,
                                int64_t *id) MC_WARN_UNUSED;

/* Remove form id of code (the same people).  Audit 'catalog.form_remove'. */
enum mc_status catalog_form_remove(struct db *db, const struct user *u,
                                   const struct audit_actor *who, const char *code, int64_t id)
    MC_WARN_UNUSED;

/* The forms of code, oldest first: *out is a new array of *n (free()). */
enum mc_status catalog_forms(struct db *db, const char *code, struct catalog_form **out,
                             size_t *n) MC_WARN_UNUSED;

/* Form id of code; MC_ERR_NOT_FOUND when code has no such form. */
enum mc_status catalog_form_get(struct db *db, const char *code, int64_t id,
                                struct catalog_form *out) MC_WARN_UNUSED;

/* The file store's owner: whether a form names sha256 (core/filestore.h). */
enum mc_status catalog_uses_file(struct db *db, const char *sha256, bool *used) MC_WARN_UNUSED;

/* A procedure and how many dossiers it had lately (catalog_most_used). */
struct catalog_used {
    char code[65];
    char name[512];
    int64_t dossiers;
};

#define CATALOG_USED_MAX 12          /* procedures catalog_most_used() lists at most */
#define CATALOG_USED_DAYS 90         /* the window it counts dossiers in */
#define CATALOG_USED_TTL 600         /* seconds its answer is kept in memory */

/*
 * The procedures with the most dossiers received in the last
 * CATALOG_USED_DAYS days, most first (ties by code), at most limit
 * (<= CATALOG_USED_MAX) into out; *n receives how many.  The answer is
 * kept in this process for CATALOG_USED_TTL seconds (the home page asks
 * on every visit).  Returns MC_OK or MC_ERR_DB.  Thread-safe.
 */
enum mc_status catalog_most_used(struct db *db, size_t limit, struct catalog_used *out,
                                 size_t *n) MC_WARN_UNUSED;

#endif
