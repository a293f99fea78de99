/* test_jfield.c - unit tests for core/jfield. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/jfield.h"

static json_t *doc(const char *text)
{
    json_t *o = json_loads(text, 0, NULL);
    assert_non_null(o);
    return o;
}

static void test_lenient_readers(void **state)
{
    (void)state;
    json_t *o = doc("{\"s\":\"x\",\"n\":2.5,\"i\":3,\"b\":true}");
    assert_string_equal(jfield_str(o, "s"), "x");
    assert_string_equal(jfield_str(o, "n"), "");      /* another type */
    assert_string_equal(jfield_str(o, "absent"), "");
    assert_string_equal(jfield_str(NULL, "s"), "");   /* not an object */
    assert_null(jfield_str_or_null(o, "b"));
    assert_string_equal(jfield_str_or_null(o, "s"), "x");
    assert_true(jfield_num(o, "n") == 2.5);
    assert_true(jfield_num(o, "i") == 3.0);
    assert_true(jfield_num(o, "s") == 0.0);
    json_decref(o);
}

static void test_strings(void **state)
{
    (void)state;
    struct jfield_error e;
    json_t *o = doc("{\"name\":\"Sở\",\"empty\":\"\",\"num\":1,\"nil\":null}");
    jfield_error_init(&e);
    assert_string_equal(jfield_get_str(o, "name", JFIELD_REQUIRED, 0, &e), "Sở");
    assert_null(jfield_get_str(o, "absent", 0, 0, &e));
    assert_null(jfield_get_str(o, "nil", 0, 0, &e));
    assert_string_equal(jfield_get_str(o, "empty", 0, 0, &e), "");
    assert_int_equal(e.status, MC_OK);
    assert_null(jfield_get_str(o, "empty", JFIELD_REQUIRED | JFIELD_NONEMPTY, 0, &e));
    assert_int_equal(e.status, MC_ERR_INVALID);
    assert_string_equal(e.field, "empty");
    assert_string_equal(e.message, "thiếu empty");

    jfield_error_init(&e);
    assert_null(jfield_get_str(o, "num", JFIELD_REQUIRED, 0, &e));
    assert_string_equal(e.message, "num phải là chuỗi");   /* not "thiếu num" */
    jfield_error_init(&e);
    assert_null(jfield_get_str(o, "name", 0, 3, &e));
    assert_string_equal(e.message, "name dài quá 3 byte");
    json_decref(o);
}

static void test_integers(void **state)
{
    (void)state;
    struct jfield_error e;
    json_t *o = doc("{\"k\":2,\"s\":\"17\",\"x\":\"1a\",\"r\":1.5,\"big\":99}");
    jfield_error_init(&e);
    assert_int_equal(jfield_get_int(o, "k", JFIELD_REQUIRED, 1, 3, &e), 2);
    assert_int_equal(jfield_get_int(o, "absent", 0, 1, 3, &e), 0);
    assert_int_equal(jfield_get_int(o, "s", JFIELD_DIGITS, 0, 100, &e), 17);
    assert_int_equal(e.status, MC_OK);
    assert_int_equal(jfield_get_int(o, "s", 0, 0, 100, &e), 0);
    assert_string_equal(e.message, "s phải là số nguyên");
    jfield_error_init(&e);
    assert_int_equal(jfield_get_int(o, "x", JFIELD_DIGITS, 0, 100, &e), 0);
    assert_int_equal(e.status, MC_ERR_INVALID);
    jfield_error_init(&e);
    assert_int_equal(jfield_get_int(o, "r", 0, 0, 100, &e), 0);
    assert_int_equal(e.status, MC_ERR_INVALID);
    jfield_error_init(&e);
    assert_int_equal(jfield_get_int(o, "big", 0, 1, 3, &e), 0);
    assert_string_equal(e.field, "big");
    assert_string_equal(e.message, "big phải từ 1 đến 3");
    jfield_error_init(&e);
    assert_int_equal(jfield_get_int(o, "absent", JFIELD_REQUIRED, 1, 3, &e), 0);
    assert_string_equal(e.message, "thiếu absent");
    json_decref(o);
}

static void test_other_kinds(void **state)
{
    (void)state;
    struct jfield_error e;
    json_t *o = doc("{\"b\":false,\"t\":true,\"d\":2,\"a\":[1,2,3],\"o\":{},\"s\":\"x\"}");
    jfield_error_init(&e);
    assert_false(jfield_get_bool(o, "b", JFIELD_REQUIRED, &e));
    assert_true(jfield_get_bool(o, "t", 0, &e));
    assert_true(jfield_get_double(o, "d", 0, &e) == 2.0);
    assert_int_equal(json_array_size(jfield_get_array(o, "a", 0, 3, &e)), 3);
    assert_true(json_is_object(jfield_get_object(o, "o", 0, &e)));
    assert_null(jfield_get_array(o, "absent", 0, 0, &e));
    assert_int_equal(e.status, MC_OK);
    assert_null(jfield_get_array(o, "a", 0, 2, &e));
    assert_string_equal(e.message, "a có quá 2 phần tử");
    jfield_error_init(&e);
    assert_false(jfield_get_bool(o, "s", 0, &e));
    assert_string_equal(e.message, "s phải là true hoặc false");
    jfield_error_init(&e);
    assert_true(jfield_get_double(o, "s", 0, &e) == 0.0);
    assert_string_equal(e.message, "s phải là số");
    jfield_error_init(&e);
    assert_null(jfield_get_object(o, "a", 0, &e));
    assert_string_equal(e.message, "a phải là đối tượng");
    json_decref(o);
}

static void test_first_error_wins(void **state)
{
    (void)state;
    struct jfield_error e;
    json_t *o = doc("{\"a\":1,\"b\":\"x\"}");
    jfield_error_init(&e);
    assert_null(jfield_get_str(o, "a", 0, 0, &e));
    assert_int_equal(jfield_get_int(o, "b", 0, 0, 9, &e), 0);
    assert_string_equal(e.field, "a");
    assert_string_equal(e.message, "a phải là chuỗi");
    jfield_fail(&e, "c", "khác %d", 1);
    assert_string_equal(e.field, "a");
    jfield_error_init(&e);
    jfield_fail(&e, "c", "sai %d", 1);
    assert_int_equal(e.status, MC_ERR_INVALID);
    assert_string_equal(e.field, "c");
    assert_string_equal(e.message, "sai 1");
    json_decref(o);
}

static void test_parse_object_positions(void **state)
{
    (void)state;
    struct jfield_error e;
    json_t *o = NULL;
    const char *good = "{\"a\":1}trailing";
    jfield_error_init(&e);
    assert_int_equal(jfield_parse_object(good, 7, 0, &o, &e), MC_OK);   /* not NUL-terminated */
    assert_int_equal(json_integer_value(json_object_get(o, "a")), 1);
    json_decref(o);
    const char *bad = "{\n  \"a\": 1,\n  \"b\" 2\n}";
    assert_int_equal(jfield_parse_object(bad, strlen(bad), 0, &o, &e), MC_ERR_INVALID);
    assert_null(o);
    assert_int_equal(e.line, 3);
    assert_true(e.column > 0);
    assert_non_null(strstr(e.message, "dòng 3"));
    jfield_error_init(&e);
    assert_int_equal(jfield_parse_object("[1]", 3, 0, &o, &e), MC_ERR_INVALID);
    assert_string_equal(e.message, "phải là một đối tượng JSON");
    jfield_error_init(&e);
    assert_int_equal(jfield_parse_object("{\"a\":1,\"a\":2}", 13, JSON_REJECT_DUPLICATES, &o,
                                         &e), MC_ERR_INVALID);
    jfield_error_init(&e);
    assert_int_equal(jfield_parse_object(NULL, 0, 0, &o, &e), MC_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lenient_readers),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_other_kinds),
        cmocka_unit_test(test_first_error_wins),
        cmocka_unit_test(test_parse_object_positions),
    };
    return cmocka_run_group_tests_name("core/jfield", tests, NULL, NULL);
}
