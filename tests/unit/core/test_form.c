/* test_form.c - unit tests for core/form (urlencoded, cookies, multipart). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/buf.h"
#include "core/form.h"

/* ---------------------------------------------------------------- urlencoded */

static enum mc_status urlenc(struct arena *a, const char *s, size_t max, struct kv **out)
{
    *out = NULL;
    return form_parse_urlencoded(a, s, strlen(s), max, out);
}

static void test_urlencoded_basic(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct kv *kv;
    assert_int_equal(urlenc(a, "a=1&b=x+y%20z&c=%41%6a%2B&d=%e1%BA%A1", 10, &kv), MC_OK);
    assert_int_equal(kv_count(kv), 4);
    assert_string_equal(kv->key, "a");
    assert_string_equal(kv->value, "1");
    assert_int_equal(kv->value_len, 1);
    assert_string_equal(kv_get(kv, "b"), "x y z");
    assert_string_equal(kv_get(kv, "c"), "Aj+");
    assert_string_equal(kv_get(kv, "d"), "ạ");   /* UTF-8 E1 BA A1, mixed case hex */
    assert_null(kv_get(kv, "e"));
    /* Keys are decoded too, order is kept, the first duplicate wins. */
    assert_int_equal(urlenc(a, "h%E1%BB%8D+t%C3%AAn=An&x=1&x=2", 10, &kv), MC_OK);
    assert_string_equal(kv->key, "họ tên");
    assert_string_equal(kv->value, "An");
    assert_string_equal(kv_get(kv, "x"), "1");
    assert_string_equal(kv->next->next->value, "2");
    arena_free(a);
}

static void test_urlencoded_nul_and_length(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct kv *kv = NULL;
    /* %00 stays in the value; value_len counts it. */
    assert_int_equal(urlenc(a, "v=x%00y", 10, &kv), MC_OK);
    assert_int_equal(kv->value_len, 3);
    assert_memory_equal(kv->value, "x\0y", 4);
    /* Only len bytes are read: the input need not be NUL-terminated. */
    kv = NULL;
    const char buf[] = {'a', '=', '1', '&', 'b', '=', '2'};
    assert_int_equal(form_parse_urlencoded(a, buf, 3, 10, &kv), MC_OK);
    assert_int_equal(kv_count(kv), 1);
    assert_string_equal(kv_get(kv, "a"), "1");
    /* A percent escape cut by len is bad even if bytes follow in memory. */
    kv = NULL;
    assert_int_equal(form_parse_urlencoded(a, "a=%41", 4, 10, &kv), MC_ERR_INVALID);
    /* Pairs are appended to an existing list. */
    kv = NULL;
    assert_int_equal(urlenc(a, "a=1", 10, &kv), MC_OK);
    assert_int_equal(form_parse_urlencoded(a, "b=2", 3, 10, &kv), MC_OK);
    assert_int_equal(kv_count(kv), 2);
    arena_free(a);
}

/* A textarea's CR LF line ends reach the handler as LF; a lone CR stays. */
static void test_urlencoded_line_ends(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct kv *kv = NULL;
    assert_int_equal(urlenc(a, "t=B%C6%B0%E1%BB%9Bc+1%0D%0AB2%0D%0A%0D%0Ax%0Dy&u=%0D", 10, &kv),
                     MC_OK);
    assert_string_equal(kv_get(kv, "t"), "Bước 1\nB2\n\nx\ry");
    assert_int_equal(kv->value_len, strlen("Bước 1\nB2\n\nx\ry"));
    assert_string_equal(kv_get(kv, "u"), "\r");
    arena_free(a);
}

static void test_urlencoded_bad_percent(void **state)
{
    (void)state;
    static const char *bad[] = {
        "a=%",  "a=%4",  "a=%zz", "a=%4g", "a=%g4", "%=1", "%G0=1", "a=1&b=%%41",
        "a=%-1", "a=% 1",
    };
    struct arena *a = arena_new();
    struct kv *kv;
    for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
        enum mc_status st = urlenc(a, bad[i], 10, &kv);
        if (st != MC_ERR_INVALID)
            fail_msg("\"%s\" gave %s", bad[i], mc_status_name(st));
    }
    arena_free(a);
}

static void test_urlencoded_missing_eq_and_empty(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct kv *kv;
    assert_int_equal(urlenc(a, "flag&b=2&c=", 10, &kv), MC_OK);
    assert_int_equal(kv_count(kv), 3);
    assert_string_equal(kv->key, "flag");
    assert_string_equal(kv->value, "");
    assert_int_equal(kv->value_len, 0);
    assert_string_equal(kv_get(kv, "c"), "");
    /* Empty pairs are skipped and not counted. */
    assert_int_equal(urlenc(a, "&&a=1&&&b=2&", 2, &kv), MC_OK);
    assert_int_equal(kv_count(kv), 2);
    assert_string_equal(kv_get(kv, "b"), "2");
    assert_int_equal(urlenc(a, "", 0, &kv), MC_OK);
    assert_null(kv);
    assert_int_equal(urlenc(a, "&", 0, &kv), MC_OK);
    assert_null(kv);
    /* "=v": an empty key is kept as such; "a==b": the value holds the '='. */
    assert_int_equal(urlenc(a, "=v&a==b", 10, &kv), MC_OK);
    assert_string_equal(kv->key, "");
    assert_string_equal(kv->value, "v");
    assert_string_equal(kv_get(kv, "a"), "=b");
    arena_free(a);
}

static void test_urlencoded_max_fields(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct kv *kv;
    assert_int_equal(urlenc(a, "a=1&b=2&c=3", 3, &kv), MC_OK);
    assert_int_equal(kv_count(kv), 3);
    assert_int_equal(urlenc(a, "a=1&b=2&c=3", 2, &kv), MC_ERR_INVALID);
    assert_int_equal(urlenc(a, "a", 0, &kv), MC_ERR_INVALID);
    /* 200 fields exactly is fine, 201 is not. */
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    for (int i = 0; i < 201; i++)
        buf_addf(&b, "%sf%d=%d", i ? "&" : "", i, i);
    assert_int_equal(buf_status(&b), MC_OK);
    kv = NULL;
    assert_int_equal(form_parse_urlencoded(a, b.data, b.len, 201, &kv), MC_OK);
    assert_int_equal(kv_count(kv), 201);
    assert_string_equal(kv_get(kv, "f200"), "200");
    kv = NULL;
    assert_int_equal(form_parse_urlencoded(a, b.data, b.len, 200, &kv), MC_ERR_INVALID);
    buf_release(&b);
    arena_free(a);
}

/* ---------------------------------------------------------------- cookies */

static void test_cookies(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct kv *kv = NULL;
    form_parse_cookies(a, "sid=abc; theme=dark;lang=vi", &kv);
    assert_int_equal(kv_count(kv), 3);
    assert_string_equal(kv_get(kv, "sid"), "abc");
    assert_string_equal(kv_get(kv, "theme"), "dark");
    assert_string_equal(kv_get(kv, "lang"), "vi");

    kv = NULL;
    form_parse_cookies(a, "q=\"hello world\"; e=\"\"; one=\"; plain=a\"b", &kv);
    assert_string_equal(kv_get(kv, "q"), "hello world");
    assert_int_equal(kv->value_len, strlen("hello world"));
    assert_string_equal(kv_get(kv, "e"), "");
    assert_string_equal(kv_get(kv, "one"), "\"");   /* a lone quote is kept */
    assert_string_equal(kv_get(kv, "plain"), "a\"b");

    kv = NULL;
    form_parse_cookies(a, "", &kv);
    assert_null(kv);
    form_parse_cookies(a, " ;; ; ", &kv);
    assert_null(kv);
    /* Names without '=' and empty names are dropped; empty values kept. */
    form_parse_cookies(a, "  junk; =x; a=; ;b=2;  tail", &kv);
    assert_int_equal(kv_count(kv), 2);
    assert_string_equal(kv_get(kv, "a"), "");
    assert_string_equal(kv_get(kv, "b"), "2");
    assert_null(kv_get(kv, "junk"));
    assert_null(kv_get(kv, "tail"));
    /* Values may contain '=' (base64). */
    kv = NULL;
    form_parse_cookies(a, "t=YQ==", &kv);
    assert_string_equal(kv_get(kv, "t"), "YQ==");
    arena_free(a);
}

/* ---------------------------------------------------------------- multipart */

/* Records every callback as text so whole runs can be compared. */
struct rec {
    struct buf log;
    int begins, ends;
    int fail_at_begin;        /* > 0: part_begin number n fails */
    enum mc_status fail_with;
};

static enum mc_status rec_begin(void *ctx, const char *name, const char *filename,
                                const char *content_type)
{
    struct rec *r = ctx;
    r->begins++;
    buf_addf(&r->log, "[begin name=%s file=%s type=%s]", name, filename ? filename : "-",
             content_type ? content_type : "-");
    if (r->fail_at_begin == r->begins)
        return r->fail_with;
    return MC_OK;
}

static enum mc_status rec_data(void *ctx, const char *data, size_t len)
{
    struct rec *r = ctx;
    assert_true(len > 0);
    buf_add(&r->log, data, len);
    return MC_OK;
}

static enum mc_status rec_end(void *ctx)
{
    struct rec *r = ctx;
    r->ends++;
    buf_adds(&r->log, "[end]");
    return MC_OK;
}

static void rec_init(struct rec *r)
{
    memset(r, 0, sizeof(*r));
    buf_init(&r->log, BUF_MAX_PAGE);
}

#define CTYPE "multipart/form-data; boundary=XyZ"

/* The file content: every near-miss of the delimiter "\r\n--XyZ". */
static const char FILE_CONTENT[] =
    "line one\r\nline two\r\n"
    "\r\n--XyQ not it\r\n"
    "\r\n--Xy\r\n"
    "\r\n-\r\n--\r\r\n--X\n--XyZ\r--XyZ\r\n "
    "--XyZ at line start without CR LF\r\n"
    "\r\r\r\n\n\n"
    "ends with CR\r";

static const char BODY[] =
    "This is the preamble; \r\n-- ignore it. --XyZ\r\n"
    "\r\n--XyZ\r\n"
    "Content-Disposition: form-data; name=\"title\"\r\n"
    "\r\n"
    "H\xe1\xbb\x93 s\xc6\xa1 s\xe1\xbb\x91 1\r\n"
    "--XyZ\r\n"
    "content-disposition: form-data; name=\"note\"\n"
    "\n"
    "x\r\n"
    "--XyZ  \r\n"
    "Content-Disposition: form-data; name=\"upload\"; filename=\"b\xc3\xa1o c\xc3\xa1o.bin\"\r\n"
    "Content-Type: application/octet-stream\r\n"
    "\r\n"
    "%s\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"empty\"\r\n"
    "\r\n"
    "\r\n"
    "--XyZ--\r\n"
    "This is the epilogue. \r\n--XyZ\r\nContent-Disposition: junk\r\n\r\n";

static const char EXPECTED[] =
    "[begin name=title file=- type=-]H\xe1\xbb\x93 s\xc6\xa1 s\xe1\xbb\x91 1[end]"
    "[begin name=note file=- type=-]x[end]"
    "[begin name=upload file=b\xc3\xa1o c\xc3\xa1o.bin type=application/octet-stream]"
    "%s[end]"
    "[begin name=empty file=- type=-][end]";

static void make_body(struct buf *body, struct buf *expected)
{
    buf_init(body, BUF_MAX_SMALL);
    buf_init(expected, BUF_MAX_SMALL);
    buf_addf(body, BODY, FILE_CONTENT);
    buf_addf(expected, EXPECTED, FILE_CONTENT);
    assert_int_equal(buf_status(body), MC_OK);
    assert_int_equal(buf_status(expected), MC_OK);
}

/* Feed body in chunks of the sizes next_size() picks; returns finish's status. */
static enum mc_status run_chunks(const char *ctype, const char *data, size_t len,
                                 size_t (*next_size)(size_t remaining), struct rec *r)
{
    static const struct multipart_handler h0 = {rec_begin, rec_data, rec_end, NULL};
    struct multipart_handler h = h0;
    struct multipart *mp;
    struct arena *a = arena_new();
    h.ctx = r;
    enum mc_status st = multipart_new(a, ctype, &h, &mp);
    assert_int_equal(st, MC_OK);
    size_t off = 0;
    while (off < len && st == MC_OK) {
        size_t n = next_size(len - off);
        if (n > len - off)
            n = len - off;
        st = multipart_feed(mp, data + off, n);
        off += n;
    }
    if (st == MC_OK)
        st = multipart_finish(mp);
    arena_free(a);
    return st;
}

static size_t whole(size_t remaining)
{
    return remaining;
}

static size_t one(size_t remaining)
{
    (void)remaining;
    return 1;
}

static size_t random_size(size_t remaining)
{
    (void)remaining;
    return 1 + (size_t)(rand() % 23);
}

static size_t random_big(size_t remaining)
{
    (void)remaining;
    return 1 + (size_t)(rand() % 300);
}

static size_t fixed_n;

static size_t fixed(size_t remaining)
{
    (void)remaining;
    return fixed_n;
}

static void test_multipart_chunkings_agree(void **state)
{
    (void)state;
    struct buf body, expected;
    make_body(&body, &expected);
    size_t (*ways[])(size_t) = {whole, one, random_size, random_big};
    srand(766);
    for (size_t w = 0; w < MC_ARRAY_LEN(ways); w++) {
        for (int rep = 0; rep < (w >= 2 ? 50 : 1); rep++) {
            struct rec r;
            rec_init(&r);
            assert_int_equal(run_chunks(CTYPE, body.data, body.len, ways[w], &r), MC_OK);
            assert_int_equal(r.begins, 4);
            assert_int_equal(r.ends, 4);
            assert_int_equal(r.log.len, expected.len);
            assert_memory_equal(r.log.data, expected.data, expected.len);
            buf_release(&r.log);
        }
    }
    /* Every fixed chunk size up to the longest run of near-misses. */
    for (fixed_n = 1; fixed_n < 40; fixed_n++) {
        struct rec r;
        rec_init(&r);
        assert_int_equal(run_chunks(CTYPE, body.data, body.len, fixed, &r), MC_OK);
        assert_string_equal(buf_cstr(&r.log), buf_cstr(&expected));
        buf_release(&r.log);
    }
    buf_release(&body);
    buf_release(&expected);
}

/* Split at every position: a boundary prefix lands on each side of a cut. */
static void test_multipart_every_split(void **state)
{
    (void)state;
    static const char body[] =
        "--b1\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n"
        "A\r\n--b2\r\n-B\r\n--b\r\n--b1\r\nContent-Disposition: form-data; name=\"g\"\r\n\r\n"
        "C\r\n--b1--";
    static const char want[] = "[begin name=f file=x type=-]A\r\n--b2\r\n-B\r\n--b[end]"
                               "[begin name=g file=- type=-]C[end]";
    static const struct multipart_handler h0 = {rec_begin, rec_data, rec_end, NULL};
    size_t len = strlen(body);
    for (size_t cut1 = 0; cut1 <= len; cut1++) {
        for (size_t cut2 = cut1; cut2 <= len; cut2 += 7) {
            struct rec r;
            struct multipart_handler h = h0;
            struct multipart *mp;
            struct arena *a = arena_new();
            rec_init(&r);
            h.ctx = &r;
            assert_int_equal(multipart_new(a, "multipart/form-data; boundary=b1", &h, &mp),
                             MC_OK);
            assert_int_equal(multipart_feed(mp, body, cut1), MC_OK);
            assert_int_equal(multipart_feed(mp, body + cut1, cut2 - cut1), MC_OK);
            assert_int_equal(multipart_feed(mp, body + cut2, len - cut2), MC_OK);
            assert_int_equal(multipart_finish(mp), MC_OK);
            assert_string_equal(buf_cstr(&r.log), want);
            buf_release(&r.log);
            arena_free(a);
        }
    }
}

static enum mc_status parse_all(const char *ctype, const char *body, struct rec *r)
{
    rec_init(r);
    return run_chunks(ctype, body, strlen(body), whole, r);
}

static enum mc_status parse_bytewise(const char *ctype, const char *body, struct rec *r)
{
    rec_init(r);
    return run_chunks(ctype, body, strlen(body), one, r);
}

static void expect_status(const char *ctype, const char *body, enum mc_status want)
{
    struct rec r;
    enum mc_status st = parse_all(ctype, body, &r);
    if (st != want)
        fail_msg("whole: %s, want %s, for %s", mc_status_name(st), mc_status_name(want), body);
    buf_release(&r.log);
    st = parse_bytewise(ctype, body, &r);
    if (st != want)
        fail_msg("bytewise: %s, want %s", mc_status_name(st), mc_status_name(want));
    buf_release(&r.log);
}

#define PART(name) "Content-Disposition: form-data; name=\"" name "\"\r\n"

static void test_multipart_structure_errors(void **state)
{
    (void)state;
    /* Missing closing boundary: finish fails. */
    expect_status(CTYPE, "--XyZ\r\n" PART("a") "\r\nvalue\r\n", MC_ERR_INVALID);
    expect_status(CTYPE, "--XyZ\r\n" PART("a") "\r\nvalue\r\n--XyZ\r\n", MC_ERR_INVALID);
    expect_status(CTYPE, "--XyZ\r\n" PART("a") "\r\nvalue\r\n--XyZ-", MC_ERR_INVALID);
    expect_status(CTYPE, "--XyZ\r\n" PART("a") "\r\nvalue\r\n--XyZ", MC_ERR_INVALID);
    expect_status(CTYPE, "", MC_ERR_INVALID);
    expect_status(CTYPE, "just text, no boundary at all", MC_ERR_INVALID);
    /* An empty form is fine. */
    expect_status(CTYPE, "--XyZ--", MC_OK);
    expect_status(CTYPE, "--XyZ--\r\n", MC_OK);
    /* Junk after a delimiter. */
    expect_status(CTYPE, "--XyZ\r\n" PART("a") "\r\nv\r\n--XyZ_more\r\n", MC_ERR_INVALID);
    expect_status(CTYPE, "--XyZ-x", MC_ERR_INVALID);
    expect_status(CTYPE, "--XyZ\rx", MC_ERR_INVALID);
    /* No name, or no Content-Disposition at all. */
    expect_status(CTYPE, "--XyZ\r\nContent-Disposition: form-data; filename=\"f\"\r\n\r\nv\r\n"
                         "--XyZ--",
                  MC_ERR_INVALID);
    expect_status(CTYPE, "--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--",
                  MC_ERR_INVALID);
    expect_status(CTYPE, "--XyZ\r\n\r\nv\r\n--XyZ--", MC_ERR_INVALID);
    /* A header line without a colon. */
    expect_status(CTYPE, "--XyZ\r\n" PART("a") "Bogus header\r\n\r\nv\r\n--XyZ--",
                  MC_ERR_INVALID);
    /* Unquoted parameters and filename before name. */
    struct rec r;
    assert_int_equal(parse_all(CTYPE,
                               "--XyZ\r\nContent-Disposition: form-data; filename=f.txt; "
                               "name=doc\r\n\r\nv\r\n--XyZ--",
                               &r),
                     MC_OK);
    assert_string_equal(buf_cstr(&r.log), "[begin name=doc file=f.txt type=-]v[end]");
    buf_release(&r.log);
}

static void test_multipart_header_limits(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    /* 8 header lines are allowed... */
    buf_adds(&b, "--XyZ\r\n" PART("a"));
    for (int i = 0; i < 7; i++)
        buf_addf(&b, "X-Extra-%d: %d\r\n", i, i);
    buf_adds(&b, "\r\nv\r\n--XyZ--");
    expect_status(CTYPE, buf_cstr(&b), MC_OK);
    /* ... 9 are not. */
    buf_reset(&b);
    buf_adds(&b, "--XyZ\r\n" PART("a"));
    for (int i = 0; i < 8; i++)
        buf_addf(&b, "X-Extra-%d: %d\r\n", i, i);
    buf_adds(&b, "\r\nv\r\n--XyZ--");
    expect_status(CTYPE, buf_cstr(&b), MC_ERR_INVALID);
    /* The header count starts again in each part. */
    buf_reset(&b);
    for (int p = 0; p < 3; p++) {
        buf_adds(&b, "--XyZ\r\n" PART("a"));
        for (int i = 0; i < 7; i++)
            buf_addf(&b, "X-Extra-%d: %d\r\n", i, i);
        buf_adds(&b, "\r\nv\r\n");
    }
    buf_adds(&b, "--XyZ--");
    expect_status(CTYPE, buf_cstr(&b), MC_OK);
    /* A header line of 1000 bytes is fine, one over 1 KiB is not. */
    buf_reset(&b);
    buf_adds(&b, "--XyZ\r\n" PART("a") "X-Long: ");
    for (int i = 0; i < 990; i++)
        buf_addch(&b, 'x');
    buf_adds(&b, "\r\n\r\nv\r\n--XyZ--");
    expect_status(CTYPE, buf_cstr(&b), MC_OK);
    buf_reset(&b);
    buf_adds(&b, "--XyZ\r\n" PART("a") "X-Long: ");
    for (int i = 0; i < 1100; i++)
        buf_addch(&b, 'x');
    buf_adds(&b, "\r\n\r\nv\r\n--XyZ--");
    expect_status(CTYPE, buf_cstr(&b), MC_ERR_INVALID);
    /* Long part content is not limited by the header limit. */
    buf_reset(&b);
    buf_adds(&b, "--XyZ\r\n" PART("a") "\r\n");
    for (int i = 0; i < 5000; i++)
        buf_addch(&b, (char)('a' + i % 26));
    buf_adds(&b, "\r\n--XyZ--");
    expect_status(CTYPE, buf_cstr(&b), MC_OK);
    buf_release(&b);
}

static void test_multipart_content_type_header(void **state)
{
    (void)state;
    static const struct multipart_handler h = {rec_begin, rec_data, rec_end, NULL};
    struct arena *a = arena_new();
    struct multipart *mp = (struct multipart *)&mp;
    static const char *bad[] = {
        "text/plain; boundary=XyZ",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"\"",
        "multipart/form-data; boundary=\"unterminated",
        "multipart/form-data; boundary=\"a\rb\"",
        "multipart/form-data; boundary=\"a\r\nb\"",
        "multipart/form-data; boundary=a\rb",
        "multipart/form-data; boundary=a\nb",
        "multipart/form-data; xboundary=XyZ",
    };
    for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
        mp = (struct multipart *)&mp;
        if (multipart_new(a, bad[i], &h, &mp) != MC_ERR_INVALID)
            fail_msg("accepted %s", bad[i]);
        assert_null(mp);
    }
    assert_int_equal(multipart_new(a, NULL, &h, &mp), MC_ERR_INVALID);
    /* A boundary over 200 bytes. */
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    buf_adds(&b, "multipart/form-data; boundary=");
    for (int i = 0; i < 201; i++)
        buf_addch(&b, 'q');
    assert_int_equal(multipart_new(a, buf_cstr(&b), &h, &mp), MC_ERR_INVALID);
    buf_release(&b);
    arena_free(a);

    struct rec r;
    /* Quoted boundary with characters an unquoted one cannot carry. */
    assert_int_equal(parse_bytewise("multipart/form-data; boundary=\"a b;c\"",
                                    "--a b;c\r\n" PART("x") "\r\n1\r\n--a b;c--", &r),
                     MC_OK);
    assert_string_equal(buf_cstr(&r.log), "[begin name=x file=- type=-]1[end]");
    buf_release(&r.log);
    /* Unquoted, with a parameter after it, no space, mixed-case type. */
    assert_int_equal(parse_all("Multipart/Form-Data;boundary=----WebKitFormBoundary7MA4YWxk; "
                               "charset=utf-8",
                               "------WebKitFormBoundary7MA4YWxk\r\n" PART("x")
                               "\r\n2\r\n------WebKitFormBoundary7MA4YWxk--",
                               &r),
                     MC_OK);
    assert_string_equal(buf_cstr(&r.log), "[begin name=x file=- type=-]2[end]");
    buf_release(&r.log);
    /* The boundary parameter is found after others. */
    assert_int_equal(parse_all("multipart/form-data; charset=utf-8; boundary=Q",
                               "--Q\r\n" PART("x") "\r\n3\r\n--Q--", &r),
                     MC_OK);
    assert_string_equal(buf_cstr(&r.log), "[begin name=x file=- type=-]3[end]");
    buf_release(&r.log);
}

static void test_multipart_callback_error_is_sticky(void **state)
{
    (void)state;
    static const struct multipart_handler h0 = {rec_begin, rec_data, rec_end, NULL};
    struct buf body, expected;
    make_body(&body, &expected);
    struct rec r;
    rec_init(&r);
    r.fail_at_begin = 3;
    r.fail_with = MC_ERR_TOO_LARGE;
    struct multipart_handler h = h0;
    h.ctx = &r;
    struct arena *a = arena_new();
    struct multipart *mp;
    assert_int_equal(multipart_new(a, CTYPE, &h, &mp), MC_OK);
    assert_int_equal(multipart_feed(mp, body.data, body.len), MC_ERR_TOO_LARGE);
    assert_int_equal(r.begins, 3);
    assert_int_equal(r.ends, 2);   /* no part_end after a failed begin, nor later */
    assert_int_equal(multipart_feed(mp, "more", 4), MC_ERR_TOO_LARGE);
    assert_int_equal(multipart_finish(mp), MC_ERR_TOO_LARGE);
    assert_int_equal(r.begins, 3);
    buf_release(&r.log);
    arena_free(a);
    /* A protocol error is sticky too, and nothing after it is delivered. */
    rec_init(&r);
    h.ctx = &r;
    a = arena_new();
    assert_int_equal(multipart_new(a, CTYPE, &h, &mp), MC_OK);
    assert_int_equal(multipart_feed(mp, "--XyZ!", 6), MC_ERR_INVALID);
    assert_int_equal(multipart_feed(mp, "\r\n" PART("a") "\r\nv\r\n--XyZ--", 50),
                     MC_ERR_INVALID);
    assert_int_equal(multipart_finish(mp), MC_ERR_INVALID);
    assert_int_equal(r.begins, 0);
    buf_release(&r.log);
    arena_free(a);
    buf_release(&body);
    buf_release(&expected);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_urlencoded_basic),
        cmocka_unit_test(test_urlencoded_nul_and_length),
        cmocka_unit_test(test_urlencoded_line_ends),
        cmocka_unit_test(test_urlencoded_bad_percent),
        cmocka_unit_test(test_urlencoded_missing_eq_and_empty),
        cmocka_unit_test(test_urlencoded_max_fields),
        cmocka_unit_test(test_cookies),
        cmocka_unit_test(test_multipart_chunkings_agree),
        cmocka_unit_test(test_multipart_every_split),
        cmocka_unit_test(test_multipart_structure_errors),
        cmocka_unit_test(test_multipart_header_limits),
        cmocka_unit_test(test_multipart_content_type_header),
        cmocka_unit_test(test_multipart_callback_error_is_sticky),
    };
    return cmocka_run_group_tests_name("core/form", tests, NULL, NULL);
}
