/*
 * dossier_web.h - dossiers on the web: online submission and drafts, the
 * dossier page with its actions, receipt and files, public tracking, and
 * the officers' queues and counter intake.
 */
#ifndef MC_WEB_DOSSIER_WEB_H
#define MC_WEB_DOSSIER_WEB_H

#include "web/module.h"

extern const struct web_module web_module_dossier;

/* Handlers (page_dossier.c, page_dossier_detail.c, page_dossier_staff.c, page_track.c). */
unsigned page_submit(struct http_request *req);
unsigned page_submit_post(struct http_request *req);
unsigned page_my_dossiers(struct http_request *req);
unsigned page_drafts(struct http_request *req);
unsigned page_draft_delete_post(struct http_request *req);
unsigned page_dossier(struct http_request *req);
unsigned page_dossier_action_post(struct http_request *req);
unsigned page_dossier_receipt(struct http_request *req);
unsigned page_dossier_file(struct http_request *req);
unsigned page_dossier_queue(struct http_request *req);
unsigned page_dossier_intake(struct http_request *req);
unsigned page_dossier_intake_post(struct http_request *req);
unsigned page_track(struct http_request *req);

/*
 * Whether u may open the officers' queues: staff of an agency (not a
 * collaborator only), or the province admin.  Pure.
 */
bool web_dossier_may_work(const struct user *u);
/*
 * Whether u may receive dossiers at the counter (/quan-tri/ho-so/tiep-nhan):
 * a reception officer or an agency admin of an agency, as dossier_intake()
 * requires.  Pure.
 */
bool web_dossier_may_intake(const struct user *u);

#endif
