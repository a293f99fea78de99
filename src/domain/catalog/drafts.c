/*
 * drafts.c - versions of a procedure proposed by the agency that
 * implements it, reviewed by the province admin (see drafts.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/array.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/text.h"
#include "domain/catalog/drafts.h"

/* Routes of procedure r that agency ?1 implements (drafts.h DESIGN). */
#define IMPLEMENTED_BY                                                                    \
    " ((r.level = 'province' AND (r.competent_code = ?1 OR r.implementing_code = ?1))"    \
    " OR (r.level = 'commune' AND EXISTS (SELECT 1 FROM agencies a JOIN units u"          \
    " ON u.code = a.unit_code WHERE a.code = ?1 AND u.level = 'commune')))"

static const struct db_query Q_IMPLEMENTS = {
    "catalog.draft_implements",
    "SELECT COUNT(*) FROM procedure_routes r WHERE r.procedure_code = ?2 AND" IMPLEMENTED_BY,
};
static const struct db_query Q_AGENCY_PROCS = {
    "catalog.draft_agency_procs",
    "SELECT p.code, p.name, CASE WHEN EXISTS (SELECT 1 FROM procedure_drafts d"
    " WHERE d.procedure_code = p.code AND d.status = 'pending') THEN 1 ELSE 0 END"
    " FROM procedures p WHERE EXISTS (SELECT 1 FROM procedure_routes r"
    " WHERE r.procedure_code = p.code AND" IMPLEMENTED_BY ") ORDER BY p.code LIMIT 500",
};
static const struct db_query Q_PENDING_OF = {
    "catalog.draft_pending_of",
    "SELECT COUNT(*) FROM procedure_drafts WHERE procedure_code = ?1 AND status = 'pending'",
};
static const struct db_query Q_INSERT = {
    "catalog.draft_insert",
    "INSERT INTO procedure_drafts (procedure_code, agency_code, base_version, data,"
    " publication, note, status, author_id, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?8) RETURNING id",
};

#define DRAFT_COLS                                                                        \
    "SELECT d.id, d.procedure_code, d.agency_code, COALESCE(a.name, ''),"                 \
    " COALESCE(p.name, ''), d.data, d.publication, d.note, d.status,"                     \
    " COALESCE(ua.full_name, ''), COALESCE(ur.full_name, ''),"                            \
    " COALESCE(d.review_comment, ''), d.base_version, COALESCE(d.version, 0),"            \
    " d.created_at, COALESCE(d.reviewed_at, 0) FROM procedure_drafts d"                   \
    " LEFT JOIN agencies a ON a.code = d.agency_code"                                     \
    " LEFT JOIN procedures p ON p.code = d.procedure_code"                                \
    " LEFT JOIN users ua ON ua.id = d.author_id LEFT JOIN users ur ON ur.id = d.reviewer_id"

static const struct db_query Q_GET = {
    "catalog.draft_get", DRAFT_COLS " WHERE d.id = ?1",
};
static const struct db_query Q_LIST = {
    "catalog.draft_list",
    DRAFT_COLS " WHERE (?1 = '' OR d.agency_code = ?1) AND (?2 = '' OR d.status = ?2)"
    " ORDER BY d.id DESC LIMIT 500",
};
static const struct db_query Q_REVIEW = {
    "catalog.draft_review",
    "UPDATE procedure_drafts SET status = ?2, reviewer_id = ?3, reviewed_at = ?4,"
    " review_comment = ?5, version = ?6 WHERE id = ?1 AND status = 'pending'",
};

/* ---------------------------------------------------------------- who */

enum mc_status catalog_agency_implements(struct db *db, const char *agency, const char *code,
                                         bool *yes)
{
    int64_t n = 0;
    enum mc_status rc = MC_OK;
    *yes = false;
    if (agency && *agency && code && *code)
        rc = db_get_int(db, &Q_IMPLEMENTS, &n, "ss", agency, code);
    *yes = rc == MC_OK && n > 0;
    return rc;
}

enum mc_status catalog_may_propose(struct db *db, const struct user *u, const char *code,
                                   bool *yes)
{
    *yes = false;
    if (!u || !(u->roles & ROLE_AGENCY_ADMIN) || !u->agency_code[0])
        return MC_OK;
    return catalog_agency_implements(db, u->agency_code, code, yes);
}

static bool province_admin(const struct user *u)
{
    return u && (u->roles & ROLE_PROVINCE_ADMIN);
}

/* ---------------------------------------------------------------- submit */

struct submit_ctx {
    const struct user *u;
    const struct audit_actor *who;
    const struct procedure *p;
    int64_t base;
    const char *data, *publication, *note;
    struct form_errors *errs;
    int64_t id;
};

static enum mc_status submit_tx(struct db *db, void *arg)
{
    struct submit_ctx *c = arg;
    struct db_stmt *st = NULL;
    int64_t pending = 0, current = 0;
    char object[CATALOG_CODE_MAX + 16], detail[64];
    enum mc_status rc = catalog_current_version(db, c->p->code, &current);
    if (rc != MC_OK)
        return rc;
    if (current != c->base) {
        form_errors_add(c->errs, "", "thủ tục vừa được cập nhật sang phiên bản mới; "
                                     "vui lòng mở lại và sửa từ phiên bản hiện hành");
        return MC_ERR_CONFLICT;
    }
    if ((rc = db_get_int(db, &Q_PENDING_OF, &pending, "s", c->p->code)) != MC_OK)
        return rc;
    if (pending > 0) {
        form_errors_add(c->errs, "", "thủ tục này đang có một bản sửa chờ Văn phòng UBND tỉnh "
                                     "duyệt; chờ kết quả duyệt rồi sửa tiếp");
        return MC_ERR_CONFLICT;
    }
    rc = db_query_start(db, &Q_INSERT, &st, "ssisssii", c->p->code, c->u->agency_code, c->base,
                        c->data, c->publication, c->note ? c->note : "", c->u->id, clock_now());
    if (rc == MC_OK && !db_next(st, &rc) && rc == MC_OK)
        rc = MC_ERR_INTERNAL;
    if (rc == MC_OK)
        c->id = db_col_int64(st, 0);
    db_done(st);
    snprintf(object, sizeof(object), "procedure:%s", c->p->code);
    snprintf(detail, sizeof(detail), "{\"draft\":%lld}", (long long)c->id);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "catalog.draft", object, detail);
    return rc;
}

enum mc_status catalog_draft_submit(struct db *db, const struct user *u,
                                    const struct audit_actor *who, const struct procedure *p,
                                    int64_t base_version, const struct catalog_publication *pub,
                                    const char *note, struct form_errors *errs, int64_t *id)
{
    struct submit_ctx c = {u, who, p, base_version, NULL, NULL, note, errs, 0};
    json_t *pj = NULL;
    bool may = false;
    int64_t current = 0;
    enum mc_status rc = catalog_current_version(db, p->code, &current);
    *id = 0;
    if (rc != MC_OK)
        goto out;
    if ((rc = catalog_may_propose(db, u, p->code, &may)) != MC_OK)
        goto out;
    rc = MC_ERR_FORBIDDEN;
    if (!may)
        goto out;
    rc = MC_ERR_INVALID;
    if (note && (strlen(note) > CATALOG_DRAFT_NOTE_MAX || !text_utf8_valid(note, strlen(note))))
        form_errors_add(errs, "note", "ghi chú dài tối đa 2.000 ký tự");
    if (catalog_validate(p, errs) != MC_OK || errs->count)
        goto out;
    pj = catalog_publication_json(pub);
    c.data = catalog_procedure_json(p);
    c.publication = json_dumps(pj, JSON_COMPACT | JSON_SORT_KEYS);
    rc = c.data && c.publication ? db_tx(db, submit_tx, &c) : MC_ERR_INTERNAL;
    *id = c.id;
out:
    free((char *)c.data);
    free((char *)c.publication);
    json_decref(pj);
    return rc;
}

/* ---------------------------------------------------------------- reading */

void catalog_draft_init(struct catalog_draft *d)
{
    memset(d, 0, sizeof(*d));
}

#define DRAFT_STRINGS(d)                                                                  \
    &(d)->agency_name, &(d)->procedure_name, &(d)->data, &(d)->publication, &(d)->note,   \
        &(d)->status, &(d)->author_name, &(d)->reviewer_name, &(d)->review_comment

void catalog_draft_release(struct catalog_draft *d)
{
    char **strs[] = {DRAFT_STRINGS(d)};
    if (!d)
        return;
    for (size_t i = 0; i < MC_ARRAY_LEN(strs); i++)
        free(*strs[i]);
    catalog_draft_init(d);
}

static void read_draft(struct db_stmt *st, struct catalog_draft *d)
{
    char **strs[] = {DRAFT_STRINGS(d)};
    int col = 3;
    d->id = db_col_int64(st, 0);
    db_col_copy(st, 1, d->code, sizeof(d->code));
    db_col_copy(st, 2, d->agency_code, sizeof(d->agency_code));
    for (size_t i = 0; i < MC_ARRAY_LEN(strs); i++)
        *strs[i] = db_col_strdup(st, col++);
    d->base_version = db_col_int64(st, col++);
    d->version = db_col_int64(st, col++);
    d->created_at = db_col_int64(st, col++);
    d->reviewed_at = db_col_int64(st, col);
}

const char *catalog_draft_status_label(const char *status)
{
    if (status && strcmp(status, "pending") == 0)
        return "Chờ duyệt";
    if (status && strcmp(status, "approved") == 0)
        return "Đã duyệt, đang công khai";
    if (status && strcmp(status, "returned") == 0)
        return "Trả lại để sửa";
    return "";
}

static bool may_see(const struct user *u, const struct catalog_draft *d)
{
    return province_admin(u) || (u && (u->roles & ROLE_AGENCY_ADMIN) && u->agency_code[0] &&
                                 strcmp(u->agency_code, d->agency_code) == 0);
}

enum mc_status catalog_draft_get(struct db *db, const struct user *u, int64_t id,
                                 struct catalog_draft *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc;
    catalog_draft_release(out);
    rc = db_get_row(db, &Q_GET, &st, "i", id);
    if (rc == MC_OK)
        read_draft(st, out);
    db_done(st);
    if (rc == MC_OK && !may_see(u, out))
        rc = MC_ERR_FORBIDDEN;
    return rc;
}

ARRAY_LIST_DEFINE_EACH(catalog_draft, items, catalog_draft_release)

enum mc_status catalog_draft_list(struct db *db, const struct user *u, const char *status,
                                  struct catalog_draft_list *out)
{
    struct db_stmt *st = NULL;
    const char *agency = province_admin(u) ? "" : u ? u->agency_code : "";
    enum mc_status rc;
    catalog_draft_list_release(out);
    if (!province_admin(u) && (!u || !(u->roles & ROLE_AGENCY_ADMIN) || !agency[0]))
        return MC_ERR_FORBIDDEN;
    rc = db_query_start(db, &Q_LIST, &st, "ss", agency, status ? status : "");
    while (db_next(st, &rc)) {
        struct catalog_draft *d = ARRAY_PUSH(out->items, out->n, out->cap);
        catalog_draft_init(d);
        read_draft(st, d);
    }
    db_done(st);
    return rc;
}

enum mc_status catalog_agency_procedures(struct db *db, const char *agency,
                                         struct catalog_agency_proc **out, size_t *n)
{
    struct db_stmt *st = NULL;
    size_t cap = 0;
    enum mc_status rc = db_query_start(db, &Q_AGENCY_PROCS, &st, "s", agency ? agency : "");
    *out = NULL;
    *n = 0;
    while (db_next(st, &rc)) {
        struct catalog_agency_proc *p = ARRAY_PUSH(*out, *n, cap);
        db_col_copy(st, 0, p->code, sizeof(p->code));
        db_col_copy(st, 1, p->name, sizeof(p->name));
        p->pending = db_col_int64(st, 2) != 0;
    }
    db_done(st);
    return rc;
}

/* ---------------------------------------------------------------- review */

struct review_ctx {
    const struct user *u;
    const struct audit_actor *who;
    int64_t id;
    bool approve;
    const char *comment;
    struct form_errors *errs;
    int64_t version;
};

/* The draft's procedure and publication data, saved as the public version. */
static enum mc_status approve_draft(struct db *db, struct review_ctx *c,
                                    const struct catalog_draft *d)
{
    struct procedure p;
    struct catalog_publication pub;
    json_error_t jerr;
    json_t *pj = json_loads(d->publication, 0, &jerr);
    enum catalog_save_outcome outcome = CATALOG_UNCHANGED;
    int64_t current = 0;
    enum mc_status rc = catalog_current_version(db, d->code, &current);
    procedure_init(&p);
    if (rc == MC_OK && current != d->base_version) {
        form_errors_add(c->errs, "", "thủ tục đã có phiên bản mới hơn bản sửa này; "
                                     "trả lại để cơ quan sửa từ phiên bản hiện hành");
        rc = MC_ERR_CONFLICT;
    }
    if (rc == MC_OK)
        rc = catalog_procedure_from_json(d->data, strlen(d->data), &p);
    if (rc == MC_OK)
        rc = catalog_publication_from_json(pj, &pub, NULL);
    if (rc == MC_OK)
        rc = catalog_save(db, c->who, &p, &outcome, &c->version);
    if (rc == MC_OK)
        rc = catalog_publication_put(db, d->code, &pub);
    procedure_release(&p);
    json_decref(pj);
    return rc;
}

static enum mc_status review_tx(struct db *db, void *arg)
{
    struct review_ctx *c = arg;
    struct catalog_draft d;
    int64_t changed = 0;
    char object[CATALOG_CODE_MAX + 16], detail[64];
    enum mc_status rc;
    catalog_draft_init(&d);
    c->version = 0;
    if ((rc = catalog_draft_get(db, c->u, c->id, &d)) != MC_OK)
        goto out;
    rc = MC_ERR_CONFLICT;
    if (strcmp(d.status, "pending") != 0)
        goto out;
    rc = c->approve ? approve_draft(db, c, &d) : MC_OK;
    if (rc == MC_OK)
        rc = db_run(db, &Q_REVIEW, &changed, "isiisi", c->id,
                    c->approve ? "approved" : "returned", c->u->id, clock_now(),
                    c->comment && *c->comment ? c->comment : NULL, c->version);
    if (rc == MC_OK && changed != 1)
        rc = MC_ERR_CONFLICT;
    snprintf(object, sizeof(object), "procedure:%s", d.code);
    snprintf(detail, sizeof(detail), "{\"draft\":%lld,\"version\":%lld}", (long long)c->id,
             (long long)c->version);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, c->approve ? "catalog.draft_approve"
                                                 : "catalog.draft_return", object, detail);
out:
    catalog_draft_release(&d);
    return rc;
}

enum mc_status catalog_draft_review(struct db *db, const struct user *u,
                                    const struct audit_actor *who, int64_t id, bool approve,
                                    const char *comment, struct form_errors *errs,
                                    int64_t *version)
{
    struct review_ctx c = {u, who, id, approve, comment, errs, 0};
    size_t len = comment ? strlen(comment) : 0;
    const char *p = comment;
    enum mc_status rc = MC_ERR_FORBIDDEN;
    if (!province_admin(u))
        goto out;
    if (p)
        text_trim(&p, &len);
    rc = MC_ERR_INVALID;
    if (!approve && len < 5)
        form_errors_add(errs, "comment", "vui lòng ghi rõ điều cơ quan cần sửa khi trả lại");
    else if (comment && (strlen(comment) > CATALOG_DRAFT_NOTE_MAX ||
                         !text_utf8_valid(comment, strlen(comment))))
        form_errors_add(errs, "comment", "ý kiến dài tối đa 2.000 ký tự");
    if (errs->count)
        goto out;
    rc = db_tx(db, review_tx, &c);
    if (version)
        *version = c.version;
out:
    return rc;
}
