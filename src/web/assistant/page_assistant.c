/*
 * page_assistant.c - the assistant's pages:
 *   GET  /tro-ly                  full-page chat; ?q= answers without JavaScript
 *   POST /tro-ly/chuyen-can-bo    hand the question to a person: signed in at once;
 *                                 otherwise name, contact and the sum, then the code
 *                                 the feedback module sent (docs/assistant.md)
 *   POST /tro-ly/danh-gia         "was this helpful?" without JavaScript
 *   GET  /quan-tri/tro-ly         admin review: unanswered questions, satisfaction
 *   POST /quan-tri/tro-ly/hoi-dap        turn a question into a FAQ entry
 *   POST /quan-tri/tro-ly/tu-dong-nghia  add a synonym or abbreviation
 *   POST /quan-tri/tro-ly/bo-qua         dismiss a group of questions
 */
#include <sodium.h>
#include <stdlib.h>
#include "web/app.h"
#include "web/assistant/assistant_web.h"
#include "web/feedback/feedback_view.h"
#include "web/reply.h"
#include "domain/assistant/assistant.h"
#include "domain/assistant/faq.h"
#include "core/mem.h"
#include "core/text.h"
#include "core/vnfmt.h"
#include "domain/assistant/lexicon.h"
#include "domain/catalog/catalog.h"

#define REVIEW_GROUPS 50

/*
 * The conversation id of a browser without JavaScript: the "s" argument
 * the page's forms and links carry (random, made on the first question),
 * so follow-ups, ratings and hand-offs find the conversation.
 */
static const char *page_session(struct http_request *req, bool create)
{
    const char *s = http_arg(req, "s");
    if (s && strlen(s) == 32 && strspn(s, "0123456789abcdef") == 32)
        return s;
    if (!create)
        return NULL;
    unsigned char raw[16];
    char *hex = arena_alloc(req->arena, 33);
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(hex, 33, raw, sizeof(raw));
    return hex;
}

/* Paragraphs and bullet lists of an answer's text, for the template. */
static json_t *answer_blocks(const char *text)
{
    json_t *blocks = json_array(), *list = NULL;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n >= 2 && p[0] == '-' && p[1] == ' ') {
            if (!list) {
                list = json_array();
                json_array_append_new(blocks, json_pack("{s:o}", "list", list));
            }
            json_array_append_new(list, json_stringn(p + 2, n - 2));
        } else if (n > 0) {
            list = NULL;
            json_array_append_new(blocks, json_pack("{s:s%}", "p", p, n));
        }
        p += n + (nl ? 1 : 0);
    }
    return blocks;
}

static json_t *reply_view(const struct asst_reply *r, const char *question)
{
    json_t *v = asst_reply_json(r);
    json_t *actions = json_object_get(v, "actions");
    size_t i;
    json_t *a;
    json_array_foreach(actions, i, a) {
        const char *type = json_string_value(json_object_get(a, "type"));
        json_object_set_new(a, "is_link", json_boolean(strcmp(type, "link") == 0));
        json_object_set_new(a, "is_submit", json_boolean(strcmp(type, "submit") == 0));
        json_object_set_new(a, "is_ask", json_boolean(strcmp(type, "ask") == 0));
        json_object_set_new(a, "is_handoff", json_boolean(strcmp(type, "handoff") == 0));
    }
    json_object_set_new(v, "blocks", answer_blocks(buf_cstr(&r->answer)));
    json_object_set_new(v, "question", json_string(question));
    return v;
}

static unsigned page_assistant(struct http_request *req)
{
    const char *q = kv_get(req->query, "q");
    const char *intent = kv_get(req->query, "intent");
    json_t *data = json_pack("{s:b}", "hide_widget", 1);
    if (q && *q) {
        struct asst_reply r;
        const char *session = page_session(req, true);
        struct asst_request ar = {q, session, "web", intent, req->client_addr};
        const struct app *app = req->app;
        struct asst_llm_config llm = {app->cfg.llm_url, app->cfg.llm_model,
                                      app->cfg.llm_timeout_ms};
        json_object_set_new(data, "session", json_string(session));
        asst_reply_init(&r);
        enum mc_status st = assistant_ask(web_ctx(req)->db, &ar, &r);
        if (st == MC_OK)
            asst_reply_rephrase(&llm, &r);
        if (st == MC_OK)
            json_object_set_new(data, "reply", reply_view(&r, q));
        else
            json_object_set_new(data, "error", json_string(web_status_message(
                st, &(const struct web_says){
                        .invalid = "Câu hỏi rỗng hoặc quá dài (tối đa 2000 ký tự).",
                        .failed = "Trợ lý ảo đang bận, xin thử lại sau ít phút."}, NULL)));
        json_object_set_new(data, "q", json_string(q));
        asst_reply_release(&r);
    }
    return web_page(req, 200, "assistant.html", "Trợ lý ảo", data);
}

/* The hand-off form's step for the template: typed values, a new challenge. */
static json_t *handoff_view(struct http_request *req, const char *step, const char *q,
                            const char *s)
{
    char question[128], token[128];
    const char *name = kv_get(req->form, "sender_name");
    const char *contact = kv_get(req->form, "contact");
    const char *consent = kv_get(req->form, "consent_publish");
    json_t *v = json_pack("{s:s,s:s,s:s,s:s,s:b}", "q", q ? q : "", "s", s ? s : "",
                          "sender_name", name ? name : "", "contact", contact ? contact : "",
                          "consent", consent && strcmp(consent, "1") == 0);
    json_object_set_new(v, step, json_true());
    if (!web_signed_in(req)) {
        feedback_challenge_new(req, question, sizeof(question), token, sizeof(token));
        json_object_set_new(v, "challenge_question", json_string(question));
        json_object_set_new(v, "challenge_token", json_string(token));
        json_object_set_new(v, "anonymous", json_true());
    }
    return v;
}

static unsigned page_assistant_handoff_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    struct asst_handoff_result res;
    char norm[256];
    const char *q = kv_get(req->form, "q");
    const char *s = page_session(req, false);
    const char *contact = kv_get(req->form, "contact");
    const char *otp = kv_get(req->form, "otp");
    const char *consent = kv_get(req->form, "consent_publish");
    bool signed_in = web_signed_in(req);
    bool staff = signed_in && c->session.user.kind == USER_STAFF;
    json_t *data = json_pack("{s:b}", "hide_widget", 1);
    enum mc_status st;
    struct asst_handoff h = {
        .session = s,
        .question = q && *q ? q : NULL,
        .sender_name = kv_get(req->form, "sender_name"),
        .contact = contact,
        .otp = otp,
        .consent_publish = consent && strcmp(consent, "1") == 0,
        .user_id = signed_in && !staff ? c->session.user.id : 0,
        .on_behalf_by = staff ? c->session.user.id : 0,
        .address = req->client_addr,
        .base_url = feedback_base_url(req),
    };
    if (!signed_in && (!contact || !*contact)) {
        /* First press without an account: ask for a name and a contact. */
        json_object_set_new(data, "handoff", handoff_view(req, "ask_contact", q, s));
        return web_page(req, 200, "assistant.html", "Trợ lý ảo", data);
    }
    if (!signed_in && (!otp || !*otp)) {
        if (!feedback_challenge_ok(req, kv_get(req->form, "challenge_token"),
                                   kv_get(req->form, "challenge")))
            form_errors_add(&errs, "challenge", "câu trả lời phép tính chưa đúng");
        st = errs.count ? MC_ERR_INVALID
                        : asst_handoff_request_code(c->db, &c->actor, &h, norm, sizeof(norm),
                                                    &errs);
        if (st == MC_OK) {
            feedback_kick_outbox(req);
            json_t *v = handoff_view(req, "ask_code", q, s);
            json_object_set_new(v, "contact", json_string(norm));
            json_object_set_new(data, "handoff", v);
            return web_page(req, 200, "assistant.html", "Trợ lý ảo", data);
        }
        json_object_set_new(data, "handoff", handoff_view(req, "ask_contact", q, s));
    } else {
        st = asst_handoff_create(c->db, &c->actor, &h, &errs, &res);
        if (st == MC_OK) {
            feedback_kick_outbox(req);
            json_object_set_new(data, "handoff_done", json_pack(
                "{s:s,s:s+++}", "code", res.code, "url", "/phan-anh/theo-doi/", res.code,
                "?t=", res.token));
            return web_page(req, 200, "assistant.html", "Trợ lý ảo", data);
        }
        json_object_set_new(data, "handoff", handoff_view(req, signed_in ? "ask_contact"
                                                                         : "ask_code", q, s));
    }
    /* The page again with the reason (and each field's error); the status from the table. */
    if (errs.count > 0)
        web_form_errors(data, &errs);
    json_object_set_new(data, "error", json_string(web_status_message(
        st, &(const struct web_says){
                .invalid = "Dữ liệu chưa hợp lệ.",
                .rate_limited = "Bạn đã yêu cầu quá nhiều lần; xin thử lại sau.",
                .failed = "Chưa chuyển được câu hỏi, xin thử lại sau."}, &errs)));
    return web_page(req, web_status_http(st, NULL), "assistant.html", "Trợ lý ảo", data);
}

static unsigned page_assistant_rate_post(struct http_request *req)
{
    const char *id = kv_get(req->form, "log_id");
    const char *helpful = kv_get(req->form, "helpful");
    json_t *data = json_pack("{s:b}", "hide_widget", 1);
    enum mc_status st = MC_ERR_INVALID;
    if (id && text_is_digits(id, strlen(id)) && strlen(id) < 18 && helpful)
        st = assistant_rate(web_ctx(req)->db, strtoll(id, NULL, 10), page_session(req, false),
                            strcmp(helpful, "1") == 0);
    if (st == MC_OK)
        json_object_set_new(data, "rated", json_true());
    else
        json_object_set_new(data, "error", json_string("Không ghi được đánh giá này."));
    return web_page(req, st == MC_OK ? 200 : 400, "assistant.html", "Trợ lý ảo", data);
}

/* ---------------------------------------------------------------- admin */

/* The catalogue name of code, for staff who read names; the code when unknown. */
static const char *procedure_name(struct http_request *req, const char *code)
{
    struct procedure p;
    int64_t version = 0;
    const char *name = code ? code : "";
    if (!code || !*code)
        return "";
    procedure_init(&p);
    if (catalog_get(web_ctx(req)->db, code, &p, &version) == MC_OK && p.name && *p.name)
        name = arena_strdup(req->arena, p.name);
    procedure_release(&p);
    return name;
}

static unsigned page_admin_assistant(struct http_request *req)
{
    struct asst_review rv;
    asst_review_init(&rv);
    if (asst_review_load(web_ctx(req)->db, REVIEW_GROUPS, &rv) != MC_OK) {
        asst_review_release(&rv);
        return http_error(req, 500, "internal", "Không đọc được nhật ký trợ lý ảo");
    }
    json_t *groups = json_array();
    for (size_t i = 0; i < rv.n; i++) {
        const struct asst_review_group *g = &rv.groups[i];
        char sure[VNFMT_SIZE];
        json_array_append_new(groups, json_pack(
            "{s:s,s:I,s:I,s:s,s:s,s:s,s:s}", "example", g->example, "count",
            (json_int_t)g->count, "log_id", (json_int_t)g->last_id, "confidence",
            vnfmt_percent(sure, sizeof(sure), g->confidence * 100), "intent",
            asst_intent_label(asst_intent_parse(g->intent)), "top_code",
            g->top_code ? g->top_code : "", "top_name", procedure_name(req, g->top_code)));
    }
    json_t *data = json_pack("{s:o,s:I,s:I,s:I,s:I,s:b}", "groups", groups, "asked",
                             (json_int_t)rv.asked, "rated", (json_int_t)rv.rated, "helpful",
                             (json_int_t)rv.helpful, "handoffs", (json_int_t)rv.handoffs,
                             "has_groups", rv.n > 0);
    if (rv.rated > 0) {
        char pct[VNFMT_SIZE];
        json_object_set_new(data, "satisfaction_pct",
                            json_string(vnfmt_share(pct, sizeof(pct), rv.helpful, rv.rated)));
    }
    const char *ok = kv_get(req->query, "ok");
    if (ok && strcmp(ok, "faq") == 0)
        json_object_set_new(data, "notice", json_string("Đã thêm câu hỏi thường gặp."));
    else if (ok && strcmp(ok, "rule") == 0)
        json_object_set_new(data, "notice", json_string("Đã thêm từ đồng nghĩa."));
    else if (ok && strcmp(ok, "skip") == 0)
        json_object_set_new(data, "notice", json_string("Đã bỏ qua nhóm câu hỏi."));
    asst_review_release(&rv);
    return web_page(req, 200, "assistant_admin.html", "Trợ lý ảo – câu hỏi cần xử lý", data);
}

static int64_t form_id(struct http_request *req)
{
    const char *id = kv_get(req->form, "log_id");
    if (!id || !text_is_digits(id, strlen(id)) || strlen(id) > 17)
        return 0;
    return strtoll(id, NULL, 10);
}

static unsigned admin_error(struct http_request *req, const char *message)
{
    return web_page(req, 400, "assistant_admin.html", "Trợ lý ảo – câu hỏi cần xử lý",
                    json_pack("{s:s}", "error", message));
}

/*
 * After an answer (a FAQ entry, a rule) was saved with status st: mark
 * the question log_id (0: none) as handled and go to done.
 */
static unsigned saved(struct http_request *req, enum mc_status st, int64_t log_id,
                      const char *done)
{
    struct web_ctx *c = web_ctx(req);
    if (st != MC_OK)
        return http_error(req, 500, "internal", "Chưa lưu được, xin thử lại");
    if (log_id > 0 && asst_review_resolve(c->db, &c->actor, log_id) != MC_OK)
        return http_error(req, 500, "internal", "Chưa đánh dấu được câu hỏi đã xử lý");
    return http_redirect(req, done);
}

static unsigned page_admin_assistant_faq_post(struct http_request *req)
{
    struct asst_faq_entry e;
    struct web_ctx *c = web_ctx(req);
    const char *question = kv_get(req->form, "question");
    const char *answer = kv_get(req->form, "answer");
    const char *codes = kv_get(req->form, "codes");
    int64_t log_id = form_id(req);
    asst_faq_entry_init(&e);
    asst_faq_entry_add_question(&e, question);
    e.answer = answer ? xstrdup(answer) : NULL;
    for (const char *p = codes ? codes : ""; *p;) {
        while (*p == ' ' || *p == ',' || *p == ';')
            p++;
        size_t n = strcspn(p, " ,;");
        if (n > 0 && n < 64) {
            char *code = xstrndup(p, n);
            asst_faq_entry_add_code(&e, code);
            free(code);
        }
        p += n;
    }
    enum mc_status st = (!answer || !*answer) && e.ncodes == 0
                            ? MC_ERR_INVALID
                            : asst_faq_save(c->db, &c->actor, &e, "admin", NULL);
    asst_faq_entry_release(&e);
    if (st == MC_ERR_INVALID)
        return admin_error(req, "Cần câu hỏi và câu trả lời (hoặc mã thủ tục liên quan).");
    return saved(req, st, log_id, "/quan-tri/tro-ly?ok=faq");
}

static unsigned page_admin_assistant_rule_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    const char *kind = kv_get(req->form, "kind");
    int64_t log_id = form_id(req);
    enum mc_status st = asst_rule_add(c->db, &c->actor, kind ? kind : "synonym",
                                      kv_get(req->form, "phrase"), kv_get(req->form, "target"));
    if (st == MC_ERR_INVALID)
        return admin_error(req, "Cụm từ không hợp lệ: cần cả hai vế, tối đa 6 âm tiết "
                                "(từ viết tắt: một âm tiết).");
    return saved(req, st, log_id, "/quan-tri/tro-ly?ok=rule");
}

static unsigned page_admin_assistant_resolve_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    int64_t log_id = form_id(req);
    enum mc_status st = log_id > 0 ? asst_review_resolve(c->db, &c->actor, log_id)
                                   : MC_ERR_NOT_FOUND;
    if (st == MC_ERR_NOT_FOUND)
        return admin_error(req, "Không có câu hỏi này.");
    if (st != MC_OK)
        return http_error(req, 500, "internal", "Chưa lưu được, xin thử lại");
    return http_redirect(req, "/quan-tri/tro-ly?ok=skip");
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/tro-ly", page_assistant, 0, 0},
    {HTTP_POST, "/tro-ly/chuyen-can-bo", page_assistant_handoff_post, 0, WEB_FORM_MAX},
    {HTTP_POST, "/tro-ly/danh-gia", page_assistant_rate_post, 0, WEB_FORM_MAX},
    {HTTP_GET, "/quan-tri/tro-ly", page_admin_assistant, R_STAFF | R_PROVINCE, 0},
    {HTTP_POST, "/quan-tri/tro-ly/hoi-dap", page_admin_assistant_faq_post,
     R_STAFF | R_PROVINCE, WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/tro-ly/tu-dong-nghia", page_admin_assistant_rule_post,
     R_STAFF | R_PROVINCE, WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/tro-ly/bo-qua", page_admin_assistant_resolve_post,
     R_STAFF | R_PROVINCE, WEB_FORM_MAX},
};

const struct web_routes web_page_assistant_routes = WEB_ROUTES(routes);
