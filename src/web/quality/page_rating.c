/*
 * page_rating.c - the citizen's rating of a finished dossier
 * (/ho-so/{code}/danh-gia): the form (overall verdict, the nine criteria,
 * a comment) and its POST.  Who may rate, when and how often is decided
 * by rating_save() (rating/rating.h); this page only parses and renders.
 * A refused form is shown again with everything that was typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include "web/dossier/dossier_view.h"
#include "web/quality/quality_web.h"
#include "core/clock.h"
#include "core/mem.h"
#include "domain/rating/rating.h"

#define FIELD_OVERALL "muc_do"
#define FIELD_COMMENT "gop_y"
#define FIELD_PREFIX "tc_"

/* Option number from a form value: 0 for absent or not a small number. */
static int parse_option(const char *s)
{
    if (!s || s[0] < '0' || s[0] > '9' || s[1] != '\0')
        return 0;
    return s[0] - '0';
}

static json_t *options_json(const char *const *labels, int n, int chosen)
{
    json_t *a = json_array();
    for (int k = 0; k < n; k++)
        json_array_append_new(a, json_pack("{s:i,s:s,s:b}", "value", k + 1, "label",
                                           labels[k], "checked", chosen == k + 1));
    return a;
}

/* The form's view: values from in (typed or stored). */
static json_t *form_json(const struct dossier *d, const struct rating_input *in)
{
    const char *overall[NAT_VERDICT_MAX];   /* DanhGia 1..3, named once (codes.h) */
    const struct rating_criterion *c = rating_criteria();
    for (int v = 1; v <= NAT_VERDICT_MAX; v++)
        overall[v - 1] = nat_verdict_name(v);
    json_t *crit = json_array();
    for (int i = 0; i < RATING_CRITERIA; i++)
        json_array_append_new(crit, json_pack("{s:s,s:s,s:o}", "key", c[i].key, "label",
                                              c[i].label, "options",
                                              options_json(c[i].options, c[i].n,
                                                           in->criteria[i])));
    return json_pack("{s:s,s:s,s:o,s:o,s:s,s:i}", "code", d->code, "procedure_name",
                     d->procedure_name[0] ? d->procedure_name : d->procedure_code,
                     "overall_options", options_json(overall, NAT_VERDICT_MAX, in->overall),
                     "criteria", crit, "comment", in->comment ? in->comment : "",
                     "comment_max", RATING_COMMENT_MAX);
}

/* Load the URL's dossier for the signed-in user; on failure the reply is sent. */
static bool load(struct http_request *req, struct dossier *d, unsigned *rc)
{
    const struct user *u = dossier_view_user(req);
    enum mc_status st = dossier_view_code_ok(req->params[0])
                            ? dossier_get_by_code(web_ctx(req)->db, u, req->params[0], d)
                            : MC_ERR_NOT_FOUND;
    if (st == MC_OK)
        return true;
    *rc = dossier_view_error(req, st, NULL, NULL);
    return false;
}

static unsigned render(struct http_request *req, unsigned status, const struct dossier *d,
                       const struct rating_state *st, const struct rating *r,
                       const struct rating_input *in, const char *error)
{
    json_t *rf = form_json(d, in);
    json_object_set_new(rf, "editable", json_boolean(st->editable));
    json_object_set_new(rf, "rated", json_boolean(st->rated));
    json_object_set_new(rf, "owner", json_boolean(st->owner));
    json_object_set_new(rf, "why", json_string(st->why ? st->why : ""));
    json_object_set_new(rf, "saved", json_boolean(http_arg(req, "da_luu") != NULL));
    if (st->rated) {
        json_object_set_new(rf, "rated_at", dossier_view_time(r->created_at));
        json_object_set_new(rf, "edit_until", dossier_view_time(st->edit_until));
        json_object_set_new(rf, "overall_name", json_string(nat_verdict_name(r->overall)));
    }
    web_page_error(rf, error);
    json_t *data = json_pack("{s:o,s:s}", "rf", rf, "code", d->code);
    return web_page(req, status, "rating.html", "Đánh giá mức độ hài lòng", data);
}

static void input_from_rating(const struct rating *r, struct rating_input *in)
{
    in->overall = r->overall;
    for (int i = 0; i < RATING_CRITERIA; i++)
        in->criteria[i] = r->criteria[i];
    in->comment = r->comment;
}

static unsigned page_rating(struct http_request *req)
{
    struct dossier d;
    struct rating *r = xcalloc(1, sizeof(*r));
    struct rating_state st;
    struct rating_input in;
    unsigned rc = 0;
    memset(&in, 0, sizeof(in));
    dossier_init(&d);
    if (!load(req, &d, &rc))
        goto out;
    enum mc_status s = rating_state_of(web_ctx(req)->db, dossier_view_user(req), &d,
                                       clock_now(), r, &st);
    if (s != MC_OK) {
        rc = dossier_view_error(req, s, NULL, NULL);
        goto out;
    }
    if (!st.owner) {
        rc = http_error(req, 403, "forbidden",
                        "Chỉ người nộp hồ sơ mới được đánh giá hồ sơ này.");
        goto out;
    }
    if (st.rated)
        input_from_rating(r, &in);
    rc = render(req, 200, &d, &st, r, &in, NULL);
out:
    dossier_release(&d);
    free(r);
    return rc;
}

static unsigned page_rating_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    const struct user *u = dossier_view_user(req);
    struct dossier d;
    struct rating *r = xcalloc(1, sizeof(*r));
    struct rating_state st;
    struct rating_input in;
    const struct rating_criterion *crit = rating_criteria();
    struct form_errors errs = {0};
    const char *why;
    unsigned rc = 0;
    memset(&in, 0, sizeof(in));
    dossier_init(&d);
    if (!load(req, &d, &rc))
        goto out;
    in.overall = parse_option(kv_get(req->form, FIELD_OVERALL));
    for (int i = 0; i < RATING_CRITERIA; i++) {
        char name[64];
        snprintf(name, sizeof(name), FIELD_PREFIX "%s", crit[i].key);
        in.criteria[i] = parse_option(kv_get(req->form, name));
    }
    in.comment = kv_get(req->form, FIELD_COMMENT);
    enum mc_status s = rating_save(c->db, &c->actor, u, d.id, &in, NULL, &errs);
    why = form_errors_first(&errs);
    if (s == MC_OK) {
        rc = http_redirect(req, arena_printf(req->arena, "/ho-so/%s/danh-gia?da_luu=1",
                                             d.code));
        goto out;
    }
    if (s != MC_ERR_INVALID && s != MC_ERR_FORBIDDEN) {
        rc = dossier_view_error(req, s, why, NULL);
        goto out;
    }
    if (rating_state_of(c->db, u, &d, clock_now(), r, &st) != MC_OK) {
        rc = dossier_view_error(req, MC_ERR_DB, NULL, NULL);
        goto out;
    }
    if (!st.owner) {
        rc = dossier_view_error(req, MC_ERR_NOT_FOUND, NULL, NULL);
        goto out;
    }
    rc = render(req, s == MC_ERR_FORBIDDEN ? 403 : 422, &d, &st, r, &in,
                why ? why : "Đánh giá chưa hợp lệ.");
out:
    dossier_release(&d);
    free(r);
    return rc;
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/ho-so/{code}/danh-gia", page_rating, R_SIGNED_IN, 0},
    {HTTP_POST, "/ho-so/{code}/danh-gia", page_rating_post, R_SIGNED_IN, WEB_FORM_MAX},
};

const struct web_routes web_page_rating_routes = WEB_ROUTES(routes);
