/* catalog_web.c - the description of the catalogue's pages (see catalog_web.h). */
#include "web/app.h"
#include "web/catalog/catalog_web.h"
#include "domain/accounts/account.h"

static const struct web_menu_entry menu[] = {
    {20, "/thu-tuc", "Thủ tục", WEB_EVERYONE},
};

/* A province admin, or an agency admin with an agency. */
static bool keeps_procedures(const struct user *u)
{
    return (u->roles & ROLE_PROVINCE_ADMIN) || u->agency_code[0] != '\0';
}

static const struct web_staff_entry staff[] = {
    {"Quản trị hệ thống", "/thu-tuc", "Danh mục thủ tục hành chính",
     "Mở một thủ tục rồi chọn “Sửa thông tin thủ tục”; mỗi lần sửa là một phiên bản mới",
     ROLE_PROVINCE_ADMIN, NULL, NULL, NULL},
    {"Quản trị hệ thống", "/quan-tri/thu-tuc/ban-sua", "Thủ tục do cơ quan cập nhật",
     "Cơ quan sửa thủ tục mình thực hiện (ngày công bố, công khai, biểu mẫu); Văn phòng UBND "
     "tỉnh duyệt trước khi công khai",
     ROLE_PROVINCE_ADMIN | ROLE_AGENCY_ADMIN, keeps_procedures, NULL, NULL},
};

const struct web_module web_module_catalog = {
    .name = "catalog",
    WEB_ROUTE_FILES(&web_page_catalog_routes, &web_page_catalog_admin_routes,
                    &web_page_catalog_drafts_routes, &web_api_catalog_routes),
    .menu = WEB_LIST(menu),
    .staff = WEB_LIST(staff),
};
