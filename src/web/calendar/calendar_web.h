/*
 * calendar_web.h - the province admin's page for the working calendar
 * (/quan-tri/lich): days off, làm bù days and office hours.
 */
#ifndef MC_WEB_CALENDAR_WEB_H
#define MC_WEB_CALENDAR_WEB_H

#include "web/module.h"

extern const struct web_module web_module_calendar;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_calendar_admin_routes;

#endif
