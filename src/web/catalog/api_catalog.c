/*
 * api_catalog.c - the catalogue API:
 *   GET /api/v1/procedures?q=&field=&level=&online=&agency=&page=
 *   GET /api/v1/procedures/{code}
 *   GET /api/v1/procedure-suggestions?q=
 */
#include <stdlib.h>
#include "web/app.h"
#include "web/catalog/catalog_web.h"
#include "web/catalog/catalog_view.h"
#include "web/page_cache.h"
#include "web/reply.h"

static json_t *item_json(const struct catalog_item *it)
{
    return json_pack("{s:s,s:s,s:s,s:o,s:s,s:s+}", "code", it->code, "name", it->name,
                     "field", it->field ? it->field : "", "levels",
                     catalog_levels_json(it->levels), "online_level",
                     catalog_online_key(it->online_level), "url", "/thu-tuc/", it->code);
}

static unsigned api_procedures(struct http_request *req)
{
    struct catalog_search_req s;
    struct catalog_result res;
    if (catalog_view_search_begin(req, "api-procedures", &s))
        return 200;
    if (s.msg)
        return web_json_error(req, 400, "bad_query", s.msg);
    catalog_result_init(&res);
    if (catalog_search(web_ctx(req)->db, &s.q, &res) != MC_OK) {
        catalog_result_release(&res);
        return http_error(req, 500, "internal", "Không tìm kiếm được, xin thử lại sau");
    }
    json_t *items = json_array();
    for (size_t i = 0; i < res.n; i++)
        json_array_append_new(items, item_json(&res.items[i]));
    json_t *out = json_pack("{s:o,s:I,s:I}", "items", items, "total", (json_int_t)res.total,
                            "page", (json_int_t)s.page);
    if (res.corrected)
        json_object_set_new(out, "corrected", json_string(res.corrected));
    catalog_result_release(&res);
    return s.key ? page_cache_reply_json(req, s.key, s.version, out) : web_json(req, 200, out);
}

static unsigned api_procedure(struct http_request *req)
{
    struct procedure p;
    int64_t version = 0;
    unsigned status = 0;
    if (!catalog_view_load(req, &p, &version, &status))
        return status;
    char *json = catalog_procedure_json(&p);
    json_t *o = json ? json_loads(json, 0, NULL) : NULL;
    free(json);
    procedure_release(&p);
    if (!o)
        return http_error(req, 500, "internal", "Không đọc được thủ tục");
    json_object_set_new(o, "version", json_integer(version));
    json_object_set_new(o, "url", json_pack("s+", "/thu-tuc/", req->params[0]));
    return web_json(req, 200, o);
}

static unsigned api_procedure_suggestions(struct http_request *req)
{
    struct catalog_query q = {.q = kv_get(req->query, "q"), .limit = 8,
                              .online = PROC_ONLINE_UNKNOWN};
    struct catalog_result res;
    json_t *items = json_array();
    catalog_result_init(&res);
    if (q.q && *q.q && catalog_search(web_ctx(req)->db, &q, &res) == MC_OK)
        for (size_t i = 0; i < res.n; i++)
            json_array_append_new(items, json_pack("{s:s,s:s}", "code", res.items[i].code,
                                                   "name", res.items[i].name));
    catalog_result_release(&res);
    return web_json(req, 200, json_pack("{s:o}", "items", items));
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/api/v1/procedures", api_procedures, R_API | R_REPLICA, 0},
    {HTTP_GET, "/api/v1/procedures/{code}", api_procedure, R_API | R_REPLICA, 0},
    {HTTP_GET, "/api/v1/procedure-suggestions", api_procedure_suggestions, R_API, 0},
};

const struct web_routes web_api_catalog_routes = WEB_ROUTES(routes);
