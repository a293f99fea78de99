/* quality_web.c - the description of the service-quality pages (see quality_web.h). */
#include "web/app.h"
#include "web/quality/quality_web.h"

static const struct web_menu_entry menu[] = {
    {70, "/chat-luong", "Chất lượng phục vụ", WEB_EVERYONE},
};

bool web_quality_may_lead(const struct user *u)
{
    return user_is_officer(u) &&
           ((u->roles & ROLE_PROVINCE_ADMIN) ||
            (u->agency_code[0] && (u->roles & (ROLE_APPROVER | ROLE_AGENCY_ADMIN))));
}

static const struct web_staff_entry staff[] = {
    {"Chất lượng phục vụ", "/quan-tri/chat-luong", "Chất lượng phục vụ của đơn vị",
     "Chỉ số 766 yếu nhất, hồ sơ làm mất điểm, đánh giá của người dân theo cán bộ",
     ROLE_APPROVER | ROLE_AGENCY_ADMIN | ROLE_PROVINCE_ADMIN, web_quality_may_lead, NULL,
     NULL},
};

const struct web_module web_module_quality = {
    .name = "quality",
    WEB_ROUTE_FILES(&web_api_index766_routes, &web_page_rating_routes, &web_page_quality_routes),
    .menu = WEB_LIST(menu),
    .staff = WEB_LIST(staff),
};
