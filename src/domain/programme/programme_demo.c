/*
 * programme_demo.c - the demo province's programme for `motcua demo` (see
 * prog_seed_demo in programme.h): the Lạng Sơn sample's organisations
 * (data/demo/programme-organisations.csv, linked to the demo agencies of
 * the same codes), a sample plan with tasks given to them
 * (data/demo/programme-plan.*), a little recorded progress, and a yearly
 * report cycle due thirty days after the demo is loaded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assets.h"
#include "core/clock.h"
#include "domain/programme/programme.h"
#include "domain/programme/programme_report.h"

#define DEMO_PLAN "langson-mau-2025"

static const struct db_query Q_HAS_CYCLE = {
    "programme.demo_has_cycle", "SELECT count(*) FROM report_cycles WHERE plan_id = ?1",
};

/* A staff member acting for agency with roles, for the sample's writes. */
static void demo_user(struct user *u, const char *agency, unsigned roles)
{
    memset(u, 0, sizeof(*u));
    u->kind = USER_STAFF;
    snprintf(u->agency_code, sizeof(u->agency_code), "%s", agency);
    u->roles = roles;
}

/* Some progress on the first tasks, so the pages show something. */
static enum mc_status demo_progress(struct db *db, int64_t plan_id,
                                    const struct audit_actor *who)
{
    struct prog_task_list l;
    struct user u;
    struct form_errors errs;
    struct prog_update up = {PROG_IN_PROGRESS, 20000000, 6500000,
                             "Đã đăng 12 tin bài và 2 video hướng dẫn trên trang thông tin "
                             "điện tử của Sở."};
    enum mc_status rc;

    prog_task_list_init(&l);
    form_errors_clear(&errs);
    demo_user(&u, "T20.STP", ROLE_AGENCY_ADMIN);
    rc = prog_task_list(db, plan_id, "T20.STP", &l);
    for (size_t i = 0; rc == MC_OK && i < l.n && i < 1; i++) {
        rc = prog_progress_save(db, &u, l.items[i].id, "T20.STP", &up, who, &errs);
        if (rc == MC_OK)
            rc = prog_output_set(db, &u, l.items[i].id, "T20.STP", 2026, "tin_bai", 12, NULL, who);
        if (rc == MC_OK)
            rc = prog_output_set(db, &u, l.items[i].id, "T20.STP", 2026, "video", 2, NULL, who);
    }
    prog_task_list_release(&l);
    return rc;
}

enum mc_status prog_seed_demo(struct db *db)
{
    static const struct audit_actor who = {0, "system", "demo"};
    struct import_report rep;
    const struct asset *orgs = asset_find("data/demo/programme-organisations.csv");
    const struct asset *plan = asset_find("data/demo/programme-plan.json");
    const struct asset *tasks = asset_find("data/demo/programme-plan.csv");
    struct form_errors errs;
    struct user admin;
    int64_t plan_id = 0;
    int64_t cycles = 0;
    int64_t cycle_id = 0;
    char due[PROG_DAY_SIZE];
    char title[128];
    char year[8];
    enum mc_status rc;

    import_report_init(&rep);
    form_errors_clear(&errs);
    if (!orgs || !plan || !tasks)
        return MC_ERR_NOT_FOUND;
    rc = org_load_shipped(db, NULL, &rep);
    if (rc == MC_OK)
        rc = org_import_csv(db, orgs->data, (size_t)orgs->len, &rep);
    if (rc == MC_OK)
        rc = prog_plan_import(db, plan->data, (size_t)plan->len, tasks->data,
                              (size_t)tasks->len, &who, &rep, &plan_id);
    if (rc == MC_OK)
        rc = db_get_int(db, &Q_HAS_CYCLE, &cycles, "i", plan_id);
    if (rc != MC_OK || cycles > 0)
        goto out;
    rc = demo_progress(db, plan_id, &who);
    demo_user(&admin, "T20.VP", ROLE_PROVINCE_ADMIN);
    prog_today(due);
    snprintf(year, sizeof(year), "%.4s", due);
    {
        char iso[40];
        clock_format_iso(clock_now() + 30 * 86400, iso, sizeof(iso));
        snprintf(due, sizeof(due), "%.10s", iso);
    }
    snprintf(title, sizeof(title), "Báo cáo kết quả thực hiện Kế hoạch năm %s", year);
    if (rc == MC_OK)
        rc = prog_cycle_create(db, &admin, plan_id, false, (int)strtol(year, NULL, 10), title,
                               due, &who, &errs, &cycle_id);
out:
    import_report_release(&rep);
    return rc;
}
