/* test_errors.c - unit tests for core/errors: field errors of an input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/errors.h"

static void test_add_first_and_of(void **state)
{
    (void)state;
    struct form_errors e = {0};
    assert_null(form_errors_first(&e));
    form_errors_add(&e, "note", "Cần ghi rõ lý do.");
    form_errors_add(&e, NULL, "Hồ sơ chưa hợp lệ.");
    assert_int_equal(e.count, 2);
    assert_string_equal(form_errors_first(&e), "Cần ghi rõ lý do.");
    assert_string_equal(form_errors_of(&e, "note"), "Cần ghi rõ lý do.");
    assert_string_equal(e.items[1].field, "");   /* NULL is the input as a whole */
    assert_string_equal(form_errors_of(&e, ""), "Hồ sơ chưa hợp lệ.");
    assert_null(form_errors_of(&e, "files"));
    form_errors_clear(&e);
    assert_int_equal(e.count, 0);
    assert_null(form_errors_first(&e));
}

static void test_bounded_and_null_safe(void **state)
{
    (void)state;
    struct form_errors e = {0}, more = {0};
    for (int i = 0; i < FORM_ERRORS_MAX + 5; i++)
        form_errors_add(&e, "f", "m");
    assert_int_equal(e.count, FORM_ERRORS_MAX);
    form_errors_add(NULL, "f", "m");   /* the caller wants no reasons */
    form_errors_clear(NULL);
    assert_null(form_errors_first(NULL));
    assert_null(form_errors_of(NULL, "f"));
    form_errors_add(&more, "a", "x");
    form_errors_append(&more, &e);
    assert_int_equal(more.count, FORM_ERRORS_MAX);
    assert_string_equal(more.items[0].field, "a");
    form_errors_append(NULL, &e);
    form_errors_append(&more, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_first_and_of),
        cmocka_unit_test(test_bounded_and_null_safe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
