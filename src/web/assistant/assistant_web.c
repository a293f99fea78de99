/* assistant_web.c - the description of the assistant's pages (see assistant_web.h). */
#include "web/app.h"
#include "web/assistant/assistant_web.h"
#include "domain/accounts/account.h"

static const struct http_route routes[] = {
    {HTTP_POST, "/api/v1/assistant", api_assistant, R_API, 8 * 1024},
    {HTTP_POST, "/api/v1/assistant/feedback", api_assistant_feedback, R_API, 1024},
    {HTTP_POST, "/api/v1/assistant/handoff", api_assistant_handoff, R_API, 8 * 1024},
    {HTTP_GET, "/tro-ly", page_assistant, 0, 0},
    {HTTP_POST, "/tro-ly/chuyen-can-bo", page_assistant_handoff_post, 0, WEB_FORM_MAX},
    {HTTP_POST, "/tro-ly/danh-gia", page_assistant_rate_post, 0, WEB_FORM_MAX},
    {HTTP_GET, "/quan-tri/tro-ly", page_admin_assistant, R_STAFF | R_PROVINCE, 0},
    {HTTP_POST, "/quan-tri/tro-ly/hoi-dap", page_admin_assistant_faq_post,
     R_STAFF | R_PROVINCE, WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/tro-ly/tu-dong-nghia", page_admin_assistant_rule_post,
     R_STAFF | R_PROVINCE, WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/tro-ly/bo-qua", page_admin_assistant_resolve_post,
     R_STAFF | R_PROVINCE, WEB_FORM_MAX},
};

static const struct web_staff_entry staff[] = {
    {"Quản trị hệ thống", "/quan-tri/tro-ly", "Trợ lý ảo: câu hỏi chưa trả lời được",
     "Thêm câu hỏi thường gặp, từ đồng nghĩa; xem người dân đánh giá câu trả lời",
     ROLE_PROVINCE_ADMIN, NULL, NULL, NULL},
};

const struct web_module web_module_assistant = {
    .name = "assistant",
    .routes = WEB_LIST(routes),
    .staff = WEB_LIST(staff),
    .stylesheet = "/static/assistant.css",
};
