/* test_password.c - unit tests for accounts/password (the password rules) and accounts/backoff. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "domain/accounts/backoff.h"
#include "domain/accounts/password.h"

static const char *why(const char *pw, const struct password_context *ctx)
{
    const char *msg = NULL;
    enum mc_status st = password_check(pw, ctx, &msg);
    if (st == MC_OK)
        return NULL;
    assert_int_equal(st, MC_ERR_INVALID);
    assert_non_null(msg);
    return msg;
}

static void expect_refused(const char *pw, const struct password_context *ctx,
                           const char *fragment)
{
    const char *msg = why(pw, ctx);
    if (!msg)
        fail_msg("\"%s\" was accepted", pw);
    if (!strstr(msg, fragment))
        fail_msg("\"%s\": \"%s\" does not say \"%s\"", pw, msg, fragment);
}

static void test_list_is_loaded(void **state)
{
    (void)state;
    assert_true(password_common_count() > 3000);
    assert_true(password_is_common("123456789"));
    assert_true(password_is_common("matkhau"));
    assert_true(password_is_common("iloveyou"));
    assert_true(password_is_common("anhyeuem"));
    assert_false(password_is_common("cay-tre-xanh-ven-song"));
}

static void test_common_passwords(void **state)
{
    (void)state;
    static const char *const common[] = {
        "123456789", "12345678", "password", "iloveyou", "matkhau123", "anhyeuem",
        "qwertyuiop", "1q2w3e4r", "88888888", "vietnam123", "hanoi123",
    };
    for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++) {
        const char *msg = why(common[i], NULL);
        if (!msg)
            fail_msg("\"%s\" was accepted", common[i]);
    }
    /* Case, diacritics, spaces and punctuation do not hide a common password. */
    expect_refused("MậtKhẩu", NULL, "ít nhất 8");
    expect_refused("Mật Khẩu 1975", NULL, "từ phổ biến");
    expect_refused("I LOVE YOU", NULL, "quá phổ biến");
    expect_refused("ANH-YEU-EM", NULL, "quá phổ biến");
    /* Nor letters swapped for digits and symbols. */
    expect_refused("p@ssw0rd", NULL, "quá phổ biến");
    expect_refused("P@$$W0RD", NULL, "quá phổ biến");
    /* Nor digits added before or after. */
    expect_refused("matkhau2026", NULL, "từ phổ biến thêm chữ số");
    expect_refused("2026iloveyou", NULL, "từ phổ biến thêm chữ số");
    expect_refused("dragon1990", NULL, "từ phổ biến thêm chữ số");
}

static void test_shapes(void **state)
{
    (void)state;
    expect_refused("", NULL, "nhập mật khẩu");
    expect_refused(NULL, NULL, "nhập mật khẩu");
    expect_refused("abc1234", NULL, "ít nhất 8");
    /* Runs of spaces count once. */
    expect_refused("a   b   c", NULL, "ít nhất 8");
    expect_refused("aaaaaaaaaa", NULL, "khác nhau");
    expect_refused("12121212", NULL, "khác nhau");
    expect_refused("abcdefghij", NULL, "liên tiếp");
    expect_refused("kjihgfedcb", NULL, "liên tiếp");
    expect_refused("78901234567", NULL, "liên tiếp");
    /* Shifted digits of a keyboard are read as the digits. */
    assert_non_null(why("!@#$%^&*()", NULL));
    assert_non_null(why("!@#$%^&*()_+", NULL));
    expect_refused("25081987", NULL, "ngày tháng");
    expect_refused("19870825", NULL, "ngày tháng");
    char long_pw[PASSWORD_MAX_BYTES + 2];
    memset(long_pw, 'x', sizeof(long_pw) - 1);
    long_pw[sizeof(long_pw) - 1] = '\0';
    expect_refused(long_pw, NULL, "quá dài");
    expect_refused("ab\xff\xfe" "cdefgh", NULL, "không hợp lệ");
}

static void test_personal(void **state)
{
    (void)state;
    struct password_context ctx = {
        .login = "020190001234",
        .phone = "0912345678",
        .email = "vanthao.ls@example.vn",
        .full_name = "Hoàng Thị Lan",
    };
    expect_refused("cccd020190001234", &ctx, "không được chứa");
    expect_refused("so-0912345678", &ctx, "không được chứa");
    expect_refused("goi-912345678-nhe", &ctx, "không được chứa");
    expect_refused("vanthao.ls-2026", &ctx, "không được chứa");
    expect_refused("Hoàng Thị Lan 1990!", &ctx, "không được chứa");
    /* The same passwords are fine for someone else. */
    assert_null(why("vanthao.ls-2026", NULL));
}

static void test_good_passwords(void **state)
{
    (void)state;
    static const char *const good[] = {
        "cay-tre-xanh-2026", "la-xanh-2026", "Mùa thu Hà Nội đẹp lắm", "con mèo ngủ trưa",
        "k7mq-2xvd-9hpt", "demo-motcua-2026",
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        const char *msg = why(good[i], NULL);
        if (msg)
            fail_msg("\"%s\" refused: %s", good[i], msg);
    }
}

static void test_backoff_schedule(void **state)
{
    (void)state;
    for (int64_t n = -1; n <= BACKOFF_FREE; n++)
        assert_int_equal(backoff_delay(n), 0);
    assert_int_equal(backoff_delay(BACKOFF_FREE + 1), BACKOFF_BASE);
    assert_int_equal(backoff_delay(BACKOFF_FREE + 2), 2 * BACKOFF_BASE);
    assert_int_equal(backoff_delay(BACKOFF_FREE + 3), 4 * BACKOFF_BASE);
    assert_int_equal(backoff_delay(BACKOFF_FREE + 40), BACKOFF_MAX);
    assert_int_equal(backoff_delay(INT64_MAX), BACKOFF_MAX);
    /* Waiting counts from the last failure. */
    assert_int_equal(backoff_remaining(BACKOFF_FREE, 1000, 1000), 0);
    assert_int_equal(backoff_remaining(BACKOFF_FREE + 1, 1000, 1000), BACKOFF_BASE);
    assert_int_equal(backoff_remaining(BACKOFF_FREE + 1, 1000, 1000 + BACKOFF_BASE - 1), 1);
    assert_int_equal(backoff_remaining(BACKOFF_FREE + 1, 1000, 1000 + BACKOFF_BASE), 0);
    assert_int_equal(backoff_remaining(BACKOFF_FREE + 2, 1000, 1010), 2 * BACKOFF_BASE - 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_is_loaded),
        cmocka_unit_test(test_common_passwords),
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_personal),
        cmocka_unit_test(test_good_passwords),
        cmocka_unit_test(test_backoff_schedule),
    };
    return cmocka_run_group_tests_name("accounts/password", tests, NULL, NULL);
}
