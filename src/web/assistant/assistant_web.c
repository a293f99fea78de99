/* assistant_web.c - the description of the assistant's pages (see assistant_web.h). */
#include "web/app.h"
#include "web/assistant/assistant_web.h"
#include "domain/accounts/account.h"

static const struct web_staff_entry staff[] = {
    {"Quản trị hệ thống", "/quan-tri/tro-ly", "Trợ lý ảo: câu hỏi chưa trả lời được",
     "Thêm câu hỏi thường gặp, từ đồng nghĩa; xem người dân đánh giá câu trả lời",
     ROLE_PROVINCE_ADMIN, NULL, NULL, NULL},
};

const struct web_module web_module_assistant = {
    .name = "assistant",
    WEB_ROUTE_FILES(&web_api_assistant_routes, &web_page_assistant_routes),
    .staff = WEB_LIST(staff),
    .stylesheet = "/static/assistant.css",
};
