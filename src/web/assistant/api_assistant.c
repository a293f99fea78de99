/*
 * api_assistant.c - the virtual assistant for other channels (Zalo OA, a
 * kiosk) and for the chat widget's JavaScript:
 *   POST /api/v1/assistant           {"message","session","intent"?} -> the answer
 *   POST /api/v1/assistant/feedback  {"log_id","session","helpful"}  -> rated
 *   POST /api/v1/assistant/handoff   {"session","message"?,"sender_name","contact",
 *                                     "consent_publish","challenge","challenge_token","otp"}
 *                                    -> a hỏi–đáp item (docs/assistant.md, "Hand-off")
 * Requests without cookies need no CSRF token (web.c); the widget, which
 * sends cookies, echoes the page's token in X-CSRF-Token.
 */
#include "web/app.h"
#include "web/assistant/assistant_web.h"
#include "web/feedback/feedback_view.h"
#include "web/reply.h"
#include "domain/assistant/assistant.h"
#include "core/jfield.h"

/* The generative layer's settings (off unless MOTCUA_LLM_URL is set). */
static struct asst_llm_config llm_of(struct http_request *req)
{
    const struct app *app = req->app;
    struct asst_llm_config c = {app->cfg.llm_url, app->cfg.llm_model, app->cfg.llm_timeout_ms};
    return c;
}

/* The JSON object body, or NULL (bad JSON or not an object). */
static json_t *body_object(struct http_request *req)
{
    struct jfield_error e;
    json_t *o = NULL;
    jfield_error_init(&e);
    if (jfield_parse_object(req->body.data, req->body.len, 0, &o, &e) != MC_OK)
        o = NULL;
    return o;
}

/* A string member, NULL when absent; *bad set when present but not a string. */
static const char *member_str(json_t *o, const char *key, bool *bad)
{
    struct jfield_error e;
    jfield_error_init(&e);
    const char *s = jfield_get_str(o, key, 0, 0, &e);
    if (e.status != MC_OK)
        *bad = true;
    return s;
}

static unsigned api_assistant(struct http_request *req)
{
    struct asst_reply r;
    bool bad = false;
    json_t *o = body_object(req);
    if (!o)
        return web_json_error(req, 400, "bad_json",
                              "Nội dung gửi lên phải là JSON dạng {\"message\": \"...\"}");
    const char *message = member_str(o, "message", &bad);
    const char *session = member_str(o, "session", &bad);
    const char *intent = member_str(o, "intent", &bad);
    if (bad || !message || !*message) {
        json_decref(o);
        return web_json_error(req, 400, "bad_message", "Thiếu câu hỏi (message)");
    }
    struct asst_request q = {message, session, req->cookies ? "web" : "api", intent,
                             req->client_addr};
    asst_reply_init(&r);
    enum mc_status st = assistant_ask(web_ctx(req)->db, &q, &r);
    json_decref(o);
    if (st == MC_ERR_INVALID) {
        asst_reply_release(&r);
        return web_json_error(req, 400, "bad_message",
                              "Câu hỏi rỗng, quá dài (tối đa 2000 ký tự) hoặc phiên không hợp lệ");
    }
    if (st != MC_OK) {
        asst_reply_release(&r);
        return http_error(req, 503, "unavailable", "Trợ lý ảo đang bận, xin thử lại sau");
    }
    struct asst_llm_config llm = llm_of(req);
    asst_reply_rephrase(&llm, &r);
    json_t *out = asst_reply_json(&r);
    asst_reply_release(&r);
    return web_json(req, 200, out);
}

static unsigned api_assistant_feedback(struct http_request *req)
{
    bool bad = false;
    json_t *o = body_object(req);
    json_t *id = o ? json_object_get(o, "log_id") : NULL;
    json_t *helpful = o ? json_object_get(o, "helpful") : NULL;
    const char *session = o ? member_str(o, "session", &bad) : NULL;
    if (!o || !json_is_integer(id) || !json_is_boolean(helpful) || bad) {
        json_decref(o);
        return web_json_error(req, 400, "bad_request",
                              "Cần log_id (số) và helpful (true hoặc false)");
    }
    enum mc_status st = assistant_rate(web_ctx(req)->db, json_integer_value(id), session,
                                       json_is_true(helpful));
    json_decref(o);
    if (st == MC_ERR_NOT_FOUND || st == MC_ERR_INVALID)
        return web_json_error(req, 404, "not_found", "Không có câu trả lời này");
    if (st != MC_OK)
        return http_error(req, 503, "unavailable", "Chưa ghi được đánh giá, xin thử lại sau");
    return web_json(req, 200, json_pack("{s:b,s:s}", "ok", 1, "message",
                                        "Cảm ơn bạn đã đánh giá"));
}

/* 422 with the fields, and a fresh challenge for an anonymous sender. */
static unsigned handoff_invalid(struct http_request *req, const struct form_errors *errs,
                                bool anonymous)
{
    json_t *fields = json_array();
    for (size_t i = 0; i < errs->count; i++)
        json_array_append_new(fields, json_pack("{s:s,s:s}", "field", errs->items[i].field,
                                                "message", errs->items[i].message));
    json_t *o = json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "invalid", "message",
                          errs->count ? errs->items[0].message : "dữ liệu không hợp lệ",
                          "fields", fields);
    if (anonymous) {
        char question[128], token[128];
        feedback_challenge_new(req, question, sizeof(question), token, sizeof(token));
        json_object_set_new(o, "challenge",
                            json_pack("{s:s,s:s}", "question", question, "token", token));
    }
    return web_json(req, 422, o);
}

static unsigned api_assistant_handoff(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    struct asst_handoff_result res;
    char norm[256];
    bool bad = false;
    json_t *o = body_object(req);
    if (!o)
        return web_json_error(req, 400, "bad_request", "Cần phiên (session) hoặc câu hỏi");
    bool signed_in = web_signed_in(req);
    bool staff = signed_in && c->session.user.kind == USER_STAFF;
    bool anonymous = !signed_in;
    const char *session = member_str(o, "session", &bad);
    const char *message = member_str(o, "message", &bad);
    const char *otp = member_str(o, "otp", &bad);
    struct asst_handoff h = {
        .session = session,
        .question = message && *message ? message : NULL,
        .sender_name = member_str(o, "sender_name", &bad),
        .contact = member_str(o, "contact", &bad),
        .otp = otp,
        .consent_publish = json_is_true(json_object_get(o, "consent_publish")),
        .user_id = signed_in && !staff ? c->session.user.id : 0,
        .on_behalf_by = staff ? c->session.user.id : 0,
        .address = req->client_addr,
        .base_url = feedback_base_url(req),
    };
    if (bad || ((!session || !*session) && !h.question)) {
        json_decref(o);
        return web_json_error(req, 400, "bad_request", "Cần phiên (session) hoặc câu hỏi");
    }
    enum mc_status st;
    if (anonymous && (!otp || !*otp)) {
        /* Step 1 without an account: the anti-spam sum, then a code to the contact. */
        if (!h.contact || !*h.contact)
            form_errors_add(&errs, "contact", "Để chuyển câu hỏi cho cán bộ, xin cho biết họ "
                                              "tên và thư điện tử hoặc số điện thoại di động "
                                              "để nhận mã xác minh và câu trả lời.");
        else if (!feedback_challenge_ok(req, member_str(o, "challenge_token", &bad),
                                        member_str(o, "challenge", &bad)))
            form_errors_add(&errs, "challenge", "câu trả lời phép tính chưa đúng");
        st = errs.count ? MC_ERR_INVALID
                        : asst_handoff_request_code(c->db, &c->actor, &h, norm, sizeof(norm),
                                                    &errs);
        json_decref(o);
        if (st == MC_ERR_INVALID)
            return handoff_invalid(req, &errs, true);
        if (st != MC_OK)
            return web_fail(req, st, &(const struct web_says){
                                .rate_limited = "Bạn đã yêu cầu quá nhiều mã; xin thử lại sau "
                                                "15 phút",
                                .failed = "Chưa gửi được mã, xin thử lại sau"}, NULL);
        feedback_kick_outbox(req);
        return web_json(req, 202, json_pack("{s:s,s:s,s:s}", "step", "code", "contact", norm,
                                            "message", "Đã gửi mã xác minh gồm 6 chữ số. Xin "
                                            "nhập mã để chuyển câu hỏi cho cán bộ."));
    }
    st = asst_handoff_create(c->db, &c->actor, &h, &errs, &res);
    json_decref(o);
    if (st == MC_ERR_INVALID)
        return handoff_invalid(req, &errs, anonymous);
    if (st != MC_OK)
        return web_fail(req, st, &(const struct web_says){
                            .rate_limited = "Bạn đã gửi quá nhiều câu hỏi; xin thử lại sau",
                            .failed = "Chưa chuyển được, xin thử lại sau"}, NULL);
    feedback_kick_outbox(req);
    return web_json(req, 201, json_pack(
        "{s:I,s:s,s:s+++,s:s+++}", "id", (json_int_t)res.id, "code", res.code, "url",
        "/phan-anh/theo-doi/", res.code, "?t=", res.token, "message",
        "Đã chuyển câu hỏi của bạn cho cán bộ (mã ", res.code, "). Câu trả lời sẽ được gửi "
        "cho bạn và đăng ở mục Hỏi – đáp.", ""));
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_POST, "/api/v1/assistant", api_assistant, R_API, 8 * 1024},
    {HTTP_POST, "/api/v1/assistant/feedback", api_assistant_feedback, R_API, 1024},
    {HTTP_POST, "/api/v1/assistant/handoff", api_assistant_handoff, R_API, 8 * 1024},
};

const struct web_routes web_api_assistant_routes = WEB_ROUTES(routes);
