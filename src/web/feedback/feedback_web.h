/*
 * feedback_web.h - phản ánh, kiến nghị and hỏi–đáp: the public pages, the
 * sender's follow-up, the staff queue and the JSON API.
 */
#ifndef MC_WEB_FEEDBACK_WEB_H
#define MC_WEB_FEEDBACK_WEB_H

#include "web/module.h"

extern const struct web_module web_module_feedback;

/* Handlers (page_feedback.c, api_feedback.c). */
unsigned page_feedback_list(struct http_request *req);
unsigned page_hoi_dap(struct http_request *req);
unsigned page_feedback_form(struct http_request *req);
unsigned page_feedback_submit(struct http_request *req);
unsigned page_feedback_code_post(struct http_request *req);
unsigned page_feedback_stats(struct http_request *req);
unsigned page_feedback_follow(struct http_request *req);
unsigned page_feedback_rate_post(struct http_request *req);
unsigned page_feedback_reply_post(struct http_request *req);
unsigned page_feedback_mine(struct http_request *req);
unsigned page_feedback_public(struct http_request *req);
unsigned page_admin_feedback(struct http_request *req);
unsigned page_admin_feedback_contacts(struct http_request *req);
unsigned page_admin_feedback_contacts_post(struct http_request *req);
unsigned page_admin_feedback_remind_post(struct http_request *req);
unsigned page_admin_feedback_item(struct http_request *req);
unsigned page_admin_feedback_file(struct http_request *req);
unsigned page_admin_feedback_action(struct http_request *req);
unsigned api_feedback_public(struct http_request *req);
unsigned api_feedback_challenge(struct http_request *req);
unsigned api_feedback_code(struct http_request *req);
unsigned api_feedback_stats(struct http_request *req);
unsigned api_feedback_indicators(struct http_request *req);
unsigned api_feedback_submit(struct http_request *req);
unsigned api_feedback_get(struct http_request *req);
unsigned api_feedback_rate(struct http_request *req);

/*
 * Whether u may open the staff queue (/quan-tri/phan-anh): an officer of
 * an agency, or the province admin.  Pure.
 */
bool web_feedback_may_handle(const struct user *u);
/*
 * Whether u may set the addresses that receive reminders
 * (/quan-tri/phan-anh/lien-he): an agency admin of an agency, or the
 * province admin.  Pure.
 */
bool web_feedback_may_set_contacts(const struct user *u);

#endif
