/* test_ident.c - unit tests for accounts/ident (CCCD, tax code, phone, email). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include "domain/accounts/ident.h"

#define YEAR 2026

/* The 63 province codes, written out again independently of ident.c. */
static const int province_codes[63] = {
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
    34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64,
    66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94,
    95, 96,
};

static enum mc_status cccd(const char *s, int year, struct ident_cccd *out,
                           const char **msg)
{
    return ident_check_cccd(s, strlen(s), year, out, msg);
}

static void test_cccd_valid(void **state)
{
    (void)state;
    struct ident_cccd c;
    const char *msg = "unchanged";

    assert_int_equal(cccd("001090123456", YEAR, &c, &msg), MC_OK);
    assert_null(msg);
    assert_int_equal(c.province, 1);
    assert_int_equal(c.sex, IDENT_SEX_MALE);
    assert_int_equal(c.birth_year, 1990);

    assert_int_equal(cccd("079303001234", YEAR, &c, &msg), MC_OK);
    assert_int_equal(c.province, 79);
    assert_int_equal(c.sex, IDENT_SEX_FEMALE);
    assert_int_equal(c.birth_year, 2003);

    assert_int_equal(cccd("096199000000", YEAR, &c, NULL), MC_OK);
    assert_int_equal(c.sex, IDENT_SEX_FEMALE);
    assert_int_equal(c.birth_year, 1999);

    /* Out struct and message are optional. */
    assert_int_equal(cccd("031085999999", YEAR, NULL, NULL), MC_OK);
}

static void test_cccd_century_digit(void **state)
{
    (void)state;
    char s[32];
    struct ident_cccd c;
    for (int d = 0; d <= 9; d++) {
        snprintf(s, sizeof(s), "001%d45123456", d % 10);
        int want_year = 1900 + (d / 2) * 100 + 45;
        assert_int_equal(cccd(s, 2399, &c, NULL), MC_OK);
        assert_int_equal(c.birth_year, want_year);
        assert_int_equal(c.sex, d % 2 ? IDENT_SEX_FEMALE : IDENT_SEX_MALE);
        /* Only the 1900s and 2000s are in the past in 2026. */
        enum mc_status want = want_year <= YEAR ? MC_OK : MC_ERR_INVALID;
        assert_int_equal(cccd(s, YEAR, NULL, NULL), want);
    }
}

static void test_cccd_future_year(void **state)
{
    (void)state;
    const char *msg = NULL;
    assert_int_equal(cccd("001226000001", YEAR, NULL, &msg), MC_OK);  /* born 2026 */
    assert_int_equal(cccd("001227000001", YEAR, NULL, &msg), MC_ERR_INVALID);
    assert_string_equal(msg, "năm sinh trong số CCCD không thể ở tương lai");
    assert_int_equal(cccd("001399000001", YEAR, NULL, NULL), MC_ERR_INVALID);
    assert_int_equal(cccd("001227000001", 2027, NULL, NULL), MC_OK);
}

static void test_cccd_format(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "00109012345", "0010901234567", "00109012345a", "O01090123456",
        "001 90123456", " 01090123456", "001-090-123456", "００１０９０１２３４５６",
    };
    for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
        const char *msg = NULL;
        if (cccd(bad[i], YEAR, NULL, &msg) != MC_ERR_INVALID)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_string_equal(msg, "số CCCD phải gồm đúng 12 chữ số");
    }
    /* Embedded NUL: length says 12, but it is not 12 digits. */
    assert_int_equal(ident_check_cccd("00109012345\0", 12, YEAR, NULL, NULL),
                     MC_ERR_INVALID);
}

static void test_cccd_provinces(void **state)
{
    (void)state;
    char s[32];
    const char *msg = NULL;
    int valid = 0;
    for (int code = 0; code <= 999; code++) {
        snprintf(s, sizeof(s), "%03d090123456", code % 1000);
        bool listed = false;
        for (size_t i = 0; i < MC_ARRAY_LEN(province_codes); i++)
            listed |= province_codes[i] == code;
        enum mc_status st = cccd(s, YEAR, NULL, &msg);
        if (st != (listed ? MC_OK : MC_ERR_INVALID))
            fail_msg("province %03d: got %d", code, st);
        if (listed) {
            assert_non_null(ident_province_name(code));
            valid++;
        } else {
            assert_null(ident_province_name(code));
            assert_string_equal(msg, "mã tỉnh (3 chữ số đầu) "
                                     "của số CCCD không hợp lệ");
        }
    }
    assert_int_equal(valid, 63);
    assert_int_equal(cccd("003090123456", YEAR, NULL, NULL), MC_ERR_INVALID);
    assert_string_equal(ident_province_name(1), "Hà Nội");
    assert_string_equal(ident_province_name(2), "Hà Giang");
    assert_string_equal(ident_province_name(79), "Thành phố Hồ Chí Minh");
    assert_string_equal(ident_province_name(96), "Cà Mau");
    assert_null(ident_province_name(-1));
}

/*
 * Valid codes: real ones and some worked by hand.  For 010010910 the
 * weighted sum is 29*1 + 17*1 + 7*9 + 5*1 = 114, 114 mod 11 = 4, so the
 * check digit is 10 - 4 = 6.
 */
static const char *const tax_valid[] = {
    "0100109106", "0100112437", "0100233488", "0314409058", "0100686209",
    "0301462424", "4800123456", "1234567893", "9999999997",
};

static void test_tax_valid(void **state)
{
    (void)state;
    struct ident_tax t;
    const char *msg = "unchanged";
    for (size_t i = 0; i < MC_ARRAY_LEN(tax_valid); i++) {
        const char *s = tax_valid[i];
        if (ident_check_tax(s, strlen(s), &t, &msg) != MC_OK)
            fail_msg("rejected %s", s);
        assert_null(msg);
        assert_string_equal(t.code, s);
        assert_int_equal(t.branch, 0);
    }
    assert_int_equal(ident_check_tax("0100109106", 10, NULL, NULL), MC_OK);
}

static void test_tax_check_digit(void **state)
{
    (void)state;
    char s[11];
    const char *msg = NULL;
    /* Every other last digit is wrong. */
    for (size_t i = 0; i < MC_ARRAY_LEN(tax_valid); i++) {
        for (char d = '0'; d <= '9'; d++) {
            memcpy(s, tax_valid[i], 11);
            if (s[9] == d)
                continue;
            s[9] = d;
            assert_int_equal(ident_check_tax(s, 10, NULL, &msg), MC_ERR_INVALID);
            assert_string_equal(msg, "mã số thuế không hợp lệ "
                                     "(sai chữ số kiểm tra)");
        }
    }
    /* 010000005: 29 + 5*3 = 44 = 4*11, so 10 - 0 = 10: no check digit works. */
    for (char d = '0'; d <= '9'; d++) {
        snprintf(s, sizeof(s), "010000005%c", d);
        assert_int_equal(ident_check_tax(s, 10, NULL, NULL), MC_ERR_INVALID);
    }
    /* Transposed digits are caught. */
    assert_int_equal(ident_check_tax("0101009106", 10, NULL, NULL), MC_ERR_INVALID);
    /* The serial part (digits 3-9) must not be all zeros, even if the sum fits. */
    assert_int_equal(ident_check_tax("0100000003", 10, NULL, &msg), MC_ERR_INVALID);
    assert_string_equal(msg, "mã số thuế không hợp lệ");
}

static void test_tax_branch(void **state)
{
    (void)state;
    struct ident_tax t;
    const char *msg = NULL;

    assert_int_equal(ident_check_tax("0100109106-001", 14, &t, &msg), MC_OK);
    assert_string_equal(t.code, "0100109106001");
    assert_int_equal(t.branch, 1);
    assert_int_equal(ident_check_tax("0100109106001", 13, &t, &msg), MC_OK);
    assert_string_equal(t.code, "0100109106001");
    assert_int_equal(t.branch, 1);
    assert_int_equal(ident_check_tax("0314409058-002", 14, &t, &msg), MC_OK);
    assert_int_equal(t.branch, 2);
    assert_int_equal(ident_check_tax("0314409058999", 13, &t, &msg), MC_OK);
    assert_int_equal(t.branch, 999);

    assert_int_equal(ident_check_tax("0100109106-000", 14, NULL, &msg), MC_ERR_INVALID);
    assert_string_equal(msg, "mã chi nhánh của mã số thuế phải từ 001 đến 999");
    assert_int_equal(ident_check_tax("0100109106000", 13, NULL, NULL), MC_ERR_INVALID);
    /* A branch does not rescue a bad check digit. */
    assert_int_equal(ident_check_tax("0100109107-001", 14, NULL, NULL), MC_ERR_INVALID);
}

static void test_tax_format(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "010010910", "01001091060", "010010910600", "01001091060011",
        "0100109106-01", "0100109106-0001", "0100109106 001", "0100109106_001",
        "010010910-6001", "01001091O6", "0100109106-00a", " 0100109106",
        "0100109106 ", "-0100109106",
    };
    for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
        const char *msg = NULL;
        if (ident_check_tax(bad[i], strlen(bad[i]), NULL, &msg) != MC_ERR_INVALID)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_non_null(msg);
    }
    const char *msg = NULL;
    assert_int_equal(ident_check_tax("123", 3, NULL, &msg), MC_ERR_INVALID);
    assert_string_equal(msg, "mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số "
                             "và 3 chữ số mã chi nhánh (ví dụ 0100109106-001)");
}

static void test_phone_valid(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *want;
    } ok[] = {
        { "0912345678", "0912345678" },
        { "0312345678", "0312345678" },
        { "0512345678", "0512345678" },
        { "0712345678", "0712345678" },
        { "0812345678", "0812345678" },
        { "0987654321", "0987654321" },
        { "+84912345678", "0912345678" },
        { "84912345678", "0912345678" },
        { "+84 912 345 678", "0912345678" },
        { "0912 345 678", "0912345678" },
        { "091.234.5678", "0912345678" },
        { "091-234-5678", "0912345678" },
        { "+84-389-123-456", "0389123456" },
    };
    for (size_t i = 0; i < MC_ARRAY_LEN(ok); i++) {
        char out[IDENT_PHONE_SIZE] = "";
        const char *msg = "unchanged";
        if (ident_check_phone(ok[i].in, strlen(ok[i].in), out, &msg) != MC_OK)
            fail_msg("rejected \"%s\"", ok[i].in);
        assert_null(msg);
        assert_string_equal(out, ok[i].want);
    }
    assert_int_equal(ident_check_phone("0912345678", 10, NULL, NULL), MC_OK);
}

static void test_phone_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "0", "0112345678", "0212345678", "0412345678", "0612345678",
        "0012345678", "1912345678", "9123456789", "091234567", "09123456789",
        "+0912345678", "+840912345678", "840912345678", "8491234567",
        "84212345678", "+84112345678", "0912a45678", "0912  345678",
        " 0912345678", "0912345678 ", "0912345678.", "-0912345678",
        "++84912345678", "+ 84912345678", "(+84)912345678", "091234567890123456",
        "０９１２３４５６７８",
    };
    for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
        char out[IDENT_PHONE_SIZE] = "x";
        const char *msg = NULL;
        if (ident_check_phone(bad[i], strlen(bad[i]), out, &msg) != MC_ERR_INVALID)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_string_equal(msg, "số điện thoại di động phải gồm 10 chữ số, "
                                 "bắt đầu bằng 03, 05, 07, 08 hoặc 09");
        assert_string_equal(out, "x");
    }
}

static void test_email(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "a@b.vn", "nguyen.van.a@example.com.vn", "user+tag@mail.gov.vn",
        "nguyễn@ví-dụ.vn", "A_B-C@sub.domain.org",
    };
    static const char *const bad[] = {
        "", "abc", "@b.vn", "a@", "a@b", "a@@b.vn", "a@b@c.vn", "a b@c.vn",
        "a@b .vn", "a@.vn", "a@vn.", "a@b..vn", "a@b.vn\n", "\ta@b.vn",
        "<a@b.vn>", "a,b@c.vn", "a;b@c.vn", "a:b@c.vn", "\"a\"@b.vn", "a@[1.2.3.4]",
        "a\\b@c.vn", "a(b)@c.vn", "a@b.vn\x7f", "\xff@b.vn", "a@b\xc0\xaf.vn",
    };
    for (size_t i = 0; i < MC_ARRAY_LEN(ok); i++) {
        const char *msg = "unchanged";
        if (ident_check_email(ok[i], strlen(ok[i]), &msg) != MC_OK)
            fail_msg("rejected \"%s\"", ok[i]);
        assert_null(msg);
    }
    for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
        const char *msg = NULL;
        if (ident_check_email(bad[i], strlen(bad[i]), &msg) != MC_ERR_INVALID)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_string_equal(msg, "địa chỉ email không hợp lệ");
    }
    /* Embedded NUL. */
    assert_int_equal(ident_check_email("a\0b@c.vn", 8, NULL), MC_ERR_INVALID);
}

static void test_email_lengths(void **state)
{
    (void)state;
    char s[300];
    const char *msg = NULL;

    /* Local part: 64 bytes allowed, 65 not. */
    memset(s, 'a', 64);
    memcpy(s + 64, "@b.vn", 6);
    assert_int_equal(ident_check_email(s, strlen(s), NULL), MC_OK);
    memset(s, 'a', 65);
    memcpy(s + 65, "@b.vn", 6);
    assert_int_equal(ident_check_email(s, strlen(s), &msg), MC_ERR_INVALID);

    /* Whole address: 254 bytes allowed, 255 not. */
    memset(s, 'a', 10);
    s[10] = '@';
    memset(s + 11, 'b', 240);
    memcpy(s + 251, ".vn", 4);
    assert_int_equal(strlen(s), 254);
    assert_int_equal(ident_check_email(s, 254, &msg), MC_OK);
    memset(s + 11, 'b', 241);
    memcpy(s + 252, ".vn", 4);
    assert_int_equal(ident_check_email(s, 255, &msg), MC_ERR_INVALID);
    assert_string_equal(msg, "địa chỉ email quá dài (tối đa 254 ký tự)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cccd_valid),
        cmocka_unit_test(test_cccd_century_digit),
        cmocka_unit_test(test_cccd_future_year),
        cmocka_unit_test(test_cccd_format),
        cmocka_unit_test(test_cccd_provinces),
        cmocka_unit_test(test_tax_valid),
        cmocka_unit_test(test_tax_check_digit),
        cmocka_unit_test(test_tax_branch),
        cmocka_unit_test(test_tax_format),
        cmocka_unit_test(test_phone_valid),
        cmocka_unit_test(test_phone_invalid),
        cmocka_unit_test(test_email),
        cmocka_unit_test(test_email_lengths),
    };
    return cmocka_run_group_tests_name("accounts/ident", tests, NULL, NULL);
}
