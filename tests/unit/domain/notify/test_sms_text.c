/* test_sms_text.c - unit tests for domain/notify/sms_text: segments, diacritics, templates. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "domain/notify/sms_text.h"
#include "domain/notify/notify_prefs.h"

static void repeat(char *out, char c, size_t n)
{
    memset(out, c, n);
    out[n] = '\0';
}

/* Append s to out (size bytes). */
static void add(char *out, size_t size, const char *s)
{
    size_t n = strlen(out);
    snprintf(out + n, size - n, "%s", s);
}

static void test_gsm7_segments(void **state)
{
    char s[400];
    struct sms_count c;
    (void)state;
    assert_int_equal(sms_count("", &c), MC_OK);
    assert_int_equal(c.segments, 0);
    repeat(s, 'a', 160);
    assert_int_equal(sms_count(s, &c), MC_OK);
    assert_false(c.ucs2);
    assert_int_equal(c.units, 160);
    assert_int_equal(c.segments, 1);
    repeat(s, 'a', 161);
    assert_int_equal(sms_count(s, &c), MC_OK);
    assert_int_equal(c.segments, 2);
    assert_int_equal(c.per_segment, 153);
    repeat(s, 'a', 306);
    assert_int_equal(sms_count(s, &c), MC_OK);
    assert_int_equal(c.segments, 2);
    repeat(s, 'a', 307);
    assert_int_equal(sms_count(s, &c), MC_OK);
    assert_int_equal(c.segments, 3);
    /* extension characters take two septets */
    repeat(s, 'a', 158);
    add(s, sizeof(s), "{");
    assert_int_equal(sms_count(s, &c), MC_OK);
    assert_int_equal(c.units, 160);
    assert_int_equal(c.segments, 1);
    add(s, sizeof(s), "a");
    assert_int_equal(sms_count(s, &c), MC_OK);
    assert_int_equal(c.segments, 2);
    /* é is in the GSM alphabet */
    assert_int_equal(sms_count("caf\xc3\xa9", &c), MC_OK);
    assert_false(c.ucs2);
}

static void test_ucs2_segments(void **state)
{
    char s[600] = "";
    struct sms_count c;
    (void)state;
    assert_int_equal(sms_count("Hồ sơ", &c), MC_OK);
    assert_true(c.ucs2);
    assert_int_equal(c.units, 5);
    for (int i = 0; i < 70; i++)
        add(s, sizeof(s), "ồ");
    assert_int_equal(sms_count(s, &c), MC_OK);
    assert_int_equal(c.segments, 1);
    add(s, sizeof(s), "a");
    assert_int_equal(sms_count(s, &c), MC_OK);
    assert_int_equal(c.segments, 2);
    assert_int_equal(c.per_segment, 67);
    /* outside the basic plane: two UTF-16 units */
    assert_int_equal(sms_count("\xf0\x9f\x98\x80", &c), MC_OK);
    assert_int_equal(c.units, 2);
    assert_int_equal(sms_count("\xff", &c), MC_ERR_INVALID);
}

static void test_strip_diacritics(void **state)
{
    struct buf b;
    struct sms_count c;
    (void)state;
    buf_init(&b, 1024);
    assert_int_equal(sms_strip_diacritics("Hồ sơ ĐÃ được tiếp nhận, đúng hẹn", &b), MC_OK);
    assert_string_equal(buf_cstr(&b), "Ho so DA duoc tiep nhan, dung hen");
    assert_int_equal(sms_count(buf_cstr(&b), &c), MC_OK);
    assert_false(c.ucs2);
    buf_reset(&b);
    /* decomposed input: the combining marks go too */
    assert_int_equal(sms_strip_diacritics("Vie\xcc\xa3\xcc\x82t", &b), MC_OK);
    assert_string_equal(buf_cstr(&b), "Viet");
    buf_release(&b);
}

static void test_templates(void **state)
{
    static const char *const allowed[] = {"ma_ho_so", "ngay_hen", NULL};
    char msg[200], s[1000] = "";
    (void)state;
    assert_int_equal(sms_template_check("Ho so {ma_ho_so} hen {ngay_hen}", allowed, true, 0,
                                        msg, sizeof(msg)), MC_OK);
    assert_int_equal(sms_template_check("Ho so {ma_hs}", allowed, true, 0, msg, sizeof(msg)),
                     MC_ERR_INVALID);
    assert_string_equal(msg, "Tham số {ma_hs} không có trong mẫu tin này.");
    assert_int_equal(sms_template_check("Ho so {ma_ho_so", allowed, true, 0, msg, sizeof(msg)),
                     MC_ERR_INVALID);
    assert_string_equal(msg, "Thiếu dấu } để đóng tham số.");
    assert_int_equal(sms_template_check("a } b", allowed, true, 0, msg, sizeof(msg)),
                     MC_ERR_INVALID);
    for (int i = 0; i < 270; i++)
        add(s, sizeof(s), "ồ");
    assert_int_equal(sms_template_check(s, allowed, true, 0, msg, sizeof(msg)), MC_ERR_INVALID);
    assert_non_null(strstr(msg, "Tin SMS quá dài: 5 phần"));
    assert_int_equal(sms_template_check(s, allowed, false, 0, msg, sizeof(msg)), MC_OK);

    struct buf b;
    static const char *const names[] = {"ma_ho_so", "ngay_hen"};
    static const char *const values[] = {"HS-1", "04/03/2026"};
    buf_init(&b, 1024);
    assert_int_equal(sms_template_fill("Ho so {ma_ho_so} hen {ngay_hen}.", names, values, 2,
                                       &b), MC_OK);
    assert_string_equal(buf_cstr(&b), "Ho so HS-1 hen 04/03/2026.");
    buf_release(&b);
}

static void test_stop_keywords(void **state)
{
    (void)state;
    assert_true(notify_is_stop_keyword("TC"));
    assert_true(notify_is_stop_keyword("  tc "));
    assert_true(notify_is_stop_keyword("Từ chối"));
    assert_true(notify_is_stop_keyword("HUY"));
    assert_false(notify_is_stop_keyword("TC HS-1 hỏi"));
    assert_false(notify_is_stop_keyword(""));
    assert_false(notify_is_stop_keyword(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gsm7_segments),
        cmocka_unit_test(test_ucs2_segments),
        cmocka_unit_test(test_strip_diacritics),
        cmocka_unit_test(test_templates),
        cmocka_unit_test(test_stop_keywords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
