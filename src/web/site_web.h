/*
 * site_web.h - the web layer's own pages: the home page, the health and
 * readiness checks, "who am I" for scripts, and the staff home (/quan-tri), which
 * lists every module's staff entries (web/module.h).
 */
#ifndef MC_WEB_SITE_WEB_H
#define MC_WEB_SITE_WEB_H

#include "web/module.h"

/* The site's description: its routes and its two menu entries. */
extern const struct web_module web_module_site;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_home_routes;
extern const struct web_routes web_page_admin_routes;

#endif
