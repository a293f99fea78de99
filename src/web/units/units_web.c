/* units_web.c - the description of the units' pages (see units_web.h). */
#include "web/app.h"
#include "web/units/units_web.h"

static const struct web_menu_entry menu[] = {
    {30, "/co-quan", "Cơ quan", WEB_EVERYONE},
};

const struct web_module web_module_units = {
    .name = "units",
    WEB_ROUTE_FILES(&web_page_units_routes),
    .menu = WEB_LIST(menu),
};
