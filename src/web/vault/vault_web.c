/* vault_web.c - the description of the vault's pages (see vault_web.h). */
#include "web/app.h"
#include "web/vault/vault_web.h"

static const struct web_routes *const route_files[] = {
    &web_page_vault_routes,
};

const struct web_module web_module_vault = {
    .name = "vault",
    .route_files = WEB_LIST(route_files),
};
