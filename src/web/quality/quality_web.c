/* quality_web.c - the description of the service-quality pages (see quality_web.h). */
#include "web/app.h"
#include "web/quality/quality_web.h"

static const struct http_route routes[] = {
    /* The 766 index: public, like the published rankings. */
    {HTTP_GET, "/api/v1/index", api_index, R_API, 0},
    {HTTP_GET, "/api/v1/index/ranking", api_index_ranking, R_API, 0},
    {HTTP_GET, "/api/v1/index/late", api_index_late, R_API, 0},
    {HTTP_GET, "/ho-so/{code}/danh-gia", page_rating, R_SIGNED_IN, 0},
    {HTTP_POST, "/ho-so/{code}/danh-gia", page_rating_post, R_SIGNED_IN, WEB_FORM_MAX},
    {HTTP_GET, "/chat-luong", page_quality, 0, 0},
    {HTTP_GET, "/chat-luong/xuat.xlsx", page_quality_xlsx, 0, 0},
    {HTTP_GET, "/chat-luong/xuat.csv", page_quality_csv, 0, 0},
    {HTTP_GET, "/chat-luong/{unit}", page_quality_unit, 0, 0},
    {HTTP_GET, "/chat-luong/{unit}/{indicator}", page_quality_indicator, 0, 0},
    {HTTP_GET, "/quan-tri/chat-luong", page_admin_quality, R_STAFF, 0},
};

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
    .routes = WEB_LIST(routes),
    .menu = WEB_LIST(menu),
    .staff = WEB_LIST(staff),
};
