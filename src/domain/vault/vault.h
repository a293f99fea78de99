/*
 * vault.h - the personal document vault (Kho dữ liệu điện tử, 1588
 * §IV.5.d): each citizen's documents and results, reusable in a new
 * dossier so nothing is asked twice; each reuse is counted.
 *
 * DESIGN (docs/internals/vault.md)
 * - An item is metadata (kind, title, issue date, validity) over a file in
 *   the content-addressed store (vault/filestore.h): the file is stored
 *   first, then the row is written, so a row never names a missing file.
 * - Items belong to one user.  Every read takes the owner's id and answers
 *   MC_ERR_NOT_FOUND for someone else's item, so ids cannot be probed.
 * - Results of finished dossiers enter the vault (kind "result") when the
 *   dossier is returned online; the dossier module calls vault_insert()
 *   inside its own transaction.  Reusing an item in a submission calls
 *   vault_take_for_reuse() inside the submission's transaction, which
 *   bumps reuse_count.
 *
 * Thread-safety: functions use only the struct db passed in (the calling
 * thread's connection) and the read-only file store.
 */
#ifndef MC_VAULT_VAULT_H
#define MC_VAULT_VAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/audit/audit.h"
#include "domain/calendar/date.h"
#include "core/db.h"
#include "core/list_decl.h"
#include "core/filestore.h"

#define VAULT_TITLE_MAX 500     /* bytes in a title */
#define VAULT_KIND_MAX 16       /* bytes in a kind code, with the NUL */
#define VAULT_LIST_MAX 1000     /* items one list returns, newest first */

/* Kind codes: "identity" (giấy tờ tùy thân), "certificate" (giấy chứng
 * nhận, bằng cấp), "document" (other), "result" (a dossier's result). */
bool vault_kind_valid(const char *kind);
/* Vietnamese name of a kind code ("Kết quả giải quyết"); "" for unknown. */
const char *vault_kind_name(const char *kind);

struct vault_item {
    int64_t id;
    int64_t owner_id;
    char kind[VAULT_KIND_MAX];
    char title[VAULT_TITLE_MAX + 1];
    char issued_on[CALENDAR_DATE_SIZE];     /* "YYYY-MM-DD" or "" */
    char valid_until[CALENDAR_DATE_SIZE];   /* "YYYY-MM-DD" or "" (no end) */
    struct filestore_meta file;
    int64_t source_dossier_id;              /* 0 unless kind "result" */
    int64_t reuse_count;                    /* dossiers that reused it */
    int64_t created_at;
};

LIST_DECLARE(vault_item, vault_item);

/* What a user adds from an upload.  Pointers are borrowed. */
struct vault_new {
    const char *kind;          /* "identity", "certificate" or "document" */
    const char *title;         /* 1..VAULT_TITLE_MAX bytes of UTF-8 */
    const char *issued_on;     /* "YYYY-MM-DD" or NULL/"" */
    const char *valid_until;   /* "YYYY-MM-DD" or NULL/"" (not before issued_on) */
    const char *sha256;        /* a file already stored (filestore_put_file) */
};

/*
 * Add an item for owner_id (the signed-in user) from a stored file.
 * Validates every field; the file must be in fs.  One db_tx() with an
 * audit row 'vault.add' by who (object "vault:ID").  *id gets the new id.
 * Returns MC_OK; MC_ERR_INVALID (bad field, or kind "result", which only
 * the dossier module writes); MC_ERR_NOT_FOUND (file not stored);
 * MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status vault_add(struct db *db, const struct filestore *fs,
                         const struct audit_actor *who, int64_t owner_id,
                         const struct vault_new *in, int64_t *id) MC_WARN_UNUSED;

/*
 * The owner's items, newest first (at most VAULT_LIST_MAX), into *out
 * (initialised by the caller, emptied here).  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status vault_list(struct db *db, int64_t owner_id, struct vault_item_list *out)
    MC_WARN_UNUSED;

/*
 * One item of owner_id.  Returns MC_OK; MC_ERR_NOT_FOUND when it does not
 * exist or belongs to someone else; MC_ERR_DB.
 */
enum mc_status vault_get(struct db *db, int64_t owner_id, int64_t id, struct vault_item *out)
    MC_WARN_UNUSED;

/* True when the item is valid on date (no valid_until, or date <= it). */
bool vault_item_valid_on(const struct vault_item *it, int32_t date);

/*
 * For the dossier module, inside its transaction: read item id of
 * owner_id for reuse in a dossier and add 1 to its reuse_count.
 * Returns MC_OK; MC_ERR_NOT_FOUND (absent or not the owner's);
 * MC_ERR_INVALID when it expired before today (Vietnam date of
 * clock_now()); MC_ERR_DB.
 */
enum mc_status vault_take_for_reuse(struct db *db, int64_t owner_id, int64_t id,
                                    struct vault_item *out) MC_WARN_UNUSED;

/*
 * For the dossier module, inside its transaction (no audit row of its own):
 * insert an item for owner_id over a stored file.  issued_on may be NULL;
 * source_dossier_id 0 for none.  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status vault_insert(struct db *db, int64_t owner_id, const char *kind,
                            const char *title, const char *issued_on,
                            const struct filestore_meta *file, int64_t source_dossier_id,
                            int64_t *id) MC_WARN_UNUSED;

/*
 * Whether a citizen's vault item names the stored file sha256 (an owner of stored files,
 * core/filestore.h: registered by the program's composition root).
 * OUT *used.  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status vault_uses_file(struct db *db, const char *sha256, bool *used) MC_WARN_UNUSED;

#endif
