/*
 * test_progress.c - unit tests for core/progress.h: the line's wording
 * and numbers (rows, percent, rate, time left, the final summary), the
 * rate limit of redraws, and silence without a terminal.
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
#include "core/progress.h"

#define S 1000000   /* microseconds in a second */

static const char *fmt(uint64_t done, uint64_t total, int64_t us, bool finished)
{
    static char line[PROGRESS_LINE_MAX];
    progress_format(line, sizeof(line), "Nhập thủ tục hành chính", "ghi", "thủ tục", done,
                    total, us, finished);
    return line;
}

static void test_rows_percent_rate_and_time_left(void **state)
{
    (void)state;
    assert_string_equal(fmt(1234, 2642, 2 * S, false),
                        "Nhập thủ tục hành chính – ghi: 1.234/2.642 thủ tục (46,7%), "
                        "617/giây, còn 2 giây");
    /* Too early for a rate: rows only. */
    assert_string_equal(fmt(3, 2642, 50000, false),
                        "Nhập thủ tục hành chính – ghi: 3/2.642 thủ tục (0,1%)");
    /* Unknown total: no percent, no time left. */
    assert_string_equal(fmt(1500000, 0, 10 * S, false),
                        "Nhập thủ tục hành chính – ghi: 1.500.000 thủ tục, 150.000/giây");
    /* Slow rows: a decimal rate; minutes and hours when far from done. */
    assert_string_equal(fmt(5, 1000, 2 * S, false),
                        "Nhập thủ tục hành chính – ghi: 5/1.000 thủ tục (0,5%), "
                        "2,5/giây, còn 6 phút 38 giây");
    assert_string_equal(fmt(10, 100000, 10 * S, false),
                        "Nhập thủ tục hành chính – ghi: 10/100.000 thủ tục (0,0%), "
                        "1,0/giây, còn 27 giờ 46 phút");
}

static void test_almost_done(void **state)
{
    (void)state;
    assert_string_equal(fmt(999, 1000, S, false),
                        "Nhập thủ tục hành chính – ghi: 999/1.000 thủ tục (99,9%), 999/giây, "
                        "sắp xong");
}

static void test_the_final_line(void **state)
{
    (void)state;
    assert_string_equal(fmt(2642, 2642, 3300000, true),
                        "Nhập thủ tục hành chính – ghi: xong 2.642 thủ tục trong 3,3 giây "
                        "(801/giây)");
    assert_string_equal(fmt(0, 0, 1000, true),
                        "Nhập thủ tục hành chính – ghi: xong 0 thủ tục trong 0,0 giây");
    assert_string_equal(fmt(90000, 0, 125 * S, true),
                        "Nhập thủ tục hành chính – ghi: xong 90.000 thủ tục trong "
                        "2 phút 5 giây (720/giây)");
    char line[PROGRESS_LINE_MAX];
    progress_format(line, sizeof(line), "Xuất hồ sơ", NULL, "hồ sơ", 12, 0, 0, false);
    assert_string_equal(line, "Xuất hồ sơ: 12 hồ sơ");
}

static void test_a_short_buffer_is_cut_not_overrun(void **state)
{
    (void)state;
    char small[16];
    memset(small, 'x', sizeof(small));
    size_t n = progress_format(small, sizeof(small), "Nhập thủ tục hành chính", "ghi", "dòng",
                               1, 2, S, false);
    assert_true(n < sizeof(small));
    assert_int_equal(strlen(small), n);
}

/* What a progress drew into a memory stream. */
static char *drawn(FILE *f, char **buf)
{
    fflush(f);
    return *buf;
}

static void test_redraws_in_place_at_most_a_few_times_a_second(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct progress p;
    progress_init_file(&p, "Nhập hồ sơ", f);
    progress_begin(&p, NULL, "dòng", 100000);
    for (uint64_t i = 1; i <= 100000; i++)
        progress_update(&p, i);   /* far quicker than PROGRESS_REDRAW_US */
    progress_end(&p);
    char *out = drawn(f, &buf);
    assert_int_equal(p.width, 0);   /* a memory stream has no columns: nothing cut */
    size_t draws = 0;
    for (char *c = out; (c = strchr(c, '\r')) != NULL; c++)
        draws++;
    assert_true(draws >= 2);      /* the first update, and the end */
    assert_true(draws < 100);     /* not one per row */
    assert_non_null(strstr(out, "\rNhập hồ sơ: 1/100.000 dòng (0,0%)\033[K"));
    assert_non_null(strstr(out, "\rNhập hồ sơ: xong 100.000 dòng trong "));
    assert_int_equal(out[strlen(out) - 1], '\n');
    fclose(f);
    free(buf);
}

static void test_lines_are_cut_to_the_terminal_width(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct progress p;
    progress_init_file(&p, "Nhập thủ tục hành chính", f);
    p.width = 20;   /* as a 20-column terminal would report */
    progress_begin(&p, "ghi", "thủ tục", 2642);
    progress_update(&p, 1);
    fflush(f);
    /* 19 characters (not bytes): the cursor stays on the line, nothing wraps. */
    assert_string_equal(buf, "\rNhập thủ tục hành c\033[K");
    progress_end(&p);   /* the last line is kept whole */
    fflush(f);
    assert_non_null(strstr(buf, "\rNhập thủ tục hành chính – ghi: xong 1 thủ tục trong "));
    fclose(f);
    free(buf);
}

static void test_quiet_without_a_terminal_and_null_safe(void **state)
{
    (void)state;
    struct progress p;
    progress_init_file(&p, "Nhập", NULL);
    progress_begin(&p, "đọc", "dòng", 0);
    progress_update(&p, 5);
    assert_int_equal(p.done, 5);
    progress_end(&p);
    progress_begin(NULL, "đọc", "dòng", 0);
    progress_set_total(NULL, 3);
    progress_update(NULL, 1);
    progress_end(NULL);
    /* Drawing goes to stderr only when it is a terminal (make test: a pipe). */
    progress_init(&p, "Nhập");
    assert_ptr_equal(p.out, isatty(STDERR_FILENO) ? stderr : NULL);
}

static void test_lines_written_through_count_as_rows(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct progress p;
    progress_init_file(&p, "Xuất hồ sơ", NULL);
    progress_begin(&p, NULL, "hồ sơ", 0);
    FILE *rows = progress_lines(&p, f);
    assert_non_null(rows);
    fputs("{\"a\":1}\n{\"a\":2}\n", rows);
    fprintf(rows, "{\"a\":%d}\n", 3);
    assert_int_equal(fclose(rows), 0);
    assert_int_equal(p.done, 3);
    fflush(f);
    assert_string_equal(buf, "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n");
    progress_end(&p);
    fclose(f);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_percent_rate_and_time_left),
        cmocka_unit_test(test_almost_done),
        cmocka_unit_test(test_the_final_line),
        cmocka_unit_test(test_a_short_buffer_is_cut_not_overrun),
        cmocka_unit_test(test_redraws_in_place_at_most_a_few_times_a_second),
        cmocka_unit_test(test_lines_are_cut_to_the_terminal_width),
        cmocka_unit_test(test_quiet_without_a_terminal_and_null_safe),
        cmocka_unit_test(test_lines_written_through_count_as_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
