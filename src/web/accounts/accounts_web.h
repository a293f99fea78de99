/*
 * accounts_web.h - the accounts' pages: registration, sign-in with the
 * second factor, enrolment of a TOTP key, sign-out and the account page.
 */
#ifndef MC_WEB_ACCOUNTS_WEB_H
#define MC_WEB_ACCOUNTS_WEB_H

#include "web/module.h"

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

#endif
