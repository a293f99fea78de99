/* units_web.c - the description of the units' pages (see units_web.h). */
#include "web/app.h"
#include "web/units/units_web.h"

static const struct web_routes *const route_files[] = {
    &web_page_units_routes,
};

static const struct web_menu_entry menu[] = {
    {30, "/co-quan", "Cơ quan", WEB_EVERYONE},
};

const struct web_module web_module_units = {
    .name = "units",
    .route_files = WEB_LIST(route_files),
    .menu = WEB_LIST(menu),
};
