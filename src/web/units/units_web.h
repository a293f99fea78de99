/* units_web.h - the public list of administrative units and agencies (/co-quan). */
#ifndef MC_WEB_UNITS_WEB_H
#define MC_WEB_UNITS_WEB_H

#include "web/module.h"

extern const struct web_module web_module_units;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_units_routes;

#endif
