/*
 * page_survey.c - khảo sát pages: the public list, the answer form (all
 * questions on one page with "bỏ qua nếu…" hints; the jumps are enforced
 * by the domain, so it works without JavaScript), the thank-you page, and
 * the admin pages (list and create, the builder, publish and close, QR
 * codes, results with charts and tables, CSV and xlsx exports).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include "web/app.h"
#include "web/reply.h"
#include "web/survey/survey_view.h"
#include "web/survey/survey_web.h"
#include "core/clock.h"
#include "core/vnfmt.h"
#include "core/mem.h"
#include "core/qr.h"
#include "domain/feedback/feedback.h"
#include "domain/survey/survey.h"
#include "web/options.h"
#include "core/text.h"

#define COOKIE_RESPONDENT "mc_ks"
#define RESPONDENT_TTL (365L * 24 * 3600)

static struct app *app_of(struct http_request *req)
{
    return req->app;
}

static const struct user *staff_user(struct http_request *req)
{
    return &web_ctx(req)->session.user;
}

/* "dd/mm/yyyy" of the day holding t (UTC+7). */
static json_t *vn_day(int64_t t)
{
    char s[VNFMT_SIZE];
    return json_string(vnfmt_date(s, sizeof(s), t));
}

/* "YYYY-MM-DD" of the day holding t (UTC+7), for date inputs. */
static void iso_day(int64_t t, char out[16])
{
    char s[32];
    clock_format_iso(t, s, sizeof(s));
    snprintf(out, 16, "%.10s", s);
}

static json_t *errors_json(const struct form_errors *errs)
{
    json_t *a = json_array();
    for (size_t i = 0; errs && i < errs->count; i++)
        json_array_append_new(a, json_pack("{s:s,s:s}", "field", errs->items[i].field,
                                           "message", errs->items[i].message));
    return a;
}

static const char *error_for(const struct form_errors *errs, const char *field)
{
    for (size_t i = 0; errs && i < errs->count; i++)
        if (strcmp(errs->items[i].field, field) == 0)
            return errs->items[i].message;
    return NULL;
}

/* The site's address for links and QR codes. */
static const char *site_url(struct http_request *req)
{
    const char *base = app_of(req)->cfg.public_url;
    const char *host = http_header(req, "Host");
    if (base && *base)
        return base;
    return arena_printf(req->arena, "http://%s", host ? host : "localhost");
}

/* ---------------------------------------------------------------- public: answering */

/* True when the form holds value v for field. */
static bool form_has(struct http_request *req, const char *field, const char *v)
{
    for (struct kv *p = req->form; p; p = p->next)
        if (strcmp(p->key, field) == 0 && strcmp(p->value, v) == 0)
            return true;
    return false;
}

/* The "bỏ qua nếu…" hints of question index qi. */
static json_t *skip_hints(const struct survey *s, size_t qi)
{
    json_t *a = json_array();
    int pos = s->questions[qi].position;
    for (size_t i = 0; i < qi; i++) {
        const struct survey_question *q = &s->questions[i];
        for (size_t k = 0; k < q->nopts; k++) {
            int t = q->options[k].skip_to == SURVEY_SKIP_END ? (int)s->nq + 1
                                                             : q->options[k].skip_to;
            if (t > pos && q->position < pos)
                json_array_append_new(a, json_pack("{s:i,s:s}", "from", q->position, "label",
                                                   q->options[k].label));
        }
    }
    return a;
}

static json_t *question_json(struct http_request *req, const struct survey *s, size_t qi,
                             const struct form_errors *errs, bool posted)
{
    const struct survey_question *q = &s->questions[qi];
    json_t *o = json_pack("{s:I,s:s,s:i,s:s,s:s,s:b,s:s}", "id", (json_int_t)q->id, "field",
                          q->field, "position", q->position, "text", q->text, "help", q->help,
                          "required", q->required, "kind", survey_kind_name(q->kind));
    json_object_set_new(o, "is_single", json_boolean(q->kind == SURVEY_SINGLE));
    json_object_set_new(o, "is_multiple", json_boolean(q->kind == SURVEY_MULTIPLE));
    json_object_set_new(o, "is_scale", json_boolean(q->kind == SURVEY_SCALE));
    json_object_set_new(o, "is_text", json_boolean(q->kind == SURVEY_TEXT));
    json_t *opts = json_array();
    for (size_t k = 0; k < q->nopts; k++) {
        const struct survey_option *op = &q->options[k];
        char id[24];
        snprintf(id, sizeof(id), "%lld", (long long)op->id);
        json_t *x = json_pack("{s:I,s:s,s:b}", "id", (json_int_t)op->id, "label", op->label,
                              "checked", posted && form_has(req, q->field, id));
        if (op->skip_to == SURVEY_SKIP_END)
            json_object_set_new(x, "jump", json_string("chuyển đến cuối khảo sát"));
        else if (op->skip_to > 0)
            json_object_set_new(x, "jump", json_sprintf("chuyển đến câu %d", op->skip_to));
        json_array_append_new(opts, x);
    }
    json_object_set_new(o, "options", opts);
    if (q->kind == SURVEY_SCALE) {
        static const char *const names[] = {"Rất không hài lòng", "Không hài lòng",
                                            "Bình thường", "Hài lòng", "Rất hài lòng"};
        json_t *scale = json_array();
        for (int v = 1; v <= SURVEY_SCALE_MAX; v++) {
            char val[16];
            snprintf(val, sizeof(val), "%d", v);
            json_array_append_new(scale, json_pack("{s:i,s:s,s:b}", "value", v, "name",
                                                   names[v - 1], "checked",
                                                   posted && form_has(req, q->field, val)));
        }
        json_object_set_new(o, "scale", scale);
    }
    const char *text = posted ? http_arg(req, q->field) : NULL;
    json_object_set_new(o, "value", json_string(text ? text : ""));
    json_object_set_new(o, "skip_hints", skip_hints(s, qi));
    const char *err = error_for(errs, q->field);
    if (err)
        json_object_set_new(o, "error", json_string(err));
    return o;
}

static json_t *survey_public_json(const struct survey *s)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:b,s:b,s:i}", "id", (json_int_t)s->id, "title",
                          s->title, "intro", s->intro, "agency", s->agency_name,
                          "signed_in_only", s->signed_in_only, "one_per_person",
                          s->one_per_person, "count", (int)s->nq);
    json_object_set_new(o, "opens", vn_day(s->opens_at));
    json_object_set_new(o, "closes", vn_day(s->closes_at - 1));
    return o;
}

/* The browser's respondent cookie, made when missing. */
static const char *respondent_key(struct http_request *req)
{
    const char *v = http_cookie(req, COOKIE_RESPONDENT);
    unsigned char raw[24];
    char *nv;
    if (v && strlen(v) >= 16 && strlen(v) <= 64)
        return v;
    nv = arena_alloc(req->arena, 40);
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(nv, 40, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    http_set_cookie(req, COOKIE_RESPONDENT, nv, RESPONDENT_TTL,
                    app_of(req)->cfg.secure_cookies);
    return nv;
}

static const char *agency_arg(struct http_request *req)
{
    const char *a = http_arg(req, "co-quan");
    return a && *a && strlen(a) < 64 ? a : NULL;
}

static unsigned answer_page(struct http_request *req, const struct survey *s, unsigned status,
                            const struct form_errors *errs, const char *notice)
{
    struct web_ctx *c = web_ctx(req);
    bool signed_in = web_signed_in(req);
    enum survey_state state = survey_state(s, clock_now());
    bool posted = req->method == HTTP_POST;
    bool done = false;
    struct survey_respondent p = {.user_id = signed_in ? c->session.user.id : 0,
                                  .key = respondent_key(req)};
    if (state == SURVEY_OPEN && !posted && survey_answered(c->db, s, &p, &done) != MC_OK)
        done = false;
    json_t *data = json_pack("{s:o}", "survey", survey_public_json(s));
    json_t *qs = json_array();
    for (size_t i = 0; i < s->nq; i++)
        json_array_append_new(qs, question_json(req, s, i, errs, posted));
    json_object_set_new(data, "questions", qs);
    bool need_login = s->signed_in_only && !signed_in;
    json_object_set_new(data, "not_yet", json_boolean(state == SURVEY_NOT_YET));
    json_object_set_new(data, "ended", json_boolean(state == SURVEY_ENDED));
    json_object_set_new(data, "done", json_boolean(done));
    json_object_set_new(data, "need_login", json_boolean(state == SURVEY_OPEN && need_login));
    json_object_set_new(data, "can_answer", json_boolean(state == SURVEY_OPEN && !done &&
                                                         !need_login));
    json_object_set_new(data, "agency_code", json_string(agency_arg(req) ? agency_arg(req)
                                                                          : ""));
    json_object_set_new(data, "login_next", json_sprintf("/dang-nhap?next=/khao-sat/%lld",
                                                         (long long)s->id));
    if (notice)
        json_object_set_new(data, "notice", json_string(notice));
    json_object_set_new(data, "errors", errors_json(errs));
    json_object_set_new(data, "has_errors", json_boolean(errs && errs->count));
    json_object_set_new(data, "hide_widget", json_true());
    return web_page(req, status, "survey.html", s->title, data);
}

/* Load the survey of the path for the public; an error reply when it is not public. */
static enum mc_status public_survey(struct http_request *req, struct survey *s,
                                    unsigned *status)
{
    enum mc_status st = survey_get_public(web_ctx(req)->db, req->params[0], s);
    if (st != MC_OK)
        *status = web_fail(req, st, &(const struct web_says){
                               .not_found = "Không có khảo sát này",
                               .failed = "Không đọc được khảo sát, xin thử lại sau"}, NULL);
    return st;
}

/* The survey of the path shown by show, or public_survey()'s answer. */
static unsigned show_public(struct http_request *req,
                            unsigned (*show)(struct http_request *req, const struct survey *s))
{
    struct survey s;
    unsigned status = 0;
    survey_init(&s);
    if (public_survey(req, &s, &status) == MC_OK)
        status = show(req, &s);
    survey_release(&s);
    return status;
}

static unsigned answer_form(struct http_request *req, const struct survey *s)
{
    return answer_page(req, s, 200, NULL, NULL);
}

static unsigned page_survey(struct http_request *req)
{
    return show_public(req, answer_form);
}

/* The form's answers as reply items (arena memory). */
static void reply_from_form(struct http_request *req, struct survey_reply *r)
{
    size_t n = 0;
    struct survey_reply_item *items;
    for (struct kv *p = req->form; p; p = p->next)
        n += p->key[0] == 'q';
    items = arena_calloc(req->arena, n + 1, sizeof(*items));
    r->items = items;
    r->n = 0;
    for (struct kv *p = req->form; p; p = p->next) {
        int64_t id = 0;
        if (p->key[0] != 'q' || !text_parse_id(p->key + 1, &id))
            continue;
        items[r->n++] = (struct survey_reply_item){id, p->value};
    }
}

/* What a refused answer tells the respondent (the domain's reason first). */
static const struct web_says ANSWER_SAYS = {
    .conflict = "khảo sát không nhận trả lời",
    .rate_limited = "Đã có quá nhiều câu trả lời từ địa chỉ mạng này trong hôm nay; xin thử "
                    "lại vào ngày mai.",
    .failed = "Không lưu được câu trả lời, xin thử lại sau",
};

static unsigned page_survey_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    struct survey s;
    struct survey_reply r;
    unsigned status = 0;
    int64_t rid = 0;
    survey_init(&s);
    if (public_survey(req, &s, &status) != MC_OK)
        goto out;
    if (s.signed_in_only && !web_signed_in(req)) {
        status = http_redirect(req, arena_printf(req->arena, "/dang-nhap?next=/khao-sat/%lld",
                                                 (long long)s.id));
        goto out;
    }
    reply_from_form(req, &r);
    struct survey_respondent p = {
        .user_id = web_signed_in(req) ? c->session.user.id : 0, .key = respondent_key(req),
        .address = req->client_addr, .agency_code = agency_arg(req), .channel = "web",
    };
    enum mc_status st = survey_respond(c->db, &s, &r, &p, &c->actor, &errs, &rid);
    if (st == MC_OK)
        status = http_redirect(req, arena_printf(req->arena, "/khao-sat/%lld/cam-on",
                                                 (long long)s.id));
    else if (st == MC_ERR_INVALID)   /* the form again, errors next to the questions */
        status = answer_page(req, &s, 422, &errs, NULL);
    else if (st == MC_ERR_UNAUTHORIZED)
        status = http_redirect(req, "/dang-nhap");
    else if (web_status_http(st, NULL) < 500)   /* the form again, with the reason */
        status = answer_page(req, &s, web_status_http(st, NULL), NULL,
                             web_status_message(st, &ANSWER_SAYS, &errs));
    else
        status = web_fail(req, st, &ANSWER_SAYS, NULL);
out:
    survey_release(&s);
    return status;
}

static unsigned thanks_page(struct http_request *req, const struct survey *s)
{
    return web_page(req, 200, "survey_thanks.html", "Cảm ơn bạn đã trả lời khảo sát",
                    json_pack("{s:o}", "survey", survey_public_json(s)));
}

static unsigned page_survey_thanks(struct http_request *req)
{
    return show_public(req, thanks_page);
}

static json_t *rows_json(const struct survey_list *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++) {
        const struct survey_row *r = &l->items[i];
        json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I}", "id", (json_int_t)r->id, "title",
                              r->title, "agency", *r->agency_name ? r->agency_name
                                                                  : "Toàn tỉnh",
                              "status", r->status, "status_label",
                              survey_status_label(r->status), "responses",
                              (json_int_t)r->responses);
        json_object_set_new(o, "opens", vn_day(r->opens_at));
        json_object_set_new(o, "closes", vn_day(r->closes_at - 1));
        json_array_append_new(a, o);
    }
    return a;
}

static unsigned page_survey_index(struct http_request *req)
{
    struct survey_list l;
    survey_list_init(&l);
    if (survey_list_open(web_ctx(req)->db, clock_now(), &l) != MC_OK) {
        survey_list_release(&l);
        return http_error(req, 500, "internal", "Không đọc được danh sách khảo sát");
    }
    json_t *data = json_pack("{s:o,s:b}", "surveys", rows_json(&l), "empty", l.n == 0);
    survey_list_release(&l);
    return web_page(req, 200, "survey_index.html", "Khảo sát ý kiến", data);
}

/* ---------------------------------------------------------------- admin: list, create */

#define NOT_AN_ADMIN "Chỉ quản trị cấp tỉnh hoặc quản trị đơn vị được quản lý khảo sát của mình"

static unsigned admin_list(struct http_request *req, unsigned status,
                           const struct form_errors *errs)
{
    struct web_ctx *c = web_ctx(req);
    const struct user *u = staff_user(req);
    struct survey_list l;
    char today[16], later[16];
    survey_list_init(&l);
    enum mc_status st = survey_list_staff(c->db, u, &l);
    if (st != MC_OK) {
        survey_list_release(&l);
        return web_fail(req, st, &(const struct web_says){.forbidden = NOT_AN_ADMIN,
                                                          .failed = "Không đọc được"}, NULL);
    }
    iso_day(clock_now(), today);
    iso_day(clock_now() + 30L * 24 * 3600, later);
    bool posted = req->method == HTTP_POST;
    json_t *form = json_pack("{s:s,s:s,s:s,s:s,s:b,s:b}", "title",
                             posted ? web_arg_or(req, "title", "") : "", "intro",
                             posted ? web_arg_or(req, "intro", "") : "", "opens",
                             posted ? web_arg_or(req, "opens", "") : today, "closes",
                             posted ? web_arg_or(req, "closes", "") : later,
                             "signed_in_only", posted && http_arg(req, "signed_in_only"),
                             "one_per_person", !posted || http_arg(req, "one_per_person"));
    bool province = (u->roles & ROLE_PROVINCE_ADMIN) != 0;
    json_t *data = json_pack("{s:o,s:b,s:o,s:b}", "surveys", rows_json(&l), "empty", l.n == 0,
                             "form", form, "province", province);
    const char *agency = posted ? http_arg(req, "agency") : NULL;
    json_object_set_new(data, "agencies", web_agency_options(c->db, agency, 0));
    web_form_errors(data, errs);
    survey_list_release(&l);
    return web_page(req, status, "admin_survey_list.html", "Khảo sát ý kiến", data);
}

static unsigned page_admin_surveys(struct http_request *req)
{
    return admin_list(req, 200, NULL);
}

static struct survey_settings settings_from_form(struct http_request *req)
{
    return (struct survey_settings){
        .title = http_arg(req, "title"), .intro = http_arg(req, "intro"),
        .agency_code = http_arg(req, "agency"), .opens = http_arg(req, "opens"),
        .closes = http_arg(req, "closes"),
        .signed_in_only = http_arg(req, "signed_in_only") != NULL,
        .one_per_person = http_arg(req, "one_per_person") != NULL,
    };
}

/* What a refused change of a survey tells its manager. */
static const struct web_says ADMIN_SAYS = {
    .forbidden = "Khảo sát này thuộc cơ quan khác; bạn không quản lý được",
    .not_found = "Không có khảo sát hoặc câu hỏi này",
    .conflict = "Khảo sát đã công bố: không sửa được câu hỏi, hoặc thao tác không hợp với "
                "trạng thái",
    .too_large = "Mỗi khảo sát có tối đa 50 câu hỏi",
    .failed = "Không lưu được, xin thử lại sau",
};

static unsigned admin_failure(struct http_request *req, enum mc_status st)
{
    return web_fail(req, st, &ADMIN_SAYS, NULL);
}

static unsigned page_admin_survey_create(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    struct survey_settings in = settings_from_form(req);
    int64_t id = 0;
    enum mc_status st = survey_create(c->db, staff_user(req), &in, &c->actor, &errs, &id);
    if (st == MC_OK)
        return http_redirect(req, arena_printf(req->arena, "/quan-tri/khao-sat/%lld",
                                               (long long)id));
    if (st == MC_ERR_INVALID)
        return admin_list(req, 422, &errs);
    return web_fail(req, st, &(const struct web_says){.forbidden = NOT_AN_ADMIN,
                                                      .failed = ADMIN_SAYS.failed}, NULL);
}

/* ---------------------------------------------------------------- admin: builder */

/* Where the last POST went wrong, for showing errors next to the right form. */
struct builder_state {
    const struct form_errors *errs;
    const char *form;        /* "settings", "question", "status" */
    int64_t qid;             /* the question form (0 = the new one) */
    const char *notice;
};


/* The question kinds for the builder's <select>, with kind (may be NULL) selected. */
static json_t *kinds_json(const char *kind)
{
    static const enum survey_kind all[] = {SURVEY_SINGLE, SURVEY_MULTIPLE, SURVEY_SCALE,
                                           SURVEY_TEXT};
    json_t *kinds = json_array();
    for (size_t k = 0; k < MC_ARRAY_LEN(all); k++) {
        const char *name = survey_kind_name(all[k]);
        json_array_append_new(kinds, json_pack("{s:s,s:s,s:b}", "name", name, "label",
                                               survey_kind_label(all[k]), "selected",
                                               kind && strcmp(kind, name) == 0));
    }
    return kinds;
}
static json_t *question_admin_json(struct http_request *req, const struct survey *s, size_t i,
                                   const struct builder_state *b)
{
    const struct survey_question *q = &s->questions[i];
    bool mine = b->form && strcmp(b->form, "question") == 0 && b->qid == q->id;
    struct buf opts;
    buf_init(&opts, BUF_MAX_SMALL);
    survey_options_text(q, &opts);
    json_t *o = json_pack("{s:I,s:i,s:s,s:s,s:s,s:s,s:b,s:b,s:b,s:b}", "qid",
                          (json_int_t)q->id, "position", q->position, "kind_label",
                          survey_kind_label(q->kind), "text",
                          mine ? web_arg_or(req, "text", "") : q->text, "help",
                          mine ? web_arg_or(req, "help", "") : q->help, "options",
                          mine ? web_arg_or(req, "options", "") : buf_cstr(&opts), "required",
                          mine ? http_arg(req, "required") != NULL : q->required, "is_group",
                          mine ? http_arg(req, "is_group") != NULL : q->is_group, "first",
                          i == 0, "last", i + 1 == s->nq);
    buf_release(&opts);
    const char *kind = mine ? http_arg(req, "kind") : survey_kind_name(q->kind);
    json_object_set_new(o, "kinds", kinds_json(kind));
    json_t *short_opts = json_array();
    for (size_t k = 0; k < q->nopts; k++) {
        json_t *x = json_pack("{s:s}", "label", q->options[k].label);
        if (q->options[k].skip_to == SURVEY_SKIP_END)
            json_object_set_new(x, "jump", json_string("chuyển đến cuối"));
        else if (q->options[k].skip_to > 0)
            json_object_set_new(x, "jump", json_sprintf("chuyển đến câu %d",
                                                        q->options[k].skip_to));
        json_array_append_new(short_opts, x);
    }
    json_object_set_new(o, "option_list", short_opts);
    json_object_set_new(o, "has_options", json_boolean(q->nopts > 0));
    json_object_set_new(o, "qkey", json_sprintf("%lld", (long long)q->id));
    json_object_set_new(o, "q_has_errors", json_boolean(mine && b->errs->count));
    if (mine) {
        json_object_set_new(o, "q_errors", errors_json(b->errs));
        json_object_set_new(o, "open", json_true());
    }
    return o;
}

static json_t *new_question_json(struct http_request *req, const struct builder_state *b)
{
    bool mine = b->form && strcmp(b->form, "question") == 0 && b->qid == 0;
    const char *kind = mine ? http_arg(req, "kind") : "single";
    json_t *o = json_pack("{s:s,s:s,s:s,s:b,s:b}", "text",
                          mine ? web_arg_or(req, "text", "") : "", "help",
                          mine ? web_arg_or(req, "help", "") : "", "options",
                          mine ? web_arg_or(req, "options", "") : "", "required",
                          mine && http_arg(req, "required"), "is_group",
                          mine && http_arg(req, "is_group"));
    json_object_set_new(o, "kinds", kinds_json(kind));
    json_object_set_new(o, "qkey", json_string("moi"));
    json_object_set_new(o, "q_has_errors", json_boolean(mine && b->errs->count));
    if (mine)
        json_object_set_new(o, "q_errors", errors_json(b->errs));
    return o;
}

static json_t *qr_json(struct http_request *req, const struct survey *s)
{
    const char *agency = http_arg(req, "qr");
    const char *url = agency && *agency && strlen(agency) < 64
                          ? arena_printf(req->arena, "%s/khao-sat/%lld?co-quan=%s",
                                         site_url(req), (long long)s->id, agency)
                          : arena_printf(req->arena, "%s/khao-sat/%lld", site_url(req),
                                         (long long)s->id);
    struct buf svg;
    buf_init(&svg, BUF_MAX_SMALL * 4);
    json_t *o = json_pack("{s:s}", "url", url);
    if (qr_svg(url, "Mã QR mở khảo sát", &svg) == MC_OK && buf_status(&svg) == MC_OK)
        json_object_set_new(o, "svg", json_string(buf_cstr(&svg)));
    buf_release(&svg);
    return o;
}

static unsigned builder_page(struct http_request *req, unsigned status,
                             const struct builder_state *b)
{
    struct web_ctx *c = web_ctx(req);
    struct survey s;
    int64_t id = 0;
    char opens[16], closes[16];
    survey_init(&s);
    enum mc_status st = text_parse_id(req->params[0], &id)
                            ? survey_get_staff(c->db, staff_user(req), id, &s)
                            : MC_ERR_NOT_FOUND;
    if (st != MC_OK) {
        survey_release(&s);
        return admin_failure(req, st);
    }
    bool mine = b->form && strcmp(b->form, "settings") == 0;
    iso_day(s.opens_at, opens);
    iso_day(s.closes_at - 1, closes);
    json_t *form = json_pack(
        "{s:s,s:s,s:s,s:s,s:b,s:b}", "title", mine ? web_arg_or(req, "title", "") : s.title,
        "intro", mine ? web_arg_or(req, "intro", "") : s.intro, "opens",
        mine ? web_arg_or(req, "opens", "") : opens, "closes",
        mine ? web_arg_or(req, "closes", "") : closes,
        "signed_in_only", mine ? http_arg(req, "signed_in_only") != NULL : s.signed_in_only,
        "one_per_person", mine ? http_arg(req, "one_per_person") != NULL : s.one_per_person);
    json_t *qs = json_array();
    for (size_t i = 0; i < s.nq; i++)
        json_array_append_new(qs, question_admin_json(req, &s, i, b));
    bool draft = strcmp(s.status, "draft") == 0;
    json_t *data = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:o,s:o,s:b,s:b,s:b}", "id",
                             (json_int_t)s.id, "title", s.title, "status", s.status,
                             "status_label", survey_status_label(s.status), "agency",
                             *s.agency_name ? s.agency_name : "Toàn tỉnh", "responses",
                             (json_int_t)s.responses, "form", form, "questions", qs, "draft",
                             draft, "is_open", strcmp(s.status, "open") == 0, "province",
                             (staff_user(req)->roles & ROLE_PROVINCE_ADMIN) != 0);
    json_object_set_new(data, "new_question", new_question_json(req, b));
    const char *agency = mine ? http_arg(req, "agency") : s.agency_code;
    json_object_set_new(data, "agencies", web_agency_options(c->db, agency, 0));
    json_object_set_new(data, "qr_agencies", web_agency_options(c->db, http_arg(req, "qr"), 0));
    if (!draft)
        json_object_set_new(data, "qr", qr_json(req, &s));
    if (mine) {
        json_object_set_new(data, "settings_errors", errors_json(b->errs));
        web_form_errors(data, b->errs);
    }
    if (b->form && strcmp(b->form, "status") == 0) {
        json_object_set_new(data, "status_errors", errors_json(b->errs));
        json_object_set_new(data, "status_has_errors", json_true());
    }
    if (b->notice)
        json_object_set_new(data, "notice", json_string(b->notice));
    char *title = arena_printf(req->arena, "Khảo sát: %s", s.title);
    survey_release(&s);
    return web_page(req, status, "admin_survey.html", title, data);
}

static unsigned page_admin_survey(struct http_request *req)
{
    static const struct { const char *key, *text; } notices[] = {
        {"luu", "Đã lưu."}, {"cong-bo", "Đã công bố khảo sát."},
        {"dong", "Đã đóng khảo sát: không nhận thêm câu trả lời."},
        {"xoa", "Đã xóa câu hỏi."}, {"moi", "Đã tạo khảo sát. Hãy thêm câu hỏi."},
    };
    struct builder_state b = {0};
    const char *done = http_arg(req, "xong");
    for (size_t i = 0; done && i < MC_ARRAY_LEN(notices); i++)
        if (strcmp(done, notices[i].key) == 0)
            b.notice = notices[i].text;
    return builder_page(req, 200, &b);
}

static unsigned back_to_builder(struct http_request *req, const char *done)
{
    return http_redirect(req, arena_printf(req->arena, "/quan-tri/khao-sat/%s?xong=%s",
                                           req->params[0], done));
}

static unsigned page_admin_survey_update(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    struct survey_settings in = settings_from_form(req);
    int64_t id = 0;
    if (!text_parse_id(req->params[0], &id))
        return admin_failure(req, MC_ERR_NOT_FOUND);
    enum mc_status st = survey_update(c->db, staff_user(req), id, &in, &c->actor, &errs);
    if (st == MC_OK)
        return back_to_builder(req, "luu");
    if (st == MC_ERR_INVALID) {
        struct builder_state b = {.errs = &errs, .form = "settings"};
        return builder_page(req, 422, &b);
    }
    return admin_failure(req, st);
}

static unsigned question_post(struct http_request *req, int64_t qid)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    int64_t id = 0;
    const char *action = http_arg(req, "action");
    struct survey_question_input in = {
        .kind = http_arg(req, "kind"), .text = http_arg(req, "text"),
        .help = http_arg(req, "help"), .options = http_arg(req, "options"),
        .required = http_arg(req, "required") != NULL,
        .is_group = http_arg(req, "is_group") != NULL,
    };
    enum mc_status st;
    if (!text_parse_id(req->params[0], &id))
        return admin_failure(req, MC_ERR_NOT_FOUND);
    if (qid && action && strcmp(action, "xoa") == 0)
        st = survey_question_delete(c->db, staff_user(req), id, qid, &c->actor);
    else if (qid && action && (strcmp(action, "len") == 0 || strcmp(action, "xuong") == 0))
        st = survey_question_move(c->db, staff_user(req), id, qid,
                                  strcmp(action, "len") == 0 ? -1 : 1, &c->actor);
    else
        st = survey_question_save(c->db, staff_user(req), id, qid, &in, &c->actor, &errs);
    if (st == MC_OK)
        return back_to_builder(req, action && strcmp(action, "xoa") == 0 ? "xoa" : "luu");
    if (st == MC_ERR_INVALID) {
        struct builder_state b = {.errs = &errs, .form = "question", .qid = qid};
        return builder_page(req, 422, &b);
    }
    return admin_failure(req, st);
}

static unsigned page_admin_survey_question_add(struct http_request *req)
{
    return question_post(req, 0);
}

static unsigned page_admin_survey_question_post(struct http_request *req)
{
    int64_t qid = 0;
    if (!text_parse_id(req->params[1], &qid))
        return admin_failure(req, MC_ERR_NOT_FOUND);
    return question_post(req, qid);
}

static unsigned page_admin_survey_status_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    int64_t id = 0;
    const char *action = http_arg(req, "action");
    enum mc_status st;
    if (!text_parse_id(req->params[0], &id))
        return admin_failure(req, MC_ERR_NOT_FOUND);
    if (action && strcmp(action, "cong-bo") == 0)
        st = survey_publish(c->db, staff_user(req), id, &c->actor, &errs);
    else if (action && strcmp(action, "dong") == 0)
        st = survey_close(c->db, staff_user(req), id, &c->actor);
    else
        return http_error(req, 400, "bad_action", "Thao tác không hợp lệ");
    if (st == MC_OK)
        return back_to_builder(req, action);
    if (st == MC_ERR_INVALID) {
        struct builder_state b = {.errs = &errs, .form = "status"};
        return builder_page(req, 422, &b);
    }
    return admin_failure(req, st);
}

/* ---------------------------------------------------------------- admin: results */

struct results_args {
    struct survey_filter f;
    const char *query;       /* "?co-quan=..&nhom=.." for export links, or "" */
};

static void results_args(struct http_request *req, struct results_args *a)
{
    const char *agency = http_arg(req, "co-quan");
    int64_t group = 0;
    memset(a, 0, sizeof(*a));
    a->f.agency_code = agency && *agency && strlen(agency) < 64 ? agency : NULL;
    if (text_parse_id(http_arg(req, "nhom"), &group))
        a->f.group_option = group;
    a->query = arena_printf(req->arena, "?co-quan=%s&nhom=%lld",
                            a->f.agency_code ? a->f.agency_code : "",
                            (long long)a->f.group_option);
}

static unsigned load_for_results(struct http_request *req, struct survey *s)
{
    int64_t id = 0;
    enum mc_status st = text_parse_id(req->params[0], &id)
                            ? survey_get_staff(web_ctx(req)->db, staff_user(req), id, s)
                            : MC_ERR_NOT_FOUND;
    return st == MC_OK ? 0 : admin_failure(req, st);
}

static json_t *result_json(const struct survey *s, size_t i,
                           const struct survey_question_result *r)
{
    const struct survey_question *q = &s->questions[i];
    json_t *o = json_pack("{s:i,s:s,s:s,s:I,s:b,s:b}", "position", q->position, "text", q->text,
                          "kind_label", survey_kind_label(q->kind), "answered",
                          (json_int_t)r->answered, "is_text", q->kind == SURVEY_TEXT,
                          "is_multiple", q->kind == SURVEY_MULTIPLE);
    if (q->kind == SURVEY_TEXT) {
        json_t *texts = json_array();
        for (size_t k = 0; k < r->ntexts; k++)
            json_array_append_new(texts, json_pack("{s:s,s:I}", "text", r->texts[k], "answer",
                                                   (json_int_t)r->text_ids[k]));
        json_object_set_new(o, "texts", texts);
        return o;
    }
    const char **labels = xcalloc(r->ncounts + 1, sizeof(*labels));
    char scale[SURVEY_SCALE_MAX][24];
    json_t *rows = json_array();
    for (size_t k = 0; k < r->ncounts; k++) {
        char pct[16];
        if (q->kind == SURVEY_SCALE) {
            snprintf(scale[k], sizeof(scale[k]), "%zu", k + 1);
            labels[k] = scale[k];
        } else {
            labels[k] = q->options[k].label;
        }
        survey_percent(r->counts[k], r->answered, pct, sizeof(pct));
        json_array_append_new(rows, json_pack("{s:s,s:I,s:s}", "label", labels[k], "count",
                                              (json_int_t)r->counts[k], "percent", pct));
    }
    struct buf svg;
    buf_init(&svg, BUF_MAX_SMALL * 4);
    char *title = NULL;
    struct buf t;
    buf_init(&t, BUF_MAX_SMALL);
    buf_addf(&t, "Biểu đồ câu %d: %s", q->position, q->text);
    title = buf_detach(&t, NULL);
    survey_view_chart(title, labels, r->counts, r->ncounts, r->answered, &svg);
    free(title);
    json_object_set_new(o, "rows", rows);
    if (buf_status(&svg) == MC_OK)
        json_object_set_new(o, "chart", json_string(buf_cstr(&svg)));
    buf_release(&svg);
    if (q->kind == SURVEY_SCALE) {
        char mean[16];
        snprintf(mean, sizeof(mean), "%.1f", r->mean);
        for (char *p = mean; *p; p++)
            if (*p == '.')
                *p = ',';
        json_object_set_new(o, "mean", json_string(mean));
    }
    free(labels);
    return o;
}

static json_t *groups_json(const struct survey *s, int64_t selected)
{
    json_t *a = json_array();
    for (size_t i = 0; i < s->nq; i++) {
        const struct survey_question *q = &s->questions[i];
        if (!q->is_group)
            continue;
        json_t *opts = json_array();
        for (size_t k = 0; k < q->nopts; k++)
            json_array_append_new(opts, json_pack("{s:I,s:s,s:b}", "id",
                                                  (json_int_t)q->options[k].id, "label",
                                                  q->options[k].label, "selected",
                                                  q->options[k].id == selected));
        json_array_append_new(a, json_pack("{s:s,s:o}", "text", q->text, "options", opts));
    }
    return a;
}

static unsigned page_admin_survey_results(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct survey s;
    struct survey_results res;
    struct results_args a;
    unsigned status;
    survey_init(&s);
    survey_results_init(&res);
    results_args(req, &a);
    status = load_for_results(req, &s);
    if (status)
        goto out;
    enum mc_status st = survey_results(c->db, &s, &a.f, &res);
    if (st != MC_OK) {
        status = st == MC_ERR_INVALID ? http_error(req, 400, "bad_filter",
                                                   "Nhóm người trả lời không hợp lệ")
                                      : admin_failure(req, st);
        goto out;
    }
    json_t *qs = json_array();
    for (size_t i = 0; i < s.nq; i++)
        json_array_append_new(qs, result_json(&s, i, &res.q[i]));
    json_t *data = json_pack("{s:I,s:s,s:I,s:o,s:s,s:b}", "id", (json_int_t)s.id, "title",
                             s.title, "responses", (json_int_t)res.responses, "questions", qs,
                             "query", a.query, "filtered",
                             a.f.agency_code != NULL || a.f.group_option != 0);
    json_object_set_new(data, "agencies", web_agency_options(c->db, a.f.agency_code, 0));
    json_t *groups = groups_json(&s, a.f.group_option);
    json_object_set_new(data, "has_groups", json_boolean(json_array_size(groups) > 0));
    json_object_set_new(data, "groups", groups);
    status = web_page(req, 200, "admin_survey_results.html",
                      arena_printf(req->arena, "Kết quả khảo sát: %s", s.title), data);
out:
    survey_results_release(&res);
    survey_release(&s);
    return status;
}

/* A free-text answer becomes a feedback item; the admin goes on to the item. */
static unsigned page_admin_survey_feedback_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    char code[FEEDBACK_CODE_SIZE];
    int64_t id = 0, answer = 0;
    bool created = false;
    enum mc_status st = MC_ERR_NOT_FOUND;
    if (text_parse_id(req->params[0], &id) && text_parse_id(req->params[1], &answer))
        st = survey_answer_to_feedback(c->db, staff_user(req), &c->actor, id, answer,
                                       http_arg(req, "agency"), &errs, code, &created);
    if (st == MC_OK)
        return http_redirect(req, arena_printf(req->arena, "/quan-tri/phan-anh/%s?xong=%s", code,
                                               created ? "tu-khao-sat" : "da-co"));
    if (st == MC_ERR_INVALID)
        return http_error(req, 422, "invalid", form_errors_first(&errs));
    return web_fail(req, st, &(const struct web_says){
                        .forbidden = "Bạn không quản lý phiếu khảo sát này",
                        .not_found = "Không có câu trả lời tự do này trong phiếu khảo sát",
                        .failed = "Không lưu được, xin thử lại sau"}, NULL);
}

static unsigned page_admin_survey_export(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct survey s;
    struct results_args a;
    struct buf out;
    char tmp[600];
    unsigned status;
    survey_init(&s);
    buf_init(&out, BUF_MAX_FILE);
    results_args(req, &a);
    status = load_for_results(req, &s);
    if (status)
        goto out;
    snprintf(tmp, sizeof(tmp), "%s/tmp", app_of(req)->cfg.data_dir);
    enum mc_status st = web_wants_xlsx(req) ? survey_export_xlsx(c->db, &s, &a.f, tmp, &out)
                                            : survey_export_csv(c->db, &s, &a.f, &out);
    if (st != MC_OK) {
        status = st == MC_ERR_INVALID ? http_error(req, 400, "bad_filter",
                                                   "Nhóm người trả lời không hợp lệ")
                                      : http_error(req, 500, "internal",
                                                   "Không xuất được kết quả, xin thử lại sau");
        goto out;
    }
    http_add_header(req, "Cache-Control", "no-store");
    status = web_reply_export(req, arena_printf(req->arena, "khao-sat-%lld", (long long)s.id),
                              &out);
out:
    buf_release(&out);
    survey_release(&s);
    return status;
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/khao-sat", page_survey_index, 0, 0},
    {HTTP_GET, "/khao-sat/{id}", page_survey, 0, 0},
    {HTTP_POST, "/khao-sat/{id}", page_survey_post, 0, WEB_FORM_MAX},
    {HTTP_GET, "/khao-sat/{id}/cam-on", page_survey_thanks, 0, 0},
    {HTTP_GET, "/quan-tri/khao-sat", page_admin_surveys, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/khao-sat", page_admin_survey_create, R_STAFF, WEB_FORM_MAX},
    {HTTP_GET, "/quan-tri/khao-sat/{id}", page_admin_survey, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/khao-sat/{id}", page_admin_survey_update, R_STAFF, WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/khao-sat/{id}/cau-hoi", page_admin_survey_question_add, R_STAFF,
     WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/khao-sat/{id}/cau-hoi/{qid}", page_admin_survey_question_post,
     R_STAFF, WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/khao-sat/{id}/trang-thai", page_admin_survey_status_post, R_STAFF,
     WEB_FORM_MAX},
    {HTTP_GET, "/quan-tri/khao-sat/{id}/ket-qua", page_admin_survey_results, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/khao-sat/{id}/ket-qua.xlsx", page_admin_survey_export, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/khao-sat/{id}/ket-qua.csv", page_admin_survey_export, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/khao-sat/{id}/y-kien/{answer}", page_admin_survey_feedback_post,
     R_STAFF, WEB_FORM_MAX},
};

const struct web_routes web_page_survey_routes = WEB_ROUTES(routes);
