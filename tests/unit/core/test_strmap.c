/* test_strmap.c - unit tests for core/strmap. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strmap.h"

static void test_put_keeps_the_first_value(void **state)
{
    struct strmap m;
    int64_t v = 0;
    (void)state;
    strmap_init(&m);
    assert_false(strmap_get(&m, "k", 1, NULL));   /* empty map: no table yet */
    for (int i = 0; i < 1000; i++) {
        char k[16];
        snprintf(k, sizeof(k), "k%d", i);
        assert_int_equal(strmap_put(&m, k, strlen(k), i), i);
    }
    assert_int_equal(m.n, 1000);
    assert_int_equal(strmap_put(&m, "k5", 2, 99), 5);
    assert_true(strmap_get(&m, "k999", 4, &v));
    assert_int_equal(v, 999);
    assert_false(strmap_get(&m, "k1000", 5, NULL));
    assert_false(strmap_get(&m, "k99", 1, NULL));   /* "k" is a prefix, not a key */
    strmap_release(&m);
    assert_int_equal(m.n, 0);
    assert_false(strmap_get(&m, "k5", 2, NULL));
}

static void test_set_overwrites(void **state)
{
    struct strmap m;
    int64_t v = 0;
    (void)state;
    strmap_init(&m);
    strmap_set(&m, "thủ tục", strlen("thủ tục"), 1);
    strmap_set(&m, "thủ tục", strlen("thủ tục"), 2);
    assert_int_equal(m.n, 1);
    assert_true(strmap_get(&m, "thủ tục", strlen("thủ tục"), &v));
    assert_int_equal(v, 2);
    strmap_release(&m);
}

static void test_keys_are_bytes(void **state)
{
    struct strmap m;
    int64_t v = 0;
    (void)state;
    strmap_init(&m);
    strmap_put(&m, "a\0b", 3, 1);
    strmap_put(&m, "a\0c", 3, 2);
    strmap_put(&m, "", 0, 3);
    assert_int_equal(m.n, 3);
    assert_true(strmap_get(&m, "a\0c", 3, &v));
    assert_int_equal(v, 2);
    assert_false(strmap_get(&m, "a", 1, NULL));
    assert_true(strmap_get(&m, "", 0, &v));
    assert_int_equal(v, 3);
    strmap_release(&m);
}

static void test_next_visits_every_key_once(void **state)
{
    struct strmap m;
    bool seen[300] = {false};
    size_t pos = 0, len = 0, count = 0;
    const char *key;
    int64_t v;
    (void)state;
    strmap_init(&m);
    for (int i = 0; i < 300; i++) {
        char k[16];
        snprintf(k, sizeof(k), "%d", i * 7);
        strmap_put(&m, k, strlen(k), i);
    }
    while (strmap_next(&m, &pos, &key, &len, &v)) {
        assert_in_range(v, 0, 299);
        assert_false(seen[v]);
        seen[v] = true;
        assert_int_equal(strtol(key, NULL, 10), v * 7);
        assert_int_equal(len, strlen(key));
        count++;
    }
    assert_int_equal(count, 300);
    assert_false(strmap_next(&m, &pos, NULL, NULL, NULL));   /* stays at the end */
    strmap_release(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_keeps_the_first_value),
        cmocka_unit_test(test_set_overwrites),
        cmocka_unit_test(test_keys_are_bytes),
        cmocka_unit_test(test_next_visits_every_key_once),
    };
    return cmocka_run_group_tests_name("core/strmap", tests, NULL, NULL);
}
