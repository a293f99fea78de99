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

/* The routes of page_kpi.c (pages, exports and the API), listed by the description. */
extern const struct web_routes web_page_kpi_routes;

/* Whether u may enter denominators: the province admin.  Pure. */
bool web_kpi_may_enter(const struct user *u);

#endif
