/* test_account.c - unit tests for accounts/account on a real SQLite database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "core/seal.h"
#include "testdb.h"
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "domain/accounts/account.h"
#include "domain/accounts/backoff.h"
#include "core/clock.h"
#include "core/db.h"

#define T0 1770948000   /* 2026-02-13T09:00:00+07:00 */
#define CCCD "001090123456"
#define PASSWORD "mat-khau-9x"

static const struct audit_actor WEB = {0, "anonymous", "203.0.113.7"};



static int group_setup(void **state)
{
    (void)state;
    return sodium_init() < 0 ? -1 : 0;
}

static int setup(void **state)
{
    struct test_db *f = calloc(1, sizeof(*f));
    if (test_db_open(f, "account") != 0)
        return -1;
    clock_set(T0, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct test_db *f = *state;
    test_db_close(f);
    free(f);
    clock_set(-1, 0);
    return 0;
}

static int64_t audits(struct db *db, const char *action)
{
    int64_t n = -1;
    assert_int_equal(audit_count(db, action, &n), MC_OK);
    return n;
}

static int64_t count_sql(struct db *db, const struct db_query *q, const char *arg)
{
    int64_t n = -1;
    assert_int_equal(arg ? db_get_int(db, q, &n, "s", arg) : db_get_int(db, q, &n, ""), MC_OK);
    return n;
}

static const struct db_query Q_USERS = {"test.users", "SELECT COUNT(*) FROM users"};

static struct registration citizen(void)
{
    return (struct registration){
        .kind = USER_CITIZEN,
        .full_name = "Nguyễn Văn An",
        .cccd = CCCD,
        .phone = "+84 912 345 678",
        .email = "an@example.vn",
        .password = PASSWORD,
        .password2 = PASSWORD,
        .consent = true,
    };
}

static bool has_error(const struct form_errors *e, const char *field)
{
    for (size_t i = 0; i < e->count; i++)
        if (strcmp(e->items[i].field, field) == 0 && e->items[i].message &&
            e->items[i].message[0])
            return true;
    return false;
}

/* ---------------------------------------------------------------- registration */

static void test_register_citizen(void **state)
{
    struct test_db *f = *state;
    struct registration r = citizen();
    struct form_errors errs = {0};
    int64_t id = 0;
    assert_int_equal(account_register(f->db, &r, &WEB, &errs, &id), MC_OK);
    assert_int_equal(errs.count, 0);
    assert_true(id > 0);
    int64_t found = 0;
    assert_int_equal(account_find_login(f->db, CCCD, &found), MC_OK);
    assert_int_equal(found, id);
    assert_int_equal(account_find_login(f->db, "079303001234", &found), MC_ERR_NOT_FOUND);
    struct user u;
    assert_int_equal(account_load(f->db, id, &u), MC_OK);
    assert_int_equal(u.id, id);
    assert_int_equal(u.kind, USER_CITIZEN);
    assert_string_equal(u.login, CCCD);
    assert_string_equal(u.full_name, "Nguyễn Văn An");
    assert_int_equal(u.roles, 0);
    assert_string_equal(u.agency_code, "");
    assert_false(u.totp_enabled);
    assert_string_equal(user_role_label(&u), "citizen");
    /* The password only as argon2id; CCCD, phone (normalised) and email sealed. */
    static const struct db_query Q_ROW = {
        "test.user_row", "SELECT COUNT(*) FROM users WHERE id = ?1 AND tax_code IS NULL"
                         " AND password_hash LIKE '$argon2id$%'"
                         " AND password_hash NOT LIKE '%' || ?2 || '%'"
                         " AND cccd LIKE 'enc1:%' AND phone LIKE 'enc1:%'"
                         " AND email LIKE 'enc1:%' AND cccd_bidx IS NOT NULL"
                         " AND phone_bidx IS NOT NULL AND email_bidx IS NOT NULL"};
    static const struct db_query Q_SEALED = {
        "test.user_sealed",
        "SELECT cccd, phone, email, cccd_bidx, login FROM users WHERE id = ?1"};
    int64_t n = 0;
    assert_int_equal(db_get_int(f->db, &Q_ROW, &n, "is", id, PASSWORD), MC_OK);
    assert_int_equal(n, 1);
    struct db_stmt *st = NULL;
    char plain[300], bidx[SEAL_INDEX_SIZE];
    assert_int_equal(db_get_row(f->db, &Q_SEALED, &st, "i", id), MC_OK);
    assert_int_equal(seal_col_open(st, 0, plain, sizeof(plain)), MC_OK);
    assert_string_equal(plain, CCCD);
    assert_int_equal(seal_col_open(st, 1, plain, sizeof(plain)), MC_OK);
    assert_string_equal(plain, "0912345678");
    assert_int_equal(seal_col_open(st, 2, plain, sizeof(plain)), MC_OK);
    assert_string_equal(plain, "an@example.vn");
    assert_int_equal(seal_index("cccd", CCCD, bidx), MC_OK);
    assert_string_equal(db_col_text(st, 3), bidx);
    /* The login (the CCCD) is kept as its blind index, never in clear. */
    assert_int_equal(seal_index("login", CCCD, bidx), MC_OK);
    assert_int_equal(strncmp(db_col_text(st, 4), "bi:", 3), 0);
    assert_string_equal(db_col_text(st, 4) + 3, bidx);
    db_done(st);
    assert_int_equal(audits(f->db, "account.register"), 1);
    struct audit_entry e[2];
    size_t ne = 0;
    assert_int_equal(audit_recent(f->db, e, 2, &ne), MC_OK);
    assert_int_equal(ne, 1);
    assert_int_equal(e[0].user_id, id);
    assert_string_equal(e[0].role, "citizen");
    assert_string_equal(e[0].address, "203.0.113.7");
    assert_int_equal(e[0].at, T0);
    char obj[32];
    snprintf(obj, sizeof(obj), "user:%lld", (long long)id);
    assert_string_equal(e[0].object, obj);
    assert_int_equal(account_load(f->db, id + 100, &u), MC_ERR_NOT_FOUND);
}

static void test_register_duplicate(void **state)
{
    struct test_db *f = *state;
    struct registration r = citizen();
    struct form_errors errs = {0};
    int64_t id = 0, id2 = -1;
    assert_int_equal(account_register(f->db, &r, &WEB, &errs, &id), MC_OK);
    r.full_name = "Người Khác";
    r.email = "khac@example.vn";
    assert_int_equal(account_register(f->db, &r, &WEB, &errs, &id2), MC_ERR_CONFLICT);
    assert_int_equal(errs.count, 1);
    assert_string_equal(errs.items[0].field, "cccd");
    assert_int_equal(id2, -1);
    assert_int_equal(count_sql(f->db, &Q_USERS, NULL), 1);
    assert_int_equal(audits(f->db, "account.register"), 1);
}

/* Register with one field changed; expect MC_ERR_INVALID naming field only. */
static void expect_invalid(struct db *db, const struct registration *r, const char *field)
{
    struct form_errors errs = {0};
    int64_t id = -1;
    enum mc_status st = account_register(db, r, &WEB, &errs, &id);
    if (st != MC_ERR_INVALID)
        fail_msg("field %s: got %s", field, mc_status_name(st));
    if (errs.count != 1 || !has_error(&errs, field))
        fail_msg("field %s: %zu errors, first %s", field, errs.count,
                 errs.count ? errs.items[0].field : "-");
    assert_int_equal(id, -1);
}

/* A valid registration with one change (an expression on r) must fail on field. */
#define EXPECT_INVALID(change, field)                                                       \
    do {                                                                                    \
        r = citizen();                                                                      \
        change;                                                                             \
        expect_invalid(f->db, &r, field);                                                   \
    } while (0)

static void test_register_validation(void **state)
{
    struct test_db *f = *state;
    struct registration r;
    EXPECT_INVALID(r.full_name = "", "full_name");
    EXPECT_INVALID(r.full_name = NULL, "full_name");
    char long_name[300];
    memset(long_name, 'a', 201);
    long_name[201] = '\0';
    EXPECT_INVALID(r.full_name = long_name, "full_name");
    EXPECT_INVALID(r.cccd = "12345", "cccd");
    EXPECT_INVALID(r.cccd = NULL, "cccd");
    EXPECT_INVALID(r.cccd = "003090123456", "cccd");   /* no province 003 */
    EXPECT_INVALID(r.cccd = "001299123456", "cccd");   /* born 2099 */
    EXPECT_INVALID((r.phone = NULL, r.email = ""), "phone");
    EXPECT_INVALID(r.phone = "12345", "phone");
    EXPECT_INVALID(r.phone = "0212345678", "phone");
    EXPECT_INVALID(r.email = "a@b", "email");
    EXPECT_INVALID(r.email = "no-at-sign.vn", "email");
    EXPECT_INVALID(r.password = r.password2 = "short", "password");
    EXPECT_INVALID(r.password = NULL, "password");
    EXPECT_INVALID(r.password2 = "mat-khau-9X", "password2");
    EXPECT_INVALID(r.password2 = NULL, "password2");
    /* Common passwords and the account's own identifiers are refused. */
    EXPECT_INVALID(r.password = r.password2 = "123456789", "password");
    EXPECT_INVALID(r.password = r.password2 = "matkhau2026", "password");
    EXPECT_INVALID(r.password = r.password2 = "x" CCCD, "password");
    /* Consent to the personal-data notice is required. */
    EXPECT_INVALID(r.consent = false, "consent");
    /* Phone alone or email alone is enough. */
    struct form_errors errs = {0};
    int64_t id = 0;
    r = citizen();
    r.email = NULL;
    assert_int_equal(account_register(f->db, &r, &WEB, &errs, &id), MC_OK);
    r = citizen();
    r.cccd = "079303001234";
    r.phone = "";
    assert_int_equal(account_register(f->db, &r, &WEB, &errs, &id), MC_OK);
    assert_int_equal(errs.count, 0);
    /* Everything wrong at once: every error is listed, nothing written. */
    r = (struct registration){.kind = USER_CITIZEN, .full_name = "", .cccd = "x",
                              .phone = "1", .email = "@", .password = "1", .password2 = "2",
                              .consent = true};
    errs = (struct form_errors){0};
    assert_int_equal(account_register(f->db, &r, &WEB, &errs, &id), MC_ERR_INVALID);
    assert_int_equal(errs.count, 5);
    assert_true(has_error(&errs, "full_name") && has_error(&errs, "cccd") &&
                has_error(&errs, "phone") && has_error(&errs, "email") &&
                has_error(&errs, "password"));
    assert_int_equal(count_sql(f->db, &Q_USERS, NULL), 2);
    assert_int_equal(audits(f->db, "account.register"), 2);
}

static void test_register_business(void **state)
{
    struct test_db *f = *state;
    struct registration r = {.kind = USER_BUSINESS, .full_name = "Công ty TNHH Mười Một",
                             .tax_code = "0100109106", .email = "ketoan@example.vn",
                             .password = PASSWORD, .password2 = PASSWORD, .consent = true};
    struct form_errors errs = {0};
    int64_t id = 0, branch = 0;
    assert_int_equal(account_register(f->db, &r, &WEB, &errs, &id), MC_OK);
    /* A branch code written with a dash is stored without it. */
    r.tax_code = "0100109106-001";
    assert_int_equal(account_register(f->db, &r, &WEB, &errs, &branch), MC_OK);
    int64_t found = 0;
    assert_int_equal(account_find_login(f->db, "0100109106001", &found), MC_OK);
    assert_int_equal(found, branch);
    struct user u;
    assert_int_equal(account_load(f->db, id, &u), MC_OK);
    assert_int_equal(u.kind, USER_BUSINESS);
    assert_string_equal(u.login, "0100109106");
    assert_string_equal(user_role_label(&u), "business");
    /* Invalid check digit, missing code, and a citizen field is ignored. */
    r.tax_code = "0100109107";
    expect_invalid(f->db, &r, "tax_code");
    r.tax_code = NULL;
    expect_invalid(f->db, &r, "tax_code");
    r.tax_code = "0100109106-000";
    expect_invalid(f->db, &r, "tax_code");
    /* The same code again, without the dash this time. */
    r.tax_code = "0100109106001";
    r.cccd = "not checked for businesses";
    assert_int_equal(account_register(f->db, &r, &WEB, &errs, &found), MC_ERR_CONFLICT);
    assert_int_equal(errs.count, 1);
    assert_string_equal(errs.items[0].field, "tax_code");
    assert_int_equal(audits(f->db, "account.register"), 2);
}

/* ---------------------------------------------------------------- sign-in */

static int64_t make_citizen(struct db *db)
{
    struct registration r = citizen();
    struct form_errors errs = {0};
    int64_t id = 0;
    assert_int_equal(account_register(db, &r, &WEB, &errs, &id), MC_OK);
    return id;
}

static void test_authenticate(void **state)
{
    struct test_db *f = *state;
    int64_t id = make_citizen(f->db);
    struct user u;
    assert_int_equal(account_authenticate(f->db, CCCD, PASSWORD, "198.51.100.1", &u), MC_OK);
    assert_int_equal(u.id, id);
    assert_string_equal(u.login, CCCD);
    assert_int_equal(audits(f->db, "account.login"), 1);
    assert_int_equal(audits(f->db, "account.login_failed"), 0);
    assert_int_equal(account_authenticate(f->db, CCCD, "mat-khau-9X", "198.51.100.1", &u),
                     MC_ERR_UNAUTHORIZED);
    assert_int_equal(account_authenticate(f->db, CCCD, "", "198.51.100.1", &u),
                     MC_ERR_UNAUTHORIZED);
    assert_int_equal(account_authenticate(f->db, CCCD, NULL, "198.51.100.1", &u),
                     MC_ERR_UNAUTHORIZED);
    /* An unknown login gets the same answer. */
    assert_int_equal(account_authenticate(f->db, "079303001234", PASSWORD, "198.51.100.1", &u),
                     MC_ERR_UNAUTHORIZED);
    assert_int_equal(account_authenticate(f->db, NULL, PASSWORD, NULL, &u), MC_ERR_UNAUTHORIZED);
    assert_int_equal(audits(f->db, "account.login_failed"), 5);
    assert_int_equal(audits(f->db, "account.login"), 1);
}

static void test_throttle_login(void **state)
{
    struct test_db *f = *state;
    make_citizen(f->db);
    struct user u;
    int64_t wait = 0;
    /* The free mistakes, then one that starts the wait. */
    for (int i = 0; i < BACKOFF_FREE + 1; i++)
        assert_int_equal(account_authenticate(f->db, CCCD, "wrong-pass", "198.51.100.1", &u),
                         MC_ERR_UNAUTHORIZED);
    /* This address now waits, even with the right password... */
    assert_int_equal(account_authenticate(f->db, CCCD, PASSWORD, "198.51.100.1", &u),
                     MC_ERR_RATE_LIMITED);
    assert_int_equal(account_login_wait(f->db, CCCD, "198.51.100.1", &wait), MC_OK);
    assert_int_equal(wait, BACKOFF_BASE);
    /* ...but the owner signing in from anywhere else is not held up. */
    assert_int_equal(account_authenticate(f->db, CCCD, PASSWORD, "192.0.2.99", &u), MC_OK);
    assert_int_equal(account_login_wait(f->db, CCCD, "192.0.2.99", &wait), MC_OK);
    assert_int_equal(wait, 0);
    assert_int_equal(audits(f->db, "account.login"), 1);
    assert_int_equal(audits(f->db, "account.login_failed"), BACKOFF_FREE + 1);
    /* Each further failure doubles the wait. */
    clock_set(T0 + BACKOFF_BASE, 0);
    assert_int_equal(account_authenticate(f->db, CCCD, "wrong-pass", "198.51.100.1", &u),
                     MC_ERR_UNAUTHORIZED);
    assert_int_equal(account_login_wait(f->db, CCCD, "198.51.100.1", &wait), MC_OK);
    assert_int_equal(wait, 2 * BACKOFF_BASE);
    clock_set(T0 + 3 * BACKOFF_BASE - 1, 0);
    assert_int_equal(account_authenticate(f->db, CCCD, PASSWORD, "198.51.100.1", &u),
                     MC_ERR_RATE_LIMITED);
    clock_set(T0 + 3 * BACKOFF_BASE, 0);
    assert_int_equal(account_authenticate(f->db, CCCD, PASSWORD, "198.51.100.1", &u), MC_OK);
}

static void test_success_clears_failures(void **state)
{
    struct test_db *f = *state;
    make_citizen(f->db);
    struct user u;
    for (int i = 0; i < BACKOFF_FREE; i++)
        assert_int_equal(account_authenticate(f->db, CCCD, "wrong-pass", "198.51.100.1", &u),
                         MC_ERR_UNAUTHORIZED);
    assert_int_equal(account_authenticate(f->db, CCCD, PASSWORD, "198.51.100.1", &u), MC_OK);
    for (int i = 0; i < BACKOFF_FREE; i++)
        assert_int_equal(account_authenticate(f->db, CCCD, "wrong-pass", "198.51.100.1", &u),
                         MC_ERR_UNAUTHORIZED);
    assert_int_equal(account_authenticate(f->db, CCCD, PASSWORD, "198.51.100.1", &u), MC_OK);
}

/* An unknown or disabled login costs the same argon2id check as a real one. */
static void test_unknown_login_runs_the_hash(void **state)
{
    struct test_db *f = *state;
    make_citizen(f->db);
    struct user u;
    uint64_t before = account_password_checks();
    assert_int_equal(account_authenticate(f->db, "079303001234", PASSWORD, "10.1.1.1", &u),
                     MC_ERR_UNAUTHORIZED);
    assert_int_equal(account_password_checks(), before + 1);
    assert_int_equal(account_authenticate(f->db, "079303001234", NULL, "10.1.1.1", &u),
                     MC_ERR_UNAUTHORIZED);
    assert_int_equal(account_password_checks(), before + 2);
    assert_int_equal(account_authenticate(f->db, CCCD, "wrong-pass", "10.1.1.2", &u),
                     MC_ERR_UNAUTHORIZED);
    assert_int_equal(account_password_checks(), before + 3);
    assert_int_equal(account_authenticate(f->db, CCCD, PASSWORD, "10.1.1.2", &u), MC_OK);
    assert_int_equal(account_password_checks(), before + 4);
}

static void test_throttle_address(void **state)
{
    struct test_db *f = *state;
    make_citizen(f->db);
    struct user u;
    char login[32];
    /* Failures over many logins from one address (most written directly: each
     * real attempt costs an argon2id check). */
    static const struct db_query Q_FAIL = {
        "test.fail", "INSERT INTO login_failures (key, at) VALUES ('addr:198.51.100.66', ?1)"};
    for (int i = 0; i < ACCOUNT_MAX_FAILS_ADDR - 2; i++)
        assert_int_equal(db_run(f->db, &Q_FAIL, NULL, "i", (int64_t)T0), MC_OK);
    for (int i = 0; i < 2; i++) {
        snprintf(login, sizeof(login), "nobody%d", i);
        assert_int_equal(account_authenticate(f->db, login, "x", "198.51.100.66", &u),
                         MC_ERR_UNAUTHORIZED);
    }
    assert_int_equal(account_authenticate(f->db, CCCD, PASSWORD, "198.51.100.66", &u),
                     MC_ERR_RATE_LIMITED);
    assert_int_equal(account_authenticate(f->db, CCCD, PASSWORD, "198.51.100.67", &u), MC_OK);
    clock_set(T0 + ACCOUNT_FAIL_WINDOW + 1, 0);
    assert_int_equal(account_authenticate(f->db, CCCD, PASSWORD, "198.51.100.66", &u), MC_OK);
}

/* ---------------------------------------------------------------- sessions */

static void test_sessions(void **state)
{
    struct test_db *f = *state;
    int64_t id = make_citizen(f->db);
    char token[ACCOUNT_TOKEN_SIZE], token2[ACCOUNT_TOKEN_SIZE];
    assert_int_equal(account_session_start(f->db, id, false, token), MC_OK);
    assert_int_equal(strlen(token), ACCOUNT_TOKEN_SIZE - 1);
    assert_int_equal(strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                   "0123456789-_"),
                     ACCOUNT_TOKEN_SIZE - 1);
    assert_int_equal(account_session_start(f->db, id, true, token2), MC_OK);
    assert_string_not_equal(token, token2);
    struct session s;
    assert_int_equal(account_session_find(f->db, token, &s), MC_OK);
    assert_int_equal(s.user.id, id);
    assert_string_equal(s.user.login, CCCD);
    assert_false(s.second_factor);
    assert_int_equal(s.expires_at, T0 + ACCOUNT_SESSION_TTL);
    assert_int_equal(account_session_find(f->db, token2, &s), MC_OK);
    assert_true(s.second_factor);
    /* Only the SHA-256 of the token is stored. */
    static const struct db_query Q_HASH = {
        "test.session_hash", "SELECT COUNT(*) FROM sessions WHERE token_hash = ?1"};
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[65];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    assert_int_equal(count_sql(f->db, &Q_HASH, hex), 1);
    assert_int_equal(count_sql(f->db, &Q_HASH, token), 0);
    /* Unknown, malformed and missing tokens. */
    char other[ACCOUNT_TOKEN_SIZE];
    memcpy(other, token, sizeof(other));
    other[0] = other[0] == 'A' ? 'B' : 'A';
    assert_int_equal(account_session_find(f->db, other, &s), MC_ERR_NOT_FOUND);
    assert_int_equal(account_session_find(f->db, "short", &s), MC_ERR_NOT_FOUND);
    assert_int_equal(account_session_find(f->db, "", &s), MC_ERR_NOT_FOUND);
    assert_int_equal(account_session_find(f->db, NULL, &s), MC_ERR_NOT_FOUND);
    /* Sign out: the session is gone, once, and audited once. */
    struct audit_actor who = {id, "citizen", "198.51.100.1"};
    assert_int_equal(account_session_end(f->db, token, &who), MC_OK);
    assert_int_equal(account_session_find(f->db, token, &s), MC_ERR_NOT_FOUND);
    assert_int_equal(audits(f->db, "account.logout"), 1);
    assert_int_equal(account_session_end(f->db, token, &who), MC_OK);
    assert_int_equal(account_session_end(f->db, other, &who), MC_OK);
    assert_int_equal(account_session_end(f->db, NULL, &who), MC_OK);
    assert_int_equal(audits(f->db, "account.logout"), 1);
    /* The other session is untouched; it expires after the TTL. */
    clock_set(T0 + ACCOUNT_SESSION_TTL - 1, 0);
    assert_int_equal(account_session_find(f->db, token2, &s), MC_OK);
    clock_set(T0 + ACCOUNT_SESSION_TTL, 0);
    assert_int_equal(account_session_find(f->db, token2, &s), MC_ERR_NOT_FOUND);
    clock_set(T0 + ACCOUNT_SESSION_TTL + 86400, 0);
    assert_int_equal(account_session_find(f->db, token2, &s), MC_ERR_NOT_FOUND);
}

/* ---------------------------------------------------------------- staff and roles */

static void test_staff_roles(void **state)
{
    struct test_db *f = *state;
    struct audit_actor admin = {0, "system", "cli"};
    int64_t id = 0, id2 = 0;
    assert_int_equal(account_add_staff(f->db, "cb.motcua", "Trần Thị Bình", "matkhau-cb1", "STP",
                                       ROLE_RECEPTION | ROLE_PROCESSING, &admin, &id),
                     MC_OK);
    struct user u;
    assert_int_equal(account_load(f->db, id, &u), MC_OK);
    assert_int_equal(u.kind, USER_STAFF);
    assert_string_equal(u.login, "cb.motcua");
    assert_int_equal(u.roles, ROLE_RECEPTION | ROLE_PROCESSING);
    assert_string_equal(u.agency_code, "STP");
    assert_string_equal(user_role_label(&u), "processing");
    assert_int_equal(audits(f->db, "account.add_staff"), 1);
    /* A province admin has no agency. */
    assert_int_equal(account_add_staff(f->db, "qt.tinh", "Lê Văn Cường", "matkhau-qt1", NULL,
                                       ROLE_PROVINCE_ADMIN | ROLE_APPROVER, NULL, &id2),
                     MC_OK);
    assert_int_equal(account_load(f->db, id2, &u), MC_OK);
    assert_int_equal(u.roles, ROLE_PROVINCE_ADMIN | ROLE_APPROVER);
    assert_string_equal(u.agency_code, "");
    assert_string_equal(user_role_label(&u), "province_admin");
    /* Sign-in works for staff like for anyone. */
    assert_int_equal(account_authenticate(f->db, "cb.motcua", "matkhau-cb1", "10.0.0.1", &u),
                     MC_OK);
    assert_int_equal(u.id, id);
    assert_int_equal(u.roles, ROLE_RECEPTION | ROLE_PROCESSING);
    /* Duplicates and bad input write nothing. */
    assert_int_equal(account_add_staff(f->db, "cb.motcua", "X", "matkhau-cb2", "STP",
                                       ROLE_APPROVER, &admin, &id2),
                     MC_ERR_CONFLICT);
    assert_int_equal(account_add_staff(f->db, "cb.khac", "X", "short", "STP", ROLE_APPROVER,
                                       &admin, &id2),
                     MC_ERR_INVALID);
    assert_int_equal(account_add_staff(f->db, "", "X", "matkhau-cb2", "STP", ROLE_APPROVER,
                                       &admin, &id2),
                     MC_ERR_INVALID);
    assert_int_equal(account_add_staff(f->db, "cb.khac", "", "matkhau-cb2", "STP",
                                       ROLE_APPROVER, &admin, &id2),
                     MC_ERR_INVALID);
    assert_int_equal(audits(f->db, "account.add_staff"), 2);
    assert_int_equal(count_sql(f->db, &Q_USERS, NULL), 2);
    /* A staff member without roles is labelled "staff". */
    assert_int_equal(account_add_staff(f->db, "cb.moi", "Moi", "cay-bang-moi-1", "STP", 0, &admin,
                                       NULL),
                     MC_OK);
    int64_t id3 = 0;
    assert_int_equal(account_find_login(f->db, "cb.moi", &id3), MC_OK);
    assert_int_equal(account_load(f->db, id3, &u), MC_OK);
    assert_int_equal(u.roles, 0);
    assert_string_equal(user_role_label(&u), "staff");
}

static void test_role_names(void **state)
{
    (void)state;
    unsigned roles = 0;
    assert_int_equal(role_parse_list("reception,approver", &roles), MC_OK);
    assert_int_equal(roles, ROLE_RECEPTION | ROLE_APPROVER);
    assert_int_equal(role_parse_list("province_admin", &roles), MC_OK);
    assert_int_equal(roles, ROLE_PROVINCE_ADMIN);
    assert_int_equal(role_parse_list("reception,processing,approver,agency_admin,province_admin",
                                     &roles),
                     MC_OK);
    assert_int_equal(roles, 31);
    assert_int_equal(role_parse_list("reception,boss", &roles), MC_ERR_INVALID);
    assert_int_equal(role_parse_list("", &roles), MC_ERR_INVALID);
    assert_int_equal(role_parse_list("recept", &roles), MC_ERR_INVALID);
    assert_int_equal(role_parse_list("receptionx", &roles), MC_ERR_INVALID);
    assert_string_equal(role_name(ROLE_RECEPTION), "reception");
    assert_string_equal(role_name(ROLE_AGENCY_ADMIN), "agency_admin");
    assert_string_equal(role_name(ROLE_RECEPTION | ROLE_APPROVER), "?");
    /* The collaborator role (migration 0012) parses, names and labels. */
    assert_int_equal(role_parse_list("collaborator", &roles), MC_OK);
    assert_int_equal(roles, ROLE_COLLABORATOR);
    assert_int_equal(role_parse_list("collaborator,processing", &roles), MC_OK);
    assert_int_equal(roles, ROLE_COLLABORATOR | ROLE_PROCESSING);
    assert_int_equal(role_parse_list("collab", &roles), MC_ERR_INVALID);
    assert_string_equal(role_name(ROLE_COLLABORATOR), "collaborator");
    assert_string_equal(role_label_vi(ROLE_COLLABORATOR),
                        "Cộng tác viên (Tổ công nghệ số cộng đồng)");
    assert_string_equal(role_label_vi(ROLE_PROVINCE_ADMIN), "Quản trị cấp tỉnh");
    assert_string_equal(role_label_vi(ROLE_RECEPTION | ROLE_APPROVER), "");
}

static void test_collaborator_accounts(void **state)
{
    struct test_db *f = *state;
    struct audit_actor who = {0, "system", "test"};
    struct user u;
    int64_t id = 0;
    /* A collaborator belongs to a commune's agency. */
    assert_int_equal(account_add_staff(f->db, "ctv.a", "Hoàng Thị Lan", "matkhau-ctv1", "",
                                       ROLE_COLLABORATOR, &who, &id),
                     MC_ERR_INVALID);
    assert_int_equal(account_add_staff(f->db, "ctv.a", "Hoàng Thị Lan", "matkhau-ctv1",
                                       "X06184.UBND", ROLE_COLLABORATOR, &who, &id),
                     MC_OK);
    assert_int_equal(account_load(f->db, id, &u), MC_OK);
    assert_int_equal(u.kind, USER_STAFF);
    assert_int_equal(u.roles, ROLE_COLLABORATOR);
    assert_string_equal(u.agency_code, "X06184.UBND");
    assert_string_equal(user_role_label(&u), "collaborator");
    assert_true(user_is_collaborator_only(&u));
    assert_false(user_is_officer(&u));
    /* An officer who is also a collaborator is labelled and treated as an officer. */
    u.roles = ROLE_COLLABORATOR | ROLE_PROCESSING;
    assert_string_equal(user_role_label(&u), "processing");
    assert_false(user_is_collaborator_only(&u));
    assert_true(user_is_officer(&u));
    /* Citizens are neither; roleless staff stay officers as before. */
    u.kind = USER_CITIZEN;
    u.roles = ROLE_COLLABORATOR;
    assert_false(user_is_collaborator_only(&u));
    assert_false(user_is_officer(&u));
    u.kind = USER_STAFF;
    u.roles = 0;
    assert_true(user_is_officer(&u));
    assert_false(user_is_collaborator_only(NULL));
    assert_false(user_is_officer(NULL));
}

/* ---------------------------------------------------------------- TOTP */

static void test_totp_code_vectors(void **state)
{
    (void)state;
    /* RFC 6238 appendix B, SHA-1 secret "12345678901234567890", last 6 digits. */
    static const char *secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    char code[7];
    assert_int_equal(account_totp_code(secret, 59, code), MC_OK);
    assert_string_equal(code, "287082");
    assert_int_equal(account_totp_code(secret, 1111111109, code), MC_OK);
    assert_string_equal(code, "081804");
    assert_int_equal(account_totp_code(secret, 1234567890, code), MC_OK);
    assert_string_equal(code, "005924");
    assert_int_equal(account_totp_code("not base32!", 59, code), MC_ERR_INVALID);
}

struct staff_login {
    int64_t id;
    char token[ACCOUNT_TOKEN_SIZE];
    struct audit_actor who;
};

static void staff_with_session(struct db *db, struct staff_login *s)
{
    assert_int_equal(account_add_staff(db, "cb.totp", "Phạm Văn Dũng", "matkhau-totp",
                                       "STP", ROLE_APPROVER, NULL, &s->id),
                     MC_OK);
    assert_int_equal(account_session_start(db, s->id, false, s->token), MC_OK);
    s->who = (struct audit_actor){s->id, "approver", "10.0.0.5"};
}

static void test_totp_enrol_and_verify(void **state)
{
    struct test_db *f = *state;
    struct staff_login s;
    staff_with_session(f->db, &s);
    char secret[ACCOUNT_TOTP_SECRET_SIZE], again[ACCOUNT_TOTP_SECRET_SIZE], code[7];
    char fresh[ACCOUNT_TOKEN_SIZE];
    assert_int_equal(account_totp_begin(f->db, s.id, secret), MC_OK);
    assert_int_equal(strlen(secret), 32);
    assert_int_equal(strspn(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 32);
    /* Begin again: the same pending secret. */
    assert_int_equal(account_totp_begin(f->db, s.id, again), MC_OK);
    assert_string_equal(again, secret);
    assert_int_equal(account_totp_begin(f->db, s.id + 999, again), MC_ERR_NOT_FOUND);
    /* Not enabled yet: verify is refused, the session has no second factor. */
    assert_int_equal(account_totp_code(secret, clock_now(), code), MC_OK);
    assert_int_equal(account_totp_verify(f->db, s.token, s.id, code, &s.who, fresh),
                     MC_ERR_INVALID);
    struct session sess;
    struct user u;
    assert_int_equal(account_load(f->db, s.id, &u), MC_OK);
    assert_false(u.totp_enabled);
    /* A wrong code does not enable it. */
    char wrong[7];
    snprintf(wrong, sizeof(wrong), "%06u", (unsigned)(atoi(code) + 1) % 1000000u);
    assert_int_equal(account_totp_confirm(f->db, s.token, s.id, wrong, &s.who, fresh),
                     MC_ERR_UNAUTHORIZED);
    assert_int_equal(account_totp_confirm(f->db, s.token, s.id, "12a456", &s.who, fresh),
                     MC_ERR_UNAUTHORIZED);
    assert_int_equal(account_totp_confirm(f->db, s.token, s.id, NULL, &s.who, fresh),
                     MC_ERR_UNAUTHORIZED);
    assert_int_equal(audits(f->db, "account.totp_failed"), 3);
    assert_int_equal(account_load(f->db, s.id, &u), MC_OK);
    assert_false(u.totp_enabled);
    assert_int_equal(account_session_find(f->db, s.token, &sess), MC_OK);
    assert_false(sess.second_factor);
    /* The right code enables it and replaces the session with a fresh one. */
    assert_int_equal(account_totp_confirm(f->db, s.token, s.id, code, &s.who, fresh), MC_OK);
    assert_int_equal(account_load(f->db, s.id, &u), MC_OK);
    assert_true(u.totp_enabled);
    assert_int_equal(account_session_find(f->db, s.token, &sess), MC_ERR_NOT_FOUND);
    assert_int_equal(account_session_find(f->db, fresh, &sess), MC_OK);
    assert_true(sess.second_factor);
    assert_true(sess.user.totp_enabled);
    assert_int_equal(audits(f->db, "account.totp_enabled"), 1);
    /* Confirming again is not possible once enabled. */
    char token3[ACCOUNT_TOKEN_SIZE];
    assert_int_equal(account_totp_confirm(f->db, fresh, s.id, code, &s.who, token3),
                     MC_ERR_INVALID);
    /* Start the next part with the failures above forgotten. */
    clock_set(T0 + BACKOFF_MEMORY + 1, 0);
    /* A new sign-in needs the code again. */
    char token2[ACCOUNT_TOKEN_SIZE];
    assert_int_equal(account_session_start(f->db, s.id, false, token2), MC_OK);
    assert_int_equal(account_session_find(f->db, token2, &sess), MC_OK);
    assert_false(sess.second_factor);
    assert_int_equal(account_totp_verify(f->db, token2, s.id, wrong, &s.who, token3),
                     MC_ERR_UNAUTHORIZED);
    assert_int_equal(account_session_find(f->db, token2, &sess), MC_OK);
    assert_false(sess.second_factor);
    /* One step of clock drift either way is accepted, three are not. */
    char prev[7], old[7];
    assert_int_equal(account_totp_code(secret, clock_now() - 30, prev), MC_OK);
    assert_int_equal(account_totp_code(secret, clock_now() - 90, old), MC_OK);
    if (strcmp(old, code) != 0 && strcmp(old, prev) != 0) {
        char next[7];
        assert_int_equal(account_totp_code(secret, clock_now() + 30, next), MC_OK);
        if (strcmp(old, next) != 0)
            assert_int_equal(account_totp_verify(f->db, token2, s.id, old, &s.who, token3),
                             MC_ERR_UNAUTHORIZED);
    }
    assert_int_equal(account_totp_verify(f->db, token2, s.id, prev, &s.who, token3), MC_OK);
    assert_int_equal(account_session_find(f->db, token2, &sess), MC_ERR_NOT_FOUND);
    assert_int_equal(account_session_find(f->db, token3, &sess), MC_OK);
    assert_true(sess.second_factor);
    assert_int_equal(audits(f->db, "account.totp_ok"), 1);
}

static void test_totp_single_use(void **state)
{
    struct test_db *f = *state;
    struct staff_login s;
    static const char *secret = "JBSWY3DPEHPK3PXP";
    char code[7], next[7], t2[ACCOUNT_TOKEN_SIZE], t3[ACCOUNT_TOKEN_SIZE];
    char t4[ACCOUNT_TOKEN_SIZE];
    staff_with_session(f->db, &s);
    assert_int_equal(account_totp_set(f->db, s.id, secret), MC_OK);
    assert_int_equal(account_totp_code(secret, clock_now(), code), MC_OK);
    assert_int_equal(account_totp_code(secret, clock_now() + 30, next), MC_OK);
    assert_int_equal(account_totp_verify(f->db, s.token, s.id, code, &s.who, t2), MC_OK);
    /* The same code again, from another sign-in: refused, not counted as a guess. */
    assert_int_equal(account_session_start(f->db, s.id, false, t3), MC_OK);
    assert_int_equal(account_totp_verify(f->db, t3, s.id, code, &s.who, t4), MC_ERR_CONFLICT);
    struct session sess;
    assert_int_equal(account_session_find(f->db, t3, &sess), MC_OK);
    assert_false(sess.second_factor);
    assert_int_equal(audits(f->db, "account.totp_failed"), 0);
    /* The code of the next step is new and works once. */
    if (strcmp(next, code) != 0) {
        assert_int_equal(account_totp_verify(f->db, t3, s.id, next, &s.who, t4), MC_OK);
        assert_int_equal(account_session_start(f->db, s.id, false, t3), MC_OK);
        assert_int_equal(account_totp_verify(f->db, t3, s.id, next, &s.who, t4),
                         MC_ERR_CONFLICT);
    }
    /* Thirty seconds later the step after that is accepted. */
    clock_set(T0 + 60, 0);
    assert_int_equal(account_totp_code(secret, clock_now() + 30, next), MC_OK);
    assert_int_equal(account_session_start(f->db, s.id, false, t3), MC_OK);
    assert_int_equal(account_totp_verify(f->db, t3, s.id, next, &s.who, t4), MC_OK);
}

static void test_totp_throttle(void **state)
{
    struct test_db *f = *state;
    struct staff_login s;
    staff_with_session(f->db, &s);
    static const char *secret = "JBSWY3DPEHPK3PXP";
    char fresh[ACCOUNT_TOKEN_SIZE];
    assert_int_equal(account_totp_set(f->db, s.id, secret), MC_OK);
    assert_int_equal(account_totp_set(f->db, s.id, "!!!"), MC_ERR_INVALID);
    char code[7], wrong[7];
    assert_int_equal(account_totp_code(secret, clock_now(), code), MC_OK);
    /* A code that matches none of the three accepted steps. */
    for (int k = 0;; k++) {
        char c[3][7];
        snprintf(wrong, sizeof(wrong), "%06u", (unsigned)(atoi(code) + 1 + k) % 1000000u);
        for (int d = -1; d <= 1; d++)
            assert_int_equal(account_totp_code(secret, clock_now() + 30 * d, c[d + 1]), MC_OK);
        if (strcmp(wrong, c[0]) && strcmp(wrong, c[1]) && strcmp(wrong, c[2]))
            break;
    }
    for (int i = 0; i < BACKOFF_FREE + 1; i++)
        assert_int_equal(account_totp_verify(f->db, s.token, s.id, wrong, &s.who, fresh),
                         MC_ERR_UNAUTHORIZED);
    assert_int_equal(account_totp_verify(f->db, s.token, s.id, code, &s.who, fresh),
                     MC_ERR_RATE_LIMITED);
    struct session sess;
    assert_int_equal(account_session_find(f->db, s.token, &sess), MC_OK);
    assert_false(sess.second_factor);
    assert_int_equal(audits(f->db, "account.totp_ok"), 0);
    /* From another address the back-off does not apply... */
    struct audit_actor elsewhere = {s.id, "approver", "10.0.0.99"};
    for (int i = 0; i < ACCOUNT_TOTP_MAX_FAILS - (BACKOFF_FREE + 1); i++) {
        char addr[32];
        snprintf(addr, sizeof(addr), "10.0.1.%d", i);
        struct audit_actor w = {s.id, "approver", addr};
        assert_int_equal(account_totp_verify(f->db, s.token, s.id, wrong, &w, fresh),
                         MC_ERR_UNAUTHORIZED);
    }
    /* ...but the user's ceiling over all addresses does. */
    assert_int_equal(account_totp_verify(f->db, s.token, s.id, code, &elsewhere, fresh),
                     MC_ERR_RATE_LIMITED);
    /* After the window, with the code of that moment, it works. */
    clock_set(T0 + BACKOFF_MEMORY + 1, 0);
    assert_int_equal(account_totp_code(secret, clock_now(), code), MC_OK);
    assert_int_equal(account_totp_verify(f->db, s.token, s.id, code, &s.who, fresh), MC_OK);
    assert_int_equal(account_session_find(f->db, fresh, &sess), MC_OK);
    assert_true(sess.second_factor);
    assert_int_equal(audits(f->db, "account.totp_ok"), 1);
    /* TOTP failures do not hold up the password. */
    struct user u;
    assert_int_equal(account_authenticate(f->db, "cb.totp", "matkhau-totp", "10.0.0.8", &u),
                     MC_OK);
    assert_true(u.totp_enabled);
}

/* ---------------------------------------------------------------- self-service */

static void test_change_password(void **state)
{
    struct test_db *f = *state;
    int64_t id = make_citizen(f->db);
    struct audit_actor who = {id, "citizen", "198.51.100.4"};
    char t1[ACCOUNT_TOKEN_SIZE], t2[ACCOUNT_TOKEN_SIZE], fresh[ACCOUNT_TOKEN_SIZE];
    struct form_errors errs = {0};
    struct session sess;
    struct user u;
    assert_int_equal(account_session_start(f->db, id, true, t1), MC_OK);
    assert_int_equal(account_session_start(f->db, id, true, t2), MC_OK);
    /* A wrong current password, a weak or mismatched new one: nothing changes. */
    assert_int_equal(account_change_password(f->db, id, "sai-mat-khau", "cay-bang-xanh-7",
                                             "cay-bang-xanh-7", true, &who, &errs, fresh),
                     MC_ERR_INVALID);
    assert_true(has_error(&errs, "current_password"));
    errs = (struct form_errors){0};
    assert_int_equal(account_change_password(f->db, id, PASSWORD, "iloveyou", "iloveyou", true,
                                             &who, &errs, fresh),
                     MC_ERR_INVALID);
    assert_true(has_error(&errs, "password"));
    errs = (struct form_errors){0};
    assert_int_equal(account_change_password(f->db, id, PASSWORD, "cay-bang-xanh-7",
                                             "cay-bang-xanh-8", true, &who, &errs, fresh),
                     MC_ERR_INVALID);
    assert_true(has_error(&errs, "password2"));
    assert_int_equal(account_session_find(f->db, t1, &sess), MC_OK);
    /* The change revokes every session and hands back a new one. */
    errs = (struct form_errors){0};
    assert_int_equal(account_change_password(f->db, id, PASSWORD, "cay-bang-xanh-7",
                                             "cay-bang-xanh-7", true, &who, &errs, fresh),
                     MC_OK);
    assert_int_equal(account_session_find(f->db, t1, &sess), MC_ERR_NOT_FOUND);
    assert_int_equal(account_session_find(f->db, t2, &sess), MC_ERR_NOT_FOUND);
    assert_int_equal(account_session_find(f->db, fresh, &sess), MC_OK);
    assert_int_equal(audits(f->db, "account.password_change"), 1);
    assert_int_equal(account_authenticate(f->db, CCCD, PASSWORD, "198.51.100.5", &u),
                     MC_ERR_UNAUTHORIZED);
    assert_int_equal(account_authenticate(f->db, CCCD, "cay-bang-xanh-7", "198.51.100.5", &u),
                     MC_OK);
}

static void test_logout_everywhere(void **state)
{
    struct test_db *f = *state;
    int64_t id = make_citizen(f->db);
    struct audit_actor who = {id, "citizen", "198.51.100.4"};
    char t1[ACCOUNT_TOKEN_SIZE], t2[ACCOUNT_TOKEN_SIZE];
    struct session sess;
    assert_int_equal(account_session_start(f->db, id, true, t1), MC_OK);
    assert_int_equal(account_session_start(f->db, id, true, t2), MC_OK);
    assert_int_equal(account_session_end_all(f->db, id, &who), MC_OK);
    assert_int_equal(account_session_find(f->db, t1, &sess), MC_ERR_NOT_FOUND);
    assert_int_equal(account_session_find(f->db, t2, &sess), MC_ERR_NOT_FOUND);
    assert_int_equal(audits(f->db, "account.logout_all"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_register_citizen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_duplicate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_business, setup, teardown),
        cmocka_unit_test_setup_teardown(test_authenticate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttle_login, setup, teardown),
        cmocka_unit_test_setup_teardown(test_success_clears_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_login_runs_the_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttle_address, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_staff_roles, setup, teardown),
        cmocka_unit_test(test_role_names),
        cmocka_unit_test_setup_teardown(test_collaborator_accounts, setup, teardown),
        cmocka_unit_test(test_totp_code_vectors),
        cmocka_unit_test_setup_teardown(test_totp_enrol_and_verify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_totp_single_use, setup, teardown),
        cmocka_unit_test_setup_teardown(test_totp_throttle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change_password, setup, teardown),
        cmocka_unit_test_setup_teardown(test_logout_everywhere, setup, teardown),
    };
    return cmocka_run_group_tests_name("accounts/account", tests, group_setup, NULL);
}
