/*
 * quality_web.h - service quality: the applicant's rating of a finished
 * dossier, the public 766 dashboard with its drill-down and exports, the
 * leaders' page, and the 766 index's JSON API.
 */
#ifndef MC_WEB_QUALITY_WEB_H
#define MC_WEB_QUALITY_WEB_H

#include "web/module.h"

extern const struct web_module web_module_quality;

/* Handlers (page_rating.c, page_quality.c, api_index766.c). */
unsigned page_rating(struct http_request *req);
unsigned page_rating_post(struct http_request *req);
unsigned page_quality(struct http_request *req);
unsigned page_quality_xlsx(struct http_request *req);
unsigned page_quality_csv(struct http_request *req);
unsigned page_quality_unit(struct http_request *req);
unsigned page_quality_indicator(struct http_request *req);
unsigned page_admin_quality(struct http_request *req);
unsigned api_index(struct http_request *req);
unsigned api_index_ranking(struct http_request *req);
unsigned api_index_late(struct http_request *req);

/*
 * Whether u may open the leaders' page (/quan-tri/chat-luong): the
 * province admin, or an approver or agency admin of an agency.  Pure.
 */
bool web_quality_may_lead(const struct user *u);

#endif
