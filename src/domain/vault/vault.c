/* vault.c - the personal document vault (see vault.h). */
#include <stdio.h>
#include <stdlib.h>
#include "core/array.h"
#include "core/clock.h"
#include "core/db_row.h"
#include "core/mem.h"
#include "core/text.h"
#include "domain/vault/vault.h"

static const struct {
    const char *code;
    const char *name;
} kinds[] = {
    {"identity", "Giấy tờ tùy thân"},
    {"certificate", "Giấy chứng nhận, văn bằng"},
    {"document", "Giấy tờ khác"},
    {"result", "Kết quả giải quyết thủ tục"},
};

#define ITEM_COLS "id, owner_id, kind, title, COALESCE(issued_on, ''),"                \
                  " COALESCE(valid_until, ''), sha256, size, content_type, path,"       \
                  " COALESCE(source_dossier_id, 0), reuse_count, created_at"

static const struct db_query Q_INSERT = {
    "vault.insert",
    "INSERT INTO vault_items (owner_id, kind, title, issued_on, valid_until, sha256, size,"
    " content_type, path, source_dossier_id, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULLIF(?10, 0), ?11) RETURNING id",
};
static const struct db_query Q_LIST = {
    "vault.list",
    "SELECT " ITEM_COLS " FROM vault_items WHERE owner_id = ?1 ORDER BY id DESC LIMIT ?2",
};
static const struct db_query Q_GET = {
    "vault.get",
    "SELECT " ITEM_COLS " FROM vault_items WHERE id = ?1 AND owner_id = ?2",
};
static const struct db_query Q_REUSE = {
    "vault.reuse",
    "UPDATE vault_items SET reuse_count = reuse_count + 1 WHERE id = ?1 AND owner_id = ?2",
};

bool vault_kind_valid(const char *kind)
{
    for (size_t i = 0; kind && i < MC_ARRAY_LEN(kinds); i++)
        if (strcmp(kind, kinds[i].code) == 0)
            return true;
    return false;
}

const char *vault_kind_name(const char *kind)
{
    for (size_t i = 0; kind && i < MC_ARRAY_LEN(kinds); i++)
        if (strcmp(kind, kinds[i].code) == 0)
            return kinds[i].name;
    return "";
}

ARRAY_LIST_DEFINE(vault_item, items)

/* The columns of ITEM_COLS, in order. */
static const struct db_field VAULT_ITEM_FIELDS[] = {
    DB_INT64(struct vault_item, id),
    DB_INT64(struct vault_item, owner_id),
    DB_TEXT(struct vault_item, kind),
    DB_TEXT(struct vault_item, title),
    DB_TEXT(struct vault_item, issued_on),
    DB_TEXT(struct vault_item, valid_until),
    DB_FILESTORE_META(struct vault_item, file),
    DB_INT64(struct vault_item, source_dossier_id),
    DB_INT64(struct vault_item, reuse_count),
    DB_INT64(struct vault_item, created_at),
};

static const struct db_row_type ITEM_ROW =
    DB_ROW_TYPE(struct vault_item, VAULT_ITEM_FIELDS, NULL, NULL);

enum mc_status vault_list(struct db *db, int64_t owner_id, struct vault_item_list *out)
{
    vault_item_list_release(out);
    return db_row_list(db, &Q_LIST, &ITEM_ROW, &out->items, &out->n, &out->cap, "ii", owner_id,
                       (int64_t)VAULT_LIST_MAX);
}

enum mc_status vault_get(struct db *db, int64_t owner_id, int64_t id, struct vault_item *out)
{
    return db_row_get(db, &Q_GET, &ITEM_ROW, out, "ii", id, owner_id);
}

bool vault_item_valid_on(const struct vault_item *it, int32_t date)
{
    int32_t until;
    if (!it->valid_until[0] || calendar_date_parse(it->valid_until, &until) != MC_OK)
        return true;
    return date <= until;
}

enum mc_status vault_take_for_reuse(struct db *db, int64_t owner_id, int64_t id,
                                    struct vault_item *out)
{
    enum mc_status rc = vault_get(db, owner_id, id, out);
    if (rc == MC_OK && !vault_item_valid_on(out, calendar_date_of(clock_now())))
        rc = MC_ERR_INVALID;
    if (rc == MC_OK)
        rc = db_run(db, &Q_REUSE, NULL, "ii", id, owner_id);
    if (rc == MC_OK)
        out->reuse_count++;
    return rc;
}

enum mc_status vault_insert(struct db *db, int64_t owner_id, const char *kind,
                            const char *title, const char *issued_on,
                            const struct filestore_meta *file, int64_t source_dossier_id,
                            int64_t *id)
{
    return db_get_int(db, &Q_INSERT, id, "isssssissii", owner_id, kind, title,
                      issued_on && *issued_on ? issued_on : NULL, NULL, file->sha256,
                      file->size, file->content_type, file->path,
                      source_dossier_id, clock_now());
}

struct add_ctx {
    const struct audit_actor *who;
    int64_t owner_id;
    const struct vault_new *in;
    const struct filestore_meta *file;
    int64_t id;
};

static const struct db_query Q_SET_VALIDITY = {
    "vault.set_validity",
    "UPDATE vault_items SET valid_until = ?2 WHERE id = ?1",
};

static enum mc_status add_tx(struct db *db, void *arg)
{
    struct add_ctx *c = arg;
    char object[48];
    enum mc_status rc = vault_insert(db, c->owner_id, c->in->kind, c->in->title,
                                     c->in->issued_on, c->file, 0, &c->id);
    if (rc == MC_OK && c->in->valid_until && *c->in->valid_until)
        rc = db_run(db, &Q_SET_VALIDITY, NULL, "is", c->id, c->in->valid_until);
    snprintf(object, sizeof(object), "vault:%lld", (long long)c->id);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "vault.add", object, NULL);
    return rc;
}

static bool optional_date(const char *s, int32_t *out)
{
    *out = 0;
    return !s || !*s || calendar_date_parse(s, out) == MC_OK;
}

enum mc_status vault_add(struct db *db, const struct filestore *fs,
                         const struct audit_actor *who, int64_t owner_id,
                         const struct vault_new *in, int64_t *id)
{
    struct filestore_meta file;
    int32_t issued = 0, until = 0;
    struct add_ctx c = {who, owner_id, in, &file, 0};
    enum mc_status rc = MC_ERR_INVALID;
    size_t tlen = in->title ? strlen(in->title) : 0;
    if (owner_id <= 0 || !vault_kind_valid(in->kind) || strcmp(in->kind, "result") == 0)
        goto out;
    if (tlen == 0 || tlen > VAULT_TITLE_MAX || !text_utf8_valid(in->title, tlen))
        goto out;
    if (!optional_date(in->issued_on, &issued) || !optional_date(in->valid_until, &until))
        goto out;
    if (issued && until && until < issued)
        goto out;
    if ((rc = filestore_stat(fs, db, in->sha256, &file)) != MC_OK)
        goto out;
    rc = db_tx(db, add_tx, &c);
    if (rc == MC_OK)
        *id = c.id;
out:
    return rc;
}

static const struct db_query Q_USES_FILE = {
    "vault.uses_file",
    "SELECT EXISTS (SELECT 1 FROM vault_items WHERE sha256 = ?1)",
};

enum mc_status vault_uses_file(struct db *db, const char *sha256, bool *used)
{
    return filestore_owner_ask(db, &Q_USES_FILE, sha256, used);
}
