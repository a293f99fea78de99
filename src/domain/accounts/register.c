/*
 * register.c - a citizen or a business opens an account (see account.h):
 * the form's checks, the registration throttle, the consent to the
 * personal-data notice, and the first code that proves the phone or
 * email.  Apart from account.c so that registration may issue a code
 * (account_code.c) while codes use the account helpers.
 */
#include <time.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "domain/accounts/account-int.h"
#include "domain/accounts/ident.h"
#include "domain/accounts/password.h"
#include "core/clock.h"
#include "core/seal.h"

static const struct db_query Q_CONSENT_INSERT = {
    "account.consent_insert",
    "INSERT INTO account_consents (user_id, notice_version, given_at, address)"
    " VALUES (?1, ?2, ?3, ?4)",
};

static const char *kind_name(enum user_kind k)
{
    return k == USER_CITIZEN ? "citizen" : k == USER_BUSINESS ? "business" : "staff";
}

static int current_year(void)
{
    time_t t = (time_t)(clock_now() + CLOCK_VN_OFFSET);
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm.tm_year + 1900;
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
    int64_t now = clock_now();
    bool trusted = c->r->trusted;
    struct account_sealed cccd, phone, email;
    char login[ACCOUNT_LOGIN_STORED];
    enum mc_status rc = account_seal("cccd", c->cccd, &cccd);
    if (rc == MC_OK)
        rc = account_login_stored(c->login, login);
    if (rc == MC_OK)
        rc = account_seal("phone", c->phone, &phone);
    if (rc == MC_OK)
        rc = account_seal("email", c->email, &email);
    if (rc == MC_OK)
        rc = db_get_int(
            db, &ACCOUNT_Q_USER_INSERT, &c->user_id, "ssssssssiiiisss", kind_name(c->r->kind),
            login, c->r->full_name, cccd.text, c->tax, phone.text, email.text, c->hash, now,
            (int64_t)(trusted && c->phone), (int64_t)(trusted && c->email), (int64_t)0,
            cccd.bidx, phone.bidx, email.bidx);
    if (rc != MC_OK)
        return rc;
    rc = db_run(db, &Q_CONSENT_INSERT, NULL, "isis", c->user_id, ACCOUNT_NOTICE_VERSION,
                    now, c->who ? c->who->address : NULL);
    if (rc == MC_OK && !trusted)
        rc = account_code_issue(db, c->user_id, "contact",
                                c->phone ? ACCOUNT_PHONE : ACCOUNT_EMAIL,
                                c->phone ? c->phone : c->email, 0, NULL, NULL);
    if (rc != MC_OK)
        return rc;
    account_object(object, sizeof(object), c->user_id);
    struct audit_actor self = c->who ? *c->who : (struct audit_actor){0, "system", "local"};
    self.user_id = c->user_id;
    self.role = kind_name(c->r->kind);
    return audit_record(db, &self, "account.register", object, NULL);
}

static void validate_registration(const struct registration *r, struct form_errors *errs,
                                  char phone[IDENT_PHONE_SIZE], struct ident_tax *tax)
{
    const char *msg = NULL;
    struct ident_cccd cccd;
    if (account_blank(r->full_name) || strlen(r->full_name) > 200)
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
    if (account_blank(r->phone) && account_blank(r->email))
        form_errors_add(errs, "phone", "vui lòng nhập số điện thoại hoặc thư điện tử");
    if (!account_blank(r->phone) &&
        ident_check_phone(r->phone, strlen(r->phone), phone, &msg) != MC_OK)
        form_errors_add(errs, "phone", msg);
    if (!account_blank(r->email) &&
        ident_check_email(r->email, strlen(r->email), &msg) != MC_OK)
        form_errors_add(errs, "email", msg);
    struct password_context pc = {
        .login = r->kind == USER_CITIZEN ? r->cccd : tax->code,
        .phone = phone,
        .email = r->email,
        .full_name = r->full_name,
    };
    if (password_check(r->password, &pc, &msg) != MC_OK)
        form_errors_add(errs, "password", msg);
    else if (!r->password2 || strcmp(r->password, r->password2) != 0)
        form_errors_add(errs, "password2", "mật khẩu nhập lại không khớp");
    if (!r->consent && !r->trusted)
        form_errors_add(errs, "consent", "xin đọc thông báo về xử lý dữ liệu cá nhân và đánh "
                        "dấu ô đồng ý để đăng ký");
}

/* Registrations from this address in the last hour, and from everyone lately. */
static enum mc_status register_throttled(struct db *db, const char *address, bool *over)
{
    char key[96];
    int64_t mine = 0, all = 0, now = clock_now();
    snprintf(key, sizeof(key), "reg-addr:%.80s", address ? address : "");
    enum mc_status st = account_events_count(db, key, now - 3600, &mine);
    if (st == MC_OK)
        st = account_events_count(db, "reg-all", now - ACCOUNT_REGISTER_ALL_WINDOW, &all);
    *over = mine >= ACCOUNT_REGISTER_PER_ADDR || all >= ACCOUNT_REGISTER_ALL;
    return st;
}

static enum mc_status register_event_tx(struct db *db, void *arg)
{
    const char *address = arg;
    char key[96];
    snprintf(key, sizeof(key), "reg-addr:%.80s", address ? address : "");
    enum mc_status st = account_event_add(db, key);
    if (st == MC_OK)
        st = account_event_add(db, "reg-all");
    return st;
}

enum mc_status account_register(struct db *db, const struct registration *r,
                                 const struct audit_actor *who, struct form_errors *errs,
                                 int64_t *user_id)
{
    char phone[IDENT_PHONE_SIZE] = "";
    char hash[ACCOUNT_HASH_SIZE];
    struct ident_tax tax = {0};
    struct register_ctx c = {.r = r, .who = who};
    const char *address = who ? who->address : NULL;
    bool over = false;
    enum mc_status st;
    validate_registration(r, errs, phone, &tax);
    if (errs->count) {
        st = MC_ERR_INVALID;
        goto out;
    }
    if (!r->trusted) {
        /* Counted before the slow hash and the insert, conflicts included. */
        st = register_throttled(db, address, &over);
        if (st == MC_OK && over)
            st = MC_ERR_RATE_LIMITED;
        if (st == MC_OK)
            st = db_tx(db, register_event_tx, (void *)address);
        if (st != MC_OK)
            goto out;
    }
    st = account_hash_password(r->password, hash);
    if (st != MC_OK)
        goto out;
    c.cccd = r->kind == USER_CITIZEN ? r->cccd : NULL;
    c.tax = r->kind == USER_BUSINESS ? tax.code : NULL;
    c.login = c.cccd ? c.cccd : c.tax;
    c.phone = phone[0] ? phone : NULL;
    c.email = account_blank(r->email) ? NULL : r->email;
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
