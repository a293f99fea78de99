/*
 * account_code.c - one-time codes sent to a phone or an email, and what
 * they unlock: a verified contact, a new password, an account re-bound to
 * its real owner at the counter (see account.h).
 *
 * DESIGN
 * - A code is 6 random digits.  Only SHA-256(purpose, user, target, code)
 *   is stored; the text goes out once through the outbox.  Only the
 *   newest code of a purpose (and channel, for contacts) counts, so asking
 *   again supersedes the previous one.
 * - A check reads the code row, then either counts a wrong guess in its
 *   own transaction (so the count survives whatever follows) or leaves
 *   the row for the caller's transaction, which marks it used with
 *   "used_at IS NULL" in the WHERE clause: of two requests racing with
 *   the same code, one wins and the other sees CODE_USED.
 * - NEEDSWORK: the outbox keeps the message text (and so the code) after
 *   delivery; purging bodies after delivery belongs to the outbox.
 */
#include <sodium.h>
#include <stdio.h>
#include "domain/accounts/account-int.h"
#include "domain/accounts/ident.h"
#include "domain/accounts/password.h"
#include "domain/notify/notify.h"
#include "core/clock.h"
#include "core/text.h"

/* ---------------------------------------------------------------- SQL */

static const struct db_query Q_CODE_INSERT = {
    "account.code_insert",
    "INSERT INTO account_codes (user_id, purpose, channel, target, code_hash, created_at,"
    " expires_at, issued_by, full_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULLIF(?8, 0), ?9)"
    " RETURNING id",
};
/* The newest code of a purpose (and channel, unless ?3 is ''). */
static const struct db_query Q_CODE_NEWEST = {
    "account.code_newest",
    "SELECT id, code_hash, expires_at, attempts, used_at IS NOT NULL, target, channel,"
    " COALESCE(issued_by, 0), COALESCE(full_name, ''), user_id FROM account_codes"
    " WHERE user_id = ?1 AND purpose = ?2 AND (?3 = '' OR channel = ?3)"
    " ORDER BY id DESC LIMIT 1",
};
static const struct db_query Q_CODE_BY_ID = {
    "account.code_by_id",
    "SELECT id, code_hash, expires_at, attempts, used_at IS NOT NULL, target, channel,"
    " COALESCE(issued_by, 0), COALESCE(full_name, ''), user_id FROM account_codes"
    " WHERE id = ?1 AND purpose = ?2",
};
static const struct db_query Q_CODE_RECENT = {
    "account.code_recent",
    "SELECT COUNT(*) FROM account_codes WHERE user_id = ?1 AND purpose = ?2 AND created_at > ?3",
};
static const struct db_query Q_CODE_FAIL = {
    "account.code_fail",
    "UPDATE account_codes SET attempts = attempts + 1 WHERE id = ?1",
};
static const struct db_query Q_CODE_USE = {
    "account.code_use",
    "UPDATE account_codes SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL",
};
static const struct db_query Q_USER_FOR_CODE = {
    "account.user_for_code",
    "SELECT id, kind, disabled, CASE WHEN phone_verified_at IS NOT NULL THEN phone END,"
    " CASE WHEN email_verified_at IS NOT NULL THEN email END FROM users WHERE login = ?1",
};
static const struct db_query Q_SET_PHONE = {
    "account.set_phone",
    "UPDATE users SET phone = ?2, phone_verified_at = ?3, phone_bidx = ?4 WHERE id = ?1",
};
static const struct db_query Q_SET_EMAIL = {
    "account.set_email",
    "UPDATE users SET email = ?2, email_verified_at = ?3, email_bidx = ?4 WHERE id = ?1",
};
static const struct db_query Q_PASSWORD_RESET = {
    "account.password_reset",
    "UPDATE users SET password_hash = ?2, password_changed_at = ?3, must_change_password = 0"
    " WHERE id = ?1",
};
static const struct db_query Q_REBIND = {
    "account.rebind",
    "UPDATE users SET full_name = ?2, phone = NULLIF(?3, ''), email = NULLIF(?4, ''),"
    " phone_verified_at = CASE WHEN CAST(?3 AS TEXT) = '' THEN NULL"
    " ELSE CAST(?5 AS BIGINT) END,"
    " email_verified_at = CASE WHEN CAST(?4 AS TEXT) = '' THEN NULL"
    " ELSE CAST(?5 AS BIGINT) END,"
    " password_hash = ?6, password_changed_at = ?5, must_change_password = 0,"
    " phone_bidx = NULLIF(?7, ''), email_bidx = NULLIF(?8, '') WHERE id = ?1",
};

/* ---------------------------------------------------------------- helpers */

static const char *channel_name(enum account_channel ch)
{
    return ch == ACCOUNT_PHONE ? "phone" : "email";
}

static void code_hash(const char *purpose, int64_t user_id, const char *target,
                      const char *code, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_state st;
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)user_id);
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)purpose, strlen(purpose) + 1);
    crypto_hash_sha256_update(&st, (const unsigned char *)id, strlen(id) + 1);
    crypto_hash_sha256_update(&st, (const unsigned char *)target, strlen(target) + 1);
    crypto_hash_sha256_update(&st, (const unsigned char *)code, strlen(code));
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, 65, h, sizeof(h));
}

void account_mask_contact(const char *contact, char *out, size_t out_size)
{
    size_t len = contact ? strlen(contact) : 0;
    const char *at = contact ? strchr(contact, '@') : NULL;
    struct buf b;
    buf_init(&b, 512);
    if (at && at > contact) {
        buf_addch(&b, contact[0]);
        buf_adds(&b, "***");
        buf_adds(&b, at);
    } else if (len >= 6) {
        buf_add(&b, contact, 2);
        for (size_t i = 2; i + 2 < len; i++)
            buf_addch(&b, '*');
        buf_add(&b, contact + len - 2, 2);
    } else {
        buf_adds(&b, "***");
    }
    account_copy(out, out_size, buf_cstr(&b));
    buf_release(&b);
}

const char *account_code_message(enum account_code_result r)
{
    switch (r) {
    case CODE_OK:
        return "";
    case CODE_WRONG:
        return "mã xác minh không đúng, xin kiểm tra lại";
    case CODE_EXPIRED:
        return "mã xác minh đã hết hạn (15 phút), xin yêu cầu mã mới";
    case CODE_USED:
        return "mã xác minh này đã được dùng, xin yêu cầu mã mới";
    case CODE_LOCKED:
        return "mã xác minh đã bị khóa vì nhập sai quá nhiều lần, xin yêu cầu mã mới";
    case CODE_NONE:
        break;
    }
    return "mã xác minh không đúng hoặc chưa được gửi";
}

/* The message a code travels in, by purpose. */
static void code_text(const char *purpose, enum account_channel ch, const char *code,
                      const char **subject, char *body, size_t size)
{
    if (strcmp(purpose, "reset") == 0) {
        *subject = "Mã đặt lại mật khẩu";
        snprintf(body, size, "Mã đặt lại mật khẩu tài khoản Dịch vụ công của bạn là %s. Mã có "
                 "hiệu lực 15 phút. Không cung cấp mã này cho bất kỳ ai. Nếu bạn không yêu "
                 "cầu, hãy bỏ qua tin này.", code);
    } else if (strcmp(purpose, "reclaim") == 0) {
        *subject = "Mã xác nhận lấy lại tài khoản";
        snprintf(body, size, "Mã xác nhận lấy lại tài khoản Dịch vụ công là %s. Chỉ đọc mã này "
                 "cho cán bộ đang làm thủ tục cho bạn tại Bộ phận Một cửa. Mã có hiệu lực 15 "
                 "phút.", code);
    } else {
        *subject = "Mã xác minh tài khoản";
        snprintf(body, size, "Mã xác minh %s cho tài khoản Dịch vụ công là %s. Mã có hiệu lực "
                 "15 phút. Không cung cấp mã này cho bất kỳ ai.",
                 ch == ACCOUNT_PHONE ? "số điện thoại" : "thư điện tử", code);
    }
}

enum mc_status account_code_issue(struct db *db, int64_t user_id, const char *purpose,
                                  enum account_channel ch, const char *target,
                                  int64_t issued_by, const char *full_name, int64_t *code_id)
{
    char code[8], hex[65], body[400];
    const char *subject = "";
    int64_t id = 0, now = clock_now();
    char sealed[SEAL_SIZE(256)];
    snprintf(code, sizeof(code), "%06u", (unsigned)randombytes_uniform(1000000));
    code_hash(purpose, user_id, target, code, hex);
    code_text(purpose, ch, code, &subject, body, sizeof(body));
    enum mc_status st = strlen(target) < 256 ? seal_text(target, sealed, sizeof(sealed))
                                             : MC_ERR_TOO_LARGE;
    if (st == MC_OK)   /* the phone or email the code went to, sealed at rest */
        st = db_get_int(db, &Q_CODE_INSERT, &id, "issssiiis", user_id, purpose,
                        channel_name(ch), sealed, hex, now, now + ACCOUNT_CODE_TTL, issued_by,
                        full_name);
    if (st == MC_OK)
        st = notify_enqueue(db, ch == ACCOUNT_PHONE ? NOTIFY_SMS : NOTIFY_EMAIL, target,
                            subject, body, "account.code");
    if (st == MC_OK && code_id)
        *code_id = id;
    sodium_memzero(code, sizeof(code));
    sodium_memzero(body, sizeof(body));
    return st;
}

/* A code row as read for a check. */
struct code_row {
    int64_t id, expires_at, attempts, issued_by, user_id;
    bool used;
    char hash[65];
    char target[256];
    enum account_channel ch;
    char full_name[256];
};

static enum mc_status code_read(struct db_stmt *st, struct code_row *r, bool *found)
{
    bool row = false;
    enum mc_status rc = db_step(st, &row);
    *found = rc == MC_OK && row;
    if (*found) {
        r->id = db_col_int64(st, 0);
        db_col_copy(st, 1, r->hash, sizeof(r->hash));
        r->expires_at = db_col_int64(st, 2);
        r->attempts = db_col_int64(st, 3);
        r->used = db_col_int64(st, 4) != 0;
        if (seal_col_open(st, 5, r->target, sizeof(r->target)) != MC_OK)
            r->target[0] = '\0';   /* logged; the code then matches nothing */
        r->ch = strcmp(db_col_text(st, 6), "email") == 0 ? ACCOUNT_EMAIL : ACCOUNT_PHONE;
        r->issued_by = db_col_int64(st, 7);
        db_col_copy(st, 8, r->full_name, sizeof(r->full_name));
        r->user_id = db_col_int64(st, 9);
    }
    db_done(st);
    return rc;
}

static enum mc_status code_fail_tx(struct db *db, void *arg)
{
    const int64_t *id = arg;
    return db_run(db, &Q_CODE_FAIL, NULL, "i", *id);
}

/*
 * Judge code against the row r (found false: CODE_NONE).  A wrong guess is
 * counted at once; CODE_OK leaves marking the row used to the caller.
 */
static enum mc_status code_judge(struct db *db, const char *purpose, const struct code_row *r,
                                 bool found, const char *code, enum account_code_result *res)
{
    char got[65];
    size_t len = code ? strlen(code) : 0;
    if (!found) {
        *res = CODE_NONE;
        return MC_OK;
    }
    if (r->used) {
        *res = CODE_USED;
        return MC_OK;
    }
    if (r->attempts >= ACCOUNT_CODE_TRIES) {
        *res = CODE_LOCKED;
        return MC_OK;
    }
    if (r->expires_at <= clock_now()) {
        *res = CODE_EXPIRED;
        return MC_OK;
    }
    if (len == 6 && text_is_digits(code, len)) {
        code_hash(purpose, r->user_id, r->target, code, got);
        if (sodium_memcmp(got, r->hash, 64) == 0) {
            *res = CODE_OK;
            return MC_OK;
        }
    }
    *res = CODE_WRONG;
    int64_t id = r->id;
    return db_tx(db, code_fail_tx, &id);
}

static enum mc_status code_newest(struct db *db, int64_t user_id, const char *purpose,
                                  const char *channel, struct code_row *r, bool *found)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_query_start(db, &Q_CODE_NEWEST, &st, "iss", user_id, purpose,
                                       channel);
    if (rc == MC_OK)
        rc = code_read(st, r, found);
    else
        *found = false;
    return rc;
}

/* Mark the code used inside the caller's transaction; MC_ERR_CONFLICT if it already was. */
static enum mc_status code_use(struct db *db, int64_t id)
{
    return db_change(db, &Q_CODE_USE, MC_ERR_CONFLICT, "ii", id, clock_now());
}

/* Over the per-address code limit?  Counts this request when it is not. */
static enum mc_status addr_event_tx(struct db *db, void *arg)
{
    return account_event_add(db, arg);
}

static enum mc_status addr_allowance(struct db *db, const struct audit_actor *who, bool *over)
{
    char key[96];
    int64_t n = 0;
    snprintf(key, sizeof(key), "code-addr:%.80s", who && who->address ? who->address : "");
    enum mc_status st = account_events_count(db, key, clock_now() - 3600, &n);
    *over = st == MC_OK && n >= ACCOUNT_CODES_PER_ADDR;
    if (st == MC_OK && !*over)
        st = db_tx(db, addr_event_tx, key);
    return st;
}

static enum mc_status user_allowance(struct db *db, int64_t user_id, const char *purpose,
                                     bool *over)
{
    int64_t n = 0;
    enum mc_status st = db_get_int(db, &Q_CODE_RECENT, &n, "isi", user_id, purpose,
                                   clock_now() - ACCOUNT_CODE_TTL);
    *over = st == MC_OK && n >= ACCOUNT_CODES_PER_USER;
    return st;
}

/* ---------------------------------------------------------------- contacts */

struct contact_ctx {
    int64_t user_id;
    enum account_channel ch;
    const char *target;
    const char *old;              /* the contact being replaced, "" if none */
    bool old_verified;
    const struct audit_actor *who;
    int64_t code_id;
};

static enum mc_status contact_code_tx(struct db *db, void *arg)
{
    struct contact_ctx *c = arg;
    char object[32];
    account_object(object, sizeof(object), c->user_id);
    enum mc_status st = account_code_issue(db, c->user_id, "contact", c->ch, c->target, 0,
                                           NULL, NULL);
    if (st == MC_OK)
        st = audit_record(db, c->who, "account.contact_code", object, channel_name(c->ch));
    return st;
}

/* Normalise value for channel ch into out, or add an error to errs. */
static bool contact_value(enum account_channel ch, const char *value, char *out, size_t size,
                          struct form_errors *errs)
{
    const char *msg = NULL;
    char phone[IDENT_PHONE_SIZE];
    if (ch == ACCOUNT_PHONE) {
        if (ident_check_phone(value, strlen(value), phone, &msg) != MC_OK) {
            form_errors_add(errs, "phone", msg);
            return false;
        }
        account_copy(out, size, phone);
        return true;
    }
    if (ident_check_email(value, strlen(value), &msg) != MC_OK) {
        form_errors_add(errs, "email", msg);
        return false;
    }
    account_copy(out, size, value);
    return true;
}

enum mc_status account_contact_request(struct db *db, int64_t user_id, enum account_channel ch,
                                       const char *value, const char *password,
                                       const struct audit_actor *who, struct form_errors *errs,
                                       char *masked, size_t masked_size)
{
    struct account_owner o;
    char target[256];
    bool over = false;
    enum mc_status st = account_owner_load(db, user_id, &o);
    if (st != MC_OK)
        goto out;
    const char *current = ch == ACCOUNT_PHONE ? o.phone : o.email;
    if (account_blank(value)) {
        if (!current[0]) {
            st = MC_ERR_NOT_FOUND;
            goto out;
        }
        account_copy(target, sizeof(target), current);
    } else if (!contact_value(ch, value, target, sizeof(target), errs)) {
        st = MC_ERR_INVALID;
        goto out;
    }
    if (strcmp(target, current) != 0) {
        /* A new contact could take the account over: ask for the password. */
        st = account_owner_password(db, &o, user_id, password, who, "password",
                                    "mật khẩu không đúng", errs);
        if (st != MC_OK)
            goto out;
    }
    st = user_allowance(db, user_id, "contact", &over);
    if (st == MC_OK && !over)
        st = addr_allowance(db, who, &over);
    if (st == MC_OK && over)
        st = MC_ERR_RATE_LIMITED;
    if (st == MC_OK) {
        struct contact_ctx c = {user_id, ch, target, current, false, who, 0};
        st = db_tx(db, contact_code_tx, &c);
    }
    if (st == MC_OK && masked)
        account_mask_contact(target, masked, masked_size);
out:
    sodium_memzero(&o, sizeof(o));
    return st;
}

static enum mc_status contact_confirm_tx(struct db *db, void *arg)
{
    struct contact_ctx *c = arg;
    char object[32], text[400], old_masked[64], new_masked[64];
    account_object(object, sizeof(object), c->user_id);
    struct account_sealed sealed;
    enum mc_status st = code_use(db, c->code_id);
    if (st == MC_OK)
        st = account_seal(c->ch == ACCOUNT_PHONE ? "phone" : "email", c->target, &sealed);
    if (st == MC_OK)
        st = db_run(db, c->ch == ACCOUNT_PHONE ? &Q_SET_PHONE : &Q_SET_EMAIL, NULL, "isis",
                    c->user_id, sealed.text, clock_now(), sealed.bidx);
    if (st == MC_OK && c->old[0] && strcmp(c->old, c->target) != 0 && c->old_verified) {
        account_mask_contact(c->old, old_masked, sizeof(old_masked));
        account_mask_contact(c->target, new_masked, sizeof(new_masked));
        snprintf(text, sizeof(text), "%s của tài khoản Dịch vụ công đã được đổi từ %s sang %s. "
                 "Nếu không phải bạn đổi, hãy liên hệ Bộ phận Một cửa ngay.",
                 c->ch == ACCOUNT_PHONE ? "Số điện thoại" : "Thư điện tử", old_masked,
                 new_masked);
        st = notify_enqueue(db, c->ch == ACCOUNT_PHONE ? NOTIFY_SMS : NOTIFY_EMAIL, c->old,
                            "Thông tin liên hệ đã thay đổi", text, "account.notice");
    }
    if (st == MC_OK)
        st = audit_record(db, c->who, "account.contact_verified", object, channel_name(c->ch));
    return st;
}

enum mc_status account_contact_confirm(struct db *db, int64_t user_id, enum account_channel ch,
                                       const char *code, const struct audit_actor *who,
                                       enum account_code_result *result)
{
    struct code_row r;
    struct account_contacts now;
    bool found = false;
    *result = CODE_NONE;
    enum mc_status st = code_newest(db, user_id, "contact", channel_name(ch), &r, &found);
    if (st == MC_OK)
        st = code_judge(db, "contact", &r, found, code, result);
    if (st != MC_OK || *result != CODE_OK)
        return st;
    st = account_contacts_get(db, user_id, &now);
    if (st != MC_OK)
        return st;
    struct contact_ctx c = {user_id, ch, r.target, ch == ACCOUNT_PHONE ? now.phone : now.email,
                            ch == ACCOUNT_PHONE ? now.phone_verified : now.email_verified, who,
                            r.id};
    st = db_tx(db, contact_confirm_tx, &c);
    if (st == MC_ERR_CONFLICT) {
        *result = CODE_USED;
        st = MC_OK;
    }
    return st;
}

enum mc_status account_contact_pending(struct db *db, int64_t user_id, enum account_channel ch,
                                       bool *pending, char *masked, size_t masked_size)
{
    struct code_row r;
    bool found = false;
    enum mc_status st = code_newest(db, user_id, "contact", channel_name(ch), &r, &found);
    *pending = st == MC_OK && found && !r.used && r.attempts < ACCOUNT_CODE_TRIES &&
               r.expires_at > clock_now();
    if (*pending && masked)
        account_mask_contact(r.target, masked, masked_size);
    return st;
}

/* ---------------------------------------------------------------- reset */

/* A login as typed, with a tax code's dash removed, into out. */
static const char *normal_login(const char *login, struct ident_tax *tax)
{
    const char *s = login ? login : "";
    if (ident_check_tax(s, strlen(s), tax, NULL) == MC_OK)
        return tax->code;
    return s;
}

/* The account behind a login, for codes. */
struct code_user {
    int64_t id;
    bool person;             /* citizen or business */
    bool disabled;
    char phone[32];          /* verified phone, or "" */
    char email[256];         /* verified email, or "" */
};

static enum mc_status code_user_load(struct db *db, const char *login, struct code_user *u,
                                     bool *found)
{
    struct db_stmt *st = NULL;
    bool row = false;
    char stored[ACCOUNT_LOGIN_STORED];
    memset(u, 0, sizeof(*u));
    enum mc_status rc = account_login_stored(login, stored);
    if (rc == MC_OK)
        rc = db_query_start(db, &Q_USER_FOR_CODE, &st, "s", stored);
    if (rc == MC_OK)
        rc = db_step(st, &row);
    *found = rc == MC_OK && row;
    if (*found) {
        u->id = db_col_int64(st, 0);
        u->person = strcmp(db_col_text(st, 1), "staff") != 0;
        u->disabled = db_col_int64(st, 2) != 0;
        rc = seal_col_open(st, 3, u->phone, sizeof(u->phone));
        if (rc == MC_OK)
            rc = seal_col_open(st, 4, u->email, sizeof(u->email));
    }
    db_done(st);
    return rc;
}

struct reset_ctx {
    const struct code_user *u;
    const char *login;
    const struct audit_actor *who;
    const char *hash;
    int64_t code_id;
};

static enum mc_status reset_code_tx(struct db *db, void *arg)
{
    struct reset_ctx *c = arg;
    char object[32];
    bool phone = c->u->phone[0] != '\0';
    account_object(object, sizeof(object), c->u->id);
    enum mc_status st = account_code_issue(db, c->u->id, "reset",
                                           phone ? ACCOUNT_PHONE : ACCOUNT_EMAIL,
                                           phone ? c->u->phone : c->u->email, 0, NULL, NULL);
    if (st == MC_OK)
        st = audit_record(db, c->who, "account.reset_code", object, phone ? "phone" : "email");
    return st;
}

enum mc_status account_reset_request(struct db *db, const char *login,
                                     const struct audit_actor *who)
{
    struct ident_tax tax;
    struct code_user u;
    bool found = false, over = false;
    enum mc_status st = addr_allowance(db, who, &over);
    if (st == MC_OK && over)
        return MC_ERR_RATE_LIMITED;
    login = normal_login(login, &tax);
    if (st == MC_OK)
        st = code_user_load(db, login, &u, &found);
    if (st != MC_OK || !found || u.disabled || (!u.phone[0] && !u.email[0]))
        return st;
    st = user_allowance(db, u.id, "reset", &over);
    if (st != MC_OK || over)
        return st;
    struct reset_ctx c = {&u, login, who, NULL, 0};
    return db_tx(db, reset_code_tx, &c);
}

static enum mc_status reset_tx(struct db *db, void *arg)
{
    struct reset_ctx *c = arg;
    char object[32], when[32], text[320];
    account_object(object, sizeof(object), c->u->id);
    clock_format_vn(clock_now(), when, sizeof(when));
    snprintf(text, sizeof(text), "Mật khẩu tài khoản Dịch vụ công của bạn vừa được đặt lại bằng "
             "mã xác minh lúc %s. Nếu không phải bạn, hãy liên hệ Bộ phận Một cửa ngay.", when);
    enum mc_status st = code_use(db, c->code_id);
    if (st == MC_OK)
        st = db_run(db, &Q_PASSWORD_RESET, NULL, "isi", c->u->id, c->hash, clock_now());
    if (st == MC_OK)
        st = account_revoke_sessions(db, c->u->id);
    if (st == MC_OK)
        st = account_forget_failures(db, c->login);
    if (st == MC_OK)
        st = account_tell_owner(db, c->u->id, "Mật khẩu đã được đặt lại", text);
    if (st == MC_OK)
        st = audit_record(db, c->who, "account.password_reset", object, NULL);
    return st;
}

enum mc_status account_reset_finish(struct db *db, const char *login, const char *code,
                                    const char *new_pw, const char *new_pw2,
                                    const struct audit_actor *who, struct form_errors *errs,
                                    enum account_code_result *result)
{
    struct ident_tax tax;
    struct code_user u;
    struct code_row r;
    struct account_owner o;
    char hash[ACCOUNT_HASH_SIZE] = "";
    bool found = false;
    *result = CODE_NONE;
    memset(&o, 0, sizeof(o));
    enum mc_status st = code_user_load(db, normal_login(login, &tax), &u, &found);
    if (st == MC_OK && found && !u.disabled)
        st = code_newest(db, u.id, "reset", "", &r, &found);
    else
        found = false;
    if (st == MC_OK)
        st = code_judge(db, "reset", &r, found, code, result);
    if (st == MC_OK && *result != CODE_OK)
        st = MC_ERR_UNAUTHORIZED;
    if (st == MC_OK)
        st = account_owner_load(db, u.id, &o);
    if (st != MC_OK)
        goto out;
    st = account_new_password(&o, new_pw, new_pw2, false, errs, hash);
    if (st == MC_OK) {
        struct reset_ctx c = {&u, o.login, who, hash, r.id};
        st = db_tx(db, reset_tx, &c);
    }
    if (st == MC_ERR_CONFLICT) {
        *result = CODE_USED;
        st = MC_ERR_UNAUTHORIZED;
    }
out:
    sodium_memzero(hash, sizeof(hash));
    sodium_memzero(&o, sizeof(o));
    return st;
}

/* ---------------------------------------------------------------- reclaim */

static bool may_reclaim(const struct user *officer)
{
    return officer && officer->kind == USER_STAFF &&
           (officer->roles & (ROLE_RECEPTION | ROLE_AGENCY_ADMIN | ROLE_PROVINCE_ADMIN));
}

struct reclaim_ctx {
    const struct user *officer;
    const struct audit_actor *who;
    int64_t user_id;
    enum account_channel ch;
    const char *target, *full_name, *login, *hash;
    const struct code_user *old;
    int64_t code_id;
};

static enum mc_status reclaim_code_tx(struct db *db, void *arg)
{
    struct reclaim_ctx *c = arg;
    char object[32];
    account_object(object, sizeof(object), c->user_id);
    enum mc_status st = account_code_issue(db, c->user_id, "reclaim", c->ch, c->target,
                                           c->officer->id, c->full_name, &c->code_id);
    if (st == MC_OK)
        st = audit_record(db, c->who, "account.reclaim_code", object, channel_name(c->ch));
    return st;
}

enum mc_status account_reclaim_start(struct db *db, const struct user *officer,
                                     const struct audit_actor *who, const char *login,
                                     const char *full_name, const char *contact,
                                     struct form_errors *errs, int64_t *ticket)
{
    struct code_user u;
    struct ident_tax tax;
    char target[256];
    bool found = false, over = false;
    enum account_channel ch = contact && strchr(contact, '@') ? ACCOUNT_EMAIL : ACCOUNT_PHONE;
    if (!may_reclaim(officer))
        return MC_ERR_FORBIDDEN;
    const char *key = normal_login(login, &tax);
    enum mc_status st = code_user_load(db, key, &u, &found);
    if (st != MC_OK)
        return st;
    if (!found || !u.person)
        form_errors_add(errs, "login", "không có tài khoản công dân hoặc doanh nghiệp với số "
                        "giấy tờ này");
    if (account_blank(full_name) || strlen(full_name) > 200)
        form_errors_add(errs, "full_name", "xin nhập họ và tên như trên giấy tờ (tối đa 200 ký "
                        "tự)");
    struct form_errors contact_errs = {0};
    if (account_blank(contact) ||
        !contact_value(ch, contact, target, sizeof(target), &contact_errs))
        form_errors_add(errs, "contact", "xin nhập số điện thoại di động hoặc thư điện tử của "
                        "chính người đến làm thủ tục");
    if (errs->count)
        return MC_ERR_INVALID;
    st = user_allowance(db, u.id, "reclaim", &over);
    if (st == MC_OK && over)
        st = MC_ERR_RATE_LIMITED;
    if (st != MC_OK)
        return st;
    struct reclaim_ctx c = {officer, who, u.id, ch, target, full_name, key, NULL, NULL, 0};
    st = db_tx(db, reclaim_code_tx, &c);
    if (st == MC_OK)
        *ticket = c.code_id;
    return st;
}

static enum mc_status reclaim_tx(struct db *db, void *arg)
{
    struct reclaim_ctx *c = arg;
    char object[32], detail[128], text[400];
    account_object(object, sizeof(object), c->user_id);
    snprintf(detail, sizeof(detail), "{\"agency\":\"%.60s\",\"channel\":\"%s\"}",
             c->officer->agency_code, channel_name(c->ch));
    snprintf(text, sizeof(text), "Tài khoản Dịch vụ công đăng ký bằng số giấy tờ của chủ giấy "
             "tờ đã được trả lại cho chủ giấy tờ tại Bộ phận Một cửa. Số điện thoại hoặc thư "
             "điện tử này không còn gắn với tài khoản.");
    enum mc_status st = code_use(db, c->code_id);
    /* The previous contacts learn that the account went back to its owner. */
    if (st == MC_OK && c->old->phone[0] && !(c->ch == ACCOUNT_PHONE &&
                                             strcmp(c->old->phone, c->target) == 0))
        st = notify_enqueue(db, NOTIFY_SMS, c->old->phone, "Tài khoản đã được trả lại", text,
                            "account.notice");
    if (st == MC_OK && c->old->email[0] && !(c->ch == ACCOUNT_EMAIL &&
                                             strcmp(c->old->email, c->target) == 0))
        st = notify_enqueue(db, NOTIFY_EMAIL, c->old->email, "Tài khoản đã được trả lại", text,
                            "account.notice");
    struct account_sealed sealed;
    if (st == MC_OK)
        st = account_seal(c->ch == ACCOUNT_PHONE ? "phone" : "email", c->target, &sealed);
    if (st == MC_OK)
        st = db_run(db, &Q_REBIND, NULL, "isssisss", c->user_id, c->full_name,
                    c->ch == ACCOUNT_PHONE ? sealed.text : "",
                    c->ch == ACCOUNT_EMAIL ? sealed.text : "", clock_now(), c->hash,
                    c->ch == ACCOUNT_PHONE ? sealed.bidx : "",
                    c->ch == ACCOUNT_EMAIL ? sealed.bidx : "");
    if (st == MC_OK)
        st = account_revoke_sessions(db, c->user_id);
    if (st == MC_OK)
        st = account_forget_failures(db, c->login);
    if (st == MC_OK)
        st = audit_record(db, c->who, "account.reclaim", object, detail);
    return st;
}

enum mc_status account_reclaim_finish(struct db *db, const struct user *officer,
                                      const struct audit_actor *who, int64_t ticket,
                                      const char *code, enum account_code_result *result,
                                      int64_t *user_id)
{
    struct db_stmt *st = NULL;
    struct code_row r;
    struct code_user old;
    struct user owner;
    unsigned char raw[32];
    char random_pw[65], hash[ACCOUNT_HASH_SIZE] = "";
    bool found = false, old_found = false;
    *result = CODE_NONE;
    if (!may_reclaim(officer))
        return MC_ERR_FORBIDDEN;
    enum mc_status rc = db_query_start(db, &Q_CODE_BY_ID, &st, "is", ticket, "reclaim");
    if (rc == MC_OK)
        rc = code_read(st, &r, &found);
    if (rc == MC_OK && found && r.issued_by != officer->id)
        rc = MC_ERR_FORBIDDEN;   /* the officer who checked the papers finishes */
    if (rc == MC_OK)
        rc = code_judge(db, "reclaim", &r, found, code, result);
    if (rc != MC_OK || *result != CODE_OK)
        return rc;
    rc = account_load(db, r.user_id, &owner);
    if (rc == MC_OK)
        rc = code_user_load(db, owner.login, &old, &old_found);
    /* Nobody knows this password: the owner sets one with a reset code. */
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(random_pw, sizeof(random_pw), raw, sizeof(raw));
    if (rc == MC_OK)
        rc = account_hash_password(random_pw, hash);
    if (rc == MC_OK) {
        struct reclaim_ctx c = {officer, who, r.user_id, r.ch, r.target, r.full_name,
                                owner.login, hash, &old, r.id};
        rc = db_tx(db, reclaim_tx, &c);
    }
    if (rc == MC_ERR_CONFLICT) {
        *result = CODE_USED;
        rc = MC_OK;
    } else if (rc == MC_OK) {
        *user_id = r.user_id;
    }
    sodium_memzero(random_pw, sizeof(random_pw));
    sodium_memzero(hash, sizeof(hash));
    return rc;
}
