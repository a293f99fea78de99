/*
 * routing_web.h - the province admin's routing pages: who decides,
 * processes and receives each procedure at each level
 * (/quan-tri/thu-tuc/{code}/co-quan) and which agencies a one-stop centre
 * receives for (/quan-tri/mot-cua).
 */
#ifndef MC_WEB_ROUTING_WEB_H
#define MC_WEB_ROUTING_WEB_H

#include "web/module.h"

extern const struct web_module web_module_routing;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_routing_routes;

#endif
