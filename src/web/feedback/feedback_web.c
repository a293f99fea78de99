/* feedback_web.c - the description of the feedback pages (see feedback_web.h). */
#include "web/app.h"
#include "web/feedback/feedback_web.h"
#include "domain/feedback/feedback.h"

static const struct web_menu_entry menu[] = {
    {50, "/phan-anh", "Phản ánh, kiến nghị", WEB_EVERYONE},
    {60, "/hoi-dap", "Hỏi đáp", WEB_EVERYONE},
};

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
     "Phân loại, trả lời và công khai trong hạn", ROLE_OFFICER_MASK, web_agency_officer,
     count_open, "phản ánh"},
    {"Phản ánh, kiến nghị", "/quan-tri/phan-anh/lien-he", "Địa chỉ nhận nhắc việc",
     "Hộp thư của cơ quan và của lãnh đạo nhận nhắc việc, báo quá hạn",
     ROLE_AGENCY_ADMIN | ROLE_PROVINCE_ADMIN, web_feedback_may_set_contacts, NULL, NULL},
};

const struct web_module web_module_feedback = {
    .name = "feedback",
    WEB_ROUTE_FILES(&web_page_feedback_routes, &web_api_feedback_routes),
    .menu = WEB_LIST(menu),
    .staff = WEB_LIST(staff),
};
