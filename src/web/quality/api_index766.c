/*
 * api_index.c - the 766 index over JSON (docs/internals/index766.md):
 *   GET /api/v1/index?period=P[&unit=CODE]          one unit (province by default)
 *   GET /api/v1/index/ranking?period=P[&kind=K]     agencies (default) or communes
 *   GET /api/v1/index/late?period=P[&unit=CODE]     late dossiers by agency and officer
 * The same JSON as `motcua index`.  Public: the index and its rankings are
 * published to citizens; nothing here carries personal data.
 */
#include "domain/index766/index766.h"
#include "web/app.h"
#include "web/reply.h"
#include "web/quality/quality_web.h"

static const char BAD_PERIOD[] =
    "Kỳ đánh giá không hợp lệ: dùng 2026-10 (tháng), 2026-Q4 (quý), 2026 (năm) "
    "hoặc 2026-10-01..2026-10-15 (khoảng ngày).";

static unsigned fail(struct http_request *req, enum mc_status st)
{
    if (st == MC_ERR_INVALID)
        return web_json_error(req, 400, "bad_period", BAD_PERIOD);
    return web_fail(req, st, &(const struct web_says){
                        .not_found = "Không có đơn vị với mã này.",
                        .failed = "Không tính được chỉ số, xin thử lại sau."}, NULL);
}

static unsigned api_index(struct http_request *req)
{
    const char *period = kv_get(req->query, "period"), *unit = kv_get(req->query, "unit");
    json_t *doc = NULL;
    enum mc_status st;
    if (!period || !*period)
        return web_json_error(req, 400, "bad_period", BAD_PERIOD);
    st = index766_document(web_ctx(req)->db, unit, period, &doc);
    return st == MC_OK ? web_json(req, 200, doc) : fail(req, st);
}

static unsigned api_index_ranking(struct http_request *req)
{
    const char *period = kv_get(req->query, "period"), *kind = kv_get(req->query, "kind");
    enum index766_rank_kind k = INDEX766_RANK_AGENCIES;
    json_t *doc = NULL;
    enum mc_status st;
    if (!period || !*period)
        return web_json_error(req, 400, "bad_period", BAD_PERIOD);
    if (kind && *kind && index766_rank_kind_parse(kind, &k) != MC_OK)
        return web_json_error(req, 400, "bad_kind",
                              "Loại xếp hạng phải là agencies (cơ quan) hoặc communes (xã).");
    st = index766_ranking_document(web_ctx(req)->db, period, k, &doc);
    return st == MC_OK ? web_json(req, 200, doc) : fail(req, st);
}

static unsigned api_index_late(struct http_request *req)
{
    const char *period = kv_get(req->query, "period"), *unit = kv_get(req->query, "unit");
    struct index766_late_list l;
    enum mc_status st;
    if (!period || !*period)
        return web_json_error(req, 400, "bad_period", BAD_PERIOD);
    index766_late_list_init(&l);
    st = index766_late(web_ctx(req)->db, unit, period, &l);
    if (st != MC_OK) {
        index766_late_list_release(&l);
        return fail(req, st);
    }
    json_t *doc = index766_late_json(&l, unit, period);
    index766_late_list_release(&l);
    return web_json(req, 200, doc);
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    /* The 766 index: public, like the published rankings. */
    {HTTP_GET, "/api/v1/index", api_index, R_API | R_REPLICA, 0},
    {HTTP_GET, "/api/v1/index/ranking", api_index_ranking, R_API | R_REPLICA, 0},
    {HTTP_GET, "/api/v1/index/late", api_index_late, R_API, 0},
};

const struct web_routes web_api_index766_routes = WEB_ROUTES(routes);
