/* test_ratelimit.c - unit tests for core/ratelimit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/ratelimit.h"

static struct ratelimit rl = RATELIMIT_INIT(60, 3);

static int reset(void **state)
{
    (void)state;
    ratelimit_reset(&rl);
    return 0;
}

static void test_limit_per_key_and_window(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++)
        assert_true(ratelimit_hit(&rl, "10.0.0.1", 100));
    assert_true(ratelimit_over(&rl, "10.0.0.1", 120));
    assert_false(ratelimit_hit(&rl, "10.0.0.1", 120));
    assert_false(ratelimit_over(&rl, "10.0.0.2", 120));   /* another key, its own count */
    assert_false(ratelimit_over(&rl, "10.0.0.1", 160));   /* a new window */
    assert_true(ratelimit_hit(&rl, "10.0.0.1", 160));
}

/* Many keys (more than the old 512 slots) never reset each other's counts. */
static void test_keys_never_share_a_counter(void **state)
{
    char key[32];
    (void)state;
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 2000; i++) {
            snprintf(key, sizeof(key), "127.%d.%d.1", i / 250, i % 250);
            assert_true(ratelimit_hit(&rl, key, 10));
        }
    for (int i = 0; i < 2000; i++) {
        snprintf(key, sizeof(key), "127.%d.%d.1", i / 250, i % 250);
        assert_true(ratelimit_over(&rl, key, 11));
    }
}

/* A table full of live keys refuses new ones; expired slots are reused. */
static void test_full_table_fails_closed(void **state)
{
    char key[32];
    (void)state;
    for (int i = 0; i < RATELIMIT_SLOTS; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        assert_true(ratelimit_hit(&rl, key, 10));
    }
    assert_false(ratelimit_hit(&rl, "newcomer", 10));
    assert_true(ratelimit_over(&rl, "newcomer", 10));
    assert_true(ratelimit_hit(&rl, "newcomer", 100));   /* the others' windows passed */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_limit_per_key_and_window, reset),
        cmocka_unit_test_setup(test_keys_never_share_a_counter, reset),
        cmocka_unit_test_setup(test_full_table_fails_closed, reset),
    };
    return cmocka_run_group_tests_name("core/ratelimit", tests, NULL, NULL);
}
