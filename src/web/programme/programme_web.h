/*
 * programme_web.h - the programme pages (Đề án 1588): plans and their
 * tasks, each organisation's workspace on a task, its reports, and the
 * focal agency's follow-up (boards of who reported, "nhắc ngay",
 * difficulties).  The rules, including who may do what, are in
 * src/domain/programme.
 */
#ifndef MC_WEB_PROGRAMME_WEB_H
#define MC_WEB_PROGRAMME_WEB_H

#include "web/module.h"

#define PROG_WEB_BASE "/quan-tri/de-an"          /* where the programme's pages live */
#define PROG_WEB_IMPORT_MAX (8 * 1024 * 1024)   /* a task CSV and the form */

extern const struct web_module web_module_programme;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_programme_routes;          /* page_programme.c */
extern const struct web_routes web_page_programme_report_routes;   /* page_programme_report.c */

#endif
