/*
 * page_quality.c - the service-quality dashboards (chất lượng phục vụ):
 *   /chat-luong                      province, rankings, trend, ratings, late lists
 *   /chat-luong/{unit}               one agency or commune ("tinh": the province)
 *   /chat-luong/{unit}/{indicator}   numerator, denominator, points; for staff
 *                                    the dossiers behind the number
 *   /chat-luong/xuat.xlsx, .csv      the index and rankings for officials
 *   /quan-tri/chat-luong             a leader's unit: weak indicators, dossiers
 *                                    that cost points, due soon and overdue,
 *                                    officers' ratings
 * Figures come from the index module (index/index.h: published revisions
 * when they exist, else live "tạm tính"), ratings from rating/rating.h and
 * the dossier lists from quality/quality.h.  No SQL here.
 */
#include <stdio.h>
#include <stdlib.h>
#include "web/dossier/dossier_view.h"
#include "web/quality/quality_web.h"
#include "web/quality/quality_view.h"
#include "web/options.h"
#include "web/page_cache.h"
#include "web/reply.h"
#include "domain/calendar/date.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/vnfmt.h"
#include "domain/quality/quality.h"
#include "domain/rating/rating.h"
#include "domain/units/unit.h"

#define TREND_MONTHS 12
#define LATE_SHOWN 50          /* late dossiers listed on a public page */
#define ROWS_SHOWN 20          /* rows of a ranking or a table by agency on /chat-luong */
#define COST_SHOWN 100         /* dossiers that cost points on the leader page */
#define PROVINCE_ALIAS "tinh"  /* /chat-luong/tinh is the whole province */

static struct app *app_of(struct http_request *req)
{
    return req->app;
}

/* The signed-in user or NULL. */
static const struct user *viewer(struct http_request *req)
{
    return web_signed_in(req) ? &web_ctx(req)->session.user : NULL;
}

/* Officers only: a collaborator must not see the dossier lists. */
static bool is_staff(const struct user *u)
{
    return user_is_officer(u);
}

/* The period a page shows, and what was wrong with the one asked for. */
struct period_choice {
    char period[IDX_PERIOD_STR_SIZE];   /* canonical ("2026-11") */
    bool defaulted;                     /* no usable ?ky=: the default period */
    const char *problem;                /* Vietnamese, shown at the form; NULL = none */
    const char *typed;                  /* what was typed when refused, for the form */
};

/*
 * The period of ?ky= ("2026-11", "11/2026", "2026-Q4", "Q4/2026", "2026"),
 * else def (a canonical period) or, when def is NULL, the default period.
 * A period that cannot be read, or that has not started yet, is refused
 * with c->problem set and the default shown instead, so that the page
 * answers with the form and the message, not a dead end.  Returns false
 * (with the reply sent) only when the database fails.
 */
static bool period_arg(struct http_request *req, const char *def, struct period_choice *c,
                       unsigned *rc)
{
    const char *ky = web_arg_trimmed(req, "ky");
    struct idx_period p;
    memset(c, 0, sizeof(*c));
    if (ky && idx_period_parse(ky, &p) != MC_OK) {
        c->problem = arena_printf(req->arena, "Không hiểu kỳ “%s”. Gõ tháng như 11/2026 hoặc "
                                  "2026-11, quý như Q4/2026 hoặc 2026-Q4, năm như 2026.", ky);
    } else if (ky && p.start > clock_now()) {
        char text[64];
        idx_period_format(&p, c->period, sizeof(c->period));
        quality_view_period_text(c->period, text, sizeof(text));
        c->problem = arena_printf(req->arena, "Kỳ %s chưa bắt đầu nên chưa có số liệu để "
                                  "tính điểm. Hãy chọn kỳ hiện tại hoặc một kỳ đã qua.", text);
    } else if (ky) {
        idx_period_format(&p, c->period, sizeof(c->period));
        return true;
    }
    c->typed = c->problem ? ky : NULL;
    c->defaulted = true;
    if (def) {
        snprintf(c->period, sizeof(c->period), "%s", def);
        return true;
    }
    if (quality_default_period(web_ctx(req)->db, clock_now(), c->period, &c->defaulted) !=
        MC_OK) {
        *rc = http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau");
        return false;
    }
    c->defaulted = true;
    return true;
}

/* What every dashboard template gets about the period: "period" (canonical, for
 * links), "period_text" ("tháng 11/2026"), "period_input" (the form's value)
 * and "period_problem"; the HTTP status to answer with. */
static unsigned add_period(json_t *data, const struct period_choice *c)
{
    char text[64], input[64];
    quality_view_period_text(c->period, text, sizeof(text));
    quality_view_period_input(c->period, input, sizeof(input));
    json_object_set_new(data, "period", json_string(c->period));
    json_object_set_new(data, "period_text", json_string(text));
    json_object_set_new(data, "period_input", json_string(c->typed ? c->typed : input));
    if (c->problem)
        json_object_set_new(data, "period_problem", json_string(c->problem));
    return c->problem ? 400 : 200;
}

static unsigned domain_error(struct http_request *req, enum mc_status st)
{
    if (st == MC_ERR_INVALID)   /* a malformed ?ky= is a bad request, not a refusal */
        return http_error(req, 400, "bad_period", "Kỳ không hợp lệ.");
    return web_fail(req, st, &(const struct web_says){
                        .not_found = "Không có cơ quan, đơn vị này.",
                        .failed = "Không tính được chỉ số, xin thử lại sau."}, NULL);
}

/* unit of the URL: NULL for the province alias. */
static const char *unit_param(struct http_request *req)
{
    const char *u = req->params[0];
    return strcmp(u, PROVINCE_ALIAS) == 0 ? NULL : u;
}

/* The 12-month trend of unit ending with period: data "trend", "trend_svg". */
static enum mc_status add_trend(struct http_request *req, json_t *data, const char *unit,
                                const char *period, const char *name)
{
    char months[TREND_MONTHS][IDX_PERIOD_STR_SIZE];
    struct quality_point pts[TREND_MONTHS];
    struct buf svg;
    enum mc_status rc = quality_months(period, TREND_MONTHS, months);
    if (rc != MC_OK)
        return rc;
    for (size_t i = 0; i < TREND_MONTHS; i++) {
        json_t *doc = NULL;
        memset(&pts[i], 0, sizeof(pts[i]));
        snprintf(pts[i].label, sizeof(pts[i].label), "%.*s",
                 (int)sizeof(pts[i].label) - 1, months[i]);
        rc = index766_document(web_ctx(req)->db, unit, months[i], &doc);
        if (rc != MC_OK)
            return rc;
        json_t *st = json_object_get(doc, "state");
        pts[i].has = !(json_is_string(st) &&
                       strcmp(json_string_value(st), "chua_co_du_lieu") == 0);
        pts[i].value = json_number_value(json_object_get(doc, "total"));
        json_decref(doc);
    }
    buf_init(&svg, BUF_MAX_SMALL);
    quality_view_chart(pts, TREND_MONTHS,
                       arena_printf(req->arena, "Điểm chỉ số 12 tháng – %s", name), &svg);
    json_object_set_new(data, "trend_svg", json_stringn(buf_cstr(&svg), svg.len));
    json_object_set_new(data, "trend", quality_view_trend_rows(pts, TREND_MONTHS));
    buf_release(&svg);
    return MC_OK;
}

static enum mc_status add_late(struct http_request *req, json_t *data, const char *unit,
                               const char *period)
{
    struct index766_late_list l;
    index766_late_list_init(&l);
    enum mc_status rc = index766_late(web_ctx(req)->db, unit, period, &l);
    if (rc == MC_OK)
        json_object_set_new(data, "late", quality_view_late(&l, LATE_SHOWN));
    index766_late_list_release(&l);
    return rc;
}

static enum mc_status add_ratings(struct http_request *req, json_t *data, const char *period)
{
    struct idx_period p;
    struct rating_agg a;
    enum mc_status rc = idx_period_parse(period, &p);
    rating_agg_init(&a);
    if (rc == MC_OK)
        rc = rating_aggregate(web_ctx(req)->db, RATING_BY_AGENCY, p.start, p.end, &a);
    if (rc == MC_OK)
        json_object_set_new(data, "ratings_agency", quality_view_ratings(&a));
    if (rc == MC_OK)
        rc = rating_aggregate(web_ctx(req)->db, RATING_BY_FIELD, p.start, p.end, &a);
    if (rc == MC_OK)
        json_object_set_new(data, "ratings_field", quality_view_ratings(&a));
    rating_agg_release(&a);
    return rc;
}

/* ---------------------------------------------------------------- public pages */

/*
 * The dashboards read a period's dossiers (the late list, the ratings, the
 * trend): hundreds of milliseconds at province scale.  They are the same
 * for every anonymous visitor, who gets them from memory (page_cache.h) at
 * most PUBLIC_FRESH_S old, so that a crawler or an attacker cannot make the
 * server read them on every request; signed-in staff see them live.
 */
#define PUBLIC_FRESH_S 60

/* The cache key of the dashboard req asks for: its path and the two
 * arguments it reads (any other argument would only make new keys); NULL
 * for a visitor with a session.  *version: the current minute. */
static const char *public_key(struct http_request *req, int64_t *version)
{
    *version = clock_now() / PUBLIC_FRESH_S;
    if (web_ctx(req)->has_session)
        return NULL;
    const char *ky = http_arg(req, "ky"), *rank = http_arg(req, "xep_hang");
    return arena_printf(req->arena, "quality:%s\x1fky=%s\x1fxep_hang=%s", req->path,
                        ky ? ky : "", rank ? rank : "");
}

/*
 * The start of a public page: a kept copy first (the default period alone
 * costs reads), else the period asked for.  OUT *key, *version as
 * public_key() gives them and *pc.  Returns true to go on; false when the
 * request is answered, with its status in *rc.
 */
static bool public_start(struct http_request *req, const char **key, int64_t *version,
                         struct period_choice *pc, unsigned *rc)
{
    *key = public_key(req, version);
    if (*key && page_cache_serve(req, *key, *version)) {
        *rc = 200;
        return false;
    }
    return period_arg(req, NULL, pc, rc);
}

/* "Số liệu lúc 14:05 ngày 07/12/2026": when the page's figures were read. */
static void add_as_of(json_t *data)
{
    char at[64];
    json_object_set_new(data, "as_of", json_string(vnfmt_datetime(at, sizeof(at), clock_now())));
}

/*
 * Keep the first ROWS_SHOWN rows of the array at key in o (a province has
 * hundreds of agencies and communes: the whole lists would make the page
 * weigh hundreds of kilobytes); with more, set more_key to their number.
 */
static void keep_first(json_t *o, const char *key, const char *more_key)
{
    json_t *rows = json_object_get(o, key);
    size_t n = json_array_size(rows);
    if (n <= ROWS_SHOWN)
        return;
    while (json_array_size(rows) > ROWS_SHOWN)
        json_array_remove(rows, json_array_size(rows) - 1);
    json_object_set_new(o, more_key, json_integer((json_int_t)n));
}

static const struct {
    const char *key;                  /* ?xep_hang= */
    enum index766_rank_kind kind;
    const char *title, *what;
} rankings[] = {
    {"co-quan", INDEX766_RANK_AGENCIES, "Xếp hạng cơ quan, đơn vị", "Cơ quan, đơn vị"},
    {"xa", INDEX766_RANK_COMMUNES, "Xếp hạng xã, phường", "Xã, phường"},
};

/* /chat-luong?xep_hang=co-quan|xa: one whole ranking of the province. */
static unsigned page_ranking(struct http_request *req, const struct period_choice *pc,
                             size_t which, const char *key, int64_t version)
{
    json_t *doc = NULL;
    enum mc_status st = index766_ranking_document(web_ctx(req)->db, pc->period,
                                                  rankings[which].kind, &doc);
    if (st != MC_OK)
        return domain_error(req, st);
    json_t *groups = json_array();
    for (int g = 0; g < IDX_GROUP_COUNT; g++)
        json_array_append_new(groups, json_string(idx_group_def((enum idx_group)g)->name));
    json_t *data = json_pack("{s:s,s:s,s:o,s:o}", "title", rankings[which].title, "what",
                             rankings[which].what, "rows",
                             quality_view_ranking(doc, pc->period), "group_names", groups);
    json_decref(doc);
    unsigned status = add_period(data, pc);
    add_as_of(data);
    return page_cache_page(req, status, "quality_ranking.html", rankings[which].title, data, key,
                           version);
}

static unsigned page_quality(struct http_request *req)
{
    struct db *db = web_ctx(req)->db;
    struct period_choice pc;
    unsigned rc = 0;
    json_t *doc = NULL, *agencies = NULL, *communes = NULL;
    int64_t version;
    const char *key;
    if (!public_start(req, &key, &version, &pc, &rc))
        return rc;
    const char *which = http_arg(req, "xep_hang");
    for (size_t i = 0; which && i < MC_ARRAY_LEN(rankings); i++)
        if (strcmp(which, rankings[i].key) == 0)
            return page_ranking(req, &pc, i, key, version);
    const char *period = pc.period;
    enum mc_status st = index766_document(db, NULL, period, &doc);
    if (st == MC_OK)
        st = index766_ranking_document(db, period, INDEX766_RANK_AGENCIES, &agencies);
    if (st == MC_OK)
        st = index766_ranking_document(db, period, INDEX766_RANK_COMMUNES, &communes);
    json_t *data = json_object();
    if (st == MC_OK) {
        json_object_set_new(data, "r", quality_view_report(doc, "/chat-luong/" PROVINCE_ALIAS,
                                                           period));
        json_object_set_new(data, "agencies", quality_view_ranking(agencies, period));
        json_object_set_new(data, "communes", quality_view_ranking(communes, period));
        st = add_trend(req, data, NULL, period, "toàn tỉnh");
    }
    if (st == MC_OK)
        st = add_ratings(req, data, period);
    if (st == MC_OK)
        st = add_late(req, data, NULL, period);
    json_decref(doc);
    json_decref(agencies);
    json_decref(communes);
    if (st != MC_OK) {
        json_decref(data);
        return domain_error(req, st);
    }
    json_t *groups = json_array();
    for (int g = 0; g < IDX_GROUP_COUNT; g++)
        json_array_append_new(groups, json_string(idx_group_def((enum idx_group)g)->name));
    json_object_set_new(data, "group_names", groups);
    json_object_set_new(data, "defaulted", json_boolean(pc.defaulted));
    keep_first(data, "agencies", "agencies_all");
    keep_first(data, "communes", "communes_all");
    keep_first(json_object_get(data, "ratings_agency"), "rows", "rows_all");
    keep_first(json_object_get(data, "late"), "by_agency", "by_agency_all");
    keep_first(json_object_get(data, "late"), "by_officer", "by_officer_all");
    unsigned status = add_period(data, &pc);
    add_as_of(data);
    return page_cache_page(req, status, "quality.html",
                           "Chất lượng phục vụ người dân, doanh nghiệp", data, key, version);
}

static unsigned page_quality_unit(struct http_request *req)
{
    struct db *db = web_ctx(req)->db;
    struct period_choice pc;
    unsigned rc = 0;
    json_t *doc = NULL;
    const char *unit = unit_param(req);
    int64_t version;
    const char *key;
    if (!public_start(req, &key, &version, &pc, &rc))
        return rc;
    const char *period = pc.period;
    enum mc_status st = index766_document(db, unit, period, &doc);
    if (st != MC_OK)
        return domain_error(req, st);
    const char *code = unit ? unit : PROVINCE_ALIAS;
    json_t *data = json_object();
    json_t *r = quality_view_report(doc, arena_printf(req->arena, "/chat-luong/%s", code),
                                    period);
    const char *name = json_string_value(json_object_get(r, "name"));
    json_object_set_new(data, "r", r);
    json_object_set_new(data, "code", json_string(code));
    unsigned status = add_period(data, &pc);
    st = add_trend(req, data, unit, period, name && *name ? name : code);
    if (st == MC_OK)
        st = add_late(req, data, unit, period);
    json_decref(doc);
    if (st != MC_OK) {
        json_decref(data);
        return domain_error(req, st);
    }
    add_as_of(data);
    return page_cache_page(req, status, "quality_unit.html",
                           arena_printf(req->arena, "Chất lượng phục vụ – %s",
                                        name && *name ? name : code),
                           data, key, version);
}

/* The indicator named key in an index document, or NULL. */
static json_t *find_indicator(json_t *doc, const char *key)
{
    json_t *g, *ind;
    size_t gi, ii;
    json_array_foreach(json_object_get(doc, "groups"), gi, g) {
        json_array_foreach(json_object_get(g, "indicators"), ii, ind) {
            const char *k = json_string_value(json_object_get(ind, "key"));
            if (k && strcmp(k, key) == 0)
                return ind;
        }
    }
    return NULL;
}

static json_t *dossier_rows(const struct quality_dossier_list *l, size_t max, int filter)
{
    json_t *rows = json_array();
    size_t shown = 0;
    for (size_t i = 0; i < l->n && shown < max; i++) {
        const struct quality_dossier *q = &l->rows[i];
        if ((filter == 1 && q->in_numerator) || (filter == 2 && (q->in_numerator || q->late)))
            continue;
        shown++;
        json_array_append_new(rows, json_pack(
            "{s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:b,s:b,s:s}", "code", q->code, "procedure_code",
            q->procedure_code, "procedure_name",
            q->procedure_name[0] ? q->procedure_name : q->procedure_code, "agency",
            q->agency_name[0] ? q->agency_name : q->agency_code, "status",
            dossier_status_name(q->status, q->step), "received_at",
            dossier_view_date(q->received_at), "deadline_at", dossier_view_time(q->deadline_at),
            "in_numerator", q->in_numerator, "late", q->late, "rating",
            nat_verdict_name(q->rating)));
    }
    return rows;
}

static unsigned page_quality_indicator(struct http_request *req)
{
    struct db *db = web_ctx(req)->db;
    const struct user *u = viewer(req);
    struct period_choice pc;
    unsigned rc = 0;
    json_t *doc = NULL, *data = NULL;
    const char *period = pc.period;
    enum idx_indicator which;
    const char *unit = unit_param(req), *key = req->params[1];
    const char *num_field = NULL, *den_field = NULL;
    struct index766_report *rep = xcalloc(1, sizeof(*rep));
    struct quality_dossier_list l;
    quality_dossier_list_init(&l);
    if (!period_arg(req, NULL, &pc, &rc))
        goto out;
    if (idx_indicator_find(key, &which) != MC_OK) {
        rc = http_error(req, 404, "not_found", "Không có chỉ số này.");
        goto out;
    }
    enum mc_status st = index766_document(db, unit, period, &doc);
    if (st == MC_OK)
        st = index766_compute(db, unit, period, rep);
    if (st != MC_OK) {
        rc = domain_error(req, st);
        goto out;
    }
    const struct idx_indicator_def *def = idx_indicator_def(which);
    json_t *ind = find_indicator(doc, key);
    const char *code = unit ? unit : PROVINCE_ALIAS;
    data = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:I}", "code", code, "unit_name",
                     rep->name[0] ? rep->name : code, "key", key, "name",
                     def->name, "num_label", def->numerator, "den_label", def->denominator,
                     "max", (json_int_t)def->max_points);
    unsigned status = add_period(data, &pc);
    if (ind) {
        const char *state = json_string_value(json_object_get(ind, "state"));
        bool nd = state && strcmp(state, "chua_co_du_lieu") == 0;
        json_object_set_new(data, "no_data", json_boolean(nd));
        json_object_set_new(data, "numerator", json_copy(json_object_get(ind, "numerator")));
        json_object_set_new(data, "denominator",
                            json_copy(json_object_get(ind, "denominator")));
        json_int_t num = json_integer_value(json_object_get(ind, "numerator"));
        json_int_t den = json_integer_value(json_object_get(ind, "denominator"));
        json_object_set_new(data, "ratio", quality_view_share(num, den));
        json_object_set_new(data, "points", quality_view_number(
            json_number_value(json_object_get(ind, "points"))));
        if (state && strcmp(state, "khong_phat_sinh") == 0)
            json_object_set_new(data, "empty_full", json_true());
    }
    json_object_set_new(data, "provisional",
                        json_boolean(json_is_true(json_object_get(doc, "live"))));
    bool dossier_fed = quality_indicator_fields(key, &num_field, &den_field) == MC_OK;
    json_object_set_new(data, "dossier_fed", json_boolean(dossier_fed));
    if (dossier_fed && is_staff(u)) {
        const char *only = (u->roles & ROLE_PROVINCE_ADMIN) ? NULL : u->agency_code;
        st = quality_dossiers(db, rep->kind, rep->unit, period, key, only, &l);
        if (st != MC_OK) {
            rc = domain_error(req, st);
            goto out;
        }
        json_object_set_new(data, "staff_list", json_pack(
            "{s:o,s:I,s:I,s:b,s:b,s:o}", "rows", dossier_rows(&l, QUALITY_DOSSIERS_MAX, 0),
            "numerator", (json_int_t)l.numerator, "denominator", (json_int_t)l.denominator,
            "truncated", l.truncated, "own_agency_only", only != NULL, "agency",
            only ? dossier_view_agency_name(db, only) : json_string("")));
    }
    rc = web_page(req, status, "quality_indicator.html",
                  arena_printf(req->arena, "%s – %s", def->name,
                               rep->name[0] ? rep->name : code), data);
    data = NULL;
out:
    json_decref(data);
    json_decref(doc);
    quality_dossier_list_release(&l);
    free(rep);
    return rc;
}

/* ---------------------------------------------------------------- exports */

static unsigned page_quality_export(struct http_request *req)
{
    char tmp[600];
    struct period_choice pc;
    unsigned rc = 0;
    struct buf out;
    if (!period_arg(req, NULL, &pc, &rc))
        return rc;
    if (pc.problem)   /* a download has no form to show the message at */
        return http_error(req, 400, "bad_period", pc.problem);
    const char *period = pc.period;
    buf_init(&out, BUF_MAX_FILE);
    snprintf(tmp, sizeof(tmp), "%s/tmp", app_of(req)->cfg.data_dir);
    struct db *db = web_ctx(req)->db;
    enum mc_status st = web_wants_xlsx(req) ? quality_export_xlsx(db, period, tmp, &out)
                                            : quality_export_csv(db, period, &out);
    if (st != MC_OK) {
        buf_release(&out);
        return domain_error(req, st);
    }
    http_add_header(req, "Cache-Control", "no-store");
    rc = web_reply_export(req, arena_printf(req->arena, "chi-so-766-%s", period), &out);
    buf_release(&out);
    return rc;
}

/* ---------------------------------------------------------------- leaders */

/* Weak indicators of r (with data), lowest ratio first. */
static json_t *weak_indicators(const struct index766_report *r, const char *code,
                               const char *period)
{
    size_t order[IDX_INDICATOR_COUNT], n = 0;
    json_t *a = json_array();
    for (size_t i = 0; i < IDX_INDICATOR_COUNT; i++)
        if (r->result.ind[i].state == IDX_STATE_SCORED)
            order[n++] = i;
    for (size_t i = 1; i < n; i++)   /* insertion sort: 21 items at most */
        for (size_t k = i; k > 0 && r->result.ind[order[k]].ratio <
                                        r->result.ind[order[k - 1]].ratio; k--) {
            size_t t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        const struct idx_indicator_def *def = idx_indicator_def((enum idx_indicator)order[i]);
        const struct idx_indicator_result *res = &r->result.ind[order[i]];
        json_array_append_new(a, json_pack(
            "{s:s,s:s,s:o,s:o,s:i,s:I,s:I,s:o}", "key", def->key, "name", def->name, "ratio",
            quality_view_share(r->in[order[i]].num, r->in[order[i]].den), "points",
            quality_view_number(res->points),
            "max", res->max_points, "numerator", (json_int_t)r->in[order[i]].num,
            "denominator", (json_int_t)r->in[order[i]].den, "url",
            json_sprintf("/chat-luong/%s/%s?ky=%s", code, def->key, period)));
    }
    return a;
}

static enum mc_status queue_rows(struct http_request *req, const struct user *u,
                                 enum dossier_queue q, const char *agency, json_t **out)
{
    struct dossier_env env;
    struct dossier_page page;
    struct dossier_filter f = {.queue = q, .agency_code = agency, .limit = DOSSIER_PAGE_MAX};
    dossier_view_env(req, &env);
    dossier_page_init(&page);
    enum mc_status rc = dossier_list(&env, u, &f, &page);
    *out = json_array();
    for (size_t i = 0; rc == MC_OK && i < page.n; i++)
        json_array_append_new(*out, dossier_view_row(&page.items[i]));
    dossier_page_release(&page);
    return rc;
}

/*
 * What a province admin may look at, by name (staff never type codes):
 * the province, every agency, then every commune with an agency.
 */
static json_t *unit_options(struct db *db, const char *chosen)
{
    struct unit_list provinces, communes;
    struct agency_list agencies;
    json_t *a = json_array();
    unit_list_init(&provinces);
    unit_list_init(&communes);
    agency_list_init(&agencies);
    web_option_add(a, "", "Toàn tỉnh", chosen);
    enum mc_status st = agency_list(db, NULL, &agencies);
    for (size_t i = 0; st == MC_OK && i < agencies.n; i++)
        web_option_add(a, agencies.items[i].code, agencies.items[i].name, chosen);
    if (st == MC_OK)
        st = unit_list_provinces(db, &provinces);
    for (size_t p = 0; st == MC_OK && p < provinces.n; p++) {
        st = unit_list_communes(db, provinces.items[p].code, &communes);
        for (size_t c = 0; st == MC_OK && c < communes.n; c++) {
            const struct unit *u = &communes.items[c];
            bool served = false;
            for (size_t i = 0; i < agencies.n && !served; i++)
                served = strcmp(agencies.items[i].unit_code, u->code) == 0;
            if (served)
                web_option_add(a, u->code, u->full_name, chosen);
        }
        unit_list_release(&communes);
        unit_list_init(&communes);
    }
    unit_list_release(&provinces);
    agency_list_release(&agencies);
    return a;
}

static unsigned page_admin_quality(struct http_request *req)
{
    struct db *db = web_ctx(req)->db;
    const struct user *u = viewer(req);
    struct period_choice pc;
    char month[IDX_PERIOD_STR_SIZE];
    unsigned rc = 0;
    json_t *data = NULL, *due = NULL, *overdue = NULL;
    const char *period = pc.period;
    struct index766_report *rep = xcalloc(1, sizeof(*rep));
    struct quality_dossier_list late, unsat;
    struct rating_officer_list officers;
    struct idx_period p;
    quality_dossier_list_init(&late);
    quality_dossier_list_init(&unsat);
    rating_officer_list_init(&officers);
    if (!web_quality_may_lead(u)) {
        rc = http_error(req, 403, "forbidden",
                        "Trang này dành cho lãnh đạo cơ quan (phê duyệt, quản trị đơn vị) "
                        "và quản trị cấp tỉnh.");
        goto out;
    }
    int y, m, d;   /* a leader's default is the month under way */
    calendar_date_to_ymd(calendar_date_of(clock_now()), &y, &m, &d);
    snprintf(month, sizeof(month), "%04d-%02d", y, m);
    if (!period_arg(req, month, &pc, &rc))
        goto out;
    bool province = (u->roles & ROLE_PROVINCE_ADMIN) != 0;
    const char *unit = province ? http_arg(req, "don_vi") : u->agency_code;
    if (unit && !*unit)
        unit = NULL;
    enum mc_status st = index766_compute(db, unit, period, rep);
    if (st == MC_OK)
        st = quality_dossiers(db, rep->kind, rep->unit, period, "giai_quyet_dung_han", NULL,
                              &late);
    if (st == MC_OK)
        st = quality_dossiers(db, rep->kind, rep->unit, period, "hai_long_tthc", NULL, &unsat);
    const char *agency = rep->kind == INDEX766_UNIT_AGENCY ? rep->unit : NULL;
    if (st == MC_OK)
        st = queue_rows(req, u, DOSSIER_Q_DUE_SOON, agency, &due);
    if (st == MC_OK)
        st = queue_rows(req, u, DOSSIER_Q_OVERDUE, agency, &overdue);
    if (st == MC_OK && idx_period_parse(period, &p) == MC_OK &&
        rating_may_see_officers(u, agency))
        st = rating_officers(db, u, agency, p.start, p.end, &officers);
    if (st != MC_OK) {
        rc = domain_error(req, st);
        goto out;
    }
    const char *code = rep->unit[0] ? rep->unit : PROVINCE_ALIAS;
    data = json_pack("{s:s,s:s,s:o,s:b,s:o,s:o,s:o,s:o,s:b}", "code", code, "unit_name",
                     rep->name[0] ? rep->name : code, "total",
                     quality_view_number(rep->result.score_100), "has_data",
                     rep->result.has_data, "weak", weak_indicators(rep, code, period),
                     "late", dossier_rows(&late, COST_SHOWN, 1), "unsatisfied",
                     dossier_rows(&unsat, COST_SHOWN, 2), "due_soon", due, "province",
                     province);
    due = NULL;
    json_object_set_new(data, "overdue", overdue);
    overdue = NULL;
    json_t *offs = json_array();
    for (size_t i = 0; i < officers.n; i++)
        json_array_append_new(offs, json_pack(
            "{s:s,s:I,s:I,s:I,s:I,s:o}", "name", officers.rows[i].name, "rated",
            (json_int_t)officers.rows[i].rated, "very", (json_int_t)officers.rows[i].very,
            "satisfied", (json_int_t)officers.rows[i].satisfied, "unsatisfied",
            (json_int_t)officers.rows[i].unsatisfied, "pct",
            quality_view_share(officers.rows[i].very + officers.rows[i].satisfied,
                               officers.rows[i].rated)));
    json_object_set_new(data, "officers", offs);
    json_object_set_new(data, "unit_input", json_string(rep->unit));
    if (province)
        json_object_set_new(data, "unit_options", unit_options(db, rep->unit));
    json_object_set_new(data, "show_officers", json_boolean(rating_may_see_officers(u, agency)));
    unsigned status = add_period(data, &pc);
    rc = web_page(req, status, "quality_admin.html",
                  arena_printf(req->arena, "Chất lượng phục vụ – %s",
                               rep->name[0] ? rep->name : code), data);
    data = NULL;
out:
    json_decref(data);
    json_decref(due);
    json_decref(overdue);
    rating_officer_list_release(&officers);
    quality_dossier_list_release(&unsat);
    quality_dossier_list_release(&late);
    free(rep);
    return rc;
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/chat-luong", page_quality, R_REPLICA | R_HEAVY, 0},
    {HTTP_GET, "/chat-luong/xuat.xlsx", page_quality_export, 0, 0},
    {HTTP_GET, "/chat-luong/xuat.csv", page_quality_export, 0, 0},
    {HTTP_GET, "/chat-luong/{unit}", page_quality_unit, R_REPLICA | R_HEAVY, 0},
    {HTTP_GET, "/chat-luong/{unit}/{indicator}", page_quality_indicator, 0, 0},
    {HTTP_GET, "/quan-tri/chat-luong", page_admin_quality, R_STAFF, 0},
};

const struct web_routes web_page_quality_routes = WEB_ROUTES(routes);
