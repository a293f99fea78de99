/* notify_web.c - the description of the notify module's page (see notify_web.h). */
#include "web/app.h"
#include "web/notify/notify_web.h"

static const struct http_route routes[] = {
    /* `motcua demo` only (404 otherwise): public, so that a visitor who sent
     * feedback without an account can read the code sent to them. */
    {HTTP_GET, "/quan-tri/hop-thu-demo", page_demo_inbox, 0, 0},
};

const struct web_module web_module_notify = {
    .name = "notify",
    .routes = WEB_LIST(routes),
};
