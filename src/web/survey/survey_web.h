/*
 * survey_web.h - khảo sát ý kiến: the public questionnaires, the admins'
 * editor and results, and the JSON API.
 */
#ifndef MC_WEB_SURVEY_WEB_H
#define MC_WEB_SURVEY_WEB_H

#include "web/module.h"

extern const struct web_module web_module_survey;

/* Handlers (page_survey.c, api_survey.c). */
unsigned page_survey_index(struct http_request *req);
unsigned page_survey(struct http_request *req);
unsigned page_survey_post(struct http_request *req);
unsigned page_survey_thanks(struct http_request *req);
unsigned page_admin_surveys(struct http_request *req);
unsigned page_admin_survey_create(struct http_request *req);
unsigned page_admin_survey(struct http_request *req);
unsigned page_admin_survey_update(struct http_request *req);
unsigned page_admin_survey_question_add(struct http_request *req);
unsigned page_admin_survey_question_post(struct http_request *req);
unsigned page_admin_survey_status_post(struct http_request *req);
unsigned page_admin_survey_results(struct http_request *req);
unsigned page_admin_survey_xlsx(struct http_request *req);
unsigned page_admin_survey_csv(struct http_request *req);
unsigned api_survey_get(struct http_request *req);
unsigned api_survey_respond(struct http_request *req);

#endif
