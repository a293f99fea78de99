/*
 * account.c - accounts, roles, sessions, sign-in with back-off, password
 * change and two-factor sign-in (see account.h).  Registration is in
 * register.c; codes, contacts, reset and reclaim in account_code.c; staff
 * management in staff.c.
 */
#include <liboath/oath.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include "domain/accounts/account-int.h"
#include "domain/accounts/backoff.h"
#include "domain/accounts/ident.h"
#include "domain/accounts/password.h"
#include "domain/notify/notify.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/seal.h"
#include "core/array.h"
#include "core/text.h"

/* ---------------------------------------------------------------- SQL */

const struct db_query ACCOUNT_Q_USER_INSERT = {
    "account.user_insert",
    "INSERT INTO users (kind, login, full_name, cccd, tax_code, phone, email,"
    " password_hash, created_at, phone_verified_at, email_verified_at, must_change_password,"
    " cccd_bidx, phone_bidx, email_bidx)"
    " VALUES (?1, ?2, ?3, NULLIF(?4, ''), ?5, NULLIF(?6, ''), NULLIF(?7, ''), ?8, ?9,"
    " CASE WHEN ?10 <> 0 THEN CAST(?9 AS BIGINT) END,"
    " CASE WHEN ?11 <> 0 THEN CAST(?9 AS BIGINT) END, ?12,"
    " NULLIF(?13, ''), NULLIF(?14, ''), NULLIF(?15, '')) RETURNING id",
};
static const struct db_query Q_USER_BY_LOGIN = {
    "account.user_by_login",
    "SELECT id, password_hash, disabled FROM users WHERE login = ?1",
};
static const struct db_query Q_USER_LOAD = {
    "account.user_load",
    "SELECT id, kind, login, full_name, totp_enabled,"
    " phone_verified_at IS NOT NULL OR email_verified_at IS NOT NULL, must_change_password,"
    " cccd FROM users WHERE id = ?1",
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
/* Failures of a key since ?2: how many, and when the last one was. */
static const struct db_query Q_FAILS = {
    "account.fails",
    "SELECT COUNT(*), COALESCE(MAX(at), 0) FROM login_failures WHERE key = ?1 AND at > ?2",
};
/* The ?3-th newest failure of a key since ?2 (0-based), for the address wait. */
static const struct db_query Q_FAIL_NTH = {
    "account.fail_nth",
    "SELECT at FROM login_failures WHERE key = ?1 AND at > ?2 ORDER BY at DESC"
    " LIMIT 1 OFFSET ?3",
};
static const struct db_query Q_FAIL_INSERT = {
    "account.fail_insert",
    "INSERT INTO login_failures (key, at) VALUES (?1, ?2)",
};
/* Forget one key, and everything old enough to count no more. */
static const struct db_query Q_FAILS_CLEAR = {
    "account.fails_clear",
    "DELETE FROM login_failures WHERE key = ?1 OR at <= ?2",
};
/* Every pair key of a login: "pair:<login>|" up to (not including) "pair:<login>}". */
static const struct db_query Q_FAILS_CLEAR_LOGIN = {
    "account.fails_clear_login",
    "DELETE FROM login_failures WHERE key >= ?1 AND key < ?2",
};
static const struct db_query Q_EVENTS_COUNT = {
    "account.events_count",
    "SELECT COUNT(*) FROM account_events WHERE key = ?1 AND at > ?2",
};
static const struct db_query Q_EVENT_INSERT = {
    "account.event_insert",
    "INSERT INTO account_events (key, at) VALUES (?1, ?2)",
};
static const struct db_query Q_EVENTS_PRUNE = {
    "account.events_prune",
    "DELETE FROM account_events WHERE at <= ?1",
};
static const struct db_query Q_SESSION_INSERT = {
    "account.session_insert",
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, second_factor)"
    " VALUES (?1, ?2, ?3, ?4, ?5)",
};
static const struct db_query Q_SESSION_FIND = {
    "account.session_find",
    "SELECT s.user_id, s.second_factor, s.expires_at FROM sessions s"
    " JOIN users u ON u.id = s.user_id"
    " WHERE s.token_hash = ?1 AND s.revoked_at IS NULL AND s.expires_at > ?2"
    " AND u.disabled = 0",
};
static const struct db_query Q_SESSION_REVOKE = {
    "account.session_revoke",
    "UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL"
    " RETURNING user_id",
};
static const struct db_query Q_SESSIONS_REVOKE_USER = {
    "account.sessions_revoke_user",
    "UPDATE sessions SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL",
};
static const struct db_query Q_TOTP_GET = {
    "account.totp_get",
    "SELECT COALESCE(totp_secret, ''), totp_enabled, totp_last_step FROM users WHERE id = ?1",
};
static const struct db_query Q_TOTP_SET = {
    "account.totp_set",
    "UPDATE users SET totp_secret = ?2, totp_enabled = ?3 WHERE id = ?1",
};
/* Accept a step only if it is after the last one (guards two requests racing). */
static const struct db_query Q_TOTP_STEP = {
    "account.totp_step",
    "UPDATE users SET totp_last_step = ?2 WHERE id = ?1 AND totp_last_step < ?2",
};
static const struct db_query Q_USER_ID_BY_LOGIN = {
    "account.user_id_by_login",
    "SELECT id FROM users WHERE login = ?1",
};
static const struct db_query Q_PASSWORD_OF = {
    "account.password_of",
    "SELECT password_hash, login, COALESCE(phone, ''), COALESCE(email, ''), full_name, cccd"
    " FROM users WHERE id = ?1 AND disabled = 0",
};
static const struct db_query Q_PASSWORD_SET = {
    "account.password_set",
    "UPDATE users SET password_hash = ?2, password_changed_at = ?3, must_change_password = 0"
    " WHERE id = ?1",
};
/* account_contact_addrs() */
static const struct db_query Q_CONTACT_ADDRS = {
    "account.contact_addrs",
    "SELECT COALESCE(email, ''), COALESCE(phone, '') FROM users WHERE id = ?1",
};
static const struct db_query Q_CONTACTS = {
    "account.contacts",
    "SELECT COALESCE(phone, ''), COALESCE(email, ''), phone_verified_at IS NOT NULL,"
    " email_verified_at IS NOT NULL,"
    " COALESCE((SELECT notice_version FROM account_consents c WHERE c.user_id = users.id"
    "           ORDER BY given_at DESC, id DESC LIMIT 1), ''),"
    " COALESCE((SELECT MAX(given_at) FROM account_consents c WHERE c.user_id = users.id), 0)"
    " FROM users WHERE id = ?1",
};
static const struct db_query Q_OWNER_CONTACT = {
    "account.owner_contact",
    "SELECT CASE WHEN phone_verified_at IS NOT NULL THEN phone END,"
    " CASE WHEN email_verified_at IS NOT NULL THEN email END FROM users WHERE id = ?1",
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

/* The index of r in role_names; MC_ARRAY_LEN(role_names) when it is not there. */
static size_t role_index(enum role_flags r)
{
    size_t i = 0;
    while (i < MC_ARRAY_LEN(role_names) && role_names[i].flag != r)
        i++;
    return i;
}

const char *role_name(enum role_flags r)
{
    size_t i = role_index(r);
    return i < MC_ARRAY_LEN(role_names) ? role_names[i].name : "?";
}

const char *role_label_vi(enum role_flags r)
{
    size_t i = role_index(r);
    return i < MC_ARRAY_LEN(role_names) ? role_names[i].label : "";
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

static enum user_kind kind_from(const char *s)
{
    return strcmp(s, "citizen") == 0 ? USER_CITIZEN
         : strcmp(s, "business") == 0 ? USER_BUSINESS : USER_STAFF;
}

void account_copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

bool account_blank(const char *s)
{
    return !s || !*s;
}

void account_object(char *out, size_t size, int64_t user_id)
{
    snprintf(out, size, "user:%lld", (long long)user_id);
}

static void token_hash(const char *token, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(hex, 65, h, sizeof(h));
}

/* ---------------------------------------------------------------- passwords */

static atomic_uint_fast64_t password_checks;
static char dummy_hash[ACCOUNT_HASH_SIZE];

static void make_dummy_hash(void)
{
    unsigned char raw[24];
    char pw[49];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(pw, sizeof(pw), raw, sizeof(raw));
    if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        log_error("cannot make the dummy password hash");
    sodium_memzero(pw, sizeof(pw));
}

enum mc_status account_hash_password(const char *password, char hash[ACCOUNT_HASH_SIZE])
{
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return MC_ERR_INTERNAL;
    return MC_OK;
}

bool account_verify_password(const char *hash, const char *password)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    const char *pw = password ? password : "";
    if (!hash) {
        pthread_once(&once, make_dummy_hash);
        hash = dummy_hash;
    }
    atomic_fetch_add(&password_checks, 1);
    return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

uint64_t account_password_checks(void)
{
    return atomic_load(&password_checks);
}

/* ---------------------------------------------------------------- shared writes */

enum mc_status account_revoke_sessions(struct db *db, int64_t user_id)
{
    return db_run(db, &Q_SESSIONS_REVOKE_USER, NULL, "ii", user_id, clock_now());
}

static void login_key(const char *login, char *out, size_t size);

enum mc_status account_forget_failures(struct db *db, const char *login)
{
    char lo[128], hi[128], key[104];
    login_key(login, key, sizeof(key));
    snprintf(lo, sizeof(lo), "pair:%s|", key);
    snprintf(hi, sizeof(hi), "pair:%s}", key);
    return db_run(db, &Q_FAILS_CLEAR_LOGIN, NULL, "ss", lo, hi);
}

enum mc_status account_events_count(struct db *db, const char *key, int64_t since, int64_t *n)
{
    return db_get_int(db, &Q_EVENTS_COUNT, n, "si", key, since);
}

enum mc_status account_event_add(struct db *db, const char *key)
{
    /* Nothing looks back more than a day: keep the table small. */
    enum mc_status st = db_run(db, &Q_EVENTS_PRUNE, NULL, "i", clock_now() - 24 * 3600);
    if (st == MC_OK)
        st = db_run(db, &Q_EVENT_INSERT, NULL, "si", key, clock_now());
    return st;
}

struct rate_take {
    const char *key;
    int64_t window, max;
    bool allowed;
};

static enum mc_status rate_take_tx(struct db *db, void *ctx)
{
    struct rate_take *t = ctx;
    int64_t n = 0;
    enum mc_status st = account_events_count(db, t->key, clock_now() - t->window, &n);
    t->allowed = st == MC_OK && n < t->max;
    if (t->allowed)
        st = account_event_add(db, t->key);
    return st;
}

enum mc_status account_rate_take(struct db *db, const char *key, int64_t window, int64_t max,
                                 bool *allowed)
{
    struct rate_take t = {key, window, max, false};
    enum mc_status st = db_tx(db, rate_take_tx, &t);
    *allowed = st == MC_OK && t.allowed;
    return st;
}

enum mc_status account_tell_owner(struct db *db, int64_t user_id, const char *subject,
                                  const char *text)
{
    struct db_stmt *st = NULL;
    bool row = false;
    char phone[32] = "", email[IDENT_EMAIL_MAX + 2] = "";
    enum mc_status rc = db_query_start(db, &Q_OWNER_CONTACT, &st, "i", user_id);
    if (rc == MC_OK)
        rc = db_step(st, &row);
    if (rc == MC_OK && row)
        rc = seal_col_open(st, 0, phone, sizeof(phone));
    if (rc == MC_OK && row)
        rc = seal_col_open(st, 1, email, sizeof(email));
    db_done(st);
    if (rc == MC_OK && phone[0])
        rc = notify_enqueue(db, NOTIFY_SMS, phone, subject, text, "account.notice");
    else if (rc == MC_OK && email[0])
        rc = notify_enqueue(db, NOTIFY_EMAIL, email, subject, text, "account.notice");
    return rc;
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
    char object[32], login[ACCOUNT_LOGIN_STORED];
    enum mc_status rc = account_login_stored(c->login, login);
    if (rc == MC_OK)
        rc = db_get_int(db, &ACCOUNT_Q_USER_INSERT, &c->user_id, "sssnnnnsiiiinnn", "staff", login,
                        c->full_name, c->hash, clock_now(), (int64_t)0, (int64_t)0, (int64_t)0);
    for (size_t i = 0; rc == MC_OK && i < MC_ARRAY_LEN(role_names); i++)
        if (c->roles & role_names[i].flag)
            rc = db_run(db, &Q_ROLE_INSERT, NULL, "iss", c->user_id, c->agency,
                        role_names[i].name);
    account_object(object, sizeof(object), c->user_id);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "account.add_staff", object, NULL);
    return rc;
}

enum mc_status account_add_staff(struct db *db, const char *login, const char *full_name,
                                 const char *password, const char *agency_code,
                                 unsigned roles, const struct audit_actor *who,
                                 int64_t *user_id)
{
    char hash[ACCOUNT_HASH_SIZE];
    struct staff_ctx c = {login, full_name, hash, agency_code ? agency_code : "", roles, who,
                          0};
    struct password_context pc = {.login = login, .full_name = full_name};
    if (account_blank(login) || account_blank(full_name) ||
        password_check(password, &pc, NULL) != MC_OK)
        return MC_ERR_INVALID;
    /* A collaborator works for one commune: the agency is required. */
    if ((roles & ROLE_COLLABORATOR) && account_blank(c.agency))
        return MC_ERR_INVALID;
    if (account_hash_password(password, hash) != MC_OK)
        return MC_ERR_INTERNAL;
    enum mc_status st = db_tx(db, staff_tx, &c);
    if (st == MC_OK && user_id)
        *user_id = c.user_id;
    sodium_memzero(hash, sizeof(hash));
    return st;
}

struct batch_ctx {
    const struct account_staff_seed *list;
    size_t n;
    const char *hash, *secret;
    const struct audit_actor *who;
    size_t created;
};

static enum mc_status batch_tx(struct db *db, void *arg)
{
    struct batch_ctx *c = arg;
    enum mc_status st = MC_OK;
    int64_t id = 0;
    c->created = 0;
    for (size_t i = 0; st == MC_OK && i < c->n; i++) {
        const struct account_staff_seed *a = &c->list[i];
        if (account_find_login(db, a->login, &id) == MC_OK)
            continue;
        struct staff_ctx one = {a->login, a->full_name, c->hash,
                                a->agency_code ? a->agency_code : "", a->roles, c->who, 0};
        st = staff_tx(db, &one);
        if (st == MC_OK && c->secret)
            st = account_totp_set(db, one.user_id, c->secret);
        if (st == MC_OK)
            c->created++;
    }
    return st;
}

enum mc_status account_add_staff_batch(struct db *db, const struct account_staff_seed *list,
                                       size_t n, const char *password, const char *totp_secret,
                                       const struct audit_actor *who, size_t *created)
{
    char hash[ACCOUNT_HASH_SIZE];
    struct batch_ctx c = {list, n, hash, totp_secret, who, 0};
    if (password_check(password, NULL, NULL) != MC_OK)
        return MC_ERR_INVALID;
    for (size_t i = 0; i < n; i++)
        if (account_blank(list[i].login) || account_blank(list[i].full_name) ||
            ((list[i].roles & ROLE_COLLABORATOR) && account_blank(list[i].agency_code)))
            return MC_ERR_INVALID;
    if (account_hash_password(password, hash) != MC_OK)
        return MC_ERR_INTERNAL;
    enum mc_status st = db_tx(db, batch_tx, &c);
    if (st == MC_OK && created)
        *created = c.created;
    sodium_memzero(hash, sizeof(hash));
    return st;
}

/* ---------------------------------------------------------------- sign-in */

/*
 * The login as the failure counters name it: its blind index (a login may be
 * a CCCD, which login_failures must not hold in clear).  When the data key
 * cannot be read every login counts under "?": never the login itself.
 */
static void login_key(const char *login, char *out, size_t size)
{
    char bidx[SEAL_INDEX_SIZE];
    if (seal_index("login", login ? login : "", bidx) == MC_OK)
        snprintf(out, size, "%s", bidx);
    else
        snprintf(out, size, "?");
}

void account_fail_keys_init(struct account_fail_keys *k, const char *login, const char *address)
{
    char key[104];
    login_key(login, key, sizeof(key));
    snprintf(k->pair, sizeof(k->pair), "pair:%s|%.80s", key, address ? address : "");
    snprintf(k->addr, sizeof(k->addr), "addr:%.80s", address ? address : "");
}

static enum mc_status failures(struct db *db, const char *key, int64_t since, int64_t *n,
                               int64_t *last)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum mc_status rc = db_query_start(db, &Q_FAILS, &st, "si", key, since);
    *n = 0;
    *last = 0;
    if (rc == MC_OK)
        rc = db_step(st, &row);
    if (rc == MC_OK && row) {
        *n = db_col_int64(st, 0);
        *last = db_col_int64(st, 1);
    }
    db_done(st);
    return rc;
}

enum mc_status account_throttle_wait(struct db *db, const struct account_fail_keys *k,
                                     int64_t *wait)
{
    int64_t now = clock_now(), n = 0, last = 0, n_addr = 0, nth = 0;
    *wait = 0;
    enum mc_status st = failures(db, k->pair, now - BACKOFF_MEMORY, &n, &last);
    if (st == MC_OK)
        *wait = backoff_remaining(n, last, now);
    if (st == MC_OK)
        st = failures(db, k->addr, now - ACCOUNT_FAIL_WINDOW, &n_addr, &last);
    if (st == MC_OK && n_addr >= ACCOUNT_MAX_FAILS_ADDR) {
        /* Until the failure that makes the count reach the limit leaves the window. */
        st = db_get_int(db, &Q_FAIL_NTH, &nth, "sii", k->addr, now - ACCOUNT_FAIL_WINDOW,
                        (int64_t)(ACCOUNT_MAX_FAILS_ADDR - 1));
        int64_t until = nth + ACCOUNT_FAIL_WINDOW - now;
        if (st == MC_OK && until > *wait)
            *wait = until > 0 ? until : 1;
    }
    return st;
}

struct fail_ctx {
    const struct account_fail_keys *keys;
    const char *address;
    const char *login;
    int64_t user_id;   /* the account, when the login exists */
    const char *role;  /* its role label, on success */
};

static enum mc_status record_failure_tx(struct db *db, void *arg)
{
    struct fail_ctx *c = arg;
    struct audit_actor who = {0, "anonymous", c->address};
    char object[32];
    enum mc_status st = db_run(db, &Q_FAIL_INSERT, NULL, "si", c->keys->pair, clock_now());
    if (st == MC_OK)
        st = db_run(db, &Q_FAIL_INSERT, NULL, "si", c->keys->addr, clock_now());
    account_object(object, sizeof(object), c->user_id);
    if (st == MC_OK)
        st = audit_record(db, &who, "account.login_failed", c->user_id ? object : NULL, NULL);
    return st;
}

static enum mc_status login_ok_tx(struct db *db, void *arg)
{
    struct fail_ctx *c = arg;
    struct audit_actor who = {c->user_id, c->role, c->address};
    char object[32];
    account_object(object, sizeof(object), c->user_id);
    enum mc_status st = db_run(db, &Q_FAILS_CLEAR, NULL, "si", c->keys->pair,
                               clock_now() - BACKOFF_MEMORY);
    if (st == MC_OK)
        st = audit_record(db, &who, "account.login", object, NULL);
    return st;
}

/* Look up the hash; *found false for unknown or disabled logins. */
static enum mc_status password_hash_of(struct db *db, const char *login, int64_t *id,
                                       char hash[ACCOUNT_HASH_SIZE], bool *found,
                                       int64_t *any_id)
{
    struct db_stmt *st = NULL;
    char stored[ACCOUNT_LOGIN_STORED];
    enum mc_status rc = account_login_stored(login, stored);
    if (rc == MC_OK)
        rc = db_get_row(db, &Q_USER_BY_LOGIN, &st, "s", stored);
    *found = rc == MC_OK && db_col_int64(st, 2) == 0;
    *any_id = rc == MC_OK ? db_col_int64(st, 0) : 0;
    if (rc == MC_ERR_NOT_FOUND)
        rc = MC_OK;
    if (*found) {
        *id = db_col_int64(st, 0);
        db_col_copy(st, 1, hash, ACCOUNT_HASH_SIZE);
    }
    db_done(st);
    return rc;
}

enum mc_status account_login_wait(struct db *db, const char *login, const char *address,
                                  int64_t *seconds)
{
    struct account_fail_keys k;
    account_fail_keys_init(&k, login, address);
    return account_throttle_wait(db, &k, seconds);
}

enum mc_status account_authenticate(struct db *db, const char *login, const char *password,
                                     const char *address, struct user *out)
{
    char hash[ACCOUNT_HASH_SIZE];
    int64_t wait = 0, id = 0, any_id = 0;
    bool found = false;
    struct account_fail_keys keys;
    struct fail_ctx fc = {&keys, address, login, 0, NULL};
    enum mc_status st;
    account_fail_keys_init(&keys, login, address);
    st = account_throttle_wait(db, &keys, &wait);
    if (st != MC_OK)
        return st;
    if (wait > 0)
        return MC_ERR_RATE_LIMITED;
    st = password_hash_of(db, login ? login : "", &id, hash, &found, &any_id);
    if (st != MC_OK)
        return st;
    /* Unknown and disabled logins run the same argon2id check on a dummy hash. */
    bool ok = account_verify_password(found ? hash : NULL, password) && found && password;
    log_debug("sign-in: argon2id check %llu against %s", (unsigned long long)
              account_password_checks(), found ? "the account's hash" : "the dummy hash");
    if (!ok) {
        fc.user_id = any_id;
        st = db_tx(db, record_failure_tx, &fc);
        return st == MC_OK ? MC_ERR_UNAUTHORIZED : st;
    }
    fc.user_id = id;
    st = account_load(db, id, out);
    fc.role = st == MC_OK ? user_role_label(out) : NULL;
    if (st == MC_OK)
        st = db_tx(db, login_ok_tx, &fc);
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
        if (account_login_is_index(out->login))   /* a CCCD, sealed in cccd */
            rc = seal_col_open(st, 7, out->login, sizeof(out->login));
        db_col_copy(st, 3, out->full_name, sizeof(out->full_name));
        out->totp_enabled = db_col_int64(st, 4) != 0;
        out->contact_verified = db_col_int64(st, 5) != 0;
        out->must_change_password = db_col_int64(st, 6) != 0;
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
    char stored[ACCOUNT_LOGIN_STORED];
    enum mc_status rc = account_login_stored(login, stored);
    return rc == MC_OK ? db_get_int(db, &Q_USER_ID_BY_LOGIN, user_id, "s", stored) : rc;
}

enum mc_status account_load_login(struct db *db, const char *login, struct user *out)
{
    int64_t id = 0;
    enum mc_status st = account_find_login(db, login, &id);
    if (st == MC_OK)
        st = account_load(db, id, out);
    return st;
}

/* ---------------------------------------------------------------- sessions */

/* A new token and its row (inside or outside a transaction). */
static enum mc_status session_insert(struct db *db, int64_t user_id, bool second_factor,
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

enum mc_status account_session_start(struct db *db, int64_t user_id, bool second_factor,
                                     char token[ACCOUNT_TOKEN_SIZE])
{
    return session_insert(db, user_id, second_factor, token);
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
    int64_t user_id;
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
    struct end_ctx c = {hex, who, 0};
    return db_tx(db, session_end_tx, &c);
}

static enum mc_status end_all_tx(struct db *db, void *arg)
{
    struct end_ctx *c = arg;
    char object[32];
    account_object(object, sizeof(object), c->user_id);
    enum mc_status st = account_revoke_sessions(db, c->user_id);
    if (st == MC_OK)
        st = audit_record(db, c->who, "account.logout_all", object, NULL);
    return st;
}

enum mc_status account_session_end_all(struct db *db, int64_t user_id,
                                       const struct audit_actor *who)
{
    struct end_ctx c = {NULL, who, user_id};
    return db_tx(db, end_all_tx, &c);
}

/* ---------------------------------------------------------------- password change */

struct pw_change_ctx {
    int64_t user_id;
    const char *hash;
    bool second_factor;
    const struct audit_actor *who;
    char *new_token;
};

static enum mc_status pw_change_tx(struct db *db, void *arg)
{
    struct pw_change_ctx *c = arg;
    char object[32], when[32], text[320];
    clock_format_vn(clock_now(), when, sizeof(when));
    snprintf(text, sizeof(text), "Mật khẩu tài khoản Dịch vụ công của bạn vừa được thay đổi "
             "lúc %s. Nếu không phải bạn, hãy đặt lại mật khẩu ngay hoặc liên hệ Bộ phận Một "
             "cửa.", when);
    account_object(object, sizeof(object), c->user_id);
    enum mc_status st = db_run(db, &Q_PASSWORD_SET, NULL, "isi", c->user_id, c->hash,
                               clock_now());
    if (st == MC_OK)
        st = account_revoke_sessions(db, c->user_id);
    if (st == MC_OK)
        st = session_insert(db, c->user_id, c->second_factor, c->new_token);
    if (st == MC_OK)
        st = account_tell_owner(db, c->user_id, "Mật khẩu đã được thay đổi", text);
    if (st == MC_OK)
        st = audit_record(db, c->who, "account.password_change", object, NULL);
    return st;
}

enum mc_status account_owner_load(struct db *db, int64_t user_id, struct account_owner *o)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_PASSWORD_OF, &st, "i", user_id);
    if (rc == MC_OK) {
        db_col_copy(st, 0, o->hash, sizeof(o->hash));
        db_col_copy(st, 1, o->login, sizeof(o->login));
        db_col_copy(st, 4, o->name, sizeof(o->name));
        rc = account_login_is_index(o->login) ? seal_col_open(st, 5, o->login, sizeof(o->login))
                                              : MC_OK;
        if (rc == MC_OK)
            rc = seal_col_open(st, 2, o->phone, sizeof(o->phone));
        if (rc == MC_OK)
            rc = seal_col_open(st, 3, o->email, sizeof(o->email));
    }
    db_done(st);
    return rc;
}

enum mc_status account_owner_password(struct db *db, const struct account_owner *o,
                                      int64_t user_id, const char *password,
                                      const struct audit_actor *who, const char *field,
                                      const char *msg, struct form_errors *errs)
{
    struct account_fail_keys keys;
    const char *address = who ? who->address : NULL;
    int64_t wait = 0;
    account_fail_keys_init(&keys, o->login, address);
    enum mc_status st = account_throttle_wait(db, &keys, &wait);
    if (st == MC_OK && wait > 0)
        st = MC_ERR_RATE_LIMITED;
    if (st == MC_OK && (account_blank(password) || !account_verify_password(o->hash, password))) {
        struct fail_ctx fc = {&keys, address, o->login, user_id, NULL};
        form_errors_add(errs, field, msg);
        st = db_tx(db, record_failure_tx, &fc);
        if (st == MC_OK)
            st = MC_ERR_INVALID;
    }
    return st;
}

enum mc_status account_new_password(const struct account_owner *o, const char *pw,
                                    const char *pw2, bool not_current,
                                    struct form_errors *errs, char hash[ACCOUNT_HASH_SIZE])
{
    struct password_context pc = {o->login, o->phone, o->email, o->name};
    const char *msg = NULL;
    if (password_check(pw, &pc, &msg) != MC_OK)
        form_errors_add(errs, "password", msg);
    else if (!pw2 || strcmp(pw, pw2) != 0)
        form_errors_add(errs, "password2", "mật khẩu nhập lại không khớp");
    else if (not_current && account_verify_password(o->hash, pw))
        form_errors_add(errs, "password", "mật khẩu mới phải khác mật khẩu hiện tại");
    if (errs->count)
        return MC_ERR_INVALID;
    return account_hash_password(pw, hash);
}

enum mc_status account_change_password(struct db *db, int64_t user_id, const char *current,
                                       const char *new_pw, const char *new_pw2,
                                       bool second_factor, const struct audit_actor *who,
                                       struct form_errors *errs,
                                       char new_token[ACCOUNT_TOKEN_SIZE])
{
    struct account_owner o;
    char hash[ACCOUNT_HASH_SIZE];
    enum mc_status st = account_owner_load(db, user_id, &o);
    if (st == MC_OK)
        st = account_owner_password(db, &o, user_id, current, who, "current_password",
                                    "mật khẩu hiện tại không đúng", errs);
    if (st != MC_OK)
        goto out;
    st = account_new_password(&o, new_pw, new_pw2, true, errs, hash);
    if (st == MC_OK) {
        struct pw_change_ctx c = {user_id, hash, second_factor, who, new_token};
        st = db_tx(db, pw_change_tx, &c);
    }
out:
    sodium_memzero(hash, sizeof(hash));
    sodium_memzero(&o, sizeof(o));
    return st;
}

/* ---------------------------------------------------------------- contacts */

enum mc_status account_contacts_get(struct db *db, int64_t user_id,
                                    struct account_contacts *out)
{
    struct db_stmt *st = NULL;
    memset(out, 0, sizeof(*out));
    enum mc_status rc = db_get_row(db, &Q_CONTACTS, &st, "i", user_id);
    if (rc == MC_OK) {
        out->phone_verified = db_col_int64(st, 2) != 0;
        out->email_verified = db_col_int64(st, 3) != 0;
        db_col_copy(st, 4, out->notice_version, sizeof(out->notice_version));
        out->consent_at = db_col_int64(st, 5);
        rc = seal_col_open(st, 0, out->phone, sizeof(out->phone));
        if (rc == MC_OK)
            rc = seal_col_open(st, 1, out->email, sizeof(out->email));
    }
    db_done(st);
    return rc;
}

enum mc_status account_contact_addrs(struct db *db, int64_t user_id, char *email, size_t esize,
                                     char *phone, size_t psize)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_CONTACT_ADDRS, &st, "i", user_id);
    email[0] = phone[0] = '\0';
    if (rc == MC_OK)
        rc = seal_col_open(st, 0, email, esize);
    if (rc == MC_OK)
        rc = seal_col_open(st, 1, phone, psize);
    db_done(st);
    return rc;
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

/* The secret is sealed at rest (core/seal.h): this opens it. */
static enum mc_status totp_get(struct db *db, int64_t user_id,
                               char secret[ACCOUNT_TOTP_SECRET_SIZE], bool *enabled,
                               int64_t *last_step)
{
    struct db_stmt *st = NULL;
    char stored[ACCOUNT_TOTP_SEALED_SIZE];
    enum mc_status rc = db_get_row(db, &Q_TOTP_GET, &st, "i", user_id);
    if (rc == MC_OK) {
        db_col_copy(st, 0, stored, sizeof(stored));
        *enabled = db_col_int64(st, 1) != 0;
        *last_step = db_col_int64(st, 2);
        rc = seal_open(stored, secret, ACCOUNT_TOTP_SECRET_SIZE);
        if (rc != MC_OK)
            log_error("cannot open the TOTP secret of an account");
    }
    db_done(st);
    return rc;
}

/* Store secret sealed, enabled or pending. */
static enum mc_status totp_store(struct db *db, int64_t user_id, const char *secret,
                                 bool enabled)
{
    char sealed[ACCOUNT_TOTP_SEALED_SIZE];
    enum mc_status st = seal_text(secret, sealed, sizeof(sealed));
    if (st == MC_OK)
        st = db_run(db, &Q_TOTP_SET, NULL, "isi", user_id, sealed, (int64_t)enabled);
    return st;
}

enum mc_status account_totp_begin(struct db *db, int64_t user_id,
                                  char secret[ACCOUNT_TOTP_SECRET_SIZE])
{
    bool enabled = false;
    int64_t last = 0;
    enum mc_status st = totp_get(db, user_id, secret, &enabled, &last);
    if (st != MC_OK || secret[0])
        return st;
    unsigned char raw[20];
    char *b32 = NULL;
    size_t b32_len = 0;
    totp_library_init();
    randombytes_buf(raw, sizeof(raw));
    if (oath_base32_encode((const char *)raw, sizeof(raw), &b32, &b32_len) != OATH_OK)
        return MC_ERR_INTERNAL;
    account_copy(secret, ACCOUNT_TOTP_SECRET_SIZE, b32);
    free(b32);
    return totp_store(db, user_id, secret, false);
}

enum mc_status account_totp_set(struct db *db, int64_t user_id, const char *secret_b32)
{
    char code[7];
    if (account_totp_code(secret_b32, 0, code) != MC_OK)
        return MC_ERR_INVALID;
    return totp_store(db, user_id, secret_b32, true);
}

static const struct db_query Q_TOTP_ALL = {
    "account.totp_all",
    "SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL ORDER BY id",
};
static const struct db_query Q_TOTP_RESEAL = {
    "account.totp_reseal",
    "UPDATE users SET totp_secret = ?2 WHERE id = ?1",
};

struct sealed_row {
    int64_t id;
    char stored[ACCOUNT_TOTP_SEALED_SIZE];
};

struct reseal_ctx {
    struct sealed_row *rows;
    size_t n, cap;
    size_t changed;
};

static enum mc_status reseal_collect(struct db_stmt *st, void *arg)
{
    struct reseal_ctx *c = arg;
    struct sealed_row *r = ARRAY_PUSH(c->rows, c->n, c->cap);
    r->id = db_col_int64(st, 0);
    db_col_copy(st, 1, r->stored, sizeof(r->stored));
    return MC_OK;
}

enum mc_status account_totp_reseal(struct db *db, size_t *changed)
{
    struct reseal_ctx c = {0};
    char plain[ACCOUNT_TOTP_SECRET_SIZE], sealed[ACCOUNT_TOTP_SEALED_SIZE];
    enum mc_status st = db_each(db, &Q_TOTP_ALL, reseal_collect, &c, "");
    for (size_t i = 0; st == MC_OK && i < c.n; i++) {
        if (seal_is_current(c.rows[i].stored))
            continue;
        st = seal_open(c.rows[i].stored, plain, sizeof(plain));
        if (st == MC_OK)
            st = seal_text(plain, sealed, sizeof(sealed));
        if (st == MC_OK)
            st = db_run(db, &Q_TOTP_RESEAL, NULL, "is", c.rows[i].id, sealed);
        if (st == MC_OK)
            c.changed++;
    }
    sodium_memzero(plain, sizeof(plain));
    free(c.rows);
    *changed = c.changed;
    return st;
}

/*
 * The time step (Unix time / 30) code belongs to, among the current one
 * and one either side; 0 when it matches none.
 */
static int64_t totp_step_of(const char *secret_b32, const char *code)
{
    int64_t now_step = clock_now() / 30, found = 0;
    char want[7];
    if (!code || strlen(code) != 6 || !text_is_digits(code, 6))
        return 0;
    for (int64_t d = -1; d <= 1; d++) {
        if (account_totp_code(secret_b32, (now_step + d) * 30, want) != MC_OK)
            return 0;
        if (sodium_memcmp(want, code, 6) == 0 && !found)
            found = now_step + d;
    }
    return found;
}

struct totp_ctx {
    const char *token;
    int64_t user_id;
    const char *secret;
    bool enable;
    int64_t step;
    const struct audit_actor *who;
    char *new_token;
};

static enum mc_status totp_ok_tx(struct db *db, void *arg)
{
    struct totp_ctx *c = arg;
    char hex[65], object[32];
    enum mc_status st = MC_OK;
    token_hash(c->token, hex);
    account_object(object, sizeof(object), c->user_id);
    if (c->enable)
        st = db_run(db, &Q_TOTP_SET, NULL, "isi", c->user_id, c->secret, (int64_t)1);
    if (st == MC_OK)   /* a conflict: another request used this step first */
        st = db_change(db, &Q_TOTP_STEP, MC_ERR_CONFLICT, "ii", c->user_id, c->step);
    /* A fresh token once the second factor passed: the pending one may have been seen. */
    if (st == MC_OK) {
        int64_t uid = 0;
        st = db_get_int(db, &Q_SESSION_REVOKE, &uid, "si", hex, clock_now());
        if (st == MC_OK && uid != c->user_id)
            st = MC_ERR_INVALID;
        else if (st == MC_ERR_NOT_FOUND)
            st = MC_ERR_UNAUTHORIZED;
    }
    if (st == MC_OK)
        st = session_insert(db, c->user_id, true, c->new_token);
    if (st == MC_OK)
        st = audit_record(db, c->who, c->enable ? "account.totp_enabled" : "account.totp_ok",
                          object, NULL);
    return st;
}

struct totp_fail_ctx {
    const char *user_key, *pair_key, *address;
    int64_t user_id;
};

static enum mc_status totp_fail_tx(struct db *db, void *arg)
{
    struct totp_fail_ctx *c = arg;
    struct audit_actor who = {c->user_id, "staff", c->address};
    char object[32];
    account_object(object, sizeof(object), c->user_id);
    enum mc_status st = db_run(db, &Q_FAIL_INSERT, NULL, "si", c->user_key, clock_now());
    if (st == MC_OK)
        st = db_run(db, &Q_FAIL_INSERT, NULL, "si", c->pair_key, clock_now());
    if (st == MC_OK)
        st = audit_record(db, &who, "account.totp_failed", object, NULL);
    return st;
}

static enum mc_status totp_check(struct db *db, const char *token, int64_t user_id,
                                 const char *code, const struct audit_actor *who, bool enrol,
                                 char new_token[ACCOUNT_TOKEN_SIZE])
{
    char secret[ACCOUNT_TOTP_SECRET_SIZE], user_key[64], pair_key[160];
    bool enabled = false;
    int64_t n = 0, last = 0, n_pair = 0, last_pair = 0, last_step = 0, now = clock_now();
    const char *address = who && who->address ? who->address : "";
    snprintf(user_key, sizeof(user_key), "totp:%lld", (long long)user_id);
    snprintf(pair_key, sizeof(pair_key), "totp:%lld|%.80s", (long long)user_id, address);
    struct totp_fail_ctx fc = {user_key, pair_key, address, user_id};
    enum mc_status st = failures(db, user_key, now - ACCOUNT_FAIL_WINDOW, &n, &last);
    if (st == MC_OK)
        st = failures(db, pair_key, now - BACKOFF_MEMORY, &n_pair, &last_pair);
    if (st != MC_OK)
        return st;
    if (n >= ACCOUNT_TOTP_MAX_FAILS || backoff_remaining(n_pair, last_pair, now) > 0)
        return MC_ERR_RATE_LIMITED;
    st = totp_get(db, user_id, secret, &enabled, &last_step);
    if (st != MC_OK)
        return st;
    if (!secret[0] || enabled == enrol || !token)
        return MC_ERR_INVALID;
    int64_t step = totp_step_of(secret, code);
    if (step == 0) {
        st = db_tx(db, totp_fail_tx, &fc);
        return st == MC_OK ? MC_ERR_UNAUTHORIZED : st;
    }
    if (step <= last_step)
        return MC_ERR_CONFLICT;
    struct totp_ctx c = {token, user_id, secret, enrol, step, who, new_token};
    return db_tx(db, totp_ok_tx, &c);
}

enum mc_status account_totp_confirm(struct db *db, const char *token, int64_t user_id,
                                    const char *code, const struct audit_actor *who,
                                    char new_token[ACCOUNT_TOKEN_SIZE])
{
    return totp_check(db, token, user_id, code, who, true, new_token);
}

enum mc_status account_totp_verify(struct db *db, const char *token, int64_t user_id,
                                   const char *code, const struct audit_actor *who,
                                   char new_token[ACCOUNT_TOKEN_SIZE])
{
    return totp_check(db, token, user_id, code, who, false, new_token);
}
