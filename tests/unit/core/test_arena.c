/* test_arena.c - unit tests for core/arena. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/arena.h"

#define N_ALLOCS 5000

static void test_many_allocations(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    static unsigned char *ptrs[N_ALLOCS];
    static size_t sizes[N_ALLOCS];
    size_t expect_used = 0;
    srand(42);
    for (int i = 0; i < N_ALLOCS; i++) {
        /* Mostly small, some exactly at and around the big-block threshold, some large. */
        int kind = rand() % 10;
        size_t n = kind < 7 ? (size_t)(rand() % 200)
                 : kind < 9 ? (size_t)(2040 + rand() % 20)
                            : (size_t)(5000 + rand() % 20000);
        sizes[i] = n;
        ptrs[i] = arena_alloc(a, n);
        assert_non_null(ptrs[i]);
        assert_int_equal((uintptr_t)ptrs[i] % 16, 0);
        memset(ptrs[i], (unsigned char)i, n);
        expect_used += n == 0 ? 16 : (n + 15) / 16 * 16;
    }
    assert_int_equal(arena_used(a), expect_used);
    /* No allocation overwrote another. */
    for (int i = 0; i < N_ALLOCS; i++)
        for (size_t k = 0; k < sizes[i]; k++)
            if (ptrs[i][k] != (unsigned char)i)
                fail_msg("allocation %d byte %zu was overwritten", i, k);
    arena_free(a);
}

static void test_alignment_for_any_type(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    for (size_t n = 0; n < 100; n++) {
        char *c = arena_alloc(a, 1);
        long double *ld = arena_alloc(a, sizeof(long double) * (n + 1));
        assert_int_equal((uintptr_t)c % 16, 0);
        assert_int_equal((uintptr_t)ld % _Alignof(long double), 0);
        assert_int_equal((uintptr_t)ld % 16, 0);
        ld[n] = (long double)n;
    }
    /* Zero bytes still gives a distinct, usable pointer. */
    char *z1 = arena_alloc(a, 0), *z2 = arena_alloc(a, 0);
    assert_ptr_not_equal(z1, z2);
    /* Big blocks do not disturb the current small block. */
    char *s1 = arena_alloc(a, 16);
    char *big = arena_alloc(a, 100000);
    char *s2 = arena_alloc(a, 16);
    assert_int_equal((uintptr_t)big % 16, 0);
    assert_ptr_equal(s2, s1 + 16);
    memset(big, 1, 100000);
    arena_free(a);
    /* A first allocation that is big. */
    a = arena_new();
    big = arena_alloc(a, 9000);
    memset(big, 2, 9000);
    s1 = arena_alloc(a, 10);
    memset(s1, 3, 10);
    assert_int_equal(big[8999], 2);
    arena_free(a);
    arena_free(NULL);
}

static void test_calloc_zeroes(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    for (int round = 0; round < 20; round++) {
        unsigned char *p = arena_calloc(a, 37, 13);
        for (size_t i = 0; i < 37 * 13; i++)
            assert_int_equal(p[i], 0);
        memset(p, 0xff, 37 * 13);
    }
    unsigned char *big = arena_calloc(a, 1000, 10);
    for (size_t i = 0; i < 10000; i++)
        assert_int_equal(big[i], 0);
    assert_non_null(arena_calloc(a, 0, 8));
    arena_free(a);
}

static void test_strings(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    const char src[] = {'a', 'b', 'c', 'd'};   /* not NUL-terminated */
    char *s = arena_strndup(a, src, 3);
    assert_string_equal(s, "abc");
    s = arena_strndup(a, src, 0);
    assert_string_equal(s, "");
    s = arena_strndup(a, "x\0y", 3);
    assert_memory_equal(s, "x\0y\0", 4);
    s = arena_strdup(a, "Thủ tục hành chính");
    assert_string_equal(s, "Thủ tục hành chính");
    s = arena_printf(a, "%s-%05d-%.2f", "HS", 42, 1.5);
    assert_string_equal(s, "HS-00042-1.50");
    s = arena_printf(a, "%s", "");
    assert_string_equal(s, "");
    /* Longer than a block. */
    char long_src[20001];
    memset(long_src, 'q', sizeof(long_src) - 1);
    long_src[20000] = '\0';
    s = arena_printf(a, "<%s>", long_src);
    assert_int_equal(strlen(s), 20002);
    assert_int_equal(s[0], '<');
    assert_int_equal(s[20001], '>');
    s = arena_strdup(a, long_src);
    assert_string_equal(s, long_src);
    arena_free(a);
}

/* ---------------------------------------------------------------- defers */

struct order {
    int seen[16];
    int n;
};

struct defer_arg {
    struct order *order;
    int id;
    char *text;   /* arena memory: still readable when the defer runs */
};

static void record(void *p)
{
    struct defer_arg *d = p;
    assert_string_equal(d->text, "alive");
    d->order->seen[d->order->n++] = d->id;
}

static void test_defers_reverse_order(void **state)
{
    (void)state;
    struct order order = {0};
    struct arena *a = arena_new();
    for (int i = 0; i < 10; i++) {
        struct defer_arg *d = arena_alloc(a, sizeof(*d));
        d->order = &order;
        d->id = i;
        d->text = arena_strdup(a, "alive");
        arena_defer(a, record, d);
        arena_alloc(a, 3000);   /* defers survive big blocks in between */
    }
    assert_int_equal(order.n, 0);   /* nothing runs before arena_free */
    arena_free(a);
    assert_int_equal(order.n, 10);
    for (int i = 0; i < 10; i++)
        assert_int_equal(order.seen[i], 9 - i);
}

static int free_calls;
static void count_free(void *p)
{
    free(p);
    free_calls++;
}

static void test_defer_releases_resources(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    free_calls = 0;
    arena_defer(a, count_free, malloc(100));   /* ASan reports a leak if it never runs */
    arena_defer(a, count_free, NULL);
    arena_free(a);
    assert_int_equal(free_calls, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_allocations),
        cmocka_unit_test(test_alignment_for_any_type),
        cmocka_unit_test(test_calloc_zeroes),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_defers_reverse_order),
        cmocka_unit_test(test_defer_releases_resources),
    };
    return cmocka_run_group_tests_name("core/arena", tests, NULL, NULL);
}
