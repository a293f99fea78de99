/*
 * programme_work.c - who may do what in the programme, and each
 * organisation's workspace on its tasks: status, budget, notes, output
 * counts and evidence, every change audited (see programme.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/text.h"
#include "domain/programme/programme.h"

/* ---------------------------------------------------------------- queries */

static const struct db_query Q_OVERSEER = {
    "programme.overseer", "SELECT count(*) FROM programme_overseers WHERE user_id = ?1",
};
static const struct db_query Q_USER_BY_LOGIN = {
    "programme.user_by_login", "SELECT id, kind FROM users WHERE login = ?1",
};
static const struct db_query Q_OVERSEER_ADD = {
    "programme.overseer_add",
    "INSERT INTO programme_overseers (user_id, org_code, granted_by, granted_at)"
    " VALUES (?1, ?2, NULLIF(?3, 0), ?4)"
    " ON CONFLICT(user_id) DO UPDATE SET org_code = excluded.org_code",
};
static const struct db_query Q_OVERSEER_DEL = {
    "programme.overseer_del", "DELETE FROM programme_overseers WHERE user_id = ?1",
};
static const struct db_query Q_PROGRESS = {
    "programme.progress",
    "SELECT status, budget_planned, budget_spent, updated_at FROM task_progress"
    " WHERE task_id = ?1 AND org_code = ?2",
};
static const struct db_query Q_PROGRESS_SAVE = {
    "programme.progress_save",
    "INSERT INTO task_progress (task_id, org_code, status, budget_planned, budget_spent,"
    " updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, NULLIF(?6, 0), ?7)"
    " ON CONFLICT(task_id, org_code) DO UPDATE SET status = excluded.status,"
    " budget_planned = excluded.budget_planned, budget_spent = excluded.budget_spent,"
    " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
};
static const struct db_query Q_NOTE_ADD = {
    "programme.note_add",
    "INSERT INTO task_notes (task_id, org_code, body, user_id, at)"
    " VALUES (?1, ?2, ?3, NULLIF(?4, 0), ?5)",
};
static const struct db_query Q_OUTPUT_SET = {
    "programme.output_set",
    "INSERT INTO task_outputs (task_id, org_code, year, kind, count, source, reason)"
    " VALUES (?1, ?2, ?3, ?4, ?5, 'manual', ?6) ON CONFLICT(task_id, org_code, year, kind)"
    " DO UPDATE SET count = excluded.count, source = 'manual', reason = excluded.reason",
};
static const struct db_query Q_EVIDENCE_ADD = {
    "programme.evidence_add",
    "INSERT INTO task_evidence (task_id, org_code, title, url, file_sha256, file_name,"
    " content_type, user_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULLIF(?8, 0), ?9)",
};
static const struct db_query Q_EVIDENCE_FILE = {
    "programme.evidence_file",
    "SELECT file_sha256, COALESCE(file_name, ''), COALESCE(content_type, '') FROM task_evidence"
    " WHERE id = ?1 AND task_id = ?2 AND org_code = ?3 AND file_sha256 IS NOT NULL",
};
static const struct db_query Q_USES_FILE = {
    "programme.uses_file",
    "SELECT (SELECT count(*) FROM task_evidence WHERE file_sha256 = ?1)"
    " + (SELECT count(*) FROM plans WHERE file_sha256 = ?1)",
};
static const struct db_query Q_NOTES = {
    "programme.notes",
    "SELECT id, at, body FROM task_notes WHERE task_id = ?1 AND org_code = ?2"
    " ORDER BY at DESC, id DESC",
};
static const struct db_query Q_OUTPUTS = {
    "programme.outputs",
    "SELECT 0, year, kind, source, count, reason FROM task_outputs WHERE task_id = ?1"
    " AND org_code = ?2 ORDER BY year DESC, kind",
};
static const struct db_query Q_EVIDENCE = {
    "programme.evidence",
    "SELECT id, at, title, url, file_sha256, file_name FROM task_evidence"
    " WHERE task_id = ?1 AND org_code = ?2 ORDER BY at DESC, id DESC",
};

/* ---------------------------------------------------------------- statuses */

static const char *const status_names[] = {
    "chua_trien_khai", "dang_thuc_hien", "hoan_thanh", "cham",
};
static const char *const status_labels[] = {
    "Chưa triển khai", "Đang thực hiện", "Hoàn thành", "Chậm",
};

const char *prog_status_name(enum prog_status s)
{
    return (unsigned)s < MC_ARRAY_LEN(status_names) ? status_names[s] : "chua_trien_khai";
}

const char *prog_status_label(enum prog_status s)
{
    return (unsigned)s < MC_ARRAY_LEN(status_labels) ? status_labels[s] : status_labels[0];
}

bool prog_status_parse(const char *s, enum prog_status *out)
{
    for (size_t i = 0; s && i < MC_ARRAY_LEN(status_names); i++) {
        if (strcmp(s, status_names[i]) == 0) {
            *out = (enum prog_status)i;
            return true;
        }
    }
    return false;
}

/* ---------------------------------------------------------------- access */

enum mc_status prog_user_orgs(struct db *db, const struct user *u, struct org_list *out)
{
    if (!u || u->kind != USER_STAFF || !u->agency_code[0])
        return MC_OK;
    return org_list_for_agency(db, u->agency_code, out);
}

enum mc_status prog_acts_for(struct db *db, const struct user *u, const char *org_code,
                             bool *yes)
{
    struct org_list l;
    enum mc_status rc;
    *yes = false;
    org_list_init(&l);
    rc = prog_user_orgs(db, u, &l);
    for (size_t i = 0; rc == MC_OK && i < l.n; i++) {
        if (strcmp(l.items[i].code, org_code) == 0)
            *yes = true;
    }
    org_list_release(&l);
    return rc;
}

enum mc_status prog_is_focal(struct db *db, const struct user *u, const struct prog_plan *p,
                             bool *yes)
{
    char today[PROG_DAY_SIZE];
    char current[ORG_CODE_MAX];
    enum mc_status rc = MC_OK;
    *yes = false;
    if (!u || u->kind != USER_STAFF)
        return MC_OK;
    if (u->roles & ROLE_PROVINCE_ADMIN) {
        *yes = true;
        return MC_OK;
    }
    if (!(u->roles & (ROLE_AGENCY_ADMIN | ROLE_APPROVER)) || !p->focal_code[0])
        return MC_OK;
    prog_today(today);
    rc = prog_acts_for(db, u, p->focal_code, yes);
    if (rc == MC_OK && !*yes && prog_org_current(db, p->focal_code, today, current) == MC_OK)
        rc = prog_acts_for(db, u, current, yes);
    return rc;
}

enum mc_status prog_is_overseer(struct db *db, const struct user *u, bool *yes)
{
    int64_t n = 0;
    enum mc_status rc = MC_OK;
    *yes = false;
    if (u && u->kind == USER_STAFF && u->id > 0) {
        rc = db_get_int(db, &Q_OVERSEER, &n, "i", u->id);
        *yes = n > 0;
    }
    return rc;
}

struct overseer_ctx {
    int64_t user_id;
    const char *org_code;
    bool grant;
    const struct audit_actor *who;
};

static enum mc_status overseer_tx(struct db *db, void *arg)
{
    struct overseer_ctx *c = arg;
    char object[32];
    enum mc_status rc;
    if (c->grant)
        rc = db_run(db, &Q_OVERSEER_ADD, NULL, "isii", c->user_id, c->org_code,
                    c->who->user_id, clock_now());
    else
        rc = db_run(db, &Q_OVERSEER_DEL, NULL, "i", c->user_id);
    snprintf(object, sizeof(object), "user:%lld", (long long)c->user_id);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "programme.overseer", object,
                          c->grant ? "grant" : "withdraw");
    return rc;
}

enum mc_status prog_overseer_set(struct db *db, const char *login, const char *org_code,
                                 bool grant, const struct audit_actor *who)
{
    struct db_stmt *st = NULL;
    struct overseer_ctx c = {0, org_code, grant, who};
    enum mc_status rc = db_get_row(db, &Q_USER_BY_LOGIN, &st, "s", login);
    if (rc == MC_OK) {
        c.user_id = db_col_int64(st, 0);
        if (strcmp(db_col_text(st, 1), "staff") != 0)
            rc = MC_ERR_INVALID;
    }
    db_done(st);
    if (rc == MC_OK && org_code) {
        bool known = false;
        rc = org_exists(db, org_code, &known);
        if (rc == MC_OK && !known)
            rc = MC_ERR_NOT_FOUND;
    }
    if (rc == MC_OK)
        rc = db_tx(db, overseer_tx, &c);
    return rc;
}

bool prog_may_read(struct db *db, const struct user *u)
{
    struct org_list l;
    bool yes = false;
    if (!u || u->kind != USER_STAFF || user_is_collaborator_only(u))
        return false;
    if (u->roles & ROLE_PROVINCE_ADMIN)
        return true;
    if (prog_is_overseer(db, u, &yes) == MC_OK && yes)
        return true;
    org_list_init(&l);
    if (prog_user_orgs(db, u, &l) == MC_OK)
        yes = l.n > 0;
    org_list_release(&l);
    return yes;
}

/* ---------------------------------------------------------------- workspace */

enum mc_status prog_progress_get(struct db *db, int64_t task_id, const char *org_code,
                                 struct prog_progress *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc;
    memset(out, 0, sizeof(*out));
    out->task_id = task_id;
    snprintf(out->org_code, sizeof(out->org_code), "%s", org_code);
    out->budget_planned = -1;
    out->budget_spent = -1;
    rc = db_get_row(db, &Q_PROGRESS, &st, "is", task_id, org_code);
    if (rc == MC_OK) {
        if (!prog_status_parse(db_col_text(st, 0), &out->status))
            out->status = PROG_NOT_STARTED;
        out->budget_planned = db_col_is_null(st, 1) ? -1 : db_col_int64(st, 1);
        out->budget_spent = db_col_is_null(st, 2) ? -1 : db_col_int64(st, 2);
        out->updated_at = db_col_int64(st, 3);
    } else if (rc == MC_ERR_NOT_FOUND) {
        rc = MC_OK;
    }
    db_done(st);
    return rc;
}

/*
 * MC_OK when u acts for org_code and task_id is given to org_code (or a
 * group taking it in); MC_ERR_FORBIDDEN otherwise; MC_ERR_NOT_FOUND for an
 * unknown task.
 */
static enum mc_status may_work(struct db *db, const struct user *u, int64_t task_id,
                               const char *org_code)
{
    struct prog_task t;
    struct prog_task_list l;
    bool acts = false;
    bool given = false;
    enum mc_status rc;

    prog_task_init(&t);
    prog_task_list_init(&l);
    rc = prog_task_get(db, task_id, &t);
    if (rc == MC_OK)
        rc = prog_acts_for(db, u, org_code, &acts);
    if (rc == MC_OK && acts && !(u->roles & ROLE_OFFICER_MASK))
        acts = false;
    if (rc == MC_OK && acts)
        rc = prog_task_list(db, t.plan_id, org_code, &l);
    for (size_t i = 0; rc == MC_OK && i < l.n; i++) {
        if (l.items[i].id == task_id)
            given = true;
    }
    if (rc == MC_OK && !(acts && given))
        rc = MC_ERR_FORBIDDEN;
    prog_task_list_release(&l);
    prog_task_release(&t);
    return rc;
}

struct progress_ctx {
    int64_t task_id;
    const char *org_code;
    const struct prog_update *up;
    const struct audit_actor *who;
};

static enum mc_status progress_tx(struct db *db, void *arg)
{
    struct progress_ctx *c = arg;
    int64_t now = clock_now();
    char object[96];
    char detail[96];
    enum mc_status rc;
    rc = db_run(db, &Q_PROGRESS_SAVE, NULL, "issiiii", c->task_id, c->org_code,
                prog_status_name(c->up->status), c->up->budget_planned,
                c->up->budget_spent, c->who->user_id, now);
    /* -1 means "not entered": store NULL rather than a negative amount */
    if (rc == MC_OK && (c->up->budget_planned < 0 || c->up->budget_spent < 0)) {
        static const struct db_query Q_NULLS = {
            "programme.progress_nulls",
            "UPDATE task_progress SET budget_planned = CASE WHEN budget_planned < 0 THEN NULL"
            " ELSE budget_planned END, budget_spent = CASE WHEN budget_spent < 0 THEN NULL"
            " ELSE budget_spent END WHERE task_id = ?1 AND org_code = ?2",
        };
        rc = db_run(db, &Q_NULLS, NULL, "is", c->task_id, c->org_code);
    }
    if (rc == MC_OK && c->up->note && c->up->note[0])
        rc = db_run(db, &Q_NOTE_ADD, NULL, "issii", c->task_id, c->org_code, c->up->note,
                    c->who->user_id, now);
    snprintf(object, sizeof(object), "task:%lld:%s", (long long)c->task_id, c->org_code);
    snprintf(detail, sizeof(detail), "{\"status\":\"%s\",\"note\":%s}",
             prog_status_name(c->up->status), c->up->note && c->up->note[0] ? "true" : "false");
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "programme.progress", object, detail);
    return rc;
}

enum mc_status prog_progress_save(struct db *db, const struct user *u, int64_t task_id,
                                  const char *org_code, const struct prog_update *up,
                                  const struct audit_actor *who, struct form_errors *errs)
{
    struct progress_ctx c = {task_id, org_code, up, who};
    enum mc_status rc = may_work(db, u, task_id, org_code);
    if (rc != MC_OK)
        return rc;
    if (up->note && (strlen(up->note) > PROG_TEXT_MAX ||
                     !text_utf8_valid(up->note, strlen(up->note)))) {
        form_errors_add(errs, "ghi_chu", "Ghi chú quá dài hoặc không hợp lệ");
        rc = MC_ERR_INVALID;
    }
    if ((unsigned)up->status > PROG_LATE) {
        form_errors_add(errs, "trang_thai", "Trạng thái không hợp lệ");
        rc = MC_ERR_INVALID;
    }
    if (up->budget_planned < -1 || up->budget_spent < -1) {
        form_errors_add(errs, "kinh_phi", "Kinh phí phải là số đồng không âm");
        rc = MC_ERR_INVALID;
    }
    if (rc == MC_OK)
        rc = db_tx(db, progress_tx, &c);
    return rc;
}

/* True when s holds more than white space. */
static bool has_text(const char *s)
{
    size_t len = strlen(s);
    text_trim(&s, &len);
    return len > 0;
}

struct output_ctx {
    int64_t task_id;
    const char *org_code;
    int year;
    const char *kind;
    int64_t count;
    const char *reason;
    const struct audit_actor *who;
};

static enum mc_status output_tx(struct db *db, void *arg)
{
    struct output_ctx *c = arg;
    char object[96];
    char detail[96];
    enum mc_status rc = db_run(db, &Q_OUTPUT_SET, NULL, "isisis", c->task_id, c->org_code,
                               (int64_t)c->year, c->kind, c->count, c->reason);
    snprintf(object, sizeof(object), "task:%lld:%s", (long long)c->task_id, c->org_code);
    snprintf(detail, sizeof(detail), "{\"year\":%d,\"kind\":\"%s\",\"count\":%lld%s}",
             c->year, c->kind, (long long)c->count, c->reason[0] ? ",\"override\":true" : "");
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "programme.output", object, detail);
    return rc;
}

enum mc_status prog_output_set(struct db *db, const struct user *u, int64_t task_id,
                               const char *org_code, int year, const char *kind,
                               int64_t count, const char *reason,
                               const struct audit_actor *who)
{
    struct output_ctx c = {task_id, org_code, year, kind, count, reason ? reason : "", who};
    enum mc_status rc = may_work(db, u, task_id, org_code);
    if (rc != MC_OK)
        return rc;
    if (!prog_output_kind_name(kind) || year < 2000 || year > 2100 || count < 0 ||
        count > 100000000)
        return MC_ERR_INVALID;
    if (strlen(c.reason) > PROG_REASON_MAX || !text_utf8_valid(c.reason, strlen(c.reason)))
        return MC_ERR_INVALID;
    /* A kind the platform counts is overwritten only with a reason. */
    if (prog_output_kind_source(kind) && !has_text(c.reason))
        return MC_ERR_INVALID;
    return db_tx(db, output_tx, &c);
}

struct evidence_ctx {
    int64_t task_id;
    const char *org_code, *title, *url, *sha, *name, *type;
    const struct audit_actor *who;
};

static enum mc_status evidence_tx(struct db *db, void *arg)
{
    struct evidence_ctx *c = arg;
    char object[96];
    enum mc_status rc = db_run(db, &Q_EVIDENCE_ADD, NULL, "issssssii", c->task_id, c->org_code,
                               c->title, c->url, c->sha, c->name, c->type, c->who->user_id,
                               clock_now());
    snprintf(object, sizeof(object), "task:%lld:%s", (long long)c->task_id, c->org_code);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "programme.evidence", object, c->url ? "url" : "file");
    return rc;
}

enum mc_status prog_evidence_add(struct db *db, const struct user *u, int64_t task_id,
                                 const char *org_code, const char *title, const char *url,
                                 const char *sha256, const char *file_name,
                                 const char *content_type, const struct audit_actor *who,
                                 struct form_errors *errs)
{
    struct evidence_ctx c = {task_id, org_code, title, url, sha256, file_name, content_type,
                             who};
    enum mc_status rc = may_work(db, u, task_id, org_code);
    if (rc != MC_OK)
        return rc;
    if (!title || !title[0] || strlen(title) > 500 || !text_utf8_valid(title, strlen(title))) {
        form_errors_add(errs, "tieu_de", "Nhập tên minh chứng (tối đa 500 ký tự)");
        rc = MC_ERR_INVALID;
    }
    if ((url && url[0]) == (sha256 && sha256[0])) {
        form_errors_add(errs, "duong_dan", "Chọn một tệp hoặc nhập một đường dẫn");
        rc = MC_ERR_INVALID;
    } else if (url && url[0] &&
               (strlen(url) > PROG_URL_MAX ||
                (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0))) {
        form_errors_add(errs, "duong_dan", "Đường dẫn phải bắt đầu bằng http:// hoặc https://");
        rc = MC_ERR_INVALID;
    }
    if (rc != MC_OK)
        return rc;
    if (url && !url[0])
        c.url = NULL;
    if (sha256 && !sha256[0])
        c.sha = NULL;
    return db_tx(db, evidence_tx, &c);
}

/* ---------------------------------------------------------------- lists */

static void item_release(struct prog_item *it)
{
    free(it->text);
    free(it->ref);
}

ARRAY_LIST_DEFINE_EACH(prog_item, items, item_release)

/* Append the rows of q for task_id and org_code to out, each read by read. */
static enum mc_status task_items(struct db *db, const struct db_query *q, int64_t task_id,
                                 const char *org_code,
                                 void (*read)(struct db_stmt *, struct prog_item *),
                                 struct prog_item_list *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_query_start(db, q, &st, "is", task_id, org_code);
    while (db_next(st, &rc))
        read(st, ARRAY_PUSH(out->items, out->n, out->cap));
    db_done(st);
    return rc;
}

/* A row of Q_NOTES. */
static void note_read(struct db_stmt *st, struct prog_item *it)
{
    it->id = db_col_int64(st, 0);
    it->at = db_col_int64(st, 1);
    it->text = db_col_strdup(st, 2);
}

/* A row of Q_OUTPUTS. */
static void output_read(struct db_stmt *st, struct prog_item *it)
{
    it->at = db_col_int64(st, 1);
    db_col_copy(st, 2, it->kind, sizeof(it->kind));
    it->text = db_col_strdup(st, 3);
    it->count = db_col_int64(st, 4);
    it->ref = db_col_strdup(st, 5);
}

/* A row of Q_EVIDENCE: a link or a stored file. */
static void evidence_read(struct db_stmt *st, struct prog_item *it)
{
    bool url = !db_col_is_null(st, 3);
    note_read(st, it);
    snprintf(it->kind, sizeof(it->kind), "%s", url ? "url" : "file");
    it->ref = db_col_strdup(st, url ? 3 : 4);
}

enum mc_status prog_notes(struct db *db, int64_t task_id, const char *org_code,
                          struct prog_item_list *out)
{
    return task_items(db, &Q_NOTES, task_id, org_code, note_read, out);
}

enum mc_status prog_outputs(struct db *db, int64_t task_id, const char *org_code,
                            struct prog_item_list *out)
{
    return task_items(db, &Q_OUTPUTS, task_id, org_code, output_read, out);
}

enum mc_status prog_evidence(struct db *db, int64_t task_id, const char *org_code,
                             struct prog_item_list *out)
{
    return task_items(db, &Q_EVIDENCE, task_id, org_code, evidence_read, out);
}

enum mc_status prog_uses_file(struct db *db, const char *sha256, bool *used)
{
    int64_t n = 0;
    enum mc_status rc = db_get_int(db, &Q_USES_FILE, &n, "s", sha256);
    *used = rc == MC_OK && n > 0;
    return rc;
}

enum mc_status prog_evidence_file(struct db *db, int64_t task_id, const char *org_code,
                                  int64_t id, char *sha256, char *name, size_t size,
                                  char *type, size_t tsize)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_EVIDENCE_FILE, &st, "iis", id, task_id, org_code);
    if (rc == MC_OK) {
        db_col_copy(st, 0, sha256, 65);
        db_col_copy(st, 1, name, size);
        db_col_copy(st, 2, type, tsize);
    }
    db_done(st);
    return rc;
}
