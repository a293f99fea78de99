/* test_http_proxy.c - unit tests for core/http_proxy (X-Forwarded-For from trusted proxies). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "core/http_proxy.h"

static void test_parse_lists_and_refuses_bad_entries(void **state)
{
    struct http_proxy_list l;
    char bad[64];
    (void)state;
    assert_int_equal(http_proxy_parse("", &l, bad, sizeof(bad)), MC_OK);
    assert_int_equal(l.n, 0);
    assert_int_equal(http_proxy_parse(NULL, &l, bad, sizeof(bad)), MC_OK);
    assert_int_equal(http_proxy_parse(" 10.0.0.1, 192.168.0.0/16,::1 ,fd00::/8", &l, bad,
                                      sizeof(bad)), MC_OK);
    assert_int_equal(l.n, 4);
    assert_int_equal(http_proxy_parse("10.0.0.1,proxy.local", &l, bad, sizeof(bad)),
                     MC_ERR_INVALID);
    assert_string_equal(bad, "proxy.local");
    assert_int_equal(l.n, 0);
    assert_int_equal(http_proxy_parse("10.0.0.0/33", &l, bad, sizeof(bad)), MC_ERR_INVALID);
    assert_int_equal(http_proxy_parse("10.0.0.0/", &l, bad, sizeof(bad)), MC_ERR_INVALID);
}

static void test_trusted_by_cidr(void **state)
{
    struct http_proxy_list l;
    char bad[64];
    (void)state;
    assert_int_equal(http_proxy_parse("10.1.0.0/16,127.0.0.1,2001:db8::/32", &l, bad,
                                      sizeof(bad)), MC_OK);
    assert_true(http_proxy_trusted(&l, "10.1.200.3"));
    assert_false(http_proxy_trusted(&l, "10.2.0.1"));
    assert_true(http_proxy_trusted(&l, "127.0.0.1"));
    assert_false(http_proxy_trusted(&l, "127.0.0.2"));
    assert_true(http_proxy_trusted(&l, "::ffff:127.0.0.1"));   /* IPv4-mapped */
    assert_true(http_proxy_trusted(&l, "2001:db8:1::5"));
    assert_false(http_proxy_trusted(&l, "2001:db9::5"));
    assert_false(http_proxy_trusted(&l, "not an address"));
    assert_int_equal(http_proxy_parse("", &l, bad, sizeof(bad)), MC_OK);
    assert_false(http_proxy_trusted(&l, "127.0.0.1"));         /* empty: nobody */
}

static void test_right_most_untrusted_wins(void **state)
{
    struct http_proxy_list l;
    char bad[64], out[HTTP_ADDR_TEXT];
    (void)state;
    assert_int_equal(http_proxy_parse("127.0.0.1,10.0.0.0/8", &l, bad, sizeof(bad)), MC_OK);
    /* An untrusted peer: its header is ignored. */
    http_proxy_client(&l, "203.0.113.9", "198.51.100.1", out, sizeof(out));
    assert_string_equal(out, "203.0.113.9");
    /* A trusted peer: the client it names. */
    http_proxy_client(&l, "127.0.0.1", "198.51.100.1", out, sizeof(out));
    assert_string_equal(out, "198.51.100.1");
    /* A forged left part is skipped: the right-most untrusted entry wins. */
    http_proxy_client(&l, "127.0.0.1", "1.2.3.4, 198.51.100.7, 10.0.0.5", out, sizeof(out));
    assert_string_equal(out, "198.51.100.7");
    /* Only proxies: the left-most of them. */
    http_proxy_client(&l, "127.0.0.1", "10.0.0.8,10.0.0.5", out, sizeof(out));
    assert_string_equal(out, "10.0.0.8");
    /* No header, an empty one, a damaged right-most entry: the peer. */
    http_proxy_client(&l, "127.0.0.1", NULL, out, sizeof(out));
    assert_string_equal(out, "127.0.0.1");
    http_proxy_client(&l, "127.0.0.1", "", out, sizeof(out));
    assert_string_equal(out, "127.0.0.1");
    http_proxy_client(&l, "127.0.0.1", "198.51.100.1, unknown", out, sizeof(out));
    assert_string_equal(out, "127.0.0.1");
    http_proxy_client(&l, "127.0.0.1", " 2001:db8::1 ", out, sizeof(out));
    assert_string_equal(out, "2001:db8::1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_lists_and_refuses_bad_entries),
        cmocka_unit_test(test_trusted_by_cidr),
        cmocka_unit_test(test_right_most_untrusted_wins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
