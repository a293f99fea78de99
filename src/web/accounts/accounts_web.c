/* accounts_web.c - the description of the accounts' pages (see accounts_web.h). */
#include "web/app.h"
#include "web/accounts/accounts_web.h"

static const struct http_route routes[] = {
    {HTTP_GET, "/dang-ky", page_register, 0, 0},
    {HTTP_POST, "/dang-ky", page_register_post, 0, WEB_FORM_MAX},
    {HTTP_GET, "/dang-nhap", page_login, 0, 0},
    {HTTP_POST, "/dang-nhap", page_login_post, 0, WEB_FORM_MAX},
    {HTTP_POST, "/dang-xuat", page_logout_post, R_PENDING_2FA | R_SIGNED_IN, WEB_FORM_MAX},
    {HTTP_GET, "/dang-nhap/ma-xac-thuc", page_totp, R_PENDING_2FA | R_SIGNED_IN, 0},
    {HTTP_POST, "/dang-nhap/ma-xac-thuc", page_totp_post, R_PENDING_2FA | R_SIGNED_IN,
     WEB_FORM_MAX},
    {HTTP_GET, "/tai-khoan/xac-thuc-hai-lop", page_totp_enrol, R_PENDING_2FA | R_SIGNED_IN,
     0},
    {HTTP_POST, "/tai-khoan/xac-thuc-hai-lop", page_totp_enrol_post,
     R_PENDING_2FA | R_SIGNED_IN, WEB_FORM_MAX},
    {HTTP_GET, "/tai-khoan", page_account, R_SIGNED_IN | R_COLLAB, 0},
};

const struct web_module web_module_accounts = {
    .name = "accounts",
    .routes = WEB_LIST(routes),
};
