/*
 * survey_web.c - the description of the survey pages (see survey_web.h):
 * which agency's surveys an admin may manage is decided in
 * src/domain/survey.
 */
#include "web/app.h"
#include "web/survey/survey_web.h"
#include "domain/survey/survey.h"

static const struct http_route routes[] = {
    {HTTP_GET, "/khao-sat", page_survey_index, 0, 0},
    {HTTP_GET, "/khao-sat/{id}", page_survey, 0, 0},
    {HTTP_POST, "/khao-sat/{id}", page_survey_post, 0, WEB_FORM_MAX},
    {HTTP_GET, "/khao-sat/{id}/cam-on", page_survey_thanks, 0, 0},
    {HTTP_GET, "/quan-tri/khao-sat", page_admin_surveys, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/khao-sat", page_admin_survey_create, R_STAFF, WEB_FORM_MAX},
    {HTTP_GET, "/quan-tri/khao-sat/{id}", page_admin_survey, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/khao-sat/{id}", page_admin_survey_update, R_STAFF, WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/khao-sat/{id}/cau-hoi", page_admin_survey_question_add, R_STAFF,
     WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/khao-sat/{id}/cau-hoi/{qid}", page_admin_survey_question_post,
     R_STAFF, WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/khao-sat/{id}/trang-thai", page_admin_survey_status_post, R_STAFF,
     WEB_FORM_MAX},
    {HTTP_GET, "/quan-tri/khao-sat/{id}/ket-qua", page_admin_survey_results, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/khao-sat/{id}/ket-qua.xlsx", page_admin_survey_xlsx, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/khao-sat/{id}/ket-qua.csv", page_admin_survey_csv, R_STAFF, 0},
    {HTTP_GET, "/api/v1/surveys/{id}", api_survey_get, R_API, 0},
    {HTTP_POST, "/api/v1/surveys/{id}/responses", api_survey_respond, R_API, WEB_FORM_MAX},
};

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
    .routes = WEB_LIST(routes),
    .menu = WEB_LIST(menu),
    .staff = WEB_LIST(staff),
    .stylesheet = "/static/survey.css",
};
