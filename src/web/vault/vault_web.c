/* vault_web.c - the description of the vault's pages (see vault_web.h). */
#include "web/app.h"
#include "web/vault/vault_web.h"

static const struct http_route routes[] = {
    {HTTP_GET, "/kho-du-lieu", page_vault, R_SIGNED_IN, 0},
    {HTTP_POST, "/kho-du-lieu", page_vault_post, R_SIGNED_IN, WEB_UPLOAD_MAX},
    {HTTP_GET, "/kho-du-lieu/{id}/tai-ve", page_vault_download, R_SIGNED_IN, 0},
};

const struct web_module web_module_vault = {
    .name = "vault",
    .routes = WEB_LIST(routes),
};
