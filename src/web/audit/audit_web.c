/* audit_web.c - the description of the audit log viewer (see audit_web.h). */
#include "web/app.h"
#include "web/audit/audit_web.h"
#include "domain/accounts/account.h"

static const struct http_route routes[] = {
    {HTTP_GET, "/quan-tri/nhat-ky", page_admin_audit, R_STAFF | R_PROVINCE, 0},
};

static const struct web_staff_entry staff[] = {
    {"Quản trị hệ thống", "/quan-tri/nhat-ky", "Nhật ký thao tác",
     "Ai đã làm gì, lúc nào, từ địa chỉ nào", ROLE_PROVINCE_ADMIN, NULL, NULL, NULL},
};

const struct web_module web_module_audit = {
    .name = "audit",
    .routes = WEB_LIST(routes),
    .staff = WEB_LIST(staff),
};
