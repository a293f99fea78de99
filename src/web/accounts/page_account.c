/*
 * page_account.c - registration (with the personal-data notice and
 * consent), sign-in, sign-out here or everywhere, two-factor enrolment
 * and check, and the account page.
 */
#include <stdio.h>
#include "web/app.h"
#include "core/clock.h"
#include "web/accounts/accounts_web.h"
#include "core/qr.h"

/* "15 phút", "40 giây": how long to wait, for people. */
static const char *wait_text(struct http_request *req, int64_t seconds)
{
    if (seconds >= 120)
        return arena_printf(req->arena, "%lld phút", (long long)((seconds + 59) / 60));
    return arena_printf(req->arena, "%lld giây", (long long)(seconds > 0 ? seconds : 1));
}

/* ---------------------------------------------------------------- register */

static const char *const register_fields[] = {"kind", "full_name", "cccd", "tax_code",
                                              "phone", "email", NULL};

unsigned page_register(struct http_request *req)
{
    json_t *data = json_object();
    const char *kind = http_arg(req, "kind");
    bool business = kind && strcmp(kind, "business") == 0;
    json_object_set_new(data, "form", json_pack("{s:s}", "kind",
                                                 business ? "business" : "citizen"));
    json_object_set_new(data, "business", json_boolean(business));
    json_object_set_new(data, "notice_version", json_string(ACCOUNT_NOTICE_VERSION));
    return web_page(req, 200, "register.html", "Đăng ký tài khoản", data);
}

unsigned page_register_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    const char *kind = kv_get(req->form, "kind");
    const char *consent = kv_get(req->form, "dong_y");
    struct registration r = {
        .kind = kind && strcmp(kind, "business") == 0 ? USER_BUSINESS : USER_CITIZEN,
        .full_name = kv_get(req->form, "full_name"),
        .cccd = kv_get(req->form, "cccd"),
        .tax_code = kv_get(req->form, "tax_code"),
        .phone = kv_get(req->form, "phone"),
        .email = kv_get(req->form, "email"),
        .password = kv_get(req->form, "password"),
        .password2 = kv_get(req->form, "password2"),
        .consent = consent && strcmp(consent, "1") == 0,
    };
    int64_t user_id = 0;
    enum mc_status st = account_register(c->db, &r, &c->actor, &errs, &user_id);
    if (st == MC_OK)
        web_wake_outbox(req);   /* the verification code */
    if (st == MC_OK && web_sign_in(req, user_id, true) == MC_OK)
        return http_redirect(req, "/tai-khoan?moi=1");
    if (st == MC_ERR_RATE_LIMITED) {
        http_add_header(req, "Retry-After", "3600");
        return http_error(req, 429, "rate_limited",
                          "Có quá nhiều tài khoản được đăng ký từ nơi này hoặc trong lúc này. "
                          "Xin thử lại sau một giờ, hoặc nhờ Bộ phận Một cửa hỗ trợ.");
    }
    if (st != MC_ERR_INVALID && st != MC_ERR_CONFLICT)
        return http_error(req, 500, "internal", "Không tạo được tài khoản, xin thử lại sau");
    json_t *data = json_object();
    json_object_set_new(data, "form", web_form_echo(req, register_fields));
    json_object_set_new(data, "business", json_boolean(r.kind == USER_BUSINESS));
    json_object_set_new(data, "consent", json_boolean(r.consent));
    json_object_set_new(data, "conflict", json_boolean(st == MC_ERR_CONFLICT));
    json_object_set_new(data, "notice_version", json_string(ACCOUNT_NOTICE_VERSION));
    web_form_errors(data, &errs);
    return web_page(req, st == MC_ERR_CONFLICT ? 409 : 422, "register.html",
                    "Đăng ký tài khoản", data);
}

/* ---------------------------------------------------------------- sign-in */

static unsigned login_form(struct http_request *req, unsigned status, const char *error)
{
    json_t *data = json_object();
    const char *login = kv_get(req->form, "login");
    const char *next = http_arg(req, "next");
    json_object_set_new(data, "login", json_string(login ? login : ""));
    json_object_set_new(data, "next", json_string(web_safe_next(next, "/tai-khoan")));
    json_object_set_new(data, "reset_done", json_boolean(http_arg(req, "da-dat-lai") != NULL));
    web_page_error(data, error);
    return web_page(req, status, "login.html", "Đăng nhập", data);
}

unsigned page_login(struct http_request *req)
{
    if (web_signed_in(req))
        return http_redirect(req, "/tai-khoan");
    return login_form(req, 200, NULL);
}

static unsigned login_throttled(struct http_request *req, const char *login)
{
    int64_t wait = 0;
    char secs[24];
    if (account_login_wait(web_ctx(req)->db, login, req->client_addr, &wait) != MC_OK)
        wait = 60;
    snprintf(secs, sizeof(secs), "%lld", (long long)(wait > 0 ? wait : 1));
    http_add_header(req, "Retry-After", secs);
    return login_form(req, 429, arena_printf(
        req->arena, "Bạn đã nhập sai nhiều lần từ nơi này. Xin thử lại sau %s, hoặc đặt lại "
        "mật khẩu bằng mã xác minh (mục Quên mật khẩu).", wait_text(req, wait)));
}

unsigned page_login_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct user u;
    const char *login = kv_get(req->form, "login");
    const char *password = kv_get(req->form, "password");
    enum mc_status st = account_authenticate(c->db, login, password, req->client_addr, &u);
    if (st == MC_ERR_RATE_LIMITED)
        return login_throttled(req, login);
    if (st == MC_ERR_UNAUTHORIZED)
        return login_form(req, 401, "Tên đăng nhập hoặc mật khẩu không đúng");
    if (st != MC_OK)
        return http_error(req, 500, "internal", "Không đăng nhập được, xin thử lại sau");
    bool staff = u.kind == USER_STAFF;
    if (c->has_session && account_session_end(c->db, c->session_token, &c->actor) != MC_OK)
        return http_error(req, 500, "internal", "Không đăng nhập được, xin thử lại sau");
    if (web_sign_in(req, u.id, !staff) != MC_OK)
        return http_error(req, 500, "internal", "Không đăng nhập được, xin thử lại sau");
    if (!staff)
        return http_redirect(req, web_safe_next(kv_get(req->form, "next"), "/tai-khoan"));
    return http_redirect(req, u.totp_enabled ? "/dang-nhap/ma-xac-thuc"
                                             : "/tai-khoan/xac-thuc-hai-lop");
}

unsigned page_logout_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    if (c->has_session && account_session_end(c->db, c->session_token, &c->actor) != MC_OK)
        return http_error(req, 500, "internal", "Không đăng xuất được, xin thử lại");
    web_clear_session(req);
    return http_redirect(req, "/");
}

unsigned page_logout_all_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    if (account_session_end_all(c->db, c->session.user.id, &c->actor) != MC_OK)
        return http_error(req, 500, "internal", "Không đăng xuất được, xin thử lại");
    web_clear_session(req);
    return http_redirect(req, "/dang-nhap?da-dang-xuat=1");
}

/* ---------------------------------------------------------------- two-factor */

static unsigned totp_form(struct http_request *req, unsigned status, const char *error)
{
    json_t *data = json_object();
    web_page_error(data, error);
    return web_page(req, status, "totp.html", "Xác thực hai lớp", data);
}

unsigned page_totp(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    if (!c->session.user.totp_enabled)
        return http_redirect(req, "/tai-khoan/xac-thuc-hai-lop");
    return totp_form(req, 200, NULL);
}

static const char *totp_error(enum mc_status st)
{
    if (st == MC_ERR_RATE_LIMITED)
        return "Bạn đã nhập sai mã nhiều lần. Xin đợi ít phút rồi thử lại";
    if (st == MC_ERR_CONFLICT)
        return "Mã này vừa được dùng. Xin đợi ứng dụng hiện mã mới rồi nhập mã đó";
    return "Mã xác thực không đúng hoặc đã hết hạn";
}

static unsigned totp_status(enum mc_status st)
{
    return st == MC_ERR_RATE_LIMITED ? 429 : st == MC_ERR_CONFLICT ? 409 : 401;
}

/* Where staff land after the second factor: collaborators have their own page. */
static const char *home_of(const struct user *u)
{
    return user_is_collaborator_only(u) ? "/cong-tac-vien" : "/quan-tri";
}

typedef enum mc_status (*code_check_fn)(struct db *db, const char *token, int64_t user_id,
                                        const char *code, const struct audit_actor *who,
                                        char new_token[ACCOUNT_TOKEN_SIZE]);

/*
 * The posted code checked by check (account_totp_verify or _confirm): the
 * new session and the staff's home; a refused code (wrong, reused,
 * throttled, and MC_ERR_INVALID too when invalid_refused) gives form again
 * with the reason; anything else an error page.
 */
static unsigned code_post(struct http_request *req, code_check_fn check, bool invalid_refused,
                          unsigned (*form)(struct http_request *, unsigned, const char *))
{
    struct web_ctx *c = web_ctx(req);
    char token[ACCOUNT_TOKEN_SIZE];
    enum mc_status st = check(c->db, c->session_token, c->session.user.id,
                              kv_get(req->form, "code"), &c->actor, token);
    if (st == MC_OK) {
        web_set_session(req, token);
        return http_redirect(req, home_of(&c->session.user));
    }
    if (st == MC_ERR_UNAUTHORIZED || st == MC_ERR_RATE_LIMITED || st == MC_ERR_CONFLICT ||
        (invalid_refused && st == MC_ERR_INVALID))
        return form(req, totp_status(st), totp_error(st));
    return http_error(req, 500, "internal", "Không kiểm tra được mã, xin thử lại");
}

unsigned page_totp_post(struct http_request *req)
{
    return code_post(req, account_totp_verify, true, totp_form);
}

static unsigned enrol_form(struct http_request *req, unsigned status, const char *error)
{
    struct web_ctx *c = web_ctx(req);
    char secret[ACCOUNT_TOTP_SECRET_SIZE];
    struct buf svg;
    if (c->session.user.totp_enabled)
        return http_redirect(req, "/dang-nhap/ma-xac-thuc");
    if (account_totp_begin(c->db, c->session.user.id, secret) != MC_OK)
        return http_error(req, 500, "internal", "Không tạo được khóa xác thực");
    char *uri = arena_printf(req->arena, "otpauth://totp/motcua:%s?secret=%s&issuer=motcua",
                             c->session.user.login, secret);
    buf_init(&svg, BUF_MAX_SMALL);
    if (qr_svg(uri, "Mã QR để thêm tài khoản vào ứng dụng xác thực", &svg) != MC_OK)
        buf_reset(&svg);
    json_t *data = json_pack("{s:s,s:s%}", "secret", secret, "qr", buf_cstr(&svg), svg.len);
    buf_release(&svg);
    web_page_error(data, error);
    return web_page(req, status, "totp_enrol.html", "Bật xác thực hai lớp", data);
}

unsigned page_totp_enrol(struct http_request *req)
{
    return enrol_form(req, 200, NULL);
}

unsigned page_totp_enrol_post(struct http_request *req)
{
    return code_post(req, account_totp_confirm, false, enrol_form);
}

/* ---------------------------------------------------------------- account */

json_t *web_contacts_json(const struct account_contacts *k)
{
    char masked[300], when[32] = "";
    json_t *o = json_object();
    if (k->phone[0]) {
        account_mask_contact(k->phone, masked, sizeof(masked));
        json_object_set_new(o, "phone", json_pack("{s:s,s:s,s:b}", "value", k->phone,
                                                  "masked", masked, "verified",
                                                  k->phone_verified));
    }
    if (k->email[0]) {
        account_mask_contact(k->email, masked, sizeof(masked));
        json_object_set_new(o, "email", json_pack("{s:s,s:s,s:b}", "value", k->email,
                                                  "masked", masked, "verified",
                                                  k->email_verified));
    }
    if (k->consent_at) {
        clock_format_vn(k->consent_at, when, sizeof(when));
        json_object_set_new(o, "consent", json_pack("{s:s,s:s}", "version", k->notice_version,
                                                    "at", when));
    }
    json_object_set_new(o, "verified", json_boolean(k->phone_verified || k->email_verified));
    return o;
}

unsigned page_account_access(struct http_request *req)
{
    const struct user *u = &web_ctx(req)->session.user;
    json_t *data = json_pack("{s:o}", "accesses", web_access_json(req, u->id, NULL, 50));
    return web_page(req, 200, "account_access.html", "Nhật ký truy cập dữ liệu của tôi", data);
}

unsigned page_account(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    const struct user *u = &c->session.user;
    struct account_contacts k;
    if (account_contacts_get(c->db, u->id, &k) != MC_OK)
        return http_error(req, 500, "internal", "Không đọc được tài khoản, xin thử lại sau");
    json_t *data = json_pack("{s:s,s:s,s:b,s:b}", "login", u->login, "full_name",
                             u->full_name, "staff", user_is_officer(u), "new",
                             http_arg(req, "moi") != NULL);
    bool person = u->kind != USER_STAFF;
    json_object_set_new(data, "collaborator", json_boolean(u->roles & ROLE_COLLABORATOR));
    json_object_set_new(data, "person", json_boolean(person));
    json_object_set_new(data, "contacts", web_contacts_json(&k));
    json_object_set_new(data, "changed", json_boolean(http_arg(req, "da-doi") != NULL));
    json_object_set_new(data, "kind_label", json_string(
        u->kind == USER_CITIZEN    ? "Công dân"
        : u->kind == USER_BUSINESS ? "Doanh nghiệp"
        : user_is_officer(u)       ? "Cán bộ"
                                   : role_label_vi(ROLE_COLLABORATOR)));
    return web_page(req, 200, "account.html", "Tài khoản của tôi", data);
}
