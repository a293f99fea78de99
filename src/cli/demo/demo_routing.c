/* demo_routing.c - the demo's routes, desks and the citizen's commune (see demo_routing.h). */
#include <stdio.h>
#include <string.h>
#include "cli/demo/demo_routing.h"
#include "core/assets.h"
#include "core/csv.h"
#include "domain/accounts/account.h"
#include "domain/routing/routing.h"

#define PROBE "1.001193"   /* đăng ký khai sinh: routed once the demo is seeded */
#define DESK_AGENCIES_MAX 64

static const struct audit_actor WHO = {0, "system", "demo"};

static void field(const struct csv_record *rec, size_t i, char *out, size_t size)
{
    struct csv_field f = csv_record_get(rec, i);
    snprintf(out, size, "%.*s", (int)f.len, f.ptr ? f.ptr : "");
}

/* ma_thu_tuc,cap,co_quan_co_tham_quyen,co_quan_thuc_hien,noi_tiep_nhan */
static enum mc_status seed_routes(struct db *db)
{
    const struct asset *a = asset_find("data/demo/routes.csv");
    struct csv_reader r;
    struct csv_record rec;
    enum mc_status st = a ? MC_OK : MC_ERR_NOT_FOUND;
    if (!a)
        return st;
    csv_reader_init_mem(&r, a->data, (size_t)a->len, NULL);
    while (st == MC_OK && (st = csv_reader_next(&r, &rec)) == MC_OK) {
        struct routing_route route;
        struct form_errors errs = {0};
        char code[ROUTING_CODE_MAX + 1], level[16];
        if (rec.number == 1)
            continue;
        memset(&route, 0, sizeof(route));
        field(&rec, 0, code, sizeof(code));
        field(&rec, 1, level, sizeof(level));
        route.level = strcmp(level, "xa") == 0 ? ROUTING_COMMUNE : ROUTING_PROVINCE;
        field(&rec, 2, route.competent, sizeof(route.competent));
        field(&rec, 3, route.implementing, sizeof(route.implementing));
        field(&rec, 4, route.reception, sizeof(route.reception));
        st = routing_set(db, &WHO, code, &route, 1, &errs);
        if (st != MC_OK)
            fprintf(stderr, "data/demo/routes.csv dòng %lu: %s\n", rec.line,
                    form_errors_first(&errs) ? form_errors_first(&errs) : mc_status_name(st));
    }
    csv_reader_release(&r);
    return st == CSV_END ? MC_OK : st;
}

/* noi_tiep_nhan,co_quan: every desk's agencies, in one call per desk. */
static enum mc_status seed_desks(struct db *db)
{
    const struct asset *a = asset_find("data/demo/desks.csv");
    static char agencies[DESK_AGENCIES_MAX][ROUTING_CODE_MAX + 1];
    const char *list[DESK_AGENCIES_MAX];
    char desk[ROUTING_CODE_MAX + 1] = "";
    size_t n = 0;
    struct csv_reader r;
    struct csv_record rec;
    enum mc_status st = a ? MC_OK : MC_ERR_NOT_FOUND;
    if (!a)
        return st;
    csv_reader_init_mem(&r, a->data, (size_t)a->len, NULL);
    while (st == MC_OK && (st = csv_reader_next(&r, &rec)) == MC_OK) {
        if (rec.number == 1)
            continue;
        field(&rec, 0, desk, sizeof(desk));
        if (n < DESK_AGENCIES_MAX) {
            field(&rec, 1, agencies[n], sizeof(agencies[n]));
            list[n] = agencies[n];
            n++;
        }
    }
    csv_reader_release(&r);
    if (st == CSV_END && desk[0]) {
        struct form_errors errs = {0};
        st = routing_desks_set(db, &WHO, desk, list, n, &errs);
        if (st != MC_OK)
            fprintf(stderr, "data/demo/desks.csv: %s\n",
                    form_errors_first(&errs) ? form_errors_first(&errs) : mc_status_name(st));
    }
    return st == CSV_END ? MC_OK : st;
}

enum mc_status demo_routing_seed(struct db *db, const char *citizen, const char *unit)
{
    struct routing_route probe[2];
    size_t n = 0;
    int64_t id = 0;
    char home[ROUTING_CODE_MAX + 1] = "";
    enum mc_status st = routing_routes(db, PROBE, probe, &n);
    if (st == MC_OK && n == 0) {
        st = routing_guess_all(db, &WHO, NULL);
        if (st == MC_OK)
            st = seed_routes(db);
        if (st == MC_OK)
            st = seed_desks(db);
    }
    if (st == MC_OK && account_find_login(db, citizen, &id) == MC_OK &&
        (st = routing_home_unit(db, id, home)) == MC_OK && !home[0])
        st = routing_set_home_unit(db, &WHO, id, unit);
    return st;
}
