/* units_web.h - the public list of administrative units and agencies (/co-quan). */
#ifndef MC_WEB_UNITS_WEB_H
#define MC_WEB_UNITS_WEB_H

#include "web/module.h"

extern const struct web_module web_module_units;

/* Handler (page_units.c). */
unsigned page_units(struct http_request *req);

#endif
