/*
 * page_programme_report.c - report cycles (a new cycle, the board of who
 * reported with "nhắc ngay", difficulties and their answers) and one
 * organisation's report (the form prefilled with its tasks and figures,
 * save and submit; the focal agency's return with a comment or accept).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/text.h"
#include "core/vnfmt.h"
#include "domain/programme/programme.h"
#include "domain/programme/programme_consolidate.h"
#include "domain/programme/programme_report.h"
#include "web/app.h"
#include "web/programme/programme_view.h"
#include "web/programme/programme_web.h"
#include "web/reply.h"

static const struct web_says CYCLE_SAYS = {
    .not_found = "Không có kỳ báo cáo này",
    .forbidden = "Chỉ cơ quan đầu mối theo dõi kế hoạch và quản trị tỉnh làm được việc này",
    .conflict = "Báo cáo đã được gửi hoặc đã tiếp nhận",
    .failed = "Không lưu được, xin thử lại sau",
};

static const struct web_says REPORT_SAYS = {
    .not_found = "Không có báo cáo này",
    .forbidden = "Báo cáo này của đơn vị khác",
    .conflict = "Báo cáo đã gửi hoặc đã được tiếp nhận nên không sửa được; báo cáo chỉ trả "
                "lại hoặc tiếp nhận được khi đơn vị đã gửi",
    .failed = "Không lưu được, xin thử lại sau",
};

/* ---------------------------------------------------------------- cycles */

static unsigned page_prog_cycle_create(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    int64_t plan_id = 0;
    int64_t year = 0;
    int64_t id = 0;
    const char *y = http_arg(req, "nam");
    enum mc_status st;

    if (!text_parse_id(req->params[0], &plan_id))
        return web_fail(req, MC_ERR_NOT_FOUND, &CYCLE_SAYS, NULL);
    if (!y || !text_parse_id(y, &year))
        year = 0;
    st = prog_cycle_create(c->db, &c->session.user, plan_id,
                           http_arg(req, "loai") && strcmp(http_arg(req, "loai"), "dot_xuat") == 0,
                           (int)year, http_arg(req, "tieu_de"), http_arg(req, "han"), &c->actor,
                           &errs, &id);
    if (st == MC_OK)
        return http_redirect(req, arena_printf(req->arena, "/quan-tri/de-an/ky-bao-cao/%lld",
                                               (long long)id));
    return web_fail(req, st, &CYCLE_SAYS, &errs);
}

/* The cycle of the path, and whether u follows it (focal, overseer). */
static enum mc_status path_cycle(struct http_request *req, struct prog_cycle *cy, bool *focal,
                                 bool *overseer)
{
    struct web_ctx *c = web_ctx(req);
    struct prog_plan p;
    int64_t id = 0;
    enum mc_status st;
    *focal = false;
    *overseer = false;
    prog_plan_init(&p);
    if (!text_parse_id(req->params[0], &id))
        return MC_ERR_NOT_FOUND;
    st = prog_cycle_get(c->db, id, cy);
    if (st == MC_OK)
        st = prog_plan_get(c->db, cy->plan_id, &p);
    if (st == MC_OK)
        st = prog_is_focal(c->db, &c->session.user, &p, focal);
    if (st == MC_OK)
        st = prog_is_overseer(c->db, &c->session.user, overseer);
    if (st == MC_OK && !*focal && !*overseer)
        st = MC_ERR_FORBIDDEN;
    prog_plan_release(&p);
    return st;
}

/* The frozen revisions of the consolidated report of a cycle. */
static json_t *revisions_json(struct http_request *req, int64_t cycle_id)
{
    struct prog_consolidation *l = NULL;
    size_t n = 0;
    json_t *a = json_array();
    if (prog_consolidations(web_ctx(req)->db, cycle_id, &l, &n) == MC_OK) {
        for (size_t i = 0; i < n; i++) {
            char when[VNFMT_SIZE];
            json_array_append_new(a, json_pack("{s:i,s:s,s:s}", "revision", l[i].revision,
                                               "at", vnfmt_datetime(when, sizeof(when),
                                                                    l[i].created_at),
                                               "base",
                                               arena_printf(req->arena,
                                                            "/quan-tri/de-an/ky-bao-cao/%lld"
                                                            "/tong-hop/%d", (long long)cycle_id,
                                                            l[i].revision)));
        }
    }
    free(l);
    return a;
}

static unsigned page_prog_board(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct prog_cycle cy;
    struct prog_board b;
    struct prog_difficulty_list dl;
    bool focal = false, overseer = false;
    unsigned status;
    enum mc_status st;

    prog_board_init(&b);
    prog_difficulty_list_init(&dl);
    st = path_cycle(req, &cy, &focal, &overseer);
    if (st == MC_OK)
        st = prog_board_load(c->db, cy.id, &b);
    if (st == MC_OK)
        st = prog_difficulty_list(c->db, cy.id, &dl);
    if (st != MC_OK) {
        status = web_fail(req, st, &CYCLE_SAYS, NULL);
        goto out;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < b.n; i++) {
        const struct prog_board_row *r = &b.rows[i];
        char when[VNFMT_SIZE] = "";
        if (r->submitted_at)
            vnfmt_datetime(when, sizeof(when), r->submitted_at);
        json_array_append_new(rows, json_pack(
            "{s:s,s:s,s:I,s:s,s:s,s:s,s:b,s:i,s:b}", "org", r->org_code, "name", r->org_name,
            "report", (json_int_t)r->report_id, "state", prog_report_state_name(r->state),
            "state_label", prog_report_state_label(r->state), "submitted", when, "late",
            r->late, "reminders", r->reminders,
            "may_remind", focal && (r->state == PROG_REPORT_DRAFT ||
                                    r->state == PROG_REPORT_RETURNED)));
    }
    json_t *diffs = json_array();
    for (size_t i = 0; i < dl.n; i++) {
        const struct prog_difficulty *d = &dl.items[i];
        json_array_append_new(diffs, json_pack(
            "{s:I,s:s,s:s,s:s,s:s,s:s,s:b}", "id", (json_int_t)d->id, "org",
            prog_view_org_name(req, d->org_code), "body", d->body, "answer", d->answer,
            "due", prog_view_day(req, d->due_on), "due_iso", d->due_on, "answered",
            d->answer[0] != '\0'));
    }
    json_t *data = json_pack(
        "{s:I,s:s,s:s,s:s,s:o,s:o,s:b,s:b,s:i,s:i,s:i,s:i,s:i,s:b}", "cycle_id",
        (json_int_t)cy.id, "cycle_title", cy.title, "due", prog_view_day(req, cy.due_on),
        "recipient",
        prog_view_org_name(req, cy.recipient_code), "rows", rows, "difficulties", diffs,
        "focal", focal, "has_difficulties", dl.n > 0, "total", (int)b.n, "submitted",
        (int)b.submitted, "accepted", (int)b.accepted, "missing", (int)b.missing, "late",
        (int)b.late, "reminded", http_arg(req, "da-nhac") != NULL);
    json_object_set_new(data, "revisions", revisions_json(req, cy.id));
    status = web_page(req, 200, "admin_programme_board.html", "Theo dõi kỳ báo cáo", data);
out:
    prog_difficulty_list_release(&dl);
    prog_board_release(&b);
    return status;
}

static unsigned page_prog_remind(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    int64_t id = 0;
    const char *org = http_arg(req, "to_chuc");
    enum mc_status st;
    if (!text_parse_id(req->params[0], &id) || !org)
        return web_fail(req, MC_ERR_NOT_FOUND, &CYCLE_SAYS, NULL);
    st = prog_remind_now(c->db, &c->session.user, id, org, &c->actor);
    if (st != MC_OK)
        return web_fail(req, st, &CYCLE_SAYS, NULL);
    web_wake_outbox(req);
    return http_redirect(req, arena_printf(req->arena, "/quan-tri/de-an/ky-bao-cao/%lld?da-nhac=1",
                                           (long long)id));
}

static unsigned page_prog_difficulty(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    int64_t id = 0;
    int64_t cycle = 0;
    enum mc_status st;
    if (!text_parse_id(req->params[0], &id))
        return web_fail(req, MC_ERR_NOT_FOUND, &CYCLE_SAYS, NULL);
    st = prog_difficulty_answer(c->db, &c->session.user, id, http_arg(req, "tra_loi"),
                                http_arg(req, "han_tra_loi"), &c->actor, &errs);
    if (st != MC_OK)
        return web_fail(req, st, &CYCLE_SAYS, &errs);
    if (!http_arg(req, "ky") || !text_parse_id(http_arg(req, "ky"), &cycle))
        return http_redirect(req, "/quan-tri/de-an/theo-doi");
    return http_redirect(req, arena_printf(req->arena, "/quan-tri/de-an/ky-bao-cao/%lld",
                                           (long long)cycle));
}

/* ---------------------------------------------------------------- reports */

/* The report of the path and what u may do with it. */
struct report_access {
    bool acts;       /* u acts for the report's organisation (may edit and submit) */
    bool focal;      /* u is focal for its plan (may return or accept) */
    bool overseer;
};

static enum mc_status path_report(struct http_request *req, struct prog_report *r,
                                  struct prog_cycle *cy, struct report_access *a)
{
    struct web_ctx *c = web_ctx(req);
    const struct user *u = &c->session.user;
    struct prog_plan p;
    int64_t id = 0;
    enum mc_status st;
    memset(a, 0, sizeof(*a));
    prog_plan_init(&p);
    if (!text_parse_id(req->params[0], &id))
        return MC_ERR_NOT_FOUND;
    st = prog_report_get(c->db, id, r);
    if (st == MC_OK)
        st = prog_cycle_get(c->db, r->cycle_id, cy);
    if (st == MC_OK)
        st = prog_plan_get(c->db, cy->plan_id, &p);
    if (st == MC_OK)
        st = prog_acts_for(c->db, u, r->org_code, &a->acts);
    if (st == MC_OK)
        st = prog_is_focal(c->db, u, &p, &a->focal);
    if (st == MC_OK)
        st = prog_is_overseer(c->db, u, &a->overseer);
    if (st == MC_OK && !(a->acts || a->focal || a->overseer))
        st = MC_ERR_FORBIDDEN;
    a->acts = a->acts && (u->roles & (ROLE_AGENCY_ADMIN | ROLE_APPROVER));
    prog_plan_release(&p);
    return st;
}

/* The organisation's tasks with its status and outputs, to prefill the report. */
static json_t *report_tasks(struct http_request *req, const struct prog_cycle *cy,
                            const char *org)
{
    struct prog_task_list l;
    json_t *a = json_array();
    prog_task_list_init(&l);
    if (prog_task_list(web_ctx(req)->db, cy->plan_id, org, &l) == MC_OK) {
        for (size_t i = 0; i < l.n; i++) {
            json_t *row = prog_view_task_row(req, &l.items[i], org);
            json_t *ws = prog_view_workspace(req, &l.items[i], org);
            json_object_set(row, "outputs", json_object_get(ws, "outputs"));
            json_object_set(row, "evidence", json_object_get(ws, "evidence"));
            json_object_set(row, "budget_spent_text", json_object_get(ws, "budget_spent_text"));
            json_decref(ws);
            json_array_append_new(a, row);
        }
    }
    prog_task_list_release(&l);
    return a;
}

/*
 * The figures the platform holds for the organisation's tasks: "counts"
 * (task, kind, figure, source, the override and its reason) and
 * "counts_frozen" (true once submitted: the figures of the submission).
 */
static void add_counts(struct http_request *req, json_t *data, const struct prog_report *r,
                       const struct prog_cycle *cy)
{
    struct prog_live_list l;
    json_t *a = json_array();
    bool frozen = false;
    prog_live_list_init(&l);
    if (prog_report_counts(web_ctx(req)->db, r, cy, &l, &frozen) == MC_OK) {
        for (size_t i = 0; i < l.n; i++) {
            const struct prog_live *x = &l.items[i];
            char n[VNFMT_SIZE], t[VNFMT_SIZE];
            json_array_append_new(
                a, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "task", x->task_number, "kind",
                             x->kind, "name", prog_output_kind_name(x->kind), "count",
                             x->known ? vnfmt_int(n, sizeof(n), x->count) : VNFMT_NO_DATA,
                             "source", prog_output_kind_source(x->kind), "typed", x->typed,
                             "typed_count", x->typed ? vnfmt_int(t, sizeof(t), x->typed_count)
                                                     : "",
                             "reason", x->reason ? x->reason : ""));
        }
    }
    prog_live_list_release(&l);
    json_object_set_new(data, "has_counts", json_boolean(json_array_size(a) > 0));
    json_object_set_new(data, "counts", a);
    json_object_set_new(data, "counts_frozen", json_boolean(frozen));
    json_object_set_new(data, "year", json_integer(cy->year));
}

static unsigned report_page(struct http_request *req, unsigned status,
                            const struct prog_report *r, const struct prog_cycle *cy,
                            const struct report_access *a, const struct form_errors *errs)
{
    bool editable = a->acts && (r->state == PROG_REPORT_DRAFT || r->state == PROG_REPORT_RETURNED);
    bool posted = req->method == HTTP_POST && errs;
    char when[VNFMT_SIZE] = "";
    if (r->submitted_at)
        vnfmt_datetime(when, sizeof(when), r->submitted_at);
#define FIELD(name, stored) (posted && http_arg(req, name) ? http_arg(req, name) : (stored))
    json_t *data = json_pack(
        "{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:b,s:o}", "id",
        (json_int_t)r->id, "org", r->org_code, "org_name", prog_view_org_name(req, r->org_code),
        "cycle", cy->title, "due", prog_view_day(req, cy->due_on), "state",
        prog_report_state_name(r->state), "state_label", prog_report_state_label(r->state),
        "results", FIELD("ket_qua", r->results), "difficulties",
        FIELD("kho_khan", r->difficulties), "proposals", FIELD("de_xuat", r->proposals),
        "budget", FIELD("kinh_phi", r->budget), "return_comment", r->return_comment,
        "editable", editable, "may_decide", a->focal && r->state == PROG_REPORT_SUBMITTED,
        "returned", r->state == PROG_REPORT_RETURNED, "tasks", report_tasks(req, cy, r->org_code));
#undef FIELD
    json_object_set_new(data, "submitted_at", json_string(when));
    json_object_set_new(data, "cycle_id", json_integer((json_int_t)cy->id));
    json_object_set_new(data, "follow", json_boolean(a->focal || a->overseer));
    json_object_set_new(data, "saved", json_boolean(http_arg(req, "da-luu") != NULL));
    add_counts(req, data, r, cy);
    web_form_errors(data, errs);
    return web_page(req, status, "admin_programme_report.html", "Báo cáo kết quả thực hiện",
                    data);
}

static unsigned page_prog_report(struct http_request *req)
{
    struct prog_report r;
    struct prog_cycle cy;
    struct report_access a;
    unsigned status;
    prog_report_init(&r);
    enum mc_status st = path_report(req, &r, &cy, &a);
    status = st == MC_OK ? report_page(req, 200, &r, &cy, &a, NULL)
                         : web_fail(req, st, &REPORT_SAYS, NULL);
    prog_report_release(&r);
    return status;
}

/*
 * A change of the report of the path, made by change (errs gets what the
 * form must show): the report's page again (422) with errs, the failure
 * page, or back to the report.
 */
static unsigned report_change(struct http_request *req,
                              enum mc_status (*change)(struct http_request *req,
                                                       const struct prog_report *r,
                                                       struct form_errors *errs))
{
    struct prog_report r;
    struct prog_cycle cy;
    struct report_access a;
    struct form_errors errs = {0};
    unsigned status;
    prog_report_init(&r);
    enum mc_status st = path_report(req, &r, &cy, &a);
    if (st == MC_OK)
        st = change(req, &r, &errs);
    if (st == MC_ERR_INVALID)
        status = report_page(req, 422, &r, &cy, &a, &errs);
    else if (st != MC_OK)
        status = web_fail(req, st, &REPORT_SAYS, NULL);
    else
        status = http_redirect(req, arena_printf(req->arena,
                                                 "/quan-tri/de-an/bao-cao/%lld?da-luu=1",
                                                 (long long)r.id));
    prog_report_release(&r);
    return status;
}

/* The organisation's report saved, or sent with "gui". */
static enum mc_status save_report(struct http_request *req, const struct prog_report *r,
                                  struct form_errors *errs)
{
    struct web_ctx *c = web_ctx(req);
    struct prog_report_form f = {http_arg(req, "ket_qua"), http_arg(req, "kho_khan"),
                                 http_arg(req, "de_xuat"), http_arg(req, "kinh_phi")};
    return prog_report_save(c->db, &c->session.user, r->id, &f, http_arg(req, "gui") != NULL,
                            &c->actor, errs);
}

static unsigned page_prog_report_post(struct http_request *req)
{
    return report_change(req, save_report);
}

/* The focal agency's decision: accept the report, or return it with a comment. */
static enum mc_status decide_report(struct http_request *req, const struct prog_report *r,
                                    struct form_errors *errs)
{
    struct web_ctx *c = web_ctx(req);
    const char *action = http_arg(req, "xu_ly");
    enum mc_status st = MC_ERR_INVALID;
    if (action && strcmp(action, "tiep_nhan") == 0)
        st = prog_report_accept(c->db, &c->session.user, r->id, &c->actor);
    else if (action && strcmp(action, "tra_lai") == 0)
        st = prog_report_return(c->db, &c->session.user, r->id, http_arg(req, "nhan_xet"),
                                &c->actor, errs);
    if (st == MC_ERR_INVALID && !errs->count)
        form_errors_add(errs, "xu_ly", "Chọn tiếp nhận hoặc trả lại báo cáo");
    return st;
}

static unsigned page_prog_report_decide(struct http_request *req)
{
    return report_change(req, decide_report);
}

/* ---------------------------------------------------------------- consolidated report */

static unsigned page_prog_consolidate(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    int64_t id = 0;
    int rev = 0;
    enum mc_status st;
    if (!text_parse_id(req->params[0], &id))
        return web_fail(req, MC_ERR_NOT_FOUND, &CYCLE_SAYS, NULL);
    st = prog_consolidate(c->db, &c->session.user, id, &c->actor, &rev);
    if (st != MC_OK)
        return web_fail(req, st, &CYCLE_SAYS, NULL);
    return http_redirect(req, arena_printf(req->arena,
                                           "/quan-tri/de-an/ky-bao-cao/%lld?ban=%d#tong-hop",
                                           (long long)id, rev));
}

static unsigned page_prog_consolidation(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct prog_cycle cy;
    struct buf out;
    json_t *summary = NULL;
    bool focal = false, overseer = false;
    int64_t rev = 0;
    const char *file = req->params[2];
    const char *type = NULL;
    unsigned status;
    enum mc_status st;

    buf_init(&out, BUF_MAX_FILE);
    st = path_cycle(req, &cy, &focal, &overseer);
    if (st == MC_OK && !text_parse_id(req->params[1], &rev))
        st = MC_ERR_NOT_FOUND;
    if (st == MC_OK)
        st = prog_consolidation_get(c->db, cy.id, (int)rev, &summary);
    if (st == MC_OK && strcmp(file, "bao-cao.docx") == 0) {
        type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        st = prog_docx_write(summary, &out);
    } else if (st == MC_OK && strcmp(file, "bao-cao.pdf") == 0) {
        type = "application/pdf";
        st = prog_pdf_write(summary, &out);
    } else if (st == MC_OK && strcmp(file, "phu-luc.xlsx") == 0) {
        const char *tmp = arena_printf(req->arena, "%s/tmp",
                                       ((struct app *)req->app)->cfg.data_dir);
        type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        st = prog_xlsx_write(summary, tmp, &out);
    } else if (st == MC_OK) {
        st = MC_ERR_NOT_FOUND;
    }
    if (st != MC_OK) {
        status = web_fail(req, st, &CYCLE_SAYS, NULL);
    } else {
        http_add_header(req, "Content-Disposition",
                        arena_printf(req->arena, "attachment; filename=\"tong-hop-%lld-%lld-%s\"",
                                     (long long)cy.id, (long long)rev, file));
        http_add_header(req, "Cache-Control", "no-store");
        status = http_reply(req, 200, type, &out);
    }
    json_decref(summary);
    buf_release(&out);
    return status;
}

/* ---------------------------------------------------------------- routes */

#define BASE PROG_WEB_BASE

static const struct http_route routes[] = {
    {HTTP_POST, BASE "/ke-hoach/{id}/ky-bao-cao", page_prog_cycle_create, R_STAFF,
     WEB_FORM_MAX},
    {HTTP_GET, BASE "/ky-bao-cao/{id}", page_prog_board, R_STAFF, 0},
    {HTTP_POST, BASE "/ky-bao-cao/{id}/nhac", page_prog_remind, R_STAFF, WEB_FORM_MAX},
    {HTTP_POST, BASE "/ky-bao-cao/{id}/tong-hop", page_prog_consolidate, R_STAFF, WEB_FORM_MAX},
    {HTTP_GET, BASE "/ky-bao-cao/{id}/tong-hop/{rev}/{file}", page_prog_consolidation, R_STAFF,
     0},
    {HTTP_GET, BASE "/bao-cao/{id}", page_prog_report, R_STAFF, 0},
    {HTTP_POST, BASE "/bao-cao/{id}", page_prog_report_post, R_STAFF, WEB_FORM_MAX},
    {HTTP_POST, BASE "/bao-cao/{id}/xu-ly", page_prog_report_decide, R_STAFF, WEB_FORM_MAX},
    {HTTP_POST, BASE "/kho-khan/{id}", page_prog_difficulty, R_STAFF, WEB_FORM_MAX},
};

#undef BASE

const struct web_routes web_page_programme_report_routes = WEB_ROUTES(routes);
