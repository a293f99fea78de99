/*
 * programme_web.c - the description of the programme pages (see
 * programme_web.h).  Every officer sees the programme's home (the plans,
 * and the tasks and reports of the organisations they act for); province
 * admins also get the follow-up page.  Finer rules (which organisation,
 * focal agency, overseers) are the domain's.
 */
#include "web/app.h"
#include "web/programme/programme_web.h"
#include "domain/accounts/account.h"

#define BASE "/quan-tri/de-an"

static const struct http_route routes[] = {
    {HTTP_GET, BASE, page_prog_home, R_STAFF, 0},
    {HTTP_GET, BASE "/theo-doi", page_prog_follow, R_STAFF, 0},
    {HTTP_GET, BASE "/ke-hoach/{id}", page_prog_plan, R_STAFF, 0},
    {HTTP_GET, BASE "/ke-hoach/{id}/nhiem-vu.csv", page_prog_plan_csv, R_STAFF, 0},
    {HTTP_GET, BASE "/ke-hoach/{id}/nhiem-vu.xlsx", page_prog_plan_xlsx, R_STAFF, 0},
    {HTTP_GET, BASE "/ke-hoach/{id}/khen-thuong", page_prog_commend, R_STAFF, 0},
    {HTTP_POST, BASE "/ke-hoach/{id}/sua", page_prog_plan_edit, R_STAFF, WEB_UPLOAD_MAX},
    {HTTP_GET, BASE "/ke-hoach/{id}/van-ban", page_prog_plan_file, R_STAFF, 0},
    {HTTP_POST, BASE "/ke-hoach/{id}/nhap", page_prog_plan_import, R_STAFF,
     PROG_WEB_IMPORT_MAX},
    {HTTP_POST, BASE "/ke-hoach/{id}/phan-cong-lai", page_prog_plan_reassign, R_STAFF,
     WEB_FORM_MAX},
    {HTTP_POST, BASE "/ke-hoach/{id}/ky-bao-cao", page_prog_cycle_create, R_STAFF,
     WEB_FORM_MAX},
    {HTTP_GET, BASE "/nhiem-vu/{id}/{org}", page_prog_task, R_STAFF, 0},
    {HTTP_POST, BASE "/nhiem-vu/{id}/{org}", page_prog_task_post, R_STAFF, WEB_FORM_MAX},
    {HTTP_POST, BASE "/nhiem-vu/{id}/{org}/dau-ra", page_prog_task_output, R_STAFF,
     WEB_FORM_MAX},
    {HTTP_POST, BASE "/nhiem-vu/{id}/{org}/minh-chung", page_prog_task_evidence, R_STAFF,
     WEB_UPLOAD_MAX},
    {HTTP_GET, BASE "/nhiem-vu/{id}/{org}/minh-chung/{eid}", page_prog_task_evidence_file,
     R_STAFF, 0},
    {HTTP_GET, BASE "/ky-bao-cao/{id}", page_prog_board, R_STAFF, 0},
    {HTTP_POST, BASE "/ky-bao-cao/{id}/nhac", page_prog_remind, R_STAFF, WEB_FORM_MAX},
    {HTTP_POST, BASE "/ky-bao-cao/{id}/tong-hop", page_prog_consolidate, R_STAFF, WEB_FORM_MAX},
    {HTTP_GET, BASE "/ky-bao-cao/{id}/tong-hop/{rev}/{file}", page_prog_consolidation, R_STAFF,
     0},
    {HTTP_GET, BASE "/bao-cao/{id}", page_prog_report, R_STAFF, 0},
    {HTTP_POST, BASE "/bao-cao/{id}", page_prog_report_post, R_STAFF, WEB_FORM_MAX},
    {HTTP_POST, BASE "/bao-cao/{id}/xu-ly", page_prog_report_decide, R_STAFF, WEB_FORM_MAX},
    {HTTP_POST, BASE "/kho-khan/{id}", page_prog_difficulty, R_STAFF, WEB_FORM_MAX},
};

static const struct web_staff_entry staff[] = {
    {"Đề án 1588", BASE, "Nhiệm vụ và báo cáo của đơn vị",
     "Kế hoạch, nhiệm vụ được giao, tiến độ, minh chứng và báo cáo hằng năm",
     ROLE_OFFICER_MASK, NULL, NULL, NULL},
    {"Đề án 1588", BASE "/theo-doi", "Theo dõi, đôn đốc thực hiện",
     "Ai đã báo cáo, ai chậm, nhắc hạn, tiếp nhận và trả lại báo cáo, khó khăn cần trả lời",
     ROLE_PROVINCE_ADMIN, NULL, NULL, NULL},
};

const struct web_module web_module_programme = {
    .name = "programme",
    .routes = WEB_LIST(routes),
    .staff = WEB_LIST(staff),
    .stylesheet = "/static/programme.css",
};
