/* test_fdio.c - unit tests for core/fdio. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "core/fdio.h"

static void expect_bytes(int fd, const char *want, size_t len)
{
    char got[64] = {0};
    size_t have = 0;
    while (have < len) {
        ssize_t r = read(fd, got + have, sizeof(got) - have);
        assert_true(r > 0);
        have += (size_t)r;
    }
    assert_int_equal(have, len);
    assert_memory_equal(got, want, len);
}

static void test_write_to_a_pipe(void **state)
{
    int p[2];
    (void)state;
    assert_int_equal(pipe(p), 0);
    assert_true(fd_write_all(p[1], "hello, store", 12, false));
    assert_true(fd_write_all(p[1], "", 0, false));
    expect_bytes(p[0], "hello, store", 12);
    close(p[0]);
    close(p[1]);
}

static void test_send_to_a_socket(void **state)
{
    int sv[2];
    (void)state;
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    assert_true(fd_write_all(sv[0], "zINSTREAM", 9, true));
    expect_bytes(sv[1], "zINSTREAM", 9);
    close(sv[1]);
    /* The peer is gone: false, and no SIGPIPE ends the test. */
    assert_false(fd_write_all(sv[0], "more", 4, true));
    close(sv[0]);
}

static void test_bad_descriptor(void **state)
{
    (void)state;
    assert_false(fd_write_all(-1, "x", 1, false));
    assert_false(fd_write_all(-1, "x", 1, true));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_to_a_pipe),
        cmocka_unit_test(test_send_to_a_socket),
        cmocka_unit_test(test_bad_descriptor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
