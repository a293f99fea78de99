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
    {HTTP_GET, "/tai-khoan/nhat-ky-truy-cap", page_account_access, R_SIGNED_IN | R_COLLAB, 0},
    {HTTP_POST, "/tai-khoan/dang-xuat-moi-noi", page_logout_all_post,
     R_SIGNED_IN | R_COLLAB | R_TEMP_PASSWORD, WEB_FORM_MAX},
    {HTTP_GET, "/tai-khoan/doi-mat-khau", page_password,
     R_SIGNED_IN | R_COLLAB | R_TEMP_PASSWORD, 0},
    {HTTP_POST, "/tai-khoan/doi-mat-khau", page_password_post,
     R_SIGNED_IN | R_COLLAB | R_TEMP_PASSWORD, WEB_FORM_MAX},
    {HTTP_GET, "/tai-khoan/xac-minh", page_verify, R_SIGNED_IN, 0},
    {HTTP_POST, "/tai-khoan/xac-minh", page_verify_post, R_SIGNED_IN, WEB_FORM_MAX},
    {HTTP_POST, "/tai-khoan/xac-minh/gui-ma", page_verify_send_post, R_SIGNED_IN,
     WEB_FORM_MAX},
    {HTTP_GET, "/tai-khoan/lien-he", page_contact, R_SIGNED_IN, 0},
    {HTTP_POST, "/tai-khoan/lien-he", page_contact_post, R_SIGNED_IN, WEB_FORM_MAX},
    {HTTP_GET, "/quen-mat-khau", page_forgot, 0, 0},
    {HTTP_POST, "/quen-mat-khau", page_forgot_post, 0, WEB_FORM_MAX},
    {HTTP_GET, "/quen-mat-khau/dat-lai", page_reset, 0, 0},
    {HTTP_POST, "/quen-mat-khau/dat-lai", page_reset_post, 0, WEB_FORM_MAX},
    {HTTP_GET, "/lay-lai-tai-khoan", page_reclaim_info, 0, 0},
    {HTTP_GET, "/bao-ve-du-lieu-ca-nhan", page_privacy, 0, 0},
    {HTTP_GET, "/quan-tri/can-bo", page_staff_list, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/can-bo", page_staff_create_post, R_STAFF, WEB_FORM_MAX},
    {HTTP_GET, "/quan-tri/can-bo/{id}", page_staff, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/can-bo/{id}/{action}", page_staff_action_post, R_STAFF,
     WEB_FORM_MAX},
    {HTTP_GET, "/quan-tri/lay-lai-tai-khoan", page_reclaim, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/lay-lai-tai-khoan", page_reclaim_post, R_STAFF, WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/lay-lai-tai-khoan/xac-nhan", page_reclaim_confirm_post, R_STAFF,
     WEB_FORM_MAX},
};

static const struct web_staff_entry staff[] = {
    {"Quản trị hệ thống", "/quan-tri/can-bo", "Tài khoản cán bộ",
     "Thêm cán bộ, phân vai trò, khoá tài khoản, cấp lại xác thực hai lớp",
     ROLE_PROVINCE_ADMIN | ROLE_AGENCY_ADMIN, NULL, NULL, NULL},
    {"Hỗ trợ công dân tại quầy", "/quan-tri/lay-lai-tai-khoan", "Lấy lại tài khoản cho chủ giấy tờ",
     "Khi số CCCD của công dân đã bị người khác đăng ký",
     ROLE_RECEPTION | ROLE_AGENCY_ADMIN | ROLE_PROVINCE_ADMIN, NULL, NULL, NULL},
};

const struct web_module web_module_accounts = {
    .name = "accounts",
    .routes = WEB_LIST(routes),
    .staff = WEB_LIST(staff),
};
