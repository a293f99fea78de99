/*
 * test_cli_args.c - unit tests for the argument helpers of cli/cli.h:
 * every argument a known flag (a valued flag takes the next argument, even
 * one that looks like a flag), and whether a flag is present.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "cli/cli.h"

static const char *const valued[] = {"--period", "--unit", NULL};
static const char *const bare[] = {"--freeze", NULL};

static void test_known_flags(void **state)
{
    (void)state;
    char *ok[] = {"kpi", "--period", "2026", "--freeze", "--unit", "--freeze"};
    assert_true(cli_args_known(6, ok, valued, bare));
    assert_true(cli_args_known(1, ok, valued, bare));
    char *unknown[] = {"kpi", "--period", "2026", "--map"};
    assert_false(cli_args_known(4, unknown, valued, bare));
    char *no_value[] = {"kpi", "--freeze", "--period"};
    assert_false(cli_args_known(3, no_value, valued, bare));
    char *stray[] = {"kpi", "2026"};
    assert_false(cli_args_known(2, stray, valued, bare));
}

static void test_has_flag(void **state)
{
    (void)state;
    char *argv[] = {"--freeze", "--period", "2026", "--freeze"};
    assert_true(cli_has_flag(4, argv, "--freeze"));
    assert_false(cli_has_flag(3, argv, "--freeze"));   /* argv[0] is the command's name */
    assert_false(cli_has_flag(4, argv, "--public"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_flags),
        cmocka_unit_test(test_has_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
