/* page_units.c - the public list of agencies and the units they serve. */
#include "web/app.h"
#include "web/units/units_web.h"
#include "domain/units/unit.h"

/* The agencies of one unit as a JSON array. */
static json_t *agencies_json(const struct agency_list *all, const char *unit_code)
{
    json_t *list = json_array();
    for (size_t i = 0; i < all->n; i++)
        if (strcmp(all->items[i].unit_code, unit_code) == 0)
            json_array_append_new(list, json_pack("{s:s,s:s}", "code", all->items[i].code,
                                                  "name", all->items[i].name));
    return list;
}

static unsigned page_units(struct http_request *req)
{
    struct db *db = web_ctx(req)->db;
    struct unit_list provinces, communes;
    struct agency_list agencies;
    unsigned status = 500;
    unit_list_init(&provinces);
    unit_list_init(&communes);
    agency_list_init(&agencies);
    json_t *units = json_array();
    enum mc_status st = unit_list_provinces(db, &provinces);
    if (st == MC_OK)
        st = agency_list(db, NULL, &agencies);
    for (size_t p = 0; st == MC_OK && p < provinces.n; p++) {
        const struct unit *prov = &provinces.items[p];
        json_t *list = agencies_json(&agencies, prov->code);
        if (json_array_size(list) == 0) {
            json_decref(list);
            continue;
        }
        json_array_append_new(units, json_pack("{s:s,s:s,s:o}", "name", prov->full_name,
                                               "code", prov->code, "agencies", list));
        st = unit_list_communes(db, prov->code, &communes);
        for (size_t c = 0; st == MC_OK && c < communes.n; c++) {
            json_t *cl = agencies_json(&agencies, communes.items[c].code);
            if (json_array_size(cl) == 0)
                json_decref(cl);
            else
                json_array_append_new(units, json_pack(
                    "{s:s,s:s,s:o}", "name", communes.items[c].full_name, "code",
                    communes.items[c].code, "agencies", cl));
        }
        unit_list_release(&communes);
        unit_list_init(&communes);
    }
    if (st == MC_OK)
        status = web_page(req, 200, "units.html", "Cơ quan giải quyết thủ tục",
                          json_pack("{s:o}", "units", units));
    else
        json_decref(units);
    unit_list_release(&provinces);
    unit_list_release(&communes);
    agency_list_release(&agencies);
    if (status == 500)
        return http_error(req, 500, "internal", "Không đọc được danh sách cơ quan");
    return status;
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/co-quan", page_units, 0, 0},
};

const struct web_routes web_page_units_routes = WEB_ROUTES(routes);
