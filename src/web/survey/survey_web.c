/*
 * survey_web.c - the description of the survey pages (see survey_web.h):
 * which agency's surveys an admin may manage is decided in
 * src/domain/survey.
 */
#include "web/app.h"
#include "web/survey/survey_web.h"
#include "domain/survey/survey.h"

static const struct web_menu_entry menu[] = {
    {80, "/khao-sat", "Khảo sát", WEB_EVERYONE},
};

static const struct web_staff_entry staff[] = {
    {"Khảo sát ý kiến", "/quan-tri/khao-sat", "Khảo sát ý kiến người dân",
     "Soạn bảng hỏi, công bố bằng liên kết và mã QR, xem kết quả",
     ROLE_AGENCY_ADMIN | ROLE_PROVINCE_ADMIN, survey_is_admin, NULL, NULL},
};

const struct web_module web_module_survey = {
    .name = "survey",
    WEB_ROUTE_FILES(&web_page_survey_routes, &web_api_survey_routes),
    .menu = WEB_LIST(menu),
    .staff = WEB_LIST(staff),
    .stylesheet = "/static/survey.css",
};
