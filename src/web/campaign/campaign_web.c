/*
 * campaign_web.c - the description of the campaign pages (see
 * campaign_web.h): who may build, approve and see a campaign is decided
 * in src/domain/campaign.
 */
#include "web/app.h"
#include "web/campaign/campaign_web.h"
#include "domain/campaign/campaign.h"

static bool may_open(const struct user *u)
{
    return (u->roles & (ROLE_PROVINCE_ADMIN | ROLE_AGENCY_ADMIN | ROLE_APPROVER)) != 0;
}

static bool may_approve(const struct user *u)
{
    return (u->roles & ROLE_APPROVER) && u->agency_code[0];
}

static enum mc_status count_to_approve(struct http_request *req, int64_t *n)
{
    struct web_ctx *c = web_ctx(req);
    return campaign_count_to_approve(c->db, &c->session.user, n);
}

static const struct web_staff_entry staff[] = {
    {"Nhắn tin cho người dân", "/quan-tri/chien-dich?loc=cho-duyet", "Chiến dịch chờ duyệt",
     "Chiến dịch của cơ quan chờ lãnh đạo duyệt trước khi gửi", ROLE_APPROVER, may_approve,
     count_to_approve, "chiến dịch"},
    {"Nhắn tin cho người dân", "/quan-tri/chien-dich", "Chiến dịch nhắn tin",
     "Giới thiệu dịch vụ công trực tuyến qua SMS, Zalo, thư điện tử; lãnh đạo duyệt; đo "
     "chuyển đổi so với nhóm đối chứng",
     ROLE_AGENCY_ADMIN | ROLE_PROVINCE_ADMIN | ROLE_APPROVER, may_open, NULL, NULL},
};

const struct web_module web_module_campaign = {
    .name = "campaign",
    WEB_ROUTE_FILES(&web_page_campaign_routes),
    .staff = WEB_LIST(staff),
};
