/* audit_web.c - the description of the audit log viewer (see audit_web.h). */
#include "web/app.h"
#include "web/audit/audit_web.h"
#include "domain/accounts/account.h"

static const struct web_staff_entry staff[] = {
    {"Quản trị hệ thống", "/quan-tri/nhat-ky", "Nhật ký thao tác",
     "Ai đã làm gì, lúc nào, từ địa chỉ nào", ROLE_PROVINCE_ADMIN, NULL, NULL, NULL},
};

const struct web_module web_module_audit = {
    .name = "audit",
    WEB_ROUTE_FILES(&web_page_audit_routes),
    .staff = WEB_LIST(staff),
};
