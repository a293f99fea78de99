/*
 * test_xlsx_read.c - unit tests for core/xlsx_read: workbooks written by
 * libxlsxwriter (shared strings, numbers, gaps, a second sheet, Vietnamese
 * text, XML entities) read back row by row, and damaged files refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "core/buf.h"
#include "core/xlsx_read.h"

/* Rows rendered as "row:a|b|c\n". */
static enum mc_status render(void *ctx, unsigned long row, const char *const *cells,
                             size_t ncells)
{
    struct buf *out = ctx;
    buf_addf(out, "%lu:", row);
    for (size_t i = 0; i < ncells; i++) {
        if (i)
            buf_addch(out, '|');
        buf_adds(out, cells[i]);
    }
    buf_addch(out, '\n');
    return MC_OK;
}

static enum mc_status stop_at_two(void *ctx, unsigned long row, const char *const *cells,
                                  size_t ncells)
{
    (void)cells;
    (void)ncells;
    *(unsigned long *)ctx = row;
    return row >= 2 ? MC_ERR_CONFLICT : MC_OK;
}

/* Write a workbook to a temporary file and read its bytes into out. */
static void workbook(struct buf *out, bool two_sheets)
{
    char path[] = "/tmp/motcua-test-xlsx-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Mẫu số");
    worksheet_write_string(ws, 0, 0, "ma_mau_so", NULL);
    worksheet_write_string(ws, 0, 1, "ma_don_vi", NULL);
    worksheet_write_string(ws, 0, 2, "nam", NULL);
    worksheet_write_string(ws, 0, 3, "gia_tri", NULL);
    worksheet_write_string(ws, 1, 0, "dan_so_truong_thanh", NULL);
    worksheet_write_string(ws, 1, 1, "05977", NULL);
    worksheet_write_number(ws, 1, 2, 2026, NULL);
    worksheet_write_number(ws, 1, 3, 12000, NULL);
    /* Row 3 left empty; row 4 has a gap in column B and XML entities. */
    worksheet_write_string(ws, 3, 0, "Đông Kinh & <Kỳ Lừa>", NULL);
    worksheet_write_string(ws, 3, 2, "\"x\"", NULL);
    if (two_sheets) {
        lxw_worksheet *other = workbook_add_worksheet(wb, "Khác");
        worksheet_write_string(other, 0, 0, "không đọc", NULL);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    assert_int_equal(buf_add_file(out, path), MC_OK);
    unlink(path);
}

static void test_reads_rows(void **state)
{
    struct buf x, out;
    char err[XLSX_ERR_MAX];
    (void)state;
    buf_init(&x, BUF_MAX_FILE);
    buf_init(&out, BUF_MAX_SMALL);
    workbook(&x, true);
    assert_true(xlsx_looks_like(x.data, x.len));
    assert_int_equal(xlsx_read_rows(x.data, x.len, render, &out, err, sizeof(err)), MC_OK);
    assert_string_equal(buf_cstr(&out), "1:ma_mau_so|ma_don_vi|nam|gia_tri\n"
                                        "2:dan_so_truong_thanh|05977|2026|12000\n"
                                        "4:Đông Kinh & <Kỳ Lừa>||\"x\"\n");
    /* The callback's status stops the read. */
    unsigned long last = 0;
    assert_int_equal(xlsx_read_rows(x.data, x.len, stop_at_two, &last, NULL, 0),
                     MC_ERR_CONFLICT);
    assert_int_equal(last, 2);
    buf_release(&x);
    buf_release(&out);
}

static void test_refuses_damaged_files(void **state)
{
    struct buf x, out;
    char err[XLSX_ERR_MAX] = "";
    (void)state;
    buf_init(&x, BUF_MAX_FILE);
    buf_init(&out, BUF_MAX_SMALL);
    workbook(&x, false);
    assert_false(xlsx_looks_like("ma_mau_so,ma_don_vi\n", 20));
    assert_int_equal(xlsx_read_rows("ma,ten\n", 7, render, &out, err, sizeof(err)),
                     MC_ERR_INVALID);
    assert_string_equal(err, "tệp không phải bảng tính Excel (xlsx) đọc được");
    /* Cut in half: the central directory is gone. */
    assert_int_equal(xlsx_read_rows(x.data, x.len / 2, render, &out, NULL, 0), MC_ERR_INVALID);
    /* Every byte of the archive flipped in turn: refused or read, never a crash. */
    for (size_t i = 0; i < x.len; i += 7) {
        char saved = x.data[i];
        x.data[i] = (char)(saved ^ 0x5A);
        buf_reset(&out);
        enum mc_status st = xlsx_read_rows(x.data, x.len, render, &out, NULL, 0);
        assert_true(st == MC_OK || st == MC_ERR_INVALID || st == MC_ERR_TOO_LARGE);
        x.data[i] = saved;
    }
    assert_int_equal(buf_status(&out), MC_OK);
    buf_release(&x);
    buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_rows),
        cmocka_unit_test(test_refuses_damaged_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
