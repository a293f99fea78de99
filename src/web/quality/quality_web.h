/*
 * quality_web.h - service quality: the applicant's rating of a finished
 * dossier, the public 766 dashboard with its drill-down and exports, the
 * leaders' page, and the 766 index's JSON API.
 */
#ifndef MC_WEB_QUALITY_WEB_H
#define MC_WEB_QUALITY_WEB_H

#include "web/module.h"

extern const struct web_module web_module_quality;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_api_index766_routes;
extern const struct web_routes web_page_rating_routes;
extern const struct web_routes web_page_quality_routes;

/*
 * Whether u may open the leaders' page (/quan-tri/chat-luong): the
 * province admin, or an approver or agency admin of an agency.  Pure.
 */
bool web_quality_may_lead(const struct user *u);

#endif
