/*
 * dossier_act.c - performing the actions of the state machine on an
 * existing dossier, and the payment module's confirmation (see dossier.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include "core/clock.h"
#include "core/vnfmt.h"
#include "core/log.h"
#include "domain/dossier/dossier-int.h"
#include "domain/vault/vault.h"

#define RESULT_TITLE_MAX 300   /* bytes of the vault title taken from the procedure name */

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
    const struct filestore_meta *generated;  /* APPROVE without a file: the PDF */
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

static enum mc_status do_approve(struct act_ctx *c, struct dossier *d, int64_t now)
{
    bool reused = false;
    enum mc_status rc;
    if (c->generated) {
        const struct filestore_meta *m = c->generated;
        rc = db_get_int(c->env->db, &Q_RESULT_INSERT, &d->result_file_id, "ississii", d->id,
                        "Kết quả giải quyết", m->sha256, m->size, m->content_type, m->path,
                        now, c->actor->id);
        buf_addf(&c->ids, "[%lld]", (long long)d->result_file_id);
    } else {
        rc = dossier_attach(c->env, d->id, 0, c->in->files, c->in->nfiles, "result",
                            c->actor->id, &c->ids, &reused, &d->result_file_id, &c->errs);
    }
    d->e_result = true;
    d->ended_at = now;
    return rc;
}

/* Online delivery: the result becomes an item of the applicant's vault. */
static enum mc_status do_return(struct act_ctx *c, struct dossier *d, int64_t now)
{
    struct filestore_meta m;
    struct db_stmt *st = NULL;
    char title[RESULT_TITLE_MAX + DOSSIER_CODE_MAX + 64], issued[CALENDAR_DATE_SIZE];
    enum mc_status rc = MC_OK;
    d->returned_at = now;
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
        d->supplement_count++;
        d->supplement_since = now;
        return MC_OK;
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
        d->fee_paid = true;
        return MC_OK;
    case DOSSIER_ACT_REFUSE:
    case DOSSIER_ACT_WITHDRAW:
    case DOSSIER_ACT_STOP:
        d->ended_at = now;
        d->supplement_since = 0;
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
    if (t->action == DOSSIER_ACT_APPROVE && in->nfiles == 0 && !has_note) {
        form_errors_add(errs, "files",
                        "Cần tệp kết quả hoặc nội dung quyết định để tạo kết quả điện tử.");
        return MC_ERR_INVALID;
    }
    if (t->action == DOSSIER_ACT_SUPPLEMENT && in->nfiles == 0 && !has_note) {
        form_errors_add(errs, "files", "Cần tệp hoặc nội dung bổ sung.");
        return MC_ERR_INVALID;
    }
    return dossier_check_refs(in->files, in->nfiles, errs);
}

/* APPROVE without a file: write the PDF of the decision before the transaction. */
static enum mc_status generate_result(const struct dossier_env *env, const struct user *actor,
                                      int64_t id, const char *note,
                                      struct filestore_meta *out)
{
    struct dossier d;
    struct buf title, pdf;
    char when[VNFMT_SIZE];
    enum mc_status rc;
    dossier_init(&d);
    buf_init(&title, BUF_MAX_SMALL);
    buf_init(&pdf, BUF_MAX_FILE);
    if ((rc = dossier_get(env->db, actor, id, &d)) != MC_OK)
        goto out;
    vnfmt_datetime(when, sizeof(when), clock_now());
    buf_addf(&title, "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH\n"
                     "Mã hồ sơ: %s\nThủ tục: %s (%s)\nCơ quan: %s\nNgày phê duyệt: %s",
             d.code, d.procedure_name, d.procedure_code, d.agency_code, when);
    if ((rc = buf_status(&title)) == MC_OK)
        rc = dossier_result_pdf(buf_cstr(&title), note, &pdf);
    if (rc == MC_OK)
        rc = filestore_put_bytes(env->files, pdf.data, pdf.len, out);
out:
    buf_release(&pdf);
    buf_release(&title);
    dossier_release(&d);
    return rc;
}

enum mc_status dossier_act(const struct dossier_env *env, const struct user *actor,
                           const char *address, int64_t id,
                           const struct dossier_action_input *in, int64_t *new_version,
                           struct form_errors *errs)
{
    struct filestore_meta generated;
    struct act_ctx c = {.env = env, .actor = actor, .address = address, .id = id, .in = in};
    enum mc_status rc = MC_ERR_INVALID;
    c.t = dossier_transition_of(in->action);
    if (!c.t || !c.t->from || !actor) {
        form_errors_add(errs, "action", "Thao tác không hợp lệ.");
        goto out;
    }
    if ((rc = check_input(c.t, in, errs)) != MC_OK)
        goto out;
    if (in->action == DOSSIER_ACT_APPROVE && in->nfiles == 0) {
        if ((rc = generate_result(env, actor, id, in->note, &generated)) != MC_OK)
            goto out;
        c.generated = &generated;
    }
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
