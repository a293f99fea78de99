/*
 * catalog_web.h - the procedure catalogue: search and procedure pages,
 * the province admin's edit form and the JSON API.
 */
#ifndef MC_WEB_CATALOG_WEB_H
#define MC_WEB_CATALOG_WEB_H

#include "web/module.h"

extern const struct web_module web_module_catalog;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_catalog_routes;
extern const struct web_routes web_page_catalog_admin_routes;
extern const struct web_routes web_page_catalog_drafts_routes;
extern const struct web_routes web_api_catalog_routes;

#endif
