/* calendar_web.c - the description of the calendar's pages (see calendar_web.h). */
#include "web/app.h"
#include "web/calendar/calendar_web.h"
#include "domain/accounts/account.h"

static const struct web_staff_entry staff[] = {
    {"Quản trị hệ thống", "/quan-tri/lich", "Lịch làm việc: ngày nghỉ, làm bù, giờ làm việc",
     "Dùng để tính hạn giải quyết hồ sơ và phản ánh", ROLE_PROVINCE_ADMIN, NULL, NULL, NULL},
};

const struct web_module web_module_calendar = {
    .name = "calendar",
    WEB_ROUTE_FILES(&web_page_calendar_admin_routes),
    .staff = WEB_LIST(staff),
};
