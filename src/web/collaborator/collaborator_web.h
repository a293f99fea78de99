/*
 * collaborator_web.h - the collaborators' pages (/cong-tac-vien): the log
 * of citizens helped and feedback filed on a citizen's behalf.
 */
#ifndef MC_WEB_COLLABORATOR_WEB_H
#define MC_WEB_COLLABORATOR_WEB_H

#include "web/module.h"

extern const struct web_module web_module_collaborator;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_collaborator_routes;

#endif
