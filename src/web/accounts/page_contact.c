/*
 * page_contact.c - proving a phone or email with a code, changing them,
 * the page shown instead of the submission form until one is proved, the
 * personal-data notice, and how to get back an account someone else
 * registered with your CCCD.
 */
#include "web/app.h"
#include "web/accounts/accounts_web.h"

static const char *channel_key(enum account_channel ch)
{
    return ch == ACCOUNT_PHONE ? "phone" : "email";
}

/* "phone" or "email" from the form; phone for anything else. */
static enum account_channel channel_arg(struct http_request *req)
{
    const char *k = http_arg(req, "kenh");
    return k && strcmp(k, "email") == 0 ? ACCOUNT_EMAIL : ACCOUNT_PHONE;
}

/* ---------------------------------------------------------------- verify */

/* Each channel: its contact, whether verified, and a code waiting to be typed. */
static enum mc_status channels_json(struct http_request *req, json_t *data)
{
    struct web_ctx *c = web_ctx(req);
    struct account_contacts k;
    json_t *list = json_array();
    enum mc_status st = account_contacts_get(c->db, c->session.user.id, &k);
    for (int i = 0; st == MC_OK && i < 2; i++) {
        enum account_channel ch = i == 0 ? ACCOUNT_PHONE : ACCOUNT_EMAIL;
        const char *value = ch == ACCOUNT_PHONE ? k.phone : k.email;
        bool verified = ch == ACCOUNT_PHONE ? k.phone_verified : k.email_verified;
        bool pending = false;
        char masked[300] = "", current[300] = "";
        st = account_contact_pending(c->db, c->session.user.id, ch, &pending, masked,
                                     sizeof(masked));
        if (st != MC_OK || (!value[0] && !pending))
            continue;
        account_mask_contact(value, current, sizeof(current));
        json_array_append_new(list, json_pack(
            "{s:s,s:s,s:s,s:b,s:b,s:s}", "kenh", channel_key(ch), "label",
            ch == ACCOUNT_PHONE ? "Số điện thoại" : "Thư điện tử", "current",
            value[0] ? current : "", "verified", verified && value[0], "pending", pending,
            "sent_to", masked));
    }
    json_object_set_new(data, "channels", list);
    json_object_set_new(data, "verified", json_boolean(k.phone_verified || k.email_verified));
    return st;
}

static unsigned verify_page(struct http_request *req, unsigned status, const char *error)
{
    json_t *data = json_object();
    const char *next = web_safe_next(http_arg(req, "tiep"), "");
    const char *sent = http_arg(req, "da-gui");
    if (channels_json(req, data) != MC_OK) {
        json_decref(data);
        return http_error(req, 500, "internal", "Không đọc được tài khoản, xin thử lại sau");
    }
    json_object_set_new(data, "next", json_string(next));
    json_object_set_new(data, "sent", json_boolean(sent != NULL));
    json_object_set_new(data, "done", json_boolean(http_arg(req, "xong") != NULL));
    web_page_error(data, error);
    return web_page(req, status, "verify.html", "Xác minh số điện thoại, thư điện tử", data);
}

unsigned page_verify(struct http_request *req)
{
    return verify_page(req, 200, NULL);
}

unsigned page_verify_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    enum account_code_result res = CODE_NONE;
    const char *next = web_safe_next(kv_get(req->form, "tiep"), "");
    enum mc_status st = account_contact_confirm(c->db, c->session.user.id, channel_arg(req),
                                                kv_get(req->form, "code"), &c->actor, &res);
    if (st != MC_OK)
        return http_error(req, 500, "internal", "Không kiểm tra được mã, xin thử lại sau");
    if (res != CODE_OK)
        return verify_page(req, res == CODE_WRONG ? 401 : 422,
                           arena_printf(req->arena, "Chưa xác minh được: %s.",
                                        account_code_message(res)));
    if (next[0])
        return http_redirect(req, next);
    return http_redirect(req, "/tai-khoan/xac-minh?xong=1");
}

unsigned page_verify_send_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    enum account_channel ch = channel_arg(req);
    const char *next = web_safe_next(kv_get(req->form, "tiep"), "");
    enum mc_status st = account_contact_request(c->db, c->session.user.id, ch, NULL, NULL,
                                                &c->actor, &errs, NULL, 0);
    if (st == MC_ERR_RATE_LIMITED)
        return verify_page(req, 429, "Đã gửi nhiều mã trong ít phút. Xin dùng mã đã nhận hoặc "
                           "đợi 15 phút rồi yêu cầu mã mới.");
    if (st == MC_ERR_NOT_FOUND)
        return verify_page(req, 404, ch == ACCOUNT_PHONE
                           ? "Tài khoản chưa có số điện thoại. Xin thêm ở mục Thông tin liên hệ."
                           : "Tài khoản chưa có thư điện tử. Xin thêm ở mục Thông tin liên hệ.");
    if (st != MC_OK)
        return http_error(req, 500, "internal", "Không gửi được mã, xin thử lại sau");
    web_wake_outbox(req);
    return http_redirect(req, arena_printf(req->arena, "/tai-khoan/xac-minh?da-gui=%s%s%s",
                                           channel_key(ch), next[0] ? "&tiep=" : "", next));
}

unsigned page_verify_needed(struct http_request *req, const char *next)
{
    json_t *data = json_pack("{s:s}", "next", web_safe_next(next, "/ho-so"));
    return web_page(req, 403, "verify_needed.html", "Cần xác minh số điện thoại hoặc thư điện tử",
                    data);
}

/* ---------------------------------------------------------------- change */

static unsigned contact_page(struct http_request *req, unsigned status,
                             const struct form_errors *errs, const char *error)
{
    struct web_ctx *c = web_ctx(req);
    struct account_contacts k;
    if (account_contacts_get(c->db, c->session.user.id, &k) != MC_OK)
        return http_error(req, 500, "internal", "Không đọc được tài khoản, xin thử lại sau");
    json_t *data = json_object();
    const char *phone = kv_get(req->form, "phone");
    const char *email = kv_get(req->form, "email");
    json_object_set_new(data, "contacts", web_contacts_json(&k));
    json_object_set_new(data, "form", json_pack("{s:s,s:s}", "phone", phone ? phone : "",
                                                "email", email ? email : ""));
    web_form_errors(data, errs);
    web_page_error(data, error);
    return web_page(req, status, "contact.html", "Thông tin liên hệ", data);
}

unsigned page_contact(struct http_request *req)
{
    return contact_page(req, 200, NULL, NULL);
}

unsigned page_contact_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    enum account_channel ch = channel_arg(req);
    const char *value = kv_get(req->form, channel_key(ch));
    if (!value || !*value) {
        form_errors_add(&errs, channel_key(ch), ch == ACCOUNT_PHONE
                        ? "xin nhập số điện thoại di động mới"
                        : "xin nhập địa chỉ thư điện tử mới");
        return contact_page(req, 422, &errs, NULL);
    }
    enum mc_status st = account_contact_request(c->db, c->session.user.id, ch, value,
                                                kv_get(req->form, "password"), &c->actor,
                                                &errs, NULL, 0);
    if (st == MC_ERR_INVALID)
        return contact_page(req, 422, &errs, NULL);
    if (st == MC_ERR_RATE_LIMITED)
        return contact_page(req, 429, NULL, "Đã gửi nhiều mã hoặc nhập sai mật khẩu nhiều lần. "
                            "Xin đợi ít phút rồi thử lại.");
    if (st != MC_OK)
        return http_error(req, 500, "internal", "Không gửi được mã, xin thử lại sau");
    web_wake_outbox(req);
    return http_redirect(req, arena_printf(req->arena, "/tai-khoan/xac-minh?da-gui=%s",
                                           channel_key(ch)));
}

/* ---------------------------------------------------------------- public pages */

unsigned page_privacy(struct http_request *req)
{
    return web_page(req, 200, "privacy.html", "Thông báo về xử lý dữ liệu cá nhân",
                    json_pack("{s:s}", "notice_version", ACCOUNT_NOTICE_VERSION));
}

unsigned page_reclaim_info(struct http_request *req)
{
    return web_page(req, 200, "reclaim_info.html", "Lấy lại tài khoản", json_object());
}
