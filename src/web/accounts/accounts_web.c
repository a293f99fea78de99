/* accounts_web.c - the description of the accounts' pages (see accounts_web.h). */
#include "web/app.h"
#include "web/accounts/accounts_web.h"

static const struct web_routes *const route_files[] = {
    &web_page_account_routes,
    &web_page_password_routes,
    &web_page_contact_routes,
    &web_page_staff_routes,
};

static const struct web_staff_entry staff[] = {
    {"Quản trị hệ thống", "/quan-tri/can-bo", "Tài khoản cán bộ",
     "Thêm cán bộ, phân vai trò, khoá tài khoản, cấp lại xác thực hai lớp",
     ROLE_PROVINCE_ADMIN | ROLE_AGENCY_ADMIN, NULL, NULL, NULL},
    {"Hỗ trợ công dân tại quầy", "/quan-tri/lay-lai-tai-khoan", "Lấy lại tài khoản cho chủ giấy tờ",
     "Khi số CCCD của công dân đã bị người khác đăng ký",
     ROLE_RECEPTION | ROLE_AGENCY_ADMIN | ROLE_PROVINCE_ADMIN, NULL, NULL, NULL},
};

const struct web_module web_module_accounts = {
    .name = "accounts",
    .route_files = WEB_LIST(route_files),
    .staff = WEB_LIST(staff),
};
