/*
 * page_feedback.c - phản ánh, kiến nghị and hỏi–đáp pages: the public list
 * and item pages, the submit form (with the contact code and challenge for
 * senders without an account), the sender's follow page (reply, rating),
 * the statistics and league table, and the staff pages (queue, item,
 * actions, contacts).
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "web/dossier/dossier_view.h"
#include "web/feedback/feedback_web.h"
#include "web/paging.h"
#include "web/feedback/feedback_view.h"
#include "web/reply.h"
#include "core/clock.h"
#include "core/vnfmt.h"
#include "core/log.h"
#include "core/mem.h"
#include "domain/rules766/dossier_rules.h"
#include "domain/units/unit.h"
#include "web/options.h"
#include "core/text.h"
#include "domain/calendar/date.h"

#define PUBLIC_PAGE_SIZE 10
#define STAFF_PAGE_SIZE 50
#define EVENTS_MAX 100

static struct app *app_of(struct http_request *req)
{
    return req->app;
}

const char *feedback_base_url(struct http_request *req)
{
    return app_of(req)->cfg.public_url;
}

void feedback_kick_outbox(struct http_request *req)
{
    const struct app *app = app_of(req);
    if (app->wake_outbox)
        app->wake_outbox(app->wake_ctx);
}

static json_t *time_json(int64_t t)
{
    char s[VNFMT_SIZE];
    return json_string(vnfmt_datetime(s, sizeof(s), t));
}

/* ---------------------------------------------------------------- challenge */

static void challenge_mac(struct http_request *req, long answer, long long exp, char out[65])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    char msg[64];
    snprintf(msg, sizeof(msg), "feedback-challenge:%ld:%lld", answer, exp);
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, app_of(req)->secret, sizeof(app_of(req)->secret));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2hex(out, 65, mac, sizeof(mac));
}

void feedback_challenge_new(struct http_request *req, char *question, size_t qsize,
                            char *token, size_t tsize)
{
    static const char *const words[] = {"không", "một", "hai", "ba", "bốn", "năm", "sáu",
                                        "bảy", "tám", "chín"};
    unsigned a = 1 + randombytes_uniform(9), b = 1 + randombytes_uniform(9);
    long long exp = (long long)clock_now() + FEEDBACK_CHALLENGE_TTL;
    char mac[65];
    challenge_mac(req, (long)(a + b), exp, mac);
    snprintf(question, qsize, "%s cộng %s bằng mấy? (trả lời bằng chữ số)", words[a], words[b]);
    if (question[0] >= 'a' && question[0] <= 'z')
        question[0] = (char)(question[0] - 32);
    snprintf(token, tsize, "%lld.%s", exp, mac);
}

bool feedback_challenge_ok(struct http_request *req, const char *token, const char *answer)
{
    char *end = NULL, mac[65];
    if (!token || !answer || !*answer || strlen(token) > 120)
        return false;
    long long exp = strtoll(token, &end, 10);
    if (!end || *end != '.' || strlen(end + 1) != 64 || exp < clock_now())
        return false;
    long v = strtol(answer, &end, 10);
    while (end && *end == ' ')
        end++;
    if (!end || *end || v < 0 || v > 100)
        return false;
    challenge_mac(req, v, exp, mac);
    return sodium_memcmp(mac, strchr(token, '.') + 1, 64) == 0;
}

/* ---------------------------------------------------------------- views */

static json_t *labelled(const char *key, const char *label)
{
    return json_pack("{s:s,s:s}", "key", key ? key : "", "label", label ? label : "");
}

json_t *feedback_item_json(const struct feedback_item *it)
{
    int64_t now = clock_now();
    bool open = strcmp(it->status, "received") == 0 || strcmp(it->status, "assigned") == 0 ||
                strcmp(it->status, "drafted") == 0 || strcmp(it->status, "triage") == 0;
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
                          "code", it->code, "kind", it->kind, "category", it->category,
                          "status", it->status, "title", it->title, "body", it->body,
                          "procedure_code", it->procedure_code, "dossier_code",
                          it->dossier_code, "agency_code", it->agency_code, "agency_name",
                          it->agency_name, "sender_name", it->sender_name, "sender_email",
                          it->sender_email, "sender_phone", it->sender_phone);
    json_object_set_new(o, "kind_label", json_string(feedback_kind_label(it->kind)));
    json_object_set_new(o, "category_label",
                        json_string(feedback_category_label(it->category)));
    json_object_set_new(o, "status_label", json_string(feedback_status_label(it->status)));
    json_object_set_new(o, "info_request", json_string(it->info_request));
    json_object_set_new(o, "draft", json_string(it->draft));
    json_object_set_new(o, "answer", json_string(it->answer));
    json_object_set_new(o, "public_title", json_string(it->public_title));
    json_object_set_new(o, "public_question", json_string(it->public_question));
    json_object_set_new(o, "public_answer", json_string(it->public_answer));
    json_object_set_new(o, "reject_reason", json_string(it->reject_reason));
    json_object_set_new(o, "rating_comment", json_string(it->rating_comment));
    json_object_set_new(o, "assignee_name", json_string(it->assignee_name));
    json_object_set_new(o, "submitted", time_json(it->submitted_at));
    json_object_set_new(o, "received", time_json(it->received_at));
    json_object_set_new(o, "due_reject", time_json(it->due_reject));
    json_object_set_new(o, "due_info", time_json(it->due_info));
    json_object_set_new(o, "due_resolve", time_json(it->due_resolve));
    json_object_set_new(o, "due_publish", time_json(it->due_publish));
    json_object_set_new(o, "answered", time_json(it->answered_at));
    json_object_set_new(o, "published", time_json(it->published_at));
    json_object_set_new(o, "received_iso", web_iso_json(it->received_at));
    json_object_set_new(o, "due_reject_iso", web_iso_json(it->due_reject));
    json_object_set_new(o, "due_info_iso", web_iso_json(it->due_info));
    json_object_set_new(o, "due_resolve_iso", web_iso_json(it->due_resolve));
    json_object_set_new(o, "due_publish_iso", web_iso_json(it->due_publish));
    json_object_set_new(o, "answered_iso", web_iso_json(it->answered_at));
    json_object_set_new(o, "published_iso", web_iso_json(it->published_at));
    json_object_set_new(o, "overdue", json_boolean(open && now > it->due_resolve));
    json_object_set_new(o, "open", json_boolean(open));
    json_object_set_new(o, "need_info", json_boolean(strcmp(it->status, "need_info") == 0));
    json_object_set_new(o, "has_answer", json_boolean(it->answered_at > 0 && *it->answer));
    json_object_set_new(o, "consent_publish", json_boolean(it->consent_publish));
    json_object_set_new(o, "source_label", json_string(
        strcmp(it->source, "rating") == 0   ? "Đánh giá không hài lòng, góp ý khi kết thúc hồ sơ"
        : strcmp(it->source, "survey") == 0 ? "Ý kiến trong phiếu khảo sát"
                                            : ""));
    json_object_set_new(o, "taken_up_change", json_string(it->taken_up_change));
    if (it->taken_up_at) {
        char day[CALENDAR_DATE_SIZE], shown[VNFMT_SIZE];
        calendar_date_format(calendar_date_of(it->taken_up_at), day, sizeof(day));
        vnfmt_date(shown, sizeof(shown), it->taken_up_at);
        json_object_set_new(o, "taken_up_day", json_string(day));
        json_object_set_new(o, "taken_up_shown", json_string(shown));
    }
    json_object_set_new(o, "on_behalf", json_boolean(it->on_behalf_by != 0));
    json_object_set_new(o, "reopened", json_boolean(it->reopened));
    json_object_set_new(o, "rating", json_integer(it->rating));
    json_object_set_new(o, "rated_like", json_boolean(it->rated_at && it->rating == 1));
    json_object_set_new(o, "rated_dislike", json_boolean(it->rated_at && it->rating == -1));
    json_object_set_new(o, "can_rate", json_boolean(
        (strcmp(it->status, "answered") == 0 || strcmp(it->status, "published") == 0) &&
        it->rated_at == 0));
    return o;
}

static json_t *categories_json(const char *selected)
{
    json_t *a = json_array();
    for (size_t i = 0; feedback_categories[i]; i++) {
        json_t *c = labelled(feedback_categories[i],
                             feedback_category_label(feedback_categories[i]));
        json_object_set_new(c, "selected", json_boolean(selected &&
                            strcmp(selected, feedback_categories[i]) == 0));
        json_array_append_new(a, c);
    }
    return a;
}

static long page_number(struct http_request *req)
{
    const char *p = http_arg(req, "page");
    long n = p ? strtol(p, NULL, 10) : 1;
    return n < 1 || n > 100000 ? 1 : n;
}

/* ---------------------------------------------------------------- public pages */

static json_t *public_json(const struct feedback_public *p)
{
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "code", p->code, "kind",
                          p->kind, "category", p->category, "title", p->title, "question",
                          p->question, "answer", p->answer, "agency_code", p->agency_code,
                          "agency", p->agency_name, "procedure_code", p->procedure_code);
    json_object_set_new(o, "kind_label", json_string(feedback_kind_label(p->kind)));
    json_object_set_new(o, "category_label", json_string(feedback_category_label(p->category)));
    json_object_set_new(o, "answered", time_json(p->answered_at));
    json_object_set_new(o, "published", time_json(p->published_at));
    return o;
}

static unsigned page_feedback_list(struct http_request *req)
{
    struct db *db = web_ctx(req)->db;
    struct feedback_public_list res;
    long page = page_number(req);
    struct feedback_public_query q = {
        .q = http_arg(req, "q"), .agency = http_arg(req, "agency"),
        .procedure = http_arg(req, "procedure"), .category = http_arg(req, "category"),
        .kind = http_arg(req, "kind"), .offset = (size_t)(page - 1) * PUBLIC_PAGE_SIZE,
        .limit = PUBLIC_PAGE_SIZE,
    };
    feedback_public_list_init(&res);
    if (feedback_public_search(db, &q, &res) != MC_OK) {
        feedback_public_list_release(&res);
        return http_error(req, 500, "internal", "Không tìm kiếm được, xin thử lại sau");
    }
    json_t *items = json_array();
    for (size_t i = 0; i < res.n; i++)
        json_array_append_new(items, public_json(&res.items[i]));
    long last = (long)((res.total + PUBLIC_PAGE_SIZE - 1) / PUBLIC_PAGE_SIZE);
    json_t *data = json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total",
                             (json_int_t)res.total, "page", (json_int_t)page, "pages",
                             (json_int_t)(last ? last : 1));
    web_page_links(data, req, "/phan-anh", "page", page, last);
    json_object_set_new(data, "q", json_string(web_arg_or(req, "q", "")));
    json_object_set_new(data, "procedure", json_string(web_arg_or(req, "procedure", "")));
    json_object_set_new(data, "agencies", web_agency_options(db, q.agency, 0));
    json_object_set_new(data, "categories", categories_json(q.category));
    json_object_set_new(data, "kind_hoi_dap", json_boolean(q.kind &&
                                                           strcmp(q.kind, "hoi_dap") == 0));
    json_object_set_new(data, "kind_phan_anh", json_boolean(q.kind &&
                                                            strcmp(q.kind, "phan_anh") == 0));
    feedback_public_list_release(&res);
    return web_page(req, 200, "feedback_list.html", "Phản ánh, kiến nghị và hỏi – đáp", data);
}

static unsigned page_hoi_dap(struct http_request *req)
{
    return http_redirect(req, "/phan-anh?kind=hoi_dap");
}

static unsigned page_feedback_public(struct http_request *req)
{
    struct feedback_public_list res;
    feedback_public_list_init(&res);
    enum mc_status st = feedback_public_get(web_ctx(req)->db, req->params[0], &res);
    if (st != MC_OK) {
        feedback_public_list_release(&res);
        return web_fail(req, st, &(const struct web_says){
                            .not_found = "Không có câu trả lời công khai với mã này",
                            .failed = "Không đọc được, xin thử lại sau"}, NULL);
    }
    json_t *data = public_json(&res.items[0]);
    char *title = arena_strdup(req->arena, res.items[0].title);
    feedback_public_list_release(&res);
    return web_page(req, 200, "feedback_item.html", title, data);
}

/*
 * The month of ?month= ("2026-11" from a month input, or "11/2026" typed
 * where the browser shows a text box), else the current one.  A month that
 * cannot be read sets *problem (shown on the page) and gives the current
 * month.  month: OUT canonical "YYYY-MM".
 */
static bool month_arg(struct http_request *req, char *month, size_t size, int64_t *from,
                      int64_t *to, const char **problem)
{
    const char *m = http_arg(req, "month");
    struct idx_period p;
    *problem = NULL;
    if (m && *m) {
        if (idx_period_parse(m, &p) == MC_OK && p.kind == IDX_PERIOD_MONTH) {
            idx_period_format(&p, month, size);
            return feedback_month_range(month, from, to) == MC_OK;
        }
        *problem = arena_printf(req->arena, "Không hiểu tháng “%s”; gõ như 11/2026.", m);
    }
    char iso[32];
    clock_format_iso(clock_now(), iso, sizeof(iso));
    snprintf(month, size, "%.7s", iso);
    return feedback_month_range(month, from, to) == MC_OK;
}

static json_t *stats_json(const struct feedback_stats_row *rows, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct feedback_stats_row *r = &rows[i];
        char on_time[VNFMT_SIZE], satisfied[VNFMT_SIZE];
        /* A share of nothing is "chưa có dữ liệu", never 100% (issue 12). */
        vnfmt_share(on_time, sizeof(on_time), r->on_time, r->judged);
        vnfmt_share(satisfied, sizeof(satisfied), r->satisfied, r->rated);
        json_array_append_new(a, json_pack(
            "{s:I,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:s,s:s,s:i}", "rank", (json_int_t)i + 1,
            "agency_code", r->agency_code, "agency", r->agency_name, "received",
            (json_int_t)r->received, "answered", (json_int_t)r->answered, "on_time",
            (json_int_t)r->on_time, "judged", (json_int_t)r->judged, "rated",
            (json_int_t)r->rated, "satisfied", (json_int_t)r->satisfied, "open",
            (json_int_t)r->open, "on_time_pct", on_time, "satisfied_pct", satisfied,
            "score", (int)(r->score * 100 + 0.5)));
        json_object_set_new(json_array_get(a, i), "published", json_integer(r->published));
        json_object_set_new(json_array_get(a, i), "taken_up", json_integer(r->taken_up));
    }
    return a;
}

static unsigned page_feedback_stats(struct http_request *req)
{
    char month[16];
    int64_t from = 0, to = 0;
    struct feedback_stats_row *rows = NULL;
    size_t n = 0;
    const char *problem = NULL;
    char month_text[VNFMT_SIZE];
    if (!month_arg(req, month, sizeof(month), &from, &to, &problem))
        return http_error(req, 400, "bad_month", "Tháng không hợp lệ");
    if (feedback_stats(web_ctx(req)->db, from, to, &rows, &n) != MC_OK) {
        free(rows);
        return http_error(req, 500, "internal", "Không đọc được số liệu, xin thử lại sau");
    }
    json_t *data = json_pack("{s:o,s:s,s:b}", "rows", stats_json(rows, n), "month", month,
                             "empty", n == 0);
    snprintf(month_text, sizeof(month_text), "%.2s/%.4s", month + 5, month);
    json_object_set_new(data, "month_text", json_string(month_text));
    if (problem)
        json_object_set_new(data, "month_problem", json_string(problem));
    free(rows);
    return web_page(req, problem ? 400 : 200, "feedback_stats.html",
                    "Kết quả trả lời phản ánh, kiến nghị theo cơ quan", data);
}

/* ---------------------------------------------------------------- submit form */

static const char *const form_fields[] = {"kind", "category", "title", "body", "procedure",
                                          "agency", "dossier", "sender_name", "contact",
                                          "otp", "consent", "on_behalf", NULL};

static json_t *echo_form(struct http_request *req)
{
    json_t *o = json_object();
    for (size_t i = 0; form_fields[i]; i++) {
        const char *v = http_arg(req, form_fields[i]);
        json_object_set_new(o, form_fields[i], json_string(v ? v : ""));
    }
    return o;
}

static unsigned submit_form(struct http_request *req, unsigned status,
                            const struct form_errors *errs, const char *notice)
{
    struct web_ctx *c = web_ctx(req);
    char question[128], token[128];
    json_t *data = json_object();
    json_t *form = echo_form(req);
    const char *kind = json_string_value(json_object_get(form, "kind"));
    bool signed_in = web_signed_in(req);
    bool staff = signed_in && c->session.user.kind == USER_STAFF;
    if (!*kind)
        json_object_set_new(form, "kind", json_string(http_arg(req, "loai") &&
                            strcmp(http_arg(req, "loai"), "hoi_dap") == 0 ? "hoi_dap"
                                                                          : "phan_anh"));
    kind = json_string_value(json_object_get(form, "kind"));
    json_object_set_new(data, "kind_hoi_dap", json_boolean(strcmp(kind, "hoi_dap") == 0));
    json_object_set_new(data, "agencies", web_agency_options(c->db, http_arg(req, "agency"), 0));
    json_object_set_new(data, "categories", categories_json(http_arg(req, "category")));
    json_object_set_new(data, "anonymous", json_boolean(!signed_in));
    json_object_set_new(data, "staff", json_boolean(staff));
    json_object_set_new(data, "consent_checked", json_boolean(
        http_arg(req, "consent") != NULL || req->method == HTTP_GET));
    json_object_set_new(data, "on_behalf_checked", json_boolean(http_arg(req, "on_behalf")));
    if (!signed_in) {
        feedback_challenge_new(req, question, sizeof(question), token, sizeof(token));
        json_object_set_new(data, "challenge_question", json_string(question));
        json_object_set_new(data, "challenge_token", json_string(token));
    }
    if (notice)
        json_object_set_new(data, "notice", json_string(notice));
    json_object_set_new(data, "form", form);
    web_form_errors(data, errs);
    return web_page(req, status, "feedback_form.html", "Gửi phản ánh, kiến nghị", data);
}

static unsigned page_feedback_form(struct http_request *req)
{
    return submit_form(req, 200, NULL, NULL);
}

static unsigned page_feedback_code_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    char norm[256], notice[400];
    if (!feedback_challenge_ok(req, http_arg(req, "challenge_token"),
                               http_arg(req, "challenge"))) {
        form_errors_add(&errs, "challenge", "câu trả lời phép tính chưa đúng; xin thử lại");
        return submit_form(req, 422, &errs, NULL);
    }
    enum mc_status st = feedback_code_request(c->db, http_arg(req, "contact"),
                                              req->client_addr, &c->actor, norm, sizeof(norm),
                                              &errs);
    if (st == MC_ERR_INVALID)
        return submit_form(req, 422, &errs, NULL);
    if (st == MC_ERR_RATE_LIMITED) {
        form_errors_add(&errs, "contact", "bạn đã yêu cầu quá nhiều mã; xin thử lại sau "
                                          "15 phút");
        return submit_form(req, 429, &errs, NULL);
    }
    if (st != MC_OK)
        return http_error(req, 500, "internal", "Không gửi được mã, xin thử lại sau");
    feedback_kick_outbox(req);
    snprintf(notice, sizeof(notice), "Đã gửi mã xác minh đến %s. Nhập mã vào ô \"Mã xác "
             "minh\" rồi bấm \"Gửi phản ánh\". Mã có hiệu lực 15 phút.", norm);
    return submit_form(req, 200, NULL, notice);
}

/* ---------------------------------------------------------------- attachments */

/* Whether an attachment is acceptable: a Vietnamese reason when not. */
static const char *attachment_problem(const struct http_upload *up)
{
    if (up->size > FEEDBACK_ATTACH_MAX)
        return "mỗi tệp đính kèm chỉ được tối đa 10 MB";
    return dossier_view_upload_check(up) ? "chỉ nhận tệp PDF, JPG hoặc PNG" : NULL;
}

/*
 * Check every upload (count, size, type by content), then stage them in
 * the file store (the feedback's own synced commit makes them durable).
 * On a bad one errs says why and nothing is stored.
 */
static enum mc_status store_uploads(struct http_request *req, struct feedback_attachment *att,
                                    struct filestore_meta *metas, size_t *n,
                                    struct form_errors *errs)
{
    struct http_upload *ups[FEEDBACK_ATTACH_COUNT];
    enum mc_status st = MC_OK;
    size_t count = 0;
    *n = 0;
    for (struct http_upload *up = req->uploads; up; up = up->next) {
        if (strcmp(up->field, "attachments") != 0 || !up->filename[0] || up->size == 0)
            continue;
        const char *why = count >= FEEDBACK_ATTACH_COUNT ? "chỉ gửi được tối đa 3 tệp đính kèm"
                                                         : attachment_problem(up);
        if (why) {
            form_errors_add(errs, "attachments", why);
            return MC_ERR_INVALID;
        }
        ups[count++] = up;
    }
    for (size_t i = 0; st == MC_OK && i < count; i++) {
        st = dossier_view_upload_store(req, ups[i], &metas[i]);
        att[i] = (struct feedback_attachment){metas[i].sha256, ups[i]->filename,
                                              metas[i].content_type, metas[i].size};
    }
    *n = st == MC_OK ? count : 0;
    return st == MC_ERR_INVALID || st == MC_ERR_TOO_LARGE ? MC_ERR_IO : st;
}

static unsigned page_feedback_submit(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    struct feedback_attachment att[FEEDBACK_ATTACH_COUNT];
    struct filestore_meta files[FEEDBACK_ATTACH_COUNT];
    char code[FEEDBACK_CODE_SIZE], token[FEEDBACK_TOKEN_SIZE];
    size_t natt = 0;
    bool signed_in = web_signed_in(req);
    bool staff = signed_in && c->session.user.kind == USER_STAFF;
    bool on_behalf = staff || (signed_in && http_arg(req, "on_behalf"));
    struct feedback_submission s = {
        .kind = http_arg(req, "kind"), .category = http_arg(req, "category"),
        .title = http_arg(req, "title"), .body = http_arg(req, "body"),
        .procedure_code = http_arg(req, "procedure"), .agency_code = http_arg(req, "agency"),
        .dossier_code = http_arg(req, "dossier"), .sender_name = http_arg(req, "sender_name"),
        .contact = http_arg(req, "contact"), .otp = http_arg(req, "otp"),
        .consent_publish = http_arg(req, "consent") != NULL,
        .sender_user_id = signed_in && !on_behalf ? c->session.user.id : 0,
        .on_behalf_by = on_behalf ? c->session.user.id : 0,
        .address = req->client_addr,
    };
    enum mc_status st = store_uploads(req, att, files, &natt, &errs);
    if (st == MC_ERR_INVALID)
        return submit_form(req, 422, &errs, NULL);
    if (st != MC_OK)
        return web_fail(req, st, &(const struct web_says){
                            .failed = "Không lưu được tệp gửi lên, xin thử lại sau"}, NULL);
    s.attachments = att;
    s.nattachments = natt;
    st = feedback_submit(c->db, &s, &c->actor, feedback_base_url(req), &errs, code, token);
    if (st == MC_ERR_INVALID)
        return submit_form(req, 422, &errs, NULL);
    if (st == MC_ERR_RATE_LIMITED) {
        form_errors_add(&errs, "body", "bạn đã gửi quá nhiều phản ánh; xin thử lại sau");
        return submit_form(req, 429, &errs, NULL);
    }
    if (st != MC_OK)
        return http_error(req, 500, "internal", "Không gửi được phản ánh, xin thử lại sau");
    feedback_kick_outbox(req);
    return http_redirect(req, arena_printf(req->arena, "/phan-anh/theo-doi/%s?t=%s&moi=1",
                                           code, token));
}

/* ---------------------------------------------------------------- the sender */

static unsigned follow_page(struct http_request *req, unsigned status,
                            const struct form_errors *errs, const char *notice)
{
    struct web_ctx *c = web_ctx(req);
    struct feedback_item it;
    const char *token = http_arg(req, "t");
    int64_t uid = web_signed_in(req) ? c->session.user.id : 0;
    feedback_item_init(&it);
    enum mc_status st = feedback_get_sender(c->db, req->params[0], token, uid, &it);
    if (st != MC_OK) {
        feedback_item_release(&it);
        return web_fail(req, st, &(const struct web_says){
                            .not_found = "Không tìm thấy phản ánh, hoặc đường dẫn theo dõi "
                                         "không đúng",
                            .failed = "Không đọc được, xin thử lại sau"}, NULL);
    }
    json_t *data = json_pack("{s:o,s:s,s:b}", "item", feedback_item_json(&it), "token",
                             token ? token : "", "new", http_arg(req, "moi") != NULL);
    json_object_set_new(data, "text", json_string(web_arg_or(req, "text", "")));
    json_object_set_new(data, "comment", json_string(web_arg_or(req, "comment", "")));
    if (notice)
        json_object_set_new(data, "notice", json_string(notice));
    web_form_errors(data, errs);
    feedback_item_release(&it);
    return web_page(req, status, "feedback_follow.html", "Theo dõi phản ánh, kiến nghị", data);
}

static unsigned page_feedback_follow(struct http_request *req)
{
    return follow_page(req, 200, NULL, NULL);
}

static unsigned sender_result(struct http_request *req, enum mc_status st,
                              struct form_errors *errs, const char *done)
{
    if (st == MC_OK)
        return follow_page(req, 200, NULL, done);
    if (st == MC_ERR_INVALID)
        return follow_page(req, 422, errs, NULL);
    return web_fail(req, st, &(const struct web_says){
                        .not_found = "Không tìm thấy phản ánh",
                        .conflict = "Thao tác này không còn phù hợp với trạng thái của phản ánh",
                        .failed = "Không lưu được, xin thử lại sau"}, NULL);
}

static unsigned page_feedback_rate_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    bool reopened = false;
    const char *v = http_arg(req, "satisfied");
    if (!v || (strcmp(v, "1") != 0 && strcmp(v, "0") != 0)) {
        form_errors_add(&errs, "satisfied", "vui lòng chọn hài lòng hoặc không hài lòng");
        return follow_page(req, 422, &errs, NULL);
    }
    enum mc_status st = feedback_rate(c->db, req->params[0], http_arg(req, "t"),
                                      web_signed_in(req) ? c->session.user.id : 0,
                                      strcmp(v, "1") == 0, http_arg(req, "comment"),
                                      &c->actor, &reopened, &errs);
    return sender_result(req, st, &errs, reopened
                         ? "Cảm ơn bạn. Phản ánh đã được mở lại để cơ quan xem xét trả lời lại."
                         : "Cảm ơn bạn đã đánh giá câu trả lời.");
}

static unsigned page_feedback_reply_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    enum mc_status st = feedback_sender_reply(c->db, req->params[0], http_arg(req, "t"),
                                              web_signed_in(req) ? c->session.user.id : 0,
                                              http_arg(req, "text"), &c->actor, &errs);
    return sender_result(req, st, &errs, "Đã gửi thông tin bổ sung đến cơ quan giải quyết.");
}

/* ---------------------------------------------------------------- staff */

/* Whether an item in status still awaits its answer (not answered, published or rejected). */
static bool still_open(const char *status)
{
    return strcmp(status, "answered") != 0 && strcmp(status, "published") != 0 &&
           strcmp(status, "rejected") != 0;
}

static unsigned page_admin_feedback(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    const struct user *u = &c->session.user;
    struct feedback_list list;
    long page = page_number(req);
    const char *status = http_arg(req, "status");
    const char *agency = http_arg(req, "agency");
    bool province = (u->roles & ROLE_PROVINCE_ADMIN) != 0;
    int64_t now = clock_now();
    feedback_list_init(&list);
    enum mc_status st = feedback_list_staff(c->db, u, agency && *agency ? agency : NULL,
                                            status, (size_t)(page - 1) * STAFF_PAGE_SIZE,
                                            STAFF_PAGE_SIZE, &list);
    if (st != MC_OK) {
        feedback_list_release(&list);
        return web_fail(req, st, &(const struct web_says){
                            .forbidden = "Bạn chưa được gán vào cơ quan nào",
                            .failed = "Không đọc được danh sách"}, NULL);
    }
    json_t *items = json_array();
    for (size_t i = 0; i < list.n; i++) {
        const struct feedback_row *r = &list.items[i];
        bool open = still_open(r->status);
        json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:I}", "code", r->code,
                              "title", r->title, "status", r->status, "status_label",
                              feedback_status_label(r->status), "agency", r->agency_name,
                              "kind_label", feedback_kind_label(r->kind), "overdue",
                              open && now > r->due_resolve, "reminded", r->reminded,
                              "age_days", (json_int_t)((now - r->received_at) / 86400));
        json_object_set_new(o, "received", time_json(r->received_at));
        json_object_set_new(o, "due_resolve", time_json(r->due_resolve));
        json_array_append_new(items, o);
    }
    long last = (long)((list.total + STAFF_PAGE_SIZE - 1) / STAFF_PAGE_SIZE);
    json_t *data = json_pack("{s:o,s:I,s:b,s:s}", "items", items, "total",
                             (json_int_t)list.total, "province", province, "status",
                             status ? status : "");
    json_object_set_new(data, "agencies", web_agency_options(c->db, agency, 0));
    web_page_links(data, req, "/quan-tri/phan-anh", "page", page, last);
    json_object_set_new(data, "st_triage", json_boolean(status &&
                                                        strcmp(status, "triage") == 0));
    json_object_set_new(data, "st_all", json_boolean(status && strcmp(status, "all") == 0));
    json_object_set_new(data, "agency_code", json_string(u->agency_code));
    feedback_list_release(&list);
    return web_page(req, 200, "admin_feedback.html", "Xử lý phản ánh, kiến nghị", data);
}

static json_t *events_json(struct db *db, int64_t id)
{
    struct feedback_event *ev = xcalloc(EVENTS_MAX, sizeof(*ev));
    static const struct { const char *kind, *label; } labels[] = {
        {"submitted", "Người dân gửi"}, {"submitted_for", "Cán bộ, cộng tác viên gửi thay"},
        {"triage", "Chờ Văn phòng UBND tỉnh phân loại"}, {"transferred", "Chuyển cơ quan"},
        {"assigned", "Phân công xử lý"}, {"info_requested", "Đề nghị bổ sung thông tin"},
        {"info_reply", "Người gửi bổ sung thông tin"}, {"rejected", "Từ chối tiếp nhận"},
        {"drafted", "Lưu dự thảo trả lời"}, {"answered", "Duyệt và gửi câu trả lời"},
        {"published", "Công khai câu trả lời"}, {"rated_satisfied", "Người gửi hài lòng"},
        {"rated_unsatisfied", "Người gửi không hài lòng"}, {"reopened", "Mở lại để xem xét"},
        {"taken_up", "Ghi nội dung đã tiếp thu"},
    };
    size_t n = 0;
    json_t *a = json_array();
    if (feedback_events(db, id, ev, EVENTS_MAX, &n) == MC_OK) {
        for (size_t i = 0; i < n; i++) {
            const char *label = ev[i].kind;
            for (size_t k = 0; k < MC_ARRAY_LEN(labels); k++)
                if (strcmp(labels[k].kind, ev[i].kind) == 0)
                    label = labels[k].label;
            json_t *o = json_pack("{s:s,s:s,s:s,s:s}", "label", label, "note", ev[i].note,
                                  "from", ev[i].from_agency, "to", ev[i].to_agency);
            json_object_set_new(o, "at", time_json(ev[i].at));
            json_array_append_new(a, o);
        }
    }
    free(ev);
    return a;
}

/* The item's attachments with their download links. */
static json_t *files_json(struct db *db, const struct feedback_item *it)
{
    struct feedback_file files[FEEDBACK_ATTACH_COUNT];
    size_t n = 0;
    json_t *a = json_array();
    if (feedback_files(db, it->id, files, MC_ARRAY_LEN(files), &n) != MC_OK)
        return a;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:I,s:s}", "id",
                                           (json_int_t)files[i].id, "name", files[i].name,
                                           "content_type", files[i].content_type, "kb",
                                           (json_int_t)((files[i].size + 1023) / 1024), "code",
                                           it->code));
    return a;
}

static unsigned admin_item_page(struct http_request *req, unsigned status,
                                const struct form_errors *errs, const char *notice)
{
    struct web_ctx *c = web_ctx(req);
    const struct user *u = &c->session.user;
    struct feedback_item it;
    struct feedback_staff staff[100];
    size_t nstaff = 0;
    feedback_item_init(&it);
    enum mc_status st = feedback_get_staff(c->db, u, req->params[0], &it);
    if (st != MC_OK) {
        feedback_item_release(&it);
        return web_fail(req, st, &(const struct web_says){
                            .forbidden = "Phản ánh này thuộc cơ quan khác; bạn không xem được",
                            .not_found = "Không có phản ánh với mã này",
                            .failed = "Không đọc được phản ánh"}, NULL);
    }
    if (!web_log_access(req, it.sender_user_id, "view", "feedback", req->params[0])) {
        feedback_item_release(&it);
        return http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau");
    }
    json_t *data = json_pack("{s:o,s:o}", "item", feedback_item_json(&it), "events",
                             events_json(c->db, it.id));
    json_t *can = json_object();
    static const struct { enum feedback_action a; const char *name; } acts[] = {
        {FEEDBACK_TRANSFER, "transfer"}, {FEEDBACK_ASSIGN, "assign"},
        {FEEDBACK_ASK_INFO, "ask_info"}, {FEEDBACK_REJECT, "reject"},
        {FEEDBACK_DRAFT, "draft"}, {FEEDBACK_APPROVE, "approve"},
        {FEEDBACK_PUBLISH, "publish"},
    };
    bool open = strcmp(it.status, "received") == 0 || strcmp(it.status, "assigned") == 0 ||
                strcmp(it.status, "drafted") == 0;
    bool answered = strcmp(it.status, "answered") == 0 || strcmp(it.status, "published") == 0;
    for (size_t i = 0; i < MC_ARRAY_LEN(acts); i++) {
        bool ok = feedback_may(u, &it, acts[i].a);
        if (acts[i].a == FEEDBACK_PUBLISH)
            ok = ok && answered && it.consent_publish;
        else if (acts[i].a == FEEDBACK_TRANSFER)
            ok = ok && (open || strcmp(it.status, "triage") == 0);
        else
            ok = ok && open;
        json_object_set_new(can, acts[i].name, json_boolean(ok));
    }
    json_object_set_new(can, "take_up", json_boolean(
        answered && ((u->roles & ROLE_PROVINCE_ADMIN) || feedback_may(u, &it, FEEDBACK_PUBLISH))));
    json_object_set_new(data, "can", can);
    json_object_set_new(data, "taken_up_change",
                        json_string(web_arg_or(req, "taken_up_change", it.taken_up_change)));
    {
        char today[CALENDAR_DATE_SIZE];
        calendar_date_format(calendar_date_of(it.taken_up_at ? it.taken_up_at : clock_now()),
                             today, sizeof(today));
        json_object_set_new(data, "taken_up_date",
                            json_string(web_arg_or(req, "taken_up_date", today)));
    }
    json_t *files = files_json(c->db, &it);
    json_object_set_new(data, "has_files", json_boolean(json_array_size(files) > 0));
    json_object_set_new(data, "files", files);
    if (feedback_agency_staff(c->db, it.agency_code, staff, MC_ARRAY_LEN(staff), &nstaff) ==
        MC_OK) {
        json_t *a = json_array();
        for (size_t i = 0; i < nstaff; i++)
            json_array_append_new(a, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)staff[i].id,
                                               "name", staff[i].name, "selected",
                                               staff[i].id == it.assignee_id));
        json_object_set_new(data, "staff", a);
    }
    json_object_set_new(data, "agencies", web_agency_options(c->db, http_arg(req, "agency"), 0));
    json_object_set_new(data, "text", json_string(web_arg_or(req, "text", it.draft)));
    json_object_set_new(data, "public_title", json_string(web_arg_or(
        req, "public_title", *it.public_title ? it.public_title : it.title)));
    json_object_set_new(data, "public_question", json_string(web_arg_or(
        req, "public_question", *it.public_question ? it.public_question : it.body)));
    json_object_set_new(data, "public_answer", json_string(web_arg_or(
        req, "public_answer", *it.public_answer ? it.public_answer : it.answer)));
    if (notice)
        json_object_set_new(data, "notice", json_string(notice));
    web_form_errors(data, errs);
    char *title = arena_printf(req->arena, "Phản ánh %s", it.code);
    feedback_item_release(&it);
    return web_page(req, status, "admin_feedback_item.html", title, data);
}

static unsigned page_admin_feedback_item(struct http_request *req)
{
    return admin_item_page(req, 200, NULL, http_arg(req, "xong") ? "Đã lưu thay đổi." : NULL);
}

static unsigned page_admin_feedback_action(struct http_request *req)
{
    static const struct { const char *slug; enum feedback_action a; const char *done; } map[] = {
        {"chuyen", FEEDBACK_TRANSFER, "Đã chuyển phản ánh."},
        {"phan-cong", FEEDBACK_ASSIGN, "Đã phân công xử lý."},
        {"bo-sung", FEEDBACK_ASK_INFO, "Đã gửi đề nghị bổ sung thông tin đến người gửi."},
        {"tu-choi", FEEDBACK_REJECT, "Đã từ chối tiếp nhận và báo người gửi."},
        {"du-thao", FEEDBACK_DRAFT, "Đã lưu dự thảo trả lời."},
        {"duyet", FEEDBACK_APPROVE, "Đã duyệt và gửi câu trả lời đến người gửi."},
        {"cong-khai", FEEDBACK_PUBLISH, "Đã công khai câu trả lời."},
    };
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    const char *assignee = http_arg(req, "assignee");
    struct feedback_change ch = {
        .agency = http_arg(req, "agency"), .text = http_arg(req, "text"),
        .assignee_id = assignee ? strtoll(assignee, NULL, 10) : 0,
        .public_title = http_arg(req, "public_title"),
        .public_question = http_arg(req, "public_question"),
        .public_answer = http_arg(req, "public_answer"),
    };
    size_t i = 0;
    bool take_up = strcmp(req->params[1], "tiep-thu") == 0;
    enum mc_status st;
    while (!take_up && i < MC_ARRAY_LEN(map) && strcmp(map[i].slug, req->params[1]) != 0)
        i++;
    if (!take_up && i == MC_ARRAY_LEN(map))
        return http_error(req, 404, "not_found", "Không có thao tác này");
    if (take_up) {   /* "đã tiếp thu": what was changed thanks to this item */
        st = feedback_take_up(c->db, &c->session.user, req->params[0],
                              http_arg(req, "taken_up_change"), http_arg(req, "taken_up_date"),
                              &c->actor, &errs);
        if (st == MC_OK)
            return http_redirect(req, arena_printf(req->arena, "/quan-tri/phan-anh/%s?xong=%s",
                                                   req->params[0], "tiep-thu"));
        goto failed;
    }
    ch.action = map[i].a;
    st = feedback_apply(c->db, &c->session.user, req->params[0], &ch, &c->actor,
                        feedback_base_url(req), &errs);
    if (st == MC_OK) {
        feedback_kick_outbox(req);
        if (ch.action == FEEDBACK_TRANSFER && !(c->session.user.roles & ROLE_PROVINCE_ADMIN))
            return http_redirect(req, "/quan-tri/phan-anh?da_chuyen=1");
        return http_redirect(req, arena_printf(req->arena, "/quan-tri/phan-anh/%s?xong=%s",
                                               req->params[0], map[i].slug));
    }
failed:
    if (st == MC_ERR_INVALID)
        return admin_item_page(req, 422, &errs, NULL);
    return web_fail(req, st, &(const struct web_says){
                        .forbidden = "Bạn không có quyền thực hiện thao tác này với phản ánh này",
                        .not_found = "Không có phản ánh với mã này",
                        .conflict = "Thao tác này không phù hợp với trạng thái hiện tại của "
                                    "phản ánh",
                        .failed = "Không lưu được, xin thử lại sau"}, NULL);
}

static unsigned page_admin_feedback_contacts(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    if (!web_feedback_may_set_contacts(&c->session.user))
        return http_error(req, 403, "forbidden", "Chỉ quản trị đơn vị hoặc quản trị cấp tỉnh "
                                                 "được sửa địa chỉ nhận nhắc việc");
    json_t *data = json_pack("{s:o,s:s,s:s}", "agencies",
                             web_agency_options(c->db, http_arg(req, "agency"), 0), "inbox",
                             web_arg_or(req, "inbox", ""), "leader", web_arg_or(req, "leader", ""));
    if (http_arg(req, "da_luu"))
        json_object_set_new(data, "notice", json_string("Đã lưu địa chỉ nhận nhắc việc."));
    return web_page(req, 200, "admin_feedback_contacts.html",
                    "Địa chỉ nhận nhắc việc phản ánh", data);
}

static unsigned page_admin_feedback_contacts_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    enum mc_status st = feedback_set_contacts(c->db, &c->session.user, http_arg(req, "agency"),
                                              http_arg(req, "inbox"), http_arg(req, "leader"),
                                              &c->actor, &errs);
    if (st == MC_OK)
        return http_redirect(req, "/quan-tri/phan-anh/lien-he?da_luu=1");
    if (st != MC_ERR_INVALID)
        return web_fail(req, st, &(const struct web_says){
                            .forbidden = "Bạn không có quyền sửa địa chỉ này",
                            .failed = "Không lưu được, xin thử lại sau"}, NULL);
    json_t *data = json_pack("{s:o,s:s,s:s}", "agencies",
                             web_agency_options(c->db, http_arg(req, "agency"), 0), "inbox",
                             web_arg_or(req, "inbox", ""), "leader", web_arg_or(req, "leader", ""));
    web_form_errors(data, &errs);
    return web_page(req, 422, "admin_feedback_contacts.html",
                    "Địa chỉ nhận nhắc việc phản ánh", data);
}

static unsigned page_admin_feedback_remind_post(struct http_request *req)
{
    int sent = 0;
    if (feedback_remind(web_ctx(req)->db, &sent) != MC_OK)
        return http_error(req, 500, "internal", "Không gửi được nhắc việc, xin thử lại sau");
    feedback_kick_outbox(req);
    return http_redirect(req, arena_printf(req->arena, "/quan-tri/phan-anh?da_nhac=%d", sent));
}

/* ---------------------------------------------------------------- attachments for staff */

/* Whether s names a stored file: 64 lowercase hexadecimal digits. */
static bool sha_ok(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return false;
    return n == 64;
}

static unsigned page_admin_feedback_file(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct feedback_file f;
    int64_t id = 0;
    enum mc_status st = text_parse_id(req->params[1], &id)
                            ? feedback_file_staff(c->db, &c->session.user, req->params[0], id,
                                                  &f)
                            : MC_ERR_NOT_FOUND;
    if (st == MC_OK && !sha_ok(f.sha256))
        st = MC_ERR_NOT_FOUND;
    if (st != MC_OK)
        return web_fail(req, st, &(const struct web_says){
                            .forbidden = "Phản ánh này thuộc cơ quan khác; bạn không tải được tệp",
                            .not_found = "Không có tệp đính kèm này",
                            .failed = "Không đọc được tệp, xin thử lại sau"}, NULL);
    return dossier_view_send_stored(req, f.sha256, f.content_type, f.name, false,
                                    "a feedback attachment");
}

/* ---------------------------------------------------------------- my feedback */

static unsigned page_feedback_mine(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct feedback_list list;
    long page = page_number(req);
    int64_t now = clock_now();
    feedback_list_init(&list);
    enum mc_status st = feedback_list_mine(c->db, c->session.user.id,
                                           (size_t)(page - 1) * STAFF_PAGE_SIZE,
                                           STAFF_PAGE_SIZE, &list);
    if (st != MC_OK) {
        feedback_list_release(&list);
        return http_error(req, 500, "internal", "Không đọc được danh sách, xin thử lại sau");
    }
    json_t *items = json_array();
    for (size_t i = 0; i < list.n; i++) {
        const struct feedback_row *r = &list.items[i];
        bool open = still_open(r->status);
        json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b}", "code", r->code, "title",
                              r->title, "status", r->status, "status_label",
                              feedback_status_label(r->status), "agency", r->agency_name,
                              "kind_label", feedback_kind_label(r->kind), "overdue",
                              open && now > r->due_resolve, "open", open);
        json_object_set_new(o, "received", time_json(r->received_at));
        json_object_set_new(o, "due_resolve", time_json(r->due_resolve));
        json_object_set_new(o, "answered", time_json(r->answered_at));
        json_array_append_new(items, o);
    }
    long last = (long)((list.total + STAFF_PAGE_SIZE - 1) / STAFF_PAGE_SIZE);
    json_t *data = json_pack("{s:o,s:I,s:b}", "items", items, "total", (json_int_t)list.total,
                             "empty", list.total == 0);
    web_page_links(data, req, "/phan-anh/cua-toi", "page", page, last);
    feedback_list_release(&list);
    return web_page(req, 200, "feedback_mine.html", "Phản ánh, câu hỏi của tôi", data);
}

/* ---------------------------------------------------------------- routes */

#define FEEDBACK_UPLOAD_MAX (32 * 1024 * 1024)   /* 3 attachments of 10 MB and the text */

static const struct http_route routes[] = {
    {HTTP_GET, "/phan-anh", page_feedback_list, 0, 0},
    {HTTP_GET, "/hoi-dap", page_hoi_dap, R_REPLICA, 0},
    {HTTP_GET, "/phan-anh/gui", page_feedback_form, 0, 0},
    {HTTP_POST, "/phan-anh/gui", page_feedback_submit, 0, FEEDBACK_UPLOAD_MAX},
    {HTTP_POST, "/phan-anh/ma-xac-minh", page_feedback_code_post, 0, FEEDBACK_UPLOAD_MAX},
    {HTTP_GET, "/phan-anh/thong-ke", page_feedback_stats, 0, 0},
    {HTTP_GET, "/phan-anh/theo-doi/{code}", page_feedback_follow, 0, 0},
    {HTTP_POST, "/phan-anh/theo-doi/{code}/danh-gia", page_feedback_rate_post, 0,
     WEB_FORM_MAX},
    {HTTP_POST, "/phan-anh/theo-doi/{code}/bo-sung", page_feedback_reply_post, 0,
     WEB_FORM_MAX},
    {HTTP_GET, "/phan-anh/cua-toi", page_feedback_mine, R_SIGNED_IN, 0},
    {HTTP_GET, "/phan-anh/{code}", page_feedback_public, 0, 0},
    {HTTP_GET, "/quan-tri/phan-anh", page_admin_feedback, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/phan-anh/lien-he", page_admin_feedback_contacts, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/phan-anh/lien-he", page_admin_feedback_contacts_post, R_STAFF,
     WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/phan-anh/nhac-viec", page_admin_feedback_remind_post,
     R_STAFF | R_PROVINCE, WEB_FORM_MAX},
    {HTTP_GET, "/quan-tri/phan-anh/{code}", page_admin_feedback_item, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/phan-anh/{code}/tep/{id}", page_admin_feedback_file, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/phan-anh/{code}/{action}", page_admin_feedback_action, R_STAFF,
     WEB_FORM_MAX},
};

const struct web_routes web_page_feedback_routes = WEB_ROUTES(routes);
