/*
 * test_routes.c - unit tests for web/routes.h: the route table built from
 * module descriptions (their own tables and their resource files') keeps
 * literal segments before captures whatever the modules' order, refuses
 * duplicates and entries that link nowhere, orders the menu, and shows
 * menu and staff entries to the right people.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "domain/accounts/account.h"
#include "web/routes.h"

static unsigned h1(struct http_request *req)
{
    (void)req;
    return 201;
}

static unsigned h2(struct http_request *req)
{
    (void)req;
    return 202;
}

static unsigned h3(struct http_request *req)
{
    (void)req;
    return 203;
}

/* The handler's mark (its status) of the route answering method path, 0 for none. */
static unsigned answer(const struct web_registry *reg, unsigned method, const char *path)
{
    const struct http_route *r = web_registry_find(reg, method, path);
    return r ? r->handler(NULL) : 0;
}

static void build_ok(struct web_registry *reg, const struct web_module *const *mods, size_t n)
{
    char err[256];
    enum mc_status st = web_registry_build(reg, mods, n, err, sizeof(err));
    if (st != MC_OK)
        fail_msg("build failed: %s", err);
}

static void test_literal_segments_come_before_captures(void **state)
{
    (void)state;
    /* The capture is registered first, by another module: the literal still wins. */
    static const struct http_route a_routes[] = {
        {HTTP_GET, "/ho-so/{code}", h1, 0, 0},
        {HTTP_GET, "/x/{a}/lit", h1, 0, 0},
        {HTTP_GET, "/x/{a}/{b}", h1, 0, 0},
    };
    static const struct http_route b_routes[] = {
        {HTTP_GET, "/ho-so/nhap", h2, 0, 0},
        {HTTP_GET, "/x/lit/{b}", h2, 0, 0},
    };
    static const struct web_module a = {"a", WEB_LIST(a_routes), NULL, 0, NULL, 0};
    static const struct web_module b = {"b", WEB_LIST(b_routes), NULL, 0, NULL, 0};
    const struct web_module *mods[] = {&a, &b};
    struct web_registry reg;
    build_ok(&reg, mods, 2);
    assert_int_equal(reg.nroutes, 5);
    assert_int_equal(answer(&reg, HTTP_GET, "/ho-so/nhap"), 202);
    assert_int_equal(answer(&reg, HTTP_GET, "/ho-so/T20.STP-260101-0001"), 201);
    /* Both "/x/lit/{b}" and "/x/{a}/lit" match: the first difference decides. */
    assert_int_equal(answer(&reg, HTTP_GET, "/x/lit/lit"), 202);
    assert_int_equal(answer(&reg, HTTP_GET, "/x/y/lit"), 201);
    assert_int_equal(answer(&reg, HTTP_GET, "/x/y/z"), 201);
    assert_int_equal(answer(&reg, HTTP_GET, "/x/y"), 0);
    assert_int_equal(answer(&reg, HTTP_HEAD, "/ho-so/nhap"), 202);
    assert_int_equal(answer(&reg, HTTP_POST, "/ho-so/nhap"), 0);
    web_registry_release(&reg);
}

/* A module's resource files' tables join the table, and are checked like its own. */
static void test_route_files_join_the_table(void **state)
{
    (void)state;
    static const struct http_route page_routes[] = {
        {HTTP_GET, "/khao-sat/{id}", h1, 0, 0},
        {HTTP_POST, "/khao-sat/{id}", h2, 0, 0},
    };
    static const struct http_route api_routes[] = {{HTTP_GET, "/api/khao-sat", h3, 0, 0}};
    static const struct http_route own[] = {{HTTP_GET, "/khao-sat/moi", h3, 0, 0}};
    static const struct web_routes page = WEB_ROUTES(page_routes);
    static const struct web_routes api = WEB_ROUTES(api_routes);
    static const struct web_routes *const files[] = {&page, &api};
    static const struct web_module m = {.name = "m", .routes = WEB_LIST(own),
                                        .route_files = WEB_LIST(files)};
    static const struct web_routes again = WEB_ROUTES(own);
    static const struct web_routes *const twice[] = {&again};
    static const struct web_module dup = {.name = "dup", .route_files = WEB_LIST(twice)};
    const struct web_module *mods[] = {&m, &dup};
    struct web_registry reg;
    char err[256];
    build_ok(&reg, mods, 1);
    assert_int_equal(reg.nroutes, 4);
    assert_int_equal(answer(&reg, HTTP_GET, "/khao-sat/7"), 201);
    assert_int_equal(answer(&reg, HTTP_POST, "/khao-sat/7"), 202);
    assert_int_equal(answer(&reg, HTTP_GET, "/khao-sat/moi"), 203);
    assert_int_equal(answer(&reg, HTTP_GET, "/api/khao-sat"), 203);
    web_registry_release(&reg);
    assert_int_equal(web_registry_build(&reg, mods, 2, err, sizeof(err)), MC_ERR_INVALID);
    assert_non_null(strstr(err, "/khao-sat/moi is registered twice"));
}

static void test_routes_of_one_shape_keep_their_order(void **state)
{
    (void)state;
    static const struct http_route routes[] = {
        {HTTP_GET, "/a/{x}", h1, 0, 0},
        {HTTP_GET, "/a/{y}", h2, 0, 0},
        {HTTP_POST, "/a/{x}", h3, 0, 1024},
    };
    static const struct web_module m = {"m", WEB_LIST(routes), NULL, 0, NULL, 0};
    const struct web_module *mods[] = {&m};
    struct web_registry reg;
    build_ok(&reg, mods, 1);
    assert_int_equal(answer(&reg, HTTP_GET, "/a/b"), 201);
    assert_int_equal(answer(&reg, HTTP_POST, "/a/b"), 203);
    web_registry_release(&reg);
}

static void test_a_route_registered_twice_is_refused(void **state)
{
    (void)state;
    static const struct http_route a_routes[] = {{HTTP_GET, "/khao-sat", h1, 0, 0}};
    static const struct http_route b_routes[] = {{HTTP_GET | HTTP_POST, "/khao-sat", h2, 0, 0}};
    static const struct web_module a = {"a", WEB_LIST(a_routes), NULL, 0, NULL, 0};
    static const struct web_module b = {"b", WEB_LIST(b_routes), NULL, 0, NULL, 0};
    const struct web_module *mods[] = {&a, NULL, &b};
    struct web_registry reg;
    char err[256];
    assert_int_equal(web_registry_build(&reg, mods, 3, err, sizeof(err)), MC_ERR_INVALID);
    assert_non_null(strstr(err, "/khao-sat"));
    assert_non_null(strstr(err, "module b"));
    assert_null(reg.routes);
    assert_int_equal(reg.nroutes, 0);
}

static void test_entries_must_link_a_get_route(void **state)
{
    (void)state;
    static const struct http_route routes[] = {
        {HTTP_GET, "/quan-tri/ho-so", h1, 0, 0},
        {HTTP_POST, "/quan-tri/gui", h2, 0, 1024},
    };
    static const struct web_staff_entry good[] = {
        {"Hồ sơ", "/quan-tri/ho-so?hang=qua-han", "Quá hạn", NULL, ROLE_RECEPTION, NULL, NULL,
         NULL},
    };
    static const struct web_staff_entry post_only[] = {
        {"Hồ sơ", "/quan-tri/gui", "Gửi", NULL, ROLE_RECEPTION, NULL, NULL, NULL},
    };
    static const struct web_staff_entry no_roles[] = {
        {"Hồ sơ", "/quan-tri/ho-so", "Tất cả", NULL, 0, NULL, NULL, NULL},
    };
    static const struct web_menu_entry nowhere[] = {{10, "/khong-co", "Không có", WEB_EVERYONE}};
    static const struct web_module ok = {"ok", WEB_LIST(routes), NULL, 0, WEB_LIST(good)};
    static const struct web_module bad1 = {"bad1", WEB_LIST(routes), NULL, 0,
                                           WEB_LIST(post_only)};
    static const struct web_module bad2 = {"bad2", WEB_LIST(routes), NULL, 0,
                                           WEB_LIST(no_roles)};
    static const struct web_module bad3 = {"bad3", WEB_LIST(routes), WEB_LIST(nowhere), NULL,
                                           0};
    const struct web_module *bad[] = {&bad1, &bad2, &bad3};
    struct web_registry reg;
    char err[256];
    const struct web_module *mods[] = {&ok};
    build_ok(&reg, mods, 1);
    assert_int_equal(reg.nstaff, 1);
    web_registry_release(&reg);
    for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
        assert_int_equal(web_registry_build(&reg, &bad[i], 1, err, sizeof(err)),
                         MC_ERR_INVALID);
        assert_non_null(strstr(err, bad[i]->name));
    }
}

static void test_menu_follows_order_then_modules(void **state)
{
    (void)state;
    static const struct http_route routes[] = {
        {HTTP_GET, "/", h1, 0, 0}, {HTTP_GET, "/a", h1, 0, 0}, {HTTP_GET, "/b", h1, 0, 0},
        {HTTP_GET, "/c", h1, 0, 0},
    };
    static const struct web_menu_entry m1[] = {{30, "/c", "C", WEB_EVERYONE},
                                               {10, "/", "Trang chủ", WEB_EVERYONE}};
    static const struct web_menu_entry m2[] = {{20, "/a", "A", WEB_EVERYONE},
                                               {30, "/b", "B", WEB_EVERYONE}};
    static const struct web_module one = {"one", WEB_LIST(routes), WEB_LIST(m1), NULL, 0};
    static const struct web_module two = {"two", NULL, 0, WEB_LIST(m2), NULL, 0};
    const struct web_module *mods[] = {&one, &two};
    struct web_registry reg;
    build_ok(&reg, mods, 2);
    assert_int_equal(reg.nmenu, 4);
    const char *want[] = {"/", "/a", "/c", "/b"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(reg.menu[i]->href, want[i]);
    web_registry_release(&reg);
}

static void test_stylesheets_must_be_embedded(void **state)
{
    (void)state;
    static const struct web_module good = {.name = "good", .stylesheet = "/static/site.css"};
    static const struct web_module none = {.name = "none"};
    static const struct web_module missing = {.name = "missing",
                                              .stylesheet = "/static/khong-co.css"};
    static const struct web_module outside = {.name = "outside",
                                              .stylesheet = "/templates/layout.html"};
    const struct web_module *ok[] = {&good, &none};
    const struct web_module *bad[] = {&missing, &outside};
    struct web_registry reg;
    char err[256];
    build_ok(&reg, ok, 2);
    assert_int_equal(reg.nstyles, 1);
    assert_string_equal(reg.styles[0], "/static/site.css");
    web_registry_release(&reg);
    for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
        assert_int_equal(web_registry_build(&reg, &bad[i], 1, err, sizeof(err)),
                         MC_ERR_INVALID);
        assert_non_null(strstr(err, "stylesheet"));
    }
}

static bool has_agency(const struct user *u)
{
    return u->agency_code[0] != '\0';
}

static void test_who_sees_which_entry(void **state)
{
    (void)state;
    struct user citizen = {.kind = USER_CITIZEN};
    struct user officer = {.kind = USER_STAFF, .roles = ROLE_RECEPTION};
    struct user collab = {.kind = USER_STAFF, .roles = ROLE_COLLABORATOR};
    struct user both = {.kind = USER_STAFF, .roles = ROLE_PROCESSING | ROLE_COLLABORATOR};
    struct web_menu_entry everyone = {10, "/", "Trang chủ", WEB_EVERYONE};
    struct web_menu_entry applicant = {130, "/ho-so", "Hồ sơ của tôi", WEB_APPLICANT};
    struct web_menu_entry officers = {110, "/quan-tri/ho-so", "Hồ sơ", WEB_OFFICER};
    struct web_menu_entry collabs = {120, "/cong-tac-vien", "Cộng tác viên", WEB_COLLABORATOR};
    assert_true(web_menu_visible(&everyone, NULL));
    assert_true(web_menu_visible(&everyone, &collab));
    assert_false(web_menu_visible(&applicant, NULL));
    assert_true(web_menu_visible(&applicant, &citizen));
    assert_false(web_menu_visible(&applicant, &officer));
    assert_true(web_menu_visible(&officers, &officer));
    assert_false(web_menu_visible(&officers, &collab));
    assert_false(web_menu_visible(&officers, &citizen));
    assert_true(web_menu_visible(&collabs, &collab));
    assert_true(web_menu_visible(&collabs, &both));
    assert_true(web_menu_visible(&officers, &both));
    assert_false(web_menu_visible(&collabs, &officer));

    struct web_staff_entry intake = {"Hồ sơ", "/quan-tri/ho-so/tiep-nhan", "Tiếp nhận", NULL,
                                     ROLE_RECEPTION | ROLE_AGENCY_ADMIN, has_agency, NULL, NULL};
    assert_false(web_staff_visible(&intake, &officer));   /* no agency */
    snprintf(officer.agency_code, sizeof(officer.agency_code), "T20.STP");
    assert_true(web_staff_visible(&intake, &officer));
    snprintf(both.agency_code, sizeof(both.agency_code), "T20.STP");
    assert_false(web_staff_visible(&intake, &both));      /* no role for it */
    citizen.roles = ROLE_RECEPTION;                        /* roles count for staff only */
    assert_false(web_staff_visible(&intake, &citizen));
    assert_false(web_staff_visible(&intake, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literal_segments_come_before_captures),
        cmocka_unit_test(test_route_files_join_the_table),
        cmocka_unit_test(test_routes_of_one_shape_keep_their_order),
        cmocka_unit_test(test_a_route_registered_twice_is_refused),
        cmocka_unit_test(test_entries_must_link_a_get_route),
        cmocka_unit_test(test_menu_follows_order_then_modules),
        cmocka_unit_test(test_stylesheets_must_be_embedded),
        cmocka_unit_test(test_who_sees_which_entry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
