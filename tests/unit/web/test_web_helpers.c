/*
 * test_web_helpers.c - unit tests for small helpers of web/app.h and
 * web/options.h: which format an export's path asks for, the import
 * report's messages for a page, ISO times, and choice lists.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "web/app.h"
#include "web/options.h"
#include "core/import_report.h"

static void test_wants_xlsx(void **state)
{
    (void)state;
    struct http_request req;
    memset(&req, 0, sizeof(req));
    req.path = "/chat-luong/xuat.xlsx";
    assert_true(web_wants_xlsx(&req));
    req.path = "/chat-luong/xuat.csv";
    assert_false(web_wants_xlsx(&req));
    req.path = "xlsx";
    assert_false(web_wants_xlsx(&req));
}

static void test_import_errors(void **state)
{
    (void)state;
    struct import_report rep;
    json_t *data = json_object();
    import_report_init(&rep);
    web_import_errors(data, &rep);
    web_import_errors(data, NULL);
    assert_int_equal(json_object_size(data), 0);
    import_report_error(&rep, "%s", "dòng 2: thiếu mã");
    web_import_errors(data, &rep);
    assert_true(json_is_true(json_object_get(data, "has_import_errors")));
    assert_string_equal(json_string_value(json_array_get(json_object_get(data, "import_errors"),
                                                         0)),
                        "dòng 2: thiếu mã");
    import_report_release(&rep);
    json_decref(data);
}

static void test_iso_json(void **state)
{
    (void)state;
    json_t *none = web_iso_json(0);
    assert_true(json_is_null(none));
    json_decref(none);
    json_t *t = web_iso_json(86400);
    assert_true(json_is_string(t));
    json_decref(t);
}

static void test_page_error_and_string_buf(void **state)
{
    (void)state;
    json_t *data = json_object();
    struct buf b;
    web_page_error(data, NULL);
    assert_null(json_object_get(data, "error"));
    web_page_error(data, "Sai mật khẩu");
    assert_string_equal(json_string_value(json_object_get(data, "error")), "Sai mật khẩu");
    json_decref(data);
    buf_init(&b, BUF_MAX_SMALL);
    buf_adds(&b, "7 ngày");
    json_t *s = web_json_string_buf(&b);
    assert_string_equal(json_string_value(s), "7 ngày");
    assert_null(b.data);
    json_decref(s);
}

static const char *upper(const char *key)
{
    return strcmp(key, "a") == 0 ? "A" : "B";
}

static void test_choices(void **state)
{
    (void)state;
    static const char *const keys[] = {"a", "b", NULL};
    json_t *a = web_choices(keys, upper, "label", "b");
    assert_int_equal(json_array_size(a), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "label")), "A");
    assert_false(json_is_true(json_object_get(json_array_get(a, 0), "selected")));
    assert_true(json_is_true(json_object_get(json_array_get(a, 1), "selected")));
    json_decref(a);
    a = web_choices(keys, upper, "name", NULL);
    assert_string_equal(json_string_value(json_object_get(json_array_get(a, 1), "name")), "B");
    assert_false(json_is_true(json_object_get(json_array_get(a, 1), "selected")));
    json_decref(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wants_xlsx),
        cmocka_unit_test(test_import_errors),
        cmocka_unit_test(test_iso_json),
        cmocka_unit_test(test_page_error_and_string_buf),
        cmocka_unit_test(test_choices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
