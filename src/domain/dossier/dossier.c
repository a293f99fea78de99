/*
 * dossier.c - the state machine table, authorisation, reading a dossier,
 * its history and files, public tracking and drafts (see dossier.h).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/db_row.h"
#include "core/seal.h"
#include "core/array.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/text.h"
#include "domain/dossier/dossier-int.h"

#define S(x) (1u << (x))
#define OFFICER (ROLE_RECEPTION | ROLE_PROCESSING | ROLE_APPROVER)

/* THE state machine.  Rows in enum dossier_action order. */
static const struct dossier_transition transitions[] = {
    {DOSSIER_ACT_SUBMIT, "submit", "Nộp hồ sơ trực tuyến",
     0, -1, NAT_ST_NEW, DOSSIER_STEP_NONE, DOSSIER_BY_APPLICANT, false},
    {DOSSIER_ACT_INTAKE, "intake", "Tiếp nhận hồ sơ trực tiếp hoặc qua bưu chính",
     0, -1, NAT_ST_RECEIVED, DOSSIER_STEP_NONE, ROLE_RECEPTION, false},
    {DOSSIER_ACT_ACCEPT, "accept", "Tiếp nhận hồ sơ",
     S(1), -1, NAT_ST_RECEIVED, DOSSIER_STEP_NONE, ROLE_RECEPTION, false},
    {DOSSIER_ACT_REFUSE, "refuse", "Từ chối tiếp nhận",
     S(1) | S(2), -1, NAT_ST_REFUSED, DOSSIER_STEP_NONE, ROLE_RECEPTION, true},
    {DOSSIER_ACT_START, "start", "Nhận xử lý",
     S(2), -1, NAT_ST_PROCESSING, DOSSIER_STEP_NONE, ROLE_PROCESSING, false},
    {DOSSIER_ACT_REQUEST_SUPPLEMENT, "request_supplement", "Yêu cầu bổ sung hồ sơ",
     S(4), DOSSIER_STEP_NONE, NAT_ST_SUPPLEMENT, DOSSIER_STEP_NONE, ROLE_PROCESSING, true},
    {DOSSIER_ACT_SUPPLEMENT, "supplement", "Nộp bổ sung",
     S(5), -1, NAT_ST_PROCESSING, DOSSIER_STEP_NONE, DOSSIER_BY_APPLICANT, false},
    {DOSSIER_ACT_REQUEST_PAYMENT, "request_payment", "Yêu cầu nộp phí, lệ phí",
     S(4), DOSSIER_STEP_NONE, NAT_ST_PAYMENT, DOSSIER_STEP_NONE, ROLE_PROCESSING, false},
    {DOSSIER_ACT_CONFIRM_PAYMENT, "confirm_payment", "Xác nhận đã nộp phí, lệ phí",
     S(6), -1, NAT_ST_PROCESSING, DOSSIER_STEP_NONE, ROLE_RECEPTION | DOSSIER_BY_SYSTEM,
     false},
    {DOSSIER_ACT_WITHDRAW, "withdraw", "Rút hồ sơ",
     S(1) | S(2) | S(4) | S(5) | S(6), -1, NAT_ST_WITHDRAWN, DOSSIER_STEP_NONE,
     DOSSIER_BY_APPLICANT, false},
    {DOSSIER_ACT_STOP, "stop", "Dừng xử lý",
     S(4) | S(5) | S(6), -1, NAT_ST_STOPPED, DOSSIER_STEP_NONE,
     ROLE_PROCESSING | ROLE_APPROVER, true},
    {DOSSIER_ACT_FINISH, "finish", "Trình lãnh đạo phê duyệt",
     S(4), DOSSIER_STEP_NONE, 0, DOSSIER_STEP_AWAITING_APPROVAL, ROLE_PROCESSING, false},
    {DOSSIER_ACT_SEND_BACK, "send_back", "Trả lại chuyên viên xử lý",
     S(4), DOSSIER_STEP_AWAITING_APPROVAL, 0, DOSSIER_STEP_NONE, ROLE_APPROVER, true},
    {DOSSIER_ACT_APPROVE, "approve", "Phê duyệt kết quả",
     S(4), DOSSIER_STEP_AWAITING_APPROVAL, NAT_ST_DONE, DOSSIER_STEP_NONE, ROLE_APPROVER,
     false},
    {DOSSIER_ACT_RETURN, "return", "Trả kết quả",
     S(9), -1, NAT_ST_RETURNED, DOSSIER_STEP_NONE, ROLE_RECEPTION, false},
    {DOSSIER_ACT_APOLOGY, "apology", "Xin lỗi và hẹn lại ngày trả kết quả",
     S(2) | S(4) | S(5) | S(6), -1, 0, -1, ROLE_PROCESSING | ROLE_APPROVER, true},
    {DOSSIER_ACT_COLLECT_FEE, "collect_fee", "Xác nhận đã thu phí, lệ phí tại quầy",
     S(4) | S(9), -1, 0, -1, ROLE_RECEPTION, false},
    {DOSSIER_ACT_WAIVE_FEE, "waive_fee", "Miễn phí, lệ phí",
     S(4) | S(9), -1, 0, -1, ROLE_APPROVER, true},
};

_Static_assert(MC_ARRAY_LEN(transitions) == DOSSIER_ACT_COUNT, "one row per action");

const struct dossier_transition *dossier_transitions(size_t *n)
{
    *n = MC_ARRAY_LEN(transitions);
    return transitions;
}

const struct dossier_transition *dossier_transition_of(enum dossier_action a)
{
    if ((int)a < 0 || a >= DOSSIER_ACT_COUNT || !MC_CHECK(transitions[a].action == a))
        return NULL;
    return &transitions[a];
}

const char *dossier_action_code(enum dossier_action a)
{
    const struct dossier_transition *t = dossier_transition_of(a);
    return t ? t->code : "";
}

enum mc_status dossier_action_parse(const char *code, enum dossier_action *out)
{
    for (size_t i = 0; code && i < MC_ARRAY_LEN(transitions); i++) {
        if (strcmp(code, transitions[i].code) == 0) {
            *out = transitions[i].action;
            return MC_OK;
        }
    }
    return MC_ERR_INVALID;
}

const char *dossier_status_name(int status, int step)
{
    if (status == NAT_ST_PROCESSING && step == DOSSIER_STEP_AWAITING_APPROVAL)
        return "Chờ phê duyệt";
    return nat_status_name(status);
}

void dossier_init(struct dossier *d)
{
    memset(d, 0, sizeof(*d));
}

void dossier_release(struct dossier *d)
{
    free(d->form_data);
    dossier_init(d);
}

void dossier_to_idx(const struct dossier *d, struct idx_dossier *out)
{
    memset(out, 0, sizeof(*out));
    out->ma_ho_so = d->code;
    out->channel = d->channel;
    out->status = d->status;
    out->received_at = d->received_at;
    out->due_at = d->due_at;
    out->ended_at = d->ended_at;
    out->returned_at = d->returned_at;
    out->supplement_count = (int)d->supplement_count;
    out->supplement_seconds = d->due_at && d->deadline_at > d->due_at
                                  ? d->deadline_at - d->due_at : 0;
    out->supplement_since = d->status == NAT_ST_SUPPLEMENT ? d->supplement_since : 0;
    out->paid_online = d->paid_online;
    out->has_fee = d->has_fee;
    out->e_result = d->e_result;
    out->digitised = d->digitised;
    out->reused_data = d->reused_data;
    out->rating = d->rating;
    out->complaint = d->complaint;
}

/* The columns of DOSSIER_IDX_COLS_OF(), in order. */
static const struct db_field DOSSIER_IDX_FIELDS[] = {
    DB_INT(struct dossier, channel),
    DB_INT(struct dossier, status),
    DB_INT64(struct dossier, received_at),
    DB_INT64(struct dossier, due_at),
    DB_INT64(struct dossier, deadline_at),
    DB_INT64(struct dossier, ended_at),
    DB_INT64(struct dossier, returned_at),
    DB_INT64(struct dossier, supplement_count),
    DB_INT64(struct dossier, supplement_since),
    DB_INT(struct dossier, paid_online),
    DB_BOOL(struct dossier, has_fee),
    DB_BOOL(struct dossier, e_result),
    DB_BOOL(struct dossier, digitised),
    DB_BOOL(struct dossier, reused_data),
    DB_INT(struct dossier, rating),
    DB_BOOL(struct dossier, complaint),
};

void dossier_idx_read_cols(struct db_stmt *st, int first, struct dossier *d)
{
    db_row_read(st, first, d, DOSSIER_IDX_FIELDS, MC_ARRAY_LEN(DOSSIER_IDX_FIELDS));
}

/* ---------------------------------------------------------------- authorisation */

static bool same_code(const char *a, const char *b)
{
    return a[0] && b[0] && strcmp(a, b) == 0;
}

bool dossier_may_read(const struct user *u, const struct dossier *d)
{
    if (!u)
        return false;
    if (u->kind != USER_STAFF)
        return d->applicant_id != 0 && d->applicant_id == u->id;
    if (u->roles & ROLE_PROVINCE_ADMIN)
        return true;
    return same_code(u->agency_code, d->agency_code) ||
           same_code(u->agency_code, d->reception_code);
}

/* Does the actor hold a role the row allows, in the right agency? */
static bool actor_allowed(const struct dossier_transition *t, const struct user *u,
                          const struct dossier *d)
{
    unsigned needed = t->actors & OFFICER;
    bool in_agency = same_code(u->agency_code, d->agency_code);
    bool at_desk = same_code(u->agency_code, d->reception_code);
    if (u->kind != USER_STAFF)
        return (t->actors & DOSSIER_BY_APPLICANT) && d->applicant_id == u->id;
    if (!needed)
        return false;
    if (u->roles & ROLE_AGENCY_ADMIN)
        return in_agency || (at_desk && (needed & ROLE_RECEPTION));
    if ((u->roles & needed & ROLE_RECEPTION) && (in_agency || at_desk))
        return true;
    return (u->roles & needed & (ROLE_PROCESSING | ROLE_APPROVER)) && in_agency;
}

bool dossier_fee_open(const struct dossier *d)
{
    return d->has_fee && d->fee_dong > 0 && !d->fee_paid;
}

bool dossier_fee_payable(const struct dossier *d)
{
    return dossier_fee_open(d) && !d->imported &&
           (S(d->status) & (S(2) | S(4) | S(5) | S(6) | S(9)));
}

/* What the fee asks of an action the table allows: a reason, or NULL. */
static const char *fee_refusal(const struct dossier *d, enum dossier_action a)
{
    if (a == DOSSIER_ACT_RETURN && dossier_fee_open(d))
        return "Chưa trả kết quả được: hồ sơ còn phí, lệ phí chưa nộp. Hãy thu phí (hoặc chờ "
               "người nộp thanh toán trực tuyến), hoặc lãnh đạo miễn phí có ghi lý do.";
    if ((a == DOSSIER_ACT_COLLECT_FEE || a == DOSSIER_ACT_WAIVE_FEE) && !dossier_fee_open(d))
        return "Hồ sơ không có khoản phí, lệ phí nào chưa nộp.";
    return NULL;
}

enum mc_status dossier_may_status(const struct user *u, const struct dossier *d,
                                  enum dossier_action a, struct form_errors *errs)
{
    const struct dossier_transition *t = dossier_transition_of(a);
    const char *reason = NULL;
    enum mc_status rc = MC_ERR_INVALID;
    if (!t || !u)
        reason = "Thao tác không hợp lệ.";
    else if (d->imported)
        reason = "Hồ sơ nhập từ hệ thống khác chỉ dùng để thống kê, không xử lý tại đây.";
    else if (!t->from || !(t->from & S(d->status)) ||
             (t->from_step >= 0 && t->from_step != d->step))
        reason = "Thao tác này không thực hiện được ở trạng thái hiện tại của hồ sơ.";
    else if ((reason = fee_refusal(d, a)) != NULL)
        rc = MC_ERR_INVALID;   /* the fee's state is part of the dossier's state */
    else if (!actor_allowed(t, u, d)) {
        reason = "Bạn không có quyền thực hiện thao tác này với hồ sơ.";
        rc = MC_ERR_FORBIDDEN;
    }
    if (reason)
        form_errors_add(errs, "action", reason);
    return reason ? rc : MC_OK;
}

bool dossier_may(const struct user *u, const struct dossier *d, enum dossier_action a,
                 struct form_errors *errs)
{
    return dossier_may_status(u, d, a, errs) == MC_OK;
}

const char *dossier_actor_role(const struct user *u)
{
    return u ? user_role_label(u) : "system";
}

bool dossier_text_ok(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    return n <= max && text_utf8_valid(s, n);
}

/* ---------------------------------------------------------------- rows */

/* The columns of DOSSIER_COLS, in order. */
static const struct db_field DOSSIER_FIELDS[] = {
    DB_INT64(struct dossier, id),
    DB_TEXT(struct dossier, code),
    DB_SKIP(struct dossier, imported),   /* origin */
    DB_TEXT(struct dossier, procedure_code),
    DB_INT64(struct dossier, procedure_version),
    DB_TEXT(struct dossier, procedure_name),
    DB_TEXT(struct dossier, agency_code),
    DB_TEXT(struct dossier, reception_code),
    DB_INT64(struct dossier, applicant_id),
    DB_TEXT(struct dossier, applicant_ref),
    DB_TEXT(struct dossier, contact_name),
    DB_SKIP(struct dossier, contact_phone),   /* sealed at rest: dossier_open_fields() */
    DB_SKIP(struct dossier, contact_id),
    DB_INT(struct dossier, channel),
    DB_INT(struct dossier, status),
    DB_INT(struct dossier, step),
    DB_INT64(struct dossier, assignee_id),
    DB_SKIP(struct dossier, form_data),
    DB_INT(struct dossier, delivery),
    DB_SKIP(struct dossier, delivery_address),
    DB_INT64(struct dossier, submitted_at),
    DB_INT64(struct dossier, received_at),
    DB_INT64(struct dossier, due_at),
    DB_INT(struct dossier, due_unit),
    DB_INT64(struct dossier, deadline_at),
    DB_INT64(struct dossier, ended_at),
    DB_INT64(struct dossier, returned_at),
    DB_INT64(struct dossier, supplement_count),
    DB_INT64(struct dossier, supplement_seconds),
    DB_INT64(struct dossier, supplement_since),
    DB_INT64(struct dossier, fee_dong),
    DB_BOOL(struct dossier, has_fee),
    DB_BOOL(struct dossier, fee_paid),
    DB_INT(struct dossier, paid_online),
    DB_BOOL(struct dossier, e_result),
    DB_BOOL(struct dossier, digitised),
    DB_BOOL(struct dossier, reused_data),
    DB_INT(struct dossier, rating),
    DB_BOOL(struct dossier, complaint),
    DB_INT64(struct dossier, result_file_id),
    DB_INT64(struct dossier, result_vault_item_id),
    DB_INT64(struct dossier, apology_due_at),
    DB_INT64(struct dossier, apology_count),
    DB_BOOL(struct dossier, due_soon_marked),
    DB_BOOL(struct dossier, overdue_marked),
    DB_INT64(struct dossier, version),
    DB_INT64(struct dossier, created_at),
    DB_INT64(struct dossier, updated_at),
    DB_TEXT(struct dossier, result_number),
    DB_INT64(struct dossier, supplement_due_at),
};

static const struct db_row_type DOSSIER_ROW =
    DB_ROW_TYPE(struct dossier, DOSSIER_FIELDS, NULL, NULL);

void dossier_read_row(struct db_stmt *st, struct dossier *d)
{
    free(d->form_data);
    dossier_init(d);
    db_row_read_type(st, &DOSSIER_ROW, d);
    d->imported = strcmp(db_col_text(st, 2), "import") == 0;
    dossier_open_fields(st, 11, 12, 17, 19, d);   /* sealed at rest */
}

static const struct db_query Q_LOAD = {
    "dossier.load", "SELECT " DOSSIER_COLS " FROM dossiers WHERE id = ?1",
};
static const struct db_query Q_LOAD_CODE = {
    "dossier.load_code", "SELECT " DOSSIER_COLS " FROM dossiers WHERE code = ?1",
};

static enum mc_status load_one(struct db *db, const struct db_query *q, int64_t id,
                               const char *code, struct dossier *d)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = code ? db_get_row(db, q, &st, "s", code) : db_get_row(db, q, &st, "i", id);
    if (rc == MC_OK)
        dossier_read_row(st, d);
    db_done(st);
    return rc;
}

enum mc_status dossier_load(struct db *db, int64_t id, struct dossier *d)
{
    return load_one(db, &Q_LOAD, id, NULL, d);
}

/* rc of loading d; MC_ERR_NOT_FOUND (d released) when actor (NULL: anyone) may not read d. */
static enum mc_status readable(const struct user *actor, struct dossier *d, enum mc_status rc)
{
    if (rc == MC_OK && actor && !dossier_may_read(actor, d)) {
        dossier_release(d);
        rc = MC_ERR_NOT_FOUND;
    }
    return rc;
}

enum mc_status dossier_get(struct db *db, const struct user *actor, int64_t id,
                           struct dossier *d)
{
    return readable(actor, d, load_one(db, &Q_LOAD, id, NULL, d));
}

static const struct db_query Q_CODE_OWN = {
    "dossier.code_own", "SELECT code FROM dossiers WHERE id = ?1 AND applicant_id = ?2",
};

enum mc_status dossier_code_of_own(struct db *db, const struct user *actor, int64_t id,
                                   char code[DOSSIER_CODE_MAX])
{
    struct db_stmt *s = NULL;
    enum mc_status rc = actor ? db_get_row(db, &Q_CODE_OWN, &s, "ii", id, actor->id)
                              : MC_ERR_NOT_FOUND;
    if (rc == MC_OK)
        db_col_copy(s, 0, code, DOSSIER_CODE_MAX);
    db_done(s);
    return rc;
}

enum mc_status dossier_get_by_code(struct db *db, const struct user *actor, const char *code,
                                   struct dossier *d)
{
    return readable(actor, d, code ? load_one(db, &Q_LOAD_CODE, 0, code, d) : MC_ERR_NOT_FOUND);
}

static const struct db_query Q_STORE = {
    "dossier.store",
    "UPDATE dossiers SET status = ?3, step = ?4, assignee_id = NULLIF(?5, 0),"
    " received_at = NULLIF(?6, 0), due_at = NULLIF(?7, 0), due_unit = ?8,"
    " deadline_at = NULLIF(?9, 0), ended_at = NULLIF(?10, 0), returned_at = NULLIF(?11, 0),"
    " supplement_count = ?12, supplement_seconds = ?13, supplement_since = NULLIF(?14, 0),"
    " fee_dong = ?15, has_fee = ?16, fee_paid = ?17, paid_online = ?18, e_result = ?19,"
    " digitised = ?20, reused_data = ?21, result_file_id = NULLIF(?22, 0),"
    " result_vault_item_id = NULLIF(?23, 0), apology_due_at = NULLIF(?24, 0),"
    " apology_count = ?25, due_soon_marked = ?26, overdue_marked = ?27,"
    " version = version + 1, updated_at = ?28, result_number = NULLIF(?29, ''),"
    " supplement_due_at = NULLIF(?30, 0)"
    " WHERE id = ?1 AND version = ?2",
};

enum mc_status dossier_store(struct db *db, struct dossier *d)
{
    int64_t now = clock_now();
    enum mc_status rc = db_change(
        db, &Q_STORE, MC_ERR_CONFLICT, "iiiiiiiiiiiiiiiiiiiiiiiiiiiisi", d->id, d->version,
        (int64_t)d->status, (int64_t)d->step, d->assignee_id, d->received_at, d->due_at,
        (int64_t)d->due_unit, d->deadline_at, d->ended_at, d->returned_at,
        d->supplement_count, d->supplement_seconds, d->supplement_since, d->fee_dong,
        (int64_t)d->has_fee, (int64_t)d->fee_paid, (int64_t)d->paid_online,
        (int64_t)d->e_result, (int64_t)d->digitised, (int64_t)d->reused_data,
        d->result_file_id, d->result_vault_item_id, d->apology_due_at, d->apology_count,
        (int64_t)d->due_soon_marked, (int64_t)d->overdue_marked, now, d->result_number,
        d->supplement_due_at);
    if (rc == MC_OK) {
        d->version++;
        d->updated_at = now;
    }
    return rc;
}

static const struct db_query Q_EVENT = {
    "dossier.event",
    "INSERT INTO dossier_events (dossier_id, at, actor_id, actor_role, from_status,"
    " to_status, action, note, attachments, due_at)"
    " VALUES (?1, ?2, NULLIF(?3, 0), ?4, NULLIF(?5, 0), ?6, ?7, ?8, ?9, NULLIF(?10, 0))",
};

enum mc_status dossier_event_add(struct db *db, int64_t dossier_id, const struct user *actor,
                                 int from_status, int to_status, const char *action,
                                 const char *note, const char *attachments, int64_t due_at)
{
    return db_run(db, &Q_EVENT, NULL, "iiisiisssi", dossier_id, clock_now(),
                  actor ? actor->id : (int64_t)0, dossier_actor_role(actor),
                  (int64_t)from_status, (int64_t)to_status, action, note ? note : "",
                  attachments ? attachments : "[]", due_at);
}

enum mc_status dossier_audit(struct db *db, const struct user *actor, const char *address,
                             const char *action, const char *code, int from, int to)
{
    struct audit_actor who = {actor ? actor->id : 0, dossier_actor_role(actor),
                              address ? address : "local"};
    char act[64], object[DOSSIER_CODE_MAX + 16], detail[48];
    snprintf(act, sizeof(act), "dossier.%s", action);
    snprintf(object, sizeof(object), "dossier:%s", code);
    snprintf(detail, sizeof(detail), "{\"from\":%d,\"to\":%d}", from, to);
    return audit_record(db, &who, act, object, detail);
}

/* ---------------------------------------------------------------- history and files */

static void event_release(struct dossier_event *e)
{
    free(e->note);
    free(e->attachments);
}

ARRAY_LIST_DEFINE_EACH(dossier_event, items, event_release)

static const struct db_query Q_EVENTS = {
    "dossier.events",
    "SELECT id, at, actor_id, actor_role, from_status, to_status, action, note,"
    " attachments, due_at FROM dossier_events WHERE dossier_id = ?1 ORDER BY id",
};

/* The columns of EVENT_COLS, in order. */
static const struct db_field DOSSIER_EVENT_FIELDS[] = {
    DB_INT64(struct dossier_event, id),
    DB_INT64(struct dossier_event, at),
    DB_INT64(struct dossier_event, actor_id),
    DB_TEXT(struct dossier_event, actor_role),
    DB_INT(struct dossier_event, from_status),
    DB_INT(struct dossier_event, to_status),
    DB_TEXT(struct dossier_event, action),
    DB_STRDUP(struct dossier_event, note),
    DB_STRDUP(struct dossier_event, attachments),
    DB_INT64(struct dossier_event, due_at),
};

static const struct db_row_type EVENT_ROW =
    DB_ROW_TYPE(struct dossier_event, DOSSIER_EVENT_FIELDS, NULL, NULL);

/*
 * The rows of q for dossier id (its one parameter), read as t says, into
 * the array at items (db_row_list), once actor may see the dossier
 * (dossier_get).
 */
/* The rows q of d into a list, once actor (NULL: anyone) may read d. */
static enum mc_status dossier_rows(struct db *db, const struct user *actor,
                                   const struct dossier *d, const struct db_query *q,
                                   const struct db_row_type *t, void *items, size_t *n,
                                   size_t *cap)
{
    if (actor && !dossier_may_read(actor, d))
        return MC_ERR_NOT_FOUND;
    return db_row_list(db, q, t, items, n, cap, "i", d->id);
}

enum mc_status dossier_history(struct db *db, const struct user *actor,
                               const struct dossier *d, struct dossier_event_list *out)
{
    dossier_event_list_release(out);
    return dossier_rows(db, actor, d, &Q_EVENTS, &EVENT_ROW, &out->items, &out->n, &out->cap);
}

ARRAY_LIST_DEFINE(dossier_file, items)

#define FILE_COLS "id, dossier_id, kind, name, vault_item_id, sha256, size, content_type," \
                  " path, digitised, added_at"

static const struct db_query Q_FILES = {
    "dossier.files",
    "SELECT " FILE_COLS " FROM dossier_files WHERE dossier_id = ?1 ORDER BY id",
};
static const struct db_query Q_FILE = {
    "dossier.file", "SELECT " FILE_COLS " FROM dossier_files WHERE id = ?1",
};

/* The columns of FILE_COLS, in order. */
static const struct db_field DOSSIER_FILE_FIELDS[] = {
    DB_INT64(struct dossier_file, id),
    DB_INT64(struct dossier_file, dossier_id),
    DB_TEXT(struct dossier_file, kind),
    DB_TEXT(struct dossier_file, name),
    DB_INT64(struct dossier_file, vault_item_id),
    DB_FILESTORE_META(struct dossier_file, file),
    DB_BOOL(struct dossier_file, digitised),
    DB_INT64(struct dossier_file, added_at),
};

static const struct db_row_type FILE_ROW =
    DB_ROW_TYPE(struct dossier_file, DOSSIER_FILE_FIELDS, NULL, NULL);

enum mc_status dossier_files(struct db *db, const struct user *actor, const struct dossier *d,
                             struct dossier_file_list *out)
{
    dossier_file_list_release(out);
    return dossier_rows(db, actor, d, &Q_FILES, &FILE_ROW, &out->items, &out->n, &out->cap);
}

enum mc_status dossier_file_get(struct db *db, const struct user *actor, int64_t file_id,
                                struct dossier_file *out)
{
    struct dossier d;
    dossier_init(&d);
    enum mc_status rc = db_row_get(db, &Q_FILE, &FILE_ROW, out, "i", file_id);
    if (rc == MC_OK)
        rc = dossier_get(db, actor, out->dossier_id, &d);
    dossier_release(&d);
    return rc;
}

/* ---------------------------------------------------------------- tracking */

static const struct db_query Q_TRACK = {
    "dossier.track",
    "SELECT d.code, d.status, d.step, d.channel, d.procedure_code, d.procedure_name,"
    " d.agency_code, COALESCE(a.name, ''), d.submitted_at, d.received_at, d.due_at,"
    " d.deadline_at, d.apology_due_at, d.ended_at, d.returned_at,"
    " d.contact_phone, d.contact_id, COALESCE(u.phone, ''), COALESCE(u.cccd, ''),"
    " COALESCE(u.tax_code, ''), d.id, d.due_unit, d.supplement_seconds,"
    " COALESCE(d.supplement_since, 0), COALESCE(d.supplement_due_at, 0)"
    " FROM dossiers d LEFT JOIN agencies a ON a.code = d.agency_code"
    " LEFT JOIN users u ON u.id = d.applicant_id WHERE d.code = ?1",
};
/* dossier_track(): why the appointment moved, without the officers' notes. */
static const struct db_query Q_MOVES = {
    "dossier.moves",
    "SELECT action, at, COALESCE(due_at, 0) FROM dossier_events WHERE dossier_id = ?1"
    " AND action IN ('request_supplement', 'supplement', 'apology') ORDER BY id LIMIT ?2",
};

static enum mc_status read_moves(struct db *db, int64_t id, struct dossier_public *out)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum mc_status rc = db_query_start(db, &Q_MOVES, &st, "ii", id,
                                       (int64_t)DOSSIER_MOVES_MAX);
    while (rc == MC_OK && (rc = db_step(st, &row)) == MC_OK && row &&
           out->nmoves < DOSSIER_MOVES_MAX) {
        struct dossier_move *m = &out->moves[out->nmoves++];
        db_col_copy(st, 0, m->action, sizeof(m->action));
        m->at = db_col_int64(st, 1);
        m->due_at = db_col_int64(st, 2);
    }
    db_done(st);
    return rc;
}

/* True when s ends with the 4 digits of check (s at least 4 bytes long). */
static bool ends_with_check(const char *s, const char *check)
{
    size_t n = strlen(s);
    return n >= 4 && memcmp(s + n - 4, check, 4) == 0;
}

/* The columns of Q_TRACK up to returned_at, in order. */
static const struct db_field DOSSIER_TRACK_FIELDS[] = {
    DB_TEXT(struct dossier_public, code),
    DB_INT(struct dossier_public, status),
    DB_INT(struct dossier_public, step),
    DB_INT(struct dossier_public, channel),
    DB_TEXT(struct dossier_public, procedure_code),
    DB_TEXT(struct dossier_public, procedure_name),
    DB_TEXT(struct dossier_public, agency_code),
    DB_TEXT(struct dossier_public, agency_name),
    DB_INT64(struct dossier_public, submitted_at),
    DB_INT64(struct dossier_public, received_at),
    DB_INT64(struct dossier_public, due_at),
    DB_INT64(struct dossier_public, deadline_at),
    DB_INT64(struct dossier_public, apology_due_at),
    DB_INT64(struct dossier_public, ended_at),
    DB_INT64(struct dossier_public, returned_at),
};

static const struct db_row_type TRACK_ROW =
    DB_ROW_TYPE(struct dossier_public, DOSSIER_TRACK_FIELDS, NULL, NULL);

enum mc_status dossier_track(struct db *db, const char *code, const char *check,
                             struct dossier_public *out)
{
    struct db_stmt *st = NULL;
    bool ok = false;
    int64_t id = 0;
    enum mc_status rc;
    if (!code || !check || strlen(check) != 4 || !text_is_digits(check, 4))
        return MC_ERR_INVALID;
    char open[4][64];   /* the dossier's and the account's phone and id, sealed at rest */
    rc = db_get_row(db, &Q_TRACK, &st, "s", code);
    for (int c = 15; rc == MC_OK && c <= 18; c++)
        rc = seal_col_open(st, c, open[c - 15], sizeof(open[c - 15]));
    for (int c = 15; rc == MC_OK && c <= 19; c++)
        ok = ok || ends_with_check(c <= 18 ? open[c - 15] : db_col_text(st, c), check);
    if (rc == MC_OK && !ok)
        rc = MC_ERR_NOT_FOUND;
    if (rc == MC_OK) {
        memset(out, 0, sizeof(*out));
        db_row_read_type(st, &TRACK_ROW, out);
        id = db_col_int64(st, 20);
        out->due_unit = (int)db_col_int64(st, 21);
        out->supplement_seconds = db_col_int64(st, 22);
        out->supplement_since = out->status == NAT_ST_SUPPLEMENT ? db_col_int64(st, 23) : 0;
        out->supplement_due_at = out->status == NAT_ST_SUPPLEMENT ? db_col_int64(st, 24) : 0;
    }
    db_done(st);
    if (rc == MC_OK)
        rc = read_moves(db, id, out);
    return rc;
}

/* ---------------------------------------------------------------- drafts */

#define DRAFT_FILES_MAX (64u * 1024)
#define DRAFT_LIST_MAX 100

void dossier_draft_init(struct dossier_draft *d)
{
    memset(d, 0, sizeof(*d));
}

void dossier_draft_release(struct dossier_draft *d)
{
    free(d->form_json);
    free(d->files_json);
    dossier_draft_init(d);
}

static const struct db_query Q_DRAFT_NEW = {
    "dossier.draft_new",
    "INSERT INTO dossier_drafts (applicant_id, procedure_code, agency_code, form_data,"
    " files, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id",
};
static const struct db_query Q_DRAFT_UPDATE = {
    "dossier.draft_update",
    "UPDATE dossier_drafts SET procedure_code = ?3, agency_code = ?4, form_data = ?5,"
    " files = ?6, updated_at = ?7 WHERE id = ?1 AND applicant_id = ?2",
};
static const struct db_query Q_DRAFT_LOAD = {
    "dossier.draft_load",
    "SELECT id, procedure_code, agency_code, form_data, files, updated_at"
    " FROM dossier_drafts WHERE id = ?1 AND applicant_id = ?2",
};
static const struct db_query Q_DRAFT_DELETE = {
    "dossier.draft_delete",
    "DELETE FROM dossier_drafts WHERE id = ?1 AND applicant_id = ?2",
};
static const struct db_query Q_DRAFT_LIST = {
    "dossier.draft_list",
    "SELECT id, procedure_code, agency_code, updated_at FROM dossier_drafts"
    " WHERE applicant_id = ?1 ORDER BY updated_at DESC, id DESC LIMIT ?2",
};

/* True when text is JSON of the given type (JSON_OBJECT or JSON_ARRAY). */
static bool json_is(const char *text, size_t max, json_type type)
{
    size_t n = text ? strlen(text) : 0;
    json_t *j;
    bool ok;
    if (n == 0 || n > max || !text_utf8_valid(text, n))
        return false;
    j = json_loadb(text, n, JSON_REJECT_DUPLICATES, NULL);
    ok = j && json_typeof(j) == type;
    json_decref(j);
    return ok;
}

static bool ref_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n <= DOSSIER_REF_MAX && text_utf8_valid(s, n);
}

enum mc_status dossier_draft_save(struct db *db, const struct user *applicant,
                                  int64_t *draft_id, const char *procedure_code,
                                  const char *agency_code, const char *form_json,
                                  const char *files_json)
{
    enum mc_status rc = MC_ERR_INVALID;
    char *sealed = NULL;
    const char *form = form_json ? form_json : "{}";
    const char *files = files_json ? files_json : "[]";
    if (!applicant || applicant->kind == USER_STAFF) {
        rc = MC_ERR_FORBIDDEN;
        goto out;
    }
    if (!procedure_code || !*procedure_code || !ref_ok(procedure_code) ||
        !ref_ok(agency_code) || !json_is(form, DOSSIER_FORM_MAX, JSON_OBJECT) ||
        !json_is(files, DRAFT_FILES_MAX, JSON_ARRAY))
        goto out;
    if ((rc = seal_text_alloc(form, &sealed)) != MC_OK)   /* the declaration, sealed */
        goto out;
    if (*draft_id == 0) {
        rc = db_get_int(db, &Q_DRAFT_NEW, draft_id, "issssi", applicant->id, procedure_code,
                        agency_code ? agency_code : "", sealed, files, clock_now());
    } else {
        rc = db_change(db, &Q_DRAFT_UPDATE, MC_ERR_NOT_FOUND, "iissssi", *draft_id,
                       applicant->id, procedure_code, agency_code ? agency_code : "", sealed,
                       files, clock_now());
    }
out:
    free(sealed);
    return rc;
}

enum mc_status dossier_draft_load(struct db *db, const struct user *applicant,
                                  int64_t draft_id, struct dossier_draft *out)
{
    struct db_stmt *st = NULL;
    dossier_draft_release(out);
    if (!applicant)
        return MC_ERR_NOT_FOUND;
    enum mc_status rc = db_get_row(db, &Q_DRAFT_LOAD, &st, "ii", draft_id, applicant->id);
    if (rc == MC_OK) {
        out->id = db_col_int64(st, 0);
        db_col_copy(st, 1, out->procedure_code, sizeof(out->procedure_code));
        db_col_copy(st, 2, out->agency_code, sizeof(out->agency_code));
        out->form_json = seal_col_dup(st, 3);
        if (!out->form_json[0]) {   /* could not be opened (logged) */
            free(out->form_json);
            out->form_json = xstrdup("{}");
        }
        out->files_json = xstrdup(db_col_text(st, 4));
        out->updated_at = db_col_int64(st, 5);
    }
    db_done(st);
    return rc;
}

enum mc_status dossier_draft_delete(struct db *db, const struct user *applicant,
                                    int64_t draft_id)
{
    if (!applicant)
        return MC_ERR_NOT_FOUND;
    return db_change(db, &Q_DRAFT_DELETE, MC_ERR_NOT_FOUND, "ii", draft_id, applicant->id);
}

enum mc_status dossier_draft_list(struct db *db, const struct user *applicant,
                                  struct dossier_draft **out, size_t *n)
{
    struct db_stmt *st = NULL;
    *out = NULL;
    *n = 0;
    if (!applicant)
        return MC_OK;
    enum mc_status rc = db_query_start(db, &Q_DRAFT_LIST, &st, "ii", applicant->id,
                                       (int64_t)DRAFT_LIST_MAX);
    if (rc == MC_OK)
        *out = xcalloc(DRAFT_LIST_MAX, sizeof(**out));
    while (*n < DRAFT_LIST_MAX && db_next(st, &rc)) {
        struct dossier_draft *d = &(*out)[(*n)++];
        d->id = db_col_int64(st, 0);
        db_col_copy(st, 1, d->procedure_code, sizeof(d->procedure_code));
        db_col_copy(st, 2, d->agency_code, sizeof(d->agency_code));
        d->updated_at = db_col_int64(st, 3);
    }
    db_done(st);
    return rc;
}

static const struct db_query Q_USES_FILE = {
    "dossier.uses_file",
    "SELECT EXISTS (SELECT 1 FROM dossier_files WHERE sha256 = ?1)"
    " OR EXISTS (SELECT 1 FROM dossier_drafts WHERE files LIKE '%' || ?1 || '%')",
};

enum mc_status dossier_uses_file(struct db *db, const char *sha256, bool *used)
{
    return filestore_owner_ask(db, &Q_USES_FILE, sha256, used);
}
