/*
 * assistant_web.h - the virtual assistant: the chat page and widget
 * endpoints, its JSON API and the province admin's review page.
 */
#ifndef MC_WEB_ASSISTANT_WEB_H
#define MC_WEB_ASSISTANT_WEB_H

#include "web/module.h"

extern const struct web_module web_module_assistant;

/* Handlers (api_assistant.c, page_assistant.c). */
unsigned api_assistant(struct http_request *req);
unsigned api_assistant_feedback(struct http_request *req);
unsigned api_assistant_handoff(struct http_request *req);
unsigned page_assistant(struct http_request *req);
unsigned page_assistant_handoff_post(struct http_request *req);
unsigned page_assistant_rate_post(struct http_request *req);
unsigned page_admin_assistant(struct http_request *req);
unsigned page_admin_assistant_faq_post(struct http_request *req);
unsigned page_admin_assistant_rule_post(struct http_request *req);
unsigned page_admin_assistant_resolve_post(struct http_request *req);

#endif
