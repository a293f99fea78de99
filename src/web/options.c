/* options.c - shared <select> choices for the templates (see options.h). */
#include <string.h>
#include "web/options.h"
#include "domain/units/unit.h"

json_t *web_agency_options(struct db *db, const char *selected, unsigned flags)
{
    struct agency_list l;
    json_t *a = json_array();
    agency_list_init(&l);
    if (agency_list(db, NULL, &l) == MC_OK) {
        for (size_t i = 0; i < l.n; i++) {
            bool sel = selected ? strcmp(selected, l.items[i].code) == 0
                                : (flags & WEB_OPTION_FIRST) && i == 0;
            web_option_add(a, l.items[i].code, l.items[i].name,
                           sel ? l.items[i].code : NULL);
        }
    }
    agency_list_release(&l);
    return a;
}

json_t *web_commune_options(struct db *db, const char *selected)
{
    struct unit_list provinces, communes;
    json_t *a = json_array();
    unit_list_init(&provinces);
    unit_list_init(&communes);
    web_option_add(a, "", "Chọn xã, phường", selected);
    enum mc_status st = unit_list_provinces(db, &provinces);
    for (size_t p = 0; st == MC_OK && p < provinces.n; p++)
        st = unit_list_communes(db, provinces.items[p].code, &communes);
    for (size_t i = 0; st == MC_OK && i < communes.n; i++)
        web_option_add(a, communes.items[i].code, communes.items[i].full_name, selected);
    unit_list_release(&communes);
    unit_list_release(&provinces);
    return a;
}

void web_option_add(json_t *a, const char *code, const char *name, const char *chosen)
{
    bool sel = chosen ? strcmp(chosen, code) == 0 : code[0] == '\0';
    json_array_append_new(a, json_pack("{s:s,s:s,s:b}", "code", code, "name", name, "selected",
                                       sel));
}

json_t *web_choices(const char *const *keys, const char *(*name)(const char *),
                    const char *name_field, const char *selected)
{
    json_t *a = json_array();
    for (size_t i = 0; keys[i]; i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:b}", "key", keys[i], name_field,
                                           name(keys[i]), "selected",
                                           selected && strcmp(selected, keys[i]) == 0));
    return a;
}
