/*
 * kpi_demo.c - the demo's denominators: adults and community team members
 * for every commune with an agency, operating staff for every agency, for
 * the current year and the one before, so the board shows numbers (see
 * kpi.h, docs/demo-data.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/array.h"
#include "core/clock.h"
#include "domain/calendar/date.h"
#include "domain/kpi/kpi-int.h"

static const struct db_query Q_DEMO_UNITS = {
    "kpi.demo_units",
    "SELECT u.code, 0 FROM units u WHERE u.level = 'commune' AND EXISTS"
    " (SELECT 1 FROM agencies a WHERE a.unit_code = u.code)"
    " UNION ALL SELECT code, 1 FROM agencies ORDER BY 2, 1",
};
static const struct db_query Q_DEMO_ANY = {
    "kpi.demo_any", "SELECT COUNT(*) FROM kpi_denominators WHERE year = ?1",
};

/* A stable, plausible figure for a code: between base and base + spread. */
static int64_t figure(const char *code, int64_t base, int64_t spread)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = code; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return base + (int64_t)(h % (uint64_t)spread);
}

enum mc_status kpi_seed_demo(struct db *db)
{
    struct kpi_den *items = NULL;
    size_t n = 0, cap = 0;
    struct db_stmt *st = NULL;
    int y, m, d;
    int64_t any = 0;
    calendar_date_to_ymd(calendar_date_of(clock_now()), &y, &m, &d);
    enum mc_status rc = db_get_int(db, &Q_DEMO_ANY, &any, "i", (int64_t)y);
    if (rc != MC_OK || any > 0)
        return rc;
    rc = db_query_start(db, &Q_DEMO_UNITS, &st, "");
    while (db_next(st, &rc)) {
        const char *code = db_col_text(st, 0);
        bool agency = db_col_int64(st, 1) != 0;
        for (int year = y - 1; year <= y; year++) {
            struct kpi_den *k = ARRAY_PUSH(items, n, cap);
            snprintf(k->kind, sizeof(k->kind), "%s", agency ? KPI_DEN_STAFF : KPI_DEN_ADULTS);
            snprintf(k->unit, sizeof(k->unit), "%s", code);
            k->year = year;
            k->value = agency ? figure(code, 4, 20) : figure(code, 6000, 14000);
            if (agency)
                continue;
            k = ARRAY_PUSH(items, n, cap);
            snprintf(k->kind, sizeof(k->kind), "%s", KPI_DEN_TEAM);
            snprintf(k->unit, sizeof(k->unit), "%s", code);
            k->year = year;
            k->value = figure(code, 8, 12);
        }
    }
    db_done(st);
    struct audit_actor system = {0, "system", "cli"};
    if (rc == MC_OK && n)
        rc = kpi_den_save(db, items, n, 1, &system, NULL);
    free(items);
    return rc;
}
