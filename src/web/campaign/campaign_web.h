/*
 * campaign_web.h - chiến dịch nhắn tin: the admins' and leaders' pages
 * (/quan-tri/chien-dich) and the short links of campaign messages (/l/...).
 */
#ifndef MC_WEB_CAMPAIGN_WEB_H
#define MC_WEB_CAMPAIGN_WEB_H

#include "web/module.h"

extern const struct web_module web_module_campaign;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_campaign_routes;

#endif
