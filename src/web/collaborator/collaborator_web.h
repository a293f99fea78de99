/*
 * collaborator_web.h - the collaborators' pages (/cong-tac-vien): the log
 * of citizens helped and feedback filed on a citizen's behalf.
 */
#ifndef MC_WEB_COLLABORATOR_WEB_H
#define MC_WEB_COLLABORATOR_WEB_H

#include "web/module.h"

extern const struct web_module web_module_collaborator;

/* Handlers (page_collaborator.c). */
unsigned page_collaborator(struct http_request *req);
unsigned page_collaborator_help_post(struct http_request *req);
unsigned page_collaborator_feedback(struct http_request *req);
unsigned page_collaborator_feedback_post(struct http_request *req);

#endif
