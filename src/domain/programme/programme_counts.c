/*
 * programme_counts.c - output counts that fill themselves (see
 * programme_report.h): where the platform holds the number an output
 * kind counts, an organisation's report shows that number with its
 * source, frozen when the report is submitted; a typed count of such a
 * kind is an override and carries its reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/clock.h"
#include "core/mem.h"
#include "domain/programme/programme_report.h"

/* The organisation's typed count of ?4 for task ?1, year ?3. */
static const struct db_query Q_TYPED = {
    "programme.counts_typed",
    "SELECT count, reason FROM task_outputs WHERE task_id = ?1 AND org_code = ?2"
    " AND year = ?3 AND kind = ?4 AND source = 'manual'",
};
static const struct db_query Q_FROZEN = {
    "programme.counts_frozen",
    "SELECT count FROM report_live_counts WHERE report_id = ?1 AND task_id = ?2 AND kind = ?3",
};
static const struct db_query Q_CLEAR = {
    "programme.counts_clear", "DELETE FROM report_live_counts WHERE report_id = ?1",
};
static const struct db_query Q_FREEZE = {
    "programme.counts_freeze",
    "INSERT INTO report_live_counts (report_id, task_id, kind, count, source, computed_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};

static prog_count_source_fn count_source;

void prog_set_count_source(prog_count_source_fn fn)
{
    count_source = fn;
}

static void live_release(struct prog_live *lv)
{
    free(lv->reason);
}

ARRAY_LIST_DEFINE_EACH(prog_live, items, live_release)

/* The typed override of row r (org_code, year) into r. */
static enum mc_status read_typed(struct db *db, const char *org_code, int year,
                                 struct prog_live *r)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_TYPED, &st, "isis", r->task_id, org_code,
                                   (int64_t)year, r->kind);
    if (rc == MC_OK) {
        r->typed = true;
        r->typed_count = db_col_int64(st, 0);
        free(r->reason);
        r->reason = db_col_strdup(st, 1);
    } else if (rc == MC_ERR_NOT_FOUND) {
        rc = MC_OK;
    }
    db_done(st);
    return rc;
}

/*
 * The rows of org_code's tasks of plan_id (live kinds only), counts from
 * the source when report_id is 0, else from report_id's freeze.
 */
static enum mc_status collect(struct db *db, int64_t plan_id, const char *org_code, int year,
                              int64_t report_id, struct prog_live_list *out)
{
    struct prog_task_list tasks;
    struct org o;
    bool has_org = false;
    enum mc_status rc;

    prog_task_list_init(&tasks);
    org_init(&o);
    rc = org_get(db, org_code, &o);
    has_org = rc == MC_OK;
    if (rc == MC_ERR_NOT_FOUND)
        rc = MC_OK;
    if (rc == MC_OK)
        rc = prog_task_list(db, plan_id, org_code, &tasks);
    for (size_t i = 0; rc == MC_OK && i < tasks.n; i++) {
        const struct prog_task *t = &tasks.items[i];
        for (const char *p = t->output_kinds; rc == MC_OK && *p;) {
            size_t len = strcspn(p, ";");
            char kind[32];
            snprintf(kind, sizeof(kind), "%.*s", (int)(len < 31 ? len : 31), p);
            p += len + (p[len] == ';');
            if (!prog_output_kind_source(kind))
                continue;
            struct prog_live *r = ARRAY_PUSH(out->items, out->n, out->cap);
            memset(r, 0, sizeof(*r));
            r->task_id = t->id;
            snprintf(r->task_number, sizeof(r->task_number), "%s", t->number);
            snprintf(r->kind, sizeof(r->kind), "%s", kind);
            r->reason = xstrdup("");
            if (report_id) {
                rc = db_get_int(db, &Q_FROZEN, &r->count, "iis", report_id, t->id, kind);
                r->known = rc == MC_OK;
                if (rc == MC_ERR_NOT_FOUND)
                    rc = MC_OK;
            } else if (count_source && has_org && o.agency_code[0]) {
                rc = count_source(db, kind, o.agency_code, year, &r->count);
                r->known = rc == MC_OK;
                if (rc == MC_ERR_NOT_FOUND)
                    rc = MC_OK;
            }
            if (rc == MC_OK)
                rc = read_typed(db, org_code, year, r);
        }
    }
    org_release(&o);
    prog_task_list_release(&tasks);
    return rc;
}

enum mc_status prog_live_counts(struct db *db, int64_t plan_id, const char *org_code, int year,
                                struct prog_live_list *out)
{
    return collect(db, plan_id, org_code, year, 0, out);
}

enum mc_status prog_report_counts(struct db *db, const struct prog_report *r,
                                  const struct prog_cycle *cy, struct prog_live_list *out,
                                  bool *frozen)
{
    bool f = r->state == PROG_REPORT_SUBMITTED || r->state == PROG_REPORT_ACCEPTED;
    if (frozen)
        *frozen = f;
    return collect(db, cy->plan_id, r->org_code, cy->year, f ? r->id : 0, out);
}

enum mc_status prog_counts_freeze(struct db *db, int64_t report_id, int64_t plan_id,
                                  const char *org_code, int year)
{
    struct prog_live_list l;
    enum mc_status rc;
    prog_live_list_init(&l);
    rc = db_run(db, &Q_CLEAR, NULL, "i", report_id);
    if (rc == MC_OK)
        rc = collect(db, plan_id, org_code, year, 0, &l);
    for (size_t i = 0; rc == MC_OK && i < l.n; i++) {
        if (!l.items[i].known)
            continue;
        rc = db_run(db, &Q_FREEZE, NULL, "iisisi", report_id, l.items[i].task_id,
                    l.items[i].kind, l.items[i].count, prog_output_kind_source(l.items[i].kind),
                    clock_now());
    }
    prog_live_list_release(&l);
    return rc;
}
