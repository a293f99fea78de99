/*
 * test_modules.c - unit tests for app/modules.h: the program's list of
 * modules builds a valid registry; every route a module declares is the
 * one that answers its own URLs (none is hidden by another module's); the
 * staff entries follow their routes' guards; every part is reachable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "app/modules.h"
#include "domain/accounts/account.h"
#include "web/app.h"
#include "web/routes.h"

#define PARTS_MAX 64

static void build(struct web_registry *reg)
{
    const struct web_module *parts[PARTS_MAX];
    char err[512];
    size_t n = app_web_parts(parts, PARTS_MAX);
    assert_int_equal(n, app_modules_count);
    if (web_registry_build(reg, parts, n, err, sizeof(err)) != MC_OK)
        fail_msg("the modules' descriptions do not build: %s", err);
}

/* pattern with every {capture} replaced by "x1": a URL only that pattern's shape matches. */
static void concrete(const char *pattern, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = pattern; *p && n + 3 < size; p++) {
        if (*p == '{') {
            out[n++] = 'x';
            out[n++] = '1';
            p = strchr(p, '}');
            assert_non_null(p);
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
}

static void test_the_list_builds(void **state)
{
    (void)state;
    struct web_registry reg;
    build(&reg);
    size_t routes = 0;
    for (size_t i = 0; i < app_modules_count; i++) {
        const struct app_module *m = &app_modules[i];
        assert_true(m->web || m->cli || m->jobs);
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(app_modules[k].name, m->name);
        if (m->web) {
            assert_string_equal(m->web->name, m->name);
            routes += m->web->nroutes;
            for (size_t k = 0; k < m->web->nroute_files; k++)
                routes += m->web->route_files[k]->n;
        }
    }
    assert_int_equal(reg.nroutes, routes);
    assert_true(reg.nroutes >= 100);
    web_registry_release(&reg);
}

static void test_every_route_answers_its_own_urls(void **state)
{
    (void)state;
    static const unsigned methods[] = {HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_DELETE, HTTP_PATCH};
    struct web_registry reg;
    char path[256];
    build(&reg);
    for (size_t k = 0; k < reg.nroutes; k++) {
        const struct http_route *r = &reg.routes[k];
        concrete(r->pattern, path, sizeof(path));
        for (size_t m = 0; m < MC_ARRAY_LEN(methods); m++) {
            if (!(r->methods & methods[m]))
                continue;
            const struct http_route *got = web_registry_find(&reg, methods[m], path);
            if (!got || got->handler != r->handler || strcmp(got->pattern, r->pattern))
                fail_msg("%s %s of %s is answered by %s", path,
                         methods[m] == HTTP_GET ? "GET" : "POST", r->pattern,
                         got ? got->pattern : "nothing");
        }
    }
    web_registry_release(&reg);
}

/* The registered route behind an entry's href. */
static const struct http_route *route_of(const struct web_registry *reg, const char *href)
{
    char path[256];
    size_t len = strcspn(href, "?");
    assert_true(len < sizeof(path));
    memcpy(path, href, len);
    path[len] = '\0';
    return web_registry_find(reg, HTTP_GET, path);
}

static void test_staff_entries_follow_their_guards(void **state)
{
    (void)state;
    struct web_registry reg;
    build(&reg);
    assert_true(reg.nstaff >= 10);
    for (size_t i = 0; i < reg.nstaff; i++) {
        const struct web_staff_entry *e = reg.staff[i];
        const struct http_route *r = route_of(&reg, e->href);
        assert_non_null(r);
        /* A page only the province admin may open is listed for nobody else. */
        if (r->flags & R_PROVINCE)
            assert_int_equal(e->roles, ROLE_PROVINCE_ADMIN);
        /* Collaborator-only accounts get 403 on officer pages (web.c). */
        if ((r->flags & R_STAFF) && !(r->flags & R_COLLAB))
            assert_int_equal(e->roles & ROLE_COLLABORATOR, 0);
    }
    web_registry_release(&reg);
}

static void test_the_public_menu(void **state)
{
    (void)state;
    static const char *const want[] = {"Trang chủ", "Thủ tục", "Cơ quan", "Tra cứu hồ sơ",
                                       "Phản ánh, kiến nghị", "Hỏi đáp", "Chất lượng phục vụ",
                                       "Chỉ tiêu", "Khảo sát"};
    struct web_registry reg;
    size_t n = 0;
    build(&reg);
    for (size_t i = 0; i < reg.nmenu; i++) {
        if (!web_menu_visible(reg.menu[i], NULL))
            continue;
        assert_true(n < MC_ARRAY_LEN(want));
        assert_string_equal(reg.menu[i]->label, want[n]);
        n++;
    }
    assert_int_equal(n, MC_ARRAY_LEN(want));
    web_registry_release(&reg);
}

static void test_commands_and_kinds_are_unique(void **state)
{
    (void)state;
    size_t commands = 0, imports = 0;
    for (size_t i = 0; i < app_modules_count; i++) {
        const struct cli_module *c = app_modules[i].cli;
        for (size_t k = 0; c && k < c->ncommands; k++) {
            commands++;
            assert_non_null(c->commands[k].main);
            assert_true(strlen(c->commands[k].help) > 0);
            for (size_t j = 0; j < i; j++) {
                const struct cli_module *o = app_modules[j].cli;
                for (size_t q = 0; o && q < o->ncommands; q++)
                    assert_string_not_equal(o->commands[q].name, c->commands[k].name);
            }
        }
        for (size_t k = 0; c && k < c->nimports; k++, imports++)
            assert_non_null(c->imports[k].run);
        const struct jobs_module *j = app_modules[i].jobs;
        for (size_t k = 0; j && k < j->njobs; k++)
            assert_true(j->jobs[k].fn && j->jobs[k].interval_s > 0);
    }
    assert_true(commands >= 5);
    assert_true(imports >= 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_list_builds),
        cmocka_unit_test(test_every_route_answers_its_own_urls),
        cmocka_unit_test(test_staff_entries_follow_their_guards),
        cmocka_unit_test(test_the_public_menu),
        cmocka_unit_test(test_commands_and_kinds_are_unique),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
