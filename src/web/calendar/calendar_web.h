/*
 * calendar_web.h - the province admin's page for the working calendar
 * (/quan-tri/lich): days off, làm bù days and office hours.
 */
#ifndef MC_WEB_CALENDAR_WEB_H
#define MC_WEB_CALENDAR_WEB_H

#include "web/module.h"

extern const struct web_module web_module_calendar;

/* Handlers (page_calendar_admin.c). */
unsigned page_calendar_admin(struct http_request *req);
unsigned page_calendar_override_post(struct http_request *req);
unsigned page_calendar_delete_post(struct http_request *req);
unsigned page_calendar_hours_post(struct http_request *req);

#endif
