/*
 * dossier_act.c - performing the actions of the state machine on an
 * existing dossier, and the payment module's confirmation (see dossier.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include "core/clock.h"
#include "core/log.h"
#include "core/text.h"
#include "domain/calendar/date.h"
#include "domain/catalog/catalog.h"
#include "domain/dossier/dossier-int.h"
#include "domain/eform/eform.h"
#include "domain/routing/routing.h"
#include "domain/units/unit.h"
#include "domain/vault/vault.h"

#define RESULT_TITLE_MAX 300   /* bytes of the vault title taken from the procedure name */
#define RESULT_FIELDS_MAX 100  /* declared values printed on a generated result */
#define SUPPLEMENT_DAYS 5      /* working days to supplement when the officer gives no date */
#define DECISION_MIN_CHARS 15  /* a decision says what is granted, to whom ("Đồng ý." is not one) */

static const char CONFLICT_WHY[] =
    "Hồ sơ vừa được người khác cập nhật; vui lòng tải lại trang và thực hiện lại.";

static const struct db_query Q_PROCESSOR = {
    "dossier.processor",
    "SELECT COUNT(*) FROM user_roles WHERE user_id = ?1 AND agency_code = ?2"
    " AND role IN ('processing', 'agency_admin')",
};
static const struct db_query Q_RESULT_FILE = {
    "dossier.result_file",
    "SELECT sha256, size, content_type, path FROM dossier_files WHERE id = ?1",
};

struct act_ctx {
    const struct dossier_env *env;
    const struct user *actor;
    const char *address;
    int64_t id;
    const struct dossier_action_input *in;
    const struct dossier_transition *t;
    int64_t new_version;
    struct form_errors errs;                 /* the reasons of the last attempt */
    struct buf ids;
};

/* Refuse with a reason about field ("" = the action as a whole). */
static enum mc_status fail(struct act_ctx *c, enum mc_status rc, const char *field,
                           const char *why)
{
    form_errors_add(&c->errs, field, why);
    return rc;
}

static enum mc_status do_accept(struct act_ctx *c, struct dossier *d)
{
    const struct calendar *cal = c->env->cal;
    enum mc_status rc = calendar_receive_time(cal, d->submitted_at, -1, &d->received_at);
    if (rc == MC_OK && c->in->due_at > 0) {
        if (c->in->due_at <= d->received_at)
            return fail(c, MC_ERR_INVALID, "due_date",
                        "Ngày hẹn trả phải sau thời điểm tiếp nhận.");
        d->due_at = c->in->due_at;
        d->due_unit = CALENDAR_UNIT_WORKING_DAYS;
    } else if (rc == MC_OK) {
        rc = dossier_compute_due(c->env->db, cal, d, d->received_at, &d->due_at,
                                 &d->due_unit);
    }
    if (rc == MC_ERR_NOT_FOUND || rc == MC_ERR_INVALID)
        return fail(c, MC_ERR_INVALID, "due_date", "Thủ tục chưa có thời hạn giải quyết dùng "
                                                   "được; hãy nhập ngày hẹn trả kết quả.");
    d->deadline_at = d->due_at;
    return rc;
}

static enum mc_status do_start(struct act_ctx *c, struct dossier *d)
{
    int64_t ok = 0;
    int64_t who = c->in->assignee_id > 0 ? c->in->assignee_id : c->actor->id;
    enum mc_status rc = MC_OK;
    if (who != c->actor->id) {
        rc = db_get_int(c->env->db, &Q_PROCESSOR, &ok, "is", who, d->agency_code);
        if (rc == MC_OK && !ok)
            return fail(c, MC_ERR_INVALID, "assignee", "Người được giao không phải chuyên viên "
                                                       "xử lý của cơ quan.");
    }
    d->assignee_id = who;
    return rc;
}

/*
 * Open the supplement wait: the clock stops (supplement_since); the
 * applicant is asked by in->due_at, or by the end of the fifth working day
 * when the officer gives no date.
 */
static enum mc_status do_request_supplement(struct act_ctx *c, struct dossier *d, int64_t now)
{
    int64_t by = c->in->due_at;
    if (by > 0 && by <= now)
        return fail(c, MC_ERR_INVALID, "due_date", "Hạn nộp bổ sung phải sau thời điểm hiện tại.");
    if (by == 0 && calendar_due(c->env->cal, now, SUPPLEMENT_DAYS, CALENDAR_UNIT_WORKING_DAYS,
                                &by) != MC_OK)
        by = 0;
    d->supplement_count++;
    d->supplement_since = now;
    d->supplement_due_at = by;
    return MC_OK;
}

/* Close the supplement wait: add its office time and move the deadline. */
static enum mc_status do_supplement(struct act_ctx *c, struct dossier *d, int64_t now)
{
    const struct calendar *cal = c->env->cal;
    int64_t since = d->supplement_since > 0 && d->supplement_since < now
                        ? d->supplement_since : now;
    int64_t office = 0;
    bool reused = false;
    enum mc_status rc = calendar_working_seconds_between(cal, since, now, &office);
    if (rc == MC_OK && d->deadline_at > 0)
        rc = calendar_due_after_pause(cal, d->deadline_at, (enum calendar_unit)d->due_unit,
                                      since, now, &d->deadline_at);
    if (rc != MC_OK)
        return fail(c, MC_ERR_INVALID, "", "Không tính được hạn xử lý mới.");
    d->supplement_seconds += office;
    d->supplement_since = 0;
    d->supplement_due_at = 0;
    d->due_soon_marked = false;
    d->overdue_marked = false;
    rc = dossier_attach(c->env, d->id, d->applicant_id, c->in->files, c->in->nfiles,
                        "attachment", c->actor->id, &c->ids, &reused, NULL, &c->errs);
    if (reused)
        d->reused_data = true;
    if (c->in->nfiles > 0)
        d->digitised = true;
    return rc;
}

static const struct db_query Q_RESULT_INSERT = {
    "dossier.result_insert",
    "INSERT INTO dossier_files (dossier_id, kind, name, sha256, size, content_type, path,"
    " digitised, added_at, added_by)"
    " VALUES (?1, 'result', ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8) RETURNING id",
};

static const struct db_query Q_RESULT_COUNTER = {
    "dossier.result_counter",
    "INSERT INTO result_counters (agency_code, year, last) VALUES (?1, ?2, 1)"
    " ON CONFLICT(agency_code, year) DO UPDATE SET last = result_counters.last + 1"
    " RETURNING last",
};

/* The next number of agency's results this year: "12/2026/KQ". */
static enum mc_status result_number(struct db *db, const char *agency, int64_t now,
                                    char out[32])
{
    int y, m, dd;
    int64_t n = 0;
    calendar_date_to_ymd(calendar_date_of(now), &y, &m, &dd);
    enum mc_status rc = db_get_int(db, &Q_RESULT_COUNTER, &n, "si", agency, (int64_t)y);
    if (rc == MC_OK)
        snprintf(out, 32, "%lld/%d/KQ", (long long)n, y);
    return rc;
}

/* Append name in capitals (the header of an official document). */
static void add_upper(struct buf *b, const char *name)
{
    if (text_upper(name, strlen(name), b) != MC_OK)
        buf_adds(b, name);
}

/*
 * The header lines of the generated result: the issuing agency (the
 * competent one of the route, else the dossier's) in full with its parent,
 * and the place (its unit's name).
 */
static void result_issuer(struct db *db, const struct dossier *d, struct buf *title)
{
    struct routing_option opt;
    struct agency a, parent;
    struct unit u;
    const char *issuer = d->agency_code;
    agency_init(&a);
    agency_init(&parent);
    unit_init(&u);
    if (routing_resolve(db, d->procedure_code, d->agency_code, &opt) == MC_OK &&
        opt.competent_code[0])
        issuer = opt.competent_code;
    if (agency_get(db, issuer, &a) == MC_OK) {
        if (a.parent_code && agency_get(db, a.parent_code, &parent) == MC_OK) {
            buf_adds(title, "\nCơ quan chủ quản: ");
            add_upper(title, parent.name);
        }
        buf_adds(title, "\nCơ quan: ");
        add_upper(title, a.name);
        if (unit_get(db, a.unit_code, &u) == MC_OK)
            buf_addf(title, "\nĐịa danh: %s", u.name);
    } else {
        buf_addf(title, "\nCơ quan: %s", d->agency_code);
    }
    unit_release(&u);
    agency_release(&parent);
    agency_release(&a);
}

/*
 * The result document of an approval without an uploaded file: the
 * procedure's result title, the issuer, number and date, the dossier, the
 * decision text the approver wrote and the declared values the form prints
 * on results (eform.h), signed with the approver's name.
 */
static enum mc_status result_document(struct act_ctx *c, const struct dossier *d, int64_t now,
                                      struct buf *pdf)
{
    struct db *db = c->env->db;
    struct procedure p;
    struct eform_entry e[RESULT_FIELDS_MAX];
    struct buf title, body;
    json_t *doc = NULL;
    char when[32];
    size_t n = 0;
    int y, m, dd;
    enum mc_status rc;
    procedure_init(&p);
    buf_init(&title, BUF_MAX_SMALL);
    buf_init(&body, BUF_MAX_SMALL);
    if (catalog_get_version(db, d->procedure_code, d->procedure_version, &p) != MC_OK)
        procedure_init(&p);
    add_upper(&title, p.result && *p.result ? p.result
                                            : "Kết quả giải quyết thủ tục hành chính");
    result_issuer(db, d, &title);
    calendar_date_to_ymd(calendar_date_of(now), &y, &m, &dd);
    snprintf(when, sizeof(when), "%02d/%02d/%04d", dd, m, y);
    buf_addf(&title, "\nSố: %s\nNgày phê duyệt: %s\nNgười ký: %s", d->result_number, when,
             c->actor->full_name);
    buf_addf(&title, "\nMã hồ sơ: %s\nNgười nộp: %s\nThủ tục: %s (%s)", d->code,
             d->contact_name, d->procedure_name, d->procedure_code);
    buf_adds(&body, c->in->note);
    eform_entries(&p, d->form_data, EFORM_ON_RESULT, e, RESULT_FIELDS_MAX, &n, &doc);
    if (n > 0)
        buf_adds(&body, "\n\nThông tin của hồ sơ:");
    for (size_t i = 0; i < n; i++)
        buf_addf(&body, "\n%s: %s", e[i].label, e[i].value);
    json_decref(doc);
    if ((rc = buf_status(&title)) == MC_OK && (rc = buf_status(&body)) == MC_OK)
        rc = dossier_result_pdf(buf_cstr(&title), buf_cstr(&body), pdf);
    buf_release(&body);
    buf_release(&title);
    procedure_release(&p);
    return rc;
}

static enum mc_status do_approve(struct act_ctx *c, struct dossier *d, int64_t now)
{
    bool reused = false;
    enum mc_status rc = result_number(c->env->db, d->agency_code, now, d->result_number);
    if (rc == MC_OK && c->in->nfiles == 0) {
        struct filestore_meta m;
        struct buf pdf;
        buf_init(&pdf, BUF_MAX_FILE);
        /* Written with the approval: staged in this transaction (filestore.h). */
        rc = result_document(c, d, now, &pdf);
        if (rc == MC_OK)
            rc = filestore_stage_bytes(c->env->files, c->env->db, pdf.data, pdf.len, &m);
        buf_release(&pdf);
        if (rc == MC_OK)
            rc = db_get_int(c->env->db, &Q_RESULT_INSERT, &d->result_file_id, "ississii",
                            d->id, "Kết quả giải quyết", m.sha256, m.size, m.content_type,
                            m.path, now, c->actor->id);
        if (rc == MC_OK)
            buf_addf(&c->ids, "[%lld]", (long long)d->result_file_id);
        else if (rc != MC_ERR_DB && rc != MC_ERR_BUSY)
            form_errors_add(&c->errs, "", "Không tạo được văn bản kết quả; hãy tải lên tệp "
                                          "kết quả đã ký hoặc thử lại.");
    } else if (rc == MC_OK) {
        rc = dossier_attach(c->env, d->id, 0, c->in->files, c->in->nfiles, "result",
                            c->actor->id, &c->ids, &reused, &d->result_file_id, &c->errs);
    }
    d->e_result = true;
    d->ended_at = now > d->received_at ? now : d->received_at;
    return rc;
}

/* Online delivery: the result becomes an item of the applicant's vault. */
static enum mc_status do_return(struct act_ctx *c, struct dossier *d, int64_t now)
{
    struct filestore_meta m;
    struct db_stmt *st = NULL;
    char title[RESULT_TITLE_MAX + DOSSIER_CODE_MAX + 64], issued[CALENDAR_DATE_SIZE];
    enum mc_status rc = MC_OK;
    d->returned_at = now > d->ended_at ? now : d->ended_at;
    if (d->delivery != DOSSIER_DELIVERY_ONLINE || d->applicant_id == 0 ||
        d->result_file_id == 0)
        return MC_OK;
    memset(&m, 0, sizeof(m));
    rc = db_get_row(c->env->db, &Q_RESULT_FILE, &st, "i", d->result_file_id);
    if (rc == MC_ERR_NOT_FOUND)
        rc = MC_ERR_INTERNAL;   /* the result file the dossier names */
    if (rc == MC_OK) {
        db_col_copy(st, 0, m.sha256, sizeof(m.sha256));
        m.size = db_col_int64(st, 1);
        db_col_copy(st, 2, m.content_type, sizeof(m.content_type));
        db_col_copy(st, 3, m.path, sizeof(m.path));
    }
    db_done(st);
    if (rc != MC_OK)
        return rc;
    snprintf(title, sizeof(title), "Kết quả %.*s (hồ sơ %s)", RESULT_TITLE_MAX,
             d->procedure_name[0] ? d->procedure_name : d->procedure_code, d->code);
    calendar_date_format(calendar_date_of(d->ended_at ? d->ended_at : now), issued,
                         sizeof(issued));
    return vault_insert(c->env->db, d->applicant_id, "result", title, issued, &m, d->id,
                        &d->result_vault_item_id);
}

/* What the action implies besides the status and step from the table. */
static enum mc_status apply(struct act_ctx *c, struct dossier *d, int64_t now)
{
    const struct dossier_action_input *in = c->in;
    switch (in->action) {
    case DOSSIER_ACT_ACCEPT:
        return do_accept(c, d);
    case DOSSIER_ACT_START:
        return do_start(c, d);
    case DOSSIER_ACT_REQUEST_SUPPLEMENT:
        return do_request_supplement(c, d, now);
    case DOSSIER_ACT_SUPPLEMENT:
        return do_supplement(c, d, now);
    case DOSSIER_ACT_REQUEST_PAYMENT: {
        int64_t amount = in->amount > 0 ? in->amount : d->fee_dong;
        if (amount <= 0 || amount > 1000000000000LL)
            return fail(c, MC_ERR_INVALID, "amount", "Số tiền phí, lệ phí không hợp lệ.");
        d->fee_dong = amount;
        d->has_fee = true;
        d->fee_paid = false;
        return MC_OK;
    }
    case DOSSIER_ACT_CONFIRM_PAYMENT:
    case DOSSIER_ACT_COLLECT_FEE:
        d->fee_paid = true;
        return MC_OK;
    case DOSSIER_ACT_WAIVE_FEE:   /* no fee is due any more (CoPhi 0); the event keeps why */
        d->has_fee = false;
        d->fee_dong = 0;
        return MC_OK;
    case DOSSIER_ACT_REFUSE:
    case DOSSIER_ACT_WITHDRAW:
    case DOSSIER_ACT_STOP:
        /* A dossier lodged at night counts as received next morning: it cannot end first. */
        d->ended_at = now > d->received_at ? now : d->received_at;
        d->supplement_since = 0;
        d->supplement_due_at = 0;
        return MC_OK;
    case DOSSIER_ACT_APPROVE:
        return do_approve(c, d, now);
    case DOSSIER_ACT_RETURN:
        return do_return(c, d, now);
    case DOSSIER_ACT_APOLOGY:
        if (in->due_at <= now)
            return fail(c, MC_ERR_INVALID, "due_date",
                        "Ngày hẹn trả mới phải sau thời điểm hiện tại.");
        d->apology_due_at = in->due_at;
        d->apology_count++;
        return MC_OK;
    case DOSSIER_ACT_FINISH:
    case DOSSIER_ACT_SEND_BACK:
        return MC_OK;
    case DOSSIER_ACT_SUBMIT:
    case DOSSIER_ACT_INTAKE:
    case DOSSIER_ACT_COUNT:
        break;
    }
    return fail(c, MC_ERR_INVALID, "action", "Thao tác không hợp lệ.");
}

static enum mc_status act_tx(struct db *db, void *arg)
{
    struct act_ctx *c = arg;
    const struct dossier_transition *t = c->t;
    struct dossier d;
    int64_t now = clock_now(), event_due = 0;
    int from;
    enum mc_status rc;
    dossier_init(&d);
    buf_reset(&c->ids);
    form_errors_clear(&c->errs);
    if ((rc = dossier_load(db, c->id, &d)) != MC_OK)
        goto out;
    if (!dossier_may_read(c->actor, &d)) {
        rc = MC_ERR_NOT_FOUND;
        goto out;
    }
    if (d.version != c->in->expected_version) {
        rc = fail(c, MC_ERR_CONFLICT, "version", CONFLICT_WHY);
        goto out;
    }
    if ((rc = dossier_may_status(c->actor, &d, t->action, &c->errs)) != MC_OK)
        goto out;
    from = d.status;
    if ((rc = apply(c, &d, now)) != MC_OK)
        goto out;
    if (t->to_status)
        d.status = t->to_status;
    if (t->to_step >= 0)
        d.step = t->to_step;
    if ((rc = dossier_store(db, &d)) == MC_ERR_CONFLICT)
        form_errors_add(&c->errs, "version", CONFLICT_WHY);
    if (rc != MC_OK)
        goto out;
    c->new_version = d.version;
    if (t->action == DOSSIER_ACT_ACCEPT)
        event_due = d.due_at;
    else if (t->action == DOSSIER_ACT_APOLOGY)
        event_due = c->in->due_at;
    else if (t->action == DOSSIER_ACT_REQUEST_SUPPLEMENT)
        event_due = d.supplement_due_at;
    else if (t->action == DOSSIER_ACT_SUPPLEMENT)
        event_due = d.deadline_at;   /* the deadline once the wait is added */
    rc = dossier_event_add(db, d.id, c->actor, from, d.status, t->code, c->in->note,
                           c->ids.len ? buf_cstr(&c->ids) : NULL, event_due);
    if (rc == MC_OK)
        rc = dossier_audit(db, c->actor, c->address, t->code, d.code, from, d.status);
    if (rc == MC_OK)   /* the listeners (766 counters, rating, notices), same transaction */
        rc = dossier_announce_action(db, &d, t->action, from, c->in->note);
out:
    dossier_release(&d);
    return rc;
}

/* Code points in s (NULL: 0). */
static size_t characters(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Check the input's shape before any work. */
static enum mc_status check_input(const struct dossier_transition *t,
                                  const struct dossier_action_input *in,
                                  struct form_errors *errs)
{
    size_t max_files = t->action == DOSSIER_ACT_SUPPLEMENT ? DOSSIER_FILES_MAX
                     : t->action == DOSSIER_ACT_APPROVE ? 1 : 0;
    bool has_note = in->note && *in->note;
    if (in->expected_version <= 0) {
        form_errors_add(errs, "version", "Thiếu phiên bản hồ sơ; vui lòng tải lại trang.");
        return MC_ERR_INVALID;
    }
    if (!dossier_text_ok(in->note, DOSSIER_NOTE_MAX)) {
        form_errors_add(errs, "note", "Nội dung ghi chú không hợp lệ hoặc quá dài.");
        return MC_ERR_INVALID;
    }
    if (t->needs_note && !has_note) {
        form_errors_add(errs, "note", t->action == DOSSIER_ACT_REQUEST_SUPPLEMENT
                                          ? "Cần ghi rõ các giấy tờ, nội dung cần bổ sung."
                                          : "Cần ghi rõ lý do.");
        return MC_ERR_INVALID;
    }
    if (in->nfiles > max_files) {
        form_errors_add(errs, "files", "Thao tác này không nhận tệp đính kèm như vậy.");
        return MC_ERR_INVALID;
    }
    if (t->action == DOSSIER_ACT_APPROVE && in->nfiles == 0 &&
        characters(in->note) < DECISION_MIN_CHARS) {
        form_errors_add(errs, "note",
                        "Chưa có kết quả: hãy viết nội dung quyết định (ghi rõ việc được giải "
                        "quyết, cho ai) để tạo văn bản kết quả, hoặc tải lên tệp kết quả đã ký.");
        return MC_ERR_INVALID;
    }
    if (t->action == DOSSIER_ACT_SUPPLEMENT && in->nfiles == 0 && !has_note) {
        form_errors_add(errs, "files", "Cần tệp hoặc nội dung bổ sung.");
        return MC_ERR_INVALID;
    }
    return dossier_check_refs(in->files, in->nfiles, errs);
}

enum mc_status dossier_act(const struct dossier_env *env, const struct user *actor,
                           const char *address, int64_t id,
                           const struct dossier_action_input *in, int64_t *new_version,
                           struct form_errors *errs)
{
    struct act_ctx c = {.env = env, .actor = actor, .address = address, .id = id, .in = in};
    enum mc_status rc = MC_ERR_INVALID;
    c.t = dossier_transition_of(in->action);
    if (!c.t || !c.t->from || !actor) {
        form_errors_add(errs, "action", "Thao tác không hợp lệ.");
        goto out;
    }
    if ((rc = check_input(c.t, in, errs)) != MC_OK)
        goto out;
    buf_init(&c.ids, BUF_MAX_SMALL);
    rc = db_tx(env->db, act_tx, &c);
    buf_release(&c.ids);
    form_errors_append(errs, &c.errs);
    if (rc == MC_OK && new_version)
        *new_version = c.new_version;
out:
    return rc;
}

struct paid_ctx {
    int64_t id;
    int code;
    const char *ref;
};

static enum mc_status paid_tx(struct db *db, void *arg)
{
    struct paid_ctx *c = arg;
    struct dossier d;
    char note[160];
    int from;
    dossier_init(&d);
    enum mc_status rc = dossier_load(db, c->id, &d);
    if (rc != MC_OK)
        goto out;
    from = d.status;
    d.fee_paid = true;
    d.paid_online = c->code;
    if (d.status == NAT_ST_PAYMENT) {
        d.status = NAT_ST_PROCESSING;
        d.step = DOSSIER_STEP_NONE;
    }
    snprintf(note, sizeof(note), "Đã thanh toán trực tuyến, mã giao dịch %s", c->ref);
    if ((rc = dossier_store(db, &d)) == MC_OK)
        rc = dossier_event_add(db, d.id, NULL, from, d.status, "confirm_payment", note,
                               NULL, 0);
    if (rc == MC_OK)
        rc = dossier_audit(db, NULL, "payment", "confirm_payment", d.code, from, d.status);
    if (rc == MC_OK)
        rc = dossier_announce_action(db, &d, DOSSIER_ACT_CONFIRM_PAYMENT, from, note);
out:
    dossier_release(&d);
    return rc;
}

enum mc_status dossier_mark_paid(struct db *db, int64_t id, int paid_online_code,
                                 const char *provider_ref)
{
    struct paid_ctx c = {id, paid_online_code, provider_ref ? provider_ref : ""};
    if (paid_online_code < 1 || paid_online_code > 2)
        return MC_ERR_INVALID;
    return db_tx(db, paid_tx, &c);
}
