/*
 * dossier_web.h - dossiers on the web: online submission and drafts, the
 * dossier page with its actions, receipt and files, public tracking, and
 * the officers' queues and counter intake.
 */
#ifndef MC_WEB_DOSSIER_WEB_H
#define MC_WEB_DOSSIER_WEB_H

#include "web/module.h"

extern const struct web_module web_module_dossier;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_dossier_routes;
extern const struct web_routes web_page_dossier_detail_routes;
extern const struct web_routes web_page_track_routes;
extern const struct web_routes web_page_dossier_staff_routes;

/*
 * Whether u may receive dossiers at the counter (/quan-tri/ho-so/tiep-nhan):
 * a reception officer or an agency admin of an agency, as dossier_intake()
 * requires.  Pure.
 */
bool web_dossier_may_intake(const struct user *u);

#endif
