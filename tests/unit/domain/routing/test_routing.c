/* test_routing.c - unit tests for domain/routing: the guess, options, desks, defaults. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "../../testdb.h"
#include "core/assets.h"
#include "core/import_report.h"
#include "core/mem.h"
#include "domain/catalog/catalog.h"
#include "domain/routing/routing.h"
#include "domain/units/unit.h"

static void save(struct db *db, const char *code, unsigned levels, const char *competent,
                 const char *implementing)
{
    struct procedure p;
    procedure_init(&p);
    p.code = xstrdup(code);
    p.name = xstrdup("Thủ tục thử");
    p.levels = levels;
    p.competent_agency = competent ? xstrdup(competent) : NULL;
    p.implementing_agency = implementing ? xstrdup(implementing) : NULL;
    assert_int_equal(catalog_save(db, NULL, &p, NULL, NULL), MC_OK);
    procedure_release(&p);
}

static int setup(void **state)
{
    struct test_db *t = calloc(1, sizeof(*t));
    const struct asset *units = asset_find("data/demo/units.json");
    const struct asset *agencies = asset_find("data/demo/agencies.csv");
    struct import_report rep;
    if (!t || !units || !agencies || test_db_open(t, "routing") != 0)
        return -1;
    import_report_init(&rep);
    enum mc_status st = units_import_json(t->db, units->data, (size_t)units->len, &rep);
    if (st == MC_OK)
        st = agencies_import_csv(t->db, agencies->data, (size_t)agencies->len, &rep);
    import_report_release(&rep);
    if (st != MC_OK)
        return -1;
    save(t->db, "1.001193", PROC_LEVEL_COMMUNE, "Ủy ban nhân dân cấp xã",
         "Ủy ban nhân dân cấp xã nơi cư trú của cha hoặc mẹ");
    save(t->db, "2.000635", PROC_LEVEL_PROVINCE | PROC_LEVEL_COMMUNE,
         "Ủy ban nhân dân cấp xã; Sở Tư pháp", NULL);
    save(t->db, "3.000347", PROC_LEVEL_MINISTRY, "Cục Cảnh sát giao thông, Bộ Công an",
         "Phòng Cảnh sát giao thông Công an tỉnh; Công an cấp xã");
    save(t->db, "1.004222", PROC_LEVEL_COMMUNE, "Công an cấp xã", "Công an cấp xã");
    save(t->db, "2.002000", PROC_LEVEL_PROVINCE, "Chủ tịch UBND cấp tỉnh", NULL);
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    struct test_db *t = *state;
    test_db_close(t);
    free(t);
    return 0;
}

static void routes_of(struct db *db, const char *code, char out[64])
{
    struct routing_route r[2];
    size_t n = 0;
    out[0] = '\0';
    assert_int_equal(routing_routes(db, code, r, &n), MC_OK);
    for (size_t i = 0; i < n; i++)
        snprintf(out + strlen(out), 64 - strlen(out), "%s%s:%s", i ? " " : "",
                 routing_level_code(r[i].level), r[i].competent);
}

static void test_guess_reads_the_catalogue_text(void **state)
{
    struct test_db *t = *state;
    struct routing_guess_report rep;
    char got[64];
    assert_int_equal(routing_guess_all(t->db, NULL, &rep), MC_OK);
    assert_int_equal(rep.procedures, 5);
    assert_int_equal(rep.unrouted, 1);   /* Công an cấp xã: no such agency here */
    routes_of(t->db, "1.001193", got);
    assert_string_equal(got, "commune:");
    routes_of(t->db, "2.000635", got);
    assert_string_equal(got, "province:T20.STP commune:");
    routes_of(t->db, "3.000347", got);
    assert_string_equal(got, "province:T20.CA");   /* from the implementing text */
    routes_of(t->db, "2.002000", got);
    assert_string_equal(got, "province:T20.UBND");  /* "cấp tỉnh" read as "tỉnh" */
    routes_of(t->db, "1.004222", got);
    assert_string_equal(got, "");
}

static void test_admin_routes_survive_a_guess(void **state)
{
    struct test_db *t = *state;
    struct routing_route r = {.level = ROUTING_PROVINCE};
    struct form_errors errs = {0};
    char got[64];
    snprintf(r.competent, sizeof(r.competent), "KHONG.CO");
    assert_int_equal(routing_set(t->db, NULL, "1.004222", &r, 1, &errs), MC_ERR_INVALID);
    assert_non_null(form_errors_of(&errs, "province_competent"));
    snprintf(r.competent, sizeof(r.competent), "T20.CA");
    assert_int_equal(routing_set(t->db, NULL, "1.004222", &r, 1, &errs), MC_OK);
    assert_int_equal(routing_guess_all(t->db, NULL, NULL), MC_OK);
    routes_of(t->db, "1.004222", got);
    assert_string_equal(got, "province:T20.CA");
}

static void test_options_desks_and_default(void **state)
{
    struct test_db *t = *state;
    struct routing_options o;
    struct routing_option one;
    struct form_errors errs = {0};
    const char *served[] = {"T20.STP"};
    assert_int_equal(routing_guess_all(t->db, NULL, NULL), MC_OK);
    assert_int_equal(routing_desks_set(t->db, NULL, "T20.TTPVHCC", served, 1, &errs), MC_OK);
    routing_options_init(&o);
    assert_int_equal(routing_options(t->db, "2.000635", &o), MC_OK);
    assert_int_equal(o.n, 5);   /* the department, then the four communes */
    assert_string_equal(o.items[0].agency_code, "T20.STP");
    assert_string_equal(o.items[0].reception_code, "T20.TTPVHCC");
    assert_int_equal(o.items[1].level, ROUTING_COMMUNE);
    assert_int_equal(routing_default(&o, NULL), 0);       /* the only provincial one */
    size_t home = routing_default(&o, "06184");
    assert_true(home >= 1 && home < o.n);
    assert_string_equal(o.items[home].agency_code, "X06184.UBND");
    routing_options_release(&o);
    assert_int_equal(routing_options(t->db, "1.001193", &o), MC_OK);
    assert_int_equal(o.n, 4);
    assert_int_equal(routing_default(&o, NULL), (size_t)-1);   /* the citizen chooses */
    routing_options_release(&o);
    assert_int_equal(routing_resolve(t->db, "1.001193", "X05977.UBND", &one), MC_OK);
    assert_string_equal(one.unit_code, "05977");
    assert_string_equal(one.reception_code, "");
    assert_int_equal(routing_resolve(t->db, "1.001193", "T20.STP", &one), MC_ERR_NOT_FOUND);
    assert_int_equal(routing_resolve(t->db, "1.004222", "T20.CA", &one), MC_ERR_NOT_FOUND);
    /* A desk cannot receive for itself or for an unknown agency. */
    const char *bad[] = {"T20.TTPVHCC"};
    assert_int_equal(routing_desks_set(t->db, NULL, "T20.TTPVHCC", bad, 1, &errs),
                     MC_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_guess_reads_the_catalogue_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_admin_routes_survive_a_guess, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_desks_and_default, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
