/*
 * kpi_web.h - the targets of Decision 1588 on the web: the staff board
 * (/quan-tri/chi-tieu) with trend, map, drill-down, exports and the
 * denominators entered per year, the public page (/chi-tieu) and the JSON
 * API (GET /api/v1/kpi).  docs/kpi.md describes them for users.
 */
#ifndef MC_WEB_KPI_WEB_H
#define MC_WEB_KPI_WEB_H

#include "web/app.h"
#include "web/module.h"

extern const struct web_module web_module_kpi;

/* Handlers (page_kpi.c).  Each answers one route of kpi_web.c. */
unsigned page_kpi_board(struct http_request *req);
unsigned page_kpi_records(struct http_request *req);
unsigned page_kpi_csv(struct http_request *req);
unsigned page_kpi_xlsx(struct http_request *req);
unsigned page_kpi_public(struct http_request *req);
unsigned page_kpi_den(struct http_request *req);
unsigned page_kpi_den_post(struct http_request *req);
unsigned page_kpi_den_import(struct http_request *req);
unsigned api_kpi(struct http_request *req);

/* Whether u may enter denominators: the province admin.  Pure. */
bool web_kpi_may_enter(const struct user *u);

#endif
