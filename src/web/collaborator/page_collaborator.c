/*
 * page_collaborator.c - the collaborators' pages (/cong-tac-vien): the log
 * of citizens helped, and filing feedback on a citizen's behalf with the
 * citizen's name, contact and verbal consent.  Collaborator-only accounts
 * reach nothing else that needs sign-in (web.c, R_COLLAB).
 */
#include <stdio.h>
#include "web/app.h"
#include "web/collaborator/collaborator_web.h"
#include "domain/collaborator/collaborator.h"
#include "core/log.h"
#include "core/vnfmt.h"
#include "domain/calendar/date.h"
#include "web/dossier/dossier_view.h"
#include "web/feedback/feedback_view.h"
#include "web/reply.h"
#include "web/options.h"

static const struct user *me(struct http_request *req)
{
    return &web_ctx(req)->session.user;
}

#define NOT_A_COLLABORATOR "Trang này dành cho cộng tác viên Tổ công nghệ số cộng đồng"

static unsigned not_collaborator(struct http_request *req)
{
    return http_error(req, 403, "forbidden", NOT_A_COLLABORATOR);
}

/* A code or token safe to put back into a link: [A-Za-z0-9_-], shorter than max. */
static bool plain_ok(const char *s, size_t max)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char ch = s[n];
        if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
              ch == '-' || ch == '_'))
            return false;
    }
    return n > 0 && n < max;
}

/* ---------------------------------------------------------------- the log */

static unsigned log_page(struct http_request *req, unsigned status,
                         const struct form_errors *errs)
{
    struct web_ctx *c = web_ctx(req);
    struct collab_help_list list;
    collab_help_list_init(&list);
    enum mc_status st = collab_help_list(c->db, me(req), COLLAB_LIST_MAX, &list);
    if (st != MC_OK) {
        collab_help_list_release(&list);
        return web_fail(req, st, &(const struct web_says){
                            .forbidden = NOT_A_COLLABORATOR,
                            .failed = "Không đọc được nhật ký, xin thử lại sau"}, NULL);
    }
    json_t *items = json_array();
    for (size_t i = 0; i < list.n; i++) {
        const struct collab_help_row *r = &list.items[i];
        char shown[16];   /* dd/mm/yyyy, as people read a date */
        int32_t date = 0;
        if (calendar_date_parse(r->helped_on, &date) == MC_OK)
            vnfmt_date(shown, sizeof(shown), calendar_time_at(date, 12 * 3600));
        else
            snprintf(shown, sizeof(shown), "%s", r->helped_on);
        json_t *o = json_pack("{s:s,s:s,s:s,s:I,s:s,s:s}", "helped_on", shown,
                              "citizen_name", r->citizen_name, "kind_label",
                              collab_help_kind_label(r->kind) ? collab_help_kind_label(r->kind)
                                                              : r->kind,
                              "count", (json_int_t)r->count, "note", r->note,
                              "feedback_code", r->feedback_code);
        json_array_append_new(items, o);
    }
    json_t *form = json_pack("{s:s,s:s,s:s,s:s}", "helped_on",
                             web_arg_or(req, "helped_on", ""), "citizen_name",
                             web_arg_or(req, "citizen_name", ""), "count",
                             web_arg_or(req, "count", "1"), "note", web_arg_or(req, "note", ""));
    json_t *kinds = web_choices(collab_help_kinds, collab_help_kind_label, "label",
                                http_arg(req, "kind"));
    json_t *data = json_pack("{s:o,s:o,s:I,s:I,s:b,s:o}", "items", items, "kinds", kinds,
                             "entries", (json_int_t)list.entries, "people",
                             (json_int_t)list.people, "empty", list.n == 0, "form", form);
    json_object_set_new(data, "agency",
                        dossier_view_agency_name(web_ctx(req)->db, me(req)->agency_code));
    const char *sent = http_arg(req, "da_gui");
    if (sent && plain_ok(sent, FEEDBACK_CODE_SIZE)) {
        json_object_set_new(data, "sent_code", json_string(sent));
        const char *t = http_arg(req, "t");
        if (t && plain_ok(t, FEEDBACK_TOKEN_SIZE))
            json_object_set_new(data, "sent_token", json_string(t));
    }
    if (http_arg(req, "da_ghi"))
        json_object_set_new(data, "notice", json_string("Đã ghi vào nhật ký hỗ trợ."));
    web_form_errors(data, errs);
    collab_help_list_release(&list);
    return web_page(req, status, "collaborator.html", "Cộng tác viên: hỗ trợ người dân", data);
}

static unsigned page_collaborator(struct http_request *req)
{
    return log_page(req, 200, NULL);
}

static unsigned page_collaborator_help_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    struct collab_help h = {
        .helped_on = http_arg(req, "helped_on"), .citizen_name = http_arg(req, "citizen_name"),
        .kind = http_arg(req, "kind"), .count = http_arg(req, "count"),
        .note = http_arg(req, "note"),
    };
    enum mc_status st = collab_help_add(c->db, me(req), &h, &c->actor, &errs, NULL);
    if (st == MC_OK)
        return http_redirect(req, "/cong-tac-vien?da_ghi=1");
    if (st == MC_ERR_INVALID)
        return log_page(req, 422, &errs);
    return web_fail(req, st, &(const struct web_says){
                        .forbidden = NOT_A_COLLABORATOR,
                        .failed = "Không ghi được, xin thử lại sau"}, NULL);
}

/* ---------------------------------------------------------------- filing for a citizen */

static const char *const form_fields[] = {"kind", "category", "title", "body", "procedure",
                                          "agency", "dossier", "sender_name", "contact", NULL};

static unsigned feedback_form(struct http_request *req, unsigned status,
                              const struct form_errors *errs)
{
    struct web_ctx *c = web_ctx(req);
    json_t *form = json_object();
    bool get = req->method == HTTP_GET;
    for (size_t i = 0; form_fields[i]; i++)
        json_object_set_new(form, form_fields[i], json_string(web_arg_or(req, form_fields[i], "")));
    const char *agency = get ? me(req)->agency_code : web_arg_or(req, "agency", "");
    const char *kind = web_arg_or(req, "kind", "phan_anh");
    json_t *data = json_pack("{s:o,s:o,s:o,s:b,s:b,s:b}", "form", form, "agencies",
                             web_agency_options(c->db, agency, 0), "categories",
                             web_choices(feedback_categories, feedback_category_label, "label",
                                         http_arg(req, "category")), "kind_hoi_dap",
                             strcmp(kind, "hoi_dap") == 0, "consent_checked",
                             http_arg(req, "consent") != NULL, "verbal_checked",
                             http_arg(req, "consent_verbal") != NULL);
    web_form_errors(data, errs);
    return web_page(req, status, "collaborator_feedback.html",
                    "Gửi phản ánh thay người dân", data);
}

static unsigned page_collaborator_feedback(struct http_request *req)
{
    if (!collab_may_log(me(req)))
        return not_collaborator(req);
    return feedback_form(req, 200, NULL);
}

static unsigned page_collaborator_feedback_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    const struct user *u = me(req);
    struct form_errors errs = {0}, log_errs = {0};
    char code[FEEDBACK_CODE_SIZE], token[FEEDBACK_TOKEN_SIZE];
    const char *contact = http_arg(req, "contact");
    if (!collab_may_log(u))
        return not_collaborator(req);
    /* The citizen's own say-so and a way to reach them are required here. */
    if (!http_arg(req, "consent_verbal"))
        form_errors_add(&errs, "consent_verbal", "vui lòng xác nhận người dân đã đồng ý "
                                                 "để bạn gửi thay");
    if (!contact || !*contact)
        form_errors_add(&errs, "contact", "vui lòng nhập thư điện tử hoặc số điện thoại "
                                          "của người dân");
    struct feedback_submission s = {
        .kind = http_arg(req, "kind"), .category = http_arg(req, "category"),
        .title = http_arg(req, "title"), .body = http_arg(req, "body"),
        .procedure_code = http_arg(req, "procedure"), .agency_code = http_arg(req, "agency"),
        .dossier_code = http_arg(req, "dossier"), .sender_name = http_arg(req, "sender_name"),
        .contact = contact, .consent_publish = http_arg(req, "consent") != NULL,
        .sender_user_id = 0, .on_behalf_by = u->id,
        .verbal_consent = http_arg(req, "consent_verbal") != NULL,
        .address = req->client_addr,
    };
    enum mc_status st = feedback_submit(c->db, &s, &c->actor, feedback_base_url(req), &errs,
                                        code, token);
    if (st == MC_ERR_INVALID)
        return feedback_form(req, 422, &errs);
    if (st == MC_ERR_RATE_LIMITED) {
        form_errors_add(&errs, "body", "bạn đã gửi quá nhiều phản ánh hôm nay; xin thử lại "
                                       "vào ngày mai");
        return feedback_form(req, 429, &errs);
    }
    if (st != MC_OK)
        return http_error(req, 500, "internal", "Không gửi được phản ánh, xin thử lại sau");
    feedback_kick_outbox(req);
    /* The filing is also help given; the item stays sent if this entry fails. */
    struct collab_help h = {.citizen_name = s.sender_name, .kind = "gui_phan_anh",
                            .feedback_code = code};
    if (collab_help_add(c->db, u, &h, &c->actor, &log_errs, NULL) != MC_OK)
        log_warn("feedback %s filed but not added to the help log", code);
    return http_redirect(req, arena_printf(req->arena, "/cong-tac-vien?da_gui=%s&t=%s", code,
                                           token));
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/cong-tac-vien", page_collaborator, R_STAFF | R_COLLAB, 0},
    {HTTP_POST, "/cong-tac-vien/nhat-ky", page_collaborator_help_post, R_STAFF | R_COLLAB,
     WEB_FORM_MAX},
    {HTTP_GET, "/cong-tac-vien/gui-phan-anh", page_collaborator_feedback, R_STAFF | R_COLLAB,
     0},
    {HTTP_POST, "/cong-tac-vien/gui-phan-anh", page_collaborator_feedback_post,
     R_STAFF | R_COLLAB, WEB_FORM_MAX},
};

const struct web_routes web_page_collaborator_routes = WEB_ROUTES(routes);
