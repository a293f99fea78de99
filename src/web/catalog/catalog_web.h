/*
 * catalog_web.h - the procedure catalogue: search and procedure pages,
 * the province admin's edit form and the JSON API.
 */
#ifndef MC_WEB_CATALOG_WEB_H
#define MC_WEB_CATALOG_WEB_H

#include "web/module.h"

extern const struct web_module web_module_catalog;

/* Handlers (page_catalog.c, page_catalog_admin.c, api_catalog.c). */
unsigned page_procedures(struct http_request *req);
unsigned page_procedure(struct http_request *req);
unsigned page_procedure_edit(struct http_request *req);
unsigned page_procedure_edit_post(struct http_request *req);
unsigned api_procedures(struct http_request *req);
unsigned api_procedure(struct http_request *req);
unsigned api_procedure_suggestions(struct http_request *req);

#endif
