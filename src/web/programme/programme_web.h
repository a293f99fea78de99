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

#define PROG_WEB_IMPORT_MAX (8 * 1024 * 1024)   /* a task CSV and the form */

extern const struct web_module web_module_programme;

/* Handlers (page_programme.c: plans, tasks, workspace). */
unsigned page_prog_home(struct http_request *req);
unsigned page_prog_follow(struct http_request *req);
unsigned page_prog_plan(struct http_request *req);
unsigned page_prog_plan_csv(struct http_request *req);
unsigned page_prog_plan_xlsx(struct http_request *req);
unsigned page_prog_commend(struct http_request *req);
unsigned page_prog_plan_import(struct http_request *req);
unsigned page_prog_plan_edit(struct http_request *req);
unsigned page_prog_plan_file(struct http_request *req);
unsigned page_prog_plan_reassign(struct http_request *req);
unsigned page_prog_task(struct http_request *req);
unsigned page_prog_task_post(struct http_request *req);
unsigned page_prog_task_output(struct http_request *req);
unsigned page_prog_task_evidence(struct http_request *req);
unsigned page_prog_task_evidence_file(struct http_request *req);

/* Handlers (page_programme_report.c: cycles, reports, boards). */
unsigned page_prog_cycle_create(struct http_request *req);
unsigned page_prog_board(struct http_request *req);
unsigned page_prog_remind(struct http_request *req);
unsigned page_prog_report(struct http_request *req);
unsigned page_prog_report_post(struct http_request *req);
unsigned page_prog_report_decide(struct http_request *req);
unsigned page_prog_difficulty(struct http_request *req);
unsigned page_prog_consolidate(struct http_request *req);
unsigned page_prog_consolidation(struct http_request *req);

#endif
