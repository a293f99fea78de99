/* kpi_web.c - the description of the 1588 targets' pages (see kpi_web.h). */
#include "web/kpi/kpi_web.h"

static const struct http_route routes[] = {
    {HTTP_GET, "/api/v1/kpi", api_kpi, R_API, 0},
    {HTTP_GET, "/chi-tieu", page_kpi_public, 0, 0},
    {HTTP_GET, "/quan-tri/chi-tieu", page_kpi_board, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/chi-tieu/xuat.csv", page_kpi_csv, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/chi-tieu/xuat.xlsx", page_kpi_xlsx, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/chi-tieu/mau-so", page_kpi_den, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/chi-tieu/mau-so", page_kpi_den_post, R_STAFF, WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/chi-tieu/mau-so/nhap", page_kpi_den_import, R_STAFF,
     8 * 1024 * 1024},
    {HTTP_GET, "/quan-tri/chi-tieu/{key}", page_kpi_records, R_STAFF, 0},
};

static const struct web_menu_entry menu[] = {
    {75, "/chi-tieu", "Chỉ tiêu", WEB_EVERYONE},
};

bool web_kpi_may_enter(const struct user *u)
{
    return user_is_officer(u) && (u->roles & ROLE_PROVINCE_ADMIN);
}

static const struct web_staff_entry staff[] = {
    {"Chất lượng phục vụ", "/quan-tri/chi-tieu", "Chỉ tiêu QĐ 1588",
     "Mục tiêu năm 2025, 2030 đo từ dữ liệu: hồ sơ trực tuyến, hài lòng, định danh...",
     ROLE_OFFICER_MASK, NULL, NULL, NULL},
    {"Chất lượng phục vụ", "/quan-tri/chi-tieu/mau-so", "Mẫu số chỉ tiêu theo năm",
     "Dân số trưởng thành, thành viên Tổ công nghệ số, cán bộ vận hành: nhập hoặc nhập tệp",
     ROLE_PROVINCE_ADMIN, web_kpi_may_enter, NULL, NULL},
};

const struct web_module web_module_kpi = {
    .name = "kpi",
    .routes = WEB_LIST(routes),
    .menu = WEB_LIST(menu),
    .staff = WEB_LIST(staff),
    .stylesheet = "/static/kpi.css",
};
