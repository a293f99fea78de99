/*
 * survey_web.h - khảo sát ý kiến: the public questionnaires, the admins'
 * editor and results, and the JSON API.
 */
#ifndef MC_WEB_SURVEY_WEB_H
#define MC_WEB_SURVEY_WEB_H

#include "web/module.h"

extern const struct web_module web_module_survey;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_survey_routes;
extern const struct web_routes web_api_survey_routes;

#endif
