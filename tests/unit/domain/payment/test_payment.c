/* test_payment.c - fee payment through the sandbox provider (payment/payment.h). */
#include "domain/dossier/fixture.h"
#include "domain/payment/payment.h"

static const unsigned char SECRET[] = "sandbox-secret-for-tests-0123456789";

static const struct db_query Q_PAYMENT_STATUS = {
    "test.payment_status", "SELECT COUNT(*) FROM payments WHERE status = ?1",
};

/* A dossier in status 6 asking for 200,000 đồng. */
static int64_t waiting_dossier(struct fx *f)
{
    int64_t id = fx_submit(f, &f->citizen, "pay");
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_START, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_REQUEST_PAYMENT, NULL), MC_OK);
    assert_int_equal(fx_load(f, id).status, NAT_ST_PAYMENT);
    return id;
}

static int64_t payments(struct fx *f, const char *status)
{
    int64_t n = -1;
    assert_int_equal(db_get_int(f->db, &Q_PAYMENT_STATUS, &n, "s", status), MC_OK);
    return n;
}

static void test_sandbox_payment(void **state)
{
    struct fx *f = *state;
    struct payment_provider p;
    struct payment_sandbox sb;
    struct payment_start_result res;
    enum payment_outcome out;
    char sig[PAYMENT_SIG_HEX];
    struct form_errors errs = {0};
    int64_t id = waiting_dossier(f);
    assert_int_equal(payment_sandbox_init(&p, &sb, SECRET, sizeof(SECRET) - 1,
                                          "/thanh-toan/sandbox"), MC_OK);
    /* Only the applicant may pay. */
    assert_int_equal(payment_start(f->db, &p, &f->citizen2, "ip", id, &res, &errs),
                     MC_ERR_NOT_FOUND);
    assert_int_equal(payment_start(f->db, &p, &f->citizen, "ip", id, &res, &errs), MC_OK);
    assert_non_null(strstr(res.redirect_url, "/thanh-toan/sandbox?ref=SBX"));
    assert_non_null(strstr(res.redirect_url, "amount=200000"));
    assert_int_equal(payments(f, "pending"), 1);

    /* A forged signature changes nothing. */
    struct payment_callback cb = {res.provider_ref, "200000", "paid",
                                  "00000000000000000000000000000000"
                                  "00000000000000000000000000000000"};
    assert_int_equal(payment_callback(f->db, &p, &cb, "gw", &out), MC_ERR_UNAUTHORIZED);
    cb.signature = "not-hex";
    assert_int_equal(payment_callback(f->db, &p, &cb, "gw", &out), MC_ERR_UNAUTHORIZED);
    /* A signature over other fields does not verify either. */
    payment_sandbox_sign(&sb, res.provider_ref, "100", "paid", sig);
    cb.signature = sig;
    assert_int_equal(payment_callback(f->db, &p, &cb, "gw", &out), MC_ERR_UNAUTHORIZED);
    /* Properly signed but the wrong amount. */
    cb.amount = "100";
    assert_int_equal(payment_callback(f->db, &p, &cb, "gw", &out), MC_ERR_INVALID);
    assert_int_equal(payments(f, "pending"), 1);
    assert_int_equal(fx_load(f, id).status, NAT_ST_PAYMENT);

    /* The right callback: paid, dossier back to processing. */
    cb.amount = "200000";
    payment_sandbox_sign(&sb, res.provider_ref, "200000", "paid", sig);
    assert_int_equal(payment_callback(f->db, &p, &cb, "gw", &out), MC_OK);
    assert_int_equal(out, PAYMENT_CONFIRMED);
    struct dossier d = fx_load(f, id);
    assert_int_equal(d.status, NAT_ST_PROCESSING);
    assert_true(d.fee_paid);
    assert_int_equal(d.paid_online, 2);
    int64_t version = d.version;
    /* Replayed: nothing changes. */
    assert_int_equal(payment_callback(f->db, &p, &cb, "gw", &out), MC_OK);
    assert_int_equal(out, PAYMENT_ALREADY);
    assert_int_equal(fx_load(f, id).version, version);
    assert_int_equal(payments(f, "paid"), 1);
    /* Unknown reference. */
    payment_sandbox_sign(&sb, "SBXunknown", "200000", "paid", sig);
    cb.provider_ref = "SBXunknown";
    assert_int_equal(payment_callback(f->db, &p, &cb, "gw", &out), MC_ERR_NOT_FOUND);
    /* No second payment once paid. */
    assert_int_equal(payment_start(f->db, &p, &f->citizen, "ip", id, &res, &errs),
                     MC_ERR_INVALID);
}

static void test_failed_payment(void **state)
{
    struct fx *f = *state;
    struct payment_provider p;
    struct payment_sandbox sb;
    struct payment_start_result res;
    enum payment_outcome out;
    char sig[PAYMENT_SIG_HEX];
    int64_t id = waiting_dossier(f);
    assert_int_equal(payment_sandbox_init(&p, &sb, SECRET, sizeof(SECRET) - 1, "/tt"), MC_OK);
    assert_int_equal(payment_sandbox_init(&p, &sb, SECRET, 4, "/tt"), MC_ERR_INVALID);
    assert_int_equal(payment_sandbox_init(&p, &sb, SECRET, sizeof(SECRET) - 1, "/tt"), MC_OK);
    assert_int_equal(payment_start(f->db, &p, &f->citizen, "ip", id, &res, NULL), MC_OK);
    payment_sandbox_sign(&sb, res.provider_ref, "200000", "failed", sig);
    struct payment_callback cb = {res.provider_ref, "200000", "failed", sig};
    assert_int_equal(payment_callback(f->db, &p, &cb, "gw", &out), MC_OK);
    assert_int_equal(out, PAYMENT_FAILED);
    assert_int_equal(fx_load(f, id).status, NAT_ST_PAYMENT);
    assert_false(fx_load(f, id).fee_paid);
    assert_int_equal(payments(f, "failed"), 1);
    /* The citizen may try again with a new transaction. */
    assert_int_equal(payment_start(f->db, &p, &f->citizen, "ip", id, &res, NULL), MC_OK);
    assert_int_equal(payments(f, "pending"), 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_sandbox_payment),
        T(test_failed_payment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
