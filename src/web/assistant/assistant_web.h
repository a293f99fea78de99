/*
 * assistant_web.h - the virtual assistant: the chat page and widget
 * endpoints, its JSON API and the province admin's review page.
 */
#ifndef MC_WEB_ASSISTANT_WEB_H
#define MC_WEB_ASSISTANT_WEB_H

#include "web/module.h"

extern const struct web_module web_module_assistant;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_api_assistant_routes;
extern const struct web_routes web_page_assistant_routes;

#endif
