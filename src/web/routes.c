/*
 * routes.c - every URL of motcua in one table: method, pattern, handler,
 * flags (see app.h) and the largest body accepted.
 */
#include "app.h"

#define FORM_MAX (64 * 1024)

const struct http_route web_routes[] = {
    {HTTP_GET, "/", page_home, 0, 0},
    {HTTP_GET, "/healthz", api_healthz, R_API, 0},
    {HTTP_GET, "/co-quan", page_units, 0, 0},
    {HTTP_GET, "/thu-tuc", page_procedures, 0, 0},
    {HTTP_GET, "/thu-tuc/{code}", page_procedure, 0, 0},
    {HTTP_GET, "/quan-tri/thu-tuc/{code}/sua", page_procedure_edit, R_STAFF | R_PROVINCE, 0},
    {HTTP_POST, "/quan-tri/thu-tuc/{code}/sua", page_procedure_edit_post, R_STAFF | R_PROVINCE,
     256 * 1024},
    {HTTP_GET, "/api/v1/procedures", api_procedures, R_API, 0},
    {HTTP_GET, "/api/v1/procedures/{code}", api_procedure, R_API, 0},
    {HTTP_GET, "/api/v1/procedure-suggestions", api_procedure_suggestions, R_API, 0},
    {HTTP_GET, "/dang-ky", page_register, 0, 0},
    {HTTP_POST, "/dang-ky", page_register_post, 0, FORM_MAX},
    {HTTP_GET, "/dang-nhap", page_login, 0, 0},
    {HTTP_POST, "/dang-nhap", page_login_post, 0, FORM_MAX},
    {HTTP_POST, "/dang-xuat", page_logout_post, R_PENDING_2FA | R_SIGNED_IN, FORM_MAX},
    {HTTP_GET, "/dang-nhap/ma-xac-thuc", page_totp, R_PENDING_2FA | R_SIGNED_IN, 0},
    {HTTP_POST, "/dang-nhap/ma-xac-thuc", page_totp_post, R_PENDING_2FA | R_SIGNED_IN,
     FORM_MAX},
    {HTTP_GET, "/tai-khoan/xac-thuc-hai-lop", page_totp_enrol, R_PENDING_2FA | R_SIGNED_IN,
     0},
    {HTTP_POST, "/tai-khoan/xac-thuc-hai-lop", page_totp_enrol_post,
     R_PENDING_2FA | R_SIGNED_IN, FORM_MAX},
    {HTTP_GET, "/tai-khoan", page_account, R_SIGNED_IN, 0},
    {HTTP_GET, "/quan-tri", page_admin, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/nhat-ky", page_admin_audit, R_STAFF | R_PROVINCE, 0},
    {HTTP_GET, "/api/v1/me", api_me, R_API | R_SIGNED_IN, 0},
};

const size_t web_routes_count = MC_ARRAY_LEN(web_routes);
