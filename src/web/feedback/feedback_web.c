/* feedback_web.c - the description of the feedback pages (see feedback_web.h). */
#include "web/app.h"
#include "web/feedback/feedback_web.h"
#include "domain/feedback/feedback.h"

#define FEEDBACK_UPLOAD_MAX (32 * 1024 * 1024)   /* 3 attachments of 10 MB and the text */

static const struct http_route routes[] = {
    {HTTP_GET, "/phan-anh", page_feedback_list, 0, 0},
    {HTTP_GET, "/hoi-dap", page_hoi_dap, 0, 0},
    {HTTP_GET, "/phan-anh/gui", page_feedback_form, 0, 0},
    {HTTP_POST, "/phan-anh/gui", page_feedback_submit, 0, FEEDBACK_UPLOAD_MAX},
    {HTTP_POST, "/phan-anh/ma-xac-minh", page_feedback_code_post, 0, FEEDBACK_UPLOAD_MAX},
    {HTTP_GET, "/phan-anh/thong-ke", page_feedback_stats, 0, 0},
    {HTTP_GET, "/phan-anh/theo-doi/{code}", page_feedback_follow, 0, 0},
    {HTTP_POST, "/phan-anh/theo-doi/{code}/danh-gia", page_feedback_rate_post, 0,
     WEB_FORM_MAX},
    {HTTP_POST, "/phan-anh/theo-doi/{code}/bo-sung", page_feedback_reply_post, 0,
     WEB_FORM_MAX},
    {HTTP_GET, "/phan-anh/cua-toi", page_feedback_mine, R_SIGNED_IN, 0},
    {HTTP_GET, "/phan-anh/{code}", page_feedback_public, 0, 0},
    {HTTP_GET, "/quan-tri/phan-anh", page_admin_feedback, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/phan-anh/lien-he", page_admin_feedback_contacts, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/phan-anh/lien-he", page_admin_feedback_contacts_post, R_STAFF,
     WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/phan-anh/nhac-viec", page_admin_feedback_remind_post,
     R_STAFF | R_PROVINCE, WEB_FORM_MAX},
    {HTTP_GET, "/quan-tri/phan-anh/{code}", page_admin_feedback_item, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/phan-anh/{code}/tep/{id}", page_admin_feedback_file, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/phan-anh/{code}/{action}", page_admin_feedback_action, R_STAFF,
     WEB_FORM_MAX},
    {HTTP_GET, "/api/v1/feedback/public", api_feedback_public, R_API, 0},
    {HTTP_GET, "/api/v1/feedback/challenge", api_feedback_challenge, R_API, 0},
    {HTTP_POST, "/api/v1/feedback/codes", api_feedback_code, R_API, WEB_FORM_MAX},
    {HTTP_GET, "/api/v1/feedback/stats", api_feedback_stats, R_API, 0},
    {HTTP_GET, "/api/v1/feedback/indicators", api_feedback_indicators, R_API | R_STAFF, 0},
    {HTTP_POST, "/api/v1/feedback", api_feedback_submit, R_API, WEB_FORM_MAX},
    {HTTP_GET, "/api/v1/feedback/{code}", api_feedback_get, R_API, 0},
    {HTTP_POST, "/api/v1/feedback/{code}/rating", api_feedback_rate, R_API, WEB_FORM_MAX},
};

static const struct web_menu_entry menu[] = {
    {50, "/phan-anh", "Phản ánh, kiến nghị", WEB_EVERYONE},
    {60, "/hoi-dap", "Hỏi đáp", WEB_EVERYONE},
};

bool web_feedback_may_handle(const struct user *u)
{
    return user_is_officer(u) && ((u->roles & ROLE_PROVINCE_ADMIN) || u->agency_code[0]);
}

bool web_feedback_may_set_contacts(const struct user *u)
{
    return u && u->kind == USER_STAFF &&
           ((u->roles & ROLE_PROVINCE_ADMIN) ||
            ((u->roles & ROLE_AGENCY_ADMIN) && u->agency_code[0]));
}

/* Open items (not answered, published or rejected) the signed-in officer may handle. */
static enum mc_status count_open(struct http_request *req, int64_t *n)
{
    struct web_ctx *c = web_ctx(req);
    struct feedback_list list;
    feedback_list_init(&list);
    enum mc_status st = feedback_list_staff(c->db, &c->session.user, NULL, NULL, 0, 1, &list);
    *n = list.total;
    feedback_list_release(&list);
    return st;
}

static const struct web_staff_entry staff[] = {
    {"Phản ánh, kiến nghị", "/quan-tri/phan-anh", "Phản ánh, kiến nghị cần xử lý",
     "Phân loại, trả lời và công khai trong hạn", ROLE_OFFICER_MASK, web_feedback_may_handle,
     count_open, "phản ánh"},
    {"Phản ánh, kiến nghị", "/quan-tri/phan-anh/lien-he", "Địa chỉ nhận nhắc việc",
     "Hộp thư của cơ quan và của lãnh đạo nhận nhắc việc, báo quá hạn",
     ROLE_AGENCY_ADMIN | ROLE_PROVINCE_ADMIN, web_feedback_may_set_contacts, NULL, NULL},
};

const struct web_module web_module_feedback = {
    .name = "feedback",
    .routes = WEB_LIST(routes),
    .menu = WEB_LIST(menu),
    .staff = WEB_LIST(staff),
};
