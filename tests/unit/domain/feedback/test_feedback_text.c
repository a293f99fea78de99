/* test_feedback_text.c - unit tests for the pure parts of feedback/feedback.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "domain/feedback/feedback.h"

static void test_redaction_refuses_cccd(void **state)
{
    (void)state;
    assert_int_equal(feedback_redaction_check("CCCD 001190012345 của bà", NULL),
                     MC_ERR_INVALID);
    assert_int_equal(feedback_redaction_check("số 001 190 012 345", NULL), MC_ERR_INVALID);
}

static void test_redaction_refuses_phones_and_emails(void **state)
{
    (void)state;
    const char *msg = NULL;
    assert_int_equal(feedback_redaction_check("gọi 0912 345 678", &msg), MC_ERR_INVALID);
    assert_non_null(msg);
    assert_int_equal(feedback_redaction_check("gọi +84912345678", NULL), MC_ERR_INVALID);
    assert_int_equal(feedback_redaction_check("gọi 0912.345.678 nhé", NULL), MC_ERR_INVALID);
    assert_int_equal(feedback_redaction_check("thư a.b@example.vn", NULL), MC_ERR_INVALID);
}

static void test_redaction_allows_dates_codes_and_money(void **state)
{
    (void)state;
    assert_int_equal(feedback_redaction_check("Ngày 12/02/2026, hồ sơ T20-260213-0001, "
                                              "lệ phí 100.000 đồng, thủ tục 1.001193.", NULL),
                     MC_OK);
    assert_int_equal(feedback_redaction_check("", NULL), MC_OK);
    assert_int_equal(feedback_redaction_check("a@b", NULL), MC_OK);
}

static void test_markup_is_detected(void **state)
{
    (void)state;
    assert_true(feedback_has_markup("x <SCRIPT>alert(1)</script>"));
    assert_true(feedback_has_markup("<img src=x onerror=alert(1)>"));
    assert_true(feedback_has_markup("bấm javascript:alert(1)"));
    assert_false(feedback_has_markup("thời hạn < 5 ngày và > 2 ngày"));
    assert_false(feedback_has_markup(NULL));
}

static void test_month_range(void **state)
{
    (void)state;
    int64_t from = 0, to = 0;
    assert_int_equal(feedback_month_range("2026-02", &from, &to), MC_OK);
    assert_int_equal(from, 1769878800);   /* 2026-02-01T00:00:00+07:00 */
    assert_int_equal(to, 1772298000);     /* 2026-03-01T00:00:00+07:00 */
    assert_int_equal(feedback_month_range("2026-13", &from, &to), MC_ERR_INVALID);
    assert_int_equal(feedback_month_range("2026-2", &from, &to), MC_ERR_INVALID);
}

static void test_labels(void **state)
{
    (void)state;
    assert_string_equal(feedback_category_label("thai_do"), "Thái độ, tác phong cán bộ");
    assert_null(feedback_category_label("x"));
    assert_string_equal(feedback_status_label("published"), "Đã công khai");
    assert_string_equal(feedback_kind_label("hoi_dap"), "Hỏi – đáp");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_redaction_refuses_cccd),
        cmocka_unit_test(test_redaction_refuses_phones_and_emails),
        cmocka_unit_test(test_redaction_allows_dates_codes_and_money),
        cmocka_unit_test(test_markup_is_detected),
        cmocka_unit_test(test_month_range),
        cmocka_unit_test(test_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
