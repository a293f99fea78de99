/* demo_routing.c - the demo's routes, desks and the citizen's commune (see demo_routing.h). */
#include <stdio.h>
#include <string.h>
#include "cli/demo/demo_routing.h"
#include "cli/demo/demo_rows.h"
#include "core/assets.h"
#include "core/csv.h"
#include "domain/accounts/account.h"
#include "domain/routing/routing.h"

#define PROBE "1.001193"   /* đăng ký khai sinh: routed once the demo is seeded */
#define DESK_AGENCIES_MAX 64

static void field(const struct csv_record *rec, size_t i, char *out, size_t size)
{
    struct csv_field f = csv_record_get(rec, i);
    snprintf(out, size, "%.*s", (int)f.len, f.ptr ? f.ptr : "");
}

/* ma_thu_tuc,cap,co_quan_co_tham_quyen,co_quan_thuc_hien,noi_tiep_nhan */
static enum mc_status seed_route(void *ctx, const struct csv_record *rec)
{
    struct db *db = ctx;
    struct routing_route route;
    struct form_errors errs = {0};
    char code[ROUTING_CODE_MAX + 1], level[16];
    memset(&route, 0, sizeof(route));
    field(rec, 0, code, sizeof(code));
    field(rec, 1, level, sizeof(level));
    route.level = strcmp(level, "xa") == 0 ? ROUTING_COMMUNE : ROUTING_PROVINCE;
    field(rec, 2, route.competent, sizeof(route.competent));
    field(rec, 3, route.implementing, sizeof(route.implementing));
    field(rec, 4, route.reception, sizeof(route.reception));
    enum mc_status st = routing_set(db, &demo_actor, code, &route, 1, &errs);
    if (st != MC_OK)
        fprintf(stderr, "data/demo/routes.csv dòng %lu: %s\n", rec->line,
                form_errors_first(&errs) ? form_errors_first(&errs) : mc_status_name(st));
    return st;
}

/* noi_tiep_nhan,co_quan: one desk's agencies, set in one call. */
struct desk {
    char code[ROUTING_CODE_MAX + 1];
    char agencies[DESK_AGENCIES_MAX][ROUTING_CODE_MAX + 1];
    size_t n;
};

static enum mc_status desk_row(void *ctx, const struct csv_record *rec)
{
    struct desk *d = ctx;
    field(rec, 0, d->code, sizeof(d->code));
    if (d->n < DESK_AGENCIES_MAX) {
        field(rec, 1, d->agencies[d->n], sizeof(d->agencies[d->n]));
        d->n++;
    }
    return MC_OK;
}

static enum mc_status seed_desks(struct db *db)
{
    static struct desk d;
    const char *list[DESK_AGENCIES_MAX];
    memset(&d, 0, sizeof(d));
    enum mc_status st = demo_each_row("data/demo/desks.csv", desk_row, &d);
    if (st == MC_OK && d.code[0]) {
        struct form_errors errs = {0};
        for (size_t i = 0; i < d.n; i++)
            list[i] = d.agencies[i];
        st = routing_desks_set(db, &demo_actor, d.code, list, d.n, &errs);
        if (st != MC_OK)
            fprintf(stderr, "data/demo/desks.csv: %s\n",
                    form_errors_first(&errs) ? form_errors_first(&errs) : mc_status_name(st));
    }
    return st;
}

enum mc_status demo_routing_seed(struct db *db, const char *citizen, const char *unit)
{
    struct routing_route probe[2];
    size_t n = 0;
    int64_t id = 0;
    char home[ROUTING_CODE_MAX + 1] = "";
    enum mc_status st = routing_routes(db, PROBE, probe, &n);
    if (st == MC_OK && n == 0) {
        st = routing_guess_all(db, &demo_actor, NULL);
        if (st == MC_OK)
            st = demo_each_row("data/demo/routes.csv", seed_route, db);
        if (st == MC_OK)
            st = seed_desks(db);
    }
    if (st == MC_OK && account_find_login(db, citizen, &id) == MC_OK &&
        (st = routing_home_unit(db, id, home)) == MC_OK && !home[0])
        st = routing_set_home_unit(db, &demo_actor, id, unit);
    return st;
}
