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


static const struct web_staff_entry staff[] = {
    {"Đề án 1588", PROG_WEB_BASE, "Nhiệm vụ và báo cáo của đơn vị",
     "Kế hoạch, nhiệm vụ được giao, tiến độ, minh chứng và báo cáo hằng năm",
     ROLE_OFFICER_MASK, NULL, NULL, NULL},
    {"Đề án 1588", PROG_WEB_BASE "/theo-doi", "Theo dõi, đôn đốc thực hiện",
     "Ai đã báo cáo, ai chậm, nhắc hạn, tiếp nhận và trả lại báo cáo, khó khăn cần trả lời",
     ROLE_PROVINCE_ADMIN, NULL, NULL, NULL},
};

const struct web_module web_module_programme = {
    .name = "programme",
    WEB_ROUTE_FILES(&web_page_programme_routes, &web_page_programme_report_routes),
    .staff = WEB_LIST(staff),
    .stylesheet = "/static/programme.css",
};
