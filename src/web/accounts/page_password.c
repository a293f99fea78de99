/*
 * page_password.c - changing one's password, and setting a new one with a
 * code when it is forgotten ("Quên mật khẩu").
 */
#include "web/app.h"
#include "web/accounts/accounts_web.h"

/* ---------------------------------------------------------------- change */

static unsigned password_form(struct http_request *req, unsigned status,
                              const struct form_errors *errs, const char *error)
{
    const struct user *u = &web_ctx(req)->session.user;
    json_t *data = json_object();
    json_object_set_new(data, "forced", json_boolean(u->must_change_password));
    web_form_errors(data, errs);
    web_page_error(data, error);
    return web_page(req, status, "password_change.html", "Đổi mật khẩu", data);
}

unsigned page_password(struct http_request *req)
{
    return password_form(req, 200, NULL, NULL);
}

/* Where to go once the password is changed. */
static const char *after_change(const struct user *u)
{
    if (user_is_collaborator_only(u))
        return "/cong-tac-vien";
    if (u->kind == USER_STAFF && u->must_change_password)
        return "/quan-tri";
    return "/tai-khoan?da-doi=1";
}

unsigned page_password_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    char token[ACCOUNT_TOKEN_SIZE];
    enum mc_status st = account_change_password(
        c->db, c->session.user.id, kv_get(req->form, "current_password"),
        kv_get(req->form, "password"), kv_get(req->form, "password2"),
        c->session.second_factor, &c->actor, &errs, token);
    if (st == MC_OK) {
        web_wake_outbox(req);   /* the owner is told */
        web_set_session(req, token);
        return http_redirect(req, after_change(&c->session.user));
    }
    if (st == MC_ERR_INVALID)
        return password_form(req, 422, &errs, NULL);
    if (st == MC_ERR_RATE_LIMITED)
        return password_form(req, 429, NULL, "Bạn đã nhập sai mật khẩu nhiều lần. Xin đợi ít "
                             "phút rồi thử lại.");
    return http_error(req, 500, "internal", "Không đổi được mật khẩu, xin thử lại sau");
}

/* ---------------------------------------------------------------- forgotten */

unsigned page_forgot(struct http_request *req)
{
    return web_page(req, 200, "password_forgot.html", "Quên mật khẩu", json_object());
}

/* keep_code: the code was right and stays usable (only the new password was refused). */
static unsigned reset_form(struct http_request *req, unsigned status, bool sent,
                           const struct form_errors *errs, bool keep_code)
{
    const char *login = http_arg(req, "login");
    const char *code = kv_get(req->form, "code");
    json_t *data = json_pack("{s:s,s:s,s:b}", "login", login ? login : "", "code",
                             code && keep_code ? code : "", "sent", sent);
    web_form_errors(data, errs);
    return web_page(req, status, "password_reset.html", "Đặt lại mật khẩu", data);
}

unsigned page_forgot_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    const char *login = kv_get(req->form, "login");
    if (!login || !*login) {
        struct form_errors errs = {0};
        form_errors_add(&errs, "login", "xin nhập số CCCD hoặc mã số thuế của tài khoản");
        json_t *data = json_object();
        web_form_errors(data, &errs);
        return web_page(req, 422, "password_forgot.html", "Quên mật khẩu", data);
    }
    enum mc_status st = account_reset_request(c->db, login, &c->actor);
    if (st == MC_ERR_RATE_LIMITED) {
        http_add_header(req, "Retry-After", "3600");
        return http_error(req, 429, "rate_limited", "Có quá nhiều yêu cầu gửi mã từ nơi này. "
                          "Xin thử lại sau một giờ.");
    }
    if (st != MC_OK)
        return http_error(req, 500, "internal", "Không gửi được mã, xin thử lại sau");
    web_wake_outbox(req);
    return reset_form(req, 200, true, NULL, false);
}

unsigned page_reset(struct http_request *req)
{
    return reset_form(req, 200, false, NULL, false);
}

unsigned page_reset_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    enum account_code_result res = CODE_NONE;
    enum mc_status st = account_reset_finish(c->db, kv_get(req->form, "login"),
                                             kv_get(req->form, "code"),
                                             kv_get(req->form, "password"),
                                             kv_get(req->form, "password2"), &c->actor, &errs,
                                             &res);
    if (st == MC_OK) {
        web_wake_outbox(req);
        return http_redirect(req, "/dang-nhap?da-dat-lai=1");
    }
    if (st == MC_ERR_UNAUTHORIZED) {
        struct form_errors code_err = {0};
        form_errors_add(&code_err, "code", account_code_message(res));
        return reset_form(req, 401, false, &code_err, false);
    }
    if (st == MC_ERR_INVALID)
        return reset_form(req, 422, false, &errs, true);
    return http_error(req, 500, "internal", "Không đặt lại được mật khẩu, xin thử lại sau");
}
