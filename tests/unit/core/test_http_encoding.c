/* test_http_encoding.c - unit tests for core/http_encoding: codings, tags, variants. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "core/http_encoding.h"

#define ALL HTTP_CODINGS_ALL
#define GZ_ONLY HTTP_CODING_BIT(HTTP_CODING_GZIP)

static void test_choose(void **state)
{
    (void)state;
    assert_int_equal(http_coding_choose(NULL, ALL), HTTP_CODING_IDENTITY);
    assert_int_equal(http_coding_choose("", ALL), HTTP_CODING_IDENTITY);
    assert_int_equal(http_coding_choose("gzip", ALL), HTTP_CODING_GZIP);
    assert_int_equal(http_coding_choose("gzip, deflate, br", ALL), HTTP_CODING_BR);
    assert_int_equal(http_coding_choose("gzip, deflate, br", GZ_ONLY), HTTP_CODING_GZIP);
    assert_int_equal(http_coding_choose("br;q=0.5, gzip;q=0.9", ALL), HTTP_CODING_GZIP);
    assert_int_equal(http_coding_choose("br ; q=0.5 , gzip ; q=0.4", ALL), HTTP_CODING_BR);
    assert_int_equal(http_coding_choose("br;q=0, gzip;q=0", ALL), HTTP_CODING_IDENTITY);
    assert_int_equal(http_coding_choose("*", ALL), HTTP_CODING_BR);
    assert_int_equal(http_coding_choose("*;q=0", ALL), HTTP_CODING_IDENTITY);
    assert_int_equal(http_coding_choose("*;q=0, gzip", ALL), HTTP_CODING_GZIP);
    assert_int_equal(http_coding_choose("Br", ALL), HTTP_CODING_BR);
    assert_int_equal(http_coding_choose("brotli, gzipx", ALL), HTTP_CODING_IDENTITY);
    assert_int_equal(http_coding_choose("gzip;q=1.5", ALL), HTTP_CODING_IDENTITY);
    assert_int_equal(http_coding_choose("gzip;q=0.001", ALL), HTTP_CODING_GZIP);
    assert_int_equal(http_coding_choose("identity;q=1, gzip;q=0.5", ALL), HTTP_CODING_IDENTITY);
    assert_int_equal(http_coding_choose("gzip;q=0.001, identity;q=0", ALL), HTTP_CODING_GZIP);
    assert_int_equal(http_coding_choose(",,, ;;q=, gzip", ALL), HTTP_CODING_GZIP);
    assert_string_equal(http_coding_name(HTTP_CODING_GZIP), "gzip");
    assert_string_equal(http_coding_name(HTTP_CODING_BR), "br");
    assert_null(http_coding_name(HTTP_CODING_IDENTITY));
}

static void test_etag_match(void **state)
{
    (void)state;
    assert_true(http_etag_match("\"abc\"", "\"abc\""));
    assert_true(http_etag_match("W/\"abc\"", "\"abc\""));
    assert_true(http_etag_match("\"x\", \"abc\"", "\"abc\""));
    assert_true(http_etag_match(" * ", "\"abc\""));
    assert_true(http_etag_match("\"a,b\", \"abc\"", "\"abc\""));
    assert_false(http_etag_match(NULL, "\"abc\""));
    assert_false(http_etag_match("", "\"abc\""));
    assert_false(http_etag_match("\"abcd\"", "\"abc\""));
    assert_false(http_etag_match("abc", "\"abc\""));
    assert_false(http_etag_match("\"abc", "\"abc\""));
    assert_false(http_etag_match("*, \"x\"", "\"abc\""));
    assert_false(http_etag_match("junk \"abc\"", "\"abc\""));
}

/* gunzip src into out (at most cap bytes); returns the length or -1. */
static long gunzip(const char *src, size_t len, char *out, size_t cap)
{
    z_stream z;
    long n = -1;
    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, 15 + 16) != Z_OK)
        return -1;
    z.next_in = (Bytef *)src;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    if (inflate(&z, Z_FINISH) == Z_STREAM_END)
        n = (long)(cap - z.avail_out);
    inflateEnd(&z);
    return n;
}

static void test_variants(void **state)
{
    (void)state;
    char page[8192];
    for (size_t i = 0; i < sizeof(page); i++)
        page[i] = "Thủ tục đăng ký khai sinh "[i % 26];
    struct http_variants *v = http_variants_new("text/html", "no-cache", page, sizeof(page));
    size_t gz = http_variants_size(v, HTTP_CODING_GZIP);
    assert_int_equal(http_variants_size(v, HTTP_CODING_IDENTITY), sizeof(page));
    assert_true(gz > 0 && gz < sizeof(page) / 4);
    assert_true(http_variants_size(v, HTTP_CODING_BR) > 0);
    assert_true(http_variants_size(v, HTTP_CODING_BR) <= gz);
    assert_string_not_equal(http_variants_etag(v, HTTP_CODING_GZIP),
                            http_variants_etag(v, HTTP_CODING_IDENTITY));
    struct buf b;
    buf_init(&b, BUF_MAX_PAGE);
    assert_int_equal(http_compress(HTTP_CODING_GZIP, page, sizeof(page), &b), MC_OK);
    char back[sizeof(page) + 16];
    assert_int_equal(gunzip(b.data, b.len, back, sizeof(back)), (long)sizeof(page));
    assert_memory_equal(back, page, sizeof(page));
    buf_release(&b);
    /* Same bytes, same tags; the reference count keeps v alive. */
    struct http_variants *w = http_variants_new("text/html", "no-cache", page, sizeof(page));
    assert_string_equal(http_variants_etag(v, HTTP_CODING_BR),
                        http_variants_etag(w, HTTP_CODING_BR));
    http_variants_unref(w);
    http_variants_ref(v);
    http_variants_unref(v);
    http_variants_unref(v);
    /* A short body is not compressed. */
    struct http_variants *s = http_variants_new("text/plain", "no-cache", "ok", 2);
    assert_int_equal(http_variants_size(s, HTTP_CODING_GZIP), 0);
    assert_int_equal(http_variants_size(s, HTTP_CODING_BR), 0);
    http_variants_unref(s);
}

/* The memory file of a variant holds exactly its bytes, made once. */
static void test_variant_fd(void **state)
{
    (void)state;
    char page[40000];
    for (size_t i = 0; i < sizeof(page); i++)
        page[i] = "Hồ sơ đăng ký kết hôn "[i % 24];
    struct http_variants *v = http_variants_new("text/html", "no-cache", page, sizeof(page));
    int fd = http_variants_fd(v, HTTP_CODING_IDENTITY);
    assert_true(fd >= 0);
    assert_int_equal(http_variants_fd(v, HTTP_CODING_IDENTITY), fd);
    char *back = malloc(sizeof(page) + 1);
    assert_non_null(back);
    assert_int_equal(pread(fd, back, sizeof(page) + 1, 0), (ssize_t)sizeof(page));
    assert_memory_equal(back, page, sizeof(page));
    size_t gz = http_variants_size(v, HTTP_CODING_GZIP);
    int zfd = http_variants_fd(v, HTTP_CODING_GZIP);
    assert_true(zfd >= 0 && zfd != fd);
    assert_int_equal(pread(zfd, back, sizeof(page), 0), (ssize_t)gz);
    assert_memory_equal(back, http_variants_body(v, HTTP_CODING_GZIP), gz);
    free(back);
    http_variants_unref(v);
    /* No such variant: no file. */
    struct http_variants *s = http_variants_new("text/plain", "no-cache", "ok", 2);
    assert_int_equal(http_variants_fd(s, HTTP_CODING_GZIP), -1);
    http_variants_unref(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_choose),
        cmocka_unit_test(test_etag_match),
        cmocka_unit_test(test_variants),
        cmocka_unit_test(test_variant_fd),
    };
    return cmocka_run_group_tests_name("core/http_encoding", tests, NULL, NULL);
}
