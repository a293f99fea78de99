/*
 * feedback_web.h - phản ánh, kiến nghị and hỏi–đáp: the public pages, the
 * sender's follow-up, the staff queue and the JSON API.
 */
#ifndef MC_WEB_FEEDBACK_WEB_H
#define MC_WEB_FEEDBACK_WEB_H

#include "web/module.h"

extern const struct web_module web_module_feedback;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_feedback_routes;
extern const struct web_routes web_api_feedback_routes;

/*
 * Whether u may set the addresses that receive reminders
 * (/quan-tri/phan-anh/lien-he): an agency admin of an agency, or the
 * province admin.  Pure.
 */
bool web_feedback_may_set_contacts(const struct user *u);

#endif
