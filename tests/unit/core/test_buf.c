/* test_buf.c - unit tests for core/buf. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdlib.h>
#include "core/buf.h"

static void test_append_and_detach(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 100);
    assert_string_equal(buf_cstr(&b), "");
    buf_adds(&b, "xin ");
    buf_addf(&b, "chào %d", 42);
    buf_addch(&b, '!');
    assert_int_equal(buf_status(&b), MC_OK);
    assert_string_equal(buf_cstr(&b), "xin chào 42!");
    size_t len;
    char *s = buf_detach(&b, &len);
    assert_int_equal(len, strlen("xin chào 42!"));
    free(s);
    assert_int_equal(b.len, 0);
    buf_release(&b);
}

static void test_cap_is_sticky(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 8);
    buf_adds(&b, "12345678");
    assert_int_equal(buf_status(&b), MC_OK);
    buf_adds(&b, "9");
    assert_int_equal(buf_status(&b), MC_ERR_TOO_LARGE);
    buf_adds(&b, "");
    assert_int_equal(buf_status(&b), MC_ERR_TOO_LARGE);
    assert_string_equal(buf_cstr(&b), "12345678");
    buf_reset(&b);
    assert_int_equal(buf_status(&b), MC_OK);
    buf_release(&b);
}

static void test_html_escape(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    const char *s = "<a href=\"x\">Tom & 'Jerry'</a>";
    buf_add_html(&b, s, strlen(s));
    assert_string_equal(buf_cstr(&b),
                        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
    buf_release(&b);
}

static void test_add_url(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    const char *s = "khai sinh&x=1/đ.pdf";
    buf_add_url(&b, s, strlen(s));
    assert_string_equal(buf_cstr(&b), "khai%20sinh%26x%3D1%2F%C4%91.pdf");
    buf_release(&b);
}

static void test_add_dquoted(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    buf_add_dquoted(&b, "tên \"cũ\"");
    buf_addch(&b, ' ');
    buf_add_dquoted(&b, "");
    assert_string_equal(buf_cstr(&b), "\"tên \"\"cũ\"\"\" \"\"");
    buf_release(&b);
}

static void test_add_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/motcua-test-buf-XXXXXX", path[64];
    struct buf b;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/f", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (int i = 0; i < 20000; i++)
        fputs("dòng ", f);   /* 6 bytes: 120,000 in all, more than one read */
    fclose(f);
    buf_init(&b, BUF_MAX_SMALL * 4);
    buf_adds(&b, ">");
    assert_int_equal(buf_add_file(&b, path), MC_OK);
    assert_int_equal(b.len, 1 + 120000);
    assert_memory_equal(b.data + b.len - 6, "dòng ", 6);
    buf_release(&b);
    buf_init(&b, 1000);
    assert_int_equal(buf_add_file(&b, path), MC_ERR_TOO_LARGE);
    buf_release(&b);
    buf_init(&b, 1000);
    assert_int_equal(buf_add_file(&b, "/nonexistent/f"), MC_ERR_IO);
    assert_int_equal(b.len, 0);
    buf_release(&b);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_and_detach),
        cmocka_unit_test(test_cap_is_sticky),
        cmocka_unit_test(test_html_escape),
        cmocka_unit_test(test_add_file),
        cmocka_unit_test(test_add_url),
        cmocka_unit_test(test_add_dquoted),
    };
    return cmocka_run_group_tests_name("core/buf", tests, NULL, NULL);
}
