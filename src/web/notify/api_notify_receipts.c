/*
 * api_notify_receipts.c - what the gateways tell the platform:
 *   GET  /api/notify/esms       eSMS delivery receipt on the CallbackUrl given with
 *                               each message: ?k=KEY&t=SIG&SMSID=..&SendStatus=..
 *                               (k and t are the platform's: the signature binds the
 *                               receipt to that message; a forged one is 403)
 *   POST /api/notify/zalo       the Zalo OA webhook (user_received_message), signed
 *                               with X-ZEvent-Signature; an old timestamp is 403
 *   GET  /api/notify/sms-mo     an incoming SMS (the keyword service):
 *                               ?token=..&Phone=..&Content=..; a stop word opts the
 *                               number out of outreach
 * A receipt seen before is answered 200 and changes nothing; the latest
 * new one wins (domain/notify/notify.h, notify_receipt).  Nothing here
 * logs a phone number or a token.
 */
#include <sodium.h>
#include <stdlib.h>
#include "web/app.h"
#include "web/notify/notify_web.h"
#include "core/log.h"
#include "domain/notify/notify_prefs.h"
#include "domain/notify/notify_sign.h"

#define WEBHOOK_MAX (64 * 1024)

struct receipt_tx {
    const struct notify_parsed_receipt *r;
    bool by_key;
    bool duplicate;
};

static enum mc_status receipt_tx(struct db *db, void *arg)
{
    struct receipt_tx *c = arg;
    return notify_receipt(db, c->r->provider, c->r->ref, c->by_key ? c->r->idem_key : NULL,
                          c->r->status, c->r->says, &c->duplicate);
}

/* Record r and answer the gateway. */
static unsigned take_receipt(struct http_request *req, const struct notify_parsed_receipt *r,
                             bool by_key)
{
    struct receipt_tx c = {r, by_key, false};
    enum mc_status st = db_tx(web_ctx(req)->db, receipt_tx, &c);
    if (st == MC_ERR_NOT_FOUND)
        return web_json_error(req, 404, "not_found", "Không có tin nhắn này");
    if (st != MC_OK)
        return web_json_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau");
    if (c.duplicate)
        log_info("receipt %s: duplicate, ignored", r->provider);
    return web_json(req, 200, json_pack("{s:b,s:b}", "ok", 1, "duplicate", c.duplicate));
}

static const char *query_get(void *ctx, const char *name)
{
    return http_arg(ctx, name);
}

static unsigned api_esms_receipt(struct http_request *req)
{
    struct app *app = req->app;
    struct notify_parsed_receipt r;
    if (notify_esms_receipt_parse(query_get, req, &r) != MC_OK)
        return web_json_error(req, 400, "invalid", "Thiếu SMSID, SendStatus hoặc mã tin");
    if (!notify_sign_check(app->notify_key, NOTIFY_SIGN_RECEIPT, r.idem_key,
                           http_arg(req, "t"))) {
        log_warn("receipt esms: bad signature refused");
        return web_json_error(req, 403, "forbidden", "Chữ ký không hợp lệ");
    }
    return take_receipt(req, &r, true);
}

static unsigned api_zalo_webhook(struct http_request *req)
{
    struct app *app = req->app;
    struct notify_parsed_receipt r;
    char app_id[64];
    int64_t ts = 0;
    const char *body = req->body.data ? req->body.data : "";
    enum mc_status st = notify_zalo_receipt_parse(body, req->body.len, &r, app_id,
                                                  sizeof(app_id), &ts);
    if (st == MC_ERR_INVALID)
        return web_json_error(req, 400, "invalid", "Nội dung không đúng định dạng");
    if (notify_zalo_webhook_check(app->gateways.zalo_app_id, app->gateways.zalo_oa_secret,
                                  body, req->body.len, http_header(req, "X-ZEvent-Signature"),
                                  ts) != MC_OK) {
        log_warn("receipt zns: bad or old signature refused");
        return web_json_error(req, 403, "forbidden", "Chữ ký không hợp lệ hoặc đã cũ");
    }
    if (st == MC_ERR_NOT_FOUND)   /* an event that is no receipt: nothing to do */
        return web_json(req, 200, json_pack("{s:b}", "ok", 1));
    return take_receipt(req, &r, false);
}

struct optout_tx {
    const char *hash;
    const char *source;
};

static enum mc_status optout_tx(struct db *db, void *arg)
{
    struct optout_tx *c = arg;
    return notify_optout_add(db, c->hash, c->source);
}

static unsigned api_sms_mo(struct http_request *req)
{
    struct app *app = req->app;
    const char *token = http_arg(req, "token"), *phone = http_arg(req, "Phone");
    const char *text = http_arg(req, "Content");
    const char *want = app->gateways.sms_mo_token;
    char hash[65];
    if (!want[0] || !token || strlen(token) != strlen(want)
        || sodium_memcmp(token, want, strlen(want)) != 0)
        return web_json_error(req, 403, "forbidden", "Mã xác thực không đúng");
    if (!phone || !*phone || !text)
        return web_json_error(req, 400, "invalid", "Thiếu số điện thoại hoặc nội dung");
    if (!notify_is_stop_keyword(text))
        return web_json(req, 200, json_pack("{s:b,s:b}", "ok", 1, "opted_out", 0));
    notify_addr_hash(app->notify.addr_key, phone, hash);
    struct optout_tx c = {hash, "sms-keyword"};
    if (db_tx(web_ctx(req)->db, optout_tx, &c) != MC_OK)
        return web_json_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau");
    log_info("outreach: an address opted out by SMS keyword");
    return web_json(req, 200, json_pack("{s:b,s:b}", "ok", 1, "opted_out", 1));
}

/*
 * /tu-choi-tin?a=HASH&t=TOKEN: the link in outreach messages.  GET shows
 * what it does and a button (mail scanners follow links: a GET changes
 * nothing); POST opts the address out.
 */
static unsigned page_optout(struct http_request *req)
{
    struct app *app = req->app;
    const char *hash = http_arg(req, "a"), *token = http_arg(req, "t");
    bool post = req->method == HTTP_POST, done = false;
    if (!hash || strlen(hash) != 64
        || !notify_sign_check(app->notify_key, NOTIFY_SIGN_OPTOUT, hash, token))
        return http_error(req, 404, "not_found",
                          "Đường dẫn từ chối nhận tin không đúng hoặc đã bị sửa.");
    if (post) {
        struct optout_tx c = {hash, "link"};
        if (db_tx(web_ctx(req)->db, optout_tx, &c) != MC_OK)
            return http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau.");
        done = true;
    } else if (notify_optout_has(web_ctx(req)->db, hash, &done) != MC_OK) {
        return http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau.");
    }
    return web_page(req, 200, "notify_optout.html", "Từ chối nhận tin giới thiệu",
                    json_pack("{s:s,s:s,s:b}", "a", hash, "t", token, "done", done));
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/api/notify/esms", api_esms_receipt, R_API, 0},
    {HTTP_POST, "/api/notify/zalo", api_zalo_webhook, R_API | R_NO_CSRF, WEBHOOK_MAX},
    {HTTP_GET | HTTP_POST, "/api/notify/sms-mo", api_sms_mo, R_API | R_NO_CSRF, WEB_FORM_MAX},
    /* no CSRF token: the signed link is the proof, and it only ever opts out */
    {HTTP_GET | HTTP_POST, "/tu-choi-tin", page_optout, R_NO_CSRF, WEB_FORM_MAX},
};

const struct web_routes web_api_notify_receipts_routes = WEB_ROUTES(routes);
