/* routing_web.c - the description of the routing pages (see routing_web.h). */
#include "web/app.h"
#include "web/routing/routing_web.h"
#include "domain/accounts/account.h"

static const struct http_route routes[] = {
    {HTTP_GET, "/quan-tri/thu-tuc/{code}/co-quan", page_routing_edit, R_STAFF | R_PROVINCE, 0},
    {HTTP_POST, "/quan-tri/thu-tuc/{code}/co-quan", page_routing_edit_post,
     R_STAFF | R_PROVINCE, WEB_FORM_MAX},
    {HTTP_GET, "/quan-tri/mot-cua", page_routing_desks, R_STAFF | R_PROVINCE, 0},
    {HTTP_POST, "/quan-tri/mot-cua", page_routing_desks_post, R_STAFF | R_PROVINCE,
     WEB_FORM_MAX},
};

static const struct web_staff_entry staff[] = {
    {"Quản trị hệ thống", "/quan-tri/mot-cua",
     "Nơi tiếp nhận một cửa: trung tâm tiếp nhận cho cơ quan nào",
     "Trung tâm Phục vụ hành chính công nhận hồ sơ thay các sở, ngành",
     ROLE_PROVINCE_ADMIN, NULL, NULL, NULL},
};

const struct web_module web_module_routing = {
    .name = "routing",
    .routes = WEB_LIST(routes),
    .staff = WEB_LIST(staff),
};
