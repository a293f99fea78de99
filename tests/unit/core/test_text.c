/* test_text.c - unit tests for core/text (validation, NFC, folding). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include "core/buf.h"
#include "core/text.h"

/* A byte string with an explicit length (some contain NUL). */
struct bytes {
    const char *s;
    size_t len;
};

#define B(lit) { lit, sizeof(lit) - 1 }

/* Fold s (NUL-terminated) and compare with want. */
static void assert_fold(const char *s, const char *want)
{
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    assert_int_equal(text_fold(s, strlen(s), &b), MC_OK);
    assert_string_equal(buf_cstr(&b), want);
    buf_release(&b);
}

/* NFC-normalise s (NUL-terminated) and compare with want. */
static void assert_nfc(const char *s, const char *want)
{
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    assert_int_equal(text_nfc(s, strlen(s), &b), MC_OK);
    assert_string_equal(buf_cstr(&b), want);
    buf_release(&b);
}

static void test_utf8_valid_accepts(void **state)
{
    (void)state;
    static const struct bytes ok[] = {
        B(""),
        B("abc"),
        B("Tiếng Việt có dấu"),
        B("tab\there\nnew line\r\n"),
        B("\x7f"),                  /* DEL is not a C0 control */
        B("\xc2\x80"),              /* U+0080, smallest 2-byte */
        B("\xdf\xbf"),              /* U+07FF */
        B("\xe0\xa0\x80"),          /* U+0800, smallest 3-byte */
        B("\xed\x9f\xbf"),          /* U+D7FF, just below the surrogates */
        B("\xee\x80\x80"),          /* U+E000, just above them */
        B("\xef\xbf\xbf"),          /* U+FFFF */
        B("\xf0\x90\x80\x80"),      /* U+10000, smallest 4-byte */
        B("\xf0\x9f\x98\x80"),      /* an emoji */
        B("\xf4\x8f\xbf\xbf"),      /* U+10FFFF, the largest */
    };
    for (size_t i = 0; i < MC_ARRAY_LEN(ok); i++) {
        if (!text_utf8_valid(ok[i].s, ok[i].len))
            fail_msg("rejected valid case %zu", i);
    }
    assert_true(text_utf8_valid(NULL, 0));
}

static void test_utf8_valid_rejects(void **state)
{
    (void)state;
    static const struct bytes bad[] = {
        B("\xc0\xaf"),              /* overlong '/' */
        B("\xc1\xbf"),              /* overlong U+007F */
        B("\xc0\x80"),              /* overlong NUL */
        B("\xe0\x80\xaf"),          /* overlong 3-byte '/' */
        B("\xe0\x9f\xbf"),          /* overlong U+07FF */
        B("\xf0\x80\x80\xaf"),      /* overlong 4-byte '/' */
        B("\xf0\x8f\xbf\xbf"),      /* overlong U+FFFF */
        B("\xed\xa0\x80"),          /* U+D800, high surrogate */
        B("\xed\xbf\xbf"),          /* U+DFFF, low surrogate */
        B("\xed\xa0\xbd\xed\xb8\x80"), /* CESU-8 surrogate pair */
        B("\xf4\x90\x80\x80"),      /* U+110000 */
        B("\xf5\x80\x80\x80"),      /* lead byte past U+10FFFF */
        B("\xf8\x88\x80\x80\x80"),  /* old 5-byte form */
        B("\xc3"),                  /* truncated 2-byte */
        B("\xe1\xba"),              /* truncated 3-byte */
        B("\xf0\x9f\x98"),          /* truncated 4-byte */
        B("Vi\xe1\xbb"),            /* truncated at the end of text */
        B("\xe1\xbb" "abc"),        /* truncated before ASCII */
        B("\xc3\x28"),              /* bad continuation */
        B("\x80"),                  /* lone continuation */
        B("a\xbf" "b"),             /* lone continuation inside text */
        B("\xff"),
        B("\xfe"),
        B("ab\xff" "cd"),
        B("a\0b"),                  /* embedded NUL */
        B("\0"),
        B("\x01"),
        B("\x08"),                  /* backspace */
        B("\x0b"),                  /* vertical tab */
        B("\x0c"),                  /* form feed */
        B("esc\x1b[0m"),
        B("\x1f"),
    };
    for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
        if (text_utf8_valid(bad[i].s, bad[i].len))
            fail_msg("accepted invalid case %zu", i);
    }
}

static void test_nfc_composes(void **state)
{
    (void)state;
    assert_nfc("plain ascii", "plain ascii");
    assert_nfc("", "");
    assert_nfc("a\xcc\x81", "á");
    /* e + dot below + circumflex, and the marks the other way round. */
    assert_nfc("Vie\xcc\xa3\xcc\x82t Nam", "Việt Nam");
    assert_nfc("Vie\xcc\x82\xcc\xa3t Nam", "Việt Nam");
    assert_nfc("D\xcc\x9b", "D\xcc\x9b");    /* no precomposed D-horn */
    assert_nfc("Đăng ký khai sinh", "Đăng ký khai sinh");
    /* Hangul jamo compose into a syllable. */
    assert_nfc("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", "\xed\x95\x9c");
}

static void test_nfc_errors(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 16);
    buf_adds(&b, "x");
    assert_int_equal(text_nfc("a\xff", 2, &b), MC_ERR_INVALID);
    assert_int_equal(text_nfc("a\0b", 3, &b), MC_ERR_INVALID);
    assert_string_equal(buf_cstr(&b), "x");
    assert_int_equal(buf_status(&b), MC_OK);
    /* Appends. */
    assert_int_equal(text_nfc("e\xcc\x81", 3, &b), MC_OK);
    assert_string_equal(buf_cstr(&b), "xé");
    /* Too large: ASCII path and Unicode path. */
    const char *big = "0123456789abcdefghij";
    assert_int_equal(text_nfc(big, strlen(big), &b), MC_ERR_TOO_LARGE);
    assert_int_equal(buf_status(&b), MC_ERR_TOO_LARGE);
    buf_reset(&b);
    const char *vn = "Việt Nam Việt Nam Việt Nam Việt Nam Việt Nam Việt Nam";
    assert_int_equal(text_nfc(vn, strlen(vn), &b), MC_ERR_TOO_LARGE);
    buf_reset(&b);
    assert_int_equal(text_nfc("Việt", strlen("Việt"), &b), MC_OK);
    assert_string_equal(buf_cstr(&b), "Việt");
    buf_release(&b);
}

/* The 12 Vietnamese vowels with the 5 tones (plus none), precomposed. */
static const char *const vowels_lower[12][6] = {
    { "a", "à", "á", "ả", "ã", "ạ" },
    { "ă", "ằ", "ắ", "ẳ", "ẵ", "ặ" },
    { "â", "ầ", "ấ", "ẩ", "ẫ", "ậ" },
    { "e", "è", "é", "ẻ", "ẽ", "ẹ" },
    { "ê", "ề", "ế", "ể", "ễ", "ệ" },
    { "i", "ì", "í", "ỉ", "ĩ", "ị" },
    { "o", "ò", "ó", "ỏ", "õ", "ọ" },
    { "ô", "ồ", "ố", "ổ", "ỗ", "ộ" },
    { "ơ", "ờ", "ớ", "ở", "ỡ", "ợ" },
    { "u", "ù", "ú", "ủ", "ũ", "ụ" },
    { "ư", "ừ", "ứ", "ử", "ữ", "ự" },
    { "y", "ỳ", "ý", "ỷ", "ỹ", "ỵ" },
};
static const char *const vowels_upper[12][6] = {
    { "A", "À", "Á", "Ả", "Ã", "Ạ" },
    { "Ă", "Ằ", "Ắ", "Ẳ", "Ẵ", "Ặ" },
    { "Â", "Ầ", "Ấ", "Ẩ", "Ẫ", "Ậ" },
    { "E", "È", "É", "Ẻ", "Ẽ", "Ẹ" },
    { "Ê", "Ề", "Ế", "Ể", "Ễ", "Ệ" },
    { "I", "Ì", "Í", "Ỉ", "Ĩ", "Ị" },
    { "O", "Ò", "Ó", "Ỏ", "Õ", "Ọ" },
    { "Ô", "Ồ", "Ố", "Ổ", "Ỗ", "Ộ" },
    { "Ơ", "Ờ", "Ớ", "Ở", "Ỡ", "Ợ" },
    { "U", "Ù", "Ú", "Ủ", "Ũ", "Ụ" },
    { "Ư", "Ừ", "Ứ", "Ử", "Ữ", "Ự" },
    { "Y", "Ỳ", "Ý", "Ỷ", "Ỹ", "Ỵ" },
};
/* The same vowels decomposed: base letter and vowel mark. */
static const struct {
    char base;
    const char *mark;    /* combining breve, circumflex or horn, or "" */
} vowel_parts[12] = {
    { 'a', "" }, { 'a', "\xcc\x86" }, { 'a', "\xcc\x82" },
    { 'e', "" }, { 'e', "\xcc\x82" }, { 'i', "" },
    { 'o', "" }, { 'o', "\xcc\x82" }, { 'o', "\xcc\x9b" },
    { 'u', "" }, { 'u', "\xcc\x9b" }, { 'y', "" },
};
/* Combining tone marks: none, huyền, sắc, hỏi, ngã, nặng. */
static const char *const tone_marks[6] = {
    "", "\xcc\x80", "\xcc\x81", "\xcc\x89", "\xcc\x83", "\xcc\xa3",
};

static void test_fold_every_vowel_and_tone(void **state)
{
    (void)state;
    int checked = 0;
    for (size_t v = 0; v < 12; v++) {
        for (size_t t = 0; t < 6; t++) {
            for (int upper = 0; upper < 2; upper++) {
                const char *pre = upper ? vowels_upper[v][t] : vowels_lower[v][t];
                char want[2] = { vowel_parts[v].base, '\0' };
                char dec[16];
                char base = upper ? (char)(vowel_parts[v].base - 'a' + 'A')
                                  : vowel_parts[v].base;
                snprintf(dec, sizeof(dec), "%c%s%s", base, vowel_parts[v].mark,
                         tone_marks[t]);
                /* Precomposed and decomposed both fold to the bare letter... */
                assert_fold(pre, want);
                assert_fold(dec, want);
                /* ...and the table agrees with NFC of the decomposed form. */
                assert_nfc(dec, pre);
                /* Inside a word, in upper and lower case. */
                char word[32], wword[8];
                snprintf(word, sizeof(word), "%sNG%s", upper ? "Đ" : "đ", pre);
                snprintf(wword, sizeof(wword), "dng%c", vowel_parts[v].base);
                assert_fold(word, wword);
                checked++;
            }
        }
    }
    assert_int_equal(checked, 12 * 6 * 2);
}

static void test_fold_d_and_examples(void **state)
{
    (void)state;
    assert_fold("Đăng ký KHAI SINH!", "dang ky khai sinh");
    assert_fold("đ Đ", "d d");
    assert_fold("ĐƯỜNG ĐI", "duong di");
    assert_fold("Ðà Nẵng", "da nang");          /* Icelandic eth for Đ */
    assert_fold("Thành phố Hồ Chí Minh", "thanh pho ho chi minh");
    assert_fold("Nghị định 15/2020/NĐ-CP", "nghi dinh 15 2020 nd cp");
    /* Old and new tone placement, precomposed and decomposed. */
    assert_fold("hoà", "hoa");
    assert_fold("hòa", "hoa");
    assert_fold("HOÀ", "hoa");
    assert_fold("hoa\xcc\x80", "hoa");
    assert_fold("ho\xcc\x80" "a", "hoa");
    assert_fold("thuỷ thủy", "thuy thuy");
    /* Other scripts and forms. */
    assert_fold("ＡＢＣ １２３", "abc 123");       /* full-width */
    assert_fold("ﬁle", "file");                  /* ligature */
    assert_fold("Straße", "strasse");
    assert_fold("Ωμέγα", "ωμεγα");
    assert_fold("khai\xc2\xadsinh", "khaisinh");  /* soft hyphen is ignored */
    assert_fold("khai\xc2\xa0sinh", "khai sinh"); /* no-break space separates */
}

static void test_fold_separators(void **state)
{
    (void)state;
    assert_fold("", "");
    assert_fold("   ", "");
    assert_fold("!?.,;:-_/\\()[]{}\"'", "");
    assert_fold("  --Xin chào,,  thế   giới!!  ", "xin chao the gioi");
    assert_fold("a\tb\nc\r\nd", "a b c d");
    assert_fold("giấy—phép «lái» xe…", "giay phep lai xe");
    assert_fold("50% + 20€ = ?", "50 20");
    assert_fold("a😀b", "a b");
    assert_fold("email: ai@bo.gov.vn", "email ai bo gov vn");
}

static void test_fold_errors_and_buffer(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 8);
    buf_adds(&b, "x|");
    assert_int_equal(text_fold("ab\xc0\xaf", 4, &b), MC_ERR_INVALID);
    assert_int_equal(text_fold("ab\0c", 4, &b), MC_ERR_INVALID);
    assert_int_equal(text_fold("\xed\xa0\x80", 3, &b), MC_ERR_INVALID);
    assert_string_equal(buf_cstr(&b), "x|");
    assert_int_equal(text_fold(" Á ", strlen(" Á "), &b), MC_OK);
    assert_string_equal(buf_cstr(&b), "x|a");
    assert_int_equal(text_fold("Việt Nam", strlen("Việt Nam"), &b), MC_ERR_TOO_LARGE);
    assert_int_equal(buf_status(&b), MC_ERR_TOO_LARGE);
    buf_release(&b);
}

static void test_fold_long_input(void **state)
{
    (void)state;
    struct buf in, out, want;
    buf_init(&in, BUF_MAX_SMALL);
    buf_init(&out, BUF_MAX_SMALL);
    buf_init(&want, BUF_MAX_SMALL);
    for (int i = 0; i < 1000; i++) {
        buf_adds(&in, "  Việt, ");
        buf_adds(&want, i ? " viet" : "viet");
    }
    assert_int_equal(text_fold(in.data, in.len, &out), MC_OK);
    assert_int_equal(out.len, want.len);
    assert_string_equal(buf_cstr(&out), buf_cstr(&want));

    /* One word longer than the internal chunk, mixing the fold paths. */
    buf_reset(&in);
    buf_reset(&out);
    buf_reset(&want);
    for (int i = 0; i < 300; i++) {
        buf_adds(&in, "Ấo\xcc\x81\xce\xa9");    /* table, marks, Greek omega */
        buf_adds(&want, "aoω");
    }
    assert_int_equal(text_fold(in.data, in.len, &out), MC_OK);
    assert_string_equal(buf_cstr(&out), buf_cstr(&want));
    buf_release(&in);
    buf_release(&out);
    buf_release(&want);
}

static void test_trim_and_digits(void **state)
{
    (void)state;
    const char *s = " \t\r\n 0912 345\v\f ";
    size_t len = strlen(s);
    text_trim(&s, &len);
    assert_int_equal(len, 8);
    assert_memory_equal(s, "0912 345", 8);

    s = "   ";
    len = 3;
    text_trim(&s, &len);
    assert_int_equal(len, 0);

    s = NULL;
    len = 0;
    text_trim(&s, &len);
    assert_int_equal(len, 0);

    s = "abc";
    len = 3;
    text_trim(&s, &len);
    assert_int_equal(len, 3);

    assert_true(text_is_digits("0123456789", 10));
    assert_false(text_is_digits("", 0));
    assert_false(text_is_digits("12a4", 4));
    assert_false(text_is_digits("12 4", 4));
    assert_false(text_is_digits("١٢", strlen("١٢")));   /* Arabic-Indic digits */
    assert_true(text_is_digits("12x", 2));
}

static void test_is_code(void **state)
{
    (void)state;
    assert_true(text_is_code("T20.STP", 7, 64, ".-_"));
    assert_true(text_is_code("a-b_c", 5, 5, ".-_"));
    assert_false(text_is_code("a-b_c", 5, 4, ".-_"));      /* over max */
    assert_false(text_is_code("", 0, 64, ".-_"));
    assert_false(text_is_code(NULL, 0, 64, ".-_"));
    assert_false(text_is_code("a/b", 3, 64, ".-_"));
    assert_true(text_is_code("a/b", 3, 64, ".-_/"));
    assert_false(text_is_code("Sở", strlen("Sở"), 64, ".-_"));  /* ASCII only */
    assert_false(text_is_code("a\0b", 3, 64, ".-_"));        /* a NUL is never a code byte */
}

static void test_parse_id(void **state)
{
    (void)state;
    int64_t v = -1;
    assert_true(text_parse_id("42", &v));
    assert_int_equal(v, 42);
    assert_true(text_parse_id("999999999999999999", &v));   /* 18 digits */
    assert_int_equal(v, 999999999999999999LL);
    v = -1;
    assert_false(text_parse_id("1000000000000000000", &v));  /* 19 digits */
    assert_false(text_parse_id("0", &v));
    assert_false(text_parse_id("", &v));
    assert_false(text_parse_id(NULL, &v));
    assert_false(text_parse_id("-5", &v));
    assert_false(text_parse_id("+5", &v));
    assert_false(text_parse_id(" 5", &v));
    assert_false(text_parse_id("5x", &v));
    assert_int_equal(v, -1);   /* untouched on failure */
}

static void test_code_index(void **state)
{
    (void)state;
    static const char *const codes[] = {NULL, "off", "makeup", "work"};
    assert_int_equal(text_code_index("off", codes, 4), 1);
    assert_int_equal(text_code_index("work", codes, 4), 3);
    assert_int_equal(text_code_index("work", codes, 3), -1);
    assert_int_equal(text_code_index("", codes, 4), -1);
    assert_int_equal(text_code_index("Off", codes, 4), -1);
    assert_int_equal(text_code_index(NULL, codes, 4), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_id),
        cmocka_unit_test(test_code_index),
        cmocka_unit_test(test_is_code),
        cmocka_unit_test(test_utf8_valid_accepts),
        cmocka_unit_test(test_utf8_valid_rejects),
        cmocka_unit_test(test_nfc_composes),
        cmocka_unit_test(test_nfc_errors),
        cmocka_unit_test(test_fold_every_vowel_and_tone),
        cmocka_unit_test(test_fold_d_and_examples),
        cmocka_unit_test(test_fold_separators),
        cmocka_unit_test(test_fold_errors_and_buffer),
        cmocka_unit_test(test_fold_long_input),
        cmocka_unit_test(test_trim_and_digits),
    };
    return cmocka_run_group_tests_name("core/text", tests, NULL, NULL);
}
