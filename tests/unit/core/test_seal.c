/* test_seal.c - unit tests for core/seal (encryption at rest). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/seal.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/motcua-seal-XXXXXX");
    if (!mkdtemp(dir) || sodium_init() < 0)
        return -1;
    unsetenv("MOTCUA_DATA_KEY_FILE");
    seal_use_dir(dir);
    return 0;
}

static int teardown(void **state)
{
    char path[128];
    (void)state;
    snprintf(path, sizeof(path), "%s/data.key", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/data.key.new", dir);
    unlink(path);
    rmdir(dir);
    return 0;
}

static void test_round_trip_and_tamper(void **state)
{
    char sealed[SEAL_SIZE(64)], again[SEAL_SIZE(64)], plain[80];
    struct stat sb;
    char path[128];
    (void)state;
    assert_int_equal(seal_text("JBSWY3DPEHPK3PXP", sealed, sizeof(sealed)), MC_OK);
    assert_non_null(strstr(sealed, SEAL_PREFIX));
    assert_null(strstr(sealed, "JBSWY3DPEHPK3PXP"));
    assert_int_equal(seal_text("JBSWY3DPEHPK3PXP", again, sizeof(again)), MC_OK);
    assert_string_not_equal(sealed, again);   /* a fresh nonce each time */
    assert_int_equal(seal_open(sealed, plain, sizeof(plain)), MC_OK);
    assert_string_equal(plain, "JBSWY3DPEHPK3PXP");
    assert_true(seal_is_current(sealed));
    snprintf(path, sizeof(path), "%s/data.key", dir);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    size_t n = strlen(sealed);
    sealed[n - 3] = sealed[n - 3] == 'A' ? 'B' : 'A';   /* one altered character */
    assert_int_equal(seal_open(sealed, plain, sizeof(plain)), MC_ERR_UNAUTHORIZED);
    assert_int_equal(seal_open("enc1:zzzz", plain, sizeof(plain)), MC_ERR_UNAUTHORIZED);
    assert_int_equal(seal_open("PLAINOLD", plain, sizeof(plain)), MC_OK);   /* before sealing */
    assert_string_equal(plain, "PLAINOLD");
    assert_false(seal_is_current("PLAINOLD"));
    assert_int_equal(seal_text("x", plain, 8), MC_ERR_TOO_LARGE);
}

/* A declaration longer than SEAL_TEXT_MAX goes through the _alloc pair. */
static void test_long_values(void **state)
{
    size_t n = 200 * 1024;
    char *plain = malloc(n + 1), *sealed = NULL, *back = NULL;
    (void)state;
    assert_non_null(plain);
    for (size_t i = 0; i < n; i++)
        plain[i] = (char)('a' + i % 26);
    plain[n] = '\0';
    assert_int_equal(seal_text_alloc(plain, &sealed), MC_OK);
    assert_non_null(sealed);
    assert_null(strstr(sealed, "abcdefghij"));
    assert_true(seal_is_current(sealed));
    assert_int_equal(seal_open_alloc(sealed, &back), MC_OK);
    assert_string_equal(back, plain);
    free(back);
    sealed[100] = sealed[100] == 'A' ? 'B' : 'A';
    assert_int_equal(seal_open_alloc(sealed, &back), MC_ERR_UNAUTHORIZED);
    assert_null(back);
    assert_int_equal(seal_open_alloc("{\"old\":1}", &back), MC_OK);   /* before sealing */
    assert_string_equal(back, "{\"old\":1}");
    free(back);
    assert_int_equal(seal_open_alloc(NULL, &back), MC_OK);
    assert_string_equal(back, "");
    free(back);
    free(sealed);
    free(plain);
}

static void test_rotation_keeps_both_keys_until_finished(void **state)
{
    char old[SEAL_SIZE(16)], fresh[SEAL_SIZE(16)], plain[32];
    (void)state;
    assert_int_equal(seal_text("secret-one", old, sizeof(old)), MC_OK);
    assert_int_equal(seal_rotate_begin(), MC_OK);
    assert_false(seal_is_current(old));
    assert_int_equal(seal_text("secret-two", fresh, sizeof(fresh)), MC_OK);
    assert_true(seal_is_current(fresh));
    assert_int_equal(seal_open(old, plain, sizeof(plain)), MC_OK);   /* old key still opens */
    /* A crash here: a new process loads both keys and seals with the new one. */
    seal_use_dir(dir);
    assert_int_equal(seal_open(old, plain, sizeof(plain)), MC_OK);
    assert_true(seal_is_current(fresh));
    assert_int_equal(seal_rotate_finish(), MC_OK);
    assert_int_equal(seal_open(fresh, plain, sizeof(plain)), MC_OK);
    assert_string_equal(plain, "secret-two");
    seal_use_dir(dir);
    assert_int_equal(seal_open(old, plain, sizeof(plain)), MC_ERR_UNAUTHORIZED);
    assert_int_equal(seal_open(fresh, plain, sizeof(plain)), MC_OK);
}

/* The blind index: equal values give equal indexes, kinds differ, a new key changes them. */
static void test_blind_index(void **state)
{
    char a[SEAL_INDEX_SIZE], b[SEAL_INDEX_SIZE], c[SEAL_INDEX_SIZE], d[SEAL_INDEX_SIZE];
    (void)state;
    assert_int_equal(seal_index("cccd", "001090071234", a), MC_OK);
    assert_int_equal(strlen(a), SEAL_INDEX_SIZE - 1);
    assert_int_equal(strspn(a, "0123456789abcdef"), SEAL_INDEX_SIZE - 1);
    assert_int_equal(seal_index("cccd", "001090071234", b), MC_OK);
    assert_string_equal(a, b);                       /* what lookups compare */
    assert_int_equal(seal_index("cccd", "001090071235", c), MC_OK);
    assert_string_not_equal(a, c);
    assert_int_equal(seal_index("phone", "001090071234", d), MC_OK);
    assert_string_not_equal(a, d);                   /* the kind is part of it */
    /* A plain hash of the value is not the index: it needs the key. */
    unsigned char h[16];
    char hex[SEAL_INDEX_SIZE];
    crypto_generichash(h, sizeof(h), (const unsigned char *)"001090071234", 12, NULL, 0);
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    assert_string_not_equal(a, hex);
    /* Another key, another index (keys rotate recomputes them). */
    assert_int_equal(seal_rotate_begin(), MC_OK);
    assert_int_equal(seal_index("cccd", "001090071234", b), MC_OK);
    assert_string_not_equal(a, b);
    assert_int_equal(seal_rotate_finish(), MC_OK);
    assert_int_equal(seal_index("cccd", "001090071234", c), MC_OK);
    assert_string_equal(b, c);
}

/* With creation off, a seal or index fails and no key file appears; an existing key is used. */
static void test_no_key_made_when_refused(void **state)
{
    char out[SEAL_SIZE(8)], idx[SEAL_INDEX_SIZE], path[128];
    (void)state;
    snprintf(path, sizeof(path), "%s/data.key", dir);
    seal_allow_create(false);
    assert_int_equal(seal_text("secret", out, sizeof(out)), MC_ERR_IO);
    assert_int_equal(seal_index("cccd", "001090071234", idx), MC_ERR_IO);
    assert_int_equal(access(path, F_OK), -1);
    seal_use_dir(dir);   /* allowed again: the key is made */
    assert_int_equal(seal_text("secret", out, sizeof(out)), MC_OK);
    assert_int_equal(access(path, F_OK), 0);
    seal_use_dir(dir);
    seal_allow_create(false);   /* a key that exists is read as before */
    assert_int_equal(seal_index("cccd", "001090071234", idx), MC_OK);
    char plain[16];
    assert_int_equal(seal_open(out, plain, sizeof(plain)), MC_OK);
    assert_string_equal(plain, "secret");
    seal_allow_create(true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip_and_tamper, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blind_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_key_made_when_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rotation_keeps_both_keys_until_finished, setup,
                                        teardown),
    };
    return cmocka_run_group_tests_name("core/seal", tests, NULL, NULL);
}
