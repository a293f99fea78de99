/* audit_web.h - the audit log viewer for the province admin (/quan-tri/nhat-ky). */
#ifndef MC_WEB_AUDIT_WEB_H
#define MC_WEB_AUDIT_WEB_H

#include "web/module.h"

extern const struct web_module web_module_audit;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_audit_routes;

#endif
