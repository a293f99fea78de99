/* routing_web.c - the description of the routing pages (see routing_web.h). */
#include "web/app.h"
#include "web/routing/routing_web.h"
#include "domain/accounts/account.h"

static const struct web_staff_entry staff[] = {
    {"Quản trị hệ thống", "/quan-tri/mot-cua",
     "Nơi tiếp nhận một cửa: trung tâm tiếp nhận cho cơ quan nào",
     "Trung tâm Phục vụ hành chính công nhận hồ sơ thay các sở, ngành",
     ROLE_PROVINCE_ADMIN, NULL, NULL, NULL},
};

const struct web_module web_module_routing = {
    .name = "routing",
    WEB_ROUTE_FILES(&web_page_routing_routes),
    .staff = WEB_LIST(staff),
};
