/*
 * test_demo_staff.c - the demo's staff (data/demo/staff.csv): every demo
 * agency (data/demo/agencies.csv) has a reception officer, a processing
 * officer, an approver and an agency admin, every commune a collaborator,
 * the province an admin; logins are unique; every row's roles parse.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "cli/demo/demo.h"
#include "core/assets.h"
#include "core/csv.h"
#include "domain/accounts/account.h"
#include "domain/accounts/password.h"

#define MAX_ROWS 256

struct row {
    char login[64];
    char agency[64];
    unsigned roles;
};

static size_t read_csv(const char *path, struct row *rows, int login_col, int agency_col,
                       int roles_col)
{
    const struct asset *a = asset_find(path);
    struct csv_reader r;
    struct csv_record rec;
    size_t n = 0;
    assert_non_null(a);
    csv_reader_init_mem(&r, a->data, (size_t)a->len, NULL);
    while (csv_reader_next(&r, &rec) == MC_OK) {
        if (rec.number == 1)
            continue;
        assert_true(n < MAX_ROWS);
        struct row *w = &rows[n++];
        memset(w, 0, sizeof(*w));
        snprintf(w->login, sizeof(w->login), "%s", csv_record_get(&rec, (size_t)login_col).ptr);
        snprintf(w->agency, sizeof(w->agency), "%s",
                 csv_record_get(&rec, (size_t)agency_col).ptr);
        if (roles_col >= 0)
            assert_int_equal(role_parse_list(csv_record_get(&rec, (size_t)roles_col).ptr,
                                             &w->roles),
                             MC_OK);
    }
    csv_reader_release(&r);
    return n;
}

static void test_every_agency_has_every_role(void **state)
{
    (void)state;
    static struct row staff[MAX_ROWS], agencies[MAX_ROWS];
    size_t ns = read_csv("data/demo/staff.csv", staff, 0, 2, 3);
    size_t na = read_csv("data/demo/agencies.csv", agencies, 0, 0, -1);
    unsigned all = 0;
    assert_true(na >= 12);
    for (size_t i = 0; i < na; i++) {
        unsigned want = ROLE_RECEPTION | ROLE_PROCESSING | ROLE_APPROVER | ROLE_AGENCY_ADMIN;
        unsigned have = 0;
        if (agencies[i].agency[0] == 'X')
            want |= ROLE_COLLABORATOR;
        for (size_t j = 0; j < ns; j++)
            if (strcmp(staff[j].agency, agencies[i].agency) == 0)
                have |= staff[j].roles;
        if ((have & want) != want)
            fail_msg("%s lacks roles %#x", agencies[i].agency, want & ~have);
    }
    for (size_t j = 0; j < ns; j++) {
        all |= staff[j].roles;
        for (size_t k = j + 1; k < ns; k++)
            assert_string_not_equal(staff[j].login, staff[k].login);
    }
    assert_true(all & ROLE_PROVINCE_ADMIN);
    /* The demo's own logins stay as the README and other tests know them. */
    static const char *const known[] = {"tiepnhan", "chuyenvien", "lanhdao", "quantri.donvi",
                                        "quantri.tinh", "ctv.dongdang"};
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        bool found = false;
        for (size_t j = 0; j < ns && !found; j++)
            found = strcmp(staff[j].login, known[i]) == 0;
        if (!found)
            fail_msg("%s is missing", known[i]);
    }
}

static void test_demo_password_passes_the_rules(void **state)
{
    (void)state;
    assert_int_equal(password_check(DEMO_PASSWORD, NULL, NULL), MC_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_agency_has_every_role),
        cmocka_unit_test(test_demo_password_passes_the_rules),
    };
    return cmocka_run_group_tests_name("cli/demo/staff", tests, NULL, NULL);
}
