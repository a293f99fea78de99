/*
 * payment.h - online payment of dossier fees through a provider (payment
 * gateway), with a SANDBOX provider for the demo and tests.
 *
 * Flow (docs/internals/payment.md):
 *  1. The applicant of a dossier in status 6 (Yêu cầu thực hiện nghĩa vụ
 *     tài chính) presses "Thanh toán": payment_start() asks the provider
 *     for a transaction (provider_ref) and a URL, records a 'pending'
 *     payment for the dossier's fee_dong, and the page redirects there.
 *  2. The provider calls back (server to server, or through the browser's
 *     return URL) with the reference, the amount, the outcome and an
 *     HMAC-SHA256 signature over them.  payment_callback() verifies the
 *     signature with the provider, checks the amount against the pending
 *     payment, and in ONE transaction marks the payment paid and the
 *     dossier paid (dossier_mark_paid(): fee_paid, paid_online = 2, status
 *     6 -> 4), with the event and audit rows.
 *  3. A callback repeated (a replay, or the return URL after the
 *     server-to-server call) finds the payment already settled and
 *     changes nothing (PAYMENT_ALREADY): idempotent by provider_ref.
 *
 * Thread-safety: providers are read-only after init and may be shared;
 * functions use only the caller's connection.
 */
#ifndef MC_PAYMENT_PAYMENT_H
#define MC_PAYMENT_PAYMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/accounts/account.h"
#include "core/db.h"

#define PAYMENT_REF_MAX 65          /* bytes of a provider reference, with the NUL */
#define PAYMENT_URL_MAX 512         /* bytes of a redirect URL, with the NUL */
#define PAYMENT_SIG_HEX 65          /* hex HMAC-SHA256 and the NUL */
#define PAYMENT_SECRET_MIN 16       /* bytes of a provider secret, at least */
#define PAYMENT_SECRET_MAX 64

/* What a provider's start gives back. */
struct payment_start_result {
    char provider_ref[PAYMENT_REF_MAX];   /* the provider's transaction reference */
    char redirect_url[PAYMENT_URL_MAX];   /* where to send the payer's browser */
};

/* A callback as received (strings borrowed from the request). */
struct payment_callback {
    const char *provider_ref;
    const char *amount;       /* decimal đồng, as sent */
    const char *status;       /* "paid" or "failed" */
    const char *signature;    /* lower-case hex HMAC-SHA256 */
};

/* A verified callback. */
struct payment_verdict {
    bool paid;
    int64_t amount;
};

struct payment_provider {
    const char *name;         /* stored in payments.provider ("sandbox") */
    int paid_online_code;     /* DuocThanhToanTrucTuyen: 1 national portal, 2 local gateway */
    /*
     * Open a transaction for amount đồng for dossier_code (the order
     * reference shown to the payer).  No database access; may be a network
     * call for real gateways.
     */
    enum mc_status (*start)(const struct payment_provider *p, const char *dossier_code,
                            int64_t amount, struct payment_start_result *out);
    /* Check a callback's signature and decode it: MC_ERR_UNAUTHORIZED when bad. */
    enum mc_status (*verify)(const struct payment_provider *p,
                             const struct payment_callback *cb, struct payment_verdict *out);
    void *state;              /* provider data (the sandbox: struct payment_sandbox) */
};

/* The sandbox's data: the shared secret and the base of its pages. */
struct payment_sandbox {
    unsigned char secret[PAYMENT_SECRET_MAX];
    size_t secret_len;
    char base_url[256];       /* e.g. "/thanh-toan/sandbox" */
};

/*
 * Set up the sandbox provider p with its state sb (both owned by the
 * caller and kept alive while p is used).  secret: PAYMENT_SECRET_MIN..MAX
 * bytes (the deployment's key; tests use a fixed one).  base_url: the web
 * layer's page that imitates the bank; start() returns
 * "<base_url>?ref=REF&amount=N&order=CODE".  paid_online_code is 2.
 * Returns MC_ERR_INVALID for a bad secret or base_url.
 */
enum mc_status payment_sandbox_init(struct payment_provider *p, struct payment_sandbox *sb,
                                    const unsigned char *secret, size_t secret_len,
                                    const char *base_url) MC_WARN_UNUSED;

/*
 * The sandbox's signature of a callback: lower-case hex HMAC-SHA256 with
 * the secret over "provider_ref|amount|status" (what the imitation bank
 * page signs when the tester presses "pay" or "fail").  Pure.
 */
void payment_sandbox_sign(const struct payment_sandbox *sb, const char *provider_ref,
                          const char *amount, const char *status, char sig[PAYMENT_SIG_HEX]);

/*
 * Start paying dossier id's fee as payer (its applicant).  The dossier must
 * be in status 6 with fee_dong > 0 and not paid.  Calls p->start, then
 * records the 'pending' payment with an audit row 'payment.start' in one
 * transaction.  Returns MC_OK; MC_ERR_NOT_FOUND (no such dossier, or not
 * the payer's); MC_ERR_INVALID (not waiting for a payment; errs, may be
 * NULL, says so); MC_ERR_IO (the provider failed; errs); MC_ERR_DB /
 * MC_ERR_BUSY.
 */
enum mc_status payment_start(struct db *db, const struct payment_provider *p,
                             const struct user *payer, const char *address, int64_t id,
                             struct payment_start_result *out, struct form_errors *errs)
    MC_WARN_UNUSED;

/* What a callback did. */
enum payment_outcome {
    PAYMENT_CONFIRMED,   /* paid now: payment and dossier updated */
    PAYMENT_FAILED,      /* the provider reported a failure: payment marked failed */
    PAYMENT_ALREADY,     /* already settled earlier: nothing changed (replay) */
};

/*
 * Handle a provider callback.  Verifies the signature (MC_ERR_UNAUTHORIZED,
 * nothing written, a warning logged), finds the payment by provider_ref
 * (MC_ERR_NOT_FOUND), checks the amount equals the pending payment's
 * (MC_ERR_INVALID, nothing written), then in one transaction settles it:
 * paid -> dossier_mark_paid(), failed -> status 'failed'; audit
 * 'payment.confirm' / 'payment.fail'.  OUT *outcome.
 */
enum mc_status payment_callback(struct db *db, const struct payment_provider *p,
                                const struct payment_callback *cb, const char *address,
                                enum payment_outcome *outcome) MC_WARN_UNUSED;

/*
 * Mark the pending payment with provider_ref paid for amount đồng and its
 * dossier paid (fee_paid, paid_online = paid_online_code, 6 -> 4), in one
 * transaction (nested in the caller's when there is one).  Idempotent:
 * MC_OK with *outcome PAYMENT_ALREADY when it was already settled.
 * MC_ERR_INVALID when amount differs from the payment's.  For
 * payment_callback() and for reconciliation jobs that query the gateway.
 */
enum mc_status payment_confirm(struct db *db, const char *provider_ref, int64_t amount,
                               int paid_online_code, const char *address,
                               enum payment_outcome *outcome) MC_WARN_UNUSED;

#endif
