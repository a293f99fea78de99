/*
 * test_xlsx_style.c - unit tests for core/xlsx_style: formats made with
 * their flags and number format, and column widths set on a sheet of a
 * workbook that is then written (core/xlsx_write) and read back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/buf.h"
#include "core/compiler.h"
#include "core/xlsx_style.h"
#include "core/xlsx_write.h"

static enum mc_status fill(lxw_workbook *wb, void *ctx)
{
    static const struct xlsx_width widths[] = {{0, 0, 40}, {1, 3, 14}};
    lxw_format **out = ctx;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Trang");
    out[0] = xlsx_format(wb, XLSX_BOLD, NULL);
    out[1] = xlsx_format(wb, XLSX_BORDER, "0.00%");
    out[2] = xlsx_format(wb, XLSX_PLAIN, "#,##0");
    xlsx_set_widths(ws, widths, MC_ARRAY_LEN(widths));
    assert_int_equal(out[0]->bold, 1);
    assert_int_equal(out[0]->left, LXW_BORDER_NONE);
    assert_int_equal(out[1]->bold, 0);
    assert_int_equal(out[1]->left, LXW_BORDER_THIN);
    assert_int_equal(out[1]->bottom, LXW_BORDER_THIN);
    assert_string_equal(out[1]->num_format, "0.00%");
    assert_int_equal(out[2]->left, LXW_BORDER_NONE);
    assert_string_equal(out[2]->num_format, "#,##0");
    worksheet_write_number(ws, 0, 1, 0.5, out[1]);
    return MC_OK;
}

static void test_formats_and_widths(void **state)
{
    (void)state;
    lxw_format *formats[3] = {NULL, NULL, NULL};
    struct buf out;
    buf_init(&out, BUF_MAX_FILE);
    assert_int_equal(xlsx_write_to_buf(NULL, "style", fill, formats, &out), MC_OK);
    assert_non_null(formats[2]);
    assert_true(out.len > 4 && memcmp(buf_cstr(&out), "PK", 2) == 0);
    buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats_and_widths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
