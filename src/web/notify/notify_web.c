/* notify_web.c - the description of the notify module's page (see notify_web.h). */
#include "web/app.h"
#include "web/notify/notify_web.h"

static const struct web_staff_entry staff[] = {
    {"Hồ sơ thủ tục hành chính", "/quan-tri/tin-da-gui", "Tin đã gửi cho người dân",
     "Tin về hồ sơ bạn xử lý: đã đến chưa, vì sao không gửi được", ROLE_OFFICER_MASK, NULL,
     NULL, NULL},
    {"Quản trị hệ thống", "/quan-tri/mau-tin", "Mẫu tin nhắn gửi người dân",
     "Sửa nội dung thư, SMS, Zalo; xem trước số phần tin SMS", ROLE_PROVINCE_ADMIN, NULL, NULL,
     NULL},
};

const char *web_notify_channel_label(enum notify_channel ch, bool brief)
{
    switch (ch) {
    case NOTIFY_SMS: return "Tin nhắn SMS";
    case NOTIFY_ZALO: return brief ? "Tin Zalo" : "Tin nhắn Zalo";
    case NOTIFY_EMAIL: break;
    }
    return "Thư điện tử";
}

const struct web_module web_module_notify = {
    .name = "notify",
    WEB_ROUTE_FILES(&web_page_demo_inbox_routes, &web_api_notify_receipts_routes,
                    &web_page_notify_prefs_routes, &web_page_notify_sent_routes,
                    &web_page_notify_templates_routes),
    .staff = WEB_LIST(staff),
};
