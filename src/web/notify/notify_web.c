/* notify_web.c - the description of the notify module's page (see notify_web.h). */
#include "web/app.h"
#include "web/notify/notify_web.h"

static const struct web_routes *const route_files[] = {
    &web_page_demo_inbox_routes,
    &web_api_notify_receipts_routes,
};

const struct web_module web_module_notify = {
    .name = "notify",
    .route_files = WEB_LIST(route_files),
};
