/* site_web.c - the description of the web layer's own pages (see site_web.h). */
#include "web/app.h"
#include "web/site_web.h"

static const struct http_route routes[] = {
    {HTTP_GET, "/", page_home, 0, 0},
    {HTTP_GET, "/healthz", api_healthz, R_API, 0},
    {HTTP_GET, "/readyz", api_readyz, R_API, 0},
    {HTTP_GET, "/metrics", api_metrics, R_API, 0},
    {HTTP_GET, "/favicon.ico", page_favicon, 0, 0},
    {HTTP_GET, "/api/v1/me", api_me, R_API | R_SIGNED_IN | R_COLLAB, 0},
    {HTTP_GET, "/quan-tri", page_admin, R_STAFF, 0},
};

static const struct web_menu_entry menu[] = {
    {10, "/", "Trang chủ", WEB_EVERYONE},
    {100, "/quan-tri", "Trang làm việc", WEB_OFFICER},
};

const struct web_module web_module_site = {
    .name = "site",
    .routes = WEB_LIST(routes),
    .menu = WEB_LIST(menu),
};
