/* test_array.c - unit tests for core/array. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include "core/array.h"

struct pair {
    int a;
    char name[8];
};

static void test_push_zeroes_and_keeps_order(void **state)
{
    (void)state;
    struct pair *items = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 1000; i++) {
        struct pair *p = ARRAY_PUSH(items, n, cap);
        assert_int_equal(p->a, 0);
        assert_string_equal(p->name, "");
        p->a = i;
    }
    assert_int_equal(n, 1000);
    assert_true(cap >= 1000 && cap < 2048);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(items[i].a, i);
    free(items);
}

static void test_grow_reserves_and_append(void **state)
{
    (void)state;
    int *v = NULL;
    size_t n = 0, cap = 0;
    ARRAY_GROW(v, 3, cap);
    assert_non_null(v);
    assert_int_equal(cap, 8);        /* the first capacity */
    int *before = v;
    ARRAY_GROW(v, 8, cap);           /* fits: nothing moves */
    assert_ptr_equal(v, before);
    assert_int_equal(cap, 8);
    ARRAY_GROW(v, 100, cap);         /* doubles until it fits */
    assert_int_equal(cap, 128);
    for (int i = 0; i < 5; i++)
        ARRAY_APPEND(v, n, cap, i * i);
    assert_int_equal(n, 5);
    assert_int_equal(v[4], 16);
    free(v);
}

static void test_list_release_frees_and_resets(void **state)
{
    (void)state;
    struct {
        int *items;
        size_t n, cap;
        int64_t total;
    } l = {NULL, 0, 0, 0};
    for (int i = 0; i < 20; i++)
        ARRAY_APPEND(l.items, l.n, l.cap, i);
    l.total = 20;
    array_list_release(&l, sizeof(l), l.items);   /* under ASan: no leak, no double free */
    assert_null(l.items);
    assert_int_equal(l.n, 0);
    assert_int_equal(l.cap, 0);
    assert_int_equal(l.total, 0);
    for (int i = 0; i < 3; i++)   /* usable again, as after its _init */
        ARRAY_APPEND(l.items, l.n, l.cap, i);
    assert_int_equal(l.n, 3);
    array_list_release(&l, sizeof(l), l.items);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_zeroes_and_keeps_order),
        cmocka_unit_test(test_grow_reserves_and_append),
        cmocka_unit_test(test_list_release_frees_and_resets),
    };
    return cmocka_run_group_tests_name("core/array", tests, NULL, NULL);
}
