/*
 * test_xlsx_write.c - unit tests for core/xlsx_write: a workbook filled by
 * a callback comes back in memory and reads back with core/xlsx_read; a
 * failing fill returns its status and appends nothing; no temporary file
 * is left behind either way.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/buf.h"
#include "core/xlsx_read.h"
#include "core/xlsx_write.h"

static enum mc_status fill_two_rows(lxw_workbook *wb, void *ctx)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Trang");
    worksheet_write_string(ws, 0, 0, ctx, NULL);
    worksheet_write_string(ws, 0, 1, "Tiếng Việt", NULL);
    worksheet_write_number(ws, 2, 0, 2026, NULL);
    return MC_OK;
}

static enum mc_status fill_fails(lxw_workbook *wb, void *ctx)
{
    (void)ctx;
    workbook_add_worksheet(wb, "Trang");
    return MC_ERR_CONFLICT;
}

static enum mc_status render(void *ctx, unsigned long row, const char *const *cells,
                             size_t ncells)
{
    struct buf *out = ctx;
    buf_addf(out, "%lu:", row);
    for (size_t i = 0; i < ncells; i++)
        buf_addf(out, "%s%s", i ? "|" : "", cells[i]);
    buf_addch(out, '\n');
    return MC_OK;
}

/* The number of entries of dir besides . and .. */
static int entries(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void test_workbook_comes_back_in_memory(void **state)
{
    (void)state;
    char dir[] = "/tmp/mc-xlsxw-XXXXXX";
    struct buf x, rows;
    assert_non_null(mkdtemp(dir));
    buf_init(&x, BUF_MAX_FILE);
    buf_init(&rows, BUF_MAX_SMALL);
    buf_adds(&x, "kept");
    assert_int_equal(xlsx_write_to_buf(dir, "thu", fill_two_rows, "ô đầu", &x), MC_OK);
    assert_memory_equal(x.data, "kept", 4);   /* appended after what was there */
    assert_true(xlsx_looks_like(x.data + 4, x.len - 4));
    assert_int_equal(xlsx_read_rows(x.data + 4, x.len - 4, render, &rows, NULL, 0), MC_OK);
    assert_string_equal(buf_cstr(&rows), "1:ô đầu|Tiếng Việt\n3:2026\n");
    assert_int_equal(entries(dir), 0);
    buf_release(&rows);
    buf_release(&x);
    rmdir(dir);
}

static void test_failing_fill_appends_nothing(void **state)
{
    (void)state;
    char dir[] = "/tmp/mc-xlsxw-XXXXXX";
    struct buf x;
    assert_non_null(mkdtemp(dir));
    buf_init(&x, BUF_MAX_FILE);
    assert_int_equal(xlsx_write_to_buf(dir, "thu", fill_fails, NULL, &x), MC_ERR_CONFLICT);
    assert_int_equal(x.len, 0);
    assert_int_equal(entries(dir), 0);
    assert_int_equal(xlsx_write_to_buf("/nonexistent-dir", "thu", fill_two_rows, "a", &x),
                     MC_ERR_IO);
    assert_int_equal(x.len, 0);
    buf_release(&x);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workbook_comes_back_in_memory),
        cmocka_unit_test(test_failing_fill_appends_nothing),
    };
    return cmocka_run_group_tests_name("core/xlsx_write", tests, NULL, NULL);
}
