/*
 * accounts_web.h - the accounts' pages: registration, sign-in with the
 * second factor, enrolment of a TOTP key, sign-out and the account page;
 * self-service (password change and reset, contact verification, sign-out
 * everywhere, the personal-data notice), staff management by admins and
 * the counter's reclaim of an account for the real owner of a CCCD.
 */
#ifndef MC_WEB_ACCOUNTS_WEB_H
#define MC_WEB_ACCOUNTS_WEB_H

#include <jansson.h>
#include "web/module.h"
#include "domain/accounts/account.h"

extern const struct web_module web_module_accounts;

/* Handlers (page_account.c). */
unsigned page_register(struct http_request *req);
unsigned page_register_post(struct http_request *req);
unsigned page_login(struct http_request *req);
unsigned page_login_post(struct http_request *req);
unsigned page_logout_post(struct http_request *req);
unsigned page_totp(struct http_request *req);
unsigned page_totp_post(struct http_request *req);
unsigned page_totp_enrol(struct http_request *req);
unsigned page_totp_enrol_post(struct http_request *req);
unsigned page_account(struct http_request *req);
/* Who of the staff touched my data: the access log (domain/audit/access_log.h). */
unsigned page_account_access(struct http_request *req);
unsigned page_logout_all_post(struct http_request *req);

/* Self-service (page_password.c, page_contact.c). */
unsigned page_privacy(struct http_request *req);
unsigned page_password(struct http_request *req);
unsigned page_password_post(struct http_request *req);
unsigned page_forgot(struct http_request *req);
unsigned page_forgot_post(struct http_request *req);
unsigned page_reset(struct http_request *req);
unsigned page_reset_post(struct http_request *req);
unsigned page_reclaim_info(struct http_request *req);
unsigned page_verify(struct http_request *req);
unsigned page_verify_post(struct http_request *req);
unsigned page_verify_send_post(struct http_request *req);
unsigned page_contact(struct http_request *req);
unsigned page_contact_post(struct http_request *req);

/* Staff management and the counter's reclaim (page_staff.c). */
unsigned page_staff_list(struct http_request *req);
unsigned page_staff_create_post(struct http_request *req);
unsigned page_staff(struct http_request *req);
unsigned page_staff_action_post(struct http_request *req);
unsigned page_reclaim(struct http_request *req);
unsigned page_reclaim_post(struct http_request *req);
unsigned page_reclaim_confirm_post(struct http_request *req);

/*
 * The page a citizen or business sees instead of the submission form
 * while no phone or email of theirs is verified (page_contact.c):
 * explains why, links to the verification with next as the way back.
 */
unsigned page_verify_needed(struct http_request *req, const char *next);

/*
 * The contacts of an account for templates (page_account.c): {"phone":
 * {"value","masked","verified"}, "email": {...}, "consent": {"version",
 * "at"}, "verified": bool}.  New reference for the caller.
 */
json_t *web_contacts_json(const struct account_contacts *k);

#endif
