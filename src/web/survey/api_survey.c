/*
 * api_survey.c - the survey API for mobile apps:
 *   GET  /api/v1/surveys/{id}              the survey and its questions
 *   POST /api/v1/surveys/{id}/responses    answer it (JSON)
 * A response body is {"answers":[{"question":ID, "option":ID | "options":[ID..] |
 * "value":1..5 | "text":"..."}], "respondent_id":"..", "agency":"T20.STP"}.
 * respondent_id is a random id the app keeps (one response per device
 * when the survey asks one per person).  Errors are
 * {"error":{"code","message"[,"fields":[{"field","message"}]]}}.
 */
#include <stdlib.h>
#include "web/app.h"
#include "web/reply.h"
#include "web/survey/survey_web.h"
#include "core/clock.h"
#include "domain/survey/survey.h"
#include "core/jfield.h"

static json_t *iso(int64_t t)
{
    char s[32];
    clock_format_iso(t, s, sizeof(s));
    return json_string(s);
}

static const char *state_name(enum survey_state st)
{
    switch (st) {
    case SURVEY_OPEN:
        return "open";
    case SURVEY_NOT_YET:
        return "not_yet";
    case SURVEY_ENDED:
        return "ended";
    default:
        return "draft";
    }
}

/* Load the public survey of the path; an error reply is sent when there is none. */
static enum mc_status load(struct http_request *req, struct survey *s)
{
    enum mc_status st = survey_get_public(web_ctx(req)->db, req->params[0], s);
    if (st != MC_OK)
        web_fail(req, st, &(const struct web_says){.not_found = "Không có khảo sát này",
                                                   .failed = "Không đọc được khảo sát"}, NULL);
    return st;
}

static unsigned api_survey_get(struct http_request *req)
{
    struct survey s;
    survey_init(&s);
    if (load(req, &s) != MC_OK) {
        survey_release(&s);
        return req->status;
    }
    json_t *qs = json_array();
    for (size_t i = 0; i < s.nq; i++) {
        const struct survey_question *q = &s.questions[i];
        json_t *opts = json_array();
        for (size_t k = 0; k < q->nopts; k++) {
            const struct survey_option *o = &q->options[k];
            json_t *skip = o->skip_to == SURVEY_SKIP_END ? json_string("end")
                           : o->skip_to > 0              ? json_integer(o->skip_to)
                                                         : json_null();
            json_array_append_new(opts, json_pack("{s:I,s:s,s:o}", "id", (json_int_t)o->id,
                                                  "label", o->label, "skip_to", skip));
        }
        json_array_append_new(qs, json_pack("{s:I,s:i,s:s,s:s,s:s,s:b,s:b,s:o}", "id",
                                            (json_int_t)q->id, "position", q->position, "kind",
                                            survey_kind_name(q->kind), "text", q->text, "help",
                                            q->help, "required", q->required, "is_group",
                                            q->is_group, "options", opts));
    }
    json_t *out = json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:b,s:b,s:o}", "id", (json_int_t)s.id,
                            "title", s.title, "intro", s.intro, "agency", s.agency_name,
                            "state", state_name(survey_state(&s, clock_now())), "opens_at",
                            iso(s.opens_at), "closes_at", iso(s.closes_at), "signed_in_only",
                            s.signed_in_only, "one_per_person", s.one_per_person, "questions",
                            qs);
    survey_release(&s);
    return web_json(req, 200, out);
}

/* Append one (question, value) pair; false when the reply is too long. */
static bool add_item(struct http_request *req, struct survey_reply_item *items, size_t *n,
                     int64_t qid, json_t *v)
{
    const char *s = NULL;
    if (*n >= SURVEY_REPLY_MAX)
        return false;
    if (json_is_integer(v))
        s = arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
    else if (json_is_string(v))
        s = json_string_value(v);
    else
        return true;   /* null or another type: no answer */
    items[(*n)++] = (struct survey_reply_item){qid, s};
    return true;
}

/* The body's answers as reply items; false (with errs) when malformed. */
static bool reply_from_json(struct http_request *req, json_t *body, struct survey_reply *r,
                            struct form_errors *errs)
{
    json_t *answers = json_object_get(body, "answers");
    struct survey_reply_item *items =
        arena_calloc(req->arena, SURVEY_REPLY_MAX + 1, sizeof(*items));
    size_t n = 0, i;
    json_t *a;
    r->items = items;
    r->n = 0;
    if (!json_is_array(answers)) {
        form_errors_add(errs, "answers", "thiếu danh sách câu trả lời (answers)");
        return false;
    }
    json_array_foreach(answers, i, a) {
        json_t *q = json_object_get(a, "question");
        json_t *opts = json_object_get(a, "options");
        bool ok = true;
        if (!json_is_integer(q)) {
            form_errors_add(errs, "answers", "mỗi câu trả lời cần mã câu hỏi (question)");
            return false;
        }
        int64_t qid = json_integer_value(q);
        if (json_is_array(opts)) {
            size_t k;
            json_t *o;
            json_array_foreach(opts, k, o) ok = ok && add_item(req, items, &n, qid, o);
        }
        ok = ok && add_item(req, items, &n, qid, json_object_get(a, "option"));
        ok = ok && add_item(req, items, &n, qid, json_object_get(a, "value"));
        ok = ok && add_item(req, items, &n, qid, json_object_get(a, "text"));
        if (!ok) {
            form_errors_add(errs, "answers", "có quá nhiều câu trả lời");
            return false;
        }
    }
    r->n = n;
    return true;
}

static unsigned api_survey_respond(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    struct survey s;
    struct survey_reply r;
    struct jfield_error jerr;
    json_t *body = NULL;
    unsigned status;
    int64_t rid = 0;
    survey_init(&s);
    if (load(req, &s) != MC_OK) {
        status = req->status;
        goto out;
    }
    jfield_error_init(&jerr);
    if (jfield_parse_object(req->body.data, req->body.len, 0, &body, &jerr) != MC_OK) {
        status = web_json_error(req, 400, "bad_json", "Dữ liệu gửi lên không phải JSON hợp lệ");
        goto out;
    }
    if (!reply_from_json(req, body, &r, &errs)) {
        status = web_fail(req, MC_ERR_INVALID, NULL, &errs);
        goto out;
    }
    /* Optional: a respondent id or agency of the wrong type or too long is ignored. */
    const char *key = NULL, *agency = NULL;
    jfield_error_init(&jerr);
    key = jfield_get_str(body, "respondent_id", 0, 128, &jerr);
    agency = jfield_get_str(body, "agency", 0, 63, &jerr);
    struct survey_respondent p = {
        .user_id = web_signed_in(req) ? c->session.user.id : 0, .key = key,
        .address = req->client_addr, .agency_code = agency, .channel = "api",
    };
    enum mc_status st = survey_respond(c->db, &s, &r, &p, &c->actor, &errs, &rid);
    if (st == MC_OK)
        status = web_json(req, 201, json_pack("{s:I}", "id", (json_int_t)rid));
    else
        status = web_fail(req, st, &(const struct web_says){
                              .conflict = "khảo sát không nhận trả lời",
                              .unauthorized = "Khảo sát này cần đăng nhập",
                              .rate_limited = "Đã có quá nhiều câu trả lời từ địa chỉ mạng này "
                                              "hôm nay",
                              .failed = "Không lưu được câu trả lời"}, &errs);
out:
    json_decref(body);
    survey_release(&s);
    return status;
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/api/v1/surveys/{id}", api_survey_get, R_API, 0},
    {HTTP_POST, "/api/v1/surveys/{id}/responses", api_survey_respond, R_API, WEB_FORM_MAX},
};

const struct web_routes web_api_survey_routes = WEB_ROUTES(routes);
