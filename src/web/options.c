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
            json_array_append_new(a, json_pack("{s:s,s:s,s:b}", "code", l.items[i].code,
                                               "name", l.items[i].name, "selected", sel));
        }
    }
    agency_list_release(&l);
    return a;
}
