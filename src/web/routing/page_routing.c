/*
 * page_routing.c - the province admin's routing pages: who decides,
 * processes and receives a procedure's dossiers at each level
 * (/quan-tri/thu-tuc/{code}/co-quan), and which agencies a one-stop centre
 * receives for (/quan-tri/mot-cua).  The rules are in routing/routing.h;
 * these handlers parse, call it and render.
 */
#include <stdio.h>
#include <string.h>
#include "web/app.h"
#include "web/options.h"
#include "web/reply.h"
#include "web/routing/routing_web.h"
#include "domain/catalog/catalog.h"
#include "domain/routing/routing.h"
#include "domain/units/unit.h"

#define DESK_FORM_MAX 500   /* agencies one desk form lists */

static const struct web_says procedure_says = {
    .not_found = "Không có thủ tục với mã này",
    .failed = "Không đọc được dữ liệu, xin thử lại sau",
};

/* The provincial agencies (not the communes'), as select options with one selected. */
static json_t *province_agencies(struct http_request *req, const char *selected)
{
    struct agency_list l;
    json_t *a = json_array();
    agency_list_init(&l);
    if (agency_list(web_ctx(req)->db, NULL, &l) == MC_OK) {
        for (size_t i = 0; i < l.n; i++) {
            struct unit u;
            unit_init(&u);
            bool province = unit_get(web_ctx(req)->db, l.items[i].unit_code, &u) == MC_OK &&
                            u.parent_code == NULL;
            unit_release(&u);
            if (!province)
                continue;
            web_option_add(a, l.items[i].code, l.items[i].name, selected);
        }
    }
    agency_list_release(&l);
    return a;
}

/* The places the procedure offers now, for the page's preview. */
static json_t *options_json(struct http_request *req, const char *code)
{
    struct routing_options o;
    json_t *a = json_array();
    size_t communes = 0;
    routing_options_init(&o);
    if (routing_options(web_ctx(req)->db, code, &o) == MC_OK) {
        for (size_t i = 0; i < o.n; i++) {
            if (o.items[i].level == ROUTING_COMMUNE) {
                communes++;
                continue;
            }
            json_array_append_new(a, json_pack("{s:s,s:s}", "agency", o.items[i].agency_name,
                                               "reception", o.items[i].reception_name[0]
                                                   ? o.items[i].reception_name
                                                   : o.items[i].agency_name));
        }
        if (communes)
            json_array_append_new(a, json_pack("{s:s,s:s}", "agency",
                arena_printf(req->arena, "Ủy ban nhân dân xã, phường của người nộp (%zu xã, "
                             "phường)", communes), "reception",
                "Bộ phận Một cửa của xã, phường đó"));
    }
    routing_options_release(&o);
    return a;
}

static unsigned routes_page(struct http_request *req, unsigned status, const char *code,
                            const struct routing_route *prov, bool commune,
                            const struct form_errors *errs, bool saved)
{
    struct procedure p;
    json_t *data;
    procedure_init(&p);
    enum mc_status st = catalog_get(web_ctx(req)->db, code, &p, NULL);
    if (st != MC_OK) {
        procedure_release(&p);
        return web_fail(req, st, &procedure_says, NULL);
    }
    data = json_pack("{s:s,s:s,s:s,s:s,s:b,s:b}", "code", code, "name", p.name ? p.name : "",
                     "competent_text", p.competent_agency ? p.competent_agency : "",
                     "implementing_text", p.implementing_agency ? p.implementing_agency : "",
                     "commune", commune, "saved", saved);
    json_object_set_new(data, "competent", province_agencies(req, prov ? prov->competent : NULL));
    json_object_set_new(data, "implementing",
                        province_agencies(req, prov ? prov->implementing : NULL));
    json_object_set_new(data, "reception", province_agencies(req, prov ? prov->reception : NULL));
    json_object_set_new(data, "options", options_json(req, code));
    web_form_errors(data, errs);
    procedure_release(&p);
    return web_page(req, status, "routing_edit.html", "Cơ quan giải quyết thủ tục", data);
}

static unsigned page_routing_edit(struct http_request *req)
{
    struct routing_route routes[2];
    const struct routing_route *prov = NULL;
    bool commune = false;
    size_t n = 0;
    struct form_errors none = {0};
    enum mc_status st = routing_routes(web_ctx(req)->db, req->params[0], routes, &n);
    if (st != MC_OK)
        return web_fail(req, st, &procedure_says, NULL);
    for (size_t i = 0; i < n; i++) {
        if (routes[i].level == ROUTING_PROVINCE)
            prov = &routes[i];
        else
            commune = true;
    }
    return routes_page(req, 200, req->params[0], prov, commune, &none,
                       http_arg(req, "da_luu") != NULL);
}

static unsigned page_routing_edit_post(struct http_request *req)
{
    struct routing_route routes[2];
    struct form_errors errs = {0};
    const char *comp = kv_get(req->form, "province_competent");
    const char *impl = kv_get(req->form, "province_implementing");
    const char *recv = kv_get(req->form, "province_reception");
    bool commune = kv_get(req->form, "commune") != NULL;
    size_t n = 0;
    memset(routes, 0, sizeof(routes));
    if (comp && *comp) {
        routes[n].level = ROUTING_PROVINCE;
        snprintf(routes[n].competent, sizeof(routes[n].competent), "%s", comp);
        snprintf(routes[n].implementing, sizeof(routes[n].implementing), "%s",
                 impl && strcmp(impl, comp) != 0 ? impl : "");
        snprintf(routes[n].reception, sizeof(routes[n].reception), "%s", recv ? recv : "");
        n++;
    } else if ((impl && *impl) || (recv && *recv)) {
        form_errors_add(&errs, "province_competent",
                        "Chọn cơ quan có thẩm quyền cấp tỉnh trước khi chọn cơ quan thực hiện "
                        "hoặc nơi tiếp nhận.");
    }
    if (commune)
        routes[n++].level = ROUTING_COMMUNE;
    enum mc_status st = errs.count ? MC_ERR_INVALID
                                   : routing_set(web_ctx(req)->db, &web_ctx(req)->actor,
                                                 req->params[0], routes, n, &errs);
    if (st == MC_OK)
        return http_redirect(req, arena_printf(req->arena, "/quan-tri/thu-tuc/%s/co-quan"
                                               "?da_luu=1", req->params[0]));
    if (st != MC_ERR_INVALID)
        return web_fail(req, st, &procedure_says, &errs);
    return routes_page(req, 422, req->params[0], n && routes[0].level == ROUTING_PROVINCE
                                                     ? &routes[0] : NULL,
                       commune, &errs, false);
}

/* ---------------------------------------------------------------- one-stop desks */

/* The desk shown: ?noi=, else the first desk stored, else the first agency named a centre. */
static const char *desk_of(struct http_request *req, const struct routing_desk *desks,
                           size_t n, const struct agency_list *all)
{
    const char *noi = http_arg(req, "noi");
    if (noi && *noi)
        return noi;
    if (n > 0)
        return arena_strdup(req->arena, desks[0].desk_code);
    for (size_t i = 0; i < all->n; i++)
        if (strstr(all->items[i].name, "Phục vụ hành chính công"))
            return all->items[i].code;
    return all->n ? all->items[0].code : "";
}

static unsigned desks_page(struct http_request *req, unsigned status, const char *desk,
                           const struct form_errors *errs)
{
    struct routing_desk *desks = NULL;
    struct agency_list all;
    size_t n = 0;
    json_t *data, *choices = json_array(), *agencies = json_array();
    agency_list_init(&all);
    enum mc_status st = routing_desks(web_ctx(req)->db, &desks, &n);
    if (st == MC_OK)
        st = agency_list(web_ctx(req)->db, NULL, &all);
    if (st != MC_OK) {
        free(desks);
        agency_list_release(&all);
        return web_fail(req, st, &procedure_says, NULL);
    }
    if (!desk)
        desk = desk_of(req, desks, n, &all);
    for (size_t i = 0; i < all.n && i < DESK_FORM_MAX; i++) {
        const struct agency *a = &all.items[i];
        const char *other = NULL;
        bool mine = false;
        for (size_t k = 0; k < n; k++) {
            if (strcmp(desks[k].agency_code, a->code) != 0)
                continue;
            mine = strcmp(desks[k].desk_code, desk) == 0;
            other = mine ? NULL : desks[k].desk_code;
        }
        web_option_add(choices, a->code, a->name, desk);
        if (strcmp(a->code, desk) == 0)
            continue;
        json_t *row = json_pack("{s:s,s:s,s:b,s:s}", "code", a->code, "name", a->name,
                                "checked", mine, "input",
                                arena_printf(req->arena, "co_quan_%zu", i));
        for (size_t k = 0; other && k < all.n; k++)
            if (strcmp(all.items[k].code, other) == 0)
                json_object_set_new(row, "other_desk", json_string(all.items[k].name));
        json_array_append_new(agencies, row);
    }
    data = json_pack("{s:s,s:o,s:o,s:b}", "desk", desk, "desks", choices, "agencies", agencies,
                     "saved", http_arg(req, "da_luu") != NULL);
    web_form_errors(data, errs);
    free(desks);
    agency_list_release(&all);
    return web_page(req, status, "routing_desks.html", "Nơi tiếp nhận một cửa", data);
}

static unsigned page_routing_desks(struct http_request *req)
{
    struct form_errors none = {0};
    return desks_page(req, 200, NULL, &none);
}

static unsigned page_routing_desks_post(struct http_request *req)
{
    struct agency_list all;
    struct form_errors errs = {0};
    const char *desk = kv_get(req->form, "noi");
    const char **codes;
    size_t n = 0;
    agency_list_init(&all);
    enum mc_status st = agency_list(web_ctx(req)->db, NULL, &all);
    codes = arena_alloc(req->arena, (all.n + 1) * sizeof(*codes));
    for (size_t i = 0; st == MC_OK && i < all.n && i < DESK_FORM_MAX; i++) {
        const char *v = kv_get(req->form, arena_printf(req->arena, "co_quan_%zu", i));
        if (v && strcmp(v, all.items[i].code) == 0)
            codes[n++] = arena_strdup(req->arena, all.items[i].code);
    }
    agency_list_release(&all);
    if (st == MC_OK)
        st = routing_desks_set(web_ctx(req)->db, &web_ctx(req)->actor, desk ? desk : "",
                               codes, n, &errs);
    if (st == MC_OK)
        return http_redirect(req, arena_printf(req->arena, "/quan-tri/mot-cua?noi=%s&da_luu=1",
                                               desk));
    if (st != MC_ERR_INVALID)
        return web_fail(req, st, &(const struct web_says){
                            .not_found = "Không có cơ quan với mã này",
                            .failed = "Không lưu được, xin thử lại"}, &errs);
    return desks_page(req, 422, desk, &errs);
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/quan-tri/thu-tuc/{code}/co-quan", page_routing_edit, R_STAFF | R_PROVINCE, 0},
    {HTTP_POST, "/quan-tri/thu-tuc/{code}/co-quan", page_routing_edit_post,
     R_STAFF | R_PROVINCE, WEB_FORM_MAX},
    {HTTP_GET, "/quan-tri/mot-cua", page_routing_desks, R_STAFF | R_PROVINCE, 0},
    {HTTP_POST, "/quan-tri/mot-cua", page_routing_desks_post, R_STAFF | R_PROVINCE,
     WEB_FORM_MAX},
};

const struct web_routes web_page_routing_routes = WEB_ROUTES(routes);
