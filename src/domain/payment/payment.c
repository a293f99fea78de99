/* payment.c - fee payments through a provider, and the sandbox provider (see payment.h). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/clock.h"
#include "core/log.h"
#include "core/text.h"
#include "domain/dossier/dossier.h"
#include "domain/payment/payment.h"

#define AMOUNT_DIGITS_MAX 15

static const struct db_query Q_INSERT = {
    "payment.insert",
    "INSERT INTO payments (dossier_id, provider, amount, status, provider_ref, created_by,"
    " created_at) VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?6)",
};
static const struct db_query Q_FIND = {
    "payment.find",
    "SELECT id, dossier_id, amount, status FROM payments WHERE provider_ref = ?1",
};
static const struct db_query Q_SETTLE = {
    "payment.settle",
    "UPDATE payments SET status = ?2, confirmed_at = ?3 WHERE id = ?1 AND status = 'pending'",
};

/* ---------------------------------------------------------------- sandbox */

static void sign(const struct payment_sandbox *sb, const char *ref, const char *amount,
                 const char *status, unsigned char mac[crypto_auth_hmacsha256_BYTES])
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, sb->secret, sb->secret_len);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)ref, strlen(ref));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)"|", 1);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)amount, strlen(amount));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)"|", 1);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)status, strlen(status));
    crypto_auth_hmacsha256_final(&st, mac);
}

void payment_sandbox_sign(const struct payment_sandbox *sb, const char *provider_ref,
                          const char *amount, const char *status, char sig[PAYMENT_SIG_HEX])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    sign(sb, provider_ref, amount, status, mac);
    sodium_bin2hex(sig, PAYMENT_SIG_HEX, mac, sizeof(mac));
}

static enum mc_status sandbox_start(const struct payment_provider *p, const char *dossier_code,
                                    int64_t amount, struct payment_start_result *out)
{
    const struct payment_sandbox *sb = p->state;
    unsigned char rnd[12];
    char hex[sizeof(rnd) * 2 + 1];
    randombytes_buf(rnd, sizeof(rnd));
    sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
    snprintf(out->provider_ref, sizeof(out->provider_ref), "SBX%s", hex);
    int n = snprintf(out->redirect_url, sizeof(out->redirect_url), "%s?ref=%s&amount=%lld"
                     "&order=%s", sb->base_url, out->provider_ref, (long long)amount,
                     dossier_code);
    return n > 0 && (size_t)n < sizeof(out->redirect_url) ? MC_OK : MC_ERR_TOO_LARGE;
}

static bool parse_amount(const char *s, int64_t *out)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > AMOUNT_DIGITS_MAX || !text_is_digits(s, n) || (s[0] == '0' && n > 1))
        return false;
    *out = strtoll(s, NULL, 10);
    return true;
}

static enum mc_status sandbox_verify(const struct payment_provider *p,
                                     const struct payment_callback *cb,
                                     struct payment_verdict *out)
{
    const struct payment_sandbox *sb = p->state;
    unsigned char want[crypto_auth_hmacsha256_BYTES], got[crypto_auth_hmacsha256_BYTES];
    size_t got_len = 0;
    if (!cb->provider_ref || !cb->status || !cb->signature ||
        strlen(cb->provider_ref) >= PAYMENT_REF_MAX || !parse_amount(cb->amount, &out->amount) ||
        (strcmp(cb->status, "paid") != 0 && strcmp(cb->status, "failed") != 0) ||
        strlen(cb->signature) != 2 * sizeof(got) ||
        sodium_hex2bin(got, sizeof(got), cb->signature, strlen(cb->signature), NULL, &got_len,
                       NULL) != 0 || got_len != sizeof(got))
        return MC_ERR_UNAUTHORIZED;
    sign(sb, cb->provider_ref, cb->amount, cb->status, want);
    if (sodium_memcmp(want, got, sizeof(want)) != 0)
        return MC_ERR_UNAUTHORIZED;
    out->paid = strcmp(cb->status, "paid") == 0;
    return MC_OK;
}

enum mc_status payment_sandbox_init(struct payment_provider *p, struct payment_sandbox *sb,
                                    const unsigned char *secret, size_t secret_len,
                                    const char *base_url)
{
    if (!secret || secret_len < PAYMENT_SECRET_MIN || secret_len > PAYMENT_SECRET_MAX ||
        !base_url || !*base_url || strlen(base_url) >= sizeof(sb->base_url))
        return MC_ERR_INVALID;
    memset(sb, 0, sizeof(*sb));
    memcpy(sb->secret, secret, secret_len);
    sb->secret_len = secret_len;
    snprintf(sb->base_url, sizeof(sb->base_url), "%s", base_url);
    p->name = "sandbox";
    p->paid_online_code = 2;
    p->start = sandbox_start;
    p->verify = sandbox_verify;
    p->state = sb;
    return MC_OK;
}

/* ---------------------------------------------------------------- start */

struct start_ctx {
    const struct payment_provider *p;
    const struct user *payer;
    const char *address;
    int64_t dossier_id;
    int64_t amount;
    const char *code;
    const struct payment_start_result *res;
};

static enum mc_status start_tx(struct db *db, void *arg)
{
    struct start_ctx *c = arg;
    struct audit_actor who = {c->payer->id, user_role_label(c->payer),
                              c->address ? c->address : "local"};
    char detail[64];
    enum mc_status rc = db_run(db, &Q_INSERT, NULL, "isisii", c->dossier_id, c->p->name,
                               c->amount, c->res->provider_ref, c->payer->id, clock_now());
    snprintf(detail, sizeof(detail), "{\"amount\":%lld}", (long long)c->amount);
    return audit_record_if(rc, db, &who, "payment.start", detail, "dossier:%s", c->code);
}

enum mc_status payment_start(struct db *db, const struct payment_provider *p,
                             const struct user *payer, const char *address, int64_t id,
                             struct payment_start_result *out, struct form_errors *errs)
{
    struct dossier d;
    enum mc_status rc;
    dossier_init(&d);
    rc = dossier_get(db, payer, id, &d);
    if (rc == MC_OK && (!payer || d.applicant_id != payer->id))
        rc = MC_ERR_NOT_FOUND;
    if (rc != MC_OK)
        goto out;
    if (!dossier_fee_payable(&d)) {
        form_errors_add(errs, "", "Hồ sơ không có khoản phí, lệ phí cần nộp lúc này.");
        rc = MC_ERR_INVALID;
        goto out;
    }
    if ((rc = p->start(p, d.code, d.fee_dong, out)) != MC_OK) {
        form_errors_add(errs, "", "Cổng thanh toán không phản hồi; vui lòng thử lại sau.");
        log_warn("payment provider %s failed to start: %s", p->name, mc_status_name(rc));
        rc = MC_ERR_IO;
        goto out;
    }
    struct start_ctx c = {p, payer, address, d.id, d.fee_dong, d.code, out};
    rc = db_tx(db, start_tx, &c);
out:
    dossier_release(&d);
    return rc;
}

/* ---------------------------------------------------------------- settle */

struct settle_ctx {
    const char *ref;
    int64_t amount;
    bool paid;
    int code;
    const char *address;
    enum payment_outcome outcome;
};

static enum mc_status settle_tx(struct db *db, void *arg)
{
    struct settle_ctx *c = arg;
    struct db_stmt *st = NULL;
    struct audit_actor who = {0, "system", c->address ? c->address : "payment"};
    char status[16] = "";
    int64_t pid = 0, dossier_id = 0, amount = 0;
    enum mc_status rc = db_get_row(db, &Q_FIND, &st, "s", c->ref);
    if (rc == MC_OK) {
        pid = db_col_int64(st, 0);
        dossier_id = db_col_int64(st, 1);
        amount = db_col_int64(st, 2);
        db_col_copy(st, 3, status, sizeof(status));
    }
    db_done(st);
    if (rc != MC_OK)
        return rc;
    if (strcmp(status, "pending") != 0) {
        c->outcome = PAYMENT_ALREADY;
        return MC_OK;
    }
    if (c->paid && amount != c->amount) {
        log_warn("payment callback amount differs from the pending payment %lld",
                 (long long)pid);
        return MC_ERR_INVALID;
    }
    rc = db_run(db, &Q_SETTLE, NULL, "isi", pid, c->paid ? "paid" : "failed", clock_now());
    if (rc == MC_OK && c->paid)
        rc = dossier_mark_paid(db, dossier_id, c->code, c->ref);
    rc = audit_record_if(rc, db, &who, c->paid ? "payment.confirm" : "payment.fail", NULL,
                         "payment:%s", c->ref);
    c->outcome = c->paid ? PAYMENT_CONFIRMED : PAYMENT_FAILED;
    return rc;
}

enum mc_status payment_confirm(struct db *db, const char *provider_ref, int64_t amount,
                               int paid_online_code, const char *address,
                               enum payment_outcome *outcome)
{
    struct settle_ctx c = {provider_ref, amount, true, paid_online_code, address,
                           PAYMENT_ALREADY};
    enum mc_status rc;
    if (!provider_ref || amount <= 0 || paid_online_code < 1 || paid_online_code > 2)
        return MC_ERR_INVALID;
    rc = db_tx(db, settle_tx, &c);
    if (rc == MC_OK && outcome)
        *outcome = c.outcome;
    return rc;
}

enum mc_status payment_callback(struct db *db, const struct payment_provider *p,
                                const struct payment_callback *cb, const char *address,
                                enum payment_outcome *outcome)
{
    struct payment_verdict v = {false, 0};
    enum mc_status rc = p->verify(p, cb, &v);
    if (rc != MC_OK) {
        log_warn("payment callback with a bad signature (provider %s)", p->name);
        return MC_ERR_UNAUTHORIZED;
    }
    if (v.paid)
        return payment_confirm(db, cb->provider_ref, v.amount, p->paid_online_code, address,
                               outcome);
    struct settle_ctx c = {cb->provider_ref, v.amount, false, p->paid_online_code, address,
                           PAYMENT_ALREADY};
    rc = db_tx(db, settle_tx, &c);
    if (rc == MC_OK && outcome)
        *outcome = c.outcome;
    return rc;
}
