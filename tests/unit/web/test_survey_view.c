/* test_survey_view.c - unit tests for web/survey/survey_view: the results chart. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "web/survey/survey_view.h"

static void test_chart_writes_values_as_text_and_escapes(void **state)
{
    (void)state;
    struct buf b;
    const char *labels[] = {"Có <b>", "Không"};
    const int64_t counts[] = {3, 1};
    buf_init(&b, BUF_MAX_SMALL);
    survey_view_chart("Câu 1 & 2", labels, counts, 2, 4, &b);
    assert_non_null(strstr(buf_cstr(&b), "role=\"img\""));
    assert_non_null(strstr(buf_cstr(&b), "<title>Câu 1 &amp; 2</title>"));
    assert_non_null(strstr(buf_cstr(&b), "Có &lt;b&gt;"));
    assert_non_null(strstr(buf_cstr(&b), "3 (75%)"));
    assert_non_null(strstr(buf_cstr(&b), "1 (25%)"));
    assert_null(strstr(buf_cstr(&b), "<b>"));
    buf_release(&b);
}

static void test_chart_cuts_long_labels_and_empty_totals(void **state)
{
    (void)state;
    struct buf b;
    char label[200];
    memset(label, 'a', sizeof(label) - 1);
    label[sizeof(label) - 1] = '\0';
    const char *labels[] = {label};
    const int64_t counts[] = {0};
    buf_init(&b, BUF_MAX_SMALL);
    survey_view_chart("Câu 3", labels, counts, 1, 0, &b);
    assert_non_null(strstr(buf_cstr(&b), "…</text>"));
    assert_null(strstr(buf_cstr(&b), "class=\"chart-bar\""));   /* no bar for 0 of 0 */
    assert_non_null(strstr(buf_cstr(&b), "0 (0%)"));
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chart_writes_values_as_text_and_escapes),
        cmocka_unit_test(test_chart_cuts_long_labels_and_empty_totals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
