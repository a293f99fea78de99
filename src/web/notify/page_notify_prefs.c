/*
 * page_notify_prefs.c - /tai-khoan/nhan-tin: how a person wants to be told
 * (preferred channel for news of their own dossiers, Zalo linked), whether
 * the province may send them outreach (introductions to online services),
 * their quiet hours and weekly cap, and the record of their consent
 * (Nghị định 13/2023).  POST saves, audited, with consent given or
 * withdrawn recorded when the outreach box changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "web/app.h"
#include "web/notify/notify_web.h"
#include "core/text.h"
#include "domain/accounts/account.h"
#include "domain/audit/audit.h"
#include "domain/notify/notify_prefs.h"

/* "21:00" -> 1260; -1 when malformed. */
static int parse_hhmm(const char *s)
{
    if (!s || strlen(s) != 5 || s[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    return h < 24 && m < 60 ? h * 60 + m : -1;
}

/* "21:00" of minutes, or what the person typed (field) when it was refused (minutes < 0). */
static json_t *hhmm(struct http_request *req, const char *field, int minutes)
{
    char s[8];
    const char *typed = http_arg(req, field);
    if (minutes < 0)
        return json_string(typed && text_utf8_valid(typed, strlen(typed)) ? typed : "");
    snprintf(s, sizeof(s), "%02d:%02d", minutes / 60 % 24, minutes % 60);
    return json_string(s);
}

static unsigned show(struct http_request *req, unsigned status, const struct notify_prefs *p,
                     const char *error, bool saved)
{
    struct web_ctx *c = web_ctx(req);
    struct account_contacts k;
    if (account_contacts_get(c->db, c->session.user.id, &k) != MC_OK)
        memset(&k, 0, sizeof(k));
    const char *cap = http_arg(req, "weekly_cap");
    json_t *data = json_pack("{s:s,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:o,s:o,s:o,s:b,s:b,s:b}",
                             "csrf", c->csrf, "ch_default", !p->channel[0],
                             "ch_zalo", strcmp(p->channel, "zalo") == 0,
                             "ch_sms", strcmp(p->channel, "sms") == 0,
                             "ch_email", strcmp(p->channel, "email") == 0,
                             "zalo_linked", p->zalo_linked, "outreach", !p->opt_out,
                             "saved", saved,
                             "quiet_start", hhmm(req, "quiet_start", p->quiet_start),
                             "quiet_end", hhmm(req, "quiet_end", p->quiet_end), "weekly_cap",
                             p->weekly_cap >= 0 ? json_integer(p->weekly_cap)
                             : json_string(cap && text_utf8_valid(cap, strlen(cap)) ? cap : ""),
                             "has_phone", k.phone[0] != '\0', "has_email", k.email[0] != '\0',
                             "has_error", error != NULL);
    web_page_error(data, error);
    return web_page(req, status, "notify_prefs.html", "Nhận tin nhắn, thư từ cổng", data);
}

static unsigned page_notify_prefs(struct http_request *req)
{
    struct notify_prefs p;
    if (notify_prefs_get(web_ctx(req)->db, web_ctx(req)->session.user.id, &p) != MC_OK)
        return http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau.");
    return show(req, 200, &p, NULL, http_arg(req, "da-luu") != NULL);
}

struct save_tx {
    struct http_request *req;
    const struct notify_prefs *p;
};

static enum mc_status save_tx(struct db *db, void *arg)
{
    struct save_tx *s = arg;
    struct web_ctx *c = web_ctx(s->req);
    char object[40], detail[120];
    snprintf(object, sizeof(object), "user:%lld", (long long)c->session.user.id);
    snprintf(detail, sizeof(detail), "{\"channel\":\"%s\",\"outreach\":%s}", s->p->channel,
             s->p->opt_out ? "false" : "true");
    enum mc_status st = notify_prefs_set(db, c->session.user.id, s->p, "web");
    if (st == MC_OK)
        st = audit_record(db, &c->actor, "notify.prefs", object, detail);
    return st;
}

static unsigned page_notify_prefs_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct notify_prefs p;
    struct account_contacts k;
    const char *ch = http_arg(req, "channel"), *cap = http_arg(req, "weekly_cap");
    char *end = NULL;
    notify_prefs_default(&p);
    snprintf(p.channel, sizeof(p.channel), "%s", ch ? ch : "");
    p.zalo_linked = http_arg(req, "zalo_linked") != NULL;
    p.opt_out = http_arg(req, "outreach") == NULL;
    p.quiet_start = parse_hhmm(http_arg(req, "quiet_start"));
    p.quiet_end = parse_hhmm(http_arg(req, "quiet_end"));
    long n = cap ? strtol(cap, &end, 10) : -1;
    p.weekly_cap = cap && *cap && end && !*end && n >= 0 && n <= 50 ? (int)n : -1;
    if (account_contacts_get(c->db, c->session.user.id, &k) != MC_OK)
        return http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau.");
    if (strcmp(p.channel, "") != 0 && strcmp(p.channel, "zalo") != 0
        && strcmp(p.channel, "sms") != 0 && strcmp(p.channel, "email") != 0)
        return show(req, 422, &p, "Hãy chọn một cách nhận tin trong danh sách.", false);
    if ((strcmp(p.channel, "zalo") == 0 || strcmp(p.channel, "sms") == 0) && !k.phone[0])
        return show(req, 422, &p,
                    "Tài khoản chưa có số điện thoại: hãy thêm số điện thoại trước khi chọn "
                    "nhận tin qua Zalo hoặc SMS.", false);
    if (strcmp(p.channel, "zalo") == 0 && !p.zalo_linked)
        return show(req, 422, &p,
                    "Hãy xác nhận số điện thoại của bạn có dùng Zalo để nhận tin qua Zalo.",
                    false);
    if (strcmp(p.channel, "email") == 0 && !k.email[0])
        return show(req, 422, &p, "Tài khoản chưa có thư điện tử: hãy thêm địa chỉ trước.",
                    false);
    if (p.quiet_start < 0 || p.quiet_end < 0)
        return show(req, 422, &p, "Giờ yên tĩnh viết dạng giờ:phút, ví dụ 21:00 và 07:00.",
                    false);
    if (p.weekly_cap < 0)
        return show(req, 422, &p, "Số tin giới thiệu mỗi tuần là một số từ 0 đến 50.", false);
    struct save_tx s = {req, &p};
    if (db_tx(c->db, save_tx, &s) != MC_OK)
        return http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau.");
    return http_redirect(req, "/tai-khoan/nhan-tin?da-luu=1");
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/tai-khoan/nhan-tin", page_notify_prefs, R_SIGNED_IN, 0},
    {HTTP_POST, "/tai-khoan/nhan-tin", page_notify_prefs_post, R_SIGNED_IN, WEB_FORM_MAX},
};

const struct web_routes web_page_notify_prefs_routes = WEB_ROUTES(routes);
