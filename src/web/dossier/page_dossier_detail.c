/*
 * page_dossier_detail.c - one dossier: its page (status, dates, history,
 * files and one form per action the signed-in user may take now), the
 * action handler, the receipt (Mẫu 01, with a QR code for tracking) and
 * file downloads.
 *
 * Which forms appear is decided by dossier_may(); every action is checked
 * and audited again by dossier_act().  Each form names the version it
 * showed, so a change made meanwhile by someone else gives a 409 page
 * instead of being overwritten.
 */
#include <stdio.h>
#include <stdlib.h>
#include "web/dossier/clock_view.h"
#include "web/dossier/dossier_view.h"
#include "web/dossier/eform_view.h"
#include "web/reply.h"
#include "web/dossier/dossier_web.h"
#include "domain/calendar/date.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/qr.h"
#include "core/text.h"

#define ACTION_FILES_MAX 5          /* file, file2 .. file5 */
#define DUE_HOUR 17                 /* a date typed for an appointment means 17:00 that day */

/*
 * Load the dossier of the URL for the signed-in user.  On failure the
 * reply is sent (404, or 403 for staff of another agency: the dossier's
 * existence is no secret to officers, but it is to citizens) and *rc set.
 */
static bool load_dossier(struct http_request *req, struct dossier *d, unsigned *rc)
{
    struct db *db = web_ctx(req)->db;
    const struct user *u = dossier_view_user(req);
    enum mc_status st = dossier_get_by_code(db, u, req->params[0], d);
    if (st == MC_OK)
        return true;
    if (st == MC_ERR_NOT_FOUND && u && u->kind == USER_STAFF &&
        dossier_get_by_code(db, NULL, req->params[0], d) == MC_OK) {
        *rc = http_error(req, 403, "forbidden", "Hồ sơ này không thuộc cơ quan của bạn.");
        return false;
    }
    *rc = dossier_view_error(req, st, NULL, NULL);
    return false;
}

/* ---------------------------------------------------------------- the page */

struct action_form {
    enum dossier_action action;
    const char *note_label;   /* NULL: no note field */
    bool due_date;            /* a date field */
    const char *due_label;
    bool amount;
    bool file;                /* file inputs (multipart form) */
    bool multi;               /* several files */
    const char *file_label;
    bool danger;
};

static const struct action_form action_forms[] = {
    {DOSSIER_ACT_ACCEPT, "Ghi chú (không bắt buộc)", true,
     "Ngày hẹn trả (chỉ khi thủ tục chưa có thời hạn giải quyết)", false, false, false, NULL,
     false},
    {DOSSIER_ACT_REFUSE, "Lý do không tiếp nhận (Mẫu 03)", false, NULL, false, false, false,
     NULL, true},
    {DOSSIER_ACT_START, "Ghi chú (không bắt buộc)", false, NULL, false, false, false, NULL,
     false},
    {DOSSIER_ACT_REQUEST_SUPPLEMENT,
     "Giấy tờ, nội dung cần bổ sung – ghi rõ từng thứ còn thiếu (Mẫu 02)", true,
     "Hạn nộp bổ sung (để trống: 5 ngày làm việc)", false, false, false, NULL, false},
    {DOSSIER_ACT_SUPPLEMENT, "Nội dung bổ sung", false, NULL, false, true, true,
     "Giấy tờ bổ sung (PDF, JPEG hoặc PNG, mỗi tệp tối đa 10 MB)", false},
    {DOSSIER_ACT_REQUEST_PAYMENT, "Nội dung khoản phí, lệ phí", false, NULL, true, false, false,
     NULL, false},
    {DOSSIER_ACT_CONFIRM_PAYMENT, "Ghi chú (số biên lai)", false, NULL, false, false, false,
     NULL, false},
    {DOSSIER_ACT_WITHDRAW, "Lý do rút hồ sơ (không bắt buộc)", false, NULL, false, false, false,
     NULL, true},
    {DOSSIER_ACT_STOP, "Lý do dừng xử lý", false, NULL, false, false, false, NULL, true},
    {DOSSIER_ACT_FINISH, "Ý kiến trình lãnh đạo (không bắt buộc)", false, NULL, false, false,
     false, NULL, false},
    {DOSSIER_ACT_SEND_BACK, "Lý do trả lại", false, NULL, false, false, false, NULL, false},
    {DOSSIER_ACT_APPROVE,
     "Nội dung quyết định – in vào văn bản kết quả (ghi rõ giải quyết việc gì, cho ai)",
     false, NULL, false, true, false,
     "Hoặc tải lên tệp kết quả đã ký số (PDF, JPEG hoặc PNG)", false},
    {DOSSIER_ACT_RETURN, "Ghi chú (ví dụ số vận đơn bưu chính)", false, NULL, false, false,
     false, NULL, false},
    {DOSSIER_ACT_APOLOGY, "Lý do chậm trễ, lời xin lỗi (Mẫu 04)", true,
     "Ngày hẹn trả mới", false, false, false, NULL, false},
    {DOSSIER_ACT_COLLECT_FEE, "Số biên lai thu phí, lệ phí", false, NULL, false, false, false,
     NULL, false},
    {DOSSIER_ACT_WAIVE_FEE, "Lý do miễn phí, lệ phí (căn cứ quy định)", false, NULL, false,
     false, false, NULL, false},
};

/* An action the page shows again with its reason (a refused POST). */
struct action_error {
    enum dossier_action action;
    const char *message;
    const char *note;         /* what was typed, kept */
};

static json_t *actions_json(const struct user *u, const struct dossier *d,
                            const struct action_error *err)
{
    json_t *a = json_array();
    bool owner = u && d->applicant_id == u->id;
    for (size_t i = 0; i < MC_ARRAY_LEN(action_forms); i++) {
        const struct action_form *f = &action_forms[i];
        const struct dossier_transition *t = dossier_transition_of(f->action);
        if (!t || !dossier_may(u, d, f->action, NULL))
            continue;
        json_t *o = json_pack("{s:s,s:s,s:b,s:b,s:b,s:b,s:b,s:s*,s:s*,s:s*}", "code", t->code,
                              "label", t->label, "note_required", t->needs_note, "due_date",
                              f->due_date, "amount", f->amount, "file", f->file, "multi",
                              f->multi, "note_label", f->note_label, "due_label", f->due_label,
                              "file_label", f->file_label);
        json_object_set_new(o, "due_required",
                            json_boolean(f->action == DOSSIER_ACT_APOLOGY));
        json_object_set_new(o, "danger", json_boolean(f->danger));
        if (err && err->action == f->action) {
            json_object_set_new(o, "open", json_true());
            json_object_set_new(o, "error", json_string(err->message));
            json_object_set_new(o, "note_value", json_string(err->note ? err->note : ""));
        } else if (owner && f->action == DOSSIER_ACT_SUPPLEMENT) {
            json_object_set_new(o, "open", json_true());   /* what the applicant must do now */
        }
        json_array_append_new(a, o);
    }
    return a;
}

/* The applicant's prominent box while the agency waits for a supplement. */
static json_t *supplement_box(const struct dossier *d, const struct dossier_event_list *ev)
{
    const char *what = NULL;
    if (d->status != NAT_ST_SUPPLEMENT)
        return NULL;
    for (size_t i = ev->n; i-- > 0 && !what;)
        if (strcmp(ev->items[i].action, "request_supplement") == 0)
            what = ev->items[i].note;
    json_t *o = json_pack("{s:s}", "what", what && *what ? what : "xem yêu cầu của cơ quan");
    if (d->supplement_due_at > 0)
        json_object_set_new(o, "by", dossier_view_time(d->supplement_due_at));
    return o;
}

/* The clock, with why the appointment moved from the history (and the officers' words). */
static json_t *dossier_clock_json(struct http_request *req, const struct dossier *d,
                                  const struct dossier_event_list *ev)
{
    struct dossier_move *moves = arena_alloc(req->arena, (ev->n + 1) * sizeof(*moves));
    const char **notes = arena_alloc(req->arena, (ev->n + 1) * sizeof(*notes));
    size_t n = 0;
    for (size_t i = 0; i < ev->n; i++) {
        const struct dossier_event *e = &ev->items[i];
        if (strcmp(e->action, "request_supplement") != 0 && strcmp(e->action, "supplement") &&
            strcmp(e->action, "apology") != 0)
            continue;
        memset(&moves[n], 0, sizeof(moves[n]));
        snprintf(moves[n].action, sizeof(moves[n].action), "%s", e->action);
        moves[n].at = e->at;
        moves[n].due_at = e->due_at;
        notes[n++] = strcmp(e->action, "supplement") == 0 ? NULL : e->note;
    }
    return clock_view(web_calendar(req), d, clock_now(), moves, notes, n);
}

static const char *done_message(const char *code)
{
    enum dossier_action a;
    if (!code || dossier_action_parse(code, &a) != MC_OK)
        return NULL;
    return dossier_transition_of(a)->label;
}

/*
 * The dossier page of d for the signed-in user, with status; err (may be
 * NULL) reopens a refused action's form with its reason and typed note.
 */
static unsigned render_dossier(struct http_request *req, unsigned status,
                               const struct dossier *d, const struct action_error *err)
{
    struct db *db = web_ctx(req)->db;
    const struct user *u = dossier_view_user(req);
    struct dossier_event_list ev;
    struct dossier_file_list files;
    unsigned rc = 0;
    dossier_event_list_init(&ev);
    dossier_file_list_init(&files);
    enum mc_status st = dossier_history(db, u, d, &ev);
    if (st == MC_OK)
        st = dossier_files(db, u, d, &files);
    if (st != MC_OK) {
        rc = dossier_view_error(req, st, NULL, NULL);
        goto out;
    }
    json_t *data = json_object();
    bool owner = u && d->applicant_id == u->id;
    bool staff = u && u->kind == USER_STAFF;
    json_t *box = owner ? supplement_box(d, &ev) : NULL;
    json_object_set_new(data, "d", dossier_view_summary(db, d));
    json_object_set_new(data, "declaration", eform_view_dossier(db, d, EFORM_ALL));
    json_object_set_new(data, "clock", dossier_clock_json(req, d, &ev));
    json_object_set_new(data, "events", dossier_view_events(&ev));
    json_object_set_new(data, "files", dossier_view_files(d, &files));
    json_object_set_new(data, "actions", actions_json(u, d, err));
    json_object_set_new(data, "owner", json_boolean(owner));
    json_object_set_new(data, "staff", json_boolean(staff));
    if (box)
        json_object_set_new(data, "supplement", box);
    if (owner)
        json_object_set_new(data, "accesses", web_access_json(req, d->applicant_id, d->code,
                                                              20));
    json_object_set_new(data, "can_pay", json_boolean(owner && dossier_fee_payable(d) &&
                                                      dossier_view_app(req)->payment_on));
    json_object_set_new(data, "pay_at_counter",
                        json_boolean(owner && dossier_fee_payable(d) &&
                                     !dossier_view_app(req)->payment_on));

    json_object_set_new(data, "fee_blocks_return",
                        json_boolean(staff && d->status == NAT_ST_DONE && dossier_fee_open(d)));
    json_object_set_new(data, "new", json_boolean(http_arg(req, "moi") != NULL));
    json_object_set_new(data, "paid", json_boolean(http_arg(req, "da_thanh_toan") != NULL));
    json_object_set_new(data, "pay_failed",
                        json_boolean(http_arg(req, "thanh_toan_loi") != NULL));
    const char *done = done_message(http_arg(req, "xong"));
    if (done && !err)
        json_object_set_new(data, "done", json_string(done));
    char *title = arena_printf(req->arena, "Hồ sơ %s", d->code);
    rc = web_page(req, status, "dossier.html", title, data);
out:
    dossier_file_list_release(&files);
    dossier_event_list_release(&ev);
    return rc;
}

static unsigned page_dossier(struct http_request *req)
{
    struct dossier d;
    unsigned rc = 0;
    dossier_init(&d);
    if (load_dossier(req, &d, &rc))
        rc = web_log_access(req, d.applicant_id, "view", "dossier", d.code)
                 ? render_dossier(req, 200, &d, NULL)
                 : http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau");
    dossier_release(&d);
    return rc;
}

/* ---------------------------------------------------------------- actions */

static bool parse_amount(const char *s, int64_t *out)
{
    int64_t v = 0;
    bool digits = false;
    for (; s && *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (v > (INT64_C(1) << 50))
                return false;
            v = v * 10 + (*s - '0');
            digits = true;
        } else if (*s != '.' && *s != ',' && *s != ' ') {
            return false;
        }
    }
    *out = v;
    return digits && v > 0;
}

static int64_t parse_version(const char *s)
{
    int64_t v = 0;
    return text_parse_id(s, &v) ? v : 0;
}

/* The action's uploads, checked first (nothing stored when one is bad), then stored. */
static enum mc_status action_files(struct http_request *req, enum dossier_action a,
                                   struct dossier_file_ref *refs, size_t *n,
                                   struct form_errors *errs)
{
    struct http_upload *ups[ACTION_FILES_MAX];
    size_t k = 0;
    *n = 0;
    for (int i = 1; i <= ACTION_FILES_MAX; i++) {
        const char *name = i == 1 ? "file" : arena_printf(req->arena, "file%d", i);
        struct http_upload *up = dossier_view_upload(req, name);
        if (!up)
            continue;
        const char *bad = dossier_view_upload_check(up);
        if (bad) {
            form_errors_add(errs, name, bad);
            return MC_ERR_INVALID;
        }
        ups[k++] = up;
    }
    if (a == DOSSIER_ACT_APPROVE && k > 1) {
        form_errors_add(errs, "file", "Chỉ tải lên một tệp kết quả.");
        return MC_ERR_INVALID;
    }
    for (size_t i = 0; i < k; i++) {
        struct filestore_meta meta;
        enum mc_status st = dossier_view_upload_store(req, ups[i], &meta);
        if (st != MC_OK) {
            form_errors_add(errs, "file", "Không lưu được tệp, xin thử lại.");
            return st;
        }
        refs[i] = (struct dossier_file_ref){
            .sha256 = arena_strdup(req->arena, meta.sha256),
            .name = a == DOSSIER_ACT_APPROVE
                        ? "Kết quả giải quyết thủ tục hành chính"
                        : dossier_view_upload_name(req, ups[i], "Giấy tờ bổ sung"),
        };
    }
    *n = k;
    return MC_OK;
}

static unsigned page_dossier_action_post(struct http_request *req)
{
    struct dossier d;
    struct dossier_env env;
    struct dossier_file_ref refs[ACTION_FILES_MAX];
    struct dossier_action_input in = {0};
    struct form_errors errs = {0};
    unsigned rc = 0;
    dossier_init(&d);
    if (!load_dossier(req, &d, &rc))
        goto out;
    char *back = arena_printf(req->arena, "/ho-so/%s", d.code);
    const char *code = kv_get(req->form, "action");
    if (!code || dossier_action_parse(code, &in.action) != MC_OK ||
        in.action == DOSSIER_ACT_SUBMIT || in.action == DOSSIER_ACT_INTAKE) {
        rc = dossier_view_error(req, MC_ERR_INVALID, "Thao tác không hợp lệ.", back);
        goto out;
    }
    in.expected_version = parse_version(kv_get(req->form, "version"));
    if (in.expected_version <= 0) {
        rc = dossier_view_error(req, MC_ERR_INVALID,
                                "Thiếu phiên bản hồ sơ; vui lòng tải lại trang.", back);
        goto out;
    }
    in.note = kv_get(req->form, "note");
    const char *sure = kv_get(req->form, "xac_nhan");
    if (in.action == DOSSIER_ACT_WITHDRAW && !(sure && strcmp(sure, "1") == 0) &&
        dossier_may(dossier_view_user(req), &d, in.action, NULL)) {
        /* Withdrawing cannot be undone: ask once more, on a page (no script).
         * Anyone who may not withdraw goes on to dossier_act() and its refusal. */
        rc = web_page(req, 200, "dossier_confirm.html", "Xác nhận rút hồ sơ", json_pack(
            "{s:s,s:s,s:s,s:I,s:s}", "code", d.code, "procedure_name", d.procedure_name,
            "action", code, "version", (json_int_t)in.expected_version, "note",
            in.note ? in.note : ""));
        goto out;
    }
    const char *due = kv_get(req->form, "due_date");
    if (due && *due && !dossier_view_parse_date(due, DUE_HOUR, &in.due_at)) {
        rc = dossier_view_error(req, MC_ERR_INVALID,
                                "Ngày không hợp lệ (ngày/tháng/năm, ví dụ 05/03/2025).", back);
        goto out;
    }
    const char *amount = kv_get(req->form, "amount");
    if (amount && *amount && !parse_amount(amount, &in.amount)) {
        rc = dossier_view_error(req, MC_ERR_INVALID,
                                "Số tiền không hợp lệ (số đồng, lớn hơn 0).", back);
        goto out;
    }
    if (in.action == DOSSIER_ACT_REQUEST_PAYMENT && in.amount <= 0 && d.fee_dong <= 0) {
        rc = dossier_view_error(req, MC_ERR_INVALID, "Nhập số tiền phí, lệ phí (đồng).", back);
        goto out;
    }
    enum mc_status st = action_files(req, in.action, refs, &in.nfiles, &errs);
    if (st != MC_OK) {
        rc = dossier_view_error(req, st, form_errors_first(&errs), back);
        goto out;
    }
    in.files = in.nfiles ? refs : NULL;
    dossier_view_env(req, &env);
    st = dossier_act(&env, dossier_view_user(req), req->client_addr, d.id, &in, NULL, &errs);
    if (st == MC_OK) {
        rc = http_redirect(req, arena_printf(req->arena, "/ho-so/%s?xong=%s", d.code,
                                             dossier_action_code(in.action)));
    } else if (st == MC_ERR_INVALID && form_errors_first(&errs) &&
               dossier_may(dossier_view_user(req), &d, in.action, NULL)) {
        /* A reason the user can fix: the same page, the form open with it. */
        struct action_error err = {in.action, form_errors_first(&errs), in.note};
        rc = render_dossier(req, 422, &d, &err);
    } else {
        rc = dossier_view_error(req, st, form_errors_first(&errs), back);
    }
out:
    dossier_release(&d);
    return rc;
}

/* ---------------------------------------------------------------- receipt */

/* "08 giờ 30 phút, ngày 03 tháng 3 năm 2025" */
static json_t *receipt_time(int64_t t, bool with_hour)
{
    int y, m, dd;
    if (t <= 0)
        return json_string("");
    int32_t sec = calendar_seconds_of_day(t);
    calendar_date_to_ymd(calendar_date_of(t), &y, &m, &dd);
    if (!with_hour)
        return json_sprintf("ngày %02d tháng %02d năm %04d", dd, m, y);
    return json_sprintf("%02d giờ %02d phút, ngày %02d tháng %02d năm %04d", sec / 3600,
                        sec / 60 % 60, dd, m, y);
}

static unsigned page_dossier_receipt(struct http_request *req)
{
    struct db *db = web_ctx(req)->db;
    struct dossier d;
    struct dossier_file_list files;
    struct buf svg;
    unsigned rc = 0;
    dossier_init(&d);
    dossier_file_list_init(&files);
    buf_init(&svg, BUF_MAX_SMALL);
    if (!load_dossier(req, &d, &rc))
        goto out;
    enum mc_status st = dossier_files(db, dossier_view_user(req), &d, &files);
    if (st != MC_OK) {
        rc = dossier_view_error(req, st, NULL, NULL);
        goto out;
    }
    char *path = arena_printf(req->arena, "/tra-cuu?ma=%s", d.code);
    const char *url = dossier_view_absolute(req, path);
    if (qr_svg(url, "Mã QR để tra cứu tình trạng hồ sơ", &svg) != MC_OK)
        buf_reset(&svg);
    json_t *data = json_object();
    json_object_set_new(data, "d", dossier_view_summary(db, &d));
    json_object_set_new(data, "files", dossier_view_files(&d, &files));
    json_t *declared = eform_view_dossier(db, &d, EFORM_ON_RECEIPT);
    json_object_set_new(data, "has_declaration", json_boolean(json_array_size(declared) > 0));
    json_object_set_new(data, "declaration", declared);
    json_object_set_new(data, "qr", json_stringn(svg.data ? svg.data : "", svg.len));
    json_object_set_new(data, "track_url", json_string(url));
    json_object_set_new(data, "contact_phone", json_string(d.contact_phone));
    json_object_set_new(data, "received_text", receipt_time(d.received_at, true));
    json_object_set_new(data, "submitted_text", receipt_time(d.submitted_at, true));
    json_object_set_new(data, "due_text", receipt_time(d.due_at, true));
    json_object_set_new(data, "today_text", receipt_time(clock_now(), false));
    json_object_set_new(data, "post", json_boolean(d.delivery == DOSSIER_DELIVERY_POST));
    json_object_set_new(data, "online", json_boolean(d.delivery == DOSSIER_DELIVERY_ONLINE));
    json_object_set_new(data, "counter", json_boolean(d.delivery == DOSSIER_DELIVERY_COUNTER));
    json_object_set_new(data, "hide_widget", json_true());
    rc = web_page(req, 200, "receipt.html", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", data);
out:
    buf_release(&svg);
    dossier_file_list_release(&files);
    dossier_release(&d);
    return rc;
}

/* ---------------------------------------------------------------- files */

static unsigned page_dossier_file(struct http_request *req)
{
    struct dossier d;
    struct dossier_file f;
    unsigned rc = 0;
    int64_t id = 0;
    dossier_init(&d);
    if (!load_dossier(req, &d, &rc))
        goto out;
    memset(&f, 0, sizeof(f));
    enum mc_status st = text_parse_id(req->params[1], &id)
                            ? dossier_file_get(web_ctx(req)->db, dossier_view_user(req), id,
                                               &f)
                            : MC_ERR_NOT_FOUND;
    if (st == MC_OK && f.dossier_id != d.id)
        st = MC_ERR_NOT_FOUND;
    if (st != MC_OK) {
        rc = web_fail(req, st, &(const struct web_says){.not_found = "Không tìm thấy tệp"},
                      NULL);
        goto out;
    }
    const char *ref = arena_printf(req->arena, "%s/%lld", d.code, (long long)f.id);
    if (!web_log_access(req, d.applicant_id, "download", f.vault_item_id ? "vault" : "dossier",
                        ref))
        rc = http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau");
    else
        rc = dossier_view_send_file(req, &f.file, f.name);
out:
    dossier_release(&d);
    return rc;
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/ho-so/{code}", page_dossier, R_SIGNED_IN, 0},
    {HTTP_POST, "/ho-so/{code}/thao-tac", page_dossier_action_post, R_SIGNED_IN,
     WEB_UPLOAD_MAX},
    {HTTP_GET, "/ho-so/{code}/bien-nhan", page_dossier_receipt, R_SIGNED_IN, 0},
    {HTTP_GET, "/ho-so/{code}/tep/{id}", page_dossier_file, R_SIGNED_IN, 0},
};

const struct web_routes web_page_dossier_detail_routes = WEB_ROUTES(routes);
