/*
 * account.c - accounts, roles, sessions and two-factor sign-in
 * (see account.h).
 */
#include <liboath/oath.h>
#include <pthread.h>
#include <time.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include "domain/accounts/account.h"
#include "domain/accounts/ident.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/text.h"

/* ---------------------------------------------------------------- SQL */

static const struct db_query Q_USER_INSERT = {
    "account.user_insert",
    "INSERT INTO users (kind, login, full_name, cccd, tax_code, phone, email,"
    " password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
};
static const struct db_query Q_USER_BY_LOGIN = {
    "account.user_by_login",
    "SELECT id, password_hash, disabled FROM users WHERE login = ?1",
};
static const struct db_query Q_USER_LOAD = {
    "account.user_load",
    "SELECT id, kind, login, full_name, totp_enabled FROM users WHERE id = ?1",
};
static const struct db_query Q_ROLES_LOAD = {
    "account.roles_load",
    "SELECT agency_code, role FROM user_roles WHERE user_id = ?1 ORDER BY agency_code",
};
static const struct db_query Q_ROLE_INSERT = {
    "account.role_insert",
    "INSERT INTO user_roles (user_id, agency_code, role) VALUES (?1, ?2, ?3)"
    " ON CONFLICT DO NOTHING",
};
static const struct db_query Q_FAILS_COUNT = {
    "account.fails_count",
    "SELECT COUNT(*) FROM login_failures WHERE key = ?1 AND at > ?2",
};
static const struct db_query Q_FAIL_INSERT = {
    "account.fail_insert",
    "INSERT INTO login_failures (key, at) VALUES (?1, ?2)",
};
static const struct db_query Q_FAILS_CLEAR = {
    "account.fails_clear",
    "DELETE FROM login_failures WHERE key = ?1 OR at <= ?2",
};
static const struct db_query Q_SESSION_INSERT = {
    "account.session_insert",
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, second_factor)"
    " VALUES (?1, ?2, ?3, ?4, ?5)",
};
static const struct db_query Q_SESSION_FIND = {
    "account.session_find",
    "SELECT user_id, second_factor, expires_at FROM sessions"
    " WHERE token_hash = ?1 AND revoked_at IS NULL AND expires_at > ?2",
};
static const struct db_query Q_SESSION_REVOKE = {
    "account.session_revoke",
    "UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL"
    " RETURNING user_id",
};
static const struct db_query Q_SESSION_2FA = {
    "account.session_2fa",
    "UPDATE sessions SET second_factor = 1 WHERE token_hash = ?1 AND user_id = ?2",
};
static const struct db_query Q_TOTP_GET = {
    "account.totp_get",
    "SELECT COALESCE(totp_secret, ''), totp_enabled FROM users WHERE id = ?1",
};
static const struct db_query Q_TOTP_SET = {
    "account.totp_set",
    "UPDATE users SET totp_secret = ?2, totp_enabled = ?3 WHERE id = ?1",
};
static const struct db_query Q_USER_ID_BY_LOGIN = {
    "account.user_id_by_login",
    "SELECT id FROM users WHERE login = ?1",
};

/* ---------------------------------------------------------------- helpers */

/*
 * Lowest rank first: user_role_label() names the last role a user holds,
 * so the collaborator role comes first and an officer who is also a
 * collaborator is labelled by the officer role.
 */
static const struct {
    enum role_flags flag;
    const char *name;
    const char *label;
} role_names[] = {
    {ROLE_COLLABORATOR, "collaborator", "Cộng tác viên (Tổ công nghệ số cộng đồng)"},
    {ROLE_RECEPTION, "reception", "Cán bộ một cửa"},
    {ROLE_PROCESSING, "processing", "Chuyên viên xử lý"},
    {ROLE_APPROVER, "approver", "Lãnh đạo phê duyệt"},
    {ROLE_AGENCY_ADMIN, "agency_admin", "Quản trị đơn vị"},
    {ROLE_PROVINCE_ADMIN, "province_admin", "Quản trị cấp tỉnh"},
};

const char *role_name(enum role_flags r)
{
    for (size_t i = 0; i < MC_ARRAY_LEN(role_names); i++)
        if (role_names[i].flag == r)
            return role_names[i].name;
    return "?";
}

const char *role_label_vi(enum role_flags r)
{
    for (size_t i = 0; i < MC_ARRAY_LEN(role_names); i++)
        if (role_names[i].flag == r)
            return role_names[i].label;
    return "";
}

bool user_is_collaborator_only(const struct user *u)
{
    return u && u->kind == USER_STAFF && (u->roles & ROLE_COLLABORATOR) &&
           !(u->roles & ROLE_OFFICER_MASK);
}

bool user_is_officer(const struct user *u)
{
    return u && u->kind == USER_STAFF && !user_is_collaborator_only(u);
}

static unsigned role_from_name(const char *s, size_t len)
{
    for (size_t i = 0; i < MC_ARRAY_LEN(role_names); i++)
        if (strlen(role_names[i].name) == len && strncmp(role_names[i].name, s, len) == 0)
            return role_names[i].flag;
    return 0;
}

enum mc_status role_parse_list(const char *s, unsigned *out)
{
    unsigned roles = 0;
    while (*s) {
        size_t len = strcspn(s, ",");
        unsigned r = role_from_name(s, len);
        if (!r)
            return MC_ERR_INVALID;
        roles |= r;
        s += len;
        if (*s == ',')
            s++;
    }
    *out = roles;
    return roles ? MC_OK : MC_ERR_INVALID;
}

const char *user_role_label(const struct user *u)
{
    if (u->kind == USER_CITIZEN)
        return "citizen";
    if (u->kind == USER_BUSINESS)
        return "business";
    for (int i = (int)MC_ARRAY_LEN(role_names) - 1; i >= 0; i--)
        if (u->roles & role_names[i].flag)
            return role_names[i].name;
    return "staff";
}

static const char *kind_name(enum user_kind k)
{
    return k == USER_CITIZEN ? "citizen" : k == USER_BUSINESS ? "business" : "staff";
}

static enum user_kind kind_from(const char *s)
{
    return strcmp(s, "citizen") == 0 ? USER_CITIZEN
         : strcmp(s, "business") == 0 ? USER_BUSINESS : USER_STAFF;
}

static void copy_str(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
}

static void token_hash(const char *token, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(hex, 65, h, sizeof(h));
}

static int current_year(void)
{
    time_t t = (time_t)(clock_now() + CLOCK_VN_OFFSET);
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm.tm_year + 1900;
}

static bool blank(const char *s)
{
    return !s || !*s;
}

/* ---------------------------------------------------------------- registration */

struct register_ctx {
    const struct registration *r;
    const struct audit_actor *who;
    const char *login, *cccd, *tax, *phone, *email, *hash;
    int64_t user_id;
};

static enum mc_status register_tx(struct db *db, void *arg)
{
    struct register_ctx *c = arg;
    char object[32];
    enum mc_status rc = db_get_int(db, &Q_USER_INSERT, &c->user_id, "ssssssssi",
                                   kind_name(c->r->kind), c->login, c->r->full_name, c->cccd,
                                   c->tax, c->phone, c->email, c->hash, clock_now());
    if (rc != MC_OK)
        return rc;
    snprintf(object, sizeof(object), "user:%lld", (long long)c->user_id);
    struct audit_actor self = *c->who;
    self.user_id = c->user_id;
    self.role = kind_name(c->r->kind);
    return audit_record(db, &self, "account.register", object, NULL);
}

static void validate_registration(const struct registration *r, struct form_errors *errs,
                                  char phone[IDENT_PHONE_SIZE], struct ident_tax *tax)
{
    const char *msg = NULL;
    struct ident_cccd cccd;
    if (blank(r->full_name) || strlen(r->full_name) > 200)
        form_errors_add(errs, "full_name", r->kind == USER_BUSINESS
                        ? "vui lòng nhập tên doanh nghiệp (tối đa 200 ký tự)"
                        : "vui lòng nhập họ và tên (tối đa 200 ký tự)");
    if (r->kind == USER_CITIZEN &&
        ident_check_cccd(r->cccd ? r->cccd : "", r->cccd ? strlen(r->cccd) : 0,
                         current_year(), &cccd, &msg) != MC_OK)
        form_errors_add(errs, "cccd", msg);
    if (r->kind == USER_BUSINESS &&
        ident_check_tax(r->tax_code ? r->tax_code : "", r->tax_code ? strlen(r->tax_code) : 0,
                        tax, &msg) != MC_OK)
        form_errors_add(errs, "tax_code", msg);
    if (blank(r->phone) && blank(r->email))
        form_errors_add(errs, "phone", "vui lòng nhập số điện thoại hoặc thư điện tử");
    if (!blank(r->phone) && ident_check_phone(r->phone, strlen(r->phone), phone, &msg) != MC_OK)
        form_errors_add(errs, "phone", msg);
    if (!blank(r->email) && ident_check_email(r->email, strlen(r->email), &msg) != MC_OK)
        form_errors_add(errs, "email", msg);
    if (!r->password || strlen(r->password) < ACCOUNT_PASSWORD_MIN ||
        strlen(r->password) > 200)
        form_errors_add(errs, "password", "mật khẩu phải có từ 8 đến 200 ký tự");
    else if (!r->password2 || strcmp(r->password, r->password2) != 0)
        form_errors_add(errs, "password2", "mật khẩu nhập lại không khớp");
}

enum mc_status account_register(struct db *db, const struct registration *r,
                                 const struct audit_actor *who, struct form_errors *errs,
                                 int64_t *user_id)
{
    char phone[IDENT_PHONE_SIZE] = "";
    char hash[crypto_pwhash_STRBYTES];
    struct ident_tax tax = {0};
    struct register_ctx c = {.r = r, .who = who};
    enum mc_status st;
    validate_registration(r, errs, phone, &tax);
    if (errs->count) {
        st = MC_ERR_INVALID;
        goto out;
    }
    if (crypto_pwhash_str(hash, r->password, strlen(r->password),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        st = MC_ERR_INTERNAL;
        goto out;
    }
    c.cccd = r->kind == USER_CITIZEN ? r->cccd : NULL;
    c.tax = r->kind == USER_BUSINESS ? tax.code : NULL;
    c.login = c.cccd ? c.cccd : c.tax;
    c.phone = phone[0] ? phone : NULL;
    c.email = blank(r->email) ? NULL : r->email;
    c.hash = hash;
    st = db_tx(db, register_tx, &c);
    if (st == MC_ERR_CONFLICT)
        form_errors_add(errs, r->kind == USER_CITIZEN ? "cccd" : "tax_code",
                        r->kind == USER_CITIZEN ? "số CCCD này đã có tài khoản"
                                                : "mã số thuế này đã có tài khoản");
    if (st == MC_OK)
        *user_id = c.user_id;
out:
    sodium_memzero(hash, sizeof(hash));
    return st;
}

/* ---------------------------------------------------------------- staff */

struct staff_ctx {
    const char *login, *full_name, *hash, *agency;
    unsigned roles;
    const struct audit_actor *who;
    int64_t user_id;
};

static enum mc_status staff_tx(struct db *db, void *arg)
{
    struct staff_ctx *c = arg;
    char object[32];
    enum mc_status rc = db_get_int(db, &Q_USER_INSERT, &c->user_id, "sssnnnnsi", "staff",
                                   c->login, c->full_name, c->hash, clock_now());
    for (size_t i = 0; rc == MC_OK && i < MC_ARRAY_LEN(role_names); i++)
        if (c->roles & role_names[i].flag)
            rc = db_run(db, &Q_ROLE_INSERT, NULL, "iss", c->user_id, c->agency,
                        role_names[i].name);
    snprintf(object, sizeof(object), "user:%lld", (long long)c->user_id);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "account.add_staff", object, NULL);
    return rc;
}

enum mc_status account_add_staff(struct db *db, const char *login, const char *full_name,
                                 const char *password, const char *agency_code,
                                 unsigned roles, const struct audit_actor *who,
                                 int64_t *user_id)
{
    char hash[crypto_pwhash_STRBYTES];
    struct staff_ctx c = {login, full_name, hash, agency_code ? agency_code : "", roles, who,
                          0};
    if (blank(login) || blank(full_name) || !password || strlen(password) < ACCOUNT_PASSWORD_MIN)
        return MC_ERR_INVALID;
    /* A collaborator works for one commune: the agency is required. */
    if ((roles & ROLE_COLLABORATOR) && blank(c.agency))
        return MC_ERR_INVALID;
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return MC_ERR_INTERNAL;
    enum mc_status st = db_tx(db, staff_tx, &c);
    if (st == MC_OK && user_id)
        *user_id = c.user_id;
    return st;
}

/* ---------------------------------------------------------------- sign-in */

static enum mc_status failures(struct db *db, const char *key, int64_t *n)
{
    return db_get_int(db, &Q_FAILS_COUNT, n, "si", key, clock_now() - ACCOUNT_FAIL_WINDOW);
}

struct fail_ctx {
    const char *acct_key, *addr_key, *address;
    int64_t user_id;   /* on success */
};

static enum mc_status record_failure_tx(struct db *db, void *arg)
{
    struct fail_ctx *c = arg;
    struct audit_actor who = {0, "anonymous", c->address};
    enum mc_status st = db_run(db, &Q_FAIL_INSERT, NULL, "si", c->acct_key, clock_now());
    if (st == MC_OK)
        st = db_run(db, &Q_FAIL_INSERT, NULL, "si", c->addr_key, clock_now());
    if (st == MC_OK)
        st = audit_record(db, &who, "account.login_failed", NULL, NULL);
    return st;
}

static enum mc_status login_ok_tx(struct db *db, void *arg)
{
    struct fail_ctx *c = arg;
    struct audit_actor who = {c->user_id, "user", c->address};
    char object[32];
    snprintf(object, sizeof(object), "user:%lld", (long long)c->user_id);
    enum mc_status st = db_run(db, &Q_FAILS_CLEAR, NULL, "si", c->acct_key,
                               clock_now() - ACCOUNT_FAIL_WINDOW);
    if (st == MC_OK)
        st = audit_record(db, &who, "account.login", object, NULL);
    return st;
}

/* Look up the hash; *found false for unknown or disabled logins. */
static enum mc_status password_hash_of(struct db *db, const char *login, int64_t *id,
                                       char hash[crypto_pwhash_STRBYTES], bool *found)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_USER_BY_LOGIN, &st, "s", login);
    *found = rc == MC_OK && db_col_int64(st, 2) == 0;
    if (rc == MC_ERR_NOT_FOUND)
        rc = MC_OK;
    if (*found) {
        *id = db_col_int64(st, 0);
        db_col_copy(st, 1, hash, crypto_pwhash_STRBYTES);
    }
    db_done(st);
    return rc;
}

enum mc_status account_authenticate(struct db *db, const char *login, const char *password,
                                     const char *address, struct user *out)
{
    char acct_key[128], addr_key[96], hash[crypto_pwhash_STRBYTES];
    int64_t n_acct = 0, n_addr = 0, id = 0;
    bool found = false;
    struct fail_ctx fc = {acct_key, addr_key, address, 0};
    enum mc_status st;
    snprintf(acct_key, sizeof(acct_key), "acct:%.100s", login ? login : "");
    snprintf(addr_key, sizeof(addr_key), "addr:%.80s", address ? address : "");
    st = failures(db, acct_key, &n_acct);
    if (st == MC_OK)
        st = failures(db, addr_key, &n_addr);
    if (st != MC_OK)
        return st;
    if (n_acct >= ACCOUNT_MAX_FAILS_LOGIN || n_addr >= ACCOUNT_MAX_FAILS_ADDR)
        return MC_ERR_RATE_LIMITED;
    st = password_hash_of(db, login ? login : "", &id, hash, &found);
    if (st != MC_OK)
        return st;
    bool ok = found && password &&
              crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    if (!ok) {
        st = db_tx(db, record_failure_tx, &fc);
        return st == MC_OK ? MC_ERR_UNAUTHORIZED : st;
    }
    fc.user_id = id;
    st = db_tx(db, login_ok_tx, &fc);
    if (st == MC_OK)
        st = account_load(db, id, out);
    return st;
}

enum mc_status account_load(struct db *db, int64_t user_id, struct user *out)
{
    struct db_stmt *st = NULL;
    memset(out, 0, sizeof(*out));
    enum mc_status rc = db_get_row(db, &Q_USER_LOAD, &st, "i", user_id);
    if (rc == MC_OK) {
        out->id = db_col_int64(st, 0);
        out->kind = kind_from(db_col_text(st, 1));
        db_col_copy(st, 2, out->login, sizeof(out->login));
        db_col_copy(st, 3, out->full_name, sizeof(out->full_name));
        out->totp_enabled = db_col_int64(st, 4) != 0;
    }
    db_done(st);
    if (rc != MC_OK)
        return rc;
    rc = db_query_start(db, &Q_ROLES_LOAD, &st, "i", user_id);
    while (db_next(st, &rc)) {
        const char *name = db_col_text(st, 1);
        out->roles |= role_from_name(name, strlen(name));
        if (!out->agency_code[0])
            db_col_copy(st, 0, out->agency_code, sizeof(out->agency_code));
    }
    db_done(st);
    return rc;
}

enum mc_status account_find_login(struct db *db, const char *login, int64_t *user_id)
{
    return db_get_int(db, &Q_USER_ID_BY_LOGIN, user_id, "s", login);
}

/* ---------------------------------------------------------------- sessions */

enum mc_status account_session_start(struct db *db, int64_t user_id, bool second_factor,
                                     char token[ACCOUNT_TOKEN_SIZE])
{
    unsigned char raw[32];
    char hex[65];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(token, ACCOUNT_TOKEN_SIZE, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    token_hash(token, hex);
    int64_t now = clock_now();
    return db_run(db, &Q_SESSION_INSERT, NULL, "siiii", hex, user_id, now,
                  now + ACCOUNT_SESSION_TTL, (int64_t)(second_factor ? 1 : 0));
}

enum mc_status account_session_find(struct db *db, const char *token, struct session *out)
{
    struct db_stmt *st = NULL;
    char hex[65];
    int64_t user_id = 0;
    if (!token || strlen(token) != ACCOUNT_TOKEN_SIZE - 1)
        return MC_ERR_NOT_FOUND;
    token_hash(token, hex);
    enum mc_status rc = db_get_row(db, &Q_SESSION_FIND, &st, "si", hex, clock_now());
    if (rc == MC_OK) {
        user_id = db_col_int64(st, 0);
        out->second_factor = db_col_int64(st, 1) != 0;
        out->expires_at = db_col_int64(st, 2);
    }
    db_done(st);
    if (rc == MC_OK)
        rc = account_load(db, user_id, &out->user);
    return rc;
}

struct end_ctx {
    const char *hex;
    const struct audit_actor *who;
};

static enum mc_status session_end_tx(struct db *db, void *arg)
{
    struct end_ctx *c = arg;
    int64_t user_id = 0;
    enum mc_status st = db_get_int(db, &Q_SESSION_REVOKE, &user_id, "si", c->hex, clock_now());
    if (st == MC_ERR_NOT_FOUND)
        return MC_OK;
    if (st == MC_OK)
        st = audit_record(db, c->who, "account.logout", NULL, NULL);
    return st;
}

enum mc_status account_session_end(struct db *db, const char *token,
                                   const struct audit_actor *who)
{
    char hex[65];
    if (!token)
        return MC_OK;
    token_hash(token, hex);
    struct end_ctx c = {hex, who};
    return db_tx(db, session_end_tx, &c);
}

/* ---------------------------------------------------------------- TOTP */

static void totp_library_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, (void (*)(void))oath_init);
}

enum mc_status account_totp_code(const char *secret_b32, int64_t t, char code[7])
{
    char *raw = NULL;
    size_t raw_len = 0;
    totp_library_init();
    if (oath_base32_decode(secret_b32, strlen(secret_b32), &raw, &raw_len) != OATH_OK)
        return MC_ERR_INVALID;
    int rc = oath_totp_generate(raw, raw_len, (time_t)t, 30, 0, 6, code);
    free(raw);
    return rc == OATH_OK ? MC_OK : MC_ERR_INVALID;
}

static enum mc_status totp_get(struct db *db, int64_t user_id,
                               char secret[ACCOUNT_TOTP_SECRET_SIZE],
                               bool *enabled)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_TOTP_GET, &st, "i", user_id);
    if (rc == MC_OK) {
        db_col_copy(st, 0, secret, ACCOUNT_TOTP_SECRET_SIZE);
        *enabled = db_col_int64(st, 1) != 0;
    }
    db_done(st);
    return rc;
}

enum mc_status account_totp_begin(struct db *db, int64_t user_id,
                                  char secret[ACCOUNT_TOTP_SECRET_SIZE])
{
    bool enabled = false;
    enum mc_status st = totp_get(db, user_id, secret, &enabled);
    if (st != MC_OK || secret[0])
        return st;
    unsigned char raw[20];
    char *b32 = NULL;
    size_t b32_len = 0;
    totp_library_init();
    randombytes_buf(raw, sizeof(raw));
    if (oath_base32_encode((const char *)raw, sizeof(raw), &b32, &b32_len) != OATH_OK)
        return MC_ERR_INTERNAL;
    copy_str(secret, ACCOUNT_TOTP_SECRET_SIZE, b32);
    free(b32);
    return db_run(db, &Q_TOTP_SET, NULL, "isi", user_id, secret, (int64_t)0);
}

enum mc_status account_totp_set(struct db *db, int64_t user_id, const char *secret_b32)
{
    char code[7];
    if (account_totp_code(secret_b32, 0, code) != MC_OK)
        return MC_ERR_INVALID;
    return db_run(db, &Q_TOTP_SET, NULL, "isi", user_id, secret_b32, (int64_t)1);
}

static bool totp_matches(const char *secret_b32, const char *code)
{
    char *raw = NULL;
    size_t raw_len = 0;
    if (!code || strlen(code) != 6 || !text_is_digits(code, 6))
        return false;
    totp_library_init();
    if (oath_base32_decode(secret_b32, strlen(secret_b32), &raw, &raw_len) != OATH_OK)
        return false;
    int rc = oath_totp_validate(raw, raw_len, (time_t)clock_now(), 30, 0, 1, code);
    free(raw);
    return rc >= 0;
}

struct totp_ctx {
    const char *token;
    int64_t user_id;
    const char *secret;
    bool enable;
    const struct audit_actor *who;
};

static enum mc_status totp_ok_tx(struct db *db, void *arg)
{
    struct totp_ctx *c = arg;
    char hex[65];
    enum mc_status st = MC_OK;
    token_hash(c->token, hex);
    if (c->enable)
        st = db_run(db, &Q_TOTP_SET, NULL, "isi", c->user_id, c->secret, (int64_t)1);
    if (st == MC_OK)
        st = db_run(db, &Q_SESSION_2FA, NULL, "si", hex, c->user_id);
    if (st == MC_OK)
        st = audit_record(db, c->who, c->enable ? "account.totp_enabled" : "account.totp_ok",
                          NULL, NULL);
    return st;
}

static enum mc_status totp_check(struct db *db, const char *token, int64_t user_id,
                                 const char *code, const struct audit_actor *who,
                                 bool enrol)
{
    char secret[ACCOUNT_TOTP_SECRET_SIZE], acct_key[64], addr_key[96];
    bool enabled = false;
    int64_t n = 0;
    snprintf(acct_key, sizeof(acct_key), "totp:%lld", (long long)user_id);
    snprintf(addr_key, sizeof(addr_key), "addr:%.80s", who->address ? who->address : "");
    struct fail_ctx fc = {acct_key, addr_key, who->address, user_id};
    enum mc_status st = failures(db, acct_key, &n);
    if (st != MC_OK)
        return st;
    if (n >= ACCOUNT_MAX_FAILS_LOGIN)
        return MC_ERR_RATE_LIMITED;
    st = totp_get(db, user_id, secret, &enabled);
    if (st != MC_OK)
        return st;
    if (!secret[0] || enabled == enrol)
        return MC_ERR_INVALID;
    if (!totp_matches(secret, code)) {
        st = db_tx(db, record_failure_tx, &fc);
        return st == MC_OK ? MC_ERR_UNAUTHORIZED : st;
    }
    struct totp_ctx c = {token, user_id, secret, enrol, who};
    return db_tx(db, totp_ok_tx, &c);
}

enum mc_status account_totp_confirm(struct db *db, const char *token, int64_t user_id,
                                    const char *code, const struct audit_actor *who)
{
    return totp_check(db, token, user_id, code, who, true);
}

enum mc_status account_totp_verify(struct db *db, const char *token, int64_t user_id,
                                   const char *code, const struct audit_actor *who)
{
    return totp_check(db, token, user_id, code, who, false);
}
