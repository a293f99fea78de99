/*
 * programme_commend.c - the commendation shortlist (see
 * programme_commend.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/clock.h"
#include "core/mem.h"
#include "domain/collaborator/collaborator.h"
#include "domain/feedback/feedback.h"
#include "domain/index766/index766.h"
#include "domain/kpi/kpi.h"
#include "domain/programme/programme_commend.h"
#include "domain/programme/programme_report.h"

static const struct db_query Q_DONE = {
    "programme.commend_done",
    "SELECT count(*) FROM task_progress p JOIN plan_tasks t ON t.id = p.task_id"
    " WHERE t.plan_id = ?1 AND p.org_code = ?2 AND p.status = 'hoan_thanh'",
};
static const struct db_query Q_EVIDENCE = {
    "programme.commend_evidence",
    "SELECT count(*) FROM task_evidence e JOIN plan_tasks t ON t.id = e.task_id"
    " WHERE t.plan_id = ?1 AND e.org_code = ?2",
};
static const struct db_query Q_YEAR_REPORT = {
    "programme.commend_report",
    "SELECT r.state, COALESCE(r.submitted_at, 0), c.due_on FROM programme_reports r"
    " JOIN report_cycles c ON c.id = r.cycle_id WHERE c.plan_id = ?1 AND c.year = ?2"
    " AND c.kind = 'hang_nam' AND r.org_code = ?3 ORDER BY c.id DESC",
};

ARRAY_LIST_DEFINE(prog_commend, rows)

/* Unix seconds of 00:00 on 1 January of year in Vietnam. */
static int64_t year_start(int year)
{
    char iso[32];
    int64_t t = 0;
    snprintf(iso, sizeof(iso), "%04d-01-01T00:00:00+07:00", year);
    if (clock_parse_iso(iso, &t) != MC_OK)
        t = 0;
    return t;
}

/* The year's measurements of one organisation into r. */
static enum mc_status measure(struct db *db, int64_t plan_id, int year,
                              struct prog_commend_row *r)
{
    struct index766_report idx;
    struct feedback_indicators fb;
    struct prog_task_list tasks;
    struct db_stmt *st = NULL;
    char period[8], from[16], to[16];
    int64_t n = 0, entries = 0;
    enum mc_status rc;

    prog_task_list_init(&tasks);
    snprintf(period, sizeof(period), "%d", year);
    snprintf(from, sizeof(from), "%d-01-01", year);
    snprintf(to, sizeof(to), "%d-01-01", year + 1);
    rc = index766_compute(db, r->agency_code, period, &idx);
    if (rc == MC_OK) {
        r->has_766 = idx.result.has_data;
        r->score_766 = idx.result.score_100;
    } else if (rc == MC_ERR_NOT_FOUND) {
        rc = MC_OK;
    }
    if (rc == MC_OK)
        rc = feedback_indicators(db, r->agency_code, year_start(year), year_start(year + 1),
                                 &fb);
    if (rc == MC_OK) {
        r->feedback_on_time = fb.dung_han_num;
        r->feedback_due = fb.dung_han_den;
        rc = prog_task_list(db, plan_id, r->org_code, &tasks);
    }
    r->tasks = (int)tasks.n;
    if (rc == MC_OK)
        rc = db_get_int(db, &Q_DONE, &n, "is", plan_id, r->org_code);
    r->tasks_done = (int)n;
    if (rc == MC_OK)
        rc = db_get_int(db, &Q_EVIDENCE, &n, "is", plan_id, r->org_code);
    r->evidence = (int)n;
    if (rc == MC_OK)
        rc = db_get_row(db, &Q_YEAR_REPORT, &st, "iis", plan_id, (int64_t)year, r->org_code);
    if (rc == MC_OK) {
        const char *state = db_col_text(st, 0);
        r->reported = strcmp(state, "submitted") == 0 || strcmp(state, "accepted") == 0;
        if (r->reported) {
            char iso[40];
            clock_format_iso(db_col_int64(st, 1), iso, sizeof(iso));
            r->reported_on_time = strncmp(iso, db_col_text(st, 2), 10) <= 0;
        }
    } else if (rc == MC_ERR_NOT_FOUND) {
        rc = MC_OK;
    }
    db_done(st);
    if (rc == MC_OK)
        rc = collab_agency_activity(db, r->agency_code, from, to, &entries, &r->helped);
    if (rc == MC_OK) {
        struct kpi_table *t = xcalloc(1, sizeof(*t));
        rc = kpi_compute(db, r->agency_code, period, NULL, t);
        if (rc == MC_OK)
            kpi_table_on_target(t, &r->kpi_measured, &r->kpi_on_target);
        else if (rc == MC_ERR_NOT_FOUND)
            rc = MC_OK;   /* an organisation whose agency the KPIs do not know */
        free(t);
    }
    prog_task_list_release(&tasks);
    return rc;
}

static int by_score(const void *a, const void *b)
{
    const struct prog_commend_row *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return strcmp(x->org_code, y->org_code);
}

static int by_766(const void *a, const void *b)
{
    const struct prog_commend_row *x = *(struct prog_commend_row *const *)a;
    const struct prog_commend_row *y = *(struct prog_commend_row *const *)b;
    if (x->has_766 != y->has_766)
        return x->has_766 ? -1 : 1;
    if (x->score_766 != y->score_766)
        return x->score_766 < y->score_766 ? 1 : -1;
    return 0;
}

double prog_commend_score(const struct prog_commend_row *r, int64_t most_helped)
{
    double fb = r->feedback_due > 0 ? 100.0 * (double)r->feedback_on_time /
                                          (double)r->feedback_due
                                    : 100.0;
    double tasks = r->tasks > 0 ? 100.0 * r->tasks_done / r->tasks : 0.0;
    double team = most_helped > 0 ? 100.0 * (double)r->helped / (double)most_helped : 0.0;
    double kpi = r->kpi_measured > 0 ? 100.0 * r->kpi_on_target / r->kpi_measured : 0.0;
    return (PROG_COMMEND_W_766 * (r->has_766 ? r->score_766 : 0.0) + PROG_COMMEND_W_KPI * kpi +
            PROG_COMMEND_W_FEEDBACK * fb + PROG_COMMEND_W_TASKS * tasks +
            PROG_COMMEND_W_REPORT * (r->reported_on_time ? 100.0 : 0.0) +
            PROG_COMMEND_W_TEAM * team) /
           100.0;
}

/* The weighted score and the 766 ranks of every row. */
static void score_all(struct prog_commend_list *l)
{
    struct prog_commend_row **order = xcalloc(l->n ? l->n : 1, sizeof(*order));
    int64_t most_helped = 0;
    for (size_t i = 0; i < l->n; i++) {
        order[i] = &l->rows[i];
        if (l->rows[i].helped > most_helped)
            most_helped = l->rows[i].helped;
    }
    qsort(order, l->n, sizeof(*order), by_766);
    for (size_t i = 0; i < l->n; i++)
        order[i]->rank_766 = order[i]->has_766 ? (int)i + 1 : 0;
    free(order);
    for (size_t i = 0; i < l->n; i++)
        l->rows[i].score = prog_commend_score(&l->rows[i], most_helped);
    qsort(l->rows, l->n, sizeof(*l->rows), by_score);
}

enum mc_status prog_commend(struct db *db, const struct user *u, int64_t plan_id, int year,
                            struct prog_commend_list *out)
{
    struct prog_plan p;
    struct org_list orgs;
    char today[PROG_DAY_SIZE];
    bool focal = false, overseer = false;
    enum mc_status rc;

    prog_plan_init(&p);
    org_list_init(&orgs);
    prog_today(today);
    if (year < 2000 || year > 2100)
        return MC_ERR_INVALID;
    rc = prog_plan_get(db, plan_id, &p);
    if (rc == MC_OK)
        rc = prog_is_focal(db, u, &p, &focal);
    if (rc == MC_OK)
        rc = prog_is_overseer(db, u, &overseer);
    if (rc == MC_OK && !focal && !overseer)
        rc = MC_ERR_FORBIDDEN;
    if (rc == MC_OK)
        rc = org_list(db, p.province_code, false, &orgs);
    for (size_t i = 0; rc == MC_OK && i < orgs.n && out->n < PROG_COMMEND_MAX; i++) {
        const struct org *o = &orgs.items[i];
        if (o->is_group || !o->agency_code[0] || !org_in_force(o, today))
            continue;
        struct prog_commend_row *r = ARRAY_PUSH(out->rows, out->n, out->cap);
        snprintf(r->org_code, sizeof(r->org_code), "%s", o->code);
        snprintf(r->org_name, sizeof(r->org_name), "%s", o->name);
        snprintf(r->agency_code, sizeof(r->agency_code), "%s", o->agency_code);
        rc = measure(db, plan_id, year, r);
    }
    if (rc == MC_OK)
        score_all(out);
    org_list_release(&orgs);
    prog_plan_release(&p);
    return rc;
}
