/*
 * api_feedback.c - the feedback API for mobile apps and chat channels:
 *   GET  /api/v1/feedback/public?q=&agency=&procedure=&category=&kind=&page=
 *   GET  /api/v1/feedback/challenge           a question for anonymous senders
 *   POST /api/v1/feedback/codes               send a code to an email or phone
 *   POST /api/v1/feedback                     submit (JSON)
 *   GET  /api/v1/feedback/{code}?t=           the sender's view
 *   POST /api/v1/feedback/{code}/rating       the sender's rating
 *   GET  /api/v1/feedback/stats?month=YYYY-MM counts per agency
 *   GET  /api/v1/feedback/indicators?agency=&from=&to=   766 (staff)
 * Errors are {"error":{"code","message"[,"fields":[{"field","message"}]]}}.
 */
#include <stdlib.h>
#include "web/feedback/feedback_view.h"
#include "web/reply.h"
#include "web/feedback/feedback_web.h"
#include "core/clock.h"
#include "core/jfield.h"

#define API_PAGE_SIZE 20

/* The request's JSON object body, or NULL (an error reply is then sent). */
static json_t *json_body(struct http_request *req)
{
    struct jfield_error e;
    json_t *v = NULL;
    jfield_error_init(&e);
    if (jfield_parse_object(req->body.data, req->body.len, 0, &v, &e) != MC_OK)
        web_json_error(req, 400, "bad_json", "Dữ liệu gửi lên không phải JSON hợp lệ");
    return v;
}

static unsigned api_feedback_public(struct http_request *req)
{
    struct feedback_public_list res;
    const char *p = kv_get(req->query, "page");
    long page = p ? strtol(p, NULL, 10) : 1;
    if (page < 1 || page > 100000)
        page = 1;
    struct feedback_public_query q = {
        .q = kv_get(req->query, "q"), .agency = kv_get(req->query, "agency"),
        .procedure = kv_get(req->query, "procedure"),
        .category = kv_get(req->query, "category"), .kind = kv_get(req->query, "kind"),
        .offset = (size_t)(page - 1) * API_PAGE_SIZE, .limit = API_PAGE_SIZE,
    };
    feedback_public_list_init(&res);
    if (feedback_public_search(web_ctx(req)->db, &q, &res) != MC_OK) {
        feedback_public_list_release(&res);
        return http_error(req, 500, "internal", "Không tìm kiếm được, xin thử lại sau");
    }
    json_t *items = json_array();
    for (size_t i = 0; i < res.n; i++) {
        const struct feedback_public *it = &res.items[i];
        json_array_append_new(items, json_pack(
            "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:s+}", "code", it->code, "kind", it->kind,
            "category", it->category, "title", it->title, "question", it->question, "answer",
            it->answer, "agency", it->agency_name, "agency_code", it->agency_code,
            "answered_at", web_iso_json(it->answered_at), "published_at",
            web_iso_json(it->published_at), "url", "/phan-anh/", it->code));
    }
    json_t *out = json_pack("{s:o,s:I,s:I}", "items", items, "total", (json_int_t)res.total,
                            "page", (json_int_t)page);
    feedback_public_list_release(&res);
    return web_json(req, 200, out);
}

static unsigned api_feedback_challenge(struct http_request *req)
{
    char question[128], token[128];
    feedback_challenge_new(req, question, sizeof(question), token, sizeof(token));
    return web_json(req, 200, json_pack("{s:s,s:s}", "question", question, "token", token));
}

static unsigned api_feedback_code(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    char norm[256];
    json_t *body = json_body(req);
    if (!body)
        return 400;
    if (!feedback_challenge_ok(req, jfield_str_or_null(body, "challenge_token"),
                               jfield_str_or_null(body, "challenge"))) {
        json_decref(body);
        form_errors_add(&errs, "challenge", "câu trả lời phép tính chưa đúng");
        return web_fail(req, MC_ERR_INVALID, NULL, &errs);
    }
    enum mc_status st = feedback_code_request(c->db, jfield_str_or_null(body, "contact"),
                                              req->client_addr, &c->actor, norm, sizeof(norm),
                                              &errs);
    json_decref(body);
    if (st != MC_OK)
        return web_fail(req, st, &(const struct web_says){
                            .rate_limited = "Bạn đã yêu cầu quá nhiều mã; xin thử lại sau 15 phút",
                            .failed = "Không gửi được mã, xin thử lại sau"}, &errs);
    feedback_kick_outbox(req);
    return web_json(req, 202, json_pack("{s:s}", "contact", norm));
}

static unsigned api_feedback_submit(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    char code[FEEDBACK_CODE_SIZE], token[FEEDBACK_TOKEN_SIZE];
    json_t *body = json_body(req);
    if (!body)
        return 400;
    bool signed_in = web_signed_in(req);
    bool staff = signed_in && c->session.user.kind == USER_STAFF;
    struct feedback_submission s = {
        .kind = jfield_str_or_null(body, "kind"),
        .category = jfield_str_or_null(body, "category"),
        .title = jfield_str_or_null(body, "title"),
        .body = jfield_str_or_null(body, "body"),
        .procedure_code = jfield_str_or_null(body, "procedure_code"),
        .agency_code = jfield_str_or_null(body, "agency_code"),
        .dossier_code = jfield_str_or_null(body, "dossier_code"),
        .sender_name = jfield_str_or_null(body, "sender_name"),
        .contact = jfield_str_or_null(body, "contact"),
        .otp = jfield_str_or_null(body, "otp"),
        .consent_publish = json_is_true(json_object_get(body, "consent_publish")),
        .sender_user_id = signed_in && !staff ? c->session.user.id : 0,
        .on_behalf_by = staff ? c->session.user.id : 0, .address = req->client_addr,
    };
    enum mc_status st = feedback_submit(c->db, &s, &c->actor, feedback_base_url(req), &errs,
                                        code, token);
    json_decref(body);
    if (st != MC_OK)
        return web_fail(req, st, &(const struct web_says){
                            .rate_limited = "Bạn đã gửi quá nhiều phản ánh; xin thử lại sau",
                            .failed = "Không gửi được phản ánh, xin thử lại sau"}, &errs);
    feedback_kick_outbox(req);
    return web_json(req, 201, json_pack("{s:s,s:s,s:s+++}", "code", code, "token", token,
                                        "url", "/phan-anh/theo-doi/", code, "?t=", token));
}

static unsigned api_feedback_get(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct feedback_item it;
    feedback_item_init(&it);
    enum mc_status st = feedback_get_sender(c->db, req->params[0], kv_get(req->query, "t"),
                                            web_signed_in(req) ? c->session.user.id : 0, &it);
    if (st != MC_OK) {
        feedback_item_release(&it);
        return web_fail(req, st, &(const struct web_says){
                            .not_found = "Không tìm thấy phản ánh",
                            .failed = "Không đọc được, xin thử lại sau"}, NULL);
    }
    json_t *o = feedback_item_json(&it);
    feedback_item_release(&it);
    return web_json(req, 200, o);
}

static unsigned api_feedback_rate(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    bool reopened = false;
    json_t *body = json_body(req);
    if (!body)
        return 400;
    json_t *sat = json_object_get(body, "satisfied");
    if (!json_is_boolean(sat)) {
        json_decref(body);
        form_errors_add(&errs, "satisfied", "vui lòng cho biết bạn có hài lòng không");
        return web_fail(req, MC_ERR_INVALID, NULL, &errs);
    }
    enum mc_status st = feedback_rate(c->db, req->params[0], jfield_str_or_null(body, "t"),
                                      web_signed_in(req) ? c->session.user.id : 0,
                                      json_is_true(sat), jfield_str_or_null(body, "comment"),
                                      &c->actor, &reopened, &errs);
    json_decref(body);
    if (st != MC_OK)
        return web_fail(req, st, &(const struct web_says){
                            .not_found = "Không tìm thấy phản ánh",
                            .conflict = "Không có câu trả lời chờ đánh giá",
                            .failed = "Không lưu được, xin thử lại sau"}, &errs);
    return web_json(req, 200, json_pack("{s:b}", "reopened", reopened));
}

static unsigned api_feedback_stats(struct http_request *req)
{
    const char *month = kv_get(req->query, "month");
    int64_t from = 0, to = 0;
    struct feedback_stats_row *rows = NULL;
    size_t n = 0;
    char cur[32];
    if (!month) {
        clock_format_iso(clock_now(), cur, sizeof(cur));
        cur[7] = '\0';
        month = cur;
    }
    if (feedback_month_range(month, &from, &to) != MC_OK)
        return web_json_error(req, 400, "bad_month", "Tháng phải có dạng YYYY-MM");
    if (feedback_stats(web_ctx(req)->db, from, to, &rows, &n) != MC_OK) {
        free(rows);
        return http_error(req, 500, "internal", "Không đọc được số liệu");
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack(
            "{s:I,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:f}", "rank", (json_int_t)i + 1,
            "agency_code", rows[i].agency_code, "agency", rows[i].agency_name, "received",
            (json_int_t)rows[i].received, "answered", (json_int_t)rows[i].answered,
            "on_time", (json_int_t)rows[i].on_time, "judged", (json_int_t)rows[i].judged,
            "rated", (json_int_t)rows[i].rated, "satisfied", (json_int_t)rows[i].satisfied,
            "open", (json_int_t)rows[i].open, "score", rows[i].score));
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(a, i);
        json_object_set_new(o, "published", json_integer(rows[i].published));
        json_object_set_new(o, "taken_up", json_integer(rows[i].taken_up));
    }
    free(rows);
    return web_json(req, 200, json_pack("{s:s,s:o}", "month", month, "agencies", a));
}

static unsigned api_feedback_indicators(struct http_request *req)
{
    const char *from_s = kv_get(req->query, "from"), *to_s = kv_get(req->query, "to");
    int64_t from = 0, to = 0;
    struct feedback_indicators ind;
    if (!from_s || !to_s || clock_parse_iso(from_s, &from) != MC_OK ||
        clock_parse_iso(to_s, &to) != MC_OK || to <= from)
        return web_json_error(req, 400, "bad_period",
                              "Cần from và to dạng YYYY-MM-DD, from trước to");
    if (feedback_indicators(web_ctx(req)->db, kv_get(req->query, "agency"), from, to, &ind) !=
        MC_OK)
        return http_error(req, 500, "internal", "Không tính được chỉ số");
    return web_json(req, 200, json_pack(
        "{s:{s:I,s:I},s:{s:I,s:I}}", "pakn_dung_han", "num", (json_int_t)ind.dung_han_num,
        "den", (json_int_t)ind.dung_han_den, "pakn_hai_long", "num",
        (json_int_t)ind.hai_long_num, "den", (json_int_t)ind.hai_long_den));
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/api/v1/feedback/public", api_feedback_public, R_API | R_REPLICA, 0},
    {HTTP_GET, "/api/v1/feedback/challenge", api_feedback_challenge, R_API, 0},
    {HTTP_POST, "/api/v1/feedback/codes", api_feedback_code, R_API, WEB_FORM_MAX},
    {HTTP_GET, "/api/v1/feedback/stats", api_feedback_stats, R_API, 0},
    {HTTP_GET, "/api/v1/feedback/indicators", api_feedback_indicators, R_API | R_STAFF, 0},
    {HTTP_POST, "/api/v1/feedback", api_feedback_submit, R_API, WEB_FORM_MAX},
    {HTTP_GET, "/api/v1/feedback/{code}", api_feedback_get, R_API, 0},
    {HTTP_POST, "/api/v1/feedback/{code}/rating", api_feedback_rate, R_API, WEB_FORM_MAX},
};

const struct web_routes web_api_feedback_routes = WEB_ROUTES(routes);
