/*
 * dossier_web.c - the description of the dossier pages (see
 * dossier_web.h), with the counts of the officers' queues shown on the
 * staff home.
 */
#include "web/dossier/dossier_view.h"
#include "web/dossier/dossier_web.h"

static const struct web_menu_entry menu[] = {
    {40, "/tra-cuu", "Tra cứu hồ sơ", WEB_EVERYONE},
    {110, "/quan-tri/ho-so", "Hồ sơ cần xử lý", WEB_OFFICER},
    {130, "/ho-so", "Hồ sơ của tôi", WEB_APPLICANT},
};

bool web_dossier_may_intake(const struct user *u)
{
    return u && u->kind == USER_STAFF && (u->roles & (ROLE_RECEPTION | ROLE_AGENCY_ADMIN)) &&
           u->agency_code[0];
}

/* How many dossiers of queue q the signed-in officer has (dossier_list's scope). */
static enum mc_status count_queue(struct http_request *req, enum dossier_queue q, int64_t *n)
{
    struct dossier_env env;
    struct dossier_page page;
    struct dossier_filter f = {.queue = q, .limit = 1};
    dossier_view_env(req, &env);
    dossier_page_init(&page);
    enum mc_status st = dossier_list(&env, dossier_view_user(req), &f, &page);
    *n = page.total_capped ? WEB_COUNT_SHOWN_MAX + 1 : page.total;
    dossier_page_release(&page);
    return st;
}

/* The count of one queue for the staff home (a web_count_fn takes no queue). */
#define QUEUE_COUNT(name, q)                                                                    \
    static enum mc_status name(struct http_request *req, int64_t *n)                            \
    {                                                                                           \
        return count_queue(req, q, n);                                                          \
    }

QUEUE_COUNT(count_to_receive, DOSSIER_Q_TO_RECEIVE)
QUEUE_COUNT(count_to_process, DOSSIER_Q_TO_PROCESS)
QUEUE_COUNT(count_to_approve, DOSSIER_Q_TO_APPROVE)
QUEUE_COUNT(count_to_return, DOSSIER_Q_TO_RETURN)
QUEUE_COUNT(count_due_soon, DOSSIER_Q_DUE_SOON)
QUEUE_COUNT(count_overdue, DOSSIER_Q_OVERDUE)

#define GROUP "Hồ sơ thủ tục hành chính"
#define LEADS (ROLE_AGENCY_ADMIN | ROLE_PROVINCE_ADMIN)

static const struct web_staff_entry staff[] = {
    {GROUP, "/quan-tri/ho-so?hang=tiep-nhan", "Hồ sơ chờ tiếp nhận",
     "Hồ sơ nộp trực tuyến chờ kiểm tra, tiếp nhận", ROLE_RECEPTION | LEADS,
     web_agency_officer, count_to_receive, "hồ sơ"},
    {GROUP, "/quan-tri/ho-so?hang=xu-ly", "Hồ sơ chờ xử lý", NULL, ROLE_PROCESSING | LEADS,
     web_agency_officer, count_to_process, "hồ sơ"},
    {GROUP, "/quan-tri/ho-so?hang=phe-duyet", "Hồ sơ chờ phê duyệt", NULL,
     ROLE_APPROVER | LEADS, web_agency_officer, count_to_approve, "hồ sơ"},
    {GROUP, "/quan-tri/ho-so?hang=tra-ket-qua", "Hồ sơ chờ trả kết quả", NULL,
     ROLE_RECEPTION | LEADS, web_agency_officer, count_to_return, "hồ sơ"},
    {GROUP, "/quan-tri/ho-so?hang=sap-den-han", "Hồ sơ sắp đến hạn",
     "Còn không quá một ngày làm việc", ROLE_OFFICER_MASK, web_agency_officer,
     count_due_soon, "hồ sơ"},
    {GROUP, "/quan-tri/ho-so?hang=qua-han", "Hồ sơ quá hạn", NULL, ROLE_OFFICER_MASK,
     web_agency_officer, count_overdue, "hồ sơ"},
    {GROUP, "/quan-tri/ho-so", "Tất cả hồ sơ",
     "Lọc theo thủ tục, trạng thái, kênh nộp và thời gian", ROLE_OFFICER_MASK,
     web_agency_officer, NULL, NULL},
    {GROUP, "/quan-tri/ho-so/tiep-nhan", "Tiếp nhận hồ sơ trực tiếp, bưu chính",
     "Nhập hồ sơ người dân nộp tại quầy hoặc gửi qua bưu điện, in giấy tiếp nhận",
     ROLE_RECEPTION | ROLE_AGENCY_ADMIN, web_dossier_may_intake, NULL, NULL},
};

const struct web_module web_module_dossier = {
    .name = "dossier",
    /* Routes: literal paths ("/ho-so/nhap") are tried before {code} captures (routes.c). */
    WEB_ROUTE_FILES(&web_page_dossier_routes, &web_page_dossier_detail_routes,
                    &web_page_track_routes, &web_page_dossier_staff_routes),
    .menu = WEB_LIST(menu),
    .staff = WEB_LIST(staff),
};
