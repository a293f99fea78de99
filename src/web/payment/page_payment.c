/*
 * page_payment.c - online payment of a dossier's fee: the applicant's
 * "Thanh toán" button, the SANDBOX gateway's pages ("Cổng thanh toán thử
 * nghiệm", imitating a bank for the demo and tests) and the callback API
 * a gateway calls.
 *
 * The sandbox page signs the outcome with the provider's key
 * (payment_sandbox_sign()) and hands it to payment_callback() in-process,
 * exactly as a real gateway's server-to-server call would arrive; the
 * callback verifies the signature and the amount, and is idempotent.
 */
#include <stdio.h>
#include <stdlib.h>
#include "web/dossier/dossier_view.h"
#include "web/reply.h"
#include "web/payment/payment_web.h"
#include "core/log.h"
#include "core/vnfmt.h"
#include "core/jfield.h"

/* No gateway is installed outside the demo and tests: its pages do not exist. */
static bool sandbox_absent(struct http_request *req)
{
    return !dossier_view_app(req)->payment_on;
}

static unsigned not_found(struct http_request *req)
{
    return http_error(req, 404, "not_found", "Không tìm thấy trang bạn yêu cầu");
}

static unsigned page_payment_start_post(struct http_request *req)
{
    struct dossier d;
    struct payment_start_result res;
    const struct user *u = dossier_view_user(req);
    struct form_errors errs = {0};
    unsigned rc;
    if (sandbox_absent(req))
        return http_error(req, 409, "no_gateway",
                          "Chưa có cổng thanh toán trực tuyến. Xin nộp phí tại bộ phận một cửa.");
    dossier_init(&d);
    enum mc_status st = dossier_get_by_code(web_ctx(req)->db, u, req->params[0], &d);
    if (st == MC_OK)
        st = payment_start(web_ctx(req)->db, &dossier_view_app(req)->payment, u,
                           req->client_addr, d.id, &res, &errs);
    if (st == MC_OK)
        rc = http_redirect(req, arena_printf(req->arena, "/thanh-toan-thu/%s?amount=%lld"
                                             "&order=%s", res.provider_ref,
                                             (long long)d.fee_dong, d.code));
    else
        rc = dossier_view_error(req, st, form_errors_first(&errs), st == MC_ERR_NOT_FOUND
                                    ? NULL : arena_printf(req->arena, "/ho-so/%s", d.code));
    dossier_release(&d);
    return rc;
}

/* What a callback's refusal tells the bank page or the gateway. */
static const struct web_says PAYMENT_SAYS = {
    .unauthorized = "Chữ ký không hợp lệ",
    .not_found = "Không tìm thấy giao dịch",
    .invalid = "Số tiền không khớp với khoản cần nộp",
};

static bool amount_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 15 || s[0] == '0')
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static unsigned page_payment_sandbox(struct http_request *req)
{
    const char *amount = http_arg(req, "amount");
    const char *order = http_arg(req, "order");
    if (sandbox_absent(req))
        return not_found(req);
    if (!dossier_view_code_ok(req->params[0]) || !amount_ok(amount) ||
        !dossier_view_code_ok(order))
        return http_error(req, 400, "bad_request",
                          "Thiếu thông tin giao dịch (mã giao dịch, số tiền, mã hồ sơ).");
    char text[VNFMT_SIZE];
    json_t *data = json_pack("{s:s,s:s,s:s,s:s,s:b}", "ref", req->params[0], "amount", amount,
                             "amount_text",
                             vnfmt_money(text, sizeof(text), strtoll(amount, NULL, 10)),
                             "order", order, "hide_widget", 1);
    return web_page(req, 200, "payment_sandbox.html", "Cổng thanh toán thử nghiệm", data);
}

static const char *outcome_code(enum payment_outcome o)
{
    return o == PAYMENT_CONFIRMED ? "confirmed" : o == PAYMENT_FAILED ? "failed" : "already";
}

static unsigned page_payment_sandbox_post(struct http_request *req)
{
    struct app *app = dossier_view_app(req);
    char sig[PAYMENT_SIG_HEX];
    const char *ref = req->params[0];
    const char *amount = kv_get(req->form, "amount");
    const char *order = kv_get(req->form, "order");
    const char *result = kv_get(req->form, "ket_qua");
    const char *status = result && strcmp(result, "huy") == 0 ? "failed" : "paid";
    enum payment_outcome outcome;
    if (sandbox_absent(req))
        return not_found(req);
    if (!dossier_view_code_ok(ref) || !amount_ok(amount) || !dossier_view_code_ok(order))
        return http_error(req, 400, "bad_request", "Thông tin giao dịch không hợp lệ.");
    payment_sandbox_sign(&app->payment_sandbox, ref, amount, status, sig);
    struct payment_callback cb = {ref, amount, status, sig};
    enum mc_status st = payment_callback(web_ctx(req)->db, &app->payment, &cb,
                                         req->client_addr, &outcome);
    if (st != MC_OK)
        return web_fail(req, st, &PAYMENT_SAYS, NULL);
    log_info("sandbox payment %s", outcome_code(outcome));
    return http_redirect(req, arena_printf(req->arena, "/ho-so/%s?%s", order,
                                           outcome == PAYMENT_FAILED ? "thanh_toan_loi=1"
                                                                     : "da_thanh_toan=1"));
}

/* A field of a JSON object or a form, as a string (numbers are formatted). */
static const char *field_of(struct http_request *req, json_t *body, const char *name)
{
    if (!body)
        return kv_get(req->form, name);
    json_t *v = json_object_get(body, name);
    if (json_is_string(v))
        return arena_strdup(req->arena, json_string_value(v));
    if (json_is_integer(v))
        return arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
    return NULL;
}

static unsigned api_payment_sandbox_callback(struct http_request *req)
{
    struct app *app = dossier_view_app(req);
    enum payment_outcome outcome;
    json_t *body = NULL;
    unsigned rc;
    if (sandbox_absent(req))
        return web_json_error(req, 404, "not_found", "Không có cổng thanh toán thử nghiệm");
    if (req->body.len > 0) {
        struct jfield_error e;
        jfield_error_init(&e);
        if (jfield_parse_object(req->body.data, req->body.len, 0, &body, &e) != MC_OK)
            return web_json_error(req, 400, "bad_json", "Dữ liệu JSON không hợp lệ");
    }
    struct payment_callback cb = {
        field_of(req, body, "ref"), field_of(req, body, "amount"),
        field_of(req, body, "status"), field_of(req, body, "signature"),
    };
    json_decref(body);
    if (!cb.provider_ref || !cb.amount || !cb.status || !cb.signature)
        return web_json_error(req, 400, "missing", "Thiếu ref, amount, status hoặc signature");
    enum mc_status st = payment_callback(web_ctx(req)->db, &app->payment, &cb,
                                         req->client_addr, &outcome);
    if (st == MC_OK)
        rc = web_json(req, 200, json_pack("{s:s}", "outcome", outcome_code(outcome)));
    else
        rc = web_fail(req, st, &PAYMENT_SAYS, NULL);
    return rc;
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_POST, "/ho-so/{code}/thanh-toan", page_payment_start_post, R_SIGNED_IN,
     WEB_FORM_MAX},
    {HTTP_GET, "/thanh-toan-thu/{ref}", page_payment_sandbox, 0, 0},
    {HTTP_POST, "/thanh-toan-thu/{ref}", page_payment_sandbox_post, 0, WEB_FORM_MAX},
    {HTTP_POST, "/api/v1/payments/sandbox/callback", api_payment_sandbox_callback,
     R_API | R_NO_CSRF, WEB_FORM_MAX},
};

const struct web_routes web_page_payment_routes = WEB_ROUTES(routes);
