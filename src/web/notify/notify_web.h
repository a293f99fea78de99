/*
 * notify_web.h - the notify module's page: the demo inbox
 * (/quan-tri/hop-thu-demo), every message the platform would have sent,
 * in `motcua demo` only.
 */
#ifndef MC_WEB_NOTIFY_WEB_H
#define MC_WEB_NOTIFY_WEB_H

#include "web/module.h"

extern const struct web_module web_module_notify;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_demo_inbox_routes;

#endif
