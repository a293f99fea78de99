/* vault_web.h - the citizen's personal document vault (/kho-du-lieu). */
#ifndef MC_WEB_VAULT_WEB_H
#define MC_WEB_VAULT_WEB_H

#include "web/module.h"

extern const struct web_module web_module_vault;

/* Handlers (page_vault.c). */
unsigned page_vault(struct http_request *req);
unsigned page_vault_post(struct http_request *req);
unsigned page_vault_download(struct http_request *req);

#endif
