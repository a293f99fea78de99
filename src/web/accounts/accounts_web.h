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

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_account_routes;
extern const struct web_routes web_page_password_routes;
extern const struct web_routes web_page_contact_routes;
extern const struct web_routes web_page_staff_routes;

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
