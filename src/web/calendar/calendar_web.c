/* calendar_web.c - the description of the calendar's pages (see calendar_web.h). */
#include "web/app.h"
#include "web/calendar/calendar_web.h"
#include "domain/accounts/account.h"

static const struct http_route routes[] = {
    {HTTP_GET, "/quan-tri/lich", page_calendar_admin, R_STAFF | R_PROVINCE, 0},
    {HTTP_POST, "/quan-tri/lich", page_calendar_override_post, R_STAFF | R_PROVINCE,
     WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/lich/xoa", page_calendar_delete_post, R_STAFF | R_PROVINCE,
     WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/lich/gio-lam-viec", page_calendar_hours_post,
     R_STAFF | R_PROVINCE, WEB_FORM_MAX},
};

static const struct web_staff_entry staff[] = {
    {"Quản trị hệ thống", "/quan-tri/lich", "Lịch làm việc: ngày nghỉ, làm bù, giờ làm việc",
     "Dùng để tính hạn giải quyết hồ sơ và phản ánh", ROLE_PROVINCE_ADMIN, NULL, NULL, NULL},
};

const struct web_module web_module_calendar = {
    .name = "calendar",
    .routes = WEB_LIST(routes),
    .staff = WEB_LIST(staff),
};
