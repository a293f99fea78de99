/* vault_web.c - the description of the vault's pages (see vault_web.h). */
#include "web/app.h"
#include "web/vault/vault_web.h"

const struct web_module web_module_vault = {
    .name = "vault",
    WEB_ROUTE_FILES(&web_page_vault_routes),
};
