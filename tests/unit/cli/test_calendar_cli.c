/* test_calendar_cli.c - unit tests for "motcua calendar" (calendar/calendar_cli). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/calendar_cli.h"

#define OUT_MAX 8192

struct run {
    int rc;
    char out[OUT_MAX];
    char err[OUT_MAX];
};

/* Read everything written to f since it was opened. */
static void slurp(FILE *f, char *buf)
{
    size_t n;
    rewind(f);
    n = fread(buf, 1, OUT_MAX - 1, f);
    buf[n] = '\0';
}

/* Run calendar_cli_main with stdout and stderr captured in r. */
static void run_cli(struct run *r, int argc, char **argv)
{
    FILE *out = tmpfile(), *err = tmpfile();
    int saved_out, saved_err;
    assert_non_null(out);
    assert_non_null(err);
    fflush(stdout);
    fflush(stderr);
    saved_out = dup(STDOUT_FILENO);
    saved_err = dup(STDERR_FILENO);
    dup2(fileno(out), STDOUT_FILENO);
    dup2(fileno(err), STDERR_FILENO);
    r->rc = calendar_cli_main(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, STDOUT_FILENO);
    dup2(saved_err, STDERR_FILENO);
    close(saved_out);
    close(saved_err);
    slurp(out, r->out);
    slurp(err, r->err);
    fclose(out);
    fclose(err);
}

#define RUN(r, ...)                                                    \
    do {                                                               \
        char *argv_[] = {"calendar", __VA_ARGS__};                     \
        run_cli((r), (int)(sizeof(argv_) / sizeof(argv_[0])), argv_);  \
    } while (0)

static void test_due(void **state)
{
    struct run r;
    (void)state;
    RUN(&r, "due", "--from", "2026-02-13T09:00", "--days", "5");
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.out, "2026-02-27T09:00:00+07:00\n");
    RUN(&r, "due", "--from", "2026-03-02T10:30", "--days", "2", "--unit", "working_hours");
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.out, "2026-03-02T14:30:00+07:00\n");
    RUN(&r, "due", "--from", "2026-01-31T10:00", "--days", "1", "--unit", "months");
    assert_string_equal(r.out, "2026-03-02T10:00:00+07:00\n");
    RUN(&r, "due", "--from", "2026-03-03T15:30", "--days", "1", "--receive", "--cutoff",
        "15:00");
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.out, "2026-03-05T07:30:00+07:00\n");
}

static void test_workdays_and_holidays(void **state)
{
    struct run r;
    (void)state;
    RUN(&r, "workdays", "--from", "2026-02-01", "--to", "2026-02-28");
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.out, "15\n");
    RUN(&r, "holidays", "--year", "2026");
    assert_int_equal(r.rc, 0);
    assert_non_null(strstr(r.out, "2026-01-01  Tết Dương lịch\n"));
    assert_non_null(strstr(r.out, "2026-02-17  Tết Nguyên đán\n"));
    assert_non_null(strstr(r.out, "2026-04-27  Nghỉ bù\n"));
    assert_non_null(strstr(r.out, "2026-09-02  Quốc khánh\n"));
}

static void test_help(void **state)
{
    struct run r;
    (void)state;
    RUN(&r, "--help");
    assert_int_equal(r.rc, 0);
    assert_non_null(strstr(r.out, "Usage: motcua calendar COMMAND"));
    RUN(&r, "due", "--help");
    assert_int_equal(r.rc, 0);
    assert_non_null(strstr(r.out, "Usage: motcua calendar due"));
    assert_non_null(strstr(r.out, "Tính hạn"));
    RUN(&r, "holidays", "--help");
    assert_int_equal(r.rc, 0);
    assert_non_null(strstr(r.out, "--year"));
}

static void test_errors(void **state)
{
    struct run r;
    (void)state;
    RUN(&r, "due", "--from", "2026-02-13T09:00");
    assert_int_equal(r.rc, 2);
    assert_non_null(strstr(r.err, "thiếu tùy chọn"));
    assert_string_equal(r.out, "");
    RUN(&r, "due", "--from", "13/02/2026", "--days", "5");
    assert_int_equal(r.rc, 2);
    assert_non_null(strstr(r.err, "không hợp lệ"));
    RUN(&r, "due", "--from", "2026-02-13T09:00", "--days", "5", "--unit", "weeks");
    assert_int_equal(r.rc, 2);
    RUN(&r, "due", "--from", "2026-02-13T09:00", "--days", "-1");
    assert_int_equal(r.rc, 2);
    RUN(&r, "due", "--from", "2026-02-13T09:00", "--days");
    assert_int_equal(r.rc, 2);
    RUN(&r, "workdays", "--from", "2026-02-01", "--year", "2026");
    assert_int_equal(r.rc, 2);
    RUN(&r, "holidays", "--year", "1800");
    assert_int_equal(r.rc, 2);
    RUN(&r, "calendar-nope");
    assert_int_equal(r.rc, 2);
    assert_non_null(strstr(r.err, "lệnh không hợp lệ"));
    {
        char *argv[] = {"calendar"};
        run_cli(&r, 1, argv);
        assert_int_equal(r.rc, 2);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_due),
        cmocka_unit_test(test_workdays_and_holidays),
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests_name("calendar/cli", tests, NULL, NULL);
}
