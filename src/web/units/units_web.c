/* units_web.c - the description of the units' pages (see units_web.h). */
#include "web/app.h"
#include "web/units/units_web.h"

static const struct http_route routes[] = {
    {HTTP_GET, "/co-quan", page_units, 0, 0},
};

static const struct web_menu_entry menu[] = {
    {30, "/co-quan", "Cơ quan", WEB_EVERYONE},
};

const struct web_module web_module_units = {
    .name = "units",
    .routes = WEB_LIST(routes),
    .menu = WEB_LIST(menu),
};
