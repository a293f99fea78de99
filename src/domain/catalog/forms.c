/*
 * forms.c - the form files of a procedure (see forms.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "core/clock.h"
#include "core/db_row.h"
#include "core/filestore.h"
#include "core/text.h"
#include "domain/catalog/catalog-int.h"
#include "domain/catalog/drafts.h"
#include "domain/catalog/forms.h"

#define FORM_COLS "id, title, file_name, sha256, content_type, size, added_at"

static const struct db_query Q_LIST = {
    "catalog.forms", "SELECT " FORM_COLS " FROM procedure_forms WHERE procedure_code = ?1"
                     " ORDER BY id",
};
static const struct db_query Q_GET = {
    "catalog.form_get",
    "SELECT " FORM_COLS " FROM procedure_forms WHERE procedure_code = ?1 AND id = ?2",
};
static const struct db_query Q_COUNT = {
    "catalog.forms_count", "SELECT COUNT(*) FROM procedure_forms WHERE procedure_code = ?1",
};
static const struct db_query Q_INSERT = {
    "catalog.form_insert",
    "INSERT INTO procedure_forms (procedure_code, title, file_name, sha256, size, content_type,"
    " added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
};
static const struct db_query Q_DELETE = {
    "catalog.form_delete", "DELETE FROM procedure_forms WHERE procedure_code = ?1 AND id = ?2",
};
static const struct db_query Q_MOST_USED = {
    "catalog.most_used",
    "SELECT p.code, p.name, COUNT(*) FROM dossiers d JOIN procedures p ON p.code = d.procedure_code"
    " WHERE d.received_at >= ?1 GROUP BY p.code, p.name ORDER BY COUNT(*) DESC, p.code LIMIT ?2",
};
static const struct db_query Q_USES = {
    "catalog.form_uses_file", "SELECT COUNT(*) FROM procedure_forms WHERE sha256 = ?1",
};

/* The columns of FORM_COLS, in order. */
static const struct db_field CATALOG_FORM_FIELDS[] = {
    DB_INT64(struct catalog_form, id),
    DB_TEXT(struct catalog_form, title),
    DB_TEXT(struct catalog_form, file_name),
    DB_TEXT(struct catalog_form, sha256),
    DB_TEXT(struct catalog_form, content_type),
    DB_INT64(struct catalog_form, size),
    DB_INT64(struct catalog_form, added_at),
};

static const struct db_row_type FORM_ROW =
    DB_ROW_TYPE(struct catalog_form, CATALOG_FORM_FIELDS, NULL, NULL);

/* The province admin, or an admin of an agency that implements code. */
static enum mc_status may_keep(struct db *db, const struct user *u, const char *code)
{
    bool may = u && (u->roles & ROLE_PROVINCE_ADMIN);
    enum mc_status rc = may ? MC_OK : catalog_may_propose(db, u, code, &may);
    return rc != MC_OK ? rc : may ? MC_OK : MC_ERR_FORBIDDEN;
}

struct add_ctx {
    const struct user *u;
    const struct audit_actor *who;
    const char *code, *title, *file_name, *sha256, *type;
    int64_t size, id;
    struct form_errors *errs;
};

static enum mc_status add_tx(struct db *db, void *arg)
{
    struct add_ctx *c = arg;
    struct db_stmt *st = NULL;
    int64_t n = 0;
    char object[CATALOG_CODE_MAX + 16];
    enum mc_status rc = db_get_int(db, &Q_COUNT, &n, "s", c->code);
    if (rc == MC_OK && n >= CATALOG_FORMS_MAX) {
        form_errors_add(c->errs, "file", "mỗi thủ tục có tối đa 20 mẫu đơn, tờ khai");
        return MC_ERR_INVALID;
    }
    if (rc == MC_OK)
        rc = db_query_start(db, &Q_INSERT, &st, "ssssisii", c->code, c->title, c->file_name,
                            c->sha256, c->size, c->type, c->u->id, clock_now());
    if (rc == MC_OK && !db_next(st, &rc) && rc == MC_OK)
        rc = MC_ERR_INTERNAL;
    if (rc == MC_OK)
        c->id = db_col_int64(st, 0);
    db_done(st);
    snprintf(object, sizeof(object), "procedure:%s", c->code);
    if (rc == MC_OK)
        rc = catalog_version_move(db);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "catalog.form_add", object, NULL);
    return rc;
}

enum mc_status catalog_form_add(struct db *db, const struct user *u,
                                const struct audit_actor *who, const char *code,
                                const char *title, const char *file_name, const char *sha256,
                                int64_t size, const char *content_type, struct form_errors *errs,
                                int64_t *id)
{
    struct add_ctx c = {u, who, code, title, file_name, sha256, content_type, size, 0, errs};
    int64_t version = 0;
    size_t len = title ? strlen(title) : 0;
    const char *t = title;
    enum mc_status rc = catalog_current_version(db, code, &version);
    *id = 0;
    if (rc == MC_OK)
        rc = may_keep(db, u, code);
    if (rc != MC_OK)
        return rc;
    if (t)
        text_trim(&t, &len);
    if (len == 0)
        form_errors_add(errs, "title", "vui lòng nhập tên mẫu đơn, tờ khai");
    else if (strlen(title) > CATALOG_FORM_TITLE_MAX || !text_utf8_valid(title, strlen(title)) ||
             strchr(title, '<'))
        form_errors_add(errs, "title", "tên mẫu dài tối đa 200 ký tự, không chứa mã HTML");
    if (!sha256 || strlen(sha256) != 64)
        form_errors_add(errs, "file", "vui lòng chọn tệp mẫu (PDF)");
    if (errs->count)
        return MC_ERR_INVALID;
    rc = db_tx(db, add_tx, &c);
    *id = c.id;
    return rc;
}

struct remove_ctx {
    const struct audit_actor *who;
    const char *code;
    int64_t id;
};

static enum mc_status remove_tx(struct db *db, void *arg)
{
    struct remove_ctx *c = arg;
    int64_t changed = 0;
    enum mc_status rc = db_run(db, &Q_DELETE, &changed, "si", c->code, c->id);
    if (rc == MC_OK && changed != 1)
        rc = MC_ERR_NOT_FOUND;
    if (rc == MC_OK)
        rc = catalog_version_move(db);
    return audit_record_if(rc, db, c->who, "catalog.form_remove", NULL, "procedure:%s", c->code);
}

enum mc_status catalog_form_remove(struct db *db, const struct user *u,
                                   const struct audit_actor *who, const char *code, int64_t id)
{
    struct remove_ctx c = {who, code, id};
    enum mc_status rc = may_keep(db, u, code);
    return rc == MC_OK ? db_tx(db, remove_tx, &c) : rc;
}

enum mc_status catalog_forms(struct db *db, const char *code, struct catalog_form **out,
                             size_t *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    return db_row_list(db, &Q_LIST, &FORM_ROW, out, n, &cap, "s", code);
}

enum mc_status catalog_form_get(struct db *db, const char *code, int64_t id,
                                struct catalog_form *out)
{
    return db_row_get(db, &Q_GET, &FORM_ROW, out, "si", code, id);
}


enum mc_status catalog_uses_file(struct db *db, const char *sha256, bool *used)
{
    return filestore_owner_ask(db, &Q_USES, sha256, used);
}

/* ---------------------------------------------------------------- most used */

static pthread_mutex_t used_lock = PTHREAD_MUTEX_INITIALIZER;
static struct catalog_used used_cache[CATALOG_USED_MAX];
static size_t used_n;
static int64_t used_at = -1;   /* clock_now() of the cached answer; -1 none */

enum mc_status catalog_most_used(struct db *db, size_t limit, struct catalog_used *out,
                                 size_t *n)
{
    struct db_stmt *st = NULL;
    struct catalog_used fresh[CATALOG_USED_MAX];
    size_t k = 0;
    int64_t now = clock_now();
    enum mc_status rc = MC_OK;
    if (limit > CATALOG_USED_MAX)
        limit = CATALOG_USED_MAX;
    pthread_mutex_lock(&used_lock);
    bool hit = used_at >= 0 && now >= used_at && now - used_at < CATALOG_USED_TTL;
    if (hit) {
        *n = used_n < limit ? used_n : limit;
        memcpy(out, used_cache, *n * sizeof(*out));
    }
    pthread_mutex_unlock(&used_lock);
    if (hit)
        return MC_OK;
    rc = db_query_start(db, &Q_MOST_USED, &st, "ii", now - (int64_t)CATALOG_USED_DAYS * 86400,
                        (int64_t)CATALOG_USED_MAX);
    while (db_next(st, &rc) && k < CATALOG_USED_MAX) {
        db_col_copy(st, 0, fresh[k].code, sizeof(fresh[k].code));
        db_col_copy(st, 1, fresh[k].name, sizeof(fresh[k].name));
        fresh[k++].dossiers = db_col_int64(st, 2);
    }
    db_done(st);
    *n = 0;
    if (rc != MC_OK)
        return rc;
    pthread_mutex_lock(&used_lock);
    memcpy(used_cache, fresh, k * sizeof(*fresh));
    used_n = k;
    used_at = now;
    pthread_mutex_unlock(&used_lock);
    *n = k < limit ? k : limit;
    memcpy(out, fresh, *n * sizeof(*out));
    return MC_OK;
}
