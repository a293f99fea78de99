/* catalog_web.c - the description of the catalogue's pages (see catalog_web.h). */
#include "web/app.h"
#include "web/catalog/catalog_web.h"
#include "domain/accounts/account.h"

#define PROCEDURE_FORM_MAX (256 * 1024)   /* a procedure with its documents and fees */

static const struct http_route routes[] = {
    {HTTP_GET, "/thu-tuc", page_procedures, 0, 0},
    {HTTP_GET, "/thu-tuc/{code}", page_procedure, 0, 0},
    {HTTP_GET, "/quan-tri/thu-tuc/{code}/sua", page_procedure_edit, R_STAFF | R_PROVINCE, 0},
    {HTTP_POST, "/quan-tri/thu-tuc/{code}/sua", page_procedure_edit_post, R_STAFF | R_PROVINCE,
     PROCEDURE_FORM_MAX},
    {HTTP_GET, "/api/v1/procedures", api_procedures, R_API, 0},
    {HTTP_GET, "/api/v1/procedures/{code}", api_procedure, R_API, 0},
    {HTTP_GET, "/api/v1/procedure-suggestions", api_procedure_suggestions, R_API, 0},
};

static const struct web_menu_entry menu[] = {
    {20, "/thu-tuc", "Thủ tục", WEB_EVERYONE},
};

static const struct web_staff_entry staff[] = {
    {"Quản trị hệ thống", "/thu-tuc", "Danh mục thủ tục hành chính",
     "Mở một thủ tục rồi chọn “Sửa thông tin thủ tục”; mỗi lần sửa là một phiên bản mới",
     ROLE_PROVINCE_ADMIN, NULL, NULL, NULL},
};

const struct web_module web_module_catalog = {
    .name = "catalog",
    .routes = WEB_LIST(routes),
    .menu = WEB_LIST(menu),
    .staff = WEB_LIST(staff),
};
