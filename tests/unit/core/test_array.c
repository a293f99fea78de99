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

/* Two list kinds defined by the macros, as a module's .c file does. */
struct word {
    char *text;
};

struct word_list {
    struct word *items;
    size_t n, cap;
};

struct num_list {
    int *rows;
    size_t n, cap;
};

void word_list_init(struct word_list *l);
void word_list_release(struct word_list *l);
void num_list_init(struct num_list *l);
void num_list_release(struct num_list *l);

static int words_released;

static void word_release(struct word *w)
{
    free(w->text);
    w->text = NULL;
    words_released++;
}

ARRAY_LIST_DEFINE_EACH(word, items, word_release)
ARRAY_LIST_DEFINE(num, rows)

static void test_list_define_releases_each_element(void **state)
{
    (void)state;
    struct word_list l;
    memset(&l, 0xff, sizeof(l));
    word_list_init(&l);
    assert_null(l.items);
    assert_int_equal(l.n, 0);
    for (int i = 0; i < 10; i++) {
        struct word *w = ARRAY_PUSH(l.items, l.n, l.cap);
        w->text = malloc(4);   /* under ASan: a missed release leaks */
        assert_non_null(w->text);
    }
    words_released = 0;
    word_list_release(&l);
    assert_int_equal(words_released, 10);
    assert_null(l.items);
    assert_int_equal(l.n, 0);
    assert_int_equal(l.cap, 0);
    word_list_release(&l);   /* empty: nothing to do */
    assert_int_equal(words_released, 10);
    word_list_release(NULL);

    struct num_list nl;
    num_list_init(&nl);
    for (int i = 0; i < 20; i++)
        ARRAY_APPEND(nl.rows, nl.n, nl.cap, i);
    num_list_release(&nl);
    assert_null(nl.rows);
    assert_int_equal(nl.n, 0);
    num_list_release(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_zeroes_and_keeps_order),
        cmocka_unit_test(test_grow_reserves_and_append),
        cmocka_unit_test(test_list_release_frees_and_resets),
        cmocka_unit_test(test_list_define_releases_each_element),
    };
    return cmocka_run_group_tests_name("core/array", tests, NULL, NULL);
}
