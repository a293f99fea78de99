/*
 * programme_view.h - the JSON the programme's templates read: plans,
 * tasks with the names of their organisations, a workspace, reports and
 * cycles.  Names, never codes, are what people read; codes ride along for
 * links and tests (data-* attributes).
 */
#ifndef MC_WEB_PROGRAMME_VIEW_H
#define MC_WEB_PROGRAMME_VIEW_H

#include <jansson.h>
#include "core/http.h"
#include "domain/programme/programme.h"
#include "domain/programme/programme_report.h"

/* The name of organisation code (request memory); the code when unknown. */
const char *prog_view_org_name(struct http_request *req, const char *code);
/* "Sở Tư pháp, Báo Lạng Sơn" for a ';'-list of codes (request memory). */
const char *prog_view_org_names(struct http_request *req, const char *codes);
/* "dd/mm/yyyy" of an ISO day, "" for "" (request memory). */
const char *prog_view_day(struct http_request *req, const char *iso);

/* {id, code, number, title, issued, period, href}. */
json_t *prog_view_plan_row(const struct prog_plan *p);
/* A task with org's progress, for a list: {id, number, content, frame, status, href}. */
json_t *prog_view_task_row(struct http_request *req, const struct prog_task *t,
                           const char *org);
/* A task in full: number, section, content, clauses, leads and co names, frame,
 * expected outputs, note, budget, kinds. */
json_t *prog_view_task_full(struct http_request *req, const struct prog_task *t);
/* org's workspace on t: status options, budget, notes, outputs, output kinds, evidence. */
json_t *prog_view_workspace(struct http_request *req, const struct prog_task *t,
                            const char *org);
/* {id, cycle, due, state, state_label, href} of a report. */
json_t *prog_view_report_row(struct http_request *req, const struct prog_report *r);
/* The cycles of plan plan_id: [{id, title, year, due, kind, href}]. */
json_t *prog_view_cycles(struct http_request *req, int64_t plan_id);

#endif
