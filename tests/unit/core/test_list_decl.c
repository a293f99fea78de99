/* test_list_decl.c - unit tests for core/list_decl.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "core/array.h"
#include "core/list_decl.h"

struct word {
    char *text;
};

LIST_DECLARE(word, word);

static int released;

static void word_release(struct word *w)
{
    free(w->text);
    released++;
}

ARRAY_LIST_DEFINE_EACH(word, items, word_release)

static void test_declared_list_grows_and_releases(void **state)
{
    (void)state;
    struct word_list l;
    word_list_init(&l);
    assert_null(l.items);
    assert_int_equal(l.n, 0);
    assert_int_equal(l.cap, 0);
    for (int i = 0; i < 20; i++)
        ARRAY_PUSH(l.items, l.n, l.cap)->text = strdup("x");
    assert_int_equal(l.n, 20);
    assert_true(l.cap >= 20);
    released = 0;
    word_list_release(&l);
    assert_int_equal(released, 20);
    assert_null(l.items);
    assert_int_equal(l.n, 0);
    word_list_release(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_declared_list_grows_and_releases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
