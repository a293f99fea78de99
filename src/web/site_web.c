/* site_web.c - the description of the web layer's own pages (see site_web.h). */
#include "web/app.h"
#include "web/site_web.h"

static const struct web_menu_entry menu[] = {
    {10, "/", "Trang chủ", WEB_EVERYONE},
    {100, "/quan-tri", "Trang làm việc", WEB_OFFICER},
};

const struct web_module web_module_site = {
    .name = "site",
    WEB_ROUTE_FILES(&web_page_home_routes, &web_page_admin_routes),
    .menu = WEB_LIST(menu),
};
