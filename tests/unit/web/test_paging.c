/*
 * test_paging.c - unit tests for web/paging.h: the links to the previous
 * and next pages keep the other query parameters, percent-encoded, replace
 * the page parameter, and are null outside the list.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/form.h"
#include "web/paging.h"

static void test_links_keep_the_filters(void **state)
{
    (void)state;
    struct kv page = {"trang", "2", 1, NULL};
    struct kv q = {"q", "khai sinh&x", 11, &page};
    struct kv hang = {"hang", "qua-han", 7, &q};
    struct http_request req;
    memset(&req, 0, sizeof(req));
    req.query = &hang;
    json_t *data = json_object();
    web_page_links(data, &req, "/quan-tri/ho-so", "trang", 2, 3);
    assert_string_equal(json_string_value(json_object_get(data, "prev")),
                        "/quan-tri/ho-so?hang=qua-han&q=khai%20sinh%26x&trang=1");
    assert_string_equal(json_string_value(json_object_get(data, "next")),
                        "/quan-tri/ho-so?hang=qua-han&q=khai%20sinh%26x&trang=3");
    json_decref(data);
}

static void test_no_link_outside_the_list(void **state)
{
    (void)state;
    struct http_request req;
    memset(&req, 0, sizeof(req));
    json_t *data = json_object();
    web_page_links(data, &req, "/thu-tuc", "page", 1, 1);
    assert_true(json_is_null(json_object_get(data, "prev")));
    assert_true(json_is_null(json_object_get(data, "next")));
    web_page_links(data, &req, "/thu-tuc", "page", 1, 2);
    assert_string_equal(json_string_value(json_object_get(data, "next")), "/thu-tuc?page=2");
    json_decref(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_links_keep_the_filters),
        cmocka_unit_test(test_no_link_outside_the_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
