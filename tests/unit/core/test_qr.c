/* test_qr.c - unit tests for core/qr (QR codes as SVG). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/qr.h"

static void test_svg_shape(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    assert_int_equal(qr_svg("otpauth://totp/motcua:cb?secret=JBSWY3DPEHPK3PXP", "Mã QR", &b),
                     MC_OK);
    const char *s = buf_cstr(&b);
    assert_true(strncmp(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" ", 40) == 0);
    int w = 0, h = 0;
    const char *vb = strstr(s, "viewBox=\"0 0 ");
    assert_non_null(vb);
    assert_int_equal(sscanf(vb, "viewBox=\"0 0 %d %d\"", &w, &h), 2);
    assert_int_equal(w, h);
    /* A QR symbol is 17 + 4v modules wide; plus a quiet zone of 4 each side. */
    assert_int_equal((w - 8 - 17) % 4, 0);
    assert_true(w - 8 >= 21);
    assert_non_null(strstr(s, "role=\"img\""));
    assert_non_null(strstr(s, "aria-label=\"Mã QR\""));
    /* The top-left finder pattern starts dark at module (0,0) after the quiet zone. */
    assert_non_null(strstr(s, "d=\"M4 4h1v1h-1z"));
    assert_true(strcmp(s + b.len - 6, "</svg>") == 0);
    /* Deterministic. */
    struct buf c;
    buf_init(&c, BUF_MAX_SMALL);
    assert_int_equal(qr_svg("otpauth://totp/motcua:cb?secret=JBSWY3DPEHPK3PXP", "Mã QR", &c),
                     MC_OK);
    assert_string_equal(buf_cstr(&c), s);
    buf_reset(&c);
    assert_int_equal(qr_svg("something else", "Mã QR", &c), MC_OK);
    assert_string_not_equal(buf_cstr(&c), s);
    buf_release(&c);
    buf_release(&b);
}

static void test_label_escaped(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    assert_int_equal(qr_svg("x", "\"><script>alert('x')</script>&", &b), MC_OK);
    const char *s = buf_cstr(&b);
    assert_non_null(strstr(s, "aria-label=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)"
                              "&lt;/script&gt;&amp;\""));
    assert_null(strstr(s, "<script"));
    buf_release(&b);
}

static void test_errors(void **state)
{
    (void)state;
    struct buf b;
    /* Too long to encode at level M (version 40 holds 2331 bytes). */
    char big[4001];
    memset(big, 'A', 4000);
    big[4000] = '\0';
    buf_init(&b, BUF_MAX_PAGE);
    assert_int_equal(qr_svg(big, "x", &b), MC_ERR_INVALID);
    buf_release(&b);
    /* The output buffer's limit is honoured. */
    buf_init(&b, 200);
    assert_int_equal(qr_svg("https://motcua.example/ho-so/12345", "x", &b), MC_ERR_TOO_LARGE);
    assert_true(b.len <= 200);
    buf_release(&b);
    /* Appends to what is already there. */
    buf_init(&b, BUF_MAX_SMALL);
    buf_adds(&b, "<p>");
    assert_int_equal(qr_svg("y", "y", &b), MC_OK);
    assert_true(strncmp(buf_cstr(&b), "<p><svg ", 8) == 0);
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svg_shape),
        cmocka_unit_test(test_label_escaped),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests_name("core/qr", tests, NULL, NULL);
}
