/* kpi_web.c - the description of the 1588 targets' pages (see kpi_web.h). */
#include "web/kpi/kpi_web.h"

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
    WEB_ROUTE_FILES(&web_page_kpi_routes),
    .menu = WEB_LIST(menu),
    .staff = WEB_LIST(staff),
    .stylesheet = "/static/kpi.css",
};
